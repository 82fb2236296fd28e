//! Extraction speed: runs newsdex's whole extractor (tokenizer, tagger, gazetteers,
//! canonical names, countries, quotes) over every .txt file of a folder on one thread
//! and prints words per second, excluding the one-time model and gazetteer load.
//!
//!     cargo run --release --bin bench-extract -- DIR [--reps N]
//!
//! For the CoNLL-2003 dev documents (not shipped; see ../shared/eval/README.md):
//!     python3 ../shared/eval/tools/conll_to_docs.py ../shared/eval/conll2003/dev.txt /tmp/dev
//!     cargo run --release --bin bench-extract -- /tmp/dev/docs

use anyhow::{bail, Context, Result};
use std::time::Instant;

// the allocator `newsdex` runs the extractor with (src/main.rs)
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let mut dir = None;
    let mut reps = 5usize;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--reps" => {
                reps = args
                    .next()
                    .context("--reps needs a number")?
                    .parse()
                    .context("--reps needs a number")?
            }
            _ if dir.is_none() => dir = Some(std::path::PathBuf::from(a)),
            _ => bail!("usage: bench-extract DIR [--reps N]"),
        }
    }
    let dir = dir.context("usage: bench-extract DIR [--reps N]")?;
    let mut texts = Vec::new();
    for e in std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "txt") {
            texts.push(
                std::fs::read_to_string(&p)
                    .with_context(|| format!("cannot read {}", p.display()))?,
            );
        }
    }
    if texts.is_empty() {
        bail!("no .txt files in {}", dir.display());
    }
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let t0 = Instant::now();
    let _ = newsdex::extract::extract_text("Warm up: Lars Vinter said in Geneva.");
    let load = t0.elapsed();
    let mut best = f64::MAX;
    let mut best_cpu = f64::MAX;
    let mut mentions = 0;
    for _ in 0..reps.max(1) {
        let t = Instant::now();
        let c = thread_cpu_seconds();
        mentions = 0;
        for text in &texts {
            mentions += newsdex::extract::extract_text(text).mentions.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
        if let (Some(c0), Some(c1)) = (c, thread_cpu_seconds()) {
            best_cpu = best_cpu.min(c1 - c0);
        }
    }
    println!("documents        {}", texts.len());
    println!("words            {words}");
    println!("mentions         {mentions}");
    println!(
        "load (model + gazetteers)  {:.1} ms",
        load.as_secs_f64() * 1e3
    );
    println!("extract, best of {reps}     {:.1} ms", best * 1e3);
    println!(
        "speed, one core  {:.0} words/s   (target >= 600000)",
        words as f64 / best
    );
    if best_cpu < f64::MAX {
        // on a busy machine wall time counts the time other processes hold the core
        println!(
            "speed, CPU time  {:.0} words/s   (this thread's time on a core, best of {reps})",
            words as f64 / best_cpu
        );
    }
    Ok(())
}

/// This thread's time on a CPU so far (Linux: /proc/thread-self/schedstat), or None.
fn thread_cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}
