//! `cargo xtask dev` as a developer runs it: the console it serves works,
//! and after an edit of the console's code, a reload shows the edit in a
//! console that still works.
//!
//! It runs on a copy of the project, so that the edit never touches the
//! working tree, which builds into a target directory of its own
//! (`target/dev-check`, kept between runs). Not the project's own: cargo
//! names a workspace's crates by their path within the workspace, the same
//! in the copy, so the copy's builds would replace the project's, and a
//! later build of the project could take the copy's edited console, or its
//! xtask pointing at the removed copy, for fresh. Its own test binary:
//! cargo runs the binaries one after another, so its compiles never slow a
//! journey down.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, ensure, Context, Result};
use e2e::{kill_group, Browser, KEY, PORTAL};

/// The heading the edit changes, where it is written.
const PAGE: &str = "src/features/users_list/page.rs";
const HEADING: &str = "<h1>\"Users\"</h1>";
const EDITED: &str = "<h1>\"Users (edited)\"</h1>";

/// How long a build may take: the first of a fresh clone compiles every
/// dependency, an edit recompiles the console alone.
const BUILD: Duration = Duration::from_secs(540);

#[tokio::test]
async fn cargo_xtask_dev_serves_a_working_console_after_an_edit() -> Result<()> {
    let project = ProjectCopy::new()?;
    let mut dev = Dev::start(&project)?;
    // Trunk's own build, then `trunk watch`'s first one.
    let url = dev.wait_for_listening()?;
    dev.wait_for_builds(2)?;

    let browser = Browser::start().await?;
    browser.client.goto(&url).await?;
    browser.submit_connect(&url, PORTAL, KEY).await?;
    browser.find("heading", "Users").await?;
    ensure!(
        browser.settled_rows().await?.len() == 25,
        "the dev build shows the first 25 users"
    );

    project.edit(PAGE, HEADING, EDITED)?;
    dev.wait_for_builds(3)?;
    browser.client.refresh().await?;
    browser.find("heading", "Users (edited)").await?;
    ensure!(
        browser.settled_rows().await?.len() == 25,
        "the rebuilt console shows the first 25 users"
    );
    ensure!(
        browser.try_find("heading", "Users").await?.is_none(),
        "the old heading is gone"
    );
    browser.client.close().await?;
    Ok(())
}

/// The project's files, tracked or new but not ignored, copied into a
/// directory of its own that is removed when dropped. Not under `target/`:
/// `trunk watch` ignores everything there.
struct ProjectCopy {
    source: PathBuf,
    dir: PathBuf,
}

impl ProjectCopy {
    fn new() -> Result<ProjectCopy> {
        let source = PathBuf::from(
            std::env::var_os("PORTAL_PROJECT")
                .context("PORTAL_PROJECT is not set: run the e2e suite with `cargo xtask test`")?,
        );
        let dir = std::env::temp_dir().join(format!("portal-admin-dev-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let listing = Command::new("git")
            .args([
                "ls-files",
                "-z",
                "--cached",
                "--others",
                "--exclude-standard",
            ])
            .current_dir(&source)
            .output()
            .context("listing the project's files with git")?;
        ensure!(listing.status.success(), "git ls-files failed");
        for name in listing.stdout.split(|&b| b == 0).filter(|n| !n.is_empty()) {
            let name = Path::new(std::str::from_utf8(name)?);
            let from = source.join(name);
            // A file deleted but not yet staged is listed and absent.
            if !from.is_file() {
                continue;
            }
            let to = dir.join(name);
            std::fs::create_dir_all(to.parent().context("a file has a parent")?)?;
            std::fs::copy(&from, &to).with_context(|| format!("copying {}", from.display()))?;
        }
        Ok(ProjectCopy { source, dir })
    }

    /// Replaces `from` with `to` in the copy's `file`, as an editor saves it.
    fn edit(&self, file: &str, from: &str, to: &str) -> Result<()> {
        let path = self.dir.join(file);
        let text = std::fs::read_to_string(&path)?;
        ensure!(
            text.matches(from).count() == 1,
            "{file} no longer holds {from} once: update this test"
        );
        std::fs::write(&path, text.replace(from, to))?;
        Ok(())
    }
}

impl Drop for ProjectCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask dev --port 0` running in the copy, in a process group of
/// its own (cargo, xtask, the emulator, Trunk and the builds it starts),
/// killed whole when dropped. Its output is kept to be searched and shown.
struct Dev {
    child: Child,
    output: Arc<Mutex<String>>,
}

impl Dev {
    fn start(project: &ProjectCopy) -> Result<Dev> {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| project.source.join("target"), PathBuf::from)
            .join("dev-check");
        let mut child = Command::new("cargo")
            .args(["xtask", "dev", "--port", "0"])
            .current_dir(&project.dir)
            .env("CARGO_TARGET_DIR", target)
            // `cargo xtask test` runs this suite under clippy; the copy is
            // built as a developer builds it.
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .env_remove("CLIPPY_ARGS")
            // Trunk's log, searched for its "success" lines, without colours.
            .env("TRUNK_COLOR", "never")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .context("starting cargo xtask dev")?;
        let output = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().context("dev's stdout")?;
        let stderr = child.stderr.take().context("dev's stderr")?;
        keep_lines(stdout, Arc::clone(&output));
        keep_lines(stderr, Arc::clone(&output));
        Ok(Dev { child, output })
    }

    /// The console's URL, once the emulator says where it listens.
    fn wait_for_listening(&mut self) -> Result<String> {
        self.wait_for("the emulator to listen", |output| {
            let line = output.lines().find(|l| l.starts_with("listening on "))?;
            Some(line.trim_start_matches("listening on ").trim().to_string())
        })
    }

    /// Waits until Trunk has reported `count` successful builds.
    fn wait_for_builds(&mut self, count: usize) -> Result<()> {
        self.wait_for(&format!("{count} successful Trunk builds"), |output| {
            (output.lines().filter(|l| l.ends_with("success")).count() >= count).then_some(())
        })
    }

    fn wait_for<T>(&mut self, what: &str, found: impl Fn(&str) -> Option<T>) -> Result<T> {
        let deadline = Instant::now() + BUILD;
        loop {
            let output = self.output.lock().expect("the output lock").clone();
            if let Some(value) = found(&output) {
                return Ok(value);
            }
            let stopped = self.child.try_wait()?;
            let failed = output.lines().any(|l| l.ends_with("error"));
            if stopped.is_some() || failed || Instant::now() > deadline {
                bail!("waited for {what}; cargo xtask dev said:\n{output}");
            }
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

impl Drop for Dev {
    fn drop(&mut self) {
        kill_group(&mut self.child);
    }
}

/// Appends each line `from` writes to `output`, on a thread of its own, so
/// that the pipe never fills and stalls the program.
fn keep_lines(from: impl Read + Send + 'static, output: Arc<Mutex<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines().map_while(Result::ok) {
            let mut output = output.lock().expect("the output lock");
            output.push_str(line.trim_end());
            output.push('\n');
        }
    });
}
