//! The API client against a running emulator, in a headless browser.
//!
//! The test page is served from another origin than the emulators, so CORS
//! is in play exactly as with a cross-origin API. Two emulators, both
//! seeded with 237 users in portal `demo` and the key `sk:demo`, are named
//! at compile time:
//! - `PORTAL_EMULATOR_URL`: read-only; nothing here changes it.
//! - `PORTAL_EMULATOR_WRITE_URL`: creates, deletes and injected failures.
//! - `PORTAL_EMULATOR_SLOW_URL`: answers every API request after a second.
//!
//! wasm-bindgen-test runs the tests one at a time, so reading the write
//! emulator's request log after a test's own requests is reliable.

#![cfg(target_arch = "wasm32")]

mod support;

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Waker};

use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use portal_admin::api::{
    create_users_paced, delete_users_paced, ApiError, ErrorKind, LastLogin, NewUser, PacedEnd,
    PacedEvent, PacedRun, PortalClient, RetryNotice,
};
use portal_admin::app::session::Session;
use portal_admin::ui::LatestOnly;
use serde_json::{json, Value};
use support::{requests_to, READ_URL, SLOW_URL, WRITE_URL};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "sk:demo";
const WRONG_KEY: &str = "sk:wrongKeyZ4eC39HqLyjWDarj";

fn client(base_url: &str, portal: &str, key: &str) -> PortalClient {
    PortalClient::new(Session::new(base_url, portal, key).unwrap())
}

fn reader() -> PortalClient {
    client(READ_URL, "demo", KEY)
}

fn writer() -> PortalClient {
    client(WRITE_URL, "demo", KEY)
}

/// Asserts that neither the sentence nor the debug form of `error` shows a key.
fn assert_no_key(error: &ApiError) {
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(
            !text.contains(KEY) && !text.contains(WRONG_KEY),
            "key in {text}"
        );
    }
}

fn expect_error<T: std::fmt::Debug>(result: Result<T, ApiError>) -> ApiError {
    let error = result.expect_err("expected an error");
    assert_no_key(&error);
    error
}

/// Makes the write emulator fail its next `count` API requests with `status`.
async fn fail_next(count: u32, status: u16) {
    let response = Request::post(&format!("{}/_emulator/fail-next", WRITE_URL))
        .json(&json!({"count": count, "status": status}))
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "fail-next answered {}", response.status());
}

/// The write emulator's log of `/v1` requests, `{"method","path","query","status"}`,
/// without the browser's CORS preflights (which it may or may not send,
/// depending on its preflight cache).
async fn request_log() -> Vec<Value> {
    let response = Request::get(&format!("{}/_emulator/requests", WRITE_URL))
        .send()
        .await
        .unwrap();
    let log: Vec<Value> = response.json().await.unwrap();
    log.into_iter()
        .filter(|entry| entry["method"] != "OPTIONS")
        .collect()
}

/// Creates a user through the emulator's control route, which keeps the
/// body's `last_logged_at` verbatim.
async fn seed_user(last_logged_at: Value) -> String {
    let role = writer()
        .list_roles(None, Some(1))
        .await
        .unwrap()
        .items
        .remove(0);
    let body = json!({
        "first_name": "Odd", "last_name": "Login", "email": unique_email("login"),
        "roles": [role.id], "last_logged_at": last_logged_at,
    });
    let response = Request::post(&format!("{}/_emulator/users", WRITE_URL))
        .json(&body)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(response.ok(), "seeding answered {}", response.status());
    let user: Value = response.json().await.unwrap();
    user["id"].as_str().unwrap().to_owned()
}

fn unique_email(tag: &str) -> String {
    format!("api-test-{tag}-{}@example.com", js_sys::Date::now() as u64)
}

/// A new user with the first role (the API requires at least one).
async fn new_user(email: String) -> NewUser {
    let role = writer()
        .list_roles(None, Some(1))
        .await
        .unwrap()
        .items
        .remove(0);
    NewUser {
        first_name: "Api".into(),
        last_name: "Test".into(),
        email,
        roles: vec![role.id],
        ..NewUser::default()
    }
}

