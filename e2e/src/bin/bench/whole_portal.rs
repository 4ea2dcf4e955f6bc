//! The figures of issues 16, 17 and 25: Export CSV of 10,000 users and
//! Import CSV of 500 against the rate limit's floor, Find's time to its
//! first match, the memory the walk of 100,000 users takes against the size
//! of their JSON, and the access review's filter change and sort over it.

use anyhow::{bail, Context, Result};
use e2e::{Browser, Emulator};
use serde_json::{json, Value};

use crate::page::{self, Memory};

/// The path of the API's user list.
const USERS_API: &str = "/v1/partner-portals/demo/users";

/// Presses Export CSV in the page and calls back with the milliseconds
/// until the file was saved (the console says “Saved …”).
const EXPORT: &str = r#"
const done = arguments[arguments.length - 1];
const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Export CSV');
const start = performance.now();
button.click();
const poll = () => {
  if (document.querySelector('.export-done')) done(performance.now() - start);
  else if (document.querySelector('.export-stopped')) done(-1);
  else setTimeout(poll, 5);
};
poll();
"#;

/// Types `arguments[0]` into Find a user, presses Enter and calls back
/// with the milliseconds until the first result row is in the page.
const FIND: &str = r#"
const [text, done] = arguments;
const field = document.getElementById('find');
field.value = text;
field.dispatchEvent(new Event('input', { bubbles: true }));
const start = performance.now();
field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
const poll = () => {
  if (document.querySelector('.review-results tbody tr')) done(performance.now() - start);
  else setTimeout(poll, 2);
};
poll();
"#;

/// Searches for text no one has and calls back once every user was searched.
const SEARCH_ALL: &str = r#"
const done = arguments[arguments.length - 1];
const field = document.getElementById('find');
field.value = 'no-such-user-anywhere';
field.dispatchEvent(new Event('input', { bubbles: true }));
field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
const poll = () => {
  if (document.body.innerText.includes('No user matches')) done(null);
  else setTimeout(poll, 20);
};
poll();
"#;

/// Clears Find a user and calls back once the list's page is back.
const END_SEARCH: &str = r#"
const done = arguments[arguments.length - 1];
const field = document.getElementById('find');
field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
const poll = () => {
  if (document.querySelector('.review-results[hidden]') && document.querySelector('table tbody th[scope=row]')) done(null);
  else setTimeout(poll, 20);
};
poll();
"#;

/// Chooses the Last login value `arguments[0]` and calls back with the
/// milliseconds until the review's status says something else than before
/// and a result row is in the page.
const FILTER: &str = r#"
const [value, done] = arguments;
const status = () => document.querySelector('.review-results:not([hidden]) .review-status');
const before = status() ? status().textContent : '';
const select = document.getElementById('last-login');
const start = performance.now();
select.value = value;
select.dispatchEvent(new Event('change', { bubbles: true }));
const poll = () => {
  const now = status();
  if (now && now.textContent !== before && / match/.test(now.textContent)
      && document.querySelector('.review-results tbody th[scope=row]')) done(performance.now() - start);
  else setTimeout(poll, 0);
};
poll();
"#;

/// Presses the results' Name header and calls back with the milliseconds
/// until the header says ascending and the first row is another user.
const SORT: &str = r#"
const done = arguments[arguments.length - 1];
const first = () => document.querySelector('.review-results tbody th[scope=row]').textContent;
const before = first();
const button = [...document.querySelectorAll('.review-results th button.sort')].find((b) => b.textContent.trim() === 'Name');
const start = performance.now();
button.click();
const poll = () => {
  if (document.querySelector('.review-results th[aria-sort=ascending]') && first() !== before) done(performance.now() - start);
  else setTimeout(poll, 0);
};
poll();
"#;

/// Presses the button named `arguments[0]` and calls back with the
/// milliseconds until a button named `arguments[1]` is in the page, or -1
/// if the dialog shows an error first.
const PRESS_UNTIL: &str = r#"
const [press, until, done] = arguments;
const named = (name) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === name);
const start = performance.now();
named(press).click();
const poll = () => {
  if (named(until)) done(performance.now() - start);
  else if (document.querySelector('dialog[open] [role="alert"]')) done(-1);
  else setTimeout(poll, 5);
};
poll();
"#;

/// One import: the dry run and the creates, with the requests each sent.
pub struct ImportRun {
    pub users: usize,
    /// Users in the portal before, walked by the dry run.
    pub portal: usize,
    pub rate_limit: u32,
    /// Check file → Create N users offered.
    pub check_millis: f64,
    /// List requests of the dry run (a refused page size included).
    pub check_requests: usize,
    /// Create N users → Download results offered.
    pub create_millis: f64,
    /// Creates sent.
    pub creates: usize,
    /// The least time the quota allows for the dry run's and the creates'
    /// requests together, in ms, as for [`ExportRun::floor_millis`].
    pub floor_millis: f64,
}

