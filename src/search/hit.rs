//! Hits: the stored fields of a result decoded into a [`Hit`], with its quotations.

use super::*;

pub(crate) fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
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
pub(crate) fn quote_info(f: crate::schema::Fields, doc: &TantivyDocument) -> Option<QuoteInfo> {
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
pub(crate) fn matching_quotes(
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
