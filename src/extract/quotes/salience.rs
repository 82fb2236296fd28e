//! Who a pronoun or a role noun points to: the people and organizations of the article
//! outside quotations, ranked by salience. Within a sentence the speaker of a quotation
//! ranks first, then the grammatical subject (the first name not after a preposition
//! and not a possessive), then the others, latest first; sentences are searched from
//! the latest back, and a sentence whose subject is a pronoun of the sex asked for ("He
//! added that Clinton …") is skipped for the one its pronoun points back to. "he" and
//! "she" only take a person of that sex or of unknown sex (first names and honorifics
//! give the sex); "the foreign secretary" takes the person introduced with that title;
//! "the company" takes the organization in focus.

use super::Ctx;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::recognize::SPEECH_VERBS;
use crate::extract::wordlist::WordList;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Sex {
    Male,
    Female,
}

/// A person or organization named outside quotations.
pub(super) struct Mention<'p> {
    /// Byte offset of the first token.
    pub start: usize,
    /// Token range.
    pub tok: usize,
    pub end: usize,
    pub name: &'p str,
    /// Index of the sentence (see [`Ctx::sentence_of`]).
    pub sentence: usize,
    /// The first name of its sentence that is neither after a preposition nor a
    /// possessive.
    pub subject: bool,
    /// Someone the sentence opens with but never names ("A spokeswoman for Brandt
    /// said"): `name` is empty, and a pronoun that points here has no named speaker.
    pub unnamed: bool,
    /// The sex the noun of an unnamed subject gives ("spokeswoman"), if any.
    pub sex: Option<Sex>,
}

/// Nouns for people an article may leave unnamed ("A spokeswoman for Brandt said", "One
/// resident said"), with the sex the noun gives.
const UNNAMED_PEOPLE: &[(&str, Option<Sex>)] = &[
    ("spokesman", Some(Sex::Male)),
    ("spokeswoman", Some(Sex::Female)),
    ("spokesperson", None),
    ("aide", None),
    ("official", None),
    ("adviser", None),
    ("advisor", None),
    ("source", None),
    ("lawyer", None),
    ("attorney", None),
    ("representative", None),
    ("staffer", None),
    ("witness", None),
    ("resident", None),
    ("man", Some(Sex::Male)),
    ("woman", Some(Sex::Female)),
    ("mother", Some(Sex::Female)),
    ("father", Some(Sex::Male)),
    ("neighbor", None),
    ("neighbour", None),
    ("protester", None),
    ("voter", None),
    ("supporter", None),
    ("officer", None),
    ("diplomat", None),
];

/// First names with a clear sex: the US Census lists, then the non-US list ("MF" and
/// unknown names are left out).
pub(super) fn first_name_sex(name: &str) -> Option<Sex> {
    static TABLE: OnceLock<HashMap<&'static str, Sex>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        const CENSUS: &str = include_str!("../../../data/gazetteer/first_names.txt");
        const EXTRA: &str = include_str!("../../../data/gazetteer/first_names_extra.txt");
        const SURNAMES: &str = include_str!("../../../data/gazetteer/surnames.txt");
        let mut m = HashMap::new();
        // Columns: name, frequency, rank, sex.
        read_sexes(CENSUS.lines(), 3, &mut m);
        // A name far more common as a surname says nothing of its bearer's sex: it leads
        // a family-name-first name ("Le Van Minh", "Tran Thi Hoa"; "Le" is a rare girl's
        // name in the census). Columns: name, frequency.
        let freq = |l: &str| {
            l.split('\t')
                .nth(1)
                .and_then(|f| f.trim().parse::<f64>().ok())
        };
        let census: HashMap<&str, f64> = CENSUS
            .lines()
            .filter_map(|l| Some((l.split('\t').next()?, freq(l)?)))
            .collect();
        // The list runs from the most common surname down: past twice the rarest census
        // first name's frequency, no surname can outweigh one (7,500 of 88,800 lines).
        let rarest = census.values().copied().fold(f64::INFINITY, f64::min);
        for l in SURNAMES.lines().filter(|l| !l.starts_with('#')) {
            let Some(s) = freq(l) else {
                continue;
            };
            if s <= 2.0 * rarest {
                break;
            }
            let name = l.split('\t').next().unwrap_or("");
            if census.get(name).is_some_and(|&f| s > 2.0 * f) {
                m.remove(name);
            }
        }
        // Columns: name, sex, locales.
        read_sexes(EXTRA.lines(), 1, &mut m);
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

fn read_sexes<'a>(lines: impl Iterator<Item = &'a str>, col: usize, m: &mut HashMap<&'a str, Sex>) {
    for line in lines {
        if line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(n), Some(sex)) = (cols.next(), cols.nth(col - 1)) else {
            continue;
        };
        let sex = match sex.trim() {
            "M" => Sex::Male,
            "F" => Sex::Female,
            _ => continue,
        };
        m.entry(n.trim()).or_insert(sex);
    }
}

