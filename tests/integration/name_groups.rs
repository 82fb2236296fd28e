//! Issue 10: archive-wide variants of one person become one value. An article that only
//! says "Mr Brandt said" stores the speaker "Brandt"; while "Hans Brandt" is the only
//! full name of the archive ending in "Brandt", `search` and `quotes` count, filter and
//! show both as "Hans Brandt". A second full name ("Maria Brandt") ends the grouping,
//! and removing it brings it back.

use crate::common;

use common::{SearchJson, TestEnv};
use std::collections::BTreeSet;

const HANS: &str = "Berlin trade talks resume

BERLIN (Reuters) - Hans Brandt, the German economy minister, said on Monday that the \
talks would resume next week.

\"We are ready to sign the agreement,\" Hans Brandt said.
";

const MR: &str = "Minister defends budget

The budget will not be cut, the economy minister said on Tuesday.

\"There is no reason to panic about the deficit,\" Mr Brandt said at a press conference \
in Berlin.
";

const MARIA: &str = "Scientist wins award

Maria Brandt, a physicist at the University of Hamburg, won the prize on Friday.

\"This is a great honour for our whole team,\" Maria Brandt said.
";

fn index(env: &TestEnv) {
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("docs"))
        .assert()
        .success();
}

fn facet(r: &SearchJson, root: &str) -> Vec<(String, u64)> {
    r.facets[root]
        .iter()
        .map(|f| (f.value.clone(), f.count))
        .collect()
}

fn pairs(list: &[(&str, u64)]) -> Vec<(String, u64)> {
    list.iter().map(|(v, c)| (v.to_string(), *c)).collect()
}

/// The file names of the hits.
fn files(r: &SearchJson) -> BTreeSet<String> {
    r.hits
        .iter()
        .map(|h| {
            std::path::Path::new(&h.path)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        })
        .collect()
}

fn both() -> BTreeSet<String> {
    ["hans.txt", "mr.txt"].map(String::from).into()
}

/// With the two articles indexed: one value, counted once per article, found by the
/// full name, shown as the full name.
fn assert_grouped(env: &TestEnv) {
    let (code, r) = env.search(&["*", "--facets", "10"]);
    assert_eq!(code, 0);
    for root in ["speaker", "person"] {
        assert_eq!(facet(&r, root), pairs(&[("Hans Brandt", 2)]), "{root}");
    }
    for h in &r.hits {
        assert_eq!(h.entities.speakers, vec!["Hans Brandt"], "{}", h.path);
    }
    for flag in ["--speaker", "--person"] {
        for typed in ["Hans Brandt", "hans brandt", "brandt"] {
            let (code, r) = env.search(&[flag, typed]);
            assert_eq!((code, files(&r)), (0, both()), "{flag} {typed}");
        }
    }
    // The quotation index: both quotes, under one speaker.
    let (code, q) = env.quotes(&["--speaker", "Hans Brandt", "--facets", "10"]);
    assert_eq!((code, q.total), (0, 2));
    assert_eq!(facet(&q, "speaker"), pairs(&[("Hans Brandt", 2)]));
    for h in &q.hits {
        let speaker = h.quote.as_ref().and_then(|x| x.speaker.clone());
        assert_eq!(speaker.as_deref(), Some("Hans Brandt"));
    }
}

#[test]
fn issue_10_a_surname_only_article_joins_the_one_full_name() {
    let env = TestEnv::new();
    env.write("docs/hans.txt", HANS);
    env.write("docs/mr.txt", MR);
    index(&env);
    assert_grouped(&env);
    // `export` keeps each article's own values.
    let out = env.cmd().args(["export", "--jsonl"]).output().expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("\"speakers\":[\"Brandt\"]"), "{text}");
}

#[test]
fn issue_10_two_full_names_with_the_surname_group_nothing_until_one_is_gone() {
    let env = TestEnv::new();
    env.write("docs/hans.txt", HANS);
    env.write("docs/mr.txt", MR);
    let maria = env.write("docs/maria.txt", MARIA);
    index(&env);
    let apart = |env: &TestEnv| {
        let (_, r) = env.search(&["*", "--facets", "10"]);
        assert_eq!(
            facet(&r, "speaker"),
            pairs(&[("Brandt", 1), ("Hans Brandt", 1), ("Maria Brandt", 1)])
        );
        let (_, r) = env.search(&["--speaker", "Hans Brandt"]);
        assert_eq!(files(&r), ["hans.txt".to_string()].into());
        let (_, r) = env.search(&["--speaker", "brandt"]);
        assert_eq!(r.total, 3);
    };
    apart(&env);
    // Maria's article removed: "Brandt" is Hans Brandt again (her article is only
    // deleted, still in its segment, and no evidence).
    std::fs::remove_file(&maria).expect("remove");
    index(&env);
    assert_grouped(&env);
    // And back.
    env.write("docs/maria.txt", MARIA);
    index(&env);
    apart(&env);
}

#[test]
fn issue_10_groups_are_the_same_without_the_saved_file() {
    let env = TestEnv::new();
    env.write("docs/hans.txt", HANS);
    env.write("docs/mr.txt", MR);
    index(&env);
    let lists = env.index_dir().join("facet-values");
    let saved = lists.join("articles-groups.bin");
    let bytes = std::fs::read(&saved).expect("groups file written");
    let has = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).any(|w| w == needle);
    assert!(has(&bytes, b"Hans Brandt"), "{bytes:?}");
    let key = b"\n# segments ";
    let at = bytes
        .windows(key.len())
        .position(|w| w == key)
        .expect("key line");
    // Stale (another segment), damaged (cut short, a byte changed), then missing:
    // worked out again.
    let stale = [&bytes[..at + key.len()], b"0 ", &bytes[at + key.len()..]].concat();
    std::fs::write(&saved, stale).expect("write");
    assert_grouped(&env);
    std::fs::write(&saved, &bytes[..bytes.len() - 3]).expect("write");
    assert_grouped(&env);
    let mut flipped = bytes.clone();
    if let Some(b) = flipped.last_mut() {
        *b ^= 0x20;
    }
    std::fs::write(&saved, &flipped).expect("write");
    assert_grouped(&env);
    // `check` names the damaged file.
    let out = env.cmd().arg("check").output().expect("run check");
    assert!(!out.status.success());
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("articles-groups.bin"), "{said}");
    std::fs::remove_dir_all(&lists).expect("remove");
    assert_grouped(&env);
    // `check` accepts the file the next run writes.
    index(&env);
    assert!(saved.exists());
    env.cmd().arg("check").assert().success();
}
