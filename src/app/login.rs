//! The login lifecycle in the browser: each function joins one piece of the
//! pure OAuth core to the storage and fetch adapters, and returns a value
//! or a message the user can read.

use crate::auth::{
    authorize::PendingLogin,
    callback,
    tokens::{parse_token_response, TokenSet},
};
use crate::browser::{
    self, http, locks,
    storage::{self, Area, Read},
};
use crate::config::{self, Endpoints};
use crate::spotify::{
    error::ApiError,
    saved::{SavedHead, SavedList, StoredCopy},
};
use crate::text::{LoginFinish, LoginStart, Notice};
use serde::de::DeserializeOwned;

pub(crate) const TOKENS_KEY: &str = "encore.tokens";
pub(crate) const PENDING_LOGIN_KEY: &str = "encore.pending_login";
pub(crate) const CLIENT_ID_KEY: &str = "encore.client_id";
/// The list from the last visit (`spotify::saved`): its header and first
/// page, and the other artists apart.
pub(crate) const SAVED_LIST_KEY: &str = "encore.saved_list";
pub(crate) const SAVED_REST_KEY: &str = "encore.saved_list.rest";

/// The client ID to use: the compiled one, else one the user saved.
pub(crate) fn client_id() -> Option<String> {
    config::compiled_client_id()
        .map(str::to_string)
        .or_else(
            || match storage::read::<String>(Area::Local, CLIENT_ID_KEY) {
                Read::Found(id) => config::parse_client_id(&id).ok(),
                _ => None,
            },
        )
}

pub(crate) fn save_client_id(input: &str) -> Result<String, Notice> {
    let id = config::parse_client_id(input).map_err(Notice::ClientIdInvalid)?;
    storage::write(Area::Local, CLIENT_ID_KEY, &id).map_err(Notice::ClientIdNotSaved)?;
    Ok(id)
}

pub(crate) fn forget_client_id() {
    storage::remove(Area::Local, CLIENT_ID_KEY);
}

pub(crate) fn redirect_uri() -> String {
    config::redirect_uri(&browser::base_uri())
}

/// Records a pending login in this tab and sends the tab to Spotify.
pub(crate) fn start_login(client_id: &str) -> Result<(), LoginStart> {
    let login = PendingLogin::start(client_id, &redirect_uri(), browser::now_ms())
        .map_err(LoginStart::NoRandom)?;
    storage::write(Area::Session, PENDING_LOGIN_KEY, &login).map_err(LoginStart::NotStored)?;
    let opened = browser::navigate_away(&login.authorize_url(&Endpoints::compiled().accounts));
    opened.then_some(()).ok_or(LoginStart::NotOpened)
}

/// Takes this tab's pending login out of storage: it is used at most once,
/// whatever the callback holds. A record this app did not write counts as none.
fn take_pending_login() -> Option<PendingLogin> {
    let login = storage::read(Area::Session, PENDING_LOGIN_KEY);
    storage::remove(Area::Session, PENDING_LOGIN_KEY);
    match login {
        Read::Found(login) => Some(login),
        _ => None,
    }
}

/// Validates the callback query and exchanges its code for tokens, which are
/// stored. Runs the token request at most once per pending login.
pub(crate) async fn finish_login(query: String) -> Result<TokenSet, LoginFinish> {
    let grant = callback::validate(&query, take_pending_login(), browser::now_ms())
        .map_err(LoginFinish::Refused)?;
    let response = http::post_form(
        &Endpoints::compiled().token_url(),
        grant.token_request_body(),
    )
    .await
    .map_err(|_| LoginFinish::Unreachable)?;
    let tokens = parse_token_response(response.status, &response.body, None, browser::now_ms())
        .map_err(LoginFinish::Token)?;
    storage::write(Area::Local, TOKENS_KEY, &tokens).map_err(LoginFinish::NotKept)?;
    Ok(tokens)
}

/// What storage says about the session at start-up.
pub(crate) enum StoredSession {
    None,
    Tokens(TokenSet),
    /// Something unreadable was there; it has been removed.
    Corrupt,
}

pub(crate) fn stored_session() -> StoredSession {
    match storage::read(Area::Local, TOKENS_KEY) {
        Read::Missing => StoredSession::None,
        Read::Found(tokens) => StoredSession::Tokens(tokens),
        Read::Unreadable => {
            storage::remove(Area::Local, TOKENS_KEY);
            StoredSession::Corrupt
        }
    }
}

