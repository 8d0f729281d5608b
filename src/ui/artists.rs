//! The followed-artists list: cards, progress, end and empty states, and the
//! sentinel that loads the next page about one screen before it is needed.

use super::finder::{Finder, ViewOptions};
use super::sources::Sources;
use crate::app::artist_list::IMAGE_CSS_PX;
use crate::app::AppState;
use crate::browser;
use crate::listing::CopyState;
use crate::sources::{Source, SourceFilter};
use crate::spotify::model::Artist;
use crate::text;
use leptos::{html, prelude::*};
use send_wrapper::SendWrapper;
use serde::Serialize;
use wasm_bindgen::{closure::Closure, JsCast};
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

#[component]
pub(crate) fn Artists() -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.artists;
    let sentinel = NodeRef::<html::Div>::new();
    let near_end = RwSignal::new(false);
    watch_sentinel(sentinel, near_end);
    let sources = state.sources;
    let view_options = ViewOptions::from_url(library, sources);
    // Narrowed to a source, the view needs the whole followed list: an
    // artist from another source shows once it is known not to be followed.
    Effect::new(move |_| {
        if view_options.source() != SourceFilter::All && !library.done().get_untracked() {
            library.load_everything();
        }
    });
    // What a card shows of where its artist comes from, read as its page
    // is drawn (a page is drawn again when its saves change).
    let card_source = move |id: &str| {
        let source = view_options
            .other_source_untracked(id)
            .unwrap_or(Source::Followed);
        let saves = sources.with_untracked(|s| s.saves_of(id));
        (source, saves)
    };
    // A card's remove button (drawn by `browser::artist_cards`).
    let remove = move |ev: leptos::ev::MouseEvent| {
        let card = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("[data-testid=remove-artist]").ok().flatten())
            .and_then(|button| button.closest("[data-artist-id]").ok().flatten());
        if let Some(id) = card.and_then(|c| c.get_attribute("data-artist-id")) {
            sources.remove(&id);
        }
    };

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
            // The observer may not have seen the end go: this says it has, so
            // that the end coming back is news (see `watch_sentinel`).
            if !near {
                note_near_end(near_end, false);
            }
            if near && !view_options.draw_more() && !paused {
                library.load_next();
            }
        });
    });

    let image_px = browser::image_pixels(IMAGE_CSS_PX);
    let progress = move || {
        let loaded = library.loaded().get();
        text::artists_loaded(loaded, library.total().get())
    };
    let shown = move || view_options.shown();
    let finished = move || library.done().get() && view_options.all_drawn();
    let finished_empty = move || finished() && library.loaded().get() == 0;
    let finished_some = move || finished() && library.loaded().get() != 0;
    view! {
        <section class="library" aria-labelledby="library-title">
            <div class="library-head">
                <h1 id="library-title">{text::ARTISTS_TITLE}</h1>
                <p class="progress" aria-live="polite">{progress}</p>
            </div>
            <CopyNote />
            <Sources />
            <Finder options=view_options />
            // One block per page: appending lays out 50 cards, and pages off
            // screen are skipped (style/main.css). Still one list to assistive tech.
            // A filtered or sorted view comes in pages too, for the same list.
            <div class="artists" role="list" on:click=remove>
                <For each=shown key=|chunk| chunk.key let:chunk>
                    <div class="page" role="none" use:artist_cards=page_cards(&chunk.artists, image_px, chunk.first, &card_source)></div>
                </For>
            </div>
            <Show when=move || library.loading().get() && library.loaded().get() == 0 && !view_options.narrowing()>
                {skeleton()}
            </Show>
            <Show when=move || library.loading().get()>
                <p class="status" data-testid="loading" role="status">
                    {move || match library.wait_seconds().get() {
                        Some(seconds) => text::slowed_down(seconds),
                        None => text::LOADING_ARTISTS.to_string(),
                    }}
                </p>
            </Show>
            <Show when=move || library.error().with(Option::is_some)>
                <button type="button" class="primary" data-testid="retry" on:click=move |_| library.retry()>
                    {text::TRY_AGAIN}
                </button>
            </Show>
            <Show when=finished_empty>
                <p class="status" data-testid="empty">{text::FOLLOWS_NO_ONE}</p>
            </Show>
            <Show when=finished_some>
                <p class="status end" data-testid="artists-end">
                    {move || text::all_artists_shown(library.loaded().get(), view_options.others())}
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
        // Not asked while paused or offline (their notes say so).
        let paused = state.session.pause().current().is_some() || !state.connection.online();
        Some(text::saved_copy(&when, copy.state, paused))
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
                    <button type="button" class="link" data-testid="refresh" on:click=move |_| library.refresh()>
                        {text::REFRESH_NOW}
                    </button>
                </Show>
            </p>
        </Show>
    }
}

/// Grey cards in the grid's shape while the first page is on its way.
pub(crate) fn skeleton() -> impl IntoView {
    let card = || view! { <div class="card"><span class="placeholder"></span><span class="bar"></span></div> };
    view! { <div class="page skeleton" aria-hidden="true">{(0..10).map(|_| card()).collect_view()}</div> }
}

/// Draws a page's cards (a directive: it runs as the page is made).
fn artist_cards(page: web_sys::Element, cards: String) {
    if !browser::artist_cards::fill(&page, &cards, IMAGE_CSS_PX as u32) {
        leptos::logging::warn!("the browser refused to draw a page of artists");
    }
}

