//! Ingest: turns files on disk into [`Article`]s, the one normalized record every later
//! stage works on. One module per format; [`walk`] finds the files. No tantivy here.

pub mod date;
mod decode;
mod html;
mod json;
mod md;
pub(crate) mod stream;
mod txt;
pub mod walk;

use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

pub use decode::decode;

/// Titles are cut at this many bytes.
pub const MAX_TITLE_BYTES: usize = 1000;
/// Text indexed per article is capped at this many bytes (a warning says so).
pub const MAX_ARTICLE_BYTES: usize = 2 * 1024 * 1024;
/// Files larger than this are not read at all (they are reported and skipped).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// One news article, whatever format it came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    /// Stable id: 16 hex digits of xxh3 over the canonical path (and JSONL line).
    pub id: String,
    /// Path of the source file as newsdex found it (canonicalized when possible).
    pub path: PathBuf,
    /// 1-based line in a JSONL file.
    pub line: Option<usize>,
    /// The headline ("Obama visits Hanover"): from the header, front matter, `og:title`
    /// or JSON field, else the first non-empty line; cut at [`MAX_TITLE_BYTES`]. May be
    /// empty when the article has a body.
    pub title: String,
    /// The article text without the title, capped at [`MAX_ARTICLE_BYTES`]; for HTML the
    /// page's paragraphs separated by blank lines.
    pub body: String,
    /// Publication time in UTC, from the article's own metadata, else from a date in
    /// its path (`2015/11/24/…`); `None` when neither gives one.
    pub date: Option<DateTime<Utc>>,
    /// The publication ("Reuters", "The Guardian"), when the file names one.
    pub source: Option<String>,
    /// The byline as written ("Jane Doe, John Roe"), when the file has one.
    pub author: Option<String>,
    /// The article's web address as the file gives it (not checked), when it has one.
    pub url: Option<String>,
    /// Character offset of `title` in the file's decoded text, when it is a verbatim slice.
    pub title_offset: Option<usize>,
    /// Character offset of `body` in the file's decoded text, when it is a verbatim slice.
    pub body_offset: Option<usize>,
}

impl Article {
    /// The text entities are extracted from: the title, a blank line, the body.
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.title.len() + self.body.len() + 2);
        s.push_str(&self.title);
        s.push_str("\n\n");
        s.push_str(&self.body);
        s
    }

    /// Maps a character offset into [`Article::text`] to one into the source file's text,
    /// when title and body are verbatim slices of it; otherwise returns it unchanged.
    pub fn source_char_offset(&self, offset: usize) -> usize {
        let title_chars = self.title.chars().count();
        match (self.title_offset, self.body_offset) {
            (Some(t), _) if offset <= title_chars => t + offset,
            (_, Some(b)) if offset >= title_chars + 2 => b + offset - title_chars - 2,
            _ => offset,
        }
    }
}

static CANCELLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Asks reads in progress to stop at their next safe point (Ctrl-C during `index`): a
/// long HTML parse then ends with [`IngestError::Interrupted`] instead of finishing.
pub fn cancel() {
    CANCELLED.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether [`cancel`] was called.
pub(crate) fn is_cancelled() -> bool {
    CANCELLED.load(std::sync::atomic::Ordering::Relaxed)
}

/// Why a file (or one line of it) was not indexed.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// Opening or reading the file failed (permissions, a vanished file, an I/O error).
    #[error("cannot read file: {0}")]
    Io(#[from] std::io::Error),
    /// The start of the file has NUL bytes and no UTF-16 byte-order mark.
    #[error("binary file (contains NUL bytes), not text")]
    Binary,
    /// The file is over [`MAX_FILE_BYTES`], by its size or by what was read.
    #[error("file too large ({size} bytes; the limit is {limit})")]
    TooLarge {
        /// The file's size in bytes (or the bytes read, when it grew while read).
        size: u64,
        /// The limit it is over, in bytes: [`MAX_FILE_BYTES`].
        limit: u64,
    },
    /// Nothing to index: only whitespace, a .txt/.md header with neither title nor body,
    /// or a JSONL file without one article or bad line.
    #[error("empty file")]
    Empty,
    /// The JSON does not parse or is not an article object; holds serde_json's message.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// The file parsed but has neither title nor body; says what was missing
    /// ("HTML page without title or paragraphs").
    #[error("no article text found ({0})")]
    NoText(&'static str),
    /// The extension is none of the [`Format`]s.
    #[error("unsupported file type")]
    Unsupported,
    /// The path is no regular file; names what it is ("a named pipe", "a device").
    #[error("not a regular file ({0}); only regular files are indexed")]
    NotRegular(&'static str),
    /// [`cancel`] was called while the file was being parsed.
    #[error("interrupted (Ctrl-C) while reading this file; it is read again on the next run")]
    Interrupted,
    /// Parsing the file panicked; the panic was caught and the file skipped.
    #[error(
        "internal error while reading this file (a newsdex bug: please report it with the file)"
    )]
    Internal,
}

impl IngestError {
    /// A short stable label used to count skipped files by reason.
    pub fn reason(&self) -> &'static str {
        match self {
            IngestError::Io(_) => "unreadable",
            IngestError::Binary => "binary",
            IngestError::TooLarge { .. } => "too large",
            IngestError::Empty => "empty",
            IngestError::Json(_) => "invalid JSON",
            IngestError::NoText(_) => "no text",
            IngestError::Unsupported => "unsupported type",
            IngestError::NotRegular(_) => "not a regular file",
            IngestError::Internal => "internal error",
            IngestError::Interrupted => "interrupted",
        }
    }
}

/// A problem confined to one line of a JSONL file, or a warning about a file that was
/// still indexed.
#[derive(Debug)]
pub struct Problem {
    /// 1-based line of a JSONL file; `None` for the file as a whole.
    pub line: Option<usize>,
    /// What is wrong, lower-case, without the path ("invalid JSON: expected value at
    /// line 1 column 1"); the caller adds `newsdex: PATH[:LINE]: `.
    pub message: String,
}

/// What reading one file produced: articles, plus per-line errors and warnings.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// The articles read, in file order: one for .txt/.md/.html/.json, one per good
    /// line for .jsonl.
    pub articles: Vec<Article>,
    /// Lines that could not be read (JSONL); the file's other lines are still indexed.
    pub line_errors: Vec<Problem>,
    /// Things the user should know that did not stop indexing.
    pub warnings: Vec<Problem>,
}

/// The formats newsdex reads, chosen by file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `.txt`, `.text`: plain text with an optional `Key: value` header.
    Text,
    /// `.md`, `.markdown`: Markdown with optional front matter.
    Markdown,
    /// `.html`, `.htm`, `.xhtml`: a web page.
    Html,
    /// `.json`: one article object.
    Json,
    /// `.jsonl`, `.ndjson`: one article object per line.
    JsonLines,
}

impl Format {
    /// The format for `path`'s extension, or `None` for files newsdex does not read.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            _ => return None,
        })
    }
}

/// Stable article id for a path and optional JSONL line.
pub fn article_id(path: &Path, line: Option<usize>) -> String {
    // The path's own bytes (the same as its text when it is UTF-8): two names that
    // differ only in bytes that are not UTF-8 get two ids.
    let mut key = path.as_os_str().as_encoded_bytes().to_vec();
    if let Some(l) = line {
        key.push(b'#');
        key.extend_from_slice(l.to_string().as_bytes());
    }
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&key))
}

/// Reads one file into articles. `path` should already be canonical.
pub fn read_file(path: &Path) -> Result<ReadOutcome, IngestError> {
    parse_bytes(path, &read_bytes(path)?)
}

/// Single-article files larger than this are read only up to this size: more text than
/// an article can hold is never needed, and a stray 200 MB log must not fill memory.
pub const MAX_SINGLE_ARTICLE_FILE_BYTES: u64 = 4 * MAX_ARTICLE_BYTES as u64;

/// Opens `path` for reading, only if it is a regular file. The open never blocks (a
/// file replaced by a FIFO after the walk would otherwise hang the run) and the type is
/// checked on the opened handle, not the path, so a swap between check and open cannot
/// slip a device such as `/dev/zero` through.
pub fn open_regular(path: &Path) -> Result<std::fs::File, IngestError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if !kind.is_file() {
        return Err(IngestError::NotRegular(file_kind(kind)));
    }
    Ok(file)
}

