//! `newsdex check`: is every file of an index intact? tantivy ends each segment file
//! with a footer holding a checksum of its content; a damaged file otherwise shows up
//! as wrong facet values, odd rankings or a crash deep inside tantivy, long after the
//! damage. The check reads both tantivy indexes (articles and quotes) file by file,
//! parses newsdex's own files, and names each damaged file with what to do.
//!
//! [`quick_check`] is the cheap part (everything but reading whole files): what `index`
//! runs before it writes, so that it does not build on a damaged index.

use crate::directory::IndexDirectory;
use crate::error::Error;
use anyhow::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};
use tantivy::directory::Directory;
use tantivy::Index;

use crate::index::{MANIFEST_FILE, META_FILE, QUOTES_DIR, TANTIVY_DIR};
/// The two tantivy indexes: articles, and one document per quotation.
const TANTIVY_DIRS: [&str; 2] = [TANTIVY_DIR, QUOTES_DIR];
/// The facet value lists (see `values.rs`).
use crate::index::values::VALUES_DIR;

/// What `check` found.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The index folder.
    pub index: String,
    /// How many files were read.
    pub files_checked: usize,
    /// One entry per damaged or missing file; empty when the index is healthy.
    pub problems: Vec<Problem>,
}

/// One damaged or missing file.
#[derive(Debug, Serialize)]
pub struct Problem {
    /// The damaged or missing file, under the index folder as given
    /// (`INDEX/tantivy/meta.json`).
    pub path: String,
    /// What is wrong with it.
    pub problem: String,
    /// What to do.
    pub fix: String,
}

impl Report {
    /// True when nothing is damaged.
    pub fn is_healthy(&self) -> bool {
        self.problems.is_empty()
    }

    /// The distinct fixes, in the order their problems were found.
    pub fn fixes(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for p in &self.problems {
            if !out.contains(&p.fix.as_str()) {
                out.push(&p.fix);
            }
        }
        out
    }
}

/// How much to read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    /// Parse the small files, open every segment file and read its footer.
    Quick,
    /// Also read every segment file whole and compare its checksum.
    Full,
}

/// Verifies every file of the index at `dir`. An error only when there is no index there
/// (or it cannot be listed); damage is in the report.
pub fn check(dir: &Path) -> Result<Report> {
    inspect(dir, Depth::Full)
}

/// The cheap part of [`check`], for `index` to run before it writes: `newsdex.json`,
/// the manifest, both tantivy indexes' `meta.json` and `.managed.json`, and every
/// segment file's presence and footer (not the checksums of whole files, nor the facet
/// value lists, which `index` rewrites). Fine when `dir` holds no index yet.
pub fn quick_check(dir: &Path) -> Result<()> {
    if !dir.join(META_FILE).exists() {
        return Ok(());
    }
    let report = inspect(dir, Depth::Quick)?;
    match report.problems.first() {
        None => Ok(()),
        Some(p) => Err(Error::Damaged {
            path: dir.to_path_buf(),
            detail: format!("{}: {}: {}", p.path, p.problem, p.fix),
        }
        .into()),
    }
}

