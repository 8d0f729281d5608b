//! Pictures for the README, made by the suite: the login screen, the list
//! and the new releases at phone and desktop widths, dark and light, the
//! list narrowed by a filter, and the releases with an EP, a muted artist
//! and a saved playlist. The layout is checked at each size (no sideways
//! scrolling, 2 or 5 cards a row, one grid however the cards were loaded),
//! so a picture of a broken layout fails the test instead of landing in
//! the README.

use e2e::{sample_artists, World};
use spotify_emulator::releases::{Release, Released};
use std::path::PathBuf;

/// Where the pictures go: `E2E_SCREENSHOTS`, or target/e2e/screenshots.
fn out_dir() -> PathBuf {
    std::env::var_os("E2E_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e/screenshots")
        })
}

async fn save(world: &World, name: &str) {
    let png = world.browser.screenshot().await;
    let path = out_dir().join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// Waits until the pictures in view have loaded, so that a screenshot
/// shows them.
async fn wait_for_pictures_in_view(world: &World) {
    e2e::eventually("the pictures in view to load", || async {
        let done = world
            .browser
            .js("return [...document.images].filter(i => i.getBoundingClientRect().top < innerHeight).every(i => i.complete);")
            .await;
        (done == true).then_some(())
    })
    .await;
}

/// The widths pictured: a name, the viewport, and the grid's columns there.
const SIZES: [(&str, u32, u32, usize); 2] = [("desktop", 1440, 900, 5), ("phone", 360, 760, 2)];

/// Pictures the screen shown now from its top, at each size in both
/// themes, as `{name}-{device}-{scheme}`, after checking that it fits.
async fn save_at_each_size(world: &World, name: &str) {
    for (device, width, height, _) in SIZES {
        world.browser.set_viewport(width, height).await;
        world.browser.js("window.scrollTo(0, 0);").await;
        assert_fits(world, width).await;
        for scheme in ["dark", "light"] {
            world.browser.set_color_scheme(scheme).await;
            wait_for_pictures_in_view(world).await;
            save(world, &format!("{name}-{device}-{scheme}")).await;
        }
    }
}

/// Pictures the screen shown now from its top, dark, at each size, as
/// `{name}-{device}-dark`, after checking that it fits; the phone's size
/// stays.
async fn save_dark_at_each_size(world: &World, name: &str) {
    world.browser.set_color_scheme("dark").await;
    for (device, width, height, _) in SIZES {
        world.browser.set_viewport(width, height).await;
        world.browser.js("window.scrollTo(0, 0);").await;
        assert_fits(world, width).await;
        wait_for_pictures_in_view(world).await;
        save(world, &format!("{name}-{device}-dark")).await;
    }
}

async fn assert_fits(world: &World, width: u32) {
    let overflow = world
        .browser
        .js("return document.documentElement.scrollWidth - window.innerWidth;")
        .await;
    assert!(
        overflow.as_i64().unwrap_or(1) <= 0,
        "sideways scrolling at {width} px: {overflow}"
    );
}

#[tokio::test]
async fn login_and_list_at_phone_and_desktop_widths_in_both_themes() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    std::fs::create_dir_all(out_dir()).expect("screenshot folder");
    let world = World::start(|c| {
        c.artists = sample_artists(60);
        c.display_name = Some("Ada Lovelace".into());
    })
    .await;
    for (device, width, height, _) in SIZES {
        world.browser.set_viewport(width, height).await;
        for scheme in ["dark", "light"] {
            world.browser.set_color_scheme(scheme).await;
            world.open("/").await;
            world.browser.wait_for("[data-testid=login]").await;
            assert_fits(&world, width).await;
            save(&world, &format!("login-{device}-{scheme}")).await;
        }
    }
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    for (device, width, height, columns) in SIZES {
        world.browser.set_viewport(width, height).await;
        world.browser.js("window.scrollTo(0, 0);").await;
        let per_row = world
            .browser
            .js("const tops = [...document.querySelectorAll('[data-testid=artist]')].slice(0, 10).map(e => e.getBoundingClientRect().top);
                 return tops.filter(t => t === tops[0]).length;")
            .await;
        assert_eq!(per_row, columns, "cards in the first row at {width} px");
        assert_fits(&world, width).await;
        for scheme in ["dark", "light"] {
            world.browser.set_color_scheme(scheme).await;
            wait_for_pictures_in_view(&world).await;
            save(&world, &format!("list-{device}-{scheme}")).await;
        }
    }
    world.browser.click("[data-testid=releases-link]").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    // The releases as a reader of the installed app who turned alerts on,
    // with every tab closed too, sees them.
    world.grant_background_alerts().await;
    world.wait_for_the_worker().await;
    world.browser.click("[data-testid=alerts-background]").await;
    for pressed in ["alerts", "alerts-background"] {
        world
            .browser
            .wait_for(&format!("[data-testid={pressed}][aria-pressed=true]"))
            .await;
    }
    save_at_each_size(&world, "releases").await;
    world.finish().await;
}

/// The releases as a daily tool: an EP told apart, an artist muted, and the
/// shown releases saved to the reader's playlist.
#[tokio::test]
async fn the_releases_with_an_ep_a_muted_artist_and_a_saved_playlist() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    std::fs::create_dir_all(out_dir()).expect("screenshot folder");
    let mut artists = sample_artists(60);
    let credit = |a: &e2e::Artist| (a.id.clone(), a.name.clone());
    let ep = Release {
        id: "0ScreenshotEpOfFive000".into(),
        name: "Five Songs for Winter".into(),
        album_type: "single",
        group: "single",
        released: Released::DaysAgo(1),
        tracks: 5,
        artists: vec![credit(&artists[8])],
    };
    artists[8].releases.push(ep);
    let world = World::start(|c| {
        c.artists = artists.clone();
        c.display_name = Some("Ada Lovelace".into());
    })
    .await;
    world.login().await;
    world.browser.click("[data-testid=releases-link]").await;
    world.browser.wait_for("[data-testid=releases-done]").await;
    let muted = &artists[13].id;
    world
        .browser
        .click(&format!("[data-testid=mute][data-artist-id='{muted}']"))
        .await;
    world.browser.wait_for("[data-testid=unmute]").await;
    world.browser.click("[data-testid=save-playlist]").await;
    world.browser.click("#agree").await;
    world.browser.wait_for("[data-testid=playlist-link]").await;
    world
        .browser
        .wait_text(".playlist-status", |t| t.starts_with("Saved"))
        .await;
    save_dark_at_each_size(&world, "saved").await;
    world
        .browser
        .js("document.querySelector('.muted').scrollIntoView({block: 'end'});")
        .await;
    save(&world, "muted-phone-dark").await;
    world.finish().await;
}

