//! **Import CSV**: a file of good and bad rows creates exactly the good
//! ones, and nothing is sent before **Create N users**; files as Excel,
//! Google Sheets and LibreOffice write them, one with a column mapped by
//! hand, do the same; an import under failures ends with a results file
//! whose failed rows, imported again, complete the job without a
//! duplicate; an import interrupted by a reload resumes without a
//! duplicate; bad files are refused without a write.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::{Browser, CsvFile, Emulator};
use fantoccini::key::Key;
use fantoccini::Locator;

/// Connects to `emulator` and opens **Import users**.
async fn open_import(browser: &Browser, emulator: &Emulator) -> Result<()> {
    browser.connect(emulator, &emulator.url).await?;
    browser.settled_rows().await?;
    reopen_import(browser).await
}

/// Opens **Import users** on the list.
async fn reopen_import(browser: &Browser) -> Result<()> {
    browser.click("button", "Import CSV").await?;
    browser.find("dialog", "Import users").await?;
    Ok(())
}

/// Chooses `file` in the input labelled **CSV file**, as WebDriver sets a
/// file input: its path typed into it.
async fn choose(browser: &Browser, file: &std::path::Path) -> Result<()> {
    let input = browser
        .client
        .find(Locator::XPath(
            "//input[@type='file'][@id=//label[normalize-space()='CSV file']/@for]",
        ))
        .await
        .context("no file input labelled CSV file")?;
    input
        .send_keys(file.to_str().context("a UTF-8 path")?)
        .await?;
    Ok(())
}

/// How many POSTs the emulator has answered.
fn posts(emulator: &Emulator) -> Result<usize> {
    Ok(emulator
        .requests()?
        .iter()
        .filter(|request| request["method"] == "POST")
        .count())
}

