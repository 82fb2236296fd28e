//! Test helpers for `newsdex serve`: the real binary on an ephemeral port, killed on
//! drop, and a minimal blocking HTTP/1.1 client (GET and POST with a JSON body, which
//! is all the API and WebDriver need).
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// How long a test waits for anything (the server to listen, an answer, a page).
pub const PATIENCE: Duration = Duration::from_secs(60);

/// A running `newsdex serve`, killed when dropped.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub addr: String,
}

impl Server {
    /// Starts `newsdex --index INDEX serve --addr 127.0.0.1:0` and reads the URL it
    /// prints.
    pub fn start(index: &Path) -> Server {
        Server::start_with(index, &[])
    }

    /// [`Server::start`] with extra environment variables.
    pub fn start_with(index: &Path, envs: &[(&str, &str)]) -> Server {
        Server::spawn(index, &[], envs, false).0
    }

    /// Starts `newsdex --index INDEX serve --addr 127.0.0.1:0 ARGS` with `envs`, and
    /// hands on each line it writes to stderr.
    pub fn start_watching_stderr(
        index: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
    ) -> (Server, mpsc::Receiver<String>) {
        let (server, stderr) = Server::spawn(index, args, envs, true);
        (server, stderr.expect("stderr piped"))
    }

    /// Starts the server and waits for the URL it prints; with `watch_stderr`, also
    /// hands on each line it writes to stderr.
    fn spawn(
        index: &Path,
        args: &[&str],
        envs: &[(&str, &str)],
        watch_stderr: bool,
    ) -> (Server, Option<mpsc::Receiver<String>>) {
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .envs(envs.iter().copied())
            .arg("--index")
            .arg(index)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("NEWSDEX_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if watch_stderr {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .spawn()
            .expect("start newsdex serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let err_rx = child.stderr.take().map(|stderr| {
            let (err_tx, err_rx) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines() {
                    let Ok(line) = line else { break };
                    if err_tx.send(line).is_err() {
                        break;
                    }
                }
            });
            err_rx
        });
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let line = rx
            .recv_timeout(PATIENCE)
            .expect("newsdex serve printed no URL in time");
        let addr = line
            .trim()
            .strip_prefix("http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("newsdex serve printed {line:?}, not its URL"));
        server.addr = addr.to_string();
        (server, err_rx)
    }

    /// `http://ADDR/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// GET `path` on the server.
    pub fn get(&self, path: &str) -> Response {
        request(&self.addr, "GET", path, None, &[])
    }

    /// GET `path` and parse the JSON answer, checking the status.
    pub fn json(&self, path: &str, status: u16) -> serde_json::Value {
        let r = self.get(path);
        assert_eq!(r.status, status, "GET {path} → {} {}", r.status, r.body);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/json"),
            "GET {path}"
        );
        serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("GET {path}: {e}: {}", r.body))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// A header's value (names compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    }
}

/// One HTTP/1.1 request on its own connection; `extra` headers are sent as given.
pub fn request(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    extra: &[(&str, &str)],
) -> Response {
    let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect {addr}: {e}"));
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !extra.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in extra {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("send");
    if let Some(b) = body {
        s.write_all(b.as_bytes()).expect("send body");
    }
    // Read the head, then as much body as Content-Length says (chromedriver keeps the
    // connection open whatever the request asked), else up to the end.
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    let split = loop {
        if let Some(p) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break p;
        }
        let n = s.read(&mut buf).expect("read answer");
        assert!(
            n > 0,
            "{method} {path}: connection closed before the head: {raw:?}"
        );
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("{method} {path}: bad status line in {head:?}"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let chunked = headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    match length {
        Some(len) => {
            while payload.len() < len {
                let n = s.read(&mut buf).expect("read body");
                assert!(n > 0, "{method} {path}: body cut short");
                payload.extend_from_slice(&buf[..n]);
            }
            payload.truncate(len);
        }
        None if chunked => {
            while !payload.ends_with(b"0\r\n\r\n") {
                let n = s.read(&mut buf).expect("read body");
                if n == 0 {
                    break;
                }
                payload.extend_from_slice(&buf[..n]);
            }
            payload = dechunk(&payload);
        }
        None => {
            s.read_to_end(&mut payload).expect("read body");
        }
    }
    Response {
        status,
        headers,
        body: String::from_utf8(payload).expect("UTF-8 answer"),
    }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = data.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = std::str::from_utf8(&data[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || data.len() < eol + 2 + size {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[(eol + 4 + size).min(data.len())..];
    }
}

/// Percent-encodes a query parameter value.
pub fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Three small articles with a speaker, places, an organization and dates, indexed.
pub fn corpus(env: &crate::common::TestEnv) {
    env.write(
        "corpus/geneva.json",
        r#"{"title":"Ceasefire talks in Geneva","date":"2024-03-01","source":"Wire","author":"Ann Reporter","body":"Lars Vinter, the Danish defence minister, met NATO officials in Geneva on Monday. \"We will not accept a ceasefire that rewards aggression,\" said Lars Vinter. Maria Olsen of the United Nations said the ceasefire talks would continue in Geneva."}"#,
    );
    env.write(
        "corpus/harvest.json",
        r#"{"title":"Record harvest in Kansas","date":"2024-04-10","source":"Farm News","body":"Farmers in Kansas reported a record wheat harvest. \"It was the best year we have had,\" said John Miller, a farmer near Wichita."}"#,
    );
    env.write(
        "corpus/vinter.json",
        r#"{"title":"Vinter visits Kyiv","date":"2024-05-20","source":"Wire","body":"Lars Vinter travelled to Kyiv in Ukraine. \"A ceasefire must be fair,\" Lars Vinter told reporters."}"#,
    );
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("corpus"))
        .assert()
        .success();
}
