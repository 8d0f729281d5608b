//! A listener's library and search as Spotify has them since February 2026:
//! `GET /me/tracks` and `GET /me/albums` page by `offset` (limit 1 to 50,
//! newest saves first) and need `user-library-read`; `GET /search` finds
//! artists by name with `limit` 1 to 10. Answers carry the fields Spotify's
//! reference gives, less those development-mode apps no longer get
//! (`popularity`, `label`, `external_ids`, `available_markets` empty).

use crate::api::{api_error, authorize, has_scope};
use crate::artists::Artist;
use crate::releases::{civil, track_id, Release};
use crate::state::{Inner, Shared};
use axum::{
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

/// A saved song: track `number` (from 0) of `album`, credited to the
/// album's artists and then `featuring`.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedTrack {
    pub album: Release,
    pub number: u32,
    pub featuring: Vec<(String, String)>,
    /// When it was saved, in minutes before now.
    pub minutes_ago: u64,
}

/// A saved album.
#[derive(Clone, Debug, PartialEq)]
pub struct SavedAlbum {
    pub album: Release,
    pub minutes_ago: u64,
}

/// What a listener saved, each list newest first as Spotify answers it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Library {
    pub tracks: Vec<SavedTrack>,
    pub albums: Vec<SavedAlbum>,
}

impl SavedTrack {
    pub fn id(&self) -> String {
        track_id(&self.album.id, self.number)
    }

    /// Every credited artist, `(id, name)`, album artists first.
    pub fn artists(&self) -> Vec<(String, String)> {
        let mut credits = self.album.artists.clone();
        credits.extend(self.featuring.iter().cloned());
        credits
    }
}

