//! Folding names for matching: lower case, accents removed, periods and apostrophe
//! variants normalized. "François Hollande" and "Francois Hollande" fold alike, as do
//! "U.S." and "US".

use unicode_normalization::char::is_combining_mark;

/// Folds `s` for matching. Whitespace runs become one space; periods are dropped.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into a buffer the caller reuses (cleared first): no allocation per value when
/// folding a whole dictionary.
pub fn fold_into(s: &str, out: &mut String) {
    out.clear();
    fold_append(s, out);
}

/// [`fold`] appended to `out`, after what it holds.
fn fold_append(s: &str, out: &mut String) {
    let from = out.len();
    if !fold_ascii(s.as_bytes(), out, from) {
        out.truncate(from);
        fold_unicode(s, out, from);
    }
}

/// [`fold_into`] of a string that is not all ASCII, into an empty `out`: what folding
/// its NFD form a character at a time gives, without the NFD iterator. Each character
/// is decomposed on its own (canonical reordering moves only combining marks, which
/// are dropped), and an ASCII byte is its own decomposition.
fn fold_unicode(s: &str, out: &mut String, from: usize) {
    let mut space = false;
    for c in s.chars() {
        if c.is_ascii() {
            fold_char(c, out, from, &mut space);
        } else {
            unicode_normalization::char::decompose_canonical(c, |d| {
                fold_char(d, out, from, &mut space)
            });
        }
    }
}

/// One character of a decomposed string, for [`fold_unicode`].
#[inline]
fn fold_char(c: char, out: &mut String, from: usize, space: &mut bool) {
    if c == '.' || (!c.is_ascii() && is_combining_mark(c)) {
        return;
    }
    // "San-Pédro" and "San Pédro" are one name.
    if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–') {
        *space = out.len() > from;
        return;
    }
    if *space {
        out.push(' ');
        *space = false;
    }
    match c {
        '’' | '‘' | '`' | 'ʼ' => out.push('\''),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => out.extend(c.to_lowercase()),
    }
}

/// [`FOLD_ASCII`]'s classes of the bytes that are not copied as they are (the copied
/// ones map to their lower-cased byte, below 0x80).
const DROP: u8 = 0x80;
const SPACE: u8 = 0x81;
const APOSTROPHE: u8 = 0x82;
const NOT_ASCII: u8 = 0x83;

/// Per byte, what the ASCII path of [`fold_into`] does with it: periods are dropped,
/// whitespace and hyphens separate words, a backquote becomes an apostrophe, other
/// ASCII bytes are lower-cased, and a byte of a multi-byte character sends the string
/// to the Unicode path.
static FOLD_ASCII: [u8; 256] = {
    let mut t = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 0x80 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t[b'.' as usize] = DROP;
    t[b' ' as usize] = SPACE;
    t[b'\t' as usize] = SPACE;
    t[b'\n' as usize] = SPACE;
    t[b'\r' as usize] = SPACE;
    t[b'-' as usize] = SPACE;
    t[b'`' as usize] = APOSTROPHE;
    t
};

