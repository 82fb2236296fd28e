//! Search: a validated [`SearchRequest`] becomes a tantivy query (BM25 over title and
//! body, entity and date filters), run with one pass of collectors for the page of hits,
//! the total count and the facet counts over the whole result set.

use crate::error::Error;
use crate::extract::fold::{contains_words, fold, fold_into};
use crate::facets::TopFacets;
use crate::index::NewsIndex;
use crate::schema::FACET_ROOTS;
use crate::timeline::{buckets, span, Bucket, DateCollector, Period};
use anyhow::Result;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

/// The filters shared by the commands that query the index, as the user typed them;
/// each value is resolved against the index when the search runs.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Articles quoting any of these speakers.
    pub speaker: Vec<String>,
    /// Articles mentioning any of these people.
    pub person: Vec<String>,
    /// Articles mentioning any of these organizations.
    pub org: Vec<String>,
    /// Articles mentioning any of these places.
    pub place: Vec<String>,
    /// Articles about any of these countries (name, alias, demonym or ISO code).
    pub country: Vec<String>,
    /// Articles from any of these sources.
    pub source: Vec<String>,
    /// Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub since: Option<String>,
    /// Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub until: Option<String>,
}

/// Most results or facet values one request may ask for: larger counts would only
/// make collectors reserve room for results that cannot be shown.
pub const MAX_LIMIT: usize = 10_000;

/// A search as the user asked for it.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    pub query: Option<String>,
    pub filters: Filters,
    pub any: bool,
    pub limit: usize,
    pub offset: usize,
    pub facet_top: usize,
    /// Count matches per period.
    pub histogram: Option<Period>,
    /// With `histogram`: one series per top value of this facet root.
    pub by: Option<&'static str>,
    /// Attach each hit's quotations that match the query.
    pub show_quotes: bool,
    /// Match the query against the body only (the quotation index: the quote itself,
    /// not the title of its article).
    pub body_only: bool,
}

/// How one filter value was understood.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedFilter {
    pub filter: String,
    pub value: String,
    pub matched: Vec<String>,
}

/// The entities of one hit, by facet root.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HitEntities {
    pub people: Vec<String>,
    pub speakers: Vec<String>,
    pub countries: Vec<String>,
    pub places: Vec<String>,
    pub orgs: Vec<String>,
}

/// One result.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    pub rank: usize,
    pub id: String,
    pub path: String,
    pub score: Option<f32>,
    pub date: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub snippet: String,
    /// Character ranges of `snippet` that matched the query.
    pub highlights: Vec<[usize; 2]>,
    pub entities: HitEntities,
    /// For a hit of the quotation index: the quote, its speaker and context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<QuoteInfo>,
    /// With `search --quotes`: the article's quotations that match the query.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<QuoteInfo>,
}

/// A quotation as search results show it.
#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq)]
pub struct QuoteInfo {
    pub text: String,
    pub speaker: Option<String>,
    #[serde(default)]
    pub context: String,
    #[serde(default)]
    pub article_id: String,
}

/// A facet value and the number of matching articles that have it.
#[derive(Clone, Debug, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// The answer to a search.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    pub query: Option<String>,
    pub total: usize,
    pub offset: usize,
    pub filters: Vec<ResolvedFilter>,
    pub hits: Vec<Hit>,
    /// Facet counts over the whole result set, by root (person, speaker, country, place, org).
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// Matching articles per period, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub histogram: Option<Histogram>,
}

/// Matching articles per period, overall and (with `--by`) per top facet value.
#[derive(Clone, Debug, Serialize)]
pub struct Histogram {
    pub period: Period,
    pub buckets: Vec<Bucket>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
}

/// The histogram of the articles that have one facet value.
#[derive(Clone, Debug, Serialize)]
pub struct Series {
    pub value: String,
    pub buckets: Vec<Bucket>,
}

/// Parses YYYY, YYYY-MM or YYYY-MM-DD into the first day of that period and the first
/// day after it.
pub fn parse_period(s: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), Error> {
    let bad = || Error::InvalidDate(s.to_string());
    let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y + 1, 1, 1),
            )
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            (NaiveDate::from_ymd_opt(y, m, 1), next)
        }
        [y, m, d] if y.len() == 4 => {
            let date = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?);
            (date, date.and_then(|d| d.succ_opt()))
        }
        _ => return Err(bad()),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return Err(bad());
    };
    let utc = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    Ok((utc(start), utc(end)))
}

