//! The tagger: tokenize, extract features, greedy BILOU decoding in two passes
//! (pass 2 adds document-level features from pass-1 labels).

use crate::extract::ner::features::{
    dyn_word_features, lower_hash, next_low, trans1_feature, trans2_feature, DocFeatures,
    DocLabels, F_HAS_LOWER, F_HAS_UPPER, F_PUNCT, START,
};
use crate::extract::ner::gazetteer::Gazetteers;
use crate::extract::ner::labels::{allowed_mask, label, spans, split, EntityKind, B, I, NL, U};
use crate::extract::ner::model::{Error, ModelFile, Table};
use crate::extract::ner::tokenize::{tokenize, Sentence, Token};

/// An entity mention: byte offsets into the tagged text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character of the mention's first token.
    pub start: usize,
    /// Byte offset just past the mention's last token (exclusive), so
    /// `&text[start..end]` is the mention, e.g. `"Barack Obama"`.
    pub end: usize,
    /// What the tagger takes the mention to be.
    pub kind: EntityKind,
}

/// Bit mask of all B-* and U-* labels.
const START_MASK: u32 = {
    let mut m = 0u32;
    let mut t = 0;
    while t < 4 {
        m |= 1 << (1 + t * 4 + B);
        m |= 1 << (1 + t * 4 + U);
        t += 1;
    }
    m
};

/// [`Scratch::has`] bit: the token's static weights are in both passes' columns.
const HAS_STATIC: u8 = 1;
/// [`Scratch::has`] bit: the token's pass-2 columns hold all its pass-2 weights.
const HAS_PASS2: u8 = 2;

/// The loaded entity tagger: the model's weights in a lookup table, its transition
/// scores and the gazetteers it was trained with. Built once per process
/// ([`super::global`]) and shared read-only across threads; per-call state lives in
/// a [`Scratch`].
pub struct Tagger {
    table: Table,
    passes: usize,
    /// per pass: transition scores indexed by `[p1]` (`p1` in `0..=NL`, `NL` = start)
    tr1: Vec<[[i32; NL]; NL + 1]>,
    /// per pass: indexed by p2 * (NL+1) + p1
    tr2: Vec<Vec<[i32; NL]>>,
    /// [`allowed_mask`] by previous label (`NL` = start) and "last of its sentence"
    allowed: [[u32; 2]; NL + 1],
    gaz: Gazetteers,
    gaz_fingerprint: u64,
    flags: u64,
    /// The CPU has AVX2: [`Tagger::label_tokens_passes`] runs its AVX2 build.
    #[cfg(target_arch = "x86_64")]
    avx2: bool,
    /// [`lower_hash`] of each of [`SEPARATORS`].
    separators: [u64; SEPARATORS.len()],
}

/// Reusable per-call buffers (use `Tagger::tag_with` to avoid re-allocating).
#[derive(Default)]
pub struct Scratch {
    /// Tokens of the text being tagged (byte offsets into it).
    pub(crate) tokens: Vec<Token>,
    /// Sentences of the text being tagged, as token index ranges.
    pub(crate) sents: Vec<Sentence>,
    /// Per-token and document features of the text being tagged.
    pub(crate) doc: DocFeatures,
    feats: Vec<u32>,
    /// per token: end of its features in `feats`
    fend: Vec<u32>,
    /// table rows of a block of `feats` (`NONE` = not in the model)
    ixs: Vec<u32>,
    /// per entry of `fend`: its token
    scored: Vec<u32>,
    stat: Vec<[i32; NL * 2]>,
    /// per token: which weights `stat` holds (`HAS_*` bits)
    has: Vec<u8>,
    /// features of one token scored during decoding
    one: Vec<u32>,
    /// Tokens of the last text whose weights decoding summed (not summed up front).
    pub(crate) late: usize,
    /// Test switch: which tokens to score up front.
    #[cfg(test)]
    pub(crate) upfront: Upfront,
    /// Pass-1 label id per token (see `labels::label`; 0 = O).
    pub(crate) labels1: Vec<u8>,
    /// Final label id per token: pass 2's when the model has two passes.
    pub(crate) labels: Vec<u8>,
    doclab: DocLabels,
    spans: Vec<(usize, usize, usize)>,
}

