//! Journeys with the keyboard alone, without a single click: journey 4
//! (open **New user**, fill the dialog, create the user and open it),
//! deleting a user from its row, whose button the table handles for every
//! row (a key press must reach it as well as a click), and each of the
//! four modal dialogs as the WAI-ARIA dialog pattern has it: the focus
//! moves inside as it opens, Tab and Shift+Tab go round its controls and
//! never reach the page behind it, Escape closes it, and the focus returns
//! to the control that opened it. (Escape while a run is busy:
//! `import_users.rs` and `bulk_delete.rs`.)

use anyhow::{bail, ensure, Result};
use e2e::{Browser, CsvFile, Emulator};
use fantoccini::key::Key;
use serde_json::Value;

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

/// Gives `el` a mark it keeps, so that the tests can tell controls apart
/// whatever their names, and returns it. A declaration, prepended to the
/// scripts below.
const MARK: &str = r#"
const mark = (el) => {
  if (!el.dataset.keyboardMark) {
    window.keyboardMarks = (window.keyboardMarks || 0) + 1;
    el.dataset.keyboardMark = String(window.keyboardMarks);
  }
  return el.dataset.keyboardMark;
};
"#;

/// Where the focus is: the focused element's mark, and where that element
/// is: `dialog` (inside the modal dialog shown), `page` (anywhere else in
/// the page), or `browser` when no element has the focus. (After the
/// dialog's last control, Chromium lets Tab go on to its own controls, as
/// a native modal dialog may: the page behind stays out of reach, and the
/// next Tab comes back to the dialog's first control.)
const FOCUS_SPOT: &str = r#"
const el = document.activeElement;
if (!el || el === document.body || !document.hasFocus()) return ['', 'browser'];
const dialog = document.querySelector('dialog:modal');
return [mark(el), dialog && dialog.contains(el) ? 'dialog' : 'page'];
"#;

/// The marks of the controls of the modal dialog shown that Tab stops at,
/// in the page's order: those shown, enabled and in the tab order.
const TAB_STOPS: &str = r#"
const dialog = document.querySelector('dialog:modal');
if (!dialog) return [];
const controls = dialog.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]');
return Array.from(controls)
  .filter((el) => el !== dialog && !el.disabled && el.tabIndex >= 0 && el.checkVisibility())
  .map(mark);
"#;

/// Runs `script` after [`MARK`] and returns its result.
async fn marked(browser: &Browser, script: &str) -> Result<Value> {
    browser.eval(&format!("{MARK}{script}")).await
}

/// Presses Tab (Shift+Tab when `back`) from the focused control of the
/// modal dialog until the focus is back on it. Fails unless the focus
/// goes to each of the dialog's controls in turn (in the page's order, or
/// the reverse), wrapping round from the last to the first; it may leave
/// the page for the browser's own controls there, but never reaches the
/// page behind the dialog. Returns the accessible names of the controls
/// in the order visited, the first control first.
async fn tab_round(browser: &Browser, back: bool) -> Result<Vec<String>> {
    let key = if back { "Shift+Tab" } else { "Tab" };
    let mut stops: Vec<String> = serde_json::from_value(marked(browser, TAB_STOPS).await?)?;
    if back {
        stops.reverse();
    }
    let spot: Vec<String> = serde_json::from_value(marked(browser, FOCUS_SPOT).await?)?;
    let start = stops.iter().position(|stop| *stop == spot[0]);
    let Some(start) = start.filter(|_| spot[1] == "dialog") else {
        bail!(
            "the focus is not on a control of the dialog but on {:?}",
            browser.focused().await?
        );
    };
    let mut names = vec![browser.focused().await?];
    let mut at = start;
    let mut left_the_page = false;
    loop {
        if back {
            browser.press_shifted(Key::Tab).await?;
        } else {
            browser.press(Key::Tab).await?;
        }
        let spot: Vec<String> = serde_json::from_value(marked(browser, FOCUS_SPOT).await?)?;
        let name = browser.focused().await?;
        // Out to the browser, from the last control only, once a round.
        if spot[1] == "browser" && at == stops.len() - 1 && !left_the_page {
            left_the_page = true;
            continue;
        }
        at = (at + 1) % stops.len();
        ensure!(
            spot[1] == "dialog" && spot[0] == stops[at],
            "{key} after {names:?} went to {name:?} ({}), not to the dialog's next control",
            spot[1]
        );
        if at == start {
            return Ok(names);
        }
        names.push(name);
    }
}

/// Opens the dialog `role` named `name` from `opener` with the keyboard
/// (Tab to it, Enter), and checks that the focus moved inside, onto `first`.
async fn open_with_keyboard(
    browser: &Browser,
    opener: &str,
    (role, name): (&str, &str),
    first: &str,
) -> Result<()> {
    browser.tab_to(opener).await?;
    browser.press(Key::Enter).await?;
    browser.find(role, name).await?;
    let focused = browser.focused().await?;
    ensure!(
        focused == first,
        "the focus went to {focused:?}, not into the dialog onto {first:?}"
    );
    Ok(())
}

