//! Delete selected: users selected across pages are deleted, exactly those,
//! paced under a tight quota; a failure is listed with its request ID and
//! stays selected; Cancel stops after the request in flight.

use std::collections::HashSet;
use std::time::Duration;

use anyhow::{ensure, Context, Result};
use e2e::{Browser, Emulator};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// The emails of the emulator's users, oldest first (the list's order).
fn emails(emulator: &Emulator) -> Result<Vec<String>> {
    emulator
        .users()?
        .iter()
        .map(|user| {
            user["email"]
                .as_str()
                .map(str::to_owned)
                .context("an email")
        })
        .collect()
}

/// An emulator started with `args`, the emails of its users, and a browser
/// connected to it showing the first page of the list.
async fn open_list(args: &[&str]) -> Result<(Emulator, Vec<String>, Browser)> {
    let emulator = Emulator::start(args)?;
    let before = emails(&emulator)?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    Ok((emulator, before, browser))
}

/// Checks that the emulator holds `before` less exactly `gone`.
fn expect_left(emulator: &Emulator, before: &[String], gone: &[&String]) -> Result<()> {
    let gone: HashSet<&String> = gone.iter().copied().collect();
    let expected: Vec<&String> = before.iter().filter(|e| !gone.contains(e)).collect();
    let after = emails(emulator)?;
    ensure!(
        after.iter().collect::<Vec<_>>() == expected,
        "the emulator holds {} users, {} expected; gone: {:?}",
        after.len(),
        expected.len(),
        before
            .iter()
            .filter(|e| !after.contains(e))
            .collect::<Vec<_>>()
    );
    Ok(())
}

/// Ticks the row checkbox of the user with `email`.
async fn select(browser: &Browser, email: &str) -> Result<()> {
    browser.click("checkbox", &format!("Select {email}")).await
}

/// Whether the checkbox with this accessible name is checked.
async fn checked(browser: &Browser, name: &str) -> Result<bool> {
    let checkbox = browser.find("checkbox", name).await?;
    Ok(checkbox.prop("checked").await?.as_deref() == Some("true"))
}

/// The header checkbox: "checked", "mixed" or "unchecked".
async fn page_state(browser: &Browser) -> Result<String> {
    let header = browser.find("checkbox", "Select all on this page").await?;
    Ok(match (
        header.prop("indeterminate").await?.as_deref(),
        header.prop("checked").await?.as_deref(),
    ) {
        (Some("true"), _) => "mixed",
        (_, Some("true")) => "checked",
        _ => "unchecked",
    }
    .to_owned())
}

/// Waits for the toast `text` for up to `secs` seconds (a paced run under
/// a tight quota outlasts one ordinary wait).
async fn toast_after_long_run(browser: &Browser, text: &str, secs: u64) -> Result<()> {
    let deadline = std::time::Instant::now() + Duration::from_secs(secs);
    loop {
        match toast(browser, text).await {
            Ok(()) => return Ok(()),
            Err(_) if std::time::Instant::now() < deadline => {}
            Err(error) => return Err(error),
        }
    }
}

/// Presses the pager's `button` and waits for `page` ("Page 2") to settle.
async fn turn_to(browser: &Browser, button: &str, page: &str) -> Result<()> {
    browser.click("button", button).await?;
    browser.wait_for_text(page).await?;
    browser.settled_rows().await?;
    Ok(())
}

/// Waits until nothing is selected any more: the selection bar is empty.
async fn selection_gone(browser: &Browser) -> Result<()> {
    browser
        .wait_until(
            "the selection bar to go",
            "!document.body.innerText.includes('selected')",
        )
        .await
}

/// Waits for a toast that says exactly `text` (a longer one, such as
/// "Deleted 1 users", does not count).
async fn toast(browser: &Browser, text: &str) -> Result<()> {
    let expression = format!(
        "Array.from(document.querySelectorAll('[role=status] > div > span, [role=alert] > div > span'), s => s.textContent).includes({})",
        json!(text)
    );
    browser
        .wait_until(&format!("the toast {text:?}"), &expression)
        .await
}

/// Rows per page, chosen in the toolbar.
async fn rows_per_page(browser: &Browser, size: &str) -> Result<()> {
    browser
        .find("combobox", "Rows per page")
        .await?
        .select_by_value(size)
        .await?;
    browser.settled_rows().await?;
    Ok(())
}

