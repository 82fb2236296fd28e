//! Stored documents: the one place an article and its quotations become tantivy
//! documents.

use super::*;

/// The paragraph around a quotation, whitespace collapsed and cut to about 300
/// characters: the line of context shown with the quote.
pub(crate) fn quote_context(text: &str, start: usize, end: usize) -> String {
    let para_start = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
    let para_end = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
    let para: String = text[para_start..para_end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if para.chars().count() <= 300 {
        return para;
    }
    let mut cut: String = para.chars().take(300).collect();
    cut.push('…');
    cut
}

/// One tantivy document per quotation of the article, for the quotation index.
pub fn to_quote_documents(f: &Fields, a: &Article, e: &Entities) -> Vec<TantivyDocument> {
    let text = if e.quotes.is_empty() {
        String::new()
    } else {
        a.text()
    };
    e.quotes
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let speaker_only = Entities {
                speakers: q.speaker.iter().cloned().collect(),
                quotes: Vec::new(),
                mentions: Vec::new(),
                ..e.clone()
            };
            let quote_article = Article {
                id: format!("{}-q{:04}", a.id, n + 1),
                title: a.title.clone(),
                body: q.text.trim().to_string(),
                author: None,
                url: None,
                ..a.clone()
            };
            let mut d = to_document(f, &quote_article, &speaker_only);
            let info = serde_json::json!({
                "article_id": a.id,
                "speaker": q.speaker,
                "context": quote_context(&text, q.start.min(text.len()), q.end.min(text.len())),
            });
            d.add_text(f.quotes, info.to_string());
            d
        })
        .collect()
}

/// Builds the tantivy document of an article and its entities.
pub fn to_document(f: &Fields, a: &Article, e: &Entities) -> TantivyDocument {
    let mut d = doc!(
        f.id => a.id.as_str(),
        f.path => walk::path_key(&a.path),
        f.title => a.title.as_str(),
        f.body => a.body.as_str(),
    );
    if let Some(date) = a.date {
        d.add_date(
            f.date,
            tantivy::DateTime::from_timestamp_secs(date.timestamp()),
        );
    }
    for (field, value) in [
        (f.source, &a.source),
        (f.author, &a.author),
        (f.url, &a.url),
    ] {
        if let Some(v) = value {
            d.add_text(field, v);
        }
    }
    let facet = |root: &str, v: &str| Facet::from_path([root, v]);
    for p in &e.people {
        d.add_facet(f.entity, facet("person", p));
    }
    for s in &e.speakers {
        d.add_facet(f.entity, facet("speaker", s));
    }
    for o in &e.orgs {
        d.add_facet(f.entity, facet("org", o));
    }
    for p in &e.places {
        d.add_facet(f.entity, facet("place", p));
    }
    for c in &e.countries {
        d.add_facet(f.entity, facet("country", &c.name));
        d.add_text(f.country_code, &c.code);
    }
    if !e.quotes.is_empty() {
        if let Ok(json) = serde_json::to_string(&e.quotes) {
            d.add_text(f.quotes, json);
        }
    }
    d
}