/// Waits until the emulator has received `count` creates. A test that
/// injects a fault mid-import waits here rather than for a progress label,
/// which a fast create shows too briefly to be seen reliably.
async fn until_posts(emulator: &Emulator, count: usize) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(30);
    while posts(emulator)? < count {
        ensure!(
            Instant::now() < deadline,
            "the import never sent {count} creates"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}

/// How many users of the portal have each email, lowercase.
fn email_counts(emulator: &Emulator) -> Result<HashMap<String, usize>> {
    let mut counts = HashMap::new();
    for user in emulator.users()? {
        let email = user["email"].as_str().unwrap_or_default().to_lowercase();
        *counts.entry(email).or_insert(0) += 1;
    }
    Ok(counts)
}

/// Fails unless each of `emails` belongs to exactly one user of the portal.
fn each_once(emulator: &Emulator, emails: &[impl AsRef<str>]) -> Result<()> {
    let counts = email_counts(emulator)?;
    for email in emails {
        let found = counts.get(email.as_ref());
        ensure!(found == Some(&1), "{}: {found:?} users", email.as_ref());
    }
    Ok(())
}

/// Waits for `text`, pressing **Retry** on any failure on the way (a
/// fault drill's emulator fails reads at random).
async fn wait_retrying(browser: &Browser, text: &str) -> Result<()> {
    for _ in 0..40 {
        if browser.text().await?.contains(text) {
            return Ok(());
        }
        if browser.try_find("button", "Retry").await?.is_some() {
            browser.click("button", "Retry").await?;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    browser.wait_for_text(text).await
}

/// Presses **Check file** once it can be pressed (the file read, the user
/// attributes in, and First name, Last name and Email mapped), pressing
/// **Retry** on any failure on the way.
async fn check_file(browser: &Browser) -> Result<()> {
    for _ in 0..40 {
        if let Some(check) = browser.try_find("button", "Check file").await? {
            if check.attr("disabled").await?.is_none() {
                check.click().await?;
                return Ok(());
            }
        }
        if browser.try_find("button", "Retry").await?.is_some() {
            browser.click("button", "Retry").await?;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    bail!("Check file stayed off:\n{}", browser.text().await?)
}

/// The field the select of the column named `column` shows.
async fn mapped_to(browser: &Browser, column: &str) -> Result<String> {
    let select = browser.find("combobox", column).await?;
    let text = browser
        .client
        .execute(
            "return arguments[0].selectedOptions[0].textContent;",
            vec![serde_json::to_value(&select)?],
        )
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// A file of `count` good users, `{prefix}{n}@example.com`, and their emails.
fn numbered_users(prefix: &str, count: usize) -> Result<(Vec<String>, CsvFile)> {
    let mut text = String::from("first_name,last_name,email,roles\n");
    let emails: Vec<String> = (0..count)
        .map(|n| format!("{prefix}{n}@example.com"))
        .collect();
    for (n, email) in emails.iter().enumerate() {
        text.push_str(&format!("User,Number {n},{email},Viewer\n"));
    }
    let file = CsvFile::new(&format!("{prefix}.csv"), text.as_bytes())?;
    Ok((emails, file))
}

/// An emulator started with `args`, and a browser that has checked a file
/// of twelve good users (`{prefix}{n}@example.com`) and pressed **Create
/// 12 users**; the file goes when the last value is dropped.
async fn creating_twelve(
    args: &[&str],
    prefix: &str,
) -> Result<(Emulator, Browser, Vec<String>, CsvFile)> {
    let emulator = Emulator::start(args)?;
    let (emails, file) = numbered_users(prefix, 12)?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;
    choose(&browser, &file.0).await?;
    check_file(&browser).await?;
    browser.click("button", "Create 12 users").await?;
    Ok((emulator, browser, emails, file))
}

/// A results file read back: each row's cells by column.
fn read_results(bytes: &[u8]) -> Result<Vec<HashMap<String, String>>> {
    let body = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .context("no BOM")?;
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let header: Vec<String> = reader.headers()?.iter().map(String::from).collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        rows.push(
            header
                .iter()
                .cloned()
                .zip(record?.iter().map(String::from))
                .collect(),
        );
    }
    Ok(rows)
}

/// A file of good and bad rows: **Check file** lists the problems and
/// sends nothing; **Create 3 users** creates exactly the three good rows.
#[tokio::test]
async fn good_and_bad_rows_create_exactly_the_good_ones() -> Result<()> {
    let emulator = Emulator::start(&["--users", "20"])?;
    let taken = emulator.users()?[3]["email"]
        .as_str()
        .context("an email")?
        .to_uppercase();
    let text = format!(
        "\u{feff}first_name;last_name;email;roles;Department;nickname\r\n\
         Ada;Lovelace;ada.import@example.com;Viewer;Engineering;Countess\r\n\
         \"José\";\"García; Jr\";jose.import@example.com;Finance|Marketing;;\r\n\
         Grace;Hopper;grace.import@example.com;viewer;;\r\n\
         Bad;Email;bad@;Viewer;;\r\n\
         Nope;Role;nope.import@example.com;Wizard;;\r\n\
         Twice;Again;ADA.import@example.com;Viewer;;\r\n\
         Already;There;{taken};Viewer;;\r\n\
         ;Nameless;nameless.import@example.com;Viewer;;\r\n"
    );
    let file = CsvFile::new("good-and-bad.csv", text.as_bytes())?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;
    browser.wait_for_text("Up to 5,000 users, 5 MB").await?;
    browser.screenshot("import", "empty").await?;

    choose(&browser, &file.0).await?;
    ensure!(mapped_to(&browser, "nickname").await? == "Ignore this column");
    ensure!(mapped_to(&browser, "Department").await? == "Department");
    ensure!(mapped_to(&browser, "first_name").await? == "First name");
    check_file(&browser).await?;
    browser
        .wait_for_text("8 rows: 3 ready, 5 with problems")
        .await?;
    let page = browser.text().await?;
    for problem in [
        "email: Enter an email address like name@example.com.",
        "Unknown role \"Wizard\"",
        "email repeated in row 2",
        "A user with this email already exists",
        "first_name: Enter a first name.",
    ] {
        ensure!(page.contains(problem), "no {problem:?} in:\n{page}");
    }
    ensure!(posts(&emulator)? == 0, "a POST before Create");
    browser.screenshot("import", "checked").await?;

    let before = emulator.users()?.len();
    browser.click("button", "Create 3 users").await?;
    browser
        .wait_for_text("Created 3, skipped 5, failed 0")
        .await?;
    browser.wait_for_text("Imported 3 users").await?;
    browser.screenshot("import", "finished").await?;

    ensure!(posts(&emulator)? == 3, "{} POSTs", posts(&emulator)?);
    let total = email_counts(&emulator)?.values().sum::<usize>();
    ensure!(
        total == before + 3,
        "the portal has {total} users, not {}",
        before + 3
    );
    each_once(
        &emulator,
        &[
            "ada.import@example.com",
            "jose.import@example.com",
            "grace.import@example.com",
        ],
    )?;
    let jose = emulator
        .users()?
        .into_iter()
        .find(|user| user["email"] == "jose.import@example.com")
        .context("José")?;
    ensure!(jose["last_name"] == "García; Jr", "{jose}");
    ensure!(jose["roles"].as_array().map(Vec::len) == Some(2), "{jose}");

    browser.click("button", "Close").await?;
    ensure!(
        browser.try_find("dialog", "Import users").await?.is_none(),
        "the dialog stayed open"
    );
    let focused = browser.focused().await?;
    ensure!(focused == "Import CSV", "the focus went to {focused:?}");

    // Find a user walks the portal again and finds a user just imported.
    let field = browser.find("searchbox", "Find a user").await?;
    field.send_keys("grace.import").await?;
    browser.press(Key::Enter).await?;
    browser.wait_for_text("1 user matches").await?;
    Ok(())
}

/// Under a 20 % failure rate the import ends with a results file; fed back,
/// its failed rows are created and the rest skipped as existing, until the
/// portal holds every email exactly once.
#[tokio::test]
async fn failed_rows_imported_again_complete_the_job_without_duplicates() -> Result<()> {
    let emulator = Emulator::start(&["--users", "10", "--fail-rate", "0.2"])?;
    let (emails, mut file) = numbered_users("retry", 30)?;
    let mut browser = Browser::start().await?;
    browser.retry_failures = true;
    open_import(&browser, &emulator).await?;

    let mut failures_seen = 0;
    for round in 1..=6 {
        choose(&browser, &file.0).await?;
        check_file(&browser).await?;
        wait_retrying(&browser, " ready, ").await?;
        let create = browser
            .eval("return Array.from(document.querySelectorAll('button'), b => b.textContent).find(t => /^Create \\d+ users?$/.test(t)) || null;")
            .await?;
        let Some(create) = create.as_str() else {
            // Nothing left to create: every row exists.
            break;
        };
        let downloads = browser.allow_downloads().await?;
        browser.click("button", create).await?;
        browser.find("button", "Download results").await?;
        if round == 1 {
            browser.screenshot("import-faults", "finished").await?;
        }
        browser.click("button", "Download results").await?;
        let (name, mut bytes) = downloads.wait_for_file(&browser).await?;
        // Chromium may show the file by its name before its bytes are in.
        for _ in 0..50 {
            if !bytes.is_empty() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            bytes = std::fs::read(downloads.dir.join(&name))?;
        }
        ensure!(
            name == format!("demo-import-results-{}.csv", browser.local_date().await?),
            "the results file is named {name:?}"
        );
        let rows = read_results(&bytes)?;
        ensure!(rows.len() == 30, "{} rows in the results", rows.len());
        let failed = rows.iter().filter(|row| row["status"] == "failed").count();
        for row in rows.iter().filter(|row| row["status"] == "failed") {
            ensure!(
                !row["request_id"].is_empty(),
                "a failure without a request ID: {row:?}"
            );
        }
        failures_seen += failed;
        // The whole results file goes back in: created rows are skipped as existing.
        file = CsvFile::new(&format!("faults-round-{round}.csv"), &bytes)?;
        browser.click("button", "Close").await?;
        reopen_import(&browser).await?;
    }
    ensure!(
        failures_seen > 0,
        "no create failed: the drill proved nothing"
    );
    each_once(&emulator, &emails)?;
    Ok(())
}

/// A reload mid-import offers **Resume import**; the row in flight is looked
/// up before anything else is sent, and every email ends in the portal once.
#[tokio::test]
async fn an_import_interrupted_by_a_reload_resumes_without_duplicates() -> Result<()> {
    // Each answer comes 600 ms after its create was applied: the reload
    // below loses the answer of a user the portal already has.
    let (emulator, browser, emails, _file) =
        creating_twelve(&["--users", "5", "--answer-delay-ms", "600"], "resume").await?;
    browser.find("progressbar", "Creating 5 of 12").await?;
    // Escape does not close the dialog while it creates.
    browser.expect_escape_refused().await?;
    browser.find("button", "Pause").await?;
    browser.screenshot("import", "running").await?;
    browser.client.refresh().await?;
    let in_flight = browser
        .eval("return sessionStorage.getItem('portal-admin.import.progress').split('\\n')[0];")
        .await?;
    ensure!(
        in_flight.as_str().is_some_and(|row| !row.is_empty()),
        "no create was in flight at the reload: {in_flight}"
    );

    browser.find("button", "Resume import").await?;
    browser.screenshot("import", "resume-notice").await?;
    browser.click("button", "Resume import").await?;
    browser.find("dialog", "Import users").await?;
    browser
        .wait_for_text("Created 12, skipped 0, failed 0")
        .await?;
    each_once(&emulator, &emails)?;
    // Nothing is left to resume.
    browser.click("button", "Close").await?;
    browser.client.refresh().await?;
    browser.settled_rows().await?;
    ensure!(
        browser.try_find("button", "Resume import").await?.is_none(),
        "a finished import is offered again"
    );
    Ok(())
}

/// The key refused mid-import (a 401 for one create): the console signs
/// out, nothing is marked failed, and after connecting again **Resume
/// import** finishes the job with every user created once.
#[tokio::test]
async fn a_key_refused_mid_import_resumes_after_connecting_again() -> Result<()> {
    let (emulator, browser, emails, _file) =
        creating_twelve(&["--users", "5", "--latency-ms", "300"], "refused").await?;
    until_posts(&emulator, 3).await?;
    emulator.fail_next(1, 401)?;
    browser
        .wait_for_text("The API no longer accepts this key (401).")
        .await?;
    browser
        .submit_connect(&emulator.url, "demo", "sk:demo")
        .await?;
    browser.click("button", "Resume import").await?;
    browser
        .wait_for_text("Created 12, skipped 0, failed 0")
        .await?;
    each_once(&emulator, &emails)?;
    let refused = emulator
        .requests()?
        .iter()
        .filter(|request| request["method"] == "POST" && request["status"] == 401)
        .count();
    ensure!(refused == 1, "{refused} creates refused, expected 1");
    Ok(())
}

/// A key that may not create users (a 403 mid-import) ends the import
/// there: that row fails, the rest are not sent, and say why.
#[tokio::test]
async fn a_403_ends_the_import_without_sending_the_rest() -> Result<()> {
    let (emulator, browser, _emails, _file) =
        creating_twelve(&["--users", "5", "--latency-ms", "300"], "forbidden").await?;
    until_posts(&emulator, 3).await?;
    emulator.fail_next(1, 403)?;
    browser
        .wait_for_text("not sent: the key may not create users (HTTP 403)")
        .await?;
    // The create the 403 met is the one in flight or the next: count.
    let created = emulator
        .requests()?
        .iter()
        .filter(|r| r["method"] == "POST" && r["status"] == 200)
        .count();
    browser
        .wait_for_text(&format!(
            "Created {created}, skipped {}, failed 1",
            11 - created
        ))
        .await?;
    ensure!(posts(&emulator)? == created + 1, "a POST after the 403");
    Ok(())
}

/// Under a quota of 10 requests a minute the creates soon wait for it,
/// which the dialog says; **Cancel** ends that wait at once (not a minute
/// later), the rows not sent end as skipped, and nothing was refused.
#[tokio::test]
async fn cancel_ends_a_wait_for_the_quota_at_once() -> Result<()> {
    let (emulator, browser, _emails, _file) =
        creating_twelve(&["--users", "5", "--rate-limit", "10"], "quota").await?;
    browser
        .wait_for_text("Waiting for the API's rate limit: going on in")
        .await?;
    browser.screenshot("import", "quota-wait").await?;
    let created = posts(&emulator)?;
    browser.click("button", "Cancel").await?;
    // Within the e2e wait of 20 s, well before the minute's quota resets.
    browser
        .wait_for_text(&format!(
            "Created {created}, skipped {}, failed 0",
            12 - created
        ))
        .await?;
    ensure!(posts(&emulator)? == created, "a create after Cancel");
    ensure!(
        emulator
            .requests()?
            .iter()
            .all(|request| request["status"] != 429),
        "a request past the quota: {:?}",
        emulator.requests()?
    );
    Ok(())
}

/// A file whose columns fill no email: the mapping says so and **Check
/// file** stays off; a file over 5,000 rows is refused as a whole, saying
/// why. Nothing is sent.
#[tokio::test]
async fn bad_files_are_refused_without_a_write() -> Result<()> {
    let emulator = Emulator::start(&["--users", "3"])?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;

    let missing = CsvFile::new(
        "missing.csv",
        b"first_name,last_name,phone\nA,B,+33 1 23 45 67 89\n",
    )?;
    choose(&browser, &missing.0).await?;
    browser.wait_for_text("Map a column to Email").await?;
    browser.screenshot("import", "bad-file").await?;
    let check = browser.find("button", "Check file").await?;
    ensure!(check.attr("disabled").await?.is_some(), "Check file is on");

    let mut text = String::from("first_name,last_name,email,roles\n");
    for n in 0..5001 {
        text.push_str(&format!("A,B,many{n}@example.com,Viewer\n"));
    }
    let many = CsvFile::new("many.csv", text.as_bytes())?;
    choose(&browser, &many.0).await?;
    browser
        .wait_for_text("The file has more than 5,000 rows.")
        .await?;
    ensure!(posts(&emulator)? == 0, "a POST for a bad file");
    Ok(())
}

/// Checks the file chosen in **Import users** and creates its rows: fails
/// unless the dry run says `dry_run`, nothing was written before
/// **Create**, and the portal gains exactly the users of `good`, once
/// each. Closes the dialog.
async fn create_exactly(
    browser: &Browser,
    emulator: &Emulator,
    dry_run: &str,
    good: &[&str],
) -> Result<()> {
    let (users, writes) = (emulator.users()?.len(), posts(emulator)?);
    check_file(browser).await?;
    browser.wait_for_text(dry_run).await?;
    ensure!(posts(emulator)? == writes, "a POST before Create");
    let create = if good.len() == 1 {
        "Create 1 user".to_owned()
    } else {
        format!("Create {} users", good.len())
    };
    browser.click("button", &create).await?;
    browser.find("button", "Download results").await?;
    let page = browser.text().await?;
    ensure!(
        page.contains(&format!("Created {}, ", good.len())) && page.contains(", failed 0"),
        "{page}"
    );
    ensure!(posts(emulator)? == writes + good.len(), "a POST too many");
    let now = emulator.users()?.len();
    ensure!(
        now == users + good.len(),
        "{now} users, not {}",
        users + good.len()
    );
    each_once(emulator, good)?;
    browser.click("button", "Close").await?;
    Ok(())
}

/// The user of the portal with `email`.
fn user(emulator: &Emulator, email: &str) -> Result<serde_json::Value> {
    emulator
        .users()?
        .into_iter()
        .find(|user| user["email"] == email)
        .with_context(|| format!("no user {email}"))
}

/// Excel's three ways to save: "CSV UTF-8" (a BOM, CRLF), "CSV (Comma
/// delimited)" in Windows-1252, and "Unicode Text" (UTF-16 LE with a BOM,
/// tab-separated). Each is mapped by its headers alone, keeps its accents
/// and creates exactly its good row.
#[tokio::test]
async fn excel_files_in_each_encoding_create_their_good_rows() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;

    let utf8 = CsvFile::new(
        "excel-utf8.csv",
        "\u{feff}First name,Last name,E-mail,Role\r\n\
         Zoë,Ångström,zoe.excel@example.com,Viewer\r\n\
         No,Email,,Viewer\r\n"
            .as_bytes(),
    )?;
    choose(&browser, &utf8.0).await?;
    ensure!(mapped_to(&browser, "E-mail").await? == "Email");
    ensure!(!browser.text().await?.contains("Windows-1252"));
    create_exactly(
        &browser,
        &emulator,
        "2 rows: 1 ready, 1 with problems",
        &["zoe.excel@example.com"],
    )
    .await?;

    reopen_import(&browser).await?;
    let windows_1252 = CsvFile::new(
        "excel-1252.csv",
        b"First name,Last name,Email address,Roles\r\n\
          Ren\xE9,M\xFCller,rene.excel@example.com,Viewer\r\n\
          Bad,Role,bad.role.excel@example.com,Wizard\r\n",
    )?;
    choose(&browser, &windows_1252.0).await?;
    browser
        .wait_for_text("Read as Windows-1252 (Western European): check the accents below")
        .await?;
    browser.wait_for_text("e.g. René").await?;
    browser.screenshot("import", "windows-1252").await?;
    create_exactly(
        &browser,
        &emulator,
        "2 rows: 1 ready, 1 with problems",
        &["rene.excel@example.com"],
    )
    .await?;
    let rene = user(&emulator, "rene.excel@example.com")?;
    ensure!(
        rene["first_name"] == "René" && rene["last_name"] == "Müller",
        "{rene}"
    );

    reopen_import(&browser).await?;
    let text = "Given name\tSurname\tMail\tRoles\r\n\
                José\tGarcía\tjose.excel@example.com\tFinance, Marketing\r\n\
                Bad\tMail\tjose.excel@\tViewer\r\n";
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let unicode_text = CsvFile::new("excel-unicode.txt", &utf16)?;
    choose(&browser, &unicode_text.0).await?;
    ensure!(mapped_to(&browser, "Surname").await? == "Last name");
    create_exactly(
        &browser,
        &emulator,
        "2 rows: 1 ready, 1 with problems",
        &["jose.excel@example.com"],
    )
    .await?;
    let jose = user(&emulator, "jose.excel@example.com")?;
    ensure!(jose["last_name"] == "García", "{jose}");
    ensure!(jose["roles"].as_array().map(Vec::len) == Some(2), "{jose}");
    Ok(())
}

/// Google Sheets' download: no BOM, LF, the sheet's empty columns after
/// the last one, roles listed with commas. The empty columns get no
/// select, the passwords stay off the screen, and the good rows are
/// created.
#[tokio::test]
async fn a_google_sheets_file_creates_its_good_rows() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;
    let file = CsvFile::new(
        "sheets.csv",
        b"First Name,Last Name,Email Address,Roles,Department,Password,,\n\
          Ada,Lovelace,ada.sheets@example.com,\"Finance, Marketing\",Engineering,Analytical-Engine-1843,,\n\
          Grace,Hopper,grace.sheets@example.com,Viewer,,,,\n\
          Bad,Row,bad.sheets@,Viewer,,,,\n",
    )?;
    choose(&browser, &file.0).await?;
    ensure!(mapped_to(&browser, "Department").await? == "Department");
    browser.wait_for_text("Not shown: a password").await?;
    ensure!(!browser.text().await?.contains("Analytical-Engine-1843"));
    for blank in ["Column G", "Column H"] {
        ensure!(
            browser.try_find("combobox", blank).await?.is_none(),
            "a select for the empty {blank}"
        );
    }
    create_exactly(
        &browser,
        &emulator,
        "3 rows: 2 ready, 1 with problems",
        &["ada.sheets@example.com", "grace.sheets@example.com"],
    )
    .await?;
    let ada = user(&emulator, "ada.sheets@example.com")?;
    ensure!(ada["roles"].as_array().map(Vec::len) == Some(2), "{ada}");
    Ok(())
}

/// LibreOffice's CSV: semicolons, quoted cells holding separators and
/// newlines, and a header the console does not know ("Work address"):
/// **Check file** stays off with "Map a column to Email" until that column
/// is mapped by hand; a field mapped from two columns is refused until one
/// is ignored again. Then exactly the good rows are created.
#[tokio::test]
async fn a_libreoffice_file_with_a_column_mapped_by_hand() -> Result<()> {
    let emulator = Emulator::start(&["--users", "5"])?;
    let browser = Browser::start().await?;
    open_import(&browser, &emulator).await?;
    let file = CsvFile::new(
        "libreoffice.csv",
        "First name;Last name;Work address;Roles;Notes\n\
         \"José\";\"García; Jr\";jose.libre@example.com;Viewer;\"Met at the fair;\nfollow up, soon\"\n\
         Ada;Lovelace;ada.libre@example.com;\"Finance; Marketing\";\n\
         Nope;Role;nope.libre@example.com;Wizard;\n"
            .as_bytes(),
    )?;
    choose(&browser, &file.0).await?;
    browser.wait_for_text("Map a column to Email").await?;
    ensure!(mapped_to(&browser, "Work address").await? == "Ignore this column");
    let check = browser.find("button", "Check file").await?;
    ensure!(check.attr("disabled").await?.is_some(), "Check file is on");
    browser.screenshot("import", "mapping").await?;

    let work_address = browser.find("combobox", "Work address").await?;
    work_address.select_by_label("Email").await?;
    let notes = browser.find("combobox", "Notes").await?;
    notes.select_by_label("Email").await?;
    browser
        .wait_for_text("Email is mapped from 2 columns: \"Work address\" and \"Notes\".")
        .await?;
    ensure!(check.attr("disabled").await?.is_some(), "Check file is on");
    notes.select_by_label("Ignore this column").await?;
    ensure!(!browser.text().await?.contains("Map a column to"));
    create_exactly(
        &browser,
        &emulator,
        "3 rows: 2 ready, 1 with problems",
        &["jose.libre@example.com", "ada.libre@example.com"],
    )
    .await?;
    let jose = user(&emulator, "jose.libre@example.com")?;
    ensure!(jose["last_name"] == "García; Jr", "{jose}");
    Ok(())
}
