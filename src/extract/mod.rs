//! Extract: pure functions from an [`Article`] to its [`Entities`] — people, places
//! mapped to countries, organizations, and the speakers of quotations, all canonical.
//! No tantivy types here.
//!
//! Pipeline: [`tokenize`] → [`recognize`] (typed spans) → canonical names within the
//! article → places resolved to countries → [`quotes`] attributed to people.

pub mod aliases;
pub mod fold;
pub mod gazetteer;
pub mod junk;
pub mod ner;
pub mod people;
pub mod places;
pub mod quotes;
pub mod recognize;
pub mod tokenize;
pub mod wordlist;

use crate::ingest::Article;
use gazetteer::Gazetteer;
use recognize::{Kind, Span};
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tokenize::Token;

/// The entity types newsdex reports, named as the CoNLL scorers expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    /// A person ("Barack Obama", "Obama"); `PER` in JSON.
    #[serde(rename = "PER")]
    Person,
    /// A place: a country, region or city ("Hanover", "Texas"); `LOC` in JSON.
    #[serde(rename = "LOC")]
    Place,
    /// An organization: company, party, agency, newspaper ("World Health
    /// Organization"); `ORG` in JSON.
    #[serde(rename = "ORG")]
    Org,
    /// A demonym or metonym that mentions a country ("Russian", "the Kremlin").
    #[serde(rename = "MISC")]
    CountryRef,
}

/// A country: ISO 3166-1 alpha-2 code and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Country {
    /// Upper-case alpha-2 code: `"DE"`, `"GB"`, `"XK"` for Kosovo.
    pub code: String,
    /// The name newsrooms use, the `country` facet value: `"Germany"`, `"United
    /// Kingdom"`.
    pub name: String,
}

/// One mention of an entity in the article text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Start of the mention, a byte offset into [`Article::text`].
    #[serde(skip)]
    pub start: usize,
    /// End (exclusive) of the mention, a byte offset into [`Article::text`].
    #[serde(skip)]
    pub end: usize,
    /// The type, the tagger's when it tagged the span (`type` in JSON).
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The mention as written (`’` made `'`): `"Obama"`, `"Russian"`.
    pub text: String,
    /// The name it stands for in this article: the full name of a person (`"Barack
    /// Obama"` for `"Obama"`), an organization's canonical name, a place's facet label
    /// (`"Hanover, Germany"`), a country's name for a demonym or metonym (`"Russia"`).
    pub canonical: String,
    /// The country a place is in, or a demonym, metonym or institution (`"White
    /// House"`) stands for; `None` for people and for what maps to no country.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
}

/// One quotation and who said it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// Start of the quoted words (after the opening mark), a byte offset into
    /// [`Article::text`].
    #[serde(skip)]
    pub start: usize,
    /// End (exclusive) of the quoted words, before the closing mark.
    #[serde(skip)]
    pub end: usize,
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Canonical name of who said it, usually a person (`"Barack Obama"`), sometimes an
    /// organization ("the company said"); `None` when the article names no one.
    pub speaker: Option<String>,
    /// A few words quoted inside the writer's own sentence ("Hale called the budget “a
    /// betrayal”"), kept only when the sentence names who used them.
    #[serde(skip)]
    pub partial: bool,
}

/// Everything extracted from one article; the facet sets are sorted and distinct.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Entities {
    /// Every mention, in text order.
    pub mentions: Vec<Mention>,
    /// Every quotation, in text order, the few words quoted inside the writer's own
    /// sentence ([`Quote::partial`]) among them when the sentence names who used them.
    pub quotes: Vec<Quote>,
    /// `person` facet values: canonical names of the people mentioned or quoted
    /// (`"Barack Obama"`).
    pub people: Vec<String>,
    /// `speaker` facet values: canonical names of who is quoted.
    pub speakers: Vec<String>,
    /// `org` facet values: canonical organization names (`"World Health Organization"`).
    pub orgs: Vec<String>,
    /// `place` facet values: resolved labels (`"Hanover, Germany"`, `"Texas, United
    /// States"`); countries are in [`Entities::countries`] instead.
    pub places: Vec<String>,
    /// Countries named, implied by a place, demonym or metonym, or stood for by an
    /// institution; sorted by name.
    pub countries: Vec<Country>,
}