/// The artists from three sources: followed, from the library (with their
/// saves), and one added by name, with the search that found it.
#[tokio::test]
async fn the_artists_from_the_library_and_one_added_by_name() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    std::fs::create_dir_all(out_dir()).expect("screenshot folder");
    let everyone = sample_artists(40);
    let world = World::start(|c| {
        c.artists = everyone[6..14].to_vec();
        c.library = e2e::sample_library(&everyone[10..34], 150, 10);
        c.catalog = everyone[14..].to_vec();
        c.display_name = Some("Ada Lovelace".into());
    })
    .await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    world.browser.click("[data-testid=source-library]").await;
    world.browser.click("#agree").await;
    world
        .browser
        .wait_for("[data-testid=artist][data-source=library]")
        .await;
    let added = &everyone[36];
    world
        .browser
        .type_into("[data-testid=artist-search]", &added.name)
        .await;
    world
        .browser
        .click(&format!(
            "[data-testid=artist-result][data-artist-id='{}'] [data-testid=add-artist]",
            added.id
        ))
        .await;
    world
        .browser
        .wait_for("[data-testid=artist][data-source=added]")
        .await;
    world
        .browser
        .wait_text(".sources .status", |t| t.contains("from your library"))
        .await;
    save_dark_at_each_size(&world, "sources").await;
    // The end of the list: library artists, then the one added here.
    world
        .browser
        .js("document.querySelector('[data-source=added]').scrollIntoView({block: 'end'});")
        .await;
    wait_for_pictures_in_view(&world).await;
    save(&world, "sources-end-phone-dark").await;
    world.finish().await;
}

/// How many cards each row of the artists view holds, top to bottom (cards
/// whose top edges meet are a row).
const ROWS: &str = r#"
    const rows = [];
    let top = null;
    for (const card of document.querySelectorAll('[data-testid=artist]')) {
      const at = Math.round(card.getBoundingClientRect().top + scrollY);
      if (at === top) rows[rows.length - 1] += 1; else rows.push(1);
      top = at;
    }
    return rows;
"#;

/// The list narrowed by a filter whose matches come from several of
/// Spotify's pages of 50 reads as one grid: every row full but the last.
#[tokio::test]
async fn a_filter_matching_several_pages_reads_as_one_grid_on_a_desktop_and_a_phone() {
    if e2e::lacks(e2e::Needs::DevTools) {
        return;
    }
    std::fs::create_dir_all(out_dir()).expect("screenshot folder");
    let world = World::start(|c| {
        c.artists = sample_artists(237);
        c.display_name = Some("Ada Lovelace".into());
    })
    .await;
    world.login().await;
    world
        .scroll_to_the_end(std::time::Duration::from_secs(30))
        .await;
    // "12": one artist on Spotify's first page (12), eleven on its third
    // (112, 120 to 129) and one on its fifth (212).
    let expected: Vec<String> = sample_artists(237)
        .into_iter()
        .filter(|a| a.name.contains("12"))
        .map(|a| a.id)
        .collect();
    assert_eq!(expected.len(), 13);
    world.browser.type_into("[data-testid=filter]", "12").await;
    world
        .browser
        .wait_text(".matches", |t| t == "13 matches")
        .await;
    assert_eq!(world.shown_artist_ids().await, expected);
    let focus = world
        .browser
        .js("return document.activeElement.dataset.testid;")
        .await;
    assert_eq!(
        focus, "filter",
        "the view changed under the reader's typing"
    );

    let mut rows = Vec::new();
    for (_, width, height, _) in SIZES {
        world.browser.set_viewport(width, height).await;
        let shown: Vec<u64> = serde_json::from_value(world.browser.js(ROWS).await).expect("rows");
        rows.push(shown);
    }
    // Only the last row may be short.
    assert_eq!(
        rows,
        [vec![5, 5, 3], vec![2, 2, 2, 2, 2, 2, 1]],
        "cards per row on a desktop (1440 px, 5 columns) and a phone (360 px, 2)"
    );
    save_at_each_size(&world, "filtered").await;
    world.finish().await;
}
