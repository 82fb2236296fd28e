//! The manifest: what the index remembers of each file it holds (size, mtime, content
//! hash), so unchanged files are skipped; written atomically, before and after each
//! commit, and only when it changed.
//!
//! It is a small binary file (about a third of the JSON it replaced): a header, the
//! generation of the commit it is in step with (0 for none, else the generation + 1,
//! see [`load_manifest_in_step`]), the number of entries, then per file (in path order)
//! the path as the bytes it shares with the previous path and the rest, the size and
//! mtime as varints and the xxh3-128 hash, and at the end an xxh3-64 checksum of
//! everything before it. Varints are little-endian base 128.

use super::*;

/// What the index remembers of each file it holds, to skip unchanged files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileState {
    /// File size in bytes when it was indexed.
    pub size: u64,
    /// Modification time when it was indexed, in nanoseconds since the Unix epoch (0
    /// when the file system gives none).
    pub mtime_ns: i128,
    /// xxh3-128 of the content.
    pub hash: u128,
}

impl FileState {
    /// The entry of a file only partly indexed: it matches no file on disk.
    pub(crate) fn unfinished() -> FileState {
        FileState {
            size: u64::MAX,
            mtime_ns: 0,
            hash: 0,
        }
    }

    /// True for the placeholder entry of a file only partly indexed (see
    /// `FileState::unfinished`): it matches no file on disk.
    pub fn is_unfinished(&self) -> bool {
        *self == FileState::unfinished()
    }
}

pub(crate) const MANIFEST_FILE: &str = "manifest.bin";
/// What an index of schema version 3 or older kept instead (removed by `--rebuild`).
pub(crate) const OLD_MANIFEST_FILE: &str = "manifest.json";
const MAGIC: &[u8; 8] = b"NDXMAN2\n";
/// The first format (before the generation was written): read as naming no commit.
const MAGIC_V1: &[u8; 8] = b"NDXMAN1\n";

pub(crate) fn stat(path: &Path) -> Option<(u64, i128)> {
    let m = std::fs::metadata(path).ok()?;
    let mtime = m
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i128)
        .unwrap_or(0);
    Some((m.len(), mtime))
}

