//! Shared by the wasm tests: the emulators' URLs, mounting the console at a
//! URL, and finding controls by role and accessible name.
#![allow(dead_code)] // Each test file uses its own share of these helpers.

use std::time::Duration;

use leptos::mount::mount_to;
use leptos::prelude::*;
use portal_admin::app::session::Session;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

/// The seeded emulator that no test writes to (237 users).
pub const READ_URL: &str = match option_env!("PORTAL_EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8787",
};
/// A seeded emulator the tests may write to and fault.
pub const WRITE_URL: &str = match option_env!("PORTAL_EMULATOR_WRITE_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8788",
};
/// An emulator with no users.
pub const EMPTY_URL: &str = match option_env!("PORTAL_EMULATOR_EMPTY_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8789",
};
/// An emulator with a tiny rate limit (4 requests per 3 s window).
pub const LIMITED_URL: &str = match option_env!("PORTAL_EMULATOR_LIMITED_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8790",
};

/// A seeded emulator that answers every API request after one second.
pub const SLOW_URL: &str = match option_env!("PORTAL_EMULATOR_SLOW_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8791",
};

/// The number of users every seeded emulator starts with.
pub const SEEDED_USERS: usize = 237;

/// The console, mounted in a fresh element of the test page; unmounted on drop.
pub struct Mounted {
    handle: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
    owner: Owner,
    root: web_sys::Element,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        drop(self.handle.take());
        // Pending tasks can keep the app's owner alive after unmounting; its
        // cleanups (the router's window listeners among them) must run now,
        // or the next test's link clicks reach this test's router.
        self.owner.cleanup();
        self.root.remove();
    }
}

/// Mounts the whole console with the URL at `path`, connected to the
/// emulator at `api` (or not connected, with `None`).
pub fn mount_console(api: Option<&str>, path: &str) -> Mounted {
    Session::clear();
    if let Some(api) = api {
        Session::new(api, "demo", "sk:demo")
            .expect("a valid session")
            .save();
    }
    go_to(path);
    remount()
}

/// Mounts the console again at the current URL and storage: a reload.
pub fn remount() -> Mounted {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let handle = owner.with(|| {
        mount_to(root.clone().unchecked_into(), || {
            portal_admin::App().into_any()
        })
    });
    Mounted {
        handle: Some(handle),
        owner,
        root,
    }
}

/// Replaces the page's URL without reloading.
pub fn go_to(path: &str) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
}

/// The current path and query.
pub fn current_url() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap(),
        location.search().unwrap()
    )
}

/// The visible element with this role and accessible name, if any.
pub fn find(role: &str, name: &str) -> Option<HtmlElement> {
    let body = concat!(
        include_str!("accessible_name.js"),
        include_str!("find_by_role.js")
    );
    let find = js_sys::Function::new_with_args("role, name", body);
    let found = find
        .call2(&JsValue::NULL, &role.into(), &name.into())
        .unwrap();
    found.dyn_into().ok()
}

/// Waits up to 15 s for `probe` to give a value.
pub async fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..750 {
        if let Some(value) = probe() {
            return value;
        }
        sleep(20).await;
    }
    let page = document()
        .body()
        .and_then(|b| b.text_content())
        .unwrap_or_default();
    panic!(
        "timed out waiting for {what} at {}; the page says: {page}",
        current_url()
    );
}

/// Waits for the control with this role and name to be shown.
pub async fn wait_find(role: &str, name: &str) -> HtmlElement {
    wait_for(&format!("{role} {name:?}"), || find(role, name)).await
}

/// Sleeps for `ms` milliseconds.
pub async fn sleep(ms: u64) {
    gloo_timers::future::sleep(Duration::from_millis(ms)).await;
}

/// The names in the users table's rows, once no page is loading.
pub fn row_names() -> Vec<String> {
    let rows = document()
        .query_selector_all("table.users:not(.skeleton) tbody th a")
        .unwrap();
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.text_content())
        .collect()
}

/// Whether the users table is showing a settled page (not loading).
pub fn list_settled() -> bool {
    document()
        .query_selector("[aria-busy='false'] table.users")
        .unwrap()
        .is_some()
}

