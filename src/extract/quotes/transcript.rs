//! Transcript turns: a paragraph that opens with a speaker's label and a colon, as
//! broadcast transcripts and printed interviews give them ("WALLACE: If I may, sir…",
//! "GRAHAM BRACKETT, CNN ANCHOR: Good morning.", "SEN. KESSLING: That is…", "Q: …" and
//! "A: …", "Dunmore: Both sides…"). Each turn is a quotation of its speaker: the text after
//! the colon to the end of the paragraph, and the paragraphs after it up to the next label.

use super::salience::{first_name_sex, is_listed_person_noun};
use crate::extract::fold::fold;
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;

/// One paragraph of a turn: the byte range of its words and its speaker, `None` for an
/// unnamed one ("QUESTION:", "UNIDENTIFIED FARMER:").
#[derive(Debug, PartialEq)]
pub(super) struct Turn {
    /// Byte offset where the label (or the continuing paragraph) starts.
    pub label_start: usize,
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
}

/// Words before a surname in a label that are no part of the name ("MR SMITH:", "SEN.
/// KAINE:", "CHIEF TOLLIVER:"), besides the title table's.
static HONORIFICS: WordList = WordList::new(&[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sen", "rep", "gov", "chief",
    "prof", "rev", "det", "insp", "supt", "sgt", "capt", "col", "gen", "cllr",
]);

/// Labels of someone the transcript does not name.
static UNNAMED_LABELS: WordList = WordList::new(&[
    "q",
    "question",
    "questioner",
    "reporter",
    "reporters",
    "presenter",
    "interviewer",
    "anchor",
    "host",
    "moderator",
    "audience",
    "voice",
    "narrator",
    "announcer",
    "caller",
    "crowd",
]);

/// Words that open the label of someone unnamed ("UNIDENTIFIED MALE:").
const UNNAMED_OPENERS: &[&str] = &["unidentified", "unknown", "unnamed", "audience"];

/// A word of a label in capitals, with inner apostrophes, hyphens or dots ("O'REILLY",
/// "SEN."); single letters only as "Q" and "A" or in "(R)".
fn is_caps_word(w: &str) -> bool {
    w.chars().any(char::is_alphabetic)
        && w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '\'' | '’' | '-' | '.'))
}

/// A capitalized word of a title-case label ("Dunmore", "O'Brien").
fn is_title_word(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase)
        && w.chars().any(char::is_lowercase)
        && c.all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))
}

/// "O'REILLY" → "O'Reilly", "TAPPER" → "Tapper", "SMITH-JONES" → "Smith-Jones".
fn title_case(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut upper = true;
    let mut letters = 0;
    for c in w.chars() {
        if upper {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        if c.is_alphabetic() {
            letters += 1;
        }
        upper = c == '-' || (matches!(c, '\'' | '’') && letters == 1);
    }
    out
}

fn is_mark(w: &str) -> bool {
    matches!(w, "“" | "”" | "\"" | "«" | "»" | "„")
}

/// Whether some line of `text` opens with a label: a capital, up to 60 characters of
/// letters, spaces and label punctuation, and a colon. A cheap test that spares most
/// articles the token walk.
fn has_labels(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '“' | '”' | '"' | '«' | '»' | '„')
        });
        if !line.starts_with(|c: char| c.is_uppercase()) {
            return false;
        }
        // Only the first 61 characters are looked at.
        line.char_indices()
            .take(61)
            .find(|&(_, c)| {
                !(c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '’' | '-' | ',' | '(' | ')'))
            })
            .is_some_and(|(_, c)| c == ':')
    })
}

/// What a label says of its speaker.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    /// A name ("KESSLING", "Graham Brackett").
    Named,
    /// Someone unnamed: an interviewer's question, a voice in the crowd.
    Unnamed,
    /// "A:": the answer of the person interviewed.
    Answer,
}

struct Label {
    /// First token of its paragraph.
    para: usize,
    /// First token of the label itself (after an opening quotation mark).
    at: usize,
    /// First token after the colon.
    words: usize,
    /// The name, title-cased, titles left out ("Margaret Kessling").
    name: Vec<String>,
    /// In capitals ("KESSLING:"), not title case ("Dunmore:").
    caps: bool,
    /// A title or a role goes with the name ("SEN. KESSLING", "BRACKETT, CNN ANCHOR").
    titled: bool,
    role: Role,
}

