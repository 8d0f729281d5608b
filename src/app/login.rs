//! Logging in and renewing, in the browser: each function joins one piece
//! of the pure OAuth core to the storage and fetch adapters, and returns a
//! value or a reason the user can read.

use super::page_host::{self, web, Page, PageTokens};
use super::pause::SpotifyPause;
use crate::auth::{
    authorize::{PendingLogin, Purpose},
    callback::{self, CallbackError},
    tokens::{parse_token_response, Continuing, SessionId, TokenSet},
};
use crate::browser::{self, http};
use crate::client::{renewal::TokenStore, Method, Platform};
use crate::config::{self, Endpoints};
use crate::spotify::model::User;
use crate::store;
use crate::store::Kept;
use crate::text::{LoginFinish, LoginStart};

pub(crate) fn redirect_uri() -> String {
    config::redirect_uri(&browser::base_uri())
}

/// Records a pending login in this tab and sends the tab to Spotify.
pub(crate) fn start_login(client_id: &str) -> Result<(), LoginStart> {
    send_to_consent(Purpose::Login, "", client_id)
}

/// Sends the tab to Spotify's consent page for more scope (`purpose`:
/// the playlist's or the library's), asking again for what the session
/// was `granted`; what the reader wanted goes on when they come back.
pub(crate) fn ask_for_more_scope(
    purpose: Purpose,
    granted: &str,
    client_id: &str,
) -> Result<(), LoginStart> {
    send_to_consent(purpose, granted, client_id)
}

fn send_to_consent(purpose: Purpose, granted: &str, client_id: &str) -> Result<(), LoginStart> {
    let login = PendingLogin::start_for(
        purpose,
        granted,
        client_id,
        &redirect_uri(),
        browser::now_ms(),
    )
    .map_err(LoginStart::NoRandom)?;
    store::PENDING_LOGIN
        .save(&login)
        .map_err(LoginStart::NotStored)?;
    let opened = browser::navigate_away(&login.authorize_url(&Endpoints::compiled().accounts));
    opened.then_some(()).ok_or(LoginStart::NotOpened)
}

/// Whether the pending login of this tab asked for the playlist scope for
/// a save (read before the callback takes it): the reader goes back to the
/// releases.
pub(crate) fn returning_to_save() -> bool {
    matches!(store::pending_purpose(), Some(Purpose::SavePlaylist { .. }))
}

/// What more scope was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Wanted {
    Playlist,
    Library,
}

impl Wanted {
    fn of(purpose: &Purpose) -> Option<Self> {
        match purpose {
            Purpose::Login => None,
            Purpose::SavePlaylist { .. } => Some(Wanted::Playlist),
            Purpose::ReadLibrary { .. } => Some(Wanted::Library),
        }
    }
}

/// What a return from Spotify's consent page came to.
#[derive(Debug)]
pub(crate) enum Finished {
    /// A login: tokens of a new session.
    LoggedIn(TokenSet, Kept),
    /// The reader who asked granted more scope: their session goes on with
    /// these tokens, and so does what they wanted it for.
    MoreScope(Wanted, TokenSet, Kept),
    /// The reader said no to more scope: nothing changes.
    ScopeRefused(Wanted),
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
pub(crate) async fn finish_login(
    pause: SpotifyPause,
    query: String,
) -> Result<Finished, LoginFinish> {
    let pending = store::take_pending_login();
    let wanted = pending
        .as_ref()
        .and_then(|login| Wanted::of(&login.purpose));
    let grant = match (
        callback::validate(&query, pending, browser::now_ms()),
        wanted,
    ) {
        (Err(CallbackError::Denied), Some(wanted)) => return Ok(Finished::ScopeRefused(wanted)),
        (other, _) => other.map_err(LoginFinish::Refused)?,
    };
    let session_id = SessionId::generate().map_err(LoginFinish::NoRandom)?;
    let response = http::post_form(
        &Endpoints::compiled().token_url(),
        grant.token_request_body(),
    )
    .await
    .map_err(|_| LoginFinish::Unreachable)?;
    let login = Continuing {
        session: &session_id,
        client_id: &grant.login.client_id,
        refresh_token: None,
        scope: None,
        issued: 0,
    };
    let tokens = parse_token_response(response.status, &response.body, login, browser::now_ms())
        .map_err(LoginFinish::Token)?;
    if let (Some(wanted), Some(asked_by)) = (wanted, grant.login.purpose.asked_by()) {
        let answered_by = user_of(tokens.clone(), pause).await;
        let asked_by = asked_by.to_string();
        let (status, client_id) = (response.status, grant.login.client_id.clone());
        // Under the renewal lock: no renewal of the grant this one replaces
        // lands after it, and the worker's copy (if any) takes it too.
        let more_scope = web()
            .renewing_alone(async move {
                let held = PageTokens.stored().await;
                if !continues_session(&asked_by, answered_by.as_deref(), held.is_some()) {
                    return None;
                }
                let continuing = Continuing {
                    client_id: &client_id,
                    ..held.as_ref()?.continuing_with_new_grant()
                };
                let tokens =
                    parse_token_response(status, &response.body, continuing, browser::now_ms())
                        .ok()?;
                let kept = store::keep_tokens(&tokens);
                if store::BACKGROUND_ALERTS.is_on() {
                    store::TOKENS.mirror(&tokens).await;
                }
                Some((tokens, kept))
            })
            .await
            .flatten();
        if let Some((tokens, kept)) = more_scope {
            return Ok(Finished::MoreScope(wanted, tokens, kept));
        }
    }
    let kept = store::keep_tokens(&tokens);
    Ok(Finished::LoggedIn(tokens, kept))
}

/// The Spotify user the tokens belong to, if `/me` says.
/// The tokens are not the session's yet: never renewed, and no session
/// ends if they fail.
async fn user_of(tokens: TokenSet, pause: SpotifyPause) -> Option<String> {
    let page = Page {
        held: &|| Some(tokens.clone()),
        adopt: &|_| false,
        pause,
        countdown: &|_| {},
        stale: &|| false,
    };
    let me = Endpoints::compiled().me_url();
    let body = page_host::body_of(&page, Method::Get, &me).await.ok()?;
    let user: User = serde_json::from_str(&body).ok()?;
    Some(user.id)
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
