//! One collector for everything a search needs from its matches, in a single pass: the
//! page of hits (tantivy's own top-k collector, so the order and its ties are tantivy's),
//! the total, the facet counts and, for a histogram, the matches' dates.
//!
//! Documents are handed on in blocks: tantivy passes blocks of up to 64 matches when
//! nothing is scored; scored matches come one by one and are buffered here. The facet
//! counter and the date reader then read their fast fields a block at a time instead of
//! one value per call (see `SegmentCounts::collect_block` and [`DateSegmentCollector`]).

use crate::search::facets::{SegmentCounts, TopFacets};
use crate::search::timeline::{DateCollector, DateSegmentCollector};
use crate::search::FacetCount;
use std::collections::BTreeMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, COLLECT_BLOCK_BUFFER_LEN};

/// What [`SearchCollector`] gathers.
pub struct SearchFruit<T> {
    /// The top collector's fruit (the page of hits).
    pub top: T,
    /// Matching documents.
    pub total: usize,
    /// The top values per facet root, when facets were counted.
    pub facets: Option<BTreeMap<String, Vec<FacetCount>>>,
    /// The matches' dates (Unix seconds, in no order), when asked for.
    pub dates: Option<Vec<i64>>,
}

/// The page of hits by `top`, the total, the facet counts when `facets` is given, and
/// the matches' dates when `dates` is set, in one pass over the matches.
pub struct SearchCollector<C> {
    /// The collector of the page of hits.
    pub top: C,
    /// Counts the facets of every match.
    pub facets: Option<TopFacets>,
    /// Gathers every match's date.
    pub dates: bool,
}

/// [`SearchCollector`]'s per-segment part.
pub struct SearchSegmentCollector<S> {
    top: S,
    total: usize,
    facets: Option<SegmentCounts>,
    dates: Option<DateSegmentCollector>,
    /// Scored matches waiting to be passed on as a block.
    pending: Vec<DocId>,
}

impl<S> SearchSegmentCollector<S> {
    /// Passes the buffered matches on as a block.
    fn flush_pending(&mut self) {
        let SearchSegmentCollector {
            facets,
            dates,
            pending,
            ..
        } = self;
        block(facets, dates, pending);
        pending.clear();
    }
}

/// Passes a block of matches to the facet counter and the date reader.
fn block(
    facets: &mut Option<SegmentCounts>,
    dates: &mut Option<DateSegmentCollector>,
    docs: &[DocId],
) {
    if let Some(f) = facets {
        f.collect_block(docs);
    }
    if let Some(d) = dates {
        d.collect_block(docs);
    }
}

impl<C: Collector> Collector for SearchCollector<C> {
    type Fruit = SearchFruit<C::Fruit>;
    type Child = SearchSegmentCollector<C::Child>;

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.top.check_schema(schema)
    }

    fn for_segment(
        &self,
        ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let facets = match &self.facets {
            Some(f) => Some(f.for_segment(ord, segment)?),
            None => None,
        };
        let dates = if self.dates {
            Some(DateCollector.for_segment(ord, segment)?)
        } else {
            None
        };
        // Matches that come one by one (scored ones, or any in a segment with deleted
        // documents) are buffered into blocks.
        let pending = if facets.is_some() || dates.is_some() {
            Vec::with_capacity(COLLECT_BLOCK_BUFFER_LEN)
        } else {
            Vec::new()
        };
        Ok(SearchSegmentCollector {
            top: self.top.for_segment(ord, segment)?,
            total: 0,
            facets,
            dates,
            pending,
        })
    }

    fn requires_scoring(&self) -> bool {
        self.top.requires_scoring()
    }

    fn merge_fruits(
        &self,
        fruits: Vec<SearchSegmentFruit<<C::Child as SegmentCollector>::Fruit>>,
    ) -> tantivy::Result<Self::Fruit> {
        crate::timings::mark("match");
        let mut tops = Vec::with_capacity(fruits.len());
        let mut counts = Vec::with_capacity(fruits.len());
        let mut total = 0;
        let mut dates: Option<Vec<i64>> = self.dates.then(Vec::new);
        for fruit in fruits {
            tops.push(fruit.top);
            total += fruit.total;
            if let Some(c) = fruit.facets {
                counts.push(c);
            }
            if let (Some(all), Some(d)) = (&mut dates, fruit.dates) {
                all.extend(d);
            }
        }
        let facets = match &self.facets {
            Some(f) => {
                let counted = f.merge_fruits(counts)?;
                crate::timings::mark("facets");
                Some(counted)
            }
            None => None,
        };
        Ok(SearchFruit {
            top: self.top.merge_fruits(tops)?,
            total,
            facets,
            dates,
        })
    }
}

