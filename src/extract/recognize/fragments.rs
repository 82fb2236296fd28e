//! Splits a span that runs several names together (a title and a name, an organization
//! and its office, two known names) into its parts.

use super::tagger::is_calendar;
use super::tidy::{is_honorific, known_entity};
use super::words::{is_stop, CONNECTORS, LOC_WORDS, ORG_WORDS};
use super::Kind;
use super::Span;
use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;

/// True for a person, place or organization word a span never holds at its ends.
pub(super) fn is_name_word(gaz: &Gazetteer, w: &str) -> bool {
    let f = fold(w);
    w.chars().next().is_some_and(char::is_uppercase)
        && !gaz.titles.contains(&f)
        && !is_honorific(w)
        && !ORG_WORDS.contains(&f.as_str())
        && !LOC_WORDS.contains(&f.as_str())
}

/// A part of span `s`, typed by the gazetteers when they know it, else as `s` was.
pub(super) fn part(
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
pub(super) fn fragments(
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
            s.retype(Kind::Person);
            s.titled = true;
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
pub(super) static OFFICES: WordList = WordList::new(&[
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
]);

/// "R." in "R. Subramanian".
pub(super) fn is_initial(w: &str) -> bool {
    let mut c = w.chars();
    matches!((c.next(), c.next(), c.next()), (Some(a), Some('.'), None) if a.is_uppercase())
}
