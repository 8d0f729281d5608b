//! `/spotify/callback`: where Spotify's redirect lands.

use super::artists::skeleton;
use crate::app::{self, AppState};
use crate::{names, text};
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The router builds this view once per arrival at the route, and it leaves
/// the route at once: each arrival spends its code once.
#[component]
pub(crate) fn Callback() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    // A return from the consent for the playlist scope goes back to the
    // releases, where the save goes on; a login shows the artists.
    let route = if app::returning_to_save() {
        names::RELEASES
    } else {
        ""
    };
    session.finish_login(use_location().search.get_untracked());
    // `code` and `state` leave the address bar at once; the exchange goes on.
    let show = super::address(route);
    Effect::new(move |_| show(""));
    view! {
        <p class="status" data-testid="loading" role="status">{text::COMPLETING_LOGIN}</p>
        {skeleton()}
    }
}