/// What one segment gathered.
pub struct SearchSegmentFruit<T> {
    top: T,
    total: usize,
    facets: Option<SegmentCounts>,
    dates: Option<Vec<i64>>,
}

impl<S: SegmentCollector> SegmentCollector for SearchSegmentCollector<S> {
    type Fruit = SearchSegmentFruit<S::Fruit>;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.top.collect(doc, score);
        self.total += 1;
        if self.pending.capacity() > 0 {
            self.pending.push(doc);
            if self.pending.len() >= COLLECT_BLOCK_BUFFER_LEN {
                self.flush_pending();
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.top.collect_block(docs);
        self.total += docs.len();
        block(&mut self.facets, &mut self.dates, docs);
    }

    fn harvest(mut self) -> Self::Fruit {
        self.flush_pending();
        SearchSegmentFruit {
            top: self.top.harvest(),
            total: self.total,
            facets: self.facets.map(SegmentCollector::harvest),
            dates: self.dates.map(SegmentCollector::harvest),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::timeline::DateCollector;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{AllQuery, Query, TermQuery};
    use tantivy::schema::{Facet, FacetOptions, IndexRecordOption, Schema, FAST, TEXT};
    use tantivy::{DateTime, Index, IndexWriter, Order, TantivyDocument, Term};

    /// The one-pass collector gives what the separate collectors give (hits and their
    /// order, total, facet counts, dates), scored and unscored, over several segments
    /// with deleted documents and a total that is not a multiple of the block size.
    #[test]
    fn one_pass_equals_the_separate_collectors() {
        let mut sb = Schema::builder();
        let body = sb.add_text_field("body", TEXT);
        let date = sb.add_date_field("date", FAST);
        let entity = sb.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        for i in 0..1000i64 {
            let mut doc = TantivyDocument::new();
            let words = if i % 3 == 0 { "peace talks" } else { "peace" };
            doc.add_text(body, format!("{words} n{}", i % 17));
            if i % 10 != 0 {
                doc.add_date(
                    date,
                    DateTime::from_timestamp_secs(i * 86_400 * 7 % 999_999),
                );
            }
            doc.add_facet(
                entity,
                Facet::from_path(["person", &format!("p{}", i % 23)]),
            );
            doc.add_facet(
                entity,
                Facet::from_path(["country", &format!("c{}", i % 5)]),
            );
            w.add_document(doc).unwrap();
            if i % 300 == 299 {
                w.commit().unwrap();
            }
        }
        w.commit().unwrap();
        w.delete_term(Term::from_field_text(body, "n4"));
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        assert!(searcher.segment_readers().len() > 1);
        let roots = ["person", "country"];
        let talks = TermQuery::new(
            Term::from_field_text(body, "talks"),
            IndexRecordOption::WithFreqs,
        );
        let queries: [&dyn Query; 2] = [&talks, &AllQuery];
        for q in queries {
            let facets = || Some(TopFacets::new(&roots, 5));
            let scored = TopDocs::with_limit(7).and_offset(3).order_by_score();
            let (top, total, want_facets) = searcher.search(q, &(scored, Count, facets())).unwrap();
            let one = SearchCollector {
                top: TopDocs::with_limit(7).and_offset(3).order_by_score(),
                facets: facets(),
                dates: true,
            };
            let got = searcher.search(q, &one).unwrap();
            assert_eq!(got.top, top);
            assert_eq!(got.total, total);
            let counts = |f: Option<BTreeMap<String, Vec<FacetCount>>>| {
                f.map(|m| {
                    m.into_iter()
                        .map(|(k, v)| (k, v.into_iter().map(|c| (c.value, c.count)).collect()))
                        .collect::<Vec<(String, Vec<(String, u64)>)>>()
                })
            };
            assert_eq!(counts(got.facets), counts(want_facets));
            let mut want_dates = searcher.search(q, &DateCollector).unwrap();
            let mut got_dates = got.dates.unwrap_or_default();
            want_dates.sort_unstable();
            got_dates.sort_unstable();
            assert_eq!(got_dates, want_dates);

            let newest = || {
                TopDocs::with_limit(9)
                    .and_offset(2)
                    .order_by_fast_field::<DateTime>("date", Order::Desc)
            };
            let (top, total) = searcher.search(q, &(newest(), Count)).unwrap();
            let one = SearchCollector {
                top: newest(),
                facets: None,
                dates: false,
            };
            let got = searcher.search(q, &one).unwrap();
            assert_eq!(got.top, top);
            assert_eq!(got.total, total);
            assert!(got.facets.is_none() && got.dates.is_none());
        }
    }
}
