//! Archive-wide facet ordinals: every facet value of a part (articles or quotations)
//! numbered once in value order, and for each segment the archive-wide number of each of
//! its own facet ordinals. Facet counting adds each segment's per-ordinal counts into
//! one archive-wide array and reads the top values of a root straight off it, exact,
//! without looking a single value up in a segment's dictionary (issue 11: the lookups
//! were most of a search process's time on a large archive).
//!
//! Written after each `index` run beside the value lists, for the segments the run
//! left; a segment's dictionary never changes (deletions do not touch it), so the file
//! holds while the same segments are searched. A search uses it only when it names
//! every segment the search sees with that segment's number of values, and is whole
//! (length, and the checksums of the parts it reads); otherwise facet counting falls back to looking values up in
//! the segments' dictionaries (see [`crate::search::facets`]), and the next `index` run
//! writes the file again. It can be deleted at any time.

use crate::index::NewsIndex;
use anyhow::{Context, Result};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::Relaxed};
use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::Searcher;

/// The first line of an ordinals file: the version that wrote it.
pub(crate) const ORDINALS_HEADER: &str =
    concat!("# newsdex facet ordinals 2 ", env!("CARGO_PKG_VERSION"));

/// The end of an ordinals file's name (`articles-ordinals.bin`).
pub(crate) const ORDINALS_SUFFIX: &str = "-ordinals.bin";

/// The length of a segment id as the body holds it (its uuid string).
const UUID_LEN: usize = 32;

/// Bytes of names under one checksum: a search verifies only the blocks it reads
/// names from.
const NAME_BLOCK: usize = 1024;

/// The ordinals file of a part.
fn path(ni: &NewsIndex) -> PathBuf {
    ni.dir
        .join(super::VALUES_DIR)
        .join(format!("{}{ORDINALS_SUFFIX}", ni.part))
}

