//! What the app keeps in the browser's storage, one section per record:
//! how each is read, written and forgotten. Keys are in `keys`; what a
//! record holds is the core's (`auth::tokens`, `spotify::saved`,
//! `releases::progress`, `spotify::pause`).

use super::keys::{self, key};
use crate::auth::{
    authorize::{PendingLogin, Purpose},
    tokens::TokenSet,
};
use crate::browser::storage::{self, Area, Read, WriteError};
use crate::config;
use crate::releases::{choices::EveryReader, progress::Progress};
use crate::spotify::{
    pause::Pause,
    playlist::AlbumTracks,
    saved::{SavedHead, SavedList, StoredCopy},
};
use crate::text::Notice;
use std::cell::RefCell;

/// Forgets records of versions before keys carried the public URL.
pub(crate) fn forget_unkeyed() {
    for old in keys::UNKEYED {
        storage::remove(Area::Local, old);
    }
}

/// Forgets everything of a session: tokens, any pending login, the saved
/// list, the check and what was seen of it, and Spotify's pause (asked of
/// this session; a new login starts without it).
pub(crate) fn forget_session() {
    UNSTORED.with_borrow_mut(|unstored| *unstored = None);
    storage::remove(Area::Session, &key(keys::PENDING_LOGIN));
    for name in keys::forgotten_at_session_end() {
        storage::remove(Area::Local, &key(name));
    }
}

// ---- Tokens ----------------------------------------------------------------

thread_local! {
    /// Tokens that storage refused (full, or turned off): this tab keeps
    /// them until it closes, so the session works without surviving a reload.
    static UNSTORED: RefCell<Option<TokenSet>> = const { RefCell::new(None) };
}

/// Where the tokens were kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kept {
    Stored,
    /// Storage refused them even after the saved list and the check made room.
    ThisTabOnly,
}

/// What to give up, in order, when storage is full and the tokens must be
/// written: the releases' tracks (asked again at the next save), the check's
/// record (it is resumed from scratch at worst), then the saved list
/// (Spotify has it again).
const MAKE_ROOM: [fn(); 3] = [
    forget_album_tracks,
    forget_check_progress,
    forget_saved_list,
];

pub(crate) fn keep_tokens(tokens: &TokenSet) -> Kept {
    let mut written = storage::write(Area::Local, &key(keys::TOKENS), tokens);
    for forget in MAKE_ROOM {
        if written != Err(WriteError::Full) {
            break;
        }
        forget();
        written = storage::write(Area::Local, &key(keys::TOKENS), tokens);
    }
    let kept = match written {
        Ok(()) => Kept::Stored,
        Err(_) => Kept::ThisTabOnly,
    };
    UNSTORED.with_borrow_mut(|unstored| {
        *unstored = (kept == Kept::ThisTabOnly).then(|| tokens.clone());
    });
    kept
}

/// What storage says about the session at start-up.
pub(crate) enum StoredSession {
    None,
    Tokens(TokenSet),
    /// Something unreadable was there; it has been removed.
    Corrupt,
}

/// The session as storage has it, or as this tab keeps it when storage
/// refused it (the newer of the two for one session).
pub(crate) fn stored_session() -> StoredSession {
    let stored = match storage::read::<TokenSet>(Area::Local, &key(keys::TOKENS)) {
        Read::Missing => StoredSession::None,
        Read::Found(tokens) => StoredSession::Tokens(tokens),
        Read::Unreadable => {
            storage::remove(Area::Local, &key(keys::TOKENS));
            StoredSession::Corrupt
        }
    };
    let unstored = UNSTORED.with_borrow(Clone::clone);
    match (stored, unstored) {
        (StoredSession::Tokens(old), Some(kept)) if old.session() == kept.session() => {
            StoredSession::Tokens(kept)
        }
        (StoredSession::None, Some(kept)) => StoredSession::Tokens(kept),
        (stored, _) => stored,
    }
}

pub(crate) fn stored_tokens() -> Option<TokenSet> {
    match stored_session() {
        StoredSession::Tokens(tokens) => Some(tokens),
        _ => None,
    }
}

// ---- Pending login (this tab only) -------------------------------------------

pub(crate) fn keep_pending_login(login: &PendingLogin) -> Result<(), WriteError> {
    storage::write(Area::Session, &key(keys::PENDING_LOGIN), login)
}

/// Takes this tab's pending login out of storage: it is used at most once,
/// whatever the callback holds. A record this app did not write counts as none.
pub(crate) fn take_pending_login() -> Option<PendingLogin> {
    let login = storage::read(Area::Session, &key(keys::PENDING_LOGIN));
    storage::remove(Area::Session, &key(keys::PENDING_LOGIN));
    match login {
        Read::Found(login) => Some(login),
        _ => None,
    }
}

