//! The signed-in session: the API base URL, the portal ID and the service
//! account key.
//!
//! It lives in `sessionStorage` only: a reload in the same tab keeps it, a
//! new tab or a closed browser does not, and nothing writes it to
//! `localStorage`, a cookie, a URL or IndexedDB. The key is private to this
//! crate and masked in `Debug`, so it cannot reach a log line by accident.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::api::decode::{decode, DecodeError};

/// The `sessionStorage` entry holding the session.
const STORAGE_KEY: &str = "portal-admin.session";

/// What the administrator signed in with.
#[derive(Clone, PartialEq, Eq)]
pub struct Session {
    base_url: String,
    portal_id: String,
    key: String,
}

/// Why a session cannot be made from the given fields; one variant per
/// field, so a sign-in form can put the message next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionError {
    /// The base URL is not empty and not an `http(s)://` URL (`javascript:`,
    /// `data:`, `file:`, a bare host…).
    #[error("The API base URL must start with https:// (or http://), or be left empty to use this site; javascript:, data: and file: addresses are refused.")]
    BaseUrlScheme,
    /// The base URL holds a user name or password.
    #[error("The API base URL may not hold a user name or password: the service account key is the only credential.")]
    BaseUrlCredentials,
    /// The base URL names no host, or holds what a base URL cannot.
    #[error("The API base URL must name a host, as in https://api.example.com, with no spaces, backslash, query or fragment.")]
    BaseUrl,
    /// The portal ID is empty.
    #[error("Enter the partner portal ID.")]
    PortalId,
    /// The key is empty.
    #[error("Enter the service account key.")]
    MissingKey,
    /// The key holds spaces or characters no HTTP header can carry.
    #[error("The service account key may hold no spaces or special characters; paste it again.")]
    InvalidKey,
}

