//! Words that are never an entity, from `data/gazetteer/not_entities.tsv`: page furniture
//! ("Also Read", "Click here"), wire sign-offs ("Reuter" on the story's last line),
//! market-table abbreviations ("Shr", "Dlrs", "Mln") and common-noun acronyms ("TV",
//! "DVD", "ID"), plus the context words that make a name the title of a work ("the
//! film …", "the band …").

use super::fold::fold;
use crate::extract::wordlist::WordList;
// Fixed tables of our own phrases: FxHash.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
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
    /// A sports statistic ("121 RBI", "four RBIs"): no entity after a number; elsewhere
    /// it may be an organization's acronym (the RBI, the Reserve Bank of India).
    Stat,
}

struct Table {
    /// Folded phrase → category (furniture, market, sign-off).
    folded: HashMap<String, Junk>,
    /// Acronyms as written.
    acronyms: HashSet<&'static str>,
    /// Folded number words ("four", "ten").
    numbers: HashSet<String>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            folded: HashMap::default(),
            acronyms: HashSet::default(),
            numbers: HashSet::default(),
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
                "stat" => {
                    t.folded.insert(fold(phrase), Junk::Stat);
                }
                "number" => {
                    t.numbers.insert(fold(phrase));
                    t.folded.insert(fold(phrase), Junk::Never);
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

/// True for a number in figures ("121") or in words ("four").
pub fn is_number(word: &str) -> bool {
    (!word.is_empty() && word.bytes().all(|b| b.is_ascii_digit() || b == b','))
        || table().numbers.contains(&fold(word))
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
pub static WORK_NOUNS: WordList = WordList::new(&[
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
]);

/// Words that make the name after them a storm: "Typhoon Goni", "Hurricane Gustav".
pub const STORM_WORDS: &[&str] = &[
    "Hurricane",
    "Typhoon",
    "Cyclone",
    "Storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "storm",
];

/// English closed-class words (determiners, pronouns, prepositions, conjunctions,
/// auxiliaries) and the sentence adverbs and discourse words that capitals at the start
/// of a sentence or in a headline make look like the first word of a name: "So Rubio
/// went to Iowa", "Despite Cruz winning", "Given Obama's record", "Look, we will win".
/// None of them starts a name or is one on its own. Kept out: words that are also
/// common given names or surnames ("Will", "May", "Said", "Per", "Young").
#[rustfmt::skip]
pub static FUNCTION_WORDS: WordList = WordList::new(&[
    // determiners and quantifiers
    "a", "an", "this", "that", "these", "those", "some", "any", "each", "every", "both",
    "either", "neither", "such", "another", "many", "much", "most", "few", "several",
    "none",
    // pronouns
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
    "it", "its", "they", "them", "their", "who", "whom", "whose", "which", "what",
    // prepositions
    "of", "in", "on", "at", "for", "from", "to", "with", "without", "about", "after",
    "before", "during", "since", "until", "against", "among", "between", "under", "over",
    "through", "into", "onto", "upon", "within", "despite", "unlike", "amid", "across",
    "behind", "beyond", "toward", "towards", "via", "throughout", "including", "following",
    "given", "regarding",
    // conjunctions
    "and", "but", "or", "nor", "so", "yet", "if", "when", "while", "whereas", "although",
    "though", "because", "unless", "whether", "once", "than", "where", "why", "how",
    // sentence adverbs and discourse words
    "also", "still", "even", "just", "only", "now", "then", "thus", "hence", "however",
    "meanwhile", "moreover", "furthermore", "indeed", "perhaps", "maybe", "instead",
    "otherwise", "already", "again", "here", "there", "ever", "never", "always", "often",
    "soon", "later", "earlier", "finally", "eventually", "actually", "really", "well",
    "yes", "look", "please", "thanks", "sorry", "not", "let",
    // auxiliaries and modals
    "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "has",
    "have", "had", "can", "could", "should", "would", "shall", "must", "might",
]);

/// True if `word` is one of [`FUNCTION_WORDS`] written in lower case or with only its
/// first letter in capitals ("So", "so"; not "SO", and not "US" or "WHO", which are
/// names).
pub fn is_function_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if !first.is_alphabetic() || !chars.clone().all(|c| c.is_lowercase()) {
        return false;
    }
    let len = word.len();
    if len > 10 {
        return false;
    }
    let mut buf = [0u8; 10];
    buf[..len].copy_from_slice(word.as_bytes());
    buf[0] = buf[0].to_ascii_lowercase();
    std::str::from_utf8(&buf[..len]).is_ok_and(|w| FUNCTION_WORDS.contains(&w))
}

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

    #[test]
    fn function_words_match_in_lower_or_title_case_only() {
        assert!(is_function_word("So"));
        assert!(is_function_word("despite"));
        assert!(is_function_word("Given"));
        // Acronyms that spell a function word are names.
        assert!(!is_function_word("US"));
        assert!(!is_function_word("WHO"));
        assert!(!is_function_word("IT"));
        assert!(!is_function_word("Rubio"));
        assert!(!is_function_word("Will"));
        assert!(!is_function_word(""));
        assert!(!is_function_word("Ölfunction"));
    }

    use crate::extract::{extract_text, EntityType};

    fn all_values(e: &crate::extract::Entities) -> Vec<String> {
        let mut v: Vec<String> = e.mentions.iter().map(|m| m.canonical.clone()).collect();
        v.extend(e.people.iter().cloned());
        v.extend(e.orgs.iter().cloned());
        v
    }

    /// 1980s wire copy: a market table and the "Reuter" sign-off.
    #[test]
    fn market_tables_and_sign_offs_are_no_entities() {
        let e = extract_text(
            "FIRST HARBOR BANCORP 1ST QTR NET\n\nNEW YORK, April 8 - Shr 45 cts vs 39 cts\n    Net 4.5 mln dlrs vs 3.9 mln dlrs\n    Revs 120.4 mln vs 110.2 mln\n    Avg shrs 10 mln vs 10 mln\n Reuter\n",
        );
        let v = all_values(&e);
        for junk in [
            "Reuter", "Shr", "Net", "Revs", "Avg", "Qtr", "Mln", "Dlrs", "Vs",
        ] {
            assert!(!v.iter().any(|x| x == junk), "{junk} in {v:?}");
        }
        assert!(e.people.is_empty(), "{:?}", e.people);
    }

    /// South Asian wire copy with "Also Read" lines and web page furniture.
    #[test]
    fn page_furniture_is_no_entity() {
        let e = extract_text(
            "Flood toll rises\n\nNEW DELHI, July 14 (IANS) The toll in the floods rose to 40, officials said.\n\nAlso Read\n\nRelated\n\nClick here\n\nWatch\n\nThe state government sought central help.",
        );
        let v = all_values(&e);
        for junk in ["Also Read", "Related", "Click here", "Watch"] {
            assert!(!v.iter().any(|x| x == junk), "{junk} in {v:?}");
        }
    }

    /// Consumer and sports copy: "TV", "PC", "DVD", "ID" are no organizations.
    #[test]
    fn common_acronyms_are_no_organizations() {
        let e = extract_text(
            "Cup final on TV\n\nThe final will be shown on TV, streamed to PC users and sold on DVD. Fans need photo ID to enter, Harlow Athletic said.",
        );
        for junk in ["TV", "PC", "DVD", "ID"] {
            assert!(!e.orgs.iter().any(|x| x == junk), "{junk} in {:?}", e.orgs);
        }
    }

    /// British copy: offices alone are no entity and no speaker, whatever the tagger says.
    #[test]
    fn title_words_alone_are_no_entities() {
        let e = extract_text(
            "Shadow Cabinet\n\nShadow Chancellor George Osborne attacked the Chancellor. Culture Secretary Tessa Jowell replied. The Culture Secretary said she would look again.\n\n\"We will not back down,\" the Shadow Chancellor said.",
        );
        assert_eq!(e.people, vec!["George Osborne", "Tessa Jowell"]);
        assert!(
            !e.orgs.iter().any(|o| o == "Culture Secretary"),
            "{:?}",
            e.orgs
        );
    }

    /// An organization alias is never a person, and a surname alone is no organization.
    #[test]
    fn aliases_keep_their_type() {
        let e = extract_text(
            "Raqqa\n\nBEIRUT (AP) — Syrian President Bashar al-Assad said his forces had pushed Daesh out of the town. Daesh did not comment. Assad spoke on state television.",
        );
        assert_eq!(e.people, vec!["Bashar al-Assad"]);
        assert_eq!(e.orgs.iter().filter(|o| *o == "Islamic State").count(), 1);
        for m in &e.mentions {
            if m.text == "Daesh" {
                assert_eq!(m.kind, EntityType::Org, "{m:?}");
            }
            if m.text == "Assad" {
                assert_eq!(m.kind, EntityType::Person, "{m:?}");
            }
        }
    }

    /// Entertainment copy: a film or a band named after its noun is no person.
    #[test]
    fn works_are_no_people() {
        let e = extract_text(
            "Awards\n\nThe film Million Dollar Baby won, and the band Franz Ferdinand played. Director Clint Eastwood thanked the cast.",
        );
        assert_eq!(e.people, vec!["Clint Eastwood"]);
        assert!(
            !e.orgs.iter().any(|o| o == "Million Dollar Baby"),
            "{:?}",
            e.orgs
        );
    }

    /// A named storm is an event: no person, organization or place.
    #[test]
    fn storms_are_no_entities() {
        let e = extract_text(
            "Storm recovery\n\nA year after Typhoon Goni flattened their village, families in \
             Leyte are still in tents. Hurricane Gustav hit Louisiana in 2008, Governor Ramon \
             Villanueva said.",
        );
        let all = all_values(&e);
        for storm in ["Goni", "Typhoon Goni", "Gustav", "Hurricane Gustav"] {
            assert!(!all.iter().any(|v| v == storm), "{storm}: {all:?}");
        }
        assert!(
            e.people.contains(&"Ramon Villanueva".to_string()),
            "{:?}",
            e.people
        );
    }

    /// Letters, contractions, labels in capitals on their own line and group nouns
    /// name nothing (found auditing real US political copy).
    #[test]
    fn letters_contractions_labels_and_groups_are_no_entities() {
        let e = extract_text(
            "Debate night\n\nFormer Maryland Gov. Martin Wexley (D) and former Arkansas Gov. \
             Dale Harlan (R) spoke first.\n\nFULL TEXT.\n\nA major Muslim civil rights group \
             said Latinos and Muslims would vote. The super PAC replaced its ads. \
             \u{201c}Don\u{2019}t hit me,\u{201d} Nicklaus said. \"I'm with you,\" Harlan said.\n\nOh, okay. Oh.",
        );
        let all = all_values(&e);
        for junk in [
            "D",
            "R",
            "FULL TEXT",
            "Muslim",
            "Muslims",
            "Latinos",
            "PAC",
            "Don’t",
            "I",
            "Oh",
        ] {
            assert!(!all.iter().any(|v| v == junk), "{junk}: {all:?}");
        }
        assert!(
            e.people.contains(&"Martin Wexley".to_string()),
            "{:?}",
            e.people
        );
        // A known place in capitals on its own line is still that place.
        let e = extract_text("Markets\n\nMOSCOW\n\nShares rose on Monday.");
        assert!(
            e.places.iter().any(|p| p.starts_with("Moscow")),
            "{:?}",
            e.places
        );
    }

    /// A headline list in title case makes long runs of capitals; none is a name.
    #[test]
    fn title_case_headline_runs_are_no_entities() {
        let e = extract_text(
            "Latino voices\n\nRelated: America Ferrera Sent Donald Trump A Message About \
             Latinos\n\n\"We are not invisible,\" America Ferrera said on Monday, a day after \
             Donald Trump spoke in Iowa.",
        );
        let all = all_values(&e);
        assert!(
            !all.iter()
                .any(|v| v.contains("Message") || v.contains(" A ")),
            "{all:?}"
        );
        assert!(
            e.speakers.contains(&"America Ferrera".to_string()),
            "{:?}",
            e.speakers
        );
    }
}
