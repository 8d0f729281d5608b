//! The login lifecycle in the browser: each function joins one piece of the
//! pure OAuth core to the storage and fetch adapters, and returns a value
//! or a message the user can read.

use crate::auth::{
    authorize::PendingLogin,
    callback,
    renewal::{self, Outcome},
    tokens::{parse_token_response, Continuing, SessionId, TokenSet},
};
use crate::browser::{
    self, http, locks,
    storage::{self, Area, Read, WriteError},
    timer,
};
use crate::config::{self, Endpoints};
use crate::releases::progress::Progress;
use crate::spotify::{
    error::ApiError,
    saved::{SavedHead, SavedList, StoredCopy},
};
use crate::text::{LoginFinish, LoginStart, Notice};
use std::cell::RefCell;

pub(crate) const TOKENS: &str = "tokens";
const PENDING_LOGIN: &str = "pending_login";
const CLIENT_ID: &str = "client_id";
/// The list from the last visit (`spotify::saved`): its header and first
/// page, and the other artists apart.
const SAVED_LIST: &str = "saved_list";
const SAVED_REST: &str = "saved_list.rest";
const RENEWAL_LOCK: &str = "token-renewal";
/// The new-releases check's progress (`releases::progress`).
pub(crate) const RELEASE_CHECK: &str = "release_check";
/// Set while a tab checks with work to do, and removed last before it lets
/// the check's lock go: storage reaches other tabs asynchronously (in
/// order, but even after the lock has passed), so a tab that takes the lock
/// and still sees the mark has not yet seen that tab's last progress.
const RELEASE_CHECK_BUSY: &str = "release_check.busy";
/// When the reader last looked at the new releases: what the check found
/// after it is new to them. Apart from the check's record, which is large
/// (up to 1 MB): opening the view writes a number, not the whole record.
const RELEASES_SEEN: &str = "releases_seen";

/// The storage key (or lock name) of `name` for this copy of the app, e.g.
/// `encore.tokens@/encore/`. Every project site of a GitHub account shares
/// one origin: keyed by the public URL, `/encore/` and `/encore-dev/` keep
/// their sessions apart instead of renewing each other's tokens.
pub(crate) fn key(name: &str) -> String {
    format!("encore.{name}@{}/", public_path())
}

/// The public URL's path without its trailing slash ("" at the root): the
/// router's base, and part of every storage key. Read once, as `<base href>`
/// stays what trunk wrote while the app runs.
pub(crate) fn public_path() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| config::router_base(&browser::base_uri()))
}

/// Keys of versions before keys carried the public URL: their tokens and
/// lists are forgotten (no one would ever read or remove them again).
const UNKEYED: [&str; 4] = [
    "encore.tokens",
    "encore.saved_list",
    "encore.saved_list.rest",
    "encore.client_id",
];

pub(crate) fn forget_unkeyed_records() {
    for old in UNKEYED {
        storage::remove(Area::Local, old);
    }
}

thread_local! {
    /// Tokens that storage refused (full, or turned off): this tab keeps
    /// them until it closes, so the session works without surviving a reload.
    static UNSTORED: RefCell<Option<TokenSet>> = const { RefCell::new(None) };
}

/// Where the tokens were kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    Stored,
    /// Storage refused them even after the saved list made room.
    ThisTabOnly,
}

fn keep_tokens(tokens: &TokenSet) -> Kept {
    let mut written = storage::write(Area::Local, &key(TOKENS), tokens);
    if written == Err(WriteError::Full) {
        // The saved list is the biggest record, and Spotify has it again.
        forget_saved_list();
        written = storage::write(Area::Local, &key(TOKENS), tokens);
    }
    let kept = match written {
        Ok(()) => Kept::Stored,
        Err(_) => Kept::ThisTabOnly,
    };
    UNSTORED.with_borrow_mut(|unstored| {
        *unstored = (kept == Kept::ThisTabOnly).then(|| tokens.clone());
    });
    kept
}

/// The client ID to use: the compiled one, else one the user saved.
pub(crate) fn client_id() -> Option<String> {
    config::compiled_client_id()
        .map(str::to_string)
        .or_else(
            || match storage::read::<String>(Area::Local, &key(CLIENT_ID)) {
                Read::Found(id) => config::parse_client_id(&id).ok(),
                _ => None,
            },
        )
}

pub(crate) fn save_client_id(input: &str) -> Result<String, Notice> {
    let id = config::parse_client_id(input).map_err(Notice::ClientIdInvalid)?;
    storage::write(Area::Local, &key(CLIENT_ID), &id).map_err(Notice::ClientIdNotSaved)?;
    Ok(id)
}

pub(crate) fn forget_client_id() {
    storage::remove(Area::Local, &key(CLIENT_ID));
}

