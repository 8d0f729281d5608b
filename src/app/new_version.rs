//! The installed app: the service worker that keeps it available offline,
//! and a new version it installed in the background, which waits for the
//! reader to take it.

use crate::browser::{service_worker, timer};
use leptos::{prelude::*, task::spawn_local};

#[derive(Clone, Copy)]
pub(crate) struct NewVersion {
    ready: RwSignal<bool>,
}

impl NewVersion {
    /// Registers the worker once the first screen is drawn (its install
    /// downloads the app's files again, and must not slow the first
    /// visit's paint). Development builds have no worker: a reload always
    /// shows the newest code.
    pub(crate) fn start() -> Self {
        let ready = RwSignal::new(false);
        if cfg!(not(debug_assertions)) {
            spawn_local(async move {
                timer::after_first_timed_paint().await;
                service_worker::register(move || _ = ready.try_set(true)).await;
            });
        }
        Self { ready }
    }

    /// A new version is installed and waits.
    pub(crate) fn ready(&self) -> bool {
        self.ready.get()
    }

    /// Takes the new version: the page reloads once it is in charge.
    pub(crate) fn take(&self) {
        spawn_local(service_worker::take_update(crate::names::TAKE_UPDATE));
    }
}
