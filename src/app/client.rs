//! The authorized client: the session's token (renewed first if it is about
//! to expire), one renewal and one retry on 401, and the retry policy's
//! waits. Renewed tokens go into the session; a session found over is
//! reported to it, once, by the client rather than by each store.

use super::login::{self, RenewError};
use super::session::Session;
use crate::auth::tokens::TokenSet;
use crate::browser::{self, http, http::Method, timer};
use crate::spotify::{
    error::{ApiError, Resource},
    pause::Pause,
    retry::{Attempts, Decision},
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

/// How a session that is over shows, if at all.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ended {
    /// Spotify refused the session: the reader is told.
    BySpotify,
    /// Logged out, here or in another tab: nothing to tell.
    LoggedOut,
}

/// A Web API request with the session's access token: the body of a 2xx,
/// unread.
async fn api_request(tokens: &TokenSet, method: Method<'_>, url: &str) -> Result<String, ApiError> {
    let response = http::with_bearer(method, url, tokens.access_token())
        .await
        .map_err(|_| ApiError::Network)?;
    if !(200..300).contains(&response.status) {
        return Err(ApiError::from_response(
            response.status,
            response.retry_after.as_deref(),
            &response.body,
        ));
    }
    Ok(response.body)
}

/// A failure of one attempt: the session's end is told apart from the rest.
enum Attempt {
    Ended(Ended),
    Failed(ApiError),
}

async fn renew_into(session: Session, held: TokenSet) -> Result<TokenSet, Attempt> {
    match login::renew(held).await {
        Ok(tokens) => {
            session.adopt(tokens.clone());
            Ok(tokens)
        }
        Err(RenewError::SessionEnded) => Err(Attempt::Ended(Ended::BySpotify)),
        Err(RenewError::LoggedOut) => Err(Attempt::Ended(Ended::LoggedOut)),
        Err(RenewError::Failed(error)) => Err(Attempt::Failed(error)),
    }
}

/// One request, with renewal but without waiting retries: the body of a 2xx.
async fn send_once(session: Session, method: Method<'_>, url: &str) -> Result<String, Attempt> {
    let mut tokens = session
        .tokens_untracked()
        .ok_or(Attempt::Ended(Ended::LoggedOut))?;
    if tokens.needs_renewal(browser::now_ms()) {
        tokens = renew_into(session, tokens).await?;
    }
    match api_request(&tokens, method, url).await {
        Err(ApiError::Unauthorized(_)) => {
            let fresh = renew_into(session, tokens).await?;
            api_request(&fresh, method, url)
                .await
                .map_err(|error| match error {
                    // Fresh tokens refused too: Spotify no longer knows this session.
                    ApiError::Unauthorized(_) => Attempt::Ended(Ended::BySpotify),
                    other => Attempt::Failed(other),
                })
        }
        other => other.map_err(Attempt::Failed),
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
    let body = body_of(session, method, url, countdown, stale).await?;
    serde_json::from_str(&body).map_err(|_| Failure::Api(ApiError::Unreadable(what)))
}

/// The retries of [`send`]: only the JSON reading at its end depends on `T`.
async fn body_of(
    session: Session,
    method: Method<'_>,
    url: &str,
    countdown: &dyn Fn(Option<u32>),
    stale: &dyn Fn() -> bool,
) -> Result<String, Failure> {
    let mut attempts = Attempts::default();
    let pause = session.pause();
    loop {
        if let Some(pause) = pause.in_force() {
            return Err(Failure::Paused(pause));
        }
        // Offline, every request would fail: none is sent until the browser
        // is back online, and then the call goes on by itself.
        if !browser::online() {
            timer::sleep(f64::INFINITY, true).await;
            if stale() {
                return Err(Failure::Dropped);
            }
            continue;
        }
        let error = match send_once(session, method, url).await {
            Ok(body) => return Ok(body),
            Err(Attempt::Failed(error)) => error,
            Err(Attempt::Ended(_)) if stale() => return Err(Failure::Dropped),
            Err(Attempt::Ended(how)) => {
                session.report_end((how == Ended::BySpotify).then_some(Notice::SessionEnded));
                return Err(Failure::SessionEnded);
            }
        };
        let (after_ms, announce, on_online) = match attempts.decide(&error, js_sys::Math::random())
        {
            Decision::Retry {
                after_ms,
                announce,
                on_online,
            } => (after_ms, announce, on_online),
            Decision::Pause { after_ms, quota } => {
                let until_ms = browser::now_ms() + after_ms;
                return Err(Failure::Paused(pause.begin(Pause { until_ms, quota })));
            }
            Decision::GiveUp => return Err(Failure::Api(error)),
        };
        if announce {
            let deadline = browser::now_ms() + after_ms;
            loop {
                let left = deadline - browser::now_ms();
                if left <= 0.0 || stale() {
                    break;
                }
                countdown(Some((left / 1000.0).ceil() as u32));
                timer::sleep(left.min(1000.0), false).await;
            }
            countdown(None);
        } else {
            timer::sleep(after_ms, on_online).await;
        }
        if stale() {
            return Err(Failure::Dropped);
        }
    }
}
