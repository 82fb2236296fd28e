//! A company named with its legal form and then by its short name: "Ruch SA" then
//! "Ruch", "Comelf SA" then "Comelf said". The short name is that company wherever the
//! article writes it, however the tagger read it or if it missed it, unless the
//! article makes it part of a person's name.

use super::merge::LEGAL_FORMS;
use super::{Kind, Span};
use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::tokenize::Token;

/// Most words a company's short name has.
const MAX_SHORT_WORDS: usize = 3;

/// Finds the short names of the article's companies and makes them the company.
pub(super) fn short_names(text: &str, tokens: &[Token], words: &[&str], spans: &mut Vec<Span>) {
    // (the short name's words, the company's name)
    let mut short: Vec<(&[&str], String)> = Vec::new();
    for s in spans.iter().filter(|s| s.kind == Kind::Org) {
        let n = s.last - s.first;
        let form = fold(words[s.last - 1].trim_end_matches('.'));
        if !(2..=MAX_SHORT_WORDS + 1).contains(&n) || !LEGAL_FORMS.contains(&form.as_str()) {
            continue;
        }
        let stem = &words[s.first..s.last - 1];
        if !stem.iter().all(|w| is_name_word(w)) {
            continue;
        }
        let name = s
            .canonical
            .clone()
            .unwrap_or_else(|| text[s.start..s.end].to_string());
        if !short.iter().any(|(w, _)| *w == stem) {
            short.push((stem, name));
        }
    }
    if short.is_empty() {
        return;
    }
    // Words of the article's people's names: "Ruch" in "Anna Ruch" is her.
    let person_words: Vec<String> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 2)
        .flat_map(|s| words[s.first..s.last].iter().map(|w| fold(w)))
        .collect();
    let mut added = false;
    for (stem, name) in &short {
        if stem.iter().any(|w| person_words.contains(&fold(w))) {
            continue;
        }
        // A common word ("First" of "First Co") the article also writes in lower case.
        if let [w] = stem {
            let lower = w.to_lowercase();
            if words.iter().any(|x| *x == lower) {
                continue;
            }
        }
        let k = stem.len();
        let mut i = 0;
        while i + k <= words.len() {
            if words[i..i + k] != **stem
                || (i + k < words.len()
                    && words[i + k].chars().next().is_some_and(char::is_uppercase))
                || (i > 0
                    && words[i - 1].chars().next().is_some_and(char::is_uppercase)
                    && !tokens[i].sentence_start)
            {
                i += 1;
                continue;
            }
            let (a, z) = (tokens[i].start, tokens[i + k - 1].end);
            let covering: Vec<usize> = spans
                .iter()
                .enumerate()
                .filter(|(_, s)| s.start < z && a < s.end)
                .map(|(j, _)| j)
                .collect();
            match covering.as_slice() {
                [] => {
                    spans.push(Span::new_org(tokens, i, i + k, Some(name.clone())));
                    added = true;
                }
                [j] if spans[*j].start == a
                    && spans[*j].end == z
                    && matches!(spans[*j].kind, Kind::Person | Kind::Place)
                    && !spans[*j].titled
                    && spans[*j].country.is_none() =>
                {
                    let s = &mut spans[*j];
                    s.retype(Kind::Org);
                    s.canonical = Some(name.clone());
                }
                _ => {}
            }
            i += k;
        }
    }
    if added {
        spans.sort_by_key(|s| (s.start, s.end));
    }
}

/// A capitalized word of letters (a hyphen or apostrophe inside allowed).
fn is_name_word(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '&'))
}

/// Lower-case nouns that make the name right after them an organization: "the news
/// weekly Der Spiegel", "press distributor Hachette", "Italian side Torino".
const ORG_NOUNS_BEFORE: &[&str] = &[
    "newspaper",
    "daily",
    "weekly",
    "magazine",
    "tabloid",
    "broadcaster",
    "distributor",
    "carrier",
    "airline",
    "automaker",
    "carmaker",
    "retailer",
    "insurer",
    "lender",
    "brewer",
    "conglomerate",
    "manufacturer",
    "firm",
    "chain",
    "club",
    "side",
];

/// Lower-case nouns that make the name right before them an organization: "the Le
/// Matin newspaper", "Britain's Sun newspaper".
const ORG_NOUNS_AFTER: &[&str] = &["newspaper", "daily", "weekly", "magazine", "tabloid"];

/// Names the article calls a newspaper, a firm or a club ("the news weekly Der
/// Spiegel", "Le Matin newspaper") are organizations at every mention the tagger read
/// as a person or as a place the gazetteers do not know; a person's full name (a known
/// first name first) stays.
pub(super) fn described(text: &str, words: &[&str], spans: &mut [Span], gaz: &Gazetteer) {
    let described = |s: &Span| {
        (s.first > 0 && ORG_NOUNS_BEFORE.contains(&words[s.first - 1]))
            || words
                .get(s.last)
                .is_some_and(|w| ORG_NOUNS_AFTER.contains(w))
    };
    // A known town or region stays a place ("club Sarajevo" in one sentence, the
    // dateline SARAJEVO in another).
    let known_place = |s: &Span| {
        let f = fold(&text[s.start..s.end]);
        gaz.cities.contains_key(&f) || gaz.region_names.contains_key(&f)
    };
    let candidate = |s: &Span| {
        (s.kind == Kind::Person || (s.kind == Kind::Place && !known_place(s)))
            && s.country.is_none()
            && s.canonical.is_none()
            && !s.titled
            && !(s.last - s.first >= 2 && gaz.first_names.contains(&fold(words[s.first])))
    };
    let names: Vec<String> = spans
        .iter()
        .filter(|s| described(s) && candidate(s))
        .map(|s| fold(&text[s.start..s.end]))
        .collect();
    if names.is_empty() {
        return;
    }
    for s in spans.iter_mut() {
        if candidate(s) && names.contains(&fold(&text[s.start..s.end])) {
            s.retype(Kind::Org);
        }
    }
}
