//! **Find a user**: the search over the tab's walk of the portal
//! (`results`) and its matching rules (`rules`).

mod results;
pub mod rules;

pub use results::{FindResults, FindUser};
