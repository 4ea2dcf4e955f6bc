//! When a failed request is tried again, and after how long.
//!
//! Pure: the random number for the jitter comes in as a parameter, so the
//! policy is tested natively and the transport passes `Math.random()`.

/// An HTTP method, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Post,
    Delete,
}

/// Why an attempt failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// An answer with a non-2xx status, and its `Retry-After` seconds if any.
    Status {
        status: u16,
        retry_after_secs: Option<u32>,
    },
    /// No answer: offline, DNS, refused connection, CORS.
    Network,
    /// No answer in time.
    Timeout,
}

impl Failure {
    /// Whether the server may have carried out the request despite this
    /// failure. A 429 is a refusal; a 502 or a lost connection may come
    /// after the work was done.
    pub(crate) fn maybe_applied(self) -> bool {
        !matches!(self, Failure::Status { status: 429, .. })
    }

    fn reason(self) -> String {
        match self {
            Failure::Status { status: 429, .. } => "Too many requests (HTTP 429)".to_owned(),
            Failure::Status { status, .. } => format!("The API is unavailable (HTTP {status})"),
            Failure::Network => "The API could not be reached".to_owned(),
            Failure::Timeout => "The API did not answer in time".to_owned(),
        }
    }
}

/// The decision to try again.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Retry {
    /// How long to wait before the next attempt, in milliseconds.
    pub delay_ms: f64,
    /// Why, in words for the UI.
    pub reason: String,
}

/// A retry under way, for the UI to show ("retrying in 3 s…").
#[derive(Clone, Debug, PartialEq)]
pub struct RetryNotice {
    /// The number of the attempt about to be made (2 for the first retry).
    pub attempt: u32,
    /// Why the previous attempt failed, in words.
    pub reason: String,
    /// When the next attempt starts, in `Date.now()` milliseconds.
    pub retry_at_ms: f64,
}

/// How many attempts, and how long to wait between them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles for each next one.
    pub base_delay_ms: f64,
    /// The longest backoff.
    pub max_delay_ms: f64,
    /// The longest `Retry-After` honoured; longer ones are cut to this, so
    /// a screen never hangs for minutes.
    pub max_retry_after_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500.0,
            max_delay_ms: 8_000.0,
            max_retry_after_ms: 30_000.0,
        }
    }
}

impl RetryPolicy {
    /// Decides whether attempt number `attempt` (1-based), which failed with
    /// `failure`, is followed by another, and after how long. `random` is a
    /// number in `[0, 1)`.
    ///
    /// Reads and deletes retry on 429, 502, 503, 504 and network failures;
    /// deletes are idempotent (see [`already_applied`]). A create retries on
    /// 429 only: anything else may have created the user, and trying again
    /// would make a duplicate. A timeout is not retried: the administrator
    /// has already waited the whole time limit, and can try again.
    pub(crate) fn next(
        &self,
        method: Method,
        attempt: u32,
        failure: Failure,
        random: f64,
    ) -> Option<Retry> {
        if attempt >= self.max_attempts {
            return None;
        }
        let retryable = match (method, failure) {
            (_, Failure::Status { status: 429, .. }) => true,
            (Method::Post, _) => false,
            (_, Failure::Status { status, .. }) => matches!(status, 502..=504),
            (_, Failure::Network) => true,
            (_, Failure::Timeout) => false,
        };
        if !retryable {
            return None;
        }
        let random = random.clamp(0.0, 1.0);
        let delay_ms = match failure {
            // The server said how long; add up to a quarter second so that
            // several waiting requests do not all come back at once.
            Failure::Status {
                retry_after_secs: Some(secs),
                ..
            } => (f64::from(secs) * 1000.0).min(self.max_retry_after_ms) + random * 250.0,
            // Exponential backoff with "equal jitter": between half and all
            // of the doubled delay, so it never collapses to nothing.
            _ => {
                let doubled =
                    self.base_delay_ms * 2f64.powi(attempt.saturating_sub(1).min(16) as i32);
                let ceiling = doubled.min(self.max_delay_ms);
                ceiling / 2.0 + random * ceiling / 2.0
            }
        };
        Some(Retry {
            delay_ms,
            reason: failure.reason(),
        })
    }
}

