//! The release check store: asks Spotify for every followed artist's newest
//! releases, one artist after another (at most two requests each), in the
//! order `releases::plan` gives; keeps its progress in storage after each
//! artist so that a reload, a crash or the daily limit resumes it, asking
//! again at most the artist in flight; one tab checks at a time
//! (a Web Lock), the others follow its progress through storage.

use super::artist_list::ArtistList;
use super::choices::ReleaseChoices;
use super::client::{self, Failure};
use super::follower::Follower;
use super::session::Session;
use super::sources::ArtistSources;
use crate::browser::{self, locks};
use crate::config::Endpoints;
use crate::releases::{
    alert::Alert,
    choices::Choices,
    day::Day,
    found::Found,
    plan::Checked,
    progress::Progress,
    round::{Checker, Round},
};
use crate::spotify::albums::{Album, AlbumPage};
use crate::spotify::error::{ApiError, Resource};
use crate::store;
use leptos::{prelude::*, task::spawn_local};

/// The drawn size of a cover, in CSS pixels (see style/main.css).
pub(crate) const COVER_CSS_PX: f64 = 64.0;

/// The whole progress is stored after this many artists (and when the
/// check stops); the artists checked since are stored apart after each one,
/// a record that stays small.
const SAVE_EVERY: usize = 20;

/// How often an open view looks for artists due to be checked again.
const DUE_CHECK_EVERY_MS: f64 = 60.0 * 60.0 * 1000.0;

/// How long a tab that takes the check's lock waits at most for the last
/// checking tab's writes to show in storage, asking every so often.
const CATCH_UP_MS: f64 = 2_000.0;
const CATCH_UP_POLL_MS: f64 = 25.0;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CheckState {
    /// Nothing asked of the check yet.
    Idle,
    /// The followed list is still loading.
    LoadingList,
    /// Another tab is checking; this one shows its progress.
    Waiting,
    Running,
    /// Every followed artist was checked in this round.
    Done,
    /// Spotify's long wait: the check goes on when it ends.
    Paused,
    /// Stopped on an error; Check now tries again.
    Failed(ApiError),
}

/// Telling the reader of news, which the check waits for.
pub(crate) type Telling = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

#[derive(Clone, Copy)]
pub(crate) struct ReleaseCheck {
    /// Whose check it is, and whose followed artists it checks.
    session: Session,
    artists: ArtistList,
    /// The reader's other sources: the check takes the union.
    sources: ArtistSources,
    progress: StoredValue<Option<Progress>>,
    /// Notified whenever `progress` changes, so views read it again.
    changed: Trigger,
    state: RwSignal<CheckState>,
    checked: RwSignal<usize>,
    total: RwSignal<usize>,
    /// The progress could not be stored: the check cannot be resumed.
    unsaved: RwSignal<bool>,
    /// The view is open.
    viewing: RwSignal<bool>,
    /// The view is open and its first releases are on screen: the check
    /// runs while it is.
    wanted: RwSignal<bool>,
    running: StoredValue<bool>,
    /// Counts the view's closings: a visit's deferred start is dropped
    /// once the view it was for has closed.
    visits: StoredValue<u32>,
    /// The last time the reader saw the view before this visit: what the
    /// check found first after it is new to them.
    seen_before_ms: StoredValue<f64>,
    /// Told what a check that ran in this tab found that is new to the
    /// reader; set by the app.
    on_news: Follower<Alert, Telling>,
    /// What the reader chose to see: alerts tell of nothing else.
    choices: ReleaseChoices,
}

impl ReleaseCheck {
    pub(crate) fn new(
        choices: ReleaseChoices,
        session: Session,
        artists: ArtistList,
        sources: ArtistSources,
    ) -> Self {
        Self {
            session,
            artists,
            sources,
            // Read when the view first opens: the record can be 1 MB, and the
            // artist view's start has no use for it.
            progress: StoredValue::new(None),
            changed: Trigger::new(),
            state: RwSignal::new(CheckState::Idle),
            checked: RwSignal::new(0),
            total: RwSignal::new(0),
            unsaved: RwSignal::new(false),
            viewing: RwSignal::new(false),
            wanted: RwSignal::new(false),
            running: StoredValue::new(false),
            visits: StoredValue::new(0),
            seen_before_ms: StoredValue::new(0.0),
            on_news: Follower::new(),
            choices,
        }
    }

