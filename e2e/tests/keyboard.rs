//! Journeys with the keyboard alone, without a single click: journey 4
//! (open **New user**, fill the dialog, create the user and open it), and
//! deleting a user from its row, whose button the table handles for every
//! row (a key press must reach it as well as a click).

use anyhow::{ensure, Result};
use e2e::{Browser, Emulator};
use fantoccini::key::Key;

const EMAIL: &str = "grace.hopper@example.com";

/// Types `text` into whatever has the focus.
async fn type_text(browser: &Browser, text: &str) -> Result<()> {
    browser
        .client
        .active_element()
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

#[tokio::test]
async fn create_and_open_a_user_with_the_keyboard_alone() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;

    browser.tab_to("New user").await?;
    browser.press(Key::Enter).await?;
    browser.find("dialog", "New user").await?;
    ensure!(
        browser.focused().await? == "First name",
        "focus moves into the dialog"
    );
    type_text(&browser, "Grace").await?;
    browser.press(Key::Tab).await?;
    ensure!(
        browser.focused().await? == "Last name",
        "Tab goes to Last name"
    );
    type_text(&browser, "Hopper").await?;
    browser.press(Key::Tab).await?;
    type_text(&browser, EMAIL).await?;
    browser.tab_to("Finance").await?;
    browser.press(Key::Space).await?;
    browser.tab_to("Create user").await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_text(&format!("Created {EMAIL}")).await?;

    let created: Vec<_> = emulator
        .users()?
        .into_iter()
        .filter(|u| u["email"] == EMAIL)
        .collect();
    ensure!(created.len() == 1, "{} users created", created.len());
    ensure!(
        created[0]["roles"].as_array().map(Vec::len) == Some(1),
        "one role granted: {}",
        created[0]
    );
    ensure!(
        created[0]["first_name"] == "Grace" && created[0]["last_name"] == "Hopper",
        "{}",
        created[0]
    );

    // Focus went back to New user; the toast's link opens the new user.
    ensure!(
        browser.focused().await? == "New user",
        "focus returns to the opener"
    );
    browser.tab_to("Open user").await?;
    browser.press(Key::Enter).await?;
    ensure!(
        browser.settled_user().await? == "Grace Hopper",
        "the new user's page opens"
    );
    Ok(())
}

#[tokio::test]
async fn delete_a_user_from_its_row_with_the_keyboard_alone() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    let victim = emulator.users()?.remove(1);
    let email = victim["email"].as_str().unwrap_or_default().to_string();

    browser.tab_to(&format!("Delete {email}")).await?;
    browser.press(Key::Enter).await?;
    let dialog = browser.find("alertdialog", "Delete this user?").await?;
    ensure!(
        dialog.text().await?.contains(&email),
        "the dialog names {email}"
    );
    ensure!(
        browser.focused().await? == "Cancel",
        "focus starts on Cancel"
    );
    browser.press(Key::Tab).await?;
    ensure!(browser.focused().await? == "Delete", "Tab goes to Delete");
    browser.press(Key::Enter).await?;
    browser.wait_for_text(&format!("Deleted {email}")).await?;

    let left: Vec<_> = emulator
        .users()?
        .into_iter()
        .map(|u| u["email"].clone())
        .collect();
    ensure!(
        left.len() == 2 && !left.contains(&victim["email"]),
        "left: {left:?}"
    );
    Ok(())
}
