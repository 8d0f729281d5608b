//! Leptos components: they render the signals in [`state::AppState`] and
//! call `session` for anything that touches Spotify or storage.

mod api;
mod artists;
mod callback;
mod finder;
mod header;
mod home;
mod library;
mod login;
mod setup;
pub mod state;

use crate::{browser, config};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    path,
};
use state::AppState;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::from_storage();
    provide_context(state);
    if state.logged_in_untracked() {
        state.library.start_from_copy(state);
    }
    home::load_profile_when_logged_in(state);
    state::follow_other_tabs(state);
    // The public URL (`<base href>`, written by trunk) is the router's base,
    // so the app works at the root and under a GitHub Pages sub-path alike.
    let base = config::router_base(&browser::base_uri());
    view! {
        <Router base>
            <header::Header />
            <main id="main">
                <Notice />
                // Any other path shows the artists: GitHub Pages serves the app
                // for unknown paths too (404.html), and a stray link should not
                // strand the user on an empty page.
                <Routes fallback=home::Home>
                    <Route path=path!("") view=home::Home />
                    <Route path=path!("spotify/callback") view=callback::Callback />
                </Routes>
            </main>
        </Router>
    }
}

/// The one place errors are shown (`error` hook).
#[component]
fn Notice() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A session-wide notice wins over the list's own failure.
    let message = move || state.notice.get().or_else(|| state.library.error.get());
    move || {
        message()
            .map(|text| view! { <p class="notice" role="alert" data-testid="error">{text}</p> })
    }
}