    pub(crate) fn on_news(&self, follow: Callback<Alert, Telling>) {
        self.on_news.set(follow);
    }

    pub(crate) fn state(&self) -> CheckState {
        self.state.get()
    }

    /// `(checked, of)` in this round.
    pub(crate) fn counts(&self) -> (usize, usize) {
        (self.checked.get(), self.total.get())
    }

    /// Why the check stopped, while its view is open (tracked).
    pub(crate) fn failure(&self) -> Option<ApiError> {
        if !self.viewing.get() {
            return None;
        }
        match self.state.get() {
            CheckState::Failed(error) => Some(error),
            _ => None,
        }
    }

    pub(crate) fn unsaved(&self) -> bool {
        self.unsaved.get()
    }

    /// Reads the found releases (tracked: again whenever the check finds more).
    pub(crate) fn with_found<T>(&self, read: impl FnOnce(Option<&Found>) -> T) -> T {
        self.changed.track();
        self.progress
            .with_value(|p| read(p.as_ref().map(|p| &p.found)))
    }

    /// The album ids of the releases `choices` show today, in the view's
    /// order, read from storage when the view has not read them yet.
    pub(crate) fn shown_album_ids(&self, choices: &Choices) -> Vec<String> {
        if self.progress.with_value(Option::is_none) {
            self.progress.set_value(store::check_progress());
            self.changed.notify();
        }
        let today = today();
        self.progress.with_value(|p| {
            p.as_ref().map_or_else(Vec::new, |p| {
                p.found
                    .by_day(today.minus(choices.window_days - 1), today, |r| {
                        choices.shows(r)
                    })
                    .into_iter()
                    .flat_map(|(_, releases)| releases.into_iter().map(|r| r.id.clone()))
                    .collect()
            })
        })
    }

    /// Whether the check holds the release `album`.
    pub(crate) fn knows(&self, album: &str) -> bool {
        self.progress
            .with_value(|p| p.as_ref().is_some_and(|p| p.found.contains(album)))
    }

    pub(crate) fn seen_before_ms(&self) -> f64 {
        self.seen_before_ms.get_value()
    }

    /// The view opened: marks what is new to the reader since the last
    /// time, and lets the check run once the stored releases are on screen.
    pub(crate) fn open(self) {
        self.viewing.set(true);
        if self.progress.with_value(Option::is_none) {
            self.progress.set_value(store::check_progress());
            self.changed.notify();
        }
        let before = store::RELEASES_SEEN.get().unwrap_or(0.0);
        let _ = store::RELEASES_SEEN.save(&browser::now_ms());
        self.seen_before_ms.set_value(before);
        // The stored releases are drawn first: the check, and the whole
        // list it needs, start once they are on screen.
        let visit = self.visits.get_value();
        let wanted = self.wanted;
        let visits = self.visits;
        spawn_local(async move {
            browser::timer::after_first_timed_paint().await;
            if visits.try_get_value() != Some(visit) || wanted.try_set(true).is_some() {
                return;
            }
            self.go_on();
            // A view left open goes on checking the artists that fall due
            // (each 12 hours after its last check), so alerts come while it
            // is open; this visit's loop ends with the view.
            loop {
                browser::timer::sleep(DUE_CHECK_EVERY_MS, false).await;
                if visits.try_get_value() != Some(visit) {
                    return;
                }
                self.go_on();
            }
        });
    }

    pub(crate) fn close(&self) {
        self.viewing.set(false);
        self.visits.update_value(|n| *n += 1);
        self.wanted.set(false);
    }

