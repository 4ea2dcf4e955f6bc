//! Runs of writes (Delete selected's deletes, Import CSV's creates): one
//! request at a time, paced by the rate limit as the walk is, and ended
//! alike by a refused key or a missing permission.
//!
//! Each write is one [`PortalClient::delete_user`] or
//! [`PortalClient::create_user`], retried by the client as any single one
//! is; the pause before the next comes from [`PortalClient::rate_limit`]
//! and the pacing rule in [`super::pacing`].

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use super::error::{ApiError, ErrorKind};
use super::model::{Deleted, NewUser, User};
use super::pacing::{pause_ms, walk_retry_ms};
use super::PortalClient;

/// The longest a run sleeps before it checks for **Cancel** (or, paused,
/// for **Resume**) again, in ms.
const CHECK_EVERY_MS: f64 = 200.0;

/// A run of writes as [`delete_users_paced`] and [`create_users_paced`]
/// send it: the caller's bookkeeping of which write comes next, whether
/// to go on, and what became of each.
pub trait PacedRun {
    /// What one write sends: a user's ID, a new user.
    type Write;
    /// What the API answers to one write.
    type Answer;

    /// The next write and its index, or `None` once none is left.
    fn next(&mut self) -> Option<(usize, Self::Write)>;

    /// Whether nothing more is to be sent (**Cancel**, the dialog gone):
    /// asked before every write and during every wait.
    fn stopped(&self) -> bool;

    /// Whether the run holds before its next write (**Pause**); a wait for
    /// the quota under way runs out first.
    fn paused(&self) -> bool {
        false
    }

    /// Told of each step as the run goes.
    fn report(&mut self, event: PacedEvent<Self::Answer>);
}

/// What a paced run reports as it goes.
#[derive(Debug)]
pub enum PacedEvent<T> {
    /// The run waits for the rate limit until `Date.now()` reaches this,
    /// in milliseconds.
    Waiting(f64),
    /// The write at this index goes out.
    Sending(usize),
    /// The answer to the write at `index`.
    Answered {
        /// The write's index, as [`PacedRun::next`] gave it.
        index: usize,
        /// The client's answer.
        result: Result<T, ApiError>,
    },
}

/// How a paced run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PacedEnd {
    /// Every write was answered.
    Done,
    /// [`PacedRun::stopped`] said so; the write in flight, if any, was
    /// answered first.
    Stopped,
    /// The API refused the key (401): that write wrote nothing, and the
    /// console signs out, as for any refused key. What is left waits for
    /// the key to be accepted again.
    KeyRefused,
    /// The key may not make these writes (403): no later one is sent, as
    /// each would be refused alike.
    Forbidden,
}

/// Deletes the users `run` gives, in order; see [`paced_run`]. A retried
/// delete that finds the user gone counts as deleted (the client says so).
pub async fn delete_users_paced(
    client: &PortalClient,
    run: &mut impl PacedRun<Write = String, Answer = Deleted>,
) -> PacedEnd {
    paced_run(client, run, async |id: &String| {
        client.delete_user(id).await
    })
    .await
}

/// Creates the users `run` gives, in order; see [`paced_run`]. Each create
/// is sent once, but for a 429: the API refused it without creating anyone.
pub async fn create_users_paced(
    client: &PortalClient,
    run: &mut impl PacedRun<Write = NewUser, Answer = User>,
) -> PacedEnd {
    paced_run(client, run, async |new_user: &NewUser| {
        client.create_user(new_user).await
    })
    .await
}

/// Sends the writes of `run` with `send`, one request at a time, waiting
/// before each as the pacing rule says, and reports each step to `run`.
///
/// A 429 the client's own retries did not outlast (another user of the
/// key took the quota) is a refusal, so the same write is sent again once
/// it is waited out. A refused key (401) or a key that may not make these
/// writes (403) ends the run: every later write would be refused alike.
async fn paced_run<R: PacedRun>(
    client: &PortalClient,
    run: &mut R,
    send: impl AsyncFn(&R::Write) -> Result<R::Answer, ApiError>,
) -> PacedEnd {
    let rate = client.rate_limit();
    while let Some((index, write)) = run.next() {
        let mut refusals = 0;
        let result = loop {
            if !wait_for_quota(client, run).await || !hold_while_paused(run).await {
                return PacedEnd::Stopped;
            }
            run.report(PacedEvent::Sending(index));
            let result = send(&write).await;
            if let Err(error) = &result {
                if matches!(error.kind, ErrorKind::RateLimited { .. }) {
                    refusals += 1;
                    let again = walk_retry_ms(error, refusals, rate.get_untracked());
                    if let Some(ms) = again {
                        if wait_reported(ms, run).await {
                            continue;
                        }
                    }
                }
            }
            break result;
        };
        let end = match &result {
            Err(error) if error.is_unauthorized() => Some(PacedEnd::KeyRefused),
            Err(error) if error.kind == ErrorKind::Forbidden => Some(PacedEnd::Forbidden),
            _ => None,
        };
        run.report(PacedEvent::Answered { index, result });
        if let Some(end) = end {
            if end == PacedEnd::KeyRefused {
                client.refuse_key();
            }
            return end;
        }
    }
    PacedEnd::Done
}

/// Waits before the next write as the pacing rule says for `client`'s
/// last rate-limit figures; `false` as soon as `run` is stopped.
async fn wait_for_quota(client: &PortalClient, run: &mut impl PacedRun) -> bool {
    let ms = pause_ms(client.rate_limit().get_untracked());
    wait_reported(ms, run).await
}

/// Waits `ms` milliseconds, telling `run` when the wait will end if there
/// is one; `false` as soon as `run` is stopped (also when it already was).
async fn wait_reported(ms: f64, run: &mut impl PacedRun) -> bool {
    let until = js_sys::Date::now() + ms;
    if ms > 0.0 {
        run.report(PacedEvent::Waiting(until));
    }
    // In short steps, so that a run stops at once on **Cancel** even in a
    // wait for the quota.
    loop {
        if run.stopped() {
            return false;
        }
        let left = until - js_sys::Date::now();
        if left <= 0.0 {
            return true;
        }
        TimeoutFuture::new(left.min(CHECK_EVERY_MS).ceil() as u32).await;
    }
}

/// Holds while `run` is paused; `false` as soon as it is stopped.
async fn hold_while_paused(run: &impl PacedRun) -> bool {
    while run.paused() {
        if run.stopped() {
            return false;
        }
        TimeoutFuture::new(CHECK_EVERY_MS as u32).await;
    }
    !run.stopped()
}
