//! The first-pass feature templates and the document-level features ([`DocFeatures`]):
//! case evidence, headlines, capitalized runs, topic words.

use super::token::{
    tok_info, tok_info_case, TokInfo, F_ALLCAPS, F_ALPHA, F_HAS_DIGIT, F_HAS_LOWER, F_HAS_UPPER,
    F_PUNCT, F_UPPER_INIT,
};
use crate::extract::ner::hash;
use crate::extract::ner::hash::fid;
use crate::extract::ner::hash::fid2;
use rustc_hash::FxHashMap;

pub(super) const T_BIAS: u64 = 1;
pub(super) const T_LOW: u64 = 2;
pub(super) const T_RAW: u64 = 3;
pub(super) const T_SHAPE: u64 = 4;
pub(super) const T_PRE: u64 = 5; // +k
pub(super) const T_SUF: u64 = 9; // +k
pub(super) const T_LOWM1: u64 = 13;
pub(super) const T_LOWP1: u64 = 14;
pub(super) const T_LOWM2: u64 = 15;
pub(super) const T_LOWP2: u64 = 16;
pub(super) const T_SHM1: u64 = 17;
pub(super) const T_SHP1: u64 = 18;
pub(super) const T_BIM: u64 = 19;
pub(super) const T_BIP: u64 = 20;
pub(super) const T_SHBIM: u64 = 21;
pub(super) const T_SHBIP: u64 = 22;
pub(super) const T_POS: u64 = 23;
pub(super) const T_GAZ: u64 = 24;
pub(super) const T_GAZM1: u64 = 25;
pub(super) const T_GAZP1: u64 = 26;
pub(super) const T_CASEEV: u64 = 27;
pub(super) const T_SH3: u64 = 30;
pub(super) const T_LOWHL: u64 = 31;
pub(super) const T_GAZCAP: u64 = 32;
pub(super) const T_CASEEVM1: u64 = 33;
pub(super) const T_CASEEVP1: u64 = 34;
pub(super) const T_RAWM1: u64 = 35;
pub(super) const T_RAWP1: u64 = 36;
pub(super) const T_SENTLEN: u64 = 37;
pub(super) const T_P1LOW: u64 = 42;
pub(super) const T_P1SHAPE: u64 = 43;
pub(super) const T_P1: u64 = 40;
pub(super) const T_P2P1: u64 = 41;
pub(super) const T_DHAS: u64 = 50;
pub(super) const T_DMAJ: u64 = 51;
pub(super) const T_DMAJR: u64 = 52;
pub(super) const T_DNONE: u64 = 53;
pub(super) const T_DHASR: u64 = 54;
pub(super) const T_DMAJLOW: u64 = 55;

pub(super) const T_CAPRUN: u64 = 60;
pub(super) const T_SUF3M1: u64 = 61;
pub(super) const T_SUF3P1: u64 = 62;
pub(super) const T_P1NEXT: u64 = 44;
pub(super) const T_S1OWN: u64 = 63;
pub(super) const T_S1NEXT: u64 = 64;
pub(super) const T_S1PREV: u64 = 65;
pub(super) const T_S1TRI: u64 = 66;

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
pub(super) fn is_title_case_headline(
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
pub(super) const T_AGGP: u64 = 75;
pub(super) const T_AGGN: u64 = 76;
pub(super) const MAX_AGG: usize = 8;
pub(super) const T_RUNFIRST: u64 = 73;
pub(super) const T_RUNLAST: u64 = 74;
pub(super) const T_TOPIC: u64 = 70;
pub(super) const T_TOPICW: u64 = 71;
pub(super) const T_SENTDIG: u64 = 72;

pub(super) const BOS: u64 = 0xb05b_05b0_5b05_b05b;
pub(super) const EOS: u64 = 0xe05e_05e0_5e05_e05e;

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
    pub(super) lows: Vec<u64>,
    pub(super) gazbuf: Vec<u64>,
    pub(super) caps: Vec<bool>,
    /// document topic word (first headline token when followed by '-'), 0 if none
    pub topic: u64,
    /// per sentence: digit-token ratio bucket
    pub sdig: Vec<u8>,
    /// (word form, token index) of capitalised non-headline words, sorted: the
    /// occurrences of one form are a run in token order (context aggregation)
    pub(super) occ: Vec<(u64, u32)>,
    /// per token: start of its word form's run in `occ` and the run's length (capped
    /// at `MAX_AGG`), or (0, 0)
    pub(super) occ_run: Vec<(u32, u32)>,
    /// enabled optional feature groups (`X_*` bits)
    pub flags: u64,
    /// token i is a capitalised word right after an honorific (Mr., Mrs., Dr., ...)
    pub after_honorific: Vec<bool>,
}

pub(super) const HONORIFICS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "mme", "messrs", "miss", "mlle",
];

pub(super) fn is_honorific(w: &str) -> bool {
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

pub(super) fn prev_is_open(toks: &[TokInfo]) -> bool {
    // capitalised after an opening quote / bracket / dash counts as sentence-initial
    toks.iter().all(|t| t.flags & F_PUNCT != 0)
}
