//! `bench`: newsdex's benchmark.
//!
//! 1. Generates a deterministic synthetic news archive (same seed → byte-identical files)
//!    in four parts of N/4 articles: .txt, .md, .json, .html and .jsonl files in
//!    year/month folders, with names, real places, organizations and quotations.
//! 2. Times the real `newsdex index` binary as a child process: full index of 25%, 50%
//!    and 100% of the archive into fresh indexes (with peak RSS), a no-op re-index, and a
//!    re-index after 1% of the files changed.
//! 3. Times a fixed query set in-process through the newsdex library (with and without
//!    entity and date filters, always with facets), and a few spawned `newsdex search`
//!    processes.
//! 4. Builds a plain tantivy index of the same articles without entity extraction and
//!    times the same text queries on it.
//! 5. Prints everything as a table (or one JSON object with `--json`), with the project's
//!    performance targets marked PASS or MISS.
//!
//! Run `cargo build --release && ./target/release/bench --articles 2000` for a smoke run.

use anyhow::{bail, Context, Result};
use clap::Parser;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

/// Benchmark newsdex on a deterministic synthetic news archive.
#[derive(Debug, Parser)]
#[command(name = "bench", max_term_width = 100)]
struct Args {
    /// Number of articles to generate (split into four parts of N/4).
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    articles: usize,
    /// Working folder for the archive and the indexes [default: a new folder under the
    /// system temp dir]. It must not exist, be empty, or be a folder from an earlier run.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Keep the working folder (archive and indexes) instead of deleting it.
    #[arg(long)]
    keep: bool,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
    /// The newsdex binary to time [default: `newsdex` next to this executable].
    #[arg(long, value_name = "PATH")]
    newsdex: Option<PathBuf>,
    /// Seed of the archive generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Timed runs of each query (after one warm-up round).
    #[arg(long, default_value_t = 50, value_name = "N")]
    runs: usize,
    /// Passed to `newsdex index --threads`, and used for the plain tantivy build
    /// [default: all cores].
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Only generate the archive (use with --keep), print its digest, and stop.
    #[arg(long)]
    generate_only: bool,
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Progress goes to stderr so that stdout holds only the report.
macro_rules! progress {
    ($($arg:tt)*) => { eprintln!("bench: {}", format!($($arg)*)) };
}

// ---------------------------------------------------------------------------------------
// Deterministic randomness
// ---------------------------------------------------------------------------------------

mod rng {
    /// The SplitMix64 output function.
    pub fn mix(mut z: u64) -> u64 {
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// SplitMix64: tiny, fast and identical on every platform, which is all the
    /// generator needs. Every article gets its own stream, so the archive does not
    /// depend on the order (or the threads) in which it is written.
    #[derive(Clone, Debug)]
    pub struct Rng(u64);

    impl Rng {
        /// A stream keyed on several numbers (seed, purpose, article id, version…).
        pub fn new(key: &[u64]) -> Rng {
            let mut s = 0x6a09_e667_f3bc_c908u64;
            for &k in key {
                s = mix(s ^ mix(k.wrapping_add(0x9e37_79b9_7f4a_7c15)));
            }
            Rng(s)
        }

        pub fn next_u64(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            mix(self.0)
        }

        /// Uniform in `0..n` (`n` > 0).
        pub fn below(&mut self, n: usize) -> usize {
            ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
        }

        /// Uniform in `lo..=hi`.
        pub fn range(&mut self, lo: usize, hi: usize) -> usize {
            lo + self.below(hi - lo + 1)
        }

        /// Uniform in `[0, 1)`.
        pub fn unit(&mut self) -> f64 {
            (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
        }

        pub fn chance(&mut self, p: f64) -> bool {
            self.unit() < p
        }

        pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
            &items[self.below(items.len())]
        }
    }

    /// Zipf-like choice of a rank: weight 1/(rank + offset). Only `+` and `/` are used,
    /// so the table is bit-identical everywhere.
    #[derive(Debug)]
    pub struct Zipf {
        cdf: Vec<f64>,
    }

    impl Zipf {
        pub fn new(n: usize, offset: f64) -> Zipf {
            let mut total = 0.0;
            let cdf = (0..n)
                .map(|r| {
                    total += 1.0 / (r as f64 + offset);
                    total
                })
                .collect();
            Zipf { cdf }
        }

        pub fn sample(&self, rng: &mut Rng) -> usize {
            let total = self.cdf.last().copied().unwrap_or(0.0);
            let u = rng.unit() * total;
            self.cdf
                .partition_point(|&c| c <= u)
                .min(self.cdf.len().saturating_sub(1))
        }
    }
}

// ---------------------------------------------------------------------------------------
// The synthetic world: vocabulary, people, places, organizations
// ---------------------------------------------------------------------------------------

mod world {
    use super::rng::{Rng, Zipf};
    use std::collections::BTreeSet;

    const FIRST_NAMES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/first_names.txt"
    ));
    const FIRST_NAMES_EXTRA: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/first_names_extra.txt"
    ));
    const SURNAMES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/surnames.txt"
    ));
    const SURNAMES_EXTRA: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/surnames_extra.txt"
    ));
    const CITIES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/cities.tsv"
    ));
    const COUNTRIES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/countries.tsv"
    ));
    const ORG_ALIASES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/org_aliases.tsv"
    ));
    const TITLES: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/gazetteer/titles.txt"
    ));

    /// The most frequent words of English news prose, most frequent first.
    pub const FUNCTION_WORDS: &[&str] = &[
        "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as", "by",
        "at", "from", "it", "be", "have", "has", "had", "were", "are", "this", "which", "not",
        "but", "their", "its", "an", "or", "been", "they", "after", "would", "will", "more",
        "than", "also", "who", "about", "over", "into", "when", "there", "could", "other", "some",
        "two", "last", "new", "first", "can", "year", "people", "while", "before", "under",
        "since", "between", "against", "during", "most", "only", "three", "because", "such",
        "where", "those", "week", "month", "still", "many", "said",
    ];

    /// News words, spread over the frequency ranks (earlier = more frequent).
    pub const NEWS_WORDS: &[&str] = &[
        "government",
        "officials",
        "minister",
        "talks",
        "economy",
        "election",
        "police",
        "market",
        "court",
        "security",
        "budget",
        "energy",
        "prices",
        "parliament",
        "protest",
        "inflation",
        "agreement",
        "border",
        "investment",
        "military",
        "vote",
        "opposition",
        "health",
        "workers",
        "exports",
        "ceasefire",
        "troops",
        "sanctions",
        "reform",
        "crisis",
        "growth",
        "refugees",
        "climate",
        "tariffs",
        "strike",
        "drought",
        "flood",
        "vaccine",
        "pipeline",
        "harvest",
        "truce",
        "coalition",
        "referendum",
        "embargo",
        "earthquake",
        "currency",
        "debt",
        "pension",
        "summit",
        "negotiators",
        "investigation",
        "corruption",
        "hospital",
        "schools",
        "satellite",
        "airline",
        "shipping",
        "wildfire",
        "famine",
        "uprising",
        "treaty",
        "blockade",
        "subsidy",
        "tourism",
        "mining",
        "fisheries",
        "bonds",
        "merger",
        "lawsuit",
        "drone",
        "cyberattack",
        "heatwave",
        "monsoon",
        "glacier",
        "vaccination",
        "recession",
        "stimulus",
        "austerity",
    ];

    /// Two-word phrases inserted into sentences (Zipf, first = most frequent).
    pub const PHRASES: &[&str] = &[
        "central bank",
        "prime minister",
        "peace talks",
        "interest rates",
        "climate change",
        "trade deal",
        "security forces",
        "human rights",
        "election campaign",
        "state media",
        "armed forces",
        "supply chain",
        "foreign ministry",
        "public health",
        "stock market",
        "energy prices",
        "opposition leader",
        "humanitarian aid",
        "press conference",
        "natural gas",
    ];

    /// Sentence openers (capitalized words that are not names).
    pub const STARTERS: &[&str] = &[
        "The",
        "In",
        "A",
        "But",
        "After",
        "While",
        "Since",
        "During",
        "Officials",
        "Analysts",
        "Many",
        "Some",
        "Under",
        "Before",
        "For",
        "On",
        "At",
        "Most",
        "Critics",
        "Residents",
    ];

    pub const SPEECH_VERBS: &[&str] = &[
        "said",
        "added",
        "told reporters",
        "warned",
        "noted",
        "stressed",
        "insisted",
        "explained",
        "argued",
        "acknowledged",
    ];

    pub const ROLES: &[&str] = &[
        "President",
        "Prime Minister",
        "Foreign Minister",
        "Finance Minister",
        "Defence Minister",
        "Senator",
        "Governor",
        "Mayor",
        "Ambassador",
        "Chief Executive",
        "Spokesman",
        "Spokeswoman",
        "Director",
        "Economist",
    ];

    const ORG_KEYWORDS: &[&str] = &[
        "Bank",
        "Institute",
        "Council",
        "Authority",
        "Group",
        "Holdings",
        "Corporation",
        "Agency",
        "Commission",
        "Foundation",
        "Association",
        "Union",
        "Party",
        "Alliance",
        "Trust",
        "Industries",
    ];

    pub const SOURCES: &[&str] = &[
        "Newswire",
        "Daily Ledger",
        "Evening Courier",
        "Global Dispatch",
        "Metro Herald",
        "Continental Times",
        "Harbor Gazette",
        "Northern Star",
    ];

    /// Countries that make the news most, in order of frequency (ISO codes).
    const NEWSY: &[&str] = &[
        "US", "CN", "RU", "UA", "GB", "DE", "FR", "IN", "JP", "BR", "TR", "IR", "IL", "SY", "MX",
        "CA", "AU", "ZA", "NG", "EG", "PK", "KR", "IT", "ES", "PL", "SA", "AR", "ID", "KE", "VN",
    ];

    #[derive(Debug)]
    pub struct Person {
        pub first: String,
        pub last: String,
    }

    impl Person {
        pub fn full(&self) -> String {
            format!("{} {}", self.first, self.last)
        }
    }

    #[derive(Debug)]
    pub struct Country {
        pub code: String,
        pub name: String,
        /// Its largest cities, largest first.
        pub cities: Vec<String>,
    }

    /// Everything articles are made of; built once from the seed and the gazetteers.
    #[derive(Debug)]
    pub struct World {
        pub vocab: Vec<String>,
        pub vocab_z: Zipf,
        pub phrase_z: Zipf,
        pub people: Vec<Person>,
        pub people_z: Zipf,
        pub reporters: Vec<Person>,
        pub countries: Vec<Country>,
        pub country_z: Zipf,
        pub orgs: Vec<String>,
        pub org_z: Zipf,
        pub source_z: Zipf,
    }

    /// Data lines of a gazetteer file, split on tabs.
    fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
    }

    fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
        row.get(i).copied().unwrap_or("").trim()
    }

    fn is_plain_name(s: &str) -> bool {
        s.len() >= 3
            && s.chars().next().is_some_and(char::is_uppercase)
            && s.chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
    }

    /// Pronounceable pseudo-words, unique and outside `exclude`.
    fn pseudo_words(rng: &mut Rng, n: usize, exclude: &mut BTreeSet<String>) -> Vec<String> {
        const ONSETS: &[&str] = &[
            "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br",
            "cr", "dr", "gr", "pl", "st", "tr", "sh", "ch", "th", "",
        ];
        const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"];
        const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "t", "m", "nd", "st", "rk"];
        let mut out = Vec::with_capacity(n);
        while out.len() < n {
            let syllables = if rng.chance(0.65) { 2 } else { 3 };
            let mut w = String::new();
            for _ in 0..syllables {
                w.push_str(rng.pick::<&str>(ONSETS));
                w.push_str(rng.pick::<&str>(VOWELS));
                w.push_str(rng.pick::<&str>(CODAS));
            }
            if w.len() >= 4 && w.len() <= 12 && exclude.insert(w.clone()) {
                out.push(w);
            }
        }
        out
    }

    fn capitalize(s: &str) -> String {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }

    impl World {
        pub fn build(seed: u64) -> World {
            // Words a name must not be: common words, places, titles, months.
            let mut blocked: BTreeSet<String> = BTreeSet::new();
            for w in FUNCTION_WORDS
                .iter()
                .chain(NEWS_WORDS)
                .chain(STARTERS)
                .chain(&newsdex::ingest::date::MONTH_NAMES)
                .chain(&newsdex::ingest::date::WEEKDAY_NAMES)
                .chain(ORG_KEYWORDS)
            {
                blocked.insert(w.to_lowercase());
            }
            for p in PHRASES {
                blocked.extend(p.split(' ').map(str::to_string));
            }
            for r in rows(TITLES) {
                for w in col(&r, 0).split([' ', '-']) {
                    blocked.insert(w.trim_end_matches('.').to_lowercase());
                }
            }

            // Countries and their biggest cities.
            let mut countries: Vec<Country> = Vec::new();
            for r in rows(COUNTRIES) {
                for name in [col(&r, 2)]
                    .into_iter()
                    .chain(col(&r, 3).split('|'))
                    .chain(col(&r, 4).split('|'))
                {
                    for w in name.split(' ') {
                        blocked.insert(w.to_lowercase());
                    }
                }
                countries.push(Country {
                    code: col(&r, 0).to_string(),
                    name: col(&r, 2).to_string(),
                    cities: Vec::new(),
                });
            }
            let country_names: BTreeSet<String> =
                countries.iter().map(|c| c.name.to_lowercase()).collect();
            let mut cities: Vec<(u64, String, String)> = rows(CITIES)
                .filter_map(|r| {
                    let pop: u64 = col(&r, 6).parse().ok()?;
                    let name = col(&r, 1);
                    (pop >= 150_000
                        && !name.is_empty()
                        && !country_names.contains(&name.to_lowercase()))
                    .then(|| (pop, name.to_string(), col(&r, 3).to_string()))
                })
                .collect();
            cities.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
            for (_, name, code) in &cities {
                for w in name.split(' ') {
                    blocked.insert(w.to_lowercase());
                }
                if let Some(c) = countries.iter_mut().find(|c| &c.code == code) {
                    if c.cities.len() < 10 && !c.cities.contains(name) {
                        c.cities.push(name.clone());
                    }
                }
            }
            countries.retain(|c| !c.cities.is_empty());
            let rank = |c: &Country| {
                NEWSY
                    .iter()
                    .position(|n| *n == c.code)
                    .unwrap_or(NEWSY.len())
            };
            countries.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.code.cmp(&b.code)));

            // People: census names (80%) and common non-US names (20%).
            let name_ok = |n: &&str| is_plain_name(n) && !blocked.contains(&n.to_lowercase());
            let firsts: Vec<&str> = rows(FIRST_NAMES)
                .filter(|r| col(r, 2).parse::<u32>().is_ok_and(|rank| rank <= 400))
                .map(|r| col(&r, 0))
                .filter(name_ok)
                .collect();
            let firsts_extra: Vec<&str> = rows(FIRST_NAMES_EXTRA)
                .step_by(20)
                .map(|r| col(&r, 0))
                .filter(name_ok)
                .collect();
            let lasts: Vec<&str> = rows(SURNAMES)
                .take(3000)
                .map(|r| col(&r, 0))
                .filter(name_ok)
                .collect();
            let lasts_extra: Vec<&str> = rows(SURNAMES_EXTRA)
                .step_by(10)
                .map(|r| col(&r, 0))
                .filter(name_ok)
                .collect();
            let mut r = Rng::new(&[seed, 1]);
            let mut seen = BTreeSet::new();
            let mut person = |r: &mut Rng| loop {
                let first = if r.chance(0.8) {
                    r.pick(&firsts)
                } else {
                    r.pick(&firsts_extra)
                };
                let last = if r.chance(0.8) {
                    r.pick(&lasts)
                } else {
                    r.pick(&lasts_extra)
                };
                if first != last && seen.insert(last.to_string()) {
                    return Person {
                        first: first.to_string(),
                        last: last.to_string(),
                    };
                }
            };
            // Unique surnames keep "Haddad said" unambiguous within and across articles.
            let people: Vec<Person> = (0..2000).map(|_| person(&mut r)).collect();
            let reporters: Vec<Person> = (0..150).map(|_| person(&mut r)).collect();

            // Vocabulary: function words, then news words spread over the ranks, then
            // pseudo-words.
            for p in people.iter().chain(&reporters) {
                blocked.insert(p.first.to_lowercase());
                blocked.insert(p.last.to_lowercase());
            }
            let mut r = Rng::new(&[seed, 2]);
            let pseudo = pseudo_words(&mut r, 4000, &mut blocked);
            let mut vocab: Vec<String> = FUNCTION_WORDS.iter().map(|s| s.to_string()).collect();
            let mut news = NEWS_WORDS.iter();
            for (i, p) in pseudo.into_iter().enumerate() {
                if i % 40 == 0 {
                    if let Some(n) = news.next() {
                        vocab.push(n.to_string());
                    }
                }
                vocab.push(p);
            }

            // Organizations: real ones from the alias table and made-up ones.
            let real: Vec<String> = rows(ORG_ALIASES)
                .map(|r| col(&r, 0).to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let mut r = Rng::new(&[seed, 3]);
            let stems = pseudo_words(&mut r, 600, &mut blocked);
            let mut orgs = Vec::new();
            for (i, stem) in stems.iter().enumerate() {
                let kw = r.pick(ORG_KEYWORDS);
                orgs.push(if i % 5 == 4 {
                    format!(
                        "{} {} {kw}",
                        capitalize(stem),
                        capitalize(r.pick::<String>(&stems))
                    )
                } else {
                    format!("{} {kw}", capitalize(stem))
                });
                if let Some(real) = real.get(i / 2).filter(|_| i % 2 == 0) {
                    orgs.push(real.clone());
                }
            }

            World {
                vocab_z: Zipf::new(vocab.len(), 2.0),
                vocab,
                phrase_z: Zipf::new(PHRASES.len(), 1.0),
                people_z: Zipf::new(people.len(), 10.0),
                people,
                reporters,
                country_z: Zipf::new(countries.len(), 2.0),
                countries,
                org_z: Zipf::new(orgs.len(), 5.0),
                orgs,
                source_z: Zipf::new(SOURCES.len(), 1.0),
            }
        }
    }
}

