//! Bad credentials on Connect: each mistake gets its own message, and the
//! administrator stays on Connect to fix it.

use anyhow::{ensure, Result};
use e2e::{Browser, Emulator, KEY, PORTAL};

#[tokio::test]
async fn wrong_key_wrong_portal_and_unreachable_api_each_say_what_is_wrong() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    // Nothing listens on a port just given back by the system.
    let nowhere = format!(
        "http://127.0.0.1:{}",
        std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port()
    );
    let browser = Browser::start().await?;
    browser.client.goto(&emulator.url).await?;

    let cases = [
        (
            "wrong-key",
            emulator.url.as_str(),
            PORTAL,
            "sk:wrong",
            "The API rejected this service account key.".to_string(),
        ),
        (
            "wrong-portal",
            emulator.url.as_str(),
            "nope",
            KEY,
            "Portal \u{201c}nope\u{201d} was not found at this API.".to_string(),
        ),
        (
            "unreachable",
            nowhere.as_str(),
            PORTAL,
            KEY,
            format!("The API could not be reached at {nowhere}."),
        ),
    ];
    for (screen, base_url, portal, key, message) in &cases {
        browser.submit_connect(base_url, portal, key).await?;
        browser.wait_for_text(message).await?;
        browser.screenshot("connect", screen).await?;
        let text = browser.text().await?;
        for (_, _, _, _, other) in cases.iter().filter(|case| &case.4 != message) {
            ensure!(
                !text.contains(other.as_str()),
                "{screen} also shows {other:?}"
            );
        }
        ensure!(
            browser.try_find("button", "Sign out").await?.is_none(),
            "{screen} signed in"
        );
    }
    Ok(())
}
