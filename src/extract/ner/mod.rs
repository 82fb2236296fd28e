//! The named-entity tagger: an averaged perceptron over BILOU labels (PER, LOC, ORG,
//! MISC), greedy left-to-right decoding with the previous two labels as features, and a
//! second pass with document-level features from the first pass's labels (Ratinov &
//! Roth 2009), plus gazetteer features. Trained on CoNLL-2003 English train by
//! `cargo run --release --bin train-ner` (see README); the model ships as
//! `models/ner.bin` and is embedded in the binary.
// The tagger works on parallel arrays indexed by label id; index loops read best there.
#![allow(clippy::needless_range_loop)]

pub(crate) mod features;
pub mod gazetteer;
pub(crate) mod hash;
pub(crate) mod labels;
pub(crate) mod model;
pub mod tagger;
pub(crate) mod tokenize;
pub mod train;

pub use gazetteer::{GazCategory, GazetteerFiles, Gazetteers};
pub use labels::EntityKind;
pub use model::Error;
pub use tagger::{Scratch, Span, Tagger};

use std::sync::OnceLock;

/// The trained model, embedded.
pub const MODEL: &[u8] = include_bytes!("../../../models/ner.bin");

/// The gazetteer files the model was trained with, embedded.
pub fn embedded_gazetteer_files() -> GazetteerFiles<'static> {
    use crate::extract::gazetteer::files as f;
    GazetteerFiles {
        countries: f::COUNTRIES,
        cities: f::CITIES,
        regions: f::REGIONS,
        first_names: f::FIRST_NAMES,
        surnames: f::SURNAMES,
        org_aliases: f::ORGS,
        titles: f::TITLES,
        first_names_extra: f::FIRST_NAMES_EXTRA,
        surnames_extra: f::SURNAMES_EXTRA,
        metonyms: f::METONYMS,
    }
}

static TAGGER: OnceLock<Option<Tagger>> = OnceLock::new();

/// The process-wide tagger, built on first use; `None` if the embedded model does not
/// load (a build error that the tests catch).
pub fn global() -> Option<&'static Tagger> {
    TAGGER
        .get_or_init(|| {
            Tagger::new(MODEL, Gazetteers::from_files(&embedded_gazetteer_files())).ok()
        })
        .as_ref()
}

/// Gazetteers read from a folder of the same files, for training.
pub fn gazetteers_from_dir(dir: &std::path::Path) -> Gazetteers {
    let rd = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap_or_default();
    let files = [
        "countries.tsv",
        "cities.tsv",
        "regions.tsv",
        "first_names.txt",
        "surnames.txt",
        "org_aliases.tsv",
        "titles.txt",
        "first_names_extra.txt",
        "surnames_extra.txt",
        "metonyms.tsv",
    ]
    .map(rd);
    Gazetteers::from_files(&GazetteerFiles {
        countries: &files[0],
        cities: &files[1],
        regions: &files[2],
        first_names: &files[3],
        surnames: &files[4],
        org_aliases: &files[5],
        titles: &files[6],
        first_names_extra: &files[7],
        surnames_extra: &files[8],
        metonyms: &files[9],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn embedded_model_loads_and_matches_the_gazetteers() {
        let t = super::global().expect("embedded model loads");
        assert!(
            t.gazetteers_match(),
            "models/ner.bin was trained with other gazetteer files: retrain it"
        );
        let text = "President Barack Obama met NATO officials in Brussels on Monday.";
        let spans = t.tag(text);
        let got: Vec<(&str, super::EntityKind)> = spans
            .iter()
            .map(|s| (&text[s.start..s.end], s.kind))
            .collect();
        assert!(
            got.contains(&("Barack Obama", super::EntityKind::Person)),
            "{got:?}"
        );
        assert!(
            got.contains(&("NATO", super::EntityKind::Organization)),
            "{got:?}"
        );
        assert!(
            got.contains(&("Brussels", super::EntityKind::Location)),
            "{got:?}"
        );
    }
}
