//! Serving the built console with `--static`.

mod common;

use std::path::PathBuf;

use base64::Engine;
use common::{config, read, start, Emulator};
use sha2::{Digest, Sha256};

const INLINE: &str = "import init, * as bindings from '/portal-admin-1a2b3c4d5e6f7a8b.js';\n\
                      init('/portal-admin-1a2b3c4d5e6f7a8b_bg.wasm');";
const WASM: &str = "portal-admin-1a2b3c4d5e6f7a8b_bg.wasm";
const JS: &str = "portal-admin-1a2b3c4d5e6f7a8b.js";

/// A Trunk-like `dist/` in a fresh temporary directory, with a secret next to it.
fn fixture(name: &str) -> PathBuf {
    let base = std::env::temp_dir().join(format!("portal-emulator-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let dist = base.join("dist");
    std::fs::create_dir_all(dist.join("assets")).unwrap();
    let index = format!(
        "<!DOCTYPE html><html><head><link rel=\"stylesheet\" href=\"/style.css\">\
         <script type=\"module\">{INLINE}</script></head><body></body></html>"
    );
    let files: [(&str, &[u8]); 11] = [
        ("index.html", index.as_bytes()),
        (WASM, b"\0asm-plain"),
        (&format!("{WASM}.br"), b"wasm-brotli"),
        (&format!("{WASM}.gz"), b"wasm-gzip"),
        (JS, b"export default 1;"),
        (&format!("{JS}.gz"), b"js-gzip"),
        ("style.css", b"body{}"),
        ("assets/logo.svg", b"<svg/>"),
        ("favicon.ico", b"ico"),
        ("assets/logo.png", b"png"),
        ("manifest.json", b"{}"),
    ];
    for (path, contents) in files {
        std::fs::write(dist.join(path), contents).unwrap();
    }
    std::fs::write(base.join("secret.txt"), "do not serve").unwrap();
    dist
}

async fn serving(name: &str) -> Emulator {
    let mut config = config();
    config.static_dir = Some(fixture(name));
    start(config).await
}

async fn fetch(
    emu: &Emulator,
    path: &str,
    accept_encoding: Option<&str>,
) -> (common::Reply, String) {
    let mut request = emu.client.get(format!("{}{path}", emu.base));
    if let Some(value) = accept_encoding {
        request = request.header("accept-encoding", value);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let json = serde_json::from_str(&text).unwrap_or_default();
    (
        common::Reply {
            status,
            headers,
            json,
        },
        text,
    )
}

#[tokio::test]
async fn serves_index_with_csp_hash_and_spa_fallback() {
    let emu = serving("index").await;
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE));
    let expected_csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-{hash}'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' http: https:; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    let (index, body) = fetch(&emu, "/", None).await;
    assert_eq!(index.status, 200);
    assert!(body.contains(INLINE));
    assert_eq!(index.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(index.header("cache-control"), "no-cache");
    assert_eq!(index.header("content-security-policy"), expected_csp);
    assert_eq!(index.header("x-content-type-options"), "nosniff");
    assert_eq!(index.header("referrer-policy"), "no-referrer");

    for route in ["/users/us_123", "/settings", "/index.html", "/missing.js"] {
        let (reply, text) = fetch(&emu, route, None).await;
        assert_eq!(reply.status, 200, "{route}");
        assert_eq!(text, body, "{route}");
        assert_eq!(reply.header("cache-control"), "no-cache");
    }
    // API and control paths never fall back to the console.
    for path in ["/v1/nope", "/v1", "/_emulator/nope"] {
        let (reply, _) = fetch(&emu, path, None).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(reply.json["request_id"].is_string(), "{path}");
    }
    let post = read(emu.client.post(format!("{}/settings", emu.base))).await;
    post.assert_error(404);
}

/// `cargo xtask dev` rebuilds `dist/` under a running emulator, and each
/// build's loader script differs: the policy follows `index.html`.
#[tokio::test]
async fn the_policy_follows_a_rebuilt_index() {
    let dist = fixture("rebuilt");
    let mut config = config();
    config.static_dir = Some(dist.clone());
    let emu = start(config).await;
    let rebuilt = "import init from '/portal-admin-0f1e2d3c4b5a6978.js'; init();";
    std::fs::write(
        dist.join("index.html"),
        format!(
            "<!DOCTYPE html><html><head><script type=\"module\">{rebuilt}</script></head></html>"
        ),
    )
    .unwrap();
    let hash = |script: &str| {
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))
        )
    };
    for path in ["/", "/users", &format!("/{JS}")] {
        let (reply, _) = fetch(&emu, path, None).await;
        let policy = reply.header("content-security-policy");
        assert!(policy.contains(&hash(rebuilt)), "{path}: {policy}");
        assert!(!policy.contains(&hash(INLINE)), "{path}: {policy}");
    }
    // While a rebuild has emptied the directory, the last policy stands.
    std::fs::remove_file(dist.join("index.html")).unwrap();
    let (reply, _) = fetch(&emu, &format!("/{JS}"), None).await;
    assert!(reply
        .header("content-security-policy")
        .contains(&hash(rebuilt)));
}

