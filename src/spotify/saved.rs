//! The list from the last visit, kept in localStorage so a repeat visit
//! shows it at once and asks Spotify only whether it changed (issue #7).

use super::following::{Pager, PAGE_SIZE};
use super::model::{Artist, CursorPage, ExternalUrls, Followers, Image};
use crate::json::{self, Json};

/// A copy older than this is refreshed from Spotify even when unchanged at
/// the top: a change further down would not show on the first page.
pub const FRESH_FOR_MS: f64 = 60.0 * 60.0 * 1000.0;

const FORMAT_VERSION: u64 = 1;

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

impl SavedList {
    /// Only what a card shows: the picture for `image_px` (this device's
    /// pixel size), the link, and the optional genres and followers. Written
    /// straight into one string: a tree of values for 10,000 artists first
    /// would double the work of a save.
    pub fn to_storage(&self, image_px: u32) -> String {
        let mut out = String::with_capacity(64 + self.artists.len() * 160);
        let header = Json::object([
            ("v", Some(Json::from_u64(FORMAT_VERSION))),
            ("user_id", Some(Json::text(&self.user_id))),
            ("saved_at_ms", Some(Json::from_ms(self.saved_at_ms))),
            ("total", self.total.map(|t| Json::from_u64(t.into()))),
            ("complete", Some(Json::Bool(self.complete))),
        ])
        .to_string();
        out.push_str(header.strip_suffix('}').unwrap_or(&header));
        out.push_str(",\"artists\":[");
        for (i, a) in self.artists.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"id\":");
            json::write_string(&a.id, &mut out);
            out.push_str(",\"name\":");
            json::write_string(&a.name, &mut out);
            if let Some(image) = a.image_for(image_px) {
                out.push_str(",\"image\":");
                json::write_string(image, &mut out);
            }
            if let Some(url) = a.spotify_url() {
                out.push_str(",\"url\":");
                json::write_string(url, &mut out);
            }
            if !a.genres().is_empty() {
                out.push_str(",\"genres\":[");
                for (j, genre) in a.genres().iter().take(2).enumerate() {
                    if j > 0 {
                        out.push(',');
                    }
                    json::write_string(genre, &mut out);
                }
                out.push(']');
            }
            if let Some(count) = a.follower_count() {
                out.push_str(&format!(",\"followers\":{count}"));
            }
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    /// `None` for anything this app did not write.
    pub fn from_storage(text: &str) -> Option<Self> {
        let v = json::parse(text)?;
        if v.get("v").and_then(Json::as_u64) != Some(FORMAT_VERSION) {
            return None;
        }
        let artists = v
            .get("artists")?
            .as_array()?
            .iter()
            .map(|a| {
                Some(Artist {
                    id: a.string("id")?,
                    name: a.string("name")?,
                    images: a.string("image").map(|url| {
                        vec![Image {
                            url,
                            width: None,
                            height: None,
                        }]
                    }),
                    external_urls: a
                        .string("url")
                        .map(|url| ExternalUrls { spotify: Some(url) }),
                    genres: a.strings("genres"),
                    followers: a
                        .get("followers")
                        .and_then(Json::as_u64)
                        .map(|total| Followers { total: Some(total) }),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            user_id: v.string("user_id")?,
            saved_at_ms: v.get("saved_at_ms").and_then(Json::as_ms)?,
            total: v
                .get("total")
                .and_then(Json::as_u64)
                .and_then(|t| u32::try_from(t).ok()),
            complete: v.get("complete") == Some(&Json::Bool(true)),
            artists,
        })
    }

    /// Younger than [`FRESH_FOR_MS`] (and not from the future: a clock set
    /// back would otherwise keep a copy forever).
    pub fn is_fresh(&self, now_ms: f64) -> bool {
        let age = now_ms - self.saved_at_ms;
        (0.0..FRESH_FOR_MS).contains(&age)
    }

    /// Compares the first page Spotify gives now with the copy.
    pub fn check(&self, first_page: &CursorPage, now_ms: f64) -> Check {
        let ids = first_page.items.iter().map(|a| a.id.as_str());
        let same_top = first_page.items.len() <= self.artists.len()
            && ids.eq(self
                .artists
                .iter()
                .take(first_page.items.len())
                .map(|a| a.id.as_str()));
        // An incomplete copy shorter than a page, or an empty one, must match
        // the page's end as well.
        let same_end = first_page.next.is_some() || first_page.items.len() == self.artists.len();
        if same_top && same_end && first_page.total == self.total && self.is_fresh(now_ms) {
            Check::UpToDate
        } else {
            Check::Refresh
        }
    }

    /// A pager that goes on after the copy's last artist.
    pub fn pager(&self) -> Pager {
        Pager::resume(
            self.artists.iter().map(|a| a.id.clone()),
            self.total,
            self.complete,
        )
    }

    /// The copy in page-sized pieces, as the list shows pages.
    pub fn pages(&self) -> impl Iterator<Item = &[Artist]> {
        self.artists.chunks(PAGE_SIZE as usize)
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

    #[test]
    fn storage_keeps_what_a_card_shows() {
        let list = saved(3, 3, true);
        let back = SavedList::from_storage(&list.to_storage(160)).expect("round trip");
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
    fn foreign_or_broken_records_are_ignored() {
        for text in [
            "",
            "{",
            "[]",
            r#"{"v":2,"user_id":"u","saved_at_ms":1,"artists":[]}"#,
            r#"{"v":1,"user_id":"u","saved_at_ms":1,"artists":[{"id":"x"}]}"#,
        ] {
            assert_eq!(SavedList::from_storage(text), None, "{text}");
        }
    }

    #[test]
    fn a_recent_copy_with_the_same_top_and_total_is_up_to_date() {
        let list = saved(120, 120, true);
        let now = list.saved_at_ms + FRESH_FOR_MS - 1.0;
        assert_eq!(
            list.check(&first_page(0..50, 120, true), now),
            Check::UpToDate
        );
        assert_eq!(
            list.check(&first_page(0..50, 121, true), now),
            Check::Refresh,
            "a new follow"
        );
        assert_eq!(
            list.check(&first_page(1..51, 120, true), now),
            Check::Refresh,
            "a new top"
        );
        let late = list.saved_at_ms + FRESH_FOR_MS;
        assert_eq!(
            list.check(&first_page(0..50, 120, true), late),
            Check::Refresh,
            "an hour old"
        );
        let early = list.saved_at_ms - 1.0;
        assert_eq!(
            list.check(&first_page(0..50, 120, true), early),
            Check::Refresh,
            "clock went back"
        );
    }

    #[test]
    fn a_short_list_must_match_to_its_end() {
        let list = saved(3, 3, true);
        let now = list.saved_at_ms;
        assert_eq!(
            list.check(&first_page(0..3, 3, false), now),
            Check::UpToDate
        );
        assert_eq!(list.check(&first_page(0..2, 3, false), now), Check::Refresh);
        let empty = saved(0, 0, true);
        assert_eq!(
            empty.check(&first_page(0..0, 0, false), now),
            Check::UpToDate
        );
        assert_eq!(
            empty.check(&first_page(0..1, 1, false), now),
            Check::Refresh
        );
    }

    #[test]
    fn the_pager_goes_on_after_an_incomplete_copy() {
        let api = "https://api.spotify.com/v1";
        let partial = saved(100, 237, false).pager();
        assert_eq!(partial.loaded(), 100);
        assert!(partial
            .next_url(api)
            .expect("more")
            .ends_with("&after=id99"));
        assert!(saved(237, 237, true).pager().is_done());
        assert_eq!(
            saved(120, 120, true)
                .pages()
                .map(<[Artist]>::len)
                .collect::<Vec<_>>(),
            [50, 50, 20]
        );
    }
}
