//! newsdex: an offline search engine for news archives.
//!
//! The pipeline, one module per stage:
//! [`ingest`] (files → [`ingest::Article`]) → [`extract`] (article → entities) →
//! [`index`] (tantivy documents with facets) → [`search`] (query + filters → results) →
//! [`output`] (text and JSON). [`cli`] declares the commands; [`run`] dispatches them.

pub mod check;
pub mod cli;
pub mod directory;
pub mod error;
pub mod export;
pub mod extract;
pub mod facets;
pub mod index;
pub mod ingest;
pub mod messages;
pub mod output;
pub mod related;
pub mod request;
pub mod schema;
pub mod search;
pub mod timeline;
pub mod values;

use anyhow::Result;
use index::NewsIndex;
use output::{ColorMode, Style};
use request::{Invocation, Request};
use serde::Serialize;
use std::io::Write;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

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
            let ni = NewsIndex::open(&dir)?;
            search_cmd(&mut out, &ni, a, false)?
        }
        Request::Quotes(a) => {
            let ni = NewsIndex::open(&dir)?.quotes_in_step()?;
            search_cmd(&mut out, &ni, a, true)?
        }
        Request::Show(a) => {
            let ni = NewsIndex::open(&dir)?;
            let articles = show(&ni, &a.target)?;
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
            let s = stats(&ni, &dir, a.top)?;
            if a.json {
                output::write_json(&mut out, &s)?;
            } else {
                output::stats_text(&mut out, style(ColorMode::Auto), &s)?;
            }
            exit::OK
        }
        Request::Extract(a) => extract_cmd(&mut out, &a)?,
        Request::Related(a) => {
            let ni = NewsIndex::open(&dir)?;
            let searcher = ni.searcher()?;
            let mut resolved = Vec::new();
            let (text, scope) = search::scope_query(
                &ni,
                &searcher,
                a.query.as_deref(),
                &a.filters,
                false,
                &mut resolved,
            )?;
            // Without a query or a filter the scope is everything, which `related`
            // counts from the dictionaries instead of visiting every article.
            let scope = (text.is_some() || scope.clauses().len() > 1)
                .then(|| Box::new(scope) as Box<dyn tantivy::query::Query>);
            let r = related::related(&ni, &a.entity, scope, a.top)?;
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
            let report = check::check(&dir)?;
            if a.json {
                output::write_json(&mut out, &report)?;
            } else {
                check_text(&mut out, &report)?;
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

/// The text report of `check`: one line per problem (what to do follows as the error).
fn check_text(out: &mut impl Write, r: &check::Report) -> Result<()> {
    if r.is_healthy() {
        writeln!(
            out,
            "the index at {} is healthy: {} files checked",
            r.index, r.files_checked
        )?;
        return Ok(());
    }
    for p in &r.problems {
        writeln!(out, "{}: {}", p.path, p.problem)?;
    }
    Ok(())
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
    Ok(if results.total > 0 {
        exit::OK
    } else {
        exit::NO_MATCH_OR_SKIPPED
    })
}

fn show(ni: &NewsIndex, given: &std::path::Path) -> Result<Vec<output::ShowArticle>> {
    let searcher = ni.searcher()?;
    let f = ni.fields;
    // A path that is not UTF-8 is shown by its key (the form `search` prints).
    let target = &given.to_string_lossy();
    let by_id = TermQuery::new(
        Term::from_field_text(f.id, target),
        IndexRecordOption::Basic,
    );
    let mut docs = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
    if docs.is_empty() {
        // As typed (a key printed by `search`), then as a path on this machine: the
        // name as walked, then with links resolved.
        for key in [
            target.to_string(),
            ingest::walk::path_key(given),
            ingest::walk::path_key(&ingest::walk::absolute(given)),
            ingest::walk::path_key(&ingest::walk::canonical(given)),
        ] {
            let by_path = TermQuery::new(
                Term::from_field_text(f.path, &key),
                IndexRecordOption::Basic,
            );
            docs = searcher.search(&by_path, &TopDocs::with_limit(10_000).order_by_score())?;
            if !docs.is_empty() {
                break;
            }
        }
    }
    if docs.is_empty() {
        return Err(error::Error::NotFound(target.to_string()).into());
    }
    let mut out = Vec::new();
    for (_, addr) in docs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let hit = search::hit_from_doc(ni, &doc);
        let get = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_string)
        };
        let quotes = get(f.quotes)
            .and_then(|q| serde_json::from_str::<Vec<serde_json::Value>>(&q).ok())
            .unwrap_or_default();
        out.push(output::ShowArticle {
            hit,
            author: get(f.author),
            url: get(f.url),
            body: get(f.body).unwrap_or_default(),
            quotes,
        });
    }
    Ok(out)
}

