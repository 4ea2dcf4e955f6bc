//! The `X-Request-Id` header on every response.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::ids::request_id;

/// The header carrying the request ID.
pub(crate) const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Middleware: gives a response without an `X-Request-Id` (a success) a
/// fresh one; error responses already carry the ID of their body.
pub(crate) async fn stamp(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.headers().contains_key(REQUEST_ID) {
        if let Ok(value) = HeaderValue::from_str(&request_id()) {
            response.headers_mut().insert(REQUEST_ID, value);
        }
    }
    response
}
