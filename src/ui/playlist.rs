//! The releases view's Save to Spotify control (`save-playlist`): the
//! shown releases into the reader's playlist, what the save is doing, and
//! a link to the playlist (`playlist-link`) once there is one.

use crate::app::playlist::SaveState;
use crate::app::AppState;
use crate::spotify::model::SPOTIFY_SITE;
use crate::text;
use leptos::prelude::*;

#[component]
pub(crate) fn SavePlaylist() -> impl IntoView {
    let state = expect_context::<AppState>();
    let save = state.playlist;
    let choices = state.choices;
    let busy = move || {
        matches!(
            save.state(),
            SaveState::AskingConsent | SaveState::Tracks { .. } | SaveState::Adding(_)
        )
    };
    let status = move || match save.state() {
        SaveState::Idle | SaveState::AskingConsent => None,
        SaveState::Tracks { done, of } => Some(text::getting_tracks(done, of)),
        SaveState::Adding(tracks) => Some(text::adding_tracks(tracks)),
        SaveState::Saved(tracks) => Some(text::saved_tracks(tracks)),
        SaveState::Refused => Some(text::PLAYLIST_SCOPE_REFUSED.to_string()),
    };
    // Read back from storage, which any page of the origin can write.
    let link = move || {
        choices.with(|c| {
            c.playlist
                .as_ref()
                .and_then(|p| p.url.clone())
                .filter(|url| url.starts_with(SPOTIFY_SITE))
        })
    };
    let name = move || choices.with(|c| c.playlist_name.clone());
    view! {
        <div class="save-playlist">
            <button
                type="button"
                data-testid="save-playlist"
                title=text::SAVE_PLAYLIST_WHAT
                disabled=busy
                on:click=move |_| state.save_playlist()
            >
                {text::SAVE_PLAYLIST}
            </button>
            // The name is given when the playlist is made; after that it is
            // the reader's to change in Spotify, where it shows.
            {move || choices.with(|c| c.playlist.is_none()).then(|| view! {
                <label class="playlist-name">
                    {text::PLAYLIST_NAME} " "
                    <input
                        type="text"
                        maxlength="100"
                        prop:value=name
                        on:change=move |ev| {
                            let name = event_target_value(&ev);
                            choices.change(|c| c.playlist_name = name);
                        }
                    />
                </label>
            })}
            <p class="playlist-status" role="status">{status}</p>
            {move || link().map(|href| view! {
                <a class="playlist-link" data-testid="playlist-link" href=href target="_blank" rel="noopener noreferrer">
                    {text::OPEN_PLAYLIST}
                </a>
            })}
        </div>
    }
}
