//! Command-line interface: clap derive only; the doc comments are the help text.
//! [`Cli::into_invocation`] turns the arguments into a validated
//! [`Invocation`] before any file is opened; the rest of
//! the library never sees clap.

use crate::error::Error;
use crate::output::ColorMode;
use crate::request::{
    CheckRequest, ExportRequest, ExtractRequest, IndexRequest, Invocation, RelatedRequest, Request,
    SearchCommand, ServeRequest, ShowRequest, StatsRequest,
};
use crate::search::timeline::Period;
use crate::search::{Filters, SearchRequest};
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
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
    /// `Canonical name<TAB>alias|alias` (`Barack Obama<TAB>Obama|President Obama`).
    /// Articles indexed before a change keep their names until `index --rebuild`.
    #[arg(long, global = true, env = "NEWSDEX_ALIASES", value_name = "FILE")]
    pub aliases: Option<PathBuf>,

    #[command(subcommand)]
    pub(crate) command: Command,
}

// `defer`: each subcommand's arguments are built only when it is the one invoked (or for
// help, completions and the man page): a search process no longer builds the arguments
// of all thirteen commands (issue 11).
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub(crate) enum Command {
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
    /// Serve the index as a web page and a JSON API (read-only).
    ///
    /// Listens on 127.0.0.1:7878 (this machine only) unless --addr says otherwise,
    /// prints the URL, and keeps results current while `newsdex index` runs. The API
    /// (/api/search, /api/quotes, /api/related, /api/articles/ID, /api/stats,
    /// /api/values/ROOT) takes the filters of `search` as query parameters and answers
    /// with the JSON of `--json`.
    Serve(ServeArgs),
    /// Print a shell completion script: `newsdex completions bash > ~/.local/share/bash-completion/completions/newsdex`.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `newsdex man > ~/.local/share/man/man1/newsdex.1`.
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell.
    #[arg(value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// Address to listen on; another interface than loopback (0.0.0.0:7878) makes the
    /// archive readable from other machines, without authentication. Port 0 picks a
    /// free one.
    #[arg(long, default_value = crate::serve::DEFAULT_ADDR, value_name = "IP:PORT")]
    pub addr: std::net::SocketAddr,
    /// Open the page in the default browser: the command in $BROWSER if set (`%s` stands
    /// for the URL), else xdg-open (open on macOS). If that fails, the server goes on.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct RelatedArgs {
    /// The entity: "Lars Vinter", "NATO", "Russia", "RU", "Geneva".
    #[arg(value_name = "ENTITY")]
    pub entity: String,
    /// Only consider articles matching this query.
    #[arg(long, short, value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Number of related entities per type (at most 10000).
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = number::<0, 10_000>)]
    pub top: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// JSON Lines output (the only format; accepted for clarity).
    #[arg(long, alias = "json")]
    pub jsonl: bool,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct IndexArgs {
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

// Filters shared by the commands that query the index. (A plain comment: a doc comment
// here would become the `about` of each command that flattens it, once that command's
// deferred arguments are built.)
#[derive(Clone, Debug, Default, Args)]
pub(crate) struct FilterArgs {
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
pub(crate) struct SearchArgs {
    /// The query (optional when filters are given).
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
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
    #[arg(long, num_args = 0..=1, default_missing_value = "month", value_name = "PERIOD", value_parser = period())]
    pub histogram: Option<Period>,
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
    /// After the results, write to stderr how long each stage of this search took:
    /// start-up, the command line, opening the index, the query, matching, facet
    /// counts, the hits and printing.
    #[arg(long)]
    pub timings: bool,
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

/// `--histogram`'s values, listed in the help and the error as clap lists an enum's.
fn period() -> impl TypedValueParser<Value = Period> {
    PossibleValuesParser::new(Period::ALL.map(Period::as_str)).try_map(|s| s.parse::<Period>())
}

/// A facet root, as named on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum FacetRoot {
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
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<ColorChoice> for ColorMode {
    fn from(c: ColorChoice) -> ColorMode {
        match c {
            ColorChoice::Auto => ColorMode::Auto,
            ColorChoice::Always => ColorMode::Always,
            ColorChoice::Never => ColorMode::Never,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    /// Article id (as printed by search) or the path of an indexed file.
    #[arg(value_name = "ID|PATH")]
    pub target: PathBuf,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct StatsArgs {
    /// Number of values shown per facet (at most 10000).
    #[arg(long, default_value_t = 10, value_name = "N", value_parser = number::<0, 10_000>)]
    pub top: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ExtractArgs {
    /// Files or folders to read.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub paths: Vec<PathBuf>,
    /// Print one JSON object per article (JSON Lines).
    #[arg(long, alias = "json")]
    pub jsonl: bool,
}

impl FilterArgs {
    /// The library's filters.
    pub fn into_filters(self) -> Filters {
        Filters {
            speaker: self.speaker,
            person: self.person,
            org: self.org,
            place: self.place,
            country: self.country,
            source: self.source,
            since: self.since,
            until: self.until,
        }
    }
}

impl SearchArgs {
    /// The validated search; `quotes` searches the quotation index.
    fn into_command(self, quotes: bool) -> Result<SearchCommand, Error> {
        let search = SearchRequest {
            query: self.query,
            filters: self.filters.into_filters(),
            any: self.any,
            limit: self.limit,
            offset: self.offset,
            facet_top: self.facets,
            histogram: self.histogram,
            by: self.by.map(FacetRoot::as_str),
            show_quotes: self.quotes && !quotes,
            body_only: quotes,
        };
        search.validate()?;
        Ok(SearchCommand {
            search,
            json: self.json,
            color: self.color.into(),
            timings: self.timings,
        })
    }
}

impl Cli {
    /// Turns the arguments into a validated [`Invocation`]: every argument error
    /// (query size and nesting, dates, counts) is found here, before any I/O.
    pub fn into_invocation(self) -> Result<Invocation, Error> {
        let request = match self.command {
            Command::Index(a) => Request::Index(IndexRequest {
                paths: a.paths,
                options: crate::index::IndexOptions {
                    threads: a.threads,
                    quiet: a.quiet,
                    rebuild: a.rebuild,
                    follow: a.follow,
                },
                json: a.json,
            }),
            Command::Search(a) => Request::Search(a.into_command(false)?),
            Command::Quotes(a) => Request::Quotes(a.into_command(true)?),
            Command::Show(a) => Request::Show(ShowRequest {
                target: a.target,
                json: a.json,
            }),
            Command::Stats(a) => Request::Stats(StatsRequest {
                top: a.top,
                json: a.json,
            }),
            Command::Extract(a) => Request::Extract(ExtractRequest {
                paths: a.paths,
                jsonl: a.jsonl,
            }),
            Command::Export(a) => Request::Export(ExportRequest { output: a.output }),
            Command::Related(a) => {
                let filters = a.filters.into_filters();
                crate::search::validate(a.query.as_deref(), &filters)?;
                Request::Related(RelatedRequest {
                    entity: a.entity,
                    query: a.query,
                    filters,
                    top: a.top,
                    json: a.json,
                })
            }
            Command::Check(a) => Request::Check(CheckRequest { json: a.json }),
            Command::Serve(a) => Request::Serve(ServeRequest {
                addr: a.addr,
                open: a.open,
            }),
            Command::Completions(a) => {
                let mut out = Vec::new();
                clap_complete::generate(a.shell, &mut Cli::command(), "newsdex", &mut out);
                Request::Print(out)
            }
            Command::Man => {
                let mut out = Vec::new();
                // Writing to a Vec cannot fail.
                let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
                Request::Print(out)
            }
        };
        // Completions and the man page read nothing, not even the alias table.
        let aliases = match request {
            Request::Print(_) => None,
            _ => self.aliases,
        };
        Ok(Invocation {
            index: crate::index::index_dir(self.index.as_deref()),
            aliases,
            request,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn histogram_takes_a_period_or_defaults_to_month() {
        let parse = |args: &[&str]| {
            Cli::try_parse_from(args).map(|c| match c.command {
                Command::Search(a) => a.histogram,
                _ => None,
            })
        };
        assert_eq!(
            parse(&["newsdex", "search", "x", "--histogram", "week"]).ok(),
            Some(Some(Period::Week))
        );
        assert_eq!(
            parse(&["newsdex", "search", "--histogram"]).ok(),
            Some(Some(Period::Month))
        );
        assert!(parse(&["newsdex", "search", "--histogram", "fortnight"]).is_err());
    }
}