/// The announced "Page N, M users" text.
pub fn announcement() -> String {
    document()
        .query_selector("[aria-live='polite'].visually-hidden")
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// Sends a raw request to an emulator's control routes.
pub async fn control(url: &str, method: &str, body: Option<&str>) -> serde_json::Value {
    let request = match method {
        "POST" => gloo_net::http::Request::post(url)
            .header("Content-Type", "application/json")
            .body(body.unwrap_or("{}"))
            .unwrap(),
        _ => gloo_net::http::Request::get(url).build().unwrap(),
    };
    let response = request.send().await.expect("the emulator answers");
    response.json().await.unwrap_or(serde_json::Value::Null)
}

/// Types `text` into the text field labelled `label`, as a user would.
pub async fn fill(label: &str, text: &str) {
    let mut field = None;
    for role in ["textbox", "searchbox"] {
        field = field.or_else(|| find(role, label));
    }
    let field: web_sys::HtmlInputElement = match field {
        Some(field) => field.unchecked_into(),
        None => wait_find("textbox", label).await.unchecked_into(),
    };
    field.set_value(text);
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// The value of the text field labelled `label`.
pub fn value_of(label: &str) -> String {
    find("textbox", label)
        .map(|f| f.unchecked_into::<web_sys::HtmlInputElement>().value())
        .unwrap_or_default()
}

/// The text of the first element matching `selector`.
pub fn text_of(selector: &str) -> Option<String> {
    document().query_selector(selector).ok()??.text_content()
}

/// A client of the emulator at `api`, as the console builds it.
pub fn client(api: &str) -> portal_admin::api::PortalClient {
    portal_admin::api::PortalClient::new(Session::new(api, "demo", "sk:demo").unwrap())
}

/// Creates a user named `first_name` Test with a unique email, through the API.
pub async fn create_test_user(api: &str, first_name: &str) -> portal_admin::api::User {
    let client = client(api);
    let role = client.list_all_roles().await.unwrap().remove(0);
    let stamp = js_sys::Date::now() as u64;
    let unique = (js_sys::Math::random() * 1e9) as u64;
    let new_user = portal_admin::api::NewUser {
        first_name: first_name.to_string(),
        last_name: "Test".to_string(),
        email: format!(
            "{}.{stamp}.{unique}@example.test",
            first_name.to_lowercase()
        ),
        roles: vec![role.id],
        ..Default::default()
    };
    client.create_user(&new_user).await.unwrap()
}

/// The cursors of every page after the first at `limit` rows, and the user count.
pub async fn page_cursors(api: &str, limit: u32) -> (Vec<String>, usize) {
    let client = client(api);
    let (mut cursors, mut count, mut after) = (Vec::new(), 0, None::<String>);
    loop {
        let page = client.list_users(after.as_deref(), limit).await.unwrap();
        count += page.items.len();
        match page.next {
            Some(next) => {
                cursors.push(next.clone());
                after = Some(next);
            }
            None => return (cursors, count),
        }
    }
}

/// The API requests the emulator at `api` received with this method whose
/// path contains `fragment` (preflights aside).
pub async fn requests_to(api: &str, method: &str, fragment: &str) -> usize {
    let log = control(&format!("{api}/_emulator/requests"), "GET", None).await;
    log.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["method"] == method && r["path"].as_str().unwrap_or("").contains(fragment))
        .count()
}

/// Escape in an open modal dialog, as the browser hands it to the page: a
/// cancelable `cancel` event at the `dialog` (a synthetic key press is no
/// close request; the e2e suite presses the real key).
pub fn escape(dialog: &web_sys::Element) {
    let init = web_sys::EventInit::new();
    init.set_cancelable(true);
    let event = web_sys::Event::new_with_event_init_dict("cancel", &init).unwrap();
    dialog.dispatch_event(&event).unwrap();
}

/// The element that has focus.
pub fn focused() -> Option<web_sys::Element> {
    document().active_element()
}

/// Sets the value of the input whose `<label for>` reads `label` (any
/// type: a date-time, a number), as a user would.
pub async fn set_labelled(label: &str, value: &str) {
    let input: web_sys::HtmlInputElement = wait_for(&format!("the field {label:?}"), || {
        let labels = document().query_selector_all("label[for]").ok()?;
        (0..labels.length())
            .filter_map(|i| labels.item(i)?.dyn_into::<web_sys::Element>().ok())
            .find(|l| l.text_content().is_some_and(|t| t.trim() == label))
            .and_then(|l| document().get_element_by_id(&l.get_attribute("for")?))
            .map(|e| e.unchecked_into())
    })
    .await;
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Opens the console at `path` with a key the API refuses, and checks that
/// it went back to Connect (which will return to `path`), said why, and
/// forgot the session.
pub async fn expect_refused_key_at(path: &str) {
    Session::clear();
    Session::new(READ_URL, "demo", "sk:wrong").unwrap().save();
    go_to(path);
    let _app = remount();
    wait_find("heading", "Connect to a partner portal").await;
    assert!(
        current_url().starts_with("/connect?next="),
        "{}",
        current_url()
    );
    assert!(text_of("p.notice").unwrap().contains("401"));
    assert!(Session::load().is_none());
}
