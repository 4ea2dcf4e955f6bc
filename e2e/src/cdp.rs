//! Chrome DevTools commands through chromedriver's `goog/cdp/execute`
//! endpoint, for what WebDriver lacks: the dark theme, a phone-sized
//! viewport, clipboard permission.

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Client;
use serde_json::{json, Value};

#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Runs the DevTools `method` with `params` in the session's current tab.
pub async fn execute(
    client: &Client,
    method: &'static str,
    params: Value,
) -> anyhow::Result<Value> {
    Ok(client.issue_cmd(Cdp { method, params }).await?)
}
