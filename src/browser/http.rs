//! The one fetch helper: a request out, status + Retry-After + body back.
//! What the status means is decided elsewhere, in plain Rust.

use gloo_net::http::{Request, RequestBuilder};

pub struct Response {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// fetch() rejected: offline, refused, or an answer the browser hid because
/// it lacked CORS headers (as some of Spotify's 429s do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetworkError;

async fn send(request: Result<Request, gloo_net::Error>) -> Result<Response, NetworkError> {
    let response = request
        .map_err(|_| NetworkError)?
        .send()
        .await
        .map_err(|_| NetworkError)?;
    Ok(Response {
        status: response.status(),
        retry_after: response.headers().get("retry-after"),
        body: response.text().await.map_err(|_| NetworkError)?,
    })
}

/// A form-encoded POST, as Spotify's token endpoint requires.
pub async fn post_form(url: &str, body: String) -> Result<Response, NetworkError> {
    let request = RequestBuilder::new(url)
        .method(gloo_net::http::Method::POST)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body);
    send(request).await
}

/// A GET with the access token in the Authorization header, never in the URL.
pub async fn get_with_bearer(url: &str, access_token: &str) -> Result<Response, NetworkError> {
    let request = Request::get(url)
        .header("Authorization", &format!("Bearer {access_token}"))
        .build();
    send(request).await
}
