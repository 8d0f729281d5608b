//! Web API types as development-mode apps receive them in 2026: every field
//! Spotify may leave out is optional, and unknown fields are ignored.

use crate::config;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub id: String,
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

/// Where every link the app renders goes.
pub const SPOTIFY_SITE: &str = "https://open.spotify.com/";

/// An artist as `/me/following` lists it. Development-mode apps get no
/// `followers`, `popularity` or (deprecated) `genres`; images may be absent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Artist {
    pub id: String,
    pub name: String,
    pub images: Option<Vec<Image>>,
    pub external_urls: Option<ExternalUrls>,
    pub genres: Option<Vec<String>>,
    pub followers: Option<Followers>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Image {
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ExternalUrls {
    pub spotify: Option<String>,
}

/// The link to open something in Spotify: only ever one to Spotify's own
/// site, whatever the data says.
pub fn spotify_link(urls: Option<&ExternalUrls>) -> Option<&str> {
    urls?
        .spotify
        .as_deref()
        .filter(|url| url.starts_with(SPOTIFY_SITE))
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Followers {
    pub total: Option<u64>,
}

/// The smallest image at least `drawn_px` on its shorter side; else the
/// largest known; else the first. Only pictures from Spotify's image hosts
/// count (`config::picture_allowed`); `None` when there is none.
pub fn pick_image(images: &[Image], drawn_px: u32) -> Option<&str> {
    let images = || images.iter().filter(|i| config::picture_allowed(&i.url));
    let side = |image: &Image| match (image.width, image.height) {
        (Some(w), Some(h)) => Some(w.min(h)),
        (w, h) => w.or(h),
    };
    let big_enough = images()
        .filter_map(|i| side(i).filter(|s| *s >= drawn_px).map(|s| (s, i)))
        .min_by_key(|(s, _)| *s);
    let largest = || {
        images()
            .filter_map(|i| side(i).map(|s| (s, i)))
            .max_by_key(|(s, _)| *s)
    };
    big_enough
        .or_else(largest)
        .map(|(_, i)| i)
        .or_else(|| images().next())
        .map(|i| i.url.as_str())
}

impl Artist {
    /// The picture to draw `drawn_px` device pixels wide ([`pick_image`]).
    pub fn image_for(&self, drawn_px: u32) -> Option<&str> {
        pick_image(self.images.as_deref().unwrap_or_default(), drawn_px)
    }

    /// A link to open the artist in Spotify ([`spotify_link`]).
    pub fn spotify_url(&self) -> Option<&str> {
        spotify_link(self.external_urls.as_ref())
    }

    pub fn follower_count(&self) -> Option<u64> {
        self.followers.as_ref()?.total
    }

    pub fn genres(&self) -> &[String] {
        self.genres.as_deref().unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FollowedArtists {
    pub artists: CursorPage,
}

/// One page of `/me/following`: Spotify's cursor paging object.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CursorPage {
    #[serde(default)]
    pub items: Vec<Artist>,
    pub next: Option<String>,
    pub cursors: Option<Cursors>,
    pub total: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Cursors {
    pub after: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn image(url: &str, w: Option<u32>, h: Option<u32>) -> Image {
        Image {
            url: url.into(),
            width: w,
            height: h,
        }
    }

    fn artist_with(images: Option<Vec<Image>>) -> Artist {
        Artist {
            id: "a".into(),
            name: "A".into(),
            images,
            external_urls: None,
            genres: None,
            followers: None,
        }
    }

    const CDN: &str = "https://i.scdn.co/image/";

    #[test]
    fn picks_the_smallest_image_that_is_large_enough() {
        let url = |name: &str| format!("{CDN}{name}");
        let a = artist_with(Some(vec![
            image(&url("640"), Some(640), Some(640)),
            image(&url("320"), Some(320), Some(320)),
            image(&url("160"), Some(160), Some(160)),
        ]));
        assert_eq!(a.image_for(150), Some(url("160").as_str()));
        assert_eq!(a.image_for(161), Some(url("320").as_str()));
        assert_eq!(
            a.image_for(1000),
            Some(url("640").as_str()),
            "the largest when none is enough"
        );
        let unknown = artist_with(Some(vec![image(&url("x"), None, None)]));
        assert_eq!(unknown.image_for(100), Some(url("x").as_str()));
        assert_eq!(artist_with(Some(vec![])).image_for(100), None);
        assert_eq!(artist_with(None).image_for(100), None);
    }

    #[test]
    fn pictures_from_other_hosts_are_dropped() {
        let a = artist_with(Some(vec![
            image("https://tracker.example/640.png", Some(640), Some(640)),
            image("javascript:alert(1)", Some(320), Some(320)),
            image(&format!("{CDN}160"), Some(160), Some(160)),
        ]));
        assert_eq!(a.image_for(600), Some(format!("{CDN}160").as_str()));
        let foreign = artist_with(Some(vec![image("https://tracker.example/x", None, None)]));
        assert_eq!(foreign.image_for(100), None);
    }

    #[test]
    fn dev_mode_artist_parses_with_nulls_and_unknown_fields() {
        let json = r#"{"id":"1","name":"N","images":[{"url":"u","width":null,"height":null}],
            "external_urls":{"spotify":"https://open.spotify.com/artist/1"},"type":"artist","uri":"x","new_field":{}}"#;
        let a: Artist = serde_json::from_str(json).expect("valid");
        assert_eq!(a.follower_count(), None);
        assert!(a.genres().is_empty());
        assert_eq!(a.spotify_url(), Some("https://open.spotify.com/artist/1"));
        for link in [
            "javascript:alert(1)",
            "https://example.com/artist/1",
            "http://open.spotify.com/artist/1",
            "https://open.spotify.com.evil.example/artist/1",
        ] {
            let json = format!(r#"{{"id":"1","name":"N","external_urls":{{"spotify":"{link}"}}}}"#);
            let bad_link: Artist = serde_json::from_str(&json).expect("valid");
            assert_eq!(bad_link.spotify_url(), None, "{link}");
        }
    }

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