    /// The reader asked for a new round: every artist is checked again.
    pub(crate) fn check_now(self) {
        if self.running.get_value() {
            return;
        }
        let now = browser::now_ms();
        self.progress.update_value(|p| {
            if let Some(p) = p {
                p.start_round_now(now);
                store::save_check_progress(p);
            }
        });
        self.changed.notify();
        self.go_on();
    }

    fn more_kinds_untracked(&self) -> bool {
        self.progress
            .with_value(|p| p.as_ref().is_some_and(|p| p.more_kinds))
    }

    /// The reader turned compilations or appears-on on: from now on the
    /// check asks for them too, and a new round fetches them (in the same
    /// one request per artist).
    pub(crate) fn ask_for_more_kinds(self) {
        if self.more_kinds_untracked() || self.running.get_value() {
            return;
        }
        self.progress.update_value(|p| {
            if let Some(p) = p {
                p.more_kinds = true;
            }
        });
        self.check_now();
    }

    /// Forgets everything (logout, another session).
    pub(crate) fn reset(&self) {
        store::RELEASES_SEEN.forget();
        self.progress.set_value(None);
        self.changed.notify();
        self.state.set(CheckState::Idle);
        self.checked.set(0);
        self.total.set(0);
    }

    /// Another tab stored its whole progress: shows it, also while this tab
    /// waits for the check's lock (only the checking tab writes).
    pub(crate) fn take_up_stored(&self) {
        self.take_up(false);
    }

    /// Another tab checked more artists: shows them, from the small record
    /// of the artists checked since the whole was written.
    pub(crate) fn take_up_recent(&self) {
        self.take_up(true);
    }

    /// Merges what another tab stored into this tab's copy: only its recent
    /// checks (`recent`) when this tab has a copy to merge them into, else
    /// the whole progress.
    fn take_up(&self, recent: bool) {
        if self.state.get_untracked() == CheckState::Running {
            return;
        }
        // Nothing here shows it: rather than read the record (up to 1 MB)
        // at each of the other tab's writes, forget this tab's copy; the
        // view reads storage's when it opens. Unless storage refused this
        // tab's own progress, which then lives only here.
        let in_use = self.viewing.get_untracked() || self.running.get_value();
        if !in_use && !self.unsaved.get_untracked() {
            self.progress.set_value(None);
            return;
        }
        let has_copy = self.progress.with_value(Option::is_some);
        let stored = if recent && has_copy {
            store::recent_checks()
        } else {
            store::check_progress()
        };
        let Some(stored) = stored else {
            return;
        };
        self.progress.update_value(|p| match p {
            Some(p) => p.merge(stored),
            None => *p = Some(stored),
        });
        self.changed.notify();
        self.show_stored();
    }

    /// Takes in what the service worker checked (while background alerts
    /// are on): stored with this origin's progress, and shown.
    pub(crate) async fn take_up_the_workers(self) {
        // A check running here took it up when it began.
        if self.running.get_value() {
            return;
        }
        if store_the_workers().await.is_some() {
            self.take_up_stored();
        }
    }

    /// Copies what the worker's check reads, with what it found taken in
    /// first, while no check runs (this tab's, another's, or the worker's).
    pub(crate) fn mirror_for_the_worker(self) {
        spawn_local(async move {
            let lock = store::key(store::CHECK_LOCK);
            locks::exclusive(&lock, async move {
                self.take_up_the_workers().await;
                store::mirror::copy_from_page().await;
            })
            .await;
        });
    }

    /// Shows how far the stored progress got, while this tab is not checking.
    fn show_stored(&self) {
        let artists = self.artists;
        let counted = self.progress.with_value(|p| {
            p.as_ref().map(|p| {
                p.checked
                    .values()
                    .filter(|c| c.at_ms >= p.round_start_ms)
                    .count()
            })
        });
        self.checked.set(counted.unwrap_or(0));
        let followed = artists.total().get_untracked().map_or(0, |t| t as usize);
        self.total
            .set(followed.max(artists.loaded().get_untracked()));
    }

