//! Snippets: tantivy's snippet generator with an analyzer that stems only the words
//! that may match, highlight ranges kept through whitespace collapsing, and the lead
//! paragraph shown when there is no query.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, Token, TokenStream, Tokenizer,
};
use tantivy::{Score, Searcher, Term};

/// tantivy's `SnippetGenerator::create` for `query` over `field` (the same terms, the
/// same scores, so the same fragments and highlights: see [`Snippets`]), cut to
/// `max_chars`, except for its analyzer: the text analyzer's stages (see [`crate::schema::text_analyzer`]), but
/// the stemmer, most of a snippet's time, runs only on the words that can stem to one
/// of the query's terms. A stem starts with its word's first letter and is never
/// longer than the word, so a word that differs from every term in its first letter,
/// or is shorter than every term with that letter, cannot match; it is left out (as an
/// empty token, which matches nothing) instead of stemmed. An ASCII word must moreover
/// start with all of an ASCII term but its last two letters: the English stemmer only
/// cuts a word's ending and rewrites at most the last two letters of what it keeps
/// ("happy" → "happi", "possibility" → "possible").
pub(crate) fn snippet_generator(
    searcher: &Searcher,
    query: &dyn Query,
    field: Field,
    max_chars: usize,
) -> tantivy::Result<Snippets> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut terms_text: BTreeMap<String, Score> = BTreeMap::new();
    let mut shortest = [usize::MAX; 256];
    let mut heads = Vec::new();
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
            heads.push(Head::of(text));
        }
    }
    let mut first = [false; 256];
    for (b, s) in shortest.iter().enumerate() {
        if *s != usize::MAX {
            first[b] = true;
            if let Ok(b) = u8::try_from(b) {
                first[usize::from(b.to_ascii_uppercase())] = true;
            }
        }
    }
    let tokenizer = SnippetTokenizer {
        stem: StemCandidates {
            shortest,
            first,
            heads,
        },
        token: Token::default(),
        fold: TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    };
    Ok(Snippets {
        empty_term: terms_text.get("").copied(),
        terms: terms_text,
        tokenizer,
        max_chars,
        current: Fragment::default(),
        best: Fragment::default(),
    })
}

/// The snippet generator of a search: tantivy's `SnippetGenerator` algorithm, fragment
/// for fragment, on [`SnippetTokenizer`]'s tokens, without what it costs per word of
/// the text: a boxed token stream, a lower-cased copy of each word and a lookup of it
/// in the terms (a word left out as an empty token is looked up once for all), and a
/// list of every fragment with a match (only the best so far is kept).
pub(crate) struct Snippets {
    /// Each query term's text and weight, `1 / (1 + document frequency)`.
    terms: BTreeMap<String, Score>,
    /// The weight of an empty term, if the query has one (what an empty token matches).
    empty_term: Option<Score>,
    tokenizer: SnippetTokenizer,
    max_chars: usize,
    /// The fragment being read and the best one before it, reused from text to text.
    current: Fragment,
    best: Fragment,
}

/// A fragment candidate, as tantivy's `FragmentCandidate`.
#[derive(Default)]
struct Fragment {
    score: Score,
    start: usize,
    stop: usize,
    /// Byte ranges in the text of the words that matched.
    highlighted: Vec<Range<usize>>,
}

impl Fragment {
    fn reset(&mut self, start: usize) {
        self.score = 0.0;
        self.start = start;
        self.stop = start;
        self.highlighted.clear();
    }
}

/// The best fragment of a text and its matches, as tantivy's `Snippet`.
pub(crate) struct Snippet<'t> {
    fragment: &'t str,
    highlighted: &'t [Range<usize>],
}

impl<'t> Snippet<'t> {
    /// The fragment's text: a slice of the text.
    pub(crate) fn fragment(&self) -> &'t str {
        self.fragment
    }

    /// Byte ranges in [`Snippet::fragment`] of the words that matched, in text order.
    pub(crate) fn highlighted(&self) -> &'t [Range<usize>] {
        self.highlighted
    }

    /// True when no word of the text matched (the fragment is then empty).
    pub(crate) fn is_empty(&self) -> bool {
        self.highlighted.is_empty()
    }
}