/// Which tokens' weights [`Tagger::label_tokens`] sums before decoding (tests only;
/// tagging always uses `Predicted`).
#[cfg(test)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Upfront {
    /// The tokens likely to need them (see `label_tokens_body`): in pass 1 those that
    /// may start an entity ([`Tagger::never_starts`]), in pass 2 also the others after
    /// a pass-1 B or I label.
    #[default]
    Predicted,
    /// Every token, and decoding scores every token: the computation without the
    /// shortcut, which the shortcut must agree with.
    All,
    /// Only the tokens that may start an entity, in both passes: every lower-case word
    /// or separator inside an entity is scored during decoding.
    StartersOnly,
}

impl Scratch {
    #[inline(always)]
    fn score_all(&self) -> bool {
        #[cfg(test)]
        return self.upfront == Upfront::All;
        #[cfg(not(test))]
        false
    }

    #[inline(always)]
    fn pass1_guess(&self) -> bool {
        #[cfg(test)]
        return self.upfront != Upfront::StartersOnly;
        #[cfg(not(test))]
        true
    }
}

impl Tagger {
    /// Load a model file (bytes) with the gazetteers it was trained with.
    pub fn new(model: &[u8], gazetteers: Gazetteers) -> Result<Self, Error> {
        let (table, nm, fp, flags) = Table::from_bytes(model)?;
        Ok(Self::from_table(table, nm, fp, flags, gazetteers))
    }

    /// A tagger from models still in memory (training and its jackknife folds),
    /// without a round trip through [`ModelFile::to_bytes`].
    pub(crate) fn from_model_file(mf: &ModelFile, gazetteers: Gazetteers) -> Self {
        let table = Table::build(&mf.models);
        Self::from_table(
            table,
            mf.models.len(),
            mf.gaz_fingerprint,
            mf.feat_flags,
            gazetteers,
        )
    }

    fn from_table(
        table: Table,
        n_models: usize,
        gaz_fingerprint: u64,
        flags: u64,
        gazetteers: Gazetteers,
    ) -> Self {
        let passes = n_models.clamp(1, 2);
        let mut tr1 = Vec::new();
        let mut tr2 = Vec::new();
        for p in 0..passes {
            let mut t1 = [[0i32; NL]; NL + 1];
            for (p1, row) in t1.iter_mut().enumerate() {
                if let Some(ix) = table.get(trans1_feature(p1)) {
                    for c in 0..NL {
                        row[c] = table.rows[ix][p * NL + c] as i32;
                    }
                }
            }
            let mut t2 = vec![[0i32; NL]; (NL + 1) * (NL + 1)];
            for p2 in 0..=NL {
                for p1 in 0..=NL {
                    if let Some(ix) = table.get(trans2_feature(p2, p1)) {
                        for c in 0..NL {
                            t2[p2 * (NL + 1) + p1][c] = table.rows[ix][p * NL + c] as i32;
                        }
                    }
                }
            }
            tr1.push(t1);
            tr2.push(t2);
        }
        let mut allowed = [[0; 2]; NL + 1];
        for (p1, row) in allowed.iter_mut().enumerate() {
            *row = [allowed_mask(p1, false), allowed_mask(p1, true)];
        }
        Tagger {
            table,
            passes,
            tr1,
            tr2,
            allowed,
            gaz: gazetteers,
            gaz_fingerprint,
            flags,
            #[cfg(target_arch = "x86_64")]
            avx2: std::is_x86_feature_detected!("avx2"),
            separators: SEPARATORS.map(lower_hash),
        }
    }

    /// A token that never starts an entity: a word with lower-case letters and no
    /// upper-case one (22 of the 23,499 entity starts in CoNLL-2003 train, "12th" among
    /// them) or a separating punctuation mark (`","`, `"."`: 1 start there, an
    /// annotation slip). After a label outside an entity such a token can only be O,
    /// so its weights are not summed.
    #[inline(always)]
    fn never_starts(&self, d: &DocFeatures, i: usize) -> bool {
        let t = &d.infos[i];
        is_lower(d, i) || (t.flags & F_PUNCT != 0 && self.separators.contains(&t.low))
    }

