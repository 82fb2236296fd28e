//! Compact model: quantized sparse weights, versioned binary format, and the
//! open-addressing table used at tag time.
//!
//! File format (little endian):
//! ```text
//! magic   8 bytes  "NDXNER\x1a\x01"
//! version u16      (FORMAT_VERSION)
//! featver u16      (features::FEATURE_VERSION)
//! nlabels u8, nmodels u8, wbytes u8 (1 = 8-bit mu-law codes, 2 = i16), reserved u8
//! gazfp   u64      gazetteer fingerprint used in training (0 = none)
//! feats   u64      optional feature groups used (features::X_* bits)
//! per model:
//!   scale f32      (weight = q / scale)
//!   nfeat u32
//!   keys            nfeat varints: deltas of the ascending u32 feature ids
//!   rows            per feature: varint class mask, then per set bit one i16
//!                   (wbytes 2) or one 8-bit mu-law code (wbytes 1)
//! check   u64      hash of everything before it
//! ```

use crate::extract::ner::features::FEATURE_VERSION;
use crate::extract::ner::hash;
use crate::extract::ner::labels::NL;
use std::fmt;

/// The first 8 bytes of every model file.
pub const MAGIC: &[u8; 8] = b"NDXNER\x1a\x01";
/// Version of the binary layout above; files with another version are refused.
pub const FORMAT_VERSION: u16 = 1;

/// Why a model file (`models/ner.bin` or a freshly trained one) does not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The file does not start with `MAGIC`: not a newsdex NER model.
    BadMagic,
    /// The layout version (the value read) is not `FORMAT_VERSION`.
    UnsupportedVersion(u16),
    /// The model's feature ids were computed by another feature extractor: retrain.
    FeatureVersion {
        /// `features::FEATURE_VERSION` the model was trained with.
        model: u16,
        /// `features::FEATURE_VERSION` of this build.
        code: u16,
    },
    /// The file ends before its header or a model section is complete.
    Truncated,
    /// The bytes do not add up; names the part that failed (`"checksum"`, `"key"`).
    Corrupt(&'static str),
    /// The file could not be read; the OS error text.
    Io(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BadMagic => write!(f, "not a newsdex NER model (bad magic)"),
            Error::UnsupportedVersion(v) => write!(f, "unsupported model format version {v}"),
            Error::FeatureVersion { model, code } => {
                write!(
                    f,
                    "model built for feature version {model}, code expects {code}"
                )
            }
            Error::Truncated => write!(f, "model file truncated"),
            Error::Corrupt(w) => write!(f, "model file corrupt: {w}"),
            Error::Io(e) => write!(f, "io: {e}"),
        }
    }
}

impl std::error::Error for Error {}

/// One sparse linear model: sorted feature ids with dense-by-class weights.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseModel {
    /// Quantization scale: a stored weight `q` is `q / scale` in perceptron units.
    pub scale: f32,
    /// Feature ids (see `hash::fid`), ascending and unique.
    pub keys: Vec<u32>,
    /// Quantized weights per label id, `rows[i]` for `keys[i]`; 0 = no weight.
    pub rows: Vec<[i16; NL]>,
}

impl SparseModel {
    /// Quantize float weights (`(id, weights)` in any order). Weights with
    /// |w| < `prune` (absolute, in averaged-perceptron update units) are dropped;
    /// features left without weights are removed. `wbytes` 2 = linear i16,
    /// 1 = 8-bit mu-law codes (expanded to i16 at load).
    pub fn quantize(mut feats: Vec<(u32, [f32; NL])>, prune: f32, wbytes: u8) -> SparseModel {
        feats.sort_unstable_by_key(|f| f.0);
        let maxabs = feats
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, &x| m.max(x.abs()));
        let scale = if maxabs > 0.0 { 32767.0 / maxabs } else { 1.0 };
        let lut = mulaw_table();
        let mut keys = Vec::new();
        let mut rows = Vec::new();
        for (k, w) in feats {
            let mut row = [0i16; NL];
            let mut any = false;
            for c in 0..NL {
                if w[c].abs() >= prune && w[c] != 0.0 {
                    let q = (w[c] * scale).round().clamp(-32767.0, 32767.0) as i16;
                    let q = if wbytes == 1 {
                        lut[mulaw_encode(q) as u8 as usize]
                    } else {
                        q
                    };
                    if q != 0 {
                        row[c] = q;
                        any = true;
                    }
                }
            }
            if any {
                keys.push(k);
                rows.push(row);
            }
        }
        SparseModel { scale, keys, rows }
    }
}

