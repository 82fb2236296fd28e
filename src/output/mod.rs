//! Output: the text and JSON writers. The only code that prints results.

use crate::index::Summary;
use crate::search::lookup::{ShowArticle, Stats};
use crate::search::{FacetCount, Hit, Results};
use serde::Serialize;
use std::io::{self, Write};

mod extraction;

pub use extraction::{extract_text, ExtractRecord};

/// ANSI styling, on only when asked for (TTY, no NO_COLOR, or --color always).
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Whether to write ANSI escapes (bold titles and names, highlighted matches).
    color: bool,
}

/// When to use colors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorMode {
    /// When standard output is a terminal and `NO_COLOR` is unset or empty.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl Style {
    /// The style for a color mode, looking at the terminal for [`ColorMode::Auto`].
    pub fn for_mode(mode: ColorMode) -> Style {
        use std::io::IsTerminal;
        let color = match mode {
            ColorMode::Always => true,
            ColorMode::Never => false,
            ColorMode::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        };
        Style { color }
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }
    fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }
    fn hl(&self, s: &str) -> String {
        if self.color {
            self.paint("1;31", s)
        } else {
            format!("[{s}]")
        }
    }
}

/// Bidirectional embeddings, overrides and isolates: they reorder the text that follows
/// them on screen (U+202E shows `txt.exe` as `exe.txt`).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Makes untrusted text safe for a terminal, keeping its line breaks: control
/// characters (C0, DEL, C1: terminal escapes) become spaces and bidi controls are
/// dropped. For text shown as a block, such as an article body.
pub fn sanitize(s: &str) -> String {
    clean(s, true)
}

/// [`sanitize`] for text shown on one line (titles, paths, names, snippets): a line
/// break becomes a space too, so a value cannot forge lines of output.
pub fn sanitize_line(s: &str) -> String {
    clean(s, false)
}

/// A path as `newsdex: PATH: reason` lines show it: a file name can hold any byte.
pub fn sanitize_path(p: &std::path::Path) -> String {
    clean(&p.to_string_lossy(), false)
}

