//! The one place where newsdex's tantivy schema lives: field names, options, facet roots
//! and the schema version recorded in every index.
//!
//! `schema/fields.json` is the human- and machine-readable declaration of the same fields;
//! a test keeps the two in step.

use rustc_hash::FxHashMap;
use std::cell::RefCell;
use tantivy::schema::{
    DateOptions, DateTimePrecision, FacetOptions, Field, IndexRecordOption, Schema,
    TextFieldIndexing, TextOptions, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::Index;

/// Bumped whenever a field, an option, the analyzer or a stored form changes: an index
/// written with another version must be rebuilt. (3: facet dictionaries are no longer
/// zstd-compressed, which made every facet count pay for a decompressor. 4: quotations
/// are stored as places in their article's text, not as text; the quotation index
/// stores nothing else.)
pub const SCHEMA_VERSION: u32 = 4;

/// Name under which the text analyzer is registered with tantivy.
pub const TEXT_ANALYZER: &str = "newsdex_text";

/// The facet roots, in the order they are shown.
pub const FACET_ROOTS: [&str; 5] = ["person", "speaker", "country", "place", "org"];

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// `id`: the article id, 16 hex digits, untokenized and stored. In the quotation
    /// index, the id of the quotation's article.
    pub id: Field,
    /// `path`: the source file's path key, untokenized (deleting a file's documents is a
    /// delete of this term).
    pub path: Field,
    /// `title`: the headline, full-text ([`text_options`]).
    pub title: Field,
    /// `body`: the article text, full-text; in the quotation index, the quoted words.
    pub body: Field,
    /// `date`: publication time, UTC to the second, indexed and fast (date filters,
    /// timelines); absent when unknown.
    pub date: Field,
    /// `source`: the publisher (`"Reuters"`), full-text.
    pub source: Field,
    /// `author`: the byline, full-text.
    pub author: Field,
    /// `url`: the original address, stored only (not searchable).
    pub url: Field,
    /// `entity`: every facet of the article, `/person/NAME`, `/speaker/NAME`,
    /// `/country/NAME`, `/place/LABEL`, `/org/NAME` (roots in [`FACET_ROOTS`]).
    pub entity: Field,
    /// `country_code`: ISO 3166-1 alpha-2 codes of the `/country` facets (`"DE"`),
    /// untokenized.
    pub country_code: Field,
    /// `quotes`: stored only, the JSON list of quotations as places in the article's
    /// text, `[[start, end, speaker or null], ...]` (one entry in the quotation index).
    pub quotes: Field,
}

/// The full-text options of title, body, source and author: newsdex's analyzer, with
/// positions (phrase queries).
pub fn text_options() -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT_ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// Builds the schema of the article index; `Fields` are looked up by name from the
/// result.
pub fn build_schema() -> Schema {
    schema_with(true)
}

/// Builds the schema of the quotation index: the same fields, indexed the same way, but
/// only `id` and `quotes` (where the quotation is in its article) are stored. Whatever
/// a quotation hit shows is read from its article.
pub fn build_quote_schema() -> Schema {
    schema_with(false)
}

fn schema_with(articles: bool) -> Schema {
    let mut b = Schema::builder();
    let stored = |o: TextOptions| if articles { o.set_stored() } else { o };
    let text = stored(text_options());
    let string = stored(STRING);
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("path", string.clone());
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text.clone());
    let date = DateOptions::default()
        .set_indexed()
        .set_fast()
        .set_precision(DateTimePrecision::Seconds);
    b.add_date_field("date", if articles { date.set_stored() } else { date });
    b.add_text_field("source", text.clone());
    b.add_text_field("author", text);
    b.add_text_field("url", stored(TextOptions::default()));
    let facets = FacetOptions::default();
    b.add_facet_field(
        "entity",
        if articles {
            facets.set_stored()
        } else {
            facets
        },
    );
    b.add_text_field("country_code", string);
    b.add_text_field("quotes", STORED);
    b.build()
}

impl Fields {
    /// Looks up every field in `schema`; fails if the schema is not newsdex's.
    pub fn new(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: f("id")?,
            path: f("path")?,
            title: f("title")?,
            body: f("body")?,
            date: f("date")?,
            source: f("source")?,
            author: f("author")?,
            url: f("url")?,
            entity: f("entity")?,
            country_code: f("country_code")?,
            quotes: f("quotes")?,
        })
    }
}

/// The analyzer used for title, body, source and author: words are lower-cased,
/// accent-folded and stemmed, so "Kyiv's" finds "Kyiv" and "Hollande" finds "Hollande".
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(MemoStemmer)
        .build()
}

/// Words whose stems one thread remembers; past this the memo starts again (news text
/// repeats a few thousand words, so a memo this size answers most of them).
const STEM_MEMO_WORDS: usize = 1 << 16;

thread_local! {
    /// Word → English stem, for [`MemoStemmer`].
    static STEMS: RefCell<FxHashMap<Box<str>, Box<str>>> = RefCell::default();
}

/// tantivy's English stemmer (the same snowball algorithm, the same stems), with a
/// per-thread memo: stemming was most of the analyzer's time, and an archive stems the
/// same words over and over (title and body, and each quotation again for the quotation
/// index).
#[derive(Clone, Copy, Debug, Default)]
pub struct MemoStemmer;

