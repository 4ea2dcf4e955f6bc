//! Journeys 1, 2, 3 and 6: an administrator pages, reloads, follows links,
//! opens a user and signs out, in the release build in Chromium.

use anyhow::{ensure, Result};
use e2e::journeys::{open_copy_and_return, page_through};
use e2e::{Browser, Emulator, KEY};
use serde_json::Value;

/// Journeys 1 and 3: every user once going forward, the same pages coming
/// back; then a user opened, its ID copied, and back to the same page.
#[tokio::test]
async fn page_through_everyone_then_open_a_user_and_come_back() -> Result<()> {
    let emulator = Emulator::start(&["--users", "60"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    let pages = page_through(&browser, &emulator, "journey1").await?;
    ensure!(
        pages.iter().map(Vec::len).collect::<Vec<_>>() == [25, 25, 10],
        "pages of 25, 25 and 10 rows"
    );

    browser.click("button", "Next page").await?;
    browser.wait_for_text("Page 2").await?;
    open_copy_and_return(&browser, 3, "journey3").await?;
    ensure!(
        browser.page_number().await? == 2,
        "Back to users left page 2"
    );
    Ok(())
}

/// Journey 2: rows per page, a reload on page 3, the browser's back and
/// forward buttons, and a deep link pasted into a fresh session.
#[tokio::test]
async fn rows_per_page_reload_history_and_deep_link() -> Result<()> {
    let emulator = Emulator::start(&["--users", "60"])?;
    let all = emulator.user_names()?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;

    browser
        .find("combobox", "Rows per page")
        .await?
        .select_by_value("10")
        .await?;
    browser
        .wait_until("pages of 10", "location.search.includes('limit=10')")
        .await?;
    ensure!(
        browser.settled_rows().await? == all[..10],
        "the first page of 10"
    );
    for page in 2..=3 {
        browser.click("button", "Next page").await?;
        browser.wait_for_text(&format!("Page {page}")).await?;
        ensure!(
            browser.settled_rows().await? == all[(page - 1) * 10..page * 10],
            "page {page} of 10"
        );
    }
    browser.screenshot("journey2", "page-3-of-10").await?;

    let page_3 = browser.client.current_url().await?;
    browser.client.refresh().await?;
    ensure!(
        browser.settled_rows().await? == all[20..30],
        "the reload left page 3"
    );
    ensure!(
        browser.page_number().await? == 3,
        "the reload shows another page number"
    );
    ensure!(
        browser.client.current_url().await? == page_3,
        "the reload changed the URL"
    );

    browser.client.back().await?;
    browser.wait_for_text("Page 2").await?;
    ensure!(
        browser.settled_rows().await? == all[10..20],
        "back to page 2"
    );
    let page_2 = browser.client.current_url().await?;
    browser.client.back().await?;
    browser.wait_for_text("Page 1").await?;
    ensure!(browser.settled_rows().await? == all[..10], "back to page 1");
    browser.client.forward().await?;
    browser.wait_for_text("Page 2").await?;
    ensure!(
        browser.settled_rows().await? == all[10..20],
        "forward to page 2"
    );
    browser.client.close().await?;

    // A fresh session has no key: the link leads to Connect, then to page 2.
    let fresh = Browser::start().await?;
    fresh.connect(&emulator, page_2.as_str()).await?;
    ensure!(
        fresh.settled_rows().await? == all[10..20],
        "the deep link did not land on page 2"
    );
    // The same cursor, though `=` may come back percent-encoded or not.
    let landed = fresh.client.current_url().await?;
    let same = landed.path() == page_2.path() && landed.query_pairs().eq(page_2.query_pairs());
    ensure!(same, "the deep link {page_2} became {landed}");
    ensure!(
        fresh.value_of("combobox", "Rows per page").await? == "10",
        "the deep link lost its page size"
    );
    Ok(())
}

/// Journey 6: signing out forgets the key everywhere, and a new browser
/// session starts at Connect.
#[tokio::test]
async fn sign_out_forgets_the_key() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    let stored: Value = browser
        .eval("return JSON.stringify(sessionStorage);")
        .await?;
    ensure!(
        stored.as_str().unwrap_or_default().contains(KEY),
        "the session is kept in sessionStorage while connected"
    );

    browser.click("button", "Sign out").await?;
    browser
        .find("heading", "Connect to a partner portal")
        .await?;
    browser.screenshot("journey6", "signed-out").await?;
    let traces = browser
        .eval("return [JSON.stringify(sessionStorage), JSON.stringify(localStorage), document.cookie, location.href, document.body.innerHTML];")
        .await?;
    for (place, trace) in [
        "sessionStorage",
        "localStorage",
        "cookies",
        "the URL",
        "the page",
    ]
    .iter()
    .zip(traces.as_array().into_iter().flatten())
    {
        ensure!(
            !trace.as_str().unwrap_or_default().contains(KEY),
            "{place} still holds the key"
        );
    }
    ensure!(
        browser
            .value_of("textbox", "Service account key")
            .await?
            .is_empty(),
        "the key field still holds the key"
    );
    browser.client.close().await?;

    let fresh = Browser::start().await?;
    fresh
        .client
        .goto(&format!("{}/users", emulator.url))
        .await?;
    fresh.find("heading", "Connect to a partner portal").await?;
    ensure!(
        fresh.try_find("button", "Sign out").await?.is_none(),
        "a new session is signed in"
    );
    Ok(())
}
