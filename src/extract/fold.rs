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

/// The ASCII fast path of [`fold_into`]: no normalization tables needed.
fn fold_ascii(s: &str, out: &mut String) {
    let mut space = false;
    for b in s.bytes() {
        match b {
            b'.' => {}
            b' ' | b'\t' | b'\n' | b'\r' | b'-' => space = !out.is_empty(),
            b'`' => out.push('\''),
            _ => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(b.to_ascii_lowercase() as char);
            }
        }
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

    #[test]
    fn whole_words() {
        assert!(contains_words("barack obama", "obama"));
        assert!(!contains_words("obamacare", "obama"));
        assert!(contains_words("paris (fr)", "paris"));
        assert!(!contains_words("x", ""));
    }
}
