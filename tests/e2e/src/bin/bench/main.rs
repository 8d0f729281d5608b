//! `make bench`: the figures the README shows ("Figures"; the method is in
//! docs/benchmark.md). First the journey as users feel it on a phone's
//! network (`journey.rs`); then, in Chromium against the emulator on
//! loopback (zero latency): the first load's size, the
//! callback-to-first-artist split, repeat visits, 10,000 followed artists,
//! one full release check of them, and saves to a playlist (`playlist.rs`).
//! A measurement, not a test: it never fails on a figure, it reports it.

mod background;
mod firefox_journey;
mod journey;
mod library;
mod playlist;

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

const RUNS: usize = 7;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
}

fn first_load_size() {
    let dist = e2e::dist_dir();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let script = root.join("scripts/size_budget.py");
    println!("First load (scripts/size_budget.py {})", dist.display());
    match std::process::Command::new("python3")
        .arg(script)
        .arg(&dist)
        .output()
    {
        Ok(out) => {
            for line in String::from_utf8_lossy(&out.stdout).lines() {
                println!("  {line}");
            }
            for line in String::from_utf8_lossy(&out.stderr).lines() {
                println!("  {line}");
            }
        }
        Err(e) => println!("  cannot run python3: {e}"),
    }
}

/// In the page: the first artist's paint (Element Timing, from the
/// document's start) and the time spent waiting on the network before it
/// (the union of every fetch's interval, the document's own included).
const PAINT_AND_NETWORK: &str = r#"
    const done = arguments[arguments.length - 1];
    new PerformanceObserver((list, observer) => {
        const first = list.getEntries().find(e => e.identifier === 'first-artist');
        if (!first) return;
        observer.disconnect();
        const paint = first.renderTime || first.loadTime;
        const spans = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
            .map(e => [e.startTime, Math.min(e.responseEnd, paint)])
            .filter(([s, e]) => s < paint && e > s)
            .sort((a, b) => a[0] - b[0]);
        let network = 0, end = 0;
        for (const [s, e] of spans) {
            if (e <= end) continue;
            network += e - Math.max(s, end);
            end = e;
        }
        const byName = part => performance.getEntriesByType('resource').find(e => e.name.includes(part));
        const me = byName('/v1/me?') || byName('/v1/me');
        const me_entry = performance.getEntriesByType('resource').find(e => /\/v1\/me$/.test(e.name));
        const following = byName('/v1/me/following');
        const api = performance.getEntriesByType('resource').filter(e => !e.name.startsWith(location.origin));
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        const start = performance.getEntriesByName('encore:start')[0];
        done({
            paint, network,
            me_vs_page: me_entry && following ? Math.abs(me_entry.startTime - following.startTime) : null,
            shell_paint: fcp ? fcp.startTime : null,
            first_api: api.length ? Math.min(...api.map(e => e.startTime)) : null,
            app_start: start ? start.startTime : null,
        });
    }).observe({ type: 'element', buffered: true });
"#;

async fn paint_and_network(world: &World) -> Value {
    world.browser.execute_async(PAINT_AND_NETWORK).await
}

async fn callback_to_first_artist() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    let mut totals = Vec::new();
    let mut networks = Vec::new();
    let mut together = Vec::new();
    let mut shell = Vec::new();
    for _ in 0..RUNS {
        world.open("/").await;
        world.browser.click("[data-testid=login]").await;
        world.browser.click("#agree").await;
        world.browser.wait_for("[data-testid=artist]").await;
        let figures = paint_and_network(&world).await;
        let f = |k: &str| figures[k].as_f64().unwrap_or(f64::NAN);
        totals.push(f("paint"));
        networks.push(f("network"));
        together.push(f("me_vs_page"));
        shell.push(f("first_api") - f("shell_paint"));
        world.browser.click("[data-testid=logout]").await;
        world.browser.wait_for("[data-testid=login]").await;
    }
    let (total, network) = (median(totals.clone()), median(networks.clone()));
    println!("Callback to first artist (median of {RUNS} logins, 120 artists)");
    println!("  arrival at the callback URL to the first artist painted   {total:.0} ms");
    println!("  of which waiting on the network (files, token, API)       {network:.0} ms");
    println!("  the app's own share                                        {:.0} ms (target: at most 150)", median(totals.iter().zip(&networks).map(|(t, n)| t - n).collect()));
    println!(
        "  /me and the first page started within                     {:.0} ms of each other",
        median(together)
    );
    println!(
        "  the shell painted before the first request to Spotify by  {:.0} ms",
        median(shell)
    );
    world.finish().await;
}