/// A date as tantivy stores it (nanoseconds in an i64), saturating outside 1677–2262
/// instead of overflowing.
fn to_tantivy(d: DateTime<Utc>) -> tantivy::DateTime {
    let secs = d.timestamp();
    match secs.checked_mul(1_000_000_000) {
        Some(nanos) => tantivy::DateTime::from_timestamp_nanos(nanos),
        None if secs < 0 => tantivy::DateTime::MIN,
        None => tantivy::DateTime::MAX,
    }
}

/// Longest query accepted, in bytes, and deepest nesting of parentheses: the query
/// parser recurses, and a query past these would exhaust the stack.
pub const MAX_QUERY_BYTES: usize = 4096;
pub const MAX_QUERY_DEPTH: usize = 64;

/// The start of a long query, for error messages.
fn excerpt(q: &str) -> String {
    match q.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &q[..i]),
        None => q.to_string(),
    }
}

/// Refuses a query too long or too deeply nested to parse safely.
pub fn check_query(q: &str) -> Result<(), Error> {
    let too = |what: String| Error::Query {
        query: excerpt(q),
        reason: what,
    };
    if q.len() > MAX_QUERY_BYTES {
        return Err(too(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are allowed",
            q.len()
        )));
    }
    let (mut depth, mut max) = (0usize, 0usize);
    let (mut quoted, mut escaped) = (false, false);
    for c in q.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                max = max.max(depth);
            }
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max > MAX_QUERY_DEPTH {
        return Err(too(format!(
            "parentheses nest {max} deep; at most {MAX_QUERY_DEPTH} levels are allowed"
        )));
    }
    Ok(())
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Makes the apostrophes people type inside words plain text for the query parser,
/// where `'` otherwise opens a phrase: a possessive `'s` (or `’s`) is dropped, so
/// `Kyiv's` searches for `Kyiv` (the analyzer indexes "Kyiv's" as "kyiv" + "s"), a
/// trailing one (`leaders'`) too, and one between letters (`O'Brien`) is escaped and
/// becomes a phrase of its parts, as it was indexed. `'single-quoted phrases'` and
/// everything inside `"double quotes"` are left as they are.
pub fn normalize_query(q: &str) -> std::borrow::Cow<'_, str> {
    if !q.contains(is_apostrophe) {
        return std::borrow::Cow::Borrowed(q);
    }
    let chars: Vec<char> = q.chars().collect();
    let is_word = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
    // The last quote that can end a single-quoted phrase: one not between two letters.
    let last_closer = (1..chars.len())
        .rev()
        .find(|&j| chars[j] == '\'' && !(is_word(j - 1) && is_word(j + 1)));
    let mut out = String::with_capacity(q.len() + 8);
    let (mut in_double, mut in_single) = (false, false);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let after_word = i > 0 && is_word(i - 1);
        match c {
            '\\' => {
                out.push(c);
                if let Some(&n) = chars.get(i + 1) {
                    out.push(n);
                    i += 1;
                }
            }
            '"' if !in_single => {
                in_double = !in_double;
                out.push(c);
            }
            _ if in_double || !is_apostrophe(c) => out.push(c),
            // Inside a word: never syntax.
            _ if after_word && is_word(i + 1) => {
                let possessive = matches!(chars.get(i + 1), Some('s' | 'S')) && !is_word(i + 2);
                if possessive && !in_single {
                    i += 1;
                } else if c == '\'' {
                    out.push_str("\\'");
                } else {
                    out.push(c);
                }
            }
            '\'' if in_single => {
                in_single = false;
                out.push(c);
            }
            // After a word ("leaders'"): a plural possessive.
            _ if after_word => {}
            '\'' if last_closer.is_some_and(|j| j > i) => {
                in_single = true;
                out.push(c);
            }
            // An opening quote that nothing closes.
            '\'' => {}
            _ => out.push(c),
        }
        i += 1;
    }
    std::borrow::Cow::Owned(out)
}

