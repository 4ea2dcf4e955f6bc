//! The e2e harness: the release build served by `portal-emulator`, driven in
//! headless Chromium through chromedriver, one fresh browser per scenario.
//!
//! `cargo xtask test` builds `dist/` and the emulator and passes their paths
//! in `PORTAL_DIST`, `PORTAL_EMULATOR_BIN` and `CHROMEDRIVER`, and the
//! project's root in `PORTAL_PROJECT` (`cargo xtask dev` runs in a copy of
//! it: `tests/dev_build.rs`). Elements are
//! found by role and accessible name, as an administrator (or a screen
//! reader) finds them, never by CSS class.

pub mod cdp;
pub mod control;
pub mod downloads;
pub mod journeys;
mod screenshots;

use std::ffi::OsString;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long a lookup or a wait gives the console (a rate-limit countdown
/// and three retries fit in it).
const WAIT: Duration = Duration::from_secs(20);

/// The portal and key the emulator accepts by default.
pub const PORTAL: &str = "demo";
pub const KEY: &str = "sk:demo";

/// The Chromium flags this machine needs (root, no GPU, closed network).
const CHROME_ARGS: [&str; 8] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
];

fn env_path(name: &str) -> Result<PathBuf> {
    std::env::var_os(name)
        .map(PathBuf::from)
        .with_context(|| format!("{name} is not set: run the e2e suite with `cargo xtask test`"))
}

/// chromedriver, in a process group of its own that the Chromium it starts
/// joins: the whole group is killed when dropped. Killing chromedriver
/// alone (it gets no chance to end its session) left that Chromium running,
/// one browser per scenario, until the machine ran out of memory.
struct Driver(Child);

impl Driver {
    fn start(port: u16) -> Result<Driver> {
        let child = Command::new(env_path("CHROMEDRIVER")?)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("starting chromedriver")?;
        Ok(Driver(child))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        kill_group(&mut self.0);
    }
}

/// Kills `leader` and every process of the group it leads (it was spawned
/// with `process_group(0)`), then reaps it.
pub fn kill_group(leader: &mut Child) {
    // The group's ID is its leader's process ID.
    if let Ok(group) = i32::try_from(leader.id()) {
        // SAFETY: kill(2) only sends a signal; a negative ID names the group.
        unsafe { libc::kill(-group, libc::SIGKILL) };
    }
    let _ = leader.wait();
}

/// The emulator serving the release build and the API on one origin (or,
/// started with [`Emulator::start_api`], the API alone).
pub struct Emulator {
    process: emulator_launcher::Emulator,
    /// Its URL, the console's too, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

impl Emulator {
    /// Starts the emulator on a free port, seeded, with extra `args`.
    pub fn start(args: &[&str]) -> Result<Emulator> {
        Emulator::start_at("127.0.0.1:0", args)
    }

    /// Starts the emulator listening on `addr` (to bring one back on the
    /// port a stopped one used).
    pub fn start_at(addr: &str, args: &[&str]) -> Result<Emulator> {
        Emulator::spawn(addr, Some(env_path("PORTAL_DIST")?), args)
    }

    /// Starts an emulator that serves the API alone, on a free port: the
    /// benchmark serves the apps itself.
    pub fn start_api(args: &[&str]) -> Result<Emulator> {
        Emulator::spawn("127.0.0.1:0", None, args)
    }

    fn spawn(addr: &str, site: Option<PathBuf>, args: &[&str]) -> Result<Emulator> {
        let mut all: Vec<OsString> = Vec::new();
        if let Some(site) = site {
            all.extend(["--static".into(), site.into()]);
        }
        all.extend(args.iter().map(OsString::from));
        let process =
            emulator_launcher::Emulator::start(&env_path("PORTAL_EMULATOR_BIN")?, addr, &all)
                .context("starting the emulator")?;
        let url = process.url.clone();
        Ok(Emulator { process, url })
    }

    /// The address it listens on, e.g. `127.0.0.1:40123`.
    pub fn addr(&self) -> &str {
        self.process.addr()
    }

