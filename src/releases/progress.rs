//! What a check has done, stored so that a reload, a crash or the daily limit
//! resumes it instead of starting over: per artist only when it was checked
//! and its newest release day, plus the releases inside the longest window.
//! It must stay within 1 MB for 10,000 followed artists, beside the saved
//! list within the origin's 5 MB (`make bench` measures it).

use super::day::Day;
use super::found::Found;
use super::plan::{self, Checked, RECHECK_AFTER_MS};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// The longest window the view offers, in days (3 months).
pub const LONGEST_WINDOW_DAYS: i32 = 91;

/// Version of the stored record; another is ignored (the check starts over).
/// 2: artists' checks and releases as arrays instead of objects.
const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    v: u32,
    /// The Spotify user whose artists these are.
    pub owner: String,
    /// Artists checked since then count as checked in this round.
    pub round_start_ms: f64,
    pub checked: FxHashMap<String, Checked>,
    pub found: Found,
    /// The reader asked for compilations and appears-on too.
    #[serde(default)]
    pub more_kinds: bool,
}

impl Progress {
    pub fn new(owner: &str, now_ms: f64) -> Self {
        Self {
            v: FORMAT_VERSION,
            owner: owner.to_string(),
            round_start_ms: now_ms - RECHECK_AFTER_MS,
            checked: FxHashMap::default(),
            found: Found::default(),
            more_kinds: false,
        }
    }

    pub fn is_current(&self) -> bool {
        self.v == FORMAT_VERSION
    }

    /// The progress as its two stored records give it: the whole, with the
    /// artists checked since it was written; a record of another version
    /// counts as none.
    pub fn from_records(whole: Option<Progress>, recent: Option<Progress>) -> Option<Progress> {
        let (whole, recent) = (
            whole.filter(Progress::is_current),
            recent.filter(Progress::is_current),
        );
        match (whole, recent) {
            (Some(mut whole), Some(recent)) => {
                whole.merge(recent);
                Some(whole)
            }
            (whole, recent) => whole.or(recent),
        }
    }

    /// A new automatic round when the last one is older than 12 hours:
    /// artists checked since are not asked again.
    pub fn start_due_round(&mut self, now_ms: f64) {
        self.round_start_ms = self.round_start_ms.max(now_ms - RECHECK_AFTER_MS);
    }

    /// The reader asked: every artist is checked again.
    pub fn start_round_now(&mut self, now_ms: f64) {
        self.round_start_ms = now_ms;
    }

    /// The order in which `artists` (ids, the list's order) are checked in
    /// this round, as indices into `artists`.
    pub fn plan(&self, artists: &[&str], today: Day) -> Vec<usize> {
        let known: Vec<Option<Checked>> = artists
            .iter()
            .map(|id| self.checked.get(*id).copied())
            .collect();
        plan::order(&known, self.round_start_ms, today)
    }

    /// How many of `artists` this round has checked.
    pub fn checked_in_round(&self, artists: &[&str]) -> usize {
        artists
            .iter()
            .filter(|id| {
                self.checked
                    .get(**id)
                    .is_some_and(|c| c.at_ms >= self.round_start_ms)
            })
            .count()
    }

    /// Takes in another copy of the progress (storage, or what this tab
    /// already had): each artist's latest check, every release found, the
    /// latest round. Storage may not yet show another tab's last writes
    /// (Chromium delivers them to other tabs asynchronously, even after the
    /// Web Lock has passed), so a copy read from it may be behind: merged,
    /// it takes nothing away. Another user's progress replaces this one.
    pub fn merge(&mut self, other: Progress) {
        if other.owner != self.owner {
            *self = other;
            return;
        }
        for (artist, checked) in other.checked {
            self.checked
                .entry(artist)
                .and_modify(|known| {
                    if checked.at_ms > known.at_ms {
                        *known = checked;
                    }
                })
                .or_insert(checked);
        }
        self.found.merge(other.found);
        self.round_start_ms = self.round_start_ms.max(other.round_start_ms);
        self.more_kinds |= other.more_kinds;
    }

    /// The same round with nothing checked yet: what is checked from now on
    /// is kept in it apart, to be written after each artist (it stays small)
    /// and merged into the whole when read back.
    pub fn empty_like(&self) -> Progress {
        Progress {
            v: self.v,
            owner: self.owner.clone(),
            round_start_ms: self.round_start_ms,
            checked: FxHashMap::default(),
            found: Found::default(),
            more_kinds: self.more_kinds,
        }
    }