/// Checks what can be checked without the index: the query's size and nesting and the
/// dates of `--since` and `--until`.
pub fn validate(query: Option<&str>, filters: &Filters) -> Result<(), Error> {
    if let Some(q) = query {
        check_query(q)?;
    }
    since_until(filters).map(|_| ())
}

type Period2 = Option<(DateTime<Utc>, DateTime<Utc>)>;

impl SearchRequest {
    /// Checks everything that can be checked without the index: the query, the dates
    /// and the counts.
    pub fn validate(&self) -> Result<(), Error> {
        validate(self.query.as_deref(), &self.filters)?;
        check_limit(self.limit)
    }
}

/// Refuses a `--limit` past [`MAX_LIMIT`].
fn check_limit(limit: usize) -> Result<(), Error> {
    if limit > MAX_LIMIT {
        return Err(Error::LimitTooLarge {
            flag: "limit",
            value: limit,
            max: MAX_LIMIT,
        });
    }
    Ok(())
}

/// The periods of `--since` and `--until`, refused when the first is after the second.
fn since_until(filters: &Filters) -> Result<(Period2, Period2), Error> {
    let since = filters.since.as_deref().map(parse_period).transpose()?;
    let until = filters.until.as_deref().map(parse_period).transpose()?;
    if let (Some((s, _)), Some((_, u))) = (since, until) {
        if s >= u {
            return Err(Error::DateOrder {
                since: filters.since.clone().unwrap_or_default(),
                until: filters.until.clone().unwrap_or_default(),
            });
        }
    }
    Ok((since, until))
}

/// Every facet value under `/root` in the index, sorted.
pub fn facet_values(ni: &NewsIndex, searcher: &Searcher, root: &str) -> Result<Vec<String>> {
    let mut out = BTreeSet::new();
    crate::values::for_each(ni, searcher, root, |v, _| {
        if !out.contains(v) {
            out.insert(v.to_owned());
        }
    })?;
    Ok(out.into_iter().collect())
}

/// Decides which facet values a user's filter value stands for: the value itself (folded)
/// and every value containing it as whole words. Values are offered one at a
/// time and folded into one reused buffer, so a whole facet dictionary can stream through.
pub struct ValueMatcher {
    folded: String,
    buf: String,
    exact: BTreeSet<String>,
    words: BTreeSet<String>,
    /// The longest word of the folded input, found case-insensitively: a value without
    /// it cannot match, and most values are ruled out without being folded.
    prefilter: Option<aho_corasick::AhoCorasick>,
}

impl ValueMatcher {
    pub fn new(input: &str) -> ValueMatcher {
        let folded = fold(input);
        let prefilter = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .max_by_key(|w| w.len())
            .filter(|w| !w.is_empty())
            .and_then(|w| {
                aho_corasick::AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .build([w])
                    .ok()
            });
        ValueMatcher {
            folded,
            buf: String::new(),
            exact: BTreeSet::new(),
            words: BTreeSet::new(),
            prefilter,
        }
    }

    pub fn offer(&mut self, value: &str) {
        // Folding an ASCII value without periods only changes case, hyphens and spaces,
        // so a word of the input is in the folded value only if it is in the value.
        if let Some(pre) = &self.prefilter {
            if value.is_ascii() && !value.contains('.') && !pre.is_match(value) {
                return;
            }
        }
        let mut buf = std::mem::take(&mut self.buf);
        fold_into(value, &mut buf);
        self.offer_folded(value, &buf);
        self.buf = buf;
    }

    /// [`ValueMatcher::offer`] for a value already folded.
    pub fn offer_folded(&mut self, value: &str, folded: &str) {
        if folded == self.folded {
            self.exact.insert(value.to_owned());
        } else if contains_words(folded, &self.folded) {
            self.words.insert(value.to_owned());
        }
    }

    /// The matched values (sorted) and whether they are exactly the value typed. A
    /// value equal to the input does not hide the others that contain it: `--person
    /// putin` finds "Vladimir Putin" even where an article has a bare "Putin".
    pub fn finish(self) -> (Vec<String>, bool) {
        let exact = self.words.is_empty() && !self.exact.is_empty();
        let mut all = self.exact;
        all.extend(self.words);
        (all.into_iter().collect(), exact)
    }
}

