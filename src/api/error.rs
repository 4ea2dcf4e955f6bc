//! [`ApiError`]: every way a call can fail, in a form every screen can show.
//!
//! The messages are built here from the status, the server's own `message`
//! and fixed sentences. Browser error strings are never embedded: they can
//! carry request details, and the request carries the key.

use std::fmt;

use serde::Deserialize;

use crate::api::decode::{decode, DecodeError};

/// What kind of failure an [`ApiError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// 401: no valid service account key.
    Unauthorized,
    /// 403: the key lacks the permission.
    Forbidden,
    /// 404: the portal or object does not exist.
    NotFound,
    /// 400 (or another 4xx): the request was unacceptable.
    BadRequest,
    /// 429: too many requests, still refused after the automatic retries.
    RateLimited {
        /// The server's `Retry-After`, when it sent (and exposed) one.
        retry_after_secs: Option<u32>,
    },
    /// 5xx: the server failed.
    Server,
    /// No answer at all: offline, DNS failure, refused connection, or a
    /// cross-origin answer the browser withheld (CORS).
    Network,
    /// No answer within the client's time limit.
    Timeout,
    /// An answer that does not fit the contract (for example a 2xx body
    /// that is not the expected JSON, or a 3xx).
    Unexpected,
    /// The API answered a delete with `isDeleted: false`.
    NotDeleted,
}

/// A failed API call.
///
/// `Display` gives one human sentence; show `request_id` next to it (it is
/// not part of the sentence) so the administrator can copy it for support.
/// No field ever holds the service account key.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", sentence(.kind, *.status, .message))]
pub struct ApiError {
    /// What kind of failure this is.
    pub kind: ErrorKind,
    /// The HTTP status, when there was an answer.
    pub status: Option<u16>,
    /// The server's `message`, or, when it sent none, the status's standard
    /// reason or a sentence of the client's own.
    pub message: String,
    /// The server's `request_id` (from the body, else the `X-Request-Id` header).
    pub request_id: Option<String>,
}

/// The longest part of an unexpected body quoted in a message, in characters.
const EXCERPT_CHARS: usize = 120;

impl ApiError {
    /// Whether the key was refused (401): the screen should offer to sign in again.
    pub fn is_unauthorized(&self) -> bool {
        self.kind == ErrorKind::Unauthorized
    }

    /// Classifies a non-2xx answer from its status, body and headers.
    ///
    /// The body is used when it is the documented error JSON; anything else
    /// (an HTML page from a proxy, an empty body) still yields an error
    /// with the status.
    pub(crate) fn from_response(
        status: u16,
        body: &str,
        header_request_id: Option<&str>,
        retry_after_secs: Option<u32>,
    ) -> ApiError {
        let (message, body_request_id) = error_body(body).unwrap_or_default();
        let kind = match status {
            400 => ErrorKind::BadRequest,
            401 => ErrorKind::Unauthorized,
            403 => ErrorKind::Forbidden,
            404 => ErrorKind::NotFound,
            429 => ErrorKind::RateLimited { retry_after_secs },
            402..=499 => ErrorKind::BadRequest,
            500..=599 => ErrorKind::Server,
            _ => ErrorKind::Unexpected,
        };
        ApiError {
            kind,
            status: Some(status),
            message: non_empty(message).unwrap_or_else(|| reason_phrase(status).to_owned()),
            request_id: non_empty(body_request_id)
                .or_else(|| non_empty(header_request_id.map(str::to_owned))),
        }
    }

    /// No answer: the request could not reach the API at `api_base`.
    pub(crate) fn network(api_base: &str) -> ApiError {
        ApiError {
            kind: ErrorKind::Network,
            status: None,
            message: format!(
                "The API could not be reached at {api_base}. Check the API base URL and your connection, \
                 and that the API allows requests from this page (CORS) or the reverse proxy forwards /v1."
            ),
            request_id: None,
        }
    }

    /// No answer within `secs` seconds.
    pub(crate) fn timeout(secs: u32) -> ApiError {
        ApiError {
            kind: ErrorKind::Timeout,
            status: None,
            message: format!("The API did not answer within {secs} seconds. Try again."),
            request_id: None,
        }
    }

    /// A 2xx answer whose body does not fit the contract.
    pub(crate) fn unexpected(
        status: u16,
        body: &str,
        problem: &str,
        request_id: Option<&str>,
    ) -> ApiError {
        ApiError {
            kind: ErrorKind::Unexpected,
            status: Some(status),
            message: format!(
                "The API answered in an unexpected form ({problem}). The answer began: “{}”",
                excerpt(body)
            ),
            request_id: request_id.map(str::to_owned),
        }
    }

