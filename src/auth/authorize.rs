//! The authorize URL and the pending login this tab keeps while the user is on
//! Spotify's consent screen.

use super::pkce::{OAuthState, PkceVerifier, RandomUnavailable};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;

/// Least privilege: the followed artists only. Spotify gives development-mode
/// apps no e-mail, and the app shows none.
pub const SCOPES: &str = "user-follow-read";

/// What saving to a playlist needs: asked for only when the reader first
/// saves (incremental consent), with what login asked for.
pub const PLAYLIST_SCOPE: &str = "playlist-modify-private";

/// What counting the library's artists needs: asked for only when the
/// reader turns that source on.
pub const LIBRARY_SCOPE: &str = "user-library-read";

/// Why the reader was sent to Spotify's consent page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// To log in.
    Login,
    /// For the playlist scope, by the reader logged in as `user_id`, whose
    /// save goes on when they come back.
    SavePlaylist { user_id: String },
    /// For the library scope, by the reader logged in as `user_id`, whose
    /// library artists come on when they come back.
    ReadLibrary { user_id: String },
}

impl Purpose {
    /// The reader who asked for more scope; none for a login.
    pub fn asked_by(&self) -> Option<&str> {
        match self {
            Purpose::Login => None,
            Purpose::SavePlaylist { user_id } | Purpose::ReadLibrary { user_id } => Some(user_id),
        }
    }

    /// The scope this consent adds to a session's.
    fn adds(&self) -> Option<&'static str> {
        match self {
            Purpose::Login => None,
            Purpose::SavePlaylist { .. } => Some(PLAYLIST_SCOPE),
            Purpose::ReadLibrary { .. } => Some(LIBRARY_SCOPE),
        }
    }
}

/// The scopes a consent for `purpose` asks for: a login's alone; more
/// scope, the scopes already `granted` and the new one (Spotify's consent
/// replaces the grant, so a scope left out would be lost).
pub fn scope_for(purpose: &Purpose, granted: &str) -> String {
    let mut scopes: Vec<&str> = SCOPES.split(' ').collect();
    if let Some(more) = purpose.adds() {
        scopes.extend(granted.split_whitespace());
        scopes.push(more);
    }
    let mut asked: Vec<&str> = Vec::with_capacity(scopes.len());
    for scope in scopes {
        if !asked.contains(&scope) {
            asked.push(scope);
        }
    }
    asked.join(" ")
}

/// Spotify's codes live about ten minutes; a login older than this is stale.
pub const PENDING_LOGIN_LIFETIME_MS: f64 = 15.0 * 60.0 * 1000.0;

/// What a login started in this tab must be finished with: the secrets, and
/// the client ID and redirect URI the authorize request named, so the token
/// request repeats them exactly.
#[derive(Debug)]
pub struct PendingLogin {
    pub verifier: PkceVerifier,
    pub state: OAuthState,
    pub client_id: String,
    pub redirect_uri: String,
    pub started_at_ms: f64,
    pub purpose: Purpose,
    /// The scopes asked for ([`scope_for`]).
    pub scope: String,
}

/// Version of the storage record, so a future change can tell old ones apart.
const FORMAT_VERSION: u64 = 1;

impl PendingLogin {
    #[cfg(test)]
    pub fn start(
        client_id: &str,
        redirect_uri: &str,
        now_ms: f64,
    ) -> Result<Self, RandomUnavailable> {
        Self::start_for(Purpose::Login, "", client_id, redirect_uri, now_ms)
    }

    /// `granted`: the scopes the session holds (for more scope).
    pub fn start_for(
        purpose: Purpose,
        granted: &str,
        client_id: &str,
        redirect_uri: &str,
        now_ms: f64,
    ) -> Result<Self, RandomUnavailable> {
        Ok(Self {
            verifier: PkceVerifier::generate()?,
            state: OAuthState::generate()?,
            client_id: client_id.to_string(),
            redirect_uri: redirect_uri.to_string(),
            started_at_ms: now_ms,
            scope: scope_for(&purpose, granted),
            purpose,
        })
    }

