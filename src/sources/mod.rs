//! Where the artists Encore watches come from: followed on Spotify, from
//! the reader's library (saved songs and albums, `library`), or added here
//! by name (`added`). The artists view and the release check, in the page
//! and in the service worker, take the same union: each artist once,
//! followed ones first in Spotify's order.

pub(crate) mod added;
pub(crate) mod library;

use crate::spotify::model::{Artist, ExternalUrls, Image, SPOTIFY_SITE};
use added::AddedArtists;
use library::Library;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

/// An artist as a source keeps it: what a card needs, in short names (a
/// library holds thousands).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    #[serde(rename = "i")]
    pub id: String,
    #[serde(rename = "n")]
    pub name: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
}

/// Where an artist comes from: the first that applies, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Followed,
    Library,
    Added,
}

impl Source {
    /// As the artist cards and the source filter name it.
    pub fn name(self) -> &'static str {
        match self {
            Source::Followed => "followed",
            Source::Library => "library",
            Source::Added => "added",
        }
    }
}

/// What the artists view shows, by source.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SourceFilter {
    #[default]
    All,
    Only(Source),
}

impl SourceFilter {
    /// From the address's `from=` (anything else: all).
    pub fn from_query(value: Option<&str>) -> Self {
        match value {
            Some("followed") => SourceFilter::Only(Source::Followed),
            Some("library") => SourceFilter::Only(Source::Library),
            Some("added") => SourceFilter::Only(Source::Added),
            _ => SourceFilter::All,
        }
    }

    /// For the address; none for all.
    pub fn query_value(self) -> Option<&'static str> {
        match self {
            SourceFilter::All => None,
            SourceFilter::Only(source) => Some(source.name()),
        }
    }
}

/// The reader's sources besides the followed artists, as chosen.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sources<'a> {
    /// Counted saves, when the reader turned library artists on.
    pub library: Option<&'a Library>,
    pub added: Option<&'a AddedArtists>,
}

/// An artist that is not followed, as the artists view shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Other {
    pub artist: Artist,
    pub source: Source,
}

impl<'a> Sources<'a> {
    /// Neither library artists nor any added here.
    pub fn is_empty(&self) -> bool {
        self.library.is_none_or(|l| l.artists().is_empty())
            && self.added.is_none_or(|a| a.artists().is_empty())
    }

    /// The artist's saves, while library artists are on.
    pub fn saves_of(&self, id: &str) -> Option<u32> {
        self.library?.saves_of(id)
    }

    fn in_library(&self, id: &str) -> bool {
        self.library
            .is_some_and(|l| l.saves_of(id).is_some_and(|s| s >= l.threshold))
    }

    fn added_here(&self, id: &str) -> bool {
        self.added.is_some_and(|a| a.has(id))
    }

    /// Whether the view narrowed to `filter` shows the artist `id`
    /// (`followed` or not). An artist from several sources shows under
    /// each of them.
    pub fn shows(&self, filter: SourceFilter, id: &str, followed: bool) -> bool {
        match filter {
            SourceFilter::All => true,
            SourceFilter::Only(Source::Followed) => followed,
            SourceFilter::Only(Source::Library) => self.in_library(id),
            SourceFilter::Only(Source::Added) => self.added_here(id),
        }
    }

    /// The artists that are not followed: from the library (most saved
    /// first), then added here (in the order added), each once.
    pub fn others(&self, followed: &FxHashSet<&str>) -> Vec<Other> {
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        let mut others = Vec::new();
        let mut take = |kept: &'a Kept, source: Source| {
            if followed.contains(kept.id.as_str()) || !seen.insert(&kept.id) {
                return;
            }
            others.push(Other {
                artist: artist(&kept.id, &kept.name, kept.picture.as_deref()),
                source,
            });
        };
        if let Some(library) = self.library {
            for counted in library.artists() {
                take(&counted.artist, Source::Library);
            }
        }
        if let Some(added) = self.added {
            for one in added.artists() {
                take(one, Source::Added);
            }
        }
        others
    }

    /// Every artist watched, `(id, name)`: the followed ones in their
    /// order, then the others, each once. What the release check asks about.
    pub fn watched(&self, followed: &[(String, String)]) -> Vec<(String, String)> {
        let ids: FxHashSet<&str> = followed.iter().map(|(id, _)| id.as_str()).collect();
        let mut watched = followed.to_vec();
        watched.extend(
            self.others(&ids)
                .into_iter()
                .map(|o| (o.artist.id, o.artist.name)),
        );
        watched
    }
}

