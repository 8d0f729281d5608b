//! What one background wake-up may ask of Spotify: the service worker checks
//! while every tab is closed, a few times a day at the browser's choosing,
//! and each wake-up keeps to a budget of requests, so that a long list is
//! checked over several wake-ups rather than in one burst.

use serde::{Deserialize, Serialize};

/// Requests to Spotify in one wake-up, renewals and retries included.
pub const REQUESTS_PER_WAKE_UP: usize = 150;

/// What one artist can cost at most: its releases, and its singles apart
/// when albums filled the first page (`spotify::albums::singles_left_out`).
pub const MOST_REQUESTS_PER_ARTIST: usize = 2;

/// Requests sent so far in this wake-up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Budget {
    spent: usize,
}

impl Budget {
    /// Counts one more request, if the budget has room for it.
    pub fn spend(&mut self) -> bool {
        let room = self.spent < REQUESTS_PER_WAKE_UP;
        if room {
            self.spent += 1;
        }
        room
    }

    /// Whether another artist fits, at its most.
    pub fn fits_an_artist(&self) -> bool {
        self.spent + MOST_REQUESTS_PER_ARTIST <= REQUESTS_PER_WAKE_UP
    }

    pub fn spent(&self) -> usize {
        self.spent
    }
}

/// What a wake-up did: stored for the page (and the tests and benchmark
/// that read it), so that a wake-up that asked nothing still shows.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct WakeUp {
    pub(crate) at_ms: f64,
    /// From the event to the end: the module loaded, the check, and the
    /// alert shown.
    pub(crate) took_ms: f64,
    /// Requests to Spotify, renewals and retries included.
    pub(crate) requests: usize,
    pub(crate) artists_checked: usize,
    pub(crate) told: bool,
    pub(crate) outcome: Outcome,
}

#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// Background alerts are off (or were never on here).
    #[default]
    Off,
    LoggedOut,
    /// Spotify's pause is on: nothing is asked.
    Paused,
    /// No saved list to check from.
    NoList,
    /// As far as the budget, the list, or a failure went.
    Checked,
    /// The session was over or replaced on the way.
    SessionOver,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wake_up_never_sends_more_than_its_budget() {
        let mut budget = Budget::default();
        let mut artists = 0;
        while budget.fits_an_artist() {
            assert!(budget.spend() && budget.spend(), "an artist at its most");
            artists += 1;
        }
        assert_eq!(artists, REQUESTS_PER_WAKE_UP / MOST_REQUESTS_PER_ARTIST);
        assert_eq!(budget.spent(), REQUESTS_PER_WAKE_UP);
        assert!(!budget.spend(), "not one more, a retry or a renewal either");
        assert_eq!(budget.spent(), REQUESTS_PER_WAKE_UP);
    }

    #[test]
    fn an_artist_that_cost_one_request_leaves_room_for_another() {
        let mut budget = Budget::default();
        for _ in 0..REQUESTS_PER_WAKE_UP - MOST_REQUESTS_PER_ARTIST {
            budget.spend();
        }
        assert!(budget.fits_an_artist());
        budget.spend();
        assert!(!budget.fits_an_artist(), "one left: not enough at worst");
        assert!(
            budget.spend(),
            "the last request is still there for a retry"
        );
    }
}
