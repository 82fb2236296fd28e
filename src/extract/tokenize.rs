//! Tokens and sentences with byte offsets, allocation-free per token.
//!
//! Words keep internal apostrophes, hyphens and abbreviation periods ("U.S.", "Mr.",
//! "al-Assad", "O'Brien"); a possessive "'s" is its own token; every other punctuation
//! mark is a token of its own. Sentences end at `.`, `!`, `?` followed by a capital or a
//! quote, and at blank lines; abbreviations do not end sentences.

/// One token: a byte range into the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the token's first byte in the text.
    pub start: usize,
    /// Byte offset just past the token's last byte (exclusive); like `start`, always
    /// on a char boundary, so [`Token::text`] can slice.
    pub end: usize,
    /// First token of a sentence (or of a paragraph, or of the title).
    pub sentence_start: bool,
    /// First token after a blank line (or of the text).
    pub paragraph_start: bool,
}

impl Token {
    /// The token's text.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations whose period does not end a sentence (lower-case, without the period).
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "cmdr", "adm", "maj", "rev", "st", "mt", "ft", "jr", "sr", "inc", "corp", "co", "ltd", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs",
    "etc", "approx", "dept", "univ", "sen", "pres", "gov", "atty", "supt",
];

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits text into tokens.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut newlines = 2; // start of text counts as a paragraph start
    let mut sentence_next = true;
    while i < text.len() {
        if bytes[i] == b' ' {
            // the commonest byte, skipped without decoding a char
            i += 1;
            continue;
        }
        let c = match bytes[i] {
            b if b.is_ascii() => char::from(b),
            _ => match text[i..].chars().next() {
                Some(c) => c,
                None => break,
            },
        };
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
            }
            i += c.len_utf8();
            continue;
        }
        let paragraph_start = newlines >= 2;
        if paragraph_start {
            sentence_next = true;
        }
        newlines = 0;
        let start = i;
        let mut end;
        if is_word_char(c) {
            end = i + c.len_utf8();
            loop {
                // an ASCII letter or digit (a word char) without decoding a char
                match bytes.get(end) {
                    Some(b) if b.is_ascii_alphanumeric() => {
                        end += 1;
                        continue;
                    }
                    // any other ASCII byte ends the word, but for the joiners below
                    Some(b) if b.is_ascii() && !matches!(b, b'\'' | b'-' | b'.' | b'&') => break,
                    _ => {}
                }
                let rest = &text[end..];
                let mut it = rest.chars();
                let Some(n) = it.next() else { break };
                if is_word_char(n) {
                    end += n.len_utf8();
                    continue;
                }
                // Internal apostrophe / hyphen / period / ampersand followed by a word char.
                let after = it.next();
                let joins = matches!(n, '\'' | '’' | '-' | '‐' | '.' | '&')
                    && after.is_some_and(is_word_char);
                if joins {
                    // Possessive 's ends the word: "Russia's" → "Russia" + "'s".
                    if matches!(n, '\'' | '’') {
                        let tail = &rest[n.len_utf8()..];
                        let mut t = tail.chars();
                        let s = t.next();
                        let s_ends = t.next().is_none_or(|x| !is_word_char(x));
                        if matches!(s, Some('s') | Some('S')) && s_ends {
                            break;
                        }
                    }
                    end += n.len_utf8();
                    continue;
                }
                break;
            }
            // Abbreviation period: "U.S." keeps its final period, "Mr." too.
            if bytes.get(end) == Some(&b'.') {
                let word = &text[start..end];
                let dotted =
                    word.contains('.') && word.chars().filter(|c| c.is_alphabetic()).count() <= 4;
                let single_cap = word.len() == 1 && word.chars().all(|c| c.is_uppercase());
                if dotted
                    || single_cap
                    || ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
                {
                    end += 1;
                }
            }
        } else if matches!(c, '\'' | '’')
            && text[i + c.len_utf8()..].starts_with(['s', 'S'])
            && text[i + c.len_utf8() + 1..]
                .chars()
                .next()
                .is_none_or(|x| !is_word_char(x))
            && tokens.last().is_some_and(|t: &Token| t.end == i)
        {
            end = i + c.len_utf8() + 1;
        } else {
            end = i + c.len_utf8();
        }
        tokens.push(Token {
            start,
            end,
            sentence_start: sentence_next,
            paragraph_start,
        });
        sentence_next = false;
        if matches!(&text[start..end], "." | "!" | "?" | "…") {
            sentence_next = true;
        }
        i = end;
    }
    // A sentence only ends at . ! ? when what follows looks like a new sentence.
    for tok in tokens.iter_mut().skip(1) {
        if tok.sentence_start && !tok.paragraph_start {
            let t = tok.text(text);
            let first = t.chars().next().unwrap_or(' ');
            let opens = first.is_uppercase()
                || first.is_numeric()
                || matches!(first, '"' | '“' | '‘' | '\'' | '(' | '—' | '-');
            if !opens {
                tok.sentence_start = false;
            }
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn words_abbreviations_possessives() {
        assert_eq!(
            words("Mr. Obama's U.S. trip—in al-Qaeda's view—cost $4.5bn, O'Brien said."),
            vec![
                "Mr.", "Obama", "'s", "U.S.", "trip", "—", "in", "al-Qaeda", "'s", "view", "—",
                "cost", "$", "4.5bn", ",", "O'Brien", "said", "."
            ]
        );
        assert_eq!(
            words("“We’re ready,” she said"),
            vec!["“", "We’re", "ready", ",", "”", "she", "said"]
        );
        assert_eq!(words("Russia’s"), vec!["Russia", "’s"]);
    }

    #[test]
    fn sentences() {
        let text =
            "Headline Here\n\nMr. Smith went to the U.S. on Monday. He left. then more\nnext";
        let toks = tokenize(text);
        let starts: Vec<&str> = toks
            .iter()
            .filter(|t| t.sentence_start)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(starts, vec!["Headline", "Mr.", "He"]);
        let paras: Vec<&str> = toks
            .iter()
            .filter(|t| t.paragraph_start)
            .map(|t| t.text(text))
            .collect();
        assert_eq!(paras, vec!["Headline", "Mr."]);
    }

    #[test]
    fn offsets_are_on_char_boundaries() {
        let text = "Zoë Ångström — “Kraków” 東京 naïve.";
        for t in tokenize(text) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert!(t.start < t.end);
        }
    }
}