/// Users selected on page 1 and page 2 (through Next and back) are all
/// deleted, and only they: checked through the API behind the console.
#[tokio::test]
async fn users_selected_on_two_pages_are_deleted_exactly() -> Result<()> {
    let (emulator, before, browser) = open_list(&["--users", "30"]).await?;
    rows_per_page(&browser, "10").await?;

    let chosen = [&before[1], &before[4], &before[12]];
    select(&browser, chosen[0]).await?;
    select(&browser, chosen[1]).await?;
    browser.wait_for_text("2 selected").await?;
    ensure!(
        page_state(&browser).await? == "mixed",
        "page 1 partly selected"
    );
    turn_to(&browser, "Next page", "Page 2").await?;
    ensure!(
        page_state(&browser).await? == "unchecked",
        "nothing selected on page 2 yet"
    );
    select(&browser, chosen[2]).await?;
    browser.wait_for_text("3 selected").await?;
    turn_to(&browser, "Previous page", "Page 1").await?;
    for email in &chosen[..2] {
        ensure!(
            checked(&browser, &format!("Select {email}")).await?,
            "{email} is still selected back on page 1"
        );
    }
    ensure!(
        !checked(&browser, &format!("Select {}", before[0])).await?,
        "the first row is not selected"
    );
    browser.screenshot("bulk-delete", "selection").await?;

    browser.click("button", "Delete selected").await?;
    let dialog = browser.find("alertdialog", "Delete 3 users?").await?;
    let listed = dialog.text().await?;
    for email in chosen {
        ensure!(
            listed.contains(email.as_str()),
            "{email} not listed:\n{listed}"
        );
    }
    ensure!(
        !listed.contains("more"),
        "three users need no \"and N more\""
    );
    ensure!(
        browser.focused().await? == "Cancel",
        "the confirmation starts on Cancel"
    );
    browser.screenshot("bulk-delete", "confirm").await?;
    // Escape closes it before anything is sent, back to Delete selected.
    browser.press(Key::Escape).await?;
    browser
        .wait_until(
            "the dialog to close",
            "!document.querySelector('[role=alertdialog]')",
        )
        .await?;
    ensure!(
        browser.focused().await? == "Delete selected",
        "the focus returns to Delete selected"
    );
    browser.click("button", "Delete selected").await?;
    browser.find("alertdialog", "Delete 3 users?").await?;
    browser.click("button", "Delete 3 users").await?;
    toast(&browser, "Deleted 3 users").await?;
    ensure!(
        browser
            .try_find("alertdialog", "Delete 3 users?")
            .await?
            .is_none(),
        "the dialog closes when every user is deleted"
    );
    expect_left(&emulator, &before, &chosen)?;
    let deletes = emulator
        .requests()?
        .into_iter()
        .filter(|r| r["method"] == "DELETE")
        .count();
    ensure!(deletes == 3, "{deletes} DELETE requests for 3 users");
    selection_gone(&browser).await?;
    let rows = browser.settled_rows().await?;
    ensure!(rows.len() == 10, "page 1 refilled from the API: {rows:?}");
    Ok(())
}

