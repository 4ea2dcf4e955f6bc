//! The release build: Trunk into `dist/` with the wasm split into the first
//! screen's module and the chunks fetched on demand (`--features split`,
//! `cargo xtask split`), then a `.br` and a `.gz` beside each text and wasm
//! asset, so the server can send them precompressed.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::run::{self, StatusOk};
use crate::tools;

/// Extensions worth compressing; images are already compressed.
const COMPRESSIBLE: [&str; 6] = ["html", "css", "js", "wasm", "svg", "json"];

/// The wire size of one file of the build.
pub struct FileSize {
    pub name: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

/// The features of the build that ships: split into the first screen and
/// the chunks fetched on demand.
const SHIPPED: [&str; 2] = ["--features", "split"];

/// Builds the release `dist/` and compresses its assets.
pub fn build(root: &Path) -> Result<Vec<FileSize>> {
    build_into(root, &root.join("dist"), &SHIPPED)
}

/// Builds the release with the `bench` feature (the rows-painted mark,
/// 1,000-row pages from the URL) into `target/dist-bench`, compressed, and
/// returns that folder: what `cargo xtask bench` times, never what ships.
pub fn build_bench(root: &Path) -> Result<PathBuf> {
    let dist = root.join("target/dist-bench");
    build_into(root, &dist, &["--features", "split,bench"])?;
    Ok(dist)
}

/// [`build`], its output (Trunk's and cargo's) in `log` rather than on the
/// terminal: for a build that runs beside other steps.
pub fn build_logged(root: &Path, log: &mut String) -> Result<Vec<FileSize>> {
    let dist = root.join("dist");
    trunk_release(root, &dist, &SHIPPED)?.logged_ok(log)?;
    compress_dir(&dist)
}

/// `trunk build --release` into `dist`, with binaryen's wasm-opt first on `PATH`.
fn trunk_release(root: &Path, dist: &Path, extra: &[&str]) -> Result<std::process::Command> {
    let mut trunk = run::cmd("trunk", &["build", "--release", "--offline", "--dist"]);
    trunk
        .arg(dist)
        .args(extra)
        .current_dir(root)
        .env("PATH", tools::path_with_wasm_opt(root)?);
    Ok(trunk)
}

fn build_into(root: &Path, dist: &Path, extra: &[&str]) -> Result<Vec<FileSize>> {
    let name = format!(
        "release build into {} (trunk --release, split, wasm-opt)",
        dist.display()
    );
    run::step(&name, || trunk_release(root, dist, extra)?.status_ok())?;
    run::step("compress (brotli, gzip)", || compress_dir(dist))
}

/// Writes a `.br` and a `.gz` beside each asset under `dist` and returns
/// the sizes of each.
pub fn compress_dir(dist: &Path) -> Result<Vec<FileSize>> {
    let mut sizes = Vec::new();
    for path in assets(dist)? {
        let data = std::fs::read(&path)?;
        let gzip = gzip(&data)?;
        let brotli = brotli(&data)?;
        std::fs::write(with_suffix(&path, "gz"), &gzip)?;
        std::fs::write(with_suffix(&path, "br"), &brotli)?;
        sizes.push(FileSize {
            name: path.strip_prefix(dist)?.display().to_string(),
            raw: data.len(),
            gzip: gzip.len(),
            brotli: brotli.len(),
        });
    }
    sizes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(sizes)
}

/// The files of `dist` a browser fetches (not the precompressed copies).
fn assets(dist: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            found.extend(assets(&path)?);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            found.push(path);
        }
    }
    Ok(found)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    Ok(encoder.finish()?)
}

fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params)?;
    Ok(out)
}

impl FileSize {
    /// Whether the file is a chunk fetched on demand, not by the first
    /// screen: every wasm but the main module (`portal-admin-<hash>_bg.wasm`).
    pub fn is_chunk(&self) -> bool {
        is_chunk(&self.name)
    }
}

/// Whether a file of `dist/` named `name` is a chunk fetched on demand.
pub fn is_chunk(name: &str) -> bool {
    name.ends_with(".wasm") && !name.starts_with("portal-admin-")
}

/// The brotli bytes of the first screen's cold load: everything but the
/// chunks (html, css, icon, glue, loader, main wasm), with precompressed files.
pub fn first_screen_brotli(files: &[FileSize]) -> usize {
    files
        .iter()
        .filter(|f| !f.is_chunk())
        .map(|f| f.brotli)
        .sum()
}

/// The brotli bytes of every chunk together: what opening every screen adds.
pub fn chunks_brotli(files: &[FileSize]) -> usize {
    files
        .iter()
        .filter(|f| f.is_chunk())
        .map(|f| f.brotli)
        .sum()
}

/// Prints raw, gzip and brotli bytes per file and in total.
pub fn print_table(files: &[FileSize]) {
    println!(
        "{:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    for f in files {
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            f.name, f.raw, f.gzip, f.brotli
        );
    }
    for (label, chunks) in [("first screen", false), ("chunks, on demand", true)] {
        let part: Vec<&FileSize> = files.iter().filter(|f| f.is_chunk() == chunks).collect();
        let total = |size: fn(&FileSize) -> usize| part.iter().map(|f| size(f)).sum::<usize>();
        println!(
            "{:<48} {:>10} {:>10} {:>10}",
            format!("total, {label} ({} files)", part.len()),
            total(|f| f.raw),
            total(|f| f.gzip),
            total(|f| f.brotli)
        );
    }
}
