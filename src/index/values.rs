//! The distinct facet values of an index, listed once after each `index` run, so that
//! resolving a filter (`--speaker Obama`) reads one short file instead of every
//! segment's facet dictionary, with each value already folded.
//!
//! A list is only used while it describes exactly the segments a search sees (its
//! header names them) and its body is whole (the header gives the number of values and
//! a checksum of the body); after any other commit, for a damaged or truncated file, or
//! without the file, callers scan the segments as before, and the next `index` run
//! writes it again. The files can be deleted at any time.

pub mod groups;
pub mod ordinals;

use crate::extract::fold::fold_into;
use crate::index::NewsIndex;
use anyhow::{Context, Result};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;
use tantivy::schema::Facet;
use tantivy::Searcher;

/// `newsdex check` of a name-group or ordinal file: an error when it cannot be read,
/// lacks its `family` header line, or is not whole; `None` when another version wrote it
/// (it is only stale); else its bytes and where the body starts.
fn check_whole_file(
    file: &std::path::Path,
    family: &str,
    header: &str,
) -> Result<Option<(Vec<u8>, usize)>, String> {
    let bytes = std::fs::read(file).map_err(|e| format!("cannot be read ({e})"))?;
    if !bytes.starts_with(family.as_bytes()) {
        return Err("is damaged: its header is missing".into());
    }
    if !bytes.starts_with(format!("{header}\n").as_bytes()) {
        return Ok(None);
    }
    let (_, start) = whole_file(&bytes, header, None, Verify::Sum)
        .ok_or("is damaged: its length or checksum does not match its header")?;
    Ok(Some((bytes, start)))
}

/// How much of a file [`whole_file`] vouches for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verify {
    /// Its length and its checksum: `check`, and `index` before it keeps a file.
    Sum,
    /// Its length only: a search of the ordinals file, which verifies the parts it
    /// reads itself (see [`ordinals::load`]).
    Length,
}

/// The key line and where the body starts, if `bytes` is a whole file of `header` that
/// this version wrote: the header, the key line, then `# bytes N xxh3 SUM` with the
/// body's length and checksum. The checksum is only worked out when `key` (if given)
/// matches, and with [`Verify::Sum`]. Shared by the name-group and ordinal files.
fn whole_file<'a>(
    bytes: &'a [u8],
    header: &str,
    key: Option<&str>,
    verify: Verify,
) -> Option<(&'a [u8], usize)> {
    let mut lines = bytes.splitn(4, |&b| b == b'\n');
    let head = lines.next()?;
    let listed = lines.next()?;
    let counts = lines.next()?;
    let start = head.len() + listed.len() + counts.len() + 3;
    if head != header.as_bytes() || key.is_some_and(|k| k.as_bytes() != listed) {
        return None;
    }
    let counts = std::str::from_utf8(counts).ok()?;
    let mut words = counts.strip_prefix("# bytes ")?.split(' ');
    let n: usize = words.next()?.parse().ok()?;
    let sum = u64::from_str_radix(words.nth(1)?, 16).ok()?;
    let body = bytes.get(start..)?;
    let whole =
        body.len() == n && (verify == Verify::Length || xxhash_rust::xxh3::xxh3_64(body) == sum);
    whole.then_some((listed, start))
}

/// The folder of the lists, inside the index folder.
pub(crate) const VALUES_DIR: &str = "facet-values";

/// Names the version that folded the values: another version's lists are not used.
pub(crate) const HEADER: &str = concat!("# newsdex facet values 2 ", env!("CARGO_PKG_VERSION"));

/// The file listing the values under `root` of this index.
fn path(ni: &NewsIndex, root: &str) -> PathBuf {
    ni.dir
        .join(VALUES_DIR)
        .join(format!("{}-{root}.tsv", ni.part))
}

/// The segments a searcher sees, as a header line (also the key line of the ordinals
/// file).
fn segments_line(searcher: &Searcher) -> String {
    let mut ids: Vec<String> = searcher
        .segment_readers()
        .iter()
        .map(|s| s.segment_id().uuid_string())
        .collect();
    ids.sort();
    format!("# segments {}", ids.join(" "))
}

/// The body of a list (one `folded<TAB>value` line per value) if the list was written
/// by this version for exactly these segments and is whole.
fn valid_body<'a>(text: &'a str, segments: &str) -> Option<&'a str> {
    let (listed, body) = whole_body(text)?;
    (listed == segments).then_some(body)
}

