//! The Content-Security-Policy of the served console.
//!
//! Trunk injects an inline `<script type="module">` into `index.html` to
//! load the wasm; `script-src 'self'` would block it, so the policy lists
//! the SHA-256 of each inline script instead of allowing `'unsafe-inline'`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for a site whose `index.html` is `index_html`.
pub(crate) fn policy(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .into_iter()
        .map(|script| format!(" 'sha256-{}'", STANDARD.encode(Sha256::digest(script))))
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; connect-src 'self' http: https:; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of the `<script>` elements without a `src`, exactly as written.
fn inline_scripts(html: &str) -> Vec<&str> {
    // ASCII lowercasing keeps byte offsets, so positions found in `lower` index `html`.
    let lower = html.to_ascii_lowercase();
    let mut scripts = Vec::new();
    let mut from = 0;
    while let Some(start) = lower[from..].find("<script").map(|at| from + at) {
        let Some(open_end) = lower[start..].find('>').map(|at| start + at) else {
            break;
        };
        let Some(close) = lower[open_end..].find("</script").map(|at| open_end + at) else {
            break;
        };
        let has_src = lower[start + "<script".len()..open_end]
            .split_whitespace()
            .any(|attribute| attribute == "src" || attribute.starts_with("src="));
        let body = &html[open_end + 1..close];
        if !has_src && !body.is_empty() {
            scripts.push(body);
        }
        from = close;
    }
    scripts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_scripts_only() {
        let html = "<head><SCRIPT type=\"module\">import init from '/a.js';\ninit();</SCRIPT>\
                    <script src=\"/b.js\"></script><script>x()</script></head>";
        assert_eq!(
            inline_scripts(html),
            ["import init from '/a.js';\ninit();", "x()"]
        );
    }

    #[test]
    fn hashes_like_a_browser() {
        // The value a browser reports for `<script>alert('Hello, world.');</script>`.
        let expected = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='";
        assert!(policy("<script>alert('Hello, world.');</script>").contains(expected));
    }
}
