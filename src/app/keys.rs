//! Where this copy of the app keeps things: the public path it is served
//! under, and the storage key (or lock name) of each record.

use crate::browser;
use crate::config;

pub(crate) const TOKENS: &str = "tokens";
pub(crate) const PENDING_LOGIN: &str = "pending_login";
pub(crate) const CLIENT_ID: &str = "client_id";
/// The list from the last visit (`spotify::saved`): its header and first
/// page, and the other artists apart.
pub(crate) const SAVED_LIST: &str = "saved_list";
pub(crate) const SAVED_REST: &str = "saved_list.rest";
/// The new-releases check's progress (`releases::progress`).
pub(crate) const RELEASE_CHECK: &str = "release_check";
/// The artists checked since `RELEASE_CHECK` was last written: a small
/// record written after every artist.
pub(crate) const RELEASE_CHECK_RECENT: &str = "release_check.recent";
/// Set while a tab checks with work to do, and removed last before it lets
/// the check's lock go: storage reaches other tabs asynchronously (in
/// order, but even after the lock has passed), so a tab that takes the lock
/// and still sees the mark has not yet seen that tab's last progress.
pub(crate) const RELEASE_CHECK_BUSY: &str = "release_check.busy";
/// When the reader last looked at the new releases: what the check found
/// after it is new to them. Apart from the check's record, which is large:
/// opening the view writes a number, not the whole record.
pub(crate) const RELEASES_SEEN: &str = "releases_seen";
/// Spotify's long wait (`spotify::pause`).
pub(crate) const PAUSE: &str = "pause";
/// The reader turned release alerts on.
pub(crate) const ALERTS: &str = "alerts";
/// What each reader chose to see of the releases (`releases::choices`).
pub(crate) const RELEASE_CHOICES: &str = "release_choices";
/// Each release's tracks, kept for the next save to a playlist.
pub(crate) const ALBUM_TRACKS: &str = "album_tracks";

/// The reader turned alerts with every tab closed on (`app::background`).
pub(crate) const BACKGROUND_ALERTS: &str = "background_alerts";

/// The service worker's last wake-up whose checks the page's progress took
/// in: a later one's are read, an earlier one's are not read again.
pub(crate) const WORKER_TAKEN_UP: &str = "worker_taken_up";

/// What the service worker's last wake-up did, in IndexedDB only.
pub(crate) const LAST_WAKE_UP: &str = "last_wake_up";

/// What the service worker's check reads, copied from localStorage into
/// IndexedDB while background alerts are on (the tokens apart: written
/// there at each renewal, under its lock).
pub(crate) const MIRRORED: [&str; 9] = [
    SAVED_LIST,
    SAVED_REST,
    RELEASE_CHECK,
    RELEASE_CHECK_RECENT,
    RELEASES_SEEN,
    PAUSE,
    ALERTS,
    RELEASE_CHOICES,
    BACKGROUND_ALERTS,
];

/// Every record this copy of the app keeps in localStorage.
pub(crate) const EVERY_RECORD: [&str; 14] = [
    TOKENS,
    CLIENT_ID,
    SAVED_LIST,
    SAVED_REST,
    RELEASE_CHECK,
    RELEASE_CHECK_RECENT,
    RELEASE_CHECK_BUSY,
    RELEASES_SEEN,
    PAUSE,
    ALERTS,
    RELEASE_CHOICES,
    ALBUM_TRACKS,
    BACKGROUND_ALERTS,
    WORKER_TAKEN_UP,
];

/// What outlives a session (a logout, or one Spotify ended): the client ID
/// is the app's, not the user's. Everything else goes, the reader's choices
/// too (a shared computer keeps no trace of whom they muted), and the pause,
/// so that no wait asked of one session outlives it.
const KEPT_AFTER_A_SESSION: [&str; 1] = [CLIENT_ID];

pub(crate) fn forgotten_at_session_end() -> impl Iterator<Item = &'static str> {
    EVERY_RECORD
        .into_iter()
        .filter(|name| !KEPT_AFTER_A_SESSION.contains(name))
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

fn keyed(name: &str, public_path: &str) -> String {
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
    let is = |name: &str| key == keyed(name, public_path);
    if is(TOKENS) {
        StorageChange::Tokens
    } else if is(PAUSE) {
        StorageChange::Pause
    } else if is(RELEASE_CHECK) {
        StorageChange::CheckProgress
    } else if is(RELEASE_CHECK_RECENT) {
        StorageChange::RecentChecks
    } else if is(RELEASE_CHOICES) {
        StorageChange::ReleaseChoices
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

    #[test]
    fn copies_under_different_paths_keep_apart() {
        assert_eq!(keyed(TOKENS, ""), "encore.tokens@/");
        assert_eq!(keyed(TOKENS, "/encore"), "encore.tokens@/encore/");
        assert_ne!(keyed(TOKENS, "/encore"), keyed(TOKENS, "/encore-dev"));
    }

    #[test]
    fn a_session_end_forgets_all_but_the_client_id() {
        let forgotten: Vec<&str> = forgotten_at_session_end().collect();
        assert!(!forgotten.contains(&CLIENT_ID));
        for name in [
            TOKENS,
            SAVED_LIST,
            RELEASE_CHECK,
            RELEASE_CHECK_RECENT,
            PAUSE,
        ] {
            assert!(forgotten.contains(&name), "{name}");
        }
        assert_eq!(forgotten.len(), EVERY_RECORD.len() - 1);
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
