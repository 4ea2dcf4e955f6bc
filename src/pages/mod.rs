//! One module per route.

mod connect;
mod list_query;
mod not_found;
mod user;
mod users;

pub use connect::ConnectPage;
pub use not_found::NotFoundPage;
pub use user::UserPage;
pub use users::UsersPage;