/// The country of a demonym or a country's name or alias ("Spaniard", "New Zealander",
/// "Australia"); not of an ISO code ("MR" is no country here).
pub(super) fn demonym_country(w: &str) -> Option<usize> {
    let gaz = Gazetteer::global();
    gaz.demonyms
        .get(w)
        .or_else(|| gaz.country_names.get(&crate::extract::fold::fold(w)))
        .copied()
}

/// The sex of a canonical person name, from its first known first name.
pub(super) fn person_sex(name: &str) -> Option<Sex> {
    name.split_whitespace()
        .take(3)
        .find_map(|w| first_name_sex(w.trim_end_matches('.')))
}

/// The sex an honorific gives ("Mr", "Mrs.", "Lady"); lower-case word.
fn honorific_sex(w: &str) -> Option<Sex> {
    match w.trim_end_matches('.') {
        "mr" | "sir" | "lord" | "messrs" | "shri" => Some(Sex::Male),
        "mrs" | "ms" | "miss" | "lady" | "dame" | "smt" | "shrimati" => Some(Sex::Female),
        _ => None,
    }
}

/// Words after which a name is not the subject of its sentence.
static NOT_BEFORE_SUBJECT: WordList = WordList::new(&[
    "to",
    "with",
    "of",
    "by",
    "for",
    "from",
    "at",
    "against",
    "on",
    "about",
    "than",
    "like",
    "in",
    "into",
    "over",
    "under",
    "between",
    "beat",
    "met",
    "meet",
    "told",
    "tell",
    "and",
    "or",
    "as",
    "behind",
    "after",
    "before",
    "succeed",
    "replace",
    "replaced",
    "defeated",
    "called",
    "named",
    "appointed",
    "nominated",
    "endorsed",
    "attacked",
    "criticised",
    "criticized",
    "praised",
    "accused",
    "thanked",
    "urged",
    "asked",
    "interviewed",
]);

/// Words a sentence may open with before its subject ("But he said …").
static SENTENCE_OPENERS: WordList = WordList::new(&[
    "but",
    "and",
    "so",
    "then",
    "yet",
    "still",
    "now",
    "later",
    "however",
    "meanwhile",
    "instead",
    "also",
]);

/// Prepositions that open a place or time before a sentence's subject ("Near
/// Pietersburg, a farmer said …").
static ADVERBIAL_OPENERS: WordList = WordList::new(&[
    "near",
    "in",
    "at",
    "outside",
    "inside",
    "on",
    "across",
    "after",
    "before",
    "during",
    "elsewhere",
    "back",
    "further",
    "nearby",
]);

/// Head nouns that name an organization ("the company said").
static ORG_NOUNS: WordList = WordList::new(&[
    "company",
    "firm",
    "group",
    "bank",
    "club",
    "carrier",
    "airline",
    "retailer",
    "lender",
    "insurer",
    "manufacturer",
    "maker",
    "ministry",
    "department",
    "agency",
    "council",
    "board",
    "union",
    "corporation",
    "conglomerate",
    "operator",
    "utility",
    "supermarket",
    "chain",
    "broadcaster",
    "regulator",
    "fund",
    "commission",
    "committee",
    "party",
    "authority",
    "association",
    "federation",
    "organisation",
    "organization",
    "institute",
    "foundation",
    "charity",
    "movement",
    "alliance",
    "coalition",
]);

/// Head nouns of writings and records ("the IMF report said"): they speak for the
/// organization named in the phrase, never for a person.
static DOCUMENT_NOUNS: WordList = WordList::new(&[
    "report",
    "statement",
    "study",
    "letter",
    "poll",
    "survey",
    "memo",
    "document",
    "documents",
    "editorial",
    "website",
    "article",
    "complaint",
    "lawsuit",
    "filing",
    "ruling",
    "release",
    "analysis",
    "ad",
    "advert",
    "headline",
    "brief",
]);