/// Forgets every token, any pending login, and the saved list.
pub(crate) fn logout() {
    storage::remove(Area::Local, TOKENS_KEY);
    storage::remove(Area::Session, PENDING_LOGIN_KEY);
    forget_saved_list();
}

/// The list from the last visit; an unreadable one is removed.
pub(crate) fn saved_list() -> Option<StoredCopy> {
    let list = match storage::read::<SavedHead>(Area::Local, SAVED_LIST_KEY) {
        Read::Missing => return None,
        Read::Found(head) => StoredCopy::new(head, storage::read_text(Area::Local, SAVED_REST_KEY)),
        Read::Unreadable => None,
    };
    if list.is_none() {
        forget_saved_list();
    }
    list
}

/// Keeps the list for the next visit. When storage is full the old copy
/// goes too: a stale one must not outlive a failed save.
pub(crate) fn save_list(list: &SavedList, image_px: u32) {
    let (head, rest) = list.to_records(image_px);
    let saved = storage::write(Area::Local, SAVED_LIST_KEY, &head)
        .and_then(|()| storage::write(Area::Local, SAVED_REST_KEY, &rest));
    if saved.is_err() {
        forget_saved_list();
    }
}

pub(crate) fn forget_saved_list() {
    storage::remove(Area::Local, SAVED_LIST_KEY);
    storage::remove(Area::Local, SAVED_REST_KEY);
}

/// A GET of a Web API resource with the session's access token, read as `T`.
pub(crate) async fn api_get<T: DeserializeOwned>(
    tokens: &TokenSet,
    url: &str,
    what: &str,
) -> Result<T, ApiError> {
    let response = http::get_with_bearer(url, tokens.access_token())
        .await
        .map_err(|_| ApiError::Network)?;
    if response.status != 200 {
        return Err(ApiError::from_response(
            response.status,
            response.retry_after.as_deref(),
            &response.body,
        ));
    }
    serde_json::from_str(&response.body).map_err(|_| ApiError::Unreadable(what.to_string()))
}

/// Why a renewal did not produce tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RenewError {
    /// The refresh token is dead (`invalid_grant`) or the session was ended
    /// in another tab: log in again; no further token request is made.
    SessionEnded,
    /// Worth retrying later (network, 5xx, 429), or a plain failure to show.
    Failed(ApiError),
}

const RENEWAL_LOCK: &str = "encore.token-renewal";

/// Renews the access token that `stale` holds, once across every tab: under
/// a Web Lock, and only if storage does not already hold a newer token
/// (another tab, or another request of this one, may have renewed meanwhile).
pub(crate) async fn renew(stale_access_token: String) -> Result<TokenSet, RenewError> {
    locks::exclusive(RENEWAL_LOCK, async move {
        let current = match stored_session() {
            StoredSession::Tokens(tokens) => tokens,
            _ => return Err(RenewError::SessionEnded),
        };
        if current.access_token() != stale_access_token && !current.needs_renewal(browser::now_ms())
        {
            return Ok(current);
        }
        let client_id = client_id().ok_or(RenewError::SessionEnded)?;
        let body = current
            .renewal_request_body(&client_id)
            .ok_or(RenewError::SessionEnded)?;
        let response = http::post_form(&Endpoints::compiled().token_url(), body)
            .await
            .map_err(|_| RenewError::Failed(ApiError::Network))?;
        let renewed = parse_token_response(
            response.status,
            &response.body,
            current.refresh_token(),
            browser::now_ms(),
        );
        match renewed {
            Ok(tokens) => {
                storage::write(Area::Local, TOKENS_KEY, &tokens).map_err(|e| {
                    RenewError::Failed(ApiError::Unreadable(format!(
                        "the renewed login could not be kept: {e}"
                    )))
                })?;
                Ok(tokens)
            }
            Err(error) if error.is_invalid_grant() => {
                logout();
                Err(RenewError::SessionEnded)
            }
            Err(error) => Err(RenewError::Failed(match response.status {
                429 => ApiError::RateLimited {
                    retry_after_s: None,
                },
                500..=599 => ApiError::Server {
                    status: response.status,
                },
                status => ApiError::Other {
                    status,
                    message: error.to_string(),
                },
            })),
        }
    })
    .await
    .unwrap_or(Err(RenewError::Failed(ApiError::Network)))
}
