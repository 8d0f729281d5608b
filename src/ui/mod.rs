//! Leptos components: they read the stores of [`AppState`] and call their
//! methods; one file a screen or part of one.

mod alerts;
mod artists;
mod callback;
mod finder;
// Rendered at build time, natively (src/bin/first_screen.rs).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) mod first_screen;
mod header;
mod home;
mod installed;
mod login;
mod pause;
mod playlist;
mod releases;
mod setup;
mod sources;

use crate::app::{self, AppState};
use crate::names::{CALLBACK, RELEASES};
use leptos::prelude::*;
use leptos_router::{
    components::{Route, Router, Routes},
    hooks::use_navigate,
    path, NavigateOptions, StaticSegment,
};

/// What shows the artists, with a query ("" or "q=…"), in place of the
/// current address; made where the router is in reach (a component's
/// set-up). The router would resolve "/" under its base without the public
/// URL's trailing slash ("/encore"), which GitHub Pages answers with a
/// redirect: this names the public URL as it is ("/encore/").
fn artists_address() -> impl Fn(&str) + Clone {
    address("")
}

/// The same for the route `route` ("" the artists, "releases").
fn address(route: &'static str) -> impl Fn(&str) + Clone {
    let navigate = use_navigate();
    let base = app::public_path();
    move |query: &str| {
        let to = if query.is_empty() {
            format!("{base}/{route}")
        } else {
            format!("{base}/{route}?{query}")
        };
        let options = NavigateOptions {
            resolve: false,
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&to, options);
    }
}

#[component]
pub(crate) fn App(
    /// The reader asked to log in on the screen painted before the app
    /// started (`browser::first_screen`): the login starts now, once.
    login_asked: bool,
) -> impl IntoView {
    let state = AppState::start();
    provide_context(state);
    if login_asked {
        state.session.start_login();
    }
    // The public URL (`<base href>`, written by trunk) is the router's base,
    // so the app works at the root and under a GitHub Pages sub-path alike.
    let base = app::public_path();
    view! {
        <Router base>
            <header::Header />
            <main id="main">
                <installed::NewVersion />
                <installed::Offline />
                <Notice />
                <pause::Pause />
                // Any other path shows the artists: GitHub Pages serves the app
                // for unknown paths too (404.html), and a stray link should not
                // strand the user on an empty page.
                <Routes fallback=home::Home>
                    <Route path=path!("") view=home::Home />
                    <Route path=(StaticSegment(CALLBACK[0]), StaticSegment(CALLBACK[1])) view=callback::Callback />
                    <Route path=(StaticSegment(RELEASES),) view=releases::Releases />
                </Routes>
            </main>
        </Router>
    }
}

/// The one place errors are shown (`error` hook).
#[component]
fn Notice() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A session-wide notice wins over a store's own failure.
    let message = move || match state.session.notice() {
        Some(notice) => Some(notice.to_string()),
        None => state
            .artists
            .error()
            .get()
            .or_else(|| state.releases.failure())
            .map(|error| error.to_string()),
    };
    move || {
        message()
            .map(|text| view! { <p class="notice" role="alert" data-testid="error">{text}</p> })
    }
}
