//! `bench`: newsdex's benchmark.
//!
//! 1. Generates a deterministic synthetic news archive (same seed → byte-identical files)
//!    in four parts of N/4 articles: .txt, .md, .json, .html and .jsonl files in
//!    year/month folders, with names, real places, organizations and quotations.
//! 2. Times the real `newsdex index` binary as a child process: full index of 25%, 50%
//!    and 100% of the archive into fresh indexes (with peak RSS), a no-op re-index, and a
//!    re-index after 1% of the files changed.
//! 3. Times a fixed query set in-process through the newsdex library (with and without
//!    entity and date filters, always with facets), and whole processes: `newsdex
//!    --version`, `newsdex search` with a filter and facet counts, and the plain tantivy
//!    CLI (`bench-plain-search`) on the same text.
//! 4. Builds a plain tantivy index of the same articles without entity extraction and
//!    times the same text queries on it.
//! 5. Prints everything as a table (or one JSON object with `--json`), with the project's
//!    performance targets marked PASS or MISS.
//!
//! Run `cargo build --release && ./target/release/bench --articles 2000` for a smoke run.
//!
//! This file holds the command line and the driver that runs the steps in order; the
//! steps live in `rng` and `world` (the synthetic world), `corpus` (articles and files),
//! `runner` (child processes), `plain` (the baseline), `queries` and `report`.

use anyhow::{bail, Context, Result};
use clap::Parser;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// Benchmark newsdex on a deterministic synthetic news archive.
#[derive(Debug, Parser)]
#[command(name = "bench", max_term_width = 100)]
struct Args {
    /// Number of articles to generate (split into four parts of N/4).
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    articles: usize,
    /// Working folder for the archive and the indexes [default: a new folder under the
    /// system temp dir]. It must not exist, be empty, or be a folder from an earlier run.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep the working folder (archive and indexes) instead of deleting it.
    #[arg(long)]
    keep: bool,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// The newsdex binary to time [default: `newsdex` next to this executable].
    #[arg(long, value_name = "PATH")]
    newsdex: Option<PathBuf>,
    /// Seed of the archive generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Timed runs of each query (after one warm-up round).
    #[arg(long, default_value_t = 50, value_name = "N")]
    runs: usize,
    /// Timed rounds of the whole processes (`newsdex --version`, three searches, each
    /// again with `--facets 0`, and the plain CLI's), after one warm-up round: a few milliseconds each, and this
    /// machine's swings need a few hundred for a p50 that holds from run to run.
    #[arg(long, default_value_t = 200, value_name = "N")]
    process_runs: usize,
    /// Passed to `newsdex index --threads`, and used for the plain tantivy build
    /// [default: all cores].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Only generate the archive (use with --keep), print its digest, and stop.
    #[arg(long)]
    generate_only: bool,
    /// Extra pairs of a full newsdex index of the whole archive and a plain tantivy
    /// build, run back to back, which goes first alternating. The index CPU ratio is
    /// then the median over every pair, the main run's included: one pair moves by
    /// ±15% as this machine's speed does. Each pair takes as long as the full index
    /// and the plain build.
    #[arg(long, default_value_t = 0, value_name = "N")]
    cpu_pairs: usize,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Progress goes to stderr so that stdout holds only the report.
macro_rules! progress {
    ($($arg:tt)*) => { eprintln!("bench: {}", format!($($arg)*)) };
}

mod corpus;
mod plain;
mod queries;
mod report;
mod rng;
mod runner;
mod world;

use queries::{
    facet_exactness, find_row, percentile_ms, run_queries, text_queries, time_quotes_related,
    FilterValues, VARIANTS,
};
use report::{
    mb, median, print_text, targets, ArchiveReport, CpuPair, PlainIndexReport, Ratios, Report,
    SizeReport, SpawnedSearch,
};
use runner::{dir_size, gnu_time, with_cpu_seconds, Runner};
use world::World;

// The allocator newsdex ships with, for the in-process searches of both engines.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ---------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------

const MARKER: &str = ".newsdex-bench";

/// Deletes the working folder at the end (also on error) unless --keep.
struct Cleanup {
    dir: PathBuf,
    keep: bool,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if !self.keep {
            if let Err(e) = std::fs::remove_dir_all(&self.dir) {
                eprintln!("bench: cannot delete {}: {e}", self.dir.display());
            }
        }
    }
}

