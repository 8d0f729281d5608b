//! `/artists/{id}/albums` as a development-mode app gets it in 2026: one
//! artist per request, at most 10 a page, grouped (albums, then singles)
//! and newest first within a group, though Spotify does not promise the
//! order; no `album_group`, `label` or `popularity`.

use super::model::{pick_image, spotify_link, ExternalUrls, Image};
use serde::Deserialize;

/// Spotify's largest page on this endpoint.
pub const ALBUMS_PAGE: u32 = 10;

/// One page of an artist's releases.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AlbumPage {
    #[serde(default)]
    pub items: Vec<Album>,
    pub next: Option<String>,
    pub total: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Album {
    pub id: String,
    pub name: String,
    /// "album", "single" or "compilation", as Spotify says.
    pub album_type: String,
    pub total_tracks: Option<u32>,
    pub release_date: String,
    /// "day", "month" or "year".
    pub release_date_precision: String,
    pub images: Option<Vec<Image>>,
    pub external_urls: Option<ExternalUrls>,
    #[serde(default)]
    pub artists: Vec<AlbumArtist>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AlbumArtist {
    pub id: String,
    pub name: String,
}

impl Album {
    /// The cover to draw `drawn_px` device pixels wide.
    pub fn image_for(&self, drawn_px: u32) -> Option<&str> {
        pick_image(self.images.as_deref().unwrap_or_default(), drawn_px)
    }

    /// A link to open the release in Spotify ([`spotify_link`]).
    pub fn spotify_url(&self) -> Option<&str> {
        spotify_link(self.external_urls.as_ref())
    }
}

/// The groups a check asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Groups {
    /// Albums and singles, in one request.
    AlbumsAndSingles,
    /// Singles alone: the first page was all albums and left singles out.
    SinglesOnly,
    /// Albums and singles, then compilations and appears-on where the page
    /// has room: Spotify lists the groups in this order, so the extra groups
    /// never take a place from an album or single.
    Everything,
}

/// The URL of an artist's first page of `groups`, built from the configured
/// API base (never from a `next` link).
pub fn albums_url(api_base: &str, artist_id: &str, groups: Groups) -> String {
    let id: String = form_urlencoded::byte_serialize(artist_id.as_bytes()).collect();
    let include = match groups {
        Groups::AlbumsAndSingles => "album,single",
        Groups::SinglesOnly => "single",
        Groups::Everything => "album,single,compilation,appears_on",
    };
    format!("{api_base}/artists/{id}/albums?include_groups={include}&limit={ALBUMS_PAGE}&offset=0")
}

/// Whether the first page (albums, then singles) was filled by albums with
/// more to come, so that the artist's singles, a new one among them, never
/// made it onto the page: then one more request asks for singles alone.
pub fn singles_left_out(first: &AlbumPage) -> bool {
    let full = first.items.len() >= ALBUMS_PAGE as usize;
    let more = first.next.is_some() || first.total.is_some_and(|t| t > ALBUMS_PAGE);
    full && more && first.items.iter().all(|a| a.album_type == "album")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn album(kind: &str) -> Album {
        Album {
            id: "a".into(),
            name: "N".into(),
            album_type: kind.into(),
            total_tracks: Some(1),
            release_date: "2026-11-27".into(),
            release_date_precision: "day".into(),
            images: None,
            external_urls: None,
            artists: Vec::new(),
        }
    }

    fn page(kinds: &[&str], next: bool, total: u32) -> AlbumPage {
        AlbumPage {
            items: kinds.iter().map(|k| album(k)).collect(),
            next: next.then(|| "https://api.spotify.com/v1/next".into()),
            total: Some(total),
        }
    }

    #[test]
    fn urls_ask_for_ten_of_the_chosen_groups() {
        assert_eq!(
            albums_url("https://api.spotify.com/v1", "0OdUWJ0sBjDrqHygGUXeCF", Groups::AlbumsAndSingles),
            "https://api.spotify.com/v1/artists/0OdUWJ0sBjDrqHygGUXeCF/albums?include_groups=album,single&limit=10&offset=0"
        );
        assert!(albums_url("http://e/v1", "x/../y", Groups::SinglesOnly)
            .starts_with("http://e/v1/artists/x%2F..%2Fy/albums?include_groups=single&"));
    }

    #[test]
    fn a_second_request_only_when_albums_filled_the_page() {
        let ten_albums = ["album"; 10];
        assert!(singles_left_out(&page(&ten_albums, true, 14)));
        assert!(
            !singles_left_out(&page(&ten_albums, false, 10)),
            "exactly ten albums, no singles at all"
        );
        let mut mixed = ten_albums;
        mixed[9] = "single";
        assert!(
            !singles_left_out(&page(&mixed, true, 30)),
            "singles began on the page"
        );
        assert!(!singles_left_out(&page(&["album"; 4], false, 4)));
    }

    #[test]
    fn dev_mode_albums_parse_without_album_group() {
        let json = r#"{"items":[{"album_type":"single","total_tracks":1,"id":"1","name":"<b>x</b>",
            "release_date":"2026","release_date_precision":"year","images":[],"type":"album",
            "external_urls":{"spotify":"javascript:alert(1)"},"artists":[{"id":"a","name":"A"}]}],
            "next":null,"total":1,"limit":10,"offset":0,"href":"h"}"#;
        let page: AlbumPage = serde_json::from_str(json).expect("valid");
        assert_eq!(page.items[0].name, "<b>x</b>");
        assert_eq!(page.items[0].spotify_url(), None);
    }
}
