//! The on-disk index: open or create it (with a schema-version check), and the `index`
//! job — walk, read and extract in parallel, feed one tantivy `IndexWriter`, commit.

pub mod check;
pub mod document;
pub mod lock;
pub mod manifest;
pub mod run;
pub mod values;
mod worker;
mod writer;

pub use document::{to_document, to_quote_documents};
pub use lock::IndexLock;
pub use manifest::FileState;
pub(crate) use manifest::{MANIFEST_FILE, OLD_MANIFEST_FILE};
use run::pause_point;
pub use run::{run_index, IndexOptions, Summary, SYMLINK_REASON};

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

#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    schema_version: u32,
    newsdex_version: String,
}

/// Opens the tantivy index in `path` (searchable even where the folder is read-only),
/// for a one-shot process with `one_shot` (see [`crate::directory::OneShotFile`]).
fn open_tantivy(path: &Path, one_shot: bool) -> tantivy::Result<Index> {
    Index::open(if one_shot {
        crate::directory::IndexDirectory::open_one_shot(path)?
    } else {
        crate::directory::IndexDirectory::open(path)?
    })
}

/// Bytes of stored documents compressed together. Larger blocks than tantivy's 16 KiB
/// let LZ4 find the words articles share (bylines, datelines, boilerplate), for a smaller
/// store; a hit then decompresses one such block.
const DOCSTORE_BLOCK: usize = 32 * 1024;

/// Creates an empty tantivy index with `schema` in `path`.
fn create_tantivy(path: &Path, schema: tantivy::schema::Schema) -> tantivy::Result<Index> {
    Index::create(
        crate::directory::IndexDirectory::open(path)?,
        schema,
        tantivy::IndexSettings {
            docstore_blocksize: DOCSTORE_BLOCK,
            ..tantivy::IndexSettings::default()
        },
    )
}

/// An opened newsdex index.
pub struct NewsIndex {
    /// The index folder (`.newsdex` by default), the same for the quotation index as for
    /// the article index; the tantivy files are in subfolders of it.
    pub dir: PathBuf,
    /// The tantivy index itself, with newsdex's analyzer registered.
    pub index: Index,
    /// Handles to the schema's fields in [`NewsIndex::index`].
    pub fields: Fields,
    /// "articles", or "quotes" for the quotation index.
    pub part: &'static str,
    /// A reader kept open (`newsdex serve`); without it each searcher opens its own.
    reader: Option<tantivy::IndexReader>,
    /// For the quotation index: the article index beside it, where what a quotation
    /// hit shows (its text, title, date...) is stored.
    article_index: Option<Index>,
    /// The article index's reader, when it was kept open before this quotation index
    /// was opened from it.
    article_reader: Option<tantivy::IndexReader>,
    /// Opened by [`NewsIndex::open_one_shot`]: the quotation index is opened so too.
    one_shot: bool,
}

/// The index folder to use: `--index`, `NEWSDEX_INDEX`, or `.newsdex` here.
pub fn index_dir(flag: Option<&Path>) -> PathBuf {
    flag.map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".newsdex"))
}

impl NewsIndex {
    /// Opens an existing index, checking its schema version.
    pub fn open(dir: &Path) -> Result<NewsIndex> {
        NewsIndex::open_with(dir, false)
    }

    /// [`NewsIndex::open`] for a process that runs one search and exits (`search`,
    /// `quotes`): segment files are read a few bytes at a time where they can be
    /// instead of mapped (see [`crate::directory::OneShotFile`]), and what is mapped
    /// stays mapped until the exit.
    pub fn open_one_shot(dir: &Path) -> Result<NewsIndex> {
        NewsIndex::open_with(dir, true)
    }