    /// Takes the check as far as it can go now (see [`next_step`]): called
    /// by whatever may let it go on, the view's first paint, the profile,
    /// the whole list, a pause that begins or ends.
    pub(crate) fn go_on(self) {
        let (session, artists) = (self.session, self.artists);
        let now = Readiness {
            wanted: self.wanted.get_untracked(),
            logged_in: session.logged_in_untracked(),
            paused: session.pause().in_force().is_some(),
            running: self.running.get_value(),
            list_complete: artists.done().get_untracked(),
            sources_ready: self.sources.ready_untracked(),
            owner_known: session.user_id_untracked().is_some(),
        };
        match next_step(now) {
            Step::Wait => {}
            Step::ShowPaused => {
                self.show_stored();
                self.state.set(CheckState::Paused);
            }
            Step::LoadList => {
                self.state.set(CheckState::LoadingList);
                artists.load_everything();
            }
            // Told when the library's first read is done.
            Step::AwaitSources => self.state.set(CheckState::LoadingList),
            Step::Run => self.run(),
        }
    }

    /// Only through `go_on`: the check runs alone, on the whole list (only
    /// it says who is followed, and who no longer is).
    fn run(self) {
        let (session, artists) = (self.session, self.artists);
        let Some(owner) = session.user_id_untracked() else {
            return;
        };
        self.running.set_value(true);
        let followed = self
            .sources
            .watched_untracked(&artists.followed_untracked());
        let stale = session.guard();
        self.state.set(CheckState::Waiting);
        spawn_local(async move {
            let lock = store::key(store::CHECK_LOCK);
            let outcome = locks::exclusive(&lock, async move {
                let outcome = self.check_all(session, owner, followed, &stale).await;
                store::mark_check_busy(false);
                outcome
            })
            .await;
            self.running.set_value(false);
            if stale() {
                return;
            }
            self.state.set(outcome.unwrap_or(CheckState::Idle));
        });
    }

    async fn check_all(
        self,
        session: Session,
        owner: String,
        followed: Vec<(String, String)>,
        stale: &dyn Fn() -> bool,
    ) -> CheckState {
        self.state.set(CheckState::Running);
        // The tab that had the lock may have written more than storage shows
        // here yet: its last write removes the mark. A tab that crashed while
        // checking leaves the mark, hence the cap.
        let waiting_since = browser::now_ms();
        while store::check_marked_busy() && browser::now_ms() - waiting_since < CATCH_UP_MS {
            browser::timer::sleep(CATCH_UP_POLL_MS, false).await;
            if stale() {
                return CheckState::Idle;
            }
        }
        let now = browser::now_ms();
        let today = today();
        // Another tab may have gone further: storage has the latest, or
        // this tab does when storage has not caught up with that tab's last
        // writes yet (see `Progress::merge`).
        // While every tab was closed, the service worker may have checked.
        let mut with_the_workers = None;
        if store::BACKGROUND_ALERTS.is_on() {
            with_the_workers = store_the_workers().await;
            if stale() {
                return CheckState::Idle;
            }
        }
        let mut progress = with_the_workers
            .or_else(store::check_progress)
            .filter(|p| p.owner == owner)
            .unwrap_or_else(|| Progress::new(&owner, now));
        let known = self.progress.try_update_value(Option::take).flatten();
        if let Some(known) = known.filter(|k| k.owner == owner) {
            progress.merge(known);
        }
        let round = Round::plan(
            &mut progress,
            &followed,
            &self.choices.get_untracked(),
            now,
            today,
        );
        self.total.set(round.artists().len());
        self.checked.set(progress.checked_in_round(round.artists()));
        // Nothing due (a visit soon after a full check): the record stays
        // as it is, and other tabs are not sent it to read again.
        if round.is_due() {
            store::mark_check_busy(true);
            self.unsaved.set(!store::save_check_progress(&progress));
        }
        let recent = progress.empty_like();
        self.progress.set_value(Some(progress));
        self.changed.notify();
        let mut page = PageCheck {
            store: self,
            session,
            stale,
            recent,
            unsaved: 0,
            image_px: browser::image_pixels(COVER_CSS_PX),
        };
        let outcome = match round.run(&Endpoints::compiled().api, &mut page).await {
            _ if stale() => return CheckState::Idle,
            Ok(()) => CheckState::Done,
            // The session ended (and reset this store): nothing to save.
            Err(failure) => match stopped_by(failure) {
                CheckState::Idle => return CheckState::Idle,
                stopped => stopped,
            },
        };
        if page.unsaved > 0 {
            self.save();
        }
        if store::BACKGROUND_ALERTS.is_on() {
            store::mirror::copy_from_page().await;
        }
        // Only the tab that checked tells: two tabs, one alert.
        let choices = self.choices.get_untracked();
        let seen_before = self.seen_before_ms.get_value();
        let news = self.progress.with_value(|p| {
            p.as_ref()
                .and_then(|p| round.news(&p.found, seen_before, &choices))
        });
        // The check is done once the reader has been told (the telling
        // has a cap of its own): a page that shows "done" has shown the alert.
        if let Some(telling) = news.and_then(|news| self.on_news.tell(news)) {
            telling.await;
        }
        outcome
    }

