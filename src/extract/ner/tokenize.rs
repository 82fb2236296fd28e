//! Fast tokenizer + sentence splitter keeping BYTE offsets into the input.
//!
//! No allocation per token: tokens are `(start, end)` byte ranges pushed into a
//! caller-provided `Vec`, sentences are token-index ranges.
//!
//! Conventions follow the CoNLL-2003 / PTB-ish tokenization closely so that the
//! space-joined CoNLL documents tokenize exactly as the gold tokens:
//! abbreviations (`U.S.`, `Mr.`, `Jan.`, `Corp.`), initials (`J.`), list numbers at
//! line start (`1.`), numbers with commas/decimals, hyphenated words and dates kept
//! whole; clitics (`'s`, `n't`, `'re`, ...) split; straight and curly quotes,
//! brackets and trailing punctuation split; dashes (`--`, `—`, `–`) split; URLs kept.

/// A token as a byte range `[start, end)` of the tokenized text: `"U.S."`, `"'s"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Token {
    /// Byte offset of the token's first byte.
    pub start: usize,
    /// Byte offset just past the token (exclusive).
    pub end: usize,
}

/// A sentence as a range of token indices `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Sentence {
    /// Index of the sentence's first token.
    pub start: usize,
    /// One past the index of its last token (exclusive).
    pub end: usize,
}

/// [`CLASS`] bit: a blank other than a line break (space, tab, CR, VT, FF).
const C_BLANK: u8 = 1;
/// [`CLASS`] bit: a line feed.
const C_NL: u8 = 2;
/// [`CLASS`] bit: a byte of a character outside ASCII.
const C_HIGH: u8 = 4;
/// [`CLASS`] bit: an ASCII letter or digit.
const C_ALNUM: u8 = 8;

/// The class bits of each byte value.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = if b >= 0x80 {
            C_HIGH
        } else if b == b'\n' {
            C_NL
        } else if matches!(b, b' ' | b'\t' | b'\r' | 0x0b | 0x0c) {
            C_BLANK
        } else if b.is_ascii_alphanumeric() {
            C_ALNUM
        } else {
            0
        };
        c += 1;
    }
    t
};

/// Tokenize `text` into `tokens` and `sents` (both cleared first).
pub fn tokenize(text: &str, tokens: &mut Vec<Token>, sents: &mut Vec<Sentence>) {
    tokens.clear();
    sents.clear();
    let b = text.as_bytes();
    let n = b.len();
    let mut i = 0usize;
    let mut sent_start = 0usize;
    let mut newlines = 0u32; // newlines seen since the previous chunk
    let mut pending_break = false; // previous chunk ended a sentence (terminal punct)
    let mut line_start = true;
    while i < n {
        let k = CLASS[b[i] as usize];
        if k & C_BLANK != 0 {
            i += 1;
            continue;
        }
        if k & C_NL != 0 {
            newlines += 1;
            line_start = true;
            i += 1;
            continue;
        }
        if k & C_HIGH != 0 {
            let (ch, len) = decode(b, i);
            if ch.is_whitespace() {
                if ch == '\u{2028}' || ch == '\u{2029}' || ch == '\u{85}' {
                    newlines += 1;
                    line_start = true;
                }
                i += len;
                continue;
            }
        }
        // chunk [i, j); `plain`: only ASCII letters and digits
        let mut j = i;
        let mut plain = true;
        while j < n {
            let k = CLASS[b[j] as usize];
            if k & (C_BLANK | C_NL | C_HIGH) == 0 {
                plain &= k != 0;
                j += 1;
            } else if k & C_HIGH != 0 {
                let (ch, len) = decode(b, j);
                if ch.is_whitespace() {
                    break;
                }
                plain = false;
                j += len;
            } else {
                break;
            }
        }
        // sentence break decision before this chunk
        if tokens.len() > sent_start {
            let first = b[i];
            let brk = if newlines > 0 {
                // a single newline followed by a lower-case word continues a wrapped line
                // unless the previous line ended a sentence
                !(newlines == 1 && !pending_break && first.is_ascii_lowercase())
            } else if pending_break {
                starts_sentence(b, i)
            } else {
                false
            };
            if brk {
                sents.push(Sentence {
                    start: sent_start,
                    end: tokens.len(),
                });
                sent_start = tokens.len();
            }
        }
        newlines = 0;
        if plain {
            // a plain word is its own token and ends no sentence
            tokens.push(Token { start: i, end: j });
            pending_break = false;
        } else {
            let next_first = next_chunk_first(b, j);
            chunk(text, i, j, line_start, next_first, tokens);
            pending_break = ends_sentence(b, &tokens[sent_start..]);
        }
        line_start = false;
        i = j;
    }
    if tokens.len() > sent_start {
        sents.push(Sentence {
            start: sent_start,
            end: tokens.len(),
        });
    }
}

