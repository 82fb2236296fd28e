//! Unit tests of the feature extraction.

use super::doc::{BOS, EOS, MAX_AGG, T_AGGN, T_AGGP};
use super::token::F_ALPHA;
use super::*;
use crate::extract::ner::gazetteer::Gazetteers;
use crate::extract::ner::hash::fid;
use crate::extract::ner::tokenize::tokenize;

/// The context-aggregation features of every token equal a direct computation:
/// for a capitalised word, the neighbours of the first `MAX_AGG` other
/// occurrences of its form in non-headline sentences, in token order; a word of a
/// headline reads the occurrences in the body too.
#[test]
fn aggregation_features_match_a_direct_computation() {
    let text = "SMITH WINS IN PARIS\n\nJohn Smith won in Paris. Smith said Paris was \
                fine. Smith , Smith and Smith met Smith . Smith , Smith , Smith , Smith \
                left Paris for Lyon. smith was lower case.";
    let (mut toks, mut sents) = (Vec::new(), Vec::new());
    tokenize(text, &mut toks, &mut sents);
    let mut d = DocFeatures {
        flags: DEFAULT_FEAT,
        ..Default::default()
    };
    d.build(text, &toks, &sents, &Gazetteers::empty());
    let mut cands = std::collections::HashSet::new();
    for t in d.infos.iter().map(|t| t.low).chain([BOS, EOS]) {
        cands.insert(fid(T_AGGP, t));
        cands.insert(fid(T_AGGN, t));
    }
    let mut out = Vec::new();
    let mut checked = 0;
    for i in 0..toks.len() {
        let t = &d.infos[i];
        let mut want = Vec::new();
        if t.flags & F_HAS_UPPER != 0 && t.flags & F_ALPHA != 0 {
            let occ: Vec<usize> = d
                .sents
                .iter()
                .filter(|s| !s.2)
                .flat_map(|s| s.0..s.1)
                .filter(|&j| {
                    let u = &d.infos[j];
                    u.low == t.low && u.flags & F_HAS_UPPER != 0 && u.flags & F_ALPHA != 0
                })
                .take(MAX_AGG)
                .collect();
            for j in occ.into_iter().filter(|&j| j != i) {
                let (js, je, _) = d.sents[d.sent_of[j] as usize];
                want.push(fid(T_AGGP, if j > js { d.infos[j - 1].low } else { BOS }));
                want.push(fid(
                    T_AGGN,
                    if j + 1 < je { d.infos[j + 1].low } else { EOS },
                ));
            }
        }
        out.clear();
        d.static_features(i, &mut out);
        let got: Vec<u32> = out.iter().copied().filter(|f| cands.contains(f)).collect();
        assert_eq!(
            got,
            want,
            "token {i} {:?}",
            &text[toks[i].start..toks[i].end]
        );
        checked += !want.is_empty() as usize;
    }
    // headline words, body words and a form with more than MAX_AGG occurrences
    assert!(checked >= 12, "{checked}");
    assert!(d.sents[0].2, "the first line is a headline");
}
