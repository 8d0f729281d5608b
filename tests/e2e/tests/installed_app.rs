//! The app as one installs it: the service worker, offline, the install
//! check, release alerts as system notifications, and a new deploy.

use e2e::{eventually, sample_artists, Engine, World};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Logs in, opens the releases, waits for the whole check and for the
/// worker, then reloads so that the worker controls the page.
async fn a_visit(world: &World) {
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(e2e::TIMEOUT).await;
    world.wait_for_the_worker().await;
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=releases-done]").await;
}

/// The notifications shown, once there are any: `[title, body]`.
async fn the_alert(world: &World) -> Vec<(String, String)> {
    eventually("the alert", || async {
        let shown = world.notifications().await;
        (!shown.is_empty()).then_some(shown)
    })
    .await
}

#[tokio::test]
async fn the_app_is_installable() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(12)).await;
    a_visit(&world).await;
    let errors = world
        .browser
        .cdp("Page.getInstallabilityErrors", json!({}))
        .await;
    assert_eq!(
        errors["installabilityErrors"],
        json!([]),
        "Chromium's installability check"
    );
    let manifest = world.browser.cdp("Page.getAppManifest", json!({})).await;
    assert_eq!(manifest["errors"], json!([]), "the manifest's errors");
    world.finish().await;
}

#[tokio::test]
async fn offline_a_reload_shows_the_saved_list_and_releases_and_goes_on_when_back() {
    // WebKitWebDriver has no way to take the browser off the network.
    if Engine::current() == Engine::WebKit && e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(30)).await;
    a_visit(&world).await;
    let releases = world
        .browser
        .js("return document.querySelectorAll('[data-testid=release]').length;")
        .await;
    assert!(
        releases.as_u64().unwrap_or(0) > 0,
        "the releases of the visit: {releases}"
    );
    // What the app asks of Spotify's API. Firefox's offline switch leaves
    // picture loads to loopback, where the emulator serves Spotify's
    // pictures (on a reader's device they come from Spotify's servers and
    // fail offline like the rest), so those are not counted.
    let api_requests = || {
        world
            .emulator
            .requests()
            .iter()
            .filter(|r| !r.path.starts_with("/images/"))
            .count()
    };
    let asked = api_requests();
    let served = world.served().len();

    world.browser.clear_http_cache().await;
    world.browser.set_offline(true).await;
    world.browser.reload().await;
    let note = world
        .browser
        .wait_text(".notice.offline", |t| {
            t.starts_with("You are offline; this is what was saved at")
        })
        .await;
    assert!(!note.is_empty());
    eventually("the stored releases", || async {
        let shown = world
            .browser
            .js("return document.querySelectorAll('[data-testid=release]').length;")
            .await;
        (shown == releases).then_some(())
    })
    .await;
    world.browser.click("[data-testid=artists-link]").await;
    eventually("the saved list", || async {
        (world.shown_artist_ids().await.len() == 30).then_some(())
    })
    .await;
    assert_eq!(api_requests(), asked, "requests to Spotify while offline");
    assert_eq!(
        world.served().len(),
        served,
        "requests for the app's files while offline"
    );

    world.browser.set_offline(false).await;
    world.browser.wait_gone(".notice.offline").await;
    eventually("the app to ask Spotify again by itself", || async {
        (api_requests() > asked).then_some(())
    })
    .await;
    world.finish().await;
}

#[tokio::test]
async fn a_new_release_found_by_check_now_gives_one_notification_with_two_tabs_open() {
    let world = World::start(|c| c.artists = sample_artists(20)).await;
    world.set_notifications("granted").await;
    a_visit(&world).await;
    world.browser.click("[data-testid=alerts]").await;
    world
        .browser
        .wait_for("[data-testid=alerts][aria-pressed=true]")
        .await;
    let (first, second) = world.browser.new_window().await;
    world.open("/releases").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    world.browser.switch_to(&first).await;

    world
        .check_now_finds_a_new_single(3, "0FreshSingleForAlerts0")
        .await;
    let artist = sample_artists(20)[3].name.clone();
    assert_eq!(
        the_alert(&world).await,
        [(
            "New release: Fresh Single".to_string(),
            format!("by {artist}")
        )]
    );
    // The other tab takes up what the check found, and tells no one.
    world.browser.switch_to(&second).await;
    world
        .browser
        .wait_for("[data-testid=release][data-album-id='0FreshSingleForAlerts0']")
        .await;
    assert_eq!(
        world.notifications().await.len(),
        1,
        "notifications with two tabs"
    );
    world.finish().await;
}

/// The first round finds everything, and is no news; a round after it is,
/// on the reader's very first visit to the releases too (in Firefox and
/// Safari, alerts while Encore is open are the only alerts there are).
#[tokio::test]
async fn a_new_release_found_on_the_readers_first_visit_gives_an_alert() {
    let world = World::start(|c| c.artists = sample_artists(20)).await;
    world.set_notifications("granted").await;
    world.login().await;
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(e2e::TIMEOUT).await;
    world.wait_for_the_worker().await;
    world.browser.click("[data-testid=alerts]").await;
    world
        .browser
        .wait_for("[data-testid=alerts][aria-pressed=true]")
        .await;

    // The tab stays open: no reload, no second visit.
    world
        .emulator
        .release_now(3, "0FirstVisitSingle00000", "Fresh Single");
    world
        .browser
        .click("[data-testid=releases-done] button")
        .await;
    world
        .browser
        .wait_for("[data-testid=release][data-album-id='0FirstVisitSingle00000']")
        .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let artist = sample_artists(20)[3].name.clone();
    assert_eq!(
        the_alert(&world).await,
        [(
            "New release: Fresh Single".to_string(),
            format!("by {artist}")
        )]
    );
    world.finish().await;
}

