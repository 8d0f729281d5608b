//! The page as a host of the one authorized client (`crate::client`):
//! where it keeps its tokens (localStorage, which every tab reads, and the
//! worker's copy while background alerts are on), Spotify's pause for
//! every tab, the countdown of a long wait, and the caller's interest.

use super::pause::SpotifyPause;
use crate::auth::tokens::TokenSet;
use crate::browser::{self, timer, web::Web};
use crate::client::{self as core, renewal::TokenStore, Host, Method, Waited};
use crate::config::Endpoints;
use crate::spotify::pause::Pause;
use crate::store;

/// How long a refused renewal waits for another window's renewal to show
/// in storage: Chromium delivers one window's localStorage writes to
/// another asynchronously, even after the Web Lock has passed between them.
const OTHER_WINDOW_GRACE_MS: f64 = 1000.0;

/// The worker's later renewal is taken up from its copy, and the page's
/// renewals are written there before the lock goes.
#[derive(Clone, Copy)]
pub(crate) struct PageTokens;

impl TokenStore for PageTokens {
    async fn stored(&self) -> Option<TokenSet> {
        let stored = store::stored_tokens()?;
        // The service worker may have renewed while every tab was closed:
        // its refresh token is the one Spotify still takes.
        if store::BACKGROUND_ALERTS.is_on() {
            if let Some(renewed) = store::mirror::renewal_of(&stored).await {
                store::keep_tokens(&renewed);
                return Some(renewed);
            }
        }
        Some(stored)
    }

    async fn keep(&self, tokens: &TokenSet) {
        store::keep_tokens(tokens);
        if store::BACKGROUND_ALERTS.is_on() {
            store::TOKENS.mirror(tokens).await;
        }
    }

    async fn forget(&self) {
        store::forget_session();
    }

    async fn wait_for_change(&self, sent: &TokenSet) {
        let deadline = browser::now_ms() + OTHER_WINDOW_GRACE_MS;
        while browser::now_ms() < deadline {
            let same = store::stored_tokens().is_some_and(|stored| {
                stored.session() == sent.session() && stored.refresh_token() == sent.refresh_token()
            });
            if !same {
                return;
            }
            timer::sleep(50.0, false).await;
        }
    }

    fn spend(&self) -> bool {
        true
    }
}

/// The browser, with the renewal lock every tab and the worker share.
pub(crate) fn web() -> Web {
    Web::new(
        store::key(store::RENEWAL_LOCK),
        Endpoints::compiled().token_url(),
    )
}

/// The page as a host of the one client. Its requests are the session's,
/// or a login's before its tokens are the session's (`/me`, asked to learn
/// whose they are): one host for both, so the client is built once.
pub(crate) struct Page<'a> {
    /// The tokens its requests carry now.
    pub(crate) held: &'a dyn Fn() -> Option<TokenSet>,
    /// Takes up a renewal's tokens; `false` when it does not go on with them.
    pub(crate) adopt: &'a dyn Fn(TokenSet) -> bool,
    /// Spotify's long wait, which every tab keeps to.
    pub(crate) pause: SpotifyPause,
    /// Shows the seconds left of a long wait (and `None` after).
    pub(crate) countdown: &'a dyn Fn(Option<u32>),
    /// Whether the caller no longer wants the answer.
    pub(crate) stale: &'a dyn Fn() -> bool,
}

impl Host for Page<'_> {
    type Tokens = PageTokens;

    fn token_store(&self) -> PageTokens {
        PageTokens
    }

    fn held(&self) -> Option<TokenSet> {
        (self.held)()
    }

    fn adopt(&self, tokens: TokenSet) -> bool {
        (self.adopt)(tokens)
    }

    fn pause_in_force(&self) -> Option<Pause> {
        self.pause.in_force()
    }

    async fn begin_pause(&self, pause: Pause) -> Pause {
        self.pause.begin(pause)
    }

    /// Offline, every request would fail: none is sent until the browser
    /// is back online, and then the call goes on by itself.
    async fn until_online(&self) {
        if !browser::online() {
            timer::sleep(f64::INFINITY, true).await;
        }
    }

    async fn wait(&self, after_ms: f64, announce: bool, on_online: bool) -> Waited {
        if !announce {
            timer::sleep(after_ms, on_online).await;
            return Waited::Done;
        }
        let deadline = browser::now_ms() + after_ms;
        loop {
            let left = deadline - browser::now_ms();
            if left <= 0.0 || self.stale() {
                break;
            }
            (self.countdown)(Some((left / 1000.0).ceil() as u32));
            timer::sleep(left.min(1000.0), false).await;
        }
        (self.countdown)(None);
        Waited::Done
    }

    fn stale(&self) -> bool {
        (self.stale)()
    }
}

/// A request as the page sends it: the body of a 2xx.
pub(crate) async fn body_of(
    page: &Page<'_>,
    method: Method<'_>,
    url: &str,
) -> Result<String, core::Failure> {
    core::body_of(page, &web(), method, url).await
}
