//! Artists' releases and `/v1/artists/{id}/albums` as a development-mode app
//! gets it in 2026: at most 10 a page, offset paging, the asked groups in
//! Spotify's order (albums, singles, compilations, appears-on), newest
//! first within a group, no `album_group`, dates of day, month or year
//! precision.

use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

pub const GROUPS: [&str; 4] = ["album", "single", "compilation", "appears_on"];

#[derive(Clone, Debug, PartialEq)]
pub enum Released {
    /// Day precision, this many days before today (UTC).
    DaysAgo(i64),
    /// Month precision: `YYYY-MM`.
    Month(i32, u32),
    /// Year precision: `YYYY`.
    Year(i32),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Release {
    pub id: String,
    pub name: String,
    /// Spotify's `album_type`: "album", "single" or "compilation".
    pub album_type: &'static str,
    /// The group it is listed under for the artist who has it.
    pub group: &'static str,
    pub released: Released,
    pub tracks: u32,
    /// Every credited artist, `(id, name)`.
    pub artists: Vec<(String, String)>,
}

/// Today's day number (days since 1970-01-01, UTC).
fn today() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    (secs / 86_400) as i64
}

/// `(year, month, day)` of a day number (H. Hinnant's civil_from_days).
pub fn civil(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = (yoe + era * 400 + i64::from(m <= 2)) as i32;
    (y, m, d)
}

impl Release {
    /// `(release_date, precision)` as Spotify writes them.
    pub fn date(&self) -> (String, &'static str) {
        match self.released {
            Released::DaysAgo(n) => {
                let (y, m, d) = civil(today() - n);
                (format!("{y:04}-{m:02}-{d:02}"), "day")
            }
            Released::Month(y, m) => (format!("{y:04}-{m:02}"), "month"),
            Released::Year(y) => (format!("{y:04}"), "year"),
        }
    }

    /// How recent, for Spotify's newest-first order within a group.
    fn sort_key(&self) -> i64 {
        match self.released {
            Released::DaysAgo(n) => today() - n,
            Released::Month(y, m) => i64::from(y) * 400 + i64::from(m) * 31 - 800_000,
            Released::Year(y) => i64::from(y) * 400 - 800_000,
        }
    }

    pub fn to_json(&self, base_url: &str) -> Value {
        let (date, precision) = self.date();
        let artists: Vec<Value> = self
            .artists
            .iter()
            .map(|c| credit_json(base_url, c))
            .collect();
        json!({
            "album_type": self.album_type,
            "total_tracks": self.tracks,
            "available_markets": [],
            "external_urls": { "spotify": format!("https://open.spotify.com/album/{}", self.id) },
            "href": format!("{base_url}/v1/albums/{}", self.id),
            "id": self.id,
            "images": [
                { "url": format!("{base_url}/images/album-{}-300.png", self.id), "height": 300, "width": 300 },
                { "url": format!("{base_url}/images/album-{}-64.png", self.id), "height": 64, "width": 64 },
            ],
            "name": self.name,
            "release_date": date,
            "release_date_precision": precision,
            "type": "album",
            "uri": format!("spotify:album:{}", self.id),
            "artists": artists,
        })
    }

    /// Track `k` (from 0) as a simplified track object, credited to `artists`.
    pub(crate) fn track_json(&self, base: &str, k: u32, artists: &[(String, String)]) -> Value {
        let id = track_id(&self.id, k);
        json!({
            "artists": artists.iter().map(|c| credit_json(base, c)).collect::<Vec<_>>(),
            "available_markets": [],
            "disc_number": 1,
            "duration_ms": 180_000 + k * 1_000,
            "explicit": false,
            "external_urls": { "spotify": format!("https://open.spotify.com/track/{id}") },
            "href": format!("{base}/v1/tracks/{id}"),
            "id": id,
            "is_local": false,
            "name": format!("{} {}", self.name, k + 1),
            "track_number": k + 1,
            "type": "track",
            "uri": format!("spotify:track:{id}"),
        })
    }
}

/// A credited artist, `(id, name)`, as a simplified artist object.
pub(crate) fn credit_json(base: &str, (id, name): &(String, String)) -> Value {
    json!({
        "external_urls": { "spotify": format!("https://open.spotify.com/artist/{id}") },
        "href": format!("{base}/v1/artists/{id}"),
        "id": id,
        "name": name,
        "type": "artist",
        "uri": format!("spotify:artist:{id}"),
    })
}

/// Track `k` of album `album` (a 22-character base62 id of its own).
pub fn track_id(album: &str, k: u32) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut x: u128 = 0xcbf2_9ce4_8422_2325;
    for b in album.bytes().chain(k.to_le_bytes()) {
        x = (x ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    (0..22)
        .map(|_| {
            let c = ALPHABET[(x % 62) as usize];
            x /= 62;
            if x == 0 {
                x = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835;
            }
            char::from(c)
        })
        .collect()
}

/// Why a request for releases is refused, as Spotify words it.
pub fn parse_groups(value: Option<&str>) -> Result<Vec<&'static str>, &'static str> {
    let Some(value) = value else {
        return Ok(GROUPS.to_vec());
    };
    let mut groups = Vec::new();
    for part in value.split(',') {
        let group = GROUPS
            .iter()
            .find(|g| **g == part)
            .ok_or("Invalid include_groups value")?;
        if !groups.contains(group) {
            groups.push(*group);
        }
    }
    Ok(groups)
}

/// An artist's releases of `groups`, in Spotify's order.
pub fn listed<'a>(releases: &'a [Release], groups: &[&str]) -> Vec<&'a Release> {
    let mut shown: Vec<&Release> = releases
        .iter()
        .filter(|r| groups.contains(&r.group))
        .collect();
    let rank = |r: &Release| GROUPS.iter().position(|g| *g == r.group).unwrap_or(9);
    shown.sort_by(|a, b| rank(a).cmp(&rank(b)).then(b.sort_key().cmp(&a.sort_key())));
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(20_784), (2026, 11, 27));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    #[test]
    fn groups_are_checked() {
        assert_eq!(
            parse_groups(Some("album,single")),
            Ok(vec!["album", "single"])
        );
        assert_eq!(parse_groups(None).map(|g| g.len()), Ok(4));
        assert!(parse_groups(Some("album,ep")).is_err());
        assert!(parse_groups(Some("")).is_err());
    }
}
