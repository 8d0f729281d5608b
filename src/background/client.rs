//! The worker's authorized client: the mirrored tokens (renewed under the
//! same Web Lock as the page's renewals, against what the mirror holds when
//! the answer comes), the retry policy, and the wake-up's request budget.

use crate::app::{keys, mirror};
use crate::auth::{
    renewal::{self, Outcome},
    tokens::{parse_token_response, TokenSet},
};
use crate::browser::{self, http, http::Method, locks, timer};
use crate::config::Endpoints;
use crate::releases::wake_up::Budget;
use crate::spotify::{
    error::ApiError,
    pause::{Pause, PAUSE_AFTER_MS},
    retry::{Attempts, Decision},
};
use serde::de::DeserializeOwned;

/// Why the worker stops asking.
#[derive(Debug, PartialEq)]
pub(crate) enum Stop {
    /// This wake-up's requests are spent.
    Budget,
    /// Spotify asked for a long wait, now stored for every tab.
    Paused,
    /// The session is over or replaced: nothing more is asked in its name.
    SessionOver,
    /// A failure the next wake-up may not have.
    Failed,
}

pub(crate) struct Client {
    tokens: TokenSet,
    pub(crate) budget: Budget,
}

impl Client {
    pub(crate) fn new(tokens: TokenSet) -> Self {
        Self {
            tokens,
            budget: Budget::default(),
        }
    }

    /// A GET, read as a `T`: renewed first when the token is about to
    /// expire, once more on a 401, retried as the policy says while waits
    /// are short.
    pub(crate) async fn get<T: DeserializeOwned>(&mut self, url: &str) -> Result<T, Stop> {
        let mut attempts = Attempts::default();
        let mut renewed = false;
        loop {
            if self.tokens.needs_renewal(browser::now_ms()) {
                self.renew().await?;
            }
            if !self.budget.spend() {
                return Err(Stop::Budget);
            }
            let error = match http::with_bearer(Method::Get, url, self.tokens.access_token()).await
            {
                Ok(response) if (200..300).contains(&response.status) => {
                    return serde_json::from_str(&response.body).map_err(|_| Stop::Failed);
                }
                Ok(response) => ApiError::from_response(
                    response.status,
                    response.retry_after.as_deref(),
                    &response.body,
                ),
                Err(_) => ApiError::Network,
            };
            if let ApiError::Unauthorized(_) = error {
                if renewed {
                    return Err(Stop::SessionOver);
                }
                renewed = true;
                self.renew().await?;
                continue;
            }
            match attempts.decide(&error, js_sys::Math::random()) {
                Decision::Retry { after_ms, .. } if after_ms <= PAUSE_AFTER_MS => {
                    timer::sleep(after_ms, false).await;
                }
                Decision::Retry { .. } | Decision::GiveUp => return Err(Stop::Failed),
                Decision::Pause { after_ms, quota } => {
                    let pause = Pause {
                        until_ms: browser::now_ms() + after_ms,
                        quota,
                    };
                    let stored = mirror::pause().await;
                    mirror::keep_pause(&pause.longer(stored)).await;
                    return Err(Stop::Paused);
                }
            }
        }
    }

    /// Renews the tokens once across the page's tabs and this worker: under
    /// their Web Lock, and only if the mirror does not already hold newer
    /// ones. What the mirror holds when the answer comes decides it, as
    /// `auth::renewal` decides it for a tab.
    async fn renew(&mut self) -> Result<(), Stop> {
        let held = self.tokens.clone();
        let mut budget = self.budget;
        let renewal = locks::exclusive(&keys::key(keys::RENEWAL_LOCK), async move {
            let outcome = renew_under_lock(held, &mut budget).await;
            (outcome, budget)
        })
        .await;
        let Some((renewed, budget)) = renewal else {
            return Err(Stop::Failed);
        };
        self.budget = budget;
        self.tokens = renewed?;
        Ok(())
    }
}

async fn renew_under_lock(held: TokenSet, budget: &mut Budget) -> Result<TokenSet, Stop> {
    let current = mirror::tokens().await.ok_or(Stop::SessionOver)?;
    if current.session() != held.session() {
        return Err(Stop::SessionOver);
    }
    if held.is_renewed_by(&current) && !current.needs_renewal(browser::now_ms()) {
        return Ok(current);
    }
    let body = current.renewal_request_body().ok_or(Stop::SessionOver)?;
    if !budget.spend() {
        return Err(Stop::Budget);
    }
    let response = http::post_form(&Endpoints::compiled().token_url(), body)
        .await
        .map_err(|_| Stop::Failed)?;
    let answer = parse_token_response(
        response.status,
        &response.body,
        current.continuing(),
        browser::now_ms(),
    );
    // The page writes the mirror inside this lock: nothing of its
    // renewals can still be on its way, so a refusal is final.
    match renewal::judge(&current, answer, mirror::tokens().await, true) {
        Outcome::Store(tokens) => {
            mirror::keep_tokens(&tokens).await;
            Ok(tokens)
        }
        Outcome::Adopt(newer) if newer.session() == current.session() => Ok(newer),
        Outcome::Adopt(_) | Outcome::Ended { forget: false } => Err(Stop::SessionOver),
        Outcome::Ended { forget: true } => {
            mirror::forget_tokens().await;
            Err(Stop::SessionOver)
        }
        Outcome::LookAgain | Outcome::Failed(_) => Err(Stop::Failed),
    }
}