/// Makes the working folder: new, empty, or one of ours from an earlier run (cleared).
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .peekable();
        if entries.peek().is_some() {
            if !out.join(MARKER).exists() {
                bail!(
                    "{} exists and is not empty; give a new or empty folder to --out",
                    out.display()
                );
            }
            std::fs::remove_dir_all(out)
                .with_context(|| format!("cannot clear {}", out.display()))?;
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::write(out.join(MARKER), "newsdex bench working folder\n")
        .with_context(|| format!("cannot write to {}", out.display()))?;
    Ok(())
}

fn newsdex_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    let path = match flag {
        Some(p) => p,
        None => {
            let me = std::env::current_exe().context("cannot find this executable's path")?;
            me.with_file_name(format!("newsdex{}", std::env::consts::EXE_SUFFIX))
        }
    };
    if !path.is_file() {
        bail!(
            "no newsdex binary at {}: build it with `cargo build --release` or pass --newsdex PATH",
            path.display()
        );
    }
    Ok(path)
}

/// `bench-plain-search` beside this executable, if it was built.
fn plain_cli_path() -> Option<PathBuf> {
    let me = std::env::current_exe().ok()?;
    let path = me.with_file_name(format!(
        "bench-plain-search{}",
        std::env::consts::EXE_SUFFIX
    ));
    path.is_file().then_some(path)
}