    /// The gazetteers the tagger matches.
    #[cfg(test)]
    pub(crate) fn gazetteers(&self) -> &Gazetteers {
        &self.gaz
    }

    /// True when the gazetteers given match those the model was trained with.
    pub fn gazetteers_match(&self) -> bool {
        self.gaz_fingerprint == self.gaz.fingerprint()
    }

    /// Debug: pass-1 static feature contributions of token `i` for labels `a` and `b`.
    pub fn explain(&self, s: &Scratch, i: usize, a: usize, b: usize) -> Vec<(usize, i32, i32)> {
        let mut f = Vec::new();
        s.doc.static_features(i, &mut f);
        f.iter()
            .enumerate()
            .map(|(k, &x)| match self.table.get(x) {
                Some(ix) => (
                    k,
                    self.table.rows[ix][a] as i32,
                    self.table.rows[ix][b] as i32,
                ),
                None => (k, 0, 0),
            })
            .collect()
    }

    /// Debug: (static, tr1, tr2, dyn) pass-1 scores of label `c` at token `i` given p1, p2.
    pub fn explain_dyn(
        &self,
        s: &Scratch,
        i: usize,
        p1: usize,
        p2: usize,
        c: usize,
    ) -> (i32, i32, i32, i32) {
        let mut f = Vec::new();
        s.doc.static_features(i, &mut f);
        let st: i32 = f
            .iter()
            .filter_map(|&x| self.table.get(x))
            .map(|ix| self.table.rows[ix][c] as i32)
            .sum();
        let d: i32 = dyn_word_features(
            self.flags,
            p1,
            s.doc.low(i),
            s.doc.shape(i),
            next_low(&s.doc, i),
        )
        .iter()
        .filter(|&&x| x != 0)
        .filter_map(|&x| self.table.get(x))
        .map(|ix| self.table.rows[ix][c] as i32)
        .sum();
        (
            st,
            self.tr1[0][p1][c],
            self.tr2[0][p2 * (NL + 1) + p1][c],
            d,
        )
    }

    /// Number of distinct feature ids with weights in the model (all passes).
    pub fn n_features(&self) -> usize {
        self.table.len()
    }

    /// Number of decoding passes: 1, or 2 when the model has a pass-2 model with
    /// document-level features.
    pub fn passes(&self) -> usize {
        self.passes
    }

