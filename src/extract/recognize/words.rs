//! The word lists the recognizer reads (stop words, connectors, organization and place
//! keywords, speech verbs) and the small word tests built on them.

use crate::extract::fold::fold;
use crate::extract::tokenize::Token;
use crate::extract::wordlist::WordList;
use crate::ingest::date::is_month_or_weekday;

/// Capitalized words that start sentences or name things other than entities.
pub(super) static STOP: WordList = WordList::new(&[
    "the",
    "a",
    "an",
    "in",
    "on",
    "at",
    "but",
    "and",
    "or",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "our",
    "its",
    "my",
    "after",
    "before",
    "when",
    "while",
    "if",
    "as",
    "for",
    "with",
    "from",
    "by",
    "to",
    "of",
    "there",
    "here",
    "what",
    "who",
    "why",
    "how",
    "where",
    "some",
    "many",
    "most",
    "all",
    "no",
    "not",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "also",
    "yet",
    "so",
    "then",
    "now",
    "still",
    "since",
    "until",
    "despite",
    "although",
    "though",
    "because",
    "under",
    "over",
    "about",
    "during",
    "last",
    "next",
    "both",
    "each",
    "every",
    "such",
    "other",
    "another",
    "more",
    "less",
    "few",
    "several",
    "asked",
    "according",
    "meanwhile",
    "however",
    "instead",
    "indeed",
    "later",
    "earlier",
    "today",
    "yesterday",
    "tomorrow",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "is",
    "are",
    "was",
    "were",
    "be",
    "do",
    "does",
    "did",
    "will",
    "would",
    "can",
    "could",
    "should",
    "must",
    "has",
    "have",
    "had",
    "let",
    "let's",
    "we're",
    "it's",
    "i'm",
    "don't",
    "we've",
    "there's",
    "that's",
    "read",
    "related",
    "photo",
    "video",
    "updated",
    "advertisement",
    "thank",
    "thanks",
    "yes",
    "oh",
    "well",
    "like",
    "just",
    "even",
    "only",
    "first",
    "second",
    "third",
    "new",
    "old",
    "once",
    "why",
    "whether",
    "among",
    "amid",
    "against",
    "between",
    "into",
    "through",
    "than",
    "any",
    "none",
    "nor",
    "unlike",
    "like",
    "beyond",
    "across",
    "within",
    "without",
    "toward",
    "towards",
    "upon",
    "per",
    "via",
    "including",
    "following",
    "people",
    "everyone",
    "everybody",
    "nobody",
    "someone",
    "anyone",
    "officials",
    "analysts",
    "critics",
    "experts",
    "residents",
]);

/// Lower-case words allowed inside a name ("Bank of Ghana", "Rio de Janeiro").
pub(super) static CONNECTORS: WordList = WordList::new(&[
    "of", "for", "and", "de", "del", "da", "do", "dos", "la", "le", "van", "von", "der", "den",
    "bin", "al", "on", "the", "du", "des", "y", "&",
]);

/// Words that make a chunk an organization.
pub(super) static ORG_WORDS: WordList = WordList::new(&[
    "ministry",
    "bank",
    "institute",
    "university",
    "authority",
    "federation",
    "coalition",
    "league",
    "organization",
    "organisation",
    "union",
    "council",
    "department",
    "agency",
    "alliance",
    "observatory",
    "association",
    "commission",
    "party",
    "court",
    "committee",
    "fund",
    "office",
    "board",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "plc",
    "llc",
    "group",
    "foundation",
    "society",
    "bureau",
    "army",
    "navy",
    "forces",
    "parliament",
    "assembly",
    "congress",
    "senate",
    "company",
    "motors",
    "communications",
    "bros",
    "brothers",
    "resources",
    "capital",
    "club",
    "fc",
    "airlines",
    "airways",
    "energy",
    "holdings",
    "partners",
    "press",
    "times",
    "post",
    "news",
    "network",
    "service",
    "services",
    "industries",
    "systems",
    "technologies",
    "labs",
    "laboratory",
    "school",
    "college",
    "hospital",
    "museum",
    "police",
    "guard",
    "brigade",
    "front",
    "movement",
    "secretariat",
    "programme",
    "program",
    "tribunal",
    "exchange",
    "reserve",
    "treasury",
    "cabinet",
    "government",
    "administration",
    "team",
    "academy",
    "centre",
    "center",
    "trust",
    "media",
    "broadcasting",
    "television",
    "radio",
    "journal",
    "herald",
    "tribune",
    "gazette",
    "magazine",
    "house",
]);

