//! One speaker value per person: one-word speakers joined to the article's full name,
//! headline runs dropped and speech verbs glued to a name cut off.

use super::cues::EXTRA_VERBS;
use super::RawQuote;
use crate::extract::people::is_plausible_name;
use crate::extract::recognize::SPEECH_VERBS;

/// A speaker value with a speech verb glued to its front by the tagger ("Said Ellis:
/// “…”" gives "Said Ellis"): the name without it.
fn without_leading_verb(name: &str) -> Option<&str> {
    let (first, rest) = name.split_once(' ')?;
    let low = first.to_lowercase();
    (SPEECH_VERBS.contains(&low.as_str()) || EXTRA_VERBS.contains(&low.as_str())).then_some(rest)
}

/// One person, one speaker value: a one-word speaker ("Tom", "Ebeling") becomes the
/// full name of the article that starts or ends with that word, when exactly one does —
/// among the speakers, else among `people`. Ambiguous words ("Cruz" beside "Ted Cruz"
/// and "Heidi Cruz") stay as they are. Headline runs taken for names are dropped and a
/// speech verb glued to a name is cut off.
pub fn merge_speaker_variants<S: AsRef<str>>(quotes: &mut [RawQuote], people: &[S]) {
    for q in quotes.iter_mut() {
        if let Some(sp) = &q.speaker {
            if let Some(rest) = without_leading_verb(sp) {
                q.speaker = Some(rest.to_string());
            } else if !is_plausible_name(sp) {
                q.speaker = None;
            }
        }
    }
    let one_word = |q: &RawQuote| q.speaker.as_deref().is_some_and(|s| !s.contains(' '));
    if !quotes.iter().any(one_word) {
        return;
    }
    let full_of = |word: &str, names: &mut dyn Iterator<Item = &str>| -> Option<String> {
        let mut found: Option<&str> = None;
        for n in names {
            let mut parts = n.split(' ');
            let (first, last) = (parts.next(), parts.next_back());
            if last.is_some() && (first == Some(word) || last == Some(word)) && is_plausible_name(n)
            {
                if found.is_some_and(|f| f != n) {
                    return None;
                }
                found = Some(n);
            }
        }
        found.map(str::to_string)
    };
    let speakers: Vec<String> = quotes.iter().filter_map(|q| q.speaker.clone()).collect();
    for q in quotes.iter_mut() {
        let Some(word) = q.speaker.as_deref().filter(|s| !s.contains(' ')) else {
            continue;
        };
        let full = full_of(word, &mut speakers.iter().map(String::as_str))
            .or_else(|| full_of(word, &mut people.iter().map(AsRef::as_ref)));
        if let Some(full) = full {
            q.speaker = Some(full);
        }
    }
}
