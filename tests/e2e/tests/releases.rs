//! New releases from the artists you follow, in Chromium against the
//! emulator: every followed artist is checked, at most twice each, and the
//! last four weeks' albums and singles show newest first, each once.

use e2e::{eventually_within, sample_artists, Fault, RecordedRequest, World};
use spotify_emulator::releases::Released;
use std::collections::HashSet;
use std::time::Duration;

fn albums_requests(world: &World) -> Vec<RecordedRequest> {
    world
        .emulator
        .requests()
        .into_iter()
        .filter(|r| {
            r.method == "GET" && r.path.starts_with("/v1/artists/") && r.path.ends_with("/albums")
        })
        .collect()
}

/// The album ids the view should show for `artists` with the default
/// window (28 days including today) and kinds (albums and singles):
/// newest first, then by name, each once.
fn expected(artists: &[e2e::Artist]) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut shown: Vec<(i64, String, String)> = Vec::new();
    for release in artists.iter().flat_map(|a| &a.releases) {
        let Released::DaysAgo(days) = release.released else {
            continue;
        };
        let kind_shown = matches!(release.group, "album" | "single")
            && matches!(release.album_type, "album" | "single");
        if days <= 27 && kind_shown && seen.insert(release.id.clone()) {
            shown.push((days, release.name.clone(), release.id.clone()));
        }
    }
    shown.sort();
    shown.into_iter().map(|(_, _, id)| id).collect()
}

async fn shown_release_ids(world: &World) -> Vec<String> {
    let ids = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=release]')].map(e => e.dataset.albumId);")
        .await;
    serde_json::from_value(ids).expect("a list of ids")
}

#[tokio::test]
async fn every_followed_artist_is_checked_and_new_releases_show_newest_first() {
    let artists = sample_artists(60);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world
        .emulator
        .inject(Fault::slow("/v1/artists/", Duration::from_millis(50)));
    world.browser.click("[data-testid=releases-link]").await;
    let progress = world
        .browser
        .wait_text("[data-testid=releases-progress]", |t| {
            t.starts_with("Checked ")
        })
        .await;
    assert!(progress.ends_with(" of 60 artists"), "{progress}");
    eventually_within(Duration::from_secs(60), "the check to finish", || async {
        world
            .browser
            .is_shown("[data-testid=releases-done]")
            .await
            .then_some(())
    })
    .await;
    assert!(world.browser.url().await.path().ends_with("/releases"));
    let want = expected(&artists);
    assert!(want.len() >= 6, "the sample has releases to show: {want:?}");
    assert_eq!(shown_release_ids(&world).await, want);
    assert!(!world.browser.is_shown("[data-testid=releases-empty]").await);
    // A name with markup is text.
    let names = world.browser.text("[data-testid=release]").await;
    assert!(names.contains("<script>alert(1)</script>"), "{names}");
    assert_eq!(
        world.browser.js("return document.title;").await,
        serde_json::json!("Encore")
    );

    // Each artist asked once for ten albums and singles; the one whose ten
    // albums filled the page, once more for singles alone.
    let asked = albums_requests(&world);
    let odd: Vec<(u16, String)> = asked
        .iter()
        .filter(|r| r.status != 200 || r.param("limit").as_deref() != Some("10"))
        .map(|r| (r.status, r.query.clone()))
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
    let groups: Vec<String> = asked
        .iter()
        .map(|r| r.param("include_groups").unwrap_or_default())
        .collect();
    assert_eq!(groups.iter().filter(|g| *g == "album,single").count(), 60);
    assert_eq!(groups.iter().filter(|g| *g == "single").count(), 1);
    let singles = asked
        .iter()
        .find(|r| r.param("include_groups").as_deref() == Some("single"));
    assert_eq!(
        singles.map(|r| r.path.clone()),
        Some(format!("/v1/artists/{}/albums", artists[1].id))
    );
    world.assert_no_token_in_urls();

    // A reload (straight to the releases address) resumes from storage: every
    // artist was checked in the last 12 hours, so nothing is asked again.
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(shown_release_ids(&world).await, want);
    assert_eq!(albums_requests(&world).len(), asked.len());
    // And back to the artists.
    world.browser.click("[data-testid=artists-link]").await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.finish().await;
}
