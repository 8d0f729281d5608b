//! The one authorized client of both front ends, the page and the service
//! worker: the Bearer request, a renewal before the token dies and once on
//! a 401 (`renewal`), and the retry policy's waits. What differs between
//! them is asked of a [`Host`]: which tokens it holds, Spotify's pause, how
//! a wait is spent, whether its caller still wants the answer, and (through
//! its [`TokenStore`]) where tokens live and how many requests it may send.
//! The browser is a [`Platform`], so unit tests run all of it natively.

#[cfg(test)]
mod fake;
pub(crate) mod renewal;

use crate::auth::tokens::TokenSet;
use crate::spotify::{
    error::ApiError,
    pause::Pause,
    retry::{Attempts, Decision},
};
use renewal::{RenewError, TokenStore};
use std::future::Future;

/// A Web API request's method, and its JSON body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method<'a> {
    Get,
    Post(&'a str),
    Put(&'a str),
}

/// An answer of Spotify's, unread.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<String>,
    pub(crate) body: String,
}

/// What the client needs of the browser (`browser::web`).
pub(crate) trait Platform: Clone + 'static {
    fn now_ms(&self) -> f64;
    /// A number in [0, 1) that keeps clients from retrying in step.
    fn jitter(&self) -> f64;
    /// A form-encoded POST to the token endpoint; `None` when fetch failed.
    fn post_token(&self, body: String) -> impl Future<Output = Option<Answer>>;
    /// A Web API request with the token in the Authorization header.
    fn send(
        &self,
        method: Method<'_>,
        url: &str,
        access_token: &str,
    ) -> impl Future<Output = Option<Answer>>;
    /// Runs `work` while no other tab, window or worker of the app renews.
    fn renewing_alone<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
    ) -> impl Future<Output = Option<T>>;
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// The session is over: Spotify refused it (`by_spotify`), or it was
    /// logged out or replaced meanwhile.
    SessionOver { by_spotify: bool },
    /// The caller no longer wants the answer.
    Dropped,
    /// Failed for good; the error says why.
    Api(ApiError),
    /// Not sent: Spotify asked everyone to wait until the pause ends.
    Paused(Pause),
    /// The host's requests are spent.
    OverBudget,
}

/// How a wait that the retry policy asked for went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Waited {
    Done,
    /// Too long for this host: the request fails.
    TooLong,
}

/// A front end, as the client sees it.
pub(crate) trait Host {
    type Tokens: TokenStore;
    fn token_store(&self) -> Self::Tokens;
    /// The tokens its requests carry now.
    fn held(&self) -> Option<TokenSet>;
    /// Takes up tokens a renewal gave; `false` when they are another
    /// session's, which this host does not go on with.
    fn adopt(&self, tokens: TokenSet) -> bool;
    fn pause_in_force(&self) -> Option<Pause>;
    /// Spotify asked for a long wait: stored for everyone, and the pause
    /// that holds (it may be a longer one stored meanwhile).
    fn begin_pause(&self, pause: Pause) -> impl Future<Output = Pause>;
    /// Returns once a request can leave (a page waits for the network).
    fn until_online(&self) -> impl Future<Output = ()>;
    fn wait(&self, after_ms: f64, announce: bool, on_online: bool) -> impl Future<Output = Waited>;
    /// Whether the caller no longer wants the answer.
    fn stale(&self) -> bool;
}

/// A request, retried as the policy says, renewed as needed: the body of a 2xx.
pub(crate) async fn body_of<H: Host, P: Platform>(
    host: &H,
    platform: &P,
    method: Method<'_>,
    url: &str,
) -> Result<String, Failure> {
    let mut attempts = Attempts::default();
    loop {
        if let Some(pause) = host.pause_in_force() {
            return Err(Failure::Paused(pause));
        }
        host.until_online().await;
        if host.stale() {
            return Err(Failure::Dropped);
        }
        let error = match send_once(host, platform, method, url).await {
            Ok(body) => return Ok(body),
            Err(Attempt::Failed(error)) => error,
            Err(Attempt::Over(_)) if host.stale() => return Err(Failure::Dropped),
            Err(Attempt::Over(failure)) => return Err(failure),
        };
        match attempts.decide(&error, platform.jitter()) {
            Decision::Retry {
                after_ms,
                announce,
                on_online,
            } => match host.wait(after_ms, announce, on_online).await {
                Waited::Done => {}
                Waited::TooLong => return Err(Failure::Api(error)),
            },
            Decision::Pause { after_ms, quota } => {
                let until_ms = platform.now_ms() + after_ms;
                let pause = host.begin_pause(Pause { until_ms, quota }).await;
                return Err(Failure::Paused(pause));
            }
            Decision::GiveUp => return Err(Failure::Api(error)),
        }
        if host.stale() {
            return Err(Failure::Dropped);
        }
    }
}

