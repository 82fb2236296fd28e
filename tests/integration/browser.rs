//! `newsdex serve` in real headless Chromium, driven over the W3C WebDriver protocol
//! (chromedriver; the protocol is JSON over HTTP, spoken here with the test's own small
//! client). Skipped with a message when /usr/bin/chromedriver is missing, unless
//! NEWSDEX_BROWSER_TESTS=required (CI), where a missing driver fails.

use crate::common;
use crate::serve_util;

use common::TestEnv;
use serde_json::{json, Value};
use serve_util::{corpus, request, Server, PATIENCE};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// The key WebDriver names an element by.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// True when the browser tests can run; false (after saying why) when they are skipped.
fn browser_available() -> bool {
    if Path::new(CHROMEDRIVER).exists() && Path::new(CHROMIUM).exists() {
        return true;
    }
    let required = std::env::var("NEWSDEX_BROWSER_TESTS").is_ok_and(|v| v == "required");
    assert!(
        !required,
        "NEWSDEX_BROWSER_TESTS=required but {CHROMEDRIVER} or {CHROMIUM} is missing: \
         apt-get install chromium chromium-driver"
    );
    // Straight to stderr: the test harness would hide eprintln! output of a passing test.
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "browser test skipped: {CHROMEDRIVER} or {CHROMIUM} is missing (apt-get install \
         chromium chromium-driver; NEWSDEX_BROWSER_TESTS=required makes this a failure)"
    );
    false
}

