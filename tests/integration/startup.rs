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