fn clean(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| {
            if c.is_control() && !(keep_newlines && c == '\n') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Writes JSON like `serde_json`'s compact form, but with C1 controls, bidi controls and
/// line/paragraph separators escaped as `\uXXXX` too: serde_json escapes only C0, and
/// JSON output is read on terminals as well as by programs. Lossless either way.
struct TerminalSafe;

impl serde_json::ser::Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every character escaped here is outside ASCII.
        if fragment.is_ascii() {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            let escape = matches!(
                c,
                '\u{80}'
                    ..='\u{9F}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}'
            ) || is_bidi_control(c);
            if escape {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

/// Writes a value as one line of JSON, as `serde_json` writes it compactly but with C1
/// controls, bidi controls and line/paragraph separators escaped as `\uXXXX` too, so
/// that JSON read on a terminal cannot restyle or reorder it. Lossless either way.
pub fn write_json<T: Serialize>(out: &mut impl Write, v: &T) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, TerminalSafe);
    v.serialize(&mut ser)?;
    writeln!(out)
}

fn highlight(style: Style, text: &str, ranges: &[[usize; 2]]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let piece = |a: usize, b: usize| sanitize_line(&chars[a..b].iter().collect::<String>());
    let mut out = String::new();
    let mut pos = 0;
    for &[s, e] in ranges {
        if s < pos || e < s || e > chars.len() {
            continue;
        }
        out.push_str(&piece(pos, s));
        // Sanitized before painting: the highlight's own escapes must survive.
        out.push_str(&style.hl(&piece(s, e)));
        pos = e;
    }
    out.push_str(&piece(pos, chars.len()));
    out
}

fn list(values: &[String], max: usize) -> String {
    let mut s = values
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join("; ");
    if values.len() > max {
        s.push_str(&format!("; +{}", values.len() - max));
    }
    sanitize_line(&s)
}

fn hit_text(out: &mut impl Write, style: Style, h: &Hit) -> io::Result<()> {
    let date = h.date.as_deref().unwrap_or("(no date)");
    writeln!(
        out,
        "{:>3}. {}  {}",
        h.rank,
        style.dim(date),
        style.bold(&sanitize_line(&h.title))
    )?;
    writeln!(out, "     {}  {}", style.dim(&h.id), sanitize_line(&h.path))?;
    if !h.snippet.is_empty() {
        writeln!(out, "     {}", highlight(style, &h.snippet, &h.highlights))?;
    }
    for q in &h.quotes {
        let who = q.speaker.as_deref().unwrap_or("(unattributed)");
        writeln!(
            out,
            "     “{}” — {}",
            sanitize_line(q.text.trim()),
            style.bold(&sanitize_line(who))
        )?;
    }
    let e = &h.entities;
    let mut facts = Vec::new();
    if !e.speakers.is_empty() {
        facts.push(format!("speakers: {}", list(&e.speakers, 5)));
    }
    if !e.countries.is_empty() {
        facts.push(format!("countries: {}", list(&e.countries, 6)));
    }
    if !facts.is_empty() {
        writeln!(out, "     {}", facts.join("  |  "))?;
    }
    writeln!(out)
}

fn facet_block(
    out: &mut impl Write,
    style: Style,
    title: &str,
    counts: &[FacetCount],
) -> io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let items: Vec<String> = counts
        .iter()
        .map(|c| format!("{} ({})", sanitize_line(&c.value), c.count))
        .collect();
    writeln!(out, "  {:<10} {}", style.bold(title), items.join("; "))
}

const FACET_TITLES: [(&str, &str); 5] = [
    ("person", "people"),
    ("speaker", "speakers"),
    ("country", "countries"),
    ("place", "places"),
    ("org", "orgs"),
];

/// Prints search results as text.
pub fn search_text(out: &mut impl Write, style: Style, r: &Results) -> io::Result<()> {
    for f in &r.filters {
        let matched = f.matched.join("; ");
        if f.matched.len() != 1
            || crate::extract::fold::fold(&f.matched[0]) != crate::extract::fold::fold(&f.value)
        {
            writeln!(
                out,
                "{}",
                style.dim(&format!(
                    "--{} {:?} matched: {}",
                    f.filter,
                    f.value,
                    sanitize_line(&matched)
                ))
            )?;
        }
    }
    if r.total == 0 {
        writeln!(out, "no articles match")?;
        return Ok(());
    }
    for h in &r.hits {
        hit_text(out, style, h)?;
    }
    results_footer(out, style, r, "article")
}

/// The closing lines of `search` and `quotes`: how many match and which are shown, the
/// facet counts, and the histogram if asked for.
fn results_footer(out: &mut impl Write, style: Style, r: &Results, noun: &str) -> io::Result<()> {
    let plural = if r.total == 1 { "" } else { "s" };
    let shown = if r.hits.is_empty() {
        format!(
            "{} {noun}{plural} match (none shown at offset {})",
            r.total, r.offset
        )
    } else {
        format!(
            "{} {noun}{plural} match (showing {}–{})",
            r.total,
            r.offset + 1,
            r.offset + r.hits.len()
        )
    };
    writeln!(out, "{}", style.bold(&shown))?;
    for (root, title) in FACET_TITLES {
        if let Some(c) = r.facets.get(root) {
            facet_block(out, style, title, c)?;
        }
    }
    if let Some(h) = &r.histogram {
        histogram_text(out, style, h)?;
    }
    Ok(())
}

/// Prints `quotes` results: each quotation in full with speaker, date, article and context.
pub fn quotes_text(out: &mut impl Write, style: Style, r: &Results) -> io::Result<()> {
    for f in &r.filters {
        writeln!(
            out,
            "{}",
            style.dim(&format!(
                "--{} {:?} matched: {}",
                f.filter,
                f.value,
                sanitize_line(&f.matched.join("; "))
            ))
        )?;
    }
    if r.total == 0 {
        return writeln!(out, "no quotations match");
    }
    for h in &r.hits {
        let Some(q) = &h.quote else { continue };
        let who = q.speaker.as_deref().unwrap_or("(unattributed)");
        writeln!(
            out,
            "{:>3}. {}  {}",
            h.rank,
            style.dim(h.date.as_deref().unwrap_or("(no date)")),
            style.bold(&sanitize_line(who))
        )?;
        let text = sanitize_line(q.text.trim());
        writeln!(out, "     “{text}”")?;
        writeln!(
            out,
            "     {} {}  {}",
            style.dim("in"),
            sanitize_line(&h.title),
            style.dim(&q.article_id)
        )?;
        if !q.context.is_empty() && q.context.trim() != q.text.trim() {
            writeln!(
                out,
                "     {} {}",
                style.dim("context:"),
                sanitize_line(&q.context)
            )?;
        }
        writeln!(out)?;
    }
    results_footer(out, style, r, "quotation")
}

/// Widest chart drawn, whatever `COLUMNS` says: bars are built in memory, and a width
/// in the millions would cost gigabytes.
const MAX_WIDTH: usize = 1000;

/// The terminal's width: `COLUMNS` (40 to 1000), else 80.
fn term_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok())
        .filter(|&w| w >= 40)
        .map_or(80, |w| w.min(MAX_WIDTH))
}

