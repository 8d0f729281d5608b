//! The token set: what Spotify's token endpoint returns, checked field by
//! field, the expiry arithmetic, and the localStorage format.

use super::pkce::{random_id, RandomUnavailable};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Renew when less than this is left, so no request leaves with a token
/// that dies on the way.
pub const RENEW_MARGIN_MS: f64 = 60_000.0;

/// Stored in localStorage as [`StoredTokens`]; a record that fails its
/// checks does not read as a token set.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(into = "StoredTokens", try_from = "StoredTokens")]
pub struct TokenSet {
    access_token: String,
    refresh_token: Option<String>,
    /// Milliseconds since the epoch, as `Date.now()` counts.
    pub expires_at_ms: f64,
    pub scope: String,
    session: SessionId,
    /// The app the tokens were issued to: a renewal must name it, whatever
    /// client ID another copy of the app on this origin uses.
    client_id: String,
    /// Which set of its session this is (0 for the login's): the page and
    /// the service worker each keep one, and the higher number wins. Expiry
    /// cannot order them: a renewal of a grant that a consent for more
    /// scope replaced would expire later and drop the new scope.
    issued: u64,
}

/// Which login a token set belongs to. Renewals keep it; a new login (perhaps
/// as someone else, in another tab) makes a new one, so every tab can tell
/// that the stored session is no longer the one it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SessionId(String);

impl SessionId {
    pub fn generate() -> Result<Self, RandomUnavailable> {
        random_id().map(Self)
    }

    #[cfg(test)]
    pub fn for_test(id: &str) -> Self {
        Self(id.to_string())
    }
}

impl TokenSet {
    /// Tokens of session `session`, issued now (at 0 ms), with this access
    /// and refresh token.
    #[cfg(test)]
    pub fn for_test(session: &str, access: &str, refresh: &str) -> TokenSet {
        let body = format!(
            r#"{{"access_token":"{access}","token_type":"Bearer","expires_in":3600,"refresh_token":"{refresh}"}}"#
        );
        let session = SessionId::for_test(session);
        let login = Continuing {
            session: &session,
            client_id: "cid",
            refresh_token: None,
            scope: None,
            issued: 0,
        };
        parse_token_response(200, &body, login, 0.0).expect("valid")
    }
}

/// What a token answer continues: its session, the app it was issued to,
/// and the refresh token and scopes to keep when the answer brings none.
pub struct Continuing<'a> {
    pub session: &'a SessionId,
    pub client_id: &'a str,
    pub refresh_token: Option<&'a str>,
    pub scope: Option<&'a str>,
    /// The number the new set gets ([`TokenSet::is_renewed_by`]).
    pub issued: u64,
}

impl fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenSet")
            .field("expires_at_ms", &self.expires_at_ms)
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TokenError {
    /// Spotify answered with its error JSON, e.g. `invalid_grant`.
    Spotify {
        status: u16,
        error: String,
        description: Option<String>,
    },
    /// A non-JSON error body (a proxy page, an outage).
    Unreadable { status: u16 },
    /// A 200 whose body lacks or garbles what a token set needs.
    Incomplete(Missing),
}

/// What a token answer lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// The body is not JSON.
    Json,
    AccessToken,
    /// `token_type` is not `Bearer`.
    BearerType,
    /// No valid `expires_in`.
    Expiry,
}

impl TokenError {
    /// `invalid_grant` means the code or refresh token is dead for good.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, Self::Spotify { error, .. } if error == "invalid_grant")
    }
}

/// Reads a token endpoint answer. The refresh token of `continuing` is kept
/// when a renewal brings no new one (Spotify may or may not rotate it).
pub fn parse_token_response(
    status: u16,
    body: &str,
    continuing: Continuing<'_>,
    now_ms: f64,
) -> Result<TokenSet, TokenError> {
    if !(200..300).contains(&status) {
        let body = serde_json::from_str::<ErrorBody>(body).ok();
        return Err(match body {
            Some(ErrorBody {
                error: Some(error),
                error_description,
            }) => TokenError::Spotify {
                status,
                error,
                description: error_description,
            },
            _ => TokenError::Unreadable { status },
        });
    }
    let response = serde_json::from_str::<TokenResponse>(body)
        .map_err(|_| TokenError::Incomplete(Missing::Json))?;
    let access_token = response
        .access_token
        .filter(|t| !t.is_empty())
        .ok_or(TokenError::Incomplete(Missing::AccessToken))?;
    if !response
        .token_type
        .is_some_and(|t| t.eq_ignore_ascii_case("bearer"))
    {
        return Err(TokenError::Incomplete(Missing::BearerType));
    }
    let expires_in = response
        .expires_in
        .and_then(|s| s.as_u64())
        .filter(|s| *s > 0)
        .ok_or(TokenError::Incomplete(Missing::Expiry))?;
    let refresh_token = response
        .refresh_token
        .filter(|t| !t.is_empty())
        .or_else(|| continuing.refresh_token.map(str::to_string));
    Ok(TokenSet {
        access_token,
        refresh_token,
        expires_at_ms: now_ms + expires_in as f64 * 1000.0,
        // A renewal keeps the scopes granted when Spotify does not repeat them.
        scope: response
            .scope
            .or_else(|| continuing.scope.map(str::to_string))
            .unwrap_or_default(),
        session: continuing.session.clone(),
        client_id: continuing.client_id.to_string(),
        issued: continuing.issued,
    })
}

