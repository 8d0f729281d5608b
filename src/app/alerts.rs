//! Release alerts: the reader's choice, the browser's permission (asked on
//! the reader's click, never on load), the one system notification a check
//! that found news gives, and the app badge's count of what is unseen.

use crate::browser::badge;
use crate::browser::notifications::{self, Permission};
use crate::releases::alert::{Alert, TAG};
use crate::store;
use crate::text;
use leptos::{prelude::*, task::spawn_local};

/// Why alerts are not on after the reader asked for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotOn {
    /// The browser blocks this site's notifications.
    Blocked,
    /// The browser has no notifications.
    Unsupported,
}

#[derive(Clone, Copy)]
pub(crate) struct Alerts {
    on: RwSignal<bool>,
    not_on: RwSignal<Option<NotOn>>,
}

/// What a click on the control leads to, from the choice and the
/// permission the browser has now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Turn {
    Off,
    On,
    /// The browser's question comes first.
    Ask,
    Explain(NotOn),
}

pub(crate) fn turn(on: bool, permission: Permission) -> Turn {
    match (on, permission) {
        (true, _) => Turn::Off,
        (false, Permission::Granted) => Turn::On,
        (false, Permission::Ask) => Turn::Ask,
        (false, Permission::Denied) => Turn::Explain(NotOn::Blocked),
        (false, Permission::Unsupported) => Turn::Explain(NotOn::Unsupported),
    }
}

impl Alerts {
    /// On when the reader chose them and the browser still lets them show.
    pub(crate) fn new() -> Self {
        let on = store::ALERTS.is_on() && notifications::permission() == Permission::Granted;
        Self {
            on: RwSignal::new(on),
            not_on: RwSignal::new(None),
        }
    }

    pub(crate) fn on(&self) -> bool {
        self.on.get()
    }

    pub(crate) fn not_on(&self) -> Option<NotOn> {
        self.not_on.get()
    }

    /// The reader's click on the control.
    pub(crate) fn toggle(self) {
        match turn(self.on.get_untracked(), notifications::permission()) {
            Turn::Off => self.set(false),
            Turn::On => self.set(true),
            Turn::Explain(why) => self.not_on.set(Some(why)),
            Turn::Ask => spawn_local(async move {
                match notifications::ask_permission().await {
                    Permission::Granted => self.set(true),
                    Permission::Denied => _ = self.not_on.try_set(Some(NotOn::Blocked)),
                    Permission::Unsupported => {
                        _ = self.not_on.try_set(Some(NotOn::Unsupported));
                    }
                    // The question was dismissed: nothing changes.
                    Permission::Ask => {}
                }
            }),
        }
    }

    /// On without a click of its own: background alerts were turned on,
    /// which asked the browser's permission.
    pub(crate) fn switch_on(&self) {
        self.set(true);
    }

    fn set(&self, on: bool) {
        store::ALERTS.set_on(on);
        _ = self.on.try_set(on);
        _ = self.not_on.try_set(None);
    }

    /// Tells the reader of `alert`, as one notification that replaces the
    /// one before, and counts it on the app's icon; done once the browser
    /// has shown it, or given up.
    pub(crate) async fn tell(self, alert: Alert) {
        if !self.on.get_untracked() || notifications::permission() != Permission::Granted {
            return;
        }
        badge::set(alert.count());
        let (title, body) = text::alert(&alert);
        notifications::notify(&title, &body, TAG).await;
    }

    /// The reader looked at the releases: nothing is unseen.
    pub(crate) fn seen(&self) {
        badge::set(0);
    }

    /// The session ended: its choice goes (its records are forgotten).
    pub(crate) fn reset(&self) {
        store::ALERTS.set_on(false);
        self.on.set(false);
        self.not_on.set(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_is_asked_only_when_it_has_not_answered() {
        assert_eq!(turn(false, Permission::Ask), Turn::Ask);
        assert_eq!(turn(false, Permission::Granted), Turn::On);
        assert_eq!(
            turn(false, Permission::Denied),
            Turn::Explain(NotOn::Blocked)
        );
        assert_eq!(
            turn(false, Permission::Unsupported),
            Turn::Explain(NotOn::Unsupported)
        );
        for permission in [Permission::Ask, Permission::Granted, Permission::Denied] {
            assert_eq!(turn(true, permission), Turn::Off);
        }
    }
}
