//! Bad input never breaks the app: corrupt storage, malformed callbacks and
//! broken token responses each end on a clear message, with no panic.

use e2e::{sample_artists, Fault, World};
use serde_json::Value;

#[tokio::test]
async fn corrupt_storage_is_cleared_with_a_message() {
    let world = World::start(|_| {}).await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=login]").await;
    world
        .browser
        .js(&format!(
            r#"localStorage.setItem("{tokens}", "{{\"v\":2,\"access_token\":42}}");
               sessionStorage.setItem("{pending}", "<not json>");"#,
            tokens = world.key("tokens"),
            pending = world.key("pending_login"),
        ))
        .await;
    world.browser.reload().await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("could not be read"), "{error}");
    let (local, _) = world.browser.storage_keys().await;
    assert!(
        local.is_empty(),
        "the unreadable tokens were removed: {local:?}"
    );
    assert!(world.sent("GET", "/v1/me").is_empty());
    // The foreign pending login does not count as one.
    world
        .open("/spotify/callback?code=c&state=AAAAAAAAAAAAAAAAAAAAAA")
        .await;
    world
        .browser
        .wait_text("[data-testid=error]", |t| {
            t.contains("not started from this tab")
        })
        .await;
    assert!(world.sent("POST", "/api/token").is_empty());
    // And logging in still works.
    world.login().await;
    world.finish().await;
}

#[tokio::test]
async fn malformed_callback_query_is_reported() {
    let world = World::start(|_| {}).await;
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.wait_for("#agree").await;
    world.open("/spotify/callback?code=%zz&state=%").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("not readable"), "{error}");
    assert!(world.sent("POST", "/api/token").is_empty());
    world.finish().await;
}

#[tokio::test]
async fn token_endpoint_error_shows_spotifys_description() {
    let world = World::start(|c| c.code_lifetime = std::time::Duration::ZERO).await;
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.click("#agree").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert_eq!(
        error,
        "Spotify refused the login: Authorization code expired"
    );
    world.browser.wait_for("[data-testid=login]").await;
    assert_eq!(
        world.sent("POST", "/api/token").len(),
        1,
        "a refused code is not retried"
    );
    let (local, session) = world.browser.storage_keys().await;
    assert!(local.is_empty() && session.is_empty());
    world.finish().await;
}

#[tokio::test]
async fn non_json_token_error_is_reported_with_its_status() {
    let world = World::start(|_| {}).await;
    world
        .emulator
        .inject(Fault::status("/api/token", 502).body("text/html", "<h1>Bad Gateway</h1>"));
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.click("#agree").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("HTTP 502"), "{error}");
    world.browser.wait_for("[data-testid=login]").await;
    world.finish().await;
}

#[tokio::test]
async fn token_response_missing_fields_is_reported() {
    let world = World::start(|_| {}).await;
    world.emulator.inject(Fault::status("/api/token", 200).body(
        "application/json",
        r#"{"token_type":"Bearer","expires_in":3600}"#,
    ));
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.click("#agree").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("incomplete (no access token)"), "{error}");
    world.browser.wait_for("[data-testid=login]").await;
    let (local, _) = world.browser.storage_keys().await;
    assert!(local.is_empty());
    world.finish().await;
}

#[tokio::test]
async fn expired_stored_token_ends_on_the_login_screen() {
    let world = World::start(|_| {}).await;
    world.login().await;
    world.emulator.expire_access_tokens();
    world.emulator.revoke_refresh_tokens();
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=login]").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("session has ended"), "{error}");
    world.finish().await;
}

/// Each card's picture address and link, in page order.
async fn pictures_and_links(world: &World) -> Vec<(Option<String>, Option<String>)> {
    let cards: Value = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=artist]')].map(e => \
             [e.querySelector('img')?.getAttribute('src') ?? null, e.querySelector('a')?.getAttribute('href') ?? null]);")
        .await;
    serde_json::from_value(cards).expect("pairs")
}

#[tokio::test]
async fn links_and_pictures_come_only_from_spotify() {
    let mut artists = sample_artists(3);
    artists[1].image_url = Some("https://tracker.example/pixel.png".into());
    artists[1].spotify_link = Some("https://evil.example/artist".into());
    artists[2].spotify_link = Some("javascript:alert(document.cookie)".into());
    let ids: Vec<String> = artists.iter().map(|a| a.id.clone()).collect();
    let world = World::start(|c| c.artists = artists).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let emulator_pictures = format!("http://127.0.0.1:{}/images/", e2e::emulator_port());
    // Drawn fresh from Spotify's answer, then again from the saved copy.
    for visit in ["first", "repeat"] {
        let cards = pictures_and_links(&world).await;
        assert_eq!(cards.len(), 3, "{visit}: {cards:?}");
        let (picture, link) = &cards[0];
        assert!(
            picture
                .as_deref()
                .is_some_and(|p| p.starts_with(&emulator_pictures)),
            "{visit}: {picture:?}"
        );
        assert_eq!(
            link.as_deref(),
            Some(format!("https://open.spotify.com/artist/{}", ids[0]).as_str())
        );
        assert_eq!(
            cards[1],
            (None, None),
            "{visit}: a foreign picture and link are dropped"
        );
        assert_eq!(cards[2].1, None, "{visit}: a script link is dropped");
        world.browser.reload().await;
        world.browser.wait_for("[data-testid=artists-end]").await;
    }
    assert!(world
        .emulator
        .requests()
        .iter()
        .all(|r| !r.path.contains("pixel")));
    world.finish().await;
}