/// The little-endian `u32` at byte `pos` of `b` (0 past the end, which the layout check
/// rules out).
#[inline]
fn word(b: &[u8], pos: usize) -> u32 {
    b.get(pos..pos + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// Every facet value of a part numbered in value order, and each segment's ordinals
/// mapped to those numbers; read from the ordinals file (see `encode` for the layout).
pub struct GlobalOrdinals {
    /// The whole file: mapped when a search loads it (see [`load`]).
    bytes: OwnedBytes,
    /// Where the body starts in `bytes`.
    start: usize,
    values: usize,
    /// Offsets of the values' keys in the names, `values + 1` of them.
    offs: usize,
    /// Per segment: where its uuid starts, and where its map starts and its length.
    segments: Vec<(usize, usize, usize)>,
    names: usize,
    names_len: usize,
    /// Where the checksums of the name blocks start.
    sums: usize,
    /// The name blocks verified so far, one bit each.
    verified: Vec<AtomicU64>,
    /// A name block did not match its checksum: what was read is not to be used.
    damaged: AtomicBool,
}

impl std::fmt::Debug for GlobalOrdinals {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlobalOrdinals")
            .field("values", &self.values)
            .field("segments", &self.segments.len())
            .finish()
    }
}

impl GlobalOrdinals {
    fn body(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or_default()
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.values
    }

    /// Holds no value.
    pub fn is_empty(&self) -> bool {
        self.values == 0
    }

    /// The dictionary key (an encoded facet, `root\0value`) of value `g`; empty, and
    /// the ordinals [`damaged`](GlobalOrdinals::damaged) from then on, where its name
    /// block does not match its checksum.
    pub fn key(&self, g: usize) -> &[u8] {
        let b = self.body();
        let (from, to) = (word(b, self.offs + 4 * g), word(b, self.offs + 4 * g + 4));
        let (from, to) = (from as usize, to as usize);
        if from < to && !(from / NAME_BLOCK..=(to - 1) / NAME_BLOCK).all(|i| self.verify(i)) {
            return &[];
        }
        b.get(self.names + from..self.names + to)
            .unwrap_or_default()
    }

    /// Whether name block `i` matches its checksum (worked out once).
    fn verify(&self, i: usize) -> bool {
        let (word, bit) = (i / 64, 1u64 << (i % 64));
        let Some(done) = self.verified.get(word) else {
            return false;
        };
        if done.load(Relaxed) & bit != 0 {
            return true;
        }
        let b = self.body();
        let from = i * NAME_BLOCK;
        let block = b.get(self.names + from..self.names + (from + NAME_BLOCK).min(self.names_len));
        let sum = b.get(self.sums + 8 * i..self.sums + 8 * i + 8);
        let ok = matches!((block, sum), (Some(block), Some(sum))
            if sum == xxhash_rust::xxh3::xxh3_64(block).to_le_bytes());
        if ok {
            done.fetch_or(bit, Relaxed);
        } else {
            self.damaged.store(true, Relaxed);
        }
        ok
    }

    /// A name read did not match its checksum: the names and ranges read may be wrong
    /// (the counts by number are not: their part of the file was verified by [`load`]).
    pub fn damaged(&self) -> bool {
        self.damaged.load(Relaxed)
    }

    /// The values whose keys lie in `lo..hi` (byte order), as a range of numbers.
    pub fn key_range(&self, lo: &[u8], hi: &[u8]) -> std::ops::Range<usize> {
        let first = |bound: &[u8]| {
            let (mut a, mut b) = (0, self.values);
            while a < b {
                let mid = a + (b - a) / 2;
                if self.key(mid) < bound {
                    a = mid + 1;
                } else {
                    b = mid;
                }
            }
            a
        };
        let start = first(lo);
        start..first(hi).max(start)
    }

    /// The map of the segment `uuid` holding `n` values: the number of each of its
    /// ordinals, as little-endian `u32`s. `None` when the file does not describe that
    /// segment as it is.
    pub fn segment(&self, uuid: &str, n: usize) -> Option<SegmentMap<'_>> {
        let b = self.body();
        let &(_, at, len) = self
            .segments
            .iter()
            .find(|s| b.get(s.0..s.0 + UUID_LEN) == Some(uuid.as_bytes()))?;
        if len != n {
            return None;
        }
        Some(SegmentMap {
            map: b.get(at..at + 4 * len)?.as_chunks().0,
            values: self.values,
        })
    }

    /// Numbers the values of what `searcher` sees: for tests and the bench, which
    /// build their own indexes.
    #[doc(hidden)]
    pub fn from_searcher(searcher: &Searcher) -> Result<GlobalOrdinals> {
        let body = encode(searcher)?;
        read(OwnedBytes::new(body), 0)
            .context("cannot read the facet ordinals just worked out: please report this")
    }
}

/// One segment's ordinals mapped to the archive-wide numbers.
#[derive(Clone, Copy)]
pub struct SegmentMap<'a> {
    map: &'a [[u8; 4]],
    values: usize,
}

impl SegmentMap<'_> {
    /// The archive-wide number of the segment's ordinal `ord` (below
    /// [`GlobalOrdinals::len`]).
    #[inline]
    pub fn get(&self, ord: usize) -> Option<usize> {
        let g = u32::from_le_bytes(*self.map.get(ord)?) as usize;
        (g < self.values).then_some(g)
    }
}

