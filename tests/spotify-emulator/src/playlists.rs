//! Playlists and album tracks under Spotify's February 2026 rules:
//! `POST /me/playlists` creates, `PUT` and `POST /playlists/{id}/items`
//! replace and add (at most 100 `spotify:track:` URIs a request), and
//! `GET /albums/{id}/tracks` pages one album's tracks (limit 1 to 50). The
//! removed `POST /users/{id}/playlists` and `/playlists/{id}/tracks` are
//! refused, and recorded like every request.

use crate::api::{api_error, authorize, has_scope, is_base62_id};
use crate::library::{page_of, paging};
use crate::releases::Release;
use crate::state::{random_token, Inner, Shared};
use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, Method, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};
use std::collections::HashMap;

/// A playlist as the emulator keeps it.
#[derive(Clone, Debug, PartialEq)]
pub struct Playlist {
    pub id: String,
    /// 0 the configured user, 1 the second.
    pub owner: usize,
    pub name: String,
    pub public: bool,
    /// Track URIs, in order.
    pub items: Vec<String>,
    /// Deleted in Spotify (by its owner): gone for the API.
    pub deleted: bool,
}

/// The scope a change to a playlist of this visibility needs.
fn scope_for(public: bool) -> &'static str {
    if public {
        "playlist-modify-public"
    } else {
        "playlist-modify-private"
    }
}

pub use crate::releases::track_id;

/// Every track URI of a release, in order.
pub fn track_uris(release: &Release) -> Vec<String> {
    (0..release.tracks)
        .map(|k| format!("spotify:track:{}", track_id(&release.id, k)))
        .collect()
}

fn find_release<'a>(inner: &'a Inner, id: &str) -> Option<&'a Release> {
    inner
        .everyone()
        .flat_map(|a| &a.releases)
        .find(|r| r.id == id)
}

pub(crate) async fn album_tracks(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let inner = shared.lock();
    if let Err(message) = authorize(&inner, &headers) {
        return api_error(StatusCode::UNAUTHORIZED, message);
    }
    if !is_base62_id(&id) {
        return api_error(StatusCode::BAD_REQUEST, "Invalid base62 id");
    }
    let (limit, offset) = match page_of(&params, 50) {
        Ok(page) => page,
        Err((status, message)) => return api_error(status, message),
    };
    let Some(release) = find_release(&inner, &id) else {
        return api_error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let total = release.tracks as usize;
    let items = (offset.min(total)..offset.saturating_add(limit).min(total))
        .map(|k| release.track_json(&inner.base_url, k as u32, &release.artists))
        .collect();
    let href = format!("{}/v1/albums/{id}/tracks", inner.base_url);
    Json(paging(&href, offset, limit, total, items)).into_response()
}

fn playlist_json(inner: &Inner, playlist: &Playlist) -> Value {
    let base = &inner.base_url;
    let (owner, name, _) = inner.account(playlist.owner);
    let id = &playlist.id;
    json!({
        "collaborative": false,
        "description": "",
        "external_urls": { "spotify": format!("https://open.spotify.com/playlist/{id}") },
        "href": format!("{base}/v1/playlists/{id}"),
        "id": id,
        "images": [],
        "name": playlist.name,
        "owner": {
            "display_name": name,
            "external_urls": { "spotify": format!("https://open.spotify.com/user/{owner}") },
            "href": format!("{base}/v1/users/{owner}"),
            "id": owner,
            "type": "user",
            "uri": format!("spotify:user:{owner}"),
        },
        "public": playlist.public,
        "snapshot_id": snapshot(playlist),
        // The full object's page of items (a simplified playlist has only
        // `href` and `total`); one made just now has none yet.
        "items": paging(
            &format!("{base}/v1/playlists/{id}/items"),
            0,
            100,
            playlist.items.len(),
            Vec::new(),
        ),
        "type": "playlist",
        "uri": format!("spotify:playlist:{id}"),
    })
}

fn snapshot(playlist: &Playlist) -> String {
    format!("{}-{}", playlist.id, playlist.items.len())
}

fn json_body(body: &Bytes) -> Option<Value> {
    serde_json::from_slice::<Value>(body)
        .ok()
        .filter(Value::is_object)
}

pub(crate) async fn create(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut inner = shared.lock();
    let (scope, user) = match authorize(&inner, &headers) {
        Ok(granted) => granted,
        Err(message) => return api_error(StatusCode::UNAUTHORIZED, message),
    };
    let Some(body) = json_body(&body) else {
        return api_error(StatusCode::BAD_REQUEST, "Error parsing JSON.");
    };
    let Some(name) = body["name"].as_str().filter(|n| !n.trim().is_empty()) else {
        return api_error(StatusCode::BAD_REQUEST, "Missing required field: name");
    };
    // Spotify makes a playlist public unless told otherwise.
    let public = body["public"].as_bool().unwrap_or(true);
    if !has_scope(&scope, scope_for(public)) {
        return api_error(StatusCode::FORBIDDEN, "Insufficient client scope");
    }
    let playlist = Playlist {
        id: random_token(22),
        owner: user,
        name: name.to_string(),
        public,
        items: Vec::new(),
        deleted: false,
    };
    let answer = playlist_json(&inner, &playlist);
    inner.playlists.push(playlist);
    (StatusCode::CREATED, Json(answer)).into_response()
}

/// `PUT` (replace) or `POST` (add) `/playlists/{id}/items`.
pub(crate) async fn items(
    State(shared): State<Shared>,
    method: Method,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut inner = shared.lock();
    let (scope, user) = match authorize(&inner, &headers) {
        Ok(granted) => granted,
        Err(message) => return api_error(StatusCode::UNAUTHORIZED, message),
    };
    let Some(index) = inner
        .playlists
        .iter()
        .position(|p| p.id == id && !p.deleted)
    else {
        return api_error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let playlist = &inner.playlists[index];
    if !has_scope(&scope, scope_for(playlist.public)) {
        return api_error(StatusCode::FORBIDDEN, "Insufficient client scope");
    }
    if playlist.owner != user {
        return api_error(
            StatusCode::FORBIDDEN,
            "You cannot change another user's playlist",
        );
    }
    let Some(body) = json_body(&body) else {
        return api_error(StatusCode::BAD_REQUEST, "Error parsing JSON.");
    };
    let Some(uris) = body["uris"].as_array() else {
        return api_error(StatusCode::BAD_REQUEST, "Missing required field: uris");
    };
    if uris.len() > 100 {
        return api_error(
            StatusCode::BAD_REQUEST,
            "You can add a maximum of 100 tracks per request.",
        );
    }
    let mut added = Vec::with_capacity(uris.len());
    for uri in uris {
        let track = uri.as_str().and_then(|u| u.strip_prefix("spotify:track:"));
        match track {
            Some(track) if is_base62_id(track) => added.push(format!("spotify:track:{track}")),
            _ => return api_error(StatusCode::BAD_REQUEST, "Invalid track uri"),
        }
    }
    let playlist = &mut inner.playlists[index];
    if method == Method::PUT {
        playlist.items = added;
    } else {
        if body.get("position").is_some() {
            // Not needed by the app: the emulator does not model it.
            return api_error(StatusCode::BAD_REQUEST, "position is not supported here");
        }
        playlist.items.extend(added);
    }
    let status = if method == Method::PUT {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    (status, Json(json!({ "snapshot_id": snapshot(playlist) }))).into_response()
}

/// The endpoints Spotify removed in February 2026.
pub(crate) async fn removed() -> Response {
    api_error(
        StatusCode::GONE,
        "This endpoint was removed. Use POST /me/playlists and /playlists/{id}/items.",
    )
}
