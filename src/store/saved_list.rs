//! The list from the last visit, kept as two records: the header with the
//! first page, read at once, and the other artists, read when needed.

use super::{SAVED_LIST, SAVED_REST};
use crate::browser::storage::Read;
use crate::spotify::saved::{SavedList, StoredCopy};

/// The list from the last visit; an unreadable one is removed.
pub(crate) fn saved_list() -> Option<StoredCopy> {
    let list = match SAVED_LIST.read() {
        Read::Missing => return None,
        Read::Found(head) => StoredCopy::new(head, || SAVED_REST.text()),
        Read::Unreadable => None,
    };
    if list.is_none() {
        forget_saved_list();
    }
    list
}

/// Keeps the list for the next visit. When storage is full the old copy
/// goes too: a stale one must not outlive a failed save.
pub(crate) fn save_list(list: &SavedList, image_px: u32) {
    let (head, rest) = list.to_records(image_px);
    if SAVED_LIST
        .save(&head)
        .and_then(|()| SAVED_REST.save(&rest))
        .is_err()
    {
        forget_saved_list();
    }
}

pub(crate) fn forget_saved_list() {
    SAVED_LIST.forget();
    SAVED_REST.forget();
}
