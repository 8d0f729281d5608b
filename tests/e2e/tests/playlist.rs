//! Save to Spotify, in Chromium against the emulator: the playlist scope
//! asked for on the first save only, the playlist holding exactly the shown
//! releases' tracks in order, a second save replacing them without asking
//! again, a refusal that keeps the session, and Spotify's 429s and daily
//! limit during a save.

use e2e::{sample_artists, Account, Artist, Fault, World};
use serde_json::json;
use spotify_emulator::playlists::track_uris;
use spotify_emulator::releases::{Release, Released};
use std::time::Duration;

/// Six sample artists, the first three with releases this month of 1 to 12
/// tracks, one with 130 (more than a page of tracks, and than a request of
/// items).
fn artists_with_news() -> Vec<Artist> {
    let mut artists = sample_artists(6);
    let news = [
        (0, "0PlaylistNewsSingle000", "A Single", "single", 1, 1),
        (0, "0PlaylistNewsEp0000000", "An EP", "single", 5, 2),
        (1, "0PlaylistNewsAlbum0000", "An Album", "album", 12, 3),
        (2, "0PlaylistNewsLongOne00", "The Long One", "album", 130, 4),
    ];
    for (n, id, name, kind, tracks, days) in news {
        let credit = (artists[n].id.clone(), artists[n].name.clone());
        artists[n].releases.push(Release {
            id: id.into(),
            name: name.into(),
            album_type: kind,
            group: kind,
            released: Released::DaysAgo(days),
            tracks,
            artists: vec![credit],
        });
    }
    artists
}

/// The track URIs of the releases the view shows, in its order.
async fn shown_tracks(world: &World, artists: &[Artist]) -> Vec<String> {
    let ids = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=release]')].map(e => e.dataset.albumId);")
        .await;
    let ids: Vec<String> = serde_json::from_value(ids).expect("ids");
    ids.iter()
        .flat_map(|id| {
            artists
                .iter()
                .flat_map(|a| &a.releases)
                .find(|r| &r.id == id)
                .map(track_uris)
                .expect("a release of the sample")
        })
        .collect()
}

fn scopes_asked(world: &World) -> Vec<String> {
    world
        .sent("GET", "/authorize")
        .iter()
        .filter_map(|r| r.param("scope"))
        .collect()
}

fn tracks_requests(world: &World) -> usize {
    world
        .emulator
        .requests()
        .iter()
        .filter(|r| {
            r.method == "GET" && r.path.starts_with("/v1/albums/") && r.path.ends_with("/tracks")
        })
        .count()
}

/// Logs in, opens the releases and waits for the check.
async fn releases_checked(world: &World) {
    world.login().await;
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
}

/// Clicks Save to Spotify and agrees on the consent page.
async fn save_with_consent(world: &World) {
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.wait_for("#scopes").await;
    let scopes = world.browser.text("#scopes").await;
    assert!(scopes.contains("playlist-modify-private"), "{scopes}");
    world.browser.click("#agree").await;
}

async fn wait_saved(world: &World) -> String {
    world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Saved"))
        .await
}

