//! Fixed word lists that are asked about one word at a time.

use rustc_hash::FxHashSet;
use std::sync::OnceLock;

/// A fixed list of words whose [`WordList::contains`] is one hash lookup, not a scan
/// of the list (the recognizer asks the stop-word list, 190 words, tens of thousands of
/// times per thousand articles). Otherwise it reads as the slice it holds.
pub struct WordList {
    words: &'static [&'static str],
    set: OnceLock<FxHashSet<&'static str>>,
}

impl WordList {
    /// The list of `words`; their set is built at the first lookup.
    pub const fn new(words: &'static [&'static str]) -> WordList {
        WordList {
            words,
            set: OnceLock::new(),
        }
    }

    /// Whether `word` is one of the words (exactly, as `<[&str]>::contains`).
    #[inline]
    pub fn contains(&self, word: &&str) -> bool {
        self.set
            .get_or_init(|| self.words.iter().copied().collect())
            .contains(*word)
    }
}

impl std::ops::Deref for WordList {
    type Target = [&'static str];

    fn deref(&self) -> &[&'static str] {
        self.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same answers as the slice's own `contains`, for every word of the list,
    /// near misses, and the empty word.
    #[test]
    fn contains_agrees_with_the_slice() {
        static LIST: WordList = WordList::new(&["the", "a", "said", "Said", "über", ""]);
        let words = LIST
            .iter()
            .copied()
            .chain(["th", "thee", "SAID", "uber", " the", "x"]);
        for w in words {
            assert_eq!(LIST.contains(&w), LIST.words.contains(&w), "{w:?}");
        }
        static EMPTY: WordList = WordList::new(&[]);
        assert!(!EMPTY.contains(&""));
    }
}
