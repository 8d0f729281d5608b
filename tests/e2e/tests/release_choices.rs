//! What the reader chooses to see of the new releases, in Chromium against
//! the emulator: EPs told apart from singles, other versions hidden on
//! request, and muted artists, each kept across a reload.

use e2e::{sample_artists, Artist, World};
use serde_json::json;
use spotify_emulator::releases::{Release, Released};
use std::time::Duration;

/// A release of `artists` (indices into `all`), `days` days ago.
fn release(
    all: &[Artist],
    id: &str,
    name: &str,
    kind: &'static str,
    tracks: u32,
    days: i64,
    artists: &[usize],
) -> Release {
    Release {
        id: id.into(),
        name: name.into(),
        album_type: kind,
        group: kind,
        released: Released::DaysAgo(days),
        tracks,
        artists: artists
            .iter()
            .map(|&n| (all[n].id.clone(), all[n].name.clone()))
            .collect(),
    }
}

/// Six sample artists; the first three with releases of their own this
/// week: an EP, a single, a remix, a live recording, and one album by the
/// first two together.
fn artists_with_news() -> Vec<Artist> {
    let mut artists = sample_artists(6);
    let news = [
        (
            0,
            release(
                &artists,
                "0EpOfFiveTracks0000000",
                "Five Songs",
                "single",
                5,
                1,
                &[0],
            ),
        ),
        (
            0,
            release(
                &artists,
                "0SingleOfTwoTracks0000",
                "Two Songs",
                "single",
                2,
                1,
                &[0],
            ),
        ),
        (
            1,
            release(
                &artists,
                "0RemixOfASingle0000000",
                "Two Songs (Club Remix)",
                "single",
                1,
                2,
                &[1],
            ),
        ),
        (
            1,
            release(
                &artists,
                "0LiveRecording00000000",
                "Arena - Live at Wembley",
                "album",
                12,
                3,
                &[1],
            ),
        ),
        (
            0,
            release(
                &artists,
                "0AlbumByTheTwo00000000",
                "Together Again",
                "album",
                10,
                4,
                &[0, 1],
            ),
        ),
        (
            2,
            release(
                &artists,
                "0SoloAlbum000000000000",
                "Alone",
                "album",
                9,
                4,
                &[2],
            ),
        ),
    ];
    for (n, release) in news {
        artists[n].releases.push(release);
    }
    artists
}

async fn shown(world: &World) -> Vec<(String, String)> {
    let shown = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=release]')].map(e => [e.dataset.albumId, e.dataset.kind]);")
        .await;
    serde_json::from_value(shown).expect("pairs of id and kind")
}

fn ids(shown: &[(String, String)]) -> Vec<&str> {
    shown.iter().map(|(id, _)| id.as_str()).collect()
}

async fn open_the_releases(world: &World) {
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
}

#[tokio::test]
async fn an_ep_is_shown_as_one_and_each_kind_can_be_left_out() {
    let world = World::start(|c| c.artists = artists_with_news()).await;
    world.login().await;
    open_the_releases(&world).await;
    let kinds = shown(&world).await;
    let kind_of = |id: &str| {
        kinds
            .iter()
            .find(|(shown, _)| shown == id)
            .map(|(_, kind)| kind.clone())
    };
    assert_eq!(kind_of("0EpOfFiveTracks0000000").as_deref(), Some("ep"));
    assert_eq!(kind_of("0SingleOfTwoTracks0000").as_deref(), Some("single"));
    assert_eq!(kind_of("0AlbumByTheTwo00000000").as_deref(), Some("album"));
    let ep = world
        .browser
        .text("[data-album-id='0EpOfFiveTracks0000000'] .meta")
        .await;
    assert!(ep.starts_with("EP · 5 tracks"), "{ep}");
    // EPs left out: the single stays; and the choice outlives a reload.
    world.browser.click("input[data-kind=ep]").await;
    world
        .browser
        .wait_gone("[data-album-id='0EpOfFiveTracks0000000']")
        .await;
    assert!(ids(&shown(&world).await).contains(&"0SingleOfTwoTracks0000"));
    world.browser.reload().await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
    let after = shown(&world).await;
    assert!(
        !ids(&after).contains(&"0EpOfFiveTracks0000000"),
        "{after:?}"
    );
    assert!(ids(&after).contains(&"0SingleOfTwoTracks0000"));
    assert_eq!(
        world
            .browser
            .js("return document.querySelector('input[data-kind=ep]').checked;")
            .await,
        json!(false)
    );
    world
        .browser
        .assert_accessible("the releases' choices")
        .await;
    world.finish().await;
}

#[tokio::test]
async fn other_versions_hide_when_asked() {
    let world = World::start(|c| c.artists = artists_with_news()).await;
    world.login().await;
    open_the_releases(&world).await;
    let all = shown(&world).await;
    assert!(
        ids(&all).contains(&"0RemixOfASingle0000000"),
        "off by default"
    );
    world.browser.click("[data-testid=hide-versions]").await;
    world
        .browser
        .wait_gone("[data-album-id='0RemixOfASingle0000000']")
        .await;
    let left = shown(&world).await;
    assert!(!ids(&left).contains(&"0LiveRecording00000000"), "{left:?}");
    assert!(ids(&left).contains(&"0SingleOfTwoTracks0000"));
    assert_eq!(left.len(), all.len() - 2, "{left:?}");
    world.finish().await;
}

#[tokio::test]
async fn muting_hides_an_artist_across_a_reload_and_unmuting_brings_them_back() {
    let artists = artists_with_news();
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    open_the_releases(&world).await;
    let before = shown(&world).await;
    let first = &artists[0].id;
    let mute = format!(
        "[data-album-id='0EpOfFiveTracks0000000'] [data-testid=mute][data-artist-id='{first}']"
    );
    world.browser.click(&mute).await;
    world
        .browser
        .wait_gone("[data-album-id='0EpOfFiveTracks0000000']")
        .await;
    let check = |shown: Vec<(String, String)>| {
        let ids = ids(&shown);
        assert!(!ids.contains(&"0SingleOfTwoTracks0000"), "{ids:?}");
        assert!(
            ids.contains(&"0AlbumByTheTwo00000000"),
            "the second artist on it is not muted: {ids:?}"
        );
        assert!(ids.contains(&"0RemixOfASingle0000000"), "{ids:?}");
    };
    check(shown(&world).await);
    world.browser.reload().await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
    check(shown(&world).await);
    let unmute = format!("[data-testid=unmute][data-artist-id='{first}']");
    let listed = world.browser.text(".muted").await;
    assert!(listed.contains(&artists[0].name), "{listed}");
    // Muting both artists of the shared album hides it too.
    let second = &artists[1].id;
    world
        .browser
        .click(&format!(
            "[data-album-id='0AlbumByTheTwo00000000'] [data-testid=mute][data-artist-id='{second}']"
        ))
        .await;
    world
        .browser
        .wait_gone("[data-album-id='0AlbumByTheTwo00000000']")
        .await;
    world
        .browser
        .click(&format!("[data-testid=unmute][data-artist-id='{second}']"))
        .await;
    world.browser.click(&unmute).await;
    world
        .browser
        .wait_for("[data-album-id='0EpOfFiveTracks0000000']")
        .await;
    assert_eq!(shown(&world).await, before);
    assert!(!world.browser.is_shown(".muted").await);
    // Nothing was asked of Spotify's follows: only reads (and their CORS
    // preflights) went out.
    let changes: Vec<String> = world
        .emulator
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v1/") && !["GET", "OPTIONS"].contains(&r.method.as_str()))
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(changes.is_empty(), "{changes:?}");
    world.finish().await;
}
