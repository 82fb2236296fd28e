//! `newsdex search --timings` (and `quotes`): where one search process's time goes,
//! stage by stage, written to stderr after the results.
//!
//! A stage is marked where it ends ([`mark`]); while timings are off a mark is one
//! atomic load, so the marks stay in the code that every search runs.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ON: AtomicBool = AtomicBool::new(false);

/// When `main` started, the process CPU time then (estimated), and each stage's end.
static MARKS: Mutex<Option<Marks>> = Mutex::new(None);

struct Marks {
    main: Instant,
    /// CPU time the process used before `main` (loading the binary and its libraries).
    before_main: Option<Duration>,
    ends: Vec<(&'static str, Instant)>,
}

/// What each stage covers, in the order a search runs them.
const STAGES: [(&str, &str); 9] = [
    ("parse", "the command line"),
    ("open", "the index: its metadata and segment files"),
    ("query", "the query, the filters' values, name groups"),
    (
        "match",
        "matches, their total, the page and each segment's facet counts",
    ),
    (
        "facets",
        "facet counts added up across segments, top values named",
    ),
    (
        "hits",
        "stored documents, snippets, entities (and --quotes) of the hits",
    ),
    ("histogram", "the --histogram counts"),
    ("print", "writing the results"),
    ("total", "from main to here"),
];

/// Starts recording; `main` is when `main` began (the stages are measured from there).
pub fn start(main: Instant) {
    let before_main = process_cpu().map(|cpu| cpu.saturating_sub(main.elapsed()));
    if let Ok(mut m) = MARKS.lock() {
        *m = Some(Marks {
            main,
            before_main,
            ends: Vec::new(),
        });
        ON.store(true, Ordering::Relaxed);
    }
}

/// Marks the end of `stage` (one of the names in [`STAGES`]), when timings are on.
#[inline]
pub fn mark(stage: &'static str) {
    if ON.load(Ordering::Relaxed) {
        let now = Instant::now();
        if let Ok(mut m) = MARKS.lock() {
            if let Some(m) = m.as_mut() {
                m.ends.push((stage, now));
            }
        }
    }
}

/// Writes the stages marked so far, one line each: the stage's own time, the time
/// since `main`, and what the stage covers. Nothing when timings are off.
pub fn report(w: &mut impl Write) -> io::Result<()> {
    if !ON.load(Ordering::Relaxed) {
        return Ok(());
    }
    let now = Instant::now();
    let Ok(guard) = MARKS.lock() else {
        return Ok(());
    };
    let Some(m) = guard.as_ref() else {
        return Ok(());
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    writeln!(w, "newsdex: timings (ms)     stage   since main")?;
    if let Some(cpu) = m.before_main {
        writeln!(
            w,
            "  {:<9} {:>13.3} {:>12}   before main: loading the binary and its libraries (CPU)",
            "start",
            ms(cpu),
            ""
        )?;
    }
    let mut prev = m.main;
    let ends = m.ends.iter().copied().chain([("total", now)]);
    for (stage, end) in ends {
        let what = STAGES
            .iter()
            .find(|(name, _)| *name == stage)
            .map_or("", |(_, what)| what);
        let took = if stage == "total" {
            end.duration_since(m.main)
        } else {
            end.duration_since(prev)
        };
        writeln!(
            w,
            "  {:<9} {:>13.3} {:>12.3}   {}",
            stage,
            ms(took),
            ms(end.duration_since(m.main)),
            what
        )?;
        prev = end;
    }
    Ok(())
}

/// CPU time the process has used (user and system, all threads).
#[cfg(unix)]
fn process_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes to it.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| {
        Duration::new(
            u64::try_from(ts.tv_sec).unwrap_or(0),
            u32::try_from(ts.tv_nsec).unwrap_or(0),
        )
    })
}

#[cfg(not(unix))]
fn process_cpu() -> Option<Duration> {
    None
}
