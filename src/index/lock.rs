//! The index lock: one `index` run at a time per index folder.

use super::*;

pub(crate) const LOCK_FILE: &str = "lock";

/// An exclusive lock on the index folder, held for the whole `index` run. The lock is
/// the kernel's (flock), so it goes away with the process however it ends.
pub struct IndexLock {
    _file: std::fs::File,
}

impl IndexLock {
    /// Takes the lock or says which process holds it.
    pub fn acquire(dir: &Path) -> Result<IndexLock> {
        use std::io::{Seek, Write};
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the index folder {}", dir.display()))?;
        let path = dir.join(LOCK_FILE);
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(|e| cannot_write(dir, e))?;
        if file.try_lock().is_err() {
            let pid = std::fs::read_to_string(&path).unwrap_or_default();
            let pid = pid.trim();
            return Err(Error::LockedBy {
                path: dir.to_path_buf(),
                pid: (!pid.is_empty()).then(|| pid.to_string()),
            }
            .into());
        }
        file.set_len(0)?;
        file.rewind()?;
        write!(file, "{}", std::process::id())?;
        Ok(IndexLock { _file: file })
    }
}