/// The facet values a user's filter value stands for (see [`ValueMatcher`]).
pub fn match_values(values: &[String], input: &str) -> Vec<String> {
    let mut m = ValueMatcher::new(input);
    for v in values {
        m.offer(v);
    }
    m.finish().0
}

/// [`match_values`] over every value under `/root` in the index, in one pass over each
/// segment's dictionary that keeps only the matches.
pub fn match_facet(
    ni: &NewsIndex,
    searcher: &Searcher,
    root: &str,
    input: &str,
) -> Result<(Vec<String>, bool)> {
    let mut m = ValueMatcher::new(input);
    crate::values::for_each(ni, searcher, root, |v, folded| match folded {
        Some(f) => m.offer_folded(v, f),
        None => m.offer(v),
    })?;
    Ok(m.finish())
}

/// The closest values to suggest when nothing matched.
pub fn suggest(values: &[String], input: &str) -> Vec<String> {
    let f = fold(input);
    let mut scored: Vec<(f64, &String)> = values
        .iter()
        .map(|v| {
            let fv = fold(v);
            let best_word = fv
                .split(' ')
                .map(|w| strsim::jaro_winkler(w, &f))
                .fold(0.0, f64::max);
            (strsim::jaro_winkler(&fv, &f).max(best_word), v)
        })
        .filter(|(s, _)| *s > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, v)| v.clone()).collect()
}

fn facet_term(ni: &NewsIndex, root: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(ni.fields.entity, &Facet::from_path([root, value])),
        IndexRecordOption::Basic,
    ))
}

/// Builds the filter clauses, resolving each value against the index.
fn filter_clauses(
    ni: &NewsIndex,
    searcher: &Searcher,
    filters: &Filters,
    resolved: &mut Vec<ResolvedFilter>,
) -> Result<Vec<Box<dyn Query>>> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    let groups: [(&str, &str, &Vec<String>); 5] = [
        ("speaker", "speaker", &filters.speaker),
        ("person", "person", &filters.person),
        ("org", "org", &filters.org),
        ("place", "place", &filters.place),
        ("country", "country", &filters.country),
    ];
    for (flag, root, inputs) in groups {
        if inputs.is_empty() {
            continue;
        }
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for input in inputs {
            let mut matched = Vec::new();
            if root == "country" {
                if let Some(c) = crate::extract::gazetteer::lookup_country(input) {
                    should.push((
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(ni.fields.country_code, &c.code),
                            IndexRecordOption::Basic,
                        )),
                    ));
                    resolved.push(ResolvedFilter {
                        filter: flag.into(),
                        value: input.clone(),
                        matched: vec![format!("{} ({})", c.name, c.code)],
                    });
                    continue;
                }
            }
            if root == "org" {
                // "ISIL", "Daesh" → "Islamic State".
                if let Some(canonical) = crate::extract::gazetteer::lookup_org(input) {
                    matched.extend(match_facet(ni, searcher, root, &canonical)?.0);
                }
            }
            if matched.is_empty() {
                matched.extend(match_facet(ni, searcher, root, input)?.0);
            }
            if matched.is_empty() {
                return Err(Error::UnknownValue {
                    what: flag.to_string(),
                    input: input.clone(),
                    suggestions: suggest(&facet_values(ni, searcher, root)?, input),
                }
                .into());
            }
            for v in &matched {
                should.push((Occur::Should, facet_term(ni, root, v)));
            }
            resolved.push(ResolvedFilter {
                filter: flag.into(),
                value: input.clone(),
                matched,
            });
        }
        clauses.push(Box::new(BooleanQuery::new(should)));
    }
    if !filters.source.is_empty() {
        let parser = QueryParser::for_index(&ni.index, vec![ni.fields.source]);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for s in &filters.source {
            let phrase = format!("\"{}\"", s.replace(['"', '\\'], " "));
            let q = parser.parse_query(&phrase).map_err(|e| Error::Query {
                query: s.clone(),
                reason: e.to_string(),
            })?;
            should.push((Occur::Should, q));
        }
        clauses.push(Box::new(BooleanQuery::new(should)));
    }
    let (since, until) = since_until(filters)?;
    if since.is_some() || until.is_some() {
        let lo = since.map_or(Bound::Unbounded, |(s, _)| {
            Bound::Included(Term::from_field_date_for_search(
                ni.fields.date,
                to_tantivy(s),
            ))
        });
        // Past the last date tantivy can store, --until keeps every dated article.
        let hi = until.map_or(Bound::Unbounded, |(_, u)| {
            let term = Term::from_field_date_for_search(ni.fields.date, to_tantivy(u));
            if to_tantivy(u) == tantivy::DateTime::MAX {
                Bound::Included(term)
            } else {
                Bound::Excluded(term)
            }
        });
        clauses.push(Box::new(RangeQuery::new(lo, hi)));
    }
    Ok(clauses)
}

