//! **Find a user**: the search field and its folding (`field`), and its
//! matching rules (`rules`). Its results are the access review's, over
//! the tab's walk of the portal.

mod field;
pub mod rules;

pub use field::{fold, FindUser};
