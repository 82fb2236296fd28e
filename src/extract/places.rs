//! Places: which spans name places, and which city, region or country each one is.
//!
//! [`settle`] runs once per article on the merged spans, before names are made
//! canonical: a name the article uses as a person is a person ("President Bush" is no
//! town in Egypt), a town's name the tagger calls an organization with nothing in the
//! article placing it stays an organization (a club, "the Commonwealth"), and a span
//! cut short of a gazetteer name grows to it ("SALT" + "LAKE CITY").
//!
//! `Resolver` then maps each place to a label and a country. Candidates are the cities
//! and first-level regions of that name, weighted by a prior (population; a capital
//! counts five times; a federal state, province or nation outweighs a town) and by
//! evidence in the article, strongest first: a qualifier after a comma ("London,
//! Ontario", for every mention of the name), the dateline's country, a region the
//! article names, a country it names. A major city (a capital of 100,000 people or
//! more, or a city of a million) keeps its default unless a qualifier says otherwise: a
//! story datelined LONDON that mentions Canada is still about London, England. States
//! that no longer exist count as their successor ("Soviet Union" → Russia) and keep
//! their own name as a place value.

use super::fold::fold;
use super::gazetteer::{Gazetteer, PlaceCandidate};
use super::recognize::{Kind, Span, SPEECH_VERBS};
use super::tokenize::Token;
use crate::extract::wordlist::WordList;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Words before a name that place it: "in Chelsea", "from Newcastle".
static LOCATIVE: WordList = WordList::new(&[
    "in", "at", "from", "near", "to", "into", "outside", "across", "around", "towards", "toward",
    "via", "through", "inside", "visit", "visited", "visiting",
]);

/// Population from which a city is a major one, whose default meaning weak context does
/// not change.
const MAJOR_POPULATION: u64 = 1_000_000;

/// Population from which a capital is a major city: the capital of a small territory
/// ("Douglas", Isle of Man) does not outweigh what the article says about a town of
/// the same name.
const MAJOR_CAPITAL_POPULATION: u64 = 100_000;

/// True if the name is a capital (of a hundred thousand people or more) or a city of a
/// million people.
fn is_major_city(gaz: &Gazetteer, folded: &str) -> bool {
    gaz.cities.get(folded).is_some_and(|c| {
        c.iter().any(|p| {
            p.population >= MAJOR_POPULATION
                || (p.population >= MAJOR_CAPITAL_POPULATION
                    && gaz.capitals.get(p.country).is_some_and(|k| *k == folded))
        })
    })
}

/// True for a major city or a state, province or nation named alone.
fn is_major(gaz: &Gazetteer, folded: &str) -> bool {
    is_major_city(gaz, folded)
        || gaz
            .region_names
            .get(folded)
            .is_some_and(|r| r.iter().any(|&(r, _)| gaz.region_major[r]))
}

