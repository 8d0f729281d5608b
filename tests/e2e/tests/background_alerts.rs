//! Alerts with every tab closed: the installed app's service worker, woken
//! by Periodic Background Sync, checks within its budget and tells of news;
//! the page takes up what it found, and its renewals.
//!
//! Headless Chromium lists a worker's notifications only while a page it
//! controls is open: one page stays open, idle after a full check (it asks
//! for nothing in the next hour), so every request after a wake-up is the
//! worker's.

use e2e::{eventually, sample_artists, Account, Fault, World};

const ARTISTS: usize = 20;

/// The notifications of the app's worker, read in a new window: `[title, body]`.
async fn notifications_in_a_new_window(world: &World) -> Vec<(String, String)> {
    let (first, _second) = world.browser.new_window().await;
    world.open("/").await;
    world.wait_for_the_worker().await;
    let shown = world.notifications().await;
    world.browser.switch_to(&first).await;
    shown
}

#[tokio::test]
async fn a_release_found_in_the_background_is_told_and_shown_without_asking_again() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    world
        .emulator
        .release_now(3, "0FreshSingleInTheBack0", "Fresh Single");
    let asked = world.albums_requests().len();

    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "checked", "{wake_up}");
    assert_eq!(wake_up["told"], true, "{wake_up}");
    let by_the_worker = world.albums_requests()[asked..].to_vec();
    let artists: std::collections::BTreeSet<&str> =
        by_the_worker.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(artists.len(), ARTISTS, "every artist, each due again");
    assert_eq!(wake_up["artists_checked"], ARTISTS);
    assert_eq!(wake_up["requests"], by_the_worker.len(), "{wake_up}");
    assert!(
        by_the_worker.iter().all(|r| r.header("referer").is_none()),
        "the worker's requests carry no Referer"
    );

    let artist = sample_artists(ARTISTS)[3].name.clone();
    let shown = eventually("the alert", || async {
        let shown = notifications_in_a_new_window(&world).await;
        (!shown.is_empty()).then_some(shown)
    })
    .await;
    assert_eq!(
        shown,
        [(
            "New release: Fresh Single".to_string(),
            format!("by {artist}")
        )]
    );

    // A visit after the wake-up shows the release and asks nothing again.
    let asked = world.albums_requests().len();
    world.open("/releases").await;
    world
        .browser
        .wait_for("[data-testid=release][data-album-id='0FreshSingleInTheBack0']")
        .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(
        world.albums_requests().len(),
        asked,
        "albums asked again after the worker checked them"
    );
    world.finish().await;
}

/// Background alerts on with an emulator that rotates refresh tokens, and
/// a wake-up an hour later, when every access token has expired: the
/// worker renews once, and the page has not seen its renewal yet.
async fn a_wake_up_that_rotates_the_refresh_token() -> World {
    let world = World::start(|c| {
        c.artists = sample_artists(ARTISTS);
        c.rotate_refresh_tokens = true;
    })
    .await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    world.emulator.expire_access_tokens();
    let renewals = world.renewals().len();

    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "checked", "{wake_up}");
    assert_eq!(
        world.renewals().len(),
        renewals + 1,
        "the worker renewed once"
    );
    world
}

/// A new visit to the artists, then the releases, checked to the end; no
/// token request was refused on the way (nor before).
async fn a_visit_with_no_refused_token(world: &World) {
    world.open("/").await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.click("[data-testid=releases-link]").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let refused: Vec<_> = world
        .sent("POST", "/api/token")
        .into_iter()
        .filter(|r| r.status != 200)
        .collect();
    assert!(refused.is_empty(), "refused token requests: {refused:?}");
}

#[tokio::test]
async fn a_refresh_token_the_worker_rotated_is_the_one_the_page_uses() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = a_wake_up_that_rotates_the_refresh_token().await;
    let rotated = world
        .shared_record("tokens")
        .await
        .expect("the worker's tokens")["refresh_token"]
        .clone();

    // The page starts with its old tokens in localStorage.
    a_visit_with_no_refused_token(&world).await;
    let stored = world
        .local_record("tokens")
        .await
        .expect("the page's tokens");
    assert_eq!(
        stored["refresh_token"], rotated,
        "the page took up the worker's renewal"
    );
    world.finish().await;
}

#[tokio::test]
async fn after_logout_the_mirror_is_gone_and_a_wake_up_asks_nothing() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    world.browser.click("[data-testid=logout]").await;
    world.browser.wait_for("[data-testid=login]").await;
    eventually("the mirror to be removed", || async {
        world.shared_record("tokens").await.is_none().then_some(())
    })
    .await;
    let asked = world.emulator.requests().len();

    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "off", "{wake_up}");
    assert_eq!(wake_up["requests"], 0);
    assert_eq!(
        world.emulator.requests().len(),
        asked,
        "requests after logout"
    );
    for name in ["saved_list", "release_check", "background_alerts"] {
        assert_eq!(world.shared_record(name).await, None, "{name} after logout");
    }
    world.finish().await;
}

