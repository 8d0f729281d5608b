//! Alerts with every tab closed: where the browser wakes an installed app's
//! service worker (Periodic Background Sync), the reader can have the
//! release check run there (`background`). Turning them on registers the
//! daily wake-up and copies what the worker needs (`store::mirror`); turning them
//! off, or the session's end, unregisters it and removes the mirror.

use super::alerts::Alerts;
use super::session::Session;
use crate::browser::locks;
use crate::browser::notifications::{self, Permission};
use crate::browser::periodic_sync;
use crate::names::SYNC_TAG;
use crate::store;
use leptos::{prelude::*, task::spawn_local};

/// How often the browser is asked to wake the worker at most: the check's
/// own round (`releases::plan::RECHECK_AFTER_MS`). The browser may wake it
/// less often, by how much the reader uses the app.
const WAKE_UP_EVERY_MS: f64 = 12.0 * 60.0 * 60.0 * 1000.0;

/// Why background alerts are not on after the reader asked for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotOn {
    /// The browser blocks this site's notifications.
    Blocked,
    /// The browser gives background wake-ups to installed apps only.
    NotInstalled,
}

#[derive(Clone, Copy)]
pub(crate) struct BackgroundAlerts {
    on: RwSignal<bool>,
    not_on: RwSignal<Option<NotOn>>,
    /// This browser has background wake-ups at all.
    offered: bool,
    session: Session,
    alerts: Alerts,
}

impl BackgroundAlerts {
    pub(crate) fn new(session: Session, alerts: Alerts) -> Self {
        let offered = periodic_sync::offered();
        let on = offered
            && store::BACKGROUND_ALERTS.is_on()
            && notifications::permission() == Permission::Granted;
        Self {
            session,
            alerts,
            on: RwSignal::new(on),
            not_on: RwSignal::new(None),
            offered,
        }
    }

    pub(crate) fn offered(&self) -> bool {
        self.offered
    }

    pub(crate) fn on(&self) -> bool {
        self.on.get()
    }

    pub(crate) fn not_on(&self) -> Option<NotOn> {
        self.not_on.get()
    }

    /// The reader's click on the control: turning on also turns alerts on,
    /// and asks the browser's permission for them on this click.
    pub(crate) fn toggle(self) {
        let (session, alerts) = (self.session, self.alerts);
        if self.on.get_untracked() {
            self.set(false);
            spawn_local(async move {
                // The worker's last renewal goes with the copy: keep it.
                session.take_up_the_workers_renewal().await;
                stop().await;
            });
            return;
        }
        spawn_local(async move {
            let permission = match notifications::permission() {
                Permission::Ask => notifications::ask_permission().await,
                other => other,
            };
            if permission != Permission::Granted {
                _ = self.not_on.try_set(Some(NotOn::Blocked));
                return;
            }
            if !periodic_sync::register(SYNC_TAG, WAKE_UP_EVERY_MS).await {
                _ = self.not_on.try_set(Some(NotOn::NotInstalled));
                return;
            }
            let Some(tokens) = session.tokens_untracked() else {
                return;
            };
            alerts.switch_on();
            store::BACKGROUND_ALERTS.set_on(true);
            let mirrored =
                store::TOKENS.mirror(&tokens).await && store::mirror::copy_from_page().await;
            if !mirrored {
                // No worker could check without it.
                store::BACKGROUND_ALERTS.set_on(false);
                stop().await;
                _ = self.not_on.try_set(Some(NotOn::NotInstalled));
                return;
            }
            self.set(true);
        });
    }

    fn set(&self, on: bool) {
        store::BACKGROUND_ALERTS.set_on(on);
        _ = self.on.try_set(on);
        _ = self.not_on.try_set(None);
    }

    /// The session ended or was replaced: its choice goes with it (a new
    /// reader never turned them on), and no worker checks in its name.
    pub(crate) fn reset(&self) {
        self.set(false);
        spawn_local(stop());
    }
}

/// No more wake-ups, and nothing of the session left where the worker reads:
/// removed at once, so that a wake-up under way keeps and tells nothing, and
/// again once no check runs, for what such a wake-up wrote before it saw
/// (unless the reader turned them on again meanwhile).
async fn stop() {
    periodic_sync::unregister(SYNC_TAG).await;
    store::mirror::forget().await;
    let check = store::key(store::CHECK_LOCK);
    locks::exclusive(&check, async {
        if !store::BACKGROUND_ALERTS.is_on() {
            store::mirror::forget().await;
        }
    })
    .await;
}