/// A card as `browser::artist_cards` draws it, by name.
#[derive(Serialize)]
struct Card<'a> {
    /// `data-source` and `data-saves`, and what the card says of them.
    source: &'static str,
    saves: Option<u32>,
    from: Option<String>,
    /// An artist added here can be removed: the button's words.
    remove: Option<Remove>,
    id: &'a str,
    name: &'a str,
    /// Opens the artist in Spotify.
    link: Option<&'a str>,
    /// For `image_px` device pixels.
    picture: Option<&'a str>,
    about: Option<String>,
    /// Its paint is timed: the list's first card, which the benchmark
    /// reads through the Element Timing API.
    timed: bool,
}

#[derive(Serialize)]
struct Remove {
    text: &'static str,
    label: String,
}

/// The cards of a page as `browser::artist_cards` takes them: one JSON
/// list, so a page is one call. `source` tells where an artist comes from
/// and how many saves it has.
fn page_cards(
    artists: &[Artist],
    image_px: u32,
    first_page: bool,
    source: &dyn Fn(&str) -> (Source, Option<u32>),
) -> String {
    let cards: Vec<Card> = artists
        .iter()
        .enumerate()
        .map(|(i, artist)| {
            let (from, saves) = source(&artist.id);
            (i, artist, from, saves)
        })
        .map(|(i, artist, from, saves)| Card {
            source: from.name(),
            saves,
            from: text::card_source(from, saves),
            remove: (from == Source::Added).then(|| Remove {
                text: text::REMOVE_ARTIST,
                label: text::remove_artist(&artist.name),
            }),
            id: &artist.id,
            name: &artist.name,
            link: artist.spotify_url(),
            picture: artist.image_for(image_px),
            about: describe(artist),
            timed: first_page && i == 0,
        })
        .collect();
    // Strings and options alone: nothing here can fail to serialize.
    serde_json::to_string(&cards).unwrap_or_else(|_| "[]".to_string())
}

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
        parts.push(text::followers(&group_thousands(count)));
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

/// Changes `near_end` only when it is news: each change asks for a look
/// after the next layout.
fn note_near_end(near_end: RwSignal<bool>, near: bool) {
    // A frame or a scroll may come after the list has gone (logout, another
    // view): then there is nothing to note.
    if near_end.try_get_untracked().is_some_and(|was| was != near) {
        near_end.set(near);
    }
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
///
/// The observer tells only what it saw change between its own looks. A page
/// laid out with the end far below, then scrolled to its end before the
/// observer looked, is no change to it, and the list would stop there:
/// WebKit met that as the reader scrolled fast. Scrolling checks the
/// end as well, against what the last look after a layout measured.
fn watch_sentinel(sentinel: NodeRef<html::Div>, near_end: RwSignal<bool>) {
    let scrolled = window_event_listener(leptos::ev::scroll, move |_| {
        if let Some(element) = sentinel.try_get_untracked().flatten() {
            note_near_end(near_end, is_near_viewport(&element));
        }
    });
    on_cleanup(move || scrolled.remove());
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

    use crate::spotify::model::{ExternalUrls, Followers, Image};

    fn artist(id: &str, name: &str) -> Artist {
        Artist {
            id: id.into(),
            name: name.into(),
            images: None,
            external_urls: None,
            genres: None,
            followers: None,
        }
    }

    #[test]
    fn a_page_is_its_cards_by_name_and_only_the_first_is_timed() {
        let mut full = artist("a1", "Björk");
        full.external_urls = Some(ExternalUrls {
            spotify: Some("https://open.spotify.com/artist/a1".into()),
        });
        full.images = Some(vec![Image {
            url: "https://i.scdn.co/image/a1".into(),
            width: Some(320),
            height: Some(320),
        }]);
        full.followers = Some(Followers { total: Some(1200) });
        let bare = artist("a2", "<b>x</b>\u{1f}\"");
        let sources = |id: &str| match id {
            "a1" => (Source::Followed, Some(7)),
            _ => (Source::Added, None),
        };
        let page: serde_json::Value =
            serde_json::from_str(&page_cards(&[full, bare], 160, true, &sources)).expect("JSON");
        assert_eq!(
            page,
            serde_json::json!([
                {
                    "source": "followed",
                    "saves": 7,
                    "from": "followed · 7 saved",
                    "remove": null,
                    "id": "a1",
                    "name": "Björk",
                    "link": "https://open.spotify.com/artist/a1",
                    "picture": "https://i.scdn.co/image/a1",
                    "about": "1,200 followers",
                    "timed": true
                },
                {
                    "source": "added",
                    "saves": null,
                    "from": "added here",
                    "remove": {"text": "Remove", "label": "Remove <b>x</b>\u{1f}\""},
                    "id": "a2",
                    "name": "<b>x</b>\u{1f}\"",
                    "link": null,
                    "picture": null,
                    "about": null,
                    "timed": false
                },
            ])
        );
        let later: serde_json::Value =
            serde_json::from_str(&page_cards(&[artist("a1", "Björk")], 160, false, &sources))
                .expect("JSON");
        assert_eq!(later[0]["timed"], false);
        assert_eq!(page_cards(&[], 160, true, &sources), "[]");
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
