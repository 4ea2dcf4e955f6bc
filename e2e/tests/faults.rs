//! Fault drills: the API fails at random, rate-limits, and answers slowly;
//! the console retries, counts down, shows its busy states and loses no click.

use anyhow::{ensure, Result};
use e2e::journeys::{open_copy_and_return, page_through};
use e2e::{Browser, Emulator};

/// A third of the API requests fail: journeys 1 and 3 still complete, and
/// every error that gets through the client's retries shows a request ID.
#[tokio::test]
async fn journeys_1_and_3_survive_a_failing_api() -> Result<()> {
    let emulator = Emulator::start(&["--users", "60", "--fail-rate", "0.3"])?;
    let mut browser = Browser::start().await?;
    browser.retry_failures = true;
    browser.connect(&emulator, &emulator.url).await?;
    page_through(&browser, &emulator, "faults-failing").await?;
    open_copy_and_return(&browser, 5, "faults-failing").await?;
    let failed = emulator
        .requests()?
        .iter()
        .filter(|r| r["status"].as_u64() >= Some(500))
        .count();
    ensure!(
        failed > 0,
        "the emulator failed no request: the drill proved nothing"
    );
    Ok(())
}

/// Paging past the quota shows the countdown, then paging goes on by itself.
#[tokio::test]
async fn paging_past_the_rate_limit_counts_down_then_continues() -> Result<()> {
    let emulator = Emulator::start(&["--users", "100", "--rate-limit", "6", "--rate-window", "4"])?;
    let all = emulator.user_names()?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    browser
        .find("combobox", "Rows per page")
        .await?
        .select_by_value("10")
        .await?;
    browser.settled_rows().await?;

    let next = browser.find("button", "Next page").await?;
    for _ in 0..9 {
        next.click().await?;
    }
    browser.wait_for_text("retrying in").await?;
    browser.screenshot("faults-rate-limit", "countdown").await?;
    browser.wait_for_text("Page 10").await?;
    ensure!(
        browser.settled_rows().await? == all[90..],
        "the last page after the countdown"
    );
    let limited = emulator
        .requests()?
        .iter()
        .filter(|r| r["status"] == 429)
        .count();
    ensure!(limited > 0, "no request was rate-limited");
    Ok(())
}

/// With 800 ms per answer: the skeleton shows while the first page loads,
/// the list shows it is busy while the next loads, and three quick clicks
/// on **Next page** land on page 4.
#[tokio::test]
async fn a_slow_api_shows_busy_states_and_loses_no_click() -> Result<()> {
    let emulator = Emulator::start(&["--users", "120", "--latency-ms", "800"])?;
    let all = emulator.user_names()?;
    let browser = Browser::start().await?;
    browser.client.goto(&emulator.url).await?;
    browser
        .submit_connect(&emulator.url, e2e::PORTAL, e2e::KEY)
        .await?;
    browser.find("button", "Connecting…").await?;
    browser
        .wait_until("the skeleton table", "document.querySelector('[aria-busy=\"true\"] table')?.caption?.textContent === 'Users'")
        .await?;
    browser.screenshot("faults-slow", "skeleton").await?;
    ensure!(browser.settled_rows().await? == all[..25], "the first page");

    let next = browser.find("button", "Next page").await?;
    for _ in 0..3 {
        next.click().await?;
    }
    browser.find("progressbar", "Loading users").await?;
    browser
        .wait_until(
            "the rows to show they are stale",
            "document.querySelector('[aria-busy=\"true\"] th[scope=row]')",
        )
        .await?;
    browser.wait_for_text("Page 4").await?;
    ensure!(
        browser.settled_rows().await? == all[75..100],
        "three quick clicks did not land on page 4"
    );
    Ok(())
}
