//! Artists from the reader's library: the artists of their saved songs and
//! albums, counted, and how far each list has been read.
//!
//! Both lists come newest save first. The first read goes to the end; a
//! later one stops at the first save it has seen, so a visit with nothing
//! saved since costs one request per list. Saves that were removed are
//! only caught by reading everything again: at most once a week, or when
//! the reader asks, counted apart while the last count stays shown. A read
//! stopped by a pause goes on at its offset. Only the counts are kept,
//! never the songs.

use super::Kept;
use crate::spotify::library::{Save, SavedList};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The least numbers of saves the reader may choose.
pub const THRESHOLDS: [u32; 5] = [1, 2, 3, 5, 10];
pub const DEFAULT_THRESHOLD: u32 = 3;

/// How often saves that were removed are looked for, by reading everything.
pub const WHOLE_READ_EVERY_MS: f64 = 7.0 * 24.0 * 60.0 * 60.0 * 1000.0;

/// 1: the first format.
const FORMAT_VERSION: u32 = 1;

/// Where a list's read stopped: when the newest save it took in was saved
/// (`added_at`). No song or album is kept, only this date.
type Marker = String;

/// How far one list has been read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Reading {
    #[default]
    NotStarted,
    /// A read under way: the next page starts at `offset`; it stops at
    /// `stop_at` (the last read's newest), and what it saw first becomes
    /// the next read's stop.
    At {
        offset: u32,
        stop_at: Option<Marker>,
        newest: Option<Marker>,
    },
    /// Read up to its newest save then (none: the list was empty).
    UpTo(Option<Marker>),
}

/// An artist and their saves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Counted {
    #[serde(rename = "a")]
    pub artist: Kept,
    #[serde(rename = "s")]
    pub saves: u32,
}

/// A count of both lists, and how far each was read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    artists: BTreeMap<String, Counted>,
    tracks: Reading,
    albums: Reading,
    /// Both lists were read to their end once.
    complete: bool,
}

impl Tally {
    fn reading(&self, list: SavedList) -> &Reading {
        match list {
            SavedList::Tracks => &self.tracks,
            SavedList::Albums => &self.albums,
        }
    }

    fn reading_mut(&mut self, list: SavedList) -> &mut Reading {
        match list {
            SavedList::Tracks => &mut self.tracks,
            SavedList::Albums => &mut self.albums,
        }
    }

    /// The next page to ask for, if a read is under way or not begun.
    fn next(&self) -> Option<(SavedList, u32)> {
        [SavedList::Tracks, SavedList::Albums]
            .into_iter()
            .find_map(|list| match self.reading(list) {
                Reading::NotStarted => Some((list, 0)),
                Reading::At { offset, .. } => Some((list, *offset)),
                Reading::UpTo(_) => None,
            })
    }

    /// A new read of each list, stopping where the last one began.
    fn read_again(&mut self) {
        for list in [SavedList::Tracks, SavedList::Albums] {
            let reading = self.reading_mut(list);
            if let Reading::UpTo(newest) = reading {
                *reading = Reading::At {
                    offset: 0,
                    stop_at: newest.take(),
                    newest: None,
                };
            }
        }
    }

    /// Counts a page of `list` at `offset`; `more`: Spotify has a next page.
    fn take(&mut self, list: SavedList, offset: u32, saves: &[Save], more: bool) {
        let Reading::At {
            offset: at,
            stop_at,
            newest,
        } = self.reading(list).clone()
        else {
            if !matches!(self.reading(list), Reading::NotStarted) || offset != 0 {
                return;
            }
            *self.reading_mut(list) = Reading::At {
                offset: 0,
                stop_at: None,
                newest: None,
            };
            return self.take(list, offset, saves, more);
        };
        // A page that is not the one asked for (a read restarted meanwhile).
        if at != offset {
            return;
        }
        let mut newest = newest;
        let mut seen_before = false;
        for save in saves {
            let marker = save.added_at.clone();
            // Saves come newest first: one no newer than the last read's
            // newest was counted then (even when that one was removed).
            if stop_at.as_ref().is_some_and(|stop| marker <= *stop) {
                seen_before = true;
                break;
            }
            if newest.is_none() {
                newest = Some(marker);
            }
            for (id, name) in &save.artists {
                let counted = self.artists.entry(id.clone()).or_insert_with(|| Counted {
                    artist: Kept {
                        id: id.clone(),
                        name: name.clone(),
                        picture: None,
                    },
                    saves: 0,
                });
                counted.saves += 1;
                if counted.artist.picture.is_none() {
                    counted.artist.picture = save.picture.clone();
                }
            }
        }
        *self.reading_mut(list) = if seen_before || !more || saves.is_empty() {
            Reading::UpTo(newest.or(stop_at))
        } else {
            Reading::At {
                offset: offset + saves.len() as u32,
                stop_at,
                newest,
            }
        };
        if self.next().is_none() {
            self.complete = true;
        }
    }
}

