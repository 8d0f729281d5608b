//! New releases from the artists you follow: the last weeks' albums and
//! singles, newest first, grouped by day, as the check finds them.

use super::alerts::AlertsControl;
use super::home::Home;
use crate::app::release_check::{self, CheckState};
use crate::app::AppState;
use crate::browser;
use crate::releases::{
    day::Day,
    found::{heading, Kind, Release},
};
use crate::text;
use leptos::{prelude::*, task::spawn_local};

/// Releases drawn at first (more than a tall screen holds: a release is
/// 88 px high), and more in each frame after.
const FIRST_DRAWN: usize = 16;
const MORE_PER_FRAME: usize = 40;

/// The windows offered: days, and what the choice says.
const WINDOWS: [(i32, &str); 3] = [(7, "1 week"), (28, "4 weeks"), (91, "3 months")];
const DEFAULT_WINDOW_DAYS: i32 = 28;

/// The route's view: the releases while logged in, else what the home
/// shows to someone logged out (login, or the setup screen).
#[component]
pub(crate) fn Releases() -> impl IntoView {
    let session = expect_context::<AppState>().session;
    move || {
        if session.logged_in() {
            view! { <ReleaseList /> }.into_any()
        } else {
            view! { <Home /> }.into_any()
        }
    }
}

