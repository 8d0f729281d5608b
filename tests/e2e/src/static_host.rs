//! A static file server with GitHub Pages' rules for a project site under
//! `base` (e.g. `/encore/`): a file is served as it is; `/x` falls back to
//! `x.html`; a folder to its `index.html`; anything else under the base gets
//! `404.html` with status 404; outside the base, a bare 404. Several sites
//! can share the host (one origin), as an account's project sites do.
//!
//! [`StaticHost::start_like_pages`] also answers as Pages does for speed:
//! gzip, `Cache-Control: max-age=600` with an `ETag`, and 304 to a request
//! that names it. [`StaticHost::expire_caches`] then makes it answer as a
//! day later would find every cached copy: to be asked again (`no-cache`).

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Response},
    Router,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct StaticHost {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
    site: Arc<Site>,
}

struct Site {
    /// `(root, base)` pairs, the longest base first.
    sites: Mutex<Vec<(PathBuf, String)>>,
    /// Every path asked for, in order.
    served: Mutex<Vec<String>>,
    like_pages: bool,
    expired: AtomicBool,
    /// Each file's gzip body, by its ETag.
    gzipped: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// While true, a request for a `.wasm` waits (a slow network's module).
    modules_held: tokio::sync::watch::Sender<bool>,
    /// A slow network in front of the host, for engines that cannot
    /// emulate one (the benchmark's Firefox journey).
    link: Mutex<Option<Link>>,
}

/// Request-level network emulation, as DevTools does it: each answer
/// arrives `latency` after its request, then its body takes its turn on
/// one shared downlink of `bytes_per_s`.
struct Link {
    latency: Duration,
    bytes_per_s: f64,
    free_at: Instant,
}

impl Link {
    /// How long from now until an answer of `bytes` has arrived.
    fn reserve(&mut self, bytes: u64) -> Duration {
        let now = Instant::now();
        let start = (now + self.latency).max(self.free_at);
        self.free_at = start + Duration::from_secs_f64(bytes as f64 / self.bytes_per_s);
        self.free_at - now
    }
}

impl Drop for StaticHost {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl StaticHost {
    /// Serves each `(root, base)` pair; a path goes to the longest base it is under.
    pub async fn start_sites(sites: Vec<(PathBuf, String)>) -> StaticHost {
        Self::start(sites, false).await
    }

    /// Serves as [`StaticHost::start_sites`] does, with Pages' compression
    /// and caching (see the module's doc).
    pub async fn start_like_pages(sites: Vec<(PathBuf, String)>) -> StaticHost {
        Self::start(sites, true).await
    }

    /// From now on every answer must be asked again before it is used, as a
    /// copy cached a day earlier must.
    pub fn expire_caches(&self) {
        self.site.expired.store(true, Ordering::SeqCst);
    }

    /// Every path asked of the host so far, in order.
    pub fn served(&self) -> Vec<String> {
        lock(&self.site.served).clone()
    }

    /// From now on a request for a WebAssembly module waits, until
    /// [`StaticHost::release_modules`]: the page as it is while its module
    /// downloads on a slow network.
    pub fn hold_modules(&self) {
        self.site.modules_held.send_replace(true);
    }

    /// Answers the held requests, and every later one at once.
    pub fn release_modules(&self) {
        self.site.modules_held.send_replace(false);
    }

    /// Puts a slow network in front of the host (`None`: none).
    pub fn throttle(&self, network: Option<(Duration, f64)>) {
        *lock(&self.site.link) = network.map(|(latency, bytes_per_s)| Link {
            latency,
            bytes_per_s,
            free_at: Instant::now(),
        });
    }

    /// Serves the site at `base` from `root` from now on, as a deploy does.
    pub fn deploy(&self, base: &str, root: PathBuf) {
        for site in lock(&self.site.sites).iter_mut() {
            if site.1 == base {
                site.0 = root.clone();
            }
        }
    }

    async fn start(mut sites: Vec<(PathBuf, String)>, like_pages: bool) -> StaticHost {
        sites.sort_by_key(|(_, base)| std::cmp::Reverse(base.len()));
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .expect("bind static host");
        let addr = listener.local_addr().expect("static host address");
        let site = Arc::new(Site {
            sites: Mutex::new(sites),
            served: Mutex::new(Vec::new()),
            like_pages,
            expired: AtomicBool::new(false),
            gzipped: Mutex::new(HashMap::new()),
            modules_held: tokio::sync::watch::channel(false).0,
            link: Mutex::new(None),
        });
        let app = Router::new().fallback(serve).with_state(site.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        StaticHost { addr, task, site }
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

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

async fn serve(State(site): State<Arc<Site>>, uri: Uri, request: HeaderMap) -> Response {
    let response = answer(&site, &uri, &request).await;
    let bytes = axum::body::HttpBody::size_hint(response.body())
        .exact()
        .unwrap_or(0);
    let arrival = lock(&site.link).as_mut().map(|link| link.reserve(bytes));
    if let Some(wait) = arrival {
        tokio::time::sleep(wait).await;
    }
    response
}

async fn answer(site: &Site, uri: &Uri, request: &HeaderMap) -> Response {
    let path = uri.path();
    lock(&site.served).push(path.to_string());
    if path.ends_with(".wasm") {
        // Closed only with the host, whose task this is.
        let _ = site.modules_held.subscribe().wait_for(|held| !held).await;
    }
    let found = lock(&site.sites).iter().find_map(|(root, base)| {
        let inside = path.strip_prefix(base.trim_end_matches('/'))?;
        (inside.is_empty() || inside.starts_with('/')).then_some((root.clone(), inside))
    });
    let Some((root, inside)) = found else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let (status, file) = match resolve(&root, inside) {
        Some(file) => (StatusCode::OK, file),
        None => (StatusCode::NOT_FOUND, root.join("404.html")),
    };
    let Ok(bytes) = tokio::fs::read(&file).await else {
        return (StatusCode::NOT_FOUND, "not found").into_response();
    };
    let content_type = content_type(&file);
    if !site.like_pages {
        return (
            status,
            [(header::CONTENT_TYPE, content_type)],
            Body::from(bytes),
        )
            .into_response();
    }
    let etag = format!("\"{}\"", &hex(&Sha256::digest(&bytes))[..16]);
    let cache = if site.expired.load(Ordering::SeqCst) {
        "no-cache"
    } else {
        "max-age=600"
    };
    let named = |name| request.get(name).and_then(|v| v.to_str().ok());
    if status == StatusCode::OK && named(header::IF_NONE_MATCH) == Some(etag.as_str()) {
        let headers = [
            (header::ETAG, etag.clone()),
            (header::CACHE_CONTROL, cache.to_string()),
        ];
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let gzip = named(header::ACCEPT_ENCODING).is_some_and(|v| v.contains("gzip"))
        && !content_type.starts_with("image/png");
    let headers = [
        (header::CONTENT_TYPE, content_type.to_string()),
        (header::ETAG, etag.clone()),
        (header::CACHE_CONTROL, cache.to_string()),
        (header::VARY, "Accept-Encoding".to_string()),
    ];
    if !gzip {
        return (status, headers, Body::from(bytes)).into_response();
    }
    let body = lock(&site.gzipped)
        .entry(etag)
        .or_insert_with(|| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes).expect("gzip in memory");
            Arc::new(encoder.finish().expect("gzip in memory"))
        })
        .clone();
    let mut response = (status, headers, Body::from(body.as_ref().clone())).into_response();
    response.headers_mut().insert(
        header::CONTENT_ENCODING,
        header::HeaderValue::from_static("gzip"),
    );
    response
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
