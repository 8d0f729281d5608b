//! The authorized client: the session's token (renewed first if it is about
//! to expire), one renewal and one retry on 401, and the retry policy's
//! waits. Renewed tokens go into the session.

use super::login::{self, RenewError};
use super::session::Session;
use crate::auth::tokens::TokenSet;
use crate::browser::{self, timer};
use crate::spotify::{
    error::ApiError,
    pause::Pause,
    retry::{Attempts, Decision},
};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// Log in again (refresh token dead, or logged out elsewhere).
    SessionEnded,
    /// The call failed for good; the message says why.
    Api(ApiError),
    /// Not sent: Spotify asked every tab to wait until the pause ends.
    Paused(Pause),
}

async fn renew_into(session: Session, held: TokenSet) -> Result<TokenSet, Failure> {
    match login::renew(held).await {
        Ok(tokens) => {
            session.adopt(tokens.clone());
            Ok(tokens)
        }
        Err(RenewError::SessionEnded) => Err(Failure::SessionEnded),
        Err(RenewError::Failed(error)) => Err(Failure::Api(error)),
    }
}

/// One GET, with renewal but without waiting retries: the body of a 200.
async fn get_once(session: Session, url: &str) -> Result<String, Failure> {
    let mut tokens = session.tokens_untracked().ok_or(Failure::SessionEnded)?;
    if tokens.needs_renewal(browser::now_ms()) {
        tokens = renew_into(session, tokens).await?;
    }
    match login::api_get(&tokens, url).await {
        Err(ApiError::Unauthorized(_)) => {
            let fresh = renew_into(session, tokens).await?;
            login::api_get(&fresh, url)
                .await
                .map_err(|error| match error {
                    ApiError::Unauthorized(_) => Failure::SessionEnded,
                    other => Failure::Api(other),
                })
        }
        other => other.map_err(Failure::Api),
    }
}

/// A GET that retries as the policy says, read as a `T` (`what` names it in
/// the message when it does not read). `countdown` shows the seconds left of
/// a long wait (and `None` after); `stale` tells when the caller no longer
/// wants the answer (logout), which ends the retries.
pub(crate) async fn get<T: DeserializeOwned>(
    session: Session,
    url: &str,
    what: &str,
    countdown: &dyn Fn(Option<u32>),
    stale: &dyn Fn() -> bool,
) -> Result<T, Failure> {
    let body = get_body(session, url, countdown, stale).await?;
    serde_json::from_str(&body).map_err(|_| Failure::Api(ApiError::Unreadable(what.to_string())))
}

/// The retries of [`get`]: only the JSON reading at its end depends on `T`.
async fn get_body(
    session: Session,
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
        let error = match get_once(session, url).await {
            Err(Failure::Api(error)) => error,
            done => return done,
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
            return Err(Failure::SessionEnded);
        }
    }
}
