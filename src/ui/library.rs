//! The followed-artists list as signals, and loading its next page. Owned by
//! the app (not the list component) so a load that ends after logout, or
//! after logging in again, can tell it is stale and drop its page.

use super::api::{self, Failure};
use super::home::SESSION_ENDED;
use super::state::AppState;
use crate::browser::timing;
use crate::config::Endpoints;
use crate::name_filter;
use crate::spotify::{
    following::Pager,
    model::{Artist, FollowedArtists},
};
use leptos::{prelude::*, task::spawn_local};
use std::sync::Arc;

/// One page's new artists, rendered together so appending a page touches
/// only that page's nodes.
#[derive(Clone)]
pub struct Chunk {
    pub index: usize,
    pub artists: Arc<Vec<Artist>>,
    /// The artists' names folded for the filter box, in the same order.
    pub folded: Arc<Vec<String>>,
}

#[derive(Clone, Copy)]
pub struct Library {
    pager: StoredValue<Pager>,
    /// A page was appended since the last layout check.
    appended: StoredValue<bool>,
    pub chunks: RwSignal<Vec<Chunk>>,
    pub loaded: RwSignal<usize>,
    pub total: RwSignal<Option<u32>>,
    pub loading: RwSignal<bool>,
    pub done: RwSignal<bool>,
    /// Why loading stopped, shown with the retry button.
    pub error: RwSignal<Option<String>>,
    /// Seconds left of a long wait Spotify asked for.
    pub wait_seconds: RwSignal<Option<u32>>,
    /// The user asked for every page now (to search them all).
    pub load_all: RwSignal<bool>,
}

impl Library {
    pub fn new() -> Self {
        Self {
            pager: StoredValue::new(Pager::new()),
            appended: StoredValue::new(false),
            chunks: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(0),
            total: RwSignal::new(None),
            loading: RwSignal::new(false),
            done: RwSignal::new(false),
            error: RwSignal::new(None),
            wait_seconds: RwSignal::new(None),
            load_all: RwSignal::new(false),
        }
    }

    /// Empties the list; only when the session ends (`AppState::end_session`),
    /// which also makes loads still on their way drop their pages.
    pub fn reset(&self) {
        self.pager.set_value(Pager::new());
        self.chunks.set(Vec::new());
        self.loaded.set(0);
        self.total.set(None);
        self.loading.set(false);
        self.done.set(false);
        self.error.set(None);
        self.wait_seconds.set(None);
        self.load_all.set(false);
    }

    /// Fetches the next page, unless one is on its way or the list is complete.
    /// Failures are retried as the policy says; when it gives up, the reason
    /// shows with a retry button and what is shown stays.
    pub fn load_next(self, state: AppState) {
        if !self.can_load_untracked() || state.tokens.with_untracked(Option::is_none) {
            return;
        }
        let Some(url) = self
            .pager
            .with_value(|p| p.next_url(&Endpoints::compiled().api))
        else {
            return;
        };
        let stale = state.session_guard();
        self.loading.set(true);
        spawn_local(async move {
            let result = api::get::<FollowedArtists>(
                state,
                &url,
                "followed artists",
                move |seconds| {
                    if !stale() {
                        self.wait_seconds.set(seconds);
                    }
                },
                stale,
            )
            .await;
            if stale() {
                return;
            }
            self.loading.set(false);
            match result {
                Ok(page) => {
                    self.append(page);
                    if self.load_all.get_untracked() {
                        self.load_next(state);
                    }
                }
                Err(Failure::SessionEnded) => state.end_session(Some(SESSION_ENDED.into())),
                Err(Failure::Api(error)) => self.error.set(Some(error.to_string())),
            }
        });
    }

    /// After a failure: clears it and tries the same page again.
    pub fn retry(self, state: AppState) {
        self.error.set(None);
        self.load_next(state);
    }

    fn can_load_untracked(&self) -> bool {
        !self.loading.get_untracked()
            && !self.done.get_untracked()
            && self.error.with_untracked(Option::is_none)
    }

    /// Lays out the page just appended (if any) and times it as
    /// "encore:layout"; `check` runs on that fresh layout.
    pub fn after_layout<T>(&self, check: impl FnOnce() -> T) -> T {
        if !self.appended.get_value() {
            return check();
        }
        self.appended.set_value(false);
        timing::mark("encore:layout-start");
        let result = check();
        timing::measure_since("encore:layout", "encore:layout-start");
        result
    }

    /// Adds a page. Its cost is timed in two measures the benchmark adds up:
    /// "encore:render" (state and DOM) and "encore:layout" (`after_layout`).
    fn append(&self, page: FollowedArtists) {
        timing::mark("encore:render-start");
        let (fresh, loaded, total, done) = self
            .pager
            .try_update_value(|pager| {
                let fresh = pager.accept(page.artists);
                (fresh, pager.loaded(), pager.total(), pager.is_done())
            })
            .unwrap_or_default();
        if !fresh.is_empty() {
            self.chunks.update(|chunks| {
                let index = chunks.len();
                let folded = fresh.iter().map(|a| name_filter::fold(&a.name)).collect();
                chunks.push(Chunk {
                    index,
                    artists: Arc::new(fresh),
                    folded: Arc::new(folded),
                });
            });
        }
        self.loaded.set(loaded);
        self.total.set(total);
        self.done.set(done);
        self.appended.set_value(true);
        // Leptos updates the DOM in microtasks queued by the sets above.
        queue_microtask(|| timing::measure_since("encore:render", "encore:render-start"));
    }
}

impl Default for Library {
    fn default() -> Self {
        Self::new()
    }
}
