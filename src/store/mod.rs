//! Every record the app stores, declared once: what it holds, its name,
//! where it lives, whether the service worker reads it, and whether it
//! outlives a session. Reading, writing and forgetting go through the
//! declaration (`record`), and every list of keys is derived from the
//! declarations. The page (`app`) and the worker (`background`) both reach
//! storage through here; what the records hold is the core's.

mod check;
pub(crate) mod mirror;
mod record;
mod saved_list;
mod session;
mod sources;

pub(crate) use check::*;
pub(crate) use record::{Declared, ForTheWorker, Lives, Outlives, Record};
pub(crate) use saved_list::*;
pub(crate) use session::*;
pub(crate) use sources::*;

use crate::auth::{authorize::PendingLogin, tokens::TokenSet};
use crate::browser;
use crate::config;
use crate::releases::{choices::EveryReader, progress::Progress, wake_up::WakeUp};
use crate::sources::{added::AddedArtists, library::Library};
use crate::spotify::{
    pause::Pause,
    playlist::AlbumTracks,
    saved::{SavedHead, SavedRest},
};

/// Declares each record, and [`EVERY`] from them.
macro_rules! records {
    ($($(#[$doc:meta])* $record:ident: $holds:ty = $name:literal, $lives:ident, worker $worker:ident, outlives $outlives:ident;)*) => {
        $(
            $(#[$doc])*
            pub(crate) const $record: Record<$holds> =
                Record::declare($name, Lives::$lives, ForTheWorker::$worker, Outlives::$outlives);
        )*
        /// Every record, as declared.
        pub(crate) const EVERY: &[Declared] = &[$($record.declared),*];
    };
}

records! {
    TOKENS: TokenSet = "tokens", Local, worker Renewed, outlives No;
    /// The login this tab started, until Spotify's redirect comes back.
    PENDING_LOGIN: PendingLogin = "pending_login", Tab, worker No, outlives No;
    /// A client ID the reader saved (where none is compiled in).
    CLIENT_ID: String = "client_id", Local, worker No, outlives Yes;
    /// The list from the last visit (`spotify::saved`): its header and first
    /// page, and the other artists apart.
    SAVED_LIST: SavedHead = "saved_list", Local, worker Copied, outlives No;
    SAVED_REST: SavedRest = "saved_list.rest", Local, worker Copied, outlives No;
    /// The new-releases check's progress (`releases::progress`).
    RELEASE_CHECK: Progress = "release_check", Local, worker Copied, outlives No;
    /// The artists checked since `RELEASE_CHECK` was last written: a small
    /// record written after every artist.
    RELEASE_CHECK_RECENT: Progress = "release_check.recent", Local, worker Copied, outlives No;
    /// Set while a tab checks with work to do, and removed last before it
    /// lets the check's lock go: storage reaches other tabs asynchronously
    /// (in order, but even after the lock has passed), so a tab that takes
    /// the lock and still sees the mark has not yet seen that tab's last
    /// progress.
    RELEASE_CHECK_BUSY: bool = "release_check.busy", Local, worker No, outlives No;
    /// When the reader last looked at the new releases (ms since the
    /// epoch): what the check found after it is new to them. Apart from the
    /// check's record, which is large: opening the view writes a number.
    RELEASES_SEEN: f64 = "releases_seen", Local, worker Copied, outlives No;
    /// Spotify's long wait (`spotify::pause`): asked of this session, so a
    /// new login starts without it.
    PAUSE: Pause = "pause", Local, worker Copied, outlives No;
    /// The reader turned release alerts on.
    ALERTS: bool = "alerts", Local, worker Copied, outlives No;
    /// What each reader chose to see of the releases (`releases::choices`):
    /// a shared computer keeps no trace of whom they muted.
    RELEASE_CHOICES: EveryReader = "release_choices", Local, worker Copied, outlives No;
    /// Each release's tracks, kept for the next save to a playlist.
    ALBUM_TRACKS: AlbumTracks = "album_tracks", Local, worker No, outlives No;
    /// The reader turned alerts with every tab closed on (`app::background`).
    BACKGROUND_ALERTS: bool = "background_alerts", Local, worker Copied, outlives No;
    /// What the reader chose about their library's artists, and the count
    /// (`sources::library`): never the songs themselves.
    LIBRARY: Library = "library", Local, worker Copied, outlives No;
    /// The artists the reader added here (`sources::added`).
    ADDED_ARTISTS: AddedArtists = "added_artists", Local, worker Copied, outlives No;
    /// The service worker's last wake-up whose checks the page's progress
    /// took in: a later one's are read, an earlier one's are not read again.
    WORKER_TAKEN_UP: f64 = "worker_taken_up", Local, worker No, outlives No;
    /// What the service worker's last wake-up did.
    LAST_WAKE_UP: WakeUp = "last_wake_up", Worker, worker Own, outlives No;
}

/// What a session's end forgets: every record in the page's storage but
/// the app's own.
pub(crate) fn forgotten_at_session_end() -> impl Iterator<Item = Declared> {
    EVERY
        .iter()
        .copied()
        .filter(|r| r.lives != Lives::Worker && r.outlives == Outlives::No)
}

/// What the page copies into the worker's IndexedDB while background alerts
/// are on.
pub(crate) fn copied_for_the_worker() -> impl Iterator<Item = Declared> {
    EVERY
        .iter()
        .copied()
        .filter(|r| r.worker == ForTheWorker::Copied)
}

/// Everything in the worker's copy, which turning background alerts off or
/// a session's end removes.
pub(crate) fn in_the_workers_copy() -> impl Iterator<Item = Declared> {
    EVERY
        .iter()
        .copied()
        .filter(|r| r.worker != ForTheWorker::No)
}

/// Web Locks, so that one tab at a time renews or checks.
pub(crate) const RENEWAL_LOCK: &str = "token-renewal";
pub(crate) const CHECK_LOCK: &str = "release-check";

/// The storage key (or lock name) of `name` for this copy of the app, e.g.
/// `encore.tokens@/encore/`. Every project site of a GitHub account shares
/// one origin: keyed by the public URL, `/encore/` and `/encore-dev/` keep
/// their sessions apart instead of renewing each other's tokens.
pub(crate) fn key(name: &str) -> String {
    keyed(name, public_path())
}

pub(crate) fn keyed(name: &str, public_path: &str) -> String {
    format!("encore.{name}@{public_path}/")
}

/// The public URL's path without its trailing slash ("" at the root): the
/// router's base, and part of every storage key. Read once, as `<base href>`
/// stays what trunk wrote while the app runs.
pub(crate) fn public_path() -> &'static str {
    static PATH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    PATH.get_or_init(|| config::router_base(&browser::base_uri()))
}

/// What another tab (or page of the origin) changed in storage, as this
/// copy of the app cares about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StorageChange {
    /// A renewal, login or logout.
    Tokens,
    /// Spotify's pause began or ended.
    Pause,
    /// The release check's whole progress.
    CheckProgress,
    /// The artists the check did since its whole progress was written.
    RecentChecks,
    /// A reader's choices of what the releases view shows.
    ReleaseChoices,
    /// The library's choice and count, or the artists added here.
    Sources,
    /// `localStorage.clear()`, by any page of the origin (every Pages site
    /// of an account shares it): everything is gone, the tokens too.
    Cleared,
    /// Another record, or another copy's.
    Other,
}

/// What the `storage` event for `key` (`None` for a clear) means to the
/// copy of the app served under `public_path`.
pub(crate) fn storage_change(key: Option<&str>, public_path: &str) -> StorageChange {
    let Some(key) = key else {
        return StorageChange::Cleared;
    };
    let is = |record: Declared| key == keyed(record.name, public_path);
    if is(TOKENS.declared) {
        StorageChange::Tokens
    } else if is(PAUSE.declared) {
        StorageChange::Pause
    } else if is(RELEASE_CHECK.declared) {
        StorageChange::CheckProgress
    } else if is(RELEASE_CHECK_RECENT.declared) {
        StorageChange::RecentChecks
    } else if is(RELEASE_CHOICES.declared) {
        StorageChange::ReleaseChoices
    } else if is(LIBRARY.declared) || is(ADDED_ARTISTS.declared) {
        StorageChange::Sources
    } else {
        StorageChange::Other
    }
}

/// Keys of versions before keys carried the public URL: their tokens and
/// lists are forgotten (no one would ever read or remove them again).
pub(crate) const UNKEYED: [&str; 4] = [
    "encore.tokens",
    "encore.saved_list",
    "encore.saved_list.rest",
    "encore.client_id",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn names(records: impl Iterator<Item = Declared>) -> Vec<&'static str> {
        records.map(|record| record.name).collect()
    }

    #[test]
    fn copies_under_different_paths_keep_apart() {
        assert_eq!(keyed("tokens", ""), "encore.tokens@/");
        assert_eq!(keyed("tokens", "/encore"), "encore.tokens@/encore/");
        assert_ne!(keyed("tokens", "/encore"), keyed("tokens", "/encore-dev"));
    }

    #[test]
    fn each_record_is_declared_once() {
        let mut all = names(EVERY.iter().copied());
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), EVERY.len());
    }

    #[test]
    fn a_session_end_forgets_all_but_the_client_id() {
        let forgotten = names(forgotten_at_session_end());
        assert!(!forgotten.contains(&CLIENT_ID.declared.name));
        for record in [TOKENS.declared, PENDING_LOGIN.declared, PAUSE.declared] {
            assert!(forgotten.contains(&record.name), "{}", record.name);
        }
        for record in [
            SAVED_LIST.declared,
            RELEASE_CHECK.declared,
            RELEASE_CHOICES.declared,
            LIBRARY.declared,
            ADDED_ARTISTS.declared,
        ] {
            assert!(forgotten.contains(&record.name), "{}", record.name);
        }
        assert!(
            !forgotten.contains(&LAST_WAKE_UP.declared.name),
            "the worker's copy goes apart"
        );
        assert_eq!(forgotten.len(), EVERY.len() - 2);
    }

    #[test]
    fn the_worker_gets_what_its_check_reads_and_never_a_copy_of_the_tokens() {
        let copied = names(copied_for_the_worker());
        for record in [
            SAVED_LIST.declared,
            SAVED_REST.declared,
            RELEASE_CHECK.declared,
            RELEASE_CHOICES.declared,
            RELEASES_SEEN.declared,
            LIBRARY.declared,
            ADDED_ARTISTS.declared,
            PAUSE.declared,
            ALERTS.declared,
            BACKGROUND_ALERTS.declared,
        ] {
            assert!(copied.contains(&record.name), "{}", record.name);
        }
        assert!(
            !copied.contains(&TOKENS.declared.name),
            "renewed, not copied"
        );
        assert!(!copied.contains(&CLIENT_ID.declared.name));
        let mirrored = names(in_the_workers_copy());
        assert!(mirrored.contains(&TOKENS.declared.name));
        assert!(mirrored.contains(&LAST_WAKE_UP.declared.name));
        assert!(!mirrored.contains(&ALBUM_TRACKS.declared.name));
    }

    #[test]
    fn each_storage_event_is_told_apart() {
        let here = "/encore";
        let change = |key: &str| storage_change(Some(key), here);
        assert_eq!(change("encore.tokens@/encore/"), StorageChange::Tokens);
        assert_eq!(change("encore.pause@/encore/"), StorageChange::Pause);
        assert_eq!(
            change("encore.release_check@/encore/"),
            StorageChange::CheckProgress
        );
        assert_eq!(
            change("encore.release_check.recent@/encore/"),
            StorageChange::RecentChecks
        );
        assert_eq!(
            change("encore.release_choices@/encore/"),
            StorageChange::ReleaseChoices
        );
        assert_eq!(change("encore.library@/encore/"), StorageChange::Sources);
        assert_eq!(
            change("encore.added_artists@/encore/"),
            StorageChange::Sources
        );
        assert_eq!(
            change("encore.release_check.busy@/encore/"),
            StorageChange::Other
        );
        assert_eq!(
            change("encore.tokens@/encore-dev/"),
            StorageChange::Other,
            "another copy's session is not this one's"
        );
        assert_eq!(change("encore.tokens@/"), StorageChange::Other);
        assert_eq!(storage_change(None, here), StorageChange::Cleared);
    }
}
