//! What the emulator remembers: registered app, issued codes and tokens,
//! the followed artists, injected faults and every request it saw.

use crate::artists::Artist;
use crate::faults::Fault;
use crate::library::Library;
use rand::Rng;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How the emulated Spotify account and app are set up.
#[derive(Clone, Debug)]
pub struct Config {
    /// The app's client ID (Spotify's are 32 hex characters).
    pub client_id: String,
    /// Redirect URIs registered for the app, matched exactly.
    pub redirect_uris: Vec<String>,
    pub user_id: String,
    /// `None` emulates an account without a display name.
    pub display_name: Option<String>,
    pub artists: Vec<Artist>,
    pub access_token_lifetime: Duration,
    pub code_lifetime: Duration,
    /// Whether a renewal hands out a new refresh token (and voids the old one).
    pub rotate_refresh_tokens: bool,
    /// Another Spotify user of this browser, with a list of their own: the
    /// consent page logs them in after [`crate::Emulator::sign_in_as_second_user`].
    pub second_user: Option<Account>,
    /// The configured user's saved songs and albums.
    pub library: Library,
    /// Artists Spotify has that nobody here follows: search finds them and
    /// their albums are listed.
    pub catalog: Vec<Artist>,
    /// How late every CORS preflight is answered: a slow network's round
    /// trip (faults, which count the app's own requests, never touch them).
    pub preflight_delay: Duration,
}

/// A Spotify user other than the configured one.
#[derive(Clone, Debug, Default)]
pub struct Account {
    pub user_id: String,
    pub display_name: Option<String>,
    pub artists: Vec<Artist>,
    pub library: Library,
}

pub const DEMO_CLIENT_ID: &str = "0123456789abcdef0123456789abcdef";

impl Default for Config {
    fn default() -> Self {
        Self {
            client_id: DEMO_CLIENT_ID.to_string(),
            redirect_uris: vec!["http://127.0.0.1:8080/spotify/callback".to_string()],
            user_id: "emulated-user".to_string(),
            display_name: Some("Emulated Listener".to_string()),
            artists: Vec::new(),
            access_token_lifetime: Duration::from_secs(3600),
            code_lifetime: Duration::from_secs(600),
            rotate_refresh_tokens: false,
            second_user: None,
            library: Library::default(),
            catalog: Vec::new(),
            preflight_delay: Duration::ZERO,
        }
    }
}

/// One request as it arrived, and the status it got.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    /// The raw query string, without `?`.
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
    pub status: u16,
    /// When it arrived.
    pub received: Instant,
}

impl RecordedRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The decoded query (or, for form posts, body) parameters.
    pub fn params(&self) -> Vec<(String, String)> {
        serde_urlencoded::from_str(&self.query).unwrap_or_default()
    }

    pub fn form(&self) -> Vec<(String, String)> {
        serde_urlencoded::from_str(&self.body).unwrap_or_default()
    }

    pub fn param(&self, key: &str) -> Option<String> {
        self.params()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    pub fn form_value(&self, key: &str) -> Option<String> {
        self.form()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }
}

pub(crate) struct ConsentRequest {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub code_challenge: String,
    pub scope: String,
    /// The user the consent page showed: 0 the configured one, 1 the second.
    pub user: usize,
}

pub(crate) struct IssuedCode {
    pub redirect_uri: String,
    pub code_challenge: String,
    pub scope: String,
    pub issued: Instant,
    pub used: bool,
    pub user: usize,
}

pub(crate) struct AccessGrant {
    pub expires: Instant,
    pub scope: String,
    pub user: usize,
}

pub(crate) struct RefreshGrant {
    pub scope: String,
    pub revoked: bool,
    pub user: usize,
}

pub(crate) struct Inner {
    pub config: Config,
    pub consents: HashMap<String, ConsentRequest>,
    pub codes: HashMap<String, IssuedCode>,
    pub access_tokens: HashMap<String, AccessGrant>,
    pub refresh_tokens: HashMap<String, RefreshGrant>,
    pub faults: Vec<Fault>,
    pub requests: Vec<RecordedRequest>,
    /// `(method, path)` of every request as it arrives, before any delay:
    /// `requests` has each only once it is answered.
    pub arrivals: Vec<(String, String)>,
    /// The emulator's own base URL, for absolute `next` and `href` links.
    pub base_url: String,
    /// Who the consent page logs in: 0 the configured user, 1 the second.
    pub signed_in: usize,
    /// Every playlist made through the API, deleted ones too.
    pub playlists: Vec<crate::playlists::Playlist>,
}

impl Inner {
    /// User `user`'s saved songs and albums.
    pub fn library(&self, user: usize) -> &Library {
        match (&self.config.second_user, user) {
            (Some(second), 1) => &second.library,
            _ => &self.config.library,
        }
    }

    /// Every artist Spotify has here: both users' and the catalog's, some
    /// more than once.
    pub fn everyone(&self) -> impl Iterator<Item = &Artist> {
        self.config
            .artists
            .iter()
            .chain(self.config.second_user.iter().flat_map(|u| &u.artists))
            .chain(&self.config.catalog)
    }

    /// User `user`'s id, display name and followed artists.
    pub fn account(&self, user: usize) -> (&str, Option<&str>, &[Artist]) {
        match (&self.config.second_user, user) {
            (Some(second), 1) => (
                &second.user_id,
                second.display_name.as_deref(),
                &second.artists,
            ),
            _ => (
                &self.config.user_id,
                self.config.display_name.as_deref(),
                &self.config.artists,
            ),
        }
    }
}

#[derive(Clone)]
pub(crate) struct Shared(Arc<Mutex<Inner>>);

impl Shared {
    pub fn new(config: Config, base_url: String) -> Self {
        Self(Arc::new(Mutex::new(Inner {
            config,
            consents: HashMap::new(),
            codes: HashMap::new(),
            access_tokens: HashMap::new(),
            refresh_tokens: HashMap::new(),
            faults: Vec::new(),
            requests: Vec::new(),
            arrivals: Vec::new(),
            base_url,
            signed_in: 0,
            playlists: Vec::new(),
        })))
    }

    pub fn lock(&self) -> MutexGuard<'_, Inner> {
        // A test that panicked while holding the lock must not hide other failures.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A random token of `len` base62 characters.
pub(crate) fn random_token(len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}
