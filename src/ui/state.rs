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
        }
    }

    pub fn logged_in(&self) -> bool {
        self.tokens.with(Option::is_some)
    }

    /// Ends the session in storage and on screen, with an optional reason.
    pub fn end_session(&self, reason: Option<String>) {
        session::logout();
        self.tokens.set(None);
        self.user.set(None);
        self.library.reset();
        self.notice.set(reason);
    }
}
