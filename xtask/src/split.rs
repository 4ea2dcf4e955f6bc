//! `cargo xtask split`: Trunk's `post_build` hook (see `Trunk.toml`), which
//! turns a build with the `split` feature into the first screen's module and
//! the chunks fetched on demand. Trunk 0.21 has no split step of its own.
//!
//! Trunk has built the wasm and run wasm-bindgen on it into its staging
//! directory. When the raw wasm rustc linked imports the splitter's
//! placeholder module (only a `split` build does), the hook:
//!
//! 1. splits that raw wasm with `wasm-split-cli` into the main module, one
//!    chunk per `on_demand!` chunk (`split_<name>.wasm`), the chunks they
//!    share (`chunk_<n>.wasm`) and the loader (`__wasm_split.js`);
//! 2. runs wasm-bindgen on the split main module, keeping the linker's
//!    exports and names that the chunks link against;
//! 3. in release, runs wasm-opt on every module (Trunk's own pass is off:
//!    `data-wasm-opt="0"` in `index.html`);
//! 4. names every file by a hash of its content, and replaces Trunk's glue
//!    and wasm in the staging directory and in `index.html`, integrity
//!    values included.
//!
//! The glue imports the loader and the loader imports the glue, so neither
//! name can hash the other's: the glue, the main wasm and the loader share
//! one hash, of all three with the chunks' hashed names in them.
//!
//! A release build without the feature only gets step 3 and 4; a debug
//! build without it (`cargo xtask dev`) is left as Trunk wrote it.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::run::{self, StatusOk};
use crate::tools;

/// The crate's binary, as rustc and Trunk name its files.
const BIN: &str = "portal-admin";
/// The import module of a function annotated with `wasm_split`, in the wasm
/// rustc links (`wasm_split_macros`' `PLACEHOLDER_IMPORT_MODULE`).
const PLACEHOLDER: &[u8] = b"__wasm_split_placeholder__";
/// The loader's name as the splitter writes it (its default `link_name`).
const LOADER: &str = "__wasm_split.js";
/// The features the modules use beyond wasm-opt's defaults (rustc's wasm
/// target turns them on).
const WASM_OPT_FEATURES: [&str; 2] = ["--enable-bulk-memory", "--enable-nontrapping-float-to-int"];

/// The hook's inputs, from the environment Trunk gives its hooks.
struct Build {
    release: bool,
    staging: PathBuf,
    /// What rustc linked, before wasm-bindgen.
    raw_wasm: PathBuf,
    /// Scratch space, emptied on each run.
    work: PathBuf,
}

/// Runs the hook in the environment Trunk gives it.
pub fn run(root: &Path) -> Result<()> {
    let var = |name: &str| {
        std::env::var(name).with_context(|| {
            format!("{name} is not set: `cargo xtask split` is Trunk's post_build hook")
        })
    };
    let profile = var("TRUNK_PROFILE")?;
    let target = run::target_dir(root);
    let build = Build {
        release: profile == "release",
        staging: PathBuf::from(var("TRUNK_STAGING_DIR")?),
        raw_wasm: target.join(format!("wasm32-unknown-unknown/{profile}/{BIN}.wasm")),
        work: target.join("split"),
    };
    let raw = std::fs::read(&build.raw_wasm)
        .with_context(|| format!("reading {}", build.raw_wasm.display()))?;
    let split = raw.windows(PLACEHOLDER.len()).any(|w| w == PLACEHOLDER);
    if !split && !build.release {
        return Ok(());
    }
    run::step("split and name the wasm (cargo xtask split)", || {
        build.modules(root, split)
    })
}

