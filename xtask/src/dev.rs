//! `cargo xtask dev`: the console against the seeded emulator, on one
//! origin, rebuilt after every edit.
//!
//! The console is built as the wasm tests build it (debug, one module, no
//! `split` feature) and rebuilt by `trunk watch` whenever a file of the
//! project changes; a reload of the page shows the edit. The emulator serves
//! `dist/` with the API, under the same headers and Content-Security-Policy
//! as the release build gets, so a change the policy would block shows up
//! here, not in the tests. (`trunk serve` would serve the console from an
//! origin of its own, under none of them.)
//!
//! On a fresh machine most of the wait is compiling Trunk and
//! wasm-bindgen-cli; the console and the emulator need neither to compile,
//! so they compile beside them.

use std::path::Path;
use std::process::{Child, Command};
use std::time::Duration;

use anyhow::{bail, Context, Result};

use crate::emulator;
use crate::run::{self, StatusOk};
use crate::tools;

/// Builds, serves and rebuilds the console on `port` until stopped.
pub fn run(root: &Path, port: u16) -> Result<()> {
    tools::ensure_wasm_target()?;
    run::step(
        "check tools, compiling the console and the emulator beside them",
        || {
            std::thread::scope(|scope| {
                let builds = scope.spawn(|| run::logged("compile", |log| compile(root, log)));
                let tools = tools::ensure_builders(root);
                let builds = builds.join().expect("the compiling thread panicked");
                tools.and(builds)
            })
        },
    )?;
    run::step("build the console (trunk, debug)", || {
        run::cmd("trunk", &["build", "--offline"])
            .current_dir(root)
            .status_ok()
    })?;
    let addr = format!("127.0.0.1:{port}");
    println!("==> serving; `trunk watch` rebuilds the console after each edit; Ctrl-C stops both");
    // The emulator prints the console URL, the portal ID and the key itself.
    let emulator = Running::start(
        "the emulator",
        Command::new(emulator::binary(root, emulator::Profile::Debug))
            .args(["--addr", &addr, "--static", "dist", "--users", "237"])
            .current_dir(root),
    )?;
    let watch = Running::start(
        "trunk watch",
        run::cmd("trunk", &["watch", "--offline"]).current_dir(root),
    )?;
    Running::until_one_stops([emulator, watch])
}

/// What needs neither Trunk nor wasm-bindgen: the console's wasm, as Trunk
/// will ask cargo for it (so that Trunk then finds it fresh), and the emulator.
fn compile(root: &Path, log: &mut String) -> Result<()> {
    run::cmd("cargo", &["build", "--target", tools::WASM_TARGET])
        .current_dir(root)
        .logged_ok(log)?;
    emulator::command(emulator::Profile::Debug)
        .current_dir(root)
        .logged_ok(log)
}

/// A program that runs until stopped.
struct Running {
    name: &'static str,
    child: Child,
}

impl Running {
    fn start(name: &'static str, command: &mut Command) -> Result<Running> {
        let child = command
            .spawn()
            .with_context(|| format!("starting {name}"))?;
        Ok(Running { name, child })
    }

    /// Waits until one of `programs` stops (Ctrl-C stops them all), then
    /// stops the others: a console without its server, or a server whose
    /// console no longer rebuilds, would only mislead.
    fn until_one_stops<const N: usize>(mut programs: [Running; N]) -> Result<()> {
        loop {
            for index in 0..N {
                if let Some(status) = programs[index].child.try_wait()? {
                    let name = programs[index].name;
                    for other in &mut programs {
                        let _ = other.child.kill();
                        let _ = other.child.wait();
                    }
                    if status.success() {
                        return Ok(());
                    }
                    bail!("{name} stopped: {status}");
                }
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}
