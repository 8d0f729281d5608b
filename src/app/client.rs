//! The page's requests to Spotify's Web API, in the session's name, through
//! the one authorized client (`page_host`). A session found over is
//! reported to the session, once, by the client rather than by each store.

use super::page_host::{self, Page};
use super::session::Session;
use crate::client::{self as core, Method};
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
        held: &|| session.tokens_untracked(),
        adopt: &|tokens| {
            session.adopt(tokens);
            true
        },
        pause: session.pause(),
        countdown,
        stale,
    };
    let body = page_host::body_of(&page, method, url)
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
