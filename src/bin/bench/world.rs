//! The synthetic world: vocabulary, people, places, organizations and sources the
//! articles are written from.

use super::rng::{Rng, Zipf};
use std::collections::BTreeSet;

const FIRST_NAMES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/first_names.txt"
));
const FIRST_NAMES_EXTRA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/first_names_extra.txt"
));
const SURNAMES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/surnames.txt"
));
const SURNAMES_EXTRA: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/surnames_extra.txt"
));
const CITIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/cities.tsv"
));
const COUNTRIES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/countries.tsv"
));
const ORG_ALIASES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/org_aliases.tsv"
));
const TITLES: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/gazetteer/titles.txt"
));

/// The most frequent words of English news prose, most frequent first.
pub const FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "as", "by",
    "at", "from", "it", "be", "have", "has", "had", "were", "are", "this", "which", "not", "but",
    "their", "its", "an", "or", "been", "they", "after", "would", "will", "more", "than", "also",
    "who", "about", "over", "into", "when", "there", "could", "other", "some", "two", "last",
    "new", "first", "can", "year", "people", "while", "before", "under", "since", "between",
    "against", "during", "most", "only", "three", "because", "such", "where", "those", "week",
    "month", "still", "many", "said",
];

/// News words, spread over the frequency ranks (earlier = more frequent).
pub const NEWS_WORDS: &[&str] = &[
    "government",
    "officials",
    "minister",
    "talks",
    "economy",
    "election",
    "police",
    "market",
    "court",
    "security",
    "budget",
    "energy",
    "prices",
    "parliament",
    "protest",
    "inflation",
    "agreement",
    "border",
    "investment",
    "military",
    "vote",
    "opposition",
    "health",
    "workers",
    "exports",
    "ceasefire",
    "troops",
    "sanctions",
    "reform",
    "crisis",
    "growth",
    "refugees",
    "climate",
    "tariffs",
    "strike",
    "drought",
    "flood",
    "vaccine",
    "pipeline",
    "harvest",
    "truce",
    "coalition",
    "referendum",
    "embargo",
    "earthquake",
    "currency",
    "debt",
    "pension",
    "summit",
    "negotiators",
    "investigation",
    "corruption",
    "hospital",
    "schools",
    "satellite",
    "airline",
    "shipping",
    "wildfire",
    "famine",
    "uprising",
    "treaty",
    "blockade",
    "subsidy",
    "tourism",
    "mining",
    "fisheries",
    "bonds",
    "merger",
    "lawsuit",
    "drone",
    "cyberattack",
    "heatwave",
    "monsoon",
    "glacier",
    "vaccination",
    "recession",
    "stimulus",
    "austerity",
];

/// Two-word phrases inserted into sentences (Zipf, first = most frequent).
pub const PHRASES: &[&str] = &[
    "central bank",
    "prime minister",
    "peace talks",
    "interest rates",
    "climate change",
    "trade deal",
    "security forces",
    "human rights",
    "election campaign",
    "state media",
    "armed forces",
    "supply chain",
    "foreign ministry",
    "public health",
    "stock market",
    "energy prices",
    "opposition leader",
    "humanitarian aid",
    "press conference",
    "natural gas",
];

/// Sentence openers (capitalized words that are not names).
pub const STARTERS: &[&str] = &[
    "The",
    "In",
    "A",
    "But",
    "After",
    "While",
    "Since",
    "During",
    "Officials",
    "Analysts",
    "Many",
    "Some",
    "Under",
    "Before",
    "For",
    "On",
    "At",
    "Most",
    "Critics",
    "Residents",
];

pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "added",
    "told reporters",
    "warned",
    "noted",
    "stressed",
    "insisted",
    "explained",
    "argued",
    "acknowledged",
];

pub const ROLES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Finance Minister",
    "Defence Minister",
    "Senator",
    "Governor",
    "Mayor",
    "Ambassador",
    "Chief Executive",
    "Spokesman",
    "Spokeswoman",
    "Director",
    "Economist",
];

const ORG_KEYWORDS: &[&str] = &[
    "Bank",
    "Institute",
    "Council",
    "Authority",
    "Group",
    "Holdings",
    "Corporation",
    "Agency",
    "Commission",
    "Foundation",
    "Association",
    "Union",
    "Party",
    "Alliance",
    "Trust",
    "Industries",
];

pub const SOURCES: &[&str] = &[
    "Newswire",
    "Daily Ledger",
    "Evening Courier",
    "Global Dispatch",
    "Metro Herald",
    "Continental Times",
    "Harbor Gazette",
    "Northern Star",
];

