//! The shared state of a running emulator.

use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::catalog::Catalog;
use crate::chaos::Chaos;
use crate::cursor::Cursors;
use crate::errors::ApiError;
use crate::limits::RateLimiter;
use crate::record::RequestLog;
use crate::users::Users;

/// Everything the handlers and middleware share.
pub(crate) struct App {
    pub(crate) portal: String,
    pub(crate) keys: Vec<String>,
    pub(crate) max_limit: usize,
    pub(crate) catalog: Catalog,
    /// The one lock over the mutable data.
    pub(crate) users: Mutex<Users>,
    pub(crate) cursors: Cursors,
    /// `None` when rate limiting is off.
    pub(crate) limiter: Option<RateLimiter>,
    pub(crate) chaos: Chaos,
    pub(crate) log: RequestLog,
}

impl App {
    /// The users, locked. A handler that panicked while holding the lock
    /// cannot have left them half-changed (every change is one push or one
    /// remove), so a poisoned lock is simply taken over.
    pub(crate) fn users(&self) -> MutexGuard<'_, Users> {
        self.users.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Succeeds if `portal` is the portal that exists.
    pub(crate) fn check_portal(&self, portal: &str) -> Result<(), ApiError> {
        if portal == self.portal {
            Ok(())
        } else {
            Err(ApiError::not_found(format!(
                "portal \"{portal}\" not found"
            )))
        }
    }
}
