//! The address bar as signals. Two routes and a query do not need a router
//! crate: leptos_router cost 41 KB of the 125 KB gzip budget (issue #7).

use crate::browser;
use crate::config::{self, Page};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Address {
    path: RwSignal<String>,
    /// The query string with its `?`, or "".
    pub search: RwSignal<String>,
    router_base: StoredValue<String>,
}

impl Address {
    /// The address as the page opened, kept current across back/forward.
    pub fn current() -> Self {
        let address = Self {
            path: RwSignal::new(browser::location_path()),
            search: RwSignal::new(browser::location_search()),
            router_base: StoredValue::new(config::router_base(&browser::base_uri())),
        };
        let handle = window_event_listener(leptos::ev::popstate, move |_| address.reread());
        on_cleanup(move || handle.remove());
        address
    }

    pub fn page(&self) -> Page {
        let base = self.router_base.get_value();
        self.path.with(|path| config::page_for(path, &base))
    }

    /// Home, with `query` ("" or starting with `?`), in place of this entry.
    pub fn replace_with_home(&self, query: &str) {
        let home = format!("{}/", self.router_base.get_value());
        // When the browser refuses, the screen still follows; only a reload
        // would then show the old address.
        let _ = browser::replace_address(&format!("{home}{query}"));
        self.path.set(home);
        self.search.set(query.to_string());
    }

    fn reread(&self) {
        self.path.set(browser::location_path());
        self.search.set(browser::location_search());
    }
}
