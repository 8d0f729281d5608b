//! The session's records: the tokens (kept in this tab when storage refuses
//! them), this tab's pending login, the client ID, and forgetting a session.

use super::{
    forget_check_progress, forget_saved_list, forgotten_at_session_end, ALBUM_TRACKS, CLIENT_ID,
    PENDING_LOGIN, TOKENS, UNKEYED,
};
use crate::auth::{
    authorize::{PendingLogin, Purpose},
    tokens::TokenSet,
};
use crate::browser::storage::{self, Area, Read, WriteError};
use crate::config;
use crate::text::Notice;
use std::cell::RefCell;

/// Forgets records of versions before keys carried the public URL.
pub(crate) fn forget_unkeyed() {
    for old in UNKEYED {
        storage::remove(Area::Local, old);
    }
}

/// Forgets everything of a session: tokens, any pending login, the saved
/// list, the check and what was seen of it, the reader's choices, and
/// Spotify's pause (asked of this session; a new login starts without it).
pub(crate) fn forget_session() {
    UNSTORED.with_borrow_mut(|unstored| *unstored = None);
    for record in forgotten_at_session_end() {
        let area = if record.lives == super::Lives::Tab {
            Area::Session
        } else {
            Area::Local
        };
        storage::remove(area, &record.key());
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
    || ALBUM_TRACKS.forget(),
    forget_check_progress,
    forget_saved_list,
];

pub(crate) fn keep_tokens(tokens: &TokenSet) -> Kept {
    let mut written = TOKENS.save(tokens);
    for forget in MAKE_ROOM {
        if written != Err(WriteError::Full) {
            break;
        }
        forget();
        written = TOKENS.save(tokens);
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
    let stored = match TOKENS.read() {
        Read::Missing => StoredSession::None,
        Read::Found(tokens) => StoredSession::Tokens(tokens),
        Read::Unreadable => {
            TOKENS.forget();
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

/// Takes this tab's pending login out of storage: it is used at most once,
/// whatever the callback holds. A record this app did not write counts as none.
pub(crate) fn take_pending_login() -> Option<PendingLogin> {
    let login = PENDING_LOGIN.get();
    PENDING_LOGIN.forget();
    login
}

/// Why this tab's pending login was started, without taking it: the
/// callback's view shows the releases when a save waits for it.
pub(crate) fn pending_purpose() -> Option<Purpose> {
    PENDING_LOGIN.get().map(|login| login.purpose)
}

// ---- Client ID ---------------------------------------------------------------

/// The client ID to use: the compiled one, else one the user saved.
pub(crate) fn client_id() -> Option<String> {
    config::compiled_client_id()
        .map(str::to_string)
        .or_else(|| config::parse_client_id(&CLIENT_ID.get()?).ok())
}

pub(crate) fn save_client_id(input: &str) -> Result<String, Notice> {
    let id = config::parse_client_id(input).map_err(Notice::ClientIdInvalid)?;
    CLIENT_ID.save(&id).map_err(Notice::ClientIdNotSaved)?;
    Ok(id)
}
