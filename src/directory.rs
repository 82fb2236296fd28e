//! tantivy's memory-mapped directory, readable when the folder is read-only.
//!
//! tantivy's reader takes a lock file (`.tantivy-meta.lock`) while it opens the segments,
//! and creating or opening that file for writing fails on a folder the user may not
//! write (an archive on read-only media, a colleague's index). Nothing can change such
//! an index from this process, so the lock it cannot take is replaced by a no-op one;
//! every other operation, and every other error, is the plain `MmapDirectory`'s.
//!
//! tantivy also writes `meta.json` and `.managed.json` through temp files, which are
//! created readable by their owner only: an index built by one user could not be
//! searched by another who may read the folder. Those files are given the folder's
//! read and write bits instead.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};

/// An `MmapDirectory` whose locks degrade to no-ops where the folder is not writable.
#[derive(Clone, Debug)]
pub struct IndexDirectory {
    inner: MmapDirectory,
    root: PathBuf,
}

impl IndexDirectory {
    pub fn open(path: &Path) -> Result<IndexDirectory, OpenDirectoryError> {
        Ok(IndexDirectory {
            inner: MmapDirectory::open(path)?,
            root: path.to_path_buf(),
        })
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
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A folder drwxr-xr-x gets files -rw-r--r--; drwx------ gets -rw-------.
            // Best effort: the write itself succeeded, and some filesystems (FAT, some
            // network mounts) refuse chmod.
            let file = self.root.join(path);
            if let (Ok(dir), Ok(meta)) = (std::fs::metadata(&self.root), std::fs::metadata(&file)) {
                let mode = dir.permissions().mode() & 0o666;
                if meta.permissions().mode() & 0o777 != mode {
                    let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(mode));
                }
            }
        }
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.inner.acquire_lock(lock) {
            Err(LockError::IoError(e)) if is_read_only(&e) => {
                let path: PathBuf = lock.filepath.clone();
                Ok(DirectoryLock::from(Box::new(path)))
            }
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}
