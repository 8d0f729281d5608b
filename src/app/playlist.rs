//! Saving the shown releases to the reader's playlist in Spotify: the
//! playlist scope asked for on the first save (and the save going on when
//! the reader comes back), the releases' tracks asked for once each, the
//! playlist made once and its items replaced at each save, under the same
//! retry policy and pause as every other request.

use super::choices::ReleaseChoices;
use super::client::{self, Failure};
use super::release_check::ReleaseCheck;
use super::session::Session;
use crate::auth::authorize::{Purpose, PLAYLIST_SCOPE};
use crate::browser::http::Method;
use crate::config::Endpoints;
use crate::spotify::error::{ApiError, Resource};
use crate::spotify::playlist::{
    create_body, create_url, items_url, tracks_url, writes, MadePlaylist, SavedPlaylist, TrackPage,
    Write,
};
use crate::store;
use crate::text::Notice;
use leptos::{prelude::*, task::spawn_local};
use serde::de::IgnoredAny;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SaveState {
    Idle,
    /// The tab is on its way to Spotify's consent page.
    AskingConsent,
    /// Asking for the tracks of releases not seen before.
    Tracks {
        done: usize,
        of: usize,
    },
    /// Putting this many tracks into the playlist.
    Adding(usize),
    /// The playlist holds this many tracks.
    Saved(usize),
    /// The reader did not give the playlist scope.
    Refused,
}

/// What a save does first, from the scopes the tokens carry and whether
/// the profile (whose id the consent remembers) is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FirstStep {
    Save,
    AskForScope,
    /// The profile has not arrived: nothing to do yet.
    Wait,
}

pub(crate) fn first_step(has_scope: bool, knows_user: bool) -> FirstStep {
    match (has_scope, knows_user) {
        (true, _) => FirstStep::Save,
        (false, true) => FirstStep::AskForScope,
        (false, false) => FirstStep::Wait,
    }
}

/// What to do after a change of the playlist's items failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AfterRefusal {
    /// The playlist is gone (deleted in Spotify): make it again, once.
    MakeItAgain,
    GiveUp,
}

pub(crate) fn after_refusal(error: &ApiError, made_again: bool) -> AfterRefusal {
    match error {
        ApiError::Other { status: 404, .. } if !made_again => AfterRefusal::MakeItAgain,
        _ => AfterRefusal::GiveUp,
    }
}

#[derive(Clone, Copy)]
pub(crate) struct PlaylistSave {
    state: RwSignal<SaveState>,
    running: StoredValue<bool>,
    session: Session,
    check: ReleaseCheck,
    choices: ReleaseChoices,
}

impl PlaylistSave {
    pub(crate) fn new(session: Session, check: ReleaseCheck, choices: ReleaseChoices) -> Self {
        Self {
            state: RwSignal::new(SaveState::Idle),
            running: StoredValue::new(false),
            session,
            check,
            choices,
        }
    }

    pub(crate) fn state(&self) -> SaveState {
        self.state.get()
    }

    /// The reader's click, or their return with the scope granted.
    pub(crate) fn save(self) {
        let (session, check, choices) = (self.session, self.check, self.choices);
        if self.running.get_value() {
            return;
        }
        let user = session.user_id_untracked();
        match first_step(session.has_scope_untracked(PLAYLIST_SCOPE), user.is_some()) {
            FirstStep::Wait => {}
            FirstStep::AskForScope => {
                if session.ask_for_more_scope(|user_id| Purpose::SavePlaylist { user_id }) {
                    self.state.set(SaveState::AskingConsent);
                }
            }
            FirstStep::Save => {
                self.running.set_value(true);
                spawn_local(async move {
                    let stale = session.guard();
                    let outcome = self.run(session, check, choices, &stale).await;
                    self.running.set_value(false);
                    if stale() {
                        return;
                    }
                    match outcome {
                        Ok(tracks) => self.state.set(SaveState::Saved(tracks)),
                        Err(failure) => {
                            self.state.set(SaveState::Idle);
                            if let Failure::Api(error) = failure {
                                session.show(Notice::Api(error));
                            }
                        }
                    }
                });
            }
        }
    }

