//! A static file server with GitHub Pages' rules for a project site under
//! `base` (e.g. `/encore/`): a file is served as it is; `/x` falls back to
//! `x.html`; a folder to its `index.html`; anything else under the base gets
//! `404.html` with status 404; outside the base, a bare 404. Several sites
//! can share the host (one origin), as an account's project sites do.

use axum::{
    body::Body,
    extract::State,
    http::{header, StatusCode, Uri},
    response::{IntoResponse, Response},
    Router,
};
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub struct StaticHost {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StaticHost {
    /// Serves each `(root, base)` pair; a path goes to the longest base it is under.
    pub async fn start_sites(mut sites: Vec<(PathBuf, String)>) -> StaticHost {
        sites.sort_by_key(|(_, base)| std::cmp::Reverse(base.len()));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind static host");
        let addr = listener.local_addr().expect("static host address");
        let app = Router::new().fallback(serve).with_state(Arc::new(sites));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StaticHost { addr, task }
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "wasm" => "application/wasm",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// The file a URL path names under `root`, by Pages' rules; `None` for a 404.
pub fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let relative = Path::new(url_path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let exact = root.join(relative);
    if exact.is_file() {
        return Some(exact);
    }
    if exact.is_dir() {
        let index = exact.join("index.html");
        return index.is_file().then_some(index);
    }
    let html = root.join(format!("{}.html", url_path.trim_matches('/')));
    html.is_file().then_some(html)
}

async fn serve(State(sites): State<Arc<Vec<(PathBuf, String)>>>, uri: Uri) -> Response {
    let path = uri.path();
    let site = sites.iter().find_map(|(root, base)| {
        let inside = path.strip_prefix(base.trim_end_matches('/'))?;
        (inside.is_empty() || inside.starts_with('/')).then_some((root, inside))
    });
    let Some((root, inside)) = site else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let (status, file) = match resolve(root, inside) {
        Some(file) => (StatusCode::OK, file),
        None => (StatusCode::NOT_FOUND, root.join("404.html")),
    };
    match tokio::fs::read(&file).await {
        Ok(bytes) => (
            status,
            [(header::CONTENT_TYPE, content_type(&file))],
            Body::from(bytes),
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}
