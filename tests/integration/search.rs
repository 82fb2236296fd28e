//! Searching the indexed sample corpus and small fixtures with the real binary: filters,
//! facet counts, dates, snippets, histograms, related entities, aliases and quotations.

use crate::common;

use common::{gold, rel, sample_corpus, TestEnv};
use predicates::prelude::*;
use std::collections::BTreeSet;

/// Gold articles (relative path, with `:line` for JSONL) matching a predicate.
fn gold_paths(pred: impl Fn(&common::Gold) -> bool) -> BTreeSet<String> {
    gold()
        .iter()
        .filter(|g| pred(g))
        .map(|g| g.path.clone())
        .collect()
}

fn hit_paths(r: &common::SearchJson) -> BTreeSet<String> {
    r.hits.iter().map(|h| rel(&h.path)).collect()
}

#[test]
fn speaker_filter_returns_exactly_the_articles_quoting_them() {
    let env = TestEnv::shared_sample();
    for (typed, canonical) in [
        ("okonkwo", "Amara Okonkwo"),
        ("Grace Wanjiru", "Grace Wanjiru"),
        ("Vinter", "Lars Vinter"),
    ] {
        let (code, r) = env.search(&["--speaker", typed, "--limit", "100"]);
        assert_eq!(code, 0);
        let expected = gold_paths(|g| g.speakers.iter().any(|s| s == canonical));
        assert!(!expected.is_empty());
        assert_eq!(hit_paths(&r), expected, "--speaker {typed}");
        assert_eq!(r.filters[0].matched, vec![canonical.to_string()]);
        for h in &r.hits {
            assert!(h.entities.speakers.contains(&canonical.to_string()));
        }
    }
}

#[test]
fn filters_resolve_alike_from_the_value_lists_and_from_the_segments() {
    let env = TestEnv::with_sample();
    let lists = env.index_dir().join("facet-values");
    let speakers = lists.join("articles-speaker.tsv");
    assert!(std::fs::read_to_string(&speakers)
        .unwrap()
        .contains("amara okonkwo\tAmara Okonkwo"));
    let queries: [&[&str]; 3] = [
        &["--speaker", "okonkwo", "--limit", "100"],
        &["--org", "ISIL", "--limit", "100"],
        &["--person", "Vinter", "--place", "Riga", "--limit", "100"],
    ];
    let with_lists: Vec<_> = queries.iter().map(|q| env.search(q)).collect();
    // A stale list (other segments) is ignored, and so is a missing one.
    let text = std::fs::read_to_string(&speakers).unwrap();
    std::fs::write(&speakers, text.replacen("# segments ", "# segments 0 ", 1)).unwrap();
    let (_, stale) = env.search(queries[0]);
    assert_eq!(hit_paths(&stale), hit_paths(&with_lists[0].1));
    std::fs::remove_dir_all(&lists).unwrap();
    for (q, (code, r)) in queries.iter().zip(&with_lists) {
        let (code2, r2) = env.search(q);
        assert_eq!((code2, hit_paths(&r2)), (*code, hit_paths(r)), "{q:?}");
        let matched = |r: &common::SearchJson| -> Vec<Vec<String>> {
            r.filters.iter().map(|f| f.matched.clone()).collect()
        };
        assert_eq!(matched(&r2), matched(r), "{q:?}");
        assert!(r.total > 0, "{q:?}");
    }
    // The next run writes them again.
    env.cmd()
        .args(["index", "--quiet"])
        .arg(sample_corpus())
        .assert()
        .success();
    assert!(speakers.exists());
}

#[test]
fn country_filter_accepts_names_codes_and_aliases() {
    let env = TestEnv::shared_sample();
    let expected = gold_paths(|g| g.countries.iter().any(|c| c == "NG"));
    assert!(expected.len() >= 3);
    for typed in ["Nigeria", "NG", "nigeria", "Federal Republic of Nigeria"] {
        let (code, r) = env.search(&["--country", typed, "--limit", "100"]);
        assert_eq!(code, 0, "--country {typed}");
        assert_eq!(hit_paths(&r), expected, "--country {typed}");
        assert_eq!(r.filters[0].matched, vec!["Nigeria (NG)".to_string()]);
    }
}

