//! Exact facet counts over a whole result set, fast: a collector that counts each
//! document's facet ordinals into a plain array per segment, then turns only the values
//! that can be in the top list back into text and counts each of them exactly in every
//! segment. (tantivy's `FacetCollector` walks the whole facet dictionary and decodes
//! every counted value on every query, which costs hundreds of milliseconds on a large
//! archive.)
//!
//! Ordinals are per segment, so a value's total is the sum of its counts in every
//! segment's array. The top list is found with a threshold algorithm, exact with ties:
//!
//! 1. Each segment proposes its most frequent values (`k + 10`). A value a segment did
//!    not propose has at most the count of the best value it left out (its *bound*).
//! 2. Every proposed value is counted exactly: its ordinal is looked up in each
//!    segment's dictionary and the count read from that segment's array.
//! 3. A value never proposed has a total of at most the sum of the bounds. If that is
//!    below the k-th exact total, the list is the true top k. Otherwise a second round
//!    lowers the bounds until their sum is below it: each segment proposes every value
//!    whose count is above its share of (k-th total − 1), and those are counted
//!    exactly too. Totals only grow, so after that round no unseen value can reach the
//!    list, not even to tie with its last entry.
//!
//! With name groups ([`NameGroups`]: "Brandt" and "Hans Brandt" are one person), each
//! segment counts values as before, then moves the counts of a group's values onto its
//! representative ordinal (the group's lowest in that segment), less the documents
//! with two values of the group (listed per segment with the groups, and usually none),
//! so the representative's count is the exact number of documents with any of the
//! group's values there. A
//! representative is proposed under the group's canonical name, and a group is counted
//! in another segment by its representative there: the algorithm above is unchanged,
//! with a group in place of a value.
//!
//! When the index run wrote its facet ordinals file for the segments searched (see
//! [`crate::index::values::ordinals`]), none of that is needed: every segment's counts
//! are added into one array by archive-wide ordinal, a group's representatives into
//! one total per group, and each root's top list is read off those totals (`global_tops`).

use crate::index::values::groups::{root_index, NameGroups, SegmentTable, ROOTS};
use crate::index::values::ordinals::GlobalOrdinals;
use crate::search::ords::BlockReader;
use crate::search::FacetCount;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Dictionary, TermOrdHit};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the facets under each root and keeps the `k` most frequent values per root,
/// with exact counts, most frequent first, ties in value order.
pub struct TopFacets {
    roots: Vec<&'static str>,
    k: usize,
    estimate: bool,
    groups: Option<Arc<NameGroups>>,
    ordinals: Option<Arc<GlobalOrdinals>>,
}

impl TopFacets {
    /// Counts under each of `roots` (facet roots without the slash: `"person"`,
    /// `"country"`) and keeps the top `k` values of each.
    pub fn new(roots: &[&'static str], k: usize) -> TopFacets {
        TopFacets {
            roots: roots.to_vec(),
            k,
            estimate: false,
            groups: None,
            ordinals: None,
        }
    }

    /// Adds the segments' counts up by archive-wide ordinal (see
    /// [`crate::index::values::ordinals`]) instead of looking values up in each segment's
    /// dictionary, when `ordinals` describes every segment counted.
    pub fn with_ordinals(mut self, ordinals: Option<Arc<GlobalOrdinals>>) -> TopFacets {
        self.ordinals = ordinals;
        self
    }

    /// Counts the values of each of `groups` as one value, under its canonical name.
    pub fn with_groups(mut self, groups: Arc<NameGroups>) -> TopFacets {
        self.groups = (!groups.is_empty()).then_some(groups);
        self
    }

    /// Switches to the estimate newsdex used before counts were exact: the sum of each
    /// segment's own top list, so a value's count misses the segments where it was not
    /// in that list. Kept only so that `bench` can measure what exactness costs.
    #[doc(hidden)]
    pub fn estimate(mut self) -> TopFacets {
        self.estimate = true;
        self
    }
}

/// Per-segment counts, indexed by the segment's facet ordinal.
pub struct SegmentCounts {
    /// The segment counted, to key [`OrdCache`] lookups.
    segment: Option<SegmentId>,
    reader: Option<FacetReader>,
    /// The reader's ordinal column, read a block of documents at a time in
    /// `collect_block`.
    ords: Option<BlockReader>,
    counts: Vec<u32>,
    /// The segment's grouped values, when names are grouped.
    groups: Option<SegmentGroups>,
}

/// The grouped values of one segment (see the module documentation), as the name
/// groups' table holds them.
struct SegmentGroups {
    names: Arc<NameGroups>,
    /// The segment's position in the table.
    pos: usize,
    /// One bit per document: it has two values of one group (usually none, and then
    /// empty).
    overlaps: Vec<u64>,
    /// Per representative, the documents counted more than once under its group.
    extra: FxHashMap<u64, u32>,
    /// The representatives seen in the current document.
    seen: Vec<u64>,
}

impl SegmentGroups {
    fn new(groups: &Arc<NameGroups>, segment: &SegmentReader) -> Option<Self> {
        let pos = groups.segment_position(&segment.segment_id().uuid_string())?;
        let table = groups.segment(pos).filter(|t| !t.is_empty())?;
        let mut overlaps = Vec::new();
        if table.has_overlaps() {
            overlaps = vec![0; (segment.max_doc() as usize).div_ceil(64)];
            for d in table.overlaps() {
                if let Some(w) = overlaps.get_mut(d as usize / 64) {
                    *w |= 1 << (d % 64);
                }
            }
        }
        Some(SegmentGroups {
            names: groups.clone(),
            pos,
            overlaps,
            extra: FxHashMap::default(),
            seen: Vec::new(),
        })
    }

