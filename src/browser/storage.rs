//! localStorage and sessionStorage by key, as JSON, through gloo-storage.
//! gloo throws when the browser has storage turned off (a site setting, some
//! private modes), so each call first asks whether the area is there: an
//! unavailable store reads as empty, and a write says why it did not happen.
//!
//! Reads take the value out of JavaScript as UTF-8 through the browser's
//! `TextEncoder` rather than gloo's `get`, whose per-character copy held
//! back a repeat visit's first paint (docs/crates.md, and the README's figures).

use gloo_storage::{LocalStorage, SessionStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};
use wasm_bindgen::{prelude::*, JsCast};

#[wasm_bindgen]
extern "C" {
    /// A storage area, to call `getItem` without copying the value.
    #[wasm_bindgen(js_name = Storage)]
    type StorageArea;
    #[wasm_bindgen(method, catch, js_class = "Storage", js_name = getItem)]
    fn get_item(this: &StorageArea, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;

    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    #[wasm_bindgen(method, js_class = "TextEncoder")]
    fn encode(this: &Utf8Encoder, text: &js_sys::JsString) -> js_sys::Uint8Array;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Survives reloads and is shared by the origin's tabs: tokens, settings.
    Local,
    /// This tab only: the pending login.
    Session,
}

/// Why a value was not stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteError {
    /// The browser has storage turned off for this site.
    Off,
    /// The browser refused the write: the origin's quota is used up.
    Full,
}

/// What a key holds.
#[derive(Debug, PartialEq)]
pub enum Read<T> {
    Missing,
    Found(T),
    /// Something this app cannot read (another version, or not JSON).
    Unreadable,
}

fn available(area: Area) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    // Both getters throw (SecurityError) when storage is turned off.
    match area {
        Area::Local => matches!(window.local_storage(), Ok(Some(_))),
        Area::Session => matches!(window.session_storage(), Ok(Some(_))),
    }
}

/// gloo's storage object for `area`; `None` when the browser has storage
/// turned off (gloo's getter would throw).
fn store(area: Area) -> Option<web_sys::Storage> {
    if !available(area) {
        return None;
    }
    Some(match area {
        Area::Local => LocalStorage::raw(),
        Area::Session => SessionStorage::raw(),
    })
}

pub fn read<T: DeserializeOwned>(area: Area, key: &str) -> Read<T> {
    match read_text(area, key) {
        None => Read::Missing,
        Some(text) => match serde_json::from_str(&text) {
            Ok(value) => Read::Found(value),
            Err(_) => Read::Unreadable,
        },
    }
}

/// The stored text of `key`, unread: for a value read later, or not at all.
pub fn read_text(area: Area, key: &str) -> Option<String> {
    let text = store(area)?
        .unchecked_ref::<StorageArea>()
        .get_item(key)
        .ok()??;
    String::from_utf8(Utf8Encoder::new().encode(&text).to_vec()).ok()
}

pub fn write<T: Serialize>(area: Area, key: &str, value: &T) -> Result<(), WriteError> {
    let text = serde_json::to_string(value).map_err(|_| WriteError::Full)?;
    write_text(area, key, &text)
}

fn write_text(area: Area, key: &str, text: &str) -> Result<(), WriteError> {
    store(area)
        .ok_or(WriteError::Off)?
        .set_item(key, text)
        .map_err(|_| WriteError::Full)
}

pub fn remove(area: Area, key: &str) {
    if let Some(store) = store(area) {
        // As gloo's `delete`: a removal the browser refuses leaves nothing to do.
        let _ = store.remove_item(key);
    }
}
