//! The page header: product name, the two views, the logged-in user, logout.

use crate::app::{self, AppState};
use crate::{names, text};
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
    let releases = format!("{base}/{}", names::RELEASES);
    top_bar(view! {
            <Show when=move || state.session.logged_in()>
                <nav class="views" aria-label=text::VIEWS>
                    <A href=artists.clone() exact=true attr:data-testid="artists-link">{text::ARTISTS}</A>
                    <A href=releases.clone() attr:data-testid="releases-link">{text::RELEASES}</A>
                </nav>
                <div class="account">
                    <Show when=move || name().is_some()>
                        <span class="who">
                            <span class="who-label">{text::LOGGED_IN_AS}</span> <strong data-testid="profile">{name}</strong>
                        </span>
                    </Show>
                    <button type="button" data-testid="logout" on:click=move |_| state.end_session(None)>
                        {text::LOG_OUT}
                    </button>
                </div>
            </Show>
    })
}

/// The bar with the product's name, and what a logged-in reader has there
/// (`account`). Also painted before the app starts (`first_screen`).
pub(crate) fn top_bar(account: impl IntoView) -> impl IntoView {
    view! {
        <header class="top">
            <span class="brand">{text::APP_NAME}</span>
            {account}
        </header>
    }
}