    fn table(&self) -> Option<SegmentTable<'_>> {
        self.names.segment(self.pos)
    }

    /// Whether `doc` has two values of one group.
    #[inline]
    fn is_overlap(&self, doc: DocId) -> bool {
        self.overlaps
            .get(doc as usize / 64)
            .is_some_and(|w| w & (1 << (doc % 64)) != 0)
    }

    /// Notes the representatives the ordinals of a document with two values of one group
    /// count more than once.
    fn overlap(&mut self, ords: impl Iterator<Item = u64>) {
        let Some(table) = self.names.segment(self.pos) else {
            return;
        };
        self.seen.clear();
        let mut prev = u64::MAX;
        for ord in ords {
            if ord == prev {
                continue;
            }
            prev = ord;
            let Some(rep) = table.representative(ord) else {
                continue;
            };
            if self.seen.contains(&rep) {
                *self.extra.entry(rep).or_default() += 1;
            } else {
                self.seen.push(rep);
            }
        }
    }

    /// Moves each group's counts onto its representative: the sum of its values'
    /// counts, less the documents counted twice.
    fn fold(&mut self, counts: &mut [u32]) {
        let Some(table) = self.names.segment(self.pos) else {
            return;
        };
        for (o, rep) in table.pairs() {
            if o == rep {
                continue;
            }
            let c = counts.get_mut(o as usize).map_or(0, std::mem::take);
            if let Some(r) = counts.get_mut(rep as usize) {
                *r += c;
            }
        }
        for (&rep, &n) in &self.extra {
            if let Some(r) = counts.get_mut(rep as usize) {
                *r = r.saturating_sub(n);
            }
        }
        self.extra.clear();
    }
}

/// Counts one document's ordinals. They come sorted; one given twice counts once (the
/// count is of documents).
#[inline]
fn count_doc(counts: &mut [u32], ords: impl Iterator<Item = u64>) {
    let mut prev = u64::MAX;
    for ord in ords {
        if ord == prev {
            continue;
        }
        prev = ord;
        if let Some(c) = counts.get_mut(ord as usize) {
            *c += 1;
        }
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(r) = &self.reader {
            count_doc(&mut self.counts, r.facet_ords(doc));
            if let Some(g) = self.groups.as_mut().filter(|g| g.is_overlap(doc)) {
                g.overlap(r.facet_ords(doc));
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if let Some(ords) = &mut self.ords {
            let counts = &mut self.counts;
            ords.for_each(docs, |o| count_doc(counts, o.iter().copied()));
        }
        // Groups are counted per value here and folded in `harvest`; only the rare
        // documents with two values of one group are looked at again.
        if let (Some(g), Some(r)) = (&mut self.groups, &self.reader) {
            if !g.overlaps.is_empty() {
                for &doc in docs {
                    if g.is_overlap(doc) {
                        g.overlap(r.facet_ords(doc));
                    }
                }
            }
        }
    }

    fn harvest(mut self) -> SegmentCounts {
        if let Some(g) = &mut self.groups {
            g.fold(&mut self.counts);
        }
        self
    }
}

/// Ordinals looked up in segments' facet dictionaries, kept for the life of the process:
/// a segment never changes, so what a value's ordinal is in it (or that it has none),
/// which value an ordinal stands for, and where a root's values start and end are found
/// once, and the searches of `newsdex
/// serve` share them. Each lookup otherwise decodes a dictionary block, in every segment,
/// for every candidate of every root. Bounded: emptied when it grows past
/// [`OrdCache::LIMIT`] entries.
struct OrdCache;

/// A segment and a dictionary key → the key's ordinal in that segment, if any.
/// Looked up per segment, then by the key as a slice, so a lookup allocates nothing.
#[derive(Default)]
struct OrdMap {
    by_segment: FxHashMap<SegmentId, FxHashMap<Box<[u8]>, Option<u64>>>,
    /// Entries over all segments.
    len: usize,
}

/// A segment and an ordinal → the dictionary key it stands for.
type KeyMap = FxHashMap<(SegmentId, u64), Box<[u8]>>;

impl OrdCache {
    const LIMIT: usize = 1 << 18;

    fn map() -> &'static Mutex<OrdMap> {
        static MAP: OnceLock<Mutex<OrdMap>> = OnceLock::new();
        MAP.get_or_init(Mutex::default)
    }

    /// The other way: a segment and an ordinal → its dictionary key.
    fn keys() -> &'static Mutex<KeyMap> {
        static KEYS: OnceLock<Mutex<KeyMap>> = OnceLock::new();
        KEYS.get_or_init(Mutex::default)
    }

    /// What `compute` gives for `key` in `segment`, from the cache when it is there.
    fn get(
        segment: Option<SegmentId>,
        key: &[u8],
        compute: impl FnOnce() -> std::io::Result<Option<u64>>,
    ) -> std::io::Result<Option<u64>> {
        let Some(id) = segment else {
            return compute();
        };
        let cached = Self::map()
            .lock()
            .ok()
            .and_then(|m| m.by_segment.get(&id)?.get(key).copied());
        if let Some(o) = cached {
            return Ok(o);
        }
        let o = compute()?;
        if let Ok(mut m) = Self::map().lock() {
            if m.len >= Self::LIMIT {
                *m = OrdMap::default();
            }
            if m.by_segment
                .entry(id)
                .or_default()
                .insert(key.into(), o)
                .is_none()
            {
                m.len += 1;
            }
        }
        Ok(o)
    }

    /// `dict.term_ord(key)`, through the cache.
    fn term_ord(
        segment: Option<SegmentId>,
        dict: &Dictionary,
        key: &[u8],
    ) -> std::io::Result<Option<u64>> {
        Self::get(segment, key, || dict.term_ord(key))
    }
}

