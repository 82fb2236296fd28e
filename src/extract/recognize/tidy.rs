//! Cleans merged spans: articles and possessives, organization spans that are events,
//! places or people, dateline words, junk, and aliases of the article's organizations.

use super::fragments::fragments;
use super::rules::MISC_WORDS;
use super::tagger::is_calendar;
use super::words::{
    compound_head, is_cap_word, is_stop, CONNECTORS, LOC_WORDS, ORG_WORDS, WORLD_REGIONS,
};
use super::Kind;
use super::Span;
use crate::extract::fold::{fold, FoldedWords};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::junk;
use crate::extract::junk::Junk;
use crate::extract::people;
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;
use crate::ingest::date::WEEKDAY_NAMES;
use std::collections::HashMap;

/// Words that name diseases and weather, which taggers like to call organizations.
pub(super) static NOT_ORGS: WordList = WordList::new(&[
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
]);

/// First words that make a name a place ("River Moy", "Lough Neagh", "Loch Ness",
/// "Mount Kenya", "Lake Volta"); none of them is a given name.
const LEADING_PLACE_WORDS: &[&str] = &["river", "lough", "loch", "mount", "lake", "gulf", "strait"];

/// Cleans merged spans: drops a leading "The" and a trailing "'s"; organization spans
/// that are events, places or people become what they are; "A and B" splits in two;
/// a single word or acronym joins the organization of the article it stands for.
pub(super) fn tidy(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    folded: &FoldedWords,
    spans: Vec<Span>,
    gaz: &Gazetteer,
) -> Vec<Span> {
    let mut spans = fragments(text, tokens, words, spans, gaz);
    spans.retain_mut(|s| strip_leading(text, tokens, words, s));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    let full_names = out_names(text, &spans);
    let lone_names = lone_person_words(text, tokens, &spans);
    // (the last span's line, its words if a title-case headline, where a credit stands on it).
    let mut line_kind = ((usize::MAX, 0), 0, None);
    for mut s in spans {
        while s.last - s.first > 1 && matches!(words[s.last - 1], "'s" | "’s" | "'" | "’") {
            s.last -= 1;
            s.end = tokens[s.last - 1].end;
        }
        if s.last - s.first > 1 {
            trailing_compound(text, tokens, words, &mut s, gaz);
        }
        if s.kind == Kind::Person {
            trim_person(tokens, words, &mut s, gaz);
        }
        // Spans come in text order: a line is found and read once, for its first span.
        let (line, words_in_title, credit) = match line_kind {
            (l, w, c) if l.0 <= s.start && s.end <= l.1 && !text[s.start..s.end].contains('\n') => {
                (l, w, c)
            }
            _ => {
                let l = line_bounds(text, &s);
                let line = &text[l.0..l.1];
                let credit = credit_range(line).map(|(a, b)| (l.0 + a, l.0 + b));
                (l, title_case_words(line), credit)
            }
        };
        line_kind = (line, words_in_title, credit);
        if credit.is_some_and(|(a, b)| a <= s.start && s.end <= b)
            || is_junk(text, words, &s, gaz, &full_names)
            || headline_only(text, &s, line, words_in_title)
        {
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
            let lower: Vec<&str> = (s.first..s.last).map(|k| folded.get(k)).collect();
            let last = lower[lower.len() - 1];
            let has_org_word = lower.iter().any(|w| ORG_WORDS.contains(w));
            if NOT_ORGS.contains(&f.as_str()) || (MISC_WORDS.contains(&last) && !has_org_word) {
                continue;
            }
            let known_place = gaz.cities.contains_key(&f)
                || gaz.region_names.contains_key(&f)
                || matches!(lower[0], "port" | "cape")
                || (lower.len() >= 2 && LEADING_PLACE_WORDS.contains(&lower[0]));
            if (LOC_WORDS.contains(&last) || WORLD_REGIONS.contains(&f.as_str()) || known_place)
                && !has_org_word
            {
                s.kind = Kind::Place;
                if WORLD_REGIONS.contains(&f.as_str()) {
                    s.canonical = Some(written.to_string());
                }
            } else if lower.len() == 2
                && gaz.first_names.contains(lower[0])
                && gaz.surnames.contains(lower[1])
                && !has_org_word
            {
                s.kind = Kind::Person;
            } else if let Some(j) = (s.first + 2..s.last.saturating_sub(1)).find(|&j| {
                lone_names.iter().any(|n| n == lower[j - s.first])
                    && !people::is_post_nominal(words[s.last - 1])
                    && (2..=4).contains(&(s.last - j))
                    && words[j..s.last]
                        .iter()
                        .all(|w| is_cap_word(w) && w.chars().all(|c| c.is_alphabetic() || c == '-'))
                    && !lower[j - s.first..].iter().any(|w| ORG_WORDS.contains(w))
            }) {
                // "… Environment and Water Resources Koh Boon Huat" then "Mr Koh": the
                // name at the end is a person; the words before it are an office (kept
                // as an organization only with an organization word: "Ministry of
                // Health").
                let head = &lower[..j - s.first];
                if head.iter().any(|w| ORG_WORDS.contains(w)) {
                    let mut h = s.clone();
                    h.last = j;
                    while h.last > h.first + 1 && CONNECTORS.contains(&words[h.last - 1]) {
                        h.last -= 1;
                    }
                    h.end = tokens[h.last - 1].end;
                    out.push(h);
                }
                s.first = j;
                s.start = tokens[j].start;
                s.retype(Kind::Person);
                s.titled = true;
            } else if !has_org_word
                && (2..=4).contains(&lower.len())
                && !lower
                    .iter()
                    .any(|w| super::merge::LEGAL_FORMS.contains(&w.trim_end_matches('.')))
                && (lone_names.iter().any(|n| n == lower[0])
                    || lone_names.iter().any(|n| n == lower[lower.len() - 1])
                    || is_age_after(words, s.last)
                    || matches!(words.get(s.last..s.last + 2), Some([",", "who"])))
                && words[s.first..s.last]
                    .iter()
                    .all(|w| w.chars().all(|c| c.is_alphabetic() || c == '-'))
            {
                // "Ng Chee Keong is fanning the charcoal" then "says Ng", "Ong Siew
                // Keng" then "said Madam Ong": the article calls it a person by one of
                // its end words; "Yeoh Ah Moi, 71,": an age; "Le Van Tuan, who".
                s.retype(Kind::Person);
            } else if !has_org_word && people::title_len(&words[s.first..s.last], gaz) > 0 {
                // "Johor Mentri Besar Datuk Seri Rahmat Hashim": titles, then a name.
                s.retype(Kind::Person);
                s.titled = true;
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
            let lower: Vec<&str> = (s.first..s.last).map(|k| folded.get(k)).collect();
            let f = fold(&text[s.start..s.end]);
            // "The Rev. Pham Quang Duc", "Dr Akselrod": a personal honorific makes a person.
            let honorific = s.first > 0
                && matches!(
                    fold(words[s.first - 1].trim_end_matches('.')).as_str(),
                    "mr" | "mrs" | "ms" | "miss" | "dr" | "rev" | "reverend" | "madam" | "mme"
                )
                && !lower
                    .iter()
                    .any(|w| ORG_WORDS.contains(w) || LOC_WORDS.contains(w));
            if honorific {
                s.retype(Kind::Person);
                s.titled = true;
            } else if lower.len() == 2
                && gaz.first_names.contains(lower[0])
                && gaz.surnames.contains(lower[1])
                && !gaz.cities.contains_key(&f)
                && !gaz.region_names.contains_key(&f)
                && !lower
                    .iter()
                    .any(|w| ORG_WORDS.contains(w) || LOC_WORDS.contains(w))
            {
                s.kind = Kind::Person;
            }
        }
        if s.kind == Kind::Person
            || (s.kind == Kind::Org && s.last - s.first == 1 && s.canonical.is_none())
        {
            if let Some(&c) = gaz.demonyms.get(&text[s.start..s.end]) {
                // "said the Australian", "the Spaniard", "Scottish league": a
                // nationality, never a person or an organization.
                s.retype(Kind::CountryRef);
                s.country = Some(c);
                out.push(s);
                continue;
            }
        }
        if s.kind == Kind::Place && s.country.is_none() && not_a_place(words, &s) {
            continue;
        }
        if s.kind == Kind::Place
            && s.last - s.first == 1
            && !text[s.start..s.end].ends_with('.')
            && !text[s.end..].starts_with('.')
            && (s.first == 0 || words[s.first - 1] != ",")
        {
            // "holds a Mass in Vietnamese": "Mass." is Massachusetts only with its period
            // or after a town ("IRVINE, Calif").
            let f = fold(&text[s.start..s.end]);
            if gaz.dotted_only.contains(&f) && !gaz.cities.contains_key(&f) {
                continue;
            }
        }
        if s.kind == Kind::Person {
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
            let lower: Vec<&str> = (s.first..s.last).map(|k| folded.get(k)).collect();
            let last = lower[lower.len() - 1];
            if lower.len() >= 2 && LEADING_PLACE_WORDS.contains(&lower[0]) {
                // "the River Moy", "Lough Neagh", "Mount Kenya": a place, however tagged.
                s.retype(Kind::Place);
            } else if lower.len() >= 2
                && super::merge::LEGAL_FORMS.contains(&last.trim_end_matches('.'))
            {
                // "The Dow Chemical Co": a company's legal form ends no one's name.
                s.retype(Kind::Org);
            } else if lower.len() >= 2 && ORG_WORDS.contains(&last) {
                s.retype(Kind::Org);
            } else if (LOC_WORDS.contains(&last)
                // "Anthony Hill" is a person, "Notting Hill" a place.
                && !(lower.len() == 2
                    && matches!(last, "hill" | "hills" | "moor" | "marsh")
                    && gaz.first_names.contains(lower[0])))
                || WORLD_REGIONS.contains(&f.as_str())
            {
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
        // "SEOUL, Sept 25, Reuter - East Germany's …": the agency that ends a dateline is
        // its credit, not a name.
        let before = line_before(text, s.start);
        if before.ends_with(", ")
            && before.bytes().any(|b| b.is_ascii_digit())
            && is_caps_dateline(before)
            && text[s.end..]
                .trim_start_matches(' ')
                .starts_with(['-', '—', '–'])
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
    // "WESTMINSTER, Calif.", "Hollywood, Fla.": a metonym followed by its state or
    // country is the town of that name.
    for i in 1..out.len() {
        let (a, b) = out.split_at_mut(i);
        let (m, next) = (&mut a[i - 1], &b[0]);
        if m.kind == Kind::CountryRef
            && words.get(m.last) == Some(&",")
            && next.first == m.last + 1
            && next.kind == Kind::Place
            && gaz.metonyms.contains_key(&fold(&text[m.start..m.end]))
        {
            m.retype(Kind::Place);
            m.country = None;
            m.canonical = None;
        }
    }
    extend_names(tokens, words, &mut out);
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
            let acr = words[s.last + 1].replace('.', "");
            if super::words::may_abbreviate(&acr, &name) {
                defined.insert(acr, name.clone());
            }
        }
        // A chunk of a headline in capitals ("ENGLISH LEAGUE STANDINGS") is no name a
        // single word can stand for.
        let headline = s.canonical.is_none() && !name.chars().any(char::is_lowercase);
        if s.last - s.first >= 2 && !headline {
            multi.push((fold(words[s.first]), fold(words[s.last - 1]), name));
        }
    }
    for s in &mut out {
        // "Pirelli Cables" after "Pirelli SpA": a division of the company, not a person.
        let f = fold(words[s.first]);
        if s.kind == Kind::Person
            && s.last - s.first > 1
            && !s.titled
            && s.canonical.is_none()
            && !gaz.first_names.contains(&f)
            && multi
                .iter()
                .any(|(a, _, n)| *a == f && *n != text[s.start..s.end])
        {
            s.retype(Kind::Org);
        }
    }
    let names = out_names(text, &out);
    // Surnames the article gives a title ("Mr. Obama", "President Obama"): a two-word
    // organization that ends in one is that person's full name ("Barack Obama", which
    // the tagger reads as an organization when it does not know the first name).
    let titled: Vec<String> = out
        .iter()
        .filter(|s| s.kind == Kind::Person && s.titled && s.last - s.first == 1)
        .map(|s| fold(&text[s.start..s.end]))
        .collect();
    for s in &mut out {
        if s.kind == Kind::Org
            && s.canonical.is_none()
            && s.last - s.first == 2
            && words[s.first]
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
            && titled.contains(&fold(words[s.last - 1]))
        {
            s.retype(Kind::Person);
        }
    }
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
                    s.retype(Kind::Org);
                    s.canonical = Some(name.clone());
                }
            }
            continue;
        }
        if let Some(name) = defined.get(crate::extract::fold::undotted(w).as_ref()) {
            s.kind = Kind::Org;
            s.canonical = Some(name.clone());
        } else if s.kind == Kind::Org && s.canonical.is_none() {
            let f = fold(w);
            if let Some((_, _, name)) = multi.iter().find(|(a, b, _)| *a == f || *b == f) {
                s.canonical = Some(name.clone());
                s.tagged = s.tagged.map(|_| Kind::Org);
            } else if names
                .iter()
                .any(|n| n.rsplit(' ').next() == Some(f.as_str()))
            {
                // "Assad" after "Bashar al-Assad": the person's surname, not an organization.
                s.retype(Kind::Person);
            }
        }
    }
    join_patronymics(tokens, words, &mut out);
    hyphenated_given_names(tokens, words, &mut out);
    // "Ahmad Ghazi al-Masaeid": an Arabic surname after its article ends the name.
    for i in 0..out.len() {
        let k = out[i].last;
        let arabic = words.get(k).is_some_and(|&w| {
            let name = people::without_arabic_article(w);
            name.len() < w.len() && name.starts_with(char::is_uppercase)
        });
        if out[i].kind == Kind::Person && arabic && out.get(i + 1).is_none_or(|n| n.first > k) {
            out[i].last = k + 1;
            out[i].end = tokens[k].end;
        }
    }
    out
}

