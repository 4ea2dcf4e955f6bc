//! Journeys 4 and 5 and the create dialog's drills: a user created with
//! roles, locale and attributes, found, opened and deleted; bad emails
//! refused before any request; an API that goes away mid-create.

use anyhow::{ensure, Context, Result};
use e2e::{Browser, Emulator};
use fantoccini::Locator;
use serde_json::Value;

const EMAIL: &str = "ada.lovelace@example.com";

/// Opens **New user** and fills every kind of field.
async fn fill_new_user(browser: &Browser) -> Result<()> {
    browser.click("button", "New user").await?;
    browser.find("dialog", "New user").await?;
    browser.fill("First name", "Ada").await?;
    browser.fill("Last name", "Lovelace").await?;
    browser.fill("Email", EMAIL).await?;
    browser.fill("Password", "Analytical-Engine-1843").await?;
    browser.click("checkbox", "Finance").await?;
    browser.click("checkbox", "Marketing").await?;
    browser
        .find("combobox", "Locale")
        .await?
        .select_by_value("fr_FR")
        .await?;
    browser
        .client
        .find(Locator::XPath("//summary[normalize-space()='Attributes']"))
        .await?
        .click()
        .await?;
    browser.fill("Department", "Engineering").await
}

/// The users the emulator holds with `email`.
fn users_with_email(emulator: &Emulator, email: &str) -> Result<Vec<Value>> {
    Ok(emulator
        .users()?
        .into_iter()
        .filter(|u| u["email"] == email)
        .collect())
}

/// Journeys 4 and 5: create a user with roles, locale and attributes, find
/// it on the last page, open it, delete it there, and delete another user
/// from a list row.
#[tokio::test]
async fn create_find_open_and_delete() -> Result<()> {
    let emulator = Emulator::start(&["--users", "30"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    fill_new_user(&browser).await?;
    browser.screenshot("journey4", "new-user").await?;
    browser.click("button", "Create user").await?;
    browser.wait_for_text(&format!("Created {EMAIL}")).await?;
    browser.screenshot("journey4", "created").await?;

    let created = users_with_email(&emulator, EMAIL)?;
    ensure!(created.len() == 1, "{} users created", created.len());
    let user = &created[0];
    ensure!(
        user["roles"].as_array().map(Vec::len) == Some(2),
        "two roles granted: {user}"
    );
    ensure!(user["locale"] == "fr_FR", "locale sent: {user}");
    ensure!(
        user["attributes"].to_string().contains("Engineering"),
        "department sent: {user}"
    );

    // The toast sits over the pager on a laptop screen: dismiss it first.
    browser.click("button", "Dismiss notification").await?;
    browser.click("button", "Next page").await?;
    browser.wait_for_text("Page 2").await?;
    ensure!(
        browser
            .settled_rows()
            .await?
            .contains(&"Ada Lovelace".to_string()),
        "the new user is not on the last page"
    );
    browser.click("link", "Ada Lovelace").await?;
    ensure!(
        browser.settled_user().await? == "Ada Lovelace",
        "the new user's page"
    );
    browser.wait_for_text("fr_FR").await?;

    browser.click("button", "Delete user").await?;
    browser.find("alertdialog", "Delete this user?").await?;
    browser.screenshot("journey5", "confirm").await?;
    browser.click("button", "Delete").await?;
    browser.wait_for_text(&format!("Deleted {EMAIL}")).await?;
    ensure!(
        users_with_email(&emulator, EMAIL)?.is_empty(),
        "the user deleted on its page is still in the emulator"
    );

    let rows = browser.settled_rows().await?;
    let victim = emulator
        .users()?
        .into_iter()
        .find(|u| rows.first() == Some(&e2e::full_name(u)))
        .context("the first row's user")?;
    let victim_email = victim["email"].as_str().unwrap_or_default();
    browser
        .click("button", &format!("Delete {victim_email}"))
        .await?;
    browser.find("alertdialog", "Delete this user?").await?;
    browser.click("button", "Delete").await?;
    browser
        .wait_for_text(&format!("Deleted {victim_email}"))
        .await?;
    ensure!(
        users_with_email(&emulator, victim_email)?.is_empty(),
        "the user deleted from its row is still in the emulator"
    );
    ensure!(
        !browser
            .settled_rows()
            .await?
            .contains(rows.first().context("a row")?),
        "the deleted row is still listed"
    );
    Ok(())
}

/// Emails the API would refuse are refused in the dialog, before any request.
#[tokio::test]
async fn invalid_emails_are_refused_before_any_request() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    fill_new_user(&browser).await?;
    for email in ["ada", "ada@", "@example.com", "ada@example"] {
        browser.fill("Email", email).await?;
        browser.click("button", "Create user").await?;
        browser
            .wait_until(
                "the email to be marked invalid",
                "document.activeElement?.getAttribute('aria-invalid') === 'true'",
            )
            .await
            .with_context(|| format!("{email:?} was not refused"))?;
        ensure!(
            browser.try_find("dialog", "New user").await?.is_some(),
            "the dialog closed on {email:?}"
        );
    }
    browser.screenshot("create", "invalid-email").await?;
    let posts = emulator
        .requests()?
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .count();
    ensure!(
        posts == 0,
        "{posts} POST request(s) sent with invalid emails"
    );
    Ok(())
}

/// The emulator stops while the dialog is filled: submitting says the API
/// cannot be reached and keeps every field; once it is back on the same
/// port, submitting again creates exactly one user.
#[tokio::test]
async fn an_api_that_goes_away_loses_no_typing() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3"])?;
    let addr = emulator.addr().to_string();
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    fill_new_user(&browser).await?;
    drop(emulator);

    browser.click("button", "Create user").await?;
    browser.wait_for_text("could not be reached").await?;
    browser.screenshot("create", "unreachable").await?;
    for (field, value) in [
        ("First name", "Ada"),
        ("Last name", "Lovelace"),
        ("Email", EMAIL),
        ("Password", "Analytical-Engine-1843"),
        ("Department", "Engineering"),
    ] {
        ensure!(
            browser.value_of("textbox", field).await? == value,
            "{field} lost its value"
        );
    }
    for role in ["Finance", "Marketing"] {
        ensure!(
            browser.find("checkbox", role).await?.is_selected().await?,
            "{role} was unchecked"
        );
    }
    ensure!(
        browser.value_of("combobox", "Locale").await? == "fr_FR",
        "the locale was reset"
    );

    let emulator = Emulator::start_at(&addr, &["--users", "3"])?;
    browser.click("button", "Create user").await?;
    browser.wait_for_text(&format!("Created {EMAIL}")).await?;
    ensure!(
        users_with_email(&emulator, EMAIL)?.len() == 1,
        "not exactly one user created"
    );
    Ok(())
}
