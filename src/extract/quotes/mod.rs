//! Quotations and their speakers: straight and curly quotes, quotes that run over
//! several paragraphs, attribution after, before and around the quote ("X said",
//! "said X", "X told reporters", "according to X", "X: “…”"), pronouns and role nouns
//! resolved by salience (`salience`), consecutive quotes carrying their speaker, and
//! partial quotations whose speaker the clause names. This file finds the quotations
//! and walks them in order ([`find_quotes`]); marks are in `marks`, attribution in
//! `attribute`, its word lists in `cues`, speaker variants in `variants`.

use super::recognize::SPEECH_VERBS;
use super::tokenize::Token;
use cues::{EXTRA_VERBS, PARTIAL_VERBS};
pub use marks::find_quote_spans;
use salience::{Mention, Sex};

mod attribute;
mod cues;
pub(crate) use cues::NAME_PARTICLES;
mod marks;
mod salience;
#[cfg(test)]
mod tests;
mod transcript;
mod variants;

pub use variants::merge_speaker_variants;

/// A quotation: byte range of the quoted words (without the marks) and its speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct RawQuote {
    /// Byte offset in the text given to [`find_quotes`] where the quoted words start.
    pub start: usize,
    /// Byte offset just past the quoted words (exclusive end, before the closing mark).
    pub end: usize,
    /// Who said it, by name (`"Barack Obama"`); `None` when the text credits nobody
    /// the finder can name ("they said").
    pub speaker: Option<String>,
    /// A few words quoted inside the writer's own sentence ("called them
    /// “deplorables”"): its speaker is quoted, but it is no quotation of its own.
    pub partial: bool,
}

/// What the quote finder needs to know about the people of the article.
pub trait People {
    /// Canonical person whose mention covers token `i`.
    fn person_at(&self, i: usize) -> Option<&str>;
    /// Canonical organization whose mention covers token `i`.
    fn org_at(&self, _i: usize) -> Option<&str> {
        None
    }
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

struct Ctx<'a, 'p> {
    text: &'a str,
    tokens: &'a [Token],
    people: &'p dyn People,
    spans: &'a [(usize, usize)],
    words: Vec<std::borrow::Cow<'a, str>>,
    /// First token of each sentence.
    sentences: Vec<usize>,
    /// People named outside quotations.
    mentions: Vec<Mention<'p>>,
    /// Sentences whose subject is "he" or "she" outside quotations (sentence index, the
    /// pronoun's byte offset, its sex), in sentence order: see [`Ctx::add_pronoun_subjects`].
    pronoun_subjects: Vec<(usize, usize, Sex)>,
    /// Sentences whose subject is a definite person noun that names no one (sentence
    /// index, byte offset), found when first needed: see [`Ctx::find_role_subjects`].
    role_subjects: std::cell::OnceCell<Vec<(usize, usize)>>,
    /// Organizations named outside quotations; found when first needed.
    orgs: std::cell::OnceCell<Vec<Mention<'p>>>,
    /// While attributing a partial quotation: verbs that introduce one count too.
    partial: std::cell::Cell<bool>,
    /// Quotations attributed so far: (start, end, speaker).
    said: std::cell::RefCell<Vec<(usize, usize, String)>>,
}

/// Who a clause names as speaker.
enum Found {
    Speaker(String),
    /// A speech verb whose speaker is not a person we can name ("they said").
    Nobody,
    /// No attribution in the window.
    Nothing,
}

impl<'a, 'p> Ctx<'a, 'p> {
    fn new(
        text: &'a str,
        tokens: &'a [Token],
        people: &'p dyn People,
        spans: &'a [(usize, usize)],
    ) -> Self {
        let words = tokens
            .iter()
            .map(|t| {
                let w = t.text(text);
                if w.chars().any(char::is_uppercase) {
                    std::borrow::Cow::Owned(w.to_lowercase())
                } else {
                    std::borrow::Cow::Borrowed(w)
                }
            })
            .collect();
        let sentences = tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.sentence_start || t.paragraph_start)
            .map(|(i, _)| i)
            .collect();
        let mut ctx = Ctx {
            text,
            tokens,
            people,
            spans,
            words,
            sentences,
            mentions: Vec::new(),
            pronoun_subjects: Vec::new(),
            role_subjects: std::cell::OnceCell::new(),
            orgs: std::cell::OnceCell::new(),
            partial: std::cell::Cell::new(false),
            said: std::cell::RefCell::new(Vec::new()),
        };
        ctx.mentions = ctx.collect_mentions(|i| people.person_at(i));
        ctx.add_unnamed_subjects();
        ctx.add_pronoun_subjects();
        ctx
    }

