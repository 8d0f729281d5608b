//! The release check in the service worker, while every tab is closed: the
//! second front-end of the same core as the page (`releases`,
//! `spotify::albums`, `auth`), without views. It reads what the page
//! mirrored into IndexedDB (`app::mirror`), checks the artists most likely
//! to have news within one wake-up's budget, stores what it found for the
//! page to take up, and tells of news as an open tab does.

mod client;

use crate::app::{keys, mirror};
use crate::browser::{self, locks, notifications};
use crate::config::Endpoints;
use crate::releases::{
    alert::TAG,
    choices::EveryReader,
    day::Day,
    plan::Checked,
    progress::Progress,
    round::{Checker, Round},
};
use crate::spotify::albums::{Album, AlbumPage};
use crate::spotify::saved::{SavedHead, StoredCopy};
use crate::text;
use client::{Client, Stop};
use serde::Serialize;

/// The size covers are kept at: a worker has no screen to measure, and the
/// page picks again from what it finds next.
const COVER_PX: u32 = 128;

/// What a wake-up did: stored for the page (and the tests and benchmark
/// that read it), so that a wake-up that asked nothing still shows.
#[derive(Debug, Default, Serialize)]
pub(crate) struct WakeUp {
    pub(crate) at_ms: f64,
    /// From the event to the end: the module loaded, the check, and the
    /// alert shown.
    pub(crate) took_ms: f64,
    /// Requests to Spotify, renewals and retries included.
    pub(crate) requests: usize,
    pub(crate) artists_checked: usize,
    pub(crate) told: bool,
    pub(crate) outcome: Outcome,
}

#[derive(Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// Background alerts are off (or were never on here).
    #[default]
    Off,
    LoggedOut,
    /// Spotify's pause is on: nothing is asked.
    Paused,
    /// No saved list to check from.
    NoList,
    /// As far as the budget, the list, or a failure went.
    Checked,
    /// The session was over or replaced on the way.
    SessionOver,
}

/// Checks what one wake-up's budget allows; nothing at all when background
/// alerts are off, no one is logged in, or Spotify's pause is on.
pub(crate) async fn check(woken_ms: f64) {
    let at_ms = if woken_ms.is_finite() {
        woken_ms
    } else {
        browser::now_ms()
    };
    let mut wake_up = match ready().await {
        Err(outcome) => WakeUp {
            outcome,
            ..WakeUp::default()
        },
        // One check at a time, a tab's or the worker's.
        Ok((client, followed)) => locks::exclusive(&keys::key(keys::CHECK_LOCK), async move {
            check_within_budget(client, followed).await
        })
        .await
        .unwrap_or_default(),
    };
    wake_up.at_ms = at_ms;
    wake_up.took_ms = browser::now_ms() - at_ms;
    mirror::keep_wake_up(&wake_up).await;
}

async fn ready() -> Result<(Client, (String, Vec<(String, String)>)), Outcome> {
    if !mirror::background_on().await {
        return Err(Outcome::Off);
    }
    let tokens = mirror::tokens().await.ok_or(Outcome::LoggedOut)?;
    let now = browser::now_ms();
    if mirror::pause().await.is_some_and(|p| p.is_on(now)) {
        return Err(Outcome::Paused);
    }
    let followed = followed().await.ok_or(Outcome::NoList)?;
    Ok((Client::new(tokens), followed))
}

/// Who the page last saw followed: the owner's id, and each artist's id and name.
async fn followed() -> Option<(String, Vec<(String, String)>)> {
    let (head, rest) = mirror::saved_list_texts().await?;
    let head: SavedHead = serde_json::from_str(&head).ok()?;
    let list = StoredCopy::new(head, move || rest)?.into_list()?;
    let artists = list.artists.into_iter().map(|a| (a.id, a.name)).collect();
    Some((list.user_id, artists))
}

async fn check_within_budget(
    client: Client,
    (owner, followed): (String, Vec<(String, String)>),
) -> WakeUp {
    let mut wake_up = WakeUp {
        outcome: Outcome::Checked,
        ..WakeUp::default()
    };
    let now = browser::now_ms();
    let today = Day::at(now, browser::utc_offset_minutes(now));
    let mut progress = mirror::progress()
        .await
        .filter(|p| p.owner == owner)
        .unwrap_or_else(|| Progress::new(&owner, now));
    let choices = mirror::record::<EveryReader>(keys::RELEASE_CHOICES)
        .await
        .unwrap_or_default()
        .of(&owner);
    let round = Round::plan(&mut progress, &followed, &choices, now, today);
    let mut checker = WorkerCheck {
        client: &client,
        progress,
        checked: 0,
    };
    let stop = round.run(&Endpoints::compiled().api, &mut checker).await;
    // Spent, paused or failed: what was checked so far is kept.
    if stop == Err(Stop::SessionOver) {
        wake_up.outcome = Outcome::SessionOver;
    }
    let WorkerCheck {
        progress, checked, ..
    } = checker;
    wake_up.artists_checked = checked;
    wake_up.requests = client.budget().spent();
    if wake_up.artists_checked == 0 || wake_up.outcome == Outcome::SessionOver {
        return wake_up;
    }
    // Ended or turned off while this ran: none of it is kept or told.
    if !mirror::background_on().await {
        wake_up.outcome = Outcome::Off;
        return wake_up;
    }
    mirror::keep_progress(&progress).await;
    let seen_before = mirror::record::<f64>(keys::RELEASES_SEEN)
        .await
        .unwrap_or(0.0);
    let alerts_on = mirror::record::<bool>(keys::ALERTS).await == Some(true);
    if let Some(news) = round.news(&progress.found, seen_before, &choices) {
        if alerts_on {
            let (title, body) = text::alert(&news);
            wake_up.told = notifications::notify_from_worker(&title, &body, TAG).await;
        }
    }
    wake_up
}

/// The worker's side of a round: the wake-up's client and budget, and its
/// own copy of the progress.
struct WorkerCheck<'c> {
    client: &'c Client,
    progress: Progress,
    checked: usize,
}

impl Checker for WorkerCheck<'_> {
    type Stop = Stop;

    /// A logout, another login or turning off removes the mirror at once.
    async fn go_on(&mut self) -> bool {
        self.client.budget().fits_an_artist() && mirror::background_on().await
    }

    async fn albums(&mut self, url: &str) -> Result<AlbumPage, Stop> {
        self.client.get(url).await
    }

    fn now_ms(&self) -> f64 {
        browser::now_ms()
    }

    fn checked(&mut self, round: &Round<'_>, artist: &str, albums: &[Album], checked: Checked) {
        round.take_in(&mut self.progress, artist, albums, checked, COVER_PX);
        self.checked += 1;
    }
}