impl Snippets {
    /// The snippet of `text`: the fragment of at most `max_chars` bytes whose matched
    /// words weigh most (the first of equal ones), as tantivy's
    /// `SnippetGenerator::snippet` picks it.
    pub(crate) fn snippet<'s>(&'s mut self, text: &'s str) -> Snippet<'s> {
        let Snippets {
            terms,
            empty_term,
            tokenizer,
            max_chars,
            current,
            best,
        } = self;
        current.reset(0);
        best.reset(0);
        let mut have_best = false;
        // Without an empty term, only the words that may stem to a term weigh: the
        // words between them are skipped, fragment by fragment (see `skip`).
        let skipping = empty_term.is_none();
        let mut candidate = None;
        let mut stream = tokenizer.token_stream(text);
        loop {
            if skipping
                && current.score == 0.0
                && !stream.skip(current.start, *max_chars, &mut candidate)
            {
                break;
            }
            if !stream.advance() {
                break;
            }
            let token = stream.token();
            if token.offset_to - current.start > *max_chars {
                if current.score > 0.0 {
                    keep_better(best, current, &mut have_best);
                }
                current.reset(token.offset_from);
            }
            current.stop = token.offset_to;
            let weight = if token.text.is_empty() {
                *empty_term
            } else if token.text.is_ascii() {
                if token.text.bytes().any(|b| b.is_ascii_uppercase()) {
                    terms.get(&token.text.to_ascii_lowercase()).copied()
                } else {
                    terms.get(&token.text).copied()
                }
            } else {
                terms.get(&token.text.to_lowercase()).copied()
            };
            if let Some(weight) = weight {
                current.score += weight;
                current.highlighted.push(token.offset_from..token.offset_to);
            }
        }
        if current.score > 0.0 {
            keep_better(best, current, &mut have_best);
        }
        if !have_best {
            return Snippet {
                fragment: "",
                highlighted: &[],
            };
        }
        let start = best.start;
        for r in &mut best.highlighted {
            *r = r.start - start..r.end - start;
        }
        Snippet {
            fragment: &text[best.start..best.stop],
            highlighted: &best.highlighted,
        }
    }
}

/// Makes `candidate` the `best` fragment (swapping their storage) unless `best` beats
/// it: tantivy's `max_by` over the fragments in text order, higher score first, then
/// the one that starts (or, starting together, stops) first.
fn keep_better(best: &mut Fragment, candidate: &mut Fragment, have_best: &mut bool) {
    let better = !*have_best || {
        let by_score = best
            .score
            .partial_cmp(&candidate.score)
            .unwrap_or(std::cmp::Ordering::Equal);
        let order = if by_score == std::cmp::Ordering::Equal {
            (candidate.start, candidate.stop).cmp(&(best.start, best.stop))
        } else {
            by_score
        };
        order != std::cmp::Ordering::Greater
    };
    if better {
        std::mem::swap(best, candidate);
        *have_best = true;
    }
}

/// Which words may stem to a query term.
#[derive(Clone)]
struct StemCandidates {
    /// By first byte: the length of the shortest term starting with it.
    shortest: [usize; 256],
    /// By byte: whether a term starts with it, in either case (the first byte of a word
    /// that may stem to a term, if it is ASCII).
    first: [bool; 256],
    /// What an ASCII word that stems to each term starts with.
    heads: Vec<Head>,
}

/// What the words that stem to one term start with, and their shortest length.
#[derive(Clone)]
struct Head {
    /// The term but its last two letters (its first letter at least); only the first
    /// letter for a term that is not ASCII.
    start: String,
    len: usize,
}

impl Head {
    fn of(term: &str) -> Head {
        let keep = if term.is_ascii() {
            term.len().saturating_sub(2).max(1)
        } else {
            term.chars().next().map_or(0, char::len_utf8)
        };
        Head {
            start: term.get(..keep).unwrap_or(term).to_string(),
            len: term.len(),
        }
    }
}

impl StemCandidates {
    /// True if `word` (lower-cased and folded) may stem to a term.
    fn may_match(&self, word: &str) -> bool {
        word.as_bytes()
            .first()
            .is_some_and(|&b| word.len() >= self.shortest[usize::from(b)])
    }

    /// True if the ASCII `word`, in any case, may stem to a term.
    fn may_match_ascii(&self, word: &str) -> bool {
        let w = word.as_bytes();
        self.heads.iter().any(|h| {
            w.len() >= h.len
                && w.get(..h.start.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(h.start.as_bytes()))
        })
    }
}

