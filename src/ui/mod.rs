//! Leptos components: they render the signals in [`state::AppState`] and
//! call `session` for anything that touches Spotify or storage.

mod address;
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

use crate::config::Page;
use address::Address;
use leptos::prelude::*;
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
    let address = Address::current();
    provide_context(address);
    let page = Memo::new(move |_| address.page());
    view! {
        <header::Header />
        <main id="main">
            <Notice />
            {move || match page.get() {
                Page::Callback => view! { <callback::Callback /> }.into_any(),
                Page::Home => view! { <home::Home /> }.into_any(),
            }}
        </main>
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
