//! The releases view's Alerts controls: `alerts`, a toggle that asks the
//! browser's permission on the reader's click and says why alerts stay off;
//! and, where the browser wakes installed apps, `alerts-background`, alerts
//! with every tab closed. Elsewhere a line says alerts come while open.

use crate::app::{alerts::NotOn, background, AppState};
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn AlertsControl() -> impl IntoView {
    let alerts = expect_context::<AppState>().alerts;
    let why_not = move || {
        alerts.not_on().map(|why| match why {
            NotOn::Blocked => text::ALERTS_BLOCKED,
            NotOn::Unsupported => text::ALERTS_UNSUPPORTED,
        })
    };
    view! {
        <div class="alerts">
            <button
                type="button"
                data-testid="alerts"
                aria-pressed=move || if alerts.on() { "true" } else { "false" }
                title=text::ALERTS_WHAT
                on:click=move |_| alerts.toggle()
            >
                {text::ALERTS}
            </button>
            <p class="alerts-note" role="status">{why_not}</p>
            <BackgroundControl />
        </div>
    }
}

#[component]
fn BackgroundControl() -> impl IntoView {
    let state = expect_context::<AppState>();
    let background = state.background;
    if !background.offered() {
        return view! { <p class="alerts-note">{text::ALERTS_WHILE_OPEN_ONLY}</p> }.into_any();
    }
    let why_not = move || {
        background.not_on().map(|why| match why {
            background::NotOn::Blocked => text::ALERTS_BLOCKED,
            background::NotOn::NotInstalled => text::ALERTS_BACKGROUND_NOT_INSTALLED,
        })
    };
    view! {
        <button
            type="button"
            data-testid="alerts-background"
            aria-pressed=move || if background.on() { "true" } else { "false" }
            title=text::ALERTS_BACKGROUND_WHAT
            on:click=move |_| background.toggle()
        >
            {text::ALERTS_BACKGROUND}
        </button>
        <p class="alerts-note" role="status">{why_not}</p>
    }
    .into_any()
}
