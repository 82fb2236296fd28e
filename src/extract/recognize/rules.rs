//! The rule-based recognizer: capitalized chunks are classified by the gazetteers,
//! titles, first names, organization keywords and document-level evidence.

use super::words::{
    caps_sentences, compound_head, is_cap_word, is_stop, is_stop_folded, CONNECTORS, DIRECTIONS,
    LOC_WORDS, ORG_WORDS, SPEECH_VERBS, WORLD_REGIONS,
};
use super::Kind;
use super::Span;
use crate::extract::fold::{fold, FoldedWords};
use crate::extract::gazetteer::is_acronym;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;
use std::collections::HashMap;

/// What the chunk classifier needs about the whole document.
/// One article as the recognizers read it: its words, which sentences are in capitals,
/// and the words it also uses in lower case.
pub(crate) struct Ctx<'a> {
    pub(super) text: &'a str,
    pub(super) tokens: &'a [Token],
    pub(crate) words: Vec<&'a str>,
    pub(super) gaz: &'a Gazetteer,
    /// Words that also occur in lower case in this document (folded): common words.
    pub(super) lower_vocab: rustc_hash::FxHashSet<&'a str>,
    pub(super) caps: Vec<bool>,
    /// Each word folded, once for all the passes.
    pub(crate) folded: &'a FoldedWords,
}

impl<'a> Ctx<'a> {
    /// What both the rules and the tagger adapter read of one article, built once.
    /// `words` are the tokens' words and `folded` the same words folded.
    pub(crate) fn new(
        text: &'a str,
        tokens: &'a [Token],
        words: Vec<&'a str>,
        folded: &'a FoldedWords,
        gaz: &'a Gazetteer,
    ) -> Ctx<'a> {
        // Sized for the distinct words of a news text (about half its tokens), so the set
        // is not rebuilt as it grows.
        let mut lower_vocab =
            rustc_hash::FxHashSet::with_capacity_and_hasher(words.len() / 2, Default::default());
        lower_vocab.extend(
            words
                .iter()
                .enumerate()
                .filter(|(_, w)| w.chars().next().is_some_and(char::is_lowercase))
                .map(|(i, _)| folded.get(i)),
        );
        Ctx {
            text,
            tokens,
            caps: caps_sentences(text, tokens),
            words,
            gaz,
            lower_vocab,
            folded,
        }
    }
}

/// Finds entity spans in the article `ctx` was built on.
pub(crate) fn recognize(ctx: &Ctx) -> Vec<Span> {
    let (text, tokens) = (ctx.text, ctx.tokens);
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
        classify_chunk(ctx, i, j, &mut spans);
        i = j;
    }
    party_states(ctx, &mut spans);
    resolve_document(ctx, &mut spans);
    spans
}

/// The state of a US politician's party-and-state tag, in brackets or between commas
/// ("Rep. Dale Whitaker (R-Ind.)", "Sen. Joan Miller, R-Utah,"): a place, in place of
/// whatever span the tag's capitals made.
fn party_states(ctx: &Ctx, spans: &mut Vec<Span>) {
    let g = ctx.gaz;
    let words = &ctx.words;
    for i in 0..words.len() {
        let Some(state) = ["R-", "D-", "I-"]
            .iter()
            .find_map(|p| words[i].strip_prefix(p))
            .filter(|s| s.chars().next().is_some_and(char::is_uppercase))
        else {
            continue;
        };
        // "Minn" + "." when the tokenizer split the abbreviation's dot off.
        let dot = words.get(i + 1) == Some(&".") && ctx.tokens[i + 1].start == ctx.tokens[i].end;
        let us = |name: &str| {
            g.region_names
                .get(&fold(name))
                .and_then(|r| r.iter().find(|&&(_, c)| g.countries[c].code == "US"))
                .copied()
        };
        let ((region, country), last) = match us(state) {
            Some(r) => (r, i + 1),
            None if dot => match us(&format!("{state}.")) {
                Some(r) => (r, i + 2),
                None => continue,
            },
            None => continue,
        };
        spans.retain(|s| s.last <= i || s.first >= last);
        let mut s = span(ctx, i, last, Kind::Place, false);
        s.start = ctx.tokens[i].start + 2;
        s.country = Some(country);
        s.canonical = Some(format!(
            "{}, {}",
            g.regions[region].0, g.countries[country].name
        ));
        spans.push(s);
    }
    spans.sort_by_key(|s| s.first);
}

