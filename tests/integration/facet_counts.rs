//! Issue 15: facet counts are exact. The sample corpus is indexed, then its article and
//! quotation indexes are rewritten into several segments (one per part of the corpus,
//! no merges), so that each segment has its own dictionary and its own top values. Every
//! facet count and every top list that `search`, `quotes`, `search --histogram --by` and
//! `related` print must then equal a brute-force count over the matching documents,
//! taken from `newsdex export` (articles) or from the hits themselves (quotations).
//! `search` and `quotes` count a group of person or speaker names as one value (issue
//! 10), so the brute force groups the exported names the same way first.

use crate::common;

use common::TestEnv;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use tantivy::collector::DocSetCollector;
use tantivy::indexer::NoMergePolicy;
use tantivy::query::AllQuery;
use tantivy::schema::Value;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

/// The roots in `--json` facets and the matching entity lists of an article.
const ROOTS: [(&str, &str); 5] = [
    ("person", "people"),
    ("speaker", "speakers"),
    ("country", "countries"),
    ("place", "places"),
    ("org", "orgs"),
];

/// The documents of the tantivy index in `dir` with their path, as they were added: an
/// article document stores every field it is indexed by, so it is read back; a quotation
/// document stores only where its quote is, so it is made again from the sample corpus
/// the way `newsdex index` makes it.
fn documents(dir: &Path, index: &Index) -> Vec<(String, TantivyDocument)> {
    let schema = index.schema();
    let path = schema.get_field("path").expect("path field");
    let searcher = index.reader().expect("reader").searcher();
    if dir.ends_with("quotes") {
        let fields = newsdex::schema::Fields::new(&schema).expect("newsdex fields");
        let walked = newsdex::ingest::walk::walk(&[common::sample_corpus()], &Default::default());
        let mut docs = Vec::new();
        for file in &walked.files {
            let outcome = newsdex::ingest::read_file(file).expect("sample file");
            for a in &outcome.articles {
                let e = newsdex::extract::extract(a);
                for d in newsdex::index::to_quote_documents(&fields, a, &e) {
                    docs.push((newsdex::ingest::walk::path_key(&a.path), d));
                }
            }
        }
        assert_eq!(
            docs.len() as u64,
            searcher.num_docs(),
            "quotations made again"
        );
        return docs;
    }
    let addrs = searcher.search(&AllQuery, &DocSetCollector).expect("docs");
    addrs
        .into_iter()
        .map(|a| {
            let d: TantivyDocument = searcher.doc(a).expect("stored doc");
            let p = d
                .get_first(path)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            (p, d)
        })
        .collect()
}

/// Rewrites the tantivy index in `dir` into `parts` segments, documents in path order
/// (so each segment holds one part of the corpus), and returns the number of segments.
/// The first segment also holds two deleted copies of the first ten or so documents
/// (whole ids: a quotation document has its article's id), which are added again at the
/// end: deleted documents stay in their segment (and in a term's document frequency)
/// until a merge, and must not be counted.
fn split_into_segments(dir: &Path, parts: usize) -> usize {
    let index = Index::open_in_dir(dir).expect("open index");
    newsdex::schema::register_analyzers(&index);
    let id = index.schema().get_field("id").expect("id field");
    let id_of = |d: &TantivyDocument| {
        d.get_first(id)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    let mut docs = documents(dir, &index);
    docs.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| id_of(&a.1).cmp(&id_of(&b.1))));
    let n = docs.len();
    let mut cut = 10.min(n);
    while cut < n && id_of(&docs[cut].1) == id_of(&docs[cut - 1].1) {
        cut += 1;
    }
    let deleted: Vec<TantivyDocument> = docs.drain(..cut).map(|(_, d)| d).collect();
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    writer.set_merge_policy(Box::new(NoMergePolicy));
    writer.delete_all_documents().expect("delete all");
    for (i, chunk) in docs.chunks(docs.len().div_ceil(parts).max(1)).enumerate() {
        for (_, d) in chunk {
            writer.add_document(d.clone()).expect("add");
        }
        if i == 0 {
            for d in deleted.iter().chain(&deleted) {
                writer.add_document(d.clone()).expect("add");
            }
            writer.commit().expect("commit");
            for d in &deleted {
                writer.delete_term(Term::from_field_text(id, &id_of(d)));
            }
        }
        writer.commit().expect("commit");
    }
    let copies = 2 * deleted.len() as u32;
    for d in deleted {
        writer.add_document(d).expect("add");
    }
    writer.commit().expect("commit");
    writer.wait_merging_threads().expect("merge threads");
    let reader = index.reader().expect("reader");
    reader.reload().expect("reload");
    let s = reader.searcher();
    assert_eq!(s.num_docs() as usize, n, "documents lost in the split");
    let dead: u32 = s
        .segment_readers()
        .iter()
        .map(|r| r.num_deleted_docs())
        .sum();
    assert_eq!(dead, copies, "deleted copies not kept in their segment");
    s.segment_readers().len()
}

