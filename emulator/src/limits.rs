//! Rate limiting: a fixed window of `--rate-limit` requests per key.
//!
//! Requests with a valid key count against that key; all others (no key,
//! a malformed header, an unknown key) share one anonymous bucket, which
//! keeps the number of buckets bounded whatever clients send.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::app::App;
use crate::auth::authenticate;
use crate::errors::ApiError;

/// The bucket of requests without a valid key (keys are never empty).
const ANONYMOUS: &str = "";

/// Counts requests per key in fixed windows.
pub(crate) struct RateLimiter {
    limit: u32,
    window: Duration,
    buckets: Mutex<HashMap<String, Window>>,
}

struct Window {
    started: Instant,
    used: u32,
}

/// The outcome of counting one request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Verdict {
    pub(crate) allowed: bool,
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    /// Whole seconds until the window resets, rounded up.
    pub(crate) reset: u64,
}

impl RateLimiter {
    /// `limit` requests per `window` per bucket.
    pub(crate) fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request of `bucket` at `now`.
    pub(crate) fn check(&self, bucket: &str, now: Instant) -> Verdict {
        let mut buckets = self.buckets.lock().unwrap_or_else(PoisonError::into_inner);
        let window = buckets.entry(bucket.to_string()).or_insert(Window {
            started: now,
            used: 0,
        });
        if now.duration_since(window.started) >= self.window {
            *window = Window {
                started: now,
                used: 0,
            };
        }
        let allowed = window.used < self.limit;
        if allowed {
            window.used += 1;
        }
        let left = self
            .window
            .saturating_sub(now.duration_since(window.started));
        Verdict {
            allowed,
            limit: self.limit,
            remaining: self.limit - window.used,
            reset: left.as_secs() + u64::from(left.subsec_nanos() > 0),
        }
    }
}

/// Middleware: refuses requests past the quota with a 429 and puts the
/// `X-RateLimit-*` headers on every response.
pub(crate) async fn enforce(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let Some(limiter) = &app.limiter else {
        return next.run(request).await;
    };
    let bucket = authenticate(request.headers(), &app.keys).unwrap_or(ANONYMOUS);
    let verdict = limiter.check(bucket, Instant::now());
    let mut response = if verdict.allowed {
        next.run(request).await
    } else {
        ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "rate limit exceeded: {} requests per {} s; retry in {} s",
                limiter.limit,
                limiter.window.as_secs(),
                verdict.reset
            ),
        )
        .retry_after(verdict.reset)
        .into_response()
    };
    add_headers(response.headers_mut(), &verdict);
    response
}

fn add_headers(headers: &mut HeaderMap, verdict: &Verdict) {
    headers.insert("x-ratelimit-limit", HeaderValue::from(verdict.limit));
    headers.insert(
        "x-ratelimit-remaining",
        HeaderValue::from(verdict.remaining),
    );
    headers.insert("x-ratelimit-reset", HeaderValue::from(verdict.reset));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_down_refuses_then_resets() {
        let limiter = RateLimiter::new(2, Duration::from_secs(10));
        let start = Instant::now();
        assert_eq!(limiter.check("k", start).remaining, 1);
        assert_eq!(limiter.check("k", start).remaining, 0);
        let refused = limiter.check("k", start + Duration::from_millis(1500));
        assert!(!refused.allowed);
        assert_eq!(refused.reset, 9);
        assert!(limiter.check("other", start).allowed);
        let later = limiter.check("k", start + Duration::from_secs(10));
        assert!(later.allowed);
        assert_eq!(later.reset, 10);
    }
}
