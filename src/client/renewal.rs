//! The one renewal of the page and the service worker: under a lock that
//! every tab, window and worker of the app takes, and only if the store
//! does not already hold newer tokens. What the store holds when the answer
//! comes decides what becomes of it (`auth::renewal::judge`).

use super::Platform;
use crate::auth::{
    renewal::{judge, Outcome},
    tokens::{parse_token_response, TokenSet},
};
use crate::spotify::error::ApiError;
use std::future::Future;

/// Where a front end keeps its tokens: the page's localStorage (with the
/// worker's later renewal taken up), or the worker's IndexedDB copy.
pub(crate) trait TokenStore: Clone + 'static {
    /// The tokens stored now.
    fn stored(&self) -> impl Future<Output = Option<TokenSet>>;
    fn keep(&self, tokens: &TokenSet) -> impl Future<Output = ()>;
    /// The session's refresh token is dead: nothing of it stays.
    fn forget(&self) -> impl Future<Output = ()>;
    /// Spotify refused `sent` as spent: another window's renewal with it may
    /// still be on its way into this store. Returns once it shows, or after
    /// a grace time (at once where nothing can be on its way).
    fn wait_for_change(&self, sent: &TokenSet) -> impl Future<Output = ()>;
    /// Counts a request to Spotify; `false` when none may be sent.
    fn spend(&self) -> bool;
}

/// Why a renewal did not produce tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RenewError {
    /// The refresh token is dead (`invalid_grant`, or none was kept): log in
    /// again; no further token request is made.
    SessionEnded,
    /// The store holds no session any more: logged out, here or elsewhere.
    LoggedOut,
    /// The host's requests are spent.
    OverBudget,
    /// Worth retrying later (network, 5xx, 429), or a plain failure to show.
    Failed(ApiError),
}

/// Renews the tokens `held` (as the caller last saw them), once across
/// every tab and the worker. Tokens of another session in the store are
/// returned as they are: the caller tells whether it goes on with them.
pub(crate) async fn renew<S: TokenStore, P: Platform>(
    store: S,
    platform: P,
    held: TokenSet,
) -> Result<TokenSet, RenewError> {
    let alone = platform.clone();
    alone
        .renewing_alone(async move { renew_alone(&store, &platform, held).await })
        .await
        .unwrap_or(Err(RenewError::Failed(ApiError::Network)))
}

async fn renew_alone<S: TokenStore, P: Platform>(
    store: &S,
    platform: &P,
    held: TokenSet,
) -> Result<TokenSet, RenewError> {
    let current = store.stored().await.ok_or(RenewError::LoggedOut)?;
    let renewed_elsewhere =
        current.access_token() != held.access_token() && !current.needs_renewal(platform.now_ms());
    if current.session() != held.session() || renewed_elsewhere {
        return Ok(current);
    }
    let body = current
        .renewal_request_body()
        .ok_or(RenewError::SessionEnded)?;
    if !store.spend() {
        return Err(RenewError::OverBudget);
    }
    let answer = platform
        .post_token(body)
        .await
        .ok_or(RenewError::Failed(ApiError::Network))?;
    let read = parse_token_response(
        answer.status,
        &answer.body,
        current.continuing(),
        platform.now_ms(),
    );
    let mut looked_again = false;
    loop {
        match judge(&current, read.clone(), store.stored().await, looked_again) {
            Outcome::Store(tokens) => {
                // Before the lock goes: the next renewal reads it.
                store.keep(&tokens).await;
                return Ok(tokens);
            }
            Outcome::Adopt(newer) => return Ok(newer),
            Outcome::Ended { forget: true } => {
                store.forget().await;
                return Err(RenewError::SessionEnded);
            }
            Outcome::Ended { forget: false } => return Err(RenewError::LoggedOut),
            Outcome::LookAgain => {
                store.wait_for_change(&current).await;
                looked_again = true;
            }
            Outcome::Failed(error) => {
                return Err(RenewError::Failed(ApiError::from_token_endpoint(
                    answer.status,
                    answer.retry_after.as_deref(),
                    error.to_string(),
                )))
            }
        }
    }
}
