//! `--country` and `--place` with historical states and the nations of the United
//! Kingdom, on small archives written here (real binary).

use crate::common;

use common::TestEnv;
use std::collections::BTreeSet;

fn names(r: &common::SearchJson) -> BTreeSet<String> {
    r.hits
        .iter()
        .filter_map(|h| {
            std::path::Path::new(&h.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        })
        .collect()
}

fn set(v: &[&str]) -> BTreeSet<String> {
    v.iter().map(|s| s.to_string()).collect()
}

/// An index of four stories: one on the Soviet Union, one datelined in West Germany,
/// one on England and Wales, one on Kenya.
fn archive() -> TestEnv {
    let env = TestEnv::new();
    env.write(
        "news/soviet.txt",
        "Soviet grain purchases rise\n\nMOSCOW, March 3 - The USSR bought 1.2 million \
         tonnes of wheat last month, trade sources said. The Soviet Union has become the \
         largest buyer of grain this season.\n",
    );
    env.write(
        "news/bonn.txt",
        "Trade fair opens\n\nHANOVER, West Germany, April 10 - The world's largest \
         industrial fair opened here today with exhibitors from 40 countries.\n",
    );
    env.write(
        "news/floods.txt",
        "Flood warnings\n\nHeavy rain caused flooding across England and Wales on Sunday, \
         and more is forecast for Monday.\n",
    );
    env.write(
        "news/kenya.txt",
        "Election date set\n\nKenya will hold its general election in August, the \
         electoral commission in Nairobi said on Tuesday.\n",
    );
    env.cmd()
        .args(["index", "--quiet", "news"])
        .assert()
        .success();
    env
}

#[test]
fn historical_states_are_countries_and_count_as_their_successors() {
    let env = archive();
    for (typed, want, matched) in [
        ("USSR", &["soviet.txt"][..], "Russia (RU)"),
        ("Soviet Union", &["soviet.txt"], "Russia (RU)"),
        ("Russia", &["soviet.txt"], "Russia (RU)"),
        ("West Germany", &["bonn.txt"], "Germany (DE)"),
        ("Germany", &["bonn.txt"], "Germany (DE)"),
    ] {
        let (code, r) = env.search(&["--country", typed]);
        assert_eq!(code, 0, "--country {typed}");
        assert_eq!(names(&r), set(want), "--country {typed}");
        assert_eq!(r.filters[0].matched, vec![matched.to_string()], "{typed}");
    }
}

#[test]
fn nations_of_the_united_kingdom_filter_by_country_and_place() {
    let env = archive();
    for typed in [
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "england",
    ] {
        let (code, r) = env.search(&["--country", typed]);
        assert_eq!(code, 0, "--country {typed}");
        assert_eq!(
            r.filters[0].matched,
            vec!["United Kingdom (GB)".to_string()],
            "{typed}"
        );
        assert_eq!(names(&r), set(&["floods.txt"]), "--country {typed}");
    }
    for typed in ["England", "Wales"] {
        let (code, r) = env.search(&["--place", typed]);
        assert_eq!(code, 0, "--place {typed}");
        assert_eq!(names(&r), set(&["floods.txt"]), "--place {typed}");
    }
}
