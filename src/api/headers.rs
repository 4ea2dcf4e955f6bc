//! The response headers the client reads: rate-limit figures, `Retry-After`
//! and `X-Request-Id`.
//!
//! Across origins a browser hides these unless the API lists them in
//! `Access-Control-Expose-Headers`, so every one of them is optional.

use crate::text::decimal::Decimal;

/// The last rate-limit figures the API reported (`X-RateLimit-*` headers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// The quota: requests allowed per window (`X-RateLimit-Limit`).
    pub limit: u32,
    /// Requests left before the quota resets (`X-RateLimit-Remaining`).
    pub remaining: u32,
    /// Seconds until the quota resets (`X-RateLimit-Reset`).
    pub reset_secs: u32,
}

/// What the client takes from one response's headers.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ResponseMeta {
    /// `X-Request-Id`, used when the body carries no `request_id`.
    pub request_id: Option<String>,
    /// `Retry-After` in whole seconds; an HTTP-date form is ignored.
    pub retry_after_secs: Option<u32>,
    /// The rate-limit figures, when all three headers are present.
    pub rate_limit: Option<RateLimit>,
}

impl ResponseMeta {
    /// Reads the headers through `header`, which looks one up by name.
    pub(crate) fn read(header: impl Fn(&str) -> Option<String>) -> ResponseMeta {
        let number = |name: &str| header(name).and_then(|value| parse_seconds(&value));
        let rate_limit = match (
            number("X-RateLimit-Limit"),
            number("X-RateLimit-Remaining"),
            number("X-RateLimit-Reset"),
        ) {
            (Some(limit), Some(remaining), Some(reset_secs)) => Some(RateLimit {
                limit,
                remaining,
                reset_secs,
            }),
            _ => None,
        };
        ResponseMeta {
            request_id: header("X-Request-Id")
                .map(|id| id.trim().to_owned())
                .filter(|id| !id.is_empty()),
            retry_after_secs: number("Retry-After"),
            rate_limit,
        }
    }
}

/// A non-negative whole number of seconds; a fractional one is rounded up
/// so that waiting that long is always enough.
fn parse_seconds(value: &str) -> Option<u32> {
    Decimal::parse(value.trim())?.ceil_u32()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(pairs: &[(&str, &str)]) -> ResponseMeta {
        ResponseMeta::read(|name| {
            pairs
                .iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value.to_string())
        })
    }

    #[test]
    fn reads_all_headers() {
        let meta = meta(&[
            ("x-ratelimit-limit", "500"),
            ("x-ratelimit-remaining", "498"),
            ("x-ratelimit-reset", "41"),
            ("retry-after", " 2 "),
            ("x-request-id", "abc123"),
        ]);
        assert_eq!(
            meta.rate_limit,
            Some(RateLimit {
                limit: 500,
                remaining: 498,
                reset_secs: 41
            })
        );
        assert_eq!(meta.retry_after_secs, Some(2));
        assert_eq!(meta.request_id.as_deref(), Some("abc123"));
    }

    #[test]
    fn missing_or_malformed_headers_are_none() {
        assert_eq!(meta(&[]), ResponseMeta::default());
        let partial = meta(&[
            ("X-RateLimit-Limit", "500"),
            ("X-RateLimit-Remaining", "x"),
            ("X-RateLimit-Reset", "1"),
        ]);
        assert_eq!(partial.rate_limit, None);
        assert_eq!(
            meta(&[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")]).retry_after_secs,
            None
        );
        assert_eq!(meta(&[("Retry-After", "-3")]).retry_after_secs, None);
        assert_eq!(meta(&[("X-Request-Id", "  ")]).request_id, None);
    }

    #[test]
    fn fractional_retry_after_rounds_up() {
        assert_eq!(meta(&[("Retry-After", "1.2")]).retry_after_secs, Some(2));
        assert_eq!(meta(&[("Retry-After", "3.0")]).retry_after_secs, Some(3));
        assert_eq!(
            meta(&[("Retry-After", "1e12")]).retry_after_secs,
            Some(u32::MAX)
        );
    }
}