    /// Forgets the checks of artists no longer followed (`followed`, the
    /// whole list), so the record does not grow with every unfollow.
    pub fn keep_only(&mut self, followed: impl Fn(&str) -> bool) {
        self.checked.retain(|artist, _| followed(artist));
    }

    pub fn record(&mut self, artist: &str, checked: Checked, today: Day) {
        self.checked.insert(artist.to_string(), checked);
        self.found.drop_before(today.minus(LONGEST_WINDOW_DAYS));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_resumes_where_it_stopped() {
        let hour = 3_600_000.0;
        let mut progress = Progress::new("me", 100.0 * hour);
        let today = Day(20_000);
        let artists = ["a", "b", "c"];
        assert_eq!(progress.plan(&artists, today), [0, 1, 2]);
        progress.record(
            "b",
            Checked {
                at_ms: 100.0 * hour,
                newest: None,
            },
            today,
        );
        assert_eq!(progress.checked_in_round(&artists), 1);
        // A reload an hour later: b is not asked again.
        progress.start_due_round(101.0 * hour);
        assert_eq!(progress.plan(&artists, today), [0, 2]);
        // Check now: everyone again.
        progress.start_round_now(102.0 * hour);
        assert_eq!(progress.plan(&artists, today), [0, 2, 1]);
        assert_eq!(progress.checked_in_round(&artists), 0);
        let text = serde_json::to_string(&progress).expect("serializable");
        // Each artist's check is stored as an array, without field names.
        assert!(text.contains(r#""b":[360000000.0,null]"#), "{text}");
        let back: Progress = serde_json::from_str(&text).expect("readable");
        assert_eq!(back, progress);
    }

    #[test]
    fn the_artists_checked_since_the_last_write_are_read_back_with_it() {
        let hour = 3_600_000.0;
        let today = Day(20_000);
        let at = |h: f64| Checked {
            at_ms: h * hour,
            newest: None,
        };
        let mut whole = Progress::new("me", 100.0 * hour);
        whole.record("a", at(100.0), today);
        let written = whole.clone();
        let mut recent = whole.empty_like();
        assert!(recent.checked.is_empty());
        assert_eq!(recent.owner, "me");
        assert_eq!(recent.round_start_ms, whole.round_start_ms);
        for artist in ["b", "c"] {
            whole.record(artist, at(100.5), today);
            recent.record(artist, at(100.5), today);
        }
        // A reload: what was written, and the recent record beside it.
        let read_back =
            Progress::from_records(Some(written.clone()), Some(recent.clone())).expect("both");
        assert_eq!(read_back, whole);
        assert_eq!(read_back.plan(&["a", "b", "c", "d"], today), [3]);
        assert_eq!(
            Progress::from_records(Some(written.clone()), None),
            Some(written.clone())
        );
        assert_eq!(
            Progress::from_records(None, Some(recent.clone())),
            Some(recent)
        );
        let mut old = written;
        old.v = FORMAT_VERSION - 1;
        assert_eq!(
            Progress::from_records(Some(old), None),
            None,
            "another version's record counts as none"
        );
    }

    #[test]
    fn artists_no_longer_followed_are_forgotten() {
        let today = Day(20_000);
        let mut progress = Progress::new("me", 0.0);
        for artist in ["a", "b", "c"] {
            progress.record(
                artist,
                Checked {
                    at_ms: 1.0,
                    newest: None,
                },
                today,
            );
        }
        progress.keep_only(|artist| artist != "b");
        let mut kept: Vec<&String> = progress.checked.keys().collect();
        kept.sort();
        assert_eq!(kept, ["a", "c"]);
    }

    #[test]
    fn a_copy_that_is_behind_takes_nothing_away() {
        let hour = 3_600_000.0;
        let today = Day(20_000);
        let at = |h: f64| Checked {
            at_ms: h * hour,
            newest: None,
        };
        let mut behind = Progress::new("me", 100.0 * hour);
        behind.record("a", at(100.0), today);
        let mut ahead = behind.clone();
        ahead.record("a", at(101.0), today);
        ahead.record("b", at(101.0), today);
        ahead.start_round_now(101.5 * hour);
        ahead.more_kinds = true;

        let mut merged = behind.clone();
        merged.merge(ahead.clone());
        assert_eq!(merged, ahead);
        // The other way round too: the copy ahead keeps what it has.
        let mut kept = ahead.clone();
        kept.merge(behind);
        assert_eq!(kept, ahead);
        // Someone else's progress is not mixed in.
        let other = Progress::new("someone else", 102.0 * hour);
        kept.merge(other.clone());
        assert_eq!(kept, other);
    }
}
