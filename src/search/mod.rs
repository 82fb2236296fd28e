//! Search: a validated [`SearchRequest`] becomes a tantivy query (BM25 over title and
//! body, entity and date filters), run with one pass of collectors for the page of hits,
//! the total count and the facet counts over the whole result set.

use crate::error::Error;
use crate::extract::fold::{contains_words, fold, fold_into};
use crate::index::values::ordinals;
use crate::index::NewsIndex;
use crate::schema::FACET_ROOTS;
use crate::search::collect::{SearchCollector, SearchFruit};
use crate::search::facets::TopFacets;
use crate::search::timeline::{buckets, span, Bucket, DateCollector, Period};
use anyhow::Result;
use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument, Term};

mod collect;
mod dates;
pub mod facets;
pub mod filters;
mod hit;
pub mod lookup;
mod ords;
pub mod query;
pub mod related;
mod snippet;
pub mod timeline;
mod union;

pub use filters::{
    facet_values, match_facet, match_values, parse_period, suggest, validate, Filters, ValueMatcher,
};
use filters::{filter_clauses, value_query, LazyGroups};
pub use hit::{hit_from_doc, year_of};
use hit::{matching_quotes, HitLoader, Loaded};
use query::excerpt;
pub use query::{check_query, normalize_query, MAX_QUERY_BYTES, MAX_QUERY_DEPTH};
use snippet::{lead, rehighlight};

/// A page of hits: each with its score when the query has text.
type Page = Vec<(Option<f32>, DocAddress)>;

/// Most results or facet values one request may ask for: larger counts would only
/// make collectors reserve room for results that cannot be shown.
pub const MAX_LIMIT: usize = 10_000;

/// A search as the user asked for it.
#[derive(Clone, Debug, Default)]
pub struct SearchRequest {
    /// The text query in tantivy's syntax (`obama "peace talks" -trade`); `None` or
    /// blank lists what the filters match, newest first and unscored.
    pub query: Option<String>,
    /// The entity, source and date filters, as typed.
    pub filters: Filters,
    /// Match any word of the query instead of all of them (`--any`).
    pub any: bool,
    /// Hits to return, at most [`MAX_LIMIT`]; 0 returns none but still counts
    /// [`Results::total`] and the facets.
    pub limit: usize,
    /// Hits to skip before the first one returned, for paging: the first hit's
    /// [`Hit::rank`] is `offset + 1`.
    pub offset: usize,
    /// Values kept per facet root in [`Results::facets`]; 0 skips facet counting (unless
    /// `by` needs the counts).
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
    /// The filter's name: `speaker`, `person`, `org`, `place` or `country`.
    pub filter: String,
    /// The value as typed (`"obama"`).
    pub value: String,
    /// The index values it stands for, any of which matches (`["Barack Obama",
    /// "Michelle Obama"]`); for a country, `"Name (CODE)"` (`"Russia (RU)"`). Never
    /// empty: a value that matches nothing is an error.
    pub matched: Vec<String>,
}

/// The entities of one hit, by facet root: the facet values stored with the article.
#[derive(Clone, Debug, Default, Serialize)]
pub struct HitEntities {
    /// `person` values: canonical names of the people mentioned or quoted
    /// (`"Barack Obama"`); in search results, each as its name group's canonical name
    /// (see [`crate::index::values::groups`]), once.
    pub people: Vec<String>,
    /// `speaker` values: who is quoted (`"Barack Obama"`); for a hit of the quotation
    /// index, the quote's speaker only. Grouped as `people` are.
    pub speakers: Vec<String>,
    /// `country` values: country names (`"Russia"`), named or implied by a place
    /// mentioned (`"Moscow"`).
    pub countries: Vec<String>,
    /// `place` values: cities and regions (`"Geneva"`).
    pub places: Vec<String>,
    /// `org` values: canonical organization names (`"NATO"`, `"Islamic State"`).
    pub orgs: Vec<String>,
}

