//! The fixed query set and its timing: latency cells per engine, query class and filter,
//! quotation and related-article latency, and facet-count exactness.

use crate::plain;
use crate::world::World;
use anyhow::{Context, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// Filter variants every text query is run with.
pub(crate) const VARIANTS: [&str; 5] = ["none", "speaker", "country", "date", "all three"];

#[derive(Clone, Debug)]
pub(crate) struct TextQuery {
    pub(crate) class: &'static str,
    pub(crate) text: String,
}

/// The fixed query set: single terms of falling frequency, phrases, boolean queries.
pub(crate) fn text_queries(w: &World) -> Vec<TextQuery> {
    let q = |class, text: String| TextQuery { class, text };
    vec![
        q("term", "government".into()),
        q("term", "ceasefire".into()),
        q("term", w.vocab[1000].clone()),
        q("term", w.vocab[3500].clone()),
        q("phrase", "\"central bank\"".into()),
        q("phrase", "\"peace talks\"".into()),
        q("phrase", "\"humanitarian aid\"".into()),
        q("phrase", format!("\"{}\"", w.people[0].full())),
        q("boolean", "ceasefire OR truce".into()),
        q("boolean", "election AND NOT inflation".into()),
        q("boolean", "+budget -parliament".into()),
        q("boolean", "(economy OR inflation) AND reform".into()),
    ]
}

/// The filter values: the most quoted person and a frequent country of the generator.
pub(crate) struct FilterValues {
    pub(crate) speaker: String,
    pub(crate) country: String,
    pub(crate) since: String,
    pub(crate) until: String,
}

pub(crate) fn filters_for(variant: &str, fv: &FilterValues) -> newsdex::search::Filters {
    let mut f = newsdex::search::Filters::default();
    if matches!(variant, "speaker" | "all three") {
        f.speaker = vec![fv.speaker.clone()];
    }
    if matches!(variant, "country" | "all three") {
        f.country = vec![fv.country.clone()];
    }
    if matches!(variant, "date" | "all three") {
        f.since = Some(fv.since.clone());
        f.until = Some(fv.until.clone());
    }
    f
}

/// Latency of one `quotes` or `related` call shape.
#[derive(Debug, Serialize)]
pub(crate) struct QuoteRelatedLatency {
    pub(crate) what: String,
    pub(crate) runs: usize,
    pub(crate) results: usize,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
}

/// Times `newsdex quotes` (speaker listing, query + speaker) and `newsdex related`
/// (a speaker, a country) in-process on the built index.
pub(crate) fn time_quotes_related(
    ni: &newsdex::index::NewsIndex,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<Vec<QuoteRelatedLatency>> {
    use newsdex::search::{search, SearchRequest};
    let quotes = ni.quotes()?;
    let speaker = newsdex::search::Filters {
        speaker: vec![fv.speaker.clone()],
        ..Default::default()
    };
    let listing = SearchRequest {
        filters: speaker.clone(),
        limit: 10,
        facet_top: 8,
        body_only: true,
        ..SearchRequest::default()
    };
    let with_query = SearchRequest {
        query: Some(queries[1].text.clone()),
        ..listing.clone()
    };
    let mut out = Vec::new();
    let mut time = |what: String, f: &mut dyn FnMut() -> Result<usize>| -> Result<()> {
        let results = f()?; // warm-up
        let mut samples: Vec<Duration> = (0..runs.max(1))
            .map(|_| {
                let t = Instant::now();
                f().map(|_| t.elapsed())
            })
            .collect::<Result<_>>()?;
        samples.sort();
        out.push(QuoteRelatedLatency {
            what,
            runs: samples.len(),
            results,
            p50_ms: percentile_ms(&samples, 0.5),
            p99_ms: percentile_ms(&samples, 0.99),
        });
        Ok(())
    };
    time(format!("quotes --speaker {:?}", fv.speaker), &mut || {
        Ok(search(&quotes, &listing)?.total)
    })?;
    time(
        format!("quotes {:?} --speaker {:?}", queries[1].text, fv.speaker),
        &mut || Ok(search(&quotes, &with_query)?.total),
    )?;
    time(format!("related {:?}", fv.speaker), &mut || {
        Ok(newsdex::search::related::related(ni, &fv.speaker, None, 8)?.articles as usize)
    })?;
    time(format!("related {:?}", fv.country), &mut || {
        Ok(newsdex::search::related::related(ni, &fv.country, None, 8)?.articles as usize)
    })?;
    Ok(out)
}

/// What exact facet counts cost and whether they are right (issue 15). On every
/// (query × filter) scope of the query set, and on the whole archive, the facet step
/// alone (`TopFacets` over the five roots, 8 values each; 15 for the whole archive) is
/// timed exact and as the old per-segment estimate, and both are checked against
/// tantivy's `FacetCollector`, which counts every value.
#[derive(Debug, Serialize)]
pub(crate) struct FacetExactness {
    pub(crate) scopes: usize,
    pub(crate) runs: usize,
    pub(crate) exact_p50_ms: f64,
    pub(crate) exact_p99_ms: f64,
    pub(crate) estimate_p50_ms: f64,
    pub(crate) estimate_p99_ms: f64,
    /// Top lists checked (scopes × roots) and counts shown in them.
    pub(crate) lists: usize,
    pub(crate) counts: usize,
    pub(crate) exact_wrong_lists: usize,
    pub(crate) exact_wrong_counts: usize,
    pub(crate) estimate_wrong_lists: usize,
    pub(crate) estimate_wrong_counts: usize,
}

/// `full` (every value under `root` in scope `q` with its count) with each name group's
/// values replaced by the group's canonical name, counted exactly: the articles in scope
/// with any of them.
fn group_counts(
    ni: &newsdex::index::NewsIndex,
    searcher: &tantivy::Searcher,
    q: &dyn tantivy::query::Query,
    groups: &newsdex::index::values::groups::NameGroups,
    root: &str,
    full: &BTreeMap<String, u64>,
) -> Result<BTreeMap<String, u64>> {
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::{Facet, IndexRecordOption};
    let mut out = BTreeMap::new();
    let mut ids = std::collections::BTreeSet::new();
    for (v, &c) in full {
        match groups.group_of(root, v) {
            Some(id) => {
                ids.insert(id);
            }
            None => {
                out.insert(v.clone(), c);
            }
        }
    }
    for id in ids {
        let any: Vec<(Occur, Box<dyn Query>)> = groups
            .members(root, |g| g == id)
            .map(|v| {
                let term =
                    tantivy::Term::from_facet(ni.fields.entity, &Facet::from_path([root, v]));
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        let both = BooleanQuery::new(vec![
            (Occur::Must, q.box_clone()),
            (Occur::Must, Box::new(BooleanQuery::new(any))),
        ]);
        let n = searcher.search(&both, &tantivy::collector::Count)? as u64;
        out.insert(groups.canonical_name(id).to_string(), n);
    }
    Ok(out)
}

pub(crate) fn facet_exactness(
    ni: &newsdex::index::NewsIndex,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<FacetExactness> {
    use newsdex::schema::FACET_ROOTS;
    use newsdex::search::facets::TopFacets;
    use tantivy::collector::FacetCollector;
    use tantivy::query::{AllQuery, Query};
    use tantivy::schema::Facet;
    let searcher = ni.searcher()?;
    // Person and speaker names grouped as `search` counts them (issue 10): the exact
    // counts are checked against FacetCollector's with each group's members counted
    // together (an article once, by a query for any of them).
    let groups = newsdex::index::values::groups::load(ni, &searcher)?;
    // Counted by archive-wide ordinal, as `search` counts them when the index run wrote
    // the ordinals file (by dictionary lookups otherwise).
    let ordinals = newsdex::index::values::ordinals::load(ni, &searcher).map(std::sync::Arc::new);
    let mut scopes: Vec<(Box<dyn Query>, usize)> = vec![(Box::new(AllQuery), 15)];
    for q in queries {
        for v in VARIANTS {
            let mut resolved = Vec::new();
            let (_, scope) = newsdex::search::scope_query(
                ni,
                &searcher,
                Some(&q.text),
                &filters_for(v, fv),
                false,
                &mut resolved,
            )?;
            scopes.push((Box::new(scope), 8));
        }
    }
    let (mut lists, mut counts) = (0, 0);
    let (mut exact_wrong_lists, mut exact_wrong_counts) = (0, 0);
    let (mut estimate_wrong_lists, mut estimate_wrong_counts) = (0, 0);
    for (q, k) in &scopes {
        let mut fc = FacetCollector::for_field("entity");
        for root in FACET_ROOTS {
            fc.add_facet(Facet::from_path([root]));
        }
        let all = searcher.search(q.as_ref(), &fc)?;
        let grouped = TopFacets::new(&FACET_ROOTS, *k)
            .with_groups(groups.clone())
            .with_ordinals(ordinals.clone());
        let exact = searcher.search(q.as_ref(), &grouped)?;
        let estimate = searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k).estimate())?;
        for root in FACET_ROOTS {
            let full: BTreeMap<String, u64> = all
                .get(&format!("/{root}"))
                .map(|(f, c)| {
                    let v = f
                        .to_path()
                        .last()
                        .map(|s| s.to_string())
                        .unwrap_or_default();
                    (v, c)
                })
                .collect();
            let full_grouped = group_counts(ni, &searcher, q.as_ref(), &groups, root, &full)?;
            let top_of = |full: &BTreeMap<String, u64>| {
                let mut truth: Vec<(String, u64)> =
                    full.iter().map(|(v, &c)| (v.clone(), c)).collect();
                truth.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                truth.truncate(*k);
                truth
            };
            lists += 1;
            counts += top_of(&full_grouped).len();
            // The old estimate never grouped names.
            for (got, full, wrong_lists, wrong_counts) in [
                (
                    &exact,
                    &full_grouped,
                    &mut exact_wrong_lists,
                    &mut exact_wrong_counts,
                ),
                (
                    &estimate,
                    &full,
                    &mut estimate_wrong_lists,
                    &mut estimate_wrong_counts,
                ),
            ] {
                let truth = top_of(full);
                let got = got.get(root).map(Vec::as_slice).unwrap_or_default();
                if got.len() != truth.len()
                    || got
                        .iter()
                        .zip(&truth)
                        .any(|(g, t)| g.value != t.0 || g.count != t.1)
                {
                    *wrong_lists += 1;
                }
                *wrong_counts += got
                    .iter()
                    .filter(|g| full.get(&g.value).copied().unwrap_or(0) != g.count)
                    .count();
            }
        }
    }
    let mut exact_t = Vec::new();
    let mut estimate_t = Vec::new();
    for _ in 0..runs.max(1) {
        for (q, k) in &scopes {
            let t = Instant::now();
            let grouped = TopFacets::new(&FACET_ROOTS, *k)
                .with_groups(groups.clone())
                .with_ordinals(ordinals.clone());
            std::hint::black_box(searcher.search(q.as_ref(), &grouped)?);
            exact_t.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(
                searcher.search(q.as_ref(), &TopFacets::new(&FACET_ROOTS, *k).estimate())?,
            );
            estimate_t.push(t.elapsed());
        }
    }
    exact_t.sort();
    estimate_t.sort();
    Ok(FacetExactness {
        scopes: scopes.len(),
        runs: runs.max(1),
        exact_p50_ms: percentile_ms(&exact_t, 0.5),
        exact_p99_ms: percentile_ms(&exact_t, 0.99),
        estimate_p50_ms: percentile_ms(&estimate_t, 0.5),
        estimate_p99_ms: percentile_ms(&estimate_t, 0.99),
        lists,
        counts,
        exact_wrong_lists,
        exact_wrong_counts,
        estimate_wrong_lists,
        estimate_wrong_counts,
    })
}

/// Nearest-rank percentile of sorted samples, in milliseconds.
pub(crate) fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

#[derive(Debug, Serialize)]
pub(crate) struct LatencyRow {
    pub(crate) engine: &'static str,
    pub(crate) class: String,
    pub(crate) filter: String,
    pub(crate) queries: usize,
    pub(crate) samples: usize,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) mean_hits: f64,
}

#[derive(Debug, Serialize)]
pub(crate) struct PerQuery {
    pub(crate) engine: &'static str,
    pub(crate) class: &'static str,
    pub(crate) query: String,
    pub(crate) filter: String,
    pub(crate) hits: usize,
    pub(crate) p50_ms: f64,
    pub(crate) p99_ms: f64,
}

/// Samples of one (engine, query, filter) cell.
pub(crate) struct Cell {
    pub(crate) engine: &'static str,
    pub(crate) class: &'static str,
    pub(crate) query: String,
    pub(crate) filter: String,
    pub(crate) hits: usize,
    pub(crate) samples: Vec<Duration>,
    pub(crate) spent: Duration,
}

/// A query cell stops being repeated once its timed runs add up to this much, so that a
/// slow engine cannot make the run take hours; the report gives the runs actually made.
pub(crate) const CELL_BUDGET: Duration = Duration::from_secs(20);

/// The nx:text and nx:facets cells run in one round out of this many.
pub(crate) const DIAGNOSTIC_EVERY: usize = 5;

impl Cell {
    pub(crate) fn time<T>(&mut self, f: impl FnOnce() -> Result<T>) -> Result<()> {
        if self.spent >= CELL_BUDGET {
            return Ok(());
        }
        let t = Instant::now();
        std::hint::black_box(f()?);
        let took = t.elapsed();
        self.spent += took;
        self.samples.push(took);
        Ok(())
    }
}

pub(crate) fn latency_row(
    engine: &'static str,
    class: &str,
    filter: &str,
    cells: &[&Cell],
) -> LatencyRow {
    let mut all: Vec<Duration> = cells
        .iter()
        .flat_map(|c| c.samples.iter().copied())
        .collect();
    all.sort();
    LatencyRow {
        engine,
        class: class.to_string(),
        filter: filter.to_string(),
        queries: cells.len(),
        samples: all.len(),
        p50_ms: percentile_ms(&all, 0.50),
        p99_ms: percentile_ms(&all, 0.99),
        mean_hits: cells.iter().map(|c| c.hits as f64).sum::<f64>() / cells.len().max(1) as f64,
    }
}

#[derive(Debug, Serialize)]
pub(crate) struct QueryReport {
    pub(crate) runs: usize,
    /// Fewer than `runs` when a slow cell ran out of its time budget.
    pub(crate) fewest_runs: usize,
    pub(crate) filter_values: BTreeMap<&'static str, String>,
    pub(crate) rows: Vec<LatencyRow>,
    pub(crate) per_query: Vec<PerQuery>,
    /// `NewsIndex::index.reader()`, which `search()` calls once per query.
    pub(crate) reader_open_p50_ms: f64,
}

/// Times every (query × filter variant) through `newsdex::search::search` and every
/// text query on the plain index, interleaved round by round so both see the same
/// machine load.
pub(crate) fn run_queries(
    ni: &newsdex::index::NewsIndex,
    plain: &plain::Plain,
    queries: &[TextQuery],
    fv: &FilterValues,
    runs: usize,
) -> Result<QueryReport> {
    use newsdex::search::{search, SearchRequest};
    let mut requests = Vec::new();
    let mut cells = Vec::new();
    for (engine, facet_top) in [("newsdex", 8), ("nofacets", 0)] {
        for q in queries {
            for v in VARIANTS {
                requests.push(SearchRequest {
                    query: Some(q.text.clone()),
                    filters: filters_for(v, fv),
                    any: false,
                    limit: 10,
                    offset: 0,
                    facet_top,
                    ..SearchRequest::default()
                });
                cells.push(Cell {
                    engine,
                    class: q.class,
                    query: q.text.clone(),
                    filter: v.to_string(),
                    hits: 0,
                    samples: Vec::with_capacity(runs),
                    spent: Duration::ZERO,
                });
            }
        }
    }
    // Raw tantivy pages: the plain index, and (to split newsdex's overhead) the same page
    // on newsdex's own index without and with facet counting.
    let nx = plain::Plain::on_newsdex(ni)?;
    let raw: [(&'static str, &plain::Plain, bool); 3] = [
        ("plain", plain, false),
        ("nx:text", &nx, false),
        ("nx:facets", &nx, true),
    ];
    let mut raw_jobs = Vec::new();
    for (engine, index, facets) in raw {
        for q in queries {
            raw_jobs.push((index, facets, q.text.as_str()));
            cells.push(Cell {
                engine,
                class: q.class,
                query: q.text.clone(),
                filter: "none".into(),
                hits: 0,
                samples: Vec::with_capacity(runs),
                spent: Duration::ZERO,
            });
        }
    }
    let (newsdex_cells, raw_cells) = cells.split_at_mut(requests.len());
    // Warm-up round, which also records hit counts and checks the filters resolve.
    for (req, cell) in requests.iter().zip(newsdex_cells.iter_mut()) {
        let r = search(ni, req).with_context(|| {
            format!(
                "query {:?} with the {} filter failed",
                cell.query, cell.filter
            )
        })?;
        cell.hits = r.total;
    }
    for ((index, facets, q), cell) in raw_jobs.iter().zip(raw_cells.iter_mut()) {
        cell.hits = index
            .search(q, *facets)
            .with_context(|| format!("{} query {q:?} failed", cell.engine))?;
    }
    for round in 0..runs {
        if round % 10 == 0 {
            progress!("queries: round {}/{runs}", round + 1);
        }
        for (req, cell) in requests.iter().zip(newsdex_cells.iter_mut()) {
            cell.time(|| search(ni, req))?;
        }
        for ((index, facets, q), cell) in raw_jobs.iter().zip(raw_cells.iter_mut()) {
            // The nx:* breakdown only explains newsdex's figures: every 5th round will do.
            if cell.engine == "plain" || round % DIAGNOSTIC_EVERY == 0 {
                cell.time(|| index.search(q, *facets))?;
            }
        }
    }
    let fewest_runs = cells
        .iter()
        .filter(|c| !c.engine.starts_with("nx:"))
        .map(|c| c.samples.len())
        .min()
        .unwrap_or(0);
    let mut reader_open: Vec<Duration> = (0..runs.max(1))
        .map(|_| -> Result<Duration> {
            let t = Instant::now();
            std::hint::black_box(ni.searcher()?);
            Ok(t.elapsed())
        })
        .collect::<Result<_>>()?;
    reader_open.sort();

    let mut rows = Vec::new();
    let classes = ["term", "phrase", "boolean"];
    for engine in ["newsdex", "nofacets", "plain", "nx:text", "nx:facets"] {
        let variants: &[&str] = if engine == "newsdex" || engine == "nofacets" {
            &VARIANTS
        } else {
            &["none"]
        };
        for v in variants {
            for class in classes {
                let sel: Vec<&Cell> = cells
                    .iter()
                    .filter(|c| c.engine == engine && c.class == class && c.filter == *v)
                    .collect();
                rows.push(latency_row(engine, class, v, &sel));
            }
            let sel: Vec<&Cell> = cells
                .iter()
                .filter(|c| c.engine == engine && c.filter == *v)
                .collect();
            rows.push(latency_row(engine, "all", v, &sel));
        }
        if engine == "newsdex" || engine == "nofacets" {
            for class in classes.into_iter().chain(["all"]) {
                let filtered: Vec<&Cell> = cells
                    .iter()
                    .filter(|c| c.engine == engine && c.filter != "none")
                    .filter(|c| class == "all" || c.class == class)
                    .collect();
                rows.push(latency_row(engine, class, "any filter", &filtered));
            }
            let every: Vec<&Cell> = cells.iter().filter(|c| c.engine == engine).collect();
            rows.push(latency_row(engine, "all", "overall", &every));
        }
    }
    let per_query = cells
        .iter_mut()
        .map(|c| {
            c.samples.sort();
            PerQuery {
                engine: c.engine,
                class: c.class,
                query: c.query.clone(),
                filter: c.filter.clone(),
                hits: c.hits,
                p50_ms: percentile_ms(&c.samples, 0.5),
                p99_ms: percentile_ms(&c.samples, 0.99),
            }
        })
        .collect();
    let filter_values = BTreeMap::from([
        ("speaker", fv.speaker.clone()),
        ("country", fv.country.clone()),
        ("date", format!("--since {} --until {}", fv.since, fv.until)),
    ]);
    Ok(QueryReport {
        runs,
        fewest_runs,
        filter_values,
        rows,
        per_query,
        reader_open_p50_ms: percentile_ms(&reader_open, 0.5),
    })
}

pub(crate) fn find_row<'a>(
    q: &'a QueryReport,
    engine: &str,
    class: &str,
    filter: &str,
) -> &'a LatencyRow {
    q.rows
        .iter()
        .find(|r| r.engine == engine && r.class == class && r.filter == filter)
        .expect("run_queries builds a row for every engine, class and filter")
}
