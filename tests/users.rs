//! The users list in headless Chromium against the emulator: paging, the
//! URL, the states, and escaping.
#![cfg(target_arch = "wasm32")]

mod support;

use portal_admin::api::PortalClient;
use portal_admin::app::session::Session;
use support::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every seeded user's full name, oldest first, as the API lists them.
async fn all_names(api: &str) -> Vec<String> {
    let client = PortalClient::new(Session::new(api, "demo", "sk:demo").unwrap());
    let mut names = Vec::new();
    let mut after = None;
    loop {
        let page = client.list_users(after.as_deref(), 100).await.unwrap();
        names.extend(page.items.iter().map(|u| u.full_name()));
        match page.next {
            Some(next) => after = Some(next),
            None => return names,
        }
    }
}

/// Waits for the list to settle on page `n` and returns its names.
async fn settled_page(n: usize) -> Vec<String> {
    let expected = format!("Page {n}");
    wait_for(&expected, || {
        let number = text_of(".page-number")?;
        (list_settled() && number.starts_with(&expected) && !announcement().is_empty())
            .then_some(())
    })
    .await;
    row_names()
}

#[wasm_bindgen_test]
async fn paging_forward_shows_every_user_once_in_order_at_each_size() {
    let expected = all_names(READ_URL).await;
    assert_eq!(expected.len(), SEEDED_USERS);
    for size in [10, 25, 50, 100] {
        let _app = mount_console(Some(READ_URL), &format!("/users?limit={size}"));
        let mut seen = Vec::new();
        let mut page = 1;
        loop {
            let rows = settled_page(page).await;
            assert!(
                rows.len() <= size,
                "page {page} at size {size} has {} rows",
                rows.len()
            );
            seen.extend(rows);
            let next = wait_find("button", "Next page").await;
            if next.has_attribute("disabled") {
                break;
            }
            next.click();
            page += 1;
        }
        assert_eq!(seen, expected, "size {size}");
        assert_eq!(page, SEEDED_USERS.div_ceil(size));
    }
}

