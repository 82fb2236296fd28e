//! Bytes to text: UTF-8 when it is, otherwise the detected legacy encoding
//! (Windows-1252/Latin-1 and friends) via `chardetng` + `encoding_rs`.

use super::{IngestError, Problem};

/// Decodes a file's bytes. Binary content (NUL bytes) is an error; undecodable bytes
/// are replaced and reported as a warning.
pub fn decode(bytes: &[u8], warnings: &mut Vec<Problem>) -> Result<String, IngestError> {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        // UTF-16 text has NULs too; a BOM tells it apart.
        if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
            let (text, _, bad) = enc.decode(bytes);
            if bad {
                warnings.push(undecodable(enc.name()));
            }
            return Ok(text.into_owned());
        }
        return Err(IngestError::Binary);
    }
    Ok(decode_piece(bytes, warnings))
}

/// Decodes bytes already known not to be a binary file (a later piece of a streamed
/// file): UTF-8, or the detected legacy encoding.
pub fn decode_piece(bytes: &[u8], warnings: &mut Vec<Problem>) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        // Valid UTF-8 cut short at the end (a file read only in part): keep the prefix.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
        }
        Err(_) => {
            let mut det = chardetng::EncodingDetector::new();
            det.feed(bytes, true);
            let enc = prefer_western(bytes, det.guess(None, true));
            let (text, _, bad) = enc.decode(bytes);
            if bad {
                warnings.push(undecodable(enc.name()));
            } else {
                warnings.push(Problem {
                    line: None,
                    message: format!("not UTF-8; decoded as {}", enc.name()),
                });
            }
            text.into_owned()
        }
    }
}

/// Windows-1252 instead of the detector's guess, unless the guess has strong evidence.
/// On a few bytes chardetng can pick windows-1250 for English (`£5.20` shows as
/// `Ł5.20`), while news text in a legacy encoding is far more often Western. Evidence
/// for the guess is a byte it reads as a letter inside a word: strong where Windows-1252
/// reads a symbol there (Polish `ł`, not `³`); where both read a letter (Czech `č`, or
/// `è`), it counts only when many words have such bytes (Czech, Croatian, Russian), not
/// in mostly-ASCII text.
fn prefer_western(
    bytes: &[u8],
    guess: &'static encoding_rs::Encoding,
) -> &'static encoding_rs::Encoding {
    use encoding_rs::WINDOWS_1252;
    if guess == WINDOWS_1252 || !guess.is_single_byte() {
        return guess;
    }
    // Single-byte encodings decode one byte to one char, so the two texts line up.
    let theirs: Vec<char> = guess.decode_without_bom_handling(bytes).0.chars().collect();
    let western = WINDOWS_1252.decode_without_bom_handling(bytes).0;
    let letter_at = |i: usize| theirs.get(i).is_some_and(|c| c.is_alphabetic());
    let mut ambiguous = false;
    for (i, (w, &t)) in western.chars().zip(&theirs).enumerate() {
        let in_word = (i > 0 && letter_at(i - 1)) || letter_at(i + 1);
        if t == w || !t.is_alphabetic() || !in_word {
            continue;
        }
        if !w.is_alphabetic() {
            return guess;
        }
        ambiguous = true;
    }
    if ambiguous {
        let (words, with_non_ascii) = bytes
            .split(u8::is_ascii_whitespace)
            .filter(|w| !w.is_empty())
            .fold((0usize, 0usize), |(n, k), w| {
                (n + 1, k + usize::from(!w.is_ascii()))
            });
        if with_non_ascii * 10 > words {
            return guess;
        }
    }
    WINDOWS_1252
}