    /// A list whose pages lead back to a page already seen.
    pub(crate) fn repeated_cursor() -> ApiError {
        ApiError {
            kind: ErrorKind::Unexpected,
            status: None,
            message: "The API sent a page cursor it had already sent, so the list never ends."
                .to_owned(),
            request_id: None,
        }
    }

    /// A delete the API answered with `isDeleted: false`.
    pub(crate) fn not_deleted(status: u16, request_id: Option<&str>) -> ApiError {
        ApiError {
            kind: ErrorKind::NotDeleted,
            status: Some(status),
            message: "The API did not delete the user.".to_owned(),
            request_id: request_id.map(str::to_owned),
        }
    }

    /// Masks every occurrence of `secret` in the texts, in case a server
    /// echoes the key in its message or a body excerpt quotes it.
    pub(crate) fn redact(mut self, secret: &str) -> ApiError {
        if !secret.is_empty() {
            self.message = self.message.replace(secret, "••••");
            self.request_id = self.request_id.map(|id| id.replace(secret, "••••"));
        }
        self
    }
}

/// The `Display` sentence: a summary of the kind, the server's message and
/// the status for answered requests; the client's own message otherwise.
fn sentence(kind: &ErrorKind, status: Option<u16>, message: &str) -> String {
    let summary = match kind {
        ErrorKind::Unauthorized => "The service account key was refused".to_owned(),
        ErrorKind::Forbidden => "The service account key lacks the permission for this".to_owned(),
        ErrorKind::NotFound => "Not found".to_owned(),
        ErrorKind::BadRequest => "The API refused the request".to_owned(),
        ErrorKind::RateLimited {
            retry_after_secs: Some(secs),
        } => {
            format!("Too many requests; try again in {secs} s")
        }
        ErrorKind::RateLimited {
            retry_after_secs: None,
        } => "Too many requests; try again shortly".to_owned(),
        ErrorKind::Server => "The API failed".to_owned(),
        ErrorKind::Network | ErrorKind::Timeout | ErrorKind::Unexpected | ErrorKind::NotDeleted => {
            return message.to_owned();
        }
    };
    let message = message.trim().trim_end_matches('.');
    match status {
        Some(status) => format!("{summary}: {message} (HTTP {status})."),
        None => format!("{summary}: {message}."),
    }
}

/// The documented error body, `{"status_code", "message", "request_id"}`,
/// as far as the console reads it: either field may be absent or `null`.
#[derive(Deserialize)]
struct ErrorBody {
    message: Option<String>,
    request_id: Option<String>,
}

/// The `message` and `request_id` of the documented error body; an error
/// when the body is not that JSON.
fn error_body(body: &str) -> Result<(Option<String>, Option<String>), DecodeError> {
    let fields: ErrorBody = decode(body.as_bytes())?;
    Ok((fields.message, fields.request_id))
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

/// The start of a body, on one line, for a message.
fn excerpt(body: &str) -> String {
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty)".to_owned();
    }
    match flat.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        300..=399 => "Redirected",
        _ => "No details given",
    }
}

impl fmt::Display for ErrorKind {
    /// A short name for the kind, for badges and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not found",
            ErrorKind::BadRequest => "bad request",
            ErrorKind::RateLimited { .. } => "rate limited",
            ErrorKind::Server => "server error",
            ErrorKind::Network => "network error",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Unexpected => "unexpected answer",
            ErrorKind::NotDeleted => "not deleted",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_every_status() {
        let kind = |status| ApiError::from_response(status, "", None, Some(7)).kind;
        assert_eq!(kind(400), ErrorKind::BadRequest);
        assert_eq!(kind(401), ErrorKind::Unauthorized);
        assert_eq!(kind(403), ErrorKind::Forbidden);
        assert_eq!(kind(404), ErrorKind::NotFound);
        assert_eq!(kind(409), ErrorKind::BadRequest);
        assert_eq!(
            kind(429),
            ErrorKind::RateLimited {
                retry_after_secs: Some(7)
            }
        );
        for status in [500, 502, 503, 504, 599] {
            assert_eq!(kind(status), ErrorKind::Server);
        }
        assert_eq!(kind(302), ErrorKind::Unexpected);
        assert_eq!(kind(0), ErrorKind::Unexpected);
    }

    #[test]
    fn reads_the_error_schema() {
        let error = ApiError::from_response(
            401,
            r#"{"status_code":401,"message":"Unauthorized","request_id":"20256c3e71efa5aa267df84eb9c129e5"}"#,
            Some("header-id"),
            None,
        );
        assert_eq!(error.message, "Unauthorized");
        assert_eq!(
            error.request_id.as_deref(),
            Some("20256c3e71efa5aa267df84eb9c129e5")
        );
        assert!(error.is_unauthorized());
        assert_eq!(
            error.to_string(),
            "The service account key was refused: Unauthorized (HTTP 401)."
        );
    }

