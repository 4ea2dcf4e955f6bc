//! Screens fetched on demand: the first screen fetches no chunk, the chunks
//! come in once the rows are painted and the browser is idle, each lazy
//! screen works from a cold load, and a chunk whose fetch fails is shown
//! with **Retry**, which then works.

use anyhow::{ensure, Context, Result};
use e2e::{cdp, full_name, Browser, Emulator};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// Records, from the document's start, when the first row of users is in
/// the DOM (`window.e2eRowsAt`, on the `performance.now()` clock).
const RECORD_ROWS: &str = "
window.e2eRowsAt = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('table tbody th[scope=row]')) {
    window.e2eRowsAt = performance.now();
    observer.disconnect();
  }
}).observe(document, { childList: true, subtree: true });
";

/// The chunks fetched so far: `[name without hash, start time]`.
const CHUNKS_FETCHED: &str = "
return performance.getEntriesByType('resource')
  .map(e => [new URL(e.name).pathname.slice(1), e.startTime])
  .filter(([name]) => /^(split|chunk)_.*\\.wasm$/.test(name))
  .map(([name, at]) => [name.replace(/-[0-9a-f]+\\.wasm$/, ''), at]);
";

async fn chunks_fetched(browser: &Browser) -> Result<Vec<(String, f64)>> {
    let fetched: Vec<(String, f64)> = serde_json::from_value(browser.eval(CHUNKS_FETCHED).await?)?;
    Ok(fetched)
}

/// The user page's chunk fetches, counted.
async fn user_page_fetches(browser: &Browser) -> Result<usize> {
    Ok(chunks_fetched(browser)
        .await?
        .iter()
        .filter(|(name, _)| name == "split_user_page")
        .count())
}

/// Connect and the first rows fetch no chunk; once the rows are painted
/// the browser fetches the user page's chunk while idle, and opening a
/// user then fetches nothing more.
#[tokio::test]
async fn the_first_screen_fetches_no_chunk_and_prefetches_when_idle() -> Result<()> {
    let emulator = Emulator::start(&["--users", "30"])?;
    let browser = Browser::start().await?;
    cdp::execute(
        &browser.client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": RECORD_ROWS }),
    )
    .await?;
    browser.client.goto(&emulator.url).await?;
    browser
        .find("heading", "Connect to a partner portal")
        .await?;
    ensure!(
        chunks_fetched(&browser).await?.is_empty(),
        "Connect fetched a chunk"
    );
    browser.connect(&emulator, &emulator.url).await?;
    let rows = browser.settled_rows().await?;
    browser
        .wait_until("the prefetch of the user page", "performance.getEntriesByType('resource').some(e => e.name.includes('/split_user_page-'))")
        .await?;
    let rows_at = browser.eval("return window.e2eRowsAt;").await?;
    let rows_at = rows_at.as_f64().context("the first rows were never seen")?;
    for (name, at) in chunks_fetched(&browser).await? {
        ensure!(
            at >= rows_at,
            "{name} was fetched at {at} ms, before the first rows at {rows_at} ms"
        );
    }
    let before = user_page_fetches(&browser).await?;
    browser.click("link", &rows[3]).await?;
    ensure!(
        browser.settled_user().await? == rows[3],
        "the user page shows another user"
    );
    ensure!(
        user_page_fetches(&browser).await? == before,
        "opening a user fetched its chunk again"
    );
    Ok(())
}

/// A pasted link to a user, in a fresh browser: the page's own loading
/// state, then the user.
#[tokio::test]
async fn the_user_page_works_from_a_cold_load() -> Result<()> {
    let emulator = Emulator::start(&["--users", "12"])?;
    let user = emulator
        .users()?
        .into_iter()
        .nth(7)
        .context("no 8th user")?;
    let id = user["id"].as_str().context("a user without an ID")?;
    let browser = Browser::start().await?;
    browser
        .connect(&emulator, &format!("{}/users/{id}", emulator.url))
        .await?;
    ensure!(
        browser.settled_user().await? == full_name(&user),
        "a cold load of the user page showed another user"
    );
    ensure!(
        user_page_fetches(&browser).await? == 1,
        "the user page's chunk was not fetched once"
    );
    browser.screenshot("on-demand", "user-page-cold").await?;
    Ok(())
}

/// The user page's chunk cannot be fetched: the page says so with
/// **Retry**; once the network is back, **Retry** opens the user. With a
/// slow network, the page shows its own loading state meanwhile.
#[tokio::test]
async fn a_chunk_that_fails_to_fetch_is_retried_then_works() -> Result<()> {
    let emulator = Emulator::start(&["--users", "12"])?;
    let browser = Browser::start().await?;
    let rows = connect_without(&browser, &emulator, "split_user_page").await?;
    browser.click("link", &rows[2]).await?;
    browser.wait_for_text("could not be downloaded").await?;
    browser.find("button", "Retry").await?;
    browser.screenshot("on-demand", "chunk-failed").await?;
    let loading = "document.querySelector('main [aria-busy=\"true\"] h1 .bone')";
    retry_slowly(&browser, loading, "user-page-loading").await?;
    ensure!(
        browser.settled_user().await? == rows[2],
        "Retry did not open the user"
    );
    Ok(())
}