/// Why this tab's pending login was started, without taking it: the
/// callback's view shows the releases when a save waits for it.
pub(crate) fn pending_purpose() -> Option<Purpose> {
    match storage::read::<PendingLogin>(Area::Session, &key(keys::PENDING_LOGIN)) {
        Read::Found(login) => Some(login.purpose),
        _ => None,
    }
}

// ---- Client ID ---------------------------------------------------------------

/// The client ID to use: the compiled one, else one the user saved.
pub(crate) fn client_id() -> Option<String> {
    config::compiled_client_id()
        .map(str::to_string)
        .or_else(
            || match storage::read::<String>(Area::Local, &key(keys::CLIENT_ID)) {
                Read::Found(id) => config::parse_client_id(&id).ok(),
                _ => None,
            },
        )
}

pub(crate) fn save_client_id(input: &str) -> Result<String, Notice> {
    let id = config::parse_client_id(input).map_err(Notice::ClientIdInvalid)?;
    storage::write(Area::Local, &key(keys::CLIENT_ID), &id).map_err(Notice::ClientIdNotSaved)?;
    Ok(id)
}

pub(crate) fn forget_client_id() {
    storage::remove(Area::Local, &key(keys::CLIENT_ID));
}

// ---- The saved list ------------------------------------------------------------

