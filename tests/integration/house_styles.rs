//! Scores the extractor on the house-styles set (issue 10): hand-written articles in seventeen
//! newsroom styles under tests/house_styles/articles/<style>/, annotated by hand in
//! tests/house_styles/gold/<style>.jsonl. Runs the real binary (`newsdex extract --jsonl`)
//! and prints, per style and overall, quote precision/recall/F1, resolved speaker accuracy,
//! distinct person values per real person, and precision/recall of the people, org,
//! speaker, place and country facets. Fails below the floors.
//!
//! Print the table: `cargo test --locked --test integration house_styles -- --nocapture`
//! Print every miss per article as well: `HOUSE_STYLES_VERBOSE=1 cargo test ...`
//!
//! Gold conventions (see tests/house_styles/README.md): one quote per stretch of quoted
//! words inside one paragraph; `text` is a unique substring of it, expanded here to the
//! whole stretch between the marks around it (or the paragraph's end); a transcript turn
//! (`"turn": true`) has no marks and is expanded to the words after its speaker label. A
//! quote's speaker is the full canonical name, or null when the article never names one.
//! A person, org or place may list other acceptable forms after its canonical one: "NHS|
//! National Health Service"; a prediction equal to any of them (ignoring case) counts as
//! the canonical.

use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/house_styles")
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldArticle {
    path: String,
    style: String,
    title: String,
    date: String,
    people: Vec<String>,
    orgs: Vec<String>,
    places: Vec<GoldPlace>,
    countries: Vec<String>,
    speakers: Vec<String>,
    quotes: Vec<GoldQuote>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldPlace {
    name: String,
    country: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoldQuote {
    text: String,
    speaker: Option<String>,
    /// A transcript turn, quoted without quote marks: the words after a speaker label at
    /// a line start ("KEOGH: …", "Q: …", "<strong>Dunmore:</strong> …") to the end of
    /// the paragraph, or the whole of the next paragraph when the turn runs on into it.
    #[serde(default)]
    turn: bool,
}

fn gold() -> Vec<GoldArticle> {
    let dir = root().join("gold");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/house_styles/gold")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("read gold");
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            out.push(
                serde_json::from_str(line)
                    .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1)),
            );
        }
    }
    out
}

/// The text an annotator reads: the body of the article, with the headline left out so
/// that a phrase quoted in both is found in the body.
fn body_text(path: &Path) -> String {
    let raw = std::fs::read_to_string(path).expect("read article");
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => {
            let v: serde_json::Value = serde_json::from_str(&raw).expect("article json");
            v["text"].as_str().unwrap_or_default().to_string()
        }
        Some("html") => raw
            .find("<h1")
            .and_then(|h| raw[h..].find("</h1>").map(|e| raw[h + e..].to_string()))
            .unwrap_or(raw),
        // .txt headers and .md front matter end at the first blank line.
        _ => raw
            .find("\n\n")
            .map(|i| raw[i..].to_string())
            .unwrap_or(raw),
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '«' | '»')
}

fn is_para_break(c: char) -> bool {
    matches!(c, '\n' | '<' | '>')
}

/// The whole quoted stretch around the first occurrence of `needle` that has a quote mark
/// before it in its paragraph: from that mark to the next mark or the paragraph's end.
fn expand_quote(body: &str, needle: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = body[from..].find(needle) {
        let at = from + i;
        let before = &body[..at];
        let mut start = None;
        for (j, c) in before.char_indices().rev() {
            if is_para_break(c) {
                break;
            }
            if is_mark(c) {
                start = Some(j + c.len_utf8());
                break;
            }
        }
        if let Some(s) = start {
            let after = &body[at..];
            let end = after
                .char_indices()
                .find(|&(_, c)| is_mark(c) || is_para_break(c))
                .map(|(k, _)| at + k)
                .unwrap_or(body.len());
            return Some(body[s..end].to_string());
        }
        from = at + needle.len();
    }
    None
}

/// Byte length of what opens a transcript line before its label: blanks, HTML tags,
/// markdown bold and one quote mark (`"WALLACE: …` in copy quoting a transcript).
fn markup_len(line: &str) -> usize {
    let mut i = 0;
    let mut quoted = false;
    loop {
        let rest = &line[i..];
        if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        } else if rest.starts_with("**") {
            i += 2;
        } else if rest.starts_with('<') {
            match rest.find('>') {
                Some(e) => i += e + 1,
                None => return i,
            }
        } else if let Some(c) = rest.chars().next().filter(|&c| is_mark(c) && !quoted) {
            quoted = true;
            i += c.len_utf8();
        } else {
            return i;
        }
    }
}