/// Verbs that attribute speech; also used as evidence that a name is a person.
pub static SPEECH_VERBS: WordList = WordList::new(&[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "warns",
    "argued",
    "argues",
    "noted",
    "notes",
    "insisted",
    "insists",
    "explained",
    "explains",
    "asked",
    "asks",
    "stated",
    "states",
    "declared",
    "declares",
    "wrote",
    "writes",
    "continued",
    "replied",
    "responded",
    "claimed",
    "claims",
    "acknowledged",
    "admitted",
    "recalled",
    "suggested",
    "urged",
    "announced",
    "remarked",
    "observed",
    "cautioned",
    "conceded",
    "stressed",
    "emphasized",
    "emphasised",
    "predicted",
    "promised",
    "vowed",
    "tweeted",
    "countered",
    "agreed",
    "conceded",
    "joked",
    "recounted",
    "maintained",
    "contended",
    "added",
    "concluded",
    "complained",
    "pointed",
    "reiterated",
    "confirmed",
    "denied",
]);

pub(super) fn is_cap_word(t: &str) -> bool {
    let mut chars = t.chars();
    matches!(chars.next(), Some(c) if c.is_uppercase()) && t.chars().any(|c| c.is_alphabetic())
}

pub(super) fn is_stop(t: &str) -> bool {
    is_stop_folded(&fold(t))
}

/// [`is_stop`] for a word already folded.
pub(super) fn is_stop_folded(f: &str) -> bool {
    STOP.contains(&f) || is_month_or_weekday(f)
}

/// Sentences written all in capitals (wire headlines): capitalization says nothing there.
pub(super) fn caps_sentences(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut out = vec![false; tokens.len()];
    let mut s = 0;
    while s < tokens.len() {
        let mut e = s + 1;
        while e < tokens.len() && !tokens[e].sentence_start {
            e += 1;
        }
        // Words of more than one letter, and those of them without a lower-case letter
        // (counted in place: this runs over every sentence of every article).
        let (mut words, mut upper) = (0usize, 0usize);
        for w in tokens[s..e].iter().map(|t| t.text(text)) {
            if w.chars().filter(|c| c.is_alphabetic()).nth(1).is_some() {
                words += 1;
                upper += usize::from(!w.chars().any(|c| c.is_lowercase()));
            }
        }
        if words >= 3 && upper * 10 >= words * 8 {
            out[s..e].iter_mut().for_each(|x| *x = true);
        }
        s = e;
    }
    out
}

/// Words that make a chunk a geographic feature ("Black Sea", "Rift Valley").
pub(super) static LOC_WORDS: WordList = WordList::new(&[
    "sea",
    "ocean",
    "river",
    "lake",
    "valley",
    "mountains",
    "mount",
    "mt",
    "islands",
    "island",
    "bay",
    "gulf",
    "strait",
    "straits",
    "peninsula",
    "desert",
    "county",
    "parish",
    "province",
    "square",
    "street",
    "avenue",
    "coast",
    "reef",
    "basin",
    "plateau",
    "delta",
    "canal",
    "cape",
    "highlands",
    "plain",
    "plains",
    "falls",
    "heights",
    "district",
    "oblast",
    "territory",
    "cosmodrome",
    "airport",
    "glacier",
    "fjord",
    "archipelago",
    "steppe",
    "forest",
    "hill",
    "hills",
    "firth",
    "estuary",
    "creek",
    "marsh",
    "moor",
    "moors",
]);

