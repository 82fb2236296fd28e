//! newsdex: an offline search engine for news archives.
//!
//! The pipeline, one module per stage, each using only the ones before it:
//! [`ingest`] (files → [`ingest::Article`]) → [`extract`] (article → entities) →
//! [`index`] (tantivy documents with facets) → [`search`] (query + filters → results) →
//! [`output`] (text and JSON).
//!
//! Module map:
//! - [`cli`]: the argument parser (the only module that knows it); turns the
//!   arguments into a [`request::Invocation`], checking every argument before any I/O.
//!   [`request`]: the validated requests.
//! - [`run`]: dispatch, one function per request. [`error`]: the errors callers branch
//!   on; [`messages`]: the `newsdex: PATH[:LINE]: reason` lines; [`exit`]: statuses.
//! - [`ingest`]: walk folders, read .txt/.md/.html/.json/.jsonl into articles.
//! - [`extract`]: people, places, countries, organizations, quotes and speakers;
//!   [`extract_files`]: the `extract` command.
//! - [`schema`]: field names and options. [`index`]: open/create with the version
//!   check; `document` (stored documents), `manifest`, `lock`, `worker`, `writer`,
//!   `run` (the `index` job and its crash safety), `values` (facet value lists),
//!   `check` (`newsdex check`, and the quick check before each `index` run).
//!   [`directory`]: tantivy's mmap directory, searchable when read-only.
//! - [`search`]: `query`, `filters`, `facets`, `snippet`, `hit`, `timeline`,
//!   `related`, `lookup` (`show` and `stats`).
//! - [`output`]: every text and JSON writer. [`export`]:
//!   `newsdex export`. [`serve`]: `newsdex serve`, the web page and JSON API.

#![warn(missing_docs)]

pub mod cli;
pub mod directory;
pub mod error;
pub mod export;
pub mod extract;
pub mod extract_files;
pub mod index;
pub mod ingest;
pub mod messages;
pub mod output;
pub mod request;
pub mod schema;
pub mod search;
pub mod serve;
pub mod timings;

use anyhow::Result;
use index::NewsIndex;
use output::{ColorMode, Style};
use request::{Invocation, Request};
use std::io::Write;

/// Exit statuses.
pub mod exit {
    /// Success; for `search`, something matched.
    pub const OK: u8 = 0;
    /// `search`: nothing matched. `index`: finished, but some files or lines were skipped.
    pub const NO_MATCH_OR_SKIPPED: u8 = 1;
    /// An error stopped the command.
    pub const ERROR: u8 = 2;
    /// `index` was interrupted (Ctrl-C); what was done is committed.
    pub const INTERRUPTED: u8 = 130;
}

fn style(mode: ColorMode) -> Style {
    Style::for_mode(mode)
}

/// Runs one command and returns its exit status. A panic (a damaged index can make
/// tantivy panic) becomes an error that names the index and the fix; so does an error
/// of tantivy's while a command reads the index.
pub fn run(inv: Invocation) -> Result<u8> {
    let dir = inv.index.clone();
    let reads_index = inv.request.reads_index();
    let uses_index = inv.request.uses_index();
    let run_check = format!(
        "the index at {} may be damaged: run `newsdex --index {} check`",
        dir.display(),
        dir.display()
    );
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_command(inv, &dir))) {
        Ok(Err(e)) if reads_index && looks_damaged(&e) => {
            Err(anyhow::anyhow!("{run_check} (reading it failed: {e:#})"))
        }
        Ok(result) => result,
        Err(_) if uses_index => Err(anyhow::anyhow!("internal error: {run_check}")),
        Err(_) => Err(anyhow::anyhow!(
            "internal error: please report it, with the command and the file it read \
             (NEWSDEX_DEBUG=1 prints where it happened)"
        )),
    }
}

/// True if `err` comes from tantivy reading an index file (not, say, from a file the
/// user may not read: permissions are not damage).
fn looks_damaged(err: &anyhow::Error) -> bool {
    use tantivy::directory::error::OpenReadError;
    use tantivy::TantivyError;
    let io_damage = |e: &std::io::Error| e.kind() != std::io::ErrorKind::PermissionDenied;
    err.chain().any(|e| match e.downcast_ref::<TantivyError>() {
        Some(TantivyError::DataCorruption(_) | TantivyError::InternalError(_)) => true,
        Some(TantivyError::IoError(e)) => io_damage(e),
        Some(TantivyError::OpenReadError(e)) => match e {
            OpenReadError::IoError { io_error, .. } => io_damage(io_error),
            _ => true,
        },
        _ => false,
    })
}