impl TokenFilter for MemoStemmer {
    type Tokenizer<T: Tokenizer> = MemoStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MemoStemmerFilter<T> {
        MemoStemmerFilter { inner: tokenizer }
    }
}

/// The tokenizer [`MemoStemmer`] makes.
#[derive(Clone)]
pub struct MemoStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for MemoStemmerFilter<T> {
    type TokenStream<'a> = MemoStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MemoStemmerStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`MemoStemmerFilter`].
pub struct MemoStemmerStream<T> {
    tail: T,
}

/// Words a thread stems before it starts the memo: a search stems a few thousand (the
/// query and its snippets), for which filling a memo would cost more than it saves.
const STEM_MEMO_AFTER: u32 = 20_000;

/// The English stem of a lower-cased word.
fn stem_into(word: &mut String) {
    // Snowball's English stemmer leaves a word of one or two characters as it is ("a",
    // "of", "is": about a sixth of news text): no memo lookup for those.
    if word.len() <= 2 {
        return;
    }
    thread_local! {
        static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        static STEMMED: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
    }
    let seen = STEMMED.with(|n| {
        let seen = n.get();
        n.set(seen.saturating_add(1));
        seen
    });
    if seen < STEM_MEMO_AFTER {
        let stem = STEMMER.with(|s| s.stem(word).into_owned());
        *word = stem;
        return;
    }
    STEMS.with(|memo| {
        let mut memo = memo.borrow_mut();
        if let Some(stem) = memo.get(word.as_str()) {
            word.clear();
            word.push_str(stem);
            return;
        }
        let stem: Box<str> = STEMMER.with(|s| s.stem(word).into());
        if memo.len() >= STEM_MEMO_WORDS {
            memo.clear();
        }
        memo.insert(word.as_str().into(), stem.clone());
        word.clear();
        word.push_str(&stem);
    });
}

impl<T: TokenStream> TokenStream for MemoStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        stem_into(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// Registers newsdex's analyzers on an opened or created index.
pub fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The declaration in `schema/fields.json` and the code agree field by field.
    #[test]
    fn schema_matches_declaration() {
        let declared: serde_json::Value =
            serde_json::from_str(include_str!("../schema/fields.json")).expect("valid JSON");
        let schema = build_schema();
        assert_eq!(declared["schema_version"], SCHEMA_VERSION);
        let fields = declared["fields"].as_array().expect("fields array");
        assert_eq!(fields.len(), schema.fields().count());
        for decl in fields {
            let name = decl["name"].as_str().expect("name");
            let field = schema.get_field(name).expect("declared field exists");
            let entry = schema.get_field_entry(field);
            let ty = format!("{:?}", entry.field_type().value_type()).to_lowercase();
            assert_eq!(decl["type"].as_str(), Some(ty.as_str()), "type of {name}");
            assert_eq!(
                decl["stored"].as_bool(),
                Some(entry.is_stored()),
                "stored {name}"
            );
            assert_eq!(
                decl["indexed"].as_bool(),
                Some(entry.is_indexed()),
                "indexed {name}"
            );
            assert_eq!(decl["fast"].as_bool(), Some(entry.is_fast()), "fast {name}");
        }
        let roots: Vec<&str> = declared["facet_roots"]
            .as_array()
            .expect("facet_roots")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(roots, FACET_ROOTS);
    }

    /// Every word of one or two bytes is its own stem, as `stem_into` assumes.
    #[test]
    fn words_of_two_bytes_are_their_own_stems() {
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let mut words: Vec<String> = Vec::new();
        for a in 1u8..0x80 {
            words.push((a as char).to_string());
            for b in 1u8..0x80 {
                words.push([a as char, b as char].iter().collect());
            }
        }
        words.extend(["é", "ü", "ø", "ß"].map(String::from));
        for w in &words {
            assert_eq!(stemmer.stem(w), w.as_str(), "{w:?}");
        }
    }

    /// The memo gives tantivy's own stems, the first time and from memory.
    #[test]
    fn memo_stemmer_gives_tantivys_stems() {
        let plain = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(tantivy::tokenizer::Stemmer::new(
                    tantivy::tokenizer::Language::English,
                ))
                .build()
        };
        let text = "Running elections were held; the ministers said generously that \
                    running negotiations elected nobody, organizations agreed as it is \
                    up to us, a UN ys";
        let tokens = |mut a: TextAnalyzer| {
            let mut out = Vec::new();
            let mut stream = a.token_stream(text);
            while let Some(t) = stream.next() {
                out.push((t.text.clone(), t.offset_from, t.position));
            }
            out
        };
        let memo = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(MemoStemmer)
                .build()
        };
        let expected = tokens(plain());
        // Before the memo starts, into it, and from it.
        for _ in 0..=(STEM_MEMO_AFTER as usize / expected.len() + 1) {
            assert_eq!(tokens(memo()), expected);
        }
        assert_eq!(tokens(memo()), expected, "from the memo");
    }

    #[test]
    fn analyzer_folds_and_stems() {
        let mut a = text_analyzer();
        let mut stream = a.token_stream("François's Elections");
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push(t.text.clone());
        }
        assert_eq!(out, vec!["francoi", "s", "elect"]);
    }
}
