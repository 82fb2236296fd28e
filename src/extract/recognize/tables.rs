//! The results and standings lines of a sports page: "Sale 31 Wasps 33", "Lotte 46 6
//! 54 .462 14 1/2". A name that stands where a team's name stands on such a line is a
//! team, whatever else the word can be: a first name ("Lotte"), a town ("Leicester"),
//! or nothing the tagger knew ("Saracens"). Countries stay countries (national teams
//! are their country), and a person's full name stays a person (snooker and darts
//! results have the same shape).
//!
//! The shape alone is not enough ("July 96 June 96", "Sales 9.06 9.31 8.42"): a page
//! has at least two such lines and the tagger or the gazetteers read at least one of
//! their names as an organization.

use super::tagger::is_calendar;
use super::{Kind, Span};
use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::tokenize::Token;

/// Most words a team's name has on a results line ("Queen of the South").
const MAX_TEAM_WORDS: usize = 4;

/// Longest results or standings line, in bytes: a paragraph of prose is longer.
const MAX_LINE: usize = 100;

/// Finds the teams on results and standings lines and makes them organizations.
pub(super) fn teams(text: &str, tokens: &[Token], spans: &mut Vec<Span>, gaz: &Gazetteer) {
    let sides = table_sides(text);
    // Sides come in text order: two lines or more when the first and last differ.
    if sides.first().map(|s| s.2) == sides.last().map(|s| s.2) {
        return;
    }
    let exact = |spans: &[Span], (a, z): (usize, usize)| {
        spans.iter().position(|s| s.start == a && s.end == z)
    };
    let any_org = sides
        .iter()
        .any(|&(a, z, _)| exact(spans, (a, z)).is_some_and(|i| spans[i].kind == Kind::Org));
    if !any_org {
        return;
    }
    let mut added = false;
    for &(a, z, _) in &sides {
        // `Gazetteer::country` folds the name and reads the country names itself.
        if gaz.country(&text[a..z]).is_some() {
            continue;
        }
        match exact(spans, (a, z)) {
            Some(i) => {
                let s = &mut spans[i];
                let one_word = s.last - s.first == 1;
                let retype = match s.kind {
                    Kind::Org | Kind::CountryRef => false,
                    Kind::Person => one_word,
                    Kind::Place => true,
                };
                if retype {
                    s.retype(Kind::Org);
                    s.country = None;
                    s.canonical = None;
                }
            }
            None => {
                if spans.iter().any(|s| s.start < z && a < s.end) {
                    continue;
                }
                let first = tokens.partition_point(|t| t.start < a);
                let last = tokens.partition_point(|t| t.end <= z);
                if first >= last || tokens[first].start != a || tokens[last - 1].end != z {
                    continue;
                }
                spans.push(Span::new_org(tokens, first, last, None));
                added = true;
            }
        }
    }
    if added {
        spans.sort_by_key(|s| (s.start, s.end));
    }
}

/// The team names of the text's results lines ("NAME N NAME N") and standings lines
/// ("NAME N N N ..."): byte ranges, with the line's start.
fn table_sides(text: &str) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        // Cheap first test: a results line is short, starts with a capital and has
        // a digit.
        if line.len() > MAX_LINE
            || !line.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
            || !line.bytes().any(|b| b.is_ascii_digit())
        {
            continue;
        }
        let words: Vec<(usize, &str)> = words_of(line).collect();
        let Some((a, rest)) = team_name(&words) else {
            continue;
        };
        let side = |w: &[(usize, &str)]| {
            let (i, last) = (w[0].0, w[w.len() - 1]);
            (start + i, start + last.0 + last.1.len(), start)
        };
        // "Sale 31 Wasps 33", perhaps with a note in brackets after it.
        if rest.first().is_some_and(|w| is_score(w.1)) {
            if let Some((b, after)) = team_name(&rest[1..]) {
                if after.first().is_some_and(|w| is_score(w.1))
                    && after.get(1).is_none_or(|w| w.1.starts_with('('))
                {
                    out.push(side(a));
                    out.push(side(b));
                    continue;
                }
            }
        }
        // "Lotte 46 6 54 .462 14 1/2": games played first, then figures only.
        if rest.len() >= 3 && is_score(rest[0].1) && rest.iter().all(|w| is_figure(w.1)) {
            out.push(side(a));
        }
    }
    out
}

/// The whitespace-separated words of a line, with their byte offsets.
fn words_of(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split_ascii_whitespace()
        .map(move |w| (w.as_ptr() as usize - line.as_ptr() as usize, w))
}

