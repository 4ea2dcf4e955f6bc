//! The copy button: an ID or request ID to the clipboard, with a spoken confirmation.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// A button that copies `text` to the clipboard and says so.
#[component]
pub fn CopyButton(
    /// What to copy.
    #[prop(into)]
    text: String,
    /// The button's accessible name, e.g. "Copy ID".
    label: &'static str,
) -> impl IntoView {
    let (copied, set_copied) = signal(false);
    let copy = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move {
            let Some(window) = web_sys::window() else {
                return;
            };
            let written = JsFuture::from(window.navigator().clipboard().write_text(&text)).await;
            set_copied.set(written.is_ok());
            if written.is_ok() {
                gloo_timers::future::TimeoutFuture::new(2_000).await;
                set_copied.try_set(false);
            }
        });
    };
    view! {
        <button type="button" class="button small" on:click=copy>
            {label}
        </button>
        <span class="copied" role="status">{move || copied.get().then_some("Copied")}</span>
    }
}
