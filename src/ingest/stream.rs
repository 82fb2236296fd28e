//! Large JSONL files, read in pieces of whole lines so that memory stays bounded
//! whatever the file size: each piece is parsed, extracted and indexed before the next
//! one is read.

use super::{IngestError, MAX_SINGLE_ARTICLE_FILE_BYTES};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// JSONL files larger than this are streamed, in pieces of about this size.
pub const JSONL_CHUNK_BYTES: usize = 4 * 1024 * 1024;

/// UTF-16 text cannot be cut at `\n` bytes: such files are read whole instead.
pub fn starts_with_utf16_bom(path: &Path) -> bool {
    let mut head = [0u8; 2];
    super::open_regular(path)
        .ok()
        .and_then(|mut f| f.read_exact(&mut head).ok())
        .is_some_and(|()| head == [0xFF, 0xFE] || head == [0xFE, 0xFF])
}

/// One piece of a JSONL file: whole lines, starting at line `first_line`.
#[derive(Debug)]
pub struct Chunk {
    /// The piece's whole lines, each with its `\n` (the file's last line may lack one),
    /// a line in [`Chunk::long_lines`] left empty; about [`JSONL_CHUNK_BYTES`], more when
    /// the last line runs past that.
    pub bytes: Vec<u8>,
    /// 1-based number, in the file, of the piece's first line.
    pub first_line: usize,
    /// Lines skipped because they are longer than an article can be.
    pub long_lines: Vec<usize>,
}

/// Reads a JSONL file piece by piece.
pub struct JsonlChunks {
    reader: BufReader<File>,
    next_line: usize,
    done: bool,
}

impl JsonlChunks {
    /// Opens the JSONL file at `path` (a regular file only, see
    /// [`open_regular`](super::open_regular)) to be read from its first line.
    pub fn open(path: &Path) -> Result<JsonlChunks, IngestError> {
        Ok(JsonlChunks {
            reader: BufReader::with_capacity(256 * 1024, super::open_regular(path)?),
            next_line: 1,
            done: false,
        })
    }

    /// The next piece, `None` at the end of the file.
    pub fn next_chunk(&mut self) -> Option<Result<Chunk, IngestError>> {
        if self.done {
            return None;
        }
        let mut chunk = Chunk {
            bytes: Vec::with_capacity(JSONL_CHUNK_BYTES + 64 * 1024),
            first_line: self.next_line,
            long_lines: Vec::new(),
        };
        while chunk.bytes.len() < JSONL_CHUNK_BYTES {
            let start = chunk.bytes.len();
            let limit = MAX_SINGLE_ARTICLE_FILE_BYTES + 1;
            let n = match (&mut self.reader)
                .take(limit)
                .read_until(b'\n', &mut chunk.bytes)
            {
                Ok(n) => n,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            };
            if n == 0 {
                self.done = true;
                break;
            }
            let line = self.next_line;
            self.next_line += 1;
            if chunk.bytes.last() != Some(&b'\n') && n as u64 == limit {
                // Longer than any article: drop it and the rest of the line, keep the
                // line count right with an empty line in its place.
                chunk.bytes.truncate(start);
                chunk.bytes.push(b'\n');
                chunk.long_lines.push(line);
                if let Err(e) = skip_line(&mut self.reader) {
                    self.done = true;
                    return Some(Err(e.into()));
                }
            }
        }
        Some(Ok(chunk))
    }
}

/// Consumes the rest of the current line without keeping it.
fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            return Ok(());
        }
        match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = buf.len();
                reader.consume(n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_hold_whole_lines_with_their_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let line = format!("{{\"title\":\"T\",\"body\":\"{}\"}}\n", "x".repeat(1000));
        let n = 2 * JSONL_CHUNK_BYTES / line.len() + 7;
        std::fs::write(&path, line.repeat(n)).unwrap();
        let mut chunks = JsonlChunks::open(&path).unwrap();
        let mut lines = 0;
        let mut pieces = 0;
        while let Some(c) = chunks.next_chunk() {
            let c = c.unwrap();
            assert_eq!(c.first_line, lines + 1);
            assert!(c.bytes.ends_with(b"\n"));
            lines += c.bytes.iter().filter(|&&b| b == b'\n').count();
            pieces += 1;
        }
        assert_eq!(lines, n);
        assert!(pieces >= 3, "{pieces}");
    }

    #[test]
    fn overlong_lines_are_dropped_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("long.jsonl");
        let long = "y".repeat(MAX_SINGLE_ARTICLE_FILE_BYTES as usize + 10);
        std::fs::write(&path, format!("{{\"a\":1}}\n{long}\n{{\"b\":2}}\n")).unwrap();
        let c = JsonlChunks::open(&path)
            .unwrap()
            .next_chunk()
            .unwrap()
            .unwrap();
        assert_eq!(c.long_lines, vec![2]);
        assert_eq!(c.bytes, b"{\"a\":1}\n\n{\"b\":2}\n");
    }
}
