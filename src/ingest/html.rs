//! HTML pages, parsed with `scraper` (html5ever): title from `og:title`, `<title>` or
//! `<h1>`; date from `article:published_time`, `<time datetime>` and similar meta; body
//! from the paragraphs of `<article>` (or of the page), leaving out scripts, styles,
//! navigation, headers, footers and asides.

use super::{parse_date_field, Article, IngestError, Problem};
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

/// Text of an element without script/style/nav descendants, whitespace collapsed.
fn element_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        if let Some(t) = node.value().as_text() {
            let inside_skipped = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take_while(|a| a.id() != e.id())
                .any(|a| SKIPPED.contains(&a.value().name()));
            if !inside_skipped {
                out.push_str(t);
            }
        }
    }
    clean(&out)
}

/// Parses an HTML page into an article.
pub fn parse(text: &str, warnings: &mut Vec<Problem>) -> Result<Article, IngestError> {
    let doc = Html::parse_document(text);
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
    let paragraph_sel = sel("p, h2, h3, blockquote > p, li");
    let mut paras: Vec<String> = scope
        .select(&paragraph_sel)
        .filter(|p| !is_skipped(p))
        .filter(|p| {
            // A <p> inside a <blockquote> or <li> is reached twice; keep the innermost.
            !(p.value().name() == "li" && p.select(&sel("p")).next().is_some())
        })
        .map(element_text)
        .filter(|t| !t.is_empty())
        .collect();
    paras.dedup();
    if paras.is_empty() {
        let t = element_text(scope.select(&sel("body")).next().unwrap_or(scope));
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
}
