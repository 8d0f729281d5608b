//! The followed-artists list: cards, progress, end and empty states, and the
//! sentinel that loads the next page about one screen before it is needed.

use super::finder::{Finder, ViewOptions};
use crate::app::artist_list::{CopyState, IMAGE_CSS_PX};
use crate::app::AppState;
use crate::browser::{
    self,
    artist_cards::{CARD, FIELD},
};
use crate::spotify::model::Artist;
use leptos::{html, prelude::*};
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
                    <div class="page" role="none" use:artist_cards=page_cards(&chunk.artists, image_px, chunk.first)></div>
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
pub(crate) fn skeleton() -> impl IntoView {
    let card = || view! { <div class="card"><span class="placeholder"></span><span class="bar"></span></div> };
    view! { <div class="page skeleton" aria-hidden="true">{(0..10).map(|_| card()).collect_view()}</div> }
}

/// Draws a page's cards (a directive: it runs as the page is made).
fn artist_cards(page: web_sys::Element, cards: String) {
    if !browser::artist_cards::fill(&page, &cards) {
        leptos::logging::warn!("the browser refused to draw a page of artists");
    }
}

/// The cards of a page as `browser::artist_cards` takes them: per artist
/// its id, name, Spotify link, picture for `image_px`, description, and
/// whether its paint is timed (the list's first card, which the benchmark
/// reads through the Element Timing API). The separators cannot occur in
/// a field: Spotify's text never has them, and any that came would be
/// replaced.
fn page_cards(artists: &[Artist], image_px: u32, first_page: bool) -> String {
    let mut cards = String::with_capacity(artists.len() * 200);
    for (i, artist) in artists.iter().enumerate() {
        if i > 0 {
            cards.push(CARD);
        }
        let meta = describe(artist).unwrap_or_default();
        let timed = if first_page && i == 0 { "1" } else { "" };
        let fields = [
            artist.id.as_str(),
            artist.name.as_str(),
            artist.spotify_url().unwrap_or_default(),
            artist.image_for(image_px).unwrap_or_default(),
            meta.as_str(),
            timed,
        ];
        for (j, field) in fields.into_iter().enumerate() {
            if j > 0 {
                cards.push(FIELD);
            }
            if field.contains([FIELD, CARD]) {
                cards.extend(field.chars().map(|c| {
                    if c == FIELD || c == CARD {
                        '\u{fffd}'
                    } else {
                        c
                    }
                }));
            } else {
                cards.push_str(field);
            }
        }
    }
    cards
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
    fn a_page_is_its_cards_fields_in_order_and_only_the_first_is_timed() {
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
        let bare = artist("a2", "<b>x</b>");
        let page = page_cards(&[full, bare], 160, true);
        let cards: Vec<Vec<&str>> = page
            .split(CARD)
            .map(|card| card.split(FIELD).collect())
            .collect();
        assert_eq!(
            cards,
            vec![
                vec![
                    "a1",
                    "Björk",
                    "https://open.spotify.com/artist/a1",
                    "https://i.scdn.co/image/a1",
                    "1,200 followers",
                    "1"
                ],
                vec!["a2", "<b>x</b>", "", "", "", ""],
            ]
        );
        let later = page_cards(&[artist("a1", "Björk")], 160, false);
        assert_eq!(later, ["a1", "Björk", "", "", "", ""].join("\u{1f}"));
        assert_eq!(page_cards(&[], 160, true), "");
    }

    #[test]
    fn a_separator_in_spotify_text_cannot_shift_the_fields() {
        let page = page_cards(&[artist("a1", "one\u{1f}two\u{1e}three")], 160, false);
        assert_eq!(page.matches(FIELD).count(), 5);
        assert!(!page.contains(CARD));
        assert!(page.starts_with("a1\u{1f}one\u{fffd}two\u{fffd}three\u{1f}"));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1234567), "1,234,567");
    }
}
