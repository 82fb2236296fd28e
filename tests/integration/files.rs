//! What the index holds follows the files on disk: files that become unreadable,
//! symbolic links, roots that disappear, index folders inside the corpus, file names
//! that are not UTF-8, and an index folder whose metadata is missing.

use crate::common;

use common::TestEnv;
use serde_json::Value;
use std::path::Path;

fn story(word: &str) -> String {
    format!(
        "Title: Story about {word}\nDate: 2022-05-04\n\n\
         NAIROBI - The word of the day is {word}. \"We are ready,\" said Amina Odhiambo.\n"
    )
}

/// `index --json ARGS...`; (exit code, summary, stderr).
fn index(env: &TestEnv, args: &[&str]) -> (i32, Value, String) {
    let out = env
        .cmd()
        .args(["index", "--quiet", "--json"])
        .args(args)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let s = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), s, stderr)
}

fn total(env: &TestEnv, command: &str, query: &str) -> usize {
    if command == "quotes" {
        env.quotes(&[query]).1.total
    } else {
        env.search(&[query]).1.total
    }
}

/// Issue 14.3: a file that becomes empty, binary or invalid JSON keeps nothing.
#[test]
fn a_file_that_can_no_longer_be_read_loses_its_articles() {
    let env = TestEnv::new();
    env.write("in/empty.txt", story("quokkaone"));
    env.write("in/binary.txt", story("quokkatwo"));
    env.write(
        "in/broken.json",
        serde_json::json!({"title": "JSON story", "date": "2022-05-04",
            "body": "The word is quokkathree. \"Fine,\" said Amina Odhiambo."})
        .to_string(),
    );
    env.write("in/kept.txt", story("quokkafour"));
    let (code, s, err) = index(&env, &["in"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["articles_indexed"], 4, "{s}");
    for w in ["quokkaone", "quokkatwo", "quokkathree"] {
        assert_eq!(total(&env, "search", w), 1, "{w}");
    }

    env.write("in/empty.txt", "");
    env.write(
        "in/binary.txt",
        b"\x00\x01\x02\xff\xfe\x00PK\x03\x04".repeat(64),
    );
    env.write("in/broken.json", "{\"title\": \"JSON story\", \"body\": ");
    let (code, s, err) = index(&env, &["in"]);
    assert_eq!(code, 1, "skipped files make exit 1: {err}");
    assert_eq!(s["files_skipped"], 3, "{s}");
    for name in ["empty.txt", "binary.txt", "broken.json"] {
        assert!(
            err.lines()
                .any(|l| l.contains(name) && l.contains("removed from the index")),
            "{name}: {err}"
        );
    }
    for w in ["quokkaone", "quokkatwo", "quokkathree"] {
        assert_eq!(total(&env, "search", w), 0, "{w} must be gone");
    }
    assert_eq!(
        total(&env, "quotes", "ready"),
        1,
        "only kept.txt's quote is left"
    );
    assert_eq!(total(&env, "search", "quokkafour"), 1);
    assert_eq!(s["documents_in_index"], 1, "{s}");
    // And once fixed, it comes back.
    env.write("in/empty.txt", story("quokkaone"));
    let (_, s, _) = index(&env, &["in"]);
    assert_eq!(s["files_new"], 1, "{s}");
    assert_eq!(total(&env, "search", "quokkaone"), 1);
}

/// Issue 14.4: without newsdex.json an index folder is an error, never a new empty
/// index over the old one; --rebuild replaces it.
#[test]
fn a_missing_or_damaged_newsdex_json_is_an_error_not_a_new_index() {
    let env = TestEnv::new();
    env.write("in/a.txt", story("wombatone"));
    env.write("in/b.txt", story("wombattwo"));
    assert_eq!(index(&env, &["in"]).0, 0);
    let meta = env.index_dir().join("newsdex.json");
    let saved = std::fs::read(&meta).expect("meta");
    std::fs::remove_file(&meta).expect("rm");
    for _ in 0..2 {
        let (code, _, err) = index(&env, &["in"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("newsdex.json"), "{err}");
        assert!(err.contains("--rebuild"), "{err}");
    }
    // Nothing was replaced: with the file back, the index is whole.
    std::fs::write(&meta, &saved).expect("restore");
    assert_eq!(total(&env, "search", "wombatone"), 1);

    std::fs::write(&meta, b"{ not json").expect("damage");
    let (code, _, err) = index(&env, &["in"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--rebuild"), "{err}");
    let (code, s, err) = index(&env, &["--rebuild", "in"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["documents_in_index"], 2, "{s}");
    assert_eq!(total(&env, "search", "wombattwo"), 1);
}

/// Issue 14.6: symbolic links are not followed unless --follow is given.
#[test]
fn symlinks_are_left_alone_unless_follow_is_given() {
    let env = TestEnv::new();
    let outside = env.write("outside/secret.txt", story("narwhalout"));
    env.write("in/real.txt", story("narwhalin"));
    let root = env.dir.path().join("in");
    std::os::unix::fs::symlink(&outside, root.join("link.txt")).expect("link");
    std::os::unix::fs::symlink("/", root.join("slash")).expect("link to /");

    let (code, s, err) = index(&env, &["in"]);
    assert_eq!(code, 0, "links are not failures: {err}");
    assert_eq!(s["documents_in_index"], 1, "{s}");
    assert_eq!(s["files_skipped"], 2, "both links are counted: {s}");
    assert_eq!(total(&env, "search", "narwhalout"), 0);

    // With --follow the link is indexed under its own path, not the target's.
    std::fs::remove_file(root.join("slash")).expect("rm");
    let (code, s, err) = index(&env, &["--follow", "in"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["files_new"], 1, "{s}");
    let (_, r) = env.search(&["narwhalout"]);
    assert_eq!(r.total, 1);
    assert!(
        r.hits[0].path.ends_with("/in/link.txt"),
        "{}",
        r.hits[0].path
    );

    // A removed link takes its article with it.
    std::fs::remove_file(root.join("link.txt")).expect("rm");
    let (_, s, _) = index(&env, &["--follow", "in"]);
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(total(&env, "search", "narwhalout"), 0);

    // A file replaced by a link (not followed) loses its old article.
    std::fs::remove_file(root.join("real.txt")).expect("rm");
    std::os::unix::fs::symlink(&outside, root.join("real.txt")).expect("link");
    let (_, s, _) = index(&env, &["in"]);
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(total(&env, "search", "narwhalin"), 0);
    assert_eq!(total(&env, "search", "narwhalout"), 0);
}

/// Issue 14.7: a relative root that disappears loses its articles, as an absolute one.
#[test]
fn a_relative_root_that_disappears_loses_its_articles() {
    let env = TestEnv::new();
    env.write("one/a.txt", story("ibexone"));
    env.write("two/b.txt", story("ibextwo"));
    assert_eq!(index(&env, &["one", "two"]).0, 0);
    assert_eq!(total(&env, "search", "ibextwo"), 1);
    std::fs::remove_dir_all(env.dir.path().join("two")).expect("rm");
    let (code, s, err) = index(&env, &["one", "./two"]);
    assert_eq!(code, 1, "the missing root is reported: {err}");
    assert!(err.contains("two: no such file or folder"), "{err}");
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(total(&env, "search", "ibextwo"), 0);
    assert_eq!(total(&env, "search", "ibexone"), 1);
}

/// Issue 14.19: an index folder inside the corpus is never read.
#[test]
fn an_index_inside_the_corpus_is_not_indexed() {
    let env = TestEnv::new();
    env.write("corpus/a.txt", story("lemurone"));
    let ix = env.dir.path().join("corpus/ix");
    let run = |extra: Option<&Path>| {
        let mut c = assert_cmd::Command::new(env!("CARGO_BIN_EXE_newsdex"));
        c.current_dir(env.dir.path())
            .env_remove("NEWSDEX_INDEX")
            .arg("--index")
            .arg(extra.unwrap_or(&ix))
            .args(["index", "--quiet", "--json", "corpus"]);
        let out = c.output().expect("run");
        let s: Value = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
        (out.status.code(), s)
    };
    for _ in 0..3 {
        let (code, s) = run(None);
        assert_eq!(code, Some(0), "{s}");
        assert_eq!(s["documents_in_index"], 1, "{s}");
        assert_eq!(s["files_seen"], 1, "{s}");
    }
    // Another newsdex index inside the corpus is not read either.
    let (code, s) = run(Some(&env.dir.path().join("elsewhere")));
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(s["files_seen"], 1, "{s}");
}

/// File and folder names with letters outside ASCII are read like any other, and a date
/// in them is found: the search for a date in a name stepped into the middle of 'é'
/// and every such file was skipped as an internal error.
#[test]
fn names_with_accented_letters_are_indexed_with_their_dates() {
    let env = TestEnv::new();
    let story = |word: &str| format!("Story about {word}\n\nThe word of the day is {word}.\n");
    env.write("in/café-2019-03-07.txt", story("okapione"));
    env.write("in/Zürich/20151124 naïve.md", story("okapitwo"));
    env.write("in/josé/notes.txt", story("okapithree"));
    let (code, s, err) = index(&env, &["in"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["documents_in_index"], 3, "{s} {err}");
    assert!(!err.contains("internal error"), "{err}");
    let date = |word: &str| {
        let (code, out) = env.search(&[word]);
        assert_eq!((code, out.total), (0, 1), "{word}");
        out.hits[0].date.clone()
    };
    assert_eq!(date("okapione").as_deref(), Some("2019-03-07"));
    assert_eq!(date("okapitwo").as_deref(), Some("2015-11-24"));
    assert_eq!(date("okapithree"), None);
}

/// Issue 14.5: names that differ only in bytes that are not UTF-8 stay two files,
/// are not re-read on every run, and `show` finds them by path.
#[test]
fn non_utf8_names_stay_distinct_and_stable() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let dir = env.dir.path().join("in");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let a = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    let b = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe8.txt"));
    std::fs::write(&a, story("tapirone")).expect("write");
    std::fs::write(&b, story("tapirtwo")).expect("write");
    let (code, s, err) = index(&env, &["in"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(s["documents_in_index"], 2, "{s}");
    let (code, s, _) = index(&env, &["in"]);
    assert_eq!(code, 0);
    assert_eq!(s["files_unchanged"], 2, "{s}");
    assert_eq!(s["files_updated"], 0, "{s}");
    assert_eq!(s["files_deleted"], 0, "{s}");
    let (_, r) = env.search(&["tapirone"]);
    assert_eq!(r.total, 1);
    assert!(
        r.hits[0].path.ends_with("caf\\xE9.txt"),
        "{}",
        r.hits[0].path
    );
    // show takes the path as the file system has it, or as search printed it.
    for target in [a.as_os_str().to_owned(), r.hits[0].path.clone().into()] {
        let out = env
            .cmd()
            .arg("show")
            .arg(&target)
            .arg("--json")
            .output()
            .expect("show");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).expect("json");
        assert_eq!(v["title"], "Story about tapirone", "{v}");
    }
    std::fs::remove_file(&b).expect("rm");
    let (_, s, _) = index(&env, &["in"]);
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(total(&env, "search", "tapirone"), 1);
    assert_eq!(total(&env, "search", "tapirtwo"), 0);
}

/// Issue 14.9: a truncated facet-value list with an intact header is not trusted, and
/// the next `index` run writes it again.
#[test]
fn a_truncated_value_list_is_not_trusted_and_is_rewritten() {
    let env = TestEnv::with_sample();
    let list = env.index_dir().join("facet-values/articles-person.tsv");
    let text = std::fs::read_to_string(&list).expect("value list");
    let last = text.lines().last().expect("a value");
    let value = last.split('\t').nth(1).expect("value column").to_string();
    std::fs::write(&list, &text[..text.len() - last.len() - 1]).expect("truncate");

    let (code, r) = env.search(&["--person", &value]);
    assert_eq!(code, 0, "--person {value:?} must still match");
    assert!(r.total >= 1);
    assert!(r.filters[0].matched.contains(&value), "{:?}", r.filters);

    let out = env
        .cmd()
        .args(["index", "--quiet"])
        .arg(common::sample_corpus())
        .output()
        .expect("index");
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&list).expect("list"), text);
}