use world::World;

// The allocator newsdex ships with, for the in-process searches of both engines.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

// ---------------------------------------------------------------------------------------
// Articles and files
// ---------------------------------------------------------------------------------------

mod corpus {
    use super::rng::Rng;
    use super::world::{self, World};
    use anyhow::{Context, Result};
    use chrono::{Datelike, NaiveDate, NaiveDateTime};
    use rayon::prelude::*;
    use serde::Serialize;
    use std::path::{Path, PathBuf};

    const STREAM_DATE: u64 = 10;
    const STREAM_FORMAT: u64 = 11;
    const STREAM_CONTENT: u64 = 12;
    /// Articles per .jsonl file.
    const JSONL_BATCH: usize = 40;

    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
    pub enum Format {
        Txt,
        Md,
        Json,
        Html,
        Jsonl,
    }

    impl Format {
        pub fn ext(self) -> &'static str {
            match self {
                Format::Txt => "txt",
                Format::Md => "md",
                Format::Json => "json",
                Format::Html => "html",
                Format::Jsonl => "jsonl",
            }
        }
    }

    /// One generated article.
    #[derive(Debug)]
    pub struct Article {
        pub title: String,
        pub paragraphs: Vec<String>,
        pub date: NaiveDateTime,
        pub source: &'static str,
        pub author: String,
        /// Picks the date notation of the file format.
        pub style: usize,
    }

    impl Article {
        fn body(&self) -> String {
            self.paragraphs.join("\n\n")
        }

        fn slug(&self) -> String {
            let words: Vec<String> = self
                .title
                .split_whitespace()
                .map(|w| {
                    w.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .collect::<String>()
                        .to_ascii_lowercase()
                })
                .filter(|w| !w.is_empty())
                .take(6)
                .collect();
            words.join("-")
        }

        fn url(&self, id: usize) -> String {
            let site: String = self
                .source
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            format!(
                "https://{site}.example/{}/{:02}/{}-{id}",
                self.date.year(),
                self.date.month(),
                self.slug()
            )
        }

        fn iso(&self) -> String {
            self.date.format("%Y-%m-%dT%H:%M:%SZ").to_string()
        }
    }

    /// The article's date: uniform over 2000-01-01 … 2024-12-31, any time of day.
    fn article_date(seed: u64, id: usize) -> NaiveDateTime {
        let mut r = Rng::new(&[seed, STREAM_DATE, id as u64]);
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
        let end = NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default();
        let days = (end - start).num_days() as usize + 1;
        let day = start + chrono::Duration::days(r.below(days) as i64);
        day.and_hms_opt(0, 0, 0).unwrap_or_default()
            + chrono::Duration::seconds(r.below(86_400) as i64)
    }

    /// The file format of an article: 38% .txt, 20% .md, 14% .json, 13% .html, 15% in
    /// .jsonl batches.
    pub fn article_format(seed: u64, id: usize) -> Format {
        let mut r = Rng::new(&[seed, STREAM_FORMAT, id as u64]);
        match r.below(100) {
            0..38 => Format::Txt,
            38..58 => Format::Md,
            58..72 => Format::Json,
            72..85 => Format::Html,
            _ => Format::Jsonl,
        }
    }

    fn capitalize(s: &str) -> String {
        let mut c = s.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }

    /// Writes one article: a cast of people, a home country, a few organizations.
    struct Writer<'w> {
        w: &'w World,
        r: Rng,
        cast: Vec<usize>,
        roles: Vec<Option<&'static str>>,
        introduced: Vec<bool>,
        home: usize,
        others: Vec<usize>,
        orgs: Vec<usize>,
    }

    impl<'w> Writer<'w> {
        fn word(&mut self) -> &'w str {
            let i = self.w.vocab_z.sample(&mut self.r);
            &self.w.vocab[i]
        }

        /// `lo..=hi` words of prose, sometimes with a comma or a set phrase.
        fn clause(&mut self, lo: usize, hi: usize) -> String {
            let n = self.r.range(lo, hi);
            let phrase_at = self.r.chance(0.06).then(|| self.r.below(n));
            let mut s = String::with_capacity(n * 8);
            for k in 0..n {
                if k > 0 {
                    if self.r.chance(0.05) {
                        s.push(',');
                    }
                    s.push(' ');
                }
                if phrase_at == Some(k) {
                    s.push_str(world::PHRASES[self.w.phrase_z.sample(&mut self.r)]);
                } else {
                    s.push_str(self.word());
                }
            }
            s
        }

        fn starter(&mut self) -> &'static str {
            self.r.pick::<&str>(world::STARTERS)
        }

        fn city(&mut self, country: usize) -> &'w str {
            let cities = &self.w.countries[country].cities;
            &cities[self.r.below(cities.len().min(6))]
        }

        fn some_country(&mut self) -> usize {
            if self.others.is_empty() || self.r.chance(0.4) {
                self.home
            } else {
                *self.r.pick(&self.others)
            }
        }

        fn org(&mut self) -> &'w str {
            let i = *self.r.pick(&self.orgs);
            &self.w.orgs[i]
        }

        /// How cast member `k` is named: in full (maybe with a title) the first time,
        /// by surname after that.
        fn name(&mut self, k: usize) -> String {
            let p = &self.w.people[self.cast[k]];
            if self.introduced[k] {
                return p.last.clone();
            }
            self.introduced[k] = true;
            match self.roles[k] {
                Some(role) => format!("{role} {}", p.full()),
                None => p.full(),
            }
        }

        fn sentence(&mut self) -> String {
            match self.r.below(10) {
                0..5 => format!("{} {}.", self.starter(), self.clause(8, 22)),
                5 => {
                    let c = self.some_country();
                    format!(
                        "{} {} in {}.",
                        self.starter(),
                        self.clause(6, 14),
                        self.city(c)
                    )
                }
                6 => {
                    let a = self.some_country();
                    let b = self.some_country();
                    let (a, b) = (
                        &self.w.countries[a].name,
                        &self.w.countries[if a == b { self.home } else { b }].name,
                    );
                    let clause = self.clause(5, 12);
                    if a == b {
                        format!("{} {clause} in {a}.", self.starter())
                    } else {
                        format!("{} {clause} between {a} and {b}.", self.starter())
                    }
                }
                7 => format!("Officials at the {} {}.", self.org(), self.clause(6, 16)),
                8 => {
                    let k = self.r.below(self.cast.len());
                    format!("{} met {}.", self.name(k), self.clause(6, 14))
                }
                _ => {
                    let c = self.some_country();
                    format!(
                        "{} {} in {}.",
                        self.starter(),
                        self.clause(6, 14),
                        self.w.countries[c].name
                    )
                }
            }
        }

        fn quote_paragraph(&mut self) -> String {
            let k = if self.r.chance(0.5) {
                0
            } else {
                self.r.below(self.cast.len())
            };
            let (open, close) = if self.r.chance(0.75) {
                ("\"", "\"")
            } else {
                ("\u{201c}", "\u{201d}")
            };
            let q = capitalize(&self.clause(6, 18));
            let mut p = match self.r.below(5) {
                0 => {
                    let verb = self.r.pick(world::SPEECH_VERBS);
                    format!("{open}{q},{close} {} {verb}.", self.name(k))
                }
                1 => format!("{open}{q},{close} said {}.", self.name(k)),
                2 => format!("{} said: {open}{q}.{close}", self.name(k)),
                3 => {
                    let q2 = capitalize(&self.clause(6, 16));
                    format!(
                        "{open}{q},{close} {} said. {open}{q2}.{close}",
                        self.name(k)
                    )
                }
                _ => {
                    let c = self.some_country();
                    let city = self.city(c);
                    format!(
                        "{} told reporters in {city}: {open}{q}.{close}",
                        self.name(k)
                    )
                }
            };
            if self.r.chance(0.5) {
                p.push(' ');
                p.push_str(&self.sentence());
            }
            p
        }

        fn paragraph(&mut self) -> String {
            let n = self.r.range(2, 4);
            let sentences: Vec<String> = (0..n).map(|_| self.sentence()).collect();
            sentences.join(" ")
        }

        fn lead(&mut self, date: NaiveDateTime, source: &str) -> String {
            let city = self.city(self.home).to_uppercase();
            let who = self.name(0);
            format!(
                "{city}, {} ({source}) \u{2014} {who} said on {} that {}. {}",
                date.format("%b %-d"),
                date.format("%A"),
                self.clause(10, 24),
                self.sentence()
            )
        }

        fn title(&mut self) -> String {
            match self.r.below(4) {
                0 => format!(
                    "{} says {}",
                    self.w.people[self.cast[0]].last,
                    self.clause(4, 7)
                ),
                1 => format!("{} {}", self.w.countries[self.home].name, self.clause(4, 8)),
                2 => {
                    let c = self.some_country();
                    format!("{} {} in {}", self.org(), self.clause(3, 6), self.city(c))
                }
                _ => capitalize(&self.clause(5, 9)),
            }
        }
    }

    /// Generates article `id`; `version` > 0 gives changed content with the same date.
    pub fn article(w: &World, seed: u64, id: usize, version: u64) -> Article {
        let date = article_date(seed, id);
        let mut r = Rng::new(&[seed, STREAM_CONTENT, id as u64, version]);
        let home = w.country_z.sample(&mut r);
        let mut cast = Vec::new();
        for _ in 0..r.range(2, 4) {
            let p = w.people_z.sample(&mut r);
            if !cast.contains(&p) {
                cast.push(p);
            }
        }
        let roles = cast
            .iter()
            .map(|_| r.chance(0.4).then(|| *r.pick(world::ROLES)))
            .collect();
        let mut others = Vec::new();
        for _ in 0..r.range(1, 3) {
            let c = w.country_z.sample(&mut r);
            if c != home && !others.contains(&c) {
                others.push(c);
            }
        }
        let orgs = (0..r.range(1, 3)).map(|_| w.org_z.sample(&mut r)).collect();
        let source = world::SOURCES[w.source_z.sample(&mut r)];
        let author = if r.chance(0.7) {
            r.pick(&w.reporters).full()
        } else {
            format!("{source} staff")
        };
        let style = r.below(5);
        let mut g = Writer {
            w,
            introduced: vec![false; cast.len()],
            cast,
            roles,
            home,
            others,
            orgs,
            r,
        };
        let title = g.title();
        let mut paragraphs = vec![g.lead(date, source)];
        for _ in 0..g.r.range(6, 13) {
            let p = if g.r.chance(0.4) {
                g.quote_paragraph()
            } else {
                g.paragraph()
            };
            paragraphs.push(p);
        }
        Article {
            title,
            paragraphs,
            date,
            source,
            author,
            style,
        }
    }

    fn html_escape(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 16);
        for c in s.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                _ => out.push(c),
            }
        }
        out
    }

    #[derive(Serialize)]
    struct Publisher<'a> {
        name: &'a str,
    }

    /// A .json file: schema.org-like field names.
    #[derive(Serialize)]
    struct JsonArticle<'a> {
        headline: &'a str,
        #[serde(rename = "datePublished")]
        date_published: String,
        publisher: Publisher<'a>,
        author: Vec<&'a str>,
        url: String,
        #[serde(rename = "articleBody")]
        article_body: String,
    }

    /// A .jsonl line: feed-like field names, the date as text or a Unix timestamp.
    #[derive(Serialize)]
    struct JsonlArticle<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        date: Option<String>,
        #[serde(rename = "publishedAt", skip_serializing_if = "Option::is_none")]
        published_at: Option<i64>,
        source: &'a str,
        author: &'a str,
        url: String,
        text: String,
    }

    fn render_single(fmt: Format, id: usize, a: &Article) -> Result<String> {
        let body = a.body();
        Ok(match fmt {
            Format::Txt => {
                let date = match a.style {
                    0 => a.date.format("%d %b %Y").to_string(),
                    1 => a.date.format("%Y-%m-%d").to_string(),
                    2 => a.date.format("%B %-d, %Y").to_string(),
                    3 => a.date.format("%a, %d %b %Y %H:%M:%S +0000").to_string(),
                    _ => a.date.format("%Y/%m/%d").to_string(),
                };
                format!(
                    "Title: {}\nDate: {date}\nSource: {}\nAuthor: {}\n\n{body}\n",
                    a.title, a.source, a.author
                )
            }
            Format::Md => {
                let date = if a.style < 3 {
                    a.date.format("%Y-%m-%d").to_string()
                } else {
                    a.iso()
                };
                format!(
                    "---\ntitle: \"{}\"\ndate: {date}\nsource: {}\nauthor: {}\nurl: {}\n---\n\n{body}\n",
                    a.title,
                    a.source,
                    a.author,
                    a.url(id)
                )
            }
            Format::Json => {
                let j = JsonArticle {
                    headline: &a.title,
                    date_published: if a.style < 3 {
                        a.iso()
                    } else {
                        a.date.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
                    },
                    publisher: Publisher { name: a.source },
                    author: vec![&a.author],
                    url: a.url(id),
                    article_body: body,
                };
                let mut s = serde_json::to_string_pretty(&j)?;
                s.push('\n');
                s
            }
            Format::Html => {
                let t = html_escape(&a.title);
                let mut s = String::with_capacity(body.len() + 1500);
                s.push_str(
                    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
                );
                s.push_str(&format!(
                    "<title>{t} | {src}</title>\n<meta property=\"og:title\" content=\"{t}\">\n\
                     <meta property=\"article:published_time\" content=\"{iso}\">\n\
                     <meta name=\"author\" content=\"{author}\">\n\
                     <link rel=\"stylesheet\" href=\"/static/site.css\">\n\
                     <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{section: \"news\"}});</script>\n\
                     </head>\n<body>\n<header><a class=\"logo\" href=\"/\">{src}</a></header>\n\
                     <nav><ul><li><a href=\"/world/\">World</a></li><li><a href=\"/business/\">Business</a></li>\
                     <li><a href=\"/science/\">Science</a></li><li><a href=\"/sport/\">Sport</a></li></ul></nav>\n\
                     <article>\n<h1>{t}</h1>\n<time datetime=\"{iso}\">{pretty}</time>\n",
                    src = html_escape(a.source),
                    iso = a.iso(),
                    author = html_escape(&a.author),
                    pretty = a.date.format("%B %-d, %Y"),
                ));
                for p in &a.paragraphs {
                    s.push_str("<p>");
                    s.push_str(&html_escape(p));
                    s.push_str("</p>\n");
                }
                s.push_str(&format!(
                    "</article>\n<aside><h2>Most read</h2><ul><li><a href=\"/\">Markets close higher</a></li>\
                     <li><a href=\"/\">Weather warning issued</a></li></ul></aside>\n\
                     <footer><p>&copy; {} {}. All rights reserved.</p></footer>\n</body>\n</html>\n",
                    a.date.year(),
                    html_escape(a.source)
                ));
                s
            }
            Format::Jsonl => anyhow::bail!("a .jsonl file holds a batch: use render_jsonl"),
        })
    }

    fn render_jsonl(ids: &[usize], arts: &[Article]) -> Result<String> {
        let mut s = String::new();
        for (&id, a) in ids.iter().zip(arts) {
            let (date, published_at) = if a.style < 3 {
                (Some(a.iso()), None)
            } else {
                (None, Some(a.date.and_utc().timestamp()))
            };
            let line = JsonlArticle {
                title: &a.title,
                date,
                published_at,
                source: a.source,
                author: &a.author,
                url: a.url(id),
                text: a.body(),
            };
            s.push_str(&serde_json::to_string(&line)?);
            s.push('\n');
        }
        Ok(s)
    }

    /// A file to write: one article, or a batch in a .jsonl file.
    #[derive(Clone, Debug)]
    pub struct Unit {
        pub part: usize,
        pub format: Format,
        pub ids: Vec<usize>,
    }

    /// A file that was written.
    #[derive(Clone, Debug)]
    pub struct FileRec {
        /// Path relative to the archive root, '/'-separated.
        pub rel: String,
        pub unit: Unit,
        pub bytes: u64,
        pub text_bytes: u64,
        pub hash: u64,
    }

    /// Renders a unit; `rel` is its path when it is known already (rewrites).
    fn render(
        w: &World,
        seed: u64,
        unit: &Unit,
        version: u64,
        rel: Option<&str>,
    ) -> Result<(String, String, u64)> {
        let arts: Vec<Article> = unit
            .ids
            .iter()
            .map(|&id| article(w, seed, id, version))
            .collect();
        let text_bytes = arts
            .iter()
            .map(|a| (a.title.len() + a.body().len()) as u64)
            .sum();
        let first = &arts[0];
        let folder = format!(
            "p{}/{}/{:02}",
            unit.part + 1,
            first.date.year(),
            first.date.month()
        );
        let (name, content) = match unit.format {
            Format::Jsonl => (
                format!("feed-{:07}.jsonl", unit.ids[0]),
                render_jsonl(&unit.ids, &arts)?,
            ),
            f => (
                format!("{}-{:07}.{}", first.slug(), unit.ids[0], f.ext()),
                render_single(f, unit.ids[0], first)?,
            ),
        };
        let rel = rel.map_or_else(|| format!("{folder}/{name}"), str::to_string);
        Ok((rel, content, text_bytes))
    }

    fn write(root: &Path, rel: &str, content: &str) -> Result<()> {
        let path = root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))
    }

    /// The generated archive.
    #[derive(Debug)]
    pub struct Archive {
        pub root: PathBuf,
        pub parts: Vec<PathBuf>,
        /// Sorted by path.
        pub files: Vec<FileRec>,
        pub articles: usize,
    }

    impl Archive {
        pub fn raw_bytes(&self) -> u64 {
            self.files.iter().map(|f| f.bytes).sum()
        }

        pub fn text_bytes(&self) -> u64 {
            self.files.iter().map(|f| f.text_bytes).sum()
        }

        /// Bytes and articles of the first `parts` parts.
        pub fn part_totals(&self, parts: usize) -> (u64, usize) {
            self.files
                .iter()
                .filter(|f| f.unit.part < parts)
                .fold((0, 0), |(b, a), f| (b + f.bytes, a + f.unit.ids.len()))
        }

        /// xxh3 over every path and content hash, in path order: equal digests mean
        /// byte-identical archives.
        pub fn digest(&self) -> String {
            let mut buf = Vec::new();
            for f in &self.files {
                buf.extend_from_slice(f.rel.as_bytes());
                buf.push(0);
                buf.extend_from_slice(&f.hash.to_le_bytes());
            }
            format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&buf))
        }

        /// The files rewritten by [`Archive::rewrite`]: every 100th, at least one.
        pub fn one_percent(&self) -> Vec<usize> {
            let picked: Vec<usize> = (0..self.files.len()).filter(|i| i % 100 == 50).collect();
            if picked.is_empty() {
                vec![0]
            } else {
                picked
            }
        }

        /// Rewrites the files at `which` with article content of `version` (0 is the
        /// original); returns their new total size.
        pub fn rewrite(&self, w: &World, seed: u64, which: &[usize], version: u64) -> Result<u64> {
            let sizes: Vec<Result<(u64, u64)>> = which
                .par_iter()
                .map(|&i| {
                    let f = &self.files[i];
                    let (rel, content, _) = render(w, seed, &f.unit, version, Some(&f.rel))?;
                    write(&self.root, &rel, &content)?;
                    Ok((
                        content.len() as u64,
                        xxhash_rust::xxh3::xxh3_64(content.as_bytes()),
                    ))
                })
                .collect();
            let mut total = 0;
            for (k, s) in which.iter().zip(sizes) {
                let (bytes, hash) = s?;
                total += bytes;
                if version == 0 && hash != self.files[*k].hash {
                    anyhow::bail!(
                        "restoring {} did not reproduce its original content: the generator is not deterministic",
                        self.files[*k].rel
                    );
                }
            }
            Ok(total)
        }
    }

    /// Generates `n` articles in four parts under `root`.
    pub fn generate(w: &World, seed: u64, n: usize, root: &Path) -> Result<Archive> {
        let mut units = Vec::new();
        for part in 0..4 {
            let (lo, hi) = (part * n / 4, (part + 1) * n / 4);
            let mut batch = Vec::new();
            for id in lo..hi {
                match article_format(seed, id) {
                    Format::Jsonl => {
                        batch.push(id);
                        if batch.len() == JSONL_BATCH {
                            units.push(Unit {
                                part,
                                format: Format::Jsonl,
                                ids: std::mem::take(&mut batch),
                            });
                        }
                    }
                    format => units.push(Unit {
                        part,
                        format,
                        ids: vec![id],
                    }),
                }
            }
            if !batch.is_empty() {
                units.push(Unit {
                    part,
                    format: Format::Jsonl,
                    ids: batch,
                });
            }
        }
        let written: Vec<Result<FileRec>> = units
            .into_par_iter()
            .map(|unit| {
                let (rel, content, text_bytes) = render(w, seed, &unit, 0, None)?;
                write(root, &rel, &content)?;
                Ok(FileRec {
                    rel,
                    unit,
                    bytes: content.len() as u64,
                    text_bytes,
                    hash: xxhash_rust::xxh3::xxh3_64(content.as_bytes()),
                })
            })
            .collect();
        let mut files = written.into_iter().collect::<Result<Vec<_>>>()?;
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        Ok(Archive {
            root: root.to_path_buf(),
            parts: (1..=4).map(|p| root.join(format!("p{p}"))).collect(),
            files,
            articles: n,
        })
    }
}

