//! Features that depend on the labels already decoded: transitions, the previous label
//! with the word, and the second pass's document-level label statistics ([`DocLabels`]).

use super::doc::{
    DocFeatures, EOS, T_DHAS, T_DHASR, T_DMAJ, T_DMAJLOW, T_DMAJR, T_DNONE, T_P1, T_P1LOW,
    T_P1NEXT, T_P1SHAPE, T_P2P1, T_S1NEXT, T_S1OWN, T_S1PREV, T_S1TRI, X_P1NEXT, X_STACK,
};
use super::token::{F_ALPHA, F_HAS_UPPER};
use crate::extract::ner::hash::fid;
use crate::extract::ner::hash::fid2;
use crate::extract::ner::labels::NL;
use crate::extract::ner::labels::N_TYPES;
use rustc_hash::FxHashMap;

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
pub(super) fn label_class(l: u8) -> usize {
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