fn assert_no_removed_endpoint(world: &World) {
    let removed: Vec<String> = world
        .emulator
        .requests()
        .iter()
        .filter(|r| {
            (r.path.starts_with("/v1/users/") && r.path.ends_with("/playlists"))
                || r.path.ends_with("/tracks") && r.path.starts_with("/v1/playlists/")
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(removed.is_empty(), "{removed:?}");
}

#[tokio::test]
async fn the_first_save_asks_for_the_scope_then_holds_the_shown_tracks_and_a_second_only_replaces_them(
) {
    let artists = artists_with_news();
    let world = World::start(|c| c.artists = artists.clone()).await;
    releases_checked(&world).await;
    assert_eq!(
        scopes_asked(&world),
        ["user-follow-read"],
        "login asks for no more"
    );
    let expected = shown_tracks(&world, &artists).await;
    assert!(expected.len() > 148, "{}", expected.len());

    save_with_consent(&world).await;
    let said = wait_saved(&world).await;
    assert!(world.browser.url().await.path().ends_with("/releases"));
    assert_eq!(
        said,
        format!("Saved {} tracks to your playlist.", expected.len())
    );
    assert_eq!(
        scopes_asked(&world),
        [
            "user-follow-read",
            "user-follow-read playlist-modify-private"
        ]
    );
    let playlists = world.emulator.playlists();
    assert_eq!(playlists.len(), 1);
    let playlist = &playlists[0];
    assert!(!playlist.public);
    assert_eq!(playlist.name, "New releases · Encore");
    assert_eq!(
        playlist.items, expected,
        "the shown releases' tracks, in order"
    );
    let link = world
        .browser
        .js("return document.querySelector('[data-testid=playlist-link]').href;")
        .await;
    assert_eq!(
        link,
        json!(format!("https://open.spotify.com/playlist/{}", playlist.id))
    );
    // Still the same session: logged in, the profile shown.
    assert!(world.browser.is_shown("[data-testid=profile]").await);
    let writes: Vec<String> = world
        .emulator
        .requests()
        .iter()
        .filter(|r| r.path.contains("/playlists") && r.method != "OPTIONS")
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let items = format!("/v1/playlists/{}/items", playlist.id);
    assert_eq!(
        writes,
        [
            "POST /v1/me/playlists".to_string(),
            format!("PUT {items}"),
            format!("POST {items}")
        ]
    );
    let asked = tracks_requests(&world);

    // A new single, found by Check now, then a second save: no consent, the
    // same playlist's items replaced, tracks asked only for the new release.
    world
        .check_now_finds_a_new_single(3, "0PlaylistFreshSingle00")
        .await;
    world.browser.click("[data-testid=save-playlist]").await;
    wait_saved(&world).await;
    let expected = shown_tracks(&world, &world_artists(&world)).await;
    assert_eq!(scopes_asked(&world).len(), 2, "asked no more");
    let playlists = world.emulator.playlists();
    assert_eq!(playlists.len(), 1, "the same playlist");
    assert_eq!(playlists[0].items, expected);
    assert!(playlists[0].items[0].starts_with("spotify:track:"));
    assert_eq!(
        tracks_requests(&world),
        asked + 1,
        "only the new release's tracks"
    );

    // Deleted in Spotify: the next save makes it again.
    world.emulator.delete_playlist(&playlists[0].id);
    world.browser.click("[data-testid=save-playlist]").await;
    world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Saved"))
        .await;
    let playlists = world.emulator.playlists();
    assert_eq!(playlists.len(), 2);
    assert_eq!(playlists[1].items, expected);
    assert_no_removed_endpoint(&world);
    world.finish().await;
}

/// The artists as the emulator now has them (with releases added since).
fn world_artists(world: &World) -> Vec<Artist> {
    let mut artists = Vec::new();
    world
        .emulator
        .update_config(|c| artists = c.artists.clone());
    artists
}

#[tokio::test]
async fn saying_no_to_the_playlist_scope_keeps_the_session() {
    let world = World::start(|c| c.artists = artists_with_news()).await;
    releases_checked(&world).await;
    let tokens_before = world
        .browser
        .js(&format!(
            "return localStorage.getItem('{}');",
            world.key("tokens")
        ))
        .await;
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.click("#cancel").await;
    let said = world
        .browser
        .wait_text(".playlist-status", |t| !t.is_empty())
        .await;
    assert!(said.contains("needs your permission"), "{said}");
    assert!(world.browser.url().await.path().ends_with("/releases"));
    // Still logged in, with the releases: in Firefox the profile is drawn
    // a moment after the status line.
    world.browser.wait_for("[data-testid=profile]").await;
    world.browser.wait_for("[data-testid=release]").await;
    let tokens_after = world
        .browser
        .js(&format!(
            "return localStorage.getItem('{}');",
            world.key("tokens")
        ))
        .await;
    assert_eq!(tokens_after, tokens_before, "the session's tokens stay");
    assert!(world.emulator.playlists().is_empty());
    assert!(world.emulator.requests_to("POST", "/api/token").len() <= 1);
    world.finish().await;
}

#[tokio::test]
async fn spotifys_429s_and_daily_limit_during_a_save_are_kept_to() {
    let artists = artists_with_news();
    let world = World::start(|c| c.artists = artists.clone()).await;
    releases_checked(&world).await;
    let expected = shown_tracks(&world, &artists).await;
    // Two 429s (one without CORS headers) on the tracks: the save waits and
    // goes on.
    world
        .emulator
        .inject(Fault::status("/v1/albums/", 429).retry_after(1).times(1));
    world.emulator.inject(
        Fault::status("/v1/albums/", 429)
            .without_cors()
            .after(1)
            .times(1),
    );
    save_with_consent(&world).await;
    wait_saved(&world).await;
    assert_eq!(world.emulator.playlists()[0].items, expected);

    // The daily limit on the playlist's items: the save stops, every tab
    // pauses, and nothing more is sent.
    world.emulator.inject(Fault::daily_quota("/v1/playlists/"));
    world.browser.click("[data-testid=save-playlist]").await;
    world
        .browser
        .wait_text("[data-testid=paused]", |t| t.contains("used up until"))
        .await;
    let sent = world.emulator.requests().len();
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.wait_for("[data-testid=paused]").await;
    assert_eq!(
        world.emulator.requests().len(),
        sent,
        "nothing sent during the pause"
    );
    world.finish().await;
}

#[tokio::test]
async fn another_spotify_user_coming_back_from_the_consent_is_a_login_of_theirs() {
    let artists = artists_with_news();
    let world = World::start(|c| {
        c.artists = artists.clone();
        c.second_user = Some(Account {
            user_id: "second-user".into(),
            display_name: Some("Second Listener".into()),
            // Others than the first reader's.
            artists: sample_artists(9).split_off(6),
            ..Account::default()
        });
    })
    .await;
    releases_checked(&world).await;
    // Spotify is now signed in as someone else, who agrees.
    world.emulator.sign_in_as_second_user(true);
    save_with_consent(&world).await;
    world
        .browser
        .wait_text("[data-testid=profile]", |t| t == "Second Listener")
        .await;
    assert!(
        world.emulator.playlists().is_empty(),
        "nothing saved into another user's Spotify"
    );
    // Their own releases, not the first reader's.
    world.wait_for_the_check(Duration::from_secs(30)).await;
    assert!(
        !world
            .browser
            .is_shown("[data-album-id='0PlaylistNewsLongOne00']")
            .await
    );
    world.finish().await;
}