/// The list from the last visit; an unreadable one is removed.
pub(crate) fn saved_list() -> Option<StoredCopy> {
    let list = match storage::read::<SavedHead>(Area::Local, &key(keys::SAVED_LIST)) {
        Read::Missing => return None,
        Read::Found(head) => StoredCopy::new(head, || {
            storage::read_text(Area::Local, &key(keys::SAVED_REST))
        }),
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
    let saved = storage::write(Area::Local, &key(keys::SAVED_LIST), &head)
        .and_then(|()| storage::write(Area::Local, &key(keys::SAVED_REST), &rest));
    if saved.is_err() {
        forget_saved_list();
    }
}

pub(crate) fn forget_saved_list() {
    storage::remove(Area::Local, &key(keys::SAVED_LIST));
    storage::remove(Area::Local, &key(keys::SAVED_REST));
}

// ---- The release check ----------------------------------------------------------
//
// Two records: the whole progress, written every so often, and the artists
// checked since (`RELEASE_CHECK_RECENT`), written after each one. Read
// together, they lose at most the artist in flight.

/// The release check's stored progress with what was checked since it was
/// written, if this version wrote them.
pub(crate) fn check_progress() -> Option<Progress> {
    let whole = match storage::read::<Progress>(Area::Local, &key(keys::RELEASE_CHECK)) {
        Read::Found(progress) => Some(progress),
        _ => None,
    };
    Progress::from_records(whole, recent_checks())
}

/// The artists checked since the whole progress was last written.
pub(crate) fn recent_checks() -> Option<Progress> {
    match storage::read::<Progress>(Area::Local, &key(keys::RELEASE_CHECK_RECENT)) {
        Read::Found(progress) if progress.is_current() => Some(progress),
        _ => None,
    }
}

/// Stores the whole progress, which then holds the recent checks too;
/// `false` when storage refused it.
pub(crate) fn save_check_progress(progress: &Progress) -> bool {
    let saved = storage::write(Area::Local, &key(keys::RELEASE_CHECK), progress).is_ok();
    if saved {
        storage::remove(Area::Local, &key(keys::RELEASE_CHECK_RECENT));
    }
    saved
}

/// Stores the artists checked since the whole progress was written;
/// `false` when storage refused them.
pub(crate) fn save_recent_checks(recent: &Progress) -> bool {
    storage::write(Area::Local, &key(keys::RELEASE_CHECK_RECENT), recent).is_ok()
}

pub(crate) fn forget_check_progress() {
    storage::remove(Area::Local, &key(keys::RELEASE_CHECK));
    storage::remove(Area::Local, &key(keys::RELEASE_CHECK_RECENT));
}

/// See [`keys::RELEASE_CHECK_BUSY`].
pub(crate) fn mark_check_busy(busy: bool) {
    if busy {
        let _ = storage::write(Area::Local, &key(keys::RELEASE_CHECK_BUSY), &true);
    } else {
        storage::remove(Area::Local, &key(keys::RELEASE_CHECK_BUSY));
    }
}

pub(crate) fn check_marked_busy() -> bool {
    storage::read_text(Area::Local, &key(keys::RELEASE_CHECK_BUSY)).is_some()
}

// ---- When the reader last saw the releases ------------------------------------

/// When the reader last looked at the new releases (ms since the epoch).
pub(crate) fn releases_seen_ms() -> Option<f64> {
    match storage::read::<f64>(Area::Local, &key(keys::RELEASES_SEEN)) {
        Read::Found(ms) => Some(ms),
        _ => None,
    }
}

/// A refused write only means more is marked new next time.
pub(crate) fn save_releases_seen(ms: f64) {
    let _ = storage::write(Area::Local, &key(keys::RELEASES_SEEN), &ms);
}

pub(crate) fn forget_releases_seen() {
    storage::remove(Area::Local, &key(keys::RELEASES_SEEN));
}

// ---- Spotify's pause --------------------------------------------------------------

pub(crate) fn stored_pause() -> Option<Pause> {
    match storage::read::<Pause>(Area::Local, &key(keys::PAUSE)) {
        Read::Found(pause) => Some(pause),
        Read::Missing | Read::Unreadable => None,
    }
}

/// Not stored (storage full or off): the tab that asked still keeps to it.
pub(crate) fn save_pause(pause: &Pause) {
    let _ = storage::write(Area::Local, &key(keys::PAUSE), pause);
}

pub(crate) fn forget_pause() {
    storage::remove(Area::Local, &key(keys::PAUSE));
}

// ---- Release alerts ---------------------------------------------------------------

/// Whether the reader turned release alerts on (a session's choice: they
/// tell of the artists its user follows).
pub(crate) fn alerts_on() -> bool {
    choice_on(keys::ALERTS)
}

/// `false` when storage refused the choice: alerts then last this visit.
pub(crate) fn save_alerts_on(on: bool) -> bool {
    save_choice(keys::ALERTS, on)
}

/// A choice kept as `true`, and as nothing when off.
fn choice_on(name: &str) -> bool {
    matches!(
        storage::read::<bool>(Area::Local, &key(name)),
        Read::Found(true)
    )
}

fn save_choice(name: &str, on: bool) -> bool {
    if on {
        storage::write(Area::Local, &key(name), &true).is_ok()
    } else {
        storage::remove(Area::Local, &key(name));
        true
    }
}

// ---- What each reader chose to see of the releases ----------------------------------

/// Every reader's choices; none when unreadable (the defaults then show).
pub(crate) fn release_choices() -> EveryReader {
    match storage::read::<EveryReader>(Area::Local, &key(keys::RELEASE_CHOICES)) {
        Read::Found(every) => every,
        Read::Missing | Read::Unreadable => EveryReader::default(),
    }
}

/// `false` when storage refused them: they then last this visit.
pub(crate) fn save_release_choices(every: &EveryReader) -> bool {
    storage::write(Area::Local, &key(keys::RELEASE_CHOICES), every).is_ok()
}

// ---- The releases' tracks, for the playlist ------------------------------------------

pub(crate) fn album_tracks() -> AlbumTracks {
    match storage::read::<AlbumTracks>(Area::Local, &key(keys::ALBUM_TRACKS)) {
        Read::Found(tracks) => tracks,
        Read::Missing | Read::Unreadable => AlbumTracks::default(),
    }
}

/// Refused (storage full): the next save asks Spotify again.
pub(crate) fn save_album_tracks(tracks: &AlbumTracks) {
    let _ = storage::write(Area::Local, &key(keys::ALBUM_TRACKS), tracks);
}

pub(crate) fn forget_album_tracks() {
    storage::remove(Area::Local, &key(keys::ALBUM_TRACKS));
}

// ---- Alerts with every tab closed ---------------------------------------------------

/// Whether the reader turned background alerts on (`app::background`).
pub(crate) fn background_alerts_on() -> bool {
    choice_on(keys::BACKGROUND_ALERTS)
}

/// `false` when storage refused the choice.
pub(crate) fn save_background_alerts(on: bool) -> bool {
    save_choice(keys::BACKGROUND_ALERTS, on)
}

/// The worker's last wake-up this origin's progress took in
/// (`keys::WORKER_TAKEN_UP`).
pub(crate) fn worker_taken_up_ms() -> Option<f64> {
    match storage::read::<f64>(Area::Local, &key(keys::WORKER_TAKEN_UP)) {
        Read::Found(ms) => Some(ms),
        _ => None,
    }
}

pub(crate) fn save_worker_taken_up(ms: f64) {
    let _ = storage::write(Area::Local, &key(keys::WORKER_TAKEN_UP), &ms);
}