/// Article-level corrections to the place spans; see the module comment.
pub fn settle(text: &str, tokens: &[Token], spans: &mut Vec<Span>, gaz: &Gazetteer) {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let is_free_place =
        |s: &Span| s.kind == Kind::Place && s.country.is_none() && s.canonical.is_none();
    // "SALT" + "LAKE CITY": a place span grows left to the longest gazetteer name on its
    // line made of capitalized words no other span holds.
    for i in 0..spans.len() {
        if !is_free_place(&spans[i]) {
            continue;
        }
        let floor = if i > 0 { spans[i - 1].last } else { 0 };
        let mut best = None;
        let mut first = spans[i].first;
        while first > floor && spans[i].first - first < 3 {
            let t = first - 1;
            let w = word(t);
            if !w.chars().next().is_some_and(char::is_uppercase)
                || text[tokens[t].end..tokens[first].start].contains('\n')
            {
                break;
            }
            first = t;
            let f = fold(&text[tokens[first].start..spans[i].end]);
            if gaz.cities.contains_key(&f) || gaz.region_names.contains_key(&f) {
                best = Some(first);
            }
        }
        if let Some(first) = best {
            spans[i].first = first;
            spans[i].start = tokens[first].start;
        }
    }
    named_towns(text, tokens, spans);
    let people = people_names(text, tokens, spans);
    let placed = placed_names(text, tokens, spans);
    for s in spans.iter_mut() {
        if !is_free_place(s) {
            continue;
        }
        let f = fold(&text[s.start..s.end]);
        // "Washington", "England": a surname too, but the place is the default.
        if s.tagged != Some(Kind::Org)
            && people.contains(&f)
            && !placed.contains(&f)
            && !is_major(gaz, &f)
        {
            s.kind = Kind::Person;
            s.tagged = Some(Kind::Person);
            continue;
        }
        // A town's name the tagger reads as an organization, never placed by the
        // article: a club ("Chelsea", "Newcastle") or a body ("the Commonwealth").
        if s.tagged == Some(Kind::Org)
            && !placed.contains(&f)
            && gaz
                .cities
                .get(&f)
                .is_some_and(|c| c[0].population >= 100_000)
            && !gaz.region_names.contains_key(&f)
            && !is_major_city(gaz, &f)
        {
            s.kind = Kind::Org;
        }
    }
    // "State of the Union": one word closing a capitalized "X of the" is the end of a
    // longer name, not a town (regions and major cities stay: "Governor of the
    // Punjab").
    spans.retain(|s| {
        !(is_free_place(s)
            && s.last - s.first == 1
            && s.first >= 3
            && matches!(word(s.first - 1), "the")
            && word(s.first - 2) == "of"
            && word(s.first - 3)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && !is_major(gaz, &fold(&text[s.start..s.end])))
    });
    // "USSR" tagged as an organization: a country.
    for s in spans.iter_mut() {
        if s.kind == Kind::Org && s.canonical.is_none() {
            let written = &text[s.start..s.end];
            if let Some(&c) = gaz.country_names.get(&fold(written)).or_else(|| {
                gaz.country_acronyms
                    .get(super::fold::undotted(written).as_ref())
            }) {
                s.kind = Kind::Place;
                s.country = Some(c);
            }
        }
    }
}

/// Titles that stand before a person's name alone ("Mr Brown", "President Bush"), not
/// before a place ("Former England captain").
static PERSON_TITLES: WordList = WordList::new(&[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "lord",
    "lady",
    "president",
    "senator",
    "sen",
    "rep",
    "congressman",
    "congresswoman",
    "governor",
    "gov",
    "mayor",
    "ambassador",
    "king",
    "queen",
    "prince",
    "princess",
    "emperor",
    "sheikh",
    "pope",
    "cardinal",
    "archbishop",
    "bishop",
    "rabbi",
    "imam",
    "ayatollah",
    "colonel",
    "col",
    "lieutenant",
    "lt",
    "sergeant",
    "sgt",
    "admiral",
    "gen",
    "judge",
    "chancellor",
    "minister",
    "coach",
    "monsieur",
    "madame",
    "herr",
    "frau",
]);

/// Words after which a name is no subject: "the Premier of Ontario said" is the premier
/// speaking.
static NOT_SUBJECT: WordList = WordList::new(&[
    "of", "the", "for", "from", "in", "at", "to", "by", "on", "with", "against", "and",
]);

/// Folded single names the article uses as people: the surnames of its multi-word
/// person names, names after a capitalized title ("President Bush", "Mr Brown") and
/// names that are the subject of a speech verb ("Bono said"). [`settle`] leaves major
/// cities and states alone, whose governments speak ("Washington said").
fn people_names(text: &str, tokens: &[Token], spans: &[Span]) -> HashSet<String> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let mut people = HashSet::new();
    // One-word names typed a person at least as often as a place: "Obama said", "what
    // Obama says" and "criticizing Obama" in one story are one person.
    let mut votes: HashMap<String, (u32, u32)> = HashMap::new();
    for s in spans
        .iter()
        .filter(|s| s.last - s.first == 1 && s.country.is_none())
    {
        let v = votes.entry(fold(&text[s.start..s.end])).or_default();
        match s.kind {
            Kind::Person => v.0 += 1,
            Kind::Place => v.1 += 1,
            _ => {}
        }
    }
    people.extend(
        votes
            .into_iter()
            .filter(|(_, (person, place))| *person > 0 && person >= place)
            .map(|(f, _)| f),
    );
    for s in spans {
        if s.country.is_some() || s.canonical.is_some() {
            continue;
        }
        let n = s.last - s.first;
        if s.kind == Kind::Person && n >= 2 {
            // The surname, and the whole name: "Barack Obama" typed a place elsewhere.
            people.insert(fold(word(s.last - 1)));
            people.insert(fold(&text[s.start..s.end]));
            continue;
        }
        if n == 1 && named_as_person(text, tokens, s) {
            people.insert(fold(&text[s.start..s.end]));
        }
    }
    people
}