/// Whether `w` (lower case) is the head noun of a writing or record ("report", "brief").
pub(super) fn is_document(w: &str) -> bool {
    DOCUMENT_NOUNS.contains(&w)
}

/// Person nouns that no suffix of [`is_person_noun`] gives away.
static PERSON_NOUNS: WordList = WordList::new(&[
    "candidate",
    "delegate",
    "advocate",
    "graduate",
    "chief",
    "head",
    "boss",
    "star",
    "champion",
    "veteran",
    "expert",
    "official",
    "aide",
    "pilot",
    "judge",
    "attorney",
    "counsel",
    "doctor",
    "nurse",
    "priest",
    "bishop",
    "cleric",
    "sheriff",
    "general",
    "colonel",
    "captain",
    "coach",
    "rookie",
    "victim",
    "witness",
    "suspect",
    "envoy",
    "host",
    "anchor",
    "actress",
    "artist",
    "teen",
    "boy",
    "girl",
    "child",
    "wife",
    "husband",
    "son",
    "daughter",
    "brother",
    "sister",
    "widow",
    "widower",
    "mother",
    "father",
    "grandmother",
    "grandfather",
    "mp",
    "mep",
    "mla",
    "premier",
    "secretary",
    "minister",
    "chancellor",
    "president",
    "mayor",
    "senator",
    "governor",
    "nominee",
    "diplomat",
    "guard",
    "cop",
    "chef",
    "mum",
    "mom",
    "dad",
    "fan",
    "youngster",
    "skipper",
    "midfielder",
    "keeper",
    "goalkeeper",
    "defender",
    "forward",
    "winger",
    "batsman",
    "bowler",
    "jockey",
    "trainer",
    "magistrate",
    "justice",
    "councillor",
    "councilor",
    "deputy",
    "treasurer",
    "speaker",
    "mogul",
    "tycoon",
    "magnate",
    "billionaire",
    "millionaire",
    "entrepreneur",
    "hopeful",
    "legend",
    "icon",
    "native",
    "chair",
    "ceo",
    "heir",
    "heiress",
    "favourite",
    "favorite",
    "colleague",
    "friend",
    "partner",
    "don",
    "academic",
    "scholar",
    "elder",
    "monk",
    "nun",
]);

/// Nouns ending like a person noun that name things ("the paper said", "the order").
static THING_NOUNS: WordList = WordList::new(&[
    "paper",
    "order",
    "letter",
    "number",
    "numbers",
    "center",
    "centre",
    "computer",
    "poster",
    "flyer",
    "trailer",
    "chapter",
    "charter",
    "answer",
    "counter",
    "cover",
    "folder",
    "banner",
    "register",
    "ledger",
    "monitor",
    "sector",
    "factor",
    "error",
    "mirror",
    "tweet",
    "ant",
    "event",
    "percent",
    "incident",
    "accident",
    "content",
    "intent",
    "talent",
    "plant",
    "restaurant",
    "warrant",
    "covenant",
    "descendant",
]);

/// Whether `w` (lower case) is a listed person noun or title ("resident", "governor"):
/// no suffix guessed, so no surname ("Baker", "Carter") passes.
pub(super) fn is_listed_person_noun(w: &str) -> bool {
    PERSON_NOUNS.contains(&w)
        || UNNAMED_PEOPLE.iter().any(|(n, _)| *n == w)
        || crate::extract::people::is_title(w)
}

/// Whether a role head noun (lower case) names a person ("governor", "striker",
/// "spokeswoman", "29-year-old"), not a thing that may "say" ("the clip says", "the
/// bill said"): a title, a person noun, a compound with one ("mother-of-two"), or a
/// person suffix ("-er", "-or", "-ist", "-ian", "-ee", "-man", "-ant", "-ent"; not
/// "-ment").
pub(super) fn is_person_noun(head: &str) -> bool {
    if THING_NOUNS.contains(&head) || head.ends_with("ment") || head.ends_with("ments") {
        return false;
    }
    if head.contains('-') && !head.ends_with("-year-old") {
        // "mother-of-two", "co-founder", "father-in-law".
        return head
            .split('-')
            .any(|part| part != head && is_person_noun(part));
    }
    let singular = head.strip_suffix('s').unwrap_or(head);
    PERSON_NOUNS.contains(&head)
        || PERSON_NOUNS.contains(&singular)
        || UNNAMED_PEOPLE
            .iter()
            .any(|(n, _)| *n == head || *n == singular)
        || crate::extract::people::is_title(head)
        || head.ends_with("-year-old")
        || [
            "er", "or", "ist", "ian", "ee", "man", "men", "woman", "women", "ant", "ent",
        ]
        .iter()
        .any(|suf| singular.ends_with(suf))
}