fn read_label(
    text: &str,
    tokens: &[Token],
    para: usize,
    line_start: &dyn Fn(usize) -> bool,
) -> Option<Label> {
    let at = if is_mark(tokens[para].text(text)) {
        para + 1
    } else {
        para
    };
    let first = tokens.get(at)?.text(text);
    let caps = is_caps_word(first);
    if !caps && !is_title_word(first) {
        return None;
    }
    let mut name: Vec<&str> = Vec::new();
    let mut in_name = true;
    let mut titled = false;
    let mut k = at;
    loop {
        if k >= tokens.len() || k - at > 12 || (k > at && line_start(k)) {
            return None;
        }
        let w = tokens[k].text(text);
        if w == ":" {
            break;
        }
        if caps && matches!(w, "," | "(" | ")" | "." | "&" | "/") {
            if k == at {
                return None;
            }
            if matches!(w, "," | "(") {
                in_name = false;
                titled = true;
            }
        } else if (caps && is_caps_word(w)) || (!caps && is_title_word(w) && k - at < 3) {
            if in_name {
                name.push(w);
            }
        } else {
            return None;
        }
        k += 1;
    }
    if k + 1 >= tokens.len() || line_start(k + 1) || name.is_empty() {
        return None;
    }
    // Words follow, not a figure ("Clinton: 547." in a table of results).
    if !(k + 1..tokens.len())
        .take_while(|&j| j == k + 1 || !line_start(j))
        .any(|j| tokens[j].text(text).chars().any(char::is_alphabetic))
    {
        return None;
    }
    let label = |name: Vec<String>, titled: bool, role: Role| Label {
        para,
        at,
        words: k + 1,
        name,
        caps,
        titled,
        role,
    };
    let lower: Vec<String> = name.iter().map(|w| fold(w)).collect();
    let single = |w: &str| lower.len() == 1 && lower[0] == w;
    if caps && (single("a") || single("answer")) {
        return Some(label(Vec::new(), titled, Role::Answer));
    }
    if caps
        && (UNNAMED_OPENERS.contains(&lower[0].as_str())
            || (lower.len() == 1 && UNNAMED_LABELS.contains(&lower[0].as_str())))
    {
        return Some(label(Vec::new(), titled, Role::Unnamed));
    }
    if caps && lower.len() == 1 && is_listed_person_noun(&lower[0]) {
        // "RESIDENT:", "FARMER:": unnamed, unless the article names a person so.
        return Some(label(vec![title_case(name[0])], titled, Role::Unnamed));
    }
    // A single letter names no one ("B:").
    if name
        .iter()
        .any(|w| w.chars().filter(|c| c.is_alphabetic()).count() < 2)
        && name.len() == 1
    {
        return None;
    }
    let mut skip = 0;
    while skip + 1 < lower.len()
        && (HONORIFICS.contains(&lower[skip].as_str())
            || crate::extract::people::is_title(&lower[skip]))
    {
        skip += 1;
        titled = true;
    }
    let name = name[skip..]
        .iter()
        .map(|w| {
            let w = w.trim_end_matches('.');
            if caps {
                title_case(w)
            } else {
                w.to_string()
            }
        })
        .collect();
    Some(label(name, titled, Role::Named))
}