/// Imports `users` new users from a CSV file into the portal of `emulator`
/// (holding `portal` users, `rate_limit` requests per 60 s) from a
/// connected list page: Check file, then Create N users.
pub async fn import(
    browser: &Browser,
    emulator: &Emulator,
    portal: usize,
    users: usize,
    rate_limit: u32,
) -> Result<ImportRun> {
    let mut text = String::from("first_name,last_name,email,roles\n");
    for n in 0..users {
        text.push_str(&format!(
            "Bench,User {n},bench-import-{n}@example.com,Viewer\n"
        ));
    }
    let file = std::env::temp_dir().join(format!(
        "portal-admin-bench-import-{}.csv",
        std::process::id()
    ));
    std::fs::write(&file, text)?;
    let run = import_file(browser, emulator, &file, users).await;
    let _ = std::fs::remove_file(&file);
    let (check_millis, create_millis, check_requests, creates, total) = run?;
    let windows = total.div_ceil(rate_limit as usize).saturating_sub(1);
    Ok(ImportRun {
        users,
        portal,
        rate_limit,
        check_millis,
        check_requests,
        create_millis,
        creates,
        floor_millis: windows as f64 * 60_000.0,
    })
}

/// The import of `file` (`users` rows): the two times, the dry run's
/// list requests, the creates, and every API request of both.
async fn import_file(
    browser: &Browser,
    emulator: &Emulator,
    file: &std::path::Path,
    users: usize,
) -> Result<(f64, f64, usize, usize, usize)> {
    open_list(browser, emulator).await?;
    browser.click("button", "Import CSV").await?;
    browser
        .client
        .find(fantoccini::Locator::Css("input[type=file]"))
        .await?
        .send_keys(file.to_str().context("a UTF-8 path")?)
        .await?;
    // The mapping step is shown once the file and the attributes are in.
    browser.find("combobox", "first_name").await?;
    set_script_timeout(browser, 600).await?;
    let create = format!("Create {users} users");
    let before = emulator.requests()?.len();
    let check = press_until(browser, "Check file", &create).await?;
    let checked = emulator.requests()?.len();
    let created = press_until(browser, &create, "Download results").await?;
    let requests = emulator.requests()?;
    let posts = requests[checked..]
        .iter()
        .filter(|r| r["method"] == "POST" && r["status"] == 200)
        .count();
    if posts != users {
        bail!("{posts} users created of {users}");
    }
    let lists = requests[before..checked]
        .iter()
        .filter(|r| r["path"].as_str() == Some(USERS_API))
        .count();
    Ok((check, created, lists, posts, requests.len() - before))
}

/// Presses `press` in the page and waits for a button named `until`.
async fn press_until(browser: &Browser, press: &str, until: &str) -> Result<f64> {
    let millis = number(
        browser
            .client
            .execute_async(PRESS_UNTIL, vec![json!(press), json!(until)])
            .await?,
    )?;
    if millis < 0.0 {
        bail!("{press} stopped: {}", browser.text().await?);
    }
    Ok(millis)
}

/// One export: its time and the requests it took.
pub struct ExportRun {
    pub users: usize,
    pub rate_limit: u32,
    pub millis: f64,
    /// List requests the export sent (a refused page size included).
    pub requests: usize,
    /// The least time the quota allows for that many requests, in ms:
    /// every full quota beyond the first costs one window.
    pub floor_millis: f64,
}

/// Find's times to its first match.
pub struct FindRun {
    /// In a new tab: the search walks the portal until it reaches the user.
    pub cold: f64,
    /// Again, on the walk just taken: no request.
    pub warm: f64,
}

/// The walk of the whole portal held in the tab.
pub struct WalkMemory {
    pub users: usize,
    /// The users' JSON, as the API sends it (pages of 100, `data` only).
    pub json_bytes: u64,
    pub before: Memory,
    pub after: Memory,
    /// The access review over that walk.
    pub review: ReviewRun,
}

/// The access review over a walk held in the tab (issue 25).
pub struct ReviewRun {
    /// "No login in 90 days" → "No login in a year": the choice made → the
    /// new count and rows in the page.
    pub filter_millis: f64,
    /// A press of the Name header → the results sorted in the page.
    pub sort_millis: f64,
    /// The tab's memory after both, after full collections.
    pub after: Memory,
}

