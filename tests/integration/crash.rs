//! Crash windows of `index`: a run is stopped by SIGKILL at each point between two
//! writes of a commit (the write-ahead manifest, the quotation commit, the article
//! commit, the manifest), while files are deleted, changed and added. The next run must
//! leave exactly what a fresh index of the same files holds: no stale article, no
//! orphaned quotation, no lost file.
//!
//! The binary stops itself at the named point (`NEWSDEX_TEST_PAUSE_AT`), says so on
//! stderr and waits; the test then kills it with SIGKILL, so the kill lands at exactly
//! that point, every time.

use crate::common;

use common::TestEnv;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

/// An article with two quotations and a word only it contains.
fn article(n: usize, version: &str) -> String {
    format!(
        "Title: Harbor council story {n} {version}\nDate: 2021-03-{day:02}\n\n\
         WELLINGTON - The harbor council met on Tuesday to discuss berth {n}. \
         The marker word is zq{n}{version}x.\n\n\
         \"We will rebuild berth {n} before winter,\" Mayor Jane Holt said.\n\n\
         \"The {version} budget for berth {n} is already approved,\" said Tom Okafor, \
         the council treasurer.\n",
        day = 1 + n % 27
    )
}

fn write_corpus(env: &TestEnv, files: impl IntoIterator<Item = (usize, &'static str)>) {
    for (n, v) in files {
        env.write(&format!("corpus/a{n:02}.txt"), article(n, v));
    }
}

/// Deletes the corpus files numbered `ns` (as `write_corpus` names them).
fn remove_corpus(env: &TestEnv, ns: impl IntoIterator<Item = usize>) {
    for n in ns {
        std::fs::remove_file(env.dir.path().join(format!("corpus/a{n:02}.txt"))).expect("rm");
    }
}

/// `index --json` on the corpus folder; returns (exit code, summary).
fn index(env: &TestEnv, ix: &Path) -> (i32, Value) {
    index_folder(env, ix, "corpus")
}

/// `index --json` on one folder of the test's directory; returns (exit code, summary).
fn index_folder(env: &TestEnv, ix: &Path, folder: &str) -> (i32, Value) {
    let out = env
        .process(ix)
        .args(["index", "--quiet", "--json"])
        .arg(env.dir.path().join(folder))
        .output()
        .expect("run newsdex");
    let summary = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "index: bad JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), summary)
}

/// Starts `index` with a pause at `point`, waits until it is there, and kills it.
fn index_killed_at(env: &TestEnv, ix: &Path, point: &str) {
    index_killed_at_with(env, ix, point, &[]);
}

/// [`index_killed_at`] with more environment variables for the run.
fn index_killed_at_with(env: &TestEnv, ix: &Path, point: &str, vars: &[(&str, &str)]) {
    let mut child = env
        .process(ix)
        .envs(vars.iter().copied())
        .env("NEWSDEX_TEST_PAUSE_AT", point)
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("corpus"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn newsdex");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = String::new();
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            seen.push_str(&line);
            seen.push('\n');
            if line.contains("newsdex: paused at ") {
                let _ = tx.send(Ok(seen.clone()));
                return;
            }
        }
        let _ = tx.send(Err(seen));
    });
    let reached = rx.recv_timeout(Duration::from_secs(120));
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    match reached {
        Ok(Ok(_)) => {}
        Ok(Err(stderr)) => panic!("index ended before reaching {point}; stderr: {stderr}"),
        Err(_) => panic!("index did not reach {point} within 120 s"),
    }
}