/// "Hong Kong-based", "Goldman Sachs-backed": a span ending in a compound names what
/// comes before the hyphen, and is what the gazetteers say that is.
fn trailing_compound(text: &str, tokens: &[Token], words: &[&str], s: &mut Span, gaz: &Gazetteer) {
    let Some(head) = compound_head(words[s.last - 1]) else {
        return;
    };
    s.end = tokens[s.last - 1].start + head.len();
    s.canonical = None;
    let f = fold(&text[s.start..s.end]);
    let kind = match known_entity(gaz, &text[s.start..s.end]) {
        Some((kind, country, canonical)) => {
            s.country = country;
            s.canonical = canonical;
            Some(kind)
        }
        None if gaz.cities.contains_key(&f) || gaz.region_names.contains_key(&f) => {
            Some(Kind::Place)
        }
        None => None,
    };
    if let Some(kind) = kind {
        s.retype(kind);
    }
}

/// Name parts the tagger left outside a span: a legal form after a one-word name
/// ("Pirelli SpA": the company, so "Pirelli" alone is the company too) and a surname
/// after a lower-case particle ("Joaquin del Olmo", "Jan van der Berg").
fn extend_names(tokens: &[Token], words: &[&str], out: &mut Vec<Span>) {
    static PARTICLES: WordList = WordList::new(&[
        "de", "del", "della", "da", "do", "dos", "das", "di", "du", "van", "von", "der", "den",
        "ter", "le", "la",
    ]);
    let mut joined: Vec<usize> = Vec::new();
    for i in 0..out.len() {
        let k = out[i].last;
        let free_until = out.get(i + 1).map_or(words.len(), |n| n.first);
        let s = &mut out[i];
        if s.canonical.is_some() || s.country.is_some() {
            continue;
        }
        let legal = words.get(k).is_some_and(|w| {
            w.starts_with(char::is_uppercase)
                && super::merge::LEGAL_FORMS.contains(&fold(w.trim_end_matches('.')).as_str())
        });
        if legal
            && k < free_until
            && s.last - s.first == 1
            && matches!(s.kind, Kind::Person | Kind::Org)
        {
            s.last = k + 1;
            s.end = tokens[k].end;
            s.retype(Kind::Org);
            continue;
        }
        if s.kind != Kind::Person {
            continue;
        }
        let mut j = k;
        while j < free_until && j < k + 2 && PARTICLES.contains(&words[j]) {
            j += 1;
        }
        // the surname may be a span of its own, of any type ("Rodrigo" and "Valle")
        let next_is_surname = j == free_until && out.get(i + 1).is_some_and(|n| n.last == j + 1);
        let s = &mut out[i];
        if j > k
            && (j < free_until || next_is_surname)
            && is_cap_word(words[j])
            && words[j]
                .chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
            && tokens[k..=j].windows(2).all(|w| w[0].end + 1 == w[1].start)
            && tokens[s.last - 1].end + 1 == tokens[k].start
        {
            s.last = j + 1;
            s.end = tokens[j].end;
            if next_is_surname {
                joined.push(i + 1);
            }
        }
    }
    if !joined.is_empty() {
        let mut i = 0;
        out.retain(|_| {
            i += 1;
            !joined.contains(&(i - 1))
        });
    }
}