/// A token endpoint's success body. Every field is optional here so that a
/// missing one is named in the error, not lost in a parse failure.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: Option<String>,
    token_type: Option<String>,
    /// A number of any JSON kind: a negative or fractional one is refused
    /// by the check, with its own message.
    expires_in: Option<serde_json::Number>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

/// A token endpoint's error body (RFC 6749 §5.2).
#[derive(Deserialize)]
struct ErrorBody {
    error: Option<String>,
    error_description: Option<String>,
}

/// Version of the storage record; a record of another is ignored.
const FORMAT_VERSION: u64 = 2;

impl TokenSet {
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// Whether Spotify granted `scope` with these tokens.
    pub fn has_scope(&self, scope: &str) -> bool {
        self.scope.split(' ').any(|granted| granted == scope)
    }

    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }

    pub fn session(&self) -> &SessionId {
        &self.session
    }

    /// What a renewal of these tokens continues.
    pub fn continuing(&self) -> Continuing<'_> {
        Continuing {
            session: &self.session,
            client_id: &self.client_id,
            refresh_token: self.refresh_token(),
            scope: Some(&self.scope),
            issued: self.issued + 1,
        }
    }

    /// What a consent for more scope, answered by this session's reader,
    /// continues: a new grant, with nothing of this one's kept.
    pub fn continuing_with_new_grant(&self) -> Continuing<'_> {
        Continuing {
            refresh_token: None,
            scope: None,
            ..self.continuing()
        }
    }

    /// Whether `found` (in another store: the page's or the service
    /// worker's) is a later set of this session than these: the newest
    /// set of a session wins wherever it is.
    pub fn is_renewed_by(&self, found: &TokenSet) -> bool {
        found.session == self.session && found.issued > self.issued
    }

    /// True when the access token has less than [`RENEW_MARGIN_MS`] left.
    pub fn needs_renewal(&self, now_ms: f64) -> bool {
        let left = self.expires_at_ms - now_ms;
        left.is_nan() || left <= RENEW_MARGIN_MS
    }

    /// The form body of a `refresh_token` request, if renewal is possible.
    pub fn renewal_request_body(&self) -> Option<String> {
        let refresh = self.refresh_token.as_deref()?;
        Some(
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("grant_type", "refresh_token"),
                    ("refresh_token", refresh),
                    ("client_id", &self.client_id),
                ])
                .finish(),
        )
    }
}

/// The localStorage record of a [`TokenSet`].
#[derive(Serialize, Deserialize)]
pub struct StoredTokens {
    v: u64,
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    expires_at_ms: f64,
    scope: String,
    session: SessionId,
    client_id: String,
    /// Absent in records written before sets were numbered.
    #[serde(default)]
    issued: u64,
}

impl From<TokenSet> for StoredTokens {
    fn from(tokens: TokenSet) -> Self {
        Self {
            v: FORMAT_VERSION,
            access_token: tokens.access_token,
            refresh_token: tokens.refresh_token,
            expires_at_ms: tokens.expires_at_ms,
            scope: tokens.scope,
            session: tokens.session,
            client_id: tokens.client_id,
            issued: tokens.issued,
        }
    }
}

impl TryFrom<StoredTokens> for TokenSet {
    type Error = &'static str;