/// The body of an ordinals file for what `searcher` sees, all numbers little-endian
/// `u32`:
///
/// - counts: values, segments, bytes of names;
/// - the offsets of the values' keys in the names (one more than values: a key ends
///   where the next starts), sorted by key: a value's number is its position;
/// - per segment with facets: its uuid (32 bytes), its number of values, then the
///   number of each of its ordinals;
/// - the names (the keys one after another);
/// - a checksum (xxh3, little-endian `u64`) of each 1 KiB block of the names, and one
///   of everything before the names.
fn encode(searcher: &Searcher) -> Result<Vec<u8>> {
    let mut per_segment: Vec<(String, Vec<Vec<u8>>)> = Vec::new();
    for seg in searcher.segment_readers() {
        let Ok(reader) = seg.facet_reader("entity") else {
            continue;
        };
        let mut keys = Vec::with_capacity(reader.num_facets());
        let mut stream = reader.facet_dict().stream()?;
        while stream.advance() {
            keys.push(stream.key().to_vec());
        }
        per_segment.push((seg.segment_id().uuid_string(), keys));
    }
    let mut all: Vec<&[u8]> = per_segment
        .iter()
        .flat_map(|(_, keys)| keys.iter().map(Vec::as_slice))
        .collect();
    all.sort_unstable();
    all.dedup();
    let n32 = |n: usize| {
        u32::try_from(n).context(
            "the facet values do not fit their table (more than 4 billion): split the \
             archive into several indexes",
        )
    };
    let mut out: Vec<u8> = Vec::new();
    let put = |out: &mut Vec<u8>, n: u32| out.extend_from_slice(&n.to_le_bytes());
    let names_len: usize = all.iter().map(|k| k.len()).sum();
    for n in [all.len(), per_segment.len(), names_len] {
        put(&mut out, n32(n)?);
    }
    let mut off = 0;
    put(&mut out, 0);
    for k in &all {
        off += k.len();
        put(&mut out, n32(off)?);
    }
    for (uuid, keys) in &per_segment {
        anyhow::ensure!(uuid.len() == UUID_LEN, "unexpected segment id {uuid}");
        out.extend_from_slice(uuid.as_bytes());
        put(&mut out, n32(keys.len())?);
        // Both sorted: one walk through the numbered values.
        let mut g = 0;
        for k in keys {
            while all.get(g).is_some_and(|a| *a < k.as_slice()) {
                g += 1;
            }
            put(&mut out, n32(g)?);
        }
    }
    let names = out.len();
    for k in &all {
        out.extend_from_slice(k);
    }
    let sums: Vec<u8> = out[names..]
        .chunks(NAME_BLOCK)
        .flat_map(|block| xxhash_rust::xxh3::xxh3_64(block).to_le_bytes())
        .collect();
    let numbers = xxhash_rust::xxh3::xxh3_64(&out[..names]);
    out.extend_from_slice(&sums);
    out.extend_from_slice(&numbers.to_le_bytes());
    Ok(out)
}

/// Reads a body [`encode`] wrote (from `start` in `bytes`); `None` if it is not one.
/// Only lengths are read, and the checksum of the numbers (counts, offsets, segment
/// maps) is verified: the names are verified a block at a time as they are read
/// ([`GlobalOrdinals::key`]), and every lookup stays within the body whatever it holds.
fn read(bytes: OwnedBytes, start: usize) -> Option<GlobalOrdinals> {
    let b = bytes.get(start..)?;
    let count = |pos: usize| Some(word(b.get(pos..pos + 4)?, 0) as usize);
    let (values, segs, names_len) = (count(0)?, count(4)?, count(8)?);
    let mut pos = 12usize;
    let mut take = |n: usize, size: usize| -> Option<usize> {
        let at = pos;
        pos = pos.checked_add(n.checked_mul(size)?)?;
        (pos <= b.len()).then_some(at)
    };
    let offs = take(values.checked_add(1)?, 4)?;
    let mut segments = Vec::with_capacity(segs.min(1024));
    for _ in 0..segs {
        let uuid = take(1, UUID_LEN)?;
        let n = count(take(1, 4)?)?;
        segments.push((uuid, take(n, 4)?, n));
    }
    let names = take(names_len, 1)?;
    let blocks = names_len.div_ceil(NAME_BLOCK);
    let sums = take(blocks, 8)?;
    let numbers = take(1, 8)?;
    if pos != b.len()
        || b.get(numbers..)? != xxhash_rust::xxh3::xxh3_64(b.get(..names)?).to_le_bytes()
    {
        return None;
    }
    Some(GlobalOrdinals {
        bytes,
        start,
        values,
        offs,
        segments,
        names,
        names_len,
        sums,
        verified: (0..blocks.div_ceil(64))
            .map(|_| AtomicU64::new(0))
            .collect(),
        damaged: AtomicBool::new(false),
    })
}

/// The key line and where the body starts, if `bytes` is a whole file this version
/// wrote (see [`super::whole_file`]), its checksum verified.
fn whole_file<'a>(bytes: &'a [u8], key: Option<&str>) -> Option<(&'a [u8], usize)> {
    super::whole_file(bytes, ORDINALS_HEADER, key, super::Verify::Sum)
}