/// Whether a one-word span is named as a person where it stands: after a capitalized
/// title ("President Bush", "Mr Brown") or as the subject of a speech verb ("Bono said",
/// not "the Premier of Ontario said").
fn named_as_person(text: &str, tokens: &[Token], s: &Span) -> bool {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    if s.first == 0 {
        return false;
    }
    let prev = word(s.first - 1);
    let titled = prev.chars().next().is_some_and(char::is_uppercase)
        && PERSON_TITLES.contains(&fold(prev).trim_end_matches('.'));
    titled
        || (SPEECH_VERBS.contains(&word(s.last).to_lowercase().as_str())
            && !NOT_SUBJECT.contains(&prev.to_lowercase().as_str()))
}

/// "The strategically vital town of Tavildara": a one-word name the article calls a
/// town, a village or a port (a noun of [`TOWN_NOUNS`] and "of" before it) is a place
/// at every mention typed a person, unless the article also gives it a title, makes it
/// speak ("Mr Tavildara", "Tavildara said") or names a person with it as surname.
fn named_towns(text: &str, tokens: &[Token], spans: &mut [Span]) {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let one_word = |s: &Span| s.last - s.first == 1 && s.country.is_none() && s.canonical.is_none();
    let mut towns: Vec<String> = spans
        .iter()
        .filter(|s| {
            one_word(s)
                && s.first > 1
                && word(s.first - 1) == "of"
                && TOWN_NOUNS.contains(&word(s.first - 2))
                && matches!(s.kind, Kind::Person | Kind::Place)
                && !named_as_person(text, tokens, s)
        })
        .map(|s| fold(&text[s.start..s.end]))
        .collect();
    if towns.is_empty() {
        return;
    }
    // Named as a person elsewhere, or the surname of the article's people ("Bill
    // Clinton"): a person.
    let people: Vec<String> = spans
        .iter()
        .filter_map(|s| match s.last - s.first {
            1 if one_word(s) && named_as_person(text, tokens, s) => {
                Some(fold(&text[s.start..s.end]))
            }
            n if n >= 2 && s.kind == Kind::Person => Some(fold(word(s.last - 1))),
            _ => None,
        })
        .collect();
    towns.retain(|t| !people.contains(t));
    for s in spans.iter_mut() {
        if s.kind == Kind::Person && one_word(s) && towns.contains(&fold(&text[s.start..s.end])) {
            s.retype(Kind::Place);
        }
    }
}

/// Nouns that make the one-word name after "of" a town: "the town of Tavildara".
const TOWN_NOUNS: &[&str] = &[
    "town", "towns", "village", "villages", "city", "port", "hamlet", "township", "borough",
];

/// Nouns that place the name after "of": "the port of Baniyas", "the town of Bono".
static PLACE_NOUNS: WordList = WordList::new(&[
    "port",
    "city",
    "town",
    "village",
    "province",
    "region",
    "state",
    "district",
    "capital",
    "outskirts",
    "suburb",
    "suburbs",
    "streets",
    "centre",
    "center",
    "island",
    "county",
]);

