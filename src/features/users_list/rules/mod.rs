//! The users list's pure rules: the position of a page among the API's
//! cursors (`pagination`) and the bookkeeping of its loads (`list_state`).

pub mod list_state;
pub mod pagination;