/// Reloads a logged-in tab whose list is saved, `RUNS` times.
async fn repeat_visits(world: &World, label: &str) {
    let mut from_start = Vec::new();
    let mut from_navigation = Vec::new();
    let mut requests = Vec::new();
    for _ in 0..RUNS {
        let before = world.emulator.requests().len();
        world.browser.reload().await;
        let figures = paint_and_network(world).await;
        world
            .browser
            .wait_text("[data-testid=saved-copy]", |t| {
                t.contains("starts the same")
            })
            .await;
        world.browser.wait_for("[data-testid=profile]").await;
        let paint = figures["paint"].as_f64().unwrap_or(f64::NAN);
        from_navigation.push(paint);
        from_start.push(paint - figures["app_start"].as_f64().unwrap_or(f64::NAN));
        let api = world.emulator.requests()[before..]
            .iter()
            .filter(|r| r.method == "GET" && r.path.starts_with("/v1/"))
            .count();
        requests.push(api as f64);
    }
    println!("Repeat visit within the hour, {label} (median of {RUNS} reloads)");
    println!(
        "  app start to the first artist from storage   {:.0} ms (target: within 100)",
        median(from_start)
    );
    println!(
        "  page start to the first artist from storage  {:.0} ms",
        median(from_navigation)
    );
    println!(
        "  API requests per visit                       {:.0} (target: at most 2)",
        median(requests.clone())
    );
}

async fn small_list_repeat_visits() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    world.login().await;
    world.scroll_to_the_end(Duration::from_secs(60)).await;
    repeat_visits(&world, "120 artists").await;
    world.finish().await;
}

#[tokio::main]
async fn main() {
    // `BENCH=journey make bench`: only the journey on a phone's network.
    if std::env::var("BENCH").as_deref() == Ok("journey") {
        journey::journey().await;
        return;
    }
    // `BENCH=releases make bench`: only the release check, on its own.
    if std::env::var("BENCH").as_deref() == Ok("releases") {
        let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
        world.login().await;
        release_check(&world).await;
        world.finish().await;
        return;
    }
    // `BENCH=background make bench`: only the service worker's wake-ups.
    if std::env::var("BENCH").as_deref() == Ok("background") {
        background::background().await;
        return;
    }
    // `BENCH=library make bench`: only the artists from a large library.
    if std::env::var("BENCH").as_deref() == Ok("library") {
        library::library().await;
        return;
    }
    // `BENCH=playlist make bench`: only the saves to a playlist.
    if std::env::var("BENCH").as_deref() == Ok("playlist") {
        playlist::playlist().await;
        return;
    }
    // `BENCH=artists make bench`: only the list of 10,000 artists (scrolling
    // through it, then finding an artist in it).
    if std::env::var("BENCH").as_deref() == Ok("artists") {
        let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
        scroll_ten_thousand(&world).await;
        finding_among(&world).await;
        world.finish().await;
        return;
    }
    journey::journey().await;
    println!();
    first_load_size();
    println!();
    callback_to_first_artist().await;
    println!();
    small_list_repeat_visits().await;
    println!();
    playlist::playlist().await;
    println!();
    library::library().await;
    println!();
    background::background().await;
    println!();
    ten_thousand().await;
}

async fn ten_thousand() {
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    scroll_ten_thousand(&world).await;
    finding_among(&world).await;
    println!();
    repeat_visits(&world, "10,000 artists").await;
    println!();
    release_check(&world).await;
    world.finish().await;
}

