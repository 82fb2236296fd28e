//! Feature extraction shared by training and tagging.
//!
//! Every feature is a 32-bit id hashed from a template id and hashed values; no
//! strings are built. Per-token word properties are computed once into `TokInfo`.
//!
//! [`token`] holds the per-token properties, [`doc`] the first-pass templates and
//! document features, [`dynamic`] the features of the labels already decoded.

mod doc;
mod dynamic;
#[cfg(test)]
mod tests;
mod token;

pub use doc::{DocFeatures, DEFAULT_FEAT};
pub use dynamic::{dyn_word_features, next_low, trans1_feature, trans2_feature, DocLabels, START};
pub use token::{lower_hash, F_HAS_LOWER, F_HAS_UPPER, F_PUNCT};

/// Bump when feature extraction changes (stored in the model file).
pub const FEATURE_VERSION: u16 = 5;

/// A word hash that [`Gazetteers::annotate`](super::Gazetteers::annotate) never
/// starts a match at.
pub const NO_WORD: u64 = 0;
