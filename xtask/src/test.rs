//! `cargo xtask test`: every suite, one closing line `N passed, N failed`.

use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

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
/// bytes measured then, plus 3 %, with Import CSV and Export CSV's run on
/// demand and the frame in `index.html`.
pub const FIRST_SCREEN_CEILING: usize = FIRST_SCREEN_MEASURED * 103 / 100;
const FIRST_SCREEN_MEASURED: usize = 243_505;

/// The most brotli bytes all the chunks together may weigh (what opening
/// every screen once adds): a guard like [`FIRST_SCREEN_CEILING`], so that
/// code moved out of the first screen cannot grow unseen. Raised from
/// 175,945 by issue 25: the access review's results (its matching, sort,
/// collation and Export matching) are a chunk of their own, and the CSV
/// code they share with Import and Export CSV a chunk both fetch.
pub const CHUNKS_CEILING: usize = CHUNKS_MEASURED * 103 / 100;
const CHUNKS_MEASURED: usize = 209_036;

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
        run::cmd("cargo", &["fmt", "--all", "--check"]),
    );
    let wasm_lint = run::cmd(
        "cargo",
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
    gate(&mut tally, "lint the wasm build (clippy)", wasm_lint);

    // Natively, the test build is the lint: clippy compiles the workspace's
    // own crates as it checks them (see `lint_env`), so the crates are built
    // once where `cargo clippy` and `cargo test` built them twice. The e2e
    // journeys are built (and linted) here too, and run last.
    let lint = lint_env()?;
    gate(
        &mut tally,
        "lint natively and build the e2e journeys (clippy)",
        linted_cargo(&lint, &["test", "-p", "e2e", "--no-run"]),
    );
    let native = linted_cargo(&lint, &["test", "--workspace", "--exclude", "e2e"]);
    suite(
        &mut tally,
        "lint natively and run the native tests (app logic, emulator, xtask)",
        native,
    );
    let bench_build = linted_cargo(
        &lint,
        &["test", "-p", "portal-admin", "--lib", "--features", "bench"],
    );
    suite(
        &mut tally,
        "lint and run the native tests of the bench build (--features bench)",
        bench_build,
    );

    let emulator_bin = emulator::build(root, emulator::Profile::Debug, &lint)?;
    let emulators = WasmEmulators::start(&emulator_bin)?;
    let wasm_tests = run::step("build the wasm tests", || {
        build_wasm_tests(root, &emulators)
    });
    // The release build runs while the wasm tests wait on Chromium and the
    // emulators: it is one long compile on one core (LTO, one codegen unit),
    // the tests mostly wait. It holds cargo's lock on `target/`; the tests,
    // run by wasm-bindgen-test-runner itself, need none.
    let (dist_files, dist_log) = std::thread::scope(|scope| {
        let dist = scope.spawn(|| {
            let mut log = String::new();
            let started = Instant::now();
            let files = dist::build_logged(root, &mut log);
            (files, log, started.elapsed())
        });
        match wasm_tests {
            Ok(tests) => {
                wasm_suite(&mut tally, root, &tests);
            }
            Err(_) => tally.failed += 1,
        }
        let (files, log, took) = dist.join().expect("the release build's thread panicked");
        run::record(
            "size budget: release build (beside the wasm tests)",
            took.as_secs_f64(),
        );
        (files, log)
    });
    // Stopped here, not at the end: a failing run ends by `process::exit`,
    // which runs no destructors, and left the five emulators running.
    drop(emulators);
    println!("==> size budget: the release build, run beside the wasm tests");
    print!("{dist_log}");
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
            let mut e2e = linted_cargo(&lint, &["test", "-p", "e2e", "--", "--test-threads=2"]);
            e2e.env("PORTAL_DIST", root.join("dist"))
                .env("PORTAL_PROJECT", root)
                .env("PORTAL_EMULATOR_BIN", &emulator_bin)
                .env("CHROMEDRIVER", tools::chromedriver()?)
                .env("E2E_SCREENSHOTS", root.join("target/e2e-screenshots"));
            suite(&mut tally, "e2e journeys of the release build", e2e);
        }
        Err(error) => {
            println!("    FAILED: the release build: {error:#}");
            tally.failed += 1;
        }
    }

    run::print_timings();
    println!("{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// What makes a cargo build a lint too: clippy-driver in place of rustc for
/// the workspace's own crates, denying every warning, as `cargo clippy -- -D
/// warnings` runs it, but building as it checks, so one compile both lints
/// and yields the test binaries. Dependencies are built by rustc as ever.
fn lint_env() -> Result<Vec<(&'static str, OsString)>> {
    let sysroot = run::cmd("rustc", &["--print", "sysroot"]).stdout_ok()?;
    let driver = Path::new(sysroot.trim()).join("bin/clippy-driver");
    // clippy-driver reads its own arguments from CLIPPY_ARGS, each followed
    // by this separator, as cargo-clippy passes them.
    Ok(vec![
        ("RUSTC_WORKSPACE_WRAPPER", driver.into_os_string()),
        (
            "CLIPPY_ARGS",
            "-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__".into(),
        ),
    ])
}

/// `cargo <args>`, linted (see [`lint_env`]).
fn linted_cargo(lint: &[(&str, OsString)], args: &[&str]) -> Command {
    let mut command = run::cmd("cargo", args);
    command.envs(lint.iter().cloned());
    command
}

/// Builds the wasm-bindgen-test suites (`tests/*.rs`) without running them
/// and returns their wasm files, so that they can run beside the release
/// build, which needs cargo's lock on `target/`.
fn build_wasm_tests(root: &Path, emulators: &WasmEmulators) -> Result<Vec<PathBuf>> {
    let mut build = run::cmd(
        "cargo",
        &[
            "test",
            "-p",
            "portal-admin",
            "--target",
            "wasm32-unknown-unknown",
            "--test",
            "*",
            "--no-run",
            "--message-format=json-render-diagnostics",
        ],
    );
    emulators.compile_in(&mut build);
    let output = build
        .current_dir(root)
        .stderr(Stdio::inherit())
        .stdout_ok()?;
    let tests = test_executables(&output);
    if tests.is_empty() {
        bail!("cargo built no wasm test");
    }
    Ok(tests)
}

/// The test executables in cargo's JSON messages.
fn test_executables(messages: &str) -> Vec<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| {
            message["reason"] == "compiler-artifact" && message["profile"]["test"] == true
        })
        .filter_map(|message| message["executable"].as_str().map(PathBuf::from))
        .collect()
}

