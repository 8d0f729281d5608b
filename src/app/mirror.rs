//! What the page shares with its service worker while background alerts are
//! on: a service worker cannot read localStorage, so the records its check
//! needs are copied into IndexedDB under the same keys, and what the worker
//! writes there (its checks, a renewal, a pause) is taken up by the page.
//! Turning background alerts off, or logging out, removes every copy.

use super::keys::{self, key};
use crate::auth::tokens::TokenSet;
use crate::browser::idb::{self, Change};
use crate::browser::storage::{self, Area};
use crate::releases::progress::Progress;
use crate::spotify::pause::Pause;
use serde::{de::DeserializeOwned, Serialize};

/// A record as the mirror has it, read as a `T`.
pub(crate) async fn record<T: DeserializeOwned>(name: &str) -> Option<T> {
    serde_json::from_str(&idb::read(&key(name)).await?).ok()
}

async fn put<T: Serialize>(name: &str, value: &T) -> bool {
    let Ok(text) = serde_json::to_string(value) else {
        return false;
    };
    let key = key(name);
    idb::write(vec![Change::Put(&key, text)]).await
}

/// Copies the page's records the worker reads (`keys::MIRRORED`) into
/// IndexedDB; one missing here is removed there.
pub(crate) async fn copy_from_page() -> bool {
    let keys: Vec<String> = keys::MIRRORED.iter().map(|name| key(name)).collect();
    let changes = keys
        .iter()
        .map(|key| match storage::read_text(Area::Local, key) {
            Some(text) => Change::Put(key, text),
            None => Change::Remove(key),
        })
        .collect();
    idb::write(changes).await
}

/// Removes every record of the mirror, the tokens first of all.
pub(crate) async fn forget() -> bool {
    let keys: Vec<String> = [keys::TOKENS, keys::LAST_WAKE_UP]
        .into_iter()
        .chain(keys::MIRRORED)
        .map(key)
        .collect();
    idb::write(keys.iter().map(|key| Change::Remove(key)).collect()).await
}

pub(crate) async fn tokens() -> Option<TokenSet> {
    record(keys::TOKENS).await
}

/// The worker's renewal of the session `held` is of, if it made a later one.
pub(crate) async fn renewal_of(held: &TokenSet) -> Option<TokenSet> {
    tokens().await.filter(|found| held.is_renewed_by(found))
}

pub(crate) async fn keep_tokens(tokens: &TokenSet) -> bool {
    put(keys::TOKENS, tokens).await
}

pub(crate) async fn forget_tokens() -> bool {
    let key = key(keys::TOKENS);
    idb::write(vec![Change::Remove(&key)]).await
}

/// Whether the page's copy says background alerts are on.
pub(crate) async fn background_on() -> bool {
    record::<bool>(keys::BACKGROUND_ALERTS).await == Some(true)
}

/// The check's progress as the mirror has it: the page's last copy with
/// what the worker checked since.
pub(crate) async fn progress() -> Option<Progress> {
    let whole = record(keys::RELEASE_CHECK).await;
    Progress::from_records(whole, record(keys::RELEASE_CHECK_RECENT).await)
}

/// Stores the whole progress, which then holds the recent checks too.
pub(crate) async fn keep_progress(progress: &Progress) -> bool {
    let Ok(text) = serde_json::to_string(progress) else {
        return false;
    };
    let (whole, recent) = (key(keys::RELEASE_CHECK), key(keys::RELEASE_CHECK_RECENT));
    idb::write(vec![Change::Put(&whole, text), Change::Remove(&recent)]).await
}

/// Spotify's pause as the mirror has it, ending within a day as one read
/// from localStorage does (`Pause::capped`).
pub(crate) async fn pause() -> Option<Pause> {
    let pause: Pause = record(keys::PAUSE).await?;
    Some(pause.capped(crate::browser::now_ms()))
}

pub(crate) async fn keep_pause(pause: &Pause) -> bool {
    put(keys::PAUSE, pause).await
}

/// The page's saved list of followed artists, as the mirror has it.
pub(crate) async fn saved_list_texts() -> Option<(String, Option<String>)> {
    let head = idb::read(&key(keys::SAVED_LIST)).await?;
    Some((head, idb::read(&key(keys::SAVED_REST)).await))
}

/// What the worker's last wake-up did (`background::WakeUp`).
pub(crate) async fn keep_wake_up<T: Serialize>(wake_up: &T) -> bool {
    put(keys::LAST_WAKE_UP, wake_up).await
}

/// When the worker's last wake-up that checked some artist came.
pub(crate) async fn last_checking_wake_up_ms() -> Option<f64> {
    #[derive(serde::Deserialize)]
    struct Woke {
        at_ms: f64,
        artists_checked: usize,
    }
    let woke = record::<Woke>(keys::LAST_WAKE_UP).await?;
    (woke.artists_checked > 0).then_some(woke.at_ms)
}
