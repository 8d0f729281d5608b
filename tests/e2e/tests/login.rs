//! Logging in with Spotify (Authorization Code + PKCE), in Chromium, against
//! the emulator: what the user sees and what went over the wire.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use e2e::{World, DEMO_CLIENT_ID};
use sha2::{Digest, Sha256};

#[tokio::test]
async fn login_through_consent_shows_the_display_name() {
    let world = World::start(|_| {}).await;
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    // The whole tab went to the accounts service's consent page.
    world.browser.wait_for("#agree").await;
    assert!(world
        .browser
        .url()
        .await
        .as_str()
        .starts_with(&world.emulator.accounts_url()));
    world.browser.click("#agree").await;
    let name = world
        .browser
        .wait_text("[data-testid=profile]", |t| !t.is_empty())
        .await;
    assert_eq!(name, "Emulated Listener");
    assert!(world
        .browser
        .text("header")
        .await
        .contains("Logged in as Emulated Listener"));

    // code and state left the address bar.
    let url = world.browser.url().await;
    assert_eq!(url.path(), world.home_path());
    assert_eq!(url.query(), None, "{url}");

    // The authorize request carried every parameter.
    let authorize = &world.sent("GET", "/authorize")[0];
    let app = &world.app_url;
    assert_eq!(
        authorize.param("client_id").as_deref(),
        Some(DEMO_CLIENT_ID)
    );
    assert_eq!(authorize.param("response_type").as_deref(), Some("code"));
    assert_eq!(
        authorize.param("redirect_uri"),
        Some(format!("{app}/spotify/callback"))
    );
    assert_eq!(
        authorize.param("scope").as_deref(),
        Some("user-follow-read"),
        "least privilege: the followed artists only"
    );
    assert_eq!(
        authorize.param("code_challenge_method").as_deref(),
        Some("S256")
    );
    let state = authorize.param("state").expect("state");
    assert!(
        URL_SAFE_NO_PAD.decode(&state).expect("base64url").len() >= 16,
        "128 bits of state"
    );

    // Exactly one form-encoded token request, with the verifier and no secret.
    let token = world.sent("POST", "/api/token");
    assert_eq!(token.len(), 1, "the code is exchanged exactly once");
    let token = &token[0];
    assert_eq!(token.status, 200);
    assert!(token
        .header("content-type")
        .unwrap_or("")
        .starts_with("application/x-www-form-urlencoded"));
    assert!(token.header("authorization").is_none());
    let form: Vec<String> = token.form().into_iter().map(|(k, _)| k).collect();
    assert_eq!(
        form,
        [
            "grant_type",
            "code",
            "redirect_uri",
            "client_id",
            "code_verifier"
        ]
    );
    assert_eq!(
        token.form_value("grant_type").as_deref(),
        Some("authorization_code")
    );
    assert_eq!(
        token.form_value("redirect_uri"),
        Some(format!("{app}/spotify/callback"))
    );
    let verifier = token.form_value("code_verifier").expect("verifier");
    assert!((43..=128).contains(&verifier.len()));
    assert_eq!(
        authorize.param("code_challenge"),
        Some(URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())))
    );

    // The profile came with the token in the Authorization header only.
    let me = world.sent("GET", "/v1/me");
    assert_eq!(me.len(), 1);
    assert!(me[0]
        .header("authorization")
        .unwrap_or("")
        .starts_with("Bearer "));
    world.assert_no_token_in_urls();

    // Tokens kept (with the list for the next visit); the pending login used up.
    let (mut local, session) = world.browser.storage_keys().await;
    local.sort();
    local.retain(|k| !k.starts_with("encore.saved_list"));
    assert_eq!(local, [world.key("tokens")]);
    assert!(session.is_empty(), "{session:?}");
    assert!(!world.browser.is_shown("[data-testid=error]").await);
    world.finish().await;
}

#[tokio::test]
async fn account_without_display_name_shows_its_id() {
    let world = World::start(|c| c.display_name = None).await;
    world.login().await;
    assert_eq!(
        world.browser.text("[data-testid=profile]").await,
        "emulated-user"
    );
    world.finish().await;
}

#[tokio::test]
async fn denying_consent_says_so_and_offers_login_again() {
    let world = World::start(|_| {}).await;
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.click("#cancel").await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("cancelled"), "{error}");
    assert_eq!(
        world
            .browser
            .wait_for("[data-testid=error]")
            .await
            .attr("role")
            .await
            .expect("role")
            .as_deref(),
        Some("alert")
    );
    world.browser.wait_for("[data-testid=login]").await;
    // No automatic new trip to Spotify, no token request.
    assert!(world
        .browser
        .url()
        .await
        .as_str()
        .starts_with(&world.app_url));
    assert_eq!(world.sent("GET", "/authorize").len(), 1);
    assert!(world.sent("POST", "/api/token").is_empty());
    assert!(!world.browser.is_shown("[data-testid=profile]").await);
    world.finish().await;
}

#[tokio::test]
async fn forged_callback_while_a_login_is_pending_is_refused() {
    let world = World::start(|_| {}).await;
    world.open("/").await;
    world.browser.click("[data-testid=login]").await;
    world.browser.wait_for("#agree").await;
    // Instead of agreeing, the tab is sent a callback with someone else's state.
    world
        .open("/spotify/callback?code=stolen-code&state=AAAAAAAAAAAAAAAAAAAAAA")
        .await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("refused"), "{error}");
    world.browser.wait_for("[data-testid=login]").await;
    assert!(
        world.sent("POST", "/api/token").is_empty(),
        "no token request for a forged callback"
    );
    assert_eq!(world.browser.url().await.query(), None);
    // The pending login was used up by the refusal.
    let (local, session) = world.browser.storage_keys().await;
    assert!(
        local.is_empty() && session.is_empty(),
        "{local:?} {session:?}"
    );
    world.finish().await;
}

#[tokio::test]
async fn callback_without_a_pending_login_is_refused() {
    let world = World::start(|_| {}).await;
    world
        .open("/spotify/callback?code=some-code&state=AAAAAAAAAAAAAAAAAAAAAA")
        .await;
    let error = world.browser.text("[data-testid=error]").await;
    assert!(error.contains("not started from this tab"), "{error}");
    world.browser.wait_for("[data-testid=login]").await;
    assert!(world.sent("POST", "/api/token").is_empty());
    world.finish().await;
}

#[tokio::test]
async fn reload_keeps_the_session_and_logout_forgets_it() {
    let world = World::start(|_| {}).await;
    world.login().await;
    world.browser.reload().await;
    assert_eq!(
        world
            .browser
            .wait_text("[data-testid=profile]", |t| !t.is_empty())
            .await,
        "Emulated Listener"
    );
    assert_eq!(
        world.sent("POST", "/api/token").len(),
        1,
        "reload needs no new token"
    );
    assert_eq!(world.sent("GET", "/v1/me").len(), 2);

    world.browser.click("[data-testid=logout]").await;
    world.browser.wait_for("[data-testid=login]").await;
    world.browser.wait_gone("[data-testid=profile]").await;
    let (local, session) = world.browser.storage_keys().await;
    assert!(
        local.is_empty() && session.is_empty(),
        "left after logout: {local:?} {session:?}"
    );
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=login]").await;
    assert!(!world.browser.is_shown("[data-testid=profile]").await);
    world.finish().await;
}
