//! Facet counts over a whole result set, fast: a collector that counts each document's
//! facet ordinals into a plain array per segment and turns only the top values of each
//! root back into text. (tantivy's `FacetCollector` walks the whole facet dictionary
//! and decodes every counted value on every query, which costs hundreds of
//! milliseconds on a large archive.)

use crate::search::FacetCount;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::TermOrdHit;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;
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
        let segments: Vec<(FacetReader, Vec<u32>)> = segments
            .into_iter()
            .filter_map(|s| s.reader.map(|r| (r, s.counts)))
            .collect();
        let mut out = BTreeMap::new();
        let mut facet = Facet::root();
        for root in &self.roots {
            // Candidates: each segment's most frequent values (more than k, so that a
            // value spread over segments is not missed)...
            let mut candidates: BTreeSet<String> = BTreeSet::new();
            for (reader, counts) in &segments {
                let (lo, hi) = root_range(reader, root);
                let mut top: Vec<(u32, u64)> = (lo..hi)
                    .filter_map(|o| counts.get(o as usize).filter(|&&c| c > 0).map(|&c| (c, o)))
                    .collect();
                top.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for &(_, o) in top.iter().take(self.k * 4 + 8) {
                    reader.facet_from_ord(o, &mut facet)?;
                    if let Some(v) = facet.to_path().last() {
                        candidates.insert(v.to_string());
                    }
                }
            }
            // ...then their exact totals over every segment.
            let mut totals: Vec<FacetCount> = candidates
                .into_iter()
                .map(|value| {
                    let key = Facet::from_path([*root, value.as_str()]);
                    let count = segments
                        .iter()
                        .map(|(reader, counts)| {
                            match reader.facet_dict().term_ord(key.encoded_str()) {
                                Ok(Some(o)) => {
                                    u64::from(counts.get(o as usize).copied().unwrap_or(0))
                                }
                                _ => 0,
                            }
                        })
                        .sum();
                    FacetCount { value, count }
                })
                .collect();
            totals.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            totals.truncate(self.k);
            out.insert(root.to_string(), totals);
        }
        Ok(out)
    }
}
