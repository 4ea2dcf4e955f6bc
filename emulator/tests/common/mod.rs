//! Starting an emulator in-process and speaking HTTP to it.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of these helpers"
)]

use std::time::Duration;

use portal_emulator::Config;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::net::TcpListener;

/// The key every test emulator accepts.
pub const KEY: &str = "sk:demo";
/// The portal every test emulator has.
pub const USERS: &str = "/v1/partner-portals/demo/users";

/// A running in-process emulator and a client for it.
pub struct Emulator {
    pub base: String,
    pub client: reqwest::Client,
}

/// A response read whole: status, headers, and the body as JSON (`Null` if it is not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub json: Value,
}

impl Reply {
    /// A header's value as text, or "" when absent.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
    }

    /// Asserts an error response in the contract's schema, and returns its message.
    pub fn assert_error(&self, status: u16) -> &str {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.json);
        let body = self.json.as_object().expect("error body is a JSON object");
        let keys: Vec<&str> = body.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["message", "request_id", "status_code"],
            "{}",
            self.json
        );
        assert_eq!(body["status_code"], status);
        let id = body["request_id"].as_str().unwrap();
        assert_eq!(id.len(), 32);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_eq!(self.header("x-request-id"), id);
        body["message"].as_str().unwrap()
    }
}

/// The default configuration with 237 users.
pub fn config() -> Config {
    Config::default()
}

/// Starts an emulator on a free loopback port.
pub async fn start(config: Config) -> Emulator {
    let router = portal_emulator::router(config).expect("valid config");
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(portal_emulator::serve(router, listener));
    Emulator {
        base: format!("http://{addr}"),
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    }
}

impl Emulator {
    /// A request to `path` (with query) carrying the valid key.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(KEY)
    }

    /// An authenticated GET.
    pub async fn get(&self, path: &str) -> Reply {
        read(self.request(Method::GET, path)).await
    }

    /// An authenticated POST of a JSON body.
    pub async fn post(&self, path: &str, body: &Value) -> Reply {
        read(self.request(Method::POST, path).json(body)).await
    }

    /// An authenticated DELETE.
    pub async fn delete(&self, path: &str) -> Reply {
        read(self.request(Method::DELETE, path)).await
    }

    /// Every item of a list, following `paging.next.after` with `limit`.
    pub async fn walk(&self, path: &str, limit: usize) -> Vec<Value> {
        let mut items = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let mut request = self
                .request(Method::GET, path)
                .query(&[("limit", limit.to_string())]);
            if let Some(cursor) = &after {
                request = request.query(&[("after", cursor)]);
            }
            let reply = read(request).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.json);
            let data = reply.json["data"].as_array().unwrap();
            assert!(data.len() <= limit);
            items.extend(data.iter().cloned());
            match reply.json["paging"]["next"]["after"].as_str() {
                Some(cursor) => after = Some(cursor.to_string()),
                None => {
                    assert_eq!(reply.json["paging"], serde_json::json!({}));
                    return items;
                }
            }
        }
    }

    /// A valid `NewUser` body with this email.
    pub async fn new_user(&self, email: &str) -> Value {
        let role = self.get("/v1/roles?limit=1").await.json["data"][0]["id"].clone();
        serde_json::json!({
            "first_name": "Ada",
            "last_name": "Lovelace",
            "email": email,
            "roles": [role],
        })
    }
}

/// Sends `request` and reads the whole reply.
pub async fn read(request: reqwest::RequestBuilder) -> Reply {
    let response = request.send().await.expect("the emulator answers");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.unwrap();
    Reply {
        status,
        headers,
        json: serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    }
}

/// The `id`s of JSON objects.
pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

/// Percent-encodes a query value, as a client must encode an opaque cursor.
pub fn encode(value: &str) -> String {
    percent_encoding::utf8_percent_encode(value, percent_encoding::NON_ALPHANUMERIC).to_string()
}
