//! The list from the last visit, kept in localStorage so a repeat visit
//! shows it at once and asks Spotify only whether it changed (issue #7).

use super::following::PAGE_SIZE;
use super::model::{Artist, CursorPage, ExternalUrls, Followers, Image};
use serde::{Deserialize, Serialize};

/// A copy older than this is refreshed from Spotify even when unchanged at
/// the top: a change further down would not show on the first page.
pub const FRESH_FOR_MS: f64 = 60.0 * 60.0 * 1000.0;

/// 3: two records, the header with the first page, and the rest.
const FORMAT_VERSION: u64 = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct SavedList {
    /// Whose list this is (Spotify user id).
    pub user_id: String,
    /// When the list was fetched, in `Date.now()` milliseconds.
    pub saved_at_ms: f64,
    pub total: Option<u32>,
    /// Every page had been loaded.
    pub complete: bool,
    pub artists: Vec<Artist>,
}

/// What the first page fetched now says about a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Same first page, same total, and recent: keep it, fetch nothing more.
    UpToDate,
    /// Replace it with fresh pages.
    Refresh,
}

/// The stored header: the list's facts and its first page.
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedHead {
    v: u64,
    user_id: String,
    saved_at_ms: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<u32>,
    complete: bool,
    /// Artists in the whole copy.
    count: usize,
    artists: Vec<SavedArtist>,
}

/// The stored artists after the first page, with the time of the header
/// they belong to (the two are written apart, and one write may fail).
#[derive(Debug, Serialize, Deserialize)]
pub struct SavedRest {
    saved_at_ms: f64,
    artists: Vec<SavedArtist>,
}

/// What a card shows of an artist.
#[derive(Debug, Serialize, Deserialize)]
struct SavedArtist {
    id: String,
    name: String,
    /// The picture for this device's pixel size only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    /// Left out for Spotify's usual link (a third of a 10,000-artist save),
    /// which is made again from the id; "" when there is no link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    genres: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    followers: Option<u64>,
}

/// A copy as read from storage: its header and first page are read at once,
/// for the first paint; the other artists stay in storage until the list
/// needs them: taking 10,000 out at start held back a repeat visit's first
/// paint.
#[derive(Debug)]
pub struct StoredCopy {
    /// The header, with the first page's artists only.
    pub head: SavedList,
    /// What Spotify's first page is compared with.
    pub top: Top,
    /// The artists after the first page, unread.
    pub rest: Rest,
}

/// The artists of a stored copy after its first page, not yet read.
pub struct Rest {
    /// Gives the stored [`SavedRest`] as text; `None` when there is none.
    text: Box<dyn FnOnce() -> Option<String> + Send + Sync>,
    /// Artists the header says the rest holds.
    count: usize,
    saved_at_ms: f64,
}

/// What a repeat visit compares Spotify's first page with.
#[derive(Debug, Clone, PartialEq)]
pub struct Top {
    first_ids: Vec<String>,
    /// Artists in the whole copy.
    count: usize,
    total: Option<u32>,
    saved_at_ms: f64,
}

impl SavedList {
    /// The two records to store: the header with the first page, and the
    /// other artists. Only what a card shows is kept: the picture for
    /// `image_px` (this device's pixel size), the link, and the optional
    /// genres (two) and followers.
    pub fn to_records(&self, image_px: u32) -> (SavedHead, SavedRest) {
        let first_page = self.artists.len().min(PAGE_SIZE as usize);
        let saved = |artists: &[Artist]| {
            artists
                .iter()
                .map(|a| SavedArtist::from_artist(a, image_px))
                .collect()
        };
        let head = SavedHead {
            v: FORMAT_VERSION,
            user_id: self.user_id.clone(),
            saved_at_ms: self.saved_at_ms,
            total: self.total,
            complete: self.complete,
            count: self.artists.len(),
            artists: saved(&self.artists[..first_page]),
        };
        let rest = SavedRest {
            saved_at_ms: self.saved_at_ms,
            artists: saved(&self.artists[first_page..]),
        };
        (head, rest)
    }
}

