//! The manifest: what the index remembers of each file it holds (size, mtime, content
//! hash), so unchanged files are skipped; written atomically, before and after each
//! commit.

use super::*;

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
    pub(crate) fn unfinished() -> FileState {
        FileState {
            size: u64::MAX,
            mtime_ns: 0,
            hash: String::new(),
        }
    }
}

pub(crate) const MANIFEST_FILE: &str = "manifest.json";

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

pub(crate) fn load_manifest(dir: &Path) -> BTreeMap<String, FileState> {
    std::fs::read(dir.join(MANIFEST_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the manifest atomically (temp file + rename), so a crash leaves the old one.
pub(crate) fn save_manifest(dir: &Path, m: &BTreeMap<String, FileState>) -> Result<()> {
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

/// xxh3-128 of a file's content, read in pieces.
pub(crate) fn hash_file(path: &Path) -> Result<String, IngestError> {
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
pub(crate) fn hex128(h: u128) -> String {
    format!("{h:032x}")
}

/// The manifest entry for a file read with this stat and content hash, and whether its
/// content is the one the manifest already knows (then nothing is re-indexed).
pub(crate) fn observed(
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
