//! The application layer: reactive stores without views. The session (who
//! is logged in), the authorized client, the artist list and the release
//! check; this module joins them where one's event causes another's work:
//! a login loads the profile, which names the list's owner; the whole list
//! lets the check go on; a pause's end, other tabs' writes, and a session
//! that ends, once, for every store.

pub(crate) mod alerts;
pub(crate) mod artist_list;
pub(crate) mod background;
pub(crate) mod choices;
pub(crate) mod client;
pub(crate) mod connection;
mod follower;
mod generation;
mod login;
pub(crate) mod new_version;
mod page_host;
pub(crate) mod pause;
pub(crate) mod playlist;
pub(crate) mod release_check;
pub(crate) mod session;
pub(crate) mod sources;

use crate::config::Endpoints;
use crate::spotify::{error::Resource, model::User};
use crate::store;
use crate::text::Notice;
use alerts::Alerts;
use artist_list::ArtistList;
use background::BackgroundAlerts;
use choices::ReleaseChoices;
use client::Failure;
use connection::Connection;
use leptos::{prelude::*, task::spawn_local};
use login::Wanted;
pub(crate) use login::{redirect_uri, returning_to_save};
use new_version::NewVersion;
use playlist::PlaylistSave;
use release_check::ReleaseCheck;
use session::{Change, Session};
use sources::ArtistSources;
pub(crate) use store::public_path;
use store::StorageChange;
use store::StoredSession;

/// The app's stores, provided once as context.
#[derive(Clone, Copy)]
pub(crate) struct AppState {
    pub(crate) session: Session,
    pub(crate) artists: ArtistList,
    pub(crate) sources: ArtistSources,
    pub(crate) releases: ReleaseCheck,
    pub(crate) choices: ReleaseChoices,
    pub(crate) playlist: PlaylistSave,
    pub(crate) alerts: Alerts,
    pub(crate) background: BackgroundAlerts,
    pub(crate) connection: Connection,
    pub(crate) new_version: NewVersion,
}

impl AppState {
    /// The stores as storage has them, joined where one's event is
    /// another's cause: a saved list shows at once, the profile loads on
    /// login, a pause that ends lets everything go on, other tabs are
    /// followed.
    pub(crate) fn start() -> Self {
        let session = Session::from_storage();
        let choices = ReleaseChoices::new(session.logged_in_untracked());
        let artists = ArtistList::new(session);
        let sources = ArtistSources::new(session);
        let releases = ReleaseCheck::new(choices, session, artists, sources);
        let alerts = Alerts::new();
        let state = Self {
            session,
            artists,
            sources,
            releases,
            choices,
            playlist: PlaylistSave::new(session, releases, choices),
            alerts,
            background: BackgroundAlerts::new(session, alerts),
            connection: Connection::start(),
            new_version: NewVersion::start(),
        };
        state
            .session
            .on_change(Callback::new(move |change| match change {
                Change::LoggedIn => state.load_profile(),
                Change::Replaced => {
                    state.forget_what_was_shown();
                    state.load_profile();
                }
                Change::Ended(reason) => state.end_session(reason),
                Change::MoreScope(Wanted::Playlist, true) => state.save_playlist(),
                Change::MoreScope(Wanted::Playlist, false) => state.playlist.refused(),
                Change::MoreScope(Wanted::Library, granted) => {
                    state.sources.consent_answered(granted)
                }
            }));
        state
            .session
            .pause()
            .on_change(Callback::new(move |over| state.pause_changed(over)));
        state.artists.on_complete(Callback::new(move |()| {
            state.releases.go_on();
        }));
        state.sources.on_change(Callback::new(move |()| {
            state.releases.go_on();
        }));
        state
            .releases
            .on_news(Callback::new(move |alert| -> release_check::Telling {
                Box::pin(state.alerts.tell(alert))
            }));
        if state.session.logged_in_untracked() {
            state.artists.start_from_copy();
            state.load_profile();
        }
        state.follow_other_tabs();
        state.follow_the_worker();
        state
    }

    /// Ends the session, once, wherever it shows: storage, the stores, the
    /// header, and the reason on screen. Other tabs follow through storage.
    /// A logout and every session found over come here.
    pub(crate) fn end_session(&self, reason: Option<Notice>) {
        if !self.session.logged_in_untracked() {
            return;
        }
        self.session.end(reason);
        self.forget_what_was_shown();
    }

    /// What was shown for a session that is over or replaced goes.
    fn forget_what_was_shown(&self) {
        self.artists.reset();
        self.sources.reset();
        self.releases.reset();
        self.choices.reset();
        self.playlist.reset();
        self.alerts.reset();
        // Whichever tab turned them on: storage no longer says by now.
        self.background.reset();
    }

