//! What costs time where nothing needs doing (issue 11): the binary's own start-up, and
//! a re-index that finds nothing changed.

/// The `newsdex` binary is linked position-dependent on Linux with glibc (see
/// `build.rs`): its ELF type is an executable (`ET_EXEC`), not a shared object (`ET_DYN`)
/// the loader would have to relocate at every start.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn the_binary_needs_no_relocation_at_start() {
    let bin = std::fs::read(env!("CARGO_BIN_EXE_newsdex")).unwrap();
    assert_eq!(&bin[..4], b"\x7fELF");
    const ET_EXEC: u16 = 2;
    assert_eq!(u16::from_le_bytes([bin[16], bin[17]]), ET_EXEC);
}

/// Every file under `dir` (but the `lock` file, which names the last run's process)
/// with its bytes and modification time.
fn snapshot(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name() != "lock")
        .map(|e| {
            let meta = e.metadata().unwrap();
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                (std::fs::read(e.path()).unwrap(), meta.modified().unwrap()),
            )
        })
        .collect()
}

/// A re-index that finds nothing changed writes nothing (no tantivy commit, no
/// manifest, no value lists, no sync), and its summary says so; the index still answers
/// as before.
#[test]
fn a_no_op_reindex_writes_nothing() {
    let env = crate::common::TestEnv::with_sample();
    let before = snapshot(&env.index_dir());
    assert!(
        before.keys().any(|k| k.ends_with("meta.json")),
        "{before:?}"
    );
    let hits = env.search(&["Kharkiv"]).1.total;
    std::thread::sleep(std::time::Duration::from_millis(20));
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(crate::common::sample_corpus())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["files_unchanged"], s["files_seen"], "{s}");
    assert_eq!(s["commits"], 0, "{s}");
    let after = snapshot(&env.index_dir());
    let changed: Vec<&String> = after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(v))
        .map(|(k, _)| k)
        .chain(before.keys().filter(|k| !after.contains_key(*k)))
        .collect();
    assert!(changed.is_empty(), "written by a no-op run: {changed:?}");
    assert_eq!(env.search(&["Kharkiv"]).1.total, hits);
}

/// The stage lines of `--timings` on stderr: `(stage, its own ms, ms since main)`.
fn timing_lines(stderr: &str) -> Vec<(String, f64, Option<f64>)> {
    stderr
        .lines()
        .skip_while(|l| !l.starts_with("newsdex: timings"))
        .skip(1)
        .map(|l| {
            let mut w = l.split_whitespace();
            let stage = w.next().unwrap().to_string();
            let own: f64 = w.next().unwrap().parse().unwrap();
            let since = w.next().and_then(|v| v.parse().ok());
            (stage, own, since)
        })
        .collect()
}

/// `search --timings` writes each stage's time to stderr, in the order a search runs
/// them, adding up to the total, and changes nothing on stdout; without it stderr says
/// nothing. `quotes` reports the same stages.
#[test]
fn search_timings_report_each_stage_and_leave_the_results_alone() {
    let env = crate::common::TestEnv::shared_sample();
    let args = ["search", "--json", "Kharkiv", "--country", "Ukraine"];
    let plain = env.cmd().args(args).output().unwrap();
    assert_eq!(plain.status.code(), Some(0));
    assert!(
        plain.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&plain.stderr)
    );
    let timed = env.cmd().args(args).arg("--timings").output().unwrap();
    assert_eq!(timed.status.code(), Some(0));
    assert_eq!(timed.stdout, plain.stdout);
    let stderr = String::from_utf8(timed.stderr).unwrap();
    let lines = timing_lines(&stderr);
    let stages: Vec<&str> = lines.iter().map(|(s, ..)| s.as_str()).collect();
    let expected = [
        "parse", "open", "query", "match", "facets", "hits", "print", "total",
    ];
    // `start` (the CPU time before main) is there where the platform reports it.
    assert_eq!(
        stages.strip_prefix(&["start"]).unwrap_or(&stages),
        expected,
        "{stderr}"
    );
    let staged: Vec<&(String, f64, Option<f64>)> = lines
        .iter()
        .filter(|(s, ..)| s != "start" && s != "total")
        .collect();
    let (_, total, total_since) = lines.last().unwrap();
    let sum: f64 = staged.iter().map(|(_, own, _)| own).sum();
    assert!(*total > 0.0 && (sum - total).abs() < 0.01, "{stderr}");
    assert_eq!(Some(*total), *total_since, "{stderr}");
    let since: Vec<f64> = staged.iter().map(|(.., s)| s.unwrap()).collect();
    assert!(since.windows(2).all(|w| w[0] <= w[1]), "{stderr}");

    // Another run's stages, and its stderr.
    let stages_of = |args: &[&str]| {
        let out = env.cmd().args(args).arg("--timings").output().unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        let stages: Vec<String> = timing_lines(&stderr).into_iter().map(|(s, ..)| s).collect();
        (stages, stderr)
    };
    let (stages, stderr) = stages_of(&["search", "--histogram", "year", "Kharkiv"]);
    let histogram = ["hits", "histogram", "print", "total"].map(String::from);
    assert!(stages.ends_with(&histogram), "{stderr}");
    // No facet counts asked for: no facet stage.
    let (stages, stderr) = stages_of(&["quotes", "--facets", "0", "said"]);
    let no_facets = ["parse", "open", "query", "match", "hits", "print", "total"];
    assert!(stages.ends_with(&no_facets.map(String::from)), "{stderr}");
}