/// `minutes_ago` as Spotify writes `added_at`: `2026-12-07T09:15:00Z`.
fn timestamp(minutes_ago: u64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let at = now.saturating_sub(minutes_ago * 60);
    let (y, m, d) = civil((at / 86_400) as i64);
    let seconds = at % 86_400;
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A library for tests and the demo, over `artists`' own releases: `tracks`
/// songs and `albums` albums, no song twice. Artist `k` of `n` gets about
/// `sqrt((k+1)/n) - sqrt(k/n)` of the saves, so the first artists are saved
/// most and a long tail once or twice. Every fifth song also credits the
/// next artist.
pub fn sample_library(artists: &[Artist], tracks: usize, albums: usize) -> Library {
    let n = artists.len();
    let room: Vec<u32> = artists
        .iter()
        .map(|a| a.releases.iter().map(|r| r.tracks).sum())
        .collect();
    let mut used = vec![0u32; n];
    // A golden-ratio walk: evenly spread and the same on every run.
    let place = |i: usize| {
        let u = (i as f64 * 0.618_033_988_749_895).fract();
        ((u * u) * n as f64) as usize
    };
    let mut saved = Vec::with_capacity(tracks);
    let mut i = 0;
    while saved.len() < tracks && used.iter().zip(&room).any(|(u, r)| u < r) {
        let mut k = place(i) % n.max(1);
        while used[k] >= room[k] {
            k = (k + 1) % n;
        }
        let mut c = used[k];
        used[k] += 1;
        let mut album = None;
        for release in &artists[k].releases {
            if c < release.tracks {
                album = Some(release.clone());
                break;
            }
            c -= release.tracks;
        }
        if let Some(album) = album {
            let featuring = match artists.get(k + 1) {
                Some(next) if saved.len() % 5 == 4 => vec![(next.id.clone(), next.name.clone())],
                _ => Vec::new(),
            };
            saved.push(SavedTrack {
                album,
                number: c,
                featuring,
                minutes_ago: 60 * saved.len() as u64 + 5,
            });
        }
        i += 1;
    }
    let mut taken = vec![0usize; n];
    let mut kept = Vec::with_capacity(albums);
    for i in 0..albums * 20 {
        if kept.len() == albums || n == 0 {
            break;
        }
        let k = place(i) % n;
        if let Some(album) = artists[k].releases.get(taken[k]) {
            taken[k] += 1;
            kept.push(SavedAlbum {
                album: album.clone(),
                minutes_ago: 90 * kept.len() as u64 + 7,
            });
        }
    }
    Library {
        tracks: saved,
        albums: kept,
    }
}

/// A saved album: the full object, with its first page of tracks.
fn full_album_json(base: &str, album: &Release) -> Value {
    let mut value = album.to_json(base);
    let tracks = (0..album.tracks.min(50))
        .map(|k| album.track_json(base, k, &album.artists))
        .collect();
    let href = format!("{base}/v1/albums/{}/tracks", album.id);
    value["tracks"] = paging(&href, 0, 50, album.tracks as usize, tracks);
    value["copyrights"] = json!([]);
    value["genres"] = json!([]);
    value
}

/// A saved song: the full track object, with its album.
fn full_track_json(base: &str, saved: &SavedTrack) -> Value {
    let mut value = saved.album.track_json(base, saved.number, &saved.artists());
    value["album"] = saved.album.to_json(base);
    value["preview_url"] = json!(null);
    value
}

/// Why a request is refused: its status and Spotify's message.
pub(crate) type Refusal = (StatusCode, &'static str);

fn answer(result: Result<Value, Refusal>) -> Response {
    match result {
        Ok(value) => Json(value).into_response(),
        Err((status, message)) => api_error(status, message),
    }
}

/// `limit` (1 to `most`, 20 unless given) and `offset`, as Spotify checks them.
pub(crate) fn page_of(
    params: &HashMap<String, String>,
    most: usize,
) -> Result<(usize, usize), Refusal> {
    let limit = match params.get("limit").map(|l| l.parse::<usize>()) {
        None => 20.min(most),
        Some(Ok(limit)) if (1..=most).contains(&limit) => limit,
        Some(_) => return Err((StatusCode::BAD_REQUEST, "Invalid limit")),
    };
    let offset = match params.get("offset").map(|o| o.parse::<usize>()) {
        None => 0,
        Some(Ok(offset)) => offset,
        Some(_) => return Err((StatusCode::BAD_REQUEST, "Invalid offset")),
    };
    Ok((limit, offset))
}

/// Spotify's paging object over `items`, at `href` plus `offset` and `limit`.
pub(crate) fn paging(
    href: &str,
    offset: usize,
    limit: usize,
    total: usize,
    items: Vec<Value>,
) -> Value {
    let at = |offset: usize| {
        let join = if href.contains('?') { '&' } else { '?' };
        format!("{href}{join}offset={offset}&limit={limit}")
    };
    let more = offset + items.len() < total;
    json!({
        "href": at(offset),
        "limit": limit,
        "next": if more { json!(at(offset + limit)) } else { json!(null) },
        "offset": offset,
        "previous": if offset > 0 { json!(at(offset.saturating_sub(limit))) } else { json!(null) },
        "total": total,
        "items": items,
    })
}

/// A page of one of the caller's saved lists, if the token may read it:
/// `field` names each item's object, which `show` draws.
fn saved_page<T>(
    inner: &Inner,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
    (path, field): (&str, &str),
    list: impl Fn(&Library) -> &[T],
    show: impl Fn(&T) -> (u64, Value),
) -> Result<Value, Refusal> {
    let (scope, user) = authorize(inner, headers).map_err(|m| (StatusCode::UNAUTHORIZED, m))?;
    if !has_scope(&scope, "user-library-read") {
        return Err((StatusCode::FORBIDDEN, "Insufficient client scope"));
    }
    let (limit, offset) = page_of(params, 50)?;
    let saved = list(inner.library(user));
    let items = saved
        .iter()
        .skip(offset)
        .take(limit)
        .map(|s| {
            let (minutes_ago, object) = show(s);
            json!({ "added_at": timestamp(minutes_ago), field: object })
        })
        .collect();
    let href = format!("{}/v1/me/{path}", inner.base_url);
    Ok(paging(&href, offset, limit, saved.len(), items))
}

pub(crate) async fn saved_tracks(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let inner = shared.lock();
    let base = &inner.base_url;
    answer(saved_page(
        &inner,
        &headers,
        &params,
        ("tracks", "track"),
        |library| &library.tracks,
        |s: &SavedTrack| (s.minutes_ago, full_track_json(base, s)),
    ))
}

pub(crate) async fn saved_albums(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let inner = shared.lock();
    let base = &inner.base_url;
    answer(saved_page(
        &inner,
        &headers,
        &params,
        ("albums", "album"),
        |library| &library.albums,
        |s: &SavedAlbum| (s.minutes_ago, full_album_json(base, &s.album)),
    ))
}

/// `GET /search?q=…&type=artist`: artists whose name holds every word of
/// `q`, any case. Only the artist type is modelled; the others are refused
/// so that a test never passes on an answer Spotify would shape otherwise.
pub(crate) async fn search(
    State(shared): State<Shared>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    answer(found(&shared.lock(), &headers, &params))
}

fn found(
    inner: &Inner,
    headers: &HeaderMap,
    params: &HashMap<String, String>,
) -> Result<Value, Refusal> {
    authorize(inner, headers).map_err(|m| (StatusCode::UNAUTHORIZED, m))?;
    let q = params
        .get("q")
        .filter(|q| !q.trim().is_empty())
        .ok_or((StatusCode::BAD_REQUEST, "No search query"))?;
    match params.get("type").map(String::as_str) {
        None => return Err((StatusCode::BAD_REQUEST, "Missing parameter type")),
        Some("artist") => {}
        Some(_) => return Err((StatusCode::BAD_REQUEST, "Only type=artist is emulated")),
    }
    // Since February 2026, at most 10 a page.
    let (limit, offset) = page_of(params, 10)?;
    if offset > 1000 {
        return Err((StatusCode::BAD_REQUEST, "Invalid offset"));
    }
    let words: Vec<String> = q.split_whitespace().map(str::to_lowercase).collect();
    let mut seen = std::collections::HashSet::new();
    let found: Vec<&Artist> = inner
        .everyone()
        .filter(|a| {
            let name = a.name.to_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .filter(|a| seen.insert(a.id.clone()))
        .collect();
    let base = &inner.base_url;
    let items = found
        .iter()
        .skip(offset)
        .take(limit)
        .map(|a| a.to_json(base))
        .collect();
    let query =
        serde_urlencoded::to_string([("q", q.as_str()), ("type", "artist")]).unwrap_or_default();
    let href = format!("{base}/v1/search?{query}");
    Ok(json!({ "artists": paging(&href, offset, limit, found.len(), items) }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artists::sample_artists;

    #[test]
    fn the_first_artists_are_saved_most_and_every_save_is_theirs() {
        let artists = sample_artists(20);
        let library = sample_library(&artists, 200, 30);
        assert_eq!((library.tracks.len(), library.albums.len()), (200, 30));
        let count = |n: usize| {
            library
                .tracks
                .iter()
                .filter(|t| t.album.artists.iter().any(|a| a.0 == artists[n].id))
                .count()
        };
        assert!(count(0) > count(10) && count(10) >= count(19), "a spread");
        assert!(
            (0..20).all(|n| count(n) > 0),
            "everyone saved at least once"
        );
        let ids: std::collections::HashSet<String> =
            library.tracks.iter().map(SavedTrack::id).collect();
        assert_eq!(ids.len(), 200, "no song twice");
        assert!(library
            .tracks
            .iter()
            .all(|t| t.number < t.album.tracks && !t.artists().is_empty()));
        assert!(library.tracks.iter().any(|t| !t.featuring.is_empty()));
        assert!(library
            .tracks
            .windows(2)
            .all(|w| w[0].minutes_ago < w[1].minutes_ago));
    }

    #[test]
    fn added_at_is_an_iso_timestamp() {
        let at = timestamp(0);
        assert_eq!(at.len(), 20);
        assert!(at.ends_with('Z') && at.as_bytes()[10] == b'T');
    }
}
