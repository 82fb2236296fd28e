//! Canonical names and junk values through `newsdex extract --jsonl` (issue 10): one value
//! per person whatever title or house style introduces them, and no page furniture,
//! sign-offs, market abbreviations or title words among the values.

use crate::common;

use common::TestEnv;
use std::collections::BTreeMap;

/// `extract --jsonl` over the temp folder: file name → the article's JSON object.
fn extract(env: &TestEnv) -> BTreeMap<String, serde_json::Value> {
    let out = env
        .cmd()
        .args(["extract", "--jsonl"])
        .arg(env.dir.path().join("news"))
        .output()
        .expect("run extract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("json line");
            let doc = v["doc"].as_str().expect("doc").to_string();
            let name = doc.rsplit(['/', '\\']).next().unwrap_or("").to_string();
            (name, v)
        })
        .collect()
}

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn issue_10_british_titles_join_the_full_name() {
    let env = TestEnv::new();
    env.write(
        "news/bbc.txt",
        "Brown defends pensions record\n\nChancellor Gordon Brown has defended his record on pensions ahead of the Budget.\n\nMr Brown told MPs the government had done more for pensioners than any before it. Prime Minister Tony Blair backed his chancellor, and Mr Blair said the economy was strong.\n\nForeign Secretary Jack Straw, speaking in Brussels, said: \"We are united.\" Mr Straw added that the party would not be distracted.\n\nConservative leader Michael Howard accused the chancellor of stealth taxes. Mr Howard said families were paying more.\n\nAlso Read\n\nRelated\n\nClick here\n",
    );
    env.write(
        "news/ap.txt",
        "Leaders meet\n\nWASHINGTON (AP) — US President Barack Obama met Russian President Vladimir ] Putin on Monday. Syrian President Bashar al-Assad was not invited, and Assad said so on state television.\n\n\"It was a frank exchange,\" Obama said. Islamic State, which calls itself Daesh, was discussed; Daesh fighters fled Raqqa.\n",
    );
    let docs = extract(&env);
    let bbc = &docs["bbc.txt"];
    assert_eq!(
        strings(&bbc["facets"]["people"]),
        vec!["Gordon Brown", "Jack Straw", "Michael Howard", "Tony Blair"]
    );
    let ap = &docs["ap.txt"];
    assert_eq!(
        strings(&ap["facets"]["people"]),
        vec!["Barack Obama", "Bashar al-Assad", "Vladimir Putin"]
    );
    assert_eq!(strings(&ap["facets"]["speakers"]), vec!["Barack Obama"]);
    assert!(strings(&ap["facets"]["orgs"]).contains(&"Islamic State".to_string()));
    // The shape stays: every mention has its offsets, type, text and value.
    for m in ap["mentions"].as_array().expect("mentions") {
        for key in ["start", "end", "type", "text", "canonical"] {
            assert!(!m[key].is_null(), "{key} missing in {m}");
        }
        if m["text"] == "Daesh" {
            assert_eq!(m["type"], "ORG", "{m}");
        }
    }
}

#[test]
fn issue_10_wire_tables_and_sign_offs_are_no_values() {
    let env = TestEnv::new();
    env.write(
        "news/wire.txt",
        "FIRST HARBOR BANCORP 1ST QTR NET\n\nNEW YORK, April 8 - Shr 45 cts vs 39 cts\n    Net 4.5 mln dlrs vs 3.9 mln dlrs\n    Revs 120.4 mln vs 110.2 mln\n    Avg shrs 10 mln vs 10 mln\n Reuter\n",
    );
    env.write(
        "news/gadgets.txt",
        "Cup final on TV\n\nThe final will be shown on TV, streamed to PC users and sold on DVD. Fans need photo ID to enter, Harlow Athletic said.\n\nWatch\n",
    );
    let docs = extract(&env);
    let junk = [
        "Reuter", "Shr", "Net", "Revs", "Avg", "Mln", "Dlrs", "Vs", "TV", "PC", "DVD", "ID",
        "Watch",
    ];
    for (name, v) in &docs {
        for facet in ["people", "orgs", "places", "speakers"] {
            let values = strings(&v["facets"][facet]);
            for j in junk {
                assert!(
                    !values.iter().any(|x| x == j),
                    "{name}: {j} in {facet}: {values:?}"
                );
            }
        }
    }
}
