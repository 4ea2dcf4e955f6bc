//! Reusable views, used by more than one feature: no feature's own
//! screens, and nothing imported from `crate::features`.

mod copy_button;
pub mod dialog;
pub mod download;
mod error_panel;
mod header;
mod last_login;
mod latest;
mod not_found;
mod on_demand;
mod require_session;
mod retry_notice;
mod toasts;

pub use copy_button::CopyButton;
pub use error_panel::{ErrorPanel, RequestId};
pub use header::Header;
pub use last_login::LastLoginText;
pub use latest::LatestOnly;
pub use not_found::NotFoundPage;
pub(crate) use on_demand::on_demand;
pub use on_demand::{run_when_idle, ChunkError, DialogLoading, OnDemand, Prefetch};
pub use require_session::RequireSession;
pub use retry_notice::{QuotaWait, RetryNotice};
pub use toasts::{ToastArea, ToastLink, Toasts};