/// Every article of an index: path → title, from `export --jsonl`.
fn articles(env: &TestEnv, ix: &Path) -> BTreeMap<String, String> {
    let out = env
        .process(ix)
        .args(["export", "--jsonl"])
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("export line");
            let key = v["path"].as_str().expect("path");
            let rel = key.rsplit('/').next().unwrap_or(key).to_string();
            (rel, v["title"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

/// Every quotation of an index, as (file name, speaker, text), sorted.
fn quotations(env: &TestEnv, ix: &Path) -> Vec<(String, String, String)> {
    let out = env
        .process(ix)
        .args(["quotes", "*", "--json", "-n", "500"])
        .output()
        .expect("quotes");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "quotes: bad JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(
        v["total"].as_u64(),
        Some(hits.len() as u64),
        "all quotes listed"
    );
    let mut out: Vec<_> = hits
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap_or("");
            (
                path.rsplit('/').next().unwrap_or(path).to_string(),
                h["quote"]["speaker"].as_str().unwrap_or("").to_string(),
                h["quote"]["text"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Total hits of a `search` for a word.
fn hits(env: &TestEnv, ix: &Path, command: &str, word: &str) -> u64 {
    let out = env
        .process(ix)
        .args([command, word, "--json"])
        .output()
        .expect("search");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    v["total"].as_u64().unwrap_or(0)
}

/// Builds an index, changes the corpus (6 of 12 files deleted, 2 changed, 4 added;
/// then, after the kill, 2 of the added deleted and 1 changed again),
/// kills a run at `point`, lets the next run recover, and compares with a fresh index.
fn killed_at_leaves_nothing_stale(point: &str, check_window: impl Fn(&TestEnv, &Path)) {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..12).map(|n| (n, "v1")));
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["articles_indexed"], 12);
    assert_eq!(quotations(&env, &ix).len(), 24);

    remove_corpus(&env, 0..6);
    write_corpus(
        &env,
        [
            (6, "v2"),
            (7, "v2"),
            (12, "v1"),
            (13, "v1"),
            (14, "v1"),
            (15, "v1"),
        ],
    );

    index_killed_at(&env, &ix, point);
    check_window(&env, &ix);
    // Files the killed run added, deleted or changed before the next run: the
    // manifest never heard of them.
    remove_corpus(&env, [12, 14]);
    write_corpus(&env, [(13, "v2")]);

    let (code, first) = index(&env, &ix);
    assert_eq!(code, 0, "recovery run: {first}");
    let (code, second) = index(&env, &ix);
    assert_eq!(code, 0, "{second}");
    for k in ["files_new", "files_updated", "files_deleted"] {
        assert_eq!(
            second[k], 0,
            "a second run after recovery changes nothing: {second}"
        );
    }
    assert_eq!(second["documents_in_index"], 8, "{second}");

    let fresh = env.dir.path().join("fresh");
    let (code, s) = index(&env, &fresh);
    assert_eq!(code, 0, "{s}");
    assert_eq!(
        articles(&env, &ix),
        articles(&env, &fresh),
        "articles after a kill at {point}"
    );
    assert_eq!(
        quotations(&env, &ix),
        quotations(&env, &fresh),
        "quotations after a kill at {point}"
    );
    assert_eq!(quotations(&env, &ix).len(), 16);
    // Nothing of a deleted file, nothing of a changed file's old text.
    for word in [
        "zq0v1x", "zq5v1x", "zq6v1x", "zq12v1x", "zq13v1x", "zq14v1x",
    ] {
        assert_eq!(hits(&env, &ix, "search", word), 0, "{word}");
    }
    for phrase in ["\"berth 3\"", "\"berth 12\"", "\"berth 14\""] {
        assert_eq!(hits(&env, &ix, "quotes", phrase), 0, "{phrase}");
    }
    assert_eq!(hits(&env, &ix, "search", "zq6v2x"), 1);
    assert_eq!(hits(&env, &ix, "quotes", "\"v2 budget\""), 3);
}

#[test]
fn killed_after_the_write_ahead_manifest() {
    killed_at_leaves_nothing_stale("manifest-ahead", |env, ix| {
        // Nothing committed yet: the old articles are all still there.
        assert_eq!(hits(env, ix, "search", "zq0v1x"), 1);
    });
}

#[test]
fn killed_with_both_commits_prepared() {
    killed_at_leaves_nothing_stale("prepared", |env, ix| {
        assert_eq!(hits(env, ix, "quotes", "\"berth 0\""), 2);
    });
}

#[test]
fn killed_between_the_quotation_and_the_article_commit() {
    killed_at_leaves_nothing_stale("quotes-committed", |env, ix| {
        // The window is real: the quotation index switched, the article index did
        // not. Nobody sees the two mixed: the articles are the last commit's, and
        // reading the quotations is refused with what to do.
        assert_eq!(hits(env, ix, "search", "zq0v1x"), 1);
        assert_eq!(hits(env, ix, "search", "zq12v1x"), 0);
        for args in [
            &["quotes", "berth"][..],
            &["search", "berth", "--quotes"][..],
        ] {
            let out = env.process(ix).args(args).output().expect("run");
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(stderr.contains("not in step"), "{stderr}");
            assert!(stderr.contains("index"), "{stderr}");
        }
    });
}

#[test]
fn killed_between_the_article_commit_and_the_manifest() {
    killed_at_leaves_nothing_stale("articles-committed", |env, ix| {
        assert_eq!(hits(env, ix, "search", "zq0v1x"), 0);
        assert_eq!(hits(env, ix, "search", "zq12v1x"), 1);
    });
}

#[test]
fn killed_after_the_manifest() {
    killed_at_leaves_nothing_stale("manifest-saved", |env, ix| {
        assert_eq!(hits(env, ix, "search", "zq13v1x"), 1);
    });
}

/// The segments of one tantivy index, from its `meta.json`.
fn segments(ix: &Path, part: &str) -> usize {
    meta(ix, part)["segments"]
        .as_array()
        .expect("segments")
        .len()
}

/// The `meta.json` of one tantivy index.
fn meta(ix: &Path, part: &str) -> Value {
    let meta = std::fs::read_to_string(ix.join(part).join("meta.json")).expect("meta.json");
    serde_json::from_str(&meta).expect("meta.json is JSON")
}

/// A run killed between the merges that follow its last commit (a commit per file, and
/// segments no background merge touches, so that there is more than one merge to do;
/// the two indexes merge side by side, so the kill lands after one index's merge while
/// the other's runs or is done): everything committed is there and in step, `check`
/// passes, and the next run that writes merges the rest and ends like a fresh index.
#[test]
fn killed_between_the_final_merges() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..12).map(|n| (n, "v1")));
    let many = [
        ("NEWSDEX_COMMIT_INTERVAL_MS", "0"),
        ("NEWSDEX_MERGE_MAX_DOCS", "1"),
    ];
    index_killed_at_with(&env, &ix, "merged", &many);
    env.process(&ix)
        .arg("check")
        .output()
        .map(|o| assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr)))
        .expect("check");
    assert_eq!(articles(&env, &ix).len(), 12);
    assert_eq!(quotations(&env, &ix).len(), 24);

    write_corpus(&env, [(3, "v2")]);
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["files_updated"], 1, "{s}");
    assert!(segments(&ix, "tantivy") <= 3);
    assert!(segments(&ix, "quotes") <= 3);
    let fresh = env.dir.path().join("fresh");
    let (code, s) = index(&env, &fresh);
    assert_eq!(code, 0, "{s}");
    assert_eq!(articles(&env, &ix), articles(&env, &fresh));
    assert_eq!(quotations(&env, &ix), quotations(&env, &fresh));
}

