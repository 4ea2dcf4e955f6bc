//! Builds and starts `portal-emulator` processes for the commands and tests.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::run::{self, StatusOk};

/// Which build of the emulator to make.
#[derive(Clone, Copy)]
pub enum Profile {
    /// Reuses what `cargo test` compiled: quick to build, fast enough for tests.
    Debug,
    /// Optimised, so the benchmark measures the console, not the emulator.
    Release,
}

/// Builds the emulator and returns its path.
pub fn build(root: &Path, profile: Profile) -> Result<PathBuf> {
    let (args, dir): (&[&str], _) = match profile {
        Profile::Debug => (&["build", "-p", "portal-emulator"], "debug"),
        Profile::Release => (&["build", "--release", "-p", "portal-emulator"], "release"),
    };
    run::step("build the emulator", || {
        run::cmd("cargo", args).current_dir(root).status_ok()
    })?;
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    Ok(target.join(dir).join("portal-emulator"))
}

/// A running emulator, stopped when dropped (also when a test fails).
pub struct Emulator {
    child: Child,
    /// Its base URL, e.g. `http://127.0.0.1:39127`.
    pub url: String,
}

impl Emulator {
    /// Starts the emulator on a free loopback port with extra `args`.
    pub fn start(binary: &Path, args: &[&str]) -> Result<Emulator> {
        let mut child = Command::new(binary)
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stdout = child.stdout.take().context("emulator stdout")?;
        let mut reader = BufReader::new(stdout);
        let mut first = String::new();
        reader.read_line(&mut first)?;
        // Keep reading so the emulator never writes to a closed pipe.
        std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
        let Some(url) = first.trim().strip_prefix("listening on ") else {
            let _ = child.kill();
            bail!("the emulator did not say where it listens: {first:?}");
        };
        Ok(Emulator {
            url: url.to_string(),
            child,
        })
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
