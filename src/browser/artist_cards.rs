//! Artist cards drawn a page at a time by a few lines of JavaScript
//! (`artist_cards.js`). Built through leptos's view, a card took about 30
//! calls from the WebAssembly into the page, each string copied on the way:
//! drawing a page of 50 took 4.8 ms (median of 200, `make bench`,
//! 2026-12-02), the bulk of an append's 16 ms budget, and some appends went
//! over it. Here a page is one call with one string: 2.0 to 2.8 ms.

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