    fn w(&self, k: usize) -> &str {
        &self.words[k]
    }

    fn is_mark(&self, k: usize) -> bool {
        matches!(self.w(k), "“" | "”" | "\"" | "«" | "»" | "„")
    }

    /// Capitalized, or an Arabic name after its article ("al-Khasawneh").
    fn is_capitalized(&self, k: usize) -> bool {
        let t = crate::extract::people::without_arabic_article(self.tokens[k].text(self.text));
        t.chars().next().is_some_and(char::is_uppercase)
    }

    fn is_verb(&self, k: usize) -> bool {
        if self.is_capitalized(k) && !self.tokens[k].sentence_start {
            return false; // "United States", "Pointed Remarks"
        }
        if k > 0 && matches!(self.w(k - 1), "the" | "a" | "an" | "of" | "these" | "those") {
            return false; // "one of the states", "the read"
        }
        let w = self.w(k);
        SPEECH_VERBS.contains(&w)
            || EXTRA_VERBS.contains(&w)
            || (self.partial.get() && PARTIAL_VERBS.contains(&w) && !self.is_passive(k))
            || (w == "put" && self.words.get(k + 1).is_some_and(|n| n == "it"))
            || (w == "according" && self.words.get(k + 1).is_some_and(|n| n == "to"))
    }

    /// Whether the verb at `k` is passive ("was widely ridiculed"): its subject did not
    /// say the words.
    fn is_passive(&self, k: usize) -> bool {
        let mut j = k;
        while j > 0 && j + 2 > k && self.w(j - 1).ends_with("ly") {
            j -= 1;
        }
        j > 0
            && matches!(
                self.w(j - 1),
                "was" | "were" | "is" | "are" | "be" | "been" | "being" | "get" | "got"
            )
    }

    fn pronoun(&self, k: usize) -> Option<Sex> {
        match self.w(k) {
            "he" => Some(Sex::Male),
            "she" => Some(Sex::Female),
            _ => None,
        }
    }
}

/// Whether a quotation reads as someone's words rather than a scare quote or a title:
/// it is not embedded in a running clause ("called it a “disaster”") unless a speech
/// verb introduces it.
fn stands_alone(ctx: &Ctx, open_tok: usize) -> bool {
    if open_tok == 0 {
        return true;
    }
    let p = open_tok - 1;
    let t = ctx.tokens[p].text(ctx.text);
    if ctx.tokens[open_tok].paragraph_start
        || ctx.text[ctx.tokens[p].end..ctx.tokens[open_tok].start].contains('\n')
    {
        return true;
    }
    if matches!(t, "'s" | "’s" | "'S" | "’S") {
        return false; // a title: ABC’s “This Week”
    }
    if t.chars().next().is_some_and(char::is_alphanumeric) {
        // "said “…”", but not "told “Fox and Friends”"
        return ctx.is_verb(p) && !matches!(ctx.w(p), "told" | "tells");
    }
    !matches!(t, "—" | "=" | "(" | ">" | "–")
}

