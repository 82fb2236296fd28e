//! Quotations and their speakers: straight and curly quotes, quotes that run over
//! several paragraphs, attribution after, before and around the quote ("X said",
//! "said X", "X told reporters", "according to X", "X: “…”"), pronouns and titles
//! resolved to the last person named, consecutive quotes carrying their speaker.

use super::recognize::SPEECH_VERBS;
use super::tokenize::Token;
use crate::ingest::date::is_month_or_weekday;

/// A quotation: byte range of the quoted words (without the marks) and its speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct RawQuote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
}

/// What the quote finder needs to know about the people of the article.
pub trait People {
    /// Canonical person whose mention covers token `i`.
    fn person_at(&self, i: usize) -> Option<&str>;
    /// Canonical person mentioned last before byte `pos`, outside quotations.
    fn last_person_before(&self, pos: usize, quotes: &[(usize, usize)]) -> Option<&str>;
}

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Quoted stretches of `text`: (content start, content end) in bytes. Quotes left open
/// at the end of a paragraph continue when the next paragraph opens with a quote mark.
pub fn find_quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    let mut pending: Option<usize> = None; // quote continued from the previous paragraph
    let mut para_start = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            // Paragraph break: a blank line.
            let mut j = i + 1;
            let rest = &text[j..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
            j += ws;
            if text[j..].starts_with('\n') {
                if let Some(s) = open.take() {
                    // Unclosed at paragraph end: may continue in the next paragraph.
                    pending = Some(s);
                    let end = text[..i].trim_end().len();
                    pending_end_push(&mut out, s, end, true);
                }
                straight_open = false;
                para_start = true;
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let next_char = it.peek().map(|&(_, n)| n);
        let starts_para = para_start;
        para_start = false;
        if is_open(c)
            || (c == '"' && !straight_open && next_char.is_some_and(|n| !n.is_whitespace()))
        {
            let content = i + c.len_utf8();
            if starts_para {
                if let Some(s) = pending.take() {
                    // Continuation: replace the provisional end with a merged quote.
                    if out
                        .last()
                        .is_some_and(|q: &(usize, usize, bool)| q.0 == s && q.2)
                    {
                        out.pop();
                    }
                    open = Some(s);
                    straight_open = c == '"';
                    continue;
                }
            }
            if open.is_none() {
                open = Some(content);
                straight_open = c == '"';
            }
            continue;
        }
        // A straight mark also closes a curly quote ("“no evidence\" yet") when it is
        // not followed by a word.
        let straight_closes = c == '"'
            && (straight_open
                || (open.is_some() && next_char.is_none_or(|n| !n.is_alphanumeric())));
        if is_close(c) || straight_closes {
            if let Some(s) = open.take() {
                out.push((s, i, false));
            }
            straight_open = false;
            continue;
        }
        if starts_para {
            pending = None;
        }
    }
    if let Some(s) = open {
        out.push((s, text.trim_end().len(), false));
    }
    out.into_iter()
        .map(|(s, e, _)| (s, e))
        .filter(|(s, e)| e > s)
        .collect()
}

