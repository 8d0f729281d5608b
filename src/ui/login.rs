//! The logged-out screen.

use crate::app::AppState;
use crate::browser;
use crate::config;
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn Login() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    // Constant when a client ID is compiled in: no link, and no code for it.
    let another_app =
        (!config::HAS_COMPILED_CLIENT_ID).then_some(move |_| session.forget_client_id());
    // Once the screen is in the page: the focus the painted one had.
    Effect::new(|_| browser::first_screen::keep_the_focus_on_login());
    welcome(move |_| session.start_login(), another_app)
}

/// The welcome screen itself, with what its two buttons do: also painted
/// before the app starts (`first_screen`), where they do nothing yet.
pub(crate) fn welcome(
    on_login: impl FnMut(leptos::ev::MouseEvent) + 'static,
    on_another_app: Option<impl FnMut(leptos::ev::MouseEvent) + 'static>,
) -> impl IntoView {
    view! {
        <section class="welcome" aria-labelledby="welcome-title">
            <h1 id="welcome-title">{text::WELCOME}</h1>
            <p>{text::WELCOME_MORE}</p>
            {login_button(on_login, false)}
            {on_another_app.map(|on_click| view! {
                <p class="aside">
                    <button type="button" class="link" data-testid="client-id-change" on:click=on_click>
                        {text::ANOTHER_APP}
                    </button>
                </p>
            })}
        </section>
    }
}

/// A plain function, not a component: a component's passed-on attributes
/// cannot be rendered at build time (`first_screen`) without Leptos's
/// server-side feature.
pub(crate) fn login_button(
    on_click: impl FnMut(leptos::ev::MouseEvent) + 'static,
    disabled: bool,
) -> impl IntoView {
    // `elementtiming`: the benchmark times the first visit to this paint.
    view! {
        <button type="button" class="primary" data-testid="login" disabled=disabled on:click=on_click>
            {text::LOG_IN}
        </button>
    }
    // On the element itself: a view's added attributes would not render at
    // build time either.
    .into_inner()
    .attr("elementtiming", "login")
}