/// What the reader chose about their library, and what was counted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Library {
    v: u32,
    /// Whose library (Spotify user id).
    pub owner: String,
    /// The reader turned library artists on.
    pub on: bool,
    /// The least saves that make an artist count.
    pub threshold: u32,
    /// The count shown: complete once both lists were read to the end.
    shown: Tally,
    /// A whole read under way, counted apart until it is complete.
    again: Option<Tally>,
    /// When the last whole read began (ms since the epoch).
    whole_read_ms: f64,
}

impl Library {
    pub fn new(owner: &str) -> Self {
        Self {
            v: FORMAT_VERSION,
            owner: owner.to_string(),
            on: false,
            threshold: DEFAULT_THRESHOLD,
            shown: Tally::default(),
            again: None,
            whole_read_ms: 0.0,
        }
    }

    /// A stored library this version can read.
    pub fn is_current(&self) -> bool {
        self.v == FORMAT_VERSION
    }

    /// A threshold the reader may choose, or the default.
    pub fn set_threshold(&mut self, threshold: u32) {
        self.threshold = if THRESHOLDS.contains(&threshold) {
            threshold
        } else {
            DEFAULT_THRESHOLD
        };
    }

    /// A visit (a page load, or the source turned on) at `now_ms`: each
    /// list is read again from its newest save, or entirely once a week.
    pub fn begin_visit(&mut self, now_ms: f64) {
        if self.again.is_some() || !self.shown.complete {
            // A read under way goes on where it stopped.
            return;
        }
        if now_ms - self.whole_read_ms >= WHOLE_READ_EVERY_MS {
            self.read_everything(now_ms);
        } else {
            self.shown.read_again();
        }
    }

    /// Reads both lists from the start, counting apart; the last count
    /// stays shown meanwhile.
    pub fn read_everything(&mut self, now_ms: f64) {
        if !self.shown.complete {
            // The first read is such a read already.
            return;
        }
        self.again = Some(Tally::default());
        self.whole_read_ms = now_ms;
    }

    fn being_read(&self) -> &Tally {
        self.again.as_ref().unwrap_or(&self.shown)
    }

    /// The next page to ask for: a list, and the offset to start at.
    pub fn next_page(&self) -> Option<(SavedList, u32)> {
        self.being_read().next()
    }

    /// Whether both lists were read to the end at least once.
    pub fn counted(&self) -> bool {
        self.shown.complete
    }

    /// Takes in a page of `list` that started at `offset`.
    pub fn take_page(
        &mut self,
        list: SavedList,
        offset: u32,
        saves: &[Save],
        more: bool,
        now_ms: f64,
    ) {
        if self.whole_read_ms == 0.0 {
            self.whole_read_ms = now_ms;
        }
        match &mut self.again {
            Some(again) => {
                again.take(list, offset, saves, more);
                if again.next().is_none() {
                    self.shown = self.again.take().unwrap_or_default();
                }
            }
            None => self.shown.take(list, offset, saves, more),
        }
    }

    /// The saves of the artist `id`, as last counted.
    pub fn saves_of(&self, id: &str) -> Option<u32> {
        self.shown.artists.get(id).map(|c| c.saves)
    }