/// The ordinal range of the facets under `root` in one segment's dictionary.
fn root_range(segment: Option<SegmentId>, reader: &FacetReader, root: &str) -> (u64, u64) {
    let n = reader.num_facets() as u64;
    // Cached under the bound itself with a 0xFF byte in front, which no facet key (UTF-8)
    // holds.
    let ord = |end: u8| {
        let mut key = vec![0xFF];
        key.extend_from_slice(root.as_bytes());
        key.push(end);
        let found = OrdCache::get(segment, &key, || {
            Ok(match reader.facet_dict().term_ord_or_next(&key[1..])? {
                TermOrdHit::Exact(o) | TermOrdHit::Next(o) => Some(o),
            })
        });
        found.ok().flatten().map_or(n, |o| o.min(n))
    };
    (ord(0), ord(1))
}

/// Collects the per-segment facet counts of a result set, from which the exact count of
/// any value and the exact top values of any root can then be read, as often as needed,
/// without searching again.
pub struct FacetCounts;

/// The fruit of [`FacetCounts`].
pub struct CountedFacets {
    segments: Vec<SegmentCounts>,
}

impl CountedFacets {
    /// The `k` most frequent values under `root`, exact (see the module documentation).
    pub fn top(&self, root: &str, k: usize) -> tantivy::Result<Vec<FacetCount>> {
        exact_top(&self.segments, root, k, None)
    }

    /// Every value under `root` that some document has, with its count, most frequent
    /// first, ties in value order: the whole merge, for when the top by count is not
    /// the order wanted.
    pub fn all(&self, root: &str) -> tantivy::Result<Vec<FacetCount>> {
        let prefix = root.len() + 1;
        let mut totals: FxHashMap<Box<[u8]>, u64> = FxHashMap::default();
        for seg in &self.segments {
            let Some(reader) = &seg.reader else { continue };
            let (lo, hi) = root_range(seg.segment, reader, root);
            let ords: Vec<u64> = (lo..hi)
                .filter(|&o| seg.counts.get(o as usize).is_some_and(|&c| c > 0))
                .collect();
            let mut counts = ords
                .iter()
                .map(|&o| seg.counts.get(o as usize).copied().unwrap_or(0));
            reader.facet_dict().sorted_ords_to_term_cb(&ords, |key| {
                let c = u64::from(counts.next().unwrap_or(0));
                match totals.get_mut(key) {
                    Some(t) => *t += c,
                    None => {
                        totals.insert(key.into(), c);
                    }
                }
            })?;
        }
        let mut list: Vec<FacetCount> = totals
            .into_iter()
            .filter_map(|(key, count)| {
                let v = std::str::from_utf8(key.get(prefix..)?).ok()?;
                Some(FacetCount {
                    value: v.to_string(),
                    count,
                })
            })
            .collect();
        list.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
        Ok(list)
    }

    /// The facet counts of the documents deleted but still in their segments (a term's
    /// document frequency counts them too). Costs one pass over the deleted documents.
    pub fn deleted(searcher: &tantivy::Searcher) -> CountedFacets {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|seg| match seg.alive_bitset() {
                Some(alive) if seg.num_deleted_docs() > 0 => {
                    let mut counts = segment_counts(seg, None);
                    for doc in 0..seg.max_doc() {
                        if alive.is_deleted(doc) {
                            counts.collect(doc, 0.0);
                        }
                    }
                    counts
                }
                _ => SegmentCounts {
                    segment: None,
                    reader: None,
                    ords: None,
                    counts: Vec::new(),
                    groups: None,
                },
            })
            .collect();
        CountedFacets { segments }
    }

    /// How many of the documents have the value `root`/`value`.
    pub fn count(&self, root: &str, value: &str) -> tantivy::Result<u64> {
        let facet = tantivy::schema::Facet::from_path([root, value]);
        let key = facet.encoded_str().as_bytes();
        let mut n = 0;
        for seg in &self.segments {
            let Some(reader) = &seg.reader else { continue };
            if let Some(o) = OrdCache::term_ord(seg.segment, reader.facet_dict(), key)? {
                n += u64::from(seg.counts.get(o as usize).copied().unwrap_or(0));
            }
        }
        Ok(n)
    }
}

fn segment_counts(segment: &SegmentReader, groups: Option<&Arc<NameGroups>>) -> SegmentCounts {
    let column = segment.fast_fields().str("entity").ok().flatten();
    let ords = column.as_ref().map(|c| BlockReader::new(c.ords().clone()));
    let reader = column.map(FacetReader::new);
    let n = reader.as_ref().map_or(0, FacetReader::num_facets);
    SegmentCounts {
        segment: Some(segment.segment_id()),
        reader,
        ords,
        counts: vec![0; n],
        groups: groups.and_then(|g| SegmentGroups::new(g, segment)),
    }
}

impl Collector for FacetCounts {
    type Fruit = CountedFacets;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        Ok(segment_counts(segment, None))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<CountedFacets> {
        Ok(CountedFacets { segments })
    }
}

