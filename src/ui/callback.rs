//! `/spotify/callback`: where Spotify's redirect lands.

use super::{address::Address, artists::skeleton, state::AppState};
use crate::session;
use leptos::{prelude::*, task::spawn_local};
use std::cell::Cell;

thread_local! {
    // A route component may be built more than once; a code must be spent once.
    static HANDLED: Cell<bool> = const { Cell::new(false) };
}

#[component]
pub fn Callback() -> impl IntoView {
    let state = expect_context::<AppState>();
    let address = expect_context::<Address>();
    if !HANDLED.with(|handled| handled.replace(true)) {
        let query = address.search.get_untracked();
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
    }
    // `code` and `state` leave the address bar at once; the exchange goes on.
    Effect::new(move |_| address.replace_with_home(""));
    view! {
        <p class="status" data-testid="loading" role="status">"Completing login…"</p>
        {skeleton()}
    }
}