    /// The reader said no on Spotify's consent page.
    pub(crate) fn refused(&self) {
        self.state.set(SaveState::Refused);
    }

    pub(crate) fn reset(&self) {
        self.state.set(SaveState::Idle);
    }

    async fn run(
        self,
        session: Session,
        check: ReleaseCheck,
        choices: ReleaseChoices,
        stale: &dyn Fn() -> bool,
    ) -> Result<usize, Failure> {
        let api = Endpoints::compiled().api.clone();
        let chosen = choices.get_untracked();
        let albums = check.shown_album_ids(&chosen);
        let albums: Vec<&str> = albums.iter().map(String::as_str).collect();
        let mut kept = store::ALBUM_TRACKS.get_or_default();
        let missing = kept.missing(&albums);
        for (done, album) in missing.iter().enumerate() {
            self.state.set(SaveState::Tracks {
                done,
                of: missing.len(),
            });
            let mut tracks = Vec::new();
            let mut offset = Some(0);
            while let Some(at) = offset {
                let url = tracks_url(&api, album, at);
                let page: TrackPage =
                    client::get(session, &url, Resource::Tracks, &|_| {}, stale).await?;
                tracks.extend(page.ids().map(str::to_string));
                offset = page.next_offset(at);
            }
            kept.keep(album, tracks);
            let _ = store::ALBUM_TRACKS.save(&kept);
        }
        let uris = kept.uris(&albums);
        self.state.set(SaveState::Adding(uris.len()));
        let mut playlist = chosen.playlist.clone();
        let mut made_again = false;
        'fill: loop {
            let saved = match &playlist {
                Some(saved) => saved.clone(),
                None => {
                    let made = self
                        .make(session, &api, &chosen.playlist_name, stale)
                        .await?;
                    choices.change(|c| c.playlist = Some(made.clone()));
                    made
                }
            };
            for write in writes(&uris) {
                let url = items_url(&api, &saved.id);
                let body = write.body();
                let method = match write {
                    Write::Replace(_) => Method::Put(&body),
                    Write::Add(_) => Method::Post(&body),
                };
                let sent: Result<IgnoredAny, Failure> =
                    client::send(session, method, &url, Resource::Playlist, &|_| {}, stale).await;
                match sent {
                    Ok(_) => {}
                    Err(Failure::Api(error)) => match after_refusal(&error, made_again) {
                        AfterRefusal::MakeItAgain => {
                            made_again = true;
                            playlist = None;
                            continue 'fill;
                        }
                        AfterRefusal::GiveUp => return Err(Failure::Api(error)),
                    },
                    Err(other) => return Err(other),
                }
            }
            // Releases out of every window go; their tracks with them.
            kept.keep_only(|album| check.knows(album));
            let _ = store::ALBUM_TRACKS.save(&kept);
            return Ok(uris.len());
        }
    }

    async fn make(
        &self,
        session: Session,
        api: &str,
        name: &str,
        stale: &dyn Fn() -> bool,
    ) -> Result<SavedPlaylist, Failure> {
        let body = create_body(name);
        let made: MadePlaylist = client::send(
            session,
            Method::Post(&body),
            &create_url(api),
            Resource::Playlist,
            &|_| {},
            stale,
        )
        .await?;
        made.saved()
            .ok_or(Failure::Api(ApiError::Unreadable(Resource::Playlist)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_without_the_scope_goes_to_consent_never_to_a_403() {
        assert_eq!(first_step(true, true), FirstStep::Save);
        assert_eq!(first_step(true, false), FirstStep::Save);
        assert_eq!(first_step(false, true), FirstStep::AskForScope);
        assert_eq!(first_step(false, false), FirstStep::Wait);
    }

    #[test]
    fn a_deleted_playlist_is_made_again_once() {
        let gone = ApiError::Other {
            status: 404,
            message: String::new(),
        };
        assert_eq!(after_refusal(&gone, false), AfterRefusal::MakeItAgain);
        assert_eq!(after_refusal(&gone, true), AfterRefusal::GiveUp);
        assert_eq!(
            after_refusal(&ApiError::Server { status: 502 }, false),
            AfterRefusal::GiveUp
        );
    }
}