#[component]
fn ReleaseList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let check = state.releases;
    check.open(state.session, state.artists);
    state.alerts.seen();
    on_cleanup(move || check.close());
    let window_days = RwSignal::new(DEFAULT_WINDOW_DAYS);
    let compilations = RwSignal::new(false);
    let appears_on = RwSignal::new(false);
    let kinds = move || {
        let mut kinds = vec![Kind::Album, Kind::Single];
        if compilations.get() {
            kinds.push(Kind::Compilation);
        }
        if appears_on.get() {
            kinds.push(Kind::AppearsOn);
        }
        kinds
    };
    let turn_on = move |kind: RwSignal<bool>, on: bool| {
        kind.set(on);
        if on {
            check.ask_for_more_kinds(state.session, state.artists);
        }
    };

    // The newest first, then more in each frame: a repeat visit with
    // hundreds of releases stored draws the first ones at once.
    let drawn = RwSignal::new(FIRST_DRAWN);
    let shown: Memo<Shown> = Memo::new(move |_| {
        let today = release_check::today();
        let first_day = today.minus(window_days.get() - 1);
        let seen_before = check.seen_before_ms();
        let mut room = drawn.get();
        check.with_found(|found| {
            let mut days = Vec::new();
            let Some(found) = found else {
                return (days, false);
            };
            for (day, releases) in found.by_day(first_day, today, &kinds()) {
                if room == 0 {
                    return (days, true);
                }
                let more = releases.len() > room;
                let list: Vec<(Release, bool)> = releases
                    .into_iter()
                    .take(room)
                    .map(|r| {
                        let new = seen_before > 0.0 && r.first_seen_ms > seen_before;
                        (r.clone(), new)
                    })
                    .collect();
                room -= list.len();
                days.push((day, day_heading(day, today), list));
                if more {
                    return (days, true);
                }
            }
            (days, false)
        })
    });
    Effect::new(move |_| {
        if shown.with(|(_, more)| *more) {
            // After the frame is painted, not in it: work in an animation
            // frame callback would hold back the paint of what is drawn;
            // the first ones wait until they are on screen.
            let first = drawn.get_untracked() == FIRST_DRAWN;
            spawn_local(async move {
                if first {
                    browser::timer::after_first_timed_paint().await;
                } else {
                    browser::timer::after_next_paint().await;
                }
                // Gone (the view closed) since: nothing to draw.
                _ = drawn.try_update(|n| *n += MORE_PER_FRAME);
            });
        }
    });
    let running = move || {
        matches!(
            check.state(),
            CheckState::LoadingList
                | CheckState::Waiting
                | CheckState::Running
                | CheckState::Paused
        )
    };
    let done = move || check.state() == CheckState::Done;
    let progress = move || {
        let (checked, total) = check.counts();
        let total = if total == 0 {
            state.artists.total().get().map_or(0, |t| t as usize)
        } else {
            total
        };
        (checked, total)
    };
    let window_name = move || {
        let days = window_days.get();
        WINDOWS
            .iter()
            .find(|(d, _)| *d == days)
            .map_or("", |(_, name)| name)
    };

    view! {
        <section class="releases" aria-labelledby="releases-title">
            <div class="library-head">
                {view! { <h1 id="releases-title">"New releases"</h1> }.attr("elementtiming", "releases-view")}
                <div class="release-options">
                <label class="window">
                    "From the last "
                    <select on:change=move |ev| {
                        if let Ok(days) = event_target_value(&ev).parse() {
                            window_days.set(days);
                        }
                    }>
                        {WINDOWS
                            .map(|(days, name)| {
                                view! { <option value=days selected=days == DEFAULT_WINDOW_DAYS>{name}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="kind">
                    <input type="checkbox" prop:checked=compilations on:change=move |ev| turn_on(compilations, event_target_checked(&ev)) />
                    " Compilations"
                </label>
                <label class="kind">
                    <input type="checkbox" prop:checked=appears_on on:change=move |ev| turn_on(appears_on, event_target_checked(&ev)) />
                    " Appears on"
                </label>
                <AlertsControl />
                </div>
            </div>
            // Always in the page, shown or hidden: a live region must exist
            // before its text changes to be announced.
            <div class="check-progress" data-testid="releases-progress" role="status" hidden=move || !running()>
                <p>{move || text::checked_artists(progress().0, progress().1)}</p>
                <progress max=move || progress().1.max(1) value=move || progress().0></progress>
            </div>
            <p class="status" hidden=move || !check.unsaved()>{text::CHECK_NOT_RESUMABLE}</p>
            // Why it stopped shows in the page's one `error` element.
            <div hidden=move || check.failure().is_none()>
                <button type="button" class="primary" on:click=move |_| check.check_now(state.session, state.artists)>"Try again"</button>
            </div>
            // Keyed by what they show: a release found later is added to its
            // day, and what is on screen (and the focus in it) stays.
            <For each=move || shown.with(|(days, _)| days.iter().map(|(day, heading, _)| (*day, heading.clone())).collect::<Vec<_>>()) key=|group| group.clone() let:group>
                <h2 class="release-day">{group.1}</h2>
                <ul class="release-list">
                    <For each=move || releases_on(shown, group.0) key=|(release, new)| (release.id.clone(), *new) let:((release, new))>
                        {release_item(release, new)}
                    </For>
                </ul>
            </For>
            <p class="status" data-testid="releases-done" hidden=move || !done()>
                {text::CHECK_DONE} " "
                <button type="button" class="link" data-testid="check-now" on:click=move |_| check.check_now(state.session, state.artists)>"Check now"</button>
            </p>
            <p class="status" data-testid="releases-empty" hidden=move || !done() || shown.with(|(days, _)| !days.is_empty())>{move || text::no_releases(window_name())}</p>
        </section>
    }
}

/// What is shown of the releases: each day, its heading and its releases
/// (with whether each is new to the reader), and whether more are to come.
type Shown = (Vec<(Day, String, Vec<(Release, bool)>)>, bool);

fn releases_on(shown: Memo<Shown>, day: Day) -> Vec<(Release, bool)> {
    shown.with(|(days, _)| {
        days.iter()
            .find(|(d, _, _)| *d == day)
            .map(|(_, _, list)| list.clone())
            .unwrap_or_default()
    })
}

fn day_heading(day: Day, today: Day) -> String {
    text::day_heading(heading(day, today), |day| {
        let (year, month, date) = day.ymd();
        browser::local_weekday_date(year, month, date)
    })
}

fn release_item(release: Release, new: bool) -> impl IntoView {
    let (year, month, date) = release.day.ymd();
    let iso = format!("{year:04}-{month:02}-{date:02}");
    let kind = text::release_kind(release.kind, release.tracks);
    let artists = release.artists.join(", ");
    let link = release.link().map(str::to_string);
    let external = link.is_some();
    let cover = release.cover().map(|src| {
        let src = src.to_string();
        view! { <img loading="lazy" decoding="async" width="64" height="64" alt="" src=src /> }
    });
    view! {
        <li class="release" data-testid="release" data-album-id=release.id>
            <a class="release-card" href=link target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>
                {cover}
                <span class="release-text">
                    {view! { <span class="name" dir="auto">{release.name}</span> }.attr("elementtiming", "release")}
                    <span class="by" dir="auto">{artists}</span>
                    <span class="meta">{kind} " · " <time datetime=iso.clone()>{iso.clone()}</time></span>
                </span>
                {new.then(|| view! { <span class="new">"New"</span> })}
            </a>
        </li>
    }
}
