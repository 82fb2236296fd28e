//! Repairing person spans before names are made canonical: organizations that are a
//! titled person, names cut short by the recognizer, lone surnames given their first name.

use super::titles::{is_post_nominal, title_ends_at};
use crate::extract::fold::{fold, FoldedWords};
use crate::extract::gazetteer::Gazetteer;
use crate::extract::recognize::{Kind, Span, SPEECH_VERBS};
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;
use crate::ingest::date::is_month_or_weekday;
use std::collections::HashSet;

/// Words that make a capitalized phrase an organization, not a person's name.
static ORG_HEADS: WordList = WordList::new(&[
    "inc",
    "corp",
    "co",
    "ltd",
    "llc",
    "plc",
    "group",
    "company",
    "bank",
    "board",
    "council",
    "committee",
    "association",
    "federation",
    "union",
    "party",
    "ministry",
    "department",
    "office",
    "agency",
    "authority",
    "commission",
    "institute",
    "university",
    "college",
    "school",
    "foundation",
    "fund",
    "trust",
    "club",
    "league",
    "society",
    "center",
    "centre",
    "service",
    "services",
    "news",
    "times",
    "airlines",
    "airways",
    "holdings",
    "partners",
    "industries",
    "international",
    "organisation",
    "organization",
    "court",
    "assembly",
    "parliament",
    "congress",
    "army",
    "police",
    "government",
    "administration",
    "alliance",
    "front",
    "movement",
    "development",
    "affairs",
]);

/// Last words of an institution's name: never a person's name.
static INSTITUTIONS: WordList = WordList::new(&[
    "hospital",
    "clinic",
    "infirmary",
    "unit",
    "school",
    "college",
    "university",
    "academy",
    "institute",
    "museum",
    "library",
    "prison",
]);

/// A word that can be part of a person's name: capitalized, lower case after the first
/// letter (not an acronym), or an initial ("R.", "M").
fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_uppercase() {
        return false;
    }
    let rest: Vec<char> = chars.collect();
    if rest.is_empty() || rest == ['.'] {
        return true; // an initial
    }
    rest.iter()
        .all(|&c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && rest.iter().any(|c| c.is_lowercase())
        && {
            let f = fold(w);
            !ORG_HEADS.contains(&f.as_str()) && !INSTITUTIONS.contains(&f.as_str())
        }
}

