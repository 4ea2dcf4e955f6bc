//! Data that attacks the console: markup in names stays text everywhere it
//! is shown, and names of 1,000 characters in several scripts do not push
//! the page sideways.

use anyhow::{ensure, Context, Result};
use e2e::{Browser, Emulator};
use serde_json::json;

const SEEDED_XSS: &str = "<img src=x onerror=alert(1)> Tester";
const SCRIPT_NAME: &str = "<script>alert(1)</script> Tester";
const SCRIPT_EMAIL: &str = "script.tester@example.com";

/// Creates a user through the emulator's control route, with a real role.
fn create_user(emulator: &Emulator, first_name: &str, last_name: &str, email: &str) -> Result<()> {
    let roles = emulator.call("GET", "/v1/roles", None)?;
    let role = roles["data"][0]["id"].as_str().context("a role ID")?;
    let user = json!({ "first_name": first_name, "last_name": last_name, "email": email, "roles": [role] });
    emulator.call("POST", "/_emulator/users", Some(&user))?;
    Ok(())
}

/// The seeded `<img>` name and a `<script>` name show as text in the list,
/// on the detail page, in the delete dialog and its toast; nothing runs.
#[tokio::test]
async fn markup_in_names_is_shown_as_text() -> Result<()> {
    let emulator = Emulator::start(&["--users", "20"])?;
    create_user(
        &emulator,
        "<script>alert(1)</script>",
        "Tester",
        SCRIPT_EMAIL,
    )?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    let rows = browser.settled_rows().await?;
    for name in [SEEDED_XSS, SCRIPT_NAME] {
        ensure!(
            rows.iter().any(|row| row == name),
            "the list does not show {name:?} as text"
        );
    }
    browser.assert_nothing_injected().await?;
    browser.screenshot("xss", "list").await?;

    browser.click("link", SEEDED_XSS).await?;
    ensure!(
        browser.settled_user().await? == SEEDED_XSS,
        "the detail heading is not the name as text"
    );
    browser.assert_nothing_injected().await?;
    browser.screenshot("xss", "user").await?;
    browser.click("link", "Back to users").await?;
    browser.settled_rows().await?;

    browser
        .click("button", &format!("Delete {SCRIPT_EMAIL}"))
        .await?;
    let dialog = browser.find("alertdialog", "Delete this user?").await?;
    ensure!(
        dialog.text().await?.contains(SCRIPT_NAME),
        "the delete dialog does not name the user as text"
    );
    browser.assert_nothing_injected().await?;
    browser.screenshot("xss", "delete-dialog").await?;
    browser.click("button", "Delete").await?;
    browser
        .wait_for_text(&format!("Deleted {SCRIPT_EMAIL}"))
        .await?;
    browser.assert_nothing_injected().await?;
    ensure!(
        !emulator.user_names()?.contains(&SCRIPT_NAME.to_string()),
        "the user is still in the emulator"
    );
    Ok(())
}

/// A 1,000-character name mixing Latin, CJK, Arabic and Cyrillic fits the
/// list and the detail page at 1280 px without a sideways scroll.
#[tokio::test]
async fn names_of_a_thousand_characters_keep_the_layout() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3"])?;
    let long: String = "Wolfeschlegel李雷محمدДмитрий"
        .chars()
        .cycle()
        .take(1000)
        .collect();
    create_user(&emulator, &long, "Ölçü", "long.name@example.com")?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    let name = format!("{long} Ölçü");
    ensure!(
        browser.settled_rows().await?.contains(&name),
        "the long name is not listed"
    );
    ensure!(
        !browser.scrolls_sideways().await?,
        "the list scrolls sideways at 1280 px"
    );
    browser.screenshot("long-name", "list").await?;

    browser.click("link", &name).await?;
    ensure!(
        browser.settled_user().await? == name,
        "the detail page shows another name"
    );
    ensure!(
        !browser.scrolls_sideways().await?,
        "the user page scrolls sideways at 1280 px"
    );
    browser.screenshot("long-name", "user").await?;
    Ok(())
}
