//! The screen a page paints before its app starts (issue #34): with the
//! WebAssembly held back by the host, as on a slow phone network, the
//! welcome screen's login control is there, works, and the app takes over
//! without a jump; a stored session paints the skeleton instead.

use e2e::{lacks, sample_artists, Engine, Needs, World};
use serde_json::json;

/// Opens `path` without waiting for the page's load, which a held module
/// holds back too.
async fn open_held(world: &World, path: &str) {
    let url = format!("{}{path}", world.app_url);
    world.browser.go_without_waiting(&url).await;
}

/// True until the app's module has run in the page.
async fn no_webassembly_ran(world: &World) -> bool {
    world
        .browser
        .js(
            "return performance.getEntriesByName('encore:start').length === 0 \
             && window.wasmBindings === undefined;",
        )
        .await
        == json!(true)
}

const ENTER: &str = "\u{E007}";

/// The login control painted before the app: the page's own, not the app's.
const PAINTED_LOGIN: &str = "#shell [data-testid=login]";
/// The app's, once it has taken over.
const APP_LOGIN: &str = "main [data-testid=login]";

#[tokio::test]
async fn the_login_is_painted_before_the_module_and_the_app_takes_over_in_place() {
    let world = World::start(|_| {}).await;
    let chromium = world.browser.engine == Engine::Chromium;
    if chromium {
        world.browser.count_layout_shifts().await;
    }
    world.hold_the_app();
    open_held(&world, "/").await;

    let login = world.browser.wait_for(PAINTED_LOGIN).await;
    assert_eq!(
        world.browser.text_of(&login).await.expect("its name"),
        "Log in with Spotify"
    );
    assert!(
        no_webassembly_ran(&world).await,
        "the module ran before it came"
    );
    assert!(
        !world
            .browser
            .is_shown("[data-screen=skeleton] .skeleton")
            .await
    );
    world
        .browser
        .assert_accessible("welcome screen painted before the app")
        .await;
    // Focusable, as a reader's Tab finds it.
    let focused = world
        .browser
        .js(&format!(
            "const b = document.querySelector('{PAINTED_LOGIN}'); b.focus(); \
             return document.activeElement === b;"
        ))
        .await;
    assert_eq!(focused, json!(true));

    world.release_the_app();
    world.browser.wait_gone("#shell").await;
    world.browser.wait_for(APP_LOGIN).await;
    // The focus went over with the control.
    let kept = world
        .browser
        .js("return document.activeElement.matches('main [data-testid=login]');")
        .await;
    assert_eq!(kept, json!(true), "the app's login control lost the focus");
    if chromium {
        assert_eq!(
            world.browser.layout_shift().await,
            0.0,
            "the takeover moved the page"
        );
    }
    world
        .browser
        .assert_accessible("welcome screen after the takeover")
        .await;
    // No authorize request: the reader asked for nothing.
    assert!(world.sent("GET", "/authorize").is_empty());
    world.browser.assert_clean_console(&world.app_url).await;
    world.finish().await;
}

#[tokio::test]
async fn a_click_and_an_enter_before_the_module_start_one_login() {
    let world = World::start(|_| {}).await;
    world.hold_the_app();
    open_held(&world, "/").await;
    world.browser.click(PAINTED_LOGIN).await;
    // On its way: busy, not dead.
    let busy = world
        .browser
        .js(&format!(
            "return document.querySelector('{PAINTED_LOGIN}').getAttribute('aria-busy');"
        ))
        .await;
    assert_eq!(busy, json!("true"));
    world.browser.click(PAINTED_LOGIN).await;
    world.browser.press(ENTER).await;
    assert!(no_webassembly_ran(&world).await);
    assert!(world.sent("GET", "/authorize").is_empty());

    world.release_the_app();
    world.browser.wait_for("#agree").await;
    assert_eq!(
        world.sent("GET", "/authorize").len(),
        1,
        "one login, however many clicks"
    );
    world.browser.click("#agree").await;
    world.browser.wait_for("[data-testid=profile]").await;
    assert_eq!(world.sent("GET", "/authorize").len(), 1);
    world.finish().await;
}

