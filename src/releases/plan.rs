//! Who is checked next. One check of every followed artist costs 500 to 600
//! requests for 500 artists, and the daily quota may not cover everyone: the
//! likeliest to have released something go first.

use super::day::Day;
use serde::{Deserialize, Serialize, Serializer};

/// An artist checked this long ago is asked again in a new round; one
/// checked since is not (unless the reader starts a round: Check now).
pub const RECHECK_AFTER_MS: f64 = 12.0 * 60.0 * 60.0 * 1000.0;

/// An artist whose newest release is at most this old counts as active.
pub const ACTIVE_WITHIN_DAYS: i32 = 365;

/// What the last check of an artist found; stored as `[at_ms, newest]`,
/// without field names: one per followed artist, 10,000 of them must fit
/// in the check's 1 MB (see `progress.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(from = "(f64, Option<Day>)")]
pub struct Checked {
    pub at_ms: f64,
    /// The newest release date seen (day precision), if any.
    pub newest: Option<Day>,
}

impl From<(f64, Option<Day>)> for Checked {
    fn from((at_ms, newest): (f64, Option<Day>)) -> Self {
        Checked { at_ms, newest }
    }
}

impl Serialize for Checked {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (self.at_ms, self.newest).serialize(serializer)
    }
}

/// The order to check `artists` in (their indices), leaving out those
/// checked since `round_start_ms`: first those never checked (in the list's
/// order), then the active ones, newest release first, then the rest, the
/// longest unchecked first.
pub fn order(artists: &[Option<Checked>], round_start_ms: f64, today: Day) -> Vec<usize> {
    let active_since = today.minus(ACTIVE_WITHIN_DAYS);
    let mut due: Vec<usize> = (0..artists.len())
        .filter(|&i| artists[i].is_none_or(|c| c.at_ms < round_start_ms))
        .collect();
    // Never checked, active (newest first), the rest (oldest check first).
    let key = |i: usize| match artists[i] {
        None => (0, 0, 0.0),
        Some(Checked {
            newest: Some(day), ..
        }) if day >= active_since => (1, -day.0, 0.0),
        Some(checked) => (2, 0, checked.at_ms),
    };
    due.sort_by(|&a, &b| {
        let (ka, kb) = (key(a), key(b));
        (ka.0, ka.1).cmp(&(kb.0, kb.1)).then(ka.2.total_cmp(&kb.2))
    });
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: f64 = 3_600_000.0;

    fn checked(hours_ago: f64, newest: Option<i32>) -> Option<Checked> {
        Some(Checked {
            at_ms: 100.0 * HOUR - hours_ago * HOUR,
            newest: newest.map(Day),
        })
    }

    #[test]
    fn never_checked_then_active_then_longest_unchecked() {
        let today = Day(20_000);
        let artists = [
            checked(20.0, Some(19_990)),       // 0: active, 10 days ago
            None,                              // 1: never
            checked(30.0, Some(18_000)),       // 2: quiet for years, checked 30 h ago
            checked(15.0, Some(19_999)),       // 3: active, yesterday
            None,                              // 4: never
            checked(40.0, None),               // 5: no release known, checked 40 h ago
            checked(2.0, Some(19_999)),        // 6: checked 2 h ago: not due
            checked(25.0, Some(20_000 - 366)), // 7: just past a year: quiet
        ];
        let round_start = 100.0 * HOUR - RECHECK_AFTER_MS;
        assert_eq!(order(&artists, round_start, today), [1, 4, 3, 0, 5, 2, 7]);
    }

    #[test]
    fn check_now_starts_a_round_that_includes_everyone() {
        let artists = [checked(2.0, Some(19_999)), checked(1.0, None)];
        assert_eq!(order(&artists, 100.0 * HOUR, Day(20_000)), [0, 1]);
    }
}