/// Where the browser cannot wake Encore (Firefox, Safari: no Periodic
/// Background Sync), the releases say that alerts come while it is open and
/// offer nothing more; Chromium offers alerts with Encore closed instead.
#[tokio::test]
async fn the_releases_say_which_alerts_this_browser_gives() {
    let world = World::start(|c| c.artists = sample_artists(5)).await;
    a_visit(&world).await;
    world.browser.wait_for("[data-testid=alerts]").await;
    let notes = world
        .browser
        .js("return [...document.querySelectorAll('.alerts-note')].map(n => n.innerText).join(' ');")
        .await;
    let notes = notes.as_str().unwrap_or_default();
    let while_open = "This browser gives alerts while Encore is open.";
    let closed = world
        .browser
        .is_shown("[data-testid=alerts-background]")
        .await;
    if world.browser.engine == Engine::Chromium {
        assert!(closed, "Chromium offers alerts with Encore closed");
        assert!(!notes.contains(while_open), "{notes}");
    } else {
        assert!(!closed, "{:?} cannot wake Encore", world.browser.engine);
        assert!(notes.contains(while_open), "{notes}");
    }
    world.finish().await;
}

#[tokio::test]
async fn blocked_notifications_are_explained_and_nothing_is_asked() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(5)).await;
    world.set_notifications("denied").await;
    a_visit(&world).await;
    world.browser.click("[data-testid=alerts]").await;
    world
        .browser
        .wait_text(".alerts-note", |t| {
            t.starts_with("Notifications are blocked for this site")
        })
        .await;
    assert!(
        world
            .browser
            .is_shown("[data-testid=alerts][aria-pressed=false]")
            .await
    );
    world.finish().await;
}

/// A copy of the build in `dist` as another version of it: its page says
/// so, and its worker lists the page's new revision.
fn another_version(dist: &Path) -> PathBuf {
    let next = std::env::temp_dir().join(format!("encore-next-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&next);
    copy_dir(dist, &next);
    let index = std::fs::read_to_string(next.join("index.html")).expect("index.html");
    let revision = |page: &str| hex(&Sha256::digest(page.as_bytes()))[..16].to_string();
    let changed = index.replacen(
        "<title>",
        "<meta name=\"encore-version\" content=\"next\" /><title>",
        1,
    );
    assert_ne!(changed, index, "the page has a title to mark");
    std::fs::write(next.join("index.html"), &changed).expect("write index.html");
    let worker = std::fs::read_to_string(next.join("sw.js")).expect("sw.js");
    assert!(
        worker.contains(&revision(&index)),
        "the worker lists the page's revision"
    );
    std::fs::write(
        next.join("sw.js"),
        worker.replace(&revision(&index), &revision(&changed)),
    )
    .expect("write sw.js");
    next
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A wake-up runs the worker's module that was installed with its glue,
/// from the precache: not whatever the host has by then (a later deploy's,
/// or none when offline).
#[tokio::test]
async fn a_wake_up_runs_the_workers_module_from_the_precache() {
    if e2e::lacks(e2e::Needs::PeriodicSync) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(5)).await;
    world.turn_on_background_alerts(e2e::TIMEOUT).await;
    world.age_the_checks(13.0).await;
    let deployed = std::env::temp_dir().join(format!("encore-no-module-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&deployed);
    copy_dir(&e2e::dist_dir(), &deployed);
    std::fs::remove_file(deployed.join("background_bg.wasm")).expect("the worker's module");
    world.deploy(deployed);
    let served = world.served().len();

    let wake_up = world.wake_the_worker().await;
    assert_eq!(wake_up["outcome"], "checked", "{wake_up}");
    let asked = world.served()[served..].to_vec();
    assert!(asked.is_empty(), "the wake-up asked the host for {asked:?}");
    world.finish().await;
}

#[tokio::test]
async fn a_new_deploy_is_offered_and_taken() {
    let world = World::start(|c| c.artists = sample_artists(5)).await;
    a_visit(&world).await;
    let version = "return document.querySelector('meta[name=encore-version]')?.content ?? 'first';";
    assert_eq!(world.browser.js(version).await, "first");

    world.deploy(another_version(&e2e::dist_dir()));
    world.browser.reload().await;
    world
        .browser
        .wait_text(".notice.update", |t| {
            t.starts_with("A new version is ready.")
        })
        .await;
    // Until the reader takes it, the page is the version it started as.
    assert_eq!(world.browser.js(version).await, "first");
    world.browser.click(".notice.update button").await;
    eventually("the new version", || async {
        (world.browser.js(version).await == "next").then_some(())
    })
    .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert!(!world.browser.is_shown(".notice.update").await);
    world.finish().await;
}
