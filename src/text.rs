//! Every word the app shows, the service worker's alerts included, in one
//! place so the wording is consistent. Errors travel as types (`Notice`,
//! and the core's errors) up to the screen, which shows them through these
//! words.

use crate::auth::{
    callback::{CallbackError, Malformed},
    pkce::RandomUnavailable,
    tokens::{Missing, TokenError},
};
use crate::browser::storage::WriteError;
use crate::config::InvalidClientId;
use crate::listing::CopyState;
use crate::releases::{
    alert::Alert,
    day::Day,
    found::{DayHeading, Kind},
};
use crate::sources::Source;
use crate::spotify::{
    error::{ApiError, Resource},
    pause::EndDay,
};
use std::fmt;

/// What the session's notice (the `error` element) says.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Notice {
    /// The stored login could not be read and was cleared.
    SavedLoginUnreadable,
    /// The refresh token is dead, or the session ended elsewhere.
    SessionEnded,
    LoginNotStarted(LoginStart),
    LoginNotFinished(LoginFinish),
    ClientIdInvalid(InvalidClientId),
    ClientIdNotSaved(WriteError),
    /// A Web API call failed for good.
    Api(ApiError),
    /// Storage refused the tokens: the session lives in this tab's memory.
    LoginOnlyInThisTab,
}

/// Why the tab could not be sent to Spotify's consent page.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LoginStart {
    NoRandom(RandomUnavailable),
    NotStored(WriteError),
    /// The browser refused to open the page.
    NotOpened,
}

/// Why the callback did not end logged in.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LoginFinish {
    Refused(CallbackError),
    /// The token request did not reach Spotify.
    Unreachable,
    Token(TokenError),
    /// No secure random numbers for the session's id.
    NoRandom(RandomUnavailable),
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SavedLoginUnreadable => f.write_str(
                "The saved login could not be read, so it was cleared. Please log in again.",
            ),
            Self::SessionEnded => {
                f.write_str("Your Spotify session has ended, please log in again.")
            }
            Self::LoginNotStarted(LoginStart::NoRandom(why)) => write!(f, "{why}"),
            Self::LoginNotStarted(LoginStart::NotStored(why)) => {
                write!(f, "Login could not start: {why}.")
            }
            Self::LoginNotStarted(LoginStart::NotOpened) => f.write_str(
                "Login could not start: the browser refused to open Spotify's login page.",
            ),
            Self::LoginNotFinished(LoginFinish::Refused(why)) => write!(f, "{why}"),
            Self::LoginNotFinished(LoginFinish::Unreachable) => f.write_str(
                "Could not reach Spotify to finish the login. Check your connection and log in again.",
            ),
            Self::LoginNotFinished(LoginFinish::Token(why)) => write!(f, "{why}"),
            Self::LoginNotFinished(LoginFinish::NoRandom(why)) => write!(f, "{why}"),
            Self::LoginOnlyInThisTab => f.write_str(
                "Browser storage is full or turned off for this site, so your login is kept in this tab only and will not survive a reload.",
            ),
            Self::ClientIdInvalid(why) => write!(f, "{why}"),
            Self::ClientIdNotSaved(why) => write!(f, "The client ID could not be saved: {why}."),
            Self::Api(why) => write!(f, "{why}"),
        }
    }
}

