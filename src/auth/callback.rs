//! Validation of the query Spotify's redirect brings to `/spotify/callback`,
//! against the login this tab started. Every refusal is a typed error whose
//! text the user reads.

use super::authorize::PendingLogin;

/// A callback that passed every check: the code, and what must go with it.
pub struct AuthorizationGrant {
    pub code: String,
    pub login: PendingLogin,
}

/// The code is a credential until it is spent: it never prints.
impl std::fmt::Debug for AuthorizationGrant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationGrant")
            .field("code", &"[redacted]")
            .field("login", &self.login)
            .finish()
    }
}

impl AuthorizationGrant {
    /// The form body of the `authorization_code` token request.
    pub fn token_request_body(&self) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("grant_type", "authorization_code"),
                ("code", self.code.as_str()),
                ("redirect_uri", self.login.redirect_uri.as_str()),
                ("client_id", self.login.client_id.as_str()),
                ("code_verifier", self.login.verifier.secret()),
            ])
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallbackError {
    /// The user pressed Cancel on Spotify's consent screen.
    Denied,
    /// Spotify sent another `error` code.
    Spotify(String),
    /// No login was started in this tab (or it was used already).
    NoPendingLogin,
    /// The `state` is not the one this tab sent: a forged or replayed link.
    StateMismatch,
    /// The login was started too long ago.
    Expired,
    /// The query is not one Spotify writes.
    Malformed(Malformed),
}

/// How a callback query is not one Spotify writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Malformed {
    BadEscape,
    RepeatedParameter,
    NoState,
    NoCode,
}

/// Checks a callback query. `pending` is this tab's login, already taken
/// out of storage so that it is used at most once, whatever the outcome.
pub fn validate(
    query: &str,
    pending: Option<PendingLogin>,
    now_ms: f64,
) -> Result<AuthorizationGrant, CallbackError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    if !well_escaped(query) {
        return Err(CallbackError::Malformed(Malformed::BadEscape));
    }
    let mut code = None;
    let mut state = None;
    let mut error = None;
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut state,
            "error" => &mut error,
            _ => continue,
        };
        // RFC 6749 §3.1: a parameter must not appear twice.
        if slot.replace(value.into_owned()).is_some() {
            return Err(CallbackError::Malformed(Malformed::RepeatedParameter));
        }
    }
    if let Some(error) = error {
        return Err(if error == "access_denied" {
            CallbackError::Denied
        } else {
            CallbackError::Spotify(error.chars().take(64).collect())
        });
    }
    let login = pending.ok_or(CallbackError::NoPendingLogin)?;
    let state = state.ok_or(CallbackError::Malformed(Malformed::NoState))?;
    if !login.state.matches(&state) {
        return Err(CallbackError::StateMismatch);
    }
    if login.is_expired(now_ms) {
        return Err(CallbackError::Expired);
    }
    let code = code
        .filter(|c| !c.is_empty())
        .ok_or(CallbackError::Malformed(Malformed::NoCode))?;
    Ok(AuthorizationGrant { code, login })
}

/// Every `%` starts an escape of two hex digits. form_urlencoded passes a
/// broken one through as text; Spotify never writes one, so such a link was
/// cut short or altered on its way.
fn well_escaped(query: &str) -> bool {
    let mut bytes = query.bytes();
    while let Some(byte) = bytes.next() {
        if byte == b'%' {
            let hex = (bytes.next(), bytes.next());
            if !matches!(hex, (Some(a), Some(b)) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
            {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    const REDIRECT: &str = "http://127.0.0.1:8080/spotify/callback";

    fn login() -> PendingLogin {
        PendingLogin::start("client", REDIRECT, 0.0).expect("random")
    }

    fn query(code: &str, state: &str) -> String {
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs([("code", code), ("state", state)])
            .finish()
    }

    #[test]
    fn accepts_matching_state_and_builds_the_token_request() {
        let login = login();
        let q = format!("?{}", query("the-code", login.state.secret()));
        let verifier = login.verifier.secret().to_string();
        let grant = validate(&q, Some(login), 1.0).expect("valid");
        assert_eq!(grant.code, "the-code");
        let body: Vec<(String, String)> =
            form_urlencoded::parse(grant.token_request_body().as_bytes())
                .into_owned()
                .collect();
        let expected: Vec<(String, String)> = [
            ("grant_type", "authorization_code"),
            ("code", "the-code"),
            ("redirect_uri", REDIRECT),
            ("client_id", "client"),
            ("code_verifier", verifier.as_str()),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(body, expected);
        let printed = format!("{grant:?}");
        assert!(!printed.contains("the-code"), "{printed}");
        assert!(!printed.contains(&verifier), "{printed}");
    }

    #[test]
    fn refuses_a_wrong_state() {
        let err = validate(&query("c", "AAAAAAAAAAAAAAAAAAAAAA"), Some(login()), 1.0).unwrap_err();
        assert_eq!(err, CallbackError::StateMismatch);
    }

    #[test]
    fn refuses_when_no_login_is_pending() {
        let err = validate(&query("c", "AAAAAAAAAAAAAAAAAAAAAA"), None, 1.0).unwrap_err();
        assert_eq!(err, CallbackError::NoPendingLogin);
    }

    #[test]
    fn reports_denial_and_other_errors_before_anything_else() {
        let login = login();
        let denied = format!("error=access_denied&state={}", login.state.secret());
        assert_eq!(
            validate(&denied, Some(login), 1.0).unwrap_err(),
            CallbackError::Denied
        );
        assert_eq!(
            validate("error=server_error", None, 1.0).unwrap_err(),
            CallbackError::Spotify("server_error".into())
        );
    }

    #[test]
    fn refuses_malformed_queries() {
        let state = "AAAAAAAAAAAAAAAAAAAAAA";
        for broken in ["code=%zz", "code=a&state=%", "code=%4"] {
            assert_eq!(
                validate(broken, Some(login()), 1.0).unwrap_err(),
                CallbackError::Malformed(Malformed::BadEscape),
                "{broken}"
            );
        }
        let twice = format!("code=a&code=b&state={state}");
        assert!(matches!(
            validate(&twice, Some(login()), 1.0),
            Err(CallbackError::Malformed(_))
        ));
        let login = login();
        let no_code = format!("state={}", login.state.secret());
        assert!(matches!(
            validate(&no_code, Some(login), 1.0),
            Err(CallbackError::Malformed(_))
        ));
        assert!(matches!(
            validate("code=a", Some(self::login()), 1.0),
            Err(CallbackError::Malformed(_))
        ));
    }

    #[test]
    fn refuses_an_expired_login() {
        let login = login();
        let q = query("c", login.state.secret());
        let later = super::super::authorize::PENDING_LOGIN_LIFETIME_MS + 1.0;
        assert_eq!(
            validate(&q, Some(login), later).unwrap_err(),
            CallbackError::Expired
        );
    }
}
