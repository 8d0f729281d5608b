//! The one authorized request helper: the session's token (renewed first if
//! it is about to expire), one renewal and one retry on 401, and the retry
//! policy's waits. Renewed tokens go into the app state.

use super::state::AppState;
use crate::browser::{self, timer};
use crate::session::{self, RenewError};
use crate::spotify::{
    error::ApiError,
    retry::{Attempts, Decision},
};
use leptos::prelude::*;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq)]
pub enum Failure {
    /// Log in again (refresh token dead, or logged out elsewhere).
    SessionEnded,
    /// The call failed for good; the message says why.
    Api(ApiError),
}

async fn renew_into_state(
    state: AppState,
    stale: &str,
) -> Result<crate::auth::tokens::TokenSet, Failure> {
    match session::renew(stale.to_string()).await {
        Ok(tokens) => {
            if state.tokens.with_untracked(|t| t.as_ref() != Some(&tokens)) {
                state.tokens.set(Some(tokens.clone()));
            }
            Ok(tokens)
        }
        Err(RenewError::SessionEnded) => Err(Failure::SessionEnded),
        Err(RenewError::Failed(error)) => Err(Failure::Api(error)),
    }
}

/// One GET, with renewal but without waiting retries.
async fn get_once<T: DeserializeOwned>(
    state: AppState,
    url: &str,
    what: &str,
) -> Result<T, Failure> {
    let mut tokens = state.tokens.get_untracked().ok_or(Failure::SessionEnded)?;
    if tokens.needs_renewal(browser::now_ms()) {
        tokens = renew_into_state(state, tokens.access_token()).await?;
    }
    match session::api_get(&tokens, url, what).await {
        Err(ApiError::Unauthorized(_)) => {
            let fresh = renew_into_state(state, tokens.access_token()).await?;
            session::api_get(&fresh, url, what)
                .await
                .map_err(|error| match error {
                    ApiError::Unauthorized(_) => Failure::SessionEnded,
                    other => Failure::Api(other),
                })
        }
        other => other.map_err(Failure::Api),
    }
}

/// A GET that retries as the policy says, read as a `T`. `countdown` shows
/// the seconds left of a long wait (and `None` after); `stale` tells when the
/// caller no longer wants the answer (logout), which ends the retries.
pub async fn get<T: DeserializeOwned>(
    state: AppState,
    url: &str,
    what: &str,
    countdown: &dyn Fn(Option<u32>),
    stale: &dyn Fn() -> bool,
) -> Result<T, Failure> {
    let mut attempts = Attempts::default();
    loop {
        let error = match get_once(state, url, what).await {
            Err(Failure::Api(error)) => error,
            done => return done,
        };
        let Decision::Retry {
            after_ms,
            announce,
            on_online,
        } = attempts.decide(&error, js_sys::Math::random())
        else {
            return Err(Failure::Api(error));
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
