//! First-pass entity recognition: capitalized chunks of the text are looked up in the
//! gazetteers and classified by titles, first names, organization keywords, speech verbs
//! and document-level evidence. Output: typed spans with byte offsets.

use super::fold::fold;
use super::gazetteer::{is_acronym, Gazetteer};
use super::junk::{self, Junk};
use super::people;
use super::tokenize::Token;
use crate::ingest::date::is_month_or_weekday;
use std::collections::HashMap;

/// What a span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A person's name (`"Barack Obama"`, `"Mr. Smith"`): the `people` facet.
    Person,
    /// A city, region or country name (`"Geneva"`, `"Texas"`): the `places` facet.
    Place,
    /// An organization (`"Reuters"`, `"African National Congress"`): the `orgs` facet.
    Org,
    /// A word that mentions a country without naming a place: a demonym or a metonym.
    CountryRef,
}

/// One recognized span.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Token range: index of the span's first token.
    pub first: usize,
    /// Token range: one past the span's last token (exclusive), so
    /// `tokens[first..last]` are its words.
    pub last: usize,
    /// Byte range into the text: offset of the first token's first byte.
    pub start: usize,
    /// Byte range into the text: offset just past the mention (exclusive), so
    /// `&text[start..end]` is the mention as written; usually the last token's end,
    /// but only `"London"` of a `"London-based"` token.
    pub end: usize,
    /// What the span names, after the gazetteer, title and context rules.
    pub kind: Kind,
    /// Canonical name known from a gazetteer (orgs), if any.
    pub canonical: Option<String>,
    /// Country index, for countries, demonyms and metonyms.
    pub country: Option<usize>,
    /// A title preceded the name ("President", "Mr.").
    pub titled: bool,
    /// The type the statistical tagger gave the span, when it differs from `kind`
    /// (the Kremlin is a LOC or ORG mention that counts as its country).
    pub tagged: Option<Kind>,
}

/// Capitalized words that start sentences or name things other than entities.
const STOP: &[&str] = &[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "also",
    "yet",
    "so",
    "then",
    "now",
    "still",
    "since",
    "until",
    "despite",
    "although",
    "though",
    "because",
    "under",
    "over",
    "about",
    "during",
    "last",
    "next",
    "both",
    "each",
    "every",
    "such",
    "other",
    "another",
    "more",
    "less",
    "few",
    "several",
    "asked",
    "according",
    "meanwhile",
    "however",
    "instead",
    "indeed",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "is",
    "are",
    "was",
    "were",
    "be",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "has",
    "have",
    "had",
    "let",
    "let's",
    "we're",
    "it's",
    "i'm",
    "don't",
    "we've",
    "there's",
    "that's",
    "read",
    "related",
    "photo",
    "video",
    "updated",
    "advertisement",
    "thank",
    "thanks",
    "yes",
    "oh",
    "well",
    "like",
    "just",
    "even",
    "only",
    "first",
    "second",
    "third",
    "new",
    "old",
    "once",
    "why",
    "whether",
    "among",
    "amid",
    "against",
    "between",
    "into",
    "through",
    "than",
    "any",
    "none",
    "nor",
    "unlike",
    "like",
    "beyond",
    "across",
    "within",
    "without",
    "toward",
    "towards",
    "upon",
    "per",
    "via",
    "including",
    "following",
    "people",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "anyone",
    "officials",
    "analysts",
    "critics",
    "experts",
    "residents",
];

/// Lower-case words allowed inside a name ("Bank of Ghana", "Rio de Janeiro").
const CONNECTORS: &[&str] = &[
    "of", "for", "and", "de", "del", "da", "do", "dos", "la", "le", "van", "von", "der", "den",
    "bin", "al", "on", "the", "du", "des", "y", "&",
];

/// Words that make a chunk an organization.
const ORG_WORDS: &[&str] = &[
    "ministry",
    "bank",
    "institute",
    "university",
    "authority",
    "federation",
    "coalition",
    "league",
    "organization",
    "organisation",
    "union",
    "council",
    "department",
    "agency",
    "alliance",
    "observatory",
    "association",
    "commission",
    "party",
    "court",
    "committee",
    "fund",
    "office",
    "board",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "group",
    "foundation",
    "society",
    "bureau",
    "army",
    "navy",
    "forces",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "company",
    "motors",
    "resources",
    "capital",
    "club",
    "fc",
    "airlines",
    "airways",
    "energy",
    "holdings",
    "partners",
    "press",
    "times",
    "post",
    "news",
    "network",
    "service",
    "services",
    "industries",
    "systems",
    "technologies",
    "labs",
    "laboratory",
    "school",
    "college",
    "hospital",
    "museum",
    "police",
    "guard",
    "brigade",
    "front",
    "movement",
    "secretariat",
    "programme",
    "program",
    "tribunal",
    "exchange",
    "reserve",
    "treasury",
    "cabinet",
    "government",
    "administration",
    "team",
    "academy",
    "centre",
    "center",
    "trust",
    "media",
    "broadcasting",
    "television",
    "radio",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "magazine",
    "house",
];

/// Verbs that attribute speech; also used as evidence that a name is a person.
pub const SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "warns",
    "argued",
    "argues",
    "noted",
    "notes",
    "insisted",
    "insists",
    "explained",
    "explains",
    "asked",
    "asks",
    "stated",
    "states",
    "declared",
    "declares",
    "wrote",
    "writes",
    "continued",
    "replied",
    "responded",
    "claimed",
    "claims",
    "acknowledged",
    "admitted",
    "recalled",
    "suggested",
    "urged",
    "announced",
    "remarked",
    "observed",
    "cautioned",
    "conceded",
    "stressed",
    "emphasized",
    "emphasised",
    "predicted",
    "promised",
    "vowed",
    "tweeted",
    "countered",
    "agreed",
    "conceded",
    "joked",
    "recounted",
    "maintained",
    "contended",
    "added",
    "concluded",
    "complained",
    "pointed",
    "reiterated",
    "confirmed",
    "denied",
];

fn is_cap_word(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase()) && t.chars().any(|c| c.is_alphabetic())
}

fn is_stop(t: &str) -> bool {
    is_stop_folded(&fold(t))
}

/// [`is_stop`] for a word already folded.
fn is_stop_folded(f: &str) -> bool {
    STOP.contains(&f) || is_month_or_weekday(f)
}

/// Sentences written all in capitals (wire headlines): capitalization says nothing there.
fn caps_sentences(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut s = 0;
    while s < tokens.len() {
        let mut e = s + 1;
        while e < tokens.len() && !tokens[e].sentence_start {
            e += 1;
        }
        let words: Vec<&str> = tokens[s..e]
            .iter()
            .map(|t| t.text(text))
            .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
            .collect();
        let upper = words
            .iter()
            .filter(|w| !w.chars().any(|c| c.is_lowercase()))
            .count();
        if words.len() >= 3 && upper * 10 >= words.len() * 8 {
            out[s..e].iter_mut().for_each(|x| *x = true);
        }
        s = e;
    }
    out
}

/// Words that make a chunk a geographic feature ("Black Sea", "Rift Valley").
const LOC_WORDS: &[&str] = &[
    "sea",
    "ocean",
    "river",
    "lake",
    "valley",
    "mountains",
    "mount",
    "mt",
    "islands",
    "island",
    "bay",
    "gulf",
    "strait",
    "straits",
    "peninsula",
    "desert",
    "county",
    "parish",
    "province",
    "square",
    "street",
    "avenue",
    "coast",
    "reef",
    "basin",
    "plateau",
    "delta",
    "canal",
    "cape",
    "highlands",
    "plain",
    "plains",
    "falls",
    "heights",
    "district",
    "oblast",
    "territory",
    "cosmodrome",
    "airport",
    "glacier",
    "fjord",
    "archipelago",
    "steppe",
    "forest",
    "hill",
    "hills",
];

/// Regions of the world that belong to no single country.
const WORLD_REGIONS: &[&str] = &[
    "africa",
    "asia",
    "europe",
    "americas",
    "middle east",
    "gulf",
    "the gulf",
    "pacific",
    "atlantic",
    "arctic",
    "antarctica",
    "antarctic",
    "caribbean",
    "mediterranean",
    "balkans",
    "baltic",
    "baltics",
    "caucasus",
    "sahel",
    "scandinavia",
    "latin america",
    "north america",
    "south america",
    "central america",
    "central asia",
    "southeast asia",
    "east asia",
    "south asia",
    "west africa",
    "east africa",
    "north africa",
    "southern africa",
    "sub saharan africa",
    "horn of africa",
    "persian gulf",
    "eurasia",
    "oceania",
    "levant",
    "maghreb",
    "amazon",
    "west bank",
    "indo pacific",
    "western europe",
    "eastern europe",
    "central europe",
    "northern europe",
    "southern europe",
    "middle east and north africa",
];

const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "greater",
];

/// Suffixes of compounds whose first part is a place: "London-based", "Nigerian-born".
const PLACE_COMPOUNDS: &[&str] = &[
    "based",
    "born",
    "led",
    "backed",
    "owned",
    "listed",
    "run",
    "funded",
    "bound",
    "made",
    "brokered",
    "registered",
];

