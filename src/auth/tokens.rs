//! The token set: what Spotify's token endpoint returns, checked field by
//! field, the expiry arithmetic, and the localStorage format.

use crate::json::{self, Json};
use crate::urlencoded;
use std::fmt;

/// Renew when less than this is left, so no request leaves with a token
/// that dies on the way.
pub const RENEW_MARGIN_MS: f64 = 60_000.0;

#[derive(Clone, PartialEq)]
pub struct TokenSet {
    access_token: String,
    refresh_token: Option<String>,
    /// Milliseconds since the epoch, as `Date.now()` counts.
    pub expires_at_ms: f64,
    pub scope: String,
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
    Incomplete(&'static str),
}

impl TokenError {
    /// `invalid_grant` means the code or refresh token is dead for good.
    pub fn is_invalid_grant(&self) -> bool {
        matches!(self, Self::Spotify { error, .. } if error == "invalid_grant")
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spotify { description: Some(text), .. } if !text.trim().is_empty() => {
                write!(f, "Spotify refused the login: {text}")
            }
            Self::Spotify { error, .. } => write!(f, "Spotify refused the login ({error})."),
            Self::Unreadable { status } => write!(
                f,
                "Spotify's login service answered with an unexpected error (HTTP {status}). Please try again."
            ),
            Self::Incomplete(what) => write!(
                f,
                "Spotify's login answer was incomplete ({what}), so no one was logged in. Please try again."
            ),
        }
    }
}

/// Reads a token endpoint answer. `previous_refresh` is kept when a renewal
/// brings no new refresh token (Spotify may or may not rotate it).
pub fn parse_token_response(
    status: u16,
    body: &str,
    previous_refresh: Option<&str>,
    now_ms: f64,
) -> Result<TokenSet, TokenError> {
    if !(200..300).contains(&status) {
        let body = json::parse(body);
        return Err(match body.as_ref().and_then(|b| b.string("error")) {
            Some(error) => TokenError::Spotify {
                status,
                error,
                description: body.and_then(|b| b.string("error_description")),
            },
            None => TokenError::Unreadable { status },
        });
    }
    let response = json::parse(body)
        .filter(|v| matches!(v, Json::Object(_)))
        .ok_or(TokenError::Incomplete("not JSON"))?;
    let access_token = response
        .string("access_token")
        .filter(|t| !t.is_empty())
        .ok_or(TokenError::Incomplete("no access_token"))?;
    if !response
        .string("token_type")
        .is_some_and(|t| t.eq_ignore_ascii_case("bearer"))
    {
        return Err(TokenError::Incomplete("token_type is not Bearer"));
    }
    let expires_in = response
        .get("expires_in")
        .and_then(Json::as_u64)
        .filter(|s| *s > 0)
        .ok_or(TokenError::Incomplete("no valid expires_in"))?;
    let refresh_token = response
        .string("refresh_token")
        .filter(|t| !t.is_empty())
        .or_else(|| previous_refresh.map(str::to_string));
    Ok(TokenSet {
        access_token,
        refresh_token,
        expires_at_ms: now_ms + expires_in as f64 * 1000.0,
        scope: response.string("scope").unwrap_or_default(),
    })
}

/// Version of the storage record; a record of another is ignored.
const FORMAT_VERSION: u64 = 1;

impl TokenSet {
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    pub fn refresh_token(&self) -> Option<&str> {
        self.refresh_token.as_deref()
    }

    /// True when the access token has less than [`RENEW_MARGIN_MS`] left.
    pub fn needs_renewal(&self, now_ms: f64) -> bool {
        let left = self.expires_at_ms - now_ms;
        left.is_nan() || left <= RENEW_MARGIN_MS
    }

