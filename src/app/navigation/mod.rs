//! The one navigation guard: every address that came from outside (the URL
//! bar, storage, the API) goes through [`inside_console`] before the console
//! navigates to it or links it. The decision itself is pure ([`rules`]); this
//! module feeds it what the browser's own URL parser read.

pub mod rules;

use crate::app::session::page_origin;
use crate::text::percent;
use rules::ParsedUrl;

/// The Connect URL that comes back to `path` afterwards.
pub fn connect_href(path: &str) -> String {
    let mut href = String::from("/connect");
    if path != "/" && !path.is_empty() && !path.starts_with("/connect") {
        href.push_str("?next=");
        href.push_str(&percent::encode(path));
    }
    href
}

/// Where to go after connecting: the page first asked for, if it is a page
/// of this console (see [`inside_console`]; `next` comes from the URL).
pub fn after_connect(next: Option<&str>) -> String {
    inside_console(next.unwrap_or(rules::HOME))
}

/// Where the browser may go for `candidate`, an address that came from the
/// URL bar, storage or the API: read by the browser's own URL parser against
/// the console's origin, kept only if it is a page of this console, and
/// rebuilt from what the parser read (see [`rules::decide`]).
/// Everything else leads to the users list.
pub fn inside_console(candidate: &str) -> String {
    let origin = page_origin();
    let parsed = web_sys::Url::new_with_base(candidate, &origin)
        .ok()
        .map(|url| ParsedUrl {
            origin: url.origin(),
            pathname: url.pathname(),
            search: url.search(),
            hash: url.hash(),
        });
    rules::decide(parsed.as_ref(), &origin)
}

/// Where the administrator's key would go for the API base URL typed on
/// Connect, when that is another site than the console's: its host (with
/// the port, if any), as the browser reads it. `None` for the console's own
/// origin (an empty base URL) and for what is not an address at all (the
/// field's own check says so).
pub fn key_destination(base_url: &str) -> Option<String> {
    let base_url = base_url.trim();
    if base_url.is_empty() {
        return None;
    }
    let url = web_sys::Url::new(base_url).ok()?;
    (url.origin() != page_origin()).then(|| url.host())
}