/// Extracts the entities of an article.
pub fn extract(article: &Article) -> Entities {
    let mut text = article.text();
    if text.len() > MAX_EXTRACT_BYTES {
        // Entities come from the first 256 KiB: more is no news article, and the
        // document-level passes must not grow without bound.
        let mut cut = MAX_EXTRACT_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    extract_text(&text)
}

/// Entities are extracted from at most this much of an article's text.
pub const MAX_EXTRACT_BYTES: usize = 256 * 1024;

/// Extracts the entities of a text (title, blank line, body).
pub fn extract_text(text: &str) -> Entities {
    let gaz = Gazetteer::global();
    let tokens = tokenize::tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let folded = fold::FoldedWords::new(&words);
    let ctx = recognize::Ctx::new(text, &tokens, words, &folded, gaz);
    let mut spans = match ner::global() {
        Some(tagger) => {
            let tagged = tagger.tag(&markup_blanked(text));
            let tagged = recognize::from_tagger(&ctx, &tagged);
            let rules = recognize::recognize(&ctx);
            recognize::merge(&ctx, rules, tagged)
        }
        // Only if the embedded model failed to load (a unit test guards against it).
        None => recognize::recognize(&ctx),
    };
    places::settle(text, &tokens, &mut spans, gaz);
    people::repair_spans(text, &tokens, &ctx.words, &folded, &mut spans, gaz);
    let mut e = Extraction::new(text, &tokens, spans, gaz).finish();
    normalize_values(&mut e);
    if let Some(a) = aliases::user() {
        a.apply(&mut e);
    }
    e
}

/// Separates the words of a facet value: whitespace, or a control character.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A facet value on one line: every run of whitespace or control characters becomes one
/// space and the ends are trimmed ("U.S. Court\nof Appeals" from hard-wrapped text).
/// Borrows when the value is already so.
pub fn normalize_value(v: &str) -> std::borrow::Cow<'_, str> {
    let mut prev_space = true;
    let normal = v.chars().all(|c| {
        let ok = !is_space(c) || (c == ' ' && !prev_space);
        prev_space = is_space(c);
        ok
    }) && !v.ends_with(' ');
    if normal {
        return std::borrow::Cow::Borrowed(v);
    }
    let words: Vec<&str> = v.split(is_space).filter(|w| !w.is_empty()).collect();
    std::borrow::Cow::Owned(words.join(" "))
}

/// Normalizes every value that becomes a facet (see [`normalize_value`]): the people,
/// speakers, organizations and places, and the names mentions and quotes refer to. Sets
/// are rebuilt only when a value changed, so two spellings that differ only in spacing
/// become one value.
fn normalize_values(e: &mut Entities) {
    let set = |v: &mut Vec<String>| {
        if v.iter()
            .any(|n| matches!(normalize_value(n), std::borrow::Cow::Owned(_)))
        {
            let s: BTreeSet<String> = v.iter().map(|n| normalize_value(n).into_owned()).collect();
            *v = s.into_iter().collect();
        }
    };
    set(&mut e.people);
    set(&mut e.speakers);
    set(&mut e.orgs);
    set(&mut e.places);
    let one = |v: &mut String| {
        if let std::borrow::Cow::Owned(n) = normalize_value(v) {
            *v = n;
        }
    };
    for m in &mut e.mentions {
        one(&mut m.canonical);
    }
    for q in &mut e.quotes {
        if let Some(s) = &mut q.speaker {
            one(s);
        }
    }
}

