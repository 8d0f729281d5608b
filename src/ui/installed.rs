//! What the installed app says of itself: a new version that waits for the
//! reader, and that the browser is offline, with when what is shown was saved.

use crate::app::AppState;
use crate::browser;
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn NewVersion() -> impl IntoView {
    let new_version = expect_context::<AppState>().new_version;
    move || {
        new_version.ready().then(|| {
            view! {
                <p class="notice update" role="status">
                    {text::NEW_VERSION} " "
                    <button type="button" class="primary" on:click=move |_| new_version.take()>
                        {text::NEW_VERSION_TAKE}
                    </button>
                </p>
            }
        })
    }
}

#[component]
pub(crate) fn Offline() -> impl IntoView {
    let state = expect_context::<AppState>();
    let saved_at = move || {
        state
            .artists
            .shown_copy()
            .get()
            .map(|copy| browser::local_time(copy.saved_at_ms))
    };
    move || {
        (!state.connection.online() && state.session.logged_in()).then(|| {
            view! { <p class="notice offline" role="status">{move || text::offline(saved_at().as_deref())}</p> }
        })
    }
}
