//! The on-disk index: open or create it (with a schema-version check), and the `index`
//! job — walk, read and extract in parallel, feed one tantivy `IndexWriter`, commit.

use crate::error::Error;
use crate::extract::{self, Entities};
use crate::ingest::{self, walk, Article, IngestError, ReadOutcome};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tantivy::schema::Facet;
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

/// Name of the file in the index folder that records who wrote it.
const META_FILE: &str = "newsdex.json";
/// Sub-folder holding tantivy's files.
const TANTIVY_DIR: &str = "tantivy";
/// Memory budget of the tantivy writer.
const WRITER_MEMORY: usize = 256 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    schema_version: u32,
    newsdex_version: String,
}

/// An opened newsdex index.
pub struct NewsIndex {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
}

/// The index folder to use: `--index`, `NEWSDEX_INDEX`, or `.newsdex` here.
pub fn index_dir(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".newsdex"))
}

impl NewsIndex {
    /// Opens an existing index, checking its schema version.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        let meta_path = dir.join(META_FILE);
        if !meta_path.exists() {
            return Err(Error::NoIndex(dir.to_path_buf()).into());
        }
        let meta: Meta = serde_json::from_slice(
            &std::fs::read(&meta_path)
                .with_context(|| format!("cannot read {}", meta_path.display()))?,
        )
        .with_context(|| {
            format!(
                "{} is damaged: delete {} and index again",
                meta_path.display(),
                dir.display()
            )
        })?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: dir.to_path_buf(),
                found: meta.schema_version,
                expected: SCHEMA_VERSION,
            }
            .into());
        }
        let index = Index::open_in_dir(dir.join(TANTIVY_DIR))
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())
            .with_context(|| format!("the index at {} is not a newsdex index", dir.display()))?;
        Ok(NewsIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
        })
    }

    /// Opens the index, creating an empty one if the folder has none.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex> {
        if dir.join(META_FILE).exists() {
            return NewsIndex::open(dir);
        }
        let tdir = dir.join(TANTIVY_DIR);
        std::fs::create_dir_all(&tdir)
            .with_context(|| format!("cannot create the index folder {}", tdir.display()))?;
        let index = Index::create_in_dir(&tdir, schema::build_schema())
            .with_context(|| format!("cannot create an index in {}", tdir.display()))?;
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            newsdex_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        let meta_path = dir.join(META_FILE);
        std::fs::write(&meta_path, serde_json::to_vec_pretty(&meta)?)
            .with_context(|| format!("cannot write {}", meta_path.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(NewsIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
        })
    }
}

/// Builds the tantivy document of an article and its entities.
pub fn to_document(f: &Fields, a: &Article, e: &Entities) -> TantivyDocument {
    let mut d = doc!(
        f.id => a.id.as_str(),
        f.path => a.path.to_string_lossy().as_ref(),
        f.title => a.title.as_str(),
        f.body => a.body.as_str(),
    );
    if let Some(date) = a.date {
        d.add_date(
            f.date,
            tantivy::DateTime::from_timestamp_secs(date.timestamp()),
        );
    }
    for (field, value) in [
        (f.source, &a.source),
        (f.author, &a.author),
        (f.url, &a.url),
    ] {
        if let Some(v) = value {
            d.add_text(field, v);
        }
    }
    let facet = |root: &str, v: &str| Facet::from_path([root, v]);
    for p in &e.people {
        d.add_facet(f.entity, facet("person", p));
    }
    for s in &e.speakers {
        d.add_facet(f.entity, facet("speaker", s));
    }
    for o in &e.orgs {
        d.add_facet(f.entity, facet("org", o));
    }
    for p in &e.places {
        d.add_facet(f.entity, facet("place", p));
    }
    for c in &e.countries {
        d.add_facet(f.entity, facet("country", &c.name));
        d.add_text(f.country_code, &c.code);
    }
    if !e.quotes.is_empty() {
        if let Ok(json) = serde_json::to_string(&e.quotes) {
            d.add_text(f.quotes, json);
        }
    }
    d
}

/// Counts and timings of one `index` run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files_seen: usize,
    pub articles_indexed: usize,
    pub files_new: usize,
    pub files_updated: usize,
    pub files_skipped: usize,
    pub skipped_by_reason: BTreeMap<String, usize>,
    pub bad_lines: usize,
    pub warnings: usize,
    pub bytes_read: u64,
    pub seconds: f64,
    pub documents_in_index: u64,
}