fn run(args: Args) -> Result<()> {
    if args.articles < 8 {
        bail!("--articles must be at least 8 (the archive has four parts)");
    }
    if args.runs == 0 || args.process_runs == 0 {
        bail!("--runs and --process-runs must be at least 1");
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot set up worker threads")?;
    }
    let out = args.out.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("newsdex-bench-{}", std::process::id()))
    });
    let newsdex = if args.generate_only {
        PathBuf::new()
    } else {
        newsdex_path(args.newsdex.clone())?
    };
    prepare_out(&out)?;
    let out =
        std::fs::canonicalize(&out).with_context(|| format!("cannot resolve {}", out.display()))?;
    let _cleanup = Cleanup {
        dir: out.clone(),
        keep: args.keep,
    };
    let mut warnings = Vec::new();
    if !args.generate_only {
        warnings.extend(stale_hot_code_list(&newsdex));
    }

    // 1. The archive.
    progress!(
        "generating {} articles into {}",
        args.articles,
        out.join("archive").display()
    );
    let started = Instant::now();
    let world = World::build(args.seed);
    let archive = corpus::generate(&world, args.seed, args.articles, &out.join("archive"))?;
    let generate_seconds = started.elapsed().as_secs_f64();
    let mut files_by_format = BTreeMap::new();
    for f in &archive.files {
        *files_by_format
            .entry(f.unit.format.ext().to_string())
            .or_insert(0) += 1;
    }
    let archive_report = ArchiveReport {
        articles: archive.articles,
        files: archive.files.len(),
        files_by_format,
        raw_bytes: archive.raw_bytes(),
        text_bytes: archive.text_bytes(),
        mean_text_bytes_per_article: archive.text_bytes() as f64 / archive.articles as f64,
        generate_seconds,
        digest: archive.digest(),
    };
    progress!(
        "archive: {} files, {:.1} MB, digest {} ({:.1} s)",
        archive_report.files,
        mb(archive_report.raw_bytes),
        archive_report.digest,
        generate_seconds
    );
    if args.generate_only {
        if args.json {
            println!("{}", serde_json::to_string_pretty(&archive_report)?);
        } else {
            println!(
                "{} articles, {} files, {} bytes, digest {} in {}",
                archive_report.articles,
                archive_report.files,
                archive_report.raw_bytes,
                archive_report.digest,
                archive.root.display()
            );
        }
        return Ok(());
    }

    // 2. Indexing with the real binary.
    let version = Command::new(&newsdex)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", newsdex.display()))?;
    let newsdex_version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let runner = Runner {
        newsdex: newsdex.clone(),
        gnu_time: gnu_time(),
        threads: args.threads,
        scratch: out.clone(),
    };
    let idx = |name: &str| out.join("indexes").join(name);
    let mut indexing = Vec::new();
    for (parts, label) in [(1, "25%"), (2, "50%"), (4, "100%")] {
        let (bytes, articles) = archive.part_totals(parts);
        let run = runner.index(
            &format!("full index, {label} of archive"),
            &idx(label.trim_end_matches('%')),
            &archive.parts[..parts],
            articles,
            bytes,
        )?;
        if run.summary.documents_in_index != articles as u64 {
            warnings.push(format!(
                "{}: {} documents in the index, {} articles generated",
                run.label, run.summary.documents_in_index, articles
            ));
        }
        if run.summary.files_skipped > 0 || run.summary.bad_lines > 0 || run.summary.warnings > 0 {
            warnings.push(format!(
                "{}: newsdex skipped {} files and {} lines, with {} warnings",
                run.label, run.summary.files_skipped, run.summary.bad_lines, run.summary.warnings
            ));
        }
        if parts == 1 {
            // Fail fast when the binary and this benchmark disagree on the schema.
            newsdex::index::NewsIndex::open(&idx("25")).context(
                "the newsdex binary and this benchmark were built from different sources: \
                 run `cargo build --release` (or pass --newsdex)",
            )?;
        }
        indexing.push(run);
    }
    let idx100 = idx("100");
    let newsdex_bytes = dir_size(&idx100)?;
    if !args.keep {
        for small in ["25", "50"] {
            std::fs::remove_dir_all(idx(small))
                .with_context(|| format!("cannot delete {}", idx(small).display()))?;
        }
    }
    let noop = runner.index("no-op re-index", &idx100, &archive.parts, 0, 0)?;
    if noop.summary.articles_indexed != 0 {
        warnings.push(format!(
            "no-op re-index indexed {} articles",
            noop.summary.articles_indexed
        ));
    }
    indexing.push(noop);
    let touched = archive.one_percent();
    let touched_articles: usize = touched
        .iter()
        .map(|&i| archive.files[i].unit.ids.len())
        .sum();
    progress!("rewriting {} files with changed content", touched.len());
    let touched_bytes = archive.rewrite(&world, args.seed, &touched, 1)?;
    let delta = runner.index(
        &format!("re-index, {} files changed", touched.len()),
        &idx100,
        &archive.parts,
        touched_articles,
        touched_bytes,
    )?;
    if delta.summary.files_updated != touched.len() {
        warnings.push(format!(
            "re-index after the change updated {} files, {} were rewritten",
            delta.summary.files_updated,
            touched.len()
        ));
    }
    indexing.push(delta);

    // 4 (before 3, so the queries run on a quiet machine). The plain tantivy baseline.
    progress!("building the plain tantivy index");
    let started = Instant::now();
    let ((plain, plain_docs), plain_cpu) =
        with_cpu_seconds(|| plain::build(&out.join("indexes").join("plain"), &archive.parts))?;
    let plain_seconds = started.elapsed().as_secs_f64();
    if plain_docs != archive.articles as u64 {
        warnings.push(format!(
            "plain index: {plain_docs} documents, {} articles generated",
            archive.articles
        ));
    }
    let plain_bytes = dir_size(&out.join("indexes").join("plain"))?;
    let raw_bytes = archive.raw_bytes();
    let plain_index = PlainIndexReport {
        articles: plain_docs,
        bytes: raw_bytes,
        seconds: plain_seconds,
        cpu_seconds: plain_cpu,
        mb_per_s: mb(raw_bytes) / plain_seconds,
        articles_per_s: plain_docs as f64 / plain_seconds,
    };

    // The index CPU of both, pair by pair (the main run's first).
    let mut cpu_pairs = Vec::new();
    if let (Some(n), Some(p)) = (indexing[2].cpu_seconds, plain_cpu) {
        cpu_pairs.push(CpuPair {
            newsdex: n,
            plain: p,
        });
    }
    let (all_bytes, all_articles) = archive.part_totals(archive.parts.len());
    for k in 0..args.cpu_pairs {
        progress!("index CPU pair {}/{}", k + 1, args.cpu_pairs);
        // The main run had newsdex first: the first extra pair has plain tantivy first.
        let (mut n, mut p) = (None, None);
        for plain_now in [k % 2 == 0, k % 2 != 0] {
            if plain_now {
                p = plain::build_cpu_seconds(&idx("plain-pair"), &archive.parts)?;
            } else {
                let dir = idx("pair");
                let run = runner.index(
                    "index CPU pair",
                    &dir,
                    &archive.parts,
                    all_articles,
                    all_bytes,
                )?;
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("cannot delete {}", dir.display()))?;
                n = run.cpu_seconds;
            }
        }
        if let (Some(newsdex), Some(plain)) = (n, p) {
            cpu_pairs.push(CpuPair { newsdex, plain });
        }
    }

    // 3. Queries.
    let ni = newsdex::index::NewsIndex::open(&idx100)?;
    let mut entity_values = BTreeMap::new();
    {
        let searcher = ni.searcher()?;
        for root in newsdex::schema::FACET_ROOTS {
            let n = newsdex::search::facet_values(&ni, &searcher, root)?.len();
            entity_values.insert(root.to_string(), n);
        }
    }
    let queries = text_queries(&world);
    let fv = FilterValues {
        speaker: world.people[0].full(),
        country: world.countries[5].name.clone(),
        since: "2010".into(),
        until: "2014".into(),
    };
    progress!(
        "timing {} query cells × {} runs",
        queries.len() * (VARIANTS.len() + 3),
        args.runs
    );
    let query_report = run_queries(&ni, &plain, &queries, &fv, args.runs)?;
    progress!("timing quotes and related");
    let quotes_and_related = time_quotes_related(&ni, &queries, &fv, args.runs)?;
    progress!("checking facet counts against tantivy's FacetCollector");
    let facet_counts = facet_exactness(&ni, &queries, &fv, args.runs)?;

    // Whole processes, as a user runs them: `newsdex --version` (the bare process),
    // `newsdex search` with a filter and facet counts, and the plain tantivy CLI
    // (`bench-plain-search`, beside this executable) on the same query as far as the
    // plain index can answer it (the text, and the date range; it has no entities);
    // interleaved, so that a busy moment of the machine falls on all of them alike.
    let plain_queries = [
        queries[1].text.clone(),
        queries[4].text.clone(),
        format!(
            "({}) AND {}",
            queries[8].text,
            plain::date_range(&fv.since, &fv.until)?
        ),
    ];
    let spawned_args = [
        vec![
            queries[1].text.clone(),
            "--country".into(),
            fv.country.clone(),
        ],
        vec![
            queries[4].text.clone(),
            "--speaker".into(),
            fv.speaker.clone(),
        ],
        vec![
            queries[8].text.clone(),
            "--since".into(),
            fv.since.clone(),
            "--until".into(),
            fv.until.clone(),
        ],
    ];
    let plain_cli = plain_cli_path();
    if plain_cli.is_none() {
        warnings.push(
            "no bench-plain-search beside this executable: the plain tantivy CLI was not \
             timed (cargo build --release builds it)"
                .into(),
        );
    }
    let plain_dir = out.join("indexes").join("plain");
    // The dated query is the same query on both sides: the same number of matches.
    if let Some(bin) = &plain_cli {
        let ours = runner.search_total(&idx100, &spawned_args[2])?;
        let plain = runner::plain_count(bin, &plain_dir, &plain_queries[2])?;
        if ours != plain {
            warnings.push(format!(
                "the plain CLI's {:?} matches {plain} articles, newsdex's search {:?} {ours}: \
                 the process timings do not compare the same query",
                plain_queries[2], spawned_args[2]
            ));
        }
    }
    progress!("timing search processes");
    let spawn_runs = args.process_runs;
    let mut version_times = Vec::new();
    let mut search_times = vec![Vec::new(); spawned_args.len()];
    let mut no_facet_times = vec![Vec::new(); spawned_args.len()];
    let mut plain_times = vec![Vec::new(); spawned_args.len()];
    // The processes of a round: `None` is `--version`, `(i, Newsdex)` newsdex's search
    // i, `(i, NoFacets)` the same with `--facets 0`, `(i, Plain)` the plain CLI's.
    #[derive(Clone, Copy)]
    enum Spawned {
        Newsdex,
        NoFacets,
        Plain,
    }
    let mut order: Vec<Option<(usize, Spawned)>> = vec![None];
    for i in 0..spawned_args.len() {
        order.push(Some((i, Spawned::Newsdex)));
        order.push(Some((i, Spawned::NoFacets)));
        if plain_cli.is_some() {
            order.push(Some((i, Spawned::Plain)));
        }
    }
    // One warm-up round, not counted. Each round starts one process later in the
    // order, so that no process always follows the same one.
    for round in 0..=spawn_runs {
        for k in 0..order.len() {
            match order[(round + k) % order.len()] {
                None => {
                    let t = runner.version()?;
                    if round > 0 {
                        version_times.push(t);
                    }
                }
                Some((i, Spawned::Newsdex)) => {
                    let t = runner.search(&idx100, &spawned_args[i], true)?;
                    if round > 0 {
                        search_times[i].push(t);
                    }
                }
                Some((i, Spawned::NoFacets)) => {
                    let t = runner.search(&idx100, &spawned_args[i], false)?;
                    if round > 0 {
                        no_facet_times[i].push(t);
                    }
                }
                Some((i, Spawned::Plain)) => {
                    if let Some(bin) = &plain_cli {
                        let t = runner::plain_search(bin, &plain_dir, &plain_queries[i])?;
                        if round > 0 {
                            plain_times[i].push(t);
                        }
                    }
                }
            }
        }
    }
    version_times.sort();
    let version_p50_ms = percentile_ms(&version_times, 0.5);
    let mut spawned_search = Vec::new();
    let runs = spawned_args.into_iter().zip(plain_queries);
    let times = search_times
        .into_iter()
        .zip(no_facet_times)
        .zip(plain_times);
    for ((a, plain_query), ((mut times, mut no_facets), mut plain)) in runs.zip(times) {
        times.sort();
        no_facets.sort();
        plain.sort();
        spawned_search.push(SpawnedSearch {
            p50_ms: percentile_ms(&times, 0.5),
            no_facets_p50_ms: percentile_ms(&no_facets, 0.5),
            plain_p50_ms: (!plain.is_empty()).then(|| percentile_ms(&plain, 0.5)),
            plain_query,
            args: a,
            runs: spawn_runs,
        });
    }

    if args.keep {
        progress!("restoring the rewritten files");
        archive.rewrite(&world, args.seed, &touched, 0)?;
    }

    // 5. Sizes, ratios, targets.
    let text_bytes = archive.text_bytes();
    let index_size = SizeReport {
        raw_bytes,
        text_bytes,
        newsdex_bytes,
        plain_bytes,
        newsdex_over_raw: newsdex_bytes as f64 / raw_bytes as f64,
        newsdex_over_text: newsdex_bytes as f64 / text_bytes as f64,
        plain_over_raw: plain_bytes as f64 / raw_bytes as f64,
        newsdex_segments: ni.index.searchable_segment_ids()?.len(),
        plain_segments: plain.segments()?,
        entity_values,
    };
    let plain_all = find_row(&query_report, "plain", "all", "none").p50_ms;
    let mut by_class = BTreeMap::new();
    for class in ["term", "phrase", "boolean"] {
        by_class.insert(
            class.to_string(),
            find_row(&query_report, "newsdex", class, "any filter").p50_ms
                / find_row(&query_report, "plain", class, "none").p50_ms,
        );
    }
    let ratios = Ratios {
        index_time_newsdex_over_plain: indexing[2].wall_seconds / plain_seconds,
        index_cpu_newsdex_over_plain: median(cpu_pairs.iter().map(CpuPair::ratio).collect()),
        filtered_over_plain_p50: find_row(&query_report, "newsdex", "all", "any filter").p50_ms
            / plain_all,
        unfiltered_over_plain_p50: find_row(&query_report, "newsdex", "all", "none").p50_ms
            / plain_all,
        filtered_over_plain_p50_by_class: by_class,
        filtered_no_facets_over_plain_p50: find_row(&query_report, "nofacets", "all", "any filter")
            .p50_ms
            / plain_all,
        facets_over_no_facets_p50: find_row(&query_report, "newsdex", "all", "any filter").p50_ms
            / find_row(&query_report, "nofacets", "all", "any filter").p50_ms,
    };
    let memory_growth_100_over_25 = match (indexing[0].peak_rss_mib, indexing[2].peak_rss_mib) {
        (Some(a), Some(b)) => Some(b / a),
        _ => None,
    };
    let anon_growth_100_over_25 = match (indexing[0].peak_anon_mib, indexing[2].peak_anon_mib) {
        (Some(a), Some(b)) => Some(b / a),
        _ => None,
    };
    let mut report = Report {
        articles: args.articles,
        seed: args.seed,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        newsdex: newsdex.display().to_string(),
        newsdex_version,
        rss_method: runner.rss_method(),
        out: out.display().to_string(),
        kept: args.keep,
        archive: archive_report,
        indexing,
        touched_files: touched.len(),
        touched_articles,
        plain_index,
        cpu_pairs,
        memory_growth_100_over_25,
        anon_growth_100_over_25,
        index_size,
        queries: query_report,
        version_p50_ms,
        spawned_search,
        quotes_and_related,
        facet_counts,
        ratios,
        targets: Vec::new(),
        warnings,
    };
    report.targets = targets(&report);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(&report);
    }
    Ok(())
}

