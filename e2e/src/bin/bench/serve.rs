//! The one static server both apps are measured behind, so that a
//! comparison measures the apps, not their servers. Each app gets its own
//! instance (its own origin) with the same rules:
//!
//! - the build's files from memory, each as its precompressed `.br` when
//!   the browser accepts brotli, else its `.gz` when it accepts gzip, else
//!   as built (both builds are compressed by the same `cargo xtask` code);
//! - `Cache-Control: no-cache` for HTML, which names the current assets,
//!   and `public, max-age=31536000, immutable` for every other file: Trunk
//!   and Vite both name every asset by its content hash;
//! - an `ETag` on every file, answered with 304 when it matches;
//! - `index.html` for any path that has no file (the apps' own routes);
//! - `/v1/` and `/_emulator/` passed to the app's own emulator, unchanged
//!   both ways, so the API is on the app's origin;
//! - the same security headers (`nosniff`, `no-referrer`) and no
//!   Content-Security-Policy, which would have to differ: the console's
//!   needs the hash of Trunk's inline script, the peer's style engine
//!   inserts inline styles.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::path::Path;
use std::sync::Arc;

use anyhow::{ensure, Context, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, ETAG, IF_NONE_MATCH,
    REFERRER_POLICY, VARY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// One file of a build, with its precompressed forms if it has them.
struct File {
    raw: Vec<u8>,
    brotli: Option<Vec<u8>>,
    gzip: Option<Vec<u8>>,
    content_type: &'static str,
    cache_control: &'static str,
    /// Of the raw content; each encoding adds its own suffix.
    etag: String,
}

struct Site {
    /// By path relative to the build's root, with `/` separators.
    files: HashMap<String, File>,
    /// The emulator's `host:port`.
    api: String,
    client: Client<HttpConnector, Body>,
}

/// A running server, stopped when dropped.
pub struct Server {
    /// Its origin, e.g. `http://127.0.0.1:40123`.
    pub url: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves the build in `dist` and passes API calls to the emulator at `api`
/// (`http://host:port`), on a free loopback port.
pub async fn start(dist: &Path, api: &str) -> Result<Server> {
    let mut files = HashMap::new();
    load(dist, dist, &mut files)?;
    ensure!(
        files.contains_key("index.html"),
        "{} has no index.html",
        dist.display()
    );
    let site = Site {
        files,
        api: api.trim_start_matches("http://").to_string(),
        client: Client::builder(TokioExecutor::new()).build_http(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}", listener.local_addr()?);
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(Arc::new(site));
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(Server { url, task })
}

/// Reads every file under `dir` into `files`, the `.br` and `.gz` copies
/// beside the file they compress.
fn load(root: &Path, dir: &Path, files: &mut HashMap<String, File>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            load(root, &path, files)?;
            continue;
        }
        let name = path
            .strip_prefix(root)?
            .to_string_lossy()
            .replace('\\', "/");
        if name.ends_with(".br") || name.ends_with(".gz") {
            continue;
        }
        let raw = std::fs::read(&path)?;
        let sibling = |suffix: &str| std::fs::read(format!("{}.{suffix}", path.display())).ok();
        let mut hasher = DefaultHasher::new();
        hasher.write(&raw);
        files.insert(
            name.clone(),
            File {
                brotli: sibling("br"),
                gzip: sibling("gz"),
                content_type: content_type(&name),
                cache_control: cache_control(&name),
                etag: format!("{:016x}", hasher.finish()),
                raw,
            },
        );
    }
    Ok(())
}

async fn handle(State(site): State<Arc<Site>>, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/v1/") || path.starts_with("/_emulator/") {
        return site.proxy(request).await;
    }
    let name = path.trim_start_matches('/');
    let file = site
        .files
        .get(name)
        .or_else(|| site.files.get("index.html"))
        .expect("checked at start");
    respond(file, request.headers())
}

impl Site {
    /// Passes `request` to the emulator and its answer back, unchanged.
    async fn proxy(&self, mut request: Request) -> Response {
        let path = request
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_string();
        match format!("http://{}{path}", self.api).parse() {
            Ok(uri) => *request.uri_mut() = uri,
            Err(_) => return StatusCode::BAD_REQUEST.into_response(),
        }
        match self.client.request(request).await {
            Ok(response) => response.map(Body::new),
            Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
        }
    }
}

/// The best encoding of `file` the request accepts, or 304 if the browser
/// holds that one already.
fn respond(file: &File, request: &HeaderMap) -> Response {
    let accepted = request
        .get(ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (body, coding) = match (&file.brotli, &file.gzip) {
        (Some(brotli), _) if accepts(accepted, "br") => (brotli, Some("br")),
        (_, Some(gzip)) if accepts(accepted, "gzip") => (gzip, Some("gzip")),
        _ => (&file.raw, None),
    };
    let etag = format!("\"{}{}\"", file.etag, coding.map_or("", |c| &c[..1]));
    let fresh = request
        .get(IF_NONE_MATCH)
        .is_some_and(|tags| tags.as_bytes() == etag.as_bytes());
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        Body::from(body.clone()).into_response()
    };
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(file.content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(file.cache_control));
    headers.insert(VARY, HeaderValue::from_static("Accept-Encoding"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(ETAG, etag);
    }
    if let Some(coding) = coding {
        headers.insert(CONTENT_ENCODING, HeaderValue::from_static(coding));
    }
    response
}

/// Whether an `Accept-Encoding` value names `coding` without `q=0`.
fn accepts(header: &str, coding: &str) -> bool {
    header.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(coding))
            && parts.all(|param| param.trim_end_matches(['0', '.']) != "q=")
    })
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map_or("", |(_, ext)| ext) {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn cache_control(name: &str) -> &'static str {
    if name.ends_with(".html") {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_encodings() {
        assert!(accepts("gzip, deflate, br, zstd", "br"));
        assert!(accepts("gzip;q=0.5", "gzip"));
        assert!(!accepts("gzip;q=0, br", "gzip"));
        assert!(!accepts("br;q=0.0", "br"));
        assert!(!accepts("gzip", "br"));
    }

    #[test]
    fn html_revalidates_and_hashed_assets_are_immutable() {
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(
            cache_control("assets/index-D8f3kq1Z.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("portal-admin-ec9452fb90487e6e_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
    }
}
