//! The page header: product name, the logged-in user, logout.

use crate::app::AppState;
use leptos::prelude::*;

#[component]
pub(crate) fn Header() -> impl IntoView {
    let state = expect_context::<AppState>();
    let name = move || state.session.user_name();
    view! {
        <header class="top">
            <span class="brand">"Encore"</span>
            <Show when=move || state.session.logged_in()>
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