#[wasm_bindgen_test]
async fn previous_shows_the_same_rows_and_reload_keeps_the_page() {
    let app = mount_console(Some(READ_URL), "/users?limit=10");
    let page1 = settled_page(1).await;
    wait_find("button", "Next page").await.click();
    let page2 = settled_page(2).await;
    wait_find("button", "Next page").await.click();
    let page3 = settled_page(3).await;
    assert!(page1 != page2 && page2 != page3);
    assert!(
        current_url().contains("after="),
        "the position is in the URL"
    );

    // A reload (the same URL and tab storage, mounted anew) shows page 3.
    drop(app);
    let _app = remount();
    assert_eq!(settled_page(3).await, page3);

    wait_find("button", "Previous page").await.click();
    assert_eq!(settled_page(2).await, page2);
    wait_find("button", "Previous page").await.click();
    assert_eq!(settled_page(1).await, page1);
    assert!(wait_find("button", "Previous page")
        .await
        .has_attribute("disabled"));
    assert!(wait_find("button", "First page")
        .await
        .has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_burst_of_next_clicks_lands_on_the_right_page() {
    let expected = all_names(READ_URL).await;
    let _app = mount_console(Some(READ_URL), "/users?limit=10");
    settled_page(1).await;
    for _ in 0..5 {
        wait_find("button", "Next page").await.click();
    }
    assert_eq!(settled_page(6).await, expected[50..60].to_vec());
    assert_eq!(announcement(), "Page 6, 10 users");

    wait_find("button", "First page").await.click();
    assert_eq!(settled_page(1).await, expected[..10].to_vec());
}

#[wasm_bindgen_test]
async fn rows_per_page_returns_to_the_first_page_and_is_remembered() {
    let _app = mount_console(Some(READ_URL), "/users?limit=10");
    settled_page(1).await;
    wait_find("button", "Next page").await.click();
    settled_page(2).await;
    let select: web_sys::HtmlSelectElement =
        wasm_bindgen::JsCast::unchecked_into(wait_find("combobox", "Rows per page").await);
    select.set_value("50");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert_eq!(settled_page(1).await.len(), 50);
    assert!(current_url().contains("limit=50"));
    // Remembered for the tab: a link without a size uses it.
    drop(_app);
    let _app = {
        go_to("/users");
        remount()
    };
    assert_eq!(settled_page(1).await.len(), 50);
}

#[wasm_bindgen_test]
async fn the_filter_narrows_the_loaded_page() {
    let _app = mount_console(Some(READ_URL), "/users?limit=100");
    let rows = settled_page(1).await;
    let target = rows[3].clone();
    fill("Filter this page", &target.to_uppercase()).await;
    wait_for("the filtered row", || {
        (row_names() == vec![target.clone()]).then_some(())
    })
    .await;
    // Case is ignored beyond ASCII too: "ÉLODIE" finds "Élodie" and "élodie".
    let accented = rows
        .iter()
        .find(|name| {
            name.chars().any(|c| !c.is_ascii() && c.is_lowercase())
                && rows.iter().filter(|n| *n == *name).count() == 1
        })
        .expect("the seeded names include accented ones")
        .clone();
    fill("Filter this page", &accented.to_uppercase()).await;
    wait_for("the accented row", || {
        (row_names() == vec![accented.clone()]).then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn api_text_is_shown_as_text_never_as_markup() {
    let _app = mount_console(Some(READ_URL), "/users?limit=25");
    let rows = settled_page(1).await;
    assert!(
        rows.iter()
            .any(|name| name.starts_with("<img src=x onerror=alert(1)>")),
        "the seeded attack name is listed as text: {rows:?}"
    );
    let table = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .query_selector("table.users")
        .unwrap()
        .unwrap();
    assert!(
        table.query_selector("img").unwrap().is_none(),
        "no image element was created"
    );
}

#[wasm_bindgen_test]
async fn an_empty_portal_says_so() {
    let _app = mount_console(Some(EMPTY_URL), "/users");
    wait_find("heading", "No users yet").await;
}

#[wasm_bindgen_test]
async fn a_failed_page_shows_the_request_id_and_retries() {
    control(
        &format!("{WRITE_URL}/_emulator/fail-next"),
        "POST",
        Some(r#"{"count":1,"status":500}"#),
    )
    .await;
    let _app = mount_console(Some(WRITE_URL), "/users?limit=10");
    wait_find("button", "Copy request ID").await;
    let panel = text_of(".error-panel").unwrap();
    assert!(panel.contains("Request ID"), "{panel}");
    wait_find("button", "Retry").await.click();
    assert_eq!(settled_page(1).await.len(), 10);
}

#[wasm_bindgen_test]
async fn a_rate_limit_is_counted_down_then_paging_continues() {
    let _app = mount_console(Some(LIMITED_URL), "/users?limit=10");
    settled_page(1).await;
    // Four requests per window: paging on runs into the limit, waits it out
    // with a countdown on screen, and goes on.
    let mut countdown_seen = false;
    for page in 2..=8 {
        wait_find("button", "Next page").await.click();
        let expected = format!("Page {page}");
        wait_for(&expected, || {
            countdown_seen |= text_of(".retry-notice").is_some_and(|t| t.contains("retrying in"));
            let number = text_of(".page-number")?;
            (list_settled() && number.starts_with(&expected)).then_some(())
        })
        .await;
        assert_eq!(row_names().len(), 10);
    }
    assert!(
        countdown_seen,
        "a countdown was shown while the limit was waited out"
    );
}

#[wasm_bindgen_test]
async fn a_rejected_key_returns_to_connect_keeping_the_page() {
    expect_refused_key_at("/users?limit=10").await;
}

/// The list's request leaves as the list is set up, before its views are
/// built: when the browser is asked to fetch the first page, the list's
/// table is not in the page yet (a resource would send it a tick later,
/// after the views are built and mounted).
#[wasm_bindgen_test]
async fn the_first_page_is_requested_before_the_list_is_built() {
    // Records each fetch's URL and whether a table was in the page then,
    // and fetches as the browser would.
    let spy = js_sys::Function::new_no_args(
        "const fetch = window.fetch;\
         window.fetchesSeen = [];\
         window.fetch = function (input, init) {\
           const url = typeof input === 'string' ? input : input.url;\
           window.fetchesSeen.push([url, document.querySelector('table') !== null]);\
           return fetch.call(window, input, init);\
         };\
         return () => { window.fetch = fetch; };",
    );
    let restore: js_sys::Function = spy.call0(&JsValue::NULL).unwrap().unchecked_into();
    let app = mount_console(Some(READ_URL), "/users?limit=10");
    settled_page(1).await;
    restore.call0(&JsValue::NULL).unwrap();
    drop(app);
    let seen = js_sys::Reflect::get(&web_sys::window().unwrap(), &"fetchesSeen".into()).unwrap();
    let seen: Vec<(String, bool)> = js_sys::Array::from(&seen)
        .iter()
        .map(|entry| {
            let entry = js_sys::Array::from(&entry);
            (
                entry.get(0).as_string().unwrap_or_default(),
                entry.get(1).is_truthy(),
            )
        })
        .collect();
    let first_page = seen
        .iter()
        .find(|(url, _)| url.contains("/users?") && url.contains("limit=10"));
    assert!(
        matches!(first_page, Some((_, false))),
        "the first page was not requested before the table was built: {seen:?}"
    );
}
