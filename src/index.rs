//! The on-disk index: open or create it (with a schema-version check), and the `index`
//! job — walk, read and extract in parallel, feed one tantivy `IndexWriter`, commit.

use crate::error::Error;
use crate::extract::{self, Entities};
use crate::ingest::{self, walk, Article, IngestError, ReadOutcome};
use crate::schema::{self, Fields, SCHEMA_VERSION};
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::time::{Duration, Instant};
use tantivy::schema::Facet;
use tantivy::{doc, Index, IndexWriter, TantivyDocument, Term};

/// Name of the file in the index folder that records who wrote it.
pub(crate) const META_FILE: &str = "newsdex.json";
/// Sub-folder holding tantivy's files.
pub(crate) const TANTIVY_DIR: &str = "tantivy";
/// Sub-folder holding the quotation index (same schema, one document per quote).
pub(crate) const QUOTES_DIR: &str = "quotes";
/// Memory budget of the tantivy writer (split among its threads; a thread's segment is
/// written out when its share is full). With the quotation writer's, this is most of an
/// `index` run's memory, and it does not grow with the archive.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    schema_version: u32,
    newsdex_version: String,
}

/// Opens the tantivy index in `path` (searchable even where the folder is read-only).
fn open_tantivy(path: &Path) -> tantivy::Result<Index> {
    Index::open(crate::directory::IndexDirectory::open(path)?)
}

/// Creates an empty tantivy index with newsdex's schema in `path`.
fn create_tantivy(path: &Path) -> tantivy::Result<Index> {
    Index::create(
        crate::directory::IndexDirectory::open(path)?,
        schema::build_schema(),
        tantivy::IndexSettings::default(),
    )
}

