//! New releases from the artists you follow: the last weeks' albums, EPs
//! and singles (as the reader chose), newest first, grouped by day, as the
//! check finds them; muting an artist hides theirs.

use super::alerts::AlertsControl;
use super::home::Home;
use super::playlist::SavePlaylist;
use crate::app::choices::ReleaseChoices;
use crate::app::release_check::{self, CheckState};
use crate::app::AppState;
use crate::browser;
use crate::releases::{
    choices::{KINDS, WINDOWS},
    day::Day,
    found::{heading, Kind, Release},
};
use crate::text;
use leptos::{prelude::*, task::spawn_local};

/// Releases drawn at first (more than a tall screen holds: a release is
/// 88 px high), and more in each frame after.
const FIRST_DRAWN: usize = 16;
const MORE_PER_FRAME: usize = 40;

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
    check.open();
    state.alerts.seen();
    on_cleanup(move || check.close());
    let choices = state.choices;
    if choices.get_untracked().needs_more_groups() {
        check.ask_for_more_kinds();
    }
    let show_kind = move |kind: Kind, shown: bool| {
        choices.change(|c| c.set_kind(kind, shown));
        if shown && choices.get_untracked().needs_more_groups() {
            check.ask_for_more_kinds();
        }
    };

    // The newest first, then more in each frame: a repeat visit with
    // hundreds of releases stored draws the first ones at once.
    let drawn = RwSignal::new(FIRST_DRAWN);
    let shown: Memo<Shown> = Memo::new(move |_| {
        let today = release_check::today();
        let seen_before = check.seen_before_ms();
        let mut room = drawn.get();
        choices.with(|choices| {
            check.with_found(|found| {
                let mut days = Vec::new();
                let Some(found) = found else {
                    return (days, false);
                };
                let first_day = today.minus(choices.window_days - 1);
                for (day, releases) in found.by_day(first_day, today, |r| choices.shows(r)) {
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
    let window_name = move || text::window_name(choices.with(|c| c.window_days));
    let muted = move || choices.with(|c| c.muted.clone());

    view! {
        <section class="releases" aria-labelledby="releases-title">
            <div class="library-head">
                {view! { <h1 id="releases-title">{text::RELEASES}</h1> }.attr("elementtiming", "releases-view")}
                <div class="release-options">
                <label class="window">
                    {text::WINDOW}
                    <select on:change=move |ev| {
                        if let Ok(days) = event_target_value(&ev).parse() {
                            choices.change(|c| c.window_days = days);
                        }
                    }>
                        {WINDOWS
                            .map(|days| {
                                let selected = move || choices.with(|c| c.window_days == days);
                                view! { <option value=days selected=selected>{text::window_name(days)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <fieldset class="kinds">
                    <legend class="visually-hidden">{text::KINDS_SHOWN}</legend>
                    {KINDS
                        .map(|kind| {
                            view! {
                                <label class="kind">
                                    <input
                                        type="checkbox"
                                        data-kind=kind.hook()
                                        prop:checked=move || choices.with(|c| c.shows_kind(kind))
                                        on:change=move |ev| show_kind(kind, event_target_checked(&ev))
                                    />
                                    " " {text::kind_choice(kind)}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <label class="kind">
                    <input
                        type="checkbox"
                        data-testid="hide-versions"
                        prop:checked=move || choices.with(|c| c.hide_other_versions)
                        on:change=move |ev| {
                            let hide = event_target_checked(&ev);
                            choices.change(|c| c.hide_other_versions = hide);
                        }
                    />
                    " " {text::HIDE_OTHER_VERSIONS}
                </label>
                <AlertsControl />
                <SavePlaylist />
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
                <button type="button" class="primary" on:click=move |_| check.check_now()>{text::TRY_AGAIN}</button>
            </div>
            // Keyed by what they show: a release found later is added to its
            // day, and what is on screen (and the focus in it) stays.
            <For each=move || shown.with(|(days, _)| days.iter().map(|(day, heading, _)| (*day, heading.clone())).collect::<Vec<_>>()) key=|group| group.clone() let:group>
                <h2 class="release-day">{group.1}</h2>
                <ul class="release-list">
                    <For each=move || releases_on(shown, group.0) key=|(release, new)| (release.id.clone(), *new) let:((release, new))>
                        {release_item(release, new, choices)}
                    </For>
                </ul>
            </For>
            <p class="status" data-testid="releases-done" hidden=move || !done()>
                {text::CHECK_DONE} " "
                <button type="button" class="link" data-testid="check-now" on:click=move |_| check.check_now()>{text::CHECK_NOW}</button>
            </p>
            <p class="status" data-testid="releases-empty" hidden=move || !done() || shown.with(|(days, _)| !days.is_empty())>{move || text::no_releases(window_name())}</p>
            <section class="muted" aria-labelledby="muted-title" hidden=move || muted().is_empty()>
                <h2 id="muted-title">{text::MUTED_ARTISTS}</h2>
                <p>{text::MUTED_WHAT}</p>
                <ul>
                    <For each=muted key=|artist| artist.id.clone() let:artist>
                        <li>
                            <span dir="auto">{artist.name.clone()}</span> " "
                            <button type="button" class="link" data-testid="unmute" data-artist-id=artist.id.clone() on:click=move |_| {
                                let id = artist.id.clone();
                                choices.change(|c| c.unmute(&id));
                            }>{text::UNMUTE}</button>
                        </li>
                    </For>
                </ul>
            </section>
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

fn release_item(release: Release, new: bool, choices: ReleaseChoices) -> impl IntoView {
    let (year, month, date) = release.day.ymd();
    let iso = format!("{year:04}-{month:02}-{date:02}");
    let kind = text::release_kind(release.kind, release.tracks);
    let artists = release.artist_names().join(", ");
    // One control per followed artist on it whose id the check kept.
    let mutes = release
        .artists
        .iter()
        .filter_map(|artist| Some((artist.id.clone()?, artist.name.clone())))
        .map(|(id, name)| {
            let label = text::mute(&name);
            view! {
                <button type="button" class="link mute" data-testid="mute" data-artist-id=id.clone() on:click=move |_| {
                    choices.change(|c| c.mute(&id, &name));
                }>{label}</button>
            }
        })
        .collect_view();
    let link = release.link().map(str::to_string);
    let external = link.is_some();
    let cover = release.cover().map(|src| {
        let src = src.to_string();
        view! { <img loading="lazy" decoding="async" width="64" height="64" alt="" src=src /> }
    });
    view! {
        <li class="release" data-testid="release" data-album-id=release.id data-kind=release.kind.hook()>
            <a class="release-card" href=link target=external.then_some("_blank") rel=external.then_some("noopener noreferrer")>
                {cover}
                <span class="release-text">
                    {view! { <span class="name" dir="auto">{release.name}</span> }.attr("elementtiming", "release")}
                    <span class="by" dir="auto">{artists}</span>
                    <span class="meta">{kind} " · " <time datetime=iso.clone()>{iso.clone()}</time></span>
                </span>
                {new.then(|| view! { <span class="new">{text::NEW}</span> })}
            </a>
            <div class="release-actions">{mutes}</div>
        </li>
    }
}
