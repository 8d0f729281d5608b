//! The releases view's Alerts control (`alerts`): a toggle that asks the
//! browser's permission on the reader's click, and says why alerts stay off.

use crate::app::{alerts::NotOn, AppState};
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
        </div>
    }
}
