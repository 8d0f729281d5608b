//! The end-to-end harness: the release build of the app served by a static
//! server with GitHub Pages' rules, the Spotify emulator on the address the
//! build was compiled against, and a fresh headless browser per test
//! (Chromium, or Firefox ESR with `E2E_ENGINE=firefox`).
//!
//! Settings come from the environment, as the Makefile sets them:
//! `E2E_DIST` (the built app), `E2E_EMULATOR_PORT`, `E2E_ENGINE`, and
//! `E2E_SKIPPED` (a file where a test that cannot run in this engine says so).

mod browser;
mod static_host;

pub use browser::{eventually, eventually_within, Browser, Engine};
pub use spotify_emulator::{
    sample_artists, sample_library, Account, Artist, Config, Emulator, Fault, Library,
    RecordedRequest, SavedAlbum, SavedTrack, DEMO_CLIENT_ID,
};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// What a test needs that not every engine has.
#[derive(Clone, Copy, Debug)]
pub enum Needs {
    /// Chromium's DevTools protocol: permissions granted without a prompt,
    /// a set viewport or colour scheme, offline, a periodic sync fired.
    DevTools,
    /// Periodic Background Sync, which only Chromium has.
    PeriodicSync,
}

impl Needs {
    fn why(self) -> &'static str {
        match self {
            Needs::DevTools => "needs the DevTools protocol",
            Needs::PeriodicSync => "needs Periodic Background Sync",
        }
    }
}

/// True when this engine lacks what the test needs: the test then returns
/// at once, and the skip is written (test name and reason) to `E2E_SKIPPED`
/// for the run's count. Call it first in the test.
pub fn lacks(needs: Needs) -> bool {
    let engine = Engine::current();
    if engine == Engine::Chromium {
        return false;
    }
    let test = std::thread::current()
        .name()
        .unwrap_or("a test")
        .to_string();
    if let Some(path) = std::env::var_os("E2E_SKIPPED") {
        use std::io::Write;
        let line = format!("{engine}\t{test}\t{}\n", needs.why());
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(error) = written {
            panic!(
                "cannot record the skip in {}: {error}",
                PathBuf::from(path).display()
            );
        }
    }
    true
}

/// How long a condition may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(15);

pub const DEFAULT_EMULATOR_PORT: u16 = 18090;

/// The emulator's path for the followed-artists pages.
pub const FOLLOWING: &str = "/v1/me/following";

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn dist_dir() -> PathBuf {
    std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/e2e/dist"))
}

/// The public URL the app was built with (`trunk build --public-url`), e.g.
/// `/` or `/encore/`; the static host serves the build under it.
pub fn base_path() -> String {
    normalize_base(&std::env::var("E2E_BASE").unwrap_or_else(|_| "/".to_string()))
}

/// The app's storage key for `name` in the build under test, e.g.
/// `encore.tokens@/encore/` (keys carry the public URL).
pub fn storage_key(name: &str) -> String {
    format!("encore.{name}@{}", base_path())
}

fn normalize_base(base: &str) -> String {
    format!("/{}/", base.trim_matches('/')).replace("//", "/")
}