/// The manifest is only a cache: without it, files that were deleted meanwhile still
/// leave the index (by the paths the index stores), and nothing is duplicated.
#[test]
fn a_lost_manifest_costs_a_re_read_not_stale_articles() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..4).map(|n| (n, "v1")));
    assert_eq!(index(&env, &ix).0, 0);
    std::fs::remove_file(ix.join("manifest.bin")).expect("rm manifest");
    remove_corpus(&env, [0]);
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(s["files_updated"], 3, "{s}");
    assert_eq!(s["documents_in_index"], 3, "{s}");
    assert_eq!(quotations(&env, &ix).len(), 6);
}

/// A first run killed while it creates the index (both tantivy indexes made, no
/// newsdex.json yet): the next run creates it again instead of calling it damaged.
#[test]
fn a_first_run_killed_while_creating_the_index() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..3).map(|n| (n, "v1")));
    index_killed_at(&env, &ix, "created");
    assert!(ix.join("tantivy/meta.json").exists());
    assert!(!ix.join("newsdex.json").exists());
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["documents_in_index"], 3, "{s}");
    assert_eq!(quotations(&env, &ix).len(), 6);
}

/// The commit both tantivy indexes are at (their commit payload), from `meta.json`.
fn payload(ix: &Path, part: &str) -> Option<u64> {
    meta(ix, part)["payload"]
        .as_str()
        .and_then(|p| p.trim().parse().ok())
}

