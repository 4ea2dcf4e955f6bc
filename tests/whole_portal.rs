//! The walk of the whole portal and the catalogs behind the names, in
//! headless Chromium against the emulators.
#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::rc::Rc;

use portal_admin::api::{walk_users, AttributeType, User, WalkEvent};
use support::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The IDs of every user of the emulator at `api`, read page by page.
async fn listed_ids(api: &str) -> Vec<String> {
    let client = client(api);
    let (mut ids, mut after) = (Vec::new(), None::<String>);
    loop {
        let page = client.list_users(after.as_deref(), 100).await.unwrap();
        ids.extend(page.items.into_iter().map(|user| user.id));
        match page.next {
            Some(next) => after = Some(next),
            None => return ids,
        }
    }
}

/// The statuses of the emulator's `/v1` requests after the first `from`.
async fn statuses_since(api: &str, from: usize) -> Vec<u64> {
    let log = control(&format!("{api}/_emulator/requests"), "GET", None).await;
    log.as_array().unwrap()[from..]
        .iter()
        .filter_map(|r| r["status"].as_u64())
        .collect()
}

/// Walks the portal at `api`, returning the IDs handed on, the pages and
/// how many times the walk waited.
async fn walk(api: &str) -> (Vec<String>, usize, usize) {
    let events = Rc::new(RefCell::new((Vec::<String>::new(), 0usize, 0usize)));
    let seen = events.clone();
    walk_users(&client(api), None, move |event| {
        let mut seen = seen.borrow_mut();
        match event {
            WalkEvent::Page { users, .. } => {
                seen.0.extend(users.into_iter().map(|user: User| user.id));
                seen.1 += 1;
            }
            WalkEvent::Waiting { .. } => seen.2 += 1,
        }
    })
    .await
    .unwrap();
    let walked = events.borrow().clone();
    walked
}

/// Under a quota of 4 requests per 3 s, two walks of 237 users in a row
/// (three pages each) pause for the quota instead of being refused, and
/// hand on every user once, in the API's order.
#[wasm_bindgen_test]
async fn walks_pace_themselves_under_a_tiny_quota() {
    let expected = listed_ids(READ_URL).await;
    // Let the limited emulator's window from earlier tests run out.
    sleep(3_100).await;
    let from = control(&format!("{LIMITED_URL}/_emulator/requests"), "GET", None)
        .await
        .as_array()
        .unwrap()
        .len();
    let mut waits = 0;
    for _ in 0..2 {
        let (ids, pages, waited) = walk(LIMITED_URL).await;
        assert_eq!(ids, expected);
        assert_eq!(pages, 3);
        waits += waited;
    }
    assert!(waits >= 1, "the walks never waited for the quota");
    let statuses = statuses_since(LIMITED_URL, from).await;
    assert!(
        !statuses.contains(&429),
        "a request was refused: {statuses:?}"
    );
}

/// A walk resumed from a page's cursor goes on from there.
#[wasm_bindgen_test]
async fn a_walk_resumes_from_a_cursor() {
    let first = client(READ_URL).list_users(None, 100).await.unwrap();
    let rest = Rc::new(RefCell::new(Vec::new()));
    let into = rest.clone();
    walk_users(&client(READ_URL), first.next.clone(), move |event| {
        if let WalkEvent::Page { users, .. } = event {
            into.borrow_mut()
                .extend(users.into_iter().map(|user| user.id));
        }
    })
    .await
    .unwrap();
    let expected = listed_ids(READ_URL).await;
    assert_eq!(*rest.borrow(), expected[100..]);
}

/// The user page names the user's roles (system ones marked) and labels
/// their attributes, values by type.
#[wasm_bindgen_test]
async fn the_user_page_names_roles_and_attributes() {
    let api = client(READ_URL);
    let roles = api.list_all_roles().await.unwrap();
    let attributes = api.list_all_user_attributes().await.unwrap();
    let users = api.list_users(None, 100).await.unwrap().items;
    let is_system = |id: &String| roles.iter().any(|role| &role.id == id && role.is_system);
    let kind_of = |id: &str| attributes.iter().find(|a| a.id == id).map(|a| a.kind);
    let user = users
        .into_iter()
        .find(|user| {
            user.roles.iter().any(&is_system)
                && user
                    .attributes
                    .iter()
                    .any(|v| kind_of(&v.id) == Some(AttributeType::Boolean))
                && user
                    .attributes
                    .iter()
                    .any(|v| kind_of(&v.id) == Some(AttributeType::Time))
        })
        .expect("a seeded user with a system role, a BOOLEAN and a TIME attribute");
    let _app = mount_console(Some(READ_URL), &format!("/users/{}", user.id));
    wait_find("heading", "Roles").await;
    let roles_text = wait_for("the role names", || text_of(".role-list")).await;
    for id in &user.roles {
        let role = roles.iter().find(|role| &role.id == id).unwrap();
        assert!(
            roles_text.contains(&role.name),
            "{} in {roles_text}",
            role.name
        );
    }
    assert!(
        roles_text.contains("System"),
        "no system role marked in {roles_text}"
    );
    let facts = wait_for("the attributes", || {
        let text = text_of("[aria-labelledby=user-attributes] .details")?;
        Some(text)
    })
    .await;
    for value in &user.attributes {
        let attribute = attributes.iter().find(|a| a.id == value.id).unwrap();
        assert!(
            facts.contains(&attribute.label),
            "{} in {facts}",
            attribute.label
        );
        let shown = match attribute.kind {
            AttributeType::Boolean if value.value == "true" => "Yes".to_owned(),
            AttributeType::Boolean => "No".to_owned(),
            AttributeType::Time => {
                portal_admin::app::dates::absolute(js_sys::Date::parse(&value.value))
            }
            _ => value.value.clone(),
        };
        assert!(
            facts.contains(&shown),
            "{shown} for {} in {facts}",
            attribute.label
        );
    }
}

/// The roles and attributes are fetched once per session: the user page
/// and then the New user dialog make one request to each endpoint.
#[wasm_bindgen_test]
async fn the_catalogs_are_fetched_once_and_shared_with_the_create_dialog() {
    let user = client(WRITE_URL)
        .list_users(None, 1)
        .await
        .unwrap()
        .items
        .remove(0);
    let roles_before = requests_to(WRITE_URL, "GET", "/v1/roles").await;
    let attributes_before = requests_to(WRITE_URL, "GET", "/v1/user-attributes").await;
    let _app = mount_console(Some(WRITE_URL), &format!("/users/{}", user.id));
    wait_for("the role names", || text_of(".role-list")).await;
    wait_find("link", "Back to users").await.click();
    wait_find("button", "New user").await.click();
    wait_for("the role choices", || text_of(".choices")).await;
    assert_eq!(
        requests_to(WRITE_URL, "GET", "/v1/roles").await,
        roles_before + 1
    );
    assert_eq!(
        requests_to(WRITE_URL, "GET", "/v1/user-attributes").await,
        attributes_before + 1
    );
}
