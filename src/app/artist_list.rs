//! The artist list store: the followed artists as signals, and loading its
//! next page. Owned by the app (not the list component) so a load that ends
//! after logout, or after logging in again, can tell it is stale and drop
//! its page. Components read its signals and call its methods.
//!
//! A repeat visit starts from the list saved last time (`spotify::saved`):
//! shown at once, then checked against Spotify's first page. When that
//! differs (or the copy is over an hour old), fresh pages replace the shown
//! ones one by one, in place, so the list never empties in between. The
//! bookkeeping is `listing::Listing`; this file adds signals and fetches.

use super::client::{self, Failure};
use super::follower::Follower;
use super::generation::Generation;
use super::session::Session;
use crate::browser::{self, timing};
use crate::config::Endpoints;
use crate::listing::{Chunk, CopyState, Listing, Next, Placed};
use crate::spotify::error::{ApiError, Resource};
use crate::spotify::{model::FollowedArtists, saved::Check};
use crate::store;
use leptos::{prelude::*, task::spawn_local};
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct FromCopy {
    pub(crate) saved_at_ms: f64,
    pub(crate) state: CopyState,
}

/// What a fetched page is for.
#[derive(Clone, Copy)]
enum Then {
    /// The next page of the list.
    Append,
    /// Spotify's first page, to compare with the copy.
    Check,
}

/// The drawn size of an artist picture, in CSS pixels (see style/main.css).
pub(crate) const IMAGE_CSS_PX: f64 = 160.0;

/// Saving waits for a pause in the pages, so a long list is written once.
const SAVE_DELAY: Duration = Duration::from_millis(500);

#[derive(Clone, Copy)]
pub(crate) struct ArtistList {
    /// Whose list it is: every load asks in its name.
    session: Session,
    listing: StoredValue<Listing>,
    /// Bumped when the list is emptied, so loads on their way drop their page.
    generation: Generation,
    /// A page was appended since the last layout check.
    appended: StoredValue<bool>,
    save_timer: StoredValue<Option<TimeoutHandle>>,
    // What components read, through the read-only views below.
    chunks: RwSignal<Vec<Chunk>>,
    loaded: RwSignal<usize>,
    total: RwSignal<Option<u32>>,
    loading: RwSignal<bool>,
    done: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    wait_seconds: RwSignal<Option<u32>>,
    load_all: RwSignal<bool>,
    shown_copy: RwSignal<Option<FromCopy>>,
    /// Told when every followed artist is in (the release check waits for
    /// the whole list); set by the app.
    on_complete: Follower<()>,
}

impl ArtistList {
    // Read-only views of the store's signals, for components.

    /// The shown pages.
    pub(crate) fn chunks(&self) -> ReadSignal<Vec<Chunk>> {
        self.chunks.read_only()
    }

    /// Artists shown.
    pub(crate) fn loaded(&self) -> ReadSignal<usize> {
        self.loaded.read_only()
    }

    /// Spotify's count of followed artists, once known.
    pub(crate) fn total(&self) -> ReadSignal<Option<u32>> {
        self.total.read_only()
    }

    /// A page is on its way.
    pub(crate) fn loading(&self) -> ReadSignal<bool> {
        self.loading.read_only()
    }

    /// Every page is shown.
    pub(crate) fn done(&self) -> ReadSignal<bool> {
        self.done.read_only()
    }

    /// Why loading stopped, shown with the retry button.
    pub(crate) fn error(&self) -> ReadSignal<Option<ApiError>> {
        self.error.read_only()
    }

    /// Seconds left of a long wait Spotify asked for.
    pub(crate) fn wait_seconds(&self) -> ReadSignal<Option<u32>> {
        self.wait_seconds.read_only()
    }

    /// The user asked for every page now (to search them all).
    pub(crate) fn load_all(&self) -> ReadSignal<bool> {
        self.load_all.read_only()
    }

    /// Set while what is shown comes from the last visit.
    pub(crate) fn shown_copy(&self) -> ReadSignal<Option<FromCopy>> {
        self.shown_copy.read_only()
    }

    pub(crate) fn new(session: Session) -> Self {
        Self {
            session,
            listing: StoredValue::new(Listing::default()),
            generation: Generation::new(),
            appended: StoredValue::new(false),
            save_timer: StoredValue::new(None),
            chunks: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(0),
            total: RwSignal::new(None),
            loading: RwSignal::new(false),
            done: RwSignal::new(false),
            error: RwSignal::new(None),
            wait_seconds: RwSignal::new(None),
            load_all: RwSignal::new(false),
            shown_copy: RwSignal::new(None),
            on_complete: Follower::new(),
        }
    }

    /// Who goes on once the whole list is in.
    pub(crate) fn on_complete(&self, follow: Callback<()>) {
        self.on_complete.set(follow);
    }

