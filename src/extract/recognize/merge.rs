//! Combines the tagger's spans with the rule-based ones: the tagger decides, strongly
//! backed rule spans fill in or take over where the evidence allows.

use super::echoes::{described, short_names};
use super::rules::Ctx;
use super::tables::{entrants, teams};
use super::tagger::is_calendar;
use super::tidy::tidy;
use super::words::{LOC_WORDS, ORG_WORDS};
use super::Kind;
use super::Span;
use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::wordlist::WordList;

/// True for a rule-based span backed by strong evidence: a gazetteer entry, an
/// organization keyword, a first name or a title.
pub(super) fn is_strong(ctx_words: &[&str], gaz: &Gazetteer, s: &Span) -> bool {
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
pub(crate) fn merge(ctx: &Ctx, rules: Vec<Span>, tagged: Vec<Span>) -> Vec<Span> {
    let (text, tokens, words, folded, gaz) =
        (ctx.text, ctx.tokens, &ctx.words, ctx.folded, ctx.gaz);
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
    let caps = &ctx.caps;
    let wins: Vec<bool> = rules
        .iter()
        .map(|r| {
            is_strong(words, gaz, r)
                && !(unknown_caps_org(r) && caps.get(r.first) == Some(&true))
                && rule_may_override(words, r, overlapping(r))
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
    let mut out = tidy(text, tokens, words, folded, out, gaz);
    teams(text, tokens, &mut out, gaz);
    entrants(text, tokens, &mut out, gaz);
    short_names(text, tokens, words, &mut out);
    described(text, words, &mut out, gaz);
    out
}

/// True when rule span `r` may replace the tagger spans `inside` it overlaps: each lies
/// within `r`; none is a person's full name unless `r` is a person; a company name
/// ends at its legal form ("Daniels Pharmaceuticals Inc of St. Petersburg" is two
/// names); and two names of several words and different kinds around "and" stay two
/// ("Kansai Electric Power and Kansai International Airport"), while "Bangladesh
/// Garment Manufacturers and Exporters Association", "Maritime and Port Authority of
/// Singapore" and "Sports Authority of India" are one.
pub(super) fn rule_may_override(words: &[&str], r: &Span, inside: &[Span]) -> bool {
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
pub(super) static LEGAL_FORMS: WordList = WordList::new(&[
    "inc", "corp", "ltd", "co", "plc", "llc", "spa", "ag", "nv", "sa", "gmbh", "bhd", "lp",
]);
