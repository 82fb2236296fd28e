//! Finds the files to read under the paths the user gave: hidden files and folders are
//! skipped, symlinks are followed with loop detection (a loop is reported, not walked),
//! files of other types are counted.

use super::Format;
use std::path::{Path, PathBuf};

/// What the walk found.
#[derive(Debug, Default)]
pub struct WalkResult {
    /// Files of a supported format, canonicalized, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Files skipped because newsdex does not read their type.
    pub unsupported: usize,
    /// Paths that could not be walked, with the reason.
    pub errors: Vec<(PathBuf, String)>,
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

/// Walks every root. A root that is itself a file is taken whatever its name.
pub fn walk(roots: &[PathBuf]) -> WalkResult {
    let mut out = WalkResult::default();
    for root in roots {
        if let Err(e) = std::fs::metadata(root) {
            let reason = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                format!("cannot read path: {e}")
            };
            out.errors.push((root.clone(), reason));
            continue;
        }
        let it = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in it {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if Format::of(e.path()).is_some() {
                        out.files.push(canonical(e.path()));
                    } else {
                        out.unsupported += 1;
                    }
                }
                Ok(_) => {}
                Err(e) => {
                    let p = e
                        .path()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| root.clone());
                    let reason = e
                        .io_error()
                        .map(|io| io.to_string())
                        .unwrap_or_else(|| e.to_string());
                    out.errors.push((p, reason));
                }
            }
        }
    }
    out.files.sort();
    out.files.dedup();
    out
}

/// The canonical form of a path, or the path itself when it cannot be resolved.
pub fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_hidden_and_counts_unsupported() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/.git")).unwrap();
        std::fs::write(d.join("a/one.txt"), "x").unwrap();
        std::fs::write(d.join("a/two.JSONL"), "x").unwrap();
        std::fs::write(d.join("a/.hidden.txt"), "x").unwrap();
        std::fs::write(d.join("a/.git/three.txt"), "x").unwrap();
        std::fs::write(d.join("a/photo.jpg"), "x").unwrap();
        let r = walk(&[d.to_path_buf(), d.join("missing")]);
        let names: Vec<_> = r
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, vec!["one.txt", "two.JSONL"]);
        assert_eq!(r.unsupported, 1);
        assert_eq!(r.errors.len(), 1);
    }
}
