//! Quotation marks: which marks open and close a quotation, straight and curly, and
//! quotations that run over several paragraphs (on separate paragraphs or run onto one
//! line).

fn is_open(c: char) -> bool {
    matches!(c, '“' | '„' | '«')
}
fn is_close(c: char) -> bool {
    matches!(c, '”' | '»')
}

/// `char::is_whitespace` of an ASCII byte (which counts the vertical tab, unlike
/// `u8::is_ascii_whitespace`).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ')
}

/// Quoted stretches of `text`: (content start, content end) in bytes. Quotes left open
/// at the end of a paragraph continue when the next paragraph opens with a quote mark.
pub fn find_quote_spans(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut straight_open = false;
    let mut pending: Option<usize> = None; // quote continued from the previous paragraph
                                           // Curly quotations opened inside the open one ("he calls “hell” than live…").
    let mut nested = 0usize;
    let mut para_start = true;
    let mut prev_char: Option<char> = None;
    let bytes = text.as_bytes();
    let mut pos = 0;
    while pos < text.len() {
        // A run of ASCII bytes that are neither a line break nor a straight mark only
        // moves `prev_char` and, if it holds a word, ends the paragraph's start: done
        // in one go instead of a character at a time through the checks below.
        let run = bytes[pos..]
            .iter()
            .position(|&b| !b.is_ascii() || b == b'\n' || b == b'"')
            .unwrap_or(bytes.len() - pos);
        if run > 0 {
            let stretch = &bytes[pos..pos + run];
            if stretch.iter().any(|&b| !is_ascii_space(b)) {
                if para_start {
                    pending = None;
                }
                para_start = false;
            }
            prev_char = Some(char::from(stretch[run - 1]));
            pos += run;
            continue;
        }
        let i = pos;
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        pos += c.len_utf8();
        let before = prev_char.replace(c);
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
                nested = 0;
                para_start = true;
            }
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let next_char = text[pos..].chars().next();
        let starts_para = para_start;
        para_start = false;
        if c == '“' && open.is_some() && !straight_open && !starts_para {
            let after_word = before.is_some_and(|b| !b.is_whitespace());
            if after_word && next_char.is_none_or(char::is_whitespace) {
                // An opening mark typed for a closing one ("…her here,“ said Ana Ruiz"):
                // after a word and before a space it can only close.
                if nested > 0 {
                    nested -= 1;
                } else if let Some(s) = open.take() {
                    out.push((s, i, false));
                }
                continue;
            }
            if !after_word
                && next_char.is_some_and(|n| !n.is_whitespace())
                && !reopens_curly(text, i)
            {
                // A quotation inside the quotation, in double marks: its closing mark
                // is not the outer one's.
                nested += 1;
                continue;
            }
        }
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
        if is_close(c) && nested > 0 && open.is_some() {
            nested -= 1;
            continue;
        }
        if is_close(c) || straight_closes {
            nested = 0;
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

/// Whether the curly mark at byte `i` re-opens an open quotation after one of its
/// sentences ("…own. “Trying…"): the next paragraph of it, run onto one line.
fn reopens_curly(text: &str, i: usize) -> bool {
    let before = &text[..i];
    let trimmed = before.trim_end();
    trimmed.len() < before.len() && trimmed.ends_with(['.', '?', '!', '…', ':', '"', '”'])
}

fn pending_end_push(out: &mut Vec<(usize, usize, bool)>, s: usize, e: usize, provisional: bool) {
    out.push((s, e, provisional));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte runs skip exactly the ASCII characters the per-character checks call
    /// whitespace.
    #[test]
    fn ascii_space_is_char_whitespace() {
        for b in 0..0x80u8 {
            assert_eq!(
                is_ascii_space(b),
                char::from(b).is_whitespace(),
                "byte {b:#x}"
            );
        }
    }

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
    fn an_opening_mark_typed_as_the_closing_one_closes() {
        let t = "“If she loses Iowa, that could hurt her here,“ said Ana Ruiz. “It is early.”";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec![
                "If she loses Iowa, that could hurt her here,",
                "It is early."
            ]
        );
    }

    #[test]
    fn double_marks_inside_a_quotation_do_not_close_it() {
        let t = "“I’d rather live in what he calls “hell” than see him win.” ― Ana Ruiz\n\n“No.” ― Bo Li";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec![
                "I’d rather live in what he calls “hell” than see him win.",
                "No."
            ]
        );
        // A re-opening mark after a sentence of the open quote is no nested quote.
        let t = "“We stand alone. “Leaning on others failed,” Mr Hale said. “It is done.”";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(
            q,
            vec!["We stand alone. “Leaning on others failed,", "It is done."]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let t = "It’s the minister’s view that \"talks can't fail\".";
        let q: Vec<&str> = find_quote_spans(t).iter().map(|&(s, e)| &t[s..e]).collect();
        assert_eq!(q, vec!["talks can't fail"]);
    }
}