/// The query for a text query and filters: the parsed text query (if any) and the whole
/// conjunction (`AllQuery` standing in for a missing text query).
pub fn scope_query(
    ni: &NewsIndex,
    searcher: &Searcher,
    text: Option<&str>,
    filters: &Filters,
    any: bool,
    resolved: &mut Vec<ResolvedFilter>,
) -> Result<(Option<Box<dyn Query>>, BooleanQuery)> {
    scope_query_in(ni, searcher, text, filters, any, false, resolved)
}

fn scope_query_in(
    ni: &NewsIndex,
    searcher: &Searcher,
    text: Option<&str>,
    filters: &Filters,
    any: bool,
    body_only: bool,
    resolved: &mut Vec<ResolvedFilter>,
) -> Result<(Option<Box<dyn Query>>, BooleanQuery)> {
    let f = ni.fields;
    let text_query: Option<Box<dyn Query>> = match text.map(str::trim) {
        Some(q) if !q.is_empty() => {
            let default_fields = if body_only {
                vec![f.body]
            } else {
                vec![f.title, f.body]
            };
            check_query(q)?;
            let mut parser = QueryParser::for_index(&ni.index, default_fields);
            parser.set_field_boost(f.title, 2.0);
            if !any {
                parser.set_conjunction_by_default();
            }
            Some(parser.parse_query(&normalize_query(q)).map_err(|e| {
                Error::Query {
                    query: excerpt(q),
                    reason: match e {
                        tantivy::query::QueryParserError::SyntaxError(_) => {
                            "syntax error: put exact phrases in \"double quotes\" and \
                                 escape + - ! ( ) [ ] { } ^ : * \" ' \\ with a backslash"
                                .to_string()
                        }
                        e => e.to_string(),
                    },
                }
            })?)
        }
        _ => None,
    };
    let filters = filter_clauses(ni, searcher, filters, resolved)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match &text_query {
        Some(q) => clauses.push((Occur::Must, q.box_clone())),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    clauses.extend(filters.into_iter().map(|q| (Occur::Must, q)));
    Ok((text_query, BooleanQuery::new(clauses)))
}

/// Runs a search.
pub fn search(ni: &NewsIndex, req: &SearchRequest) -> Result<Results> {
    check_limit(req.limit)?;
    let searcher = ni.searcher()?;
    let f = ni.fields;
    let mut resolved = Vec::new();
    let (text_query, query) = scope_query_in(
        ni,
        &searcher,
        req.query.as_deref(),
        &req.filters,
        req.any,
        req.body_only,
        &mut resolved,
    )?;
    // Paging past the last document shows nothing; a larger offset would only make the
    // collector reserve room for documents that do not exist.
    let offset = req
        .offset
        .min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));

    // At least five per root: `--histogram --by` charts the top five. `--facets 0`
    // without `--by` skips counting altogether (most of a search's time on a large
    // result set).
    let facets = (req.facet_top > 0 || req.by.is_some())
        .then(|| TopFacets::new(&FACET_ROOTS, req.facet_top.max(5)));
    let limit = req.limit.max(1);
    let (docs, total, facet_counts): (Vec<(Option<f32>, DocAddress)>, usize, _) =
        if text_query.is_some() {
            let top = TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_score();
            let (d, c, fc) = searcher.search(&query, &(top, Count, facets))?;
            (d.into_iter().map(|(s, a)| (Some(s), a)).collect(), c, fc)
        } else {
            let top = TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_fast_field::<tantivy::DateTime>("date", Order::Desc);
            let (d, c, fc) = searcher.search(&query, &(top, Count, facets))?;
            (d.into_iter().map(|(_, a)| (None, a)).collect(), c, fc)
        };
    let docs = if req.limit == 0 { Vec::new() } else { docs };
    let facet_counts = facet_counts.unwrap_or_else(|| {
        FACET_ROOTS
            .iter()
            .map(|r| (r.to_string(), Vec::new()))
            .collect()
    });

    let snippets = match &text_query {
        Some(q) => {
            let mut g = SnippetGenerator::create(&searcher, q.as_ref(), f.body)?;
            g.set_max_num_chars(240);
            Some(g)
        }
        None => None,
    };
    let mut hits = Vec::with_capacity(docs.len());
    for (i, (score, addr)) in docs.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let mut hit = hit_from_doc(ni, &doc);
        hit.rank = req.offset + i + 1;
        hit.score = score;
        let (snippet, highlights) = match &snippets {
            Some(g) => {
                let s = g.snippet_from_doc(&doc);
                if s.is_empty() {
                    (lead(&text_of(&doc, f.body)), Vec::new())
                } else {
                    let frag = s.fragment();
                    let hl = s
                        .highlighted()
                        .iter()
                        .map(|r| {
                            [
                                frag[..r.start].chars().count(),
                                frag[..r.end].chars().count(),
                            ]
                        })
                        .collect();
                    (frag.to_string(), hl)
                }
            }
            None => (lead(&text_of(&doc, f.body)), Vec::new()),
        };
        hit.snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        hit.highlights = if hit.snippet.len() == snippet.len() {
            highlights
        } else {
            rehighlight(&snippet, &hit.snippet, highlights)
        };
        hits.push(hit);
    }
    let mut facet_map = facet_counts.clone();
    for top in facet_map.values_mut() {
        top.truncate(req.facet_top);
    }
    if req.show_quotes {
        if let Some(q) = &text_query {
            let quotes = ni.quotes_in_step()?;
            for hit in &mut hits {
                hit.quotes = matching_quotes(&quotes, q.as_ref(), &hit.id, 3)?;
            }
        }
    }
    let histogram = match req.histogram {
        Some(period) => Some(histogram(
            ni,
            &searcher,
            &query,
            period,
            req.by,
            &facet_counts,
        )?),
        None => None,
    };
    Ok(Results {
        query: req.query.clone(),
        total,
        offset: req.offset,
        filters: resolved,
        hits,
        facets: facet_map,
        histogram,
    })
}

