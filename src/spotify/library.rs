//! The reader's library and artist search, as Spotify has them since
//! February 2026: `GET /me/tracks` and `GET /me/albums` page by `offset`
//! (at most 50 a page, newest saves first) and need `user-library-read`;
//! `GET /search?type=artist` gives at most 10 a page. What the app takes
//! from a saved song or album is one [`Save`]: who is credited on it.

use super::albums::AlbumArtist;
use super::model::{pick_image, Artist, Image};
use serde::Deserialize;

/// Spotify's largest page of saved songs or albums.
pub const SAVES_PAGE: u32 = 50;

/// Spotify's largest page of search results since February 2026.
pub const SEARCH_PAGE: u32 = 10;

/// The two saved lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SavedList {
    Tracks,
    Albums,
}

impl SavedList {
    /// The page of this list starting at `offset`, built from the
    /// configured API base (never from a `next` link).
    pub fn url(self, api_base: &str, offset: u32) -> String {
        let path = match self {
            SavedList::Tracks => "tracks",
            SavedList::Albums => "albums",
        };
        format!("{api_base}/me/{path}?limit={SAVES_PAGE}&offset={offset}")
    }
}

/// `GET /search` for artists named like `query`, the first page.
pub fn search_url(api_base: &str, query: &str) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("q", query.trim()),
            ("type", "artist"),
            ("limit", &SEARCH_PAGE.to_string()),
        ])
        .finish();
    format!("{api_base}/search?{query}")
}

/// One saved song or album, as the app counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct Save {
    /// When it was saved (`added_at`, ISO 8601 in UTC, so the text sorts
    /// as the time does): where a later read stops.
    pub added_at: String,
    /// Every credited artist, `(id, name)`, each once.
    pub artists: Vec<(String, String)>,
    /// The cover, drawn `image_px` wide, for artists who have no picture
    /// of their own in these lists.
    pub picture: Option<String>,
}

/// One page of `/me/tracks` or `/me/albums`.
#[derive(Debug, Deserialize)]
#[serde(bound = "T: Deserialize<'de>")]
pub struct SavesPage<T> {
    #[serde(default)]
    pub items: Vec<Saved<T>>,
    pub next: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Saved<T> {
    pub added_at: Option<String>,
    /// `null` for a song no longer available.
    #[serde(alias = "track", alias = "album")]
    pub item: Option<T>,
}

/// A saved song: only what counting needs.
#[derive(Debug, Deserialize)]
pub struct SavedTrack {
    pub id: Option<String>,
    #[serde(default)]
    pub artists: Vec<AlbumArtist>,
    pub album: Option<Cover>,
}

/// A saved album: only what counting needs.
#[derive(Debug, Deserialize)]
pub struct SavedAlbum {
    pub id: Option<String>,
    #[serde(default)]
    pub artists: Vec<AlbumArtist>,
    pub images: Option<Vec<Image>>,
}

#[derive(Debug, Deserialize)]
pub struct Cover {
    pub images: Option<Vec<Image>>,
}

/// What a saved item gives to the count.
pub trait Credited {
    fn id(&self) -> Option<&str>;
    fn credits(&self) -> &[AlbumArtist];
    fn images(&self) -> &[Image];
}

impl Credited for SavedTrack {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    fn credits(&self) -> &[AlbumArtist] {
        &self.artists
    }
    fn images(&self) -> &[Image] {
        self.album
            .as_ref()
            .and_then(|a| a.images.as_deref())
            .unwrap_or_default()
    }
}

impl Credited for SavedAlbum {
    fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }
    fn credits(&self) -> &[AlbumArtist] {
        &self.artists
    }
    fn images(&self) -> &[Image] {
        self.images.as_deref().unwrap_or_default()
    }
}

impl<T: Credited> SavesPage<T> {
    /// The page's saves, in Spotify's order; items without an id or a
    /// date (unavailable ones) are left out.
    pub fn saves(&self, image_px: u32) -> Vec<Save> {
        self.items
            .iter()
            .filter_map(|saved| {
                let item = saved.item.as_ref()?;
                item.id()?;
                let mut artists: Vec<(String, String)> = Vec::new();
                for credit in item.credits() {
                    if !credit.id.is_empty() && !artists.iter().any(|(id, _)| *id == credit.id) {
                        artists.push((credit.id.clone(), credit.name.clone()));
                    }
                }
                Some(Save {
                    added_at: saved.added_at.clone()?,
                    artists,
                    picture: pick_image(item.images(), image_px).map(str::to_string),
                })
            })
            .collect()
    }