/// The ASCII fast path of [`fold_into`]: one table lookup a byte, no normalization
/// tables (this was about a tenth of the extractor's instructions when it scanned for
/// special bytes and lower-cased runs separately). Returns false, with part of `s` in
/// `out`, as soon as it meets a byte that is not ASCII.
fn fold_ascii(s: &[u8], out: &mut String, from: usize) -> bool {
    // SAFETY: only bytes below 0x80 are written (the table maps ASCII bytes to ASCII
    // bytes, and the separators written are ASCII), so `out` stays UTF-8 whenever this
    // returns, including early.
    let buf = unsafe { out.as_mut_vec() };
    let start = buf.len();
    buf.reserve(s.len());
    // The folded form is never longer than `s`: a separator writes nothing, and the one
    // space it stands for is written with the next byte that is written. The bytes go
    // to a slice with a local length, not `Vec::push`, whose length the compiler must
    // store and load again around every byte written (a `u8` write may alias it).
    let spare = &mut buf.spare_capacity_mut()[..s.len()];
    let mut n = 0;
    let mut space = false;
    let mut whole = true;
    for &b in s {
        let c = FOLD_ASCII[b as usize];
        if c < 0x80 {
            if space {
                spare[n].write(b' ');
                n += 1;
                space = false;
            }
            spare[n].write(c);
            n += 1;
            continue;
        }
        match c {
            DROP => {}
            SPACE => space = start + n > from,
            APOSTROPHE => {
                spare[n].write(b'\'');
                n += 1;
            }
            _ => {
                whole = false;
                break;
            }
        }
    }
    // SAFETY: the first `n` bytes of the spare capacity were written above, and
    // `start + n` is within the capacity reserved.
    unsafe { buf.set_len(start + n) };
    whole
}

