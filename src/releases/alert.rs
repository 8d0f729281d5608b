//! What a release alert says: after a check, the releases it found that
//! the reader has not seen, named when there is one and counted when there
//! are more.

use super::choices::Choices;
use super::day::Day;
use super::found::{Found, Release};
use super::progress::Progress;
use rustc_hash::FxHashSet;

/// The tag every alert carries, so that a newer one replaces an older one.
pub const TAG: &str = "encore-new-releases";

#[derive(Clone, Debug, PartialEq)]
pub enum Alert {
    /// One release: its name and its followed artists.
    One { name: String, artists: Vec<String> },
    /// This many releases.
    Many(usize),
}

impl Alert {
    /// How many releases it tells of (the app badge's number).
    pub fn count(&self) -> usize {
        match self {
            Alert::One { .. } => 1,
            Alert::Many(count) => *count,
        }
    }
}

/// The artists a check looks at for the first time (a first round, or
/// artists followed since the last): what it finds of theirs was out
/// before, and is no news.
#[derive(Debug, Default)]
pub struct FirstLooks(FxHashSet<String>);

impl FirstLooks {
    /// Of `artists`, those `looked_at_before` says no to.
    pub fn among<'a>(
        artists: impl IntoIterator<Item = &'a str>,
        looked_at_before: impl Fn(&str) -> bool,
    ) -> Self {
        let first = artists.into_iter().filter(|a| !looked_at_before(a));
        Self(first.map(str::to_string).collect())
    }

    /// The artists `progress`'s plan (`order`, places in `artists`) looks
    /// at for the first time.
    pub fn planned(progress: &Progress, artists: &[&str], order: &[usize]) -> Self {
        let planned = order.iter().map(|&i| artists[i]);
        Self::among(planned, |artist| progress.checked.contains_key(artist))
    }

    /// Only first looks found `release`: every followed artist on it is
    /// one (an artist stored without its id was looked at before).
    fn alone_found(&self, release: &Release) -> bool {
        let first_look = |id: &Option<String>| id.as_ref().is_some_and(|id| self.0.contains(id));
        release.artists.iter().all(|a| first_look(&a.id))
    }
}

