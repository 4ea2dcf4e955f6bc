//! Installs what the build and the tests need, skipping what is already there.
//!
//! Versions are pinned here because the machine's rustc (1.95) cannot build
//! newer Trunk releases, and wasm-bindgen-cli must equal the `wasm-bindgen`
//! in `Cargo.lock` or the generated glue will not match the compiled wasm.
//!
//! wasm-opt comes from npm's binaryen, not Debian's: Debian's (version 108)
//! writes the export of wasm-bindgen's externref table as the function
//! table, and the release build then fails to start in the browser.
//!
//! Trunk is compiled with `--debug`: it spends its time waiting for cargo,
//! wasm-bindgen and wasm-opt, so an optimised Trunk builds the same `dist/`
//! (byte for byte, checked) a few seconds sooner, and costs about seven more
//! minutes to compile on a fresh two-core machine.
//!
//! The installs that wait on the network (apt-get, npm) run on their own
//! threads while cargo compiles Trunk and wasm-bindgen-cli; their output is
//! kept and printed, each line prefixed, when they end, so it never
//! interleaves with cargo's.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use crate::run::{self, StatusOk};

const TRUNK_VERSION: &str = "0.21.14";
/// The splitter `cargo xtask split` runs (`wasm-split-cli`), and the
/// `wasm_split_helpers` in `Cargo.lock` it pairs with: the chunks are cut
/// where the helpers' macros leave their marks, so the two move together.
const WASM_SPLIT_CLI_VERSION: &str = "0.2.4";
const WASM_SPLIT_HELPERS_VERSION: &str = "0.2.3";
/// Must equal `wasm_opt` in `Trunk.toml`.
const BINARYEN_VERSION: &str = "132";
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Debian packages and why each one is needed.
const APT_PACKAGES: [(&str, &str); 3] = [
    ("chromium", "the browser the wasm and e2e tests run in"),
    (
        "chromium-driver",
        "chromedriver, which drives Chromium for the tests",
    ),
    (
        "fonts-noto-cjk",
        "Chinese, Japanese and Korean names render in screenshots instead of boxes",
    ),
];

/// Installs every missing tool; prints what it installs and why.
pub fn ensure_all(root: &Path) -> Result<()> {
    run::step("check tools", || {
        ensure_wasm_target()?;
        ensure_components()?;
        std::thread::scope(|scope| {
            let apt = scope.spawn(|| run::logged("apt", ensure_apt_packages));
            let npm = scope.spawn(|| run::logged("npm", |log| ensure_wasm_opt(root, log)));
            let cargo = ensure_builders(root).and_then(|()| ensure_wasm_split());
            let apt = apt.join().expect("the apt-get thread panicked");
            let npm = npm.join().expect("the npm thread panicked");
            cargo.and(apt).and(npm)
        })
    })
}

/// What a debug build of the console needs (`cargo xtask dev`): Trunk and
/// wasm-bindgen-cli, their versions checked against `Cargo.lock`. Not the
/// browser and the fonts (only the tests need them), the splitter or wasm-opt
/// (only the release build does).
///
/// The two compile side by side, wasm-bindgen-cli's output kept and printed
/// when it ends: each alone leaves a core idle while its last crates and
/// its link run one at a time.
pub fn ensure_builders(root: &Path) -> Result<()> {
    check_pins(root)?;
    std::thread::scope(|scope| {
        let bindgen =
            scope.spawn(|| run::logged("wasm-bindgen-cli", |log| ensure_wasm_bindgen(root, log)));
        let trunk = ensure_trunk();
        let bindgen = bindgen
            .join()
            .expect("the wasm-bindgen-cli thread panicked");
        trunk.and(bindgen)
    })
}

/// Where npm puts binaryen's programs; Trunk finds wasm-opt there through
/// [`path_with_wasm_opt`].
pub fn binaryen_bin(root: &Path) -> PathBuf {
    root.join("target/binaryen/node_modules/.bin")
}

/// `PATH` with binaryen's wasm-opt ahead of any other.
pub fn path_with_wasm_opt(root: &Path) -> Result<OsString> {
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(binaryen_bin(root)).chain(std::env::split_paths(&rest));
    Ok(std::env::join_paths(dirs)?)
}

