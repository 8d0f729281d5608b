//! The followed-artists list: cards, progress, end and empty states, and the
//! sentinel that loads the next page about one screen before it is needed.

use super::finder::{Finder, ViewOptions};
use crate::app::artist_list::{CopyState, IMAGE_CSS_PX};
use crate::app::AppState;
use crate::browser;
use crate::spotify::model::Artist;
use leptos::{either::Either, html, prelude::*, tachys::html::attribute::custom::CustomAttribute};
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

#[component]
pub(crate) fn Artists() -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.artists;
    let sentinel = NodeRef::<html::Div>::new();
    let near_end = RwSignal::new(false);
    watch_sentinel(sentinel, near_end);
    let view_options = ViewOptions::from_url(library);

    // Load while the end of the list is within a screen of the viewport:
    // at start, after each page (a tall window may still show the end), and
    // whenever scrolling brings the end near.
    Effect::new(move |_| {
        near_end.track();
        library.chunks().track();
        library.loading().track();
        library.shown_copy().track();
        // A view drawn further may still end within a screen.
        view_options.all_drawn();
        // While narrowing, pages beyond the first load only when asked
        // ("load the rest"); a shared link with a filter still shows something.
        let paused = view_options.narrowing() && library.chunks().with(|c| !c.is_empty());
        // In the next frame the cards just added are laid out, so the
        // sentinel's position is real.
        request_animation_frame(move || {
            // The list may have gone (logout) before this frame: then nothing to do.
            let near = library.after_layout(|| {
                sentinel
                    .try_get_untracked()
                    .flatten()
                    .is_some_and(|el| is_near_viewport(&el))
            });
            if near && !view_options.draw_more() && !paused {
                library.load_next(state.session);
            }
        });
    });

    let image_px = browser::image_pixels(IMAGE_CSS_PX);
    let progress = move || {
        let loaded = library.loaded().get();
        match library.total().get() {
            Some(total) => format!("{loaded} of {total} artists"),
            None => format!("{loaded} artists"),
        }
    };
    let shown = move || view_options.shown();
    let finished = move || library.done().get() && view_options.all_drawn();
    let finished_empty = move || finished() && library.loaded().get() == 0;
    let finished_some = move || finished() && library.loaded().get() != 0;
    view! {
        <section class="library" aria-labelledby="library-title">
            <div class="library-head">
                <h1 id="library-title">"Artists you follow"</h1>
                <p class="progress" aria-live="polite">{progress}</p>
            </div>
            <CopyNote />
            <Finder options=view_options />
            // One block per page: appending lays out 50 cards, and pages off
            // screen are skipped (style/main.css). Still one list to assistive tech.
            // A filtered or sorted view comes in pages too, for the same list.
            <div class="artists" role="list">
                <For each=shown key=|chunk| chunk.key let:chunk>
                    <div class="page" role="none">
                        {chunk.artists.iter().enumerate().map(|(i, artist)| artist_card(artist, image_px, chunk.first && i == 0)).collect_view()}
                    </div>
                </For>
            </div>
            <Show when=move || library.loading().get() && library.loaded().get() == 0 && !view_options.narrowing()>
                {skeleton()}
            </Show>
            <Show when=move || library.loading().get()>
                <p class="status" data-testid="loading" role="status">
                    {move || match library.wait_seconds().get() {
                        Some(seconds) => format!("Spotify asked us to slow down: trying again in {seconds} s…"),
                        None => "Loading artists…".to_string(),
                    }}
                </p>
            </Show>
            <Show when=move || library.error().with(Option::is_some)>
                <button type="button" class="primary" data-testid="retry" on:click=move |_| library.retry(state.session)>
                    "Try again"
                </button>
            </Show>
            <Show when=finished_empty>
                <p class="status" data-testid="empty">"You don't follow any artists on Spotify yet."</p>
            </Show>
            <Show when=finished_some>
                <p class="status end" data-testid="artists-end">
                    {move || format!("That's all {} artists you follow.", library.loaded().get())}
                </p>
            </Show>
            <div class="sentinel" node_ref=sentinel aria-hidden="true"></div>
        </section>
    }
}

