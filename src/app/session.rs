//! The session store: who is logged in (tokens, profile), the client ID, the
//! message on screen, and a login being completed. It owns its signals:
//! components read them through its methods and act through its methods.

use super::follower::Follower;
use super::generation::Generation;
use super::login::{self, Finished, Wanted};
use super::pause::SpotifyPause;
use crate::auth::authorize::Purpose;
use crate::auth::tokens::TokenSet;
use crate::spotify::model::User;
use crate::store;
use crate::store::{Kept, StoredSession};
use crate::text::Notice;
use leptos::{prelude::*, task::spawn_local};

/// What tokens from storage or a renewal are to the session held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Adoption {
    /// The ones held.
    Same,
    /// The same session's, renewed (here or in another tab).
    Renewed,
    /// Someone logged in, here or in another tab, where no one was.
    LoggedIn,
    /// Another session's (another login, perhaps as someone else).
    Replaced,
}

pub(crate) fn adoption(held: Option<&TokenSet>, stored: &TokenSet) -> Adoption {
    match held {
        None => Adoption::LoggedIn,
        Some(held) if held == stored => Adoption::Same,
        Some(held) if held.session() == stored.session() => Adoption::Renewed,
        Some(_) => Adoption::Replaced,
    }
}

/// What the app hears from the session.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Change {
    /// Someone logged in where no one was: their profile is wanted.
    LoggedIn,
    /// The session is over and must end everywhere, with the reason to show.
    Ended(Option<Notice>),
    /// Another session (another login, perhaps as someone else) took this
    /// one's place: what was shown for the old one goes.
    Replaced,
    /// The reader came back from Spotify's consent page for more scope:
    /// `true` when they granted it (what they wanted it for goes on).
    MoreScope(Wanted, bool),
}

/// What a profile load is for: `logged_in`, with no profile yet, and
/// Spotify may be asked.
pub(crate) fn wants_profile(logged_in: bool, has_profile: bool, paused: bool) -> bool {
    logged_in && !has_profile && !paused
}

#[derive(Clone, Copy)]
pub(crate) struct Session {
    client_id: RwSignal<Option<String>>,
    tokens: RwSignal<Option<TokenSet>>,
    /// Whether someone is logged in: changes at a login or a logout, not
    /// when tokens are renewed, so screens built on it stay as they are.
    logged_in: Memo<bool>,
    user: RwSignal<Option<User>>,
    user_id: Memo<Option<String>>,
    /// The message in the `error` element, if anything went wrong.
    notice: RwSignal<Option<Notice>>,
    /// A code from the callback is being exchanged for tokens.
    completing_login: RwSignal<bool>,
    /// Bumped when a session ends, so work begun before knows it is stale.
    generation: Generation,
    /// Spotify's long wait, which every tab of the app keeps to.
    pause: SpotifyPause,
    /// Tells the app of a session's end or replacement, for every store
    /// to follow; set once the stores exist.
    on_change: Follower<Change>,
}

impl Session {
    pub(crate) fn from_storage() -> Self {
        store::forget_unkeyed();
        let (tokens, notice) = match store::stored_session() {
            StoredSession::None => (None, None),
            StoredSession::Tokens(tokens) => (Some(tokens), None),
            StoredSession::Corrupt => (None, Some(Notice::SavedLoginUnreadable)),
        };
        let tokens = RwSignal::new(tokens);
        let user = RwSignal::new(None::<User>);
        Self {
            client_id: RwSignal::new(store::client_id()),
            tokens,
            logged_in: Memo::new(move |_| tokens.with(Option::is_some)),
            user,
            user_id: Memo::new(move |_| user.with(|u| u.as_ref().map(|u| u.id.clone()))),
            notice: RwSignal::new(notice),
            completing_login: RwSignal::new(false),
            generation: Generation::new(),
            pause: SpotifyPause::from_storage(),
            on_change: Follower::new(),
        }
    }

    /// Who follows the session's ends and replacements: the app, which owns
    /// every store they reset.
    pub(crate) fn on_change(&self, follow: Callback<Change>) {
        self.on_change.set(follow);
    }

    /// Work for this session found that it is over: Spotify refused its
    /// refresh token (`reason`), or it was logged out elsewhere (`None`).
    /// The app ends it everywhere, once.
    pub(crate) fn report_end(&self, reason: Option<Notice>) {
        if self.logged_in_untracked() {
            self.on_change.tell(Change::Ended(reason));
        }
    }