/// Prints a histogram as bars, and its `--by` series as rows.
pub fn histogram_text(
    out: &mut impl Write,
    style: Style,
    h: &crate::search::Histogram,
) -> io::Result<()> {
    writeln!(out)?;
    let by =
        h.by.as_deref()
            .map(|b| format!(" by {b}"))
            .unwrap_or_default();
    writeln!(
        out,
        "{}",
        style.bold(&format!("articles per {:?}{by}", h.period).to_lowercase())
    )?;
    if h.series.is_empty() {
        write!(
            out,
            "{}",
            crate::search::timeline::render_bars(&h.buckets, term_width())
        )
    } else {
        let rows: Vec<(String, Vec<crate::search::timeline::Bucket>)> =
            std::iter::once(("(all)".to_string(), h.buckets.clone()))
                .chain(
                    h.series
                        .iter()
                        .map(|s| (sanitize_line(&s.value), s.buckets.clone())),
                )
                .collect();
        write!(
            out,
            "{}",
            crate::search::timeline::render_rows(&rows, term_width())
        )
    }
}

/// Prints one article for `show`.
pub fn show_text(out: &mut impl Write, style: Style, a: &ShowArticle) -> io::Result<()> {
    let h = &a.hit;
    writeln!(out, "{}", style.bold(&sanitize_line(&h.title)))?;
    writeln!(out, "  id:        {}", h.id)?;
    writeln!(out, "  path:      {}", sanitize_line(&h.path))?;
    writeln!(
        out,
        "  date:      {}",
        h.date.as_deref().unwrap_or("(none)")
    )?;
    for (label, v) in [
        ("source", &h.source),
        ("author", &a.author),
        ("url", &a.url),
    ] {
        if let Some(v) = v {
            writeln!(out, "  {label:<10} {}", sanitize_line(v))?;
        }
    }
    let e = &h.entities;
    for (label, v) in [
        ("people", &e.people),
        ("speakers", &e.speakers),
        ("countries", &e.countries),
        ("places", &e.places),
        ("orgs", &e.orgs),
    ] {
        if !v.is_empty() {
            writeln!(out, "  {:<10} {}", format!("{label}:"), list(v, usize::MAX))?;
        }
    }
    if !a.quotes.is_empty() {
        writeln!(out, "\n{}", style.bold("Quotes"))?;
        for q in &a.quotes {
            let text = &q.text;
            let speaker = q.speaker.as_deref().unwrap_or("(unattributed)");
            writeln!(
                out,
                "  {} — {}",
                sanitize_line(&format!("“{}”", text.trim())),
                style.bold(&sanitize_line(speaker))
            )?;
        }
    }
    writeln!(out, "\n{}", sanitize(&a.body))
}

/// Prints `stats` as text.
pub fn stats_text(out: &mut impl Write, style: Style, s: &Stats) -> io::Result<()> {
    writeln!(out, "{} {}", style.bold("index:"), sanitize_line(&s.index))?;
    writeln!(out, "{} {}", style.bold("documents:"), s.documents)?;
    if let (Some(a), Some(b)) = (&s.first_date, &s.last_date) {
        writeln!(
            out,
            "{} {a} … {b} ({} undated)",
            style.bold("dates:"),
            s.undated
        )?;
    }
    for (root, title) in FACET_TITLES {
        if let Some(c) = s.facets.get(root) {
            facet_block(out, style, title, c)?;
        }
    }
    Ok(())
}