/// The ordinals of `ni` as `searcher` sees it, from the file the last `index` run wrote;
/// `None` when there is no such file or it describes other segments or is damaged.
/// The file is mapped, not read: a search process then neither copies it nor fills
/// fresh heap pages with it (about half a MB at 100k articles), and its pages are the
/// page cache's (issue 11). An `index` run replaces the file by a rename, so the
/// mapped one stays whole.
///
/// The whole body's checksum (`newsdex check`'s, and `index`'s before it keeps a
/// file) is not worked out here: it cost 0.32 M instructions and every page of the
/// file (about half a MB at 100k articles) for each search, issue 11. What a search
/// reads is verified instead: the numbers (counts, offsets, segment maps: a third of
/// the file) by their checksum here, and the names a 1 KiB block at a time as they are
/// read, by [`GlobalOrdinals::key`]; a search that meets a damaged block counts facets
/// without the file ([`GlobalOrdinals::damaged`]).
pub fn load(ni: &NewsIndex, searcher: &Searcher) -> Option<GlobalOrdinals> {
    let file = path(ni);
    let bytes = MmapDirectory::open(file.parent()?)
        .ok()?
        .open_read(std::path::Path::new(file.file_name()?))
        .ok()?
        .read_bytes()
        .ok()?;
    let key = super::segments_line(searcher);
    let (_, start) = super::whole_file(&bytes, ORDINALS_HEADER, Some(&key), super::Verify::Length)?;
    read(bytes, start)
}