const MU: f64 = 255.0;

/// 8-bit code -> i16 value (mu-law companding over [-32767, 32767]).
pub fn mulaw_table() -> [i16; 256] {
    let mut t = [0i16; 256];
    for (code, v) in t.iter_mut().enumerate() {
        let q = code as u8 as i8 as f64;
        let m = q.abs() / 127.0;
        let y = 32767.0 * (((1.0 + MU).powf(m) - 1.0) / MU);
        *v = (q.signum() * y).round() as i16;
    }
    t
}

/// i16 value -> nearest 8-bit code.
pub fn mulaw_encode(v: i16) -> i8 {
    let x = (v as f64).abs() / 32767.0;
    let m = (1.0 + MU * x).ln() / (1.0 + MU).ln();
    let q = (m * 127.0).round().min(127.0) as i8;
    if v < 0 {
        -q
    } else {
        q
    }
}

/// All models of a tagger (pass 1, optionally pass 2) plus metadata.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelFile {
    /// Bytes per stored weight: 2 = linear i16, 1 = 8-bit mu-law code.
    pub wbytes: u8,
    /// [`Gazetteers::fingerprint`](crate::extract::ner::Gazetteers::fingerprint) of
    /// the gazetteers used in training; 0 = trained without gazetteers.
    pub gaz_fingerprint: u64,
    /// optional feature groups the model was trained with (`features::X_*`)
    pub feat_flags: u64,
    /// The pass-1 model, then the pass-2 model when trained with two passes.
    pub models: Vec<SparseModel>,
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        if self.p + n > self.b.len() {
            return Err(Error::Truncated);
        }
        let s = &self.b[self.p..self.p + n];
        self.p += n;
        Ok(s)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, Error> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    #[inline]
    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            if self.p >= self.b.len() {
                return Err(Error::Truncated);
            }
            let c = self.b[self.p];
            self.p += 1;
            v |= ((c & 0x7f) as u64) << shift;
            if c & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err(Error::Corrupt("varint"));
            }
        }
    }
}

impl ModelFile {
    /// Serialize in the format above (what `train-ner --out` writes); deterministic,
    /// so the same models give byte-identical files.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.push(NL as u8);
        out.push(self.models.len() as u8);
        out.push(self.wbytes);
        out.push(0);
        out.extend_from_slice(&self.gaz_fingerprint.to_le_bytes());
        out.extend_from_slice(&self.feat_flags.to_le_bytes());
        for m in &self.models {
            out.extend_from_slice(&m.scale.to_le_bytes());
            out.extend_from_slice(&(m.keys.len() as u32).to_le_bytes());
            let mut prev = 0u32;
            for &k in &m.keys {
                put_varint(&mut out, (k - prev) as u64);
                prev = k;
            }
            for row in &m.rows {
                let mut mask = 0u64;
                for (c, &w) in row.iter().enumerate() {
                    if w != 0 {
                        mask |= 1 << c;
                    }
                }
                put_varint(&mut out, mask);
                for &w in row.iter() {
                    if w != 0 {
                        if self.wbytes == 1 {
                            out.push(mulaw_encode(w) as u8);
                        } else {
                            out.extend_from_slice(&w.to_le_bytes());
                        }
                    }
                }
            }
        }
        let check = checksum(&out);
        out.extend_from_slice(&check.to_le_bytes());
        out
    }

    /// Parse a whole model file (the inverse of [`ModelFile::to_bytes`]); an
    /// [`Error`] when the magic, versions or checksum do not match.
    pub fn from_bytes(b: &[u8]) -> Result<ModelFile, Error> {
        let mut models: Vec<SparseModel> = Vec::new();
        let (wbytes, gaz_fingerprint, feat_flags) = parse(b, |ev| match ev {
            Event::Model(_, scale, n) => models.push(SparseModel {
                scale,
                keys: Vec::with_capacity(n),
                rows: Vec::with_capacity(n),
            }),
            Event::Row(m, key, row) => {
                models[m].keys.push(key);
                models[m].rows.push(*row);
            }
        })?;
        Ok(ModelFile {
            wbytes,
            gaz_fingerprint,
            feat_flags,
            models,
        })
    }
}

