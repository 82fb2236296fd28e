//! The archive on disk: each article rendered as .txt, .md, .json, .html or as .jsonl
//! batches in year/month folders of four parts, and the `Archive` listing them.

use super::{article, article_format, Article, Format, JSONL_BATCH};
use crate::world::World;
use anyhow::{Context, Result};
use chrono::Datelike;
use rayon::prelude::*;
use serde::Serialize;
use std::path::{Path, PathBuf};

fn html_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

#[derive(Serialize)]
struct Publisher<'a> {
    name: &'a str,
}

/// A .json file: schema.org-like field names.
#[derive(Serialize)]
struct JsonArticle<'a> {
    headline: &'a str,
    #[serde(rename = "datePublished")]
    date_published: String,
    publisher: Publisher<'a>,
    author: Vec<&'a str>,
    url: String,
    #[serde(rename = "articleBody")]
    article_body: String,
}

/// A .jsonl line: feed-like field names, the date as text or a Unix timestamp.
#[derive(Serialize)]
struct JsonlArticle<'a> {
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(rename = "publishedAt", skip_serializing_if = "Option::is_none")]
    published_at: Option<i64>,
    source: &'a str,
    author: &'a str,
    url: String,
    text: String,
}

fn render_single(fmt: Format, id: usize, a: &Article) -> Result<String> {
    let body = a.body();
    Ok(match fmt {
        Format::Txt => {
            let date = match a.style {
                0 => a.date.format("%d %b %Y").to_string(),
                1 => a.date.format("%Y-%m-%d").to_string(),
                2 => a.date.format("%B %-d, %Y").to_string(),
                3 => a.date.format("%a, %d %b %Y %H:%M:%S +0000").to_string(),
                _ => a.date.format("%Y/%m/%d").to_string(),
            };
            format!(
                "Title: {}\nDate: {date}\nSource: {}\nAuthor: {}\n\n{body}\n",
                a.title, a.source, a.author
            )
        }
        Format::Md => {
            let date = if a.style < 3 {
                a.date.format("%Y-%m-%d").to_string()
            } else {
                a.iso()
            };
            format!(
                "---\ntitle: \"{}\"\ndate: {date}\nsource: {}\nauthor: {}\nurl: {}\n---\n\n{body}\n",
                a.title,
                a.source,
                a.author,
                a.url(id)
            )
        }
        Format::Json => {
            let j = JsonArticle {
                headline: &a.title,
                date_published: if a.style < 3 {
                    a.iso()
                } else {
                    a.date.format("%Y-%m-%dT%H:%M:%S+00:00").to_string()
                },
                publisher: Publisher { name: a.source },
                author: vec![&a.author],
                url: a.url(id),
                article_body: body,
            };
            let mut s = serde_json::to_string_pretty(&j)?;
            s.push('\n');
            s
        }
        Format::Html => {
            let t = html_escape(&a.title);
            let mut s = String::with_capacity(body.len() + 1500);
            s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
            s.push_str(&format!(
                "<title>{t} | {src}</title>\n<meta property=\"og:title\" content=\"{t}\">\n\
                 <meta property=\"article:published_time\" content=\"{iso}\">\n\
                 <meta name=\"author\" content=\"{author}\">\n\
                 <link rel=\"stylesheet\" href=\"/static/site.css\">\n\
                 <script>window.dataLayer = window.dataLayer || []; dataLayer.push({{section: \"news\"}});</script>\n\
                 </head>\n<body>\n<header><a class=\"logo\" href=\"/\">{src}</a></header>\n\
                 <nav><ul><li><a href=\"/world/\">World</a></li><li><a href=\"/business/\">Business</a></li>\
                 <li><a href=\"/science/\">Science</a></li><li><a href=\"/sport/\">Sport</a></li></ul></nav>\n\
                 <article>\n<h1>{t}</h1>\n<time datetime=\"{iso}\">{pretty}</time>\n",
                src = html_escape(a.source),
                iso = a.iso(),
                author = html_escape(&a.author),
                pretty = a.date.format("%B %-d, %Y"),
            ));
            for p in &a.paragraphs {
                s.push_str("<p>");
                s.push_str(&html_escape(p));
                s.push_str("</p>\n");
            }
            s.push_str(&format!(
                "</article>\n<aside><h2>Most read</h2><ul><li><a href=\"/\">Markets close higher</a></li>\
                 <li><a href=\"/\">Weather warning issued</a></li></ul></aside>\n\
                 <footer><p>&copy; {} {}. All rights reserved.</p></footer>\n</body>\n</html>\n",
                a.date.year(),
                html_escape(a.source)
            ));
            s
        }
        Format::Jsonl => anyhow::bail!("a .jsonl file holds a batch: use render_jsonl"),
    })
}

fn render_jsonl(ids: &[usize], arts: &[Article]) -> Result<String> {
    let mut s = String::new();
    for (&id, a) in ids.iter().zip(arts) {
        let (date, published_at) = if a.style < 3 {
            (Some(a.iso()), None)
        } else {
            (None, Some(a.date.and_utc().timestamp()))
        };
        let line = JsonlArticle {
            title: &a.title,
            date,
            published_at,
            source: a.source,
            author: &a.author,
            url: a.url(id),
            text: a.body(),
        };
        s.push_str(&serde_json::to_string(&line)?);
        s.push('\n');
    }
    Ok(s)
}

/// A file to write: one article, or a batch in a .jsonl file.
#[derive(Clone, Debug)]
pub struct Unit {
    pub part: usize,
    pub format: Format,
    pub ids: Vec<usize>,
}

