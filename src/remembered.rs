//! What this tab remembers between pages, in `sessionStorage` next to the
//! session: the chosen rows per page, and the list pages shown last. Nothing
//! here is secret, and losing it (storage full or disabled) only costs a
//! default.

use crate::pagination::{self, DEFAULT_PAGE_SIZE};

/// Where the tab remembers the chosen rows per page.
const PAGE_SIZE_KEY: &str = "portal-admin.rows-per-page";

/// Where the tab remembers the whole queries of the list pages shown last,
/// newest first, one per line (a query is percent-encoded: it holds no
/// line break).
const LIST_POSITIONS_KEY: &str = "portal-admin.list-positions";

/// The rows per page chosen earlier in this tab, or the default.
pub fn page_size() -> u32 {
    get(PAGE_SIZE_KEY).and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Remembers the rows per page for the rest of the tab's life.
pub fn set_page_size(limit: u32) {
    set(PAGE_SIZE_KEY, &limit.to_string());
}

/// The queries of the list pages shown last, newest first, trails of
/// cursors included (see [`pagination::return_href`]).
pub fn list_positions() -> Vec<String> {
    get(LIST_POSITIONS_KEY).map(|all| all.lines().map(String::from).collect()).unwrap_or_default()
}

/// Remembers `query` as the list page shown last.
pub fn remember_list_position(query: String) {
    let mut positions = list_positions();
    pagination::remember(&mut positions, query);
    set(LIST_POSITIONS_KEY, &positions.join("\n"));
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

fn set(key: &str, value: &str) {
    if let Some(storage) = storage() {
        // A full or disabled storage only costs what was to be remembered.
        let _ = storage.set_item(key, value);
    }
}
