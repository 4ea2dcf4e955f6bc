//! Running commands and timing steps, so a slow step is visible.

use std::ffi::OsStr;
use std::process::Command;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::{bail, Context, Result};

/// Every step's name and seconds so far, for the table at the end.
static TIMINGS: Mutex<Vec<(String, f64)>> = Mutex::new(Vec::new());

/// Runs `body` as a named step, printing its name before and its duration after.
pub fn step<T>(name: &str, body: impl FnOnce() -> Result<T>) -> Result<T> {
    println!("==> {name}");
    let start = Instant::now();
    let result = body();
    let secs = start.elapsed().as_secs_f64();
    record(name, secs);
    match &result {
        Ok(_) => println!("<== {name}: {secs:.1} s"),
        Err(e) => println!("<== {name}: failed after {secs:.1} s: {e:#}"),
    }
    result
}

/// Adds a step timed some other way (one that ran beside others) to the table.
pub fn record(name: &str, secs: f64) {
    if let Ok(mut timings) = TIMINGS.lock() {
        timings.push((name.to_owned(), secs));
    }
}

/// Prints every step's duration, in the order they ended: where a run's
/// time went, at a glance.
pub fn print_timings() {
    let Ok(timings) = TIMINGS.lock() else {
        return;
    };
    println!("step times:");
    for (name, secs) in timings.iter() {
        println!("{secs:>9.1} s  {name}");
    }
}

/// Runs `body` with a log of its own and prints that log when it ends, each
/// line prefixed with `name`: for work on another thread, whose output would
/// otherwise interleave with the step in front.
pub fn logged(name: &str, body: impl FnOnce(&mut String) -> Result<()>) -> Result<()> {
    let start = Instant::now();
    let mut log = String::new();
    let result = body(&mut log);
    for line in log.lines() {
        println!("    [{name}] {line}");
    }
    let secs = start.elapsed().as_secs_f64();
    match &result {
        Ok(()) => println!("    [{name}] done in {secs:.1} s"),
        Err(e) => println!("    [{name}] failed after {secs:.1} s: {e:#}"),
    }
    result
}

/// A command with its arguments, echoed when it runs.
pub fn cmd<S: AsRef<OsStr>>(program: &str, args: &[S]) -> Command {
    let mut command = Command::new(program);
    command.args(args);
    command
}

/// Runs a command to completion, failing on a non-zero exit.
pub trait StatusOk {
    fn status_ok(&mut self) -> Result<()>;
    /// Runs the command and returns its stdout, failing on a non-zero exit.
    fn stdout_ok(&mut self) -> Result<String>;
    /// Runs the command with its stdout and stderr appended to `log`,
    /// failing on a non-zero exit.
    fn logged_ok(&mut self, log: &mut String) -> Result<()>;
}

impl StatusOk for Command {
    fn status_ok(&mut self) -> Result<()> {
        println!("    $ {}", display(self));
        let status = self
            .status()
            .with_context(|| format!("could not start {}", display(self)))?;
        if !status.success() {
            bail!("{} failed: {status}", display(self));
        }
        Ok(())
    }

    fn stdout_ok(&mut self) -> Result<String> {
        let output = self
            .output()
            .with_context(|| format!("could not start {}", display(self)))?;
        if !output.status.success() {
            bail!(
                "{} failed: {}\n{}",
                display(self),
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn logged_ok(&mut self, log: &mut String) -> Result<()> {
        log.push_str(&format!("$ {}\n", display(self)));
        let output = self
            .output()
            .with_context(|| format!("could not start {}", display(self)))?;
        log.push_str(&String::from_utf8_lossy(&output.stdout));
        log.push_str(&String::from_utf8_lossy(&output.stderr));
        if !output.status.success() {
            bail!("{} failed: {}", display(self), output.status);
        }
        Ok(())
    }
}

fn display(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Where `program` is on `PATH`, if it is.
pub fn which(program: &str) -> Option<std::path::PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// cargo's target directory: `CARGO_TARGET_DIR` when set, or `target/`
/// under the project's root.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into)
}
