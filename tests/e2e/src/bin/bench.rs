//! `make bench`: drives Chromium through 10,000 followed artists and prints
//! what the artists issue targets. A measurement, not a test: it never fails
//! on a figure, it reports it.

use e2e::{sample_artists, World};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const ARTISTS: usize = 10_000;

fn metric(metrics: &Value, name: &str) -> f64 {
    metrics["metrics"]
        .as_array()
        .and_then(|all| all.iter().find(|m| m["name"] == name))
        .and_then(|m| m["value"].as_f64())
        .unwrap_or(f64::NAN)
}

#[tokio::main]
async fn main() {
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.browser.cdp("Performance.enable", json!({})).await;
    world.login().await;
    world
        .browser
        .js("window.__longTasks = []; new PerformanceObserver(l => window.__longTasks.push(...l.getEntries().map(e => e.duration))).observe({type: 'longtask', buffered: true});")
        .await;
    world.browser.wait_for("[data-testid=artist]").await;
    let first_artist = Instant::now();
    world.scroll_to_the_end(Duration::from_secs(600)).await;
    let first_to_last = first_artist.elapsed();

    let page = world
        .browser
        .js(r#"
            const render = performance.getEntriesByName('encore:render').map(e => e.duration);
            const layout = performance.getEntriesByName('encore:layout').map(e => e.duration);
            const inOrder = render.map((r, i) => r + (layout[i] || 0));
            const appends = [...inOrder].sort((a, b) => a - b);
            return {
                over_budget: inOrder.map((d, i) => [i + 1, Math.round(d)]).filter(([, d]) => d >= 16),
                shown: document.querySelectorAll('[data-testid=artist]').length,
                appends: appends.length,
                append_max: appends[appends.length - 1],
                append_p95: appends[Math.floor(appends.length * 0.95)],
                append_median: appends[Math.floor(appends.length / 2)],
                long_tasks: window.__longTasks.length,
                long_task_max: Math.max(0, ...window.__longTasks),
            };
        "#)
        .await;
    let metrics = world.browser.cdp("Performance.getMetrics", json!({})).await;
    world
        .browser
        .cdp("HeapProfiler.collectGarbage", json!({}))
        .await;
    let heap = world.browser.cdp("Runtime.getHeapUsage", json!({})).await;
    let requests = world.sent("GET", "/v1/me/following").len();

    let mb = |bytes: f64| bytes / 1_048_576.0;
    println!("10,000 followed artists, Chromium headless, emulator on loopback");
    println!("  artists shown                  {}", page["shown"]);
    println!(
        "  first artist to last           {:.2} s",
        first_to_last.as_secs_f64()
    );
    println!("  page requests                  {requests} (ceil(10000/50) = 200)");
    println!(
        "  append of one page (ms)        max {:.1} / p95 {:.1} / median {:.1} over {} pages (render + layout; target: under 16)",
        page["append_max"].as_f64().unwrap_or(f64::NAN),
        page["append_p95"].as_f64().unwrap_or(f64::NAN),
        page["append_median"].as_f64().unwrap_or(f64::NAN),
        page["appends"]
    );
    println!(
        "  appends at 16 ms or more       {} (page, ms)",
        page["over_budget"]
    );
    println!(
        "  long tasks (>50 ms)            {} (longest {:.0} ms)",
        page["long_tasks"],
        page["long_task_max"].as_f64().unwrap_or(0.0)
    );
    println!(
        "  DOM nodes                      {}",
        metric(&metrics, "Nodes")
    );
    println!(
        "  JS heap used                   {:.1} MB after GC (target: at most 64); {:.1} MB before",
        mb(heap["usedSize"].as_f64().unwrap_or(f64::NAN)),
        mb(metric(&metrics, "JSHeapUsedSize"))
    );
    if let Some(backing) = heap["backingStorageSize"].as_f64() {
        println!("  ArrayBuffers (WASM memory)     {:.1} MB", mb(backing));
    }
    world.finish().await;
}