/// Logs in and scrolls to the end of 10,000 artists: each append's cost,
/// the heap at the end.
async fn scroll_ten_thousand(world: &World) {
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
            const saves = performance.getEntriesByName('encore:save').map(e => e.duration);
            const inOrder = render.map((r, i) => r + (layout[i] || 0));
            const appends = [...inOrder].sort((a, b) => a - b);
            return {
                over_budget: inOrder.map((d, i) => [i + 1, Math.round(d)]).filter(([, d]) => d >= 16),
                shown: document.querySelectorAll('[data-testid=artist]').length,
                appends: appends.length,
                append_max: appends[appends.length - 1],
                append_p95: appends[Math.floor(appends.length * 0.95)],
                append_median: appends[Math.floor(appends.length / 2)],
                // Whether an append costs more as the list grows.
                median_first_50: [...inOrder.slice(0, 50)].sort((a, b) => a - b)[25],
                median_last_50: [...inOrder.slice(-50)].sort((a, b) => a - b)[25],
                render_median: [...render].sort((a, b) => a - b)[Math.floor(render.length / 2)],
                layout_median: [...layout].sort((a, b) => a - b)[Math.floor(layout.length / 2)],
                save_max: Math.max(0, ...saves),
                saves: saves.length,
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
    let requests = world.sent("GET", e2e::FOLLOWING).len();

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
        "  append median, first / last 50 {:.1} / {:.1} ms (render {:.1}, layout {:.1})",
        page["median_first_50"].as_f64().unwrap_or(f64::NAN),
        page["median_last_50"].as_f64().unwrap_or(f64::NAN),
        page["render_median"].as_f64().unwrap_or(f64::NAN),
        page["layout_median"].as_f64().unwrap_or(f64::NAN)
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
        "  saving the list (ms)           longest {:.0} over {} saves",
        page["save_max"].as_f64().unwrap_or(f64::NAN),
        page["saves"]
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
}

/// In the page: when the first release's name was painted (Element
/// Timing: the view marks names `elementtiming="release"`), from the app's
/// start.
const FIRST_RELEASE_PAINTED: &str = r#"
    const done = arguments[arguments.length - 1];
    new PerformanceObserver((list, observer) => {
        const first = list.getEntries().find(e => e.identifier === 'release');
        if (!first) return;
        observer.disconnect();
        const start = performance.getEntriesByName('encore:start')[0];
        done((first.renderTime || first.loadTime) - (start ? start.startTime : NaN));
    }).observe({ type: 'element', buffered: true });
"#;

/// Issue #15's figures, with every followed artist loaded: one full check
/// (every artist asked), the stored state's size, the heap, then reloads of
/// the view with the check's state stored.
async fn release_check(world: &World) {
    let before = world.albums_requests().len();
    let started = Instant::now();
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(3600)).await;
    let took = started.elapsed();
    let asked = &world.albums_requests()[before..];
    let artists: std::collections::HashSet<&str> = asked.iter().map(|r| r.path.as_str()).collect();
    let key = world.key("release_check");
    let (list_key, rest_key) = (world.key("saved_list"), world.key("saved_list.rest"));
    let page = world
        .browser
        .js(&format!(
            "return {{ stored: (localStorage.getItem({key:?}) || '').length, list: (localStorage.getItem({list_key:?}) || '').length + (localStorage.getItem({rest_key:?}) || '').length, shown: document.querySelectorAll('[data-testid=release]').length }};"
        ))
        .await;
    world
        .browser
        .cdp("HeapProfiler.collectGarbage", json!({}))
        .await;
    let heap = world.browser.cdp("Runtime.getHeapUsage", json!({})).await;
    let kb = |chars: &Value| chars.as_f64().unwrap_or(f64::NAN) / 1000.0;
    println!("One full release check of {ARTISTS} followed artists (emulator at zero latency)");
    println!(
        "  albums requests                {} for {} artists: {:.2} per artist (target: at most 1.2)",
        asked.len(),
        artists.len(),
        asked.len() as f64 / ARTISTS as f64
    );
    println!(
        "  the whole check                {:.1} s, one artist after another",
        took.as_secs_f64()
    );
    println!("  releases shown (4 weeks)       {}", page["shown"]);
    println!(
        "  stored check state             {:.0} KB (target: at most 1,000), beside the saved list's {:.0} KB",
        kb(&page["stored"]),
        kb(&page["list"])
    );
    println!(
        "  JS heap used                   {:.1} MB after GC (target: at most 64)",
        heap["usedSize"].as_f64().unwrap_or(f64::NAN) / 1_048_576.0
    );

    let mut from_start = Vec::new();
    let mut requests = Vec::new();
    for _ in 0..RUNS {
        let before = world.albums_requests().len();
        world.browser.reload().await;
        let drawn = world
            .browser
            .execute_async(FIRST_RELEASE_PAINTED)
            .await
            .as_f64()
            .unwrap_or(f64::NAN);
        world.browser.wait_for("[data-testid=releases-done]").await;
        from_start.push(drawn);
        requests.push((world.albums_requests().len() - before) as f64);
    }
    println!("Repeat visit to the releases, the check's state stored (median of {RUNS} reloads)");
    println!(
        "  app start to the first release painted {:.0} ms (target: within 100)",
        median(from_start)
    );
    println!(
        "  albums requests per visit              {:.0} (none: checked within 12 hours)",
        median(requests)
    );
}

/// In the page, with every artist loaded: each step's time from the input
/// event to the task after the next frame (the DOM updated, laid out and
/// drawn), and the cards shown then.
const FIND_STEPS: &str = r#"
    const done = arguments[arguments.length - 1];
    const filter = document.querySelector('[data-testid=filter]');
    const sort = document.querySelector('[data-testid=sort]');
    const drawn = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
    const steps = [
        ['type "1"', filter, '1', 'input'], ['type "12"', filter, '12', 'input'],
        ['type "123"', filter, '123', 'input'], ['clear the filter', filter, '', 'input'],
        ['A–Z order', sort, 'az', 'change'], ["Spotify's order", sort, 'spotify', 'change'],
    ];
    (async () => {
        const out = [];
        for (const [label, element, value, event] of steps) {
            const start = performance.now();
            element.value = value;
            element.dispatchEvent(new Event(event, { bubbles: true }));
            await drawn();
            out.push([label, performance.now() - start, document.querySelectorAll('[data-testid=artist]').length]);
        }
        done(out);
    })();
"#;

async fn finding_among(world: &World) {
    let steps = world.browser.execute_async(FIND_STEPS).await;
    println!("  finding an artist among 10,000: input to the next frame drawn");
    for step in steps.as_array().into_iter().flatten() {
        println!(
            "    {:<20} {:>6.0} ms, {} cards",
            step[0].as_str().unwrap_or("?"),
            step[1].as_f64().unwrap_or(f64::NAN),
            step[2]
        );
    }
}