/// From a cold load, right after the first rows: **New user**, a row's
/// **Delete**, **Delete selected**, **Import CSV**, **Export CSV** and
/// **Find a user** each open, whether or not the prefetch has brought
/// their chunk yet.
#[tokio::test]
async fn each_screen_of_the_list_works_from_a_cold_load() -> Result<()> {
    let emulator = Emulator::start(&["--users", "12"])?;
    let users = emulator.users()?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    let rows = browser.settled_rows().await?;

    browser.click("button", "New user").await?;
    browser.find("dialog", "New user").await?;
    browser.click("button", "Cancel").await?;

    let email = users[1]["email"]
        .as_str()
        .context("a user without an email")?;
    browser.click("button", &format!("Delete {email}")).await?;
    browser.find("alertdialog", "Delete this user?").await?;
    browser.click("button", "Cancel").await?;

    browser
        .click("checkbox", &format!("Select {email}"))
        .await?;
    browser.click("button", "Delete selected").await?;
    browser.find("alertdialog", "Delete 1 user?").await?;
    browser.click("button", "Cancel").await?;

    browser.click("button", "Import CSV").await?;
    browser.find("dialog", "Import users").await?;
    browser.click("button", "Cancel").await?;

    browser.click("button", "Export CSV").await?;
    browser.wait_for_text("Saved portal-").await?;

    let field = browser.find("searchbox", "Find a user").await?;
    field.send_keys(&rows[4]).await?;
    browser.press(Key::Enter).await?;
    browser.find("table", "Users found").await?;
    Ok(())
}

/// The list's dialogs' chunk cannot be fetched: **New user** opens a
/// dialog that says so, with **Retry**; once the network is back, Retry
/// opens New user. While it comes, the dialog shows its loading state.
#[tokio::test]
async fn a_dialog_whose_chunk_fails_is_retried_then_opens() -> Result<()> {
    let emulator = Emulator::start(&["--users", "12"])?;
    let browser = Browser::start().await?;
    connect_without(&browser, &emulator, "split_list_dialogs").await?;
    browser.click("button", "New user").await?;
    browser.find("alertdialog", "Not downloaded").await?;
    browser.screenshot("on-demand", "dialog-failed").await?;
    let loading = "document.querySelector('.dialog[aria-busy=\"true\"]')";
    retry_slowly(&browser, loading, "dialog-loading").await?;
    browser.find("dialog", "New user").await?;
    browser.find("textbox", "Email").await?;
    Ok(())
}

/// Import and Export CSV's chunk cannot be fetched: **Export CSV** says so
/// under the header with **Retry**, which, once the network is back,
/// exports; **Import CSV** then opens at once, its code already in.
#[tokio::test]
async fn export_whose_chunk_fails_is_retried_then_saves_and_import_opens() -> Result<()> {
    let emulator = Emulator::start(&["--users", "12"])?;
    let browser = Browser::start().await?;
    connect_without(&browser, &emulator, "split_csv_files").await?;
    browser.click("button", "Export CSV").await?;
    browser.wait_for_text("could not be downloaded").await?;
    browser.screenshot("on-demand", "export-failed").await?;
    let loading = "document.querySelector('.export-progress[aria-busy=\"true\"]')";
    retry_slowly(&browser, loading, "export-loading").await?;
    browser.wait_for_text("Saved portal-").await?;
    browser.click("button", "Import CSV").await?;
    browser.find("dialog", "Import users").await?;
    Ok(())
}

/// Connects with every fetch of the chunk named `chunk` failing, and
/// returns the first page's rows.
async fn connect_without(
    browser: &Browser,
    emulator: &Emulator,
    chunk: &str,
) -> Result<Vec<String>> {
    cdp::execute(&browser.client, "Network.enable", json!({})).await?;
    let pattern = format!("*/{chunk}-*");
    block(browser, &[pattern.as_str()]).await?;
    browser.connect(emulator, &emulator.url).await?;
    browser.settled_rows().await
}

/// With the network back but slow enough for the loading state to be seen
/// and photographed, presses **Retry** and waits for the loading state
/// (`loading`, a JavaScript expression), then lifts the delay.
async fn retry_slowly(browser: &Browser, loading: &str, screen: &str) -> Result<()> {
    block(browser, &[]).await?;
    throttle(browser, 4000).await?;
    browser.click("button", "Retry").await?;
    browser.wait_until("the loading state", loading).await?;
    browser.screenshot("on-demand", screen).await?;
    throttle(browser, 0).await?;
    Ok(())
}

/// Makes every request whose URL matches one of `patterns` fail.
async fn block(browser: &Browser, patterns: &[&str]) -> Result<Value> {
    cdp::execute(
        &browser.client,
        "Network.setBlockedURLs",
        json!({ "urls": patterns }),
    )
    .await
}

/// Delays every response by `latency_ms` (0: no delay).
async fn throttle(browser: &Browser, latency_ms: u32) -> Result<Value> {
    let conditions = json!({
        "offline": false,
        "latency": latency_ms,
        "downloadThroughput": -1,
        "uploadThroughput": -1,
    });
    cdp::execute(
        &browser.client,
        "Network.emulateNetworkConditions",
        conditions,
    )
    .await
}
