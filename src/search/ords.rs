//! Reads a multivalued fast field (the facet ordinals of each document) for a block of
//! documents at once. A run of consecutive documents that all have values is read with
//! two bulk calls (its row boundaries, then all its values) instead of a few calls per
//! document; other documents are read one by one.

use tantivy::columnar::column_index::{MultiValueIndex, Set};
use tantivy::columnar::{Column, ColumnIndex};
use tantivy::DocId;

/// A multivalued `u64` column with buffers reused from block to block.
pub struct BlockReader {
    column: Column<u64>,
    /// The row boundaries of a run: `starts[k]..starts[k + 1]` are document k's rows.
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

    /// Calls `f` with the values of each of `docs` (ascending, as collectors get
    /// them) that has any, in the column's order.
    pub fn for_each(&mut self, docs: &[DocId], mut f: impl FnMut(&[u64])) {
        let mut i = 0;
        while let Some(&first) = docs.get(i) {
            let mut n = 1;
            while docs
                .get(i + n)
                .is_some_and(|&d| Some(d) == first.checked_add(n as u32))
            {
                n += 1;
            }
            self.run(first, n, &mut f);
            i += n;
        }
    }

    /// The documents `first..first + n`.
    fn run(&mut self, first: DocId, n: usize, f: &mut impl FnMut(&[u64])) {
        if n > 1 && self.run_starts(first, n) {
            let (lo, hi) = (self.starts[0], self.starts[n]);
            self.values.resize((hi - lo) as usize, 0);
            self.column
                .values
                .get_range(u64::from(lo), &mut self.values);
            for w in self.starts.windows(2) {
                let (a, b) = (
                    w[0].saturating_sub(lo) as usize,
                    w[1].saturating_sub(lo) as usize,
                );
                match self.values.get(a..b) {
                    Some(vals) if !vals.is_empty() => f(vals),
                    _ => {}
                }
            }
            return;
        }
        for doc in first..first.saturating_add(n as u32) {
            let rows = self
                .column
                .index
                .docid_range_to_rowids(doc..doc.saturating_add(1));
            if rows.is_empty() {
                continue;
            }
            self.values.resize(rows.len(), 0);
            self.column
                .values
                .get_range(u64::from(rows.start), &mut self.values);
            f(&self.values);
        }
    }

    /// Fills `starts` with the row boundaries of `first..first + n` when every one of
    /// those documents has values (then they are `n + 1` consecutive entries of the
    /// index's start offsets); false otherwise.
    fn run_starts(&mut self, first: DocId, n: usize) -> bool {
        let Some(end) = first.checked_add(n as u32) else {
            return false;
        };
        let (start_column, rank) = match &self.column.index {
            ColumnIndex::Multivalued(MultiValueIndex::MultiValueIndexV2(idx)) => {
                let (a, b) = (idx.optional_index.rank(first), idx.optional_index.rank(end));
                if (b - a) as usize != n {
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
    /// segment; every block shape (runs, gaps, single documents, documents without
    /// values inside a run) reads what the facet reader gives document by document.
    #[test]
    fn blocks_read_what_the_facet_reader_reads_per_document() {
        let mut sb = Schema::builder();
        let entity = sb.add_facet_field("entity", FacetOptions::default());
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        for i in 0..300u32 {
            let mut doc = TantivyDocument::new();
            for k in 0..(i * 7 % 5) {
                doc.add_facet(
                    entity,
                    Facet::from_path(["person", &format!("p{}", (i + k) % 13)]),
                );
            }
            if i % 11 == 0 {
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
