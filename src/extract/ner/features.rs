//! Feature extraction shared by training and tagging.
//!
//! Every feature is a 32-bit id hashed from a template id and hashed values; no
//! strings are built. Per-token word properties are computed once into `TokInfo`.

use crate::extract::ner::hash::{self, fid, fid2};
use crate::extract::ner::labels::{NL, N_TYPES};
use rustc_hash::FxHashMap;

/// Bump when feature extraction changes (stored in the model file).
pub const FEATURE_VERSION: u16 = 5;

/// A word hash that [`Gazetteers::annotate`](super::Gazetteers::annotate) never
/// starts a match at.
pub const NO_WORD: u64 = 0;

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

#[inline]
fn lower_char(c: char, mut f: impl FnMut(u32)) {
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
    let mut h = 0x1234_5678_9abc_def1u64;
    for c in w.chars() {
        lower_char(c, |x| h = hash::add(h, x as u64));
    }
    h
}

#[inline]
fn shape_class(c: char) -> u32 {
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
    let mut t = TokInfo::default();
    let mut low = 0x1234_5678_9abc_def1u64;
    let mut raw = 0x0fed_cba9_8765_4321u64;
    let mut shape = 0x5555_aaaa_3333_ccccu64;
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
    // prefixes shorter than 4 repeat the whole word
    for k in nl.min(4)..4 {
        t.pre[k] = if nl == 0 { low } else { t.pre[nl.min(4) - 1] };
    }
    for k in 0..4 {
        // suffix of k+1 chars (or whole word)
        let m = (k + 1).min(nl);
        let mut h = 0x7777_1111_2222_9999u64;
        for j in (nl - m)..nl {
            h = hash::add(h, ring[j & 3] as u64);
        }
        t.suf[k] = h;
    }
    t.low = low;
    t.raw = raw;
    t.shape = shape;
    t.nchars = n;
    if first_upper {
        t.flags |= F_UPPER_INIT;
    }
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
    t
}

// ---- templates ----
const T_BIAS: u64 = 1;
const T_LOW: u64 = 2;
const T_RAW: u64 = 3;
const T_SHAPE: u64 = 4;
const T_PRE: u64 = 5; // +k
const T_SUF: u64 = 9; // +k
const T_LOWM1: u64 = 13;
const T_LOWP1: u64 = 14;
const T_LOWM2: u64 = 15;
const T_LOWP2: u64 = 16;
const T_SHM1: u64 = 17;
const T_SHP1: u64 = 18;
const T_BIM: u64 = 19;
const T_BIP: u64 = 20;
const T_SHBIM: u64 = 21;
const T_SHBIP: u64 = 22;
const T_POS: u64 = 23;
const T_GAZ: u64 = 24;
const T_GAZM1: u64 = 25;
const T_GAZP1: u64 = 26;
const T_CASEEV: u64 = 27;
const T_SH3: u64 = 30;
const T_LOWHL: u64 = 31;
const T_GAZCAP: u64 = 32;
const T_CASEEVM1: u64 = 33;
const T_CASEEVP1: u64 = 34;
const T_RAWM1: u64 = 35;
const T_RAWP1: u64 = 36;
const T_SENTLEN: u64 = 37;
const T_P1LOW: u64 = 42;
const T_P1SHAPE: u64 = 43;
const T_P1: u64 = 40;
const T_P2P1: u64 = 41;
const T_DHAS: u64 = 50;
const T_DMAJ: u64 = 51;
const T_DMAJR: u64 = 52;
const T_DNONE: u64 = 53;
const T_DHASR: u64 = 54;
const T_DMAJLOW: u64 = 55;

const T_CAPRUN: u64 = 60;
const T_SUF3M1: u64 = 61;
const T_SUF3P1: u64 = 62;
const T_P1NEXT: u64 = 44;
const T_S1OWN: u64 = 63;
const T_S1NEXT: u64 = 64;
const T_S1PREV: u64 = 65;
const T_S1TRI: u64 = 66;

