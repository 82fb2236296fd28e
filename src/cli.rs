//! Command-line interface: clap derive only; the doc comments are the help text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Search a folder of news articles by text, people, places, countries, organizations
/// and the speakers of quotations.
///
/// Start with `newsdex index DIR`, then `newsdex search "QUERY" --speaker NAME`.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Index folder [default: .newsdex in the current directory]
    #[arg(long, global = true, env = "NEWSDEX_INDEX", value_name = "DIR")]
    pub index: Option<PathBuf>,

    /// Your own alias table, used by `index` and `extract`: lines of
    /// `Canonical name<TAB>alias|alias` ("Barack Obama<TAB>Obama|President Obama").
    /// Articles indexed before a change keep their names until `index --rebuild`.
    #[arg(long, global = true, env = "NEWSDEX_ALIASES", value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Index (or update) the articles under one or more folders or files.
    ///
    /// Reads .txt, .md, .html/.htm, .json and .jsonl/.ndjson files, extracts people,
    /// places, countries, organizations and quote speakers, and stores them in the index.
    /// Running it again re-reads only new and changed files, removes files that were
    /// deleted, and leaves the rest untouched; nothing is duplicated. Unreadable or broken
    /// files are reported on stderr, counted and skipped. Long runs commit every 30
    /// seconds; Ctrl-C stops cleanly and keeps what was done.
    Index(IndexArgs),
    /// Search the index: ranked full-text results, filtered by entities and dates.
    ///
    /// QUERY uses tantivy's syntax: words (all required by default), "exact phrases",
    /// AND / OR / NOT, +required -excluded, field:term (title:, body:, source:,
    /// author:); an apostrophe inside a word is plain text (Kyiv's finds Kyiv). Without
    /// QUERY, the articles matching the filters (or, with no filter, all of them) are
    /// listed newest first.
    ///
    /// Exit status: 0 when something matched, 1 when nothing did, 2 on error.
    Search(SearchArgs),
    /// Search the quotations: each quote is its own result, with its speaker, date,
    /// article and a line of context. Same query syntax, filters, --histogram and
    /// --json as `search`; --speaker filters by who said it. Without QUERY, lists what
    /// matches the filters, newest first: `newsdex quotes --speaker Vinter`.
    Quotes(SearchArgs),
    /// Show one article: metadata, entities and quotations with their speakers.
    Show(ShowArgs),
    /// Summarize the index: documents, date range, top people, speakers, countries and
    /// organizations.
    Stats(StatsArgs),
    /// Print what the extractor finds in files, without indexing them.
    ///
    /// With --jsonl, one JSON object per article: mentions (start/end are character
    /// offsets into the file's text for .txt and .md files, into "title\n\nbody" for
    /// others), quotes with speakers, and the facet sets.
    Extract(ExtractArgs),
    /// Write every indexed article with its metadata and entities as JSON Lines, in the
    /// shape Quickwit and Elasticsearch/OpenSearch ingest (see schema/quickwit-index.json
    /// and schema/elasticsearch-mapping.json).
    Export(ExportArgs),
    /// List the people, organizations, countries and places that appear most with one
    /// entity, with counts and lift (how much more often than chance), so that names
    /// that are everywhere do not dominate.
    ///
    /// ENTITY is a person, organization, country (name, alias or ISO code) or place, typed
    /// as for the search filters. --query and the filters restrict the articles considered.
    Related(RelatedArgs),
    /// Verify the index: every file's checksum (both the article and the quotation
    /// index), newsdex.json, the manifest and the facet value lists. Names each damaged
    /// file and what to do.
    ///
    /// Exit status: 0 when the index is healthy, 2 when something is damaged.
    Check(CheckArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RelatedArgs {
    /// The entity: "Lars Vinter", "NATO", "Russia", "RU", "Geneva".
    #[arg(value_name = "ENTITY")]
    pub entity: String,
    /// Only consider articles matching this query.
    #[arg(long, short, value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Number of related entities per type (at most 10000).
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = number::<0, 10_000>)]
    pub top: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// JSON Lines output (the only format; accepted for clarity).
    #[arg(long, alias = "json")]
    pub jsonl: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Folders or files to index.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Number of threads for reading and extraction, 1 to 256 [default: all cores].
    #[arg(long, value_name = "N", value_parser = number::<1, 256>)]
    pub threads: Option<usize>,
    /// Print only the summary (no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
    /// Drop the existing index content and index everything from scratch (also the
    /// way to replace an index whose metadata is missing or damaged).
    #[arg(long)]
    pub rebuild: bool,
    /// Follow symbolic links to files and folders (loops are reported). Without it,
    /// links are counted and left alone, so nothing outside PATH is indexed.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Filters shared by the commands that query the index.
