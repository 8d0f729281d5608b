//! The reader's sources of artists besides the followed ones, as a store:
//! artists from their library (the scope asked for when they turn it on,
//! the saves read page by page under the same retry policy and pause as
//! every request, the count kept after every page so a read stopped goes
//! on) and artists added here by name. What counts, and what a read does
//! with each page, is `sources::library`; the union is `sources`.

use super::artist_list::IMAGE_CSS_PX;
use super::client::{self, Failure};
use super::follower::Follower;
use super::generation::Generation;
use super::session::Session;
use crate::auth::authorize::{Purpose, LIBRARY_SCOPE};
use crate::browser;
use crate::config::Endpoints;
use crate::sources::{added::AddedArtists, library::Library, Sources};
use crate::spotify::error::{ApiError, Resource};
use crate::spotify::library::{
    search_url, Credited, Save, SavedAlbum, SavedList, SavedTrack, SavesPage, SearchAnswer,
};
use crate::spotify::model::Artist;
use crate::store;
use leptos::{prelude::*, task::spawn_local};
use serde::de::DeserializeOwned;

/// Where the library source stands, as the reader sees it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum LibraryNote {
    None,
    /// The tab is on its way to Spotify's consent page.
    Asking,
    /// The reader did not give the library scope.
    Refused,
    /// A read failed for good (Count again retries).
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub(crate) struct ArtistSources {
    session: Session,
    library: RwSignal<Option<Library>>,
    added: RwSignal<Option<AddedArtists>>,
    reading: RwSignal<bool>,
    note: RwSignal<LibraryNote>,
    /// The reader granted the scope before their profile was in.
    turn_on_when_known: StoredValue<bool>,
    /// What a search found, once one answered.
    found: RwSignal<Option<Vec<Artist>>>,
    searches: StoredValue<u64>,
    /// Bumped when the session's sources go, so reads on their way stop.
    generation: Generation,
    /// Told when the artists watched changed (the check may go on).
    on_change: Follower<()>,
}

impl ArtistSources {
    pub(crate) fn new(session: Session) -> Self {
        Self {
            session,
            library: RwSignal::new(None),
            added: RwSignal::new(None),
            reading: RwSignal::new(false),
            note: RwSignal::new(LibraryNote::None),
            turn_on_when_known: StoredValue::new(false),
            found: RwSignal::new(None),
            searches: StoredValue::new(0),
            generation: Generation::new(),
            on_change: Follower::new(),
        }
    }

    pub(crate) fn on_change(&self, follow: Callback<()>) {
        self.on_change.set(follow);
    }