impl Collector for TopFacets {
    type Fruit = BTreeMap<String, Vec<FacetCount>>;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        // The estimate is only measured ungrouped.
        let groups = self.groups.as_ref().filter(|_| !self.estimate);
        Ok(segment_counts(segment, groups))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Self::Fruit> {
        if let (Some(ords), false) = (&self.ordinals, self.estimate) {
            let groups = self.groups.as_deref();
            if let Some(out) = global_tops(&segments, ords, &self.roots, self.k, groups) {
                return Ok(out);
            }
        }
        let mut out = BTreeMap::new();
        for root in &self.roots {
            let list = if self.estimate {
                estimate_top(&segments, root, self.k)?
            } else {
                exact_top(&segments, root, self.k, self.groups.as_deref())?
            };
            out.insert(root.to_string(), list);
        }
        Ok(out)
    }
}

/// The exact top `k` values of each of `roots`, from the segments' counts added up by
/// archive-wide ordinal: every value's total is exact, so the top list is read off the
/// totals, and only its values' names are read (from `ords`). A name group counts under
/// its canonical name (each segment's representative holds the group's count there, see
/// [`SegmentGroups::fold`]), added to a value of that name if there is one. `None`
/// (nothing changed) when `ords` does not describe every segment counted, or a name
/// read from it is damaged.
fn global_tops(
    segments: &[SegmentCounts],
    ords: &GlobalOrdinals,
    roots: &[&'static str],
    k: usize,
    groups: Option<&NameGroups>,
) -> Option<BTreeMap<String, Vec<FacetCount>>> {
    let mut maps = Vec::with_capacity(segments.len());
    for seg in segments {
        let (Some(id), Some(_)) = (seg.segment, &seg.reader) else {
            continue;
        };
        maps.push((seg, ords.segment(&id.uuid_string(), seg.counts.len())?));
    }
    let mut totals = vec![0u64; ords.len()];
    let n_groups = groups.map_or(0, NameGroups::group_count);
    let mut group_totals = vec![
        0u64;
        if n_groups > 0 {
            ROOTS.len() * n_groups
        } else {
            0
        }
    ];
    // The values counted, one bit each: the top lists visit only these.
    let mut seen = vec![0u64; ords.len().div_ceil(64)];
    for (seg, map) in &maps {
        // Most counts are 0 on a narrow search: passed over sixteen at a time.
        let (chunks, _) = seg.counts.as_chunks::<16>();
        let mut add = |o: usize, c: u32| -> Option<()> {
            let g = map.get(o)?;
            *totals.get_mut(g)? += u64::from(c);
            *seen.get_mut(g / 64)? |= 1 << (g % 64);
            Some(())
        };
        for (i, chunk) in chunks.iter().enumerate() {
            let mut any = 0;
            for &c in chunk {
                any |= c;
            }
            if any == 0 {
                continue;
            }
            for (j, &c) in chunk.iter().enumerate() {
                if c > 0 {
                    add(i * 16 + j, c)?;
                }
            }
        }
        for (o, &c) in seg.counts.iter().enumerate().skip(chunks.len() * 16) {
            if c > 0 {
                add(o, c)?;
            }
        }
        // A representative's count is its group's: moved to the group.
        if let Some(table) = seg.groups.as_ref().and_then(SegmentGroups::table) {
            for (rep, r, g) in table.reps() {
                let c = u64::from(seg.counts.get(rep as usize).copied().unwrap_or(0));
                if c > 0 {
                    *group_totals.get_mut(r * n_groups + g as usize)? += c;
                    let t = totals.get_mut(map.get(rep as usize)?)?;
                    *t = t.checked_sub(c)?;
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    for root in roots {
        let grouped = match (groups, root_index(root)) {
            (Some(names), Some(r)) => group_totals
                .get(r * n_groups..(r + 1) * n_groups)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .filter(|(_, &t)| t > 0)
                .map(|(g, &t)| (t, names.canonical_name(g as u32).as_bytes()))
                .collect(),
            _ => Vec::new(),
        };
        let top = root_top(ords, &totals, &seen, root, k, grouped)?;
        out.insert(root.to_string(), top);
    }
    // A name read did not match its checksum: counted again without the file.
    (!ords.damaged()).then_some(out)
}

/// The top `k` values under `root` given every value's total (`totals`, by archive-wide
/// ordinal) and the groups' totals with their canonical names (in name order): count
/// descending, then value ascending. `None` if a name is not UTF-8.
///
/// Values are numbered in key order, so a value's number is its place in name order:
/// the ranking runs on numbers, and only the `k` values shown have their names read
/// (a broad search counts thousands). A group finds its place among the counted
/// values by a galloping search over their names.
fn root_top(
    ords: &GlobalOrdinals,
    totals: &[u64],
    seen: &[u64],
    root: &str,
    k: usize,
    grouped: Vec<(u64, &[u8])>,
) -> Option<Vec<FacetCount>> {
    if k == 0 {
        return Some(Vec::new());
    }
    let mut lo = root.as_bytes().to_vec();
    lo.push(0);
    let mut hi = root.as_bytes().to_vec();
    hi.push(1);
    let prefix = lo.len();
    let range = ords.key_range(&lo, &hi);
    let name = |g: usize| ords.key(g).get(prefix..).unwrap_or_default();
    // The values of the range whose bit is set in `seen` and whose total is not 0, in
    // order (a loop: the same chain of iterators cost 52 instructions a value).
    let mut plain: Vec<(u64, usize)> = Vec::new();
    for w in range.start / 64..range.end.div_ceil(64) {
        let mut bits = seen.get(w).copied().unwrap_or(0);
        while bits != 0 {
            let g = w * 64 + bits.trailing_zeros() as usize;
            bits &= bits - 1;
            match totals.get(g) {
                Some(&t) if t > 0 && range.contains(&g) => plain.push((t, g)),
                _ => {}
            }
        }
    }
    // Every (total, name), in name order; a group and a value of one name are one.
    let items: Vec<(u64, Name)> = if grouped.is_empty() {
        plain
            .into_iter()
            .map(|(t, g)| (t, Name::Value(g)))
            .collect()
    } else {
        let mut items = Vec::with_capacity(plain.len() + grouped.len());
        let mut at = 0;
        for (gt, group) in grouped {
            // The first counted value from `at` on whose name is not below the group's.
            let below = |&(_, g): &(u64, usize)| name(g) < group;
            let rest = plain.get(at..).unwrap_or_default();
            let mut step = 1;
            while rest.get(step - 1).is_some_and(below) {
                step *= 2;
            }
            let from = step / 2;
            let end = step.min(rest.len());
            let next = at
                + from
                + rest
                    .get(from..end)
                    .unwrap_or_default()
                    .partition_point(below);
            items.extend(
                plain
                    .get(at..next)?
                    .iter()
                    .map(|&(t, g)| (t, Name::Value(g))),
            );
            at = next;
            match plain.get(at) {
                Some(&(t, g)) if name(g) == group => {
                    items.push((t + gt, Name::Value(g)));
                    at += 1;
                }
                _ => items.push((gt, Name::Group(group))),
            }
        }
        items.extend(plain.get(at..)?.iter().map(|&(t, g)| (t, Name::Value(g))));
        items
    };
    // The top k by count, ties by position (name order).
    let mut top: Vec<(std::cmp::Reverse<u64>, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, &(t, _))| (std::cmp::Reverse(t), i))
        .collect();
    if top.len() > k {
        top.select_nth_unstable(k - 1);
        top.truncate(k);
    }
    top.sort_unstable();
    top.into_iter()
        .map(|(std::cmp::Reverse(count), i)| {
            let bytes = match items.get(i)?.1 {
                Name::Value(g) => name(g),
                Name::Group(group) => group,
            };
            let value = std::str::from_utf8(bytes).ok()?.to_string();
            Some(FacetCount { value, count })
        })
        .collect()
}

/// A counted value of [`root_top`]: by archive-wide number, or a group's canonical name.
#[derive(Clone, Copy)]
enum Name<'a> {
    Value(usize),
    Group(&'a [u8]),
}

/// How many values each segment proposes in the first round, beyond `k`.
const EXTRA_PROPOSALS: usize = 10;

/// A dictionary lookup decodes up to a block of keys; streaming the decoded keys of all
/// of a segment's counted values costs about one key each. Past this many lookups per
/// counted value, the stream is cheaper.
const LOOKUPS_PER_STREAM: usize = 32;

/// One segment's part of one root.
struct SegmentRoot<'a> {
    segment: Option<SegmentId>,
    dict: &'a Dictionary,
    counts: &'a [u32],
    lo: u64,
    hi: u64,
    /// The values counted in this segment, as (count, ordinal); the first `proposed` of
    /// them have been proposed (decoded).
    counted: Vec<(u32, u64)>,
    proposed: usize,
    /// The largest count among the values not proposed (0 when all were).
    bound: u64,
    /// The segment's grouped values, when this root's names are grouped.
    groups: Option<SegmentTable<'a>>,
}

/// The name groups of the root being counted.
struct Grouping<'a> {
    names: &'a NameGroups,
    root: &'a str,
    /// The root's index among the grouped roots.
    r: usize,
}

impl Grouping<'_> {
    /// The dictionary key of group `g`'s canonical name.
    fn key(&self, g: u32) -> Vec<u8> {
        let facet = tantivy::schema::Facet::from_path([self.root, self.names.canonical_name(g)]);
        facet.encoded_str().as_bytes().to_vec()
    }
}

impl SegmentRoot<'_> {
    /// The group `ord` is the representative of, under root `r`.
    fn group_of(&self, ord: u64, r: usize) -> Option<u32> {
        let (root, g) = self.groups?.group_of(ord)?;
        (root == r).then_some(g)
    }

    /// The representative of group `g` of root `r` in this segment.
    fn rep_of(&self, r: usize, g: u32) -> Option<u64> {
        self.groups?.rep_of(r, g)
    }

    fn count(&self, ord: u64) -> u32 {
        if (self.lo..self.hi).contains(&ord) {
            self.counts.get(ord as usize).copied().unwrap_or(0)
        } else {
            0
        }
    }

    fn rest_bound(&self) -> u64 {
        self.counted[self.proposed..]
            .iter()
            .map(|&(c, _)| u64::from(c))
            .max()
            .unwrap_or(0)
    }
}

