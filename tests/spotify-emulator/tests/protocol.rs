//! The emulator rejects what Spotify rejects, over real HTTP.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use reqwest::{redirect::Policy, Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use spotify_emulator::{
    sample_artists, sample_library, Account, Config, Emulator, Fault, SavedTrack, DEMO_CLIENT_ID,
};

const REDIRECT: &str = "http://127.0.0.1:8080/spotify/callback";
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

fn client() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .build()
        .expect("client")
}

fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn authorize_url(emu: &Emulator, redirect: &str) -> String {
    authorize_url_for(emu, redirect, "user-follow-read user-read-email")
}

fn authorize_url_for(emu: &Emulator, redirect: &str, scope: &str) -> String {
    let query = serde_urlencoded::to_string([
        ("client_id", DEMO_CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", redirect),
        ("scope", scope),
        ("state", "s1"),
        ("code_challenge_method", "S256"),
        ("code_challenge", &challenge(VERIFIER)),
    ])
    .expect("query");
    format!("{}/authorize?{query}", emu.accounts_url())
}

/// Walks the consent page and returns the redirect location.
async fn consent(emu: &Emulator, decision: &str) -> String {
    consent_to(emu, decision, "user-follow-read user-read-email").await
}

/// The same, for `scope`.
async fn consent_to(emu: &Emulator, decision: &str, scope: &str) -> String {
    let http = client();
    let page = http
        .get(authorize_url_for(emu, REDIRECT, scope))
        .send()
        .await
        .expect("authorize");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("html");
    let consent = html
        .split("name=\"consent\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("consent id");
    let answer = http
        .post(format!("{}/authorize/decision", emu.accounts_url()))
        .form(&[("consent", consent), ("decision", decision)])
        .send()
        .await
        .expect("decision");
    assert!(answer.status().is_redirection());
    answer.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

fn query_value(url: &str, key: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).ok()?;
    pairs.into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

async fn exchange(emu: &Emulator, form: &[(&str, &str)]) -> (StatusCode, Value) {
    let answer = client()
        .post(format!("{}/api/token", emu.accounts_url()))
        .form(form)
        .send()
        .await
        .expect("token");
    let status = answer.status();
    (status, answer.json().await.expect("json"))
}

async fn code(emu: &Emulator) -> String {
    query_value(&consent(emu, "agree").await, "code").expect("code")
}

fn grant<'a>(code: &'a str, verifier: &'a str, redirect: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect),
        ("client_id", DEMO_CLIENT_ID),
        ("code_verifier", verifier),
    ]
}

#[tokio::test]
async fn full_grant_then_me_with_bearer_only() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    let location = consent(&emu, "agree").await;
    assert!(location.starts_with(REDIRECT));
    assert_eq!(query_value(&location, "state").as_deref(), Some("s1"));
    let code = query_value(&location, "code").expect("code");
    let (status, tokens) = exchange(&emu, &grant(&code, VERIFIER, REDIRECT)).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    let access = tokens["access_token"].as_str().expect("access token");
    let me = client()
        .get(format!("{}/me", emu.api_url()))
        .bearer_auth(access)
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["id"], "emulated-user");
    assert!(me.get("email").is_none());
    let in_url = client()
        .get(format!("{}/me?access_token={access}", emu.api_url()))
        .send()
        .await
        .expect("me");
    assert_eq!(in_url.status(), StatusCode::UNAUTHORIZED);
    let body: Value = in_url.json().await.expect("json");
    assert_eq!(body["error"]["message"], "No token provided");
}

#[tokio::test]
async fn cancel_redirects_with_access_denied() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    let location = consent(&emu, "cancel").await;
    assert_eq!(
        query_value(&location, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_value(&location, "state").as_deref(), Some("s1"));
    assert_eq!(query_value(&location, "code"), None);
}

#[tokio::test]
async fn unregistered_redirect_uri_gets_spotifys_error_page() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    for uri in [
        "http://localhost:8080/spotify/callback",
        "http://127.0.0.1:8080/spotify/callback/",
    ] {
        let page = client()
            .get(authorize_url(&emu, uri))
            .send()
            .await
            .expect("authorize");
        assert_eq!(page.status(), StatusCode::BAD_REQUEST);
        assert!(page
            .text()
            .await
            .expect("html")
            .contains("INVALID_CLIENT: Invalid redirect URI"));
    }
}