/// Folded names something in the article places: after a locative word ("in Chelsea",
/// "in the Punjab", "the port of Baniyas"), in the dateline, or qualified ("Chelsea,
/// London").
fn placed_names(text: &str, tokens: &[Token], spans: &[Span]) -> HashSet<String> {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let mut placed = HashSet::new();
    // Where the last place placed by a locative ends: a list after it is placed too
    // ("in Manchester and Newcastle", "in Paris, Lyon or Marseille").
    let mut list_end = None;
    for (i, s) in spans.iter().enumerate() {
        if s.kind != Kind::Place {
            continue;
        }
        let mut p = s.first;
        if p > 0 && matches!(word(p - 1), "the" | "The") {
            p -= 1;
        }
        // "from the Obama administration": a name used as a modifier is not placed.
        let attributive =
            p < s.first && word(s.last).chars().next().is_some_and(char::is_lowercase);
        let listed = p > 1 && matches!(word(p - 1), "and" | "or" | ",") && list_end == Some(p - 1);
        let locative = listed
            || !attributive
                && p > 0
                && (LOCATIVE.contains(&word(p - 1).to_lowercase().as_str())
                    || (p > 1
                        && word(p - 1) == "of"
                        && PLACE_NOUNS.contains(&word(p - 2).to_lowercase().as_str())));
        list_end = locative.then_some(s.last);
        let qualified = word(s.last) == ","
            && spans
                .get(i + 1)
                .is_some_and(|n| n.first == s.last + 1 && n.kind == Kind::Place);
        if locative || qualified || is_dateline(text, tokens, s) {
            placed.insert(fold(&text[s.start..s.end]));
        }
    }
    placed
}

/// True if the span opens the story's first paragraph in capitals followed by a comma,
/// a bracket or a dash: "LONDON (Reuters) -", "HANOVER, West Germany, April 10 -".
fn is_dateline(text: &str, tokens: &[Token], s: &Span) -> bool {
    let t = &tokens[s.first];
    if !t.paragraph_start || s.first == 0 {
        return false;
    }
    let caps = text[s.start..s.end]
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(char::is_uppercase);
    let next = tokens.get(s.last).map_or("", |t| t.text(text));
    caps && matches!(next, "," | "(" | "-" | "—" | "–" | ":")
}

/// A city's prior weight as the meaning of the folded name: its population, five
/// times over for a capital; and whether it is the capital.
fn city_prior(gaz: &Gazetteer, c: &PlaceCandidate, folded: &str) -> (u64, bool) {
    let capital = gaz.capitals.get(c.country).is_some_and(|k| *k == folded);
    let prior = if capital {
        c.population.saturating_mul(5)
    } else {
        c.population
    };
    (prior, capital)
}

/// The country of a name's default meaning when that meaning is a city of 100,000
/// people or more, a major region or a nation; `None` for small places and names of
/// none.
fn default_country(gaz: &Gazetteer, folded: &str) -> Option<usize> {
    let cities = gaz
        .cities
        .get(folded)
        .into_iter()
        .flatten()
        .filter_map(|c| {
            let (prior, _) = city_prior(gaz, c, folded);
            (prior >= 100_000).then_some((prior, c.country))
        });
    let regions = gaz
        .region_names
        .get(folded)
        .into_iter()
        .flatten()
        .filter(|&&(r, _)| gaz.region_major[r])
        .map(|&(_, c)| (2_000_000, c));
    cities
        .chain(regions)
        .max_by_key(|&(p, _)| p)
        .map(|(_, c)| c)
}

/// A resolved place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    /// The facet label ("Hanover, Germany", "Soviet Union", "Texas, United States").
    pub label: String,
    /// The place's country, an index into [`Gazetteer::countries`]; `None` for a name
    /// the gazetteer cannot place.
    pub country: Option<usize>,
    /// Whether the label is a place facet value (countries are not; states that no
    /// longer exist are).
    pub facet: bool,
}

/// One candidate meaning of a place name.
#[derive(Clone, Copy)]
struct Candidate {
    country: usize,
    /// The city's or region's first-level region.
    region: Option<usize>,
    /// Index into [`Gazetteer::city_names`] for a city, `None` for a region.
    city: Option<u32>,
    prior: u64,
    major: bool,
}

/// Place resolution for one article.
pub(crate) struct Resolver<'a> {
    text: &'a str,
    tokens: &'a [Token],
    spans: &'a [Span],
    gaz: &'a Gazetteer,
    /// Countries the article names or implies (demonyms, metonyms).
    countries: BTreeSet<usize>,
    /// First-level regions the article names.
    regions: BTreeSet<usize>,
    /// The dateline's country.
    dateline: Option<usize>,
    /// Folded place name → the qualifier some mention of it carries (country, region).
    qualified: HashMap<String, (Option<usize>, Option<usize>)>,
    /// The dateline's place name, folded: its bare mentions are the dateline's place
    /// even when another mention is qualified ("PERTH:" … "born in Perth, Scotland").
    dateline_name: Option<String>,
    /// Folded names the article places (see [`placed_names`]).
    placed: HashSet<String>,
    /// Folded names the tagger calls a person or an organization at least once.
    doubted: HashSet<String>,
    /// Folded place name → the country of its default meaning, for the article's
    /// other places: "Manchester" says a "Newcastle" beside it is the English one.
    nearby: Vec<(String, usize)>,
}

