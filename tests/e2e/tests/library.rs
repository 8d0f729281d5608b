//! Artists besides the followed ones, against the emulator: from the
//! reader's library (the scope asked for once, when they turn it on; the
//! artists of saved songs and albums counted, kept above a threshold; a
//! later visit reading only what is new) and added here by name (kept for
//! this reader until logout, and checked for releases like the others).

use e2e::{
    sample_artists, sample_library, Account, Artist, Config, Fault, Library, SavedAlbum,
    SavedTrack, World,
};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// Followed: the first 6 of 30 sample artists; the rest only Spotify's
/// catalog knows. Saved: 120 songs and 12 albums of artists 3 onwards.
fn configure(c: &mut Config) {
    let everyone = sample_artists(30);
    c.library = sample_library(&everyone[3..], 120, 12);
    c.catalog = everyone[6..].to_vec();
    c.artists = everyone[..6].to_vec();
    c.second_user = Some(Account {
        user_id: "second-user".into(),
        display_name: Some("Second Listener".into()),
        artists: everyone[..2].to_vec(),
        ..Account::default()
    });
}

/// Each artist's saves, as the app should count them: every credited
/// artist of a saved song, and each artist of a saved album, once each.
fn saves(library: &Library) -> BTreeMap<String, u32> {
    let mut counts = BTreeMap::new();
    for track in &library.tracks {
        let ids: BTreeSet<String> = track.artists().into_iter().map(|(id, _)| id).collect();
        for id in ids {
            *counts.entry(id).or_default() += 1;
        }
    }
    for album in &library.albums {
        let ids: BTreeSet<&String> = album.album.artists.iter().map(|(id, _)| id).collect();
        for id in ids {
            *counts.entry(id.clone()).or_default() += 1;
        }
    }
    counts
}

fn world_config(world: &World) -> (Vec<Artist>, Library) {
    let mut seen = (Vec::new(), Library::default());
    world
        .emulator
        .update_config(|c| seen = (c.artists.clone(), c.library.clone()));
    seen
}

/// The library artists the app should show at `threshold`: not followed,
/// with at least that many saves.
fn expected_at(world: &World, threshold: u32) -> BTreeMap<String, u32> {
    let (followed, library) = world_config(world);
    saves(&library)
        .into_iter()
        .filter(|(id, n)| *n >= threshold && !followed.iter().any(|a| &a.id == id))
        .collect()
}

/// Every card shown: its artist id, `data-source` and `data-saves`.
async fn cards(world: &World) -> Vec<(String, String, Option<u32>)> {
    let cards = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=artist]')].map(e => [e.dataset.artistId, e.dataset.source, e.dataset.saves ? Number(e.dataset.saves) : null]);")
        .await;
    serde_json::from_value(cards).expect("cards")
}

async fn library_cards(world: &World) -> BTreeMap<String, u32> {
    cards(world)
        .await
        .into_iter()
        .filter(|(_, source, _)| source == "library")
        .map(|(id, _, saves)| (id, saves.unwrap_or(0)))
        .collect()
}

/// Waits until the library cards are exactly `expected`.
async fn wait_library_cards(world: &World, expected: &BTreeMap<String, u32>) {
    e2e::eventually("the library's artists with their saves", || async {
        (library_cards(world).await == *expected).then_some(())
    })
    .await;
}

fn scopes_asked(world: &World) -> Vec<String> {
    world
        .sent("GET", "/authorize")
        .iter()
        .filter_map(|r| r.param("scope"))
        .collect()
}

/// Requests for each saved list.
fn library_reads(world: &World) -> (usize, usize) {
    (
        world.sent("GET", "/v1/me/tracks").len(),
        world.sent("GET", "/v1/me/albums").len(),
    )
}

/// Waits until the library's read is over (its status says how many).
async fn read_done(world: &World) {
    world
        .browser
        .wait_text(".sources .status", |t| t.contains("from your library"))
        .await;
}

