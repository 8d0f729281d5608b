//! The accounts service: `/authorize` with its consent page, and `/api/token`,
//! as strict as Spotify's.

use crate::state::{random_token, AccessGrant, ConsentRequest, IssuedCode, RefreshGrant, Shared};
use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{header, HeaderMap, StatusCode},
    response::{Html, IntoResponse, Redirect, Response},
    Json,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Instant;

const KNOWN_SCOPES: &[&str] = &[
    "user-follow-read",
    "user-follow-modify",
    "user-read-email",
    "user-read-private",
    "user-library-read",
    "playlist-read-private",
    "playlist-modify-private",
    "playlist-modify-public",
];

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>{body}</body></html>",
        escape(title)
    );
    (status, Html(html)).into_response()
}

/// Spotify shows errors about the client or redirect URI on its own page,
/// never redirecting to an address it cannot trust.
fn client_error_page(message: &str) -> Response {
    page(
        StatusCode::BAD_REQUEST,
        "Error - Spotify",
        &format!("<h1 id=\"error\">{}</h1>", escape(message)),
    )
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{query}")
}

/// A single-valued view of a query or form; `Err` names a repeated key.
fn single_values(pairs: Vec<(String, String)>) -> Result<HashMap<String, String>, String> {
    let mut map = HashMap::new();
    for (key, value) in pairs {
        if map.insert(key.clone(), value).is_some() {
            return Err(key);
        }
    }
    Ok(map)
}

pub(crate) async fn authorize(
    State(shared): State<Shared>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let Ok(params) = single_values(pairs) else {
        return client_error_page("INVALID_REQUEST: Duplicate parameter");
    };
    let get = |key: &str| params.get(key).map(String::as_str).unwrap_or("");
    let mut inner = shared.lock();
    if get("client_id") != inner.config.client_id {
        return client_error_page("INVALID_CLIENT: Invalid client");
    }
    let redirect_uri = get("redirect_uri").to_string();
    if !inner.config.redirect_uris.contains(&redirect_uri) {
        return client_error_page("INVALID_CLIENT: Invalid redirect URI");
    }
    let state = params.get("state").cloned();
    let redirect_error = |error: &str| {
        let mut pairs = vec![("error", error)];
        if let Some(state) = &state {
            pairs.push(("state", state));
        }
        Redirect::to(&with_query(&redirect_uri, &pairs)).into_response()
    };
    if get("response_type") != "code" {
        return redirect_error("unsupported_response_type");
    }
    let challenge = get("code_challenge");
    let challenge_ok = challenge.len() == 43
        && URL_SAFE_NO_PAD
            .decode(challenge)
            .is_ok_and(|d| d.len() == 32);
    if get("code_challenge_method") != "S256" || !challenge_ok {
        // A browser app has no secret: without PKCE its code could be stolen and used.
        return client_error_page(
            "INVALID_REQUEST: code_challenge with code_challenge_method S256 is required",
        );
    }
    let scope = get("scope").to_string();
    if scope
        .split(' ')
        .any(|s| !s.is_empty() && !KNOWN_SCOPES.contains(&s))
    {
        return redirect_error("invalid_scope");
    }
    let consent_id = random_token(32);
    let user = inner.signed_in;
    inner.consents.insert(
        consent_id.clone(),
        ConsentRequest {
            redirect_uri,
            state,
            code_challenge: challenge.to_string(),
            scope: scope.clone(),
            user,
        },
    );
    let (id, name, _) = inner.account(inner.signed_in);
    let who = name.unwrap_or(id).to_string();
    let scopes: String = scope
        .split(' ')
        .filter(|s| !s.is_empty())
        .map(|s| format!("<li>{}</li>", escape(s)))
        .collect();
    page(
        StatusCode::OK,
        "Spotify emulator - consent",
        &format!(
            "<h1>Connect to the app?</h1>\
             <p>Logged in to the Spotify emulator as <strong id=\"user\">{}</strong>.</p>\
             <p>The app asks to:</p><ul id=\"scopes\">{scopes}</ul>\
             <form method=\"post\" action=\"/authorize/decision\">\
             <input type=\"hidden\" name=\"consent\" value=\"{}\">\
             <button id=\"agree\" name=\"decision\" value=\"agree\">Agree</button> \
             <button id=\"cancel\" name=\"decision\" value=\"cancel\">Cancel</button>\
             </form>",
            escape(&who),
            escape(&consent_id)
        ),
    )
}

