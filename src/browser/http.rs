//! Requests through gloo-net: a request out, status + Retry-After + body
//! back, or a network failure. What the status means is decided elsewhere,
//! in plain Rust. Every request has a deadline, enforced with an
//! AbortSignal, so a stalled one never holds the cross-tab renewal lock.

use gloo_net::http::{Request, RequestBuilder};
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::{prelude::*, JsCast};

thread_local! {
    static SHELL_PAINTED: Cell<bool> = const { Cell::new(false) };
}

/// A token request's deadline.
pub const TOKEN_TIMEOUT: Duration = Duration::from_secs(15);
/// A Web API request's deadline.
pub const API_TIMEOUT: Duration = Duration::from_secs(30);

pub(crate) use crate::client::{Answer as Response, Method};

/// fetch() rejected: offline, refused, past its deadline, or an answer the
/// browser hid because it lacked CORS headers (as some of Spotify's 429s do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkError;

/// Aborts a request when its deadline passes; the timer is cleared once the
/// answer is in.
struct Deadline {
    controller: web_sys::AbortController,
    timer: Option<JsValue>,
    _on_timeout: Closure<dyn FnMut()>,
}

impl Deadline {
    fn start(after: Duration) -> Option<Self> {
        let controller = web_sys::AbortController::new().ok()?;
        let abort = controller.clone();
        let on_timeout = Closure::<dyn FnMut()>::new(move || abort.abort());
        let timer = super::timer::call_after(
            on_timeout.as_ref().unchecked_ref(),
            after.as_millis() as f64,
        );
        Some(Self {
            controller,
            timer,
            _on_timeout: on_timeout,
        })
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        if let Some(timer) = &self.timer {
            super::timer::cancel(timer);
        }
    }
}

/// Sends the request, with `body` if any, under the deadline's signal.
async fn send(
    timeout: Duration,
    builder: RequestBuilder,
    body: Option<String>,
) -> Result<Response, NetworkError> {
    // The page's shell is drawn before anything is asked of Spotify: the
    // user waits on Spotify, never on us. Only the first request waits, at
    // most a frame.
    if !SHELL_PAINTED.get() {
        super::timer::after_next_paint().await;
        SHELL_PAINTED.set(true);
    }
    let deadline = Deadline::start(timeout).ok_or(NetworkError)?;
    let signal = deadline.controller.signal();
    // A page's `<meta name="referrer">` does not reach a service worker.
    let builder = builder
        .abort_signal(Some(&signal))
        .referrer_policy(web_sys::ReferrerPolicy::NoReferrer);
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| NetworkError)?;
    let response = request.send().await.map_err(|_| NetworkError)?;
    // The deadline covers the body too: the signal aborts its reading.
    let body = response.text().await.map_err(|_| NetworkError)?;
    drop(deadline);
    Ok(Response {
        status: response.status(),
        retry_after: response.headers().get("retry-after"),
        body,
    })
}

/// A form-encoded POST, as Spotify's token endpoint requires.
pub async fn post_form(url: &str, body: String) -> Result<Response, NetworkError> {
    let builder = Request::post(url).header("Content-Type", "application/x-www-form-urlencoded");
    send(TOKEN_TIMEOUT, builder, Some(body)).await
}

/// A request with the access token in the Authorization header, never in
/// the URL.
pub async fn with_bearer(
    method: Method<'_>,
    url: &str,
    access_token: &str,
) -> Result<Response, NetworkError> {
    let bearer = format!("Bearer {access_token}");
    let (builder, body) = match method {
        Method::Get => (Request::get(url), None),
        Method::Post(body) => (Request::post(url), Some(body)),
        Method::Put(body) => (Request::put(url), Some(body)),
    };
    let builder = builder.header("Authorization", &bearer);
    let builder = match body {
        Some(_) => builder.header("Content-Type", "application/json"),
        None => builder,
    };
    send(API_TIMEOUT, builder, body.map(str::to_string)).await
}