impl<'a> Resolver<'a> {
    /// Reads what the whole article says about its places (the countries and regions it
    /// names, its dateline, qualified mentions like "Paris, Texas") from `spans`, the
    /// settled spans over `tokens` of `text`.
    pub fn new(text: &'a str, tokens: &'a [Token], spans: &'a [Span], gaz: &'a Gazetteer) -> Self {
        let mut r = Resolver {
            text,
            tokens,
            spans,
            gaz,
            countries: BTreeSet::new(),
            regions: BTreeSet::new(),
            dateline: None,
            qualified: HashMap::new(),
            dateline_name: None,
            placed: placed_names(text, tokens, spans),
            doubted: spans
                .iter()
                .filter(|s| matches!(s.tagged, Some(Kind::Person | Kind::Org)))
                .map(|s| fold(&text[s.start..s.end]))
                .collect(),
            nearby: Vec::new(),
        };
        for s in spans {
            if let Some(c) = s.country {
                r.countries.insert(c);
            }
        }
        for (i, s) in spans.iter().enumerate() {
            if s.kind != Kind::Place || s.country.is_some() || s.canonical.is_some() {
                continue;
            }
            let f = fold(&text[s.start..s.end]);
            if let Some(q) = r.qualifier(i) {
                r.qualified.entry(f.clone()).or_insert(q);
            }
            if let Some(&[(region, c)]) = gaz.region_names.get(&f).map(Vec::as_slice) {
                if gaz.region_major[region] || r.countries.contains(&c) {
                    r.regions.insert(region);
                }
            }
            if (r.placed.contains(&f) || !r.doubted.contains(&f))
                && !r.nearby.iter().any(|(n, _)| *n == f)
            {
                if let Some(c) = default_country(gaz, &f) {
                    r.nearby.push((f, c));
                }
            }
        }
        if let Some(i) = spans
            .iter()
            .position(|s| s.kind == Kind::Place && is_dateline(text, tokens, s))
        {
            r.dateline_name = Some(fold(&text[spans[i].start..spans[i].end]));
            r.dateline = match spans[i].country {
                Some(c) => Some(c),
                None => r.resolve_with(i, false).country,
            };
        }
        r
    }

    /// True if a region or another place the article names lies in `country`.
    fn implies(&self, country: usize) -> bool {
        self.regions
            .iter()
            .any(|&r| self.gaz.regions[r].1 == country)
            || self.nearby.iter().any(|&(_, c)| c == country)
    }

    /// Whether place `b` comes right after place `a` and a comma ("Guildford, Surrey").
    fn comma_pair(&self, a: &Span, b: &Span) -> bool {
        b.first == a.last + 1
            && a.kind == Kind::Place
            && b.kind == Kind::Place
            && self
                .tokens
                .get(a.last)
                .is_some_and(|t| t.text(self.text) == ",")
    }

    /// The place after a comma right behind span `i`: (its country, its region).
    fn qualifier(&self, i: usize) -> Option<(Option<usize>, Option<usize>)> {
        let s = &self.spans[i];
        let n = self.spans.get(i + 1).filter(|n| self.comma_pair(s, n))?;
        let qf = fold(&self.text[n.start..n.end]);
        let region = self
            .gaz
            .region_names
            .get(&qf)
            .and_then(|v| v.first().copied());
        let country = n.country.or(region.map(|r| r.1));
        country.map(|c| (Some(c), region.map(|r| r.0)))
    }

    /// Resolves place span `i`.
    pub fn resolve(&self, i: usize) -> Resolved {
        self.resolve_with(i, true)
    }