    /// The artists with at least the threshold of saves, most saved first.
    pub fn artists(&self) -> Vec<&Counted> {
        let mut kept: Vec<&Counted> = self
            .shown
            .artists
            .values()
            .filter(|c| c.saves >= self.threshold)
            .collect();
        kept.sort_by(|a, b| {
            b.saves
                .cmp(&a.saves)
                .then_with(|| a.artist.name.cmp(&b.artist.name))
        });
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn save(day: u32, artists: &[&str]) -> Save {
        Save {
            added_at: format!("2026-11-{day:02}T10:00:00Z"),
            artists: artists
                .iter()
                .map(|a| (a.to_string(), a.to_uppercase()))
                .collect(),
            picture: None,
        }
    }

    /// Reads `library` to its end from `tracks` and `albums` (newest
    /// first), 2 a page; the requests it took.
    fn read(library: &mut Library, tracks: &[Save], albums: &[Save], now: f64) -> usize {
        let mut requests = 0;
        while let Some((list, offset)) = library.next_page() {
            let all = match list {
                SavedList::Tracks => tracks,
                SavedList::Albums => albums,
            };
            let start = (offset as usize).min(all.len());
            let page = &all[start..(start + 2).min(all.len())];
            let more = start + 2 < all.len();
            library.take_page(list, offset, page, more, now);
            requests += 1;
            assert!(requests < 100, "a read that never ends");
        }
        requests
    }

    #[test]
    fn every_credited_artist_counts_and_the_threshold_keeps_the_saved_most() {
        let tracks = [
            save(5, &["a", "b"]),
            save(4, &["a"]),
            save(3, &["a"]),
            save(2, &["c"]),
        ];
        let albums = [save(1, &["b", "c"])];
        let mut library = Library::new("me");
        assert!(!library.counted());
        assert_eq!(read(&mut library, &tracks, &albums, 1.0), 3);
        assert!(library.counted());
        assert_eq!(library.saves_of("a"), Some(3));
        assert_eq!(library.saves_of("b"), Some(2), "a song and an album");
        assert_eq!(library.saves_of("c"), Some(2));
        let names = |l: &Library| {
            l.artists()
                .iter()
                .map(|c| c.artist.id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(names(&library), ["a"], "3 saves by default");
        library.set_threshold(2);
        assert_eq!(names(&library), ["a", "b", "c"], "most saved first");
        library.set_threshold(7);
        assert_eq!(
            library.threshold, DEFAULT_THRESHOLD,
            "only the choices offered"
        );
    }

    #[test]
    fn a_later_visit_with_nothing_new_asks_once_per_list() {
        let tracks: Vec<Save> = (1..=9).rev().map(|d| save(d, &["a"])).collect();
        let albums = [save(1, &["b"])];
        let mut library = Library::new("me");
        assert_eq!(read(&mut library, &tracks, &albums, 1.0), 6);
        library.begin_visit(2.0);
        assert_eq!(read(&mut library, &tracks, &albums, 2.0), 2);
        assert_eq!(library.saves_of("a"), Some(9), "nothing counted twice");
        // A song saved since: counted, and the read still stops early.
        let mut more = vec![save(20, &["a", "z"])];
        more.extend(tracks.iter().cloned());
        library.begin_visit(3.0);
        assert_eq!(read(&mut library, &more, &albums, 3.0), 2);
        assert_eq!(library.saves_of("a"), Some(10));
        assert_eq!(library.saves_of("z"), Some(1));
        library.begin_visit(4.0);
        assert_eq!(read(&mut library, &more, &albums, 4.0), 2);
        assert_eq!(library.saves_of("a"), Some(10));
    }

    #[test]
    fn a_read_stopped_by_a_pause_goes_on_where_it_stopped() {
        let tracks: Vec<Save> = (1..=5).rev().map(|d| save(d, &["a"])).collect();
        let mut library = Library::new("me");
        let (list, offset) = library.next_page().expect("a first page");
        library.take_page(list, offset, &tracks[..2], true, 1.0);
        // Stopped here (a 429); stored, then a reload.
        let stored = serde_json::to_string(&library).expect("serializes");
        let mut library: Library = serde_json::from_str(&stored).expect("reads back");
        library.begin_visit(2.0);
        assert_eq!(library.next_page(), Some((SavedList::Tracks, 2)));
        assert!(!library.counted());
        read(&mut library, &tracks, &[], 2.0);
        assert_eq!(library.saves_of("a"), Some(5));
        // A page answering an old request is not counted again.
        library.take_page(SavedList::Tracks, 2, &tracks[2..4], true, 3.0);
        assert_eq!(library.saves_of("a"), Some(5));
    }

    #[test]
    fn removed_saves_go_at_the_weekly_whole_read_and_the_old_count_shows_meanwhile() {
        let tracks: Vec<Save> = (1..=4).rev().map(|d| save(d, &["a"])).collect();
        let mut library = Library::new("me");
        read(&mut library, &tracks, &[], 1.0);
        assert_eq!(library.saves_of("a"), Some(4));
        let fewer = &tracks[..1];
        library.begin_visit(1.0 + WHOLE_READ_EVERY_MS - 1.0);
        read(&mut library, fewer, &[], 2.0);
        assert_eq!(
            library.saves_of("a"),
            Some(4),
            "removals are not seen in a week"
        );
        library.begin_visit(1.0 + WHOLE_READ_EVERY_MS);
        let (list, offset) = library.next_page().expect("a whole read");
        assert_eq!((list, offset), (SavedList::Tracks, 0));
        library.take_page(list, offset, fewer, false, 3.0);
        assert_eq!(
            library.saves_of("a"),
            Some(4),
            "shown until the read is whole"
        );
        read(&mut library, fewer, &[], 3.0);
        assert_eq!(library.saves_of("a"), Some(1));
        assert!(library.counted());
        // Or when the reader asks.
        library.read_everything(4.0);
        read(&mut library, &tracks, &[], 4.0);
        assert_eq!(library.saves_of("a"), Some(4));
    }

    #[test]
    fn an_empty_library_is_read_once_and_counts_no_one() {
        let mut library = Library::new("me");
        assert_eq!(read(&mut library, &[], &[], 1.0), 2);
        assert!(library.counted());
        assert!(library.artists().is_empty());
        library.begin_visit(2.0);
        assert_eq!(read(&mut library, &[save(3, &["a"])], &[], 2.0), 2);
        assert_eq!(library.saves_of("a"), Some(1));
    }
}