    /// Stores the whole progress; whether storage took it.
    fn save(&self) -> bool {
        let saved = self
            .progress
            .with_value(|p| p.as_ref().is_none_or(store::save_check_progress));
        if self.unsaved.get_untracked() == saved {
            self.unsaved.set(!saved);
        }
        saved
    }
}

/// The page's side of a round: the store's signals, and what is stored
/// as it goes (the artists checked since the whole progress was last
/// stored, in a record of their own).
struct PageCheck<'s> {
    store: ReleaseCheck,
    session: Session,
    stale: &'s dyn Fn() -> bool,
    recent: Progress,
    unsaved: usize,
    image_px: u32,
}

impl Checker for PageCheck<'_> {
    type Stop = Failure;

    async fn go_on(&mut self) -> bool {
        !(self.stale)()
    }

    async fn albums(&mut self, url: &str) -> Result<AlbumPage, Failure> {
        let stale = self.stale;
        client::get(self.session, url, Resource::Releases, &|_| {}, stale).await
    }

    fn now_ms(&self) -> f64 {
        browser::now_ms()
    }

    fn checked(&mut self, round: &Round<'_>, artist: &str, albums: &[Album], checked: Checked) {
        if (self.stale)() {
            return;
        }
        let store = self.store;
        let watched = store.wanted.get_untracked();
        let mut added = false;
        store.progress.update_value(|p| {
            if let Some(p) = p {
                added = round.take_in(p, artist, albums, checked, self.image_px);
            }
        });
        round.take_in(&mut self.recent, artist, albums, checked, self.image_px);
        // Found while the reader looks: seen, not new next time.
        if added && watched {
            let _ = store::RELEASES_SEEN.save(&checked.at_ms);
        }
        store.checked.update(|n| *n += 1);
        if added {
            store.changed.notify();
        }
        self.unsaved += 1;
        if self.unsaved >= SAVE_EVERY {
            self.unsaved = 0;
            if store.save() {
                self.recent = self.recent.empty_like();
                return;
            }
        }
        // Refused too, the whole record written last holds the rest.
        let _ = store::save_recent_checks(&self.recent);
    }
}

/// Merges what the service worker checked into the stored progress, once
/// per wake-up that checked someone (the record can be 1 MB): the merged
/// progress (also when storage refused it), or `None` when nothing was new.
async fn store_the_workers() -> Option<Progress> {
    let woke_ms = store::mirror::last_checking_wake_up_ms().await?;
    if store::WORKER_TAKEN_UP
        .get()
        .is_some_and(|taken| taken >= woke_ms)
    {
        return None;
    }
    let workers = store::mirror::progress().await?;
    let mut progress = store::check_progress()
        .filter(|p| p.owner == workers.owner)
        .unwrap_or_else(|| workers.empty_like());
    progress.merge(workers);
    if store::save_check_progress(&progress) {
        let _ = store::WORKER_TAKEN_UP.save(&woke_ms);
    }
    Some(progress)
}