    /// Empties the list, and makes loads still on their way drop their pages.
    pub(crate) fn reset(&self) {
        self.generation.bump();
        self.cancel_save();
        self.listing.set_value(Listing::default());
        self.chunks.set(Vec::new());
        self.loaded.set(0);
        self.total.set(None);
        self.loading.set(false);
        self.done.set(false);
        self.error.set(None);
        self.wait_seconds.set(None);
        self.load_all.set(false);
        self.shown_copy.set(None);
    }

    /// On start with a session: shows the saved list's first page at once and
    /// asks Spotify whether it still holds.
    pub(crate) fn start_from_copy(self) {
        let session = self.session;
        let Some(copy) = store::saved_list() else {
            return;
        };
        self.shown_copy.set(Some(FromCopy {
            saved_at_ms: copy.head.saved_at_ms,
            state: CopyState::Checking,
        }));
        self.listing.set_value(Listing::from_copy(copy));
        self.reveal();
        self.check_copy(session);
        // Reading 10,000 artists takes longer than a frame: do it once the
        // first page is on screen rather than when the reader first scrolls.
        spawn_local(async move {
            browser::timer::after_first_timed_paint().await;
            self.listing.try_update_value(Listing::unpack_rest);
        });
    }

    /// The profile arrived: the list is saved under this user. A copy of
    /// someone else's list is dropped, loads on their way with it, and the
    /// list loads afresh.
    pub(crate) fn set_owner(&self, user_id: &str) {
        let same = self
            .listing
            .try_update_value(|l| l.set_owner(user_id))
            .unwrap_or(true);
        if !same {
            store::forget_saved_list();
            self.reset();
            self.listing.update_value(|l| {
                l.set_owner(user_id);
            });
        }
        self.schedule_save();
    }

    /// Every followed artist shown, `(id, name)`, in Spotify's order.
    pub(crate) fn followed_untracked(&self) -> Vec<(String, String)> {
        self.chunks.with_untracked(|chunks| {
            chunks
                .iter()
                .flat_map(|c| c.artists.iter().map(|a| (a.id.clone(), a.name.clone())))
                .collect()
        })
    }

    /// Shows the next page: from the copy, or fetched, unless one is on its
    /// way or the list is complete. Failures are retried as the policy says;
    /// when it gives up, the reason shows with a retry button and what is
    /// shown stays.
    pub(crate) fn load_next(self) {
        let session = self.session;
        if self.done.get_untracked() || !session.logged_in_untracked() {
            return;
        }
        let next = self
            .listing
            .with_value(|l| l.next(&Endpoints::compiled().api));
        // The copy's pages come from memory: they show even while Spotify is
        // being asked (or failed to answer) about the copy.
        if !matches!(next, Next::Reveal) && !self.can_fetch_untracked(session) {
            return;
        }
        match next {
            Next::Reveal => {
                self.reveal();
                if self.load_all.get_untracked() {
                    while self.reveal() {}
                    self.load_next();
                }
            }
            Next::Fetch(url) => {
                self.loading.set(true);
                self.fetch(session, url, Then::Append);
            }
            Next::AwaitCheck | Next::Done => {}
        }
    }

    /// After a failure: clears it and tries the same page (or check) again.
    pub(crate) fn retry(self) {
        let session = self.session;
        self.error.set(None);
        if self.listing.with_value(Listing::is_checking) {
            self.check_copy(session);
        } else {
            self.load_next();
        }
    }

    /// The reader asked for every page now, to search them all.
    pub(crate) fn load_everything(self) {
        self.load_all.set(true);
        self.load_next();
    }

    /// The user asked for the list as Spotify has it now.
    pub(crate) fn refresh(self) {
        if self.loading.get_untracked() || self.listing.with_value(Listing::is_replacing) {
            return;
        }
        let now = browser::now_ms();
        self.listing.update_value(|l| l.begin_replacing(now));
        self.set_copy_state(CopyState::Refreshing);
        self.done.set(false);
        self.load_next();
    }

    /// A GET of one page, with the policy's retries and the countdown; the
    /// page then goes where `then` says, unless the session ended meanwhile.
    fn fetch(self, session: Session, url: String, then: Then) {
        let session_ended = session.guard();
        let emptied = self.generation.guard();
        let stale = move || session_ended() || emptied();
        spawn_local(async move {
            let countdown = move |seconds| {
                if !stale() {
                    self.wait_seconds.set(seconds);
                }
            };
            let result = client::get::<FollowedArtists>(
                session,
                &url,
                Resource::FollowedArtists,
                &countdown,
                &stale,
            )
            .await;
            if stale() {
                return;
            }
            self.loading.set(false);
            match result {
                Ok(page) => match then {
                    Then::Append => self.append(page),
                    Then::Check => self.compare_with_copy(page),
                },
                Err(Failure::Api(error)) => self.error.set(Some(error)),
                // Ended by the session (it empties the list); or what is
                // shown stays, and the list goes on when the pause ends.
                Err(Failure::SessionEnded | Failure::Dropped | Failure::Paused(_)) => {}
            }
        });
    }

