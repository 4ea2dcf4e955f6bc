//! The figures of issue 9, each measured the way an administrator meets it.

use std::path::Path;

use anyhow::{bail, ensure, Context, Result};
use e2e::Browser;

use crate::page::{self, Memory, Resource};
use crate::stats::Summary;

/// The path of the API's user list, which the console fetches for every page.
const USERS_API: &str = "/v1/partner-portals/demo/users";

/// The round after which memory is first sampled: the warm-up is over.
pub const WARM_ROUND: usize = 10;
/// The last round, sampled again.
pub const LAST_ROUND: usize = 110;

/// Bytes of one file a cold load fetches.
pub struct FileBytes {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Cold loads of the first page: navigation start → rows painted, and the
/// part of it after the API's answer arrived.
pub struct FirstRows {
    pub painted: Summary,
    pub after_response: Summary,
    /// What the last cold load fetched.
    pub fetched: Vec<Resource>,
}

/// Memory after a warm-up and after the long session.
pub struct MemoryRounds {
    /// Whether each round went back to the page it started on.
    pub rewind: bool,
    pub warm: Memory,
    pub last: Memory,
}

/// Twenty cold loads of `/users?limit=25`, cache off, session stored.
pub async fn first_rows(browser: &Browser, base: &str) -> Result<FirstRows> {
    let (mut painted, mut after_response, mut fetched) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..20 {
        let at = page::load_rows(browser, &format!("{base}/users?limit=25")).await?;
        fetched = page::resources(browser).await?;
        let wasm = fetched
            .iter()
            .find(|r| r.url.ends_with(".wasm"))
            .context("no wasm fetched")?;
        ensure!(
            wasm.transfer > 0,
            "the wasm came from the cache: the load was not cold"
        );
        painted.push(at);
        after_response.push(at - api_response_end(&fetched)?);
    }
    Ok(FirstRows {
        painted: Summary::of(&painted),
        after_response: Summary::of(&after_response),
        fetched,
    })
}

/// Fifty Next clicks from the first page: click → next rows painted.
pub async fn next_page(browser: &Browser, base: &str) -> Result<Summary> {
    page::load_rows(browser, &format!("{base}/users?limit=25")).await?;
    let next = browser.find("button", "Next page").await?;
    let mut samples = Vec::new();
    for _ in 0..50 {
        let (clicked, painted) = page::click_until_painted(browser, next.clone()).await?;
        samples.push(painted - clicked);
    }
    Ok(Summary::of(&samples))
}

/// Ten loads of a 1,000-row page: the API's answer → the rows painted,
/// which covers decoding the JSON, building the rows and one frame.
pub async fn big_page(browser: &Browser, base: &str) -> Result<Summary> {
    let mut samples = Vec::new();
    for _ in 0..10 {
        let at = page::load_rows(browser, &format!("{base}/users?limit=1000")).await?;
        let rows = page::count(browser, "table.users tbody tr").await?;
        ensure!(rows == 1000, "expected 1,000 rows, the page has {rows}");
        samples.push(at - api_response_end(&page::resources(browser).await?)?);
    }
    Ok(Summary::of(&samples))
}

/// 110 rounds on pages of 50, each a Next click, one open and close of a
/// user's detail and one of the New user dialog (closed blank with Cancel);
/// memory sampled after [`WARM_ROUND`] and [`LAST_ROUND`].
/// With `rewind`, each round ends with Previous, so the cursor trail (which
/// every row's link and the URL carry) stays short: what still grows then
/// is kept per navigation, not per page of the trail.
pub async fn memory(browser: &Browser, base: &str, rewind: bool) -> Result<MemoryRounds> {
    page::load_rows(browser, &format!("{base}/users?limit=50")).await?;
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

/// Raw, gzip and brotli bytes of each `dist` file in `fetched`, plus the
/// document itself (`index.html`, which any console URL serves).
pub fn bytes(dist: &Path, fetched: &[Resource]) -> Result<Vec<FileBytes>> {
    let mut names = vec!["index.html".to_string()];
    for resource in fetched {
        let path = resource
            .url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split_once('/'));
        if let Some((_, name)) = path {
            if dist.join(name).is_file() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    let size = |name: &str| -> Result<u64> {
        let path = dist.join(name);
        Ok(std::fs::metadata(&path)
            .with_context(|| {
                format!(
                    "{}: build with `cargo xtask bench`, which compresses dist/",
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

/// When the answer to the users list request arrived.
fn api_response_end(fetched: &[Resource]) -> Result<f64> {
    match fetched.iter().find(|r| r.url.contains(USERS_API)) {
        Some(resource) => Ok(resource.end),
        None => bail!("the page fetched no user list"),
    }
}
