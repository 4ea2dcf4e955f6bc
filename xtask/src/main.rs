//! `cargo xtask`: the project's commands, in plain Rust so they run the same
//! on every machine that has cargo.
//!
//! - `dev`   installs what it needs, serves the console with the emulator, rebuilds it after each edit
//! - `test`  every suite: native, wasm in headless Chromium, the size budget, e2e
//! - `dist`  the release build into `dist/`, precompressed, with a size table
//! - `split` Trunk's post_build hook: the wasm split into chunks loaded on demand
//! - `bench` the release build measured in headless Chromium beside react-admin, into `BENCHMARKS.md`

mod bench;
mod dev;
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

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  dev [--port 8080]   serve the console with the emulator; rebuild it after each edit
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
            dev::run(&root, port)
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

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the project root")
        .to_path_buf()
}