/// Another login (here a consent answered by another Spotify account) is
/// a session of its own: the alerts its reader never turned on are off,
/// across a reload too, and nothing of theirs is copied where the worker
/// reads.
#[tokio::test]
async fn after_another_login_alerts_with_encore_closed_are_off_and_the_worker_asks_nothing() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| {
        c.artists = sample_artists(ARTISTS);
        c.second_user = Some(Account {
            user_id: "second-user".into(),
            display_name: Some("Second Listener".into()),
            artists: sample_artists(9).split_off(6),
            ..Account::default()
        });
    })
    .await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    world.emulator.sign_in_as_second_user(true);
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.click("#agree").await;
    world
        .browser
        .wait_text("[data-testid=profile]", |t| t == "Second Listener")
        .await;
    eventually("the first reader's copy to be removed", || async {
        world.shared_record("tokens").await.is_none().then_some(())
    })
    .await;

    world.browser.reload().await;
    world
        .browser
        .wait_for("[data-testid=alerts-background][aria-pressed=false]")
        .await;
    world.wait_for_the_check(e2e::TIMEOUT).await;
    assert_eq!(
        world.local_record("background_alerts").await,
        None,
        "background alerts stored as on"
    );
    let asked = world.emulator.requests().len();
    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "off", "{wake_up}");
    assert_eq!(
        world.emulator.requests().len(),
        asked,
        "the worker's requests"
    );
    for name in ["tokens", "saved_list", "release_check", "background_alerts"] {
        assert_eq!(
            world.shared_record(name).await,
            None,
            "{name} for the second reader"
        );
    }
    world.finish().await;
}

/// Turning background alerts off removes the worker's copy of the session:
/// a refresh token the worker rotated is kept by the page first.
#[tokio::test]
async fn turning_background_alerts_off_keeps_the_refresh_token_the_worker_rotated() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = a_wake_up_that_rotates_the_refresh_token().await;

    // The open page has not looked at the worker's copy since.
    world.browser.click("[data-testid=alerts-background]").await;
    world
        .browser
        .wait_for("[data-testid=alerts-background][aria-pressed=false]")
        .await;
    eventually("the worker's copy to be removed", || async {
        world.shared_record("tokens").await.is_none().then_some(())
    })
    .await;
    a_visit_with_no_refused_token(&world).await;
    assert!(world.browser.is_shown("[data-testid=profile]").await);
    world.finish().await;
}

/// A logout while the worker checks: the wake-up keeps nothing of what it
/// found and tells nothing, and once it is over nothing of the session is
/// left where the worker reads.
#[tokio::test]
async fn a_wake_up_racing_a_logout_keeps_and_tells_nothing() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    world
        .emulator
        .release_now(3, "0SingleDuringLogout000", "Fresh Single");
    world.emulator.inject(Fault::slow(
        "/v1/artists/",
        std::time::Duration::from_millis(300),
    ));
    let asked = world.albums_requests().len();
    world
        .browser
        .fire_periodic_sync(&world.scope(), "releases")
        .await;
    eventually("the worker's first requests", || async {
        (world.albums_requests().len() > asked).then_some(())
    })
    .await;
    world.browser.click("[data-testid=logout]").await;
    world.browser.wait_for("[data-testid=login]").await;

    // Over once no one holds or waits for the check's lock: the worker's
    // check, then the page's removal after it.
    let lock = serde_json::json!(world.key("release-check"));
    eventually("the wake-up to be over", || async {
        let busy = world
            .browser
            .execute_async(&format!(
                "const done = arguments[arguments.length - 1];
                 navigator.locks.query().then(
                   s => done([...s.held, ...s.pending].some(l => l.name === {lock})),
                   e => done(String(e)));"
            ))
            .await;
        (busy == false).then_some(())
    })
    .await;
    assert!(
        world.albums_requests().len() < asked + ARTISTS,
        "the worker went on checking after the logout"
    );
    for name in [
        "tokens",
        "release_check",
        "release_check.recent",
        "background_alerts",
    ] {
        assert_eq!(
            world.shared_record(name).await,
            None,
            "{name} after the logout"
        );
    }
    assert!(
        notifications_in_a_new_window(&world).await.is_empty(),
        "an alert after the logout"
    );
    world.finish().await;
}

/// A pause in the worker's copy ends within a day, as one in localStorage
/// does: a wrong or hostile Retry-After cannot lock the app for longer
/// through the worker.
#[tokio::test]
async fn a_pause_from_the_workers_copy_ends_within_a_day() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_millis() as f64;
    let a_month = 30.0 * 86_400_000.0;
    world
        .put_shared_record(
            "pause",
            &serde_json::json!({ "until_ms": now_ms + a_month, "quota": true }),
        )
        .await;

    // The page takes up the worker's pause as it starts.
    world.browser.reload().await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("tomorrow"))
        .await;
    world.finish().await;
}

#[tokio::test]
async fn during_a_daily_limit_pause_a_wake_up_asks_nothing() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(ARTISTS)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    // The reload's check finds every artist due, and Spotify's daily limit.
    world.emulator.inject(Fault::daily_quota("/v1/"));
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=paused]").await;
    eventually("the pause where the worker reads it", || async {
        world.shared_record("pause").await.map(|_| ())
    })
    .await;
    world.emulator.clear_faults();
    let asked = world.emulator.requests().len();

    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "paused", "{wake_up}");
    assert_eq!(
        world.emulator.requests().len(),
        asked,
        "requests during the pause"
    );
    world.finish().await;
}