fn ensure_wasm_opt(root: &Path, log: &mut String) -> Result<()> {
    let installed = version_of(&binaryen_bin(root).join("wasm-opt").to_string_lossy());
    if installed.is_some_and(|v| v.contains(&format!("version_{BINARYEN_VERSION}"))) {
        log.push_str(&format!("ok: wasm-opt {BINARYEN_VERSION} (npm binaryen)\n"));
        return Ok(());
    }
    log.push_str(&format!(
        "installing binaryen {BINARYEN_VERSION} from npm: Trunk shrinks the release wasm with its wasm-opt\n"
    ));
    let prefix = root.join("target/binaryen");
    run::cmd("npm", &["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&prefix)
        .arg(format!("binaryen@{BINARYEN_VERSION}"))
        .logged_ok(log)
}

/// The Rust target the console compiles to.
pub fn ensure_wasm_target() -> Result<()> {
    let installed = run::cmd("rustup", &["target", "list", "--installed"]).stdout_ok()?;
    if installed.lines().any(|line| line.trim() == WASM_TARGET) {
        println!("    ok: rust target {WASM_TARGET}");
        return Ok(());
    }
    println!("    installing rust target {WASM_TARGET}: the console compiles to it");
    run::cmd("rustup", &["target", "add", WASM_TARGET]).status_ok()
}

/// rustfmt and clippy, which `cargo xtask test` runs as gates.
fn ensure_components() -> Result<()> {
    let installed = run::cmd("rustup", &["component", "list", "--installed"]).stdout_ok()?;
    let missing: Vec<&str> = ["rustfmt", "clippy"]
        .into_iter()
        .filter(|component| {
            !installed
                .lines()
                .any(|line| line.starts_with(&format!("{component}-")))
        })
        .collect();
    if missing.is_empty() {
        println!("    ok: rustfmt, clippy");
        return Ok(());
    }
    println!(
        "    installing {}: cargo xtask test checks formatting and lints",
        missing.join(", ")
    );
    run::cmd("rustup", &["component", "add"])
        .args(&missing)
        .status_ok()
}

fn ensure_trunk() -> Result<()> {
    if version_of("trunk").is_some_and(|v| v.contains(TRUNK_VERSION)) {
        println!("    ok: trunk {TRUNK_VERSION}");
        return Ok(());
    }
    println!(
        "    installing trunk {TRUNK_VERSION} (--debug: compiles in a quarter of the time): \
         it builds the console (0.22 needs a newer rustc)"
    );
    run::cmd(
        "cargo",
        &[
            "install",
            "trunk",
            "--version",
            TRUNK_VERSION,
            "--locked",
            "--debug",
            // Its update check and TLS: `--offline` uses neither.
            "--no-default-features",
        ],
    )
    // Never debugged here. Without debug info it compiles in 138 s where it
    // took 152, and without its default features in 133 (two cores,
    // 2026-12-07).
    .env("CARGO_PROFILE_DEV_DEBUG", "false")
    .status_ok()
}

fn ensure_wasm_bindgen(root: &Path, log: &mut String) -> Result<()> {
    let wanted = locked_version(root, "wasm-bindgen")?;
    if version_of("wasm-bindgen").is_some_and(|v| v.split_whitespace().last() == Some(&wanted)) {
        log.push_str(&format!("ok: wasm-bindgen-cli {wanted}\n"));
        return Ok(());
    }
    log.push_str(&format!(
        "installing wasm-bindgen-cli {wanted}: it must equal wasm-bindgen in Cargo.lock\n"
    ));
    // Not `--locked`: the CLI's own lockfile names a dependency version the registry lacks.
    let mut install = run::cmd("cargo", &[] as &[&str]);
    for package in WASM_BINDGEN_HOT_CRATES {
        install.args([
            "--config",
            &format!("profile.release.package.{package}.opt-level=1"),
        ]);
    }
    install
        .args(["install", "wasm-bindgen-cli", "--version"])
        .arg(format!("={wanted}"))
        .arg("--no-default-features")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .logged_ok(log)
}

/// The crates wasm-bindgen-cli spends its time in, reading, transforming and
/// writing wasm: compiled at opt-level 1, and the rest (arguments, the
/// test runner's HTTP) at 0. Measured on two cores, 2026-12-07:
///
/// | wasm-bindgen-cli built | compiles | runs on the console's debug wasm: 166 MB (with its dependencies' debug info), 105 MB (without) |
/// | --- | ---: | ---: |
/// | release profile (opt-level 3) | 138 s | 2.1 s, — |
/// | opt-level 1 | 126 s | 1.8 s, — |
/// | opt-level 1, no default feature | 111 s | —, 1.7 s |
/// | these at 1, the rest at 0, no default feature | 73 s | —, 2.2 s |
/// | `--debug` | 57 s | 6.7 s, — |
///
/// It runs on each build of the console and on each of a test run's wasm
/// files, so `--debug` costs more than it saves. Its default feature is
/// rustls, for a WebDriver over HTTPS; chromedriver is plain HTTP on loopback.
const WASM_BINDGEN_HOT_CRATES: [&str; 10] = [
    "wasm-bindgen-cli",
    "wasm-bindgen-cli-support",
    "wasm-bindgen-shared",
    "walrus",
    "wasmparser",
    "wasm-encoder",
    "gimli",
    "id-arena",
    "leb128",
    "leb128fmt",
];

fn ensure_wasm_split() -> Result<()> {
    // The program has no `--version`; cargo lists what it installed.
    let installed = run::cmd("cargo", &["install", "--list"]).stdout_ok()?;
    let wanted = format!("wasm_split_cli_support v{WASM_SPLIT_CLI_VERSION}:");
    if installed.lines().any(|line| line == wanted) && run::which("wasm-split-cli").is_some() {
        println!("    ok: wasm-split-cli {WASM_SPLIT_CLI_VERSION}");
        return Ok(());
    }
    println!(
        "    installing wasm-split-cli {WASM_SPLIT_CLI_VERSION}: the release build splits the wasm into chunks loaded on demand"
    );
    run::cmd(
        "cargo",
        &[
            "install",
            "--locked",
            &format!("wasm_split_cli_support@{WASM_SPLIT_CLI_VERSION}"),
            "--features",
            "build-binary",
        ],
    )
    .status_ok()
}

/// Fails when the versions that must agree do not: wasm-bindgen in
/// `Cargo.lock` and in `Trunk.toml`, and the splitter with the
/// `wasm_split_helpers` in `Cargo.lock`.
fn check_pins(root: &Path) -> Result<()> {
    let bindgen = locked_version(root, "wasm-bindgen")?;
    let trunk_toml =
        std::fs::read_to_string(root.join("Trunk.toml")).context("reading Trunk.toml")?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{bindgen}\"")) {
        bail!("Trunk.toml's wasm_bindgen must equal wasm-bindgen {bindgen} in Cargo.lock");
    }
    let helpers = locked_version(root, "wasm_split_helpers")?;
    if helpers != WASM_SPLIT_HELPERS_VERSION {
        bail!(
            "Cargo.lock has wasm_split_helpers {helpers}; wasm-split-cli {WASM_SPLIT_CLI_VERSION} \
             pairs with {WASM_SPLIT_HELPERS_VERSION}: move WASM_SPLIT_CLI_VERSION and \
             WASM_SPLIT_HELPERS_VERSION in xtask/src/tools.rs together"
        );
    }
    println!("    ok: wasm-bindgen {bindgen} and wasm_split_helpers {helpers} pinned alike");
    Ok(())
}