/// Countries that make the news most, in order of frequency (ISO codes).
const NEWSY: &[&str] = &[
    "US", "CN", "RU", "UA", "GB", "DE", "FR", "IN", "JP", "BR", "TR", "IR", "IL", "SY", "MX", "CA",
    "AU", "ZA", "NG", "EG", "PK", "KR", "IT", "ES", "PL", "SA", "AR", "ID", "KE", "VN",
];

#[derive(Debug)]
pub struct Person {
    pub first: String,
    pub last: String,
}

impl Person {
    pub fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

#[derive(Debug)]
pub struct Country {
    pub code: String,
    pub name: String,
    /// Its largest cities, largest first.
    pub cities: Vec<String>,
}

/// Everything articles are made of; built once from the seed and the gazetteers.
#[derive(Debug)]
pub struct World {
    pub vocab: Vec<String>,
    pub vocab_z: Zipf,
    pub phrase_z: Zipf,
    pub people: Vec<Person>,
    pub people_z: Zipf,
    pub reporters: Vec<Person>,
    pub countries: Vec<Country>,
    pub country_z: Zipf,
    pub orgs: Vec<String>,
    pub org_z: Zipf,
    pub source_z: Zipf,
}

/// Data lines of a gazetteer file, split on tabs.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
}

fn col<'a>(row: &[&'a str], i: usize) -> &'a str {
    row.get(i).copied().unwrap_or("").trim()
}

fn is_plain_name(s: &str) -> bool {
    s.len() >= 3
        && s.chars().next().is_some_and(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_alphabetic() || c == '\'' || c == '-')
}

/// Pronounceable pseudo-words, unique and outside `exclude`.
fn pseudo_words(rng: &mut Rng, n: usize, exclude: &mut BTreeSet<String>) -> Vec<String> {
    const ONSETS: &[&str] = &[
        "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr",
        "dr", "gr", "pl", "st", "tr", "sh", "ch", "th", "",
    ];
    const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "ou", "io", "y"];
    const CODAS: &[&str] = &["", "", "", "n", "r", "s", "l", "t", "m", "nd", "st", "rk"];
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let syllables = if rng.chance(0.65) { 2 } else { 3 };
        let mut w = String::new();
        for _ in 0..syllables {
            w.push_str(rng.pick::<&str>(ONSETS));
            w.push_str(rng.pick::<&str>(VOWELS));
            w.push_str(rng.pick::<&str>(CODAS));
        }
        if w.len() >= 4 && w.len() <= 12 && exclude.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