/// How one attempt failed: for good, or in a way the policy may retry.
enum Attempt {
    Over(Failure),
    Failed(ApiError),
}

const LOGGED_OUT: Attempt = Attempt::Over(Failure::SessionOver { by_spotify: false });

/// One request, with renewal but without the policy's retries.
async fn send_once<H: Host, P: Platform>(
    host: &H,
    platform: &P,
    method: Method<'_>,
    url: &str,
) -> Result<String, Attempt> {
    let mut tokens = host.held().ok_or(LOGGED_OUT)?;
    if tokens.needs_renewal(platform.now_ms()) {
        tokens = renew_for(host, platform, tokens).await?;
    }
    match request(host, platform, &tokens, method, url).await {
        Err(Attempt::Failed(ApiError::Unauthorized(_))) => {
            let fresh = renew_for(host, platform, tokens).await?;
            match request(host, platform, &fresh, method, url).await {
                // Fresh tokens refused too: Spotify no longer knows this session.
                Err(Attempt::Failed(ApiError::Unauthorized(_))) => {
                    Err(Attempt::Over(Failure::SessionOver { by_spotify: true }))
                }
                other => other,
            }
        }
        other => other,
    }
}

async fn request<H: Host, P: Platform>(
    host: &H,
    platform: &P,
    tokens: &TokenSet,
    method: Method<'_>,
    url: &str,
) -> Result<String, Attempt> {
    if !host.token_store().spend() {
        return Err(Attempt::Over(Failure::OverBudget));
    }
    let answer = platform
        .send(method, url, tokens.access_token())
        .await
        .ok_or(Attempt::Failed(ApiError::Network))?;
    if !(200..300).contains(&answer.status) {
        return Err(Attempt::Failed(ApiError::from_response(
            answer.status,
            answer.retry_after.as_deref(),
            &answer.body,
        )));
    }
    Ok(answer.body)
}

