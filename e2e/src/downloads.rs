//! Files the console downloads: Chromium saves them into a folder of the
//! scenario's own, and the test reads them back.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use serde_json::json;

use crate::{cdp, Browser};

/// How long a download may take to appear: an export walks every page.
const DOWNLOAD_WAIT: Duration = Duration::from_secs(240);

/// A folder of its own for one scenario's downloads, removed when dropped.
pub struct Downloads {
    /// The folder.
    pub dir: PathBuf,
}

impl Drop for Downloads {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Downloads {
    /// The names of the finished files in the folder, sorted.
    pub fn files(&self) -> Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(&self.dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            // Chromium writes `.crdownload` until the file is complete.
            if !name.ends_with(".crdownload") {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }

    /// The bytes of the first finished file, with its name, once there is one.
    pub async fn wait_for_file(&self, browser: &Browser) -> Result<(String, Vec<u8>)> {
        let deadline = Instant::now() + DOWNLOAD_WAIT;
        loop {
            if let Some(name) = self.files()?.into_iter().next() {
                let bytes = std::fs::read(self.dir.join(&name))?;
                return Ok((name, bytes));
            }
            if Instant::now() > deadline {
                bail!(
                    "no file downloaded within {DOWNLOAD_WAIT:?}; the page says:\n{}",
                    browser.text().await?
                );
            }
            // A failure the scenario expects is retried, as an administrator would.
            if browser.retry_failures && browser.try_find("button", "Retry").await?.is_some() {
                browser.click("button", "Retry").await?;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

impl Browser {
    /// Lets the browser save downloads, without asking, into a new folder.
    pub async fn allow_downloads(&self) -> Result<Downloads> {
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "portal-admin-e2e-downloads-{}-{n}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let params = json!({ "behavior": "allow", "downloadPath": path_text(&dir)? });
        cdp::execute(&self.client, "Browser.setDownloadBehavior", params).await?;
        Ok(Downloads { dir })
    }

    /// The browser's local date as `YYYY-MM-DD`.
    pub async fn local_date(&self) -> Result<String> {
        let date = self
            .eval("const d = new Date(); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')].join('-');")
            .await?;
        Ok(date.as_str().context("a date")?.to_string())
    }
}

fn path_text(path: &Path) -> Result<&str> {
    path.to_str().context("a UTF-8 temporary folder")
}
