//! Followed artists: the data, its Spotify JSON shape, and sample lists that
//! carry the awkward cases (markup in names, right-to-left text, emoji, very
//! long names, missing images, fields development-mode apps do not get).

use crate::releases::{Release, Released};
use serde_json::{json, Value};

#[derive(Clone, Debug, PartialEq)]
pub struct Artist {
    /// 22 base62 characters, as Spotify's ids.
    pub id: String,
    pub name: String,
    /// Square image sizes to offer, largest first; empty for none.
    pub image_sizes: Vec<u32>,
    /// `Some` only for apps in extended quota mode; dev-mode apps get none.
    pub followers: Option<u64>,
    pub genres: Option<Vec<String>>,
    /// In place of the usual `https://open.spotify.com/artist/{id}`.
    pub spotify_link: Option<String>,
    /// In place of every image's emulator address (a foreign host, say).
    pub image_url: Option<String>,
    /// What `/v1/artists/{id}/albums` lists for this artist.
    pub releases: Vec<Release>,
}

impl Artist {
    pub fn to_json(&self, base_url: &str) -> Value {
        let images: Vec<Value> = self
            .image_sizes
            .iter()
            .map(|size| {
                let url = self
                    .image_url
                    .clone()
                    .unwrap_or_else(|| format!("{base_url}/images/{}-{size}.png", self.id));
                json!({
                    "url": url,
                    "height": size,
                    "width": size,
                })
            })
            .collect();
        let link = self
            .spotify_link
            .clone()
            .unwrap_or_else(|| format!("https://open.spotify.com/artist/{}", self.id));
        let mut artist = json!({
            "external_urls": { "spotify": link },
            "href": format!("{base_url}/v1/artists/{}", self.id),
            "id": self.id,
            "images": images,
            "name": self.name,
            "type": "artist",
            "uri": format!("spotify:artist:{}", self.id),
        });
        if let Some(followers) = self.followers {
            artist["followers"] = json!({ "href": null, "total": followers });
            artist["popularity"] = json!(followers % 100);
        }
        if let Some(genres) = &self.genres {
            artist["genres"] = json!(genres);
        }
        artist
    }
}

/// A deterministic 22-character base62 id for artist number `n`.
pub fn artist_id(n: usize) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    // An LCG walk keeps ids unique per n while looking random.
    let mut x =
        (n as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835) ^ 0x5851_F42D_4C95_7F2D;
    (0..22)
        .map(|_| {
            let c = ALPHABET[(x % 62) as usize];
            x = x / 62 + (n as u128 + 1) * 0x2545_F491_4F6C_DD1D;
            char::from(c)
        })
        .collect()
}

const FIRST: &[&str] = &[
    "Velvet", "Neon", "Midnight", "Golden", "Electric", "Silver", "Crimson", "Paper", "Lunar",
    "Wild", "Quiet", "Northern", "Glass", "Static", "Honey", "Hollow",
];
const SECOND: &[&str] = &[
    "Echoes",
    "Harbor",
    "Foxes",
    "Parade",
    "Machines",
    "Orchard",
    "Satellites",
    "Rivers",
    "Lanterns",
    "Tides",
    "Cathedral",
    "Ghosts",
    "Gardens",
    "Signals",
    "Monarchs",
];

/// The names every sample list starts with, one per awkward case.
pub const SPECIAL_NAMES: &[&str] = &[
    "<img src=x onerror=\"document.title='pwned'\">",
    "Sigur Rós",
    "فيروز",
    "שלמה ארצי",
    "🎸 Emoji Band 🥁✨",
    "The Extraordinarily Long-Named Philharmonic Orchestra of the Northern Hemisphere and Its Many Friends",
];

/// `count` artists in a stable order, beginning with [`SPECIAL_NAMES`].
/// Every seventh artist has no image; a few have followers and genres;
/// their releases are [`with_sample_releases`]'s.
pub fn sample_artists(count: usize) -> Vec<Artist> {
    let artists = (0..count)
        .map(|n| {
            let name = SPECIAL_NAMES
                .get(n)
                .map(|s| s.to_string())
                .unwrap_or_else(|| {
                    format!(
                        "{} {} {}",
                        FIRST[n % FIRST.len()],
                        SECOND[(n / FIRST.len()) % SECOND.len()],
                        n
                    )
                });
            Artist {
                id: artist_id(n),
                name,
                image_sizes: if n % 7 == 3 {
                    Vec::new()
                } else {
                    vec![640, 320, 160]
                },
                followers: (n % 5 == 0).then_some(1_000 + n as u64 * 37),
                genres: (n % 5 == 0).then(|| vec!["indie pop".to_string()]),
                spotify_link: None,
                image_url: None,
                releases: Vec::new(),
            }
        })
        .collect();
    with_sample_releases(artists)
}

