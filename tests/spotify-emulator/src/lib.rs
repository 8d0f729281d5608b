//! A strict stand-in for Spotify's accounts service and Web API, for the
//! app's end-to-end tests and its demo mode. It rejects what Spotify rejects
//! and can be told to misbehave like Spotify does on a bad day.

mod accounts;
mod api;
pub mod artists;
mod faults;
mod gate;
mod gzip;
pub mod library;
pub mod playlists;
mod png;
pub mod releases;
mod state;

pub use artists::{sample_artists, Artist};
pub use faults::Fault;
pub use library::{sample_library, Library, SavedAlbum, SavedTrack};
pub use state::{Account, Config, RecordedRequest, DEMO_CLIENT_ID};

use axum::{
    routing::{any, get, post},
    Router,
};
use state::Shared;
use std::net::SocketAddr;
use std::time::Instant;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};

/// A running emulator. Dropping it stops the server.
pub struct Emulator {
    addr: SocketAddr,
    shared: Shared,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

fn router(shared: Shared) -> Router {
    Router::new()
        .route("/authorize", get(accounts::authorize))
        .route("/authorize/decision", post(accounts::decision))
        .route("/api/token", post(accounts::token))
        .route("/v1/me", get(api::me))
        .route("/v1/me/following", get(api::following))
        .route("/v1/me/tracks", get(library::saved_tracks))
        .route("/v1/me/albums", get(library::saved_albums))
        .route("/v1/search", get(library::search))
        .route("/v1/artists/{id}/albums", get(api::albums))
        .route("/v1/albums/{id}/tracks", get(playlists::album_tracks))
        .route("/v1/me/playlists", post(playlists::create))
        .route(
            "/v1/playlists/{id}/items",
            axum::routing::put(playlists::items).post(playlists::items),
        )
        .route("/v1/users/{id}/playlists", any(playlists::removed))
        .route("/v1/playlists/{id}/tracks", any(playlists::removed))
        .route("/images/{name}", get(api::image))
        .route("/test/release-now", post(control_release_now))
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            gate::gate,
        ))
        .layer(axum::middleware::from_fn(gzip::gzip))
        .with_state(shared)
}

impl Emulator {
    /// Serves on `addr`; port 0 picks a free one.
    pub async fn start(config: Config, addr: SocketAddr) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shared = Shared::new(config, format!("http://{addr}"));
        let (stop, stopped) = oneshot::channel::<()>();
        let app = router(shared.clone());
        let task = tokio::spawn(async move {
            let server = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(error) = server.await {
                eprintln!("spotify-emulator: {error}");
            }
        });
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// On a random loopback port.
    pub async fn start_local(config: Config) -> std::io::Result<Self> {
        Self::start(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The accounts base (`/authorize`, `/api/token` under it).
    pub fn accounts_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The Web API base (`/me` under it).
    pub fn api_url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.lock().requests.clone()
    }

    /// Requests with this method and exact path.
    pub fn requests_to(&self, method: &str, path: &str) -> Vec<RecordedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path == path)
            .collect()
    }

    /// How many requests with this method and path have arrived, answered
    /// or not (a slowed answer is still on its way).
    pub fn arrivals(&self, method: &str, path: &str) -> usize {
        self.shared
            .lock()
            .arrivals
            .iter()
            .filter(|(m, p)| m == method && p == path)
            .count()
    }

    pub fn inject(&self, fault: Fault) {
        self.shared.lock().faults.push(fault);
    }

    pub fn clear_faults(&self) {
        self.shared.lock().faults.clear();
    }

    /// Every access token issued so far stops working now.
    pub fn expire_access_tokens(&self) {
        let now = Instant::now();
        for grant in self.shared.lock().access_tokens.values_mut() {
            grant.expires = now;
        }
    }

    /// Every refresh token issued so far is revoked (as after six months).
    pub fn revoke_refresh_tokens(&self) {
        for grant in self.shared.lock().refresh_tokens.values_mut() {
            grant.revoked = true;
        }
    }

    /// Every access token issued so far, for asserting none leaked into a URL.
    pub fn issued_access_tokens(&self) -> Vec<String> {
        self.shared.lock().access_tokens.keys().cloned().collect()
    }

    /// From now on the consent page logs in `Config::second_user` (or, with
    /// `false`, the configured user again), as when someone else signs in
    /// to Spotify in this browser.
    pub fn sign_in_as_second_user(&self, second: bool) {
        self.shared.lock().signed_in = usize::from(second);
    }

    /// The test control for news: the configured artist `artist` (an index)
    /// puts out a single today, album `id` named `name`. Also
    /// `POST /test/release-now?artist=<index>&id=<album id>&name=<name>`.
    pub fn release_now(&self, artist: usize, id: &str, name: &str) {
        release_now(&mut self.shared.lock().config, artist, id, name);
    }

    /// Every playlist made through the API, deleted ones too.
    pub fn playlists(&self) -> Vec<playlists::Playlist> {
        self.shared.lock().playlists.clone()
    }

    /// The owner deletes playlist `id` in Spotify.
    pub fn delete_playlist(&self, id: &str) {
        for playlist in &mut self.shared.lock().playlists {
            if playlist.id == id {
                playlist.deleted = true;
            }
        }
    }

    pub fn update_config(&self, change: impl FnOnce(&mut Config)) {
        change(&mut self.shared.lock().config);
    }

    pub async fn stop(mut self) {
        self.shutdown();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Stops at once, without waiting for open connections, and returns
    /// once the port is free for the next emulator.
    pub async fn halt(mut self) {
        self.shutdown();
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        self.shutdown();
        if let Some(task) = self.task.take() {
            // Without this the listener could outlive the test that dropped it.
            task.abort();
        }
    }
}

fn release_now(config: &mut Config, artist: usize, id: &str, name: &str) -> bool {
    let Some(artist) = config.artists.get_mut(artist) else {
        return false;
    };
    let credit = (artist.id.clone(), artist.name.clone());
    artist.releases.push(releases::Release {
        id: id.into(),
        name: name.into(),
        album_type: "single",
        group: "single",
        released: releases::Released::DaysAgo(0),
        tracks: 1,
        artists: vec![credit],
    });
    true
}

/// `POST /test/release-now?artist=<index>&id=<album id>&name=<name>`, for
/// trying alerts by hand in `make dev`'s demo.
async fn control_release_now(
    axum::extract::State(shared): axum::extract::State<Shared>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::http::StatusCode {
    let artist = query
        .get("artist")
        .and_then(|a| a.parse().ok())
        .unwrap_or(0);
    let id = query
        .get("id")
        .cloned()
        .unwrap_or_else(|| "0NewReleaseFromTheDemo".into());
    let name = query
        .get("name")
        .cloned()
        .unwrap_or_else(|| "Brand New Single".into());
    if release_now(&mut shared.lock().config, artist, &id, &name) {
        axum::http::StatusCode::NO_CONTENT
    } else {
        axum::http::StatusCode::NOT_FOUND
    }
}
