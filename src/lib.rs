//! Encore: the artists you follow on Spotify, in the browser alone.
//!
//! Layers run one way: `ui` (components) reads the stores of `app`, which
//! join the pure core (`auth`, `spotify`, `listing`, `list_view`,
//! `name_filter`, `releases`, `config`) to the thin platform
//! adapters of `browser`.

mod app;
mod auth;
mod background;
mod browser;
mod client;
mod config;
mod list_view;
mod listing;
mod name_filter;
mod names;
mod releases;
mod sources;
mod spotify;
mod store;
mod text;
mod ui;

/// Starts the app in this page.
pub fn start() {
    // The benchmark times a repeat visit from here to the first artist painted.
    browser::timing::mark("encore:start");
    console_error_panic_hook::set_once();
    // In the same task as the mount, so no frame shows neither.
    browser::remove_element("shell");
    leptos::mount::mount_to_body(ui::App);
}

/// The release check of a service worker's wake-up (`src/bin/background.rs`)
/// that came at `woken_ms`: done once its news, if any, is shown.
pub async fn check_in_background(woken_ms: f64) {
    background::check(woken_ms).await;
}