#[inline]
fn decode(b: &[u8], i: usize) -> (char, usize) {
    // SAFETY-free decode: input is valid UTF-8 (from &str); decode manually.
    let c0 = b[i] as u32;
    if c0 < 0x80 {
        (c0 as u8 as char, 1)
    } else if c0 < 0xE0 {
        let c = ((c0 & 0x1F) << 6) | (b[i + 1] as u32 & 0x3F);
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 2)
    } else if c0 < 0xF0 {
        let c = ((c0 & 0x0F) << 12) | ((b[i + 1] as u32 & 0x3F) << 6) | (b[i + 2] as u32 & 0x3F);
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 3)
    } else {
        let c = ((c0 & 0x07) << 18)
            | ((b[i + 1] as u32 & 0x3F) << 12)
            | ((b[i + 2] as u32 & 0x3F) << 6)
            | (b[i + 3] as u32 & 0x3F);
        (char::from_u32(c).unwrap_or('\u{FFFD}'), 4)
    }
}

#[inline]
fn decode_last(b: &[u8], s: usize, e: usize) -> (char, usize) {
    let mut k = e - 1;
    while k > s && (b[k] & 0xC0) == 0x80 {
        k -= 1;
    }
    let (c, _) = decode(b, k);
    (c, e - k)
}

fn next_chunk_first(b: &[u8], mut j: usize) -> u8 {
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    if j < b.len() {
        b[j]
    } else {
        0
    }
}

/// Does a chunk starting at `i` look like the start of a sentence?
fn starts_sentence(b: &[u8], i: usize) -> bool {
    let c = b[i];
    if c.is_ascii_uppercase()
        || c.is_ascii_digit()
        || matches!(c, b'"' | b'\'' | b'(' | b'[' | b'`')
    {
        return true;
    }
    if c >= 0x80 {
        let (ch, _) = decode(b, i);
        return ch.is_uppercase() || matches!(ch, '\u{201C}' | '\u{2018}' | '\u{00AB}');
    }
    false
}

/// Does the token sequence (current sentence so far) end with terminal punctuation,
/// possibly followed by closing quotes / brackets?
fn ends_sentence(b: &[u8], toks: &[Token]) -> bool {
    for t in toks.iter().rev() {
        let s = &b[t.start..t.end];
        match s {
            b"." | b"!" | b"?" | b"..." | b"?!" | b"!?" => return true,
            b"\"" | b"'" | b")" | b"]" | b"\xE2\x80\x9D" | b"\xE2\x80\x99" | b"\xC2\xBB" => {
                continue
            }
            _ => {
                if s.len() >= 2 && s.iter().all(|&c| c == b'.' || c == b'!' || c == b'?') {
                    return true;
                }
                return false;
            }
        }
    }
    false
}

#[inline]
fn is_open_punct(ch: char) -> bool {
    matches!(
        ch,
        '"' | '('
            | '['
            | '{'
            | '`'
            | '\u{201C}'
            | '\u{201E}'
            | '\u{00AB}'
            | '\u{2039}'
            | '\u{2018}'
            | '<'
    )
}

#[inline]
fn is_close_punct(ch: char) -> bool {
    matches!(
        ch,
        ',' | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '"'
            | '\u{201D}'
            | '\u{00BB}'
            | '\u{203A}'
            | '>'
            | '\u{2026}'
    )
}

#[inline]
fn is_apos(ch: char) -> bool {
    ch == '\'' || ch == '\u{2019}'
}

/// Is `b[s..e]` (starting with an apostrophe) a clitic like 's 're 've 'll 'd 'm ?
fn is_clitic(text: &str, s: usize, e: usize) -> bool {
    let t = &text[s..e];
    let rest = if let Some(r) = t.strip_prefix('\'') {
        r
    } else if let Some(r) = t.strip_prefix('\u{2019}') {
        r
    } else {
        return false;
    };
    matches!(
        rest,
        "s" | "S" | "re" | "RE" | "Re" | "ve" | "VE" | "ll" | "LL" | "d" | "D" | "m" | "M"
    )
}