#[test]
fn repeated_flags_are_or_and_different_flags_are_and() {
    let env = TestEnv::shared_sample();
    let (_, a) = env.search(&["--speaker", "Okonkwo", "--limit", "100"]);
    let (_, b) = env.search(&["--speaker", "Wanjiru", "--limit", "100"]);
    let (_, either) = env.search(&[
        "--speaker",
        "Okonkwo",
        "--speaker",
        "Wanjiru",
        "--limit",
        "100",
    ]);
    let union: BTreeSet<_> = hit_paths(&a).union(&hit_paths(&b)).cloned().collect();
    assert_eq!(hit_paths(&either), union);
    let (_, both) = env.search(&["--speaker", "Okonkwo", "--country", "GH", "--limit", "100"]);
    let expected = gold_paths(|g| {
        g.speakers.iter().any(|s| s == "Amara Okonkwo") && g.countries.iter().any(|c| c == "GH")
    });
    assert_eq!(hit_paths(&both), expected);
}

#[test]
fn facet_counts_cover_the_whole_result_set() {
    let env = TestEnv::shared_sample();
    let (_, all) = env.search(&["--country", "Nigeria", "--limit", "100"]);
    let (_, page) = env.search(&["--country", "Nigeria", "--limit", "1"]);
    assert_eq!(page.hits.len(), 1);
    assert_eq!(page.total, all.total);
    // Counts on a one-hit page equal counts computed from every hit.
    for (root, counts) in &page.facets {
        for c in counts {
            let n = all
                .hits
                .iter()
                .filter(|h| {
                    let e = &h.entities;
                    let list = match root.as_str() {
                        "person" => &e.people,
                        "speaker" => &e.speakers,
                        "country" => &e.countries,
                        "place" => &e.places,
                        "org" => &e.orgs,
                        other => panic!("unknown facet root {other}"),
                    };
                    list.contains(&c.value)
                })
                .count() as u64;
            assert_eq!(c.count, n, "{root}/{}", c.value);
        }
    }
    let nigeria = page.facets["country"]
        .iter()
        .find(|c| c.value == "Nigeria")
        .unwrap();
    assert_eq!(nigeria.count as usize, all.total);
    // `--facets 0`: the same hits, every root present and empty.
    let (_, bare) = env.search(&["--country", "Nigeria", "--limit", "100", "--facets", "0"]);
    assert_eq!(bare.total, all.total);
    assert_eq!(hit_paths(&bare), hit_paths(&all));
    assert_eq!(bare.facets.len(), 5);
    assert!(bare.facets.values().all(Vec::is_empty), "{:?}", bare.facets);
}

#[test]
fn date_filters_and_newest_first_listing() {
    let env = TestEnv::shared_sample();
    let (code, r) = env.search(&["--since", "2016-01", "--until", "2016", "--limit", "100"]);
    assert_eq!(code, 0);
    let expected = gold_paths(|g| g.date.starts_with("2016"));
    assert_eq!(hit_paths(&r), expected);
    let dates: Vec<_> = r.hits.iter().map(|h| h.date.clone().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "listing without a query is newest first");
    let (_, day) = env.search(&["--since", "2015-11-18", "--until", "2015-11-18"]);
    assert_eq!(hit_paths(&day), gold_paths(|g| g.date == "2015-11-18"));
}

#[test]
fn ranked_search_with_snippet_highlights() {
    let env = TestEnv::shared_sample();
    let (code, r) = env.search(&["glacier"]);
    assert_eq!(code, 0);
    let top = &r.hits[0];
    assert!(
        top.title.to_lowercase().contains("glacier")
            || top.snippet.to_lowercase().contains("glacier")
    );
    assert!(top.score.unwrap() > 0.0);
    let [s, e] = top.highlights[0];
    let word: String = top.snippet.chars().skip(s).take(e - s).collect();
    assert!(word.to_lowercase().starts_with("glacier"), "{word}");
    // Phrase and boolean syntax.
    let (_, phrase) = env.search(&["\"Islamic State\""]);
    assert!(phrase.total >= 3);
    let (_, not) = env.search(&["\"Islamic State\" -Daesh"]);
    assert!(not.total < phrase.total);
}

