//! Hits: stored documents, decoded by [`crate::index::document`], made into [`Hit`]s,
//! with their quotations.

use super::*;
use crate::index::document::{StoredArticle, StoredQuote, StoredQuoteRef};
use crate::schema::Fields;

/// A stored date as `YYYY-MM-DD`.
fn day(secs: i64) -> String {
    Utc.timestamp_opt(secs, 0)
        .single()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// An article's stored fields as a [`Hit`] (without rank, score and snippet).
pub(crate) fn article_hit(a: &StoredArticle) -> Hit {
    Hit {
        rank: 0,
        id: a.id.clone(),
        path: a.path.clone(),
        score: None,
        date: a.date.map(day),
        title: a.title.clone(),
        source: a.source.clone().filter(|s| !s.is_empty()),
        snippet: String::new(),
        highlights: Vec::new(),
        entities: HitEntities {
            people: a.people.clone(),
            speakers: a.speakers.clone(),
            countries: a.countries.clone(),
            places: a.places.clone(),
            orgs: a.orgs.clone(),
        },
        quote: None,
        quotes: Vec::new(),
    }
}

/// A quotation of an article as results show it; `text` is the article's
/// [`StoredArticle::text`].
fn quote_info(article_id: &str, q: &StoredQuote, text: &str) -> QuoteInfo {
    QuoteInfo {
        text: q.text(text).unwrap_or_default().trim().to_string(),
        speaker: q.speaker.clone(),
        context: q.context(text),
        article_id: article_id.to_string(),
    }
}

/// A hit's stored document, decoded.
pub(crate) struct Loaded {
    pub(crate) hit: Hit,
    /// The text the snippet is cut from: the article's body, or the quotation.
    pub(crate) snippet_text: String,
}

/// Reads hits' stored documents: an article's own; for a quotation, its article's,
/// found by id in the article index beside the quotation index.
pub(crate) struct HitLoader {
    articles: Option<(tantivy::Searcher, Fields)>,
}

impl HitLoader {
    pub(crate) fn new(ni: &NewsIndex) -> Result<HitLoader> {
        let articles = match ni.article_searcher()? {
            Some(s) => {
                let f = Fields::new(s.schema())?;
                Some((s, f))
            }
            None => None,
        };
        Ok(HitLoader { articles })
    }

    /// The article stored under `id`, if the article index holds it: read straight from
    /// the id's postings (a query would score and collect for one document).
    fn article(searcher: &tantivy::Searcher, f: &Fields, id: &str) -> Option<StoredArticle> {
        use tantivy::{DocSet, TERMINATED};
        let term = Term::from_field_text(f.id, id);
        for (ord, seg) in searcher.segment_readers().iter().enumerate() {
            let inverted = seg.inverted_index(f.id).ok()?;
            let Some(mut postings) = inverted
                .read_postings(&term, IndexRecordOption::Basic)
                .ok()?
            else {
                continue;
            };
            let alive = seg.alive_bitset();
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    let stored: TantivyDocument =
                        searcher.doc(DocAddress::new(ord as u32, doc)).ok()?;
                    return Some(StoredArticle::from_doc(f, &stored));
                }
                doc = postings.advance();
            }
        }
        None
    }

    pub(crate) fn load(&self, ni: &NewsIndex, doc: &TantivyDocument) -> Loaded {
        let Some((searcher, af)) = &self.articles else {
            let a = StoredArticle::shown_in_hits(&ni.fields, doc);
            let hit = article_hit(&a);
            return Loaded {
                hit,
                snippet_text: a.body,
            };
        };
        let Some(r) = StoredQuoteRef::from_doc(&ni.fields, doc) else {
            return Loaded {
                hit: article_hit(&StoredArticle::default()),
                snippet_text: String::new(),
            };
        };
        // A quotation whose article is missing (the two indexes apart) shows its ids only.
        let a = Self::article(searcher, af, &r.article_id).unwrap_or_default();
        let text = a.text();
        let info = quote_info(&r.article_id, &r.quote, &text);
        let mut hit = article_hit(&a);
        hit.id = r.id(&a);
        hit.entities.speakers = r.quote.speaker.into_iter().collect();
        let snippet_text = info.text.clone();
        hit.quote = Some(info);
        Loaded { hit, snippet_text }
    }
}

/// The stored fields of a document (of either index) as a [`Hit`], without rank, score
/// and snippet.
pub fn hit_from_doc(ni: &NewsIndex, doc: &TantivyDocument) -> Hit {
    match HitLoader::new(ni) {
        Ok(loader) => loader.load(ni, doc).hit,
        Err(_) => article_hit(&StoredArticle::default()),
    }
}

/// The quotations of article `id` matching `query`, best first; `text` is the
/// article's [`StoredArticle::text`].
pub(crate) fn matching_quotes(
    quotes: &NewsIndex,
    query: &dyn Query,
    id: &str,
    text: &str,
    top: usize,
) -> Result<Vec<QuoteInfo>> {
    let searcher = quotes.searcher()?;
    // A quotation's `id` field is its article's id.
    let ids = TermQuery::new(
        Term::from_field_text(quotes.fields.id, id),
        IndexRecordOption::Basic,
    );
    let q = BooleanQuery::new(vec![
        (Occur::Must, query.box_clone()),
        (Occur::Must, Box::new(ids)),
    ]);
    let top_docs = searcher.search(&q, &TopDocs::with_limit(top).order_by_score())?;
    let mut out = Vec::new();
    for (_, addr) in top_docs {
        let doc: TantivyDocument = searcher.doc(addr)?;
        if let Some(r) = StoredQuoteRef::from_doc(&quotes.fields, &doc) {
            out.push(quote_info(&r.article_id, &r.quote, text));
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