/// Optional feature groups (bit mask stored in the model file).
pub const DEFAULT_FEAT: u64 = X_CAPRUN | X_TOPIC | X_SENTDIG | X_RUNWORDS | X_AGG | X_TITLEHL;
pub const X_CAPRUN: u64 = 1;
pub const X_NSUF: u64 = 2;
pub const X_P1NEXT: u64 = 4;
pub const X_STACK: u64 = 8;
pub const X_TOPIC: u64 = 16;
pub const X_SENTDIG: u64 = 32;
pub const X_RUNWORDS: u64 = 64;
pub const X_AGG: u64 = 128;
pub const X_TITLEHL: u64 = 256;

/// A first line written in title case ("Obama Signs Climate Deal as Critics Push
/// Back"): a whole line, no terminal punctuation, >= 3 words, most words capitalised.
fn is_title_case_headline(
    text: &str,
    tokens: &[crate::extract::ner::tokenize::Token],
    s: &crate::extract::ner::tokenize::Sentence,
    infos: &[TokInfo],
) -> bool {
    if s.end - s.start < 3 {
        return false;
    }
    let last = &text[tokens[s.end - 1].start..tokens[s.end - 1].end];
    if matches!(last, "." | "!" | "?" | ":" | "\"" | "\u{201D}") {
        return false;
    }
    let end = tokens[s.end - 1].end;
    if !text[end..].starts_with('\n') && !text[end..].starts_with("\r\n") && end != text.len() {
        return false;
    }
    let (mut words, mut caps, mut any_lower_long) = (0, 0, false);
    for t in &infos[s.start..s.end] {
        if t.flags & F_ALPHA == 0 {
            continue;
        }
        words += 1;
        if t.flags & F_UPPER_INIT != 0 {
            caps += 1;
        } else if t.nchars > 4 {
            any_lower_long = true;
        }
    }
    let has_lower = infos[s.start..s.end]
        .iter()
        .any(|t| t.flags & F_HAS_LOWER != 0);
    has_lower && words >= 3 && !any_lower_long && caps * 4 >= words * 3
}
const T_AGGP: u64 = 75;
const T_AGGN: u64 = 76;
const MAX_AGG: usize = 8;
const T_RUNFIRST: u64 = 73;
const T_RUNLAST: u64 = 74;
const T_TOPIC: u64 = 70;
const T_TOPICW: u64 = 71;
const T_SENTDIG: u64 = 72;

const BOS: u64 = 0xb05b_05b0_5b05_b05b;
const EOS: u64 = 0xe05e_05e0_5e05_e05e;

/// Case evidence bits for a word form within a document.
pub const EV_LC: u8 = 1; // seen all lower-case (outside headlines)
pub const EV_CAPMID: u8 = 2; // seen capitalised, not sentence-initial, outside headlines
pub const EV_CAPINIT: u8 = 4; // seen capitalised at sentence start (outside headlines)

/// Per-document precomputed data for feature extraction.
#[derive(Default)]
pub struct DocFeatures {
    pub infos: Vec<TokInfo>,
    /// per token: sentence-relative position info
    pub sent_of: Vec<u32>,
    /// per sentence: (start, end, headline)
    pub sents: Vec<(usize, usize, bool)>,
    pub case_ev: FxHashMap<u64, u8>,
    pub ev: Vec<u8>,
    lows: Vec<u64>,
    gazbuf: Vec<u64>,
    caps: Vec<bool>,
    /// document topic word (first headline token when followed by '-'), 0 if none
    pub topic: u64,
    /// per sentence: digit-token ratio bucket
    pub sdig: Vec<u8>,
    /// (word form, token index) of capitalised non-headline words, sorted: the
    /// occurrences of one form are a run in token order (context aggregation)
    occ: Vec<(u64, u32)>,
    /// per token: start of its word form's run in `occ` and the run's length (capped
    /// at `MAX_AGG`), or (0, 0)
    occ_run: Vec<(u32, u32)>,
    /// enabled optional feature groups (`X_*` bits)
    pub flags: u64,
    /// token i is a capitalised word right after an honorific (Mr., Mrs., Dr., ...)
    pub after_honorific: Vec<bool>,
}

const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "mme", "messrs", "miss", "mlle",
];