/// A team's name at the start of `words`, and the words after it: one to four
/// capitalized words, "of" and "the" allowed inside, not a month or weekday.
#[allow(clippy::type_complexity)]
fn team_name<'a, 'b>(
    words: &'b [(usize, &'a str)],
) -> Option<(&'b [(usize, &'a str)], &'b [(usize, &'a str)])> {
    let n = words
        .iter()
        .take_while(|(_, w)| {
            let c = w.chars().next();
            (c.is_some_and(char::is_uppercase)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '.')))
                || matches!(*w, "of" | "the" | "'s")
        })
        .count();
    if n == 0
        || n > MAX_TEAM_WORDS
        || !words[n - 1]
            .1
            .chars()
            .next()
            .is_some_and(char::is_uppercase)
    {
        return None;
    }
    if words[..n]
        .iter()
        .any(|(_, w)| is_calendar(&fold(w.trim_end_matches('.'))))
    {
        return None;
    }
    Some(words.split_at(n))
}

/// A score: digits only, at most three.
fn is_score(w: &str) -> bool {
    (1..=3).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit())
}

/// A column of a standings table: digits with '.', '-' or '/' ("14", ".462", "1/2", "-").
fn is_figure(w: &str) -> bool {
    w.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'/'))
}

/// The teams of a results list's entrants: "1. Alex Zanardi (Italy), Reynard Honda,
/// 53.980", "8. Eleuterio Anguita (Spain) MX Onda": after a person's name and their
/// country in brackets, the name that follows on the line is their team (a cycling
/// team, a chassis and engine), not a person or a place. Only in a list of at least two
/// such lines.
pub(super) fn entrants(text: &str, tokens: &[Token], spans: &mut Vec<Span>, gaz: &Gazetteer) {
    let word = |i: usize| tokens.get(i).map_or("", |t| t.text(text));
    let same_line = |a: usize, b: usize| !text[a..b].contains('\n');
    // (index of the person's span, first token of the team's name)
    let mut found: Vec<(usize, usize)> = Vec::new();
    for j in 0..spans.len().saturating_sub(1) {
        let (p, c) = (&spans[j], &spans[j + 1]);
        if p.kind != Kind::Person
            || word(p.last) != "("
            || c.first != p.last + 1
            || c.country.is_none()
            || word(c.last) != ")"
        {
            continue;
        }
        let mut k = c.last + 1;
        if word(k) == "," {
            k += 1;
        }
        if k < tokens.len()
            && same_line(p.start, tokens[k].end)
            && word(k).chars().next().is_some_and(char::is_uppercase)
        {
            found.push((j, k));
        }
    }
    if found.len() < 2 {
        return;
    }
    // A relay's next runner, not a team: a bracket follows the name within a few
    // words ("Michael Johnson (U.S.), Frankie\nFredericks (Namibia)").
    let runner = |k: usize| (k + 1..k + 4).any(|i| word(i) == "(");
    // A team's name comes before figures on its line ("Reynard Honda, 53.980", "Telekom
    // 4 hours") or, right after the bracket, ends the line ("(Spain) MX Onda"); not
    // before another name ("John Cook, Steve Jones") nor after a comma at the end of a
    // line (a golfer's name wrapped: ", Ian\nWoosnam").
    let before_figures = |k: usize, last: usize| {
        let next = if word(last) == "," { last + 1 } else { last };
        let figure = next < tokens.len()
            && same_line(tokens[last - 1].start, tokens[next].end)
            && word(next).starts_with(|c: char| c.is_ascii_digit());
        let ends_line = next >= tokens.len()
            || (next == last && !same_line(tokens[last - 1].start, tokens[next].end));
        figure || (ends_line && word(k - 1) == ")")
    };
    let mut added = false;
    for &(_, k) in &found {
        if runner(k) {
            continue;
        }
        let at = tokens[k].start;
        if let Some(t) = spans.iter_mut().find(|s| s.start == at) {
            // A place there is the venue ("Maria Mutola (Mozambique) Brussels 25.8.95").
            if t.kind == Kind::Person && before_figures(k, t.last) {
                t.retype(Kind::Org);
                t.canonical = None;
            }
            continue;
        }
        if spans.iter().any(|s| s.start <= at && at < s.end) {
            continue;
        }
        // A name no span holds: its capitalized words, up to the comma or the figures.
        let mut last = k;
        while last < tokens.len()
            && last - k < MAX_TEAM_WORDS
            && same_line(at, tokens[last].end)
            && word(last).chars().next().is_some_and(char::is_uppercase)
        {
            last += 1;
        }
        let name = fold(&text[at..tokens[last - 1].end]);
        if !before_figures(k, last)
            || is_calendar(&name)
            || gaz.country(&name).is_some()
            || gaz.cities.contains_key(&name)
        {
            continue;
        }
        spans.push(Span::new_org(tokens, k, last, None));
        added = true;
    }
    if added {
        spans.sort_by_key(|s| (s.start, s.end));
    }
}