/// Person names the recognizer typed as organizations, cut short or left out, repaired
/// from the words around them before names are made canonical:
/// - an organization that ends in a title and a name is that person ("Union Minister
///   for Urban Development Shri Venkat Raghavan", "Hoshino President Takeshi Morimoto");
/// - an organization right after a title is a person ("chief executive Suman Raj
///   Ghimire"), and so is one that is a person's surname ("Raghavan");
/// - a person's name takes a capitalized word beside it that no entity has ("said Shirin
///   Akter Mou", "Shri Bishnu Prasad Thapa said");
/// - a lone surname takes the first name it is given elsewhere ("Parish President Dana
///   Thibodeaux" … "Thibodeaux said").
///
/// `words` are the tokens' words and `folded` the same words folded.
pub fn repair_spans(
    text: &str,
    tokens: &[Token],
    words: &[&str],
    folded: &FoldedWords,
    spans: &mut Vec<Span>,
    gaz: &Gazetteer,
) {
    let to_person = |s: &mut Span| {
        s.kind = Kind::Person;
        s.canonical = None;
        s.country = None;
        s.tagged = None;
    };
    let org_known = |s: &Span| gaz.orgs.contains_key(&fold(&text[s.start..s.end]));
    let place_known = |s: &Span| {
        let f = fold(&text[s.start..s.end]);
        gaz.cities.contains_key(&f)
            || gaz.region_names.contains_key(&f)
            || gaz.country(&text[s.start..s.end]).is_some()
    };
    let span_ends: rustc_hash::FxHashSet<usize> = spans.iter().map(|s| s.last).collect();
    for s in spans.iter_mut() {
        // "King Edward Memorial Hospital", "Major Collision Investigation Unit": an
        // institution, never a person. (One typed as a place stays one: "Changi Prison"
        // is where it stands.)
        if matches!(s.kind, Kind::Person | Kind::Org)
            && s.last - s.first >= 2
            && INSTITUTIONS.contains(&folded.get(s.last - 1))
        {
            // A title word before it is part of its name: "King", "Major".
            while s.first > 0
                && !span_ends.contains(&s.first)
                && words[s.first - 1].starts_with(char::is_uppercase)
                && !tokens[s.first].sentence_start
                && title_ends_at(folded, s.first - 1)
            {
                s.first -= 1;
                s.start = tokens[s.first].start;
            }
            if s.kind == Kind::Person {
                s.kind = Kind::Org;
                s.canonical = None;
                s.country = None;
                s.tagged = None;
            }
            continue;
        }
        // "Úna Breathnach SC", "Ciarán Fitzmaurice TD": a name and the letters of an
        // office or honour after it, however the recognizer typed them.
        let n = s.last - s.first;
        if matches!(s.kind, Kind::Org | Kind::Person)
            && (2..=5).contains(&n)
            && is_post_nominal(words[s.last - 1])
            && (s.first..s.last - 1).all(|j| is_name_word(words[j]))
            && !(s.kind == Kind::Org && org_known(s))
        {
            s.last -= 1;
            s.end = tokens[s.last - 1].end;
            if s.kind == Kind::Org {
                to_person(s);
            }
        }
    }
    for s in spans.iter_mut() {
        let n = s.last - s.first;
        let known = match s.kind {
            Kind::Org => org_known(s),
            Kind::Place => place_known(s),
            _ => true,
        };
        if n < 2 || known {
            continue;
        }
        let name_from = |a: usize| {
            let k = s.last - a;
            (2..=4).contains(&k) && (a..s.last).all(|j| is_name_word(words[j]))
        };
        // A title inside, then a name to the end.
        if let Some(a) = (s.first + 1..s.last - 1)
            .rev()
            .find(|&a| title_ends_at(folded, a - 1) && name_from(a))
        {
            s.first = a;
            s.start = tokens[a].start;
            s.titled = true;
            to_person(s);
            continue;
        }
        // A title right before an organization, or before it and a comma ("The
        // Taoiseach, Pádraig Ó Súilleabháin, said").
        let titled_before = (s.first > 0 && title_ends_at(folded, s.first - 1))
            || (s.first > 1 && words[s.first - 1] == "," && title_ends_at(folded, s.first - 2));
        if s.kind == Kind::Org && titled_before && name_from(s.first) {
            s.titled = true;
            to_person(s);
        }
    }
    // Surnames of the people named.
    let surnames: HashSet<&str> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 2)
        .map(|s| folded.get(s.last - 1))
        .collect();
    // Their last two or more words, short of the whole name: "Suu Kyi" of "Aung San Suu
    // Kyi".
    let tails: HashSet<Vec<&str>> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 3)
        .flat_map(|s| {
            (2..s.last - s.first)
                .map(move |k| (s.last - k..s.last).map(|j| folded.get(j)).collect())
        })
        .collect();
    for s in spans.iter_mut() {
        let n = s.last - s.first;
        let tail = || tails.contains(&(s.first..s.last).map(|j| folded.get(j)).collect::<Vec<_>>());
        if s.kind == Kind::Org
            && (n == 1 && surnames.contains(folded.get(s.first)) || n >= 2 && tail())
            && !org_known(s)
            && (s.first..s.last).all(|j| is_name_word(words[j]))
        {
            to_person(s);
        }
    }
    let mut covered = vec![false; tokens.len()];
    for s in spans.iter() {
        covered[s.first..s.last].iter_mut().for_each(|c| *c = true);
    }
    // A capitalized word no entity has, that can be part of a name.
    let free = |covered: &[bool], j: usize| {
        !covered[j]
            && is_name_word(words[j])
            && words[j].chars().count() > 2
            && !title_ends_at(folded, j)
            && !is_month_or_weekday(words[j])
            && !STOP_NAMES.contains(&folded.get(j))
            && !crate::extract::junk::is_function_word(words[j])
            && gaz.country(words[j]).is_none()
            && !gaz.cities.contains_key(folded.get(j))
            && !gaz.region_names.contains_key(folded.get(j))
    };
    let speaks = |j: usize| {
        j + 1 < folded.len() && matches!(folded.get(j + 1), "said" | "says" | "told" | "added")
    };
    let mut grown = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        if s.kind != Kind::Person {
            continue;
        }
        let (mut a, mut b) = (s.first, s.last);
        // Left: "said Shirin Akter Mou" — right after a speech verb.
        if a >= 2
            && s.last - s.first >= 2
            && free(&covered, a - 1)
            && !tokens[a - 1].sentence_start
            && SPEECH_VERBS.contains(&folded.get(a - 2))
        {
            a -= 1;
        }
        // Right: "Shri Bishnu Prasad Thapa said", the word named alone elsewhere.
        if b < tokens.len()
            && free(&covered, b)
            && !tokens[b].sentence_start
            && !words
                .get(b + 1)
                .is_some_and(|n| n.chars().next().is_some_and(char::is_uppercase))
            && (gaz.surnames.contains(folded.get(b))
                || (0..tokens.len()).any(|j| j != b && words[j] == words[b] && speaks(j)))
        {
            b += 1;
        }
        if (a, b) != (s.first, s.last) {
            grown.push((i, a, b));
        }
    }
    for (i, a, b) in grown {
        let s = &mut spans[i];
        s.first = a;
        s.last = b;
        s.start = tokens[a].start;
        s.end = tokens[b - 1].end;
        covered[a..b].iter_mut().for_each(|c| *c = true);
    }
    // A lone surname given a first name elsewhere: "Dana Thibodeaux".
    let lone: HashSet<&str> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first == 1)
        .map(|s| folded.get(s.first))
        .filter(|f| !surnames.contains(f))
        .collect();
    let mut added = Vec::new();
    for j in 1..tokens.len() {
        if covered[j] || covered[j - 1] || !lone.contains(folded.get(j)) || !is_name_word(words[j])
        {
            continue;
        }
        let f = j - 1;
        if free(&covered, f) && !tokens[j].sentence_start && gaz.first_names.contains(folded.get(f))
        {
            added.push(Span {
                first: f,
                last: j + 1,
                start: tokens[f].start,
                end: tokens[j].end,
                kind: Kind::Person,
                canonical: None,
                country: None,
                titled: f > 0 && title_ends_at(folded, f - 1),
                tagged: None,
            });
            covered[f] = true;
            covered[j] = true;
        }
    }
    if !added.is_empty() {
        spans.extend(added);
        spans.sort_by_key(|s| s.first);
    }
}

/// Capitalized words that are no part of a name ("The", "But", "Also").
static STOP_NAMES: WordList = WordList::new(&[
    "the",
    "a",
    "an",
    "but",
    "and",
    "or",
    "in",
    "on",
    "at",
    "as",
    "also",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "his",
    "her",
    "their",
    "this",
    "that",
    "if",
    "when",
    "while",
    "after",
    "before",
    "said",
    "says",
    "read",
    "watch",
    "click",
    "here",
    "there",
    "today",
    "yesterday",
    "tonight",
    "now",
    "then",
    "still",
    "meanwhile",
    "however",
]);
