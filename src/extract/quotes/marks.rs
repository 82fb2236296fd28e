//! Quotation marks: which marks open and close a quotation, straight and curly, and
//! quotations that run over several paragraphs (on separate paragraphs or run onto one
//! line).

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
            // A closing curly mark used as an opening one ("”Fear. I am…” ― Name"): at the
            // start of a paragraph, before a word, with no quotation open.
            || (c == '”'
                && starts_para
                && open.is_none()
                && next_char.is_some_and(|n| n.is_alphanumeric() || n == '…' || n == ' '))
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
        // A straight mark after a space that opens a word, right after a sentence of the
        // open quote ("…own. \"Trying…"), re-opens it: the next paragraph of the same
        // quotation, run onto one line; a closing mark never follows a space.
        if c == '"' && straight_open && reopens(text, i, next_char) {
            continue;
        }
        // A straight mark also closes a curly quote ("“no evidence\" yet") when it is
        // not followed by a word.
        let straight_closes = c == '"'
            && (straight_open
                || (open.is_some() && next_char.is_none_or(|n| !n.is_alphanumeric())));
        if is_close(c) || straight_closes {
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

/// Whether the straight mark at byte `i` opens the next paragraph of an open quotation:
/// whitespace before it, a word after it, and a sentence end before the whitespace.
fn reopens(text: &str, i: usize, next_char: Option<char>) -> bool {
    let before = &text[..i];
    let trimmed = before.trim_end();
    trimmed.len() < before.len()
        && next_char.is_some_and(|n| n.is_alphanumeric() || matches!(n, '‘' | '\'' | '…'))
        && trimmed.ends_with(['.', '?', '!', '…', ':'])
}

fn pending_end_push(out: &mut Vec<(usize, usize, bool)>, s: usize, e: usize, provisional: bool) {
    out.push((s, e, provisional));
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
    fn quote_paragraphs_run_onto_one_line_stay_one_quote() {
        // A multi-paragraph quotation whose paragraphs were joined onto one line: the
        // re-opening mark must not close the quote (which lost every second paragraph).
        let t = "\"We have to stand on our own. \"Trying to lean on others got us nowhere,\" Mr Hale said. \"It is done.\"";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec![
                "We have to stand on our own. \"Trying to lean on others got us nowhere,",
                "It is done."
            ]
        );
        // The same with a line break between the paragraphs.
        let t = "\"We have to stand on our own.\n\"Trying got us nowhere,\" she said.";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec!["We have to stand on our own.\n\"Trying got us nowhere,"]
        );
    }

    #[test]
    fn closing_mark_used_as_opening_one() {
        let t =
            "Intro.\n\n”Fear. I am truly afraid of the result.” ― Ana Ruiz\n\n“Next one.” ― Bo Li";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec!["Fear. I am truly afraid of the result.", "Next one."]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "It’s the minister’s view that \"talks can't fail\".";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["talks can't fail"]);
    }
}