/// Whether `w` is a romanized two-syllable given name written with a hyphen
/// ("Siu-fong", "Min-ji", "Kwok-hung").
fn is_hyphenated_given_name(w: &str) -> bool {
    // Every word of the article comes here: most fail on their first byte.
    if !w.as_bytes().first().is_some_and(u8::is_ascii_uppercase) {
        return false;
    }
    let Some((a, b)) = w.split_once('-') else {
        return false;
    };
    let mut ac = a.chars();
    ac.next().is_some_and(|c| c.is_ascii_uppercase())
        && (1..=5).contains(&ac.clone().count())
        && ac.all(|c| c.is_ascii_lowercase())
        && (1..=5).contains(&b.len())
        && b.bytes().all(|c| c.is_ascii_lowercase())
}

/// East Asian names with a hyphenated given name after the family name: "Lau Siu-fong"
/// is a person even when the tagger saw nothing, and "Choi" + "Min-ji" one name.
fn hyphenated_given_names(tokens: &[Token], words: &[&str], out: &mut Vec<Span>) {
    let mut added = Vec::new();
    let mut si = 0;
    for k in 1..words.len() {
        if !is_hyphenated_given_name(words[k]) {
            continue;
        }
        // `si`: the first span that ends at or after `k`.
        while si < out.len() && out[si].last < k {
            si += 1;
        }
        let ends_here = out.get(si).filter(|s| s.last == k).is_some();
        let covered = out[si..].iter().take(2).any(|s| s.first <= k && k < s.last);
        if covered {
            continue;
        }
        if ends_here {
            let s = &mut out[si];
            if s.kind == Kind::Person {
                s.last = k + 1;
                s.end = tokens[k].end;
            }
            continue;
        }
        let f = words[k - 1];
        let short = (2..=6).contains(&f.chars().count());
        if short && is_cap_word(f) && f.chars().all(char::is_alphabetic) && !is_stop(f) {
            added.push(Span {
                first: k - 1,
                last: k + 1,
                start: tokens[k - 1].start,
                end: tokens[k].end,
                kind: Kind::Person,
                canonical: None,
                country: None,
                titled: false,
                tagged: None,
            });
        }
    }
    if !added.is_empty() {
        out.extend(added);
        out.sort_by_key(|s| s.start);
    }
}

