//! What the check found: each release once, with every followed artist on
//! it, what kind it is, and the day it came out; the ones inside the chosen
//! window, newest first, grouped by day.

use super::day::Day;
use crate::config;
use crate::spotify::albums::Album;
use crate::spotify::model::SPOTIFY_SITE;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Album,
    /// What Spotify calls a single, with [`EP_TRACKS`] tracks. Spotify's
    /// own rule also weighs the length, which would cost a request per
    /// release (docs/how-it-works.md, "New releases").
    Ep,
    Single,
    Compilation,
    /// On someone else's release (no `album_group` in 2026: the checked
    /// artist is not among its artists).
    AppearsOn,
}

/// The track counts of an EP.
pub const EP_TRACKS: std::ops::RangeInclusive<u32> = 4..=6;

impl Kind {
    fn of(album_type: &str, tracks: Option<u32>) -> Option<Kind> {
        match album_type {
            "album" => Some(Kind::Album),
            "single" => Some(Kind::single(tracks)),
            "compilation" => Some(Kind::Compilation),
            _ => None,
        }
    }

    fn single(tracks: Option<u32>) -> Kind {
        if tracks.is_some_and(|n| EP_TRACKS.contains(&n)) {
            Kind::Ep
        } else {
            Kind::Single
        }
    }

    /// The `data-kind` of a release element (../shared/CONTRACT.md).
    pub fn hook(self) -> &'static str {
        match self {
            Kind::Album => "album",
            Kind::Ep => "ep",
            Kind::Single => "single",
            Kind::Compilation => "compilation",
            Kind::AppearsOn => "appears_on",
        }
    }
}

/// A followed artist on a release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnRelease {
    /// `None` in records written before the check kept ids: such a release
    /// cannot be muted until the check finds it again.
    pub id: Option<String>,
    pub name: String,
}

/// Stored as `[id, name]`, or as the name alone by versions before ids.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StoredOnRelease {
    Both(String, String),
    Name(String),
}

impl Serialize for OnRelease {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.id {
            Some(id) => (id, &self.name).serialize(serializer),
            None => self.name.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for OnRelease {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match StoredOnRelease::deserialize(deserializer)? {
            StoredOnRelease::Both(id, name) => OnRelease { id: Some(id), name },
            StoredOnRelease::Name(name) => OnRelease { id: None, name },
        })
    }
}

/// Stored as an array, not an object (see [`StoredRelease`]).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(from = "StoredRelease")]
pub struct Release {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub tracks: Option<u32>,
    pub day: Day,
    /// The followed artists on it, as Spotify lists them, then the followed
    /// artists it appears on the releases of.
    pub artists: Vec<OnRelease>,
    pub url: Option<String>,
    /// The cover, chosen for the size it is drawn at.
    pub image: Option<String>,
    /// When the check first saw it: newer than the reader's last visit to
    /// the view means new to them.
    pub first_seen_ms: f64,
}

/// A release as stored: the fields in order, without their names, which
/// would otherwise take a third of the stored check (it must fit in 1 MB
/// with 10,000 followed artists: see `progress.rs`).
type StoredRelease = (
    String,
    String,
    Kind,
    Option<u32>,
    Day,
    Vec<OnRelease>,
    Option<String>,
    Option<String>,
    f64,
);

impl From<StoredRelease> for Release {
    fn from(stored: StoredRelease) -> Self {
        let (id, name, kind, tracks, day, artists, url, image, first_seen_ms) = stored;
        // Stored before EPs were told apart.
        let kind = match kind {
            Kind::Single => Kind::single(tracks),
            kind => kind,
        };
        Release {
            id,
            name,
            kind,
            tracks,
            day,
            artists,
            url,
            image,
            first_seen_ms,
        }
    }
}

impl Release {
    /// The link to open it in Spotify, checked again when drawn: a release
    /// may be read back from storage, which every page of the origin can
    /// write.
    pub fn link(&self) -> Option<&str> {
        self.url
            .as_deref()
            .filter(|url| url.starts_with(SPOTIFY_SITE))
    }

    /// The names of the followed artists on it.
    pub fn artist_names(&self) -> Vec<String> {
        self.artists.iter().map(|a| a.name.clone()).collect()
    }

    /// Its cover, checked again when drawn (see [`Release::link`]).
    pub fn cover(&self) -> Option<&str> {
        self.image
            .as_deref()
            .filter(|url| config::picture_allowed(url))
    }
}

