//! Builds `portal-emulator` and starts it (through the launcher the e2e
//! tests share) for the commands and tests.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Result;
pub use emulator_launcher::Emulator;

use crate::run::{self, StatusOk};

/// Which build of the emulator to make.
#[derive(Clone, Copy)]
pub enum Profile {
    /// Reuses what `cargo test` compiled: quick to build, fast enough for tests.
    Debug,
    /// Optimised, so the benchmark measures the console, not the emulator.
    Release,
}

/// Builds the emulator, with `envs` set for cargo (the lint wrapper, when
/// the test build is linted: the same compiler as the tests reuses their
/// build), and returns its path.
pub fn build(root: &Path, profile: Profile, envs: &[(&str, OsString)]) -> Result<PathBuf> {
    run::step("build the emulator", || {
        command(profile)
            .current_dir(root)
            .envs(envs.iter().cloned())
            .status_ok()
    })?;
    Ok(binary(root, profile))
}

/// The cargo command that builds the emulator.
pub fn command(profile: Profile) -> Command {
    match profile {
        Profile::Debug => run::cmd("cargo", &["build", "-p", "portal-emulator"]),
        Profile::Release => run::cmd("cargo", &["build", "--release", "-p", "portal-emulator"]),
    }
}

/// Where cargo puts the emulator's `profile` build.
pub fn binary(root: &Path, profile: Profile) -> PathBuf {
    let dir = match profile {
        Profile::Debug => "debug",
        Profile::Release => "release",
    };
    run::target_dir(root).join(dir).join("portal-emulator")
}

/// Starts the emulator `binary` on a free loopback port with extra `args`.
pub fn start(binary: &Path, args: &[&str]) -> Result<Emulator> {
    Ok(Emulator::start(binary, "127.0.0.1:0", args)?)
}
