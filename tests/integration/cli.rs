//! The real `newsdex` binary indexing the sample corpus and small fixtures, and the
//! commands around it: locks, crashes, Ctrl-C, bad files, show, stats, extract, export.

use crate::common;

use common::{gold, sample_corpus, TestEnv};
use predicates::prelude::*;
use std::collections::BTreeSet;

#[test]
fn index_sample_corpus_reports_counts() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(sample_corpus())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n_gold = gold().len() as u64;
    assert_eq!(s["articles_indexed"], n_gold);
    assert_eq!(s["documents_in_index"], n_gold);
    assert_eq!(s["files_skipped"], 0);
    assert!(n_gold >= 60, "the sample corpus has at least 60 articles");
}

#[test]
fn reindexing_touches_only_what_changed_and_never_duplicates() {
    let env = TestEnv::new();
    let corpus = env.dir.path().join("corpus");
    env.write(
        "corpus/a.txt",
        "Title: Alpha\nDate: 2020-01-01\n\nKharkiv mayor Olena Kovalenko spoke.\n",
    );
    env.write(
        "corpus/b.txt",
        "Title: Beta\nDate: 2020-01-02\n\nGeneva talks resumed.\n",
    );
    env.write("corpus/c.jsonl", "{\"title\":\"C1\",\"body\":\"one Kharkiv\"}\n{\"title\":\"C2\",\"body\":\"two Kharkiv\"}\n");
    let run = |extra: &[&str]| -> serde_json::Value {
        let out = env
            .cmd()
            .args(["index", "--json"])
            .args(extra)
            .arg(&corpus)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let first = run(&[]);
    assert_eq!(
        (
            first["files_new"].as_u64(),
            first["documents_in_index"].as_u64()
        ),
        (Some(3), Some(4))
    );
    // No-op: nothing is read again.
    let noop = run(&[]);
    assert_eq!(noop["files_unchanged"], 3);
    assert_eq!(noop["articles_indexed"], 0);
    assert_eq!(noop["documents_in_index"], 4);
    // Change one file, shrink the JSONL, delete another.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "corpus/a.txt",
        "Title: Alpha two\nDate: 2020-01-01\n\nKharkiv again.\n",
    );
    env.write(
        "corpus/c.jsonl",
        "{\"title\":\"C1\",\"body\":\"one Kharkiv\"}\n",
    );
    std::fs::remove_file(corpus.join("b.txt")).unwrap();
    let changed = run(&[]);
    assert_eq!(changed["files_updated"], 2);
    assert_eq!(changed["files_deleted"], 1);
    assert_eq!(changed["documents_in_index"], 2);
    let (_, r) = env.search(&["Kharkiv"]);
    let titles: BTreeSet<_> = r.hits.iter().map(|h| h.title.clone()).collect();
    assert_eq!(
        titles,
        ["Alpha two", "C1"].iter().map(|s| s.to_string()).collect()
    );
    assert_eq!(env.search(&["Geneva"]).1.total, 0);
    // --rebuild starts from scratch with the same result.
    let rebuilt = run(&["--rebuild"]);
    assert_eq!(rebuilt["articles_indexed"], 2);
    assert_eq!(rebuilt["documents_in_index"], 2);
}

#[test]
fn reindexing_the_sample_corpus_is_a_no_op() {
    let env = TestEnv::with_sample();
    let before = env.search(&["Kharkiv"]).1.total;
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(sample_corpus())
        .output()
        .unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["files_new"], 0);
    assert_eq!(s["articles_indexed"], 0);
    assert_eq!(s["files_unchanged"], s["files_seen"]);
    assert_eq!(s["documents_in_index"], gold().len() as u64);
    assert_eq!(env.search(&["Kharkiv"]).1.total, before);
}

#[test]
fn a_second_indexer_is_refused_with_the_holders_pid() {
    use std::io::Write;
    let env = TestEnv::with_sample();
    let lock_path = env.index_dir().join("lock");
    let mut lock = std::fs::OpenOptions::new()
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.try_lock().expect("the finished run released the lock");
    lock.set_len(0).unwrap();
    write!(lock, "4242").unwrap();
    env.cmd()
        .args(["index"])
        .arg(sample_corpus())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "is being updated by another newsdex process (pid 4242)",
        ));
    // Searching while another process indexes works.
    assert!(env.search(&["Kharkiv"]).1.total > 0);
    drop(lock);
    env.cmd()
        .args(["index", "--quiet"])
        .arg(sample_corpus())
        .assert()
        .success();
}

