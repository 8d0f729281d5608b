//! `BENCH=background make bench`: one background wake-up of the service
//! worker with 500 followed artists, all due again, on the emulator at zero
//! latency: its requests, how many artists it checked, and its time from the
//! event to the alert shown (as the worker measures it, and as seen from
//! outside, until its record is written).

use e2e::{sample_artists, World};
use std::time::{Duration, Instant};

const ARTISTS: usize = 500;
const WAKE_UPS: usize = 4;

pub async fn background() {
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world
        .turn_on_background_alerts(Duration::from_secs(600))
        .await;
    println!("Background wake-ups with {ARTISTS} followed artists, all due again (emulator at zero latency)");
    world.age_the_checks(13.0).await;
    for n in 0..WAKE_UPS {
        // Each artist has something new, so every wake-up tells.
        for artist in 0..ARTISTS {
            let id = format!("0BenchWake{n}{artist:011}");
            world.emulator.release_now(artist, &id, "Fresh Single");
        }
        let before = world.emulator.requests().len();
        let fired = Instant::now();
        let wake_up = world.wake_the_worker().await;
        let seen = fired.elapsed();
        let sent = world.emulator.requests()[before..]
            .iter()
            .filter(|r| r.method != "OPTIONS")
            .count();
        println!(
            "  wake-up {}: {} artists checked, {} requests ({sent} at the emulator), told: {}; {:.0} ms from the event to the end (worker), {:.0} ms seen from outside",
            n + 1,
            wake_up["artists_checked"],
            wake_up["requests"],
            wake_up["told"],
            wake_up["took_ms"].as_f64().unwrap_or(f64::NAN),
            seen.as_secs_f64() * 1000.0,
        );
    }
    // What loading a module costs the worker before its check starts:
    // compiling this module, against compiling the app's (median of 5, in
    // the page, from the worker's cache).
    let compiled = world
        .browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             const app = performance.getEntriesByType('resource').map(e => e.name)
               .find(n => n.endsWith('_bg.wasm') && !n.includes('background'));
             const time = async (url) => {
               const bytes = await (await fetch(url)).arrayBuffer();
               const runs = [];
               for (let i = 0; i < 5; i++) {
                 const start = performance.now();
                 await WebAssembly.compile(bytes);
                 runs.push(performance.now() - start);
               }
               return runs.sort((a, b) => a - b)[2];
             };
             Promise.all([time('background_bg.wasm'), time(app)]).then(done, e => done(String(e)));",
        )
        .await;
    println!(
        "  compiling the worker's module {:.0} ms, the app's module {:.0} ms (median of 5)",
        compiled[0].as_f64().unwrap_or(f64::NAN),
        compiled[1].as_f64().unwrap_or(f64::NAN),
    );
    world.finish().await;
}
