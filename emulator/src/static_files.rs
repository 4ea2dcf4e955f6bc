//! Serving the built console (`--static DIR`) on the API's origin.
//!
//! tower-http's `ServeDir` answers with the file, or the precompressed
//! sibling the client accepts, ranges and conditional GETs included, and
//! with `index.html` where a path has no file (the console's own routes).
//! Around it, this module refuses what must not be served and adds the
//! headers the console's security and caching rest on.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, VARY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderValue, Method};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use percent_encoding::percent_decode_str;
use tower_http::services::{ServeDir, ServeFile};

use crate::csp;
use crate::errors::ApiError;

/// A directory such as Trunk's `dist/`, with `index.html` at its root.
pub(crate) struct StaticSite {
    /// Canonical, so that resolved files can be checked to lie inside it.
    root: PathBuf,
    /// The policy of the `index.html` last read: Trunk's loader script, and
    /// so its hash, changes with each build, and `cargo xtask dev` rebuilds
    /// `dist/` under a running emulator (`trunk watch`).
    csp: Mutex<HeaderValue>,
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
    /// Prepares to serve `dir`, checking that its `index.html` can be read
    /// and yields a policy.
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
        Ok(StaticSite {
            root,
            csp: Mutex::new(csp),
        })
    }

    /// The policy of `index.html` as it is now. While a rebuild has removed
    /// it (Trunk empties `dist/` before moving the new files in), the last
    /// policy read stands.
    async fn current_policy(&self) -> HeaderValue {
        let html = tokio::fs::read_to_string(self.root.join("index.html")).await;
        let fresh = html
            .ok()
            .and_then(|html| HeaderValue::from_str(&csp::policy(&html)).ok());
        let mut csp = self
            .csp
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(fresh) = fresh {
            *csp = fresh;
        }
        csp.clone()
    }

    /// The console's routes: every path, to be the API router's fallback.
    pub(crate) fn router(self) -> Router {
        let index = ServeFile::new(self.root.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(&self.root)
            .precompressed_br()
            .precompressed_gzip()
            // A directory is a client-side route like any path without a
            // file, not a redirect to `dir/`.
            .append_index_html_on_directories(false)
            .fallback(index);
        Router::new()
            .fallback_service(files)
            .layer(from_fn_with_state(Arc::new(self), guard))
    }

    /// The `Cache-Control` of what `path` names, or `None` if it must not
    /// be served.
    async fn cache_control(&self, path: &str) -> Option<&'static str> {
        let decoded = decoded_path(path)?;
        let name = decoded.rsplit('/').next().unwrap_or_default();
        match tokio::fs::canonicalize(self.root.join(decoded.trim_start_matches('/'))).await {
            // Canonical paths resolve symlinks: a link pointing out of the root is refused.
            Ok(file) if !file.starts_with(&self.root) => None,
            // Only a file, not `index.html` in place of a missing one, may be kept for good.
            Ok(file)
                if is_hashed(name)
                    && tokio::fs::metadata(&file).await.is_ok_and(|m| m.is_file()) =>
            {
                Some("public, max-age=31536000, immutable")
            }
            _ => Some("no-cache"),
        }
    }

    /// Adds the security headers every static response carries.
    async fn secure(&self, mut response: Response) -> Response {
        let policy = self.current_policy().await;
        let headers = response.headers_mut();
        headers.insert(CONTENT_SECURITY_POLICY, policy);
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
        headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
        response
    }
}

/// Middleware around `ServeDir`: leaves the API's and the control routes'
/// paths and other methods to a 404 in the error schema, refuses paths
/// that could leave the root, and adds the console's headers.
async fn guard(State(site): State<Arc<StaticSite>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let reserved = path == "/v1" || path.starts_with("/v1/") || path.starts_with("/_emulator/");
    if reserved || !matches!(*request.method(), Method::GET | Method::HEAD) {
        return ApiError::no_endpoint(path).into_response();
    }
    let Some(cache) = site.cache_control(path).await else {
        return site
            .secure(ApiError::not_found("not found").into_response())
            .await;
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    if let Some(utf8) = headers.get(CONTENT_TYPE).and_then(utf8_text) {
        headers.insert(CONTENT_TYPE, utf8);
    }
    site.secure(response).await
}

/// The request path percent-decoded, or `None` if it could leave the root:
/// a `..`, or a `\`, NUL or `:` a file system might read as a separator or
/// a drive. `ServeDir` would answer those with `index.html`; a 404 says
/// plainly that they are refused.
fn decoded_path(path: &str) -> Option<Cow<'_, str>> {
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    let leaves = decoded
        .split('/')
        .any(|segment| segment == ".." || segment.contains(['\\', '\0', ':']));
    (!leaves).then_some(decoded)
}

/// `ServeDir`'s type of a text file, completed with the charset Trunk
/// writes in, so that no browser has to guess it.
fn utf8_text(content_type: &HeaderValue) -> Option<HeaderValue> {
    let text = content_type.to_str().ok()?;
    if !text.starts_with("text/") || text.contains("charset") {
        return None;
    }
    HeaderValue::from_str(&format!("{text}; charset=utf-8")).ok()
}

/// Whether the name holds a Trunk content hash: after its last `-`, the
/// `{:x}` of a u64, which has up to 16 hex digits as leading zeros are
/// dropped, then `.` or `_bg.` and the extension. At least 12 digits: a
/// name such as `icon-add.svg` is no hash, and only one hash in 65,536 is
/// shorter (it is then revalidated, never cached wrongly).
fn is_hashed(name: &str) -> bool {
    let Some((_, tail)) = name.rsplit_once('-') else {
        return false;
    };
    let digits = tail.bytes().take_while(u8::is_ascii_hexdigit).count();
    let rest = &tail[digits..];
    (12..=16).contains(&digits) && (rest.starts_with('.') || rest.starts_with("_bg."))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_root() {
        assert_eq!(decoded_path("/a/b%20c.js").as_deref(), Some("/a/b c.js"));
        assert_eq!(decoded_path("/").as_deref(), Some("/"));
        for bad in [
            "/../x",
            "/a/%2e%2e/%2e%2e/x",
            "/a%2f..%2fx",
            "/..%5cx",
            "/%00",
            "/c:/x",
            "/%FF",
        ] {
            assert_eq!(decoded_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed("portal-admin-1a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(is_hashed("style-0123456789abcdef.css"));
        // `{:x}` drops leading zeros: one hash in sixteen has 15 digits or fewer.
        assert!(is_hashed("portal-admin-a2b3c4d5e6f7a8b.js"));
        assert!(is_hashed("portal-admin-a2b3c4d5e6f7a8b_bg.wasm"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("portal-admin-1a2b3c4d5e6f7a8b9.js"));
        assert!(!is_hashed("portal-admin_bg.wasm"));
        assert!(!is_hashed("portal-admin.js"));
        assert!(!is_hashed("main-.css"));
        assert!(!is_hashed("icon-add.svg"));
    }
}
