//! The service worker, system notifications and the app badge: thin calls
//! over the browser's APIs, each telling what the browser did.

use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The worker's script (public/sw.js as the release build writes it), under
/// the public URL.
const SCRIPT: &str = "sw.js";

fn has(target: &JsValue, name: &str) -> bool {
    js_sys::Reflect::has(target, &name.into()).unwrap_or(false)
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    has(&navigator, "serviceWorker").then(|| navigator.service_worker())
}

async fn registration() -> Option<ServiceWorkerRegistration> {
    let found = JsFuture::from(container()?.get_registration()).await.ok()?;
    found.dyn_into().ok()
}

/// Registers the worker at the public URL's scope. `update_ready` is called
/// when a new version has installed and waits for the reader, also one
/// found waiting now. `false` when the browser has no service workers or
/// refused.
pub async fn register(update_ready: impl Fn() + Clone + 'static) -> bool {
    let Some(container) = container() else {
        return false;
    };
    let options = web_sys::RegistrationOptions::new();
    options.set_scope("./");
    let Ok(found) = JsFuture::from(container.register_with_options(SCRIPT, &options)).await else {
        return false;
    };
    let Ok(registration) = found.dyn_into::<ServiceWorkerRegistration>() else {
        return false;
    };
    // The first version, with no page of its own yet, is no update.
    let controlled = move || container_controls();
    if registration.waiting().is_some() && controlled() {
        update_ready();
    }
    let watched = registration.clone();
    let on_found = Closure::<dyn Fn()>::new(move || {
        let Some(next) = watched.installing() else {
            return;
        };
        let seen = next.clone();
        let ready = update_ready.clone();
        let on_state = Closure::<dyn Fn()>::new(move || {
            if seen.state() == ServiceWorkerState::Installed && controlled() {
                ready();
            }
        });
        next.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
    });
    registration.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
    on_found.forget();
    true
}

fn container_controls() -> bool {
    container().is_some_and(|c| c.controller().is_some())
}

/// Lets the waiting version take over and reloads the page once it has.
pub async fn take_update() {
    let reload = || {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    let (Some(container), Some(registration)) = (container(), registration().await) else {
        reload();
        return;
    };
    let Some(waiting) = registration.waiting() else {
        reload();
        return;
    };
    let on_change = Closure::once_into_js(reload);
    container.set_oncontrollerchange(Some(on_change.unchecked_ref()));
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
    if waiting.post_message(&message).is_err() {
        reload();
    }
}

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

/// Shows `count` on the installed app's icon, or clears it at 0, where the
/// browser has app badges.
pub fn set_badge(count: usize) {
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

/// Whether this browser wakes an installed app's worker in the background
/// (Periodic Background Sync: Chromium's, not Firefox's or Safari's).
pub fn offers_periodic_sync() -> bool {
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
async fn periodic_sync() -> Option<JsValue> {
    let registration = registration().await?;
    let manager = js_sys::Reflect::get(&registration, &"periodicSync".into()).ok()?;
    (!manager.is_undefined()).then_some(manager)
}

async fn call(target: &JsValue, method: &str, args: &js_sys::Array) -> bool {
    let Ok(function) = js_sys::Reflect::get(target, &method.into()) else {
        return false;
    };
    let Some(function) = function.dyn_ref::<js_sys::Function>() else {
        return false;
    };
    let Ok(promise) = function.apply(target, args) else {
        return false;
    };
    match promise.dyn_into::<js_sys::Promise>() {
        Ok(promise) => JsFuture::from(promise).await.is_ok(),
        Err(_) => false,
    }
}

/// Asks the browser to wake the worker with `tag` about every `every_ms`;
/// `false` when it refused (an app not installed has no such permission).
pub async fn register_periodic_sync(tag: &str, every_ms: f64) -> bool {
    let Some(manager) = periodic_sync().await else {
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
pub async fn unregister_periodic_sync(tag: &str) {
    if let Some(manager) = periodic_sync().await {
        call(&manager, "unregister", &js_sys::Array::of1(&tag.into())).await;
    }
}
