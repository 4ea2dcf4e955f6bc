//! **Connect**: the key and the API base URL, checked with one request.

mod page;

pub use page::ConnectPage;
