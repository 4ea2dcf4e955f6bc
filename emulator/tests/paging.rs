//! Cursor pagination: full walks, stability under writes, bad parameters.

mod common;

use common::{config, encode, ids, start, USERS};
use serde_json::json;

#[tokio::test]
async fn walks_return_every_user_once_in_order() {
    let emu = start(config()).await;
    let reference = ids(&emu.walk(USERS, 100).await);
    assert_eq!(reference.len(), 237);
    let unique: std::collections::HashSet<_> = reference.iter().collect();
    assert_eq!(unique.len(), 237);
    for limit in [1, 7, 20] {
        assert_eq!(
            ids(&emu.walk(USERS, limit).await),
            reference,
            "limit {limit}"
        );
    }
    let first_page = emu.get(USERS).await.json;
    assert_eq!(first_page["data"].as_array().unwrap().len(), 20);
    assert_eq!(ids(first_page["data"].as_array().unwrap()), reference[..20]);
}

#[tokio::test]
async fn roles_take_two_default_pages_and_attributes_one() {
    let emu = start(config()).await;
    let first = emu.get("/v1/roles").await.json;
    assert_eq!(first["data"].as_array().unwrap().len(), 20);
    let after = first["paging"]["next"]["after"].as_str().unwrap();
    let second = emu
        .get(&format!("/v1/roles?after={}", encode(after)))
        .await
        .json;
    assert_eq!(second["data"].as_array().unwrap().len(), 4);
    assert_eq!(second["paging"], json!({}));
    assert_eq!(emu.walk("/v1/roles", 5).await.len(), 24);
    let attributes = emu.get("/v1/user-attributes").await.json;
    assert_eq!(attributes["paging"], json!({}));
    // A cursor is tied to its list.
    let foreign = emu
        .get(&format!("/v1/user-attributes?after={}", encode(after)))
        .await;
    assert!(foreign.assert_error(400).contains("\"after\""));
}

#[tokio::test]
async fn a_list_that_fits_exactly_has_no_next_page() {
    let mut config = config();
    config.users = 40;
    let emu = start(config).await;
    let first = emu.get(&format!("{USERS}?limit=20")).await.json;
    let after = first["paging"]["next"]["after"].as_str().unwrap();
    let second = emu
        .get(&format!("{USERS}?limit=20&after={}", encode(after)))
        .await
        .json;
    assert_eq!(second["data"].as_array().unwrap().len(), 20);
    assert_eq!(second["paging"], json!({}));
}

#[tokio::test]
async fn an_empty_portal_has_one_empty_page() {
    let mut config = config();
    config.users = 0;
    let emu = start(config).await;
    assert_eq!(emu.get(USERS).await.json, json!({"data": [], "paging": {}}));
}

#[tokio::test]
async fn walk_survives_creates_and_deletes() {
    let emu = start(config()).await;
    let before = ids(&emu.walk(USERS, 100).await);
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    let mut created = Vec::new();
    let mut deleted = Vec::new();
    let mut page_number = 0;
    loop {
        let path = match &after {
            Some(cursor) => format!("{USERS}?limit=10&after={}", encode(cursor)),
            None => format!("{USERS}?limit=10"),
        };
        let page = emu.get(&path).await.json;
        seen.extend(ids(page["data"].as_array().unwrap()));
        page_number += 1;
        // Between pages: add a user at the end, delete one already seen and
        // one not yet seen.
        let body = emu
            .new_user(&format!("walker{page_number}@example.com"))
            .await;
        created.push(
            emu.post(USERS, &body).await.json["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        let seen_victim = seen[seen.len() / 2].clone();
        if !deleted.contains(&seen_victim) {
            assert_eq!(
                emu.delete(&format!("{USERS}/{seen_victim}")).await.status,
                200
            );
            deleted.push(seen_victim);
        }
        if let Some(ahead) = before
            .iter()
            .rev()
            .find(|id| !seen.contains(id) && !deleted.contains(id))
        {
            assert_eq!(emu.delete(&format!("{USERS}/{ahead}")).await.status, 200);
            deleted.push(ahead.clone());
        }
        match page["paging"]["next"]["after"].as_str() {
            Some(cursor) => after = Some(cursor.to_string()),
            None => break,
        }
    }
    let unique: std::collections::HashSet<_> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "no user twice");
    // Everything that existed throughout appears, in creation order.
    let expected: Vec<&String> = before
        .iter()
        .chain(&created)
        .filter(|id| !deleted.contains(id))
        .collect();
    let survivors: Vec<&String> = seen.iter().filter(|id| !deleted.contains(id)).collect();
    assert_eq!(survivors, expected[..survivors.len()]);
    for id in before.iter().filter(|id| !deleted.contains(id)) {
        assert!(seen.contains(id), "{id} was skipped");
    }
}

#[tokio::test]
async fn refuses_bad_limits_and_cursors() {
    let mut config = config();
    config.max_limit = 50;
    let emu = start(config).await;
    for limit in ["0", "-1", "abc", "", "51", "2.5", "1e3"] {
        let reply = emu.get(&format!("{USERS}?limit={limit}")).await;
        assert!(
            reply.assert_error(400).contains("\"limit\""),
            "limit={limit}"
        );
    }
    assert_eq!(emu.get(&format!("{USERS}?limit=50")).await.status, 200);
    for path in ["/v1/roles?limit=0", "/v1/user-attributes?limit=x"] {
        assert!(emu.get(path).await.assert_error(400).contains("\"limit\""));
    }

    let page = emu.get(&format!("{USERS}?limit=3")).await.json;
    let cursor = page["paging"]["next"]["after"]
        .as_str()
        .unwrap()
        .to_string();
    let mut tampered = cursor.clone().into_bytes();
    tampered[10] = if tampered[10] == b'A' { b'B' } else { b'A' };
    // A cursor whose `+` was not encoded arrives as a space: refused too.
    if cursor.contains('+') {
        let unencoded = emu.get(&format!("{USERS}?after={cursor}")).await;
        unencoded.assert_error(400);
    }
    let tampered = String::from_utf8(tampered).unwrap();
    for after in ["3", "MQit=", "not-a-cursor", tampered.as_str()] {
        let reply = emu.get(&format!("{USERS}?after={}", encode(after))).await;
        assert!(
            reply.assert_error(400).contains("\"after\""),
            "after={after}"
        );
    }
    // An empty `after` means "from the start".
    let from_start = emu.get(&format!("{USERS}?after=&limit=3")).await.json;
    assert_eq!(from_start, page);
}