#[tokio::test]
async fn wrong_verifier_reused_code_and_wrong_redirect_are_refused() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    let wrong = "A".repeat(43);
    let first = code(&emu).await;
    let (status, body) = exchange(&emu, &grant(&first, &wrong, REDIRECT)).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    assert_eq!(body["error_description"], "code_verifier was incorrect");
    // Spent by the failed attempt: a stolen code cannot be retried.
    let (_, body) = exchange(&emu, &grant(&first, VERIFIER, REDIRECT)).await;
    assert_eq!(body["error_description"], "Invalid authorization code");

    let second = code(&emu).await;
    let (status, _) = exchange(&emu, &grant(&second, VERIFIER, REDIRECT)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = exchange(&emu, &grant(&second, VERIFIER, REDIRECT)).await;
    assert_eq!(
        (status, body["error_description"].as_str()),
        (StatusCode::BAD_REQUEST, Some("Invalid authorization code"))
    );

    let third = code(&emu).await;
    let (_, body) = exchange(
        &emu,
        &grant(&third, VERIFIER, "http://127.0.0.1:8080/other"),
    )
    .await;
    assert_eq!(body["error_description"], "Invalid redirect URI");
}

#[tokio::test]
async fn token_endpoint_wants_a_form_and_no_secret() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    let code = code(&emu).await;
    let json = client()
        .post(format!("{}/api/token", emu.accounts_url()))
        .json(&serde_json::json!({"grant_type": "authorization_code", "code": code}))
        .send()
        .await
        .expect("token");
    assert_eq!(json.status(), StatusCode::BAD_REQUEST);
    let mut with_secret = grant(&code, VERIFIER, REDIRECT);
    with_secret.push(("client_secret", "shh"));
    let (status, body) = exchange(&emu, &with_secret).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_client"))
    );
    let mut other_client = grant(&code, VERIFIER, REDIRECT);
    other_client[3] = ("client_id", "ffffffffffffffffffffffffffffffff");
    let (_, body) = exchange(&emu, &other_client).await;
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn expired_code_and_expired_access_token() {
    let config = Config {
        code_lifetime: std::time::Duration::ZERO,
        ..Config::default()
    };
    let emu = Emulator::start_local(config).await.expect("start");
    let stale = code(&emu).await;
    let (_, body) = exchange(&emu, &grant(&stale, VERIFIER, REDIRECT)).await;
    assert_eq!(body["error_description"], "Authorization code expired");

    emu.update_config(|c| c.code_lifetime = std::time::Duration::from_secs(600));
    let fresh = code(&emu).await;
    let (_, tokens) = exchange(&emu, &grant(&fresh, VERIFIER, REDIRECT)).await;
    emu.expire_access_tokens();
    let me = client()
        .get(format!("{}/me", emu.api_url()))
        .bearer_auth(tokens["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("me");
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    let body: Value = me.json().await.expect("json");
    assert_eq!(body["error"]["message"], "The access token expired");
}

#[tokio::test]
async fn refresh_keeps_or_rotates_and_revocation_is_invalid_grant() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    let code = code(&emu).await;
    let (_, tokens) = exchange(&emu, &grant(&code, VERIFIER, REDIRECT)).await;
    let refresh = tokens["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    let renew = |token: String| {
        let emu = &emu;
        async move {
            exchange(
                emu,
                &[
                    ("grant_type", "refresh_token"),
                    ("refresh_token", &token),
                    ("client_id", DEMO_CLIENT_ID),
                ],
            )
            .await
        }
    };
    let (status, renewed) = renew(refresh.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        renewed.get("refresh_token").is_none(),
        "no rotation by default"
    );

    emu.update_config(|c| c.rotate_refresh_tokens = true);
    let (_, rotated) = renew(refresh.clone()).await;
    let fresh = rotated["refresh_token"]
        .as_str()
        .expect("rotated")
        .to_string();
    let (status, body) = renew(refresh).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );

    emu.revoke_refresh_tokens();
    let (_, body) = renew(fresh).await;
    assert_eq!(body["error_description"], "Refresh token revoked");
}

