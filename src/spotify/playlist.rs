//! Saving releases to a playlist, as Spotify's Web API has it since
//! February 2026: `POST /me/playlists` makes one, `PUT` then `POST
//! /playlists/{id}/items` replace and add its items (at most 100 URIs a
//! request), and `GET /albums/{id}/tracks` lists one album's tracks. The
//! removed `POST /users/{id}/playlists` and `/playlists/{id}/tracks` are
//! never called. The tracks of each release are kept: they do not change.

use super::model::{spotify_link, ExternalUrls};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The playlist's name until the reader gives it another.
pub const DEFAULT_NAME: &str = "New releases · Encore";

/// Spotify's largest page of an album's tracks.
pub const TRACKS_PAGE: u32 = 50;

/// Spotify's most URIs in one change of a playlist's items.
pub const ITEMS_PER_REQUEST: usize = 100;

/// `GET /albums/{id}/tracks`, one page.
pub fn tracks_url(api_base: &str, album_id: &str, offset: u32) -> String {
    let id: String = form_urlencoded::byte_serialize(album_id.as_bytes()).collect();
    format!("{api_base}/albums/{id}/tracks?limit={TRACKS_PAGE}&offset={offset}")
}

pub fn create_url(api_base: &str) -> String {
    format!("{api_base}/me/playlists")
}

pub fn items_url(api_base: &str, playlist_id: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(playlist_id.as_bytes()).collect();
    format!("{api_base}/playlists/{id}/items")
}

/// The body that makes the reader's private playlist.
pub fn create_body(name: &str) -> String {
    serde_json::json!({
        "name": name,
        "public": false,
        "description": "New releases from the artists you follow, saved by Encore.",
    })
    .to_string()
}

/// One page of an album's tracks.
#[derive(Debug, Deserialize)]
pub struct TrackPage {
    #[serde(default)]
    pub items: Vec<Track>,
    pub next: Option<String>,
    pub total: Option<u32>,
}

#[derive(Debug, Deserialize)]
pub struct Track {
    pub id: Option<String>,
}

impl TrackPage {
    /// The offset of the next page, when there is one.
    pub fn next_offset(&self, offset: u32) -> Option<u32> {
        let got = u32::try_from(self.items.len()).unwrap_or(u32::MAX);
        let more = self.next.is_some() || self.total.is_some_and(|t| offset + got < t);
        (more && got > 0).then_some(offset + got)
    }

    /// The track ids of the page, in order (a local track has none).
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.items
            .iter()
            .filter_map(|t| t.id.as_deref())
            .filter(|id| is_spotify_id(id))
    }
}

/// Spotify's ids: 22 base62 characters. Anything else is not sent on.
fn is_spotify_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// A playlist as `POST /me/playlists` answers.
#[derive(Debug, Deserialize)]
pub struct MadePlaylist {
    pub id: String,
    pub external_urls: Option<ExternalUrls>,
}

/// The reader's playlist, as kept between saves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedPlaylist {
    pub id: String,
    /// Its page on open.spotify.com, checked when made and when drawn.
    pub url: Option<String>,
}

impl MadePlaylist {
    pub fn saved(&self) -> Option<SavedPlaylist> {
        is_spotify_id(&self.id).then(|| SavedPlaylist {
            id: self.id.clone(),
            url: spotify_link(self.external_urls.as_ref()).map(str::to_string),
        })
    }
}

/// One change of the playlist's items.
#[derive(Debug, PartialEq, Eq)]
pub enum Write<'a> {
    /// `PUT`: the playlist's items become these.
    Replace(&'a [String]),
    /// `POST`: these go after them.
    Add(&'a [String]),
}

impl Write<'_> {
    pub fn body(&self) -> String {
        let (Write::Replace(uris) | Write::Add(uris)) = self;
        serde_json::json!({ "uris": uris }).to_string()
    }
}

/// The requests that make the playlist hold `uris`, in order: the first
/// hundred replace what it held (nothing, when `uris` is empty), the rest
/// are added a hundred at a time.
pub fn writes(uris: &[String]) -> Vec<Write<'_>> {
    let mut chunks = uris.chunks(ITEMS_PER_REQUEST);
    let first = Write::Replace(chunks.next().unwrap_or_default());
    std::iter::once(first)
        .chain(chunks.map(Write::Add))
        .collect()
}

/// Each release's tracks, by album id, as Spotify listed them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AlbumTracks(BTreeMap<String, Vec<String>>);