fn ensure_apt_packages(log: &mut String) -> Result<()> {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .filter(|(package, _)| !apt_installed(package))
        .map(|(package, why)| {
            log.push_str(&format!("installing {package}: {why}\n"));
            *package
        })
        .collect();
    if missing.is_empty() {
        log.push_str("ok: chromium, chromedriver, CJK fonts\n");
        return Ok(());
    }
    let sudo = !is_root();
    let mut apt = |args: &[&str]| {
        let mut command = if sudo {
            run::cmd("sudo", &["apt-get"])
        } else {
            run::cmd("apt-get", &[] as &[&str])
        };
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command.logged_ok(log)
    };
    apt(&["update"])?;
    // With recommends: they bring Chromium's fonts (fonts-liberation),
    // without which screenshots have no text.
    let mut install = vec!["install", "-y"];
    install.extend(&missing);
    apt(&install)
}

/// Whether Debian's package manager has `package` installed.
fn apt_installed(package: &str) -> bool {
    run::cmd("dpkg-query", &["--show", "--showformat=${Status}", package])
        .stdout_ok()
        .is_ok_and(|status| status.ends_with(" installed"))
}

/// chromedriver, which the browser tests and the benchmark drive Chromium with.
pub fn chromedriver() -> Result<PathBuf> {
    run::which("chromedriver").context("chromedriver is not on PATH")
}

fn is_root() -> bool {
    run::cmd("id", &["-u"])
        .stdout_ok()
        .is_ok_and(|uid| uid.trim() == "0")
}

/// The first line `program --version` prints, if the program runs.
fn version_of(program: &str) -> Option<String> {
    let output = std::process::Command::new(program)
        .arg("--version")
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    Some(text.lines().next()?.trim().to_string())
}

/// The version of `package` that `Cargo.lock` pins.
pub fn locked_version(root: &Path, package: &str) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == name_line {
            if let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    bail!("{package} is not in Cargo.lock")
}
