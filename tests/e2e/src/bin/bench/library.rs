//! `BENCH=library make bench`: artists from a large library. A reader who
//! follows 200 artists and saved 10,000 songs and 1,000 albums of 1,500:
//! the first read of both lists (at zero latency, then on the phone
//! profile), a later visit's read with nothing saved since, the stored
//! summary's size, and one release check over the union of the sources.

use crate::journey::throttle;
use e2e::{sample_artists, sample_library, World};
use std::time::{Duration, Instant};

const FOLLOWED: usize = 200;
const SAVED_FROM: usize = 1_500;
const SONGS: usize = 10_000;
const ALBUMS: usize = 1_000;

fn configure(c: &mut e2e::Config) {
    let everyone = sample_artists(FOLLOWED + SAVED_FROM);
    // Saves of followed artists too: the union has each once.
    c.library = sample_library(
        &everyone[FOLLOWED / 2..FOLLOWED / 2 + SAVED_FROM],
        SONGS,
        ALBUMS,
    );
    c.catalog = everyone[FOLLOWED..].to_vec();
    c.artists = everyone[..FOLLOWED].to_vec();
}

fn reads(world: &World) -> usize {
    world.sent("GET", "/v1/me/tracks").len() + world.sent("GET", "/v1/me/albums").len()
}

/// Turns the source on (the consent included) and waits for the first
/// read's end: its requests and time.
async fn first_read(world: &World) -> (usize, Duration) {
    world.scroll_to_the_end(Duration::from_secs(600)).await;
    let before = reads(world);
    let started = Instant::now();
    world.browser.click("[data-testid=source-library]").await;
    world.browser.click("#agree").await;
    read_done(world).await;
    (reads(world) - before, started.elapsed())
}

async fn read_done(world: &World) -> String {
    e2e::eventually_within(Duration::from_secs(1800), "the library's read", || async {
        let said = world.browser.text(".sources .status").await;
        said.contains("from your library").then_some(said)
    })
    .await
}

pub async fn library() {
    let world = World::start(configure).await;
    world.login().await;
    let (songs, albums) = (SONGS, ALBUMS);
    println!(
        "Artists from a library of {songs} songs and {albums} albums by {SAVED_FROM} artists, {FOLLOWED} followed"
    );
    let (requests, took) = first_read(&world).await;
    let said = read_done(&world).await;
    println!(
        "  first read, zero latency       {requests} requests, {:.1} s ({said})",
        took.as_secs_f64()
    );
    let before = reads(&world);
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=profile]").await;
    e2e::eventually("the visit's read", || async {
        (reads(&world) > before).then_some(())
    })
    .await;
    read_done(&world).await;
    println!(
        "  a later visit, nothing new     {} requests (target: 2)",
        reads(&world) - before
    );
    let key = world.key("library");
    let size = world
        .browser
        .js(&format!(
            "return (localStorage.getItem({key:?}) || '').length;"
        ))
        .await;
    println!(
        "  stored summary                 {:.0} KB",
        size.as_f64().unwrap_or(f64::NAN) / 1000.0
    );
    let before = world.albums_requests().len();
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(3600)).await;
    let progress = world.browser.text("[data-testid=releases-done]").await;
    let asked = &world.albums_requests()[before..];
    let artists: std::collections::HashSet<&str> = asked.iter().map(|r| r.path.as_str()).collect();
    println!(
        "  release check over the union   {} albums requests for {} artists: {:.2} per artist (target: at most 1.2); {progress}",
        asked.len(),
        artists.len(),
        asked.len() as f64 / artists.len().max(1) as f64
    );
    world.finish().await;

    // The same first read on a phone's network and CPU.
    let world = World::start(configure).await;
    world.login().await;
    throttle(&world, true).await;
    let (requests, took) = first_read(&world).await;
    println!(
        "  first read, phone profile      {requests} requests, {:.1} s",
        took.as_secs_f64()
    );
    throttle(&world, false).await;
    world.finish().await;
}
