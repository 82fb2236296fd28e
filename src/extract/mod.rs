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
pub mod quotes;
pub mod recognize;
pub mod tokenize;

use crate::ingest::Article;
use fold::fold;
use gazetteer::Gazetteer;
use recognize::{Kind, Span};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tokenize::Token;

/// The entity types newsdex reports, named as the CoNLL scorers expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "LOC")]
    Place,
    #[serde(rename = "ORG")]
    Org,
    /// A demonym or metonym that mentions a country ("Russian", "the Kremlin").
    #[serde(rename = "MISC")]
    CountryRef,
}

/// A country: ISO 3166-1 alpha-2 code and name.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Country {
    pub code: String,
    pub name: String,
}

/// One mention of an entity in the article text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Byte offsets into [`Article::text`].
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub text: String,
    pub canonical: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
}

/// One quotation and who said it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// Byte offsets into [`Article::text`].
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    pub text: String,
    pub speaker: Option<String>,
}

/// Everything extracted from one article; the facet sets are sorted and distinct.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub quotes: Vec<Quote>,
    pub people: Vec<String>,
    pub speakers: Vec<String>,
    pub orgs: Vec<String>,
    pub places: Vec<String>,
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
    let spans = match ner::global() {
        Some(tagger) => {
            let tagged = tagger.tag(&markup_blanked(text));
            let tagged = recognize::from_tagger(text, &tokens, &tagged, gaz);
            let rules = recognize::recognize(text, &tokens, gaz);
            recognize::merge(text, &tokens, rules, tagged, gaz)
        }
        // Only if the embedded model failed to load (a unit test guards against it).
        None => recognize::recognize(text, &tokens, gaz),
    };
    let mut e = Extraction::new(text, &tokens, spans, gaz).finish();
    if let Some(a) = aliases::user() {
        a.apply(&mut e);
    }
    e
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
    person_names: HashMap<usize, String>,
    /// Token index → canonical person.
    person_tok: HashMap<usize, String>,
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
            person_names: HashMap::new(),
            person_tok: HashMap::new(),
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

    fn country(&self, idx: usize) -> Country {
        let c = &self.gaz.countries[idx];
        Country {
            code: c.code.clone(),
            name: c.name.clone(),
        }
    }

    /// Resolves a place span to (facet label, country).
    fn place(
        &self,
        i: usize,
        article_countries: &BTreeSet<usize>,
        article_regions: &BTreeSet<usize>,
    ) -> (String, Option<usize>) {
        let s = &self.spans[i];
        let written = &self.text[s.start..s.end];
        if let Some(c) = s.country {
            return (self.gaz.countries[c].name.clone(), Some(c));
        }
        if let Some(name) = &s.canonical {
            // A region of the world ("West Africa"): no single country.
            return (name.clone(), None);
        }
        let f = fold(written);
        // "Paris, Texas" / "Córdoba, Spain": the qualifier after a comma decides.
        let qualifier = self.spans.get(i + 1).filter(|n| {
            n.first == s.last + 1
                && self
                    .tokens
                    .get(s.last)
                    .is_some_and(|t| t.text(self.text) == ",")
                && n.kind == Kind::Place
        });
        let (q_country, q_region) = match qualifier {
            Some(n) => {
                let qf = fold(&self.text[n.start..n.end]);
                let region = self
                    .gaz
                    .region_names
                    .get(&qf)
                    .and_then(|v| v.first().copied());
                (n.country.or(region.map(|r| r.1)), region.map(|r| r.0))
            }
            None => (None, None),
        };
        if let Some(cands) = self.gaz.cities.get(&f) {
            let best = cands
                .iter()
                .filter(|c| {
                    // A small place in a country the article never mentions is more likely
                    // a word that happens to be a town's name ("Gulf", "Maritime").
                    c.population >= 100_000
                        || article_countries.contains(&c.country)
                        || q_country == Some(c.country)
                })
                .max_by_key(|c| {
                    let mut score = c.population.max(1);
                    if q_country == Some(c.country) {
                        score = score.saturating_mul(1_000_000);
                    }
                    if q_region.is_some() && q_region == c.region {
                        score = score.saturating_mul(1_000_000);
                    }
                    if c.region.is_some_and(|r| article_regions.contains(&r)) {
                        score = score.saturating_mul(1000);
                    }
                    if article_countries.contains(&c.country) {
                        score = score.saturating_mul(50);
                    }
                    score
                });
            if let Some(c) = best {
                // GeoNames' spelling, unless the article's differs only by accents or case.
                let name = &self.gaz.city_names[c.name as usize];
                let shown = if fold(name) == f && written.chars().any(char::is_lowercase) {
                    written
                } else {
                    name
                };
                return (
                    self.place_label(shown, c.region, c.country),
                    Some(c.country),
                );
            }
        }
        if let Some(regions) = self.gaz.region_names.get(&f) {
            // Federal states are named alone ("Texas", "Bavaria"); other regions count
            // only in an article about their country.
            const FEDERAL: [&str; 10] =
                ["US", "CA", "AU", "IN", "CN", "BR", "DE", "RU", "MX", "NG"];
            let best = regions
                .iter()
                .find(|(_, c)| article_countries.contains(c))
                .or_else(|| {
                    regions
                        .iter()
                        .find(|(_, c)| FEDERAL.contains(&self.gaz.countries[*c].code.as_str()))
                });
            if let Some(&(r, c)) = best {
                return (self.place_label(&self.gaz.regions[r].0, None, c), Some(c));
            }
        }
        (written.to_string(), None)
    }

    fn place_label(&self, written: &str, region: Option<usize>, country: usize) -> String {
        let c = &self.gaz.countries[country];
        match region {
            Some(r) if c.code == "US" => {
                format!("{written}, {}, {}", self.gaz.regions[r].0, c.name)
            }
            _ => format!("{written}, {}", c.name),
        }
    }

    fn finish(self) -> Entities {
        let mut e = Entities::default();
        // Countries named or implied anywhere in the article, for place disambiguation.
        let mut article_countries = BTreeSet::new();
        let mut article_regions = BTreeSet::new();
        for s in &self.spans {
            if let Some(c) = s.country {
                article_countries.insert(c);
            }
            if s.kind == Kind::Place {
                if let Some(r) = self.gaz.region_names.get(&fold(&self.text[s.start..s.end])) {
                    if r.len() == 1 {
                        article_regions.insert(r[0].0);
                        article_countries.insert(r[0].1);
                    }
                }
            }
        }
        let mut people = BTreeSet::new();
        let mut orgs = BTreeSet::new();
        let mut places = BTreeSet::new();
        let mut countries = BTreeSet::new();
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
                    let name = s.canonical.clone().unwrap_or_else(|| written.clone());
                    orgs.insert(name.clone());
                    (EntityType::Org, name, None)
                }
                Kind::Place => {
                    let (label, c) = self.place(i, &article_countries, &article_regions);
                    if s.country.is_none() {
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
        let raw = quotes::find_quotes(self.text, self.tokens, &self);
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
                people.insert(sp.clone());
            }
            e.quotes.push(Quote {
                start: q.start,
                end: q.end,
                text: self.text[q.start..q.end].to_string(),
                speaker: q.speaker,
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

    fn last_person_before(&self, pos: usize, quotes: &[(usize, usize)]) -> Option<&str> {
        self.person_seq
            .iter()
            .rev()
            .filter(|(start, _)| *start < pos)
            .find(|(start, _)| !quotes.iter().any(|&(qs, qe)| qs <= *start && *start < qe))
            .map(|(_, n)| n.as_str())
    }
}

#[cfg(test)]
mod tests;
