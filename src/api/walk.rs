//! A walk of every page of the portal's users, paced by the rate limit.
//!
//! Built on [`PortalClient`]'s public calls only: each page is one
//! [`PortalClient::list_users`] (retried by the client as any read), and
//! the pause before the next comes from [`PortalClient::rate_limit`] and
//! the pacing rule in [`super::pacing`].

use std::cell::Cell;
use std::collections::HashSet;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use super::error::{ApiError, ErrorKind};
use super::pacing::{pause_ms, smaller_page_size, walk_retry_ms, WALK_PAGE_SIZES};
use super::PortalClient;
use crate::api::model::User;

thread_local! {
    /// The page size the API last accepted, so that a later walk in the
    /// tab does not ask again for sizes it refused.
    static ACCEPTED_SIZE: Cell<u32> = const { Cell::new(WALK_PAGE_SIZES[0]) };
}

/// What a walk reports as it goes.
#[derive(Debug)]
pub enum WalkEvent {
    /// A page arrived: its users, in the API's order, and the cursor of the
    /// page after it (`None`: this was the last).
    Page {
        /// The page's users.
        users: Vec<User>,
        /// Where the next page starts; pass it to [`walk_users`] to resume.
        next: Option<String>,
    },
    /// The walk waits before its next request until `until_ms`
    /// (`Date.now()` milliseconds): for the quota, or after a failure.
    Waiting {
        /// When the next request is made.
        until_ms: f64,
    },
}

/// Walks the portal's users from the page after `after` (from the start
/// with `None`) to the last page, handing each page to `on_event` as it
/// arrives, and waiting between pages as the pacing rule says.
///
/// Ends with `Ok` after the last page, or with the error that outlasted
/// the retries; the last [`WalkEvent::Page`]'s cursor resumes it. Dropping
/// the future cancels the walk.
pub async fn walk_users(
    client: &PortalClient,
    after: Option<String>,
    mut on_event: impl FnMut(WalkEvent),
) -> Result<(), ApiError> {
    let mut after = after;
    let mut size = ACCEPTED_SIZE.get();
    let mut failures = 0;
    // A server that hands out a cursor twice would otherwise be walked forever.
    let mut seen = HashSet::new();
    let rate = client.rate_limit();
    loop {
        match client.list_users(after.as_deref(), size).await {
            Ok(page) => {
                failures = 0;
                ACCEPTED_SIZE.set(size);
                if page
                    .next
                    .as_ref()
                    .is_some_and(|next| !seen.insert(next.clone()))
                {
                    return Err(ApiError::repeated_cursor());
                }
                after.clone_from(&page.next);
                on_event(WalkEvent::Page {
                    users: page.items,
                    next: page.next,
                });
                if after.is_none() {
                    return Ok(());
                }
                wait(pause_ms(rate.get_untracked()), &mut on_event).await;
            }
            // Only the first page's request can be refused for its size:
            // it carries no cursor.
            Err(error) if error.kind == ErrorKind::BadRequest && after.is_none() => {
                match smaller_page_size(size) {
                    Some(smaller) => size = smaller,
                    None => return Err(error),
                }
            }
            Err(error) => {
                failures += 1;
                match walk_retry_ms(&error, failures, rate.get_untracked()) {
                    Some(ms) => wait(ms, &mut on_event).await,
                    None => return Err(error),
                }
            }
        }
    }
}

/// Waits `ms` milliseconds, saying so first.
async fn wait(ms: f64, on_event: &mut impl FnMut(WalkEvent)) {
    if ms > 0.0 {
        on_event(WalkEvent::Waiting {
            until_ms: js_sys::Date::now() + ms,
        });
        TimeoutFuture::new(ms.ceil() as u32).await;
    }
}
