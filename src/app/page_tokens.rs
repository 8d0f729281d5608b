//! Where the page keeps its tokens, as the one renewal (`client::renewal`)
//! sees it: localStorage, which every tab reads, and the worker's copy while
//! background alerts are on.

use crate::auth::tokens::TokenSet;
use crate::browser::{self, timer, web::Web};
use crate::client::renewal::TokenStore;
use crate::config::Endpoints;
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
