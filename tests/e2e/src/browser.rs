//! A headless browser through its WebDriver, one fresh profile per test, and
//! helpers that wait for a condition (never for a fixed time). Chromium
//! through chromedriver by default; Firefox ESR through geckodriver with
//! `E2E_ENGINE=firefox` (issue #35).

use crate::TIMEOUT;
use fantoccini::{
    actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT},
    elements::Element,
    wd::{WebDriverCompatibleCommand, WindowHandle},
    Client, ClientBuilder, Locator,
};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::future::Future;
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const FIREFOX: &str = "/usr/bin/firefox-esr";
const WEBKITDRIVER: &str = "/usr/bin/WebKitWebDriver";
const XVFB: &str = "/usr/bin/Xvfb";
/// WebDriver input sources: a press held by one call is let go by another.
const READER_POINTER: &str = "reader";
const READER_KEYS: &str = "reader-keys";

/// The browser engine a test run drives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    /// WebKitGTK, the engine of every iPhone browser and of Safari.
    WebKit,
}

impl Engine {
    /// `E2E_ENGINE` (`chromium`, `firefox` or `webkit`); Chromium when unset.
    pub fn current() -> Engine {
        match std::env::var("E2E_ENGINE").as_deref() {
            Ok("firefox") => Engine::Firefox,
            Ok("webkit") => Engine::WebKit,
            Ok("chromium") | Err(_) => Engine::Chromium,
            Ok(other) => {
                panic!("E2E_ENGINE={other}: the suite drives chromium, firefox or webkit")
            }
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        })
    }
}

/// A file `scripts/tools.sh` installed into a folder of the tools folder
/// whose name starts with `prefix` (named by a version or a lock's hash).
fn installed_tool(prefix: &str, file: &str) -> PathBuf {
    let tools =
        PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/encore-tools");
    std::fs::read_dir(&tools)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(prefix))
        .map(|entry| entry.path().join(file))
        .find(|path| path.is_file())
        .unwrap_or_else(|| tools.join(file))
}

/// geckodriver, which Debian does not package: `E2E_GECKODRIVER` (the
/// Makefile sets it), else the one `scripts/tools.sh` builds.
fn geckodriver_path() -> PathBuf {
    std::env::var_os("E2E_GECKODRIVER")
        .map(PathBuf::from)
        .unwrap_or_else(|| installed_tool("geckodriver-", "bin/geckodriver"))
}

/// axe-core's browser bundle, from npm: `E2E_AXE` (the Makefile sets it),
/// else the npm tools folder `scripts/tools.sh` installs.
fn axe_path() -> PathBuf {
    std::env::var_os("E2E_AXE")
        .map(PathBuf::from)
        .unwrap_or_else(|| installed_tool("npm-", "node_modules/axe-core/axe.min.js"))
}

pub struct Browser {
    pub client: Client,
    pub engine: Engine,
    _driver: Child,
    /// The X server WebKitGTK draws into (it has no headless mode).
    _display: Option<Child>,
    profile: PathBuf,
    /// Where Firefox and WebKitGTK write the page's console (their drivers
    /// have no log endpoint), and how much of it was read.
    console_file: PathBuf,
    console_read: std::sync::Mutex<usize>,
}

/// A driver's own command beyond W3C WebDriver: a JSON body posted to
/// `session/{id}/{path}`. ChromeDriver's browser console log (`se/log`)
/// and DevTools commands (`goog/cdp/execute`); Marionette's switch between
/// the page's context and the browser's own, "chrome", where Firefox's
/// services can be reached with geckodriver's `--allow-system-access`
/// (`moz/context`).
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/{}",
            session.unwrap_or_default(),
            self.path
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Polls `check` until it yields a value, failing after [`TIMEOUT`].
pub async fn eventually<T, F, Fut>(what: &str, check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    eventually_within(TIMEOUT, what, check).await
}

