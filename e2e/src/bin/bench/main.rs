//! `cargo xtask bench`: what an administrator feels, measured in headless
//! Chromium against the emulator. Prints the report and writes it to the
//! file named by the first argument (`BENCHMARKS.md`), keeping that file's
//! hand-written “What was tried” section. Nothing here fails on slow
//! figures: a missed target is reported, never asserted.
//!
//! Needs `PORTAL_DIST` (built and precompressed), `PORTAL_EMULATOR_BIN`
//! and `CHROMEDRIVER`, which `cargo xtask bench` passes.

mod figures;
mod page;
mod report;
mod stats;
mod whole_portal;

use std::path::PathBuf;

use anyhow::{Context, Result};
use e2e::{Browser, Emulator};

/// The heading of the hand-written part of the report, kept across runs.
const NOTES_HEADING: &str = "\n## What was tried";

#[tokio::main]
async fn main() -> Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .context("usage: bench <report.md>")?,
    );
    let dist = PathBuf::from(std::env::var_os("PORTAL_DIST").context("PORTAL_DIST is not set")?);
    let chromedriver =
        PathBuf::from(std::env::var_os("CHROMEDRIVER").context("CHROMEDRIVER is not set")?);

    // One emulator per figure, seeded with enough users for its pages, and
    // without a rate limit: the rounds send hundreds of requests a minute.
    let lists = Emulator::start(&["--users", "2000", "--rate-limit", "0"])?;
    let thousand = Emulator::start(&[
        "--users",
        "1000",
        "--max-limit",
        "1000",
        "--rate-limit",
        "0",
    ])?;
    let rounds = Emulator::start(&["--users", "6000", "--rate-limit", "0"])?;

    let browser = Browser::start().await?;
    let chromium = browser
        .client
        .capabilities()
        .and_then(|c| c.get("browserVersion")?.as_str().map(String::from))
        .unwrap_or_else(|| "unknown".into());
    page::disable_cache(&browser).await?;

    println!("first rows: 20 cold loads");
    page::sign_in(&browser, &lists.url).await?;
    let first_rows = figures::first_rows(&browser, &lists.url).await?;
    println!("next page: 50 clicks");
    let next_page = figures::next_page(&browser, &lists.url).await?;
    println!("1,000-row page: 10 loads");
    page::sign_in(&browser, &thousand.url).await?;
    let big_page = figures::big_page(&browser, &thousand.url).await?;
    browser.client.close().await?;
    println!("memory: rounds forward, then rounds that go back each time");
    let mut memory = Vec::new();
    for rewind in [false, true] {
        // A fresh browser each time: Chromium keeps earlier pages of the same
        // site (the back-forward cache) in the same JS heap.
        let browser = Browser::start_with_args(&page::MEMORY_FLAGS).await?;
        page::sign_in(&browser, &rounds.url).await?;
        memory.push(figures::memory(&browser, &rounds.url, rewind).await?);
        browser.client.close().await?;
    }

    println!("export CSV: 10,000 users, at 500 and at 60 requests a minute");
    let mut exports = Vec::new();
    for rate_limit in [500, 60] {
        let emulator =
            Emulator::start(&["--users", "10000", "--rate-limit", &rate_limit.to_string()])?;
        let browser = Browser::start().await?;
        exports.push(whole_portal::export(&browser, &emulator, 10_000, rate_limit).await?);
        browser.client.close().await?;
    }
    println!("find a user: the last of 10,000, cold and on the walk just taken");
    let find = whole_portal::find(&Emulator::start(&[
        "--users",
        "10000",
        "--rate-limit",
        "0",
    ])?)
    .await?;
    println!("memory: a walk of 100,000 users");
    let walk_memory = whole_portal::memory(
        &Emulator::start(&["--users", "100000", "--rate-limit", "0"])?,
        100_000,
    )
    .await?;

    let run = report::Run {
        bytes: figures::bytes(&dist, &first_rows.fetched)?,
        first_rows,
        next_page,
        big_page,
        memory,
        exports,
        find,
        walk_memory,
    };
    let text = report::markdown(&report::Machine::here(chromium, &chromedriver), &run);
    println!("\n{text}");
    let notes = std::fs::read_to_string(&out)
        .ok()
        .and_then(|old| old.find(NOTES_HEADING).map(|at| old[at..].to_string()))
        .unwrap_or_default();
    std::fs::write(&out, format!("{text}{notes}"))
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}
