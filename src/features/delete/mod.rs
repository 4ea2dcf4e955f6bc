//! Deleting users: one from a row or its page (`single`), or the users
//! selected across pages in one paced run (`selection_bar`, `selected`),
//! and the selection's rules (`rules`).

pub mod rules;
mod selected;
mod selection_bar;
mod single;

pub use selected::DeleteSelectedConfirm;
pub use selection_bar::SelectionBar;
pub use single::{DeleteConfirm, DeleteOutcome};
