//! Facet counts over a whole result set, fast: a collector that counts each document's
//! facet ordinals into a plain array per segment and turns only the top values of each
//! root back into text. (tantivy's `FacetCollector` walks the whole facet dictionary
//! and decodes every counted value on every query, which costs hundreds of
//! milliseconds on a large archive.)

use crate::search::FacetCount;
use std::collections::{BTreeMap, HashMap};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::TermOrdHit;
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// Counts the facets under each root and keeps the `k` most frequent values per root.
pub struct TopFacets {
    roots: Vec<&'static str>,
    k: usize,
}

impl TopFacets {
    pub fn new(roots: &[&'static str], k: usize) -> TopFacets {
        TopFacets {
            roots: roots.to_vec(),
            k,
        }
    }
}

/// Per-segment counts, indexed by the segment's facet ordinal.
pub struct SegmentCounts {
    reader: Option<FacetReader>,
    counts: Vec<u32>,
}

impl SegmentCollector for SegmentCounts {
    type Fruit = SegmentCounts;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(r) = &self.reader {
            for ord in r.facet_ords(doc) {
                if let Some(c) = self.counts.get_mut(ord as usize) {
                    *c += 1;
                }
            }
        }
    }

    fn harvest(self) -> SegmentCounts {
        self
    }
}

/// The ordinal range of the facets under `root` in one segment's dictionary.
fn root_range(reader: &FacetReader, root: &str) -> (u64, u64) {
    let n = reader.num_facets() as u64;
    let ord = |key: &[u8]| match reader.facet_dict().term_ord_or_next(key) {
        Ok(TermOrdHit::Exact(o)) | Ok(TermOrdHit::Next(o)) => o.min(n),
        Err(_) => n,
    };
    let mut lo = root.as_bytes().to_vec();
    lo.push(0);
    let mut hi = root.as_bytes().to_vec();
    hi.push(1);
    (ord(&lo), ord(&hi))
}

impl Collector for TopFacets {
    type Fruit = BTreeMap<String, Vec<FacetCount>>;
    type Child = SegmentCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentCounts> {
        let reader = segment.facet_reader("entity").ok();
        let counts = vec![0; reader.as_ref().map_or(0, FacetReader::num_facets)];
        Ok(SegmentCounts { reader, counts })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentCounts>) -> tantivy::Result<Self::Fruit> {
        let mut out = BTreeMap::new();
        // Like a search engine's "shard size": each segment contributes its most frequent
        // values, decoded to text, and the sums decide. A segment's count is missed only
        // for a value outside its top list, which needs more distinct values in the
        // segment than the list holds; below that, counts are exact.
        let per_segment = self.k + 10;
        for root in &self.roots {
            let mut totals: HashMap<String, u64> = HashMap::new();
            for seg in &segments {
                let Some(reader) = &seg.reader else { continue };
                let (lo, hi) = root_range(reader, root);
                let mut top: Vec<(u32, u64)> = (lo..hi)
                    .filter_map(|o| {
                        seg.counts
                            .get(o as usize)
                            .filter(|&&c| c > 0)
                            .map(|&c| (c, o))
                    })
                    .collect();
                if top.len() > per_segment {
                    top.select_nth_unstable_by(per_segment, |a, b| {
                        b.0.cmp(&a.0).then(a.1.cmp(&b.1))
                    });
                    top.truncate(per_segment);
                }
                // One pass over the dictionary for all of them (sorted ordinals share
                // decoded blocks) instead of one block decode per value.
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
            list.truncate(self.k);
            out.insert(root.to_string(), list);
        }
        Ok(out)
    }
}
