//! The artist list's bookkeeping, in plain Rust: which pages are shown,
//! which wait in the last visit's copy, which fresh page replaces which shown
//! one, and what to do next. `ui::library` turns it into signals and fetches.

use crate::name_filter;
use crate::spotify::{
    following::{Pager, PAGE_SIZE},
    model::{Artist, CursorPage},
    saved::{Check, Rest, SavedList, StoredCopy, Top},
};
use std::collections::VecDeque;
use std::sync::Arc;

/// One page's new artists, rendered together so appending a page touches
/// only that page's nodes.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// Unique for the listing's life, so a page replaced by a fresh one is
    /// redrawn rather than matched to the old one.
    pub key: u64,
    /// The list's first page: its first card is timed (`elementtiming`).
    pub first: bool,
    pub artists: Arc<Vec<Artist>>,
    /// The artists' names folded for the filter box, in the same order.
    pub folded: Arc<Vec<String>>,
}

/// What the list should do when the reader nears its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Show the copy's next page (no request).
    Reveal,
    /// Fetch this URL.
    Fetch(String),
    /// Nothing until Spotify has answered about the copy.
    AwaitCheck,
    /// Every page is shown.
    Done,
}

/// Where a list shown from the last visit's copy stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CopyState {
    /// Spotify's first page is on its way.
    Checking,
    /// Spotify's first page and count match: nothing more is fetched.
    UpToDate,
    /// Fresh pages are replacing the copy's.
    Refreshing,
}

/// The list after a page was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    pub loaded: usize,
    pub total: Option<u32>,
    pub done: bool,
    /// The last shown page of the copy was just replaced by a fresh one.
    pub copy_replaced: bool,
    /// Spotify's pages went round in circles: the list stops, unfinished.
    pub looped: bool,
}

#[derive(Debug, Default)]
pub struct Listing {
    pager: Pager,
    unrevealed: VecDeque<Vec<Artist>>,
    /// The copy's artists after its first page, read when first needed.
    rest: Option<Rest>,
    /// The copy had every page.
    copy_complete: bool,
    unchecked: Option<Top>,
    /// While fresh pages replace shown ones: the index of the next to replace.
    replacing: Option<usize>,
    fetched_at_ms: f64,
    owner: Option<String>,
    next_key: u64,
    /// Changed since the copy was read or last saved.
    unsaved: bool,
}

impl Listing {
    /// A listing that shows `copy` page by page until Spotify confirms it.
    pub fn from_copy(copy: StoredCopy) -> Self {
        let StoredCopy { head, top, rest } = copy;
        let whole = rest.is_empty();
        let mut listing = Self {
            pager: Pager::resume(
                head.artists.iter().map(|a| a.id.clone()),
                head.total,
                head.complete && whole,
            ),
            rest: (!whole).then_some(rest),
            copy_complete: head.complete,
            fetched_at_ms: head.saved_at_ms,
            owner: Some(head.user_id),
            unchecked: Some(top),
            ..Self::default()
        };
        listing.push_unrevealed(head.artists);
        listing
    }

    pub fn next(&self, api_base: &str) -> Next {
        if self.replacing.is_none() && (!self.unrevealed.is_empty() || self.rest.is_some()) {
            return Next::Reveal;
        }
        if self.unchecked.is_some() {
            return Next::AwaitCheck;
        }
        match self.pager.next_url(api_base) {
            Some(url) => Next::Fetch(url),
            None => Next::Done,
        }
    }

    /// The URL of Spotify's first page, to check the copy with.
    pub fn check_url(api_base: &str) -> Option<String> {
        Pager::new().next_url(api_base)
    }

    pub fn is_checking(&self) -> bool {
        self.unchecked.is_some()
    }

    pub fn is_replacing(&self) -> bool {
        self.replacing.is_some()
    }

    /// Records whose list this is; `false` when the copy shown was someone
    /// else's (the caller then starts a new listing).
    pub fn set_owner(&mut self, user_id: &str) -> bool {
        let same = self.owner.as_deref().is_none_or(|o| o == user_id);
        if self.owner.is_none() {
            self.unsaved = true;
        }
        self.owner = Some(user_id.to_string());
        same
    }