/// Byte length of a speaker label at the start of `s`, with the markup closing it:
/// "KEOGH: ", "SEN. MARGARET KESSLING (R), KANSAS: ", "Q: ", "Dunmore:</strong> ".
/// Every word of a label starts with a capital; it is at most eight words long.
fn label_len(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let label = &s[..colon];
    let is_label_char =
        |c: char| c.is_alphabetic() || matches!(c, ' ' | '.' | ',' | '\'' | '’' | '-' | '(' | ')');
    let words: Vec<&str> = label.split_whitespace().collect();
    let ok = !words.is_empty()
        && words.len() <= 8
        && label.starts_with(|c: char| c.is_uppercase())
        && label.chars().all(is_label_char)
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_none_or(char::is_uppercase)
        });
    if !ok {
        return None;
    }
    let after = &s[colon + 1..];
    let mut i = 0;
    loop {
        let rest = &after[i..];
        if let Some(c) = rest.chars().next().filter(|c| c.is_whitespace()) {
            i += c.len_utf8();
        } else if rest.starts_with("**") {
            i += 2;
        } else if rest.starts_with("</") {
            match rest.find('>') {
                Some(e) => i += e + 1,
                None => break,
            }
        } else {
            break;
        }
    }
    Some(colon + 1 + i)
}

/// Where the words of a transcript line start: after its label, or None if it has none.
fn turn_start(line: &str) -> Option<usize> {
    let m = markup_len(line);
    label_len(&line[m..]).map(|l| m + l)
}

/// The turn (see `GoldQuote::turn`) around the first occurrence of `needle` that lies in
/// one: after a label at its line's start, or in a line of its own whose previous
/// non-blank line is a labelled turn. From there to the line's end or its first tag.
fn expand_turn(body: &str, needle: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = body[from..].find(needle) {
        let at = from + i;
        from = at + needle.len();
        let line_start = body[..at].rfind('\n').map_or(0, |j| j + 1);
        let line_end = body[at..].find('\n').map_or(body.len(), |j| at + j);
        let line = &body[line_start..line_end];
        let start = match turn_start(line) {
            Some(s) => line_start + s,
            None => {
                let above = body[..line_start]
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty());
                if above.is_none_or(|l| turn_start(l).is_none()) {
                    continue;
                }
                line_start + markup_len(line)
            }
        };
        if start > at {
            continue;
        }
        let end = body[start..line_end]
            .find('<')
            .map_or(line_end, |j| start + j);
        if end >= at + needle.len() {
            return Some(body[start..end].to_string());
        }
    }
    None
}

/// The whole stretch a gold quote stands for: a turn, or the quoted words around it.
fn expand_gold(body: &str, q: &GoldQuote) -> Option<String> {
    if q.turn {
        expand_turn(body, &q.text)
    } else {
        expand_quote(body, &q.text)
    }
}

/// Lower-cased, straight apostrophes, no quote marks, one space between words, no
/// punctuation at either end.
fn norm(s: &str) -> String {
    let s: String = s
        .chars()
        .filter(|&c| !is_mark(c))
        .map(|c| match c {
            '‘' | '’' => '\'',
            c => c,
        })
        .collect::<String>()
        .to_lowercase();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace() || c == '—' || c == '–')
        .to_string()
}

/// Length in chars of the longest common substring.
fn common_len(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev = vec![0usize; b.len() + 1];
    let mut best = 0;
    for x in &a {
        let mut cur = vec![0usize; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            if x == y {
                cur[j + 1] = prev[j] + 1;
                best = best.max(cur[j + 1]);
            }
        }
        prev = cur;
    }
    best
}

/// How well predicted quote `p` covers gold quote `g` (both normalized): 1.0 when `p`
/// contains `g`, else the longest common stretch over the longer of the two; a match
/// needs at least 0.5.
fn coverage(p: &str, g: &str) -> f64 {
    if g.is_empty() {
        return 0.0;
    }
    if p.contains(g) {
        return 1.0;
    }
    let longer = p.chars().count().max(g.chars().count());
    common_len(p, g) as f64 / longer as f64
}

#[derive(Debug, Deserialize)]
struct PredQuote {
    text: String,
    speaker: Option<String>,
}

#[derive(Debug, Deserialize)]
struct PredMention {
    canonical: String,
    #[serde(default)]
    country: Option<PredCountry>,
}

#[derive(Debug, Deserialize)]
struct PredCountry {
    code: String,
}

