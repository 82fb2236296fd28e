//! Per-token word properties ([`TokInfo`]): case and shape flags and hashed forms,
//! computed once per token.

use crate::extract::ner::hash;

// token flags ([`TokInfo::flags`] bits)
/// First character is upper case (`"Obama"`, `"NATO"`).
pub const F_UPPER_INIT: u32 = 1;
/// Has an upper-case letter and no lower-case one (`"NATO"`, `"U.S."`).
pub const F_ALLCAPS: u32 = 2;
/// Has a lower-case letter.
pub const F_HAS_LOWER: u32 = 4;
/// Has an upper-case letter.
pub const F_HAS_UPPER: u32 = 8;
/// Has an ASCII digit.
pub const F_HAS_DIGIT: u32 = 16;
/// Has a digit and no letter (`"1996"`, `"3.5"`).
pub const F_ALL_DIGIT: u32 = 32;
/// Has a letter.
pub const F_ALPHA: u32 = 64;
/// Only punctuation or symbols: no letter, no digit (`","`, `"--"`).
pub const F_PUNCT: u32 = 128;
/// Contains `.`.
pub const F_PERIOD: u32 = 256;
/// Contains a hyphen or en/em dash.
pub const F_HYPHEN: u32 = 512;
/// Contains a straight apostrophe or a right single quote (`’`).
pub const F_APOS: u32 = 1024;

/// Word-level facts of one token, computed once per token by [`tok_info`]; every
/// string is kept as a hash, so nothing here allocates.
#[derive(Clone, Copy, Debug, Default)]
pub struct TokInfo {
    /// Hash of the lower-cased word (curly quotes and dashes folded), equal to
    /// [`lower_hash`] of it.
    pub low: u64,
    /// Hash of the word as written.
    pub raw: u64,
    /// Hash of the word shape: runs of character classes, at most 6 (`"Xx"` for
    /// `"Obama"`, `"X.X."` for `"U.S."`, `"d"` for `"1996"`).
    pub shape: u64,
    /// Hashes of the lower-cased 1- to 4-character prefixes (the whole word when
    /// shorter).
    pub pre: [u64; 4],
    /// Hashes of the lower-cased 1- to 4-character suffixes (the whole word when
    /// shorter).
    pub suf: [u64; 4],
    /// `F_*` bits.
    pub flags: u32,
    /// Gazetteer match bits `cat * 4 + pos` (BILOU position of the token in each
    /// matching entry, see [`Gazetteers::annotate`](super::Gazetteers::annotate)); 0
    /// until the document is annotated.
    pub gaz: u64,
    /// Length of the word in characters (code points).
    pub nchars: u32,
}

// The starting values of [`TokInfo`]'s hashes (the model's features are made of them).
const LOW_SEED: u64 = 0x1234_5678_9abc_def1;
const RAW_SEED: u64 = 0x0fed_cba9_8765_4321;
const SHAPE_SEED: u64 = 0x5555_aaaa_3333_cccc;
const SUFFIX_SEED: u64 = 0x7777_1111_2222_9999;

#[inline]
pub(super) fn lower_char(c: char, mut f: impl FnMut(u32)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase() as u32);
    } else {
        // normalise curly apostrophes / quotes to straight ones
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => f('\'' as u32),
            '\u{201C}' | '\u{201D}' | '\u{201E}' => f('"' as u32),
            '\u{2013}' | '\u{2014}' => f('-' as u32),
            _ => {
                for l in c.to_lowercase() {
                    f(l as u32);
                }
            }
        }
    }
}

/// Hash of the lower-cased word (same function used by gazetteers).
pub fn lower_hash(w: &str) -> u64 {
    let mut h = LOW_SEED;
    for c in w.chars() {
        lower_char(c, |x| h = hash::add(h, x as u64));
    }
    h
}

#[inline]
pub(super) fn shape_class(c: char) -> u32 {
    if c.is_ascii_digit() {
        'd' as u32
    } else if c.is_uppercase() {
        'X' as u32
    } else if c.is_lowercase() {
        'x' as u32
    } else if c.is_alphabetic() {
        'a' as u32
    } else {
        match c {
            '\u{2019}' | '\u{2018}' => '\'' as u32,
            '\u{201C}' | '\u{201D}' => '"' as u32,
            '\u{2013}' | '\u{2014}' => '-' as u32,
            _ => c as u32,
        }
    }
}

/// The [`TokInfo`] of word `w` as written; see [`tok_info_case`].
pub fn tok_info(w: &str) -> TokInfo {
    tok_info_case(w, false)
}

/// `upper`: describe the word as if it were written in capitals (used to map a
/// title-case headline onto the all-caps headline regime of the training data).
pub fn tok_info_case(w: &str, upper: bool) -> TokInfo {
    if w.is_ascii() {
        tok_info_ascii(w.as_bytes(), upper)
    } else {
        tok_info_chars(w, upper)
    }
}

