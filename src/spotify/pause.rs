//! The app-wide pause: when Spotify asks for a wait longer than a minute
//! (its daily quota, or a long Retry-After that an ignored 429 grows into),
//! no Web API request leaves any tab until the wait is over. Asking sooner
//! only makes the ban longer.

use serde::{Deserialize, Serialize};

/// Waits Spotify asks for up to this long are waited out in place (with a
/// countdown past `retry::ANNOUNCE_AFTER_MS`); longer ones pause the app.
pub const PAUSE_AFTER_MS: f64 = 60_000.0;

/// The daily quota's 429 may come without Retry-After; it then lasts this
/// long (Spotify reports 13 to 24 hours: an hour asks again well before).
pub const QUOTA_WITHOUT_RETRY_AFTER_MS: f64 = 60.0 * 60.0 * 1000.0;

/// No pause lasts longer, whatever Retry-After says (Spotify's longest,
/// the daily quota's, is under a day): a wrong or hostile header cannot
/// lock the app for longer.
pub const LONGEST_PAUSE_MS: f64 = 24.0 * 60.0 * 60.0 * 1000.0;

/// Until when no request is sent, and why. Stored, so every tab and every
/// later visit keeps to it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pause {
    /// Milliseconds since the epoch, as `Date.now()` counts.
    pub until_ms: f64,
    /// Spotify's daily quota for the app (`QUOTA_EXCEEDED`), rather than a
    /// long wait asked of this user.
    pub quota: bool,
}

impl Pause {
    pub fn is_on(&self, now_ms: f64) -> bool {
        now_ms < self.until_ms
    }

    /// This pause, ending at most [`LONGEST_PAUSE_MS`] after `now_ms` (for
    /// one read back from storage).
    pub fn capped(self, now_ms: f64) -> Pause {
        Pause {
            until_ms: self.until_ms.min(now_ms + LONGEST_PAUSE_MS),
            ..self
        }
    }

    /// Of two pauses (another tab's and this one's), the one that ends later.
    pub fn longer(self, other: Option<Pause>) -> Pause {
        match other {
            Some(other) if other.until_ms > self.until_ms => other,
            _ => self,
        }
    }
}

/// What day a pause ends on, as the reader counts days (local calendar days
/// from today, computed by the caller in the reader's time zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndDay {
    Today,
    Tomorrow,
    Later,
}

impl EndDay {
    pub fn from_days_ahead(days: i64) -> Self {
        match days {
            ..=0 => Self::Today,
            1 => Self::Tomorrow,
            _ => Self::Later,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stored_pause_ends_within_a_day() {
        let far = Pause {
            until_ms: 1e15,
            quota: true,
        };
        assert_eq!(far.capped(1000.0).until_ms, 1000.0 + LONGEST_PAUSE_MS);
        let near = Pause {
            until_ms: 5000.0,
            quota: false,
        };
        assert_eq!(near.capped(1000.0), near);
    }

    #[test]
    fn a_pause_is_on_until_its_end() {
        let pause = Pause {
            until_ms: 1_000.0,
            quota: true,
        };
        assert!(pause.is_on(999.0));
        assert!(!pause.is_on(1_000.0));
        assert!(!pause.is_on(f64::NAN));
    }

    #[test]
    fn the_later_pause_wins() {
        let short = Pause {
            until_ms: 10.0,
            quota: false,
        };
        let long = Pause {
            until_ms: 20.0,
            quota: true,
        };
        assert_eq!(short.longer(Some(long)), long);
        assert_eq!(long.longer(Some(short)), long);
        assert_eq!(short.longer(None), short);
    }

    #[test]
    fn end_days() {
        assert_eq!(EndDay::from_days_ahead(0), EndDay::Today);
        assert_eq!(EndDay::from_days_ahead(-1), EndDay::Today);
        assert_eq!(EndDay::from_days_ahead(1), EndDay::Tomorrow);
        assert_eq!(EndDay::from_days_ahead(2), EndDay::Later);
    }
}