/// An opened newsdex index.
pub struct NewsIndex {
    pub dir: PathBuf,
    pub index: Index,
    pub fields: Fields,
    /// "articles", or "quotes" for the quotation index.
    pub part: &'static str,
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
                "{} is damaged: run `newsdex index --rebuild PATH...` to index everything \
                 again into {}",
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
        let tdir = dir.join(TANTIVY_DIR);
        let index = crate::directory::retry_vanished(|| open_tantivy(&tdir))
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())
            .with_context(|| format!("the index at {} is not a newsdex index", dir.display()))?;
        Ok(NewsIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            part: "articles",
        })
    }

    /// A searcher on the last commit. The reader is built without tantivy's default
    /// file watcher (a thread and a callback a one-shot command never uses).
    pub fn searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        crate::directory::retry_vanished(|| {
            Ok(self
                .index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()?
                .searcher())
        })
    }

    /// The quotation index beside this one: one document per quote, same schema.
    pub fn quotes(&self) -> Result<NewsIndex> {
        let qdir = self.dir.join(QUOTES_DIR);
        let index = crate::directory::retry_vanished(|| open_tantivy(&qdir))
            .with_context(|| format!("cannot open the quotation index at {}", qdir.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(NewsIndex {
            dir: self.dir.clone(),
            index,
            fields,
            part: "quotes",
        })
    }

    /// The quotation index, checked to be in step with this (article) index: both were
    /// switched by the same commit. A reader that comes between the two switches of a
    /// running `index` tries again a moment later; if they stay apart, an `index` run
    /// was killed between them, and reading the quotations would mix two commits, so
    /// this is an error that says how to finish the job.
    pub fn quotes_in_step(&self) -> Result<NewsIndex> {
        for attempt in 0..25 {
            let quotes = self.quotes()?;
            let (a, q) = (generation(&self.index)?, generation(&quotes.index)?);
            if a == q {
                return Ok(quotes);
            }
            if attempt < 24 {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        Err(Error::QuotesBehind(self.dir.clone()).into())
    }

    /// Opens the index, creating an empty one if the folder has none. With `rebuild`,
    /// an index whose metadata is missing, damaged or from another schema version is
    /// replaced by an empty one; without it, such a folder is an error that says so,
    /// never a new index over the old one.
    pub fn open_or_create(dir: &Path, rebuild: bool) -> Result<NewsIndex> {
        if dir.join(META_FILE).exists() {
            // Both tantivy indexes must open: either may be what is damaged.
            match NewsIndex::open(dir).and_then(|ni| ni.quotes().map(|_| ni)) {
                Ok(ni) => return Ok(ni),
                Err(e) if !rebuild => return Err(e),
                Err(_) => wipe(dir)?,
            }
        } else if has_index_parts(dir) {
            if !rebuild {
                return Err(Error::IncompleteIndex {
                    path: dir.to_path_buf(),
                    meta: META_FILE,
                }
                .into());
            }
            wipe(dir)?;
        }
        // What a killed first run may have left (empty indexes) is made again.
        for part in [TANTIVY_DIR, QUOTES_DIR] {
            let meta = dir.join(part).join("meta.json");
            if meta.exists() {
                std::fs::remove_file(&meta).map_err(|e| cannot_write(dir, e))?;
            }
        }
        let tdir = dir.join(TANTIVY_DIR);
        std::fs::create_dir_all(&tdir)
            .with_context(|| format!("cannot create the index folder {}", tdir.display()))?;
        let index = create_tantivy(&tdir)
            .with_context(|| format!("cannot create an index in {}", tdir.display()))?;
        let qdir = dir.join(QUOTES_DIR);
        std::fs::create_dir_all(&qdir)
            .with_context(|| format!("cannot create the index folder {}", qdir.display()))?;
        create_tantivy(&qdir)
            .with_context(|| format!("cannot create an index in {}", qdir.display()))?;
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            newsdex_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        pause_point("created");
        // Written last, through a temp file: a folder with newsdex.json always holds
        // both tantivy indexes.
        let meta_path = dir.join(META_FILE);
        crate::directory::write_file_atomic(&meta_path, &serde_json::to_vec_pretty(&meta)?)
            .with_context(|| format!("cannot write {}", meta_path.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(NewsIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            part: "articles",
        })
    }
}

/// The number of the commit that last switched this tantivy index (its commit payload):
/// the article and the quotation index carry the same number when they are in step.
/// Indexes written before the number existed have none, which counts as 0.
fn generation(index: &Index) -> Result<u64> {
    Ok(crate::directory::retry_vanished(|| index.load_metas())?
        .payload
        .and_then(|p| p.trim().parse().ok())
        .unwrap_or(0))
}

/// True if the folder holds any part of an index with content (so it must not be taken
/// for empty): a manifest, or a tantivy index with segments (or whose `meta.json` cannot
/// be read). Empty tantivy indexes without `newsdex.json` are what a first run killed
/// while it created the index leaves; they are created again.
fn has_index_parts(dir: &Path) -> bool {
    if dir.join(MANIFEST_FILE).exists() {
        return true;
    }
    [TANTIVY_DIR, QUOTES_DIR].iter().any(|part| {
        let meta = dir.join(part).join("meta.json");
        match std::fs::read(&meta) {
            Err(e) => e.kind() != std::io::ErrorKind::NotFound,
            Ok(bytes) => {
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| {
                        v.get("segments")
                            .and_then(|s| s.as_array())
                            .map(Vec::is_empty)
                    })
                    != Some(true)
            }
        }
    })
}

/// Removes what newsdex wrote in an index folder (nothing else: the folder may be one
/// the user also keeps other files in). `newsdex.json` goes first, so a run killed
/// part-way leaves a folder that is recognised as damaged, not as an index.
fn wipe(dir: &Path) -> Result<()> {
    let remove = |p: PathBuf| -> Result<()> {
        let r = if p.is_dir() {
            std::fs::remove_dir_all(&p)
        } else {
            std::fs::remove_file(&p)
        };
        match r {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(cannot_write(dir, e)).with_context(|| format!("cannot remove {}", p.display()))
            }
            _ => Ok(()),
        }
    };
    for name in [
        META_FILE,
        TANTIVY_DIR,
        QUOTES_DIR,
        MANIFEST_FILE,
        "manifest.json.tmp",
        "facet-values",
    ] {
        remove(dir.join(name))?;
    }
    Ok(())
}

/// The paragraph around a quotation, whitespace collapsed and cut to about 300
/// characters: the line of context shown with the quote.
fn quote_context(text: &str, start: usize, end: usize) -> String {
    let para_start = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
    let para: String = text[para_start..para_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if para.chars().count() <= 300 {
        return para;
    }
    let mut cut: String = para.chars().take(300).collect();
    cut.push('…');
    cut
}

/// One tantivy document per quotation of the article, for the quotation index.
pub fn to_quote_documents(f: &Fields, a: &Article, e: &Entities) -> Vec<TantivyDocument> {
    let text = if e.quotes.is_empty() {
        String::new()
    } else {
        a.text()
    };
    e.quotes
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let speaker_only = Entities {
                speakers: q.speaker.iter().cloned().collect(),
                quotes: Vec::new(),
                mentions: Vec::new(),
                ..e.clone()
            };
            let quote_article = Article {
                id: format!("{}-q{:04}", a.id, n + 1),
                title: a.title.clone(),
                body: q.text.trim().to_string(),
                author: None,
                url: None,
                ..a.clone()
            };
            let mut d = to_document(f, &quote_article, &speaker_only);
            let info = serde_json::json!({
                "article_id": a.id,
                "speaker": q.speaker,
                "context": quote_context(&text, q.start.min(text.len()), q.end.min(text.len())),
            });
            d.add_text(f.quotes, info.to_string());
            d
        })
        .collect()
}

/// Builds the tantivy document of an article and its entities.
pub fn to_document(f: &Fields, a: &Article, e: &Entities) -> TantivyDocument {
    let mut d = doc!(
        f.id => a.id.as_str(),
        f.path => walk::path_key(&a.path),
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
    pub files_unchanged: usize,
    pub files_deleted: usize,
    pub files_skipped: usize,
    pub skipped_by_reason: BTreeMap<String, usize>,
    pub bad_lines: usize,
    pub warnings: usize,
    pub bytes_read: u64,
    pub commits: usize,
    pub interrupted: bool,
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

    /// Files that could not be indexed (other types are only counted).
    pub fn has_failures(&self) -> bool {
        self.bad_lines > 0
            || self.files_skipped
                > self
                    .skipped_by_reason
                    .get("unsupported type")
                    .copied()
                    .unwrap_or(0)
                    + self
                        .skipped_by_reason
                        .get(SYMLINK_REASON)
                        .copied()
                        .unwrap_or(0)
    }
}

/// What the index remembers of each file it holds, to skip unchanged files.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    pub mtime_ns: i128,
    /// xxh3-128 of the content, hex.
    pub hash: String,
}

impl FileState {
    /// The entry of a file only partly indexed: it matches no file on disk.
    fn unfinished() -> FileState {
        FileState {
            size: u64::MAX,
            mtime_ns: 0,
            hash: String::new(),
        }
    }
}

pub(crate) const MANIFEST_FILE: &str = "manifest.json";
/// The skip reason of symbolic links left alone (not a failure: the user's choice).
pub const SYMLINK_REASON: &str = "symbolic link (not followed without --follow)";
const LOCK_FILE: &str = "lock";
/// A long run commits this often, so an interrupted run keeps its progress
/// (`NEWSDEX_COMMIT_INTERVAL_MS` overrides it).
fn commit_every() -> Duration {
    std::env::var("NEWSDEX_COMMIT_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(30), Duration::from_millis)
}
const COMMIT_EVERY_DOCS: usize = 20_000;

fn stat(path: &Path) -> Option<(u64, i128)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    Some((m.len(), mtime))
}

fn load_manifest(dir: &Path) -> BTreeMap<String, FileState> {
    std::fs::read(dir.join(MANIFEST_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the manifest atomically (temp file + rename), so a crash leaves the old one.
fn save_manifest(dir: &Path, m: &BTreeMap<String, FileState>) -> Result<()> {
    use std::io::Write;
    let tmp = dir.join("manifest.json.tmp");
    // Streamed to the file: a large archive's manifest is never held twice in memory.
    let write = || -> std::io::Result<()> {
        let file = std::fs::File::create(&tmp)?;
        #[cfg(unix)]
        {
            // The folder's read and write bits, as for every file of the index, whatever
            // the umask (best effort: some filesystems refuse chmod).
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir).map_or(0o644, |m| m.permissions().mode() & 0o666);
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
        }
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, m)?;
        out.flush()?;
        out.get_ref().sync_all()
    };
    write().with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(MANIFEST_FILE))
        .with_context(|| format!("cannot update the manifest in {}", dir.display()))?;
    Ok(())
}

/// The error for an index folder this process may not write to, with what to do.
fn cannot_write(dir: &Path, e: std::io::Error) -> anyhow::Error {
    Error::NotWritable {
        path: dir.to_path_buf(),
        reason: e,
    }
    .into()
}

/// An exclusive lock on the index folder, held for the whole `index` run. The lock is
/// the kernel's (flock), so it goes away with the process however it ends.
pub struct IndexLock {
    _file: std::fs::File,
}

impl IndexLock {
    /// Takes the lock or says which process holds it.
    pub fn acquire(dir: &Path) -> Result<IndexLock> {
        use std::io::{Seek, Write};
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index folder {}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| cannot_write(dir, e))?;
        if file.try_lock().is_err() {
            let pid = std::fs::read_to_string(&path).unwrap_or_default();
            let pid = pid.trim();
            return Err(Error::LockedBy {
                path: dir.to_path_buf(),
                pid: (!pid.is_empty()).then(|| pid.to_string()),
            }
            .into());
        }
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "{}", std::process::id())?;
        Ok(IndexLock { _file: file })
    }
}