impl fmt::Display for InvalidClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("A Spotify client ID is 32 characters, each 0-9 or a-f. Copy it from your app's page in the Spotify dashboard.")
    }
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Denied => f.write_str(
                "You cancelled the login on Spotify, so nothing was shared. You can log in again whenever you like.",
            ),
            Self::Spotify(code) => write!(f, "Spotify could not complete the login ({code}). Please try again."),
            Self::NoPendingLogin => f.write_str(
                "This login link was not started from this tab, or was already used, so it was refused. Please log in again.",
            ),
            Self::StateMismatch => f.write_str(
                "This login link does not belong to the login started in this tab, so it was refused. Please log in again.",
            ),
            Self::Expired => f.write_str("The login took too long and has expired. Please log in again."),
            Self::Malformed(why) => write!(f, "The login answer from Spotify was not readable ({}). Please log in again.", match why {
                Malformed::BadEscape => "a badly escaped character",
                Malformed::RepeatedParameter => "a parameter appears twice",
                Malformed::NoState => "no state",
                Malformed::NoCode => "no code",
            }),
        }
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spotify { description: Some(text), .. } if !text.trim().is_empty() => {
                write!(f, "Spotify refused the login: {text}")
            }
            Self::Spotify { error, .. } => write!(f, "Spotify refused the login ({error})."),
            Self::Unreadable { status } => write!(
                f,
                "Spotify's login service answered with an unexpected error (HTTP {status}). Please try again."
            ),
            Self::Incomplete(what) => write!(
                f,
                "Spotify's login answer was incomplete ({}), so no one was logged in. Please try again.",
                match what {
                    Missing::Json => "not JSON",
                    Missing::AccessToken => "no access token",
                    Missing::BearerType => "not a Bearer token",
                    Missing::Expiry => "no valid expiry",
                }
            ),
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unauthorized(_) => f.write_str("Spotify no longer accepts this login. Please log in again."),
            Self::Forbidden(_) => f.write_str(
                "Spotify refused access (403). This app is in development mode and your Spotify account is not on its user list: the app's owner must add your name and e-mail under User Management in the Spotify developer dashboard.",
            ),
            Self::RateLimited { .. } => f.write_str("Spotify is receiving too many requests right now. Please wait a moment."),
            Self::Server { status } => write!(f, "Spotify is having trouble (HTTP {status}). Please try again shortly."),
            Self::Other { status, message } if message.is_empty() => write!(f, "Spotify answered with an unexpected error (HTTP {status})."),
            Self::Other { status, message } => write!(f, "Spotify answered with an error (HTTP {status}): {message}"),
            Self::Network => f.write_str("Could not reach Spotify. Check your connection and try again."),
            Self::Unreadable(what) => write!(f, "Spotify's answer could not be read ({}).", match what {
                Resource::Profile => "profile",
                Resource::FollowedArtists => "followed artists",
                Resource::Releases => "releases",
                Resource::Tracks => "tracks",
                Resource::Playlist => "playlist",
                Resource::Library => "saved songs and albums",
                Resource::Search => "artists found",
            }),
            Self::EndlessList => f.write_str("Spotify's list of the artists you follow went round in circles, so it stops here: the artists shown are all it sent."),
        }
    }
}

impl fmt::Display for RandomUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("this browser gave no secure random numbers, so login cannot start safely")
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Off => "browser storage is turned off for this site",
            Self::Full => "browser storage is full for this site",
        })
    }
}

/// What the pause note says about Spotify's long wait: until when, in the
/// reader's words and local time, and what the reader sees meanwhile.
pub(crate) struct PauseNote {
    pub(crate) quota: bool,
    /// The end's time of day ("06:52"), and its date and time ("3 Dec 2026,
    /// 06:52") for an end after tomorrow.
    pub(crate) time: String,
    pub(crate) date_time: String,
    pub(crate) day: EndDay,
    pub(crate) list_shown: bool,
}

impl fmt::Display for PauseNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let time = &self.time;
        let when = match self.day {
            EndDay::Today => time.clone(),
            EndDay::Tomorrow => format!("{time} tomorrow"),
            EndDay::Later => self.date_time.clone(),
        };
        if self.quota {
            write!(f, "Spotify's limit for this app is used up until {when}; ")?;
        } else {
            write!(f, "Spotify asked this app to wait until {when}; ")?;
        }
        f.write_str(if self.list_shown {
            "your saved list is shown."
        } else {
            "nothing more can be loaded until then."
        })
    }
}

/// Said once a pause is over, in the same polite live region.
pub(crate) const PAUSE_OVER: &str = "Spotify's wait is over: the app asks it again.";

/// The release check's progress (the `releases-progress` hook starts with
/// the number checked).
pub(crate) fn checked_artists(checked: usize, of: usize) -> String {
    format!("Checked {checked} of {of} artists")
}

pub(crate) const CHECK_DONE: &str = "Every artist you follow has been checked.";

pub(crate) const CHECK_NOT_RESUMABLE: &str =
    "Browser storage is full or turned off, so this check cannot be resumed after a reload.";

pub(crate) fn no_releases(window: &str) -> String {
    format!("Nothing new from the artists you follow in the last {window}.")
}

/// The windows the releases view offers, by their days.
pub(crate) fn window_name(days: i32) -> &'static str {
    match days {
        7 => "1 week",
        91 => "3 months",
        _ => "4 weeks",
    }
}

pub(crate) const KINDS_SHOWN: &str = "Kinds of release shown";

/// A kind as the view's choices name it.
pub(crate) fn kind_choice(kind: Kind) -> &'static str {
    match kind {
        Kind::Album => "Albums",
        Kind::Ep => "EPs",
        Kind::Single => "Singles",
        Kind::Compilation => "Compilations",
        Kind::AppearsOn => "Appears on",
    }
}

