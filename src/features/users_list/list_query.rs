//! What the users list's URL query holds, read by the list and by a user's
//! page (whose links carry the list's position back): the position
//! (`limit`, `back`, `after`) and the access review (`find`, `login`,
//! `domain`, `sort`).

use leptos_router::params::ParamsMap;

use crate::features::access_review::rules::address::Review;
use crate::features::users_list::remembered;
use crate::features::users_list::rules::pagination::Pager;

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

/// The access review in force (Find a user's text, Last login, Email
/// domain, the sort); values the console does not know are left out.
pub fn review(query: &ParamsMap) -> Review {
    Review::from_query(
        query.get_str("find"),
        query.get_str("login"),
        query.get_str("domain"),
        query.get_str("sort"),
    )
}