    /// Asks for Spotify's first page, to compare with the copy.
    fn check_copy(self, session: Session) {
        if session.pause().in_force().is_some() {
            // Asked when the pause ends (`retry`).
            return;
        }
        if let Some(url) = Listing::check_url(&Endpoints::compiled().api) {
            // A page is on its way: the `loading` hook shows, as the contract says.
            self.loading.set(true);
            self.fetch(session, url, Then::Check);
        }
    }

    fn compare_with_copy(&self, page: FollowedArtists) {
        let now = browser::now_ms();
        let verdict = self
            .listing
            .try_update_value(|l| l.checked(&page.artists, now))
            .flatten();
        match verdict {
            Some(Check::UpToDate) => self.set_copy_state(CopyState::UpToDate),
            Some(Check::Refresh) => {
                self.set_copy_state(CopyState::Refreshing);
                self.append(page);
            }
            None => {}
        }
    }

    fn set_copy_state(&self, to: CopyState) {
        self.shown_copy.update(|c| {
            *c = Some(FromCopy {
                saved_at_ms: c.map_or_else(browser::now_ms, |c| c.saved_at_ms),
                state: to,
            })
        });
    }

    fn can_fetch_untracked(&self, session: Session) -> bool {
        !self.loading.get_untracked()
            && self.error.with_untracked(Option::is_none)
            && session.pause().in_force().is_none()
    }

    /// Lays out the page just appended (if any) and times it as
    /// "encore:layout"; `check` runs on that fresh layout.
    pub(crate) fn after_layout<T>(&self, check: impl FnOnce() -> T) -> T {
        if !self.appended.get_value() {
            return check();
        }
        self.appended.set_value(false);
        timing::mark("encore:layout-start");
        let result = check();
        timing::measure_since("encore:layout", "encore:layout-start");
        result
    }

    /// Shows the copy's next page; `false` when none is left.
    fn reveal(&self) -> bool {
        self.place(|listing, chunks| listing.reveal(chunks))
    }

    /// Takes a page from Spotify in, and goes on while replacing the shown
    /// pages or loading everything.
    fn append(&self, page: FollowedArtists) {
        let now = browser::now_ms();
        self.place(|listing, chunks| Some(listing.accept(chunks, page.artists, now)));
        self.schedule_save();
        if self.listing.with_value(Listing::is_replacing) || self.load_all.get_untracked() {
            self.load_next();
        }
    }

    /// Changes the shown pages through the listing and updates the signals.
    /// Its cost is timed in two measures the benchmark adds up:
    /// "encore:render" (state and DOM) and "encore:layout" (`after_layout`).
    fn place(&self, change: impl FnOnce(&mut Listing, &mut Vec<Chunk>) -> Option<Placed>) -> bool {
        timing::mark("encore:render-start");
        let mut placed = None;
        self.listing.update_value(|listing| {
            self.chunks
                .update(|chunks| placed = change(listing, chunks));
        });
        let Some(placed) = placed else {
            return false;
        };
        if placed.copy_replaced {
            // Every shown page is fresh now: the list is Spotify's own.
            self.shown_copy.set(None);
        }
        let completed = placed.done && !self.done.get_untracked();
        self.loaded.set(placed.loaded);
        self.total.set(placed.total);
        self.done.set(placed.done);
        if placed.looped {
            self.error.set(Some(ApiError::EndlessList));
        }
        self.appended.set_value(true);
        // Leptos updates the DOM in microtasks queued by the sets above.
        queue_microtask(|| timing::measure_since("encore:render", "encore:render-start"));
        if completed {
            self.on_complete.tell(());
        }
        true
    }

    fn cancel_save(&self) {
        if let Some(handle) = self.save_timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }

    fn schedule_save(&self) {
        self.cancel_save();
        // After the last page, save in the next task (the page paints first)
        // rather than after a pause the reader might close the tab in.
        let delay = if self.done.get_untracked() {
            Duration::ZERO
        } else {
            SAVE_DELAY
        };
        let this = *self;
        let handle = set_timeout_with_handle(move || this.save_now(), delay).ok();
        self.save_timer.set_value(handle);
    }

    /// Timed as "encore:save" for the benchmark.
    fn save_now(&self) {
        self.save_timer.set_value(None);
        timing::mark("encore:save-start");
        let saved = self
            .listing
            .with_value(|l| self.chunks.with_untracked(|chunks| l.to_saved(chunks)));
        if let Some(list) = saved {
            store::save_list(&list, browser::image_pixels(IMAGE_CSS_PX));
            self.listing.update_value(Listing::saved);
        }
        timing::measure_since("encore:save", "encore:save-start");
    }
}
