//! What a release alert says: after a check, the releases it found that
//! the reader has not seen, named when there is one and counted when there
//! are more.

use super::choices::Choices;
use super::day::Day;
use super::found::Found;

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

/// The alert for the releases first seen at or after `since_ms` (by the
/// check that just ran) that the reader's `choices` show (the window, the
/// kinds, no muted artist's); none when there are none, or when the reader
/// has never looked at the releases (`seen_before_ms` 0: a first check
/// finds everything, and none of it is news).
pub fn alert(
    found: &Found,
    today: Day,
    since_ms: f64,
    seen_before_ms: f64,
    choices: &Choices,
) -> Option<Alert> {
    if seen_before_ms <= 0.0 {
        return None;
    }
    let first_day = today.minus(choices.window_days - 1);
    let days = found.by_day(first_day, today, |r| choices.shows(r));
    let mut new = days
        .iter()
        .flat_map(|(_, releases)| releases.iter())
        .filter(|release| {
            release.first_seen_ms >= since_ms && release.first_seen_ms > seen_before_ms
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
            alert(&found, today(), 500.0, 200.0, &Choices::default()),
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
        let said = alert(&found, today(), 500.0, 200.0, &Choices::default());
        assert_eq!(said, Some(Alert::Many(2)));
        assert_eq!(said.map(|a| a.count()), Some(2));
    }

    #[test]
    fn nothing_found_by_this_check_or_nothing_seen_before_says_nothing() {
        let found = found(&[album("old", "album", "2026-11-20", "A")], &[]);
        assert_eq!(
            alert(&found, today(), 500.0, 50.0, &Choices::default()),
            None
        );
        let first_look = found_once();
        assert_eq!(
            alert(&first_look, today(), 100.0, 0.0, &Choices::default()),
            None
        );
    }

    fn found_once() -> Found {
        found(&[album("x", "single", "2026-12-04", "A")], &[])
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
            alert(&found, today(), 500.0, 200.0, &Choices::default()),
            None
        );
    }

    #[test]
    fn a_muted_artist_is_not_news() {
        let found = found(&[], &[album("x", "single", "2026-12-04", "A")]);
        let mut choices = Choices::default();
        choices.mute("a", "A");
        assert_eq!(alert(&found, today(), 500.0, 200.0, &choices), None);
    }

    #[test]
    fn a_release_seen_before_the_last_look_is_not_news() {
        let found = found(&[album("x", "single", "2026-12-04", "A")], &[]);
        assert_eq!(
            alert(&found, today(), 50.0, 300.0, &Choices::default()),
            None
        );
    }
}
