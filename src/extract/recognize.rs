//! First-pass entity recognition: capitalized chunks of the text are looked up in the
//! gazetteers and classified by titles, first names, organization keywords, speech verbs
//! and document-level evidence. Output: typed spans with byte offsets.

use super::fold::fold;
use super::gazetteer::{is_acronym, Gazetteer};
use super::tokenize::Token;
use std::collections::HashMap;

/// What a span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Person,
    Place,
    Org,
    /// A word that mentions a country without naming a place: a demonym or a metonym.
    CountryRef,
}

/// One recognized span.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Token range.
    pub first: usize,
    pub last: usize,
    /// Byte range into the text.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Canonical name known from a gazetteer (orgs), if any.
    pub canonical: Option<String>,
    /// Country index, for countries, demonyms and metonyms.
    pub country: Option<usize>,
    /// A title preceded the name ("President", "Mr.").
    pub titled: bool,
}

/// Capitalized words that start sentences or name things other than entities.
const STOP: &[&str] = &[
    "the", "a", "an", "in", "on", "at", "but", "and", "or", "he", "she", "it", "they", "we",
    "i", "you", "this", "that", "these", "those", "his", "her", "their", "our", "its", "my",
    "after", "before", "when", "while", "if", "as", "for", "with", "from", "by", "to", "of",
    "there", "here", "what", "who", "why", "how", "where", "some", "many", "most", "all",
    "no", "not", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    "ten", "also", "yet", "so", "then", "now", "still", "since", "until", "despite",
    "although", "though", "because", "under", "over", "about", "during", "last", "next",
    "both", "each", "every", "such", "other", "another", "more", "less", "few", "several",
    "asked", "according", "meanwhile", "however", "instead", "indeed", "later", "earlier",
    "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "mr", "mrs", "ms",
    "dr", "prof", "sir", "is", "are", "was", "were", "be", "do", "does", "did", "will",
    "would", "can", "could", "should", "must", "has", "have", "had", "let", "let's", "we're",
    "it's", "i'm", "don't", "we've", "there's", "that's", "read", "related", "photo", "video",
    "updated", "advertisement", "thank", "thanks", "yes", "oh", "well", "like", "just",
    "even", "only", "first", "second", "third", "new", "old", "once", "why", "whether",
    "among", "amid", "against", "between", "into", "through", "than", "any", "none", "nor",
];

/// Lower-case words allowed inside a name ("Bank of Ghana", "Rio de Janeiro").
const CONNECTORS: &[&str] = &[
    "of", "for", "and", "de", "del", "da", "do", "dos", "la", "le", "van", "von", "der", "den",
    "bin", "al", "on", "the", "du", "des", "y", "&",
];

/// Words that make a chunk an organization.
const ORG_WORDS: &[&str] = &[
    "ministry", "bank", "institute", "university", "authority", "federation", "coalition",
    "league", "organization", "organisation", "union", "council", "department", "agency",
    "alliance", "observatory", "association", "commission", "party", "court", "committee",
    "fund", "office", "board", "corporation", "corp", "inc", "ltd", "plc", "llc", "group",
    "foundation", "society", "bureau", "army", "navy", "forces", "parliament", "assembly",
    "congress", "senate", "company", "motors", "resources", "capital", "club", "fc",
    "airlines", "airways", "energy", "holdings", "partners", "press", "times", "post",
    "news", "network", "service", "services", "industries", "systems", "technologies",
    "labs", "laboratory", "school", "college", "hospital", "museum", "police", "guard",
    "brigade", "front", "movement", "secretariat", "programme", "program", "tribunal",
    "exchange", "reserve", "treasury", "cabinet", "government", "administration", "team",
    "academy", "centre", "center", "trust", "media", "broadcasting", "television", "radio",
    "journal", "herald", "tribune", "gazette", "magazine", "house",
];