/// One result.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Position in the whole result list, from 1: `offset + 1` for the first hit of a
    /// page; 0 outside a search (`show`).
    pub rank: usize,
    /// The article id `show` takes: 16 hex digits (see [`crate::ingest::Article::id`]);
    /// for a hit of the quotation index, the article's id and `-qNNNN` (`-q0001` for
    /// its first quote).
    pub id: String,
    /// The file the article was read from, as the index stores it (see
    /// [`crate::ingest::walk::path_key`]); every article of a .jsonl file shares it.
    pub path: String,
    /// BM25 score (title matches weigh twice); `None` without a text query, when hits
    /// come newest first.
    pub score: Option<f32>,
    /// Publication date, `YYYY-MM-DD` (UTC); `None` when the article has none.
    pub date: Option<String>,
    /// The article's title (for a quote, its article's title).
    pub title: String,
    /// The publisher (`"Reuters"`); `None` when the article names none.
    pub source: Option<String>,
    /// About 240 characters of the body around the query's matches, or the start of the
    /// body without a query or a match in it; whitespace runs are single spaces. Empty
    /// outside a search (`show`).
    pub snippet: String,
    /// Character ranges of `snippet` that matched the query.
    pub highlights: Vec<[usize; 2]>,
    /// The article's people, speakers, countries, places and organizations.
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
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Canonical name of who said it (`"Barack Obama"`); `None` when the article names
    /// no one.
    pub speaker: Option<String>,
    /// The paragraph the quote is in, whitespace runs as single spaces, cut to 300
    /// characters (ending in `…`); empty when unknown.
    #[serde(default)]
    pub context: String,
    /// The id of the article the quote is from ([`Hit::id`] of that article); empty when
    /// unknown.
    #[serde(default)]
    pub article_id: String,
}

/// A facet value and the number of matching articles that have it.
#[derive(Clone, Debug, Serialize)]
pub struct FacetCount {
    /// The value under its root: a canonical name (`"Barack Obama"`, `"NATO"`), a
    /// country name (`"Russia"`) or a place (`"Geneva"`). A person or speaker name group
    /// counts as one value, under its canonical name.
    pub value: String,
    /// Matching articles that have the value (quotations, for the quotation index).
    pub count: u64,
}

/// The answer to a search.
#[derive(Clone, Debug, Serialize)]
pub struct Results {
    /// The query as given ([`SearchRequest::query`]).
    pub query: Option<String>,
    /// Matching articles (quotations, for the quotation index) over all pages.
    pub total: usize,
    /// The requested [`SearchRequest::offset`], also when it is past the last hit.
    pub offset: usize,
    /// How each entity filter value was understood, in the order `speaker`, `person`,
    /// `org`, `place`, `country`; source and date filters are not listed.
    pub filters: Vec<ResolvedFilter>,
    /// This page of hits: best first, or newest first without a text query; at most
    /// [`SearchRequest::limit`].
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
    /// The width of a bucket: a day, an ISO week, a month or a year.
    pub period: Period,
    /// One bucket per period from the first matching date to the last, empty periods
    /// included; empty when no match is dated.
    pub buckets: Vec<Bucket>,
    /// The facet root of `series` (`"speaker"`), as asked for with `--by`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// With `by`: one series for each of the root's top five values among the matches,
    /// most frequent first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub series: Vec<Series>,
}

/// The histogram of the articles that have one facet value.
#[derive(Clone, Debug, Serialize)]
pub struct Series {
    /// The facet value (`"Barack Obama"`).
    pub value: String,
    /// Its matching articles per period, over the same periods as
    /// [`Histogram::buckets`].
    pub buckets: Vec<Bucket>,
}

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
    let groups = LazyGroups::new(ni, searcher);
    scope_query_in(&groups, text, filters, any, false, resolved)
}

