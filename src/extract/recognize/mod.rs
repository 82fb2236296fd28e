//! First-pass entity recognition: capitalized chunks of the text are looked up in the
//! gazetteers and classified by titles, first names, organization keywords, speech verbs
//! and document-level evidence. Output: typed spans with byte offsets.
//!
//! The pipeline, one file per stage: `words` holds the word lists, `rules` the
//! rule-based recognizer ([`recognize`]), `tagger` the adapter over the statistical
//! tagger's spans ([`from_tagger`]), [`merge`] combines the two, and `tidy` with
//! `fragments` cleans and splits the merged spans.

mod echoes;
mod fragments;
mod merge;
mod rules;
mod tables;
mod tagger;
#[cfg(test)]
mod tests;
mod tidy;
mod words;

pub(crate) use merge::merge;
pub(crate) use rules::{recognize, Ctx};
pub(crate) use tagger::from_tagger;
pub(crate) use words::compound_head;
pub use words::SPEECH_VERBS;

/// What a span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// A person's name (`"Barack Obama"`, `"Mr. Smith"`): the `people` facet.
    Person,
    /// A city, region or country name (`"Geneva"`, `"Texas"`): the `places` facet.
    Place,
    /// An organization (`"Reuters"`, `"African National Congress"`): the `orgs` facet.
    Org,
    /// A word that mentions a country without naming a place: a demonym or a metonym.
    CountryRef,
}

/// One recognized span.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    /// Token range: index of the span's first token.
    pub first: usize,
    /// Token range: one past the span's last token (exclusive), so
    /// `tokens[first..last]` are its words.
    pub last: usize,
    /// Byte range into the text: offset of the first token's first byte.
    pub start: usize,
    /// Byte range into the text: offset just past the mention (exclusive), so
    /// `&text[start..end]` is the mention as written; usually the last token's end,
    /// but only `"London"` of a `"London-based"` token.
    pub end: usize,
    /// What the span names, after the gazetteer, title and context rules.
    pub kind: Kind,
    /// Canonical name known from a gazetteer (orgs), if any.
    pub canonical: Option<String>,
    /// Country index, for countries, demonyms and metonyms.
    pub country: Option<usize>,
    /// A title preceded the name ("President", "Mr.").
    pub titled: bool,
    /// The type the statistical tagger gave the span, when it differs from `kind`
    /// (the Kremlin is a LOC or ORG mention that counts as its country).
    pub tagged: Option<Kind>,
}

impl Span {
    /// An organization over tokens `first..last` that neither recognizer found ("Wasps"
    /// on a results line, "Ruch" after "Ruch SA").
    pub(super) fn new_org(
        tokens: &[crate::extract::tokenize::Token],
        first: usize,
        last: usize,
        canonical: Option<String>,
    ) -> Span {
        Span {
            first,
            last,
            start: tokens[first].start,
            end: tokens[last - 1].end,
            kind: Kind::Org,
            canonical,
            country: None,
            titled: false,
            tagged: None,
        }
    }

    /// Makes the span a `kind`, as its final kind and as its mention type (the tagger's,
    /// when the tagger found it): for evidence that overrules the tagger.
    pub(crate) fn retype(&mut self, kind: Kind) {
        self.kind = kind;
        self.tagged = self.tagged.map(|_| kind);
    }
}
