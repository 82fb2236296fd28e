//! Titles, honorifics and role nouns before a person's name: the title table of
//! `titles.txt` and `titles_extra.txt`, the qualifiers, countries and parties that go with
//! a title ("Former US President", "Tory"), and the name words left once they are stripped.

use crate::extract::fold::{fold, FoldedWords};
use crate::extract::gazetteer::{files::TITLES, Gazetteer};
use crate::extract::wordlist::WordList;
// A fixed table of our own phrases: FxHash.
use rustc_hash::FxHashSet as HashSet;
use std::sync::OnceLock;

/// Titles, offices and role nouns beyond `titles.txt` ("Culture Secretary", "striker").
/// A file of its own: `titles.txt` is a feature of the tagger, which would need
/// retraining if it changed.
pub const TITLES_EXTRA: &str = include_str!("../../../data/gazetteer/titles_extra.txt");

/// The title phrases of `titles.txt` and `titles_extra.txt`, folded ("prime minister", "mr", "major general").
struct TitleTable {
    phrases: HashSet<String>,
    /// Phrases of the `honorific` and `label` categories: stripped even before a lone
    /// surname that is also a first name ("Mr Dean", the headline's "Star Jericho").
    honorifics: HashSet<String>,
    /// The longest phrase in words.
    max_words: usize,
}

fn title_table() -> &'static TitleTable {
    static TABLE: OnceLock<TitleTable> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = TitleTable {
            phrases: HashSet::default(),
            honorifics: HashSet::default(),
            max_words: 1,
        };
        for line in TITLES
            .lines()
            .chain(TITLES_EXTRA.lines())
            .filter(|l| !l.starts_with('#'))
        {
            let mut cols = line.split('\t');
            let phrase = fold(cols.next().unwrap_or("").trim());
            if phrase.is_empty() {
                continue;
            }
            t.max_words = t.max_words.max(phrase.split(' ').count());
            if matches!(cols.next().map(str::trim), Some("honorific" | "label")) {
                t.honorifics.insert(phrase.clone());
            }
            t.phrases.insert(phrase);
        }
        t
    })
}

/// Words that may stand before a title without being part of the name: "Former
/// President", "acting Prime Minister", "then-Senator".
static QUALIFIERS: WordList = WordList::new(&[
    "former",
    "acting",
    "then",
    "interim",
    "outgoing",
    "incoming",
    "new",
    "ex",
    "shadow",
    "late",
    "caretaker",
    "retired",
    "veteran",
    "embattled",
    "beleaguered",
    "the",
]);

/// True if `folded` is a title phrase of `titles.txt` ("prime minister", "dr").
pub fn is_title(folded: &str) -> bool {
    title_table().phrases.contains(folded)
}

/// True if every word of `words` belongs to titles, their qualifiers and the countries
/// they are held in ("Prime Minister", "US President", "Foreign Secretary"): title words,
/// not an entity.
pub fn is_only_title(words: &[&str], gaz: &Gazetteer) -> bool {
    !words.is_empty() && title_prefix(words, gaz) == words.len()
}

/// The number of leading words of a name that are a title, with the qualifiers and the
/// country or party in front of it ("U.S. Cardinal", "Russian President", "Former Prime
/// Minister", "Democrat"). Case and dots do not matter. Stops before the last
/// word, and keeps a title word that is also a first name before a lone surname ("Dean
/// Smith", "Earl Woods").
pub fn title_len(words: &[&str], gaz: &Gazetteer) -> usize {
    let n = title_prefix(words, gaz).min(words.len().saturating_sub(1));
    if n == 0 {
        return 0;
    }
    let t = title_table();
    let first = fold(words[0]);
    if n == 1
        && words.len() == 2
        && !t.honorifics.contains(&first)
        && gaz.first_names.contains(&first)
    {
        return 0;
    }
    // "Duke of Norfolk", "Secretary for Health": the title goes on, no name follows.
    let next = fold(words[n]);
    if !words[n].chars().next().is_some_and(char::is_alphabetic)
        || matches!(
            next.as_str(),
            "of" | "for" | "and" | "the" | "to" | "at" | "in"
        )
    {
        return 0;
    }
    n
}