/// "Mohd Khairul Anuar bin Abu Bakar", "Siti Aishah binti Abdullah": a person, "bin"
/// or "binti" and a capitalized name are one person's name.
fn join_patronymics(tokens: &[Token], words: &[&str], out: &mut Vec<Span>) {
    let mut i = 0;
    while i < out.len() {
        let s = &out[i];
        // Up to two more given names before it ("Mohd Khairul" "Anuar bin").
        let mut k = s.last;
        while k < s.last + 2 && words.get(k).is_some_and(|w| is_cap_word(w)) {
            k += 1;
        }
        let joins = s.kind == Kind::Person
            && out.get(i + 1).is_none_or(|n| n.first >= k)
            && matches!(words.get(k).copied(), Some("bin" | "binti" | "bte" | "bt"))
            && words.get(k + 1).is_some_and(|w| is_cap_word(w));
        if !joins {
            i += 1;
            continue;
        }
        // The name after it: the next span if it starts there, else capitalized words.
        let next = out
            .get(i + 1)
            .filter(|n| n.first == k + 1 && n.kind != Kind::Place);
        let last = match next {
            Some(n) => n.last,
            None => {
                let mut e = k + 1;
                while e < words.len() && e < k + 4 && is_cap_word(words[e]) {
                    e += 1;
                }
                e
            }
        };
        if next.is_some() {
            out.remove(i + 1);
        }
        let s = &mut out[i];
        s.last = last;
        s.end = tokens[last - 1].end;
        i += 1;
    }
}