/// The emulators the wasm tests talk to, one per kind of test, so tests
/// that write never disturb tests that count. Their URLs are compiled into
/// the tests (`tests/support/mod.rs`).
struct WasmEmulators {
    read: emulator::Emulator,
    write: emulator::Emulator,
    empty: emulator::Emulator,
    limited: emulator::Emulator,
    slow: emulator::Emulator,
}

impl WasmEmulators {
    fn start(binary: &Path) -> Result<WasmEmulators> {
        let seeded = ["--users", "237"];
        Ok(WasmEmulators {
            read: emulator::start(binary, &seeded)?,
            write: emulator::start(binary, &seeded)?,
            empty: emulator::start(binary, &["--users", "0"])?,
            limited: emulator::start(
                binary,
                &["--users", "237", "--rate-limit", "4", "--rate-window", "3"],
            )?,
            slow: emulator::start(binary, &["--users", "237", "--latency-ms", "1000"])?,
        })
    }

    /// Sets the environment variables the tests read their URLs from at compile time.
    fn compile_in(&self, build: &mut Command) {
        build
            .env("PORTAL_EMULATOR_URL", &self.read.url)
            .env("PORTAL_EMULATOR_WRITE_URL", &self.write.url)
            .env("PORTAL_EMULATOR_EMPTY_URL", &self.empty.url)
            .env("PORTAL_EMULATOR_LIMITED_URL", &self.limited.url)
            .env("PORTAL_EMULATOR_SLOW_URL", &self.slow.url);
    }
}

/// Runs each wasm test file in headless Chromium, as cargo's runner would
/// (from the project root, where `webdriver.json` gives Chromium's flags).
fn wasm_suite(tally: &mut Tally, root: &Path, tests: &[PathBuf]) {
    let chromedriver = match tools::chromedriver() {
        Ok(chromedriver) => chromedriver,
        Err(error) => {
            println!("    FAILED: the wasm tests: {error:#}");
            tally.failed += 1;
            return;
        }
    };
    let started = Instant::now();
    for test in tests {
        let name = test
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut wasm = run::cmd("wasm-bindgen-test-runner", &[test]);
        wasm.current_dir(root)
            .env("CHROMEDRIVER", &chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "180");
        suite(
            tally,
            &format!("wasm tests in headless Chromium: {name}"),
            wasm,
        );
    }
    run::record(
        "wasm tests in headless Chromium, all",
        started.elapsed().as_secs_f64(),
    );
}

/// Runs `command` as a check that passes or fails as one.
fn gate(tally: &mut Tally, name: &str, mut command: Command) {
    match run::step(name, || command.status_ok()) {
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
    use std::path::PathBuf;

    use super::{parse_result, test_executables};

    #[test]
    fn finds_the_test_files_in_cargos_messages() {
        let messages = [
            r#"{"reason":"compiler-artifact","target":{"name":"users"},"profile":{"test":true},"executable":"/t/wasm32-unknown-unknown/debug/deps/users-1a2b.wasm","fresh":false}"#,
            r#"{"reason":"compiler-artifact","target":{"name":"portal_admin"},"profile":{"test":false},"executable":null}"#,
            r#"{"reason":"compiler-message","message":{"rendered":"warning"}}"#,
            r#"{"reason":"build-finished","success":true}"#,
        ]
        .join("\n");
        assert_eq!(
            test_executables(&messages),
            [PathBuf::from(
                "/t/wasm32-unknown-unknown/debug/deps/users-1a2b.wasm"
            )]
        );
    }

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
