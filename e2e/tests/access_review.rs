//! The access review: each Last login choice and an Email domain show as
//! many users as the emulator holds by the same clock; the review is an
//! address (reload, Back, Forward); sorting by Last login puts "never"
//! first; **Export matching** downloads exactly the matches; **Select all
//! N matching** then **Delete selected** deletes exactly those, and the
//! counts follow without a new walk.

use std::collections::HashSet;

use anyhow::{ensure, Context, Result};
use e2e::{Browser, Emulator, PORTAL};
use fantoccini::key::Key;
use serde_json::{json, Value};

/// The Last login choices by their `login=` value, with their words.
const CHOICES: [(&str, &str); 5] = [
    ("never", "Never logged in"),
    ("30d", "No login in 30 days"),
    ("90d", "No login in 90 days"),
    ("365d", "No login in a year"),
    ("recent", "Logged in within 30 days"),
];

/// For each user of the emulator, in the API's order, the Last login
/// choices (their `login=` values) it passes by the browser's clock now,
/// computed in the page from the API's own `last_logged_at`.
async fn passing(browser: &Browser, users: &[Value]) -> Result<Vec<Vec<String>>> {
    let logins: Vec<&Value> = users.iter().map(|u| &u["last_logged_at"]).collect();
    let script = r#"
        const [logins] = arguments;
        const day = 86400000, now = Date.now();
        return logins.map((at) => {
            const ago = at === null ? null : now - Date.parse(at);
            const passes = [];
            if (ago === null) passes.push('never');
            if (ago === null || ago >= 30 * day) passes.push('30d');
            if (ago === null || ago >= 90 * day) passes.push('90d');
            if (ago === null || ago >= 365 * day) passes.push('365d');
            if (ago !== null && ago < 30 * day) passes.push('recent');
            return passes;
        });
    "#;
    let value = browser.client.execute(script, vec![json!(logins)]).await?;
    Ok(serde_json::from_value(value)?)
}

/// What the status says for `count` matches.
fn match_text(count: usize) -> String {
    match count {
        0 => "No user matches".to_owned(),
        1 => "1 user matches".to_owned(),
        n => format!("{n} users match"),
    }
}

/// The domain of an email as the review reads it.
fn domain(user: &Value) -> String {
    let email = user["email"].as_str().unwrap_or_default();
    email
        .rsplit_once('@')
        .map(|(_, d)| d.to_lowercase())
        .unwrap_or_default()
}

