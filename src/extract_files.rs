//! `newsdex extract`: runs the extractor over files without indexing them. Files are
//! read and extracted in parallel and printed in path order, through [`crate::output`];
//! a file that cannot be read is reported and the rest go on.

use crate::error::Error;
use crate::output::{self, ExtractRecord};
use crate::request::ExtractRequest;
use crate::{exit, extract, ingest, messages};
use anyhow::Result;
use rayon::prelude::*;
use std::io::Write;

/// Converts sorted byte offsets of `text` to character offsets in one pass.
fn char_offsets(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut b, mut c) = (0usize, 0usize);
    for i in order {
        let target = bytes[i].min(text.len());
        c += text[b..target].chars().count();
        b = target;
        out[i] = c;
    }
    out
}

/// Runs `extract` and returns its exit status: 1 when a file or line was skipped.
pub fn extract_files(out: &mut impl Write, req: &ExtractRequest) -> Result<u8> {
    for p in &req.paths {
        if !p.exists() {
            return Err(Error::NoSuchPath(p.clone()).into());
        }
    }
    let walked = ingest::walk::walk(&req.paths, &ingest::walk::WalkOptions::default());
    let mut failed = false;
    for (p, reason) in &walked.errors {
        messages::report(p, None, reason);
        failed = true;
    }
    // Extract in parallel, print in path order.
    let results: Vec<_> = walked
        .files
        .par_iter()
        .map(|path| {
            let r = ingest::read_file(path).map(|o| {
                let e: Vec<_> = o.articles.iter().map(extract::extract).collect();
                (o, e)
            });
            (path, r)
        })
        .collect();
    for (path, r) in results {
        let (outcome, entities) = match r {
            Ok(x) => x,
            Err(e) => {
                messages::report(path, None, &e.to_string());
                failed = true;
                continue;
            }
        };
        for l in &outcome.line_errors {
            messages::report(path, Some(l.line.unwrap_or(0)), &l.message);
            failed = true;
        }
        for (art, e) in outcome.articles.iter().zip(&entities) {
            if !req.jsonl {
                output::extract_text(out, path, art, e)?;
                continue;
            }
            let text = art.text();
            let mut offs = Vec::new();
            for m in &e.mentions {
                offs.extend([m.start, m.end]);
            }
            for q in &e.quotes {
                offs.extend([q.start, q.end]);
            }
            let chars = char_offsets(&text, &offs);
            let src = |i: usize| art.source_char_offset(chars[i]);
            let mentions = e
                .mentions
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut v = serde_json::to_value(m).unwrap_or_default();
                    v["start"] = src(2 * i).into();
                    v["end"] = src(2 * i + 1).into();
                    v
                })
                .collect();
            let base = 2 * e.mentions.len();
            let (mut quotes, mut partial_quotes) = (Vec::new(), Vec::new());
            for (i, q) in e.quotes.iter().enumerate() {
                let mut v = serde_json::to_value(q).unwrap_or_default();
                v["start"] = src(base + 2 * i).into();
                v["end"] = src(base + 2 * i + 1).into();
                if q.partial {
                    partial_quotes.push(v);
                } else {
                    quotes.push(v);
                }
            }
            let rec = ExtractRecord {
                doc: path.display().to_string(),
                line: art.line,
                id: &art.id,
                title: &art.title,
                date: art.date.map(|d| d.format("%Y-%m-%d").to_string()),
                mentions,
                quotes,
                partial_quotes,
                facets: serde_json::json!({
                    "people": e.people, "speakers": e.speakers, "orgs": e.orgs,
                    "places": e.places, "countries": e.countries,
                }),
            };
            output::write_json(out, &rec)?;
        }
    }
    Ok(if failed {
        exit::NO_MATCH_OR_SKIPPED
    } else {
        exit::OK
    })
}

#[cfg(test)]
mod tests {
    use super::char_offsets;

    #[test]
    fn byte_offsets_become_character_offsets_in_any_order() {
        let text = "Zürich – Genève";
        let bytes = [text.find('G').unwrap_or(0), 0, text.len(), 3];
        assert_eq!(char_offsets(text, &bytes), vec![9, 0, 15, 2]);
    }
}
