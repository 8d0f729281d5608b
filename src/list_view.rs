//! Views of the list: the shown artists narrowed by a filter or put in A–Z
//! order, as pages for the same keyed list, the pages cut so that they read
//! as one grid, and how much of a view is drawn.

use crate::listing::Chunk;
use crate::name_filter::{self, Order};
use crate::spotify::model::Artist;
use rustc_hash::FxHasher;
use std::hash::Hasher;
use std::sync::Arc;

/// In the keys of [`narrowed`] pages only: the listing counts its own from 0.
const NARROWED: u64 = 1 << 63;
/// In the keys of pages of artists from other sources ([`with_others`]).
const OTHERS: u64 = 1 << 62;
/// Artists per page of an A–Z view, as in a page from Spotify.
const PAGE_LEN: usize = 50;
/// A number of cards that fills whole rows at every width: the grid has 2
/// or 5 columns (style/main.css). Each page is a grid of its own, so that
/// an append lays out only its cards and pages off screen skip layout; a
/// page of a multiple of this ends on a full row, and the next page's rows
/// run on as if the two were one grid.
pub const WHOLE_ROWS: usize = 10;

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

/// The list's own pages, then `others` (artists from the reader's other
/// sources) in pages of [`PAGE_LEN`]. A card shows a `mark` of its
/// artist's besides the artist (its saves): a page whose artists have
/// marks is keyed by them too, so it is drawn again when one changes, and
/// the others stay as they are.
pub fn with_others(pages: &[Chunk], others: &[Artist], mark: impl Fn(&str) -> u64) -> Vec<Chunk> {
    let marked = |key: u64, artists: &[Artist]| {
        let mut hash = FxHasher::default();
        hash.write_u64(key);
        let mut any = false;
        for artist in artists {
            let m = mark(&artist.id);
            any |= m != 0;
            hash.write_u64(m);
        }
        any.then(|| hash.finish() | NARROWED)
    };
    let mut all: Vec<Chunk> = pages
        .iter()
        .map(|page| match marked(page.key, &page.artists) {
            Some(key) => Chunk {
                key,
                ..page.clone()
            },
            None => page.clone(),
        })
        .collect();
    for (n, artists) in others.chunks(PAGE_LEN).enumerate() {
        let mut ids = FxHasher::default();
        for artist in artists {
            ids.write(artist.id.as_bytes());
        }
        let key = ids.finish() ^ n as u64;
        all.push(Chunk {
            key: marked(key, artists).unwrap_or(key) | NARROWED | OTHERS,
            first: false,
            folded: Arc::new(artists.iter().map(|a| name_filter::fold(&a.name)).collect()),
            artists: Arc::new(artists.to_vec()),
        });
    }
    all
}

/// The artists of `chunks` that `keep` keeps, in their order, as pages
/// that keep the chunks' own where every artist stays.
pub fn kept(chunks: &[Chunk], keep: impl Fn(&Artist) -> bool) -> Vec<Chunk> {
    chunks
        .iter()
        .filter_map(|chunk| {
            let hits: Vec<(&Chunk, usize)> = (0..chunk.artists.len())
                .filter(|&i| keep(&chunk.artists[i]))
                .map(|i| (chunk, i))
                .collect();
            if hits.len() == chunk.artists.len() {
                Some(chunk.clone())
            } else {
                // The name filter may narrow it further: names stay folded.
                (!hits.is_empty()).then(|| Chunk {
                    folded: Arc::new(hits.iter().map(|(c, i)| c.folded[*i].clone()).collect()),
                    ..narrowed_page(&hits)
                })
            }
        })
        .collect()
}

/// `pages` cut so that every page but the last holds whole rows of cards
/// ([`WHOLE_ROWS`]): a reader sees one grid, with only its last row short,
/// however many of each page from Spotify are shown.
///
/// A page that follows whole rows and holds whole rows, or is the last, is
/// kept, key and all, so Spotify's pages and an A–Z view's pass as they
/// are. The others are joined to the next and cut where they fill whole
/// rows, into pages keyed by the artists in them: an append redraws at
/// most the last two pages, and a page whose artists stay keeps its cards.
pub fn in_whole_rows(pages: &[Chunk]) -> Vec<Chunk> {
    let mut cut = Vec::with_capacity(pages.len());
    let mut waiting: Vec<(&Chunk, usize)> = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        let last = n + 1 == pages.len();
        if waiting.is_empty() && (last || page.artists.len() % WHOLE_ROWS == 0) {
            cut.push(page.clone());
            continue;
        }
        waiting.extend((0..page.artists.len()).map(|i| (page, i)));
        let whole = waiting.len() - waiting.len() % WHOLE_ROWS;
        if whole > 0 {
            let rest = waiting.split_off(whole);
            cut.push(joined_page(&waiting));
            waiting = rest;
        }
    }
    if !waiting.is_empty() {
        cut.push(joined_page(&waiting));
    }
    cut
}