    /// The URL to send the whole tab to (`{accounts}/authorize?...`).
    pub fn authorize_url(&self, accounts_base: &str) -> String {
        let challenge = self.verifier.challenge();
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("client_id", self.client_id.as_str()),
                ("response_type", "code"),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("scope", self.scope.as_str()),
                ("state", self.state.secret()),
                ("code_challenge_method", "S256"),
                ("code_challenge", challenge.as_str()),
            ])
            .finish();
        format!("{accounts_base}/authorize?{query}")
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        let age = now_ms - self.started_at_ms;
        age.is_nan() || age >= PENDING_LOGIN_LIFETIME_MS
    }
}

/// The sessionStorage record of a [`PendingLogin`]: borrowed when written,
/// so the secrets are never cloned.
#[derive(Serialize, Deserialize)]
struct StoredLogin<'a> {
    v: u64,
    verifier: Cow<'a, str>,
    state: Cow<'a, str>,
    client_id: Cow<'a, str>,
    redirect_uri: Cow<'a, str>,
    started_at_ms: f64,
    /// The user whose save waits for the playlist scope; none for a login.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    save_for: Option<Cow<'a, str>>,
    /// The user whose library artists wait for the library scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    library_for: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scope: Option<Cow<'a, str>>,
}

impl Serialize for PendingLogin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StoredLogin {
            v: FORMAT_VERSION,
            verifier: self.verifier.secret().into(),
            state: self.state.secret().into(),
            client_id: self.client_id.as_str().into(),
            redirect_uri: self.redirect_uri.as_str().into(),
            started_at_ms: self.started_at_ms,
            save_for: match &self.purpose {
                Purpose::SavePlaylist { user_id } => Some(user_id.as_str().into()),
                _ => None,
            },
            library_for: match &self.purpose {
                Purpose::ReadLibrary { user_id } => Some(user_id.as_str().into()),
                _ => None,
            },
            scope: (self.scope != SCOPES).then(|| self.scope.as_str().into()),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PendingLogin {
    /// Refuses anything this app did not write: another version, or secrets
    /// that fail their own rules.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let stored = StoredLogin::deserialize(deserializer)?;
        if stored.v != FORMAT_VERSION {
            return Err(D::Error::custom("a pending login of another version"));
        }
        Ok(Self {
            verifier: PkceVerifier::parse(stored.verifier.into_owned())
                .ok_or_else(|| D::Error::custom("not a PKCE verifier"))?,
            state: OAuthState::parse(stored.state.into_owned())
                .ok_or_else(|| D::Error::custom("not an OAuth state"))?,
            client_id: stored.client_id.into_owned(),
            redirect_uri: stored.redirect_uri.into_owned(),
            started_at_ms: stored.started_at_ms,
            scope: stored
                .scope
                .map_or_else(|| SCOPES.to_string(), Cow::into_owned),
            purpose: match (stored.save_for, stored.library_for) {
                (Some(user_id), _) => Purpose::SavePlaylist {
                    user_id: user_id.into_owned(),
                },
                (None, Some(user_id)) => Purpose::ReadLibrary {
                    user_id: user_id.into_owned(),
                },
                (None, None) => Purpose::Login,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending() -> PendingLogin {
        PendingLogin::start("abc123", "http://127.0.0.1:8080/spotify/callback", 1_000.0)
            .expect("random")
    }

    #[test]
    fn authorize_url_carries_every_parameter() {
        let login = pending();
        let url = login.authorize_url("https://accounts.spotify.com");
        let (base, query) = url.split_once('?').expect("has a query");
        assert_eq!(base, "https://accounts.spotify.com/authorize");
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let get = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
                .unwrap_or("")
        };
        assert_eq!(get("client_id"), "abc123");
        assert_eq!(get("response_type"), "code");
        assert_eq!(
            get("redirect_uri"),
            "http://127.0.0.1:8080/spotify/callback"
        );
        assert_eq!(get("scope"), "user-follow-read");
        assert_eq!(get("state"), login.state.secret());
        assert_eq!(get("code_challenge_method"), "S256");
        assert_eq!(get("code_challenge"), login.verifier.challenge().as_str());
        assert_eq!(params.len(), 7);
        assert!(
            !url.contains(login.verifier.secret()),
            "the verifier never leaves the tab"
        );
    }

    #[test]
    fn storage_round_trip_keeps_the_secrets() {
        let login = pending();
        let text = serde_json::to_string(&login).expect("serializable");
        let restored: PendingLogin = serde_json::from_str(&text).expect("round trip");
        assert_eq!(restored.verifier.secret(), login.verifier.secret());
        assert!(restored.state.matches(login.state.secret()));
        assert_eq!(restored.client_id, "abc123");
        assert_eq!(restored.redirect_uri, login.redirect_uri);
        assert_eq!(restored.started_at_ms, 1_000.0);
    }

    #[test]
    fn foreign_or_corrupt_records_are_refused() {
        for text in [
            "",
            "null",
            "{}",
            "not json",
            r#"{"v":2,"verifier":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","state":"AAAAAAAAAAAAAAAAAAAAAA","client_id":"x","redirect_uri":"y","started_at_ms":1}"#,
            r#"{"v":1,"verifier":"short","state":"AAAAAAAAAAAAAAAAAAAAAA","client_id":"x","redirect_uri":"y","started_at_ms":1}"#,
            r#"{"v":1,"verifier":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","state":"AAAA","client_id":"x","redirect_uri":"y","started_at_ms":1}"#,
        ] {
            assert!(
                serde_json::from_str::<PendingLogin>(text).is_err(),
                "accepted {text:?}"
            );
        }
    }

    #[test]
    fn the_playlist_scope_is_asked_for_only_for_a_save_and_remembered() {
        let login = PendingLogin::start_for(
            Purpose::SavePlaylist {
                user_id: "me".into(),
            },
            "user-follow-read",
            "abc123",
            "http://127.0.0.1:8080/spotify/callback",
            1_000.0,
        )
        .expect("random");
        let url = login.authorize_url("https://accounts.spotify.com");
        assert!(
            url.contains("scope=user-follow-read+playlist-modify-private&"),
            "{url}"
        );
        let text = serde_json::to_string(&login).expect("serializable");
        let restored: PendingLogin = serde_json::from_str(&text).expect("round trip");
        assert_eq!(restored.purpose, login.purpose);
        let plain = serde_json::to_string(&pending()).expect("serializable");
        assert!(!plain.contains("save_for"), "{plain}");
        let restored: PendingLogin = serde_json::from_str(&plain).expect("round trip");
        assert_eq!(restored.purpose, Purpose::Login);
    }

    #[test]
    fn more_scope_asks_for_what_was_granted_and_the_new_one() {
        let library = Purpose::ReadLibrary {
            user_id: "me".into(),
        };
        assert_eq!(
            scope_for(&library, "user-follow-read"),
            "user-follow-read user-library-read"
        );
        assert_eq!(
            scope_for(&library, "playlist-modify-private user-follow-read"),
            "user-follow-read playlist-modify-private user-library-read"
        );
        let playlist = Purpose::SavePlaylist {
            user_id: "me".into(),
        };
        assert_eq!(
            scope_for(&playlist, "user-follow-read user-library-read"),
            "user-follow-read user-library-read playlist-modify-private"
        );
        assert_eq!(
            scope_for(&Purpose::Login, "user-library-read"),
            "user-follow-read",
            "a login asks for the least"
        );
        let login =
            PendingLogin::start_for(library, "user-follow-read", "c", "r", 1.0).expect("random");
        let text = serde_json::to_string(&login).expect("serializable");
        let restored: PendingLogin = serde_json::from_str(&text).expect("round trip");
        assert_eq!(restored.purpose, login.purpose);
        assert_eq!(restored.scope, "user-follow-read user-library-read");
        assert!(login
            .authorize_url("https://a")
            .contains("scope=user-follow-read+user-library-read&"));
    }

    #[test]
    fn expires_after_fifteen_minutes() {
        let login = pending();
        assert!(!login.is_expired(1_000.0 + PENDING_LOGIN_LIFETIME_MS - 1.0));
        assert!(login.is_expired(1_000.0 + PENDING_LOGIN_LIFETIME_MS));
        assert!(login.is_expired(f64::NAN));
    }
}