    /// A check that turns true once the current session ends: work begun
    /// now (a page load, the profile) then drops its result.
    pub(crate) fn guard(&self) -> impl Fn() -> bool + Copy + 'static {
        self.generation.guard()
    }

    pub(crate) fn logged_in(&self) -> bool {
        self.logged_in.get()
    }

    pub(crate) fn logged_in_untracked(&self) -> bool {
        self.tokens.with_untracked(Option::is_some)
    }

    pub(crate) fn tokens_untracked(&self) -> Option<TokenSet> {
        self.tokens.get_untracked()
    }

    /// Takes up the service worker's renewal of this session, if it made a
    /// later one: the page never sends a refresh token the worker rotated.
    pub(crate) async fn take_up_the_workers_renewal(self) {
        let Some(held) = self.tokens_untracked() else {
            return;
        };
        if let Some(renewed) = store::mirror::renewal_of(&held).await {
            store::keep_tokens(&renewed);
            self.adopt(renewed);
        }
    }

    /// Tokens as storage now has them (renewed here or in another tab, or
    /// another tab's login) replace the ones held. Those of another session
    /// also drop its user and the work begun for it.
    pub(crate) fn adopt(&self, tokens: TokenSet) {
        let adoption = self
            .tokens
            .with_untracked(|held| adoption(held.as_ref(), &tokens));
        match adoption {
            Adoption::Same => {}
            // `logged_in` stays as it is: nothing on screen is rebuilt.
            Adoption::Renewed => self.tokens.set(Some(tokens)),
            Adoption::LoggedIn | Adoption::Replaced => {
                self.generation.bump();
                self.user.set(None);
                self.tokens.set(Some(tokens));
                self.on_change.tell(if adoption == Adoption::LoggedIn {
                    Change::LoggedIn
                } else {
                    Change::Replaced
                });
            }
        }
    }

    pub(crate) fn pause(&self) -> SpotifyPause {
        self.pause
    }

    /// Ends the session in storage and on screen, with an optional reason.
    /// The other stores are the app's to reset (`AppState::end_session`).
    pub(crate) fn end(&self, reason: Option<Notice>) {
        store::forget_session();
        self.pause.end_with_session();
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

    /// The logged-in user's Spotify id, once the profile is in.
    pub(crate) fn user_id_untracked(&self) -> Option<String> {
        self.user_id.get_untracked()
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
            match login::finish_login(this.pause, query).await {
                Ok(Finished::LoggedIn(tokens, kept)) => this.take(tokens, kept),
                Ok(Finished::MoreScope(wanted, tokens, kept)) => {
                    this.take(tokens, kept);
                    this.on_change.tell(Change::MoreScope(wanted, true));
                }
                Ok(Finished::ScopeRefused(wanted)) => {
                    this.on_change.tell(Change::MoreScope(wanted, false));
                }
                Err(why) => this.notice.set(Some(Notice::LoginNotFinished(why))),
            }
            this.completing_login.set(false);
        });
    }

    fn take(&self, tokens: TokenSet, kept: Kept) {
        if kept == Kept::ThisTabOnly {
            self.notice.set(Some(Notice::LoginOnlyInThisTab));
        }
        self.adopt(tokens);
    }

    /// The client ID in use, if any.
    pub(crate) fn client_id_untracked(&self) -> Option<String> {
        self.client_id.get_untracked()
    }

    /// Whether the tokens carry `scope`.
    pub(crate) fn has_scope_untracked(&self, scope: &str) -> bool {
        self.tokens
            .with_untracked(|t| t.as_ref().is_some_and(|t| t.has_scope(scope)))
    }

    /// Sends the reader to Spotify's consent page for more scope, as the
    /// reader now logged in, asking again for what they granted; `false`
    /// (and the reason shown) when it could not, or the profile is not in.
    pub(crate) fn ask_for_more_scope(&self, purpose: impl FnOnce(String) -> Purpose) -> bool {
        let (Some(client_id), Some(user)) = (self.client_id_untracked(), self.user_id_untracked())
        else {
            return false;
        };
        let granted = self
            .tokens
            .with_untracked(|t| t.as_ref().map(|t| t.scope.clone()))
            .unwrap_or_default();
        match login::ask_for_more_scope(purpose(user), &granted, &client_id) {
            Ok(()) => true,
            Err(why) => {
                self.show(Notice::LoginNotStarted(why));
                false
            }
        }
    }

    pub(crate) fn save_client_id(&self, input: &str) {
        match store::save_client_id(input) {
            Ok(id) => {
                self.notice.set(None);
                self.client_id.set(Some(id));
            }
            Err(notice) => self.notice.set(Some(notice)),
        }
    }

    pub(crate) fn forget_client_id(&self) {
        store::CLIENT_ID.forget();
        self.client_id.set(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(session: &str, access: &str) -> TokenSet {
        TokenSet::for_test(session, access, "R")
    }

    #[test]
    fn a_renewal_is_not_a_login() {
        let held = tokens("S", "A1");
        assert_eq!(adoption(Some(&held), &held.clone()), Adoption::Same);
        assert_eq!(
            adoption(Some(&held), &tokens("S", "A2")),
            Adoption::Renewed,
            "renewed here or in another tab: nothing is rebuilt"
        );
        assert_eq!(adoption(None, &held), Adoption::LoggedIn);
        assert_eq!(
            adoption(Some(&held), &tokens("T", "A1")),
            Adoption::Replaced,
            "another login, even with the same access token"
        );
    }

    #[test]
    fn the_profile_is_asked_once_logged_in_and_not_during_a_pause() {
        assert!(wants_profile(true, false, false));
        assert!(!wants_profile(true, true, false), "already known");
        assert!(
            !wants_profile(true, false, true),
            "Spotify asked for a wait"
        );
        assert!(!wants_profile(false, false, false));
    }
}