/// What the chunk classifier needs about the whole document.
struct Ctx<'a> {
    text: &'a str,
    tokens: &'a [Token],
    words: Vec<&'a str>,
    gaz: &'a Gazetteer,
    /// Words that also occur in lower case in this document: common words.
    lower_vocab: std::collections::HashSet<String>,
    caps: Vec<bool>,
}

/// Finds entity spans in `text`.
pub fn recognize(text: &str, tokens: &[Token], gaz: &Gazetteer) -> Vec<Span> {
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let lower_vocab = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(|w| fold(w))
        .collect();
    let ctx = Ctx {
        text,
        tokens,
        caps: caps_sentences(text, tokens),
        words,
        gaz,
        lower_vocab,
    };
    let words = &ctx.words;
    let mut spans = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let w = words[i];
        if !is_cap_word(w) {
            i += 1;
            continue;
        }
        // Grow a chunk of capitalized words joined by connectors.
        let mut j = i + 1;
        // A name never runs over a line break (headlines, datelines, table rows).
        let joined =
            |k: usize| k < tokens.len() && !text[tokens[k - 1].end..tokens[k].start].contains('\n');
        loop {
            if joined(j) && is_cap_word(words[j]) && !tokens[j].sentence_start {
                j += 1;
                continue;
            }
            if joined(j)
                && joined(j + 1)
                && (CONNECTORS.contains(&words[j])
                    || (matches!(words[j], "'" | "’")
                        && words[j - 1].ends_with('s')
                        && tokens[j].start == tokens[j - 1].end))
                && is_cap_word(words[j + 1])
                && !tokens[j + 1].sentence_start
            {
                j += 2;
                continue;
            }
            break;
        }
        classify_chunk(&ctx, i, j, &mut spans);
        i = j;
    }
    resolve_document(&ctx, &mut spans);
    spans
}

fn span(ctx: &Ctx, first: usize, last: usize, kind: Kind, titled: bool) -> Span {
    Span {
        first,
        last,
        start: ctx.tokens[first].start,
        end: ctx.tokens[last - 1].end,
        kind,
        canonical: None,
        country: None,
        titled,
        tagged: None,
    }
}

/// A country, demonym, city or region for one word: what "London-based" or
/// "Nigerian-born" start with.
fn place_word(ctx: &Ctx, w: &str) -> Option<(Kind, Option<usize>)> {
    let g = ctx.gaz;
    if let Some(&c) = g.demonyms.get(w) {
        return Some((Kind::CountryRef, Some(c)));
    }
    let f = fold(w);
    if let Some(&c) = g
        .country_names
        .get(&f)
        .or_else(|| g.country_acronyms.get(&w.replace('.', "")))
    {
        return Some((Kind::Place, Some(c)));
    }
    if g.cities.contains_key(&f) || g.region_names.contains_key(&f) {
        return Some((Kind::Place, None));
    }
    None
}

/// True if words[a..b] on its own names something known: what lets "X and Y" split.
fn is_entity_like(ctx: &Ctx, a: usize, b: usize) -> bool {
    let g = ctx.gaz;
    let s = &ctx.text[ctx.tokens[a].start..ctx.tokens[b - 1].end];
    let f = fold(s);
    g.orgs.contains_key(&f)
        || g.org_acronyms.contains_key(&s.replace('.', ""))
        || g.country_names.contains_key(&f)
        || g.cities.get(&f).is_some_and(|c| c[0].population >= 100_000)
        || (b - a == 1 && g.demonyms.contains_key(s))
        || ORG_WORDS.contains(&fold(ctx.words[b - 1]).as_str())
        || g.first_names.contains(&fold(ctx.words[a]))
}

/// Last words that make a chunk an event, a work or a thing rather than a person.
const MISC_WORDS: &[&str] = &[
    "war",
    "cup",
    "games",
    "olympics",
    "open",
    "championship",
    "championships",
    "prize",
    "award",
    "awards",
    "festival",
    "summit",
    "conference",
    "treaty",
    "agreement",
    "accord",
    "act",
    "protocol",
    "declaration",
    "index",
    "series",
    "marathon",
    "tournament",
    "day",
    "week",
    "era",
    "revolution",
    "crisis",
    "plan",
    "initiative",
    "doctrine",
    "gate",
    "park",
    "hill",
    "stadium",
    "arena",
    "bridge",
    "tower",
    "palace",
    "hall",
    "court",
    "station",
    "airport",
    "pipeline",
    "project",
    "mission",
    "fund",
    "bond",
    "bonds",
    "deal",
    "talks",
    "accords",
    "pact",
    "charter",
    "convention",
    "rule",
    "rules",
    "law",
    "bill",
    "olympic",
    "paralympic",
    "niño",
    "nino",
    "niña",
];

fn classify_chunk(ctx: &Ctx, a: usize, b: usize, out: &mut Vec<Span>) {
    classify(ctx, a, b, false, out);
}

fn classify(ctx: &Ctx, mut a: usize, mut b: usize, mut titled: bool, out: &mut Vec<Span>) {
    let g = ctx.gaz;
    let words = &ctx.words;
    let tokens = ctx.tokens;
    // Leading and trailing stop words.
    while a < b {
        let f = fold(words[a]);
        if is_stop_folded(&f) || CONNECTORS.contains(&f.as_str()) {
            titled |= g.titles.contains(&f);
            a += 1;
        } else {
            break;
        }
    }
    while b > a && (is_stop(words[b - 1]) || CONNECTORS.contains(&words[b - 1])) {
        b -= 1;
    }
    if a >= b {
        return;
    }
    let lower: Vec<String> = words[a..b].iter().map(|w| fold(w)).collect();
    // A lone title or organization word ("President", "Commission") is no entity.
    if b - a == 1 && (g.titles.contains(&lower[0]) || ORG_WORDS.contains(&lower[0].as_str())) {
        return;
    }
    let span_text = &ctx.text[tokens[a].start..tokens[b - 1].end];
    let f = fold(span_text);
    let exact = span_text.replace('.', "");
    let in_caps = ctx.caps[a];
    let mk = |first: usize, last: usize, kind: Kind| span(ctx, first, last, kind, titled);
    // Whole-chunk gazetteer matches.
    if WORLD_REGIONS.contains(&f.as_str()) {
        out.push(Span {
            canonical: Some(span_text.to_string()),
            ..mk(a, b, Kind::Place)
        });
        return;
    }
    if let Some(c) = g
        .org_acronyms
        .get(&exact)
        .filter(|_| !in_caps || b - a == 1)
    {
        out.push(Span {
            canonical: Some(c.clone()),
            ..mk(a, b, Kind::Org)
        });
        return;
    }
    if let Some(c) = g.orgs.get(&f) {
        out.push(Span {
            canonical: Some(c.clone()),
            country: g.org_country.get(c).copied(),
            ..mk(a, b, Kind::Org)
        });
        return;
    }
    if let Some(&c) = g.metonyms.get(&f) {
        out.push(Span {
            country: Some(c),
            ..mk(a, b, Kind::CountryRef)
        });
        return;
    }
    if let Some(&c) = g
        .country_names
        .get(&f)
        .or_else(|| g.country_acronyms.get(&exact))
    {
        out.push(Span {
            country: Some(c),
            ..mk(a, b, Kind::Place)
        });
        return;
    }
    if let Some(&c) = g.demonyms.get(span_text) {
        out.push(Span {
            country: Some(c),
            ..mk(a, b, Kind::CountryRef)
        });
        return;
    }
    // "London-based Marlow Capital", "Perth-based": the place inside the compound.
    if let Some((head, _)) = words[a]
        .rsplit_once('-')
        .filter(|(_, t)| PLACE_COMPOUNDS.contains(t))
    {
        if let Some((kind, country)) = place_word(ctx, head) {
            let start = tokens[a].start;
            out.push(Span {
                first: a,
                last: a + 1,
                start,
                end: start + head.len(),
                kind,
                canonical: None,
                country,
                titled: false,
                tagged: None,
            });
        }
        return classify(ctx, a + 1, b, titled, out);
    }
    // "Energy Minister Elena Varga", "French Defence Minister Sophie Lambert": a title
    // followed by a first name starts a person, whatever comes before it.
    if let Some(k) = (a..b.saturating_sub(2))
        .rev()
        .find(|&k| g.titles.contains(&lower[k - a]) && g.first_names.contains(&lower[k + 1 - a]))
    {
        for (d, w) in words.iter().enumerate().take(k).skip(a) {
            if let Some(&c) = g.demonyms.get(*w) {
                out.push(Span {
                    country: Some(c),
                    ..span(ctx, d, d + 1, Kind::CountryRef, false)
                });
            }
        }
        return classify(ctx, k + 1, b, true, out);
    }
    // "Shares of Northwind Semiconductor Inc rose": a common word opening the sentence
    // or a dateline (written in lower case elsewhere in the article) and "of" are not
    // part of the name; "Bank of England" and "University of Ghana" keep their
    // organization word.
    if b - a > 2
        && (tokens[a].sentence_start
            || (a > 0 && matches!(words[a - 1], "-" | "\u{2013}" | "\u{2014}" | "--")))
        && words[a + 1] == "of"
        && ctx.lower_vocab.contains(&lower[0])
        && !ORG_WORDS.contains(&lower[0].as_str())
        && !g.titles.contains(&lower[0])
    {
        return classify(ctx, a + 2, b, titled, out);
    }
    let is_org = lower.iter().any(|w| ORG_WORDS.contains(&w.as_str()));
    let is_place = (g.cities.contains_key(&f) || g.region_names.contains_key(&f))
        && !(b - a == 1 && ctx.lower_vocab.contains(&f));
    // One leading word that is not part of the name: a title, a demonym, a capitalized
    // common word opening the sentence, a direction.
    if b - a > 1 && !is_org && !is_place {
        let w = words[a];
        let f0 = &lower[0];
        let strip = if g.titles.contains(f0) {
            return classify(ctx, a + 1, b, true, out);
        } else if let Some(&c) = g.demonyms.get(w) {
            out.push(Span {
                country: Some(c),
                ..span(ctx, a, a + 1, Kind::CountryRef, false)
            });
            true
        } else {
            (tokens[a].sentence_start
                && !g.first_names.contains(f0)
                && (ctx.lower_vocab.contains(f0)
                    || (f0.ends_with("ing") && f0.len() > 5)
                    || f0.ends_with("ly")))
                || DIRECTIONS.contains(&f0.as_str())
        };
        if strip {
            return classify(ctx, a + 1, b, titled, out);
        }
    }
    // "X and Y": two entities unless the whole is one name.
    if let Some(k) = (a + 1..b).find(|&k| matches!(words[k], "and" | "&")) {
        if is_entity_like(ctx, a, k) {
            classify(ctx, a, k, false, out);
            classify(ctx, k + 1, b, false, out);
            return;
        }
    }
    let has_connector = lower.iter().any(|w| CONNECTORS.contains(&w.as_str()));
    let last = lower[b - a - 1].as_str();
    let is_loc = LOC_WORDS.contains(&last)
        || (b - a >= 2
            && matches!(
                lower[0].as_str(),
                "lake" | "mount" | "port" | "cape" | "gulf"
            ));
    let first_name = b - a >= 2 && g.first_names.contains(&lower[0]);
    let surname = b - a >= 2
        && g.surnames.contains(&lower[b - a - 1])
        && !ctx.lower_vocab.contains(&lower[0]);
    if is_org && !(first_name && b - a == 2) {
        out.push(mk(a, b, Kind::Org));
        return;
    }
    if is_loc {
        out.push(mk(a, b, Kind::Place));
        return;
    }
    if has_connector && !is_place {
        // "Amara Okonkwo of Nigeria": split at the connector and classify each side.
        if let Some(k) = (a..b).find(|&k| CONNECTORS.contains(&words[k])) {
            classify(ctx, a, k, titled, out);
            classify(ctx, k + 1, b, false, out);
            return;
        }
    }
    let big_city = g.cities.get(&f).is_some_and(|c| c[0].population > 100_000);
    if is_place && (!first_name || big_city) {
        out.push(mk(a, b, Kind::Place));
        return;
    }
    if in_caps || MISC_WORDS.contains(&last) {
        return;
    }
    let next_is_speech = words
        .get(b)
        .is_some_and(|w| SPEECH_VERBS.contains(&w.to_lowercase().as_str()));
    let prev_is_said = a > 0 && SPEECH_VERBS.contains(&words[a - 1]);
    if titled || first_name || (b - a >= 2 && (surname || next_is_speech || prev_is_said)) {
        out.push(mk(a, b, Kind::Person));
        return;
    }
    if is_acronym(span_text) && span_text.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
        out.push(mk(a, b, Kind::Org));
        return;
    }
    if b - a == 1 {
        // Unknown single word: decided at document level.
        out.push(Span {
            canonical: Some(String::from("?")),
            ..mk(a, b, Kind::Person)
        });
    }
}

