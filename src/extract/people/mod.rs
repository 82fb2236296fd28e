//! People: one canonical value per person within an article. Titles and honorifics are
//! stripped in any case and with or without a dot ("Mr Brown", "MR. BROWN", "US President
//! Barack Obama", "Foreign Secretary Jack Straw", "striker Wayne Rooney"), punctuation
//! never stays inside a name ("Vladimir ] Putin"), and a surname, "Title Surname" or a
//! shorter form of a full name joins the article's full name ("Mr Brown" → "Gordon
//! Brown", "George Bush" → "George W. Bush", "Assad" → "Bashar al-Assad").
//!
//! Archive-wide merging (one value for "Putin" in an article that never names him in
//! full) needs evidence across articles and is left to the user's alias table
//! ([`super::aliases`]) and to the one-word `--person` filter, which matches every name
//! containing the word.

mod canonical;
mod repair;
#[cfg(test)]
mod tests;
mod titles;

pub use canonical::{canonical_people, display, People};
pub use repair::repair_spans;
pub use titles::{is_only_title, is_post_nominal, is_title, name_words, title_len, TITLES_EXTRA};

use crate::extract::fold::fold;
use crate::extract::gazetteer::Gazetteer;

/// Words that never stand inside a person's name in title case; see
/// [`is_plausible_name`].
const HEADLINE_WORDS: &[&str] = &[
    "with", "as", "to", "for", "after", "says", "is", "are", "was", "the", "and", "on", "in", "at",
    "by", "from", "over", "against", "be",
];

/// An Arabic name without its article ("Khasawneh" of "al-Khasawneh"); other words as
/// they are.
pub fn without_arabic_article(w: &str) -> &str {
    ["al-", "el-"]
        .iter()
        .find_map(|a| w.strip_prefix(a))
        .unwrap_or(w)
}

/// Whether `name` can be a person's name: at most five capitalized words, none after the first a
/// function word or verb capitalized as in a headline ("Hillary Clinton Goes After
/// Donald Trump As The New Mitt Romney", "Francois Hollande Says Donald Trump").
pub fn is_plausible_name(name: &str) -> bool {
    // Particles do not count ("Mohd Khairul Anuar bin Abu Bakar").
    name.split(' ')
        .filter(|w| !w.starts_with(char::is_lowercase))
        .count()
        <= 5
        && name.split(' ').skip(1).all(|w| {
            !(w.starts_with(char::is_uppercase)
                && HEADLINE_WORDS.iter().any(|h| h.eq_ignore_ascii_case(w)))
        })
}

/// Whether a person's name is a place: places joined by hyphens or slashes ("Dallas-Fort
/// Worth"), or a country or region that is no one's first name or surname ("Tamil
/// Nadu"; not "Jordan", "Georgia", nor the city "Obama").
pub fn is_place_name(name: &str, gaz: &Gazetteer) -> bool {
    let place = |p: &str| {
        let f = fold(p.trim());
        !f.is_empty()
            && (gaz.cities.contains_key(&f)
                || gaz.region_names.contains_key(&f)
                || gaz.country_names.contains_key(&f))
    };
    let parts: Vec<&str> = name.split(['-', '/']).collect();
    if parts.len() >= 2 && parts.iter().all(|p| place(p)) {
        return true;
    }
    // A city's name is many a surname ("Obama"): only countries and regions alone.
    let f = fold(name);
    let first = fold(name.split(' ').next().unwrap_or(name));
    (gaz.region_names.contains_key(&f) || gaz.country_names.contains_key(&f))
        && !gaz.first_names.contains(&first)
        && !gaz.surnames.contains(&f)
}