    /// Saves the shown releases to the reader's playlist (asking for the
    /// scope first when the tokens lack it).
    pub(crate) fn save_playlist(&self) {
        self.playlist.save();
    }

    /// Fetches `/me` when someone is logged in and no profile is known (and
    /// again when a pause that stopped it ends).
    fn load_profile(self) {
        let wanted = session::wants_profile(
            self.session.logged_in_untracked(),
            !self.session.has_no_profile_untracked(),
            self.session.pause().in_force().is_some(),
        );
        if !wanted {
            return;
        }
        let stale = self.session.guard();
        spawn_local(async move {
            let url = Endpoints::compiled().me_url();
            let result =
                client::get::<User>(self.session, &url, Resource::Profile, &|_| {}, &stale).await;
            if stale() {
                return;
            }
            match result {
                Ok(user) => {
                    self.artists.set_owner(&user.id);
                    self.choices.reader_is(&user.id);
                    self.sources.reader_is(&user.id);
                    self.session.set_profile(user);
                    self.releases.go_on();
                }
                Err(Failure::Api(error)) => self.session.show(Notice::Api(error)),
                // Ended by the session; or shown by the pause, and asked
                // again when it ends.
                Err(Failure::SessionEnded | Failure::Dropped | Failure::Paused(_)) => {}
            }
        });
    }

    /// A pause began (the check shows it) or ended: what it stopped goes on
    /// where it stopped.
    fn pause_changed(self, over: bool) {
        // The worker keeps to it too.
        if let Some(pause) = self.session.pause().in_force() {
            if store::BACKGROUND_ALERTS.is_on() {
                spawn_local(async move {
                    store::PAUSE.mirror(&pause).await;
                });
            }
        }
        if over && self.session.logged_in_untracked() {
            self.load_profile();
            self.artists.retry();
            self.sources.go_on();
        }
        self.releases.go_on();
    }

    /// Tabs share localStorage: a renewal, login or logout in one is taken
    /// up by the others (the `storage` event fires only in the tabs that did
    /// not write), and so are the pause and the check's progress. A page
    /// restored from the back/forward cache missed the events of its time
    /// away, so it reads the session again.
    fn follow_other_tabs(self) {
        let written =
            window_event_listener(
                leptos::ev::storage,
                move |event| match store::storage_change(
                    event.key().as_deref(),
                    store::public_path(),
                ) {
                    StorageChange::Tokens => self.take_up_stored_session(),
                    StorageChange::Pause => self.session.pause().take_up_stored(),
                    StorageChange::CheckProgress => self.releases.take_up_stored(),
                    StorageChange::RecentChecks => self.releases.take_up_recent(),
                    StorageChange::ReleaseChoices => self.choices.take_up_stored(),
                    StorageChange::Sources => self.sources.take_up_stored(),
                    StorageChange::Cleared => {
                        self.take_up_stored_session();
                        self.session.pause().take_up_stored();
                    }
                    StorageChange::Other => {}
                },
            );
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

    /// While background alerts are on, the service worker checks and may
    /// renew the tokens while no tab is open: the page takes up what it did
    /// when it starts and whenever it is shown again, and copies what the
    /// worker reads when it is hidden (perhaps for good).
    fn follow_the_worker(self) {
        self.take_up_the_workers();
        let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if !store::BACKGROUND_ALERTS.is_on() {
                return;
            }
            let shown = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            if shown {
                self.take_up_the_workers();
            } else {
                self.releases.mirror_for_the_worker();
            }
        });
        on_cleanup(move || shown.remove());
    }

    /// A renewal, a pause and the checks the worker made since this page
    /// last looked.
    fn take_up_the_workers(self) {
        if !store::BACKGROUND_ALERTS.is_on() || !self.session.logged_in_untracked() {
            return;
        }
        spawn_local(async move {
            self.session.take_up_the_workers_renewal().await;
            let now = crate::browser::now_ms();
            if let Some(pause) = store::mirror::pause().await.filter(|p| p.is_on(now)) {
                if self.session.pause().in_force() != Some(pause) {
                    self.session.pause().begin(pause);
                }
            }
            self.releases.take_up_the_workers().await;
        });
    }

    fn take_up_stored_session(&self) {
        match store::stored_session() {
            StoredSession::Tokens(tokens) => self.session.adopt(tokens),
            // Removed (logout elsewhere) or unreadable: this tab is logged out too.
            StoredSession::None | StoredSession::Corrupt => self.end_session(None),
        }
    }
}