/// Document-level decisions: single unknown words become the person whose surname or
/// first name they are, the organization whose acronym or first word they are, or are
/// dropped; acronyms defined in parentheses join their organization.
fn resolve_document(ctx: &Ctx, spans: &mut Vec<Span>) {
    let (text, words, tokens, gaz) = (ctx.text, &ctx.words, ctx.tokens, ctx.gaz);
    // Acronyms defined as "Full Name (ACR)".
    let mut defined: HashMap<String, String> = HashMap::new();
    for s in spans.iter() {
        if s.kind == Kind::Org
            && s.canonical.as_deref() != Some("?")
            && words.get(s.last) == Some(&"(")
            && words.get(s.last + 2) == Some(&")")
        {
            let acr = words[s.last + 1].replace('.', "");
            let name = s
                .canonical
                .clone()
                .unwrap_or_else(|| text[s.start..s.end].to_string());
            defined.insert(acr, name);
        }
    }
    let persons: Vec<Vec<String>> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.canonical.is_none() && s.last - s.first >= 2)
        .map(|s| words[s.first..s.last].iter().map(|w| fold(w)).collect())
        .collect();
    let org_words: Vec<(String, String)> = spans
        .iter()
        .filter(|s| s.kind == Kind::Org && s.last - s.first >= 2)
        .map(|s| {
            let name = s
                .canonical
                .clone()
                .unwrap_or_else(|| text[s.start..s.end].to_string());
            (fold(words[s.first]), name)
        })
        .collect();
    spans.retain_mut(|s| {
        let w = &text[s.start..s.end];
        let acr = w.replace('.', "");
        if let Some(name) = defined.get(&acr) {
            s.kind = Kind::Org;
            s.canonical = Some(name.clone());
            return true;
        }
        let f = fold(w);
        let linked = persons
            .iter()
            .any(|p| p.last() == Some(&f) || p.first() == Some(&f));
        let surname_of_person = persons.iter().any(|p| p.last() == Some(&f));
        if surname_of_person
            && s.last - s.first == 1
            && s.kind == Kind::Place
            && s.country.is_none()
        {
            // "Raman said", after "Priya Raman": the person, not the town of Raman.
            s.kind = Kind::Person;
            s.canonical = None;
            return true;
        }
        if s.kind == Kind::Person && s.last - s.first == 1 && s.canonical.is_none() {
            // A titled single name ("Mr. Mori") stays a person.
            return true;
        }
        if s.canonical.as_deref() != Some("?") {
            return true;
        }
        s.canonical = None;
        if linked {
            return true;
        }
        if let Some((_, name)) = org_words.iter().find(|(first, _)| *first == f) {
            s.kind = Kind::Org;
            s.canonical = Some(name.clone());
            return true;
        }
        // A lone known surname right before a speech verb is a person.
        let next = words.get(s.last).map(|w| w.to_lowercase());
        !tokens[s.first].sentence_start
            && gaz.surnames.contains(&f)
            && !ctx.lower_vocab.contains(&f)
            && next.is_some_and(|n| SPEECH_VERBS.contains(&n.as_str()))
    });
}

/// Entity spans from the statistical tagger's output, with the gazetteers supplying
/// canonical organization names, countries, demonyms and metonyms. Byte spans are mapped
/// onto `tokens` (the quote finder works on those).
pub fn from_tagger(
    text: &str,
    tokens: &[Token],
    tagged: &[super::ner::Span],
    gaz: &Gazetteer,
) -> Vec<Span> {
    use super::ner::EntityKind as E;
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let lower_vocab = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .map(|w| fold(w))
        .collect();
    let ctx = Ctx {
        text,
        tokens,
        caps: caps_sentences(text, tokens),
        words,
        gaz,
        lower_vocab,
    };
    let mut out = Vec::with_capacity(tagged.len());
    for t in tagged {
        let first = tokens.partition_point(|k| k.end <= t.start);
        let last = tokens.partition_point(|k| k.start < t.end);
        if first >= last {
            continue;
        }
        let written = &text[t.start..t.end];
        let f = fold(written);
        let exact = written.replace('.', "");
        let tagged_kind = match t.kind {
            E::Person => Kind::Person,
            E::Location => Kind::Place,
            E::Organization => Kind::Org,
            E::Misc => Kind::CountryRef,
        };
        let titled = first > 0 && gaz.titles.contains(&fold(ctx.words[first - 1]));
        let mut s = Span {
            first,
            last,
            start: t.start,
            end: t.end,
            kind: tagged_kind,
            canonical: None,
            country: None,
            titled,
            tagged: Some(tagged_kind),
        };
        let metonym = gaz.metonyms.get(&f).copied();
        let country = gaz
            .country_names
            .get(&f)
            .or_else(|| gaz.country_acronyms.get(&exact))
            .copied();
        let demonym = gaz.demonyms.get(written).copied();
        let institution = gaz
            .orgs
            .get(&f)
            .filter(|name| gaz.org_country.contains_key(*name));
        match t.kind {
            E::Person => {}
            E::Location | E::Organization if institution.is_some() => {
                // "the White House", "the Kremlin": an organization that also names
                // its country.
                s.kind = Kind::Org;
                s.canonical = institution.cloned();
                s.country = institution.and_then(|name| gaz.org_country.get(name).copied());
            }
            E::Location | E::Organization if metonym.is_some() => {
                s.kind = Kind::CountryRef;
                s.country = metonym;
            }
            E::Location => {
                if let Some(c) = country {
                    s.country = Some(c);
                } else if let Some(c) = demonym {
                    s.kind = Kind::CountryRef;
                    s.country = Some(c);
                } else if WORLD_REGIONS.contains(&f.as_str()) {
                    s.canonical = Some(written.to_string());
                } else if let Some(name) = gaz
                    .orgs
                    .get(&f)
                    .filter(|_| !gaz.cities.contains_key(&f) && !gaz.region_names.contains_key(&f))
                {
                    // "the Commonwealth", "the Premiership": an organization's name.
                    s.kind = Kind::Org;
                    s.canonical = Some(name.clone());
                }
            }
            E::Organization => {
                s.canonical = gaz
                    .org_acronyms
                    .get(&exact)
                    .or_else(|| gaz.orgs.get(&f))
                    .cloned();
            }
            E::Misc => match demonym.or(country) {
                Some(c) => s.country = Some(c),
                // Other MISC (events, works, nationalities we do not know) is no facet.
                None => continue,
            },
        }
        out.push(s);
    }
    // Acronyms defined as "Full Name (ACR)" join their organization.
    let mut defined: HashMap<String, String> = HashMap::new();
    for s in &out {
        if s.kind == Kind::Org
            && ctx.words.get(s.last) == Some(&"(")
            && ctx.words.get(s.last + 2) == Some(&")")
        {
            let name = s
                .canonical
                .clone()
                .unwrap_or_else(|| text[s.start..s.end].to_string());
            defined.insert(ctx.words[s.last + 1].replace('.', ""), name);
        }
    }
    for s in &mut out {
        if let Some(name) = defined.get(&text[s.start..s.end].replace('.', "")) {
            if s.kind != Kind::Person {
                s.kind = Kind::Org;
                s.canonical = Some(name.clone());
            }
        }
    }
    out
}

