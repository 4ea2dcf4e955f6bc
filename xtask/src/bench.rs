//! `cargo xtask bench`: the release build measured in headless Chromium,
//! side by side with react-admin (see [`crate::peer`]). The browser side
//! lives in the e2e crate (`e2e/src/bin/bench/`), so xtask stays free of
//! WebDriver; this builds what it measures and runs it.

use std::path::Path;

use anyhow::Result;

use crate::run::{self, StatusOk};
use crate::{dist, emulator, peer, tools};

pub fn run(root: &Path) -> Result<()> {
    tools::ensure_all(root)?;
    let files = dist::build(root)?;
    dist::print_table(&files);
    let bench_dist = dist::build_bench(root)?;
    let peer_dist = peer::build(root)?;
    let emulator_bin = emulator::build(root, emulator::Profile::Release, &[])?;
    // The debug profile: the runner only waits on the browser, which takes
    // every time itself, and it shares its build with the e2e suite.
    run::step("measure in headless Chromium", || {
        let mut bench = run::cmd("cargo", &["run", "-p", "e2e", "--bin", "bench", "--"]);
        bench
            .arg(root.join("BENCHMARKS.md"))
            .current_dir(root)
            .env("PORTAL_DIST", &bench_dist)
            .env("PORTAL_EMULATOR_BIN", &emulator_bin)
            .env("CHROMEDRIVER", tools::chromedriver()?)
            // So the report names the wasm-opt the build used.
            .env("PATH", tools::path_with_wasm_opt(root)?);
        if let Some(peer_dist) = &peer_dist {
            bench.env("PORTAL_PEER_DIST", peer_dist);
        }
        bench.status_ok()
    })
}
