//! Turning a panicking handler into a 500 instead of a dropped connection.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::errors::ApiError;

/// Middleware: runs the rest of the stack in its own task, so a panic
/// there is caught by tokio and answered with a 500 in the error schema.
pub(crate) async fn catch(request: Request, next: Next) -> Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error: the emulator failed while handling this request",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use axum::middleware::from_fn;
    use axum::routing::get;
    use axum::Router;

    use super::*;

    async fn boom() -> &'static str {
        panic!("a handler bug")
    }

    #[tokio::test]
    async fn a_panic_becomes_a_500_and_the_server_keeps_serving() {
        let router = Router::new()
            .route("/boom", get(boom))
            .route("/fine", get(|| async { "fine" }))
            .layer(from_fn(catch));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, router).await });
        let client = reqwest::Client::new();
        for _ in 0..2 {
            let boom = client.get(format!("{base}/boom")).send().await.unwrap();
            assert_eq!(boom.status(), 500);
            let body: serde_json::Value = boom.json().await.unwrap();
            assert_eq!(body["status_code"], 500);
            let fine = client.get(format!("{base}/fine")).send().await.unwrap();
            assert_eq!(fine.text().await.unwrap(), "fine");
        }
    }
}