    /// Tag one article; returns entity spans with byte offsets into `text`. Reuses one
    /// set of buffers per thread.
    pub fn tag(&self, text: &str) -> Vec<Span> {
        thread_local! {
            static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.tag_with(text, &mut s),
            // only if `tag` were re-entered on this thread
            Err(_) => self.tag_with(text, &mut Scratch::default()),
        })
    }

    /// Like `tag`, reusing buffers.
    pub fn tag_with(&self, text: &str, s: &mut Scratch) -> Vec<Span> {
        let mut toks = std::mem::take(&mut s.tokens);
        let mut sents = std::mem::take(&mut s.sents);
        tokenize(text, &mut toks, &mut sents);
        self.label_tokens(text, &toks, &sents, s);
        let mut out = Vec::with_capacity(s.spans.len());
        s.spans.clear();
        spans(&s.labels, &mut s.spans);
        for &(a, b, t) in &s.spans {
            out.push(Span {
                start: toks[a].start,
                end: toks[b - 1].end,
                kind: EntityKind::from_index(t),
            });
        }
        s.tokens = toks;
        s.sents = sents;
        out
    }

    /// Label pre-tokenized text; BILOU labels end up in `s.labels`
    /// (pass-1 labels in `s.labels1`).
    pub(crate) fn label_tokens(
        &self,
        text: &str,
        tokens: &[Token],
        sents: &[Sentence],
        s: &mut Scratch,
    ) {
        self.label_tokens_passes(text, tokens, sents, s, self.passes)
    }

    /// Like [`Tagger::label_tokens`], but runs only the first `passes` passes (at
    /// most [`Tagger::passes`]); training uses 1 to get the pass-1 labels.
    pub(crate) fn label_tokens_passes(
        &self,
        text: &str,
        tokens: &[Token],
        sents: &[Sentence],
        s: &mut Scratch,
        passes: usize,
    ) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is set only when the CPU running us has AVX2.
            return unsafe { self.label_tokens_avx2(text, tokens, sents, s, passes) };
        }
        self.label_tokens_body(text, tokens, sents, s, passes)
    }

    /// [`Tagger::label_tokens_body`] compiled for AVX2: the same integer arithmetic in the
    /// same order (so the same labels), with the weight rows widened and summed 8 at a
    /// time instead of 4.
    ///
    /// # Safety
    /// The CPU must support AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn label_tokens_avx2(
        &self,
        text: &str,
        tokens: &[Token],
        sents: &[Sentence],
        s: &mut Scratch,
        passes: usize,
    ) {
        self.label_tokens_body(text, tokens, sents, s, passes)
    }

    /// Both passes. A token's label depends on its scores only when more than one label
    /// is allowed there; a token that never starts an entity ([`Tagger::never_starts`]:
    /// an all-lower-case word or a separating punctuation mark) after a label outside
    /// an entity may only be O, and such tokens are most of a text (70% of PolNeAR's
    /// tokens are lower-case words, of which one in 300 follows a B or I label;
    /// separating punctuation adds about 9%). So weights are summed up front (in prefetched
    /// blocks) only for the tokens that may start an entity, and in pass 2 also for the
    /// others after a pass-1 B or I label. [`Tagger::decode`] sums the weights of any
    /// other token whose label turns out to need them ("of" in "Bank of the West"), so
    /// the labels are those of scoring every token.
    #[inline(always)]
    fn label_tokens_body(
        &self,
        text: &str,
        tokens: &[Token],
        sents: &[Sentence],
        s: &mut Scratch,
        passes: usize,
    ) {
        let n = tokens.len();
        let all = s.score_all();
        let pass1_guess = s.pass1_guess();
        s.doc.flags = self.flags;
        s.doc.build(text, tokens, sents, &self.gaz);
        s.feats.clear();
        s.fend.clear();
        s.scored.clear();
        s.has.clear();
        s.has.resize(n, 0);
        s.late = 0;
        for i in 0..n {
            if self.never_starts(&s.doc, i) && !all {
                continue;
            }
            s.doc.static_features(i, &mut s.feats);
            s.fend.push(s.feats.len() as u32);
            s.scored.push(i as u32);
            s.has[i] = HAS_STATIC;
        }
        s.stat.clear();
        s.stat.resize(n, [0; NL * 2]);
        // static features carry both passes' weights
        self.accumulate::<0, { NL * 2 }>(&s.feats, &s.fend, &s.scored, &mut s.ixs, &mut s.stat);
        s.labels1.clear();
        s.labels1.resize(n, 0);
        s.late += self.decode(
            0,
            &s.doc,
            &s.stat,
            &s.has,
            None,
            &mut s.one,
            &mut s.labels1,
            all,
        );
        s.labels.clear();
        if passes < 2 || self.passes < 2 {
            s.labels.extend_from_slice(&s.labels1);
            return;
        }
        s.doclab.build(&s.doc, &s.labels1);
        s.feats.clear();
        s.fend.clear();
        s.scored.clear();
        for &(ss, se, _) in &s.doc.sents {
            for i in ss..se {
                if !all
                    && self.never_starts(&s.doc, i)
                    && (!pass1_guess || i == ss || !is_open(s.labels1[i - 1]))
                {
                    continue;
                }
                if s.has[i] & HAS_STATIC == 0 {
                    // pass 1 scored it late: its pass-2 columns have no static weights yet
                    s.doc.static_features(i, &mut s.feats);
                }
                s.doclab.features(&s.doc, &s.labels1, i, &mut s.feats);
                s.fend.push(s.feats.len() as u32);
                s.scored.push(i as u32);
                s.has[i] |= HAS_PASS2;
            }
        }
        self.accumulate::<NL, { NL * 2 }>(&s.feats, &s.fend, &s.scored, &mut s.ixs, &mut s.stat);
        s.labels.resize(n, 0);
        s.late += self.decode(
            1,
            &s.doc,
            &s.stat,
            &s.has,
            Some((&s.doclab, &s.labels1)),
            &mut s.one,
            &mut s.labels,
            all,
        );
    }

    /// Add the weights (columns `LO..HI`) of each listed token's features to its
    /// scores: `feats[fend[j-1]..fend[j]]` are those of token `toks[j]`. The table is
    /// far larger than the caches, so lookups are software-pipelined: slots are
    /// prefetched a few features ahead, and a block of tokens' rows is prefetched
    /// before it is summed.
    #[inline(always)]
    fn accumulate<const LO: usize, const HI: usize>(
        &self,
        feats: &[u32],
        fend: &[u32],
        toks: &[u32],
        ixs: &mut Vec<u32>,
        stat: &mut [[i32; NL * 2]],
    ) {
        const BLOCK: usize = 8; // tokens
        const AHEAD: usize = 24; // features
        const NONE: u32 = u32::MAX;
        let t = &self.table;
        let n = fend.len();
        for &f in feats.iter().take(AHEAD) {
            t.prefetch_key(f);
        }
        let mut k = 0;
        let mut j0 = 0;
        while j0 < n {
            let j1 = (j0 + BLOCK).min(n);
            let kend = fend[j1 - 1] as usize;
            ixs.clear();
            for kk in k..kend {
                if let Some(&f) = feats.get(kk + AHEAD) {
                    t.prefetch_key(f);
                }
                match t.get(feats[kk]) {
                    Some(ix) => {
                        t.prefetch_row(ix);
                        ixs.push(ix as u32);
                    }
                    None => ixs.push(NONE),
                }
            }
            let mut a = 0;
            for (&e, &i) in fend[j0..j1].iter().zip(&toks[j0..j1]) {
                let end = e as usize - k;
                let st = &mut stat[i as usize];
                // summed in a local array: kept in registers, the adds vectorize
                let mut acc = *st;
                for &ix in &ixs[a..end] {
                    if ix != NONE {
                        let row = &t.rows[ix as usize];
                        for c in LO..HI {
                            acc[c] += row[c] as i32;
                        }
                    }
                }
                *st = acc;
                a = end;
            }
            k = kend;
            j0 = j1;
        }
    }

    /// Add the weights (columns `off..off + NL`) of `feats` to `sc`.
    #[inline(always)]
    fn add_weights(&self, feats: &[u32], off: usize, sc: &mut [i32; NL]) {
        for &f in feats {
            if let Some(ix) = self.table.get(f) {
                let row = &self.table.rows[ix];
                for c in 0..NL {
                    sc[c] += row[off + c] as i32;
                }
            }
        }
    }

    /// Greedy decoding of pass `pass` into `labels`. A token with one allowed label
    /// gets it unscored; a token with several whose weights were not summed up front
    /// (`has`) gets them summed here, from its static features and in pass 2 the
    /// document features (`late`: pass-2 [`DocLabels`] and the pass-1 labels). With
    /// `all`, every token is scored (the reference the shortcut must agree with).
    /// Returns the number of tokens scored here.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn decode(
        &self,
        pass: usize,
        d: &DocFeatures,
        stat: &[[i32; NL * 2]],
        has: &[u8],
        late: Option<(&DocLabels, &[u8])>,
        one: &mut Vec<u32>,
        labels: &mut [u8],
        all: bool,
    ) -> usize {
        let off = pass * NL;
        let tr1 = &self.tr1[pass];
        let tr2 = &self.tr2[pass];
        let summed = if pass == 0 { HAS_STATIC } else { HAS_PASS2 };
        let mut n_late = 0;
        for &(ss, se, _) in &d.sents {
            let mut p1 = START;
            let mut p2 = START;
            for i in ss..se {
                let mut mask = self.allowed[p1][(i + 1 == se) as usize];
                if d.after_honorific[i] {
                    // "Mr. X" starts a person name
                    let per = mask & ((1 << label(0, B)) | (1 << label(0, U)));
                    if per != 0 {
                        mask = per;
                    }
                }
                if self.never_starts(d, i) {
                    mask &= !START_MASK;
                }
                // Never empty: an honorific narrows the mask only for a word with a
                // capital first letter, which `never_starts` never holds.
                debug_assert!(mask != 0, "no label allowed for token {i}");
                let best = if mask.count_ones() == 1 && !all {
                    mask.trailing_zeros() as usize
                } else {
                    let mut sc = [0i32; NL];
                    let h = has[i];
                    if h & summed != 0 || (pass == 1 && h & HAS_STATIC != 0) {
                        sc.copy_from_slice(&stat[i][off..off + NL]);
                    }
                    if h & summed == 0 {
                        n_late += 1;
                        one.clear();
                        if h & HAS_STATIC == 0 {
                            d.static_features(i, one);
                        }
                        if let Some((doclab, labels1)) = late {
                            doclab.features(d, labels1, i, one);
                        }
                        self.add_weights(one, off, &mut sc);
                    }
                    let t1 = &tr1[p1];
                    let t2 = &tr2[p2 * (NL + 1) + p1];
                    for c in 0..NL {
                        sc[c] += t1[c] + t2[c];
                    }
                    let dyn_feats =
                        dyn_word_features(self.flags, p1, d.low(i), d.shape(i), next_low(d, i));
                    for f in dyn_feats {
                        if f != 0 {
                            self.add_weights(&[f], off, &mut sc);
                        }
                    }
                    let mut best = usize::MAX;
                    let mut bs = i32::MIN;
                    for c in 0..NL {
                        if mask & (1 << c) != 0 && (best == usize::MAX || sc[c] > bs) {
                            best = c;
                            bs = sc[c];
                        }
                    }
                    best
                };
                labels[i] = best as u8;
                p2 = p1;
                p1 = best;
            }
        }
        n_late
    }
}

