//! Gazetteers: case-insensitive multi-token lookup over token sequences.
//!
//! Entries are tokenized with the same tokenizer as the text, lower-cased and hashed
//! token by token; a sequence hash maps to a bit set of categories. Matching walks
//! each sentence start with a rolling hash and stops as soon as the prefix is unknown.

use crate::extract::gazetteer::{lines, split_byte, trim};
use crate::extract::ner::features::{lower_hash, NO_WORD};
use crate::extract::ner::hash;
use crate::extract::ner::tokenize::{tokenize, Sentence, Token};
use rustc_hash::{FxHashMap, FxHashSet};

/// Gazetteer categories (bit index).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum GazCategory {
    /// A country name or alias from `countries.tsv` (`"Germany"`, `"UAE"`).
    Country = 0,
    /// A demonym from `countries.tsv` (`"German"`, `"Emiratis"`).
    Demonym = 1,
    /// A city name, ASCII name or alternate name from `cities.tsv`.
    City = 2,
    /// A subdivision name or alias from `regions.tsv` (`"Bavaria"`, `"Texas"`).
    Region = 3,
    /// A given name from `first_names.txt`.
    FirstName = 4,
    /// A surname from `surnames.txt` with census rank up to `COMMON_SURNAME_RANK`.
    Surname = 5,
    /// An organization name or alias from `org_aliases.tsv` (`"ANC"`).
    OrgAlias = 6,
    /// A title or honorific from `titles.txt` (`"President"`, `"Dr"`).
    Title = 7,
    /// A given name from `first_names_extra.txt` (names outside the main list).
    FirstNameExtra = 8,
    /// A rarer surname: rank above `COMMON_SURNAME_RANK`, or from `surnames_extra.txt`.
    SurnameRare = 9,
    /// A place name used for an institution, from `metonyms.tsv` (`"Bercy"`).
    Metonym = 10,
    /// A city of at least `BIG_CITY_POP` people (also `City`).
    BigCity = 11,
    /// A national capital from the `capital` column of `countries.tsv`.
    Capital = 12,
}

/// Number of [`GazCategory`] values; category bits are `0..N_GAZ`.
pub const N_GAZ: usize = 13;
const PREFIX_BIT: u16 = 1 << 15;
/// Longest entry matched, in tokens; longer entries are not added.
const MAX_GAZ_TOKENS: usize = 6;
/// Surnames with a census rank above this go to `SurnameRare`.
pub const COMMON_SURNAME_RANK: u32 = 10_000;
/// Cities with at least this population also get `BigCity`.
pub const BIG_CITY_POP: u64 = 250_000;

/// Contents (not paths) of the gazetteer files; any may be empty.
/// Files start with a `# col1<TAB>col2...` header naming the columns.
#[derive(Clone, Copy, Debug, Default)]
pub struct GazetteerFiles<'a> {
    /// `countries.tsv`: `name`, `aliases(|)`, `demonyms(|)`, `capital` columns.
    pub countries: &'a str,
    /// `cities.tsv`: `name`, `ascii_name`, `alt_names(|)`, `population` columns.
    pub cities: &'a str,
    /// `regions.tsv`: `name`, `aliases(|)` columns.
    pub regions: &'a str,
    /// `first_names.txt`: one given name a line, first (`name`) column.
    pub first_names: &'a str,
    /// `surnames.txt`: `name` and census `rank` columns.
    pub surnames: &'a str,
    /// `org_aliases.tsv`: `name`, `aliases(|)` columns.
    pub org_aliases: &'a str,
    /// `titles.txt`: one title a line, first column (`"President"`, `"Dr."`).
    pub titles: &'a str,
    /// `first_names_extra.txt`: more given names, a separate category.
    pub first_names_extra: &'a str,
    /// `surnames_extra.txt`: more surnames, all [`GazCategory::SurnameRare`].
    pub surnames_extra: &'a str,
    /// `metonyms.tsv`: `metonym`, `aliases(|)` columns.
    pub metonyms: &'a str,
}

/// The gazetteer lookup table: lower-cased token-sequence hashes (and their prefixes)
/// mapped to a bit set of [`GazCategory`], with a fingerprint of everything added.
/// Built once per process (see [`super::global`]) and read by every tagging call.
#[derive(Clone, Debug, Default)]
pub struct Gazetteers {
    map: FxHashMap<u64, u16>,
    /// The one-token sequence hash of the first word of every `Title` entry: a match
    /// starting on a word without capitals is a title and starts with one of these
    /// (a set small enough to stay in cache, unlike `map`).
    title_first: FxHashSet<u64>,
    max_len: usize,
    n_entries: usize,
    fingerprint: u64,
    toks: Vec<Token>,
    sents: Vec<Sentence>,
}

