//! Reads a multivalued fast field (the facet ordinals of each document) for a block of
//! documents at once. Where every document of the span from a block's first to its last
//! document has values, the span's row boundaries are read with one bulk call, and its
//! values with one more (or one per document when few of the span's documents are
//! wanted), instead of a few calls per document; other documents are read one by one.

use tantivy::columnar::column_index::{MultiValueIndex, Set};
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::DocId;

/// A span may be this many times as long as the number of its documents wanted: its
/// boundaries are read for every document in it.
const MAX_SPAN_PER_DOC: u32 = 8;

/// A multivalued `u64` column with buffers reused from block to block.
pub struct BlockReader {
    column: Column<u64>,
    /// The row boundaries of a span: `starts[k]..starts[k + 1]` are the rows of its
    /// document k.
    starts: Vec<u32>,
    values: Vec<u64>,
}

impl BlockReader {
    /// Reads `column`.
    pub fn new(column: Column<u64>) -> BlockReader {
        BlockReader {
            column,
            starts: Vec::new(),
            values: Vec::new(),
        }
    }

    /// Calls `f` with the values of each of `docs` that has any, in the column's order,
    /// document after document. Collectors give documents ascending; any other order
    /// is read too, only more slowly.
    pub fn for_each(&mut self, docs: &[DocId], mut f: impl FnMut(&[u64])) {
        let mut i = 0;
        while let Some(&first) = docs.get(i) {
            // The longest span from `first` that stays dense enough.
            let mut n = 1;
            let mut prev = first;
            while let Some(&d) = docs.get(i + n) {
                // Out of order (which collectors never are) starts another span.
                let len = u64::from(d).saturating_sub(u64::from(first)) + 1;
                if d <= prev || len > u64::from(MAX_SPAN_PER_DOC) * (n as u64 + 1) {
                    break;
                }
                prev = d;
                n += 1;
            }
            self.span(&docs[i..i + n], &mut f);
            i += n;
        }
    }

    /// The documents `docs`, ascending, from the first to the last within a span.
    fn span(&mut self, docs: &[DocId], f: &mut impl FnMut(&[u64])) {
        if let (Some(&first), Some(&last), true) = (docs.first(), docs.last(), docs.len() > 1) {
            let len = (last - first) as usize + 1;
            if self.span_starts(first, len) {
                let lo = self.starts[0];
                if docs.len() * 4 >= len {
                    // Dense: all the span's values at once.
                    self.values.resize((self.starts[len] - lo) as usize, 0);
                    self.column
                        .values
                        .get_range(u64::from(lo), &mut self.values);
                    if docs.len() == len {
                        // Every document of the span: its boundaries in order.
                        for w in self.starts.windows(2) {
                            let (a, b) = ((w[0] - lo) as usize, (w[1] - lo) as usize);
                            match self.values.get(a..b) {
                                Some(vals) if !vals.is_empty() => f(vals),
                                _ => {}
                            }
                        }
                        return;
                    }
                    for &d in docs {
                        let k = (d - first) as usize;
                        let (a, b) = (self.starts[k] - lo, self.starts[k + 1] - lo);
                        match self.values.get(a as usize..b as usize) {
                            Some(vals) if !vals.is_empty() => f(vals),
                            _ => {}
                        }
                    }
                } else {
                    for &d in docs {
                        let k = (d - first) as usize;
                        let (a, b) = (self.starts[k], self.starts[k + 1]);
                        self.read_rows(a, b, f);
                    }
                }
                return;
            }
        }
        for &doc in docs {
            let rows = self
                .column
                .index
                .docid_range_to_rowids(doc..doc.saturating_add(1));
            self.read_rows(rows.start, rows.end, f);
        }
    }

    /// Calls `f` with the values of rows `a..b`, if any.
    fn read_rows(&mut self, a: u32, b: u32, f: &mut impl FnMut(&[u64])) {
        if a >= b {
            return;
        }
        self.values.resize((b - a) as usize, 0);
        self.column.values.get_range(u64::from(a), &mut self.values);
        f(&self.values);
    }

    /// Fills `starts` with the row boundaries of documents `first..first + n` when
    /// every one of them has values (then they are `n + 1` consecutive entries of the
    /// index's start offsets); false otherwise.
    fn span_starts(&mut self, first: DocId, n: usize) -> bool {
        let Some(end) = u32::try_from(n).ok().and_then(|n| first.checked_add(n)) else {
            return false;
        };
        let (start_column, rank) = match &self.column.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(idx)) => {
                let (a, b) = (idx.optional_index.rank(first), idx.optional_index.rank(end));
                if b.checked_sub(a) != u32::try_from(n).ok() {
                    return false;
                }
                (&idx.start_index_column, a)
            }
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV1(idx)) => {
                (&idx.start_index_column, first)
            }
            _ => return false,
        };
        if u64::from(rank) + n as u64 >= u64::from(start_column.num_vals()) {
            return false;
        }
        self.starts.resize(n + 1, 0);
        start_column.get_range(u64::from(rank), &mut self.starts);
        // Offsets past the values would be a damaged index: read such documents one by
        // one, which cannot read out of bounds.
        self.starts.windows(2).all(|w| w[0] <= w[1])
            && self.starts[n] <= self.column.values.num_vals()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{Facet, FacetOptions, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    /// Documents with no, one and several facets (one of them given twice), in one
    /// segment; every block shape (runs, gaps, dense and sparse spans, single documents,
    /// documents without values inside a span) reads what the facet reader gives
    /// document by document.
    #[test]
    fn blocks_read_what_the_facet_reader_reads_per_document() {
        let mut sb = Schema::builder();
        let entity = sb.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..300u32 {
            let mut doc = TantivyDocument::new();
            // Every document has values but every fiftieth, so most spans take the
            // bulk path and some cannot.
            let n = if i % 50 == 7 { 0 } else { 1 + i * 7 % 4 };
            for k in 0..n {
                doc.add_facet(
                    entity,
                    Facet::from_path(["person", &format!("p{}", (i + k) % 13)]),
                );
            }
            if i % 11 == 0 && n > 0 {
                doc.add_facet(entity, Facet::from_path(["org", "same"]));
                doc.add_facet(entity, Facet::from_path(["org", "same"]));
            }
            w.add_document(doc).unwrap();
        }
        w.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let seg = searcher.segment_reader(0);
        let facets = seg.facet_reader("entity").unwrap();
        let column = seg.fast_fields().str("entity").unwrap().unwrap();
        let mut reader = BlockReader::new(column.ords().clone());
        let all: Vec<DocId> = (0..300).collect();
        let blocks: Vec<Vec<DocId>> = vec![
            all[..64].to_vec(),
            all[236..].to_vec(),
            all.iter()
                .copied()
                .filter(|d| d % 3 != 0)
                .take(64)
                .collect(),
            vec![5],
            vec![0, 1, 2, 200, 201, 299],
            vec![40, 41, 42, 3, 4, 90, 90],
            (58..106).collect(),
            (0..64).map(|k| k * 4 + 3).collect(),
            vec![10, 17, 30, 31, 60, 90, 91, 92, 299],
            (0..40).map(|k| k * 7).collect(),
        ];
        for docs in blocks {
            let want: Vec<Vec<u64>> = docs
                .iter()
                .map(|&d| facets.facet_ords(d).collect::<Vec<_>>())
                .filter(|o| !o.is_empty())
                .collect();
            let mut got = Vec::new();
            reader.for_each(&docs, |o| got.push(o.to_vec()));
            assert_eq!(got, want, "docs {docs:?}");
        }
    }
}
