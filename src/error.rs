//! Errors callers branch on. Everything else travels as `anyhow::Error` with context.
//!
//! Each variant's message is what the user reads after `newsdex: `: lower-case, naming
//! the path or the input, and saying what to do.

use std::path::PathBuf;

/// Conditions with their own message and exit status.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The index folder has no index.
    #[error("no index at {}: run `newsdex index DIR` first (or pass --index)", .0.display())]
    NoIndex(PathBuf),
    /// The index was written by another schema version.
    #[error("the index at {path} was written by schema version {found}; this newsdex uses version {expected}: run `newsdex index --rebuild DIR` to index everything again into it", path = .path.display())]
    SchemaVersion {
        /// The index folder.
        path: PathBuf,
        /// The version in its metadata.
        found: u32,
        /// This build's version.
        expected: u32,
    },
    /// The folder holds index files but no metadata (a damaged or half-created index).
    #[error("the index at {} has no {meta}: it is damaged or incomplete; run `newsdex index --rebuild PATH...` to index everything again into it, or pass --index with another folder", .path.display())]
    IncompleteIndex {
        /// The index folder.
        path: PathBuf,
        /// The metadata file's name.
        meta: &'static str,
    },
    /// The quotation index lags the article index (a run stopped mid-commit).
    #[error("the quotation index at {} is not in step with the articles: an `newsdex index` run was stopped in the middle of a commit; run `newsdex --index {} index PATH...` on your folders to finish it (searching articles works meanwhile)", .0.display(), .0.display())]
    QuotesBehind(PathBuf),
    /// Another process holds the index lock.
    #[error("index at {} is being updated by another newsdex process{}; wait for it to finish", .path.display(), pid_note(.pid.as_deref()))]
    LockedBy {
        /// The index folder.
        path: PathBuf,
        /// The pid written in the lock file, if any.
        pid: Option<String>,
    },
    /// The index folder cannot be written by this process.
    // Not `source`: the reason is part of this message, and anyhow's `{:#}` would
    // print it a second time.
    #[error("cannot write to the index at {}: {reason}{}", .path.display(), read_only_hint(.reason))]
    NotWritable {
        /// The index folder.
        path: PathBuf,
        /// Why.
        reason: std::io::Error,
    },
    /// The index is damaged (found by the quick check before an update).
    #[error("the index at {} is damaged: {detail}", .path.display())]
    Damaged {
        /// The index folder.
        path: PathBuf,
        /// The damaged file, the problem and the fix.
        detail: String,
    },
    /// A query newsdex cannot run.
    #[error("invalid query {query:?}: {reason}")]
    Query {
        /// The query (or its start, when long).
        query: String,
        /// Why, and how to write it.
        reason: String,
    },
    /// A `--since`/`--until` value that is not a date.
    #[error("invalid date {0:?}: use YYYY, YYYY-MM or YYYY-MM-DD")]
    InvalidDate(String),
    /// `--since` after `--until`.
    #[error("--since {since} is after --until {until}")]
    DateOrder {
        /// `--since` as typed.
        since: String,
        /// `--until` as typed.
        until: String,
    },
    /// A `--histogram` value that is not a period.
    #[error("invalid period {0:?}: use day, week, month or year")]
    InvalidPeriod(String),
    /// A filter or entity value that matches nothing in the index.
    #[error("no {what} in the index matches {input:?}{}", did_you_mean(.suggestions))]
    UnknownValue {
        /// What was looked for ("speaker", "person, organization, country or place").
        what: String,
        /// The value as typed.
        input: String,
        /// The closest values in the index (at most a few; maybe none).
        suggestions: Vec<String>,
    },
    /// `show` found no article.
    #[error("no article with id or path {0:?} in the index")]
    NotFound(String),
    /// A count past what one request may ask for.
    #[error("--{flag} {value} is too large (at most {max})")]
    LimitTooLarge {
        /// The flag, without dashes.
        flag: &'static str,
        /// The value given.
        value: usize,
        /// The largest accepted.
        max: usize,
    },
    /// `index`: none of the paths exists.
    #[error("{}: no such file or folder (nothing was changed in the index)", join_paths(.0))]
    NothingToIndex(Vec<PathBuf>),
    /// `extract`: a path that does not exist.
    #[error("{}: no such file or folder", .0.display())]
    NoSuchPath(PathBuf),
}

fn pid_note(pid: Option<&str>) -> String {
    pid.map(|p| format!(" (pid {p})")).unwrap_or_default()
}

fn read_only_hint(e: &std::io::Error) -> &'static str {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            "; the folder is read-only for this user: fix its permissions or pass --index \
             with another folder"
        }
        _ => "",
    }
}

fn join_paths(paths: &[PathBuf]) -> String {
    let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    list.join(", ")
}

/// "; did you mean \"A\", \"B\"?" for an error message, or nothing without suggestions.
pub fn did_you_mean(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = suggestions.iter().map(|h| format!("{h:?}")).collect();
    format!("; did you mean {}?", quoted.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_suggest_the_closest_ones() {
        let e = Error::UnknownValue {
            what: "speaker".into(),
            input: "Vintr".into(),
            suggestions: vec!["Lars Vinter".into(), "Vint".into()],
        };
        assert_eq!(
            e.to_string(),
            "no speaker in the index matches \"Vintr\"; did you mean \"Lars Vinter\", \"Vint\"?"
        );
        let e = Error::UnknownValue {
            what: "org".into(),
            input: "zz".into(),
            suggestions: vec![],
        };
        assert_eq!(e.to_string(), "no org in the index matches \"zz\"");
    }

    #[test]
    fn lock_and_write_errors_say_what_to_do() {
        let e = Error::LockedBy {
            path: "ix".into(),
            pid: Some("42".into()),
        };
        assert_eq!(
            e.to_string(),
            "index at ix is being updated by another newsdex process (pid 42); wait for it to finish"
        );
        let e = Error::NotWritable {
            path: "ix".into(),
            reason: std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        };
        assert!(e.to_string().ends_with(
            "; the folder is read-only for this user: fix its permissions or pass --index with another folder"
        ));
    }
}