/// Drops the words in front of a name that are no part of it: "The", and a word that
/// starts a sentence or a headline without starting the name ("So Rubio went",
/// "Despite Cruz winning", "Given Obama's record"). Possessives stay ("Our Principles
/// PAC", "My Brother's Keeper"). False for a span to drop: a byline ("By Staff Writer":
/// it names its author, if anyone, and never a place or an organization), or one that
/// was a month or a weekday behind such a word ("Since December").
fn strip_leading(text: &str, tokens: &[Token], words: &[&str], s: &mut Span) -> bool {
    if matches!(words[s.first], "By" | "by") {
        return false;
    }
    // "St. Louis-based Mercantile Bancorp Inc.", "Nigerian-born Chinedu Okafor": the
    // compound says where the name is from and is no part of it.
    if let Some(k) = (s.first..s.last - 1)
        .rev()
        .find(|&k| compound_head(words[k]).is_some())
    {
        s.first = k + 1;
        s.start = tokens[s.first].start;
        s.canonical = None;
    }
    // "Jose Miguel Insulza Monday": a weekday after a name is the day of the news (not
    // a month: "Theresa May").
    while s.last - s.first > 1 && WEEKDAY_NAMES.contains(&fold(words[s.last - 1]).as_str()) {
        s.last -= 1;
        s.end = tokens[s.last - 1].end;
    }
    let mut stripped = false;
    while s.last - s.first > 1
        && (matches!(words[s.first], "The" | "the")
            || (s.canonical.is_none()
                && junk::is_function_word(words[s.first])
                && !matches!(
                    words[s.first],
                    "My" | "Our" | "Your" | "His" | "Her" | "Their" | "Its"
                )))
    {
        stripped |= !matches!(words[s.first], "The" | "the");
        s.first += 1;
        s.start = tokens[s.first].start;
    }
    !(stripped && s.last - s.first == 1 && is_calendar(&fold(&text[s.start..s.end])))
}

/// True for a name the gazetteer does not know that stands in a headline written in
/// title case (of `words` words, see [`title_case_words`]) and nowhere else in the
/// article. Title case capitalizes every word, so only the body can show that a run of
/// capitals there is a name ("Minimum Wage Hike", "Obama Says It, It's True"): a
/// person's name counts as shown when its last word is found outside the headline
/// ("Rubio Hits Back" with "Marco Rubio" in the text).
fn headline_only(
    text: &str,
    s: &Span,
    (line_start, line_end): (usize, usize),
    words: usize,
) -> bool {
    if s.canonical.is_some() || s.country.is_some() {
        return false;
    }
    // A name that fills most of the line is a line of its own (a caption, a credit),
    // not a run of a headline.
    if words == 0 || (s.last - s.first) * 2 > words {
        return false;
    }
    let written = &text[s.start..s.end];
    let elsewhere =
        |needle: &str| text[..line_start].contains(needle) || text[line_end..].contains(needle);
    if elsewhere(written) {
        return false;
    }
    let last = written.rsplit(' ').next().unwrap_or(written);
    !(s.kind == Kind::Person && last.len() > 2 && last != written && elsewhere(last))
}

/// The number of words of a headline in title case, or 0 for any other line. A
/// headline has six words or more, at least three in four capitalized and no lower-case
/// word longer than four letters ("Obama Signs Climate Deal as Critics Push Back"); it
/// has no digit, bracket, colon or semicolon (past a one-word label: "Related: …") and
/// at most one comma, which tell a line of a table or a list of names from a headline.
fn title_case_words(line: &str) -> usize {
    // A headline is short; most lines are paragraphs and stop at their first long word
    // in lower case below.
    if line.len() > 400 {
        return 0;
    }
    // A label in front ("Related: …", "WATCH: …") is no part of the headline.
    let line = match line.split_once(':') {
        Some((label, rest)) if !label.trim().contains(' ') => rest,
        _ => line,
    };
    let (mut words, mut caps) = (0, 0);
    for w in line.split_whitespace() {
        let Some(first) = w.chars().find(|c| c.is_alphabetic()) else {
            continue;
        };
        words += 1;
        if first.is_uppercase() {
            caps += 1;
        } else if w.chars().filter(|c| c.is_alphabetic()).count() > 4 {
            return 0;
        }
    }
    let headline = words >= 6
        && caps * 4 >= words * 3
        && line.chars().any(char::is_lowercase)
        && !line.contains(|c: char| c.is_ascii_digit() || matches!(c, '(' | ')' | ':' | ';'))
        && line.matches(',').count() <= 1;
    if headline {
        words
    } else {
        0
    }
}

