//! Spotify's daily limit, in Chromium against the emulator: a wait longer
//! than a minute pauses every tab, survives a reload, is said in words and
//! local time, and ends on time.

use e2e::{eventually_within, sample_artists, Fault, World};
use std::time::{Duration, Instant};

/// Web API requests so far (the accounts service is not the Web API).
fn api_requests(world: &World) -> usize {
    world
        .emulator
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v1/") && r.method == "GET")
        .count()
}

/// The end of the stored pause, as the reader's clock writes it.
async fn stored_end_time(world: &World) -> String {
    let script = format!(
        "const p = JSON.parse(localStorage.getItem('{}'));
         // The app's language: English where the browser's is no tag (WebKitGTK's \"C\").
         let language = navigator.language;
         try {{ new Intl.DateTimeFormat(language); }} catch (e) {{ language = 'en'; }}
         return new Date(p.until_ms).toLocaleTimeString(language, {{ timeStyle: 'short' }});",
        world.key("pause")
    );
    let time = world.browser.js(&script).await;
    time.as_str().expect("a stored pause").to_string()
}

async fn visit_everything(world: &World) {
    world.login().await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    eventually_within(e2e::TIMEOUT, "the saved list", || async {
        let (local, _) = world.browser.storage_keys().await;
        local.contains(&world.key("saved_list")).then_some(())
    })
    .await;
}

#[tokio::test]
async fn the_daily_limit_pauses_every_tab_and_survives_a_reload() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    visit_everything(&world).await;
    let (first, second) = world.browser.new_window().await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.switch_to(&first).await;

    world.emulator.inject(Fault::daily_quota("/v1/"));
    world.browser.reload().await;
    let note = world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    assert!(note.contains(&stored_end_time(&world).await), "{note}");
    assert!(note.ends_with("your saved list is shown."), "{note}");
    assert!(!note.contains("s…"), "no countdown of hours: {note}");
    assert!(world.shown_artist_ids().await.len() >= 50);
    let saved = world.browser.text("[data-testid=saved-copy]").await;
    assert!(saved.starts_with("Saved at your visit"), "{saved}");
    assert!(!saved.contains("Checking"), "{saved}");
    let asked = api_requests(&world);
    let limited = world
        .emulator
        .requests()
        .iter()
        .filter(|r| r.status == 429)
        .count();
    assert!(
        (1..=2).contains(&limited),
        "only what was in flight: {limited}"
    );

    // The other window heard of it without asking Spotify.
    world.browser.switch_to(&second).await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    world.browser.client.close_window().await.expect("close");
    world.browser.switch_to(&first).await;

    // A reload asks Spotify nothing, and shows the same.
    world.browser.reload().await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    world.browser.wait_for("[data-testid=artist]").await;
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    assert_eq!(api_requests(&world), asked, "no request during the pause");
    world.finish().await;
}

#[tokio::test]
async fn a_pause_ends_on_time_and_the_list_goes_on() {
    let world = World::start(|c| c.artists = sample_artists(10)).await;
    visit_everything(&world).await;
    let planted = Instant::now();
    world
        .browser
        .js(&format!(
            "localStorage.setItem('{}', JSON.stringify({{ until_ms: Date.now() + 8000, quota: false }}));",
            world.key("pause")
        ))
        .await;
    world.browser.reload().await;
    let note = world
        .browser
        .wait_text("[data-testid=paused]", |t| !t.is_empty())
        .await;
    assert!(
        note.starts_with("Spotify asked this app to wait until"),
        "{note}"
    );
    let asked = api_requests(&world);
    world
        .browser
        .wait_text("[data-testid=paused]", |t| {
            t == "Spotify's wait is over: the app asks it again."
        })
        .await;
    eventually_within(e2e::TIMEOUT, "the list checked with Spotify", || async {
        (api_requests(&world) > asked).then_some(())
    })
    .await;
    let resumed = world
        .emulator
        .requests()
        .into_iter()
        .filter(|r| r.path.starts_with("/v1/"))
        .map(|r| r.received)
        .filter(|at| *at > planted)
        .min()
        .expect("a request after the pause");
    assert!(
        resumed - planted >= Duration::from_millis(7900),
        "asked {:?} into an 8 s pause",
        resumed - planted
    );
    world
        .browser
        .wait_text("[data-testid=profile]", |t| t == "Emulated Listener")
        .await;
    world.finish().await;
}