impl AlbumTracks {
    /// The releases of `albums` whose tracks are not kept yet.
    pub fn missing<'a>(&self, albums: &[&'a str]) -> Vec<&'a str> {
        albums
            .iter()
            .copied()
            .filter(|id| !self.0.contains_key(*id))
            .collect()
    }

    pub fn keep(&mut self, album: &str, tracks: Vec<String>) {
        self.0.insert(album.to_string(), tracks);
    }

    /// The track URIs of `albums`, release after release; a release whose
    /// tracks are not kept adds none.
    pub fn uris(&self, albums: &[&str]) -> Vec<String> {
        albums
            .iter()
            .filter_map(|id| self.0.get(*id))
            .flatten()
            .filter(|id| is_spotify_id(id))
            .map(|id| format!("spotify:track:{id}"))
            .collect()
    }

    /// Forgets the releases no longer among `albums` (out of every window).
    pub fn keep_only(&mut self, albums: impl Fn(&str) -> bool) {
        self.0.retain(|id, _| albums(id));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize, prefix: char) -> Vec<String> {
        (0..n).map(|k| format!("{prefix}{k:021}")).collect()
    }

    #[test]
    fn a_hundred_uris_a_request_the_first_replacing() {
        let uris = ids(250, 'a');
        let writes = writes(&uris);
        assert_eq!(writes.len(), 3);
        assert_eq!(writes[0], Write::Replace(&uris[..100]));
        assert_eq!(writes[1], Write::Add(&uris[100..200]));
        assert_eq!(writes[2], Write::Add(&uris[200..]));
        assert_eq!(
            super::writes(&[]),
            [Write::Replace(&[])],
            "an empty save empties it"
        );
        assert_eq!(super::writes(&uris[..100]).len(), 1);
        assert!(writes[2].body().starts_with(r#"{"uris":["a000"#));
    }

    #[test]
    fn tracks_are_asked_only_for_releases_not_kept_and_come_out_in_order() {
        let mut kept = AlbumTracks::default();
        kept.keep("x", ids(2, 'x'));
        assert_eq!(kept.missing(&["y", "x", "z"]), ["y", "z"]);
        kept.keep("y", ids(1, 'y'));
        let uris = kept.uris(&["y", "x", "z"]);
        assert_eq!(uris.len(), 3);
        assert_eq!(uris[0], format!("spotify:track:{}", ids(1, 'y')[0]));
        kept.keep_only(|id| id == "y");
        assert_eq!(kept.missing(&["x"]), ["x"]);
    }

    #[test]
    fn pages_of_tracks_go_on_while_spotify_says_so() {
        let page: TrackPage = serde_json::from_str(
            r#"{"items":[{"id":"0123456789012345678901"},{"id":null},{"id":"bad"}],"next":"n","total":60}"#,
        )
        .expect("readable");
        assert_eq!(page.next_offset(0), Some(3));
        assert_eq!(page.ids().collect::<Vec<_>>(), ["0123456789012345678901"]);
        let last: TrackPage = serde_json::from_str(
            r#"{"items":[{"id":"0123456789012345678901"}],"next":null,"total":51}"#,
        )
        .expect("readable");
        assert_eq!(last.next_offset(50), None);
        let empty: TrackPage =
            serde_json::from_str(r#"{"items":[],"next":"n","total":9}"#).expect("readable");
        assert_eq!(empty.next_offset(0), None, "an empty page ends it");
    }

    #[test]
    fn a_made_playlist_keeps_only_a_spotify_link() {
        let made: MadePlaylist = serde_json::from_str(
            r#"{"id":"37i9dQZF1DXcBWIGoYBM5M","external_urls":{"spotify":"javascript:alert(1)"}}"#,
        )
        .expect("readable");
        assert_eq!(
            made.saved(),
            Some(SavedPlaylist {
                id: "37i9dQZF1DXcBWIGoYBM5M".into(),
                url: None
            })
        );
        let body = create_body("New releases · Encore");
        assert!(body.contains(r#""public":false"#), "{body}");
        assert_eq!(
            tracks_url("https://api.spotify.com/v1", "abc", 50),
            "https://api.spotify.com/v1/albums/abc/tracks?limit=50&offset=50"
        );
        assert_eq!(
            items_url("https://api.spotify.com/v1", "p"),
            "https://api.spotify.com/v1/playlists/p/items"
        );
    }
}