impl Build {
    fn modules(&self, root: &Path, split: bool) -> Result<()> {
        if self.work.exists() {
            std::fs::remove_dir_all(&self.work)?;
        }
        let (split_dir, bindgen_dir) = (self.work.join("split"), self.work.join("bindgen"));
        std::fs::create_dir_all(&split_dir)?;
        let main = if split {
            run::cmd("wasm-split-cli", &[] as &[&str])
                .arg(&self.raw_wasm)
                .arg(&split_dir)
                .args(["--out-name", BIN])
                .status_ok()?;
            split_dir.join(format!("{BIN}.wasm"))
        } else {
            self.raw_wasm.clone()
        };
        run::cmd(
            "wasm-bindgen",
            &[
                "--target",
                "web",
                "--no-typescript",
                "--keep-lld-exports",
                "--no-demangle",
                "--out-name",
                BIN,
                "--out-dir",
            ],
        )
        .arg(&bindgen_dir)
        .arg(&main)
        .status_ok()?;
        let chunks = chunks(&split_dir)?;
        let glue_wasm = bindgen_dir.join(format!("{BIN}_bg.wasm"));
        if self.release {
            for module in chunks.iter().chain([&glue_wasm]) {
                wasm_opt(root, module)?;
            }
        }
        self.publish(&bindgen_dir, &split_dir, &chunks, split)
    }

    /// Writes the modules into the staging directory under hashed names,
    /// in place of Trunk's, and points `index.html` at them.
    fn publish(
        &self,
        bindgen: &Path,
        split_dir: &Path,
        chunks: &[PathBuf],
        split: bool,
    ) -> Result<()> {
        let mut loader = if split {
            std::fs::read_to_string(split_dir.join(LOADER))?
        } else {
            String::new()
        };
        for chunk in chunks {
            let bytes = std::fs::read(chunk)?;
            let stem = file_stem(chunk)?;
            let hashed = format!("{stem}-{}.wasm", short_hash(&[&bytes]));
            loader = loader.replace(&format!("\"./{stem}.wasm\""), &format!("\"./{hashed}\""));
            std::fs::write(self.staging.join(&hashed), bytes)?;
        }
        let glue = std::fs::read_to_string(bindgen.join(format!("{BIN}.js")))?;
        let wasm = std::fs::read(bindgen.join(format!("{BIN}_bg.wasm")))?;
        let hash = short_hash(&[glue.as_bytes(), &wasm, loader.as_bytes()]);
        let names = Names {
            glue: format!("{BIN}-{hash}.js"),
            wasm: format!("{BIN}-{hash}_bg.wasm"),
            loader: split.then(|| format!("wasm-split-{hash}.js")),
        };
        // Only the glue's `import` statement names the loader's file: the
        // key of its imports object is the module name inside the wasm.
        let glue = glue
            .replace(
                &format!("from \"./{LOADER}\""),
                &format!("from \"./{}\"", names.loader.as_deref().unwrap_or(LOADER)),
            )
            .replace(&format!("{BIN}_bg.wasm"), &names.wasm);
        if let Some(loader_name) = &names.loader {
            let loader =
                loader.replace(&format!("\"./{BIN}.js\""), &format!("\"./{}\"", names.glue));
            std::fs::write(self.staging.join(loader_name), loader)?;
        }
        std::fs::write(self.staging.join(&names.glue), glue)?;
        std::fs::write(self.staging.join(&names.wasm), wasm)?;
        self.point_index_at(&names)
    }

    /// Replaces Trunk's glue and wasm in `index.html` (and removes them),
    /// preloads the loader, and recomputes every integrity value.
    fn point_index_at(&self, names: &Names) -> Result<()> {
        let index_path = self.staging.join("index.html");
        let mut index = std::fs::read_to_string(&index_path)?;
        let trunk_glue = trunk_file(&index, ".js")?;
        let trunk_wasm = trunk_file(&index, "_bg.wasm")?;
        index = index
            .replace(&trunk_glue, &names.glue)
            .replace(&trunk_wasm, &names.wasm);
        for old in [&trunk_glue, &trunk_wasm] {
            std::fs::remove_file(self.staging.join(old))?;
        }
        if let Some(loader) = &names.loader {
            // The glue imports the loader: fetched beside the glue, not after it.
            let glue_link = format!("<link rel=\"modulepreload\" href=\"/{}\"", names.glue);
            let at = index
                .find(&glue_link)
                .context("index.html has no modulepreload of the glue")?;
            let loader_link = format!(
                "<link rel=\"modulepreload\" href=\"/{loader}\" crossorigin=\"anonymous\" integrity=\"\">"
            );
            index.insert_str(at, &loader_link);
        }
        std::fs::write(&index_path, self.with_integrity(&index)?)?;
        Ok(())
    }

