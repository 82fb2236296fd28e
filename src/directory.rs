//! tantivy's memory-mapped directory, readable when the folder is read-only.
//!
//! tantivy's reader takes a lock file (`.tantivy-meta.lock`) while it opens the segments,
//! so that a writer's garbage collection does not delete them under it; opening that
//! file for writing fails on a folder the user may not write (an archive on read-only
//! media, a colleague's index). There the lock is taken on the file opened for reading
//! (a shared `flock` needs no write permission), and where even that is impossible (no
//! lock file) it is a no-op; every other operation, and every other error, is the plain
//! `MmapDirectory`'s.
//!
//! A one-shot command (a `search` or `quotes` process, which reads a few pieces of each
//! segment file once and exits) opens the index with [`IndexDirectory::open_one_shot`]:
//! see [`OneShotFile`].
//!
//! `meta.json` and `.managed.json` are written through a temp file that already has the
//! folder's read and write bits when it is renamed into place (tantivy's own temp files
//! are readable by their owner only, and a chmod after the rename leaves a moment in
//! which another user cannot read the file).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::TantivyError;

/// An `MmapDirectory` whose locks work where the folder is not writable, and whose files
/// get the folder's read and write bits.
#[derive(Clone, Debug)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    /// Segment files are read as [`OneShotFile`]s (on Unix).
    #[cfg_attr(not(unix), allow(dead_code))]
    one_shot: bool,
}

impl IndexDirectory {
    /// Opens the existing folder `path` (an index's `tantivy/` folder); fails as
    /// `MmapDirectory::open` does when it is missing or no folder.
    pub fn open(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
            one_shot: false,
        })
    }

    /// [`IndexDirectory::open`] for a process that searches once and exits: its files
    /// are read as [`OneShotFile`]s (on Unix; elsewhere mapped as usual).
    pub fn open_one_shot(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            one_shot: true,
            ..IndexDirectory::open(path)?
        })
    }

    /// Gives the file at `path` the folder's read and write bits (drwxr-xr-x gives
    /// -rw-r--r--), whatever the umask (077, say) took away: users who may read the
    /// folder may read the index. Best effort: some filesystems refuse chmod.
    fn give_folder_bits(&self, path: &Path) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = self.root.join(path);
            if let (Ok(dir), Ok(meta)) = (std::fs::metadata(&self.root), std::fs::metadata(&file)) {
                let mode = dir.permissions().mode() & 0o666;
                if meta.permissions().mode() & 0o777 != mode {
                    let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode));
                }
            }
        }
        #[cfg(not(unix))]
        let _ = path;
    }
}

