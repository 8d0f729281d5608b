//! What the reader chose to see of the new releases: the window, the kinds,
//! whether other versions (remixes, live recordings…) show, and the
//! artists they muted. The releases view, its alerts and the playlist all
//! show the same releases.

use super::found::{Kind, Release};
use super::progress::LONGEST_WINDOW_DAYS;
use super::versions::is_other_version;
use crate::spotify::playlist::{SavedPlaylist, DEFAULT_NAME};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The windows offered, in days.
pub const WINDOWS: [i32; 3] = [7, 28, 91];
pub const DEFAULT_WINDOW_DAYS: i32 = 28;

/// Every kind, in the order the view offers them.
pub const KINDS: [Kind; 5] = [
    Kind::Album,
    Kind::Ep,
    Kind::Single,
    Kind::Compilation,
    Kind::AppearsOn,
];
pub const DEFAULT_KINDS: [Kind; 3] = [Kind::Album, Kind::Ep, Kind::Single];

/// A muted artist: their id, and their name to list them by.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Muted {
    pub id: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Choices {
    pub window_days: i32,
    pub kinds: Vec<Kind>,
    pub hide_other_versions: bool,
    pub muted: Vec<Muted>,
    /// The name a new playlist is given.
    pub playlist_name: String,
    /// The reader's playlist, once a save made it.
    pub playlist: Option<SavedPlaylist>,
}

impl Default for Choices {
    fn default() -> Self {
        Self {
            window_days: DEFAULT_WINDOW_DAYS,
            kinds: DEFAULT_KINDS.to_vec(),
            hide_other_versions: false,
            muted: Vec::new(),
            playlist_name: DEFAULT_NAME.to_string(),
            playlist: None,
        }
    }
}

impl Choices {
    /// Choices read back from storage, which any page of the origin can
    /// write: a window the check does not keep becomes the default one.
    pub fn checked(mut self) -> Self {
        if !(1..=LONGEST_WINDOW_DAYS).contains(&self.window_days) {
            self.window_days = DEFAULT_WINDOW_DAYS;
        }
        if self.playlist_name.trim().is_empty() {
            self.playlist_name = DEFAULT_NAME.to_string();
        }
        self
    }

    /// Whether a release is shown: one of the kinds chosen, not another
    /// version when those are hidden, and not only by muted artists (a
    /// release by two followed artists stays while one is not muted).
    pub fn shows(&self, release: &Release) -> bool {
        self.kinds.contains(&release.kind)
            && !(self.hide_other_versions && is_other_version(&release.name))
            && !self.only_muted_on(release)
    }

    fn only_muted_on(&self, release: &Release) -> bool {
        !release.artists.is_empty()
            && release
                .artists
                .iter()
                .all(|artist| artist.id.as_deref().is_some_and(|id| self.is_muted(id)))
    }

    pub fn is_muted(&self, artist: &str) -> bool {
        self.muted.iter().any(|m| m.id == artist)
    }

    pub fn shows_kind(&self, kind: Kind) -> bool {
        self.kinds.contains(&kind)
    }

    /// Shows or hides a kind, keeping the view's order of kinds.
    pub fn set_kind(&mut self, kind: Kind, shown: bool) {
        self.kinds.retain(|k| *k != kind);
        if shown {
            self.kinds.push(kind);
            self.kinds
                .sort_by_key(|k| KINDS.iter().position(|known| known == k));
        }
    }

    /// Whether the kinds shown need Spotify's extra groups (compilations,
    /// appears-on), which a check asks for only when wanted.
    pub fn needs_more_groups(&self) -> bool {
        self.shows_kind(Kind::Compilation) || self.shows_kind(Kind::AppearsOn)
    }

    pub fn mute(&mut self, id: &str, name: &str) {
        if !self.is_muted(id) {
            self.muted.push(Muted {
                id: id.to_string(),
                name: name.to_string(),
            });
        }
    }

    pub fn unmute(&mut self, id: &str) {
        self.muted.retain(|m| m.id != id);
    }
}

/// Every reader's choices on this browser, by Spotify user id, and whose
/// were last used: kept after a session, so that the same reader logging in
/// again finds their mutes, and another reader starts from the defaults.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EveryReader {
    last: Option<String>,
    readers: BTreeMap<String, Choices>,
}

impl EveryReader {
    /// The last reader's, and who they are: what a start shows until the
    /// profile says who is logged in.
    pub fn last(&self) -> (Option<String>, Choices) {
        let choices = self
            .last
            .as_deref()
            .map(|id| self.of(id))
            .unwrap_or_default();
        (self.last.clone(), choices)
    }