/// Counts the matches of `query` per period; with `by`, also for each of the top five
/// values of that facet among the matches.
fn histogram(
    ni: &NewsIndex,
    searcher: &Searcher,
    query: &dyn Query,
    period: Period,
    by: Option<&str>,
    facet_counts: &BTreeMap<String, Vec<FacetCount>>,
) -> Result<Histogram> {
    let dates = searcher.search(query, &DateCollector)?;
    let Some((first, last)) = span(&dates) else {
        return Ok(Histogram {
            period,
            buckets: Vec::new(),
            by: by.map(str::to_string),
            series: Vec::new(),
        });
    };
    let mut series = Vec::new();
    if let Some(root) = by {
        for value in facet_counts
            .get(root)
            .into_iter()
            .flatten()
            .take(5)
            .map(|c| c.value.clone())
        {
            let q = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, facet_term(ni, root, &value)),
            ]);
            let d = searcher.search(&q, &DateCollector)?;
            series.push(Series {
                value,
                buckets: buckets(&d, period, first, last),
            });
        }
    }
    Ok(Histogram {
        period,
        buckets: buckets(&dates, period, first, last),
        by: by.map(str::to_string),
        series,
    })
}

/// Maps highlight ranges through whitespace collapsing.
fn rehighlight(orig: &str, collapsed: &str, hl: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    // Build a map from original char index to collapsed char index.
    let mut map = Vec::with_capacity(orig.chars().count() + 1);
    let mut out_idx = 0usize;
    let mut prev_space = true;
    let lead_ws = orig.chars().take_while(|c| c.is_whitespace()).count();
    for (i, c) in orig.chars().enumerate() {
        map.push(out_idx);
        if i < lead_ws {
            continue;
        }
        if c.is_whitespace() {
            if !prev_space {
                out_idx += 1;
            }
            prev_space = true;
        } else {
            out_idx += 1;
            prev_space = false;
        }
    }
    map.push(out_idx);
    let n = collapsed.chars().count();
    hl.into_iter()
        .map(|[s, e]| {
            [
                map.get(s).copied().unwrap_or(n).min(n),
                map.get(e).copied().unwrap_or(n).min(n),
            ]
        })
        .filter(|[s, e]| e > s)
        .collect()
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

/// The first ~240 characters of a body, cut at a word.
fn lead(body: &str) -> String {
    let mut out = String::new();
    for w in body.split_whitespace() {
        if out.len() + w.len() > 240 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The stored fields of a document as a [`Hit`] (without rank, score and snippet).
pub fn hit_from_doc(ni: &NewsIndex, doc: &TantivyDocument) -> Hit {
    let f = ni.fields;
    let mut e = HitEntities::default();
    for v in doc.get_all(f.entity) {
        if let Some(facet) = v.as_facet() {
            let facet =
                Facet::from_encoded(facet.as_bytes().to_vec()).unwrap_or_else(|_| Facet::root());
            let path = facet.to_path();
            if let [root, value] = path.as_slice() {
                let list = match *root {
                    "person" => &mut e.people,
                    "speaker" => &mut e.speakers,
                    "country" => &mut e.countries,
                    "place" => &mut e.places,
                    "org" => &mut e.orgs,
                    _ => continue,
                };
                list.push(value.to_string());
            }
        }
    }
    let date = doc
        .get_first(f.date)
        .and_then(|v| v.as_datetime())
        .map(|d| {
            Utc.timestamp_opt(d.into_timestamp_secs(), 0)
                .single()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default()
        });
    let opt = |field| {
        let s = text_of(doc, field);
        (!s.is_empty()).then_some(s)
    };
    Hit {
        rank: 0,
        id: text_of(doc, f.id),
        path: text_of(doc, f.path),
        score: None,
        date,
        title: text_of(doc, f.title),
        source: opt(f.source),
        snippet: String::new(),
        highlights: Vec::new(),
        entities: e,
        quote: quote_info(f, doc),
        quotes: Vec::new(),
    }
}

/// The quotation a document of the quotation index stands for.
fn quote_info(f: crate::schema::Fields, doc: &TantivyDocument) -> Option<QuoteInfo> {
    let json = doc.get_first(f.quotes)?.as_str()?;
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    let obj = v.as_object()?;
    Some(QuoteInfo {
        text: text_of(doc, f.body),
        speaker: obj
            .get("speaker")
            .and_then(|s| s.as_str())
            .map(str::to_string),
        context: obj
            .get("context")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
        article_id: obj
            .get("article_id")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_string(),
    })
}

/// The quotations of article `id` matching `query`, best first.
fn matching_quotes(
    quotes: &NewsIndex,
    query: &dyn Query,
    id: &str,
    top: usize,
) -> Result<Vec<QuoteInfo>> {
    let searcher = quotes.searcher()?;
    // Quote ids are "<article id>-qNNNN": a range over the id field finds them all.
    let ids = RangeQuery::new(
        Bound::Included(Term::from_field_text(quotes.fields.id, &format!("{id}-q"))),
        Bound::Excluded(Term::from_field_text(quotes.fields.id, &format!("{id}-r"))),
    );
    let q = BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (Occur::Must, Box::new(ids)),
    ]);
    let top_docs = searcher.search(&q, &TopDocs::with_limit(top).order_by_score())?;
    let mut out = Vec::new();
    for (_, addr) in top_docs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        if let Some(info) = quote_info(quotes.fields, &doc) {
            out.push(info);
        }
    }
    Ok(out)
}

