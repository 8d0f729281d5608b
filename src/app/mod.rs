//! The application layer: reactive stores without views. The session (who
//! is logged in), the authorized client, and the artist list; this module
//! joins them where one reacts to another: the profile names the list's
//! owner, other tabs' logins and logouts, a session that ends.

pub(crate) mod artist_list;
pub(crate) mod client;
mod generation;
mod login;
pub(crate) mod pause;
pub(crate) mod release_check;
pub(crate) mod session;

use crate::config::Endpoints;
use crate::spotify::model::User;
use crate::text::Notice;
use artist_list::ArtistList;
use client::Failure;
use leptos::{prelude::*, task::spawn_local};
use login::StoredSession;
pub(crate) use login::{public_path, redirect_uri};
use pause::SpotifyPause;
use release_check::ReleaseCheck;
use session::Session;

/// The app's stores, provided once as context.
#[derive(Clone, Copy)]
pub(crate) struct AppState {
    pub(crate) session: Session,
    pub(crate) artists: ArtistList,
    pub(crate) releases: ReleaseCheck,
}

impl AppState {
    /// The stores as storage has them, with their reactions set up: a
    /// saved list shows at once, the profile loads on login, other tabs
    /// are followed.
    pub(crate) fn start() -> Self {
        let state = Self {
            session: Session::from_storage(),
            artists: ArtistList::new(),
            releases: ReleaseCheck::new(),
        };
        if state.session.logged_in_untracked() {
            state.artists.start_from_copy(state.session);
        }
        state.load_profile_when_logged_in();
        state.empty_the_list_for_another_session();
        state.resume_when_the_pause_ends();
        state.follow_other_tabs();
        state.releases.drive(state.session, state.artists);
        state.releases.follow_other_tabs(state.artists);
        state
    }

    /// Ends the session in storage and on screen, and empties the list.
    pub(crate) fn end_session(&self, reason: Option<Notice>) {
        self.session.end(reason);
        self.artists.reset();
        self.releases.reset();
    }

    /// Fetches `/me` whenever someone logs in and no profile is known (or
    /// when a pause that stopped it ends).
    fn load_profile_when_logged_in(self) {
        Effect::new(move |_| {
            let paused = self.session.pause().current().is_some();
            if paused || !self.session.logged_in() || !self.session.has_no_profile_untracked() {
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
                    // Shown by the pause; asked again when it ends.
                    Err(Failure::Paused(_)) => {}
                }
            });
        });
    }

    /// Another login (in another tab, perhaps as someone else) took this
    /// session's place: the list shown was the old session's, and loads
    /// afresh.
    fn empty_the_list_for_another_session(self) {
        Effect::new(move |ran: Option<()>| {
            self.session.track_replaced();
            if ran.is_some() {
                self.artists.reset();
                self.releases.reset();
            }
        });
    }

    /// A pause over, the list goes on where it stopped.
    fn resume_when_the_pause_ends(self) {
        Effect::new(move |was_paused: Option<bool>| {
            let paused = self.session.pause().current().is_some();
            if was_paused == Some(true) && !paused && self.session.logged_in_untracked() {
                self.artists.retry(self.session);
            }
            paused
        });
    }

    /// Tabs share localStorage: a renewal, login or logout in one is taken
    /// up by the others (the `storage` event fires only in the tabs that did
    /// not write). A page restored from the back/forward cache missed the
    /// events of its time away, so it reads the session again.
    fn follow_other_tabs(self) {
        let written = window_event_listener(leptos::ev::storage, move |event| match event.key() {
            Some(key) if key == login::key(login::TOKENS) => self.take_up_stored_session(),
            Some(key) if SpotifyPause::is_key(&key) => {
                self.session.pause().take_up_stored();
            }
            // `localStorage.clear()`, by any page of the origin (every Pages
            // site of an account shares it): the tokens are gone too.
            None => {
                self.take_up_stored_session();
                self.session.pause().take_up_stored();
            }
            _ => {}
        });
        let restored = window_event_listener(leptos::ev::pageshow, move |event| {
            if event.persisted() {
                self.take_up_stored_session();
            }
        });
        on_cleanup(move || {
            written.remove();
            restored.remove();
        });
    }

    fn take_up_stored_session(&self) {
        match login::stored_session() {
            StoredSession::Tokens(tokens) => self.session.adopt(tokens),
            // Removed (logout elsewhere) or unreadable: this tab is logged out too.
            StoredSession::None | StoredSession::Corrupt => {
                if self.session.logged_in_untracked() {
                    self.end_session(None);
                }
            }
        }
    }
}