    /// The profile arrived: this reader's sources, as stored. Their
    /// library is read again (a visit), while they keep it on.
    pub(crate) fn reader_is(self, owner: &str) {
        let known = self
            .library
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.owner == owner));
        if known {
            return;
        }
        let mut library = store::library_of(owner).unwrap_or_else(|| Library::new(owner));
        if library.on && !self.session.has_scope_untracked(LIBRARY_SCOPE) {
            // A new login asks for the followed artists alone.
            library.on = false;
        }
        let on = library.on || self.turn_on_when_known.get_value();
        self.library.set(Some(library));
        self.added.set(Some(store::added_of(owner)));
        if on {
            self.switch_on();
        }
        self.on_change.tell(());
    }

    /// Another tab changed this reader's sources: this one shows them too.
    /// A read under way here goes on from what that tab counted.
    pub(crate) fn take_up_stored(&self) {
        let Some(owner) = self
            .library
            .with_untracked(|l| l.as_ref().map(|l| l.owner.clone()))
        else {
            return;
        };
        if let Some(library) = store::library_of(&owner) {
            self.library.set(Some(library));
        }
        self.added.set(Some(store::added_of(&owner)));
        self.on_change.tell(());
    }

    /// The session ended or was replaced: its sources go from the screen
    /// (storage forgets them with the session).
    pub(crate) fn reset(&self) {
        self.generation.bump();
        self.library.set(None);
        self.added.set(None);
        self.reading.set(false);
        self.note.set(LibraryNote::None);
        self.turn_on_when_known.set_value(false);
        self.found.set(None);
    }

    // ---- What components read ----------------------------------------------

    /// The reader's sources are in (the profile named them).
    pub(crate) fn known(&self) -> bool {
        self.library.with(Option::is_some)
    }

    pub(crate) fn library_on(&self) -> bool {
        self.library.with(|l| l.as_ref().is_some_and(|l| l.on))
    }

    pub(crate) fn threshold(&self) -> u32 {
        self.library.with(|l| {
            l.as_ref()
                .map_or(crate::sources::library::DEFAULT_THRESHOLD, |l| l.threshold)
        })
    }

    /// Artists from the library above the threshold, while it is on.
    pub(crate) fn library_artists(&self) -> usize {
        self.library
            .with(|l| l.as_ref().filter(|l| l.on).map_or(0, |l| l.artists().len()))
    }

    pub(crate) fn reading(&self) -> bool {
        self.reading.get()
    }

    pub(crate) fn note(&self) -> LibraryNote {
        self.note.get()
    }

    pub(crate) fn found(&self) -> Option<Vec<Artist>> {
        self.found.get()
    }

    pub(crate) fn is_added(&self, id: &str) -> bool {
        self.added.with(|a| a.as_ref().is_some_and(|a| a.has(id)))
    }

    /// `f` of the sources as chosen (tracked).
    pub(crate) fn with<T>(&self, f: impl FnOnce(Sources<'_>) -> T) -> T {
        self.library.with(|library| {
            self.added.with(|added| {
                f(Sources {
                    library: library.as_ref().filter(|l| l.on),
                    added: added.as_ref(),
                })
            })
        })
    }

    pub(crate) fn with_untracked<T>(&self, f: impl FnOnce(Sources<'_>) -> T) -> T {
        untrack(|| self.with(f))
    }

    /// Every artist watched, `(id, name)`, for the release check.
    pub(crate) fn watched_untracked(&self, followed: &[(String, String)]) -> Vec<(String, String)> {
        self.with_untracked(|sources| sources.watched(followed))
    }

    /// Whether the check can take the sources as they are: no first read
    /// of the library under way.
    pub(crate) fn ready_untracked(&self) -> bool {
        let failed = self
            .note
            .with_untracked(|n| matches!(n, LibraryNote::Failed(_)));
        self.library
            .with_untracked(|l| check_may_go(l.as_ref(), failed))
    }

    // ---- What the reader does ----------------------------------------------

    /// The library checkbox: on asks Spotify for the scope the first time.
    pub(crate) fn turn_library(self, on: bool) {
        self.note.set(LibraryNote::None);
        if !on {
            self.change_library(|l| l.on = false);
            self.on_change.tell(());
            return;
        }
        if self.session.has_scope_untracked(LIBRARY_SCOPE) {
            self.switch_on();
            self.on_change.tell(());
        } else if self
            .session
            .ask_for_more_scope(|user_id| Purpose::ReadLibrary { user_id })
        {
            self.note.set(LibraryNote::Asking);
        }
    }

    /// Back from Spotify's consent page: `granted` or not.
    pub(crate) fn consent_answered(self, granted: bool) {
        if !granted {
            self.note.set(LibraryNote::Refused);
            return;
        }
        if self.library.with_untracked(Option::is_some) {
            self.switch_on();
            self.on_change.tell(());
        } else {
            self.turn_on_when_known.set_value(true);
        }
    }

    pub(crate) fn set_threshold(&self, threshold: u32) {
        self.change_library(|l| l.set_threshold(threshold));
    }

    /// Reads everything again (saves that were removed go).
    pub(crate) fn count_again(self) {
        self.note.set(LibraryNote::None);
        self.change_library(|l| l.read_everything(browser::now_ms()));
        self.read();
    }

    /// A pause ended, or the reader retried: a read stopped goes on.
    pub(crate) fn go_on(self) {
        self.read();
    }

    pub(crate) fn add(&self, artist: &Artist) {
        let image_px = browser::image_pixels(IMAGE_CSS_PX);
        self.change_added(|a| {
            a.add(artist, image_px);
        });
    }

    pub(crate) fn remove(&self, id: &str) {
        self.change_added(|a| a.remove(id));
    }

    /// Finds artists named like `query` (the latest query's answer wins).
    pub(crate) fn search(self, query: String) {
        let query = query.trim().to_string();
        let ticket = self.searches.get_value() + 1;
        self.searches.set_value(ticket);
        if query.is_empty() {
            self.found.set(None);
            return;
        }
        let session = self.session;
        let ended = session.guard();
        let outdated = move || ended() || self.searches.try_get_value() != Some(ticket);
        spawn_local(async move {
            let url = search_url(&Endpoints::compiled().api, &query);
            let answer =
                client::get::<SearchAnswer>(session, &url, Resource::Search, &|_| {}, &outdated)
                    .await;
            if outdated() {
                return;
            }
            match answer {
                Ok(answer) => self.found.set(Some(answer.found())),
                Err(Failure::Api(error)) => {
                    self.found.set(None);
                    session.show(crate::text::Notice::Api(error));
                }
                Err(_) => {}
            }
        });
    }

    // ---- Inside ------------------------------------------------------------

    fn switch_on(self) {
        self.turn_on_when_known.set_value(false);
        let now = browser::now_ms();
        self.change_library(|l| {
            l.on = true;
            l.begin_visit(now);
        });
        self.read();
    }

    fn change_library(&self, change: impl FnOnce(&mut Library)) {
        self.library.update(|l| {
            if let Some(l) = l {
                change(l);
                let _ = store::LIBRARY.save(l);
            }
        });
    }

    fn change_added(&self, change: impl FnOnce(&mut AddedArtists)) {
        self.added.update(|a| {
            if let Some(a) = a {
                change(a);
                let _ = store::ADDED_ARTISTS.save(a);
            }
        });
        self.on_change.tell(());
    }

    /// Reads the library's pages one after another until the count is up
    /// to date, a pause stops it (it goes on when the pause ends), or a
    /// failure does.
    fn read(self) {
        let session = self.session;
        let on = self
            .library
            .with_untracked(|l| l.as_ref().is_some_and(|l| l.on));
        if !on || self.reading.get_untracked() || session.pause().in_force().is_some() {
            return;
        }
        let ended = session.guard();
        let emptied = self.generation.guard();
        let stale = move || ended() || emptied();
        self.reading.set(true);
        spawn_local(async move {
            let api = Endpoints::compiled().api.clone();
            let image_px = browser::image_pixels(IMAGE_CSS_PX);
            loop {
                let next = self
                    .library
                    .with_untracked(|l| l.as_ref().filter(|l| l.on).and_then(Library::next_page));
                let Some((list, offset)) = next else {
                    break;
                };
                let url = list.url(&api, offset);
                let page = match list {
                    SavedList::Tracks => {
                        saves_of::<SavedTrack>(session, &url, image_px, &stale).await
                    }
                    SavedList::Albums => {
                        saves_of::<SavedAlbum>(session, &url, image_px, &stale).await
                    }
                };
                if stale() {
                    return;
                }
                match page {
                    Ok((saves, more)) => {
                        let now = browser::now_ms();
                        self.change_library(|l| l.take_page(list, offset, &saves, more, now));
                    }
                    Err(Failure::Api(error)) => {
                        self.note.set(LibraryNote::Failed(error));
                        break;
                    }
                    // Ended with the session; or goes on when the pause ends.
                    Err(Failure::SessionEnded | Failure::Dropped | Failure::Paused(_)) => break,
                }
            }
            self.reading.set(false);
            self.on_change.tell(());
        });
    }
}

/// A page of saved songs or albums (`T`), as saves to count, and whether
/// Spotify has another.
async fn saves_of<T: Credited + DeserializeOwned>(
    session: Session,
    url: &str,
    image_px: u32,
    stale: &dyn Fn() -> bool,
) -> Result<(Vec<Save>, bool), Failure> {
    let page: SavesPage<T> = client::get(session, url, Resource::Library, &|_| {}, stale).await?;
    Ok((page.saves(image_px), page.has_next()))
}

/// Whether the check may plan its round over the sources as they are: a
/// first read of the library under way would leave out artists the check
/// then forgets, so it waits for it, unless the read failed for good (the
/// reader sees why, and the check goes on over what was counted).
pub(crate) fn check_may_go(library: Option<&Library>, read_failed: bool) -> bool {
    library.is_none_or(|l| !l.on || l.counted() || read_failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_check_waits_for_a_first_read_unless_it_failed() {
        assert!(check_may_go(None, false), "no reader yet: followed only");
        let mut library = Library::new("me");
        assert!(check_may_go(Some(&library), false), "off");
        library.on = true;
        assert!(!check_may_go(Some(&library), false), "first read under way");
        assert!(check_may_go(Some(&library), true), "failed: not forever");
        library.take_page(SavedList::Tracks, 0, &[], false, 1.0);
        library.take_page(SavedList::Albums, 0, &[], false, 1.0);
        assert!(check_may_go(Some(&library), false), "counted");
    }
}
