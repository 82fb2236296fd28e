//! Export: every indexed article as one JSON object per line, in the shape that Quickwit
//! and Elasticsearch/OpenSearch ingest directly — the way out when one machine is not
//! enough. The matching index configuration and mapping live in `schema/`.

use crate::index::NewsIndex;
use crate::search::hit_from_doc;
use anyhow::Result;
use serde::{Deserialize, Serialize};
use std::io::Write;
use tantivy::schema::Value;
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
            let hit = hit_from_doc(ni, &doc);
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            };
            let date = doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .and_then(|d| {
                    chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0)
                        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                });
            let quotes: Vec<ExportQuote> = text(f.quotes)
                .and_then(|q| serde_json::from_str(&q).ok())
                .unwrap_or_default();
            let rec = ExportRecord {
                id: hit.id,
                path: hit.path,
                title: hit.title,
                body: text(f.body).unwrap_or_default(),
                date,
                source: hit.source,
                author: text(f.author),
                url: text(f.url),
                people: hit.entities.people,
                speakers: hit.entities.speakers,
                countries: hit.entities.countries,
                country_codes: doc
                    .get_all(f.country_code)
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect(),
                places: hit.entities.places,
                orgs: hit.entities.orgs,
                quotes,
            };
            crate::output::write_json(&mut *out, &rec)?;
            n += 1;
        }
    }
    Ok(n)
}
