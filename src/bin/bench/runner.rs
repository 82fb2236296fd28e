//! Child processes: `newsdex index` with peak RSS and CPU time, `newsdex search` wall
//! time, and index sizes on disk.

use anyhow::{bail, Context, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The part of `newsdex index --json` the benchmark reads.
#[derive(Debug, Default, Deserialize, Serialize)]
pub(crate) struct IndexSummary {
    pub(crate) files_seen: usize,
    pub(crate) articles_indexed: usize,
    pub(crate) files_new: usize,
    pub(crate) files_updated: usize,
    pub(crate) files_unchanged: usize,
    pub(crate) files_skipped: usize,
    pub(crate) bad_lines: usize,
    pub(crate) warnings: usize,
    pub(crate) bytes_read: u64,
    pub(crate) commits: usize,
    pub(crate) seconds: f64,
    pub(crate) documents_in_index: u64,
}

/// One timed `newsdex index` run.
#[derive(Debug, Serialize)]
pub(crate) struct IndexRun {
    pub(crate) label: String,
    /// Articles and bytes of the files the run had to (re)index.
    pub(crate) articles: usize,
    pub(crate) bytes: u64,
    pub(crate) wall_seconds: f64,
    pub(crate) mb_per_s: f64,
    pub(crate) articles_per_s: f64,
    pub(crate) peak_rss_mib: Option<f64>,
    /// Largest RssAnon seen (sampled every 5 ms): memory that is not mapped index files.
    pub(crate) peak_anon_mib: Option<f64>,
    /// User + system CPU seconds of the process (GNU time `%U` + `%S`), all threads: what
    /// the run costs on a busy machine, where wall time says little.
    pub(crate) cpu_seconds: Option<f64>,
    pub(crate) summary: IndexSummary,
}

pub(crate) struct Runner {
    pub(crate) newsdex: PathBuf,
    /// GNU time, when present: exact peak RSS (`%M`) without polling.
    pub(crate) gnu_time: Option<PathBuf>,
    pub(crate) threads: Option<usize>,
    pub(crate) scratch: PathBuf,
}

/// VmHWM (peak resident set) and RssAnon (resident heap and stacks, without mapped
/// files) of a running process, in KiB.
pub(crate) fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmHWM:")?, field("RssAnon:")?))
}

/// `f()`, and the user + system CPU seconds this process spent while it ran (all
/// threads); `None` where they cannot be read.
pub(crate) fn with_cpu_seconds<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, Option<f64>)> {
    let before = process_cpu_seconds();
    let out = f()?;
    let cpu = process_cpu_seconds()
        .zip(before)
        .map(|(after, before)| after - before);
    Ok((out, cpu))
}

/// User + system CPU seconds of this process so far, all threads.
fn process_cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
            return None;
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Some(secs(u.ru_utime) + secs(u.ru_stime))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The first child of `pid` (newsdex under GNU time).
pub(crate) fn first_child(pid: u32) -> Option<u32> {
    let list = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    list.split_whitespace().next()?.parse().ok()
}

pub(crate) fn gnu_time() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/time");
    let out = Command::new(&p)
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    (out.status.success() && text.trim().parse::<u64>().is_ok()).then_some(p)
}

