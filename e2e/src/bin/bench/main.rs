//! `cargo xtask bench`: what an administrator feels, measured in headless
//! Chromium, the console side by side with react-admin (the peer in
//! `../shared/peers/react-admin`) in the same run, on three emulated
//! networks; then the console's 1,000-row page against the browser's floor
//! and its memory over a long session. Prints the report and writes it to
//! the file named by the first argument (`BENCHMARKS.md`), keeping that
//! file's hand-written “What was tried” section. Nothing here fails on
//! slow figures: a missed goal is reported, never asserted.
//!
//! Needs `PORTAL_DIST` (built and precompressed), `PORTAL_EMULATOR_BIN`
//! and `CHROMEDRIVER`, which `cargo xtask bench` passes, and
//! `PORTAL_PEER_DIST` (the peer's build, precompressed alike) when the
//! peer is there. `BENCH_ROUNDS` (default 20) sets the rounds per network.

mod figures;
mod page;
mod profiles;
mod report;
mod serve;
mod stats;
mod whole_portal;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use e2e::{cdp, Browser, Emulator};
use serde_json::json;

use figures::{App, Emails};

/// The heading of the hand-written part of the report, kept across runs.
const NOTES_HEADING: &str = "\n## What was tried";

/// The users the side-by-side emulators hold: the same seed for both.
const SEEDED: [&str; 6] = ["--users", "2000", "--seed", "1", "--rate-limit", "0"];

/// The console's session, in the form its Connect stores it.
const CONSOLE_SIGN_IN: &str = "sessionStorage.setItem('portal-admin.session', \
    JSON.stringify({ base_url: '', portal_id: 'demo', key: 'sk:demo' }));";

/// The peer's session, as its login page stores it.
const PEER_SIGN_IN: &str =
    "sessionStorage.setItem('portal_id', 'demo'); sessionStorage.setItem('portal_key', 'sk:demo');";

