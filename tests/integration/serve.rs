//! `newsdex serve`: the real binary on an ephemeral port, called over HTTP. The API
//! answers with the CLI's `--json` (compared value for value), errors are JSON with
//! a 4xx status, every response carries the CSP, and a second `newsdex index` run is
//! seen by the next request.

use crate::common;
use crate::serve_util;

use common::{SearchJson, TestEnv};
use serde_json::Value;
use serve_util::{corpus, enc, request, Server};

fn cli_json(env: &TestEnv, args: &[&str]) -> Value {
    let out = env.cmd().args(args).arg("--json").output().expect("run");
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: {e}"))
}

fn cli_error(env: &TestEnv, args: &[&str]) -> String {
    let out = env.cmd().args(args).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    err.trim()
        .strip_prefix("newsdex: ")
        .unwrap_or(&err)
        .to_string()
}

#[test]
fn search_and_quotes_answer_with_the_cli_json() {
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());

    let api = server.json(
        "/api/search?q=ceasefire&speaker=Vinter&histogram=month",
        200,
    );
    let cli = cli_json(
        &env,
        &[
            "search",
            "ceasefire",
            "--speaker",
            "Vinter",
            "--histogram",
            "month",
        ],
    );
    assert_eq!(api, cli);
    assert_eq!(api["total"], 2);
    assert!(api["histogram"]["buckets"]
        .as_array()
        .is_some_and(|b| !b.is_empty()));

    // The typed shape the CLI tests read, with repeatable filters and paging.
    let r: SearchJson = serde_json::from_value(server.json(
        "/api/search?speaker=Vinter&speaker=Miller&limit=1&offset=1",
        200,
    ))
    .expect("SearchJson");
    assert_eq!(r.total, 3);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].rank, 2);
    assert!(r.facets["speaker"]
        .iter()
        .any(|f| f.value == "Lars Vinter" && f.count == 2));

    let api = server.json("/api/quotes?q=ceasefire&speaker=Vinter", 200);
    assert_eq!(
        api,
        cli_json(&env, &["quotes", "ceasefire", "--speaker", "Vinter"])
    );
    assert!(api["hits"][0]["quote"]["speaker"] == "Lars Vinter");

    let api = server.json("/api/related?entity=Vinter&top=3", 200);
    assert_eq!(api, cli_json(&env, &["related", "Vinter", "--top", "3"]));
    assert_eq!(api["type"], "person");
}

#[test]
fn articles_stats_and_value_suggestions() {
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());

    let hits = server.json("/api/search?q=harvest", 200);
    let id = hits["hits"][0]["id"].as_str().expect("id").to_string();
    let article = server.json(&format!("/api/articles/{id}"), 200);
    assert_eq!(article, cli_json(&env, &["show", &id]));
    assert_eq!(article["title"], "Record harvest in Kansas");
    assert_eq!(article["quotes"][0]["speaker"], "John Miller");

    let stats = server.json("/api/stats?top=3", 200);
    assert_eq!(stats, cli_json(&env, &["stats", "--top", "3"]));
    assert_eq!(stats["documents"], 3);

    let v = server.json("/api/values/speaker?prefix=vin", 200);
    assert_eq!(v["values"][0]["value"], "Lars Vinter");
    assert_eq!(v["values"][0]["count"], 2);
    // A later word of the name, case and accents folded.
    let v = server.json("/api/values/person?prefix=MILL", 200);
    assert!(v["values"]
        .as_array()
        .expect("values")
        .iter()
        .any(|x| x["value"] == "John Miller"));
    let v = server.json("/api/values/speaker?prefix=zzz", 200);
    assert_eq!(v["values"], Value::Array(Vec::new()));
}

