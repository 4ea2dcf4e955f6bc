//! The figures of issue 18, each measured the way an administrator meets
//! it, for the console and its peer in the same run.

use std::path::{Path, PathBuf};

use anyhow::{ensure, Context, Result};
use e2e::{Browser, Emulator};

use crate::page::{self, Expect, Memory, Painted, StartUp};
use crate::serve::Server;
use crate::stats::Summary;

/// Next clicks per round, from the first page.
pub const NEXT_CLICKS: usize = 3;
/// Loads of the 1,000-row page.
pub const BIG_RUNS: usize = 10;
/// The round after which memory is first sampled: the warm-up is over.
pub const WARM_ROUND: usize = 10;
/// The last round, sampled again.
pub const LAST_ROUND: usize = 110;

/// One app measured side by side, served by its own [`Server`] in front of
/// its own emulator.
pub struct App {
    pub name: &'static str,
    /// What it was built into.
    pub dist: PathBuf,
    /// Stores a session on its origin, as its sign-in would.
    pub sign_in: &'static str,
    /// Its first page of 25 users.
    pub list: String,
    /// The accessible name of its Next button.
    pub next: &'static str,
    pub server: Server,
    pub emulator: Emulator,
}

/// The emails of a seeded emulator's users, oldest first: what each page
/// must show.
pub struct Emails(Vec<String>);

impl Emails {
    /// Every user of `emulator`.
    pub fn of(emulator: &Emulator) -> Result<Emails> {
        let users = emulator.users()?;
        let emails = users
            .iter()
            .map(|user| user["email"].as_str().map(String::from))
            .collect::<Option<Vec<_>>>()
            .context("a user without an email")?;
        Ok(Emails(emails))
    }

    /// The rows of page `number` (from 1) of `size` users.
    pub fn page(&self, number: usize, size: usize) -> Expect {
        let first = (number - 1) * size;
        Expect {
            rows: size,
            first: self.0[first].clone(),
            last: self.0[first + size - 1].clone(),
        }
    }
}

/// One app's samples on one profile.
#[derive(Default)]
pub struct Samples {
    /// Cold loads, cache off: navigation start → first rows painted.
    pub cold: Vec<f64>,
    /// … and → the user list requested.
    pub cold_requested: Vec<f64>,
    /// Second visits, HTTP cache on: navigation start → first rows painted.
    pub warm: Vec<f64>,
    /// … and → the user list requested.
    pub warm_requested: Vec<f64>,
    /// Next click → the next 25 rows painted.
    pub next: Vec<f64>,
    pub cold_bytes: Vec<f64>,
    pub warm_bytes: Vec<f64>,
    pub next_bytes: Vec<f64>,
    /// The files the last cold load fetched, by path.
    pub fetched: Vec<String>,
    /// Cold loads of the console: what came before the user list request.
    pub cold_start_up: Vec<StartUp>,
}

/// `rounds` rounds on the current profile, each a cold load, a warm load
/// and [`NEXT_CLICKS`] Next clicks per app; the apps take turns going
/// first, so that whatever else the machine does falls on both alike.
pub async fn side_by_side(
    browser: &Browser,
    apps: &[App],
    emails: &Emails,
    rounds: usize,
) -> Result<Vec<Samples>> {
    let mut samples: Vec<Samples> = apps.iter().map(|_| Samples::default()).collect();
    for round in 0..rounds {
        let mut order: Vec<usize> = (0..apps.len()).collect();
        if round % 2 == 1 {
            order.reverse();
        }
        for i in order {
            measure(browser, &apps[i], emails, &mut samples[i]).await?;
        }
    }
    Ok(samples)
}

async fn measure(browser: &Browser, app: &App, emails: &Emails, into: &mut Samples) -> Result<()> {
    let first = emails.page(1, 25);
    page::set_cache_disabled(browser, true).await?;
    let cold = page::load(browser, &app.list, &first).await?;
    page::set_cache_disabled(browser, false).await?;
    // The first visit with the cache on fills it.
    page::load(browser, &app.list, &first).await?;
    let warm = page::load(browser, &app.list, &first).await?;
    ensure!(
        warm.bytes < cold.bytes,
        "{}: the warm load fetched {} bytes, the cold one {}: was the cache on?",
        app.name,
        warm.bytes,
        cold.bytes
    );
    into.cold.push(cold.at);
    into.cold_requested.push(requested(&cold, app)?);
    into.cold_bytes.push(cold.bytes as f64);
    into.cold_start_up.extend(cold.start_up);
    into.warm.push(warm.at);
    into.warm_requested.push(requested(&warm, app)?);
    into.warm_bytes.push(warm.bytes as f64);
    into.fetched = cold.fetched;
    for number in 2..2 + NEXT_CLICKS {
        let next = page::click_to(browser, app.next, &emails.page(number, 25)).await?;
        into.next.push(next.at);
        into.next_bytes.push(next.bytes as f64);
    }
    Ok(())
}