    fn open_with(dir: &Path, one_shot: bool) -> Result<NewsIndex> {
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
        let index = crate::directory::retry_vanished(|| open_tantivy(&tdir, one_shot))
            .with_context(|| format!("cannot open the index at {}", dir.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())
            .with_context(|| format!("the index at {} is not a newsdex index", dir.display()))?;
        Ok(NewsIndex {
            dir: dir.to_path_buf(),
            index,
            fields,
            part: "articles",
            reader: None,
            article_index: None,
            article_reader: None,
            one_shot,
        })
    }

    /// A searcher on the last commit. The reader is built without tantivy's default
    /// file watcher (a thread and a callback a one-shot command never uses), and
    /// without its cache of decompressed store blocks: a search reads each hit's block
    /// once, and a block dropped after use leaves its memory to the next one instead of
    /// each hit faulting in fresh pages (issue 11).
    pub fn searcher(&self) -> tantivy::Result<tantivy::Searcher> {
        if let Some(reader) = &self.reader {
            return Ok(reader.searcher());
        }
        Ok(self.one_shot_reader()?.searcher())
    }

    /// A reader on the last commit, without file watcher or store block cache.
    fn one_shot_reader(&self) -> tantivy::Result<tantivy::IndexReader> {
        crate::directory::retry_vanished(|| {
            self.index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .doc_store_cache_num_blocks(0)
                .try_into()
        })
    }

    /// For a one-shot command that then ends (`search`, `quotes`): keeps the reader
    /// [`NewsIndex::searcher`] builds (no file watcher, no store block cache), so that
    /// the searcher outlives the search and the command can leave it to the process's
    /// exit (`std::mem::forget`): the kernel then drops the maps of the segment files
    /// all at once, where dropping the searcher unmapped them one `munmap` at a time
    /// (issue 11: about 6% of a search process's time).
    pub fn keep_searcher(mut self) -> tantivy::Result<NewsIndex> {
        self.reader = Some(self.one_shot_reader()?);
        Ok(self)
    }

    /// Keeps one reader open on the last commit, so that every searcher after this
    /// shares its segment readers instead of opening them again (a long-running
    /// process; it opens a new [`NewsIndex`] to see later commits).
    pub fn pin_reader(mut self) -> tantivy::Result<NewsIndex> {
        let reader = crate::directory::retry_vanished(|| {
            self.index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()
        })?;
        self.reader = Some(reader);
        Ok(self)
    }

    /// A searcher on the last commit of the article index this quotation index belongs
    /// to (`None` for the article index itself).
    pub fn article_searcher(&self) -> tantivy::Result<Option<tantivy::Searcher>> {
        if let Some(reader) = &self.article_reader {
            return Ok(Some(reader.searcher()));
        }
        let Some(index) = &self.article_index else {
            return Ok(None);
        };
        crate::directory::retry_vanished(|| {
            Ok(index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()?
                .searcher())
        })
        .map(Some)
    }

    /// The quotation index beside this one: one document per quote, the same fields
    /// (see [`schema::build_quote_schema`]).
    pub fn quotes(&self) -> Result<NewsIndex> {
        let qdir = self.dir.join(QUOTES_DIR);
        let index = crate::directory::retry_vanished(|| open_tantivy(&qdir, self.one_shot))
            .with_context(|| format!("cannot open the quotation index at {}", qdir.display()))?;
        schema::register_analyzers(&index);
        let fields = Fields::new(&index.schema())?;
        Ok(NewsIndex {
            dir: self.dir.clone(),
            index,
            fields,
            part: "quotes",
            reader: None,
            article_index: Some(self.index.clone()),
            article_reader: self.reader.clone(),
            one_shot: self.one_shot,
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
        let index = create_tantivy(&tdir, schema::build_schema())
            .with_context(|| format!("cannot create an index in {}", tdir.display()))?;
        let qdir = dir.join(QUOTES_DIR);
        std::fs::create_dir_all(&qdir)
            .with_context(|| format!("cannot create the index folder {}", qdir.display()))?;
        create_tantivy(&qdir, schema::build_quote_schema())
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
            reader: None,
            article_index: None,
            article_reader: None,
            one_shot: false,
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
    if dir.join(MANIFEST_FILE).exists() || dir.join(OLD_MANIFEST_FILE).exists() {
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
        "manifest.bin.tmp",
        OLD_MANIFEST_FILE,
        "manifest.json.tmp",
        values::VALUES_DIR,
    ] {
        remove(dir.join(name))?;
    }
    Ok(())
}

/// The error for an index folder this process may not write to, with what to do.
pub(crate) fn cannot_write(dir: &Path, e: std::io::Error) -> anyhow::Error {
    Error::NotWritable {
        path: dir.to_path_buf(),
        reason: e,
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article index in `dir` holding one committed article.
    fn one_article_index(dir: &Path) -> NewsIndex {
        let ni = NewsIndex::open_or_create(dir, false).unwrap();
        let f = ni.fields;
        let mut w: IndexWriter = ni.index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(doc!(f.id => "a", f.title => "Title", f.body => "Body."))
            .unwrap();
        w.commit().unwrap();
        ni
    }

    /// An index opened for one search finds and reads what the same index opened as
    /// usual does (a body larger than a copied read included), also once a writer
    /// has deleted its segment files (a merge's garbage collection during the search).
    #[test]
    fn a_one_shot_index_reads_as_a_mapped_one_also_after_its_files_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let ni = NewsIndex::open_or_create(dir.path(), false).unwrap();
        let f = ni.fields;
        let mut w: IndexWriter = ni.index.writer_with_num_threads(1, 15_000_000).unwrap();
        // A body that compresses badly fills store blocks past a copied read.
        let long: String = (0..30_000u32)
            .map(|i| format!("w{} ", i.wrapping_mul(2_654_435_761) % 99_991))
            .chain(["talks".to_string()])
            .collect();
        for (i, body) in ["peace talks", long.as_str(), "trade talks", "no match"]
            .iter()
            .enumerate()
        {
            w.add_document(doc!(f.id => format!("a{i}"), f.title => "Title", f.body => *body))
                .unwrap();
            w.commit().unwrap();
        }
        let read = |ni: &NewsIndex| {
            let s = ni.searcher().unwrap();
            let q = tantivy::query::QueryParser::for_index(&ni.index, vec![f.body])
                .parse_query("talks")
                .unwrap();
            let top = s
                .search(
                    &q,
                    &tantivy::collector::TopDocs::with_limit(10).order_by_score(),
                )
                .unwrap();
            top.into_iter()
                .map(|(score, addr)| {
                    let d: TantivyDocument = s.doc(addr).unwrap();
                    let body = d
                        .get_first(f.body)
                        .and_then(|v| tantivy::schema::Value::as_str(&v))
                        .unwrap_or("");
                    (score.to_bits(), body.len())
                })
                .collect::<Vec<_>>()
        };
        let want = read(&NewsIndex::open(dir.path()).unwrap());
        assert_eq!(want.len(), 3, "{want:?}");
        assert!(want.iter().any(|&(_, len)| len == long.len()));
        let one_shot = NewsIndex::open_one_shot(dir.path())
            .unwrap()
            .keep_searcher()
            .unwrap();
        for e in std::fs::read_dir(dir.path().join(TANTIVY_DIR)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x != "json" && x != "lock") {
                std::fs::remove_file(p).unwrap();
            }
        }
        assert_eq!(read(&one_shot), want);
    }

    /// A one-shot searcher keeps no decompressed store blocks (a search reads each
    /// hit's block once); the searchers of a pinned reader (`serve`) share a cache.
    #[test]
    fn one_shot_searchers_keep_no_store_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let ni = one_article_index(dir.path());
        let f = ni.fields;
        let cached_blocks = |s: &tantivy::Searcher| {
            let d: TantivyDocument = s.doc(tantivy::DocAddress::new(0, 0)).unwrap();
            assert!(d.get_first(f.title).is_some());
            s.doc_store_cache_stats().num_entries
        };
        assert_eq!(cached_blocks(&ni.searcher().unwrap()), 0);
        let pinned = ni.pin_reader().unwrap();
        assert_eq!(cached_blocks(&pinned.searcher().unwrap()), 1);
    }

    /// `keep_searcher` keeps one searcher (later calls share its segment readers) with
    /// no store block cache, for the article index and, through `quotes`, for the
    /// articles a quotation index reads.
    #[test]
    fn a_kept_searcher_is_shared_and_keeps_no_store_blocks() {
        let dir = tempfile::tempdir().unwrap();
        let ni = one_article_index(dir.path());
        let f = ni.fields;
        let same = |a: &tantivy::Searcher, b: &tantivy::Searcher| {
            std::ptr::eq(&a.segment_readers()[0], &b.segment_readers()[0])
        };
        assert!(!same(&ni.searcher().unwrap(), &ni.searcher().unwrap()));
        let kept = ni.keep_searcher().unwrap();
        let s = kept.searcher().unwrap();
        assert!(same(&s, &kept.searcher().unwrap()));
        let d: TantivyDocument = s.doc(tantivy::DocAddress::new(0, 0)).unwrap();
        assert!(d.get_first(f.title).is_some());
        assert_eq!(s.doc_store_cache_stats().num_entries, 0);
        let quotes = kept.quotes().unwrap();
        let articles = quotes.article_searcher().unwrap().unwrap();
        assert!(same(&s, &articles));
    }
}
