//! Repeat visits: the list saved at the last visit shows at once, marked
//! with its time; Spotify is asked only for its first page (and the profile)
//! when nothing changed within the hour; a changed or old list is replaced
//! in place; logout removes the copy.

use e2e::{eventually, sample_artists, Fault, World, FOLLOWING};
use std::time::Duration;

fn saved_key() -> String {
    e2e::storage_key("saved_list")
}

/// The saved artists after the first page, stored apart from the header.
fn saved_rest_key() -> String {
    e2e::storage_key("saved_list.rest")
}

/// JavaScript: the saved list's header (with its first page), or null.
fn saved_header() -> String {
    format!("JSON.parse(localStorage.getItem('{}'))", saved_key())
}

fn api_requests(world: &World) -> usize {
    world.sent("GET", FOLLOWING).len() + world.sent("GET", "/v1/me").len()
}

/// Logs in, loads every page, and waits until the list is saved complete.
async fn visit_everything(world: &World) {
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    saved_complete(world).await;
}

/// Changes the saved list in storage: `change` is JavaScript acting on `c`.
async fn edit_saved(world: &World, change: &str) {
    world
        .browser
        .js(&format!(
            "const c = {header};
             {change}
             localStorage.setItem('{saved}', JSON.stringify(c));",
            header = saved_header(),
            saved = saved_key()
        ))
        .await;
}

/// Waits until storage holds a complete list fetched within the minute.
async fn saved_complete(world: &World) {
    eventually("the complete list to be saved", || async {
        let complete = world
            .browser
            .js(&format!(
                "const c = {header};
                 return !!c && c.complete && Date.now() - c.saved_at_ms < 60000;",
                header = saved_header()
            ))
            .await;
        (complete == true).then_some(())
    })
    .await;
}

