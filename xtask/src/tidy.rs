//! Tidy checks, run with the native tests: what every file of the project
//! keeps to without anyone having to remember it (as rust-analyzer's
//! `xtask/src/tidy.rs` does).

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// The folders whose Rust files are checked, from the project root.
    const SOURCE_DIRS: [&str; 4] = ["src", "emulator/src", "e2e/src", "xtask/src"];

    fn project_root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    /// Every `.rs` file below `dir`, sorted.
    fn rust_files(dir: &Path) -> Vec<PathBuf> {
        let mut files = Vec::new();
        let mut pending = vec![dir.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    pending.push(path);
                } else if path.extension().is_some_and(|ext| ext == "rs") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    fn source_files() -> Vec<(PathBuf, String)> {
        let root = project_root();
        SOURCE_DIRS
            .iter()
            .flat_map(|dir| rust_files(&root.join(dir)))
            .map(|path| {
                let text = std::fs::read_to_string(&path).unwrap();
                (path.strip_prefix(&root).unwrap().to_path_buf(), text)
            })
            .collect()
    }

    #[test]
    fn every_file_says_what_it_is_for() {
        let files = source_files();
        assert!(
            files.len() > 40,
            "the walk found only {} files",
            files.len()
        );
        let silent: Vec<_> = files
            .iter()
            .filter(|(_, text)| !text.starts_with("//!"))
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            silent.is_empty(),
            "these files do not open with a `//!` comment saying what they are for:\n{}",
            silent.join("\n")
        );
    }

    /// The API's text is only ever text: no view sets HTML from a string.
    #[test]
    fn no_html_from_strings_in_the_console() {
        let offenders: Vec<_> = source_files()
            .into_iter()
            .filter(|(path, text)| {
                path.starts_with("src")
                    && [
                        "inner_html",
                        "set_inner_html",
                        "outer_html",
                        "insert_adjacent_html",
                    ]
                    .iter()
                    .any(|call| text.contains(call))
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            offenders.is_empty(),
            "HTML set from a string in: {offenders:?}"
        );
    }
}
