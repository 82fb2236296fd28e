//! A union of scored clauses that seeks cheaply, for a text query inside the filters'
//! intersection.
//!
//! The query parser makes `ceasefire` over the title and the body a union of two term
//! queries, and `ceasefire OR truce` a union of two such unions. tantivy scores a union
//! with its `BufferedUnionScorer`, which reads the next 4,096 documents of every clause
//! into a window: fast when the union is walked from start to end, but inside an
//! intersection with a filter (`--country`, a date range) the union is sought at each
//! match of the filter, and each seek past the window clears it (16 KB of scores) and
//! fills it again. In a search process at 100k articles that was 0.55–0.75 M of the
//! query's instructions, and the plain tantivy CLI, whose query is the union alone,
//! never pays it (issue 11).
//!
//! [`seekable`] rewrites each all-`Should` part of a query as a [`SeekUnion`], which
//! seeks its clauses to the target and sums the scores of those on it, in clause order
//! from 0: the same documents and the same scores, bit for bit, as the buffered union
//! (which adds its clauses' scores in the same order), for any filter.

use tantivy::query::{BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// `q` with every `BooleanQuery` that is a plain union (only `Should` clauses, at
/// least two, any one of which matches) as a [`SeekUnion`] of its clauses, rewritten
/// alike; other queries are kept as they are.
pub(crate) fn seekable(q: &dyn Query) -> Box<dyn Query> {
    let Some(b) = q.downcast_ref::<BooleanQuery>() else {
        return q.box_clone();
    };
    let clauses = b.clauses();
    let union = clauses.len() >= 2
        && b.get_minimum_number_should_match() <= 1
        && clauses.iter().all(|(occur, _)| *occur == Occur::Should);
    if union {
        return Box::new(SeekUnion {
            clauses: clauses.iter().map(|(_, c)| seekable(c.as_ref())).collect(),
        });
    }
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses
            .iter()
            .map(|(occur, c)| (*occur, seekable(c.as_ref())))
            .collect(),
        b.get_minimum_number_should_match(),
    ))
}

/// Documents that match any of the clauses, scored by the sum of the matching clauses'
/// scores (in clause order, from 0).
#[derive(Debug)]
pub(crate) struct SeekUnion {
    clauses: Vec<Box<dyn Query>>,
}

impl Clone for SeekUnion {
    fn clone(&self) -> Self {
        SeekUnion {
            clauses: self.clauses.iter().map(|c| c.box_clone()).collect(),
        }
    }
}

impl Query for SeekUnion {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = self
            .clauses
            .iter()
            .map(|c| c.weight(enable_scoring))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(SeekUnionWeight { weights }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for c in &self.clauses {
            c.query_terms(visitor);
        }
    }
}

struct SeekUnionWeight {
    weights: Vec<Box<dyn Weight>>,
}

impl Weight for SeekUnionWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorers = self
            .weights
            .iter()
            .map(|w| w.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(SeekUnionScorer::new(scorers)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document #{doc} does not match"
            )));
        }
        let mut explanation = Explanation::new("sum of the matching clauses", scorer.score());
        for w in &self.weights {
            if let Ok(e) = w.explain(reader, doc) {
                explanation.add_detail(e);
            }
        }
        Ok(explanation)
    }
}

struct SeekUnionScorer {
    /// The clauses' scorers, in clause order (those that ran out included: they stay
    /// on `TERMINATED`).
    scorers: Vec<Box<dyn Scorer>>,
    /// Where each scorer is (its `doc()`, kept here: a call through the box costs more
    /// than the comparison it serves).
    docs: Vec<DocId>,
    doc: DocId,
}

impl SeekUnionScorer {
    fn new(scorers: Vec<Box<dyn Scorer>>) -> SeekUnionScorer {
        let docs: Vec<DocId> = scorers.iter().map(|s| s.doc()).collect();
        let doc = docs.iter().copied().min().unwrap_or(TERMINATED);
        SeekUnionScorer { scorers, docs, doc }
    }
}

impl DocSet for SeekUnionScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let mut next = TERMINATED;
        for (s, d) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *d == self.doc {
                *d = s.advance();
            }
            next = next.min(*d);
        }
        self.doc = next;
        next
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        let mut next = TERMINATED;
        for (s, d) in self.scorers.iter_mut().zip(&mut self.docs) {
            if *d < target {
                *d = s.seek(target);
            }
            next = next.min(*d);
        }
        self.doc = next;
        next
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.scorers
            .iter()
            .map(|s| s.size_hint())
            .max()
            .unwrap_or(0)
    }

    /// As the buffered union's: the sum of the clauses' costs (the intersection leads
    /// with its cheapest part, so the same part leads as before).
    fn cost(&self) -> u64 {
        self.scorers.iter().map(|s| s.cost()).sum()
    }
}

