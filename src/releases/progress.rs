//! What a check has done, stored so that a reload, a crash or the daily limit
//! resumes it instead of starting over: per artist only when it was checked
//! and its newest release day, plus the releases inside the longest window.
//! With 10,000 followed artists that is about 800 KB (`make bench` measures
//! it; the target is at most 1 MB), beside the saved list within the
//! origin's 5 MB.

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
}
