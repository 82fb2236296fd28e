//! Training: CoNLL reader, averaged perceptron, two-pass training with jackknifed
//! pass-1 labels for the document-level features of pass 2.

use crate::extract::ner::features::{
    dyn_word_features, next_low, trans1_feature, trans2_feature, DocFeatures, DocLabels,
    DEFAULT_FEAT, START,
};
use crate::extract::ner::gazetteer::Gazetteers;
use crate::extract::ner::labels::{allowed_mask, from_iob, spans, NL};
use crate::extract::ner::model::{ModelFile, SparseModel};
use crate::extract::ner::tagger::{Scratch, Tagger};
use crate::extract::ner::tokenize::{Sentence, Token};
use rustc_hash::FxHashMap;

/// A gold document: text rebuilt like conll_to_docs.py (tokens joined by spaces,
/// one sentence per line) with the gold tokenization.
pub struct GoldDoc {
    /// The document text: `"EU rejects German call ...\n"`, one sentence a line.
    pub text: String,
    /// The CoNLL tokens, as byte offsets into `text`.
    pub(crate) tokens: Vec<Token>,
    /// One sentence per CoNLL sentence, as token index ranges.
    pub(crate) sents: Vec<Sentence>,
    /// Gold BILOU label id per token (converted from the IOB tags; 0 = O).
    pub labels: Vec<u8>,
}

/// Parse a CoNLL-2003 file (word first, NER tag last on each line; blank lines end
/// sentences, `-DOCSTART-` lines end documents) into gold documents. Lines with fewer
/// than two columns are skipped; never fails.
pub fn read_conll(contents: &str) -> Vec<GoldDoc> {
    let mut docs = Vec::new();
    let mut cur: Vec<Vec<(String, String)>> = Vec::new();
    let mut sent: Vec<(String, String)> = Vec::new();
    let flush_doc = |cur: &mut Vec<Vec<(String, String)>>, docs: &mut Vec<GoldDoc>| {
        if cur.is_empty() {
            return;
        }
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut sents = Vec::new();
        let mut labels = Vec::new();
        for s in cur.iter() {
            let st = tokens.len();
            for (k, (w, _)) in s.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let a = text.len();
                text.push_str(w);
                tokens.push(Token {
                    start: a,
                    end: text.len(),
                });
            }
            text.push('\n');
            sents.push(Sentence {
                start: st,
                end: tokens.len(),
            });
            let tags: Vec<&str> = s.iter().map(|(_, t)| t.as_str()).collect();
            labels.extend(from_iob(&tags));
        }
        docs.push(GoldDoc {
            text,
            tokens,
            sents,
            labels,
        });
        cur.clear();
    };
    for line in contents.lines() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                cur.push(std::mem::take(&mut sent));
            }
            flush_doc(&mut cur, &mut docs);
            continue;
        }
        if line.trim().is_empty() {
            if !sent.is_empty() {
                cur.push(std::mem::take(&mut sent));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            continue;
        }
        sent.push((cols[0].to_string(), cols[cols.len() - 1].to_string()));
    }
    if !sent.is_empty() {
        cur.push(sent);
    }
    flush_doc(&mut cur, &mut docs);
    docs
}

/// Averaged perceptron with lazy-free averaging (w - u/c).
pub(crate) struct Perceptron {
    map: FxHashMap<u32, u32>,
    w: Vec<[f32; NL]>,
    u: Vec<[f64; NL]>,
    c: f64,
}

impl Default for Perceptron {
    fn default() -> Self {
        Self::new()
    }
}

