//! One round of the release check, the same in the page and in the service
//! worker: the artists due, in the plan's order, each asked for its newest
//! releases (one request, and a second for singles alone when albums filled
//! the first), and what each check found handed to the front end to record
//! and show. What a front end adds is a [`Checker`]: whether to go on (the
//! page: still wanted; the worker: budget left, alerts still on), how a
//! page of releases is fetched, and what recording means there.

use super::{
    alert::{self, Alert, FirstLooks},
    choices::Choices,
    day::Day,
    found::Found,
    plan::Checked,
    progress::{Progress, LONGEST_WINDOW_DAYS},
};
use crate::spotify::albums::{albums_url, singles_left_out, Album, AlbumPage, Groups};
use rustc_hash::FxHashMap;
use std::future::Future;

/// A front end running a round.
pub(crate) trait Checker {
    /// Why fetching stopped.
    type Stop;
    /// Whether to check the next artist.
    fn go_on(&mut self) -> impl Future<Output = bool>;
    fn albums(&mut self, url: &str) -> impl Future<Output = Result<AlbumPage, Self::Stop>>;
    fn now_ms(&self) -> f64;
    /// What the check of `artist` found, to record (`Round::take_in`).
    fn checked(&mut self, round: &Round<'_>, artist: &str, albums: &[Album], checked: Checked);
}

pub(crate) struct Round<'a> {
    artists: Vec<&'a str>,
    names: FxHashMap<&'a str, &'a str>,
    /// Places in `artists`, in the order they are checked.
    order: Vec<usize>,
    first_looks: FirstLooks,
    groups: Groups,
    today: Day,
    /// What is found from then on may be news.
    began_ms: f64,
}

impl<'a> Round<'a> {
    /// Plans a round over `followed` (each artist's id and name): `progress`
    /// starts a new round when one is due and forgets who is no longer
    /// followed; compilations and appears-on are asked for when `progress`
    /// or the reader's `choices` want them.
    pub(crate) fn plan(
        progress: &mut Progress,
        followed: &'a [(String, String)],
        choices: &Choices,
        now_ms: f64,
        today: Day,
    ) -> Self {
        progress.start_due_round(now_ms);
        let artists: Vec<&str> = followed.iter().map(|(id, _)| id.as_str()).collect();
        let order = progress.plan(&artists, today);
        let first_looks = FirstLooks::planned(progress, &artists, &order);
        let names: FxHashMap<&str, &str> = followed
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect();
        progress.keep_only(|artist| names.contains_key(artist));
        let groups = if progress.more_kinds || choices.needs_more_groups() {
            Groups::Everything
        } else {
            Groups::AlbumsAndSingles
        };
        Self {
            artists,
            names,
            order,
            first_looks,
            groups,
            today,
            began_ms: now_ms,
        }
    }

    pub(crate) fn artists(&self) -> &[&'a str] {
        &self.artists
    }

    /// Whether any artist is due.
    pub(crate) fn is_due(&self) -> bool {
        !self.order.is_empty()
    }

    /// Records in `progress` what the check of `artist` found, covers for
    /// `image_px`: whether a release was new to it.
    pub(crate) fn take_in(
        &self,
        progress: &mut Progress,
        artist: &str,
        albums: &[Album],
        checked: Checked,
        image_px: u32,
    ) -> bool {
        let since = self.today.minus(LONGEST_WINDOW_DAYS);
        let followed = |id: &str| self.names.get(id).copied();
        let added = progress
            .found
            .add(artist, albums, since, followed, image_px, checked.at_ms);
        progress.record(artist, checked, self.today);
        added
    }

    /// Checks the artists due, one after another, until the last, until
    /// `checker` says to stop, or until a fetch fails.
    pub(crate) async fn run<C: Checker>(&self, api: &str, checker: &mut C) -> Result<(), C::Stop> {
        for &index in &self.order {
            if !checker.go_on().await {
                break;
            }
            let artist = self.artists[index];
            let albums = releases_of(api, artist, self.groups, checker).await?;
            let checked = Checked {
                at_ms: checker.now_ms(),
                newest: Found::newest_day(&albums),
            };
            checker.checked(self, artist, &albums, checked);
        }
        Ok(())
    }

