//! The log of API requests: one stderr line each, and a list for
//! `GET /_emulator/requests`. Neither ever holds a key.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::app::App;

/// One API request as the control API reports it.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct RecordedRequest {
    method: String,
    /// The path as received, still percent-encoded.
    path: String,
    /// The raw query string, empty when there is none.
    query: String,
    status: u16,
}

/// Every API request so far.
#[derive(Default)]
pub(crate) struct RequestLog {
    entries: Mutex<Vec<RecordedRequest>>,
}

impl RequestLog {
    /// A copy of the entries, oldest first.
    pub(crate) fn entries(&self) -> Vec<RecordedRequest> {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn push(&self, entry: RecordedRequest) {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(entry);
    }
}

/// Middleware: records the request with its final status.
pub(crate) async fn record(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let query = request.uri().query().unwrap_or_default().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    eprintln!(
        "{method} {path} {status} {}ms",
        started.elapsed().as_millis()
    );
    app.log.push(RecordedRequest {
        method,
        path,
        query,
        status,
    });
    response
}