/// A release id for artist `n`'s release `k` (22 base62 characters).
fn release_id(n: usize, k: usize) -> String {
    artist_id(1_000_000 + n * 100 + k)
}

/// Releases the tests can predict, relative to today: every artist has an
/// old album (day precision, over a year ago) and one of year precision;
/// then, by position in the list:
/// - 0: a single two days ago whose name is HTML;
/// - 1: twelve albums (the newest 100 days ago) and a single 3 days ago,
///   which a first page of ten albums leaves out;
/// - 2 and 3: one album by both, 5 days ago;
/// - 4: a compilation 6 days ago and an appears-on 8 days ago;
/// - 5: releases dated by month and by year only (not release days);
/// - every seventh from 6: a single `n % 50` days ago.
pub fn with_sample_releases(mut artists: Vec<Artist>) -> Vec<Artist> {
    let credit = |a: &Artist| (a.id.clone(), a.name.clone());
    let shared = (artists.len() > 3).then(|| Release {
        id: release_id(2, 99),
        name: "Together".into(),
        album_type: "album",
        group: "album",
        released: Released::DaysAgo(5),
        tracks: 9,
        artists: vec![credit(&artists[2]), credit(&artists[3])],
    });
    for (n, artist) in artists.iter_mut().enumerate() {
        let me = vec![credit(artist)];
        let release = |k: usize,
                       name: String,
                       kind: &'static str,
                       group: &'static str,
                       released: Released,
                       tracks: u32| Release {
            id: release_id(n, k),
            name,
            album_type: kind,
            group,
            released,
            tracks,
            artists: me.clone(),
        };
        let mut releases = vec![
            release(
                0,
                format!("Debut {n}"),
                "album",
                "album",
                Released::DaysAgo(400 + n as i64),
                11,
            ),
            release(
                1,
                format!("Early Years {n}"),
                "album",
                "album",
                Released::Year(2015),
                14,
            ),
        ];
        match n {
            0 => releases.push(release(
                2,
                "<script>alert(1)</script> & <b>Live</b>".into(),
                "single",
                "single",
                Released::DaysAgo(2),
                1,
            )),
            1 => {
                for k in 0..12 {
                    releases.push(release(
                        10 + k,
                        format!("Album {k}"),
                        "album",
                        "album",
                        Released::DaysAgo(100 + 30 * k as i64),
                        10,
                    ));
                }
                releases.push(release(
                    3,
                    "Hidden Single".into(),
                    "single",
                    "single",
                    Released::DaysAgo(3),
                    2,
                ));
            }
            2 | 3 => releases.extend(shared.clone()),
            4 => {
                releases.push(release(
                    4,
                    "Best Of".into(),
                    "compilation",
                    "compilation",
                    Released::DaysAgo(6),
                    18,
                ));
                let mut guest = release(
                    5,
                    "Various Artists Presents".into(),
                    "compilation",
                    "appears_on",
                    Released::DaysAgo(8),
                    20,
                );
                guest.artists = vec![("0VariousArtists00000000".into(), "Various Artists".into())];
                releases.push(guest);
            }
            5 => {
                releases.push(release(
                    6,
                    "Month Only".into(),
                    "album",
                    "album",
                    Released::Month(2026, 11),
                    8,
                ));
                releases.push(release(
                    7,
                    "Year Only".into(),
                    "single",
                    "single",
                    Released::Year(2026),
                    1,
                ));
            }
            n if n >= 6 && n % 7 == 6 => releases.push(release(
                8,
                format!("Single {n}"),
                "single",
                "single",
                Released::DaysAgo((n % 50) as i64),
                1,
            )),
            _ => {}
        }
        artist.releases = releases;
    }
    artists
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_base62_of_22() {
        let ids: HashSet<String> = (0..20_000).map(artist_id).collect();
        assert_eq!(ids.len(), 20_000);
        assert!(ids
            .iter()
            .all(|id| id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())));
    }

    #[test]
    fn dev_mode_shape_omits_followers_and_genres() {
        let artists = sample_artists(10);
        let plain = artists[1].to_json("http://e");
        assert!(plain.get("followers").is_none() && plain.get("genres").is_none());
        assert!(artists[3].image_sizes.is_empty());
        assert_eq!(artists[0].to_json("http://e")["followers"]["total"], 1000);
    }
}