/// The initials a multi-word name may be shortened to: of its capitalized words
/// ("Confederation of British Industry" → "CBI") and of every word ("Bank of England" →
/// "BOE"). None shorter than two letters.
fn acronym_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name
        .split([' ', '-'])
        .filter(|w| !w.is_empty() && *w != "&")
        .collect();
    let capitals: String = words
        .iter()
        .filter_map(|w| w.chars().next().filter(char::is_ascii_uppercase))
        .collect();
    let all: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut forms = Vec::new();
    for f in [capitals, all] {
        if f.len() >= 2 && !forms.contains(&f) {
            forms.push(f);
        }
    }
    forms
}

/// `text` with Markdown line markers (`## `, `> `, `* `) blanked out, byte for byte, so
/// the tagger does not read them as words and offsets stay the same.
fn markup_blanked(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(['#', '>', '*']) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let marker = line.len() - line.trim_start_matches(['#', '>', '*', ' ']).len();
        out.extend(std::iter::repeat_n(' ', marker));
        out.push_str(&line[marker..]);
    }
    std::borrow::Cow::Owned(out)
}

struct Extraction<'a> {
    text: &'a str,
    tokens: &'a [Token],
    spans: Vec<Span>,
    gaz: &'static Gazetteer,
    /// Canonical person name for each span index (persons only).
    person_names: FxHashMap<usize, String>,
    /// Token index → canonical person.
    person_tok: FxHashMap<usize, String>,
    /// (byte start, canonical) of person mentions in order.
    person_seq: Vec<(usize, String)>,
}

impl<'a> Extraction<'a> {
    fn new(text: &'a str, tokens: &'a [Token], spans: Vec<Span>, gaz: &'static Gazetteer) -> Self {
        let mut x = Extraction {
            text,
            tokens,
            spans,
            gaz,
            person_names: FxHashMap::default(),
            person_tok: FxHashMap::default(),
            person_seq: Vec::new(),
        };
        x.canonical_people();
        x
    }

    /// Joins "Obama", "Mr Obama", "President Obama" to the article's "Barack Obama".
    fn canonical_people(&mut self) {
        let p = people::canonical_people(self.text, self.tokens, &self.spans, self.gaz);
        self.person_names = p.by_span;
        self.person_tok = p.by_token;
        self.person_seq = p.seq;
    }

    /// Acronyms of the article's organizations spelled out in the same article: "BMA"
    /// → "British Medical Association" when exactly one of its multi-word organizations
    /// has those initials ("of", "the", "for", "and" and "&" skipped or kept). Aliases
    /// from the gazetteer are settled before and are not changed.
    fn acronyms(&self) -> HashMap<String, String> {
        let mut short = Vec::new();
        let mut long: Vec<(String, Vec<String>)> = Vec::new();
        for s in self.spans.iter().filter(|s| s.kind == Kind::Org) {
            let written = &self.text[s.start..s.end];
            if s.canonical.is_some() {
                continue;
            }
            let letters: String = written.chars().filter(|c| *c != '.').collect();
            if (2..=8).contains(&letters.chars().count())
                && letters.chars().all(|c| c.is_ascii_uppercase() || c == '&')
            {
                short.push(written.to_string());
            } else if written.contains(' ') && !long.iter().any(|(n, _)| n == written) {
                long.push((written.to_string(), acronym_forms(written)));
            }
        }
        let mut out = HashMap::new();
        for a in short {
            let key: String = a.chars().filter(|c| c.is_ascii_uppercase()).collect();
            let mut found = long.iter().filter(|(_, forms)| forms.contains(&key));
            if let (Some((full, _)), None) = (found.next(), found.next()) {
                out.insert(a, full.clone());
            }
        }
        out
    }

    fn country(&self, idx: usize) -> Country {
        let c = &self.gaz.countries[idx];
        Country {
            code: c.code.clone(),
            name: c.name.clone(),
        }
    }

