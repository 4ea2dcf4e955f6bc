//! The peer the benchmark measures the console beside: react-admin, from
//! `<project root>/../shared/peers/react-admin` (outside the repository),
//! built with npm into `target/peer/react-admin/` and precompressed like
//! `dist/`. The shared folder is never written to: its sources are copied
//! first. A build is reused while the sources it was made from are unchanged.

use std::collections::hash_map::DefaultHasher;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::dist;
use crate::run::{self, StatusOk};

/// What is not source in the peer's folder.
const NOT_SOURCE: [&str; 2] = ["node_modules", "dist"];

/// Builds the peer if its sources changed since the last build, and
/// returns its `dist/`; `None` (said on the console) if it is absent.
pub fn build(root: &Path) -> Result<Option<PathBuf>> {
    let source = root.join("../shared/peers/react-admin");
    if !source.join("package.json").is_file() {
        println!(
            "    {} is absent: the bench measures the console alone",
            source.display()
        );
        return Ok(None);
    }
    let work = root.join("target/peer/react-admin");
    let built = work.join("dist");
    let stamp = work.join(".sources-hash");
    let hash = format!("{:016x}", sources_hash(&source)?);
    if built.join("index.html").is_file()
        && std::fs::read_to_string(&stamp).is_ok_and(|old| old == hash)
    {
        println!("    ok: the peer's build (its sources are unchanged)");
        return Ok(Some(built));
    }
    run::step("build the peer, react-admin (npm, vite)", || {
        // Sources that were removed upstream must not linger in the copy.
        let _ = std::fs::remove_dir_all(work.join("src"));
        copy_sources(&source, &work)?;
        run::cmd("npm", &["install", "--no-audit", "--no-fund"])
            .current_dir(&work)
            .status_ok()?;
        run::cmd("npm", &["run", "build"])
            .current_dir(&work)
            .status_ok()?;
        let files = dist::compress_dir(&built)?;
        dist::print_table(&files);
        std::fs::write(&stamp, &hash)?;
        Ok(Some(built.clone()))
    })
}

/// A hash of every source file's path and contents, to tell whether the
/// sources changed since the last build.
fn sources_hash(source: &Path) -> Result<u64> {
    let mut hasher = DefaultHasher::new();
    for path in source_files(source, source)? {
        hasher.write(path.to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(source.join(&path))?);
    }
    Ok(hasher.finish())
}

/// The source files under `dir`, relative to `root`, in a stable order.
fn source_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        if NOT_SOURCE.iter().any(|skip| entry.file_name() == *skip) {
            continue;
        }
        if path.is_dir() {
            files.extend(source_files(root, &path)?);
        } else {
            files.push(path.strip_prefix(root)?.to_path_buf());
        }
    }
    Ok(files)
}

/// Copies the sources into `work`, writable (the shared folder's are not).
fn copy_sources(source: &Path, work: &Path) -> Result<()> {
    for path in source_files(source, source)? {
        let to = work.join(&path);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&to, std::fs::read(source.join(&path))?)
            .with_context(|| format!("copying to {}", to.display()))?;
    }
    Ok(())
}
