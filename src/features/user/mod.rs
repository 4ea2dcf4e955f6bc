//! One user's page: details, roles, attributes, Delete.

mod page;
pub mod rules;

pub use page::{DetailSkeleton, UserPage};