impl StoredCopy {
    /// `None` for a header this app did not write. `rest` gives the stored
    /// [`SavedRest`] as text, and is called only when the list needs it:
    /// what it gives then must have been saved with `head` to be used.
    pub fn new(
        head: SavedHead,
        rest: impl FnOnce() -> Option<String> + Send + Sync + 'static,
    ) -> Option<Self> {
        if head.v != FORMAT_VERSION {
            return None;
        }
        let rest_count = head.count.checked_sub(head.artists.len())?;
        let head = SavedList {
            user_id: head.user_id,
            saved_at_ms: head.saved_at_ms,
            total: head.total,
            complete: head.complete,
            artists: head
                .artists
                .into_iter()
                .map(SavedArtist::into_artist)
                .collect(),
        };
        let top = Top {
            first_ids: head.artists.iter().map(|a| a.id.clone()).collect(),
            count: head.artists.len() + rest_count,
            total: head.total,
            saved_at_ms: head.saved_at_ms,
        };
        let rest = Rest {
            text: Box::new(rest),
            count: rest_count,
            saved_at_ms: head.saved_at_ms,
        };
        Some(Self { head, top, rest })
    }
}

#[cfg(test)]
impl StoredCopy {
    /// `list` written and read back as the app stores it.
    pub fn stored(list: &SavedList, image_px: u32) -> Self {
        let (head, rest) = list.to_records(image_px);
        let head = serde_json::from_str(&serde_json::to_string(&head).expect("written"));
        let rest = serde_json::to_string(&rest).expect("written");
        Self::new(head.expect("read"), move || Some(rest)).expect("a copy")
    }
}

impl StoredCopy {
    /// The whole list, read at once (the page reads it page by page; the
    /// background check needs every followed artist).
    pub fn into_list(self) -> Option<SavedList> {
        let mut list = self.head;
        list.artists.extend(self.rest.read()?);
        Some(list)
    }
}

impl Rest {
    /// No artists after the first page.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// `None` when the text does not read back as the count of artists
    /// the header promised, saved with it (another tab may have saved a
    /// new list since the header was read).
    pub fn read(self) -> Option<Vec<Artist>> {
        let rest: SavedRest = serde_json::from_str(&(self.text)()?).ok()?;
        (rest.artists.len() == self.count && rest.saved_at_ms == self.saved_at_ms).then(|| {
            rest.artists
                .into_iter()
                .map(SavedArtist::into_artist)
                .collect()
        })
    }
}

impl std::fmt::Debug for Rest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rest").field("count", &self.count).finish()
    }
}

impl Top {
    /// Younger than [`FRESH_FOR_MS`] (and not from the future: a clock set
    /// back would otherwise keep a copy forever).
    fn is_fresh(&self, now_ms: f64) -> bool {
        let age = now_ms - self.saved_at_ms;
        (0.0..FRESH_FOR_MS).contains(&age)
    }

    /// Compares the first page Spotify gives now with the copy.
    pub fn check(&self, first_page: &CursorPage, now_ms: f64) -> Check {
        let ids = first_page.items.iter().map(|a| a.id.as_str());
        let same_top = first_page.items.len() <= self.first_ids.len()
            && ids.eq(self
                .first_ids
                .iter()
                .take(first_page.items.len())
                .map(String::as_str));
        // An incomplete copy shorter than a page, or an empty one, must match
        // the page's end as well.
        let same_end = first_page.next.is_some() || first_page.items.len() == self.count;
        if same_top && same_end && first_page.total == self.total && self.is_fresh(now_ms) {
            Check::UpToDate
        } else {
            Check::Refresh
        }
    }
}

/// Where Spotify links an artist, before its id.
const ARTIST_PAGE: &str = "https://open.spotify.com/artist/";

impl SavedArtist {
    fn from_artist(a: &Artist, image_px: u32) -> Self {
        let url = match a.spotify_url() {
            Some(url) if url.strip_prefix(ARTIST_PAGE) == Some(a.id.as_str()) => None,
            Some(url) => Some(url.to_string()),
            None => Some(String::new()),
        };
        Self {
            id: a.id.clone(),
            name: a.name.clone(),
            image: a.image_for(image_px).map(str::to_string),
            url,
            genres: a.genres().iter().take(2).cloned().collect(),
            followers: a.follower_count(),
        }
    }