/// Where the last `n` words of `line` start (words between ASCII spaces; 0 if it has
/// fewer).
fn last_words_start(line: &str, n: usize) -> usize {
    let b = line.as_bytes();
    let mut i = b.len();
    for _ in 0..n {
        while i > 0 && b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        if i == 0 {
            return 0;
        }
        while i > 0 && !b[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
    }
    i
}

/// Where the line a span stands on starts and ends.
fn line_bounds(text: &str, s: &Span) -> (usize, usize) {
    let start = text[..s.start].rfind('\n').map_or(0, |i| i + 1);
    let end = text[s.end..].find('\n').map_or(text.len(), |i| s.end + i);
    (start, end)
}

/// Words that open a credit line: a photo, video or graphic credit, a hat tip, a wire
/// service's reporting and editing credits, a link to another story (matched in lower
/// case).
#[rustfmt::skip]
const CREDIT_OPENERS: &[&str] = &[
    "photo:", "photo by", "photos:", "photos by", "photograph:", "photograph by",
    "photographs:", "picture:", "pictures:", "pictures by", "ap photo/", "credit:",
    "credits:", "image:", "images:", "image by", "illustration:", "illustration by",
    "video:", "video by", "graphic:", "h/t", "hat tip", "reporting by",
    "additional reporting by", "with reporting by", "editing by", "edited by",
    "writing by", "written by", "compiled by", "words by", "text by", "live blog by",
    "\u{a9}", "copyright",
    // Links to other stories: their headlines are page furniture.
    "related:", "read more:", "also read:", "read also:", "see also:", "watch:",
    "recommended:", "more:",
];

/// The openers of [`CREDIT_OPENERS`] that also open a caption ("PICTURE: Kelly leaves
/// her agent's office in Soho"): their line is a credit only if it reads as one.
#[rustfmt::skip]
const PICTURE_OPENERS: &[&str] = &[
    "photo:", "photos:", "photograph:", "photographs:", "picture:", "pictures:", "image:",
    "images:", "illustration:", "video:", "graphic:",
];

/// True for the words after a picture's opener that describe it (a caption: "Kelly
/// leaves her agent's office in Soho") rather than credit it ("Jane Roe via Getty
/// Images", "PA", "John Doe/Reuters"): two or more words in lower case other than the
/// small words of a credit.
fn is_caption(rest: &str) -> bool {
    rest.split_whitespace()
        .filter(|w| {
            w.starts_with(char::is_lowercase)
                && !matches!(
                    *w,
                    "via" | "for" | "and" | "of" | "courtesy" | "by" | "from" | "the" | "/"
                )
        })
        .nth(1)
        .is_some()
}

/// True for a byline, a credit line or a link line, whose names are the article's
/// makers or another story's, not what it is about: "By Jane Roe, Senior Editor",
/// "Photo: Jane Roe via Getty Images", "(AP Photo/John Doe)", "h/t The Daily Caller",
/// "(Reporting by Jane Roe; Editing by John Doe)", "Related: Farm Bill Vote Delayed
/// Again", "By Jane Roe and John da Silva in Lisbon". A line of sixteen words or more
/// is a paragraph, whatever it opens with. Takes the line as [`line_opener`] gives it.
fn is_credit_line((l, opener): (&str, Option<&str>)) -> bool {
    let credit =
        opener.is_some_and(|o| !PICTURE_OPENERS.contains(&o) || !is_caption(&l[o.len()..])) || {
            // "By Jane Roe, Senior Editor", "BY JANE ROE | March 3", "By court reporter
            // Jane Roe", "By Jane Roe and John Doe in Paris": names of two to five
            // capitalized words (or name particles) before the first comma or bar, each
            // after at most three words of a role in lower case ("By Tuesday, …" and "By
            // the time Roe arrived, …" are no bylines).
            l.strip_prefix("By ")
                .or_else(|| l.strip_prefix("BY "))
                .is_some_and(|rest| {
                    let names = rest.split([',', '|', ';']).next().unwrap_or("");
                    let words: Vec<&str> = names
                        .split_whitespace()
                        .map(|w| w.trim_end_matches(['*', '_']))
                        .collect();
                    // "… in Brussels", "… at the United Nations": where the authors wrote.
                    let words = match words.iter().position(|w| matches!(*w, "in" | "at")) {
                        Some(k) if k >= 2 => &words[..k],
                        _ => &words[..],
                    };
                    !words.is_empty()
                        && words
                            .split(|w| matches!(*w, "and" | "&"))
                            .all(is_byline_name)
                })
        };
    credit && l.split_whitespace().nth(15).is_none()
}

/// A line without its leading brackets, emphasis marks and spaces, and the
/// [`CREDIT_OPENERS`] entry it opens with (matched in lower case), if any.
fn line_opener(line: &str) -> (&str, Option<&'static str>) {
    let l = line
        .trim()
        .trim_start_matches(['(', '[', '*', '_'])
        .trim_start();
    let first = l.as_bytes().first().map(u8::to_ascii_lowercase);
    let opener = CREDIT_OPENERS.iter().copied().find(|o| {
        o.as_bytes().first() == first.as_ref()
            && l.get(..o.len()).is_some_and(|p| p.eq_ignore_ascii_case(o))
    });
    (l, opener)
}

/// One author's part of a byline: at most three words of a role in lower case, then a
/// name of two to five words, each capitalized or a name particle, the first and last
/// capitalized, none of them a month or a weekday.
fn is_byline_name(words: &[&str]) -> bool {
    let role = words
        .iter()
        .take_while(|w| w.starts_with(char::is_lowercase))
        .count();
    let name = &words[role..];
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    role <= 3
        && (2..=5).contains(&name.len())
        && name.first().is_some_and(capital)
        && name.last().is_some_and(capital)
        && name.iter().all(|w| {
            (capital(w) && !is_calendar(&fold(w)))
                || crate::extract::quotes::NAME_PARTICLES.contains(w)
        })
}

/// Marks that open a credit after a caption's words (matched in lower case), with
/// [`PICTURE_OPENERS`]: "… in 2011. Photograph: Jan Roe", "… on Thursday (Photo: Jan
/// Roe/AFP)", "… © Jan Roe, AFP", "(Staff photo: Jan Roe)".
#[rustfmt::skip]
const CAPTION_CREDITS: &[&str] = &[
    "credit:", "photo by ", "photograph by ", "pictures by ", "\u{a9}", "ap photo/",
];

/// The first bytes of [`PICTURE_OPENERS`] and [`CAPTION_CREDITS`]: a word that starts
/// with another opens no credit mark (checked at every word of a line's last words).
const MARK_FIRST_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut k = 0;
    while k < PICTURE_OPENERS.len() {
        t[PICTURE_OPENERS[k].as_bytes()[0] as usize] = true;
        k += 1;
    }
    let mut k = 0;
    while k < CAPTION_CREDITS.len() {
        t[CAPTION_CREDITS[k].as_bytes()[0] as usize] = true;
        k += 1;
    }
    t
};

