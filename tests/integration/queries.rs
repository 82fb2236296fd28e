//! What a user types into `search`, `quotes` and `related`: queries with apostrophes,
//! no query at all, dates at the edges of what the index can store, and numbers and
//! nesting large enough to exhaust memory or the stack. Each is answered or refused
//! with a clear message (exit 2), never a panic or an abort.

use crate::common;

use common::{gold, TestEnv};
use predicates::prelude::*;
use std::time::Duration;

/// `search ARGS --json` as untyped JSON (with the histogram, which `SearchJson` omits).
fn search_value(env: &TestEnv, cmd: &str, args: &[&str]) -> (i32, serde_json::Value) {
    let out = env
        .cmd()
        .arg(cmd)
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{cmd} {args:?} → invalid JSON ({e}); exit {code}; stderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, v)
}

#[test]
fn dates_past_2262_or_before_1677_are_clamped_not_overflowed() {
    let env = TestEnv::new();
    env.write(
        "in/dated.txt",
        "Title: Dated\nDate: 2020-01-01\n\nTalks in Moscow.\n",
    );
    env.write(
        "in/undated.txt",
        "Title: Undated\n\nMore talks in Moscow.\n",
    );
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("in"))
        .assert()
        .success();
    assert_eq!(env.search(&["Moscow"]).1.total, 2);
    // Dates tantivy cannot store as i64 nanoseconds still bound the range: every dated
    // article is inside it, the undated one (no date to compare) is not.
    for args in [
        ["--until", "2262"],
        ["--until", "2300"],
        ["--until", "9999-12-31"],
        ["--since", "1677"],
        ["--since", "1000"],
    ] {
        let (code, r) = env.search(&[&["Moscow"], &args[..]].concat());
        let titles: Vec<&str> = r.hits.iter().map(|h| h.title.as_str()).collect();
        assert_eq!((code, titles), (0, vec!["Dated"]), "{args:?}");
    }
    for args in [["--since", "2300"], ["--until", "1600"]] {
        let (code, r) = env.search(&[&["Moscow"], &args[..]].concat());
        assert_eq!((code, r.total), (1, 0), "{args:?}");
    }
}

#[test]
fn apostrophes_inside_words_are_not_query_syntax_and_possessives_find_the_base_word() {
    let env = TestEnv::shared_sample();
    let total = |q: &str| {
        let (code, r) = env.search(&[q]);
        assert_eq!(code, if r.total > 0 { 0 } else { 1 }, "{q}");
        r.total
    };
    let kyiv = total("Kyiv");
    assert!(kyiv > 0);
    assert_eq!(total("Kyiv's"), kyiv);
    assert_eq!(total("Kyiv’s"), kyiv);
    let moscow = total("Moscow");
    assert!(moscow > 1, "the sample has several articles about Moscow");
    for q in [
        "Moscow's",
        "Moscow’s",
        "MOSCOW'S",
        "title:Moscow's OR Moscow",
    ] {
        assert_eq!(total(q), moscow, "{q}");
    }
    // Plural possessives too.
    assert_eq!(total("leaders'"), total("leaders"));
    // Quoted phrases are still exact, and 'single quotes' still make a phrase.
    assert_eq!(total("\"Moscow's\""), total("\"Moscow’s\""));
    assert!(total("\"Moscow's\"") < moscow);
    assert_eq!(total("'peace talks'"), total("\"peace talks\""));
    assert!(total("'peace talks'") > 0);
}

#[test]
fn a_name_with_an_apostrophe_is_searched_as_the_phrase_it_was_indexed_as() {
    let env = TestEnv::new();
    env.write(
        "in/a.txt",
        "Title: One\nDate: 2020-01-01\n\nConor O'Brien spoke in Dublin.\n",
    );
    env.write(
        "in/b.txt",
        "Title: Two\nDate: 2020-01-02\n\nSean Brien spoke in Cork, signed O.\n",
    );
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("in"))
        .assert()
        .success();
    for q in ["O'Brien", "O’Brien", "o'brien spoke"] {
        let (code, r) = env.search(&[q]);
        let titles: Vec<&str> = r.hits.iter().map(|h| h.title.as_str()).collect();
        assert_eq!((code, titles), (0, vec!["One"]), "{q}");
    }
    // A real syntax error says how to fix it.
    env.cmd()
        .args(["search", "Dublin ("])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "put exact phrases in \"double quotes\"",
        ));
}

