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
    pub text: String,
    pub speaker: Option<String>,
}

/// One exported article. Field names and types are declared in
/// `schema/quickwit-index.json` and `schema/elasticsearch-mapping.json`.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ExportRecord {
    pub id: String,
    pub path: String,
    pub title: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub date: Option<String>,
    pub source: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub people: Vec<String>,
    pub speakers: Vec<String>,
    pub countries: Vec<String>,
    pub country_codes: Vec<String>,
    pub places: Vec<String>,
    pub orgs: Vec<String>,
    pub quotes: Vec<ExportQuote>,
}

/// Writes every live document of the index to `out`, one JSON object per line.
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