    /// Refuses anything this app did not write.
    fn try_from(stored: StoredTokens) -> Result<Self, Self::Error> {
        if stored.v != FORMAT_VERSION {
            return Err("a token record of another version");
        }
        if stored.access_token.is_empty()
            || stored.refresh_token.as_deref() == Some("")
            || stored.session.0.is_empty()
            || stored.client_id.is_empty()
        {
            return Err("an empty field");
        }
        Ok(Self {
            access_token: stored.access_token,
            refresh_token: stored.refresh_token,
            expires_at_ms: stored.expires_at_ms,
            scope: stored.scope,
            session: stored.session,
            client_id: stored.client_id,
            issued: stored.issued,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login<'a>(session: &'a SessionId) -> Continuing<'a> {
        Continuing {
            session,
            client_id: "cid",
            refresh_token: None,
            scope: None,
            issued: 0,
        }
    }

    fn session() -> SessionId {
        SessionId("S1".into())
    }

    const OK: &str = r#"{"access_token":"AT","token_type":"Bearer","expires_in":3600,"refresh_token":"RT","scope":"user-follow-read user-read-email"}"#;

    #[test]
    fn reads_a_complete_response() {
        let tokens = parse_token_response(200, OK, login(&session()), 1_000.0).expect("valid");
        assert_eq!(tokens.access_token(), "AT");
        assert_eq!(tokens.refresh_token(), Some("RT"));
        assert_eq!(tokens.expires_at_ms, 1_000.0 + 3_600_000.0);
        assert_eq!(tokens.scope, "user-follow-read user-read-email");
    }

    #[test]
    fn keeps_the_old_refresh_token_when_none_comes() {
        let body = r#"{"access_token":"AT2","token_type":"bearer","expires_in":3600}"#;
        let id = session();
        let old = Continuing {
            refresh_token: Some("OLD"),
            scope: Some("user-follow-read playlist-modify-private"),
            ..login(&id)
        };
        let tokens = parse_token_response(200, body, old, 0.0).expect("valid");
        assert_eq!(tokens.refresh_token(), Some("OLD"));
        assert!(
            tokens.has_scope("playlist-modify-private"),
            "the scopes granted stay when a renewal does not repeat them"
        );
        assert!(!tokens.has_scope("playlist-modify"));
        assert_eq!(tokens.session(), &id, "a renewal keeps its session");
        let rotated = parse_token_response(200, OK, tokens.continuing(), 0.0).expect("valid");
        assert_eq!(rotated.refresh_token(), Some("RT"));
    }

    #[test]
    fn missing_fields_are_named() {
        let cases = [
            ("{}", Missing::AccessToken),
            (
                r#"{"access_token":"","token_type":"Bearer","expires_in":1}"#,
                Missing::AccessToken,
            ),
            (
                r#"{"access_token":"A","expires_in":1}"#,
                Missing::BearerType,
            ),
            (
                r#"{"access_token":"A","token_type":"mac","expires_in":1}"#,
                Missing::BearerType,
            ),
            (
                r#"{"access_token":"A","token_type":"Bearer"}"#,
                Missing::Expiry,
            ),
            (
                r#"{"access_token":"A","token_type":"Bearer","expires_in":-5}"#,
                Missing::Expiry,
            ),
            ("<html>", Missing::Json),
        ];
        for (body, what) in cases {
            assert_eq!(
                parse_token_response(200, body, login(&session()), 0.0),
                Err(TokenError::Incomplete(what)),
                "{body}"
            );
        }
    }

    #[test]
    fn spotify_errors_show_their_description() {
        let body = r#"{"error":"invalid_grant","error_description":"Invalid authorization code"}"#;
        let err = parse_token_response(400, body, login(&session()), 0.0).unwrap_err();
        assert!(err.is_invalid_grant());
        assert_eq!(
            err.to_string(),
            "Spotify refused the login: Invalid authorization code"
        );
        let bare =
            parse_token_response(400, r#"{"error":"invalid_client"}"#, login(&session()), 0.0)
                .unwrap_err();
        assert_eq!(
            bare.to_string(),
            "Spotify refused the login (invalid_client)."
        );
        assert!(!bare.is_invalid_grant());
    }

    #[test]
    fn non_json_errors_are_reported_with_their_status() {
        let err =
            parse_token_response(502, "<h1>Bad gateway</h1>", login(&session()), 0.0).unwrap_err();
        assert_eq!(err, TokenError::Unreadable { status: 502 });
        assert!(err.to_string().contains("HTTP 502"));
    }

    #[test]
    fn renewal_margin() {
        let tokens = parse_token_response(200, OK, login(&session()), 0.0).expect("valid");
        assert!(!tokens.needs_renewal(3_600_000.0 - RENEW_MARGIN_MS - 1.0));
        assert!(tokens.needs_renewal(3_600_000.0 - RENEW_MARGIN_MS));
        assert!(tokens.needs_renewal(f64::NAN));
    }

    #[test]
    fn renewal_body_carries_client_id_and_no_secret() {
        let tokens = parse_token_response(200, OK, login(&session()), 0.0).expect("valid");
        assert_eq!(
            tokens.renewal_request_body().as_deref(),
            Some("grant_type=refresh_token&refresh_token=RT&client_id=cid")
        );
        let body = r#"{"access_token":"A","token_type":"Bearer","expires_in":1}"#;
        let without = parse_token_response(200, body, login(&session()), 0.0).expect("valid");
        assert_eq!(without.renewal_request_body(), None);
    }

    #[test]
    fn storage_round_trip_and_corrupt_values() {
        let tokens = parse_token_response(200, OK, login(&session()), 5.0).expect("valid");
        let text = serde_json::to_string(&tokens).expect("serializable");
        assert_eq!(
            serde_json::from_str::<TokenSet>(&text).ok(),
            Some(tokens.clone())
        );
        for text in [
            "",
            "{",
            "[]",
            r#"{"v":2}"#,
            r#"{"v":1,"access_token":"A","refresh_token":null,"expires_at_ms":1,"scope":""}"#,
            r#"{"v":2,"access_token":"","expires_at_ms":1,"scope":"","session":"S","client_id":"c"}"#,
            r#"{"v":2,"access_token":"A","expires_at_ms":1,"scope":"","session":"","client_id":"c"}"#,
            r#"{"v":2,"access_token":"A","expires_at_ms":1,"scope":"","session":"S","client_id":""}"#,
            r#"{"v":2,"access_token":"A","expires_at_ms":1,"scope":"","client_id":"c"}"#,
        ] {
            assert!(serde_json::from_str::<TokenSet>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn debug_hides_tokens() {
        let tokens = parse_token_response(200, OK, login(&session()), 0.0).expect("valid");
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("AT") && !shown.contains("RT"), "{shown}");
    }
}

#[cfg(test)]
mod newest_wins {
    use super::*;

    const RENEWED: &str = r#"{"access_token":"A2","token_type":"Bearer","expires_in":3600}"#;
    const CONSENT: &str = r#"{"access_token":"A3","token_type":"Bearer","expires_in":3600,"refresh_token":"R3","scope":"user-follow-read playlist-modify-private"}"#;

    fn renewal_of(tokens: &TokenSet, at_ms: f64) -> TokenSet {
        parse_token_response(200, RENEWED, tokens.continuing(), at_ms).expect("valid")
    }

    #[test]
    fn a_later_renewal_of_the_same_session_wins() {
        let page = TokenSet::for_test("S", "A1", "R1");
        let worker = renewal_of(&page, 3_000_000.0);
        assert!(page.is_renewed_by(&worker), "the worker renewed later");
        assert!(!worker.is_renewed_by(&page), "older tokens never come back");
        assert!(!page.is_renewed_by(&page.clone()), "the same set");
        let stored = StoredTokens::from(worker.clone());
        let read = TokenSet::try_from(stored).expect("valid");
        assert!(page.is_renewed_by(&read), "the order survives storage");
    }

    #[test]
    fn a_consent_for_more_scope_outranks_a_later_renewal_of_the_grant_it_replaced() {
        let held = TokenSet::for_test("S", "A1", "R1");
        let consent = parse_token_response(200, CONSENT, held.continuing_with_new_grant(), 1_000.0)
            .expect("valid");
        assert_eq!(consent.refresh_token(), Some("R3"));
        assert_eq!(consent.session(), held.session());
        // The old grant, renewed a moment later, expires later.
        let old_grant_renewed = renewal_of(&held, 2_000.0);
        assert!(old_grant_renewed.expires_at_ms > consent.expires_at_ms);
        assert!(
            !consent.is_renewed_by(&old_grant_renewed),
            "the playlist scope stays"
        );
        assert!(renewal_of(&consent, 3_000.0).has_scope("playlist-modify-private"));
    }

    #[test]
    fn another_session_never_counts_as_a_renewal() {
        let page = TokenSet::for_test("S", "A1", "R1");
        let other = renewal_of(&TokenSet::for_test("T", "A9", "R9"), 3_000_000.0);
        assert!(
            !page.is_renewed_by(&other),
            "another login is not taken up here"
        );
    }
}