#[derive(Clone, Debug, Default, Args)]
pub struct Filters {
    /// Only articles quoting this speaker (repeatable: any of them).
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only articles mentioning this person (repeatable: any of them).
    #[arg(long, value_name = "NAME")]
    pub person: Vec<String>,
    /// Only articles mentioning this organization (repeatable).
    #[arg(long, value_name = "NAME")]
    pub org: Vec<String>,
    /// Only articles mentioning this place (city or region; repeatable).
    #[arg(long, value_name = "NAME")]
    pub place: Vec<String>,
    /// Only articles about this country: name, alias, demonym or ISO code (repeatable).
    #[arg(long, value_name = "NAME|CODE")]
    pub country: Vec<String>,
    /// Only articles from this source / publisher (repeatable).
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Only articles published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// The query (optional when filters are given).
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: Filters,
    /// Match any query word instead of all of them.
    #[arg(long)]
    pub any: bool,
    /// Number of results to show (at most 10000).
    #[arg(long, short = 'n', default_value_t = 10, value_name = "N", value_parser = number::<0, 10_000>)]
    pub limit: usize,
    /// Number of results to skip (for paging; past the last result, none are shown).
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub offset: usize,
    /// Number of values shown per facet (at most 10000); 0 skips facet counting (faster
    /// on large result sets).
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = number::<0, 10_000>)]
    pub facets: usize,
    /// Count matching articles per period and draw a bar chart [default: month].
    #[arg(long, value_enum, num_args = 0..=1, default_missing_value = "month", value_name = "PERIOD")]
    pub histogram: Option<crate::timeline::Period>,
    /// With --histogram: one row over time for each of the top 5 values of this facet.
    #[arg(long, value_enum, requires = "histogram", value_name = "FACET")]
    pub by: Option<FacetRoot>,
    /// (search) Show under each hit its quotations that match the query.
    #[arg(long)]
    pub quotes: bool,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// When to use colors.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// A whole number from `MIN` to `MAX`. Counts are bounded because larger ones would
/// only make collectors reserve room for results that cannot be shown, and threads
/// because each costs a stack and start-up time whatever the work.
fn number<const MIN: usize, const MAX: usize>(s: &str) -> Result<usize, String> {
    let range = || format!("use {MIN} to {MAX}");
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("not a whole number; {}", range()));
    }
    match s.parse::<usize>() {
        Ok(n) if n < MIN => Err(format!("too small; {}", range())),
        Ok(n) if n <= MAX => Ok(n),
        _ => Err(format!("too large; {}", range())),
    }
}

/// A facet root, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FacetRoot {
    Person,
    Speaker,
    Country,
    Place,
    Org,
}

impl FacetRoot {
    /// The root's name in the index.
    pub fn as_str(self) -> &'static str {
        match self {
            FacetRoot::Person => "person",
            FacetRoot::Speaker => "speaker",
            FacetRoot::Country => "country",
            FacetRoot::Place => "place",
            FacetRoot::Org => "org",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Article id (as printed by search) or the path of an indexed file.
    #[arg(value_name = "ID|PATH")]
    pub target: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Number of values shown per facet (at most 10000).
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = number::<0, 10_000>)]
    pub top: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object per article (JSON Lines).
    #[arg(long, alias = "json")]
    pub jsonl: bool,
}