    /// The form body of a `refresh_token` request, if renewal is possible.
    pub fn renewal_request_body(&self, client_id: &str) -> Option<String> {
        let refresh = self.refresh_token.as_deref()?;
        Some(urlencoded::encode(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", client_id),
        ]))
    }

    pub fn to_storage(&self) -> String {
        Json::object([
            ("v", Some(Json::from_u64(FORMAT_VERSION))),
            ("access_token", Some(Json::text(&self.access_token))),
            (
                "refresh_token",
                self.refresh_token.as_deref().map(Json::text),
            ),
            ("expires_at_ms", Some(Json::from_ms(self.expires_at_ms))),
            ("scope", Some(Json::text(&self.scope))),
        ])
        .to_string()
    }

    /// `None` for anything this app did not write.
    pub fn from_storage(text: &str) -> Option<Self> {
        let stored = json::parse(text)?;
        let version = stored.get("v").and_then(Json::as_u64);
        let access_token = stored.string("access_token").filter(|t| !t.is_empty());
        let refresh_token = match stored.get("refresh_token") {
            None => None,
            Some(t) => Some(t.as_str().filter(|t| !t.is_empty())?.to_string()),
        };
        let expires_at_ms = stored.get("expires_at_ms").and_then(Json::as_ms)?;
        (version == Some(FORMAT_VERSION)).then_some(Self {
            access_token: access_token?,
            refresh_token,
            expires_at_ms,
            scope: stored.string("scope")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"{"access_token":"AT","token_type":"Bearer","expires_in":3600,"refresh_token":"RT","scope":"user-follow-read user-read-email"}"#;

    #[test]
    fn reads_a_complete_response() {
        let tokens = parse_token_response(200, OK, None, 1_000.0).expect("valid");
        assert_eq!(tokens.access_token(), "AT");
        assert_eq!(tokens.refresh_token(), Some("RT"));
        assert_eq!(tokens.expires_at_ms, 1_000.0 + 3_600_000.0);
        assert_eq!(tokens.scope, "user-follow-read user-read-email");
    }

    #[test]
    fn keeps_the_old_refresh_token_when_none_comes() {
        let body = r#"{"access_token":"AT2","token_type":"bearer","expires_in":3600}"#;
        let tokens = parse_token_response(200, body, Some("OLD"), 0.0).expect("valid");
        assert_eq!(tokens.refresh_token(), Some("OLD"));
        let rotated = parse_token_response(200, OK, Some("OLD"), 0.0).expect("valid");
        assert_eq!(rotated.refresh_token(), Some("RT"));
    }

    #[test]
    fn missing_fields_are_named() {
        let cases = [
            ("{}", "no access_token"),
            (
                r#"{"access_token":"","token_type":"Bearer","expires_in":1}"#,
                "no access_token",
            ),
            (
                r#"{"access_token":"A","expires_in":1}"#,
                "token_type is not Bearer",
            ),
            (
                r#"{"access_token":"A","token_type":"mac","expires_in":1}"#,
                "token_type is not Bearer",
            ),
            (
                r#"{"access_token":"A","token_type":"Bearer"}"#,
                "no valid expires_in",
            ),
            (
                r#"{"access_token":"A","token_type":"Bearer","expires_in":-5}"#,
                "no valid expires_in",
            ),
            ("<html>", "not JSON"),
        ];
        for (body, what) in cases {
            assert_eq!(
                parse_token_response(200, body, None, 0.0),
                Err(TokenError::Incomplete(what)),
                "{body}"
            );
        }
    }

    #[test]
    fn spotify_errors_show_their_description() {
        let body = r#"{"error":"invalid_grant","error_description":"Invalid authorization code"}"#;
        let err = parse_token_response(400, body, None, 0.0).unwrap_err();
        assert!(err.is_invalid_grant());
        assert_eq!(
            err.to_string(),
            "Spotify refused the login: Invalid authorization code"
        );
        let bare =
            parse_token_response(400, r#"{"error":"invalid_client"}"#, None, 0.0).unwrap_err();
        assert_eq!(
            bare.to_string(),
            "Spotify refused the login (invalid_client)."
        );
        assert!(!bare.is_invalid_grant());
    }

    #[test]
    fn non_json_errors_are_reported_with_their_status() {
        let err = parse_token_response(502, "<h1>Bad gateway</h1>", None, 0.0).unwrap_err();
        assert_eq!(err, TokenError::Unreadable { status: 502 });
        assert!(err.to_string().contains("HTTP 502"));
    }

    #[test]
    fn renewal_margin() {
        let tokens = parse_token_response(200, OK, None, 0.0).expect("valid");
        assert!(!tokens.needs_renewal(3_600_000.0 - RENEW_MARGIN_MS - 1.0));
        assert!(tokens.needs_renewal(3_600_000.0 - RENEW_MARGIN_MS));
        assert!(tokens.needs_renewal(f64::NAN));
    }

    #[test]
    fn renewal_body_carries_client_id_and_no_secret() {
        let tokens = parse_token_response(200, OK, None, 0.0).expect("valid");
        assert_eq!(
            tokens.renewal_request_body("cid").as_deref(),
            Some("grant_type=refresh_token&refresh_token=RT&client_id=cid")
        );
        let body = r#"{"access_token":"A","token_type":"Bearer","expires_in":1}"#;
        let without = parse_token_response(200, body, None, 0.0).expect("valid");
        assert_eq!(without.renewal_request_body("cid"), None);
    }

    #[test]
    fn storage_round_trip_and_corrupt_values() {
        let tokens = parse_token_response(200, OK, None, 5.0).expect("valid");
        assert_eq!(
            TokenSet::from_storage(&tokens.to_storage()),
            Some(tokens.clone())
        );
        for text in [
            "",
            "{",
            "[]",
            r#"{"v":1}"#,
            r#"{"v":9,"access_token":"A","refresh_token":null,"expires_at_ms":1,"scope":""}"#,
            r#"{"v":1,"access_token":"","refresh_token":null,"expires_at_ms":1,"scope":""}"#,
        ] {
            assert_eq!(TokenSet::from_storage(text), None, "{text}");
        }
    }

    #[test]
    fn debug_hides_tokens() {
        let tokens = parse_token_response(200, OK, None, 0.0).expect("valid");
        let shown = format!("{tokens:?}");
        assert!(!shown.contains("AT") && !shown.contains("RT"), "{shown}");
    }
}