/// The values proposed so far with their totals. Values proposed in the current round
/// (from `batch` on) remember in which segments they were decoded, so that only the
/// other segments are asked for their counts.
struct Candidates {
    index: FxHashMap<Box<[u8]>, usize>,
    totals: Vec<u64>,
    /// Per candidate, the name group it stands for (its key is the canonical name's).
    group: Vec<Option<u32>>,
    /// Per candidate, one bit per segment: decoded (and counted) there.
    decoded: Vec<u64>,
    words: usize,
    batch: usize,
}

impl Candidates {
    fn new(segments: usize) -> Candidates {
        Candidates {
            index: FxHashMap::default(),
            totals: Vec::new(),
            group: Vec::new(),
            decoded: Vec::new(),
            words: segments.div_ceil(64).max(1),
            batch: 0,
        }
    }

    fn is_decoded(&self, cand: usize, seg: usize) -> bool {
        self.decoded
            .get(cand * self.words + seg / 64)
            .is_some_and(|w| w & (1 << (seg % 64)) != 0)
    }

    /// A value decoded in segment `seg` with count `c`. Candidates of earlier rounds
    /// already have exact totals.
    fn offer(&mut self, key: &[u8], seg: usize, c: u32, group: Option<u32>) {
        let i = match self.index.get(key) {
            Some(&i) if i < self.batch => return,
            Some(&i) => i,
            None => {
                let i = self.totals.len();
                self.index.insert(key.into(), i);
                self.totals.push(0);
                self.group.push(group);
                self.decoded.resize(self.decoded.len() + self.words, 0);
                i
            }
        };
        self.totals[i] += u64::from(c);
        if let Some(w) = self.decoded.get_mut(i * self.words + seg / 64) {
            *w |= 1 << (seg % 64);
        }
    }

