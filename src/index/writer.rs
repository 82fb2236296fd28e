//! The two tantivy writers of an `index` run (articles and quotations) and their merge
//! policy.

use super::*;

/// Segments are merged two at a time, and a segment of this many articles is left
/// alone: a merge then reads (and maps) at most ~30k articles' files whatever the
/// archive size, so peak memory stays flat; a 100k archive ends with ~5 segments of
/// ~20k articles (each commit of 20k articles writes two segments of ~10k).
pub(crate) const MERGE_MAX_DOCS: usize = 15_000;
/// The same bound for the quotation index, whose documents are a quarter the size.
pub(crate) const QUOTE_MERGE_MAX_DOCS: usize = 4 * MERGE_MAX_DOCS;

pub(crate) fn merge_policy(max_docs: usize) -> tantivy::indexer::LogMergePolicy {
    let mut p = tantivy::indexer::LogMergePolicy::default();
    p.set_min_num_segments(2);
    p.set_max_docs_before_merge(max_docs);
    p
}

/// Memory budget of the quotation index's writer.
pub(crate) const QUOTE_WRITER_MEMORY: usize = 32 * 1024 * 1024;

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