#[derive(Debug, Deserialize)]
struct PredFacets {
    people: Vec<String>,
    speakers: Vec<String>,
    orgs: Vec<String>,
    places: Vec<String>,
    countries: Vec<PredCountry>,
}

#[derive(Debug, Deserialize)]
struct PredArticle {
    doc: String,
    mentions: Vec<PredMention>,
    quotes: Vec<PredQuote>,
    /// Words quoted inside the writer's sentence; the gold counts them as quotes.
    partial_quotes: Vec<PredQuote>,
    facets: PredFacets,
}

fn run_extract() -> HashMap<String, PredArticle> {
    let articles = root().join("articles");
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .env_remove("NEWSDEX_INDEX")
        .env_remove("NEWSDEX_ALIASES")
        .args(["extract", "--jsonl"])
        .arg(&articles)
        .output()
        .expect("run newsdex extract");
    assert!(
        out.status.success(),
        "newsdex extract failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let canon = std::fs::canonicalize(&articles).expect("canonical articles folder");
    let mut pred = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let a: PredArticle = serde_json::from_str(line).expect("extract --jsonl record");
        let rel = Path::new(&a.doc)
            .strip_prefix(&canon)
            .or_else(|_| Path::new(&a.doc).strip_prefix(&articles))
            .expect("doc under the articles folder")
            .to_string_lossy()
            .replace('\\', "/");
        pred.insert(rel, a);
    }
    pred
}

/// True/false positives and false negatives of one facet.
#[derive(Default, Clone, Copy)]
struct Prf {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Prf {
    fn add<T: Ord>(&mut self, pred: &BTreeSet<T>, gold: &BTreeSet<T>) {
        self.tp += pred.intersection(gold).count();
        self.fp += pred.difference(gold).count();
        self.fn_ += gold.difference(pred).count();
    }
    fn merge(&mut self, o: &Prf) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
    fn p(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    fn r(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Everything measured on one style (or on all of them).
#[derive(Default, Clone)]
struct Figures {
    articles: usize,
    /// Predicted quotes that match a gold quote / all predicted quotes (headline-only
    /// quotes left out).
    quote_pred_tp: usize,
    quote_pred: usize,
    /// Gold quotes found / all gold quotes.
    quote_gold_found: usize,
    quote_gold: usize,
    /// Found gold quotes whose predicted speaker is the gold one (null = null).
    speaker_right: usize,
    people: Prf,
    orgs: Prf,
    speakers: Prf,
    places: Prf,
    countries: Prf,
    /// Gold person (canonical) → the predicted person values that stand for them.
    person_values: BTreeMap<String, BTreeSet<String>>,
}

impl Figures {
    fn merge(&mut self, o: &Figures) {
        self.articles += o.articles;
        self.quote_pred_tp += o.quote_pred_tp;
        self.quote_pred += o.quote_pred;
        self.quote_gold_found += o.quote_gold_found;
        self.quote_gold += o.quote_gold;
        self.speaker_right += o.speaker_right;
        self.people.merge(&o.people);
        self.orgs.merge(&o.orgs);
        self.speakers.merge(&o.speakers);
        self.places.merge(&o.places);
        self.countries.merge(&o.countries);
        for (k, v) in &o.person_values {
            self.person_values
                .entry(k.clone())
                .or_default()
                .extend(v.iter().cloned());
        }
    }
    fn quote_p(&self) -> f64 {
        ratio(self.quote_pred_tp, self.quote_pred)
    }
    fn quote_r(&self) -> f64 {
        ratio(self.quote_gold_found, self.quote_gold)
    }
    fn quote_f1(&self) -> f64 {
        f1(self.quote_p(), self.quote_r())
    }
    fn speaker_acc(&self) -> f64 {
        ratio(self.speaker_right, self.quote_gold_found)
    }
    /// Distinct predicted values per gold person found at least once.
    fn values_per_person(&self) -> f64 {
        let found = self
            .person_values
            .values()
            .filter(|v| !v.is_empty())
            .count();
        let values: usize = self.person_values.values().map(BTreeSet::len).sum();
        if found == 0 {
            1.0
        } else {
            values as f64 / found as f64
        }
    }
}

/// Canonical form of each acceptable form ("A|B|C" → A), keyed by lower case.
fn alternatives<'a>(entries: impl Iterator<Item = &'a String>) -> HashMap<String, String> {
    let mut m = HashMap::new();
    for e in entries {
        let key = canonical(e).to_string();
        for alt in e.split('|') {
            m.insert(alt.trim().to_lowercase(), key.clone());
        }
    }
    m
}

/// The canonical (first) form of a gold entry.
fn canonical(entry: &str) -> &str {
    entry.split('|').next().unwrap_or(entry).trim()
}

/// A predicted value in the gold's words when it is one of an entry's forms.
fn as_gold(alts: &HashMap<String, String>, v: &str) -> String {
    alts.get(&v.to_lowercase())
        .cloned()
        .unwrap_or_else(|| v.to_string())
}

fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The gold person a predicted person value stands for: the one whose surname is a word
/// of the value (and, if several are, whose first name is too). A name is not always
/// surname-last: "Tan Wei Ming" is "Mr Tan", "Raymond Leung Wing-kei" is "Leung", and
/// Malay, Thai and Indonesian names are shortened to the given name ("Rahmat Hashim" is
/// "Rahmat"); so when no surname matches, the one person with any word of the value.
fn person_for<'a>(value: &str, people: &'a [String]) -> Option<&'a String> {
    let vw = words(value);
    let by_surname: Vec<&String> = people
        .iter()
        .filter(|p| words(p).last().is_some_and(|s| vw.contains(s)))
        .collect();
    match by_surname.len() {
        0 => {
            let by_any: Vec<&String> = people
                .iter()
                .filter(|p| words(p).iter().any(|w| vw.contains(w)))
                .collect();
            match by_any[..] {
                [one] => Some(one),
                _ => None,
            }
        }
        1 => Some(by_surname[0]),
        _ => by_surname
            .iter()
            .find(|p| words(p).first().is_some_and(|f| vw.contains(f)))
            .copied(),
    }
}

/// The gold person a predicted person value stands for: the one it names exactly (any of
/// its acceptable forms: "Walt Hollister" for "Walter Hollister|Walt Hollister", whose
/// surname alone is shared with his wife and son), else the one `person_for` finds.
fn person_of<'a>(
    value: &str,
    alts: &HashMap<String, String>,
    people: &'a [String],
) -> Option<&'a String> {
    let exact = as_gold(alts, value);
    people
        .iter()
        .find(|p| **p == exact)
        .or_else(|| person_for(value, people))
}

