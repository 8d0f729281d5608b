//! New releases from the artists you follow, in Chromium against the
//! emulator: every followed artist is checked, at most twice each, and the
//! last four weeks' albums and singles show newest first, each once.

use e2e::{eventually_within, sample_artists, Fault, World};
use serde_json::json;
use spotify_emulator::releases::Released;
use std::collections::HashSet;
use std::time::Duration;

/// The album ids the view should show for `artists` with the default
/// window (28 days including today) and kinds (albums and singles):
/// newest first, then by name, each once.
fn expected(artists: &[e2e::Artist]) -> Vec<String> {
    expected_within(artists, 28)
}

/// The same for a window of `days` days, today included.
fn expected_within(artists: &[e2e::Artist], days_shown: i64) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut shown: Vec<(i64, String, String)> = Vec::new();
    for release in artists.iter().flat_map(|a| &a.releases) {
        let Released::DaysAgo(days) = release.released else {
            continue;
        };
        let kind_shown = matches!(release.group, "album" | "single")
            && matches!(release.album_type, "album" | "single");
        if days < days_shown && kind_shown && seen.insert(release.id.clone()) {
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
    world.wait_for_the_check(Duration::from_secs(60)).await;
    assert!(world.browser.url().await.path().ends_with("/releases"));
    let want = expected(&artists);
    assert!(want.len() >= 6, "the sample has releases to show: {want:?}");
    assert_eq!(shown_release_ids(&world).await, want);
    assert!(!world.browser.is_shown("[data-testid=releases-empty]").await);
    // A name with markup is text.
    let names = world.browser.text("[data-testid=release]").await;
    assert!(names.contains("<script>alert(1)</script>"), "{names}");
    assert_eq!(
        world
            .browser
            .js("return document.querySelectorAll('.release script, .release b').length;")
            .await,
        serde_json::json!(0),
        "markup in a name made no element"
    );
    world.browser.assert_accessible("the new releases").await;
    // The album by two followed artists shows once, with both.
    let together = format!(
        "[data-testid=release][data-album-id='{}'] .by",
        artists[2].releases[2].id
    );
    assert_eq!(
        world.browser.text(&together).await,
        format!("{}, {}", artists[2].name, artists[3].name)
    );
    // The other windows.
    for (days, value) in [(7, "7"), (91, "91"), (28, "28")] {
        world
            .browser
            .js(&format!(
                "const s = document.querySelector('.window select');
                 s.value = '{value}'; s.dispatchEvent(new Event('change'));"
            ))
            .await;
        let want = expected_within(&artists, days);
        eventually_within(e2e::TIMEOUT, &format!("the last {days} days"), || async {
            (shown_release_ids(&world).await == want).then_some(())
        })
        .await;
    }
    assert!(expected_within(&artists, 7).len() < want.len());
    assert!(expected_within(&artists, 91).len() > want.len());
    // GitHub Pages answers the address itself with the app (releases.html).
    let status = world
        .browser
        .js("return fetch(location.href).then(r => r.status);")
        .await;
    assert_eq!(status, serde_json::json!(200));

    // Each artist asked once for ten albums and singles; the one whose ten
    // albums filled the page, once more for singles alone.
    let asked = world.albums_requests();
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
    // artist was checked in the last 12 hours, so nothing is asked again, and
    // the record is not written again (other tabs would read it all again).
    let stored = format!(
        "return localStorage.getItem({:?});",
        world.key("release_check")
    );
    let before = world.browser.js(&stored).await;
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(shown_release_ids(&world).await, want);
    assert_eq!(world.albums_requests().len(), asked.len());
    assert_eq!(world.browser.js(&stored).await, before);
    // And back to the artists.
    world.browser.click("[data-testid=artists-link]").await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.finish().await;
}

/// Successful album requests per artist path.
fn answered_per_artist(world: &World) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    for request in world
        .albums_requests()
        .into_iter()
        .filter(|r| r.status == 200)
    {
        *counts.entry(request.path).or_insert(0) += 1;
    }
    counts
}

