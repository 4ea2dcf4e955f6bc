//! `cargo xtask test`: every suite, one closing line `N passed, N failed`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use crate::dist;
use crate::emulator;
use crate::run::{self, StatusOk};
use crate::tools;

/// The most brotli bytes the first screen may fetch (html, css, icon, glue,
/// loader, main wasm; not the chunks): a regression guard, its size when
/// this was set plus 3 %, so that any real growth fails the suite. Lower it
/// whenever the build shrinks. How the bytes compare with react-admin's on
/// each network is `cargo xtask bench`'s (issue 18), not a fixed target's.
///
/// Until issue 28 one ceiling (344,517) held the whole build; BENCHMARKS.md
/// keeps the history of what raised it. Issue 28 loads every screen the
/// users list does not show on arrival on demand: FIRST_SCREEN_MEASURED
/// bytes measured then, plus 3 %.
pub const FIRST_SCREEN_CEILING: usize = FIRST_SCREEN_MEASURED * 103 / 100;
const FIRST_SCREEN_MEASURED: usize = 302_647;

/// The most brotli bytes all the chunks together may weigh (what opening
/// every screen once adds): a guard like [`FIRST_SCREEN_CEILING`], so that
/// code moved out of the first screen cannot grow unseen.
pub const CHUNKS_CEILING: usize = CHUNKS_MEASURED * 103 / 100;
const CHUNKS_MEASURED: usize = 75_769;

/// Passed and failed tests, summed over every suite.
#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
}

pub fn run(root: &Path) -> Result<()> {
    tools::ensure_all(root)?;
    let mut tally = Tally::default();

    // The habits that keep the code tidy, checked rather than remembered
    // (the tidy checks themselves run with the native tests).
    gate(
        &mut tally,
        "format (cargo fmt --check)",
        &["fmt", "--all", "--check"],
    );
    gate(
        &mut tally,
        "lint natively (clippy)",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    gate(
        &mut tally,
        "lint the wasm build (clippy)",
        &[
            "clippy",
            "-p",
            "portal-admin",
            "--target",
            "wasm32-unknown-unknown",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );

    let native = run::cmd("cargo", &["test", "--workspace", "--exclude", "e2e"]);
    suite(
        &mut tally,
        "native tests (app logic, emulator, xtask)",
        native,
    );

    let bench_build = run::cmd(
        "cargo",
        &["test", "-p", "portal-admin", "--lib", "--features", "bench"],
    );
    suite(
        &mut tally,
        "native tests of the bench build (--features bench)",
        bench_build,
    );

    let emulator_bin = emulator::build(root, emulator::Profile::Debug)?;
    wasm_suite(&mut tally, &emulator_bin)?;

    let dist_files = run::step("size budget", || dist::build(root));
    match dist_files {
        Ok(files) => {
            dist::print_table(&files);
            let guards = [
                (
                    "first screen",
                    dist::first_screen_brotli(&files),
                    FIRST_SCREEN_CEILING,
                ),
                ("chunks", dist::chunks_brotli(&files), CHUNKS_CEILING),
            ];
            for (what, total, ceiling) in guards {
                if total <= ceiling {
                    println!(
                        "    ok: {what}, {total} brotli bytes, within the ceiling of {ceiling}"
                    );
                    tally.passed += 1;
                } else {
                    println!(
                        "    FAILED: {what}, {total} brotli bytes, over the ceiling of {ceiling}"
                    );
                    tally.failed += 1;
                }
            }
            let mut e2e = run::cmd("cargo", &["test", "-p", "e2e", "--", "--test-threads=2"]);
            e2e.env("PORTAL_DIST", root.join("dist"))
                .env("PORTAL_EMULATOR_BIN", &emulator_bin)
                .env("CHROMEDRIVER", tools::chromedriver()?)
                .env("E2E_SCREENSHOTS", root.join("target/e2e-screenshots"));
            suite(&mut tally, "e2e journeys of the release build", e2e);
        }
        Err(_) => tally.failed += 1,
    }

    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// The wasm-bindgen-test tests in headless Chromium, each emulator's URL
/// compiled in through an environment variable.
fn wasm_suite(tally: &mut Tally, emulator_bin: &Path) -> Result<()> {
    let seeded = ["--users", "237"];
    // One emulator per kind of test, so tests that write never disturb tests that count.
    let read = emulator::start(emulator_bin, &seeded)?;
    let write = emulator::start(emulator_bin, &seeded)?;
    let empty = emulator::start(emulator_bin, &["--users", "0"])?;
    let limited = emulator::start(
        emulator_bin,
        &["--users", "237", "--rate-limit", "4", "--rate-window", "3"],
    )?;
    let slow = emulator::start(emulator_bin, &["--users", "237", "--latency-ms", "1000"])?;
    let mut wasm = run::cmd(
        "cargo",
        &[
            "test",
            "-p",
            "portal-admin",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "*",
        ],
    );
    wasm.env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
        "wasm-bindgen-test-runner",
    )
    .env("CHROMEDRIVER", tools::chromedriver()?)
    .env("WASM_BINDGEN_TEST_TIMEOUT", "180")
    .env("PORTAL_EMULATOR_URL", &read.url)
    .env("PORTAL_EMULATOR_WRITE_URL", &write.url)
    .env("PORTAL_EMULATOR_EMPTY_URL", &empty.url)
    .env("PORTAL_EMULATOR_LIMITED_URL", &limited.url)
    .env("PORTAL_EMULATOR_SLOW_URL", &slow.url);
    suite(tally, "wasm tests in headless Chromium", wasm);
    Ok(())
}

/// Runs `cargo <args>` as a check that passes or fails as one.
fn gate(tally: &mut Tally, name: &str, args: &[&str]) {
    match run::step(name, || run::cmd("cargo", args).status_ok()) {
        Ok(()) => tally.passed += 1,
        Err(_) => tally.failed += 1,
    }
}

/// Runs one `cargo test` suite, echoing its output and adding its
/// `test result:` lines to the tally. A suite that fails without reporting
/// results (it did not compile, say) counts as one failure.
fn suite(tally: &mut Tally, name: &str, mut command: Command) {
    let result = run::step(name, || {
        let mut child = command
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        let stdout = child.stdout.take().context("test stdout")?;
        let (mut passed, mut failed) = (0, 0);
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            println!("{line}");
            if let Some((p, f)) = parse_result(&line) {
                passed += p;
                failed += f;
            }
        }
        let status = child.wait()?;
        tally.passed += passed;
        tally.failed += failed;
        if !status.success() && failed == 0 {
            tally.failed += 1;
        }
        if status.success() {
            Ok(())
        } else {
            bail!("{status}")
        }
    });
    // The failure is counted; keep going so every suite reports.
    drop(result);
}

/// Reads `test result: ok. 12 passed; 0 failed; …` into (passed, failed).
fn parse_result(line: &str) -> Option<(usize, usize)> {
    let rest = line.trim().strip_prefix("test result: ")?;
    let count = |word: &str| -> Option<usize> {
        let before = rest.split(&format!(" {word}")).next()?;
        before.rsplit([' ', '.', ';']).next()?.parse().ok()
    };
    Some((count("passed")?, count("failed")?))
}

#[cfg(test)]
mod tests {
    use super::parse_result;

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        assert_eq!(
            parse_result("test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s"),
            Some((12, 0))
        );
        assert_eq!(
            parse_result("test result: FAILED. 3 passed; 2 failed; 0 ignored"),
            Some((3, 2))
        );
        assert_eq!(parse_result("running 3 tests"), None);
    }
}