fn is_honorific(w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    w.len() <= 6 && HONORIFICS.iter().any(|h| h.eq_ignore_ascii_case(w))
}

impl DocFeatures {
    /// Compute token infos, headline flags, gazetteer bits and case evidence.
    pub fn build(
        &mut self,
        text: &str,
        tokens: &[crate::extract::ner::tokenize::Token],
        sents: &[crate::extract::ner::tokenize::Sentence],
        gaz: &crate::extract::ner::gazetteer::Gazetteers,
    ) {
        self.infos.clear();
        self.sent_of.clear();
        self.sents.clear();
        self.case_ev.clear();
        self.ev.clear();
        self.sdig.clear();
        self.after_honorific.clear();
        for t in tokens {
            self.infos.push(tok_info(&text[t.start..t.end]));
        }
        self.after_honorific.resize(tokens.len(), false);
        for s in sents {
            for i in s.start + 1..s.end {
                let f = self.infos[i].flags;
                if f & F_UPPER_INIT != 0
                    && f & F_ALLCAPS == 0
                    && is_honorific(&text[tokens[i - 1].start..tokens[i - 1].end])
                {
                    self.after_honorific[i] = true;
                }
            }
        }
        if self.flags & X_TITLEHL != 0 {
            if let Some(s0) = sents.first() {
                if is_title_case_headline(text, tokens, s0, &self.infos) {
                    for k in s0.start..s0.end {
                        let g = self.infos[k].gaz;
                        self.infos[k] = tok_info_case(&text[tokens[k].start..tokens[k].end], true);
                        self.infos[k].gaz = g;
                    }
                }
            }
        }
        self.topic = 0;
        if let Some(s0) = sents.first() {
            if s0.end - s0.start >= 3
                && &text[tokens[s0.start + 1].start..tokens[s0.start + 1].end] == "-"
            {
                self.topic = self.infos[s0.start].low;
            }
        }
        for (si, s) in sents.iter().enumerate() {
            let toks = &self.infos[s.start..s.end];
            let has_lower = toks.iter().any(|t| t.flags & F_HAS_LOWER != 0);
            let upper = toks.iter().filter(|t| t.flags & F_HAS_UPPER != 0).count();
            let hl = !has_lower && upper > 0;
            self.sents.push((s.start, s.end, hl));
            let nd = toks.iter().filter(|t| t.flags & F_HAS_DIGIT != 0).count();
            let r = nd * 4 / toks.len().max(1);
            self.sdig.push(r.min(3) as u8 + if nd > 0 { 1 } else { 0 });
            for _ in s.start..s.end {
                self.sent_of.push(si as u32);
            }
            // gazetteer
            if !gaz.is_empty() {
                self.lows.clear();
                self.lows
                    .extend(self.infos[s.start..s.end].iter().map(|t| t.low));
                self.caps.clear();
                self.caps.extend(
                    self.infos[s.start..s.end]
                        .iter()
                        .map(|t| t.flags & F_HAS_UPPER != 0),
                );
                self.gazbuf.clear();
                self.gazbuf.resize(toks.len(), 0);
                gaz.annotate(&self.lows, &self.caps, &mut self.gazbuf);
                for (k, &b) in self.gazbuf.iter().enumerate() {
                    self.infos[s.start + k].gaz = b;
                }
            }
            let toks = &self.infos[s.start..s.end];
            if !hl {
                for (k, t) in toks.iter().enumerate() {
                    if t.flags & F_ALPHA == 0 {
                        continue;
                    }
                    let bit = if t.flags & F_HAS_UPPER == 0 {
                        EV_LC
                    } else if t.flags & F_UPPER_INIT != 0 {
                        if k == 0 || prev_is_open(&toks[..k]) {
                            EV_CAPINIT
                        } else {
                            EV_CAPMID
                        }
                    } else {
                        0
                    };
                    if bit != 0 {
                        *self.case_ev.entry(t.low).or_insert(0) |= bit;
                    }
                }
            }
        }
        self.occ.clear();
        self.occ_run.clear();
        if self.flags & X_AGG != 0 {
            for &(ss, se, hl) in &self.sents {
                if hl {
                    continue;
                }
                for i in ss..se {
                    let t = &self.infos[i];
                    if t.flags & F_HAS_UPPER != 0 && t.flags & F_ALPHA != 0 {
                        self.occ.push((t.low, i as u32));
                    }
                }
            }
            self.occ.sort_unstable();
            self.occ_run.resize(self.infos.len(), (0, 0));
            let mut a = 0;
            while a < self.occ.len() {
                let w = self.occ[a].0;
                let mut z = a + 1;
                while z < self.occ.len() && self.occ[z].0 == w {
                    z += 1;
                }
                let run = (a as u32, (z - a).min(MAX_AGG) as u32);
                for &(_, i) in &self.occ[a..z] {
                    self.occ_run[i as usize] = run;
                }
                a = z;
            }
        }
        for t in &self.infos {
            self.ev.push(if t.flags & F_HAS_UPPER != 0 {
                self.case_ev.get(&t.low).copied().unwrap_or(0)
            } else {
                0
            });
        }
    }

