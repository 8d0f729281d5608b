//! localStorage and sessionStorage by key. Reading never fails loudly (an
//! unavailable store reads as empty); writing says when it did not happen.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// Survives reloads and is shared by the origin's tabs: tokens, settings.
    Local,
    /// This tab only: the pending login.
    Session,
}

fn store(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    // Both getters throw (SecurityError) when storage is disabled.
    match area {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

pub fn read(area: Area, key: &str) -> Option<String> {
    store(area)?.get_item(key).ok().flatten()
}

pub fn write(area: Area, key: &str, value: &str) -> Result<(), &'static str> {
    store(area)
        .ok_or("browser storage is turned off for this site")?
        .set_item(key, value)
        .map_err(|_| "browser storage is full or turned off for this site")
}

pub fn remove(area: Area, key: &str) {
    if let Some(store) = store(area) {
        // Nothing to do if removal fails: the value was not readable either.
        let _ = store.remove_item(key);
    }
}
