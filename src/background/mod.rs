//! The release check in the service worker, while every tab is closed: the
//! second front-end of the same core as the page (`releases`,
//! `spotify::albums`, `auth`), without views. It reads what the page
//! copied into IndexedDB (`store::mirror`), checks the artists most likely
//! to have news within one wake-up's budget, stores what it found for the
//! page to take up, and tells of news as an open tab does.

mod client;

use crate::browser::{self, locks, notifications};
use crate::config::Endpoints;
use crate::releases::{
    alert::TAG,
    day::Day,
    plan::Checked,
    progress::Progress,
    round::{Checker, Round},
    wake_up::{Outcome, WakeUp},
};
use crate::sources::Sources;
use crate::spotify::albums::{Album, AlbumPage};
use crate::spotify::saved::StoredCopy;
use crate::store;
use crate::text;
use client::{Client, Stop};

/// The size covers are kept at: a worker has no screen to measure, and the
/// page picks again from what it finds next.
const COVER_PX: u32 = 128;

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
        Ok((client, watched)) => locks::exclusive(&store::key(store::CHECK_LOCK), async move {
            check_within_budget(client, watched).await
        })
        .await
        .unwrap_or_default(),
    };
    wake_up.at_ms = at_ms;
    wake_up.took_ms = browser::now_ms() - at_ms;
    store::LAST_WAKE_UP.mirror(&wake_up).await;
}

async fn ready() -> Result<(Client, (String, Vec<(String, String)>)), Outcome> {
    if !store::mirror::background_on().await {
        return Err(Outcome::Off);
    }
    let tokens = store::TOKENS.mirrored().await.ok_or(Outcome::LoggedOut)?;
    let now = browser::now_ms();
    if store::mirror::pause().await.is_some_and(|p| p.is_on(now)) {
        return Err(Outcome::Paused);
    }
    let watched = watched().await.ok_or(Outcome::NoList)?;
    Ok((Client::new(tokens), watched))
}

/// Whom the page last saw watched: the owner's id, and each artist's id
/// and name, the followed ones as the page saved them and the reader's
/// other sources as the page's check takes them.
async fn watched() -> Option<(String, Vec<(String, String)>)> {
    let head = store::SAVED_LIST.mirrored().await?;
    let rest = store::SAVED_REST.mirrored_text().await;
    let list = StoredCopy::new(head, move || rest)?.into_list()?;
    let followed: Vec<(String, String)> =
        list.artists.into_iter().map(|a| (a.id, a.name)).collect();
    let (library, added) = store::mirrored_sources(&list.user_id).await;
    let sources = Sources {
        library: library.as_ref(),
        added: added.as_ref(),
    };
    Some((list.user_id, sources.watched(&followed)))
}

async fn check_within_budget(
    client: Client,
    (owner, watched): (String, Vec<(String, String)>),
) -> WakeUp {
    let mut wake_up = WakeUp {
        outcome: Outcome::Checked,
        ..WakeUp::default()
    };
    let now = browser::now_ms();
    let today = Day::at(now, browser::utc_offset_minutes(now));
    let mut progress = store::mirror::progress()
        .await
        .filter(|p| p.owner == owner)
        .unwrap_or_else(|| Progress::new(&owner, now));
    let choices = store::RELEASE_CHOICES
        .mirrored()
        .await
        .unwrap_or_default()
        .of(&owner);
    let round = Round::plan(&mut progress, &watched, &choices, now, today);
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
    if !store::mirror::background_on().await {
        wake_up.outcome = Outcome::Off;
        return wake_up;
    }
    store::mirror::keep_progress(&progress).await;
    let seen_before = store::RELEASES_SEEN.mirrored().await.unwrap_or(0.0);
    let alerts_on = store::ALERTS.mirrored().await == Some(true);
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
        self.client.budget().fits_an_artist() && store::mirror::background_on().await
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