impl World {
    pub fn build(seed: u64) -> World {
        // Words a name must not be: common words, places, titles, months.
        let mut blocked: BTreeSet<String> = BTreeSet::new();
        for w in FUNCTION_WORDS
            .iter()
            .chain(NEWS_WORDS)
            .chain(STARTERS)
            .chain(&newsdex::ingest::date::MONTH_NAMES)
            .chain(&newsdex::ingest::date::WEEKDAY_NAMES)
            .chain(ORG_KEYWORDS)
        {
            blocked.insert(w.to_lowercase());
        }
        for p in PHRASES {
            blocked.extend(p.split(' ').map(str::to_string));
        }
        for r in rows(TITLES) {
            for w in col(&r, 0).split([' ', '-']) {
                blocked.insert(w.trim_end_matches('.').to_lowercase());
            }
        }

        // Countries and their biggest cities.
        let mut countries: Vec<Country> = Vec::new();
        for r in rows(COUNTRIES) {
            for name in [col(&r, 2)]
                .into_iter()
                .chain(col(&r, 3).split('|'))
                .chain(col(&r, 4).split('|'))
            {
                for w in name.split(' ') {
                    blocked.insert(w.to_lowercase());
                }
            }
            countries.push(Country {
                code: col(&r, 0).to_string(),
                name: col(&r, 2).to_string(),
                cities: Vec::new(),
            });
        }
        let country_names: BTreeSet<String> =
            countries.iter().map(|c| c.name.to_lowercase()).collect();
        let mut cities: Vec<(u64, String, String)> = rows(CITIES)
            .filter_map(|r| {
                let pop: u64 = col(&r, 6).parse().ok()?;
                let name = col(&r, 1);
                (pop >= 150_000
                    && !name.is_empty()
                    && !country_names.contains(&name.to_lowercase()))
                .then(|| (pop, name.to_string(), col(&r, 3).to_string()))
            })
            .collect();
        cities.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        for (_, name, code) in &cities {
            for w in name.split(' ') {
                blocked.insert(w.to_lowercase());
            }
            if let Some(c) = countries.iter_mut().find(|c| &c.code == code) {
                if c.cities.len() < 10 && !c.cities.contains(name) {
                    c.cities.push(name.clone());
                }
            }
        }
        countries.retain(|c| !c.cities.is_empty());
        let rank = |c: &Country| {
            NEWSY
                .iter()
                .position(|n| *n == c.code)
                .unwrap_or(NEWSY.len())
        };
        countries.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.code.cmp(&b.code)));

        // People: census names (80%) and common non-US names (20%).
        let name_ok = |n: &&str| is_plain_name(n) && !blocked.contains(&n.to_lowercase());
        let firsts: Vec<&str> = rows(FIRST_NAMES)
            .filter(|r| col(r, 2).parse::<u32>().is_ok_and(|rank| rank <= 400))
            .map(|r| col(&r, 0))
            .filter(name_ok)
            .collect();
        let firsts_extra: Vec<&str> = rows(FIRST_NAMES_EXTRA)
            .step_by(20)
            .map(|r| col(&r, 0))
            .filter(name_ok)
            .collect();
        let lasts: Vec<&str> = rows(SURNAMES)
            .take(3000)
            .map(|r| col(&r, 0))
            .filter(name_ok)
            .collect();
        let lasts_extra: Vec<&str> = rows(SURNAMES_EXTRA)
            .step_by(10)
            .map(|r| col(&r, 0))
            .filter(name_ok)
            .collect();
        let mut r = Rng::new(&[seed, 1]);
        let mut seen = BTreeSet::new();
        let mut person = |r: &mut Rng| loop {
            let first = if r.chance(0.8) {
                r.pick(&firsts)
            } else {
                r.pick(&firsts_extra)
            };
            let last = if r.chance(0.8) {
                r.pick(&lasts)
            } else {
                r.pick(&lasts_extra)
            };
            if first != last && seen.insert(last.to_string()) {
                return Person {
                    first: first.to_string(),
                    last: last.to_string(),
                };
            }
        };
        // Unique surnames keep "Haddad said" unambiguous within and across articles.
        let people: Vec<Person> = (0..2000).map(|_| person(&mut r)).collect();
        let reporters: Vec<Person> = (0..150).map(|_| person(&mut r)).collect();

        // Vocabulary: function words, then news words spread over the ranks, then
        // pseudo-words.
        for p in people.iter().chain(&reporters) {
            blocked.insert(p.first.to_lowercase());
            blocked.insert(p.last.to_lowercase());
        }
        let mut r = Rng::new(&[seed, 2]);
        let pseudo = pseudo_words(&mut r, 4000, &mut blocked);
        let mut vocab: Vec<String> = FUNCTION_WORDS.iter().map(|s| s.to_string()).collect();
        let mut news = NEWS_WORDS.iter();
        for (i, p) in pseudo.into_iter().enumerate() {
            if i % 40 == 0 {
                if let Some(n) = news.next() {
                    vocab.push(n.to_string());
                }
            }
            vocab.push(p);
        }

        // Organizations: real ones from the alias table and made-up ones.
        let real: Vec<String> = rows(ORG_ALIASES)
            .map(|r| col(&r, 0).to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let mut r = Rng::new(&[seed, 3]);
        let stems = pseudo_words(&mut r, 600, &mut blocked);
        let mut orgs = Vec::new();
        for (i, stem) in stems.iter().enumerate() {
            let kw = r.pick(ORG_KEYWORDS);
            orgs.push(if i % 5 == 4 {
                format!(
                    "{} {} {kw}",
                    capitalize(stem),
                    capitalize(r.pick::<String>(&stems))
                )
            } else {
                format!("{} {kw}", capitalize(stem))
            });
            if let Some(real) = real.get(i / 2).filter(|_| i % 2 == 0) {
                orgs.push(real.clone());
            }
        }

        World {
            vocab_z: Zipf::new(vocab.len(), 2.0),
            vocab,
            phrase_z: Zipf::new(PHRASES.len(), 1.0),
            people_z: Zipf::new(people.len(), 10.0),
            people,
            reporters,
            country_z: Zipf::new(countries.len(), 2.0),
            countries,
            org_z: Zipf::new(orgs.len(), 5.0),
            orgs,
            source_z: Zipf::new(SOURCES.len(), 1.0),
        }
    }
}