#[tokio::test]
async fn following_pages_by_cursor_and_rejects_bad_limits() {
    let config = Config {
        artists: sample_artists(120),
        ..Config::default()
    };
    let emu = Emulator::start_local(config).await.expect("start");
    let code = code(&emu).await;
    let (_, tokens) = exchange(&emu, &grant(&code, VERIFIER, REDIRECT)).await;
    let access = tokens["access_token"].as_str().expect("token").to_string();
    let get = |url: String| {
        let access = access.clone();
        async move {
            let answer = client()
                .get(url)
                .bearer_auth(access)
                .send()
                .await
                .expect("get");
            (answer.status(), answer.json::<Value>().await.expect("json"))
        }
    };
    let mut url = Some(format!(
        "{}/me/following?type=artist&limit=50",
        emu.api_url()
    ));
    let mut ids = Vec::new();
    while let Some(next) = url {
        let (status, page) = get(next).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["artists"]["total"], 120);
        for item in page["artists"]["items"].as_array().expect("items") {
            ids.push(item["id"].as_str().expect("id").to_string());
        }
        url = page["artists"]["next"].as_str().map(str::to_string);
    }
    let expected: Vec<String> = sample_artists(120).into_iter().map(|a| a.id).collect();
    assert_eq!(ids, expected);
    for bad in [
        "limit=0",
        "limit=51",
        "limit=x",
        "type=track&limit=5",
        "limit=5&after=nope",
    ] {
        let query = if bad.contains("type=") {
            bad.to_string()
        } else {
            format!("type=artist&{bad}")
        };
        let (status, _) = get(format!("{}/me/following?{query}", emu.api_url())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn faults_follow_their_window_and_cors_can_be_withheld() {
    let emu = Emulator::start_local(Config::default())
        .await
        .expect("start");
    emu.inject(
        Fault::status("/v1/me", 429)
            .after(1)
            .times(1)
            .retry_after(3)
            .without_cors(),
    );
    let me = |n: usize| {
        let url = format!("{}/me", emu.api_url());
        async move {
            (
                n,
                client().get(url).bearer_auth("x").send().await.expect("me"),
            )
        }
    };
    let (_, first) = me(0).await;
    assert_eq!(first.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(first.headers()["access-control-allow-origin"], "*");
    let (_, limited) = me(1).await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(limited.headers()["retry-after"], "3");
    assert!(limited
        .headers()
        .get("access-control-allow-origin")
        .is_none());
    let (_, after) = me(2).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    let recorded = emu.requests_to("GET", "/v1/me");
    assert_eq!(
        recorded.iter().map(|r| r.status).collect::<Vec<_>>(),
        [401, 429, 401]
    );
    assert_eq!(recorded[0].header("authorization"), Some("Bearer x"));
}

#[tokio::test]
async fn albums_page_by_ten_in_spotifys_groups_and_reject_what_spotify_rejects() {
    let artists = sample_artists(10);
    let config = Config {
        artists: artists.clone(),
        ..Config::default()
    };
    let emu = Emulator::start_local(config).await.expect("start");
    let code = code(&emu).await;
    let (_, tokens) = exchange(&emu, &grant(&code, VERIFIER, REDIRECT)).await;
    let access = tokens["access_token"].as_str().expect("token").to_string();
    let get = |path: String| {
        let access = access.clone();
        let url = format!("{}{path}", emu.api_url());
        async move {
            let answer = client()
                .get(url)
                .bearer_auth(access)
                .send()
                .await
                .expect("get");
            let status = answer.status();
            (status, answer.json::<Value>().await.expect("json"))
        }
    };
    let albums = |n: usize, query: &str| format!("/artists/{}/albums?{query}", artists[n].id);
    let names = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|a| a["name"].as_str().expect("name").to_string())
            .collect()
    };

    // An artist with twelve albums: the first page of albums and singles
    // holds ten albums, newest first, and no single.
    let (status, first) = get(albums(1, "include_groups=album,single&limit=10")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first["total"], 15);
    assert_eq!(names(&first)[..3], ["Album 0", "Album 1", "Album 2"]);
    assert!(first["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|a| a["album_type"] == "album" && a.get("album_group").is_none()));
    assert!(first["next"].is_string());
    let (_, singles) = get(albums(1, "include_groups=single&limit=10")).await;
    assert_eq!(names(&singles), ["Hidden Single"]);
    assert_eq!(singles["items"][0]["release_date_precision"], "day");
    let (_, rest) = get(albums(1, "include_groups=album,single&limit=10&offset=10")).await;
    assert_eq!(rest["items"].as_array().expect("items").len(), 5);
    assert!(rest["next"].is_null());

    // One album by two followed artists, under both.
    let (_, two) = get(albums(2, "include_groups=album")).await;
    let (_, three) = get(albums(3, "include_groups=album")).await;
    assert_eq!(two["items"][0]["id"], three["items"][0]["id"]);
    assert_eq!(
        two["items"][0]["artists"]
            .as_array()
            .expect("artists")
            .len(),
        2
    );
    // Compilations and appears-on only when asked; month and year dates.
    let (_, four) = get(albums(4, "include_groups=album,single")).await;
    assert!(!names(&four).contains(&"Best Of".to_string()));
    let (_, four_all) = get(albums(
        4,
        "include_groups=album,single,compilation,appears_on",
    ))
    .await;
    assert_eq!(
        names(&four_all)[2..],
        ["Best Of", "Various Artists Presents"]
    );
    let (_, five) = get(albums(5, "include_groups=album,single")).await;
    let precisions: Vec<&str> = five["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["release_date_precision"].as_str().expect("precision"))
        .collect();
    assert!(precisions.contains(&"month") && precisions.contains(&"year"));
    let (_, zero) = get(albums(0, "include_groups=single")).await;
    assert_eq!(names(&zero), ["<script>alert(1)</script> & <b>Live</b>"]);

    for bad in [
        "limit=11",
        "limit=0",
        "limit=50",
        "include_groups=ep",
        "offset=-1",
    ] {
        let (status, body) = get(albums(1, bad)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    let (status, _) = get("/artists/not-an-id/albums?limit=10".into()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let unauthorized = client()
        .get(format!("{}{}", emu.api_url(), albums(1, "limit=10")))
        .send()
        .await
        .expect("get");
    assert_eq!(unauthorized.status(), StatusCode::UNAUTHORIZED);
}

/// An access token for `scope`.
async fn token_for(emu: &Emulator, scope: &str) -> String {
    let location = consent_to(emu, "agree", scope).await;
    let code = query_value(&location, "code").expect("code");
    let (_, tokens) = exchange(emu, &grant(&code, VERIFIER, REDIRECT)).await;
    tokens["access_token"].as_str().expect("token").to_string()
}

async fn send(
    method: reqwest::Method,
    url: String,
    access: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = client().request(method, url).bearer_auth(access);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let answer = request.send().await.expect("request");
    let status = answer.status();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn album_tracks_page_by_up_to_fifty() {
    let artists = sample_artists(3);
    let album = artists[1].releases[0].clone();
    let emu = Emulator::start_local(Config {
        artists,
        ..Config::default()
    })
    .await
    .expect("start");
    let access = token_for(&emu, "user-follow-read").await;
    let tracks = |query: &str| format!("{}/albums/{}/tracks?{query}", emu.api_url(), album.id);
    let get = reqwest::Method::GET;
    let (status, first) = send(get.clone(), tracks("limit=5&offset=0"), &access, None).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["total"], album.tracks);
    let items = first["items"].as_array().expect("items");
    assert_eq!(items.len(), 5);
    let uri = items[0]["uri"].as_str().expect("uri");
    assert!(
        uri.starts_with("spotify:track:") && uri.len() == 36,
        "{uri}"
    );
    assert!(first["next"].as_str().is_some());
    let (_, all) = send(get.clone(), tracks("limit=50"), &access, None).await;
    assert_eq!(
        all["items"].as_array().map(Vec::len),
        Some(album.tracks as usize)
    );
    assert!(all["next"].is_null());
    for bad in ["limit=51", "limit=0"] {
        let (status, _) = send(get.clone(), tracks(bad), &access, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let unknown = format!("{}/albums/0000000000000000000000/tracks", emu.api_url());
    assert_eq!(
        send(get, unknown, &access, None).await.0,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn playlists_need_their_scope_take_a_hundred_items_at_most_and_old_endpoints_are_gone() {
    let artists = sample_artists(3);
    let album = artists[1].releases[0].clone();
    let emu = Emulator::start_local(Config {
        artists,
        ..Config::default()
    })
    .await
    .expect("start");
    let api = emu.api_url();
    let post = reqwest::Method::POST;
    let put = reqwest::Method::PUT;
    let body = serde_json::json!({ "name": "New releases", "public": false });

    let follow_only = token_for(&emu, "user-follow-read").await;
    let (status, refused) = send(
        post.clone(),
        format!("{api}/me/playlists"),
        &follow_only,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(refused["error"]["message"], "Insufficient client scope");

    let access = token_for(&emu, "user-follow-read playlist-modify-private").await;
    let (status, made) = send(
        post.clone(),
        format!("{api}/me/playlists"),
        &access,
        Some(body.clone()),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{made}");
    assert_eq!(made["public"], false);
    let id = made["id"].as_str().expect("id").to_string();
    assert!(made["external_urls"]["spotify"]
        .as_str()
        .is_some_and(|u| u == format!("https://open.spotify.com/playlist/{id}")));
    // A public playlist needs the other scope.
    let public = serde_json::json!({ "name": "Out loud" });
    let (status, _) = send(
        post.clone(),
        format!("{api}/me/playlists"),
        &access,
        Some(public),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let items = format!("{api}/playlists/{id}/items");
    let uris = |n: usize| -> Vec<String> {
        (0..n)
            .map(|k| {
                format!(
                    "spotify:track:{}",
                    spotify_emulator::playlists::track_id(&album.id, k as u32)
                )
            })
            .collect()
    };
    let (status, _) = send(
        put.clone(),
        items.clone(),
        &access,
        Some(serde_json::json!({ "uris": uris(101) })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "over 100");
    let (status, _) = send(
        put.clone(),
        items.clone(),
        &access,
        Some(serde_json::json!({ "uris": ["spotify:album:x"] })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "not a track");
    let (status, _) = send(
        put.clone(),
        items.clone(),
        &access,
        Some(serde_json::json!({ "uris": uris(100) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = send(
        post.clone(),
        items.clone(),
        &access,
        Some(serde_json::json!({ "uris": uris(3) })),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(emu.playlists()[0].items.len(), 103);
    let (status, _) = send(
        put.clone(),
        items.clone(),
        &access,
        Some(serde_json::json!({ "uris": uris(2) })),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(emu.playlists()[0].items, uris(2), "PUT replaces");
    let (status, _) = send(
        put.clone(),
        items.clone(),
        &follow_only,
        Some(serde_json::json!({ "uris": uris(1) })),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    emu.delete_playlist(&id);
    let (status, _) = send(
        put,
        items,
        &access,
        Some(serde_json::json!({ "uris": uris(1) })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let (status, _) = send(
        post.clone(),
        format!("{api}/users/emulated-user/playlists"),
        &access,
        Some(body),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    let (status, _) = send(
        post,
        format!("{api}/playlists/{id}/tracks"),
        &access,
        Some(serde_json::json!({ "uris": uris(1) })),
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
}

/// Checks `value` against `shape`: an object of field → shape, where a
/// shape is "string", "integer", "boolean", any of these with "?" (may be
/// null), an object (nested), or a one-element array (a list of it). Every
/// field of the shape must be present, as Spotify's reference lists them.
fn conforms(value: &Value, shape: &Value, at: &str) -> Result<(), String> {
    match shape {
        Value::String(kind) => {
            let (kind, nullable) = match kind.strip_suffix('?') {
                Some(kind) => (kind, true),
                None => (kind.as_str(), false),
            };
            let ok = match (kind, value) {
                (_, Value::Null) => nullable,
                ("string", Value::String(_)) | ("boolean", Value::Bool(_)) => true,
                ("integer", Value::Number(n)) => n.is_u64() || n.is_i64(),
                _ => false,
            };
            ok.then_some(())
                .ok_or(format!("{at}: {value} is not {kind}"))
        }
        Value::Object(fields) => {
            let object = value.as_object().ok_or(format!("{at}: not an object"))?;
            for (name, shape) in fields {
                let field = object.get(name).ok_or(format!("{at}.{name}: missing"))?;
                conforms(field, shape, &format!("{at}.{name}"))?;
            }
            Ok(())
        }
        Value::Array(item) => {
            let list = value.as_array().ok_or(format!("{at}: not a list"))?;
            list.iter()
                .enumerate()
                .try_for_each(|(i, v)| conforms(v, &item[0], &format!("{at}[{i}]")))
        }
        _ => Err(format!("{at}: bad shape")),
    }
}

#[tokio::test]
async fn playlist_answers_have_the_fields_spotifys_reference_gives() {
    let artists = sample_artists(3);
    let album = artists[1].releases[0].clone();
    let emu = Emulator::start_local(Config {
        artists,
        ..Config::default()
    })
    .await
    .expect("start");
    let access = token_for(&emu, "user-follow-read playlist-modify-private").await;
    let api = emu.api_url();
    let urls = serde_json::json!({ "spotify": "string" });
    let artist = serde_json::json!({
        "external_urls": urls, "href": "string", "id": "string", "name": "string",
        "type": "string", "uri": "string",
    });
    let track = serde_json::json!({
        "artists": [artist], "available_markets": ["string"], "disc_number": "integer",
        "duration_ms": "integer", "explicit": "boolean", "external_urls": urls,
        "href": "string", "id": "string", "is_local": "boolean", "name": "string",
        "track_number": "integer", "type": "string", "uri": "string",
    });
    let paging = |item: &Value| {
        serde_json::json!({
            "href": "string", "limit": "integer", "next": "string?", "offset": "integer",
            "previous": "string?", "total": "integer", "items": [item],
        })
    };
    let (_, tracks) = send(
        reqwest::Method::GET,
        format!("{api}/albums/{}/tracks?limit=2", album.id),
        &access,
        None,
    )
    .await;
    conforms(&tracks, &paging(&track), "tracks").expect("a page of tracks");

    let (_, made) = send(
        reqwest::Method::POST,
        format!("{api}/me/playlists"),
        &access,
        Some(serde_json::json!({ "name": "N", "public": false })),
    )
    .await;
    let playlist = serde_json::json!({
        "collaborative": "boolean", "description": "string?", "external_urls": urls,
        "href": "string", "id": "string", "images": [{}], "name": "string",
        "owner": { "display_name": "string?", "external_urls": urls, "href": "string",
                   "id": "string", "type": "string", "uri": "string" },
        "public": "boolean", "snapshot_id": "string", "type": "string", "uri": "string",
        // The full object's page, not the simplified `{href, total}`.
        "items": paging(&serde_json::json!({})),
    });
    conforms(&made, &playlist, "playlist").expect("a playlist");
    let id = made["id"].as_str().expect("id");
    let (_, snapshot) = send(
        reqwest::Method::PUT,
        format!("{api}/playlists/{id}/items"),
        &access,
        Some(serde_json::json!({ "uris": [] })),
    )
    .await;
    conforms(
        &snapshot,
        &serde_json::json!({ "snapshot_id": "string" }),
        "put",
    )
    .expect("a snapshot");
    assert!(
        conforms(&serde_json::json!({}), &playlist, "empty").is_err(),
        "the check can fail"
    );
}

/// A user whose followed artists are the first `followed` of `everyone`,
/// the rest only in Spotify's catalog, with a library over all of them.
fn with_library(everyone: &[spotify_emulator::Artist], followed: usize, tracks: usize) -> Config {
    Config {
        artists: everyone[..followed].to_vec(),
        catalog: everyone[followed..].to_vec(),
        library: sample_library(everyone, tracks, tracks / 10),
        ..Config::default()
    }
}

#[tokio::test]
async fn the_library_pages_by_offset_newest_first_and_needs_its_scope() {
    let everyone = sample_artists(30);
    let mut config = with_library(&everyone, 10, 120);
    config.second_user = Some(Account {
        user_id: "second-user".into(),
        artists: everyone[20..].to_vec(),
        ..Account::default()
    });
    let saved: Vec<String> = config.library.tracks.iter().map(SavedTrack::id).collect();
    let albums: Vec<String> = config
        .library
        .albums
        .iter()
        .map(|a| a.album.id.clone())
        .collect();
    let emu = Emulator::start_local(config).await.expect("start");
    let api = emu.api_url();
    let get = reqwest::Method::GET;

    let follow_only = token_for(&emu, "user-follow-read").await;
    for list in ["tracks", "albums"] {
        let (status, refused) =
            send(get.clone(), format!("{api}/me/{list}"), &follow_only, None).await;
        assert_eq!(
            status,
            StatusCode::FORBIDDEN,
            "{list} without the scope: {refused}"
        );
    }

    let access = token_for(&emu, "user-follow-read user-library-read").await;
    let mut read = Vec::new();
    let mut next = Some(format!("{api}/me/tracks?limit=50"));
    while let Some(url) = next {
        let (status, page) = send(get.clone(), url, &access, None).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["total"], 120);
        let items = page["items"].as_array().expect("items");
        read.extend(
            items
                .iter()
                .map(|i| i["track"]["id"].as_str().expect("id").to_string()),
        );
        let stamps: Vec<&str> = items
            .iter()
            .map(|i| i["added_at"].as_str().expect("at"))
            .collect();
        assert!(
            stamps.windows(2).all(|w| w[0] >= w[1]),
            "newest saves first: {stamps:?}"
        );
        next = page["next"].as_str().map(str::to_string);
    }
    assert_eq!(
        read, saved,
        "every save once, in Spotify's order, in 3 pages"
    );

    let (_, first) = send(
        get.clone(),
        format!("{api}/me/albums?limit=5&offset=5"),
        &access,
        None,
    )
    .await;
    let ids: Vec<&str> = first["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["album"]["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        albums[5..10].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let (_, default) = send(get.clone(), format!("{api}/me/tracks"), &access, None).await;
    assert_eq!(default["limit"], 20);
    let (_, past) = send(
        get.clone(),
        format!("{api}/me/tracks?offset=500"),
        &access,
        None,
    )
    .await;
    assert_eq!(
        (
            past["items"].as_array().map(Vec::len),
            past["next"].is_null()
        ),
        (Some(0), true)
    );

    for bad in ["limit=51", "limit=0", "limit=x", "offset=-1"] {
        for list in ["tracks", "albums"] {
            let (status, _) =
                send(get.clone(), format!("{api}/me/{list}?{bad}"), &access, None).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{list}?{bad}");
        }
    }

    // Compressed for a client that accepts it, as Spotify answers a browser.
    let zipped = client()
        .get(format!("{api}/me/tracks?limit=50"))
        .bearer_auth(&access)
        .header("accept-encoding", "gzip, deflate, br")
        .send()
        .await
        .expect("request");
    assert_eq!(
        zipped
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
    let plain_size = serde_json::to_vec(&page_of_fifty(&emu, &access).await)
        .expect("json")
        .len();
    let zipped_size = zipped.bytes().await.expect("body").len();
    assert!(
        zipped_size * 4 < plain_size,
        "{zipped_size} bytes for {plain_size}"
    );

    emu.sign_in_as_second_user(true);
    let theirs = token_for(&emu, "user-follow-read user-library-read").await;
    let (_, empty) = send(get, format!("{api}/me/tracks"), &theirs, None).await;
    assert_eq!(empty["total"], 0, "each user has their own library");
}

async fn page_of_fifty(emu: &Emulator, access: &str) -> Value {
    let url = format!("{}/me/tracks?limit=50", emu.api_url());
    send(reqwest::Method::GET, url, access, None).await.1
}

#[tokio::test]
async fn search_finds_artists_nobody_follows_ten_at_most() {
    let everyone = sample_artists(40);
    let hidden = everyone[35].clone();
    let emu = Emulator::start_local(with_library(&everyone, 10, 0))
        .await
        .expect("start");
    let api = emu.api_url();
    let get = reqwest::Method::GET;
    let access = token_for(&emu, "user-follow-read").await;
    let search = |query: &str| format!("{api}/search?{query}");

    let name = hidden.name.to_uppercase();
    let query = serde_urlencoded::to_string([("q", name.as_str()), ("type", "artist")]).expect("q");
    let (status, found) = send(get.clone(), search(&query), &access, None).await;
    assert_eq!(status, StatusCode::OK, "{found}");
    let first = &found["artists"]["items"][0];
    assert_eq!(
        (first["id"].as_str(), first["name"].as_str()),
        (Some(hidden.id.as_str()), Some(hidden.name.as_str()))
    );

    // "Echoes" ends the names of sample artists 6 to 15: more than a page.
    let (_, many) = send(
        get.clone(),
        search("q=echoes&type=artist&limit=2"),
        &access,
        None,
    )
    .await;
    assert_eq!(many["artists"]["items"].as_array().map(Vec::len), Some(2));
    assert!(many["artists"]["next"]
        .as_str()
        .is_some_and(|n| n.contains("offset=2")));
    let albums = format!(
        "{api}/artists/{}/albums?include_groups=album,single&limit=10",
        hidden.id
    );
    let (status, listed) = send(get.clone(), albums, &access, None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a catalog artist's albums are listed: {listed}"
    );
    assert!(listed["total"].as_u64() > Some(0));

    for bad in [
        "q=velvet&type=artist&limit=11",
        "q=velvet&type=artist&limit=0",
        "q=&type=artist",
        "type=artist",
        "q=velvet",
        "q=velvet&type=track",
        "q=velvet&type=artist&offset=1001",
    ] {
        let (status, _) = send(get.clone(), search(bad), &access, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
    let (status, _) = send(get, search("q=velvet&type=artist"), "not-a-token", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn library_and_search_answers_have_the_fields_spotifys_reference_gives() {
    let everyone = sample_artists(12);
    let emu = Emulator::start_local(with_library(&everyone, 6, 30))
        .await
        .expect("start");
    let access = token_for(&emu, "user-follow-read user-library-read").await;
    let api = emu.api_url();
    let get = reqwest::Method::GET;
    let urls = serde_json::json!({ "spotify": "string" });
    let credit = serde_json::json!({
        "external_urls": urls, "href": "string", "id": "string", "name": "string",
        "type": "string", "uri": "string",
    });
    let image = serde_json::json!({ "url": "string", "height": "integer?", "width": "integer?" });
    let paging = |item: &Value| {
        serde_json::json!({
            "href": "string", "limit": "integer", "next": "string?", "offset": "integer",
            "previous": "string?", "total": "integer", "items": [item],
        })
    };
    let simple_track = serde_json::json!({
        "artists": [credit], "available_markets": ["string"], "disc_number": "integer",
        "duration_ms": "integer", "explicit": "boolean", "external_urls": urls,
        "href": "string", "id": "string", "is_local": "boolean", "name": "string",
        "track_number": "integer", "type": "string", "uri": "string",
    });
    let simple_album = serde_json::json!({
        "album_type": "string", "total_tracks": "integer", "available_markets": ["string"],
        "external_urls": urls, "href": "string", "id": "string", "images": [image],
        "name": "string", "release_date": "string", "release_date_precision": "string",
        "type": "string", "uri": "string", "artists": [credit],
    });
    let mut track = simple_track.clone();
    track["album"] = simple_album.clone();
    track["preview_url"] = serde_json::json!("string?");
    let mut album = simple_album.clone();
    album["tracks"] = paging(&simple_track);
    album["copyrights"] = serde_json::json!([{}]);
    album["genres"] = serde_json::json!(["string"]);
    let artist = serde_json::json!({
        "external_urls": urls, "href": "string", "id": "string", "images": [image],
        "name": "string", "type": "string", "uri": "string",
    });

    let (_, tracks) = send(
        get.clone(),
        format!("{api}/me/tracks?limit=50"),
        &access,
        None,
    )
    .await;
    let saved_track = serde_json::json!({ "added_at": "string", "track": track });
    conforms(&tracks, &paging(&saved_track), "tracks").expect("saved tracks");
    let (_, albums) = send(
        get.clone(),
        format!("{api}/me/albums?limit=50"),
        &access,
        None,
    )
    .await;
    let saved_album = serde_json::json!({ "added_at": "string", "album": album });
    conforms(&albums, &paging(&saved_album), "albums").expect("saved albums");
    let (_, found) = send(
        get,
        format!("{api}/search?q=velvet&type=artist"),
        &access,
        None,
    )
    .await;
    conforms(
        &found,
        &serde_json::json!({ "artists": paging(&artist) }),
        "search",
    )
    .expect("search");
    assert!(
        conforms(
            &serde_json::json!({ "added_at": "x" }),
            &saved_track,
            "bare"
        )
        .is_err(),
        "the check can fail"
    );
}
