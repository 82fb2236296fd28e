//! The `index` job: walk, read and extract in parallel, feed the writers, commit with
//! the write-ahead manifest, reconcile deleted files; Ctrl-C stops cleanly.

use super::lock::IndexLock;
use super::manifest::*;
use super::worker::*;
use super::writer::*;
use super::*;

/// Counts and timings of one `index` run.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Files of a supported type the walk found under the paths given.
    pub files_seen: usize,
    /// Articles added to the index in this run (a JSONL file gives one per line).
    pub articles_indexed: usize,
    /// Files indexed that the index did not hold before.
    pub files_new: usize,
    /// Files whose changed content replaced every document they had in the index.
    pub files_updated: usize,
    /// Files left as they were: same size and mtime (not read), or same content hash.
    pub files_unchanged: usize,
    /// Files the index held under these paths that are gone (or no longer walked);
    /// their documents were removed.
    pub files_deleted: usize,
    /// Files not indexed, for any reason (counted by reason in
    /// [`Summary::skipped_by_reason`]).
    pub files_skipped: usize,
    /// Skipped files by reason: `"unreadable"`, `"unsupported type"`,
    /// [`SYMLINK_REASON`], or the reader's reason (empty file, binary, ...).
    pub skipped_by_reason: BTreeMap<String, usize>,
    /// JSONL lines that could not be read as articles, plus streamed files that failed
    /// part-way.
    pub bad_lines: usize,
    /// Warnings reported on stderr about files that were still indexed.
    pub warnings: usize,
    /// Bytes of the files read (unchanged files skipped by size and mtime are not read).
    pub bytes_read: u64,
    /// tantivy commits made, including the last one (a long run commits periodically).
    pub commits: usize,
    /// True when Ctrl-C stopped the run; what was done is committed, and the same
    /// command finishes it.
    pub interrupted: bool,
    /// Wall-clock duration of the whole run, in seconds.
    pub seconds: f64,
    /// Live articles in the index after the run (not counting quotations).
    pub documents_in_index: u64,
}