#[wasm_bindgen_test]
async fn lists_pages_and_gets_users() {
    let client = reader();
    let first = client.list_users(None, 10).await.unwrap();
    assert_eq!(first.items.len(), 10);
    let cursor = first.next.clone().expect("a second page");
    let second = client.list_users(Some(&cursor), 10).await.unwrap();
    assert_eq!(second.items.len(), 10);
    assert!(second.items.iter().all(|user| !first.items.contains(user)));

    let mut after = None;
    let mut count = 0;
    loop {
        let page = client.list_users(after.as_deref(), 100).await.unwrap();
        count += page.items.len();
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(count, support::SEEDED_USERS);

    let listed = &first.items[0];
    let fetched = client.get_user(&listed.id).await.unwrap();
    assert_eq!(&fetched, listed);
    assert!(!fetched.full_name().is_empty());
    assert!(matches!(
        fetched.last_login,
        LastLogin::Never | LastLogin::At(_)
    ));
}

#[wasm_bindgen_test]
async fn decodes_every_login_time_shape() {
    let client = writer();
    let at = LastLogin::At(1_709_647_629_000.0);
    for (value, expected) in [
        (json!("2024-03-05T14:07:09Z"), at),
        (json!("2024-03-05T15:07:09.000+01:00"), at),
        (json!(1_709_647_629), at),
        (json!(1_709_647_629_000_u64), at),
        (json!(null), LastLogin::Never),
        (json!("not a time"), LastLogin::Never),
    ] {
        let id = seed_user(value.clone()).await;
        assert_eq!(
            client.get_user(&id).await.unwrap().last_login,
            expected,
            "{value}"
        );
    }
}

#[wasm_bindgen_test]
async fn reads_roles_and_user_attributes() {
    let client = reader();
    let roles = client.list_all_roles().await.unwrap();
    assert!(!roles.is_empty());
    let page = client.list_roles(None, Some(1)).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0], roles[0]);
    assert_eq!(client.get_role(&roles[0].id).await.unwrap(), roles[0]);

    let attributes = client.list_all_user_attributes().await.unwrap();
    assert!(!attributes.is_empty());
    let page = client.list_user_attributes(None, Some(1)).await.unwrap();
    assert_eq!(page.items[0], attributes[0]);
    assert_eq!(
        client.get_user_attribute(&attributes[0].id).await.unwrap(),
        attributes[0]
    );
}

#[wasm_bindgen_test]
async fn reports_rate_limit_figures() {
    let client = reader();
    assert_eq!(client.rate_limit().get_untracked(), None);
    client.list_roles(None, Some(1)).await.unwrap();
    let figures = client
        .rate_limit()
        .get_untracked()
        .expect("exposed X-RateLimit-* headers");
    assert!(figures.limit > 0 && figures.remaining < figures.limit);
}

#[wasm_bindgen_test]
async fn wrong_key_is_unauthorized() {
    let error = expect_error(
        client(READ_URL, "demo", WRONG_KEY)
            .list_users(None, 10)
            .await,
    );
    assert_eq!(
        (error.kind, error.status),
        (ErrorKind::Unauthorized, Some(401))
    );
    assert!(error.is_unauthorized());
    assert!(error.request_id.is_some());
}

/// A paced run of `writes`, in order, that keeps each answer's kind.
struct Recorded<W, A> {
    writes: Vec<W>,
    next: usize,
    answers: Vec<(usize, Result<A, ErrorKind>)>,
}

impl<W, A> Recorded<W, A> {
    fn new(writes: Vec<W>) -> Recorded<W, A> {
        Recorded {
            writes,
            next: 0,
            answers: Vec::new(),
        }
    }
}

impl<W: Clone, A> PacedRun for Recorded<W, A> {
    type Write = W;
    type Answer = A;

    fn next(&mut self) -> Option<(usize, W)> {
        let index = self.next;
        self.next += 1;
        Some((index, self.writes.get(index)?.clone()))
    }

    fn stopped(&self) -> bool {
        false
    }

    fn report(&mut self, event: PacedEvent<A>) {
        if let PacedEvent::Answered { index, result } = event {
            self.answers
                .push((index, result.map_err(|error| error.kind)));
        }
    }
}