    /// Decodes the given (count, ordinal) values of segment `seg` and offers them.
    fn propose(
        &mut self,
        sr: &SegmentRoot,
        seg: usize,
        values: &mut [(u32, u64)],
        grouping: Option<&Grouping>,
    ) -> tantivy::Result<()> {
        // A group's representative is proposed under the canonical name, undecoded.
        let mut plain: Vec<(u32, u64)> = Vec::new();
        let values: &[(u32, u64)] = match (grouping, sr.groups) {
            (Some(gr), Some(_)) => {
                plain.reserve(values.len());
                for &(c, o) in values.iter() {
                    match sr.group_of(o, gr.r) {
                        Some(g) => self.offer(&gr.key(g), seg, c, Some(g)),
                        None => plain.push((c, o)),
                    }
                }
                &plain
            }
            _ => values,
        };
        // Values an earlier search decoded in this segment come from the cache.
        let mut missed: Vec<(u32, u64)> = Vec::with_capacity(values.len());
        match (sr.segment, OrdCache::keys().lock()) {
            (Some(id), Ok(cache)) => {
                for &(c, o) in values.iter() {
                    match cache.get(&(id, o)) {
                        Some(key) => self.offer(key, seg, c, None),
                        None => missed.push((c, o)),
                    }
                }
            }
            _ => missed.extend_from_slice(values),
        }
        if missed.is_empty() {
            return Ok(());
        }
        // One pass over the dictionary for all of them (sorted ordinals share decoded
        // blocks) instead of one block decode per value.
        missed.sort_unstable_by_key(|&(_, o)| o);
        let ords: Vec<u64> = missed.iter().map(|&(_, o)| o).collect();
        let mut counts = missed.iter().map(|&(c, _)| c);
        let mut decoded: Vec<Box<[u8]>> = Vec::with_capacity(ords.len());
        sr.dict.sorted_ords_to_term_cb(&ords, |key| {
            let c = counts.next().unwrap_or(0);
            self.offer(key, seg, c, None);
            decoded.push(key.into());
        })?;
        if let (Some(id), Ok(mut cache)) = (sr.segment, OrdCache::keys().lock()) {
            if cache.len() + decoded.len() > OrdCache::LIMIT {
                cache.clear();
            }
            cache.extend(ords.into_iter().map(|o| (id, o)).zip(decoded));
        }
        Ok(())
    }

    /// Completes the totals of this round's candidates with their counts in the segments
    /// they were not decoded in, and closes the round.
    fn count_batch(
        &mut self,
        segs: &[SegmentRoot],
        grouping: Option<&Grouping>,
    ) -> tantivy::Result<()> {
        let batch = self.batch;
        let n = self.totals.len();
        if n == batch {
            return Ok(());
        }
        let is_group = |i: usize| self.group.get(i).copied().flatten().is_some();
        let mut keys: Vec<(&[u8], usize)> = self
            .index
            .iter()
            .filter(|&(_, &i)| i >= batch && !is_group(i))
            .map(|(k, &i)| (k.as_ref(), i))
            .collect();
        keys.sort_unstable();
        let groups: Vec<(usize, u32)> = (batch..n)
            .filter_map(|i| Some((i, self.group.get(i).copied().flatten()?)))
            .collect();
        let mut add = vec![0u64; n - batch];
        for (s, sr) in segs.iter().enumerate() {
            if sr.counted.is_empty() {
                continue;
            }
            // A group is counted by its representative here.
            if let Some(gr) = grouping {
                for &(i, g) in &groups {
                    if !self.is_decoded(i, s) {
                        if let Some(o) = sr.rep_of(gr.r, g) {
                            add[i - batch] += u64::from(sr.count(o));
                        }
                    }
                }
            }
            let missing = keys
                .iter()
                .filter(|&&(_, i)| !self.is_decoded(i, s))
                .count();
            if missing == 0 {
                continue;
            }
            if missing * LOOKUPS_PER_STREAM < sr.counted.len() {
                for &(key, i) in &keys {
                    if self.is_decoded(i, s) {
                        continue;
                    }
                    if let Some(o) = OrdCache::term_ord(sr.segment, sr.dict, key)? {
                        add[i - batch] += u64::from(sr.count(o));
                    }
                }
            } else {
                // Representatives stand for their group, counted above.
                let r = grouping.map_or(usize::MAX, |g| g.r);
                let ords: Vec<u64> = (sr.lo..sr.hi)
                    .filter(|&o| sr.count(o) > 0 && sr.group_of(o, r).is_none())
                    .collect();
                let mut it = ords.iter();
                sr.dict.sorted_ords_to_term_cb(&ords, |key| {
                    let o = it.next().copied().unwrap_or(u64::MAX);
                    if let Some(&i) = self.index.get(key) {
                        if i >= batch && !is_group(i) && !self.is_decoded(i, s) {
                            add[i - batch] += u64::from(sr.count(o));
                        }
                    }
                })?;
            }
        }
        for (t, a) in self.totals[batch..].iter_mut().zip(add) {
            *t += a;
        }
        self.batch = n;
        Ok(())
    }