/// Fast checksum over 8-byte words.
fn checksum(b: &[u8]) -> u64 {
    let mut h = 7u64;
    let mut it = b.chunks_exact(8);
    for c in &mut it {
        h = (h ^ u64::from_le_bytes(c.try_into().unwrap()))
            .wrapping_mul(hash::K)
            .rotate_left(29);
    }
    for &c in it.remainder() {
        h = hash::add(h, c as u64);
    }
    hash::fmix(h ^ b.len() as u64)
}

/// What [`parse`] reports, in file order: each model's header, then its rows.
pub enum Event<'r> {
    /// (model index, scale, number of features)
    Model(usize, f32, usize),
    /// (model index, feature id, weights)
    Row(usize, u32, &'r [i16; NL]),
}

/// Streaming parser: calls `on` with [`Event::Model`] then one [`Event::Row`] per
/// feature of that model, without building a [`ModelFile`]. Returns (wbytes,
/// gazetteer fingerprint, feature flags); checks the magic, versions and checksum.
pub fn parse(b: &[u8], mut on: impl FnMut(Event)) -> Result<(u8, u64, u64), Error> {
    if b.len() < 8 || &b[..8] != MAGIC {
        return Err(Error::BadMagic);
    }
    if b.len() < 8 + 16 + 8 {
        return Err(Error::Truncated);
    }
    let body = &b[..b.len() - 8];
    let check = u64::from_le_bytes(b[b.len() - 8..].try_into().unwrap());
    let mut r = Reader { b: body, p: 8 };
    let ver = r.u16()?;
    if ver != FORMAT_VERSION {
        return Err(Error::UnsupportedVersion(ver));
    }
    let fv = r.u16()?;
    if fv != FEATURE_VERSION {
        return Err(Error::FeatureVersion {
            model: fv,
            code: FEATURE_VERSION,
        });
    }
    if checksum(body) != check {
        return Err(Error::Corrupt("checksum"));
    }
    let nl = r.u8()? as usize;
    if nl != NL {
        return Err(Error::Corrupt("label count"));
    }
    let nm = r.u8()? as usize;
    let wbytes = r.u8()?;
    if wbytes != 1 && wbytes != 2 {
        return Err(Error::Corrupt("weight width"));
    }
    let _ = r.u8()?;
    let gaz_fingerprint = r.u64()?;
    let feat_flags = r.u64()?;
    let lut = mulaw_table();
    let mut keys: Vec<u32> = Vec::new();
    for mi in 0..nm {
        let scale = f32::from_le_bytes(r.take(4)?.try_into().unwrap());
        let n = r.u32()? as usize;
        if n > body.len() {
            return Err(Error::Corrupt("feature count"));
        }
        on(Event::Model(mi, scale, n));
        keys.clear();
        keys.reserve(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev += r.varint()?;
            if prev > u32::MAX as u64 {
                return Err(Error::Corrupt("key"));
            }
            keys.push(prev as u32);
        }
        for &key in &keys {
            let mask = r.varint()?;
            if mask >> NL != 0 {
                return Err(Error::Corrupt("mask"));
            }
            let mut row = [0i16; NL];
            let mut m = mask;
            if wbytes == 1 {
                let k = mask.count_ones() as usize;
                let ws = r.take(k)?;
                let mut j = 0;
                while m != 0 {
                    let c = m.trailing_zeros() as usize;
                    m &= m - 1;
                    row[c] = lut[ws[j] as usize];
                    j += 1;
                }
            } else {
                while m != 0 {
                    let c = m.trailing_zeros() as usize;
                    m &= m - 1;
                    row[c] = i16::from_le_bytes(r.take(2)?.try_into().unwrap());
                }
            }
            on(Event::Row(mi, key, &row));
        }
    }
    if r.p != body.len() {
        return Err(Error::Corrupt("trailing bytes"));
    }
    Ok((wbytes, gaz_fingerprint, feat_flags))
}

/// Width of a table row: pass-1 weights then pass-2 weights.
pub const RW: usize = 2 * NL;

/// Open-addressing hash table from feature id to a row of both passes' weights.
pub struct Table {
    shift: u32,
    mask: usize,
    /// slot -> (key << 32 | row index + 1); 0 = empty
    slots: Vec<u64>,
    pub rows: Vec<[i16; RW]>,
}