#[test]
fn errors_are_json_with_the_cli_message_and_a_4xx_status() {
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());
    let error = |path: &str, status: u16| -> String {
        server.json(path, status)["error"]
            .as_str()
            .unwrap_or_else(|| panic!("{path}: no error message"))
            .to_string()
    };

    assert_eq!(
        error("/api/search?q=x&since=2024-13", 400),
        cli_error(&env, &["search", "x", "--since", "2024-13"])
    );
    assert_eq!(
        error("/api/search?speaker=Vintr", 400),
        cli_error(&env, &["search", "--speaker", "Vintr"])
    );
    assert_eq!(
        error("/api/search?q=%22unclosed", 400),
        cli_error(&env, &["search", "\"unclosed"])
    );
    assert_eq!(
        error("/api/search?q=x&since=2025&until=2024", 400),
        cli_error(&env, &["search", "x", "--since", "2025", "--until", "2024"])
    );
    assert!(error("/api/search?limit=5000", 400).contains("at most 1000"));
    assert!(error("/api/search?limit=ten", 400).contains("not a whole number"));
    assert!(error("/api/search?histogram=fortnight", 400).contains("invalid period"));
    assert!(error("/api/search?by=person", 400).contains("histogram"));
    assert!(error("/api/search?q=a&q=b", 400).contains("more than once"));
    assert!(error("/api/search?bogus=1", 400).contains("unknown parameter"));
    let many = vec!["speaker=x"; 65].join("&");
    assert!(error(&format!("/api/search?{many}"), 400).contains("parameters"));
    assert!(error("/api/related", 400).contains("entity"));
    assert_eq!(
        error("/api/related?entity=Nobody%20Known", 400),
        cli_error(&env, &["related", "Nobody Known"])
    );

    assert!(error("/api/articles/00000000000000ff", 404).contains("no article"));
    // Ids only: a path is never looked up, on the index or on disk.
    let path = enc(&env.dir.path().join("corpus/harvest.json").to_string_lossy());
    error(&format!("/api/articles/{path}"), 404);
    error("/api/articles/..%2F..%2Fetc%2Fpasswd", 404);
    error("/etc/passwd", 404);
    error("/app.js/../../Cargo.toml", 404);
    error("/api/values/secret?prefix=a", 404);

    let long = format!("/api/search?q={}", "a".repeat(9000));
    error(&long, 414);
    // Another Host than this server's (a DNS name pointed at 127.0.0.1).
    let r = request(
        &server.addr,
        "GET",
        "/api/stats",
        None,
        &[("Host", "evil.example:80")],
    );
    assert_eq!(r.status, 421, "{}", r.body);
    let r = request(&server.addr, "POST", "/api/search", Some("{}"), &[]);
    assert_eq!(r.status, 405);
    let big = "x".repeat(4096);
    let r = request(&server.addr, "POST", "/api/search", Some(&big), &[]);
    assert!(r.status == 405 || r.status == 413, "{}", r.status);
}

#[test]
fn the_page_and_every_answer_carry_the_csp() {
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());
    let csp = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; \
               frame-ancestors 'none'";
    for (path, status, kind) in [
        ("/", 200, "text/html; charset=utf-8"),
        ("/app.js", 200, "text/javascript; charset=utf-8"),
        ("/app.css", 200, "text/css; charset=utf-8"),
        ("/api/stats", 200, "application/json"),
        ("/api/search?since=x", 400, "application/json"),
        ("/nothing/here", 404, "application/json"),
    ] {
        let r = server.get(path);
        assert_eq!(r.status, status, "{path}");
        assert_eq!(
            r.header("content-security-policy").as_deref(),
            Some(csp),
            "{path}"
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(r.header("content-type").as_deref(), Some(kind), "{path}");
    }
    // The time inside the server, for bench-serve.
    let timing = server
        .get("/api/search?q=ceasefire")
        .header("server-timing");
    assert!(
        timing.as_deref().is_some_and(|t| t.starts_with("app;dur=")),
        "{timing:?}"
    );
    // No inline script or style for the CSP to block: every script is loaded by src,
    // and no element has a style or on* attribute.
    let page = server.get("/").body;
    assert!(page.contains("<script src=\"/app.js\""));
    assert_eq!(page.matches("<script").count(), 1);
    assert!(!page.contains("style="));
    assert!(!page.contains(" on"), "an inline event handler in the page");
}

