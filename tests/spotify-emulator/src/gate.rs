//! In front of every route: record the request, apply injected faults, and
//! add the CORS headers a browser needs (unless a fault withholds them).

use crate::api::api_error;
use crate::faults::Fault;
use crate::state::{RecordedRequest, Shared};
use axum::{
    body::{to_bytes, Body},
    extract::{Request, State},
    http::{header, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
};

const MAX_BODY: usize = 1 << 20;

fn add_cors(response: &mut Response) {
    let headers = response.headers_mut();
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert(
        "access-control-expose-headers",
        HeaderValue::from_static("Retry-After"),
    );
}

fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    add_cors(&mut response);
    let headers = response.headers_mut();
    headers.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    headers.insert(
        "access-control-allow-headers",
        HeaderValue::from_static("Authorization, Content-Type, Accept"),
    );
    headers.insert("access-control-max-age", HeaderValue::from_static("600"));
    response
}

pub(crate) async fn gate(State(shared): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY).await.unwrap_or_default();
    let mut record = RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or("").to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body: String::from_utf8_lossy(&body).into_owned(),
        status: 0,
        received: std::time::Instant::now(),
    };
    let is_preflight = parts.method == Method::OPTIONS;
    if !is_preflight {
        shared
            .lock()
            .arrivals
            .push((record.method.clone(), record.path.clone()));
    }
    // Preflights are the browser's, not the app's: faults count real requests.
    let fault = if is_preflight {
        None
    } else {
        shared
            .lock()
            .faults
            .iter_mut()
            .find_map(|f| f.fires(&record.path).then(|| f.clone()))
    };
    let delay = match &fault {
        _ if is_preflight => shared.lock().config.preflight_delay,
        Some(fault) => fault.delay,
        None => std::time::Duration::ZERO,
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut response = match (&fault, is_preflight) {
        (_, true) => preflight(),
        (
            Some(Fault {
                status: Some(status),
                retry_after_s,
                cors,
                body,
                ..
            }),
            _,
        ) => {
            let status = StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let mut response = match body {
                Some((content_type, text)) => (
                    status,
                    [(header::CONTENT_TYPE, content_type.clone())],
                    text.clone(),
                )
                    .into_response(),
                None => api_error(status, "Injected by the emulator"),
            };
            if let Some(seconds) = retry_after_s {
                if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert("retry-after", value);
                }
            }
            if *cors {
                add_cors(&mut response);
            }
            response
        }
        _ => {
            let mut response = next.run(Request::from_parts(parts, Body::from(body))).await;
            add_cors(&mut response);
            response
        }
    };
    if fault.as_ref().is_some_and(|f| !f.cors) {
        let headers = response.headers_mut();
        headers.remove("access-control-allow-origin");
        headers.remove("access-control-expose-headers");
    }
    record.status = response.status().as_u16();
    shared.lock().requests.push(record);
    response
}