fn put_varint(out: &mut Vec<u8>, mut v: u128) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads what [`put_varint`] wrote at the front of `input`, advancing it.
fn take_varint(input: &mut &[u8]) -> Option<u128> {
    let mut v = 0u128;
    for shift in (0..128).step_by(7) {
        let (&byte, rest) = input.split_first()?;
        *input = rest;
        v |= u128::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    if input.len() < n {
        return None;
    }
    let (head, rest) = input.split_at(n);
    *input = rest;
    Some(head)
}

/// The manifest's bytes. `generation` is the commit of both indexes that the list is
/// known to be in step with (see [`load_manifest_in_step`]), or `None`.
pub(crate) fn encode(m: &BTreeMap<String, FileState>, generation: Option<u64>) -> Vec<u8> {
    let mut out = Vec::with_capacity(24 + m.len() * 48);
    out.extend_from_slice(MAGIC);
    put_varint(&mut out, generation.map_or(0, |g| u128::from(g) + 1));
    put_varint(&mut out, m.len() as u128);
    let mut prev: &[u8] = &[];
    for (key, st) in m {
        let key = key.as_bytes();
        let shared = prev.iter().zip(key).take_while(|(a, b)| a == b).count();
        put_varint(&mut out, shared as u128);
        put_varint(&mut out, (key.len() - shared) as u128);
        out.extend_from_slice(&key[shared..]);
        put_varint(&mut out, u128::from(st.size));
        // Zigzag: an mtime before 1970 is negative.
        put_varint(
            &mut out,
            ((st.mtime_ns << 1) ^ (st.mtime_ns >> 127)) as u128,
        );
        out.extend_from_slice(&st.hash.to_le_bytes());
        prev = key;
    }
    let sum = xxhash_rust::xxh3::xxh3_64(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

/// Reads [`encode`]'s bytes (or those of the first format, which names no commit),
/// calling `visit` with each entry in path order; `None` if they are not a whole
/// manifest, else the commit it names.
fn parse(bytes: &[u8], mut visit: impl FnMut(&str, FileState)) -> Option<Option<u64>> {
    let (body, sum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
    if xxhash_rust::xxh3::xxh3_64(body).to_le_bytes() != sum {
        return None;
    }
    let (mut input, generation) = if let Some(mut rest) = body.strip_prefix(MAGIC.as_slice()) {
        let g = match take_varint(&mut rest)?.checked_sub(1) {
            None => None,
            Some(g) => Some(u64::try_from(g).ok()?),
        };
        (rest, g)
    } else {
        (body.strip_prefix(MAGIC_V1.as_slice())?, None)
    };
    let n = take_varint(&mut input)?;
    let mut key: Vec<u8> = Vec::new();
    for _ in 0..n {
        let shared = usize::try_from(take_varint(&mut input)?).ok()?;
        let len = usize::try_from(take_varint(&mut input)?).ok()?;
        if shared > key.len() {
            return None;
        }
        key.truncate(shared);
        key.extend_from_slice(take(&mut input, len)?);
        let size = u64::try_from(take_varint(&mut input)?).ok()?;
        let z = take_varint(&mut input)?;
        let mtime_ns = (z >> 1) as i128 ^ -((z & 1) as i128);
        let hash = u128::from_le_bytes(take(&mut input, 16)?.try_into().ok()?);
        visit(
            std::str::from_utf8(&key).ok()?,
            FileState {
                size,
                mtime_ns,
                hash,
            },
        );
    }
    input.is_empty().then_some(generation)
}

/// Reads [`encode`]'s bytes: the entries and the commit the list names; `None` if they
/// are not a whole manifest.
pub(crate) fn decode(bytes: &[u8]) -> Option<(BTreeMap<String, FileState>, Option<u64>)> {
    // Entries come in path order, so the map is built in one pass from the sorted list
    // instead of by one insertion each.
    let mut entries = Vec::new();
    let generation = parse(bytes, |k, st| entries.push((k.to_owned(), st)))?;
    Some((entries.into_iter().collect(), generation))
}

/// Why the manifest at `path` cannot be used, if it cannot (for `check`).
pub(crate) fn problem(path: &Path) -> Option<String> {
    match std::fs::read(path) {
        Err(e) => Some(format!("cannot be read ({e})")),
        Ok(bytes) => parse(&bytes, |_, _| {})
            .is_none()
            .then(|| "is not a whole list of files (cut short or changed)".to_string()),
    }
}

/// The manifest of the index in `dir`, by path key; empty if it is missing or damaged.
pub fn load_manifest(dir: &Path) -> BTreeMap<String, FileState> {
    load_manifest_in_step(dir).0
}

/// [`load_manifest`], and the generation of the commit the list is in step with: it
/// is written with one only right after a commit of both indexes (and when a run that
/// committed nothing writes a list that had one), and a run that starts out of step
/// lists every path the index holds before it commits (see `run_index`), so when both
/// indexes still carry that generation, every file they hold documents of is in the
/// list. A list written before a commit (without the files it touches) or by an older
/// newsdex names none.
pub fn load_manifest_in_step(dir: &Path) -> (BTreeMap<String, FileState>, Option<u64>) {
    std::fs::read(dir.join(MANIFEST_FILE))
        .ok()
        .and_then(|b| decode(&b))
        .unwrap_or_default()
}

/// Writes the manifest atomically (temp file + rename), so a crash leaves the old one.
/// `generation`: see [`load_manifest_in_step`].
pub(crate) fn save_manifest(
    dir: &Path,
    m: &BTreeMap<String, FileState>,
    generation: Option<u64>,
) -> Result<()> {
    use std::io::Write;
    let tmp = dir.join(format!("{MANIFEST_FILE}.tmp"));
    let bytes = encode(m, generation);
    let write = || -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        #[cfg(unix)]
        {
            // The folder's read and write bits, as for every file of the index, whatever
            // the umask (best effort: some filesystems refuse chmod).
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir).map_or(0o644, |m| m.permissions().mode() & 0o666);
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
        }
        file.write_all(&bytes)?;
        file.sync_all()
    };
    write().with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, dir.join(MANIFEST_FILE))
        .with_context(|| format!("cannot update the manifest in {}", dir.display()))?;
    Ok(())
}

/// xxh3-128 of a file's content, read in pieces.
pub(crate) fn hash_file(path: &Path) -> Result<u128, IngestError> {
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
    Ok(hasher.digest128())
}

/// The manifest entry for a file read with this stat and content hash, and whether its
/// content is the one the manifest already knows (then nothing is re-indexed).
pub(crate) fn observed(
    st: Option<(u64, i128)>,
    hash: u128,
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

#[cfg(test)]
mod tests {

    #[test]
    fn a_file_is_unchanged_only_with_the_same_hash_and_size() {
        let known = FileState {
            size: 10,
            mtime_ns: 5,
            hash: 42,
        };
        // A new mtime alone (a touch) keeps the file unchanged, with the new state.
        let (state, unchanged) = observed(Some((10, 9)), 42, Some(&known));
        assert!(unchanged);
        assert_eq!(state.map(|s| s.mtime_ns), Some(9));
        assert!(
            !observed(Some((10, 5)), 43, Some(&known)).1,
            "other content"
        );
        assert!(!observed(Some((11, 5)), 42, Some(&known)).1, "other size");
        assert!(!observed(Some((10, 5)), 42, None).1, "a new file");
        assert_eq!(observed(None, 42, Some(&known)), (None, false));
    }
    use super::*;

    fn sample() -> BTreeMap<String, FileState> {
        let mut m = BTreeMap::new();
        for (k, size, mtime_ns, hash) in [
            ("/news/2024/01/a.txt", 10, 1_700_000_000_123_456_789, 1),
            ("/news/2024/01/b.txt", 0, -5, u128::MAX),
            ("/news/2024/02/été.md", u64::MAX, 0, 0xfeed),
            ("/x", 3, i128::MIN, 7),
        ] {
            m.insert(
                k.to_string(),
                FileState {
                    size,
                    mtime_ns,
                    hash,
                },
            );
        }
        m
    }

    #[test]
    fn manifest_round_trips() {
        let m = sample();
        for g in [None, Some(0), Some(1), Some(u64::MAX)] {
            assert_eq!(decode(&encode(&m, g)), Some((m.clone(), g)));
            assert_eq!(
                decode(&encode(&BTreeMap::new(), g)),
                Some((BTreeMap::new(), g))
            );
        }
    }

    /// A manifest of the first format (no generation) is read whole, as naming no
    /// commit: the run after an upgrade checks the index's stored paths once.
    #[test]
    fn a_first_format_manifest_names_no_commit() {
        let m = sample();
        let v2 = encode(&m, Some(7));
        // The first format: the same, without the generation varint (here one byte).
        let mut v1 = MAGIC_V1.to_vec();
        v1.extend_from_slice(&v2[MAGIC.len() + 1..v2.len() - 8]);
        let sum = xxhash_rust::xxh3::xxh3_64(&v1);
        v1.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(decode(&v1), Some((m, None)));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST_FILE), &v1).unwrap();
        assert_eq!(problem(&dir.path().join(MANIFEST_FILE)), None);
        assert_eq!(load_manifest_in_step(dir.path()).1, None);
    }

    /// What `check` reads (without building the list) refuses what the run refuses.
    #[test]
    fn problem_agrees_with_decode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(MANIFEST_FILE);
        let bytes = encode(&sample(), Some(3));
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(problem(&path), None);
        assert_eq!(load_manifest_in_step(dir.path()), (sample(), Some(3)));
        for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
            std::fs::write(&path, &bytes[..cut]).unwrap();
            assert!(problem(&path).is_some(), "cut at {cut}");
            assert_eq!(load_manifest_in_step(dir.path()), (BTreeMap::new(), None));
        }
    }

    /// A manifest cut short, with a byte changed, or of another format is refused as a
    /// whole (and then every file is read again), never half read.
    #[test]
    fn damaged_manifest_is_refused() {
        let bytes = encode(&sample(), Some(12));
        for cut in 0..bytes.len() {
            assert_eq!(decode(&bytes[..cut]), None, "cut at {cut}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x20;
            assert_eq!(decode(&b), None, "byte {i} changed");
        }
        assert_eq!(decode(b"{\"/a.txt\": {}}"), None);
    }
}