/// A file that was written.
#[derive(Clone, Debug)]
pub struct FileRec {
    /// Path relative to the archive root, '/'-separated.
    pub rel: String,
    pub unit: Unit,
    pub bytes: u64,
    pub text_bytes: u64,
    pub hash: u64,
}

/// Renders a unit; `rel` is its path when it is known already (rewrites).
fn render(
    w: &World,
    seed: u64,
    unit: &Unit,
    version: u64,
    rel: Option<&str>,
) -> Result<(String, String, u64)> {
    let arts: Vec<Article> = unit
        .ids
        .iter()
        .map(|&id| article(w, seed, id, version))
        .collect();
    let text_bytes = arts
        .iter()
        .map(|a| (a.title.len() + a.body().len()) as u64)
        .sum();
    let first = &arts[0];
    let folder = format!(
        "p{}/{}/{:02}",
        unit.part + 1,
        first.date.year(),
        first.date.month()
    );
    let (name, content) = match unit.format {
        Format::Jsonl => (
            format!("feed-{:07}.jsonl", unit.ids[0]),
            render_jsonl(&unit.ids, &arts)?,
        ),
        f => (
            format!("{}-{:07}.{}", first.slug(), unit.ids[0], f.ext()),
            render_single(f, unit.ids[0], first)?,
        ),
    };
    let rel = rel.map_or_else(|| format!("{folder}/{name}"), str::to_string);
    Ok((rel, content, text_bytes))
}

fn write(root: &Path, rel: &str, content: &str) -> Result<()> {
    let path = root.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))
}

/// The generated archive.
#[derive(Debug)]
pub struct Archive {
    pub root: PathBuf,
    pub parts: Vec<PathBuf>,
    /// Sorted by path.
    pub files: Vec<FileRec>,
    pub articles: usize,
}

impl Archive {
    pub fn raw_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }

    pub fn text_bytes(&self) -> u64 {
        self.files.iter().map(|f| f.text_bytes).sum()
    }

    /// Bytes and articles of the first `parts` parts.
    pub fn part_totals(&self, parts: usize) -> (u64, usize) {
        self.files
            .iter()
            .filter(|f| f.unit.part < parts)
            .fold((0, 0), |(b, a), f| (b + f.bytes, a + f.unit.ids.len()))
    }

    /// xxh3 over every path and content hash, in path order: equal digests mean
    /// byte-identical archives.
    pub fn digest(&self) -> String {
        let mut buf = Vec::new();
        for f in &self.files {
            buf.extend_from_slice(f.rel.as_bytes());
            buf.push(0);
            buf.extend_from_slice(&f.hash.to_le_bytes());
        }
        format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&buf))
    }

    /// The files rewritten by [`Archive::rewrite`]: every 100th, at least one.
    pub fn one_percent(&self) -> Vec<usize> {
        let picked: Vec<usize> = (0..self.files.len()).filter(|i| i % 100 == 50).collect();
        if picked.is_empty() {
            vec![0]
        } else {
            picked
        }
    }

    /// Rewrites the files at `which` with article content of `version` (0 is the
    /// original); returns their new total size.
    pub fn rewrite(&self, w: &World, seed: u64, which: &[usize], version: u64) -> Result<u64> {
        let sizes: Vec<Result<(u64, u64)>> = which
            .par_iter()
            .map(|&i| {
                let f = &self.files[i];
                let (rel, content, _) = render(w, seed, &f.unit, version, Some(&f.rel))?;
                write(&self.root, &rel, &content)?;
                Ok((
                    content.len() as u64,
                    xxhash_rust::xxh3::xxh3_64(content.as_bytes()),
                ))
            })
            .collect();
        let mut total = 0;
        for (k, s) in which.iter().zip(sizes) {
            let (bytes, hash) = s?;
            total += bytes;
            if version == 0 && hash != self.files[*k].hash {
                anyhow::bail!(
                    "restoring {} did not reproduce its original content: the generator is not deterministic",
                    self.files[*k].rel
                );
            }
        }
        Ok(total)
    }
}

/// Generates `n` articles in four parts under `root`.
pub fn generate(w: &World, seed: u64, n: usize, root: &Path) -> Result<Archive> {
    let mut units = Vec::new();
    for part in 0..4 {
        let (lo, hi) = (part * n / 4, (part + 1) * n / 4);
        let mut batch = Vec::new();
        for id in lo..hi {
            match article_format(seed, id) {
                Format::Jsonl => {
                    batch.push(id);
                    if batch.len() == JSONL_BATCH {
                        units.push(Unit {
                            part,
                            format: Format::Jsonl,
                            ids: std::mem::take(&mut batch),
                        });
                    }
                }
                format => units.push(Unit {
                    part,
                    format,
                    ids: vec![id],
                }),
            }
        }
        if !batch.is_empty() {
            units.push(Unit {
                part,
                format: Format::Jsonl,
                ids: batch,
            });
        }
    }
    let written: Vec<Result<FileRec>> = units
        .into_par_iter()
        .map(|unit| {
            let (rel, content, text_bytes) = render(w, seed, &unit, 0, None)?;
            write(root, &rel, &content)?;
            Ok(FileRec {
                rel,
                unit,
                bytes: content.len() as u64,
                text_bytes,
                hash: xxhash_rust::xxh3::xxh3_64(content.as_bytes()),
            })
        })
        .collect();
    let mut files = written.into_iter().collect::<Result<Vec<_>>>()?;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Archive {
        root: root.to_path_buf(),
        parts: (1..=4).map(|p| root.join(format!("p{p}"))).collect(),
        files,
        articles: n,
    })
}
