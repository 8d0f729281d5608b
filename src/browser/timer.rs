//! Waiting without blocking: a timer, optionally cut short when the browser
//! comes back online; the next paint.

use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms`, or as soon as the browser fires `online` when
/// `until_online` is set.
pub async fn sleep(ms: f64, until_online: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let delay = ms.clamp(0.0, i32::MAX as f64) as i32;
        if window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, delay)
            .is_err()
        {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
        if until_online {
            let options = web_sys::AddEventListenerOptions::new();
            options.set_once(true);
            let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
                "online",
                resolve.unchecked_ref(),
                &options,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Resolves once the browser has drawn a frame (after the next animation
/// frame, in a task of its own), or after 100 ms in a hidden tab, which
/// draws no frames.
pub async fn after_next_paint() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let frame = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        let drawn = window.request_animation_frame(&resolve).is_ok();
        let cap = if drawn { 100 } else { 0 };
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, cap);
    });
    let _ = JsFuture::from(frame).await;
    sleep(0.0, false).await;
}
