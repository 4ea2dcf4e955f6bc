//! Many deletes in a row, one at a time, paced by the rate limit as the
//! walk is.
//!
//! Built on [`PortalClient`]'s public calls only: each user is one
//! [`PortalClient::delete_user`] (retried by the client as any delete: a
//! 404 on a retry counts as deleted), and the pause before the next comes
//! from [`PortalClient::rate_limit`] and the pacing rule in
//! [`super::pacing`].

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use super::error::{ApiError, ErrorKind};
use super::pacing::{pause_ms, walk_retry_ms};
use super::PortalClient;
use crate::api::model::Deleted;

/// The longest a pause sleeps before it checks for **Cancel** again, in ms.
const CANCEL_CHECK_MS: f64 = 200.0;

/// What a paced run of deletes reports as it goes.
#[derive(Debug)]
pub enum DeleteEvent {
    /// The run waits for the rate limit until `Date.now()` reaches this,
    /// in milliseconds.
    Waiting(f64),
    /// The DELETE of the user at this index goes out.
    Sending(usize),
    /// The answer for the user at `index`.
    Answered {
        /// The user's index in the IDs given.
        index: usize,
        /// The client's answer.
        result: Result<Deleted, ApiError>,
    },
}

/// Deletes the users `ids` in order, one request at a time, waiting before
/// each as the pacing rule says, and handing each answer to `on_event`.
///
/// `stopped` is asked before every request (and during a wait): once it
/// says so, nothing more is sent, while the request in flight still
/// finishes and is reported. A 429 (another user of the key took the
/// quota) is a refusal, so the same user is asked again once it is waited
/// out. A refused key (401: the client has already signed out) or a key
/// that may not delete users (403) ends the run: every later DELETE would
/// be refused alike.
pub async fn delete_users_paced(
    client: &PortalClient,
    ids: &[String],
    stopped: impl Fn() -> bool,
    mut on_event: impl FnMut(DeleteEvent),
) {
    let rate = client.rate_limit();
    for (index, id) in ids.iter().enumerate() {
        let mut refusals = 0;
        let result = loop {
            let waiting = |until| on_event(DeleteEvent::Waiting(until));
            if !wait_for_quota(client, &stopped, waiting).await {
                return;
            }
            on_event(DeleteEvent::Sending(index));
            let result = client.delete_user(id).await;
            if let Err(error) = &result {
                if matches!(error.kind, ErrorKind::RateLimited { .. }) {
                    refusals += 1;
                    let again = walk_retry_ms(error, refusals, rate.get_untracked());
                    if let Some(ms) = again {
                        let waiting = |until| on_event(DeleteEvent::Waiting(until));
                        if wait_reported(ms, &stopped, waiting).await {
                            continue;
                        }
                    }
                }
            }
            break result;
        };
        let refused = result.as_ref().is_err_and(|error| {
            matches!(error.kind, ErrorKind::Unauthorized | ErrorKind::Forbidden)
        });
        on_event(DeleteEvent::Answered { index, result });
        if refused {
            return;
        }
    }
}

/// Waits before the next write of a run (Delete selected, Import CSV) as
/// the pacing rule says for `client`'s last rate-limit figures, telling
/// `on_wait` when the wait will end (`Date.now()` milliseconds) if there is
/// one; `false` as soon as `stopped` says so.
pub async fn wait_for_quota(
    client: &PortalClient,
    stopped: &impl Fn() -> bool,
    on_wait: impl FnOnce(f64),
) -> bool {
    let ms = pause_ms(client.rate_limit().get_untracked());
    wait_reported(ms, stopped, on_wait).await
}

/// [`wait_unless_stopped`], its end told to `on_wait` beforehand when
/// there is a wait.
async fn wait_reported(ms: f64, stopped: &impl Fn() -> bool, on_wait: impl FnOnce(f64)) -> bool {
    if ms > 0.0 {
        on_wait(js_sys::Date::now() + ms);
    }
    wait_unless_stopped(ms, stopped).await
}

/// Waits `ms` milliseconds in short steps, so that a run of writes stops
/// at once on **Cancel** even in a wait for the quota; `false` as soon as
/// `stopped` says so (also when it already did).
async fn wait_unless_stopped(ms: f64, stopped: &impl Fn() -> bool) -> bool {
    let until = js_sys::Date::now() + ms;
    loop {
        if stopped() {
            return false;
        }
        let left = until - js_sys::Date::now();
        if left <= 0.0 {
            return true;
        }
        TimeoutFuture::new(left.min(CANCEL_CHECK_MS).ceil() as u32).await;
    }
}