/// Articles and their entities; `None` when the file's content is unchanged.
type Extracted = Option<(ReadOutcome, Vec<Entities>)>;

/// Result of reading and extracting one file, sent from the worker threads.
struct Processed {
    path: PathBuf,
    bytes: u64,
    /// Set on the file's last message only: what the manifest records once it is in.
    state: Option<FileState>,
    result: Result<Extracted, IngestError>,
    /// The file's first message: the one that replaces what the index held of it.
    first: bool,
    /// The file's last message (a streamed JSONL file sends several).
    last: bool,
}

/// Reads, extracts and sends one file: in one message, or piece by piece for a JSONL
/// file too large to hold in memory at once.
fn process_into(path: &Path, known: Option<&FileState>, tx: &SyncSender<Processed>) {
    let streamed = ingest::Format::of(path) == Some(ingest::Format::JsonLines)
        && stat(path).is_some_and(|(size, _)| size > ingest::stream::JSONL_CHUNK_BYTES as u64)
        && !ingest::stream::starts_with_utf16_bom(path);
    if !streamed {
        // The receiver only goes away on a fatal error; stop quietly then.
        let _ = tx.send(process(path, known));
        return;
    }
    let st = stat(path);
    let send = |bytes: u64, result, first, last, state| {
        tx.send(Processed {
            path: path.to_path_buf(),
            bytes,
            state,
            result,
            first,
            last,
        })
        .is_ok()
    };
    // First pass: the content hash, to skip a file whose content did not change.
    let hash = match hash_file(path) {
        Ok(h) => h,
        Err(e) => {
            send(0, Err(e), true, true, None);
            return;
        }
    };
    let (state, unchanged) = observed(st, hash, known);
    if unchanged {
        send(st.map_or(0, |s| s.0), Ok(None), true, true, state);
        return;
    }
    let mut chunks = match ingest::stream::JsonlChunks::open(path) {
        Ok(c) => c,
        Err(e) => {
            send(0, Err(e), true, true, None);
            return;
        }
    };
    let mut first = true;
    let mut next = chunks.next_chunk();
    while let Some(chunk) = next.take() {
        next = chunks.next_chunk();
        let last = next.is_none();
        let (bytes, result) = match chunk {
            Ok(c) => {
                let n = c.bytes.len() as u64;
                let run = || {
                    let mut outcome = match ingest::parse_bytes_at(path, &c.bytes, c.first_line) {
                        Ok(o) => o,
                        // A piece of blank lines: nothing to index, not an error.
                        Err(IngestError::Empty) if !(first && last && c.long_lines.is_empty()) => {
                            ReadOutcome::default()
                        }
                        Err(e) => return Err(e),
                    };
                    outcome
                        .line_errors
                        .extend(c.long_lines.iter().map(|&l| ingest::Problem {
                            line: Some(l),
                            message: format!(
                                "line longer than {} MiB; skipped",
                                ingest::MAX_SINGLE_ARTICLE_FILE_BYTES >> 20
                            ),
                        }));
                    // A piece holds hundreds of articles: extract them on every core.
                    let entities = outcome.articles.par_iter().map(extract::extract).collect();
                    Ok(Some((outcome, entities)))
                };
                (
                    n,
                    std::panic::catch_unwind(run).unwrap_or(Err(IngestError::Internal)),
                )
            }
            Err(e) => (0, Err(e)),
        };
        let failed = result.is_err();
        let last = last || failed;
        if !send(
            bytes,
            result,
            first,
            last,
            if last && !failed { state.clone() } else { None },
        ) || failed
        {
            return;
        }
        first = false;
    }
}

