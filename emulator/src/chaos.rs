//! Injected trouble: failures (`--fail-rate`, `POST /_emulator/fail-next`)
//! and latency (`--latency-ms` before the request is handled,
//! `--answer-delay-ms` after).

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::errors::ApiError;
use crate::prng::SplitMix64;

/// Decides which requests fail on purpose, and how slowly all answer.
pub(crate) struct Chaos {
    fail_rate: f64,
    latency: Duration,
    answer_delay: Duration,
    state: Mutex<ChaosState>,
}

struct ChaosState {
    rng: SplitMix64,
    /// How many of the next requests fail, and with which status.
    fail_next: u32,
    fail_status: StatusCode,
}

impl Chaos {
    /// Fails a `fail_rate` share of requests at random (from `seed`),
    /// delays each by `latency` before it is handled and by `answer_delay`
    /// after.
    pub(crate) fn new(
        fail_rate: f64,
        latency: Duration,
        answer_delay: Duration,
        seed: u64,
    ) -> Chaos {
        Chaos {
            fail_rate,
            latency,
            answer_delay,
            state: Mutex::new(ChaosState {
                rng: SplitMix64::new(seed),
                fail_next: 0,
                fail_status: StatusCode::INTERNAL_SERVER_ERROR,
            }),
        }
    }

    /// Makes the next `count` requests fail with `status`.
    pub(crate) fn fail_next(&self, count: u32, status: StatusCode) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.fail_next = count;
        state.fail_status = status;
    }

    /// The failure the current request gets, if any.
    fn next_failure(&self) -> Option<ApiError> {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let status = if state.fail_next > 0 {
            state.fail_next -= 1;
            state.fail_status
        } else if self.fail_rate > 0.0 && state.rng.chance(self.fail_rate) {
            if state.rng.chance(0.5) {
                StatusCode::INTERNAL_SERVER_ERROR
            } else {
                StatusCode::SERVICE_UNAVAILABLE
            }
        } else {
            return None;
        };
        let reason = status.canonical_reason().unwrap_or("Error");
        let error = ApiError::new(
            status,
            format!("{reason} (failure injected by the emulator)"),
        );
        Some(if status == StatusCode::TOO_MANY_REQUESTS {
            error.retry_after(1)
        } else {
            error
        })
    }
}

/// Middleware: fails the request on purpose before the handler runs, so an
/// injected failure never follows an applied write.
pub(crate) async fn inject(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    match app.chaos.next_failure() {
        Some(error) => error.into_response(),
        None => next.run(request).await,
    }
}

/// Middleware: delays the response by `--latency-ms`.
pub(crate) async fn delay(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    if !app.chaos.latency.is_zero() {
        tokio::time::sleep(app.chaos.latency).await;
    }
    next.run(request).await
}

/// Middleware: delays the answer by `--answer-delay-ms` once the request
/// has been handled, so a client that goes away meanwhile (a reload) has
/// had its write applied without seeing the answer.
pub(crate) async fn delay_answer(
    State(app): State<Arc<App>>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if !app.chaos.answer_delay.is_zero() {
        tokio::time::sleep(app.chaos.answer_delay).await;
    }
    response
}