    fn finish(self) -> Entities {
        let mut e = Entities::default();
        let resolver = places::Resolver::new(self.text, self.tokens, &self.spans, self.gaz);
        let mut people = BTreeSet::new();
        let mut orgs = BTreeSet::new();
        let mut places = BTreeSet::new();
        let mut countries = BTreeSet::new();
        let acronyms = self.acronyms();
        for (i, s) in self.spans.iter().enumerate() {
            let written = self.text[s.start..s.end].replace('’', "'");
            let (kind, canonical, country) = match s.kind {
                Kind::Person => {
                    let name = self
                        .person_names
                        .get(&i)
                        .cloned()
                        .unwrap_or_else(|| written.clone());
                    people.insert(name.clone());
                    (EntityType::Person, name, None)
                }
                Kind::Org => {
                    let name = s
                        .canonical
                        .clone()
                        .or_else(|| acronyms.get(written.as_str()).cloned())
                        .unwrap_or_else(|| written.clone());
                    orgs.insert(name.clone());
                    // An institution that stands for its country ("White House").
                    if let Some(c) = s.country {
                        countries.insert(c);
                    }
                    (EntityType::Org, name, s.country)
                }
                Kind::Place => {
                    let places::Resolved {
                        label,
                        country: c,
                        facet,
                    } = resolver.resolve(i);
                    if facet {
                        places.insert(label.clone());
                    }
                    if let Some(c) = c {
                        countries.insert(c);
                    }
                    (EntityType::Place, label, c)
                }
                Kind::CountryRef => {
                    let c = s.country;
                    if let Some(c) = c {
                        countries.insert(c);
                    }
                    let name = c
                        .map(|c| self.gaz.countries[c].name.clone())
                        .unwrap_or_else(|| written.clone());
                    (EntityType::CountryRef, name, c)
                }
            };
            let kind = match s.tagged {
                Some(Kind::Person) => EntityType::Person,
                Some(Kind::Place) => EntityType::Place,
                Some(Kind::Org) => EntityType::Org,
                Some(Kind::CountryRef) => EntityType::CountryRef,
                None => kind,
            };
            e.mentions.push(Mention {
                start: s.start,
                end: s.end,
                kind,
                text: written,
                canonical,
                country: country.map(|c| self.country(c)),
            });
        }
        let mut raw = quotes::find_quotes(self.text, self.tokens, &self);
        let named: Vec<&String> = people.iter().filter(|p| !orgs.contains(*p)).collect();
        quotes::merge_speaker_variants(&mut raw, &named);
        let mut speakers = BTreeSet::new();
        for mut q in raw {
            // A title alone ("the Shadow Chancellor said") names no one: no speaker rather
            // than a wrong value.
            if q.speaker.as_deref().is_some_and(|sp| {
                let words: Vec<&str> = sp.split(' ').collect();
                people::is_only_title(&words, self.gaz)
            }) {
                q.speaker = None;
            }
            if let Some(sp) = &q.speaker {
                speakers.insert(sp.clone());
                // "said the Australian": a nationality is never a person value, and an
                // organization that speaks ("the company said") is no person.
                if !self.gaz.demonyms.contains_key(sp.as_str()) && !orgs.contains(sp) {
                    people.insert(sp.clone());
                }
            }
            e.quotes.push(Quote {
                start: q.start,
                end: q.end,
                text: self.text[q.start..q.end].to_string(),
                speaker: q.speaker,
                partial: q.partial,
            });
        }
        e.people = people.into_iter().collect();
        e.speakers = speakers.into_iter().collect();
        e.orgs = orgs.into_iter().collect();
        e.places = places.into_iter().collect();
        let by_name: BTreeMap<String, Country> = countries
            .into_iter()
            .map(|c| {
                let c = self.country(c);
                (c.name.clone(), c)
            })
            .collect();
        e.countries = by_name.into_values().collect();
        e
    }
}

impl quotes::People for Extraction<'_> {
    fn person_at(&self, i: usize) -> Option<&str> {
        self.person_tok.get(&i).map(String::as_str)
    }

    fn org_at(&self, i: usize) -> Option<&str> {
        // Spans are in text order and do not overlap.
        let s = self
            .spans
            .get(self.spans.partition_point(|s| s.last <= i))?;
        (s.kind == Kind::Org && s.first <= i)
            .then(|| s.canonical.as_deref().unwrap_or(&self.text[s.start..s.end]))
    }
}

#[cfg(test)]
mod tests;
