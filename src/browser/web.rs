//! The browser as the authorized client (`client::Platform`) sees it, for
//! the page and the service worker alike.

use super::{http, locks, now_ms};
use crate::client::{Answer, Method, Platform};
use std::future::Future;
use std::rc::Rc;

#[derive(Clone)]
pub(crate) struct Web {
    /// The Web Lock's name, under which every renewal runs.
    renewal_lock: Rc<str>,
    token_url: Rc<str>,
}

impl Web {
    pub(crate) fn new(renewal_lock: String, token_url: String) -> Self {
        Self {
            renewal_lock: renewal_lock.into(),
            token_url: token_url.into(),
        }
    }
}

impl Platform for Web {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn jitter(&self) -> f64 {
        js_sys::Math::random()
    }

    async fn post_token(&self, body: String) -> Option<Answer> {
        http::post_form(&self.token_url, body).await.ok()
    }

    async fn send(&self, method: Method<'_>, url: &str, access_token: &str) -> Option<Answer> {
        http::with_bearer(method, url, access_token).await.ok()
    }

    async fn renewing_alone<T: 'static>(
        &self,
        work: impl Future<Output = T> + 'static,
    ) -> Option<T> {
        locks::exclusive(&self.renewal_lock, work).await
    }
}