/// The sample corpus, its indexes split into five segments each. The facet ordinals
/// files (see `newsdex::index::values::ordinals`) then describe other segments, so
/// facets are counted by looking values up in each segment.
fn split_sample() -> TestEnv {
    let env = TestEnv::with_sample();
    for part in ["tantivy", "quotes"] {
        let n = split_into_segments(&env.index_dir().join(part), 5);
        assert!(n >= 3, "{part}: only {n} segments; the test needs several");
    }
    env
}

/// [`split_sample`], then indexed again (nothing changed): the run writes the facet
/// ordinals files for the new segments, and searches add counts up by archive-wide
/// ordinal.
fn split_sample_numbered() -> TestEnv {
    let env = split_sample();
    let files = ["articles", "quotes"].map(|p| {
        env.index_dir()
            .join(format!("facet-values/{p}-ordinals.bin"))
    });
    let before = files
        .clone()
        .map(|f| std::fs::read(f).expect("ordinals file"));
    env.cmd()
        .args(["index", "--quiet"])
        .arg(common::sample_corpus())
        .assert()
        .success();
    for (f, old) in files.iter().zip(before) {
        let new = std::fs::read(f).expect("ordinals file");
        assert_ne!(
            new,
            old,
            "{}: not written for the new segments",
            f.display()
        );
    }
    env
}

#[derive(Debug, Deserialize)]
struct Exported {
    id: String,
    date: Option<String>,
    people: Vec<String>,
    speakers: Vec<String>,
    countries: Vec<String>,
    places: Vec<String>,
    orgs: Vec<String>,
}

impl Exported {
    fn values(&self, root: &str) -> &[String] {
        match root {
            "person" => &self.people,
            "speaker" => &self.speakers,
            "country" => &self.countries,
            "place" => &self.places,
            _ => &self.orgs,
        }
    }
}

/// The archive's name groups as `newsdex` decides them from every article's person and
/// speaker values (see `newsdex::index::values::groups`): value → canonical name.
fn name_groups(articles: &HashMap<String, Exported>) -> HashMap<String, String> {
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for e in articles.values() {
        for v in e.people.iter().chain(&e.speakers) {
            *counts.entry(v.clone()).or_default() += 1;
        }
    }
    let mut out = HashMap::new();
    for (canonical, names) in newsdex::index::values::groups::decide(&counts) {
        for n in names {
            out.insert(n, canonical.clone());
        }
    }
    out
}

/// An article's values under `root`, person and speaker names as their groups' names.
fn grouped(e: &Exported, root: &str, groups: &HashMap<String, String>) -> Vec<String> {
    let values = e.values(root).iter();
    match root {
        "person" | "speaker" => values.map(|v| groups.get(v).unwrap_or(v).clone()).collect(),
        _ => values.cloned().collect(),
    }
}

fn export(env: &TestEnv) -> HashMap<String, Exported> {
    let out = env.cmd().args(["export", "--jsonl"]).output().expect("run");
    assert!(out.status.success(), "export failed");
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| {
            let e: Exported = serde_json::from_str(l).expect("export line");
            (e.id.clone(), e)
        })
        .collect()
}

/// Brute force: every value's count over `docs`, most frequent first, ties in value
/// order (byte order, as the code sorts), cut to `k`.
fn brute_top<'a>(docs: impl Iterator<Item = &'a [String]>, k: usize) -> Vec<(String, u64)> {
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for values in docs {
        // An article has each facet value once.
        for v in values.iter().collect::<BTreeSet<_>>() {
            *counts.entry(v.as_str()).or_default() += 1;
        }
    }
    let mut list: Vec<(String, u64)> = counts
        .into_iter()
        .map(|(v, c)| (v.to_string(), c))
        .collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    list.truncate(k);
    list
}