impl Summary {
    pub(crate) fn skip(&mut self, reason: &str) {
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

/// The skip reason of symbolic links left alone (not a failure: the user's choice).
pub const SYMLINK_REASON: &str = "symbolic link (not followed without --follow)";

/// A long run commits this often, so an interrupted run keeps its progress
/// (`NEWSDEX_COMMIT_INTERVAL_MS` overrides it).
pub(crate) fn commit_every() -> Duration {
    std::env::var("NEWSDEX_COMMIT_INTERVAL_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(30), Duration::from_millis)
}
/// A long run also commits after this many articles: what the writers hold in memory
/// until then is one segment per writer thread (see `ARTICLE_WRITER_MEMORY`).
pub(crate) const COMMIT_EVERY_DOCS: usize = 20_000;

/// Prints `newsdex: PATH[:LINE]: message` on stderr, above the progress bar.
pub(crate) fn report(bar: &ProgressBar, path: &Path, line: Option<usize>, msg: &str) {
    bar.suspend(|| crate::messages::report(path, line, msg));
}

/// Options of an `index` run.
#[derive(Clone, Debug, Default)]
pub struct IndexOptions {
    /// Threads for reading and extraction (`--threads`); `None` for one per core.
    pub threads: Option<usize>,
    /// No progress bar (`--quiet`); one is shown only when stderr is a terminal anyway.
    pub quiet: bool,
    /// Drop everything and index from scratch.
    pub rebuild: bool,
    /// Follow symbolic links while walking.
    pub follow: bool,
}

/// For the crash tests only: when `NEWSDEX_TEST_PAUSE_AT` names this point, say so on
/// stderr and wait there until the test kills the process (SIGKILL), so that a test can
/// stop a run between any two writes of a commit. Costs one comparison otherwise.
pub(crate) fn pause_point(name: &str) {
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
pub(crate) static INTERRUPTED: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

pub(crate) fn interrupted() -> bool {
    INTERRUPTED.load(std::sync::atomic::Ordering::Relaxed)
}

/// The writers of a run, opened at its first change: a run that changes nothing starts
/// no writer thread, and commits and syncs nothing.
struct LazyWriters<'a> {
    open: Box<dyn Fn() -> Result<Writers> + 'a>,
    writers: Option<Writers>,
}

impl LazyWriters<'_> {
    fn get(&mut self) -> Result<&mut Writers> {
        if self.writers.is_none() {
            self.writers = Some((self.open)()?);
        }
        self.writers
            .as_mut()
            .ok_or_else(|| anyhow::anyhow!("internal error: the index writers did not open"))
    }
}

/// Calls `visit` with each path the index holds (articles and quotations; a path of
/// both is visited twice), from the `path` field's term dictionaries: what the index
/// stores is the truth, whatever the manifest says. A path whose documents were all
/// deleted may still be listed until its segment is merged; callers check before they
/// count it.
pub(crate) fn for_each_stored_path(
    parts: [&tantivy::Searcher; 2],
    field: tantivy::schema::Field,
    mut visit: impl FnMut(&str),
) -> Result<()> {
    for searcher in parts {
        for seg in searcher.segment_readers() {
            let inv = seg.inverted_index(field)?;
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                if let Ok(k) = std::str::from_utf8(stream.key()) {
                    visit(k);
                }
            }
        }
    }
    Ok(())
}

/// True if some live (not deleted) document of either index has this path.
pub(crate) fn holds(parts: [&tantivy::Searcher; 2], term: &Term) -> Result<bool> {
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
/// is gone, deletes it by the paths the index stores. Those are read only when needed:
/// the manifest written after a commit names it (its generation); a run whose manifest
/// does not name the commit both indexes are at reads them, and lists every one it
/// does not delete before it commits; so when both indexes are still at the commit a
/// manifest names, nothing they hold is missing from it.
pub fn run_index(dir: &Path, paths: &[PathBuf], opts: &IndexOptions) -> Result<Summary> {
    let started = Instant::now();
    if paths.iter().all(|p| std::fs::metadata(p).is_err()) {
        return Err(Error::NothingToIndex(paths.to_vec()).into());
    }
    let _lock = IndexLock::acquire(dir)?;
    // Never build on a damaged index (--rebuild is the way to replace one).
    if !opts.rebuild {
        super::check::quick_check(dir)?;
    }
    for folder in [
        dir.to_path_buf(),
        dir.join(TANTIVY_DIR),
        dir.join(QUOTES_DIR),
        dir.join(crate::index::values::VALUES_DIR),
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
    let threads =
        writer_threads(std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get));
    let writer_for = move |index: &Index, memory: usize, merge_max: usize| -> Result<IndexWriter> {
        let w = index
            .writer_with_num_threads(threads, threads * memory)
            .with_context(|| format!("cannot write to the index at {}", dir.display()))?;
        w.set_merge_policy(Box::new(merge_policy(merge_max)));
        Ok(w)
    };
    let quotes = ni.quotes()?;
    let mut writer = LazyWriters {
        open: Box::new(|| {
            Ok(Writers {
                articles: writer_for(&ni.index, ARTICLE_WRITER_MEMORY, merge_max_docs(false))?,
                quotes: writer_for(&quotes.index, QUOTE_WRITER_MEMORY, merge_max_docs(true))?,
            })
        }),
        writers: None,
    };
    // True when the manifest on disk is to be written again before the next commit (or
    // at the end of a run that commits nothing): it may still list a file this run has
    // touched, or lack paths this run has listed.
    let mut manifest_ahead = false;
    let (mut manifest, listed_generation) = if opts.rebuild {
        let w = writer.get()?;
        w.articles.delete_all_documents()?;
        w.quotes.delete_all_documents()?;
        manifest_ahead = true;
        (BTreeMap::new(), None)
    } else {
        load_manifest_in_step(dir)
    };
    // What the last commit holds, to tell new files from changed ones.
    let searcher = ni.searcher()?;
    let quote_searcher = quotes.searcher()?;
    let both = [&searcher, &quote_searcher];
    let (articles_at, quotes_at) = (generation(&ni.index)?, generation(&quotes.index)?);
    let mut generation = articles_at.max(quotes_at);
    // The commit the manifest is in step with: the one both indexes are at, when the
    // manifest was written right after it. Only then may the manifest stand for the
    // paths the index stores.
    let mut in_step = listed_generation.filter(|&g| g == articles_at && g == quotes_at);

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
    // The key of every file found, in the walk's order: dropped before any file is read.
    let keys: Vec<String> = walked.files.iter().map(|p| walk::path_key(p)).collect();
    // What the index holds under these roots that the walk did not find (deleted,
    // replaced by a link, under a root that is gone, unreadable now): removed. The
    // index's own stored paths count, not only the manifest's, so documents that a
    // killed run committed without its manifest go too. With a manifest in step with
    // the last commit, every path the index holds documents of is in the manifest;
    // otherwise (a run killed after a commit and before its manifest, a manifest lost
    // or of the first format) the paths the index stores are read.
    let scan = !opts.rebuild && in_step.is_none();
    let (mut gone, unlisted): (Vec<String>, Vec<String>) = {
        let found: FxHashSet<&str> = keys.iter().map(String::as_str).collect();
        let is_gone =
            |k: &str| !found.contains(k) && walk::under_any(&walk::path_of_key(k), &walked.roots);
        let mut gone: FxHashSet<String> = manifest.keys().filter(|k| is_gone(k)).cloned().collect();
        let mut unlisted: FxHashSet<String> = FxHashSet::default();
        if scan {
            // Only the few paths the manifest does not list are copied, not every
            // stored one.
            for_each_stored_path(both, f.path, |k| {
                if !manifest.contains_key(k) && !gone.contains(k) && !unlisted.contains(k) {
                    if is_gone(k) {
                        gone.insert(k.to_owned());
                    } else {
                        unlisted.insert(k.to_owned());
                    }
                }
            })?;
        }
        (gone.into_iter().collect(), unlisted.into_iter().collect())
    };
    gone.sort();
    // The others (files still there, which are read again below, and files outside
    // these roots) are listed as unfinished before anything is committed: the
    // manifest this run writes after a commit then lists every path the index holds
    // documents of, as the commit it names requires, even if the run stops before it
    // reads them. Paths whose documents are all deleted already are left out.
    for k in unlisted {
        if holds(both, &Term::from_field_text(f.path, &k))? {
            manifest.insert(k, FileState::unfinished());
        }
    }
    if scan && articles_at == quotes_at {
        // Now every path the index holds is listed: the manifest is written again
        // (before the next commit, or at the end of a run that commits nothing, which
        // then names the commit both indexes are at: after an upgrade, or a run killed
        // after a commit, the next runs need not read the stored paths again).
        in_step = Some(articles_at);
        manifest_ahead = true;
    }
    for k in &gone {
        let term = Term::from_field_text(f.path, k);
        let listed = manifest.remove(k).is_some();
        if listed || holds(both, &term)? {
            writer.get()?.delete_path(term);
            manifest_ahead = true;
            summary.files_deleted += 1;
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    // Unchanged size and mtime: not even read. The files are looked at on every worker
    // thread (a no-op run over a large archive is mostly these calls).
    let stats: Vec<Option<(u64, i128)>> =
        pool.install(|| walked.files.par_iter().map(|p| stat(p)).collect());
    // Each file to read goes with what the manifest knows of it (its content hash), so
    // the workers need no copy of the whole manifest.
    let todo: Vec<(PathBuf, Option<FileState>)> = walked
        .files
        .into_iter()
        .zip(keys)
        .zip(stats)
        .filter_map(|((p, key), st)| {
            let known = manifest.get(key.as_str());
            let same = match (known, st) {
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

    // A few messages per worker: a piece of a streamed JSONL file carries megabytes.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Processed>(4 * pool.current_num_threads());
    let mut pending: Vec<(String, FileState)> = Vec::new();
    let mut last_commit = Instant::now();
    let commit_interval = commit_every();
    let mut since_commit = 0usize;
    let commit = |writer: &mut LazyWriters,
                  generation: &mut u64,
                  in_step: &mut Option<u64>,
                  manifest: &mut BTreeMap<String, FileState>,
                  manifest_ahead: &mut bool,
                  pending: &mut Vec<(String, FileState)>,
                  summary: &mut Summary|
     -> Result<()> {
        let Some(writer) = writer.writers.as_mut() else {
            // Nothing was deleted or added: both indexes stay as the last commit left
            // them (no commit, no sync), and the manifest is written only if it has
            // news (a file with the same content under a new mtime).
            if *manifest_ahead || !pending.is_empty() {
                manifest.extend(pending.drain(..));
                save_manifest(dir, manifest, *in_step)?;
                *manifest_ahead = false;
            }
            return Ok(());
        };
        if *manifest_ahead {
            // Write-ahead: the files this commit touches are out of the manifest
            // before any of their documents change on disk. It names no commit: the
            // index may soon hold documents of files it does not list.
            *in_step = None;
            save_manifest(dir, manifest, None)?;
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
        // Written after every commit, so that it names the commit (and the next run
        // need not read the paths the index stores).
        manifest.extend(pending.drain(..));
        save_manifest(dir, manifest, Some(*generation))?;
        *in_step = Some(*generation);
        pause_point("manifest-saved");
        summary.commits += 1;
        Ok(())
    };
    std::thread::scope(|scope| -> Result<()> {
        scope.spawn(|| {
            pool.install(|| {
                todo.into_par_iter().for_each_with(tx, |tx, (p, known)| {
                    if interrupted() {
                        return;
                    }
                    process_into(p, known, tx);
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
                        writer.get()?.delete_path(path_term);
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
                writer.get()?.delete_path(path_term);
                manifest_ahead = true;
            } else {
                // Nothing to replace: a delete would only cost a lookup in every segment
                // at the next commit.
                summary.files_new += 1;
            }
            for (a, e) in outcome.articles.iter().zip(&entities) {
                let writer = writer.get()?;
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
            match item.state {
                Some(st) => pending.push((key, st)),
                // Read but not looked at (its `stat` failed): listed so that its
                // documents go if it is deleted, and matching no file, so that it is
                // read again.
                None if item.first && item.last => pending.push((key, FileState::unfinished())),
                None => {}
            }
            if last_commit.elapsed() >= commit_interval || since_commit >= COMMIT_EVERY_DOCS {
                commit(
                    &mut writer,
                    &mut generation,
                    &mut in_step,
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
    // Their maps of the segment files would keep every page a merge below reads
    // resident (one map per file is shared), and count in the run's peak memory.
    drop(searcher);
    drop(quote_searcher);
    summary.interrupted = interrupted();
    commit(
        &mut writer,
        &mut generation,
        &mut in_step,
        &mut manifest,
        &mut manifest_ahead,
        &mut pending,
        &mut summary,
    )?;
    let wrote = match writer.writers.take() {
        Some(w) => {
            w.articles.wait_merging_threads().ok();
            w.quotes.wait_merging_threads().ok();
            true
        }
        None => false,
    };
    // Fewer segments for searches to open, each index's merges on a thread of their own
    // (a merge keeps one core busy). A failed merge leaves the index as it was, only
    // slower to search.
    if wrote && !summary.interrupted {
        let merge = |index: &Index, max_docs: usize| {
            if let Err(e) = merge_down(index, max_docs) {
                eprintln!(
                    "newsdex: warning: cannot merge the segments of the index at {}: {e}; \
                     searches will be slower until the next run",
                    dir.display()
                );
            }
        };
        std::thread::scope(|s| {
            s.spawn(|| merge(&quotes.index, 4 * FINAL_MERGE_MAX_DOCS));
            merge(&ni.index, FINAL_MERGE_MAX_DOCS);
        });
    }
    // The value lists that filters resolve against, once both indexes are merged (the
    // quotation index's name groups name the article segments they were read from);
    // without them (or when they are stale) searches scan the segments, so a failure
    // here costs speed only.
    for part in [&ni, &quotes] {
        if let Err(e) = crate::index::values::save(part, &part.searcher()?, &schema::FACET_ROOTS) {
            eprintln!("newsdex: warning: {e:#}; searches will be slower until the next run");
        }
    }
    summary.documents_in_index = ni.searcher()?.num_docs();
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