/// Chooses `value` in **Last login**.
async fn choose_login(browser: &Browser, value: &str) -> Result<()> {
    browser
        .find("combobox", "Last login")
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

/// Types `domain` into **Email domain** and presses Enter.
async fn type_domain(browser: &Browser, domain: &str) -> Result<()> {
    let field = browser.find("combobox", "Email domain").await?;
    field.clear().await?;
    field.send_keys(domain).await?;
    browser.press(Key::Enter).await
}

/// The text of the option of **Last login** whose value is `value`.
async fn option_text(browser: &Browser, value: &str) -> Result<String> {
    let text = browser
        .eval(&format!(
            "return document.querySelector('#last-login option[value=\"{value}\"]').textContent.trim();"
        ))
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// The `aria-sort` of the results' header that holds the button `name`.
async fn aria_sort(browser: &Browser, name: &str) -> Result<String> {
    let value = browser
        .client
        .execute(
            "return [...document.querySelectorAll('.review-results th button.sort')].find((b) => b.firstChild.textContent.trim() === arguments[0]).closest('th').getAttribute('aria-sort');",
            vec![json!(name)],
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

/// The Last login cells of the results' page shown, top to bottom.
async fn login_cells(browser: &Browser) -> Result<Vec<String>> {
    let cells = browser
        .eval("return Array.from(document.querySelectorAll('.review-results tbody td.login'), (td) => td.textContent.trim());")
        .await?;
    Ok(serde_json::from_value(cells)?)
}

/// The requests for a page of the users list the emulator has answered.
fn list_requests(emulator: &Emulator) -> Result<usize> {
    Ok(emulator
        .requests()?
        .iter()
        .filter(|r| {
            r["method"] == "GET" && r["path"].as_str().is_some_and(|p| p.ends_with("/users"))
        })
        .count())
}

/// Each Last login choice and a domain show the emulator's counts; the
/// choices' counts are in the select; the review survives a reload and
/// Back and Forward step through it; Last login sorts "never" first.
#[tokio::test]
async fn filters_count_what_the_emulator_holds_and_the_review_is_an_address() -> Result<()> {
    let emulator = Emulator::start(&["--users", "300"])?;
    let users = emulator.users()?;
    let browser = Browser::start().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    browser.screenshot("access-review", "toolbar").await?;

    for (value, words) in CHOICES {
        choose_login(&browser, value).await?;
        let expected = passing(&browser, &users)
            .await?
            .iter()
            .filter(|passes| passes.iter().any(|p| p == value))
            .count();
        browser.wait_for_text(&match_text(expected)).await?;
        let option = option_text(&browser, value).await?;
        ensure!(
            option == format!("{words} ({expected})"),
            "the option reads {option:?}, {expected} expected"
        );
    }
    browser.screenshot("access-review", "recent").await?;

    choose_login(&browser, "").await?;
    let acme = users.iter().filter(|u| domain(u) == "acme.example").count();
    type_domain(&browser, "ACME.example").await?;
    browser.wait_for_text(&match_text(acme)).await?;
    let suggested = browser
        .eval("return document.querySelector('#email-domains option[value=\"acme.example\"]').textContent;")
        .await?;
    ensure!(
        suggested == json!(format!("acme.example ({acme})")),
        "the suggestion reads {suggested}, {acme} expected"
    );

    choose_login(&browser, "90d").await?;
    let passes = passing(&browser, &users).await?;
    let stale = users
        .iter()
        .zip(&passes)
        .filter(|(u, p)| domain(u) == "acme.example" && p.iter().any(|p| p == "90d"))
        .count();
    browser.wait_for_text(&match_text(stale)).await?;

    browser.click("button", "Last login").await?;
    browser
        .wait_until("the sort", "location.search.includes('sort=login')")
        .await?;
    ensure!(
        aria_sort(&browser, "Last login").await? == "ascending",
        "ascending"
    );
    ensure!(
        aria_sort(&browser, "Name").await? == "none",
        "Name unsorted"
    );
    let cells = login_cells(&browser).await?;
    ensure!(
        cells.first().map(String::as_str) == Some("Never"),
        "never first: {cells:?}"
    );
    browser.screenshot("access-review", "sorted").await?;
    browser.click("button", "Last login").await?;
    browser
        .wait_until("the sort", "location.search.includes('sort=-login')")
        .await?;
    ensure!(
        aria_sort(&browser, "Last login").await? == "descending",
        "descending"
    );
    let cells = login_cells(&browser).await?;
    ensure!(
        cells.first().is_some_and(|c| c != "Never"),
        "the latest first: {cells:?}"
    );

    browser.client.refresh().await?;
    browser.wait_for_text(&match_text(stale)).await?;
    let search = browser.eval("return location.search;").await?;
    let search = search.as_str().context("a query")?;
    for pair in ["login=90d", "domain=ACME.example", "sort=-login"] {
        ensure!(search.contains(pair), "{search} lost {pair} on reload");
    }
    ensure!(
        browser.value_of("combobox", "Last login").await? == "90d",
        "the select after reload"
    );
    ensure!(
        browser.value_of("combobox", "Email domain").await? == "ACME.example",
        "the domain after reload"
    );
    ensure!(
        aria_sort(&browser, "Last login").await? == "descending",
        "the sort after reload"
    );

    browser.client.back().await?;
    browser
        .wait_until(
            "Back",
            "location.search.includes('sort=login') && !location.search.includes('-login')",
        )
        .await?;
    browser
        .wait_until(
            "the sort to follow",
            "document.querySelector('.review-results th[aria-sort=ascending]')",
        )
        .await?;
    browser.client.back().await?;
    browser
        .wait_until("Back again", "!location.search.includes('sort=')")
        .await?;
    browser.client.back().await?;
    browser
        .wait_until("Back to any time", "!location.search.includes('login=')")
        .await?;
    browser.wait_for_text(&match_text(acme)).await?;
    ensure!(
        browser.value_of("combobox", "Last login").await?.is_empty(),
        "Back reset the select"
    );
    browser.client.forward().await?;
    browser.wait_for_text(&match_text(stale)).await?;

    // A bad value is ignored: the list as the API pages it.
    browser
        .client
        .goto(&format!("{}/users?login=soon&sort=age", emulator.url))
        .await?;
    let rows = browser.settled_rows().await?;
    ensure!(
        rows.len() == 25,
        "a bad review shows the API's page: {rows:?}"
    );
    Ok(())
}

/// **Export matching** holds exactly the matches and is named for the
/// review; **Select all N matching** then **Delete selected** deletes
/// exactly them, and the counts follow without a new walk.
#[tokio::test]
async fn export_and_delete_exactly_the_matches() -> Result<()> {
    let emulator = Emulator::start(&["--users", "300"])?;
    let users = emulator.users()?;
    let browser = Browser::start().await?;
    let downloads = browser.allow_downloads().await?;
    browser.connect(&emulator, &emulator.url).await?;
    browser.settled_rows().await?;

    choose_login(&browser, "never").await?;
    type_domain(&browser, "acme.example").await?;
    let chosen: Vec<&Value> = users
        .iter()
        .filter(|u| u["last_logged_at"].is_null() && domain(u) == "acme.example")
        .collect();
    ensure!(chosen.len() > 1, "the seed has {} such users", chosen.len());
    let ids: HashSet<&str> = chosen.iter().filter_map(|u| u["id"].as_str()).collect();
    browser.wait_for_text(&match_text(chosen.len())).await?;

    browser.click("button", "Export matching").await?;
    let (name, bytes) = downloads.wait_for_file(&browser).await?;
    let expected = format!(
        "portal-{PORTAL}-users-never-logged-in-domain-acme.example-{}.csv",
        browser.local_date().await?
    );
    ensure!(
        name == expected,
        "the file is named {name:?}, not {expected:?}"
    );
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).context("a BOM")?;
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let exported: Vec<String> = reader
        .records()
        .map(|r| Ok(r?.get(0).unwrap_or_default().to_owned()))
        .collect::<Result<_>>()?;
    ensure!(
        exported.len() == ids.len() && exported.iter().all(|id| ids.contains(id.as_str())),
        "the file holds {exported:?}, not the {} matches",
        ids.len()
    );
    browser.screenshot("access-review", "exported").await?;

    let lists = list_requests(&emulator)?;
    let n = chosen.len();
    browser
        .click("button", &format!("Select all {n} matching"))
        .await?;
    browser.wait_for_text(&format!("{n} selected")).await?;
    browser.screenshot("access-review", "selected").await?;
    browser.click("button", "Delete selected").await?;
    browser
        .find("alertdialog", &format!("Delete {n} users?"))
        .await?;
    browser
        .click("button", &format!("Delete {n} users"))
        .await?;
    browser.wait_for_text("No user matches").await?;
    browser
        .wait_until(
            "the dialog to close",
            "!document.querySelector('[role=alertdialog]')",
        )
        .await?;
    ensure!(
        option_text(&browser, "never").await? == "Never logged in (0)",
        "the count did not follow the deletes"
    );
    // Counted before `emulator.users()`, which lists the users through the API.
    ensure!(
        list_requests(&emulator)? == lists,
        "the deletes brought a new walk or page"
    );
    let left = emulator.users()?;
    ensure!(
        left.len() == users.len() - n,
        "{} users left of {}",
        left.len(),
        users.len()
    );
    ensure!(
        left.iter()
            .all(|u| !ids.contains(u["id"].as_str().unwrap_or_default())),
        "a chosen user is still there"
    );
    Ok(())
}
