//! What the users list's URL query holds, read by the list and by a user's
//! page (whose links carry the list's position back): the position
//! (`limit`, `back`, `after`) and the search of **Find a user** (`find`).

use leptos_router::params::ParamsMap;

use crate::features::users_list::remembered;
use crate::features::users_list::rules::pagination::Pager;
use crate::text::percent;

/// The list position a URL's query holds, at the rows per page the tab
/// remembers when it names none. The users list reads its own; a user's
/// page, the one its row link carried.
pub fn list_position(query: &ParamsMap) -> Pager {
    Pager::from_query(
        query.get_str("limit"),
        &query.get_all("back").unwrap_or_default(),
        query.get_str("after"),
        remembered::page_size(),
    )
}

/// The search of **Find a user** in force, if the query holds one that is
/// not blank.
pub fn find_text(query: &ParamsMap) -> Option<String> {
    query.get("find").filter(|text| !text.trim().is_empty())
}

/// `href` (a list URL) with the search `find` added, if there is one.
pub fn with_find(href: &str, find: Option<&str>) -> String {
    match find {
        Some(find) => {
            let mark = if href.contains('?') { '&' } else { '?' };
            format!("{href}{mark}find={}", percent::encode(find))
        }
        None => href.to_owned(),
    }
}