impl Summary {
    fn skip(&mut self, reason: &str) {
        self.files_skipped += 1;
        *self
            .skipped_by_reason
            .entry(reason.to_string())
            .or_default() += 1;
    }
}

/// Result of reading and extracting one file, sent from the worker threads.
struct Processed {
    path: PathBuf,
    bytes: u64,
    result: Result<(ReadOutcome, Vec<Entities>), IngestError>,
}

fn process(path: &Path) -> Processed {
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    // A bug in a parser or the extractor must cost one file, not the whole run.
    let result = std::panic::catch_unwind(|| {
        ingest::read_file(path).map(|outcome| {
            let entities = outcome.articles.iter().map(extract::extract).collect();
            (outcome, entities)
        })
    })
    .unwrap_or(Err(IngestError::Internal));
    Processed {
        path: path.to_path_buf(),
        bytes,
        result,
    }
}

/// Prints `newsdex: PATH[:LINE]: message` on stderr, above the progress bar.
fn report(bar: &ProgressBar, path: &Path, line: Option<usize>, msg: &str) {
    let loc = match line {
        Some(l) => format!("{}:{l}", path.display()),
        None => path.display().to_string(),
    };
    bar.suspend(|| eprintln!("newsdex: {loc}: {msg}"));
}

/// Options of an `index` run.
pub struct IndexOptions {
    pub threads: Option<usize>,
    pub quiet: bool,
}

/// Indexes `paths` into the index at `dir`.
pub fn run_index(dir: &Path, paths: &[PathBuf], opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    for p in paths {
        if !p.exists() {
            return Err(Error::Usage(format!("{}: no such file or folder", p.display())).into());
        }
    }
    let ni = NewsIndex::open_or_create(dir)?;
    let f = ni.fields;
    let mut writer: IndexWriter = ni.index.writer(WRITER_MEMORY).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
            "the index at {} is being updated by another newsdex process; wait for it to finish",
            dir.display()
        ),
        e => {
            anyhow::Error::new(e).context(format!("cannot write to the index at {}", dir.display()))
        }
    })?;
    let searcher = ni.index.reader()?.searcher();

    let walked = walk::walk(paths);
    let mut summary = Summary {
        files_seen: walked.files.len(),
        ..Summary::default()
    };
    let bar = if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(walked.files.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {msg}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    };
    for (p, reason) in &walked.errors {
        report(&bar, p, None, reason);
        summary.skip("unreadable");
    }
    if walked.unsupported > 0 {
        summary
            .skipped_by_reason
            .insert("unsupported type".into(), walked.unsupported);
        summary.files_skipped += walked.unsupported;
    }

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let (tx, rx) = std::sync::mpsc::sync_channel::<Processed>(64);
    let files = walked.files;
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            pool.install(|| {
                files.par_iter().for_each_with(tx, |tx, p| {
                    // The receiver only goes away on a fatal error; stop quietly then.
                    let _ = tx.send(process(p));
                });
            });
        });
        for item in rx {
            bar.inc(1);
            summary.bytes_read += item.bytes;
            let secs = started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{:.1} MB/s",
                summary.bytes_read as f64 / 1e6 / secs
            ));
            let (outcome, entities) = match item.result {
                Ok(x) => x,
                Err(e) => {
                    report(&bar, &item.path, None, &e.to_string());
                    summary.skip(e.reason());
                    continue;
                }
            };
            for w in &outcome.warnings {
                report(&bar, &item.path, w.line, &format!("warning: {}", w.message));
                summary.warnings += 1;
            }
            for l in &outcome.line_errors {
                report(&bar, &item.path, l.line, &l.message);
                summary.bad_lines += 1;
            }
            let path_str = item.path.to_string_lossy();
            let path_term = Term::from_field_text(f.path, &path_str);
            if searcher.doc_freq(&path_term)? > 0 {
                summary.files_updated += 1;
            } else {
                summary.files_new += 1;
            }
            // Replace every document of this file (a JSONL file may have shrunk).
            writer.delete_term(path_term);
            for (a, e) in outcome.articles.iter().zip(&entities) {
                writer.add_document(to_document(&f, a, e))?;
                summary.articles_indexed += 1;
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    writer
        .commit()
        .with_context(|| format!("cannot commit the index at {}", dir.display()))?;
    writer.wait_merging_threads().ok();
    let reader = ni.index.reader()?;
    reader.reload()?;
    summary.documents_in_index = reader.searcher().num_docs();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
