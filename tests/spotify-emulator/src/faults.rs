//! Injected faults: a status (or just a delay) on a path, for some requests.

use std::time::Duration;

/// Makes requests whose path starts with `path` misbehave: the first `after`
/// matching requests pass, the next `times` get the fault, later ones pass.
#[derive(Clone, Debug)]
pub struct Fault {
    pub path: String,
    /// The status to answer with; `None` only delays the real answer.
    pub status: Option<u16>,
    pub after: usize,
    pub times: usize,
    pub retry_after_s: Option<u64>,
    /// Without CORS headers the browser hides the answer: fetch rejects.
    pub cors: bool,
    pub delay: Duration,
    /// A body (and its content type) instead of Spotify's error JSON.
    pub body: Option<(String, String)>,
    pub(crate) seen: usize,
}

impl Fault {
    /// `status` on every request to `path` from now on.
    pub fn status(path: &str, status: u16) -> Self {
        Self {
            path: path.to_string(),
            status: Some(status),
            after: 0,
            times: usize::MAX,
            retry_after_s: None,
            cors: true,
            delay: Duration::ZERO,
            body: None,
            seen: 0,
        }
    }

    /// Answers on `path` arrive `delay` late but are otherwise real.
    pub fn slow(path: &str, delay: Duration) -> Self {
        Self {
            status: None,
            delay,
            ..Self::status(path, 200)
        }
    }

    /// The app's daily quota used up, as Spotify answers it: 429 with a
    /// Retry-After of about 14 hours and `QUOTA_EXCEEDED` in the body.
    pub fn daily_quota(path: &str) -> Self {
        Self::status(path, 429).retry_after(50_000).body(
            "application/json",
            r#"{"error":{"status":429,"message":"API rate limit exceeded","reason":"QUOTA_EXCEEDED"}}"#,
        )
    }

    pub fn after(mut self, requests: usize) -> Self {
        self.after = requests;
        self
    }

    pub fn times(mut self, times: usize) -> Self {
        self.times = times;
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_s = Some(seconds);
        self
    }

    pub fn without_cors(mut self) -> Self {
        self.cors = false;
        self
    }

    /// Answers with this body instead of an error JSON.
    pub fn body(mut self, content_type: &str, body: &str) -> Self {
        self.body = Some((content_type.to_string(), body.to_string()));
        self
    }

    pub fn delayed(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Counts a matching request; true when this one gets the fault.
    pub(crate) fn fires(&mut self, path: &str) -> bool {
        if !path.starts_with(&self.path) {
            return false;
        }
        self.seen += 1;
        self.seen > self.after && self.seen - self.after <= self.times
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_in_its_window_only() {
        let mut fault = Fault::status("/v1/me", 503).after(2).times(2);
        let fired: Vec<bool> = (0..6).map(|_| fault.fires("/v1/me/following")).collect();
        assert_eq!(fired, [false, false, true, true, false, false]);
        assert!(!fault.fires("/api/token"));
    }
}