/// Per ASCII byte: its shape class (`d`, `X`, `x`, or the byte itself) and the `F_*`
/// bits it brings to a word (`F_HAS_UPPER`, `F_HAS_LOWER`, `F_HAS_DIGIT`, `F_PERIOD`,
/// `F_HYPHEN`, `F_APOS`, or `A_OTHER` for any other byte).
static ASCII_CLASS: [(u8, u16); 128] = {
    let mut t = [(0u8, 0u16); 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        t[i] = if b.is_ascii_digit() {
            (b'd', F_HAS_DIGIT as u16)
        } else if b.is_ascii_uppercase() {
            (b'X', F_HAS_UPPER as u16)
        } else if b.is_ascii_lowercase() {
            (b'x', F_HAS_LOWER as u16)
        } else {
            let f = match b {
                b'.' => F_PERIOD,
                b'-' => F_HYPHEN,
                b'\'' => F_APOS,
                _ => 0,
            };
            (b, f as u16 | A_OTHER)
        };
        i += 1;
    }
    t
};

/// [`ASCII_CLASS`] bit of a byte that is not a letter or a digit.
const A_OTHER: u16 = 1 << 15;

/// [`tok_info_chars`] for a word of ASCII bytes only (nearly every word of English
/// copy): the same hashes and flags, from a table per byte instead of the Unicode
/// case and class tests, and the suffixes read from the word's end.
#[inline]
fn tok_info_ascii(w: &[u8], upper: bool) -> TokInfo {
    let mut t = TokInfo::default();
    let (mut low, mut raw, mut shape) = (LOW_SEED, RAW_SEED, SHAPE_SEED);
    let mut last_cls = 0u8;
    let mut shape_len = 0u32;
    let mut bits = 0u16;
    let head = w.len().min(4);
    // The first four bytes give the prefixes; a shorter word repeats its whole form.
    let mut last = low;
    let mut byte = |b: u8| {
        let c = if upper { b.to_ascii_uppercase() } else { b };
        let (cls, f) = ASCII_CLASS[c as usize];
        bits |= f;
        raw = hash::add(raw, c as u64);
        low = hash::add(low, c.to_ascii_lowercase() as u64);
        if cls != last_cls && shape_len < 6 {
            shape = hash::add(shape, cls as u64);
            shape_len += 1;
            last_cls = cls;
        }
        low
    };
    for (k, &b) in w[..head].iter().enumerate() {
        last = byte(b);
        t.pre[k] = last;
    }
    for p in &mut t.pre[head..] {
        *p = last;
    }
    for &b in &w[head..] {
        byte(b);
    }
    let nl = w.len();
    // Suffix k: the last k + 1 bytes (or the whole word) lower-cased, hashed in order.
    let s0 = SUFFIX_SEED;
    let lc = |i: usize| u64::from(w[i].to_ascii_lowercase());
    let add = hash::add;
    t.suf = match nl {
        0 => [s0; 4],
        1 => [add(s0, lc(0)); 4],
        2 => {
            let b = add(add(s0, lc(0)), lc(1));
            [add(s0, lc(1)), b, b, b]
        }
        3 => {
            let c = add(add(add(s0, lc(0)), lc(1)), lc(2));
            [add(s0, lc(2)), add(add(s0, lc(1)), lc(2)), c, c]
        }
        _ => {
            let (p, q, r, z) = (lc(nl - 4), lc(nl - 3), lc(nl - 2), lc(nl - 1));
            [
                add(s0, z),
                add(add(s0, r), z),
                add(add(add(s0, q), r), z),
                add(add(add(add(s0, p), q), r), z),
            ]
        }
    };
    t.low = low;
    t.raw = raw;
    t.shape = shape;
    t.nchars = nl as u32;
    let f = bits as u32;
    t.flags = f & (F_PERIOD | F_HYPHEN | F_APOS);
    if w.first()
        .is_some_and(|&b| (if upper { b.to_ascii_uppercase() } else { b }).is_ascii_uppercase())
    {
        t.flags |= F_UPPER_INIT;
    }
    let (up, lo, dig, other) = (
        f & F_HAS_UPPER != 0,
        f & F_HAS_LOWER != 0,
        f & F_HAS_DIGIT != 0,
        bits & A_OTHER != 0,
    );
    set_counts(
        &mut t,
        up as u32,
        lo as u32,
        dig as u32,
        (up || lo) as u32,
        other as u32,
    );
    t
}

