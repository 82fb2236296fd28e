//! Bad input, file by file: each case is reported as `newsdex: PATH[:LINE]: reason`,
//! counted, and the rest is indexed; nothing panics.

use crate::common;

use common::TestEnv;
use predicates::prelude::*;

fn index_json(env: &TestEnv, dir: &str) -> (i32, serde_json::Value, String) {
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(env.dir.path().join(dir))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (out.status.code().unwrap_or(-1), v, stderr)
}

#[test]
fn legacy_encodings_are_decoded_not_mangled() {
    let env = TestEnv::new();
    // Windows-1252: "Café owners in Zürich say “we stay open”."
    env.write("in/latin.txt", b"Title: Caf\xe9 owners\nDate: 2019-03-01\n\nCaf\xe9 owners in Z\xfcrich say \x93we stay open\x94, said Ana Ferreira.\n");
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("latin.txt: warning: not UTF-8; decoded as windows-1252"),
        "{stderr}"
    );
    assert_eq!(s["articles_indexed"], 1);
    let (_, r) = env.search(&["Zürich"]);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].title, "Café owners");
}

#[test]
fn empty_binary_and_truncated_files_are_skipped_with_reasons() {
    let env = TestEnv::new();
    env.write(
        "in/ok.md",
        "---\ntitle: Fine\ndate: 2020-05-05\n---\nA fine article about Kenya.\n",
    );
    env.write("in/empty.txt", "");
    env.write("in/blank.txt", "  \n\t\n  ");
    env.write("in/scan.pdf.txt", b"%PDF-1.7\n\x00\x00\x12\x34binary");
    env.write("in/photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    env.write(
        "in/truncated.json",
        "{\"title\": \"Half\", \"body\": \"cut of",
    );
    env.write(
        "in/deep.json",
        format!("{}{}", "[".repeat(5000), "]".repeat(5000)),
    );
    env.write(
        "in/nobody.html",
        "<html><head></head><body><script>x()</script></body></html>",
    );
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 1, "skipped files make the exit status 1");
    for (file, reason) in [
        ("empty.txt", "empty file"),
        ("blank.txt", "empty file"),
        ("scan.pdf.txt", "binary file"),
        ("photo.txt", "binary file"),
        ("truncated.json", "invalid JSON"),
        ("deep.json", "invalid JSON"),
        ("nobody.html", "no article text found"),
    ] {
        assert!(
            stderr.contains(&format!("{file}: {reason}")),
            "{file}: {stderr}"
        );
    }
    assert_eq!(s["articles_indexed"], 1);
    assert_eq!(s["files_skipped"], 7);
    assert_eq!(s["skipped_by_reason"]["binary"], 2);
    assert_eq!(s["skipped_by_reason"]["empty"], 2);
    assert_eq!(s["skipped_by_reason"]["invalid JSON"], 2);
    assert_eq!(s["skipped_by_reason"]["no text"], 1);
}

#[test]
fn jsonl_bad_lines_are_numbered_and_good_lines_kept() {
    let env = TestEnv::new();
    env.write(
        "in/feed.jsonl",
        "{\"title\":\"One\",\"body\":\"first Nairobi\"}\n{\"title\": \n[1,2]\n\n{\"headline\":\"Four\",\"text\":\"fourth Nairobi\"}\n{\"x\":1}\n",
    );
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 1);
    assert!(stderr.contains("feed.jsonl:2: invalid JSON"), "{stderr}");
    assert!(
        stderr.contains("feed.jsonl:3: invalid JSON: expected an article object"),
        "{stderr}"
    );
    assert!(
        stderr.contains("feed.jsonl:6: no article text found"),
        "{stderr}"
    );
    assert_eq!(s["bad_lines"], 3);
    assert_eq!(s["articles_indexed"], 2);
    assert_eq!(env.search(&["Nairobi"]).1.total, 2);
}

#[test]
fn bad_dates_warn_and_index_without_a_date() {
    let env = TestEnv::new();
    env.write(
        "in/a.txt",
        "Title: Soon\nDate: next Tuesday maybe\n\nText about Oslo.\n",
    );
    env.write(
        "in/b.txt",
        "Title: Future\nDate: 2999-01-01\n\nText about Oslo.\n",
    );
    env.write(
        "in/c.txt",
        "Title: Ancient\nDate: 1492-10-12\n\nText about Oslo.\n",
    );
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0);
    assert_eq!(s["warnings"], 3);
    assert!(
        stderr.contains("a.txt: warning: date \"next Tuesday maybe\""),
        "{stderr}"
    );
    assert!(stderr.contains("in the future"), "{stderr}");
    assert!(stderr.contains("before 1800"), "{stderr}");
    let (_, r) = env.search(&["Oslo"]);
    assert_eq!(r.total, 3);
    assert!(r.hits.iter().all(|h| h.date.is_none()));
}