/// A chromedriver and one headless Chromium session, both ended on drop.
struct Browser {
    driver: Child,
    addr: String,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let mut b = Browser {
            driver,
            addr: format!("127.0.0.1:{port}"),
            session: String::new(),
            _profile: profile,
        };
        poll("chromedriver to be ready", || {
            std::net::TcpStream::connect(&b.addr).ok()?;
            let r = request(&b.addr, "GET", "/status", None, &[]);
            let v: Value = serde_json::from_str(&r.body).ok()?;
            v["value"]["ready"].as_bool().filter(|r| *r)
        });
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,900",
                    format!("--user-data-dir={}", b._profile.path().display()),
                ],
            },
        }}});
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {v}"))
            .to_string();
        b
    }

    /// One WebDriver command; its `value`.
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string());
        let r = request(&self.addr, method, path, body.as_deref(), &[]);
        let v: Value = serde_json::from_str(&r.body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}: {}", r.body));
        assert_eq!(r.status, 200, "{method} {path}: {v}");
        v["value"].clone()
    }

    fn session(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    fn goto(&self, url: &str) {
        self.session("POST", "/url", Some(json!({ "url": url })));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    fn js(&self, script: &str) -> Value {
        self.session(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": [] })),
        )
    }

    /// Waits (bounded) until `script` returns something truthy; returns it.
    fn wait(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let v = self.js(script);
            let truthy =
                !matches!(v, Value::Null | Value::Bool(false)) && v != json!("") && v != json!(0);
            if truthy {
                return v;
            }
            if Instant::now() > deadline {
                let page = self
                    .js("return [location.href, document.getElementById('status').textContent]");
                panic!("timed out waiting for {what}; the page: {page}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn element(&self, css: &str) -> String {
        let v = self.wait(
            &format!("element {css}"),
            &format!("return document.querySelector({})", json!(css)),
        );
        self.id_of(&v, css)
    }

    /// The first link whose text contains `text`.
    fn link(&self, text: &str) -> String {
        let v = self.wait(
            &format!("a link with {text:?}"),
            &format!(
                "return Array.from(document.querySelectorAll('a')).find(a => a.textContent.includes({}))",
                json!(text)
            ),
        );
        self.id_of(&v, text)
    }

    fn click_link(&self, text: &str) {
        let id = self.link(text);
        self.session("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn id_of(&self, v: &Value, css: &str) -> String {
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("{css}: {v}"))
            .to_string()
    }

    /// A real click (the driver's pointer), on the first element matching `css`.
    fn click(&self, css: &str) {
        let id = self.element(css);
        self.session("POST", &format!("/element/{id}/click"), Some(json!({})));
    }

    fn type_into(&self, css: &str, text: &str) {
        let id = self.element(css);
        self.session("POST", &format!("/element/{id}/clear"), Some(json!({})));
        self.session(
            "POST",
            &format!("/element/{id}/value"),
            Some(json!({ "text": text })),
        );
    }

    /// The text of `#total` once it is `n` (the page's result count).
    fn wait_total(&self, n: u64) {
        self.wait(
            &format!("a result count of {n}"),
            &format!(
                "const t = document.getElementById('total'); \
                 return t !== null && t.textContent === '{n}' \
                     && document.body.dataset.rendered === location.search"
            ),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = std::panic::catch_unwind(|| {
                request(
                    &self.addr,
                    "DELETE",
                    &format!("/session/{}", self.session),
                    None,
                    &[],
                )
            });
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Calls `f` until it gives a value, for at most [`PATIENCE`].
fn poll<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(v) = f() {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

#[test]
fn search_click_a_speaker_open_the_article_and_go_back() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::new();
    corpus(&env);
    let server = Server::start(&env.index_dir());
    let b = Browser::start();
    b.goto(&server.url());
    b.wait_total(3);

    b.type_into("#q", "ceasefire OR harvest");
    b.click("#search-form button");
    b.wait_total(3);
    assert!(b
        .js("return location.search")
        .as_str()
        .unwrap_or_default()
        .contains("q=ceasefire"));
    // Facet counts over the whole result set.
    let count = b.js(
        "const a = document.querySelector('#sidebar a.facet-value[data-root=\"speaker\"][data-value=\"Lars Vinter\"]'); \
         return a && a.nextElementSibling.textContent",
    );
    assert_eq!(count, json!("2"));

    b.click("#sidebar a.facet-value[data-root=\"speaker\"][data-value=\"Lars Vinter\"]");
    b.wait_total(2);
    let chips = b.js(
        "return Array.from(document.querySelectorAll('#chips .chip-label')).map(c => c.textContent)",
    );
    assert_eq!(chips, json!(["speaker: Lars Vinter"]));
    assert!(b
        .js("return location.search")
        .as_str()
        .unwrap_or_default()
        .contains("speaker=Lars+Vinter"));

    // The article, with the speaker marked in the text.
    b.click("#results .hit-title");
    let mark = b.wait(
        "the article's marked speaker",
        "const m = document.querySelector('#article:not([hidden]) .article-body mark.ent-speaker'); \
         return m && [m.textContent, m.title]",
    );
    assert_eq!(mark[1], json!("speaker: Lars Vinter"), "{mark}");
    assert!(mark[0].as_str().unwrap_or_default().contains("Vinter"));

    // Back to the same results, from the URL.
    b.click("#article:not([hidden]) a.back");
    b.wait_total(2);
    assert_eq!(
        b.js("return document.querySelectorAll('#chips .chip').length"),
        json!(1)
    );

    // Removing the chip widens the search again; the quotations of the speaker are a
    // click away from any article.
    b.click("#chips .chip");
    b.wait_total(3);
    b.click_link("Ceasefire talks in Geneva");
    b.click("#article:not([hidden]) .quotes-list a.ent-speaker");
    b.wait_total(2);
    assert_eq!(
        b.js("return document.querySelectorAll('#results blockquote.quote-text').length"),
        json!(2)
    );
    assert!(b
        .js("return location.search")
        .as_str()
        .unwrap_or_default()
        .contains("view=quotes"));
    // Suggestions while a name is typed, then the name as a filter from the keyboard.
    b.goto(&server.url());
    b.wait_total(3);
    let adder = "#sidebar input[aria-label=\"Filter by speaker\"]";
    b.type_into(adder, "vin");
    let option = b.wait(
        "a suggestion",
        "const o = document.querySelector('#values-speaker option'); return o && o.value",
    );
    assert_eq!(option, json!("Lars Vinter"));
    b.type_into(adder, "Lars Vinter\u{E007}");
    b.wait_total(2);
    assert_eq!(
        b.js("return Array.from(document.querySelectorAll('#chips .chip-label')).map(c => c.textContent)"),
        json!(["speaker: Lars Vinter"])
    );
}

/// Strings an attacker could put in an article, each setting `window.__pwned` if it
/// ever ran.
const PAYLOAD_TITLE: &str = "<script>window.__pwned='title'</script>Hostile title";
const PAYLOAD_BODY: &str = "Before \"><img src=x onerror=\"window.__pwned='body'\"> and <script>window.__pwned='body2'</script> after.";
const PAYLOAD_AUTHOR: &str = "<img src=x onerror=window.__pwned='author'>";
const PAYLOAD_SOURCE: &str = "\"><svg onload=window.__pwned='source'>";
const PAYLOAD_URL: &str = "javascript:window.__pwned='url'";
/// A canonical name from the user's alias table: entity names reach the page too.
const PAYLOAD_NAME: &str = "Lars <img src=x onerror=window.__pwned='name'> Vinter";

#[test]
fn hostile_articles_show_as_text_and_run_nothing() {
    if !browser_available() {
        return;
    }
    let env = TestEnv::new();
    let article = json!({
        "title": PAYLOAD_TITLE,
        "date": "2024-03-01",
        "source": PAYLOAD_SOURCE,
        "author": PAYLOAD_AUTHOR,
        "url": PAYLOAD_URL,
        "body": format!("{PAYLOAD_BODY}\n\nLars Vinter met NATO officials in Geneva. \
                         \"We will not retreat,\" said Lars Vinter, the minister."),
    });
    env.write("corpus/hostile.json", article.to_string());
    let aliases = env.write("aliases.tsv", format!("{PAYLOAD_NAME}\tLars Vinter\n"));
    env.cmd()
        .arg("--aliases")
        .arg(&aliases)
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("corpus"))
        .assert()
        .success();
    let server = Server::start(&env.index_dir());
    let api = server.json("/api/search", 200);
    assert_eq!(
        api["hits"][0]["entities"]["speakers"],
        json!([PAYLOAD_NAME]),
        "{api}"
    );

    let b = Browser::start();
    let safe = |page: &str| {
        let v = b.js("return [typeof window.__pwned, \
             document.querySelectorAll('img, svg, iframe, object, script:not([src])').length, \
             document.querySelectorAll('a[href^=\"javascript:\" i]').length, document.title]");
        assert_eq!(v[0], json!("undefined"), "{page}: a payload ran: {v}");
        assert_eq!(
            v[1],
            json!(0),
            "{page}: an element came from an article: {v}"
        );
        assert_eq!(v[2], json!(0), "{page}: a javascript: link: {v}");
    };
    let shows = |page: &str, text: &str| {
        let v = b.js(&format!(
            "return document.body.innerText.includes({})",
            json!(text)
        ));
        assert_eq!(v, json!(true), "{page}: {text:?} is not shown as text");
    };

    b.goto(&server.url());
    b.wait_total(1);
    safe("results");
    shows("results", PAYLOAD_TITLE);
    shows("results", PAYLOAD_NAME);
    shows("results", PAYLOAD_SOURCE.trim_start_matches('"'));

    // The facet with the hostile name, as a filter chip.
    b.click("#sidebar a.facet-value[data-root=\"speaker\"]");
    b.wait(
        "the filter chip",
        "return document.querySelectorAll('#chips .chip').length === 1",
    );
    b.wait_total(1);
    safe("filtered results");
    shows("filtered results", &format!("speaker: {PAYLOAD_NAME}"));

    b.click("#results .hit-title");
    b.wait(
        "the article",
        "return document.querySelector('#article:not([hidden]) .article-body') !== null",
    );
    safe("article");
    for text in [PAYLOAD_TITLE, PAYLOAD_AUTHOR, PAYLOAD_URL, PAYLOAD_NAME] {
        shows("article", text);
    }
    shows("article", "Before \"><img src=x onerror=");

    b.click("#article:not([hidden]) .quotes-list a.ent-speaker");
    b.wait_total(1);
    safe("quotations");
    shows("quotations", PAYLOAD_NAME);
}
