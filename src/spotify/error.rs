//! What can go wrong when calling the Web API, classified from the status,
//! headers and body alone so the decision is testable without a browser.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    /// 401: the access token is missing, unknown or expired.
    Unauthorized(String),
    /// 403: in development mode, a user not on the app's user list.
    Forbidden(String),
    /// 429, with Retry-After in seconds when Spotify sent one; `quota` when
    /// the body names the app's daily quota (`QUOTA_EXCEEDED`).
    RateLimited {
        retry_after_s: Option<f64>,
        quota: bool,
    },
    /// 5xx.
    Server { status: u16 },
    /// Another status.
    Other { status: u16, message: String },
    /// fetch rejected: offline, or a response the browser hid (no CORS headers).
    Network,
    /// A 2xx whose body is not what the API documents.
    Unreadable(Resource),
    /// The followed artists' cursor came back to one already followed: the
    /// list would never end.
    EndlessList,
}

/// What was asked of the Web API, for a message that names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    Profile,
    FollowedArtists,
    Releases,
    /// A release's tracks, for the playlist.
    Tracks,
    Playlist,
    /// The reader's saved songs and albums.
    Library,
    /// Artists found by name.
    Search,
}

/// The Web API's error body, `{"error": {"status": 401, "message": "…"}}`.
#[derive(Deserialize)]
struct ErrorBody {
    error: Option<ErrorObject>,
}

#[derive(Deserialize)]
struct ErrorObject {
    message: Option<String>,
    reason: Option<String>,
}

impl ApiError {
    pub fn from_response(status: u16, retry_after: Option<&str>, body: &str) -> Self {
        let error = serde_json::from_str::<ErrorBody>(body)
            .ok()
            .and_then(|b| b.error);
        let quota = error
            .as_ref()
            .is_some_and(|e| e.reason.as_deref() == Some("QUOTA_EXCEEDED"));
        let message = error.and_then(|e| e.message).unwrap_or_default();
        match status {
            401 => Self::Unauthorized(message),
            403 => Self::Forbidden(message),
            429 => Self::RateLimited {
                retry_after_s: seconds(retry_after),
                quota,
            },
            500..=599 => Self::Server { status },
            _ => Self::Other { status, message },
        }
    }

    /// A refused renewal that is worth trying again later, from the token
    /// endpoint, whose errors are OAuth's (`message`) rather than the Web
    /// API's; its 429 still carries a Retry-After to keep to.
    pub fn from_token_endpoint(status: u16, retry_after: Option<&str>, message: String) -> Self {
        match status {
            429 => Self::RateLimited {
                retry_after_s: seconds(retry_after),
                quota: false,
            },
            500..=599 => Self::Server { status },
            _ => Self::Other { status, message },
        }
    }
}

/// Seconds as an integer; the HTTP-date form is not used by Spotify.
fn seconds(retry_after: Option<&str>) -> Option<f64> {
    retry_after
        .and_then(|v| v.trim().parse::<u32>().ok())
        .map(f64::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_token_endpoint_keeps_its_retry_after() {
        assert_eq!(
            ApiError::from_token_endpoint(429, Some("30"), String::new()),
            ApiError::RateLimited {
                retry_after_s: Some(30.0),
                quota: false
            }
        );
        assert_eq!(
            ApiError::from_token_endpoint(503, None, String::new()),
            ApiError::Server { status: 503 }
        );
    }

    #[test]
    fn classifies_statuses() {
        let body = r#"{"error":{"status":401,"message":"The access token expired"}}"#;
        assert_eq!(
            ApiError::from_response(401, None, body),
            ApiError::Unauthorized("The access token expired".into())
        );
        assert!(
            matches!(ApiError::from_response(403, None, "nope"), ApiError::Forbidden(m) if m.is_empty())
        );
        assert_eq!(
            ApiError::from_response(429, Some(" 7 "), ""),
            ApiError::RateLimited {
                retry_after_s: Some(7.0),
                quota: false
            }
        );
        assert_eq!(
            ApiError::from_response(429, Some("soon"), ""),
            ApiError::RateLimited {
                retry_after_s: None,
                quota: false
            }
        );
        let quota = r#"{"error":{"status":429,"message":"Daily quota exceeded","reason":"QUOTA_EXCEEDED"}}"#;
        assert_eq!(
            ApiError::from_response(429, Some("50000"), quota),
            ApiError::RateLimited {
                retry_after_s: Some(50000.0),
                quota: true
            }
        );
        assert_eq!(
            ApiError::from_response(503, None, ""),
            ApiError::Server { status: 503 }
        );
        assert_eq!(
            ApiError::from_response(404, None, "<html>"),
            ApiError::Other {
                status: 404,
                message: String::new()
            }
        );
    }

    #[test]
    fn forbidden_explains_the_allowlist() {
        let text = ApiError::Forbidden(String::new()).to_string();
        assert!(text.contains("User Management"), "{text}");
    }
}