/// Scores one article; appends what went wrong to `misses`.
fn score_article(g: &GoldArticle, p: &PredArticle, fig: &mut Figures, misses: &mut Vec<String>) {
    fig.articles += 1;
    let names = alternatives(g.people.iter().chain(&g.orgs));
    let body = body_text(&root().join("articles").join(&g.path));
    let title = norm(&g.title);
    let golds: Vec<(String, &GoldQuote)> = g
        .quotes
        .iter()
        .map(|q| {
            let full = expand_gold(&body, q)
                .unwrap_or_else(|| panic!("{}: gold quote not found: {}", g.path, q.text));
            (norm(&full), q)
        })
        .collect();
    // Best predicted quote for each gold quote, and which gold quotes each covers.
    let preds: Vec<(String, &PredQuote)> = p
        .quotes
        .iter()
        .chain(&p.partial_quotes)
        .map(|q| (norm(&q.text), q))
        .collect();
    let mut best: Vec<Option<(f64, usize)>> = vec![None; golds.len()];
    for (pi, (pt, _)) in preds.iter().enumerate() {
        let covered: Vec<(usize, f64)> = golds
            .iter()
            .enumerate()
            .map(|(gi, (gt, _))| (gi, coverage(pt, gt)))
            .filter(|&(_, c)| c >= 0.5)
            .collect();
        let covered_len: usize = covered
            .iter()
            .map(|&(gi, _)| golds[gi].0.chars().count())
            .sum();
        // A prediction that swallows much more than quotations is not a match.
        let is_match = !covered.is_empty() && 2 * covered_len >= pt.chars().count();
        if is_match {
            fig.quote_pred_tp += 1;
            fig.quote_pred += 1;
            for (gi, c) in covered {
                if best[gi].is_none_or(|(bc, _)| c > bc) {
                    best[gi] = Some((c, pi));
                }
            }
        } else if !pt.is_empty() && title.contains(pt.as_str()) {
            // A headline's quoted words repeat the story; they are not scored.
        } else {
            fig.quote_pred += 1;
            misses.push(format!(
                "  spurious quote: {:?} ({:?})",
                preds[pi].1.text, preds[pi].1.speaker
            ));
        }
    }
    for (gi, (_, gq)) in golds.iter().enumerate() {
        fig.quote_gold += 1;
        match best[gi] {
            None => misses.push(format!("  missed quote: {:?} ({:?})", gq.text, gq.speaker)),
            Some((_, pi)) => {
                fig.quote_gold_found += 1;
                let got = preds[pi].1.speaker.as_deref().map(|s| as_gold(&names, s));
                if got == gq.speaker {
                    fig.speaker_right += 1;
                } else {
                    misses.push(format!(
                        "  wrong speaker: {:?} → {:?}, gold {:?}",
                        gq.text, got, gq.speaker
                    ));
                }
            }
        }
    }
    let set = |v: &[String]| {
        v.iter()
            .map(|e| canonical(e).to_string())
            .collect::<BTreeSet<String>>()
    };
    let mapped = |v: &[String]| {
        v.iter()
            .map(|e| as_gold(&names, e))
            .collect::<BTreeSet<String>>()
    };
    let mut facet = |name: &str, prf: &mut Prf, pred: BTreeSet<String>, gold: BTreeSet<String>| {
        prf.add(&pred, &gold);
        let fp: Vec<_> = pred.difference(&gold).collect();
        let fn_: Vec<_> = gold.difference(&pred).collect();
        if !fp.is_empty() || !fn_.is_empty() {
            misses.push(format!("  {name}: extra {fp:?} missing {fn_:?}"));
        }
    };
    facet(
        "people",
        &mut fig.people,
        mapped(&p.facets.people),
        set(&g.people),
    );
    facet("orgs", &mut fig.orgs, mapped(&p.facets.orgs), set(&g.orgs));
    facet(
        "speakers",
        &mut fig.speakers,
        mapped(&p.facets.speakers),
        set(&g.speakers),
    );
    facet(
        "countries",
        &mut fig.countries,
        p.facets.countries.iter().map(|c| c.code.clone()).collect(),
        set(&g.countries),
    );
    // Places as (name, country): the canonical value's first part and its mention's code.
    let code_of: HashMap<&str, &str> = p
        .mentions
        .iter()
        .filter_map(|m| {
            m.country
                .as_ref()
                .map(|c| (m.canonical.as_str(), c.code.as_str()))
        })
        .collect();
    let place_names = alternatives(g.places.iter().map(|pl| &pl.name));
    let place_key = |name: &str, code: Option<&str>| {
        format!(
            "{} ({})",
            as_gold(&place_names, name).to_lowercase(),
            code.unwrap_or("-")
        )
    };
    facet(
        "places",
        &mut fig.places,
        p.facets
            .places
            .iter()
            .map(|v| {
                let name = v.split(", ").next().unwrap_or(v);
                place_key(name, code_of.get(v.as_str()).copied())
            })
            .collect(),
        g.places
            .iter()
            .map(|pl| place_key(canonical(&pl.name), pl.country.as_deref()))
            .collect(),
    );
    let people: Vec<String> = g.people.iter().map(|e| canonical(e).to_string()).collect();
    for person in &people {
        fig.person_values.entry(person.clone()).or_default();
    }
    for v in &p.facets.people {
        if let Some(person) = person_of(v, &names, &people) {
            fig.person_values
                .entry(person.clone())
                .or_default()
                .insert(v.clone());
        }
    }
}

