//! The two tantivy writers of an `index` run (articles and quotations) and their merge
//! policy.

use super::*;

/// Segments are merged two at a time, and a segment of this many articles is left
/// alone: a merge then reads (and maps) at most ~30k articles' files whatever the
/// archive size, so peak memory stays flat. On up to 4 cores a commit of 20k articles
/// (see `COMMIT_EVERY_DOCS`) is one segment that no merge touches: a 100k archive ends
/// with 5 segments of 20k articles, and no article is written twice.
pub(crate) const MERGE_MAX_DOCS: usize = 15_000;
/// The same bound for the quotation index, whose documents are a quarter the size.
pub(crate) const QUOTE_MERGE_MAX_DOCS: usize = 4 * MERGE_MAX_DOCS;

pub(crate) fn merge_policy(max_docs: usize) -> tantivy::indexer::LogMergePolicy {
    let mut p = tantivy::indexer::LogMergePolicy::default();
    p.set_min_num_segments(2);
    p.set_max_docs_before_merge(max_docs);
    p
}

/// `MERGE_MAX_DOCS` (or `QUOTE_MERGE_MAX_DOCS` for `quotes`). `NEWSDEX_MERGE_MAX_DOCS`
/// overrides the article bound (the quotation bound stays four times it), so that a
/// test can make a small archive end with segments that no background merge touches,
/// as a big archive's are.
pub(crate) fn merge_max_docs(quotes: bool) -> usize {
    let articles = std::env::var("NEWSDEX_MERGE_MAX_DOCS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(MERGE_MAX_DOCS);
    if quotes {
        articles.saturating_mul(QUOTE_MERGE_MAX_DOCS / MERGE_MAX_DOCS)
    } else {
        articles
    }
}

/// A search opens every segment and runs its query and facet counts in each, so after
/// a run that wrote anything the smallest segments are merged until at most this many
/// are left (the background merges leave a segment per commit of 20k articles: 5 or 6
/// of each index at 100k).
pub(crate) const TARGET_SEGMENTS: usize = 3;
/// No merge after a run makes a segment of more than this many articles (four times
/// as many quotations), so that its memory stays bounded whatever the archive size; an
/// archive too big for `TARGET_SEGMENTS` such segments keeps more.
pub(crate) const FINAL_MERGE_MAX_DOCS: usize = 50_000;

/// The next merge towards `target` segments, given each segment's (id, documents): the
/// smallest segments, as many as are needed, while their sum stays within `max_docs`.
/// `None` when there are `target` or fewer, or when no two fit together.
pub(crate) fn next_final_merge<Id>(
    mut segments: Vec<(Id, usize)>,
    target: usize,
    max_docs: usize,
) -> Option<Vec<Id>> {
    let target = target.max(1);
    if segments.len() <= target {
        return None;
    }
    segments.sort_by_key(|s| s.1);
    let want = segments.len() - target + 1;
    let mut take = 0;
    let mut sum = 0usize;
    while take < want && sum + segments[take].1 <= max_docs {
        sum += segments[take].1;
        take += 1;
    }
    (take >= 2).then(|| segments.into_iter().take(take).map(|s| s.0).collect())
}

/// After a run that wrote anything: merges the smallest segments of `index` until at
/// most `TARGET_SEGMENTS` are left (see [`next_final_merge`]). Each merge is one atomic
/// switch of `meta.json` that keeps the last commit's payload; a process killed during
/// one leaves the index as it was, and the next writer deletes the unfinished files.
pub(crate) fn merge_down(index: &Index, max_docs: usize) -> tantivy::Result<usize> {
    let mut merges = 0;
    let mut writer: Option<IndexWriter> = None;
    // Ctrl-C stops after the merge in progress.
    while !super::run::interrupted() {
        let segments: Vec<(tantivy::index::SegmentId, usize)> = index
            .searchable_segment_metas()?
            .into_iter()
            .map(|m| (m.id(), m.max_doc() as usize))
            .collect();
        let Some(group) = next_final_merge(segments, TARGET_SEGMENTS, max_docs) else {
            break;
        };
        if writer.is_none() {
            // The smallest budget: this writer indexes nothing.
            let w: IndexWriter = index.writer_with_num_threads(1, 15_000_000)?;
            w.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
            writer = Some(w);
        }
        if let Some(w) = writer.as_mut() {
            w.merge(&group).wait()?;
            merges += 1;
        }
        pause_point("merged");
    }
    if let Some(w) = writer {
        w.wait_merging_threads()?;
    }
    Ok(merges)
}

/// Memory budget of each thread of the article index's writer: a thread writes its
/// segment out when it is full. 64 MiB holds the 20k articles of a commit (3 KB each)
/// in one segment. With the quotation writer's, this is most of an `index` run's memory,
/// and it does not grow with the archive.
pub(crate) const ARTICLE_WRITER_MEMORY: usize = 64 * 1024 * 1024;
/// Memory budget of each thread of the quotation index's writer (about 45k quotations).
pub(crate) const QUOTE_WRITER_MEMORY: usize = 32 * 1024 * 1024;

/// Indexing threads of each writer: one per 4 cores. Extraction takes most of an index
/// run's CPU, and one tantivy thread indexes articles several times as fast as 4 cores
/// extract them; each more thread would hold another memory budget, and split each
/// commit into smaller segments that then have to be merged.
pub(crate) fn writer_threads(cores: usize) -> usize {
    cores.div_ceil(4).max(1)
}

/// The two writers of an `index` run: articles and quotations.
pub(crate) struct Writers {
    pub(crate) articles: IndexWriter,
    pub(crate) quotes: IndexWriter,
}

impl Writers {
    /// Deletes every document of one file from both indexes.
    pub(crate) fn delete_path(&mut self, term: Term) {
        self.articles.delete_term(term.clone());
        self.quotes.delete_term(term);
    }

    /// The error to report when adding a document failed: tantivy then only says that
    /// a writer thread died. Preparing a commit joins the threads and returns the cause
    /// (such as a full disk); whatever was prepared is rolled back, never committed.
    pub(crate) fn failure(&mut self, dir: &Path, e: tantivy::TantivyError) -> anyhow::Error {
        let mut cause = None;
        for w in [&mut self.articles, &mut self.quotes] {
            match w.prepare_commit() {
                Err(c) => {
                    cause.get_or_insert(c);
                }
                Ok(prepared) => {
                    let _ = prepared.abort();
                }
            }
        }
        let cause = cause.unwrap_or(e);
        anyhow::Error::new(cause).context(format!(
            "cannot write to the index at {}; the last commit is intact",
            dir.display()
        ))
    }

    /// Commits both indexes: each is prepared first (the segments written and synced,
    /// the slow part), then the quotations' and the articles' `meta.json` are switched,
    /// one after the other. The manifest written before it no longer lists the files
    /// this commit touches, so a process killed between the two switches, or before the
    /// manifest is written again, leaves those files to be read again by the next run.
    ///
    /// Both carry the same `generation` as their commit payload: a reader that finds
    /// them apart knows it came between the two switches (see
    /// [`NewsIndex::quotes_in_step`]).
    pub(crate) fn commit(&mut self, generation: u64) -> tantivy::Result<()> {
        let mut quotes = self.quotes.prepare_commit()?;
        let mut articles = match self.articles.prepare_commit() {
            Ok(p) => p,
            Err(e) => {
                let _ = quotes.abort();
                return Err(e);
            }
        };
        quotes.set_payload(&generation.to_string());
        articles.set_payload(&generation.to_string());
        pause_point("prepared");
        quotes.commit()?;
        pause_point("quotes-committed");
        articles.commit()?;
        pause_point("articles-committed");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Up to 4 cores, each writer has one thread (one memory budget, one segment per
    /// commit); bigger machines get one more per 4 cores so that indexing keeps up.
    #[test]
    fn one_writer_thread_per_four_cores() {
        let threads: Vec<usize> = [0, 1, 2, 4, 5, 8, 16].map(writer_threads).to_vec();
        assert_eq!(threads, [1, 1, 1, 1, 2, 2, 4]);
    }

    fn plan(sizes: &[usize], target: usize, max: usize) -> Vec<Vec<usize>> {
        // Ids are the positions; merged segments get new ids from 100 on.
        let mut segs: Vec<(usize, usize)> = sizes.iter().copied().enumerate().collect();
        let mut merges = Vec::new();
        while let Some(g) = next_final_merge(segs.clone(), target, max) {
            let sum = segs.iter().filter(|s| g.contains(&s.0)).map(|s| s.1).sum();
            segs.retain(|s| !g.contains(&s.0));
            segs.push((100 + merges.len(), sum));
            merges.push(g);
        }
        merges
    }

    /// 100k articles in five 20k segments and a small one end in three, no merge over
    /// the bound; few segments, or segments too big to merge, are left alone.
    #[test]
    fn final_merges_take_the_smallest_segments_within_the_bound() {
        let k = 1000;
        let sizes = [20 * k, 20 * k, 20 * k, 20 * k, 20 * k, 3 * k];
        assert_eq!(plan(&sizes, 3, 50 * k), vec![vec![5, 0, 1], vec![2, 3]]);
        assert_eq!(
            plan(&[5, 1, 1, 1, 1, 1, 1], 3, 50),
            vec![vec![1, 2, 3, 4, 5]]
        );
        assert!(plan(&[20 * k, 3 * k, 1], 3, 50 * k).is_empty());
        assert!(plan(&[40 * k, 40 * k, 40 * k, 40 * k], 3, 50 * k).is_empty());
        assert_eq!(plan(&[40 * k, 40 * k, 5, 5], 3, 50 * k), vec![vec![2, 3]]);
        assert!(next_final_merge::<usize>(Vec::new(), 0, 10).is_none());
    }
}