/// The alert for the releases first seen at or after `since_ms` (by the
/// check that just ran) that the reader's `choices` show (the window, the
/// kinds, no muted artist's), since the reader last looked
/// (`seen_before_ms`); none when there are none. Releases only the check's
/// `first_looks` found are no news: the first round finds everything, and
/// every round after it, the reader's first visit included, can tell.
pub fn alert(
    found: &Found,
    today: Day,
    since_ms: f64,
    seen_before_ms: f64,
    first_looks: &FirstLooks,
    choices: &Choices,
) -> Option<Alert> {
    let first_day = today.minus(choices.window_days - 1);
    let days = found.by_day(first_day, today, |r| choices.shows(r));
    let mut new = days
        .iter()
        .flat_map(|(_, releases)| releases.iter())
        .filter(|release| {
            release.first_seen_ms >= since_ms
                && release.first_seen_ms > seen_before_ms
                && !first_looks.alone_found(release)
        });
    let first = new.next()?;
    let more = new.count();
    Some(if more == 0 {
        Alert::One {
            name: first.name.clone(),
            artists: first.artist_names(),
        }
    } else {
        Alert::Many(more + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::found::tests::{album as album_by, anyone};
    use crate::spotify::albums::Album;

    fn album(id: &str, kind: &str, date: &str, artist: &str) -> Album {
        album_by(id, kind, date, "day", &[artist])
    }

    fn today() -> Day {
        Day::of_release("2026-12-04", "day").expect("a date")
    }

    /// What two checks found: `earlier` at 100 ms, `later` at 500 ms.
    fn found(earlier: &[Album], later: &[Album]) -> Found {
        let mut found = Found::default();
        let since = today().minus(90);
        found.add("a", earlier, since, anyone, 64, 100.0);
        found.add("a", later, since, anyone, 64, 500.0);
        found
    }

    #[test]
    fn one_new_release_is_named_with_its_artists() {
        let found = found(
            &[album("old", "album", "2026-11-20", "A")],
            &[album("x", "single", "2026-12-04", "A")],
        );
        assert_eq!(
            alert(&found, today(), 500.0, 200.0, &none(), &Choices::default()),
            Some(Alert::One {
                name: "Release x".into(),
                artists: vec!["A".into()],
            })
        );
    }

    #[test]
    fn several_are_counted() {
        let found = found(
            &[],
            &[
                album("x", "single", "2026-12-04", "A"),
                album("y", "album", "2026-12-03", "A"),
            ],
        );
        let said = alert(&found, today(), 500.0, 200.0, &none(), &Choices::default());
        assert_eq!(said, Some(Alert::Many(2)));
        assert_eq!(said.map(|a| a.count()), Some(2));
    }

    /// No artist looked at for the first time.
    fn none() -> FirstLooks {
        FirstLooks::default()
    }

    #[test]
    fn nothing_found_by_this_check_says_nothing() {
        let found = found(&[album("old", "album", "2026-11-20", "A")], &[]);
        assert_eq!(
            alert(&found, today(), 500.0, 50.0, &none(), &Choices::default()),
            None
        );
    }

    #[test]
    fn what_a_first_look_finds_is_no_news() {
        let first_round = found(&[album("x", "single", "2026-12-04", "A")], &[]);
        let first_looks = FirstLooks::among(["a", "b"], |_| false);
        assert_eq!(
            alert(
                &first_round,
                today(),
                100.0,
                0.0,
                &first_looks,
                &Choices::default()
            ),
            None
        );
        // Artist "b" followed since: its first look finds a release "a"
        // had not put out at its last check: news through "a".
        let mut both = found(&[], &[]);
        let since = today().minus(90);
        let on_both = album_by("y", "album", "2026-12-04", "day", &["A", "B"]);
        both.add("b", &[on_both], since, anyone, 64, 500.0);
        let b_is_new = FirstLooks::among(["a", "b"], |artist| artist == "a");
        assert!(alert(&both, today(), 500.0, 200.0, &b_is_new, &Choices::default()).is_some());
        let both_new = FirstLooks::among(["a", "b"], |_| false);
        assert_eq!(
            alert(&both, today(), 500.0, 200.0, &both_new, &Choices::default()),
            None
        );
    }

    #[test]
    fn a_later_round_on_the_readers_first_visit_is_news() {
        // Nothing seen before (the view's first visit), the artist checked
        // in the round before.
        let found = found(
            &[album("old", "album", "2026-11-20", "A")],
            &[album("x", "single", "2026-12-04", "A")],
        );
        let looked_at = FirstLooks::among(["a"], |_| true);
        assert_eq!(
            alert(&found, today(), 500.0, 0.0, &looked_at, &Choices::default()),
            Some(Alert::One {
                name: "Release x".into(),
                artists: vec!["A".into()],
            })
        );
    }

    #[test]
    fn only_the_views_default_window_and_kinds() {
        let found = found(
            &[],
            &[
                album("older", "album", "2026-10-01", "A"),
                album("comp", "compilation", "2026-12-04", "A"),
                album("other", "single", "2026-12-04", "B"),
            ],
        );
        // "other" is by someone else's artist: it appears on, not shown by default.
        assert_eq!(
            alert(&found, today(), 500.0, 200.0, &none(), &Choices::default()),
            None
        );
    }

    #[test]
    fn a_muted_artist_is_not_news() {
        let found = found(&[], &[album("x", "single", "2026-12-04", "A")]);
        let mut choices = Choices::default();
        choices.mute("a", "A");
        assert_eq!(
            alert(&found, today(), 500.0, 200.0, &none(), &choices),
            None
        );
    }

    #[test]
    fn a_release_seen_before_the_last_look_is_not_news() {
        let found = found(&[album("x", "single", "2026-12-04", "A")], &[]);
        assert_eq!(
            alert(&found, today(), 50.0, 300.0, &none(), &Choices::default()),
            None
        );
    }
}
