//! Encore: the artists you follow on Spotify, in the browser alone.
//!
//! Layers run one way: `ui` (components) reads the stores of `app`, which
//! join the pure core (`auth`, `spotify`, `listing`, `list_view`,
//! `name_filter`, `releases`, `sorting`, `config`) to the thin platform
//! adapters of `browser`.

mod app;
mod auth;
mod browser;
mod config;
mod list_view;
mod listing;
mod name_filter;
mod releases;
mod sorting;
mod spotify;
mod text;
mod ui;

/// Starts the app in this page, without the new releases: the first load.
/// Their view and check cost 37 KB gzip of the first load (README, "Size"),
/// so they are in a second module, `encore-releases`, which index.html's
/// loader picks for the `releases` route; the header's link to them loads
/// the page anew.
pub fn start() {
    boot(ui::app_view::<false>);
}

/// Starts the whole app, the new releases with it (the `encore-releases`
/// module): its links to the artists stay in the page.
pub fn start_with_releases() {
    boot(ui::app_view::<true>);
}

fn boot<V: leptos::IntoView + 'static>(app: impl FnOnce() -> V + 'static) {
    // The benchmark times a repeat visit from here to the first artist painted.
    browser::timing::mark("encore:start");
    console_error_panic_hook::set_once();
    // In the same task as the mount, so no frame shows neither.
    browser::remove_element("shell");
    leptos::mount::mount_to_body(app);
}