/// **Select all on this page** touches this page only, reads checked or
/// mixed as the page is; **Clear selection** and a row's own **Delete**
/// take users out of the selection.
#[tokio::test]
async fn select_all_on_this_page_and_clear_selection() -> Result<()> {
    let (_emulator, before, browser) = open_list(&["--users", "25"]).await?;
    rows_per_page(&browser, "10").await?;

    browser.click("checkbox", "Select all on this page").await?;
    browser.wait_for_text("10 selected").await?;
    ensure!(
        page_state(&browser).await? == "checked",
        "page 1 all selected"
    );
    turn_to(&browser, "Next page", "Page 2").await?;
    select(&browser, &before[10]).await?;
    ensure!(
        page_state(&browser).await? == "mixed",
        "page 2 partly selected"
    );
    browser.click("checkbox", "Select all on this page").await?;
    browser.wait_for_text("20 selected").await?;
    browser.click("checkbox", "Select all on this page").await?;
    browser.wait_for_text("10 selected").await?;
    ensure!(page_state(&browser).await? == "unchecked", "page 2 cleared");

    // Another page size keeps the selection.
    rows_per_page(&browser, "25").await?;
    browser.wait_for_text("10 selected").await?;
    ensure!(page_state(&browser).await? == "mixed", "10 of 25 selected");

    // A user deleted from its row leaves the selection.
    browser
        .click("button", &format!("Delete {}", before[0]))
        .await?;
    browser.find("alertdialog", "Delete this user?").await?;
    browser.click("button", "Delete").await?;
    browser
        .wait_for_text(&format!("Deleted {}", before[0]))
        .await?;
    browser.wait_for_text("9 selected").await?;

    browser.click("button", "Clear selection").await?;
    selection_gone(&browser).await?;
    ensure!(
        browser
            .try_find("button", "Delete selected")
            .await?
            .is_none(),
        "Delete selected shows with nothing selected"
    );
    ensure!(
        !checked(&browser, &format!("Select {}", before[1])).await?,
        "a row stays ticked after Clear selection"
    );
    ensure!(
        page_state(&browser).await? == "unchecked",
        "header after Clear"
    );
    Ok(())
}

/// A delete answered 500 is listed with its request ID, the others go on,
/// the toast counts the failure, and the failed user stays selected.
#[tokio::test]
async fn a_failed_delete_is_listed_with_its_request_id_and_stays_selected() -> Result<()> {
    let (emulator, before, browser) = open_list(&["--users", "12"]).await?;
    let chosen = [&before[2], &before[3], &before[7]];
    for email in chosen {
        select(&browser, email).await?;
    }
    browser.wait_for_text("3 selected").await?;
    browser.click("button", "Delete selected").await?;
    browser.find("alertdialog", "Delete 3 users?").await?;
    // The next API request, the first DELETE, fails.
    emulator.fail_next(1, 500)?;
    browser.click("button", "Delete 3 users").await?;
    let dialog = browser
        .find("alertdialog", "Deleted 2 users, 1 failed")
        .await?;
    toast(&browser, "Deleted 2 users, 1 failed").await?;
    let failure = dialog.text().await?;
    let failed_request = emulator
        .requests()?
        .into_iter()
        .find(|r| r["method"] == "DELETE" && r["status"] == 500)
        .context("the failed DELETE in the log")?;
    ensure!(
        failure.contains(chosen[0].as_str()),
        "the failed user named:\n{failure}"
    );
    ensure!(failure.contains("Request ID"), "a request ID:\n{failure}");
    if let Some(id) = failed_request["request_id"].as_str() {
        ensure!(
            failure.contains(id),
            "the failed request's ID {id}:\n{failure}"
        );
    }
    browser.find("button", "Copy request ID").await?;
    ensure!(
        browser.focused().await? == "Close",
        "Close has the focus after a failure"
    );
    browser.screenshot("bulk-delete", "failure").await?;
    expect_left(&emulator, &before, &chosen[1..])?;

    browser.click("button", "Close").await?;
    browser.wait_for_text("1 selected").await?;
    ensure!(
        checked(&browser, &format!("Select {}", chosen[0])).await?,
        "the failed user stays selected"
    );
    ensure!(
        browser.focused().await? == "Delete selected",
        "the focus returns to Delete selected"
    );
    // Delete selected tries it again.
    browser.click("button", "Delete selected").await?;
    browser.find("alertdialog", "Delete 1 user?").await?;
    browser.click("button", "Delete 1 user").await?;
    toast(&browser, "Deleted 1 user").await?;
    expect_left(&emulator, &before, &chosen)?;
    Ok(())
}

/// A key that may not delete users (403 for the first DELETE) ends the
/// run there: nothing more is sent, and the toast says so.
#[tokio::test]
async fn a_403_ends_the_run_without_sending_the_rest() -> Result<()> {
    let (emulator, before, browser) = open_list(&["--users", "12"]).await?;
    for email in &before[..4] {
        select(&browser, email).await?;
    }
    browser.wait_for_text("4 selected").await?;
    browser.click("button", "Delete selected").await?;
    browser.find("alertdialog", "Delete 4 users?").await?;
    emulator.fail_next(1, 403)?;
    browser.click("button", "Delete 4 users").await?;
    browser
        .find("alertdialog", "Deleted 0 users, 1 failed, 3 not sent")
        .await?;
    let deletes = emulator
        .requests()?
        .iter()
        .filter(|r| r["method"] == "DELETE")
        .count();
    ensure!(deletes == 1, "{deletes} DELETEs after a 403");
    expect_left(&emulator, &before, &[])?;
    Ok(())
}

