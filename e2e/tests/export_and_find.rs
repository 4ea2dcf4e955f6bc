//! The whole portal at once: **Export CSV** downloads every user as the API
//! lists them, also through faults and a tight rate limit, and keeps what
//! a cancelled export fetched; **Find a user** finds anyone, wherever the
//! API lists them.

use std::collections::HashMap;

use anyhow::{ensure, Context, Result};
use e2e::downloads::Downloads;
use e2e::{full_name, Browser, Emulator, PORTAL};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// The fixed columns of every export.
const FIXED: [&str; 7] = [
    "id",
    "first_name",
    "last_name",
    "email",
    "last_logged_at",
    "locale",
    "roles",
];

/// A CSV export read back with a real CSV parser: the header and the rows.
struct Export {
    header: Vec<String>,
    rows: Vec<HashMap<String, String>>,
}

impl Export {
    /// Parses `bytes`, which must start with a UTF-8 byte order mark.
    fn parse(bytes: &[u8]) -> Result<Export> {
        let body = bytes
            .strip_prefix("\u{feff}".as_bytes())
            .context("the file does not start with a BOM")?;
        let mut reader = csv::ReaderBuilder::new().from_reader(body);
        let header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record?;
            ensure!(
                record.len() == header.len(),
                "a row of {} cells under {} columns",
                record.len(),
                header.len()
            );
            rows.push(
                header
                    .iter()
                    .cloned()
                    .zip(record.iter().map(String::from))
                    .collect(),
            );
        }
        Ok(Export { header, rows })
    }

    fn ids(&self) -> Vec<String> {
        self.rows.iter().map(|row| row["id"].clone()).collect()
    }
}

