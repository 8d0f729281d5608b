//! Artist cards drawn a page at a time by a few lines of JavaScript
//! (`artist_cards.js`): through leptos's view, a card took tens of calls
//! into the page, and an append of 50 went over a frame's budget (docs/crates.md,
//! and the README's figures). Here a page is one call.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/browser/artist_cards.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = fillArtistPage)]
    fn fill_artist_page(
        page: &web_sys::Element,
        cards: &str,
        picture_css_px: u32,
    ) -> Result<(), JsValue>;
}

/// Replaces `page`'s children with the cards `cards` lists (JSON, see
/// `artist_cards.js`), pictures drawn `picture_css_px` wide; `false` when
/// the browser refused.
pub fn fill(page: &web_sys::Element, cards: &str, picture_css_px: u32) -> bool {
    fill_artist_page(page, cards, picture_css_px).is_ok()
}
