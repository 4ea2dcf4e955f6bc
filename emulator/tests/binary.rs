//! The `portal-emulator` command line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BINARY: &str = env!("CARGO_BIN_EXE_portal-emulator");

#[tokio::test]
async fn prints_the_bound_address_first_and_serves() {
    let mut child = Command::new(BINARY)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--users",
            "3",
            "--portal",
            "acme",
            "--key",
            "sk:test",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .strip_prefix("listening on http://")
        .expect(&first)
        .to_string();
    assert!(!url.ends_with(":0"), "{url}");
    let rest: Vec<String> = lines.by_ref().take(3).map(Result::unwrap).collect();
    assert!(rest.iter().any(|line| line.contains("acme")));
    assert!(rest.iter().any(|line| line.contains("sk:test")));
    let reply = reqwest::Client::new()
        .get(format!("http://{url}/v1/partner-portals/acme/users"))
        .bearer_auth("sk:test")
        .send()
        .await
        .unwrap();
    let status = reply.status();
    let body: serde_json::Value = reply.json().await.unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(status, 200);
    assert_eq!(body["data"].as_array().unwrap().len(), 3);
}

#[test]
fn help_and_bad_flags() {
    let help = Command::new(BINARY).arg("--help").output().unwrap();
    assert!(help.status.success());
    assert!(String::from_utf8_lossy(&help.stdout).contains("--rate-window"));
    for args in [&["--bogus"][..], &["--users", "many"], &["--fail-rate"]] {
        let bad = Command::new(BINARY).args(args).output().unwrap();
        assert_eq!(bad.status.code(), Some(2), "{args:?}");
        let message = String::from_utf8_lossy(&bad.stderr);
        assert!(message.contains(args[0]), "{message}");
    }
}