/// The longest run of leading title words, however many words that leaves.
fn title_prefix(words: &[&str], gaz: &Gazetteer) -> usize {
    let t = title_table();
    let mut i = 0;
    let mut end = 0;
    let mut key = String::new();
    // Each word folded once (a phrase is looked up from each word on).
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
    while i < words.len() {
        let w = words[i];
        let f = &folded[i];
        // A qualifier, a country ("US", "Britain's", "Russian"), a state or province
        // ("Florida Gov.") or a party adjective only counts when a title follows it.
        if QUALIFIERS.contains(&f.as_str())
            || matches!(w, "'s" | "’s")
            || gaz.demonyms.contains_key(w)
            || gaz
                .country_acronyms
                .contains_key(crate::extract::fold::undotted(w).as_ref())
            || gaz.country_names.contains_key(f)
            // ("Miss" is a title, not Mississippi)
            || (gaz.region_names.contains_key(f) && !t.honorifics.contains(f))
            || PARTIES.contains(&f.as_str())
            // An agency's acronym: "NFA Administrator", "FBI Director".
            || ((2..=5).contains(&w.len())
                && w.bytes().all(|b| b.is_ascii_uppercase())
                && !t.phrases.contains(f)
                && !is_post_nominal(w))
        {
            i += 1;
            continue;
        }
        // "Dato' Dr Azman": the apostrophe of a title.
        if matches!(w, "'" | "’") && end == i && end > 0 {
            i += 1;
            end = i;
            continue;
        }
        let mut matched = 0;
        key.clear();
        for (j, f) in folded.iter().enumerate().skip(i).take(t.max_words) {
            if j > i {
                key.push(' ');
            }
            key.push_str(f);
            if t.phrases.contains(&key) {
                matched = j + 1;
            }
        }
        if matched == 0 {
            break;
        }
        i = matched;
        end = i;
    }
    // "Democrat Walter Mondale", "Tory Michael Howard": a party word before a full name.
    if end == 0 && words.len() >= 3 && PARTIES.contains(&folded[0].as_str()) {
        return 1;
    }
    end
}

/// Party words that stand before a politician's name like a title.
static PARTIES: WordList = WordList::new(&[
    "democrat",
    "democratic",
    "republican",
    "labour",
    "tory",
    "conservative",
    "liberal",
    "socialist",
    "communist",
    "independent",
    "labor",
    "green",
    "greens",
    "nationals",
    "unionist",
    "nationalist",
]);

/// Letters written after a name for an office, a rank at the bar or an honour ("Úna
/// Breathnach SC", "Ciarán Fitzmaurice TD", "Jane Roe OBE"): never part of the name.
/// Matched as written, in capitals.
pub static POST_NOMINALS: WordList = WordList::new(&[
    "QC", "KC", "SC", "TD", "MP", "MLA", "MSP", "MEP", "MPP", "OBE", "MBE", "CBE", "KBE", "DBE",
    "JP", "AO", "AC", "ONZM", "MNZM", "CNZM", "KNZM", "DNZM", "PhD",
]);

/// Whether `w` is written after names as an office or honour ([`POST_NOMINALS`]).
pub fn is_post_nominal(w: &str) -> bool {
    POST_NOMINALS.contains(&w.trim_end_matches('.'))
}

/// True for a token that holds a letter or a digit (not "]", "\"", "(").
fn is_wordlike(w: &str) -> bool {
    w.chars().any(char::is_alphanumeric)
}

/// The words of a person's name: titles, punctuation and a possessive dropped.
pub fn name_words<'a>(words: &[&'a str], gaz: &Gazetteer) -> Vec<&'a str> {
    let mut out: Vec<&str> = words[title_len(words, gaz)..]
        .iter()
        .copied()
        .filter(|w| is_wordlike(w) && !matches!(*w, "'s" | "’s"))
        .collect();
    while out.len() > 1 && out.last().is_some_and(|w| is_post_nominal(w)) {
        out.pop();
    }
    if let Some(last) = out.last_mut() {
        *last = last
            .strip_suffix("'s")
            .or_else(|| last.strip_suffix("’s"))
            .filter(|s| !s.is_empty())
            .unwrap_or(last);
    }
    out
}

/// Whether a title phrase ("Minister", "chief executive", "Shri") ends at word `i` of
/// `folded`.
pub(super) fn title_ends_at(folded: &FoldedWords, i: usize) -> bool {
    let t = title_table();
    let lo = (i + 1).saturating_sub(t.max_words);
    (lo..=i).any(|j| t.phrases.contains(folded.joined(j, i + 1)))
}