fn is_read_only(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

impl Directory for IndexDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        #[cfg(unix)]
        if self.one_shot {
            match OneShotFile::open(&self.root.join(path)) {
                Ok(Some(f)) => return Ok(Arc::new(f)),
                Ok(None) => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {
                    return Err(OpenReadError::FileDoesNotExist(path.to_path_buf()))
                }
                Err(e) => return Err(OpenReadError::wrap_io_error(e, path.to_path_buf())),
            }
        }
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let w = self.inner.open_write(path)?;
        // Segment files are read by no one before a later meta.json names them, so the
        // mode can follow the creation.
        self.give_folder_bits(path);
        Ok(w)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        write_file_atomic(&self.root.join(path), data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if is_read_only(&e) => {
                // The meta lock (blocking) keeps garbage collection away while segments
                // are opened: take it shared on the file opened for reading. The writer
                // lock (non-blocking) guards writes, which fail here anyway.
                if lock.is_blocking {
                    if let Ok(file) = std::fs::File::open(self.root.join(&lock.filepath)) {
                        if file.lock_shared().is_ok() {
                            return Ok(DirectoryLock::from(Box::new(file)));
                        }
                    }
                }
                let path: PathBuf = lock.filepath.clone();
                Ok(DirectoryLock::from(Box::new(path)))
            }
            Ok(l) => {
                // Created by tantivy under the umask: readers who may not write the
                // folder need to open it for reading.
                self.give_folder_bits(&lock.filepath);
                Ok(l)
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// Reads of at most this many bytes are copied out of the file by a `pread`; larger ones
/// are slices of the file mapped whole. A search reads store blocks of about 22 KB (LZ4
/// of 32 KiB), footers, postings of a few KB and the field norms of a small segment;
/// term dictionaries, fast field columns and larger field norms are mapped (issue 11:
/// 16, 32 and 64 KiB were timed; copies of 64 KiB cost more in fresh heap pages than
/// the faults they save).
#[cfg(unix)]
const COPY_MAX: usize = 32 * 1024;

/// At most this many [`OneShotFile`]s are open at once (each keeps its file open): files
/// past it are mapped as tantivy maps them, so that an index of many segments stays
/// far below the usual limit of 1,024 open files.
#[cfg(unix)]
const MAX_ONE_SHOT_FILES: usize = 256;

/// The [`OneShotFile`]s open now.
#[cfg(unix)]
static ONE_SHOT_FILES: AtomicU64 = AtomicU64::new(0);

/// A segment file as a one-shot process reads it: small reads (footers, a term's
/// postings, a store block, the deletes) are copied out with `pread`, and the file is
/// mapped only at its first larger read (a term dictionary, a fast field column), and
/// then left mapped until the process exits.
///
/// Each first touch of a page of a mapped file costs a page fault, which maps the 16
/// pages around it, and every page so mapped is unmapped again at exit: about 5 µs in
/// all on this project's machine, against about 1 µs for a `pread` of a few KB. A search
/// process at 100k articles read most of its segment files a few bytes here and there
/// (issue 11). `newsdex serve` and `index` map files as tantivy does: their pages stay
/// mapped from one read to the next.
///
/// The file stays open while the handle lives, so a writer that deletes it (a merge's
/// garbage collection) leaves it readable, as it leaves tantivy's maps.
#[cfg(unix)]
#[derive(Debug)]
pub struct OneShotFile {
    file: std::fs::File,
    len: usize,
    /// The whole file, mapped at the first read past [`COPY_MAX`].
    mapped: std::sync::OnceLock<tantivy::directory::OwnedBytes>,
}

#[cfg(unix)]
impl OneShotFile {
    /// Opens `path` (no read yet); `None` when [`MAX_ONE_SHOT_FILES`] are open already.
    fn open(path: &Path) -> io::Result<Option<OneShotFile>> {
        if ONE_SHOT_FILES.fetch_add(1, Ordering::Relaxed) >= MAX_ONE_SHOT_FILES as u64 {
            ONE_SHOT_FILES.fetch_sub(1, Ordering::Relaxed);
            return Ok(None);
        }
        let opened = (|| {
            let file = std::fs::File::open(path)?;
            let len = usize::try_from(file.metadata()?.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "file too large"))?;
            Ok(OneShotFile {
                file,
                len,
                mapped: std::sync::OnceLock::new(),
            })
        })();
        if opened.is_err() {
            ONE_SHOT_FILES.fetch_sub(1, Ordering::Relaxed);
        }
        opened.map(Some)
    }

    /// Bytes `range` of the file (within its length), read with `pread` into a buffer
    /// that is not zeroed first (zeroing cost more than the reads themselves).
    fn copy(&self, range: std::ops::Range<usize>) -> io::Result<Vec<u8>> {
        use std::os::fd::AsRawFd;
        let n = range.len();
        let mut buf: Vec<u8> = Vec::with_capacity(n);
        let mut done = 0;
        while done < n {
            let at = libc::off_t::try_from(range.start + done)
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "offset too large"))?;
            // SAFETY: writes at most `n - done` bytes into the buffer's capacity of `n`,
            // from byte `done` on.
            let read = unsafe {
                libc::pread(
                    self.file.as_raw_fd(),
                    buf.as_mut_ptr().add(done).cast(),
                    n - done,
                    at,
                )
            };
            match usize::try_from(read) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(k) => done += k,
                Err(_) => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(e);
                    }
                }
            }
        }
        // SAFETY: `pread` wrote all `n` bytes.
        unsafe { buf.set_len(n) };
        Ok(buf)
    }

    /// The whole file, mapped (never unmapped: the process exits instead).
    fn mapped(&self) -> io::Result<&tantivy::directory::OwnedBytes> {
        if let Some(m) = self.mapped.get() {
            return Ok(m);
        }
        use std::os::fd::AsRawFd;
        // SAFETY: a read-only shared map of a whole open file, checked for failure; the
        // file's length is not 0 here (every range of an empty file is copied).
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                self.len,
                libc::PROT_READ,
                libc::MAP_SHARED,
                self.file.as_raw_fd(),
                0,
            )
        };
        if ptr == libc::MAP_FAILED {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: the map is `len` readable bytes and is never unmapped, so it lives as
        // long as the process. Segment files are written once and never changed (a
        // writer deletes them whole, which leaves a map valid), as with tantivy's maps.
        let bytes: &'static [u8] = unsafe { std::slice::from_raw_parts(ptr.cast(), self.len) };
        // Another thread that mapped the file at the same moment leaves one map unused.
        Ok(self
            .mapped
            .get_or_init(|| tantivy::directory::OwnedBytes::new(bytes)))
    }
}

