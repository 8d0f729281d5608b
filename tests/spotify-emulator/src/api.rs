//! The Web API: Bearer-only access to `/v1/me` and `/v1/me/following`, plus
//! the artist images the emulated data points at.

use crate::releases;
use crate::state::{Inner, Shared};
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;

/// A Spotify ID as Spotify checks it: 22 base-62 characters.
pub(crate) fn is_base62_id(id: &str) -> bool {
    id.len() == 22 && id.bytes().all(|b| b.is_ascii_alphanumeric())
}

pub(crate) fn api_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        Json(json!({ "error": { "status": status.as_u16(), "message": message } })),
    )
        .into_response()
}

/// Whether a token's space-separated `granted` scope includes `wanted`.
pub(crate) fn has_scope(granted: &str, wanted: &str) -> bool {
    granted.split(' ').any(|s| s == wanted)
}

/// Checks the Bearer token and returns its scope and user, or the 401
/// message. A token anywhere else (a URL) counts as none.
pub(crate) fn authorize(
    inner: &Inner,
    headers: &HeaderMap,
) -> Result<(String, usize), &'static str> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .filter(|t| !t.is_empty())
        .ok_or("No token provided")?;
    let grant = inner
        .access_tokens
        .get(token)
        .ok_or("Invalid access token")?;
    if Instant::now() >= grant.expires {
        return Err("The access token expired");
    }
    Ok((grant.scope.clone(), grant.user))
}

pub(crate) async fn me(State(shared): State<Shared>, headers: HeaderMap) -> Response {
    let inner = shared.lock();
    let user = match authorize(&inner, &headers) {
        Ok((_, user)) => user,
        Err(message) => return api_error(StatusCode::UNAUTHORIZED, message),
    };
    let (id, display_name, _) = inner.account(user);
    // Development-mode apps in 2026: no email, country, product or followers.
    Json(json!({
        "display_name": display_name,
        "external_urls": { "spotify": format!("https://open.spotify.com/user/{id}") },
        "href": format!("{}/v1/users/{id}", inner.base_url),
        "id": id,
        "images": [],
        "type": "user",
        "uri": format!("spotify:user:{id}"),
    }))
    .into_response()
}

pub(crate) async fn following(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let inner = shared.lock();
    let (scope, user) = match authorize(&inner, &headers) {
        Ok(granted) => granted,
        Err(message) => return api_error(StatusCode::UNAUTHORIZED, message),
    };
    if !has_scope(&scope, "user-follow-read") {
        return api_error(StatusCode::FORBIDDEN, "Insufficient client scope");
    }
    if params.get("type").map(String::as_str) != Some("artist") {
        return api_error(
            StatusCode::BAD_REQUEST,
            "Invalid type parameter: must be artist",
        );
    }
    let limit = match params.get("limit").map(|l| l.parse::<usize>()) {
        None => 20,
        Some(Ok(limit)) if (1..=50).contains(&limit) => limit,
        Some(_) => return api_error(StatusCode::BAD_REQUEST, "Invalid limit"),
    };
    let (_, _, artists) = inner.account(user);
    let start = match params.get("after") {
        None => 0,
        Some(after) => match artists.iter().position(|a| &a.id == after) {
            Some(i) => i + 1,
            None => return api_error(StatusCode::BAD_REQUEST, "Invalid cursor"),
        },
    };
    let page = &artists[start.min(artists.len())..(start + limit).min(artists.len())];
    let base = &inner.base_url;
    let last = page.last().map(|a| a.id.clone());
    let more = start + page.len() < artists.len();
    let href = match params.get("after") {
        Some(after) => format!("{base}/v1/me/following?type=artist&after={after}&limit={limit}"),
        None => format!("{base}/v1/me/following?type=artist&limit={limit}"),
    };
    let next = match (&last, more) {
        (Some(id), true) => json!(format!(
            "{base}/v1/me/following?type=artist&after={id}&limit={limit}"
        )),
        _ => json!(null),
    };
    Json(json!({
        "artists": {
            "href": href,
            "limit": limit,
            "next": next,
            "cursors": { "after": if more { json!(last) } else { json!(null) } },
            "total": artists.len(),
            "items": page.iter().map(|a| a.to_json(base)).collect::<Vec<_>>(),
        }
    }))
    .into_response()
}

pub(crate) async fn albums(
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
    let groups = match releases::parse_groups(params.get("include_groups").map(String::as_str)) {
        Ok(groups) => groups,
        Err(message) => return api_error(StatusCode::BAD_REQUEST, message),
    };
    // Development-mode apps since 2026: at most 10 a page.
    let limit = match params.get("limit").map(|l| l.parse::<usize>()) {
        None => 10,
        Some(Ok(limit)) if (1..=10).contains(&limit) => limit,
        Some(_) => return api_error(StatusCode::BAD_REQUEST, "Invalid limit"),
    };
    let offset = match params.get("offset").map(|o| o.parse::<usize>()) {
        None => 0,
        Some(Ok(offset)) if offset <= 1000 => offset,
        Some(_) => return api_error(StatusCode::BAD_REQUEST, "Invalid offset"),
    };
    let Some(artist) = inner.everyone().find(|a| a.id == id) else {
        return api_error(StatusCode::NOT_FOUND, "Resource not found");
    };
    let listed = releases::listed(&artist.releases, &groups);
    let base = &inner.base_url;
    let page = &listed[offset.min(listed.len())..(offset + limit).min(listed.len())];
    let include = groups.join(",");
    let at = |offset: usize| {
        format!(
            "{base}/v1/artists/{id}/albums?offset={offset}&limit={limit}&include_groups={include}"
        )
    };
    let more = offset + page.len() < listed.len();
    Json(json!({
        "href": at(offset),
        "limit": limit,
        "offset": offset,
        "next": if more { json!(at(offset + limit)) } else { json!(null) },
        "previous": if offset > 0 { json!(at(offset.saturating_sub(limit))) } else { json!(null) },
        "total": listed.len(),
        "items": page.iter().map(|r| r.to_json(base)).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// A small square picture whose colours come from its name. Raster, as on
/// Spotify's image host: SVG artwork would cost the browser far more.
pub(crate) async fn image(Path(name): Path<String>) -> Response {
    let hash = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let [r, g, b, _] = hash.to_le_bytes();
    let bg = [r / 2 + 40, g / 2 + 40, b / 2 + 40];
    let fg = [r / 4 + 180, g / 4 + 180, b / 4 + 180];
    let png = crate::png::disc(32, bg, fg);
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "max-age=86400"),
        ],
        png,
    )
        .into_response()
}
