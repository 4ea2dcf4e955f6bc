//! The run as a markdown report: machine, versions, figures against targets.

use std::fmt::Write;
use std::process::Command;

use crate::figures::{FileBytes, FirstRows, MemoryRounds, LAST_ROUND, WARM_ROUND};
use crate::stats::Summary;
use crate::whole_portal::{ExportRun, FindRun, WalkMemory};

/// Every figure of one run.
pub struct Run {
    pub bytes: Vec<FileBytes>,
    pub first_rows: FirstRows,
    pub next_page: Summary,
    pub big_page: Summary,
    /// The forward rounds the issue asks for, then the rewinding ones.
    pub memory: Vec<MemoryRounds>,
    /// Export CSV of 10,000 users at each rate limit.
    pub exports: Vec<ExportRun>,
    pub find: FindRun,
    pub walk_memory: WalkMemory,
}

/// Where the run happened and with what.
pub struct Machine {
    pub date: String,
    pub arch: String,
    pub cpu: String,
    pub cores: usize,
    pub versions: Vec<(&'static str, String)>,
}

impl Machine {
    /// This machine; `chromium` comes from the WebDriver session.
    pub fn here(chromium: String, chromedriver: &std::path::Path) -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find_map(|line| {
                line.strip_prefix("model name")?
                    .split_once(':')
                    .map(|(_, v)| v.trim().to_string())
            })
            .unwrap_or_else(|| "unknown".into());
        let driver = first_line(Command::new(chromedriver).arg("--version"));
        Machine {
            date: first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
            arch: first_line(Command::new("uname").arg("-m")),
            cpu,
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            versions: vec![
                ("Chromium", chromium),
                (
                    "chromedriver",
                    driver.split(" (").next().unwrap_or_default().to_string(),
                ),
                ("rustc", first_line(Command::new("rustc").arg("--version"))),
                ("trunk", first_line(Command::new("trunk").arg("--version"))),
                (
                    "wasm-bindgen",
                    first_line(Command::new("wasm-bindgen").arg("--version")),
                ),
                (
                    "wasm-opt",
                    first_line(Command::new("wasm-opt").arg("--version")),
                ),
            ],
        }
    }
}

/// The report's markdown, from the title to the memory table.
pub fn markdown(machine: &Machine, run: &Run) -> String {
    let mut out = String::new();
    let w = &mut out;
    // Writing to a String cannot fail.
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "`cargo xtask bench`, {}: the release build served by the emulator on loopback \
         (latency 0), headless Chromium through chromedriver.\n",
        machine.date
    );
    let versions: Vec<String> = machine
        .versions
        .iter()
        .map(|(name, v)| format!("{name}: {v}"))
        .collect();
    let _ = writeln!(
        w,
        "Machine: {}, {}, {} cores. {}.\n",
        machine.arch,
        machine.cpu,
        machine.cores,
        versions.join("; ")
    );

    let _ = writeln!(w, "## Bytes of a cold load\n");
    let _ = writeln!(
        w,
        "Each file the browser fetched on a cold load of `/users`, as built and precompressed.\n"
    );
    let _ = writeln!(
        w,
        "| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |"
    );
    for f in &run.bytes {
        let _ = writeln!(w, "| {} | {} | {} | {} |", f.name, f.raw, f.gzip, f.brotli);
    }
    let total = |size: fn(&FileBytes) -> u64| run.bytes.iter().map(size).sum::<u64>();
    let brotli = total(|f| f.brotli);
    let _ = writeln!(
        w,
        "| **total** | {} | {} | **{brotli}** |\n",
        total(|f| f.raw),
        total(|f| f.gzip)
    );
    let _ = writeln!(
        w,
        "Target: ≤ 150 KB brotli (stretch ≤ 110 KB): {}.\n",
        verdict(
            brotli <= 150_000,
            &format!("{:.1} KB", brotli as f64 / 1000.0)
        )
    );

    let _ = writeln!(w, "## Times\n");
    let _ = writeln!(
        w,
        "Milliseconds, measured in the page with `performance` (marks and resource timing). \
         “Rows painted” is the console's `portal-admin:rows-painted` mark, set by a task queued \
         from the first animation frame after the rows entered the DOM: after that frame's \
         style, layout and paint.\n"
    );
    let _ = writeln!(w, "| figure | runs | median | p95 | min | max | target |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |");
    let first = &run.first_rows.painted;
    time_row(
        w,
        "first rows: navigation start → rows painted, cold (cache off)",
        first,
        &format!(
            "median ≤ 300, p95 ≤ 500: {}",
            verdict(first.median <= 300.0 && first.p95 <= 500.0, "")
        ),
    );
    time_row(
        w,
        "… of which: API answer → rows painted",
        &run.first_rows.after_response,
        "",
    );
    time_row(
        w,
        "next page: Next click → rows painted (25 rows)",
        &run.next_page,
        &format!("median ≤ 50: {}", verdict(run.next_page.median <= 50.0, "")),
    );
    time_row(
        w,
        "1,000-row page: API answer → rows painted",
        &run.big_page,
        &format!("≤ 50: {}", verdict(run.big_page.median <= 50.0, "")),
    );

    let _ = writeln!(w, "\n## Memory\n");
    let _ = writeln!(
        w,
        "One round: Next on pages of 50, open a user's detail from the list and go back with \
         “Back to users”, open the New user dialog and close it with Cancel; a rewinding round \
         then clicks Previous as well, so the cursor trail stays short. Sampled after two \
         `window.gc()` calls.\n"
    );
    let _ = writeln!(
        w,
        "| rounds | measure | round {WARM_ROUND} | round {LAST_ROUND} | growth |\n| --- | --- | ---: | ---: | ---: |"
    );
    for m in &run.memory {
        memory_rows(w, m);
    }
    let forward = &run.memory[0];
    let growth = forward.last.wasm as i64 - forward.warm.wasm as i64 + forward.last.heap as i64
        - forward.warm.heap as i64;
    let _ = writeln!(
        w,
        "\nTarget (forward rounds): DOM elements equal, wasm + JS heap growth ≤ 1 MiB: {}.",
        verdict(
            forward.warm.nodes == forward.last.nodes && growth <= 1 << 20,
            &format!("{:+.1} KiB", growth as f64 / 1024.0)
        )
    );
    whole_portal(w, run);
    out
}

