//! System notifications (the Notifications API, shown through the
//! service worker's registration): the permission, and showing one.

use super::service_worker::{container, has, registration};
use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::ServiceWorkerRegistration;

/// Whether the browser lets this site show notifications.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Granted,
    Denied,
    /// Not asked yet.
    Ask,
    /// The browser has no notifications.
    Unsupported,
}

fn has_notifications() -> bool {
    web_sys::window().is_some_and(|w| has(&w, "Notification")) && container().is_some()
}

pub fn permission() -> Permission {
    if !has_notifications() {
        return Permission::Unsupported;
    }
    match web_sys::Notification::permission() {
        web_sys::NotificationPermission::Granted => Permission::Granted,
        web_sys::NotificationPermission::Denied => Permission::Denied,
        _ => Permission::Ask,
    }
}

/// Asks the browser's permission (call it from the reader's click only).
pub async fn ask_permission() -> Permission {
    if !has_notifications() {
        return Permission::Unsupported;
    }
    if let Ok(asked) = web_sys::Notification::request_permission() {
        let _ = JsFuture::from(asked).await;
    }
    permission()
}

/// How long [`notify`] waits for the worker to be active and for the
/// browser to show the notification: the check that tells waits for it.
const NOTIFY_CAP_MS: i32 = 10_000;

/// `promise`'s value, unless it fails or takes longer than `ms`.
async fn within(promise: js_sys::Promise, ms: i32) -> Option<JsValue> {
    let late = js_sys::Promise::new(&mut |_resolve, reject: js_sys::Function| {
        if super::timer::call_after(&reject, ms.into()).is_none() {
            let _ = reject.call0(&JsValue::UNDEFINED);
        }
    });
    let both = js_sys::Array::of2(&promise, &late);
    JsFuture::from(js_sys::Promise::race(&both)).await.ok()
}

/// Shows a system notification through the worker's registration (a
/// page's `new Notification()` throws on Android); one with the same `tag`
/// replaces it. Done once the browser has shown it: `false` when it could
/// not, or did not within [`NOTIFY_CAP_MS`].
pub async fn notify(title: &str, body: &str, tag: &str) -> bool {
    // `ready` never settles without a registration: none, nothing to wait for.
    if registration().await.is_none() {
        return false;
    }
    let Some(container) = container() else {
        return false;
    };
    let Ok(ready) = container.ready() else {
        return false;
    };
    let Some(registration) = within(ready, NOTIFY_CAP_MS).await else {
        return false;
    };
    let Ok(registration) = registration.dyn_into::<ServiceWorkerRegistration>() else {
        return false;
    };
    let Ok(shown) = registration.show_notification_with_options(title, &options(body, tag)) else {
        return false;
    };
    within(shown, NOTIFY_CAP_MS).await.is_some()
}

fn options(body: &str, tag: &str) -> web_sys::NotificationOptions {
    let options = web_sys::NotificationOptions::new();
    options.set_body(body);
    options.set_tag(tag);
    options.set_icon("icon-192.png");
    options
}

/// [`notify`] from the service worker itself, through its own
/// registration: whether the browser showed it.
pub async fn notify_from_worker(title: &str, body: &str, tag: &str) -> bool {
    let Ok(worker) = js_sys::global().dyn_into::<web_sys::ServiceWorkerGlobalScope>() else {
        return false;
    };
    match worker
        .registration()
        .show_notification_with_options(title, &options(body, tag))
    {
        Ok(shown) => JsFuture::from(shown).await.is_ok(),
        Err(_) => false,
    }
}
