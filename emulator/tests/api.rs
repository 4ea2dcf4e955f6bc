//! The eight endpoints, authentication, errors and user creation.

mod common;

use common::{config, read, start, Emulator, KEY, USERS};
use reqwest::Method;
use serde_json::{json, Value};

async fn seeded() -> Emulator {
    start(config()).await
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect()
}

#[tokio::test]
async fn lists_and_gets_users_roles_and_attributes() {
    let emu = seeded().await;
    let users = emu.get(USERS).await;
    assert_eq!(users.status, 200);
    assert!(!users.header("x-request-id").is_empty());
    let data = users.json["data"].as_array().unwrap();
    assert_eq!(data.len(), 20);
    let user = &data[0];
    for key in [
        "id",
        "first_name",
        "last_name",
        "email",
        "last_logged_at",
        "locale",
        "roles",
        "attributes",
    ] {
        assert!(user.get(key).is_some(), "missing {key} in {user}");
    }
    assert!(user["id"].as_str().unwrap().starts_with("us_"));
    assert!(user.get("password").is_none());

    let id = user["id"].as_str().unwrap();
    let one = emu.get(&format!("{USERS}/{id}")).await;
    assert_eq!(one.status, 200);
    assert_eq!(&one.json, user);

    let roles = emu.get("/v1/roles").await;
    let role = &roles.json["data"][0];
    assert_eq!(keys(role), ["id", "is_system", "name"]);
    assert_eq!(role["name"], "Admin Builder");
    assert_eq!(role["is_system"], true);
    assert_eq!(
        emu.get(&format!("/v1/roles/{}", role["id"].as_str().unwrap()))
            .await
            .json,
        *role
    );

    let attributes = emu.get("/v1/user-attributes").await;
    let attribute = &attributes.json["data"][1];
    assert_eq!(
        keys(attribute),
        ["allow_multiple_values", "id", "label", "name", "type"]
    );
    assert_eq!(attribute["name"], "regions");
    assert_eq!(attribute["allow_multiple_values"], true);
    assert!(attribute["id"].as_str().unwrap().starts_with("ua_"));
    let path = format!("/v1/user-attributes/{}", attribute["id"].as_str().unwrap());
    assert_eq!(emu.get(&path).await.json, *attribute);
    let types: Vec<&str> = attributes.json["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["type"].as_str().unwrap())
        .collect();
    for kind in ["STRING", "NUMBER", "BOOLEAN", "TIME", "UNKNOWN"] {
        assert!(types.contains(&kind), "{kind}");
    }
}

#[tokio::test]
async fn first_page_holds_the_awkward_names() {
    let emu = seeded().await;
    let page = emu.get(USERS).await.json;
    let firsts: Vec<&str> = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["first_name"].as_str().unwrap())
        .collect();
    for name in [
        "José",
        "Zoë",
        "李雷",
        "Ólafur",
        "Anne-Marie",
        "<img src=x onerror=alert(1)>",
    ] {
        assert!(firsts.contains(&name), "{name} not in {firsts:?}");
    }
    let lasts = page["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["last_name"].as_str().unwrap());
    let lasts: Vec<&str> = lasts.collect();
    assert!(lasts.contains(&"O'Brien") && lasts.contains(&"Smith-Jones"));
    assert!(lasts.iter().any(|name| name.chars().count() > 200));
}

#[tokio::test]
async fn seeded_logins_are_iso_strings_or_null() {
    let emu = seeded().await;
    let users = emu.walk(USERS, 100).await;
    let never = users
        .iter()
        .filter(|u| u["last_logged_at"].is_null())
        .count();
    assert!((5..=50).contains(&never), "{never} of 237 never logged in");
    for user in users.iter().filter(|u| !u["last_logged_at"].is_null()) {
        let at = user["last_logged_at"].as_str().unwrap();
        assert!(
            at.len() == 20 && at.ends_with('Z') && &at[10..11] == "T",
            "{at}"
        );
    }
}

#[tokio::test]
async fn authentication_comes_first() {
    let emu = seeded().await;
    let url = format!("{}/v1/partner-portals/nope/users", emu.base);
    let missing = read(emu.client.get(&url)).await;
    assert!(missing.assert_error(401).contains("Authorization"));
    for header in ["sk:demo", "Basic sk:demo", "Bearer", "Bearer  "] {
        let malformed = read(emu.client.get(&url).header("authorization", header)).await;
        malformed.assert_error(401);
    }
    let unknown = read(emu.client.get(&url).bearer_auth("sk:wrong")).await;
    let message = unknown.assert_error(401).to_string();
    assert!(!message.contains("sk:wrong"));
    for path in ["/v1/roles", "/v1/user-attributes/ua_x"] {
        read(emu.client.get(format!("{}{path}", emu.base)))
            .await
            .assert_error(401);
    }
    // With a valid key, the unknown portal is what fails.
    let portal = emu.get("/v1/partner-portals/nope/users").await;
    assert_eq!(portal.assert_error(404), "portal \"nope\" not found");
}

#[tokio::test]
async fn not_found_messages_name_the_decoded_id() {
    let emu = seeded().await;
    let encoded = "a%2Fb%2Bc%3Dd%3F%20e";
    let user = emu.get(&format!("{USERS}/{encoded}")).await;
    assert_eq!(user.assert_error(404), "user \"a/b+c=d? e\" not found");
    let role = emu.get(&format!("/v1/roles/{encoded}")).await;
    assert_eq!(role.assert_error(404), "role \"a/b+c=d? e\" not found");
    let attribute = emu.get("/v1/user-attributes/%C3%A9t%C3%A9").await;
    assert_eq!(
        attribute.assert_error(404),
        "user attribute \"été\" not found"
    );
    emu.delete(&format!("{USERS}/{encoded}"))
        .await
        .assert_error(404);
    emu.get("/v1/nothing-here").await.assert_error(404);
    emu.get("/v1/").await.assert_error(404);
    read(emu.request(Method::PUT, "/v1/roles"))
        .await
        .assert_error(405);
}

#[tokio::test]
async fn creates_gets_lists_and_deletes_a_user() {
    let emu = seeded().await;
    let roles = emu.get("/v1/roles?limit=2").await.json;
    let attributes = emu.get("/v1/user-attributes").await.json;
    let attribute = |name: &str| {
        attributes["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let body = json!({
        "first_name": "  Grace ",
        "last_name": "Hopper",
        "email": "grace@navy.example",
        "password": "correct horse",
        "roles": [roles["data"][0]["id"], roles["data"][1]["id"]],
        "locale": "fr_FR",
        "attributes": [
            {"id": attribute("regions"), "value": "EMEA"},
            {"id": attribute("regions"), "value": "APAC"},
            {"id": attribute("seats"), "value": 12},
            {"id": attribute("is_contractor"), "value": true},
            {"id": attribute("contract_end"), "value": "2027-01-31T00:00:00Z"},
            {"id": attribute("legacy_id"), "value": "L-1"},
        ],
    });
    let created = emu.post(USERS, &body).await;
    assert_eq!(created.status, 200, "{}", created.json);
    let user = &created.json;
    assert_eq!(user["first_name"], "Grace");
    assert_eq!(user["locale"], "fr_FR");
    assert_eq!(user["last_logged_at"], Value::Null);
    assert!(user.get("last_logged_at").is_some());
    assert!(!created.json.to_string().contains("correct horse"));
    assert_eq!(user["roles"].as_array().unwrap().len(), 2);
    let values: Vec<&Value> = user["attributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["value"])
        .collect();
    assert_eq!(
        values,
        ["EMEA", "APAC", "12", "true", "2027-01-31T00:00:00Z", "L-1"]
    );

    let id = user["id"].as_str().unwrap();
    assert_eq!(emu.get(&format!("{USERS}/{id}")).await.json, *user);
    let all = emu.walk(USERS, 100).await;
    assert_eq!(all.len(), 238);
    assert_eq!(all.last().unwrap(), user);

    let deleted = emu.delete(&format!("{USERS}/{id}")).await;
    assert_eq!(deleted.status, 200);
    assert_eq!(deleted.json, json!({"id": id, "isDeleted": true}));
    emu.get(&format!("{USERS}/{id}")).await.assert_error(404);
    let again = emu.delete(&format!("{USERS}/{id}")).await;
    assert_eq!(again.assert_error(404), format!("user \"{id}\" not found"));
    assert_eq!(emu.walk(USERS, 100).await.len(), 237);
    // The email is free again once its user is gone.
    assert_eq!(emu.post(USERS, &body).await.status, 200);
}

#[tokio::test]
async fn defaults_locale_and_refuses_duplicate_emails() {
    let emu = seeded().await;
    let body = emu.new_user("Dup@Example.com").await;
    let first = emu.post(USERS, &body).await;
    assert_eq!(first.json["locale"], "en_US");
    let mut again = body.clone();
    again["email"] = json!("dup@example.COM");
    let refused = emu.post(USERS, &again).await;
    assert!(refused.assert_error(400).contains("already in use"));
    let seeded_email = emu.get(USERS).await.json["data"][1]["email"].clone();
    again["email"] = seeded_email;
    assert!(emu
        .post(USERS, &again)
        .await
        .assert_error(400)
        .contains("already in use"));
}

#[tokio::test]
async fn refuses_invalid_users_with_a_reason() {
    let emu = seeded().await;
    let valid = emu.new_user("valid@example.com").await;
    let attributes = emu.get("/v1/user-attributes").await.json;
    let attribute = |name: &str| {
        attributes["data"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["name"] == name)
            .unwrap()["id"]
            .clone()
    };
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = valid.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let cases = [
        (without("first_name"), "first_name"),
        (without("last_name"), "last_name"),
        (without("email"), "email"),
        (without("roles"), "roles"),
        (with("first_name", json!("   ")), "first_name"),
        (with("first_name", json!(42)), "first_name"),
        (with("email", json!("not-an-email")), "email"),
        (with("email", json!("a@b")), "email"),
        (with("email", json!("a b@c.co")), "email"),
        (with("email", json!("a@b@c.co")), "email"),
        (with("roles", json!([])), "roles"),
        (with("roles", json!("ro_x")), "roles"),
        (with("roles", json!([7])), "roles[0]"),
        (with("roles", json!(["ro_missing"])), "ro_missing"),
        (with("password", json!(1234)), "password"),
        (with("locale", json!(["en"])), "locale"),
        (with("attributes", json!({})), "attributes"),
        (
            with("attributes", json!([{"id": "ua_missing", "value": "x"}])),
            "ua_missing",
        ),
        (
            with(
                "attributes",
                json!([{"id": attribute("seats"), "value": "many"}]),
            ),
            "NUMBER",
        ),
        (
            with(
                "attributes",
                json!([{"id": attribute("is_contractor"), "value": "yes"}]),
            ),
            "BOOLEAN",
        ),
        (
            with(
                "attributes",
                json!([{"id": attribute("contract_end"), "value": "soon"}]),
            ),
            "TIME",
        ),
        (
            with(
                "attributes",
                json!([{"id": attribute("department"), "value": 3}]),
            ),
            "STRING",
        ),
        (
            with("attributes", json!([{"id": attribute("department")}])),
            "department",
        ),
        (
            with(
                "attributes",
                json!([
                    {"id": attribute("department"), "value": "Sales"},
                    {"id": attribute("department"), "value": "Finance"},
                ]),
            ),
            "multiple",
        ),
    ];
    for (body, needle) in cases {
        let reply = emu.post(USERS, &body).await;
        let message = reply.assert_error(400);
        assert!(
            message.contains(needle),
            "{needle:?} not in {message:?} for {body}"
        );
    }
    assert_eq!(
        emu.walk(USERS, 100).await.len(),
        237,
        "no invalid user was created"
    );
}

#[tokio::test]
async fn refuses_bad_bodies_without_crashing() {
    let emu = seeded().await;
    let post = |body: Vec<u8>, content_type: Option<&str>| {
        let mut request = emu.request(Method::POST, USERS).body(body);
        if let Some(content_type) = content_type {
            request = request.header("content-type", content_type);
        }
        read(request)
    };
    let json = Some("application/json");
    let not_json = post(b"{first_name: nope".to_vec(), json).await;
    assert!(not_json.assert_error(400).contains("not valid JSON"));
    let array = post(b"[1, 2]".to_vec(), json).await;
    assert!(array.assert_error(400).contains("JSON object"));
    let empty = post(Vec::new(), json).await;
    assert!(empty.assert_error(400).contains("JSON"));
    let text = post(b"{}".to_vec(), Some("text/plain")).await;
    assert!(text.assert_error(400).contains("Content-Type"));
    let missing = post(b"{}".to_vec(), None).await;
    assert!(missing.assert_error(400).contains("Content-Type"));
    let charset = post(b"{}".to_vec(), Some("application/json; charset=utf-8")).await;
    assert!(charset.assert_error(400).contains("first_name"));
    let mut huge = br#"{"first_name": ""#.to_vec();
    huge.extend(std::iter::repeat_n(b'x', 70 * 1024));
    huge.extend(br#""}"#);
    let too_large = post(huge, json).await;
    assert!(too_large.assert_error(400).contains("too large"));
    // The server is still there.
    assert_eq!(emu.get("/v1/roles").await.status, 200);
}

#[tokio::test]
async fn accepts_any_of_several_keys() {
    let mut config = config();
    config.keys = vec!["sk:one".into(), "sk:two".into()];
    let emu = start(config).await;
    for key in ["sk:one", "sk:two"] {
        let reply = read(
            emu.client
                .get(format!("{}/v1/roles", emu.base))
                .bearer_auth(key),
        )
        .await;
        assert_eq!(reply.status, 200);
    }
    read(
        emu.client
            .get(format!("{}/v1/roles", emu.base))
            .bearer_auth(KEY),
    )
    .await
    .assert_error(401);
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers() {
    let emu = seeded().await;
    let preflight = read(
        emu.client
            .request(Method::OPTIONS, format!("{}{USERS}", emu.base))
            .header("origin", "http://console.example")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            ),
    )
    .await;
    // tower-http's CorsLayer answers 200 and writes lists as lowercase
    // names without spaces; a browser wants any 2xx and compares names
    // without regard to case or the spaces around commas.
    assert_eq!(preflight.status, 200);
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    assert_eq!(
        preflight.header("access-control-allow-methods"),
        "GET,POST,DELETE,OPTIONS"
    );
    assert_eq!(
        preflight.header("access-control-allow-headers"),
        "authorization,content-type,accept"
    );
    assert_eq!(preflight.header("access-control-max-age"), "600");
    assert!(preflight
        .header("access-control-allow-credentials")
        .is_empty());
    assert!(
        preflight.header("x-ratelimit-limit").is_empty(),
        "preflights are not rate limited"
    );

    let exposed =
        "x-ratelimit-limit,x-ratelimit-remaining,x-ratelimit-reset,retry-after,x-request-id";
    let ok = emu.get("/v1/roles").await;
    let error = read(emu.client.get(format!("{}/v1/roles", emu.base))).await;
    let control = read(emu.client.get(format!("{}/_emulator/requests", emu.base))).await;
    for reply in [&ok, &error, &control] {
        assert_eq!(reply.header("access-control-allow-origin"), "*");
        assert_eq!(reply.header("access-control-expose-headers"), exposed);
    }
    let control_preflight = read(
        emu.client
            .request(Method::OPTIONS, format!("{}/_emulator/fail-next", emu.base)),
    )
    .await;
    assert_eq!(control_preflight.status, 200);
    assert_eq!(control_preflight.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn control_routes_record_requests_and_create_odd_users() {
    let emu = seeded().await;
    emu.get("/v1/roles?limit=3").await;
    read(
        emu.client
            .get(format!("{}{USERS}/a%2Fb", emu.base))
            .bearer_auth(KEY),
    )
    .await;
    let log = read(emu.client.get(format!("{}/_emulator/requests", emu.base)))
        .await
        .json;
    let expected = json!([
        {"method": "GET", "path": "/v1/roles", "query": "limit=3", "status": 200},
        {"method": "GET", "path": format!("{USERS}/a%2Fb"), "query": "", "status": 404},
    ]);
    assert_eq!(log, expected);
    assert!(!log.to_string().contains(KEY));

    let mut body = emu.new_user("odd@example.com").await;
    let odd = [
        ("odd@example.com", json!(1)),
        ("odd2@example.com", json!(1_700_000_000_000u64)),
        ("odd3@example.com", json!("yesterday")),
    ];
    for (email, last) in odd {
        body["email"] = json!(email);
        body["last_logged_at"] = last.clone();
        let created = read(
            emu.client
                .post(format!("{}/_emulator/users", emu.base))
                .json(&body),
        )
        .await;
        assert_eq!(created.status, 200, "{}", created.json);
        assert_eq!(created.json["last_logged_at"], last);
    }
    // The API itself ignores a last_logged_at in the body.
    body["email"] = json!("odd4@example.com");
    assert_eq!(
        emu.post(USERS, &body).await.json["last_logged_at"],
        Value::Null
    );
    let all = emu.walk(USERS, 100).await;
    let last_three: Vec<&Value> = all
        .iter()
        .rev()
        .skip(1)
        .take(3)
        .map(|u| &u["last_logged_at"])
        .collect();
    assert_eq!(
        last_three,
        [&json!("yesterday"), &json!(1_700_000_000_000u64), &json!(1)]
    );
    let control = format!("{}/_emulator/users", emu.base);
    read(emu.client.post(control).json(&json!({"email": "x"})))
        .await
        .assert_error(400);
}