/// Whether a role head noun names several people ("researchers", "officials",
/// "spokesmen"): a plural of a person noun.
fn is_plural_person_noun(head: &str) -> bool {
    let plural = (head.ends_with('s') && !head.ends_with("ss") && head.len() > 3)
        || head.ends_with("men")
        || head == "people";
    plural && is_person_noun(head) && !PERSON_NOUNS.contains(&head)
}

/// Modifiers dropped from a role before it is matched ("the former minister").
const ROLE_MODIFIERS: &[&str] = &["former", "then", "new", "current", "outgoing", "incoming"];

impl<'p> Ctx<'_, 'p> {
    /// Index of the sentence token `k` is in.
    pub(super) fn sentence_of(&self, k: usize) -> usize {
        self.sentences
            .partition_point(|&s| s <= k)
            .saturating_sub(1)
    }

    /// Token index of the first token ending after byte `pos`.
    fn tok_at(&self, pos: usize) -> usize {
        self.tokens.partition_point(|t| t.end <= pos)
    }

    /// Mentions of people (or organizations) outside `spans`, with their sentence and
    /// whether they are its subject.
    pub(super) fn collect_mentions(
        &self,
        at: impl Fn(usize) -> Option<&'p str>,
    ) -> Vec<Mention<'p>> {
        let mut out: Vec<Mention<'p>> = Vec::new();
        let mut si = 0;
        let mut i = 0;
        let mut last_sentence = usize::MAX;
        while i < self.tokens.len() {
            let Some(name) = at(i) else {
                i += 1;
                continue;
            };
            let mut end = i + 1;
            while end < self.tokens.len() && at(end) == Some(name) {
                end += 1;
            }
            let t = &self.tokens[i];
            while si < self.spans.len() && self.spans[si].1 <= t.start {
                si += 1;
            }
            let inside = si < self.spans.len() && self.spans[si].0 <= t.start;
            if !inside {
                let sentence = self.sentence_of(i);
                let subject = sentence != last_sentence && self.is_subject_at(i, end);
                if subject {
                    last_sentence = sentence;
                }
                out.push(Mention {
                    start: t.start,
                    tok: i,
                    end,
                    name,
                    sentence,
                    subject,
                    unnamed: false,
                    sex: None,
                });
            }
            i = end;
        }
        out
    }

    /// Adds to the people's mentions the unnamed people that open a sentence naming
    /// no one before them: "A spokeswoman for Brandt said …", "One resident, who asked
    /// not to be named, said …" (not "An aide, Jim Roe, said").
    pub(super) fn add_unnamed_subjects(&mut self) {
        let mut added = Vec::new();
        let w = |k: usize| self.words.get(k).map_or("", |w| w.as_ref());
        for (si, &first) in self.sentences.iter().enumerate() {
            // Past a label ("UPDATE: A spokeswoman …").
            let mut first = if w(first + 1) == ":" {
                first + 2
            } else {
                first
            };
            // Past a place or time opening the sentence ("Near Pietersburg, a farmer
            // said …", "Outside the stadium, one supporter said …").
            if ADVERBIAL_OPENERS.contains(&w(first)) {
                let end = self.sentence_end(si);
                if let Some(c) = (first + 1..end.min(first + 9)).find(|&k| w(k) == ",") {
                    first = c + 1;
                }
            }
            if !matches!(w(first), "a" | "an" | "one" | "another") {
                continue;
            }
            // Up to three words before the noun ("A senior White House official"): a
            // listed person noun, or one by its suffix before a comma or a clause ("A
            // depot manager, who …", "a white farmer who asked …").
            let Some((k, sex)) = (first + 1..(first + 5).min(self.tokens.len())).find_map(|k| {
                if let Some(&(_, sex)) = UNNAMED_PEOPLE.iter().find(|(n, _)| *n == w(k)) {
                    return Some((k, sex));
                }
                let clause = matches!(w(k + 1), "," | "who" | "said" | "says" | "told");
                (clause && !self.is_capitalized(k) && is_person_noun(w(k))).then_some((k, None))
            }) else {
                continue;
            };
            if (first..=k).any(|j| self.people.person_at(j).is_some())
                || (w(k + 1) == "," && self.people.person_at(k + 2).is_some())
            {
                continue;
            }
            added.push(Mention {
                start: self.tokens[first].start,
                tok: first,
                end: k + 1,
                name: "",
                sentence: si,
                subject: true,
                unnamed: true,
                sex,
            });
        }
        if added.is_empty() {
            return;
        }
        for m in self.mentions.iter_mut() {
            if m.subject && added.iter().any(|a| a.sentence == m.sentence) {
                m.subject = false;
            }
        }
        self.mentions.extend(added);
        self.mentions.sort_by_key(|m| m.start);
    }

    /// One past the last token of sentence `si`.
    fn sentence_end(&self, si: usize) -> usize {
        self.sentences
            .get(si + 1)
            .copied()
            .unwrap_or(self.tokens.len())
    }

    /// Each sentence as (index, first token, first token after its openers ("But",
    /// "However,"), end).
    fn sentence_heads(&self) -> impl Iterator<Item = (usize, usize, usize, usize)> + use<'_, 'p> {
        self.sentences.iter().enumerate().map(|(si, &first)| {
            let end = self.sentence_end(si);
            let mut k = first;
            while k < end && (self.w(k) == "," || SENTENCE_OPENERS.contains(&self.w(k))) {
                k += 1;
            }
            (si, first, k, end)
        })
    }

    /// Finds the sentences whose subject is "he" or "she" (outside quotations): the
    /// pronoun opens the sentence ("He added that …", "But she said …") or reports it
    /// before any name that could be its subject ("Though the move was legal, he said,
    /// …"). Such a sentence is about the person the pronoun points to, not about the
    /// people it names further on ("He added that Clinton would meet Trump").
    pub(super) fn add_pronoun_subjects(&mut self) {
        let mut out = Vec::new();
        for (si, first, k, end) in self.sentence_heads() {
            let opening = (k < end && self.pronoun(k).is_some()).then_some(k);
            let reporting = || {
                (first..end).find(|&j| {
                    self.pronoun(j).is_some()
                        && j > first
                        && self.w(j - 1) == ","
                        && self
                            .words
                            .get(j + 1)
                            .is_some_and(|v| SPEECH_VERBS.contains(&v.as_ref()))
                })
            };
            let Some(j) = opening.or_else(reporting) else {
                continue;
            };
            let start = self.tokens[j].start;
            let named_before = self
                .mentions
                .iter()
                .any(|m| m.sentence == si && m.subject && m.start < start);
            let quoted = self.spans.iter().any(|&(a, b)| a <= start && start < b);
            if let (false, false, Some(sex)) = (named_before, quoted, self.pronoun(j)) {
                out.push((si, start, sex));
            }
        }
        self.pronoun_subjects = out;
    }

    /// Sentences whose subject is a definite person noun naming no one ("The Republican
    /// vice presidential nominee was speaking … after Trump shamed Alicia Machado."):
    /// the noun points back to someone named earlier, so a later role noun passes over
    /// the names of that sentence. (Sentence index, byte offset of "the".)
    fn find_role_subjects(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (si, _, k, end) in self.sentence_heads() {
            if k >= end || self.w(k) != "the" {
                continue;
            }
            let start = self.tokens[k].start;
            // Up to five words of the noun phrase, the head a person noun followed by a
            // verb-like lower-case word; no name inside.
            let head = (k + 1..end.min(k + 7)).find(|&h| {
                is_person_noun(self.w(h))
                    && self.words.get(h + 1).is_some_and(|n| {
                        n.chars().all(|c| c.is_ascii_lowercase())
                            && !matches!(
                                n.as_ref(),
                                "of" | "and"
                                    | "or"
                                    | "who"
                                    | "from"
                                    | "in"
                                    | "at"
                                    | "for"
                                    | "with"
                                    | "to"
                                    | "on"
                            )
                    })
                    && !self.tokens[h + 1]
                        .text(self.text)
                        .starts_with(char::is_uppercase)
            });
            let Some(h) = head else {
                continue;
            };
            let words_ok = (k + 1..=h).all(|j| {
                self.people.person_at(j).is_none()
                    && self.tokens[j]
                        .text(self.text)
                        .chars()
                        .all(|c| c.is_alphabetic() || c == '-')
            });
            let quoted = self.spans.iter().any(|&(a, b)| a <= start && start < b);
            if words_ok && !quoted {
                out.push((si, start));
            }
        }
        out
    }

    /// Organizations named outside quotations.
    pub(super) fn orgs(&self) -> &[Mention<'p>] {
        self.orgs
            .get_or_init(|| self.collect_mentions(|i| self.people.org_at(i)))
    }

    /// Whether the name at tokens `i..end` can be the subject of its sentence.
    fn is_subject_at(&self, i: usize, end: usize) -> bool {
        if self.is_possessive(end - 1) {
            return false;
        }
        let first = self.sentences[self.sentence_of(i)];
        // Skip titles before the name ("Foreign Secretary", "Mr", "the").
        let mut j = i;
        while j > first
            && i - j < 4
            && (self.is_capitalized(j - 1) || self.w(j - 1) == "the")
            && !self.is_mark(j - 1)
        {
            j -= 1;
        }
        if j == first {
            return true;
        }
        let prev = self.w(j - 1);
        // "Britain's Adaeze Okonkwo won": a country's possessive opens the subject.
        if matches!(prev, "'s" | "’s")
            && j >= 2
            && (j - 2 == first || !self.is_capitalized(j - 3) || self.w(j - 3) == "the")
            && self.country_of_word(j - 2).is_some()
        {
            return j - 2 == first;
        }
        !(NOT_BEFORE_SUBJECT.contains(&prev)
            || (prev.ends_with("ing") && prev.len() > 4)
            || matches!(prev, "'s" | "’s"))
    }

    /// The sex of person `name`: an honorific before any of its mentions, else its first
    /// name.
    pub(super) fn sex_of(&self, name: &str) -> Option<Sex> {
        for m in self.mentions.iter().filter(|m| m.name == name) {
            if let Some(s) = (m.tok..m.end.min(m.tok + 1))
                .chain(m.tok.checked_sub(1))
                .find_map(|k| honorific_sex(self.w(k)))
            {
                return Some(s);
            }
        }
        person_sex(name)
    }

    /// The most salient person before byte `cut` of sex `sex` (or unknown sex); `None`
    /// when no one fits.
    pub(super) fn salient_person(&self, cut: usize, sex: Option<Sex>) -> Option<String> {
        let end = self.mentions.partition_point(|m| m.start < cut);
        let said = self.said.borrow();
        let cut_sentence = self.sentence_of(self.tok_at(cut));
        let mut i = end;
        let mut sentence = self.mentions[..end]
            .last()
            .map_or(cut_sentence, |m| m.sentence);
        // Speakers of quotations count in the sentences they end in.
        let said_sentence = |&(_, e, _): &(usize, usize, String)| {
            self.sentence_of(self.tok_at(e.saturating_sub(1)))
        };
        if let Some(s) = said
            .iter()
            .rev()
            .filter(|q| q.1 <= cut)
            .map(said_sentence)
            .max()
        {
            sentence = sentence.max(s);
        }
        let fits = |n: &str, exact: bool| match (sex, self.sex_of(n)) {
            (None, _) => true,
            (Some(a), Some(b)) => a == b,
            (Some(_), None) => !exact,
        };
        for _group in 0..4 {
            let lo = self.mentions[..i].partition_point(|m| m.sentence < sentence);
            let here = &self.mentions[lo..i];
            let quoted = said
                .iter()
                .rev()
                .filter(|q| q.1 <= cut && said_sentence(q) == sentence);
            // "He added that Clinton …" before "he said": a sentence about someone
            // named earlier. (A role noun, asked for with no sex, is matched by title.)
            let about_earlier = self
                .pronoun_subjects
                .iter()
                .any(|&(ps, start, psex)| ps == sentence && start < cut && sex == Some(psex));
            // "The Republican nominee was speaking … after Trump shamed Machado." then
            // "the Indiana governor said": a role noun passes over that sentence's names.
            let about_earlier = about_earlier
                || (sex.is_none()
                    && self
                        .role_subjects
                        .get_or_init(|| self.find_role_subjects())
                        .iter()
                        .any(|&(rs, start)| rs == sentence && start < cut));
            let here = if about_earlier { &here[..0] } else { here };
            let ranked = quoted
                .map(|q| (q.2.as_str(), None))
                .chain(here.iter().filter(|m| m.subject).map(|m| (m.name, Some(m))))
                .chain(
                    here.iter()
                        .rev()
                        .filter(|m| !m.subject)
                        .map(|m| (m.name, Some(m))),
                );
            let mut unknown = None;
            for (n, m) in ranked {
                if let Some(m) = m.filter(|m| m.unnamed) {
                    // The sentence's subject is someone the article does not name.
                    if unknown.is_none() && (sex.is_none() || m.sex.is_none() || m.sex == sex) {
                        return None;
                    }
                    continue;
                }
                if fits(n, true) {
                    return Some(n.to_string());
                }
                if unknown.is_none() && fits(n, false) {
                    unknown = Some(n);
                }
            }
            if let Some(n) = unknown {
                return Some(n.to_string());
            }
            i = lo;
            // The next earlier sentence with a name or a quoted speaker.
            let prev_m = self.mentions[..i].last().map(|m| m.sentence);
            let prev_q = said
                .iter()
                .map(said_sentence)
                .filter(|&s| s < sentence)
                .max();
            sentence = match (prev_m, prev_q) {
                (Some(a), Some(b)) => a.max(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
        }
        // Further back: the last person who fits exactly.
        self.mentions[..i]
            .iter()
            .rev()
            .find(|m| !m.unnamed && sex.is_some() && fits(m.name, true))
            .map(|m| m.name.to_string())
    }

    /// The organization in focus before byte `cut`: the subject of the latest sentence
    /// naming one, else the last named.
    fn org_in_focus(&self, head: &str, cut: usize) -> Option<String> {
        let orgs = self.orgs();
        let end = orgs.partition_point(|m| m.start < cut);
        // "the commission said": the latest organization whose name has that word
        // ("Independent National Electoral Commission").
        if let Some(m) = orgs[..end].iter().rev().find(|m| {
            m.name
                .split([' ', '-'])
                .any(|w| w.eq_ignore_ascii_case(head))
        }) {
            return Some(m.name.to_string());
        }
        let last = orgs[..end].last()?;
        let lo = orgs[..end].partition_point(|m| m.sentence < last.sentence);
        let pick = orgs[lo..end].iter().find(|m| m.subject).unwrap_or(last);
        Some(pick.name.to_string())
    }

    /// The speaker a role noun phrase `det role…` (tokens `d..e`, `d` the determiner)
    /// stands for: the person introduced with that title, the organization in focus
    /// for "the company", the salient person for another "the" role; `None` when
    /// nobody fits (a possessive role, "his spokesman", names someone else).
    pub(super) fn role_speaker(&self, d: usize, e: usize, cut: usize) -> Option<String> {
        let role: Vec<&str> = (d + 1..e)
            .map(|k| self.w(k))
            .filter(|w| !ROLE_MODIFIERS.contains(w))
            .collect();
        if role
            .iter()
            .any(|w| matches!(*w, "'s" | "’s" | "," | "“" | "\""))
        {
            return None;
        }
        let &head = role.last()?;
        if DOCUMENT_NOUNS.contains(&head) {
            return (d + 1..e)
                .find_map(|k| self.people.org_at(k))
                .map(str::to_string);
        }
        if ORG_NOUNS.contains(&head) {
            return if self.w(d) == "the" || self.w(d) == "its" {
                self.org_in_focus(head, cut)
            } else {
                None
            };
        }
        if let Some(p) = self.titled(&role, cut) {
            return Some(p.to_string());
        }
        // "the researchers wrote": a group is no one person.
        if is_plural_person_noun(head) {
            return None;
        }
        if self.w(d) == "the" && is_person_noun(head) && !self.unnamed_role(&role, d) {
            // "the Nigerian diplomat": the person of that nationality.
            if let Some(c) = (d + 1..e - 1).find_map(|k| self.country_of_word(k)) {
                return self.national_speaker(c, cut);
            }
            return self.salient_person(cut, None);
        }
        None
    }

    /// The latest person before byte `cut` introduced with `role` right before the name
    /// ("Foreign Secretary Jack Straw", "striker Dean Mowbray") or in an apposition
    /// after it ("Maria Olsen, the prime minister,", "Dean Mowbray, 29,").
    fn titled(&self, role: &[&str], cut: usize) -> Option<&'p str> {
        let end = self.mentions.partition_point(|m| m.start < cut);
        let age = role
            .last()
            .and_then(|w| w.strip_suffix("-year-old"))
            .filter(|n| role.len() == 1 && n.bytes().all(|b| b.is_ascii_digit()));
        let n = role.len();
        let matches_at =
            |j: usize| j + n <= self.words.len() && (0..n).all(|x| self.w(j + x) == role[x]);
        self.mentions[..end]
            .iter()
            .rev()
            .filter(|m| !m.unnamed)
            .find_map(|m| {
                // Before: the role ends right before the name or inside its span.
                // Or right before a comma before it: "Ghana's Serbian coach, Ratomir
                // Jovanović,".
                let before = (m.tok.saturating_sub(n + 1)..m.end.saturating_sub(n)).any(|j| {
                    matches_at(j)
                        && (j + n == m.tok
                            || j >= m.tok
                            || (j + n + 1 == m.tok && self.w(j + n) == ","))
                });
                if before {
                    return Some(m.name);
                }
                // After: ", the prime minister," — up to the next comma or sentence end.
                if self.words.get(m.end).is_some_and(|w| w == ",") {
                    let stop = (m.end + 1..(m.end + 9).min(self.words.len()))
                        .find(|&k| matches!(self.w(k), "," | "." | ";" | ":" | "(" | ")"))
                        .unwrap_or((m.end + 9).min(self.words.len()));
                    if (m.end + 1..stop).any(|j| j + n <= stop && matches_at(j)) {
                        return Some(m.name);
                    }
                    if age.is_some_and(|a| stop == m.end + 2 && self.w(m.end + 1) == a) {
                        return Some(m.name);
                    }
                }
                None
            })
    }

    /// Whether `role` was introduced before token `d` as someone unnamed: after a
    /// possessive or an indefinite article, with no name after it ("Wickramasinghe's
    /// spokesman said …" then "the spokesman said").
    fn unnamed_role(&self, role: &[&str], d: usize) -> bool {
        let n = role.len();
        (1..d.saturating_sub(n)).any(|j| {
            (0..n).all(|x| self.w(j + x) == role[x])
                && matches!(
                    self.w(j - 1),
                    "'s" | "’s" | "his" | "her" | "their" | "its" | "a" | "an"
                )
                && self.people.person_at(j + n).is_none()
                && !(self.w(j + n) == "," && self.people.person_at(j + n + 1).is_some())
        })
    }

    /// The country a word names or is the demonym of ("Australia", "Spaniard").
    pub(super) fn country_of_word(&self, k: usize) -> Option<usize> {
        if !self.is_capitalized(k) {
            return None;
        }
        demonym_country(self.tokens[k].text(self.text))
    }

    /// The country a person is introduced with: "Australia's Kirsty Lamb", "Argentine
    /// striker Diego Maidana", "Kirsty Lamb, the Australian,", "Lamb of Australia".
    fn nationality_of(&self, name: &str) -> Option<usize> {
        for m in self.mentions.iter().filter(|m| m.name == name) {
            let first = self.sentences[self.sentence_of(m.tok)];
            // Up to three words before it, in its sentence, not across a comma.
            let mut j = m.tok;
            while j > first && m.tok - j < 4 {
                j -= 1;
                let w = self.w(j);
                if matches!(w, "," | "." | ";" | ":" | "(" | ")") || self.is_mark(j) {
                    break;
                }
                if let Some(c) = self.country_of_word(j) {
                    return Some(c);
                }
            }
            // After it: ", the Australian," or "of Australia".
            let e = m.end;
            let stop = (e + 4).min(self.words.len());
            if e < stop && matches!(self.w(e), "," | "of" | "(") {
                if let Some(c) = (e + 1..stop)
                    .take_while(|&k| !matches!(self.w(k), "," | "." | ")"))
                    .find_map(|k| self.country_of_word(k))
                {
                    return Some(c);
                }
            }
        }
        None
    }

    /// Who "the Australian" (a demonym after "the", country `country`) stands for: the
    /// latest person before byte `cut` introduced with that country, else the salient
    /// person unless introduced with another country.
    pub(super) fn national_speaker(&self, country: usize, cut: usize) -> Option<String> {
        let end = self.mentions.partition_point(|m| m.start < cut);
        let mut seen: Vec<&str> = Vec::new();
        for m in self.mentions[..end].iter().rev().filter(|m| !m.unnamed) {
            if seen.contains(&m.name) {
                continue;
            }
            seen.push(m.name);
            if self.nationality_of(m.name) == Some(country) {
                return Some(m.name.to_string());
            }
        }
        let p = self.salient_person(cut, None)?;
        match self.nationality_of(&p) {
            Some(c) if c != country => None,
            _ => Some(p),
        }
    }
}