const ABBREV_ANY: &[&str] = &[
    "vs", "etc", "al", "approx", "cf", "viz", "pp", "esp", "incl",
];
const ABBREV_CAP: &[&str] = &[
    "mr", "mrs", "ms", "messrs", "mmes", "dr", "prof", "gen", "gens", "lt", "col", "maj", "sgt",
    "capt", "cmdr", "adm", "gov", "sen", "sens", "rep", "reps", "rev", "st", "ste", "jr", "sr",
    "co", "corp", "inc", "ltd", "llc", "plc", "bros", "dept", "univ", "assn", "ave", "blvd", "rd",
    "mt", "ft", "pres", "supt", "det", "insp", "cpl", "pvt", "hon", "msgr", "fr", "sgt", "atty",
    "gov", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "calif", "fla",
    "ariz", "ala", "ark", "colo", "conn", "del", "ga", "ill", "ind", "kan", "kans", "ky", "la",
    "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa", "tenn",
    "tex", "va", "vt", "wash", "wis", "wyo", "ida", "penn", "cie", "cos", "intl", "natl", "nos",
    "no", "vol", "fig", "mme", "mlle", "dr", "gmbh",
];

fn is_abbrev(text: &str, s: usize, e: usize, at_line_start: bool, next_first: u8) -> bool {
    // text[s..e] ends with '.'
    let w = &text[s..e - 1];
    if w.is_empty() {
        return false;
    }
    let wb = w.as_bytes();
    // acronyms with inner dots: U.S  a.m  F.B.I  N.J
    if w.contains('.') {
        return w
            .chars()
            .all(|c| c.is_alphabetic() || c == '.' || c == '-' || c == '&');
    }
    let mut chars = w.chars();
    let c0 = chars.next().unwrap();
    if chars.next().is_none() && c0.is_alphabetic() {
        // single letter initial
        return c0.is_alphabetic() && (c0.is_uppercase() || !at_line_start);
    }
    if wb.iter().all(|c| c.is_ascii_digit()) {
        return at_line_start && wb.len() <= 3;
    }
    if wb.len() > 7 || !wb.iter().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let mut low = [0u8; 8];
    for (k, &c) in wb.iter().enumerate() {
        low[k] = c.to_ascii_lowercase();
    }
    let low = &low[..wb.len()];
    if ABBREV_ANY.iter().any(|a| a.as_bytes() == low) {
        return true;
    }
    if wb[0].is_ascii_uppercase() && ABBREV_CAP.iter().any(|a| a.as_bytes() == low) {
        if matches!(low, b"no" | b"nos" | b"vol" | b"fig") {
            return next_first.is_ascii_digit();
        }
        return true;
    }
    false
}

#[inline]
fn push(tokens: &mut Vec<Token>, s: usize, e: usize) {
    if e > s {
        tokens.push(Token { start: s, end: e });
    }
}

fn starts_with_url(t: &str) -> bool {
    let l = t.len();
    (l > 7 && (t.starts_with("http://") || t.starts_with("https://")))
        || (l > 4 && t.starts_with("www."))
}