/// [`scope_query`] over `groups`' index and searcher, matching the body only with
/// `body_only`.
fn scope_query_in(
    groups: &LazyGroups,
    text: Option<&str>,
    filters: &Filters,
    any: bool,
    body_only: bool,
    resolved: &mut Vec<ResolvedFilter>,
) -> Result<(Option<Box<dyn Query>>, BooleanQuery)> {
    let (ni, searcher) = (groups.ni, groups.searcher);
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
    let filters = filter_clauses(ni, searcher, filters, groups, resolved)?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    match &text_query {
        Some(q) if !filters.is_empty() && needs_positions(q.as_ref()) => {
            let all: Box<dyn Query> = match filters.as_slice() {
                [one] => one.box_clone(),
                _ => Box::new(BooleanQuery::intersection(
                    filters.iter().map(|f| f.box_clone()).collect(),
                )),
            };
            let q = within(q.as_ref(), all.as_ref());
            clauses.push((Occur::Must, union::seekable(q.as_ref())));
        }
        // Sought at each match of the filters: see `union`.
        Some(q) if !filters.is_empty() => clauses.push((Occur::Must, union::seekable(q.as_ref()))),
        Some(q) => clauses.push((Occur::Must, q.box_clone())),
        None => clauses.push((Occur::Must, Box::new(AllQuery))),
    }
    clauses.extend(filters.into_iter().map(|q| (Occur::Must, q)));
    Ok((text_query, BooleanQuery::new(clauses)))
}

/// Whether `q` reads positions (holds a phrase).
fn needs_positions(q: &dyn Query) -> bool {
    let mut any = false;
    q.query_terms(&mut |_, positions| any |= positions);
    any
}

/// `q` with each of its parts that reads positions (a phrase) restricted to the
/// documents `filter` matches, which then lead: a phrase is only checked in documents
/// the filters let through, where tantivy's union of the title and body phrases would
/// check every document holding the words (most of a filtered phrase search's time).
/// Scores are unchanged: the filter adds a score of 0 inside `q` (and counts as before
/// where the whole query requires it).
fn within(q: &dyn Query, filter: &dyn Query) -> Box<dyn Query> {
    if !needs_positions(q) {
        return q.box_clone();
    }
    if let Some(b) = q.downcast_ref::<BooleanQuery>() {
        let clauses = b
            .clauses()
            .iter()
            .map(|(occur, c)| match occur {
                Occur::MustNot => (*occur, c.box_clone()),
                _ => (*occur, within(c.as_ref(), filter)),
            })
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            b.get_minimum_number_should_match(),
        ));
    }
    Box::new(BooleanQuery::intersection(vec![
        q.box_clone(),
        Box::new(ConstScoreQuery::new(filter.box_clone(), 0.0)),
    ]))
}