    /// Whether Spotify has a page after this one.
    pub fn has_next(&self) -> bool {
        self.next.is_some() && !self.items.is_empty()
    }
}

/// `GET /search?type=artist`.
#[derive(Debug, Deserialize)]
pub struct SearchAnswer {
    pub artists: Option<SearchPage>,
}

#[derive(Debug, Deserialize)]
pub struct SearchPage {
    #[serde(default)]
    pub items: Vec<Option<Artist>>,
}

impl SearchAnswer {
    /// The artists found, in Spotify's order, each once.
    pub fn found(self) -> Vec<Artist> {
        let mut found: Vec<Artist> = Vec::new();
        for artist in self.artists.into_iter().flat_map(|p| p.items).flatten() {
            if !found.iter().any(|a| a.id == artist.id) {
                found.push(artist);
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_never_exceed_spotifys_limits() {
        assert_eq!(
            SavedList::Tracks.url("https://api.example/v1", 100),
            "https://api.example/v1/me/tracks?limit=50&offset=100"
        );
        assert_eq!(
            SavedList::Albums.url("https://api.example/v1", 0),
            "https://api.example/v1/me/albums?limit=50&offset=0"
        );
        assert_eq!(
            search_url("https://api.example/v1", " Sigur Rós & co "),
            "https://api.example/v1/search?q=Sigur+R%C3%B3s+%26+co&type=artist&limit=10"
        );
    }

    #[test]
    fn a_saved_song_credits_each_of_its_artists_once() {
        let json = r#"{"href":"h","limit":50,"offset":0,"total":3,"previous":null,
            "next":"https://api.spotify.com/v1/me/tracks?offset=50&limit=50",
            "items":[
              {"added_at":"2026-12-01T10:00:00Z","track":{"id":"t1","name":"Song",
                "artists":[{"id":"a1","name":"One"},{"id":"a2","name":"Two"},{"id":"a1","name":"One"}],
                "album":{"id":"al","images":[{"url":"https://i.scdn.co/image/x","width":300,"height":300}]}}},
              {"added_at":"2026-11-01T10:00:00Z","track":null},
              {"added_at":"2026-10-01T10:00:00Z","track":{"id":"t3","artists":[{"id":"a3","name":"Three"}]}}
            ]}"#;
        let page: SavesPage<SavedTrack> = serde_json::from_str(json).expect("valid");
        let saves = page.saves(160);
        assert_eq!(saves.len(), 2, "a song no longer available is left out");
        assert_eq!(saves[0].added_at, "2026-12-01T10:00:00Z");
        assert_eq!(
            saves[0].artists,
            [("a1".into(), "One".into()), ("a2".into(), "Two".into())]
        );
        assert_eq!(
            saves[0].picture.as_deref(),
            Some("https://i.scdn.co/image/x")
        );
        assert_eq!(saves[1].picture, None);
        assert!(page.has_next());
    }

    #[test]
    fn a_saved_album_counts_for_each_of_its_artists() {
        let json = r#"{"items":[{"added_at":"2026-12-01T10:00:00Z","album":{"id":"al",
            "artists":[{"id":"a1","name":"One"},{"id":"a2","name":"Two"}],"images":[]}}],"next":null}"#;
        let page: SavesPage<SavedAlbum> = serde_json::from_str(json).expect("valid");
        let saves = page.saves(160);
        assert_eq!(saves.len(), 1);
        assert_eq!(saves[0].artists.len(), 2);
        assert!(!page.has_next());
    }

    #[test]
    fn search_results_are_artists_each_once() {
        let json = r#"{"artists":{"href":"h","limit":10,"offset":0,"total":3,"next":null,"previous":null,
            "items":[{"id":"a1","name":"One"},null,{"id":"a1","name":"One"},{"id":"a2","name":"Two","images":[]}]}}"#;
        let answer: SearchAnswer = serde_json::from_str(json).expect("valid");
        let found: Vec<String> = answer.found().into_iter().map(|a| a.id).collect();
        assert_eq!(found, ["a1", "a2"]);
        let none: SearchAnswer = serde_json::from_str("{}").expect("valid");
        assert!(none.found().is_empty());
    }
}
