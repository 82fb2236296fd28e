//! Joining name variants within an article: "Mr Brown", "BROWN" and "Gordon Brown" become
//! one canonical name, shown in its best written form.

use super::titles::{is_title, name_words, title_len};
use super::{is_place_name, is_plausible_name};
use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;
use crate::extract::recognize::{Kind, Span};
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;
use rustc_hash::FxHashMap;
use std::collections::HashMap;

/// A name as shown: all-capital names ("GORDON BROWN" in a headline) in title case.
pub fn display(name: &str) -> String {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2 || name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut start = true;
    for c in name.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

/// The best written form among variants of one name: the one with the most accented
/// letters ("François Hollande" over "Francois Hollande"), then one not in capitals.
pub(super) fn best_form<'a>(forms: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    forms.max_by_key(|f| {
        (
            f.chars().filter(|c| !c.is_ascii()).count(),
            f.chars().any(char::is_lowercase),
        )
    })
}

/// Canonical person names of one article.
#[derive(Debug, Default)]
pub struct People {
    /// Canonical name for each person span index.
    pub by_span: FxHashMap<usize, String>,
    /// Token index → canonical name.
    pub by_token: FxHashMap<usize, String>,
    /// (byte start, canonical name) of the person mentions in order.
    pub seq: Vec<(usize, String)>,
}