/// A press that begins on the painted control and ends on the app's, as
/// when the module arrives under a finger: the browser counts no click, as
/// the two are different elements, but the reader pressed the login.
#[tokio::test]
async fn a_press_held_while_the_app_takes_over_starts_the_login() {
    a_held_press_starts_the_login(false).await;
}

/// The same with the keyboard's space bar, which clicks when let go.
#[tokio::test]
async fn a_space_held_while_the_app_takes_over_starts_the_login() {
    a_held_press_starts_the_login(true).await;
}

async fn a_held_press_starts_the_login(space: bool) {
    let world = World::start(|_| {}).await;
    world.hold_the_app();
    open_held(&world, "/").await;
    if space {
        world.browser.wait_for(PAINTED_LOGIN).await;
        world
            .browser
            .js(&format!(
                "document.querySelector('{PAINTED_LOGIN}').focus();"
            ))
            .await;
        world.browser.hold_key(' ').await;
    } else {
        world.browser.press_and_hold(PAINTED_LOGIN).await;
    }
    assert!(no_webassembly_ran(&world).await);

    world.release_the_app();
    world.browser.wait_for(APP_LOGIN).await;
    assert!(
        world.sent("GET", "/authorize").is_empty(),
        "a press is no click"
    );
    if space {
        world.browser.lift_key(' ').await;
    } else {
        world.browser.lift().await;
    }
    world.browser.wait_for("#agree").await;
    assert_eq!(world.sent("GET", "/authorize").len(), 1);
    world.finish().await;
}

#[tokio::test]
async fn a_stored_session_paints_the_skeleton_never_the_login() {
    if lacks(Needs::DevTools) {
        return;
    }
    let world = World::start(|c| c.artists = sample_artists(20)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    // From the document's start: any login control shown is recorded.
    world
        .browser
        .cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "window.__e2eLoginSeen = false; \
                new MutationObserver(() => { \
                  for (const b of document.querySelectorAll('[data-testid=login]')) \
                    if (b.checkVisibility()) window.__e2eLoginSeen = true; \
                }).observe(document, { subtree: true, childList: true, attributes: true });" }),
        )
        .await;
    // A reader whose page the worker does not serve (yet, or any more).
    world.browser.forget_the_workers().await;
    world.hold_the_app();
    open_held(&world, "/").await;
    world
        .browser
        .wait_for("#shell [data-screen=skeleton] .skeleton")
        .await;
    assert!(no_webassembly_ran(&world).await);
    assert!(!world.browser.is_shown("[data-testid=login]").await);

    world.release_the_app();
    world.browser.wait_for("[data-testid=artist]").await;
    let seen = world.browser.js("return window.__e2eLoginSeen;").await;
    assert_eq!(seen, json!(false), "a stored session flashed the login");
    world.finish().await;
}

#[tokio::test]
async fn what_is_typed_into_the_painted_setup_form_stays() {
    let world = World::start_without_client_id(|_| {}).await;
    world.hold_the_app();
    open_held(&world, "/").await;
    let field = "#shell [data-testid=client-id-input]";
    world.browser.type_into(field, "0123456789abcdef").await;
    // Enter submits the painted form: the page stays.
    world.browser.press(ENTER).await;
    assert!(
        world.browser.is_shown(field).await,
        "the painted form was submitted"
    );
    assert!(no_webassembly_ran(&world).await);

    world.release_the_app();
    world.browser.wait_gone("#shell").await;
    let kept = world
        .browser
        .js("return document.querySelector('[data-testid=client-id-input]').value;")
        .await;
    assert_eq!(kept, json!("0123456789abcdef"));
    world.finish().await;
}