    /// Calls the emulator directly, with the demo key (see [`control::call`]).
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
        control::call(&self.url, method, path, body)
    }

    /// Makes the emulator's next `count` API requests fail with `status`
    /// (`POST /_emulator/fail-next`).
    pub fn fail_next(&self, count: u32, status: u16) -> Result<()> {
        let body = serde_json::json!({ "count": count, "status": status });
        self.call("POST", "/_emulator/fail-next", Some(&body))?;
        Ok(())
    }

    /// Every API request the emulator has answered so far, oldest first:
    /// `{"method", "path", "query", "status"}`.
    pub fn requests(&self) -> Result<Vec<Value>> {
        let log = self.call("GET", "/_emulator/requests", None)?;
        Ok(log.as_array().cloned().unwrap_or_default())
    }

    /// The full names of every user, oldest first, as the list shows them.
    pub fn user_names(&self) -> Result<Vec<String>> {
        Ok(self.users()?.iter().map(full_name).collect())
    }

    /// Every user of the portal, oldest first, read page by page.
    pub fn users(&self) -> Result<Vec<Value>> {
        let mut users = Vec::new();
        let mut after = String::new();
        loop {
            let path = format!("/v1/partner-portals/{PORTAL}/users?limit=100&after={after}");
            let page = self.call("GET", &path, None)?;
            users.extend(page["data"].as_array().cloned().unwrap_or_default());
            match page["paging"]["next"]["after"].as_str() {
                Some(next) if !next.is_empty() => after = encode(next),
                _ => return Ok(users),
            }
        }
    }
}

