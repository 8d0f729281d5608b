//! The page header: product name, the two views, the logged-in user, logout.

use crate::app::{self, AppState};
use leptos::prelude::*;

/// `releases_here`: this module has the new releases' view (`ui::app_view`);
/// without it, the link to them loads the page anew (`rel="external"`
/// keeps the router out), and the loader picks the module with them.
#[component]
pub(crate) fn Header(releases_here: bool) -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || state.session.user_name();
    // The router takes over clicks on these (but see `releases_here`): no
    // reload. The artists' address keeps the public URL's trailing slash
    // (GitHub Pages redirects without).
    let base = app::public_path();
    let artists = format!("{base}/");
    let releases = format!("{base}/releases");
    view! {
        <header class="top">
            <span class="brand">"Encore"</span>
            <Show when=move || state.session.logged_in()>
                <nav class="views" aria-label="Views">
                    <a href=artists.clone() data-testid="artists-link">"Artists"</a>
                    <a href=releases.clone() rel=(!releases_here).then_some("external") data-testid="releases-link">"New releases"</a>
                </nav>
                <div class="account">
                    <Show when=move || name().is_some()>
                        <span class="who">
                            <span class="who-label">"Logged in as "</span> <strong data-testid="profile">{name}</strong>
                        </span>
                    </Show>
                    <button type="button" data-testid="logout" on:click=move |_| state.end_session(None)>
                        "Log out"
                    </button>
                </div>
            </Show>
        </header>
    }
}
