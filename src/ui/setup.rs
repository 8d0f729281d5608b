//! The run-time setup form, shown when no client ID was compiled in.

use super::login::login_button;
use crate::app::{self, AppState};
use crate::browser;
use crate::text;
use leptos::{prelude::*, task::spawn_local};

#[component]
pub(crate) fn Setup() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    // Typed before the app started, into the form the page painted.
    let draft = RwSignal::new(browser::first_screen::take_client_id_draft());
    let redirect_uri = app::redirect_uri();
    let copy_label = RwSignal::new(text::COPY);
    let copy = {
        let redirect_uri = redirect_uri.clone();
        move |_| {
            let redirect_uri = redirect_uri.clone();
            spawn_local(async move {
                let copied = browser::copy_text(&redirect_uri).await;
                copy_label.set(if copied {
                    text::COPIED
                } else {
                    text::COPY_FAILED
                });
            });
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        session.save_client_id(&draft.get_untracked());
    };
    setup_form(redirect_uri, copy_label, copy, draft, save)
}

/// The form itself, with what its controls do: also painted before the app
/// starts (`first_screen`), where the page fills in the address.
pub(crate) fn setup_form(
    redirect_uri: String,
    copy_label: RwSignal<&'static str>,
    on_copy: impl FnMut(leptos::ev::MouseEvent) + 'static,
    draft: RwSignal<String>,
    on_save: impl FnMut(leptos::ev::SubmitEvent) + 'static,
) -> impl IntoView {
    view! {
        <section class="setup" aria-labelledby="setup-title">
            <h1 id="setup-title">{text::SETUP_TITLE}</h1>
            <ol>
                <li>{text::SETUP_CREATE}</li>
                <li>
                    {text::SETUP_REDIRECT}
                    <code data-testid="redirect-uri">{redirect_uri}</code>
                    " "
                    <button type="button" data-testid="redirect-uri-copy" on:click=on_copy>{copy_label}</button>
                </li>
                <li>{text::SETUP_USERS}</li>
                <li>{text::SETUP_PASTE}</li>
            </ol>
            <form on:submit=on_save>
                <label for="client-id">{text::CLIENT_ID}</label>
                <input
                    id="client-id"
                    data-testid="client-id-input"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=draft
                    on:input=move |ev| draft.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="client-id-save">{text::SAVE}</button>
            </form>
            {login_button(|_| {}, true)}
        </section>
    }
}
