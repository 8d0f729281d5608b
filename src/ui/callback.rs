//! `/spotify/callback`: where Spotify's redirect lands.

use super::{artists::skeleton, state::AppState};
use crate::session;
use leptos::{prelude::*, task::spawn_local};
use leptos_router::{
    hooks::{use_location, use_navigate},
    NavigateOptions,
};

/// The router builds this view once per arrival at the route, and it leaves
/// the route at once: each arrival spends its code once.
#[component]
pub fn Callback() -> impl IntoView {
    let state = expect_context::<AppState>();
    let query = use_location().search.get_untracked();
    state.completing_login.set(true);
    state.notice.set(None);
    spawn_local(async move {
        match session::finish_login(query).await {
            Ok(tokens) => {
                state.user.set(None);
                state.tokens.set(Some(tokens));
            }
            Err(message) => state.notice.set(Some(message)),
        }
        state.completing_login.set(false);
    });
    // `code` and `state` leave the address bar at once; the exchange goes on.
    let navigate = use_navigate();
    Effect::new(move |_| {
        let home = NavigateOptions {
            replace: true,
            ..Default::default()
        };
        navigate("/", home);
    });
    view! {
        <p class="status" data-testid="loading" role="status">"Completing login…"</p>
        {skeleton()}
    }
}
