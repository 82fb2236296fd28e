//! Stored documents: the one place an article and its quotations become tantivy
//! documents, and the one place stored documents are read back, as typed values.
//!
//! A quotation is stored once, as its place in the article's text (title, blank line,
//! body) and its speaker: in the article index as the list of the article's quotations,
//! in the quotation index as a list of one. Its text and context are read from the
//! article's stored title and body.

use super::*;
use tantivy::schema::Value;

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

/// A quotation as both indexes store it: where it is in its article's text (byte
/// offsets into title, blank line, body) and who said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredQuote {
    /// Byte offset in [`StoredArticle::text`] where the quoted words start (the
    /// quotation marks are not part of the range).
    pub start: usize,
    /// Byte offset in the same text just past the quoted words (exclusive end).
    pub end: usize,
    /// Canonical name of who said it (`"Barack Obama"`); `None` when unattributed.
    pub speaker: Option<String>,
}

impl StoredQuote {
    /// The quotation's words as extracted, if the offsets fit `text` (the article's
    /// [`StoredArticle::text`]).
    pub fn text<'t>(&self, text: &'t str) -> Option<&'t str> {
        text.get(self.start..self.end)
    }

    /// The paragraph around the quotation in `text`, whitespace collapsed and cut to
    /// about 300 characters (`quote_context`); empty if the offsets do not fit `text`.
    pub fn context(&self, text: &str) -> String {
        if text.get(self.start..self.end).is_none() {
            return String::new();
        }
        quote_context(text, self.start, self.end)
    }
}

/// The stored form of a list of quotations: `[[start, end, speaker or null], ...]`.
fn encode_quotes<'a>(quotes: impl Iterator<Item = (usize, usize, Option<&'a str>)>) -> String {
    let list: Vec<(usize, usize, Option<&str>)> = quotes.collect();
    serde_json::to_string(&list).unwrap_or_default()
}

