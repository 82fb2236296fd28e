//! Scores the extractor against the hand-checked gold annotations of the sample corpus
//! (tests/gold/part*.jsonl): precision and recall of each facet set per article, and the
//! number of distinct facet values per real person. Prints the figures; fails below the
//! floors.

use crate::common;

use common::{gold, sample_corpus};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn add(&mut self, pred: &BTreeSet<String>, gold: &BTreeSet<String>) {
        self.tp += pred.intersection(gold).count();
        self.fp += pred.difference(gold).count();
        self.fn_ += gold.difference(pred).count();
    }
    fn p(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn r(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

fn strings(v: &serde_json::Value) -> BTreeSet<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// (precision, recall) floors per facet.
const FLOORS: [(&str, f64, f64); 4] = [
    ("people", 0.9, 0.9),
    ("speakers", 0.9, 0.9),
    ("orgs", 0.9, 0.9),
    ("countries", 0.9, 0.9),
];

#[test]
fn extractor_against_sample_gold() {
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["extract", "--jsonl"])
        .arg(sample_corpus())
        .output()
        .expect("run extract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = std::fs::canonicalize(sample_corpus()).unwrap();
    let mut pred: HashMap<(String, Option<usize>), serde_json::Value> = HashMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap();
        let rel = std::path::Path::new(doc)
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let line_no = v["line"].as_u64().map(|l| l as usize);
        pred.insert((rel, line_no), v);
    }
    let mut scores: BTreeMap<&str, Score> = BTreeMap::new();
    let mut person_values: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let golds = gold();
    for g in &golds {
        let p = pred
            .get(&(g.path.clone(), g.line))
            .unwrap_or_else(|| panic!("no extraction for {} {:?}", g.path, g.line));
        let f = &p["facets"];
        let countries: BTreeSet<String> = f["countries"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|c| c["code"].as_str().map(str::to_string))
            .collect();
        let set = |v: &Vec<String>| v.iter().cloned().collect::<BTreeSet<_>>();
        scores
            .entry("people")
            .or_default()
            .add(&strings(&f["people"]), &set(&g.people));
        scores
            .entry("speakers")
            .or_default()
            .add(&strings(&f["speakers"]), &set(&g.speakers));
        scores
            .entry("orgs")
            .or_default()
            .add(&strings(&f["orgs"]), &set(&g.orgs));
        scores
            .entry("countries")
            .or_default()
            .add(&countries, &set(&g.countries));
        // Which predicted values stand for each gold person: the same surname, and the
        // same first name unless the value is the surname alone.
        for person in &g.people {
            let words: Vec<&str> = person.split(' ').collect();
            let (first, surname) = (words[0], words[words.len() - 1]);
            for v in strings(&f["people"]) {
                let vw: Vec<&str> = v.split(' ').collect();
                if vw.last() == Some(&surname) && (vw.len() == 1 || vw.contains(&first)) {
                    person_values.entry(person.clone()).or_default().insert(v);
                }
            }
        }
    }
    let persons_found = person_values.len().max(1);
    let values: usize = person_values.values().map(BTreeSet::len).sum();
    let per_person = values as f64 / persons_found as f64;
    println!("sample gold: {} articles", golds.len());
    for (facet, s) in &scores {
        println!(
            "{facet:<10} precision {:.3} recall {:.3} (tp {} fp {} fn {})",
            s.p(),
            s.r(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    println!("distinct facet values per real person: {per_person:.3} ({values} values for {persons_found} people)");
    for (facet, p_floor, r_floor) in FLOORS {
        let s = &scores[facet];
        assert!(
            s.p() >= p_floor,
            "{facet} precision {:.3} < {p_floor}",
            s.p()
        );
        assert!(s.r() >= r_floor, "{facet} recall {:.3} < {r_floor}", s.r());
    }
    assert!(
        per_person <= 1.05,
        "{per_person:.3} facet values per person"
    );
}
