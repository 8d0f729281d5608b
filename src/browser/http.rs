//! The one fetch helper: a request out, status + Retry-After + body back.
//! What the status means is decided elsewhere, in plain Rust.

use std::cell::Cell;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, RequestInit};

thread_local! {
    static SHELL_PAINTED: Cell<bool> = const { Cell::new(false) };
}

pub struct Response {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// fetch() rejected: offline, refused, or an answer the browser hid because
/// it lacked CORS headers (as some of Spotify's 429s do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkError;

async fn send(url: &str, init: RequestInit) -> Result<Response, NetworkError> {
    // The page's shell is drawn before anything is asked of Spotify (issue
    // #7): the user waits on Spotify, never on us. Only the first request
    // waits, at most a frame.
    if !SHELL_PAINTED.get() {
        super::timer::after_next_paint().await;
        SHELL_PAINTED.set(true);
    }
    let window = web_sys::window().ok_or(NetworkError)?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|_| NetworkError)?;
    let response: web_sys::Response = answer.dyn_into().map_err(|_| NetworkError)?;
    let text = response.text().map_err(|_| NetworkError)?;
    let body = JsFuture::from(text).await.map_err(|_| NetworkError)?;
    Ok(Response {
        status: response.status(),
        retry_after: response.headers().get("retry-after").ok().flatten(),
        body: body.as_string().unwrap_or_default(),
    })
}

fn init(method: &str, header: (&str, &str)) -> Result<RequestInit, NetworkError> {
    let headers = Headers::new().map_err(|_| NetworkError)?;
    headers.set(header.0, header.1).map_err(|_| NetworkError)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_headers(&headers);
    Ok(init)
}

/// A form-encoded POST, as Spotify's token endpoint requires.
pub async fn post_form(url: &str, body: String) -> Result<Response, NetworkError> {
    let init = init(
        "POST",
        ("Content-Type", "application/x-www-form-urlencoded"),
    )?;
    init.set_body(&body.into());
    send(url, init).await
}

/// A GET with the access token in the Authorization header, never in the URL.
pub async fn get_with_bearer(url: &str, access_token: &str) -> Result<Response, NetworkError> {
    let bearer = format!("Bearer {access_token}");
    send(url, init("GET", ("Authorization", &bearer))?).await
}
