//! `bench-serve`: many requests to a real `newsdex serve` over loopback, bounded in count
//! and time, with the latency per request (p50/p99, as the client sees it and inside the
//! server from its `Server-Timing` header), searches per second, and the server's CPU
//! time per request (on Linux, from `/proc`).
//!
//! It runs on an existing index, e.g. one that `bench --keep --out DIR` left:
//! `./target/release/bench-serve --index DIR/indexes/100` (or any `newsdex index` folder).
//! Filters and queries come from the index itself (`/api/stats`), so every request asks
//! for values that exist.

use anyhow::{bail, Context, Result};
use clap::Parser;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Benchmark `newsdex serve` with many requests over loopback.
#[derive(Debug, Parser)]
#[command(name = "bench-serve", max_term_width = 100)]
struct Args {
    /// The index folder to serve.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Requests to send (after a warm-up of one round of the request mix).
    #[arg(long, default_value_t = 5000, value_name = "N")]
    requests: usize,
    /// Stop after this many seconds even if requests remain.
    #[arg(long, default_value_t = 60, value_name = "S")]
    seconds: u64,
    /// Concurrent clients, each on its own keep-alive connection.
    #[arg(long, default_value_t = 2, value_name = "N")]
    clients: usize,
    /// The newsdex binary [default: `newsdex` next to this executable].
    #[arg(long, value_name = "PATH")]
    newsdex: Option<PathBuf>,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-serve: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The server, killed on drop.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    addr: String,
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(addr: &str) -> Result<Conn> {
        let s = TcpStream::connect(addr).with_context(|| format!("cannot connect to {addr}"))?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn {
            addr: addr.to_string(),
            reader: BufReader::new(s),
        })
    }

    /// GET `path`: the status, the server's own time (ms) and the body.
    fn get(&mut self, path: &str) -> Result<(u16, Option<f64>, Vec<u8>)> {
        let req = format!("GET {path} HTTP/1.1\r\nHost: {}\r\n\r\n", self.addr);
        self.reader.get_mut().write_all(req.as_bytes())?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .with_context(|| format!("bad status line {line:?}"))?;
        let (mut length, mut app) = (0usize, None);
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let v = v.trim();
                if k.eq_ignore_ascii_case("content-length") {
                    length = v.parse().context("bad content-length")?;
                } else if k.eq_ignore_ascii_case("server-timing") {
                    app = v.split("dur=").nth(1).and_then(|d| d.parse().ok());
                }
            }
        }
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        Ok((status, app, body))
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The request mix: searches with and without text, entity filters, dates, a
/// histogram, paging and facet counts; quotations; one article; value suggestions.
fn mix(conn: &mut Conn) -> Result<Vec<(&'static str, String)>> {
    let (status, _, body) = conn.get("/api/stats?top=5")?;
    if status != 200 {
        bail!(
            "/api/stats answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
    }
    let stats: serde_json::Value = serde_json::from_slice(&body)?;
    let top = |root: &str| -> Vec<String> {
        stats["facets"][root]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v["value"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (speakers, countries, orgs) = (top("speaker"), top("country"), top("org"));
    let year = stats["last_date"]
        .as_str()
        .and_then(|d| d.get(..4))
        .unwrap_or("2020")
        .to_string();
    let (Some(speaker), Some(country)) = (speakers.first(), countries.first()) else {
        bail!("the index has no speakers or countries to filter by");
    };
    let words = ["government", "minister", "said", "talks", "election"];
    let mut m: Vec<(&'static str, String)> = Vec::new();
    for w in words {
        m.push(("search q", format!("/api/search?q={w}&limit=10&facets=8")));
    }
    m.push((
        "search q+filters",
        format!(
            "/api/search?q=government&country={}&since={year}&facets=8",
            enc(country)
        ),
    ));
    m.push((
        "search q+filters",
        format!("/api/search?q=said&speaker={}&facets=8", enc(speaker)),
    ));
    if let Some(org) = orgs.first() {
        m.push((
            "search filters",
            format!("/api/search?org={}&facets=8", enc(org)),
        ));
    }
    m.push((
        "search filters",
        format!(
            "/api/search?speaker={}&histogram=month&facets=8",
            enc(speaker)
        ),
    ));
    m.push((
        "search filters",
        "/api/search?offset=100&limit=20".to_string(),
    ));
    m.push(("quotes", format!("/api/quotes?speaker={}", enc(speaker))));
    m.push(("quotes", "/api/quotes?q=minister".to_string()));
    let first = speaker.get(..2.min(speaker.len())).unwrap_or("a");
    m.push((
        "values",
        format!("/api/values/speaker?prefix={}", enc(first)),
    ));
    let (_, _, body) = conn.get("/api/search?limit=1")?;
    let any: serde_json::Value = serde_json::from_slice(&body)?;
    if let Some(id) = any["hits"][0]["id"].as_str() {
        m.push(("article", format!("/api/articles/{id}")));
    }
    Ok(m)
}

/// One answered request: its kind, the client's time and the server's (ms).
type Timing = (&'static str, f64, f64);

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The CPU time (user + system, all threads) process `pid` has used so far, from
/// `/proc/PID/stat`; `None` where there is no such file.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces):
    // state is field 3, utime 14 and stime 15.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let mut fields = rest.split(' ').skip(11);
    let utime: f64 = fields.next()?.parse().ok()?;
    let stime: f64 = fields.next()?.parse().ok()?;
    // SAFETY: sysconf only reads a constant of the system.
    #[cfg(unix)]
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    #[cfg(not(unix))]
    let ticks = 100.0;
    (ticks > 0.0).then(|| (utime + stime) / ticks)
}

fn run(args: Args) -> Result<()> {
    let newsdex = match args.newsdex {
        Some(p) => p,
        None => std::env::current_exe()?.with_file_name("newsdex"),
    };
    let mut child = Command::new(&newsdex)
        .arg("--index")
        .arg(&args.index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .with_context(|| format!("cannot run {}", newsdex.display()))?;
    let stdout = child.stdout.take().context("no stdout")?;
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let addr = line
        .trim()
        .strip_prefix("http://")
        .and_then(|a| a.strip_suffix('/'))
        .with_context(|| format!("newsdex serve printed {line:?}, not its URL"))?
        .to_string();

    let mut conn = Conn::open(&addr)?;
    let requests = mix(&mut conn)?;
    for (_, path) in &requests {
        conn.get(path)?;
    }
    let pid = server.0.id();
    let cpu_before = cpu_seconds(pid);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let clients = args.clients.max(1);
    let per_client = args.requests.div_ceil(clients);
    let start = Instant::now();
    let results: Vec<Result<Vec<Timing>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..clients)
            .map(|c| {
                let (addr, requests) = (&addr, &requests);
                scope.spawn(move || -> Result<Vec<Timing>> {
                    let mut conn = Conn::open(addr)?;
                    let mut out = Vec::with_capacity(per_client);
                    for i in 0..per_client {
                        if Instant::now() > deadline {
                            break;
                        }
                        let (kind, path) = &requests[(i * clients + c) % requests.len()];
                        let t = Instant::now();
                        let (status, app, body) = conn.get(path)?;
                        let total = t.elapsed().as_secs_f64() * 1000.0;
                        if status != 200 {
                            bail!(
                                "{path} answered {status}: {}",
                                String::from_utf8_lossy(&body)
                            );
                        }
                        out.push((*kind, total, app.unwrap_or(f64::NAN)));
                    }
                    Ok(out)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| bail!("a client thread panicked"))
            })
            .collect()
    });
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_before.zip(cpu_seconds(pid)).map(|(a, b)| b - a);
    drop(server);
    let mut all = Vec::new();
    for r in results {
        all.extend(r?);
    }
    let searches = all
        .iter()
        .filter(|(k, _, _)| k.starts_with("search"))
        .count();
    println!(
        "{} requests from {clients} clients in {wall:.2}s: {:.0} requests/s, {:.0} searches/s",
        all.len(),
        all.len() as f64 / wall,
        searches as f64 / wall
    );
    if let Some(cpu) = cpu {
        // Less noisy than the wall clock on a shared machine: the server's own CPU time.
        println!(
            "server CPU (user+sys) {cpu:.2}s: {:.2} ms per request",
            cpu * 1000.0 / all.len().max(1) as f64
        );
    }
    println!(
        "{:<18} {:>7} {:>10} {:>10} {:>12} {:>12}",
        "request", "count", "p50 ms", "p99 ms", "server p50", "server p99"
    );
    let mut kinds: Vec<&str> = all.iter().map(|(k, _, _)| *k).collect();
    kinds.sort();
    kinds.dedup();
    kinds.push("all");
    for kind in kinds {
        let pick = |f: fn(&Timing) -> f64| {
            let mut v: Vec<f64> = all
                .iter()
                .filter(|r| kind == "all" || r.0 == kind)
                .map(f)
                .filter(|x| x.is_finite())
                .collect();
            v.sort_by(f64::total_cmp);
            v
        };
        let (client, inside) = (pick(|r| r.1), pick(|r| r.2));
        println!(
            "{kind:<18} {:>7} {:>10.2} {:>10.2} {:>12.2} {:>12.2}",
            client.len(),
            percentile(&client, 0.5),
            percentile(&client, 0.99),
            percentile(&inside, 0.5),
            percentile(&inside, 0.99)
        );
    }
    Ok(())
}