#[inline]
fn seq_start() -> u64 {
    0x2545_f491_4f6c_dd1d
}

/// A parsed TSV: column names from the `# ` header line (annotations like
/// `aliases(|)` and the trailing ` -- source` note stripped) and the data rows.
struct Tsv<'a> {
    cols: Vec<String>,
    /// the fields of every data row, row after row (one allocation, not one a row)
    fields: Vec<&'a str>,
    /// per data row: the end of its fields in `fields`
    ends: Vec<usize>,
}

fn parse_tsv(contents: &str) -> Tsv<'_> {
    let mut cols = Vec::new();
    let (mut fields, mut ends) = (Vec::new(), Vec::new());
    for (n, line) in lines(contents).enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(h) = line.strip_prefix('#') {
            if n == 0 {
                let h = h.split(" -- ").next().unwrap_or("");
                cols = h
                    .split('\t')
                    .map(|c| {
                        c.trim()
                            .split('(')
                            .next()
                            .unwrap_or("")
                            .trim()
                            .to_ascii_lowercase()
                    })
                    .collect();
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        // the fields of `line.split('\t')`, found a byte at a time (a tab is one byte)
        let mut a = 0;
        for (k, &b) in line.as_bytes().iter().enumerate() {
            if b == b'\t' {
                fields.push(&line[a..k]);
                a = k + 1;
            }
        }
        fields.push(&line[a..]);
        ends.push(fields.len());
    }
    Tsv { cols, fields, ends }
}

impl<'a> Tsv<'a> {
    /// The data rows, each as its fields.
    fn rows(&self) -> impl Iterator<Item = &[&'a str]> {
        let mut a = 0;
        self.ends.iter().map(move |&e| {
            let row = &self.fields[a..e];
            a = e;
            row
        })
    }

