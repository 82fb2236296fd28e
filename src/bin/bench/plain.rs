//! The plain tantivy baseline: the same articles with newsdex's analyzer and no
//! entities, searched the way newsdex searches.

use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{DateOptions, DateTimePrecision, Facet, Field, Schema};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, TantivyDocument};

/// Same writer budget as newsdex.
const WRITER_MEMORY: usize = 128 * 1024 * 1024;

/// A tantivy index of title, body and date, with newsdex's text analyzer (lower case,
/// accent folding, English stemming) and no entities: the difference to newsdex is
/// the entities, not the analyzer.
pub struct Plain {
    index: Index,
    reader: IndexReader,
    title: Field,
    body: Field,
}

/// Builds it from the files under `roots`, read with newsdex's own readers so both
/// indexes hold exactly the same articles. Returns the index and its document count.
pub fn build(dir: &Path, roots: &[PathBuf]) -> Result<(Plain, u64)> {
    let mut b = Schema::builder();
    let text = newsdex::schema::text_options().set_stored();
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text);
    let date = b.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_stored()
            .set_precision(DateTimePrecision::Seconds),
    );
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let index = Index::create_in_dir(dir, b.build())
        .with_context(|| format!("cannot create a tantivy index in {}", dir.display()))?;
    newsdex::schema::register_analyzers(&index);
    let mut writer: IndexWriter = index.writer(WRITER_MEMORY)?;
    let walked = newsdex::ingest::walk::walk(roots, &Default::default());
    walked.files.par_iter().try_for_each(|path| -> Result<()> {
        let outcome = newsdex::ingest::read_file(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for a in outcome.articles {
            let mut d = TantivyDocument::default();
            d.add_text(title, &a.title);
            d.add_text(body, &a.body);
            if let Some(dt) = a.date {
                d.add_date(date, tantivy::DateTime::from_timestamp_secs(dt.timestamp()));
            }
            writer.add_document(d)?;
        }
        Ok(())
    })?;
    writer.commit()?;
    writer.wait_merging_threads()?;
    let reader = index.reader()?;
    reader.reload()?;
    let docs = reader.searcher().num_docs();
    Ok((
        Plain {
            index,
            reader,
            title,
            body,
        },
        docs,
    ))
}

impl Plain {
    /// The same page newsdex builds, minus filters and entities: BM25 over title
    /// (×2) and body with all words required, the top 10 documents loaded and a
    /// 240-character snippet for each; with `facets`, also the top 8 values of every
    /// facet root counted over all matches, as newsdex does. Returns the number of
    /// matches.
    pub fn search(&self, q: &str, facets: bool) -> Result<usize> {
        let searcher = self.reader.searcher();
        let mut parser = QueryParser::for_index(&self.index, vec![self.title, self.body]);
        parser.set_field_boost(self.title, 2.0);
        parser.set_conjunction_by_default();
        let query = parser.parse_query(q)?;
        let top_count = (TopDocs::with_limit(10).order_by_score(), Count);
        let (top, count) = if facets {
            let mut fc = FacetCollector::for_field("entity");
            for root in newsdex::schema::FACET_ROOTS {
                fc.add_facet(Facet::from_path([root]));
            }
            let ((top, count), counts) = searcher.search(&query, &(top_count, fc))?;
            for root in newsdex::schema::FACET_ROOTS {
                std::hint::black_box(counts.top_k(Facet::from_path([root]), 8));
            }
            (top, count)
        } else {
            searcher.search(&query, &top_count)?
        };
        let mut snippets = SnippetGenerator::create(&searcher, query.as_ref(), self.body)?;
        snippets.set_max_num_chars(240);
        for (_, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            std::hint::black_box(snippets.snippet_from_doc(&doc));
        }
        Ok(count)
    }

    pub fn segments(&self) -> Result<usize> {
        Ok(self.index.searchable_segment_ids()?.len())
    }

    /// The same raw tantivy page on newsdex's own index (its analyzer, its stored
    /// fields), without going through `newsdex::search`.
    pub fn on_newsdex(ni: &newsdex::index::NewsIndex) -> Result<Plain> {
        Ok(Plain {
            index: ni.index.clone(),
            reader: ni.index.reader()?,
            title: ni.fields.title,
            body: ni.fields.body,
        })
    }
}

/// The CPU seconds (user + sys, this process) of a [`build`] into `dir`, which is
/// deleted afterwards; `None` where the process's CPU time cannot be read.
pub fn build_cpu_seconds(dir: &Path, roots: &[PathBuf]) -> Result<Option<f64>> {
    let (built, cpu) = crate::runner::with_cpu_seconds(|| build(dir, roots))?;
    drop(built);
    std::fs::remove_dir_all(dir).with_context(|| format!("cannot delete {}", dir.display()))?;
    Ok(cpu)
}

/// The date range `--since SINCE --until UNTIL` (years, as the bench's filters give
/// them) in tantivy's query syntax over the plain index's `date` field: from the first
/// second of SINCE to the last of UNTIL, UTC, as newsdex reads them.
pub fn date_range(since: &str, until: &str) -> Result<String> {
    let year = |y: &str| -> Result<i32> {
        y.parse()
            .with_context(|| format!("the bench's date filter {y:?} is not a year"))
    };
    Ok(format!(
        "date:[{}-01-01T00:00:00Z TO {}-12-31T23:59:59Z]",
        year(since)?,
        year(until)?
    ))
}