// ---------------------------------------------------------------------------------------
// Child processes: `newsdex index` with peak RSS, `newsdex search` wall time
// ---------------------------------------------------------------------------------------

/// The part of `newsdex index --json` the benchmark reads.
#[derive(Debug, Default, Deserialize, Serialize)]
struct IndexSummary {
    files_seen: usize,
    articles_indexed: usize,
    files_new: usize,
    files_updated: usize,
    files_unchanged: usize,
    files_skipped: usize,
    bad_lines: usize,
    warnings: usize,
    bytes_read: u64,
    commits: usize,
    seconds: f64,
    documents_in_index: u64,
}

/// One timed `newsdex index` run.
#[derive(Debug, Serialize)]
struct IndexRun {
    label: String,
    /// Articles and bytes of the files the run had to (re)index.
    articles: usize,
    bytes: u64,
    wall_seconds: f64,
    mb_per_s: f64,
    articles_per_s: f64,
    peak_rss_mib: Option<f64>,
    /// Largest RssAnon seen (sampled every 5 ms): memory that is not mapped index files.
    peak_anon_mib: Option<f64>,
    /// User + system CPU seconds of the process (GNU time `%U` + `%S`), all threads: what
    /// the run costs on a busy machine, where wall time says little.
    cpu_seconds: Option<f64>,
    summary: IndexSummary,
}

