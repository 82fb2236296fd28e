//! Quotations and their speakers: straight and curly quotes, quotes that run over
//! several paragraphs, attribution after, before and around the quote ("X said",
//! "said X", "X told reporters", "according to X", "X: “…”"), pronouns and role nouns
//! resolved by salience (`salience`), consecutive quotes carrying their speaker, and
//! partial quotations whose speaker the clause names. Marks are in `marks`.

use super::gazetteer::Gazetteer;
use super::recognize::SPEECH_VERBS;
use super::tokenize::Token;
use crate::ingest::date::is_month_or_weekday;
pub use marks::find_quote_spans;
use salience::{Mention, Sex};

mod marks;
mod salience;

/// A quotation: byte range of the quoted words (without the marks) and its speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct RawQuote {
    pub start: usize,
    pub end: usize,
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
    "sings",
    "sang",
    "remembered",
    "reflected",
    "echoed",
    "boomed",
];

/// Verbs that introduce the words of a partial quotation ("called it “a disgrace”").
const PARTIAL_VERBS: &[&str] = &[
    "called",
    "calls",
    "calling",
    "described",
    "describes",
    "describing",
    "dubbed",
    "labeled",
    "labelled",
    "branded",
    "termed",
    "promised",
    "promises",
    "vowed",
    "vows",
    "pledged",
    "urged",
    "urges",
    "accused",
    "accuses",
    "blamed",
    "slammed",
    "criticized",
    "criticised",
    "condemned",
    "denounced",
    "dismissed",
    "deemed",
    "suggested",
    "suggests",
    "ruled",
    "hailed",
    "praised",
    "referred",
    "refers",
    "likened",
    "compared",
    "conceded",
    "acknowledged",
    "admitted",
    "expressed",
    "lauded",
    "proposed",
    "lamented",
    "bemoaned",
    "heralded",
    "proclaimed",
    "thanked",
    "complained",
    "predicted",
    "ridiculed",
    "decried",
    "blasted",
    "defended",
    "rejected",
    "characterized",
    "characterised",
    "touted",
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
            orgs: std::cell::OnceCell::new(),
            partial: std::cell::Cell::new(false),
            said: std::cell::RefCell::new(Vec::new()),
        };
        ctx.mentions = ctx.collect_mentions(|i| people.person_at(i));
        ctx
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
        if backward {
            if let Some(p) = self.owner_before(k, lo) {
                return Found::Speaker(p.to_string());
            }
        }
        if let Some(sex) = self.pronoun(k) {
            return self
                .salient_person(qpos.min(self.tokens[k].start), Some(sex))
                .map_or(Found::Nobody, Found::Speaker);
        }
        if matches!(
            self.w(k),
            "they" | "we" | "i" | "you" | "it" | "who" | "which"
        ) {
            return Found::Nobody;
        }
        // "the Australian said", "the New Zealander said".
        if backward {
            if let Some(f) = (k.saturating_sub(2).max(lo)..k)
                .rev()
                .find(|&d| self.w(d) == "the")
                .and_then(|d| self.national(d, k + 1, qpos))
            {
                return f;
            }
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
                    .role_speaker(d, k + 1, qpos.min(self.tokens[d].start))
                    .map_or(Found::Nobody, Found::Speaker);
            }
            if INDEFINITE.contains(&self.w(d)) {
                return Found::Nobody;
            }
        }
        Found::Nothing
    }

    /// The person a name ending at `k` is attached to by a preposition: "Joel Pollak of
    /// Breitbart California said", "Mr Morgan of the Sierra Club said" — the subject is
    /// the person, not the place or organization after "of".
    fn owner_before(&self, k: usize, lo: usize) -> Option<&'p str> {
        if !self.is_capitalized(k) || self.is_mark(k) {
            return None;
        }
        let mut a = k;
        while a > lo && k - a < 5 && self.is_capitalized(a - 1) && !self.is_mark(a - 1) {
            a -= 1;
        }
        if a > lo && self.w(a - 1) == "the" {
            a -= 1;
        }
        if a < lo + 2 || !matches!(self.w(a - 1), "of" | "at" | "from") {
            return None;
        }
        let p = a - 2;
        self.people.person_at(p).filter(|_| !self.is_possessive(p))
    }

    /// "the Spaniard", "the New Zealander" at tokens `d..e` (`d` the article): the
    /// person of that nationality (see [`Ctx::national_speaker`]).
    fn national(&self, d: usize, e: usize, qpos: usize) -> Option<Found> {
        if self.w(d) != "the"
            || e <= d + 1
            || e - d > 3
            || !(d + 1..e).all(|j| self.is_capitalized(j))
        {
            return None;
        }
        let s = self.tokens[d + 1].start;
        let phrase = &self.text[s..self.tokens[e - 1].end];
        // One person: not "the Australians", "the Dutch", "the Netherlands".
        if phrase.ends_with(['s', 'h']) || phrase.ends_with("men") {
            return None;
        }
        let country = *Gazetteer::global().demonyms.get(phrase)?;
        Some(
            self.national_speaker(country, qpos.min(self.tokens[d].start))
                .map_or(Found::Nobody, Found::Speaker),
        )
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
                    .salient_person(qpos.min(self.tokens[k].start), Some(sex))
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
                .salient_person(qpos.min(self.tokens[k].start), Some(sex))
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
        let named = (k..end).any(|b| self.people.person_at(b).is_some());
        if INDEFINITE.contains(&self.w(k)) && !named {
            // "said one Western diplomat": someone the article does not name.
            return Found::Nobody;
        }
        if let Some(f) = self.national(k, end, qpos) {
            return f; // "said the Spaniard"
        }
        for b in (k..end).rev() {
            if let Some(p) = self.people.person_at(b) {
                if self.is_possessive(b) {
                    // "said Rubio's deputy campaign manager, Rich Beeson": the name in
                    // apposition, else someone the article does not name.
                    return self
                        .apposition(end, hi)
                        .map_or(Found::Nobody, Found::Speaker);
                }
                return Found::Speaker(p.to_string());
            }
            if self.is_capitalized(b) && !is_not_name(self.w(b)) && !self.is_possessive(b) {
                if let Some(n) = self.raw_name(b, k, end, true) {
                    return Found::Speaker(n);
                }
            }
        }
        if DEFINITE.contains(&self.w(k)) {
            // "said the striker, Alan Shearer.": the name in apposition is the role's.
            if let Some(name) = self.apposition(end, hi) {
                return Found::Speaker(name);
            }
            return self
                .role_speaker(k, end, qpos.min(self.tokens[k].start))
                .map_or(Found::Nobody, Found::Speaker);
        }
        if INDEFINITE.contains(&self.w(k)) {
            return Found::Nobody;
        }
        Found::Nothing
    }

    /// The name set off by a comma right after a role noun ("the striker, Alan Shearer,"),
    /// when the words up to the next comma or full stop begin with that name.
    fn apposition(&self, comma: usize, hi: usize) -> Option<String> {
        if comma >= hi || self.w(comma) != "," {
            return None;
        }
        let first = comma + 1;
        if first >= hi {
            return None;
        }
        if let Some(p) = self.people.person_at(first) {
            return Some(p.to_string());
        }
        if !self.is_capitalized(first) || is_not_name(self.w(first)) {
            return None;
        }
        let stop = (first..hi.min(first + 6))
            .find(|&b| self.is_mark(b) || matches!(self.w(b), "," | "." | ";" | ":"))
            .unwrap_or(hi.min(first + 6));
        // Only a name and nothing else: "the coach, Ana Ruiz, said" but not "the
        // minister, Speaking in Delhi".
        let name = self.raw_name(first, first, stop, false)?;
        let words = (first..stop).count();
        (name.split(' ').count() == words && words >= 2).then_some(name)
    }

    /// Looks for "<speaker> <verb>" or "<verb> <speaker>" in tokens `lo..hi`.
    fn attribute(&self, lo: usize, hi: usize, after: bool, qpos: usize) -> Found {
        if lo >= hi {
            return Found::Nothing;
        }
        let verb = if after {
            (lo..hi).find(|&k| self.is_verb(k))
        } else {
            // The main clause's verb, not one of a relative clause after its object
            // ("X told a woman who suggested that …").
            let mut end = hi;
            loop {
                let v = (lo..end).rev().find(|&k| self.is_verb(k));
                match v {
                    Some(v)
                        if v > lo + 1
                            && matches!(self.w(v - 1), "who" | "which" | "that")
                            && (lo..v - 1).any(|k| self.is_verb(k)) =>
                    {
                        end = v - 1;
                    }
                    v => break v,
                }
            }
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
            // "footage of Trump saying, “…”": the participle's own subject.
            if let Some(p) = self.people.person_at(v - 1) {
                if !self.is_possessive(v - 1) {
                    return Found::Speaker(p.to_string());
                }
            }
            // "…, telling reporters, “…”": the subject of the main clause.
            match (lo..v).rev().find(|&k| {
                self.is_verb(k)
                        && !self.is_participle(k)
                        && self.w(k) != "according"
                        // not a relative clause: "an architect who said he was stiffed"
                        && !(k > lo && matches!(self.w(k - 1), "who" | "which" | "that"))
            }) {
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
                                if self.is_possessive(m) && !salience::is_document(self.w(k)) {
                                    // "Rubio's spokesman said": not Rubio (but "Ivana
                                    // Trump's brief said" is hers).
                                    return Found::Nobody;
                                }
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

impl Ctx<'_, '_> {
    /// The person whose words the sentence ending right before token `first` reports
    /// ("Valastro praised Christie's leadership."): the named subject of its speech
    /// verb, when no quotation lies between (tokens from `floor`).
    fn reported_before(&self, first: usize, floor: usize, qpos: usize) -> Option<String> {
        if first == 0 || first <= floor || !matches!(self.w(first - 1), "." | "!") {
            return None;
        }
        let mut lo = first - 1;
        while lo > floor && !self.tokens[lo].sentence_start && first - lo < 40 {
            lo -= 1;
        }
        if !self.tokens[lo].sentence_start || (lo..first).any(|k| self.is_mark(k)) {
            return None;
        }
        self.partial.set(true);
        let found = self.attribute(lo, first - 1, false, qpos);
        self.partial.set(false);
        let Found::Speaker(n) = found else {
            return None;
        };
        self.mentions.iter().any(|m| m.name == n).then_some(n)
    }

    /// The speaker of a partial quotation at tokens `first..last` (marks included): the
    /// subject of a speech verb before it in its sentence, or "…,” X said" after it; only
    /// a person or organization the article names.
    fn partial_speaker(&self, first: usize, last: usize, qpos: usize) -> Option<String> {
        let mut lo = first;
        while lo > 0 && !self.tokens[lo].sentence_start && first - lo < 40 {
            lo -= 1;
            if self.is_mark(lo) {
                // Another quotation in the same sentence bounds the clause.
                lo += 1;
                break;
            }
        }
        self.partial.set(true);
        let mut found = self.attribute(lo, first, false, qpos);
        // "…,” X said": the comma inside or after the closing mark.
        let comma = (last < self.tokens.len() && self.w(last) == ",")
            || (last >= 2 && self.w(last - 2) == "," && self.is_mark(last - 1));
        if !matches!(found, Found::Speaker(_)) && comma && last < self.tokens.len() {
            found = self.attribute(last, (last + 8).min(self.tokens.len()), true, qpos);
        }
        if !matches!(found, Found::Speaker(_)) {
            // "… chants of “Bobby!” at a conference, according to Doris Crouse-Mays."
            let end = (last + 25).min(self.tokens.len());
            let stop = (last..end)
                .find(|&k| (k > last && self.tokens[k].sentence_start) || self.is_mark(k))
                .unwrap_or(end);
            if let Some(k) = (last..stop.saturating_sub(2))
                .find(|&k| self.w(k) == "according" && self.w(k + 1) == "to")
            {
                found = self.object_at(k + 2, stop, qpos);
            }
        }
        self.partial.set(false);
        let Found::Speaker(n) = found else {
            return None;
        };
        let known =
            self.mentions.iter().any(|m| m.name == n) || self.orgs().iter().any(|m| m.name == n);
        known.then_some(n)
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

/// A speaker value with a speech verb glued to its front by the tagger ("Said Ellis:
/// “…”" gives "Said Ellis"): the name without it.
fn without_leading_verb(name: &str) -> Option<&str> {
    let (first, rest) = name.split_once(' ')?;
    let low = first.to_lowercase();
    (SPEECH_VERBS.contains(&low.as_str()) || EXTRA_VERBS.contains(&low.as_str())).then_some(rest)
}

/// One person, one speaker value: a one-word speaker ("Tom", "Ebeling") becomes the
/// full name of the article that starts or ends with that word, when exactly one does —
/// among the speakers, else among `people`. Ambiguous words ("Cruz" beside "Ted Cruz"
/// and "Heidi Cruz") stay as they are. Headline runs taken for names are dropped and a
/// speech verb glued to a name is cut off.
pub fn merge_speaker_variants<S: AsRef<str>>(quotes: &mut [RawQuote], people: &[S]) {
    for q in quotes.iter_mut() {
        if let Some(sp) = &q.speaker {
            if let Some(rest) = without_leading_verb(sp) {
                q.speaker = Some(rest.to_string());
            } else if !super::people::is_plausible_name(sp) {
                q.speaker = None;
            }
        }
    }
    let one_word = |q: &RawQuote| q.speaker.as_deref().is_some_and(|s| !s.contains(' '));
    if !quotes.iter().any(one_word) {
        return;
    }
    let full_of = |word: &str, names: &mut dyn Iterator<Item = &str>| -> Option<String> {
        let mut found: Option<&str> = None;
        for n in names {
            let mut parts = n.split(' ');
            let (first, last) = (parts.next(), parts.next_back());
            if last.is_some()
                && (first == Some(word) || last == Some(word))
                && super::people::is_plausible_name(n)
            {
                if found.is_some_and(|f| f != n) {
                    return None;
                }
                found = Some(n);
            }
        }
        found.map(str::to_string)
    };
    let speakers: Vec<String> = quotes.iter().filter_map(|q| q.speaker.clone()).collect();
    for q in quotes.iter_mut() {
        let Some(word) = q.speaker.as_deref().filter(|s| !s.contains(' ')) else {
            continue;
        };
        let full = full_of(word, &mut speakers.iter().map(String::as_str))
            .or_else(|| full_of(word, &mut people.iter().map(AsRef::as_ref)));
        if let Some(full) = full {
            q.speaker = Some(full);
        }
    }
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
                if words <= 3 || (breaks <= 2 && words <= 25 && !others) {
                    speaker = prev.speaker.clone();
                }
            }
        }
        if speaker.is_none()
            && !nobody
            && tokens[first].paragraph_start
            && (last..hi).all(|k| !tokens[k].text(text).chars().any(char::is_alphanumeric))
        {
            // A quotation that is a paragraph of its own, with nothing after it, after
            // reported speech ("Mr Hale praised the plan.\n\n“It will work.”") is the
            // reporting sentence's subject's.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// People and organizations given as (token index range, name) over `tokenize`d text.
    struct Mock(
        Vec<(usize, usize, &'static str)>,
        Vec<(usize, usize, &'static str)>,
    );

    impl Mock {
        fn with_orgs(mut self, orgs: Vec<(usize, usize, &'static str)>) -> Self {
            self.1 = orgs;
            self
        }
    }

    impl People for Mock {
        fn org_at(&self, i: usize) -> Option<&str> {
            self.1
                .iter()
                .find(|(a, b, _)| *a <= i && i < *b)
                .map(|p| p.2)
        }
        fn person_at(&self, i: usize) -> Option<&str> {
            self.0
                .iter()
                .find(|(a, b, _)| *a <= i && i < *b)
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
        let mock = Mock(people, Vec::new());
        find_quotes(text, &tokens, &mock)
            .into_iter()
            .filter(|q| !q.partial)
            .map(|q| (text[q.start..q.end].to_string(), q.speaker))
            .collect()
    }

    fn run_orgs(
        text: &str,
        names: &[(&str, &'static str)],
        orgs: &[(&str, &'static str)],
    ) -> Vec<(String, Option<String>)> {
        let tokens = crate::extract::tokenize::tokenize(text);
        let find = |list: &[(&str, &'static str)]| {
            let mut out = Vec::new();
            for &(written, canonical) in list {
                let n = written.split(' ').count();
                for i in 0..tokens.len() {
                    if i + n <= tokens.len()
                        && (0..n)
                            .all(|j| Some(tokens[i + j].text(text)) == written.split(' ').nth(j))
                    {
                        out.push((i, i + n, canonical));
                    }
                }
            }
            out.sort();
            out
        };
        let mock = Mock(find(names), Vec::new()).with_orgs(find(orgs));
        find_quotes(text, &tokens, &mock)
            .into_iter()
            .filter(|q| !q.partial)
            .map(|q| (text[q.start..q.end].to_string(), q.speaker))
            .collect()
    }

    fn speakers(q: &[(String, Option<String>)]) -> Vec<Option<&str>> {
        q.iter().map(|(_, s)| s.as_deref()).collect()
    }

    #[test]
    fn pronoun_takes_the_subject_of_the_previous_sentence() {
        // British style: the object of the previous sentence is nearer, but "he" is its
        // subject.
        let t = "T\n\nMr Gordon Hale said he would travel to Moscow to meet President Viktor Orlov.\n\n\"We have a great deal to talk about,\" he said.";
        let q = run(
            t,
            &[
                ("Gordon Hale", "Gordon Hale"),
                ("Viktor Orlov", "Viktor Orlov"),
            ],
        );
        assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
    }

    #[test]
    fn she_never_goes_to_a_man() {
        // "Mr Brown" has no first name; his title says he is a man.
        let t = "T\n\nThe Home Secretary, Ruth Ellery, met Mr Brown at Downing Street on Monday.\n\n\"The talks were frank and useful,\" she said.";
        let q = run(t, &[("Ruth Ellery", "Ruth Ellery"), ("Brown", "Brown")]);
        assert_eq!(speakers(&q), vec![Some("Ruth Ellery")]);
        // Nobody fits: no speaker rather than a man's name.
        let t = "T\n\nMr Brown met the unions on Monday.\n\n\"The talks were frank and useful,\" she said.";
        let q = run(t, &[("Brown", "Brown")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn role_noun_goes_to_the_person_with_that_title() {
        let t = "T\n\nForeign Secretary Alan Pryce flew to Brussels on Tuesday. He met Mr Dominic Varley and the Belgian premier, Luc Peeters, over dinner.\n\n\"Europe must speak with one voice,\" the foreign secretary said.";
        let q = run(
            t,
            &[
                ("Alan Pryce", "Alan Pryce"),
                ("Dominic Varley", "Dominic Varley"),
                ("Luc Peeters", "Luc Peeters"),
            ],
        );
        assert_eq!(speakers(&q), vec![Some("Alan Pryce")]);
        // Title after the name, AP style.
        let t = "T\n\nMaria Olsen, the prime minister, arrived late. Tom Reyes greeted her.\n\n\"We were stuck in traffic for an hour,\" the prime minister said.";
        let q = run(
            t,
            &[("Maria Olsen", "Maria Olsen"), ("Tom Reyes", "Tom Reyes")],
        );
        assert_eq!(speakers(&q), vec![Some("Maria Olsen")]);
    }

    #[test]
    fn the_striker_is_a_player_not_a_club() {
        let t = "T\n\nStriker Dean Mowbray scored twice as Leeds United beat Hull City 3-1 at Elland Road. Manager Colin Ash watched from the stands.\n\n\"It was the best night of my career,\" the striker said.";
        let q = run_orgs(
            t,
            &[("Dean Mowbray", "Dean Mowbray"), ("Colin Ash", "Colin Ash")],
            &[("Leeds United", "Leeds United"), ("Hull City", "Hull City")],
        );
        assert_eq!(speakers(&q), vec![Some("Dean Mowbray")]);
    }

    #[test]
    fn a_role_then_a_name_in_apposition_is_that_person() {
        let t = "T\n\nNewcastle beat Chelsea 2-1 on Saturday.\n\n\"We deserved the win and the fans were brilliant,\" said the striker, Alan Shearer.\n\n\"It was a great afternoon,\" said the club's chairman, who asked not to be named.";
        let q = run(t, &[("Alan Shearer", "Alan Shearer")]);
        assert_eq!(speakers(&q), vec![Some("Alan Shearer"), None]);
        // A name the recognizer missed is still taken, whole.
        let t = "T\n\n\"Prices will keep rising until the autumn,\" said the central bank's governor, Ines Marchetti.";
        let q = run(t, &[]);
        assert_eq!(speakers(&q), vec![Some("Ines Marchetti")]);
    }

    #[test]
    fn the_company_is_the_company_in_focus() {
        let t = "T\n\nHoshino Motors cut its profit forecast on Thursday after Sara Lind, an analyst at Nomura, warned of weak demand.\n\n\"Demand in Europe has been softer than we expected,\" the company said in a statement.";
        let q = run_orgs(
            t,
            &[("Sara Lind", "Sara Lind")],
            &[("Hoshino Motors", "Hoshino Motors"), ("Nomura", "Nomura")],
        );
        assert_eq!(speakers(&q), vec![Some("Hoshino Motors")]);
    }

    #[test]
    fn an_organization_speaks_only_when_the_text_says_so() {
        // The club is named, but "the 29-year-old" is a person: the subject before.
        let t = "T\n\nDean Mowbray signed a new contract with Leeds United on Friday.\n\n\"I never wanted to leave this place,\" the 29-year-old said.";
        let q = run_orgs(
            t,
            &[("Dean Mowbray", "Dean Mowbray")],
            &[("Leeds United", "Leeds United")],
        );
        assert_eq!(speakers(&q), vec![Some("Dean Mowbray")]);
    }

    #[test]
    fn told_names_the_speaker_first() {
        let t =
            "T\n\nMr Gordon Hale told Jeremy Vane: \"We will not raise taxes in this parliament.\"";
        let q = run(
            t,
            &[
                ("Gordon Hale", "Gordon Hale"),
                ("Jeremy Vane", "Jeremy Vane"),
            ],
        );
        assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
        let t = "T\n\nMr Gordon Hale told Sky News' Sunday programme with Jeremy Vane: \"We will not raise taxes in this parliament.\"";
        let q = run(
            t,
            &[
                ("Gordon Hale", "Gordon Hale"),
                ("Jeremy Vane", "Jeremy Vane"),
            ],
        );
        assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
    }

    #[test]
    fn according_to_x_then_z_said_is_z() {
        let t = "T\n\nAccording to Nadia Perez, Omar Shah said: \"The vote will be delayed until spring.\"";
        let q = run(
            t,
            &[("Nadia Perez", "Nadia Perez"), ("Omar Shah", "Omar Shah")],
        );
        assert_eq!(speakers(&q), vec![Some("Omar Shah")]);
    }

    #[test]
    fn quote_over_paragraphs_keeps_its_speaker_in_both_layouts() {
        for sep in [" ", "\n\n"] {
            let t = format!("T\n\nOmar Shah said: \"The vote will be delayed until spring.{sep}\"We need more time to count every ballot properly.{sep}\"Nobody wants a rushed result.\"\n\nAnalysts agreed.");
            let q = run(&t, &[("Omar Shah", "Omar Shah")]);
            assert!(!q.is_empty(), "{sep:?}");
            assert!(
                q.iter().all(|(_, s)| s.as_deref() == Some("Omar Shah")),
                "{q:?}"
            );
            let all: String = q.iter().map(|(c, _)| c.as_str()).collect();
            assert!(
                all.contains("count every ballot") && all.contains("Nobody wants"),
                "{q:?}"
            );
        }
    }

    #[test]
    fn no_speaker_rather_than_a_guess() {
        let t = "T\n\nThe talks in Geneva ended without agreement, and Anna Berg flew home.\n\n\"Nobody is leaving this room happy tonight,\" a diplomat said.";
        let q = run(t, &[("Anna Berg", "Anna Berg")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    /// All quotes, partial ones included: (text, speaker, partial).
    fn run_all(text: &str, names: &[(&str, &'static str)]) -> Vec<(String, Option<String>, bool)> {
        let tokens = crate::extract::tokenize::tokenize(text);
        let mut people = Vec::new();
        for &(written, canonical) in names {
            let n = written.split(' ').count();
            for i in 0..tokens.len() {
                if i + n <= tokens.len()
                    && (0..n).all(|j| Some(tokens[i + j].text(text)) == written.split(' ').nth(j))
                {
                    people.push((i, i + n, canonical));
                }
            }
        }
        people.sort();
        find_quotes(text, &tokens, &Mock(people, Vec::new()))
            .into_iter()
            .map(|q| (text[q.start..q.end].to_string(), q.speaker, q.partial))
            .collect()
    }

    #[test]
    fn partial_quotation_names_its_speaker_but_is_no_quotation() {
        let t = "T\n\nAt a rally in Leeds, Mr Gordon Hale called the budget \"a betrayal of working families\" and left.";
        let q = run_all(t, &[("Gordon Hale", "Gordon Hale")]);
        assert_eq!(
            q,
            vec![(
                "a betrayal of working families".to_string(),
                Some("Gordon Hale".to_string()),
                true
            )]
        );
        // A scare quote with no one using the words: nothing.
        let t = "T\n\nThe so-called \"peace dividend\" never arrived, Gordon Hale's aides admit.";
        assert!(run_all(t, &[("Gordon Hale", "Gordon Hale")]).is_empty());
    }

    #[test]
    fn relative_clause_verb_is_not_the_main_verb() {
        let t = "T\n\nOmar Shah was defensive about a builder who said he was never paid, saying, \"Maybe he did not do a good job.\"";
        let q = run(t, &[("Omar Shah", "Omar Shah")]);
        assert_eq!(speakers(&q), vec![Some("Omar Shah")]);
    }

    #[test]
    fn a_speech_verb_after_a_determiner_is_a_noun() {
        let t = "T\n\n\"It is an invasion of our regulatory domain,\" Nadia Perez, the attorney general of one of the states suing, said on Monday.";
        let q = run(t, &[("Nadia Perez", "Nadia Perez")]);
        assert_eq!(speakers(&q), vec![Some("Nadia Perez")]);
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

    #[test]
    fn a_demonym_is_the_person_of_that_country() {
        // Introduced with the country's possessive.
        let t = "T\n\nSweden's Erik Lund beat Spain's Pablo Ortega in four sets on Sunday. Ortega, 23, was gracious in defeat. \"He returned everything I hit,\" said the Spaniard.";
        let q = run(
            t,
            &[
                ("Erik Lund", "Erik Lund"),
                ("Pablo Ortega", "Pablo Ortega"),
                ("Ortega", "Pablo Ortega"),
            ],
        );
        assert_eq!(speakers(&q), vec![Some("Pablo Ortega")]);
        // Nobody introduced with it: the subject, but never someone of another country.
        let t = "T\n\nScotland coach Ian Baird said his side had been brave. \"We ran out of legs,\" the New Zealander said.";
        let q = run(t, &[("Ian Baird", "Ian Baird")]);
        assert_eq!(speakers(&q), vec![Some("Ian Baird")]);
        let t = "T\n\nCzech coach Jan Dvorak said his side had been slow. \"We deserved nothing from this game,\" said the Ghanaian.";
        let q = run(t, &[("Jan Dvorak", "Jan Dvorak")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn an_unnamed_speaker_after_a_capitalized_adjective_is_nobody() {
        let t = "T\n\nPrime Minister Ante Babic said the plan would pass. \"The centre proposes and the regions dispose,\" said one Western diplomat.";
        let q = run(t, &[("Ante Babic", "Ante Babic")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn a_role_before_a_comma_and_the_name_is_that_persons() {
        let t = "T\n\nBelgian coach Luc Maes admitted his side had been second best. Morocco's French coach, Henri Caron, said he was proud. \"Nobody gave us a chance,\" the coach said.";
        let q = run(
            t,
            &[("Luc Maes", "Luc Maes"), ("Henri Caron", "Henri Caron")],
        );
        assert_eq!(speakers(&q), vec![Some("Henri Caron")]);
    }

    #[test]
    fn a_name_after_a_countrys_possessive_is_the_subject() {
        let t = "T\n\nBritain's Ada Nwosu won the 100 metres backstroke, holding off Canada's Jenna Hart by a fingertip.\n\nThe 20-year-old from Bath touched in 59.8 seconds.\n\n\"I just closed my eyes and kicked,\" the 20-year-old said.";
        let q = run(
            t,
            &[("Ada Nwosu", "Ada Nwosu"), ("Jenna Hart", "Jenna Hart")],
        );
        assert_eq!(speakers(&q), vec![Some("Ada Nwosu")]);
    }

    #[test]
    fn a_role_first_given_to_someone_unnamed_stays_unnamed() {
        let t = "T\n\nFormer President Mahinda Ratnayake will contest the seat. Ratnayake's spokesman said an announcement would follow. \"He will not disappoint his supporters,\" the spokesman said.";
        let q = run(
            t,
            &[
                ("Mahinda Ratnayake", "Mahinda Ratnayake"),
                ("Ratnayake", "Mahinda Ratnayake"),
            ],
        );
        assert_eq!(speakers(&q), vec![None]);
    }

    fn partial_speakers(q: &[(String, Option<String>, bool)]) -> Vec<Option<&str>> {
        q.iter().map(|(_, s, _)| s.as_deref()).collect()
    }

    #[test]
    fn a_name_before_of_and_a_place_or_organization_is_the_subject() {
        let t = "T\n\n\"It was the least bad outcome,\" Mr Morgan of the Sierra Club said.";
        let q = run_orgs(
            t,
            &[("Morgan", "Peter Morgan")],
            &[("Sierra Club", "Sierra Club")],
        );
        assert_eq!(speakers(&q), vec![Some("Peter Morgan")]);
        let t = "T\n\nGov. Earl Tomblin of West Virginia lauded the plan for helping develop \"new and innovative ideas\" in the state.";
        let q = run_all(t, &[("Earl Tomblin", "Earl Tomblin")]);
        assert_eq!(partial_speakers(&q), vec![Some("Earl Tomblin")]);
    }

    #[test]
    fn a_possessive_name_is_not_the_speaker() {
        // The name in apposition to "X's manager" speaks, not X.
        let t = "T\n\n\"We are treating it as one long election day,\" said Rubio's deputy campaign manager, Rich Beeson, who ran the ground game.";
        let q = run(
            t,
            &[("Rubio", "Marco Rubio"), ("Rich Beeson", "Rich Beeson")],
        );
        assert_eq!(speakers(&q), vec![Some("Rich Beeson")]);
        // Unnamed: no speaker rather than the employer.
        let t = "T\n\n\"We are treating it as one long election day,\" said Rubio's deputy campaign manager.";
        let q = run(t, &[("Rubio", "Marco Rubio")]);
        assert_eq!(speakers(&q), vec![None]);
        let t = "T\n\nMarco Rubio spoke in Miami.\n\n\"We are treating it as one long election day,\" Rubio's spokesman said.";
        let q = run(
            t,
            &[("Marco Rubio", "Marco Rubio"), ("Rubio", "Marco Rubio")],
        );
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn a_report_speaks_for_its_organization_not_a_person() {
        let t = "T\n\nPrime Minister Ruth Ellery met bankers on Monday.\n\n\"The ultimate impact remains very unclear,\" the IMF report stated.";
        let q = run_orgs(
            t,
            &[("Ruth Ellery", "Ruth Ellery")],
            &[("IMF", "International Monetary Fund")],
        );
        assert_eq!(speakers(&q), vec![Some("International Monetary Fund")]);
        let t = "T\n\nPrime Minister Ruth Ellery met bankers on Monday.\n\n\"The ultimate impact remains very unclear,\" the report stated.";
        let q = run(t, &[("Ruth Ellery", "Ruth Ellery")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn the_main_verb_of_a_partial_quotation_is_not_in_a_relative_clause() {
        let t = "T\n\nAt a forum, Marc Morial told a young woman who suggested that some people may not vote that \"not voting is not a viable strategy.\"";
        let q = run_all(t, &[("Marc Morial", "Marc Morial")]);
        assert_eq!(partial_speakers(&q), vec![Some("Marc Morial")]);
    }

    #[test]
    fn according_to_after_a_partial_quotation_names_its_speaker() {
        let t = "T\n\nThe governor was greeted with chants of \"Bobby!\" at a labour conference last month, according to union leader Doris Crouse-Mays.";
        let q = run_all(t, &[("Doris Crouse-Mays", "Doris Crouse-Mays")]);
        assert_eq!(partial_speakers(&q), vec![Some("Doris Crouse-Mays")]);
    }

    #[test]
    fn a_passive_verb_names_no_speaker() {
        let t = "T\n\nHarold Bornstein's earlier letter on Ted Vance was widely criticized for its prediction that Ted Vance would be \"the healthiest individual ever elected\" to the office.";
        let q = run_all(
            t,
            &[
                ("Harold Bornstein", "Harold Bornstein"),
                ("Ted Vance", "Ted Vance"),
            ],
        );
        assert!(q.is_empty(), "{q:?}");
    }

    #[test]
    fn a_participle_right_after_a_name_is_that_persons() {
        let t = "T\n\nRuth Ellery spoke first.\n\nThe advert concludes with footage of Ted Vance saying during the debate, \"That makes me smart,\" when Ruth Ellery attacked him.";
        let q = run(
            t,
            &[("Ted Vance", "Ted Vance"), ("Ruth Ellery", "Ruth Ellery")],
        );
        assert_eq!(speakers(&q), vec![Some("Ted Vance")]);
    }

    #[test]
    fn a_quote_paragraph_after_reported_speech_is_the_reporters_subjects() {
        let t = "T\n\nMr Gordon Hale praised the plan and its authors.\n\n\"It will work for every family in the country.\"\n\nNext.";
        let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
        assert_eq!(speakers(&q), vec![Some("Gordon Hale")]);
        // Not when the quote has words of its own after it, nor after a sentence
        // reporting no one's words.
        let t = "T\n\nMr Gordon Hale praised the plan and its authors.\n\n\"Call the roll now, please,\" came shouts from the crowd.";
        let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
        assert_eq!(speakers(&q), vec![None]);
        let t = "T\n\nMr Gordon Hale visited the plant in Leeds.\n\n\"It will work for every family in the country.\"";
        let q = run(t, &[("Gordon Hale", "Gordon Hale")]);
        assert_eq!(speakers(&q), vec![None]);
    }

    #[test]
    fn one_word_speakers_join_the_full_name() {
        let q = |s: &str| RawQuote {
            start: 0,
            end: 1,
            speaker: Some(s.to_string()),
            partial: false,
        };
        let mut quotes = vec![q("Tom Ebeling"), q("Tom"), q("Ebeling"), q("Cruz")];
        merge_speaker_variants(&mut quotes, &["Ted Cruz", "Heidi Cruz"]);
        let got: Vec<_> = quotes.iter().map(|q| q.speaker.as_deref()).collect();
        // "Cruz" could be either of two people: left alone.
        assert_eq!(
            got,
            vec![
                Some("Tom Ebeling"),
                Some("Tom Ebeling"),
                Some("Tom Ebeling"),
                Some("Cruz")
            ]
        );
        // Junk from headlines and inverted attributions.
        let mut quotes = vec![
            q("Said Ellis"),
            q("Ryan Ellis"),
            q("Hillary Clinton Goes After Donald Trump As The New Mitt Romney"),
            q("Ted Cruz With George Wallace"),
            q("Martin Luther King Jr."),
        ];
        merge_speaker_variants(&mut quotes, &["Ryan Ellis"]);
        let got: Vec<_> = quotes.iter().map(|q| q.speaker.as_deref()).collect();
        assert_eq!(
            got,
            vec![
                Some("Ryan Ellis"),
                Some("Ryan Ellis"),
                None,
                None,
                Some("Martin Luther King Jr.")
            ]
        );
        // A full name among the article's people when no speaker has it.
        let mut quotes = vec![q("Sexton")];
        merge_speaker_variants(&mut quotes, &["Mary Sexton", "Ted Vance"]);
        assert_eq!(quotes[0].speaker.as_deref(), Some("Mary Sexton"));
        // Never a headline run that starts with the word.
        let mut quotes = vec![q("Hillary")];
        merge_speaker_variants(
            &mut quotes,
            &["Hillary Vance Goes After Ted Cruz As The New Nixon"],
        );
        assert_eq!(quotes[0].speaker.as_deref(), Some("Hillary"));
    }
}
