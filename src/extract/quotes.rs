//! Quotations and their speakers: straight and curly quotes, quotes that run over
//! several paragraphs, attribution after, before and around the quote ("X said",
//! "said X", "X told reporters", "according to X", "X: “…”"), pronouns and titles
//! resolved to the last person named, consecutive quotes carrying their speaker.

use super::recognize::SPEECH_VERBS;
use super::tokenize::Token;

/// A quotation: byte range of the quoted words (without the marks) and its speaker.
#[derive(Clone, Debug, PartialEq)]
pub struct RawQuote {
    pub start: usize,
    pub end: usize,
    pub speaker: Option<String>,
}

/// What the quote finder needs to know about the people of the article.
pub trait People {
    /// Canonical person whose mention covers token `i`.
    fn person_at(&self, i: usize) -> Option<&str>;
    /// Canonical person mentioned last before byte `pos`, outside quotations.
    fn last_person_before(&self, pos: usize, quotes: &[(usize, usize)]) -> Option<&str>;
}

const PRONOUNS: &[&str] = &["he", "she"];
const NOMINAL_HEADS: &[&str] = &["the", "a", "his", "her", "their", "its"];

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// Quoted stretches of `text`: (content start, content end) in bytes. Quotes left open
/// at the end of a paragraph continue when the next paragraph opens with a quote mark.
pub fn find_quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    let mut pending: Option<usize> = None; // quote continued from the previous paragraph
    let mut para_start = true;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c == '\n' {
            // Paragraph break: a blank line.
            let mut j = i + 1;
            let rest = &text[j..];
            let ws = rest.len() - rest.trim_start_matches([' ', '\t', '\r']).len();
            j += ws;
            if text[j..].starts_with('\n') {
                if let Some(s) = open.take() {
                    // Unclosed at paragraph end: may continue in the next paragraph.
                    pending = Some(s);
                    let end = text[..i].trim_end().len();
                    pending_end_push(&mut out, s, end, true);
                }
                straight_open = false;
                para_start = true;
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let next_char = it.peek().map(|&(_, n)| n);
        let starts_para = para_start;
        para_start = false;
        if is_open(c)
            || (c == '"' && !straight_open && next_char.is_some_and(|n| !n.is_whitespace()))
        {
            let content = i + c.len_utf8();
            if starts_para {
                if let Some(s) = pending.take() {
                    // Continuation: replace the provisional end with a merged quote.
                    if out
                        .last()
                        .is_some_and(|q: &(usize, usize, bool)| q.0 == s && q.2)
                    {
                        out.pop();
                    }
                    open = Some(s);
                    straight_open = c == '"';
                    continue;
                }
            }
            if open.is_none() {
                open = Some(content);
                straight_open = c == '"';
            }
            continue;
        }
        if is_close(c) || (c == '"' && straight_open) {
            if let Some(s) = open.take() {
                out.push((s, i, false));
            }
            straight_open = false;
            continue;
        }
        if starts_para {
            pending = None;
        }
    }
    if let Some(s) = open {
        out.push((s, text.trim_end().len(), false));
    }
    out.into_iter()
        .map(|(s, e, _)| (s, e))
        .filter(|(s, e)| e > s)
        .collect()
}

