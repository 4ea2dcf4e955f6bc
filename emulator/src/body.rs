//! Reading a JSON request body with messages that say what is wrong.

use axum::body::{to_bytes, Body};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use serde_json::{Map, Value};

use crate::errors::ApiError;

/// The largest accepted body.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

/// How much of an oversized body is read before refusing it: reading it
/// (rather than stopping at the limit) lets the client finish sending and
/// read the 400 instead of seeing a reset connection.
const DRAIN_BYTES: usize = 1024 * 1024;

/// The body as a JSON object, or a 400 naming the problem.
pub(crate) async fn json_object(
    headers: &HeaderMap,
    body: Body,
) -> Result<Map<String, Value>, ApiError> {
    check_content_type(headers)?;
    let bytes = to_bytes(body, DRAIN_BYTES).await.map_err(|_| too_large())?;
    if bytes.len() > MAX_BODY_BYTES {
        return Err(too_large());
    }
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|err| ApiError::bad_request(format!("request body is not valid JSON: {err}")))?;
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err(ApiError::bad_request("request body must be a JSON object")),
    }
}

fn check_content_type(headers: &HeaderMap) -> Result<(), ApiError> {
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if media_type.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else if content_type.is_empty() {
        Err(ApiError::bad_request(
            "missing Content-Type: send \"Content-Type: application/json\"",
        ))
    } else {
        Err(ApiError::bad_request(format!(
            "unsupported Content-Type {content_type:?}: send \"application/json\""
        )))
    }
}

fn too_large() -> ApiError {
    ApiError::bad_request(format!(
        "request body is too large: the limit is {MAX_BODY_BYTES} bytes"
    ))
}
