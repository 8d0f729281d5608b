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
    home::load_profile_when_logged_in(state);
    state::follow_other_tabs(state);
    let base = config::router_base(&browser::base_uri());
    view! {
        <Router base=base>
            <header::Header />
            <main id="main">
                <Notice />
                <Routes fallback=home::Home>
                    <Route path=path!("/") view=home::Home />
                    <Route path=path!("/spotify/callback") view=callback::Callback />
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
    let message = Memo::new(move |_| state.notice.get().or_else(|| state.library.error.get()));
    view! {
        <Show when=move || message.with(Option::is_some)>
            <p class="notice" role="alert" data-testid="error">
                {move || message.get().unwrap_or_default()}
            </p>
        </Show>
    }
}