    /// Shows the copy's next page, if one is left.
    pub fn reveal(&mut self, chunks: &mut Vec<Chunk>) -> Option<Placed> {
        if self.unrevealed.is_empty() {
            self.unpack_rest();
        }
        let page = self.unrevealed.pop_front()?;
        Some(self.place(chunks, page))
    }

    /// Reads the copy's artists after its first page into pages, once (or
    /// not at all when it is done before the second page is needed). When
    /// they do not read back, the pager goes on after the first page and
    /// Spotify has the rest.
    pub fn unpack_rest(&mut self) {
        let Some(artists) = self.rest.take().and_then(|rest| rest.read()) else {
            return;
        };
        let ids = artists.iter().map(|a| a.id.clone());
        self.pager.resume_after(ids, self.copy_complete);
        self.push_unrevealed(artists);
    }

    /// Queues the copy's `artists` to be shown in pages of Spotify's size.
    fn push_unrevealed(&mut self, artists: Vec<Artist>) {
        let mut artists = artists.into_iter().peekable();
        while artists.peek().is_some() {
            let page = artists.by_ref().take(PAGE_SIZE as usize).collect();
            self.unrevealed.push_back(page);
        }
    }

    /// Spotify's first page came for the copy: keep it, or start replacing.
    /// `None` when no copy awaits a check (it was dropped meanwhile).
    pub fn checked(&mut self, page: &CursorPage, now_ms: f64) -> Option<Check> {
        let verdict = self.unchecked.take()?.check(page, now_ms);
        if verdict == Check::Refresh {
            self.begin_replacing(now_ms);
        }
        Some(verdict)
    }

    /// Fresh pages from the first on will take the shown ones' places.
    pub fn begin_replacing(&mut self, now_ms: f64) {
        self.pager = Pager::new();
        self.unrevealed.clear();
        self.rest = None;
        self.unchecked = None;
        self.replacing = Some(0);
        self.fetched_at_ms = now_ms;
    }

    /// Takes a page from Spotify in and puts its new artists on screen.
    pub fn accept(&mut self, chunks: &mut Vec<Chunk>, page: CursorPage, now_ms: f64) -> Placed {
        if self.pager.loaded() == 0 && self.replacing.is_none() {
            self.fetched_at_ms = now_ms;
        }
        let fresh = self.pager.accept(page);
        self.unsaved = true;
        self.place(chunks, fresh)
    }

    /// Puts a page at the end, or in the place of the shown page it replaces.
    fn place(&mut self, chunks: &mut Vec<Chunk>, artists: Vec<Artist>) -> Placed {
        let pager_done = self.pager.is_done();
        let key = self.next_key;
        self.next_key += 1;
        let folded = artists.iter().map(|a| name_filter::fold(&a.name)).collect();
        let mut chunk = Chunk {
            key,
            first: false,
            artists: Arc::new(artists),
            folded: Arc::new(folded),
        };
        let replacing = self.replacing.take();
        match replacing {
            Some(index) => {
                chunk.first = index == 0;
                let next = if chunk.artists.is_empty() {
                    index
                } else if index < chunks.len() {
                    chunks[index] = chunk;
                    index + 1
                } else {
                    chunks.push(chunk);
                    index + 1
                };
                if pager_done {
                    chunks.truncate(next);
                } else if next < chunks.len() {
                    self.replacing = Some(next);
                }
            }
            None => {
                chunk.first = chunks.is_empty();
                if !chunk.artists.is_empty() {
                    chunks.push(chunk);
                }
            }
        }
        Placed {
            loaded: chunks.iter().map(|c| c.artists.len()).sum(),
            total: self.pager.total(),
            done: pager_done && self.replacing.is_none() && self.unrevealed.is_empty(),
            copy_replaced: replacing.is_some() && self.replacing.is_none(),
            looped: self.pager.looped(),
        }
    }

    /// What to keep for the next visit: shown and unrevealed artists, when
    /// something changed since the last save, the owner is known, no shown
    /// page is waiting to be replaced or checked, and the copy was read whole.
    pub fn to_saved(&self, chunks: &[Chunk]) -> Option<SavedList> {
        if !self.unsaved
            || self.replacing.is_some()
            || self.unchecked.is_some()
            || self.rest.is_some()
        {
            return None;
        }
        let artists = chunks
            .iter()
            .flat_map(|c| c.artists.iter())
            .chain(self.unrevealed.iter().flatten())
            .cloned()
            .collect();
        Some(SavedList {
            user_id: self.owner.clone()?,
            saved_at_ms: self.fetched_at_ms,
            total: self.pager.total(),
            complete: self.pager.is_done(),
            artists,
        })
    }