impl Session {
    /// Makes a session from what the administrator typed, trimmed.
    ///
    /// An empty `base_url` means the console's own origin (the API
    /// reverse-proxied under it); otherwise it must be an `http(s)` URL,
    /// and a trailing slash is dropped. A key that does not start with `sk`
    /// is accepted (see [`key_hint`]), but it must be printable ASCII
    /// without spaces, as the browser refuses anything else in a header.
    pub fn new(base_url: &str, portal_id: &str, key: &str) -> Result<Session, SessionError> {
        let base_url = base_url.trim();
        if !base_url.is_empty() {
            check_base_url(base_url)?;
        }
        let base_url = base_url.trim_end_matches('/');
        let portal_id = portal_id.trim();
        if portal_id.is_empty() {
            return Err(SessionError::PortalId);
        }
        let key = key.trim();
        if key.is_empty() {
            return Err(SessionError::MissingKey);
        }
        if !key.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(SessionError::InvalidKey);
        }
        Ok(Session {
            base_url: base_url.to_owned(),
            portal_id: portal_id.to_owned(),
            key: key.to_owned(),
        })
    }

    /// The API base URL without a trailing slash; empty means the console's own origin.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The partner portal ID.
    pub fn portal_id(&self) -> &str {
        &self.portal_id
    }

    /// The key for the `Authorization` header; only the API client needs it.
    pub(crate) fn key(&self) -> &str {
        &self.key
    }

    /// The key masked for display, for example `sk:••••7dc` (see [`mask_key`]).
    pub fn masked_key(&self) -> String {
        mask_key(&self.key)
    }

    /// The session saved in this tab, if any. An unreadable or invalid
    /// entry counts as none.
    pub fn load() -> Option<Session> {
        let text = storage()?.get_item(STORAGE_KEY).ok()??;
        Session::from_json(&text).ok()?.ok()
    }

    /// Saves the session for this tab. Where `sessionStorage` is unavailable
    /// (blocked by the browser's settings), the session lasts only until
    /// the page is reloaded.
    pub fn save(&self) {
        if let Some(storage) = storage() {
            // A refusal (quota, privacy mode) leaves the session in memory only, as documented.
            let _ = storage.set_item(STORAGE_KEY, &self.to_json());
        }
    }

    /// The stored form, `{"base_url": …, "portal_id": …, "key": …}`.
    /// Private, so that the key is written out nowhere else.
    fn to_json(&self) -> String {
        let stored = Stored {
            base_url: Cow::Borrowed(&self.base_url),
            portal_id: Cow::Borrowed(&self.portal_id),
            key: Cow::Borrowed(&self.key),
        };
        // Three strings: serde_json cannot fail to write them.
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// Reads the stored form back, checking the fields again as [`Session::new`] does.
    fn from_json(text: &str) -> Result<Result<Session, SessionError>, DecodeError> {
        let stored: Stored = decode(text.as_bytes())?;
        Ok(Session::new(
            &stored.base_url,
            &stored.portal_id,
            &stored.key,
        ))
    }

    /// Removes the saved session (sign-out).
    pub fn clear() {
        if let Some(storage) = storage() {
            // Nothing to do if the browser refuses: there was nothing saved.
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("base_url", &self.base_url)
            .field("portal_id", &self.portal_id)
            .field("key", &self.masked_key())
            .finish()
    }
}

/// Masks a service account key for display: the `sk:` prefix if present,
/// `••••`, then the last 3 characters. When fewer than 12 characters follow
/// the prefix, the last 3 would give away too much, so the key is fully
/// masked (`sk:••••`).
pub fn mask_key(key: &str) -> String {
    const SHOWN: usize = 3;
    const MIN_FOR_TAIL: usize = 12;
    let (prefix, rest) = match key.strip_prefix("sk:") {
        Some(rest) => ("sk:", rest),
        None => ("", key),
    };
    let count = rest.chars().count();
    let tail: String = if count >= MIN_FOR_TAIL {
        rest.chars().skip(count - SHOWN).collect()
    } else {
        String::new()
    };
    format!("{prefix}••••{tail}")
}

/// A hint to show under the key field when the key does not look like a
/// service account key; `None` when it does, or when it is empty.
pub fn key_hint(key: &str) -> Option<&'static str> {
    let key = key.trim();
    (!key.is_empty() && !key.starts_with("sk"))
        .then_some("Service account keys usually start with “sk:”. This key will be tried anyway.")
}

/// An `http(s)` URL as the WHATWG URL parser read it: the parts a base URL
/// is judged by.
#[derive(Debug, Default, PartialEq, Eq)]
struct ParsedBase {
    /// With its colon: `https:`.
    protocol: String,
    username: String,
    password: String,
    hostname: String,
    /// Empty for the scheme's default port.
    port: String,
    pathname: String,
}

/// What the browser's own `new URL(text)` reads.
#[cfg(target_arch = "wasm32")]
fn parse_base(text: &str) -> Option<ParsedBase> {
    let url = web_sys::Url::new(text).ok()?;
    Some(ParsedBase {
        protocol: url.protocol(),
        username: url.username(),
        password: url.password(),
        hostname: url.hostname(),
        port: url.port(),
        pathname: url.pathname(),
    })
}

/// What a browser's `new URL(text)` reads, through the `url` crate's WHATWG
/// parser, so the native tests judge addresses as Chromium does.
#[cfg(not(target_arch = "wasm32"))]
fn parse_base(text: &str) -> Option<ParsedBase> {
    let url = url::Url::parse(text).ok()?;
    Some(ParsedBase {
        protocol: format!("{}:", url.scheme()),
        username: url.username().to_owned(),
        password: url.password().unwrap_or_default().to_owned(),
        hostname: url.host_str().unwrap_or_default().to_owned(),
        port: url.port().map(|port| port.to_string()).unwrap_or_default(),
        pathname: url.path().to_owned(),
    })
}

