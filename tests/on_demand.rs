//! `OnDemand`, in headless Chromium: a screen whose code is fetched on
//! demand shows its own loading state at once, a failed fetch with
//! **Retry**, and the screen once Retry's fetch succeeds. (The split build
//! itself is proven by the e2e suite on `dist/`; these tests run unsplit.)
#![cfg(target_arch = "wasm32")]

mod support;

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::mount::mount_to;
use leptos::prelude::*;
use portal_admin::ui::{ChunkError, OnDemand};
use support::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// How many times the screen's code was fetched.
static FETCHES: AtomicU32 = AtomicU32::new(0);

/// A fetch of a screen's code that fails the first time only.
async fn fails_once() -> Result<AnyView, ChunkError> {
    sleep(100).await;
    if FETCHES.fetch_add(1, Ordering::SeqCst) == 0 {
        Err(ChunkError)
    } else {
        Ok(view! { <h2>"The screen"</h2> }.into_any())
    }
}

#[wasm_bindgen_test]
async fn a_failed_fetch_shows_retry_then_the_screen() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let _mounted = mount_to(root.clone().unchecked_into(), || {
        view! { <OnDemand load=fails_once loading=|| view! { <p>"Loading the screen"</p> } /> }
    });

    assert_eq!(
        root.text_content().unwrap_or_default(),
        "Loading the screen",
        "the loading state shows from the first frame"
    );
    wait_find("button", "Retry").await.click();
    // The view follows on the next tick; the fetch takes 100 ms.
    sleep(10).await;
    assert_eq!(
        root.text_content().unwrap_or_default(),
        "Loading the screen",
        "Retry puts the loading state in the failure's place"
    );
    wait_find("heading", "The screen").await;
    assert_eq!(FETCHES.load(Ordering::SeqCst), 2);
    assert!(
        !root.text_content().unwrap_or_default().contains("Loading"),
        "the loading state stays after the screen"
    );
    root.remove();
}
