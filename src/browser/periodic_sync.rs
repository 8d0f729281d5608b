//! Periodic Background Sync: the browser waking an installed app's worker
//! (Chromium's, not Firefox's or Safari's).

use super::service_worker::{call, container, has, registration};
use wasm_bindgen::prelude::*;

/// Whether this browser wakes an installed app's worker in the background.
pub fn offered() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let Ok(registration) = js_sys::Reflect::get(&window, &"ServiceWorkerRegistration".into())
    else {
        return false;
    };
    let Ok(prototype) = js_sys::Reflect::get(&registration, &"prototype".into()) else {
        return false;
    };
    container().is_some() && has(&prototype, "periodicSync")
}

/// The registration's `periodicSync` manager, bound by hand as web-sys
/// keeps it unstable.
async fn manager() -> Option<JsValue> {
    let registration = registration().await?;
    let manager = js_sys::Reflect::get(&registration, &"periodicSync".into()).ok()?;
    (!manager.is_undefined()).then_some(manager)
}

/// Asks the browser to wake the worker with `tag` about every `every_ms`;
/// `false` when it refused (an app not installed has no such permission).
pub async fn register(tag: &str, every_ms: f64) -> bool {
    let Some(manager) = manager().await else {
        return false;
    };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"minInterval".into(), &every_ms.into());
    call(
        &manager,
        "register",
        &js_sys::Array::of2(&tag.into(), &options),
    )
    .await
}

/// No more wake-ups with `tag`.
pub async fn unregister(tag: &str) {
    if let Some(manager) = manager().await {
        call(&manager, "unregister", &js_sys::Array::of1(&tag.into())).await;
    }
}
