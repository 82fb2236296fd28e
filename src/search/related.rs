//! Who appears with whom: the entities that co-occur with one entity across the archive
//! (or within a query and filters), ranked by an association score so that names that
//! are everywhere do not dominate.

use crate::error::Error;
use crate::index::NewsIndex;
use crate::search::facets::{CountedFacets, FacetCounts};
use crate::search::{facet_values, match_facet, suggest};
use anyhow::Result;
use serde::Serialize;
use std::collections::BTreeMap;
use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

/// Roots searched for the entity, in order of preference, and the groups reported.
const ROOTS: [&str; 4] = ["person", "org", "country", "place"];

/// One co-occurring entity.
#[derive(Clone, Debug, Serialize)]
pub struct RelatedEntity {
    /// The facet value (`"Angela Merkel"`, `"Hanover, Germany"`).
    pub value: String,
    /// Articles (in scope) mentioning both.
    pub count: u64,
    /// Articles (in scope) mentioning this one.
    pub total: u64,
    /// How much more often the two appear together than if they were independent.
    pub lift: f64,
    /// count × ln(lift): frequent and specific partners first.
    pub score: f64,
}

/// The answer to `related`.
#[derive(Clone, Debug, Serialize)]
pub struct Related {
    /// The entity as the user typed it (`"merkel"`).
    pub entity: String,
    /// The facet root it was found under: `"person"`, `"org"`, `"country"` or
    /// `"place"` (`type` in JSON).
    #[serde(rename = "type")]
    pub root: String,
    /// The facet values it stands for (`["Angela Merkel"]`); never empty. They are
    /// left out of their own group.
    pub matched: Vec<String>,
    /// Articles in scope that mention the entity.
    pub articles: u64,
    /// Articles in scope.
    pub scope: u64,
    /// For each of `person`, `org`, `country`, `place`: at most `top` partners that
    /// appear with the entity more often than chance (lift above 1), best first.
    pub groups: BTreeMap<String, Vec<RelatedEntity>>,
}

/// Ranking: score, then count (both descending), then value.
fn ranks_before(a: &RelatedEntity, b: &RelatedEntity) -> bool {
    b.score
        .total_cmp(&a.score)
        .then_with(|| b.count.cmp(&a.count))
        .then_with(|| a.value.cmp(&b.value))
        .is_lt()
}

fn term_query(ni: &NewsIndex, root: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(ni.fields.entity, &Facet::from_path([root, value])),
        IndexRecordOption::Basic,
    ))
}

/// Finds the entities related to `entity` among the articles matching a text query
/// and filters (`newsdex related`, `/api/related`).
pub fn related_in(
    ni: &NewsIndex,
    entity: &str,
    query: Option<&str>,
    filters: &crate::search::Filters,
    top: usize,
) -> Result<Related> {
    let searcher = ni.searcher()?;
    let mut resolved = Vec::new();
    let (text, scope) =
        crate::search::scope_query(ni, &searcher, query, filters, false, &mut resolved)?;
    // Without a query or a filter the scope is everything, which `related` counts from
    // the dictionaries instead of visiting every article.
    let scope =
        (text.is_some() || scope.clauses().len() > 1).then(|| Box::new(scope) as Box<dyn Query>);
    related(ni, entity, scope, top)
}

