//! Views of the list: the shown artists narrowed by a filter or put in A–Z
//! order, as pages for the same keyed list, and how much of a view is drawn.

use crate::listing::Chunk;
use crate::name_filter::{self, Order};
use rustc_hash::FxHasher;
use std::hash::Hasher;
use std::sync::Arc;

/// In the keys of [`narrowed`] pages only: the listing counts its own from 0.
const NARROWED: u64 = 1 << 63;
/// Artists per page of an A–Z view, as in a page from Spotify.
const PAGE_LEN: usize = 50;

/// The shown artists whose names match `query`, in `order`, as pages for
/// the same keyed list that shows the listing's own pages.
///
/// In Spotify's order each page keeps its matches, and a page whose
/// artists all match is the page itself, key and all. A–Z, the matches are
/// cut into pages of [`PAGE_LEN`]. A narrowed page's key follows from the
/// artists in it, so a page whose matches stay the same as the query
/// changes keeps its cards.
pub fn narrowed(chunks: &[Chunk], query: &str, order: Order) -> Vec<Chunk> {
    let query = name_filter::fold(query);
    match order {
        Order::Spotify => chunks
            .iter()
            .filter_map(|chunk| {
                let hits: Vec<(&Chunk, usize)> = hits(chunk, &query).collect();
                if hits.len() == chunk.artists.len() {
                    Some(chunk.clone())
                } else {
                    (!hits.is_empty()).then(|| narrowed_page(&hits))
                }
            })
            .collect(),
        Order::AToZ => {
            let hits: Vec<(&Chunk, usize)> = chunks.iter().flat_map(|c| hits(c, &query)).collect();
            let names: Vec<&str> = hits.iter().map(|(c, i)| c.folded[*i].as_str()).collect();
            let sorted: Vec<(&Chunk, usize)> = name_filter::a_to_z(&names)
                .into_iter()
                .map(|n| hits[n])
                .collect();
            sorted.chunks(PAGE_LEN).map(narrowed_page).collect()
        }
    }
}

/// The places in `chunk` of the artists whose names match.
fn hits<'a>(chunk: &'a Chunk, folded_query: &'a str) -> impl Iterator<Item = (&'a Chunk, usize)> {
    let names = chunk.folded.iter().enumerate();
    names
        .filter(move |(_, name)| name_filter::matches(name, folded_query))
        .map(move |(i, _)| (chunk, i))
}

/// A page of the given artists (a page and a place in it, each), keyed by
/// a hash of their keys.
fn narrowed_page(members: &[(&Chunk, usize)]) -> Chunk {
    let mut key = FxHasher::default();
    for (chunk, i) in members {
        key.write_u64(chunk.key);
        key.write_usize(*i);
    }
    Chunk {
        key: key.finish() | NARROWED,
        first: false,
        artists: Arc::new(members.iter().map(|(c, i)| c.artists[*i].clone()).collect()),
        folded: Arc::new(Vec::new()),
    }
}

/// How much of a view is drawn. A view that replaces the whole list (the
/// filter cleared, A–Z chosen) starts with a screenful or two of cards and
/// grows as the reader nears its end, as the list does while loading, so
/// that 10,000 cards are not built in one go. Pages added to a view drawn
/// to its end are drawn as they come.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Window {
    #[default]
    All,
    /// The pages that start within this many cards.
    First(usize),
}

impl Window {
    /// A new view's first cards, and how many more each step draws: about
    /// two screens of the grid on a desktop.
    pub const STEP: usize = 100;

    pub fn start() -> Self {
        Window::First(Self::STEP)
    }

    /// How many of `pages` are drawn.
    pub fn drawn(self, pages: &[Chunk]) -> usize {
        let Window::First(cards) = self else {
            return pages.len();
        };
        let mut before = 0;
        pages
            .iter()
            .take_while(|page| {
                let starts_at = before;
                before += page.artists.len();
                starts_at < cards
            })
            .count()
    }