/// A refused key ends a run of deletes (Delete selected) at its first
/// answer: the client raises `key_refused`, which signs out, and nothing
/// more goes out with the key.
#[wasm_bindgen_test]
async fn a_refused_key_stops_a_run_of_deletes_after_one_request() {
    let deleter = client(WRITE_URL, "demo", WRONG_KEY);
    let ids: Vec<String> = (1..=3).map(|n| format!("us_refused_run_{n}")).collect();
    let mut run = Recorded::new(ids);
    let end = delete_users_paced(&deleter, &mut run).await;
    assert_eq!(end, PacedEnd::KeyRefused);
    assert_eq!(run.answers, [(0, Err(ErrorKind::Unauthorized))]);
    assert!(deleter.key_refused().get_untracked());
    assert_eq!(requests_to(WRITE_URL, "DELETE", "us_refused_run_").await, 1);
}

/// A run of creates (Import CSV) ends at its first 401 too, and, unlike a
/// single create (see below), raises the client's `key_refused`: the
/// console signs out, and the import's stored progress waits for a resume.
#[wasm_bindgen_test]
async fn a_refused_key_stops_a_run_of_creates_after_one_request_and_signs_out() {
    let creator = client(WRITE_URL, "demo", WRONG_KEY);
    let mut users = Vec::new();
    for n in 1..=3 {
        users.push(new_user(unique_email(&format!("refused-run-{n}"))).await);
    }
    let refused_creates = |log: Vec<Value>| {
        log.iter()
            .filter(|entry| entry["method"] == "POST" && entry["status"] == 401)
            .count()
    };
    let before = refused_creates(request_log().await);
    let mut run = Recorded::new(users);
    let end = create_users_paced(&creator, &mut run).await;
    assert_eq!(end, PacedEnd::KeyRefused);
    assert_eq!(run.answers.len(), 1);
    assert!(matches!(run.answers[0], (0, Err(ErrorKind::Unauthorized))));
    assert!(creator.key_refused().get_untracked());
    assert_eq!(refused_creates(request_log().await), before + 1);
}

/// One path for a refused key: any request but a create raises the
/// client's `key_refused`, which the console watches to sign out once; a
/// create's 401 is left to its dialog, which keeps what was typed.
#[wasm_bindgen_test]
async fn a_refused_key_is_reported_once_by_the_client_except_for_a_create() {
    let reader = client(READ_URL, "demo", WRONG_KEY);
    assert!(!reader.key_refused().get_untracked());
    expect_error(reader.list_users(None, 10).await);
    assert!(reader.key_refused().get_untracked(), "a list's 401");

    let deleter = client(WRITE_URL, "demo", WRONG_KEY);
    expect_error(deleter.delete_user("us_nobody").await);
    assert!(deleter.key_refused().get_untracked(), "a delete's 401");

    let creator = client(WRITE_URL, "demo", WRONG_KEY);
    let error = expect_error(
        creator
            .create_user(&new_user(unique_email("refused")).await)
            .await,
    );
    assert_eq!(error.kind, ErrorKind::Unauthorized);
    assert!(
        !creator.key_refused().get_untracked(),
        "a create's 401 stays in its dialog"
    );
}

#[wasm_bindgen_test]
async fn unknown_portal_and_user_are_not_found() {
    let error = expect_error(
        client(READ_URL, "no-such-portal", KEY)
            .list_users(None, 10)
            .await,
    );
    assert_eq!((error.kind, error.status), (ErrorKind::NotFound, Some(404)));
    assert!(error.message.contains("portal"), "{}", error.message);
    assert!(error.request_id.is_some());

    let error = expect_error(reader().get_user("us_does_not_exist").await);
    assert_eq!(error.kind, ErrorKind::NotFound);
}

#[wasm_bindgen_test]
async fn awkward_ids_round_trip() {
    let id = "a/b+c=d? e";
    let error = expect_error(reader().get_user(id).await);
    assert_eq!(error.kind, ErrorKind::NotFound);
    assert_eq!(error.message, format!("user \"{id}\" not found"));
    assert!(error.to_string().contains(id));
}

#[wasm_bindgen_test]
async fn bad_requests_carry_the_server_message() {
    let error = expect_error(reader().list_users(None, 0).await);
    assert_eq!(
        (error.kind, error.status),
        (ErrorKind::BadRequest, Some(400))
    );
    assert!(error.message.contains("limit"), "{}", error.message);
    assert!(error.request_id.is_some());

    let error = expect_error(
        writer()
            .create_user(&new_user("not-an-email".into()).await)
            .await,
    );
    assert_eq!(
        (error.kind, error.status),
        (ErrorKind::BadRequest, Some(400))
    );
    assert!(error.message.contains("email"), "{}", error.message);
}

