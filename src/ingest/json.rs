//! JSON articles: one object per `.json` file, one object per line in `.jsonl`/`.ndjson`,
//! with the field names feeds commonly use (title/headline, body/text/content,
//! date/published/publishedAt/pubDate, source/publisher, author/byline, url).

use super::date::from_timestamp;
use super::{parse_date_field, Article, IngestError, Problem, ReadOutcome};
use serde_json::{Map, Value};

const TITLE: &[&str] = &["title", "headline", "name"];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "articlebody",
    "article",
    "full_text",
    "description",
    "summary",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "publishedat",
    "published_at",
    "pubdate",
    "datepublished",
    "publish_date",
    "publication_date",
    "created_at",
    "timestamp",
];
const SOURCE: &[&str] = &["source", "publisher", "site", "source_name", "outlet"];
const AUTHOR: &[&str] = &["author", "byline", "authors", "creator"];
const URL: &[&str] = &["url", "link", "href", "permalink"];

fn field<'a>(obj: &'a Map<String, Value>, names: &[&str]) -> Option<&'a Value> {
    names.iter().find_map(|n| {
        obj.iter()
            .find(|(k, v)| k.eq_ignore_ascii_case(n) && !v.is_null())
            .map(|(_, v)| v)
    })
}

/// A string out of a value that may be a string, a number, an object with a name, or a
/// list of those (joined with ", ").
fn as_text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        Value::Object(o) => return field(o, &["name", "title", "text", "value"]).and_then(as_text),
        Value::Array(items) => items
            .iter()
            .filter_map(as_text)
            .collect::<Vec<_>>()
            .join(", "),
        _ => return None,
    };
    (!s.is_empty()).then_some(s)
}

fn article_from_value(v: Value, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let Value::Object(obj) = v else {
        return Err(IngestError::Json("expected an article object {…}".into()));
    };
    let mut a = Article {
        title: field(&obj, TITLE).and_then(as_text).unwrap_or_default(),
        body: field(&obj, BODY).and_then(as_text).unwrap_or_default(),
        source: field(&obj, SOURCE).and_then(as_text),
        author: field(&obj, AUTHOR).and_then(as_text),
        url: field(&obj, URL).and_then(as_text),
        ..Article::default()
    };
    a.date = match field(&obj, DATE) {
        Some(Value::Number(n)) => match n.as_i64().map(from_timestamp) {
            Some(Ok(d)) => Some(d),
            _ => {
                warnings.push(Problem {
                    line: None,
                    message: format!("date {n} is not a usable timestamp; indexed without a date"),
                });
                None
            }
        },
        Some(v) => as_text(v).and_then(|s| parse_date_field(&s, warnings)),
        None => None,
    };
    if a.title.is_empty() && a.body.is_empty() {
        return Err(IngestError::NoText(
            "JSON object has no title or body field",
        ));
    }
    Ok(a)
}

/// Parses a `.json` file holding one article object.
pub fn parse_one(text: &str, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let v: Value = serde_json::from_str(text).map_err(|e| IngestError::Json(e.to_string()))?;
    article_from_value(v, warnings)
}

/// Parses a JSON Lines file: good lines become articles, bad lines are reported with
/// their line numbers.
pub fn parse_lines(text: &str, outcome: &mut ReadOutcome) -> Result<(), IngestError> {
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut warnings = Vec::new();
        let parsed = serde_json::from_str::<Value>(line)
            .map_err(|e| IngestError::Json(e.to_string()))
            .and_then(|v| article_from_value(v, &mut warnings));
        outcome
            .warnings
            .extend(warnings.into_iter().map(|w| Problem { line: Some(n), ..w }));
        match parsed {
            Ok(mut a) => {
                a.line = Some(n);
                outcome.articles.push(a);
            }
            Err(e) => outcome.line_errors.push(Problem {
                line: Some(n),
                message: e.to_string(),
            }),
        }
    }
    if outcome.articles.is_empty() && outcome.line_errors.is_empty() {
        return Err(IngestError::Empty);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_field_names() {
        let mut w = Vec::new();
        let a = parse_one(r#"{"headline":"H","text":"T body","published":"2016-03-08","publisher":"P","byline":["A","B"]}"#, &mut w).unwrap();
        assert_eq!((a.title.as_str(), a.body.as_str()), ("H", "T body"));
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2016-03-08");
        assert_eq!(a.source.as_deref(), Some("P"));
        assert_eq!(a.author.as_deref(), Some("A, B"));
        let b = parse_one(r#"{"title":"X","content":"C","publishedAt":"2019-01-02T03:04:05Z","source":{"id":null,"name":"Wire"},"url":"u"}"#, &mut w).unwrap();
        assert_eq!(b.source.as_deref(), Some("Wire"));
        assert_eq!(b.url.as_deref(), Some("u"));
        let c = parse_one(r#"{"Title":"X","Body":"B","pubDate":1448357400}"#, &mut w).unwrap();
        assert_eq!(c.date.unwrap().format("%F").to_string(), "2015-11-24");
        assert!(w.is_empty());
    }

    #[test]
    fn errors_are_reported() {
        let mut w = Vec::new();
        assert!(matches!(
            parse_one("[1,2]", &mut w),
            Err(IngestError::Json(_))
        ));
        assert!(matches!(
            parse_one("{\"title\": ", &mut w),
            Err(IngestError::Json(_))
        ));
        assert!(matches!(
            parse_one("{\"x\": 1}", &mut w),
            Err(IngestError::NoText(_))
        ));
        let deep = "[".repeat(10_000);
        assert!(parse_one(&deep, &mut w).is_err());
    }

    #[test]
    fn jsonl_keeps_good_lines_and_numbers_bad_ones() {
        let text = "{\"title\":\"a\",\"body\":\"x\"}\n\nnot json\n{\"title\":\"b\",\"body\":\"y\",\"date\":\"bogus\"}\n{\"nothing\":1}\n";
        let mut o = ReadOutcome::default();
        parse_lines(text, &mut o).unwrap();
        let titles: Vec<_> = o
            .articles
            .iter()
            .map(|a| (a.title.as_str(), a.line))
            .collect();
        assert_eq!(titles, vec![("a", Some(1)), ("b", Some(4))]);
        let bad: Vec<_> = o.line_errors.iter().map(|p| p.line).collect();
        assert_eq!(bad, vec![Some(3), Some(5)]);
        assert_eq!(o.warnings.len(), 1);
        assert_eq!(o.warnings[0].line, Some(4));
    }
}