/// Month and weekday names and abbreviations: datelines ("Dec 3 (Newswire)") are no
/// entities whatever a tagger says.
fn is_calendar(folded: &str) -> bool {
    CALENDAR.contains(&folded) || is_month_or_weekday(folded)
}

/// The abbreviations and holidays of [`is_calendar`] (the full names are
/// [`is_month_or_weekday`]'s).
const CALENDAR: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
];

/// True for a rule-based span backed by strong evidence: a gazetteer entry, an
/// organization keyword, a first name or a title.
fn is_strong(ctx_words: &[&str], gaz: &Gazetteer, s: &Span) -> bool {
    let n = s.last - s.first;
    let first = fold(ctx_words[s.first]);
    let last = fold(ctx_words[s.last - 1]);
    match s.kind {
        Kind::CountryRef => true,
        Kind::Place => s.country.is_some() || (n >= 2 && LOC_WORDS.contains(&last.as_str())),
        Kind::Org => {
            s.canonical.is_some()
                || (n >= 2
                    && ctx_words[s.first..s.last]
                        .iter()
                        .any(|w| ORG_WORDS.contains(&fold(w).as_str())))
        }
        Kind::Person => n >= 2 && (s.titled || gaz.first_names.contains(&first)),
    }
}

/// Combines the tagger's spans with the rule-based ones: the tagger decides, except
/// where a strongly backed rule span contains its span ("Rhein Institute for Economic
/// Research" over "Rhein Institute", "Florence Adeyemi" over "Florence" + "Adeyemi"),
/// and strongly backed rule spans fill the places the tagger left empty. Dateline
/// words and spans across brackets are dropped.
///
/// A rule span never takes over where the tagger read the words differently: when a
/// tagger span crosses its edge, when it would swallow a person's full name into an
/// organization or place ("Lynn Reaser of Barnett Banks Inc."), or when it would glue
/// two of the tagger's names across a connector ("KeyCorp and Banc One Corp.",
/// "Daniels Pharmaceuticals Inc of St. Petersburg").
pub fn merge(
    text: &str,
    tokens: &[Token],
    rules: Vec<Span>,
    tagged: Vec<Span>,
    gaz: &Gazetteer,
) -> Vec<Span> {
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let tagged: Vec<Span> = tagged
        .into_iter()
        .filter(|t| {
            let written = &text[t.start..t.end];
            !(written.contains(['(', ')', '#', '*'])
                || !written.chars().next().is_some_and(char::is_alphanumeric)
                || is_calendar(&fold(written.trim_end_matches('.'))))
        })
        .collect();
    // Tagger spans are sorted and disjoint: those overlapping `r` are a run.
    let overlapping = |r: &Span| {
        let a = tagged.partition_point(|t| t.end <= r.start);
        let z = tagged.partition_point(|t| t.start < r.end);
        &tagged[a..z.max(a)]
    };
    // In a line all in capitals an organization word says nothing about where a name
    // ends ("MAJOR LEAGUE STANDINGS", "CLUB FINED"): only a known name counts there.
    let unknown_caps_org = |r: &Span| {
        r.kind == Kind::Org
            && r.canonical.is_none()
            && !text[r.start..r.end].chars().any(char::is_lowercase)
    };
    let caps = if rules.iter().any(unknown_caps_org) {
        caps_sentences(text, tokens)
    } else {
        Vec::new()
    };
    let wins: Vec<bool> = rules
        .iter()
        .map(|r| {
            is_strong(&words, gaz, r)
                && !(unknown_caps_org(r) && caps.get(r.first) == Some(&true))
                && rule_may_override(&words, r, overlapping(r))
        })
        .collect();
    let mut out: Vec<Span> = Vec::with_capacity(tagged.len() + rules.len());
    for t in &tagged {
        // Rule spans are sorted by start and barely overlap: the few starting at or
        // before `t` are the only ones that can contain it.
        let upto = rules.partition_point(|r| r.start <= t.start);
        let covered = (upto.saturating_sub(4)..upto).any(|i| {
            let r = &rules[i];
            wins[i] && r.end >= t.end && (r.end - r.start) > (t.end - t.start)
        });
        if !covered {
            out.push(t.clone());
        }
    }
    let kept = out.len();
    let overlaps = |a: &Span, b: &Span| a.start < b.end && b.start < a.end;
    for (r, win) in rules.into_iter().zip(wins) {
        // Kept tagger spans are sorted and disjoint: only the neighbours of `r` can overlap.
        let at = out[..kept].partition_point(|t| t.start < r.end);
        let clash = (at.saturating_sub(2)..at).any(|i| overlaps(&out[i], &r));
        if win && !clash {
            out.push(r);
        }
    }
    out.sort_by_key(|s| (s.start, s.end));
    tidy(text, tokens, &words, out, gaz)
}

/// True when rule span `r` may replace the tagger spans `inside` it overlaps: each lies
/// within `r`; none is a person's full name unless `r` is a person; a company name
/// ends at its legal form ("Daniels Pharmaceuticals Inc of St. Petersburg" is two
/// names); and two names of several words and different kinds around "and" stay two
/// ("Kansai Electric Power and Kansai International Airport"), while "Bangladesh
/// Garment Manufacturers and Exporters Association", "Maritime and Port Authority of
/// Singapore" and "Sports Authority of India" are one.
fn rule_may_override(words: &[&str], r: &Span, inside: &[Span]) -> bool {
    if inside.iter().any(|t| t.start < r.start || t.end > r.end) {
        return false;
    }
    // A person's name inside an organization or place: only "Club Atlético Córdoba",
    // where the rest of the span is an organization or place word.
    if let Some(p) = inside
        .iter()
        .find(|t| t.kind == Kind::Person && t.last - t.first >= 2)
    {
        let rest_names_it = words[r.first..p.first]
            .iter()
            .chain(&words[p.last..r.last])
            .any(|w| {
                let f = fold(w);
                ORG_WORDS.contains(&f.as_str()) || LOC_WORDS.contains(&f.as_str())
            });
        if r.kind != Kind::Person && (inside.len() > 1 || !rest_names_it) {
            return false;
        }
    }
    !inside.windows(2).any(|w| {
        let gap = &words[w[0].last..w[1].first];
        let legal_form = LEGAL_FORMS.contains(&fold(words[w[0].last - 1]).as_str());
        // "Maritime and Port Authority of Singapore": one word before "and" shares the
        // name that follows it.
        let two_names = w[0].last - w[0].first >= 2
            && w[1].last - w[1].first >= 2
            && (w[0].kind != w[1].kind || w[0].kind != r.kind);
        (legal_form && !gap.is_empty())
            || (two_names && gap.iter().any(|g| matches!(*g, "and" | "&" | ",")))
    })
}

/// Legal forms that end a company's name.
const LEGAL_FORMS: &[&str] = &[
    "inc", "corp", "ltd", "co", "plc", "llc", "spa", "ag", "nv", "sa", "gmbh", "bhd", "lp",
];

/// Words that name diseases and weather, which taggers like to call organizations.
const NOT_ORGS: &[&str] = &[
    "ebola",
    "zika",
    "malaria",
    "covid",
    "covid 19",
    "coronavirus",
    "el nino",
    "la nina",
    "sars",
    "mers",
];