/// Logs in and turns library artists on, agreeing on the consent page.
async fn turn_library_on(world: &World) {
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    world.browser.click("[data-testid=source-library]").await;
    world.browser.wait_for("#scopes").await;
    let scopes = world.browser.text("#scopes").await;
    assert!(scopes.contains("user-library-read"), "{scopes}");
    world.browser.click("#agree").await;
    world.browser.wait_for("[data-testid=profile]").await;
}

async fn choose(world: &World, select: &str, value: &str) {
    world
        .browser
        .js(&format!(
            "const s = document.querySelector('[data-testid={select}]'); s.value = '{value}'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ))
        .await;
}

#[tokio::test]
async fn turning_library_artists_on_asks_once_and_shows_the_saved_artists_above_the_threshold() {
    let world = World::start(configure).await;
    turn_library_on(&world).await;
    let at_three = expected_at(&world, 3);
    assert!(at_three.len() >= 3, "a sample worth a test: {at_three:?}");
    wait_library_cards(&world, &at_three).await;
    read_done(&world).await;
    assert_eq!(
        scopes_asked(&world),
        ["user-follow-read", "user-follow-read user-library-read"],
        "login asks for the followed artists alone; the source adds its scope"
    );
    // 120 songs in pages of 50, and 12 albums: one read of each, whole.
    assert_eq!(library_reads(&world), (3, 1));
    for request in world.sent("GET", "/v1/me/tracks") {
        assert_eq!(request.param("limit").as_deref(), Some("50"));
    }
    // Followed artists with saves say so too, and stay followed.
    let (followed, library) = world_config(&world);
    let counts = saves(&library);
    let shown = cards(&world).await;
    for artist in &followed {
        let card = shown.iter().find(|(id, _, _)| *id == artist.id);
        let (_, source, saves) = card.expect("every followed artist shows");
        assert_eq!(source, "followed");
        assert_eq!(*saves, counts.get(&artist.id).copied(), "{}", artist.name);
    }
    let end = world.browser.text("[data-testid=artists-end]").await;
    assert!(
        end.contains(&format!("and {} more you watch", at_three.len())),
        "{end}"
    );
    let ids: Vec<&String> = shown.iter().map(|(id, _, _)| id).collect();
    let unique: BTreeSet<&String> = ids.iter().copied().collect();
    assert_eq!(ids.len(), unique.len(), "each artist once");
    assert_eq!(
        ids[..followed.len()],
        followed.iter().map(|a| &a.id).collect::<Vec<_>>()[..],
        "followed artists first, in Spotify's order"
    );
    // Another threshold: the counts are there already.
    choose(&world, "library-threshold", "1").await;
    wait_library_cards(&world, &expected_at(&world, 1)).await;
    choose(&world, "library-threshold", "10").await;
    wait_library_cards(&world, &expected_at(&world, 10)).await;
    assert_eq!(library_reads(&world), (3, 1), "no new request");
    // The filter narrows to one source: the library's artists, followed
    // ones among them.
    choose(&world, "library-threshold", "3").await;
    wait_library_cards(&world, &at_three).await;
    choose(&world, "source-filter", "library").await;
    let from_library: BTreeSet<String> = counts
        .iter()
        .filter(|(_, n)| **n >= 3)
        .map(|(id, _)| id.clone())
        .collect();
    e2e::eventually("only library artists", || async {
        let shown: BTreeSet<String> = cards(&world).await.into_iter().map(|c| c.0).collect();
        (shown == from_library).then_some(())
    })
    .await;
    choose(&world, "source-filter", "followed").await;
    e2e::eventually("only followed artists", || async {
        let shown = cards(&world).await;
        (shown.len() == followed.len() && shown.iter().all(|(_, s, _)| s == "followed"))
            .then_some(())
    })
    .await;
    world.finish().await;
}

#[tokio::test]
async fn a_second_visit_with_nothing_saved_since_reads_one_page_of_each_list() {
    let world = World::start(configure).await;
    turn_library_on(&world).await;
    let at_three = expected_at(&world, 3);
    wait_library_cards(&world, &at_three).await;
    read_done(&world).await;
    let first = library_reads(&world);
    world.browser.reload().await;
    world.browser.wait_for("[data-testid=profile]").await;
    wait_library_cards(&world, &at_three).await;
    e2e::eventually("the visit's read", || async {
        (library_reads(&world) == (first.0 + 1, first.1 + 1)).then_some(())
    })
    .await;
    read_done(&world).await;
    assert_eq!(library_reads(&world), (first.0 + 1, first.1 + 1));
    assert_eq!(scopes_asked(&world).len(), 2, "the scope is asked for once");
    // The page's record holds counts, never the songs.
    let stored = world.local_record("library").await.expect("stored");
    let text = stored.to_string();
    let (_, library) = world_config(&world);
    for track in &library.tracks {
        assert!(!text.contains(&track.id()), "no song is kept");
    }
    world.finish().await;
}

#[tokio::test]
async fn saying_no_to_the_library_scope_keeps_the_session_and_the_followed_artists() {
    let world = World::start(configure).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let tokens_before = world.local_record("tokens").await;
    world.browser.click("[data-testid=source-library]").await;
    world.browser.click("#cancel").await;
    let said = world
        .browser
        .wait_text(".sources [role=alert]", |t| !t.is_empty())
        .await;
    assert!(said.contains("permission"), "{said}");
    world.browser.wait_for("[data-testid=profile]").await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let (followed, _) = world_config(&world);
    let shown = cards(&world).await;
    assert_eq!(shown.len(), followed.len());
    assert!(shown
        .iter()
        .all(|(_, s, saves)| s == "followed" && saves.is_none()));
    let checked = world
        .browser
        .js("return document.querySelector('[data-testid=source-library]').checked;")
        .await;
    assert_eq!(checked, serde_json::json!(false));
    assert_eq!(world.local_record("tokens").await, tokens_before);
    assert_eq!(library_reads(&world), (0, 0));
    world.finish().await;
}

/// Artist 27 of the sample: only the catalog knows them, and they have a
/// single 27 days ago (in the default four weeks).
const ADDED: usize = 27;

async fn search_and_add(world: &World, artist: &Artist) {
    let words: Vec<&str> = artist.name.split(' ').collect();
    world
        .browser
        .type_into("[data-testid=artist-search]", &words.join(" "))
        .await;
    let result = format!(
        "[data-testid=artist-result][data-artist-id='{}'] [data-testid=add-artist]",
        artist.id
    );
    world.browser.click(&result).await;
    world
        .browser
        .wait_for(&format!(
            "[data-testid=artist][data-artist-id='{}'][data-source=added]",
            artist.id
        ))
        .await;
}

#[tokio::test]
async fn an_artist_added_by_name_stays_is_checked_and_goes_with_the_session() {
    let world = World::start(configure).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let everyone = sample_artists(30);
    let artist = &everyone[ADDED];
    search_and_add(&world, artist).await;
    for request in world.sent("GET", "/v1/search") {
        let limit: u32 = request
            .param("limit")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        assert!((1..=10).contains(&limit), "limit {limit}");
        assert_eq!(request.param("type").as_deref(), Some("artist"));
    }
    assert!(
        world.sent("PUT", "/v1/me/following").is_empty(),
        "never followed"
    );
    assert!(
        world.sent("PUT", "/v1/me/library").is_empty(),
        "never followed"
    );
    world.browser.reload().await;
    let card = format!(
        "[data-testid=artist][data-artist-id='{}'][data-source=added]",
        artist.id
    );
    world.browser.wait_for(&card).await;
    // Its releases are checked.
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
    let single = artist
        .releases
        .iter()
        .find(|r| r.album_type == "single")
        .expect("a single");
    world
        .browser
        .wait_for(&format!(
            "[data-testid=release][data-album-id='{}']",
            single.id
        ))
        .await;
    let asked = world
        .albums_requests()
        .iter()
        .filter(|r| r.path.contains(&artist.id))
        .count();
    assert_eq!(asked, 1, "checked once");
    // Removed, it goes.
    world.browser.click("[data-testid=artists-link]").await;
    world
        .browser
        .click(&format!("{card} [data-testid=remove-artist]"))
        .await;
    world.browser.wait_gone(&card).await;
    // Added again, it goes at logout; and another reader never sees it.
    search_and_add(&world, artist).await;
    world.browser.click("[data-testid=logout]").await;
    world.browser.wait_for("[data-testid=login]").await;
    assert_eq!(world.local_record("added_artists").await, None);
    world.emulator.sign_in_as_second_user(true);
    world.browser.click("[data-testid=login]").await;
    world.browser.click("#agree").await;
    world.browser.wait_for("[data-testid=profile]").await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    assert!(!world.browser.is_shown(&card).await);
    world.finish().await;
}

#[tokio::test]
async fn a_release_by_a_followed_and_saved_artist_shows_once_and_a_muted_library_artists_go() {
    let everyone = sample_artists(30);
    // Artist 13: not followed, three songs of their single (13 days ago)
    // saved. Artists 2 and 3 (followed): their album together saved.
    let single = everyone[13]
        .releases
        .iter()
        .find(|r| r.album_type == "single")
        .expect("a single")
        .clone();
    let together = everyone[2]
        .releases
        .iter()
        .find(|r| r.artists.len() == 2)
        .expect("an album by two")
        .clone();
    let library = Library {
        tracks: (0..3)
            .map(|n| SavedTrack {
                album: single.clone(),
                number: n % single.tracks,
                featuring: Vec::new(),
                minutes_ago: 10 + u64::from(n),
            })
            .collect(),
        albums: vec![SavedAlbum {
            album: together.clone(),
            minutes_ago: 20,
        }],
    };
    let world = World::start(|c| {
        c.artists = everyone[..6].to_vec();
        c.catalog = everyone[6..].to_vec();
        c.library = library;
    })
    .await;
    turn_library_on(&world).await;
    let library_card = format!(
        "[data-testid=artist][data-artist-id='{}'][data-source=library]",
        everyone[13].id
    );
    world.browser.wait_for(&library_card).await;
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(30)).await;
    let shown = |id: &str| format!("[data-testid=release][data-album-id='{id}']");
    world.browser.wait_for(&shown(&single.id)).await;
    let together_shown = world
        .browser
        .js(&format!(
            "return document.querySelectorAll(\"{}\").length;",
            shown(&together.id)
        ))
        .await;
    assert_eq!(together_shown, serde_json::json!(1), "once");
    world
        .browser
        .click(&format!(
            "{} [data-testid=mute][data-artist-id='{}']",
            shown(&single.id),
            everyone[13].id
        ))
        .await;
    world.browser.wait_gone(&shown(&single.id)).await;
    assert!(world.browser.is_shown(&shown(&together.id)).await);
    world.finish().await;
}

#[tokio::test]
async fn an_artist_added_in_one_tab_shows_in_the_other() {
    let world = World::start(configure).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    let (first, second) = world.browser.new_window().await;
    world.open("/").await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    world.browser.switch_to(&first).await;
    let artist = &sample_artists(30)[ADDED];
    search_and_add(&world, artist).await;
    world.browser.switch_to(&second).await;
    let card = format!(
        "[data-testid=artist][data-artist-id='{}'][data-source=added]",
        artist.id
    );
    world.browser.wait_for(&card).await;
    // Removed there, it goes here.
    world
        .browser
        .click(&format!("{card} [data-testid=remove-artist]"))
        .await;
    world.browser.switch_to(&first).await;
    world.browser.wait_gone(&card).await;
    world.finish().await;
}

#[tokio::test]
async fn a_library_read_that_fails_says_why_and_the_check_goes_on_without_it() {
    let world = World::start(configure).await;
    world.emulator.inject(Fault::status("/v1/me/tracks", 500));
    turn_library_on(&world).await;
    let said = world
        .browser
        .wait_text(".sources [role=alert]", |t| !t.is_empty())
        .await;
    assert!(said.contains("500"), "{said}");
    world.browser.click("[data-testid=releases-link]").await;
    world.wait_for_the_check(Duration::from_secs(60)).await;
    // Every followed artist was checked.
    let (followed, _) = world_config(&world);
    for artist in &followed {
        let asked = world
            .albums_requests()
            .iter()
            .any(|r| r.path.contains(&artist.id));
        assert!(asked, "{}", artist.name);
    }
    world.finish().await;
}
