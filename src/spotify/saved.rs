//! The list from the last visit, kept in localStorage so a repeat visit
//! shows it at once and asks Spotify only whether it changed (issue #7).

use super::following::PAGE_SIZE;
use super::model::{Artist, CursorPage, ExternalUrls, Followers, Image};
use crate::json::{self, Json};

/// A copy older than this is refreshed from Spotify even when unchanged at
/// the top: a change further down would not show on the first page.
pub const FRESH_FOR_MS: f64 = 60.0 * 60.0 * 1000.0;

/// 2: two lines, the first page apart from the rest.
const FORMAT_VERSION: u64 = 2;

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

/// A copy as read from storage: its header and first page are read at once,
/// for the first paint; the other artists wait as text until the list needs
/// them (reading 10,000 takes tens of milliseconds).
#[derive(Debug)]
pub struct StoredCopy {
    /// The header, with the first page's artists only.
    pub head: SavedList,
    /// What Spotify's first page is compared with.
    pub top: Top,
    /// The artists after the first page, unread.
    pub rest: Rest,
}

/// The artists of a stored copy after its first page, still as text.
#[derive(Debug)]
pub struct Rest {
    text: String,
    /// Where the second line starts in `text`.
    start: usize,
    /// Artists the header says the second line holds.
    count: usize,
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
    /// Two lines of JSON, so the first page can be read without the rest:
    /// the header with the count and the first page's artists, then an array
    /// of the others. Only what a card shows is kept: the picture for
    /// `image_px` (this device's pixel size), the link, and the optional
    /// genres and followers. Written straight into one string: a tree of
    /// values for 10,000 artists first would double the work of a save.
    pub fn to_storage(&self, image_px: u32) -> String {
        let mut out = String::with_capacity(64 + self.artists.len() * 160);
        let header = Json::object([
            ("v", Some(Json::from_u64(FORMAT_VERSION))),
            ("user_id", Some(Json::text(&self.user_id))),
            ("saved_at_ms", Some(Json::from_ms(self.saved_at_ms))),
            ("total", self.total.map(|t| Json::from_u64(t.into()))),
            ("complete", Some(Json::Bool(self.complete))),
            ("count", Some(Json::from_u64(self.artists.len() as u64))),
        ])
        .to_string();
        out.push_str(header.strip_suffix('}').unwrap_or(&header));
        out.push_str(",\"artists\":[");
        let first_page = PAGE_SIZE as usize;
        for (i, a) in self.artists.iter().enumerate() {
            if i == first_page {
                out.push_str(SECOND_LINE);
            } else if i > 0 {
                out.push(',');
            }
            write_artist(a, image_px, &mut out);
        }
        if self.artists.len() <= first_page {
            out.push_str(SECOND_LINE);
        }
        out.push(']');
        out
    }
}

impl StoredCopy {
    /// `None` for anything this app did not write. Reads the first line only.
    pub fn from_storage(text: String) -> Option<Self> {
        let (first_line, _) = text.split_once('\n')?;
        let start = first_line.len() + 1;
        let v = json::parse(first_line)?;
        if v.get("v").and_then(Json::as_u64) != Some(FORMAT_VERSION) {
            return None;
        }
        let artists = read_artists(v.get("artists")?)?;
        let count = usize::try_from(v.get("count").and_then(Json::as_u64)?).ok()?;
        let rest_count = count.checked_sub(artists.len())?;
        let head = SavedList {
            user_id: v.string("user_id")?,
            saved_at_ms: v.get("saved_at_ms").and_then(Json::as_ms)?,
            total: v
                .get("total")
                .and_then(Json::as_u64)
                .and_then(|t| u32::try_from(t).ok()),
            complete: v.get("complete") == Some(&Json::Bool(true)),
            artists,
        };
        let top = Top {
            first_ids: head.artists.iter().map(|a| a.id.clone()).collect(),
            count,
            total: head.total,
            saved_at_ms: head.saved_at_ms,
        };
        Some(Self {
            head,
            top,
            rest: Rest {
                text,
                start,
                count: rest_count,
            },
        })
    }
}