#[tokio::main]
async fn main() -> Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .context("usage: bench <report.md>")?,
    );
    let dist = env_path("PORTAL_DIST")?;
    let chromedriver = env_path("CHROMEDRIVER")?;
    let peer_dist = std::env::var_os("PORTAL_PEER_DIST").map(PathBuf::from);
    let rounds = match std::env::var("BENCH_ROUNDS") {
        Ok(n) => n.parse().context("BENCH_ROUNDS: a whole number")?,
        Err(_) => 20,
    };
    let load_before = report::load_average();

    let console = start_app(
        "console",
        &dist,
        CONSOLE_SIGN_IN,
        "/users?limit=25",
        "Next page",
    );
    let mut apps = vec![console.await?];
    match &peer_dist {
        Some(peer_dist) => apps.push(
            start_app(
                "react-admin",
                peer_dist,
                PEER_SIGN_IN,
                "/#/users?page=1&perPage=25",
                "Go to next page",
            )
            .await?,
        ),
        None => println!(
            "PORTAL_PEER_DIST is not set (../shared/peers/react-admin is absent): \
             measuring the console alone"
        ),
    }
    let emails = Emails::of(&apps[0].emulator)?;

    let browser = Browser::start().await?;
    let chromium = browser
        .client
        .capabilities()
        .and_then(|c| c.get("browserVersion")?.as_str().map(String::from))
        .unwrap_or_else(|| "unknown".into());
    cdp::execute(&browser.client, "Network.enable", json!({})).await?;
    for app in &apps {
        page::sign_in(&browser, &app.server.url, app.sign_in).await?;
    }
    let mut measured = Vec::new();
    for profile in &profiles::PROFILES {
        println!(
            "{}: {rounds} rounds of a cold load, a warm load and {} Next clicks per app",
            profile.name,
            figures::NEXT_CLICKS
        );
        profiles::apply(&browser, profile).await?;
        let samples = figures::side_by_side(&browser, &apps, &emails, rounds).await?;
        if let [console, peer] = &samples[..] {
            let [cold, warm, next, bytes] = report::ratios(console, peer);
            println!(
                "    console / react-admin: cold first rows {cold}, warm {warm}, \
                 next page {next}, bytes {bytes}"
            );
        }
        measured.push(samples);
    }
    profiles::apply(&browser, &profiles::PROFILES[0]).await?;

    println!(
        "1,000-row page and the browser's floor: {} loads",
        figures::BIG_RUNS
    );
    let thousand_api = Emulator::start_api(&[
        "--users",
        "1000",
        "--max-limit",
        "1000",
        "--rate-limit",
        "0",
    ])?;
    let thousand = serve::start(&dist, &thousand_api.url).await?;
    page::sign_in(&browser, &thousand.url, CONSOLE_SIGN_IN).await?;
    let big_page = figures::big_page(
        &browser,
        &format!("{}/users?limit=1000", thousand.url),
        &Emails::of(&thousand_api)?,
    )
    .await?;
    browser.client.close().await?;

    println!("memory: rounds forward, then rounds that go back each time");
    let rounds_api = Emulator::start_api(&["--users", "6000", "--rate-limit", "0"])?;
    let rounds_site = serve::start(&dist, &rounds_api.url).await?;
    let mut memory = Vec::new();
    for rewind in [false, true] {
        // A fresh browser each time: Chromium keeps earlier pages of the same
        // site (the back-forward cache) in the same JS heap.
        let browser = Browser::start_with_args(&page::MEMORY_FLAGS).await?;
        page::sign_in(&browser, &rounds_site.url, CONSOLE_SIGN_IN).await?;
        memory.push(figures::memory(&browser, &rounds_site.url, rewind).await?);
        browser.client.close().await?;
    }

    println!("export CSV: 10,000 users, at 500 and at 60 requests a minute");
    let mut exports = Vec::new();
    for rate_limit in [500, 60] {
        let limit = rate_limit.to_string();
        let emulator = Emulator::start(&["--users", "10000", "--rate-limit", &limit])?;
        let browser = Browser::start().await?;
        exports.push(whole_portal::export(&browser, &emulator, 10_000, rate_limit).await?);
        browser.client.close().await?;
    }
    println!("import CSV: 500 users into a portal of 1,000, at 500 requests a minute");
    let import_api = Emulator::start(&["--users", "1000", "--rate-limit", "500"])?;
    let browser = Browser::start().await?;
    let import = whole_portal::import(&browser, &import_api, 1000, 500, 500).await?;
    browser.client.close().await?;
    println!("find a user: the last of 10,000, cold and on the walk just taken");
    let find_api = Emulator::start(&["--users", "10000", "--rate-limit", "0"])?;
    let find = whole_portal::find(&find_api).await?;
    println!("memory: a walk of 100,000 users");
    let walk_api = Emulator::start(&["--users", "100000", "--rate-limit", "0"])?;
    let walk_memory = whole_portal::memory(&walk_api, 100_000).await?;

    let mut bytes = Vec::new();
    for (app, samples) in apps.iter().zip(&measured[0]) {
        bytes.push(figures::bytes(&app.dist, &samples.fetched)?);
    }
    let chunks = figures::chunk_bytes(&apps[0].dist)?;
    let run = report::Run {
        apps: apps.iter().map(|app| app.name).collect(),
        profiles: profiles::PROFILES.iter().zip(measured).collect(),
        rounds,
        bytes,
        chunks,
        big_page,
        memory,
        exports,
        import,
        find,
        walk_memory,
        load: (load_before, report::load_average()),
    };
    let machine = report::Machine::here(chromium, &chromedriver, peer_dist.as_deref());
    let text = report::markdown(&machine, &run);
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

/// Serves the app built in `dist` in front of a new emulator holding
/// [`SEEDED`]'s users; `list` is the path of its first page of 25 users,
/// `next` the name of its Next button.
async fn start_app(
    name: &'static str,
    dist: &Path,
    sign_in: &'static str,
    list: &str,
    next: &'static str,
) -> Result<App> {
    let emulator = Emulator::start_api(&SEEDED)?;
    let server = serve::start(dist, &emulator.url).await?;
    Ok(App {
        name,
        dist: dist.to_path_buf(),
        sign_in,
        list: format!("{}{list}", server.url),
        next,
        server,
        emulator,
    })
}

fn env_path(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .with_context(|| format!("{name} is not set: run `cargo xtask bench`"))
}
