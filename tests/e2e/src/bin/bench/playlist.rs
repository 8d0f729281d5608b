//! `BENCH=playlist make bench`: saving 4 weeks of releases of 500 followed
//! artists to a playlist, on the emulator at zero latency: the first save
//! (with the consent for the playlist scope) and a second one after a new
//! release, each with its requests and its time from the click to "Saved".

use e2e::{sample_artists, RecordedRequest, World};
use spotify_emulator::releases::{Release, Released};
use std::time::{Duration, Instant};

const ARTISTS: usize = 500;

/// The sample artists, every fifth with an album and every fifth but one
/// with an EP in the last four weeks.
fn artists() -> Vec<e2e::Artist> {
    let mut artists = sample_artists(ARTISTS);
    for (n, artist) in artists.iter_mut().enumerate() {
        let credit = vec![(artist.id.clone(), artist.name.clone())];
        let (kind, tracks, id) = match n % 5 {
            0 => ("album", 8 + (n % 7) as u32, format!("0BenchAlbum{n:011}")),
            1 => ("single", 5, format!("0BenchEp{n:014}")),
            _ => continue,
        };
        artist.releases.push(Release {
            id,
            name: format!("Bench {kind} {n}"),
            album_type: kind,
            group: kind,
            released: Released::DaysAgo((n % 27) as i64),
            tracks,
            artists: credit,
        });
    }
    artists
}

fn since(world: &World, before: usize) -> Vec<RecordedRequest> {
    world.emulator.requests()[before..]
        .iter()
        .filter(|r| r.method != "OPTIONS" && r.path.starts_with("/v1/"))
        .cloned()
        .collect()
}

fn report(label: &str, requests: &[RecordedRequest], took: Duration, tracks: &str) {
    let count = |method: &str, part: &str| {
        requests
            .iter()
            .filter(|r| r.method == method && r.path.contains(part))
            .count()
    };
    let others: Vec<String> = requests
        .iter()
        .filter(|r| !r.path.contains("/tracks") && !r.path.contains("playlists"))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    println!(
        "  {label:<28} {:.2} s; {} requests: {} of tracks, {} made, {} PUT and {} POST of items, others {others:?}; {tracks}",
        took.as_secs_f64(),
        requests.len(),
        count("GET", "/tracks"),
        count("POST", "/me/playlists"),
        count("PUT", "/items"),
        count("POST", "/items"),
    );
}

pub async fn playlist() {
    let world = World::start(|c| c.artists = artists()).await;
    world.login().await;
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(600)).await;
    let shown = world
        .browser
        .js("return document.querySelectorAll('[data-testid=release]').length;")
        .await;
    println!(
        "Saving 4 weeks of releases of {ARTISTS} followed artists ({shown} releases shown) to a playlist (emulator at zero latency)"
    );

    let before = world.emulator.requests().len();
    let started = Instant::now();
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.click("#agree").await;
    let said = world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Saved"))
        .await;
    report(
        "first save, with consent",
        &since(&world, before),
        started.elapsed(),
        &said,
    );

    world
        .emulator
        .release_now(7, "0BenchFreshSingle00000", "Fresh Single");
    world.browser.click("[data-testid=check-now]").await;
    world
        .browser
        .wait_for("[data-album-id='0BenchFreshSingle00000']")
        .await;
    world.wait_for_the_check(Duration::from_secs(600)).await;
    let before = world.emulator.requests().len();
    let started = Instant::now();
    world.browser.click("[data-testid=save-playlist]").await;
    // The status goes from the first save's "Saved" through "Adding".
    world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Adding"))
        .await;
    let said = world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Saved"))
        .await;
    report(
        "second save, one new release",
        &since(&world, before),
        started.elapsed(),
        &said,
    );
    world.finish().await;
}