    /// Static (label-independent) features of token `i` into `out`.
    pub fn static_features(&self, i: usize, out: &mut Vec<u32>) {
        let (ss, se, hl) = self.sents[self.sent_of[i] as usize];
        let t = &self.infos[i];
        let hlv = hl as u64;
        let m1 = if i > ss {
            Some(&self.infos[i - 1])
        } else {
            None
        };
        let m2 = if i > ss + 1 {
            Some(&self.infos[i - 2])
        } else {
            None
        };
        let p1 = if i + 1 < se {
            Some(&self.infos[i + 1])
        } else {
            None
        };
        let p2 = if i + 2 < se {
            Some(&self.infos[i + 2])
        } else {
            None
        };
        let low_m1 = m1.map_or(BOS, |x| x.low);
        let low_m2 = m2.map_or(BOS, |x| x.low);
        let low_p1 = p1.map_or(EOS, |x| x.low);
        let low_p2 = p2.map_or(EOS, |x| x.low);
        let sh_m1 = m1.map_or(BOS, |x| x.shape);
        let sh_p1 = p1.map_or(EOS, |x| x.shape);
        out.push(fid(T_BIAS, 0));
        out.push(fid(T_LOW, t.low));
        if !hl {
            out.push(fid(T_RAW, t.raw));
            out.push(fid(T_RAWM1, m1.map_or(BOS, |x| x.raw)));
            out.push(fid(T_RAWP1, p1.map_or(EOS, |x| x.raw)));
        } else {
            out.push(fid(T_LOWHL, t.low));
        }
        out.push(fid2(T_SHAPE, t.shape, hlv));
        for k in 0..4 {
            if (k as u32) < t.nchars {
                out.push(fid(T_PRE + k as u64, t.pre[k]));
                out.push(fid(T_SUF + k as u64, t.suf[k]));
            }
        }
        out.push(fid(T_LOWM1, low_m1));
        out.push(fid(T_LOWP1, low_p1));
        out.push(fid(T_LOWM2, low_m2));
        out.push(fid(T_LOWP2, low_p2));
        out.push(fid2(T_SHM1, sh_m1, hlv));
        out.push(fid2(T_SHP1, sh_p1, hlv));
        out.push(fid2(T_BIM, low_m1, t.low));
        out.push(fid2(T_BIP, t.low, low_p1));
        out.push(fid2(T_SHBIM, sh_m1, t.shape ^ hlv));
        out.push(fid2(T_SHBIP, t.shape ^ hlv, sh_p1));
        out.push(fid2(T_SH3, hash::add(sh_m1, t.shape), sh_p1 ^ hlv));
        let pos = if i == ss {
            0
        } else if i == ss + 1 {
            1
        } else {
            2
        };
        out.push(fid2(T_POS, pos, (t.flags & 0xff) as u64 | (hlv << 8)));
        let slen = (se - ss).min(6) as u64;
        out.push(fid2(T_SENTLEN, slen, hlv));
        // gazetteers
        let cap = (t.flags & F_HAS_UPPER != 0) as u64;
        let mut g = t.gaz;
        while g != 0 {
            let b = g.trailing_zeros() as u64;
            g &= g - 1;
            out.push(fid(T_GAZ, b));
            out.push(fid2(T_GAZCAP, b, cap | (hlv << 1)));
        }
        let mut g = m1.map_or(0, |x| x.gaz);
        while g != 0 {
            let b = g.trailing_zeros() as u64;
            g &= g - 1;
            out.push(fid(T_GAZM1, b));
        }
        let mut g = p1.map_or(0, |x| x.gaz);
        while g != 0 {
            let b = g.trailing_zeros() as u64;
            g &= g - 1;
            out.push(fid(T_GAZP1, b));
        }
        if self.flags & X_NSUF != 0 {
            if let Some(x) = m1 {
                out.push(fid(T_SUF3M1, x.suf[2]));
            }
            if let Some(x) = p1 {
                out.push(fid(T_SUF3P1, x.suf[2]));
            }
        }
        if (self.flags & X_CAPRUN != 0) && !hl && t.flags & F_HAS_UPPER != 0 {
            let capd = |k: usize| self.infos[k].flags & F_HAS_UPPER != 0;
            let mut a = i;
            while a > ss && capd(a - 1) {
                a -= 1;
            }
            let mut z = i + 1;
            while z < se && capd(z) {
                z += 1;
            }
            let len = (z - a).min(4) as u64;
            let rp = if z - a == 1 {
                0
            } else if i == a {
                1
            } else if i + 1 == z {
                2
            } else {
                3
            };
            out.push(fid2(T_CAPRUN, rp, len | ((a == ss) as u64) << 3));
            if (self.flags & X_RUNWORDS != 0) && z - a > 1 {
                if i != a {
                    out.push(fid2(T_RUNFIRST, self.infos[a].low, rp));
                }
                if i + 1 != z {
                    out.push(fid2(T_RUNLAST, self.infos[z - 1].low, rp));
                }
            }
        }
        if self.flags & X_TOPIC != 0 {
            out.push(fid2(T_TOPIC, self.topic, t.shape ^ hlv));
            out.push(fid2(T_TOPICW, self.topic, t.low));
        }
        if self.flags & X_SENTDIG != 0 {
            let sd = self.sdig[self.sent_of[i] as usize] as u64;
            out.push(fid2(T_SENTDIG, sd, t.shape ^ hlv));
        }
        if (self.flags & X_AGG != 0) && t.flags & F_HAS_UPPER != 0 && t.flags & F_ALPHA != 0 {
            // a capitalised word in a headline is not in `occ` but still reads the
            // occurrences of its form elsewhere
            let (a, len) = match self.occ_run.get(i) {
                Some(&r) if r.1 > 0 => r,
                _ => self.occ_lookup(t.low),
            };
            for &(_, j) in &self.occ[a as usize..(a + len) as usize] {
                let j = j as usize;
                if j == i {
                    continue;
                }
                let (js, je, _) = self.sents[self.sent_of[j] as usize];
                let pl = if j > js { self.infos[j - 1].low } else { BOS };
                let nl = if j + 1 < je {
                    self.infos[j + 1].low
                } else {
                    EOS
                };
                out.push(fid(T_AGGP, pl));
                out.push(fid(T_AGGN, nl));
            }
        }
        // document case evidence
        if t.flags & F_HAS_UPPER != 0 {
            let kind = if hl {
                0
            } else if pos == 0 {
                1
            } else {
                2
            };
            out.push(fid2(T_CASEEV, self.ev[i] as u64, kind));
            if i > ss {
                out.push(fid2(T_CASEEVM1, self.ev[i - 1] as u64, kind));
            }
            if i + 1 < se {
                out.push(fid2(T_CASEEVP1, self.ev[i + 1] as u64, kind));
            }
        }
    }