fn row(name: &str, f: &Figures) -> String {
    format!(
        "{name:<10} {:>3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.2} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3} {:>5.3}",
        f.articles,
        f.quote_p(),
        f.quote_r(),
        f.quote_f1(),
        f.speaker_acc(),
        f.values_per_person(),
        f.countries.p(),
        f.countries.r(),
        f.people.p(),
        f.people.r(),
        f.orgs.p(),
        f.orgs.r(),
        f.speakers.p(),
        f.speakers.r(),
        f.places.p(),
        f.places.r(),
    )
}

/// Floors for the whole set: the extractor's figures when the set was written, less a
/// small margin. A regression guard; raise them as the extractor improves.
struct Floors {
    quote_f1: f64,
    speaker_acc: f64,
    /// A ceiling: distinct values per real person.
    values_per_person: f64,
    country_p: f64,
    country_r: f64,
    people_p: f64,
    people_r: f64,
    org_p: f64,
    org_r: f64,
    place_p: f64,
    place_r: f64,
}

const FLOORS: Floors = Floors {
    quote_f1: 0.97, // now 0.986 (also when europe_live/ was added; 0.989 before canada_arts/, also with local_science/); target ≥ 0.92 in every style (issue 10)
    speaker_acc: 0.965, // now 0.970 ("said the Montreal-born director"; 0.968 when europe_live/ was added, 0.970 before it and when canada_arts/ was added; 0.971 before it, 0.970 when local_science/ was added, 0.972 before local_science/, 0.964 when tabloid_features/ was added, 0.974 before tabloid_features/, 0.979 before archive/; 0.965 when latam_mideast/ was added); issue 10: ≥ 0.92
    values_per_person: 1.10, // now 1.01 (1.04 when asia/ was added); target ≤ 1.05 (issue 10)
    country_p: 0.95, // now 0.955 (0.955 when europe_live/ was added, 0.956 before it and when canada_arts/ was added, 0.970 before it, 0.976 before local_science/, 0.978 before tabloid_features/, 0.977 before archive/, 0.989 before asia/); target ≥ 0.95 (issue 10)
    country_r: 0.98, // now 0.988 (0.988 when europe_live/ was added, 0.990 before it and when canada_arts/ was added; 0.983 when local_science/ was added, 0.986 before it, 0.989 before tabloid_features/, 0.986 before archive/, 0.983 before asia/); target ≥ 0.95 (issue 10)
    people_p: 0.85, // now 0.859 (0.858 after credits in captions and bylines of several authors; 0.843 when europe_live/ was added, 0.859 before it and when canada_arts/ was added, 0.860 before it, 0.865 before local_science/, 0.861 before tabloid_features/, 0.867 before archive/; 0.860 when latam_mideast/ was added)
    people_r: 0.96, // now 0.978 (also when europe_live/ was added; 0.978 when canada_arts/ was added, 0.980 before it, 0.984 before local_science/, 0.979 before tabloid_features/, 0.982 before archive/; 0.926 when asia/ was added)
    org_p: 0.70, // now 0.721 (0.720 when europe_live/ was added, 0.708 before it and when canada_arts/ was added, 0.714 before it, 0.707 when local_science/ was added, 0.718 before it, 0.729 before tabloid_features/, 0.731 before archive/; 0.710 when asia/ was added)
    org_r: 0.74, // now 0.752 (0.752 when europe_live/ was added, 0.754 before it and when canada_arts/ was added, 0.761 before it, 0.755 when local_science/ was added, 0.768 before it, 0.764 before tabloid_features/, 0.760 before archive/, 0.767 before asia/)
    place_p: 0.74, // now 0.753 (time zones and "Updated" lines no places; 0.750 after credits were told from captions, 0.747 when europe_live/ was added, 0.751 before it and when canada_arts/ was added, 0.758 before it, 0.753 when local_science/ was added, 0.772 before it, 0.779 before tabloid_features/, 0.774 before archive/; 0.753 when asia/ was added)
    place_r: 0.78, // now 0.796 (0.794 when europe_live/ was added, 0.790 before it and when canada_arts/ was added, 0.795 before it, 0.790 when local_science/ was added, 0.803 before it, 0.810 before tabloid_features/, 0.807 before archive/; 0.797 when asia/ was added)
};

