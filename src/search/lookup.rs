//! Lookups that are not searches: one article by id or path (`show`) and the summary
//! of the whole index (`stats`).

use super::{FacetCount, Hit};
use crate::error::Error;
use crate::index::document::StoredArticle;
use crate::index::NewsIndex;
use crate::ingest::walk;
use crate::schema::FACET_ROOTS;
use anyhow::Result;
use serde::Serialize;
use std::path::Path;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{AllQuery, RangeQuery, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{Order, TantivyDocument, Term};

/// The articles `show` prints for an id or the path of an indexed file (a file of
/// many articles gives them all).
pub fn show(ni: &NewsIndex, given: &Path) -> Result<Vec<ShowArticle>> {
    let searcher = ni.searcher()?;
    let f = ni.fields;
    // A path that is not UTF-8 is shown by its key (the form `search` prints).
    let target = &given.to_string_lossy();
    let by_id = TermQuery::new(
        Term::from_field_text(f.id, target),
        IndexRecordOption::Basic,
    );
    let mut docs = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
    if docs.is_empty() {
        // As typed (a key printed by `search`), then as a path on this machine: the
        // name as walked, then with links resolved.
        for key in [
            target.to_string(),
            walk::path_key(given),
            walk::path_key(&walk::absolute(given)),
            walk::path_key(&walk::canonical(given)),
        ] {
            let by_path = TermQuery::new(
                Term::from_field_text(f.path, &key),
                IndexRecordOption::Basic,
            );
            docs = searcher.search(&by_path, &TopDocs::with_limit(10_000).order_by_score())?;
            if !docs.is_empty() {
                break;
            }
        }
    }
    if docs.is_empty() {
        return Err(Error::NotFound(target.to_string()).into());
    }
    let mut out = Vec::new();
    for (_, addr) in docs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        let a = StoredArticle::from_doc(&f, &doc);
        let text = a.text();
        let quotes = a
            .quotes
            .iter()
            .map(|q| ShowQuote {
                speaker: q.speaker.clone(),
                text: q.text(&text).unwrap_or_default().to_string(),
            })
            .collect();
        out.push(ShowArticle {
            hit: super::hit::article_hit(&a),
            author: a.author,
            url: a.url,
            body: a.body,
            quotes,
        });
    }
    Ok(out)
}

/// The summary `stats` prints: documents, date range and the top values per facet root.
pub fn stats(ni: &NewsIndex, dir: &Path, top: usize) -> Result<Stats> {
    let searcher = ni.searcher()?;
    let f = ni.fields;
    let documents = searcher.num_docs();
    let dated = RangeQuery::new(
        std::ops::Bound::Included(Term::from_field_date_for_search(
            f.date,
            tantivy::DateTime::from_timestamp_secs(-5_364_662_400),
        )),
        std::ops::Bound::Unbounded,
    );
    let date_at = |order: Order| -> Result<Option<String>> {
        let top = TopDocs::with_limit(1).order_by_fast_field::<tantivy::DateTime>("date", order);
        let r = searcher.search(&dated, &top)?;
        Ok(r.into_iter().next().and_then(|(d, _)| d).and_then(|d| {
            chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0)
                .map(|d| d.format("%Y-%m-%d").to_string())
        }))
    };
    let n_dated = searcher.search(&dated, &Count)? as u64;
    let mut fc = FacetCollector::for_field("entity");
    for root in FACET_ROOTS {
        fc.add_facet(Facet::from_path([root]));
    }
    let counts = searcher.search(&AllQuery, &fc)?;
    let mut facets = std::collections::BTreeMap::new();
    for root in FACET_ROOTS {
        let v = counts
            .top_k(Facet::from_path([root]), top)
            .into_iter()
            .map(|(facet, count)| FacetCount {
                value: facet
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                count,
            })
            .collect();
        facets.insert(root.to_string(), v);
    }
    Ok(Stats {
        index: dir.display().to_string(),
        documents,
        first_date: date_at(Order::Asc)?,
        last_date: date_at(Order::Desc)?,
        undated: documents.saturating_sub(n_dated),
        facets,
    })
}

/// An article in full, for `show`.
#[derive(Debug, Serialize)]
pub struct ShowArticle {
    /// Id, path, date, title, source and entities, as a search hit has them (`rank` 0,
    /// `snippet` empty); their JSON keys sit beside the others.
    #[serde(flatten)]
    pub hit: Hit,
    /// The byline; `None` when the article names no author.
    pub author: Option<String>,
    /// The article's web address, when its file gives one.
    pub url: Option<String>,
    /// The whole body text, as indexed.
    pub body: String,
    /// The quotations found in it, in text order, as stored in the index.
    pub quotes: Vec<ShowQuote>,
}

/// A quotation of an article for `show` (speaker first, the order `show --json` has
/// always printed).
#[derive(Debug, Serialize)]
pub struct ShowQuote {
    /// Who said it, canonical; `None` when the article names no one.
    pub speaker: Option<String>,
    /// The quoted words, without the quotation marks.
    pub text: String,
}

/// Index statistics, for `stats`.
#[derive(Debug, Serialize)]
pub struct Stats {
    /// The index folder, as given (`.newsdex` by default).
    pub index: String,
    /// Articles in the index (quotations not counted).
    pub documents: u64,
    /// Date of the oldest dated article, `YYYY-MM-DD`; `None` when none is dated.
    pub first_date: Option<String>,
    /// Date of the newest dated article, `YYYY-MM-DD`; `None` when none is dated.
    pub last_date: Option<String>,
    /// Articles without a date.
    pub undated: u64,
    /// The most frequent values of each facet root (`person`, `speaker`, `country`,
    /// `place`, `org`), most articles first, at most `stats --top` per root.
    pub facets: std::collections::BTreeMap<String, Vec<FacetCount>>,
}
