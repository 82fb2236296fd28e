//! Snippets: tantivy's snippet generator with an analyzer that stems only the words
//! that may match, highlight ranges kept through whitespace collapsing, and the lead
//! paragraph shown when there is no query.

use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher, Term};

/// tantivy's `SnippetGenerator::create` for `query` over `field` (the same terms, the
/// same scores, so the same fragments and highlights), cut to `max_chars`, except for
/// its analyzer: the text analyzer's stages (see [`crate::schema::text_analyzer`]), but
/// the stemmer, most of a snippet's time, runs only on the words that can stem to one
/// of the query's terms. A stem starts with its word's first letter and is never
/// longer than the word, so a word that differs from every term in its first letter,
/// or is shorter than every term with that letter, cannot match; it is left out (as an
/// empty token, which matches nothing) instead of stemmed.
pub(crate) fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_chars: usize,
) -> tantivy::Result<SnippetGenerator> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut terms_text: BTreeMap<String, Score> = BTreeMap::new();
    let mut shortest = [usize::MAX; 256];
    for term in terms {
        let value = term.value();
        let Some(text) = value.as_str() else {
            continue;
        };
        let doc_freq = searcher.doc_freq(term)?;
        if doc_freq > 0 {
            terms_text.insert(text.to_string(), 1.0 / (1.0 + doc_freq as Score));
            if let Some(&first) = text.as_bytes().first() {
                let s = &mut shortest[usize::from(first)];
                *s = (*s).min(text.len());
            }
        }
    }
    let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(StemCandidates {
            shortest,
            early: true,
        })
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StemCandidates {
            shortest,
            early: false,
        })
        .build();
    Ok(SnippetGenerator::new(
        terms_text, analyzer, field, max_chars,
    ))
}

/// The stemmer of [`snippet_generator`]'s analyzer: stems a token only if it is at
/// least as long as some query term with its first byte. Its `early` copy, before
/// lower-casing and folding, empties the ASCII words that cannot match already (both
/// leave an ASCII word's length alone and only lower-case its first letter), so that
/// most words are not lower-cased and folded either.
#[derive(Clone, Copy)]
struct StemCandidates {
    /// By first byte: the length of the shortest term starting with it.
    shortest: [usize; 256],
    early: bool,
}

impl StemCandidates {
    /// True if `word` (lower-cased) may stem to a term.
    fn may_match(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| word.len() >= self.shortest[usize::from(b.to_ascii_lowercase())])
    }

    fn apply(&self, word: &mut String) {
        if self.early {
            if word.is_ascii() && !self.may_match(word) {
                word.clear();
            }
        } else if self.may_match(word) {
            stem(word);
        } else {
            word.clear();
        }
    }
}

impl TokenFilter for StemCandidates {
    type Tokenizer<T: Tokenizer> = StemCandidatesFilter<T>;

    fn transform<T: Tokenizer>(self, inner: T) -> StemCandidatesFilter<T> {
        StemCandidatesFilter { inner, stem: self }
    }
}

#[derive(Clone)]
struct StemCandidatesFilter<T> {
    inner: T,
    stem: StemCandidates,
}

impl<T: Tokenizer> Tokenizer for StemCandidatesFilter<T> {
    type TokenStream<'a> = StemCandidatesStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemCandidatesStream {
            tail: self.inner.token_stream(text),
            stem: &self.stem,
        }
    }
}

struct StemCandidatesStream<'a, T> {
    tail: T,
    stem: &'a StemCandidates,
}