/// A warning when `scripts/hot-symbols.txt` names functions the binary no longer has
/// (their names change with the code: LLVM's `.llvm.N` suffixes above all). The
/// linker skips such names, so those functions land anywhere in the code and a search
/// process maps more of it: about 0.2 ms more a search at 100k articles for 86 missing
/// names of 1,293 (issue 11). Nothing when `nm`, the list or the binary's symbols are
/// not there.
fn stale_hot_code_list(newsdex: &Path) -> Option<String> {
    let list = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/hot-symbols.txt");
    let wanted = std::fs::read_to_string(&list).ok()?;
    let out = std::process::Command::new("nm")
        .arg("--defined-only")
        .arg(newsdex)
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let defined: std::collections::HashSet<&str> = std::str::from_utf8(&out.stdout)
        .ok()?
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    if defined.is_empty() {
        // A stripped binary: nothing to check the list against.
        return None;
    }
    let names: Vec<&str> = wanted.lines().filter(|l| !l.is_empty()).collect();
    let missing = names.iter().filter(|n| !defined.contains(*n)).count();
    (missing > 0).then(|| {
        format!(
            "{missing} of the {} functions in scripts/hot-symbols.txt are not in {} (renamed \
             since the list was written), so its search code is not all placed first: run \
             scripts/hot-symbols.sh with a 100k bench index to write the list again",
            names.len(),
            newsdex.display()
        )
    })
}
