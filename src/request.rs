//! Validated requests: what one command was asked to do, in the library's own types.
//!
//! [`crate::cli`] builds an [`Invocation`] from the command line and checks every
//! argument (query size and nesting, dates, counts) before any file is opened;
//! [`crate::run`] then only does the work. Nothing here knows about the argument parser.

use crate::index::IndexOptions;
use crate::output::ColorMode;
use crate::search::{Filters, SearchRequest};
use std::path::PathBuf;

/// One run of newsdex: where the index is, the user's alias table, and the command.
#[derive(Debug)]
pub struct Invocation {
    /// The index folder.
    pub index: PathBuf,
    /// The user's alias table (`--aliases`), loaded before the command runs.
    pub aliases: Option<PathBuf>,
    /// The command.
    pub request: Request,
}

/// One command, validated.
#[derive(Debug)]
pub enum Request {
    /// `newsdex index`.
    Index(IndexRequest),
    /// `newsdex search`.
    Search(SearchCommand),
    /// `newsdex quotes`: a search of the quotation index.
    Quotes(SearchCommand),
    /// `newsdex show`.
    Show(ShowRequest),
    /// `newsdex stats`.
    Stats(StatsRequest),
    /// `newsdex extract`.
    Extract(ExtractRequest),
    /// `newsdex export`.
    Export(ExportRequest),
    /// `newsdex related`.
    Related(RelatedRequest),
    /// `newsdex check`.
    Check(CheckRequest),
    /// `newsdex serve`.
    Serve(ServeRequest),
    /// Text the command line made (shell completions, the man page), printed as is.
    Print(Vec<u8>),
}

impl Request {
    /// True for the commands that only read an existing index (so a tantivy error
    /// while they run points at damage).
    pub fn reads_index(&self) -> bool {
        !matches!(
            self,
            Request::Index(_) | Request::Extract(_) | Request::Check(_) | Request::Print(_)
        )
    }

    /// True for the commands that open the index folder at all.
    pub fn uses_index(&self) -> bool {
        !matches!(self, Request::Extract(_) | Request::Print(_))
    }

    /// True when the command reports its stages' times (`search --timings`).
    pub fn timings(&self) -> bool {
        matches!(self, Request::Search(a) | Request::Quotes(a) if a.timings)
    }
}

/// `newsdex index PATH...`.
#[derive(Debug)]
pub struct IndexRequest {
    /// Folders or files to index.
    pub paths: Vec<PathBuf>,
    /// Threads, progress, rebuild, links.
    pub options: IndexOptions,
    /// Print the summary as JSON.
    pub json: bool,
}

/// `newsdex search` or `newsdex quotes`: the search and how to print it.
#[derive(Debug)]
pub struct SearchCommand {
    /// The search itself.
    pub search: SearchRequest,
    /// Print one JSON document.
    pub json: bool,
    /// When to use colors.
    pub color: ColorMode,
    /// Write how long each stage took to stderr (`--timings`).
    pub timings: bool,
}

/// `newsdex show ID|PATH`.
#[derive(Debug)]
pub struct ShowRequest {
    /// An article id or the path of an indexed file.
    pub target: PathBuf,
    /// Print JSON.
    pub json: bool,
}

/// `newsdex stats`.
#[derive(Debug)]
pub struct StatsRequest {
    /// Values shown per facet.
    pub top: usize,
    /// Print JSON.
    pub json: bool,
}

/// `newsdex extract PATH...`.
#[derive(Debug)]
pub struct ExtractRequest {
    /// Files or folders to read.
    pub paths: Vec<PathBuf>,
    /// One JSON object per article.
    pub jsonl: bool,
}

/// `newsdex export`.
#[derive(Debug)]
pub struct ExportRequest {
    /// Write here instead of standard output.
    pub output: Option<PathBuf>,
}

/// `newsdex related ENTITY`.
#[derive(Debug)]
pub struct RelatedRequest {
    /// The entity, as typed.
    pub entity: String,
    /// Only consider articles matching this query.
    pub query: Option<String>,
    /// Only consider articles matching these filters.
    pub filters: Filters,
    /// Related entities per type.
    pub top: usize,
    /// Print JSON.
    pub json: bool,
}

/// `newsdex check`.
#[derive(Debug)]
pub struct CheckRequest {
    /// Print the report as JSON.
    pub json: bool,
}

/// `newsdex serve`.
#[derive(Debug)]
pub struct ServeRequest {
    /// Where to listen.
    pub addr: std::net::SocketAddr,
    /// Open the page in the default browser once listening.
    pub open: bool,
}
