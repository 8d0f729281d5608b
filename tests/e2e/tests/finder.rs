//! Finding an artist: the filter box (case- and accent-insensitive), the A–Z
//! order, both kept in the URL across a reload.

use e2e::{eventually, sample_artists, World, FOLLOWING};
use std::time::Duration;

async fn shown_names(world: &World) -> Vec<String> {
    let names = world
        .browser
        .js("return [...document.querySelectorAll('[data-testid=artist] .name')].map(e => e.textContent);")
        .await;
    serde_json::from_value(names).expect("names")
}

/// JavaScript that picks an option of the order menu, as a user does.
fn choose_order(value: &str) -> String {
    format!(
        "const s = document.querySelector('[data-testid=sort]'); s.value = '{value}';
         s.dispatchEvent(new Event('change', {{ bubbles: true }}));"
    )
}

#[tokio::test]
async fn filter_finds_sigur_ros_and_survives_a_reload() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.wait_gone("[data-testid=loading]").await;
    let pages_before = world.sent("GET", FOLLOWING).len();

    world
        .browser
        .type_into("[data-testid=filter]", "sigur ros")
        .await;
    world
        .browser
        .wait_text(".matches", |t| t.starts_with("1 match among"))
        .await;
    assert_eq!(shown_names(&world).await, ["Sigur Rós"]);
    let url = world.browser.url().await;
    assert!(
        url.query_pairs().any(|(k, v)| k == "q" && v == "sigur ros"),
        "{url}"
    );
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        pages_before,
        "filtering loads nothing by itself"
    );

    world.browser.reload().await;
    world
        .browser
        .wait_text(".matches", |t| t.starts_with("1 match"))
        .await;
    let value = world
        .browser
        .js("return document.querySelector('[data-testid=filter]').value")
        .await;
    assert_eq!(value, "sigur ros");
    assert_eq!(shown_names(&world).await, ["Sigur Rós"]);

    // Not everything is loaded yet: the app says so and offers the rest.
    world.browser.click("[data-testid=load-all]").await;
    world
        .browser
        .wait_text(".matches", |t| t == "1 match")
        .await;
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        pages_before + 5,
        "the reload's first page, then the rest"
    );

    world
        .browser
        .type_into("[data-testid=filter]", "no such artist")
        .await;
    world
        .browser
        .wait_text(".matches", |t| t == "0 matches")
        .await;
    assert!(shown_names(&world).await.is_empty());
    world.finish().await;
}

#[tokio::test]
async fn a_to_z_order_survives_a_reload() {
    let world = World::start(|c| c.artists = sample_artists(20)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artists-end]").await;
    world.browser.js(&choose_order("az")).await;
    world
        .browser
        .wait_text(".matches", |t| t == "20 matches")
        .await;
    let mut expected: Vec<String> = sample_artists(20).into_iter().map(|a| a.name).collect();
    let key = |name: &String| name.to_lowercase().replace('ó', "o");
    expected.sort_by_key(key);
    assert_eq!(shown_names(&world).await, expected);
    assert!(world
        .browser
        .url()
        .await
        .query()
        .unwrap_or("")
        .contains("sort=az"));
    world.browser.reload().await;
    world
        .browser
        .wait_text(".matches", |t| t == "20 matches")
        .await;
    assert_eq!(shown_names(&world).await, expected);
    world.finish().await;
}

/// Counts the cards in the first frame after the change: what the app built
/// in one go for the new view. This frame callback is asked for before the
/// change, so it runs before any the app asks for in reaction to it.
const FIRST_DRAW: &str = r#"
    window.firstDraw = null;
    requestAnimationFrame(() => {
      window.firstDraw = document.querySelectorAll('[data-testid=artist]').length;
    });
"#;

async fn cards_first_drawn(world: &World, change: &str) -> u64 {
    // The order and the filter are at the top of the list.
    world.browser.js("window.scrollTo(0, 0);").await;
    world.browser.js(&format!("{FIRST_DRAW}{change}")).await;
    eventually("the new view's first frame", || async {
        world.browser.js("return window.firstDraw;").await.as_u64()
    })
    .await
}

#[tokio::test]
async fn a_new_view_of_a_long_list_is_drawn_as_the_reader_scrolls() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    world.login().await;
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    assert_eq!(world.shown_artist_ids().await.len(), 237);
    let requests = world.sent("GET", FOLLOWING).len();

    let first = cards_first_drawn(&world, &choose_order("az")).await;
    assert!(first <= 100, "A–Z drew {first} of 237 cards at once");
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let mut expected: Vec<String> = sample_artists(237).into_iter().map(|a| a.name).collect();
    expected.sort_by_key(|name| name.to_lowercase().replace('ó', "o"));
    assert_eq!(shown_names(&world).await, expected);

    let first = cards_first_drawn(&world, &choose_order("spotify")).await;
    assert!(
        first <= 100,
        "Spotify's order drew {first} of 237 cards at once"
    );
    world.scroll_to_the_end(Duration::from_secs(30)).await;
    let in_order: Vec<String> = sample_artists(237).into_iter().map(|a| a.id).collect();
    assert_eq!(world.shown_artist_ids().await, in_order);
    assert_eq!(
        world.sent("GET", FOLLOWING).len(),
        requests,
        "drawing what is loaded fetches nothing"
    );
    world.finish().await;
}

#[tokio::test]
async fn a_page_arriving_leaves_the_reader_where_they_were() {
    let world = World::start(|c| c.artists = sample_artists(237)).await;
    world.login().await;
    world.browser.wait_for("[data-testid=artist]").await;
    world.browser.wait_gone("[data-testid=loading]").await;
    let pages = world.sent("GET", FOLLOWING).len();

    // The reader tabs to a card near the end of what is shown, which
    // brings the next page in.
    let focused = world
        .browser
        .js(
            "const cards = document.querySelectorAll('[data-testid=artist] a[href]');
             const card = cards[cards.length - 1];
             card.focus();
             card.scrollIntoView({ block: 'end' });
             return card.closest('[data-testid=artist]').dataset.artistId;",
        )
        .await;
    eventually("the next page", || async {
        (world.sent("GET", FOLLOWING).len() > pages
            && !world.browser.is_shown("[data-testid=loading]").await)
            .then_some(())
    })
    .await;
    let now = world
        .browser
        .js("const card = document.activeElement.closest('[data-testid=artist]');
             return [card && card.dataset.artistId, card && Math.round(card.getBoundingClientRect().bottom) <= innerHeight];")
        .await;
    assert_eq!(
        now,
        serde_json::json!([focused, true]),
        "the focused card keeps focus and stays in view"
    );
    world.finish().await;
}
