//! The service worker's module: the release check while every tab is closed
//! (public/sw.js starts it on a periodic sync), without the app's views.

use wasm_bindgen::prelude::*;

/// Checks what the budget of one wake-up allows and tells of news; settles
/// when done, so the worker's event lasts as long as the check. `woken_ms`:
/// when the event came (`Date.now()`), before this module was loaded.
#[wasm_bindgen]
pub async fn check_in_background(woken_ms: f64) {
    encore::check_in_background(woken_ms).await;
}

fn main() {}
