//! The application layer: reactive stores without views. The session (who
//! is logged in), the authorized client, and the artist list; this module
//! joins them where one reacts to another: the profile names the list's
//! owner, other tabs' logins and logouts, a session that ends.

pub(crate) mod artist_list;
pub(crate) mod client;
mod login;
pub(crate) mod session;

use crate::auth::tokens::TokenSet;
use crate::config::Endpoints;
use crate::spotify::model::User;
use crate::text::Notice;
use artist_list::ArtistList;
use client::Failure;
use leptos::{prelude::*, task::spawn_local};
pub(crate) use login::redirect_uri;
use session::Session;

/// The app's stores, provided once as context.
#[derive(Clone, Copy)]
pub(crate) struct AppState {
    pub(crate) session: Session,
    pub(crate) artists: ArtistList,
}

impl AppState {
    /// The stores as storage has them, with their reactions set up: a
    /// saved list shows at once, the profile loads on login, other tabs
    /// are followed.
    pub(crate) fn start() -> Self {
        let state = Self {
            session: Session::from_storage(),
            artists: ArtistList::new(),
        };
        if state.session.logged_in_untracked() {
            state.artists.start_from_copy(state.session);
        }
        state.load_profile_when_logged_in();
        state.follow_other_tabs();
        state
    }

    /// Ends the session in storage and on screen, and empties the list.
    pub(crate) fn end_session(&self, reason: Option<Notice>) {
        self.session.end(reason);
        self.artists.reset();
    }

    /// Fetches `/me` whenever someone logs in and no profile is known.
    fn load_profile_when_logged_in(self) {
        Effect::new(move |_| {
            if !self.session.logged_in() || !self.session.has_no_profile_untracked() {
                return;
            }
            let stale = self.session.guard();
            spawn_local(async move {
                let url = Endpoints::compiled().me_url();
                let result =
                    client::get::<User>(self.session, &url, "profile", &|_| {}, &stale).await;
                if stale() {
                    return;
                }
                match result {
                    Ok(user) => {
                        self.artists.set_owner(&user.id);
                        self.session.set_profile(user);
                    }
                    Err(Failure::SessionEnded) => self.end_session(Some(Notice::SessionEnded)),
                    Err(Failure::Api(error)) => self.session.show(Notice::Api(error)),
                }
            });
        });
    }

    /// Tabs share localStorage: a renewal, login or logout in one is taken
    /// up by the others (the `storage` event fires only in the tabs that did
    /// not write).
    fn follow_other_tabs(self) {
        let handle = window_event_listener(leptos::ev::storage, move |event| {
            if event.key().as_deref() != Some(login::TOKENS_KEY) {
                return;
            }
            let stored = event
                .new_value()
                .map(|text| serde_json::from_str::<TokenSet>(&text));
            match stored {
                Some(Ok(tokens)) => self.session.adopt(tokens),
                // Removed (logout elsewhere) or unreadable: this tab is logged out too.
                _ => {
                    if self.session.logged_in_untracked() {
                        self.end_session(None);
                    }
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
}