#[tokio::test]
async fn the_daily_limit_pauses_the_check_and_it_resumes_where_it_stopped() {
    let artists = sample_artists(60);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world
        .emulator
        .inject(Fault::daily_quota("/v1/artists/").after(25));
    world.browser.click("[data-testid=releases-link]").await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    let checked = world.releases_checked().await;
    assert!((20..60).contains(&checked), "{checked}");
    let found = shown_release_ids(&world).await;
    assert!(!found.is_empty(), "what was found stays on screen");
    let asked = world.albums_requests().len();

    // A reload asks nothing during the pause and shows the same progress.
    world.browser.reload().await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    world
        .browser
        .wait_for("[data-testid=releases-progress]")
        .await;
    assert_eq!(world.releases_checked().await, checked);
    assert_eq!(shown_release_ids(&world).await, found);
    assert_eq!(world.albums_requests().len(), asked);

    // The limit ends: the check goes on from where it stopped.
    world.emulator.clear_faults();
    world
        .browser
        .js(&format!(
            "localStorage.setItem('{}', JSON.stringify({{ until_ms: Date.now() + 1000, quota: true }}));",
            world.key("pause")
        ))
        .await;
    world.browser.reload().await;
    world.wait_for_the_check(Duration::from_secs(60)).await;
    assert_eq!(shown_release_ids(&world).await, expected(&artists));
    let per_artist = answered_per_artist(&world);
    assert_eq!(per_artist.len(), 60, "every artist answered");
    let twice: Vec<&String> = per_artist
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        twice,
        [&format!("/v1/artists/{}/albums", artists[1].id)],
        "no artist asked again after the pause, but the one with ten albums"
    );
    world.finish().await;
}

#[tokio::test]
async fn one_tab_checks_while_another_follows_its_progress() {
    let artists = sample_artists(40);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world
        .emulator
        .inject(Fault::slow("/v1/artists/", Duration::from_millis(100)));
    world.open("/releases").await;
    world
        .browser
        .wait_for("[data-testid=releases-progress]")
        .await;
    let (first, _second) = world.browser.new_window().await;
    world.open("/releases").await;
    world
        .browser
        .wait_for("[data-testid=releases-progress]")
        .await;
    for window in [&first, &_second] {
        world.browser.switch_to(window).await;
        world.wait_for_the_check(Duration::from_secs(60)).await;
        assert_eq!(shown_release_ids(&world).await, expected(&artists));
    }
    let per_artist = answered_per_artist(&world);
    assert_eq!(per_artist.len(), 40);
    assert_eq!(
        per_artist.values().sum::<usize>(),
        41,
        "one check for both tabs: {per_artist:?}"
    );
    world.finish().await;
}

#[tokio::test]
async fn what_is_new_since_the_last_visit_is_marked() {
    let artists = sample_artists(20);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world.open("/releases").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let none_new = world
        .browser
        .js("return document.querySelectorAll('.release .new').length;")
        .await;
    assert_eq!(
        none_new,
        serde_json::json!(0),
        "a first visit marks nothing"
    );
    // Artist 9 releases a single today; the next visit checks again.
    world
        .check_now_finds_a_new_single(9, "0FreshSingle0000000000")
        .await;
    assert_eq!(
        world.releases_marked_new().await,
        serde_json::json!(["0FreshSingle0000000000"])
    );
    let first_day = world.browser.text(".release-day").await;
    assert_eq!(first_day, "Today");
    world.finish().await;
}

#[tokio::test]
async fn nothing_new_says_so() {
    let quiet: Vec<e2e::Artist> = sample_artists(10)[7..10].to_vec();
    let world = World::start(|c| c.artists = quiet).await;
    world.login().await;
    world.open("/releases").await;
    let empty = world.browser.text("[data-testid=releases-empty]").await;
    assert_eq!(
        empty,
        "Nothing new from the artists you follow in the last 4 weeks."
    );
    assert!(shown_release_ids(&world).await.is_empty());
    world.finish().await;
}

