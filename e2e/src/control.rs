//! Plain HTTP/1.1 calls to the emulator, for its control routes
//! (`/_emulator/...`) and for checking the API's state behind the console's
//! back, so the tests need no HTTP client crate.

use std::io::{Read, Write};
use std::net::TcpStream;

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// How often a read is tried: a fault drill's emulator fails API requests
/// at random, and the test's own reads must still see the truth.
const READ_ATTEMPTS: usize = 10;

/// Sends `method path` with an optional JSON `body` to `origin`
/// (`http://host:port`) and returns the JSON answer of a 2xx response. The
/// demo key goes along; the control routes ignore it. A `GET` answered
/// with a server error is tried again.
pub fn call(origin: &str, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let attempts = if method == "GET" { READ_ATTEMPTS } else { 1 };
    let mut answer = send(origin, method, path, body);
    for _ in 1..attempts {
        match &answer {
            Err(e) if e.to_string().contains(" answered 5") => {
                answer = send(origin, method, path, body)
            }
            _ => break,
        }
    }
    answer
}

fn send(origin: &str, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let host = origin
        .strip_prefix("http://")
        .context("an http:// origin")?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(host).with_context(|| format!("connecting to {origin}"))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer sk:demo\r\n\
         Content-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let (head, payload) = response
        .split_once("\r\n\r\n")
        .context("an HTTP response")?;
    let status = head.split_whitespace().nth(1).unwrap_or_default();
    if !status.starts_with('2') {
        bail!("{method} {path} answered {status}: {payload}");
    }
    serde_json::from_str(payload).with_context(|| format!("JSON from {method} {path}"))
}
