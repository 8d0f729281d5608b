//! The cursor pager for `/me/following`: which URL comes next, and what a
//! page adds. Pages come strictly one after another; an artist is kept once.

use super::model::{Artist, CursorPage};
use rustc_hash::FxHashSet;

/// Spotify's ids, not chosen by an attacker: a fast hash without random keys.
type IdSet = FxHashSet<String>;

/// Spotify's largest page.
pub const PAGE_SIZE: u32 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Cursor {
    Start,
    After(String),
    End,
}

#[derive(Debug)]
pub struct Pager {
    cursor: Cursor,
    seen: IdSet,
    /// Every cursor followed: one met again means the pages go round.
    followed_cursors: IdSet,
    /// The pages went round, so paging ended before Spotify said it did.
    looped: bool,
    total: Option<u32>,
}

impl Default for Pager {
    fn default() -> Self {
        Self::new()
    }
}

impl Pager {
    pub fn new() -> Self {
        Self {
            cursor: Cursor::Start,
            seen: IdSet::default(),
            followed_cursors: IdSet::default(),
            looped: false,
            total: None,
        }
    }

    /// A pager that has seen `ids` (in order) and goes on after the last,
    /// or is finished when `complete`.
    pub fn resume(ids: impl Iterator<Item = String>, total: Option<u32>, complete: bool) -> Self {
        let mut pager = Self {
            total,
            ..Self::new()
        };
        pager.resume_after(ids, complete);
        pager
    }

    /// Has seen `ids` too, after those before, and goes on after the last of
    /// them (or where it was, when there are none), or is finished when
    /// `complete`.
    pub fn resume_after(&mut self, ids: impl Iterator<Item = String>, complete: bool) {
        let mut last = None;
        for id in ids {
            self.seen.insert(id.clone());
            last = Some(id);
        }
        if complete {
            self.cursor = Cursor::End;
        } else if let Some(id) = last {
            self.cursor = Cursor::After(id);
        }
    }

    /// The next page's URL, built from the configured API base and the
    /// cursor alone (never from `next`, so a token only goes where it should).
    pub fn next_url(&self, api_base: &str) -> Option<String> {
        let base = format!("{api_base}/me/following?type=artist&limit={PAGE_SIZE}");
        match &self.cursor {
            Cursor::Start => Some(base),
            Cursor::After(id) => {
                let after: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
                Some(format!("{base}&after={after}"))
            }
            Cursor::End => None,
        }
    }

    pub fn is_done(&self) -> bool {
        self.cursor == Cursor::End
    }

    /// Paging ended because a cursor came back (see `accept`).
    pub fn looped(&self) -> bool {
        self.looped
    }

    /// Spotify's count of followed artists, once a page has told it.
    pub fn total(&self) -> Option<u32> {
        self.total
    }

    /// How many distinct artists the pages so far held.
    pub fn loaded(&self) -> usize {
        self.seen.len()
    }

    /// Takes a page in; returns the artists not seen before, in order.
    pub fn accept(&mut self, page: CursorPage) -> Vec<Artist> {
        if page.total.is_some() {
            self.total = page.total;
        }
        let last_id = page.items.last().map(|a| a.id.clone());
        let next_cursor = page.cursors.and_then(|c| c.after).or(last_id);
        self.cursor = match (page.next, next_cursor) {
            (Some(_), Some(_)) if page.items.is_empty() => Cursor::End,
            // A cursor met before (one that does not move, or pages that go
            // round between two) would fetch the same pages forever.
            (Some(_), Some(after)) if !self.followed_cursors.insert(after.clone()) => {
                self.looped = true;
                Cursor::End
            }
            (Some(_), Some(after)) => Cursor::After(after),
            _ => Cursor::End,
        };
        page.items
            .into_iter()
            .filter(|a| self.seen.insert(a.id.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spotify::model::Cursors;

    fn artist(id: &str) -> Artist {
        Artist {
            id: id.into(),
            name: id.to_uppercase(),
            images: None,
            external_urls: None,
            genres: None,
            followers: None,
        }
    }

    fn page(ids: &[&str], after: Option<&str>, more: bool) -> CursorPage {
        CursorPage {
            items: ids.iter().map(|id| artist(id)).collect(),
            next: more.then(|| "https://api.spotify.com/v1/me/following?whatever".to_string()),
            cursors: Some(Cursors {
                after: after.map(str::to_string),
            }),
            total: Some(5),
        }
    }

    const API: &str = "https://api.spotify.com/v1";

    #[test]
    fn walks_the_cursor_to_the_end() {
        let mut pager = Pager::new();
        assert_eq!(
            pager.next_url(API).as_deref(),
            Some("https://api.spotify.com/v1/me/following?type=artist&limit=50")
        );
        let first = pager.accept(page(&["a", "b"], Some("b"), true));
        assert_eq!(
            first.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(
            pager.next_url(API).as_deref(),
            Some("https://api.spotify.com/v1/me/following?type=artist&limit=50&after=b")
        );
        assert_eq!(pager.total(), Some(5));
        pager.accept(page(&["c"], None, false));
        assert!(pager.is_done());
        assert_eq!(pager.next_url(API), None);
        assert_eq!(pager.loaded(), 3);
    }

    #[test]
    fn drops_duplicates_across_pages() {
        let mut pager = Pager::new();
        pager.accept(page(&["a", "b"], Some("b"), true));
        let second = pager.accept(page(&["b", "c", "c"], Some("c"), true));
        assert_eq!(
            second.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
            ["c"]
        );
        assert_eq!(pager.loaded(), 3);
    }

    #[test]
    fn stops_on_a_cursor_that_does_not_move_or_an_empty_page() {
        let mut pager = Pager::new();
        pager.accept(page(&["a"], Some("a"), true));
        pager.accept(page(&["a"], Some("a"), true));
        assert!(pager.is_done());
        assert!(pager.looped());
        // Pages that go round between two cursors end too.
        let mut pager = Pager::new();
        pager.accept(page(&["a"], Some("a"), true));
        pager.accept(page(&["b"], Some("b"), true));
        assert!(!pager.is_done());
        pager.accept(page(&["a"], Some("a"), true));
        assert!(pager.is_done());
        assert!(pager.looped(), "ended with an error");
        let mut pager = Pager::new();
        pager.accept(page(&[], Some("x"), true));
        assert!(pager.is_done());
    }

    #[test]
    fn falls_back_to_the_last_id_without_cursors() {
        let mut pager = Pager::new();
        let mut p = page(&["a", "b"], None, true);
        p.cursors = None;
        pager.accept(p);
        assert!(pager.next_url(API).expect("more").ends_with("&after=b"));
    }

    #[test]
    fn escapes_the_cursor() {
        let mut pager = Pager::new();
        pager.accept(page(&["a&b"], Some("a&b=c"), true));
        assert!(pager
            .next_url(API)
            .expect("more")
            .ends_with("&after=a%26b%3Dc"));
    }
}