    /// `html` with the integrity value of each `<link>` that has one
    /// computed from the file its `href` names.
    fn with_integrity(&self, html: &str) -> Result<String> {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find("<link") {
            let end = start
                + rest[start..]
                    .find('>')
                    .context("an unclosed <link> in index.html")?;
            let tag = &rest[start..=end];
            out.push_str(&rest[..start]);
            out.push_str(
                &match (attribute(tag, "href"), attribute(tag, "integrity")) {
                    (Some(href), Some(old)) => {
                        let file = std::fs::read(self.staging.join(href.trim_start_matches('/')))
                            .with_context(|| {
                            format!("reading {href}, which index.html links")
                        })?;
                        let sri = format!(
                            "sha384-{}",
                            base64::engine::general_purpose::STANDARD.encode(Sha384::digest(&file))
                        );
                        tag.replace(
                            &format!("integrity=\"{old}\""),
                            &format!("integrity=\"{sri}\""),
                        )
                    }
                    _ => tag.to_string(),
                },
            );
            rest = &rest[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The hashed names of the glue, the main wasm and the loader (split builds only).
struct Names {
    glue: String,
    wasm: String,
    loader: Option<String>,
}

/// The chunks the splitter wrote: every wasm but the main module.
fn chunks(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut chunks = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_wasm = path.extension().is_some_and(|e| e == "wasm");
        if is_wasm && file_stem(&path)? != BIN {
            chunks.push(path);
        }
    }
    chunks.sort();
    Ok(chunks)
}

fn file_stem(path: &Path) -> Result<&str> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .with_context(|| format!("{} has no name", path.display()))
}

fn wasm_opt(root: &Path, module: &Path) -> Result<()> {
    let wasm_opt = tools::binaryen_bin(root).join("wasm-opt");
    run::cmd(&wasm_opt.to_string_lossy(), &["-Oz"])
        .args(WASM_OPT_FEATURES)
        .arg(module)
        .arg("-o")
        .arg(module)
        .status_ok()
}

/// The file Trunk named `{BIN}-<hash>{suffix}`, as `index.html` refers to it.
fn trunk_file(index: &str, suffix: &str) -> Result<String> {
    let prefix = format!("/{BIN}-");
    let mut from = 0;
    while let Some(at) = index[from..].find(&prefix).map(|at| from + at + 1) {
        let name: String = index[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        let hash = name
            .strip_prefix(&prefix[1..])
            .and_then(|rest| rest.strip_suffix(suffix));
        if hash.is_some_and(|h| !h.is_empty() && h.bytes().all(|b| b.is_ascii_hexdigit())) {
            return Ok(name);
        }
        from = at;
    }
    bail!("index.html names no {BIN}-<hash>{suffix}")
}

/// The value of `name="…"` in one tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// Sixteen hex digits of the SHA-256 of `parts`, in order.
fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_trunks_files_in_index_html() {
        let html = r#"<link rel="modulepreload" href="/portal-admin-0a1b2c.js" integrity="sha384-x"><link rel="preload" href="/portal-admin-0a1b2c_bg.wasm" as="fetch"><script type="module">import init from '/portal-admin-0a1b2c.js';</script>"#;
        assert_eq!(trunk_file(html, ".js").unwrap(), "portal-admin-0a1b2c.js");
        assert_eq!(
            trunk_file(html, "_bg.wasm").unwrap(),
            "portal-admin-0a1b2c_bg.wasm"
        );
        assert!(trunk_file("<link href=\"/style-1.css\">", ".js").is_err());
    }

    #[test]
    fn reads_attributes() {
        let tag = r#"<link rel="preload" href="/a.wasm" integrity="sha384-abc">"#;
        assert_eq!(attribute(tag, "href"), Some("/a.wasm"));
        assert_eq!(attribute(tag, "integrity"), Some("sha384-abc"));
        assert_eq!(attribute(tag, "nonce"), None);
    }

    #[test]
    fn hashes_are_sixteen_hex_digits_and_see_each_part() {
        let hash = short_hash(&[b"ab", b"c"]);
        assert_eq!(hash.len(), 16);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(hash, short_hash(&[b"a", b"bc"]));
    }
}