pub(crate) fn redirect_uri() -> String {
    config::redirect_uri(&browser::base_uri())
}

/// Records a pending login in this tab and sends the tab to Spotify.
pub(crate) fn start_login(client_id: &str) -> Result<(), LoginStart> {
    let login = PendingLogin::start(client_id, &redirect_uri(), browser::now_ms())
        .map_err(LoginStart::NoRandom)?;
    storage::write(Area::Session, &key(PENDING_LOGIN), &login).map_err(LoginStart::NotStored)?;
    let opened = browser::navigate_away(&login.authorize_url(&Endpoints::compiled().accounts));
    opened.then_some(()).ok_or(LoginStart::NotOpened)
}

/// Takes this tab's pending login out of storage: it is used at most once,
/// whatever the callback holds. A record this app did not write counts as none.
fn take_pending_login() -> Option<PendingLogin> {
    let login = storage::read(Area::Session, &key(PENDING_LOGIN));
    storage::remove(Area::Session, &key(PENDING_LOGIN));
    match login {
        Read::Found(login) => Some(login),
        _ => None,
    }
}

/// Validates the callback query and exchanges its code for tokens of a new
/// session, which are kept. Runs the token request at most once per
/// pending login.
pub(crate) async fn finish_login(query: String) -> Result<(TokenSet, Kept), LoginFinish> {
    let grant = callback::validate(&query, take_pending_login(), browser::now_ms())
        .map_err(LoginFinish::Refused)?;
    let session = SessionId::generate().map_err(LoginFinish::NoRandom)?;
    let response = http::post_form(
        &Endpoints::compiled().token_url(),
        grant.token_request_body(),
    )
    .await
    .map_err(|_| LoginFinish::Unreachable)?;
    let new_session = Continuing {
        session: &session,
        client_id: &grant.login.client_id,
        refresh_token: None,
    };
    let tokens = parse_token_response(
        response.status,
        &response.body,
        new_session,
        browser::now_ms(),
    )
    .map_err(LoginFinish::Token)?;
    let kept = keep_tokens(&tokens);
    Ok((tokens, kept))
}

/// What storage says about the session at start-up.
pub(crate) enum StoredSession {
    None,
    Tokens(TokenSet),
    /// Something unreadable was there; it has been removed.
    Corrupt,
}

/// The session as storage has it, or as this tab keeps it when storage
/// refused it (the newer of the two for one session).
pub(crate) fn stored_session() -> StoredSession {
    let stored = match storage::read::<TokenSet>(Area::Local, &key(TOKENS)) {
        Read::Missing => StoredSession::None,
        Read::Found(tokens) => StoredSession::Tokens(tokens),
        Read::Unreadable => {
            storage::remove(Area::Local, &key(TOKENS));
            StoredSession::Corrupt
        }
    };
    let unstored = UNSTORED.with_borrow(Clone::clone);
    match (stored, unstored) {
        (StoredSession::Tokens(old), Some(kept)) if old.session() == kept.session() => {
            StoredSession::Tokens(kept)
        }
        (StoredSession::None, Some(kept)) => StoredSession::Tokens(kept),
        (stored, _) => stored,
    }
}

fn stored_tokens() -> Option<TokenSet> {
    match stored_session() {
        StoredSession::Tokens(tokens) => Some(tokens),
        _ => None,
    }
}

/// Forgets every token, any pending login, and the saved list.
pub(crate) fn logout() {
    UNSTORED.with_borrow_mut(|unstored| *unstored = None);
    storage::remove(Area::Local, &key(TOKENS));
    storage::remove(Area::Session, &key(PENDING_LOGIN));
    storage::remove(Area::Local, &key(RELEASE_CHECK));
    storage::remove(Area::Local, &key(RELEASE_CHECK_BUSY));
    forget_releases_seen();
    forget_saved_list();
}

/// The release check's stored progress, if this version wrote it.
pub(crate) fn check_progress() -> Option<Progress> {
    match storage::read::<Progress>(Area::Local, &key(RELEASE_CHECK)) {
        Read::Found(progress) if progress.is_current() => Some(progress),
        _ => None,
    }
}

/// Stores the release check's progress; `false` when storage refused it
/// (the check then goes on in memory and cannot be resumed).
pub(crate) fn save_check_progress(progress: &Progress) -> bool {
    storage::write(Area::Local, &key(RELEASE_CHECK), progress).is_ok()
}

/// See [`RELEASE_CHECK_BUSY`].
pub(crate) fn mark_check_busy(busy: bool) {
    if busy {
        let _ = storage::write(Area::Local, &key(RELEASE_CHECK_BUSY), &true);
    } else {
        storage::remove(Area::Local, &key(RELEASE_CHECK_BUSY));
    }
}

