//! Accessibility in every engine: axe-core finds nothing serious or critical
//! on the login screen, the list and the error state (in both colour schemes
//! where the browser can be set to each),
//! and the whole journey works from the keyboard alone.

use e2e::{eventually, sample_artists, Engine, Fault, World, FOLLOWING};

const TAB: &str = "\u{E004}";
const SHIFT_TAB: &str = "\u{E008}\u{E004}";
const ENTER: &str = "\u{E007}";

/// axe-core on the screen in both colour schemes where the browser can be
/// set to each (Chromium, through DevTools); elsewhere in the scheme the
/// browser has (light), which is still that engine's own rendering.
async fn check_both_schemes(world: &World, screen: &str) {
    if world.browser.engine != Engine::Chromium {
        world.browser.assert_accessible(screen).await;
        return;
    }
    for scheme in ["dark", "light"] {
        world.browser.set_color_scheme(scheme).await;
        world
            .browser
            .assert_accessible(&format!("{screen} ({scheme})"))
            .await;
    }
}

#[tokio::test]
async fn axe_finds_nothing_serious_on_login_list_and_error() {
    let world = World::start(|c| c.artists = sample_artists(120)).await;
    // The first page loads, the next one is refused.
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 403).after(1).times(1));
    world.open("/").await;
    world.browser.wait_for("[data-testid=login]").await;
    check_both_schemes(&world, "login screen").await;

    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world
        .browser
        .js("window.scrollTo(0, document.documentElement.scrollHeight);")
        .await;
    world.browser.wait_for("[data-testid=error]").await;
    world.browser.wait_for("[data-testid=retry]").await;
    check_both_schemes(&world, "error state").await;

    world.browser.click("[data-testid=retry]").await;
    world.browser.wait_gone("[data-testid=error]").await;
    world.browser.wait_gone("[data-testid=loading]").await;
    check_both_schemes(&world, "artist list").await;
    world.finish().await;
}

/// Presses Tab (or Shift+Tab) until the focused element matches `css`;
/// fails if it never does. Returns what was focused on the way.
async fn tab_to(world: &World, css: &str, keys: &str) -> Vec<String> {
    let mut passed = Vec::new();
    for _ in 0..150 {
        let focused = world
            .browser
            .js(&format!(
                "const e = document.activeElement;
                 return [e.matches({css:?}), e.dataset.testid || e.tagName.toLowerCase() + '.' + e.className,
                         getComputedStyle(e).outlineStyle];"
            ))
            .await;
        if focused[0] == true {
            assert_ne!(focused[2], "none", "{css} has no visible focus style");
            return passed;
        }
        passed.push(focused[1].as_str().unwrap_or_default().to_string());
        world.browser.press(keys).await;
    }
    panic!("Tab never reached {css}; focus went through {passed:?}");
}

#[tokio::test]
async fn the_keyboard_alone_logs_in_retries_filters_and_logs_out() {
    let artists = sample_artists(60);
    let wanted = artists[42].name.clone();
    let world = World::start(|c| c.artists = artists).await;
    world
        .emulator
        .inject(Fault::status(FOLLOWING, 403).after(1).times(1));
    world.open("/").await;
    world.browser.wait_for("[data-testid=login]").await;
    tab_to(&world, "[data-testid=login]", TAB).await;
    world.browser.press(ENTER).await;
    world.browser.click("#agree").await; // Spotify's page, not ours
    world.browser.wait_for("[data-testid=profile]").await;

    // Tabbing through the links scrolls the list, which loads the next
    // page; it fails, and the next Tab stop is the retry button.
    world.browser.wait_for("[data-testid=artist]").await;
    let passed = tab_to(&world, "[data-testid=retry]", TAB).await;
    assert!(
        passed.iter().any(|p| p == "logout") && passed.iter().any(|p| p == "filter"),
        "logout and the filter come before the list: {passed:?}"
    );
    world.browser.press(ENTER).await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    assert_eq!(world.shown_artist_ids().await.len(), 60);

    // Every artist link is a Tab stop.
    tab_to(&world, "[data-testid=filter]", SHIFT_TAB).await;
    let mut links = 0;
    for _ in 0..70 {
        world.browser.press(TAB).await;
        let on_link = world
            .browser
            .js("return document.activeElement.matches('[data-testid=artist] a.card');")
            .await;
        if on_link == true {
            links += 1;
        } else if links > 0 {
            break;
        }
    }
    assert_eq!(links, 60, "each artist link takes focus once");

    tab_to(&world, "[data-testid=filter]", SHIFT_TAB).await;
    world.browser.press(&wanted).await;
    eventually("the filter to narrow the list", || async {
        (world.browser.text(".matches").await == "1 match").then_some(())
    })
    .await;

    tab_to(&world, "[data-testid=logout]", SHIFT_TAB).await;
    world.browser.press(ENTER).await;
    world.browser.wait_for("[data-testid=login]").await;
    world.finish().await;
}

const SPACE: &str = "\u{E00D}";
const ARROW_DOWN: &str = "\u{E015}";

fn albums_asked(world: &World, groups: &str) -> usize {
    world
        .albums_requests()
        .iter()
        .filter(|r| r.param("include_groups").as_deref() == Some(groups))
        .count()
}

/// The new releases as the artist view: nothing serious for axe in either
/// scheme, and every control reached and used from the keyboard alone.
#[tokio::test]
async fn the_new_releases_work_from_the_keyboard_and_axe_finds_nothing_serious() {
    let world = World::start(|c| c.artists = sample_artists(60)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    tab_to(&world, "[data-testid=releases-link]", TAB).await;
    world.browser.press(ENTER).await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    check_both_schemes(&world, "new releases").await;
    let shown = || async {
        world
            .browser
            .js("return document.querySelectorAll('[data-testid=release]').length;")
            .await
            .as_u64()
            .unwrap_or(0)
    };
    let four_weeks = shown().await;
    assert!(four_weeks > 0);

    // The window: 4 weeks, then one down is 3 months.
    tab_to(&world, ".window select", TAB).await;
    world.browser.press(ARROW_DOWN).await;
    eventually("the 3 months' releases", || async {
        (shown().await > four_weeks).then_some(())
    })
    .await;

    // Compilations on: every artist is asked again for every kind.
    tab_to(&world, "input[data-kind=compilation]", TAB).await;
    world.browser.press(SPACE).await;
    eventually("a check for every kind", || async {
        (albums_asked(&world, "album,single,compilation,appears_on") == 60).then_some(())
    })
    .await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    assert_eq!(
        world
            .browser
            .js("return document.querySelector('.kind input').checked;")
            .await,
        serde_json::json!(true)
    );

    // Every release link is a Tab stop, then Check now starts a new round.
    let passed = tab_to(&world, "[data-testid=releases-done] button", TAB).await;
    let links = passed
        .iter()
        .filter(|p| p.starts_with("a.release-card"))
        .count();
    assert_eq!(
        links as u64,
        shown().await,
        "each release link takes focus once: {passed:?}"
    );
    world.browser.press(ENTER).await;
    eventually("a new round", || async {
        (albums_asked(&world, "album,single,compilation,appears_on") == 120).then_some(())
    })
    .await;
    world.browser.wait_for("[data-testid=releases-done]").await;

    tab_to(&world, "[data-testid=artists-link]", SHIFT_TAB).await;
    world.browser.press(ENTER).await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.finish().await;
}