/// xxh3-128 of a file's content, read in pieces.
fn hash_file(path: &Path) -> Result<String, IngestError> {
    use std::io::Read;
    let mut file = ingest::open_regular(path)?;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex128(hasher.digest128()))
}

/// A content hash as the manifest writes it.
fn hex128(h: u128) -> String {
    format!("{h:032x}")
}

/// The manifest entry for a file read with this stat and content hash, and whether its
/// content is the one the manifest already knows (then nothing is re-indexed).
fn observed(
    st: Option<(u64, i128)>,
    hash: String,
    known: Option<&FileState>,
) -> (Option<FileState>, bool) {
    let unchanged = known.is_some_and(|k| k.hash == hash && Some(k.size) == st.map(|s| s.0));
    let state = st.map(|(size, mtime_ns)| FileState {
        size,
        mtime_ns,
        hash,
    });
    (state, unchanged)
}

/// Reads, hashes and extracts one file; `Ok(None)` when its content is unchanged.
fn process(path: &Path, known: Option<&FileState>) -> Processed {
    let st = stat(path);
    // A bug in a parser or the extractor must cost one file, not the whole run.
    let run = || -> (Option<FileState>, Result<Extracted, IngestError>) {
        let bytes = match ingest::read_bytes(path) {
            Ok(b) => b,
            Err(e) => return (None, Err(e)),
        };
        let hash = hex128(xxhash_rust::xxh3::xxh3_128(&bytes));
        let (state, unchanged) = observed(st, hash, known);
        if unchanged {
            return (state, Ok(None));
        }
        let r = ingest::parse_bytes(path, &bytes).map(|outcome| {
            let entities = outcome.articles.iter().map(extract::extract).collect();
            Some((outcome, entities))
        });
        (state, r)
    };
    let (state, result) =
        std::panic::catch_unwind(run).unwrap_or((None, Err(IngestError::Internal)));
    Processed {
        path: path.to_path_buf(),
        bytes: st.map_or(0, |s| s.0),
        state,
        result,
        first: true,
        last: true,
    }
}