/// `http://` or `https://`, no user name or password, a host, and nothing a
/// base URL cannot hold, judged on what the browser's URL parser reads, as
/// the navigation guard judges addresses. The parser repairs what it can (a
/// backslash read as `/`, a tab dropped, `https:///v1` read as the host
/// `v1`), so the text must also be what the parser read: otherwise the host
/// the key would go to is not the one the text seems to name.
fn check_base_url(text: &str) -> Result<(), SessionError> {
    let printable = text
        .chars()
        .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '\\'));
    let Some(url) = parse_base(text) else {
        // Unreadable: a relative or scheme-less address is told to add the
        // scheme; an http(s) one has a bad host.
        let lower = text.to_ascii_lowercase();
        let web = lower.starts_with("https://") || lower.starts_with("http://");
        return Err(if web {
            SessionError::BaseUrl
        } else {
            SessionError::BaseUrlScheme
        });
    };
    if url.protocol != "https:" && url.protocol != "http:" {
        return Err(SessionError::BaseUrlScheme);
    }
    if !url.username.is_empty() || !url.password.is_empty() {
        return Err(SessionError::BaseUrlCredentials);
    }
    if printable && !url.hostname.is_empty() && reads_as_typed(text, &url) {
        Ok(())
    } else {
        Err(SessionError::BaseUrl)
    }
}

/// Whether `text` names what the parser read, but for the case of the scheme
/// and host, trailing slashes and a default port written out.
fn reads_as_typed(text: &str, url: &ParsedBase) -> bool {
    let comparable = |text: &str| text.trim_end_matches('/').to_ascii_lowercase();
    let typed = comparable(text);
    let default_port = if url.protocol == "https:" {
        ":443"
    } else {
        ":80"
    };
    let ports = match url.port.as_str() {
        "" => vec![String::new(), default_port.to_owned()],
        port => vec![format!(":{port}")],
    };
    ports.iter().any(|port| {
        let read = format!("{}//{}{port}{}", url.protocol, url.hostname, url.pathname);
        comparable(&read) == typed
    })
}

/// The session as `sessionStorage` holds it. Separate from [`Session`], so
/// that a session cannot be serialized (and its key written out) anywhere
/// else, and a stored one is checked again by [`Session::new`].
#[derive(Serialize, Deserialize)]
struct Stored<'a> {
    #[serde(borrow)]
    base_url: Cow<'a, str>,
    #[serde(borrow)]
    portal_id: Cow<'a, str>,
    #[serde(borrow)]
    key: Cow<'a, str>,
}