/// An artist as a card draws it, from what a source kept: its link is
/// built from its id, and only from an id Spotify could have written.
pub(crate) fn artist(id: &str, name: &str, picture: Option<&str>) -> Artist {
    let plain = !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric());
    Artist {
        id: id.to_string(),
        name: name.to_string(),
        images: picture.map(|url| {
            vec![Image {
                url: url.to_string(),
                width: None,
                height: None,
            }]
        }),
        external_urls: plain.then(|| ExternalUrls {
            spotify: Some(format!("{SPOTIFY_SITE}artist/{id}")),
        }),
        genres: None,
        followers: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spotify::library::{Save, SavedList};

    fn library_of(saves: &[(&str, u32)]) -> Library {
        let mut library = Library::new("me");
        let mut list = Vec::new();
        for (id, n) in saves {
            for _ in 0..*n {
                list.push(Save {
                    added_at: format!("2026-11-01T10:00:{:02}Z", 59 - list.len()),
                    artists: vec![(id.to_string(), id.to_uppercase())],
                    picture: None,
                });
            }
        }
        library.take_page(SavedList::Tracks, 0, &list, false, 1.0);
        library.take_page(SavedList::Albums, 0, &[], false, 1.0);
        library.on = true;
        library
    }

    fn pair(id: &str) -> (String, String) {
        (id.to_string(), id.to_uppercase())
    }

    fn found(id: &str) -> Artist {
        artist(id, &id.to_uppercase(), None)
    }

    #[test]
    fn the_union_has_each_artist_once_followed_first() {
        let library = library_of(&[("a", 5), ("x", 4), ("y", 1), ("z", 3)]);
        let mut added = AddedArtists::new("me");
        added.add(&found("b"), 160);
        added.add(&found("z"), 160);
        added.add(&found("w"), 160);
        let sources = Sources {
            library: Some(&library),
            added: Some(&added),
        };
        let followed = [pair("a"), pair("b")];
        let ids: Vec<String> = sources
            .watched(&followed)
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids, ["a", "b", "x", "z", "w"], "y is under the threshold");
        let none = Sources::default();
        assert_eq!(none.watched(&followed), followed);
    }

    #[test]
    fn each_source_narrows_to_its_own_and_saves_count_on_followed_ones_too() {
        let library = library_of(&[("a", 5), ("x", 3)]);
        let mut added = AddedArtists::new("me");
        added.add(&found("w"), 160);
        let sources = Sources {
            library: Some(&library),
            added: Some(&added),
        };
        let only = |source| SourceFilter::Only(source);
        assert!(sources.shows(only(Source::Library), "a", true));
        assert!(!sources.shows(only(Source::Library), "w", false));
        assert!(sources.shows(only(Source::Added), "w", false));
        assert!(!sources.shows(only(Source::Followed), "x", false));
        assert!(sources.shows(SourceFilter::All, "anyone", false));
        assert_eq!(sources.saves_of("a"), Some(5));
        let off = Sources {
            library: None,
            added: Some(&added),
        };
        assert_eq!(off.saves_of("a"), None, "saves show while the source is on");
        let others = sources.others(&["a"].into_iter().collect());
        assert_eq!(others.len(), 2);
        assert_eq!(others[0].source, Source::Library);
        assert_eq!(
            others[0].artist.spotify_url(),
            Some("https://open.spotify.com/artist/x")
        );
        assert_eq!(others[1].source, Source::Added);
        assert_eq!(artist("x/../y", "X", None).spotify_url(), None);
    }

    #[test]
    fn the_filter_reads_its_address() {
        for filter in [
            SourceFilter::All,
            SourceFilter::Only(Source::Followed),
            SourceFilter::Only(Source::Library),
            SourceFilter::Only(Source::Added),
        ] {
            assert_eq!(SourceFilter::from_query(filter.query_value()), filter);
        }
        assert_eq!(SourceFilter::from_query(Some("x")), SourceFilter::All);
    }
}