    /// The reader nears the end of what is drawn: draws more of `pages`.
    /// `false` when every page was drawn already.
    pub fn grow(&mut self, pages: &[Chunk]) -> bool {
        let Window::First(cards) = *self else {
            return false;
        };
        let cards = cards + Self::STEP;
        let total: usize = pages.iter().map(|p| p.artists.len()).sum();
        *self = if cards >= total {
            Window::All
        } else {
            Window::First(cards)
        };
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::listing::tests::page;
    use crate::listing::Listing;

    /// Two pages from Spotify: "Name 0" … "Name 49", then "Name 50" … "Name 99".
    fn two_pages() -> Vec<Chunk> {
        let mut listing = Listing::default();
        let mut chunks = Vec::new();
        listing.accept(&mut chunks, page(0..50, 100), 0.0);
        listing.accept(&mut chunks, page(50..100, 100), 0.0);
        chunks
    }

    fn named(chunks: &[Chunk]) -> Vec<&str> {
        chunks
            .iter()
            .flat_map(|c| c.artists.iter().map(|a| a.name.as_str()))
            .collect()
    }

    #[test]
    fn narrowing_in_spotifys_order_keeps_each_pages_matches() {
        let chunks = two_pages();
        let found = narrowed(&chunks, "7", Order::Spotify);
        let sevens = [
            "Name 7", "Name 17", "Name 27", "Name 37", "Name 47", // first page
            "Name 57", "Name 67", "Name 70", "Name 71", "Name 72", "Name 73", "Name 74", "Name 75",
            "Name 76", "Name 77", "Name 78", "Name 79", "Name 87", "Name 97",
        ];
        assert_eq!(named(&found), sevens);
        assert_eq!(found.len(), 2, "one page per page with matches");
        assert!(found.iter().all(|c| c.key & NARROWED != 0 && !c.first));
        // Typing on: the second page's matches change, the first's stay.
        let more = narrowed(&chunks, "7 name", Order::Spotify);
        assert_eq!(more, found, "the same matches, the same pages");
        let fewer = narrowed(&chunks, "77", Order::Spotify);
        assert_eq!(named(&fewer), ["Name 77"]);
        assert_ne!(fewer[0].key, found[1].key);
    }

    #[test]
    fn a_page_whose_artists_all_match_is_the_page_itself() {
        let chunks = two_pages();
        let found = narrowed(&chunks, "name", Order::Spotify);
        assert_eq!(found, chunks);
        assert!(narrowed(&chunks, "nobody", Order::Spotify).is_empty());
    }

    #[test]
    fn a_window_draws_whole_pages_and_grows_to_all() {
        let mut pages = two_pages();
        pages.extend(two_pages());
        pages.extend(two_pages());
        assert_eq!(Window::All.drawn(&pages), 6);
        let mut window = Window::start();
        assert_eq!(
            window.drawn(&pages),
            2,
            "the pages starting within 100 cards"
        );
        assert!(window.grow(&pages));
        assert_eq!(window.drawn(&pages), 4);
        assert!(window.grow(&pages));
        assert_eq!(window, Window::All, "every card is drawn now");
        assert!(!window.grow(&pages), "nothing left: time to load more");
        // Small pages (few matches each) count by their cards.
        let small = narrowed(&pages, "name 7", Order::Spotify);
        assert_eq!(Window::First(1).drawn(&small), 1);
        assert_eq!(Window::start().drawn(&small), small.len());
        assert_eq!(Window::First(3).drawn(&[]), 0);
    }

    #[test]
    fn a_to_z_is_cut_into_pages_of_fifty() {
        let chunks = two_pages();
        let found = narrowed(&chunks, "", Order::AToZ);
        let names = named(&found);
        let mut expected = names.clone();
        expected.sort();
        assert_eq!(names, expected);
        assert_eq!(names.len(), 100);
        assert_eq!(
            found.iter().map(|c| c.artists.len()).collect::<Vec<_>>(),
            [50, 50]
        );
        assert!(found.iter().all(|c| c.key & NARROWED != 0));
        assert_ne!(found[0].key, found[1].key);
        assert_eq!(
            named(&narrowed(&chunks, "9", Order::AToZ))[..3],
            ["Name 19", "Name 29", "Name 39"]
        );
    }
}
