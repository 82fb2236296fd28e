//! Markdown: YAML-style front matter between `---` lines (title, date, source, author,
//! url), the body after it. The body is kept as written, so character offsets stay exact.

use super::{apply_meta, char_offset, trimmed_slice, Article, IngestError, Problem};

/// Parses a .md article.
pub fn parse(text: &str, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let mut a = Article::default();
    let mut body_start = 0;
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() == "---" {
        let mut pos = first_line_end + 1;
        let mut closed = false;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let line = text[pos..end].trim_end();
            pos = (end + 1).min(text.len());
            if line == "---" || line == "..." {
                closed = true;
                break;
            }
            if let Some((k, v)) = line.split_once(':') {
                if !k.starts_with(' ') {
                    apply_meta(&mut a, k, v, warnings);
                }
            }
        }
        if closed {
            body_start = pos;
        } else {
            warnings.push(Problem {
                line: None,
                message: "front matter has no closing `---`; read as plain text".into(),
            });
            a = Article::default();
        }
    }
    let (body, at) = trimmed_slice(text, body_start, text.len());
    if a.title.is_empty() {
        // A leading `# Heading` (or the first line) is the title.
        let end = body.find('\n').unwrap_or(body.len());
        let line = &body[..end];
        let heading = line.trim_start_matches('#');
        let skip = line.len() - heading.len();
        let (title, title_at) = trimmed_slice(text, at + skip, at + end);
        a.title = title.to_string();
        a.title_offset = Some(char_offset(text, title_at));
        let (rest, rest_at) = trimmed_slice(text, at + end, text.len());
        a.body = rest.to_string();
        a.body_offset = Some(char_offset(text, rest_at));
    } else {
        a.title_offset = text[..body_start]
            .find(a.title.as_str())
            .map(|t| char_offset(text, t));
        a.body = body.to_string();
        a.body_offset = Some(char_offset(text, at));
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
    fn front_matter_and_body() {
        let text = "---\ntitle: \"Oil: OPEC holds output\"\ndate: 2016-11-30\nsource: Newswire\nauthor: A. Writer\nurl: https://example.org/x\ntags: [oil]\n---\n\nVIENNA — OPEC kept output steady.\n";
        let a = parse(text, &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Oil: OPEC holds output");
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2016-11-30");
        assert_eq!(a.source.as_deref(), Some("Newswire"));
        assert_eq!(a.author.as_deref(), Some("A. Writer"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/x"));
        assert_eq!(a.body, "VIENNA — OPEC kept output steady.");
        let off = a.body_offset.unwrap();
        assert_eq!(text.chars().skip(off).take(6).collect::<String>(), "VIENNA");
    }

    #[test]
    fn heading_is_title_without_front_matter() {
        let a = parse("# Big news\n\nIt happened.", &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Big news");
        assert_eq!(a.body, "It happened.");
    }

    #[test]
    fn unclosed_front_matter_warns() {
        let mut w = Vec::new();
        let a = parse("---\ntitle: x\nno end", &mut w).unwrap();
        assert_eq!(w.len(), 1);
        assert_eq!(a.title, "---");
    }
}
