//! Waiting without blocking: a timer, optionally cut short when the browser
//! comes back online; the next paint; the first timed element on screen.

use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    // The global functions, so that a page and a service worker both have them.
    #[wasm_bindgen(js_name = setTimeout, catch)]
    fn set_timeout(handler: &js_sys::Function, ms: i32) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
}

/// Calls `handler` after `ms`, in a page or a worker: the timer's handle,
/// or `None` when the browser refused.
pub fn call_after(handler: &js_sys::Function, ms: f64) -> Option<JsValue> {
    set_timeout(handler, ms.clamp(0.0, i32::MAX as f64) as i32).ok()
}

pub fn cancel(handle: &JsValue) {
    clear_timeout(handle);
}

/// Resolves after `ms`, or as soon as the browser fires `online` when
/// `until_online` is set (in a page).
pub async fn sleep(ms: f64, until_online: bool) {
    let window = web_sys::window();
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        if call_after(&resolve, ms).is_none() {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
        if let (true, Some(window)) = (until_online, &window) {
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

/// How long after the next frame [`after_first_timed_paint`] waits at most:
/// in browsers without Element Timing (Firefox, Safari), or when nothing
/// timed is drawn.
const TIMED_PAINT_CAP_MS: i32 = 200;

/// Resolves once the browser reports an element marked `elementtiming` (the
/// first artist, a release) on screen, or [`TIMED_PAINT_CAP_MS`] after the
/// next frame. A frame reaches the screen a while after the animation frame
/// that drew it (raster and compositing share the CPU with the page), and
/// work started in between delays it.
pub async fn after_first_timed_paint() {
    after_next_paint().await;
    let Some(window) = web_sys::window() else {
        return;
    };
    let mut observer = None;
    let painted = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject| {
        if let Ok(watching) = web_sys::PerformanceObserver::new(&resolve) {
            // `type` with `buffered`: a paint reported before this call counts.
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"type".into(), &"element".into());
            let _ = js_sys::Reflect::set(&options, &"buffered".into(), &true.into());
            watching.observe(options.unchecked_ref());
            observer = Some(watching);
        }
        let _ = window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, TIMED_PAINT_CAP_MS);
    });
    let _ = JsFuture::from(painted).await;
    if let Some(observer) = observer {
        observer.disconnect();
    }
}