/// Prints `newsdex: PATH[:LINE]: message` on stderr, above the progress bar.
fn report(bar: &ProgressBar, path: &Path, line: Option<usize>, msg: &str) {
    bar.suspend(|| crate::messages::report(path, line, msg));
}

/// Options of an `index` run.
#[derive(Clone, Debug, Default)]
pub struct IndexOptions {
    pub threads: Option<usize>,
    pub quiet: bool,
    /// Drop everything and index from scratch.
    pub rebuild: bool,
    /// Follow symbolic links while walking.
    pub follow: bool,
}

/// Segments are merged two at a time, and a segment of this many articles is left
/// alone: a merge then reads (and maps) at most ~30k articles' files whatever the
/// archive size, so peak memory stays flat; a 100k archive ends with ~5 segments of
/// ~20k articles (each commit of 20k articles writes two segments of ~10k).
const MERGE_MAX_DOCS: usize = 15_000;
/// The same bound for the quotation index, whose documents are a quarter the size.
const QUOTE_MERGE_MAX_DOCS: usize = 4 * MERGE_MAX_DOCS;

fn merge_policy(max_docs: usize) -> tantivy::indexer::LogMergePolicy {
    let mut p = tantivy::indexer::LogMergePolicy::default();
    p.set_min_num_segments(2);
    p.set_max_docs_before_merge(max_docs);
    p
}

/// Memory budget of the quotation index's writer.
const QUOTE_WRITER_MEMORY: usize = 32 * 1024 * 1024;

/// The two writers of an `index` run: articles and quotations.
struct Writers {
    articles: IndexWriter,
    quotes: IndexWriter,
}

impl Writers {
    /// Deletes every document of one file from both indexes.
    fn delete_path(&mut self, term: Term) {
        self.articles.delete_term(term.clone());
        self.quotes.delete_term(term);
    }

    /// The error to report when adding a document failed: tantivy then only says that
    /// a writer thread died. Preparing a commit joins the threads and returns the cause
    /// (such as a full disk); whatever was prepared is rolled back, never committed.
    fn failure(&mut self, dir: &Path, e: tantivy::TantivyError) -> anyhow::Error {
        let mut cause = None;
        for w in [&mut self.articles, &mut self.quotes] {
            match w.prepare_commit() {
                Err(c) => {
                    cause.get_or_insert(c);
                }
                Ok(prepared) => {
                    let _ = prepared.abort();
                }
            }
        }
        let cause = cause.unwrap_or(e);
        anyhow::Error::new(cause).context(format!(
            "cannot write to the index at {}; the last commit is intact",
            dir.display()
        ))
    }

