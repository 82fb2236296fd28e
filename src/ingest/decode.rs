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
            let enc = det.guess(None, true);
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
}