    pub fn of(&self, reader: &str) -> Choices {
        self.readers
            .get(reader)
            .cloned()
            .map(Choices::checked)
            .unwrap_or_default()
    }

    pub fn has(&self, reader: &str) -> bool {
        self.readers.contains_key(reader)
    }

    pub fn keep(&mut self, reader: &str, choices: Choices) {
        self.last = Some(reader.to_string());
        self.readers.insert(reader.to_string(), choices);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::day::Day;
    use crate::releases::found::OnRelease;

    fn release(name: &str, kind: Kind, artists: &[(&str, &str)]) -> Release {
        Release {
            id: "r".into(),
            name: name.into(),
            kind,
            tracks: Some(5),
            day: Day::of_release("2026-12-01", "day").expect("a date"),
            artists: artists
                .iter()
                .map(|(id, name)| OnRelease {
                    id: Some((*id).into()),
                    name: (*name).into(),
                })
                .collect(),
            url: None,
            image: None,
            first_seen_ms: 0.0,
        }
    }

    #[test]
    fn by_default_albums_eps_and_singles_with_every_version() {
        let choices = Choices::default();
        assert!(choices.shows(&release("A", Kind::Album, &[("a", "A")])));
        assert!(choices.shows(&release("A", Kind::Ep, &[("a", "A")])));
        assert!(choices.shows(&release("A (Remix)", Kind::Single, &[("a", "A")])));
        assert!(!choices.shows(&release("A", Kind::Compilation, &[("a", "A")])));
        assert!(!choices.shows(&release("A", Kind::AppearsOn, &[("a", "A")])));
        assert!(!choices.needs_more_groups());
    }

    #[test]
    fn other_versions_hide_when_asked() {
        let choices = Choices {
            hide_other_versions: true,
            ..Choices::default()
        };
        assert!(!choices.shows(&release("A (Remix)", Kind::Single, &[("a", "A")])));
        assert!(choices.shows(&release("A", Kind::Single, &[("a", "A")])));
    }

    #[test]
    fn a_muted_artist_hides_only_what_no_other_followed_artist_is_on() {
        let mut choices = Choices::default();
        choices.mute("a", "A");
        choices.mute("a", "A");
        assert_eq!(choices.muted.len(), 1);
        assert!(!choices.shows(&release("Solo", Kind::Album, &[("a", "A")])));
        assert!(choices.shows(&release("Duet", Kind::Album, &[("a", "A"), ("b", "B")])));
        choices.mute("b", "B");
        assert!(!choices.shows(&release("Duet", Kind::Album, &[("a", "A"), ("b", "B")])));
        choices.unmute("a");
        assert!(choices.shows(&release("Solo", Kind::Album, &[("a", "A")])));
        // An old record's artist, without an id, cannot be muted.
        let mut old = release("Old", Kind::Album, &[]);
        old.artists.push(OnRelease {
            id: None,
            name: "A".into(),
        });
        assert!(choices.shows(&old));
    }

    #[test]
    fn kinds_keep_the_views_order() {
        let mut choices = Choices::default();
        choices.set_kind(Kind::AppearsOn, true);
        choices.set_kind(Kind::Compilation, true);
        choices.set_kind(Kind::Ep, false);
        assert_eq!(
            choices.kinds,
            [
                Kind::Album,
                Kind::Single,
                Kind::Compilation,
                Kind::AppearsOn
            ]
        );
        assert!(choices.needs_more_groups());
    }

    #[test]
    fn each_reader_keeps_their_own() {
        let mut every = EveryReader::default();
        assert_eq!(every.last(), (None, Choices::default()));
        let mut mine = Choices::default();
        mine.mute("a", "A");
        every.keep("me", mine.clone());
        every.keep("you", Choices::default());
        assert_eq!(every.of("me"), mine);
        assert_eq!(every.last(), (Some("you".into()), Choices::default()));
        assert!(!every.has("them"));
        assert_eq!(every.of("them"), Choices::default());
    }

    #[test]
    fn stored_choices_are_read_with_defaults_and_checked() {
        let read: Choices = serde_json::from_str(r#"{"window_days":100000}"#).expect("readable");
        assert_eq!(read.checked(), Choices::default());
        let text = serde_json::to_string(&Choices::default()).expect("writable");
        let back: Choices = serde_json::from_str(&text).expect("readable");
        assert_eq!(back, Choices::default());
    }
}
