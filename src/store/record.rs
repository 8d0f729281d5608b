//! A stored record, as its declaration (`store::records!`) makes it: read,
//! written and forgotten by what it is, where it lives, and whether the
//! worker has a copy.

use super::key;
use crate::browser::idb::{self, Change};
use crate::browser::storage::{self, Area, Read, WriteError};
use serde::{de::DeserializeOwned, Serialize};
use std::marker::PhantomData;

/// Where a record lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lives {
    /// localStorage: every tab reads it, the first paint synchronously.
    Local,
    /// sessionStorage: this tab's only.
    Tab,
    /// IndexedDB only: written by the service worker.
    Worker,
}

/// Whether the service worker reads a record, and how its copy is kept.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ForTheWorker {
    No,
    /// Copied into IndexedDB with the page's other records while background
    /// alerts are on.
    Copied,
    /// Written into IndexedDB by whoever renews, under the renewal lock:
    /// never copied over, which could bring back a refresh token the
    /// worker rotated.
    Renewed,
    /// The worker's own (IndexedDB only).
    Own,
}

/// Whether a record outlives the session it was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outlives {
    /// Forgotten when the session ends (logout, or ended by Spotify).
    No,
    /// The app's, not the reader's (the client ID).
    Yes,
}

/// A record's declaration, whatever it holds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Declared {
    pub(crate) name: &'static str,
    pub(crate) lives: Lives,
    pub(crate) worker: ForTheWorker,
    pub(crate) outlives: Outlives,
}

impl Declared {
    pub(crate) fn key(&self) -> String {
        key(self.name)
    }
}

/// A record holding a `T`.
pub(crate) struct Record<T> {
    pub(crate) declared: Declared,
    holds: PhantomData<fn() -> T>,
}

impl<T> Record<T> {
    pub(crate) const fn declare(
        name: &'static str,
        lives: Lives,
        worker: ForTheWorker,
        outlives: Outlives,
    ) -> Self {
        Self {
            declared: Declared {
                name,
                lives,
                worker,
                outlives,
            },
            holds: PhantomData,
        }
    }

    pub(crate) fn key(&self) -> String {
        self.declared.key()
    }

    fn area(&self) -> Area {
        match self.declared.lives {
            Lives::Tab => Area::Session,
            Lives::Local | Lives::Worker => Area::Local,
        }
    }

    pub(crate) fn forget(&self) {
        storage::remove(self.area(), &self.key());
    }

    /// The record's text, unread.
    pub(crate) fn text(&self) -> Option<String> {
        storage::read_text(self.area(), &self.key())
    }

    /// The worker's copy as text, unread.
    pub(crate) async fn mirrored_text(&self) -> Option<String> {
        idb::read(&self.key()).await
    }

    pub(crate) async fn forget_mirrored(&self) -> bool {
        let key = self.key();
        idb::write(vec![Change::Remove(&key)]).await
    }
}

impl<T: Serialize + DeserializeOwned> Record<T> {
    pub(crate) fn read(&self) -> Read<T> {
        storage::read(self.area(), &self.key())
    }

    /// What the record holds, if it reads.
    pub(crate) fn get(&self) -> Option<T> {
        match self.read() {
            Read::Found(value) => Some(value),
            Read::Missing | Read::Unreadable => None,
        }
    }

    pub(crate) fn save(&self, value: &T) -> Result<(), WriteError> {
        storage::write(self.area(), &self.key(), value)
    }

    /// The worker's copy, if it reads.
    pub(crate) async fn mirrored(&self) -> Option<T> {
        serde_json::from_str(&self.mirrored_text().await?).ok()
    }

    /// Writes the worker's copy.
    pub(crate) async fn mirror(&self, value: &T) -> bool {
        let Ok(text) = serde_json::to_string(value) else {
            return false;
        };
        let key = self.key();
        idb::write(vec![Change::Put(&key, text)]).await
    }
}

impl<T: Serialize + DeserializeOwned + Default> Record<T> {
    /// What the record holds, or the default when it is missing or unreadable.
    pub(crate) fn get_or_default(&self) -> T {
        self.get().unwrap_or_default()
    }
}

/// A choice kept as `true`, and as nothing when off.
impl Record<bool> {
    pub(crate) fn is_on(&self) -> bool {
        self.get() == Some(true)
    }

    /// `false` when storage refused the choice.
    pub(crate) fn set_on(&self, on: bool) -> bool {
        if on {
            self.save(&true).is_ok()
        } else {
            self.forget();
            true
        }
    }

    pub(crate) async fn is_on_for_the_worker(&self) -> bool {
        self.mirrored().await == Some(true)
    }
}
