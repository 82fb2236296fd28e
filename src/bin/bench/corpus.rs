//! The generated articles: dates, formats and text of each article, written by
//! `Writer` from the world. Rendering to files is in `corpus::files`.

use super::rng::Rng;
use super::world::{self, World};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde::Serialize;

mod files;

pub use files::generate;

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
    day.and_hms_opt(0, 0, 0).unwrap_or_default() + chrono::Duration::seconds(r.below(86_400) as i64)
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
