//! `bench-plain-search INDEX QUERY`: the plain tantivy command-line search that `bench`
//! times against a `newsdex search` process (issue 11: a newsdex search process is never
//! slower than a plain tantivy top-10 CLI on the same query).
//!
//! It does what tantivy-cli's `search` does, as one short process: open the index that
//! `bench` built without entities (`DIR/indexes/plain`), parse the query over title (×2)
//! and body with all words required, collect the top 10 and the count, and print each
//! hit's stored document as one JSON line, then the count. It links tantivy and newsdex's
//! analyzer (the plain index was built with it) and nothing else of newsdex, and uses the
//! system allocator, as tantivy-cli does.

use std::io::Write;
use std::process::ExitCode;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::document::{Document, TantivyDocument};
use tantivy::{Index, ReloadPolicy};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [index, query] = args.as_slice() else {
        eprintln!("usage: bench-plain-search INDEX QUERY");
        return ExitCode::from(2);
    };
    match search(index, query) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench-plain-search: {index}: {e}");
            ExitCode::from(2)
        }
    }
}

fn search(dir: &str, q: &str) -> tantivy::Result<()> {
    let index = Index::open_in_dir(dir)?;
    newsdex::schema::register_analyzers(&index);
    let schema = index.schema();
    let title = schema.get_field("title")?;
    let body = schema.get_field("body")?;
    let searcher = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?
        .searcher();
    let mut parser = QueryParser::for_index(&index, vec![title, body]);
    parser.set_field_boost(title, 2.0);
    parser.set_conjunction_by_default();
    let query = parser
        .parse_query(q)
        .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
    let (top, count) =
        searcher.search(&query, &(TopDocs::with_limit(10).order_by_score(), Count))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (_, addr) in top {
        let doc: TantivyDocument = searcher.doc(addr)?;
        writeln!(out, "{}", doc.to_json(&schema))?;
    }
    writeln!(out, "{count}")?;
    out.flush()?;
    Ok(())
}