/// Regions of the world that belong to no single country.
pub(super) static WORLD_REGIONS: WordList = WordList::new(&[
    "africa",
    "asia",
    "europe",
    "americas",
    "middle east",
    "gulf",
    "the gulf",
    "pacific",
    "atlantic",
    "arctic",
    "antarctica",
    "antarctic",
    "caribbean",
    "mediterranean",
    "balkans",
    "baltic",
    "baltics",
    "caucasus",
    "sahel",
    "scandinavia",
    "latin america",
    "north america",
    "south america",
    "central america",
    "central asia",
    "southeast asia",
    "east asia",
    "south asia",
    "west africa",
    "east africa",
    "north africa",
    "southern africa",
    "sub saharan africa",
    "horn of africa",
    "persian gulf",
    "eurasia",
    "oceania",
    "levant",
    "maghreb",
    "amazon",
    "west bank",
    "indo pacific",
    "western europe",
    "eastern europe",
    "central europe",
    "northern europe",
    "southern europe",
    "middle east and north africa",
]);

pub(super) static DIRECTIONS: WordList = WordList::new(&[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "upper",
    "lower",
    "greater",
]);

/// What a compound such as "London-based" or "Nigerian-born" says a name is from: the
/// part before the hyphen ("London").
pub(crate) fn compound_head(w: &str) -> Option<&str> {
    w.rsplit_once('-')
        .filter(|(h, t)| !h.is_empty() && PLACE_COMPOUNDS.contains(t))
        .map(|(h, _)| h)
}

/// Suffixes of compounds whose first part is a place: "London-based", "Nigerian-born".
static PLACE_COMPOUNDS: WordList = WordList::new(&[
    "based",
    "born",
    "led",
    "backed",
    "owned",
    "listed",
    "run",
    "funded",
    "bound",
    "made",
    "brokered",
    "registered",
]);

/// Whether `acr` can abbreviate `name` in "Full Name (ACR)": one of its letters starts
/// one of the name's words ("BGMEA" of "Bangladesh Garment Manufacturers and Exporters
/// Association", "AROS" of a span cut to "Reclaim Our Schools"), so a party after a
/// person's name ("Cllr Aine Mulroy (FG)") defines nothing.
pub(super) fn may_abbreviate(acr: &str, name: &str) -> bool {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .any(|c| c.is_uppercase() && acr.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokenize::tokenize;

    /// `caps_sentences` as it was written first: a list of the words per sentence.
    fn caps_sentences_by_list(text: &str, tokens: &[Token]) -> Vec<bool> {
        let mut out = vec![false; tokens.len()];
        let mut s = 0;
        while s < tokens.len() {
            let mut e = s + 1;
            while e < tokens.len() && !tokens[e].sentence_start {
                e += 1;
            }
            let words: Vec<&str> = tokens[s..e]
                .iter()
                .map(|t| t.text(text))
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() > 1)
                .collect();
            let upper = words
                .iter()
                .filter(|w| !w.chars().any(|c| c.is_lowercase()))
                .count();
            if words.len() >= 3 && upper * 10 >= words.len() * 8 {
                out[s..e].iter_mut().for_each(|x| *x = true);
            }
            s = e;
        }
        out
    }

    proptest::proptest! {
        /// Counting in place marks the same sentences as the list did.
        #[test]
        fn caps_sentences_counts_as_the_list_did(
            text in "([A-Z]{1,6}|[a-z]{1,6}|[A-Z][a-z]{1,5}|ÉLYSÉE|Élysée|straße|STRASSE|ǅ|42|A1|x|\\.|,|'s|\\n| ){0,40}"
        ) {
            let tokens = tokenize(&text);
            proptest::prop_assert_eq!(
                caps_sentences(&text, &tokens),
                caps_sentences_by_list(&text, &tokens)
            );
        }
    }

    #[test]
    fn a_headline_in_capitals_is_a_caps_sentence() {
        let text = "PRESIDENT VISITS PARIS TODAY. The president visited Paris.";
        let tokens = tokenize(text);
        let caps = caps_sentences(text, &tokens);
        assert!(caps[0] && !caps[tokens.len() - 1], "{caps:?}");
    }
}
