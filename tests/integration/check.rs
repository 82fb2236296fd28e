//! `newsdex check` (issue 14, item 10): damaged index files are named with the fix, and
//! no command lets tantivy's panic or internal error reach the user.

use crate::common;

use common::TestEnv;
use std::path::{Path, PathBuf};
use std::process::Output;

/// The first file with extension `ext` in `dir`.
fn file_with(dir: &Path, ext: &str) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no .{ext} file in {}", dir.display()))
}

/// Flips 64 bytes a third of the way into `path`.
fn damage(path: &Path) {
    let mut b = std::fs::read(path).expect("read");
    let start = b.len() / 3;
    let end = (start + 64).min(b.len());
    for x in &mut b[start..end] {
        *x ^= 0x5a;
    }
    std::fs::write(path, b).expect("write");
}

/// A copy of `env`'s index in a new env, to damage without rebuilding the sample.
fn copy_of(env: &TestEnv) -> TestEnv {
    let copy = TestEnv::new();
    for e in walkdir::WalkDir::new(env.index_dir()) {
        let e = e.expect("walk");
        let rel = e.path().strip_prefix(env.index_dir()).expect("prefix");
        let to = copy.index_dir().join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).expect("mkdir");
        } else {
            std::fs::copy(e.path(), &to).expect("copy");
        }
    }
    copy
}

