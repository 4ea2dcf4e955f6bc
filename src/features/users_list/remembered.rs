//! What this tab remembers between pages, in `sessionStorage` next to the
//! session: the chosen rows per page, and the list pages shown last. Nothing
//! here is secret, and losing it (storage full or disabled) only costs a
//! default.

use crate::app::session::storage;
use crate::features::users_list::rules::pagination::{self, Pager, DEFAULT_PAGE_SIZE};

/// Where the tab remembers the chosen rows per page.
const PAGE_SIZE_KEY: &str = "portal-admin.rows-per-page";

/// Where the tab keeps the positions (`limit` and `after`) of the list
/// pages it showed last, newest first, one per line (a query is
/// percent-encoded: it holds no line break).
const LIST_POSITIONS_KEY: &str = "portal-admin.list-positions";

/// Where the tab keeps the whole query of the list page at one of those
/// positions: this prefix, then the position.
const LIST_QUERY_PREFIX: &str = "portal-admin.list-query:";

/// The rows per page chosen earlier in this tab, or the default.
pub fn page_size() -> u32 {
    get(PAGE_SIZE_KEY)
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_PAGE_SIZE)
}

/// Remembers the rows per page for the rest of the tab's life.
pub fn set_page_size(limit: u32) {
    set(PAGE_SIZE_KEY, &limit.to_string());
}

/// The whole query, trail of cursors included, of the list page at
/// `position` (a row link's query), if the tab showed it lately (see
/// [`pagination::return_href`]).
pub fn list_query(position: &str) -> Option<String> {
    get(&format!("{LIST_QUERY_PREFIX}{position}"))
}

/// Remembers the list page at `pager` as the one shown last. Each page's
/// query has its own key, so showing a page writes one query, not all.
pub fn remember_list_page(pager: &Pager) {
    let position = pager.position_query();
    set(&format!("{LIST_QUERY_PREFIX}{position}"), &pager.to_query());
    let mut positions: Vec<String> = get(LIST_POSITIONS_KEY)
        .map(|all| all.lines().map(String::from).collect())
        .unwrap_or_default();
    for forgotten in pagination::remember(&mut positions, position) {
        remove(&format!("{LIST_QUERY_PREFIX}{forgotten}"));
    }
    set(LIST_POSITIONS_KEY, &positions.join("\n"));
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

fn remove(key: &str) {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(key);
    }
}