/// Cleans merged spans: drops a leading "The" and a trailing "'s"; organization spans
/// that are events, places or people become what they are; "A and B" splits in two;
/// a single word or acronym joins the organization of the article it stands for.
fn tidy(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    spans: Vec<Span>,
    gaz: &Gazetteer,
) -> Vec<Span> {
    let spans = fragments(text, tokens, words, spans, gaz);
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let full_names = out_names(text, &spans);
    for mut s in spans {
        while s.last - s.first > 1 && matches!(words[s.first], "The" | "the") {
            s.first += 1;
            s.start = tokens[s.first].start;
        }
        while s.last - s.first > 1 && matches!(words[s.last - 1], "'s" | "’s" | "'" | "’") {
            s.last -= 1;
            s.end = tokens[s.last - 1].end;
        }
        if s.kind == Kind::Person {
            trim_person(tokens, words, &mut s, gaz);
        }
        if is_junk(text, words, &s, gaz, &full_names) {
            continue;
        }
        if s.kind != Kind::Org {
            retype_org_alias(text, &mut s, gaz, &full_names);
        }
        if s.kind == Kind::Org && s.canonical.is_none() {
            let written = &text[s.start..s.end];
            // A lone organization word ("Coalition", "Commission") names nothing.
            if s.last - s.first == 1 && ORG_WORDS.contains(&fold(written).as_str()) {
                continue;
            }
            let f = fold(written);
            let lower: Vec<String> = words[s.first..s.last].iter().map(|w| fold(w)).collect();
            let last = lower[lower.len() - 1].as_str();
            let has_org_word = lower.iter().any(|w| ORG_WORDS.contains(&w.as_str()));
            if NOT_ORGS.contains(&f.as_str()) || (MISC_WORDS.contains(&last) && !has_org_word) {
                continue;
            }
            let known_place = gaz.cities.contains_key(&f)
                || gaz.region_names.contains_key(&f)
                || matches!(
                    lower[0].as_str(),
                    "strait" | "port" | "lake" | "gulf" | "cape" | "mount"
                );
            if (LOC_WORDS.contains(&last) || WORLD_REGIONS.contains(&f.as_str()) || known_place)
                && !has_org_word
            {
                s.kind = Kind::Place;
                if WORLD_REGIONS.contains(&f.as_str()) {
                    s.canonical = Some(written.to_string());
                }
            } else if lower.len() == 2
                && gaz.first_names.contains(&lower[0])
                && gaz.surnames.contains(&lower[1])
                && !has_org_word
            {
                s.kind = Kind::Person;
            } else if let Some((l, r)) = split_known_pair(text, tokens, words, &s, gaz) {
                // "NIGERIA AND GHANA" in a headline: two countries, not one organization.
                out.push(l);
                out.push(r);
                continue;
            } else if let Some(k) =
                (s.first + 1..s.last.saturating_sub(1)).find(|&k| words[k] == "and")
            {
                // "World Health Organization and the Pan-African Health Alliance".
                let side_is_org = |a: usize, b: usize| {
                    words[a..b]
                        .iter()
                        .any(|w| ORG_WORDS.contains(&fold(w).as_str()))
                };
                let right = if matches!(words[k + 1], "the" | "The") {
                    k + 2
                } else {
                    k + 1
                };
                if right < s.last && side_is_org(s.first, k) && side_is_org(right, s.last) {
                    let mut l = s.clone();
                    l.last = k;
                    l.end = tokens[k - 1].end;
                    let mut r = s.clone();
                    r.first = right;
                    r.start = tokens[right].start;
                    out.push(l);
                    out.push(r);
                    continue;
                }
            }
        }
        if (s.kind == Kind::Place || s.kind == Kind::Org)
            && s.country.is_none()
            && s.canonical.is_none()
        {
            // "Florence Adeyemi" tagged as a place: a first name and a surname make a person.
            let lower: Vec<String> = words[s.first..s.last].iter().map(|w| fold(w)).collect();
            let f = fold(&text[s.start..s.end]);
            if lower.len() == 2
                && gaz.first_names.contains(&lower[0])
                && gaz.surnames.contains(&lower[1])
                && !gaz.cities.contains_key(&f)
                && !gaz.region_names.contains_key(&f)
                && !lower
                    .iter()
                    .any(|w| ORG_WORDS.contains(&w.as_str()) || LOC_WORDS.contains(&w.as_str()))
            {
                s.kind = Kind::Person;
            }
        }
        if s.kind == Kind::Person {
            if let Some(&c) = gaz.demonyms.get(&text[s.start..s.end]) {
                // "said the Australian", "the Spaniard": a nationality, never a person.
                s.kind = Kind::CountryRef;
                s.country = Some(c);
                s.tagged = s.tagged.map(|_| Kind::CountryRef);
                out.push(s);
                continue;
            }
        }
        if s.kind == Kind::Place && s.country.is_none() && not_a_place(words, &s) {
            continue;
        }
        if s.kind == Kind::Person {
            // Bylines: "By Newswire staff" is no person.
            if matches!(words[s.first], "By" | "by") {
                continue;
            }
            if words[s.first..s.last].iter().any(|w| {
                w.chars().next().is_some_and(char::is_lowercase)
                    && !CONNECTORS.contains(w)
                    // "Bashar al-Assad", "Ali bin-Hassan".
                    && !w
                        .split_once('-')
                        .is_some_and(|(p, _)| CONNECTORS.contains(&p) || p == "el")
            }) {
                continue;
            }
            let f = fold(&text[s.start..s.end]);
            let lower: Vec<String> = words[s.first..s.last].iter().map(|w| fold(w)).collect();
            let last = lower[lower.len() - 1].as_str();
            if lower.len() >= 2 && ORG_WORDS.contains(&last) {
                s.kind = Kind::Org;
            } else if LOC_WORDS.contains(&last) || WORLD_REGIONS.contains(&f.as_str()) {
                s.kind = Kind::Place;
                if WORLD_REGIONS.contains(&f.as_str()) {
                    s.canonical = Some(text[s.start..s.end].to_string());
                }
            } else if lower.len() == 1
                && (gaz.cities.contains_key(&f) || gaz.region_names.contains_key(&f))
            {
                // A lone word called a person that is a known place and no known name,
                // nor part of a longer name in the article ("Bergen", "Texas"): the place.
                let linked = persons_with(&full_names, &f);
                let known_name = gaz.surnames.contains(&f) || gaz.first_names.contains(&f);
                let big = gaz
                    .cities
                    .get(&f)
                    .is_some_and(|c| c[0].population >= 100_000);
                if !linked && (!known_name || big) {
                    s.kind = Kind::Place;
                }
            }
        }
        out.push(s);
    }
    // "Florence Adeyemi" split by the tagger into a place and a surname: one person.
    let mut merged: Vec<Span> = Vec::with_capacity(out.len());
    for s in out {
        if let Some(prev) = merged.last_mut() {
            let adjacent =
                prev.last == s.first && text[prev.end..s.start].chars().all(|c| c == ' ');
            if adjacent
                && s.kind == Kind::Person
                && prev.kind != Kind::Person
                && prev.last - prev.first == 1
                && gaz.first_names.contains(&fold(words[prev.first]))
                && words[prev.first].chars().any(char::is_lowercase)
            {
                *prev = Span {
                    first: prev.first,
                    start: prev.start,
                    canonical: None,
                    country: None,
                    ..s
                };
                continue;
            }
        }
        // "(Newswire)" in a dateline is the story's source credit, not something the
        // story is about: no facet. After a dateline in capitals ("CHICAGO (AP) —") it is
        // furniture even when the agency is known.
        let bracketed = s.first > 0 && words[s.first - 1] == "(" && words.get(s.last) == Some(&")");
        let dateline = s.first >= 2 && words[s.first - 2].chars().any(|c| c.is_ascii_digit());
        if bracketed
            && s.kind != Kind::Person
            && (is_caps_dateline(line_before(text, tokens[s.first - 1].start))
                || (dateline && known_entity(gaz, &text[s.start..s.end]).is_none()))
        {
            continue;
        }
        let mut s = s;
        if opens_dateline(text, &s)
            && s.kind != Kind::CountryRef
            && !matches!(
                known_entity(gaz, &text[s.start..s.end]),
                Some((Kind::Org, ..))
            )
        {
            // "SALT LAKE CITY (AP) —", "CHICAGO, May 14": the place the story is filed from.
            s.kind = Kind::Place;
            s.canonical = None;
        }
        merged.push(s);
    }
    let mut out = merged;
    // Acronyms defined as "Full Name (ACR)", and single words standing for a longer
    // organization of the same article ("Redgum" → "Redgum Resources").
    let mut defined: HashMap<String, String> = HashMap::new();
    let mut multi: Vec<(String, String, String)> = Vec::new();
    for s in &out {
        if s.kind != Kind::Org {
            continue;
        }
        let name = s
            .canonical
            .clone()
            .unwrap_or_else(|| text[s.start..s.end].to_string());
        if words.get(s.last) == Some(&"(") && words.get(s.last + 2) == Some(&")") {
            defined.insert(words[s.last + 1].replace('.', ""), name.clone());
        }
        if s.last - s.first >= 2 {
            multi.push((fold(words[s.first]), fold(words[s.last - 1]), name));
        }
    }
    let names = out_names(text, &out);
    for s in &mut out {
        if s.last - s.first != 1 {
            continue;
        }
        let w = &text[s.start..s.end];
        if s.kind == Kind::Person {
            // "Hoshino" after "Hoshino Motors", unless it is part of a person's name.
            let f = fold(w);
            if !persons_with(&names, &f) {
                if let Some((_, _, name)) = multi.iter().find(|(a, _, _)| *a == f) {
                    s.kind = Kind::Org;
                    s.canonical = Some(name.clone());
                }
            }
            continue;
        }
        if let Some(name) = defined.get(&w.replace('.', "")) {
            s.kind = Kind::Org;
            s.canonical = Some(name.clone());
        } else if s.kind == Kind::Org && s.canonical.is_none() {
            let f = fold(w);
            if let Some((_, _, name)) = multi.iter().find(|(a, b, _)| *a == f || *b == f) {
                s.canonical = Some(name.clone());
            } else if names
                .iter()
                .any(|n| n.rsplit(' ').next() == Some(f.as_str()))
            {
                // "Assad" after "Bashar al-Assad": the person's surname, not an organization.
                s.kind = Kind::Person;
                s.tagged = s.tagged.map(|_| Kind::Person);
            }
        }
    }
    out
}