pub(crate) fn check_marked_busy() -> bool {
    storage::read_text(Area::Local, &key(RELEASE_CHECK_BUSY)).is_some()
}

/// When the reader last looked at the new releases (ms since the epoch).
pub(crate) fn releases_seen_ms() -> Option<f64> {
    match storage::read::<f64>(Area::Local, &key(RELEASES_SEEN)) {
        Read::Found(ms) => Some(ms),
        _ => None,
    }
}

/// A refused write only means more is marked new next time.
pub(crate) fn save_releases_seen(ms: f64) {
    let _ = storage::write(Area::Local, &key(RELEASES_SEEN), &ms);
}

pub(crate) fn forget_releases_seen() {
    storage::remove(Area::Local, &key(RELEASES_SEEN));
}

/// The list from the last visit; an unreadable one is removed.
pub(crate) fn saved_list() -> Option<StoredCopy> {
    let list = match storage::read::<SavedHead>(Area::Local, &key(SAVED_LIST)) {
        Read::Missing => return None,
        Read::Found(head) => {
            StoredCopy::new(head, || storage::read_text(Area::Local, &key(SAVED_REST)))
        }
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
    let saved = storage::write(Area::Local, &key(SAVED_LIST), &head)
        .and_then(|()| storage::write(Area::Local, &key(SAVED_REST), &rest));
    if saved.is_err() {
        forget_saved_list();
    }
}

pub(crate) fn forget_saved_list() {
    storage::remove(Area::Local, &key(SAVED_LIST));
    storage::remove(Area::Local, &key(SAVED_REST));
}

/// A GET of a Web API resource with the session's access token: the body of
/// a 200, unread.
pub(crate) async fn api_get(tokens: &TokenSet, url: &str) -> Result<String, ApiError> {
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
    Ok(response.body)
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

/// How long a refused renewal waits for another window's renewal to show
/// in storage: Chromium delivers one window's localStorage writes to
/// another asynchronously, even after the Web Lock has passed between them.
const OTHER_WINDOW_GRACE_MS: f64 = 1000.0;

/// Renews the tokens `held` (as this tab last saw them), once across every
/// tab: under a Web Lock, and only if storage does not already hold newer
/// ones (another tab, or another request of this one, may have renewed
/// meanwhile). What storage holds when the answer arrives decides what
/// happens to it: after a logout, here or in another tab, nothing is
/// written; a newer session stays.
pub(crate) async fn renew(held: TokenSet) -> Result<TokenSet, RenewError> {
    locks::exclusive(&key(RENEWAL_LOCK), async move {
        let current = stored_tokens().ok_or(RenewError::SessionEnded)?;
        let renewed_elsewhere = current.access_token() != held.access_token()
            && !current.needs_renewal(browser::now_ms());
        if current.session() != held.session() || renewed_elsewhere {
            return Ok(current);
        }
        let body = current
            .renewal_request_body()
            .ok_or(RenewError::SessionEnded)?;
        let response = http::post_form(&Endpoints::compiled().token_url(), body)
            .await
            .map_err(|_| RenewError::Failed(ApiError::Network))?;
        let answer = parse_token_response(
            response.status,
            &response.body,
            current.continuing(),
            browser::now_ms(),
        );
        let mut looked_again = false;
        loop {
            match renewal::judge(&current, answer.clone(), stored_tokens(), looked_again) {
                Outcome::Store(tokens) => {
                    keep_tokens(&tokens);
                    return Ok(tokens);
                }
                Outcome::Adopt(newer) => return Ok(newer),
                Outcome::Ended { forget } => {
                    if forget {
                        logout();
                    }
                    return Err(RenewError::SessionEnded);
                }
                Outcome::LookAgain => {
                    storage_changes_from(&current).await;
                    looked_again = true;
                }
                Outcome::Failed(error) => {
                    return Err(RenewError::Failed(match response.status {
                        429 => ApiError::RateLimited {
                            retry_after_s: None,
                            quota: false,
                        },
                        500..=599 => ApiError::Server {
                            status: response.status,
                        },
                        status => ApiError::Other {
                            status,
                            message: error.to_string(),
                        },
                    }))
                }
            }
        }
    })
    .await
    .unwrap_or(Err(RenewError::Failed(ApiError::Network)))
}

/// Returns once storage no longer holds `sent`'s refresh token for its
/// session, or after the grace time.
async fn storage_changes_from(sent: &TokenSet) {
    let deadline = browser::now_ms() + OTHER_WINDOW_GRACE_MS;
    while browser::now_ms() < deadline {
        let same = stored_tokens().is_some_and(|stored| {
            stored.session() == sent.session() && stored.refresh_token() == sent.refresh_token()
        });
        if !same {
            return;
        }
        timer::sleep(50.0, false).await;
    }
}