pub fn emulator_port() -> u16 {
    std::env::var("E2E_EMULATOR_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(DEFAULT_EMULATOR_PORT)
}

/// Tests share the emulator's fixed port (compiled into the app), so they
/// take turns.
fn turn() -> Arc<Mutex<()>> {
    static TURN: OnceLock<Arc<Mutex<()>>> = OnceLock::new();
    TURN.get_or_init(|| Arc::new(Mutex::new(()))).clone()
}

/// One test's world: app, emulator and browser.
pub struct World {
    pub emulator: Emulator,
    pub browser: Browser,
    /// The app's address without a trailing slash, e.g.
    /// `http://127.0.0.1:40123` or `http://127.0.0.1:40123/encore`.
    pub app_url: String,
    base: String,
    host: static_host::StaticHost,
    _turn: OwnedMutexGuard<()>,
}

impl World {
    /// Starts everything with the emulator configured by `configure`; the
    /// app's redirect URI is registered for you.
    pub async fn start(configure: impl FnOnce(&mut Config)) -> World {
        Self::start_with(dist_dir(), base_path(), configure).await
    }

    /// Like [`World::start`], with the build made without a client ID
    /// (`E2E_DIST_SETUP`, public URL `E2E_SETUP_BASE`), which opens on the
    /// setup screen.
    pub async fn start_without_client_id(configure: impl FnOnce(&mut Config)) -> World {
        let dist = std::env::var_os("E2E_DIST_SETUP")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target/e2e/dist-setup"));
        let base = normalize_base(&std::env::var("E2E_SETUP_BASE").unwrap_or_else(|_| "/".into()));
        Self::start_with(dist, base, configure).await
    }

    /// Two copies of the app on one origin, as two project sites of one
    /// GitHub account: the root build at `/` (the world's app) and the
    /// sub-path build (`E2E_DIST_SUBPATH`) at `/encore/`, both registered.
    pub async fn start_two_copies(configure: impl FnOnce(&mut Config)) -> World {
        let second = std::env::var_os("E2E_DIST_SUBPATH")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target/e2e/dist-subpath"));
        let root = std::env::var_os("E2E_DIST_ROOT")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target/e2e/dist"));
        let sites = vec![(root, "/".to_string()), (second, "/encore/".to_string())];
        Self::start_sites(sites, configure).await
    }

    /// The address of another copy served beside the world's app (see
    /// [`World::start_two_copies`]), by its public URL, e.g. `/encore/`.
    pub fn copy_url(&self, base: &str) -> String {
        format!("http://{}{base}", self.host.addr)
    }

    /// Like [`World::start`], with the app served as GitHub Pages serves it:
    /// gzip, cached for ten minutes (see [`World::expire_http_caches`]).
    pub async fn start_like_pages(configure: impl FnOnce(&mut Config)) -> World {
        Self::start_on(vec![(dist_dir(), base_path())], true, configure).await
    }

    /// Holds back the app's WebAssembly: the page paints what it has before
    /// its module arrives, as on a slow network (see [`World::release_the_app`]).
    pub fn hold_the_app(&self) {
        self.host.hold_modules();
    }

    /// Lets the held module arrive, and the app start.
    pub fn release_the_app(&self) {
        self.host.release_modules();
    }

    /// Every copy of the app's files the browser cached must be asked for
    /// again before use, as on a visit the next day.
    pub fn expire_http_caches(&self) {
        self.host.expire_caches();
    }

    /// A slow network in front of the app's host and the emulator, made by
    /// the servers themselves (`latency` per request; the host's answers
    /// share `bytes_per_s`), for an engine without DevTools' emulation.
    /// `None` takes it away (and any fault injected meanwhile).
    pub fn slow_network(&self, network: Option<(Duration, f64)>) {
        self.host.throttle(network);
        self.emulator.clear_faults();
        let latency = network.map_or(Duration::ZERO, |(latency, _)| latency);
        self.emulator.update_config(|c| c.preflight_delay = latency);
        if network.is_some() {
            self.emulator.inject(Fault::slow("/", latency));
        }
    }

    async fn start_with(dist: PathBuf, base: String, configure: impl FnOnce(&mut Config)) -> World {
        Self::start_sites(vec![(dist, base)], configure).await
    }

    async fn start_sites(
        sites: Vec<(PathBuf, String)>,
        configure: impl FnOnce(&mut Config),
    ) -> World {
        Self::start_on(sites, false, configure).await
    }

    /// The first site is the world's app.
    async fn start_on(
        sites: Vec<(PathBuf, String)>,
        like_pages: bool,
        configure: impl FnOnce(&mut Config),
    ) -> World {
        let turn = turn().lock_owned().await;
        let base = sites[0].1.clone();
        for (dist, _) in &sites {
            check_build(dist);
        }
        let host = if like_pages {
            static_host::StaticHost::start_like_pages(sites.clone()).await
        } else {
            static_host::StaticHost::start_sites(sites.clone()).await
        };
        let app_url = format!("http://{}{}", host.addr, base.trim_end_matches('/'));
        let mut config = Config {
            redirect_uris: sites
                .iter()
                .map(|(_, base)| format!("http://{}{base}spotify/callback", host.addr))
                .collect(),
            ..Config::default()
        };
        configure(&mut config);
        let addr = SocketAddr::from(([127, 0, 0, 1], emulator_port()));
        let emulator = start_emulator(config, addr).await;
        let browser = Browser::launch(&format!("http://{}", host.addr)).await;
        World {
            emulator,
            browser,
            app_url,
            base,
            host,
            _turn: turn,
        }
    }

    /// Every path the app's host was asked for so far.
    pub fn served(&self) -> Vec<String> {
        self.host.served()
    }

    /// Serves the world's app from `dist` from now on: a new deploy.
    pub fn deploy(&self, dist: PathBuf) {
        self.host.deploy(&self.base, dist);
    }

    /// Waits until the service worker controls the page (after a first
    /// visit, it does from the next page load on: the app registers it once
    /// its first screen is drawn).
    pub async fn wait_for_the_worker(&self) {
        eventually("the service worker to be active", || async {
            let active = self
                .browser
                .execute_async(
                    "const done = arguments[arguments.length - 1];
                     navigator.serviceWorker.getRegistration().then(r => done(!!(r && r.active)), () => done(false));",
                )
                .await;
            (active == true).then_some(())
        })
        .await;
    }

    /// The notifications the worker's registration shows now, as the page
    /// open in the browser lists them: `[title, body]`, each with the
    /// alerts' tag.
    pub async fn notifications(&self) -> Vec<(String, String)> {
        let shown = self
            .browser
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 navigator.serviceWorker.ready
                   .then(r => r.getNotifications())
                   .then(list => done(list.map(n => [n.title, n.body, n.tag])), e => done(String(e)));",
            )
            .await;
        let serde_json::Value::Array(list) = shown else {
            panic!("cannot list notifications: {shown}");
        };
        list.iter()
            .map(|n| {
                assert_eq!(n[2], "encore-new-releases", "the alert's tag");
                (
                    n[0].as_str().unwrap_or_default().to_string(),
                    n[1].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// The app's origin, e.g. `http://127.0.0.1:40123`.
    fn origin(&self) -> String {
        url::Url::parse(&self.app_url)
            .expect("app url")
            .origin()
            .ascii_serialization()
    }

    /// Sets the browser's notification permission for the app's origin:
    /// "granted", "denied" or "prompt". Firefox and WebKitGTK are granted
    /// them as they start (`Browser::launch`) and cannot change it later:
    /// a test that needs another setting there is a DevTools test.
    pub async fn set_notifications(&self, setting: &str) {
        if self.browser.engine != Engine::Chromium && setting == "granted" {
            return;
        }
        let origin = self.origin();
        self.browser
            .cdp(
                "Browser.setPermission",
                serde_json::json!({ "permission": { "name": "notifications" }, "setting": setting, "origin": origin }),
            )
            .await;
    }

    /// The service worker's scope: the app's address with its trailing slash.
    pub fn scope(&self) -> String {
        format!("http://{}{}", self.host.addr, self.base)
    }

    /// Grants what an installed app with background alerts has: notifications
    /// and Periodic Background Sync (which Chromium gives installed apps by
    /// their use).
    pub async fn grant_background_alerts(&self) {
        let origin = self.origin();
        self.browser
            .cdp(
                "Browser.grantPermissions",
                serde_json::json!({ "permissions": ["notifications", "periodicBackgroundSync"], "origin": origin }),
            )
            .await;
    }

    /// As a reader of the installed app: logs in, opens the releases, waits
    /// (up to `limit`) for the whole check and for the worker, reloads under
    /// the worker, and turns alerts with Encore closed on; returns once the
    /// worker's copy of the session is written.
    pub async fn turn_on_background_alerts(&self, limit: Duration) {
        self.grant_background_alerts().await;
        self.login().await;
        self.browser.click("[data-testid=releases-link]").await;
        self.wait_for_the_check(limit).await;
        self.wait_for_the_worker().await;
        self.browser.reload().await;
        self.browser.wait_for("[data-testid=releases-done]").await;
        self.browser.click("[data-testid=alerts-background]").await;
        for pressed in ["alerts-background", "alerts"] {
            self.browser
                .wait_for(&format!("[data-testid={pressed}][aria-pressed=true]"))
                .await;
        }
        eventually("the worker's copy of the session", || async {
            self.shared_record("tokens").await.map(|_| ())
        })
        .await;
    }

    /// The record `name` the page shares with its service worker in
    /// IndexedDB (see `src/app/mirror.rs`), as JSON; `None` when missing.
    pub async fn shared_record(&self, name: &str) -> Option<serde_json::Value> {
        let script = with_the_records(&format!(
            "const read = db.transaction('records').objectStore('records').get({key});
             read.onsuccess = () => {{ db.close(); done(read.result === undefined ? null : read.result); }};
             read.onerror = () => done('cannot read');",
            key = serde_json::json!(self.key(name)),
        ));
        match self.browser.execute_async(&script).await {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(
                serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{name} in IndexedDB: {text}")),
            ),
            other => panic!("{name} in IndexedDB: {other}"),
        }
    }

    /// Writes `value` (JSON) as the record `name` the page shares with its
    /// service worker in IndexedDB, as the app writes it (JSON text).
    pub async fn put_shared_record(&self, name: &str, value: &serde_json::Value) {
        let script = with_the_records(&format!(
            "const tx = db.transaction('records', 'readwrite');
             tx.objectStore('records').put({text}, {key});
             tx.oncomplete = () => {{ db.close(); done(true); }};
             tx.onerror = () => done('cannot write');",
            text = serde_json::json!(value.to_string()),
            key = serde_json::json!(self.key(name)),
        ));
        let written = self.browser.execute_async(&script).await;
        assert_eq!(written, serde_json::Value::Bool(true), "writing {name}");
    }

    /// The record `name` in the page's localStorage, as JSON; `None` when
    /// missing.
    pub async fn local_record(&self, name: &str) -> Option<serde_json::Value> {
        let script = format!(
            "return localStorage.getItem({});",
            serde_json::json!(self.key(name))
        );
        match self.browser.js(&script).await {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(
                serde_json::from_str(&text)
                    .unwrap_or_else(|_| panic!("{name} in localStorage: {text}")),
            ),
            other => panic!("{name} in localStorage: {other}"),
        }
    }

    /// Moves every check the app stored (the page's and the copy its worker
    /// reads) `hours` into the past, as if that long had passed since.
    pub async fn age_the_checks(&self, hours: f64) {
        let script = with_the_records(&format!(
            "const keys = [{whole}, {recent}];
             const age = (text) => {{
               if (!text) return text;
               const p = JSON.parse(text);
               p.round_start_ms -= {ms};
               for (const id in p.checked) p.checked[id][0] -= {ms};
               return JSON.stringify(p);
             }};
             for (const key of keys) {{
               const text = localStorage.getItem(key);
               if (text) localStorage.setItem(key, age(text));
             }}
             const tx = db.transaction('records', 'readwrite');
             const store = tx.objectStore('records');
             for (const key of keys) {{
               const read = store.get(key);
               read.onsuccess = () => {{ if (read.result) store.put(age(read.result), key); }};
             }}
             tx.oncomplete = () => {{ db.close(); done(true); }};
             tx.onerror = () => done('cannot write');",
            whole = serde_json::json!(self.key("release_check")),
            recent = serde_json::json!(self.key("release_check.recent")),
            ms = hours * 3_600_000.0,
        ));
        let aged = self.browser.execute_async(&script).await;
        assert_eq!(aged, serde_json::Value::Bool(true), "aging the checks");
    }

    /// Wakes the service worker as the browser does about once a day, and
    /// waits until that wake-up is over: what it did (`last_wake_up`).
    pub async fn wake_the_worker(&self) -> serde_json::Value {
        let before = self.shared_record("last_wake_up").await;
        self.browser
            .fire_periodic_sync(&self.scope(), "releases")
            .await;
        eventually("the wake-up to end", || async {
            self.shared_record("last_wake_up")
                .await
                .filter(|now| Some(now) != before.as_ref())
        })
        .await
    }

    /// The app's storage key for `name` (see [`storage_key`]), for this
    /// world's build.
    pub fn key(&self, name: &str) -> String {
        format!("encore.{name}@{}", self.base)
    }

    /// The path of the app's home, e.g. `/` or `/encore/`.
    pub fn home_path(&self) -> String {
        self.base.clone()
    }

    /// Opens a path of the app (e.g. `/` or `/spotify/callback?code=x`).
    pub async fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.app_url)).await;
    }

    /// Logs in through the emulator's consent page and waits for the profile.
    pub async fn login(&self) {
        self.open("/").await;
        self.browser.click("[data-testid=login]").await;
        self.browser.click("#agree").await;
        self.browser.wait_for("[data-testid=profile]").await;
    }

    /// The `data-artist-id` of every artist shown, in page order.
    pub async fn shown_artist_ids(&self) -> Vec<String> {
        let ids = self
            .browser
            .js("return [...document.querySelectorAll('[data-testid=artist]')].map(e => e.dataset.artistId);")
            .await;
        serde_json::from_value(ids).expect("a list of ids")
    }

    /// Scrolls like an impatient reader until the end marker or the empty
    /// state shows, failing after `limit`.
    pub async fn scroll_to_the_end(&self, limit: Duration) {
        eventually_within(limit, "the end of the list", || async {
            let done = self.browser.is_shown("[data-testid=artists-end]").await
                || self.browser.is_shown("[data-testid=empty]").await;
            if !done {
                self.browser
                    .js("window.scrollTo(0, document.documentElement.scrollHeight);")
                    .await;
            }
            done.then_some(())
        })
        .await;
    }

    /// Requests the app sent with this method and path (preflights excluded).
    pub fn sent(&self, method: &str, path: &str) -> Vec<RecordedRequest> {
        self.emulator.requests_to(method, path)
    }

    /// The releases the app asked for (`GET /v1/artists/{id}/albums`,
    /// preflights excluded), in order.
    pub fn albums_requests(&self) -> Vec<RecordedRequest> {
        self.emulator
            .requests()
            .into_iter()
            .filter(|r| {
                r.method == "GET"
                    && r.path.starts_with("/v1/artists/")
                    && r.path.ends_with("/albums")
            })
            .collect()
    }

    /// The refresh-token requests the app sent (renewals).
    pub fn renewals(&self) -> Vec<RecordedRequest> {
        self.sent("POST", "/api/token")
            .into_iter()
            .filter(|r| r.form_value("grant_type").as_deref() == Some("refresh_token"))
            .collect()
    }

    /// The number the check's progress starts with ("Checked 24 of 60
    /// artists"); 0 while it shows none.
    pub async fn releases_checked(&self) -> usize {
        let text = self.browser.text("[data-testid=releases-progress]").await;
        text.split_whitespace()
            .nth(1)
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    }

    /// Waits, up to `limit`, for the release check to say every followed
    /// artist has been checked.
    pub async fn wait_for_the_check(&self, limit: Duration) {
        eventually_within(limit, "the check to finish", || async {
            self.browser
                .is_shown("[data-testid=releases-done]")
                .await
                .then_some(())
        })
        .await;
    }

    /// The album ids of the releases marked "New", in page order.
    pub async fn releases_marked_new(&self) -> serde_json::Value {
        self.browser
            .js("return [...document.querySelectorAll('.release')].filter(e => e.querySelector('.new')).map(e => e.dataset.albumId);")
            .await
    }

    /// The emulator's artist `artist` puts out a single today (album `id`);
    /// the releases view, reloaded (a visit after the one that saw the view
    /// last), finds it with Check now. Returns once that check is done.
    pub async fn check_now_finds_a_new_single(&self, artist: usize, id: &str) {
        self.emulator.release_now(artist, id, "Fresh Single");
        self.browser.reload().await;
        self.browser.wait_for("[data-testid=releases-done]").await;
        self.browser
            .click("[data-testid=releases-done] button")
            .await;
        self.browser
            .wait_for(&format!("[data-testid=release][data-album-id='{id}']"))
            .await;
        self.browser.wait_for("[data-testid=releases-done]").await;
    }

    /// Fails if any request carried an access token in its URL.
    pub fn assert_no_token_in_urls(&self) {
        let tokens = self.emulator.issued_access_tokens();
        for request in self.emulator.requests() {
            for token in &tokens {
                assert!(
                    !request.query.contains(token.as_str())
                        && !request.path.contains(token.as_str()),
                    "an access token went over the wire in a URL: {} {}",
                    request.method,
                    request.path
                );
            }
        }
    }

    /// Fails if any request to Spotify told it the app's address (the
    /// page asks for `no-referrer`): a callback's address holds the code.
    pub fn assert_no_referrer_from_the_app(&self) {
        let app = format!("http://{}/", self.host.addr);
        for request in self.emulator.requests() {
            if let Some(referrer) = request.header("referer") {
                assert!(
                    !referrer.starts_with(&app),
                    "a request to Spotify carried the app's address as its Referer: {} {} ({referrer})",
                    request.method,
                    request.path
                );
            }
        }
    }

    /// Ends the browser session and checks the app never panicked, nor
    /// told Spotify its address.
    pub async fn finish(self) {
        let origin = format!("http://{}/", self.host.addr);
        self.assert_no_referrer_from_the_app();
        self.browser.assert_clean_console(&origin).await;
        self.browser.close().await;
        // The port must be free before the next test gets its turn.
        self.emulator.halt().await;
    }
}

/// An async WebDriver script that runs `body` with `db`, the app's
/// IndexedDB database of records (`src/browser/idb.rs`) opened, and
/// `done`, to call with the script's answer.
fn with_the_records(body: &str) -> String {
    format!(
        "const done = arguments[arguments.length - 1];
         const open = indexedDB.open('encore', 1);
         open.onupgradeneeded = () => open.result.createObjectStore('records');
         open.onerror = () => done('cannot open');
         open.onsuccess = () => {{
           const db = open.result;
           {body}
         }};"
    )
}

/// The port can still be held for a moment by the previous test's emulator:
/// one that failed before `finish` is freed only when its runtime shuts down.
async fn start_emulator(config: Config, addr: SocketAddr) -> Emulator {
    eventually_within(
        TIMEOUT,
        &format!("the emulator's port {addr} to be free (is something else using it?)"),
        || {
            let config = config.clone();
            async move {
                match Emulator::start(config, addr).await {
                    Ok(emulator) => Some(emulator),
                    Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => None,
                    Err(error) => panic!("cannot start the emulator on {addr}: {error}"),
                }
            }
        },
    )
    .await
}

fn check_build(dist: &std::path::Path) {
    let index = dist.join("index.html");
    assert!(
        index.is_file(),
        "no app build at {} — run `make test`, which builds it for these tests",
        dist.display()
    );
    let expected = format!("127.0.0.1:{}", emulator_port());
    let compiled_for_port = std::fs::read_dir(dist)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "wasm"))
        .any(|e| {
            std::fs::read(e.path())
                .map(|bytes| {
                    bytes
                        .windows(expected.len())
                        .any(|w| w == expected.as_bytes())
                })
                .unwrap_or(false)
        });
    assert!(
        compiled_for_port,
        "the app in {} was not built against the emulator at {expected}",
        dist.display()
    );
}