pub(crate) const HIDE_OTHER_VERSIONS: &str = "Hide remixes, live and other versions";

/// The control that mutes one artist of a release.
pub(crate) fn mute(artist: &str) -> String {
    format!("Mute {artist}")
}

pub(crate) const SAVE_PLAYLIST: &str = "Save to Spotify";
pub(crate) const SAVE_PLAYLIST_WHAT: &str = "Puts the tracks of the releases shown into your private Encore playlist in Spotify, in this order. The first time, Spotify asks you to let Encore change your private playlists.";
pub(crate) const PLAYLIST_NAME: &str = "Playlist name";
pub(crate) const OPEN_PLAYLIST: &str = "Open the playlist in Spotify";
pub(crate) const PLAYLIST_SCOPE_REFUSED: &str = "Saving to a playlist needs your permission to change your private playlists in Spotify. Nothing was saved, and you are still logged in.";

/// "Getting the tracks of 3 of 12 releases…"
pub(crate) fn getting_tracks(done: usize, of: usize) -> String {
    format!("Getting the tracks of {done} of {of} releases…")
}

/// "Adding 340 tracks…"
pub(crate) fn adding_tracks(tracks: usize) -> String {
    match tracks {
        1 => "Adding 1 track…".to_string(),
        n => format!("Adding {n} tracks…"),
    }
}

pub(crate) fn saved_tracks(tracks: usize) -> String {
    match tracks {
        0 => "Saved: nothing is shown, so the playlist is empty.".to_string(),
        1 => "Saved 1 track to your playlist.".to_string(),
        n => format!("Saved {n} tracks to your playlist."),
    }
}

pub(crate) const MUTED_ARTISTS: &str = "Muted artists";
pub(crate) const MUTED_WHAT: &str =
    "Their releases are hidden here and in alerts. You still follow them on Spotify.";
pub(crate) const UNMUTE: &str = "Unmute";

/// "Album · 12 tracks", as Spotify names the kind (an EP is Spotify's
/// single of 4 to 6 tracks).
pub(crate) fn release_kind(kind: Kind, tracks: Option<u32>) -> String {
    let kind = match kind {
        Kind::Album => "Album",
        Kind::Ep => "EP",
        Kind::Single => "Single",
        Kind::Compilation => "Compilation",
        Kind::AppearsOn => "Appears on",
    };
    match tracks {
        Some(1) => format!("{kind} · 1 track"),
        Some(n) => format!("{kind} · {n} tracks"),
        None => kind.to_string(),
    }
}

// ---- Everywhere ---------------------------------------------------------------

pub(crate) const APP_NAME: &str = "Encore";
// Said by the page itself, before any script (`ui::first_screen`).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) const NEEDS_SCRIPTS: &str = "Encore needs JavaScript and WebAssembly turned on.";
/// The label of the links between the views.
pub(crate) const VIEWS: &str = "Views";
pub(crate) const ARTISTS: &str = "Artists";
pub(crate) const RELEASES: &str = "New releases";
pub(crate) const LOGGED_IN_AS: &str = "Logged in as ";
pub(crate) const LOG_OUT: &str = "Log out";
pub(crate) const TRY_AGAIN: &str = "Try again";

// ---- The artists ----------------------------------------------------------

pub(crate) const ARTISTS_TITLE: &str = "Artists you follow";
pub(crate) const LOADING_ARTISTS: &str = "Loading artists…";

/// How many artists are in (`total`: how many Spotify says there are).
pub(crate) fn artists_loaded(loaded: usize, total: Option<u32>) -> String {
    match total {
        Some(total) => format!("{loaded} of {total} artists"),
        None => format!("{loaded} artists"),
    }
}

pub(crate) const REFRESH_NOW: &str = "Refresh now";
pub(crate) const FILTER: &str = "Filter artists by name";
pub(crate) const FILTER_HINT: &str = "Filter by name";
pub(crate) const ORDER: &str = "Order";
pub(crate) const ORDER_SPOTIFY: &str = "Spotify's order";
pub(crate) const ORDER_AZ: &str = "A–Z";
pub(crate) const LOAD_THE_REST: &str = "Load the rest to search them all";

