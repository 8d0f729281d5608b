//! Logging in and renewing, in the browser: each function joins one piece
//! of the pure OAuth core to the storage and fetch adapters, and returns a
//! value or a reason the user can read.

use super::keys::{self, key};
use super::mirror;
use super::records::{self, Kept};
use crate::auth::{
    authorize::{PendingLogin, Purpose},
    callback::{self, CallbackError},
    renewal::{self, Outcome},
    tokens::{parse_token_response, Continuing, SessionId, TokenSet},
};
use crate::browser::{self, http, locks, timer};
use crate::config::{self, Endpoints};
use crate::spotify::error::ApiError;
use crate::spotify::model::User;
use crate::text::{LoginFinish, LoginStart};

pub(crate) fn redirect_uri() -> String {
    config::redirect_uri(&browser::base_uri())
}

/// Records a pending login in this tab and sends the tab to Spotify.
pub(crate) fn start_login(client_id: &str) -> Result<(), LoginStart> {
    send_to_consent(Purpose::Login, client_id)
}

/// Sends the tab to Spotify's consent page for the playlist scope, for the
/// reader `user_id`, whose save goes on when they come back.
pub(crate) fn ask_for_playlist_scope(client_id: &str, user_id: &str) -> Result<(), LoginStart> {
    let purpose = Purpose::SavePlaylist {
        user_id: user_id.to_string(),
    };
    send_to_consent(purpose, client_id)
}

fn send_to_consent(purpose: Purpose, client_id: &str) -> Result<(), LoginStart> {
    let login = PendingLogin::start_for(purpose, client_id, &redirect_uri(), browser::now_ms())
        .map_err(LoginStart::NoRandom)?;
    records::keep_pending_login(&login).map_err(LoginStart::NotStored)?;
    let opened = browser::navigate_away(&login.authorize_url(&Endpoints::compiled().accounts));
    opened.then_some(()).ok_or(LoginStart::NotOpened)
}

/// Whether the pending login of this tab asked for the playlist scope for
/// a save (read before the callback takes it).
pub(crate) fn returning_to_save() -> bool {
    matches!(
        records::pending_purpose(),
        Some(Purpose::SavePlaylist { .. })
    )
}

/// What a return from Spotify's consent page came to.
#[derive(Debug)]
pub(crate) enum Finished {
    /// A login: tokens of a new session.
    LoggedIn(TokenSet, Kept),
    /// The reader who asked granted the playlist scope: their session goes
    /// on with these tokens, and so does their save.
    MoreScope(TokenSet, Kept),
    /// The reader said no to the playlist scope: nothing changes.
    ScopeRefused,
}

/// Whether tokens from a consent asked by `asked_by` continue the session
/// held: the same Spotify user came back (`answered_by`, from `/me` with
/// the new token) and that session is still stored. Anyone else's is a
/// login of another user.
pub(crate) fn continues_session(asked_by: &str, answered_by: Option<&str>, held: bool) -> bool {
    held && answered_by == Some(asked_by)
}

/// Validates the callback query and exchanges its code for tokens: of a
/// new session for a login, of the same one when the reader who asked for
/// the playlist scope granted it. Runs the token request at most once per
/// pending login.
pub(crate) async fn finish_login(query: String) -> Result<Finished, LoginFinish> {
    let pending = records::take_pending_login();
    let purpose = pending.as_ref().map(|login| login.purpose.clone());
    let grant = match callback::validate(&query, pending, browser::now_ms()) {
        Err(CallbackError::Denied) if matches!(purpose, Some(Purpose::SavePlaylist { .. })) => {
            return Ok(Finished::ScopeRefused)
        }
        other => other.map_err(LoginFinish::Refused)?,
    };
    let session = SessionId::generate().map_err(LoginFinish::NoRandom)?;
    let response = http::post_form(
        &Endpoints::compiled().token_url(),
        grant.token_request_body(),
    )
    .await
    .map_err(|_| LoginFinish::Unreachable)?;
    let read = |session: &SessionId| {
        let continuing = Continuing {
            session,
            client_id: &grant.login.client_id,
            refresh_token: None,
            scope: None,
        };
        parse_token_response(
            response.status,
            &response.body,
            continuing,
            browser::now_ms(),
        )
        .map_err(LoginFinish::Token)
    };
    let tokens = read(&session)?;
    if let Purpose::SavePlaylist { user_id } = &grant.login.purpose {
        let held = records::stored_tokens();
        let answered_by = user_of(&tokens).await;
        if continues_session(user_id, answered_by.as_deref(), held.is_some()) {
            if let Some(held) = held {
                let tokens = read(held.session())?;
                let kept = records::keep_tokens(&tokens);
                return Ok(Finished::MoreScope(tokens, kept));
            }
        }
    }
    let kept = records::keep_tokens(&tokens);
    Ok(Finished::LoggedIn(tokens, kept))
}

/// The Spotify user the tokens belong to, if `/me` says at once.
async fn user_of(tokens: &TokenSet) -> Option<String> {
    let response = http::with_bearer(
        http::Method::Get,
        &Endpoints::compiled().me_url(),
        tokens.access_token(),
    )
    .await
    .ok()?;
    let user: User = serde_json::from_str(&response.body)
        .ok()
        .filter(|_| response.status == 200)?;
    Some(user.id)
}

/// Why a renewal did not produce tokens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum RenewError {
    /// The refresh token is dead (`invalid_grant`, or none was kept): log in
    /// again; no further token request is made.
    SessionEnded,
    /// Storage holds no session any more: logged out, here or in another tab.
    LoggedOut,
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
    locks::exclusive(&key(keys::RENEWAL_LOCK), async move {
        let mut current = records::stored_tokens().ok_or(RenewError::LoggedOut)?;
        // The service worker may have renewed while every tab was closed:
        // its refresh token is the one Spotify still takes.
        let mirrored = records::background_alerts_on();
        if mirrored {
            if let Some(renewed) = mirror::renewal_of(&current).await {
                records::keep_tokens(&renewed);
                current = renewed;
            }
        }
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
            match renewal::judge(
                &current,
                answer.clone(),
                records::stored_tokens(),
                looked_again,
            ) {
                Outcome::Store(tokens) => {
                    records::keep_tokens(&tokens);
                    // Before the lock goes: the worker renews under it too.
                    if mirrored {
                        mirror::keep_tokens(&tokens).await;
                    }
                    return Ok(tokens);
                }
                Outcome::Adopt(newer) => return Ok(newer),
                Outcome::Ended { forget: true } => {
                    records::forget_session();
                    return Err(RenewError::SessionEnded);
                }
                Outcome::Ended { forget: false } => return Err(RenewError::LoggedOut),
                Outcome::LookAgain => {
                    storage_changes_from(&current).await;
                    looked_again = true;
                }
                Outcome::Failed(error) => {
                    return Err(RenewError::Failed(ApiError::from_token_endpoint(
                        response.status,
                        response.retry_after.as_deref(),
                        error.to_string(),
                    )))
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
        let same = records::stored_tokens().is_some_and(|stored| {
            stored.session() == sent.session() && stored.refresh_token() == sent.refresh_token()
        });
        if !same {
            return;
        }
        timer::sleep(50.0, false).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_reader_who_asked_continues_their_session() {
        assert!(continues_session("me", Some("me"), true));
        assert!(
            !continues_session("me", Some("you"), true),
            "another user logs in"
        );
        assert!(
            !continues_session("me", None, true),
            "unknown: a new login is safe"
        );
        assert!(
            !continues_session("me", Some("me"), false),
            "logged out meanwhile"
        );
    }
}
