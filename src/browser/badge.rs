//! The installed app's badge (the Badging API), where the browser has it.

use super::service_worker::call;

/// Shows `count` on the installed app's icon, or clears it at 0, where the
/// browser has app badges.
pub fn set(count: usize) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return;
    };
    let (name, args) = if count == 0 {
        ("clearAppBadge", js_sys::Array::new())
    } else {
        ("setAppBadge", js_sys::Array::of1(&(count as f64).into()))
    };
    // A promise that may reject (no installed app): nothing to do then.
    wasm_bindgen_futures::spawn_local(async move {
        call(&navigator, name, &args).await;
    });
}