/// [`eventually`] with its own time limit.
pub async fn eventually_within<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + limit;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Kills browsers left by test processes that died without cleaning up (an
/// abort skips `Drop`): a profile is named `encore-e2e-<port>-<test pid>`.
fn sweep_orphans() {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in procs.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<i32>() else {
            continue;
        };
        let Ok(cmdline) = std::fs::read(entry.path().join("cmdline")) else {
            continue;
        };
        let cmdline = String::from_utf8_lossy(&cmdline);
        let Some(rest) = cmdline.split("encore-e2e-").nth(1) else {
            continue;
        };
        let owner = rest
            .split(['-', '\0', ' '])
            .nth(1)
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(owner) = owner {
            if !std::path::Path::new(&format!("/proc/{owner}")).exists() {
                let _ = std::process::Command::new("kill")
                    .arg("-9")
                    .arg(pid.to_string())
                    .status();
            }
        }
    }
}

fn chromium_capabilities(profile: &std::path::Path) -> serde_json::Map<String, Value> {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1280,900",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
    caps
}

/// Headless Firefox shows notifications only with these two preferences;
/// the profile is ours (named for the orphan sweep), not geckodriver's.
fn firefox_capabilities(profile: &std::path::Path) -> serde_json::Map<String, Value> {
    let _ = std::fs::create_dir_all(profile);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("firefox"));
    caps.insert(
        "moz:firefoxOptions".into(),
        json!({
            "binary": FIREFOX,
            "args": ["-headless", "-profile", profile.display().to_string(),
                     "--width=1280", "--height=900"],
            "prefs": {
                // The page's console on the browser's standard output, which
                // the harness keeps (`Browser::console`).
                "devtools.console.stdout.content": true,
                "permissions.default.desktop-notification": 1,
                "alerts.useSystemBackend": false,
                "browser.shell.checkDefaultBrowser": false,
                "datareporting.policy.dataSubmissionEnabled": false,
            },
        }),
    );
    caps
}

/// WebKitGTK through our small browser (`tests/e2e/webkit_browser.py`),
/// which keeps its data in the profile and can be granted notifications.
fn webkit_capabilities(
    profile: &std::path::Path,
    app_origin: &str,
) -> serde_json::Map<String, Value> {
    let _ = std::fs::create_dir_all(profile);
    let browser = concat!(env!("CARGO_MANIFEST_DIR"), "/webkit_browser.py");
    let mut caps = serde_json::Map::new();
    caps.insert(
        "webkitgtk:browserOptions".into(),
        json!({
            "binary": browser,
            "args": [
                "--automation",
                format!("--profile={}", profile.display()),
                format!("--allow-notifications={app_origin}"),
            ],
        }),
    );
    caps
}

/// An X server of its own on a free display, for a browser that has no
/// headless mode: Xvfb names the display it took on its standard output.
async fn start_display() -> (Child, String) {
    use tokio::io::AsyncBufReadExt;
    let mut xvfb = Command::new(XVFB)
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {XVFB} (run `make test` to install it): {e}"));
    let out = xvfb.stdout.take().expect("Xvfb's output");
    let mut line = String::new();
    tokio::time::timeout(TIMEOUT, tokio::io::BufReader::new(out).read_line(&mut line))
        .await
        .expect("Xvfb to name its display")
        .expect("Xvfb's display");
    (xvfb, format!(":{}", line.trim()))
}

