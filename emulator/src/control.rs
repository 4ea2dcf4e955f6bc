//! Test-control routes under `/_emulator/`: no authentication, no rate
//! limit, no injected failures, so browser tests can set up and observe
//! the emulator deterministically.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use crate::api::create_user;
use crate::app::App;
use crate::body::json_object;
use crate::errors::ApiError;

/// Statuses `fail-next` may inject: 401 and 403 too, a key revoked or
/// stripped of a permission mid-way.
const INJECTABLE: [u16; 7] = [401, 403, 429, 500, 502, 503, 504];

/// `GET /_emulator/requests`: every `/v1` request so far.
pub(crate) async fn requests(State(app): State<Arc<App>>) -> Response {
    Json(app.log.entries()).into_response()
}

/// `POST /_emulator/fail-next` with `{"count": N, "status": S}`.
pub(crate) async fn fail_next(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let result = async {
        let fields = json_object(&parts.headers, body).await?;
        let count = match fields.get("count") {
            Some(Value::Number(n)) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
            _ => None,
        }
        .ok_or_else(|| ApiError::bad_request("count must be a whole number from 0"))?;
        let status = match fields.get("status") {
            None => Some(500),
            Some(Value::Number(n)) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
            Some(_) => None,
        }
        .filter(|status| INJECTABLE.contains(status))
        .and_then(|status| StatusCode::from_u16(status).ok())
        .ok_or_else(|| {
            ApiError::bad_request("status must be one of 401, 403, 429, 500, 502, 503, 504")
        })?;
        app.chaos.fail_next(count, status);
        Ok::<_, ApiError>(Json(json!({"count": count, "status": status.as_u16()})))
    }
    .await;
    result.into_response()
}

/// `POST /_emulator/users`: creates a user like the API does, keeping the
/// body's `last_logged_at` verbatim (any JSON) to test odd shapes.
pub(crate) async fn users(State(app): State<Arc<App>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    create_user(&app, &parts.headers, body, true)
        .await
        .map(Json)
        .into_response()
}