    /// The alert for what this round found that the reader has not seen
    /// (`seen_before_ms`) and chose to see, if any.
    pub(crate) fn news(
        &self,
        found: &Found,
        seen_before_ms: f64,
        choices: &Choices,
    ) -> Option<Alert> {
        alert::alert(
            found,
            self.today,
            self.began_ms,
            seen_before_ms,
            &self.first_looks,
            choices,
        )
    }
}

/// One artist's newest releases of `groups`.
async fn releases_of<C: Checker>(
    api: &str,
    artist: &str,
    groups: Groups,
    checker: &mut C,
) -> Result<Vec<Album>, C::Stop> {
    let mut first = checker.albums(&albums_url(api, artist, groups)).await?;
    if singles_left_out(&first) {
        let singles = checker
            .albums(&albums_url(api, artist, Groups::SinglesOnly))
            .await?;
        first.items.extend(singles.items);
    }
    Ok(first.items)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::releases::found::tests::album;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    const API: &str = "https://api";

    fn run<F: Future>(future: F) -> F::Output {
        match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(value) => value,
            Poll::Pending => panic!("the fake never waits"),
        }
    }

    fn today() -> Day {
        Day::of_release("2026-12-04", "day").expect("a date")
    }

    /// Canned pages by URL; every URL asked recorded; `go_on` says yes
    /// `artists_left` times.
    struct Canned {
        pages: FxHashMap<String, AlbumPage>,
        asked: Vec<String>,
        artists_left: usize,
        now_ms: f64,
        progress: Progress,
        added: Vec<String>,
    }

    impl Canned {
        fn new(progress: Progress, now_ms: f64) -> Self {
            Self {
                pages: FxHashMap::default(),
                asked: Vec::new(),
                artists_left: usize::MAX,
                now_ms,
                progress,
                added: Vec::new(),
            }
        }

        fn with(mut self, artist: &str, groups: Groups, items: Vec<Album>, more: bool) -> Self {
            let page = AlbumPage {
                items,
                next: more.then(|| "https://api/next".to_string()),
                total: None,
            };
            self.pages.insert(albums_url(API, artist, groups), page);
            self
        }
    }

    impl Checker for Canned {
        type Stop = String;

        async fn go_on(&mut self) -> bool {
            let more = self.artists_left > 0;
            self.artists_left = self.artists_left.saturating_sub(1);
            more
        }

        async fn albums(&mut self, url: &str) -> Result<AlbumPage, String> {
            self.asked.push(url.to_string());
            self.pages.get(url).cloned().ok_or_else(|| url.to_string())
        }

        fn now_ms(&self) -> f64 {
            self.now_ms
        }

        fn checked(&mut self, round: &Round<'_>, artist: &str, albums: &[Album], checked: Checked) {
            if round.take_in(&mut self.progress, artist, albums, checked, 64) {
                self.added.push(artist.to_string());
            }
        }
    }

    fn followed(ids: &[&str]) -> Vec<(String, String)> {
        ids.iter()
            .map(|id| (id.to_string(), id.to_uppercase()))
            .collect()
    }

    fn single(id: &str, artist: &str) -> Album {
        album(id, "single", "2026-12-01", "day", &[artist])
    }

    #[test]
    fn each_artist_is_asked_once_and_what_it_found_is_recorded() {
        let list = followed(&["a", "b"]);
        let mut progress = Progress::new("me", 0.0);
        let round = Round::plan(&mut progress, &list, &Choices::default(), 0.0, today());
        let mut canned = Canned::new(progress, 5.0)
            .with("a", Groups::AlbumsAndSingles, vec![single("1", "A")], false)
            .with("b", Groups::AlbumsAndSingles, Vec::new(), false);
        assert_eq!(run(round.run(API, &mut canned)), Ok(()));
        assert_eq!(canned.asked.len(), 2, "one request an artist");
        assert_eq!(canned.added, ["a"]);
        assert!(canned.progress.found.contains("1"));
        assert_eq!(canned.progress.checked_in_round(round.artists()), 2);
    }

    #[test]
    fn singles_are_asked_apart_when_albums_fill_the_first_page() {
        let list = followed(&["a"]);
        let mut progress = Progress::new("me", 0.0);
        let round = Round::plan(&mut progress, &list, &Choices::default(), 0.0, today());
        let albums = (0..10)
            .map(|n| album(&format!("al{n}"), "album", "2020-01-01", "day", &["A"]))
            .collect();
        let mut canned = Canned::new(progress, 5.0)
            .with("a", Groups::AlbumsAndSingles, albums, true)
            .with("a", Groups::SinglesOnly, vec![single("s", "A")], false);
        assert_eq!(run(round.run(API, &mut canned)), Ok(()));
        assert_eq!(canned.asked.len(), 2);
        assert!(canned.progress.found.contains("s"), "the single is found");
    }

    #[test]
    fn a_failure_stops_the_round_and_keeps_what_was_checked() {
        let list = followed(&["a", "b", "c"]);
        let mut progress = Progress::new("me", 0.0);
        let round = Round::plan(&mut progress, &list, &Choices::default(), 0.0, today());
        let first = round.artists()[round.order[0]];
        let mut canned =
            Canned::new(progress, 5.0).with(first, Groups::AlbumsAndSingles, Vec::new(), false);
        let stop = run(round.run(API, &mut canned)).expect_err("the second fails");
        assert!(stop.contains("/artists/"), "{stop}");
        assert_eq!(canned.progress.checked_in_round(round.artists()), 1);
    }

    #[test]
    fn what_a_later_round_finds_is_news_and_a_first_look_is_not() {
        let list = followed(&["a"]);
        let choices = Choices::default();
        let mut progress = Progress::new("me", 0.0);
        let first = Round::plan(&mut progress, &list, &choices, 0.0, today());
        let mut canned = Canned::new(progress, 5.0).with(
            "a",
            Groups::AlbumsAndSingles,
            vec![single("1", "A")],
            false,
        );
        run(first.run(API, &mut canned)).expect("checked");
        assert_eq!(first.news(&canned.progress.found, 0.0, &choices), None);
        // A day later: the next round finds a second release.
        let day = 86_400_000.0;
        let mut progress = canned.progress;
        let later = Round::plan(&mut progress, &list, &choices, day, today());
        assert!(later.is_due());
        let mut canned = Canned::new(progress, day + 5.0).with(
            "a",
            Groups::AlbumsAndSingles,
            vec![single("1", "A"), single("2", "A")],
            false,
        );
        run(later.run(API, &mut canned)).expect("checked");
        let news = later.news(&canned.progress.found, 0.0, &choices);
        assert!(
            matches!(&news, Some(Alert::One { name, .. }) if name == "Release 2"),
            "{news:?}"
        );
    }

    #[test]
    fn the_checker_ends_the_round_where_it_says() {
        let list = followed(&["a", "b", "c"]);
        let mut progress = Progress::new("me", 0.0);
        let round = Round::plan(&mut progress, &list, &Choices::default(), 0.0, today());
        let mut canned = Canned::new(progress, 5.0);
        for artist in ["a", "b", "c"] {
            canned = canned.with(artist, Groups::AlbumsAndSingles, Vec::new(), false);
        }
        canned.artists_left = 2;
        assert_eq!(run(round.run(API, &mut canned)), Ok(()));
        assert_eq!(canned.asked.len(), 2, "nothing asked after the stop");
    }

    #[test]
    fn the_extra_groups_are_asked_only_when_wanted() {
        let list = followed(&["a"]);
        let mut progress = Progress::new("me", 0.0);
        progress.more_kinds = true;
        let round = Round::plan(&mut progress, &list, &Choices::default(), 0.0, today());
        let mut canned = Canned::new(progress, 5.0);
        let _ = run(round.run(API, &mut canned));
        assert!(canned.asked[0].contains("compilation,appears_on"));
    }
}
