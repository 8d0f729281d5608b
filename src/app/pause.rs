//! The app-wide pause store (`spotify::pause`): stored with its end, so every
//! tab and every later visit keeps to it; it ends on time in each tab, and
//! says so. The authorized client consults it before every request.

use super::follower::Follower;
use crate::browser;
use crate::spotify::pause::Pause;
use crate::store;
use leptos::prelude::*;
use std::time::Duration;

/// setTimeout's longest delay (2^31 - 1 ms, about 24 days).
const LONGEST_TIMER_MS: f64 = 2_147_483_647.0;

#[derive(Clone, Copy)]
pub(crate) struct SpotifyPause {
    current: RwSignal<Option<Pause>>,
    /// A pause ended while this tab watched: said until another begins, so
    /// that a screen reader has time to say it and a reader to see it.
    ended: RwSignal<bool>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// Told when a pause begins (`false`) or ends (`true`), for the stores
    /// to stop or go on; set by the app.
    on_change: Follower<bool>,
}

fn stored() -> Option<Pause> {
    store::PAUSE
        .get()
        .map(|pause| pause.capped(browser::now_ms()))
}

impl SpotifyPause {
    /// The pause a tab of this app stored, if it still lasts; an old one is
    /// removed.
    pub(crate) fn from_storage() -> Self {
        let this = Self {
            current: RwSignal::new(None),
            ended: RwSignal::new(false),
            timer: StoredValue::new(None),
            on_change: Follower::new(),
        };
        match stored() {
            Some(pause) if pause.is_on(browser::now_ms()) => this.show(pause),
            _ => store::PAUSE.forget(),
        }
        this
    }

    /// Who goes on when a pause ends (and stops when one begins).
    pub(crate) fn on_change(&self, follow: Callback<bool>) {
        self.on_change.set(follow);
    }

    /// The pause in force now, if any (untracked: for the client).
    pub(crate) fn in_force(&self) -> Option<Pause> {
        self.current
            .get_untracked()
            .filter(|pause| pause.is_on(browser::now_ms()))
    }

    /// The pause shown (tracked).
    pub(crate) fn current(&self) -> Option<Pause> {
        self.current.get()
    }

    /// Whether a pause just ended (tracked).
    pub(crate) fn just_ended(&self) -> bool {
        self.ended.get()
    }

    /// Spotify asked for a long wait: from now on no tab asks it anything
    /// until `pause` ends (or a longer pause another tab stored).
    pub(crate) fn begin(&self, pause: Pause) -> Pause {
        let pause = pause.longer(stored());
        let _ = store::PAUSE.save(&pause);
        self.show(pause);
        pause
    }

    /// Another tab stored or removed a pause.
    pub(crate) fn take_up_stored(&self) {
        match stored() {
            Some(pause) if pause.is_on(browser::now_ms()) => {
                if self.current.get_untracked() != Some(pause) {
                    self.show(pause);
                }
            }
            _ => {
                if self.current.with_untracked(Option::is_some) {
                    self.end();
                }
            }
        }
    }

    fn show(&self, pause: Pause) {
        self.clear_timer();
        self.ended.set(false);
        let begins = self.current.get_untracked().is_none();
        self.current.set(Some(pause));
        if begins {
            self.on_change.tell(false);
        }
        let left_ms = (pause.until_ms - browser::now_ms()).clamp(0.0, LONGEST_TIMER_MS);
        let this = *self;
        let handle = set_timeout_with_handle(
            move || this.end_if_over(),
            Duration::from_millis(left_ms as u64),
        )
        .ok();
        self.timer.set_value(handle);
    }

    fn end_if_over(&self) {
        match self.current.get_untracked() {
            Some(pause) if pause.is_on(browser::now_ms()) => self.show(pause),
            Some(_) => self.end(),
            None => {}
        }
    }

    /// The session ended (its storage is forgotten with it): the pause goes.
    pub(crate) fn end_with_session(&self) {
        if self.current.with_untracked(Option::is_some) {
            self.clear_timer();
            self.current.set(None);
        }
    }

    fn end(&self) {
        self.clear_timer();
        if stored().is_some_and(|pause| !pause.is_on(browser::now_ms())) {
            store::PAUSE.forget();
        }
        self.current.set(None);
        self.ended.set(true);
        self.on_change.tell(true);
    }

    fn clear_timer(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }
}