/// The analyzer of [`snippet_generator`]: the same tokens at the same offsets as the
/// text analyzer (tantivy's `SimpleTokenizer`, words of 64 bytes or more dropped), whose
/// text is the word lower-cased, folded and stemmed if it may match a query term, and
/// empty otherwise. An ASCII word is looked at byte by byte and copied only if it may
/// match (lower-casing and folding leave its length alone and only lower-case its first
/// letter); any other word goes through tantivy's `LowerCaser` and `AsciiFoldingFilter`.
#[derive(Clone)]
struct SnippetTokenizer {
    stem: StemCandidates,
    token: Token,
    /// Lower-cases and folds one non-ASCII word.
    fold: TextAnalyzer,
}

impl Tokenizer for SnippetTokenizer {
    type TokenStream<'a> = SnippetTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> SnippetTokenStream<'a> {
        self.token.reset();
        SnippetTokenStream {
            text,
            at: 0,
            tokenizer: self,
        }
    }
}

/// [`BYTE_CLASS`] of an ASCII letter or digit, of any other ASCII byte, and of a byte of
/// a multi-byte character (whose character decides).
const ALNUM: u8 = 0;
const OTHER: u8 = 1;
const NON_ASCII: u8 = 2;
static BYTE_CLASS: [u8; 256] = {
    let mut t = [NON_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = if (b as u8).is_ascii_alphanumeric() {
            ALNUM
        } else {
            OTHER
        };
        b += 1;
    }
    t
};

struct SnippetTokenStream<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    at: usize,
    tokenizer: &'a mut SnippetTokenizer,
}

impl SnippetTokenStream<'_> {
    /// The byte offset of the first character at or after `at` that is (or, with
    /// `alphanumeric` false, is not) alphanumeric; the text's length if none is.
    fn find(&self, mut at: usize, alphanumeric: bool) -> usize {
        let bytes = self.text.as_bytes();
        let stop = if alphanumeric { ALNUM } else { OTHER };
        while let Some(&b) = bytes.get(at) {
            let class = BYTE_CLASS[usize::from(b)];
            if class == stop {
                return at;
            }
            if class != NON_ASCII {
                at += 1;
            } else {
                let Some(c) = self.text[at..].chars().next() else {
                    break;
                };
                if c.is_alphanumeric() == alphanumeric {
                    return at;
                }
                at += c.len_utf8();
            }
        }
        self.text.len()
    }
}

/// Whether the character at byte `at` of `text` (a character boundary) is a letter or
/// digit, and its length in bytes; `None` at the end.
fn alnum_at(text: &str, at: usize) -> Option<(bool, usize)> {
    let b = *text.as_bytes().get(at)?;
    match BYTE_CLASS[usize::from(b)] {
        ALNUM => Some((true, 1)),
        OTHER => Some((false, 1)),
        _ => {
            let c = text.get(at..)?.chars().next()?;
            Some((c.is_alphanumeric(), c.len_utf8()))
        }
    }
}

/// Whether the character that ends at byte `at` of `text` (a character boundary) is a
/// letter or digit; false at the start.
fn alnum_before(text: &str, at: usize) -> bool {
    let Some(&b) = at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) else {
        return false;
    };
    match BYTE_CLASS[usize::from(b)] {
        ALNUM => true,
        OTHER => false,
        _ => text
            .get(..at)
            .and_then(|t| t.chars().next_back())
            .is_some_and(char::is_alphanumeric),
    }
}

/// The end of the run of letters and digits that starts at byte `from` of `text`.
fn run_end(text: &str, mut from: usize) -> usize {
    while let Some((true, n)) = alnum_at(text, from) {
        from += n;
    }
    from
}

/// The start of the first word of `text` (as the tokenizer cuts them: a run of letters
/// and digits, shorter than 64 bytes) that ends after byte `limit`; `None` if none does.
fn first_word_ending_after(text: &str, limit: usize) -> Option<usize> {
    if limit >= text.len() {
        return None;
    }
    let mut at = limit;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // A run through the character at `at` ends after `limit`: go back to its start.
    if let Some((true, _)) = alnum_at(text, at) {
        while alnum_before(text, at) {
            at -= text[..at].chars().next_back().map_or(1, char::len_utf8);
        }
    }
    loop {
        // The next run's start.
        loop {
            match alnum_at(text, at)? {
                (true, _) => break,
                (false, n) => at += n,
            }
        }
        let end = run_end(text, at);
        if end - at < 64 {
            return Some(at);
        }
        at = end;
    }
}