#[wasm_bindgen_test]
async fn creates_gets_and_deletes_a_user() {
    let client = writer();
    let email = unique_email("crud");
    let created = client
        .create_user(&new_user(email.clone()).await)
        .await
        .unwrap();
    assert_eq!(created.email, email);
    assert_eq!(created.last_login, LastLogin::Never);
    assert_eq!(client.get_user(&created.id).await.unwrap(), created);

    let deleted = client.delete_user(&created.id).await.unwrap();
    assert_eq!(
        (deleted.id.as_str(), deleted.already),
        (created.id.as_str(), false)
    );
    // Not a retry: a second delete is a plain 404.
    let error = expect_error(client.delete_user(&created.id).await);
    assert_eq!(error.kind, ErrorKind::NotFound);
}

#[wasm_bindgen_test]
async fn retries_a_429_after_retry_after() {
    let client = writer();
    // Samples the retry notice while the request waits to retry.
    let seen: Rc<RefCell<Option<RetryNotice>>> = Rc::default();
    let notice = client.retry_notice();
    {
        let seen = seen.clone();
        wasm_bindgen_futures::spawn_local(async move {
            TimeoutFuture::new(400).await;
            *seen.borrow_mut() = notice.get_untracked();
        });
    }
    fail_next(1, 429).await;
    let started = js_sys::Date::now();
    let page = client.list_roles(None, Some(1)).await.unwrap();
    let elapsed = js_sys::Date::now() - started;
    assert_eq!(page.items.len(), 1);
    assert!(elapsed >= 950.0, "retried after only {elapsed} ms");

    let seen = seen.borrow().clone().expect("a retry notice while waiting");
    assert_eq!(seen.attempt, 2);
    assert!(seen.reason.contains("429"), "{}", seen.reason);
    assert!(seen.retry_at_ms >= started + 950.0);
    assert_eq!(client.retry_notice().get_untracked(), None);
}

#[wasm_bindgen_test]
async fn retries_503s_until_success() {
    let client = writer();
    let user = client.list_users(None, 1).await.unwrap().items.remove(0);
    let before = request_log().await.len();
    fail_next(2, 503).await;
    assert_eq!(client.get_user(&user.id).await.unwrap(), user);
    let log = request_log().await;
    let attempts: Vec<_> = log[before..]
        .iter()
        .map(|entry| (entry["method"].clone(), entry["status"].clone()))
        .collect();
    assert_eq!(
        attempts,
        [
            (json!("GET"), json!(503)),
            (json!("GET"), json!(503)),
            (json!("GET"), json!(200))
        ]
    );
}

#[wasm_bindgen_test]
async fn gives_up_after_three_attempts() {
    let client = writer();
    let before = request_log().await.len();
    fail_next(3, 502).await;
    let error = expect_error(client.list_roles(None, None).await);
    assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(502)));
    assert_eq!(request_log().await.len() - before, 3);
}

#[wasm_bindgen_test]
async fn never_retries_a_failed_create() {
    let client = writer();
    let new_user = new_user(unique_email("no-retry")).await;
    let before = request_log().await.len();
    fail_next(1, 500).await;
    let error = expect_error(client.create_user(&new_user).await);
    assert_eq!((error.kind, error.status), (ErrorKind::Server, Some(500)));
    assert!(error.request_id.is_some());
    let log = request_log().await;
    let posts: Vec<_> = log[before..]
        .iter()
        .filter(|entry| entry["method"] == "POST")
        .collect();
    assert_eq!(posts.len(), 1, "{posts:?}");
}

#[wasm_bindgen_test]
async fn unreachable_api_is_a_network_error() {
    // Port 9 (discard) is closed on the test machine.
    let error = expect_error(
        client("http://127.0.0.1:9", "demo", KEY)
            .list_roles(None, None)
            .await,
    );
    assert_eq!((error.kind, error.status), (ErrorKind::Network, None));
    let text = error.to_string();
    assert!(
        text.contains("could not be reached") && text.contains("CORS"),
        "{text}"
    );
}