fn undecodable(name: &str) -> Problem {
    Problem {
        line: None,
        message: format!("some bytes are not valid {name} and were replaced by U+FFFD"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through_and_bom_is_dropped() {
        let mut w = Vec::new();
        assert_eq!(decode("\u{feff}Zoë".as_bytes(), &mut w).unwrap(), "Zoë");
        assert!(w.is_empty());
    }

    #[test]
    fn windows_1252_is_detected() {
        let mut w = Vec::new();
        // "café “quoted” in Zürich" in Windows-1252.
        let bytes = b"The caf\xe9 owner said \x93we stay open\x94 in Z\xfcrich and Montr\xe9al.";
        let text = decode(bytes, &mut w).unwrap();
        assert!(text.contains("café"), "{text}");
        assert!(text.contains("“we stay open”"), "{text}");
        assert!(text.contains("Zürich"));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn utf8_cut_mid_character_keeps_the_prefix() {
        let mut w = Vec::new();
        let bytes = "Zürich é".as_bytes();
        assert_eq!(
            decode(&bytes[..bytes.len() - 1], &mut w).unwrap(),
            "Zürich "
        );
        assert!(w.is_empty());
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let mut w = Vec::new();
        assert!(matches!(
            decode(b"%PDF-1.4\x00\x01\x02", &mut w),
            Err(IngestError::Binary)
        ));
    }

    /// The encoding `decode` picks for `bytes`, from its warning.
    fn picked(bytes: &[u8]) -> (String, String) {
        let mut w = Vec::new();
        let text = decode(bytes, &mut w).unwrap();
        (text, w[0].message.clone())
    }

    #[test]
    fn mostly_ascii_english_is_windows_1252() {
        // chardetng alone reads these as windows-1250: "Ł5.20".
        for (bytes, want) in [
            (
                &b"Title: Fares\n\nThe fare rose to \xa35.20 on Monday, officials said.\n"[..],
                "The fare rose to £5.20 on Monday",
            ),
            (
                b"It cost \xa3120m, the Chancellor\x92s plan said. Fares rose to \xa35.20 in the city.",
                "It cost £120m, the Chancellor’s plan",
            ),
            (
                b"The cr\xe8me br\xfbl\xe9e at the new caf\xe9 in Leeds now costs \xa35.20, up from \xa34.80 last year, and the owner expects more rises before the summer season.",
                "The crème brûlée at the new café in Leeds now costs £5.20",
            ),
            (
                b"Fares rose to \xa35.20 (\x806.10) at the caf\xe9, the owner\x92s \x93new\x94 price list said on Monday in a statement to reporters.",
                "Fares rose to £5.20 (€6.10) at the café, the owner’s “new” price",
            ),
        ] {
            let (text, warning) = picked(bytes);
            assert!(text.contains(want), "{text}");
            assert_eq!(warning, "not UTF-8; decoded as windows-1252");
        }
    }

    #[test]
    fn strong_evidence_keeps_other_encodings() {
        for (bytes, want, enc) in [
            (
                &b"Zielona G\xf3ra: w poniedzia\xb3ek prezydent miasta powiedzia\xb3, \xbfe nowe \x9cwiat\xb3a na skrzy\xbfowaniu b\xeAd\xb9 gotowe."[..],
                "poniedziałek prezydent miasta powiedział, że nowe światła",
                "windows-1250",
            ),
            (
                b"V \xe8esk\xfdch Bud\xecjovic\xedch se v pond\xecl\xed se\x9al\xed z\xe1stupci kraje a m\xecsta.",
                "V českých Budějovicích",
                "windows-1250",
            ),
            (
                b"Hrvatska vlada je u ponedjeljak objavila da \xe6e se cijene goriva smanjiti, a ministar je rekao da \xe6e to pomo\xe6i gra\xf0anima.",
                "da će se cijene goriva smanjiti",
                "windows-1250",
            ),
            (
                b"The orchestra played Dvo\xf8\xe1k and Jan\xe1\xe8ek in Brno.",
                "Dvořák and Janáček",
                "windows-1250",
            ),
            (
                b"\xcc\xee\xf1\xea\xe2\xe0 \xf1\xee\xee\xe1\xf9\xe8\xeb\xe0 \xee \xed\xee\xe2\xfb\xf5 \xec\xe5\xf0\xe0\xf5.",
                "Москва сообщила о новых мерах.",
                "windows-1251",
            ),
        ] {
            let (text, warning) = picked(bytes);
            assert!(text.contains(want), "{text}");
            assert_eq!(warning, format!("not UTF-8; decoded as {enc}"));
        }
    }
}