/// The turns of `text`, with their speakers. `person_at` gives the person named at a
/// token. A named label is a speaker's when the article names that surname elsewhere,
/// when it is in capitals and is a first name and surname or goes with a title or role,
/// or when the text is a dialogue (two labels or more, each opening two turns or more,
/// one answering the other). Unnamed labels ("QUESTION:") and "A:" count only beside
/// such labels or "Q:"; "A:" is the person the article names most.
pub(super) fn transcript_turns<'n>(
    text: &str,
    tokens: &[Token],
    person_at: impl Fn(usize) -> Option<&'n str>,
) -> Vec<Turn> {
    if tokens.is_empty() || !has_labels(text) {
        return Vec::new();
    }
    let line_start = |i: usize| {
        tokens[i].paragraph_start
            || i == 0
            // (the gap between two tokens, a byte or two: a byte look-up, not a str search)
            || text.as_bytes()[tokens[i - 1].end..tokens[i].start].contains(&b'\n')
    };
    // Not the headline ("Pence: Gennifer Flowers won't be at debate").
    let labels: Vec<Label> = (1..tokens.len())
        .filter(|&i| line_start(i))
        .filter_map(|i| read_label(text, tokens, i, &line_start))
        .collect();
    if labels.is_empty() {
        return Vec::new();
    }
    let in_label = |i: usize| labels.iter().any(|l| l.at <= i && i < l.words);
    let opens = |name: &[String]| labels.iter().filter(|l| l.name == name).count();
    let dialogue = labels.windows(2).any(|w| {
        w[0].name != w[1].name
            && !w[0].name.is_empty()
            && !w[1].name.is_empty()
            && opens(&w[0].name) >= 2
            && opens(&w[1].name) >= 2
    });
    // The people named outside the labels, one entry a mention, in text order.
    let mentions: Vec<&str> = (0..tokens.len())
        .filter_map(|i| {
            let p = person_at(i)?;
            (!in_label(i) && (i == 0 || person_at(i - 1) != Some(p))).then_some(p)
        })
        .collect();
    // The surname as the article spells it ("MCCAIN" → "McCain").
    let spelled = |last: &str| {
        let same = |a: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .eq(last.chars().flat_map(char::to_lowercase))
        };
        mentions
            .iter()
            .filter_map(|name| name.rsplit(' ').next())
            .find(|l| same(l))
    };
    let speakers: Vec<Option<Option<String>>> = labels
        .iter()
        .map(|l| {
            if l.role != Role::Named {
                return None;
            }
            let (last, given) = l.name.split_last()?;
            let known = spelled(last);
            let full_name = l.caps && given.len() == 1 && first_name_sex(&given[0]).is_some();
            // A name in title case ("Dunmore:") only in a dialogue: alone it is a
            // heading ("Pence: Flowers won't attend").
            let accepted = (l.caps && (known.is_some() || full_name || l.titled))
                || (dialogue && opens(&l.name) >= 2);
            if !accepted {
                return None;
            }
            let mut speaker = given.join(" ");
            if !speaker.is_empty() {
                speaker.push(' ');
            }
            speaker.push_str(known.unwrap_or(last));
            Some(Some(speaker))
        })
        .collect();
    let any_named = speakers.iter().any(Option::is_some);
    let question = labels
        .iter()
        .any(|l| l.role == Role::Unnamed && l.name.is_empty());
    let answer = labels.iter().any(|l| l.role == Role::Answer);
    let interviewee = (answer && question)
        .then(|| most_named(&mentions))
        .flatten();
    let mut turns = Vec::new();
    for (n, l) in labels.iter().enumerate() {
        let speaker = match l.role {
            Role::Named => match &speakers[n] {
                Some(s) => s.clone(),
                None => continue,
            },
            Role::Unnamed if any_named || (answer && question) => {
                // "RESIDENT:" when the article names someone so is theirs.
                l.name.last().and_then(|w| spelled(w)).map(str::to_string)
            }
            Role::Answer if question => interviewee.clone(),
            _ => continue,
        };
        // The paragraph, then the ones after it up to the next label (not a stage
        // direction, "(CROSSTALK)"); the last label's turn is its paragraph alone.
        let next = labels.get(n + 1).map(|x| x.para);
        let mut start = l.words;
        let mut label_start = tokens[l.at].start;
        loop {
            let mut end = start + 1;
            while end < tokens.len() && !line_start(end) {
                end += 1;
            }
            let mut last = end - 1;
            while last > start && is_mark(tokens[last].text(text)) {
                last -= 1;
            }
            turns.push(Turn {
                label_start,
                start: tokens[start].start,
                end: tokens[last].end,
                speaker: speaker.clone(),
            });
            match next {
                Some(next) if end < next && !is_stage_direction(text, &tokens[end..next]) => {
                    start = end;
                    if is_mark(tokens[start].text(text)) && start + 1 < next {
                        start += 1;
                    }
                    label_start = tokens[end].start;
                }
                _ => break,
            }
        }
    }
    turns
}

/// Whether a paragraph is a stage direction ("(CROSSTALK)", "[LAUGHTER]"), marks aside.
fn is_stage_direction(text: &str, tokens: &[Token]) -> bool {
    tokens
        .iter()
        .map(|t| t.text(text))
        .find(|w| !is_mark(w))
        .is_some_and(|w| matches!(w, "(" | "["))
}

/// The person named most often, the first named on a tie.
fn most_named(mentions: &[&str]) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for &p in mentions {
        match counts.iter_mut().find(|c| c.0 == p) {
            Some(c) => c.1 += 1,
            None => counts.push((p, 1)),
        }
    }
    let best = counts.iter().map(|c| c.1).max()?;
    counts.iter().find(|c| c.1 == best).map(|c| c.0.to_string())
}