/// Tokenize one whitespace-free chunk `text[s..e]`.
fn chunk(
    text: &str,
    mut s: usize,
    mut e: usize,
    at_line_start: bool,
    next_first: u8,
    tokens: &mut Vec<Token>,
) {
    let b = text.as_bytes();
    // fast path: plain alphanumeric word
    if b[s..e].iter().all(|c| c.is_ascii_alphanumeric()) {
        tokens.push(Token { start: s, end: e });
        return;
    }
    // leading punctuation
    while s < e {
        let (ch, len) = decode(b, s);
        if ch == '\'' || ch == '\u{2019}' || ch == '\u{2018}' {
            if is_clitic(text, s, e) {
                break;
            }
            if s + len < e && b[s + len].is_ascii_digit() {
                break; // '90s
            }
            push(tokens, s, s + len);
            s += len;
            continue;
        }
        if ch == '`' && s + 1 < e && b[s + 1] == b'`' {
            push(tokens, s, s + 2);
            s += 2;
            continue;
        }
        if is_open_punct(ch) && s + len < e {
            push(tokens, s, s + len);
            s += len;
            continue;
        }
        if (ch == '\u{2014}' || ch == '\u{2013}') && s + len < e {
            push(tokens, s, s + len);
            s += len;
            continue;
        }
        if ch == '-' && s + 2 < e && b[s + 1] == b'-' {
            let mut k = s;
            while k < e && b[k] == b'-' {
                k += 1;
            }
            push(tokens, s, k);
            s = k;
            continue;
        }
        break;
    }
    if s >= e {
        return;
    }
    if starts_with_url(&text[s..e]) {
        // strip trailing punctuation off URLs
        let mut ue = e;
        while ue > s {
            let c = b[ue - 1];
            if matches!(
                c,
                b'.' | b',' | b';' | b':' | b'!' | b'?' | b')' | b'"' | b'\''
            ) {
                ue -= 1;
            } else {
                break;
            }
        }
        push(tokens, s, ue);
        let mut k = ue;
        while k < e {
            push(tokens, k, k + 1);
            k += 1;
        }
        return;
    }
    // trailing punctuation, collected in reverse
    let mut trail: [(usize, usize); 12] = [(0, 0); 12];
    let mut nt = 0usize;
    while e > s && nt < trail.len() {
        let (ch, len) = decode_last(b, s, e);
        if ch == '.' {
            // run of dots
            let mut k = e;
            while k > s && b[k - 1] == b'.' {
                k -= 1;
            }
            if e - k >= 2 {
                if k == s {
                    break; // chunk is just dots: one token
                }
                trail[nt] = (k, e);
                nt += 1;
                e = k;
                continue;
            }
            if e - s == 1 {
                break;
            }
            if is_abbrev(text, s, e, at_line_start && nt == 0, next_first) {
                break;
            }
            trail[nt] = (e - 1, e);
            nt += 1;
            e -= 1;
            continue;
        }
        if e - s == len {
            break; // a lone punctuation char is the token
        }
        if is_close_punct(ch) {
            trail[nt] = (e - len, e);
            nt += 1;
            e -= len;
            continue;
        }
        if ch == '\'' || ch == '\u{2019}' {
            // possessive plural apostrophe "players'" -> players '
            // (clitic check happens on the core below)
            let prev = decode_last(b, s, e - len).0;
            if prev.is_alphabetic() || prev.is_ascii_digit() {
                trail[nt] = (e - len, e);
                nt += 1;
                e -= len;
                continue;
            }
            trail[nt] = (e - len, e);
            nt += 1;
            e -= len;
            continue;
        }
        if ch == '\u{2014}' || ch == '\u{2013}' {
            trail[nt] = (e - len, e);
            nt += 1;
            e -= len;
            continue;
        }
        break;
    }
    core(text, s, e, tokens);
    while nt > 0 {
        nt -= 1;
        let (a, z) = trail[nt];
        push(tokens, a, z);
    }
}