impl Serialize for Release {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let fields = (
            &self.id,
            &self.name,
            self.kind,
            self.tracks,
            self.day,
            &self.artists,
            &self.url,
            &self.image,
            self.first_seen_ms,
        );
        fields.serialize(serializer)
    }
}

/// Releases found so far, by album id; stored as a list (each release
/// holds its id).
#[derive(Default, Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "Vec<Release>")]
pub struct Found {
    releases: FxHashMap<String, Release>,
}

impl From<Vec<Release>> for Found {
    fn from(list: Vec<Release>) -> Self {
        let releases = list.into_iter().map(|r| (r.id.clone(), r)).collect();
        Found { releases }
    }
}

impl Serialize for Found {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.releases.values())
    }
}

impl Found {
    /// Takes in a page of `artist`'s releases: those with a release day on
    /// or after `since`, each once however many followed artists are on it
    /// (`followed` gives a followed artist's name by id); covers for
    /// `image_px`. Whether any was new: most artists add nothing, and then
    /// nothing needs drawing again.
    pub fn add<'a>(
        &mut self,
        artist: &str,
        albums: &[Album],
        since: Day,
        followed: impl Fn(&str) -> Option<&'a str>,
        image_px: u32,
        now_ms: f64,
    ) -> bool {
        let before = self.releases.len();
        let mut joined = false;
        for album in albums {
            let Some(day) = Day::of_release(&album.release_date, &album.release_date_precision)
            else {
                continue;
            };
            let Some(kind) = Kind::of(&album.album_type, album.total_tracks) else {
                continue;
            };
            let credited = album.artists.iter().any(|a| a.id == artist);
            let kind = if credited { kind } else { Kind::AppearsOn };
            if day < since {
                continue;
            }
            let mut artists: Vec<OnRelease> = album
                .artists
                .iter()
                .filter(|a| followed(&a.id).is_some())
                .map(|a| OnRelease {
                    id: Some(a.id.clone()),
                    name: a.name.clone(),
                })
                .collect();
            let guest = (!credited).then(|| OnRelease {
                id: Some(artist.to_string()),
                name: followed(artist).unwrap_or_default().to_string(),
            });
            if let Some(known) = self.releases.get_mut(&album.id) {
                if let Some(guest) = guest.filter(|g| !known.artists.contains(g)) {
                    known.artists.push(guest);
                    joined = true;
                }
                continue;
            }
            artists.extend(guest);
            self.releases
                .entry(album.id.clone())
                .or_insert_with(|| Release {
                    id: album.id.clone(),
                    name: album.name.clone(),
                    kind,
                    tracks: album.total_tracks,
                    day,
                    artists,
                    url: album.spotify_url().map(str::to_string),
                    image: album.image_for(image_px).map(str::to_string),
                    first_seen_ms: now_ms,
                });
        }
        joined || self.releases.len() > before
    }

    /// Takes in what another tab found; a release both found keeps the
    /// earlier first sighting.
    pub fn merge(&mut self, other: Found) {
        for (id, release) in other.releases {
            self.releases
                .entry(id)
                .and_modify(|known| {
                    known.first_seen_ms = known.first_seen_ms.min(release.first_seen_ms)
                })
                .or_insert(release);
        }
    }

    pub fn contains(&self, album: &str) -> bool {
        self.releases.contains_key(album)
    }

    /// Forgets releases from before `since` (out of the longest window).
    pub fn drop_before(&mut self, since: Day) {
        self.releases.retain(|_, r| r.day >= since);
    }

    /// The newest release day of `albums`, for the artist's check record.
    pub fn newest_day(albums: &[Album]) -> Option<Day> {
        albums
            .iter()
            .filter_map(|a| Day::of_release(&a.release_date, &a.release_date_precision))
            .max()
    }

    /// The releases from `first_day` to `today` that the reader's choices
    /// show, newest first (then by name), grouped by day.
    pub fn by_day(
        &self,
        first_day: Day,
        today: Day,
        shows: impl Fn(&Release) -> bool,
    ) -> Vec<(Day, Vec<&Release>)> {
        let mut shown: Vec<&Release> = self
            .releases
            .values()
            .filter(|r| r.day >= first_day && r.day <= today && shows(r))
            .collect();
        shown.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.name.cmp(&b.name)));
        let mut days: Vec<(Day, Vec<&Release>)> = Vec::new();
        for release in shown {
            match days.last_mut() {
                Some((day, list)) if *day == release.day => list.push(release),
                _ => days.push((release.day, vec![release])),
            }
        }
        days
    }
}

/// How a day's heading reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayHeading {
    Today,
    Yesterday,
    /// Written with its weekday and date in the reader's locale.
    Date(Day),
}

