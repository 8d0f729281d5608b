//! The release check's records. Two hold its progress: the whole of it,
//! written every so often, and the artists checked since
//! (`RELEASE_CHECK_RECENT`), written after each one. Read together, they
//! lose at most the artist in flight.

use super::{RELEASE_CHECK, RELEASE_CHECK_BUSY, RELEASE_CHECK_RECENT};
use crate::releases::progress::Progress;

/// The release check's stored progress with what was checked since it was
/// written, if this version wrote them.
pub(crate) fn check_progress() -> Option<Progress> {
    Progress::from_records(RELEASE_CHECK.get(), recent_checks())
}

/// The artists checked since the whole progress was last written.
pub(crate) fn recent_checks() -> Option<Progress> {
    RELEASE_CHECK_RECENT.get().filter(Progress::is_current)
}

/// Stores the whole progress, which then holds the recent checks too;
/// `false` when storage refused it.
pub(crate) fn save_check_progress(progress: &Progress) -> bool {
    let saved = RELEASE_CHECK.save(progress).is_ok();
    if saved {
        RELEASE_CHECK_RECENT.forget();
    }
    saved
}

/// Stores the artists checked since the whole progress was written;
/// `false` when storage refused them.
pub(crate) fn save_recent_checks(recent: &Progress) -> bool {
    RELEASE_CHECK_RECENT.save(recent).is_ok()
}

pub(crate) fn forget_check_progress() {
    RELEASE_CHECK.forget();
    RELEASE_CHECK_RECENT.forget();
}

/// See [`RELEASE_CHECK_BUSY`].
pub(crate) fn mark_check_busy(busy: bool) {
    RELEASE_CHECK_BUSY.set_on(busy);
}

pub(crate) fn check_marked_busy() -> bool {
    RELEASE_CHECK_BUSY.text().is_some()
}