/// A cell's text as the API had it: the `'` that neutralises a would-be
/// formula taken off again.
fn unneutralised(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// The IDs of `users`, in order.
fn ids(users: &[Value]) -> Vec<String> {
    users
        .iter()
        .map(|user| user["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Every item of a list endpoint (roles, user attributes) of `emulator`.
fn catalog(emulator: &Emulator, path: &str) -> Result<Vec<Value>> {
    let list = emulator.call("GET", &format!("{path}?limit=100"), None)?;
    Ok(list["data"].as_array().cloned().unwrap_or_default())
}

/// Types `text` into **Find a user** and presses Enter.
async fn find_user(browser: &Browser, text: &str) -> Result<()> {
    let field = browser.find("searchbox", "Find a user").await?;
    field.clear().await?;
    field.send_keys(text).await?;
    browser.press(Key::Enter).await
}

/// Connects, presses **Export CSV** and returns the downloaded file, after
/// checking its name.
async fn export(browser: &Browser, emulator: &Emulator, downloads: &Downloads) -> Result<Export> {
    browser.connect(emulator, &emulator.url).await?;
    browser.click("button", "Export CSV").await?;
    let (name, bytes) = downloads.wait_for_file(browser).await?;
    let expected = format!("portal-{PORTAL}-users-{}.csv", browser.local_date().await?);
    ensure!(
        name == expected,
        "the file is named {name:?}, not {expected:?}"
    );
    Export::parse(&bytes)
}

/// A new browser connected to `emulator` whose **Export CSV** has shown
/// its progress and fetched a first page.
async fn export_a_page(emulator: &Emulator) -> Result<(Browser, Downloads)> {
    let browser = Browser::start().await?;
    let downloads = browser.allow_downloads().await?;
    browser.connect(emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    browser.click("button", "Export CSV").await?;
    browser.find("progressbar", "Exporting users").await?;
    browser
        .wait_until(
            "a page to arrive",
            "/[1-9][0-9]* users fetched/.test(document.body.innerText)",
        )
        .await?;
    Ok((browser, downloads))
}

/// The export of the seeded portal holds exactly the users the API lists,
/// in its order, every field as the API has it, roles and attributes by
/// name; a user named with commas, quotes, a line break, markup, a formula,
/// right-to-left text and emoji comes back intact.
#[tokio::test]
async fn the_export_of_the_seeded_portal_equals_the_api_list() -> Result<()> {
    let emulator = Emulator::start(&[])?;
    let role = catalog(&emulator, "/v1/roles")?[0]["id"].clone();
    let hostile = json!({
        "first_name": "Smith, \"Jo\"\nsecond line <script>alert(1)</script>",
        "last_name": "=HYPERLINK(\"http://x\") مرحبا 👋🏽",
        "email": "hostile.tester@example.com",
        "roles": [role],
    });
    emulator.call("POST", "/_emulator/users", Some(&hostile))?;
    let users = emulator.users()?;
    let roles: HashMap<String, String> = catalog(&emulator, "/v1/roles")?
        .iter()
        .map(|role| {
            (
                role["id"].as_str().unwrap_or_default().to_string(),
                role["name"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let attributes = catalog(&emulator, "/v1/user-attributes")?;

    let browser = Browser::start().await?;
    let downloads = browser.allow_downloads().await?;
    let export = export(&browser, &emulator, &downloads).await?;
    browser.wait_for_text("Saved portal-").await?;
    browser.screenshot("export", "saved").await?;

    let mut header: Vec<String> = FIXED.iter().map(|column| column.to_string()).collect();
    header.extend(
        attributes
            .iter()
            .map(|a| a["name"].as_str().unwrap_or_default().to_string()),
    );
    let read_header: Vec<&str> = export.header.iter().map(|h| unneutralised(h)).collect();
    ensure!(
        read_header == header,
        "the header is {read_header:?}, not {header:?}"
    );
    ensure!(
        export.ids() == ids(&users),
        "the export does not hold the API's users in its order"
    );
    for (user, row) in users.iter().zip(&export.rows) {
        let text = |key: &str| user[key].as_str().unwrap_or_default().to_string();
        for key in [
            "first_name",
            "last_name",
            "email",
            "locale",
            "last_logged_at",
        ] {
            ensure!(
                unneutralised(&row[key]) == text(key),
                "{key} of {} is {:?}, not {:?}",
                text("id"),
                row[key],
                text(key)
            );
        }
        let role_names: Vec<&str> = user["roles"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|id| {
                roles
                    .get(id.as_str().unwrap_or_default())
                    .map(String::as_str)
                    .unwrap_or_default()
            })
            .collect();
        ensure!(
            row["roles"] == role_names.join(";"),
            "roles of {} are {:?}, not {role_names:?}",
            text("id"),
            row["roles"]
        );
        for attribute in &attributes {
            let id = attribute["id"].as_str().unwrap_or_default();
            let values: Vec<&str> = user["attributes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|value| value["id"] == id)
                .filter_map(|value| value["value"].as_str())
                .collect();
            let column = attribute["name"].as_str().unwrap_or_default();
            ensure!(
                unneutralised(&row[column]) == values.join(";"),
                "{column} of {}: {:?}",
                text("id"),
                row[column]
            );
        }
    }
    let last = export.rows.last().context("no rows")?;
    ensure!(
        last["last_name"].starts_with("'="),
        "a formula was not neutralised: {:?}",
        last["last_name"]
    );
    browser.assert_nothing_injected().await?;
    Ok(())
}

/// With a fifth of the requests failing and 60 requests a minute, an
/// export of 6,000 users (more pages than a minute's quota) still holds
/// every user once, in order, and no request was refused for the rate.
#[tokio::test]
async fn an_export_under_faults_and_a_tight_rate_limit_completes() -> Result<()> {
    let args = [
        "--users",
        "6000",
        "--fail-rate",
        "0.2",
        "--rate-limit",
        "60",
    ];
    let emulator = Emulator::start(&args)?;
    // The same seed without faults or a limit: the users to expect.
    let twin = Emulator::start(&["--users", "6000", "--rate-limit", "0"])?;
    let expected = ids(&twin.users()?);
    let mut browser = Browser::start().await?;
    browser.retry_failures = true;
    let downloads = browser.allow_downloads().await?;
    let export = export(&browser, &emulator, &downloads).await?;
    ensure!(
        export.ids() == expected,
        "users missing, repeated or out of order: {} rows for {}",
        export.rows.len(),
        expected.len()
    );
    let requests = emulator.requests()?;
    let refused = requests.iter().filter(|r| r["status"] == 429).count();
    ensure!(
        refused == 0,
        "{refused} requests were refused for the rate limit"
    );
    let failed = requests
        .iter()
        .filter(|r| r["status"].as_u64() >= Some(500))
        .count();
    ensure!(
        failed > 0,
        "the emulator failed no request: the drill proved nothing"
    );
    ensure!(
        requests.len() > 60,
        "{} requests: the walk never had to wait for the quota",
        requests.len()
    );
    Ok(())
}

/// Cancelling an export stops it and offers the users fetched so far: the
/// file holds the first of the API's users, in order.
#[tokio::test]
async fn a_cancelled_export_offers_the_partial_file() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3000", "--latency-ms", "400"])?;
    let all = ids(&emulator.users()?);
    let (browser, downloads) = export_a_page(&emulator).await?;
    browser.screenshot("export", "progress").await?;
    browser.click("button", "Cancel").await?;
    browser.click("button", "Download what was fetched").await?;
    let (_, bytes) = downloads.wait_for_file(&browser).await?;
    browser.screenshot("export", "cancelled").await?;
    let export = Export::parse(&bytes)?;
    ensure!(
        !export.rows.is_empty() && export.rows.len() < all.len(),
        "{} rows after a cancel",
        export.rows.len()
    );
    ensure!(
        export.ids() == all[..export.rows.len()],
        "the partial file is not the API's first users in order"
    );
    ensure!(
        browser
            .try_find("progressbar", "Exporting users")
            .await?
            .is_none(),
        "the export goes on after Cancel"
    );
    Ok(())
}

/// A page that keeps failing stops the export with the error, its request
/// ID and **Copy request ID**; **Retry** goes on from that page, not from
/// the start, and the file holds every user once.
#[tokio::test]
async fn a_failed_export_resumes_from_the_page_that_failed() -> Result<()> {
    let emulator = Emulator::start(&["--users", "2000", "--latency-ms", "300"])?;
    let all = ids(&emulator.users()?);
    let (browser, downloads) = export_a_page(&emulator).await?;
    // One first try and the walk's four retries of the next page.
    emulator.fail_next(5, 500)?;
    // The walk waits 1, 2, 4 and 8 s between its tries.
    tokio::time::sleep(std::time::Duration::from_secs(12)).await;
    browser.find("button", "Copy request ID").await?;
    browser.wait_for_text("The export stopped after").await?;
    browser.find("button", "Download what was fetched").await?;
    browser.screenshot("export", "failed").await?;
    let before = emulator.requests()?.len();
    browser.click("button", "Retry").await?;
    let (_, bytes) = downloads.wait_for_file(&browser).await?;
    let export = Export::parse(&bytes)?;
    ensure!(
        export.ids() == all,
        "after Retry the file does not hold every user once, in order"
    );
    let resumed = &emulator.requests()?[before];
    ensure!(
        resumed["query"]
            .as_str()
            .is_some_and(|q| q.contains("after=")),
        "Retry started again from the first page: {resumed}"
    );
    Ok(())
}

/// A portal without users exports a header-only file, and Find says so.
#[tokio::test]
async fn an_empty_portal_exports_a_header_and_finds_no_one() -> Result<()> {
    let emulator = Emulator::start(&["--users", "0"])?;
    let browser = Browser::start().await?;
    let downloads = browser.allow_downloads().await?;
    let export = export(&browser, &emulator, &downloads).await?;
    ensure!(
        export.rows.is_empty(),
        "{} rows from an empty portal",
        export.rows.len()
    );
    ensure!(
        export.header[..7] == FIXED,
        "the header is {:?}",
        export.header
    );
    find_user(&browser, "anyone").await?;
    browser.wait_for_text("No user matches").await?;
    Ok(())
}

/// Find locates the last user the API lists by a fragment of their email
/// in capitals, and a user by their name without its accents; a result
/// opens the user, whose page leads back to the results; a second search
/// sends no request; Escape clears the search.
#[tokio::test]
async fn find_locates_a_user_on_the_last_page() -> Result<()> {
    let emulator = Emulator::start(&[])?;
    let users = emulator.users()?;
    let last = users.last().context("no users")?;
    let email = last["email"].as_str().context("an email")?;
    let fragment = email.split('@').next().unwrap_or(email).to_uppercase();
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;

    find_user(&browser, &fragment).await?;
    let name = full_name(last);
    browser.find("link", &name).await?;
    browser.wait_for_text("match").await?;
    browser.screenshot("find", "results").await?;
    let listed = |emulator: &Emulator| -> Result<usize> {
        let requests = emulator.requests()?;
        Ok(requests
            .iter()
            .filter(|r| r["path"].as_str().is_some_and(|p| p.ends_with("/users")))
            .count())
    };
    let lists_before = listed(&emulator)?;

    browser.click("link", &name).await?;
    ensure!(
        browser.settled_user().await? == name,
        "the result opened another user"
    );
    browser.click("link", "Back to users").await?;
    browser.find("link", &name).await?;
    ensure!(
        browser.value_of("searchbox", "Find a user").await? == fragment,
        "Back to users lost the search"
    );

    // Accents and case do not matter: the seeded José García, as typed on any keyboard.
    find_user(&browser, "jose garcia").await?;
    browser.find("link", "José García").await?;
    ensure!(
        listed(&emulator)? == lists_before,
        "a search on a fresh walk sent list requests"
    );

    browser.press(Key::Escape).await?;
    browser
        .wait_until(
            "the search to clear",
            "!document.querySelector('.review-results:not([hidden])')",
        )
        .await?;
    ensure!(
        browser
            .value_of("searchbox", "Find a user")
            .await?
            .is_empty(),
        "Escape left the search text"
    );
    browser.settled_rows().await?;
    Ok(())
}
