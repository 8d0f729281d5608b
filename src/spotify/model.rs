//! Web API types as development-mode apps receive them in 2026: every field
//! Spotify may leave out is optional, and unknown fields are ignored.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
}

impl User {
    /// The display name, or the user id when there is none.
    pub fn shown_name(&self) -> &str {
        match self.display_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => name,
            _ => &self.id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_without_email_or_display_name() {
        let user: User =
            serde_json::from_str(r#"{"id":"u1","type":"user","images":[]}"#).expect("valid");
        assert_eq!(user.shown_name(), "u1");
        let user: User =
            serde_json::from_str(r#"{"id":"u1","display_name":"Ada"}"#).expect("valid");
        assert_eq!(user.shown_name(), "Ada");
        let user: User = serde_json::from_str(r#"{"id":"u1","display_name":"  "}"#).expect("valid");
        assert_eq!(user.shown_name(), "u1");
        let user: User = serde_json::from_str(r#"{"id":"u1","display_name":null}"#).expect("valid");
        assert_eq!(user.shown_name(), "u1");
    }
}