pub(crate) async fn decision(State(shared): State<Shared>, body: Bytes) -> Response {
    let form: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let mut inner = shared.lock();
    let Some(consent) = form.get("consent").and_then(|id| inner.consents.remove(id)) else {
        return client_error_page(
            "This consent page has expired. Go back to the app and log in again.",
        );
    };
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if form.get("decision").map(String::as_str) == Some("agree") {
        let code = random_token(96);
        inner.codes.insert(
            code.clone(),
            IssuedCode {
                redirect_uri: consent.redirect_uri.clone(),
                code_challenge: consent.code_challenge,
                scope: consent.scope,
                issued: Instant::now(),
                used: false,
                user: consent.user,
            },
        );
        pairs.push(("code", code));
    } else {
        pairs.push(("error", "access_denied".to_string()));
    }
    if let Some(state) = consent.state {
        pairs.push(("state", state));
    }
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Redirect::to(&with_query(&consent.redirect_uri, &pairs)).into_response()
}

fn token_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

fn verifier_matches(verifier: &str, challenge: &str) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    well_formed && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

pub(crate) async fn token(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "Content-Type must be application/x-www-form-urlencoded",
        );
    }
    let pairs: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(pairs) => pairs,
        Err(_) => return token_error(StatusCode::BAD_REQUEST, "invalid_request", "Malformed body"),
    };
    let form = match single_values(pairs) {
        Ok(form) => form,
        Err(key) => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("Duplicate parameter: {key}"),
            )
        }
    };
    if headers.contains_key(header::AUTHORIZATION) || form.contains_key("client_secret") {
        return token_error(
            StatusCode::BAD_REQUEST,
            "invalid_client",
            "A browser app must not send a client secret",
        );
    }
    let get = |key: &str| form.get(key).map(String::as_str).unwrap_or("");
    let mut inner = shared.lock();
    if get("client_id") != inner.config.client_id {
        return token_error(StatusCode::BAD_REQUEST, "invalid_client", "Invalid client");
    }
    let lifetime = inner.config.access_token_lifetime;
    let (scope, user, refresh_token) = match get("grant_type") {
        "authorization_code" => {
            let code_lifetime = inner.config.code_lifetime;
            let Some(code) = inner.codes.get_mut(get("code")) else {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid authorization code",
                );
            };
            // Single use: any attempt spends the code, as a stolen one must not be retried.
            let first_use = !std::mem::replace(&mut code.used, true);
            if !first_use {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid authorization code",
                );
            }
            if code.issued.elapsed() > code_lifetime {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Authorization code expired",
                );
            }
            if get("redirect_uri") != code.redirect_uri {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "Invalid redirect URI",
                );
            }
            if !verifier_matches(get("code_verifier"), &code.code_challenge) {
                return token_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "code_verifier was incorrect",
                );
            }
            let (scope, user) = (code.scope.clone(), code.user);
            let refresh = random_token(64);
            inner.refresh_tokens.insert(
                refresh.clone(),
                RefreshGrant {
                    scope: scope.clone(),
                    revoked: false,
                    user,
                },
            );
            (scope, user, Some(refresh))
        }
        "refresh_token" => {
            let rotate = inner.config.rotate_refresh_tokens;
            let presented = get("refresh_token").to_string();
            let (scope, user) = match inner.refresh_tokens.get(&presented) {
                Some(grant) if !grant.revoked => (grant.scope.clone(), grant.user),
                Some(_) => {
                    return token_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Refresh token revoked",
                    )
                }
                None => {
                    return token_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "Invalid refresh token",
                    )
                }
            };
            let replacement = rotate.then(|| {
                let fresh = random_token(64);
                inner.refresh_tokens.remove(&presented);
                inner.refresh_tokens.insert(
                    fresh.clone(),
                    RefreshGrant {
                        scope: scope.clone(),
                        revoked: false,
                        user,
                    },
                );
                fresh
            });
            (scope, user, replacement)
        }
        "" => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "grant_type must be provided",
            )
        }
        _ => {
            return token_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "grant_type parameter is invalid",
            )
        }
    };
    let access = random_token(120);
    inner.access_tokens.insert(
        access.clone(),
        AccessGrant {
            expires: Instant::now() + lifetime,
            scope: scope.clone(),
            user,
        },
    );
    let mut answer = json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": lifetime.as_secs(),
        "scope": scope,
    });
    if let Some(refresh) = refresh_token {
        answer["refresh_token"] = json!(refresh);
    }
    Json(answer).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_7636_verifier() {
        assert!(verifier_matches(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
        assert!(!verifier_matches(
            "short",
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