/// `s` without its periods ("U.S." → "US"), borrowed when it has none: the key of the
/// acronym tables.
pub fn undotted(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains('.') {
        std::borrow::Cow::Owned(s.replace('.', ""))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// The words of one text, each folded once ([`fold`]), for the passes that look words
/// up by their folded form: one buffer for the whole text instead of a `String` per
/// word and pass. The words sit in the buffer in order, one space apart, so the words
/// `a..b` joined by spaces are one slice of it ([`FoldedWords::joined`]).
#[derive(Debug, Default)]
pub struct FoldedWords {
    buf: String,
    /// Where each word's folded form starts and ends in `buf`.
    bounds: Vec<(usize, usize)>,
}

impl FoldedWords {
    /// Folds each of `words`.
    pub fn new(words: &[&str]) -> FoldedWords {
        let mut buf = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
        let mut bounds = Vec::with_capacity(words.len());
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            let start = buf.len();
            fold_append(w, &mut buf);
            bounds.push((start, buf.len()));
        }
        FoldedWords { buf, bounds }
    }

    /// The folded form of word `i` (`fold(words[i])`).
    #[inline]
    pub fn get(&self, i: usize) -> &str {
        let (a, b) = self.bounds[i];
        &self.buf[a..b]
    }

    /// The folded words `a..b` joined by single spaces (`words[a..b]` folded, then
    /// `join(" ")`); empty when `a >= b`.
    #[inline]
    pub fn joined(&self, a: usize, b: usize) -> &str {
        if a >= b {
            return "";
        }
        &self.buf[self.bounds[a].0..self.bounds[b - 1].1]
    }

    /// How many words there are.
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    /// True if there are no words.
    pub fn is_empty(&self) -> bool {
        self.bounds.is_empty()
    }
}

/// True if `needle` (folded) occurs in `hay` (folded) as whole words.
pub fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    hay.match_indices(needle).any(|(i, m)| {
        is_boundary(hay[..i].chars().next_back()) && is_boundary(hay[i + m.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn folds_accents_case_periods() {
        assert_eq!(fold("François  Hollande"), "francois hollande");
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("Côte d’Ivoire"), "cote d'ivoire");
        assert_eq!(fold("São Paulo"), "sao paulo");
        assert_eq!(fold("San-Pédro"), "san pedro");
        assert_eq!(fold("x - y"), "x y");
        assert_eq!(fold("Zoë – Y"), "zoe y");
        assert_eq!(fold(" A.B  c"), fold(" A.B  ç"));
    }

    /// The byte-run fast path folds as the plain per-character loop it replaced.
    fn fold_ascii_by_char(s: &str) -> String {
        let mut out = String::new();
        let mut space = false;
        for c in s.chars() {
            match c {
                '.' => {}
                ' ' | '\t' | '\n' | '\r' | '-' => space = !out.is_empty(),
                '`' => out.push('\''),
                _ => {
                    if space {
                        out.push(' ');
                        space = false;
                    }
                    out.push(c.to_ascii_lowercase());
                }
            }
        }
        out
    }

    /// What `fold_into` did before: the ASCII loop for an ASCII string, else the
    /// per-character loop over the NFD iterator that [`fold_unicode`] replaced.
    fn fold_by_nfd(s: &str) -> String {
        if s.is_ascii() {
            return fold_ascii_by_char(s);
        }
        let mut out = String::new();
        let mut space = false;
        for c in s.nfd() {
            if is_combining_mark(c) || c == '.' {
                continue;
            }
            if c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–') {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                space = false;
            }
            match c {
                '’' | '‘' | '`' | 'ʼ' => out.push('\''),
                _ => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    proptest::proptest! {
        /// Any string, ASCII or not (accents precomposed and combining, marks in any
        /// order, Hangul, letters whose lower case is longer, odd spaces), folds as
        /// before.
        #[test]
        fn folding_matches_the_nfd_loop(
            s in "([ -~\t\n\r\\x0b\\x0c]|[éÉàÅçÇñøßİΣЖ’‘ʼ‐‑–—\u{a0}\u{2003}\u{85}]|[\u{300}-\u{36f}\u{1dc0}-\u{1dff}\u{20d0}-\u{20ff}]|[\u{ac00}-\u{d7a3}]|[\u{1e00}-\u{1fff}])*"
        ) {
            let mut out = String::from("left over");
            fold_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_by_nfd(&s));
        }

        #[test]
        fn the_ascii_fast_path_folds_as_the_char_loop(s in "[\\x00-\\x7f]{0,40}") {
            let mut out = String::from("left over");
            fold_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_ascii_by_char(&s));
        }

        /// A string with a character outside ASCII anywhere in it, even after ASCII
        /// bytes the fast path has already folded, is folded by the Unicode path alone.
        #[test]
        fn a_string_not_all_ascii_folds_by_the_unicode_path(
            s in "[ -~\t\n\r]{0,20}[é’ʼ‐–ÇÅ\u{301}ß][ -~\t\nà]{0,20}"
        ) {
            let mut out = String::from("left over");
            fold_into(&s, &mut out);
            let mut unicode = String::new();
            fold_unicode(&s, &mut unicode, 0);
            proptest::prop_assert_eq!(out, unicode);
        }

        /// Each word of the table is the word folded, and any run of them is the
        /// folded words joined by spaces (words folded to nothing, or to several
        /// words, included).
        #[test]
        fn the_folded_word_table_is_each_word_folded(
            words in proptest::collection::vec("([ -~]|[éÇ’–\u{301}ß]){0,6}", 0..8),
            a in 0usize..9,
            b in 0usize..9,
        ) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            let table = FoldedWords::new(&words);
            proptest::prop_assert_eq!(table.len(), words.len());
            for (i, w) in words.iter().enumerate() {
                proptest::prop_assert_eq!(table.get(i), fold(w));
            }
            let (a, b) = (a.min(words.len()), b.min(words.len()));
            let joined = if a < b {
                words[a..b].iter().map(|w| fold(w)).collect::<Vec<_>>().join(" ")
            } else {
                String::new()
            };
            proptest::prop_assert_eq!(table.joined(a, b), joined);
        }
    }

    /// Periods go; a key without any is the word itself, not a copy.
    #[test]
    fn undotted_keys() {
        assert_eq!(undotted("U.S."), "US");
        assert_eq!(undotted("N.A.T.O"), "NATO");
        assert!(matches!(
            undotted("NATO"),
            std::borrow::Cow::Borrowed("NATO")
        ));
    }

    #[test]
    fn whole_words() {
        assert!(contains_words("barack obama", "obama"));
        assert!(!contains_words("obamacare", "obama"));
        assert!(contains_words("paris (fr)", "paris"));
        assert!(!contains_words("x", ""));
    }
}