/// A short name for a file type that is not a regular file.
fn file_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "a special file"
    }
}

/// Reads a file's bytes, refusing files over [`MAX_FILE_BYTES`] and reading only the
/// start of single-article files over [`MAX_SINGLE_ARTICLE_FILE_BYTES`]. Only regular
/// files are read (see [`open_regular`]), and never more than the cap, whatever size
/// the file claims: it may grow while it is read.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, IngestError> {
    use std::io::Read;
    let file = open_regular(path)?;
    let size = file.metadata()?.len();
    if size > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge {
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let whole = Format::of(path) == Some(Format::JsonLines);
    let cap = if whole {
        MAX_FILE_BYTES
    } else {
        MAX_SINGLE_ARTICLE_FILE_BYTES
    };
    let mut buf = Vec::with_capacity(size.min(cap) as usize);
    file.take(cap + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        if whole {
            return Err(IngestError::TooLarge {
                size: buf.len() as u64,
                limit: MAX_FILE_BYTES,
            });
        }
        buf.truncate(cap as usize);
    }
    Ok(buf)
}

/// Parses a file's bytes into articles; `path` decides the format and the ids.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<ReadOutcome, IngestError> {
    parse_bytes_at(path, bytes, 1)
}

/// [`parse_bytes`] for a piece of a JSONL file whose first line is line `first_line` of
/// the file: line numbers (and so article ids) are the file's.
pub fn parse_bytes_at(
    path: &Path,
    bytes: &[u8],
    first_line: usize,
) -> Result<ReadOutcome, IngestError> {
    let format = Format::of(path).ok_or(IngestError::Unsupported)?;
    let mut outcome = ReadOutcome::default();
    let text = if first_line > 1 {
        // A later piece of a file whose head passed the binary check: a NUL byte here is
        // a bad line (JSON rejects it), not a binary file.
        decode::decode_piece(bytes, &mut outcome.warnings)
    } else {
        decode(bytes, &mut outcome.warnings)?
    };
    if text.trim().is_empty() {
        return Err(IngestError::Empty);
    }
    parse_text(path, format, &text, &mut outcome)?;
    if first_line > 1 {
        let shift = |l: &mut Option<usize>| {
            if let Some(n) = l {
                *n += first_line - 1;
            }
        };
        outcome.articles.iter_mut().for_each(|a| shift(&mut a.line));
        outcome
            .line_errors
            .iter_mut()
            .for_each(|p| shift(&mut p.line));
        outcome.warnings.iter_mut().for_each(|p| shift(&mut p.line));
    }
    let path_date = date::date_from_path(path);
    for a in &mut outcome.articles {
        if a.title.len() > MAX_TITLE_BYTES {
            // A "title" this long is a file without line breaks: keep it as body text.
            let mut cut = MAX_TITLE_BYTES;
            while !a.title.is_char_boundary(cut) {
                cut -= 1;
            }
            if a.body.is_empty() {
                a.body = std::mem::take(&mut a.title);
                a.body_offset = a.title_offset.take();
                a.title = a.body[..cut].to_string();
            } else {
                a.title.truncate(cut);
            }
        }
        a.path = path.to_path_buf();
        a.id = article_id(path, a.line);
        if a.date.is_none() {
            a.date = path_date;
        }
        if a.body.len() > MAX_ARTICLE_BYTES {
            let mut cut = MAX_ARTICLE_BYTES;
            while !a.body.is_char_boundary(cut) {
                cut -= 1;
            }
            a.body.truncate(cut);
            outcome.warnings.push(Problem {
                line: a.line,
                message: format!(
                    "article text longer than {} MiB; only the first {} MiB is indexed",
                    MAX_ARTICLE_BYTES >> 20,
                    MAX_ARTICLE_BYTES >> 20
                ),
            });
        }
    }
    Ok(outcome)
}

/// Parses already-decoded text in the given format (used by `read_file` and tests).
pub fn parse_text(
    path: &Path,
    format: Format,
    text: &str,
    outcome: &mut ReadOutcome,
) -> Result<(), IngestError> {
    match format {
        Format::Text => outcome
            .articles
            .push(txt::parse(text, &mut outcome.warnings)?),
        Format::Markdown => outcome
            .articles
            .push(md::parse(text, &mut outcome.warnings)?),
        Format::Html => outcome
            .articles
            .push(html::parse(text, &mut outcome.warnings)?),
        Format::Json => outcome
            .articles
            .push(json::parse_one(text, &mut outcome.warnings)?),
        Format::JsonLines => json::parse_lines(text, outcome)?,
    }
    let _ = path;
    Ok(())
}

