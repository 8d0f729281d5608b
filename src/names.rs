//! The names the page, its service worker (`public/sw.js`) and the build
//! (`scripts/postbuild.py`) share, defined here once: the build reads this
//! file, makes a page for each route and writes the names into the worker.
//! Each is a `&str` or an array of them on one line, for that reading.

/// The releases view, below the app's public URL.
pub(crate) const RELEASES: &str = "releases";
/// Where Spotify's redirect lands, segment by segment.
pub(crate) const CALLBACK: [&str; 2] = ["spotify", "callback"];
/// The periodic sync that wakes the worker's release check.
pub(crate) const SYNC_TAG: &str = "releases";
/// The message with which a page lets a waiting new version take over.
pub(crate) const TAKE_UPDATE: &str = "SKIP_WAITING";

/// The callback route, relative to the app's public URL.
pub(crate) fn callback_route() -> String {
    CALLBACK.join("/")
}