/// Goes round the modal dialog with Tab, then with Shift+Tab (the same
/// controls in reverse), from its first control, which has the focus, to
/// `last` and back; then presses Escape and checks that the dialog closes
/// and the focus is back on `opener`.
async fn tab_round_then_escape(browser: &Browser, last: &str, opener: &str) -> Result<()> {
    let forward = tab_round(browser, false).await?;
    let mut backward = tab_round(browser, true).await?;
    backward[1..].reverse();
    ensure!(
        forward == backward,
        "Shift+Tab went {backward:?}, Tab {forward:?}"
    );
    ensure!(
        forward.last().map(String::as_str) == Some(last),
        "Tab from the last control, {last:?}, wraps to the first, Shift+Tab from the first to it: {forward:?}"
    );
    browser.press(Key::Escape).await?;
    browser
        .wait_until("the dialog to close", "!document.querySelector('dialog')")
        .await?;
    let focused = browser.focused().await?;
    ensure!(
        focused == opener,
        "the focus went to {focused:?}, not back to {opener:?}"
    );
    Ok(())
}

/// Connects to an emulator with `users` users and shows the list.
async fn open_list(users: &str) -> Result<(Emulator, Browser)> {
    let emulator = Emulator::start(&["--users", users])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    Ok((emulator, browser))
}

#[tokio::test]
async fn new_user_keeps_the_keyboard_inside_until_escape() -> Result<()> {
    let (_emulator, browser) = open_list("3").await?;
    open_with_keyboard(&browser, "New user", ("dialog", "New user"), "First name").await?;
    // The roles are controls too: wait for them.
    browser.find("checkbox", "Finance").await?;
    tab_round_then_escape(&browser, "Create user", "New user").await?;

    // With something typed, Escape asks first, and Escape again is Keep
    // editing: a second Escape in a row, which Chromium does not let the
    // page refuse (the dialog shows itself again, as it was).
    open_with_keyboard(&browser, "New user", ("dialog", "New user"), "First name").await?;
    type_text(&browser, "Half").await?;
    browser.press(Key::Escape).await?;
    browser.find("button", "Keep editing").await?;
    ensure!(
        browser.focused().await? == "Keep editing",
        "the question takes the focus"
    );
    browser.press(Key::Escape).await?;
    browser
        .wait_until(
            "the question to go",
            "document.querySelector('dialog:modal') && !document.body.innerText.includes('Discard changes?')",
        )
        .await?;
    browser
        .wait_until(
            "the focus back in First name",
            "document.activeElement && document.activeElement.id === 'new-user-first-name'",
        )
        .await?;
    ensure!(
        browser.value_of("textbox", "First name").await? == "Half",
        "what was typed is kept"
    );
    browser.tab_to("Cancel").await?;
    browser.press(Key::Enter).await?;
    browser.tab_to("Discard").await?;
    browser.press(Key::Enter).await?;
    browser
        .wait_until("the dialog to close", "!document.querySelector('dialog')")
        .await?;
    ensure!(
        browser.focused().await? == "New user",
        "the focus returns to New user"
    );
    Ok(())
}

#[tokio::test]
async fn import_users_keeps_the_keyboard_inside_until_escape() -> Result<()> {
    let (_emulator, browser) = open_list("3").await?;
    let file = CsvFile::new(
        "keyboard.csv",
        b"first_name,last_name,email\nAda,Lovelace,ada.keyboard@example.com\n",
    )?;
    // Its first control: the CSV file input.
    open_with_keyboard(
        &browser,
        "Import CSV",
        ("dialog", "Import users"),
        "CSV file",
    )
    .await?;
    // WebDriver chooses a file by typing its path into the focused input.
    let input = browser.client.active_element().await?;
    input.send_keys(&file.0.to_string_lossy()).await?;
    // The file read and its columns mapped: a select per column, and
    // Check file, the dialog's last control, enabled.
    browser.find("combobox", "first_name").await?;
    let mut check_enabled = false;
    for _ in 0..40 {
        let check = browser.find("button", "Check file").await?;
        if check.attr("disabled").await?.is_none() {
            check_enabled = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    ensure!(check_enabled, "Check file stayed disabled");
    tab_round_then_escape(&browser, "Check file", "Import CSV").await
}

#[tokio::test]
async fn delete_keeps_the_keyboard_inside_until_escape() -> Result<()> {
    let (emulator, browser) = open_list("3").await?;
    let email = emulator.users()?[1]["email"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let opener = format!("Delete {email}");
    open_with_keyboard(
        &browser,
        &opener,
        ("alertdialog", "Delete this user?"),
        "Cancel",
    )
    .await?;
    tab_round_then_escape(&browser, "Delete", &opener).await?;
    ensure!(emulator.users()?.len() == 3, "Escape deleted a user");
    Ok(())
}

#[tokio::test]
async fn delete_selected_keeps_the_keyboard_inside_until_escape() -> Result<()> {
    let (emulator, browser) = open_list("5").await?;
    for user in &emulator.users()?[1..4] {
        let email = user["email"].as_str().unwrap_or_default();
        browser.tab_to(&format!("Select {email}")).await?;
        browser.press(Key::Space).await?;
    }
    browser.wait_for_text("3 selected").await?;
    let dialog = ("alertdialog", "Delete 3 users?");
    open_with_keyboard(&browser, "Delete selected", dialog, "Cancel").await?;
    tab_round_then_escape(&browser, "Delete 3 users", "Delete selected").await?;
    ensure!(emulator.users()?.len() == 5, "Escape deleted a user");
    Ok(())
}
