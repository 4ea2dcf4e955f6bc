//! Journeys the plain suite and the fault drills both walk.

use anyhow::{ensure, Context, Result};

use crate::{Browser, Emulator};

/// Journey 1, from a connected first page: pages forward to the end and
/// back to the start. Every user is seen exactly once, in the emulator's
/// order, and going back shows the same pages. Returns the pages.
pub async fn page_through(
    browser: &Browser,
    emulator: &Emulator,
    journey: &str,
) -> Result<Vec<Vec<String>>> {
    let mut pages = vec![browser.settled_rows().await?];
    browser.screenshot(journey, "first-page").await?;
    while browser
        .find("button", "Next page")
        .await?
        .is_enabled()
        .await?
    {
        browser.click("button", "Next page").await?;
        let page = pages.len() as u32 + 1;
        browser
            .wait_until(
                &format!("page {page}"),
                &format!("/Page {page}\\b/.test(document.body.innerText)"),
            )
            .await?;
        pages.push(browser.settled_rows().await?);
    }
    browser.screenshot(journey, "last-page").await?;
    let seen: Vec<String> = pages.concat();
    ensure!(
        seen == emulator.user_names()?,
        "paging forward did not show every user once, in order"
    );

    for (index, expected) in pages.iter().enumerate().rev().skip(1) {
        browser.click("button", "Previous page").await?;
        let page = index as u32 + 1;
        browser
            .wait_until(
                &format!("page {page}"),
                &format!("/Page {page}\\b/.test(document.body.innerText)"),
            )
            .await?;
        ensure!(
            &browser.settled_rows().await? == expected,
            "page {page} changed on the way back"
        );
    }
    ensure!(
        !browser
            .find("button", "Previous page")
            .await?
            .is_enabled()
            .await?,
        "Previous page is enabled on page 1"
    );
    Ok(pages)
}

/// Journey 3, from a settled list page: opens the `row`-th user, copies
/// its ID and goes back to the same list page.
pub async fn open_copy_and_return(browser: &Browser, row: usize, journey: &str) -> Result<()> {
    let list_url = browser.client.current_url().await?;
    let rows = browser.settled_rows().await?;
    let name = rows.get(row).context("no such row")?;
    browser.click("link", name).await?;
    ensure!(
        &browser.settled_user().await? == name,
        "the user page shows another user"
    );
    browser.screenshot(journey, "user").await?;

    let url = browser.client.current_url().await?;
    let id = url
        .path()
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_string();
    browser.click("button", "Copy ID").await?;
    browser.wait_for_text("Copied").await?;
    let copied = browser
        .eval_async("navigator.clipboard.readText().then(done, () => done(null));")
        .await?;
    ensure!(
        copied == serde_json::json!(id),
        "Copy ID copied {copied}, not {id}"
    );

    browser.click("link", "Back to users").await?;
    ensure!(
        browser.settled_rows().await? == rows,
        "Back to users showed other rows"
    );
    ensure!(
        browser.client.current_url().await? == list_url,
        "Back to users went to another list page"
    );
    Ok(())
}