#[cfg(unix)]
impl Drop for OneShotFile {
    fn drop(&mut self) {
        ONE_SHOT_FILES.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(unix)]
impl tantivy::HasLen for OneShotFile {
    fn len(&self) -> usize {
        self.len
    }
}

#[cfg(unix)]
impl FileHandle for OneShotFile {
    fn read_bytes(
        &self,
        range: std::ops::Range<usize>,
    ) -> io::Result<tantivy::directory::OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("bytes {range:?} of a file of {} bytes", self.len),
            ));
        }
        if range.len() <= COPY_MAX {
            return self.copy(range).map(tantivy::directory::OwnedBytes::new);
        }
        Ok(self.mapped()?.slice(range))
    }
}

/// Writes `data` to a new temp file in `folder` that has the folder's read and write
/// bits (drwxr-xr-x gives -rw-r--r--, drwx------ gives -rw-------) and is synced to disk,
/// and returns its path: renamed into place, it is complete and readable from the
/// first moment. The name starts with a dot, so tantivy never manages or collects it.
fn write_temp(folder: &Path, data: &[u8]) -> io::Result<PathBuf> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    #[cfg(unix)]
    let mode = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(folder).map_or(0o644, |m| m.permissions().mode() & 0o666)
    };
    loop {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = folder.join(format!(".newsdex-{}-{n}.tmp", std::process::id()));
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, mode);
        let mut file = match options.open(&tmp) {
            Ok(f) => f,
            // Left by a crashed process that had this id.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = (|| {
            // The umask may have taken bits away. Best effort: some filesystems (FAT,
            // some network mounts) refuse chmod.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
            }
            file.write_all(data)?;
            file.sync_all()
        })();
        return match written {
            Ok(()) => Ok(tmp),
            Err(e) => {
                drop(file);
                let _ = std::fs::remove_file(&tmp);
                Err(e)
            }
        };
    }
}

/// Writes `target` whole or not at all: a temp file beside it with the folder's read
/// and write bits, synced, renamed into place, the folder synced. Readers never see a
/// partial file, and another user who may read the folder may read the file.
pub fn write_file_atomic(target: &Path, data: &[u8]) -> io::Result<()> {
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = write_temp(folder, data)?;
    if let Err(e) = std::fs::rename(&tmp, target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // The rename itself reaches the disk with the folder's entry.
    #[cfg(unix)]
    std::fs::File::open(folder)?.sync_all()?;
    Ok(())
}

/// Removes the temp files a killed process left in `folder` (only ours: the names
/// `write_temp` gives). Called by `index` under its lock, when no other writer runs.
pub fn remove_stale_temp_files(folder: &Path) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(".newsdex-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// True if `e` says a file was not found: what a reader sees when it read `meta.json`
/// just before a writer's commit and the segments it names were deleted since.
fn is_vanished(e: &TantivyError) -> bool {
    match e {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(_)) => true,
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            io_error.kind() == io::ErrorKind::NotFound
        }
        TantivyError::IoError(e) => e.kind() == io::ErrorKind::NotFound,
        _ => false,
    }
}

