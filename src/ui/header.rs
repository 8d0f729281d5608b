//! The page header: product name, the two views, the logged-in user, logout.

use crate::app::{self, AppState};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub(crate) fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || state.session.user_name();
    // The router's links change the view in the page and mark the current
    // one (`aria-current`). The artists' address keeps the public URL's
    // trailing slash (GitHub Pages redirects without).
    let base = app::public_path();
    let artists = format!("{base}/");
    let releases = format!("{base}/releases");
    view! {
        <header class="top">
            <span class="brand">"Encore"</span>
            <Show when=move || state.session.logged_in()>
                <nav class="views" aria-label="Views">
                    <A href=artists.clone() exact=true attr:data-testid="artists-link">"Artists"</A>
                    <A href=releases.clone() attr:data-testid="releases-link">"New releases"</A>
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
