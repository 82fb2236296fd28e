//! Attributing a quotation: the speaker named in the clause before or after it ("X
//! said", "said X", "according to X", "X: “…”"), in apposition, as the object of a
//! verb, by a nationality or a role, in the reported sentence before it, and for a
//! partial quotation in the clause around it.

use super::cues::{is_not_name, DEFINITE, INDEFINITE, NAME_PARTICLES, SKIP_BEFORE_VERB};
use super::salience;
use super::{Ctx, Found};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::wordlist::WordList;

/// Words that open a subordinate clause before the main one ("When X appeared, Y said").
static SUBORDINATORS: WordList = WordList::new(&[
    "when", "after", "before", "although", "though", "while", "if", "because", "since", "once",
    "until", "whereas",
]);

/// Prepositions after which a name is no clause's subject ("Counsel for X, Y, said").
static PREPOSITIONS: WordList = WordList::new(&[
    "for", "of", "to", "with", "from", "by", "against", "about", "on", "at", "in", "behind",
]);

impl<'a, 'p> Ctx<'a, 'p> {
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
        // "the Premier said", "the Labor MP said": a title, not a name; the role is
        // resolved as a nominal.
        if a > 0 && self.w(a - 1) == "the" {
            let written: Vec<&str> = (a..b).map(|j| self.tokens[j].text(self.text)).collect();
            if crate::extract::people::is_only_title(&written, Gazetteer::global()) {
                return None;
            }
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
        } else if a > lo + 1
            && self.w(a - 2) == "the"
            && self.w(a - 1).bytes().all(|b| b.is_ascii_lowercase())
        {
            // "of the conservative National Action Party".
            a -= 2;
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

    pub(super) fn is_possessive(&self, k: usize) -> bool {
        self.words
            .get(k + 1)
            .is_some_and(|n| matches!(n.as_ref(), "'s" | "’s" | "'" | "’"))
    }

    /// Whether the clause at `m` (verb at `v`) opens with an indefinite person noun:
    /// "A friend of the striker insisted", "A source close to Marco said" — someone
    /// unnamed, whatever name follows.
    fn indefinite_subject(&self, m: usize, v: usize) -> bool {
        let mut a = m;
        while a < v && matches!(self.w(a), "but" | "and" | "yet" | "meanwhile") {
            a += 1;
        }
        if !matches!(self.w(a), "a" | "an" | "one" | "another") {
            return false;
        }
        let noun = (a + 1..v.min(a + 5))
            .find(|&k| !self.is_capitalized(k) && salience::is_person_noun(self.w(k)));
        noun.is_some_and(|k| {
            (a..=k).all(|j| self.people.person_at(j).is_none())
                // "A farm official from the region, Nikolai Pashkov, told", "A Plus
                // reporter Isaac Saul tweeted": named after all.
                && !(k + 1..v).any(|j| {
                    self.people.person_at(j).is_some() && !PREPOSITIONS.contains(&self.w(j - 1))
                })
                // "A spokeswoman for the committee said": the organization speaks.
                && !(a..v).any(|j| self.people.org_at(j).is_some())
        })
    }

    /// The speaker a clause `lo..v` opens with: its first person named (not a
    /// possessive), a leading pronoun, else its first capitalized name.
    fn clause_subject(&self, lo: usize, v: usize, qpos: usize) -> Found {
        let mut m = v;
        while m > lo && !self.is_mark(m - 1) {
            m -= 1;
        }
        // "When Pettigrew appeared in court, Magistrate Helen Barbaro refused him bail":
        // the subject of the main clause, after the subordinate one.
        // Only when someone is named or a pronoun stands after the comma: "As John
        // Cornyn, the No. 2 in the leadership, put it" is Cornyn's.
        if SUBORDINATORS.contains(&self.w(m)) {
            if let Some(c) = (m + 1..v).find(|&k| self.w(k) == ",") {
                if (c + 1..v)
                    .any(|k| self.people.person_at(k).is_some() || self.pronoun(k).is_some())
                {
                    m = c + 1;
                }
            }
        }
        if self.indefinite_subject(m, v) {
            return Found::Nobody;
        }
        let mut first = m;
        for k in m..v {
            if let Some(p) = self.people.person_at(k) {
                if k == m || self.people.person_at(k - 1) != Some(p) {
                    first = k;
                }
                // "Counsel for Mac Suibhne, Úna Breathnach SC, said": not after a
                // preposition.
                let governed = first > m && PREPOSITIONS.contains(&self.w(first - 1));
                if !self.is_possessive(k) && self.people.person_at(k + 1) != Some(p) && !governed {
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
                && (k == m || !PREPOSITIONS.contains(&self.w(k - 1)))
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
    pub(super) fn object_at(&self, k: usize, hi: usize, qpos: usize) -> Found {
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
            // "said the Nigerian diplomat", "said the Montreal-born director": a
            // nationality or where someone is from, before a role noun.
            let modifier = b + 1 < end
                && (self.country_of_word(b).is_some()
                    || crate::extract::recognize::compound_head(self.w(b)).is_some());
            if self.is_capitalized(b)
                && !modifier
                && !is_not_name(self.w(b))
                && !self.is_possessive(b)
            {
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
        let mut first = comma + 1;
        // "said the federation's vice-chairman, Mrs Wanida Srisuk,": past the honorific.
        while first + 1 < hi
            && self.people.person_at(first).is_none()
            && crate::extract::people::is_title(self.w(first).trim_end_matches('.'))
        {
            first += 1;
        }
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
    pub(super) fn attribute(&self, lo: usize, hi: usize, after: bool, qpos: usize) -> Found {
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
            if self.indefinite_subject(lo, j) {
                return Found::Nobody;
            }
            let mut k = j - 1;
            // "The National Democratic Congress (NDC) said": the name before the
            // bracketed short form.
            if self.w(k) == ")" {
                if let Some(open) = (k.saturating_sub(5).max(lo)..k).rfind(|&x| self.w(x) == "(") {
                    if open > lo && self.is_capitalized(open - 1) {
                        k = open - 1;
                    }
                }
            }
            if self.w(k) == "," {
                // "Kenji Mori, the chief executive of Hoshino Motors, said".
                let f = self.clause_subject(lo, k, qpos);
                if !matches!(f, Found::Nothing) {
                    return f;
                }
            } else if matches!(self.w(k), "and" | "but") {
                // "De Blasio said … and said", "Roberts said … but said": the first
                // verb's subject.
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
            let f = self.object_at(k, hi, qpos);
            // "63 percent said Clinton was “justified”": a name with a verb of its own
            // after it opens the reported clause; it is no inverted speaker.
            if !after && matches!(f, Found::Speaker(_)) {
                let mut e = k;
                while e < hi && e - k < 6 && self.people.person_at(e).is_some() {
                    e += 1;
                }
                if e > k && e < hi && CLAUSE_VERBS.contains(&self.w(e)) {
                    return Found::Nothing;
                }
            }
            return f;
        }
        Found::Nothing
    }
}

/// Verbs that show a name after "said" is the subject of the reported clause ("said
/// Clinton was …").
static CLAUSE_VERBS: WordList = WordList::new(&[
    "was", "is", "were", "are", "had", "has", "have", "would", "will", "could", "should", "did",
    "does", "must", "might", "can", "may",
]);

impl Ctx<'_, '_> {
    /// The person whose words the sentence ending right before token `first` reports
    /// ("Valastro praised Christie's leadership."): the named subject of its speech
    /// verb, when no quotation lies between (tokens from `floor`).
    pub(super) fn reported_before(
        &self,
        first: usize,
        floor: usize,
        qpos: usize,
    ) -> Option<String> {
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
    /// Whether the sentence at token `lo` opens with `name` (after "Even", "But", "And").
    fn opens_sentence(&self, lo: usize, name: &str) -> bool {
        let mut k = lo;
        while matches!(
            self.w(k),
            "even" | "but" | "and" | "yet" | "still" | "meanwhile" | ","
        ) {
            k += 1;
        }
        name.split(' ').enumerate().all(|(i, part)| {
            self.tokens
                .get(k + i)
                .is_some_and(|t| t.text(self.text) == part)
        })
    }

    pub(super) fn partial_speaker(&self, first: usize, last: usize, qpos: usize) -> Option<String> {
        let mut lo = first;
        // The closing mark of another quotation earlier in the sentence.
        let mut after_quote: Option<usize> = None;
        while lo > 0 && !self.tokens[lo].sentence_start && first - lo < 40 {
            lo -= 1;
            if self.is_mark(lo) {
                // Another quotation in the same sentence bounds the clause.
                after_quote = Some(lo);
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
        let n = match found {
            Found::Speaker(n) => n,
            Found::Nobody => return None,
            // "X said the cut was "painful but unavoidable" and accused radicals of
            // "playing with fire."": with no subject of its own, the clause goes on
            // with the speaker of the quotation before it in the sentence.
            Found::Nothing => {
                let at = self.tokens[after_quote?].start;
                let said = self.said.borrow();
                let (_, _, sp) = said.iter().rfind(|(_, e, _)| *e <= at && at - *e <= 4)?;
                return Some(sp.clone());
            }
        };
        // A country that is the clause's subject speaks for its government ("Japan
        // branded North Korea an "outlaw nation"").
        let known = self.mentions.iter().any(|m| m.name == n)
            || self.orgs().iter().any(|m| m.name == n)
            || (n.len() > 3
                && n.chars().all(|c| c.is_alphabetic() || c == ' ')
                && self.opens_sentence(lo, &n)
                && Gazetteer::global()
                    .country_names
                    .contains_key(&crate::extract::fold::fold(&n)));
        known.then_some(n)
    }
}
