//! Golden `--help` texts: `newsdex --help` and `newsdex COMMAND --help` for every command
//! the top-level help lists must equal tests/golden/help/*.txt, so a change to what a
//! user reads is a reviewed change. After changing the help on purpose, regenerate with
//! `NEWSDEX_UPDATE_GOLDEN=1 cargo test --test integration help::` and read the diff.

use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/help")
}

/// `newsdex ARGS`, with the width clap wraps to fixed (no terminal in tests).
fn help(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env_remove("NEWSDEX_INDEX")
        .output()
        .expect("run newsdex");
    assert!(out.status.success(), "newsdex {args:?} failed");
    String::from_utf8(out.stdout).expect("help is UTF-8")
}

/// The command names of the top-level help's "Commands:" section.
fn commands(top: &str) -> Vec<String> {
    top.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

#[test]
fn help_texts_match_the_golden_files() {
    let update = std::env::var_os("NEWSDEX_UPDATE_GOLDEN").is_some();
    let top = help(&["--help"]);
    let names = commands(&top);
    assert!(names.len() >= 10, "commands found in --help: {names:?}");
    let mut pages = vec![("newsdex".to_string(), top)];
    for c in &names {
        pages.push((format!("newsdex-{c}"), help(&[c, "--help"])));
    }
    let dir = golden_dir();
    let mut stale = Vec::new();
    for (name, text) in &pages {
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::create_dir_all(&dir).expect("mkdir tests/golden/help");
            std::fs::write(&path, text).expect("write golden");
            continue;
        }
        match std::fs::read_to_string(&path) {
            Ok(want) if want == *text => {}
            Ok(_) => stale.push(format!("{name}: differs from {}", path.display())),
            Err(e) => stale.push(format!("{name}: {}: {e}", path.display())),
        }
    }
    // A golden file for a command that no longer exists is stale too.
    if !update {
        for e in std::fs::read_dir(&dir)
            .expect("tests/golden/help")
            .flatten()
        {
            let file = e.file_name().to_string_lossy().into_owned();
            let stem = file.trim_end_matches(".txt");
            if !pages.iter().any(|(n, _)| n == stem) {
                stale.push(format!("{file}: no such command any more"));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "help texts changed; if on purpose, run NEWSDEX_UPDATE_GOLDEN=1 cargo test --test \
         integration help:: and review the diff:\n{}",
        stale.join("\n")
    );
}

/// Each command's short help (`-h`) opens with the description the top-level help gives
/// it. The commands' arguments are built only when one is invoked (clap's `defer`), and
/// then a flattened argument struct's doc comment would replace the command's own
/// description (`search -h` read "Filters shared by the commands that query the index").
#[test]
fn short_help_opens_with_the_commands_description() {
    let top = help(&["--help"]);
    let names = commands(&top);
    assert!(names.len() >= 10, "commands found in --help: {names:?}");
    for c in &names {
        // The first line of the command's entry in "Commands:", without its name.
        let listed = top
            .lines()
            .find_map(|l| l.strip_prefix(&format!("  {c} ")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{c} in --help"));
        let short = help(&[c, "-h"]);
        let opening = short.split("\n\n").next().unwrap_or_default();
        let opening = opening.split_whitespace().collect::<Vec<_>>().join(" ");
        let listed = listed.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            opening.starts_with(&listed),
            "newsdex {c} -h opens with {opening:?}, the top-level help lists {listed:?}"
        );
    }
}
