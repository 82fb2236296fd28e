//! The adapter over the statistical tagger: its byte spans become [`Span`]s on our tokens,
//! with the gazetteers supplying canonical names, countries, demonyms and metonyms.

use super::rules::Ctx;
use super::words::WORLD_REGIONS;
use super::Kind;
use super::Span;
use crate::extract::fold::fold;
use crate::extract::wordlist::WordList;
use crate::ingest::date::is_month_or_weekday;
use std::collections::HashMap;

/// Entity spans from the statistical tagger's output, with the gazetteers supplying
/// canonical organization names, countries, demonyms and metonyms. Byte spans are mapped
/// onto `tokens` (the quote finder works on those).
pub(crate) fn from_tagger(ctx: &Ctx, tagged: &[crate::extract::ner::Span]) -> Vec<Span> {
    use crate::extract::ner::EntityKind as E;
    let (text, tokens, gaz) = (ctx.text, ctx.tokens, ctx.gaz);
    let mut out = Vec::with_capacity(tagged.len());
    for t in tagged {
        let first = tokens.partition_point(|k| k.end <= t.start);
        let last = tokens.partition_point(|k| k.start < t.end);
        if first >= last {
            continue;
        }
        let written = &text[t.start..t.end];
        let f = fold(written);
        let exact = crate::extract::fold::undotted(written);
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
            .or_else(|| gaz.country_acronyms.get(exact.as_ref()))
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
                    .get(exact.as_ref())
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
            let acr = ctx.words[s.last + 1].replace('.', "");
            if super::words::may_abbreviate(&acr, &name) {
                defined.insert(acr, name);
            }
        }
    }
    for s in &mut out {
        if let Some(name) =
            defined.get(crate::extract::fold::undotted(&text[s.start..s.end]).as_ref())
        {
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
pub(super) fn is_calendar(folded: &str) -> bool {
    CALENDAR.contains(&folded) || is_month_or_weekday(folded)
}

/// The abbreviations and holidays of [`is_calendar`] (the full names are
/// [`is_month_or_weekday`]'s).
pub(super) static CALENDAR: WordList = WordList::new(&[
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
]);
