//! The main screen: setup, login, or the logged-in view.

use super::api::{self, Failure};
use super::{
    artists::{skeleton, Artists},
    login::Login,
    setup::Setup,
    state::AppState,
};
use crate::config::{self, Endpoints};
use crate::spotify::model::User;
use leptos::{prelude::*, task::spawn_local};

pub const SESSION_ENDED: &str = "Your Spotify session has ended, please log in again.";

#[component]
pub fn Home() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        if state.completing_login.get() {
            view! {
                <p class="status" data-testid="loading" role="status">"Completing login…"</p>
                {skeleton()}
            }
            .into_any()
        } else if state.logged_in() {
            view! { <Artists /> }.into_any()
        // A compiled-in client ID is never missing: the test is a constant
        // then, and the setup screen (about 7 KB gzip) leaves the build.
        } else if !config::HAS_COMPILED_CLIENT_ID && state.client_id.with(Option::is_none) {
            view! { <Setup /> }.into_any()
        } else {
            view! { <Login /> }.into_any()
        }
    }
}

/// Fetches `/me` whenever someone logs in and no profile is known.
pub fn load_profile_when_logged_in(state: AppState) {
    Effect::new(move |_| {
        if !state.logged_in() || state.user.with_untracked(Option::is_some) {
            return;
        }
        let stale = state.session_guard();
        spawn_local(async move {
            let url = Endpoints::compiled().me_url();
            let result = api::get::<User>(state, &url, "profile", &|_| {}, &stale).await;
            if stale() {
                return;
            }
            match result {
                Ok(user) => {
                    state.library.set_owner(&user.id, state);
                    state.user.set(Some(user));
                }
                Err(Failure::SessionEnded) => state.end_session(Some(SESSION_ENDED.to_string())),
                Err(Failure::Api(error)) => state.notice.set(Some(error.to_string())),
            }
        });
    });
}