/// When a load sent its user list request, in ms since navigation start.
fn requested(load: &Painted, app: &App) -> Result<f64> {
    let (sent, _) = load
        .list_request
        .with_context(|| format!("{} fetched no user list", app.name))?;
    Ok(sent)
}

/// The console's 1,000-row page against the browser's floor for it.
pub struct BigPage {
    /// The API's answer → the rows painted: decoding 1,000 users, building
    /// the rows, one frame.
    pub console: Summary,
    /// A clone of the table the console rendered, attached → painted.
    pub floor: Summary,
}

/// [`BIG_RUNS`] cold loads of the 1,000-row page at `url`, each followed,
/// in the same page, by the floor for the table it painted.
pub async fn big_page(browser: &Browser, url: &str, emails: &Emails) -> Result<BigPage> {
    page::set_cache_disabled(browser, true).await?;
    let (mut console, mut floor) = (Vec::new(), Vec::new());
    for _ in 0..BIG_RUNS {
        let painted = page::load(browser, url, &emails.page(1, 1000)).await?;
        let (_, answered) = painted
            .list_request
            .context("the page fetched no user list")?;
        console.push(painted.at - answered);
        floor.push(page::floor(browser).await?);
    }
    Ok(BigPage {
        console: Summary::of(&console),
        floor: Summary::of(&floor),
    })
}

/// Memory after a warm-up and after the long session.
pub struct MemoryRounds {
    /// Whether each round went back to the page it started on.
    pub rewind: bool,
    pub warm: Memory,
    pub last: Memory,
}

/// 110 rounds on pages of 50 at `base`, each a Next click, one open and
/// close of a user's detail and one of the New user dialog (closed blank
/// with Cancel); memory sampled after [`WARM_ROUND`] and [`LAST_ROUND`].
/// With `rewind`, each round ends with Previous, so the cursor trail stays
/// short: what still grows then is kept per navigation, not per page of
/// the trail.
pub async fn memory(browser: &Browser, base: &str, rewind: bool) -> Result<MemoryRounds> {
    browser
        .client
        .goto(&format!("{base}/users?limit=50"))
        .await?;
    browser.settled_rows().await?;
    let mut warm = None;
    for round in 1..=LAST_ROUND {
        page::round(browser, rewind).await?;
        if round == WARM_ROUND {
            warm = Some(page::memory(browser).await?);
        }
    }
    Ok(MemoryRounds {
        rewind,
        warm: warm.context("no warm sample")?,
        last: page::memory(browser).await?,
    })
}

/// Bytes of one file a cold load fetches, as built.
pub struct FileBytes {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Raw, gzip and brotli bytes of `index.html` and of each file of `dist`
/// in `fetched`.
pub fn bytes(dist: &Path, fetched: &[String]) -> Result<Vec<FileBytes>> {
    let mut names = vec!["index.html".to_string()];
    for path in fetched {
        let name = path.trim_start_matches('/');
        if dist.join(name).is_file() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    sizes(dist, names)
}

/// The bytes of the chunks in `dist` (`split_*.wasm`, `chunk_*.wasm`):
/// what the screens fetched on demand weigh, apart from a cold load.
pub fn chunk_bytes(dist: &Path) -> Result<Vec<FileBytes>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| dist.display().to_string())? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if (name.starts_with("split_") || name.starts_with("chunk_")) && name.ends_with(".wasm") {
            names.push(name);
        }
    }
    names.sort();
    sizes(dist, names)
}

/// Raw, gzip and brotli bytes of each of `names` in `dist`.
fn sizes(dist: &Path, names: Vec<String>) -> Result<Vec<FileBytes>> {
    let size = |name: &str| -> Result<u64> {
        let path = dist.join(name);
        Ok(std::fs::metadata(&path)
            .with_context(|| {
                format!(
                    "{}: build with `cargo xtask bench`, which compresses the builds",
                    path.display()
                )
            })?
            .len())
    };
    names
        .into_iter()
        .map(|name| {
            Ok(FileBytes {
                raw: size(&name)?,
                gzip: size(&format!("{name}.gz"))?,
                brotli: size(&format!("{name}.br"))?,
                name,
            })
        })
        .collect()
}