/// Prints the closing summary of `index` on stderr.
pub fn summary_text(out: &mut impl Write, s: &Summary) -> io::Result<()> {
    let mb = s.bytes_read as f64 / 1e6;
    write!(
        out,
        "{}indexed {} articles from {} files ({} new, {} updated, {} unchanged, {} deleted) in {:.2}s ({:.1} MB/s, {:.0} articles/s)",
        if s.interrupted { "interrupted: committed what was done; run the same command again to finish. " } else { "" },
        s.articles_indexed,
        s.files_new + s.files_updated,
        s.files_new,
        s.files_updated,
        s.files_unchanged,
        s.files_deleted,
        s.seconds,
        mb / s.seconds.max(1e-6),
        s.articles_indexed as f64 / s.seconds.max(1e-6)
    )?;
    if s.files_skipped > 0 {
        let reasons: Vec<String> = s
            .skipped_by_reason
            .iter()
            .map(|(r, n)| format!("{n} {r}"))
            .collect();
        write!(
            out,
            "; skipped {} files ({})",
            s.files_skipped,
            reasons.join(", ")
        )?;
    }
    if s.bad_lines > 0 {
        write!(out, "; {} bad JSONL lines", s.bad_lines)?;
    }
    if s.warnings > 0 {
        write!(out, "; {} warnings", s.warnings)?;
    }
    writeln!(out, "; {} documents in the index", s.documents_in_index)
}

/// Prints `related` as one block per entity type.
pub fn related_text(
    out: &mut impl Write,
    style: Style,
    r: &crate::search::related::Related,
) -> io::Result<()> {
    writeln!(
        out,
        "{} ({}) — {} of {} articles",
        style.bold(&sanitize_line(&r.matched.join("; "))),
        r.root,
        r.articles,
        r.scope
    )?;
    for (root, title) in [
        ("person", "people"),
        ("org", "orgs"),
        ("country", "countries"),
        ("place", "places"),
    ] {
        let Some(items) = r.groups.get(root).filter(|i| !i.is_empty()) else {
            continue;
        };
        writeln!(out, "\n  {}", style.bold(title))?;
        let w = items
            .iter()
            .map(|i| i.value.chars().count())
            .max()
            .unwrap_or(0)
            .min(40);
        for i in items {
            let name: String = i.value.chars().take(40).collect();
            writeln!(
                out,
                "    {:<w$}  {:>4} together  lift {:>5.1}",
                sanitize_line(&name),
                i.count,
                i.lift
            )?;
        }
    }
    Ok(())
}

/// The text report of `check`: one line per problem (what to do follows as the error).
pub fn check_text(out: &mut impl Write, r: &crate::index::check::Report) -> io::Result<()> {
    if r.is_healthy() {
        writeln!(
            out,
            "the index at {} is healthy: {} files checked",
            r.index, r.files_checked
        )?;
        return Ok(());
    }
    for p in &r.problems {
        writeln!(out, "{}: {}", p.path, p.problem)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = "a\x1b[2Jb\u{9b}31mc\u{202e}txt.exe\u{2066}\r\nnewsdex: forged\u{7}";

    #[test]
    fn untrusted_text_loses_escapes_bidi_controls_and_line_breaks() {
        let line = sanitize_line(EVIL);
        assert_eq!(line, "a [2Jb 31mctxt.exe  newsdex: forged ");
        assert!(!line.chars().any(|c| c.is_control()));
        // Block text keeps its line breaks, nothing else.
        assert_eq!(sanitize(EVIL), "a [2Jb 31mctxt.exe \nnewsdex: forged ");
        assert_eq!(
            sanitize_path(std::path::Path::new("in/\x1b]0;x\x07\n.txt")),
            "in/ ]0;x  .txt"
        );
    }

    #[test]
    fn json_escapes_c1_and_bidi_controls_losslessly() {
        let mut out = Vec::new();
        write_json(
            &mut out,
            &serde_json::json!({ "title": EVIL, "ok": "Zoë “q” \u{200e}"}),
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(r#"a\u001b[2Jb\u009b31mc\u202etxt.exe\u2066\r\nnewsdex: forged\u0007"#),
            "{text}"
        );
        assert!(text.contains(r#"Zoë “q” \u200e"#), "{text}");
        assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        assert!(text.ends_with("}\n") && text.matches('\n').count() == 1);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["title"], EVIL);
    }

    #[test]
    fn highlights_keep_their_colour_codes() {
        let s = highlight(Style { color: true }, "x\x1by Oslo", &[[4, 8]]);
        assert_eq!(s, "x y \x1b[1;31mOslo\x1b[0m");
    }
}