fn run_command(inv: Invocation, dir: &std::path::Path) -> Result<u8> {
    let dir = dir.to_path_buf();
    if let Some(path) = &inv.aliases {
        extract::aliases::Aliases::load(path)?.install();
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let code = match inv.request {
        Request::Index(a) => {
            let summary = index::run_index(&dir, &a.paths, &a.options)?;
            if a.json {
                output::write_json(&mut out, &summary)?;
            } else {
                output::summary_text(&mut std::io::stderr(), &summary)?;
            }
            if summary.interrupted {
                exit::INTERRUPTED
            } else if summary.has_failures() {
                exit::NO_MATCH_OR_SKIPPED
            } else {
                exit::OK
            }
        }
        Request::Search(a) => {
            let ni = NewsIndex::open_one_shot(&dir)?.keep_searcher()?;
            timings::mark("open");
            let code = search_cmd(&mut out, &ni, a, false)?;
            // Left to the process's exit (see `NewsIndex::keep_searcher`).
            std::mem::forget(ni);
            code
        }
        Request::Quotes(a) => {
            let ni = NewsIndex::open_one_shot(&dir)?
                .keep_searcher()?
                .quotes_in_step()?
                .keep_searcher()?;
            timings::mark("open");
            let code = search_cmd(&mut out, &ni, a, true)?;
            std::mem::forget(ni);
            code
        }
        Request::Show(a) => {
            let ni = NewsIndex::open(&dir)?;
            let articles = search::lookup::show(&ni, &a.target)?;
            for art in &articles {
                if a.json {
                    output::write_json(&mut out, art)?;
                } else {
                    output::show_text(&mut out, style(ColorMode::Auto), art)?;
                }
            }
            exit::OK
        }
        Request::Stats(a) => {
            let ni = NewsIndex::open(&dir)?;
            let s = search::lookup::stats(&ni, &dir, a.top)?;
            if a.json {
                output::write_json(&mut out, &s)?;
            } else {
                output::stats_text(&mut out, style(ColorMode::Auto), &s)?;
            }
            exit::OK
        }
        Request::Extract(a) => extract_files::extract_files(&mut out, &a)?,
        Request::Related(a) => {
            let ni = NewsIndex::open(&dir)?;
            let r =
                search::related::related_in(&ni, &a.entity, a.query.as_deref(), &a.filters, a.top)?;
            if a.json {
                output::write_json(&mut out, &r)?;
            } else {
                output::related_text(&mut out, style(ColorMode::Auto), &r)?;
            }
            if r.articles > 0 {
                exit::OK
            } else {
                exit::NO_MATCH_OR_SKIPPED
            }
        }
        Request::Check(a) => {
            let report = index::check::check(&dir)?;
            if a.json {
                output::write_json(&mut out, &report)?;
            } else {
                output::check_text(&mut out, &report)?;
            }
            out.flush()?;
            if !report.is_healthy() {
                return Err(anyhow::anyhow!(
                    "the index at {} is damaged ({} {}): {}",
                    dir.display(),
                    report.problems.len(),
                    if report.problems.len() == 1 {
                        "problem"
                    } else {
                        "problems"
                    },
                    report.fixes().join("; ")
                ));
            }
            exit::OK
        }
        Request::Serve(a) => serve::serve(&mut out, &dir, &a)?,
        Request::Print(text) => {
            out.write_all(&text)?;
            exit::OK
        }
        Request::Export(a) => {
            let ni = NewsIndex::open(&dir)?;
            match &a.output {
                Some(path) => {
                    let file = std::fs::File::create(path)
                        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
                    let mut w = std::io::BufWriter::new(file);
                    export::export(&ni, &mut w)?;
                    w.flush()?;
                }
                None => {
                    export::export(&ni, &mut out)?;
                }
            }
            exit::OK
        }
    };
    out.flush()?;
    Ok(code)
}

/// `search` over articles, or `quotes` over the quotation index.
fn search_cmd(
    out: &mut impl Write,
    ni: &NewsIndex,
    a: request::SearchCommand,
    quotes: bool,
) -> Result<u8> {
    let results = search::search(ni, &a.search)?;
    if a.json {
        output::write_json(out, &results)?;
    } else if quotes {
        output::quotes_text(out, style(a.color), &results)?;
    } else {
        output::search_text(out, style(a.color), &results)?;
    }
    if a.timings {
        out.flush()?;
        timings::mark("print");
        timings::report(&mut std::io::stderr().lock())?;
    }
    let code = if results.total > 0 {
        exit::OK
    } else {
        exit::NO_MATCH_OR_SKIPPED
    };
    // The process ends next: its exit frees the hits at once.
    std::mem::forget(results);
    Ok(code)
}
