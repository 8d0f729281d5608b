//! The run-time setup form, shown when no client ID was compiled in.

use super::login::LoginButton;
use crate::app::{self, AppState};
use crate::browser;
use leptos::{prelude::*, task::spawn_local};

#[component]
pub(crate) fn Setup() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    let (draft, set_draft) = signal(String::new());
    let redirect_uri = app::redirect_uri();
    let copy_label = RwSignal::new("Copy");
    let copy = {
        let redirect_uri = redirect_uri.clone();
        move |_| {
            let redirect_uri = redirect_uri.clone();
            spawn_local(async move {
                let copied = browser::copy_text(&redirect_uri).await;
                copy_label.set(if copied {
                    "Copied"
                } else {
                    "Copy failed: select it and copy"
                });
            });
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        session.save_client_id(&draft.get_untracked());
    };
    view! {
        <section class="setup" aria-labelledby="setup-title">
            <h1 id="setup-title">"Connect your own Spotify app"</h1>
            <ol>
                <li>"Open the Spotify developer dashboard and create an app, with “Web API” ticked."</li>
                <li>
                    "Add this exact redirect URI to it: "
                    <code data-testid="redirect-uri">{redirect_uri.clone()}</code>
                    " "
                    <button type="button" data-testid="redirect-uri-copy" on:click=copy>{copy_label}</button>
                </li>
                <li>"In development mode, add each person who will log in under User Management."</li>
                <li>"Paste the app's client ID here:"</li>
            </ol>
            <form on:submit=save>
                <label for="client-id">"Client ID"</label>
                <input
                    id="client-id"
                    data-testid="client-id-input"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=draft
                    on:input=move |ev| set_draft.set(event_target_value(&ev))
                />
                <button type="submit" data-testid="client-id-save">"Save"</button>
            </form>
            <LoginButton on_click=|_| {} disabled=true />
        </section>
    }
}
