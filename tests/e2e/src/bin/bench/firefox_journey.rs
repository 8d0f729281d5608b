//! The journey in Firefox (`E2E_ENGINE=firefox BENCH=journey`), so that a
//! Firefox reader's first visit and view changes are known. Firefox has
//! neither DevTools' network and CPU emulation nor Element Timing, so:
//! - the network is slowed by our own servers: each request to the static
//!   host and to the emulator (CORS preflights included, as on a real
//!   network) is answered Lighthouse's latency late, and the host's answers
//!   share its downlink (`World::slow_network`);
//! - the CPU is not slowed (Firefox has no such setting): these figures are
//!   the phone's network on this machine's CPU;
//! - a step ends when its element is in the page and laid out (looked for
//!   at every change to the page, or every frame after a navigation), not
//!   when it is painted; the first visit ends at Firefox's first
//!   contentful paint, which is the login painted by the page's head.

use super::journey::{patient_world, print_steps, ARTISTS, DOWN_KBIT, LATENCY_MS, RUNS};
use e2e::World;
use serde_json::Value;
use std::time::Duration;

const STEPS: [&str; 7] = [
    "first visit, cold cache, to the first contentful paint (the login)",
    "a click on the login, to the request for Spotify's authorize page (from the visit's start)",
    "consent to the first artist laid out",
    "the artists to the releases view laid out",
    "the artists to the first release laid out",
    "the releases back to the artists",
    "a reload of the releases to the first release laid out",
];

fn number(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// Clicks `click` and returns how long after the click each of `shown` was
/// in the page with a box: one script, so that nothing is missed in between.
async fn click_to(world: &World, click: &str, shown: &[&str]) -> Vec<f64> {
    world.browser.wait_for(click).await;
    let times = world
        .browser
        .execute_async(&format!(
            r#"const done = arguments[arguments.length - 1];
               const wanted = {shown:?};
               const found = wanted.map(() => null);
               const look = () => {{
                   wanted.forEach((css, i) => {{
                       const e = found[i] === null && document.querySelector(css);
                       if (e && e.getBoundingClientRect().height > 0) found[i] = performance.now() - at;
                   }});
                   if (found.every(t => t !== null)) {{ observer.disconnect(); done(found); }}
               }};
               const at = performance.now();
               const observer = new MutationObserver(look);
               observer.observe(document, {{ subtree: true, childList: true, attributes: true, characterData: true }});
               document.querySelector({click:?}).click();"#
        ))
        .await;
    shown
        .iter()
        .enumerate()
        .map(|(i, _)| number(&times[i]))
        .collect()
}

/// After a navigation: when `css` was first in the new document with a box,
/// on its clock. The document left behind is marked, and never answers.
async fn laid_out_after_navigation(world: &World, css: &str) -> f64 {
    loop {
        let found = world
            .browser
            .client
            .execute_async(
                &format!(
                    r#"const done = arguments[arguments.length - 1];
                       if (window.__benchLeft) return done(null);
                       const look = () => {{
                           const e = document.querySelector({css:?});
                           if (e && e.getBoundingClientRect().height > 0) done(performance.now());
                           else requestAnimationFrame(look);
                       }};
                       look();"#
                ),
                vec![],
            )
            .await;
        // A script cut off by the navigation is tried again in the new page.
        if let Ok(Value::Number(at)) = found {
            return at.as_f64().unwrap_or(f64::NAN);
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The check, one artist after another at the network's pace (each
/// request after its preflight), takes longer than a test waits.
const CHECK: Duration = Duration::from_secs(120);

async fn one_run() -> Vec<f64> {
    let world = patient_world().await;
    let network = Some((
        Duration::from_secs_f64(LATENCY_MS / 1000.0),
        DOWN_KBIT * 1024.0 / 8.0,
    ));
    world.slow_network(network);
    let mut step = vec![f64::NAN; STEPS.len()];

    let url = format!("{}/", world.app_url);
    world.browser.go_without_waiting(&url).await;
    world.browser.wait_for("[data-testid=login]").await;
    let first = e2e::eventually("the first contentful paint", || async {
        let paint = world
            .browser
            .js("return [performance.getEntriesByName('first-contentful-paint')[0]?.startTime, performance.timeOrigin];")
            .await;
        paint[0].as_f64().map(|at| (at, number(&paint[1])))
    })
    .await;
    step[0] = first.0;
    world.browser.js("window.__benchLeft = true; setTimeout(() => document.querySelector('[data-testid=login]').click()); return true;").await;
    world.browser.wait_for("#agree").await;
    let consent_origin = number(&world.browser.js("return performance.timeOrigin;").await);
    step[1] = consent_origin - first.1;
    let consent = number(
        &world
            .browser
            .js("window.__benchLeft = true; const at = performance.timeOrigin + performance.now(); setTimeout(() => document.getElementById('agree').click()); return at;")
            .await,
    );
    let artist = laid_out_after_navigation(&world, "[elementtiming=first-artist]").await;
    let origin = number(&world.browser.js("return performance.timeOrigin;").await);
    step[2] = origin + artist - consent;
    world.browser.wait_for("[data-testid=profile]").await;

    let releases = click_to(
        &world,
        "[data-testid=releases-link]",
        &["[elementtiming=releases-view]", "[elementtiming=release]"],
    )
    .await;
    step[3] = releases[0];
    step[4] = releases[1];
    world.wait_for_the_check(CHECK).await;
    step[5] = click_to(
        &world,
        "[data-testid=artists-link]",
        &["[elementtiming=first-artist]"],
    )
    .await[0];

    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(CHECK).await;
    world
        .browser
        .js("window.__benchLeft = true; setTimeout(() => location.reload()); return true;")
        .await;
    step[6] = laid_out_after_navigation(&world, "[elementtiming=release]").await;
    world.wait_for_the_check(CHECK).await;

    world.slow_network(None);
    world.finish().await;
    step
}

pub async fn journey() {
    let mut runs = Vec::new();
    for _ in 0..RUNS {
        runs.push(one_run().await);
    }
    println!(
        "The journey in Firefox on Lighthouse's mobile network ({LATENCY_MS} ms per request, \
         {DOWN_KBIT} kbit/s down, made by the static host and the emulator), this machine's CPU \
         (not slowed), served gzip as GitHub Pages serves it, {ARTISTS} followed artists: \
         median of {RUNS} runs, each from a fresh profile; elements laid out, not painted"
    );
    print_steps(&STEPS, &runs);
}