/// The segments line and the body of a list written by this version, if the list is
/// whole: as many lines as its header says, with the checksum it says (what `check`
/// verifies, whatever segments the list describes).
pub(crate) fn whole_body(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix(HEADER)?.strip_prefix('\n')?;
    let (segments, rest) = rest.split_once('\n')?;
    let (counts, body) = rest.split_once('\n')?;
    let mut words = counts.strip_prefix("# values ")?.split(' ');
    let n: usize = words.next()?.parse().ok()?;
    let sum = words.nth(1)?;
    let whole = count_newlines(body.as_bytes()) == n
        && sum == format!("{:016x}", xxhash_rust::xxh3::xxh3_64(body.as_bytes()));
    whole.then_some((segments, body))
}

/// The number of `\n` bytes in `b`, eight bytes at a time.
fn count_newlines(b: &[u8]) -> usize {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let (words, rest) = b.as_chunks::<8>();
    let mut n = 0;
    for w in words {
        // A byte of `x` is 0 where `w` has a newline; its high bit of `zero` is then set.
        let x = u64::from_ne_bytes(*w) ^ 0x0a0a_0a0a_0a0a_0a0a;
        let zero = !(((x & LOW) + LOW) | x | LOW);
        n += zero.count_ones() as usize;
    }
    n + rest.iter().filter(|&&c| c == b'\n').count()
}