fn pending_end_push(out: &mut Vec<(usize, usize, bool)>, s: usize, e: usize, provisional: bool) {
    out.push((s, e, provisional));
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Finds the quotations of `text` and attributes them.
pub fn find_quotes(text: &str, tokens: &[Token], people: &dyn People) -> Vec<RawQuote> {
    let spans = find_quote_spans(text);
    let tok_at = |pos: usize| tokens.partition_point(|t| t.end <= pos);
    let words: Vec<String> = tokens.iter().map(|t| t.text(text).to_lowercase()).collect();
    let mut quotes: Vec<RawQuote> = Vec::new();
    let mut prev_end_tok: Option<usize> = None;
    for (qi, &(s, e)) in spans.iter().enumerate() {
        let content = &text[s..e];
        // Token range of the quote including its marks.
        let first = tok_at(s).saturating_sub(1);
        let last = tok_at(e) + 1; // exclusive, after the closing mark
        let mut speaker = None;
        // After the quote: up to the end of the sentence, stopping at the next quote.
        let next_quote_tok = spans
            .get(qi + 1)
            .map_or(tokens.len(), |&(ns, _)| tok_at(ns).saturating_sub(1));
        let mut k = last;
        let mut window_after = Vec::new();
        while k < tokens.len() && k < next_quote_tok && k < last + 14 {
            if tokens[k].sentence_start && k > last {
                break;
            }
            window_after.push(k);
            k += 1;
        }
        if let Some(sp) = attribute(&window_after, &words, people, s, &spans, true) {
            speaker = Some(sp);
        }
        if speaker.is_none() {
            // Before the quote: from the sentence start.
            let mut k = first;
            let mut window_before = Vec::new();
            let stop = prev_end_tok.unwrap_or(0);
            while k > stop && first - k < 25 {
                k -= 1;
                window_before.push(k);
                if tokens[k].sentence_start {
                    break;
                }
            }
            window_before.reverse();
            speaker = attribute(&window_before, &words, people, s, &spans, false);
        }
        if speaker.is_none() {
            // A quote that directly continues the previous one keeps its speaker.
            if let Some(prev) = quotes.last() {
                let between = text.get(prev.end..s).unwrap_or("");
                let close = word_count(between) <= 3
                    || (between.matches("\n\n").count() == 1
                        && !between.chars().any(char::is_alphabetic));
                let between_has_person = people.last_person_before(s, &spans)
                    != people.last_person_before(prev.end, &spans);
                if close && !between_has_person {
                    speaker = prev.speaker.clone();
                }
            }
        }
        prev_end_tok = Some(last.min(tokens.len()));
        if speaker.is_none() && word_count(content) < 4 {
            continue;
        }
        quotes.push(RawQuote {
            start: s,
            end: e,
            speaker,
        });
    }
    quotes
}

/// Looks for "<speaker> <verb>" or "<verb> <speaker>" in a window of tokens.
fn attribute(
    window: &[usize],
    words: &[String],
    people: &dyn People,
    quote_start: usize,
    quotes: &[(usize, usize)],
    after: bool,
) -> Option<String> {
    let is_mark = |k: usize| matches!(words[k].as_str(), "“" | "”" | "\"" | "«" | "»");
    let verb_pos = window.iter().position(|&k| {
        let w = words[k].as_str();
        SPEECH_VERBS.contains(&w)
            || (w == "according" && words.get(k + 1).is_some_and(|n| n == "to"))
    });
    let Some(vp) = verb_pos else {
        // "Okonkwo: “…”" — a person right before a colon that opens the quote.
        if !after {
            if let Some(&last) = window.last() {
                if words[last] == ":" && last > 0 {
                    return people.person_at(last - 1).map(str::to_string);
                }
            }
        }
        return None;
    };
    let v = window[vp];
    let last_person = || {
        people
            .last_person_before(quote_start, quotes)
            .map(str::to_string)
    };
    // Subject: the nearest person before the verb in the same stretch ("Kenji Mori, the
    // chief executive of Hoshino Motors, told ..."), or a pronoun / nominal right before it.
    for (dist, &k) in window[..vp].iter().rev().enumerate() {
        if is_mark(k) {
            break;
        }
        if let Some(p) = people.person_at(k) {
            return Some(p.to_string());
        }
        if dist <= 2 && PRONOUNS.contains(&words[k].as_str()) {
            return last_person();
        }
    }
    let start = vp.saturating_sub(4);
    if window[start..vp]
        .iter()
        .any(|&k| NOMINAL_HEADS.contains(&words[k].as_str()))
        && !window[start..vp].iter().any(|&k| is_mark(k))
    {
        // "the minister said"
        return last_person();
    }
    // Object after the verb: "said Okonkwo", "according to Okonkwo", "said the minister".
    let first = if words[v] == "according" {
        vp + 2
    } else {
        vp + 1
    };
    for (dist, &k) in window.iter().skip(first).take(6).enumerate() {
        if is_mark(k) {
            break;
        }
        if let Some(p) = people.person_at(k) {
            return Some(p.to_string());
        }
        if dist == 0 && PRONOUNS.contains(&words[k].as_str()) {
            return last_person();
        }
        if dist == 0 && NOMINAL_HEADS.contains(&words[k].as_str()) && after {
            return last_person();
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_and_curly_spans() {
        let t = "“We will win,” she said. He said \"no way out\" again.";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["We will win,", "no way out"]);
    }

    #[test]
    fn quote_spanning_paragraphs_is_one() {
        let t = "“First paragraph of the quote.\n\n“Second paragraph,” she said.\n\nNext.";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec!["First paragraph of the quote.\n\n“Second paragraph,"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "It’s the minister’s view that \"talks can't fail\".";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["talks can't fail"]);
    }
}
