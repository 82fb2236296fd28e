//! Finds the files to read under the paths the user gave: hidden files and folders are
//! skipped, newsdex index folders are never walked into, symlinks are not followed
//! unless asked (`--follow`, with loop detection), files of other types are counted.
//!
//! Also the one place where a path becomes the key the index stores (and back): keys
//! are lossless, so two file names that differ only in bytes that are not UTF-8 stay
//! two files.

use super::Format;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

/// How to walk.
#[derive(Clone, Debug, Default)]
pub struct WalkOptions {
    /// Follow symbolic links (to files and folders); loops are reported, not walked.
    pub follow: bool,
    /// Folders never walked into (the index being written, canonical paths).
    pub skip: Vec<PathBuf>,
}

/// What the walk found.
#[derive(Debug, Default)]
pub struct WalkResult {
    /// Files of a supported format, absolute, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Files skipped because newsdex does not read their type.
    pub unsupported: usize,
    /// Symbolic links left alone because `--follow` was not given.
    pub symlinks: usize,
    /// Paths that could not be walked, with the reason.
    pub errors: Vec<(PathBuf, String)>,
    /// The roots as absolute paths (symlinks resolved where the root exists), in the
    /// order given: what the index holds under them is what this walk saw.
    pub roots: Vec<PathBuf>,
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|s| s.starts_with('.') && s != "." && s != "..")
}

/// True for a folder holding a newsdex index (its `newsdex.json` beside `tantivy/`).
fn is_index_folder(dir: &Path) -> bool {
    dir.join("newsdex.json").is_file() || dir.join("tantivy").join("meta.json").is_file()
}

