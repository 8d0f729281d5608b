//! Playlists and album tracks under Spotify's February 2026 rules:
//! `POST /me/playlists` creates, `PUT` and `POST /playlists/{id}/items`
//! replace and add (at most 100 `spotify:track:` URIs a request), and
//! `GET /albums/{id}/tracks` pages one album's tracks (limit 1 to 50). The
//! removed `POST /users/{id}/playlists` and `/playlists/{id}/tracks` are
//! refused, and recorded like every request.

use crate::api::{api_error, authorize, is_base62_id};
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

fn has_scope(granted: &str, wanted: &str) -> bool {
    granted.split(' ').any(|s| s == wanted)
}

/// Track `k` of album `album` (a 22-character base62 id of its own).
pub fn track_id(album: &str, k: u32) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut x: u128 = 0xcbf2_9ce4_8422_2325;
    for b in album.bytes().chain(k.to_le_bytes()) {
        x = (x ^ u128::from(b)).wrapping_mul(0x0000_0000_0100_0000_0000_0000_0000_013B);
    }
    (0..22)
        .map(|_| {
            let c = ALPHABET[(x % 62) as usize];
            x /= 62;
            if x == 0 {
                x = 0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835;
            }
            char::from(c)
        })
        .collect()
}

/// Every track URI of a release, in order.
pub fn track_uris(release: &Release) -> Vec<String> {
    (0..release.tracks)
        .map(|k| format!("spotify:track:{}", track_id(&release.id, k)))
        .collect()
}

fn find_release<'a>(inner: &'a Inner, id: &str) -> Option<&'a Release> {
    inner
        .config
        .artists
        .iter()
        .chain(inner.config.second_user.iter().flat_map(|u| &u.artists))
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
    let limit = match params.get("limit").map(|l| l.parse::<u32>()) {
        None => 20,
        Some(Ok(limit)) if (1..=50).contains(&limit) => limit,
        Some(_) => return api_error(StatusCode::BAD_REQUEST, "Invalid limit"),
    };
    let offset = match params.get("offset").map(|o| o.parse::<u32>()) {
        None => 0,
        Some(Ok(offset)) => offset,
        Some(_) => return api_error(StatusCode::BAD_REQUEST, "Invalid offset"),
    };
    let Some(release) = find_release(&inner, &id) else {
        return api_error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let base = &inner.base_url;
    let end = (offset + limit).min(release.tracks);
    let artists: Vec<Value> = release
        .artists
        .iter()
        .map(|(id, name)| {
            json!({ "id": id, "name": name, "type": "artist",
            "uri": format!("spotify:artist:{id}"),
            "href": format!("{base}/v1/artists/{id}"),
            "external_urls": { "spotify": format!("https://open.spotify.com/artist/{id}") } })
        })
        .collect();
    let items: Vec<Value> = (offset.min(end)..end)
        .map(|k| {
            let track = track_id(&release.id, k);
            json!({
                "artists": artists,
                "available_markets": [],
                "disc_number": 1,
                "duration_ms": 180_000 + k * 1_000,
                "explicit": false,
                "external_urls": { "spotify": format!("https://open.spotify.com/track/{track}") },
                "href": format!("{base}/v1/tracks/{track}"),
                "id": track,
                "is_local": false,
                "name": format!("{} {}", release.name, k + 1),
                "track_number": k + 1,
                "type": "track",
                "uri": format!("spotify:track:{track}"),
            })
        })
        .collect();
    let at = |offset: u32| format!("{base}/v1/albums/{id}/tracks?offset={offset}&limit={limit}");
    let more = end < release.tracks;
    Json(json!({
        "href": at(offset),
        "limit": limit,
        "offset": offset,
        "next": if more { json!(at(end)) } else { json!(null) },
        "previous": if offset > 0 { json!(at(offset.saturating_sub(limit))) } else { json!(null) },
        "total": release.tracks,
        "items": items,
    }))
    .into_response()
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
        "items": { "href": format!("{base}/v1/playlists/{id}/items"), "total": playlist.items.len() },
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