    /// The run of `occ` for word form `w` (start, length capped at `MAX_AGG`).
    fn occ_lookup(&self, w: u64) -> (u32, u32) {
        let a = self.occ.partition_point(|&(x, _)| x < w);
        let z = self.occ[a..].partition_point(|&(x, _)| x == w) + a;
        (a as u32, (z - a).min(MAX_AGG) as u32)
    }

    #[inline]
    pub fn low(&self, i: usize) -> u64 {
        self.infos[i].low
    }

    #[inline]
    pub fn shape(&self, i: usize) -> u64 {
        self.infos[i].shape
    }
}

fn prev_is_open(toks: &[TokInfo]) -> bool {
    // capitalised after an opening quote / bracket / dash counts as sentence-initial
    toks.iter().all(|t| t.flags & F_PUNCT != 0)
}

/// Dynamic feature ids that depend on the previous predicted label (besides the
/// pure transition features handled as matrices).
#[inline]
pub fn dyn_word_features(flags: u64, p1: usize, low: u64, shape: u64, low_next: u64) -> [u32; 3] {
    [
        fid2(T_P1LOW, p1 as u64, low),
        fid2(T_P1SHAPE, p1 as u64, shape),
        if flags & X_P1NEXT != 0 {
            fid2(T_P1NEXT, p1 as u64, low_next)
        } else {
            0
        },
    ]
}