impl Browser {
    /// A new browser with a profile of its own. Notifications are allowed
    /// for `app_origin` where the engine cannot grant them later (Firefox
    /// allows them everywhere, Chromium is granted them through DevTools).
    pub async fn launch(app_origin: &str) -> Browser {
        sweep_orphans();
        let engine = Engine::current();
        let port = free_port();
        let profile =
            std::env::temp_dir().join(format!("encore-e2e-{port}-{}", std::process::id()));
        let (driver_path, caps) = match engine {
            Engine::Chromium => (PathBuf::from(CHROMEDRIVER), chromium_capabilities(&profile)),
            Engine::Firefox => (geckodriver_path(), firefox_capabilities(&profile)),
            Engine::WebKit => (
                PathBuf::from(WEBKITDRIVER),
                webkit_capabilities(&profile, app_origin),
            ),
        };
        let mut driver = Command::new(&driver_path);
        match engine {
            Engine::Chromium | Engine::WebKit => driver.arg(format!("--port={port}")),
            Engine::Firefox => driver
                .arg("--port")
                .arg(port.to_string())
                .arg("--allow-system-access"),
        };
        let display = if engine == Engine::WebKit {
            let (xvfb, name) = start_display().await;
            driver.env("DISPLAY", name);
            Some(xvfb)
        } else {
            None
        };
        // The driver passes on its browser's output: for Firefox and our
        // WebKitGTK browser, the page's console (see `console`).
        let console_file = profile.with_extension("console");
        let output = || {
            if engine == Engine::Chromium {
                return std::process::Stdio::null();
            }
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&console_file)
                .map(std::process::Stdio::from)
                .unwrap_or_else(|e| panic!("cannot write {}: {e}", console_file.display()))
        };
        let driver = driver
            .stdout(output())
            .stderr(output())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} (run `make test` to install it): {e}",
                    driver_path.display()
                )
            });
        let webdriver = format!("http://127.0.0.1:{port}");
        let client = eventually("the WebDriver to accept a session", || {
            let mut builder = ClientBuilder::new(HttpConnector::new());
            builder.capabilities(caps.clone());
            let webdriver = webdriver.clone();
            async move { builder.connect(&webdriver).await.ok() }
        })
        .await;
        Browser {
            client,
            engine,
            _driver: driver,
            _display: display,
            profile,
            console_file,
            console_read: std::sync::Mutex::new(0),
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    /// Reloads as a reader does. Firefox's WebDriver refresh bypasses the
    /// service worker, so there it is a navigation to the same address.
    pub async fn reload(&self) {
        match self.engine {
            Engine::Chromium | Engine::WebKit => self.client.refresh().await.expect("reload"),
            Engine::Firefox => {
                self.js("window.__e2eBeforeReload = true; location.reload();")
                    .await;
                eventually("the reloaded page", || async {
                    let fresh = self
                        .client
                        .execute(
                            "return window.__e2eBeforeReload !== true \
                             && document.readyState !== 'loading';",
                            vec![],
                        )
                        .await
                        .ok()?;
                    (fresh == json!(true)).then_some(())
                })
                .await;
            }
        }
    }

    pub async fn url(&self) -> url::Url {
        self.client.current_url().await.expect("current url")
    }

    /// Waits until an element matching `css` exists and is displayed, and
    /// the app has taken over the painted screen (see `after_the_takeover`).
    pub async fn wait_for(&self, css: &str) -> Element {
        self.after_the_takeover(css).await;
        eventually(&format!("{css} to be shown"), || async {
            let element = self.client.find(Locator::Css(css)).await.ok()?;
            self.displayed(&element).await.then_some(element)
        })
        .await
    }

    /// Waits until no element matching `css` is displayed.
    pub async fn wait_gone(&self, css: &str) {
        eventually(&format!("{css} to go away"), || async {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(found) => {
                    for element in found {
                        if self.displayed(&element).await {
                            return None;
                        }
                    }
                    Some(())
                }
                Err(_) => None,
            }
        })
        .await
    }

    /// Whether a reader sees the element. WebKitWebDriver counts text cut
    /// short by `line-clamp` as not shown, and content not yet drawn (a
    /// page of cards under `content-visibility: auto`) as shown, so there
    /// the page is asked.
    async fn displayed(&self, element: &Element) -> bool {
        if self.engine != Engine::WebKit {
            return element.is_displayed().await.unwrap_or(false);
        }
        let Ok(element) = serde_json::to_value(element) else {
            return false;
        };
        let shown = self
            .client
            .execute(
                "const e = arguments[0], r = e.getBoundingClientRect(); \
                 return e.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true }) \
                 && r.width > 0 && r.height > 0;",
                vec![element],
            )
            .await;
        matches!(shown, Ok(Value::Bool(true)))
    }

    pub async fn is_shown(&self, css: &str) -> bool {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => self.displayed(&element).await,
            Err(_) => false,
        }
    }

    /// Waits, unless `css` aims at the screen the page painted before its
    /// app started (`#shell …`), until the app has replaced that screen
    /// with its own: a test acts on what the app draws (a press that began
    /// on a painted control and ended on the app's is a click only for the
    /// login, which the page makes one).
    async fn after_the_takeover(&self, css: &str) {
        if !css.starts_with("#shell") {
            self.wait_gone("#shell").await;
        }
    }

    /// Clicks the element matching `css`, once the app has taken over (see
    /// [`Browser::wait_for`]).
    pub async fn click(&self, css: &str) {
        self.wait_for(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Presses the mouse's main button on the element and holds it, as a
    /// reader whose finger is still down; `lift` ends the press wherever
    /// the pointer is.
    pub async fn press_and_hold(&self, css: &str) {
        let element = self.wait_for(css).await;
        let actions = MouseActions::new(READER_POINTER.into())
            .then(PointerAction::MoveToElement {
                element,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("cannot press {css}: {e}"));
    }

    pub async fn lift(&self) {
        let actions = MouseActions::new(READER_POINTER.into()).then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        self.client.perform_actions(actions).await.expect("lift");
    }

    /// Holds `key` down on whatever has the focus; `lift_key` lets it go.
    pub async fn hold_key(&self, key: char) {
        self.key_action(KeyAction::Down { value: key }).await;
    }

    pub async fn lift_key(&self, key: char) {
        self.key_action(KeyAction::Up { value: key }).await;
    }

    async fn key_action(&self, action: KeyAction) {
        let actions = KeyActions::new(READER_KEYS.into()).then(action);
        self.client.perform_actions(actions).await.expect("a key");
    }

    /// The element's text as a reader sees it. WebKitWebDriver gives none
    /// for text cut short by `line-clamp` (the artists' names), so there it
    /// is read as `innerText`, which the standard's algorithm follows.
    pub async fn text_of(&self, element: &Element) -> Result<String, fantoccini::error::CmdError> {
        if self.engine != Engine::WebKit {
            return element.text().await;
        }
        let element = serde_json::to_value(element).expect("an element reference");
        let text = self
            .client
            .execute("return arguments[0].innerText;", vec![element])
            .await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    pub async fn text(&self, css: &str) -> String {
        let element = self.wait_for(css).await;
        self.text_of(&element).await.expect("element text")
    }

    /// Waits until the element's text satisfies `accept`, and returns it.
    pub async fn wait_text(&self, css: &str, accept: impl Fn(&str) -> bool) -> String {
        let last = std::sync::Mutex::new(None::<String>);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(element) = self.client.find(Locator::Css(css)).await {
                if let Ok(text) = self.text_of(&element).await {
                    if accept(&text) {
                        return text;
                    }
                    *last.lock().unwrap_or_else(|p| p.into_inner()) = Some(text);
                }
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {TIMEOUT:?} waiting for the text of {css}; last seen: {:?}",
                last.lock().unwrap_or_else(|p| p.into_inner())
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Opens a new window and makes it the current one: returns the window
    /// that was current, and the new one.
    pub async fn new_window(&self) -> (WindowHandle, WindowHandle) {
        let first = self.client.window().await.expect("the current window");
        let second = self
            .client
            .new_window(false)
            .await
            .expect("a new window")
            .handle;
        self.switch_to(&second).await;
        (first, second)
    }

    pub async fn switch_to(&self, window: &WindowHandle) {
        self.client
            .switch_to_window(window.clone())
            .await
            .expect("switch windows");
    }

    /// Types `text` into the field matching `css`, in place of what it
    /// held, once the app has taken over (see [`Browser::wait_for`]).
    pub async fn type_into(&self, css: &str, text: &str) {
        let element = self.wait_for(css).await;
        element.clear().await.expect("clear");
        element.send_keys(text).await.expect("type");
    }

    /// Runs a script that reports through its last argument (a callback).
    pub async fn execute_async(&self, script: &str) -> Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// `[localStorage keys, sessionStorage keys]` of the current origin.
    pub async fn storage_keys(&self) -> (Vec<String>, Vec<String>) {
        let keys = self
            .js("return [Object.keys(localStorage), Object.keys(sessionStorage)];")
            .await;
        let list = |v: &Value| {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|k| k.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        (list(&keys[0]), list(&keys[1]))
    }

    /// Console messages so far (each fetched once). A log that cannot be
    /// read fails the test: the panic and CSP guards rely on it.
    pub async fn console(&self) -> Vec<String> {
        if self.engine != Engine::Chromium {
            return self.console_from_output();
        }
        match self
            .client
            .issue_cmd(SessionPost {
                path: "se/log",
                body: json!({ "type": "browser" }),
            })
            .await
        {
            Ok(Value::Array(entries)) => entries
                .iter()
                .map(|e| match e["message"].as_str() {
                    Some(message) => message.to_string(),
                    None => panic!("a console entry without a message: {e}"),
                })
                .collect(),
            Ok(other) => panic!("the browser's log is not a list: {other}"),
            Err(error) => panic!("the browser's log cannot be read: {error}"),
        }
    }

    /// geckodriver and WebKitWebDriver have no log endpoint (only WebDriver
    /// BiDi, which fantoccini does not speak), but their browsers write the
    /// page's console to their output: Firefox as `console.error: …` and
    /// `JavaScript error: …` (with `devtools.console.stdout.content`),
    /// WebKitGTK as `… CONSOLE ERROR …` (tests/e2e/webkit_browser.py).
    /// Firefox's own chrome (`resource://`, `chrome://`) is not the page's.
    /// WebKitGTK is built without web app manifests, and so without the
    /// policy's `manifest-src` (WebKit reads it only with
    /// `ENABLE(APPLICATION_MANIFEST)`, as Safari is built): its complaint
    /// about that directive is the test browser's, not a reader's.
    fn console_from_output(&self) -> Vec<String> {
        let output = std::fs::read(&self.console_file).unwrap_or_else(|e| {
            panic!(
                "the browser's output cannot be read from {}: {e}",
                self.console_file.display()
            )
        });
        let mut read = self
            .console_read
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let new = String::from_utf8_lossy(output.get(*read..).unwrap_or_default()).into_owned();
        *read = output.len();
        new.lines()
            .filter(|line| {
                let page = match self.engine {
                    Engine::Firefox => {
                        line.starts_with("console.") || line.starts_with("JavaScript error:")
                    }
                    _ => line.contains("CONSOLE "),
                };
                page && !line.contains("resource://")
                    && !line.contains("chrome://")
                    && !line
                        .contains("Unrecognized Content-Security-Policy directive 'manifest-src'")
            })
            .map(str::to_string)
            .collect()
    }

    /// Goes to `url` without waiting for the page's load, which a module
    /// still on its way holds back: for what the page shows before.
    pub async fn go_without_waiting(&self, url: &str) {
        self.js(&format!("location.href = {}; return true;", json!(url)))
            .await;
    }

    /// Unregisters the service workers of the current origin: the next
    /// navigation is the network's, as for a reader whose browser let the
    /// worker go.
    pub async fn forget_the_workers(&self) {
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             navigator.serviceWorker.getRegistrations()
               .then(all => Promise.all(all.map(r => r.unregister()))).then(() => done(true));",
        )
        .await;
    }

    /// From the next document's start, adds up its layout shifts (the
    /// Layout Instability API, which only Chromium has): see [`Browser::layout_shift`].
    pub async fn count_layout_shifts(&self) {
        self.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.__e2eShift = 0; new PerformanceObserver(list => { \
                for (const e of list.getEntries()) window.__e2eShift += e.value; \
              }).observe({ type: 'layout-shift', buffered: true });" }),
        )
        .await;
    }

    /// The document's layout shift so far, read once two more frames have
    /// been drawn and the observer's task has run.
    pub async fn layout_shift(&self) -> f64 {
        self.execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() =>
               setTimeout(() => done(window.__e2eShift), 0)));",
        )
        .await
        .as_f64()
        .expect("the layout shift is counted (count_layout_shifts first)")
    }

    /// Takes the browser off the network, or puts it back, as a reader's
    /// lost connection does (`navigator.onLine` follows): through DevTools
    /// in Chromium, through the browser's own services in Firefox.
    pub async fn set_offline(&self, offline: bool) {
        if self.engine == Engine::Firefox {
            self.in_firefox_chrome(&format!(
                "Services.io.manageOfflineStatus = false; Services.io.offline = {offline};"
            ))
            .await;
            return;
        }
        self.cdp("Network.enable", json!({})).await;
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    }

    /// Empties the browser's HTTP cache.
    pub async fn clear_http_cache(&self) {
        if self.engine == Engine::Firefox {
            self.in_firefox_chrome("Services.cache2.clear();").await;
            return;
        }
        self.cdp("Network.clearBrowserCache", json!({})).await;
    }

    /// Runs `script` in Firefox's own context, then returns to the page's.
    async fn in_firefox_chrome(&self, script: &str) {
        for (context, then) in [("chrome", Some(script)), ("content", None)] {
            self.client
                .issue_cmd(SessionPost {
                    path: "moz/context",
                    body: json!({ "context": context }),
                })
                .await
                .unwrap_or_else(|e| panic!("Firefox's {context} context: {e}"));
            if let Some(script) = then {
                self.client
                    .execute(script, vec![])
                    .await
                    .unwrap_or_else(|e| panic!("in Firefox's chrome: {e}\n{script}"));
            }
        }
    }

    /// Runs a DevTools command (e.g. `Performance.getMetrics`).
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        assert!(
            self.engine == Engine::Chromium,
            "{command} needs the DevTools protocol, which {:?} has not: mark the test Chromium-only",
            self.engine
        );
        self.client
            .issue_cmd(SessionPost {
                path: "goog/cdp/execute",
                body: json!({ "cmd": command, "params": params }),
            })
            .await
            .unwrap_or_else(|e| panic!("DevTools command {command} failed: {e}"))
    }

    /// Fails on a panic, on anything the Content-Security-Policy refused, or
    /// on a file of the app's own (under `app_origin`) that was not found,
    /// such as a favicon.
    pub async fn assert_clean_console(&self, app_origin: &str) {
        let problems: Vec<String> = self
            .console()
            .await
            .into_iter()
            .filter(|m| {
                m.contains("panicked")
                    || m.contains("RuntimeError")
                    || m.contains("unreachable")
                    || m.contains("Content Security Policy")
                    || m.contains("Content-Security-Policy")
                    || (m.starts_with(app_origin) && m.contains("status of 404"))
            })
            .collect();
        assert!(
            problems.is_empty(),
            "the browser console reports: {problems:#?}"
        );
    }

    /// Runs axe-core on the page and fails on any serious or critical
    /// violation, naming the rule and the elements.
    pub async fn assert_accessible(&self, screen: &str) {
        let source = std::fs::read_to_string(axe_path()).unwrap_or_else(|e| {
            panic!(
                "cannot read axe-core at {} (run `make test`): {e}",
                axe_path().display()
            )
        });
        // WebDriver scripts are not subject to the page's CSP.
        self.client
            .execute(&format!("{source}\nreturn true;"), vec![])
            .await
            .expect("axe-core loads");
        let found = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations
                     .filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe runs");
        let problems: Vec<String> = serde_json::from_value(found).unwrap_or_default();
        assert!(
            problems.is_empty(),
            "axe-core on the {screen}: {problems:#?}"
        );
    }

    /// Emulates `prefers-color-scheme` ("dark" or "light").
    pub async fn set_color_scheme(&self, scheme: &str) {
        self.cdp(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
        )
        .await;
    }

    /// Makes the viewport `width` × `height` CSS pixels (a phone when narrow).
    pub async fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600 }),
        )
        .await;
    }

    /// The viewport as a PNG.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client.screenshot().await.expect("screenshot")
    }

    /// Presses keys on whatever has focus (WebDriver key codes, e.g. TAB).
    pub async fn press(&self, keys: &str) {
        if self.engine == Engine::Firefox {
            self.refocus_window().await;
        }
        let focused = self
            .client
            .active_element()
            .await
            .expect("a focused element");
        focused.send_keys(keys).await.expect("keys");
    }

    /// Wakes the service worker of the app at `scope` (its URL, ending
    /// in `/`) with a periodic sync of `tag`, as the browser does about once
    /// a day, and returns once the browser has dispatched it. The
    /// registration's id comes only as a DevTools event, so this speaks the
    /// protocol over the browser's own socket (`DevToolsActivePort`).
    pub async fn fire_periodic_sync(&self, scope: &str, tag: &str) {
        let active = std::fs::read_to_string(self.profile.join("DevToolsActivePort"))
            .expect("Chromium's DevToolsActivePort");
        let mut lines = active.lines();
        let (port, path) = (
            lines.next().unwrap_or_default(),
            lines.next().unwrap_or_default(),
        );
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}{path}"))
            .await
            .expect("the DevTools socket");
        let mut devtools = DevTools {
            socket,
            next_id: 0,
            seen: Vec::new(),
        };
        let targets = devtools.call(None, "Target.getTargets", json!({})).await;
        let page = targets["targetInfos"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|t| {
                t["type"] == "page" && t["url"].as_str().is_some_and(|u| u.starts_with(scope))
            })
            .unwrap_or_else(|| panic!("no page of {scope} is open: {targets}"))["targetId"]
            .clone();
        let attached = devtools
            .call(
                None,
                "Target.attachToTarget",
                json!({ "targetId": page, "flatten": true }),
            )
            .await;
        let session = attached["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        devtools
            .call(Some(&session), "ServiceWorker.enable", json!({}))
            .await;
        let registration = devtools
            .event("ServiceWorker.workerRegistrationUpdated", |params| {
                params["registrations"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find_map(|r| {
                        (r["scopeURL"] == scope && r["isDeleted"] == false)
                            .then(|| r["registrationId"].clone())
                    })
            })
            .await;
        let origin = url::Url::parse(scope)
            .expect("scope")
            .origin()
            .ascii_serialization();
        devtools
            .call(
                Some(&session),
                "ServiceWorker.dispatchPeriodicSyncEvent",
                json!({ "origin": origin, "registrationId": registration, "tag": tag }),
            )
            .await;
    }

    /// Headless Firefox leaves a document without focus after a
    /// cross-origin navigation (a login's round trip through Spotify's
    /// page): keys still move `activeElement`, but nothing matches `:focus`.
    /// A reader's window has focus; WebDriver's Switch To Window gives it.
    async fn refocus_window(&self) {
        let has_focus = self.js("return document.hasFocus();").await;
        if has_focus != json!(true) {
            let window = self.client.window().await.expect("the current window");
            self.switch_to(&window).await;
        }
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that failed before close() would leave its browser running;
        // the profile's path is in its command line.
        let _ = std::process::Command::new("pkill")
            .arg("-f")
            .arg(self.profile.display().to_string())
            .status();
        let _ = std::fs::remove_dir_all(&self.profile);
        let _ = std::fs::remove_file(&self.console_file);
    }
}

