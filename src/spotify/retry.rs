//! The retry policy: from a failed call and the attempts so far, whether to
//! try again and after how long. Pure, so every branch is unit-tested.

use super::error::ApiError;
use super::pause::{LONGEST_PAUSE_MS, PAUSE_AFTER_MS, QUOTA_WITHOUT_RETRY_AFTER_MS};

/// Tries in all for a network failure (fetch rejected).
pub const NETWORK_TRIES: u32 = 5;
/// Retries after a 5xx.
pub const SERVER_RETRIES: u32 = 3;
/// Retries after 429s in a row; Spotify's wait is honoured each time.
pub const RATE_LIMIT_RETRIES: u32 = 8;
pub const BACKOFF_CAP_MS: f64 = 30_000.0;
/// Waits longer than this are shown to the user with a countdown.
pub const ANNOUNCE_AFTER_MS: f64 = 10_000.0;

/// Failures so far for the current request; a success starts afresh.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Attempts {
    network: u32,
    server: u32,
    rate_limited: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Decision {
    Retry {
        after_ms: f64,
        /// Long enough to tell the user, with a countdown.
        announce: bool,
        /// Coming back online should cut the wait short.
        on_online: bool,
    },
    /// Longer than a minute: every tab stops asking for this long.
    Pause {
        after_ms: f64,
        quota: bool,
    },
    GiveUp,
}

/// About 1, 2, 4, 8… seconds for the `n`th failure (from 1), ±20 % by
/// `jitter` in [0, 1) so that many clients do not retry in step, capped.
pub fn backoff_ms(n: u32, jitter: f64) -> f64 {
    let base = 1000.0 * 2f64.powi(n.saturating_sub(1).min(16) as i32);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.5
    };
    (base * (0.8 + 0.4 * jitter)).min(BACKOFF_CAP_MS)
}

