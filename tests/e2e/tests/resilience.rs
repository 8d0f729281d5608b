//! Token renewal and resilience, in each engine against the emulator: the
//! session survives expiry, tabs share one renewal, Spotify's limits are
//! respected, and failures end on a clear message with a way forward.

use e2e::{sample_artists, Fault, RecordedRequest, World, FOLLOWING};
use fantoccini::wd::WindowHandle;
use std::time::Duration;

fn ids(count: usize) -> Vec<String> {
    sample_artists(count).into_iter().map(|a| a.id).collect()
}

#[tokio::test]
async fn expiry_mid_scroll_costs_one_renewal_and_no_error() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.wait_gone("[data-testid=loading]").await;
    world.emulator.expire_access_tokens();
    world.scroll_to_the_end(Duration::from_secs(40)).await;
    assert_eq!(world.shown_artist_ids().await, ids(237));
    let renewals = world.renewals();
    assert_eq!(renewals.len(), 1, "one renewal for one expiry");
    assert_eq!(
        renewals[0].form_value("client_id").as_deref(),
        Some(e2e::DEMO_CLIENT_ID)
    );
    assert!(renewals[0].form_value("client_secret").is_none());
    let pages: Vec<u16> = world
        .sent("GET", FOLLOWING)
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(pages.iter().filter(|s| **s == 401).count(), 1, "{pages:?}");
    assert_eq!(
        pages.iter().filter(|s| **s == 200).count(),
        5,
        "no page fetched twice: {pages:?}"
    );
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.assert_no_token_in_urls();
    world.finish().await;
}

/// Two expiries, each met by a reload: returns the two renewal requests.
async fn renew_twice(world: &World) -> Vec<RecordedRequest> {
    world.login().await;
    for round in 1..=2 {
        world.emulator.expire_access_tokens();
        world.browser.reload().await;
        world
            .browser
            .wait_text("[data-testid=profile]", |t| t == "Emulated Listener")
            .await;
        assert_eq!(world.renewals().len(), round);
    }
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.renewals()
}

#[tokio::test]
async fn renewal_without_a_new_refresh_token_works_twice_across_reloads() {
    let world = World::start(|c| c.rotate_refresh_tokens = false).await;
    let used: Vec<Option<String>> = renew_twice(&world)
        .await
        .iter()
        .map(|r| r.form_value("refresh_token"))
        .collect();
    assert_eq!(used[0], used[1], "the kept refresh token is used again");
    world.finish().await;
}

#[tokio::test]
async fn rotated_refresh_tokens_replace_the_old_one() {
    let world = World::start(|c| c.rotate_refresh_tokens = true).await;
    let renewals = renew_twice(&world).await;
    assert_ne!(
        renewals[0].form_value("refresh_token"),
        renewals[1].form_value("refresh_token")
    );
    let statuses: Vec<u16> = renewals.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [200, 200],
        "the second renewal used the rotated token"
    );
    world.finish().await;
}

/// Reloads the second window (the current one), then at once the first,
/// and waits until both show the reader again.
async fn reload_both_at_once(world: &World, first: WindowHandle, second: WindowHandle) {
    world.browser.js("location.reload();").await;
    world.browser.switch_to(&first).await;
    world.browser.js("location.reload();").await;
    for window in [first, second] {
        world.browser.switch_to(&window).await;
        world
            .browser
            .wait_text("[data-testid=profile]", |t| t == "Emulated Listener")
            .await;
    }
}

#[tokio::test]
async fn two_windows_share_one_renewal_while_the_token_endpoint_is_slow() {
    let world = World::start(|_| {}).await;
    world.login().await;
    let (first, second) = world.browser.new_window().await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=profile]").await;

    world
        .emulator
        .inject(Fault::slow("/api/token", Duration::from_millis(1500)));
    world.emulator.expire_access_tokens();
    // Both windows meet the dead token while the renewal is on its way.
    reload_both_at_once(&world, first, second).await;
    assert_eq!(
        world.renewals().len(),
        1,
        "one token request for one expiry, across windows"
    );
    let me: Vec<u16> = world
        .sent("GET", "/v1/me")
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(
        me.iter().filter(|s| **s == 401).count(),
        2,
        "both windows met the expiry: {me:?}"
    );
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.finish().await;
}

#[tokio::test]
async fn a_revoked_refresh_token_ends_on_the_login_screen() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    world.login().await;
    world.emulator.expire_access_tokens();
    world.emulator.revoke_refresh_tokens();
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=login]").await;
    let message = world.browser.text("[data-testid=error]").await;
    assert_eq!(
        message,
        "Your Spotify session has ended, please log in again."
    );
    let (local, _) = world.browser.storage_keys().await;
    assert!(local.is_empty(), "tokens removed: {local:?}");
    // A later action makes no further token request.
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=login]").await;
    assert!(world.sent("POST", "/api/token").len() <= 2);
    assert_eq!(world.renewals().len(), 1);
    world.finish().await;
}

