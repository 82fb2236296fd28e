//! Export: every indexed article as one JSON object per line, in the shape that Quickwit
//! and Elasticsearch/OpenSearch ingest directly — the way out when one machine is not
//! enough. The matching index configuration and mapping live in `schema/`.

use crate::index::document::StoredArticle;
use crate::index::NewsIndex;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::io::Write;
use tantivy::{DocAddress, TantivyDocument};

/// A quotation in the export.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ExportQuote {
    /// The quoted words, without the quotation marks, as they stand in the article.
    pub text: String,
    /// Canonical name of who said it (`"Barack Obama"`); `None` when unattributed.
    pub speaker: Option<String>,
}

/// One exported article. Field names and types are declared in
/// `schema/quickwit-index.json` and `schema/elasticsearch-mapping.json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ExportRecord {
    /// Stable article id: 16 hex digits of xxh3 of the canonical path (and the line, for
    /// a JSONL article).
    pub id: String,
    /// Canonical path of the source file, as the index stores it.
    pub path: String,
    /// The headline.
    pub title: String,
    /// The article text, paragraphs separated by blank lines.
    pub body: String,
    /// Publication date, RFC 3339 in UTC to the second (`"2016-03-01T12:00:00Z"`);
    /// `None` when the article has none.
    pub date: Option<String>,
    /// Publisher or source (`"Reuters"`); `None` when unknown or empty.
    pub source: Option<String>,
    /// The byline; `None` when unknown.
    pub author: Option<String>,
    /// The article's original URL; `None` when unknown.
    pub url: Option<String>,
    /// `person` facet values: canonical names of the people mentioned or quoted
    /// (`"Barack Obama"`).
    pub people: Vec<String>,
    /// `speaker` facet values: canonical names of the people quoted.
    pub speakers: Vec<String>,
    /// `country` facet values: country names (`"Germany"`).
    pub countries: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of [`ExportRecord::countries`] (`"DE"`).
    pub country_codes: Vec<String>,
    /// `place` facet values: resolved place labels (`"Hanover, Germany"`).
    pub places: Vec<String>,
    /// `org` facet values: canonical organization names (`"World Health Organization"`).
    pub orgs: Vec<String>,
    /// The article's quotations, in the order they appear.
    pub quotes: Vec<ExportQuote>,
}

/// Writes every live document of the index to `out`, one JSON object per line, and
/// returns how many it wrote.
pub fn export(ni: &NewsIndex, out: &mut impl Write) -> Result<u64> {
    let searcher = ni.searcher()?;
    let f = ni.fields;
    let mut n = 0;
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        let alive = seg.alive_bitset();
        for doc_id in 0..seg.max_doc() {
            if alive.is_some_and(|a| a.is_deleted(doc_id)) {
                continue;
            }
            let doc: TantivyDocument = searcher.doc(DocAddress::new(ord as u32, doc_id))?;
            let a = StoredArticle::from_doc(&f, &doc);
            let text = a.text();
            let quotes = a
                .quotes
                .iter()
                .map(|q| ExportQuote {
                    text: q.text(&text).unwrap_or_default().to_string(),
                    speaker: q.speaker.clone(),
                })
                .collect();
            let date = a.date.and_then(|secs| {
                chrono::DateTime::from_timestamp(secs, 0)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            });
            let rec = ExportRecord {
                id: a.id,
                path: a.path,
                title: a.title,
                body: a.body,
                date,
                source: a.source.filter(|s| !s.is_empty()),
                author: a.author,
                url: a.url,
                people: a.people,
                speakers: a.speakers,
                countries: a.countries,
                country_codes: a.country_codes,
                places: a.places,
                orgs: a.orgs,
                quotes,
            };
            crate::output::write_json(&mut *out, &rec)?;
            n += 1;
        }
    }
    Ok(n)
}
