//! The served release build opens in Chromium and shows the console.

use e2e::{Browser, Emulator};

#[tokio::test]
async fn the_console_opens_at_connect() -> anyhow::Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    browser.client.goto(&emulator.url).await?;
    browser.find("link", "Portal Admin").await?;
    browser
        .find("heading", "Connect to a partner portal")
        .await?;
    browser.client.close().await?;
    Ok(())
}
