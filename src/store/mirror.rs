//! The service worker's copy of the page's records: a service worker cannot
//! read localStorage, so while background alerts are on the records its
//! check reads are copied into IndexedDB under the same keys, and what the
//! worker writes there (its checks, a renewal, a pause) is taken up by the
//! page. Turning background alerts off, or a session's end, removes it all.

use super::{
    copied_for_the_worker, in_the_workers_copy, BACKGROUND_ALERTS, LAST_WAKE_UP, PAUSE,
    RELEASE_CHECK, RELEASE_CHECK_RECENT, TOKENS,
};
use crate::auth::tokens::TokenSet;
use crate::browser::idb::{self, Change};
use crate::browser::storage::{self, Area};
use crate::releases::progress::Progress;
use crate::spotify::pause::Pause;

/// Copies the page's records the worker reads into IndexedDB; one missing
/// here is removed there.
pub(crate) async fn copy_from_page() -> bool {
    let keys: Vec<String> = copied_for_the_worker().map(|r| r.key()).collect();
    let changes = keys
        .iter()
        .map(|key| match storage::read_text(Area::Local, key) {
            Some(text) => Change::Put(key, text),
            None => Change::Remove(key),
        })
        .collect();
    idb::write(changes).await
}

/// Removes every record of the copy, the tokens first of all.
pub(crate) async fn forget() -> bool {
    let keys: Vec<String> = in_the_workers_copy().map(|r| r.key()).collect();
    idb::write(keys.iter().map(|key| Change::Remove(key)).collect()).await
}

/// Whether the page's copy says background alerts are on.
pub(crate) async fn background_on() -> bool {
    BACKGROUND_ALERTS.is_on_for_the_worker().await
}

/// The worker's renewal of the session `held` is of, if it made a later one.
pub(crate) async fn renewal_of(held: &TokenSet) -> Option<TokenSet> {
    TOKENS
        .mirrored()
        .await
        .filter(|found| held.is_renewed_by(found))
}

/// The check's progress as the copy has it: the page's last copy with what
/// the worker checked since.
pub(crate) async fn progress() -> Option<Progress> {
    Progress::from_records(
        RELEASE_CHECK.mirrored().await,
        RELEASE_CHECK_RECENT.mirrored().await,
    )
}

/// Stores the whole progress, which then holds the recent checks too.
pub(crate) async fn keep_progress(progress: &Progress) -> bool {
    let Ok(text) = serde_json::to_string(progress) else {
        return false;
    };
    let (whole, recent) = (RELEASE_CHECK.key(), RELEASE_CHECK_RECENT.key());
    idb::write(vec![Change::Put(&whole, text), Change::Remove(&recent)]).await
}

/// Spotify's pause as the copy has it, ending within a day as one read
/// from localStorage does (`Pause::capped`).
pub(crate) async fn pause() -> Option<Pause> {
    let pause = PAUSE.mirrored().await?;
    Some(pause.capped(crate::browser::now_ms()))
}

/// When the worker's last wake-up that checked some artist came.
pub(crate) async fn last_checking_wake_up_ms() -> Option<f64> {
    let woke = LAST_WAKE_UP.mirrored().await?;
    (woke.artists_checked > 0).then_some(woke.at_ms)
}