async fn renew_for<H: Host, P: Platform>(
    host: &H,
    platform: &P,
    held: TokenSet,
) -> Result<TokenSet, Attempt> {
    match renewal::renew(host.token_store(), platform.clone(), held).await {
        Ok(tokens) if host.adopt(tokens.clone()) => Ok(tokens),
        Ok(_) | Err(RenewError::LoggedOut) => Err(LOGGED_OUT),
        Err(RenewError::SessionEnded) => {
            Err(Attempt::Over(Failure::SessionOver { by_spotify: true }))
        }
        Err(RenewError::OverBudget) => Err(Attempt::Over(Failure::OverBudget)),
        Err(RenewError::Failed(error)) => Err(Attempt::Failed(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::fake::{answer, run, Fake, World, RENEWED, SPENT};
    use super::*;

    const ME: &str = r#"{"id":"me"}"#;

    fn fresh() -> TokenSet {
        TokenSet::for_test("S", "A1", "R1")
    }

    /// A world where the tokens held and stored are `tokens`, at `now_ms`.
    fn holding(tokens: TokenSet, now_ms: f64) -> World {
        World {
            now_ms,
            stored: Some(tokens.clone()),
            held: Some(tokens),
            ..World::default()
        }
    }

    fn get(fake: &Fake) -> Result<String, Failure> {
        run(body_of(fake, fake, Method::Get, "https://api/me"))
    }

    #[test]
    fn a_token_about_to_die_is_renewed_first_and_the_renewal_kept() {
        // Issued at 0 for an hour: 30 s are left.
        let fake = Fake::with(World {
            token_answers: [answer(200, RENEWED)].into(),
            api_answers: [answer(200, ME)].into(),
            ..holding(fresh(), 3_570_000.0)
        });
        assert_eq!(get(&fake).as_deref(), Ok(ME));
        let world = fake.world();
        assert_eq!(world.refreshes, ["R1"]);
        assert_eq!(world.bearers, ["A2"], "never the dying token");
        let kept = world.stored.as_ref().expect("kept");
        assert_eq!(kept.refresh_token(), Some("R2"));
        assert!(fresh().is_renewed_by(kept));
        assert_eq!(world.held.as_ref(), Some(kept));
    }

    #[test]
    fn a_401_renews_once_and_a_second_401_ends_the_session() {
        let fake = Fake::with(World {
            token_answers: [answer(200, RENEWED)].into(),
            api_answers: [answer(401, "{}"), answer(401, "{}")].into(),
            ..holding(fresh(), 0.0)
        });
        assert_eq!(get(&fake), Err(Failure::SessionOver { by_spotify: true }));
        assert_eq!(fake.world().bearers, ["A1", "A2"]);
        assert_eq!(fake.world().refreshes.len(), 1, "one renewal");
    }

    #[test]
    fn a_dead_refresh_token_ends_the_session_once_and_is_never_sent_again() {
        let fake = Fake::with(World {
            token_answers: [answer(400, SPENT)].into(),
            api_answers: [answer(401, "{}")].into(),
            ..holding(fresh(), 0.0)
        });
        assert_eq!(get(&fake), Err(Failure::SessionOver { by_spotify: true }));
        let world = fake.world();
        assert_eq!(world.refreshes, ["R1"], "invalid_grant is not retried");
        assert!(world.forgotten && world.stored.is_none());
    }

    #[test]
    fn a_renewal_made_elsewhere_is_used_without_asking_spotify() {
        let renewed = TokenSet::for_test("S", "A9", "R9");
        let fake = Fake::with(World {
            stored: Some(renewed),
            api_answers: [answer(401, "{}"), answer(200, ME)].into(),
            ..holding(fresh(), 0.0)
        });
        assert_eq!(get(&fake).as_deref(), Ok(ME));
        assert!(fake.world().refreshes.is_empty());
        assert_eq!(fake.world().bearers, ["A1", "A9"]);
    }

    #[test]
    fn a_logout_while_the_answer_is_on_its_way_keeps_nothing() {
        let fake = Fake::with(World {
            token_answers: [answer(200, RENEWED)].into(),
            stored_after_post: Some(None),
            ..holding(fresh(), 3_570_000.0)
        });
        assert_eq!(get(&fake), Err(Failure::SessionOver { by_spotify: false }));
        let world = fake.world();
        assert!(world.stored.is_none(), "the renewal is not written back");
        assert!(world.bearers.is_empty());
    }

    #[test]
    fn a_host_of_one_session_stops_at_another_login() {
        let other = TokenSet::for_test("T", "B1", "Q1");
        let fake = Fake::with(World {
            token_answers: [answer(200, RENEWED)].into(),
            stored_after_post: Some(Some(other.clone())),
            one_session_only: true,
            ..holding(fresh(), 3_570_000.0)
        });
        assert_eq!(get(&fake), Err(Failure::SessionOver { by_spotify: false }));
        let world = fake.world();
        assert_eq!(world.stored.as_ref(), Some(&other), "the new login stays");
        assert!(world.bearers.is_empty(), "nothing asked in its name");
    }

    #[test]
    fn a_spent_budget_sends_nothing_more() {
        let fake = Fake::with(World {
            budget: Some(1),
            api_answers: [answer(401, "{}")].into(),
            ..holding(fresh(), 0.0)
        });
        assert_eq!(get(&fake), Err(Failure::OverBudget));
        assert!(fake.world().refreshes.is_empty(), "no renewal either");
    }

    #[test]
    fn short_waits_are_retried_and_a_long_one_pauses_everyone() {
        let mut slow = answer(429, "{}").expect("answer");
        slow.retry_after = Some("2".into());
        let mut long = slow.clone();
        long.retry_after = Some("3600".into());
        let fake = Fake::with(World {
            api_answers: [Some(slow), answer(503, "{}"), Some(long)].into(),
            ..holding(fresh(), 0.0)
        });
        let Err(Failure::Paused(pause)) = get(&fake) else {
            panic!("no pause")
        };
        assert_eq!(fake.world().waits, [2_000.0, 1_000.0]);
        assert_eq!(pause.until_ms, 3_000.0 + 3_600_000.0);
        assert_eq!(get(&fake), Err(Failure::Paused(pause)), "nothing is sent");
        assert_eq!(fake.world().bearers.len(), 3);
    }
}
