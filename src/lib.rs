//! Encore: the artists you follow on Spotify, in the browser alone.
//!
//! Layers run one way: `ui` (components) reads the stores of `app`, which
//! join the pure core (`auth`, `spotify`, `listing`, `list_view`,
//! `name_filter`, `releases`, `config`) to the thin platform
//! adapters of `browser`.

// The views' types nest deep when rendered natively at build time (`ui::first_screen`).
#![recursion_limit = "256"]

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
    let painted = browser::first_screen::take();
    leptos::mount::mount_to_body(move || {
        ui::App(ui::AppProps {
            login_asked: painted.login_asked,
        })
    });
}

/// The first screens a build paints before its app starts, as JSON for
/// `scripts/postbuild.py`: with a client ID compiled in or not.
#[cfg(not(target_arch = "wasm32"))]
pub fn first_screens(client_id_compiled: bool) -> String {
    serde_json::to_string(&ui::first_screen::render(client_id_compiled)).unwrap_or_default()
}

/// The release check of a service worker's wake-up (`src/bin/background.rs`)
/// that came at `woken_ms`: done once its news, if any, is shown.
pub async fn check_in_background(woken_ms: f64) {
    background::check(woken_ms).await;
}