    fn col(&self, names: &[&str]) -> Option<usize> {
        self.cols.iter().position(|c| names.contains(&c.as_str()))
    }
    fn get(row: &[&'a str], c: Option<usize>) -> &'a str {
        trim(c.and_then(|c| row.get(c).copied()).unwrap_or(""))
    }
}

impl Gazetteers {
    /// No gazetteers (all gazetteer features off).
    pub fn empty() -> Self {
        Self::default()
    }

    /// Build from file contents (see `GazetteerFiles`).
    pub fn from_files(f: &GazetteerFiles) -> Self {
        use GazCategory::*;
        let mut g = Self::default();

        // countries: name, aliases(|) -> Country; demonyms(|) -> Demonym; capital -> Capital
        let t = parse_tsv(f.countries);
        let (cn, ca, cd, cc) = (
            t.col(&["name"]),
            t.col(&["aliases"]),
            t.col(&["demonyms"]),
            t.col(&["capital"]),
        );
        let cn = cn.or(Some(0));
        for r in t.rows() {
            g.add(Country, Tsv::get(r, cn));
            g.add_multi(Country, Tsv::get(r, ca));
            g.add_multi(Demonym, Tsv::get(r, cd));
            g.add(Capital, Tsv::get(r, cc));
        }
        // cities: name, ascii_name, alt_names(|) -> City (+ BigCity by population)
        let t = parse_tsv(f.cities);
        let (cn, cas, calt, cp) = (
            t.col(&["name"]).or(Some(0)),
            t.col(&["ascii_name"]),
            t.col(&["alt_names"]),
            t.col(&["population"]),
        );
        for r in t.rows() {
            let pop: u64 = Tsv::get(r, cp).parse().unwrap_or(0);
            let cats: &[GazCategory] = if pop >= BIG_CITY_POP {
                &[City, BigCity]
            } else {
                &[City]
            };
            for &c in cats {
                g.add(c, Tsv::get(r, cn));
                g.add(c, Tsv::get(r, cas));
                g.add_multi(c, Tsv::get(r, calt));
            }
        }
        // regions: name, aliases(|)
        let t = parse_tsv(f.regions);
        let (cn, ca) = (t.col(&["name"]).or(Some(0)), t.col(&["aliases"]));
        for r in t.rows() {
            g.add(Region, Tsv::get(r, cn));
            g.add_multi(Region, Tsv::get(r, ca));
        }
        for (txt, cat) in [
            (f.first_names, FirstName),
            (f.first_names_extra, FirstNameExtra),
        ] {
            let t = parse_tsv(txt);
            let cn = t.col(&["name"]).or(Some(0));
            for r in t.rows() {
                g.add(cat, Tsv::get(r, cn));
            }
        }
        let t = parse_tsv(f.surnames);
        let (cn, cr) = (t.col(&["name"]).or(Some(0)), t.col(&["rank"]));
        for r in t.rows() {
            let rank: u32 = Tsv::get(r, cr).parse().unwrap_or(0);
            let cat = if rank > COMMON_SURNAME_RANK {
                SurnameRare
            } else {
                Surname
            };
            g.add(cat, Tsv::get(r, cn));
        }
        let t = parse_tsv(f.surnames_extra);
        let cn = t.col(&["name"]).or(Some(0));
        for r in t.rows() {
            g.add(SurnameRare, Tsv::get(r, cn));
        }
        for (txt, cat, names) in [
            (f.org_aliases, OrgAlias, &["name"][..]),
            (f.metonyms, Metonym, &["metonym", "name"][..]),
            (f.titles, Title, &["title", "name"][..]),
        ] {
            let t = parse_tsv(txt);
            let (cn, ca) = (t.col(names).or(Some(0)), t.col(&["aliases"]));
            for r in t.rows() {
                g.add(cat, Tsv::get(r, cn));
                g.add_multi(cat, Tsv::get(r, ca));
            }
        }
        g
    }

    /// Number of entries accepted by [`Gazetteers::add`] (each name or alias in each
    /// category; a repeat counts again).
    pub fn len(&self) -> usize {
        self.n_entries
    }

    /// True when nothing was added, as with [`Gazetteers::empty`].
    pub fn is_empty(&self) -> bool {
        self.n_entries == 0
    }

    /// Order-sensitive fingerprint of everything added (stored in the model file).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// One entry per line (first tab-separated field; `#` lines are comments).
    pub fn add_list(&mut self, cat: GazCategory, contents: &str) {
        for line in lines(contents) {
            let line = trim(line);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            self.add(cat, split_byte(line, b'\t').next().unwrap_or(""));
        }
    }

    /// Several entries separated by `|`.
    pub fn add_multi(&mut self, cat: GazCategory, field: &str) {
        for name in split_byte(field, b'|') {
            self.add(cat, trim(name));
        }
    }

    /// Add one entry (tokenized like text, matched case-insensitively).
    pub fn add(&mut self, cat: GazCategory, name: &str) {
        if name.is_empty() || !name.chars().any(|c| c.is_alphabetic()) {
            return;
        }
        let mut toks = std::mem::take(&mut self.toks);
        if name.bytes().all(|b| b.is_ascii_alphabetic() || b == b' ') {
            // fast path: plain words separated by spaces
            toks.clear();
            let mut st = None;
            for (k, b) in name.bytes().enumerate() {
                match (b == b' ', st) {
                    (false, None) => st = Some(k),
                    (true, Some(a)) => {
                        toks.push(Token { start: a, end: k });
                        st = None;
                    }
                    _ => {}
                }
            }
            if let Some(a) = st {
                toks.push(Token {
                    start: a,
                    end: name.len(),
                });
            }
        } else {
            let mut sents = std::mem::take(&mut self.sents);
            tokenize(name, &mut toks, &mut sents);
            self.sents = sents;
        }
        if toks.is_empty() || toks.len() > MAX_GAZ_TOKENS {
            self.toks = toks;
            return;
        }
        let mut h = seq_start();
        for (k, t) in toks.iter().enumerate() {
            h = hash::add(h, lower_hash(&name[t.start..t.end]));
            if k == 0 && cat == GazCategory::Title {
                self.title_first.insert(h);
            }
            if k + 1 < toks.len() {
                *self.map.entry(h).or_insert(0) |= PREFIX_BIT;
            }
        }
        *self.map.entry(h).or_insert(0) |= 1 << (cat as u16);
        self.max_len = self.max_len.max(toks.len());
        self.toks = toks;
        self.n_entries += 1;
        self.fingerprint = hash::fmix(hash::add(hash::add(self.fingerprint, h), cat as u64 + 1));
    }

    /// For each token of a sentence (given lower-cased word hashes), OR into
    /// `out[i]` the bits `cat*4 + pos` (pos: 0=B 1=I 2=L 3=U) of every match.
    /// `cap[i]`: token i has an upper-case letter. Matches of all categories except
    /// `Title` must start and end on such a token ("of", "in", "rose" in running
    /// text are not cities or names).
    pub fn annotate(&self, lows: &[u64], cap: &[bool], out: &mut [u64]) {
        self.annotate_with(lows, cap, out, true)
    }

    /// [`Gazetteers::annotate`]; `skip`: look up no match starting on a word without
    /// capitals whose first word starts no title (the same bits, fewer lookups).
    #[inline(always)]
    fn annotate_with(&self, lows: &[u64], cap: &[bool], out: &mut [u64], skip: bool) {
        if self.map.is_empty() {
            return;
        }
        let n = lows.len();
        for i in 0..n {
            if lows[i] == NO_WORD {
                continue;
            }
            let mut h = seq_start();
            if skip && !cap[i] && !self.title_first.contains(&hash::add(h, lows[i])) {
                continue;
            }
            let lim = self.max_len.min(n - i);
            for len in 1..=lim {
                h = hash::add(h, lows[i + len - 1]);
                let Some(&v) = self.map.get(&h) else { break };
                let mut cats = v & !PREFIX_BIT;
                if !(cap[i] && cap[i + len - 1]) {
                    cats &= 1 << (GazCategory::Title as u16);
                }
                if cats != 0 {
                    for c in 0..N_GAZ as u64 {
                        if cats & (1 << c) != 0 {
                            if len == 1 {
                                out[i] |= 1u64 << (c * 4 + 3);
                            } else {
                                out[i] |= 1u64 << (c * 4);
                                for o in out.iter_mut().take(i + len - 1).skip(i + 1) {
                                    *o |= 1u64 << (c * 4 + 1);
                                }
                                out[i + len - 1] |= 1u64 << (c * 4 + 2);
                            }
                        }
                    }
                }
                if v & PREFIX_BIT == 0 {
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TSV's header, comments, blank lines, empty and trailing fields and CRLF line
    /// ends parse as `str::split('\t')` reads each data line.
    #[test]
    fn tsv_rows_are_the_tab_separated_fields_of_each_data_line() {
        let text = "# name\taliases(|) -- source\r\nA\tB|C\r\n\n# comment\n  \t \nD\t\t\nE\n\
                    \tF\tG\t\nÜber\tnaïve\tx\n";
        let t = parse_tsv(text);
        assert_eq!(t.cols, ["name", "aliases"]);
        let want: Vec<Vec<&str>> = text
            .lines()
            .skip(1)
            .map(|l| l.trim_end_matches('\r'))
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').collect())
            .collect();
        let got: Vec<Vec<&str>> = t.rows().map(|r| r.to_vec()).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 5);
        let g = crate::extract::ner::embedded_gazetteer_files();
        for f in [
            g.countries,
            g.cities,
            g.regions,
            g.first_names,
            g.surnames,
            g.org_aliases,
            g.titles,
            g.first_names_extra,
            g.surnames_extra,
            g.metonyms,
        ] {
            let t = parse_tsv(f);
            let want: Vec<Vec<&str>> = f
                .lines()
                .map(|l| l.trim_end_matches('\r'))
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(|l| l.split('\t').collect())
                .collect();
            assert!(t.rows().eq(want.iter().map(|r| &r[..])));
        }
    }
    use crate::extract::ner::features::lower_hash;

    /// Skipping the lookups that start on a word without capitals and not on a title's
    /// first word marks every match that looking everything up marks, including titles
    /// in lower case ("the prime minister", "said senator").
    #[test]
    fn skipping_lower_case_starts_marks_the_same_matches() {
        let Some(t) = crate::extract::ner::global() else {
            panic!("embedded model loads")
        };
        let g = t.gazetteers();
        let mut texts = vec![
            "the prime minister of Canada met president Obama and the secretary of state \
             in Paris; said senator Warren, a former professor at Harvard. General \
             Motors and the chief executive of Bank of America Corp. spoke."
                .to_string(),
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_corpus");
        for e in walkdir::WalkDir::new(root) {
            let e = e.unwrap();
            if e.file_type().is_file() {
                texts.push(std::fs::read_to_string(e.path()).unwrap());
            }
        }
        let (mut toks, mut sents) = (Vec::new(), Vec::new());
        let (mut lower_titles, mut marked) = (0, 0);
        for text in &texts {
            tokenize(text, &mut toks, &mut sents);
            for s in &sents {
                let words = &toks[s.start..s.end];
                let lows: Vec<u64> = words
                    .iter()
                    .map(|w| lower_hash(&text[w.start..w.end]))
                    .collect();
                let cap: Vec<bool> = words
                    .iter()
                    .map(|w| text[w.start..w.end].chars().any(|c| c.is_uppercase()))
                    .collect();
                let mut all = vec![0u64; lows.len()];
                let mut skipped = vec![0u64; lows.len()];
                g.annotate_with(&lows, &cap, &mut all, false);
                g.annotate_with(&lows, &cap, &mut skipped, true);
                assert_eq!(skipped, all, "{}", &text[words[0].start..]);
                let title = 0xfu64 << (GazCategory::Title as u64 * 4);
                lower_titles += (0..lows.len())
                    .filter(|&k| !cap[k] && all[k] & title != 0)
                    .count();
                marked += all.iter().filter(|&&b| b != 0).count();
            }
        }
        assert!(lower_titles >= 5, "{lower_titles}");
        assert!(marked > 1000, "{marked}");
    }
}