#[test]
fn huge_files_and_huge_lines_are_capped_with_a_warning() {
    let env = TestEnv::new();
    // One 5 MB line (no title line break) and a 200 MB multi-line file.
    let line = "Kharkiv ".repeat(5 * 1024 * 1024 / 8);
    env.write("in/oneline.txt", &line);
    let sentence = "Officials in Lagos said the market would reopen on Monday.\n";
    let big = format!(
        "Title: Big file\n\n{}",
        sentence.repeat(200 * 1024 * 1024 / sentence.len())
    );
    env.write("in/big.txt", &big);
    drop(big);
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["articles_indexed"], 2);
    assert!(
        stderr.contains("only the first 2 MiB is indexed"),
        "{stderr}"
    );
    let (_, r) = env.search(&["Kharkiv"]);
    assert_eq!(r.total, 1);
    assert!(r.hits[0].title.len() <= 1000);
}

/// A JSONL file of `n` lines of about 50 KB each (mostly a field newsdex does not read),
/// with line `bad` broken.
fn big_jsonl(n: usize, bad: usize) -> String {
    let padding = "p".repeat(50_000);
    (1..=n)
        .map(|i| {
            if i == bad {
                "{\"title\": broken\n".to_string()
            } else {
                format!(
                    "{{\"title\":\"Dispatch {i}\",\"body\":\"Harbor note zq{i}x from Mombasa.\",\
                     \"date\":\"2017-05-04\",\"padding\":\"{padding}\"}}\n"
                )
            }
        })
        .collect()
}

#[test]
fn a_large_jsonl_file_is_streamed_in_pieces() {
    // 6 MB: read in two pieces of at most 4 MiB, with a bad line in the second.
    let env = TestEnv::new();
    env.write("in/dump.jsonl", big_jsonl(120, 100));
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("dump.jsonl:100: invalid JSON"), "{stderr}");
    assert_eq!(s["articles_indexed"], 119, "{s}");
    assert_eq!(s["files_new"], 1, "{s}");
    let (_, r) = env.search(&["zq110x"]);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].title, "Dispatch 110");
    // Unchanged: not read again.
    let (_, s, _) = index_json(&env, "in");
    assert_eq!(s["files_unchanged"], 1, "{s}");
    assert_eq!(s["articles_indexed"], 0, "{s}");
    // Shrunk: replaced as a whole, nothing left over from the longer version.
    env.write("in/dump.jsonl", big_jsonl(90, 0));
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["files_updated"], 1, "{s}");
    assert_eq!(s["documents_in_index"], 90, "{s}");
    let (_, r) = env.search(&["zq110x"]);
    assert_eq!(r.total, 0);
}

/// Starts `index in` committing after every message, and SIGKILLs it as soon as the
/// manifest shows `dump.jsonl` partly indexed. Returns false if it finished first.
fn kill_mid_stream(env: &TestEnv) -> bool {
    let manifest = env.index_dir().join("manifest.bin");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("in"))
        .env("NEWSDEX_COMMIT_INTERVAL_MS", "0")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    loop {
        let partial = manifest.exists()
            && newsdex::index::manifest::load_manifest(&env.index_dir())
                .iter()
                .any(|(k, v)| k.ends_with("dump.jsonl") && v.is_unfinished());
        if partial {
            child.kill().unwrap();
            child.wait().unwrap();
            return true;
        }
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

#[test]
fn a_stream_killed_part_way_is_replaced_or_removed_by_the_next_run() {
    let env = TestEnv::new();
    let v1 = big_jsonl(300, 0);
    env.write("in/dump.jsonl", &v1);
    let (code, _, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    // A new version, killed part-way: some of it is committed, all of the old is gone.
    env.write("in/dump.jsonl", v1.replace("Harbor note", "Port memo"));
    assert!(
        kill_mid_stream(&env),
        "the run ended before a piece was committed"
    );
    let (_, r) = env.search(&["Port memo"]);
    assert!(r.total > 0 && r.total < 300, "{}", r.total);
    // The old file comes back unchanged (its old hash): still read again, completely.
    env.write("in/dump.jsonl", &v1);
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["files_updated"], 1, "{s}");
    assert_eq!(s["documents_in_index"], 300, "{s}");
    assert_eq!(env.search(&["Port memo"]).1.total, 0);
    assert_eq!(env.search(&["zq300x"]).1.total, 1);
    // Killed part-way again, then deleted: what was committed goes with it.
    env.write("in/dump.jsonl", v1.replace("Harbor note", "Port memo"));
    assert!(
        kill_mid_stream(&env),
        "the run ended before a piece was committed"
    );
    std::fs::remove_file(env.dir.path().join("in/dump.jsonl")).unwrap();
    env.write("in/other.txt", "Title: Other\n\nA note from Accra.\n");
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(s["files_deleted"], 1, "{s}");
    assert_eq!(s["documents_in_index"], 1, "{s}");
}

#[test]
fn a_nul_byte_deep_in_a_streamed_file_costs_one_line() {
    let env = TestEnv::new();
    let text = big_jsonl(120, 0).replacen("Dispatch 110", "Dispatch\u{0}110", 1);
    env.write("in/dump.jsonl", text);
    let (code, s, stderr) = index_json(&env, "in");
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("dump.jsonl:110: invalid JSON"), "{stderr}");
    assert_eq!(s["articles_indexed"], 119, "{s}");
}