/// A page of artists from other pages: the list's first page still times
/// its first card when that card leads.
fn joined_page(members: &[(&Chunk, usize)]) -> Chunk {
    let first = members.first().is_some_and(|(c, i)| c.first && *i == 0);
    Chunk {
        first,
        ..narrowed_page(members)
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

    /// How many cards each page holds.
    fn sizes(pages: &[Chunk]) -> Vec<usize> {
        pages.iter().map(|p| p.artists.len()).collect()
    }

    /// Pages of these sizes, "Name 0" onwards, as the listing makes them.
    fn pages_of(sizes: &[usize]) -> Vec<Chunk> {
        let mut listing = Listing::default();
        let mut chunks = Vec::new();
        let total: usize = sizes.iter().sum();
        let mut start = 0;
        for size in sizes {
            listing.accept(&mut chunks, page(start..start + size, total as u32), 0.0);
            start += size;
        }
        chunks
    }

    #[test]
    fn pages_of_whole_rows_pass_as_they_are() {
        let chunks = pages_of(&[50, 50, 37]);
        assert_eq!(in_whole_rows(&chunks), chunks);
        let a_to_z = narrowed(&chunks, "", Order::AToZ);
        assert_eq!(in_whole_rows(&a_to_z), a_to_z);
        assert!(in_whole_rows(&[]).is_empty());
    }

    #[test]
    fn a_filters_matches_from_several_pages_fill_whole_rows() {
        // Two of Spotify's pages, 0 to 49 and 50 to 99: "7" matches 5 on
        // the first and 14 on the second.
        let found = narrowed(&two_pages(), "7", Order::Spotify);
        assert_eq!(sizes(&found), [5, 14]);
        let cut = in_whole_rows(&found);
        assert_eq!(sizes(&cut), [10, 9], "only the last page is short");
        assert_eq!(named(&cut), named(&found), "the same artists, in order");
        assert!(cut.iter().all(|c| !c.first));
        // A page of 11 among short ones, as the reader saw it.
        let pages = pages_of(&[1, 11, 1, 3, 50, 50]);
        let cut = in_whole_rows(&pages);
        assert_eq!(sizes(&cut), [10, 50, 50, 6]);
        assert_eq!(named(&cut), named(&pages));
        assert!(cut[0].first, "the list's first card is still timed");
        assert!(cut[1..].iter().all(|c| !c.first));
        for page in &cut[..cut.len() - 1] {
            assert_eq!(page.artists.len() % WHOLE_ROWS, 0);
        }
    }

    #[test]
    fn an_append_redraws_no_page_before_the_one_it_joins() {
        // A page of 49: Spotify listed one of its artists on an earlier page.
        let before = in_whole_rows(&pages_of(&[49, 50]));
        let after = in_whole_rows(&pages_of(&[49, 50, 50]));
        assert_eq!(sizes(&before), [40, 50, 9]);
        assert_eq!(sizes(&after), [40, 50, 50, 9]);
        assert_eq!(after[..2], before[..2], "the same keys, so the same cards");
        assert_ne!(after[2].key, before[2].key);
        // Keys differ from every listing page's and from one another.
        assert!(after.iter().all(|c| c.key & NARROWED != 0));
        assert_ne!(after[2].key, after[3].key);
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
    fn other_sources_follow_the_list_and_marks_redraw_only_their_pages() {
        let pages = two_pages();
        let others: Vec<Artist> = page(100..160, 160).items;
        let all = with_others(&pages, &others, |_| 0);
        assert_eq!(sizes(&all), [50, 50, 50, 10]);
        assert_eq!(all[..2], pages[..], "unmarked pages pass as they are");
        assert!(all[2..].iter().all(|c| c.key & OTHERS != 0 && !c.first));
        assert_eq!(
            named(&narrowed(&all, "name 15", Order::Spotify))[..3],
            ["Name 15", "Name 115", "Name 150"],
            "the name filter finds them too"
        );
        // Saves of an artist on the first page: only that page is new.
        let saved = |id: &str| u64::from(id == "id7") * 3;
        let marked = with_others(&pages, &others, saved);
        assert_ne!(marked[0].key, all[0].key);
        assert_eq!(marked[0].artists, all[0].artists);
        assert_eq!(marked[1..], all[1..]);
        let again = with_others(&pages, &others, |id| u64::from(id == "id7") * 4);
        assert_ne!(
            again[0].key, marked[0].key,
            "another count, another drawing"
        );
        assert_eq!(with_others(&[], &[], |_| 0), []);
    }

    #[test]
    fn a_source_keeps_its_own_and_whole_pages_stay() {
        let pages = two_pages();
        let even = kept(&pages, |a| a.name.ends_with(['0', '2', '4', '6', '8']));
        assert_eq!(sizes(&even), [25, 25]);
        assert!(even.iter().all(|c| c.key & NARROWED != 0));
        assert_eq!(
            named(&narrowed(&even, "name 1", Order::Spotify))[..3],
            ["Name 10", "Name 12", "Name 14"],
            "and the name filter narrows them further"
        );
        assert_eq!(sizes(&narrowed(&even, "", Order::AToZ)), [50]);
        assert_eq!(kept(&pages, |_| true), pages);
        assert!(kept(&pages, |_| false).is_empty());
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