struct Runner {
    newsdex: PathBuf,
    /// GNU time, when present: exact peak RSS (`%M`) without polling.
    gnu_time: Option<PathBuf>,
    threads: Option<usize>,
    scratch: PathBuf,
}

/// VmHWM (peak resident set) and RssAnon (resident heap and stacks, without mapped
/// files) of a running process, in KiB.
fn memory_kib(pid: u32) -> Option<(u64, u64)> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |key: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(key))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmHWM:")?, field("RssAnon:")?))
}

/// User + system CPU seconds of this process so far, all threads.
fn process_cpu_seconds() -> Option<f64> {
    #[cfg(unix)]
    {
        // SAFETY: getrusage only writes the struct it is given.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
            return None;
        }
        let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Some(secs(u.ru_utime) + secs(u.ru_stime))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// The first child of `pid` (newsdex under GNU time).
fn first_child(pid: u32) -> Option<u32> {
    let list = std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).ok()?;
    list.split_whitespace().next()?.parse().ok()
}

fn gnu_time() -> Option<PathBuf> {
    let p = PathBuf::from("/usr/bin/time");
    let out = Command::new(&p)
        .args(["-f", "%M", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    (out.status.success() && text.trim().parse::<u64>().is_ok()).then_some(p)
}

impl Runner {
    fn rss_method(&self) -> &'static str {
        if self.gnu_time.is_some() {
            "GNU time %M (max RSS of the child); anon = largest RssAnon polled every 5 ms"
        } else {
            "VmHWM and RssAnon from /proc/<pid>/status, polled every 5 ms"
        }
    }

    fn index(
        &self,
        label: &str,
        index_dir: &Path,
        paths: &[PathBuf],
        articles: usize,
        bytes: u64,
    ) -> Result<IndexRun> {
        progress!("newsdex index: {label}");
        let rss_file = self.scratch.join(".rss");
        let mut cmd = match &self.gnu_time {
            Some(t) => {
                let mut c = Command::new(t);
                c.args(["-f", "%M %U %S", "-o"])
                    .arg(&rss_file)
                    .arg(&self.newsdex);
                c
            }
            None => Command::new(&self.newsdex),
        };
        cmd.arg("--index")
            .arg(index_dir)
            .args(["index", "--quiet", "--json"]);
        if let Some(n) = self.threads {
            cmd.arg("--threads").arg(n.to_string());
        }
        cmd.args(paths)
            .env_remove("NEWSDEX_INDEX")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let started = Instant::now();
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        let pid = child.id();
        let drain = |r: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut s = String::new();
                if let Some(mut r) = r {
                    let _ = r.read_to_string(&mut s);
                }
                s
            })
        };
        let stdout = drain(child.stdout.take().map(|s| Box::new(s) as _));
        let stderr = drain(child.stderr.take().map(|s| Box::new(s) as _));
        // Poll newsdex's memory while it runs: VmHWM is the kernel's own high-water
        // mark; RssAnon is sampled, to tell heap growth from mapped index files.
        let (mut hwm, mut anon) = (0u64, 0u64);
        let mut target = self.gnu_time.is_none().then_some(pid);
        let status = loop {
            if let Some(st) = child.try_wait().context("waiting for newsdex")? {
                break st;
            }
            if target.is_none() {
                target = first_child(pid);
            }
            if let Some((h, a)) = target.and_then(memory_kib) {
                hwm = hwm.max(h);
                anon = anon.max(a);
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let wall = started.elapsed().as_secs_f64();
        let stdout = stdout.join().unwrap_or_default();
        let stderr = stderr.join().unwrap_or_default();
        // 0: fine; 1: finished, but something was skipped (reported below).
        if !matches!(status.code(), Some(0 | 1)) {
            let tail: Vec<&str> = stderr.lines().rev().take(10).collect();
            bail!(
                "newsdex index ({label}) failed with {status}:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        let mut cpu_seconds = None;
        if self.gnu_time.is_some() {
            // GNU time writes "Command exited with non-zero status N" before its line.
            let text = std::fs::read_to_string(&rss_file)
                .with_context(|| format!("cannot read {}", rss_file.display()))?;
            let line: Option<(u64, f64, f64)> = text.lines().rev().find_map(|l| {
                let mut f = l.split_whitespace();
                Some((
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                    f.next()?.parse().ok()?,
                ))
            });
            if let Some((exact, user, sys)) = line {
                hwm = hwm.max(exact);
                cpu_seconds = Some(user + sys);
            }
        }
        let summary: IndexSummary = serde_json::from_str(&stdout)
            .with_context(|| format!("unexpected output of newsdex index: {stdout:?}"))?;
        Ok(IndexRun {
            label: label.to_string(),
            articles,
            bytes,
            wall_seconds: wall,
            mb_per_s: bytes as f64 / 1e6 / wall,
            articles_per_s: articles as f64 / wall,
            peak_rss_mib: (hwm > 0).then(|| hwm as f64 / 1024.0),
            peak_anon_mib: (anon > 0).then(|| anon as f64 / 1024.0),
            cpu_seconds,
            summary,
        })
    }

    /// Wall time of one `newsdex search` process.
    fn search(&self, index_dir: &Path, args: &[String]) -> Result<Duration> {
        let started = Instant::now();
        let out = Command::new(&self.newsdex)
            .arg("--index")
            .arg(index_dir)
            .arg("search")
            .args(args)
            .args(["--json", "--limit", "10", "--facets", "8"])
            .env_remove("NEWSDEX_INDEX")
            .stdin(Stdio::null())
            .output()
            .with_context(|| format!("cannot run {}", self.newsdex.display()))?;
        let took = started.elapsed();
        if !matches!(out.status.code(), Some(0 | 1)) {
            bail!(
                "newsdex search {args:?} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        Ok(took)
    }
}

fn dir_size(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        if entry.file_type().is_file() {
            total += entry
                .metadata()
                .with_context(|| format!("cannot stat {}", entry.path().display()))?
                .len();
        }
    }
    Ok(total)
}

// ---------------------------------------------------------------------------------------
// The plain tantivy baseline
// ---------------------------------------------------------------------------------------

mod plain {
    use anyhow::{Context, Result};
    use rayon::prelude::*;
    use std::path::{Path, PathBuf};
    use tantivy::collector::{Count, FacetCollector, TopDocs};
    use tantivy::query::QueryParser;
    use tantivy::schema::{
        DateOptions, DateTimePrecision, Facet, Field, IndexRecordOption, Schema, TextFieldIndexing,
        TextOptions,
    };
    use tantivy::snippet::SnippetGenerator;
    use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument};

    /// Same writer budget as newsdex.
    const WRITER_MEMORY: usize = 128 * 1024 * 1024;

    /// A tantivy index of title, body and date, with newsdex's text analyzer (lower case,
    /// accent folding, English stemming) and no entities: the difference to newsdex is
    /// the entities, not the analyzer.
    pub struct Plain {
        index: Index,
        reader: IndexReader,
        title: Field,
        body: Field,
    }

    /// Builds it from the files under `roots`, read with newsdex's own readers so both
    /// indexes hold exactly the same articles. Returns the index and its document count.
    pub fn build(dir: &Path, roots: &[PathBuf]) -> Result<(Plain, u64)> {
        let mut b = Schema::builder();
        let text = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(newsdex::schema::TEXT_ANALYZER)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
            .set_stored();
        let title = b.add_text_field("title", text.clone());
        let body = b.add_text_field("body", text);
        let date = b.add_date_field(
            "date",
            DateOptions::default()
                .set_indexed()
                .set_fast()
                .set_stored()
                .set_precision(DateTimePrecision::Seconds),
        );
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        let index = Index::create_in_dir(dir, b.build())
            .with_context(|| format!("cannot create a tantivy index in {}", dir.display()))?;
        newsdex::schema::register_analyzers(&index);
        let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
        let walked = newsdex::ingest::walk::walk(roots, &Default::default());
        walked.files.par_iter().try_for_each(|path| -> Result<()> {
            let outcome = newsdex::ingest::read_file(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            for a in outcome.articles {
                let mut d = TantivyDocument::default();
                d.add_text(title, &a.title);
                d.add_text(body, &a.body);
                if let Some(dt) = a.date {
                    d.add_date(date, tantivy::DateTime::from_timestamp_secs(dt.timestamp()));
                }
                writer.add_document(d)?;
            }
            Ok(())
        })?;
        writer.commit()?;
        writer.wait_merging_threads()?;
        let reader = index.reader()?;
        reader.reload()?;
        let docs = reader.searcher().num_docs();
        Ok((
            Plain {
                index,
                reader,
                title,
                body,
            },
            docs,
        ))
    }

    impl Plain {
        /// The same page newsdex builds, minus filters and entities: BM25 over title
        /// (×2) and body with all words required, the top 10 documents loaded and a
        /// 240-character snippet for each; with `facets`, also the top 8 values of every
        /// facet root counted over all matches, as newsdex does. Returns the number of
        /// matches.
        pub fn search(&self, q: &str, facets: bool) -> Result<usize> {
            let searcher = self.reader.searcher();
            let mut parser = QueryParser::for_index(&self.index, vec![self.title, self.body]);
            parser.set_field_boost(self.title, 2.0);
            parser.set_conjunction_by_default();
            let query = parser.parse_query(q)?;
            let top_count = (TopDocs::with_limit(10).order_by_score(), Count);
            let (top, count) = if facets {
                let mut fc = FacetCollector::for_field("entity");
                for root in newsdex::schema::FACET_ROOTS {
                    fc.add_facet(Facet::from_path([root]));
                }
                let ((top, count), counts) = searcher.search(&query, &(top_count, fc))?;
                for root in newsdex::schema::FACET_ROOTS {
                    std::hint::black_box(counts.top_k(Facet::from_path([root]), 8));
                }
                (top, count)
            } else {
                searcher.search(&query, &top_count)?
            };
            let mut snippets = SnippetGenerator::create(&searcher, query.as_ref(), self.body)?;
            snippets.set_max_num_chars(240);
            for (_, addr) in top {
                let doc: TantivyDocument = searcher.doc(addr)?;
                std::hint::black_box(snippets.snippet_from_doc(&doc));
            }
            Ok(count)
        }

        pub fn segments(&self) -> Result<usize> {
            Ok(self.index.searchable_segment_ids()?.len())
        }

        /// The same raw tantivy page on newsdex's own index (its analyzer, its stored
        /// fields), without going through `newsdex::search`.
        pub fn on_newsdex(ni: &newsdex::index::NewsIndex) -> Result<Plain> {
            Ok(Plain {
                index: ni.index.clone(),
                reader: ni.index.reader()?,
                title: ni.fields.title,
                body: ni.fields.body,
            })
        }
    }
}

// ---------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------

/// Filter variants every text query is run with.
const VARIANTS: [&str; 5] = ["none", "speaker", "country", "date", "all three"];

#[derive(Clone, Debug)]
struct TextQuery {
    class: &'static str,
    text: String,
}

/// The fixed query set: single terms of falling frequency, phrases, boolean queries.
fn text_queries(w: &World) -> Vec<TextQuery> {
    let q = |class, text: String| TextQuery { class, text };
    vec![
        q("term", "government".into()),
        q("term", "ceasefire".into()),
        q("term", w.vocab[1000].clone()),
        q("term", w.vocab[3500].clone()),
        q("phrase", "\"central bank\"".into()),
        q("phrase", "\"peace talks\"".into()),
        q("phrase", "\"humanitarian aid\"".into()),
        q("phrase", format!("\"{}\"", w.people[0].full())),
        q("boolean", "ceasefire OR truce".into()),
        q("boolean", "election AND NOT inflation".into()),
        q("boolean", "+budget -parliament".into()),
        q("boolean", "(economy OR inflation) AND reform".into()),
    ]
}

/// The filter values: the most quoted person and a frequent country of the generator.
struct FilterValues {
    speaker: String,
    country: String,
    since: String,
    until: String,
}

fn filters_for(variant: &str, fv: &FilterValues) -> newsdex::search::Filters {
    let mut f = newsdex::search::Filters::default();
    if matches!(variant, "speaker" | "all three") {
        f.speaker = vec![fv.speaker.clone()];
    }
    if matches!(variant, "country" | "all three") {
        f.country = vec![fv.country.clone()];
    }
    if matches!(variant, "date" | "all three") {
        f.since = Some(fv.since.clone());
        f.until = Some(fv.until.clone());
    }
    f
}

/// Latency of one `quotes` or `related` call shape.
#[derive(Debug, Serialize)]
struct QuoteRelatedLatency {
    what: String,
    runs: usize,
    results: usize,
    p50_ms: f64,
    p99_ms: f64,
}

/// Times `newsdex quotes` (speaker listing, query + speaker) and `newsdex related`
/// (a speaker, a country) in-process on the built index.
fn time_quotes_related(
    ni: &newsdex::index::NewsIndex,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<Vec<QuoteRelatedLatency>> {
    use newsdex::search::{search, SearchRequest};
    let quotes = ni.quotes()?;
    let speaker = newsdex::search::Filters {
        speaker: vec![fv.speaker.clone()],
        ..Default::default()
    };
    let listing = SearchRequest {
        filters: speaker.clone(),
        limit: 10,
        facet_top: 8,
        body_only: true,
        ..SearchRequest::default()
    };
    let with_query = SearchRequest {
        query: Some(queries[1].text.clone()),
        ..listing.clone()
    };
    let mut out = Vec::new();
    let mut time = |what: String, f: &mut dyn FnMut() -> Result<usize>| -> Result<()> {
        let results = f()?; // warm-up
        let mut samples: Vec<Duration> = (0..runs.max(1))
            .map(|_| {
                let t = Instant::now();
                f().map(|_| t.elapsed())
            })
            .collect::<Result<_>>()?;
        samples.sort();
        out.push(QuoteRelatedLatency {
            what,
            runs: samples.len(),
            results,
            p50_ms: percentile_ms(&samples, 0.5),
            p99_ms: percentile_ms(&samples, 0.99),
        });
        Ok(())
    };
    time(format!("quotes --speaker {:?}", fv.speaker), &mut || {
        Ok(search(&quotes, &listing)?.total)
    })?;
    time(
        format!("quotes {:?} --speaker {:?}", queries[1].text, fv.speaker),
        &mut || Ok(search(&quotes, &with_query)?.total),
    )?;
    time(format!("related {:?}", fv.speaker), &mut || {
        Ok(newsdex::search::related::related(ni, &fv.speaker, None, 8)?.articles as usize)
    })?;
    time(format!("related {:?}", fv.country), &mut || {
        Ok(newsdex::search::related::related(ni, &fv.country, None, 8)?.articles as usize)
    })?;
    Ok(out)
}

/// What exact facet counts cost and whether they are right (issue 15). On every
/// (query × filter) scope of the query set, and on the whole archive, the facet step
/// alone (`TopFacets` over the five roots, 8 values each; 15 for the whole archive) is
/// timed exact and as the old per-segment estimate, and both are checked against
/// tantivy's `FacetCollector`, which counts every value.
#[derive(Debug, Serialize)]
struct FacetExactness {
    scopes: usize,
    runs: usize,
    exact_p50_ms: f64,
    exact_p99_ms: f64,
    estimate_p50_ms: f64,
    estimate_p99_ms: f64,
    /// Top lists checked (scopes × roots) and counts shown in them.
    lists: usize,
    counts: usize,
    exact_wrong_lists: usize,
    exact_wrong_counts: usize,
    estimate_wrong_lists: usize,
    estimate_wrong_counts: usize,
}

fn facet_exactness(
    ni: &newsdex::index::NewsIndex,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<FacetExactness> {
    use newsdex::schema::FACET_ROOTS;
    use newsdex::search::facets::TopFacets;
    use tantivy::collector::FacetCollector;
    use tantivy::query::{AllQuery, Query};
    use tantivy::schema::Facet;
    let searcher = ni.searcher()?;
    let mut scopes: Vec<(Box<dyn Query>, usize)> = vec![(Box::new(AllQuery), 15)];
    for q in queries {
        for v in VARIANTS {
            let mut resolved = Vec::new();
            let (_, scope) = newsdex::search::scope_query(
                ni,
                &searcher,
                Some(&q.text),
                &filters_for(v, fv),
                false,
                &mut resolved,
            )?;
            scopes.push((Box::new(scope), 8));
        }
    }
    let (mut lists, mut counts) = (0, 0);
    let (mut exact_wrong_lists, mut exact_wrong_counts) = (0, 0);
    let (mut estimate_wrong_lists, mut estimate_wrong_counts) = (0, 0);
    for (q, k) in &scopes {
        let mut fc = FacetCollector::for_field("entity");
        for root in FACET_ROOTS {
            fc.add_facet(Facet::from_path([root]));
        }
        let all = searcher.search(q.as_ref(), &fc)?;
        let exact = searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k))?;
        let estimate = searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k).estimate())?;
        for root in FACET_ROOTS {
            let full: BTreeMap<String, u64> = all
                .get(&format!("/{root}"))
                .map(|(f, c)| {
                    let v = f
                        .to_path()
                        .last()
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    (v, c)
                })
                .collect();
            let mut truth: Vec<(&String, u64)> = full.iter().map(|(v, &c)| (v, c)).collect();
            truth.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            truth.truncate(*k);
            lists += 1;
            counts += truth.len();
            for (got, wrong_lists, wrong_counts) in [
                (&exact, &mut exact_wrong_lists, &mut exact_wrong_counts),
                (
                    &estimate,
                    &mut estimate_wrong_lists,
                    &mut estimate_wrong_counts,
                ),
            ] {
                let got = got.get(root).map(Vec::as_slice).unwrap_or_default();
                if got.len() != truth.len()
                    || got
                        .iter()
                        .zip(&truth)
                        .any(|(g, t)| &g.value != t.0 || g.count != t.1)
                {
                    *wrong_lists += 1;
                }
                *wrong_counts += got
                    .iter()
                    .filter(|g| full.get(&g.value).copied().unwrap_or(0) != g.count)
                    .count();
            }
        }
    }
    let mut exact_t = Vec::new();
    let mut estimate_t = Vec::new();
    for _ in 0..runs.max(1) {
        for (q, k) in &scopes {
            let t = Instant::now();
            std::hint::black_box(searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k))?);
            exact_t.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(
                searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k).estimate())?,
            );
            estimate_t.push(t.elapsed());
        }
    }
    exact_t.sort();
    estimate_t.sort();
    Ok(FacetExactness {
        scopes: scopes.len(),
        runs: runs.max(1),
        exact_p50_ms: percentile_ms(&exact_t, 0.5),
        exact_p99_ms: percentile_ms(&exact_t, 0.99),
        estimate_p50_ms: percentile_ms(&estimate_t, 0.5),
        estimate_p99_ms: percentile_ms(&estimate_t, 0.99),
        lists,
        counts,
        exact_wrong_lists,
        exact_wrong_counts,
        estimate_wrong_lists,
        estimate_wrong_counts,
    })
}

