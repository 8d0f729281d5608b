//! `/spotify/callback`: where Spotify's redirect lands.

use super::artists::skeleton;
use crate::app::AppState;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The router builds this view once per arrival at the route, and it leaves
/// the route at once: each arrival spends its code once.
#[component]
pub(crate) fn Callback() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    session.finish_login(use_location().search.get_untracked());
    // `code` and `state` leave the address bar at once; the exchange goes on.
    let show_artists = super::artists_address();
    Effect::new(move |_| show_artists(""));
    view! {
        <p class="status" data-testid="loading" role="status">"Completing login…"</p>
        {skeleton()}
    }
}