/// Every argument is checked before any file is read: with an alias table that does
/// not exist and no index, a bad date or query is still what is reported.
#[test]
fn argument_errors_come_before_any_io() {
    let env = TestEnv::new();
    let missing = env.dir.path().join("no-such-aliases.tsv");
    for (args, msg) in [
        (
            vec!["search", "x", "--since", "2020-13"],
            "invalid date \"2020-13\"",
        ),
        (
            vec!["quotes", "--until", "someday"],
            "invalid date \"someday\"",
        ),
        (
            vec!["search", "--since", "2021", "--until", "2020"],
            "--since 2021 is after --until 2020",
        ),
        (
            vec!["related", "Accra", "--since", "1999-02-30"],
            "invalid date",
        ),
        (
            vec!["related", "Accra", "--query", &"(".repeat(100)],
            "invalid query",
        ),
    ] {
        env.cmd()
            .arg("--aliases")
            .arg(&missing)
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(msg))
            .stderr(predicate::str::contains("no-such-aliases").not())
            .stderr(predicate::str::contains("no index").not());
    }
}

#[test]
fn missing_index_and_other_version_say_what_to_do() {
    let env = TestEnv::new();
    env.cmd()
        .args(["search", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("run `newsdex index DIR` first"));
    let env = TestEnv::with_sample();
    let meta = env.index_dir().join("newsdex.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    json["schema_version"] = 999.into();
    std::fs::write(&meta, json.to_string()).unwrap();
    env.cmd()
        .args(["search", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema version 999"));
}

/// Schema version 4 stores quotations by reference and the manifest in binary: an index
/// of version 3 is refused with the rebuild message, and `--rebuild` replaces it,
/// old manifest included.
#[test]
fn index_of_the_previous_schema_is_rebuilt() {
    let env = TestEnv::with_sample();
    let meta = env.index_dir().join("newsdex.json");
    let mut json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    json["schema_version"] = 3.into();
    std::fs::write(&meta, json.to_string()).unwrap();
    let old_manifest = env.index_dir().join("manifest.json");
    std::fs::write(&old_manifest, "{}").unwrap();
    env.cmd()
        .args(["search", "x"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema version 3"))
        .stderr(predicate::str::contains("--rebuild"));
    env.cmd()
        .args(["index", "--quiet"])
        .arg(sample_corpus())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("schema version 3"));
    env.cmd()
        .args(["index", "--quiet", "--rebuild"])
        .arg(sample_corpus())
        .assert()
        .success();
    assert!(!old_manifest.exists(), "the old manifest is removed");
    assert!(env.index_dir().join("manifest.bin").exists());
    let (code, r) = env.quotes(&["--speaker", "Vinter"]);
    assert_eq!(code, 0);
    assert!(r.hits.iter().all(|h| h.quote.is_some()));
}

/// The quotation index stores where each quotation is in its article and nothing
/// else: its text, title and context are read from the article.
#[test]
fn quotations_are_stored_by_reference() {
    use tantivy::schema::document::Document;
    let env = TestEnv::with_sample();
    let ni = newsdex::index::NewsIndex::open(&env.index_dir()).unwrap();
    let quotes = ni.quotes().unwrap();
    let searcher = quotes.searcher().unwrap();
    let schema = searcher.schema().clone();
    let mut docs = 0;
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        for doc_id in 0..seg.max_doc() {
            let doc: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc_id))
                .unwrap();
            let mut names: Vec<&str> = doc
                .iter_fields_and_values()
                .map(|(f, _)| schema.get_field_name(f))
                .collect();
            names.dedup();
            assert_eq!(names, ["id", "quotes"]);
            docs += 1;
        }
    }
    assert!(docs > 0, "the sample corpus has quotations");
    // What `quotes` shows comes back whole from the articles.
    let (_, r) = env.quotes(&["--speaker", "Vinter"]);
    let q = r.hits[0].quote.as_ref().expect("a quotation");
    assert!(!q.text.is_empty() && !q.context.is_empty(), "{q:?}");
    let first_word = q.text.split_whitespace().next().unwrap_or_default();
    assert!(q.context.contains(first_word), "{q:?}");
    assert!(!r.hits[0].title.is_empty());
}

#[test]
fn corrupt_files_are_reported_counted_and_skipped() {
    let env = TestEnv::new();
    env.write(
        "in/good.txt",
        "Title: Good article\nDate: 2020-01-02\n\nGENEVA — Lars Vinter said talks went well.\n",
    );
    env.write("in/binary.txt", b"%PDF-1.4\x00\x00\x01binary");
    env.write("in/broken.json", "{\"title\": \"unterminated");
    env.write("in/empty.md", "   \n");
    env.write(
        "in/mixed.jsonl",
        "{\"title\":\"A\",\"body\":\"one\"}\nnot json\n{\"title\":\"B\",\"body\":\"two\"}\n",
    );
    env.write("in/picture.jpg", "not indexed");
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(env.dir.path().join("in"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "skipped files make exit status 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("binary.txt: binary file"), "{stderr}");
    assert!(stderr.contains("broken.json: invalid JSON"), "{stderr}");
    assert!(stderr.contains("empty.md: empty file"), "{stderr}");
    assert!(stderr.contains("mixed.jsonl:2: invalid JSON"), "{stderr}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles_indexed"], 3);
    assert_eq!(s["bad_lines"], 1);
    assert_eq!(s["skipped_by_reason"]["binary"], 1);
    assert_eq!(s["skipped_by_reason"]["invalid JSON"], 1);
    assert_eq!(s["skipped_by_reason"]["empty"], 1);
    assert_eq!(s["skipped_by_reason"]["unsupported type"], 1);
    assert_eq!(env.search(&["talks"]).1.total, 1);
}

#[test]
fn show_by_id_and_by_path() {
    let env = TestEnv::shared_sample();
    let (_, r) = env.search(&["--speaker", "Kovalenko", "--limit", "1"]);
    let hit = &r.hits[0];
    let by_id = env
        .cmd()
        .args(["show", &hit.id, "--json"])
        .output()
        .unwrap();
    assert!(by_id.status.success());
    let a: serde_json::Value = serde_json::from_slice(&by_id.stdout).unwrap();
    assert_eq!(a["id"], hit.id.as_str());
    assert!(a["body"].as_str().unwrap().len() > 1000);
    let quotes = a["quotes"].as_array().unwrap();
    assert!(quotes.iter().any(|q| q["speaker"] == "Olena Kovalenko"));
    env.cmd()
        .args(["show", &hit.path])
        .assert()
        .success()
        .stdout(predicate::str::contains(hit.title.as_str()));
    env.cmd()
        .args(["show", "nope"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no article with id or path"));
}

#[test]
fn stats_counts_documents_and_dates() {
    let env = TestEnv::shared_sample();
    let out = env.cmd().args(["stats", "--json"]).output().unwrap();
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = gold();
    assert_eq!(s["documents"], g.len() as u64);
    let min = g.iter().map(|x| x.date.clone()).min().unwrap();
    let max = g.iter().map(|x| x.date.clone()).max().unwrap();
    assert_eq!(s["first_date"], min.as_str());
    assert_eq!(s["last_date"], max.as_str());
    assert_eq!(s["undated"], 0);
    assert!(!s["facets"]["speaker"].as_array().unwrap().is_empty());
}

#[test]
fn extract_prints_offsets_into_the_file() {
    let env = TestEnv::new();
    let text = "Title: Envoy in Geneva\nDate: 2016-02-24\n\nGENEVA — Talks resumed on Monday.\n\n“We have a window,” said Nadia Haddad, the UN envoy. Russian officials agreed.\n\nHaddad called the proposal “a fair start” on Tuesday.\n";
    let p = env.write("a.txt", text);
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .arg(&p)
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for m in v["mentions"].as_array().unwrap() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let span: String = chars[s..e].iter().collect();
        assert_eq!(span, m["text"].as_str().unwrap());
    }
    let q = &v["quotes"][0];
    assert_eq!(q["speaker"], "Nadia Haddad");
    let (s, e) = (
        q["start"].as_u64().unwrap() as usize,
        q["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[s..e].iter().collect::<String>(), "We have a window,");
    assert_eq!(v["quotes"].as_array().unwrap().len(), 1, "{v}");
    // Words quoted inside the writer's sentence are listed apart, with their speaker.
    let p = &v["partial_quotes"][0];
    assert_eq!(p["speaker"], "Nadia Haddad", "{v}");
    let (s, e) = (
        p["start"].as_u64().unwrap() as usize,
        p["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(chars[s..e].iter().collect::<String>(), "a fair start");
    let countries: Vec<_> = v["facets"]["countries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert!(
        countries.contains(&"CH") && countries.contains(&"RU"),
        "{countries:?}"
    );
}

/// Completion scripts and the man page come from the command line's definition: no
/// index is read or created, and a broken alias table does not matter.
#[test]
fn completions_and_man_page_are_printed_without_an_index() {
    let env = TestEnv::new();
    let broken = env.write("aliases.tsv", "no tab here\n");
    for (shell, marker) in [
        ("bash", "_newsdex()"),
        ("zsh", "#compdef newsdex"),
        ("fish", "complete -c newsdex"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = env
            .cmd()
            .arg("--aliases")
            .arg(&broken)
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(script.contains(marker), "{shell}: {script}");
        // Subcommands and their flags are completed.
        assert!(script.contains("quotes"), "{shell}");
        assert!(script.contains("speaker"), "{shell}");
    }
    env.cmd()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
    let out = env.cmd().arg("man").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH newsdex 1"), "{page}");
    assert!(page.contains("search"), "{page}");
    assert!(!env.index_dir().exists());
}

#[test]
fn help_explains_commands() {
    let env = TestEnv::new();
    env.cmd()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("index"))
        .stdout(predicate::str::contains("search"))
        .stdout(predicate::str::contains("extract"));
    env.cmd()
        .args(["search", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--speaker"))
        .stdout(predicate::str::contains("Exit status"));
}

#[test]
fn killing_the_indexer_keeps_the_last_commit_and_the_next_run_completes() {
    let env = TestEnv::new();
    let n = write_many(&env, 1500);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("big"))
        .env("NEWSDEX_COMMIT_INTERVAL_MS", "100")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it (SIGKILL) once a commit has happened but before the end.
    let manifest = env.index_dir().join("manifest.bin");
    let t0 = std::time::Instant::now();
    while !manifest.exists() && t0.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let (_, partial) = env.search(&["--since", "2020", "--limit", "0"]);
    if status.success() {
        eprintln!(
            "the indexer finished before it could be killed; checking the complete index only"
        );
    } else {
        assert!(
            partial.total < n,
            "killed run committed {} of {n}",
            partial.total
        );
    }
    // Whatever was committed is searchable, and the next run completes the job.
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(env.dir.path().join("big"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["documents_in_index"], n as u64);
    let (_, all) = env.search(&["--since", "2020", "--limit", "0"]);
    assert_eq!(all.total, n);
    let (_, one) = env.search(&["story777"]);
    assert_eq!(one.total, 1, "no duplicate of a re-read article");
}

/// The JSON type class of an exported value, to compare with the declared mappings.
fn value_class(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::String(s) if chrono::DateTime::parse_from_rfc3339(s).is_ok() => "date",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(a) if a.iter().all(|x| x.is_string()) => "strings",
        serde_json::Value::Array(_) => "objects",
        _ => "other",
    }
}

#[test]
fn export_fields_are_declared_in_quickwit_and_elasticsearch_mappings() {
    let env = TestEnv::shared_sample();
    let out = env.cmd().args(["export", "--jsonl"]).output().unwrap();
    assert!(out.status.success());
    let schema_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let qw: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir.join("quickwit-index.json")).unwrap(),
    )
    .unwrap();
    let es: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(schema_dir.join("elasticsearch-mapping.json")).unwrap(),
    )
    .unwrap();
    let qw_types: std::collections::HashMap<String, String> = qw["doc_mapping"]["field_mappings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].as_str().unwrap().to_string(),
                f["type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let es_props = &es["mappings"]["properties"];
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), gold().len());
    let mut seen = BTreeSet::new();
    for rec in &lines {
        for (key, v) in rec.as_object().unwrap() {
            let qt = qw_types
                .get(key)
                .unwrap_or_else(|| panic!("{key} not declared for Quickwit"));
            let et = es_props[key]["type"]
                .as_str()
                .unwrap_or_else(|| panic!("{key} not declared for Elasticsearch"));
            if v.is_null() || v.as_array().is_some_and(|a| a.is_empty()) {
                continue;
            }
            let class = value_class(v);
            let ok_qw = match class {
                "date" => qt == "datetime" || qt == "text",
                "string" => qt == "text",
                "strings" => qt == "array<text>",
                "objects" => qt == "json",
                _ => false,
            };
            let ok_es = match class {
                "date" => et == "date" || et == "keyword",
                "string" => et == "text" || et == "keyword",
                "strings" => et == "keyword" || et == "text",
                "objects" => et == "nested" || et == "object",
                _ => false,
            };
            assert!(ok_qw, "{key}: {class} value vs Quickwit type {qt}");
            assert!(ok_es, "{key}: {class} value vs Elasticsearch type {et}");
            seen.insert(key.clone());
        }
    }
    // Dates are dates, and every declared field is exported.
    assert!(seen.contains("date") && seen.contains("quotes") && seen.contains("speakers"));
    assert_eq!(qw_types.len(), lines[0].as_object().unwrap().len());
    assert_eq!(
        es_props.as_object().unwrap().len(),
        lines[0].as_object().unwrap().len()
    );
    assert_eq!(value_class(&lines[0]["date"]), "date");
}

/// Writes `n` small articles under big/ and returns `n`.
fn write_many(env: &TestEnv, n: usize) -> usize {
    let para = "Officials in Geneva said talks on the ceasefire would resume, and Lars Vinter said: \"We are ready.\" ".repeat(12);
    for i in 0..n {
        env.write(
            &format!("big/{:02}/story{i}.txt", i % 50),
            format!("Title: Story {i}\nDate: 2020-01-01\n\nstory{i} {para}\n"),
        );
    }
    n
}

#[test]
fn ctrl_c_commits_the_work_done_and_says_so() {
    let env = TestEnv::new();
    let n = write_many(&env, 1500);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("big"))
        .env("NEWSDEX_COMMIT_INTERVAL_MS", "100")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let manifest = env.index_dir().join("manifest.bin");
    let t0 = std::time::Instant::now();
    while !manifest.exists() && t0.elapsed() < std::time::Duration::from_secs(60) {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let kill = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if out.status.code() == Some(0) {
        eprintln!("the indexer finished before the signal arrived: {stderr}");
    } else {
        assert_eq!(out.status.code(), Some(130), "{stderr}");
        assert!(
            stderr.contains("interrupted: committed what was done"),
            "{stderr}"
        );
        let (_, partial) = env.search(&["--since", "2020", "--limit", "0"]);
        assert!(
            partial.total > 0 && partial.total < n,
            "{} of {n}",
            partial.total
        );
    }
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("big"))
        .assert()
        .success();
    assert_eq!(env.search(&["--since", "2020", "--limit", "0"]).1.total, n);
    assert_eq!(env.search(&["story1234"]).1.total, 1);
}

/// The number of segments a tantivy index's `meta.json` lists.
fn segment_count(tantivy_dir: &std::path::Path) -> usize {
    let meta = std::fs::read_to_string(tantivy_dir.join("meta.json")).unwrap();
    let meta: serde_json::Value = serde_json::from_str(&meta).unwrap();
    meta["segments"].as_array().unwrap().len()
}

/// A run leaves few segments to open: a commit per file and segments that no background
/// merge touches (`NEWSDEX_MERGE_MAX_DOCS`, as a big archive's 20k-article segments) still
/// end in at most 3 per index, and every article stays searchable, with its quotations.
#[test]
fn a_full_index_ends_with_few_segments() {
    let env = TestEnv::new();
    let n = write_many(&env, 24);
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("big"))
        .env("NEWSDEX_COMMIT_INTERVAL_MS", "0")
        .env("NEWSDEX_MERGE_MAX_DOCS", "2")
        .assert()
        .success();
    let ix = env.index_dir();
    for part in ["tantivy", "quotes"] {
        let count = segment_count(&ix.join(part));
        assert!((1..=3).contains(&count), "{part}: {count} segments");
    }
    let (_, all) = env.search(&["ceasefire", "--limit", "0"]);
    assert_eq!(all.total, n);
    let (_, quoted) = env.quotes(&["--speaker", "Lars Vinter", "--limit", "0"]);
    // write_many repeats its quoted sentence 12 times in each story.
    assert_eq!(quoted.total, 12 * n);
    env.cmd().arg("check").assert().success();
}
