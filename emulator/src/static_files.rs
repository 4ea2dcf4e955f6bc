//! Serving the built console (`--static DIR`) on the API's origin.

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_SECURITY_POLICY, CONTENT_TYPE,
    REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use crate::csp;
use crate::errors::ApiError;

/// A directory such as Trunk's `dist/`, with `index.html` at its root.
pub(crate) struct StaticSite {
    /// Canonical, so that resolved files can be checked to lie inside it.
    root: PathBuf,
    csp: HeaderValue,
}

/// Why the static directory cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum StaticError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the Content-Security-Policy computed from {0} is not a valid header value")]
    BadPolicy(PathBuf),
}

impl StaticSite {
    /// Prepares to serve `dir`, hashing the inline scripts of its `index.html` once.
    pub(crate) fn load(dir: &Path) -> Result<StaticSite, StaticError> {
        let unreadable = |path: &Path| {
            let path = path.to_path_buf();
            move |source| StaticError::Unreadable { path, source }
        };
        let root = dir.canonicalize().map_err(unreadable(dir))?;
        let index = root.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(unreadable(&index))?;
        let csp = HeaderValue::from_str(&csp::policy(&html))
            .map_err(|_| StaticError::BadPolicy(index.clone()))?;
        Ok(StaticSite { root, csp })
    }

    /// The file for a GET or HEAD of `path`, `index.html` for paths with
    /// no file (client-side routes), a 404 for unsafe paths.
    pub(crate) async fn respond(&self, path: &str, request_headers: &HeaderMap) -> Response {
        let Some(relative) = safe_relative_path(path) else {
            return self.secure(ApiError::not_found("not found").into_response());
        };
        let index = self.root.join("index.html");
        let file = match tokio::fs::canonicalize(self.root.join(&relative)).await {
            // Canonical paths resolve symlinks: a link pointing out of the root is refused.
            Ok(path) if path.starts_with(&self.root) && path.is_file() => path,
            _ => index,
        };
        let response = match read_best(&file, request_headers).await {
            Ok(response) => response,
            Err(err) => ApiError::not_found(format!("cannot read the file: {err}")).into_response(),
        };
        self.secure(response)
    }

    /// Adds the security headers every static response carries.
    fn secure(&self, mut response: Response) -> Response {
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, self.csp.clone());
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        response
    }
}

/// The request path as a relative file path, or `None` if it could leave
/// the root (`..`, a backslash, a NUL, an encoded `/` in a segment).
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for segment in path.split('/') {
        let segment = percent_decode_str(segment).decode_utf8().ok()?;
        if segment.is_empty() || segment == "." {
            continue;
        }
        if segment == ".." || segment.contains(['/', '\\', '\0', ':']) {
            return None;
        }
        relative.push(segment.as_ref());
    }
    Some(relative)
}

/// Reads `file`, preferring a precompressed `.br`, then `.gz`, sibling the
/// client accepts, with the matching content and caching headers.
async fn read_best(file: &Path, request_headers: &HeaderMap) -> std::io::Result<Response> {
    let accepted = request_headers
        .get(ACCEPT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default();
    let mut encoding = None;
    let mut bytes = None;
    for (suffix, coding) in [("br", "br"), ("gz", "gzip")] {
        if accepts(accepted, coding) {
            let mut sibling = file.as_os_str().to_owned();
            sibling.push(".");
            sibling.push(suffix);
            if let Ok(contents) = tokio::fs::read(&sibling).await {
                encoding = Some(coding);
                bytes = Some(contents);
                break;
            }
        }
    }
    let bytes = match bytes {
        Some(bytes) => bytes,
        None => tokio::fs::read(file).await?,
    };
    let name = file
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default();
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(mime_type(name)));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache_control(name)));
    headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Some(coding) = encoding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    Ok(response)
}

/// Whether an `Accept-Encoding` header value accepts `coding` (q > 0).
fn accepts(header: &str, coding: &str) -> bool {
    let mut wildcard = false;
    for item in header.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let quality = parts
            .find_map(|param| param.trim().strip_prefix("q="))
            .map_or(1.0, |q| q.trim().parse::<f32>().unwrap_or(0.0));
        if name.eq_ignore_ascii_case(coding) {
            return quality > 0.0;
        }
        if name == "*" {
            wildcard = quality > 0.0;
        }
    }
    wildcard
}

/// The Content-Type for a file name.
fn mime_type(name: &str) -> &'static str {
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("txt") => "text/plain; charset=utf-8",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Hashed assets never change under their name; everything else (notably
/// `index.html`, which names the current hashes) is revalidated each time.
fn cache_control(name: &str) -> &'static str {
    if is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// Whether the name holds a Trunk content hash: `-` then 16 hex digits.
fn is_hashed(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.iter().enumerate().any(|(at, &byte)| {
        byte == b'-'
            && bytes.len() >= at + 17
            && bytes[at + 1..at + 17].iter().all(u8::is_ascii_hexdigit)
            && bytes
                .get(at + 17)
                .is_none_or(|next| !next.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_root() {
        assert_eq!(safe_relative_path("/a/b.js"), Some(PathBuf::from("a/b.js")));
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        for bad in [
            "/../x",
            "/a/%2e%2e/%2e%2e/x",
            "/a%2f..%2fx",
            "/..%5cx",
            "/%00",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed("portal-admin-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("portal-admin-1a2b3c4d5e6f7a8b9.js"));
        assert!(!is_hashed("portal-admin_bg.wasm"));
    }

    #[test]
    fn negotiates_encodings() {
        assert!(accepts("gzip, deflate, br", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(accepts("*", "br"));
        assert!(!accepts("*, br;q=0", "br"));
        assert!(!accepts("", "gzip"));
    }
}