#[tokio::test]
async fn types_and_caching_of_assets() {
    let emu = serving("types").await;
    let cases = [
        (
            format!("/{WASM}"),
            "application/wasm",
            "public, max-age=31536000, immutable",
        ),
        (
            format!("/{JS}"),
            "text/javascript; charset=utf-8",
            "public, max-age=31536000, immutable",
        ),
        (
            "/style.css".to_string(),
            "text/css; charset=utf-8",
            "no-cache",
        ),
        ("/assets/logo.svg".to_string(), "image/svg+xml", "no-cache"),
        ("/assets/logo.png".to_string(), "image/png", "no-cache"),
        ("/favicon.ico".to_string(), "image/x-icon", "no-cache"),
        ("/manifest.json".to_string(), "application/json", "no-cache"),
    ];
    for (path, content_type, cache) in cases {
        let (reply, _) = fetch(&emu, &path, None).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), content_type, "{path}");
        assert_eq!(reply.header("cache-control"), cache, "{path}");
        assert!(!reply.header("content-security-policy").is_empty());
    }
}

#[tokio::test]
async fn prefers_precompressed_siblings_the_client_accepts() {
    let emu = serving("encodings").await;
    let wasm = format!("/{WASM}");
    let cases = [
        (
            wasm.as_str(),
            Some("gzip, deflate, br"),
            "wasm-brotli",
            Some("br"),
        ),
        (wasm.as_str(), Some("gzip"), "wasm-gzip", Some("gzip")),
        (
            wasm.as_str(),
            Some("br;q=0, gzip"),
            "wasm-gzip",
            Some("gzip"),
        ),
        (wasm.as_str(), None, "\0asm-plain", None),
        (wasm.as_str(), Some("identity"), "\0asm-plain", None),
    ];
    for (path, accept, body, encoding) in cases {
        let (reply, text) = fetch(&emu, path, accept).await;
        assert_eq!(text, body, "{accept:?}");
        assert_eq!(
            reply.header("content-encoding"),
            encoding.unwrap_or(""),
            "{accept:?}"
        );
        assert_eq!(reply.header("content-type"), "application/wasm");
        assert_eq!(reply.header("vary"), "Accept-Encoding");
    }
    let (js, text) = fetch(&emu, &format!("/{JS}"), Some("br, gzip")).await;
    assert_eq!(text, "js-gzip");
    assert_eq!(js.header("content-encoding"), "gzip");
}

#[tokio::test]
async fn never_serves_files_outside_the_directory() {
    let emu = serving("traversal").await;
    // The client resolves encoded dots itself, so these arrive as `/secret.txt`.
    for path in ["/%2e%2e/secret.txt", "/assets/%2E%2E/%2E%2E/secret.txt"] {
        let (_, text) = fetch(&emu, path, None).await;
        assert!(!text.contains("do not serve"), "{path}");
    }
    for path in [
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/assets/..%2F..%2Fsecret.txt",
    ] {
        let (reply, text) = fetch(&emu, path, None).await;
        assert!(!text.contains("do not serve"), "{path}");
        assert_eq!(reply.status, 404, "{path}");
    }
    // A raw request line, which an HTTP client library would normalise.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = emu.base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream
        .write_all(b"GET /../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).await.unwrap();
    assert!(!raw.contains("do not serve"), "{raw}");
    assert!(raw.starts_with("HTTP/1.1 404"), "{raw}");
}

#[tokio::test]
async fn only_a_hashed_file_that_exists_is_kept_for_good() {
    let emu = serving("missing-hashed").await;
    // The console's own index.html in place of an old build's asset.
    let (reply, text) = fetch(&emu, "/portal-admin-0123456789abcde.js", None).await;
    assert_eq!(reply.status, 200);
    assert!(text.contains(INLINE));
    assert_eq!(reply.header("cache-control"), "no-cache");
}

#[cfg(unix)]
#[tokio::test]
async fn follows_no_symlink_out_of_the_directory() {
    let dist = fixture("symlinks");
    std::os::unix::fs::symlink(dist.join("../secret.txt"), dist.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(dist.join("style.css"), dist.join("alias.css")).unwrap();
    let mut config = config();
    config.static_dir = Some(dist);
    let emu = start(config).await;
    let (reply, text) = fetch(&emu, "/leak.txt", None).await;
    assert!(!text.contains("do not serve"));
    reply.assert_error(404);
    let (reply, text) = fetch(&emu, "/alias.css", None).await;
    assert_eq!(reply.status, 200);
    assert_eq!(text, "body{}");
}

#[tokio::test]
async fn refuses_a_directory_without_index_html() {
    let mut config = config();
    config.static_dir = Some(std::env::temp_dir().join("portal-emulator-no-such-dir"));
    assert!(portal_emulator::router(config).is_err());
}