/// Per-style floors (style, quote F1, speaker accuracy): the figures now, less a small
/// margin. Issue 10 wants ≥ 0.92 / ≥ 0.92 in each style.
const STYLE_FLOORS: [(&str, f64, f64); 18] = [
    ("africa", 0.98, 0.98),        // now 0.992 / 1.000 (0.992 / 0.806 as written)
    ("asia", 0.97, 0.94),          // now 0.983 / 0.955 (0.983 / 0.625 as written)
    ("anz", 0.95, 0.94),           // now 0.971 / 0.960
    ("ap", 0.97, 0.97),            // now 1.000 / 1.000
    ("archive", 0.98, 0.97),       // now 0.994 / 0.987 (0.981 / 0.935 as written)
    ("british", 0.97, 0.97),       // now 0.990 / 1.000
    ("broadcast", 0.97, 0.97),     // now 0.995 / 1.000 (0.757 / 0.750 when written)
    ("business", 0.95, 0.91),      // now 0.970 / 0.938
    ("canada_arts", 0.94, 0.97),   // now 0.951 / 0.985 (0.951 / 0.956 as written)
    ("europe_live", 0.97, 0.93),   // now 0.986 / 0.944 (as written)
    ("international", 0.97, 0.90), // now 1.000 / 0.920
    ("latam_mideast", 0.98, 0.94), // now 1.000 / 0.950 (1.000 / 0.850 as written)
    ("local_science", 0.98, 0.95), // now 0.987 / 0.959 (0.987 / 0.946 as written)
    ("southasia", 0.97, 0.97),     // now 1.000 / 1.000
    ("sports", 0.97, 0.94),        // now 1.000 / 0.960
    ("tabloid_features", 0.98, 0.91), // now 0.985 / 0.921 (0.985 / 0.861 as written)
    ("usweb", 0.95, 0.97),         // now 0.972 / 1.000
    ("wire", 0.97, 0.97),          // now 1.000 / 1.000
];