/// A date field's value turned into a date, with a warning when it does not parse.
pub(crate) fn parse_date_field(value: &str, warnings: &mut Vec<Problem>) -> Option<DateTime<Utc>> {
    match date::parse_date(value) {
        Ok(d) => Some(d),
        Err(e) => {
            warnings.push(Problem {
                line: None,
                message: format!("date {:?}: {e}; indexed without a date", value.trim()),
            });
            None
        }
    }
}

/// Fills metadata from `key: value` pairs shared by the txt header and md front matter.
/// Returns false for keys it does not know.
pub(crate) fn apply_meta(
    a: &mut Article,
    key: &str,
    value: &str,
    warnings: &mut Vec<Problem>,
) -> bool {
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .unwrap_or(value);
    let some = |v: &str| (!v.is_empty()).then(|| v.to_string());
    match key.trim().to_ascii_lowercase().as_str() {
        "title" | "headline" => a.title = value.to_string(),
        "date" | "published" | "pubdate" | "published_at" | "publishedat" | "dateline" => {
            if !value.is_empty() {
                a.date = parse_date_field(value, warnings);
            }
        }
        "source" | "publisher" | "publication" => a.source = some(value),
        "author" | "byline" | "by" | "authors" => a.author = some(value),
        "url" | "link" => a.url = some(value),
        _ => return false,
    }
    true
}

/// Character offset of the byte offset `byte` in `text`.
pub(crate) fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Trims a slice of `text` and returns it with its byte offset in `text`.
pub(crate) fn trimmed_slice(text: &str, start: usize, end: usize) -> (&str, usize) {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    (s.trim(), start + lead)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// Runs `f` on a thread and fails the test if it does not finish in time: a
    /// regression must fail, not hang the suite.
    fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(f());
        });
        rx.recv_timeout(Duration::from_secs(20))
            .expect("did not finish in 20 s (blocked on a FIFO or reading a device?)")
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["x.txt", "x.jsonl"] {
            let path = dir.path().join(name);
            mkfifo(&path);
            let p = path.clone();
            let r = within(move || read_bytes(&p));
            assert!(matches!(r, Err(IngestError::NotRegular(_))), "{r:?}");
            let p = path.clone();
            let r = within(move || stream::JsonlChunks::open(&p).map(|_| ()));
            assert!(matches!(r, Err(IngestError::NotRegular(_))), "{r:?}");
            let p = path.clone();
            assert!(!within(move || stream::starts_with_utf16_bom(&p)));
            let p = path.clone();
            let r = within(move || read_file(&p).map(|_| ()));
            let msg = r.unwrap_err().to_string();
            assert_eq!(
                msg,
                "not a regular file (a named pipe); only regular files are indexed"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_dev_zero_is_refused_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["z.txt", "z.jsonl"] {
            let path = dir.path().join(name);
            std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
            let p = path.clone();
            let r = within(move || read_bytes(&p).map(|b| b.len()));
            assert!(
                matches!(r, Err(IngestError::NotRegular("a device"))),
                "{r:?}"
            );
            let p = path.clone();
            let r = within(move || open_regular(&p).map(|_| ()));
            assert!(matches!(r, Err(IngestError::NotRegular(_))), "{r:?}");
        }
    }

    #[test]
    fn regular_files_are_read_up_to_the_cap() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("a.txt");
        std::fs::write(&small, "Title\n\nBody").unwrap();
        assert_eq!(read_bytes(&small).unwrap(), b"Title\n\nBody");
        let big = dir.path().join("b.txt");
        let n = MAX_SINGLE_ARTICLE_FILE_BYTES as usize + 10;
        std::fs::write(&big, "x".repeat(n)).unwrap();
        assert_eq!(
            read_bytes(&big).unwrap().len() as u64,
            MAX_SINGLE_ARTICLE_FILE_BYTES
        );
    }
}