/// The console's own origin, `https://admin.example.com`, where the API is
/// reverse-proxied when the base URL is empty; empty where the page has none.
pub fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// The tab's `sessionStorage`; `None` where the browser's settings block it.
pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_normalizes() {
        let session = Session::new("  https://api.example.com/ ", " demo ", " sk:demo\n").unwrap();
        assert_eq!(session.base_url(), "https://api.example.com");
        assert_eq!(session.portal_id(), "demo");
        assert_eq!(session.key(), "sk:demo");
        assert_eq!(Session::new("", "demo", "sk:demo").unwrap().base_url(), "");
        assert_eq!(
            Session::new("HTTP://127.0.0.1:8791/api//", "p", "k")
                .unwrap()
                .base_url(),
            "HTTP://127.0.0.1:8791/api"
        );
    }

    #[test]
    fn rejects_each_field() {
        for (url, error) in [
            ("api.example.com", SessionError::BaseUrlScheme),
            ("ftp://x", SessionError::BaseUrlScheme),
            ("javascript:alert(1)", SessionError::BaseUrlScheme),
            ("JavaScript://%0aalert(1)", SessionError::BaseUrlScheme),
            (
                "data:text/html,<script>alert(1)</script>",
                SessionError::BaseUrlScheme,
            ),
            ("file:///etc/passwd", SessionError::BaseUrlScheme),
            ("/v1", SessionError::BaseUrlScheme),
            ("//api.example.com", SessionError::BaseUrlScheme),
            ("https://u@h", SessionError::BaseUrlCredentials),
            (
                "https://user:pass@api.example.com/v1",
                SessionError::BaseUrlCredentials,
            ),
            ("https://", SessionError::BaseUrl),
            ("https:///v1", SessionError::BaseUrl),
            ("https://:443", SessionError::BaseUrl),
            ("https://a b", SessionError::BaseUrl),
            ("https://a\tb", SessionError::BaseUrl),
            ("https://h/?x", SessionError::BaseUrl),
            ("https://h#x", SessionError::BaseUrl),
            (
                "https://admin.example.com\\.evil.example",
                SessionError::BaseUrl,
            ),
            (
                "https://admin.example.com\\@evil.example",
                SessionError::BaseUrl,
            ),
        ] {
            assert_eq!(Session::new(url, "p", "k"), Err(error), "{url}");
        }
        for url in [
            "https://api.example.com",
            "HTTPS://API.Example.com/v1/",
            "http://127.0.0.1:8791",
            "https://api.example.com:443/base",
            "http://[::1]:8080/api",
            "https://api.example.com/a%20b",
        ] {
            assert!(Session::new(url, "p", "k").is_ok(), "{url}");
        }
        assert_eq!(Session::new("", "  ", "k"), Err(SessionError::PortalId));
        assert_eq!(Session::new("", "p", " "), Err(SessionError::MissingKey));
        assert_eq!(
            Session::new("", "p", "sk:a b"),
            Err(SessionError::InvalidKey)
        );
        assert_eq!(Session::new("", "p", "sk:é"), Err(SessionError::InvalidKey));
    }

    #[test]
    fn masks_the_key() {
        assert_eq!(mask_key("sk:4eC39HqLyjWDarjtT1zdp7dc"), "sk:••••7dc");
        assert_eq!(mask_key("4eC39HqLyjWDarjtT1zdp7dc"), "••••7dc");
        assert_eq!(mask_key("sk:demo"), "sk:••••");
        assert_eq!(mask_key("sk:12345678901"), "sk:••••");
        assert_eq!(mask_key("sk:123456789012"), "sk:••••012");
        assert_eq!(mask_key("abc"), "••••");
    }

    #[test]
    fn debug_and_errors_never_show_the_key() {
        let session = Session::new("", "demo", "sk:4eC39HqLyjWDarjtT1zdp7dc").unwrap();
        let debug = format!("{session:?}");
        assert!(!debug.contains("4eC39HqLyjWDarjtT1zdp7dc"), "{debug}");
        assert!(debug.contains("sk:••••7dc"), "{debug}");
        let error = Session::new("", "p", "sk:bad key").unwrap_err();
        assert!(!error.to_string().contains("bad key"));
    }

    #[test]
    fn stored_form_round_trips() {
        let session = Session::new("https://api.example.com", "demo", "sk:a\"b").unwrap();
        let text = session.to_json();
        assert_eq!(
            text,
            r#"{"base_url":"https://api.example.com","portal_id":"demo","key":"sk:a\"b"}"#
        );
        assert_eq!(Session::from_json(&text), Ok(Ok(session)));
        assert_eq!(
            Session::from_json(r#"{"base_url":"","portal_id":"p","key":" "}"#),
            Ok(Err(SessionError::MissingKey))
        );
        assert!(Session::from_json(r#"{"base_url":"","portal_id":"p"}"#).is_err());
        assert!(Session::from_json("").is_err());
    }

    #[test]
    fn hints_at_unusual_keys() {
        assert_eq!(key_hint("sk:demo"), None);
        assert_eq!(key_hint("  sk_live_x"), None);
        assert_eq!(key_hint(""), None);
        assert!(key_hint("pk:demo").unwrap().contains("sk:"));
    }
}