    /// Commits both indexes: each is prepared first (the segments written and synced,
    /// the slow part), then the quotations' and the articles' `meta.json` are switched,
    /// one after the other. The manifest written before it no longer lists the files
    /// this commit touches, so a process killed between the two switches, or before the
    /// manifest is written again, leaves those files to be read again by the next run.
    ///
    /// Both carry the same `generation` as their commit payload: a reader that finds
    /// them apart knows it came between the two switches (see
    /// [`NewsIndex::quotes_in_step`]).
    fn commit(&mut self, generation: u64) -> tantivy::Result<()> {
        let mut quotes = self.quotes.prepare_commit()?;
        let mut articles = match self.articles.prepare_commit() {
            Ok(p) => p,
            Err(e) => {
                let _ = quotes.abort();
                return Err(e);
            }
        };
        quotes.set_payload(&generation.to_string());
        articles.set_payload(&generation.to_string());
        pause_point("prepared");
        quotes.commit()?;
        pause_point("quotes-committed");
        articles.commit()?;
        pause_point("articles-committed");
        Ok(())
    }
}

/// For the crash tests only: when `NEWSDEX_TEST_PAUSE_AT` names this point, say so on
/// stderr and wait there until the test kills the process (SIGKILL), so that a test can
/// stop a run between any two writes of a commit. Costs one comparison otherwise.
fn pause_point(name: &str) {
    static AT: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if AT
        .get_or_init(|| std::env::var("NEWSDEX_TEST_PAUSE_AT").ok())
        .as_deref()
        == Some(name)
    {
        eprintln!("newsdex: paused at {name}");
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
}

/// Set by Ctrl-C: stop reading, commit what is done.
static INTERRUPTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The paths the index holds (articles and quotations), from the `path` field's term
/// dictionaries: what the index stores is the truth, whatever the manifest says. A
/// path whose documents were all deleted may still be listed until its segment is
/// merged; callers check before they count it.
fn stored_paths(
    parts: [&tantivy::Searcher; 2],
    field: tantivy::schema::Field,
) -> Result<FxHashSet<String>> {
    let mut out = FxHashSet::default();
    for searcher in parts {
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(field)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                if let Ok(k) = std::str::from_utf8(stream.key()) {
                    if !out.contains(k) {
                        out.insert(k.to_owned());
                    }
                }
            }
        }
    }
    Ok(out)
}