impl SnippetTokenStream<'_> {
    /// The start of the first word at or after byte `from` that may weigh: one that may
    /// stem to a term (an ASCII word that [`StemCandidates::may_match_ascii`]), or any
    /// word with a character that is not ASCII (left to the tokenizer); the text's
    /// length if there is none.
    fn next_candidate(&self, mut from: usize) -> usize {
        let text = self.text;
        let bytes = text.as_bytes();
        let stem = &self.tokenizer.stem;
        while let Some(&b) = bytes.get(from) {
            if b.is_ascii() {
                if !stem.first[usize::from(b)] || alnum_before(text, from) {
                    from += 1;
                    continue;
                }
                let mut end = from;
                while bytes
                    .get(end)
                    .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == ALNUM)
                {
                    end += 1;
                }
                if matches!(alnum_at(text, end), Some((true, _)))
                    || stem.may_match_ascii(&text[from..end])
                {
                    return from;
                }
                from = end.max(from + 1);
            } else {
                let Some((alnum, n)) = alnum_at(text, from) else {
                    break;
                };
                if alnum && !alnum_before(text, from) {
                    return from;
                }
                from += n;
            }
        }
        text.len()
    }

    /// Moves past the words that cannot change the snippet while the fragment that
    /// starts at byte `start` has no match yet: up to the next word that may weigh
    /// ([`Self::next_candidate`], kept in `candidate`), or to the first word that
    /// starts the next fragment (one ending more than `max_chars` after `start`), if
    /// that comes first. The words skipped would only have moved the end of a
    /// fragment without a match, which no snippet shows. False when no word left can
    /// change the snippet.
    fn skip(&mut self, start: usize, max_chars: usize, candidate: &mut Option<usize>) -> bool {
        let at = self.at;
        let next = match *candidate {
            Some(c) if c >= at => c,
            _ => {
                let c = self.next_candidate(at);
                *candidate = Some(c);
                c
            }
        };
        let limit = start.saturating_add(max_chars);
        if limit < at {
            return true;
        }
        let to = match first_word_ending_after(self.text, limit) {
            Some(reset) => next.min(reset),
            None => next,
        };
        if to >= self.text.len() {
            return false;
        }
        self.at = to.max(at);
        true
    }
}