    fn resolve_with(&self, i: usize, with_dateline: bool) -> Resolved {
        let s = &self.spans[i];
        let written = &self.text[s.start..s.end];
        let gaz = self.gaz;
        // A place resolved where it was found ("R-Ind." is Indiana): "Indiana, United
        // States".
        if let (Some(c), Some(label)) = (s.country, &s.canonical) {
            if label
                .strip_suffix(gaz.countries[c].name.as_str())
                .is_some_and(|l| l.ends_with(", "))
            {
                return Resolved {
                    label: label.clone(),
                    country: Some(c),
                    facet: true,
                };
            }
        }
        if let Some(c) = s.country {
            return match gaz.historical.get(&fold(&written.replace('.', ""))) {
                Some(name) => Resolved {
                    label: name.clone(),
                    country: Some(c),
                    facet: true,
                },
                None => Resolved {
                    label: gaz.countries[c].name.clone(),
                    country: Some(c),
                    facet: false,
                },
            };
        }
        let unresolved = |label: String| Resolved {
            label,
            country: None,
            facet: true,
        };
        if let Some(name) = &s.canonical {
            // A region of the world ("West Africa"): no single country.
            return unresolved(name.clone());
        }
        let f = fold(written);
        let (q_country, q_region) = self
            .qualifier(i)
            .or_else(|| {
                (self.dateline_name.as_deref() != Some(f.as_str()))
                    .then(|| self.qualified.get(&f).copied())
                    .flatten()
            })
            .unwrap_or((None, None));
        let dateline = self.dateline.filter(|_| with_dateline);
        let mut cands: Vec<Candidate> = Vec::new();
        let placed = self.placed.contains(&f);
        let trusted = placed || !self.doubted.contains(&f);
        let towns = gaz.cities.get(&f);
        // "Airport workers in Paisley": a town the article places, the only one of its
        // name, in an article that names no country, region or other town elsewhere.
        let lone_town = placed
            && towns.is_some_and(|t| t.len() == 1)
            && !gaz.region_names.contains_key(&f)
            && self.countries.is_empty()
            && self.regions.is_empty()
            && self.nearby.iter().all(|(n, _)| *n == f);
        for c in towns.into_iter().flatten() {
            // A small place in a country the article never names, or one the tagger
            // doubts and nothing places ("in Obama"), is more likely a word or a name
            // that happens to be a town's ("Gulf", "Maritime", "Obama").
            if c.population < 100_000
                && !lone_town
                && !(trusted && (self.countries.contains(&c.country) || self.implies(c.country)))
                && q_country != Some(c.country)
                && dateline != Some(c.country)
            {
                continue;
            }
            let (prior, capital) = city_prior(gaz, c, &f);
            cands.push(Candidate {
                country: c.country,
                region: c.region,
                city: Some(c.name),
                prior,
                major: (capital && c.population >= MAJOR_CAPITAL_POPULATION)
                    || c.population >= MAJOR_POPULATION,
            });
        }
        // "Guildford, Surrey", "Romford, Essex": the place this one qualifies.
        let qualified_town = i
            .checked_sub(1)
            .map(|p| &self.spans[p])
            .filter(|p| self.comma_pair(p, s))
            .and_then(|p| gaz.cities.get(&fold(&self.text[p.start..p.end])));
        for &(r, c) in gaz.region_names.get(&f).into_iter().flatten() {
            let major = gaz.region_major[r];
            // A region after a town of its country: that town's region.
            if qualified_town.is_some_and(|t| t.iter().any(|t| t.country == c)) {
                cands.push(Candidate {
                    country: c,
                    region: Some(r),
                    city: None,
                    prior: 50_000_000,
                    major: false,
                });
                continue;
            }
            // A minor region needs its country in the article: named, the qualifier or
            // the dateline's, or that of another place it names ("Gauteng" in a story
            // that names Johannesburg).
            if !major
                && !self.countries.contains(&c)
                && q_country != Some(c)
                && dateline != Some(c)
                && !self.implies(c)
            {
                continue;
            }
            let nation = gaz.nations.get(&f) == Some(&c);
            cands.push(Candidate {
                country: c,
                region: Some(r),
                city: None,
                prior: match (nation, major) {
                    (true, _) => 50_000_000,
                    (_, true) => 2_000_000,
                    _ => 300_000,
                },
                major: false,
            });
        }
        if q_country.is_some_and(|q| !cands.iter().any(|c| c.country == q)) {
            // "Sudbury, Ontario" when the gazetteer knows only other Sudburys.
            cands.clear();
        }
        let same_name_region = gaz.region_names.contains_key(&f);
        let default = cands.iter().max_by_key(|c| c.prior);
        // Weak evidence decides between minor places only, unless the article is datelined
        // in, and names, a country with a city of that name, and never names the major
        // one's: "the northern city of Tripoli" in a story from BEIRUT about Lebanon.
        let elsewhere = default.is_some_and(|d| {
            d.major && !self.countries.contains(&d.country) && dateline != Some(d.country)
        }) && cands.iter().any(|c| {
            dateline == Some(c.country) && self.countries.contains(&c.country) && c.prior >= 100_000
        });
        let weak = !default.is_some_and(|c| c.major) || elsewhere;
        let best = cands.iter().max_by_key(|c| {
            let mut score = c.prior.max(1);
            if q_country == Some(c.country) {
                score = score.saturating_mul(1_000_000);
            }
            if q_region.is_some() && q_region == c.region {
                score = score.saturating_mul(1_000_000);
            }
            if weak {
                if dateline == Some(c.country) {
                    score = score.saturating_mul(1000);
                }
                if c.city.is_some()
                    && c.region.is_some_and(|r| {
                        self.regions.contains(&r)
                            || (fold(&gaz.regions[r].0) == f && same_name_region)
                    })
                {
                    // In a region the article names, or the seat of the region of the
                    // same name ("Geneva").
                    score = score.saturating_mul(1000);
                }
                if self.countries.contains(&c.country) {
                    score = score.saturating_mul(50);
                } else if self.nearby.iter().any(|(n, k)| *n != f && *k == c.country) {
                    // Weaker still: the country of another place the article names.
                    score = score.saturating_mul(20);
                }
            }
            score
        });
        let Some(c) = best else {
            if towns.is_some() && !trusted {
                // Only small towns of that name, and nothing placing it: no place value.
                return Resolved {
                    label: written.to_string(),
                    country: None,
                    facet: false,
                };
            }
            // A place the gazetteer lacks: a qualifier after a comma ("Sudbury,
            // Ontario"), or the one country everything else in the article is in
            // ("Farmers in Cache County" in a story that names only Utah).
            let only = || {
                let mut all = self
                    .countries
                    .iter()
                    .copied()
                    .chain(self.dateline)
                    .chain(self.regions.iter().map(|&r| gaz.regions[r].1))
                    .chain(self.nearby.iter().map(|&(_, c)| c));
                let first = all.next()?;
                all.all(|c| c == first).then_some(first)
            };
            // A name the gazetteer knows only elsewhere ("Taunton" in a story from
            // India) is not given the article's country.
            let known = towns.is_some() || gaz.region_names.contains_key(&f);
            return match q_country.or_else(|| only().filter(|_| trusted && !known)) {
                Some(country) => Resolved {
                    label: self.label(written, q_region, country),
                    country: Some(country),
                    facet: true,
                },
                None => unresolved(written.to_string()),
            };
        };
        let label = match (c.city, c.region) {
            (Some(name), _) => {
                // GeoNames' spelling, unless the article's differs only by accents or case.
                let name = &gaz.city_names[name as usize];
                let shown = if fold(name) == f && written.chars().any(char::is_lowercase) {
                    written
                } else {
                    name
                };
                self.label(shown, c.region, c.country)
            }
            (None, Some(r)) => self.label(&gaz.regions[r].0, None, c.country),
            (None, None) => return unresolved(written.to_string()),
        };
        Resolved {
            label,
            country: Some(c.country),
            facet: true,
        }
    }

    fn label(&self, written: &str, region: Option<usize>, country: usize) -> String {
        let c = &self.gaz.countries[country];
        match region {
            Some(r) if c.code == "US" => {
                format!("{written}, {}, {}", self.gaz.regions[r].0, c.name)
            }
            _ => format!("{written}, {}", c.name),
        }
    }
}

#[cfg(test)]
mod tests;