/// Nearest-rank percentile of sorted samples, in milliseconds.
fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

#[derive(Debug, Serialize)]
struct LatencyRow {
    engine: &'static str,
    class: String,
    filter: String,
    queries: usize,
    samples: usize,
    p50_ms: f64,
    p99_ms: f64,
    mean_hits: f64,
}

#[derive(Debug, Serialize)]
struct PerQuery {
    engine: &'static str,
    class: &'static str,
    query: String,
    filter: String,
    hits: usize,
    p50_ms: f64,
    p99_ms: f64,
}

/// Samples of one (engine, query, filter) cell.
struct Cell {
    engine: &'static str,
    class: &'static str,
    query: String,
    filter: String,
    hits: usize,
    samples: Vec<Duration>,
    spent: Duration,
}

/// A query cell stops being repeated once its timed runs add up to this much, so that a
/// slow engine cannot make the run take hours; the report gives the runs actually made.
const CELL_BUDGET: Duration = Duration::from_secs(20);

/// The nx:text and nx:facets cells run in one round out of this many.
const DIAGNOSTIC_EVERY: usize = 5;

impl Cell {
    fn time<T>(&mut self, f: impl FnOnce() -> Result<T>) -> Result<()> {
        if self.spent >= CELL_BUDGET {
            return Ok(());
        }
        let t = Instant::now();
        std::hint::black_box(f()?);
        let took = t.elapsed();
        self.spent += took;
        self.samples.push(took);
        Ok(())
    }
}