/// Queries (with filters) that match many, some and few articles.
const QUERIES: [&[&str]; 6] = [
    &["*"],
    &["said"],
    &["--country", "Russia"],
    &["minister", "--since", "2016"],
    &["--org", "European Union"],
    &["ceasefire OR election OR market"],
];

/// `--facets` sizes: small ones put the cut-off among ties; 1000 shows every value.
const SIZES: [usize; 5] = [1, 2, 3, 8, 1000];

#[test]
fn search_facet_counts_equal_brute_force_over_several_segments() {
    search_facet_counts_equal_brute_force(split_sample());
}

#[test]
fn search_facet_counts_by_archive_wide_ordinal_equal_brute_force() {
    search_facet_counts_equal_brute_force(split_sample_numbered());
}

fn search_facet_counts_equal_brute_force(env: TestEnv) {
    let articles = export(&env);
    let groups = name_groups(&articles);
    // The sample corpus has a group ("Lund" in one article, "Victoria Lund" in others).
    assert!(!groups.is_empty(), "no name groups in the sample corpus");
    let mut checked = 0;
    for q in QUERIES {
        for k in SIZES {
            let mut args = q.to_vec();
            let k_arg = k.to_string();
            args.extend(["--limit", "10000", "--facets", &k_arg]);
            let (_, r) = env.search(&args);
            assert_eq!(r.hits.len(), r.total, "{args:?}: not every hit listed");
            assert!(r.total > 0, "{args:?} matches nothing");
            let matching: Vec<&Exported> = r
                .hits
                .iter()
                .map(|h| articles.get(&h.id).expect("hit in export"))
                .collect();
            for (root, _) in ROOTS {
                let values: Vec<Vec<String>> =
                    matching.iter().map(|e| grouped(e, root, &groups)).collect();
                let want = brute_top(values.iter().map(Vec::as_slice), k);
                let got: Vec<(String, u64)> = r.facets[root]
                    .iter()
                    .map(|f| (f.value.clone(), f.count))
                    .collect();
                assert_eq!(got, want, "{args:?}, root {root}");
                checked += got.len();
            }
        }
    }
    assert!(checked > 500, "only {checked} counts checked");
}

#[test]
fn quote_facet_counts_equal_brute_force_over_several_segments() {
    quote_facet_counts_equal_brute_force(split_sample());
}

#[test]
fn quote_facet_counts_by_archive_wide_ordinal_equal_brute_force() {
    quote_facet_counts_equal_brute_force(split_sample_numbered());
}

fn quote_facet_counts_equal_brute_force(env: TestEnv) {
    for q in [&["*"][..], &["will"], &["--country", "Russia"]] {
        for k in [1, 2, 5, 1000] {
            let mut args = q.to_vec();
            let k_arg = k.to_string();
            args.extend(["--limit", "10000", "--facets", &k_arg]);
            let (_, r) = env.quotes(&args);
            assert_eq!(r.hits.len(), r.total, "{args:?}: not every hit listed");
            assert!(r.total > 20, "{args:?}: too few quotations to test");
            for (root, list) in ROOTS {
                let want = brute_top(
                    r.hits.iter().map(|h| match list {
                        "people" => h.entities.people.as_slice(),
                        "speakers" => &h.entities.speakers,
                        "countries" => &h.entities.countries,
                        "places" => &h.entities.places,
                        _ => &h.entities.orgs,
                    }),
                    k,
                );
                let got: Vec<(String, u64)> = r.facets[root]
                    .iter()
                    .map(|f| (f.value.clone(), f.count))
                    .collect();
                assert_eq!(got, want, "quotes {args:?}, root {root}");
            }
        }
    }
}