    /// The k-th largest total (0 when there are fewer than k candidates).
    fn kth_total(&self, k: usize) -> u64 {
        if k == 0 || self.totals.len() < k {
            return 0;
        }
        let mut t = self.totals.clone();
        let (_, kth, _) = t.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
        *kth
    }

    /// The top `k` values under `root`: count descending, then value ascending.
    fn top(self, root: &str, k: usize) -> Vec<FacetCount> {
        let prefix = root.len() + 1;
        let mut list: Vec<(u64, &[u8])> = self
            .index
            .iter()
            .filter_map(|(key, &i)| {
                let t = self.totals.get(i).copied().unwrap_or(0);
                (t > 0).then(|| (t, key.get(prefix..).unwrap_or_default()))
            })
            .collect();
        list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        list.into_iter()
            .filter_map(|(count, v)| {
                std::str::from_utf8(v).ok().map(|v| FacetCount {
                    value: v.to_string(),
                    count,
                })
            })
            .take(k)
            .collect()
    }
}

/// The exact top `k` values under `root` (see the module documentation).
fn exact_top(
    segments: &[SegmentCounts],
    root: &str,
    k: usize,
    groups: Option<&NameGroups>,
) -> tantivy::Result<Vec<FacetCount>> {
    if k == 0 {
        return Ok(Vec::new());
    }
    let grouping = match (groups, root_index(root)) {
        (Some(names), Some(r)) => Some(Grouping { names, root, r }),
        _ => None,
    };
    let grouping = grouping.as_ref();
    let mut segs: Vec<SegmentRoot> = Vec::with_capacity(segments.len());
    for seg in segments {
        let Some(reader) = &seg.reader else { continue };
        let (lo, hi) = root_range(seg.segment, reader, root);
        let counted: Vec<(u32, u64)> = (lo..hi)
            .filter_map(|o| {
                seg.counts
                    .get(o as usize)
                    .filter(|&&c| c > 0)
                    .map(|&c| (c, o))
            })
            .collect();
        segs.push(SegmentRoot {
            segment: seg.segment,
            dict: reader.facet_dict(),
            counts: &seg.counts,
            lo,
            hi,
            counted,
            proposed: 0,
            bound: 0,
            groups: seg
                .groups
                .as_ref()
                .filter(|_| grouping.is_some())
                .and_then(SegmentGroups::table),
        });
    }
    let mut cands = Candidates::new(segs.len());

    // Round 1: each segment's own top values.
    let first = k.saturating_add(EXTRA_PROPOSALS);
    for (s, sr) in segs.iter_mut().enumerate() {
        if sr.counted.len() > first {
            sr.counted
                .select_nth_unstable_by(first, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            sr.proposed = first;
        } else {
            sr.proposed = sr.counted.len();
        }
        sr.bound = sr.rest_bound();
        let mut values = sr.counted[..sr.proposed].to_vec();
        cands.propose(sr, s, &mut values, grouping)?;
    }
    cands.count_batch(&segs, grouping)?;

    // Round 2, when an unseen value could still reach the k-th total.
    let kth = cands.kth_total(k);
    let unseen: u64 = segs.iter().map(|s| s.bound).sum();
    if unseen == 0 || unseen < kth {
        return Ok(cands.top(root, k));
    }
    // Share kth − 1 among the segments (water-filling: segments whose bound is already
    // below their share leave the rest to the others), so that the new bounds sum to
    // less than kth.
    let mut budget = kth.saturating_sub(1);
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_unstable_by_key(|&s| segs[s].bound);
    let mut allowed = vec![0u64; segs.len()];
    for (n, &s) in order.iter().enumerate() {
        let share = budget / (segs.len() - n) as u64;
        allowed[s] = segs[s].bound.min(share);
        budget -= allowed[s];
    }
    for (s, sr) in segs.iter_mut().enumerate() {
        if sr.bound <= allowed[s] {
            continue;
        }
        let mut values: Vec<(u32, u64)> = sr.counted[sr.proposed..]
            .iter()
            .copied()
            .filter(|&(c, _)| u64::from(c) > allowed[s])
            .collect();
        cands.propose(sr, s, &mut values, grouping)?;
    }
    cands.count_batch(&segs, grouping)?;
    Ok(cands.top(root, k))
}

/// The old estimate: each segment contributes its most frequent values (`k + 10`),
/// decoded to text, and the sums decide. Counts can be too low.
fn estimate_top(
    segments: &[SegmentCounts],
    root: &str,
    k: usize,
) -> tantivy::Result<Vec<FacetCount>> {
    let per_segment = k.saturating_add(EXTRA_PROPOSALS);
    let mut totals: HashMap<String, u64> = HashMap::new();
    for seg in segments {
        let Some(reader) = &seg.reader else { continue };
        let (lo, hi) = root_range(seg.segment, reader, root);
        let mut top: Vec<(u32, u64)> = (lo..hi)
            .filter_map(|o| {
                seg.counts
                    .get(o as usize)
                    .filter(|&&c| c > 0)
                    .map(|&c| (c, o))
            })
            .collect();
        if top.len() > per_segment {
            top.select_nth_unstable_by(per_segment, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            top.truncate(per_segment);
        }
        top.sort_unstable_by_key(|&(_, o)| o);
        let ords: Vec<u64> = top.iter().map(|&(_, o)| o).collect();
        let mut counts = top.iter().map(|&(c, _)| c);
        let prefix = root.len() + 1;
        reader.facet_dict().sorted_ords_to_term_cb(&ords, |key| {
            let c = counts.next().unwrap_or(0);
            if let Some(v) = key.get(prefix..).and_then(|v| std::str::from_utf8(v).ok()) {
                *totals.entry(v.to_string()).or_default() += u64::from(c);
            }
        })?;
    }
    let mut list: Vec<FacetCount> = totals
        .into_iter()
        .map(|(value, count)| FacetCount { value, count })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    list.truncate(k);
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Facet, FacetOptions, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// The cached ordinals and root ranges are each segment's own: a value with other
    /// ordinals in other segments (and in another index) is counted exactly, and asking
    /// again (from the cache) gives the same counts.
    #[test]
    fn cached_ordinals_are_per_segment() {
        let counts_of = |names: &[&[&str]]| {
            let mut sb = Schema::builder();
            let entity = sb.add_facet_field("entity", FacetOptions::default());
            let index = Index::create_in_ram(sb.build());
            let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
            w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
            for segment in names {
                for name in *segment {
                    let mut doc = TantivyDocument::new();
                    doc.add_facet(entity, Facet::from_path(["person", name]));
                    doc.add_facet(entity, Facet::from_path(["country", "DE"]));
                    w.add_document(doc).unwrap();
                }
                w.commit().unwrap();
            }
            let searcher = index.reader().unwrap().searcher();
            assert_eq!(searcher.segment_readers().len(), names.len());
            let q = tantivy::query::AllQuery;
            let first = searcher
                .search(&q, &TopFacets::new(&["person"], 3))
                .unwrap();
            let again = searcher
                .search(&q, &TopFacets::new(&["person"], 3))
                .unwrap();
            let pairs = |m: &BTreeMap<String, Vec<FacetCount>>| -> Vec<(String, u64)> {
                m["person"]
                    .iter()
                    .map(|f| (f.value.clone(), f.count))
                    .collect()
            };
            assert_eq!(pairs(&first), pairs(&again));
            let counted = searcher.search(&q, &FacetCounts).unwrap();
            let ana = counted.count("person", "Ana").unwrap();
            (first["person"].clone(), ana)
        };
        // "/person/Ana" is ordinal 1 in the first segment and 2 in the second, and the
        // person values end at ordinal 3 in one and 5 in the other.
        let (top, ana) = counts_of(&[&["Ana", "Bo", "Bo"], &["Bo", "Cy", "Ana", "Ana", "Aaron"]]);
        assert_eq!(ana, 3);
        let shown: Vec<(String, u64)> = top.into_iter().map(|f| (f.value, f.count)).collect();
        assert_eq!(
            shown,
            vec![("Ana".into(), 3), ("Bo".into(), 3), ("Aaron".into(), 1)]
        );
        // Another index whose segments give the same values other ordinals.
        let (top, ana) = counts_of(&[&["Zed", "Ana"], &["Ana"]]);
        assert_eq!(ana, 2);
        assert_eq!(top[0].value, "Ana");
    }

    /// `root_top` ranks by number and reads only the names it shows; groups find their
    /// place among the counted values by a galloping search. Its lists equal a plain
    /// ranking by name of every (value or group, total), for groups before, among,
    /// equal to and after the values, counted or not, and for every `k`.
    #[test]
    fn root_top_equals_a_ranking_by_name() {
        let mut sb = Schema::builder();
        let entity = sb.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        let names: Vec<String> = (0..150).map(|i| format!("N{:03}", i * 2)).collect();
        for name in &names {
            let mut doc = TantivyDocument::new();
            doc.add_facet(entity, Facet::from_path(["person", name.as_str()]));
            doc.add_facet(entity, Facet::from_path(["place", name.as_str()]));
            w.add_document(doc).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let ords = GlobalOrdinals::from_searcher(&searcher).unwrap();
        let people = ords.key_range(b"person\0", b"person\x01");
        // Totals 0 to 4: some values uncounted, many ties.
        let mut totals = vec![0u64; ords.len()];
        let mut seen = vec![0u64; ords.len().div_ceil(64)];
        for (i, g) in people.clone().enumerate() {
            totals[g] = (i as u64 * 7) % 5;
            seen[g / 64] |= 1 << (g % 64);
        }
        let group_sets: [&[&str]; 5] = [
            &[],
            &["A", "N000", "N001", "N150", "N151", "Z"],
            &["N298", "N299"],
            &["M", "N100", "N102", "N104", "N201", "N297", "O"],
            &["N005", "N006", "N007", "N008"],
        ];
        for set in group_sets {
            let grouped: Vec<(u64, &[u8])> = set
                .iter()
                .enumerate()
                .map(|(i, n)| (1 + i as u64 % 3, n.as_bytes()))
                .collect();
            let mut all: BTreeMap<String, u64> = BTreeMap::new();
            for (i, g) in people.clone().enumerate() {
                if totals[g] > 0 {
                    *all.entry(names[i].clone()).or_default() += totals[g];
                }
            }
            for &(t, n) in &grouped {
                *all.entry(String::from_utf8(n.to_vec()).unwrap())
                    .or_default() += t;
            }
            let mut want: Vec<(String, u64)> = all.into_iter().collect();
            want.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            for k in [0, 1, 3, 10, 200] {
                let got = root_top(&ords, &totals, &seen, "person", k, grouped.clone()).unwrap();
                let got: Vec<(String, u64)> = got.into_iter().map(|f| (f.value, f.count)).collect();
                let want: Vec<(String, u64)> = want.iter().take(k).cloned().collect();
                assert_eq!(got, want, "groups {set:?}, k {k}");
            }
        }
    }
}