fn stats(ni: &NewsIndex, dir: &std::path::Path, top: usize) -> Result<output::Stats> {
    let searcher = ni.searcher()?;
    let f = ni.fields;
    let documents = searcher.num_docs();
    let dated = RangeQuery::new(
        std::ops::Bound::Included(Term::from_field_date_for_search(
            f.date,
            tantivy::DateTime::from_timestamp_secs(-5_364_662_400),
        )),
        std::ops::Bound::Unbounded,
    );
    let date_at = |order: Order| -> Result<Option<String>> {
        let top = TopDocs::with_limit(1).order_by_fast_field::<tantivy::DateTime>("date", order);
        let r = searcher.search(&dated, &top)?;
        Ok(r.into_iter().next().and_then(|(d, _)| d).and_then(|d| {
            chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
        }))
    };
    let n_dated = searcher.search(&dated, &Count)? as u64;
    let mut fc = FacetCollector::for_field("entity");
    for root in schema::FACET_ROOTS {
        fc.add_facet(Facet::from_path([root]));
    }
    let counts = searcher.search(&AllQuery, &fc)?;
    let mut facets = std::collections::BTreeMap::new();
    for root in schema::FACET_ROOTS {
        let v = counts
            .top_k(Facet::from_path([root]), top)
            .into_iter()
            .map(|(facet, count)| search::FacetCount {
                value: facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                count,
            })
            .collect();
        facets.insert(root.to_string(), v);
    }
    Ok(output::Stats {
        index: dir.display().to_string(),
        documents,
        first_date: date_at(Order::Asc)?,
        last_date: date_at(Order::Desc)?,
        undated: documents.saturating_sub(n_dated),
        facets,
    })
}

/// One article's extraction, as `extract --jsonl` prints it.
#[derive(Serialize)]
struct ExtractRecord<'a> {
    doc: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
    id: &'a str,
    title: &'a str,
    date: Option<String>,
    mentions: Vec<serde_json::Value>,
    quotes: Vec<serde_json::Value>,
    facets: serde_json::Value,
}

/// Converts sorted byte offsets of `text` to character offsets in one pass.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut b, mut c) = (0usize, 0usize);
    for i in order {
        let target = bytes[i].min(text.len());
        c += text[b..target].chars().count();
        b = target;
        out[i] = c;
    }
    out
}

fn extract_cmd(out: &mut impl Write, a: &request::ExtractRequest) -> Result<u8> {
    for p in &a.paths {
        if !p.exists() {
            return Err(error::Error::NoSuchPath(p.clone()).into());
        }
    }
    let walked = ingest::walk::walk(&a.paths, &ingest::walk::WalkOptions::default());
    let mut failed = false;
    for (p, reason) in &walked.errors {
        messages::report(p, None, reason);
        failed = true;
    }
    use rayon::prelude::*;
    // Extract in parallel, print in path order.
    let results: Vec<_> = walked
        .files
        .par_iter()
        .map(|path| {
            let r = ingest::read_file(path).map(|o| {
                let e: Vec<_> = o.articles.iter().map(extract::extract).collect();
                (o, e)
            });
            (path, r)
        })
        .collect();
    for (path, r) in results {
        let (outcome, entities) = match r {
            Ok(x) => x,
            Err(e) => {
                messages::report(path, None, &e.to_string());
                failed = true;
                continue;
            }
        };
        for l in &outcome.line_errors {
            messages::report(path, Some(l.line.unwrap_or(0)), &l.message);
            failed = true;
        }
        for (art, e) in outcome.articles.iter().zip(&entities) {
            let text = art.text();
            let mut offs = Vec::new();
            for m in &e.mentions {
                offs.extend([m.start, m.end]);
            }
            for q in &e.quotes {
                offs.extend([q.start, q.end]);
            }
            let chars = char_offsets(&text, &offs);
            let src = |i: usize| art.source_char_offset(chars[i]);
            let mentions = e
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut v = serde_json::to_value(m).unwrap_or_default();
                    v["start"] = src(2 * i).into();
                    v["end"] = src(2 * i + 1).into();
                    v
                })
                .collect();
            let base = 2 * e.mentions.len();
            let quotes = e
                .quotes
                .iter()
                .enumerate()
                .map(|(i, q)| {
                    let mut v = serde_json::to_value(q).unwrap_or_default();
                    v["start"] = src(base + 2 * i).into();
                    v["end"] = src(base + 2 * i + 1).into();
                    v
                })
                .collect();
            if a.jsonl {
                let rec = ExtractRecord {
                    doc: path.display().to_string(),
                    line: art.line,
                    id: &art.id,
                    title: &art.title,
                    date: art.date.map(|d| d.format("%Y-%m-%d").to_string()),
                    mentions,
                    quotes,
                    facets: serde_json::json!({
                        "people": e.people, "speakers": e.speakers, "orgs": e.orgs,
                        "places": e.places, "countries": e.countries,
                    }),
                };
                output::write_json(out, &rec)?;
            } else {
                writeln!(
                    out,
                    "{}{}",
                    output::sanitize_path(path),
                    art.line.map(|l| format!(":{l}")).unwrap_or_default()
                )?;
                writeln!(out, "  title:     {}", output::sanitize_line(&art.title))?;
                let c: Vec<String> = e
                    .countries
                    .iter()
                    .map(|c| format!("{} ({})", c.name, c.code))
                    .collect();
                for (label, v) in [
                    ("people", &e.people),
                    ("speakers", &e.speakers),
                    ("orgs", &e.orgs),
                    ("places", &e.places),
                    ("countries", &c),
                ] {
                    writeln!(
                        out,
                        "  {:<10} {}",
                        format!("{label}:"),
                        output::sanitize_line(&v.join("; "))
                    )?;
                }
                for q in &e.quotes {
                    writeln!(
                        out,
                        "  quote:     “{}” — {}",
                        output::sanitize_line(q.text.trim()),
                        output::sanitize_line(q.speaker.as_deref().unwrap_or("(unattributed)"))
                    )?;
                }
                writeln!(out)?;
            }
        }
    }
    Ok(if failed {
        exit::NO_MATCH_OR_SKIPPED
    } else {
        exit::OK
    })
}
