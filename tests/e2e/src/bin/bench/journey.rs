//! A reader's journey, timed as they feel it on a phone: Chromium on
//! Lighthouse's mobile profile (slow 4G and a 4x slower CPU), the app
//! served as GitHub Pages serves it (gzip, cached for ten minutes), the
//! emulator behind the same throttling. Each run starts from a fresh
//! profile; the table gives the median of the runs. Paints are read through
//! Element Timing: the app marks the login control, the first artist, the
//! releases view's heading and each release's name.

use e2e::{sample_artists, World};
use fantoccini::wd::TimeoutConfiguration;
use serde_json::{json, Value};
use std::time::Duration;

pub(crate) const RUNS: usize = 5;
pub(crate) const ARTISTS: usize = 20;

/// Lighthouse's mobile throttling, as DevTools applies it: 150 ms round
/// trips and 1.6 Mbit/s, adjusted for request-level emulation (x3.75
/// latency, x0.9 throughput).
pub(crate) const LATENCY_MS: f64 = 562.5;
pub(crate) const DOWN_KBIT: f64 = 1474.56;
const UP_KBIT: f64 = 675.0;
const CPU_SLOWDOWN: u32 = 4;

pub(crate) async fn throttle(world: &World, on: bool) {
    let browser = &world.browser;
    browser.cdp("Network.enable", json!({})).await;
    let conditions = if on {
        json!({
            "offline": false,
            "latency": LATENCY_MS,
            "downloadThroughput": DOWN_KBIT * 1024.0 / 8.0,
            "uploadThroughput": UP_KBIT * 1024.0 / 8.0,
        })
    } else {
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
    };
    browser
        .cdp("Network.emulateNetworkConditions", conditions)
        .await;
    let rate = if on { CPU_SLOWDOWN } else { 1 };
    browser
        .cdp("Emulation.setCPUThrottlingRate", json!({ "rate": rate }))
        .await;
}

/// The journey's app as GitHub Pages serves it, with WebDriver timeouts
/// long enough for a slow network's pages and scripts.
pub(crate) async fn patient_world() -> World {
    let world = World::start_like_pages(|c| c.artists = sample_artists(ARTISTS)).await;
    world
        .browser
        .client
        .update_timeouts(TimeoutConfiguration::new(
            Some(Duration::from_secs(120)),
            Some(Duration::from_secs(300)),
            Some(Duration::ZERO),
        ))
        .await
        .expect("timeouts");
    world
}

/// Prints each step's median over `runs` (in seconds; the layout shift is a
/// score, not a time) and each run's value.
pub(crate) fn print_steps(steps: &[&str], runs: &[Vec<f64>]) {
    for (i, name) in steps.iter().enumerate() {
        let values: Vec<f64> = runs.iter().map(|run| run[i]).collect();
        let each: Vec<String> = values
            .iter()
            .map(|v| format!("{:.2}", v / 1000.0))
            .collect();
        let unit = if name.contains("CLS") { "  " } else { " s" };
        println!(
            "  {name:<72} {:>6.2}{unit}  ({})",
            median(values.clone()) / 1000.0,
            each.join(", ")
        );
    }
}

/// When the element marked `elementtiming=id` was first painted after
/// `since` (ms on this document's clock): `[paint, timeOrigin]`.
async fn painted(world: &World, id: &str, since: f64) -> (f64, f64) {
    let found = world
        .browser
        .execute_async(&format!(
            r#"const done = arguments[arguments.length - 1];
               new PerformanceObserver((list, observer) => {{
                   const at = e => e.renderTime || e.loadTime;
                   const entry = list.getEntries().find(e => e.identifier === {id:?} && at(e) > {since});
                   if (!entry) return;
                   observer.disconnect();
                   done([at(entry), performance.timeOrigin]);
               }}).observe({{ type: 'element', buffered: true }});"#
        ))
        .await;
    let number = |v: &Value| v.as_f64().unwrap_or(f64::NAN);
    (number(&found[0]), number(&found[1]))
}

/// Clicks `css` from inside the page; returns the click's time on the
/// document's clock.
async fn click_at(world: &World, css: &str) -> f64 {
    world.browser.wait_for(css).await;
    world
        .browser
        .js(&format!(
            "const at = performance.now(); document.querySelector({css:?}).click(); return at;"
        ))
        .await
        .as_f64()
        .unwrap_or(f64::NAN)
}

/// The steps of the journey, in order, with what each is measured to.
const STEPS: [&str; 13] = [
    "first visit, cold cache, to the login control painted",
    "a click at that paint, to the request for Spotify's authorize page (from the visit's start)",
    "consent to the first artist painted",
    "the artists to the releases view painted",
    "the artists to the first release painted",
    "the releases back to the artists",
    "a reload of the releases to the first release",
    "a repeat visit the next day (HTTP cache expired, served by the worker) to the first artist",
    "unthrottled: the artists to the releases view painted",
    "unthrottled: the releases back to the artists",
    "returning reader, page not served by the worker (HTTP cache expired): skeleton painted",
    "  the same: layout shift across the app's takeover (CLS, not seconds)",
    "  the repeat visit the next day: of its time, to the app's start (encore:start)",
];