#[test]
fn a_second_index_run_is_seen_by_the_next_request() {
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());
    assert_eq!(server.json("/api/search?q=wheat", 200)["total"], 1);
    assert_eq!(
        server.json("/api/values/person?prefix=ols", 200)["values"][0]["value"],
        "Maria Olsen"
    );

    env.write(
        "corpus/wheat.json",
        r#"{"title":"Wheat prices fall","date":"2024-06-01","body":"Wheat prices fell in Chicago, said Petra Olsson of the Grain Council."}"#,
    );
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("corpus"))
        .assert()
        .success();
    assert_eq!(server.json("/api/search?q=wheat", 200)["total"], 2);
    assert_eq!(server.json("/api/stats", 200)["documents"], 4);
    let v = server.json("/api/values/person?prefix=ols", 200);
    assert!(
        v["values"]
            .as_array()
            .expect("values")
            .iter()
            .any(|x| x["value"] == "Petra Olsson"),
        "{v}"
    );
}

/// `serve` with the CLI's errors: no index, an address in use.
#[test]
fn serve_fails_with_the_cli_message_when_it_cannot_start() {
    let env = TestEnv::new();
    let out = env
        .cmd()
        .args(["serve", "--addr", "127.0.0.1:0"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("newsdex: no index at "), "{err}");

    corpus(&env);
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let out = env
        .cmd()
        .args(["serve", "--addr", &addr])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with(&format!("newsdex: cannot listen on {addr}: ")) && err.contains("--addr"),
        "{err}"
    );

    let out = env
        .cmd()
        .args(["serve", "--addr", "localhost"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--addr"));
}

/// Listening beyond loopback is said on stderr, and any Host is then answered.
#[test]
fn a_non_loopback_address_is_logged_as_the_users_choice() {
    use std::io::{BufRead, BufReader};
    let env = TestEnv::new();
    corpus(&env);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["serve", "--addr", "0.0.0.0:0"])
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start");
    let stderr = child.stderr.take().expect("stderr");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let (mut err, mut out) = (String::new(), String::new());
        let _ = BufReader::new(stderr).read_line(&mut err);
        let _ = BufReader::new(stdout).read_line(&mut out);
        let _ = tx.send((err, out));
    });
    let got = rx.recv_timeout(serve_util::PATIENCE);
    let port = got.as_ref().ok().and_then(|(_, out)| {
        out.trim()
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .map(str::to_string)
    });
    let answer = port.map(|p| {
        request(
            &format!("127.0.0.1:{p}"),
            "GET",
            "/api/stats",
            None,
            &[("Host", "archive.example:80")],
        )
    });
    let _ = child.kill();
    let _ = child.wait();
    let (err, out) = got.expect("serve said nothing in time");
    assert!(out.starts_with("http://0.0.0.0:"), "{out}");
    assert!(
        err.contains("to other machines too, as --addr 0.0.0.0:0 asks"),
        "{err}"
    );
    assert_eq!(answer.map(|r| r.status), Some(200));
}