/// How many artists the filter matches; while the list is still loading,
/// `loaded` has how many are in, of how many (if Spotify said).
pub(crate) fn matches(found: usize, loaded: Option<(usize, Option<u32>)>) -> String {
    let noun = if found == 1 { "match" } else { "matches" };
    match loaded {
        None => format!("{found} {noun}"),
        Some((loaded, total)) => {
            let total = total.map(|t| format!(" of {t}")).unwrap_or_default();
            format!("{found} {noun} among the {loaded}{total} artists loaded so far")
        }
    }
}

/// A wait Spotify asked for, counted down.
pub(crate) fn slowed_down(seconds: u32) -> String {
    format!("Spotify asked us to slow down: trying again in {seconds} s…")
}

/// An artist's followers, the count written out ("1,200").
pub(crate) fn followers(count: &str) -> String {
    format!("{count} followers")
}

// ---- Where the artists come from ---------------------------------------------

pub(crate) const SOURCES: &str = "Artists to watch";
pub(crate) const SOURCE_LIBRARY: &str = "Also the artists of my saved songs and albums";
pub(crate) const SOURCE_LIBRARY_WHAT: &str = "Counts the artists of the songs and albums you saved in Spotify. The first time, Spotify asks you to let Encore read your library; only the counts stay in this browser.";
pub(crate) const LIBRARY_THRESHOLD: &str = "Saved at least";
pub(crate) const LIBRARY_SCOPE_REFUSED: &str = "Artists from your library need your permission to read your saved songs and albums in Spotify. Nothing was read, and you are still logged in with the artists you follow.";
pub(crate) const READ_LIBRARY_AGAIN: &str = "Count again";
pub(crate) const SOURCE_FILTER: &str = "Show";
pub(crate) const SOURCE_ALL: &str = "All artists";
pub(crate) const SOURCE_FOLLOWED: &str = "Followed";
pub(crate) const SOURCE_FROM_LIBRARY: &str = "From my library";
pub(crate) const SOURCE_ADDED: &str = "Added here";
pub(crate) const ARTIST_SEARCH: &str = "Add an artist without following";
pub(crate) const ARTIST_SEARCH_HINT: &str = "Artist name";
pub(crate) const ADD_ARTIST: &str = "Add";
pub(crate) const REMOVE_ARTIST: &str = "Remove";
pub(crate) const NOTHING_FOUND: &str = "No artist by that name.";

/// A threshold choice: "1 save", "3 saves".
pub(crate) fn saves(count: u32) -> String {
    if count == 1 {
        "1 save".to_string()
    } else {
        format!("{count} saves")
    }
}

/// How the library's read is going.
pub(crate) fn library_counted(artists: usize, reading: bool) -> String {
    match (artists, reading) {
        (0, true) => "Reading your saved songs and albums…".to_string(),
        (n, true) => format!("Reading your saved songs and albums… {n} artists so far"),
        (1, false) => "1 artist from your library".to_string(),
        (n, false) => format!("{n} artists from your library"),
    }
}

/// What a card says of where its artist comes from: nothing for a followed
/// artist without saves, as the view is the followed artists' first.
pub(crate) fn card_source(source: Source, saves: Option<u32>) -> Option<String> {
    Some(match (source, saves) {
        (Source::Followed, Some(n)) => format!("followed · {n} saved"),
        (Source::Followed, None) => return None,
        (Source::Library, n) => format!("{} saved", n.unwrap_or(0)),
        (Source::Added, _) => "added here".to_string(),
    })
}

/// The remove button's name, for a screen reader.
pub(crate) fn remove_artist(name: &str) -> String {
    format!("Remove {name}")
}

/// The add button's name, for a screen reader.
pub(crate) fn add_artist(name: &str) -> String {
    format!("Add {name}")
}

pub(crate) const FOLLOWS_NO_ONE: &str = "You don't follow any artists on Spotify yet.";

/// The list's end: the followed artists, and the others watched after them.
pub(crate) fn all_artists_shown(count: usize, others: usize) -> String {
    match others {
        0 => format!("That's all {count} artists you follow."),
        1 => format!("That's all {count} artists you follow, and 1 more you watch."),
        n => format!("That's all {count} artists you follow, and {n} more you watch."),
    }
}

/// Where a list shown from the last visit stands (`when`: the visit's local
/// date and time).
pub(crate) fn saved_copy(when: &str, state: CopyState, paused: bool) -> String {
    let status = match state {
        // Not asked while Spotify wants no requests (the pause says so).
        CopyState::Checking if paused => "",
        CopyState::Checking => "Checking with Spotify…",
        CopyState::UpToDate => "Spotify's list starts the same.",
        CopyState::Refreshing => "Updating from Spotify…",
    };
    format!("Saved at your visit on {when}. {status}")
        .trim_end()
        .to_string()
}