/// Lower-cased hash of the next token in the sentence (or EOS).
#[inline]
pub fn next_low(d: &DocFeatures, i: usize) -> u64 {
    let (_, se, _) = d.sents[d.sent_of[i] as usize];
    if i + 1 < se {
        d.infos[i + 1].low
    } else {
        EOS
    }
}

#[inline]
pub fn trans1_feature(p1: usize) -> u32 {
    fid(T_P1, p1 as u64)
}

#[inline]
pub fn trans2_feature(p2: usize, p1: usize) -> u32 {
    fid2(T_P2P1, p2 as u64, p1 as u64)
}

/// Label index used for "before the sentence start".
pub const START: usize = NL;

/// Document-level label statistics from a first pass (pass-2 features).
#[derive(Default)]
pub struct DocLabels {
    /// word form -> counts of [O, PER, LOC, ORG, MISC] over capitalised occurrences
    all: FxHashMap<u64, [u16; N_TYPES + 1]>,
    /// same, only mid-sentence non-headline occurrences
    rel: FxHashMap<u64, [u16; N_TYPES + 1]>,
}

#[inline]
fn label_class(l: u8) -> usize {
    if l == 0 {
        0
    } else {
        1 + ((l as usize - 1) / 4)
    }
}

impl DocLabels {
    pub fn build(&mut self, d: &DocFeatures, labels: &[u8]) {
        self.all.clear();
        self.rel.clear();
        for &(ss, se, hl) in &d.sents {
            for i in ss..se {
                let t = &d.infos[i];
                if t.flags & F_HAS_UPPER == 0 || t.flags & F_ALPHA == 0 {
                    continue;
                }
                let c = label_class(labels[i]);
                self.all.entry(t.low).or_insert([0; N_TYPES + 1])[c] += 1;
                if !hl && i > ss {
                    self.rel.entry(t.low).or_insert([0; N_TYPES + 1])[c] += 1;
                }
            }
        }
    }