/// True if some live (not deleted) document of either index has this path.
fn holds(parts: [&tantivy::Searcher; 2], term: &Term) -> Result<bool> {
    let q = tantivy::query::TermQuery::new(term.clone(), tantivy::schema::IndexRecordOption::Basic);
    for searcher in parts {
        if searcher.doc_freq(term)? > 0 && searcher.search(&q, &tantivy::collector::Count)? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Indexes `paths` into the index at `dir`: new and changed files are (re)read, files
/// that disappeared are removed, unchanged files are skipped.
///
/// Crash safety: the index is the truth and the manifest only a cache of what is
/// known to be unchanged. Before each commit the manifest is rewritten without the
/// files the commit touches; after it, with their new state. Whenever the process
/// dies, every file whose documents might be out of step is missing from the manifest,
/// and the next run reads it again (replacing what either index holds of it) or, if it
/// is gone, deletes it by the paths the index stores.
pub fn run_index(dir: &Path, paths: &[PathBuf], opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    if paths.iter().all(|p| std::fs::metadata(p).is_err()) {
        return Err(Error::NothingToIndex(paths.to_vec()).into());
    }
    let _lock = IndexLock::acquire(dir)?;
    // Never build on a damaged index (--rebuild is the way to replace one).
    if !opts.rebuild {
        crate::check::quick_check(dir)?;
    }
    for folder in [
        dir.to_path_buf(),
        dir.join(TANTIVY_DIR),
        dir.join(QUOTES_DIR),
    ] {
        crate::directory::remove_stale_temp_files(&folder);
    }
    // Ctrl-C: finish cleanly instead of dying mid-write (a second Ctrl-C is no different:
    // the commit in progress is atomic either way).
    let _ = ctrlc::set_handler(|| {
        INTERRUPTED.store(true, std::sync::atomic::Ordering::Relaxed);
        ingest::cancel();
    });
    let ni = NewsIndex::open_or_create(dir, opts.rebuild)?;
    let f = ni.fields;
    let writer_for = |index: &Index, memory: usize, merge_max: usize| -> Result<IndexWriter> {
        let w = index
            .writer(memory)
            .with_context(|| format!("cannot write to the index at {}", dir.display()))?;
        w.set_merge_policy(Box::new(merge_policy(merge_max)));
        Ok(w)
    };
    let quotes = ni.quotes()?;
    let mut writer = Writers {
        articles: writer_for(&ni.index, WRITER_MEMORY, MERGE_MAX_DOCS)?,
        quotes: writer_for(&quotes.index, QUOTE_WRITER_MEMORY, QUOTE_MERGE_MAX_DOCS)?,
    };
    // True when the manifest on disk may still list a file this run has touched: it
    // is then rewritten before the next commit.
    let mut manifest_ahead = false;
    let mut manifest = if opts.rebuild {
        writer.articles.delete_all_documents()?;
        writer.quotes.delete_all_documents()?;
        manifest_ahead = true;
        BTreeMap::new()
    } else {
        load_manifest(dir)
    };
    // What the last commit holds, to tell new files from changed ones.
    let searcher = ni.searcher()?;
    let quote_searcher = quotes.searcher()?;
    let both = [&searcher, &quote_searcher];

    let index_dir = walk::canonical(dir);
    let walked = walk::walk(
        paths,
        &walk::WalkOptions {
            follow: opts.follow,
            skip: vec![index_dir],
        },
    );
    let mut summary = Summary {
        files_seen: walked.files.len(),
        ..Summary::default()
    };
    for (p, reason) in &walked.errors {
        crate::messages::report(p, None, reason);
        summary.skip("unreadable");
    }
    if walked.unsupported > 0 {
        summary
            .skipped_by_reason
            .insert("unsupported type".into(), walked.unsupported);
        summary.files_skipped += walked.unsupported;
    }
    if walked.symlinks > 0 {
        summary
            .skipped_by_reason
            .insert(SYMLINK_REASON.into(), walked.symlinks);
        summary.files_skipped += walked.symlinks;
    }
    // What the index holds under these roots that the walk did not find (deleted,
    // replaced by a link, under a root that is gone, unreadable now): removed. The
    // index's own stored paths count, not only the manifest's, so documents that a
    // killed run committed without its manifest go too.
    let found: FxHashSet<String> = walked.files.iter().map(|p| walk::path_key(p)).collect();
    let mut known: FxHashSet<String> = if opts.rebuild {
        FxHashSet::default()
    } else {
        stored_paths(both, f.path)?
    };
    known.extend(manifest.keys().cloned());
    let mut gone: Vec<String> = known
        .into_iter()
        .filter(|k| !found.contains(k) && walk::under_any(&walk::path_of_key(k), &walked.roots))
        .collect();
    gone.sort();
    for k in &gone {
        let term = Term::from_field_text(f.path, k);
        let listed = manifest.remove(k).is_some();
        if listed || holds(both, &term)? {
            writer.delete_path(term);
            manifest_ahead = true;
            summary.files_deleted += 1;
        }
    }
    // Unchanged size and mtime: not even read.
    // Each file to read goes with what the manifest knows of it (its content hash), so
    // the workers need no copy of the whole manifest.
    let todo: Vec<(PathBuf, Option<FileState>)> = walked
        .files
        .into_iter()
        .filter_map(|p| {
            let known = manifest.get(walk::path_key(&p).as_str());
            let same = match (known, stat(&p)) {
                (Some(m), Some((size, mtime))) => m.size == size && m.mtime_ns == mtime,
                _ => false,
            };
            if same {
                summary.files_unchanged += 1;
                return None;
            }
            let known = known.cloned();
            Some((p, known))
        })
        .collect();

    let bar = if opts.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new(todo.len() as u64);
        b.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files  {msg}  ETA {eta}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        b.enable_steady_tick(Duration::from_millis(200));
        b
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    // A few messages per worker: a piece of a streamed JSONL file carries megabytes.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Processed>(4 * pool.current_num_threads());
    let mut pending: Vec<(String, FileState)> = Vec::new();
    let mut last_commit = Instant::now();
    let commit_interval = commit_every();
    let mut since_commit = 0usize;
    let mut generation = generation(&ni.index)?.max(generation(&quotes.index)?);
    let commit = |writer: &mut Writers,
                  generation: &mut u64,
                  manifest: &mut BTreeMap<String, FileState>,
                  manifest_ahead: &mut bool,
                  pending: &mut Vec<(String, FileState)>,
                  summary: &mut Summary|
     -> Result<()> {
        if *manifest_ahead {
            // Write-ahead: the files this commit touches are out of the manifest
            // before any of their documents change on disk.
            save_manifest(dir, manifest)?;
            *manifest_ahead = false;
            pause_point("manifest-ahead");
        }
        *generation += 1;
        writer.commit(*generation).with_context(|| {
            format!(
                "cannot commit the index at {}; the last commit is intact",
                dir.display()
            )
        })?;
        if !pending.is_empty() {
            manifest.extend(pending.drain(..));
            save_manifest(dir, manifest)?;
        }
        pause_point("manifest-saved");
        summary.commits += 1;
        Ok(())
    };
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            pool.install(|| {
                todo.par_iter().for_each_with(tx, |tx, (p, known)| {
                    if interrupted() {
                        return;
                    }
                    process_into(p, known.as_ref(), tx);
                });
            });
        });
        for item in rx {
            if interrupted() {
                break;
            }
            if item.last {
                bar.inc(1);
            }
            summary.bytes_read += item.bytes;
            let secs = started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{:.1} MB/s",
                summary.bytes_read as f64 / 1e6 / secs
            ));
            let key = walk::path_key(&item.path);
            let path_term = Term::from_field_text(f.path, &key);
            let (outcome, entities) = match item.result {
                Ok(Some(x)) => x,
                Ok(None) => {
                    // Same content, new mtime: remember the mtime, index nothing.
                    summary.files_unchanged += 1;
                    if let Some(st) = item.state {
                        pending.push((key, st));
                    }
                    continue;
                }
                Err(e) if item.first => {
                    // A file that can no longer be read (now empty, binary, broken)
                    // keeps nothing of what it held.
                    let held = manifest.remove(&key).is_some() || holds(both, &path_term)?;
                    if held {
                        writer.delete_path(path_term);
                        manifest_ahead = true;
                        report(
                            &bar,
                            &item.path,
                            None,
                            &format!("{e}; its earlier articles were removed from the index"),
                        );
                    } else {
                        report(&bar, &item.path, None, &e.to_string());
                    }
                    summary.skip(e.reason());
                    continue;
                }
                Err(e) => {
                    // A streamed file that failed part-way: the lines before stay, and
                    // its manifest entry is the placeholder its first piece left, so the
                    // next run reads it again and replaces them.
                    report(&bar, &item.path, None, &format!("stopped reading: {e}"));
                    summary.bad_lines += 1;
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
            if !item.first {
                // A later piece of a streamed file: added to what its first piece began.
            } else if manifest.remove(&key).is_some() || holds(both, &path_term)? {
                // Replace every document of this file (a JSONL file may have shrunk),
                // in both indexes, whatever the manifest said.
                summary.files_updated += 1;
                writer.delete_path(path_term);
                manifest_ahead = true;
            } else {
                // Nothing to replace: a delete would only cost a lookup in every segment
                // at the next commit.
                summary.files_new += 1;
            }
            for (a, e) in outcome.articles.iter().zip(&entities) {
                let added = writer
                    .articles
                    .add_document(to_document(&f, a, e))
                    .and_then(|_| {
                        to_quote_documents(&f, a, e)
                            .into_iter()
                            .try_for_each(|q| writer.quotes.add_document(q).map(|_| ()))
                    });
                if let Err(e) = added {
                    return Err(writer.failure(dir, e));
                }
                summary.articles_indexed += 1;
                since_commit += 1;
            }
            if item.first && !item.last {
                // A streamed file's first piece: until its last piece brings the real
                // state, the manifest must still know the file (so that its documents go
                // if it is deleted) and must not match it (so that the next run replaces
                // whatever part of it a commit saved).
                pending.push((key.clone(), FileState::unfinished()));
            }
            if let Some(st) = item.state {
                pending.push((key, st));
            }
            if last_commit.elapsed() >= commit_interval || since_commit >= COMMIT_EVERY_DOCS {
                commit(
                    &mut writer,
                    &mut generation,
                    &mut manifest,
                    &mut manifest_ahead,
                    &mut pending,
                    &mut summary,
                )?;
                last_commit = Instant::now();
                since_commit = 0;
            }
        }
        Ok(())
    })?;
    bar.finish_and_clear();
    summary.interrupted = interrupted();
    commit(
        &mut writer,
        &mut generation,
        &mut manifest,
        &mut manifest_ahead,
        &mut pending,
        &mut summary,
    )?;
    writer.articles.wait_merging_threads().ok();
    writer.quotes.wait_merging_threads().ok();
    // The value lists that filters resolve against; without them (or when they are
    // stale) searches scan the segments, so a failure here costs speed only.
    for part in [&ni, &quotes] {
        if let Err(e) = crate::values::save(part, &part.searcher()?, &schema::FACET_ROOTS) {
            eprintln!("newsdex: warning: {e:#}; searches will be slower until the next run");
        }
    }
    summary.documents_in_index = ni.searcher()?.num_docs();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
