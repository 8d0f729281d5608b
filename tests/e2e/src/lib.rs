//! The end-to-end harness: the release build of the app served by a static
//! server with GitHub Pages' rules, the Spotify emulator on the address the
//! build was compiled against, and a fresh headless Chromium per test.
//!
//! Settings come from the environment, as the Makefile sets them:
//! `E2E_DIST` (the built app) and `E2E_EMULATOR_PORT`.

mod browser;
mod static_host;

pub use browser::{eventually, eventually_within, Browser};
pub use spotify_emulator::{
    sample_artists, Config, Emulator, Fault, RecordedRequest, DEMO_CLIENT_ID,
};

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a condition may take before the test fails.
pub const TIMEOUT: Duration = Duration::from_secs(15);

pub const DEFAULT_EMULATOR_PORT: u16 = 18090;

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn dist_dir() -> PathBuf {
    std::env::var_os("E2E_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target-e2e/dist"))
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
    /// The app's address, e.g. `http://127.0.0.1:40123`.
    pub app_url: String,
    _host: static_host::StaticHost,
    _turn: OwnedMutexGuard<()>,
}

impl World {
    /// Starts everything with the emulator configured by `configure`; the
    /// app's redirect URI is registered for you.
    pub async fn start(configure: impl FnOnce(&mut Config)) -> World {
        let turn = turn().lock_owned().await;
        let dist = dist_dir();
        check_build(&dist);
        let host = static_host::StaticHost::start(dist).await;
        let app_url = format!("http://{}", host.addr);
        let mut config = Config {
            redirect_uris: vec![format!("{app_url}/spotify/callback")],
            ..Config::default()
        };
        configure(&mut config);
        let addr = SocketAddr::from(([127, 0, 0, 1], emulator_port()));
        let emulator = match Emulator::start(config, addr).await {
            Ok(emulator) => emulator,
            Err(error) => {
                panic!("cannot start the emulator on {addr} (is something else using it?): {error}")
            }
        };
        let browser = Browser::launch().await;
        World {
            emulator,
            browser,
            app_url,
            _host: host,
            _turn: turn,
        }
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

    /// Requests the app sent with this method and path (preflights excluded).
    pub fn sent(&self, method: &str, path: &str) -> Vec<RecordedRequest> {
        self.emulator.requests_to(method, path)
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

    /// Ends the browser session and checks the app never panicked.
    pub async fn finish(self) {
        self.browser.assert_no_panic().await;
        self.browser.close().await;
    }
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