/// Says when the list shown is the one saved at the last visit, and offers
/// to fetch it afresh.
#[component]
fn CopyNote() -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.artists;
    let text = move || {
        let copy = library.shown_copy().get()?;
        let when = browser::local_date_time(copy.saved_at_ms);
        let status = match copy.state {
            // Not asked while Spotify wants no requests (the pause says so).
            CopyState::Checking if state.session.pause().current().is_some() => "",
            CopyState::Checking => "Checking with Spotify…",
            CopyState::UpToDate => "Spotify's list starts the same.",
            CopyState::Refreshing => "Updating from Spotify…",
        };
        Some(
            format!("Saved at your visit on {when}. {status}")
                .trim_end()
                .to_string(),
        )
    };
    let up_to_date = move || {
        library
            .shown_copy()
            .with(|c| c.is_some_and(|c| c.state == CopyState::UpToDate))
    };
    view! {
        <Show when=move || library.shown_copy().with(Option::is_some)>
            <p class="copy-note" data-testid="saved-copy" role="status">
                {text}
                <Show when=up_to_date>
                    " "
                    <button type="button" class="link" data-testid="refresh" on:click=move |_| library.refresh(state.session)>
                        "Refresh now"
                    </button>
                </Show>
            </p>
        </Show>
    }
}

/// Grey cards in the grid's shape while the first page is on its way.
/// Type-erased and not inlined: one copy of its code for its three uses.
#[inline(never)]
pub(crate) fn skeleton() -> AnyView {
    let card = || view! { <div class="card"><span class="placeholder"></span><span class="bar"></span></div> };
    view! { <div class="page skeleton" aria-hidden="true">{(0..10).map(|_| card()).collect_view()}</div> }.into_any()
}

/// `timed`: the list's first card, whose paint the benchmark reads
/// through the Element Timing API.
fn artist_card(artist: &Artist, image_px: u32, timed: bool) -> impl IntoView {
    let name = artist.name.clone();
    let picture = match artist.image_for(image_px) {
        Some(src) => Either::Left(view! {
            <img loading="lazy" decoding="async" width="160" height="160" alt=name.clone() src=src.to_string() />
        }),
        None => Either::Right(view! { <span class="placeholder" aria-hidden="true"></span> }),
    };
    let meta = describe(artist);
    // One shape for every card (an anchor without href when Spotify gave no
    // link): each distinct view shape costs its own code in the WebAssembly.
    let url = artist.spotify_url().map(str::to_string);
    let external = url.is_some();
    view! {
        <div class="artist" role="listitem" data-testid="artist" data-artist-id=artist.id.clone()>
            <a class="card" href=url target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>
                {picture}
                {view! { <span class="name" dir="auto">{name}</span> }.attr("elementtiming", timed.then_some("first-artist"))}
                {meta.map(|text| view! { <span class="meta">{text}</span> })}
            </a>
        </div>
    }
}

/// Genres and follower count, only when Spotify sent them.
fn describe(artist: &Artist) -> Option<String> {
    let mut parts = Vec::new();
    if !artist.genres().is_empty() {
        parts.push(
            artist
                .genres()
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    if let Some(count) = artist.follower_count() {
        parts.push(format!("{} followers", group_thousands(count)));
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The sentinel is at most one screen below the viewport's bottom.
fn is_near_viewport(element: &web_sys::HtmlDivElement) -> bool {
    let screen = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    element.get_bounding_client_rect().top() < screen * 2.0
}

/// Sets `near_end` as the sentinel comes within a screen of the viewport.
fn watch_sentinel(sentinel: NodeRef<html::Div>, near_end: RwSignal<bool>) {
    Effect::new(move |_| {
        let Some(element) = sentinel.get() else {
            return;
        };
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let hit = entries
                .iter()
                .filter_map(|e| e.dyn_into::<IntersectionObserverEntry>().ok())
                .any(|e| e.is_intersecting());
            near_end.set(hit);
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin("0px 0px 100% 0px");
        let Ok(observer) =
            IntersectionObserver::new_with_options(callback.as_ref().unchecked_ref(), &options)
        else {
            // Without an observer the list still loads page by page after each append.
            return;
        };
        observer.observe(&element);
        let held = SendWrapper::new((observer, callback));
        on_cleanup(move || held.0.disconnect());
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