/// Runs `open` (opening an index or a searcher) again, a few times, while it fails
/// because a file it needs has vanished: a writer committed and removed the old
/// segments between reading `meta.json` and opening them, and the next attempt reads
/// the new `meta.json`. Any other error, or the last one, is returned as it is.
pub fn retry_vanished<T>(mut open: impl FnMut() -> tantivy::Result<T>) -> tantivy::Result<T> {
    const ATTEMPTS: u32 = 5;
    let mut attempt = 1;
    loop {
        match open() {
            Err(e) if attempt < ATTEMPTS && is_vanished(&e) => {
                std::thread::sleep(Duration::from_millis(2 << attempt));
                attempt += 1;
            }
            result => return result,
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    /// Small reads are copied without mapping the file, larger ones map it; reads past
    /// the end are errors, not panics; a file deleted after it was opened stays
    /// readable both ways (a writer's garbage collection during a search).
    #[test]
    #[allow(clippy::reversed_empty_ranges)]
    fn a_one_shot_file_copies_small_reads_and_maps_larger_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.bin");
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let f = OneShotFile::open(&path).unwrap().unwrap();
        assert_eq!(tantivy::HasLen::len(&f), data.len());
        assert_eq!(f.read_bytes(10..20).unwrap().as_slice(), &data[10..20]);
        assert_eq!(f.read_bytes(5..5).unwrap().len(), 0);
        assert_eq!(
            f.read_bytes(0..COPY_MAX).unwrap().as_slice(),
            &data[..COPY_MAX]
        );
        assert!(f.mapped.get().is_none(), "small reads map nothing");
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            f.read_bytes(1_000..60_000).unwrap().as_slice(),
            &data[1_000..60_000]
        );
        assert!(f.mapped.get().is_some(), "a larger read maps the file");
        assert_eq!(
            f.read_bytes(99_000..100_000).unwrap().as_slice(),
            &data[99_000..]
        );
        assert!(f.read_bytes(99_999..100_001).is_err());
        assert!(f.read_bytes(20..10).is_err());

        // A file cut short after it was opened: a copied read past its new end is an
        // error, never bytes that were not read.
        let short = dir.path().join("short.bin");
        std::fs::write(&short, &data[..1_000]).unwrap();
        let f = OneShotFile::open(&short).unwrap().unwrap();
        std::fs::File::options()
            .write(true)
            .open(&short)
            .unwrap()
            .set_len(10)
            .unwrap();
        assert_eq!(f.read_bytes(0..10).unwrap().as_slice(), &data[..10]);
        let e = f.read_bytes(0..500).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::UnexpectedEof);
    }

    /// Past [`MAX_ONE_SHOT_FILES`] open at once, a one-shot directory maps files as
    /// tantivy does, and they read the same.
    #[test]
    fn a_one_shot_directory_maps_files_past_its_open_file_limit() {
        let dir = tempfile::tempdir().unwrap();
        let d = IndexDirectory::open_one_shot(dir.path()).unwrap();
        let mut handles = Vec::new();
        for i in 0..=MAX_ONE_SHOT_FILES {
            let name = format!("{i}.bin");
            std::fs::write(dir.path().join(&name), format!("file {i}")).unwrap();
            handles.push(d.get_file_handle(Path::new(&name)).unwrap());
        }
        for (i, h) in handles.iter().enumerate() {
            let want = format!("file {i}");
            assert_eq!(
                h.read_bytes(0..want.len()).unwrap().as_slice(),
                want.as_bytes()
            );
        }
        let kind = |h: &Arc<dyn FileHandle>| format!("{h:?}").starts_with("OneShotFile");
        assert!(kind(&handles[0]));
        assert!(
            !kind(&handles[MAX_ONE_SHOT_FILES]),
            "over the limit: mapped"
        );
        assert!(matches!(
            d.get_file_handle(Path::new("missing.bin")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
    }

    #[test]
    fn the_temp_file_has_the_folders_bits_before_it_is_renamed() {
        for (folder_mode, file_mode) in [(0o755, 0o644), (0o700, 0o600), (0o775, 0o664)] {
            let dir = tempfile::tempdir().unwrap();
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(folder_mode))
                .unwrap();
            let tmp = write_temp(dir.path(), b"{}").unwrap();
            assert_eq!(mode(&tmp), file_mode, "folder {folder_mode:o}");
            assert_eq!(std::fs::read(&tmp).unwrap(), b"{}");
        }
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
        let d = IndexDirectory::open(dir.path()).unwrap();
        d.atomic_write(Path::new("meta.json"), b"old").unwrap();
        d.atomic_write(Path::new("meta.json"), b"new").unwrap();
        assert_eq!(std::fs::read(dir.path().join("meta.json")).unwrap(), b"new");
        assert_eq!(mode(&dir.path().join("meta.json")), 0o644);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["meta.json"]);
    }

    #[test]
    fn an_open_is_retried_while_files_vanish_and_other_errors_are_not() {
        let gone = || TantivyError::OpenReadError(OpenReadError::FileDoesNotExist("x.idx".into()));
        let mut calls = 0;
        let r = retry_vanished(|| {
            calls += 1;
            if calls < 3 {
                Err(gone())
            } else {
                Ok(calls)
            }
        });
        assert_eq!(r.unwrap(), 3);

        let mut calls = 0;
        let r: tantivy::Result<()> = retry_vanished(|| {
            calls += 1;
            Err(TantivyError::InvalidArgument("bad".into()))
        });
        assert!(r.is_err());
        assert_eq!(calls, 1);

        let mut calls = 0;
        let r: tantivy::Result<()> = retry_vanished(|| {
            calls += 1;
            Err(gone())
        });
        assert!(r.is_err());
        assert_eq!(calls, 5);
    }
}