#[test]
fn house_styles_against_gold() {
    let golds = gold();
    let pred = run_extract();
    let verbose = std::env::var_os("HOUSE_STYLES_VERBOSE").is_some_and(|v| v != "0");
    let mut by_style: BTreeMap<String, Figures> = BTreeMap::new();
    let mut report = String::new();
    for g in &golds {
        let p = pred
            .get(&g.path)
            .unwrap_or_else(|| panic!("no extraction for {}", g.path));
        let mut misses = Vec::new();
        score_article(
            g,
            p,
            by_style.entry(g.style.clone()).or_default(),
            &mut misses,
        );
        if !misses.is_empty() {
            report.push_str(&format!("{}\n{}\n", g.path, misses.join("\n")));
        }
    }
    let mut all = Figures::default();
    for f in by_style.values() {
        all.merge(f);
    }
    if verbose {
        println!("{report}");
        for (person, values) in &all.person_values {
            if values.len() > 1 {
                println!(
                    "  person {person:?} has {} values: {values:?}",
                    values.len()
                );
            }
        }
    }
    println!(
        "house styles: {} articles, {} gold quotes (cargo test --test integration house_styles -- --nocapture)",
        all.articles, all.quote_gold
    );
    println!(
        "{:<10} {:>3} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5} {:>5}",
        "style", "n", "q.P", "q.R", "q.F1", "spk", "v/per", "cty.P", "cty.R", "per.P", "per.R",
        "org.P", "org.R", "spk.P", "spk.R", "plc.P", "plc.R"
    );
    for (style, f) in &by_style {
        println!("{}", row(style, f));
    }
    println!("{}", row("all", &all));
    let fl = FLOORS;
    let mut failed = Vec::new();
    let mut check = |what: &str, got: f64, floor: f64| {
        if got < floor {
            failed.push(format!("{what} {got:.3} < floor {floor}"));
        }
    };
    check("quote F1", all.quote_f1(), fl.quote_f1);
    check("speaker accuracy", all.speaker_acc(), fl.speaker_acc);
    check("country precision", all.countries.p(), fl.country_p);
    check("country recall", all.countries.r(), fl.country_r);
    check("people precision", all.people.p(), fl.people_p);
    check("people recall", all.people.r(), fl.people_r);
    check("org precision", all.orgs.p(), fl.org_p);
    check("org recall", all.orgs.r(), fl.org_r);
    check("place precision", all.places.p(), fl.place_p);
    check("place recall", all.places.r(), fl.place_r);
    for (style, q, s) in STYLE_FLOORS {
        let f = by_style.get(style).cloned().unwrap_or_default();
        check(&format!("{style} quote F1"), f.quote_f1(), q);
        check(&format!("{style} speaker accuracy"), f.speaker_acc(), s);
    }
    if all.values_per_person() > fl.values_per_person {
        failed.push(format!(
            "values per person {:.3} > ceiling {}",
            all.values_per_person(),
            fl.values_per_person
        ));
    }
    assert!(
        failed.is_empty(),
        "house-styles figures below their floors (HOUSE_STYLES_VERBOSE=1 shows the misses):\n{}",
        failed.join("\n")
    );
}