/// Drops punctuation at the ends of a person span ("\" Gordon Brown") and the titles in
/// front of the name ("US President Barack Obama", "Mr Brown", "striker Wayne Rooney").
fn trim_person(tokens: &[Token], words: &[&str], s: &mut Span, gaz: &Gazetteer) {
    let wordlike = |w: &str| w.chars().any(char::is_alphanumeric);
    while s.last - s.first > 1 && !wordlike(words[s.first]) {
        s.first += 1;
    }
    while s.last - s.first > 1 && !wordlike(words[s.last - 1]) {
        s.last -= 1;
    }
    let t = people::title_len(&words[s.first..s.last], gaz);
    if t > 0 {
        s.first += t;
        s.titled = true;
    }
    // "Shri Anil Deshpande", "Smt. Nirmala Rao": South Asian honorifics.
    while s.last - s.first > 1 && is_honorific(words[s.first]) {
        s.first += 1;
        s.titled = true;
    }
    s.start = tokens[s.first].start;
    s.end = tokens[s.last - 1].end;
}

/// True for a span that names nothing: page furniture, a market abbreviation, title
/// words alone ("Prime Minister"), a wire sign-off on a line of its own ("Reuter"), a
/// common-noun acronym called an organization or a person ("TV", "DVD"), or a work
/// called a person ("the film Million Dollar Baby"). A word that is part of a person's
/// name in the article ("Read" after "Ian Read") is kept.
fn is_junk(text: &str, words: &[&str], s: &Span, gaz: &Gazetteer, full_names: &[String]) -> bool {
    if s.country.is_some() {
        return false;
    }
    let written = &text[s.start..s.end];
    let f = fold(written);
    let span_words = &words[s.first..s.last];
    if s.last - s.first == 1 && persons_with(full_names, &f) {
        return false;
    }
    let junk = match junk::junk(written, &f) {
        Some(Junk::Never) => true,
        Some(Junk::Acronym) => matches!(s.kind, Kind::Org | Kind::Person),
        Some(Junk::SignOff) => {
            // Alone on its line, after the headline.
            let line_start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
            line_start > 0
                && text[line_start..s.start]
                    .chars()
                    .chain(text[s.end..line_end].chars())
                    .all(|c| !c.is_alphanumeric())
        }
        None => false,
    };
    if junk || junk::all_never(span_words) {
        return true;
    }
    // One letter ("I", the party letters of "(D)" and "R-Texas") and contractions
    // ("Don’t", "I’m") name nothing.
    if s.canonical.is_none() && written.chars().filter(|c| c.is_alphanumeric()).count() <= 1 {
        return true;
    }
    if span_words.iter().any(|w| is_contraction(w)) {
        return true;
    }
    // A run of a headline in title case ("Ferrera Sent Trump A Message About Latinos"):
    // a name never has a small word in capitals after its first word.
    if s.canonical.is_none()
        && span_words.len() >= 3
        && span_words[1..]
            .iter()
            .any(|w| TITLE_CASE_SMALL_WORDS.contains(w))
    {
        return true;
    }
    // A label in capitals on a line of its own ("FULL TEXT.", "EXCLUSIVE") is page
    // furniture unless the gazetteer knows it as a place or an organization.
    if matches!(s.kind, Kind::Org | Kind::Place)
        && s.canonical.is_none()
        && !gaz.cities.contains_key(&f)
        && !gaz.region_names.contains_key(&f)
        && written.chars().any(char::is_alphabetic)
        && written
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase)
    {
        let line_start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
        if line_start > 0
            && text[line_start..s.start]
                .chars()
                .chain(text[s.end..line_end].chars())
                .all(|c| !c.is_alphanumeric())
        {
            return true;
        }
    }
    let surname = s.kind == Kind::Person && s.last - s.first == 1 && gaz.surnames.contains(&f);
    if s.canonical.is_none()
        && s.kind != Kind::CountryRef
        && !surname
        && people::is_only_title(span_words, gaz)
    {
        // "Prime Minister", "Chancellor"; not "Major" (the surname) alone.
        return true;
    }
    if matches!(s.kind, Kind::Person | Kind::Org) && s.canonical.is_none() {
        // The word before the name, past an opening quotation mark: "the film …" is a
        // work; "the band …" is an organization but no person.
        let mut k = s.first;
        while k > 0 && matches!(words[k - 1], "\"" | "“" | "'" | "‘") {
            k -= 1;
        }
        let noun = if k > 0 { words[k - 1] } else { "" };
        let band = matches!(noun, "band" | "bands" | "group");
        if junk::WORK_NOUNS.contains(&noun) && (s.kind == Kind::Person || !band) {
            return true;
        }
    }
    // A named storm ("Typhoon Goni", "Hurricane Gustav") is an event, no entity.
    let before = s.first.checked_sub(1).map_or("", |k| words[k]);
    if junk::STORM_WORDS.contains(&before)
        || span_words
            .first()
            .is_some_and(|w| junk::STORM_WORDS.contains(w))
    {
        return true;
    }
    false
}

/// Small words that only a headline in title case capitalizes inside a name.
const TITLE_CASE_SMALL_WORDS: &[&str] = &[
    "A", "An", "About", "As", "At", "By", "From", "How", "In", "Into", "Is", "Are", "Was", "Were",
    "Of", "On", "Or", "To", "With", "Why", "What", "When", "Who", "Your", "Our", "Their", "His",
    "Her", "Its", "Not", "Than", "That", "This", "Be", "Been", "Has", "Have",
];

/// True for a word with an English contraction: "Don’t", "I'm", "We’ll", "They've".
fn is_contraction(word: &str) -> bool {
    let w = word.replace('’', "'").to_lowercase();
    ["n't", "'m", "'ll", "'re", "'ve", "'d"]
        .iter()
        .any(|end| w.len() > end.len() && w.ends_with(end))
}

/// A person or place span that is an organization's listed name or alias ("Daesh",
/// "Reuter") becomes that organization, unless it is part of a person's name in the
/// article.
fn retype_org_alias(text: &str, s: &mut Span, gaz: &Gazetteer, full_names: &[String]) {
    if s.kind != Kind::Person || s.canonical.is_some() {
        return;
    }
    let written = &text[s.start..s.end];
    let f = fold(written);
    if s.last - s.first == 1 && (persons_with(full_names, &f) || s.titled) {
        return;
    }
    if let Some(name) = gaz
        .org_acronyms
        .get(&written.replace('.', ""))
        .or_else(|| gaz.orgs.get(&f))
    {
        s.kind = Kind::Org;
        s.canonical = Some(name.clone());
        s.tagged = s.tagged.map(|_| Kind::Org);
    }
}

fn out_names(text: &str, spans: &[Span]) -> Vec<String> {
    spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 2)
        .map(|s| fold(&text[s.start..s.end]))
        .collect()
}

/// True if a multi-word person name starts or ends with the word `f`.
fn persons_with(names: &[String], f: &str) -> bool {
    names
        .iter()
        .any(|n| n.split(' ').next() == Some(f) || n.rsplit(' ').next() == Some(f))
}

/// What the gazetteers say one name is: a country, a metonym, an organization alias or a
/// big city.
fn known_entity(gaz: &Gazetteer, written: &str) -> Option<(Kind, Option<usize>, Option<String>)> {
    let f = fold(written);
    let exact = written.replace('.', "");
    if let Some(&c) = gaz
        .country_names
        .get(&f)
        .or_else(|| gaz.country_acronyms.get(&exact))
    {
        return Some((Kind::Place, Some(c), None));
    }
    if let Some(&c) = gaz.metonyms.get(&f) {
        return Some((Kind::CountryRef, Some(c), None));
    }
    if let Some(name) = gaz.orgs.get(&f).or_else(|| gaz.org_acronyms.get(&exact)) {
        return Some((Kind::Org, None, Some(name.clone())));
    }
    if gaz
        .cities
        .get(&f)
        .is_some_and(|c| c[0].population >= 100_000)
    {
        return Some((Kind::Place, None, None));
    }
    None
}

/// Splits "A and B" when both sides are known entities on their own.
fn split_known_pair(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    s: &Span,
    gaz: &Gazetteer,
) -> Option<(Span, Span)> {
    let k = (s.first + 1..s.last.saturating_sub(1))
        .find(|&k| matches!(words[k], "and" | "AND" | "&"))?;
    let left = &text[tokens[s.first].start..tokens[k - 1].end];
    let right = &text[tokens[k + 1].start..tokens[s.last - 1].end];
    let (lk, lc, ln) = known_entity(gaz, left)?;
    let (rk, rc, rn) = known_entity(gaz, right)?;
    let part = |first: usize,
                last: usize,
                kind: Kind,
                country: Option<usize>,
                canonical: Option<String>| Span {
        first,
        last,
        start: tokens[first].start,
        end: tokens[last - 1].end,
        kind,
        canonical,
        country,
        titled: false,
        tagged: Some(if kind == Kind::CountryRef {
            Kind::Place
        } else {
            kind
        }),
    };
    Some((
        part(s.first, k, lk, lc, ln),
        part(k + 1, s.last, rk, rc, rn),
    ))
}

