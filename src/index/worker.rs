//! The reader threads of an `index` run: read, hash, skip unchanged, extract, send.

use super::manifest::*;
use super::*;

/// Articles and their entities; `None` when the file's content is unchanged.
pub(crate) type Extracted = Option<(ReadOutcome, Vec<Entities>)>;

/// Result of reading and extracting one file, sent from the worker threads.
pub(crate) struct Processed {
    pub(crate) path: PathBuf,
    pub(crate) bytes: u64,
    /// Set on the file's last message only: what the manifest records once it is in.
    pub(crate) state: Option<FileState>,
    pub(crate) result: Result<Extracted, IngestError>,
    /// The file's first message: the one that replaces what the index held of it.
    pub(crate) first: bool,
    /// The file's last message (a streamed JSONL file sends several).
    pub(crate) last: bool,
}

/// Reads, extracts and sends one file: in one message, or piece by piece for a JSONL
/// file too large to hold in memory at once.
/// The path moves into the message, so that the list of files to read shrinks as they
/// are read.
pub(crate) fn process_into(path: PathBuf, known: Option<FileState>, tx: &SyncSender<Processed>) {
    let streamed = ingest::Format::of(&path) == Some(ingest::Format::JsonLines)
        && stat(&path).is_some_and(|(size, _)| size > ingest::stream::JSONL_CHUNK_BYTES as u64)
        && !ingest::stream::starts_with_utf16_bom(&path);
    if !streamed {
        // The receiver only goes away on a fatal error; stop quietly then.
        let _ = tx.send(process(path, known.as_ref()));
        return;
    }
    let (path, known) = (path.as_path(), known.as_ref());
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

/// Reads, hashes and extracts one file; `Ok(None)` when its content is unchanged.
pub(crate) fn process(path: PathBuf, known: Option<&FileState>) -> Processed {
    let st = stat(&path);
    // A bug in a parser or the extractor must cost one file, not the whole run.
    let run = || -> (Option<FileState>, Result<Extracted, IngestError>) {
        let bytes = match ingest::read_bytes(&path) {
            Ok(b) => b,
            Err(e) => return (None, Err(e)),
        };
        let hash = xxhash_rust::xxh3::xxh3_128(&bytes);
        let (state, unchanged) = observed(st, hash, known);
        if unchanged {
            return (state, Ok(None));
        }
        let r = ingest::parse_bytes(&path, &bytes).map(|outcome| {
            let entities = outcome.articles.iter().map(extract::extract).collect();
            Some((outcome, entities))
        });
        (state, r)
    };
    let (state, result) =
        std::panic::catch_unwind(run).unwrap_or((None, Err(IngestError::Internal)));
    Processed {
        path,
        bytes: st.map_or(0, |s| s.0),
        state,
        result,
        first: true,
        last: true,
    }
}