// ---- Logging in and setting up ----------------------------------------------

pub(crate) const WELCOME: &str = "The artists you follow, all in one place";
pub(crate) const WELCOME_MORE: &str =
    "Log in with your Spotify account. Everything stays in this browser: there is no server of ours.";
pub(crate) const COMPLETING_LOGIN: &str = "Completing login…";
pub(crate) const LOG_IN: &str = "Log in with Spotify";
pub(crate) const ANOTHER_APP: &str = "Use a different Spotify app";

pub(crate) const SETUP_TITLE: &str = "Connect your own Spotify app";
pub(crate) const SETUP_CREATE: &str =
    "Open the Spotify developer dashboard and create an app, with “Web API” ticked.";
pub(crate) const SETUP_REDIRECT: &str = "Add this exact redirect URI to it: ";
pub(crate) const SETUP_USERS: &str =
    "In development mode, add each person who will log in under User Management.";
pub(crate) const SETUP_PASTE: &str = "Paste the app's client ID here:";
pub(crate) const COPY: &str = "Copy";
pub(crate) const COPIED: &str = "Copied";
pub(crate) const COPY_FAILED: &str = "Copy failed: select it and copy";
pub(crate) const CLIENT_ID: &str = "Client ID";
pub(crate) const SAVE: &str = "Save";

// ---- The releases -------------------------------------------------------------

/// Before the choice of window ("30 days").
pub(crate) const WINDOW: &str = "From the last ";
pub(crate) const CHECK_NOW: &str = "Check now";
/// The mark of a release the reader has not seen.
pub(crate) const NEW: &str = "New";

/// A day's heading: "Today", "Yesterday", or the date as the reader's
/// locale writes it (`date`).
pub(crate) fn day_heading(heading: DayHeading, date: impl FnOnce(Day) -> String) -> String {
    match heading {
        DayHeading::Today => "Today".to_string(),
        DayHeading::Yesterday => "Yesterday".to_string(),
        DayHeading::Date(day) => date(day),
    }
}

// ---- Alerts ------------------------------------------------------------------------

/// The control's name; pressed (`aria-pressed`) while alerts are on.
pub(crate) const ALERTS: &str = "Alerts";
pub(crate) const ALERTS_WHAT: &str =
    "A notification when a check finds something new from the artists you follow.";

/// Why alerts did not turn on.
pub(crate) const ALERTS_BLOCKED: &str = "Notifications are blocked for this site. To get alerts, allow notifications for it in the browser's site settings (the icon beside the address), then turn alerts on again.";
pub(crate) const ALERTS_UNSUPPORTED: &str =
    "This browser cannot show notifications, so alerts are not available here.";

/// The background alerts control's name; pressed while they are on.
pub(crate) const ALERTS_BACKGROUND: &str = "Alerts with Encore closed";
pub(crate) const ALERTS_BACKGROUND_WHAT: &str =
    "The browser wakes Encore about once a day to check for new releases, with every tab closed.";
/// Which alerts the reader's browser gives.
pub(crate) const ALERTS_WHILE_OPEN_ONLY: &str = "This browser gives alerts while Encore is open. Alerts with every tab closed need Chrome, Edge or another Chromium browser, with Encore installed.";
/// Why background alerts did not turn on.
pub(crate) const ALERTS_BACKGROUND_NOT_INSTALLED: &str = "The browser wakes installed apps only. Install Encore (Install app, in the browser's menu or address bar), open it from there, then turn this on again.";

/// A release alert's title and body.
pub(crate) fn alert(alert: &Alert) -> (String, String) {
    match alert {
        Alert::One { name, artists } => (
            format!("New release: {name}"),
            format!("by {}", artists.join(", ")),
        ),
        Alert::Many(count) => (
            format!("{count} new releases from artists you follow"),
            "Open Encore to see them.".to_string(),
        ),
    }
}

// ---- The installed app -------------------------------------------------------------

pub(crate) const NEW_VERSION: &str = "A new version is ready.";
pub(crate) const NEW_VERSION_TAKE: &str = "Reload";

/// Offline: what is shown, and when it was saved (`when`: local time).
pub(crate) fn offline(when: Option<&str>) -> String {
    match when {
        Some(when) => format!("You are offline; this is what was saved at {when}."),
        None => "You are offline; this is what was saved before.".to_string(),
    }
}