/// The core of a chunk (no leading/trailing punctuation): split clitics and dashes.
fn core(text: &str, s: usize, e: usize, tokens: &mut Vec<Token>) {
    if s >= e {
        return;
    }
    let b = text.as_bytes();
    // inner dashes: em/en dash, or "--"
    let mut k = s;
    while k < e {
        let c = b[k];
        if c == b'-' && k + 1 < e && b[k + 1] == b'-' && k > s {
            let mut z = k;
            while z < e && b[z] == b'-' {
                z += 1;
            }
            core(text, s, k, tokens);
            push(tokens, k, z);
            core(text, z, e, tokens);
            return;
        }
        if c == 0xE2
            && k + 2 < e
            && b[k + 1] == 0x80
            && (b[k + 2] == 0x94 || b[k + 2] == 0x93)
            && k > s
        {
            core(text, s, k, tokens);
            push(tokens, k, k + 3);
            core(text, k + 3, e, tokens);
            return;
        }
        k += 1;
    }
    // clitics at the end
    let t = &text[s..e];
    let lb = t.as_bytes();
    let n = lb.len();
    if n > 3 {
        // n't / n’t
        let low3 = |x: u8| x.to_ascii_lowercase();
        if low3(lb[n - 1]) == b't' && lb[n - 2] == b'\'' && low3(lb[n - 3]) == b'n' {
            push(tokens, s, e - 3);
            push(tokens, e - 3, e);
            return;
        }
        if n > 5 && t.ends_with("\u{2019}t") && low3(lb[n - 5]) == b'n' {
            push(tokens, s, e - 5);
            push(tokens, e - 5, e);
            return;
        }
    }
    // 's 're 've 'll 'd 'm (also curly)
    for cl in 1..=2usize {
        // clitic letters count
        if n > cl + 1 {
            let ap_end = e - cl;
            let (ch, alen) = decode_last(b, s, ap_end);
            if is_apos(ch) && ap_end - alen > s && is_clitic(text, ap_end - alen, e) {
                push(tokens, s, ap_end - alen);
                push(tokens, ap_end - alen, e);
                return;
            }
        }
    }
    push(tokens, s, e);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<&str> {
        let mut t = Vec::new();
        let mut s = Vec::new();
        tokenize(text, &mut t, &mut s);
        t.iter().map(|t| &text[t.start..t.end]).collect()
    }

    fn sents(text: &str) -> Vec<String> {
        let mut t = Vec::new();
        let mut s = Vec::new();
        tokenize(text, &mut t, &mut s);
        s.iter()
            .map(|r| {
                t[r.start..r.end]
                    .iter()
                    .map(|t| &text[t.start..t.end])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            toks("Mr. Obama met Gen. J. Smith of Acme Corp. in the U.S. on Jan. 5."),
            vec![
                "Mr.", "Obama", "met", "Gen.", "J.", "Smith", "of", "Acme", "Corp.", "in", "the",
                "U.S.", "on", "Jan.", "5", "."
            ]
        );
        assert_eq!(
            toks("St. Louis, Inc. said"),
            vec!["St.", "Louis", ",", "Inc.", "said"]
        );
        // U.S. does not end a sentence
        assert_eq!(
            sents("He went to the U.S. for talks. Then he left."),
            vec!["He went to the U.S. for talks .", "Then he left ."]
        );
    }

    #[test]
    fn numbers_hyphens_clitics() {
        assert_eq!(
            toks("It cost $1,250.50 -- a 3.5% rise."),
            vec!["It", "cost", "$1,250.50", "--", "a", "3.5%", "rise", "."]
        );
        assert_eq!(
            toks("Obama's well-known plan isn't new"),
            vec!["Obama", "'s", "well-known", "plan", "is", "n't", "new"]
        );
        assert_eq!(
            toks("the players' union"),
            vec!["the", "players", "'", "union"]
        );
        assert_eq!(
            toks("O'Brien's 1996-08-22"),
            vec!["O'Brien", "'s", "1996-08-22"]
        );
    }

    #[test]
    fn curly_quotes_and_offsets() {
        let text = "“We’re ready,” said Obama’s aide — Ms. Rice.";
        let mut t = Vec::new();
        let mut s = Vec::new();
        tokenize(text, &mut t, &mut s);
        let words: Vec<&str> = t.iter().map(|t| &text[t.start..t.end]).collect();
        assert_eq!(
            words,
            vec![
                "“", "We", "’re", "ready", ",", "”", "said", "Obama", "’s", "aide", "—", "Ms.",
                "Rice", "."
            ]
        );
        // offsets are byte offsets on char boundaries
        for tk in &t {
            assert!(text.is_char_boundary(tk.start) && text.is_char_boundary(tk.end));
        }
        assert_eq!(t[0], Token { start: 0, end: 3 });
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn headlines_and_lines() {
        let text = "OBAMA VISITS CHINA\nBEIJING 2009-11-15\nPresident Barack Obama arrived on Sunday. He met Hu.\n";
        assert_eq!(
            sents(text),
            vec![
                "OBAMA VISITS CHINA",
                "BEIJING 2009-11-15",
                "President Barack Obama arrived on Sunday .",
                "He met Hu ."
            ]
        );
        // wrapped line continues
        assert_eq!(
            sents("The minister said on\nthe day that talks failed."),
            vec!["The minister said on the day that talks failed ."]
        );
        // list numbers at line start
        assert_eq!(
            toks("1. Jan Ullrich ( Germany ) 3:45"),
            vec!["1.", "Jan", "Ullrich", "(", "Germany", ")", "3:45"]
        );
    }

    #[test]
    fn urls_and_dots() {
        assert_eq!(
            toks("See http://example.com/a?b=1. Wait..."),
            vec!["See", "http://example.com/a?b=1", ".", "Wait", "..."]
        );
        assert_eq!(toks("(AP) — The"), vec!["(", "AP", ")", "—", "The"]);
    }
    /// The loop before byte classes and the plain-word shortcut (every chunk through
    /// `chunk`), as the oracle of `tokenize`.
    fn tokenize_before(text: &str, tokens: &mut Vec<Token>, sents: &mut Vec<Sentence>) {
        tokens.clear();
        sents.clear();
        let b = text.as_bytes();
        let n = b.len();
        let mut i = 0usize;
        let mut sent_start = 0usize;
        let mut newlines = 0u32; // newlines seen since the previous chunk
        let mut pending_break = false; // previous chunk ended a sentence (terminal punct)
        let mut line_start = true;
        while i < n {
            let c = b[i];
            if c < 0x80 {
                if c == b' ' || c == b'\t' || c == b'\r' || c == 0x0b || c == 0x0c {
                    i += 1;
                    continue;
                }
                if c == b'\n' {
                    newlines += 1;
                    line_start = true;
                    i += 1;
                    continue;
                }
            } else {
                let (ch, len) = decode(b, i);
                if ch.is_whitespace() {
                    if ch == '\u{2028}' || ch == '\u{2029}' || ch == '\u{85}' {
                        newlines += 1;
                        line_start = true;
                    }
                    i += len;
                    continue;
                }
            }
            // chunk [i, j)
            let mut j = i;
            while j < n {
                let c = b[j];
                if c < 0x80 {
                    if c == b' ' || c == b'\t' || c == b'\n' || c == b'\r' || c == 0x0b || c == 0x0c
                    {
                        break;
                    }
                    j += 1;
                } else {
                    let (ch, len) = decode(b, j);
                    if ch.is_whitespace() {
                        break;
                    }
                    j += len;
                }
            }
            // sentence break decision before this chunk
            if tokens.len() > sent_start {
                let first = b[i];
                let brk = if newlines > 0 {
                    // a single newline followed by a lower-case word continues a wrapped line
                    // unless the previous line ended a sentence
                    !(newlines == 1 && !pending_break && first.is_ascii_lowercase())
                } else if pending_break {
                    starts_sentence(b, i)
                } else {
                    false
                };
                if brk {
                    sents.push(Sentence {
                        start: sent_start,
                        end: tokens.len(),
                    });
                    sent_start = tokens.len();
                }
            }
            newlines = 0;
            let next_first = next_chunk_first(b, j);
            chunk(text, i, j, line_start, next_first, tokens);
            line_start = false;
            pending_break = ends_sentence(b, &tokens[sent_start..]);
            i = j;
        }
        if tokens.len() > sent_start {
            sents.push(Sentence {
                start: sent_start,
                end: tokens.len(),
            });
        }
    }

    fn same_as_before(text: &str) {
        let (mut t, mut s) = (Vec::new(), Vec::new());
        tokenize(text, &mut t, &mut s);
        let (mut t0, mut s0) = (Vec::new(), Vec::new());
        tokenize_before(text, &mut t0, &mut s0);
        assert_eq!((t, s), (t0, s0), "{text:?}");
    }

    #[test]
    fn tokens_and_sentences_as_before() {
        same_as_before(
            "OBAMA VISITS CHINA\nBEIJING 2009-11-15\nMr. Obama arrived. He met Hu.\n\n\
             1. The minister said on\nthe day \u{2028}that “talks” failed… (AP) — The U.S.\t\
             isn't done.\r\nWait... See http://example.com/a?b=1. No. 5 and no. Ölf x\u{85}y \
             café 1996\u{a0}Paris\u{2003}Rome’s '90s ``so'' said",
        );
        same_as_before("");
        same_as_before("   \n\n ");
        same_as_before("word");
    }

    proptest::proptest! {
        /// Any text: the same tokens and sentences as the loop before.
        #[test]
        fn tokenize_matches_the_loop_before(
            s in "([ -~\t\n\r\x0b\x0c]|[éÖ’‘“”«»—–…\u{a0}\u{85}\u{2028}\u{2003}]|(Mr\\. |U\\.S\\.|\\. |'s |n't |http://a\\.b/ |--)){0,60}"
        ) {
            same_as_before(&s);
        }
    }
}