/// A search that takes long holds one thread of the blocking pool, not the server:
/// other requests are answered while it runs. The server's test hook keeps a search
/// for "ceasefire" waiting until the test creates a file, so nothing here depends on
/// timing.
#[test]
fn a_slow_search_does_not_stall_other_requests() {
    let env = TestEnv::new();
    corpus(&env);
    let release = env.dir.path().join("release-the-search");
    let hold = format!("ceasefire:{}", release.display());
    let server = Server::start_with(&env.index_dir(), &[("NEWSDEX_TEST_HOLD", &hold)]);
    let addr = server.addr.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let slow = std::thread::spawn(move || {
        let r = request(&addr, "GET", "/api/search?q=ceasefire", None, &[]);
        let _ = tx.send(());
        r
    });
    let waiting = env.dir.path().join("release-the-search.waiting");
    let since = std::time::Instant::now();
    while !waiting.exists() {
        assert!(
            since.elapsed() < serve_util::PATIENCE,
            "the held search never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    // While the held search waits, other searches, stats and the page are answered.
    for path in [
        "/api/search?q=minister",
        "/api/stats",
        "/api/search?speaker=Vinter",
        "/",
    ] {
        let r = server.get(path);
        assert_eq!(r.status, 200, "GET {path} → {} {}", r.status, r.body);
    }
    assert!(
        rx.try_recv().is_err(),
        "the held search answered before it was released"
    );
    std::fs::write(&release, "").expect("release the held search");
    let r = slow.join().expect("slow request thread");
    assert_eq!(r.status, 200, "{}", r.body);
    let v: Value = serde_json::from_str(&r.body).expect("json");
    assert!(v["total"].as_u64().is_some_and(|n| n > 0), "{v}");
}

/// The first stderr line of `lines` that contains `needle`, waiting at most
/// [`serve_util::PATIENCE`] for it.
fn stderr_line(lines: &std::sync::mpsc::Receiver<String>, needle: &str) -> String {
    let deadline = std::time::Instant::now() + serve_util::PATIENCE;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(needle) => return line,
            Ok(line) => seen.push(line),
            Err(_) => break,
        }
    }
    panic!("no stderr line with {needle:?} in time; stderr was: {seen:#?}")
}

/// An executable shell script in `dir`.
#[cfg(unix)]
fn script(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    path
}

/// `--open` hands the server's own URL to the opener `BROWSER` names (a stub that
/// writes its arguments to a file), and the server answers meanwhile.
#[cfg(unix)]
#[test]
fn open_hands_the_servers_url_to_the_browser() {
    let env = TestEnv::new();
    corpus(&env);
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("opened");
    // Written under another name, then renamed, so the test never reads half a file.
    let stub = script(
        tmp.path(),
        "stub-browser",
        &format!(
            "printf '%s\\n' \"$@\" > '{0}.part' && mv '{0}.part' '{0}'",
            out.display()
        ),
    );
    let browser = format!("{} --new-window", stub.display());
    let (server, _stderr) =
        Server::start_watching_stderr(&env.index_dir(), &["--open"], &[("BROWSER", &browser)]);
    let deadline = std::time::Instant::now() + serve_util::PATIENCE;
    while !out.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let args = std::fs::read_to_string(&out).expect("the opener was not run in time");
    assert_eq!(args, format!("--new-window\n{}\n", server.url()));
    assert_eq!(server.json("/api/stats", 200)["documents"], 3);
}

/// An opener that cannot be run, or that fails, is reported on stderr with the URL to
/// open by hand, and the server goes on answering.
#[cfg(unix)]
#[test]
fn a_failing_browser_is_reported_and_the_server_goes_on() {
    let env = TestEnv::new();
    corpus(&env);
    let tmp = tempfile::tempdir().expect("tempdir");
    let missing = tmp.path().join("no-such-browser");
    let (server, stderr) = Server::start_watching_stderr(
        &env.index_dir(),
        &["--open"],
        &[("BROWSER", &missing.display().to_string())],
    );
    let line = stderr_line(&stderr, "cannot run");
    assert!(
        line.starts_with(&format!(
            "newsdex: cannot run {} to open {}: ",
            missing.display(),
            server.url()
        )) && line.contains("open it by hand"),
        "{line}"
    );
    assert_eq!(server.json("/api/stats", 200)["documents"], 3);

    let failing = script(tmp.path(), "failing-browser", "exit 3");
    let (server, stderr) = Server::start_watching_stderr(
        &env.index_dir(),
        &["--open"],
        &[("BROWSER", &failing.display().to_string())],
    );
    let line = stderr_line(&stderr, "could not open");
    assert!(
        line.starts_with(&format!(
            "newsdex: {} could not open {} (exit status: 3): open it by hand",
            failing.display(),
            server.url()
        )),
        "{line}"
    );
    assert_eq!(server.json("/api/stats", 200)["documents"], 3);
}
