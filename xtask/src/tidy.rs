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

    /// Each package the console's wasm build compiles, with its features,
    /// as `cargo tree` resolves them over the `edges` named.
    fn wasm_features(edges: &str) -> std::collections::BTreeMap<String, String> {
        let output = std::process::Command::new(env!("CARGO"))
            .args([
                "tree",
                "-p",
                "portal-admin",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .args([
                "-e",
                edges,
                "-f",
                "{p}|{f}",
                "--prefix",
                "none",
                "--locked",
                "--offline",
            ])
            .current_dir(project_root())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout)
            .unwrap()
            .lines()
            .filter_map(|line| line.trim_end_matches(" (*)").split_once('|'))
            .map(|(package, features)| (package.to_string(), features.to_string()))
            .collect()
    }

    /// The wasm tests and the console's debug build (`cargo xtask dev`, and
    /// its e2e test) share one compile of every dependency only if the
    /// tests' own dependencies turn on no feature the console leaves off:
    /// else cargo compiles Leptos and everything under it twice.
    #[test]
    fn the_browser_tests_add_no_feature_to_the_consoles_dependencies() {
        let console = wasm_features("normal");
        let tests = wasm_features("normal,dev");
        assert!(console.len() > 50, "cargo tree listed {console:?}");
        let differ: Vec<String> = console
            .iter()
            .filter(|&(package, features)| tests.get(package) != Some(features))
            .map(|(package, features)| {
                format!(
                    "{package}: console {features:?}, tests {:?}",
                    tests[package]
                )
            })
            .collect();
        assert!(
            differ.is_empty(),
            "name these features in Cargo.toml's [dependencies]:\n{}",
            differ.join("\n")
        );
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

    /// The code of `text` without its comments, so that a doc comment may
    /// name what the code itself must not use.
    fn code_only(text: &str) -> String {
        text.lines()
            .map(|line| line.split("//").next().unwrap_or(""))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A pure file: a feature's rules (`rules.rs`, or any file below a
    /// `rules/` folder), the navigation rule, and every text helper.
    fn is_pure(path: &Path) -> bool {
        let in_rules_folder = path.components().any(|part| part.as_os_str() == "rules");
        let rules_file = path.file_stem().is_some_and(|stem| stem == "rules");
        path.starts_with("src") && (in_rules_folder || rules_file || path.starts_with("src/text"))
    }

    /// What a pure file may not use: the browser, Leptos, and the parts of
    /// the console that need them.
    const BROWSER_ONLY: [&str; 9] = [
        "leptos",
        "web_sys",
        "js_sys",
        "wasm_bindgen",
        "gloo_",
        "gloo::",
        "crate::app::",
        "crate::ui::",
        "crate::features::users_list::remembered",
    ];

    /// The rules run natively, in milliseconds: the moment one imports the
    /// browser or Leptos, its tests need a browser and the line between what
    /// decides and what shows is gone.
    #[test]
    fn rules_stay_pure() {
        let files: Vec<_> = source_files()
            .into_iter()
            .filter(|(path, _)| is_pure(path))
            .collect();
        assert!(
            files.len() >= 15,
            "only {} pure files found: has the layout moved?",
            files.len()
        );
        let offenders: Vec<_> = files
            .iter()
            .flat_map(|(path, text)| {
                let code = code_only(text);
                BROWSER_ONLY
                    .iter()
                    .filter(move |name| code.contains(*name))
                    .map(move |name| format!("{} uses {name}", path.display()))
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "pure files that reach for the browser:\n{}",
            offenders.join("\n")
        );
    }

    /// Reusable views serve every feature, so none of them may lean on one.
    #[test]
    fn ui_does_not_import_features() {
        let offenders: Vec<_> = source_files()
            .into_iter()
            .filter(|(path, text)| {
                path.starts_with("src/ui") && code_only(text).contains("crate::features")
            })
            .map(|(path, _)| path.display().to_string())
            .collect();
        assert!(
            offenders.is_empty(),
            "ui modules importing a feature: {offenders:?}"
        );
    }

    #[test]
    fn the_purity_rule_sees_what_it_must() {
        assert!(is_pure(Path::new("src/features/import/rules/table.rs")));
        assert!(is_pure(Path::new("src/features/delete/rules.rs")));
        assert!(is_pure(Path::new("src/text/time.rs")));
        assert!(is_pure(Path::new("src/app/navigation/rules.rs")));
        assert!(!is_pure(Path::new("src/features/import/dialog.rs")));
        let code = code_only("//! Not `js_sys::Date`\nuse crate::text::time; // web_sys\n");
        assert!(!BROWSER_ONLY.iter().any(|name| code.contains(name)));
        assert!(code_only("use leptos::prelude::*;").contains("leptos"));
    }

    /// The longest a function of the console may be, in lines: past this a
    /// component wants a state type and parts of its own (as `UsersPage`
    /// and the import's dialog have).
    const MAX_FUNCTION_LINES: usize = 150;

    /// Each function in `text` longer than `max` lines, with its line count:
    /// from its `fn` line to the closing brace at its own indentation.
    fn long_functions(text: &str, max: usize) -> Vec<(String, usize)> {
        let lines: Vec<&str> = text.lines().collect();
        let mut long = Vec::new();
        for (start, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            let indent = &line[..line.len() - code.len()];
            let Some(signature) = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "async fn ",
                "pub async fn ",
            ]
            .iter()
            .find_map(|prefix| code.strip_prefix(prefix)) else {
                continue;
            };
            let closing = format!("{indent}}}");
            let Some(body) = lines[start + 1..].iter().position(|line| *line == closing) else {
                continue;
            };
            // The `fn` line, the body, the closing brace.
            let length = body + 2;
            if length > max {
                let name = signature.split(['(', '<']).next().unwrap_or_default();
                long.push((name.to_owned(), length));
            }
        }
        long
    }

    #[test]
    fn no_function_of_the_console_is_too_long() {
        let offenders: Vec<_> = source_files()
            .into_iter()
            .filter(|(path, _)| path.starts_with("src"))
            .flat_map(|(path, text)| {
                long_functions(&text, MAX_FUNCTION_LINES)
                    .into_iter()
                    .map(move |(name, lines)| {
                        format!("{}: {name} has {lines} lines", path.display())
                    })
            })
            .collect();
        assert!(
            offenders.is_empty(),
            "functions over {MAX_FUNCTION_LINES} lines:\n{}",
            offenders.join("\n")
        );
    }

    #[test]
    fn long_functions_are_measured_to_their_own_brace() {
        let text = "fn short() {\n    if x {\n    }\n}\n\npub fn long() {\n    a();\n    b();\n    c();\n}\n";
        assert_eq!(long_functions(text, 4), vec![("long".to_owned(), 5)]);
        assert!(long_functions(text, 5).is_empty());
    }
}
