//! localStorage and sessionStorage by key, as JSON, through gloo-storage.
//! gloo throws when the browser has storage turned off (a site setting, some
//! private modes), so each call first asks whether the area is there: an
//! unavailable store reads as empty, and a write says why it did not happen.

use gloo_storage::{errors::StorageError, LocalStorage, SessionStorage, Storage};
use serde::{de::DeserializeOwned, Serialize};

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

pub fn read<T: DeserializeOwned>(area: Area, key: &str) -> Read<T> {
    if !available(area) {
        return Read::Missing;
    }
    let value = match area {
        Area::Local => LocalStorage::get(key),
        Area::Session => SessionStorage::get(key),
    };
    match value {
        Ok(value) => Read::Found(value),
        Err(StorageError::KeyNotFound(_)) => Read::Missing,
        Err(_) => Read::Unreadable,
    }
}

/// The stored text of `key`, unread: for a value read later, or not at all.
pub fn read_text(area: Area, key: &str) -> Option<String> {
    if !available(area) {
        return None;
    }
    let store = match area {
        Area::Local => LocalStorage::raw(),
        Area::Session => SessionStorage::raw(),
    };
    store.get_item(key).ok().flatten()
}

pub fn write<T: Serialize>(area: Area, key: &str, value: &T) -> Result<(), WriteError> {
    if !available(area) {
        return Err(WriteError::Off);
    }
    match area {
        Area::Local => LocalStorage::set(key, value),
        Area::Session => SessionStorage::set(key, value),
    }
    .map_err(|_| WriteError::Full)
}

pub fn remove(area: Area, key: &str) {
    if available(area) {
        match area {
            Area::Local => LocalStorage::delete(key),
            Area::Session => SessionStorage::delete(key),
        }
    }
}