#[test]
fn text_output_marks_highlights_and_facets() {
    let env = TestEnv::shared_sample();
    env.cmd()
        .args(["search", "Kharkiv"])
        .assert()
        .success()
        .stdout(predicate::str::contains("[Kharkiv]"))
        .stdout(predicate::str::contains("Olena Kovalenko"))
        .stdout(predicate::str::contains("speakers"))
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn no_hits_exit_1_and_bad_query_exit_2() {
    let env = TestEnv::shared_sample();
    let (code, r) = env.search(&["zzyzxnonexistentword"]);
    assert_eq!((code, r.total), (1, 0));
    env.cmd()
        .args(["search", "title:(unbalanced"])
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("newsdex: invalid query"));
    env.cmd()
        .args(["search", "x", "--since", "2017", "--until", "2015"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--since 2017 is after --until 2015",
        ));
    env.cmd()
        .args(["search", "x", "--since", "last week"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid date"));
}

#[test]
fn unknown_filter_value_suggests_close_ones() {
    let env = TestEnv::shared_sample();
    env.cmd()
        .args(["search", "--speaker", "Okonkow"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no speaker in the index matches \"Okonkow\"",
        ))
        .stderr(predicate::str::contains("Amara Okonkwo"));
}

#[test]
fn org_filter_understands_aliases() {
    let env = TestEnv::shared_sample();
    let expected = gold_paths(|g| g.orgs.iter().any(|o| o == "Islamic State"));
    assert!(expected.len() >= 5);
    for typed in ["Islamic State", "ISIL", "daesh", "ISIS"] {
        let (code, r) = env.search(&["--org", typed, "--limit", "100"]);
        assert_eq!(code, 0, "--org {typed}");
        assert_eq!(hit_paths(&r), expected, "--org {typed}");
        assert_eq!(r.filters[0].matched, vec!["Islamic State".to_string()]);
    }
}

#[test]
fn histogram_counts_matching_articles_per_period() {
    let env = TestEnv::shared_sample();
    let out = env
        .cmd()
        .args([
            "search",
            "--country",
            "RU",
            "--histogram",
            "year",
            "--limit",
            "0",
            "--json",
        ])
        .output()
        .unwrap();
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let buckets = r["histogram"]["buckets"].as_array().unwrap();
    let total: u64 = buckets.iter().map(|b| b["count"].as_u64().unwrap()).sum();
    assert_eq!(total, r["total"].as_u64().unwrap());
    let golds = gold();
    for b in buckets {
        let year = b["period"].as_str().unwrap();
        let expected = golds
            .iter()
            .filter(|g| g.date.starts_with(year) && g.countries.iter().any(|c| c == "RU"))
            .count() as u64;
        assert_eq!(b["count"].as_u64().unwrap(), expected, "year {year}");
    }
    // Empty periods are present: consecutive years.
    let years: Vec<i32> = buckets
        .iter()
        .map(|b| b["period"].as_str().unwrap().parse().unwrap())
        .collect();
    assert!(years.windows(2).all(|w| w[1] == w[0] + 1));
    // Monthly text chart with --by: one row per top country plus the total.
    env.cmd()
        .args([
            "search",
            "--since",
            "2016",
            "--until",
            "2016",
            "--histogram",
            "--by",
            "country",
            "--limit",
            "0",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("articles per month by country"))
        .stdout(predicate::str::contains("(all)"));
}

#[test]
fn related_ranks_co_occurring_entities() {
    let env = TestEnv::shared_sample();
    let out = env
        .cmd()
        .args(["related", "Sorokin", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let golds = gold();
    let with: Vec<_> = golds
        .iter()
        .filter(|g| g.people.iter().any(|p| p == "Mikhail Sorokin"))
        .collect();
    assert_eq!(r["matched"][0], "Mikhail Sorokin");
    assert_eq!(r["articles"].as_u64().unwrap() as usize, with.len());
    let countries = r["groups"]["country"].as_array().unwrap();
    let russia = countries
        .iter()
        .find(|c| c["value"] == "Russia")
        .expect("Russia co-occurs");
    let expected = with
        .iter()
        .filter(|g| g.countries.iter().any(|c| c == "RU"))
        .count() as u64;
    assert_eq!(russia["count"].as_u64().unwrap(), expected);
    // Ranked by score, and every partner is more frequent with Sorokin than by chance.
    let scores: Vec<f64> = countries
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]));
    assert!(countries.iter().all(|c| c["lift"].as_f64().unwrap() > 1.0));
    env.cmd()
        .args(["related", "Nobody Atall"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no person, organization, country or place",
        ));
}

#[test]
fn user_aliases_merge_names_across_the_archive() {
    let env = TestEnv::new();
    env.write(
        "in/a.txt",
        "Title: A\nDate: 2020-01-01\n\n\"We will see,\" said Amara Okonkwo, the minister.\n",
    );
    env.write("in/b.txt", "Title: B\nDate: 2020-01-02\n\nThe Nigerian foreign minister, known as A. Okonkwo, said: \"Not today.\"\n");
    let aliases = env.write("aliases.tsv", "# ours\nAmara Okonkwo\tA. Okonkwo|Okonkwo\n");
    env.cmd()
        .arg("--aliases")
        .arg(&aliases)
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("in"))
        .assert()
        .success();
    let (_, r) = env.search(&["--speaker", "Amara Okonkwo", "--limit", "10"]);
    assert_eq!(
        r.total,
        2,
        "{:?}",
        r.hits
            .iter()
            .map(|h| &h.entities.speakers)
            .collect::<Vec<_>>()
    );
    let bad = env.write("bad.tsv", "no tab\n");
    env.cmd()
        .arg("--aliases")
        .arg(&bad)
        .args(["extract"])
        .arg(env.dir.path().join("in"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bad.tsv: line 1"));
}

fn squash(s: &str) -> String {
    s.replace(['“', '”'], "\"")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn quotes_of_a_speaker_are_returned_in_full_newest_first() {
    let env = TestEnv::shared_sample();
    let speaker = "Olena Kovalenko";
    let (code, r) = env.quotes(&["--speaker", "Kovalenko", "--limit", "100"]);
    assert_eq!(code, 0);
    assert!(r
        .hits
        .iter()
        .all(|h| h.quote.as_ref().unwrap().speaker.as_deref() == Some(speaker)));
    // Every quotation the gold file gives her is found, in full.
    let golds = gold();
    let expected: Vec<String> = golds
        .iter()
        .flat_map(|g| g.quotes.iter())
        .filter(|q| q.speaker == speaker)
        .map(|q| squash(&q.text).chars().take(30).collect())
        .collect();
    assert!(!expected.is_empty());
    for prefix in &expected {
        assert!(
            r.hits
                .iter()
                .any(|h| squash(&h.quote.as_ref().unwrap().text)
                    .starts_with(prefix.trim_end_matches(','))),
            "missing quote {prefix:?}"
        );
    }
    let dates: Vec<String> = r.hits.iter().map(|h| h.date.clone().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    let q = r.hits[0].quote.as_ref().unwrap();
    assert!(!q.context.is_empty() && !q.article_id.is_empty());
}

#[test]
fn quote_search_matches_the_quote_text_and_takes_search_filters() {
    let env = TestEnv::shared_sample();
    let (_, r) = env.quotes(&["Russia", "--speaker", "Sorokin", "--limit", "50"]);
    assert!(r.total > 0);
    for h in &r.hits {
        let q = h.quote.as_ref().unwrap();
        assert!(q.text.to_lowercase().contains("russia"), "{}", q.text);
        assert_eq!(q.speaker.as_deref(), Some("Mikhail Sorokin"));
    }
    let (_, later) = env.quotes(&["Russia", "--speaker", "Sorokin", "--since", "2017"]);
    assert!(
        later.total < r.total
            && later
                .hits
                .iter()
                .all(|h| h.date.as_deref().unwrap() >= "2017")
    );
    // search --quotes shows each hit's matching quotations.
    let (_, s) = env.search(&["ceasefire", "--quotes", "--speaker", "Sorokin"]);
    assert!(s
        .hits
        .iter()
        .any(|h| h.quotes.iter().any(|q| q.text.contains("ceasefire"))));
    env.cmd()
        .args(["quotes", "zzyzxnothing"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("no quotations match"));
}

/// A filter value matches the values that hold it once folded (accents, case), both
/// from the value lists an index run writes (searched for the value's longest word)
/// and, without them, from the segments.
#[test]
fn filter_values_match_folded_with_and_without_value_lists() {
    let env = TestEnv::new();
    env.write(
        "docs/a.txt",
        "Title: Bank holds rates\nDate: 2020-03-03\n\nZURICH, March 3 (Reuters) - The Swiss \
         National Bank held rates on Tuesday in Zürich, the bank said. Officials in Zürich \
         and São Paulo welcomed the move, said Thomas Jordan.\n",
    );
    env.cmd()
        .args(["index", "--quiet"])
        .arg(env.dir.path().join("docs"))
        .assert()
        .success();
    let lists = env.index_dir().join("facet-values");
    assert!(lists.join("articles-place.tsv").exists());
    for round in ["lists", "segments"] {
        for (input, want) in [
            ("zurich", "Zürich, Switzerland"),
            ("ZÜRICH", "Zürich, Switzerland"),
            ("sao paulo", "São Paulo, Brazil"),
            ("Brazil", "São Paulo, Brazil"),
        ] {
            let (code, r) = env.search(&["--place", input]);
            assert_eq!(code, 0, "{round}: --place {input}");
            let matched: Vec<&str> = r.filters[0].matched.iter().map(String::as_str).collect();
            assert_eq!(matched, [want], "{round}: --place {input}");
        }
        if round == "lists" {
            std::fs::remove_dir_all(&lists).expect("remove the value lists");
        }
    }
}
