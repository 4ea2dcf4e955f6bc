//! Rate limiting, injected failures, latency and concurrent writes.

mod common;

use std::time::{Duration, Instant};

use common::{config, ids, read, start, Emulator, USERS};
use reqwest::Method;
use serde_json::json;

async fn fail_next(emu: &Emulator, body: serde_json::Value) -> common::Reply {
    read(
        emu.client
            .post(format!("{}/_emulator/fail-next", emu.base))
            .json(&body),
    )
    .await
}

#[tokio::test]
async fn rate_limit_refuses_past_the_quota_then_recovers() {
    let mut config = config();
    config.rate_limit = 3;
    config.rate_window = Duration::from_secs(2);
    let emu = start(config).await;
    for remaining in ["2", "1", "0"] {
        let reply = emu.get("/v1/roles").await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("x-ratelimit-limit"), "3");
        assert_eq!(reply.header("x-ratelimit-remaining"), remaining);
        assert!(["1", "2"].contains(&reply.header("x-ratelimit-reset")));
    }
    let limited = emu.get("/v1/roles").await;
    assert!(limited.assert_error(429).contains("rate limit"));
    assert!(["1", "2"].contains(&limited.header("retry-after")));
    assert_eq!(
        limited.header("retry-after"),
        limited.header("x-ratelimit-reset")
    );
    assert_eq!(limited.header("x-ratelimit-remaining"), "0");
    // Requests without a valid key have their own bucket.
    let anonymous = read(emu.client.get(format!("{}/v1/roles", emu.base))).await;
    anonymous.assert_error(401);
    assert_eq!(anonymous.header("x-ratelimit-remaining"), "2");
    // The control routes are never limited.
    let control = read(emu.client.get(format!("{}/_emulator/requests", emu.base))).await;
    assert_eq!(control.status, 200);
    assert!(control.header("x-ratelimit-limit").is_empty());

    let wait: u64 = limited.header("retry-after").parse().unwrap();
    tokio::time::sleep(Duration::from_secs(wait) + Duration::from_millis(50)).await;
    let recovered = emu.get("/v1/roles").await;
    assert_eq!(recovered.status, 200);
    assert_eq!(recovered.header("x-ratelimit-remaining"), "2");
}

#[tokio::test]
async fn rate_limit_zero_is_off() {
    let mut config = config();
    config.rate_limit = 0;
    let emu = start(config).await;
    for _ in 0..5 {
        let reply = emu.get("/v1/roles").await;
        assert_eq!(reply.status, 200);
        assert!(reply.header("x-ratelimit-limit").is_empty());
    }
}

#[tokio::test]
async fn fail_next_fails_exactly_the_next_requests_before_any_write() {
    let emu = start(config()).await;
    let set = fail_next(&emu, json!({"count": 2, "status": 503})).await;
    assert_eq!(set.status, 200);
    // A preflight neither fails nor uses up the count.
    let preflight = read(
        emu.client
            .request(Method::OPTIONS, format!("{}{USERS}", emu.base)),
    )
    .await;
    assert_eq!(preflight.status, 200);
    let body = emu.new_user("never@example.com").await;
    // new_user made one GET, which took the first failure.
    let failed = emu.post(USERS, &body).await;
    assert!(failed.assert_error(503).contains("injected"));
    assert!(!failed.header("x-ratelimit-limit").is_empty());
    let all = emu.walk(USERS, 100).await;
    assert_eq!(all.len(), 237, "the failed create wrote nothing");
    assert!(all.iter().all(|user| user["email"] != "never@example.com"));

    fail_next(&emu, json!({"count": 1, "status": 429})).await;
    let limited = emu.get("/v1/roles").await;
    limited.assert_error(429);
    assert_eq!(limited.header("retry-after"), "1");
    assert_eq!(emu.get("/v1/roles").await.status, 200);

    for status in [401, 403, 500, 502, 504] {
        fail_next(&emu, json!({"count": 1, "status": status})).await;
        emu.get("/v1/roles").await.assert_error(status);
    }
    for bad in [
        json!({"count": 1, "status": 404}),
        json!({"count": -1}),
        json!({"status": 500}),
    ] {
        fail_next(&emu, bad).await.assert_error(400);
    }
    let log = read(emu.client.get(format!("{}/_emulator/requests", emu.base)))
        .await
        .json;
    let statuses: Vec<u64> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_u64().unwrap())
        .collect();
    assert_eq!(&statuses[..3], [200, 503, 503]);
}

#[tokio::test]
async fn fail_rate_fails_a_share_of_api_requests_only() {
    let mut config = config();
    config.fail_rate = 1.0;
    let emu = start(config).await;
    for _ in 0..10 {
        let reply = emu.get("/v1/roles").await;
        let status = reply.status.as_u16();
        assert!(status == 500 || status == 503, "{status}");
        reply.assert_error(status);
    }
    let preflight = read(
        emu.client
            .request(Method::OPTIONS, format!("{}/v1/roles", emu.base)),
    )
    .await;
    assert_eq!(preflight.status, 200);
    let control = read(emu.client.get(format!("{}/_emulator/requests", emu.base))).await;
    assert_eq!(control.status, 200);

    let mut config = common::config();
    config.fail_rate = 0.5;
    let emu = start(config).await;
    let mut failures = 0;
    for _ in 0..40 {
        if emu.get("/v1/roles").await.status != 200 {
            failures += 1;
        }
    }
    assert!((5..=35).contains(&failures), "{failures} of 40 failed");
}

#[tokio::test]
async fn latency_delays_api_responses() {
    let mut config = config();
    config.latency = Duration::from_millis(300);
    let emu = start(config).await;
    let started = Instant::now();
    assert_eq!(emu.get("/v1/roles").await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    let started = Instant::now();
    read(emu.client.get(format!("{}/v1/roles", emu.base)))
        .await
        .assert_error(401);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "errors are delayed too"
    );
}

#[tokio::test]
async fn a_late_answer_follows_an_applied_write() {
    let mut config = config();
    config.answer_delay = Duration::from_millis(800);
    let emu = start(config).await;
    let body = emu.new_user("late@example.com").await;
    // The client gives up long before the answer, as a reload would.
    let gave_up = tokio::time::timeout(Duration::from_millis(200), emu.post(USERS, &body)).await;
    assert!(gave_up.is_err(), "the answer came before the delay");
    let users = emu.walk(USERS, 100).await;
    assert_eq!(
        users
            .iter()
            .filter(|user| user["email"] == "late@example.com")
            .count(),
        1,
        "the write was applied before its answer"
    );
}

#[tokio::test]
async fn concurrent_creates_lose_nothing() {
    let emu = std::sync::Arc::new(start(config()).await);
    let body = emu.new_user("template@example.com").await;
    let tasks: Vec<_> = (0..200)
        .map(|n| {
            let emu = emu.clone();
            let mut body = body.clone();
            body["email"] = json!(format!("concurrent{n}@example.com"));
            tokio::spawn(async move { emu.post(USERS, &body).await })
        })
        .collect();
    let mut created = Vec::new();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 200, "{}", reply.json);
        created.push(reply.json["id"].as_str().unwrap().to_string());
    }
    let all = ids(&emu.walk(USERS, 100).await);
    assert_eq!(all.len(), 437);
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!(unique.len(), 437);
    for id in &created {
        assert!(all.contains(id));
    }
}
