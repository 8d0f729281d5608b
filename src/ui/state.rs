//! The app-wide signals, provided once as context.

use super::library::Library;
use crate::auth::tokens::TokenSet;
use crate::session::{self, StoredSession};
use crate::spotify::model::User;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AppState {
    pub client_id: RwSignal<Option<String>>,
    pub tokens: RwSignal<Option<TokenSet>>,
    pub user: RwSignal<Option<User>>,
    /// The message in the `error` element, if anything went wrong.
    pub notice: RwSignal<Option<String>>,
    /// A code from the callback is being exchanged for tokens.
    pub completing_login: RwSignal<bool>,
    pub library: Library,
    /// Bumped when a session ends, so work begun before knows it is stale.
    generation: StoredValue<u64>,
}

impl AppState {
    pub fn from_storage() -> Self {
        let (tokens, notice) = match session::stored_session() {
            StoredSession::None => (None, None),
            StoredSession::Tokens(tokens) => (Some(tokens), None),
            StoredSession::Corrupt => (
                None,
                Some(
                    "The saved login could not be read, so it was cleared. Please log in again."
                        .to_string(),
                ),
            ),
        };
        Self {
            client_id: RwSignal::new(session::client_id()),
            tokens: RwSignal::new(tokens),
            user: RwSignal::new(None),
            notice: RwSignal::new(notice),
            completing_login: RwSignal::new(false),
            library: Library::new(),
            generation: StoredValue::new(0),
        }
    }

    /// A check that turns true once the current session ends: work begun
    /// now (a page load, the profile) then drops its result.
    pub fn session_guard(&self) -> impl Fn() -> bool + Copy + 'static {
        let generation = self.generation;
        let started = generation.get_value();
        move || generation.get_value() != started
    }

    pub fn logged_in_untracked(&self) -> bool {
        self.tokens.with_untracked(Option::is_some)
    }

    pub fn logged_in(&self) -> bool {
        self.tokens.with(Option::is_some)
    }

    /// Empties the list and makes its loads on their way stale, keeping the
    /// session (the list shown was not this user's).
    pub fn restart_list(&self) {
        self.generation.update_value(|g| *g += 1);
        self.library.reset();
    }

    /// Ends the session in storage and on screen, with an optional reason.
    pub fn end_session(&self, reason: Option<String>) {
        session::logout();
        self.restart_list();
        self.tokens.set(None);
        self.user.set(None);
        self.notice.set(reason);
    }
}

/// Tabs share localStorage: a renewal, login or logout in one is taken up by
/// the others (the `storage` event fires only in the tabs that did not write).
pub fn follow_other_tabs(state: AppState) {
    let handle = window_event_listener(leptos::ev::storage, move |event| {
        if event.key().as_deref() != Some(session::TOKENS_KEY) {
            return;
        }
        let stored = event
            .new_value()
            .map(|text| serde_json::from_str::<TokenSet>(&text));
        match stored {
            Some(Ok(tokens)) => {
                if state.tokens.with_untracked(|t| t.as_ref() != Some(&tokens)) {
                    state.tokens.set(Some(tokens));
                }
            }
            // Removed (logout elsewhere) or unreadable: this tab is logged out too.
            _ => {
                if state.tokens.with_untracked(Option::is_some) {
                    state.end_session(None);
                }
            }
        }
    });
    on_cleanup(move || handle.remove());
}
