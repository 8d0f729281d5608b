//! Bring-your-own client ID: the build without SPOTIFY_CLIENT_ID opens on a
//! setup screen that shows the redirect URI and takes a client ID.

use e2e::{World, DEMO_CLIENT_ID};

#[tokio::test]
async fn setup_takes_a_client_id_and_login_works_with_it() {
    let world = World::start_without_client_id(|_| {}).await;
    world.open("/").await;
    let shown_uri = world.browser.text("[data-testid=redirect-uri]").await;
    assert_eq!(shown_uri, format!("{}/spotify/callback", world.app_url));
    world.browser.click("[data-testid=redirect-uri-copy]").await;
    world
        .browser
        .wait_text("[data-testid=redirect-uri-copy]", |t| t == "Copied")
        .await;
    let login = world.browser.wait_for("[data-testid=login]").await;
    assert!(
        !login.is_enabled().await.expect("enabled?"),
        "no login before a client ID"
    );

    world
        .browser
        .type_into("[data-testid=client-id-input]", "my-app-id")
        .await;
    world.browser.click("[data-testid=client-id-save]").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("32 characters"), "{error}");
    assert!(
        world.browser.storage_keys().await.0.is_empty(),
        "nothing saved"
    );

    world
        .browser
        .type_into(
            "[data-testid=client-id-input]",
            &DEMO_CLIENT_ID.to_uppercase(),
        )
        .await;
    world.browser.click("[data-testid=client-id-save]").await;
    world
        .browser
        .wait_gone("[data-testid=client-id-input]")
        .await;
    world.browser.wait_gone("[data-testid=error]").await;
    world.login().await;
    assert_eq!(
        world.browser.text("[data-testid=profile]").await,
        "Emulated Listener"
    );
    let authorize = &world.sent("GET", "/authorize")[0];
    assert_eq!(
        authorize.param("client_id").as_deref(),
        Some(DEMO_CLIENT_ID)
    );
    assert_eq!(authorize.param("redirect_uri"), Some(shown_uri));
    let token = &world.sent("POST", "/api/token")[0];
    assert_eq!(
        token.form_value("client_id").as_deref(),
        Some(DEMO_CLIENT_ID)
    );

    // The ID stays across logout, and can be changed.
    world.browser.click("[data-testid=logout]").await;
    let (local, _) = world.browser.storage_keys().await;
    assert_eq!(local, [world.key("client_id")]);
    world.browser.click("[data-testid=client-id-change]").await;
    world
        .browser
        .wait_for("[data-testid=client-id-input]")
        .await;
    assert!(world.browser.storage_keys().await.0.is_empty());
    world.finish().await;
}