/// Honorifics of South Asian copy that are no part of a name and are not in the title
/// lists the tagger reads.
fn is_honorific(w: &str) -> bool {
    matches!(
        fold(w.trim_end_matches('.')).as_str(),
        "shri" | "sri" | "smt" | "shrimati" | "kumari" | "janab"
    )
}

/// The text of the line before byte `at`.
fn line_before(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    &text[start..at]
}

/// True for what opens a wire dateline in capitals: "CHICAGO ", "SALT LAKE CITY ",
/// "NEW DELHI, July 14 " — no lower-case letter before the date.
fn is_caps_dateline(before: &str) -> bool {
    let head = before.split(',').next().unwrap_or("");
    head.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !head.chars().any(char::is_lowercase)
        && before.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | '-' | '\'' | '#' | '>' | '*')
        })
}

/// True for a span in capitals that starts its line and is followed by a dateline's
/// comma or bracketed credit: "CHICAGO (AP) —", "MOSCOW, Jan 26 -" (not "RUGBY UNION -").
fn opens_dateline(text: &str, s: &Span) -> bool {
    let written = &text[s.start..s.end];
    let after = text[s.end..].trim_start_matches(' ');
    line_before(text, s.start)
        .chars()
        .all(|c| matches!(c, ' ' | '\t' | '#' | '>' | '*'))
        && written.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !written.chars().any(char::is_lowercase)
        && after.starts_with(['(', ','])
}

/// True for a place name that is no place where it stands: a noun after "the first" or
/// "the only" ("the first Latina to …") or a trade round ("the Doha round").
fn not_a_place(words: &[&str], s: &Span) -> bool {
    let before = s.first.checked_sub(1).map_or("", |k| words[k]);
    let after = words.get(s.last).copied().unwrap_or("");
    let before2 = s.first.checked_sub(2).map_or("", |k| words[k]);
    (s.last - s.first == 1 && before2 == "the" && matches!(before, "first" | "only"))
        || (matches!(before, "the" | "The") && after == "round")
}

/// True for a person, place or organization word a span never holds at its ends.
fn is_name_word(gaz: &Gazetteer, w: &str) -> bool {
    let f = fold(w);
    w.chars().next().is_some_and(char::is_uppercase)
        && !gaz.titles.contains(&f)
        && !is_honorific(w)
        && !ORG_WORDS.contains(&f.as_str())
        && !LOC_WORDS.contains(&f.as_str())
}

/// A part of span `s`, typed by the gazetteers when they know it, else as `s` was.
fn part(
    text: &str,
    tokens: &[Token],
    gaz: &Gazetteer,
    s: &Span,
    first: usize,
    last: usize,
) -> Span {
    let mut p = Span {
        first,
        last,
        start: tokens[first].start,
        end: tokens[last - 1].end,
        canonical: None,
        country: None,
        ..s.clone()
    };
    if let Some((kind, country, canonical)) = known_entity(gaz, &text[p.start..p.end]) {
        p.kind = kind;
        p.country = country;
        p.canonical = canonical;
    }
    p
}

/// Splits and trims spans that run over more than one name or over page furniture:
/// a leading date ("Jan 26 - The Soviet Union"), a whole headline in capitals ("SOVIET
/// UNION BUYS MORE U.S. CORN"), a party and state ("R-Texas" is Texas), two names run
/// together over "the" ("told Reuter the Soviet Union"), a known organization's
/// possession ("Sky News' Sunday Live" is Sky News), an office holder inside an
/// organization or a place ("Parish President Dana Thibodeaux", "Hoshino President
/// Takeshi Morimoto", "Kirin Precision President") and a name after "Chancellor of the
/// Exchequer".
fn fragments(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    spans: Vec<Span>,
    gaz: &Gazetteer,
) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut s in spans {
        // "Jan 26 - ", not "Jan Siemerink" nor "1860 Munich".
        let digits = |w: &str| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit());
        if s.last - s.first > 2
            && is_calendar(&fold(words[s.first].trim_end_matches('.')))
            && digits(words[s.first + 1])
        {
            s.first += 2;
            while s.last - s.first > 1 && matches!(words[s.first], "-" | "–" | "—" | ",") {
                s.first += 1;
            }
            s.start = tokens[s.first].start;
            s.canonical = None;
        }
        let written = &text[s.start..s.end];
        let known = known_entity(gaz, written);
        if s.canonical.is_some() || s.country.is_some() || known.is_some() {
            out.push(s);
            continue;
        }
        let n = s.last - s.first;
        let line = {
            let a = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
            let b = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
            &text[a..b]
        };
        let last_folded = fold(words[s.last - 1]);
        if n >= 5
            && s.kind != Kind::Person
            && !line.chars().any(char::is_lowercase)
            && !ORG_WORDS.contains(&last_folded.as_str())
        {
            // A whole headline in capitals read as one name.
            continue;
        }
        if n == 1 {
            if let Some((_, state)) = written
                .split_once('-')
                .filter(|(p, _)| matches!(*p, "R" | "D" | "I"))
            {
                if gaz.region_names.contains_key(&fold(state)) {
                    out.push(Span {
                        start: s.end - state.len(),
                        kind: Kind::Place,
                        tagged: s.tagged.map(|_| Kind::Place),
                        ..s
                    });
                }
                continue;
            }
        }
        if let Some(k) = (s.first + 1..s.last.saturating_sub(1))
            .find(|&k| words[k] == "the" && !CONNECTORS.contains(&words[k - 1]))
        {
            let l = part(text, tokens, gaz, &s, s.first, k);
            let r = part(text, tokens, gaz, &s, k + 1, s.last);
            if l.kind != s.kind || r.kind != s.kind || l.canonical.is_some() || r.country.is_some()
            {
                // One side at least is a name the gazetteers know: two names.
                out.push(l);
                out.push(r);
                continue;
            }
        }
        if let Some(k) = (s.first + 1..s.last.saturating_sub(1))
            .find(|&k| matches!(words[k], "'" | "’" | "'s" | "’s"))
        {
            let left = part(text, tokens, gaz, &s, s.first, k);
            if left.kind == Kind::Org && left.canonical.is_some() {
                out.push(left);
                continue;
            }
        }
        if s.first >= 3
            && n >= 3
            && words[s.first - 1] == "the"
            && words[s.first - 2] == "of"
            && gaz.titles.contains(&fold(words[s.first - 3]))
            && gaz.first_names.contains(&fold(words[s.first + 1]))
        {
            // "Chancellor of the Exchequer Nigel Ashdown".
            s.first += 1;
            s.start = tokens[s.first].start;
            s.kind = Kind::Person;
            s.titled = true;
            s.tagged = s.tagged.map(|_| Kind::Person);
            out.push(s);
            continue;
        }
        if matches!(s.kind, Kind::Org | Kind::Place) {
            // The name at the end: capitalized words or initials after a title.
            let mut m = s.last;
            while m > s.first && (is_name_word(gaz, words[m - 1]) || is_initial(words[m - 1])) {
                m -= 1;
            }
            let title = |w: &str| {
                let f = fold(w);
                w.chars().next().is_some_and(char::is_uppercase)
                    && (gaz.titles.contains(&f) || is_honorific(w))
                    && !ORG_WORDS.contains(&f.as_str())
            };
            let t = (s.first..m).find(|&k| title(words[k]));
            // After an honorific, or after a title with a first name, an initial or
            // an organization or place before it.
            let name_ok = s.last - m >= 2
                && m > s.first
                && (is_honorific(words[m - 1])
                    || (title(words[m - 1])
                        && (gaz.first_names.contains(&fold(words[m]))
                            || is_initial(words[m])
                            || t.is_some_and(|t| t > s.first))));
            if let Some(t) = t {
                let left_ok = |a: usize, b: usize| {
                    b > a
                        && is_name_word(gaz, words[b - 1])
                        && words[a..b].iter().any(|w| !is_stop(w))
                        && !(b - a == 1
                            && (ORG_WORDS.contains(&fold(words[a]).as_str())
                                || LOC_WORDS.contains(&fold(words[a]).as_str())))
                };
                if name_ok {
                    if left_ok(s.first, t) {
                        out.push(part(text, tokens, gaz, &s, s.first, t));
                    }
                    let mut p = part(text, tokens, gaz, &s, m, s.last);
                    p.kind = Kind::Person;
                    p.titled = true;
                    p.tagged = s.tagged.map(|_| Kind::Person);
                    out.push(p);
                    continue;
                }
                if s.kind == Kind::Org
                    && m == s.last
                    && left_ok(s.first, t)
                    && t + 1 == s.last
                    && OFFICES.contains(&fold(words[t]).as_str())
                {
                    // "Kirin Precision President": the organization before the office.
                    out.push(part(text, tokens, gaz, &s, s.first, t));
                    continue;
                }
            }
        }
        out.push(s);
    }
    out
}

/// Offices that follow their organization's name: "Kirin Precision President".
const OFFICES: &[&str] = &[
    "president",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "ceo",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "governor",
    "minister",
    "secretary",
];

/// "R." in "R. Subramanian".
fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}

#[cfg(test)]
mod fragment_tests {
    use super::*;
    use crate::extract::{extract_text, tokenize::tokenize};

