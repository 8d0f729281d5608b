//! Artist cards drawn a page at a time by a few lines of JavaScript
//! (`artist_cards.js`): through leptos's view, a card took tens of calls
//! into the page, and an append of 50 went over a frame's budget (README,
//! "Crates"). Here a page is one call.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/browser/artist_cards.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = fillArtistPage)]
    fn fill_artist_page(page: &web_sys::Element, cards: &str) -> Result<(), JsValue>;
}

/// Between two fields of a card, and between two cards.
pub const FIELD: char = '\u{1f}';
pub const CARD: char = '\u{1e}';

/// Replaces `page`'s children with the cards `cards` describes (see
/// `artist_cards.js`); `false` when the browser refused.
pub fn fill(page: &web_sys::Element, cards: &str) -> bool {
    fill_artist_page(page, cards).is_ok()
}
