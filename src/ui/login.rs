//! The logged-out screen.

use crate::app::AppState;
use crate::config;
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn Login() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    let start = move |_| session.start_login();
    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{text::WELCOME}</h1>
            <p>{text::WELCOME_MORE}</p>
            <LoginButton on_click=start />
            // Constant when a client ID is compiled in: no link, and no code for it.
            {(!config::HAS_COMPILED_CLIENT_ID).then(|| view! {
                <p class="aside">
                    <button type="button" class="link" data-testid="client-id-change" on:click=move |_| {
                        session.forget_client_id()
                    }>{text::ANOTHER_APP}</button>
                </p>
            })}
        </section>
    }
}

#[component]
pub(crate) fn LoginButton(
    on_click: impl FnMut(leptos::ev::MouseEvent) + 'static,
    #[prop(optional)] disabled: bool,
) -> impl IntoView {
    // `elementtiming`: the benchmark times the first visit to this paint.
    view! {
        <button type="button" class="primary" data-testid="login" disabled=disabled on:click=on_click>
            {text::LOG_IN}
        </button>
    }
    .attr("elementtiming", "login")
}