    fn into_artist(self) -> Artist {
        let url = match self.url {
            None => Some(format!("{ARTIST_PAGE}{}", self.id)),
            Some(url) if url.is_empty() => None,
            Some(url) => Some(url),
        };
        Artist {
            id: self.id,
            name: self.name,
            images: self.image.map(|url| {
                vec![Image {
                    url,
                    width: None,
                    height: None,
                }]
            }),
            external_urls: url.map(|url| ExternalUrls { spotify: Some(url) }),
            genres: (!self.genres.is_empty()).then_some(self.genres),
            followers: self.followers.map(|total| Followers { total: Some(total) }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spotify::model::Cursors;

    fn artist(n: usize) -> Artist {
        Artist {
            id: format!("id{n}"),
            name: format!("Artist \"{n}\""),
            images: Some(vec![
                Image {
                    url: format!("https://i.scdn.co/640/{n}"),
                    width: Some(640),
                    height: Some(640),
                },
                Image {
                    url: format!("https://i.scdn.co/160/{n}"),
                    width: Some(160),
                    height: Some(160),
                },
            ]),
            external_urls: Some(ExternalUrls {
                spotify: Some(format!("https://open.spotify.com/artist/id{n}")),
            }),
            genres: (n == 0).then(|| vec!["a".into(), "b".into(), "c".into()]),
            followers: (n == 0).then_some(Followers { total: Some(12) }),
        }
    }

    fn saved(count: usize, total: u32, complete: bool) -> SavedList {
        SavedList {
            user_id: "u1".into(),
            saved_at_ms: 1_000_000.0,
            total: Some(total),
            complete,
            artists: (0..count).map(artist).collect(),
        }
    }

    fn first_page(ids: std::ops::Range<usize>, total: u32, more: bool) -> CursorPage {
        CursorPage {
            items: ids.clone().map(artist).collect(),
            next: more.then(|| "next".to_string()),
            cursors: Some(Cursors {
                after: ids.last().map(|n| format!("id{n}")),
            }),
            total: Some(total),
        }
    }

    fn stored(list: &SavedList) -> StoredCopy {
        StoredCopy::stored(list, 160)
    }

    fn head_of(list: &SavedList) -> String {
        serde_json::to_string(&list.to_records(160).0).expect("written")
    }

    #[test]
    fn storage_keeps_what_a_card_shows() {
        let list = saved(3, 3, true);
        let back = stored(&list).into_list().expect("the rest reads back");
        assert_eq!(back.user_id, "u1");
        assert_eq!(back.saved_at_ms, 1_000_000.0);
        assert_eq!((back.total, back.complete), (Some(3), true));
        let first = &back.artists[0];
        assert_eq!(first.name, "Artist \"0\"");
        assert_eq!(
            first.image_for(160),
            Some("https://i.scdn.co/160/0"),
            "the picture for this screen only"
        );
        assert_eq!(
            first.spotify_url(),
            Some("https://open.spotify.com/artist/id0")
        );
        assert_eq!(first.genres(), ["a", "b"]);
        assert_eq!(first.follower_count(), Some(12));
        assert_eq!(back.artists[1].follower_count(), None);
    }

    #[test]
    fn spotifys_usual_link_is_made_again_from_the_id() {
        let mut list = saved(3, 3, true);
        list.artists[1].external_urls = None;
        list.artists[2].external_urls = Some(ExternalUrls {
            spotify: Some("https://open.spotify.com/artist/elsewhere".into()),
        });
        let text = head_of(&list);
        assert!(!text.contains("artist/id0"), "{text}");
        let back = stored(&list).into_list().expect("whole");
        let links: Vec<Option<&str>> = back.artists.iter().map(Artist::spotify_url).collect();
        assert_eq!(
            links,
            [
                Some("https://open.spotify.com/artist/id0"),
                None,
                Some("https://open.spotify.com/artist/elsewhere")
            ]
        );
    }

    #[test]
    fn the_first_page_reads_apart_from_the_rest() {
        for count in [0, 1, 50, 51, 237] {
            let list = saved(count, count as u32, true);
            let copy = stored(&list);
            assert_eq!(copy.head.artists.len(), count.min(50));
            assert_eq!(copy.rest.is_empty(), count <= 50);
            let ids = |l: &SavedList| l.artists.iter().map(|a| a.id.clone()).collect::<Vec<_>>();
            assert_eq!(
                ids(&copy.into_list().expect("whole")),
                ids(&list),
                "{count}"
            );
        }
    }

    #[test]
    fn foreign_or_broken_headers_are_ignored() {
        let read = |text: &str| {
            serde_json::from_str::<SavedHead>(text)
                .ok()
                .and_then(|head| StoredCopy::new(head, || None))
        };
        assert!(read(&head_of(&saved(3, 3, true))).is_some());
        for text in [
            "",
            "{",
            "[]",
            // The second version: two lines in one record.
            "{\"v\":2,\"user_id\":\"u\",\"saved_at_ms\":1,\"count\":0,\"artists\":[]}\n[]",
            r#"{"v":4,"user_id":"u","saved_at_ms":1,"complete":true,"count":0,"artists":[]}"#,
            r#"{"v":3,"user_id":"u","saved_at_ms":1,"complete":true,"count":1,"artists":[{"id":"x"}]}"#,
            // Fewer artists than the first page already holds.
            r#"{"v":3,"user_id":"u","saved_at_ms":1,"complete":true,"count":0,"artists":[{"id":"x","name":"X"}]}"#,
        ] {
            assert!(read(text).is_none(), "{text}");
        }
    }

    #[test]
    fn a_rest_that_does_not_read_back_is_reported() {
        let list = saved(60, 60, true);
        let (head, rest) = list.to_records(160);
        let head = serde_json::to_string(&head).expect("written");
        let mut other_save = saved(60, 60, true);
        other_save.saved_at_ms += 1.0;
        let other_rest = serde_json::to_string(&other_save.to_records(160).1).expect("written");
        let rest = serde_json::to_string(&rest).expect("written");
        for text in [
            None,
            Some(String::new()),
            Some(rest[..rest.len() - 10].to_string()),
            Some(r#"{"saved_at_ms":1000000,"artists":[]}"#.to_string()),
            Some(other_rest),
        ] {
            let head = serde_json::from_str(&head).expect("the head reads");
            let given = text.clone();
            let copy = StoredCopy::new(head, move || given).expect("a copy");
            assert_eq!(copy.head.artists.len(), 50);
            assert_eq!(copy.rest.read(), None, "{text:?}");
        }
    }

    #[test]
    fn a_recent_copy_with_the_same_top_and_total_is_up_to_date() {
        let list = saved(120, 120, true);
        let top = stored(&list).top;
        let now = list.saved_at_ms + FRESH_FOR_MS - 1.0;
        assert_eq!(
            top.check(&first_page(0..50, 120, true), now),
            Check::UpToDate
        );
        assert_eq!(
            top.check(&first_page(0..50, 121, true), now),
            Check::Refresh,
            "a new follow"
        );
        assert_eq!(
            top.check(&first_page(1..51, 120, true), now),
            Check::Refresh,
            "a new top"
        );
        let late = list.saved_at_ms + FRESH_FOR_MS;
        assert_eq!(
            top.check(&first_page(0..50, 120, true), late),
            Check::Refresh,
            "an hour old"
        );
        let early = list.saved_at_ms - 1.0;
        assert_eq!(
            top.check(&first_page(0..50, 120, true), early),
            Check::Refresh,
            "clock went back"
        );
    }

    #[test]
    fn a_short_list_must_match_to_its_end() {
        let list = saved(3, 3, true);
        let top = stored(&list).top;
        let now = list.saved_at_ms;
        assert_eq!(top.check(&first_page(0..3, 3, false), now), Check::UpToDate);
        assert_eq!(top.check(&first_page(0..2, 3, false), now), Check::Refresh);
        let empty = stored(&saved(0, 0, true)).top;
        assert_eq!(
            empty.check(&first_page(0..0, 0, false), now),
            Check::UpToDate
        );
        assert_eq!(
            empty.check(&first_page(0..1, 1, false), now),
            Check::Refresh
        );
        // Without a total to tell, the count does: 50 now, 60 in the copy.
        let mut no_total = saved(60, 60, true);
        no_total.total = None;
        let mut page = first_page(0..50, 50, false);
        page.total = None;
        assert_eq!(stored(&no_total).top.check(&page, now), Check::Refresh);
    }
}
