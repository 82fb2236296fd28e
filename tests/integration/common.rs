//! Test helpers: run the real `newsdex` binary against temp index folders.

// The JSON shapes below are read whole so `deny_unknown_fields` checks every field the
// binary prints; not every test reads every field.
#![allow(dead_code)]

use assert_cmd::Command;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tempfile::TempDir;

/// The sample corpus shipped with the repo.
pub fn sample_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus")
}

/// A temp folder with an index in it.
pub struct TestEnv {
    pub dir: TempDir,
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// An env whose index holds the whole sample corpus.
    pub fn with_sample() -> TestEnv {
        let env = TestEnv::new();
        env.cmd()
            .args(["index", "--quiet"])
            .arg(sample_corpus())
            .assert()
            .success();
        env
    }

    /// The sample corpus indexed once per test process, for tests that only read it:
    /// search, quotes, related, show, stats, export, check. A test that indexes, damages
    /// or removes anything takes its own [`TestEnv::with_sample`].
    ///
    /// The folder lives under cargo's target/tmp (a static is never dropped); folders
    /// older runs left there are removed after an hour.
    pub fn shared_sample() -> &'static TestEnv {
        static SHARED: OnceLock<TestEnv> = OnceLock::new();
        SHARED.get_or_init(|| {
            let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
            const PREFIX: &str = "newsdex-shared-sample-";
            for old in std::fs::read_dir(tmp).into_iter().flatten().flatten() {
                let stale = old.metadata().and_then(|m| m.modified()).is_ok_and(|t| {
                    t.elapsed()
                        .is_ok_and(|age| age > std::time::Duration::from_secs(3600))
                });
                if stale && old.file_name().to_string_lossy().starts_with(PREFIX) {
                    let _ = std::fs::remove_dir_all(old.path());
                }
            }
            let dir = tempfile::Builder::new()
                .prefix(PREFIX)
                .tempdir_in(tmp)
                .expect("tempdir in target/tmp");
            let env = TestEnv { dir };
            env.cmd()
                .args(["index", "--quiet"])
                .arg(sample_corpus())
                .assert()
                .success();
            env
        })
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("ix")
    }

    /// `newsdex --index <tmp>/ix`, run in the temp folder.
    pub fn cmd(&self) -> Command {
        Command::from_std(self.process(&self.index_dir()))
    }

    /// `newsdex --index IX` as a plain process, run in the temp folder, for tests that
    /// spawn it and watch it (the crash tests).
    pub fn process(&self, index: &Path) -> std::process::Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"));
        c.current_dir(self.dir.path())
            .env_remove("NEWSDEX_INDEX")
            .env("NO_COLOR", "1")
            .arg("--index")
            .arg(index);
        c
    }

    /// Writes a file under the temp folder and returns its path.
    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, content).expect("write");
        p
    }

    /// Runs `search ... --json` and parses the result.
    pub fn search(&self, args: &[&str]) -> (i32, SearchJson) {
        self.run_json("search", args)
    }

    /// Runs `quotes ... --json` and parses the result.
    pub fn quotes(&self, args: &[&str]) -> (i32, SearchJson) {
        self.run_json("quotes", args)
    }

    fn run_json(&self, command: &str, args: &[&str]) -> (i32, SearchJson) {
        let out = self
            .cmd()
            .arg(command)
            .args(args)
            .arg("--json")
            .output()
            .expect("run");
        let code = out.status.code().unwrap_or(-1);
        let parsed = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
            panic!(
                "search {args:?} → invalid JSON ({e}); stderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
        (code, parsed)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchJson {
    pub query: Option<String>,
    pub total: usize,
    pub offset: usize,
    pub filters: Vec<FilterJson>,
    pub hits: Vec<HitJson>,
    pub facets: BTreeMap<String, Vec<FacetJson>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterJson {
    pub filter: String,
    pub value: String,
    pub matched: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HitJson {
    pub rank: usize,
    pub id: String,
    pub path: String,
    pub score: Option<f32>,
    pub date: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub snippet: String,
    pub highlights: Vec<[usize; 2]>,
    pub entities: EntitiesJson,
    #[serde(default)]
    pub quote: Option<QuoteJson>,
    #[serde(default)]
    pub quotes: Vec<QuoteJson>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuoteJson {
    pub text: String,
    pub speaker: Option<String>,
    pub context: String,
    pub article_id: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesJson {
    pub people: Vec<String>,
    pub speakers: Vec<String>,
    pub countries: Vec<String>,
    pub places: Vec<String>,
    pub orgs: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FacetJson {
    pub value: String,
    pub count: u64,
}

/// One hand-checked gold article from tests/gold/part*.jsonl.
#[derive(Debug, Deserialize)]
pub struct Gold {
    pub path: String,
    pub line: Option<usize>,
    pub title: String,
    pub date: String,
    pub people: Vec<String>,
    pub orgs: Vec<String>,
    pub countries: Vec<String>,
    pub speakers: Vec<String>,
    pub quotes: Vec<GoldQuote>,
}

#[derive(Debug, Deserialize)]
pub struct GoldQuote {
    pub text: String,
    pub speaker: String,
}

/// All gold articles.
pub fn gold() -> Vec<Gold> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold");
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/gold")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        if f.extension().is_some_and(|e| e == "jsonl") {
            for line in std::fs::read_to_string(&f)
                .expect("read gold")
                .lines()
                .filter(|l| !l.trim().is_empty())
            {
                out.push(
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("{}: {e}", f.display())),
                );
            }
        }
    }
    out
}

/// Path of a hit relative to sample_corpus/.
pub fn rel(path: &str) -> String {
    let root = std::fs::canonicalize(sample_corpus()).expect("canonical sample_corpus");
    Path::new(path)
        .strip_prefix(&root)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_string())
}