#[tokio::test]
async fn a_429_is_retried_no_sooner_than_retry_after() {
    let world = World::start(|c| c.artists = sample_artists(10)).await;
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 429).times(1).retry_after(2));
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let pages = world.sent("GET", FOLLOWING);
    assert_eq!(
        pages.iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 200]
    );
    let waited = pages[1].received - pages[0].received;
    assert!(waited >= Duration::from_secs(2), "retried after {waited:?}");
    assert_eq!(world.shown_artist_ids().await, ids(10));
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.finish().await;
}

#[tokio::test]
async fn a_long_retry_after_shows_a_countdown() {
    let world = World::start(|c| c.artists = sample_artists(10)).await;
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 429).times(1).retry_after(40));
    world.login().await;
    let text = world
        .browser
        .wait_text("[data-testid=loading]", |t| t.contains("trying again in"))
        .await;
    let seconds: u32 = text
        .split("trying again in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!((35..=40).contains(&seconds), "{text}");
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        1,
        "no request during the wait"
    );
    world.finish().await;
}

#[tokio::test]
async fn cors_less_429s_are_survived() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    world.emulator.inject(
        Fault::status(FOLLOWING, 429)
            .after(1)
            .times(2)
            .retry_after(1)
            .without_cors(),
    );
    world.login().await;
    world.scroll_to_the_end(Duration::from_secs(40)).await;
    assert_eq!(world.shown_artist_ids().await, ids(120));
    let statuses: Vec<u16> = world
        .sent("GET", FOLLOWING)
        .iter()
        .map(|r| r.status)
        .collect();
    assert_eq!(statuses, [200, 429, 429, 200, 200]);
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.finish().await;
}

#[tokio::test]
async fn repeated_503s_end_in_retry_which_continues_the_list() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    // The first page arrives; the second fails on the try and all 3 retries.
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 503).after(1).times(4));
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world
        .browser
        .js("window.scrollTo(0, document.documentElement.scrollHeight);")
        .await;
    e2e::eventually_within(Duration::from_secs(30), "the retry button", || async {
        world
            .browser
            .is_shown("[data-testid=retry]")
            .await
            .then_some(())
    })
    .await;
    let message = world.browser.text("[data-testid=error]").await;
    assert!(message.contains("HTTP 503"), "{message}");
    assert_eq!(
        world.shown_artist_ids().await,
        ids(50),
        "what was shown stays"
    );
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        5,
        "one page, then 1 try + 3 retries"
    );

    world.browser.click("[data-testid=retry]").await;
    world.browser.wait_gone("[data-testid=error]").await;
    world.scroll_to_the_end(Duration::from_secs(40)).await;
    assert_eq!(
        world.shown_artist_ids().await,
        ids(237),
        "resumed exactly where it stopped"
    );
    let after: Vec<Option<String>> = world
        .sent("GET", FOLLOWING)
        .iter()
        .skip(5)
        .map(|r| r.param("after"))
        .collect();
    assert_eq!(after[0].as_deref(), Some(ids(237)[49].as_str()));
    world.finish().await;
}

#[tokio::test]
async fn a_403_explains_the_user_list_without_a_retry_storm() {
    let world = World::start(|c| c.artists = sample_artists(10)).await;
    world.emulator.inject(Fault::status(FOLLOWING, 403));
    world.login().await;
    let message = world.browser.text("[data-testid=error]").await;
    assert!(message.contains("User Management"), "{message}");
    world.browser.wait_gone("[data-testid=loading]").await;
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        1,
        "no automatic retries"
    );
    assert!(
        world.browser.is_shown("[data-testid=profile]").await,
        "still logged in"
    );
    world.finish().await;
}

#[tokio::test]
/// Issue #35 saw Firefox send two refreshes for one expiry in 4 of 5 runs
/// (on 86f9bed); with rotation the second ends the session. Both windows
/// start on a stored token already expired, so both renew at once.
async fn two_windows_starting_on_one_expired_token_send_one_refresh_with_rotation() {
    let world = World::start(|c| c.rotate_refresh_tokens = true).await;
    world.login().await;
    let key = world.key("tokens");
    let (first, second) = world.browser.new_window().await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=profile]").await;
    world.emulator.expire_access_tokens();
    world
        .browser
        .js(&format!(
            "const t = JSON.parse(localStorage.getItem('{key}')); t.expires_at_ms = 1; \
             localStorage.setItem('{key}', JSON.stringify(t)); return true;"
        ))
        .await;
    reload_both_at_once(&world, first, second).await;
    let statuses: Vec<u16> = world.renewals().iter().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        vec![200],
        "one token request for one expiry, across windows"
    );
    world.finish().await;
}
