//! The app's service worker (`navigator.serviceWorker`): registering it,
//! and a waiting new version taking over.

use wasm_bindgen::{prelude::*, JsCast};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The worker's script (public/sw.js as the release build writes it), under
/// the public URL.
const SCRIPT: &str = "sw.js";

pub(crate) fn has(target: &JsValue, name: &str) -> bool {
    js_sys::Reflect::has(target, &name.into()).unwrap_or(false)
}

pub(crate) fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    has(&navigator, "serviceWorker").then(|| navigator.service_worker())
}

pub(crate) async fn registration() -> Option<ServiceWorkerRegistration> {
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

/// Lets the waiting version take over (the worker's message type
/// `message_type` asks it to) and reloads the page once it has.
pub async fn take_update(message_type: &'static str) {
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
    let _ = js_sys::Reflect::set(&message, &"type".into(), &message_type.into());
    if waiting.post_message(&message).is_err() {
        reload();
    }
}

/// Calls `method` of `target`, which returns a promise: whether it kept it.
pub(crate) async fn call(target: &JsValue, method: &str, args: &js_sys::Array) -> bool {
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
