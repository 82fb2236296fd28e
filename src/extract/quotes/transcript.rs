//! Transcript turns: a paragraph that opens with a speaker's name in capitals and a colon
//! ("WALLACE: If I may, sir…", "JAKE TAPPER: Donald Trump released…", "MR SMITH: No."), as
//! broadcast and interview transcripts print them. Each turn is a quotation of that
//! speaker: the text after the colon to the end of the paragraph.

use super::salience::first_name_sex;
use crate::extract::tokenize::Token;

/// One turn: the byte range of its words and its speaker as printed, title-cased
/// ("Wallace", "Jake Tapper").
#[derive(Debug, PartialEq)]
pub(super) struct Turn {
    /// Byte offset of the label's first letter: the turn's text starts there.
    pub label_start: usize,
    pub start: usize,
    pub end: usize,
    pub speaker: String,
}

/// Honorifics a transcript may print before the surname ("MR SMITH:", "SEN. KAINE:").
const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sen", "rep", "gov",
];

/// A word of a speaker label: capitals, with inner apostrophes, hyphens or dots
/// ("O'REILLY", "SEN.").
fn is_label_word(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && w.chars()
            .all(|c| c.is_uppercase() || matches!(c, '\'' | '’' | '-' | '.'))
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

/// Whether some line of `text` opens with two capitals or more and a colon: a cheap
/// test that spares articles without a transcript the token walk.
fn has_labels(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line
            .trim_start_matches(|c: char| c.is_whitespace() || is_mark(c.encode_utf8(&mut [0; 4])));
        let head = line
            .find(|c: char| !(c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-')))
            .unwrap_or(line.len());
        line[head..].starts_with(':')
            && line[..head].chars().filter(|c| c.is_uppercase()).count() >= 2
    })
}

/// The paragraphs of `text` that open with a speaker label, with their speakers.
/// `person_at` gives the person named at a token: a label is a
/// speaker when it ends with the last word of one of them, when it is a first name and
/// a surname, when an honorific opens it, or when the text is a dialogue (two labels or
/// more, each opening two turns or more, one answering the other).
pub(super) fn transcript_turns<'n>(
    text: &str,
    tokens: &[Token],
    person_at: impl Fn(usize) -> Option<&'n str>,
) -> Vec<Turn> {
    if !has_labels(text) {
        return Vec::new();
    }
    // (label words, title-cased; first token of the words; first token of the
    // paragraph; whether an honorific opened the label)
    let mut found: Vec<(Vec<String>, usize, usize, bool)> = Vec::new();
    let line_start = |i: usize| {
        tokens[i].paragraph_start
            || i == 0
            || text[tokens[i - 1].end..tokens[i].start].contains('\n')
    };
    let mut i = 0;
    while i < tokens.len() {
        if !line_start(i) {
            i += 1;
            continue;
        }
        let para = i;
        let mut k = i;
        if is_mark(tokens[k].text(text)) {
            k += 1;
        }
        let mut words = Vec::new();
        let mut honorific = false;
        while k < tokens.len() && words.len() < 4 && is_label_word(tokens[k].text(text)) {
            let w = tokens[k].text(text).trim_end_matches('.');
            if words.is_empty() && HONORIFICS.contains(&w.to_lowercase().as_str()) {
                honorific = true;
            } else {
                words.push(title_case(w));
            }
            k += 1;
        }
        i += 1;
        if words.is_empty()
            || words.len() > 3
            || k + 1 >= tokens.len()
            || tokens[k].text(text) != ":"
            || line_start(k + 1)
        {
            continue;
        }
        found.push((words, k + 1, para, honorific));
    }
    if found.is_empty() {
        return Vec::new();
    }
    let opens = |label: &[String]| found.iter().filter(|f| f.0 == label).count();
    let dialogue = found
        .windows(2)
        .any(|w| w[0].0 != w[1].0 && opens(&w[0].0) >= 2 && opens(&w[1].0) >= 2);
    let mut turns = Vec::new();
    for (n, (words, first, para, honorific)) in found.iter().enumerate() {
        let Some((last, given)) = words.split_last() else {
            continue;
        };
        // Named outside the labels (a label read as a name does not count): the
        // surname as the article spells it ("MCCAIN" → "McCain").
        let in_label = |i: usize| found.iter().any(|f| f.2 <= i && i < f.1);
        let same = |a: &str| {
            a.chars()
                .flat_map(char::to_lowercase)
                .eq(last.chars().flat_map(char::to_lowercase))
        };
        let spelled = (0..tokens.len())
            .filter(|&i| !in_label(i))
            .filter_map(&person_at)
            .filter_map(|name| name.rsplit(' ').next())
            .find(|l| same(l));
        let full_name = given.len() == 1 && first_name_sex(&given[0]).is_some();
        if !(spelled.is_some() || full_name || *honorific || (dialogue && opens(words) >= 2)) {
            continue;
        }
        let mut speaker = given.join(" ");
        if !speaker.is_empty() {
            speaker.push(' ');
        }
        speaker.push_str(spelled.unwrap_or(last));
        // The turn runs to the end of its paragraph, marks left out.
        let next = found.get(n + 1).map_or(tokens.len(), |f| f.2);
        let mut end = *first;
        while end < next && (end == *first || !line_start(end)) {
            end += 1;
        }
        let mut last_tok = end - 1;
        while last_tok > *first && is_mark(tokens[last_tok].text(text)) {
            last_tok -= 1;
        }
        let label_tok = if is_mark(tokens[*para].text(text)) {
            para + 1
        } else {
            *para
        };
        turns.push(Turn {
            label_start: tokens[label_tok].start,
            start: tokens[*first].start,
            end: tokens[last_tok].end,
            speaker,
        });
    }
    turns
}