    /// The list was written to storage.
    pub fn saved(&mut self) {
        self.unsaved = false;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::spotify::model::Cursors;

    const API: &str = "https://api.spotify.com/v1";

    fn artist(n: usize) -> Artist {
        Artist {
            id: format!("id{n}"),
            name: format!("Name {n}"),
            images: None,
            external_urls: None,
            genres: None,
            followers: None,
        }
    }

    pub(crate) fn page(ids: std::ops::Range<usize>, total: u32) -> CursorPage {
        let more = ids.end < total as usize;
        CursorPage {
            cursors: Some(Cursors {
                after: ids.clone().last().map(|n| format!("id{n}")),
            }),
            items: ids.map(artist).collect(),
            next: more.then(|| "next".into()),
            total: Some(total),
        }
    }

    /// A copy of the first `count` of `total` artists, as read from storage.
    fn copy(count: usize, total: u32) -> StoredCopy {
        let list = SavedList {
            user_id: "u1".into(),
            saved_at_ms: 1_000.0,
            total: Some(total),
            complete: count == total as usize,
            artists: (0..count).map(artist).collect(),
        };
        StoredCopy::stored(&list, 160)
    }

    fn shown(chunks: &[Chunk]) -> Vec<String> {
        chunks
            .iter()
            .flat_map(|c| c.artists.iter().map(|a| a.id.clone()))
            .collect()
    }

    #[test]
    fn pages_from_spotify_are_appended_in_order() {
        let mut listing = Listing::default();
        let mut chunks = Vec::new();
        assert_eq!(
            listing.next(API),
            Next::Fetch(format!("{API}/me/following?type=artist&limit=50"))
        );
        let placed = listing.accept(&mut chunks, page(0..50, 60), 5.0);
        assert_eq!((placed.loaded, placed.done), (50, false));
        assert!(chunks[0].first);
        let placed = listing.accept(&mut chunks, page(50..60, 60), 6.0);
        assert_eq!(
            (placed.loaded, placed.total, placed.done),
            (60, Some(60), true)
        );
        assert!(!chunks[1].first);
        assert_eq!(listing.next(API), Next::Done);
        assert_eq!(listing.to_saved(&chunks), None, "no owner yet");
        listing.set_owner("u1");
        let saved = listing.to_saved(&chunks).expect("saved");
        assert_eq!(
            (saved.saved_at_ms, saved.complete, saved.artists.len()),
            (5.0, true, 60)
        );
    }

    #[test]
    fn a_copy_is_revealed_page_by_page_and_waits_for_its_check() {
        let mut listing = Listing::from_copy(copy(120, 237));
        let mut chunks = Vec::new();
        assert_eq!(listing.next(API), Next::Reveal);
        listing.reveal(&mut chunks);
        listing.reveal(&mut chunks);
        let placed = listing.reveal(&mut chunks).expect("third page");
        assert_eq!(
            (placed.loaded, placed.total, placed.done),
            (120, Some(237), false)
        );
        assert_eq!(
            listing.next(API),
            Next::AwaitCheck,
            "nothing beyond the copy before the check"
        );
        assert_eq!(
            listing.to_saved(&chunks),
            None,
            "an unchecked copy is not saved again"
        );
        assert_eq!(
            listing.checked(&page(0..50, 237), 2_000.0),
            Some(Check::UpToDate)
        );
        assert_eq!(
            listing.checked(&page(0..50, 237), 2_000.0),
            None,
            "checked once"
        );
        assert!(matches!(listing.next(API), Next::Fetch(url) if url.ends_with("&after=id119")));
    }

    #[test]
    fn the_copys_rest_is_read_when_its_second_page_is_needed() {
        let mut listing = Listing::from_copy(copy(237, 237));
        assert_eq!(listing.to_saved(&[]), None);
        let mut chunks = Vec::new();
        let mut sizes = Vec::new();
        while let Some(placed) = listing.reveal(&mut chunks) {
            sizes.push(chunks.last().map(|c| c.artists.len()));
            if placed.done {
                break;
            }
        }
        assert_eq!(sizes, [50, 50, 50, 50, 37].map(Some));
        assert_eq!(
            shown(&chunks),
            (0..237).map(|n| format!("id{n}")).collect::<Vec<_>>()
        );
        listing.checked(&page(0..50, 237), 2_000.0);
        assert_eq!(listing.next(API), Next::Done);
    }

    #[test]
    fn the_rest_read_early_is_read_once() {
        let mut listing = Listing::from_copy(copy(120, 120));
        listing.unpack_rest();
        listing.unpack_rest();
        let mut chunks = Vec::new();
        while listing.reveal(&mut chunks).is_some() {}
        assert_eq!(
            shown(&chunks),
            (0..120).map(|n| format!("id{n}")).collect::<Vec<_>>()
        );
        assert_eq!(
            chunks.iter().map(|c| c.artists.len()).collect::<Vec<_>>(),
            [50, 50, 20],
            "pages of Spotify's size"
        );
    }

    #[test]
    fn a_rest_that_does_not_read_back_is_fetched_from_spotify() {
        let list = SavedList {
            user_id: "u1".into(),
            saved_at_ms: 1_000.0,
            total: Some(120),
            complete: true,
            artists: (0..120).map(artist).collect(),
        };
        let (head, _) = list.to_records(160);
        let head = serde_json::from_str(&serde_json::to_string(&head).expect("written"));
        let broken = StoredCopy::new(head.expect("the head reads"), || Some("[oops".into()))
            .expect("a copy");
        let mut listing = Listing::from_copy(broken);
        let mut chunks = Vec::new();
        listing.reveal(&mut chunks);
        assert!(
            listing.reveal(&mut chunks).is_none(),
            "nothing more to reveal"
        );
        listing.checked(&page(0..50, 120), 2_000.0);
        assert!(matches!(listing.next(API), Next::Fetch(url) if url.ends_with("&after=id49")));
    }

    #[test]
    fn a_changed_list_replaces_shown_pages_in_place() {
        let mut listing = Listing::from_copy(copy(150, 150));
        let mut chunks = Vec::new();
        listing.reveal(&mut chunks);
        listing.reveal(&mut chunks);
        let old_keys: Vec<u64> = chunks.iter().map(|c| c.key).collect();
        // One artist unfollowed at the top: total 149.
        let now = 3_000.0;
        assert_eq!(
            listing.checked(&page(1..51, 150), now),
            Some(Check::Refresh)
        );
        let first = listing.accept(&mut chunks, page(1..51, 150), now);
        assert_eq!(
            chunks.len(),
            2,
            "the second shown page stays until replaced"
        );
        assert!(!first.copy_replaced && listing.is_replacing());
        assert!(chunks[0].first && chunks[0].key != old_keys[0]);
        assert_eq!(chunks[1].key, old_keys[1]);
        let Next::Fetch(url) = listing.next(API) else {
            panic!("fetch the next fresh page")
        };
        assert!(url.ends_with("&after=id50"));
        let second = listing.accept(&mut chunks, page(51..101, 150), now);
        assert!(second.copy_replaced && !listing.is_replacing());
        assert_eq!(
            shown(&chunks),
            (1..101).map(|n| format!("id{n}")).collect::<Vec<_>>()
        );
        // The unrevealed rest of the copy is gone: the pager goes on from Spotify.
        assert!(matches!(listing.next(API), Next::Fetch(url) if url.ends_with("&after=id100")));
        assert_eq!(listing.to_saved(&chunks).expect("saved").saved_at_ms, now);
    }

    #[test]
    fn a_list_that_shrank_below_the_shown_pages_is_cut_to_size() {
        let mut listing = Listing::from_copy(copy(100, 100));
        let mut chunks = Vec::new();
        listing.reveal(&mut chunks);
        listing.reveal(&mut chunks);
        listing.checked(&page(0..30, 30), 2.0);
        let placed = listing.accept(&mut chunks, page(0..30, 30), 2.0);
        assert!(placed.done && placed.copy_replaced);
        assert_eq!(shown(&chunks).len(), 30);
        assert_eq!(chunks.len(), 1);
    }

    #[test]
    fn someone_elses_copy_is_noticed() {
        let mut listing = Listing::from_copy(copy(10, 10));
        assert!(listing.set_owner("u1"));
        assert!(!listing.set_owner("u2"));
        assert!(Listing::default().set_owner("u2"));
    }
}
