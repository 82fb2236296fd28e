//! Words that are never an entity, from `data/gazetteer/not_entities.tsv`: page furniture
//! ("Also Read", "Click here"), wire sign-offs ("Reuter" on the story's last line),
//! market-table abbreviations ("Shr", "Dlrs", "Mln") and common-noun acronyms ("TV",
//! "DVD", "ID"), plus the context words that make a name the title of a work ("the
//! film …", "the band …").

use super::fold::fold;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The embedded list.
pub const NOT_ENTITIES: &str = include_str!("../../data/gazetteer/not_entities.tsv");

/// Why a phrase is no entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Junk {
    /// Page furniture and market-table abbreviations: never an entity.
    Never,
    /// A wire credit: no entity when it stands alone on its line.
    SignOff,
    /// A common-noun acronym: no organization and no person (matched in its case).
    Acronym,
}

struct Table {
    /// Folded phrase → category (furniture, market, sign-off).
    folded: HashMap<String, Junk>,
    /// Acronyms as written.
    acronyms: HashSet<&'static str>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            folded: HashMap::new(),
            acronyms: HashSet::new(),
        };
        for line in NOT_ENTITIES.lines().filter(|l| !l.starts_with('#')) {
            let Some((phrase, category)) = line.split_once('\t') else {
                continue;
            };
            match category.trim() {
                "acronym" => {
                    t.acronyms.insert(phrase.trim());
                }
                "signoff" => {
                    t.folded.insert(fold(phrase), Junk::SignOff);
                }
                _ => {
                    t.folded.insert(fold(phrase), Junk::Never);
                }
            }
        }
        t
    })
}

/// What the list says the written phrase is, if anything. `folded` is `fold(written)`.
pub fn junk(written: &str, folded: &str) -> Option<Junk> {
    let t = table();
    if t.acronyms.contains(written) {
        return Some(Junk::Acronym);
    }
    t.folded.get(folded).copied()
}

/// True if every word is page furniture or a market abbreviation ("Avg Shrs", "Mln Dlrs").
pub fn all_never(words: &[&str]) -> bool {
    let t = table();
    !words.is_empty()
        && words
            .iter()
            .all(|w| t.folded.get(&fold(w)) == Some(&Junk::Never))
}

/// Lower-case nouns that make the name after them a work, a band or a game: "the film
/// Million Dollar Baby", "the band Coldplay", "the game Halo".
pub const WORK_NOUNS: &[&str] = &[
    "film",
    "films",
    "movie",
    "movies",
    "documentary",
    "album",
    "albums",
    "song",
    "songs",
    "single",
    "track",
    "band",
    "bands",
    "group",
    "game",
    "games",
    "videogame",
    "novel",
    "book",
    "series",
    "show",
    "sitcom",
    "drama",
    "soap",
    "play",
    "musical",
    "opera",
    "ballet",
    "painting",
    "programme",
    "program",
    "franchise",
    "title",
    "hit",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_names_each_kind() {
        assert_eq!(junk("Also Read", "also read"), Some(Junk::Never));
        assert_eq!(junk("Click here", "click here"), Some(Junk::Never));
        assert_eq!(junk("Shr", "shr"), Some(Junk::Never));
        assert_eq!(junk("DLRS", "dlrs"), Some(Junk::Never));
        assert_eq!(junk("Reuter", "reuter"), Some(Junk::SignOff));
        assert_eq!(junk("TV", "tv"), Some(Junk::Acronym));
        assert_eq!(junk("Tv", "tv"), None);
        assert_eq!(junk("Gordon Brown", "gordon brown"), None);
        assert!(all_never(&["Avg", "Shrs"]));
        assert!(!all_never(&["Avg", "Brown"]));
    }
}