#[cfg(test)]
impl StoredCopy {
    /// The whole list, read at once (the app reads it page by page).
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
    /// the header promised.
    pub fn read(&self) -> Option<Vec<Artist>> {
        let artists = read_artists(&json::parse(self.text.get(self.start..)?)?)?;
        (artists.len() == self.count).then_some(artists)
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

/// Ends the first page and the first line, and opens the rest's array.
/// JSON text never holds a raw line break: the lines split cleanly.
const SECOND_LINE: &str = "]}\n[";

fn write_artist(a: &Artist, image_px: u32, out: &mut String) {
    out.push_str("{\"id\":");
    json::write_string(&a.id, out);
    out.push_str(",\"name\":");
    json::write_string(&a.name, out);
    if let Some(image) = a.image_for(image_px) {
        out.push_str(",\"image\":");
        json::write_string(image, out);
    }
    // Spotify's usual link is left out (a third of a 10,000-artist save)
    // and made again from the id when read; no link at all is `false`
    // (`null` reads as absent).
    match a.spotify_url() {
        Some(url) if url.strip_prefix(ARTIST_PAGE) == Some(a.id.as_str()) => {}
        Some(url) => {
            out.push_str(",\"url\":");
            json::write_string(url, out);
        }
        None => out.push_str(",\"url\":false"),
    }
    if !a.genres().is_empty() {
        out.push_str(",\"genres\":[");
        for (j, genre) in a.genres().iter().take(2).enumerate() {
            if j > 0 {
                out.push(',');
            }
            json::write_string(genre, out);
        }
        out.push(']');
    }
    if let Some(count) = a.follower_count() {
        out.push_str(&format!(",\"followers\":{count}"));
    }
    out.push('}');
}

fn read_artists(array: &Json) -> Option<Vec<Artist>> {
    array
        .as_array()?
        .iter()
        .map(|a| {
            let id = a.string("id")?;
            let url = match a.get("url") {
                None => Some(format!("{ARTIST_PAGE}{id}")),
                Some(url) => url.as_str().map(str::to_string),
            };
            Some(Artist {
                id,
                name: a.string("name")?,
                images: a.string("image").map(|url| {
                    vec![Image {
                        url,
                        width: None,
                        height: None,
                    }]
                }),
                external_urls: url.map(|url| ExternalUrls { spotify: Some(url) }),
                genres: a.strings("genres"),
                followers: a
                    .get("followers")
                    .and_then(Json::as_u64)
                    .map(|total| Followers { total: Some(total) }),
            })
        })
        .collect()
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
        StoredCopy::from_storage(list.to_storage(160)).expect("round trip")
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
            spotify: Some("https://example.com/elsewhere".into()),
        });
        let text = list.to_storage(160);
        assert!(!text.contains("open.spotify.com"), "{text}");
        let back = stored(&list).into_list().expect("whole");
        let links: Vec<Option<&str>> = back.artists.iter().map(Artist::spotify_url).collect();
        assert_eq!(
            links,
            [
                Some("https://open.spotify.com/artist/id0"),
                None,
                Some("https://example.com/elsewhere")
            ]
        );
    }

    #[test]
    fn the_first_page_reads_apart_from_the_rest() {
        for count in [0, 1, 50, 51, 237] {
            let list = saved(count, count as u32, true);
            let text = list.to_storage(160);
            assert_eq!(text.matches('\n').count(), 1, "two lines");
            let copy = StoredCopy::from_storage(text).expect("round trip");
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
    fn foreign_or_broken_records_are_ignored() {
        for text in [
            "",
            "{",
            "[]",
            "{}\n[]",
            // The first version: one line.
            r#"{"v":1,"user_id":"u","saved_at_ms":1,"artists":[]}"#,
            r#"{"v":3,"user_id":"u","saved_at_ms":1,"count":0,"artists":[]}
[]"#,
            r#"{"v":2,"user_id":"u","saved_at_ms":1,"count":1,"artists":[{"id":"x"}]}
[]"#,
            // Fewer artists than the first page already holds.
            r#"{"v":2,"user_id":"u","saved_at_ms":1,"count":0,"artists":[{"id":"x","name":"X"}]}
[]"#,
        ] {
            assert!(StoredCopy::from_storage(text.into()).is_none(), "{text}");
        }
    }

    #[test]
    fn a_rest_that_does_not_read_back_is_reported() {
        let text = saved(60, 60, true).to_storage(160);
        let (first, _) = text.split_once('\n').expect("two lines");
        for rest in ["", "[", "[]", r#"[{"id":"x"}]"#] {
            let copy =
                StoredCopy::from_storage(format!("{first}\n{rest}")).expect("the head reads");
            assert_eq!(copy.head.artists.len(), 50);
            assert_eq!(copy.rest.read(), None, "{rest:?}");
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