pub fn heading(day: Day, today: Day) -> DayHeading {
    match today.0 - day.0 {
        0 => DayHeading::Today,
        1 => DayHeading::Yesterday,
        _ => DayHeading::Date(day),
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::spotify::albums::AlbumArtist;

    pub(in crate::releases) fn album(
        id: &str,
        kind: &str,
        date: &str,
        precision: &str,
        artists: &[&str],
    ) -> Album {
        Album {
            id: id.into(),
            name: format!("Release {id}"),
            album_type: kind.into(),
            total_tracks: Some(3),
            release_date: date.into(),
            release_date_precision: precision.into(),
            images: None,
            external_urls: None,
            artists: artists
                .iter()
                .map(|a| AlbumArtist {
                    id: a.to_lowercase(),
                    name: (*a).into(),
                })
                .collect(),
        }
    }

    /// Every artist counts as followed.
    pub(in crate::releases) fn anyone(_: &str) -> Option<&'static str> {
        Some("Someone")
    }

    fn day(date: &str) -> Day {
        Day::of_release(date, "day").expect("a date")
    }

    #[test]
    fn a_release_by_two_followed_artists_appears_once_with_both() {
        let followed = |id: &str| match id {
            "a" => Some("A"),
            "b" => Some("B"),
            _ => None,
        };
        let mut found = Found::default();
        let shared = album("1", "album", "2026-11-20", "day", &["A", "X", "B"]);
        let added = found.add(
            "a",
            std::slice::from_ref(&shared),
            day("2026-11-01"),
            followed,
            64,
            0.0,
        );
        assert!(added);
        let again = found.add("b", &[shared], day("2026-11-01"), followed, 64, 0.0);
        assert!(!again, "nothing new to draw");
        let days = found.by_day(day("2026-11-01"), day("2026-11-27"), |r| {
            r.kind == Kind::Album
        });
        assert_eq!(days.len(), 1);
        assert_eq!(days[0].1.len(), 1);
        assert_eq!(days[0].1[0].artist_names(), ["A", "B"]);
        // Stored as a list of arrays, and read back the same.
        let text = serde_json::to_string(&found).expect("serializable");
        assert!(
            text.starts_with(r#"[["1","Release 1","Album",3,"#)
                && text.contains(r#"[["a","A"],["b","B"]]"#),
            "{text}"
        );
        let back: Found = serde_json::from_str(&text).expect("readable");
        assert_eq!(back, found);
    }

    #[test]
    fn what_another_tab_found_is_taken_in_once_with_the_earlier_sighting() {
        let since = day("2026-11-01");
        let all = anyone;
        let x = album("x", "album", "2026-11-20", "day", &["A"]);
        let y = album("y", "single", "2026-11-21", "day", &["B"]);
        let mut here = Found::default();
        let _ = here.add("a", std::slice::from_ref(&x), since, all, 64, 2.0);
        let mut there = Found::default();
        let _ = there.add("a", &[x], since, all, 64, 1.0);
        let _ = there.add("b", &[y], since, all, 64, 3.0);
        here.merge(there);
        let days = here.by_day(since, day("2026-11-30"), |_| true);
        let seen: Vec<(&str, f64)> = days
            .iter()
            .flat_map(|(_, list)| list.iter().map(|r| (r.id.as_str(), r.first_seen_ms)))
            .collect();
        assert_eq!(seen, [("y", 3.0), ("x", 1.0)]);
    }

    #[test]
    fn only_dated_releases_in_the_window_of_the_kinds_shown() {
        let mut found = Found::default();
        let since = day("2026-10-30");
        let _ = found.add(
            "a",
            &[
                album("new", "single", "2026-11-27", "day", &["A"]),
                album("older", "album", "2026-11-26", "day", &["A"]),
                album("comp", "compilation", "2026-11-25", "day", &["A"]),
                album("year", "album", "2026", "year", &["A"]),
                album("month", "album", "2026-11", "month", &["A"]),
                album("before", "album", "2026-10-01", "day", &["A"]),
                album("future", "album", "2026-12-25", "day", &["A"]),
                album("guest", "album", "2026-11-24", "day", &["Z"]),
            ],
            since,
            anyone,
            64,
            0.0,
        );
        let today = day("2026-11-27");
        let shown = |kinds: &[Kind]| -> Vec<String> {
            found
                .by_day(since, today, |r| kinds.contains(&r.kind))
                .iter()
                .flat_map(|(_, list)| list.iter().map(|r| r.id.clone()))
                .collect()
        };
        assert_eq!(shown(&[Kind::Album, Kind::Single]), ["new", "older"]);
        assert_eq!(
            shown(&[Kind::Album, Kind::Single, Kind::Compilation]),
            ["new", "older", "comp"]
        );
        assert_eq!(shown(&[Kind::AppearsOn]), ["guest"], "A is not on it");
        let one_week = found.by_day(today.minus(6), today, |r| {
            matches!(r.kind, Kind::Album | Kind::Single)
        });
        assert_eq!(one_week.len(), 2, "grouped by day");
    }

    #[test]
    fn newest_day_ignores_imprecise_dates() {
        let albums = [
            album("1", "album", "2027", "year", &["A"]),
            album("2", "album", "2026-11-02", "day", &["A"]),
            album("3", "single", "2026-11-20", "day", &["A"]),
        ];
        assert_eq!(Found::newest_day(&albums), Some(day("2026-11-20")));
        assert_eq!(Found::newest_day(&[]), None);
    }

    #[test]
    fn links_and_covers_read_back_from_storage_are_checked_again() {
        let stored = r#"[["1","One","Album",3,20000,["A"],"javascript:alert(1)","http://cover",0.0],
                         ["2","Two","Single",1,20000,["A"],"https://open.spotify.com/album/2","https://i.scdn.co/image/2",0.0]]"#;
        let found: Found = serde_json::from_str(stored).expect("readable");
        let release = |id: &str| found.releases.get(id).expect("stored");
        assert_eq!(release("1").link(), None);
        assert_eq!(release("1").cover(), None);
        assert_eq!(
            release("2").link(),
            Some("https://open.spotify.com/album/2")
        );
        assert_eq!(release("2").cover(), Some("https://i.scdn.co/image/2"));
    }

    #[test]
    fn a_single_of_four_to_six_tracks_is_an_ep() {
        let since = day("2026-11-01");
        let mut found = Found::default();
        let single = |id: &str, tracks: u32| {
            let mut album = album(id, "single", "2026-11-20", "day", &["A"]);
            album.total_tracks = Some(tracks);
            album
        };
        let albums = [
            single("s3", 3),
            single("e4", 4),
            single("e6", 6),
            single("s7", 7),
        ];
        let _ = found.add("a", &albums, since, anyone, 64, 0.0);
        let kind = |id: &str| found.releases.get(id).map(|r| r.kind);
        assert_eq!(kind("s3"), Some(Kind::Single));
        assert_eq!(kind("e4"), Some(Kind::Ep));
        assert_eq!(kind("e6"), Some(Kind::Ep));
        assert_eq!(kind("s7"), Some(Kind::Single));
        assert_eq!(Kind::Ep.hook(), "ep");
        assert_eq!(Kind::AppearsOn.hook(), "appears_on");
    }

    #[test]
    fn a_release_appeared_on_names_the_followed_artists_who_appear() {
        let since = day("2026-11-01");
        let names = |id: &str| match id {
            "a" => Some("A"),
            "b" => Some("B"),
            _ => None,
        };
        let guest = album("g", "album", "2026-11-20", "day", &["Z"]);
        let mut found = Found::default();
        assert!(found.add("a", std::slice::from_ref(&guest), since, names, 64, 0.0));
        assert!(found.add("b", std::slice::from_ref(&guest), since, names, 64, 0.0));
        assert!(!found.add("b", &[guest], since, names, 64, 0.0));
        let release = found.releases.get("g").expect("found");
        assert_eq!(release.kind, Kind::AppearsOn);
        assert_eq!(release.artist_names(), ["A", "B"]);
        assert_eq!(release.artists[1].id.as_deref(), Some("b"));
    }

    #[test]
    fn a_record_from_before_eps_and_ids_reads_as_today() {
        let stored = r#"[["1","Four","Single",4,20000,["A"],null,null,0.0]]"#;
        let found: Found = serde_json::from_str(stored).expect("readable");
        let release = found.releases.get("1").expect("stored");
        assert_eq!(release.kind, Kind::Ep);
        assert_eq!(
            release.artists,
            [OnRelease {
                id: None,
                name: "A".into()
            }]
        );
    }

    #[test]
    fn headings() {
        let today = day("2026-11-27");
        assert_eq!(heading(today, today), DayHeading::Today);
        assert_eq!(heading(today.minus(1), today), DayHeading::Yesterday);
        assert_eq!(
            heading(today.minus(2), today),
            DayHeading::Date(today.minus(2))
        );
    }
}