#[test]
fn missing_paths_symlink_loops_and_vanished_files() {
    let env = TestEnv::new();
    env.write("in/a.txt", "Title: A\n\nText about Accra.\n");
    std::os::unix::fs::symlink(env.dir.path().join("in"), env.dir.path().join("in/loop")).unwrap();
    let out = env
        .cmd()
        .args(["index", "--json", "--follow"])
        .arg(env.dir.path().join("in"))
        .arg(env.dir.path().join("does-not-exist"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("does-not-exist: no such file or folder"),
        "{stderr}"
    );
    assert!(stderr.contains("loop"), "{stderr}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles_indexed"], 1);
    // Only missing paths: an error.
    env.cmd()
        .args(["index"])
        .arg(env.dir.path().join("nothing-here"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "nothing-here: no such file or folder",
        ));
}

#[test]
fn non_utf8_file_names_are_indexed() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
    let dir = env.dir.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), "Title: Odd name\n\nText about Dakar.\n").unwrap();
    let (code, s, _) = index_json(&env, "in");
    assert_eq!(code, 0);
    assert_eq!(s["articles_indexed"], 1);
    assert_eq!(env.search(&["Dakar"]).1.total, 1);
}

#[test]
fn search_input_errors_are_clear() {
    let env = TestEnv::new();
    env.write(
        "in/a.txt",
        "Title: A\nDate: 2020-01-01\n\nText about Accra and Lagos.\n",
    );
    index_json(&env, "in");
    for (args, msg) in [
        (vec!["\"unbalanced phrase"], "invalid query"),
        (vec!["(Accra OR"], "invalid query"),
        (vec!["nosuchfield:x"], "invalid query"),
        (
            vec!["Accra", "--since", "2021", "--until", "2020"],
            "is after --until",
        ),
        (vec!["Accra", "--since", "2020-13"], "invalid date"),
        (vec!["Accra", "--limit", "99999999"], "too large"),
    ] {
        env.cmd()
            .arg("search")
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(msg));
    }
    // --limit 0 counts without listing.
    let (code, r) = env.search(&["Accra", "--limit", "0"]);
    assert_eq!((code, r.total, r.hits.len()), (0, 1, 0));
}

#[test]
fn an_empty_index_answers_no_hits() {
    let env = TestEnv::new();
    std::fs::create_dir_all(env.dir.path().join("empty")).unwrap();
    env.cmd()
        .args(["index"])
        .arg(env.dir.path().join("empty"))
        .assert()
        .success();
    let (code, r) = env.search(&["anything"]);
    assert_eq!((code, r.total), (1, 0));
    env.cmd()
        .args(["stats", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"documents\":0"));
}

#[test]
fn fifos_and_devices_in_the_corpus_do_not_hang_or_fill_memory() {
    // The walk skips them; the race (a file replaced after the walk) is unit-tested in
    // ingest::tests. The timeout makes a regression fail instead of hanging.
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    env.write("in/a.txt", "Title: A\n\nText about Accra.\n");
    let fifo = env.dir.path().join("in/x.txt");
    let c = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", env.dir.path().join("in/z.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", env.dir.path().join("in/z.jsonl")).unwrap();
    let timeout = std::time::Duration::from_secs(20);
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(env.dir.path().join("in"))
        .timeout(timeout)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["articles_indexed"], 1);
    env.cmd()
        .arg("extract")
        .arg(env.dir.path().join("in"))
        .timeout(timeout)
        .assert()
        .success()
        .stdout(predicate::str::contains("Accra"));
}

