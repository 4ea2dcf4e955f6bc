//! What every screen shares: the session and its key, the signed-in
//! console's state, the navigation guard, the roles and attributes
//! catalogs, the tab's walk of the whole portal, and dates in the
//! browser's locale.

pub mod catalogs;
pub mod console_state;
pub mod dates;
pub mod navigation;
pub mod portal_walk;
pub mod session;