/// A DevTools Protocol connection: commands with their answers, and events.
struct DevTools {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    next_id: u64,
    seen: Vec<Value>,
}

impl DevTools {
    async fn receive(&mut self) -> Value {
        use futures_util::StreamExt;
        loop {
            let message = tokio::time::timeout(TIMEOUT, self.socket.next())
                .await
                .expect("a DevTools message in time")
                .expect("the DevTools socket open")
                .expect("a DevTools message");
            if let tokio_tungstenite::tungstenite::Message::Text(text) = message {
                return serde_json::from_str(&text).expect("DevTools JSON");
            }
        }
    }

    async fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        use futures_util::SinkExt;
        self.next_id += 1;
        let id = self.next_id;
        let mut command = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        self.socket
            .send(tokio_tungstenite::tungstenite::Message::text(
                command.to_string(),
            ))
            .await
            .expect("a DevTools command sent");
        loop {
            let message = self.receive().await;
            if message["id"] == id {
                assert!(message["error"].is_null(), "{method} failed: {message}");
                return message["result"].clone();
            }
            self.seen.push(message);
        }
    }

    /// The first event `method` (seen already, or to come) that `pick` finds something in.
    async fn event(&mut self, method: &str, pick: impl Fn(&Value) -> Option<Value>) -> Value {
        let mut pending = std::mem::take(&mut self.seen).into_iter();
        loop {
            let message = match pending.next() {
                Some(message) => message,
                None => self.receive().await,
            };
            if message["method"] == method {
                if let Some(found) = pick(&message["params"]) {
                    return found;
                }
            }
        }
    }
}
