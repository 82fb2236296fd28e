//! Errors callers branch on. Everything else travels as `anyhow::Error` with context.

use std::path::PathBuf;

/// Conditions with their own message and exit status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {}: run `newsdex index DIR` first (or pass --index)", .0.display())]
    NoIndex(PathBuf),
    #[error("the index at {path} was written by schema version {found}; this newsdex uses version {expected}: run `newsdex index --rebuild DIR` to index everything again into it", path = .path.display())]
    SchemaVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("invalid query {query:?}: {reason}")]
    Query { query: String, reason: String },
    #[error("{0}")]
    Filter(String),
    #[error("no article with id or path {0:?} in the index")]
    NotFound(String),
    #[error("{0}")]
    Usage(String),
}