/// Where the credit of a caption stands in `line` (a byte range), if it has one: the
/// whole of a credit line ([`is_credit_line`]); after a caption's words, a credit mark
/// and up to ten words, to the end of the line or of the brackets it stands in
/// ("Protesters on the square. © Jan Roe, AFP", "The minister arrives. (Photo: Jan
/// Roe/Reuters)", "Visitors at the stand. REUTERS/Jan Roe": an agency in capitals, a
/// slash and a name); or the last brackets of a line that opens as a caption ("Photo:
/// …"), when they hold a credit and no description ("(Jan Roe)", "(Sports Wire/Jan
/// Roe)").
fn credit_range(line: &str) -> Option<(usize, usize)> {
    let opened = line_opener(line);
    if is_credit_line(opened) {
        return Some((0, line.len()));
    }
    let b = line.as_bytes();
    let word_start = |i: usize| {
        i == 0
            || matches!(
                b[i - 1],
                b' ' | b'\t' | b'(' | b'[' | b'*' | b'_' | b'/' | b'|'
            )
    };
    let mark = |i: usize| {
        let f = b[i].to_ascii_lowercase();
        MARK_FIRST_BYTES[usize::from(f)]
            && PICTURE_OPENERS.iter().chain(CAPTION_CREDITS).any(|m| {
                m.as_bytes()[0] == f
                    && line
                        .get(i..i + m.len())
                        .is_some_and(|w| w.eq_ignore_ascii_case(m))
            })
            || b[i].is_ascii_uppercase() && {
                // "REUTERS/Jan Roe", "AFP/Jan Roe", "EPA-EFE/Jan Roe": a name of two to
                // four words after the slash, and nothing after it to the end of the line
                // or the brackets ("CNN/ORC poll", "[NBC/WSJ/Marist, ARG]" are sources).
                let caps = b[i..]
                    .iter()
                    .take_while(|c| c.is_ascii_uppercase() || **c == b'-')
                    .count();
                caps >= 2 && b.get(i + caps) == Some(&b'/') && {
                    let rest = &line[i + caps + 1..];
                    let rest = rest[..rest.find([')', ']']).unwrap_or(rest.len())]
                        .trim_end_matches(['.', '*', '_', ' ']);
                    let name: Vec<&str> = rest.split_whitespace().collect();
                    (2..=4).contains(&name.len())
                        && !rest.contains([',', ';', '/'])
                        && is_byline_name(&name)
                }
            }
    };
    // A credit runs to the end of the line in at most ten words, or stands in brackets:
    // a mark before both the last ten words and the first bracket opens none. (This
    // runs on every line that has a name, paragraphs included.)
    let tail = last_words_start(line, 10);
    let first = memchr::memchr2(b'(', b'[', b)
        .map_or(tail, |o| o.min(tail))
        .max(1);
    for i in (first..b.len()).filter(|&i| line.is_char_boundary(i) && word_start(i) && mark(i)) {
        // The caption's own words come first.
        if !line[..i].contains(char::is_alphanumeric) {
            continue;
        }
        // In brackets opened before the mark ("(Staff photo: Jan Roe)", "(Photo: a
        // caption. AGENCY/Jan Roe)"), the credit ends with them.
        let open = line[..i]
            .rfind(['(', '['])
            .filter(|&o| !line[o..i].contains([')', ']']));
        let end = match open {
            Some(_) => line[i..].find([')', ']']).map_or(line.len(), |k| i + k + 1),
            None => line.len(),
        };
        let credit = &line[i..end];
        if credit.split_whitespace().nth(10).is_none() && !is_caption(credit) {
            return Some((i, end));
        }
    }
    let caption = opened.1.is_some_and(|o| PICTURE_OPENERS.contains(&o));
    let t = line.trim_end().trim_end_matches(['*', '_']);
    if caption && t.ends_with(')') {
        let open = t.rfind('(')?;
        let inner = &t[open + 1..t.len() - 1];
        let words = inner.split_whitespace().count();
        if (1..=6).contains(&words)
            && inner.starts_with(char::is_uppercase)
            && !is_caption(inner)
            && line[..open].contains(char::is_alphanumeric)
        {
            return Some((open, t.len()));
        }
    }
    None
}