/// Joins "Obama", "Mr Obama", "US President Barack Obama" to the article's "Barack
/// Obama", and "Assad" to "Bashar al-Assad".
pub fn canonical_people(text: &str, tokens: &[Token], spans: &[Span], gaz: &Gazetteer) -> People {
    struct Mention {
        span: usize,
        start: usize,
        /// Folded name words ("bashar", "al", "assad").
        folded: Vec<String>,
        written: String,
        /// Not a headline run ([`is_plausible_name`]).
        plausible: bool,
        /// The title word written right before the name ("nana" in "Nana Kofi
        /// Agyeman-Duah"), or kept in it because it is also a first name ("Nana
        /// Agyeman-Duah": `kept_title`).
        title: Option<String>,
        kept_title: bool,
    }
    let mut mentions: Vec<Mention> = Vec::new();
    for (i, s) in spans.iter().enumerate() {
        if s.kind != Kind::Person {
            continue;
        }
        let words: Vec<&str> = tokens[s.first..s.last]
            .iter()
            .map(|t| t.text(text))
            .collect();
        let name = name_words(&words, gaz);
        if name.is_empty() {
            continue;
        }
        let stripped = title_len(&words, gaz);
        let before = s.first.checked_sub(1).map(|k| tokens[k].text(text));
        let title = match stripped {
            0 => before,
            n => Some(words[n - 1]),
        }
        .map(fold)
        .filter(|t| is_title(t));
        let kept_title = stripped == 0 && name.len() == 2 && is_title(&fold(name[0]));
        let written = name.join(" ");
        let folded: Vec<String> = fold(&written).split(' ').map(str::to_string).collect();
        let plausible = is_plausible_name(&written);
        mentions.push(Mention {
            span: i,
            start: s.start,
            folded,
            written,
            plausible,
            title,
            kept_title,
        });
    }
    // Full names: two words or more, not a particle and a surname ("al-Assad"), not a
    // headline run ("Review Crowd Does Not Like Donald Trump" must not take "Trump").
    // (Three capitalized words are a full name even after a particle: the Vietnamese
    // "Le Van Tuan".)
    let is_full = |m: &Mention| {
        m.folded.len() >= 2
            && (!PARTICLES.contains(&m.folded[0].as_str())
                || (m.folded.len() >= 3
                    && m.written
                        .split(' ')
                        .all(|w| w.starts_with(char::is_uppercase))))
            && m.plausible
    };
    let full: Vec<usize> = (0..mentions.len())
        .filter(|&k| is_full(&mentions[k]))
        .collect();
    let mut forms: HashMap<String, Vec<String>> = HashMap::new();
    for &k in &full {
        let m = &mentions[k];
        forms
            .entry(m.folded.join(" "))
            .or_default()
            .push(m.written.clone());
    }
    // The nearest full name before `start` that `fits`, else the first one after it.
    let nearest = |start: usize, fits: &dyn Fn(&[String]) -> bool| -> Option<String> {
        let before = full
            .iter()
            .map(|&k| &mentions[k])
            .rfind(|f| f.start < start && fits(&f.folded));
        before
            .or_else(|| {
                full.iter()
                    .map(|&k| &mentions[k])
                    .find(|f| f.start >= start && fits(&f.folded))
            })
            .map(|f| f.folded.join(" "))
    };
    // A longer name that ends with this one ("Varga" ⊂ "Elena Varga", "al-Assad" ⊂
    // "Bashar al-Assad"), or that has its first and last word with more between ("George
    // Bush" ⊂ "George W. Bush"); else a full name holding this one word ("Tony", "Ng").
    // How often each full name is written out: a surname two people share ("Cruz" for
    // Ted and Heidi Cruz) goes to the one the article names most, else the nearest.
    let mut written_out: Vec<(&[String], usize)> = Vec::new();
    for &k in &full {
        let f = mentions[k].folded.as_slice();
        match written_out.iter_mut().find(|(g, _)| *g == f) {
            Some((_, n)) => *n += 1,
            None => written_out.push((f, 1)),
        }
    }
    // The full name `pred` accepts that is written out most (the first of them), its
    // count, and whether another is written out as often.
    let most_written = |pred: &dyn Fn(&[String]) -> bool| -> Option<(&[String], usize, bool)> {
        let mut best: Option<(&[String], usize, bool)> = None;
        for &(g, n) in written_out.iter().filter(|(g, _)| pred(g)) {
            match best {
                Some((_, b, _)) if n < b => {}
                Some((_, b, ref mut tie)) if n == b => *tie = true,
                _ => best = Some((g, n, false)),
            }
        }
        best
    };
    let resolve = |m: &Mention| -> Option<String> {
        let p = &m.folded;
        // "Nana Agyeman-Duah" after "Nana Kofi Agyeman-Duah": a title word that is
        // also a first name, written before the full name of the same surname.
        if m.kept_title {
            let titled = full.iter().map(|&k| &mentions[k]).find(|f| {
                f.title.as_deref() == p.first().map(String::as_str) && f.folded.last() == p.last()
            });
            if let Some(f) = titled {
                return Some(f.folded.join(" "));
            }
        }
        let fits = |f: &[String]| {
            f.len() > p.len()
                && (f.ends_with(p)
                    || (p.len() >= 2 && f.first() == p.first() && f.last() == p.last())
                    // "Siti Aishah" of "Siti Aishah binti Abdullah".
                    || (p.len() >= 2
                        && f.starts_with(p)
                        && matches!(f[p.len()].as_str(), "bin" | "binti" | "bte" | "ibn" | "bint")))
        };
        let near = nearest(m.start, &fits);
        let near = match &near {
            // Only a surname several full names end with needs counting.
            Some(key) if written_out.iter().filter(|(g, _)| fits(g)).nth(1).is_some() => {
                let near_n = written_out
                    .iter()
                    .find(|(g, _)| {
                        g.len() == key.split(' ').count()
                            && g.iter().zip(key.split(' ')).all(|(a, b)| a == b)
                    })
                    .map_or(0, |x| x.1);
                match most_written(&fits) {
                    Some((g, n, false)) if n > near_n => Some(g.join(" ")),
                    _ => near,
                }
            }
            _ => near,
        };
        near.or_else(|| {
            // One word of a full name, not its last: a first name after it ("Tony"),
            // or a family name written first ("Ng" of "Ng Chee Keong", "Leung" of
            // "Raymond Leung Wing-kei"). Several such names: the one written out most,
            // else the nearest before.
            let [word] = p.as_slice() else {
                return None;
            };
            let holds = |f: &[String]| f.len() > 1 && f.contains(word);
            let (g, most, tie) = most_written(&holds)?;
            if !tie {
                return Some(g.join(" "));
            }
            nearest(m.start, &|f: &[String]| {
                holds(f) && written_out.iter().any(|(g, n)| *g == f && *n == most)
            })
        })
    };
    // Full names that are shorter forms of another: "George Bush" → "george w bush".
    let mut redirect: HashMap<String, String> = HashMap::new();
    for &k in &full {
        if let Some(to) = resolve(&mentions[k]) {
            redirect.entry(mentions[k].folded.join(" ")).or_insert(to);
        }
    }
    // A public figure named alone in an article that never gives the full name
    // ("President Obama said"), unless a title says the person is of the other sex
    // ("Mrs Obama").
    let well_known = |m: &Mention| -> Option<&(String, bool)> {
        let [alone] = m.folded.as_slice() else {
            return None;
        };
        let entry = gaz.well_known.get(alone).filter(|_| m.plausible)?;
        let woman = entry.1;
        let s = &spans[m.span];
        let before = s.first.checked_sub(1).map(|k| tokens[k].text(text));
        let titles = tokens[s.first..s.last]
            .iter()
            .map(|t| t.text(text))
            .chain(before);
        for t in titles {
            match fold(t).as_str() {
                "mrs" | "ms" | "miss" | "madam" | "madame" | "mme" | "lady" | "dame" if !woman => {
                    return None
                }
                "mr" | "sir" | "lord" | "monsieur" if woman => return None,
                _ => {}
            }
        }
        Some(entry)
    };
    // "Dr Akselrod's wife, Irina": a first name after a possessive and a kinship noun
    // takes the possessor's surname, when the article gives no full name for it.
    let kin_name = |m: &Mention| -> Option<String> {
        let s = &spans[m.span];
        if m.folded.len() != 1 || !gaz.first_names.contains(&m.folded[0]) {
            return None;
        }
        let word = |k: usize| tokens.get(k).map(|t| t.text(text));
        let mut k = s.first.checked_sub(1)?;
        if word(k) == Some(",") {
            k = k.checked_sub(1)?;
        }
        let kin = matches!(
            word(k).map(fold).as_deref(),
            Some(
                "wife"
                    | "husband"
                    | "son"
                    | "daughter"
                    | "mother"
                    | "father"
                    | "brother"
                    | "sister"
                    | "widow"
                    | "widower"
            )
        );
        if !kin || !matches!(word(k.checked_sub(1)?), Some("'s" | "’s")) {
            return None;
        }
        let owner = mentions.iter().find(|o| spans[o.span].last == k - 1)?;
        let surname = owner.written.rsplit(' ').next()?;
        Some(format!("{} {surname}", m.written))
    };
    let mut people = People::default();
    for m in &mentions {
        let resolved = resolve(m)
            .or_else(|| {
                let written = kin_name(m)?;
                let key = fold(&written);
                forms.entry(key.clone()).or_default().push(written);
                Some(key)
            })
            .or_else(|| {
                let (full, _) = well_known(m)?;
                let key = fold(full);
                forms.entry(key.clone()).or_default().push(full.clone());
                Some(key)
            });
        let mut key = resolved.unwrap_or_else(|| {
            let own = m.folded.join(" ");
            if !is_full(m) {
                forms
                    .entry(own.clone())
                    .or_default()
                    .push(m.written.clone());
            }
            own
        });
        for _ in 0..4 {
            match redirect.get(&key) {
                Some(to) if *to != key => key = to.clone(),
                _ => break,
            }
        }
        // A public figure's name with a middle name or initial the list does not use
        // ("Donald J. Trump"), or without the one it uses ("Dwight Eisenhower"): the
        // list's form, so that every article gives the person one value.
        if let Some(full) = same_first_and_last(&key, gaz) {
            forms
                .entry(full.0.clone())
                .or_default()
                .push(full.1.clone());
            key = full.0;
        }
        let name = display(
            forms
                .get(&key)
                .and_then(|f| best_form(f.iter().map(String::as_str)))
                .unwrap_or(&key),
        );
        let s = &spans[m.span];
        // A place is never a speaker ("the Dallas-Fort Worth area" tagged as a person).
        if !is_place_name(&name, gaz) {
            for t in s.first..s.last {
                people.by_token.insert(t, name.clone());
            }
        }
        people.seq.push((s.start, name.clone()));
        people.by_span.insert(m.span, name);
    }
    people
}

/// The folded key and the form of the well-known person whose full name has the same
/// first and last word as `key` (a folded full name of three words or more, or two
/// when the list's form has more), if the two differ only in what lies between.
fn same_first_and_last(key: &str, gaz: &Gazetteer) -> Option<(String, String)> {
    let (first, rest) = key.split_once(' ')?;
    let last = rest.rsplit(' ').next()?;
    let (full, _) = gaz.well_known.get(last)?;
    let folded = fold(full);
    let (f_first, f_rest) = folded.split_once(' ')?;
    let f_last = f_rest.rsplit(' ').next()?;
    (folded != key && f_first == first && f_last == last).then(|| (folded, full.clone()))
}

/// Name particles that start a surname ("al-Assad", "de Gaulle", "van Persie").
static PARTICLES: WordList = WordList::new(&[
    "al", "el", "ul", "bin", "ibn", "de", "del", "della", "di", "da", "dos", "du", "van", "von",
    "der", "den", "le", "la",
]);