/// The figures of issue 16.
fn whole_portal(w: &mut String, run: &Run) {
    let _ = writeln!(w, "\n## The whole portal\n");
    let _ = writeln!(
        w,
        "Export CSV: the press of the button → the file saved, with the list requests it sent \
         (the first, at a page size the emulator refuses, included) and the rate limit's floor: \
         the least time that many requests take under the quota (one 60 s window for each full \
         quota beyond the first).\n"
    );
    let _ = writeln!(w, "| users | quota (per 60 s) | requests | time (s) | floor (s) |\n| ---: | ---: | ---: | ---: | ---: |");
    for e in &run.exports {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {:.1} | {:.0} |",
            e.users,
            e.rate_limit,
            e.requests,
            e.millis / 1000.0,
            e.floor_millis / 1000.0
        );
    }
    let _ = writeln!(
        w,
        "\nFind a user, the last of 10,000 by their email: Enter → the first result in the page, \
         {:.0} ms in a new tab (the search walks the portal), {:.1} ms again on the walk just taken \
         (no request).\n",
        run.find.cold, run.find.warm
    );
    let m = &run.walk_memory;
    let before = m.before.wasm + m.before.heap;
    let after = m.after.wasm + m.after.heap;
    let ratio = after as f64 / m.json_bytes as f64;
    let _ = writeln!(
        w,
        "Memory of a walk of {} users (after two `window.gc()`): wasm memory {} → {} bytes, JS heap \
         {} → {} bytes; {} bytes in all against {} bytes of their JSON: {:.2}×. Target ≤ 5×: {}.",
        m.users,
        m.before.wasm,
        m.after.wasm,
        m.before.heap,
        m.after.heap,
        after,
        m.json_bytes,
        ratio,
        verdict(ratio <= 5.0, &format!("{:+} bytes for the walk", after as i64 - before as i64))
    );
}

fn memory_rows(w: &mut String, m: &MemoryRounds) {
    let kind = if m.rewind { "rewinding" } else { "forward" };
    let rows = [
        ("wasm memory (bytes)", m.warm.wasm, m.last.wasm),
        ("JS heap used (bytes)", m.warm.heap, m.last.heap),
        ("DOM elements", m.warm.nodes, m.last.nodes),
    ];
    for (name, warm, last) in rows {
        let _ = writeln!(
            w,
            "| {kind} | {name} | {warm} | {last} | {:+} |",
            last as i64 - warm as i64
        );
    }
}

fn time_row(w: &mut String, name: &str, s: &Summary, target: &str) {
    let _ = writeln!(
        w,
        "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {target} |",
        s.runs, s.median, s.p95, s.min, s.max
    );
}

fn verdict(met: bool, figure: &str) -> String {
    let word = if met { "met" } else { "**missed**" };
    if figure.is_empty() {
        word.to_string()
    } else {
        format!("{figure}, {word}")
    }
}

/// The first line a command prints, or `unknown` if it does not run.
fn first_line(command: &mut Command) -> String {
    command
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into())
}