/// Calls `f` with each value under `/root` of each segment's facet dictionary (a value
/// held by several segments comes once per segment).
pub fn scan(searcher: &Searcher, root: &str, mut f: impl FnMut(&str)) -> Result<()> {
    let prefix = Facet::from_path([root]);
    let mut lo = prefix.encoded_str().as_bytes().to_vec();
    lo.push(0);
    let mut hi = prefix.encoded_str().as_bytes().to_vec();
    hi.push(1);
    // The facet column's dictionary (an sstable) streams several times faster than the
    // inverted index's FST, and holds only the values themselves, not their ancestors.
    for seg in searcher.segment_readers() {
        let Ok(reader) = seg.facet_reader("entity") else {
            continue;
        };
        let mut stream = reader.facet_dict().range().ge(&lo).lt(&hi).into_stream()?;
        while stream.advance() {
            if let Some(v) = stream.key().get(lo.len()..) {
                if !v.contains(&0) {
                    if let Ok(v) = std::str::from_utf8(v) {
                        f(v);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Writes the lists of `roots` for what `searcher` sees (each file: a temp file, then
/// renamed).
pub fn save(ni: &NewsIndex, searcher: &Searcher, roots: &[&str]) -> Result<()> {
    let dir = ni.dir.join(VALUES_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    #[cfg(unix)]
    {
        // The index folder's bits whatever the umask, so that whoever may search the
        // index may read the lists (best effort: some filesystems refuse chmod).
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = std::fs::metadata(&ni.dir) {
            let mode = m.permissions().mode() & 0o777;
            let _ = std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(mode));
        }
    }
    let segments = segments_line(searcher);
    for root in roots {
        let file = path(ni, root);
        if std::fs::read_to_string(&file).is_ok_and(|text| valid_body(&text, &segments).is_some()) {
            // A run that changed nothing: the list already describes these segments.
            continue;
        }
        let mut values = BTreeSet::new();
        scan(searcher, root, |v| {
            if !values.contains(v) {
                values.insert(v.to_owned());
            }
        })?;
        if values.iter().any(|v| v.contains(['\t', '\n', '\r'])) {
            // Not representable in this format: searches will scan instead.
            let _ = std::fs::remove_file(&file);
            continue;
        }
        let mut body = String::new();
        let mut folded = String::new();
        for v in &values {
            fold_into(v, &mut folded);
            let _ = writeln!(body, "{folded}\t{v}");
        }
        let sum = xxhash_rust::xxh3::xxh3_64(body.as_bytes());
        let out = format!(
            "{HEADER}\n{segments}\n# values {} xxh3 {sum:016x}\n{body}",
            values.len()
        );
        crate::directory::write_file_atomic(&file, out.as_bytes())
            .with_context(|| format!("cannot write {}", file.display()))?;
    }
    ordinals::save(ni, searcher)?;
    if roots.contains(&"person") {
        groups::save(ni, searcher)?;
    }
    Ok(())
}

/// Calls `f(value, folded)` for each value under `/root`: from the saved list when it
/// matches the segments `searcher` sees (`folded` is then given), else by scanning the
/// segments (`folded` is `None`).
pub fn for_each(
    ni: &NewsIndex,
    searcher: &Searcher,
    root: &str,
    f: impl FnMut(&str, Option<&str>),
) -> Result<()> {
    for_each_containing(ni, searcher, root, None, f)
}

/// Calls `f` with each line of `body` that holds `word` (not empty), once, in order.
/// memchr's vectorized search takes about a tenth of the instructions of
/// `str::match_indices` over a list of 60 KB (issue 11).
fn lines_containing<'a>(body: &'a str, word: &str, mut f: impl FnMut(&'a str)) {
    let bytes = body.as_bytes();
    // The end of the last line given: a line with two matches is given once.
    let mut done = 0;
    for at in memchr::memmem::find_iter(bytes, word.as_bytes()) {
        if at < done {
            continue;
        }
        // Line ends are newlines or the ends of the body: character boundaries.
        let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if let Some(l) = body.get(start..end) {
            f(l);
        }
        done = end;
    }
}

/// [`for_each`], except that from the saved list only the lines that hold `word` are
/// given (one search over the whole list instead of a look at every value: a value
/// whose folded form holds `word` is among them); values from a scan of the segments
/// are all given.
pub fn for_each_containing(
    ni: &NewsIndex,
    searcher: &Searcher,
    root: &str,
    word: Option<&str>,
    mut f: impl FnMut(&str, Option<&str>),
) -> Result<()> {
    if let Ok(text) = std::fs::read_to_string(path(ni, root)) {
        if let Some(body) = valid_body(&text, &segments_line(searcher)) {
            let line = |line: &str| {
                if let Some((folded, value)) = line.split_once('\t') {
                    f(value, Some(folded));
                }
            };
            match word.filter(|w| !w.is_empty()) {
                Some(word) => lines_containing(body, word, line),
                None => body.lines().for_each(line),
            }
            return Ok(());
        }
    }
    scan(searcher, root, |v| f(v, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(values: &[&str]) -> String {
        let body: String = values.iter().map(|v| format!("{v}\t{v}\n")).collect();
        format!(
            "{HEADER}\n# segments a b\n# values {} xxh3 {:016x}\n{body}",
            values.len(),
            xxhash_rust::xxh3::xxh3_64(body.as_bytes())
        )
    }

    /// The lines holding a word are those a line-by-line `contains` finds: words at
    /// the start and end of lines and of the body, twice in a line, across no line end,
    /// beside characters of several bytes.
    #[test]
    fn lines_containing_a_word_are_the_lines_that_contain_it() {
        let body = "brandt\tBrandt\nhans brandt\tHans Brandt\nnaïve brandtbrandt\tX\n\
                    ørsted\tØrsted\nbran\ndt\tno\nélodie brandt\tÉlodie Brandt";
        for word in [
            "brandt", "ørsted", "dt", "\t", "naïve", "ï", "t\tno", "zz", "élodie",
        ] {
            let mut got = Vec::new();
            lines_containing(body, word, |l| got.push(l));
            let want: Vec<&str> = body.lines().filter(|l| l.contains(word)).collect();
            assert_eq!(got, want, "{word:?}");
        }
    }

    #[test]
    fn newlines_are_counted_in_any_position() {
        let mut text = [b'a'; 70];
        for at in [0, 7, 8, 9, 15, 16, 63, 64, 69] {
            text[at] = b'\n';
        }
        for start in 0..text.len() {
            let want = text[start..].iter().filter(|&&c| c == b'\n').count();
            assert_eq!(count_newlines(&text[start..]), want, "from {start}");
        }
        // Bytes next to a newline's value, and high bytes, are not newlines.
        assert_eq!(count_newlines(b"\x0b\x09\x8a\xff\n\n\x00\x0a\x0a"), 4);
    }

    #[test]
    fn only_whole_lists_for_the_same_segments_are_used() {
        let text = list(&["blair", "brown", "straw"]);
        assert!(valid_body(&text, "# segments a b").is_some());
        assert!(valid_body(&text, "# segments a c").is_none());
        // Truncated with the header intact: a line gone, or cut mid-line.
        let cut = text.rfind("straw").expect("value");
        assert!(valid_body(&text[..cut], "# segments a b").is_none());
        assert!(valid_body(&text[..text.len() - 2], "# segments a b").is_none());
        // A value changed in place.
        let flipped = text.replace("brown", "brawn");
        assert!(valid_body(&flipped, "# segments a b").is_none());
    }
}