impl Scorer for SeekUnionScorer {
    fn score(&mut self) -> Score {
        let mut score: Score = 0.0;
        for (s, &d) in self.scorers.iter_mut().zip(&self.docs) {
            if d == self.doc {
                score += s.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{QueryParser, RangeQuery, TermQuery};
    use tantivy::schema::{IndexRecordOption, Schema, INDEXED, STRING, TEXT};
    use tantivy::{doc, DocAddress, Index, IndexWriter};

    /// Every query, rewritten with [`seekable`] and intersected with filters (a term, a
    /// range, both), finds the same documents with the same scores, bit for bit, as
    /// before, over several segments: words over two fields, `OR`, boosts, phrases,
    /// negations, nested groups. The unions are really rewritten.
    #[test]
    fn seekable_unions_find_and_score_as_before() {
        let mut sb = Schema::builder();
        let title = sb.add_text_field("title", TEXT);
        let body = sb.add_text_field("body", TEXT);
        let tag = sb.add_text_field("tag", STRING);
        let year = sb.add_u64_field("year", INDEXED);
        let index = Index::create_in_ram(sb.build());
        let mut w: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
        w.set_merge_policy(Box::new(tantivy::merge_policy::NoMergePolicy));
        let words = [
            "ceasefire",
            "truce",
            "talks",
            "peace",
            "bank",
            "central",
            "rates",
            "army",
        ];
        // A deterministic spread of words, long enough (9,000 documents) that the
        // filters' matches fall far apart, past a 4,096-document window.
        let mut state: u64 = 7;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        for round in 0..3 {
            for _ in 0..3_000 {
                let pick = |n: usize, next: &mut dyn FnMut() -> usize| {
                    (0..n)
                        .map(|_| words[next() % words.len()])
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                let t = pick(1 + next() % 3, &mut next);
                let b = pick(3 + next() % 12, &mut next);
                let tg = ["a", "b", "c", "d", "e", "f", "g", "h"][next() % 8];
                let y = 2000 + (next() % 20) as u64;
                w.add_document(doc!(title => t, body => b, tag => tg, year => y))
                    .unwrap();
            }
            w.commit().unwrap();
            assert_eq!(round + 1, index.searchable_segment_ids().unwrap().len());
        }
        let searcher = index.reader().unwrap().searcher();
        let mut parser = QueryParser::for_index(&index, vec![title, body]);
        parser.set_field_boost(title, 2.0);
        parser.set_conjunction_by_default();
        let tag_q = |v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(tag, v),
                IndexRecordOption::Basic,
            ))
        };
        let years: Box<dyn Query> = Box::new(RangeQuery::new(
            std::ops::Bound::Included(Term::from_field_u64(year, 2003)),
            std::ops::Bound::Included(Term::from_field_u64(year, 2005)),
        ));
        let filters: Vec<Vec<Box<dyn Query>>> = vec![
            vec![tag_q("a")],
            vec![years.box_clone()],
            vec![tag_q("b"), years.box_clone()],
            vec![Box::new(BooleanQuery::union(vec![tag_q("c"), tag_q("d")]))],
        ];
        let bits = |v: Vec<(f32, DocAddress)>| -> Vec<(u32, DocAddress)> {
            let mut v: Vec<_> = v.into_iter().map(|(s, a)| (s.to_bits(), a)).collect();
            v.sort_by_key(|&(_, a)| a);
            v
        };
        let mut compared = 0;
        for text in [
            "ceasefire",
            "ceasefire OR truce",
            "ceasefire truce",
            "\"central bank\"",
            "\"central bank\" OR peace",
            "bank -rates",
            "(army OR peace) AND talks",
            "title:ceasefire^3 OR truce OR talks",
            "+peace -\"peace talks\"",
        ] {
            let q = parser.parse_query(text).unwrap();
            let rewritten = seekable(q.as_ref());
            if !text.starts_with('"') && !text.starts_with('+') {
                assert_ne!(
                    format!("{q:?}"),
                    format!("{rewritten:?}"),
                    "{text}: no union rewritten"
                );
            }
            for f in &filters {
                let with = |text_q: Box<dyn Query>| {
                    BooleanQuery::intersection(
                        std::iter::once(text_q)
                            .chain(f.iter().map(|c| c.box_clone()))
                            .collect(),
                    )
                };
                let top = (TopDocs::with_limit(10_000).order_by_score(), Count);
                let (want, n) = searcher.search(&with(q.box_clone()), &top).unwrap();
                let (got, m) = searcher.search(&with(rewritten.box_clone()), &top).unwrap();
                assert_eq!(n, m, "{text}");
                assert_eq!(bits(got), bits(want), "{text}");
                compared += n;
            }
            // Alone, too (a search without filters keeps tantivy's union, but the
            // rewritten query must still be right).
            let top = (TopDocs::with_limit(10_000).order_by_score(), Count);
            let (want, n) = searcher.search(&q, &top).unwrap();
            let (got, m) = searcher.search(&rewritten, &top).unwrap();
            assert_eq!(n, m, "{text}");
            assert_eq!(bits(got), bits(want), "{text}");
        }
        assert!(compared > 5_000, "only {compared} matches compared");
    }
}