/// Finds the entities related to `entity` among the documents matching `scope`
/// (everything when `None`).
pub fn related(
    ni: &NewsIndex,
    entity: &str,
    scope: Option<Box<dyn Query>>,
    top: usize,
) -> Result<Related> {
    let searcher = ni.searcher()?;
    // Which facet values does the user mean? A country name or code first, then the
    // first root with an exact match, then the first with a whole-word match.
    let mut found: Option<(&str, Vec<String>)> = None;
    if let Some(c) = crate::extract::gazetteer::lookup_country(entity) {
        let term = Term::from_facet(ni.fields.entity, &Facet::from_path(["country", &c.name]));
        if searcher.doc_freq(&term)? > 0 {
            found = Some(("country", vec![c.name]));
        }
    }
    if found.is_none() {
        let mut partial = None;
        for r in ROOTS {
            match match_facet(ni, &searcher, r, entity)? {
                (m, true) => {
                    found = Some((r, m));
                    break;
                }
                (m, false) if !m.is_empty() && partial.is_none() => partial = Some((r, m)),
                _ => {}
            }
        }
        found = found.or(partial);
    }
    let Some((root, matched)) = found else {
        let mut all_values = Vec::new();
        for r in ROOTS {
            all_values.extend(facet_values(ni, &searcher, r)?);
        }
        return Err(Error::UnknownValue {
            what: "person, organization, country or place".to_string(),
            input: entity.to_string(),
            suggestions: suggest(&all_values, entity),
        }
        .into());
    };
    let everything = scope.is_none();
    let scope_q: Box<dyn Query> = scope.unwrap_or_else(|| Box::new(AllQuery));
    let entity_q = BooleanQuery::new(
        matched
            .iter()
            .map(|v| (Occur::Should, term_query(ni, root, v)))
            .collect(),
    );
    let both = BooleanQuery::new(vec![
        (Occur::Must, scope_q.box_clone()),
        (Occur::Must, Box::new(entity_q)),
    ]);
    // Co-occurrence counts (exact) of every partner, then, most frequent first, each
    // partner's own frequency in scope, until no partner left can rank: one with a
    // count `c` has a total of at least `c`, so its lift is at most scope / articles
    // and its score at most c × ln(scope / articles).
    let (articles, co) = searcher.search(&both, &(Count, FacetCounts))?;
    // Totals: over everything, the term's document frequency less its deleted documents
    // (which stay in a segment until it is merged); otherwise the facet counts of the
    // scope.
    let (scope_n, in_scope, deleted) = if everything {
        let deleted = CountedFacets::deleted(&searcher);
        (searcher.num_docs() as usize, None, Some(deleted))
    } else {
        let (n, c) = searcher.search(scope_q.as_ref(), &(Count, FacetCounts))?;
        (n, Some(c), None)
    };
    // No partner with a count `c` scores more than c × ln(scope / articles).
    let max_ln_lift = (scope_n as f64 / articles.max(1) as f64).ln().max(0.0);
    let mut groups = BTreeMap::new();
    for r in ROOTS {
        let mut items: Vec<RelatedEntity> = Vec::new();
        for c in co.all(r)? {
            if top == 0 {
                break;
            }
            if let Some(last) = items.get(top - 1) {
                // (With a margin for rounding: a score equal to the bound could still
                // tie and win on the name.)
                if (c.count as f64) * max_ln_lift * (1.0 + 1e-9) < last.score {
                    break;
                }
            }
            if r == root && matched.contains(&c.value) {
                continue;
            }
            let total = match &in_scope {
                Some(counts) => counts.count(r, &c.value)?,
                None => searcher
                    .doc_freq(&Term::from_facet(
                        ni.fields.entity,
                        &Facet::from_path([r, c.value.as_str()]),
                    ))?
                    .saturating_sub(match &deleted {
                        Some(d) => d.count(r, &c.value)?,
                        None => 0,
                    }),
            }
            .max(c.count);
            let lift =
                (c.count as f64 * scope_n as f64) / (articles.max(1) as f64 * total.max(1) as f64);
            if lift > 1.0 {
                let item = RelatedEntity {
                    score: c.count as f64 * lift.ln(),
                    value: c.value,
                    count: c.count,
                    total,
                    lift,
                };
                let at = items.partition_point(|i| ranks_before(i, &item));
                if at < top {
                    items.insert(at, item);
                    items.truncate(top);
                }
            }
        }
        groups.insert(r.to_string(), items);
    }
    Ok(Related {
        entity: entity.to_string(),
        root: root.to_string(),
        matched,
        articles: articles as u64,
        scope: scope_n as u64,
        groups,
    })
}
