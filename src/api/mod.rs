//! The typed client of the Partner Portal API (see `shared/portal-api.md`).
//!
//! [`PortalClient`] is the only part that talks to the browser; decoding,
//! URLs, error classification and the retry policy are pure and tested
//! natively.

mod client;
pub(crate) mod decode;
mod error;
mod headers;
pub mod model;
mod paced;
mod pacing;
mod retry;
mod url;
mod walk;

pub use client::{PortalClient, TIMEOUT_SECS};
pub use error::{ApiError, ErrorKind};
pub use headers::RateLimit;
pub use model::{
    AttributeType, AttributeValue, Deleted, LastLogin, NewUser, Page, Role, User, UserAttribute,
};
pub use paced::{create_users_paced, delete_users_paced, PacedEnd, PacedEvent, PacedRun};
pub use retry::RetryNotice;
pub use walk::{walk_users, WalkEvent};