/// Walks every root. A root that is itself a file is taken whatever its name.
pub fn walk(roots: &[PathBuf], opts: &WalkOptions) -> WalkResult {
    let mut out = WalkResult::default();
    for given in roots {
        if let Err(e) = std::fs::metadata(given) {
            let reason = if e.kind() == std::io::ErrorKind::NotFound {
                "no such file or folder".to_string()
            } else {
                format!("cannot read path: {e}")
            };
            out.errors.push((given.clone(), reason));
            out.roots.push(absolute(given));
            continue;
        }
        // A root the user named is resolved (a link to the archive is the archive);
        // below it, links are only followed with --follow.
        let root = canonical(given);
        out.roots.push(root.clone());
        let it = walkdir::WalkDir::new(&root)
            .follow_links(opts.follow)
            .into_iter()
            .filter_entry(|e| {
                if e.depth() == 0 {
                    return true;
                }
                if is_hidden(e.file_name()) {
                    return false;
                }
                if e.file_type().is_dir() {
                    return !opts.skip.iter().any(|s| s == e.path()) && !is_index_folder(e.path());
                }
                true
            });
        for entry in it {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if Format::of(e.path()).is_some() {
                        out.files.push(e.into_path());
                    } else {
                        out.unsupported += 1;
                    }
                }
                Ok(e) if e.path_is_symlink() && !opts.follow => out.symlinks += 1,
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
    sort_paths(&mut out.files);
    out.files.dedup();
    out
}

/// Sorts paths in `Path` order (component by component), which is the order `extract`
/// prints in. On Unix a walk's paths are normalized (joined by single `/`, no `.` or
/// `..`), and that order is their bytes' order with `/` taken as the smallest byte:
/// compared that way, without splitting each path into components at every comparison
/// (a tenth of a no-op re-index of 85,000 files).
fn sort_paths(files: &mut [PathBuf]) {
    #[cfg(unix)]
    files.sort_unstable_by(|a, b| separator_first(a, b));
    #[cfg(not(unix))]
    files.sort_unstable();
}

/// `Path` order of two normalized Unix paths (see [`sort_paths`]).
#[cfg(unix)]
fn separator_first(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (x, y) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    match x.iter().zip(y).position(|(p, q)| p != q) {
        None => x.len().cmp(&y.len()),
        Some(i) => {
            let rank = |c: u8| if c == b'/' { 0 } else { u16::from(c) + 1 };
            rank(x[i]).cmp(&rank(y[i]))
        }
    }
}

/// The canonical form of a path, or its absolute form when it cannot be resolved.
pub fn canonical(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap_or_else(|_| absolute(p))
}

/// The absolute form of a path, `.` and `..` resolved by name (no file system access
/// beyond the current directory), so that a root that no longer exists still names
/// the files the index holds under it.
pub fn absolute(p: &Path) -> PathBuf {
    let joined = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The key under which the index stores a path: the path itself when it is UTF-8
/// (with `\` written `\\`), otherwise each byte that is not UTF-8 written `\xHH`. Two
/// different paths never share a key, and [`path_of_key`] gives the path back.
pub fn path_key(p: &Path) -> String {
    let bytes = p.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        if valid.contains('\\') {
            out.push_str(&valid.replace('\\', "\\\\"));
        } else {
            out.push_str(valid);
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// The path a key names (the inverse of [`path_key`]).
pub fn path_of_key(key: &str) -> PathBuf {
    if !key.contains('\\') {
        return PathBuf::from(key);
    }
    let b = key.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' {
            if b.get(i + 1) == Some(&b'\\') {
                out.push(b'\\');
                i += 2;
                continue;
            }
            if b.get(i + 1) == Some(&b'x') {
                if let Some(v) = key
                    .get(i + 2..i + 4)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    out.push(v);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(b[i]);
        i += 1;
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        PathBuf::from(OsString::from_vec(out))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(&out).into_owned())
    }
}

/// True if the file a key names lies under one of `roots` (or is one of them).
pub fn under_any(path: &Path, roots: &[PathBuf]) -> bool {
    roots.iter().any(|r| path.starts_with(r))
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
        let r = walk(
            &[d.to_path_buf(), d.join("missing")],
            &WalkOptions::default(),
        );
        let names: Vec<_> = r
            .files
            .iter()
            .map(|p| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(names, vec!["one.txt", "two.JSONL"]);
        assert_eq!(r.unsupported, 1);
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.roots.len(), 2);
    }

    #[test]
    fn never_walks_into_an_index_folder() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("ix/tantivy")).unwrap();
        std::fs::write(d.join("ix/newsdex.json"), "{}").unwrap();
        std::fs::write(d.join("ix/manifest.json"), "{}").unwrap();
        std::fs::write(d.join("ix/tantivy/meta.json"), "{}").unwrap();
        std::fs::write(d.join("story.txt"), "x").unwrap();
        let r = walk(&[d.to_path_buf()], &WalkOptions::default());
        assert_eq!(r.files.len(), 1, "{:?}", r.files);
    }

    #[cfg(unix)]
    #[test]
    fn keys_are_lossless() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe9.txt"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"/tmp/caf\xe8.txt"));
        let c = Path::new("/tmp/caf\\xE9.txt");
        let d = Path::new("/tmp/café.txt");
        let keys: Vec<String> = [a, b, c, d].iter().map(|p| path_key(p)).collect();
        assert_eq!(keys[0], "/tmp/caf\\xE9.txt");
        let distinct: std::collections::BTreeSet<_> = keys.iter().collect();
        assert_eq!(distinct.len(), 4, "{keys:?}");
        for (p, k) in [a, b, c, d].iter().zip(&keys) {
            assert_eq!(path_of_key(k), *p, "{k}");
        }
    }

    /// The fast sort gives `Path`'s order on normalized paths, including names with
    /// bytes that sort before `/` (`-`, `.`, space) beside folders of the same prefix.
    #[cfg(unix)]
    #[test]
    fn sorted_in_path_order() {
        use std::os::unix::ffi::OsStrExt;
        let names: &[&[u8]] = &[
            b"a",
            b"a-b",
            b"a.b",
            b"a b",
            b"a!",
            b"ab",
            b"b",
            b"a\xff",
            b"\xc3\xa9",
            b"A",
        ];
        let mut paths = Vec::new();
        for x in names {
            for y in names {
                let mut p = b"/r/".to_vec();
                p.extend_from_slice(x);
                paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(&p)));
                p.push(b'/');
                p.extend_from_slice(y);
                paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(&p)));
            }
        }
        // Control bytes, which sort before `/`, and bytes that are not UTF-8.
        paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"/r/a\xff/\x01")));
        paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"/r/a\xff\x01")));
        paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"/r/\xff")));
        paths.push(PathBuf::from(std::ffi::OsStr::from_bytes(b"/r/\x01/a")));
        let mut expected = paths.clone();
        expected.sort();
        for seed in 0..20u64 {
            // A different starting order each round.
            let mut got = paths.clone();
            got.sort_by_key(|p| {
                p.as_os_str().as_encoded_bytes().iter().fold(seed, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                })
            });
            sort_paths(&mut got);
            assert_eq!(got, expected);
        }
    }

    #[test]
    fn absolute_resolves_dots_by_name() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c")), cwd.join("a/c"));
    }
}
