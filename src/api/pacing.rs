//! How a walk of every page keeps within the API's rate limit: the pause
//! before each next page, the page size to ask for, and when a failed page
//! is tried again.
//!
//! Pure, like the retry policy beside it: the walk passes in the last
//! rate-limit figures and the failure, and sleeps as told.

use super::error::{ApiError, ErrorKind};
use super::headers::RateLimit;

/// The page sizes a walk tries, largest first. The contract names no
/// largest `limit`; a first page refused with a 400 is asked again at the
/// next size, and the size accepted is kept for the rest of the walk.
pub(crate) const WALK_PAGE_SIZES: [u32; 4] = [1000, 100, 50, 10];

/// The size to try after `refused` was refused, if there is a smaller one.
pub(crate) fn smaller_page_size(refused: u32) -> Option<u32> {
    WALK_PAGE_SIZES.into_iter().find(|&size| size < refused)
}

/// A short margin added to a wait for the quota to reset, for the time the
/// answer took to arrive.
const RESET_MARGIN_MS: f64 = 250.0;

/// The calls a walk leaves unused in each window: a tenth of the quota,
/// at least one. The quota is per service account, so the administrator's
/// other screens and anything else using the key share it.
pub(crate) fn reserve(limit: u32) -> u32 {
    (limit / 10).max(1)
}

/// The pacing rule: how long to wait, in milliseconds, before the next
/// request of a walk, given the rate-limit figures of the last answer.
///
/// While more than the [`reserve`] remains, no wait: a walk that fits in
/// the quota runs at full speed. Once only the reserve is left, the walk
/// waits for the quota to reset, so it never asks past the quota (never
/// provokes a 429) and never takes the reserve. Without figures (the API
/// sent none, or a browser hid them across origins), no wait: a 429 then
/// says how long.
pub fn pause_ms(rate: Option<RateLimit>) -> f64 {
    match rate {
        Some(rate) if rate.remaining <= reserve(rate.limit) => {
            f64::from(rate.reset_secs) * 1000.0 + RESET_MARGIN_MS
        }
        _ => 0.0,
    }
}

/// The most times in a row a walk tries a page again after a server or
/// network failure that outlasted the client's own retries.
pub(crate) const WALK_RETRIES: u32 = 4;

/// The most 429s in a row a walk waits out before it gives up.
pub(crate) const WALK_RATE_LIMIT_WAITS: u32 = 20;

