//! Finding an artist: the filter box and the order, kept in the URL query
//! (`?q=…&sort=az`) so a view survives a reload and can be shared.

use crate::app::{artist_list::ArtistList, sources::ArtistSources, AppState};
use crate::list_view::{self, Window};
use crate::listing::Chunk;
use crate::name_filter::Order;
use crate::sources::{Source, SourceFilter};
use crate::spotify::model::Artist;
use crate::text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use rustc_hash::{FxHashMap, FxHashSet};

/// The artists from the reader's other sources that are not followed, and
/// where each comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Others {
    pub(crate) artists: Vec<Artist>,
    pub(crate) from: FxHashMap<String, Source>,
}

#[derive(Clone, Copy)]
pub(crate) struct ViewOptions {
    /// The filter text, the order and the source, as the address has them.
    view: Memo<(String, Order, SourceFilter)>,
    /// The loaded artists that match, in the chosen order, as pages for
    /// the list (see [`list_view::narrowed`]) in whole rows.
    found: Memo<Vec<Chunk>>,
    /// How much of the view is drawn; a new view starts small.
    window: RwSignal<Window>,
    /// The list's own pages, then the other sources' artists once the
    /// list is whole ([`list_view::with_others`]).
    pages: Memo<Vec<Chunk>>,
    others: Memo<Others>,
}

impl ViewOptions {
    pub(crate) fn from_url(library: ArtistList, sources: ArtistSources) -> Self {
        let query = use_query_map();
        let view = Memo::new(move |_| {
            query.with(|query| {
                (
                    query.get_str("q").unwrap_or_default().to_string(),
                    Order::from_query(query.get_str("sort")),
                    SourceFilter::from_query(query.get_str("from")),
                )
            })
        });
        // Until the followed list is whole, an artist from another source
        // may still turn out to be followed: they wait for its end.
        let others = Memo::new(move |_| {
            if !library.done().get() || sources.with(|s| s.is_empty()) {
                return Others::default();
            }
            library.chunks().with(|chunks| {
                let followed: FxHashSet<&str> = chunks
                    .iter()
                    .flat_map(|c| c.artists.iter().map(|a| a.id.as_str()))
                    .collect();
                let others = sources.with(|s| s.others(&followed));
                Others {
                    from: others
                        .iter()
                        .map(|o| (o.artist.id.clone(), o.source))
                        .collect(),
                    artists: others.into_iter().map(|o| o.artist).collect(),
                }
            })
        });
        let pages = Memo::new(move |_| {
            library.chunks().with(|chunks| {
                others.with(|others| {
                    sources.with(|s| {
                        if s.library.is_none() && others.artists.is_empty() {
                            return chunks.clone();
                        }
                        list_view::with_others(chunks, &others.artists, |id| {
                            s.saves_of(id).map_or(0, u64::from)
                        })
                    })
                })
            })
        });
        let found = Memo::new(move |_| {
            view.with(|(text, order, from)| {
                pages.with(|pages| {
                    let kept;
                    let pages = if *from == SourceFilter::All {
                        pages
                    } else {
                        kept = others.with(|others| {
                            sources.with(|s| {
                                list_view::kept(pages, |a| {
                                    s.shows(*from, &a.id, !others.from.contains_key(&a.id))
                                })
                            })
                        });
                        &kept
                    };
                    list_view::in_whole_rows(&list_view::narrowed(pages, text, *order))
                })
            })
        });
        Self {
            view,
            found,
            window: RwSignal::new(Window::All),
            pages,
            others,
        }
    }

    pub(crate) fn text(&self) -> String {
        self.view.with(|(text, _, _)| text.clone())
    }

    pub(crate) fn order(&self) -> Order {
        self.view.with(|(_, order, _)| *order)
    }

    pub(crate) fn source(&self) -> SourceFilter {
        self.view.with(|(_, _, from)| *from)
    }

    /// How many artists from other sources follow the followed ones.
    pub(crate) fn others(&self) -> usize {
        self.others.with(|o| o.artists.len())
    }

    /// Where an artist shown comes from, if not followed.
    pub(crate) fn other_source_untracked(&self, id: &str) -> Option<Source> {
        self.others.with_untracked(|o| o.from.get(id).copied())
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
        self.view.with(|(text, order, from)| {
            !text.trim().is_empty() || *order != Order::Spotify || *from != SourceFilter::All
        })
    }
}

#[component]
pub(crate) fn Finder(options: ViewOptions) -> impl IntoView {
    let state = expect_context::<AppState>();
    let library = state.artists;
    let show_artists = super::artists_address();
    let set_view = move |text: String, order: Order, from: SourceFilter| {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if !text.is_empty() {
            query.append_pair("q", &text);
        }
        if let Some(value) = order.query_value() {
            query.append_pair("sort", value);
        }
        if let Some(value) = from.query_value() {
            query.append_pair("from", value);
        }
        // The new view is drawn from its first cards, not all at once.
        options.window.set(Window::start());
        show_artists(&query.finish());
    };
    let set_view_too = set_view.clone();
    let set_text = move |ev| {
        let (order, from) = untrack(|| (options.order(), options.source()));
        set_view_too(event_target_value(&ev), order, from)
    };
    let set_view_again = set_view.clone();
    let set_order = move |ev| {
        let order = Order::from_query(Some(event_target_value(&ev).as_str()));
        let (text, from) = untrack(|| (options.text(), options.source()));
        set_view_again(text, order, from);
    };
    let set_source = move |ev| {
        let from = SourceFilter::from_query(Some(event_target_value(&ev).as_str()));
        let (text, order) = untrack(|| (options.text(), options.order()));
        set_view(text, order, from);
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
            <label class="visually-hidden" for="source-filter">{text::SOURCE_FILTER}</label>
            <select id="source-filter" data-testid="source-filter" on:change=set_source prop:value=move || options.source().query_value().unwrap_or("all")>
                <option value="all">{text::SOURCE_ALL}</option>
                <option value="followed">{text::SOURCE_FOLLOWED}</option>
                <option value="library">{text::SOURCE_FROM_LIBRARY}</option>
                <option value="added">{text::SOURCE_ADDED}</option>
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