impl Attempts {
    pub fn decide(&mut self, error: &ApiError, jitter: f64) -> Decision {
        let retry = |after_ms: f64, on_online: bool| Decision::Retry {
            after_ms,
            announce: after_ms > ANNOUNCE_AFTER_MS,
            on_online,
        };
        match error {
            ApiError::Network => {
                self.network += 1;
                if self.network >= NETWORK_TRIES {
                    Decision::GiveUp
                } else {
                    retry(backoff_ms(self.network, jitter), true)
                }
            }
            ApiError::Server { .. } => {
                self.server += 1;
                if self.server > SERVER_RETRIES {
                    Decision::GiveUp
                } else {
                    retry(backoff_ms(self.server, jitter), false)
                }
            }
            ApiError::RateLimited {
                retry_after_s,
                quota,
            } => {
                let quota = *quota;
                let asked_ms = retry_after_s.map(|seconds| seconds * 1000.0);
                match asked_ms {
                    Some(after_ms) if after_ms > PAUSE_AFTER_MS => {
                        return Decision::Pause {
                            after_ms: after_ms.min(LONGEST_PAUSE_MS),
                            quota,
                        }
                    }
                    None if quota => {
                        return Decision::Pause {
                            after_ms: QUOTA_WITHOUT_RETRY_AFTER_MS,
                            quota,
                        }
                    }
                    _ => {}
                }
                self.rate_limited += 1;
                if self.rate_limited > RATE_LIMIT_RETRIES {
                    return Decision::GiveUp;
                }
                match asked_ms {
                    // Never sooner than Spotify asked.
                    Some(after_ms) => retry(after_ms, false),
                    None => retry(backoff_ms(self.rate_limited, jitter), false),
                }
            }
            // 401 is the renewal's business; 403 and the rest will not change by waiting.
            ApiError::Unauthorized(_)
            | ApiError::Forbidden(_)
            | ApiError::Other { .. }
            | ApiError::Unreadable(_)
            | ApiError::EndlessList => Decision::GiveUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(decision: Decision) -> f64 {
        match decision {
            Decision::Retry { after_ms, .. } => after_ms,
            other => panic!("no retry: {other:?}"),
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_a_cap() {
        assert_eq!(backoff_ms(1, 0.5), 1000.0);
        assert_eq!(backoff_ms(2, 0.5), 2000.0);
        assert_eq!(backoff_ms(4, 0.5), 8000.0);
        assert_eq!(backoff_ms(1, 0.0), 800.0);
        assert!((backoff_ms(1, 1.0) - 1200.0).abs() < 1e-9);
        assert_eq!(backoff_ms(6, 0.5), BACKOFF_CAP_MS);
        assert_eq!(backoff_ms(60, 1.0), BACKOFF_CAP_MS);
        assert_eq!(backoff_ms(1, f64::NAN), 1000.0);
    }

    #[test]
    fn network_failures_back_off_then_give_up_after_five_tries() {
        let mut attempts = Attempts::default();
        let waits: Vec<f64> = (0..4)
            .map(|_| wait(attempts.decide(&ApiError::Network, 0.5)))
            .collect();
        assert_eq!(waits, [1000.0, 2000.0, 4000.0, 8000.0]);
        assert_eq!(attempts.decide(&ApiError::Network, 0.5), Decision::GiveUp);
        let mut fresh = Attempts::default();
        assert!(matches!(
            fresh.decide(&ApiError::Network, 0.5),
            Decision::Retry {
                on_online: true,
                announce: false,
                ..
            }
        ));
    }

    #[test]
    fn server_errors_are_retried_three_times() {
        let mut attempts = Attempts::default();
        let error = ApiError::Server { status: 503 };
        for expected in [1000.0, 2000.0, 4000.0] {
            assert_eq!(wait(attempts.decide(&error, 0.5)), expected);
        }
        assert_eq!(attempts.decide(&error, 0.5), Decision::GiveUp);
    }

    #[test]
    fn rate_limits_wait_exactly_retry_after_and_announce_long_waits() {
        let mut attempts = Attempts::default();
        let short = ApiError::RateLimited {
            retry_after_s: Some(3.0),
            quota: false,
        };
        assert_eq!(
            attempts.decide(&short, 0.0),
            Decision::Retry {
                after_ms: 3000.0,
                announce: false,
                on_online: false
            }
        );
        let long = ApiError::RateLimited {
            retry_after_s: Some(45.0),
            quota: false,
        };
        assert_eq!(
            attempts.decide(&long, 0.0),
            Decision::Retry {
                after_ms: 45_000.0,
                announce: true,
                on_online: false
            }
        );
        let unknown = ApiError::RateLimited {
            retry_after_s: None,
            quota: false,
        };
        assert_eq!(
            wait(attempts.decide(&unknown, 0.5)),
            4000.0,
            "third 429: backoff"
        );
    }

    #[test]
    fn waits_over_a_minute_and_the_daily_quota_pause_the_app() {
        let long = |seconds: f64, quota: bool| ApiError::RateLimited {
            retry_after_s: Some(seconds),
            quota,
        };
        let mut attempts = Attempts::default();
        assert!(matches!(
            attempts.decide(&long(60.0, false), 0.5),
            Decision::Retry { announce: true, .. }
        ));
        assert_eq!(
            attempts.decide(&long(61.0, false), 0.5),
            Decision::Pause {
                after_ms: 61_000.0,
                quota: false
            }
        );
        assert_eq!(
            attempts.decide(&long(50_000.0, true), 0.5),
            Decision::Pause {
                after_ms: 50_000_000.0,
                quota: true
            }
        );
        assert_eq!(
            attempts.decide(&long(10_000_000.0, false), 0.5),
            Decision::Pause {
                after_ms: LONGEST_PAUSE_MS,
                quota: false
            },
            "no pause lasts longer than a day"
        );
        let quota_without_wait = ApiError::RateLimited {
            retry_after_s: None,
            quota: true,
        };
        assert_eq!(
            attempts.decide(&quota_without_wait, 0.5),
            Decision::Pause {
                after_ms: QUOTA_WITHOUT_RETRY_AFTER_MS,
                quota: true
            }
        );
        // A short wait is a short wait, whatever the body says.
        assert!(matches!(
            attempts.decide(&long(5.0, true), 0.5),
            Decision::Retry { after_ms, .. } if after_ms == 5_000.0
        ));
    }

    #[test]
    fn rate_limits_give_up_eventually() {
        let mut attempts = Attempts::default();
        let error = ApiError::RateLimited {
            retry_after_s: Some(1.0),
            quota: false,
        };
        for _ in 0..RATE_LIMIT_RETRIES {
            wait(attempts.decide(&error, 0.5));
        }
        assert_eq!(attempts.decide(&error, 0.5), Decision::GiveUp);
    }

    #[test]
    fn final_errors_are_not_retried() {
        for error in [
            ApiError::Forbidden(String::new()),
            ApiError::Unauthorized(String::new()),
            ApiError::Other {
                status: 400,
                message: String::new(),
            },
            ApiError::Unreadable(super::super::error::Resource::Profile),
        ] {
            assert_eq!(
                Attempts::default().decide(&error, 0.5),
                Decision::GiveUp,
                "{error:?}"
            );
        }
    }
}