#[tokio::test]
async fn compilations_and_appears_on_can_be_turned_on() {
    let artists = sample_artists(10);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world.open("/releases").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let best_of = format!(
        "[data-testid=release][data-album-id='{}']",
        artists[4].releases[2].id
    );
    let guest = format!(
        "[data-testid=release][data-album-id='{}']",
        artists[4].releases[3].id
    );
    assert!(!world.browser.is_shown(&best_of).await);
    let first_round = world.albums_requests().len();
    world.browser.click("input[data-kind=compilation]").await;
    world.browser.wait_for(&best_of).await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert!(
        !world.browser.is_shown(&guest).await,
        "appears-on stays off"
    );
    world.browser.click("input[data-kind=appears_on]").await;
    world.browser.wait_for(&guest).await;
    let kind = world.browser.text(&guest).await;
    assert!(kind.contains("Appears on"), "{kind}");
    // The new round asked for every group in the same one request per artist.
    let second: Vec<String> = world.albums_requests()[first_round..]
        .iter()
        .map(|r| r.param("include_groups").unwrap_or_default())
        .collect();
    assert_eq!(
        second
            .iter()
            .filter(|g| *g == "album,single,compilation,appears_on")
            .count(),
        10,
        "{second:?}"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_full_storage_checks_on_and_says_it_cannot_resume() {
    let artists = sample_artists(12);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    // Room for nothing more: the check's progress cannot be stored.
    world
        .browser
        .js("let i = 0;
             for (let size = 1 << 22; size >= 1; size >>= 1) {
               const text = 'x'.repeat(size);
               try { for (;;) { localStorage.setItem('filler-' + i, text); i++; } } catch (e) {}
             }")
        .await;
    world.open("/releases").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(shown_release_ids(&world).await, expected(&artists));
    let note = world.browser.text(".releases .status").await;
    assert!(note.contains("cannot be resumed"), "{note}");
    world.finish().await;
}

#[tokio::test]
async fn the_header_changes_views_in_the_page_and_marks_the_current_one() {
    let world = World::start(|c| c.artists = sample_artists(3)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    // A window marker survives only while the document stays; Resource
    // Timing names every module the page loaded.
    world.browser.js("window.stayed = true;").await;
    let current = |testid: &'static str| {
        let browser = &world.browser;
        async move {
            browser
                .js(&format!(
                    "return document.querySelector('[data-testid={testid}]').getAttribute('aria-current');"
                ))
                .await
        }
    };
    assert_eq!(current("artists-link").await, json!("page"));
    assert_eq!(current("releases-link").await, json!(null));

    world.browser.click("[data-testid=releases-link]").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert!(world.browser.url().await.path().ends_with("/releases"));
    assert_eq!(current("releases-link").await, json!("page"));
    assert_eq!(current("artists-link").await, json!(null));

    world.browser.click("[data-testid=artists-link]").await;
    world.browser.wait_for("[data-testid=artist]").await;
    assert_eq!(current("artists-link").await, json!("page"));
    let page = world
        .browser
        .js("return {
                stayed: window.stayed === true,
                modules: performance.getEntriesByType('resource')
                    .map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm')),
            };")
        .await;
    assert_eq!(
        page["stayed"],
        json!(true),
        "the header's links loaded a document"
    );
    let modules = page["modules"].as_array().expect("a list");
    assert_eq!(modules.len(), 1, "one module for every view: {modules:?}");
    world.finish().await;
}

/// WebKitGTK reports "C" as its language under `LANG=C`, and `Intl` refuses
/// that with a RangeError: the releases, whose days and dates the reader's
/// language writes, still show, in English, and the check still ends.
#[tokio::test]
async fn a_language_the_browser_reports_malformed_still_shows_every_release() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    let artists = sample_artists(20);
    let world = World::start(|c| c.artists = artists.clone()).await;
    let language = "Object.defineProperty(Navigator.prototype, 'language', { get: () => 'C' });";
    world
        .browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": language }),
        )
        .await;
    world.login().await;
    assert_eq!(
        world.browser.js("return navigator.language;").await,
        json!("C"),
        "the page sees the malformed language"
    );
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(60)).await;
    assert_eq!(shown_release_ids(&world).await, expected(&artists));
    let headings = world
        .browser
        .js("return [...document.querySelectorAll('.release-day')].map(h => h.textContent);")
        .await;
    let headings: Vec<String> = serde_json::from_value(headings).expect("a list of headings");
    assert!(!headings.is_empty(), "the releases are grouped by day");
    let english = ["Today", "Yesterday", "day"];
    for heading in &headings {
        assert!(
            english.iter().any(|word| heading.contains(word)),
            "a day written in English: {heading:?}"
        );
    }
    world.finish().await;
}