impl Perceptron {
    pub fn new() -> Self {
        Perceptron {
            map: FxHashMap::default(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    #[inline]
    pub fn score(&self, fids: &[u32], s: &mut [f32; NL]) {
        for f in fids {
            if let Some(&ix) = self.map.get(f) {
                let w = &self.w[ix as usize];
                for k in 0..NL {
                    s[k] += w[k];
                }
            }
        }
    }

    pub fn update(&mut self, fids: &[u32], gold: usize, pred: usize) {
        for &f in fids {
            let n = self.w.len() as u32;
            let ix = *self.map.entry(f).or_insert(n) as usize;
            if ix == self.w.len() {
                self.w.push([0.0; NL]);
                self.u.push([0.0; NL]);
            }
            self.w[ix][gold] += 1.0;
            self.w[ix][pred] -= 1.0;
            self.u[ix][gold] += self.c;
            self.u[ix][pred] -= self.c;
        }
    }

    #[inline]
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    pub fn averaged(&self) -> Vec<(u32, [f32; NL])> {
        let mut out = Vec::with_capacity(self.map.len());
        for (&k, &ix) in &self.map {
            let mut r = [0f32; NL];
            for c in 0..NL {
                r[c] = (self.w[ix as usize][c] as f64 - self.u[ix as usize][c] / self.c) as f32;
            }
            out.push((k, r));
        }
        out.sort_unstable_by_key(|x| x.0);
        out
    }
}

/// Precomputed training instances of a set of documents.
pub(crate) struct Instances {
    /// flat static feature ids; token t has `feats[off[t]..off[t + 1]]`
    pub feats: Vec<u32>,
    pub off: Vec<usize>,
    /// pass-2 document features (may be empty)
    pub extra: Vec<u32>,
    pub extra_off: Vec<usize>,
    pub low: Vec<u64>,
    pub low_next: Vec<u64>,
    pub shape: Vec<u64>,
    pub gold: Vec<u8>,
    /// per doc: list of sentences as global token ranges
    pub docs: Vec<Vec<(usize, usize)>>,
    pub flags: u64,
}

impl Instances {
    /// Drop feature occurrences whose id occurs fewer than `min_count` times.
    pub fn prune_rare(&mut self, min_count: usize) {
        if min_count <= 1 {
            return;
        }
        let mut cnt: FxHashMap<u32, u32> = FxHashMap::default();
        for &f in &self.feats {
            *cnt.entry(f).or_insert(0) += 1;
        }
        let mut nf = Vec::with_capacity(self.feats.len());
        let mut noff = Vec::with_capacity(self.off.len());
        noff.push(0);
        for t in 0..self.off.len() - 1 {
            for &f in &self.feats[self.off[t]..self.off[t + 1]] {
                if cnt[&f] as usize >= min_count {
                    nf.push(f);
                }
            }
            noff.push(nf.len());
        }
        self.feats = nf;
        self.off = noff;
    }

    pub fn build(docs: &[GoldDoc], gaz: &Gazetteers, flags: u64) -> Instances {
        let mut ins = Instances {
            feats: Vec::new(),
            off: vec![0],
            extra: Vec::new(),
            extra_off: vec![0],
            low: Vec::new(),
            low_next: Vec::new(),
            shape: Vec::new(),
            gold: Vec::new(),
            docs: Vec::new(),
            flags,
        };
        let mut d = DocFeatures::default();
        d.flags = flags;
        for doc in docs {
            d.build(&doc.text, &doc.tokens, &doc.sents, gaz);
            let base = ins.gold.len();
            for i in 0..doc.tokens.len() {
                d.static_features(i, &mut ins.feats);
                ins.off.push(ins.feats.len());
                ins.extra_off.push(0);
                ins.low.push(d.low(i));
                ins.low_next.push(next_low(&d, i));
                ins.shape.push(d.shape(i));
            }
            ins.gold.extend_from_slice(&doc.labels);
            ins.docs.push(
                doc.sents
                    .iter()
                    .map(|s| (base + s.start, base + s.end))
                    .collect(),
            );
        }
        ins
    }
}

/// Simple deterministic RNG (xorshift64*).
pub(crate) struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// One epoch of greedy perceptron training over the given docs (indices into ins.docs).
pub(crate) fn epoch(
    p: &mut Perceptron,
    ins: &Instances,
    order: &[usize],
    use_extra: bool,
) -> (usize, usize) {
    let mut buf: Vec<u32> = Vec::with_capacity(128);
    let (mut errs, mut n) = (0usize, 0usize);
    for &di in order {
        for &(ss, se) in &ins.docs[di] {
            let mut p1 = START;
            let mut p2 = START;
            for t in ss..se {
                buf.clear();
                buf.extend_from_slice(&ins.feats[ins.off[t]..ins.off[t + 1]]);
                if use_extra {
                    buf.extend_from_slice(&ins.extra[ins.extra_off[t]..ins.extra_off[t + 1]]);
                }
                buf.push(trans1_feature(p1));
                buf.push(trans2_feature(p2, p1));
                for f in dyn_word_features(ins.flags, p1, ins.low[t], ins.shape[t], ins.low_next[t])
                {
                    if f != 0 {
                        buf.push(f);
                    }
                }
                let mut sc = [0f32; NL];
                p.score(&buf, &mut sc);
                let mask = allowed_mask(p1, t + 1 == se);
                let mut best = usize::MAX;
                let mut bs = f32::MIN;
                for c in 0..NL {
                    if mask & (1 << c) != 0 && (best == usize::MAX || sc[c] > bs) {
                        best = c;
                        bs = sc[c];
                    }
                }
                let g = ins.gold[t] as usize;
                if best != g {
                    p.update(&buf, g, best);
                    errs += 1;
                }
                p.tick();
                n += 1;
                p2 = p1;
                p1 = best;
            }
        }
    }
    (errs, n)
}

/// Exact-span scores over PER/LOC/ORG (and MISC separately) on gold-tokenized docs.
#[derive(Default, Clone, Copy, Debug)]
pub(crate) struct Prf {
    pub tp: [usize; 4],
    pub pred: [usize; 4],
    pub gold: [usize; 4],
}

impl Prf {
    pub fn add(&mut self, gold: &[u8], pred: &[u8]) {
        let mut g = Vec::new();
        let mut p = Vec::new();
        spans(gold, &mut g);
        spans(pred, &mut p);
        for x in &g {
            self.gold[x.2] += 1;
        }
        for x in &p {
            self.pred[x.2] += 1;
            if g.contains(x) {
                self.tp[x.2] += 1;
            }
        }
    }
    pub fn f1(&self, types: &[usize]) -> f64 {
        let tp: usize = types.iter().map(|&t| self.tp[t]).sum();
        let np: usize = types.iter().map(|&t| self.pred[t]).sum();
        let ng: usize = types.iter().map(|&t| self.gold[t]).sum();
        let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
        let r = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
    /// micro F1 over PER/LOC/ORG
    pub fn micro(&self) -> f64 {
        self.f1(&[0, 1, 2])
    }
}

/// Exact-span scores of `tagger` on gold-tokenized `docs`.
pub(crate) fn evaluate(tagger: &Tagger, docs: &[GoldDoc]) -> Prf {
    let mut s = Scratch::default();
    let mut prf = Prf::default();
    for d in docs {
        tagger.label_tokens(&d.text, &d.tokens, &d.sents, &mut s);
        prf.add(&d.labels, &s.labels);
    }
    prf
}

/// Settings of [`train`]; the defaults built `models/ner.bin`, and `train-ner` flags
/// (`--epochs1`, `--folds`, `--one-pass`, ...) override single fields.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    /// Pass-1 epochs over the training docs (default 15).
    pub epochs1: usize,
    /// Pass-2 epochs (default 15); unused when `two_pass` is false.
    pub epochs2: usize,
    /// Jackknife folds for the pass-1 labels pass 2 learns from (default 5; at least
    /// 2 are used).
    pub folds: usize,
    /// Seed of the document shuffles (default 1); the same seed and data give the
    /// same model.
    pub seed: u64,
    /// Weights with |w| below this (averaged-perceptron units) are dropped when
    /// quantizing (default 0.35).
    pub prune: f32,
    /// Bytes per stored weight: 2 = i16 (default), 1 = 8-bit mu-law.
    pub wbytes: u8,
    /// Train the pass-2 model with document-level features (default true).
    pub two_pass: bool,
    /// Print progress and per-epoch dev scores to stderr (default true).
    pub verbose: bool,
    /// Drop feature ids seen fewer times than this in training (default 1 = keep all).
    pub min_count: usize,
    /// Perceptrons trained per pass on reshuffled data and averaged (default 3).
    pub bags: usize,
    /// Optional feature groups (`features::X_*` bits) to use; stored in the model.
    pub feat_flags: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs1: 15,
            epochs2: 15,
            folds: 5,
            seed: 1,
            prune: 0.35,
            wbytes: 2,
            two_pass: true,
            verbose: true,
            min_count: 1,
            bags: 3,
            feat_flags: DEFAULT_FEAT,
        }
    }
}

fn train_pass(
    ins: &Instances,
    doc_ids: &[usize],
    epochs: usize,
    rng: &mut Rng,
    use_extra: bool,
    mut on_epoch: impl FnMut(usize, &Perceptron),
) -> Perceptron {
    let mut p = Perceptron::new();
    let mut order: Vec<usize> = doc_ids.to_vec();
    for e in 0..epochs {
        rng.shuffle(&mut order);
        epoch(&mut p, ins, &order, use_extra);
        on_epoch(e + 1, &p);
    }
    p
}

/// Average several weight vectors (missing features count as zero).
fn merge_avg(list: Vec<Vec<(u32, [f32; NL])>>) -> Vec<(u32, [f32; NL])> {
    let n = list.len() as f32;
    if list.len() == 1 {
        return list.into_iter().next().unwrap();
    }
    let mut m: FxHashMap<u32, [f32; NL]> = FxHashMap::default();
    for l in list {
        for (k, w) in l {
            let e = m.entry(k).or_insert([0.0; NL]);
            for c in 0..NL {
                e[c] += w[c] / n;
            }
        }
    }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_unstable_by_key(|x| x.0);
    v
}

fn mk_file(models: Vec<SparseModel>, cfg: &TrainConfig, gaz: &Gazetteers) -> ModelFile {
    ModelFile {
        wbytes: cfg.wbytes,
        gaz_fingerprint: gaz.fingerprint(),
        feat_flags: cfg.feat_flags,
        models,
    }
}

/// Full training. Returns the model file; prints per-epoch dev scores if `dev` is given.
pub fn train(
    train_docs: &[GoldDoc],
    dev: Option<&[GoldDoc]>,
    gaz: &Gazetteers,
    cfg: &TrainConfig,
) -> ModelFile {
    let t0 = std::time::Instant::now();
    let mut ins = Instances::build(train_docs, gaz, cfg.feat_flags);
    ins.prune_rare(cfg.min_count);
    if cfg.verbose {
        eprintln!(
            "instances: {} docs, {} tokens, {} feature occurrences ({:.1}s)",
            ins.docs.len(),
            ins.gold.len(),
            ins.feats.len(),
            t0.elapsed().as_secs_f64()
        );
    }
    let all: Vec<usize> = (0..ins.docs.len()).collect();
    let mut rng = Rng::new(cfg.seed);
    let report = |tag: &str, e: usize, mf: &ModelFile| {
        if let Some(dev) = dev {
            let tg = Tagger::from_model_file(mf, gaz.clone());
            let prf = evaluate(&tg, dev);
            eprintln!(
                "{tag} epoch {e:2}: dev micro_f1(PER/LOC/ORG)={:.4} PER={:.4} LOC={:.4} ORG={:.4} MISC={:.4} all4={:.4}  [{:.1}s]",
                prf.micro(),
                prf.f1(&[0]),
                prf.f1(&[1]),
                prf.f1(&[2]),
                prf.f1(&[3]),
                prf.f1(&[0, 1, 2, 3]),
                t0.elapsed().as_secs_f64()
            );
        }
    };
    // pass 1 on everything
    let p1 = train_pass(&ins, &all, cfg.epochs1, &mut rng, false, |e, p| {
        if dev.is_some() && (cfg.verbose || e == cfg.epochs1) {
            let m = SparseModel::quantize(p.averaged(), cfg.prune, cfg.wbytes);
            report("pass1", e, &mk_file(vec![m], cfg, gaz));
        }
    });
    let mut ws = vec![p1.averaged()];
    drop(p1);
    for _ in 1..cfg.bags {
        ws.push(train_pass(&ins, &all, cfg.epochs1, &mut rng, false, |_, _| {}).averaged());
    }
    let m1 = SparseModel::quantize(merge_avg(ws), cfg.prune, cfg.wbytes);
    if cfg.bags > 1 {
        report(
            "pass1-bagged",
            cfg.epochs1,
            &mk_file(vec![m1.clone()], cfg, gaz),
        );
    }
    if cfg.verbose {
        eprintln!("pass1: {} features kept", m1.keys.len());
    }
    if !cfg.two_pass {
        return mk_file(vec![m1], cfg, gaz);
    }
    // jackknife pass-1 labels for pass-2 document features
    let k = cfg.folds.max(2);
    let mut shuffled = all.clone();
    rng.shuffle(&mut shuffled);
    let mut fold_of = vec![0usize; all.len()];
    for (r, &d) in shuffled.iter().enumerate() {
        fold_of[d] = r % k;
    }
    let mut extra_per_doc: Vec<Vec<Vec<u32>>> = vec![Vec::new(); all.len()];
    for f in 0..k {
        let tr: Vec<usize> = all.iter().copied().filter(|&d| fold_of[d] != f).collect();
        let p = train_pass(&ins, &tr, cfg.epochs1, &mut rng, false, |_, _| {});
        let m = SparseModel::quantize(p.averaged(), cfg.prune, cfg.wbytes);
        let tg = Tagger::from_model_file(&mk_file(vec![m], cfg, gaz), gaz.clone());
        let mut s = Scratch::default();
        let mut dl = DocLabels::default();
        let mut prf = Prf::default();
        for d in all.iter().copied().filter(|&d| fold_of[d] == f) {
            let doc = &train_docs[d];
            tg.label_tokens_passes(&doc.text, &doc.tokens, &doc.sents, &mut s, 1);
            prf.add(&doc.labels, &s.labels1);
            dl.build(&s.doc, &s.labels1);
            let mut per_tok = Vec::with_capacity(doc.tokens.len());
            for i in 0..doc.tokens.len() {
                let mut v = Vec::new();
                dl.features(&s.doc, &s.labels1, i, &mut v);
                per_tok.push(v);
            }
            extra_per_doc[d] = per_tok;
        }
        if cfg.verbose {
            eprintln!(
                "fold {f}: held-out pass-1 micro_f1={:.4} [{:.1}s]",
                prf.micro(),
                t0.elapsed().as_secs_f64()
            );
        }
    }
    ins.extra.clear();
    ins.extra_off.clear();
    ins.extra_off.push(0);
    for per_tok in &extra_per_doc {
        for v in per_tok {
            ins.extra.extend_from_slice(v);
            ins.extra_off.push(ins.extra.len());
        }
    }
    let p2 = train_pass(&ins, &all, cfg.epochs2, &mut rng, true, |e, p| {
        if dev.is_some() && (cfg.verbose || e == cfg.epochs2) {
            let m2 = SparseModel::quantize(p.averaged(), cfg.prune, cfg.wbytes);
            report("pass2", e, &mk_file(vec![m1.clone(), m2], cfg, gaz));
        }
    });
    let mut ws = vec![p2.averaged()];
    drop(p2);
    for _ in 1..cfg.bags {
        ws.push(train_pass(&ins, &all, cfg.epochs2, &mut rng, true, |_, _| {}).averaged());
    }
    let m2 = SparseModel::quantize(merge_avg(ws), cfg.prune, cfg.wbytes);
    if cfg.bags > 1 {
        report(
            "pass2-bagged",
            cfg.epochs2,
            &mk_file(vec![m1.clone(), m2.clone()], cfg, gaz),
        );
    }
    if cfg.verbose {
        eprintln!("pass2: {} features kept", m2.keys.len());
    }
    mk_file(vec![m1, m2], cfg, gaz)
}