fn inspect(dir: &Path, depth: Depth) -> Result<Report> {
    if !dir.join(META_FILE).exists() {
        return Err(Error::NoIndex(dir.to_path_buf()).into());
    }
    let rebuild = format!(
        "rebuild the index: `newsdex --index {} index --rebuild FOLDER...` with the folders \
         you indexed (or delete {} and index them again)",
        dir.display(),
        dir.display()
    );
    let mut report = Report {
        index: dir.display().to_string(),
        files_checked: 0,
        problems: Vec::new(),
    };
    let mut problem = |path: &Path, problem: String, fix: &str| {
        report.problems.push(Problem {
            path: path.display().to_string(),
            problem,
            fix: fix.to_string(),
        })
    };
    let mut checked = 0;

    let meta = dir.join(META_FILE);
    checked += 1;
    match read_json(&meta) {
        Err(e) => problem(&meta, e, &rebuild_from_scratch(dir)),
        Ok(v) => {
            let version = v.get("schema_version").and_then(serde_json::Value::as_u64);
            if version != Some(u64::from(crate::schema::SCHEMA_VERSION)) {
                problem(
                    &meta,
                    format!(
                        "written for schema version {}, this newsdex uses version {}",
                        version.map_or("(none)".to_string(), |v| v.to_string()),
                        crate::schema::SCHEMA_VERSION
                    ),
                    &rebuild_from_scratch(dir),
                );
            }
        }
    }

    let manifest = dir.join(MANIFEST_FILE);
    if manifest.exists() {
        checked += 1;
        if let Some(e) = crate::index::manifest::problem(&manifest) {
            problem(&manifest, e, &rebuild);
        }
    }

    for part in TANTIVY_DIRS {
        let tdir = dir.join(part);
        let managed = tdir.join(".managed.json");
        if managed.exists() {
            checked += 1;
            if let Err(e) = read_json(&managed) {
                problem(&managed, e, &rebuild);
            }
        }
        let meta = tdir.join("meta.json");
        checked += 1;
        let index = match IndexDirectory::open(&tdir)
            .map_err(tantivy::TantivyError::from)
            .and_then(Index::open)
        {
            Ok(index) => index,
            Err(e) => {
                let reason = if meta.exists() {
                    format!("cannot be read ({e})")
                } else {
                    "is missing".to_string()
                };
                problem(&meta, reason, &rebuild_from_scratch(dir));
                continue;
            }
        };
        let metas = match index.load_metas() {
            Ok(m) => m,
            Err(e) => {
                problem(
                    &meta,
                    format!("cannot be read ({e})"),
                    &rebuild_from_scratch(dir),
                );
                continue;
            }
        };
        let mut files: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
        files.sort();
        let files = files.into_iter().map(|f| {
            let name = f.to_string_lossy();
            // Candidates that need not exist: the delete bitset of a segment without
            // deletes, a temp store.
            let required = if name.ends_with(".del") {
                metas
                    .segments
                    .iter()
                    .any(|s| s.has_deletes() && name.starts_with(&s.id().uuid_string()))
            } else {
                !name.ends_with(".temp")
            };
            (f, required)
        });
        let managed_dir = index.directory();
        for (f, required) in files {
            let full = tdir.join(&f);
            if !full.exists() {
                if required {
                    problem(&full, "is missing".to_string(), &rebuild);
                }
                continue;
            }
            checked += 1;
            let verdict = match depth {
                Depth::Full => match managed_dir.validate_checksum(&f) {
                    Ok(true) => None,
                    Ok(false) => Some("is damaged: its checksum does not match its content".into()),
                    Err(e) => Some(format!("is damaged: its footer cannot be read ({e})")),
                },
                Depth::Quick => managed_dir
                    .open_read(&f)
                    .err()
                    .map(|e| format!("is damaged: its footer cannot be read ({e})")),
            };
            if let Some(reason) = verdict {
                problem(&full, reason, &rebuild);
            }
        }
    }

    if depth == Depth::Full {
        let values = dir.join(VALUES_DIR);
        let mut lists: Vec<PathBuf> = std::fs::read_dir(&values)
            .map(|rd| rd.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        lists.sort();
        for list in lists {
            let ordinals = crate::index::values::ordinals::ORDINALS_SUFFIX;
            let check = match list.extension().and_then(|e| e.to_str()) {
                Some("tsv") => check_value_list,
                Some("bin") if list.to_string_lossy().ends_with(ordinals) => {
                    crate::index::values::ordinals::check_file
                }
                Some("bin") => crate::index::values::groups::check_file,
                _ => continue,
            };
            checked += 1;
            if let Err(reason) = check(&list) {
                problem(
                    &list,
                    reason,
                    "delete it: searches read the segments instead, and the next `newsdex \
                     index` writes it again",
                );
            }
        }
    }
    report.files_checked = checked;
    Ok(report)
}

fn rebuild_from_scratch(dir: &Path) -> String {
    format!(
        "index your folders again from scratch: `newsdex --index {} index --rebuild \
         FOLDER...` (only newsdex's own files in the folder are replaced)",
        dir.display()
    )
}

/// Reads and parses a JSON file; the error says what is wrong, for a report line.
fn read_json(path: &Path) -> Result<serde_json::Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("is damaged: not valid JSON ({e})"))
}

/// A facet value list: a `# newsdex facet values` header, more `#` lines, then
/// `folded<TAB>value` lines, all UTF-8.
fn check_value_list(path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| "is damaged: not UTF-8 text".to_string())?;
    let mut lines = text.lines();
    if !lines
        .next()
        .is_some_and(|l| l.starts_with("# newsdex facet values"))
    {
        return Err("is damaged: its header is missing".into());
    }
    for (n, line) in lines.enumerate() {
        if !line.starts_with('#') && !line.contains('\t') {
            return Err(format!(
                "is damaged: line {} is not `folded<TAB>value`",
                n + 2
            ));
        }
    }
    // A list this version wrote must pass the test searches apply before they trust
    // it (length and checksum); another version's list is only stale, not damaged.
    let ours = text
        .lines()
        .next()
        .is_some_and(|l| l == crate::index::values::HEADER);
    if ours && crate::index::values::whole_body(text).is_none() {
        return Err("is damaged: its length or checksum does not match its header".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_lists_parse_or_say_which_line_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("articles-person.tsv");
        std::fs::write(
            &p,
            "# newsdex facet values 1 0.1.0\n# segments a\nobama\tObama\n",
        )
        .unwrap();
        assert_eq!(check_value_list(&p), Ok(()));
        std::fs::write(
            &p,
            "# newsdex facet values 1 0.1.0\n# segments a\nobama Obama\n",
        )
        .unwrap();
        assert!(check_value_list(&p).unwrap_err().contains("line 3"));
        // This version's list, cut short under an intact header.
        let cut = format!(
            "{}\n# segments a\n# values 2 xxh3 0000000000000000\nobama\tObama\n",
            crate::index::values::HEADER
        );
        std::fs::write(&p, cut).unwrap();
        assert!(check_value_list(&p).unwrap_err().contains("checksum"));
        std::fs::write(&p, "garbage\n").unwrap();
        assert!(check_value_list(&p).unwrap_err().contains("header"));
        std::fs::write(&p, b"# newsdex facet values\n\xff\xfe\tx\n").unwrap();
        assert!(check_value_list(&p).unwrap_err().contains("UTF-8"));
    }
}