impl Runner {
    pub(crate) fn rss_method(&self) -> &'static str {
        if self.gnu_time.is_some() {
            "GNU time %M (max RSS of the child); anon = largest RssAnon polled every 5 ms"
        } else {
            "VmHWM and RssAnon from /proc/<pid>/status, polled every 5 ms"
        }
    }

    pub(crate) fn index(
        &self,
        label: &str,
        index_dir: &Path,
        paths: &[PathBuf],
        articles: usize,
        bytes: u64,
    ) -> Result<IndexRun> {
        progress!("newsdex index: {label}");
        let rss_file = self.scratch.join(".rss");
        let mut cmd = match &self.gnu_time {
            Some(t) => {
                let mut c = Command::new(t);
                c.args(["-f", "%M %U %S", "-o"])
                    .arg(&rss_file)
                    .arg(&self.newsdex);
                c
            }
            None => Command::new(&self.newsdex),
        };
        cmd.arg("--index")
            .arg(index_dir)
            .args(["index", "--quiet", "--json"]);
        if let Some(n) = self.threads {
            cmd.arg("--threads").arg(n.to_string());
        }
        cmd.args(paths)
            .env_remove("NEWSDEX_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        let pid = child.id();
        let drain = |r: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut s = String::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_string(&mut s);
                }
                s
            })
        };
        let stdout = drain(child.stdout.take().map(|s| Box::new(s) as _));
        let stderr = drain(child.stderr.take().map(|s| Box::new(s) as _));
        // Poll newsdex's memory while it runs: VmHWM is the kernel's own high-water
        // mark; RssAnon is sampled, to tell heap growth from mapped index files.
        let (mut hwm, mut anon) = (0u64, 0u64);
        let mut target = self.gnu_time.is_none().then_some(pid);
        let status = loop {
            if let Some(st) = child.try_wait().context("waiting for newsdex")? {
                break st;
            }
            if target.is_none() {
                target = first_child(pid);
            }
            if let Some((h, a)) = target.and_then(memory_kib) {
                hwm = hwm.max(h);
                anon = anon.max(a);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let wall = started.elapsed().as_secs_f64();
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        // 0: fine; 1: finished, but something was skipped (reported below).
        if !matches!(status.code(), Some(0 | 1)) {
            let tail: Vec<&str> = stderr.lines().rev().take(10).collect();
            bail!(
                "newsdex index ({label}) failed with {status}:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        let mut cpu_seconds = None;
        if self.gnu_time.is_some() {
            // GNU time writes "Command exited with non-zero status N" before its line.
            let text = std::fs::read_to_string(&rss_file)
                .with_context(|| format!("cannot read {}", rss_file.display()))?;
            let line: Option<(u64, f64, f64)> = text.lines().rev().find_map(|l| {
                let mut f = l.split_whitespace();
                Some((
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                ))
            });
            if let Some((exact, user, sys)) = line {
                hwm = hwm.max(exact);
                cpu_seconds = Some(user + sys);
            }
        }
        let summary: IndexSummary = serde_json::from_str(&stdout)
            .with_context(|| format!("unexpected output of newsdex index: {stdout:?}"))?;
        Ok(IndexRun {
            label: label.to_string(),
            articles,
            bytes,
            wall_seconds: wall,
            mb_per_s: bytes as f64 / 1e6 / wall,
            articles_per_s: articles as f64 / wall,
            peak_rss_mib: (hwm > 0).then(|| hwm as f64 / 1024.0),
            peak_anon_mib: (anon > 0).then(|| anon as f64 / 1024.0),
            cpu_seconds,
            summary,
        })
    }

    /// Wall time of `newsdex --version`: the bare process.
    pub(crate) fn version(&self) -> Result<Duration> {
        let mut cmd = Command::new(&self.newsdex);
        cmd.arg("--version");
        let (took, status) =
            timed(&mut cmd).with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        if !status.success() {
            bail!("newsdex --version failed: {}", stderr_of(&mut cmd));
        }
        Ok(took)
    }

    /// `newsdex --index INDEX_DIR search ARGS --json --limit LIMIT --facets FACETS`.
    fn search_command(
        &self,
        index_dir: &Path,
        args: &[String],
        limit: &str,
        facets: &str,
    ) -> Command {
        let mut cmd = Command::new(&self.newsdex);
        cmd.arg("--index")
            .arg(index_dir)
            .arg("search")
            .args(args)
            .args(["--json", "--limit", limit, "--facets", facets])
            .env_remove("NEWSDEX_INDEX");
        cmd
    }

    /// The number of matches of `newsdex search ARGS`.
    pub(crate) fn search_total(&self, index_dir: &Path, args: &[String]) -> Result<u64> {
        let out = self
            .search_command(index_dir, args, "0", "0")
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        let v: serde_json::Value = serde_json::from_slice(&out.stdout)
            .with_context(|| format!("newsdex search {args:?}: no JSON"))?;
        v["total"]
            .as_u64()
            .with_context(|| format!("newsdex search {args:?}: no total"))
    }

    /// Wall time of one `newsdex search` process, with the top 8 values of each facet
    /// root counted, or none (`--facets 0`) when not `facets`.
    pub(crate) fn search(
        &self,
        index_dir: &Path,
        args: &[String],
        facets: bool,
    ) -> Result<Duration> {
        let mut cmd = self.search_command(index_dir, args, "10", if facets { "8" } else { "0" });
        let (took, status) =
            timed(&mut cmd).with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        if !matches!(status.code(), Some(0 | 1)) {
            bail!("newsdex search {args:?} failed: {}", stderr_of(&mut cmd));
        }
        Ok(took)
    }
}

/// Wall time of one `bench-plain-search INDEX QUERY` process: the plain tantivy CLI's
/// top 10 of `query` on the plain index.
pub(crate) fn plain_search(bin: &Path, index_dir: &Path, query: &str) -> Result<Duration> {
    let mut cmd = Command::new(bin);
    cmd.arg(index_dir).arg(query);
    let (took, status) =
        timed(&mut cmd).with_context(|| format!("cannot run {}", bin.display()))?;
    if !status.success() {
        bail!(
            "bench-plain-search {query:?} failed: {}",
            stderr_of(&mut cmd)
        );
    }
    Ok(took)
}

/// The count `bench-plain-search INDEX QUERY` prints on its last line.
pub(crate) fn plain_count(bin: &Path, index_dir: &Path, query: &str) -> Result<u64> {
    let out = Command::new(bin)
        .arg(index_dir)
        .arg(query)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run {}", bin.display()))?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("bench-plain-search {query:?}: no count"))
}

/// Runs `cmd` with no input and its output discarded (no pipe for this process to
/// drain while timing), and returns its wall time and exit status.
fn timed(cmd: &mut Command) -> std::io::Result<(Duration, std::process::ExitStatus)> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let started = Instant::now();
    let status = cmd.status()?;
    Ok((started.elapsed(), status))
}

/// What `cmd` (which just failed) says on stderr when run again.
fn stderr_of(cmd: &mut Command) -> String {
    match cmd.stderr(Stdio::piped()).output() {
        Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
        Err(e) => format!("(cannot run it again: {e})"),
    }
}

pub(crate) fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() {
            total += entry
                .metadata()
                .with_context(|| format!("cannot stat {}", entry.path().display()))?
                .len();
        }
    }
    Ok(total)
}