    /// Pass-2 document features of token `i` (pass-1 labels in `labels`).
    pub fn features(&self, d: &DocFeatures, labels: &[u8], i: usize, out: &mut Vec<u32>) {
        let t = &d.infos[i];
        let (ss, se, hl) = d.sents[d.sent_of[i] as usize];
        if d.flags & X_STACK != 0 {
            let own = labels[i] as u64;
            let nx = if i + 1 < se { labels[i + 1] as u64 } else { 99 };
            let pv = if i > ss { labels[i - 1] as u64 } else { 99 };
            out.push(fid(T_S1OWN, own));
            out.push(fid2(T_S1NEXT, own, nx));
            out.push(fid2(T_S1PREV, pv, own));
            out.push(fid2(T_S1TRI, pv * 128 + own, nx));
        }
        if t.flags & F_HAS_UPPER == 0 || t.flags & F_ALPHA == 0 {
            return;
        }
        let own = label_class(labels[i]);
        let kind = if hl {
            0u64
        } else if i == ss {
            1
        } else {
            2
        };
        let mut cnt = self.all.get(&t.low).copied().unwrap_or([0; N_TYPES + 1]);
        cnt[own] -= 1;
        let total: u32 = cnt.iter().map(|&x| x as u32).sum();
        if total == 0 {
            out.push(fid2(T_DNONE, 0, kind));
        } else {
            let mut maj = 0;
            for c in 1..=N_TYPES {
                if cnt[c] > cnt[maj] {
                    maj = c;
                }
                if cnt[c] > 0 {
                    let b = if cnt[c] as u32 == total {
                        2
                    } else if cnt[c] as u32 * 2 > total {
                        1
                    } else {
                        0
                    };
                    out.push(fid2(T_DHAS, c as u64, b));
                }
            }
            out.push(fid2(T_DMAJ, maj as u64, kind));
            out.push(fid2(T_DMAJLOW, maj as u64, t.low));
        }
        if let Some(r) = self.rel.get(&t.low) {
            let mut r = *r;
            if !hl && i > ss {
                r[own] -= 1;
            }
            let total: u32 = r.iter().map(|&x| x as u32).sum();
            if total > 0 {
                let mut maj = 0;
                for c in 1..=N_TYPES {
                    if r[c] > r[maj] {
                        maj = c;
                    }
                    if r[c] > 0 {
                        out.push(fid(T_DHASR, c as u64));
                    }
                }
                out.push(fid2(T_DMAJR, maj as u64, kind));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::ner::gazetteer::Gazetteers;
    use crate::extract::ner::tokenize::tokenize;

    /// The context-aggregation features of every token equal a direct computation:
    /// for a capitalised word, the neighbours of the first `MAX_AGG` other
    /// occurrences of its form in non-headline sentences, in token order; a word of a
    /// headline reads the occurrences in the body too.
    #[test]
    fn aggregation_features_match_a_direct_computation() {
        let text = "SMITH WINS IN PARIS\n\nJohn Smith won in Paris. Smith said Paris was \
                    fine. Smith , Smith and Smith met Smith . Smith , Smith , Smith , Smith \
                    left Paris for Lyon. smith was lower case.";
        let (mut toks, mut sents) = (Vec::new(), Vec::new());
        tokenize(text, &mut toks, &mut sents);
        let mut d = DocFeatures {
            flags: DEFAULT_FEAT,
            ..Default::default()
        };
        d.build(text, &toks, &sents, &Gazetteers::empty());
        let mut cands = std::collections::HashSet::new();
        for t in d.infos.iter().map(|t| t.low).chain([BOS, EOS]) {
            cands.insert(fid(T_AGGP, t));
            cands.insert(fid(T_AGGN, t));
        }
        let mut out = Vec::new();
        let mut checked = 0;
        for i in 0..toks.len() {
            let t = &d.infos[i];
            let mut want = Vec::new();
            if t.flags & F_HAS_UPPER != 0 && t.flags & F_ALPHA != 0 {
                let occ: Vec<usize> = d
                    .sents
                    .iter()
                    .filter(|s| !s.2)
                    .flat_map(|s| s.0..s.1)
                    .filter(|&j| {
                        let u = &d.infos[j];
                        u.low == t.low && u.flags & F_HAS_UPPER != 0 && u.flags & F_ALPHA != 0
                    })
                    .take(MAX_AGG)
                    .collect();
                for j in occ.into_iter().filter(|&j| j != i) {
                    let (js, je, _) = d.sents[d.sent_of[j] as usize];
                    want.push(fid(T_AGGP, if j > js { d.infos[j - 1].low } else { BOS }));
                    want.push(fid(
                        T_AGGN,
                        if j + 1 < je { d.infos[j + 1].low } else { EOS },
                    ));
                }
            }
            out.clear();
            d.static_features(i, &mut out);
            let got: Vec<u32> = out.iter().copied().filter(|f| cands.contains(f)).collect();
            assert_eq!(
                got,
                want,
                "token {i} {:?}",
                &text[toks[i].start..toks[i].end]
            );
            checked += !want.is_empty() as usize;
        }
        // headline words, body words and a form with more than MAX_AGG occurrences
        assert!(checked >= 12, "{checked}");
        assert!(d.sents[0].2, "the first line is a headline");
    }
}
