//! The page as a host of the one authorized client (`crate::client`): the
//! session's tokens (`page_tokens`), Spotify's pause for every tab, the
//! countdown of a long wait, and the caller's interest. A session found over is
//! reported to the session, once, by the client rather than by each store.

use super::page_tokens::{web, PageTokens};
use super::session::Session;
use crate::auth::tokens::TokenSet;
use crate::browser::{self, timer};
use crate::client::{self as core, Host, Method, Waited};
use crate::spotify::{
    error::{ApiError, Resource},
    pause::Pause,
};
use crate::text::Notice;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The session is over (refresh token dead, or logged out elsewhere):
    /// already reported to the session, which ends it.
    SessionEnded,
    /// The caller no longer wants the answer (`stale`): nothing to do.
    Dropped,
    /// The call failed for good; the message says why.
    Api(ApiError),
    /// Not sent: Spotify asked every tab to wait until the pause ends.
    Paused(Pause),
}

struct Page<'a> {
    session: Session,
    countdown: &'a dyn Fn(Option<u32>),
    stale: &'a dyn Fn() -> bool,
}

impl Host for Page<'_> {
    type Tokens = PageTokens;

    fn token_store(&self) -> PageTokens {
        PageTokens
    }

    fn held(&self) -> Option<TokenSet> {
        self.session.tokens_untracked()
    }

    fn adopt(&self, tokens: TokenSet) -> bool {
        self.session.adopt(tokens);
        true
    }

    fn pause_in_force(&self) -> Option<Pause> {
        self.session.pause().in_force()
    }

    async fn begin_pause(&self, pause: Pause) -> Pause {
        self.session.pause().begin(pause)
    }

    /// Offline, every request would fail: none is sent until the browser
    /// is back online, and then the call goes on by itself.
    async fn until_online(&self) {
        if !browser::online() {
            timer::sleep(f64::INFINITY, true).await;
        }
    }

    async fn wait(&self, after_ms: f64, announce: bool, on_online: bool) -> Waited {
        if !announce {
            timer::sleep(after_ms, on_online).await;
            return Waited::Done;
        }
        let deadline = browser::now_ms() + after_ms;
        loop {
            let left = deadline - browser::now_ms();
            if left <= 0.0 || self.stale() {
                break;
            }
            (self.countdown)(Some((left / 1000.0).ceil() as u32));
            timer::sleep(left.min(1000.0), false).await;
        }
        (self.countdown)(None);
        Waited::Done
    }

    fn stale(&self) -> bool {
        (self.stale)()
    }
}

/// A GET that retries as the policy says, read as a `T` (`what` names it in
/// the message when it does not read). `countdown` shows the seconds left of
/// a long wait (and `None` after); `stale` tells when the caller no longer
/// wants the answer (logout, an emptied list), which ends the retries.
/// A session found over is reported to `session` unless the caller's work
/// is stale by then (it began for another session).
pub(crate) async fn get<T: DeserializeOwned>(
    session: Session,
    url: &str,
    what: Resource,
    countdown: &dyn Fn(Option<u32>),
    stale: &dyn Fn() -> bool,
) -> Result<T, Failure> {
    send(session, Method::Get, url, what, countdown, stale).await
}

/// A request of any method, retried as [`get`] is, its answer read as a `T`.
/// A `PUT` of a playlist's items is safe to repeat; a `POST` whose answer
/// was lost on the way (a network error after Spotify took it) may be sent
/// twice: at worst a playlist made twice, or a hundred tracks added twice,
/// which the next save's `PUT` puts right.
pub(crate) async fn send<T: DeserializeOwned>(
    session: Session,
    method: Method<'_>,
    url: &str,
    what: Resource,
    countdown: &dyn Fn(Option<u32>),
    stale: &dyn Fn() -> bool,
) -> Result<T, Failure> {
    let page = Page {
        session,
        countdown,
        stale,
    };
    let body =
        core::body_of(&page, &web(), method, url)
            .await
            .map_err(|failure| match failure {
                core::Failure::SessionOver { by_spotify } => {
                    session.report_end(by_spotify.then_some(Notice::SessionEnded));
                    Failure::SessionEnded
                }
                other => failure_of(other),
            })?;
    serde_json::from_str(&body).map_err(|_| Failure::Api(ApiError::Unreadable(what)))
}

fn failure_of(failure: core::Failure) -> Failure {
    match failure {
        core::Failure::SessionOver { .. } => Failure::SessionEnded,
        core::Failure::Dropped => Failure::Dropped,
        core::Failure::Api(error) => Failure::Api(error),
        core::Failure::Paused(pause) => Failure::Paused(pause),
        // The page keeps no budget.
        core::Failure::OverBudget => Failure::Api(ApiError::Network),
    }
}