/// A run's times, and the files the repeat visit asked of the host before
/// its first artist was painted.
async fn one_run() -> ([f64; 13], Vec<String>) {
    let world = patient_world().await;
    throttle(&world, true).await;
    let mut step = [f64::NAN; 13];
    world.browser.count_layout_shifts().await;

    // Not `open`: the page's load waits for its module, and the reader
    // clicks as soon as the control is there.
    let url = format!("{}/", world.app_url);
    world.browser.go_without_waiting(&url).await;
    world.browser.wait_for("[data-testid=login]").await;
    let (paint, first_origin) = painted(&world, "login", 0.0).await;
    step[0] = paint;
    click_at(&world, "[data-testid=login]").await;
    world.browser.wait_for("#agree").await;
    let consent_origin = world
        .browser
        .js("return performance.timeOrigin;")
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    step[1] = consent_origin - first_origin;
    let consent = world
        .browser
        .js("const at = performance.timeOrigin + performance.now(); setTimeout(() => document.getElementById('agree').click()); return at;")
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    world.browser.wait_for("[data-testid=artist]").await;
    let (paint, origin) = painted(&world, "first-artist", 0.0).await;
    step[2] = origin + paint - consent;
    world.browser.wait_for("[data-testid=profile]").await;

    let clicked = click_at(&world, "[data-testid=releases-link]").await;
    step[3] = painted(&world, "releases-view", clicked).await.0 - clicked;
    step[4] = painted(&world, "release", clicked).await.0 - clicked;
    world.browser.wait_for("[data-testid=releases-done]").await;

    let clicked = click_at(&world, "[data-testid=artists-link]").await;
    step[5] = painted(&world, "first-artist", clicked).await.0 - clicked;

    click_at(&world, "[data-testid=releases-link]").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    world.browser.reload().await;
    step[6] = painted(&world, "release", 0.0).await.0;
    world.browser.wait_for("[data-testid=releases-done]").await;

    throttle(&world, false).await;
    let clicked = click_at(&world, "[data-testid=artists-link]").await;
    painted(&world, "first-artist", clicked).await;
    let clicked = click_at(&world, "[data-testid=releases-link]").await;
    step[8] = painted(&world, "releases-view", clicked).await.0 - clicked;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let clicked = click_at(&world, "[data-testid=artists-link]").await;
    step[9] = painted(&world, "first-artist", clicked).await.0 - clicked;

    // Yesterday's visit: every file cached, then stale by today, and the
    // access token long expired.
    throttle(&world, true).await;
    world.expire_http_caches();
    world
        .browser
        .cdp("Network.clearBrowserCache", json!({}))
        .await;
    world.browser.goto("about:blank").await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=profile]").await;
    let tokens = world.key("tokens");
    world
        .browser
        .js(&format!(
            "const t = JSON.parse(localStorage.getItem({tokens:?}));
             t.expires_at_ms = Date.now() - 23 * 3600 * 1000;
             localStorage.setItem({tokens:?}, JSON.stringify(t));"
        ))
        .await;
    world.browser.goto("about:blank").await;
    let served = world.served().len();
    world.open("/").await;
    step[7] = painted(&world, "first-artist", 0.0).await.0;
    // What the module's arrival took, and so what the app's own start did.
    step[12] = world
        .browser
        .js("return performance.getEntriesByName('encore:start')[0]?.startTime;")
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    let asked = world.served()[served..].to_vec();
    world.browser.wait_for("[data-testid=profile]").await;

    // The same reader, whose page the worker does not serve (it was never
    // installed on this device, or the browser let it go): the page paints
    // the skeleton before its module arrives.
    world.browser.forget_the_workers().await;
    world.browser.goto("about:blank").await;
    world.browser.go_without_waiting(&url).await;
    world.browser.wait_for("[data-testid=artist]").await;
    let first_paint = world
        .browser
        .js("return [performance.getEntriesByName('first-paint')[0]?.startTime, document.documentElement.getAttribute('data-first-screen')];")
        .await;
    // Builds before issue #34 choose nothing: their shell was a skeleton.
    if !first_paint[1].is_null() && first_paint[1] != json!("skeleton") {
        panic!("the returning reader's first screen was {}", first_paint[1]);
    }
    step[10] = first_paint[0].as_f64().unwrap_or(f64::NAN);
    // A score, kept in thousandths for the table's one format.
    step[11] = world.browser.layout_shift().await * 1000.0;

    world.finish().await;
    (step, asked)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

pub async fn journey() {
    if e2e::Engine::current() == e2e::Engine::Firefox {
        super::firefox_journey::journey().await;
        return;
    }
    let mut runs = Vec::new();
    let mut asked = Vec::new();
    for _ in 0..RUNS {
        let (run, files) = one_run().await;
        runs.push(run);
        asked.push(files);
    }
    println!(
        "The journey on Lighthouse's mobile profile ({LATENCY_MS} ms latency, {DOWN_KBIT} kbit/s down, \
         {UP_KBIT} kbit/s up, {CPU_SLOWDOWN}x CPU), served gzip as GitHub Pages serves it, \
         {ARTISTS} followed artists: median of {RUNS} runs, each from a fresh profile"
    );
    let runs: Vec<Vec<f64>> = runs.iter().map(|run| run.to_vec()).collect();
    print_steps(&STEPS, &runs);
    println!(
        "  files the repeat visit asked of the host before its first artist was painted, each run: {asked:?}"
    );
}