#[test]
fn deeply_nested_html_is_indexed_in_bounded_time() {
    // 200k nested <div>s (1.2 MB) took hours: html5ever's work per tag grows with the depth.
    let env = TestEnv::new();
    let n = 200_000;
    env.write(
        "in/deep.html",
        format!(
            "<html><head><title>Deep page</title></head><body>{}<p>Harbor cranes in Mombasa.</p>{}</body></html>",
            "<div>".repeat(n),
            "</div>".repeat(n)
        ),
    );
    let out = env
        .cmd()
        .args(["index", "--json"])
        .arg(env.dir.path().join("in"))
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("deep.html: warning: HTML nested deeper than 128 elements"),
        "{stderr}"
    );
    let (_, r) = env.search(&["Mombasa"]);
    assert_eq!(r.total, 1);
    assert_eq!(r.hits[0].title, "Deep page");
}

/// No terminal escape, bidi control or line break from a file (its name or its text)
/// reaches the terminal.
fn assert_terminal_safe(out: &str) {
    assert!(
        !out.chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{out:?}"
    );
}

#[test]
fn file_names_and_titles_cannot_inject_escapes_or_forge_lines() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let dir = env.dir.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    let evil = b"x\x1b]0;pwned\x07\nnewsdex: forged\xe2\x80\xaetxt.exe\xc2\x9b.txt";
    let name = std::ffi::OsStr::from_bytes(evil);
    std::fs::write(dir.join(name), "").unwrap();
    env.write(
        "in/story.json",
        r#"{"title":"Port reopens\n  2. forged result\u009b2J\u202e","body":"Cranes moved in Mombasa.","author":"A\u001b[31mB"}"#,
    );
    // index: one line per problem, the name made harmless.
    let out = env.cmd().arg("index").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_terminal_safe(&stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("empty file"))
        .collect();
    assert_eq!(problems.len(), 1, "{stderr}");
    assert!(problems[0].starts_with("newsdex: ") && problems[0].contains("newsdex: forgedtxt.exe"));
    assert!(
        !stderr.lines().any(|l| l.starts_with("newsdex: forged")),
        "{stderr}"
    );
    // search and show: the title is one line, with no escapes.
    for args in [vec!["search", "Mombasa"], vec!["quotes", "Mombasa"]] {
        let out = env.cmd().args(&args).output().unwrap();
        assert_terminal_safe(&String::from_utf8(out.stdout).unwrap());
    }
    let out = env.cmd().args(["search", "Mombasa"]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("Port reopens   2. forged result 2J"),
        "{stdout}"
    );
    assert!(
        !stdout.lines().any(|l| l.trim_start().starts_with("2.")),
        "{stdout}"
    );
    let (_, r) = env.search(&["Mombasa"]);
    let out = env.cmd().args(["show", &r.hits[0].id]).output().unwrap();
    assert_terminal_safe(&String::from_utf8(out.stdout).unwrap());
    // JSON: escaped, not dropped.
    let out = env
        .cmd()
        .args(["search", "Mombasa", "--json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_terminal_safe(&stdout);
    assert!(stdout.contains(r"\u009b2J\u202e"), "{stdout}");
    assert_eq!(
        r.hits[0].title,
        "Port reopens\n  2. forged result\u{9b}2J\u{202e}"
    );
    // extract: the path line and the messages.
    let out = env.cmd().arg("extract").arg(&dir).output().unwrap();
    assert_terminal_safe(&String::from_utf8(out.stdout).unwrap());
    assert_terminal_safe(&String::from_utf8(out.stderr).unwrap());
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_terminal_safe(&String::from_utf8(out.stdout).unwrap());
}

#[test]
fn pounds_in_legacy_english_text_are_not_polish() {
    // Windows-1252 £ (0xA3) was read as windows-1250 Ł: "Ł5.20".
    let env = TestEnv::new();
    env.write(
        "in/fares.txt",
        b"Title: Bus fares rise to \xa35.20\n\nThe operator said fares in Leeds would rise to \xa35.20 from Monday.\n",
    );
    let (code, _, stderr) = index_json(&env, "in");
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("decoded as windows-1252"), "{stderr}");
    let (_, r) = env.search(&["Leeds"]);
    assert_eq!(r.hits[0].title, "Bus fares rise to £5.20");
}