/// An all-lower-case word (`"of"`, `"said"`).
#[inline(always)]
fn is_lower(d: &DocFeatures, i: usize) -> bool {
    let fl = d.infos[i].flags;
    fl & F_HAS_LOWER != 0 && fl & F_HAS_UPPER == 0
}

/// Punctuation that ends or separates ([`Tagger::never_starts`]); quote marks and
/// opening brackets are not among them. Matched by [`lower_hash`], which folds en and
/// em dashes to `-`: they are separators too.
const SEPARATORS: [&str; 13] = [
    ",", ".", ";", ":", "?", "!", ")", "]", "}", "-", "--", "...", "\u{2026}",
];

/// Label `l` is B-* or I-*: the next token continues the entity.
#[inline(always)]
fn is_open(l: u8) -> bool {
    l != 0 && matches!(split(l).1, B | I)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The AVX2 build of the decoder (what `tag` runs on a CPU with AVX2) gives the
    /// portable build's labels, in both passes, token for token.
    #[test]
    fn the_avx2_build_labels_as_the_portable_one() {
        let Some(t) = crate::extract::ner::global() else {
            panic!("embedded model loads")
        };
        let docs = [
            "OBAMA IN BERLIN\n\nBarack Obama met Angela Merkel in Berlin on Monday. \
             \"We agree,\" Obama said. Merkel thanked the European Union and NATO.",
            "Nokia and Siemens said on Tuesday that Nokia Siemens Networks would cut 1,200 \
             jobs in Finland and Germany. Mr. Smith of Reuters in Paris said Siemens shares \
             rose 3.5 percent to 81.20 euros.",
            "Fiona Kibet, a spokeswoman for the African Development Bank in Abidjan, \
             said the loan to Kenya's Ministry of Finance was approved.",
        ];
        let mut portable = Scratch::default();
        let mut dispatched = Scratch::default();
        for d in docs {
            let (mut toks, mut sents) = (Vec::new(), Vec::new());
            tokenize(d, &mut toks, &mut sents);
            t.label_tokens_body(d, &toks, &sents, &mut portable, t.passes);
            t.label_tokens_passes(d, &toks, &sents, &mut dispatched, t.passes);
            assert!(portable.labels.iter().any(|&l| l != 0), "{d}");
            assert_eq!(portable.labels1, dispatched.labels1, "{d}");
            assert_eq!(portable.labels, dispatched.labels, "{d}");
            assert_eq!(portable.stat, dispatched.stat, "{d}");
        }
    }

    /// Summing weights only for the tokens whose labels may depend on them labels every
    /// token, in both passes, as scoring all of them does; so does summing them up front
    /// for no token that never starts an entity, which leaves every lower-case word and
    /// separator inside an entity ("Bank of the West", "University of the
    /// Witwatersrand") to decoding.
    #[test]
    fn scoring_only_the_tokens_that_need_it_keeps_every_label() {
        let Some(t) = crate::extract::ner::global() else {
            panic!("embedded model loads")
        };
        let mut texts: Vec<String> = [
            "Fiona Kibet, who banks with Bank of the West, studied at the University of the \
             Witwatersrand and supports Queen of the South. She said the Bank of the West \
             loan was approved by the Federal Reserve Bank of New York.",
            "The Organisation for the Prohibition of Chemical Weapons and the Church of Jesus \
             Christ of Latter-day Saints met the Secretary of State for Foreign and \
             Commonwealth Affairs in The Hague. Lord of the Rings fans cheered.",
            "OBAMA IN BERLIN\n\nBarack Obama met Angela Merkel in Berlin on Monday. Mr. Smith \
             of Reuters said the Bill and Melinda Gates Foundation gave $5 million.",
        ]
        .map(String::from)
        .to_vec();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        for e in walkdir::WalkDir::new(root) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        assert!(texts.len() > 20);
        let (mut late_predicted, mut late_not_lower) = (0, 0);
        let (mut n_tokens, mut n_upfront) = (0, 0);
        let mut lower_inside = 0;
        for text in &texts {
            let (mut toks, mut sents) = (Vec::new(), Vec::new());
            tokenize(text, &mut toks, &mut sents);
            let mut all = Scratch {
                upfront: Upfront::All,
                ..Scratch::default()
            };
            t.label_tokens_passes(text, &toks, &sents, &mut all, t.passes);
            assert_eq!(all.late, 0, "{text}");
            lower_inside += (0..toks.len())
                .filter(|&i| is_lower(&all.doc, i) && all.labels[i] != 0)
                .count();
            for upfront in [Upfront::Predicted, Upfront::StartersOnly] {
                let mut s = Scratch {
                    upfront,
                    ..Scratch::default()
                };
                t.label_tokens_passes(text, &toks, &sents, &mut s, t.passes);
                assert_eq!(s.labels1, all.labels1, "{upfront:?}: {text}");
                assert_eq!(s.labels, all.labels, "{upfront:?}: {text}");
                if upfront == Upfront::Predicted {
                    late_predicted += s.late;
                    n_tokens += toks.len();
                    n_upfront += s.has.iter().filter(|&&h| h & HAS_STATIC != 0).count();
                } else {
                    late_not_lower += s.late;
                }
            }
        }
        // the texts have lower-case words inside entities, and decoding scored them
        assert!(lower_inside >= 10, "{lower_inside}");
        assert!(
            late_not_lower >= lower_inside,
            "{late_not_lower} {lower_inside}"
        );
        // the shortcut skips most lower-case words
        assert!(n_upfront * 10 < n_tokens * 7, "{n_upfront} of {n_tokens}");
        eprintln!("{n_upfront} of {n_tokens} tokens up front, {late_predicted} late");
    }

    /// Treating separating punctuation as never starting an entity (so that its weights
    /// are not summed) changes no label: over the sample corpus, the house-styles test
    /// set and texts dense with punctuation inside names, a tagger without the rule
    /// labels every token the same, in both passes; and the rule leaves out tokens.
    #[test]
    fn separators_never_starting_an_entity_changes_no_label() {
        let Some(t) = crate::extract::ner::global() else {
            panic!("embedded model loads")
        };
        let gaz = Gazetteers::from_files(&crate::extract::ner::embedded_gazetteer_files());
        let mut without = Tagger::new(crate::extract::ner::MODEL, gaz).expect("model loads");
        // no token's lower-case hash is all ones in these texts (checked below)
        without.separators = [u64::MAX; SEPARATORS.len()];
        let mut texts: Vec<String> = [
            "Yahoo! and Toys \"R\" Us met St. Louis officials in Washington, D.C., on Monday. \
             \"No,\" said J.P. Morgan Chase & Co. -- and A.B.C. News. (AP) -- NEW YORK: \
             Procter & Gamble Co.; Marks & Spencer... Jeopardy! Panic! at the Disco.",
            "WASHINGTON (Reuters) - U.S. President Barack Obama, speaking in St. Paul, \
             Minn., said: \"We will.\" Gov. Jerry Brown, D-Calif., and Sen. Ted Cruz, \
             R-Texas, disagreed \u{2014} as did Ban Ki-moon\u{2026} and O\u{2019}Neill.",
            // quote marks may start one (this house style's `''` did in PolNeAR)
            "''Golf is a razor-thin industry,'' Mr. Hedge said. ''Marco gets it.'' \
             ''Obama doesn't get along with Putin,'' he said on ABC's ''This Week.'' \
             ''Putin can't stand our president.'' ''If Hillary thinks so, fine.''",
        ]
        .map(String::from)
        .to_vec();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["sample_corpus", "tests/house_styles/articles"] {
            for e in walkdir::WalkDir::new(root.join(dir)) {
                let e = e.unwrap();
                if e.file_type().is_file() {
                    texts.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        assert!(texts.len() > 150, "{}", texts.len());
        let (mut skipped, mut n_tokens) = (0, 0);
        for text in &texts {
            let (mut toks, mut sents) = (Vec::new(), Vec::new());
            tokenize(text, &mut toks, &mut sents);
            let (mut a, mut b) = (Scratch::default(), Scratch::default());
            t.label_tokens_passes(text, &toks, &sents, &mut a, t.passes);
            without.label_tokens_passes(text, &toks, &sents, &mut b, t.passes);
            assert!(b.doc.infos.iter().all(|i| i.low != u64::MAX));
            assert_eq!(a.labels1, b.labels1, "{text}");
            assert_eq!(a.labels, b.labels, "{text}");
            let up_front = |s: &Scratch| s.has.iter().filter(|&&h| h & HAS_STATIC != 0).count();
            skipped += up_front(&b) - up_front(&a);
            n_tokens += toks.len();
        }
        // separators are a few in a hundred tokens
        assert!(skipped * 50 > n_tokens, "{skipped} of {n_tokens}");
        eprintln!("{skipped} of {n_tokens} tokens not scored up front for the rule");
    }

    /// Buffers reused from one article to the next (as `tag` does per thread) give the
    /// same spans as fresh ones: nothing of an article leaks into the next.
    #[test]
    fn reused_buffers_give_the_same_spans_as_fresh_ones() {
        let Some(t) = crate::extract::ner::global() else {
            panic!("embedded model loads")
        };
        let docs = [
            "OBAMA IN BERLIN\n\nBarack Obama met Angela Merkel in Berlin. Obama said \
             Berlin and Washington agree. Merkel thanked Obama.",
            "Smith left Paris for Lyon on Monday. Smith , Smith and Smith met Smith . Smith , \
             Smith , Smith , Smith , Smith spoke to Reuters in Paris.",
            "Nokia and Siemens said on Tuesday that Nokia Siemens Networks would cut jobs in \
             Finland and Germany. Siemens shares rose.",
        ];
        let mut s = Scratch::default();
        for _ in 0..2 {
            for d in docs {
                let fresh = t.tag_with(d, &mut Scratch::default());
                assert!(!fresh.is_empty(), "{d}");
                assert_eq!(t.tag_with(d, &mut s), fresh, "{d}");
                assert_eq!(t.tag(d), fresh, "{d}");
            }
        }
    }
}