fn pending_end_push(out: &mut Vec<(usize, usize, bool)>, s: usize, e: usize, provisional: bool) {
    out.push((s, e, provisional));
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Speech verbs beyond the recognizer's list (which also serves person recognition).
const EXTRA_VERBS: &[&str] = &[
    "reported",
    "reports",
    "fumed",
    "pressed",
    "answered",
    "quipped",
    "mused",
    "wondered",
    "commented",
    "emailed",
    "posted",
    "saying",
    "adding",
    "telling",
    "writing",
    "noting",
    "explaining",
    "asking",
    "tweeting",
    "yelled",
    "shouted",
    "exclaimed",
    "boasted",
    "bragged",
    "lamented",
    "testified",
    "recalls",
    "concludes",
    "continues",
    "retorted",
    "interjected",
    "charged",
    "snapped",
    "scoffed",
    "predicts",
    "thundered",
    "read",
    "reads",
    "recalling",
    "arguing",
    "insisting",
    "warning",
    "declaring",
    "stating",
    "replies",
    "responds",
    "shot",
    "offered",
    "texted",
    "messaged",
    "grumbled",
    "groused",
    "chided",
    "cracked",
    "whispered",
    "screamed",
    "chanted",
    "pleaded",
    "mocked",
    "huffed",
    "sniffed",
    "elaborated",
    "affirmed",
    "opined",
    "recounts",
    "tweets",
    "quips",
    "jokes",
    "acknowledges",
    "admits",
    "agrees",
    "announces",
    "declared",
    "concedes",
    "counters",
    "asserted",
    "asserts",
    "assured",
    "repeated",
    "answers",
    "points",
    "questioned",
    "exhorted",
    "demanded",
];

/// Words that may stand between a subject and its verb ("Trump later told").
const SKIP_BEFORE_VERB: &[&str] = &[
    "also",
    "later",
    "then",
    "once",
    "further",
    "has",
    "had",
    "have",
    "would",
    "will",
    "previously",
    "recently",
    "simply",
    "just",
    "again",
    "often",
    "repeatedly",
    "himself",
    "herself",
    "first",
    "earlier",
    "had",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "yesterday",
    "today",
    "tonight",
    "once",
    "finally",
    "ultimately",
    "famously",
    "reportedly",
    "flatly",
    "bluntly",
    "quickly",
    "privately",
    "publicly",
    "told",
];

/// Capitalized words that do not start a name: these and month and weekday names.
fn is_not_name(w: &str) -> bool {
    NOT_NAMES.contains(&w) || is_month_or_weekday(w)
}

/// See [`is_not_name`].
const NOT_NAMES: &[&str] = &[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "as",
    "when",
    "while",
    "after",
    "before",
    "it",
    "this",
    "that",
    "these",
    "those",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "if",
    "so",
    "yet",
    "then",
    "later",
    "still",
    "asked",
    "according",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "one",
    "some",
    "many",
    "most",
    "all",
    "both",
    "for",
    "from",
    "with",
    "by",
    "of",
    "to",
    "now",
    "even",
    "instead",
    "meanwhile",
    "however",
    "also",
    "said",
    "says",
    "today",
    "yesterday",
    "earlier",
    "last",
    "next",
    "not",
    "no",
    "yes",
    "well",
    "oh",
    "speaking",
    "writing",
    "during",
    "since",
    "until",
    "about",
    "under",
    "over",
    "into",
    "people",
    "officials",
    "sources",
    "critics",
    "supporters",
    "others",
    "experts",
];

/// Particles inside names ("Beto de la Cruz").
const NAME_PARTICLES: &[&str] = &[
    "de", "la", "van", "von", "der", "bin", "al", "del", "da", "le",
];

const DEFINITE: &[&str] = &["the", "his", "her", "their", "its", "our"];
const INDEFINITE: &[&str] = &[
    "a", "an", "one", "another", "some", "two", "three", "several",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sex {
    Male,
    Female,
}

/// First names with a clear sex, from the census list ("MF" names are left out).
fn first_name_sex(name: &str) -> Option<Sex> {
    use std::collections::HashMap;
    use std::sync::OnceLock;
    static TABLE: OnceLock<HashMap<&'static str, Sex>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        const FIRST_NAMES: &str = include_str!("../../data/gazetteer/first_names.txt");
        let mut m = HashMap::new();
        for line in FIRST_NAMES.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(n), Some(sex)) = (cols.next(), cols.nth(2)) else {
                continue;
            };
            let sex = match sex.trim() {
                "M" => Sex::Male,
                "F" => Sex::Female,
                _ => continue,
            };
            m.insert(n.trim(), sex);
        }
        m
    });
    if name.is_ascii() && name.bytes().any(|b| b.is_ascii_lowercase()) {
        table.get(name).copied()
    } else {
        // Table keys are capitalized ("James").
        let mut c = name.chars();
        let first = c.next()?;
        let key: String = first
            .to_uppercase()
            .chain(c.flat_map(char::to_lowercase))
            .collect();
        table.get(key.as_str()).copied()
    }
}