/// What the check's next step can be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// Not now: the view is closed, no one is logged in, the check is
    /// running, or the profile is still on its way.
    Wait,
    /// Spotify asked for a wait: how far the stored progress got shows.
    ShowPaused,
    /// The whole followed list is needed first.
    LoadList,
    /// The library's first read is needed first.
    AwaitSources,
    Run,
}

/// What the next step depends on.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Readiness {
    /// The view is open and its first releases are on screen.
    pub(crate) wanted: bool,
    pub(crate) logged_in: bool,
    pub(crate) paused: bool,
    pub(crate) running: bool,
    pub(crate) list_complete: bool,
    /// No first read of the library is under way.
    pub(crate) sources_ready: bool,
    /// The profile names whose progress it is.
    pub(crate) owner_known: bool,
}

pub(crate) fn next_step(now: Readiness) -> Step {
    if !now.wanted || !now.logged_in {
        Step::Wait
    } else if now.paused {
        if now.running {
            Step::Wait
        } else {
            Step::ShowPaused
        }
    } else if !now.list_complete {
        Step::LoadList
    } else if !now.sources_ready {
        Step::AwaitSources
    } else if now.owner_known && !now.running {
        Step::Run
    } else {
        Step::Wait
    }
}

/// Where a check stops on a failure: paused until Spotify's wait ends,
/// failed with a reason to show (Try again), or idle when the session ended
/// or no longer wants it.
pub(crate) fn stopped_by(failure: Failure) -> CheckState {
    match failure {
        Failure::Paused(_) => CheckState::Paused,
        Failure::Api(error) => CheckState::Failed(error),
        Failure::SessionEnded | Failure::Dropped => CheckState::Idle,
    }
}

/// Today in the reader's time zone.
pub(crate) fn today() -> Day {
    let now = browser::now_ms();
    Day::at(now, browser::utc_offset_minutes(now))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spotify::pause::Pause;

    fn ready() -> Readiness {
        Readiness {
            wanted: true,
            logged_in: true,
            list_complete: true,
            sources_ready: true,
            owner_known: true,
            ..Readiness::default()
        }
    }

    #[test]
    fn the_check_runs_once_everything_it_needs_is_there() {
        assert_eq!(next_step(ready()), Step::Run);
        for missing in [
            Readiness {
                wanted: false,
                ..ready()
            },
            Readiness {
                logged_in: false,
                ..ready()
            },
            Readiness {
                owner_known: false,
                ..ready()
            },
            Readiness {
                running: true,
                ..ready()
            },
        ] {
            assert_eq!(next_step(missing), Step::Wait, "{missing:?}");
        }
        let list_loading = Readiness {
            list_complete: false,
            ..ready()
        };
        assert_eq!(next_step(list_loading), Step::LoadList);
        let library_first_read = Readiness {
            sources_ready: false,
            ..ready()
        };
        assert_eq!(next_step(library_first_read), Step::AwaitSources);
    }

    #[test]
    fn a_pause_shows_what_was_stored_unless_the_check_is_running() {
        let paused = Readiness {
            paused: true,
            list_complete: false,
            ..ready()
        };
        assert_eq!(
            next_step(paused),
            Step::ShowPaused,
            "the list is not asked for"
        );
        let running = Readiness {
            running: true,
            ..paused
        };
        assert_eq!(next_step(running), Step::Wait, "it stops itself");
    }

    #[test]
    fn each_failure_stops_the_check_its_own_way() {
        let pause = Pause {
            until_ms: 1.0,
            quota: true,
        };
        assert_eq!(stopped_by(Failure::Paused(pause)), CheckState::Paused);
        assert_eq!(
            stopped_by(Failure::Api(ApiError::Network)),
            CheckState::Failed(ApiError::Network)
        );
        assert_eq!(stopped_by(Failure::SessionEnded), CheckState::Idle);
        assert_eq!(stopped_by(Failure::Dropped), CheckState::Idle);
    }
}
