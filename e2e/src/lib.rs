//! The e2e harness: the release build served by `portal-emulator`, driven in
//! headless Chromium through chromedriver, one fresh browser per scenario.
//!
//! `cargo xtask test` builds `dist/` and the emulator and passes their paths
//! in `PORTAL_DIST`, `PORTAL_EMULATOR_BIN` and `CHROMEDRIVER`. Elements are
//! found by role and accessible name, as an administrator (or a screen
//! reader) finds them, never by CSS class.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// How long a lookup waits for its element to appear.
const WAIT: Duration = Duration::from_secs(15);

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

/// A child process killed when dropped, also when a test fails.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The emulator serving the release build and the API on one origin.
pub struct Emulator {
    _process: Process,
    /// The console's URL, e.g. `http://127.0.0.1:40123`.
    pub url: String,
}

impl Emulator {
    /// Starts the emulator on a free port, seeded, with extra `args`.
    pub fn start(args: &[&str]) -> Result<Emulator> {
        let mut child = Command::new(env_path("PORTAL_EMULATOR_BIN")?)
            .args(["--addr", "127.0.0.1:0", "--static"])
            .arg(env_path("PORTAL_DIST")?)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting the emulator")?;
        let mut reader = BufReader::new(child.stdout.take().context("emulator stdout")?);
        let process = Process(child);
        let mut first = String::new();
        reader.read_line(&mut first)?;
        let url = first
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| format!("the emulator did not say where it listens: {first:?}"))?
            .to_string();
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        Ok(Emulator { _process: process, url })
    }
}

/// A fresh headless Chromium session (so session storage starts empty).
pub struct Browser {
    _driver: Process,
    /// The WebDriver client.
    pub client: Client,
}

impl Browser {
    /// Starts chromedriver on a free port and opens a new browser session.
    pub async fn start() -> Result<Browser> {
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let driver = Process(
            Command::new(env_path("CHROMEDRIVER")?)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .context("starting chromedriver")?,
        );
        let mut caps = serde_json::Map::new();
        caps.insert("goog:chromeOptions".into(), json!({ "args": CHROME_ARGS }));
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
        Ok(Browser { _driver: driver, client })
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
        let marked = self
            .client
            .execute(FIND_BY_ROLE, vec![json!(role), json!(name)])
            .await?;
        match marked {
            Value::String(mark) => Ok(Some(
                self.client
                    .find(Locator::Css(&format!("[data-e2e=\"{mark}\"]")))
                    .await?,
            )),
            _ => Ok(None),
        }
    }
}

/// Marks the element `find_by_role.js` finds for `arguments[0]` and
/// `arguments[1]` and returns the mark, so WebDriver can look it up by CSS.
const FIND_BY_ROLE: &str = concat!(
    "const found = (function (role, name) {\n",
    include_str!("../../tests/support/find_by_role.js"),
    "\n})(arguments[0], arguments[1]);\n",
    "if (!found) return null;\n",
    "window.__e2eMark = (window.__e2eMark || 0) + 1;\n",
    "found.setAttribute('data-e2e', String(window.__e2eMark));\n",
    "return String(window.__e2eMark);\n",
);
