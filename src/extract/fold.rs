//! Folding names for matching: lower case, accents removed, periods and apostrophe
//! variants normalized. "François Hollande" and "Francois Hollande" fold alike, as do
//! "U.S." and "US".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

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
    if s.is_ascii() {
        return fold_ascii(s, out);
    }
    let mut space = false;
    for c in s.nfd() {
        if is_combining_mark(c) || c == '.' {
            continue;
        }
        // "San-Pédro" and "San Pédro" are one name.
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
}

/// The ASCII fast path of [`fold_into`]: no normalization tables needed, and bytes
/// pushed to a byte buffer (pushing `char`s to the `String` cost about 10 instructions
/// a byte).
fn fold_ascii(s: &str, out: &mut String) {
    out.reserve(s.len());
    // SAFETY: only ASCII bytes are pushed (`s` is ASCII, and the bytes added are
    // lower-cased bytes of it, spaces and apostrophes), so `out` stays UTF-8.
    let buf = unsafe { out.as_mut_vec() };
    let bytes = s.as_bytes();
    let special = |b: &u8| matches!(b, b'.' | b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'`');
    let mut space = false;
    let mut i = 0;
    while i < bytes.len() {
        // a run of bytes kept, lower-cased, in one go
        let run = bytes[i..]
            .iter()
            .position(special)
            .map_or(bytes.len(), |k| i + k);
        if run > i {
            if space {
                buf.push(b' ');
                space = false;
            }
            buf.extend(bytes[i..run].iter().map(u8::to_ascii_lowercase));
            i = run;
            continue;
        }
        match bytes[i] {
            b'`' => buf.push(b'\''),
            b'.' => {}
            _ => space = !buf.is_empty(),
        }
        i += 1;
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

    proptest::proptest! {
        #[test]
        fn the_ascii_fast_path_folds_as_the_char_loop(s in "[ -~\t\n\r]{0,40}") {
            let mut out = String::from("left over");
            fold_into(&s, &mut out);
            proptest::prop_assert_eq!(out, fold_ascii_by_char(&s));
        }
    }

    #[test]
    fn whole_words() {
        assert!(contains_words("barack obama", "obama"));
        assert!(!contains_words("obamacare", "obama"));
        assert!(contains_words("paris (fr)", "paris"));
        assert!(!contains_words("x", ""));
    }
}