/// Drops punctuation at the ends of a person span ("\" Gordon Brown") and the titles in
/// front of the name ("US President Barack Obama", "Mr Brown", "striker Wayne Rooney").
pub(super) fn trim_person(tokens: &[Token], words: &[&str], s: &mut Span, gaz: &Gazetteer) {
    let wordlike = |w: &str| w.chars().any(char::is_alphanumeric);
    while s.last - s.first > 1 && !wordlike(words[s.first]) {
        s.first += 1;
    }
    // "Siti Aishah binti Abdullah, 38": an age is no part of the name.
    let number = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
    if let Some(k) = (s.first + 1..s.last).find(|&k| number(words[k])) {
        s.last = k;
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
pub(super) fn is_junk(
    text: &str,
    words: &[&str],
    s: &Span,
    gaz: &Gazetteer,
    full_names: &[String],
) -> bool {
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
        Some(Junk::SignOff) => alone_on_its_line(text, s),
        Some(Junk::Stat) => s.first > 0 && junk::is_number(words[s.first - 1]),
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
    // "So", "Look", "He": a function word alone names nothing.
    if s.canonical.is_none() && span_words.len() == 1 && junk::is_function_word(span_words[0]) {
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
        && alone_on_its_line(text, s)
    {
        return true;
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
pub(super) static TITLE_CASE_SMALL_WORDS: WordList = WordList::new(&[
    "A", "An", "About", "As", "At", "By", "From", "How", "In", "Into", "Is", "Are", "Was", "Were",
    "Of", "On", "Or", "To", "With", "Why", "What", "When", "Who", "Your", "Our", "Their", "His",
    "Her", "Its", "Not", "Than", "That", "This", "Be", "Been", "Has", "Have",
]);

/// True if the span stands alone on a line after the headline: nothing but
/// punctuation beside it ("Reuter", "FULL TEXT.").
fn alone_on_its_line(text: &str, s: &Span) -> bool {
    let (line_start, line_end) = line_bounds(text, s);
    line_start > 0
        && text[line_start..s.start]
            .chars()
            .chain(text[s.end..line_end].chars())
            .all(|c| !c.is_alphanumeric())
}

/// True for a word with an English contraction: "Don’t", "I'm", "We’ll", "They've".
pub(super) fn is_contraction(word: &str) -> bool {
    let w = word.replace('’', "'").to_lowercase();
    ["n't", "'m", "'ll", "'re", "'ve", "'d"]
        .iter()
        .any(|end| w.len() > end.len() && w.ends_with(end))
}

/// A person or place span that is an organization's listed name or alias ("Daesh",
/// "Reuter") becomes that organization, unless it is part of a person's name in the
/// article.
pub(super) fn retype_org_alias(text: &str, s: &mut Span, gaz: &Gazetteer, full_names: &[String]) {
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
        .get(crate::extract::fold::undotted(written).as_ref())
        .or_else(|| gaz.orgs.get(&f))
    {
        s.retype(Kind::Org);
        s.canonical = Some(name.clone());
    }
}

pub(super) fn out_names(text: &str, spans: &[Span]) -> Vec<String> {
    spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 2)
        .map(|s| fold(&text[s.start..s.end]))
        .collect()
}

/// Whether an age in commas follows token `k` ("Yeoh Ah Moi, 71, said").
fn is_age_after(words: &[&str], k: usize) -> bool {
    matches!(
        words.get(k..k + 3),
        Some([",", n, "," | "."]) if n.len() <= 3 && n.parse::<u32>().is_ok_and(|a| (1..=115).contains(&a))
    )
}

/// Folded one-word person names of the article, with an honorific before them or
/// alone ("Ng" of "says Ng", "Ong" of "Madam Ong").
fn lone_person_words(text: &str, tokens: &[Token], spans: &[Span]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in spans.iter().filter(|s| s.kind == Kind::Person) {
        let words: Vec<&str> = tokens[s.first..s.last]
            .iter()
            .map(|t| t.text(text))
            .collect();
        let name = match words.as_slice() {
            [one] => one,
            [title, one]
                if crate::extract::people::is_title(&fold(title.trim_end_matches('.')))
                    || is_honorific(title) =>
            {
                one
            }
            _ => continue,
        };
        let f = fold(name);
        if f.chars().all(char::is_alphabetic) && !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

/// True if a multi-word person name starts or ends with the word `f`.
pub(super) fn persons_with(names: &[String], f: &str) -> bool {
    names
        .iter()
        .any(|n| n.split(' ').next() == Some(f) || n.rsplit(' ').next() == Some(f))
}

/// What the gazetteers say one name is: a country, a metonym, an organization alias or a
/// big city.
pub(super) fn known_entity(
    gaz: &Gazetteer,
    written: &str,
) -> Option<(Kind, Option<usize>, Option<String>)> {
    let f = fold(written);
    let exact = crate::extract::fold::undotted(written);
    if let Some(&c) = gaz
        .country_names
        .get(&f)
        .or_else(|| gaz.country_acronyms.get(exact.as_ref()))
    {
        return Some((Kind::Place, Some(c), None));
    }
    if let Some(&c) = gaz.metonyms.get(&f) {
        return Some((Kind::CountryRef, Some(c), None));
    }
    if let Some(name) = gaz
        .orgs
        .get(&f)
        .or_else(|| gaz.org_acronyms.get(exact.as_ref()))
    {
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
pub(super) fn split_known_pair(
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
pub(super) fn is_honorific(w: &str) -> bool {
    matches!(
        fold(w.trim_end_matches('.')).as_str(),
        "shri" | "sri" | "smt" | "shrimati" | "kumari" | "janab"
    )
}

/// The text of the line before byte `at`.
pub(super) fn line_before(text: &str, at: usize) -> &str {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    &text[start..at]
}

/// True for what opens a wire dateline in capitals: "CHICAGO ", "SALT LAKE CITY ",
/// "NEW DELHI, July 14 " — no lower-case letter before the date.
pub(super) fn is_caps_dateline(before: &str) -> bool {
    let head = before.split(',').next().unwrap_or("");
    head.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !head.chars().any(char::is_lowercase)
        && before.chars().all(|c| {
            c.is_alphanumeric() || matches!(c, ' ' | ',' | '.' | '-' | '\'' | '#' | '>' | '*')
        })
}

/// True for a span in capitals that starts its line and is followed by a dateline's
/// comma or bracketed credit: "CHICAGO (AP) —", "MOSCOW, Jan 26 -" (not "RUGBY UNION -").
pub(super) fn opens_dateline(text: &str, s: &Span) -> bool {
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
pub(super) fn not_a_place(words: &[&str], s: &Span) -> bool {
    let before = s.first.checked_sub(1).map_or("", |k| words[k]);
    let after = words.get(s.last).copied().unwrap_or("");
    let before2 = s.first.checked_sub(2).map_or("", |k| words[k]);
    (s.last - s.first == 1 && before2 == "the" && matches!(before, "first" | "only"))
        || (matches!(before, "the" | "The") && after == "round")
}
