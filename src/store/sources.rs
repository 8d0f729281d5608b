//! The reader's sources of artists besides the followed ones, as stored:
//! each record is one reader's, and another's is not read.

use super::{ADDED_ARTISTS, LIBRARY};
use crate::sources::{added::AddedArtists, library::Library};

/// `owner`'s library choices and count, as the page stored them.
pub(crate) fn library_of(owner: &str) -> Option<Library> {
    LIBRARY.get().filter(|l| l.owner == owner && l.is_current())
}

/// The artists `owner` added here (none yet: an empty list of theirs).
pub(crate) fn added_of(owner: &str) -> AddedArtists {
    ADDED_ARTISTS
        .get()
        .filter(|a| a.owner == owner)
        .unwrap_or_else(|| AddedArtists::new(owner))
}

/// The same, from the worker's copy.
pub(crate) async fn mirrored_sources(owner: &str) -> (Option<Library>, Option<AddedArtists>) {
    let library = LIBRARY
        .mirrored()
        .await
        .filter(|l| l.owner == owner && l.is_current() && l.on);
    let added = ADDED_ARTISTS.mirrored().await.filter(|a| a.owner == owner);
    (library, added)
}