/// Whether a delete's answer with `status` means "already done": a 404 on
/// a retried delete whose earlier attempt may have deleted the user before
/// its answer was lost.
pub(crate) fn already_applied(method: Method, status: u16, earlier_maybe_applied: bool) -> bool {
    method == Method::Delete && status == 404 && earlier_maybe_applied
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base_delay_ms: 500.0,
        max_delay_ms: 8_000.0,
        max_retry_after_ms: 30_000.0,
    };

    fn status(status: u16) -> Failure {
        Failure::Status {
            status,
            retry_after_secs: None,
        }
    }

    fn retries(method: Method, failure: Failure) -> bool {
        POLICY.next(method, 1, failure, 0.5).is_some()
    }

    #[test]
    fn default_is_three_attempts() {
        assert_eq!(RetryPolicy::default(), POLICY);
    }

    #[test]
    fn reads_and_deletes_retry_on_transient_failures() {
        for method in [Method::Get, Method::Delete] {
            for failure in [
                status(429),
                status(502),
                status(503),
                status(504),
                Failure::Network,
            ] {
                assert!(retries(method, failure), "{method:?} {failure:?}");
            }
            for failure in [
                status(400),
                status(401),
                status(403),
                status(404),
                status(500),
                Failure::Timeout,
            ] {
                assert!(!retries(method, failure), "{method:?} {failure:?}");
            }
        }
    }

    #[test]
    fn creates_retry_on_429_only() {
        assert!(retries(Method::Post, status(429)));
        for failure in [
            status(500),
            status(502),
            status(503),
            status(504),
            Failure::Network,
            Failure::Timeout,
        ] {
            assert!(!retries(Method::Post, failure), "{failure:?}");
        }
    }

    #[test]
    fn at_most_three_attempts() {
        assert!(POLICY.next(Method::Get, 2, status(503), 0.0).is_some());
        assert!(POLICY.next(Method::Get, 3, status(503), 0.0).is_none());
        assert!(POLICY.next(Method::Post, 3, status(429), 0.0).is_none());
    }

    #[test]
    fn backoff_doubles_within_jitter_bounds() {
        let delay = |attempt, random| {
            POLICY
                .next(Method::Get, attempt, Failure::Network, random)
                .unwrap()
                .delay_ms
        };
        assert_eq!((delay(1, 0.0), delay(1, 1.0)), (250.0, 500.0));
        assert_eq!((delay(2, 0.0), delay(2, 1.0)), (500.0, 1000.0));
        // Out-of-range random numbers are clamped, never negative or huge.
        assert_eq!((delay(1, -3.0), delay(1, 7.0)), (250.0, 500.0));
        let many = RetryPolicy {
            max_attempts: 50,
            ..POLICY
        };
        let late = many
            .next(Method::Get, 40, Failure::Network, 0.999)
            .unwrap()
            .delay_ms;
        assert!((4_000.0..=8_000.0).contains(&late), "{late}");
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        let after = |secs, random| {
            POLICY
                .next(
                    Method::Get,
                    1,
                    Failure::Status {
                        status: 429,
                        retry_after_secs: Some(secs),
                    },
                    random,
                )
                .unwrap()
        };
        assert_eq!(after(1, 0.0).delay_ms, 1000.0);
        assert_eq!(after(1, 1.0).delay_ms, 1250.0);
        assert_eq!(after(0, 0.0).delay_ms, 0.0);
        assert_eq!(after(3600, 0.0).delay_ms, 30_000.0);
        assert_eq!(after(1, 0.0).reason, "Too many requests (HTTP 429)");
        // A 429 without Retry-After backs off like any other failure.
        assert_eq!(
            POLICY
                .next(Method::Get, 1, status(429), 0.0)
                .unwrap()
                .delay_ms,
            250.0
        );
    }

    #[test]
    fn reasons_in_words() {
        assert_eq!(
            POLICY
                .next(Method::Get, 1, status(503), 0.0)
                .unwrap()
                .reason,
            "The API is unavailable (HTTP 503)"
        );
        assert_eq!(
            POLICY
                .next(Method::Get, 1, Failure::Network, 0.0)
                .unwrap()
                .reason,
            "The API could not be reached"
        );
    }

    #[test]
    fn only_a_retried_delete_can_be_already_applied() {
        assert!(already_applied(Method::Delete, 404, true));
        assert!(!already_applied(Method::Delete, 404, false));
        assert!(!already_applied(Method::Get, 404, true));
        assert!(!already_applied(Method::Delete, 200, true));
        assert!(status(503).maybe_applied() && Failure::Network.maybe_applied());
        assert!(!status(429).maybe_applied());
    }
}