/// Prefixes shorter than 4 repeat the whole word; suffixes from the last four
/// lower-cased code points (`ring`); the lower-cased word's hash.
#[inline(always)]
fn finish(t: &mut TokInfo, nl: usize, low: u64, ring: &[u32; 4]) {
    for k in nl.min(4)..4 {
        t.pre[k] = if nl == 0 { low } else { t.pre[nl.min(4) - 1] };
    }
    for k in 0..4 {
        // suffix of k+1 chars (or whole word)
        let m = (k + 1).min(nl);
        let mut h = SUFFIX_SEED;
        for j in (nl - m)..nl {
            h = hash::add(h, ring[j & 3] as u64);
        }
        t.suf[k] = h;
    }
    t.low = low;
}

/// The flags that follow from the counts of upper-case, lower-case, digit, letter and
/// other characters.
#[inline(always)]
fn set_counts(t: &mut TokInfo, up: u32, lo: u32, dig: u32, alpha: u32, other: u32) {
    if up > 0 {
        t.flags |= F_HAS_UPPER;
    }
    if lo > 0 {
        t.flags |= F_HAS_LOWER;
    }
    if up > 0 && lo == 0 {
        t.flags |= F_ALLCAPS;
    }
    if dig > 0 {
        t.flags |= F_HAS_DIGIT;
        if alpha == 0 {
            t.flags |= F_ALL_DIGIT;
        }
    }
    if alpha > 0 {
        t.flags |= F_ALPHA;
    }
    if alpha == 0 && dig == 0 && other > 0 {
        t.flags |= F_PUNCT;
    }
}

/// [`tok_info_case`] of any word, a code point at a time.
fn tok_info_chars(w: &str, upper: bool) -> TokInfo {
    let mut t = TokInfo::default();
    let (mut low, mut raw, mut shape) = (LOW_SEED, RAW_SEED, SHAPE_SEED);
    let mut last_cls = 0u32;
    let mut shape_len = 0u32;
    let mut ring = [0u32; 4];
    let mut nl = 0usize; // lowercase code points produced
    let mut n = 0u32;
    let (mut up, mut lo, mut dig, mut alpha, mut other) = (0u32, 0u32, 0u32, 0u32, 0u32);
    let mut first_upper = false;
    for c in w.chars() {
        let c = if upper && c.is_lowercase() {
            c.to_uppercase().next().unwrap_or(c)
        } else {
            c
        };
        raw = hash::add(raw, c as u64);
        lower_char(c, |x| {
            low = hash::add(low, x as u64);
            if nl < 4 {
                t.pre[nl] = low;
            }
            ring[nl & 3] = x;
            nl += 1;
        });
        let cls = shape_class(c);
        if cls != last_cls && shape_len < 6 {
            shape = hash::add(shape, cls as u64);
            shape_len += 1;
            last_cls = cls;
        }
        if c.is_ascii_digit() {
            dig += 1;
        } else if c.is_alphabetic() {
            alpha += 1;
            if c.is_uppercase() {
                up += 1;
                if n == 0 {
                    first_upper = true;
                }
            } else if c.is_lowercase() {
                lo += 1;
            }
        } else {
            other += 1;
            match c {
                '.' => t.flags |= F_PERIOD,
                '-' | '\u{2013}' | '\u{2014}' => t.flags |= F_HYPHEN,
                '\'' | '\u{2019}' => t.flags |= F_APOS,
                _ => {}
            }
        }
        n += 1;
    }
    finish(&mut t, nl, low, &ring);
    t.raw = raw;
    t.shape = shape;
    t.nchars = n;
    if first_upper {
        t.flags |= F_UPPER_INIT;
    }
    set_counts(&mut t, up, lo, dig, alpha, other);
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(a: &TokInfo, b: &TokInfo) -> bool {
        (
            a.low, a.raw, a.shape, a.pre, a.suf, a.flags, a.gaz, a.nchars,
        ) == (
            b.low, b.raw, b.shape, b.pre, b.suf, b.flags, b.gaz, b.nchars,
        )
    }

    #[test]
    fn ascii_words_get_the_infos_of_the_general_path() {
        for w in [
            "",
            "a",
            "Obama",
            "NATO",
            "U.S.",
            "1996",
            "3.5",
            "--",
            "'s",
            "O'Neill",
            "al-Assad",
            "iPhone",
            "x1",
            "A",
            "abcdefghij",
            ",",
            "\"",
            "Mr.",
            "COVID-19",
            "e.g.",
            "#tag",
        ] {
            for upper in [false, true] {
                let (a, c) = (
                    tok_info_ascii(w.as_bytes(), upper),
                    tok_info_chars(w, upper),
                );
                assert!(same(&a, &c), "{w:?} upper={upper}: {a:?} != {c:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn any_ascii_word_gets_the_infos_of_the_general_path(
            w in "[\\x00-\\x7f]{0,14}",
            upper: bool,
        ) {
            let (a, c) = (tok_info_ascii(w.as_bytes(), upper), tok_info_chars(&w, upper));
            prop_assert!(same(&a, &c), "{:?}: {:?} != {:?}", w, a, c);
        }
    }
}
