//! The service worker as a host of the one authorized client
//! (`crate::client`): the tokens the page mirrored into IndexedDB, renewed
//! under the same Web Lock as the page's, and the wake-up's request budget.

use crate::auth::tokens::TokenSet;
use crate::browser::{timer, web::Web};
use crate::client::{self as core, renewal::TokenStore, Host, Method, Waited};
use crate::config::Endpoints;
use crate::releases::wake_up::Budget;
use crate::spotify::pause::{Pause, PAUSE_AFTER_MS};
use crate::store;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

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

/// The worker's tokens: the mirror, which the page writes inside the
/// renewal lock, so nothing of its renewals can still be on its way when
/// this one holds the lock.
#[derive(Clone, Default)]
pub(crate) struct WorkerTokens {
    budget: Rc<Cell<Budget>>,
}

impl TokenStore for WorkerTokens {
    async fn stored(&self) -> Option<TokenSet> {
        store::TOKENS.mirrored().await
    }

    async fn keep(&self, tokens: &TokenSet) {
        store::TOKENS.mirror(tokens).await;
    }

    async fn forget(&self) {
        store::TOKENS.forget_mirrored().await;
    }

    async fn wait_for_change(&self, _sent: &TokenSet) {}

    fn spend(&self) -> bool {
        let mut budget = self.budget.get();
        let room = budget.spend();
        self.budget.set(budget);
        room
    }
}

pub(crate) struct Client {
    tokens: RefCell<TokenSet>,
    store: WorkerTokens,
    web: Web,
}

impl Client {
    pub(crate) fn new(tokens: TokenSet) -> Self {
        Self {
            tokens: RefCell::new(tokens),
            store: WorkerTokens::default(),
            web: Web::new(
                store::key(store::RENEWAL_LOCK),
                Endpoints::compiled().token_url(),
            ),
        }
    }

    /// A GET, read as a `T`, as the one client sends it.
    pub(crate) async fn get<T: DeserializeOwned>(&self, url: &str) -> Result<T, Stop> {
        let body = core::body_of(self, &self.web, Method::Get, url)
            .await
            .map_err(stop_of)?;
        serde_json::from_str(&body).map_err(|_| Stop::Failed)
    }

    pub(crate) fn budget(&self) -> Budget {
        self.store.budget.get()
    }
}

/// Where a failure of the client leaves a wake-up.
fn stop_of(failure: core::Failure) -> Stop {
    match failure {
        core::Failure::OverBudget => Stop::Budget,
        core::Failure::Paused(_) => Stop::Paused,
        core::Failure::SessionOver { .. } => Stop::SessionOver,
        core::Failure::Api(_) | core::Failure::Dropped => Stop::Failed,
    }
}

impl Host for Client {
    type Tokens = WorkerTokens;

    fn token_store(&self) -> WorkerTokens {
        self.store.clone()
    }

    fn held(&self) -> Option<TokenSet> {
        Some(self.tokens.borrow().clone())
    }

    /// Another login's tokens are not the worker's to use.
    fn adopt(&self, tokens: TokenSet) -> bool {
        let same = tokens.session() == self.tokens.borrow().session();
        if same {
            *self.tokens.borrow_mut() = tokens;
        }
        same
    }

    /// Looked at before the wake-up asks anything; a pause begun on the
    /// way stops it.
    fn pause_in_force(&self) -> Option<Pause> {
        None
    }

    async fn begin_pause(&self, pause: Pause) -> Pause {
        let pause = pause.longer(store::mirror::pause().await);
        store::PAUSE.mirror(&pause).await;
        pause
    }

    async fn until_online(&self) {}

    /// A wake-up is short: a long wait is left to the next one.
    async fn wait(&self, after_ms: f64, _announce: bool, _on_online: bool) -> Waited {
        if after_ms > PAUSE_AFTER_MS {
            return Waited::TooLong;
        }
        timer::sleep(after_ms, false).await;
        Waited::Done
    }

    fn stale(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::wake_up::REQUESTS_PER_WAKE_UP;
    use crate::spotify::error::ApiError;

    #[test]
    fn the_budget_counts_every_request_renewals_included_and_stops_at_its_end() {
        let store = WorkerTokens::default();
        let renewal = store.clone();
        for _ in 0..REQUESTS_PER_WAKE_UP - 1 {
            assert!(store.spend());
        }
        assert!(
            renewal.spend(),
            "the renewal's request counts in the same budget"
        );
        assert!(!store.spend(), "spent");
        assert_eq!(store.budget.get().spent(), REQUESTS_PER_WAKE_UP);
    }

    #[test]
    fn each_failure_stops_a_wake_up_its_own_way() {
        assert_eq!(stop_of(core::Failure::OverBudget), Stop::Budget);
        let pause = Pause {
            until_ms: 1.0,
            quota: true,
        };
        assert_eq!(stop_of(core::Failure::Paused(pause)), Stop::Paused);
        assert_eq!(
            stop_of(core::Failure::SessionOver { by_spotify: false }),
            Stop::SessionOver,
            "another login: nothing more in the old one's name"
        );
        assert_eq!(stop_of(core::Failure::Api(ApiError::Network)), Stop::Failed);
    }
}