impl Table {
    pub fn build(models: &[SparseModel]) -> Table {
        // union of keys (each model's keys are sorted): merge
        let mut n_est = 0;
        for m in models {
            n_est += m.keys.len();
        }
        let mut cap = 16usize;
        while cap < n_est * 2 {
            cap <<= 1;
        }
        let mut t = Table {
            shift: 32 - cap.trailing_zeros(),
            mask: cap - 1,
            slots: vec![0u64; cap],
            rows: Vec::with_capacity(n_est),
        };
        for (mi, m) in models.iter().enumerate().take(2) {
            for (k, row) in m.keys.iter().zip(m.rows.iter()) {
                let ix = match t.get(*k) {
                    Some(ix) => ix,
                    None => t.insert(*k),
                };
                t.rows[ix][mi * NL..(mi + 1) * NL].copy_from_slice(row);
            }
        }
        t
    }

    /// Parse a model file straight into a table (no intermediate copies).
    /// Returns (table, number of models, gazetteer fingerprint, feature flags).
    pub fn from_bytes(b: &[u8]) -> Result<(Table, usize, u64, u64), Error> {
        let mut t: Option<Table> = None;
        let mut nm = 0usize;
        let (_, fp, flags) = parse(b, |ev| match ev {
            Event::Model(mi, _, n) => {
                nm = mi + 1;
                if t.is_none() {
                    // the union of both passes' features is about 1.2x one pass
                    let est = n + n / 4 + 16;
                    let mut cap = 16usize;
                    while cap < est * 2 {
                        cap <<= 1;
                    }
                    t = Some(Table {
                        shift: 32 - cap.trailing_zeros(),
                        mask: cap - 1,
                        slots: vec![0u64; cap],
                        rows: Vec::with_capacity(est),
                    });
                }
            }
            Event::Row(mi, key, row) => {
                if mi >= 2 {
                    return;
                }
                let t = t.as_mut().unwrap();
                let ix = match t.get(key) {
                    Some(ix) => ix,
                    None => {
                        if t.rows.len() * 2 >= t.slots.len() {
                            t.grow();
                        }
                        t.insert(key)
                    }
                };
                t.rows[ix][mi * NL..(mi + 1) * NL].copy_from_slice(row);
            }
        })?;
        let t = t.unwrap_or_else(|| Table::build(&[]));
        Ok((t, nm, fp, flags))
    }

    fn grow(&mut self) {
        let cap = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![0u64; cap]);
        self.shift = 32 - cap.trailing_zeros();
        self.mask = cap - 1;
        for v in old {
            if v != 0 {
                let key = (v >> 32) as u32;
                let mut s = self.slot_of(key);
                while self.slots[s] != 0 {
                    s = (s + 1) & self.mask;
                }
                self.slots[s] = v;
            }
        }
    }

    #[inline(always)]
    fn slot_of(&self, key: u32) -> usize {
        // feature ids are uniformly distributed hashes: the top bits index the table,
        // so inserting sorted ids touches slots sequentially
        (key >> self.shift) as usize
    }

    fn insert(&mut self, key: u32) -> usize {
        let mut s = self.slot_of(key);
        loop {
            if self.slots[s] == 0 {
                let ix = self.rows.len();
                self.rows.push([0; RW]);
                self.slots[s] = ((key as u64) << 32) | (ix as u64 + 1);
                return ix;
            }
            s = (s + 1) & self.mask;
        }
    }

    #[inline(always)]
    pub fn get(&self, key: u32) -> Option<usize> {
        let mut s = self.slot_of(key);
        loop {
            let v = unsafe { *self.slots.get_unchecked(s) };
            if v == 0 {
                return None;
            }
            if (v >> 32) as u32 == key {
                return Some((v & 0xffff_ffff) as usize - 1);
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Hint the cache to load the slot `key` hashes to (a lookup soon after hits it).
    #[inline(always)]
    pub fn prefetch_key(&self, key: u32) {
        prefetch(self.slots.as_ptr().wrapping_add(self.slot_of(key)) as *const i8);
    }

    /// Hint the cache to load row `ix` (both of its cache lines).
    #[inline(always)]
    pub fn prefetch_row(&self, ix: usize) {
        let p = self.rows.as_ptr().wrapping_add(ix) as *const i8;
        prefetch(p);
        prefetch(p.wrapping_add(std::mem::size_of::<[i16; RW]>() - 1));
    }

    /// Number of feature rows (distinct feature ids kept by the model).
    pub fn len(&self) -> usize {
        self.rows.len()
    }
}

/// A cache prefetch hint; never faults, whatever the address.
#[inline(always)]
fn prefetch(p: *const i8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint; it does not dereference `p` and never faults.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p)
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