#[test]
fn no_query_and_no_filter_lists_the_whole_archive_newest_first() {
    let env = TestEnv::shared_sample();
    let n = gold().len();
    let (code, r) = search_value(env, "search", &["--histogram", "year", "-n", "1000"]);
    assert_eq!(code, 0);
    assert_eq!(r["total"], n);
    let dates: Vec<&str> = r["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(dates.len(), n);
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let charted: u64 = r["histogram"]["buckets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(charted, n as u64);
    env.cmd()
        .args(["search", "--histogram", "year"])
        .assert()
        .success()
        .stdout(predicate::str::contains("articles per year"));
    let (code, q) = search_value(env, "quotes", &[]);
    assert_eq!(code, 0);
    assert!(q["total"].as_u64().unwrap() > 0);
}

#[test]
fn deeply_nested_or_huge_queries_are_refused_before_parsing() {
    let env = TestEnv::shared_sample();
    let nested = |n: usize| format!("{}Moscow{}", "(".repeat(n), ")".repeat(n));
    // 10,000 parentheses used to overflow the stack (abort, exit 134).
    for (cmd, q, msg) in [
        ("search", nested(10_000), "at most 4096"),
        ("search", nested(65), "at most 64 levels"),
        ("quotes", nested(10_000), "at most 4096"),
        ("quotes", nested(100), "at most 64 levels"),
        ("search", "NOT ".repeat(5_000) + "Moscow", "at most 4096"),
    ] {
        let out = env.cmd().arg(cmd).arg("--").arg(&q).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {stderr}");
        assert!(stderr.contains(msg), "{cmd}: {stderr}");
        // The message quotes the start of the query, not all of it.
        assert!(stderr.len() < 300, "{stderr}");
    }
    env.cmd()
        .args(["related", "Moscow", "--query"])
        .arg(nested(10_000))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 4096"));
    // The limits leave room for real queries.
    assert_eq!(
        env.search(&[&nested(64)]).1.total,
        env.search(&["Moscow"]).1.total
    );
    // Checked before the index is opened: no index needed to hear about it.
    let nowhere = TestEnv::new();
    nowhere
        .cmd()
        .arg("search")
        .arg(nested(100))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("at most 64 levels"));
}

#[test]
fn huge_numbers_are_bounded_with_a_message() {
    let env = TestEnv::with_sample();
    // An offset past the end shows nothing (it used to panic: capacity overflow).
    for cmd in ["search", "quotes"] {
        let (code, r) = search_value(&env, cmd, &["Moscow", "--offset", "9223372036854775000"]);
        assert_eq!(code, 0, "{cmd}");
        assert!(r["total"].as_u64().unwrap() > 0, "{cmd}");
        assert_eq!(r["hits"].as_array().map(Vec::len), Some(0), "{cmd}");
        assert_eq!(r["offset"], 9223372036854775000u64);
    }
    for args in [
        &["search", "Moscow", "--limit", "10001"][..],
        &["search", "Moscow", "--facets", "18446744073709551615"],
        &["quotes", "Moscow", "--facets", "99999999999999999999999"],
        &["related", "Moscow", "--top", "18446744073709551615"],
        &["stats", "--top", "18446744073709551615"],
    ] {
        env.cmd()
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("too large; use 0 to 10000"));
    }
    // 10,000 threads for three files used to run for minutes.
    let small = TestEnv::new();
    small.write("in/a.txt", "Title: A\n\nText.\n");
    for n in ["10000", "0"] {
        small
            .cmd()
            .args(["index", "--threads", n])
            .arg(small.dir.path().join("in"))
            .timeout(Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("use 1 to 256"));
    }
    assert!(!small.index_dir().exists());
    // A huge COLUMNS draws a chart no wider than 1000 columns (it used to build bars
    // gigabytes long).
    for extra in [&[][..], &["--by", "person"]] {
        let out = env
            .cmd()
            .env("COLUMNS", "100000")
            .args([
                "search",
                "Moscow",
                "--histogram",
                "month",
                "--facets",
                "0",
                "-n",
                "0",
            ])
            .args(extra)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        let text = String::from_utf8_lossy(&out.stdout);
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        assert!(widest <= 1000, "widest line {widest}");
    }
}