fn run(env: &TestEnv, args: &[&str]) -> Output {
    let out = env.cmd().args(args).output().expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{args:?}: {err}");
    assert_ne!(out.status.code(), Some(101), "{args:?} panicked: {err}");
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Asserts `check` exits 2, names `file` on stdout and says how to rebuild on stderr.
fn assert_check_names(env: &TestEnv, file: &Path, fix: &str) {
    let out = run(env, &["check"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stdout.contains(&file.display().to_string()),
        "{} not named: {stdout}",
        file.display()
    );
    assert!(stderr.starts_with("newsdex: "), "{stderr}");
    assert!(
        stderr.contains(&env.index_dir().display().to_string()),
        "{stderr}"
    );
    assert!(stderr.contains(fix), "{stderr}");
}

#[test]
fn check_passes_a_healthy_index() {
    let env = TestEnv::shared_sample();
    let out = run(env, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("healthy"),
        "{}",
        text(&out.stdout)
    );

    let out = run(env, &["check", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["problems"], serde_json::json!([]));
    // newsdex.json, the manifest, and for each of the two tantivy indexes meta.json,
    // .managed.json and six segment files; then ten value lists.
    assert!(v["files_checked"].as_u64().expect("count") >= 26, "{v}");
}

#[test]
fn damaged_segment_files_are_named_and_no_command_panics() {
    let sample = TestEnv::with_sample();
    for ext in ["fast", "term", "store", "fieldnorm"] {
        let env = copy_of(&sample);
        let file = file_with(&env.index_dir().join("tantivy"), ext);
        damage(&file);
        assert_check_names(&env, &file, "index --rebuild");
        for args in [
            &["search", "minister", "--json"][..],
            &["search", "--country", "Germany", "--json"],
            &["stats"],
            &["stats", "--json"],
            &["export"],
        ] {
            let out = run(&env, args);
            let err = text(&out.stderr);
            if out.status.code() == Some(2) {
                assert!(err.starts_with("newsdex: "), "{ext} {args:?}: {err}");
                assert!(err.contains("may be damaged"), "{ext} {args:?}: {err}");
                assert!(err.contains("check`"), "{ext} {args:?}: {err}");
                assert!(
                    err.contains(&env.index_dir().display().to_string()),
                    "{ext} {args:?}: {err}"
                );
            }
        }
    }
}

/// A damaged .fast file made tantivy's facet collector panic in `stats` (exit 101).
#[test]
fn stats_on_a_damaged_fast_file_is_a_clear_error_not_a_panic() {
    let env = TestEnv::with_sample();
    damage(&file_with(&env.index_dir().join("tantivy"), "fast"));
    let out = run(&env, &["stats"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err.trim_end(),
        format!(
            "newsdex: internal error: the index at {0} may be damaged: run `newsdex --index {0} check`",
            env.index_dir().display()
        )
    );
}

/// A damaged .store file gave tantivy's "the offset to copy is not contained in the
/// decompressed buffer" and nothing else.
#[test]
fn reading_a_damaged_store_file_names_the_index_and_the_check() {
    let env = TestEnv::with_sample();
    damage(&file_with(&env.index_dir().join("tantivy"), "store"));
    // Both read every stored article.
    for args in [
        &["export"][..],
        &["search", "--since", "1900", "-n", "1000"],
    ] {
        let out = run(&env, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.starts_with(&format!(
                "newsdex: the index at {0} may be damaged: run `newsdex --index {0} check`",
                env.index_dir().display()
            )),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn the_quotation_index_is_checked_too() {
    let env = TestEnv::with_sample();
    let file = file_with(&env.index_dir().join("quotes"), "store");
    damage(&file);
    assert_check_names(&env, &file, "index --rebuild");
}

#[test]
fn a_damaged_footer_or_a_missing_file_is_named() {
    let sample = TestEnv::with_sample();

    let env = copy_of(&sample);
    let file = file_with(&env.index_dir().join("tantivy"), "idx");
    let mut b = std::fs::read(&file).expect("read");
    let n = b.len();
    for x in &mut b[n - 8..] {
        *x ^= 0xff;
    }
    std::fs::write(&file, b).expect("write");
    assert_check_names(&env, &file, "index --rebuild");

    let env = copy_of(&sample);
    let file = file_with(&env.index_dir().join("tantivy"), "pos");
    std::fs::remove_file(&file).expect("rm");
    assert_check_names(&env, &file, "index --rebuild");
    assert!(text(&run(&env, &["check"]).stdout).contains("is missing"));
}

#[test]
fn a_damaged_manifest_meta_or_value_list_is_named() {
    let sample = TestEnv::with_sample();

    let env = copy_of(&sample);
    let manifest = env.index_dir().join("manifest.bin");
    // Cut short, as a full disk would leave it.
    let bytes = std::fs::read(&manifest).expect("read the manifest");
    std::fs::write(&manifest, &bytes[..bytes.len() - 3]).expect("write");
    assert_check_names(&env, &manifest, "index --rebuild");

    let env = copy_of(&sample);
    let meta = env.index_dir().join("quotes/meta.json");
    std::fs::write(&meta, "{ not json").expect("write");
    assert_check_names(&env, &meta, "index --rebuild");
    // The fix it gives works even where tantivy cannot open the index at all.
    let out = run(
        &env,
        &[
            "index",
            "--quiet",
            "--rebuild",
            common::sample_corpus().to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(run(&env, &["check"]).status.code(), Some(0));

    let env = copy_of(&sample);
    let list = env.index_dir().join("facet-values/articles-person.tsv");
    let mut b = std::fs::read(&list).expect("read");
    b.truncate(b.len() / 2);
    b.extend_from_slice(b"\n\xff\xfe garbage without a tab\n");
    std::fs::write(&list, b).expect("write");
    assert_check_names(&env, &list, "delete it");
}

#[test]
fn index_rebuild_repairs_what_check_reports() {
    let env = TestEnv::with_sample();
    let file = file_with(&env.index_dir().join("tantivy"), "fast");
    damage(&file);
    assert_check_names(&env, &file, "index --rebuild");
    let out = run(
        &env,
        &[
            "index",
            "--quiet",
            "--rebuild",
            common::sample_corpus().to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = run(&env, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
    let out = run(&env, &["stats"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn check_without_an_index_says_how_to_make_one() {
    let env = TestEnv::new();
    let out = run(&env, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no index at"),
        "{}",
        text(&out.stderr)
    );
}

/// What `index` runs before writing: cheap, and it refuses a damaged index.
#[test]
fn quick_check_accepts_a_healthy_or_missing_index_and_refuses_a_damaged_one() {
    let sample = TestEnv::with_sample();
    newsdex::index::check::quick_check(&sample.index_dir()).expect("healthy");
    newsdex::index::check::quick_check(&TestEnv::new().index_dir()).expect("no index yet");

    let env = copy_of(&sample);
    let file = file_with(&env.index_dir().join("tantivy"), "term");
    std::fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .expect("open")
        .set_len(10)
        .expect("truncate");
    let err = format!(
        "{:#}",
        newsdex::index::check::quick_check(&env.index_dir()).expect_err("damaged")
    );
    assert!(err.contains(&file.display().to_string()), "{err}");
    assert!(err.contains("index --rebuild"), "{err}");

    let env = copy_of(&sample);
    std::fs::write(env.index_dir().join("manifest.bin"), "[1, 2").expect("write");
    let err = format!(
        "{:#}",
        newsdex::index::check::quick_check(&env.index_dir()).expect_err("damaged")
    );
    assert!(err.contains("manifest.bin"), "{err}");
}

/// The facet search both ordinals tests run, its output on the shared sample index, a
/// copy of that index and the copy's ordinals file.
fn sample_search_and_a_copy() -> (std::process::Output, TestEnv, std::path::PathBuf) {
    let sample = TestEnv::shared_sample();
    let want = run(sample, &ORDINALS_SEARCH);
    assert_eq!(want.status.code(), Some(0), "{}", text(&want.stderr));
    let env = copy_of(sample);
    let file = env.index_dir().join("facet-values/articles-ordinals.bin");
    (want, env, file)
}

const ORDINALS_SEARCH: [&str; 7] = ["search", "*", "--json", "--limit", "3", "--facets", "1000"];

/// A damaged facet ordinals file is named by `check`, and searches meanwhile count
/// facets by looking values up in the segments: the same results as with the file.
#[test]
fn a_damaged_ordinals_file_is_named_and_searches_count_without_it() {
    let (want, env, file) = sample_search_and_a_copy();
    damage(&file);
    assert_check_names(&env, &file, "delete it");
    let got = run(&env, &ORDINALS_SEARCH);
    assert_eq!(text(&got.stdout), text(&want.stdout));
}

/// Issue 11: a search verifies the facet names it reads from the ordinals file a block
/// at a time, not the whole file; a damaged name is found when it is read, and the
/// search counts without the file: the same results as with it.
#[test]
fn a_damaged_name_in_the_ordinals_file_is_found_when_read() {
    let (want, env, file) = sample_search_and_a_copy();
    let mut b = std::fs::read(&file).expect("read");
    // The body follows three header lines; it starts with the numbers of values,
    // segments and bytes of names, and ends with the names, a checksum for each KiB of
    // them and one more checksum.
    let body = (0..3).fold(0, |at, _| {
        at + b[at..].iter().position(|&c| c == b'\n').expect("header") + 1
    });
    let names_len = u32::from_le_bytes(b[body + 8..body + 12].try_into().expect("4 bytes"));
    let names_len = names_len as usize;
    let names_end = b.len() - 8 - 8 * names_len.div_ceil(1024);
    let middle = names_end - names_len / 2;
    for x in &mut b[middle..middle + 16] {
        *x ^= 0x5a;
    }
    std::fs::write(&file, b).expect("write");
    assert_check_names(&env, &file, "delete it");
    let got = run(&env, &ORDINALS_SEARCH);
    assert_eq!(got.status.code(), Some(0), "{}", text(&got.stderr));
    assert_eq!(text(&got.stdout), text(&want.stdout));
}
