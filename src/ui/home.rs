//! The main screen: setup, login, or the logged-in view.

use super::{artists::Artists, login::Login, setup::Setup, state::AppState};
use crate::session;
use crate::spotify::error::ApiError;
use leptos::{prelude::*, task::spawn_local};

pub const SESSION_ENDED: &str = "Your Spotify session has ended, please log in again.";

#[component]
pub fn Home() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        if state.completing_login.get() {
            view! { <p class="status" data-testid="loading">"Completing login…"</p> }.into_any()
        } else if state.logged_in() {
            view! { <Artists /> }.into_any()
        } else if state.client_id.with(Option::is_none) {
            view! { <Setup /> }.into_any()
        } else {
            view! { <Login /> }.into_any()
        }
    }
}

/// Fetches `/me` whenever a token set appears and no profile is known.
pub fn load_profile_when_logged_in(state: AppState) {
    Effect::new(move |_| {
        let Some(tokens) = state.tokens.get() else {
            return;
        };
        if state.user.with_untracked(Option::is_some) {
            return;
        }
        spawn_local(async move {
            let result = session::fetch_me(&tokens).await;
            // The user may have logged out (or in again) meanwhile.
            if state
                .tokens
                .with_untracked(|now| now.as_ref() != Some(&tokens))
            {
                return;
            }
            match result {
                Ok(user) => state.user.set(Some(user)),
                Err(ApiError::Unauthorized(_)) => {
                    state.end_session(Some(SESSION_ENDED.to_string()))
                }
                Err(error) => state.notice.set(Some(error.to_string())),
            }
        });
    });
}