/// Verbs that attribute speech; also used as evidence that a name is a person.
pub const SPEECH_VERBS: &[&str] = &[
    "said", "says", "say", "told", "tells", "added", "adds", "warned", "warns", "argued",
    "argues", "noted", "notes", "insisted", "insists", "explained", "explains", "asked",
    "asks", "stated", "states", "declared", "declares", "wrote", "writes", "continued",
    "replied", "responded", "claimed", "claims", "acknowledged", "admitted", "recalled",
    "suggested", "urged", "announced", "remarked", "observed", "cautioned", "conceded",
    "stressed", "emphasized", "emphasised", "predicted", "promised", "vowed", "tweeted",
    "countered", "agreed", "conceded", "joked", "recounted", "maintained", "contended",
    "added", "concluded", "complained", "pointed", "reiterated", "confirmed", "denied",
];

fn is_cap_word(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase()) && t.chars().any(|c| c.is_alphabetic())
}

fn is_stop(t: &str) -> bool {
    let f = fold(t);
    STOP.contains(&f.as_str())
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
        let upper = words.iter().filter(|w| !w.chars().any(|c| c.is_lowercase())).count();
        if words.len() >= 3 && upper * 10 >= words.len() * 8 {
            out[s..e].iter_mut().for_each(|x| *x = true);
        }
        s = e;
    }
    out
}

/// Finds entity spans in `text`.
pub fn recognize(text: &str, tokens: &[Token], gaz: &Gazetteer) -> Vec<Span> {
    let caps = caps_sentences(text, tokens);
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
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
        loop {
            if j < tokens.len() && is_cap_word(words[j]) && !tokens[j].sentence_start {
                j += 1;
                continue;
            }
            if j + 1 < tokens.len()
                && CONNECTORS.contains(&words[j])
                && is_cap_word(words[j + 1])
                && !tokens[j + 1].sentence_start
            {
                j += 2;
                continue;
            }
            break;
        }
        classify_chunk(text, tokens, &words, i, j, gaz, caps[i], &mut spans);
        i = j;
    }
    resolve_document(text, &words, tokens, gaz, &mut spans);
    spans
}