/// Whether a walk tries a page again after `error`, the `failures`-th
/// (1-based) failure of that page in a row, and after how many ms.
///
/// A page read changes nothing, so any server failure (a 500 too, which a
/// single screen's read does not retry), a lost connection and a timeout
/// are tried again after 1, 2, 4 and 8 s; a 429 is waited out
/// (`Retry-After`, else the reset, else 5 s). Anything else (a bad key, a
/// missing portal, an answer that breaks the contract) stops the walk.
pub(crate) fn walk_retry_ms(
    error: &ApiError,
    failures: u32,
    rate: Option<RateLimit>,
) -> Option<f64> {
    match error.kind {
        ErrorKind::RateLimited { retry_after_secs } if failures <= WALK_RATE_LIMIT_WAITS => {
            let secs = retry_after_secs
                .or(rate.map(|rate| rate.reset_secs))
                .unwrap_or(5);
            Some(f64::from(secs) * 1000.0 + RESET_MARGIN_MS)
        }
        ErrorKind::Server | ErrorKind::Network | ErrorKind::Timeout if failures <= WALK_RETRIES => {
            Some(1000.0 * f64::from(1u32 << (failures.max(1) - 1).min(3)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(limit: u32, remaining: u32, reset_secs: u32) -> Option<RateLimit> {
        Some(RateLimit {
            limit,
            remaining,
            reset_secs,
        })
    }

    fn error(kind: ErrorKind) -> ApiError {
        ApiError {
            kind,
            status: None,
            message: String::new(),
            request_id: None,
        }
    }

    #[test]
    fn no_pause_while_more_than_the_reserve_is_left_or_unknown() {
        assert_eq!(pause_ms(None), 0.0);
        assert_eq!(pause_ms(rate(500, 499, 60)), 0.0);
        assert_eq!(pause_ms(rate(500, 51, 60)), 0.0);
        assert_eq!(pause_ms(rate(60, 7, 60)), 0.0);
        assert_eq!(pause_ms(rate(4, 2, 3)), 0.0);
    }

    #[test]
    fn the_reserve_waits_for_the_reset() {
        assert_eq!(pause_ms(rate(500, 50, 51)), 51_250.0);
        assert_eq!(pause_ms(rate(60, 6, 30)), 30_250.0);
        assert_eq!(pause_ms(rate(60, 0, 42)), 42_250.0);
        assert_eq!(pause_ms(rate(60, 0, 0)), 250.0);
        // A tiny quota still keeps one call in hand.
        assert_eq!(pause_ms(rate(4, 1, 3)), 3250.0);
        assert_eq!(reserve(4), 1);
    }

    /// Simulates a walk of `pages` requests, each taking `latency_ms`,
    /// under a fixed window of `limit` per `window` seconds: returns how
    /// long it took, how many were refused, and the fewest calls left in
    /// any window.
    fn simulate(pages: u32, limit: u32, window: u32, latency_ms: f64) -> (f64, u32, u32) {
        let window_ms = f64::from(window) * 1000.0;
        let (mut now, mut started, mut used) = (0.0f64, 0.0f64, 0u32);
        let (mut refused, mut fewest_left) = (0u32, limit);
        for page in 1..=pages {
            if now - started >= window_ms {
                (started, used) = (now, 0);
            }
            if used == limit {
                refused += 1;
            }
            used += 1;
            fewest_left = fewest_left.min(limit.saturating_sub(used));
            now += latency_ms;
            let left_ms = window_ms - (now - started);
            let answer = rate(
                limit,
                limit.saturating_sub(used),
                (left_ms / 1000.0).ceil() as u32,
            );
            if page < pages {
                now += pause_ms(answer);
            }
        }
        (now, refused, fewest_left)
    }

    #[test]
    fn a_walk_is_never_refused_keeps_the_reserve_and_nears_the_floor() {
        // 100 pages (10,000 users) fit in the default quota: no wait at all.
        assert_eq!(simulate(100, 500, 60, 10.0), (1000.0, 0, 400));
        // 150 calls at 60 a minute, 54 usable: two resets, then the rest.
        let (time, refused, fewest_left) = simulate(150, 60, 60, 10.0);
        assert_eq!((refused, fewest_left), (0, 6));
        assert!((121_000.0..=123_000.0).contains(&time), "{time}");
    }

    #[test]
    fn page_sizes_step_down() {
        assert_eq!(smaller_page_size(1000), Some(100));
        assert_eq!(smaller_page_size(100), Some(50));
        assert_eq!(smaller_page_size(10), None);
    }

    #[test]
    fn transient_failures_are_retried_with_backoff_then_stop() {
        let server = error(ErrorKind::Server);
        let delays: Vec<_> = (1..=5).map(|n| walk_retry_ms(&server, n, None)).collect();
        assert_eq!(
            delays,
            [Some(1000.0), Some(2000.0), Some(4000.0), Some(8000.0), None]
        );
        assert_eq!(
            walk_retry_ms(&error(ErrorKind::Network), 1, None),
            Some(1000.0)
        );
        assert_eq!(
            walk_retry_ms(&error(ErrorKind::Timeout), 2, None),
            Some(2000.0)
        );
        for kind in [
            ErrorKind::Unauthorized,
            ErrorKind::Forbidden,
            ErrorKind::NotFound,
            ErrorKind::BadRequest,
            ErrorKind::Unexpected,
        ] {
            assert_eq!(walk_retry_ms(&error(kind), 1, None), None, "{kind:?}");
        }
    }

    #[test]
    fn a_429_is_waited_out() {
        let limited = |retry_after_secs| error(ErrorKind::RateLimited { retry_after_secs });
        assert_eq!(
            walk_retry_ms(&limited(Some(7)), 1, rate(60, 0, 30)),
            Some(7250.0)
        );
        assert_eq!(
            walk_retry_ms(&limited(None), 3, rate(60, 0, 30)),
            Some(30_250.0)
        );
        assert_eq!(walk_retry_ms(&limited(None), 3, None), Some(5250.0));
        assert_eq!(
            walk_retry_ms(&limited(Some(1)), WALK_RATE_LIMIT_WAITS + 1, None),
            None
        );
    }
}