fn latency_row(engine: &'static str, class: &str, filter: &str, cells: &[&Cell]) -> LatencyRow {
    let mut all: Vec<Duration> = cells
        .iter()
        .flat_map(|c| c.samples.iter().copied())
        .collect();
    all.sort();
    LatencyRow {
        engine,
        class: class.to_string(),
        filter: filter.to_string(),
        queries: cells.len(),
        samples: all.len(),
        p50_ms: percentile_ms(&all, 0.50),
        p99_ms: percentile_ms(&all, 0.99),
        mean_hits: cells.iter().map(|c| c.hits as f64).sum::<f64>() / cells.len().max(1) as f64,
    }
}

#[derive(Debug, Serialize)]
struct QueryReport {
    runs: usize,
    /// Fewer than `runs` when a slow cell ran out of its time budget.
    fewest_runs: usize,
    filter_values: BTreeMap<&'static str, String>,
    rows: Vec<LatencyRow>,
    per_query: Vec<PerQuery>,
    /// `NewsIndex::index.reader()`, which `search()` calls once per query.
    reader_open_p50_ms: f64,
}

/// Times every (query × filter variant) through `newsdex::search::search` and every
/// text query on the plain index, interleaved round by round so both see the same
/// machine load.
fn run_queries(
    ni: &newsdex::index::NewsIndex,
    plain: &plain::Plain,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<QueryReport> {
    use newsdex::search::{search, SearchRequest};
    let mut requests = Vec::new();
    let mut cells = Vec::new();
    for (engine, facet_top) in [("newsdex", 8), ("nofacets", 0)] {
        for q in queries {
            for v in VARIANTS {
                requests.push(SearchRequest {
                    query: Some(q.text.clone()),
                    filters: filters_for(v, fv),
                    any: false,
                    limit: 10,
                    offset: 0,
                    facet_top,
                    ..SearchRequest::default()
                });
                cells.push(Cell {
                    engine,
                    class: q.class,
                    query: q.text.clone(),
                    filter: v.to_string(),
                    hits: 0,
                    samples: Vec::with_capacity(runs),
                    spent: Duration::ZERO,
                });
            }
        }
    }
    // Raw tantivy pages: the plain index, and (to split newsdex's overhead) the same page
    // on newsdex's own index without and with facet counting.
    let nx = plain::Plain::on_newsdex(ni)?;
    let raw: [(&'static str, &plain::Plain, bool); 3] = [
        ("plain", plain, false),
        ("nx:text", &nx, false),
        ("nx:facets", &nx, true),
    ];
    let mut raw_jobs = Vec::new();
    for (engine, index, facets) in raw {
        for q in queries {
            raw_jobs.push((index, facets, q.text.as_str()));
            cells.push(Cell {
                engine,
                class: q.class,
                query: q.text.clone(),
                filter: "none".into(),
                hits: 0,
                samples: Vec::with_capacity(runs),
                spent: Duration::ZERO,
            });
        }
    }
    let (newsdex_cells, raw_cells) = cells.split_at_mut(requests.len());
    // Warm-up round, which also records hit counts and checks the filters resolve.
    for (req, cell) in requests.iter().zip(newsdex_cells.iter_mut()) {
        let r = search(ni, req).with_context(|| {
            format!(
                "query {:?} with the {} filter failed",
                cell.query, cell.filter
            )
        })?;
        cell.hits = r.total;
    }
    for ((index, facets, q), cell) in raw_jobs.iter().zip(raw_cells.iter_mut()) {
        cell.hits = index
            .search(q, *facets)
            .with_context(|| format!("{} query {q:?} failed", cell.engine))?;
    }
    for round in 0..runs {
        if round % 10 == 0 {
            progress!("queries: round {}/{runs}", round + 1);
        }
        for (req, cell) in requests.iter().zip(newsdex_cells.iter_mut()) {
            cell.time(|| search(ni, req))?;
        }
        for ((index, facets, q), cell) in raw_jobs.iter().zip(raw_cells.iter_mut()) {
            // The nx:* breakdown only explains newsdex's figures: every 5th round will do.
            if cell.engine == "plain" || round % DIAGNOSTIC_EVERY == 0 {
                cell.time(|| index.search(q, *facets))?;
            }
        }
    }
    let fewest_runs = cells
        .iter()
        .filter(|c| !c.engine.starts_with("nx:"))
        .map(|c| c.samples.len())
        .min()
        .unwrap_or(0);
    let mut reader_open: Vec<Duration> = (0..runs.max(1))
        .map(|_| -> Result<Duration> {
            let t = Instant::now();
            std::hint::black_box(ni.searcher()?);
            Ok(t.elapsed())
        })
        .collect::<Result<_>>()?;
    reader_open.sort();

    let mut rows = Vec::new();
    let classes = ["term", "phrase", "boolean"];
    for engine in ["newsdex", "nofacets", "plain", "nx:text", "nx:facets"] {
        let variants: &[&str] = if engine == "newsdex" || engine == "nofacets" {
            &VARIANTS
        } else {
            &["none"]
        };
        for v in variants {
            for class in classes {
                let sel: Vec<&Cell> = cells
                    .iter()
                    .filter(|c| c.engine == engine && c.class == class && c.filter == *v)
                    .collect();
                rows.push(latency_row(engine, class, v, &sel));
            }
            let sel: Vec<&Cell> = cells
                .iter()
                .filter(|c| c.engine == engine && c.filter == *v)
                .collect();
            rows.push(latency_row(engine, "all", v, &sel));
        }
        if engine == "newsdex" || engine == "nofacets" {
            for class in classes.into_iter().chain(["all"]) {
                let filtered: Vec<&Cell> = cells
                    .iter()
                    .filter(|c| c.engine == engine && c.filter != "none")
                    .filter(|c| class == "all" || c.class == class)
                    .collect();
                rows.push(latency_row(engine, class, "any filter", &filtered));
            }
            let every: Vec<&Cell> = cells.iter().filter(|c| c.engine == engine).collect();
            rows.push(latency_row(engine, "all", "overall", &every));
        }
    }
    let per_query = cells
        .iter_mut()
        .map(|c| {
            c.samples.sort();
            PerQuery {
                engine: c.engine,
                class: c.class,
                query: c.query.clone(),
                filter: c.filter.clone(),
                hits: c.hits,
                p50_ms: percentile_ms(&c.samples, 0.5),
                p99_ms: percentile_ms(&c.samples, 0.99),
            }
        })
        .collect();
    let filter_values = BTreeMap::from([
        ("speaker", fv.speaker.clone()),
        ("country", fv.country.clone()),
        ("date", format!("--since {} --until {}", fv.since, fv.until)),
    ]);
    Ok(QueryReport {
        runs,
        fewest_runs,
        filter_values,
        rows,
        per_query,
        reader_open_p50_ms: percentile_ms(&reader_open, 0.5),
    })
}

fn find_row<'a>(q: &'a QueryReport, engine: &str, class: &str, filter: &str) -> &'a LatencyRow {
    q.rows
        .iter()
        .find(|r| r.engine == engine && r.class == class && r.filter == filter)
        .expect("run_queries builds a row for every engine, class and filter")
}

// ---------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------

#[derive(Debug, Serialize)]
struct ArchiveReport {
    articles: usize,
    files: usize,
    files_by_format: BTreeMap<String, usize>,
    raw_bytes: u64,
    text_bytes: u64,
    mean_text_bytes_per_article: f64,
    generate_seconds: f64,
    digest: String,
}

#[derive(Debug, Serialize)]
struct PlainIndexReport {
    articles: u64,
    bytes: u64,
    seconds: f64,
    /// User + system CPU seconds of the build (this process, all threads).
    cpu_seconds: Option<f64>,
    mb_per_s: f64,
    articles_per_s: f64,
}

#[derive(Debug, Serialize)]
struct SizeReport {
    raw_bytes: u64,
    text_bytes: u64,
    newsdex_bytes: u64,
    plain_bytes: u64,
    newsdex_over_raw: f64,
    newsdex_over_text: f64,
    plain_over_raw: f64,
    newsdex_segments: usize,
    plain_segments: usize,
    /// Distinct facet values per root in the newsdex index (what facet counting walks).
    entity_values: BTreeMap<String, usize>,
}

#[derive(Debug, Serialize)]
struct SpawnedSearch {
    args: Vec<String>,
    runs: usize,
    p50_ms: f64,
}

#[derive(Debug, Serialize)]
struct Ratios {
    /// newsdex full index wall time / plain tantivy build time.
    index_time_newsdex_over_plain: f64,
    /// newsdex full index CPU seconds / plain tantivy build CPU seconds.
    index_cpu_newsdex_over_plain: Option<f64>,
    /// newsdex p50 with filters and facets / plain p50 of the same text queries.
    filtered_over_plain_p50: f64,
    /// newsdex p50 without filters (facets still counted) / plain p50.
    unfiltered_over_plain_p50: f64,
    filtered_over_plain_p50_by_class: BTreeMap<String, f64>,
    /// newsdex p50 with filters but no facet counts (`--facets 0`) / plain p50: the cost
    /// of entity filtering itself.
    filtered_no_facets_over_plain_p50: f64,
    /// newsdex p50 with filters and facets / the same without facets: the cost of facets.
    facets_over_no_facets_p50: f64,
}

#[derive(Debug, Serialize)]
struct Target {
    name: &'static str,
    target: String,
    measured: String,
    status: &'static str,
    note: String,
}

#[derive(Debug, Serialize)]
struct Report {
    articles: usize,
    seed: u64,
    cores: usize,
    newsdex: String,
    newsdex_version: String,
    rss_method: &'static str,
    out: String,
    kept: bool,
    archive: ArchiveReport,
    indexing: Vec<IndexRun>,
    touched_files: usize,
    touched_articles: usize,
    plain_index: PlainIndexReport,
    memory_growth_100_over_25: Option<f64>,
    anon_growth_100_over_25: Option<f64>,
    index_size: SizeReport,
    queries: QueryReport,
    spawned_search: Vec<SpawnedSearch>,
    quotes_and_related: Vec<QuoteRelatedLatency>,
    facet_counts: FacetExactness,
    ratios: Ratios,
    targets: Vec<Target>,
    warnings: Vec<String>,
}

