//! One folder per thing an administrator does. Each keeps its views beside
//! its pure rules (`rules.rs` or `rules/`: no `leptos`, `web_sys` or
//! `js_sys`, tested natively).

pub mod access_review;
pub mod connect;
pub mod create_user;
pub mod delete;
pub mod export;
pub mod find;
pub mod import;
pub mod user;
pub mod users_list;