/// The manifest names the commit it is in step with only once it is written after
/// that commit: the write-ahead copy names none, and a kill between a commit and its
/// manifest leaves one that names the commit before. Only a manifest that names the
/// commit both indexes are at lets the next run skip reading the paths they store.
#[test]
fn the_manifest_names_a_commit_only_after_it() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..4).map(|n| (n, "v1")));
    assert_eq!(index(&env, &ix).0, 0);
    let first = payload(&ix, "tantivy");
    assert!(first.is_some());
    assert_eq!(payload(&ix, "quotes"), first);
    assert_eq!(
        newsdex::index::manifest::load_manifest_in_step(&ix).1,
        first,
        "written after the first commit"
    );

    // A changed file: the write-ahead manifest (without it) names no commit.
    write_corpus(&env, [(1, "v2")]);
    index_killed_at(&env, &ix, "manifest-ahead");
    let (files, named) = newsdex::index::manifest::load_manifest_in_step(&ix);
    assert_eq!(named, None);
    assert_eq!(files.len(), 3);
    assert_eq!(index(&env, &ix).0, 0);
    let second = payload(&ix, "tantivy");
    assert!(second > first);
    assert_eq!(
        newsdex::index::manifest::load_manifest_in_step(&ix).1,
        second
    );

    // Only new files (nothing written ahead): killed after the commit, the manifest
    // still names the commit before, which the indexes are no longer at.
    write_corpus(&env, [(4, "v1")]);
    index_killed_at(&env, &ix, "articles-committed");
    assert_eq!(
        newsdex::index::manifest::load_manifest_in_step(&ix).1,
        second
    );
    assert!(payload(&ix, "tantivy") > second);
}

/// Indexes corpus files `0..first`, then runs `index` with `added` too and kills it
/// after its commit, before its manifest: the manifest on disk names the commit before
/// and lists none of `added`.
fn committed_without_manifest(env: &TestEnv, ix: &Path, first: usize, added: &[usize]) {
    write_corpus(env, (0..first).map(|n| (n, "v1")));
    assert_eq!(index(env, ix).0, 0);
    write_corpus(env, added.iter().map(|&n| (n, "v1")));
    index_killed_at(env, ix, "articles-committed");
}

/// Deletes corpus file `n` and runs `index`: the run succeeds, reports one file
/// deleted, and neither `search` nor `quotes` finds the file's article any more.
/// Returns the run's summary.
fn delete_and_index(env: &TestEnv, ix: &Path, n: usize) -> Value {
    remove_corpus(env, [n]);
    let (code, s) = index(env, ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(hits(env, ix, "search", &format!("zq{n}v1x")), 0);
    assert_eq!(hits(env, ix, "quotes", &format!("\"berth {n}\"")), 0);
    s
}

/// A run that only adds files, killed between its commit and its manifest (so the
/// manifest on disk names the commit before): a file it added and that is deleted
/// before the next run is found by the paths the index stores, and removed.
#[test]
fn new_files_committed_without_their_manifest_still_leave_when_deleted() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    committed_without_manifest(&env, &ix, 3, &[3, 4]);
    assert_eq!(
        hits(&env, &ix, "search", "zq3v1x"),
        1,
        "the commit went through"
    );
    let s = delete_and_index(&env, &ix, 3);
    assert_eq!(s["documents_in_index"], 4, "{s}");
    assert_eq!(hits(&env, &ix, "search", "zq4v1x"), 1);
}

