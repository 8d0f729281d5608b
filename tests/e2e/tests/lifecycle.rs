//! A session's life as the stores see it, in Chromium against the emulator:
//! a session that dies during the release check ends at once, everywhere;
//! renewals leave the screen as it is; a reload in the middle of the check
//! asks Spotify again for at most the artist in flight.

use e2e::{eventually_within, sample_artists, Fault, World};
use serde_json::json;
use std::collections::HashMap;
use std::time::Duration;

async fn wait_until_checked(world: &World, at_least: usize) -> usize {
    eventually_within(
        Duration::from_secs(60),
        &format!("{at_least} artists checked"),
        || async {
            let checked = world.releases_checked().await;
            (checked >= at_least).then_some(checked)
        },
    )
    .await
}

#[tokio::test]
async fn a_session_that_dies_during_the_check_shows_the_login_with_the_reason() {
    let world = World::start(|c| c.artists = sample_artists(60)).await;
    world.login().await;
    world
        .emulator
        .inject(Fault::slow("/v1/artists/", Duration::from_millis(100)));
    world.browser.click("[data-testid=releases-link]").await;
    wait_until_checked(&world, 5).await;
    // The reader removed the app's access at Spotify.
    world.emulator.revoke_refresh_tokens();
    world.emulator.expire_access_tokens();

    let reason = world.browser.text("[data-testid=error]").await;
    assert_eq!(
        reason,
        "Your Spotify session has ended, please log in again."
    );
    world.browser.wait_for("[data-testid=login]").await;
    assert!(!world.browser.is_shown("[data-testid=profile]").await);
    assert!(
        !world
            .browser
            .is_shown("[data-testid=releases-progress]")
            .await
    );
    assert_eq!(world.renewals().len(), 1, "one refresh request, refused");
    assert_eq!(world.renewals()[0].status, 400);
    let tokens = world
        .browser
        .js(&format!(
            "return localStorage.getItem({:?});",
            world.key("tokens")
        ))
        .await;
    assert_eq!(tokens, json!(null), "the dead session is forgotten");
    // Nothing more is asked of Spotify for the dead session.
    let asked = world.emulator.requests().len();
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=login]").await;
    assert_eq!(world.emulator.requests().len(), asked);
    world.finish().await;
}

/// Whether the element focused when `remember_focus` ran still has the
/// focus and is still in the page (not rebuilt), and the page did not
/// scroll.
async fn focus_and_scroll_kept(world: &World) -> serde_json::Value {
    world
        .browser
        .js("return {
                focus: document.activeElement === window.focusedBefore && window.focusedBefore.isConnected,
                scroll: window.scrollY === window.scrollBefore,
            };")
        .await
}

#[tokio::test]
async fn renewals_here_and_in_another_tab_keep_the_marks_the_scroll_and_the_focus() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    let artists = sample_artists(20);
    let world = World::start(|c| c.artists = artists.clone()).await;
    world.login().await;
    world.browser.set_viewport(800, 500).await;
    world.open("/releases").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    // Artist 9 releases a single today; the next visit's Check now finds
    // it, marked new (a first visit marks nothing).
    world
        .check_now_finds_a_new_single(9, "0FreshSingle0000000000")
        .await;
    assert_eq!(
        world.releases_marked_new().await,
        json!(["0FreshSingle0000000000"])
    );

    // The reader is on the "Compilations" box, a little down the page.
    world
        .browser
        .js(
            "const box = document.querySelector('input[data-kind=compilation]');
             box.focus();
             window.scrollTo(0, 30);
             window.focusedBefore = document.activeElement;
             window.scrollBefore = window.scrollY;",
        )
        .await;
    assert_eq!(
        world.browser.js("return window.scrollY > 0;").await,
        json!(true),
        "the page scrolls at this size"
    );

    // A renewal in this tab: the tokens expire, and the box, ticked from
    // the keyboard, starts a new round whose first request renews.
    let renewed = world.renewals().len();
    world.emulator.expire_access_tokens();
    world.browser.press(" ").await;
    eventually_within(e2e::TIMEOUT, "a renewal in this tab", || async {
        (world.renewals().len() > renewed).then_some(())
    })
    .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    // The round found the compilations, new too; the single stays marked.
    let marked = world.releases_marked_new().await;
    assert!(
        marked
            .as_array()
            .is_some_and(|m| m.len() > 1 && m.contains(&json!("0FreshSingle0000000000"))),
        "{marked}"
    );
    assert_eq!(
        focus_and_scroll_kept(&world).await,
        json!({ "focus": true, "scroll": true })
    );

    // A renewal in another tab reaches this one through storage.
    let renewed = world.renewals().len();
    world.emulator.expire_access_tokens();
    let (first, second) = world.browser.new_window().await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=artist]").await;
    eventually_within(e2e::TIMEOUT, "a renewal in the other tab", || async {
        (world.renewals().len() > renewed).then_some(())
    })
    .await;
    world.browser.switch_to(&first).await;
    // This tab took the renewed tokens up.
    let key = world.key("tokens");
    eventually_within(e2e::TIMEOUT, "the renewed tokens in this tab", || async {
        let stored = world
            .browser
            .js(&format!("return localStorage.getItem({key:?});"))
            .await;
        stored.as_str().map(str::to_string)
    })
    .await;
    assert_eq!(world.releases_marked_new().await, marked);
    assert_eq!(
        focus_and_scroll_kept(&world).await,
        json!({ "focus": true, "scroll": true })
    );
    // And it works on with them: no second renewal for this tab.
    let renewed = world.renewals().len();
    world
        .browser
        .click("[data-testid=releases-done] button")
        .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(world.renewals().len(), renewed);
    world.browser.switch_to(&second).await;
    world.finish().await;
}

/// Album requests per artist path, singles-only requests left out.
fn asked_per_artist(world: &World) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for request in world.albums_requests() {
        if request.param("include_groups").as_deref() == Some("album,single") {
            *counts.entry(request.path).or_insert(0) += 1;
        }
    }
    counts
}

#[tokio::test]
async fn a_reload_during_the_check_asks_again_at_most_the_artist_in_flight() {
    let world = World::start(|c| c.artists = sample_artists(60)).await;
    world.login().await;
    world
        .emulator
        .inject(Fault::slow("/v1/artists/", Duration::from_millis(150)));
    world.open("/releases").await;
    let checked = wait_until_checked(&world, 15).await;
    world.browser.reload().await;
    world.wait_for_the_check(Duration::from_secs(90)).await;
    let per_artist = asked_per_artist(&world);
    assert_eq!(per_artist.len(), 60, "every artist asked");
    let again: Vec<&String> = per_artist
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(path, _)| path)
        .collect();
    assert!(
        again.len() <= 2,
        "{} of the {checked} artists checked before the reload were asked again: {again:?}",
        again.len()
    );
    world.finish().await;
}