    #[test]
    fn message_names_the_bad_parameter() {
        let error = ApiError::from_response(
            400,
            r#"{"message":"limit must be between 1 and 100."}"#,
            None,
            None,
        );
        assert_eq!(
            error.to_string(),
            "The API refused the request: limit must be between 1 and 100 (HTTP 400)."
        );
        assert_eq!(error.request_id, None);
    }

    #[test]
    fn non_json_bodies_keep_the_status() {
        let html = ApiError::from_response(
            502,
            "<html><body>Bad Gateway</body></html>",
            Some("px-1"),
            None,
        );
        assert_eq!((html.kind, html.status), (ErrorKind::Server, Some(502)));
        assert_eq!(html.message, "Bad Gateway");
        assert_eq!(html.request_id.as_deref(), Some("px-1"));
        assert_eq!(html.to_string(), "The API failed: Bad Gateway (HTTP 502).");

        let empty = ApiError::from_response(503, "", None, None);
        assert_eq!(
            empty.to_string(),
            "The API failed: Service Unavailable (HTTP 503)."
        );

        // JSON, but not the error schema, or with empty fields.
        let odd = ApiError::from_response(404, r#"[1,2]"#, None, None);
        assert_eq!(odd.message, "Not Found");
        let typed = ApiError::from_response(404, r#"{"message":5,"request_id":"r"}"#, None, None);
        assert_eq!(
            (typed.message.as_str(), typed.request_id),
            ("Not Found", None)
        );
        let null = ApiError::from_response(404, r#"{"message":null,"request_id":"r"}"#, None, None);
        assert_eq!(
            (null.message.as_str(), null.request_id.as_deref()),
            ("Not Found", Some("r"))
        );
        let blank =
            ApiError::from_response(404, r#"{"message":" ","request_id":""}"#, Some("h"), None);
        assert_eq!(
            (blank.message.as_str(), blank.request_id.as_deref()),
            ("Not Found", Some("h"))
        );
    }

    #[test]
    fn rate_limited_sentence() {
        let with = ApiError::from_response(429, "", None, Some(12));
        assert_eq!(
            with.to_string(),
            "Too many requests; try again in 12 s: Too Many Requests (HTTP 429)."
        );
        let without = ApiError::from_response(429, r#"{"message":"Slow down"}"#, None, None);
        assert_eq!(
            without.to_string(),
            "Too many requests; try again shortly: Slow down (HTTP 429)."
        );
    }

    #[test]
    fn client_side_failures() {
        let network = ApiError::network("https://api.example.com");
        assert_eq!((network.kind, network.status), (ErrorKind::Network, None));
        let text = network.to_string();
        assert!(
            text.contains("could not be reached at https://api.example.com"),
            "{text}"
        );
        assert!(
            text.contains("base URL") && text.contains("CORS") && text.contains("reverse proxy"),
            "{text}"
        );

        assert_eq!(
            ApiError::timeout(15).to_string(),
            "The API did not answer within 15 seconds. Try again."
        );
        let not_deleted = ApiError::not_deleted(200, Some("r1"));
        assert_eq!(not_deleted.to_string(), "The API did not delete the user.");
        assert_eq!(not_deleted.kind, ErrorKind::NotDeleted);
        assert_eq!(ApiError::repeated_cursor().kind, ErrorKind::Unexpected);
    }

    #[test]
    fn unexpected_quotes_a_short_excerpt() {
        let body = format!("<html>\n  <p>{}</p>", "x".repeat(500));
        let error = ApiError::unexpected(200, &body, "expected value at line 1 column 1", None);
        assert_eq!(error.kind, ErrorKind::Unexpected);
        assert!(
            error.message.contains("“<html> <p>xxx"),
            "{}",
            error.message
        );
        assert!(error.message.ends_with("…”"));
        assert!(error.message.chars().count() < 250);
        assert!(ApiError::unexpected(200, "", "EOF", None)
            .message
            .contains("(empty)"));
        // Never cuts inside a character.
        let _ = ApiError::unexpected(200, &"é".repeat(300), "x", None);
    }

    #[test]
    fn redacts_the_key() {
        let error = ApiError::from_response(
            401,
            r#"{"message":"bad key sk:secret123","request_id":"r"}"#,
            None,
            None,
        )
        .redact("sk:secret123");
        assert!(!error.to_string().contains("secret123"));
        assert!(!format!("{error:?}").contains("secret123"));
    }
}
