//! Plain text: an optional header block of `Key: value` lines (Title, Date, Source,
//! Author/Byline, URL) ended by a blank line; otherwise the first non-empty line is the
//! title and the rest the body.

use super::{apply_meta, char_offset, trimmed_slice, Article, IngestError, Problem};

const HEADER_KEYS: [&str; 13] = [
    "title",
    "headline",
    "date",
    "published",
    "pubdate",
    "source",
    "publisher",
    "author",
    "byline",
    "by",
    "url",
    "link",
    "dateline",
];

/// Splits `line` into a known header key and its value.
fn header_line(line: &str) -> Option<(&str, &str)> {
    let (k, v) = line.split_once(':')?;
    let key = k.trim();
    HEADER_KEYS
        .iter()
        .any(|h| h.eq_ignore_ascii_case(key))
        .then_some((key, v))
}

/// Parses a .txt article.
pub fn parse(text: &str, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let mut a = Article::default();
    // Header: every line up to the first blank line must be a known `Key: value`.
    let mut pos = 0;
    let mut header = Vec::new();
    let mut is_header = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            is_header = !header.is_empty();
            break;
        }
        match header_line(trimmed) {
            Some(kv) => header.push(kv),
            None => break,
        }
        pos += line.len();
    }
    let rest_start = if is_header {
        for (k, v) in &header {
            apply_meta(&mut a, k, v, warnings);
        }
        pos
    } else {
        0
    };
    let rest = &text[rest_start..];
    if a.title.is_empty() {
        // First non-empty line is the title.
        let lead = rest.len() - rest.trim_start().len();
        let start = rest_start + lead;
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let (title, title_at) = trimmed_slice(text, start, end);
        a.title = title.to_string();
        a.title_offset = Some(char_offset(text, title_at));
        let (body, body_at) = trimmed_slice(text, end, text.len());
        a.body = body.to_string();
        a.body_offset = Some(char_offset(text, body_at));
    } else {
        // The header's title is verbatim in the file: keep its offset for `extract`.
        a.title_offset = text[..rest_start]
            .find(a.title.as_str())
            .map(|at| char_offset(text, at));
        let (body, body_at) = trimmed_slice(text, rest_start, text.len());
        a.body = body.to_string();
        a.body_offset = Some(char_offset(text, body_at));
    }
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_then_body() {
        let text = "Title: Talks resume in Geneva\nDate: November 24, 2015\nSource: Newswire\nAuthor: J. Doe\nURL: https://example.org/a\n\nGENEVA — Talks resumed.\n\nSecond paragraph.\n";
        let mut w = Vec::new();
        let a = parse(text, &mut w).unwrap();
        assert_eq!(a.title, "Talks resume in Geneva");
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2015-11-24");
        assert_eq!(a.source.as_deref(), Some("Newswire"));
        assert_eq!(a.author.as_deref(), Some("J. Doe"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(a.body, "GENEVA — Talks resumed.\n\nSecond paragraph.");
        assert!(w.is_empty());
        assert_eq!(a.title_offset, Some(7));
        // The body offset points at the body in the file's text (in characters).
        let off = a.body_offset.unwrap();
        let body: String = text.chars().skip(off).take(6).collect();
        assert_eq!(body, "GENEVA");
    }

    #[test]
    fn no_header_first_line_is_title() {
        let text = "\n  Ceasefire holds in Aleppo  \nThe ceasefire held.\nMore text.";
        let a = parse(text, &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Ceasefire holds in Aleppo");
        assert_eq!(a.body, "The ceasefire held.\nMore text.");
        assert_eq!(a.title_offset, Some(3));
        assert!(a.date.is_none());
        // Offsets in Article::text() map back to the file.
        let t = a.text();
        let at = t.find("ceasefire held").unwrap();
        let src = a.source_char_offset(t[..at].chars().count());
        assert_eq!(
            text.chars().skip(src).take(14).collect::<String>(),
            "ceasefire held"
        );
    }

    #[test]
    fn colon_in_first_sentence_is_not_a_header() {
        let text = "Result: a narrow win\n\nThe vote was close.";
        let a = parse(text, &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Result: a narrow win");
        assert_eq!(a.body, "The vote was close.");
    }

    #[test]
    fn bad_header_date_warns_and_keeps_article() {
        let text = "Title: T\nDate: sometime soon\n\nBody.";
        let mut w = Vec::new();
        let a = parse(text, &mut w).unwrap();
        assert!(a.date.is_none());
        assert_eq!(w.len(), 1);
        assert!(w[0].message.contains("sometime soon"));
    }
}