#[tokio::test]
async fn within_the_hour_a_repeat_visit_shows_the_copy_for_two_requests() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    visit_everything(&world).await;
    let before = api_requests(&world);

    world.browser.reload().await;
    world.browser.wait_for("[data-testid=artist]").await;
    let note = world
        .browser
        .wait_text("[data-testid=saved-copy]", |t| {
            t.contains("starts the same")
        })
        .await;
    assert!(note.starts_with("Saved at your visit on "), "{note}");
    world.browser.wait_for("[data-testid=profile]").await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let expected: Vec<String> = sample_artists(237).into_iter().map(|a| a.id).collect();
    assert_eq!(world.shown_artist_ids().await, expected);
    let links = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=artist] a')].map(a => a.href);")
        .await;
    let expected_links: Vec<String> = expected
        .iter()
        .map(|id| format!("https://open.spotify.com/artist/{id}"))
        .collect();
    assert_eq!(links, serde_json::json!(expected_links), "the copy's links");
    assert_eq!(
        api_requests(&world) - before,
        2,
        "the profile and the first page, nothing more"
    );
    let first = world.sent("GET", FOLLOWING).pop().expect("the check");
    assert_eq!(
        first.param("after"),
        None,
        "the check asks for the first page"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_copy_whose_rest_is_damaged_shows_its_first_page_and_fetches_the_rest() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    visit_everything(&world).await;
    // The record of every artist after the first page is cut short.
    world
        .browser
        .js(&format!(
            "const t = localStorage.getItem('{rest}');
             localStorage.setItem('{rest}', t.slice(0, 100));",
            rest = saved_rest_key()
        ))
        .await;
    let before = world.sent("GET", FOLLOWING).len();

    world.browser.reload().await;
    world
        .browser
        .wait_text("[data-testid=saved-copy]", |t| {
            t.contains("starts the same")
        })
        .await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let expected: Vec<String> = sample_artists(237).into_iter().map(|a| a.id).collect();
    assert_eq!(world.shown_artist_ids().await, expected, "nothing lost");
    let fetched: Vec<Option<String>> = world.sent("GET", FOLLOWING)[before..]
        .iter()
        .map(|r| r.param("after"))
        .collect();
    let after = |n: usize| Some(sample_artists(237)[n].id.clone());
    assert_eq!(
        fetched,
        [None, after(49), after(99), after(149), after(199)],
        "the check, then the pages after the first from Spotify"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_changed_list_replaces_the_copy_in_place() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    visit_everything(&world).await;
    // Unfollowed on another device meanwhile.
    world.emulator.update_config(|c| {
        c.artists.remove(0);
    });
    world
        .emulator
        .inject(Fault::slow(FOLLOWING, Duration::from_millis(300)));

    world.browser.reload().await;
    world.browser.wait_for("[data-testid=artist]").await;
    // From the first card of the copy on, count the cards at every change.
    world
        .browser
        .js("window.fewest = Infinity;
             new MutationObserver(() => {
               const n = document.querySelectorAll('[data-testid=artist]').length;
               if (n < window.fewest) window.fewest = n;
             }).observe(document.body, { childList: true, subtree: true });")
        .await;
    world.browser.wait_gone("[data-testid=saved-copy]").await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let expected: Vec<String> = sample_artists(237)
        .into_iter()
        .skip(1)
        .map(|a| a.id)
        .collect();
    assert_eq!(world.shown_artist_ids().await, expected);
    let fewest = world.browser.js("return window.fewest;").await;
    assert!(
        fewest.as_u64().is_some_and(|n| n >= 50),
        "the list never emptied while being replaced (fewest cards: {fewest})"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_copy_over_an_hour_old_is_refreshed_and_refresh_is_offered() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    visit_everything(&world).await;
    edit_saved(&world, "c.saved_at_ms -= 2 * 3600 * 1000;").await;
    let before = world.sent("GET", FOLLOWING).len();
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.wait_gone("[data-testid=saved-copy]").await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    assert_eq!(world.shown_artist_ids().await.len(), 120);
    assert_eq!(
        world.sent("GET", FOLLOWING).len() - before,
        3,
        "every page fetched afresh, each once"
    );
    saved_complete(&world).await;

    // A fresh copy: unchanged, so the user may still ask for a refresh.
    world.browser.reload().await;
    world
        .browser
        .wait_text("[data-testid=saved-copy]", |t| {
            t.contains("starts the same")
        })
        .await;
    let before = world.sent("GET", FOLLOWING).len();
    world.browser.click("[data-testid=refresh]").await;
    world.browser.wait_gone("[data-testid=saved-copy]").await;
    assert!(world.sent("GET", FOLLOWING).len() > before);
    world.finish().await;
}

#[tokio::test]
async fn logout_removes_the_saved_list() {
    let world = World::start(|c| c.artists = sample_artists(30)).await;
    visit_everything(&world).await;
    world.browser.click("[data-testid=logout]").await;
    world.browser.wait_for("[data-testid=login]").await;
    let (local, session) = world.browser.storage_keys().await;
    assert!(
        !local.contains(&saved_key()),
        "the copy left with the session: {local:?} {session:?}"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_failed_check_keeps_the_copy_on_screen_and_retry_checks_again() {
    let world = World::start(|c| c.artists = sample_artists(80)).await;
    visit_everything(&world).await;
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 403).times(1));
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=error]").await;
    assert!(
        world.shown_artist_ids().await.len() >= 50,
        "the copy stays on screen while Spotify refuses"
    );
    world
        .browser
        .wait_text("[data-testid=saved-copy]", |t| t.contains("Checking"))
        .await;
    world.browser.click("[data-testid=retry]").await;
    world
        .browser
        .wait_text("[data-testid=saved-copy]", |t| {
            t.contains("starts the same")
        })
        .await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    assert_eq!(world.shown_artist_ids().await.len(), 80);
    world.finish().await;
}

#[tokio::test]
async fn someone_elses_copy_is_dropped_for_the_list_of_who_logged_in() {
    let world = World::start(|c| c.artists = sample_artists(70)).await;
    visit_everything(&world).await;
    // The same artists, saved under another Spotify user: Spotify's first
    // page would confirm it, so only the owner tells it apart.
    edit_saved(&world, "c.user_id = 'someone-else';").await;
    let before = world.sent("GET", FOLLOWING).len();
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=profile]").await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let expected: Vec<String> = sample_artists(70).into_iter().map(|a| a.id).collect();
    assert_eq!(world.shown_artist_ids().await, expected);
    assert!(!world.browser.is_shown("[data-testid=saved-copy]").await);
    assert!(
        world.sent("GET", FOLLOWING).len() - before >= 2,
        "the list was fetched afresh, not confirmed"
    );
    saved_complete(&world).await;
    let owner = world
        .browser
        .js(&format!("return {}.user_id;", saved_header()))
        .await;
    assert_ne!(owner, "someone-else");
    world.finish().await;
}
