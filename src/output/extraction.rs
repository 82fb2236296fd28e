//! The printers of `newsdex extract`: the JSON Lines record of one article and the
//! text form.

use super::{sanitize_line, sanitize_path};
use serde::Serialize;
use std::io::{self, Write};

/// One article's extraction, as `extract --jsonl` prints it.
#[derive(Serialize)]
pub struct ExtractRecord<'a> {
    /// The file, as given or walked.
    pub doc: String,
    /// The line of a JSON Lines file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The article id.
    pub id: &'a str,
    /// The title.
    pub title: &'a str,
    /// The publication date, YYYY-MM-DD.
    pub date: Option<String>,
    /// Mentions with character offsets into the file's text.
    pub mentions: Vec<serde_json::Value>,
    /// Quotations with speakers and character offsets: direct quotations, which stand
    /// as speech of their own.
    pub quotes: Vec<serde_json::Value>,
    /// A few words quoted inside the writer's own sentence, with the speaker the
    /// sentence names ("Hale called the budget “a betrayal”"), in the same form.
    pub partial_quotes: Vec<serde_json::Value>,
    /// The facet sets.
    pub facets: serde_json::Value,
}

/// The text form of `extract`: the article's place, title, entities and quotations.
pub fn extract_text(
    out: &mut impl Write,
    path: &std::path::Path,
    art: &crate::ingest::Article,
    e: &crate::extract::Entities,
) -> io::Result<()> {
    writeln!(
        out,
        "{}{}",
        sanitize_path(path),
        art.line.map(|l| format!(":{l}")).unwrap_or_default()
    )?;
    writeln!(out, "  title:     {}", sanitize_line(&art.title))?;
    let c: Vec<String> = e
        .countries
        .iter()
        .map(|c| format!("{} ({})", c.name, c.code))
        .collect();
    for (label, v) in [
        ("people", &e.people),
        ("speakers", &e.speakers),
        ("orgs", &e.orgs),
        ("places", &e.places),
        ("countries", &c),
    ] {
        writeln!(
            out,
            "  {:<10} {}",
            format!("{label}:"),
            sanitize_line(&v.join("; "))
        )?;
    }
    for q in &e.quotes {
        writeln!(
            out,
            "  {:<10} “{}” — {}",
            if q.partial { "partial:" } else { "quote:" },
            sanitize_line(q.text.trim()),
            sanitize_line(q.speaker.as_deref().unwrap_or("(unattributed)"))
        )?;
    }
    writeln!(out)
}
