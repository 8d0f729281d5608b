//! The artists view's sources: artists from the library (`source-library`,
//! `library-threshold`), and finding an artist to add here without
//! following (`artist-search`, `artist-result`, `add-artist`).

use crate::app::sources::{ArtistSources, LibraryNote};
use crate::app::AppState;
use crate::sources::library::THRESHOLDS;
use crate::text;
use leptos::prelude::*;
use std::time::Duration;

/// A search starts this long after the reader stops typing.
const TYPING_PAUSE: Duration = Duration::from_millis(400);

#[component]
pub(crate) fn Sources() -> impl IntoView {
    let sources = expect_context::<AppState>().sources;
    let on = move || sources.library_on();
    let status = move || match sources.note() {
        LibraryNote::None if on() => Some(text::library_counted(
            sources.library_artists(),
            sources.reading(),
        )),
        LibraryNote::None | LibraryNote::Asking | LibraryNote::Refused | LibraryNote::Failed(_) => {
            None
        }
    };
    let problem = move || match sources.note() {
        LibraryNote::Refused => Some(text::LIBRARY_SCOPE_REFUSED.to_string()),
        LibraryNote::Failed(error) => Some(error.to_string()),
        LibraryNote::None | LibraryNote::Asking => None,
    };
    let asking = move || sources.note() == LibraryNote::Asking;
    // Compact: the list, not its settings, is what the view is for.
    view! {
        <section class="sources" aria-labelledby="sources-title">
            <h2 id="sources-title" class="visually-hidden">{text::SOURCES}</h2>
            <div class="source-row">
                <label class="source-library">
                    <input
                        type="checkbox"
                        data-testid="source-library"
                        prop:checked=on
                        disabled=move || asking() || !sources.known()
                        aria-describedby="source-library-what"
                        on:change=move |ev| sources.turn_library(event_target_checked(&ev))
                    />
                    " " {text::SOURCE_LIBRARY}
                </label>
                // Hidden rather than built and dropped: the view's code
                // is part of the first load.
                <span class="library-choices" hidden=move || !on()>
                    <label class="library-threshold">
                        {text::LIBRARY_THRESHOLD} " "
                        <select
                            data-testid="library-threshold"
                            prop:value=move || sources.threshold().to_string()
                            on:change=move |ev| {
                                if let Ok(n) = event_target_value(&ev).parse() {
                                    sources.set_threshold(n);
                                }
                            }
                        >
                            {THRESHOLDS.map(|n| view! { <option value=n>{text::saves(n)}</option> })}
                        </select>
                    </label>
                    " "
                    <button type="button" class="link" disabled=move || sources.reading() on:click=move |_| sources.count_again()>
                        {text::READ_LIBRARY_AGAIN}
                    </button>
                </span>
            </div>
            <p id="source-library-what" class="hint" hidden=on>{text::SOURCE_LIBRARY_WHAT}</p>
            <p class="status" role="status">{status}</p>
            {move || problem().map(|text| view! { <p class="notice" role="alert">{text}</p> })}
            <Search sources />
        </section>
    }
}

/// Finding an artist by name, and adding one.
#[component]
fn Search(sources: ArtistSources) -> impl IntoView {
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let stop_typing = move || {
        if let Some(handle) = typing.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    let on_input = move |ev| {
        let query = event_target_value(&ev);
        stop_typing();
        let handle = set_timeout_with_handle(move || sources.search(query), TYPING_PAUSE).ok();
        typing.set_value(handle);
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            stop_typing();
            sources.search(event_target_value(&ev));
        }
    };
    on_cleanup(stop_typing);
    let found = move || sources.found().unwrap_or_default();
    let nothing = move || sources.found().is_some_and(|f| f.is_empty());
    let results = move || {
        found()
            .into_iter()
            .map(|artist| {
                let (id, name) = (artist.id.clone(), artist.name.clone());
                let label = text::add_artist(&name);
                let added = {
                    let id = id.clone();
                    move || sources.is_added(&id)
                };
                // Pressed once added; pressed again, it is forgotten.
                let toggle = move |_| {
                    if sources.is_added(&artist.id) {
                        sources.remove(&artist.id);
                    } else {
                        sources.add(&artist);
                    }
                };
                view! {
                    <li data-testid="artist-result" data-artist-id=id>
                        <span class="name" dir="auto">{name}</span>
                        " "
                        <button
                            type="button"
                            data-testid="add-artist"
                            aria-label=label
                            aria-pressed=move || added().to_string()
                            on:click=toggle
                        >
                            {text::ADD_ARTIST}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="artist-search" role="search">
            <label for="artist-search">{text::ARTIST_SEARCH}</label>
            <input
                id="artist-search"
                type="search"
                data-testid="artist-search"
                placeholder=text::ARTIST_SEARCH_HINT
                autocomplete="off"
                on:input=on_input
                on:keydown=on_key
            />
            <div aria-live="polite">
                <p class="status" hidden=move || !nothing()>{text::NOTHING_FOUND}</p>
                <ul class="artist-results">{results}</ul>
            </div>
        </div>
    }
}