/// The gold file and the articles agree: every article has one gold record and the
/// other way round, every gold quote is found inside quote marks, speakers are people or
/// organizations of the article, country codes look like ISO codes.
#[test]
fn house_styles_gold_is_consistent() {
    let golds = gold();
    let articles = root().join("articles");
    let mut on_disk = BTreeSet::new();
    for style in std::fs::read_dir(&articles).expect("articles").flatten() {
        for f in std::fs::read_dir(style.path())
            .expect("style folder")
            .flatten()
        {
            on_disk.insert(format!(
                "{}/{}",
                style.file_name().to_string_lossy(),
                f.file_name().to_string_lossy()
            ));
        }
    }
    let in_gold: BTreeSet<String> = golds.iter().map(|g| g.path.clone()).collect();
    assert_eq!(in_gold.len(), golds.len(), "an article is annotated twice");
    assert_eq!(on_disk, in_gold, "articles on disk and gold records differ");
    let mut per_style: BTreeMap<&str, usize> = BTreeMap::new();
    for g in &golds {
        assert!(
            g.path.starts_with(&format!("{}/", g.style)),
            "{}: style {} is not its folder",
            g.path,
            g.style
        );
        assert!(g.date.len() == 10, "{}: date {}", g.path, g.date);
        *per_style.entry(&g.style).or_default() += 1;
        let body = body_text(&articles.join(&g.path));
        for q in &g.quotes {
            assert!(
                expand_gold(&body, q).is_some(),
                "{}: gold quote not inside quote marks (or, for a turn, not after a \
                 speaker label at a line start): {}",
                g.path,
                q.text
            );
        }
        let named: BTreeSet<Option<&String>> = g
            .quotes
            .iter()
            .map(|q| q.speaker.as_ref())
            .filter(Option::is_some)
            .collect();
        let speakers: BTreeSet<Option<&String>> = g.speakers.iter().map(Some).collect();
        assert_eq!(
            named, speakers,
            "{}: speakers are not the quotes' speakers",
            g.path
        );
        for s in &g.speakers {
            assert!(
                g.people.iter().chain(&g.orgs).any(|e| canonical(e) == s),
                "{}: speaker {s} is neither a person nor an org",
                g.path
            );
        }
        for c in g
            .countries
            .iter()
            .chain(g.places.iter().filter_map(|p| p.country.as_ref()))
        {
            assert!(
                c.len() == 2 && c.chars().all(|c| c.is_ascii_uppercase()),
                "{}: country code {c}",
                g.path
            );
        }
    }
    assert!(per_style.len() >= 6, "styles: {per_style:?}");
    for (style, n) in per_style {
        assert!(n >= 7, "{style}: {n} articles, want at least 7");
    }
}

/// A turn is found after a speaker label at a line start, or in the one paragraph that
/// carries it on; prose with a colon, a stage direction or a paragraph after prose is not.
#[test]
fn house_styles_turns_follow_a_label() {
    let body = "\nKEOGH: Why has it taken until May?\n\nWHITCOMBE: We acted in February.\n\nAnd nobody noticed.\n\n(CROSSTALK)\n\nNobody had that forecast.\n\nShe told Morning Report: we were ready.\n\n\"SEN. RAINEY: The CBO has been wrong before.\"\n<p><strong>Dunmore:</strong> I live here.</p>\n";
    let turn = |t: &str| expand_turn(body, t);
    assert_eq!(
        turn("taken until").as_deref(),
        Some("Why has it taken until May?")
    );
    assert_eq!(turn("acted").as_deref(), Some("We acted in February."));
    assert_eq!(
        turn("nobody noticed").as_deref(),
        Some("And nobody noticed.")
    );
    assert_eq!(turn("Nobody had"), None, "after a stage direction");
    assert_eq!(turn("we were ready"), None, "prose with a colon");
    assert_eq!(turn("KEOGH"), None, "the label itself");
    assert_eq!(
        turn("wrong before").map(|s| norm(&s)).as_deref(),
        Some("the cbo has been wrong before")
    );
    assert_eq!(turn("live here").as_deref(), Some("I live here."));
}

/// A person value joins its gold person by one of its acceptable forms, by surname, or, for
/// names that are not surname-last, by the one person sharing a word with it; an ambiguous
/// value joins no one.
#[test]
fn house_styles_person_values_join_their_person() {
    let people: Vec<String> = [
        "Raymond Leung Wing-kei",
        "Ng Chee Keong",
        "Ng Wei Jie",
        "John Smith",
    ]
    .map(String::from)
    .to_vec();
    let of = |v: &str| person_for(v, &people).map(String::as_str);
    assert_eq!(of("Smith"), Some("John Smith"));
    assert_eq!(of("Leung"), Some("Raymond Leung Wing-kei"));
    assert_eq!(of("Wei Jie"), Some("Ng Wei Jie"));
    assert_eq!(of("Ng"), None, "two people named Ng");
    assert_eq!(of("Hong Kong"), None);
    // An acceptable form joins its person even when its surname is shared.
    let family: Vec<String> = ["Walter Hollister", "Margaret Hollister"]
        .map(String::from)
        .to_vec();
    let alts = alternatives(["Walter Hollister|Walt Hollister".to_string()].iter());
    assert_eq!(
        person_for("Walt Hollister", &family),
        None,
        "two Hollisters"
    );
    assert_eq!(
        person_of("Walt Hollister", &alts, &family).map(String::as_str),
        Some("Walter Hollister")
    );
    assert_eq!(
        person_of("Margaret", &alts, &family).map(String::as_str),
        Some("Margaret Hollister")
    );
}