impl TokenStream for SnippetTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let t = &mut *self.tokenizer;
        t.token.text.clear();
        t.token.position = t.token.position.wrapping_add(1);
        let bytes = self.text.as_bytes();
        loop {
            // ASCII runs are walked here, a byte at a time; `find` takes over at the
            // first byte of a multi-byte character, whose class decides.
            let mut from = self.at;
            while bytes
                .get(from)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == OTHER)
            {
                from += 1;
            }
            let mut ascii = true;
            if bytes
                .get(from)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == NON_ASCII)
            {
                from = self.find(from, true);
                ascii = false;
            }
            if from >= bytes.len() {
                self.at = bytes.len();
                return false;
            }
            let mut to = from;
            while bytes
                .get(to)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == ALNUM)
            {
                to += 1;
            }
            if bytes
                .get(to)
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] == NON_ASCII)
            {
                to = self.find(to, false);
                ascii = false;
            }
            self.at = to;
            let word = &self.text[from..to];
            if word.len() >= 64 {
                continue;
            }
            let t = &mut *self.tokenizer;
            t.token.offset_from = from;
            t.token.offset_to = to;
            if ascii || word.is_ascii() {
                if t.stem.may_match_ascii(word) {
                    t.token.text.push_str(word);
                    t.token.text.make_ascii_lowercase();
                    stem(&mut t.token.text);
                }
            } else {
                let mut folded = t.fold.token_stream(word);
                if folded.advance() {
                    let text = &folded.token().text;
                    if t.stem.may_match(text) {
                        t.token.text.push_str(text);
                    }
                }
                drop(folded);
                if !t.token.text.is_empty() {
                    stem(&mut t.token.text);
                }
            }
            return true;
        }
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
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

    /// Every article text of `sample_corpus/`, and this crate's README and benchmark
    /// history: English news and prose.
    fn english_texts() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = ["README.md", "bench/HISTORY.md"]
            .iter()
            .map(|f| std::fs::read_to_string(root.join(f)).unwrap())
            .collect();
        for e in walkdir::WalkDir::new(root.join("sample_corpus")) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        assert!(texts.len() > 20);
        texts
    }

    /// Every word of the English texts, lower-cased and folded as the body is indexed.
    fn english_words() -> std::collections::BTreeSet<String> {
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
        words
    }

    /// What skipping words relies on: the stem of a word starts with the word's first
    /// byte and is never longer (over every word of the English texts).
    #[test]
    fn a_stem_keeps_its_words_first_letter_and_is_no_longer() {
        let words = english_words();
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

    /// What skipping ASCII words also relies on: the stem of a word, but its last two
    /// letters, is the start of the word (over every word of the English texts, and
    /// words the stemmer rewrites the end of).
    #[test]
    fn a_stem_but_its_last_two_letters_starts_its_word() {
        let mut words = english_words();
        for w in [
            "happy",
            "skies",
            "dying",
            "lying",
            "possibility",
            "sensibility",
            "relational",
            "conditional",
            "valency",
            "hopefulness",
            "generously",
            "hoping",
            "luxuriating",
            "cries",
            "agreed",
            "feed",
            "proceedings",
            "formalization",
            "operator",
        ] {
            words.insert(w.to_string());
        }
        let mut rewritten = 0;
        for w in words.iter().filter(|w| w.is_ascii()) {
            let mut stem = w.clone();
            super::stem(&mut stem);
            let head = super::Head::of(&stem);
            assert!(w.starts_with(&head.start), "{w} → {stem}");
            rewritten += usize::from(!w.starts_with(&stem));
        }
        assert!(rewritten > 50, "{rewritten}");
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
        let mut texts = english_texts();
        // Words that lower-casing or folding change, long words, scripts without case.
        texts.push(format!(
            "ZÜRICH, Jan 2 — Officials in Zürich and São Paulo met at the ÉCOLE naïve \
             in İstanbul; Straße talks, Ærø and Œuvre. 東京 talks. ﬁnance Ω{} ceasefire \
             {}ceasefires end.",
            "x".repeat(70),
            "é".repeat(40)
        ));
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
            "zurich sao",
            "ecole OR naive OR istanbul OR strasse",
            "aero OR oeuvre OR finance",
        ] {
            let query = parser.parse_query(q).unwrap();
            let mut theirs = SnippetGenerator::create(&searcher, query.as_ref(), body).unwrap();
            theirs.set_max_num_chars(240);
            let mut ours = snippet_generator(&searcher, query.as_ref(), body, 240).unwrap();
            for t in &texts {
                let (a, b) = (theirs.snippet(t), ours.snippet(t));
                assert_eq!(a.fragment(), b.fragment(), "{q}");
                assert_eq!(a.highlighted(), b.highlighted(), "{q}");
                assert_eq!(a.is_empty(), b.is_empty(), "{q}");
                compared += usize::from(!a.is_empty());
            }
        }
        assert!(compared > 40, "{compared}");
        // The folded words of the last text match (and highlight) as tantivy's do.
        for q in [
            "zurich sao",
            "ecole OR naive OR strasse",
            "aero OR oeuvre OR finance",
        ] {
            let query = parser.parse_query(q).unwrap();
            let mut ours = snippet_generator(&searcher, query.as_ref(), body, 240).unwrap();
            let last = texts.last().unwrap();
            assert!(ours.snippet(last).highlighted().len() >= 2, "{q}");
        }

        let mut shortest = [usize::MAX; 256];
        shortest[usize::from(b'c')] = "ceasefir".len();
        let stem = StemCandidates {
            shortest,
            first: [false; 256],
            heads: vec![super::Head::of("ceasefir")],
        };
        let words: Vec<&str> = texts[0].split_whitespace().collect();
        let candidates = words.iter().filter(|w| stem.may_match(w)).count();
        assert!(
            candidates * 20 < words.len(),
            "{candidates} of {}",
            words.len()
        );
        assert!(stem.may_match("ceasefires") && !stem.may_match("cease"));
        assert!(stem.may_match_ascii("Ceasefires") && stem.may_match_ascii("CEASEFIRE"));
        assert!(!stem.may_match_ascii("cease") && !stem.may_match_ascii("ceremonial"));
    }

    /// Skipping the words that cannot weigh (`SnippetTokenStream::skip`) keeps
    /// tantivy's fragments and highlights for every fragment length, around long
    /// words (64 bytes and more, which are no words), words with letters that are not
    /// ASCII at their start, middle or end, punctuation that is not ASCII, and matches
    /// at the very start and end of a text.
    #[test]
    fn skipped_words_leave_the_snippet_as_tantivys_at_every_length() {
        let mut b = tantivy::schema::Schema::builder();
        let body = b.add_text_field("body", crate::schema::text_options());
        let index = tantivy::Index::create_in_ram(b.build());
        crate::schema::register_analyzers(&index);
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let long = "y".repeat(64);
        let filler = "the minister said on Tuesday that officials would meet again ";
        let mut texts: Vec<String> = vec![
            format!("ceasefire {}ceasefire", filler.repeat(6)),
            format!(
                "{}Ceasefire talks {}truce.",
                filler.repeat(5),
                filler.repeat(3)
            ),
            format!("{long} ceasefire {long}{long} {} truce", filler.repeat(4)),
            format!(
                "{}“Ceasefire,” he said. {}ÇEASEFIRE",
                filler.repeat(4),
                filler
            ),
            format!(
                "{}zürich ceasefirés éceasefire {}",
                filler.repeat(3),
                filler
            ),
            format!(
                "{}東京ceasefire ceasefire東京 {}talks",
                filler,
                filler.repeat(5)
            ),
            format!("{}", filler.repeat(20)),
            "ceasefire".to_string(),
            format!("{}é{}truce", filler.repeat(3), "x".repeat(63)),
        ];
        texts.extend(english_texts().into_iter().take(8));
        for t in &texts {
            w.add_document(tantivy::doc!(body => t.as_str())).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let parser = QueryParser::for_index(&index, vec![body]);
        let mut compared = 0;
        for q in [
            "ceasefire",
            "ceasefire OR truce",
            "talks",
            "zurich",
            "officials",
        ] {
            let query = parser.parse_query(q).unwrap();
            for max in [1, 5, 9, 20, 63, 64, 65, 100, 150, 240, 241, 500, 5000] {
                let mut theirs = SnippetGenerator::create(&searcher, query.as_ref(), body).unwrap();
                theirs.set_max_num_chars(max);
                let mut ours = snippet_generator(&searcher, query.as_ref(), body, max).unwrap();
                for t in &texts {
                    let (a, b) = (theirs.snippet(t), ours.snippet(t));
                    assert_eq!(a.fragment(), b.fragment(), "{q} {max} {t}");
                    assert_eq!(a.highlighted(), b.highlighted(), "{q} {max} {t}");
                    compared += usize::from(!a.is_empty());
                }
            }
        }
        assert!(compared > 300, "{compared}");
    }

    /// The two searches skipping rests on: the first word that ends past a byte (not
    /// a long run, wherever the byte falls in a word or character), and the next word
    /// that may weigh.
    #[test]
    fn the_next_fragment_and_the_next_candidate_are_found_without_tokenizing() {
        use super::first_word_ending_after as after;
        let t = "ab cd  éf gh";
        assert_eq!(after(t, 0), Some(0));
        assert_eq!(after(t, 1), Some(0), "inside 'ab'");
        assert_eq!(after(t, 2), Some(3), "'ab' ends at 2, not after");
        assert_eq!(after(t, 5), Some(7));
        assert_eq!(after(t, 8), Some(7), "inside 'é'");
        assert_eq!(after(t, 11), Some(11));
        assert_eq!(after(t, 12), Some(11));
        assert_eq!(after(t, 13), None);
        let long = format!("a {} b", "z".repeat(64));
        assert_eq!(after(&long, 1), Some(67), "a long run is no word");
        assert_eq!(after(&long, 30), Some(67));

        let mut b = tantivy::schema::Schema::builder();
        let body = b.add_text_field("body", crate::schema::text_options());
        let index = tantivy::Index::create_in_ram(b.build());
        crate::schema::register_analyzers(&index);
        let mut w: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.add_document(tantivy::doc!(body => "ceasefire")).unwrap();
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let query = QueryParser::for_index(&index, vec![body])
            .parse_query("ceasefire")
            .unwrap();
        let mut g = snippet_generator(&searcher, query.as_ref(), body, 240).unwrap();
        use tantivy::tokenizer::Tokenizer;
        let text = "xceasefire cease Ceasefires “ceasefire” zé écart ceasefire";
        let stream = g.tokenizer.token_stream(text);
        let found: Vec<usize> = std::iter::successors(Some(stream.next_candidate(0)), |&c| {
            let n = stream.next_candidate(c + text[c..].chars().next().map_or(1, char::len_utf8));
            (n < text.len()).then_some(n)
        })
        .collect();
        let words: Vec<String> = found
            .iter()
            .map(|&c| text[c..].chars().take(5).collect())
            .collect();
        // Not 'xceasefire' (no word starts there), 'cease' (too short to stem to
        // 'ceasefir') or 'zé' (folds to 'ze'); 'écart' is left to the tokenizer.
        assert_eq!(words, ["Cease", "cease", "écart", "cease"]);
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
