//! Spotify's long wait, said in words and local time while it lasts, and
//! its end said politely.

use crate::app::AppState;
use crate::browser;
use crate::spotify::pause::EndDay;
use crate::text::{PauseNote, PAUSE_OVER};
use leptos::prelude::*;

#[component]
pub(crate) fn Pause() -> impl IntoView {
    let state = expect_context::<AppState>();
    let pause = state.session.pause();
    let text = move || {
        let logged_in = state.session.logged_in();
        match pause.current() {
            Some(pause) if logged_in => {
                let now = browser::now_ms();
                let note = PauseNote {
                    quota: pause.quota,
                    time: browser::local_time(pause.until_ms),
                    date_time: browser::local_date_time(pause.until_ms),
                    day: EndDay::from_days_ahead(browser::local_days_between(now, pause.until_ms)),
                    list_shown: state.artists.loaded().get() > 0,
                };
                note.to_string()
            }
            None if logged_in && pause.just_ended() => PAUSE_OVER.to_string(),
            _ => String::new(),
        }
    };
    // Always in the page, so that screen readers hear what it comes to say.
    view! { <p class="status pause" role="status" data-testid="paused">{text}</p> }
}