/// Year of a stored date, for stats.
pub fn year_of(d: tantivy::DateTime) -> i32 {
    Utc.timestamp_opt(d.into_timestamp_secs(), 0)
        .single()
        .map_or(0, |d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let f = |s: &str| {
            parse_period(s).map(|(a, b)| (a.format("%F").to_string(), b.format("%F").to_string()))
        };
        assert_eq!(
            f("2015").unwrap(),
            ("2015-01-01".into(), "2016-01-01".into())
        );
        assert_eq!(
            f("2015-12").unwrap(),
            ("2015-12-01".into(), "2016-01-01".into())
        );
        assert_eq!(
            f("2015-11-24").unwrap(),
            ("2015-11-24".into(), "2015-11-25".into())
        );
        assert!(f("2015-13").is_err());
        assert!(f("15").is_err());
        assert!(f("2015-02-30").is_err());
        assert!(f("soon").is_err());
    }

    #[test]
    fn apostrophes_in_words_are_not_syntax() {
        let n = |q: &str| normalize_query(q).into_owned();
        assert_eq!(n("Kyiv's mayor"), "Kyiv mayor");
        assert_eq!(n("Moscow’s"), "Moscow");
        assert_eq!(n("leaders' talks"), "leaders talks");
        assert_eq!(n("O'Brien"), "O\\'Brien");
        assert_eq!(n("O’Brien"), "O’Brien");
        assert_eq!(n("'peace talks' Kyiv's"), "'peace talks' Kyiv");
        assert_eq!(n("'Kyiv's mayor'"), "'Kyiv\\'s mayor'");
        assert_eq!(n("\"Kyiv's mayor\""), "\"Kyiv's mayor\"");
        assert_eq!(n("'tis"), "tis");
        assert_eq!(n("title:'a b'"), "title:'a b'");
        assert_eq!(n("Kyiv"), "Kyiv");
    }

    #[test]
    fn queries_are_bounded() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(check_query(&nested(MAX_QUERY_DEPTH)).is_ok());
        assert!(check_query(&nested(MAX_QUERY_DEPTH + 1)).is_err());
        // Parentheses in a phrase or escaped are text.
        assert!(check_query(&format!("\"{}\"", "(".repeat(100))).is_ok());
        assert!(check_query(&"\\(".repeat(100)).is_ok());
        assert!(check_query(&"a ".repeat(MAX_QUERY_BYTES)).is_err());
    }

    #[test]
    fn dates_saturate_at_what_tantivy_stores() {
        let d = |s: &str| to_tantivy(parse_period(s).unwrap().0);
        assert_eq!(d("2300"), tantivy::DateTime::MAX);
        assert_eq!(d("1600"), tantivy::DateTime::MIN);
        assert_eq!(d("2015").into_timestamp_secs(), 1_420_070_400);
    }

    #[test]
    fn matching_values() {
        let values: Vec<String> = [
            "Barack Obama",
            "Michelle Obama",
            "Obamacare Group",
            "Paris, France",
            "Paris, Texas, United States",
            "Putin",
            "Vladimir Putin",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            match_values(&values, "obama"),
            vec!["Barack Obama", "Michelle Obama"]
        );
        assert_eq!(match_values(&values, "BARACK OBAMA"), vec!["Barack Obama"]);
        assert_eq!(match_values(&values, "paris").len(), 2);
        assert_eq!(
            match_values(&values, "paris, texas"),
            vec!["Paris, Texas, United States"]
        );
        assert!(match_values(&values, "obam").is_empty());
        // A bare surname value does not hide the full names (issue 10).
        assert_eq!(
            match_values(&values, "putin"),
            vec!["Putin", "Vladimir Putin"]
        );
        assert_eq!(
            match_values(&values, "Vladimir Putin"),
            vec!["Vladimir Putin"]
        );
        let hints = suggest(&values, "obamma");
        assert!(hints.contains(&"Barack Obama".to_string()), "{hints:?}");
        assert!(!hints.iter().any(|h| h.starts_with("Paris")), "{hints:?}");
        assert!(suggest(&values, "zzzz").is_empty());
    }
}
