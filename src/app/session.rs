//! The session store: who is logged in (tokens, profile), the client ID, the
//! message on screen, and a login being completed. It owns its signals:
//! components read them through its methods and act through its methods.

use super::generation::Generation;
use super::login::{self, Kept, StoredSession};
use super::pause::SpotifyPause;
use crate::auth::tokens::TokenSet;
use crate::spotify::model::User;
use crate::text::Notice;
use leptos::{prelude::*, task::spawn_local};

#[derive(Clone, Copy)]
pub(crate) struct Session {
    client_id: RwSignal<Option<String>>,
    tokens: RwSignal<Option<TokenSet>>,
    user: RwSignal<Option<User>>,
    /// The message in the `error` element, if anything went wrong.
    notice: RwSignal<Option<Notice>>,
    /// A code from the callback is being exchanged for tokens.
    completing_login: RwSignal<bool>,
    /// Bumped when a session ends, so work begun before knows it is stale.
    generation: Generation,
    /// Notified when another session (another login, perhaps as someone
    /// else) takes this one's place, so what was shown for it goes.
    replaced: Trigger,
    /// Spotify's long wait, which every tab of the app keeps to.
    pause: SpotifyPause,
}

impl Session {
    pub(crate) fn from_storage() -> Self {
        login::forget_unkeyed_records();
        let (tokens, notice) = match login::stored_session() {
            StoredSession::None => (None, None),
            StoredSession::Tokens(tokens) => (Some(tokens), None),
            StoredSession::Corrupt => (None, Some(Notice::SavedLoginUnreadable)),
        };
        Self {
            client_id: RwSignal::new(login::client_id()),
            tokens: RwSignal::new(tokens),
            user: RwSignal::new(None),
            notice: RwSignal::new(notice),
            completing_login: RwSignal::new(false),
            generation: Generation::new(),
            replaced: Trigger::new(),
            pause: SpotifyPause::from_storage(),
        }
    }

    /// A check that turns true once the current session ends: work begun
    /// now (a page load, the profile) then drops its result.
    pub(crate) fn guard(&self) -> impl Fn() -> bool + Copy + 'static {
        self.generation.guard()
    }

    pub(crate) fn logged_in(&self) -> bool {
        self.tokens.with(Option::is_some)
    }

    pub(crate) fn logged_in_untracked(&self) -> bool {
        self.tokens.with_untracked(Option::is_some)
    }

    pub(crate) fn tokens_untracked(&self) -> Option<TokenSet> {
        self.tokens.get_untracked()
    }

    /// Tokens as storage now has them (renewed here or in another tab, or
    /// another tab's login) replace the ones held. Those of another session
    /// also drop its user and the work begun for it.
    pub(crate) fn adopt(&self, tokens: TokenSet) {
        let held = self.tokens.with_untracked(|held| {
            held.as_ref()
                .map(|held| (held == &tokens, held.session() == tokens.session()))
        });
        match held {
            Some((true, _)) => {}
            Some((false, true)) => self.tokens.set(Some(tokens)),
            // A login, here or in another tab.
            _ => {
                self.generation.bump();
                self.user.set(None);
                self.tokens.set(Some(tokens));
                self.replaced.notify();
            }
        }
    }

    pub(crate) fn pause(&self) -> SpotifyPause {
        self.pause
    }

    /// Tracks the moments another session takes this one's place.
    pub(crate) fn track_replaced(&self) {
        self.replaced.track();
    }

    /// Ends the session in storage and on screen, with an optional reason.
    /// The list is the artist list's to empty (`AppState::end_session`).
    pub(crate) fn end(&self, reason: Option<Notice>) {
        login::logout();
        self.generation.bump();
        self.tokens.set(None);
        self.user.set(None);
        self.notice.set(reason);
    }

    pub(crate) fn has_no_profile_untracked(&self) -> bool {
        self.user.with_untracked(Option::is_none)
    }

    pub(crate) fn set_profile(&self, user: User) {
        self.user.set(Some(user));
    }

    /// The logged-in user's Spotify id, once the profile is in (tracked).
    pub(crate) fn user_id(&self) -> Option<String> {
        self.user.with(|u| u.as_ref().map(|u| u.id.clone()))
    }

    pub(crate) fn user_id_untracked(&self) -> Option<String> {
        self.user
            .with_untracked(|u| u.as_ref().map(|u| u.id.clone()))
    }

    /// The logged-in user's name, once the profile is in.
    pub(crate) fn user_name(&self) -> Option<String> {
        self.user
            .with(|u| u.as_ref().map(|u| u.shown_name().to_string()))
    }

    pub(crate) fn notice(&self) -> Option<Notice> {
        self.notice.get()
    }

    pub(crate) fn show(&self, notice: Notice) {
        self.notice.set(Some(notice));
    }

    pub(crate) fn completing_login(&self) -> bool {
        self.completing_login.get()
    }

    pub(crate) fn has_client_id(&self) -> bool {
        self.client_id.with(Option::is_some)
    }

    /// Sends the tab to Spotify's consent page.
    pub(crate) fn start_login(&self) {
        let Some(client_id) = self.client_id.get_untracked() else {
            return;
        };
        self.notice.set(None);
        if let Err(why) = login::start_login(&client_id) {
            self.notice.set(Some(Notice::LoginNotStarted(why)));
        }
    }

    /// Exchanges the code Spotify's redirect brought (`query`), once.
    pub(crate) fn finish_login(&self, query: String) {
        let this = *self;
        self.completing_login.set(true);
        self.notice.set(None);
        spawn_local(async move {
            match login::finish_login(query).await {
                Ok((tokens, kept)) => {
                    if kept == Kept::ThisTabOnly {
                        this.notice.set(Some(Notice::LoginOnlyInThisTab));
                    }
                    this.adopt(tokens);
                }
                Err(why) => this.notice.set(Some(Notice::LoginNotFinished(why))),
            }
            this.completing_login.set(false);
        });
    }

    pub(crate) fn save_client_id(&self, input: &str) {
        match login::save_client_id(input) {
            Ok(id) => {
                self.notice.set(None);
                self.client_id.set(Some(id));
            }
            Err(notice) => self.notice.set(Some(notice)),
        }
    }

    pub(crate) fn forget_client_id(&self) {
        login::forget_client_id();
        self.client_id.set(None);
    }
}