#[test]
fn histogram_by_rows_are_the_true_top_five() {
    let env = split_sample();
    let articles = export(&env);
    let groups = name_groups(&articles);
    // "Victoria Lund" is a group: its series counts the article that says "Lund" too.
    for (q, by) in [
        (&["*"][..], "person"),
        (&["--country", "Russia"], "place"),
        (&["--person", "Victoria Lund"], "person"),
    ] {
        let mut args = vec!["search"];
        args.extend(q);
        args.extend([
            "--histogram",
            "year",
            "--by",
            by,
            "--limit",
            "10000",
            "--facets",
            "1",
            "--json",
        ]);
        let out = env.cmd().args(&args).output().expect("run");
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let ids: Vec<&str> = v["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["id"].as_str().expect("id"))
            .collect();
        let dated: Vec<&Exported> = ids
            .iter()
            .map(|id| &articles[*id])
            .filter(|e| e.date.is_some())
            .collect();
        let values: Vec<Vec<String>> = dated.iter().map(|e| grouped(e, by, &groups)).collect();
        let want = brute_top(values.iter().map(Vec::as_slice), 5);
        let got: Vec<(String, u64)> = v["histogram"]["series"]
            .as_array()
            .expect("series")
            .iter()
            .map(|s| {
                let total = s["buckets"]
                    .as_array()
                    .expect("buckets")
                    .iter()
                    .map(|b| b["count"].as_u64().expect("count"))
                    .sum();
                (s["value"].as_str().expect("value").to_string(), total)
            })
            .collect();
        assert_eq!(got, want, "{args:?}");
    }
}

/// Brute force of `related` over the whole archive: every value that appears with the
/// entity, its counts, lift and score computed as the code does, ranked by score, then
/// count, then value.
fn brute_related(
    articles: &[&Exported],
    entity: &str,
    root: &str,
    group: &str,
    top: usize,
) -> Vec<(String, u64, u64)> {
    let with: Vec<&Exported> = articles
        .iter()
        .copied()
        .filter(|e| e.values(root).iter().any(|x| x == entity))
        .collect();
    let scope_n = articles.len() as f64;
    let mut ranked: Vec<(f64, u64, u64, String)> = Vec::new();
    let values: BTreeSet<&String> = with.iter().flat_map(|e| e.values(group)).collect();
    for value in values {
        if group == root && value == entity {
            continue;
        }
        let has = |e: &Exported| e.values(group).contains(value);
        let count = with.iter().filter(|e| has(e)).count() as u64;
        let total = articles.iter().filter(|e| has(e)).count() as u64;
        let lift = (count as f64 * scope_n) / (with.len().max(1) as f64 * total.max(1) as f64);
        if lift > 1.0 {
            ranked.push((count as f64 * lift.ln(), count, total, value.clone()));
        }
    }
    ranked.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| a.3.cmp(&b.3))
    });
    ranked
        .into_iter()
        .take(top)
        .map(|(_, c, t, v)| (v, c, t))
        .collect()
}

#[test]
fn related_counts_and_ranking_equal_brute_force_over_several_segments() {
    let env = split_sample();
    let articles = export(&env);
    let everything: Vec<&Exported> = articles.values().collect();
    // A scope: the articles since 2016, as `search` lists them.
    let (_, since) = env.search(&["--since", "2016", "--limit", "10000", "--facets", "0"]);
    let recent: Vec<&Exported> = since.hits.iter().map(|h| &articles[&h.id]).collect();
    let mut checked = 0;
    for (entity, root, scope) in [
        ("Mikhail Sorokin", "person", &everything),
        ("European Union", "org", &everything),
        ("Russia", "country", &everything),
        // The best scores are not among the most frequent partners: Slovakia (with
        // Hungary) and Indonesia (with China) are rare overall, so their lift is high.
        ("Hungary", "country", &everything),
        ("China", "country", &everything),
        ("Russia", "country", &recent),
        ("European Union", "org", &recent),
    ] {
        let scoped = scope.len() < everything.len();
        for top in [1, 2, 3, 6] {
            let top_arg = top.to_string();
            let mut args = vec!["related", entity, "--top", &top_arg, "--json"];
            if scoped {
                args.extend(["--since", "2016"]);
            }
            let out = env.cmd().args(&args).output().expect("run");
            assert!(out.status.success(), "related {entity} failed");
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
            for group in ["person", "org", "country", "place"] {
                let got: Vec<(String, u64, u64)> = v["groups"][group]
                    .as_array()
                    .expect("group")
                    .iter()
                    .map(|i| {
                        (
                            i["value"].as_str().expect("value").to_string(),
                            i["count"].as_u64().expect("count"),
                            i["total"].as_u64().expect("total"),
                        )
                    })
                    .collect();
                let want = brute_related(scope, entity, root, group, top);
                assert_eq!(got, want, "{args:?}, {group}");
                checked += got.len();
            }
        }
    }
    assert!(checked >= 40, "only {checked} related values checked");
}
