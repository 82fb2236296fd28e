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
}