/// A user's name as the console shows it: first and last, skipping empty parts.
pub fn full_name(user: &Value) -> String {
    [&user["first_name"], &user["last_name"]]
        .iter()
        .filter_map(|part| part.as_str().map(str::trim))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Percent-encodes a cursor for a query string.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A CSV file of the test's own in the temporary folder, to choose in
/// **Import users**; removed when dropped.
pub struct CsvFile(pub PathBuf);

impl CsvFile {
    /// Writes `bytes` to a file named after `name` and this process.
    pub fn new(name: &str, bytes: &[u8]) -> Result<CsvFile> {
        let path =
            std::env::temp_dir().join(format!("portal-admin-e2e-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes)?;
        Ok(CsvFile(path))
    }
}

impl Drop for CsvFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// A fresh headless Chromium session (so session storage starts empty).
pub struct Browser {
    _driver: Driver,
    /// The WebDriver client.
    pub client: Client,
    /// Whether API failures are expected (a fault drill): the waits then
    /// check that each error shows a request ID and press **Retry**.
    pub retry_failures: bool,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a new browser session.
    pub async fn start() -> Result<Browser> {
        Browser::start_with_args(&[]).await
    }

    /// Like [`Browser::start`], with Chromium flags beyond [`CHROME_ARGS`]
    /// (the benchmark turns on precise memory figures and `window.gc()`).
    pub async fn start_with_args(extra_args: &[&str]) -> Result<Browser> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Driver::start(port)?;
        let mut caps = serde_json::Map::new();
        let args: Vec<&str> = CHROME_ARGS.iter().chain(extra_args).copied().collect();
        caps.insert("goog:chromeOptions".into(), json!({ "args": args }));
        let deadline = Instant::now() + WAIT;
        let client = loop {
            match ClientBuilder::rustls()?
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => bail!("chromedriver did not start a session: {e}"),
            }
        };
        client.set_window_size(1280, 800).await?;
        // Copy buttons write to the clipboard, which headless Chromium
        // refuses unless granted.
        let clipboard = json!({ "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] });
        cdp::execute(&client, "Browser.grantPermissions", clipboard).await?;
        Ok(Browser {
            _driver: driver,
            client,
            retry_failures: false,
        })
    }

    /// The element with this ARIA role and accessible name, once it is shown.
    pub async fn find(&self, role: &str, name: &str) -> Result<Element> {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(element) = self.try_find(role, name).await? {
                return Ok(element);
            }
            if Instant::now() > deadline {
                bail!("no visible {role} named {name:?} within {WAIT:?}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The element with this role and name, if it is shown now.
    pub async fn try_find(&self, role: &str, name: &str) -> Result<Option<Element>> {
        // The console may re-render between the script marking the element
        // and WebDriver looking the mark up (a list page that fails again
        // replaces its Retry button): then the mark is gone, so look again.
        for _ in 0..5 {
            let marked = self
                .client
                .execute(FIND_BY_ROLE, vec![json!(role), json!(name)])
                .await?;
            let Value::String(mark) = marked else {
                return Ok(None);
            };
            match self
                .client
                .find(Locator::Css(&format!("[data-e2e=\"{mark}\"]")))
                .await
            {
                Ok(element) => return Ok(Some(element)),
                Err(error) if error.is_no_such_element() => continue,
                Err(error) => return Err(error.into()),
            }
        }
        bail!("the {role} named {name:?} kept being replaced while it was looked up")
    }

    /// Clicks the element with this role and name.
    pub async fn click(&self, role: &str, name: &str) -> Result<()> {
        self.find(role, name).await?.click().await?;
        Ok(())
    }

    /// Replaces the text of the field with this accessible name.
    pub async fn fill(&self, name: &str, text: &str) -> Result<()> {
        let field = self.find("textbox", name).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// The value of the field with this accessible name.
    pub async fn value_of(&self, role: &str, name: &str) -> Result<String> {
        Ok(self
            .find(role, name)
            .await?
            .prop("value")
            .await?
            .unwrap_or_default())
    }

    /// Fills Connect with `base_url`, `portal` and `key` and presses **Connect**.
    pub async fn submit_connect(&self, base_url: &str, portal: &str, key: &str) -> Result<()> {
        self.find("heading", "Connect to a partner portal").await?;
        self.fill("API base URL", base_url).await?;
        self.fill("Portal ID", portal).await?;
        self.fill("Service account key", key).await?;
        self.click("button", "Connect").await
    }

    /// Opens the console at `url` (a page of it, or its root), connects with
    /// the demo credentials and waits for the page asked for to settle.
    pub async fn connect(&self, emulator: &Emulator, url: &str) -> Result<()> {
        self.client.goto(url).await?;
        loop {
            self.submit_connect(&emulator.url, PORTAL, KEY).await?;
            self.wait_until(
                "Connect to finish",
                "!document.querySelector('button[aria-busy=\"true\"]')",
            )
            .await?;
            // Connect has no Retry: a check that failed even after the
            // client's retries is pressed again, when failures are expected.
            match self
                .try_find("heading", "Connect to a partner portal")
                .await?
            {
                Some(_) if self.retry_failures => self.expect_request_id().await?,
                _ => return Ok(()),
            }
        }
    }

    /// Evaluates the JavaScript `expression` until it is true, failing with
    /// `what`, the URL and the page's text when it never becomes true.
    pub async fn wait_until(&self, what: &str, expression: &str) -> Result<()> {
        let deadline = Instant::now() + WAIT;
        let script = format!("return Boolean({expression});");
        loop {
            if self.client.execute(&script, vec![]).await? == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "waited {WAIT:?} for {what} at {}; the page says:\n{}",
                    self.client.current_url().await?,
                    self.text().await?
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `text` is part of the page's text.
    pub async fn wait_for_text(&self, text: &str) -> Result<()> {
        let expression = format!("document.body.innerText.includes({})", json!(text));
        self.wait_until(&format!("the text {text:?}"), &expression)
            .await
    }

    /// The text of the page, as rendered.
    pub async fn text(&self) -> Result<String> {
        let text = self
            .client
            .execute("return document.body.innerText;", vec![])
            .await?;
        Ok(text.as_str().unwrap_or_default().to_string())
    }

    /// Runs `script` (a function body) and returns its JSON result.
    pub async fn eval(&self, script: &str) -> Result<Value> {
        Ok(self.client.execute(script, vec![]).await?)
    }

    /// Runs `script`, which ends by calling `done(value)`, and returns the value.
    pub async fn eval_async(&self, script: &str) -> Result<Value> {
        let script = format!("const done = arguments[arguments.length - 1];\n{script}");
        Ok(self.client.execute_async(&script, vec![]).await?)
    }

    /// Waits for the users list to settle (not busy, rows or an error shown)
    /// and returns the names of its rows. When failures are expected, an
    /// error must carry a request ID and is retried; otherwise it fails.
    pub async fn settled_rows(&self) -> Result<Vec<String>> {
        self.settle(
            "the users list",
            "document.querySelector('table tbody th[scope=row]') || document.querySelector('[role=alert] .error-message')",
        )
        .await?;
        self.rows().await
    }

    /// Waits until nothing is busy and `shown` is true, then, while an error
    /// with **Retry** is on screen: fails, or when failures are expected,
    /// checks that it carries a request ID, retries and waits again.
    async fn settle(&self, what: &str, shown: &str) -> Result<()> {
        let settled = format!("!document.querySelector('[aria-busy=\"true\"]') && ({shown})");
        loop {
            self.wait_until(&format!("{what} to settle"), &settled)
                .await?;
            if self.try_find("button", "Retry").await?.is_none() {
                // The Retry button may have gone because a new load began:
                // settled only if the list still is.
                if self.eval(&format!("return Boolean({settled});")).await? == Value::Bool(true) {
                    return Ok(());
                }
                continue;
            }
            if !self.retry_failures {
                bail!("{what} failed:\n{}", self.text().await?);
            }
            self.expect_request_id().await?;
            self.click("button", "Retry").await?;
        }
    }

    /// The names in the rows of the users table, top to bottom.
    pub async fn rows(&self) -> Result<Vec<String>> {
        let names = self
            .eval("return Array.from(document.querySelectorAll('table tbody th[scope=row]'), th => th.textContent);")
            .await?;
        Ok(serde_json::from_value(names)?)
    }

    /// The page number the pager shows.
    pub async fn page_number(&self) -> Result<u32> {
        let text = self
            .eval("const m = document.querySelector('nav[aria-label=Pagination]').innerText.match(/Page (\\d+)/); return m ? Number(m[1]) : null;")
            .await?;
        text.as_u64()
            .map(|n| n as u32)
            .with_context(|| format!("no page number in the pager: {}", text))
    }

    /// Waits for the user page to settle on a heading or an error, retrying
    /// errors when failures are expected, and returns the heading.
    pub async fn settled_user(&self) -> Result<String> {
        self.settle("the user page", "document.querySelector('main h1')")
            .await?;
        let heading = self
            .eval("return document.querySelector('main h1').textContent;")
            .await?;
        Ok(heading.as_str().unwrap_or_default().to_string())
    }

    /// Checks that the error shown gives the request ID to quote to support.
    async fn expect_request_id(&self) -> Result<()> {
        let alert = self.text().await?;
        if !alert.contains("Request ID") {
            bail!("an error without a request ID:\n{alert}");
        }
        Ok(())
    }

    /// Presses `key` on whatever has the focus, as a keyboard user would.
    pub async fn press(&self, key: Key) -> Result<()> {
        self.press_holding(&[], key).await
    }

    /// Presses `key` with Shift held (Shift+Tab), on whatever has the focus.
    pub async fn press_shifted(&self, key: Key) -> Result<()> {
        self.press_holding(&[Key::Shift], key).await
    }

    /// Presses `key` while `held` keys are down, through WebDriver's
    /// actions: they reach whatever has the focus, as a keyboard's do
    /// (keys sent to a focused file input would name a file to choose).
    async fn press_holding(&self, held: &[Key], key: Key) -> Result<()> {
        let down = |key: Key| KeyAction::Down { value: key.into() };
        let up = |key: Key| KeyAction::Up { value: key.into() };
        let mut keys = KeyActions::new("keyboard".to_owned());
        for &modifier in held {
            keys = keys.then(down(modifier));
        }
        keys = keys.then(down(key)).then(up(key));
        for &modifier in held.iter().rev() {
            keys = keys.then(up(modifier));
        }
        self.client.perform_actions(keys).await?;
        Ok(())
    }

    /// Presses Escape twice in a row in the modal dialog shown, and fails
    /// unless it stayed open throughout, the focus where it was: how a
    /// dialog refuses Escape while a run is busy. (Chromium lets a page
    /// refuse only one Escape per user action: the second, with no other
    /// key between, is the one to check.)
    pub async fn expect_escape_refused(&self) -> Result<()> {
        let focused = self.focused().await?;
        self.eval(
            "window.dialogCloses = 0; document.querySelector('dialog:modal')
                .addEventListener('close', () => { window.dialogCloses += 1; });",
        )
        .await?;
        self.press(Key::Escape).await?;
        self.press(Key::Escape).await?;
        let (closes, open) = (
            self.eval("return window.dialogCloses;").await?,
            self.eval("return Boolean(document.querySelector('dialog:modal'));")
                .await?,
        );
        if closes != json!(0) || open != Value::Bool(true) {
            bail!("Escape closed the dialog ({closes} times; open now: {open})");
        }
        let now = self.focused().await?;
        if now != focused {
            bail!("Escape moved the focus from {focused:?} to {now:?}");
        }
        Ok(())
    }

    /// The accessible name of the focused element.
    pub async fn focused(&self) -> Result<String> {
        let name = self.eval(FOCUSED_NAME).await?;
        Ok(name.as_str().unwrap_or_default().to_string())
    }

    /// Tabs forward until the element with this name has the focus.
    pub async fn tab_to(&self, name: &str) -> Result<()> {
        for _ in 0..60 {
            if self.focused().await? == name {
                return Ok(());
            }
            self.press(Key::Tab).await?;
        }
        bail!(
            "Tab never reached {name:?}; the focus is on {:?}",
            self.focused().await?
        )
    }

    /// Fails if an alert is open or the page holds an image, a script or a
    /// frame, none of which the console renders: API text became markup.
    pub async fn assert_nothing_injected(&self) -> Result<()> {
        if let Ok(text) = self.client.get_alert_text().await {
            bail!("an alert opened: {text:?}");
        }
        let injected = self
            .eval("return document.body.querySelectorAll('img, script, iframe, object, embed').length;")
            .await?;
        if injected != json!(0) {
            bail!("{injected} element(s) injected into the page");
        }
        Ok(())
    }

    /// Whether the page scrolls sideways at the current viewport.
    pub async fn scrolls_sideways(&self) -> Result<bool> {
        let wider = self
            .eval("return document.documentElement.scrollWidth > window.innerWidth;")
            .await?;
        Ok(wider == Value::Bool(true))
    }
}

/// The accessible name of `document.activeElement`, computed as
/// `find_by_role.js` names elements.
const FOCUSED_NAME: &str = concat!(
    include_str!("../../tests/support/accessible_name.js"),
    "\nconst el = document.activeElement;\n",
    "return el ? accessibleName(el) : '';\n",
);

/// Marks the element `find_by_role.js` finds for `arguments[0]` and
/// `arguments[1]` and returns the mark, so WebDriver can look it up by CSS.
const FIND_BY_ROLE: &str = concat!(
    "const found = (function (role, name) {\n",
    include_str!("../../tests/support/accessible_name.js"),
    include_str!("../../tests/support/find_by_role.js"),
    "\n})(arguments[0], arguments[1]);\n",
    "if (!found) return null;\n",
    "window.__e2eMark = (window.__e2eMark || 0) + 1;\n",
    "found.setAttribute('data-e2e', String(window.__e2eMark));\n",
    "return String(window.__e2eMark);\n",
);
