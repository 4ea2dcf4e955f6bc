//! `cargo xtask`: the project's commands, in plain Rust so they run the same
//! on every machine that has cargo.
//!
//! - `dev`   installs what is missing, builds the console and serves it with the emulator
//! - `test`  every suite: native, wasm in headless Chromium, the size budget, e2e
//! - `dist`  the release build into `dist/`, precompressed, with a size table
//! - `split` Trunk's post_build hook: the wasm split into chunks loaded on demand
//! - `bench` the release build measured in headless Chromium beside react-admin, into `BENCHMARKS.md`

mod bench;
mod dist;
mod emulator;
mod peer;
mod run;
mod split;
mod test;
mod tidy;
mod tools;

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};

use run::StatusOk;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dev [--port 8080]   install missing tools, build the console, serve it with the emulator
  test                run every test suite (native, wasm, size budget, e2e)
  dist                release build into dist/ with .br and .gz files and a size table
  split               Trunk's post_build hook (Trunk.toml): split the wasm, hash the file names
  bench               measure the release build beside react-admin in headless Chromium, write BENCHMARKS.md
";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("dev") => {
            let port = match args.get(1..) {
                Some([flag, port]) if flag == "--port" => port.parse()?,
                Some([]) => 8080,
                _ => bail!("usage: cargo xtask dev [--port 8080]"),
            };
            dev(&root, port)
        }
        Some("test") => test::run(&root),
        Some("dist") => {
            tools::ensure_all(&root)?;
            let files = dist::build(&root)?;
            dist::print_table(&files);
            Ok(())
        }
        Some("split") => split::run(&root),
        Some("bench") => bench::run(&root),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        _ => {
            eprint!("{USAGE}");
            std::process::exit(2)
        }
    }
}

/// `cargo xtask dev`: the console against the seeded emulator, on one origin.
fn dev(root: &Path, port: u16) -> Result<()> {
    tools::ensure_all(root)?;
    run::step("build the console (trunk, debug)", || {
        run::cmd("trunk", &["build", "--offline"])
            .current_dir(root)
            .status_ok()
    })?;
    let emulator = emulator::build(root, emulator::Profile::Debug, &[])?;
    let addr = format!("127.0.0.1:{port}");
    println!("==> starting the emulator; Ctrl-C stops it");
    // The emulator prints the console URL, the portal ID and the key itself.
    let status = std::process::Command::new(emulator)
        .args(["--addr", &addr, "--static", "dist", "--users", "237"])
        .status()?;
    if !status.success() {
        bail!("the emulator stopped: {status}");
    }
    Ok(())
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the project root")
        .to_path_buf()
}