pub(super) fn span(ctx: &Ctx, first: usize, last: usize, kind: Kind, titled: bool) -> Span {
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
pub(super) fn place_word(ctx: &Ctx, w: &str) -> Option<(Kind, Option<usize>)> {
    let g = ctx.gaz;
    if let Some(&c) = g.demonyms.get(w) {
        return Some((Kind::CountryRef, Some(c)));
    }
    let f = fold(w);
    if let Some(&c) = g.country_names.get(&f).or_else(|| {
        g.country_acronyms
            .get(crate::extract::fold::undotted(w).as_ref())
    }) {
        return Some((Kind::Place, Some(c)));
    }
    if g.cities.contains_key(&f) || g.region_names.contains_key(&f) {
        return Some((Kind::Place, None));
    }
    None
}

/// True if words[a..b] on its own names something known: what lets "X and Y" split.
pub(super) fn is_entity_like(ctx: &Ctx, a: usize, b: usize) -> bool {
    let g = ctx.gaz;
    let s = &ctx.text[ctx.tokens[a].start..ctx.tokens[b - 1].end];
    let f = fold(s);
    g.orgs.contains_key(&f)
        || g.org_acronyms
            .contains_key(crate::extract::fold::undotted(s).as_ref())
        || g.country_names.contains_key(&f)
        || g.cities.get(&f).is_some_and(|c| c[0].population >= 100_000)
        || (b - a == 1 && g.demonyms.contains_key(s))
        || ORG_WORDS.contains(&fold(ctx.words[b - 1]).as_str())
        || g.first_names.contains(&fold(ctx.words[a]))
}

/// Last words that make a chunk an event, a work or a thing rather than a person.
pub(super) static MISC_WORDS: WordList = WordList::new(&[
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
]);

pub(super) fn classify_chunk(ctx: &Ctx, a: usize, b: usize, out: &mut Vec<Span>) {
    classify(ctx, a, b, false, out);
}

pub(super) fn classify(
    ctx: &Ctx,
    mut a: usize,
    mut b: usize,
    mut titled: bool,
    out: &mut Vec<Span>,
) {
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
    let lower: Vec<&str> = (a..b).map(|k| ctx.folded.get(k)).collect();
    // A lone title or organization word ("President", "Commission") is no entity.
    if b - a == 1 && (g.titles.contains(lower[0]) || ORG_WORDS.contains(&lower[0])) {
        return;
    }
    let span_text = &ctx.text[tokens[a].start..tokens[b - 1].end];
    let f = fold(span_text);
    let exact = crate::extract::fold::undotted(span_text);
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
        .get(exact.as_ref())
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
        .or_else(|| g.country_acronyms.get(exact.as_ref()))
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
    if let Some(head) = compound_head(words[a]) {
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
        .find(|&k| g.titles.contains(lower[k - a]) && g.first_names.contains(lower[k + 1 - a]))
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
        && ctx.lower_vocab.contains(lower[0])
        && !ORG_WORDS.contains(&lower[0])
        && !g.titles.contains(lower[0])
    {
        return classify(ctx, a + 2, b, titled, out);
    }
    let is_org = lower.iter().any(|w| ORG_WORDS.contains(w));
    let is_place = (g.cities.contains_key(&f) || g.region_names.contains_key(&f))
        && !(b - a == 1 && ctx.lower_vocab.contains(f.as_str()));
    // One leading word that is not part of the name: a title, a demonym, a capitalized
    // common word opening the sentence, a direction.
    if b - a > 1 && !is_org && !is_place {
        let w = words[a];
        let f0 = lower[0];
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
                || DIRECTIONS.contains(&f0)
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
    let has_connector = lower.iter().any(|w| CONNECTORS.contains(w));
    let last = lower[b - a - 1];
    let is_loc = LOC_WORDS.contains(&last)
        || (b - a >= 2 && matches!(lower[0], "lake" | "mount" | "port" | "cape" | "gulf"));
    let first_name = b - a >= 2 && g.first_names.contains(lower[0]);
    let surname =
        b - a >= 2 && g.surnames.contains(lower[b - a - 1]) && !ctx.lower_vocab.contains(lower[0]);
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
pub(super) fn resolve_document(ctx: &Ctx, spans: &mut Vec<Span>) {
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
            if super::words::may_abbreviate(&acr, &name) {
                defined.insert(acr, name);
            }
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
        // A chunk of a headline in capitals ("ENGLISH LEAGUE STANDINGS") is no name a
        // single word can stand for.
        .filter(|(_, name)| name.chars().any(char::is_lowercase))
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
            && !ctx.lower_vocab.contains(f.as_str())
            && next.is_some_and(|n| SPEECH_VERBS.contains(&n.as_str()))
    });
}