/// Finds the quotations of `text` and attributes them: those in quotation marks, and
/// the turns of a transcript ("WALLACE: …"), which replace any marked quotation they
/// overlap.
pub fn find_quotes(text: &str, tokens: &[Token], people: &dyn People) -> Vec<RawQuote> {
    let turns = transcript::transcript_turns(text, tokens, |i| people.person_at(i));
    let mut quotes = find_marked_quotes(text, tokens, people);
    if !turns.is_empty() {
        quotes.retain(|q| {
            !turns
                .iter()
                .any(|t| q.start < t.end && q.end > t.label_start)
        });
        quotes.extend(turns.into_iter().map(|t| RawQuote {
            start: t.start,
            end: t.end,
            speaker: t.speaker,
            partial: false,
        }));
        // Quotations in text order, partial ones after.
        quotes.sort_by_key(|q| (q.partial, q.start));
    }
    quotes
}

/// The quotations in quotation marks, attributed.
fn find_marked_quotes(text: &str, tokens: &[Token], people: &dyn People) -> Vec<RawQuote> {
    let spans = find_quote_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(text, tokens, people, &spans);
    let tok_at = |pos: usize| tokens.partition_point(|t| t.end <= pos);
    let mut quotes: Vec<RawQuote> = Vec::new();
    // Kept apart so that they neither carry their speaker on nor bound the next search.
    let mut partials: Vec<RawQuote> = Vec::new();
    let mut prev_end_tok: usize = 0;
    for (qi, &(s, e)) in spans.iter().enumerate() {
        let content = &text[s..e];
        // Token range of the quote including its marks.
        let open_tok = tok_at(s).saturating_sub(1);
        let first = open_tok;
        let close = tok_at(e);
        let last = if close < tokens.len() && ctx.is_mark(close) {
            close + 1
        } else {
            close
        };
        if !stands_alone(&ctx, open_tok) {
            // A partial quotation ("Clinton called them “deplorables.”") is kept when the
            // clause around it names who used the words.
            if let Some(sp) = ctx.partial_speaker(first, last, s) {
                ctx.said.borrow_mut().push((s, e, sp.clone()));
                partials.push(RawQuote {
                    start: s,
                    end: e,
                    speaker: Some(sp),
                    partial: true,
                });
            }
            continue;
        }
        // A quote ending a sentence of its own ("“… done.”") may still be followed by
        // its attribution ("” Obama said."), but a new sentence can start there.
        let terminal = content
            .trim_end_matches(|c: char| c.is_whitespace() || c == '"' || c == '”' || c == '’')
            .ends_with(['.', '?', '!', '…']);
        let sentence_initial = first == 0
            || tokens[first].paragraph_start
            || matches!(ctx.w(first - 1), "." | "?" | "!" | "…")
            || text[tokens[first - 1].end..tokens[first].start].contains('\n');
        // After the quote: up to the end of the sentence, stopping at the next quote.
        let next_quote_tok = spans
            .get(qi + 1)
            .map_or(tokens.len(), |&(ns, _)| tok_at(ns).saturating_sub(1));
        let mut hi = last;
        while hi < tokens.len() && hi < next_quote_tok && hi < last + 30 {
            let t = &tokens[hi];
            let line_break = hi > 0 && text[tokens[hi - 1].end..t.start].contains('\n');
            if t.paragraph_start || line_break || (t.sentence_start && hi > last) {
                break;
            }
            hi += 1;
        }
        if terminal && hi > last && ctx.is_capitalized(last) {
            // A new sentence after the quote attributes it only when it opens with it.
            if let Some(v) = (last..hi).find(|&k| ctx.is_verb(k)) {
                let comma = (last..v).any(|k| ctx.w(k) == ",");
                if v - last > 4 && !comma {
                    hi = last;
                }
            } else {
                hi = last;
            }
        }
        // Before the quote: from the sentence start (into the previous sentence when the
        // quote opens one; after a colon, into the previous paragraph).
        let mut lo = first;
        let colon_intro = first > 0 && ctx.w(first - 1) == ":";
        let mut hit_prev = false;
        while lo > prev_end_tok && first - lo < 40 {
            if tokens[lo].paragraph_start && !(lo == first && colon_intro) {
                break;
            }
            lo -= 1;
            if tokens[lo].sentence_start {
                break;
            }
        }
        if lo == prev_end_tok && !quotes.is_empty() && lo < first {
            hit_prev = true;
        }
        let mut speaker = None;
        let mut nobody = false;
        let mut take = |f: Found, speaker: &mut Option<String>| match f {
            Found::Speaker(sp) => {
                *speaker = Some(sp);
                true
            }
            Found::Nobody => {
                nobody = true;
                true
            }
            Found::Nothing => false,
        };
        let dash_name = (last + 1 < hi && matches!(ctx.w(last), "―" | "—" | "–" | "-"))
            .then(|| ctx.object_at(last + 1, hi, s))
            .and_then(|f| match f {
                Found::Speaker(n) => Some(n),
                _ => None,
            });
        if let Some(n) = dash_name {
            // "“…” ― Adriana Rodarte"
            speaker = Some(n);
        } else if sentence_initial && hit_prev && quotes.last().is_some_and(|q| q.speaker.is_some())
        {
            // "“A,” Okonkwo said. “B.”": the words between attribute the previous quote.
            if !take(ctx.attribute(last, hi, true, s), &mut speaker) {
                speaker = quotes.last().and_then(|q| q.speaker.clone());
            }
        } else if terminal && !sentence_initial {
            // "Trump replied, “Well, maybe so.”" — the clause before comes first.
            if !take(ctx.attribute(lo, first, false, s), &mut speaker) {
                take(ctx.attribute(last, hi, true, s), &mut speaker);
            }
        } else if !take(ctx.attribute(last, hi, true, s), &mut speaker) {
            take(ctx.attribute(lo, first, false, s), &mut speaker);
        }
        if speaker.is_none() && !nobody {
            // A quote that continues the previous one keeps its speaker: little text
            // between, at most one paragraph break, and no one else named.
            if let Some(prev) = quotes.last() {
                let between = text.get(prev.end..s).unwrap_or("");
                let breaks = between.matches('\n').count();
                let words = word_count(between);
                // Names in the previous quote's own attribution ("…,” Obama said after
                // meeting Putin.) do not count.
                let from = ctx.sentence_of(tok_at(prev.end)) + 1;
                let others = ctx.mentions.iter().any(|m| {
                    m.start >= prev.end
                        && m.start < s
                        && m.sentence >= from
                        && Some(m.name) != prev.speaker.as_deref()
                });
                // ... nor do its words ("…," says Alison Pritchett, a food historian
                // at the University of York who has spent a decade …).
                let rest = ctx
                    .sentences
                    .get(from)
                    .map_or(s, |&k| tokens.get(k).map_or(s, |t| t.start))
                    .clamp(prev.end.min(s), s);
                let words_after = word_count(&text[rest..s]);
                if words <= 3 || (breaks <= 2 && words_after <= 25 && !others) {
                    speaker = prev.speaker.clone();
                }
            }
        }
        if speaker.is_none()
            && !nobody
            && sentence_initial
            && (last..hi).all(|k| !tokens[k].text(text).chars().any(char::is_alphanumeric))
        {
            // A quotation that opens a paragraph or a sentence, with nothing after it,
            // after reported speech ("Mr Hale praised the plan.\n\n“It will work.”",
            // "Hale called him a master. “He showed…”") is the reporting sentence's
            // subject's.
            speaker = ctx.reported_before(first, prev_end_tok, s);
        }
        prev_end_tok = last.min(tokens.len());
        if speaker.is_none() && word_count(content) < 4 {
            continue;
        }
        if let Some(sp) = &speaker {
            ctx.said.borrow_mut().push((s, e, sp.clone()));
        }
        quotes.push(RawQuote {
            start: s,
            end: e,
            speaker,
            partial: false,
        });
    }
    if !partials.is_empty() {
        quotes.append(&mut partials);
        quotes.sort_by_key(|q| q.start);
    }
    quotes
}
