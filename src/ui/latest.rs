//! One request in flight per screen: a newer request aborts the older.

use std::future::Future;

use futures::future::{AbortHandle, Abortable};
use futures::FutureExt;
use leptos::prelude::*;

/// Keeps one request in flight per screen: starting a request aborts the one
/// before it, and leaving the screen aborts the last. Dropping a request's
/// future aborts its `fetch`, so stale responses never arrive, let alone
/// overwrite newer state.
#[derive(Clone, Copy)]
pub struct LatestOnly(StoredValue<Option<AbortHandle>>);

impl LatestOnly {
    /// A slot owned by the current component.
    pub fn new() -> LatestOnly {
        let slot = StoredValue::new(None::<AbortHandle>);
        on_cleanup(move || {
            if let Some(Some(handle)) = slot.try_update_value(Option::take) {
                handle.abort();
            }
        });
        LatestOnly(slot)
    }

    /// Runs `request`, aborting the previous one; `None` when a newer request
    /// or leaving the screen aborted this one.
    pub async fn run<F: Future>(self, request: F) -> Option<F::Output> {
        let (handle, registration) = AbortHandle::new_pair();
        if let Some(Some(previous)) = self.0.try_update_value(|slot| slot.replace(handle)) {
            previous.abort();
        }
        Abortable::new(request, registration).await.ok()
    }

    /// [`LatestOnly::run`], but `request` is sent now, as this is called,
    /// not when its result is first awaited: a resource awaits its
    /// fetcher's future a tick after calling it, once the screen's views
    /// are built and mounted, and the first screen's request need not wait
    /// for them.
    pub fn start<F: Future + 'static>(self, request: F) -> impl Future<Output = Option<F::Output>> {
        let mut running = Box::pin(self.run(request));
        // The first poll sends the request. Untracked: what sending reads
        // (the session, the rate-limit figures) is not what the caller
        // depends on.
        let done = untrack(|| (&mut running).now_or_never());
        async move {
            match done {
                Some(output) => output,
                None => running.await,
            }
        }
    }
}

impl Default for LatestOnly {
    fn default() -> Self {
        Self::new()
    }
}
