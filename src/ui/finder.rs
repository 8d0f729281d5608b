//! Finding an artist: the filter box and the order, kept in the URL query
//! (`?q=…&sort=az`) so a view survives a reload and can be shared.

use crate::app::{artist_list::ArtistList, AppState};
use crate::list_view::{self, Window};
use crate::listing::Chunk;
use crate::name_filter::Order;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
pub(crate) struct ViewOptions {
    /// The filter text and the order, as the address has them.
    view: Memo<(String, Order)>,
    /// The loaded artists that match, in the chosen order, as pages for
    /// the list (see [`list_view::narrowed`]) in whole rows.
    found: Memo<Vec<Chunk>>,
    /// How much of the view is drawn; a new view starts small.
    window: RwSignal<Window>,
    /// The list's own pages (not all of `ArtistList`: closures copy this struct).
    pages: ReadSignal<Vec<Chunk>>,
}

impl ViewOptions {
    pub(crate) fn from_url(library: ArtistList) -> Self {
        let query = use_query_map();
        let view = Memo::new(move |_| {
            query.with(|query| {
                (
                    query.get_str("q").unwrap_or_default().to_string(),
                    Order::from_query(query.get_str("sort")),
                )
            })
        });
        let found = Memo::new(move |_| {
            view.with(|(text, order)| {
                library
                    .chunks()
                    .with(|c| list_view::in_whole_rows(&list_view::narrowed(c, text, *order)))
            })
        });
        Self {
            view,
            found,
            window: RwSignal::new(Window::All),
            pages: library.chunks(),
        }
    }

    pub(crate) fn text(&self) -> String {
        self.view.with(|(text, _)| text.clone())
    }

    pub(crate) fn order(&self) -> Order {
        self.view.with(|(_, order)| *order)
    }

    /// The pages to draw: the list's own, or the narrowed view's.
    pub(crate) fn shown(&self) -> Vec<Chunk> {
        let window = self.window.get();
        self.with_view(|pages| pages[..window.drawn(pages)].to_vec())
    }

    /// `f` of the view's pages: the narrowed ones, or the list's own, in
    /// whole rows (the list's own pages are, but for the few that lost an
    /// artist Spotify had listed before).
    fn with_view<T>(&self, f: impl FnOnce(&[Chunk]) -> T) -> T {
        if self.narrowing() {
            self.found.with(|pages| f(pages))
        } else {
            self.pages.with(|pages| f(&list_view::in_whole_rows(pages)))
        }
    }

    /// Every page of the view is drawn.
    pub(crate) fn all_drawn(&self) -> bool {
        self.window.with(|window| *window == Window::All)
    }

    /// The reader nears the end of what is drawn: draws more of it.
    /// `false` when all of it is drawn (then more can be loaded).
    pub(crate) fn draw_more(&self) -> bool {
        let mut window = self.window.get_untracked();
        let grew = untrack(|| self.with_view(|pages| window.grow(pages)));
        if grew {
            self.window.set(window);
        }
        grew
    }

    /// Showing a filtered or re-ordered view rather than the pages.
    pub(crate) fn narrowing(&self) -> bool {
        self.view
            .with(|(text, order)| !text.trim().is_empty() || *order != Order::Spotify)
    }
}

#[component]
pub(crate) fn Finder(options: ViewOptions) -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.artists;
    let show_artists = super::artists_address();
    let set_view = move |text: String, order: Order| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !text.is_empty() {
            query.append_pair("q", &text);
        }
        if let Some(value) = order.query_value() {
            query.append_pair("sort", value);
        }
        // The new view is drawn from its first cards, not all at once.
        options.window.set(Window::start());
        show_artists(&query.finish());
    };
    let set_view_too = set_view.clone();
    let set_text = move |ev| set_view_too(event_target_value(&ev), untrack(|| options.order()));
    let set_order = move |ev| {
        let order = Order::from_query(Some(event_target_value(&ev).as_str()));
        set_view(untrack(|| options.text()), order);
    };
    let count = move || {
        if !options.narrowing() {
            return String::new();
        }
        let found: usize = options
            .found
            .with(|pages| pages.iter().map(|p| p.artists.len()).sum());
        let loaded =
            (!library.done().get()).then(|| (library.loaded().get(), library.total().get()));
        text::matches(found, loaded)
    };
    let offer_the_rest =
        move || options.narrowing() && !library.done().get() && !library.load_all().get();
    view! {
        <div class="finder" role="search">
            <label class="visually-hidden" for="filter">{text::FILTER}</label>
            <input
                id="filter"
                type="search"
                data-testid="filter"
                placeholder=text::FILTER_HINT
                autocomplete="off"
                prop:value=move || options.text()
                on:input=set_text
            />
            <label class="visually-hidden" for="order">{text::ORDER}</label>
            <select id="order" data-testid="sort" on:change=set_order prop:value=move || options.order().query_value().unwrap_or("spotify")>
                <option value="spotify">{text::ORDER_SPOTIFY}</option>
                <option value="az">{text::ORDER_AZ}</option>
            </select>
            <p class="matches" aria-live="polite">{count}</p>
            <Show when=offer_the_rest>
                <button type="button" data-testid="load-all" on:click=move |_| {
                    library.load_everything();
                }>{text::LOAD_THE_REST}</button>
            </Show>
        </div>
    }
}