impl<T: TokenStream> TokenStream for StemCandidatesStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        self.stem.apply(&mut self.tail.token_mut().text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The English stem of a lower-cased word, as the text analyzer stems it.
fn stem(word: &mut String) {
    thread_local! {
        static STEMMER: frostem::Stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
    }
    if let std::borrow::Cow::Owned(s) = STEMMER.with(|s| s.stem(word)) {
        *word = s;
    }
}

/// Maps highlight ranges through whitespace collapsing.
pub(crate) fn rehighlight(orig: &str, collapsed: &str, hl: Vec<[usize; 2]>) -> Vec<[usize; 2]> {
    // Build a map from original char index to collapsed char index.
    let mut map = Vec::with_capacity(orig.chars().count() + 1);
    let mut out_idx = 0usize;
    let mut prev_space = true;
    let lead_ws = orig.chars().take_while(|c| c.is_whitespace()).count();
    for (i, c) in orig.chars().enumerate() {
        map.push(out_idx);
        if i < lead_ws {
            continue;
        }
        if c.is_whitespace() {
            if !prev_space {
                out_idx += 1;
            }
            prev_space = true;
        } else {
            out_idx += 1;
            prev_space = false;
        }
    }
    map.push(out_idx);
    let n = collapsed.chars().count();
    hl.into_iter()
        .map(|[s, e]| {
            [
                map.get(s).copied().unwrap_or(n).min(n),
                map.get(e).copied().unwrap_or(n).min(n),
            ]
        })
        .filter(|[s, e]| e > s)
        .collect()
}

/// The first ~240 characters of a body, cut at a word.
pub(crate) fn lead(body: &str) -> String {
    let mut out = String::new();
    for w in body.split_whitespace() {
        if out.len() + w.len() > 240 {
            out.push('…');
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{lead, rehighlight, snippet_generator, StemCandidates};
    use tantivy::query::QueryParser;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::tokenizer::TokenStream;

    /// Every article text of `sample_corpus/`, and this crate's README: English news
    /// and prose.
    fn english_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts = vec![std::fs::read_to_string(root.join("README.md")).unwrap()];
        for e in walkdir::WalkDir::new(root.join("sample_corpus")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        assert!(texts.len() > 20);
        texts
    }

    /// What skipping words relies on: the stem of a word starts with the word's first
    /// byte and is never longer (over every word of the English texts).
    #[test]
    fn a_stem_keeps_its_words_first_letter_and_is_no_longer() {
        let mut analyzer = tantivy::tokenizer::TextAnalyzer::builder(
            tantivy::tokenizer::SimpleTokenizer::default(),
        )
        .filter(tantivy::tokenizer::LowerCaser)
        .filter(tantivy::tokenizer::AsciiFoldingFilter)
        .build();
        let mut words = std::collections::BTreeSet::new();
        for text in english_texts() {
            let mut stream = analyzer.token_stream(&text);
            while stream.advance() {
                words.insert(stream.token().text.clone());
            }
        }
        assert!(words.len() > 2000, "{}", words.len());
        let mut changed = 0;
        for w in &words {
            let mut stem = w.clone();
            super::stem(&mut stem);
            changed += usize::from(stem != *w);
            assert!(
                stem.len() <= w.len() && stem.as_bytes().first() == w.as_bytes().first(),
                "{w} → {stem}"
            );
        }
        assert!(changed > 500, "{changed}");
    }

    /// The snippets are tantivy's own (same fragment, same highlights) for every
    /// article of the sample corpus and a mix of queries, and most words of a text
    /// are not stemmed at all.
    #[test]
    fn snippets_are_tantivys_without_stemming_every_word() {
        let mut b = tantivy::schema::Schema::builder();
        let body = b.add_text_field("body", crate::schema::text_options());
        let index = tantivy::Index::create_in_ram(b.build());
        crate::schema::register_analyzers(&index);
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let texts = english_texts();
        for t in &texts {
            w.add_document(tantivy::doc!(body => t.as_str())).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = QueryParser::for_index(&index, vec![body]);
        let mut compared = 0;
        for q in [
            "ceasefire",
            "talks peace",
            "officials said",
            "elections OR voting",
            "\"central bank\"",
            "running studies happily",
            "index search queries",
            "a",
            "zzzz",
        ] {
            let query = parser.parse_query(q).unwrap();
            let mut theirs = SnippetGenerator::create(&searcher, query.as_ref(), body).unwrap();
            theirs.set_max_num_chars(240);
            let ours = snippet_generator(&searcher, query.as_ref(), body, 240).unwrap();
            for t in &texts {
                let (a, b) = (theirs.snippet(t), ours.snippet(t));
                assert_eq!(a.fragment(), b.fragment(), "{q}");
                assert_eq!(a.highlighted(), b.highlighted(), "{q}");
                compared += usize::from(!a.is_empty());
            }
        }
        assert!(compared > 40, "{compared}");

        let mut shortest = [usize::MAX; 256];
        shortest[usize::from(b'c')] = "ceasefir".len();
        let stem = StemCandidates {
            shortest,
            early: false,
        };
        let words: Vec<&str> = texts[0].split_whitespace().collect();
        let candidates = words.iter().filter(|w| stem.may_match(w)).count();
        assert!(
            candidates * 20 < words.len(),
            "{candidates} of {}",
            words.len()
        );
        assert!(stem.may_match("ceasefires") && !stem.may_match("cease"));
        assert!(stem.may_match("Ceasefire") && !stem.may_match("Cease"));
    }

    fn collapse(s: &str) -> String {
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn highlights_follow_the_words_through_collapsed_whitespace() {
        let orig = "  The  ceasefire\n\n held, said   Sorokin.";
        let c = collapse(orig);
        // "ceasefire" is chars 7..16 of the original, "Sorokin" 32..39.
        let hl = rehighlight(orig, &c, vec![[7, 16], [32, 39]]);
        let words: Vec<String> = hl
            .iter()
            .map(|[s, e]| c.chars().skip(*s).take(e - s).collect())
            .collect();
        assert_eq!(words, ["ceasefire", "Sorokin"]);
    }

    #[test]
    fn ranges_past_the_end_are_cut_and_empty_ones_dropped() {
        let orig = "a  b";
        let c = collapse(orig);
        // The second of two spaces collapses away: its range is empty and dropped.
        assert_eq!(rehighlight(orig, &c, vec![[3, 99], [2, 3]]), vec![[2, 3]]);
    }

    #[test]
    fn the_lead_is_cut_at_a_word() {
        let body = "word ".repeat(100);
        let l = lead(&body);
        assert!(l.ends_with('…') && l.len() <= 245, "{l}");
        assert!(!l.contains("  "));
        assert_eq!(lead("Short  body\n text."), "Short body text.");
    }
}