    /// `fragments` on one span over words `a..b` of `text`, tagged as `kind`.
    fn split(text: &str, a: usize, b: usize, kind: Kind) -> Vec<(String, Kind)> {
        let gaz = Gazetteer::global();
        let tokens = tokenize(text);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
        let s = Span {
            first: a,
            last: b,
            start: tokens[a].start,
            end: tokens[b - 1].end,
            kind,
            canonical: None,
            country: None,
            titled: false,
            tagged: Some(kind),
        };
        fragments(text, &tokens, &words, vec![s], gaz)
            .into_iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn party_and_state_is_the_state() {
        // "Sen. Joan Miller , R-Utah , voted …": words 5..6 are "R-Utah".
        let got = split("Sen. Joan Miller, R-Utah, voted no.", 4, 5, Kind::Org);
        assert_eq!(got, vec![("Utah".to_string(), Kind::Place)]);
    }

    #[test]
    fn a_headline_in_capitals_is_no_name() {
        let text = "GRAIN PRICES JUMP ON DROUGHT FEARS\n\nPrices rose.";
        assert!(split(text, 0, 6, Kind::Org).is_empty());
        // A known organization in capitals stays.
        let text = "INTERNATIONAL MONETARY FUND\n\nThe fund met.";
        assert_eq!(split(text, 0, 3, Kind::Org).len(), 1);
    }

    #[test]
    fn a_leading_date_is_trimmed() {
        let text = "WASHINGTON, Feb 3 - The Soviet Union bought maize.";
        // "Feb 3 - The Soviet Union" (words 2..8).
        let got = split(text, 2, 8, Kind::Org);
        assert_eq!(got[0].0, "The Soviet Union");
    }

    #[test]
    fn office_holders_inside_organizations_and_places() {
        let text = "Kestrel Mining Chairman Robert Ellison spoke.";
        assert_eq!(
            split(text, 0, 5, Kind::Org),
            vec![
                ("Kestrel Mining".to_string(), Kind::Org),
                ("Robert Ellison".to_string(), Kind::Person)
            ]
        );
        let text = "Harwood Metals Director spoke.";
        assert_eq!(
            split(text, 0, 3, Kind::Org),
            vec![("Harwood Metals".to_string(), Kind::Org)]
        );
        // The office word alone is dropped: "Parish" names no place.
        let text = "Parish President Lena Broussard spoke.";
        assert_eq!(
            split(text, 0, 4, Kind::Place),
            vec![("Lena Broussard".to_string(), Kind::Person)]
        );
        // A title that opens an organization's name is part of it.
        let text = "Royal Bank of Scotland shares fell.";
        assert_eq!(split(text, 0, 4, Kind::Org).len(), 1);
    }

    /// Wire and broadcast copy: names run together by the tagger.
    #[test]
    fn names_run_together_are_split() {
        let e = extract_text(
            "Wheat\n\nTrade official Ivan Petrov told Reuter the Soviet Union would buy more wheat. He told Sky News' Sunday Politics programme the deal was close. Chancellor of the Exchequer Gordon Hale told MPs he was pleased.",
        );
        assert!(e.orgs.iter().any(|o| o == "Sky News"), "{:?}", e.orgs);
        assert!(
            !e.orgs
                .iter()
                .any(|o| o.contains(" the ") || o.contains("Sunday")),
            "{:?}",
            e.orgs
        );
        assert!(
            e.people.iter().any(|p| p == "Gordon Hale"),
            "{:?}",
            e.people
        );
        assert!(
            !e.people.iter().any(|p| p.contains("Exchequer")),
            "{:?}",
            e.people
        );
        assert!(
            !e.orgs.iter().any(|o| o.contains("Exchequer")),
            "{:?}",
            e.orgs
        );
    }

    /// South Asian copy: honorifics and long offices before the name.
    #[test]
    fn honorifics_are_no_part_of_the_name() {
        let e = extract_text(
            "Bridge opened\n\nKarnataka Governor Shri P. Venkatesh opened the bridge on Monday. Smt. Lakshmi Rao, the district collector, thanked him.",
        );
        assert!(
            e.people.iter().any(|p| p == "P. Venkatesh"),
            "{:?}",
            e.people
        );
        assert!(
            !e.orgs.iter().any(|o| o.contains("Governor")),
            "{:?}",
            e.orgs
        );
        for v in e.people.iter().chain(&e.orgs).chain(&e.places) {
            assert!(!v.starts_with("Shri") && !v.starts_with("Smt"), "{v}");
        }
    }

    /// AP copy: "CITY (AP) —" is a dateline, and "(AP)" the credit.
    #[test]
    fn datelines_are_places_and_credits_no_organizations() {
        let e = extract_text(
            "Wildfire near Boulder\n\nDENVER (AP) — Firefighters battled a blaze near Boulder on Tuesday, the Colorado fire service said.",
        );
        assert!(e.orgs.is_empty(), "{:?}", e.orgs);
        assert!(
            e.places.iter().any(|p| p.starts_with("Denver")),
            "{:?}",
            e.places
        );
    }

    /// Sports copy: nationalities are no people.
    #[test]
    fn nationalities_are_no_people() {
        let e = extract_text(
            "Sprint final\n\n\"It was my best race,\" said the Canadian after the final. The Welshman finished fourth.",
        );
        assert!(e.people.is_empty(), "{:?}", e.people);
        let codes: Vec<&str> = e.countries.iter().map(|c| c.code.as_str()).collect();
        assert!(codes.contains(&"CA") && codes.contains(&"GB"), "{codes:?}");
    }

    /// Summit copy: institutions, campaign groups and trade rounds.
    #[test]
    fn institutions_and_campaign_groups_are_organizations() {
        let e = extract_text(
            "Arms talks\n\nThe White House said on Monday that talks with the Kremlin would resume. Oxfam and Save the Children urged G8 leaders to act before the Doha round collapses. Rosa Diaz became the first Latina to lead the union.",
        );
        for o in ["White House", "Kremlin", "Oxfam", "Save the Children", "G8"] {
            assert!(e.orgs.iter().any(|x| x == o), "{o} not in {:?}", e.orgs);
        }
        let codes: Vec<&str> = e.countries.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, vec!["RU", "US"]);
        assert!(e.places.is_empty(), "{:?}", e.places);
    }
}

#[cfg(test)]
mod merge_tests {
    use crate::extract::{extract_text, EntityType};

    fn mentions(text: &str) -> Vec<(String, EntityType)> {
        extract_text(text)
            .mentions
            .into_iter()
            .map(|m| (m.text, m.kind))
            .collect()
    }

    /// A rule span built across "of" does not swallow the tagger's person and company,
    /// nor run a company past its legal form into a place.
    #[test]
    fn a_rule_span_does_not_glue_a_person_or_a_place_to_a_company() {
        let got = mentions(
            "Rates\n\nRates will rise, said Maria Lindqvist of Barnett Banks Inc. on Tuesday. \
             Shares of Harrow Pharmaceuticals Inc of St. Petersburg rose 4 percent.\n",
        );
        for want in [
            ("Maria Lindqvist", EntityType::Person),
            ("Barnett Banks Inc.", EntityType::Org),
            ("Harrow Pharmaceuticals Inc", EntityType::Org),
            ("St. Petersburg", EntityType::Place),
        ] {
            assert!(
                got.contains(&(want.0.to_string(), want.1)),
                "{want:?} in {got:?}"
            );
        }
    }

    /// A wire headline in capitals is no organization because it holds a word like
    /// "league".
    #[test]
    fn an_organization_word_in_a_capitals_headline_names_nothing() {
        for text in [
            "ENGLISH LEAGUE STANDINGS AFTER SATURDAY\n\nLONDON 1996-08-24 - Standings after games.\n",
            "HOCKEY - NORTHERN LEAGUE STANDINGS AFTER FRIDAY\n\nOSLO 2024-03-02 - Standings after games.\n",
        ] {
            let orgs: Vec<String> = extract_text(text)
                .mentions
                .into_iter()
                .filter(|m| m.kind == EntityType::Org)
                .map(|m| m.text)
                .collect();
            assert!(
                orgs.iter().all(|o| !o.contains("STANDINGS")),
                "{orgs:?}"
            );
        }
    }

    /// "Shares of X Inc" after a dateline: the common word and "of" are no part of the
    /// company's name.
    #[test]
    fn a_common_word_and_of_do_not_open_a_company_name() {
        let got = mentions(
            "Harrow falls\n\nSAN JOSE, California (Business desk) - Shares of Harrow \
             Semiconductor Inc fell 9 percent on Tuesday. Its shares had doubled this year.\n",
        );
        assert!(
            got.contains(&("Harrow Semiconductor Inc".to_string(), EntityType::Org)),
            "{got:?}"
        );
        assert!(got.iter().all(|m| !m.0.starts_with("Shares")), "{got:?}");
    }

    /// One word before "and" shares the name after it.
    #[test]
    fn a_rule_span_still_joins_one_name_the_tagger_split() {
        let got = mentions(
            "Ferries\n\nRavi Menon, head of port operations at the Maritime and Port \
             Authority of Singapore, visited Bergen this week.\n",
        );
        assert!(
            got.contains(&(
                "Maritime and Port Authority of Singapore".to_string(),
                EntityType::Org
            )),
            "{got:?}"
        );
    }
}
