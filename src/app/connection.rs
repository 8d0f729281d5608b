//! Whether the browser is online: while it is not, no request is sent (the
//! authorized client waits), and the app shows what was saved.

use crate::browser;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(crate) struct Connection {
    online: RwSignal<bool>,
}

impl Connection {
    pub(crate) fn start() -> Self {
        let online = RwSignal::new(browser::online());
        let up = window_event_listener(leptos::ev::online, move |_| online.set(true));
        let down = window_event_listener(leptos::ev::offline, move |_| online.set(false));
        on_cleanup(move || {
            up.remove();
            down.remove();
        });
        Self { online }
    }

    pub(crate) fn online(&self) -> bool {
        self.online.get()
    }
}
