//! Connect in headless Chromium against the emulator: the check before
//! storing, each failure's own message, the deep link, and sign-out.
#![cfg(target_arch = "wasm32")]

mod support;

use portal_admin::app::session::Session;
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn connect_with(api: &str, portal: &str, key: &str) {
    wait_find("heading", "Connect to a partner portal").await;
    fill("API base URL", api).await;
    fill("Portal ID", portal).await;
    fill("Service account key", key).await;
    wait_find("button", "Connect").await.click();
}

fn local_storage_len() -> u32 {
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .length()
        .unwrap()
}

#[wasm_bindgen_test]
async fn connecting_goes_to_the_page_first_asked_for() {
    let _app = mount_console(None, "/users?limit=10");
    wait_find("heading", "Connect to a partner portal").await;
    assert!(
        current_url().starts_with("/connect?next="),
        "{}",
        current_url()
    );
    assert_eq!(
        value_of("API base URL"),
        web_sys::window().unwrap().location().origin().unwrap()
    );

    connect_with(READ_URL, "demo", "sk:demo").await;
    wait_for("the list", || {
        (list_settled() && row_names().len() == 10).then_some(())
    })
    .await;
    assert_eq!(current_url(), "/users?limit=10");
    assert!(
        Session::load().is_some(),
        "the session is in sessionStorage"
    );
    assert_eq!(local_storage_len(), 0, "nothing in localStorage");
    wait_find("button", "Sign out").await;
    let header = text_of(".session-info").unwrap();
    assert!(
        header.contains("sk:••••") && header.contains("demo"),
        "portal and masked key: {header}"
    );
    assert!(!header.contains("sk:demo"), "the key is masked: {header}");
}

#[wasm_bindgen_test]
async fn a_rejected_key_says_so_and_keeps_the_fields() {
    let _app = mount_console(None, "/connect");
    connect_with(READ_URL, "demo", "sk:not-the-key").await;
    let message = wait_for("the error", || text_of(".error-panel")).await;
    assert!(
        message.contains("rejected this service account key"),
        "{message}"
    );
    assert!(message.contains("Request ID"), "{message}");
    assert!(
        !message.contains("sk:not-the-key"),
        "the key is never in a message"
    );
    assert_eq!(value_of("Portal ID"), "demo");
    assert_eq!(value_of("Service account key"), "sk:not-the-key");
    assert!(
        Session::load().is_none(),
        "nothing stored before the check passes"
    );
}

#[wasm_bindgen_test]
async fn an_unknown_portal_says_so() {
    let _app = mount_console(None, "/connect");
    connect_with(READ_URL, "nope", "sk:demo").await;
    let message = wait_for("the error", || text_of(".error-panel")).await;
    assert!(message.contains("Portal “nope” was not found"), "{message}");
    assert!(Session::load().is_none());
}

#[wasm_bindgen_test]
async fn an_unreachable_api_says_so() {
    let _app = mount_console(None, "/connect");
    connect_with("http://127.0.0.1:9", "demo", "sk:demo").await;
    let message = wait_for("the error", || text_of(".error-panel")).await;
    assert!(
        message.contains("could not be reached at http://127.0.0.1:9"),
        "{message}"
    );
    assert!(
        message.contains("CORS") && message.contains("reverse proxy"),
        "{message}"
    );
}

#[wasm_bindgen_test]
async fn a_key_without_the_sk_prefix_gets_a_hint() {
    let _app = mount_console(None, "/connect");
    wait_find("heading", "Connect to a partner portal").await;
    fill("Service account key", "4eC39HqLyjWDarjtT1zdp7dc").await;
    wait_for("the hint", || {
        text_of("#service-key-hint").filter(|t| t.contains("sk:"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn sign_out_forgets_the_key_and_returns_to_connect() {
    let _app = mount_console(Some(READ_URL), "/users");
    wait_find("button", "Sign out").await.click();
    wait_find("heading", "Connect to a partner portal").await;
    assert!(Session::load().is_none());
    let storage = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    for i in 0..storage.length().unwrap() {
        let key = storage.key(i).unwrap().unwrap();
        let value = storage.get_item(&key).unwrap().unwrap_or_default();
        assert!(!value.contains("sk:demo"), "{key} still holds the key");
    }
    assert!(!current_url().contains("sk:"));
}