/// With slow answers, **Cancel** during the second delete lets it finish
/// and sends no more: only the first two are gone, and the toast says so.
#[tokio::test]
async fn cancel_stops_after_the_delete_in_flight() -> Result<()> {
    let (emulator, before, browser) = open_list(&["--users", "12", "--latency-ms", "1000"]).await?;
    let chosen: Vec<&String> = [5, 1, 9, 3, 7].iter().map(|&i| &before[i]).collect();
    for email in &chosen {
        select(&browser, email).await?;
    }
    browser.wait_for_text("5 selected").await?;
    browser.click("button", "Delete selected").await?;
    browser.click("button", "Delete 5 users").await?;
    browser.wait_for_text("Deleting 2 of 5").await?;
    // Escape does not close the dialog while deletes run, and the focus
    // stays inside it, on Cancel.
    ensure!(
        browser.focused().await? == "Cancel",
        "Cancel has the focus while the deletes run"
    );
    browser.expect_escape_refused().await?;
    ensure!(
        browser
            .try_find("alertdialog", "Delete 5 users?")
            .await?
            .is_some(),
        "Escape closed the dialog mid-run"
    );
    browser.click("button", "Cancel").await?;
    toast(&browser, "Deleted 2 users, 3 cancelled").await?;
    expect_left(&emulator, &before, &chosen[..2])?;
    browser.wait_for_text("3 selected").await?;
    let deletes = emulator
        .requests()?
        .into_iter()
        .filter(|r| r["method"] == "DELETE")
        .count();
    ensure!(deletes == 2, "{deletes} DELETE requests after Cancel");
    Ok(())
}

/// Under a quota of 4 requests in 3 s, deleting 8 users waits for the
/// quota rather than being refused: no 429 while it runs.
#[tokio::test]
async fn a_tight_quota_paces_the_deletes_without_a_429() -> Result<()> {
    let (emulator, before, browser) =
        open_list(&["--users", "12", "--rate-limit", "4", "--rate-window", "3"]).await?;
    let chosen: Vec<&String> = before[..8].iter().collect();
    for email in &chosen {
        select(&browser, email).await?;
    }
    browser.wait_for_text("8 selected").await?;
    browser.click("button", "Delete selected").await?;
    browser.click("button", "Delete 8 users").await?;
    browser.find("progressbar", "Deleting users").await?;
    // The wait for the quota is said, with its countdown.
    browser
        .wait_for_text("Waiting for the API's rate limit: going on in")
        .await?;
    // Mid-run, the run waits for the quota: time for the screenshots.
    browser
        .wait_until(
            "a pause mid-run",
            "/Deleting [2-7] of 8/.test(document.body.innerText)",
        )
        .await?;
    browser
        .wait_until(
            "the progress bar to show the users deleted",
            "document.querySelector('[role=progressbar]').getAttribute('aria-valuenow') > 0 \
             && document.querySelector('[role=progressbar] > span').getBoundingClientRect().width > 0",
        )
        .await?;
    browser.screenshot("bulk-delete", "progress").await?;
    toast_after_long_run(&browser, "Deleted 8 users", 60).await?;

    let log: Vec<Value> = emulator.requests()?;
    let first = log
        .iter()
        .position(|r| r["method"] == "DELETE")
        .context("a DELETE")?;
    let last = log
        .iter()
        .rposition(|r| r["method"] == "DELETE")
        .context("a DELETE")?;
    let run = &log[first..=last];
    ensure!(
        run.iter().filter(|r| r["method"] == "DELETE").count() == 8,
        "8 DELETEs: {run:?}"
    );
    ensure!(
        run.iter().all(|r| r["status"] != 429),
        "a request was refused while the deletes ran: {run:?}"
    );
    // Reading every user back may wait for the quota itself.
    tokio::time::sleep(Duration::from_secs(3)).await;
    expect_left(&emulator, &before, &chosen)?;
    Ok(())
}