/// The project's targets, with PASS / MISS.
fn targets(r: &Report) -> Vec<Target> {
    let at_scale = r.articles >= 100_000;
    let scale_note = if at_scale {
        String::new()
    } else {
        format!(
            "target is defined at 100k articles; this run has {}",
            r.articles
        )
    };
    let status = |ok: bool| if ok { "PASS" } else { "MISS" };
    let full = &r.indexing[2];
    let noop = &r.indexing[3];
    let delta = &r.indexing[4];
    let mut out = vec![
        Target {
            name: "full index throughput",
            target: "≥ 6 MB/s".into(),
            measured: format!("{:.2} MB/s", full.mb_per_s),
            status: status(full.mb_per_s >= 6.0),
            note: String::new(),
        },
        Target {
            name: "index on disk / raw files",
            target: "≤ 1.3×".into(),
            measured: format!("{:.2}×", r.index_size.newsdex_over_raw),
            status: status(r.index_size.newsdex_over_raw <= 1.3),
            note: "quotation index and manifest included".into(),
        },
        Target {
            name: "full index CPU vs plain tantivy",
            target: "≤ 4×".into(),
            measured: r
                .ratios
                .index_cpu_newsdex_over_plain
                .map_or("not measured".into(), |c| format!("{c:.2}×")),
            status: r
                .ratios
                .index_cpu_newsdex_over_plain
                .map_or("n/a", |c| status(c <= 4.0)),
            note: match (full.cpu_seconds, r.plain_index.cpu_seconds) {
                (Some(n), Some(p)) => format!("{n:.1} CPU-s against {p:.1}"),
                _ => "needs GNU time".into(),
            },
        },
        Target {
            name: "no-op re-index",
            target: "≤ 3 s".into(),
            measured: format!("{:.2} s", noop.wall_seconds),
            status: status(noop.wall_seconds <= 3.0),
            note: scale_note.clone(),
        },
        Target {
            name: "re-index after 1% changed",
            target: "≤ 10% of full".into(),
            measured: format!(
                "{:.1}% ({:.2} s)",
                100.0 * delta.wall_seconds / full.wall_seconds,
                delta.wall_seconds
            ),
            status: status(delta.wall_seconds <= 0.10 * full.wall_seconds),
            note: String::new(),
        },
    ];
    let peaks: Vec<Option<f64>> = r.indexing[..3].iter().map(|i| i.peak_rss_mib).collect();
    match (peaks[0], peaks[2]) {
        (Some(p25), Some(p100)) => {
            let max = peaks.iter().flatten().fold(0.0f64, |a, &b| a.max(b));
            out.push(Target {
                name: "peak memory",
                target: "≤ 1 GB (1024 MiB)".into(),
                measured: format!("{max:.0} MiB"),
                status: status(max <= 1024.0),
                note: String::new(),
            });
            out.push(Target {
                name: "memory flat 25% → 100%",
                target: "peak(100%) ≤ 1.25 × peak(25%)".into(),
                measured: format!("{:.2}× ({p25:.0} → {p100:.0} MiB)", p100 / p25),
                status: status(p100 <= 1.25 * p25),
                note: [
                    scale_note.clone(),
                    r.anon_growth_100_over_25
                        .map(|g| format!("without mapped files (RssAnon): {g:.2}×"))
                        .unwrap_or_default(),
                ]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
            });
        }
        _ => out.push(Target {
            name: "peak memory",
            target: "≤ 1 GB, flat".into(),
            measured: "not measured".into(),
            status: "n/a",
            note: "no peak RSS reading".into(),
        }),
    }
    let filtered = find_row(&r.queries, "newsdex", "all", "any filter");
    out.push(Target {
        name: "query p50, filters + facets",
        target: "≤ 5 ms".into(),
        measured: format!("{:.2} ms", filtered.p50_ms),
        status: status(filtered.p50_ms <= 5.0),
        note: scale_note.clone(),
    });
    out.push(Target {
        name: "query p99, filters + facets",
        target: "≤ 50 ms".into(),
        measured: format!("{:.2} ms", filtered.p99_ms),
        status: status(filtered.p99_ms <= 50.0),
        note: scale_note,
    });
    let fe = &r.facet_counts;
    out.push(Target {
        name: "facet counts equal full counts",
        target: "0 wrong".into(),
        measured: format!(
            "{} of {} counts, {} of {} top lists wrong",
            fe.exact_wrong_counts, fe.counts, fe.exact_wrong_lists, fe.lists
        ),
        status: status(fe.exact_wrong_counts == 0 && fe.exact_wrong_lists == 0),
        note: format!(
            "the old per-segment estimate: {} counts, {} lists wrong",
            fe.estimate_wrong_counts, fe.estimate_wrong_lists
        ),
    });
    out.push(Target {
        name: "filtered query vs plain tantivy",
        target: "≤ 1.5× (p50)".into(),
        measured: format!(
            "{:.2}× without facet counts (--facets 0)",
            r.ratios.filtered_no_facets_over_plain_p50
        ),
        status: status(r.ratios.filtered_no_facets_over_plain_p50 <= 1.5),
        note: format!(
            "with facet counts over the whole result set: {:.2}×",
            r.ratios.filtered_over_plain_p50
        ),
    });
    out
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

fn print_text(r: &Report) {
    println!(
        "newsdex benchmark: {} articles, seed {}",
        r.articles, r.seed
    );
    println!("  newsdex binary  {} ({})", r.newsdex, r.newsdex_version);
    println!("  cores           {}", r.cores);
    println!("  peak RSS via    {}", r.rss_method);
    println!(
        "  working folder  {}{}",
        r.out,
        if r.kept { " (kept)" } else { " (deleted)" }
    );
    println!();

    let a = &r.archive;
    println!("Archive (generated in {:.1} s)", a.generate_seconds);
    let formats: Vec<String> = a
        .files_by_format
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    println!(
        "  {} articles in {} files ({})",
        a.articles,
        a.files,
        formats.join(", ")
    );
    println!(
        "  {:.1} MB on disk, {:.1} MB of title+body text ({:.0} bytes/article), digest {}",
        mb(a.raw_bytes),
        mb(a.text_bytes),
        a.mean_text_bytes_per_article,
        a.digest
    );
    println!();

    println!("Indexing (newsdex index as a child process; wall time)");
    println!(
        "  {:<32} {:>9} {:>9} {:>9} {:>8} {:>11} {:>10} {:>10}",
        "run", "articles", "MB", "seconds", "MB/s", "articles/s", "peak RSS", "peak anon"
    );
    let rss = |v: Option<f64>| v.map_or("-".to_string(), |m| format!("{m:.0} MiB"));
    for i in &r.indexing {
        println!(
            "  {:<32} {:>9} {:>9.1} {:>9.2} {:>8.2} {:>11.0} {:>10} {:>10}",
            i.label,
            i.articles,
            mb(i.bytes),
            i.wall_seconds,
            i.mb_per_s,
            i.articles_per_s,
            rss(i.peak_rss_mib),
            rss(i.peak_anon_mib)
        );
    }
    let p = &r.plain_index;
    println!(
        "  {:<32} {:>9} {:>9.1} {:>9.2} {:>8.2} {:>11.0} {:>10}",
        "plain tantivy, no extraction",
        p.articles,
        mb(p.bytes),
        p.seconds,
        p.mb_per_s,
        p.articles_per_s,
        "(in-proc)"
    );
    if let Some(g) = r.memory_growth_100_over_25 {
        println!("  peak RSS 100% / 25%: {g:.2}×");
    }
    if let Some(g) = r.anon_growth_100_over_25 {
        println!("  peak anon 100% / 25%: {g:.2}× (RSS without mapped files: heap and stacks)");
    }
    println!();

    let s = &r.index_size;
    println!("Index size");
    println!(
        "  newsdex {:.1} MB = {:.2}× the files ({:.1} MB), {:.2}× the text ({:.1} MB)",
        mb(s.newsdex_bytes),
        s.newsdex_over_raw,
        mb(s.raw_bytes),
        s.newsdex_over_text,
        mb(s.text_bytes)
    );
    println!(
        "  plain tantivy {:.1} MB = {:.2}× the files",
        mb(s.plain_bytes),
        s.plain_over_raw
    );
    let values: Vec<String> = s
        .entity_values
        .iter()
        .map(|(k, v)| format!("{v} {k}"))
        .collect();
    println!(
        "  segments: newsdex {}, plain {}; distinct entity values: {}",
        s.newsdex_segments,
        s.plain_segments,
        values.join(", ")
    );
    println!();

    let q = &r.queries;
    println!(
        "Queries in-process (limit 10, facets 8 for newsdex; {} timed runs each after a warm-up)",
        q.runs
    );
    if q.fewest_runs < q.runs {
        println!(
            "  (slow cells stopped after {} s of timed runs: the slowest got {} runs)",
            CELL_BUDGET.as_secs(),
            q.fewest_runs
        );
    }
    let fv: Vec<String> = q
        .filter_values
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    println!("  filters: {}", fv.join("; "));
    let mut by_class: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for pq in q.per_query.iter().filter(|p| p.engine == "plain") {
        by_class.entry(pq.class).or_default().push(&pq.query);
    }
    for (class, qs) in &by_class {
        println!("  {class:<8} {}", qs.join("  |  "));
    }
    println!(
        "  engines: newsdex   = newsdex::search::search (filters, facets, snippets, entities)"
    );
    println!("           nofacets  = the same with --facets 0: no facet counting");
    println!("           plain     = plain tantivy index, same analyzer, no entities: top 10 + count + stored docs + snippets");
    println!("           nx:text   = that same raw tantivy page on newsdex's index");
    println!("           nx:facets = nx:text plus a FacetCollector over the five entity roots");
    println!(
        "           (nx:* are a breakdown of newsdex's time, timed in every {DIAGNOSTIC_EVERY}th round)"
    );
    println!(
        "  {:<10} {:<11} {:<10} {:>8} {:>8} {:>8} {:>11}",
        "engine", "filter", "class", "queries", "p50 ms", "p99 ms", "mean hits"
    );
    for row in &q.rows {
        println!(
            "  {:<10} {:<11} {:<10} {:>8} {:>8.2} {:>8.2} {:>11.0}",
            row.engine, row.filter, row.class, row.queries, row.p50_ms, row.p99_ms, row.mean_hits
        );
    }
    println!(
        "  (newsdex's search() opens a searcher per call: p50 {:.2} ms of each query)",
        q.reader_open_p50_ms
    );
    println!();

    println!("Quotation search and related, in-process (target p50 <= 20 ms)");
    for l in &r.quotes_and_related {
        println!(
            "  {:<48} p50 {:>7.2} ms  p99 {:>7.2} ms  ({} runs, {} results)",
            l.what, l.p50_ms, l.p99_ms, l.runs, l.results
        );
    }
    println!();

    let fe = &r.facet_counts;
    println!(
        "Facet counts alone, exact vs the old per-segment estimate ({} scopes × {} runs)",
        fe.scopes, fe.runs
    );
    println!(
        "  exact     p50 {:>7.2} ms  p99 {:>7.2} ms  wrong: {} of {} counts, {} of {} top lists",
        fe.exact_p50_ms,
        fe.exact_p99_ms,
        fe.exact_wrong_counts,
        fe.counts,
        fe.exact_wrong_lists,
        fe.lists
    );
    println!(
        "  estimate  p50 {:>7.2} ms  p99 {:>7.2} ms  wrong: {} of {} counts, {} of {} top lists",
        fe.estimate_p50_ms,
        fe.estimate_p99_ms,
        fe.estimate_wrong_counts,
        fe.counts,
        fe.estimate_wrong_lists,
        fe.lists
    );
    println!("  (checked against tantivy's FacetCollector, which counts every value)");
    println!();

    println!("Spawned `newsdex search --json` processes (wall time)");
    for sp in &r.spawned_search {
        println!(
            "  p50 {:>7.1} ms over {:>2} runs   {}",
            sp.p50_ms,
            sp.runs,
            sp.args.join(" ")
        );
    }
    println!();

    let ra = &r.ratios;
    println!("newsdex vs plain tantivy");
    println!(
        "  index time with extraction / plain:          {:.2}×",
        ra.index_time_newsdex_over_plain
    );
    if let Some(c) = ra.index_cpu_newsdex_over_plain {
        println!("  index CPU time (user + sys) / plain:        {c:.2}×");
    }
    println!(
        "  query p50, filters + facets / plain text:    {:.2}×",
        ra.filtered_over_plain_p50
    );
    println!(
        "  query p50, no filter (facets) / plain text:  {:.2}×",
        ra.unfiltered_over_plain_p50
    );
    for (class, v) in &ra.filtered_over_plain_p50_by_class {
        println!("    {class:<8} filtered / plain: {v:.2}×");
    }
    println!(
        "  query p50, filters, no facets / plain text:  {:.2}×  (cost of entity filters)",
        ra.filtered_no_facets_over_plain_p50
    );
    println!(
        "  query p50, facets / no facets (filtered):    {:.2}×  (cost of facet counts)",
        ra.facets_over_no_facets_p50
    );
    println!();

    println!("Targets");
    for t in &r.targets {
        println!(
            "  {:<4}  {:<34} {:<30} measured {}{}",
            t.status,
            t.name,
            t.target,
            t.measured,
            if t.note.is_empty() {
                String::new()
            } else {
                format!("  ({})", t.note)
            }
        );
    }
    if !r.warnings.is_empty() {
        println!();
        println!("Warnings");
        for w in &r.warnings {
            println!("  {w}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Driver
// ---------------------------------------------------------------------------------------

const MARKER: &str = ".newsdex-bench";

/// Deletes the working folder at the end (also on error) unless --keep.
struct Cleanup {
    dir: PathBuf,
    keep: bool,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        if !self.keep {
            if let Err(e) = std::fs::remove_dir_all(&self.dir) {
                eprintln!("bench: cannot delete {}: {e}", self.dir.display());
            }
        }
    }
}

/// Makes the working folder: new, empty, or one of ours from an earlier run (cleared).
fn prepare_out(out: &Path) -> Result<()> {
    if out.exists() {
        let mut entries = std::fs::read_dir(out)
            .with_context(|| format!("cannot read {}", out.display()))?
            .peekable();
        if entries.peek().is_some() {
            if !out.join(MARKER).exists() {
                bail!(
                    "{} exists and is not empty; give a new or empty folder to --out",
                    out.display()
                );
            }
            std::fs::remove_dir_all(out)
                .with_context(|| format!("cannot clear {}", out.display()))?;
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::write(out.join(MARKER), "newsdex bench working folder\n")
        .with_context(|| format!("cannot write to {}", out.display()))?;
    Ok(())
}

fn newsdex_path(flag: Option<PathBuf>) -> Result<PathBuf> {
    let path = match flag {
        Some(p) => p,
        None => {
            let me = std::env::current_exe().context("cannot find this executable's path")?;
            me.with_file_name(format!("newsdex{}", std::env::consts::EXE_SUFFIX))
        }
    };
    if !path.is_file() {
        bail!(
            "no newsdex binary at {}: build it with `cargo build --release` or pass --newsdex PATH",
            path.display()
        );
    }
    Ok(path)
}

fn run(args: Args) -> Result<()> {
    if args.articles < 8 {
        bail!("--articles must be at least 8 (the archive has four parts)");
    }
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .context("cannot set up worker threads")?;
    }
    let out = args.out.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("newsdex-bench-{}", std::process::id()))
    });
    let newsdex = if args.generate_only {
        PathBuf::new()
    } else {
        newsdex_path(args.newsdex.clone())?
    };
    prepare_out(&out)?;
    let out =
        std::fs::canonicalize(&out).with_context(|| format!("cannot resolve {}", out.display()))?;
    let _cleanup = Cleanup {
        dir: out.clone(),
        keep: args.keep,
    };
    let mut warnings = Vec::new();

    // 1. The archive.
    progress!(
        "generating {} articles into {}",
        args.articles,
        out.join("archive").display()
    );
    let started = Instant::now();
    let world = World::build(args.seed);
    let archive = corpus::generate(&world, args.seed, args.articles, &out.join("archive"))?;
    let generate_seconds = started.elapsed().as_secs_f64();
    let mut files_by_format = BTreeMap::new();
    for f in &archive.files {
        *files_by_format
            .entry(f.unit.format.ext().to_string())
            .or_insert(0) += 1;
    }
    let archive_report = ArchiveReport {
        articles: archive.articles,
        files: archive.files.len(),
        files_by_format,
        raw_bytes: archive.raw_bytes(),
        text_bytes: archive.text_bytes(),
        mean_text_bytes_per_article: archive.text_bytes() as f64 / archive.articles as f64,
        generate_seconds,
        digest: archive.digest(),
    };
    progress!(
        "archive: {} files, {:.1} MB, digest {} ({:.1} s)",
        archive_report.files,
        mb(archive_report.raw_bytes),
        archive_report.digest,
        generate_seconds
    );
    if args.generate_only {
        if args.json {
            println!("{}", serde_json::to_string_pretty(&archive_report)?);
        } else {
            println!(
                "{} articles, {} files, {} bytes, digest {} in {}",
                archive_report.articles,
                archive_report.files,
                archive_report.raw_bytes,
                archive_report.digest,
                archive.root.display()
            );
        }
        return Ok(());
    }

    // 2. Indexing with the real binary.
    let version = Command::new(&newsdex)
        .arg("--version")
        .output()
        .with_context(|| format!("cannot run {}", newsdex.display()))?;
    let newsdex_version = String::from_utf8_lossy(&version.stdout).trim().to_string();
    let runner = Runner {
        newsdex: newsdex.clone(),
        gnu_time: gnu_time(),
        threads: args.threads,
        scratch: out.clone(),
    };
    let idx = |name: &str| out.join("indexes").join(name);
    let mut indexing = Vec::new();
    for (parts, label) in [(1, "25%"), (2, "50%"), (4, "100%")] {
        let (bytes, articles) = archive.part_totals(parts);
        let run = runner.index(
            &format!("full index, {label} of archive"),
            &idx(label.trim_end_matches('%')),
            &archive.parts[..parts],
            articles,
            bytes,
        )?;
        if run.summary.documents_in_index != articles as u64 {
            warnings.push(format!(
                "{}: {} documents in the index, {} articles generated",
                run.label, run.summary.documents_in_index, articles
            ));
        }
        if run.summary.files_skipped > 0 || run.summary.bad_lines > 0 || run.summary.warnings > 0 {
            warnings.push(format!(
                "{}: newsdex skipped {} files and {} lines, with {} warnings",
                run.label, run.summary.files_skipped, run.summary.bad_lines, run.summary.warnings
            ));
        }
        if parts == 1 {
            // Fail fast when the binary and this benchmark disagree on the schema.
            newsdex::index::NewsIndex::open(&idx("25")).context(
                "the newsdex binary and this benchmark were built from different sources: \
                 run `cargo build --release` (or pass --newsdex)",
            )?;
        }
        indexing.push(run);
    }
    let idx100 = idx("100");
    let newsdex_bytes = dir_size(&idx100)?;
    if !args.keep {
        for small in ["25", "50"] {
            std::fs::remove_dir_all(idx(small))
                .with_context(|| format!("cannot delete {}", idx(small).display()))?;
        }
    }
    let noop = runner.index("no-op re-index", &idx100, &archive.parts, 0, 0)?;
    if noop.summary.articles_indexed != 0 {
        warnings.push(format!(
            "no-op re-index indexed {} articles",
            noop.summary.articles_indexed
        ));
    }
    indexing.push(noop);
    let touched = archive.one_percent();
    let touched_articles: usize = touched
        .iter()
        .map(|&i| archive.files[i].unit.ids.len())
        .sum();
    progress!("rewriting {} files with changed content", touched.len());
    let touched_bytes = archive.rewrite(&world, args.seed, &touched, 1)?;
    let delta = runner.index(
        &format!("re-index, {} files changed", touched.len()),
        &idx100,
        &archive.parts,
        touched_articles,
        touched_bytes,
    )?;
    if delta.summary.files_updated != touched.len() {
        warnings.push(format!(
            "re-index after the change updated {} files, {} were rewritten",
            delta.summary.files_updated,
            touched.len()
        ));
    }
    indexing.push(delta);

    // 4 (before 3, so the queries run on a quiet machine). The plain tantivy baseline.
    progress!("building the plain tantivy index");
    let started = Instant::now();
    let cpu_before = process_cpu_seconds();
    let (plain, plain_docs) = plain::build(&out.join("indexes").join("plain"), &archive.parts)?;
    let plain_seconds = started.elapsed().as_secs_f64();
    let plain_cpu = process_cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    if plain_docs != archive.articles as u64 {
        warnings.push(format!(
            "plain index: {plain_docs} documents, {} articles generated",
            archive.articles
        ));
    }
    let plain_bytes = dir_size(&out.join("indexes").join("plain"))?;
    let raw_bytes = archive.raw_bytes();
    let plain_index = PlainIndexReport {
        articles: plain_docs,
        bytes: raw_bytes,
        seconds: plain_seconds,
        cpu_seconds: plain_cpu,
        mb_per_s: mb(raw_bytes) / plain_seconds,
        articles_per_s: plain_docs as f64 / plain_seconds,
    };

    // 3. Queries.
    let ni = newsdex::index::NewsIndex::open(&idx100)?;
    let mut entity_values = BTreeMap::new();
    {
        let searcher = ni.searcher()?;
        for root in newsdex::schema::FACET_ROOTS {
            let n = newsdex::search::facet_values(&ni, &searcher, root)?.len();
            entity_values.insert(root.to_string(), n);
        }
    }
    let queries = text_queries(&world);
    let fv = FilterValues {
        speaker: world.people[0].full(),
        country: world.countries[5].name.clone(),
        since: "2010".into(),
        until: "2014".into(),
    };
    progress!(
        "timing {} query cells × {} runs",
        queries.len() * (VARIANTS.len() + 3),
        args.runs
    );
    let query_report = run_queries(&ni, &plain, &queries, &fv, args.runs)?;
    progress!("timing quotes and related");
    let quotes_and_related = time_quotes_related(&ni, &queries, &fv, args.runs)?;
    progress!("checking facet counts against tantivy's FacetCollector");
    let facet_counts = facet_exactness(&ni, &queries, &fv, args.runs)?;

    let spawn_runs = 10;
    let spawned_args = [
        vec![
            queries[1].text.clone(),
            "--country".into(),
            fv.country.clone(),
        ],
        vec![
            queries[4].text.clone(),
            "--speaker".into(),
            fv.speaker.clone(),
        ],
        vec![
            queries[8].text.clone(),
            "--since".into(),
            fv.since.clone(),
            "--until".into(),
            fv.until.clone(),
        ],
    ];
    let mut spawned_search = Vec::new();
    for a in spawned_args {
        runner.search(&idx100, &a)?;
        let mut times = (0..spawn_runs)
            .map(|_| runner.search(&idx100, &a))
            .collect::<Result<Vec<_>>>()?;
        times.sort();
        spawned_search.push(SpawnedSearch {
            p50_ms: percentile_ms(&times, 0.5),
            args: a,
            runs: spawn_runs,
        });
    }

    if args.keep {
        progress!("restoring the rewritten files");
        archive.rewrite(&world, args.seed, &touched, 0)?;
    }

    // 5. Sizes, ratios, targets.
    let text_bytes = archive.text_bytes();
    let index_size = SizeReport {
        raw_bytes,
        text_bytes,
        newsdex_bytes,
        plain_bytes,
        newsdex_over_raw: newsdex_bytes as f64 / raw_bytes as f64,
        newsdex_over_text: newsdex_bytes as f64 / text_bytes as f64,
        plain_over_raw: plain_bytes as f64 / raw_bytes as f64,
        newsdex_segments: ni.index.searchable_segment_ids()?.len(),
        plain_segments: plain.segments()?,
        entity_values,
    };
    let plain_all = find_row(&query_report, "plain", "all", "none").p50_ms;
    let mut by_class = BTreeMap::new();
    for class in ["term", "phrase", "boolean"] {
        by_class.insert(
            class.to_string(),
            find_row(&query_report, "newsdex", class, "any filter").p50_ms
                / find_row(&query_report, "plain", class, "none").p50_ms,
        );
    }
    let ratios = Ratios {
        index_time_newsdex_over_plain: indexing[2].wall_seconds / plain_seconds,
        index_cpu_newsdex_over_plain: indexing[2].cpu_seconds.zip(plain_cpu).map(|(n, p)| n / p),
        filtered_over_plain_p50: find_row(&query_report, "newsdex", "all", "any filter").p50_ms
            / plain_all,
        unfiltered_over_plain_p50: find_row(&query_report, "newsdex", "all", "none").p50_ms
            / plain_all,
        filtered_over_plain_p50_by_class: by_class,
        filtered_no_facets_over_plain_p50: find_row(&query_report, "nofacets", "all", "any filter")
            .p50_ms
            / plain_all,
        facets_over_no_facets_p50: find_row(&query_report, "newsdex", "all", "any filter").p50_ms
            / find_row(&query_report, "nofacets", "all", "any filter").p50_ms,
    };
    let memory_growth_100_over_25 = match (indexing[0].peak_rss_mib, indexing[2].peak_rss_mib) {
        (Some(a), Some(b)) => Some(b / a),
        _ => None,
    };
    let anon_growth_100_over_25 = match (indexing[0].peak_anon_mib, indexing[2].peak_anon_mib) {
        (Some(a), Some(b)) => Some(b / a),
        _ => None,
    };
    let mut report = Report {
        articles: args.articles,
        seed: args.seed,
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        newsdex: newsdex.display().to_string(),
        newsdex_version,
        rss_method: runner.rss_method(),
        out: out.display().to_string(),
        kept: args.keep,
        archive: archive_report,
        indexing,
        touched_files: touched.len(),
        touched_articles,
        plain_index,
        memory_growth_100_over_25,
        anon_growth_100_over_25,
        index_size,
        queries: query_report,
        spawned_search,
        quotes_and_related,
        facet_counts,
        ratios,
        targets: Vec::new(),
        warnings,
    };
    report.targets = targets(&report);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_text(&report);
    }
    Ok(())
}
