//! The users list: the page (`page`), its loaded page of rows
//! (`list_page`, `list_body`), the table, toolbar and pager, the list's
//! position in the URL (`list_query`) and in the tab (`remembered`), and
//! the pure rules of cursors and loads (`rules`).

mod list_body;
mod list_page;
pub mod list_query;
mod page;
mod pager;
pub mod remembered;
pub mod rules;
mod table;
mod toolbar;

pub use page::{preload_list_chunks, UsersPage};
pub use pager::PagerNav;
pub use table::{user_href, TableSkeleton, UsersTable};
pub use toolbar::UsersToolbar;