#[wasm_bindgen_test]
async fn dropping_a_request_aborts_it() {
    let client = reader();
    // Polled once (the fetch starts), then dropped.
    let mut request = Box::pin(client.list_roles(None, None));
    assert!(request
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_pending());
    drop(request);
    // The client is still usable, and nothing panicked when the abort landed.
    TimeoutFuture::new(100).await;
    assert!(client.list_roles(None, Some(1)).await.is_ok());
}

#[wasm_bindgen_test]
async fn leaving_a_page_mid_load_aborts_its_request_unread() {
    let client = client(SLOW_URL, "demo", KEY);
    let page = Owner::new();
    let latest = page.with(LatestOnly::new);
    let loaded: Rc<RefCell<Option<bool>>> = Rc::default();
    {
        let (client, loaded) = (client.clone(), loaded.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let answer = latest.run(client.list_users(None, 10)).await;
            *loaded.borrow_mut() = Some(answer.is_some());
        });
    }
    // The request has reached the emulator, which answers after a second.
    TimeoutFuture::new(300).await;
    // Leaving the page.
    page.cleanup();
    TimeoutFuture::new(50).await;
    assert_eq!(*loaded.borrow(), Some(false), "the load ends, aborted");
    TimeoutFuture::new(1500).await;
    // No answer was read, let alone decoded: the client saw no rate-limit
    // figures, which it reads from an answer's headers before its body.
    assert_eq!(client.rate_limit().get_untracked(), None);
    // The fetch itself was aborted through its signal, not left to finish
    // unheard: the emulator, which logs a request once answered, dropped it
    // when the browser closed the connection.
    assert_eq!(requests_to(SLOW_URL, "GET", "/users").await, 0);
}

#[wasm_bindgen_test]
async fn list_queries_reach_the_api_encoded_once() {
    let client = writer();
    let before = request_log().await.len();
    client.list_roles(None, None).await.unwrap();
    client.list_roles(None, Some(2)).await.unwrap();
    // Not a cursor the emulator made, so it refuses it: what matters here
    // is how the cursor travels.
    let error = expect_error(client.list_roles(Some("a+b c&d=/?é"), Some(5)).await);
    assert_eq!(error.kind, ErrorKind::BadRequest);
    let log = request_log().await;
    let sent: Vec<_> = log[before..]
        .iter()
        .map(|entry| (entry["path"].clone(), entry["query"].clone()))
        .collect();
    assert_eq!(
        sent,
        [
            (json!("/v1/roles"), json!("")),
            (json!("/v1/roles"), json!("limit=2")),
            (
                json!("/v1/roles"),
                json!("after=a%2Bb+c%26d%3D%2F%3F%C3%A9&limit=5")
            ),
        ]
    );
}

#[wasm_bindgen_test]
async fn every_key_a_session_accepts_is_a_header_the_browser_takes() {
    // Every printable ASCII character, what `Session::new` lets through:
    // gloo-net throws, rather than failing, on a header value the browser
    // refuses, so no other key may reach it.
    let key: String = ('!'..='~').collect();
    let error = expect_error(
        client(READ_URL, "demo", &key)
            .list_roles(None, Some(1))
            .await,
    );
    assert_eq!(
        (error.kind, error.status),
        (ErrorKind::Unauthorized, Some(401))
    );
    assert!(!format!("{error} {error:?}").contains(&key));
}

#[wasm_bindgen_test]
fn session_lives_in_session_storage_only() {
    let session = Session::new(READ_URL, "demo", KEY).unwrap();
    session.save();
    assert_eq!(Session::load(), Some(session.clone()));

    let window = web_sys::window().unwrap();
    let local = window.local_storage().unwrap().unwrap();
    for index in 0..local.length().unwrap() {
        let name = local.key(index).unwrap().unwrap_or_default();
        let value = local.get_item(&name).unwrap().unwrap_or_default();
        assert!(
            !name.contains(KEY) && !value.contains(KEY),
            "key in localStorage"
        );
    }
    assert!(!window.location().href().unwrap().contains(KEY));
    assert!(!format!("{session:?}").contains(KEY));

    Session::clear();
    assert_eq!(Session::load(), None);
}