/// Reads [`encode_quotes`]'s form; anything else gives no quotations.
fn decode_quotes(json: &str) -> Vec<StoredQuote> {
    serde_json::from_str::<Vec<(usize, usize, Option<String>)>>(json)
        .map(|list| {
            list.into_iter()
                .map(|(start, end, speaker)| StoredQuote {
                    start,
                    end,
                    speaker,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// An article as the article index stores it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StoredArticle {
    /// Stable article id: 16 hex digits of xxh3 over the canonical path (and JSONL line).
    pub id: String,
    /// The source file's path key ([`walk::path_key`]): the path itself when it is UTF-8.
    pub path: String,
    /// The headline.
    pub title: String,
    /// The article text without the title.
    pub body: String,
    /// Publication time in seconds since the Unix epoch, UTC; `None` when unknown.
    pub date: Option<i64>,
    /// The publication (`"Reuters"`); `None` when the file named none.
    pub source: Option<String>,
    /// The byline as written; `None` when the file had none.
    pub author: Option<String>,
    /// The article's web address as the file gave it; `None` when it had none.
    pub url: Option<String>,
    /// `/person` facet values: canonical names of the people mentioned or quoted
    /// (`"Barack Obama"`).
    pub people: Vec<String>,
    /// `/speaker` facet values: canonical names of the people quoted.
    pub speakers: Vec<String>,
    /// `/country` facet values: country names (`"Germany"`).
    pub countries: Vec<String>,
    /// `/place` facet values: resolved place labels (`"Hanover, Germany"`).
    pub places: Vec<String>,
    /// `/org` facet values: canonical organization names (`"World Health Organization"`).
    pub orgs: Vec<String>,
    /// ISO 3166-1 alpha-2 codes of the countries (`"DE"`).
    pub country_codes: Vec<String>,
    /// The article's quotations in the order they appear; empty when it has none (or
    /// the stored list could not be read).
    pub quotes: Vec<StoredQuote>,
}

fn first_text(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

impl StoredArticle {
    /// Decodes a stored document of the article index.
    pub fn from_doc(f: &Fields, doc: &TantivyDocument) -> StoredArticle {
        let mut a = StoredArticle::shown_in_hits(f, doc);
        a.author = first_text(doc, f.author);
        a.url = first_text(doc, f.url);
        a.country_codes = doc
            .get_all(f.country_code)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        a.quotes = doc
            .get_first(f.quotes)
            .and_then(|v| v.as_str())
            .map(decode_quotes)
            .unwrap_or_default();
        a
    }

    /// What a search hit shows of a stored article: [`StoredArticle::from_doc`]
    /// without the author, address, country codes and quotations, which stay empty
    /// (decoding the list of quotations was about a twentieth of a search process's
    /// instructions, for nothing a hit shows; issue 11).
    pub fn shown_in_hits(f: &Fields, doc: &TantivyDocument) -> StoredArticle {
        let mut a = StoredArticle {
            id: first_text(doc, f.id).unwrap_or_default(),
            path: first_text(doc, f.path).unwrap_or_default(),
            title: first_text(doc, f.title).unwrap_or_default(),
            body: first_text(doc, f.body).unwrap_or_default(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(|d| d.into_timestamp_secs()),
            source: first_text(doc, f.source),
            ..StoredArticle::default()
        };
        for v in doc.get_all(f.entity) {
            let Some(encoded) = v.as_facet() else {
                continue;
            };
            let Ok(facet) = Facet::from_encoded(encoded.as_bytes().to_vec()) else {
                continue;
            };
            if let [root, value] = facet.to_path().as_slice() {
                let list = match *root {
                    "person" => &mut a.people,
                    "speaker" => &mut a.speakers,
                    "country" => &mut a.countries,
                    "place" => &mut a.places,
                    "org" => &mut a.orgs,
                    _ => continue,
                };
                list.push(value.to_string());
            }
        }
        a
    }

    /// The text quotation offsets point into: the title, a blank line, the body (as
    /// [`Article::text`] builds it).
    pub fn text(&self) -> String {
        let mut s = String::with_capacity(self.title.len() + self.body.len() + 2);
        s.push_str(&self.title);
        s.push_str("\n\n");
        s.push_str(&self.body);
        s
    }
}

/// A document of the quotation index: which quotation of which article. Its `id`
/// field holds the article's id (shared by all its quotations, so the term dictionary
/// has one entry per article, not per quotation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredQuoteRef {
    /// The id of the quotation's article, to fetch it from the article index.
    pub article_id: String,
    /// The quotation: its place in the article's text and its speaker.
    pub quote: StoredQuote,
}

impl StoredQuoteRef {
    /// Decodes a stored document of the quotation index; `None` if it is not one.
    pub fn from_doc(f: &Fields, doc: &TantivyDocument) -> Option<StoredQuoteRef> {
        let article_id = first_text(doc, f.id)?;
        let quote = decode_quotes(doc.get_first(f.quotes)?.as_str()?)
            .into_iter()
            .next()?;
        Some(StoredQuoteRef { article_id, quote })
    }

    /// The quotation's id as results show it, `<article id>-qNNNN`, numbered by its
    /// place among the article's quotations (`article`'s stored list).
    pub fn id(&self, article: &StoredArticle) -> String {
        let n = article
            .quotes
            .iter()
            .position(|q| q.start == self.quote.start && q.end == self.quote.end)
            .map_or(0, |n| n + 1);
        format!("{}-q{n:04}", self.article_id)
    }
}

/// Adds what an article and each of its quotations are found by: date, source and
/// the facets (with `speakers` for the speaker root).
fn add_shared<'a>(
    d: &mut TantivyDocument,
    f: &Fields,
    a: &Article,
    e: &Entities,
    speakers: impl Iterator<Item = &'a String>,
) {
    if let Some(date) = a.date {
        d.add_date(
            f.date,
            tantivy::DateTime::from_timestamp_secs(date.timestamp()),
        );
    }
    if let Some(v) = &a.source {
        d.add_text(f.source, v);
    }
    let facet = |root: &str, v: &str| Facet::from_path([root, v]);
    for p in &e.people {
        d.add_facet(f.entity, facet("person", p));
    }
    for s in speakers {
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
}

/// One tantivy document per quotation of the article, for the quotation index: the
/// quote is its body, the article's title its title, and it has the article's facets
/// but only its own speaker. Only its id and its place in the article are stored.
pub fn to_quote_documents(f: &Fields, a: &Article, e: &Entities) -> Vec<TantivyDocument> {
    if e.quotes.is_empty() {
        return Vec::new();
    }
    let path = walk::path_key(&a.path);
    e.quotes
        .iter()
        .map(|q| {
            let mut d = doc!(
                f.id => a.id.as_str(),
                f.path => path.as_str(),
                f.title => a.title.as_str(),
                f.body => q.text.trim(),
            );
            add_shared(&mut d, f, a, e, q.speaker.iter());
            d.add_text(
                f.quotes,
                encode_quotes(std::iter::once((q.start, q.end, q.speaker.as_deref()))),
            );
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
    add_shared(&mut d, f, a, e, e.speakers.iter());
    for (field, value) in [(f.author, &a.author), (f.url, &a.url)] {
        if let Some(v) = value {
            d.add_text(field, v);
        }
    }
    if !e.quotes.is_empty() {
        d.add_text(
            f.quotes,
            encode_quotes(
                e.quotes
                    .iter()
                    .map(|q| (q.start, q.end, q.speaker.as_deref())),
            ),
        );
    }
    d
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_context_of_a_quote_is_its_paragraph_collapsed_and_cut() {
        let text = "Title\n\nFirst paragraph.\n\n\"We will  stay,\"\n she said.\n\nLast.";
        let start = text.find("We will").unwrap();
        let end = start + "We will  stay,".len();
        assert_eq!(
            quote_context(text, start, end),
            "\"We will stay,\" she said."
        );
        let long = format!("Title\n\n{}", "word ".repeat(200));
        let ctx = quote_context(&long, 7, 11);
        assert_eq!(ctx.chars().count(), 301);
        assert!(ctx.ends_with('…'));
    }
    use super::*;
    use crate::extract::{Country, Quote};

    fn article() -> (Article, Entities) {
        let a = Article {
            id: "00000000000000ab".into(),
            path: PathBuf::from("/news/a.txt"),
            title: "Talks resume".into(),
            body: "The minister spoke.\n\n\u{201c}We will  win,\u{201d} said Ann Lee.\n\nMore."
                .into(),
            source: Some("Daily".into()),
            author: Some("Bo".into()),
            ..Article::default()
        };
        let text = a.text();
        let start = text.find("We").expect("quote");
        let end = text.find(",\u{201d}").expect("end");
        let e = Entities {
            people: vec!["Ann Lee".into()],
            speakers: vec!["Ann Lee".into()],
            countries: vec![Country {
                name: "France".into(),
                code: "FR".into(),
            }],
            quotes: vec![Quote {
                start,
                end,
                text: text[start..end].to_string(),
                speaker: Some("Ann Lee".into()),
                partial: false,
            }],
            ..Entities::default()
        };
        (a, e)
    }

    /// What a hit shows is decoded as `from_doc` decodes it; the rest stays empty.
    #[test]
    fn a_hit_decodes_what_it_shows() {
        let f = Fields::new(&schema::build_schema()).expect("fields");
        let (a, e) = article();
        let doc = to_document(&f, &a, &e);
        let full = StoredArticle::from_doc(&f, &doc);
        assert!(!full.quotes.is_empty() && full.author.is_some());
        let shown = StoredArticle::shown_in_hits(&f, &doc);
        assert_eq!(
            shown,
            StoredArticle {
                author: None,
                url: None,
                country_codes: Vec::new(),
                quotes: Vec::new(),
                ..full
            }
        );
    }

    /// An article and its quotation come back as they went in; the quotation's text
    /// and context are read from the article's stored text.
    #[test]
    fn article_and_quotation_round_trip() {
        let f = Fields::new(&schema::build_schema()).expect("fields");
        let (a, e) = article();
        let stored = StoredArticle::from_doc(&f, &to_document(&f, &a, &e));
        assert_eq!(stored.id, a.id);
        assert_eq!(stored.title, a.title);
        assert_eq!(stored.body, a.body);
        assert_eq!(stored.author.as_deref(), Some("Bo"));
        assert_eq!(stored.people, ["Ann Lee"]);
        assert_eq!(stored.speakers, ["Ann Lee"]);
        assert_eq!(stored.countries, ["France"]);
        assert_eq!(stored.country_codes, ["FR"]);
        let text = stored.text();
        let [q] = stored.quotes.as_slice() else {
            panic!("one quote: {:?}", stored.quotes)
        };
        assert_eq!(q.text(&text), Some("We will  win"));
        assert_eq!(q.speaker.as_deref(), Some("Ann Lee"));
        assert_eq!(
            q.context(&text),
            "\u{201c}We will win,\u{201d} said Ann Lee."
        );

        let qf = Fields::new(&schema::build_quote_schema()).expect("fields");
        let docs = to_quote_documents(&qf, &a, &e);
        let [qd] = docs.as_slice() else {
            panic!("one quote document")
        };
        let r = StoredQuoteRef::from_doc(&qf, qd).expect("a quote ref");
        assert_eq!(r.id(&stored), "00000000000000ab-q0001");
        assert_eq!(r.article_id, a.id);
        assert_eq!(&r.quote, q);
    }

    /// Offsets that do not fit the text (a damaged or foreign document) give nothing,
    /// never a panic.
    #[test]
    fn offsets_outside_the_text_give_nothing() {
        let q = StoredQuote {
            start: 3,
            end: 40,
            speaker: None,
        };
        assert_eq!(q.text("short"), None);
        assert_eq!(q.context("short"), "");
        let split = StoredQuote {
            start: 0,
            end: 1,
            speaker: None,
        };
        assert_eq!(split.text("é"), None);
        assert!(decode_quotes("{\"text\": \"old shape\"}").is_empty());
    }
}
