//! The countdown shown while the client waits to retry a request.

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
    let now = RwSignal::new(js_sys::Date::now());
    // Tick only while a retry is pending, to keep an idle console idle.
    Effect::new(move |handle: Option<Option<IntervalHandle>>| {
        if let Some(Some(handle)) = handle {
            handle.clear();
        }
        notice.get().and_then(|_| {
            now.set(js_sys::Date::now());
            set_interval_with_handle(
                move || now.set(js_sys::Date::now()),
                std::time::Duration::from_millis(250),
            )
            .ok()
        })
    });
    view! {
        <div class="retry-notice" aria-live="polite">
            {move || {
                notice.get().map(|n| {
                    // Whole seconds: an integer, as rendering an f64 would bring float formatting into the wasm.
                    let secs = ((n.retry_at_ms - now.get()) / 1000.0).ceil().max(0.0) as u32;
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