#[allow(clippy::too_many_arguments)]
fn classify_chunk(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    mut a: usize,
    mut b: usize,
    gaz: &Gazetteer,
    in_caps: bool,
    out: &mut Vec<Span>,
) {
    // Leading stop words and titles; trailing stop words.
    let mut titled = false;
    while a < b {
        let f = fold(words[a]);
        if STOP.contains(&f.as_str()) || CONNECTORS.contains(&f.as_str()) {
            if gaz.titles.contains(&f) {
                titled = true;
            }
            a += 1;
        } else if gaz.titles.contains(&f) && a + 1 < b {
            titled = true;
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
    // A lone title word ("President") is no entity.
    if b - a == 1 && gaz.titles.contains(&fold(words[a])) {
        return;
    }
    let span_text = &text[tokens[a].start..tokens[b - 1].end];
    let mk = |first: usize, last: usize, kind: Kind| Span {
        first,
        last,
        start: tokens[first].start,
        end: tokens[last - 1].end,
        kind,
        canonical: None,
        country: None,
        titled,
    };
    let f = fold(span_text);
    let exact = span_text.replace('.', "");
    // Whole-chunk gazetteer matches.
    if let Some(c) = gaz.org_acronyms.get(&exact).filter(|_| !in_caps || b - a == 1) {
        out.push(Span { canonical: Some(c.clone()), ..mk(a, b, Kind::Org) });
        return;
    }
    if let Some(c) = gaz.orgs.get(&f) {
        out.push(Span { canonical: Some(c.clone()), ..mk(a, b, Kind::Org) });
        return;
    }
    if let Some(&c) = gaz.metonyms.get(&f) {
        out.push(Span { country: Some(c), ..mk(a, b, Kind::CountryRef) });
        return;
    }
    if let Some(&c) = gaz.country_names.get(&f).or_else(|| gaz.country_acronyms.get(&exact)) {
        out.push(Span { country: Some(c), ..mk(a, b, Kind::Place) });
        return;
    }
    if b - a == 1 {
        if let Some(&c) = gaz.demonyms.get(span_text) {
            out.push(Span { country: Some(c), ..mk(a, b, Kind::CountryRef) });
            return;
        }
    }
    let lower: Vec<String> = words[a..b].iter().map(|w| fold(w)).collect();
    let has_connector = lower.iter().any(|w| CONNECTORS.contains(&w.as_str()));
    let is_org = lower.iter().any(|w| ORG_WORDS.contains(&w.as_str()));
    let is_place = gaz.cities.contains_key(&f) || gaz.region_names.contains_key(&f);
    let first_name = gaz.first_names.contains(&lower[0]) && b - a >= 2;
    if is_org && !(first_name && !has_connector && b - a == 2 && !gaz.first_names.is_empty() && lower[1] != "motors") {
        out.push(mk(a, b, Kind::Org));
        return;
    }
    if has_connector && !is_place {
        // "Amara Okonkwo of Nigeria": split at the connector and classify each side.
        if let Some(k) = (a..b).find(|&k| CONNECTORS.contains(&words[k])) {
            classify_chunk(text, tokens, words, a, k, gaz, in_caps, out);
            classify_chunk(text, tokens, words, k + 1, b, gaz, in_caps, out);
            return;
        }
    }
    if is_place && !(first_name && !gaz.cities.get(&f).is_some_and(|c| c[0].population > 100_000)) {
        out.push(mk(a, b, Kind::Place));
        return;
    }
    if titled || first_name {
        out.push(mk(a, b, Kind::Person));
        return;
    }
    let next_is_speech = words
        .get(b)
        .is_some_and(|w| SPEECH_VERBS.contains(&w.to_lowercase().as_str()));
    let prev_is_said = a > 0 && SPEECH_VERBS.contains(&words[a - 1]);
    if in_caps {
        return;
    }
    if is_acronym(span_text) && span_text.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
        out.push(mk(a, b, Kind::Org));
        return;
    }
    if b - a >= 2 || next_is_speech || prev_is_said {
        out.push(mk(a, b, Kind::Person));
        return;
    }
    // Unknown single word: decided at document level.
    out.push(Span { ..mk(a, b, Kind::Person) });
    if let Some(last) = out.last_mut() {
        last.canonical = Some(String::from("?"));
    }
}

/// Document-level decisions: single unknown words become the person whose surname or
/// first name they are, the organization whose acronym or first word they are, or are
/// dropped; acronyms defined in parentheses join their organization.
fn resolve_document(text: &str, words: &[&str], tokens: &[Token], gaz: &Gazetteer, spans: &mut Vec<Span>) {
    let _ = gaz;
    // Acronyms defined as "Full Name (ACR)".
    let mut defined: HashMap<String, String> = HashMap::new();
    for (k, s) in spans.iter().enumerate() {
        if s.kind == Kind::Org && s.canonical.as_deref() != Some("?") {
            if words.get(s.last) == Some(&"(") && words.get(s.last + 2) == Some(&")") {
                let acr = words[s.last + 1].replace('.', "");
                let name = s.canonical.clone().unwrap_or_else(|| text[s.start..s.end].to_string());
                defined.insert(acr, name);
            }
        }
        let _ = k;
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
            let name = s.canonical.clone().unwrap_or_else(|| text[s.start..s.end].to_string());
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
        if s.canonical.as_deref() != Some("?") {
            return true;
        }
        s.canonical = None;
        let f = fold(w);
        if persons.iter().any(|p| p.last() == Some(&f) || p.first() == Some(&f)) {
            return true;
        }
        if let Some((_, name)) = org_words.iter().find(|(first, _)| *first == f) {
            s.kind = Kind::Org;
            s.canonical = Some(name.clone());
            return true;
        }
        // A lone unknown capitalized word right before a speech verb is a person.
        let next = words.get(s.last).map(|w| w.to_lowercase());
        if !tokens[s.first].sentence_start && next.is_some_and(|n| SPEECH_VERBS.contains(&n.as_str())) {
            return true;
        }
        false
    });
}