/// The sex of a canonical person name, from its first known first name.
fn person_sex(name: &str) -> Option<Sex> {
    name.split_whitespace()
        .take(3)
        .find_map(|w| first_name_sex(w.trim_end_matches('.')))
}

/// A person mentioned outside quotations: token range and canonical name.
struct PersonMention<'p> {
    start: usize,
    name: &'p str,
}

struct Ctx<'a, 'p> {
    text: &'a str,
    tokens: &'a [Token],
    people: &'p dyn People,
    spans: &'a [(usize, usize)],
    words: Vec<std::borrow::Cow<'a, str>>,
    mentions: Vec<PersonMention<'p>>,
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
        let mut mentions: Vec<PersonMention<'p>> = Vec::new();
        let mut si = 0;
        let mut prev: Option<(usize, &str)> = None;
        for (i, t) in tokens.iter().enumerate() {
            let Some(name) = people.person_at(i) else {
                prev = None;
                continue;
            };
            if prev.is_some_and(|(j, n)| j + 1 == i && n == name) {
                prev = Some((i, name));
                continue;
            }
            prev = Some((i, name));
            while si < spans.len() && spans[si].1 <= t.start {
                si += 1;
            }
            let inside = si < spans.len() && spans[si].0 <= t.start;
            if !inside {
                mentions.push(PersonMention {
                    start: t.start,
                    name,
                });
            }
        }
        Ctx {
            text,
            tokens,
            people,
            spans,
            words,
            mentions,
        }
    }

    fn w(&self, k: usize) -> &str {
        &self.words[k]
    }

    fn is_mark(&self, k: usize) -> bool {
        matches!(self.w(k), "“" | "”" | "\"" | "«" | "»" | "„")
    }

    fn is_capitalized(&self, k: usize) -> bool {
        self.tokens[k]
            .text(self.text)
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    }

    fn is_verb(&self, k: usize) -> bool {
        if self.is_capitalized(k) && !self.tokens[k].sentence_start {
            return false; // "United States", "Pointed Remarks"
        }
        let w = self.w(k);
        SPEECH_VERBS.contains(&w)
            || EXTRA_VERBS.contains(&w)
            || (w == "put" && self.words.get(k + 1).is_some_and(|n| n == "it"))
            || (w == "according" && self.words.get(k + 1).is_some_and(|n| n == "to"))
    }

    /// Last person named before byte `pos` outside quotations, of the given sex if known.
    fn last_person(&self, pos: usize, sex: Option<Sex>) -> Option<String> {
        let end = self.mentions.partition_point(|m| m.start < pos);
        let ms = &self.mentions[..end];
        if let Some(sex) = sex {
            if let Some(m) = ms
                .iter()
                .rev()
                .find(|m| person_sex(m.name).is_none_or(|s| s == sex))
            {
                return Some(m.name.to_string());
            }
        }
        ms.last().map(|m| m.name.to_string()).or_else(|| {
            self.people
                .last_person_before(pos, self.spans)
                .map(str::to_string)
        })
    }

    fn pronoun(&self, k: usize) -> Option<Sex> {
        match self.w(k) {
            "he" => Some(Sex::Male),
            "she" => Some(Sex::Female),
            _ => None,
        }
    }

    /// A capitalized name not recognized as a person: the run of capitalized tokens
    /// `lo..=k` ending (`backward`) or starting at `k`; joined to a known person with
    /// the same last word when there is one.
    fn raw_name(&self, k: usize, lo: usize, hi: usize, backward: bool) -> Option<String> {
        let ok = |j: usize| {
            self.is_capitalized(j)
                && !self.is_mark(j)
                && self.tokens[j]
                    .text(self.text)
                    .chars()
                    .any(char::is_alphabetic)
        };
        if !ok(k) {
            return None;
        }
        let (mut a, mut b) = (k, k + 1);
        if backward {
            while a > lo
                && (ok(a - 1)
                    || (NAME_PARTICLES.contains(&self.w(a - 1)) && a - 1 > lo && ok(a - 2)))
                && b - a < 5
            {
                a -= 1;
            }
        } else {
            while b < hi
                && (ok(b) || (NAME_PARTICLES.contains(&self.w(b)) && b + 1 < hi && ok(b + 1)))
                && b - a < 5
            {
                b += 1;
            }
        }
        while a < b && is_not_name(self.w(a)) {
            a += 1;
        }
        if a >= b {
            return None;
        }
        if let Some(p) = (a..b).find_map(|j| self.people.person_at(j)) {
            return Some(p.to_string());
        }
        let last = self.tokens[b - 1].text(self.text);
        if let Some(m) = self.mentions.iter().rev().find(|m| {
            m.name
                .rsplit(' ')
                .next()
                .is_some_and(|l| l.eq_ignore_ascii_case(last))
        }) {
            return Some(m.name.to_string());
        }
        let s = self.tokens[a].start;
        let e = self.tokens[b - 1].end;
        Some(self.text[s..e].replace('’', "'"))
    }

    /// The noun phrase at `k` (subject before a verb when `backward`, object after it).
    fn speaker_at(&self, k: usize, lo: usize, hi: usize, backward: bool, qpos: usize) -> Found {
        if let Some(p) = self.people.person_at(k) {
            return Found::Speaker(p.to_string());
        }
        if let Some(sex) = self.pronoun(k) {
            return self
                .last_person(qpos, Some(sex))
                .map_or(Found::Nobody, Found::Speaker);
        }
        if matches!(
            self.w(k),
            "they" | "we" | "i" | "you" | "it" | "who" | "which"
        ) {
            return Found::Nobody;
        }
        if let Some(n) = self.raw_name(k, lo, hi, backward) {
            return Found::Speaker(n);
        }
        // A nominal: "the minister said", "said the former governor".
        let det = if backward {
            (k.saturating_sub(5).max(lo)..=k)
                .rev()
                .take_while(|&j| !self.is_mark(j) && self.w(j) != ",")
                .find(|&j| DEFINITE.contains(&self.w(j)) || INDEFINITE.contains(&self.w(j)))
        } else {
            Some(k)
        };
        if let Some(d) = det {
            if DEFINITE.contains(&self.w(d)) {
                return self
                    .last_person(qpos, None)
                    .map_or(Found::Nobody, Found::Speaker);
            }
            if INDEFINITE.contains(&self.w(d)) {
                return Found::Nobody;
            }
        }
        Found::Nothing
    }

    fn is_participle(&self, k: usize) -> bool {
        let w = self.w(k);
        w.ends_with("ing") && w != "according"
    }

    fn is_possessive(&self, k: usize) -> bool {
        self.words
            .get(k + 1)
            .is_some_and(|n| matches!(n.as_ref(), "'s" | "’s" | "'" | "’"))
    }

    /// The speaker a clause `lo..v` opens with: its first person named (not a
    /// possessive), a leading pronoun, else its first capitalized name.
    fn clause_subject(&self, lo: usize, v: usize, qpos: usize) -> Found {
        let mut m = v;
        while m > lo && !self.is_mark(m - 1) {
            m -= 1;
        }
        for k in m..v {
            if let Some(p) = self.people.person_at(k) {
                if !self.is_possessive(k) && self.people.person_at(k + 1) != Some(p) {
                    return Found::Speaker(p.to_string());
                }
            }
        }
        for k in m..v.min(m + 3) {
            if let Some(sex) = self.pronoun(k) {
                return self
                    .last_person(qpos, Some(sex))
                    .map_or(Found::Nobody, Found::Speaker);
            }
        }
        for k in m..v {
            if self.is_capitalized(k)
                && !is_not_name(self.w(k))
                && !self.is_mark(k)
                && !self.tokens[k].sentence_start
            {
                let mut b = k + 1;
                while b < v && self.is_capitalized(b) {
                    b += 1;
                }
                if !self.is_possessive(b - 1) {
                    if let Some(n) = self.raw_name(b - 1, k, v, true) {
                        return Found::Speaker(n);
                    }
                }
            }
        }
        Found::Nothing
    }

    /// The speaker named after a verb ("said Okonkwo", "said pollster Frank Luntz",
    /// "said the minister"): the last name of the noun phrase at `k`.
    fn object_at(&self, k: usize, hi: usize, qpos: usize) -> Found {
        if let Some(sex) = self.pronoun(k) {
            return self
                .last_person(qpos, Some(sex))
                .map_or(Found::Nobody, Found::Speaker);
        }
        if matches!(self.w(k), "they" | "we" | "i" | "you" | "it") {
            return Found::Nobody;
        }
        let mut end = k;
        while end < hi && end - k < 8 {
            let w = self.w(end);
            let stop = self.is_mark(end)
                || matches!(
                    w,
                    "," | "."
                        | ":"
                        | ";"
                        | "("
                        | "—"
                        | "–"
                        | "-"
                        | "of"
                        | "at"
                        | "in"
                        | "for"
                        | "from"
                        | "with"
                        | "on"
                        | "who"
                        | "which"
                        | "that"
                        | "to"
                        | "as"
                        | "and"
                        | "during"
                        | "after"
                        | "before"
                        | "when"
                )
                || (end > k && self.is_verb(end));
            if stop {
                break;
            }
            end += 1;
        }
        if end == k {
            return Found::Nothing;
        }
        for b in (k..end).rev() {
            if let Some(p) = self.people.person_at(b) {
                return Found::Speaker(p.to_string());
            }
            if self.is_capitalized(b) && !is_not_name(self.w(b)) && !self.is_possessive(b) {
                if let Some(n) = self.raw_name(b, k, end, true) {
                    return Found::Speaker(n);
                }
            }
        }
        if DEFINITE.contains(&self.w(k)) {
            return self
                .last_person(qpos, None)
                .map_or(Found::Nobody, Found::Speaker);
        }
        if INDEFINITE.contains(&self.w(k)) {
            return Found::Nobody;
        }
        Found::Nothing
    }

    /// Looks for "<speaker> <verb>" or "<verb> <speaker>" in tokens `lo..hi`.
    fn attribute(&self, lo: usize, hi: usize, after: bool, qpos: usize) -> Found {
        if lo >= hi {
            return Found::Nothing;
        }
        let verb = if after {
            (lo..hi).find(|&k| self.is_verb(k))
        } else {
            (lo..hi).rev().find(|&k| self.is_verb(k))
        };
        let Some(mut v) = verb else {
            // "Okonkwo: “…”" — a name right before a colon that opens the quote.
            if !after && self.w(hi - 1) == ":" && hi - 1 > lo {
                if let Found::Speaker(s) = self.speaker_at(hi - 2, lo, hi, true, qpos) {
                    return Found::Speaker(s);
                }
                // "Here’s Clinton in December 1992:", "Hoff’s letter makes the case:"
                if let Some(p) = (lo..hi - 1)
                    .rev()
                    .take_while(|&k| !self.is_mark(k))
                    .find_map(|k| self.people.person_at(k))
                {
                    return Found::Speaker(p.to_string());
                }
            }
            return Found::Nothing;
        };
        if self.w(v) == "according" {
            return if v + 2 < hi {
                self.object_at(v + 2, hi, qpos)
            } else {
                Found::Nothing
            };
        }
        if self.is_participle(v) && v > lo {
            // "…, telling reporters, “…”": the subject of the main clause.
            match (lo..v)
                .rev()
                .find(|&k| self.is_verb(k) && !self.is_participle(k) && self.w(k) != "according")
            {
                Some(f) => v = f,
                None => return self.clause_subject(lo, v, qpos),
            }
        }
        // Subject before the verb; after a quote only a phrase that starts right after
        // it ("” Kenji Mori, the chief executive, said"), not "” for Clinton, said Kunin".
        let subject_ok = !after
            || self.is_capitalized(lo)
            || self.pronoun(lo).is_some()
            || DEFINITE.contains(&self.w(lo))
            || INDEFINITE.contains(&self.w(lo))
            || matches!(self.w(lo), "they" | "we" | "i" | "you" | "it")
            || (v - lo <= 6
                && (lo..v)
                    .all(|k| !matches!(self.w(k), "," | "." | ";" | ":") && !self.is_mark(k))
                && (lo..v).any(|k| self.is_capitalized(k)));
        let mut j = v;
        let mut skipped = 0;
        while j > lo && skipped < 3 {
            let w = self.w(j - 1);
            if SKIP_BEFORE_VERB.contains(&w)
                || (w.ends_with("ly") && !self.is_capitalized(j - 1) && w.len() > 4)
            {
                j -= 1;
                skipped += 1;
            } else {
                break;
            }
        }
        if j > lo && subject_ok {
            let k = j - 1;
            if self.w(k) == "," {
                // "Kenji Mori, the chief executive of Hoshino Motors, said".
                let f = self.clause_subject(lo, k, qpos);
                if !matches!(f, Found::Nothing) {
                    return f;
                }
            } else if self.w(k) == "and" {
                // "De Blasio said … and said": the first verb's subject.
                if let Some(f) = (lo..k).rev().find(|&x| self.is_verb(x)) {
                    return self.attribute(lo, f + 1, false, qpos);
                }
                return self.clause_subject(lo, k, qpos);
            } else if !self.is_mark(k) {
                match self.speaker_at(k, lo, hi, true, qpos) {
                    Found::Nothing => {
                        // "Trump on Monday told": the nearest person a few words back.
                        for m in (k.saturating_sub(6).max(lo)..k).rev() {
                            if self.is_mark(m) {
                                break;
                            }
                            if let Some(p) = self.people.person_at(m) {
                                return Found::Speaker(p.to_string());
                            }
                        }
                    }
                    f => return f,
                }
            }
        }
        // Object after the verb: "said Okonkwo", "said the minister" (not "told CNN").
        if matches!(self.w(v), "told" | "tells" | "telling") && !after {
            return Found::Nothing;
        }
        let mut k = v + 1;
        while k < hi && matches!(self.w(k), "," | "up" | "out" | "back" | "on") {
            k += 1;
        }
        if k < hi && !self.is_mark(k) {
            return self.object_at(k, hi, qpos);
        }
        Found::Nothing
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

/// Finds the quotations of `text` and attributes them.
pub fn find_quotes(text: &str, tokens: &[Token], people: &dyn People) -> Vec<RawQuote> {
    let spans = find_quote_spans(text);
    if spans.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(text, tokens, people, &spans);
    let tok_at = |pos: usize| tokens.partition_point(|t| t.end <= pos);
    let mut quotes: Vec<RawQuote> = Vec::new();
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
                let others = ctx.mentions.iter().any(|m| {
                    m.start >= prev.end && m.start < s && Some(m.name) != prev.speaker.as_deref()
                });
                if words <= 3 || (breaks <= 2 && words <= 25 && !others) {
                    speaker = prev.speaker.clone();
                }
            }
        }
        prev_end_tok = last.min(tokens.len());
        if speaker.is_none() && word_count(content) < 4 {
            continue;
        }
        quotes.push(RawQuote {
            start: s,
            end: e,
            speaker,
        });
    }
    quotes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_and_curly_spans() {
        let t = "“We will win,” she said. He said \"no way out\" again.";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["We will win,", "no way out"]);
    }

    #[test]
    fn quote_spanning_paragraphs_is_one() {
        let t = "“First paragraph of the quote.\n\n“Second paragraph,” she said.\n\nNext.";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec!["First paragraph of the quote.\n\n“Second paragraph,"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "It’s the minister’s view that \"talks can't fail\".";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["talks can't fail"]);
    }

    /// People given as (token index range, name) over `tokenize`d text.
    struct Mock(Vec<(usize, usize, &'static str)>, Vec<Token>);

    impl People for Mock {
        fn person_at(&self, i: usize) -> Option<&str> {
            self.0
                .iter()
                .find(|(a, b, _)| *a <= i && i < *b)
                .map(|p| p.2)
        }
        fn last_person_before(&self, pos: usize, quotes: &[(usize, usize)]) -> Option<&str> {
            self.0
                .iter()
                .rev()
                .filter(|(a, _, _)| self.1[*a].start < pos)
                .find(|(a, _, _)| {
                    let s = self.1[*a].start;
                    !quotes.iter().any(|&(qs, qe)| qs <= s && s < qe)
                })
                .map(|p| p.2)
        }
    }

    fn run(text: &str, names: &[(&str, &'static str)]) -> Vec<(String, Option<String>)> {
        let tokens = crate::extract::tokenize::tokenize(text);
        let mut people = Vec::new();
        for &(written, canonical) in names {
            let n = written.split(' ').count();
            for (i, _) in tokens.iter().enumerate() {
                if i + n <= tokens.len()
                    && (0..n).all(|j| Some(tokens[i + j].text(text)) == written.split(' ').nth(j))
                {
                    people.push((i, i + n, canonical));
                }
            }
        }
        people.sort();
        let mock = Mock(people, tokens.clone());
        find_quotes(text, &tokens, &mock)
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.speaker))
            .collect()
    }

    #[test]
    fn scare_quotes_and_titles_are_not_quotes() {
        let t = "T\n\nGreen called the plan a “total disaster” on Monday. He spoke on ABC’s “This Week With George Stephanopoulos.”";
        assert!(run(t, &[("Green", "Mia Green")]).is_empty());
    }

    #[test]
    fn pronoun_takes_the_last_person_of_its_sex() {
        let t =
            "T\n\nMary Stone met John Reed in Ohio.\n\n“We agreed on nothing at all,” she said.";
        let q = run(
            t,
            &[("Mary Stone", "Mary Stone"), ("John Reed", "John Reed")],
        );
        assert_eq!(q[0].1.as_deref(), Some("Mary Stone"));
    }

    #[test]
    fn unknown_names_and_second_sentences() {
        let t = "T\n\n“The numbers just do not add up,” Priebus said. “We will see in June.”\n\nLater, Trump met donors.";
        let q = run(t, &[("Trump", "Donald Trump")]);
        assert_eq!(q.len(), 2);
        assert!(
            q.iter().all(|(_, s)| s.as_deref() == Some("Priebus")),
            "{q:?}"
        );
    }

    #[test]
    fn appositive_and_dash_attribution() {
        let t = "T\n\n“It is a start,” Lars Vinter, the deputy head of the NATO mission in Riga, said on Monday.\n“Vote for anyone but him, please.” ― Ana Ruiz\n";
        let q = run(t, &[("Lars Vinter", "Lars Vinter")]);
        assert_eq!(q[0].1.as_deref(), Some("Lars Vinter"));
        assert_eq!(q[1].1.as_deref(), Some("Ana Ruiz"));
    }

    #[test]
    fn participle_takes_the_main_subject() {
        let t = "T\n\nRepublicans were quick to respond, with Tom Hill tweeting that it was a disaster for Jane Wu and asking, “How can she be our next president?”";
        let q = run(t, &[("Tom Hill", "Tom Hill"), ("Jane Wu", "Jane Wu")]);
        assert_eq!(q[0].1.as_deref(), Some("Tom Hill"));
    }
}
