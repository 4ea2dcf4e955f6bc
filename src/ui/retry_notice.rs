//! The countdowns shown while the console waits: for the client to retry a
//! request, or for the rate limit between the writes of a long run.

use leptos::prelude::*;

use crate::api::PortalClient;

/// Says that the client is waiting to retry a request (a 429 or a failing
/// server) and counts down to the retry.
#[component]
pub fn RetryNotice(
    /// The client whose retries to show.
    client: PortalClient,
) -> impl IntoView {
    let notice: Signal<Option<crate::api::RetryNotice>> = client.retry_notice().into();
    let now = clock_while(move || notice.with(Option::is_some));
    view! {
        <div class="retry-notice" aria-live="polite">
            {move || {
                notice.get().map(|n| {
                    let secs = secs_left(n.retry_at_ms, now.get());
                    view! {
                        <p class="notice">
                            {n.reason.clone()} ": retrying in " {secs} " s (attempt " {n.attempt + 1} ")"
                        </p>
                    }
                })
            }}
        </div>
    }
}

/// Says that a run of writes (Import CSV, Delete selected) waits for the
/// API's rate limit before its next request, and counts down to it. A
/// screen reader hears the wait once, not every second of the countdown.
#[component]
pub fn QuotaWait(
    /// When the next request goes out, in `Date.now()` milliseconds; 0
    /// while the run is not waiting.
    until: RwSignal<f64>,
) -> impl IntoView {
    let now = clock_while(move || until.get() > 0.0);
    view! {
        <div role="status">
            {move || (until.get() > 0.0).then(|| view! {
                <p class="notice">
                    "Waiting for the API's rate limit"
                    <span aria-hidden="true">": going on in " {move || secs_left(until.get(), now.get())} " s"</span>
                </p>
            })}
        </div>
    }
}

/// The time now, kept fresh four times a second while `active` says so:
/// an idle console stays idle.
fn clock_while(active: impl Fn() -> bool + 'static) -> RwSignal<f64> {
    let now = RwSignal::new(js_sys::Date::now());
    Effect::new(move |handle: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = handle {
            handle.clear();
        }
        active()
            .then(|| {
                now.set(js_sys::Date::now());
                set_interval_with_handle(
                    move || now.set(js_sys::Date::now()),
                    std::time::Duration::from_millis(250),
                )
                .ok()
            })
            .flatten()
    });
    now
}

/// Whole seconds from `now` to `until`, never below 0: an integer, as
/// rendering an f64 would bring float formatting into the wasm.
fn secs_left(until: f64, now: f64) -> u32 {
    ((until - now) / 1000.0).ceil().max(0.0) as u32
}
