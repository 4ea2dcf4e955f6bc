//! Reusable pieces of the console's screens.

mod copy_button;
mod create_user_dialog;
mod delete_confirm;
mod delete_selected_confirm;
mod error_panel;
mod export_panel;
mod find_user;
pub mod focus_trap;
mod header;
mod last_login;
mod latest;
mod pager_nav;
mod require_session;
mod retry_notice;
mod selection_bar;
mod toasts;
mod users_table;
mod users_toolbar;

pub use copy_button::CopyButton;
pub use create_user_dialog::CreateUserDialog;
pub use delete_confirm::{DeleteConfirm, DeleteOutcome};
pub use delete_selected_confirm::DeleteSelectedConfirm;
pub use error_panel::{ErrorPanel, RequestId};
pub use export_panel::ExportPanel;
pub use find_user::{FindResults, FindUser};
pub use header::Header;
pub use last_login::LastLoginText;
pub use latest::LatestOnly;
pub use pager_nav::PagerNav;
pub use require_session::RequireSession;
pub use retry_notice::RetryNotice;
pub use selection_bar::SelectionBar;
pub use toasts::{ToastArea, ToastLink, Toasts};
pub use users_table::{user_href, TableSkeleton, UsersTable};
pub use users_toolbar::UsersToolbar;