/// Runs a search: the page of hits, the total and the facet counts in one pass, then
/// the histogram and each hit's matching quotations when asked for. A filter value that
/// matches nothing in the index is an [`Error::UnknownValue`] with suggestions.
pub fn search(ni: &NewsIndex, req: &SearchRequest) -> Result<Results> {
    check_limit(req.limit)?;
    let searcher = ni.searcher()?;
    let f = ni.fields;
    let mut resolved = Vec::new();
    // Person and speaker names grouped archive-wide, loaded when a filter, the facet
    // counts or a hit first needs them.
    let groups = LazyGroups::new(ni, &searcher);
    let (text_query, query) = scope_query_in(
        &groups,
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
    let facets = if req.facet_top > 0 || req.by.is_some() {
        Some(
            TopFacets::new(&FACET_ROOTS, req.facet_top.max(5))
                .with_groups(groups.get()?)
                .with_ordinals(ordinals::load(ni, &searcher).map(std::sync::Arc::new)),
        )
    } else {
        None
    };
    let limit = req.limit.max(1);
    // One pass over the matches for the page, the total, the facets and the dates.
    let dates = req.histogram.is_some();
    // One pass over the matches; the page of hits keeps its scores when there is text
    // to score.
    fn one_pass<C, S>(
        searcher: &Searcher,
        query: &dyn Query,
        top: C,
        facets: Option<TopFacets>,
        dates: bool,
        score: impl Fn(S) -> Option<f32>,
    ) -> tantivy::Result<SearchFruit<Page>>
    where
        C: tantivy::collector::Collector<Fruit = Vec<(S, DocAddress)>>,
    {
        let fruit = searcher.search(query, &SearchCollector { top, facets, dates })?;
        Ok(SearchFruit {
            top: fruit.top.into_iter().map(|(s, a)| (score(s), a)).collect(),
            total: fruit.total,
            facets: fruit.facets,
            dates: fruit.dates,
        })
    }
    let top = TopDocs::with_limit(limit).and_offset(offset);
    crate::timings::mark("query");
    let SearchFruit {
        top: docs,
        total,
        facets: facet_counts,
        dates,
    } = if text_query.is_some() {
        one_pass(&searcher, &query, top.order_by_score(), facets, dates, Some)?
    } else {
        let newest = top.order_by_fast_field::<tantivy::DateTime>("date", Order::Desc);
        one_pass(&searcher, &query, newest, facets, dates, |_| None)?
    };
    let docs = if req.limit == 0 { Vec::new() } else { docs };
    let facet_counts = facet_counts.unwrap_or_else(|| {
        FACET_ROOTS
            .iter()
            .map(|r| (r.to_string(), Vec::new()))
            .collect()
    });

    let mut snippets = match &text_query {
        Some(q) => Some(snippet::snippet_generator(
            &searcher,
            q.as_ref(),
            f.body,
            240,
        )?),
        None => None,
    };
    let loader = HitLoader::new(ni)?;
    // Names as the archive groups them (`show` and `export` keep each article's own).
    let names = if docs.is_empty() {
        None
    } else {
        Some(groups.get()?)
    };
    let mut hits = Vec::with_capacity(docs.len());
    let mut article_texts = Vec::new();
    for (i, (score, addr)) in docs.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let Loaded {
            mut hit,
            snippet_text,
        } = loader.load(ni, &doc);
        hit.rank = req.offset + i + 1;
        hit.score = score;
        let (snippet, highlights) = match &mut snippets {
            Some(g) => {
                let s = g.snippet(snippet_text.trim());
                if s.is_empty() {
                    (lead(&snippet_text), Vec::new())
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
            None => (lead(&snippet_text), Vec::new()),
        };
        hit.snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
        hit.highlights = if hit.snippet.len() == snippet.len() {
            highlights
        } else {
            rehighlight(&snippet, &hit.snippet, highlights)
        };
        if let Some(g) = &names {
            let e = &mut hit.entities;
            g.canonicalize(&mut e.people);
            g.canonicalize(&mut e.speakers);
            if let Some(s) = hit.quote.as_mut().and_then(|q| q.speaker.as_mut()) {
                *s = g.canonical(s).to_string();
            }
        }
        if req.show_quotes {
            // What the article's quotations point into (see `StoredArticle::text`).
            article_texts.push(format!("{}\n\n{snippet_text}", hit.title));
        }
        hits.push(hit);
    }
    let mut facet_map = facet_counts.clone();
    for top in facet_map.values_mut() {
        top.truncate(req.facet_top);
    }
    if req.show_quotes {
        if let Some(q) = &text_query {
            let quotes = ni.quotes_in_step()?;
            for (hit, text) in hits.iter_mut().zip(&article_texts) {
                hit.quotes = matching_quotes(&quotes, q.as_ref(), &hit.id, text, 3)?;
            }
        }
    }
    crate::timings::mark("hits");
    let histogram = match req.histogram {
        Some(period) => {
            let counted = histogram(
                &query,
                dates.unwrap_or_default(),
                period,
                req.by,
                &facet_counts,
                &groups,
            )?;
            crate::timings::mark("histogram");
            Some(counted)
        }
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

/// Counts the matches of `query` (dated `dates`) per period; with `by`, also for each of
/// the top five values of that facet among the matches.
fn histogram(
    query: &dyn Query,
    dates: Vec<i64>,
    period: Period,
    by: Option<&str>,
    facet_counts: &BTreeMap<String, Vec<FacetCount>>,
    groups: &LazyGroups,
) -> Result<Histogram> {
    let (ni, searcher) = (groups.ni, groups.searcher);
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
                // A grouped name's series counts every value of its group.
                (Occur::Must, value_query(ni, &*groups.get()?, root, &value)),
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

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::schema::{Schema, STRING, TEXT};
    use tantivy::{doc, Index, IndexWriter};

    /// A phrase restricted to the filters' documents (`within`) finds the same
    /// documents with the same scores, bit for bit, as the query it rewrites: phrases
    /// alone, beside words, boosted, negated, and over several segments.
    #[test]
    fn phrases_within_the_filters_score_as_before() {
        let mut sb = Schema::builder();
        let title = sb.add_text_field("title", TEXT);
        let body = sb.add_text_field("body", TEXT);
        let tag = sb.add_text_field("tag", STRING);
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let texts = [
            "the central bank raised rates",
            "a bank in the central square",
            "central bank central bank",
            "peace talks at the central bank",
            "talks about peace",
            "the bank",
        ];
        for round in 0..3 {
            for (i, t) in texts.iter().enumerate() {
                let t2 = texts[(i + round) % texts.len()];
                let tags = ["a", "b", "c"][(i + round) % 3];
                w.add_document(doc!(title => t2, body => *t, tag => tags))
                    .unwrap();
            }
            w.commit().unwrap();
        }
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(searcher.segment_readers().len(), 3);
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        parser.set_conjunction_by_default();
        let tag_q = |v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(tag, v),
                IndexRecordOption::Basic,
            ))
        };
        let filters: Vec<Vec<Box<dyn Query>>> = vec![
            vec![tag_q("a")],
            vec![Box::new(BooleanQuery::union(vec![tag_q("a"), tag_q("b")]))],
            vec![
                tag_q("b"),
                Box::new(BooleanQuery::union(vec![tag_q("b"), tag_q("c")])),
            ],
        ];
        let mut compared = 0;
        for text in [
            "\"central bank\"",
            "\"central bank\" OR peace",
            "\"peace talks\" OR \"central bank\"",
            "bank -\"central bank\"",
            "\"central bank\" rates",
            "title:\"central bank\"^3 OR talks",
        ] {
            let q = parser.parse_query(text).unwrap();
            assert!(needs_positions(q.as_ref()), "{text}");
            for f in &filters {
                let all: Box<dyn Query> = match f.as_slice() {
                    [one] => one.box_clone(),
                    _ => Box::new(BooleanQuery::intersection(
                        f.iter().map(|c| c.box_clone()).collect(),
                    )),
                };
                let plain = BooleanQuery::intersection(
                    std::iter::once(q.box_clone())
                        .chain(f.iter().map(|c| c.box_clone()))
                        .collect(),
                );
                let rewritten = BooleanQuery::intersection(
                    std::iter::once(within(q.as_ref(), all.as_ref()))
                        .chain(f.iter().map(|c| c.box_clone()))
                        .collect(),
                );
                let top = (TopDocs::with_limit(100).order_by_score(), Count);
                let (want, n) = searcher.search(&plain, &top).unwrap();
                let (got, m) = searcher.search(&rewritten, &top).unwrap();
                assert_eq!(n, m, "{text}");
                let bits = |v: Vec<(f32, DocAddress)>| -> Vec<(u32, DocAddress)> {
                    v.into_iter().map(|(s, a)| (s.to_bits(), a)).collect()
                };
                assert_eq!(bits(got), bits(want), "{text}");
                compared += n;
            }
        }
        assert!(compared > 20, "only {compared} matches compared");
    }
}