/// Writes the ordinals file of `ni` for what `searcher` sees, unless it already
/// describes these segments.
pub fn save(ni: &NewsIndex, searcher: &Searcher) -> Result<()> {
    let key = super::segments_line(searcher);
    let file = path(ni);
    if std::fs::read(&file).is_ok_and(|bytes| whole_file(&bytes, Some(&key)).is_some()) {
        return Ok(());
    }
    let body = encode(searcher)?;
    let sum = xxhash_rust::xxh3::xxh3_64(&body);
    let mut out = format!(
        "{ORDINALS_HEADER}\n{key}\n# bytes {} xxh3 {sum:016x}\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    crate::directory::write_file_atomic(&file, &out)
        .with_context(|| format!("cannot write {}", file.display()))
}

/// What `newsdex check` says of an ordinals file: fine when this version wrote it whole
/// (or another version wrote it: it is only stale).
pub(crate) fn check_file(file: &std::path::Path) -> Result<(), String> {
    let Some((bytes, start)) =
        super::check_whole_file(file, "# newsdex facet ordinals", ORDINALS_HEADER)?
    else {
        return Ok(());
    };
    read(OwnedBytes::new(bytes), start)
        .map(|_| ())
        .ok_or_else(|| "is damaged: its sections do not add up".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Facet, FacetOptions, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Two segments with overlapping values: each ordinal maps to the number of its own
    /// key, keys come out sorted, and a root's values form one range.
    #[test]
    fn segment_ordinals_map_to_their_keys() {
        let mut sb = Schema::builder();
        let entity = sb.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for segment in [
            &[("person", "Bo"), ("place", "Oslo")][..],
            &[("person", "Ana"), ("person", "Bo"), ("org", "UN")],
        ] {
            for (root, v) in segment {
                let mut doc = TantivyDocument::new();
                doc.add_facet(entity, Facet::from_path([*root, *v]));
                w.add_document(doc).unwrap();
            }
            w.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        let g = GlobalOrdinals::from_searcher(&searcher).unwrap();
        let keys: Vec<&[u8]> = (0..g.len()).map(|i| g.key(i)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
        assert_eq!(g.len(), 4);
        for seg in searcher.segment_readers() {
            let reader = seg.facet_reader("entity").unwrap();
            let map = g
                .segment(&seg.segment_id().uuid_string(), reader.num_facets())
                .unwrap();
            let mut stream = reader.facet_dict().stream().unwrap();
            let mut ord = 0;
            while stream.advance() {
                assert_eq!(g.key(map.get(ord).unwrap()), stream.key());
                ord += 1;
            }
            // Another number of values: the segment is not the one described.
            assert!(g
                .segment(&seg.segment_id().uuid_string(), reader.num_facets() + 1)
                .is_none());
        }
        let range = g.key_range(b"person\0", b"person\x01");
        let people: Vec<&[u8]> = range.map(|i| g.key(i)).collect();
        assert_eq!(people, [&b"person\0Ana"[..], b"person\0Bo"]);
        assert!(g.key_range(b"speaker\0", b"speaker\x01").is_empty());
    }

    /// `load` reads back (from its map of the file) what `save` wrote for the same
    /// segments, and nothing from a file one byte short or with a changed number. A
    /// changed name is found when it is read (the search then counts without the
    /// file); `check_file` names both, and `save` writes the file again.
    #[test]
    fn a_saved_file_loads_and_what_is_read_is_verified() {
        let dir = tempfile::tempdir().unwrap();
        let ni = NewsIndex::open_or_create(dir.path(), false).unwrap();
        let f = ni.fields;
        let mut w: IndexWriter = ni.index.writer_with_num_threads(1, 15_000_000).unwrap();
        for (id, person) in [("a", "Ana"), ("b", "Bo")] {
            let mut doc = TantivyDocument::new();
            doc.add_text(f.id, id);
            doc.add_facet(f.entity, Facet::from_path(["person", person]));
            w.add_document(doc).unwrap();
        }
        w.commit().unwrap();
        let searcher = ni.searcher().unwrap();
        assert!(load(&ni, &searcher).is_none(), "no file yet");
        std::fs::create_dir_all(dir.path().join(super::super::VALUES_DIR)).unwrap();
        save(&ni, &searcher).unwrap();
        let loaded = load(&ni, &searcher).expect("the file save wrote");
        let fresh = GlobalOrdinals::from_searcher(&searcher).unwrap();
        assert_eq!(loaded.len(), 2);
        let keys = |g: &GlobalOrdinals| (0..g.len()).map(|i| g.key(i).to_vec()).collect::<Vec<_>>();
        assert_eq!(keys(&loaded), keys(&fresh));
        assert!(!loaded.damaged());
        drop(loaded);
        let file = path(&ni);
        let saved = std::fs::read(&file).unwrap();
        assert!(check_file(&file).is_ok());
        std::fs::write(&file, &saved[..saved.len() - 1]).unwrap();
        assert!(load(&ni, &searcher).is_none(), "a byte short");
        // The names are the last bytes before one block checksum and the checksum of
        // the numbers; "Bo" is the last name.
        let (_, start) = whole_file(&saved, None).unwrap();
        let last_name = saved.len() - 16 - 1;
        assert_eq!(&saved[last_name - 8..=last_name], b"person\0Bo");
        for (at, what) in [(start + 12, "a number"), (last_name, "a name")] {
            let mut changed = saved.clone();
            changed[at] ^= 1;
            std::fs::write(&file, &changed).unwrap();
            let err = check_file(&file).expect_err(what);
            assert!(err.contains("checksum"), "{what}: {err}");
            match load(&ni, &searcher) {
                None => assert_eq!(what, "a number"),
                Some(g) => {
                    assert_eq!(what, "a name");
                    assert!(!g.damaged(), "nothing read yet");
                    assert_eq!(g.key(1), b"");
                    assert!(g.damaged());
                }
            }
        }
        save(&ni, &searcher).unwrap();
        assert_eq!(std::fs::read(&file).unwrap(), saved, "written again");
    }

    /// Only a whole file for the same segments is read.
    #[test]
    fn only_a_whole_file_for_the_same_segments_is_read() {
        // No values, no segments, no names: the counts, one offset and the checksum
        // of those numbers.
        let mut body = vec![0u8; 16];
        let numbers = xxhash_rust::xxh3::xxh3_64(&body);
        body.extend_from_slice(&numbers.to_le_bytes());
        let good = [
            format!(
                "{ORDINALS_HEADER}\n# segments a\n# bytes {} xxh3 {:016x}\n",
                body.len(),
                xxhash_rust::xxh3::xxh3_64(&body)
            )
            .into_bytes(),
            body,
        ]
        .concat();
        let (_, start) = whole_file(&good, Some("# segments a")).expect("whole");
        assert!(read(OwnedBytes::new(good.clone()), start).is_some());
        assert!(whole_file(&good, Some("# segments b")).is_none());
        assert!(whole_file(&good[..good.len() - 1], Some("# segments a")).is_none());
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(whole_file(&flipped, Some("# segments a")).is_none());
    }
}
