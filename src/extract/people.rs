//! People: one canonical value per person within an article. Titles and honorifics are
//! stripped in any case and with or without a dot ("Mr Brown", "MR. BROWN", "US President
//! Barack Obama", "Foreign Secretary Jack Straw", "striker Wayne Rooney"), punctuation
//! never stays inside a name ("Vladimir ] Putin"), and a surname, "Title Surname" or a
//! shorter form of a full name joins the article's full name ("Mr Brown" → "Gordon
//! Brown", "George Bush" → "George W. Bush", "Assad" → "Bashar al-Assad").
//!
//! Archive-wide merging (one value for "Putin" in an article that never names him in
//! full) needs evidence across articles and is left to the user's alias table
//! ([`super::aliases`]) and to the one-word `--person` filter, which matches every name
//! containing the word.

use super::fold::fold;
use super::gazetteer::{files::TITLES, Gazetteer};
use super::recognize::{Kind, Span, SPEECH_VERBS};
use super::tokenize::Token;
use crate::ingest::date::is_month_or_weekday;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Titles, offices and role nouns beyond `titles.txt` ("Culture Secretary", "striker").
/// A file of its own: `titles.txt` is a feature of the tagger, which would need
/// retraining if it changed.
pub const TITLES_EXTRA: &str = include_str!("../../data/gazetteer/titles_extra.txt");

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
            phrases: HashSet::new(),
            honorifics: HashSet::new(),
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
const QUALIFIERS: &[&str] = &[
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
];

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
    while i < words.len() {
        let w = words[i];
        let f = fold(w);
        // A qualifier, a country ("US", "Britain's", "Russian"), a state or province
        // ("Florida Gov.") or a party adjective only counts when a title follows it.
        if QUALIFIERS.contains(&f.as_str())
            || matches!(w, "'s" | "’s")
            || gaz.demonyms.contains_key(w)
            || gaz.country_acronyms.contains_key(&w.replace('.', ""))
            || gaz.country_names.contains_key(&f)
            || gaz.region_names.contains_key(&f)
            || PARTIES.contains(&f.as_str())
        {
            i += 1;
            continue;
        }
        let mut matched = 0;
        key.clear();
        for (j, w) in words.iter().enumerate().skip(i).take(t.max_words) {
            if j > i {
                key.push(' ');
            }
            key.push_str(&fold(w));
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
    if end == 0 && words.len() >= 3 && PARTIES.contains(&fold(words[0]).as_str()) {
        return 1;
    }
    end
}

/// Party words that stand before a politician's name like a title.
const PARTIES: &[&str] = &[
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
];

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
    if let Some(last) = out.last_mut() {
        *last = last
            .strip_suffix("'s")
            .or_else(|| last.strip_suffix("’s"))
            .filter(|s| !s.is_empty())
            .unwrap_or(last);
    }
    out
}

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
fn best_form<'a>(forms: impl Iterator<Item = &'a str>) -> Option<&'a str> {
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
    pub by_span: HashMap<usize, String>,
    /// Token index → canonical name.
    pub by_token: HashMap<usize, String>,
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
        let written = name.join(" ");
        let folded: Vec<String> = fold(&written).split(' ').map(str::to_string).collect();
        let plausible = is_plausible_name(&written);
        mentions.push(Mention {
            span: i,
            start: s.start,
            folded,
            written,
            plausible,
        });
    }
    // Full names: two words or more, not a particle and a surname ("al-Assad"), not a
    // headline run ("Review Crowd Does Not Like Donald Trump" must not take "Trump").
    let is_full = |m: &Mention| {
        m.folded.len() >= 2 && !PARTICLES.contains(&m.folded[0].as_str()) && m.plausible
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
    // Bush" ⊂ "George W. Bush"); else a first name alone after the full name ("Tony").
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
    let resolve = |m: &Mention| -> Option<String> {
        let p = &m.folded;
        let fits = |f: &[String]| {
            f.len() > p.len()
                && (f.ends_with(p)
                    || (p.len() >= 2 && f.first() == p.first() && f.last() == p.last()))
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
                let mut best: Option<(&[String], usize)> = None;
                let mut tie = false;
                for &(g, n) in written_out.iter().filter(|(g, _)| fits(g)) {
                    match best {
                        Some((_, b)) if n < b => {}
                        Some((_, b)) if n == b => tie = true,
                        _ => {
                            best = Some((g, n));
                            tie = false;
                        }
                    }
                }
                match best {
                    Some((g, n)) if !tie && n > near_n => Some(g.join(" ")),
                    _ => near,
                }
            }
            _ => near,
        };
        near.or_else(|| {
            (p.len() == 1)
                .then(|| {
                    full.iter()
                        .map(|&k| &mentions[k])
                        .filter(|f| f.start < m.start && f.folded.first() == p.first())
                        .map(|f| f.folded.join(" "))
                        .next_back()
                })
                .flatten()
        })
    };
    // Full names that are shorter forms of another: "George Bush" → "george w bush".
    let mut redirect: HashMap<String, String> = HashMap::new();
    for &k in &full {
        if let Some(to) = resolve(&mentions[k]) {
            redirect.entry(mentions[k].folded.join(" ")).or_insert(to);
        }
    }
    let mut people = People::default();
    for m in &mentions {
        let mut key = resolve(m).unwrap_or_else(|| {
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

/// Words that never stand inside a person's name in title case; see
/// [`is_plausible_name`].
const HEADLINE_WORDS: &[&str] = &[
    "with", "as", "to", "for", "after", "says", "is", "are", "was", "the", "and", "on", "in", "at",
    "by", "from", "over", "against", "be",
];

/// Whether `name` can be a person's name: at most five words, none after the first a
/// function word or verb capitalized as in a headline ("Hillary Clinton Goes After
/// Donald Trump As The New Mitt Romney", "Francois Hollande Says Donald Trump").
pub fn is_plausible_name(name: &str) -> bool {
    name.split(' ').count() <= 5
        && name.split(' ').skip(1).all(|w| {
            !(w.starts_with(char::is_uppercase)
                && HEADLINE_WORDS.iter().any(|h| h.eq_ignore_ascii_case(w)))
        })
}

/// Words that make a capitalized phrase an organization, not a person's name.
const ORG_HEADS: &[&str] = &[
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
];

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
        && !ORG_HEADS.contains(&fold(w).as_str())
}

/// Whether a title phrase ("Minister", "chief executive", "Shri") ends at word `i` of
/// `folded`.
fn title_ends_at(folded: &[String], i: usize) -> bool {
    let t = title_table();
    let lo = (i + 1).saturating_sub(t.max_words);
    (lo..=i).any(|j| t.phrases.contains(&folded[j..=i].join(" ")))
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
pub fn repair_spans(text: &str, tokens: &[Token], spans: &mut Vec<Span>, gaz: &Gazetteer) {
    let words: Vec<&str> = tokens.iter().map(|t| t.text(text)).collect();
    let folded: Vec<String> = words.iter().map(|w| fold(w)).collect();
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
            .find(|&a| title_ends_at(&folded, a - 1) && name_from(a))
        {
            s.first = a;
            s.start = tokens[a].start;
            s.titled = true;
            to_person(s);
            continue;
        }
        // A title right before an organization.
        if s.kind == Kind::Org
            && s.first > 0
            && title_ends_at(&folded, s.first - 1)
            && name_from(s.first)
        {
            s.titled = true;
            to_person(s);
        }
    }
    // Surnames of the people named.
    let surnames: HashSet<&str> = spans
        .iter()
        .filter(|s| s.kind == Kind::Person && s.last - s.first >= 2)
        .map(|s| folded[s.last - 1].as_str())
        .collect();
    for s in spans.iter_mut() {
        if s.kind == Kind::Org
            && s.last - s.first == 1
            && surnames.contains(folded[s.first].as_str())
            && !org_known(s)
            && is_name_word(words[s.first])
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
            && !title_ends_at(&folded, j)
            && !is_month_or_weekday(words[j])
            && !STOP_NAMES.contains(&folded[j].as_str())
            && gaz.country(words[j]).is_none()
            && !gaz.cities.contains_key(&folded[j])
            && !gaz.region_names.contains_key(&folded[j])
    };
    let speaks = |j: usize| {
        folded
            .get(j + 1)
            .is_some_and(|n| matches!(n.as_str(), "said" | "says" | "told" | "added"))
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
            && SPEECH_VERBS.contains(&folded[a - 2].as_str())
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
            && (gaz.surnames.contains(&folded[b])
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
        .map(|s| folded[s.first].as_str())
        .filter(|f| !surnames.contains(f))
        .collect();
    let mut added = Vec::new();
    for j in 1..tokens.len() {
        if covered[j]
            || covered[j - 1]
            || !lone.contains(folded[j].as_str())
            || !is_name_word(words[j])
        {
            continue;
        }
        let f = j - 1;
        if free(&covered, f) && !tokens[j].sentence_start && gaz.first_names.contains(&folded[f]) {
            added.push(Span {
                first: f,
                last: j + 1,
                start: tokens[f].start,
                end: tokens[j].end,
                kind: Kind::Person,
                canonical: None,
                country: None,
                titled: f > 0 && title_ends_at(&folded, f - 1),
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
const STOP_NAMES: &[&str] = &[
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
];

/// Whether a person's name is a place: places joined by hyphens or slashes ("Dallas-Fort
/// Worth"), or a country or region that is no one's first name or surname ("Tamil
/// Nadu"; not "Jordan", "Georgia", nor the city "Obama").
pub fn is_place_name(name: &str, gaz: &Gazetteer) -> bool {
    let place = |p: &str| {
        let f = fold(p.trim());
        !f.is_empty()
            && (gaz.cities.contains_key(&f)
                || gaz.region_names.contains_key(&f)
                || gaz.country_names.contains_key(&f))
    };
    let parts: Vec<&str> = name.split(['-', '/']).collect();
    if parts.len() >= 2 && parts.iter().all(|p| place(p)) {
        return true;
    }
    // A city's name is many a surname ("Obama"): only countries and regions alone.
    let f = fold(name);
    let first = fold(name.split(' ').next().unwrap_or(name));
    (gaz.region_names.contains_key(&f) || gaz.country_names.contains_key(&f))
        && !gaz.first_names.contains(&first)
        && !gaz.surnames.contains(&f)
}

/// Name particles that start a surname ("al-Assad", "de Gaulle", "van Persie").
const PARTICLES: &[&str] = &[
    "al", "el", "ul", "bin", "ibn", "de", "del", "della", "di", "da", "dos", "du", "van", "von",
    "der", "den", "le", "la",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::extract_text;

    fn g() -> &'static Gazetteer {
        Gazetteer::global()
    }

    fn strip(s: &str) -> String {
        let words: Vec<&str> = s.split(' ').collect();
        name_words(&words, g()).join(" ")
    }

    #[test]
    fn titles_are_stripped_in_any_case_with_or_without_a_dot() {
        for (written, name) in [
            ("Mr Brown", "Brown"),
            ("Mr. Brown", "Brown"),
            ("MR BROWN", "BROWN"),
            ("mr brown", "brown"),
            ("Mrs Thatcher", "Thatcher"),
            ("Ms Jowell", "Jowell"),
            ("Dr. Anna Kowalski", "Anna Kowalski"),
            ("Sir Menzies Campbell", "Menzies Campbell"),
            ("Lord Falconer", "Falconer"),
            ("US President Barack Obama", "Barack Obama"),
            ("U.S. President Barack Obama", "Barack Obama"),
            ("Prime Minister Tony Blair", "Tony Blair"),
            ("Foreign Secretary Jack Straw", "Jack Straw"),
            ("Chancellor Gordon Brown", "Gordon Brown"),
            ("Russian President Vladimir Putin", "Vladimir Putin"),
            ("Britain 's Prime Minister Tony Blair", "Tony Blair"),
            ("Former Prime Minister John Major", "John Major"),
            ("coach Alex Ferguson", "Alex Ferguson"),
            ("striker Wayne Rooney", "Wayne Rooney"),
            ("Major-General Nikolai Sherbatov", "Nikolai Sherbatov"),
            ("U.S. Cardinal Bernardin", "Bernardin"),
            ("Democrat Walter Mondale", "Walter Mondale"),
            ("Shri Anil Deshpande", "Anil Deshpande"),
            ("Smt. Rina Chatterjee", "Rina Chatterjee"),
            ("Shri M. Karthikeyan", "M. Karthikeyan"),
            ("Star Jericho", "Jericho"),
        ] {
            assert_eq!(strip(written), name, "{written}");
        }
    }

    #[test]
    fn names_that_start_like_titles_are_kept() {
        for name in [
            "Dean Smith",
            "Earl Woods",
            "John Major",
            "King",
            "President",
        ] {
            assert_eq!(strip(name), name);
        }
    }

    #[test]
    fn punctuation_never_stays_inside_a_name() {
        assert_eq!(strip("Vladimir ] Putin"), "Vladimir Putin");
        assert_eq!(strip("\" Gordon Brown 's"), "Gordon Brown");
    }

    #[test]
    fn capitals_are_shown_in_title_case() {
        assert_eq!(display("GORDON BROWN"), "Gordon Brown");
        assert_eq!(display("O'NEILL"), "O'Neill");
        assert_eq!(display("Gordon Brown"), "Gordon Brown");
    }

    #[test]
    fn only_titles_are_title_words() {
        assert!(is_only_title(&["Prime", "Minister"], g()));
        assert!(is_only_title(&["US", "President"], g()));
        assert!(is_only_title(&["Chancellor"], g()));
        assert!(!is_only_title(&["Gordon", "Brown"], g()));
    }

    /// British broadcaster style: "Mr" without a dot, the full name once.
    #[test]
    fn british_mr_surname_joins_the_full_name() {
        let e = extract_text(
            "Brown defends pensions record\n\nChancellor Gordon Brown has defended his record on pensions. Mr Brown told MPs the government had done more for pensioners than any before it.\n\nPrime Minister Tony Blair backed him. Mr Blair said the economy was strong. Foreign Secretary Jack Straw agreed, and Mr Straw said the party was united. Conservative leader Michael Howard disagreed; Mr Howard said families were paying more.",
        );
        assert_eq!(
            e.people,
            vec!["Gordon Brown", "Jack Straw", "Michael Howard", "Tony Blair"]
        );
    }

    /// "Title Surname" before the full name, and in capitals.
    #[test]
    fn title_surname_before_the_full_name_and_in_capitals() {
        let e = extract_text(
            "MR BROWN HITS BACK\n\nLONDON - Mr Brown hit back on Tuesday. The chancellor, Gordon Brown, said the figures were wrong.",
        );
        assert_eq!(e.people, vec!["Gordon Brown"]);
    }

    /// US wire style: country and office glued to the name.
    #[test]
    fn glued_titles_leave_the_name() {
        let e = extract_text(
            "Leaders meet\n\nWASHINGTON (AP) — US President Barack Obama met Russian President Vladimir ] Putin on Monday. Obama said the talks were frank. President Putin said nothing.",
        );
        assert_eq!(e.people, vec!["Barack Obama", "Vladimir Putin"]);
        for m in e
            .mentions
            .iter()
            .filter(|m| m.kind == super::super::EntityType::Person)
        {
            assert!(!m.text.starts_with("US"), "{m:?}");
        }
    }

    /// Middle initials and particles.
    #[test]
    fn shorter_forms_join_the_full_name() {
        let e = extract_text(
            "Visit\n\nPresident George W. Bush arrived in Cairo. George Bush later met Syrian President Bashar al-Assad, and Assad said the meeting was useful.",
        );
        assert_eq!(e.people, vec!["Bashar al-Assad", "George W. Bush"]);
    }

    /// Sports copy: role nouns before names.
    #[test]
    fn sports_roles_are_stripped() {
        let e = extract_text(
            "Rooney double\n\nStriker Wayne Rooney scored twice. Coach Alex Ferguson praised him. \"He was brilliant,\" Ferguson said.",
        );
        assert_eq!(e.people, vec!["Alex Ferguson", "Wayne Rooney"]);
    }

    /// Spans over `text` given as (first word, word count, kind), then repaired.
    fn repaired(text: &str, given: &[(&str, usize, Kind)]) -> Vec<(String, Kind)> {
        let tokens = crate::extract::tokenize::tokenize(text);
        let mut spans: Vec<Span> = given
            .iter()
            .map(|&(w, n, kind)| {
                // "Word@2": its second occurrence.
                let (w, nth) = w.split_once('@').unwrap_or((w, "1"));
                let nth: usize = nth.parse().unwrap_or(1);
                let first = (0..tokens.len())
                    .filter(|&i| tokens[i].text(text) == w)
                    .nth(nth - 1)
                    .unwrap_or_else(|| panic!("no {w}"));
                Span {
                    first,
                    last: first + n,
                    start: tokens[first].start,
                    end: tokens[first + n - 1].end,
                    kind,
                    canonical: None,
                    country: None,
                    titled: false,
                    tagged: None,
                }
            })
            .collect();
        spans.sort_by_key(|s| s.first);
        repair_spans(text, &tokens, &mut spans, g());
        spans
            .iter()
            .map(|s| (text[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn an_organization_ending_in_a_title_and_a_name_is_that_person() {
        let t = "Pune, May 2 (PTI) State Water Resources Minister Shri Dilip Joshi inaugurated the canal. \"It will serve forty villages,\" Joshi said.";
        assert_eq!(
            repaired(t, &[("State", 7, Kind::Org), ("Joshi", 1, Kind::Org)]),
            vec![
                ("Dilip Joshi".to_string(), Kind::Person),
                ("Joshi".to_string(), Kind::Person)
            ]
        );
        // A title at the end names no one: the organization stays.
        let t = "The Meridian Telecom President resigned on Friday.";
        assert_eq!(
            repaired(t, &[("Meridian", 3, Kind::Org)]),
            vec![("Meridian Telecom President".to_string(), Kind::Org)]
        );
    }

    #[test]
    fn an_organization_right_after_a_title_is_a_person() {
        let t = "Port trust chief executive Meena Rao Kulkarni said the berth would open in June.";
        assert_eq!(
            repaired(t, &[("Meena", 3, Kind::Org)]),
            vec![("Meena Rao Kulkarni".to_string(), Kind::Person)]
        );
        // An organization's own words keep it one.
        let t = "Port trust chief executive Meena Shipping Corp said the berth would open.";
        assert_eq!(
            repaired(t, &[("Meena", 3, Kind::Org)]),
            vec![("Meena Shipping Corp".to_string(), Kind::Org)]
        );
    }

    #[test]
    fn a_name_takes_the_word_beside_it_that_no_entity_has() {
        // The surname after the name, said alone later.
        let t = "Trade Minister Hari Lal Bhattarai said exports rose. \"We are pleased,\" Bhattarai said.";
        assert_eq!(
            repaired(t, &[("Hari", 2, Kind::Person)]),
            vec![("Hari Lal Bhattarai".to_string(), Kind::Person)]
        );
        // The first name right after a speech verb.
        let t = "\"We will strike,\" said Farida Yasmin Akhter, a union leader.";
        assert_eq!(
            repaired(t, &[("Yasmin", 2, Kind::Person)]),
            vec![("Farida Yasmin Akhter".to_string(), Kind::Person)]
        );
        // Not the word an office ends with.
        let t = "Federal Minister for Energy Rana Tariq Mehmood said the shortfall had grown.";
        assert_eq!(
            repaired(t, &[("Rana", 3, Kind::Person)]),
            vec![("Rana Tariq Mehmood".to_string(), Kind::Person)]
        );
    }

    #[test]
    fn a_lone_surname_takes_its_first_name_from_elsewhere() {
        let t = "The inquiry was chaired by Dana Fontaine of the county board. Fontaine said the report would be public.";
        let r = repaired(t, &[("Fontaine@2", 1, Kind::Person)]);
        assert_eq!(
            r,
            vec![
                ("Dana Fontaine".to_string(), Kind::Person),
                ("Fontaine".to_string(), Kind::Person)
            ]
        );
    }

    #[test]
    fn headline_runs_are_no_full_names() {
        assert!(is_plausible_name("Martin Luther King Jr."));
        assert!(is_plausible_name("Beto de la Cruz"));
        assert!(!is_plausible_name("Francois Hollande Says Donald Trump"));
        assert!(!is_plausible_name(
            "Review Crowd Does Not Like Donald Trump"
        ));
        // "Trump" joins the real full name, not the headline run that ends with it.
        let text = "Review Crowd Does Not Like Donald Trump\n\nDonald Trump spoke. Trump left.";
        let tokens = crate::extract::tokenize::tokenize(text);
        let span = |first: usize, n: usize| Span {
            first,
            last: first + n,
            start: tokens[first].start,
            end: tokens[first + n - 1].end,
            kind: Kind::Person,
            canonical: None,
            country: None,
            titled: false,
            tagged: None,
        };
        let at = |w: &str, nth: usize| {
            (0..tokens.len())
                .filter(|&i| tokens[i].text(text) == w)
                .nth(nth)
                .unwrap_or_else(|| panic!("no {w}"))
        };
        let spans = vec![
            span(0, 7),
            span(at("Donald", 1), 2),
            span(at("Trump", 2), 1),
        ];
        let p = canonical_people(text, &tokens, &spans, g());
        assert_eq!(p.by_span.get(&2).map(String::as_str), Some("Donald Trump"));
    }

    #[test]
    fn a_shared_surname_goes_to_the_name_written_out_most() {
        let text = "T\n\nTed Cruz backed Trump. Ted Cruz said so. Trump mocked a photo of Heidi Cruz. Cruz said in July he would vote.";
        let tokens = crate::extract::tokenize::tokenize(text);
        let at = |w: &str, nth: usize| {
            (0..tokens.len())
                .filter(|&i| tokens[i].text(text) == w)
                .nth(nth)
                .unwrap_or_else(|| panic!("no {w}"))
        };
        let span = |first: usize, n: usize| Span {
            first,
            last: first + n,
            start: tokens[first].start,
            end: tokens[first + n - 1].end,
            kind: Kind::Person,
            canonical: None,
            country: None,
            titled: false,
            tagged: None,
        };
        let spans = vec![
            span(at("Ted", 0), 2),
            span(at("Ted", 1), 2),
            span(at("Heidi", 0), 2),
            span(at("Cruz", 3), 1),
        ];
        let p = canonical_people(text, &tokens, &spans, g());
        assert_eq!(p.by_span.get(&3).map(String::as_str), Some("Ted Cruz"));
        // Written out as often: the nearest before.
        let spans = vec![
            span(at("Ted", 0), 2),
            span(at("Heidi", 0), 2),
            span(at("Cruz", 3), 1),
        ];
        let p = canonical_people(text, &tokens, &spans, g());
        assert_eq!(p.by_span.get(&2).map(String::as_str), Some("Heidi Cruz"));
    }

    #[test]
    fn places_are_no_names_of_speakers() {
        assert!(is_place_name("Dallas-Fort Worth", g()));
        assert!(is_place_name("Tamil Nadu", g()));
        assert!(!is_place_name("Obama", g()));
        assert!(!is_place_name("Jordan", g()));
        assert!(!is_place_name("Rick Garland", g()));
        // A pronoun after a place tagged as a person goes to no one.
        let e = extract_text(
            "Storm\n\nTornadoes ripped through the Dallas-Fort Worth area on Tuesday.\n\nA man who works at a depot said he saw trailers lifted off the ground. \"They were just floating,\" he said.",
        );
        assert!(
            e.speakers.iter().all(|s| !s.contains("Dallas")),
            "{:?}",
            e.quotes
        );
    }
}
