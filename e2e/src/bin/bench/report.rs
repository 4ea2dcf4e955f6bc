//! The run as a markdown report: ratios first, absolute figures after,
//! machine, load and versions stated.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;

use crate::figures::{
    BigPage, FileBytes, LazyOpen, MemoryRounds, Samples, LAST_ROUND, NEXT_CLICKS, WARM_ROUND,
};
use crate::profiles::Profile;
use crate::stats::Summary;
use crate::whole_portal::{ExportRun, FindRun, ImportRun, WalkMemory};

/// The goal for cold and warm first rows: at most this share of the peer's time.
const FIRST_ROWS_GOAL: f64 = 0.5;
/// The goal for the 1,000-row page: at most this multiple of the browser's floor.
const FLOOR_GOAL: f64 = 1.25;

/// Picks one figure's samples out of an app's.
type Figure = fn(&Samples) -> &Vec<f64>;

/// Every figure of one run.
pub struct Run {
    /// The console, then the peer if it was there.
    pub apps: Vec<&'static str>,
    /// Per profile, one [`Samples`] per app, in the order of `apps`.
    pub profiles: Vec<(&'static Profile, Vec<Samples>)>,
    pub rounds: usize,
    /// Per app, the files of its cold load.
    pub bytes: Vec<Vec<FileBytes>>,
    /// The console's chunks, fetched on demand.
    pub chunks: Vec<FileBytes>,
    /// The dialogs fetched on demand, opened the first time and the second.
    pub lazy_opens: Vec<LazyOpen>,
    pub big_page: BigPage,
    /// The forward rounds the memory goal is about, then the rewinding ones.
    pub memory: Vec<MemoryRounds>,
    /// Export CSV of 10,000 users at each rate limit.
    pub exports: Vec<ExportRun>,
    /// Import CSV of 500 users.
    pub import: ImportRun,
    pub find: FindRun,
    pub walk_memory: WalkMemory,
    /// The load average at the start and at the end.
    pub load: (String, String),
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
    /// This machine; `chromium` comes from the WebDriver session, the
    /// peer's versions from what npm installed beside `peer_dist`.
    pub fn here(chromium: String, chromedriver: &Path, peer_dist: Option<&Path>) -> Machine {
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
        let mut versions = vec![
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
        ];
        if let Some(modules) = peer_dist
            .and_then(Path::parent)
            .map(|p| p.join("node_modules"))
        {
            versions.push(("node", first_line(Command::new("node").arg("--version"))));
            for package in ["react-admin", "react", "vite"] {
                versions.push((package, npm_version(&modules, package)));
            }
        }
        Machine {
            date: first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"])),
            arch: first_line(Command::new("uname").arg("-m")),
            cpu,
            cores: std::thread::available_parallelism().map_or(0, usize::from),
            versions,
        }
    }
}

/// The 1, 5 and 15 minute load averages, as `/proc/loadavg` has them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The report's markdown, from the title to the memory table.
pub fn markdown(machine: &Machine, run: &Run) -> String {
    let mut out = String::new();
    let w = &mut out;
    // Writing to a String cannot fail.
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "`cargo xtask bench`, {}. Load average (1, 5, 15 minutes): {} at the start, {} at \
         the end; other engineers' builds share the two cores, which is why every claim \
         below is a ratio of two figures from this one run.\n",
        machine.date, run.load.0, run.load.1
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
    let _ = writeln!(
        w,
        "Measured: the console's release build{}, each served by the bench's own static \
         server (`e2e/src/bin/bench/serve.rs`: the same precompressed brotli, the same \
         cache and security headers) with its own emulator (2,000 users, the same seed) on \
         the same origin, in one headless Chromium through chromedriver. On each network \
         profile (Chrome DevTools emulation) {} rounds; in each round each app makes a cold \
         load (HTTP cache off), a second visit (cache on) and {NEXT_CLICKS} Next clicks, the \
         apps taking turns going first. “Rows painted” is one mark for both apps, set by the \
         bench: a task queued from the first animation frame after the table holds the \
         page's 25 users (its first and last email), so after that frame's style, layout \
         and paint. “Bytes” are over the wire, headers included, of every response that \
         ended before the rows were painted.\n",
        if run.apps.len() > 1 {
            " and react-admin 5 (`../shared/peers/react-admin`, Vite's production build)"
        } else {
            ""
        },
        run.rounds
    );

    side_by_side(w, run);
    big_page(w, &run.big_page);
    absolute(w, run);
    start_up(w, run);
    lazy_opens(w, &run.lazy_opens);

    let _ = writeln!(w, "## Bytes of a cold load, file by file\n");
    let _ = writeln!(
        w,
        "Each file of the app's build that a cold load of its users list fetched, as built \
         and as precompressed (the server sends the brotli copy).\n"
    );
    for (app, files) in run.apps.iter().zip(&run.bytes) {
        bytes_table(w, app, files);
    }
    if !run.chunks.is_empty() {
        let _ = writeln!(
            w,
            "The console's chunks, not part of the cold load above: each is fetched the first \
             time a screen that needs it opens, or once the first rows are painted and the \
             browser is idle.\n"
        );
        bytes_table(w, "console: chunks, on demand", &run.chunks);
    }

    memory(w, &run.memory);
    whole_portal(w, run);
    out
}

/// The figures of issue 16: the whole portal at once.
fn whole_portal(w: &mut String, run: &Run) {
    let _ = writeln!(w, "\n## The whole portal\n");
    let _ = writeln!(
        w,
        "Export CSV: the press of the button → the file saved, with the list requests it sent \
         (the first, at a page size the emulator refuses, included) and the rate limit's floor: \
         the least time that many requests take under the quota (one 60 s window for each full \
         quota beyond the first).\n"
    );
    let _ = writeln!(
        w,
        "| users | quota (per 60 s) | requests | time (s) | floor (s) |\n| ---: | ---: | ---: | ---: | ---: |"
    );
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
    let i = &run.import;
    let _ = writeln!(
        w,
        "\nImport CSV of {} new users into a portal of {} (quota {} per 60 s, of which the console \
         leaves a tenth to the key's other users): **Check file** → **Create {} users** offered, \
         {:.1} s and {} list requests (the walk of the portal); **Create {} users** → **Download \
         results** offered, {:.1} s and {} creates. Both steps' requests need at least {:.0} s \
         under the quota (the floor, counted as for the export).",
        i.users,
        i.portal,
        i.rate_limit,
        i.users,
        i.check_millis / 1000.0,
        i.check_requests,
        i.users,
        i.create_millis / 1000.0,
        i.creates,
        i.floor_millis / 1000.0
    );
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
         {} → {} bytes; {} bytes in all against {} bytes of their JSON: {:.2}×. Goal ≤ 5×: {}.",
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
    let r = &m.review;
    let _ = writeln!(
        w,
        "\nAccess review over that walk of {} users: another Last login choice (\"No login in 90 \
         days\" → \"No login in a year\") → the new count and rows in the page, {:.1} ms; a press \
         of Name → the results sorted by the locale's collation, {:.1} ms. Goal ≤ 50 ms: {}. \
         Memory after both: wasm {} bytes, JS heap {} bytes.",
        m.users,
        r.filter_millis,
        r.sort_millis,
        verdict(
            r.filter_millis <= 50.0 && r.sort_millis <= 50.0,
            &format!("{:.1} ms the slower", r.filter_millis.max(r.sort_millis))
        ),
        r.after.wasm,
        r.after.heap
    );
}

fn side_by_side(w: &mut String, run: &Run) {
    let _ = writeln!(w, "## Side by side: the console / react-admin\n");
    if run.apps.len() < 2 {
        let _ = writeln!(
            w,
            "The peer (`../shared/peers/react-admin`) was absent: the console alone, no ratios.\n"
        );
        return;
    }
    let _ = writeln!(
        w,
        "The console's median over react-admin's (p95 over p95 in brackets): below 1 the \
         console is faster or smaller.\n"
    );
    let _ = writeln!(
        w,
        "| profile | cold first rows | warm first rows | next page | bytes, cold load |\n\
         | --- | ---: | ---: | ---: | ---: |"
    );
    let mut cold_goal = Vec::new();
    let mut warm_goal = Vec::new();
    for (profile, samples) in &run.profiles {
        let (console, peer) = (&samples[0], &samples[1]);
        let _ = writeln!(
            w,
            "| {} ({}) | {} |",
            profile.name,
            profile.describe(),
            ratios(console, peer).join(" | "),
        );
        cold_goal.push((profile.name, median_ratio(console, peer, |s| &s.cold)));
        warm_goal.push((profile.name, median_ratio(console, peer, |s| &s.warm)));
    }
    for (what, goal) in [
        ("Cold first rows", cold_goal),
        ("Warm first rows", warm_goal),
    ] {
        let parts: Vec<String> = goal
            .iter()
            .map(|(name, ratio)| {
                format!(
                    "{name} {}",
                    verdict(*ratio <= FIRST_ROWS_GOAL, &format!("{ratio:.2}"))
                )
            })
            .collect();
        let _ = writeln!(
            w,
            "\n{what} ≤ {FIRST_ROWS_GOAL}× react-admin on every profile: {}.",
            parts.join("; ")
        );
    }
    let _ = writeln!(w);
}

/// The console's figures over the peer's: cold, warm and next page as
/// “median ratio (p95 ratio)”, then the bytes of a cold load.
pub fn ratios(console: &Samples, peer: &Samples) -> [String; 4] {
    let cell = |of: Figure| {
        let (c, p) = (Summary::of(of(console)), Summary::of(of(peer)));
        format!("{:.2} ({:.2})", c.median / p.median, c.p95 / p.p95)
    };
    [
        cell(|s| &s.cold),
        cell(|s| &s.warm),
        cell(|s| &s.next),
        format!("{:.2}", median_ratio(console, peer, |s| &s.cold_bytes)),
    ]
}

fn median_ratio(console: &Samples, peer: &Samples, of: Figure) -> f64 {
    Summary::of(of(console)).median / Summary::of(of(peer)).median
}

fn big_page(w: &mut String, big: &BigPage) {
    let _ = writeln!(w, "## The 1,000-row page against the browser's floor\n");
    let _ = writeln!(
        w,
        "Loopback, cache off. In each load, once the console has painted its 1,000 rows, \
         the bench takes its table out (and lets that frame paint), then times a clone of \
         it built into a detached container and attached where it was, to the same painted \
         mark: what the browser itself needs to style, lay out and paint that table. \
         Milliseconds.\n"
    );
    let _ = writeln!(
        w,
        "| figure | runs | median | p95 | min | max |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    time_row(
        w,
        "console: API answer → rows painted (decoding 1,000 users, building the rows, one frame)",
        &big.console,
    );
    time_row(w, "floor: the clone attached → painted", &big.floor);
    let ratio = big.console.median / big.floor.median;
    let _ = writeln!(
        w,
        "\nThe console over the floor (medians): {}; goal ≤ {FLOOR_GOAL}×.\n",
        verdict(ratio <= FLOOR_GOAL, &format!("{ratio:.2}"))
    );
}

fn absolute(w: &mut String, run: &Run) {
    let _ = writeln!(w, "## Absolute figures\n");
    let _ = writeln!(
        w,
        "Milliseconds (bytes for the bytes rows). Cold and warm first rows: navigation \
         start → first 25 rows painted, and “user list requested”: navigation start → the \
         app sent its request for them (what came before is loading and starting the app); \
         next page: Next click → the next 25 rows painted.\n"
    );
    let _ = writeln!(
        w,
        "| profile | figure | app | runs | median | p95 | min | max |\n\
         | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
    );
    // Times to a tenth of a millisecond, bytes whole.
    let figures: [(&str, Figure, usize); 8] = [
        ("cold first rows", |s| &s.cold, 1),
        ("… cold: user list requested", |s| &s.cold_requested, 1),
        ("warm first rows", |s| &s.warm, 1),
        ("… warm: user list requested", |s| &s.warm_requested, 1),
        ("next page", |s| &s.next, 1),
        ("bytes, cold load", |s| &s.cold_bytes, 0),
        ("bytes, warm load", |s| &s.warm_bytes, 0),
        ("bytes, next page", |s| &s.next_bytes, 0),
    ];
    for (profile, samples) in &run.profiles {
        for (figure, of, digits) in figures {
            for (app, s) in run.apps.iter().zip(samples) {
                let s = Summary::of(of(s));
                let _ = writeln!(
                    w,
                    "| {} | {figure} | {app} | {} | {:.digits$} | {:.digits$} | {:.digits$} | {:.digits$} |",
                    profile.name, s.runs, s.median, s.p95, s.min, s.max
                );
            }
        }
    }
    let _ = writeln!(w);
}

/// The goal for a dialog's first open, over its second.
const LAZY_GOAL: f64 = 1.2;

/// The dialogs fetched on demand: first open against second.
fn lazy_opens(w: &mut String, opens: &[LazyOpen]) {
    let _ = writeln!(
        w,
        "## Dialogs fetched on demand: the first open and the second
"
    );
    let _ = writeln!(
        w,
        "Desktop profile, cold loads of the list. Once the prefetch has brought the dialog's \
         chunk and the browser is idle, a click opens the dialog (its code then runs for the \
         first time), Cancel closes it, and a second click opens it again. Milliseconds from \
         the click to the dialog painted.\n"
    );
    let _ = writeln!(
        w,
        "| dialog | runs | first open, median | p95 | second open, median | p95 | first / second |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for open in opens {
        let ratio = open.first.median / open.second.median;
        let _ = writeln!(
            w,
            "| {} | {} | {:.1} | {:.1} | {:.1} | {:.1} | {} |",
            open.button,
            open.first.runs,
            open.first.median,
            open.first.p95,
            open.second.median,
            open.second.p95,
            verdict(ratio <= LAZY_GOAL, &format!("{ratio:.2}"))
        );
    }
    let _ = writeln!(w, "\nGoal: a first open ≤ {LAZY_GOAL}× the second.\n");
}

/// Where a cold load of the console spends its time before the first rows.
fn start_up(w: &mut String, run: &Run) {
    let _ = writeln!(
        w,
        "## A cold load of the console, step by step
"
    );
    let _ = writeln!(
        w,
        "Medians of the console's cold loads, in milliseconds. Each step runs from the end of \
         the one before: the document; the main wasm module received (compiled while it \
         streams in, `instantiateStreaming`); the rest of compiling and instantiating it, \
         up to `main` (the bench build's `portal-admin:started` mark); `main` → the user \
         list requested (building the views); then the API's answer and the rows painted.\n"
    );
    let _ = writeln!(
        w,
        "| profile | loads | document | main wasm received | compiled, `main` started | user list requested | rows painted |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (profile, samples) in &run.profiles {
        let Some(console) = samples.first() else {
            continue;
        };
        let loads = &console.cold_start_up;
        if loads.is_empty() || loads.len() != console.cold.len() {
            continue;
        }
        let step = |from: &dyn Fn(usize) -> f64, to: &dyn Fn(usize) -> f64| {
            let gaps: Vec<f64> = (0..loads.len()).map(|i| to(i) - from(i)).collect();
            Summary::of(&gaps).median
        };
        let zero = |_: usize| 0.0;
        let document = |i: usize| loads[i].document;
        let wasm = |i: usize| loads[i].wasm;
        let started = |i: usize| loads[i].started;
        let requested = |i: usize| console.cold_requested[i];
        let painted = |i: usize| console.cold[i];
        let _ = writeln!(
            w,
            "| {} | {} | {:.1} | +{:.1} | +{:.1} | +{:.1} | +{:.1} |",
            profile.name,
            loads.len(),
            step(&zero, &document),
            step(&document, &wasm),
            step(&wasm, &started),
            step(&started, &requested),
            step(&requested, &painted),
        );
    }
    let _ = writeln!(w);
}

fn bytes_table(w: &mut String, app: &str, files: &[FileBytes]) {
    let _ = writeln!(w, "### {app}\n");
    let _ = writeln!(
        w,
        "| file | raw | gzip | brotli |\n| --- | ---: | ---: | ---: |"
    );
    for f in files {
        let _ = writeln!(w, "| {} | {} | {} | {} |", f.name, f.raw, f.gzip, f.brotli);
    }
    let total = |size: fn(&FileBytes) -> u64| files.iter().map(size).sum::<u64>();
    let _ = writeln!(
        w,
        "| **total** | {} | {} | **{}** |\n",
        total(|f| f.raw),
        total(|f| f.gzip),
        total(|f| f.brotli)
    );
}

fn memory(w: &mut String, rounds: &[MemoryRounds]) {
    let _ = writeln!(w, "## Memory\n");
    let _ = writeln!(
        w,
        "The console alone, on loopback. One round: Next on pages of 50, open a user's detail \
         from the list and go back with “Back to users”, open the New user dialog and close \
         it with Cancel; a rewinding round then clicks Previous as well, so the cursor trail \
         stays short. Sampled after two `window.gc()` calls.\n"
    );
    let _ = writeln!(
        w,
        "| rounds | measure | round {WARM_ROUND} | round {LAST_ROUND} | growth |\n| --- | --- | ---: | ---: | ---: |"
    );
    for m in rounds {
        memory_rows(w, m);
    }
    let forward = &rounds[0];
    let growth = forward.last.wasm as i64 - forward.warm.wasm as i64 + forward.last.heap as i64
        - forward.warm.heap as i64;
    let _ = writeln!(
        w,
        "\nGoal (forward rounds): DOM elements equal, wasm + JS heap growth ≤ 1 MiB: {}.",
        verdict(
            forward.warm.nodes == forward.last.nodes && growth <= 1 << 20,
            &format!("{:+.1} KiB", growth as f64 / 1024.0)
        )
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

fn time_row(w: &mut String, name: &str, s: &Summary) {
    let _ = writeln!(
        w,
        "| {name} | {} | {:.1} | {:.1} | {:.1} | {:.1} |",
        s.runs, s.median, s.p95, s.min, s.max
    );
}

fn verdict(met: bool, figure: &str) -> String {
    let word = if met { "met" } else { "**missed**" };
    format!("{figure}, {word}")
}

/// The version npm installed of `package` under `modules`.
fn npm_version(modules: &Path, package: &str) -> String {
    std::fs::read_to_string(modules.join(package).join("package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(String::from))
        .unwrap_or_else(|| "unknown".into())
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
