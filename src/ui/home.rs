//! The main screen: setup, login, or the logged-in view.

use super::{
    artists::{skeleton, Artists},
    login::Login,
    setup::Setup,
};
use crate::app::AppState;
use crate::config;
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn Home() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    move || {
        if session.completing_login() {
            view! {
                <p class="status" data-testid="loading" role="status">{text::COMPLETING_LOGIN}</p>
                {skeleton()}
            }
            .into_any()
        } else if session.logged_in() {
            view! { <Artists /> }.into_any()
        // A compiled-in client ID is never missing: the test is a constant
        // then, and the setup screen leaves the build.
        } else if !config::HAS_COMPILED_CLIENT_ID && !session.has_client_id() {
            view! { <Setup /> }.into_any()
        } else {
            view! { <Login /> }.into_any()
        }
    }
}