/// A recovery run (its manifest not in step: the run before was killed after a commit
/// of new files) that is itself killed after its first commit, before it has read
/// every file the manifest did not list: the manifest it wrote names that commit, so
/// it must list those files too, or a file deleted before the next run would stay.
#[test]
fn a_recovery_run_killed_early_still_lists_every_file_the_index_holds() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    committed_without_manifest(&env, &ix, 3, &[3, 4]);
    // A commit after each file: killed after the first, one of the two still unread.
    index_killed_at_with(
        &env,
        &ix,
        "manifest-saved",
        &[("NEWSDEX_COMMIT_INTERVAL_MS", "0")],
    );
    remove_corpus(&env, [3, 4]);
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["documents_in_index"], 3, "{s}");
    for word in ["zq3v1x", "zq4v1x"] {
        assert_eq!(hits(&env, &ix, "search", word), 0, "{word}");
    }
    assert_eq!(quotations(&env, &ix).len(), 6);
}

/// Documents a killed run committed for a file under one folder, then a run over
/// another folder (which does not walk the first, and names its commit): the file is
/// still listed, so when it is deleted the next run over the first folder removes it.
#[test]
fn files_outside_a_run_s_folders_stay_listed_until_a_run_over_them() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    env.write("other/b50.txt", article(50, "v1"));
    committed_without_manifest(&env, &ix, 2, &[2]);
    let (code, s) = index_folder(&env, &ix, "other");
    assert_eq!(code, 0, "{s}");
    delete_and_index(&env, &ix, 2);
    assert_eq!(hits(&env, &ix, "search", "zq50v1x"), 1);
}

/// After an upgrade (a manifest of the first format, which names no commit), the first
/// run reads the stored paths, finds every one listed, and writes the manifest again
/// naming the commit both indexes are at, even when nothing changed.
#[test]
fn a_first_format_manifest_is_written_again_naming_the_commit() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..3).map(|n| (n, "v1")));
    assert_eq!(index(&env, &ix).0, 0);
    let g = payload(&ix, "tantivy");
    // The same list in the first format: no generation after the header, and the
    // checksum over what is left.
    let path = ix.join("manifest.bin");
    let v2 = std::fs::read(&path).expect("manifest");
    assert_eq!(&v2[..8], b"NDXMAN2\n");
    assert!(v2[8] < 0x80, "a one-byte generation");
    let mut v1 = b"NDXMAN1\n".to_vec();
    v1.extend_from_slice(&v2[9..v2.len() - 8]);
    let sum = xxhash_rust::xxh3::xxh3_64(&v1);
    v1.extend_from_slice(&sum.to_le_bytes());
    std::fs::write(&path, &v1).expect("write");
    let (files, named) = newsdex::index::manifest::load_manifest_in_step(&ix);
    assert_eq!((files.len(), named), (3, None));

    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert_eq!(s["files_unchanged"], 3, "{s}");
    assert_eq!(payload(&ix, "tantivy"), g, "no commit");
    let (files, named) = newsdex::index::manifest::load_manifest_in_step(&ix);
    assert_eq!((files.len(), named), (3, g));
}

/// A run killed while it wrote a value list leaves a temp file in `facet-values/`
/// (written, synced, then renamed into place): the next run removes it.
#[test]
fn a_value_list_left_half_written_is_removed_by_the_next_run() {
    let env = TestEnv::new();
    let ix = env.dir.path().join("ix");
    write_corpus(&env, (0..2).map(|n| (n, "v1")));
    assert_eq!(index(&env, &ix).0, 0);
    let stale = ix.join("facet-values").join(".newsdex-999999-0.tmp");
    std::fs::write(&stale, "person\\tJane Ho").expect("write");
    let (code, s) = index(&env, &ix);
    assert_eq!(code, 0, "{s}");
    assert!(!stale.exists(), "the stale temp file is still there");
    assert!(ix.join("facet-values").read_dir().expect("list").count() > 0);
}
