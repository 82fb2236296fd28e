//! HTML pages, parsed with `scraper` (html5ever): title from `og:title`, `<title>` or
//! `<h1>`; date from `article:published_time`, `<time datetime>` and similar meta; body
//! from the paragraphs of `<article>` (or of the page), leaving out scripts, styles,
//! navigation, headers, footers and asides.

use super::{parse_date_field, Article, IngestError, Problem};
use rustc_hash::FxHashMap;
use scraper::{ElementRef, Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector is valid")
}

fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta_content(doc: &Html, selectors: &[&str]) -> Option<String> {
    selectors.iter().find_map(|s| {
        doc.select(&sel(s))
            .filter_map(|e| {
                e.value()
                    .attr("content")
                    .or_else(|| e.value().attr("datetime"))
            })
            .map(clean)
            .find(|v| !v.is_empty())
    })
}

fn first_text(root: ElementRef<'_>, selector: &str) -> Option<String> {
    root.select(&sel(selector))
        .map(|e| clean(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

const SKIPPED: [&str; 8] = [
    "script", "style", "nav", "header", "footer", "aside", "noscript", "form",
];

fn is_skipped(e: &ElementRef<'_>) -> bool {
    e.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| SKIPPED.contains(&a.value().name()))
}

/// Elements whose text is one paragraph of the body.
const PARAGRAPHS: [&str; 4] = ["p", "h2", "h3", "li"];

/// Text of an element without script/style/nav descendants, whitespace collapsed; with
/// `own`, also without nested paragraphs (they are paragraphs of their own). One walk
/// with an explicit stack (no look at the ancestors, no recursion): linear in the size
/// of the subtree whatever its depth.
fn element_text(e: ElementRef<'_>, own: bool) -> String {
    let mut out = String::new();
    let mut stack = vec![*e];
    while let Some(node) = stack.pop() {
        match node.value() {
            scraper::Node::Text(t) => out.push_str(t),
            scraper::Node::Element(el)
                if node.id() != e.id()
                    && (SKIPPED.contains(&el.name())
                        || (own && PARAGRAPHS.contains(&el.name()))) =>
            {
                // Keep the words on either side apart.
                out.push(' ');
            }
            _ => stack.extend(node.children().rev()),
        }
    }
    clean(&out)
}

/// The paragraphs under `scope` in document order, each with its own text only, leaving
/// out skipped elements. One walk: each node is visited by it and by the text of its
/// nearest paragraph, so the cost is linear however deeply lists nest.
fn paragraphs(scope: ElementRef<'_>) -> Vec<String> {
    let mut paras = Vec::new();
    if is_skipped(&scope) {
        return paras;
    }
    let mut stack = vec![*scope];
    while let Some(node) = stack.pop() {
        if let Some(el) = ElementRef::wrap(node) {
            let name = el.value().name();
            if node.id() != scope.id() && SKIPPED.contains(&name) {
                continue;
            }
            if PARAGRAPHS.contains(&name) {
                let t = element_text(el, true);
                if !t.is_empty() {
                    paras.push(t);
                }
            }
        }
        stack.extend(node.children().rev());
    }
    paras
}

/// Elements nested deeper than this are flattened before parsing. html5ever checks the
/// stack of open elements on every start tag, so a page of deeply nested `<div>`s costs
/// time quadratic in its size (80k nested divs: tens of seconds); browsers cap the depth
/// too (Blink at 512).
pub const MAX_HTML_DEPTH: usize = 128;

/// Elements that never have content.
const VOID: [&str; 15] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements the parser closes when a sibling starts (an end tag may be left out, or a
/// heading ends an open heading): they do not nest by themselves, so they are neither
/// counted nor dropped, and paragraph and heading boundaries survive flattening.
const NOT_COUNTED: [&str; 28] = [
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rb",
    "rt", "rtc", "rp", "colgroup", "caption", "html", "head", "body", "frame", "h1", "h2", "h3",
    "h4", "h5", "h6",
];

/// Elements that close an open one of the same name instead of nesting in it.
const NOT_SELF_NESTING: [&str; 4] = ["a", "button", "form", "nobr"];

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Finds `needle` (ASCII, lower case) in `hay` from `from`, ignoring ASCII case.
fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    (from..hay.len().saturating_sub(needle.len() - 1)).find(|&i| {
        hay[i].to_ascii_lowercase() == first
            && hay[i..i + needle.len()].eq_ignore_ascii_case(needle)
    })
}

/// The end of the tag whose name ends at `i`: the index after its `>`, skipping quoted
/// attribute values, and whether it ends in `/>`.
fn tag_end(b: &[u8], mut i: usize) -> (usize, bool) {
    while i < b.len() {
        match b[i] {
            b'>' => return (i + 1, i > 0 && b[i - 1] == b'/'),
            b'=' => {
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    i = b[i + 1..]
                        .iter()
                        .position(|&c| c == q)
                        .map_or(b.len(), |p| i + 1 + p + 1);
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (b.len(), false)
}

/// Drops the start and end tags of elements nested deeper than `max` (their text is
/// kept), so that parsing stays linear whatever the nesting. A cheap scan of the tags,
/// not a parser: it only has to bound the depth html5ever will see. Returns the page
/// unchanged, without copying, when it is not that deep.
fn flatten_deep(html: &str, max: usize) -> Option<String> {
    let b = html.as_bytes();
    // Names of open elements (at most `max`), and of dropped start tags still open.
    let mut open: Vec<&str> = Vec::new();
    let mut dropped: FxHashMap<String, usize> = FxHashMap::default();
    let mut lower = String::new();
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(p) = b[i..].iter().position(|&c| c == b'<') {
        let start = i + p;
        let rest = &b[start + 1..];
        if rest.starts_with(b"!--") {
            i = find_ci(b, start + 4, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_at = start + 1 + usize::from(closing);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            // `<!doctype>`, `<?xml?>`, or a `<` in text.
            i = if matches!(rest.first(), Some(b'!' | b'?')) {
                tag_end(b, start + 1).0
            } else {
                start + 1
            };
            continue;
        }
        let name_end = b[name_at..]
            .iter()
            .position(|&c| c.is_ascii_whitespace() || c == b'/' || c == b'>')
            .map_or(b.len(), |p| name_at + p);
        // `name_at` and `name_end` sit next to ASCII bytes: both are char boundaries.
        let name = &html[name_at..name_end];
        let (end, self_closing) = tag_end(b, name_end);
        i = end;
        if closing {
            let d = if dropped.is_empty() {
                None
            } else {
                lower.clear();
                lower.extend(name.chars().map(|c| c.to_ascii_lowercase()));
                dropped.get_mut(&lower)
            };
            if let Some(d) = d {
                *d -= 1;
                if *d == 0 {
                    dropped.remove(&lower);
                }
                cut.push((start, end));
            } else if let Some(k) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                open.truncate(k);
            }
            continue;
        }
        if is_one_of(name, &RAW_TEXT) {
            let mut close = Vec::with_capacity(name.len() + 2);
            close.extend_from_slice(b"</");
            close.extend(name.bytes().map(|c| c.to_ascii_lowercase()));
            i = find_ci(b, end, &close).unwrap_or(b.len());
            continue;
        }
        if name.eq_ignore_ascii_case("plaintext") {
            break;
        }
        // `<x/>` closes itself only inside SVG or MathML.
        let foreign = || {
            open.iter()
                .any(|n| n.eq_ignore_ascii_case("svg") || n.eq_ignore_ascii_case("math"))
        };
        if is_one_of(name, &VOID) || is_one_of(name, &NOT_COUNTED) || (self_closing && foreign()) {
            continue;
        }
        if is_one_of(name, &NOT_SELF_NESTING) {
            // `<a>` in an open `<a>` closes it (and so on): not deeper.
            if let Some(k) = open.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
                open.truncate(k);
            }
        }
        if open.len() < max {
            open.push(name);
            continue;
        }
        cut.push((start, end));
        *dropped.entry(name.to_ascii_lowercase()).or_default() += 1;
    }
    if cut.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in cut {
        out.push_str(&html[at..s]);
        // Keep words on either side of a dropped tag apart.
        out.push(' ');
        at = e;
    }
    out.push_str(&html[at..]);
    Some(out)
}

/// Pages are handed to the parser in pieces of this size, checking for Ctrl-C between.
const PARSE_PIECE_BYTES: usize = 64 * 1024;

/// `Html::parse_document`, fed in pieces so that a parse can be stopped between them
/// when `stop()` says so.
fn parse_document(html: &str, stop: impl Fn() -> bool) -> Result<Html, IngestError> {
    use html5ever::tendril::{StrTendril, TendrilSink};
    let sink = scraper::HtmlTreeSink::new(Html::new_document());
    let mut parser = html5ever::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        if stop() {
            return Err(IngestError::Interrupted);
        }
        let mut cut = rest.len().min(PARSE_PIECE_BYTES);
        while !rest.is_char_boundary(cut) {
            cut += 1;
        }
        let (piece, tail) = rest.split_at(cut);
        parser.process(StrTendril::from_slice(piece));
        rest = tail;
    }
    Ok(parser.finish())
}

/// Parses an HTML page into an article.
pub fn parse(text: &str, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let flat = flatten_deep(text, MAX_HTML_DEPTH);
    if flat.is_some() {
        warnings.push(Problem {
            line: None,
            message: format!(
                "HTML nested deeper than {MAX_HTML_DEPTH} elements; the deeper tags were ignored and their text kept"
            ),
        });
    }
    let doc = parse_document(flat.as_deref().unwrap_or(text), super::is_cancelled)?;
    let root = doc.root_element();
    let mut a = Article {
        title: meta_content(
            &doc,
            &["meta[property='og:title']", "meta[name='twitter:title']"],
        )
        .or_else(|| first_text(root, "title"))
        .or_else(|| first_text(root, "h1"))
        .unwrap_or_default(),
        ..Article::default()
    };
    let date = meta_content(
        &doc,
        &[
            "meta[property='article:published_time']",
            "meta[property='og:published_time']",
            "meta[itemprop='datePublished']",
            "meta[name='date']",
            "meta[name='pubdate']",
            "meta[name='publishdate']",
            "meta[name='publish-date']",
            "meta[name='DC.date.issued']",
            "meta[name='dc.date']",
            "time[datetime]",
        ],
    )
    .or_else(|| first_text(root, "time"));
    if let Some(d) = date {
        a.date = parse_date_field(&d, warnings);
    }
    a.author = meta_content(
        &doc,
        &["meta[name='author']", "meta[property='article:author']"],
    )
    .or_else(|| first_text(root, "[rel='author']"))
    .or_else(|| first_text(root, ".byline"))
    .map(|s| {
        s.trim_start_matches("By ")
            .trim_start_matches("by ")
            .to_string()
    });
    a.source = meta_content(
        &doc,
        &["meta[property='og:site_name']", "meta[name='publisher']"],
    );
    a.url = meta_content(&doc, &["meta[property='og:url']"]).or_else(|| {
        doc.select(&sel("link[rel='canonical']"))
            .find_map(|e| e.value().attr("href").map(str::to_string))
    });

    // Body: the paragraphs of <article>, else of the whole page.
    let scope = doc.select(&sel("article")).next().unwrap_or(root);
    let mut paras = paragraphs(scope);
    paras.dedup();
    if paras.is_empty() {
        let t = element_text(scope.select(&sel("body")).next().unwrap_or(scope), false);
        if !t.is_empty() {
            paras.push(t);
        }
    }
    a.body = paras.join("\n\n");
    if a.body.is_empty() && a.title.is_empty() {
        return Err(IngestError::NoText("HTML page without title or paragraphs"));
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head>
<title>Site | Fallback title</title>
<meta property="og:title" content="Talks in Vienna stall">
<meta property="article:published_time" content="2015-07-14T08:00:00Z">
<meta name="author" content="Jane Roe">
<meta property="og:site_name" content="Newswire">
<link rel="canonical" href="https://example.org/vienna">
<style>p { color: red }</style><script>var x = "do not index";</script>
</head><body>
<nav><ul><li>Home</li><li>World</li></ul></nav>
<article><h1>Talks in Vienna stall</h1><p class="byline">By Jane Roe</p>
<p>VIENNA &mdash; Negotiators &ldquo;paused&rdquo; the talks.</p>
<script>track()</script>
<p>They will   meet again.</p></article>
<footer><p>Copyright</p></footer></body></html>"#;

    #[test]
    fn article_page() {
        let mut w = Vec::new();
        let a = parse(PAGE, &mut w).unwrap();
        assert_eq!(a.title, "Talks in Vienna stall");
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2015-07-14");
        assert_eq!(a.author.as_deref(), Some("Jane Roe"));
        assert_eq!(a.source.as_deref(), Some("Newswire"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/vienna"));
        assert!(
            a.body.contains("VIENNA — Negotiators “paused” the talks."),
            "{}",
            a.body
        );
        assert!(a.body.contains("They will meet again."));
        assert!(!a.body.contains("do not index"));
        assert!(!a.body.contains("track()"));
        assert!(!a.body.contains("Copyright"));
        assert!(!a.body.contains("Home"));
    }

    #[test]
    fn page_without_article_uses_time_and_paragraphs() {
        let page = r#"<html><head><title>Port traffic rises</title></head><body>
<div class="story"><time datetime="2019-05-02">May 2</time><p>SINGAPORE — Traffic rose.</p><p>Second.</p></div></body></html>"#;
        let a = parse(page, &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Port traffic rises");
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2019-05-02");
        assert_eq!(a.body, "SINGAPORE — Traffic rose.\n\nSecond.");
    }

    #[test]
    fn meta_name_date_and_h1_title() {
        let page = r#"<html><head><meta name="date" content="March 3, 2018"></head><body><h1>Headline here</h1><p>Text.</p></body></html>"#;
        let a = parse(page, &mut Vec::new()).unwrap();
        assert_eq!(a.title, "Headline here");
        assert_eq!(a.date.unwrap().format("%F").to_string(), "2018-03-03");
    }

    #[test]
    fn empty_page_is_an_error() {
        assert!(parse(
            "<html><body><script>x()</script></body></html>",
            &mut Vec::new()
        )
        .is_err());
    }

    /// The deepest element nesting of a parsed page.
    fn depth(page: &str) -> usize {
        let doc = Html::parse_document(page);
        let mut max = 0;
        let mut stack = vec![(doc.tree.root(), 0usize)];
        while let Some((n, d)) = stack.pop() {
            max = max.max(d);
            stack.extend(n.children().map(|c| (c, d + 1)));
        }
        max
    }

    #[test]
    fn deeply_nested_pages_are_flattened_and_keep_their_text() {
        // html5ever's work per tag grows with the depth: 80k nested <div>s took 38 s.
        let n = 5000;
        let page = format!(
            "<html><body>{}<p>Deep in Lagos.</p>{}<p>After it.</p></body></html>",
            (0..n)
                .map(|i| format!("<div><span><b>x</b></span><p>y{i}</p>"))
                .collect::<String>(),
            "</div>".repeat(n)
        );
        let flat = flatten_deep(&page, MAX_HTML_DEPTH).unwrap();
        assert!(depth(&flat) < MAX_HTML_DEPTH + 10, "{}", depth(&flat));
        let mut w = Vec::new();
        let a = parse(&page, &mut w).unwrap();
        assert!(a.body.starts_with("y0\n\ny1\n\n"));
        assert!(a.body.ends_with("y4999\n\nDeep in Lagos.\n\nAfter it."));
        // Every paragraph is kept, however deep.
        assert_eq!(a.body.matches('y').count(), n);
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("nested deeper than"),
            "{}",
            w[0].message
        );
    }

    #[test]
    fn ordinary_pages_are_not_copied_or_changed() {
        assert!(flatten_deep(PAGE, MAX_HTML_DEPTH).is_none());
        // Unclosed <p>, <li> and <a> do not nest; neither do tags in scripts, comments,
        // quoted attributes or self-closing SVG elements.
        let many = format!(
            "<body><script>{s}</script><!-- {s} --><div title='{s}'>{p}{a}<svg>{c}</svg></div>",
            s = "<div>".repeat(500),
            p = "<p>para <li>item ".repeat(500),
            a = "<a href=x>link ".repeat(500),
            c = "<circle r=1/>".repeat(500),
        );
        assert!(flatten_deep(&many, 50).is_none());
        let mut w = Vec::new();
        parse(&many, &mut w).unwrap();
        assert!(w.is_empty());
    }

    #[test]
    fn nested_lists_give_each_item_once() {
        let page = "<html><body><ul><li>Alpha<ul><li>Beta <p>Gamma</p></li></ul></li></ul>\
                    <blockquote><p>Delta</p></blockquote></body></html>";
        let a = parse(page, &mut Vec::new()).unwrap();
        assert_eq!(a.body, "Alpha\n\nBeta\n\nGamma\n\nDelta");
    }

    #[test]
    fn a_parse_in_pieces_is_the_same_and_can_be_stopped() {
        let page = format!(
            "<html><head><title>Zoë’s page</title></head><body>{}</body></html>",
            "<div><p>Ça va, Zoë? Harbor cranes in Mombasa.</p></div>\n".repeat(5000)
        );
        assert!(page.len() > 3 * PARSE_PIECE_BYTES);
        let whole = Html::parse_document(&page);
        let pieces = parse_document(&page, || false).unwrap();
        assert_eq!(whole.html(), pieces.html());
        // Stopped after the first piece.
        let calls = std::cell::Cell::new(0);
        let r = parse_document(&page, || {
            calls.set(calls.get() + 1);
            calls.get() > 1
        });
        assert!(matches!(r, Err(IngestError::Interrupted)));
        assert_eq!(calls.get(), 2);
    }
}