/// Exports the portal of `emulator` (seeded with `users`, `rate_limit`
/// requests per 60 s) from a connected list page.
pub async fn export(
    browser: &Browser,
    emulator: &Emulator,
    users: usize,
    rate_limit: u32,
) -> Result<ExportRun> {
    open_list(browser, emulator).await?;
    let before = list_requests(emulator)?;
    // The file must land somewhere; the folder goes when the figure is taken.
    let _downloads = browser.allow_downloads().await?;
    set_script_timeout(browser, 600).await?;
    let millis = number(browser.client.execute_async(EXPORT, vec![]).await?)?;
    if millis < 0.0 {
        bail!("the export stopped: {}", browser.text().await?);
    }
    let requests = list_requests(emulator)? - before;
    let windows = requests.div_ceil(rate_limit as usize).saturating_sub(1);
    Ok(ExportRun {
        users,
        rate_limit,
        millis,
        requests,
        floor_millis: windows as f64 * 60_000.0,
    })
}

/// Find's time to the first match of the last user's email, cold (a new
/// tab's first search walks the portal) then warm (the walk reused).
pub async fn find(emulator: &Emulator) -> Result<FindRun> {
    let last = emulator.users()?.pop().context("no users")?;
    let email = last["email"].as_str().context("an email")?.to_string();
    let browser = Browser::start().await?;
    open_list(&browser, emulator).await?;
    set_script_timeout(&browser, 600).await?;
    let cold = number(
        browser
            .client
            .execute_async(FIND, vec![json!(email)])
            .await?,
    )?;
    browser.client.execute("document.getElementById('find').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));", vec![]).await?;
    browser.settled_rows().await?;
    let warm = number(
        browser
            .client
            .execute_async(FIND, vec![json!(email)])
            .await?,
    )?;
    browser.client.close().await?;
    Ok(FindRun { cold, warm })
}

/// The tab's memory before and after a search walked all `users` of
/// `emulator`, after full collections.
pub async fn memory(emulator: &Emulator, users: usize) -> Result<WalkMemory> {
    let json_bytes = emulator
        .users()?
        .iter()
        .map(|user| user.to_string().len() as u64 + 1)
        .sum();
    let browser = Browser::start_with_args(&page::MEMORY_FLAGS).await?;
    open_list(&browser, emulator).await?;
    let before = page::memory(&browser).await?;
    set_script_timeout(&browser, 600).await?;
    browser.client.execute_async(SEARCH_ALL, vec![]).await?;
    let after = page::memory(&browser).await?;
    let review = review(&browser).await?;
    browser.client.close().await?;
    Ok(WalkMemory {
        users,
        json_bytes,
        before,
        after,
        review,
    })
}

/// The access review over the walk the tab holds: a Last login choice
/// changed, then a sort by name, each to the updated results in the page.
async fn review(browser: &Browser) -> Result<ReviewRun> {
    browser.client.execute_async(END_SEARCH, vec![]).await?;
    number(
        browser
            .client
            .execute_async(FILTER, vec![json!("90d")])
            .await?,
    )?;
    let filter_millis = number(
        browser
            .client
            .execute_async(FILTER, vec![json!("365d")])
            .await?,
    )?;
    let sort_millis = number(browser.client.execute_async(SORT, vec![]).await?)?;
    let after = page::memory(browser).await?;
    Ok(ReviewRun {
        filter_millis,
        sort_millis,
        after,
    })
}

/// Signs in to the console `emulator` serves and opens its users list.
async fn open_list(browser: &Browser, emulator: &Emulator) -> Result<()> {
    page::sign_in(browser, &emulator.url, crate::CONSOLE_SIGN_IN).await?;
    browser
        .client
        .goto(&format!("{}/users", emulator.url))
        .await?;
    browser.settled_rows().await?;
    Ok(())
}

/// The list requests the emulator has answered so far.
fn list_requests(emulator: &Emulator) -> Result<usize> {
    Ok(emulator
        .requests()?
        .iter()
        .filter(|r| r["path"].as_str() == Some(USERS_API))
        .count())
}

/// Lets in-page scripts run up to `secs` seconds (an export waits for the quota).
async fn set_script_timeout(browser: &Browser, secs: u64) -> Result<()> {
    let timeouts = fantoccini::wd::TimeoutConfiguration::new(
        Some(std::time::Duration::from_secs(secs)),
        None,
        None,
    );
    browser.client.update_timeouts(timeouts).await?;
    Ok(())
}

fn number(value: Value) -> Result<f64> {
    value
        .as_f64()
        .with_context(|| format!("expected a number, got {value}"))
}
