//! Followed artists: the data, its Spotify JSON shape, and sample lists that
//! carry the awkward cases (markup in names, right-to-left text, emoji, very
//! long names, missing images, fields development-mode apps do not get).

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
/// Every seventh artist has no image; a few have followers and genres.
pub fn sample_artists(count: usize) -> Vec<Artist> {
    (0..count)
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
            }
        })
        .collect()
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
