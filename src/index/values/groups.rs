//! Archive-wide name groups: the `person` and `speaker` values that name one person
//! ("Brandt", "Hans Brandt", "HANS BRANDT") become one value, shown under one canonical
//! name, wherever the whole archive makes that unambiguous.
//!
//! The evidence is every `person` and `speaker` value of the live articles (a value
//! only deleted articles hold is no evidence). Values are compared folded (case,
//! accents, periods: [`crate::extract::fold`]):
//!
//! 1. Values that fold alike are one name.
//! 2. A name of three words or more ("John F. Kerry") and the two-word name of its first
//!    and last words ("John Kerry") are one name when no other long name shortens to
//!    that two-word name.
//! 3. A one-word value W ("Brandt") joins a name of several words when every
//!    several-word name containing the word W belongs to that one group, and ends in W.
//!    "Brandt" beside "Hans Brandt" and "Maria Brandt" stays apart; so does "Paul"
//!    beside "Ron Paul" and "Paul Ryan", and "Hans" beside "Hans Brandt" (a first name).
//!    A word that names a country ("Jordan", "Georgia": more likely the country, taken
//!    for a person) joins nothing.
//!
//! A group is shown under its most frequent several-word name (in articles, ties to
//! the longer name, then the first in value order), spelt as its most frequent form.
//! Only the two roots are grouped, never one with the other root's values: a speaker
//! value joins the group its name belongs to, whose canonical name may be a person
//! value only (an article that says only "Mr Brandt said" shows "Hans Brandt").
//!
//! Groups change as the archive does (a later article can make a surname ambiguous),
//! so they are decided from the committed index, never stored per article: after each
//! `index` run they are written beside the value lists with, per segment, the
//! ordinals of the grouped values (what facet counting needs); a search uses that
//! file only when it describes exactly the segments (and deletions) the search sees,
//! and otherwise works the groups out again from the index.

use crate::extract::fold::fold_into;
use crate::index::NewsIndex;
use crate::search::facets::FacetCounts;
use anyhow::{Context, Result};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;
use tantivy::query::AllQuery;
use tantivy::schema::Facet;
use tantivy::Searcher;

/// The roots whose values are grouped.
pub const ROOTS: [&str; 2] = ["person", "speaker"];

/// The position of `root` in [`ROOTS`].
pub fn root_index(root: &str) -> Option<usize> {
    ROOTS.iter().position(|r| *r == root)
}

/// The name groups of one part of an index (articles or quotations): each group's
/// canonical name, the part's values that belong to a group, and, per segment, their
/// ordinals.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct NameGroups {
    /// Canonical names, sorted: a group's id is its position.
    canon: Vec<String>,
    /// (value, group) for every value of the evidence that belongs to a group, sorted:
    /// how hits show names, whichever root and part they come from.
    all: Vec<(String, u32)>,
    /// Per root of [`ROOTS`]: (value, group) for each of the part's values under it
    /// that belongs to a group, sorted by value.
    members: [Vec<(String, u32)>; 2],
    /// Per segment (its uuid) and root: (ordinal, group) of the members the segment's
    /// facet dictionary holds, sorted by ordinal.
    ords: BTreeMap<String, [Vec<(u64, u32)>; 2]>,
    /// Per segment: its documents with two values of one group under one root ("Brandt"
    /// and "Hans Brandt"), sorted; facet counting looks at these again to count them
    /// once. Segments without any are left out.
    overlaps: BTreeMap<String, Vec<u32>>,
}

impl NameGroups {
    /// Groups nothing.
    pub fn is_empty(&self) -> bool {
        self.members.iter().all(Vec::is_empty)
    }

    /// The canonical name of group `group`.
    pub fn canonical_name(&self, group: u32) -> &str {
        self.canon.get(group as usize).map_or("", String::as_str)
    }

    /// The group of `value` under `root`, if it belongs to one.
    pub fn group_of(&self, root: &str, value: &str) -> Option<u32> {
        let list = &self.members[root_index(root)?];
        let i = list.binary_search_by(|(v, _)| v.as_str().cmp(value)).ok()?;
        Some(list[i].1)
    }

    /// The name a person or speaker `value` is shown as: its group's canonical name, or
    /// itself.
    pub fn canonical<'a>(&'a self, value: &'a str) -> &'a str {
        match self.all.binary_search_by(|(v, _)| v.as_str().cmp(value)) {
            Ok(i) => self.canonical_name(self.all[i].1),
            Err(_) => value,
        }
    }

    /// Replaces each of the person or speaker `values` by its canonical name, keeping
    /// the first of any repeated names.
    pub fn canonicalize(&self, values: &mut Vec<String>) {
        if self.all.is_empty() {
            return;
        }
        let mut out: Vec<String> = Vec::with_capacity(values.len());
        for v in values.drain(..) {
            let c = self.canonical(&v);
            if !out.iter().any(|o| o == c) {
                out.push(if c == v { v } else { c.to_string() });
            }
        }
        *values = out;
    }

    /// Every group's canonical name, sorted (a group's id is its position).
    pub fn canonical_names(&self) -> &[String] {
        &self.canon
    }

    /// The group whose canonical name is `name`.
    pub fn group_named(&self, name: &str) -> Option<u32> {
        self.canon
            .binary_search_by(|c| c.as_str().cmp(name))
            .ok()
            .map(|i| i as u32)
    }

    /// The values under `root` (of this part) that belong to a group `keep` accepts.
    pub fn members<'a>(
        &'a self,
        root: &str,
        keep: impl Fn(u32) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        root_index(root)
            .map(|r| self.members[r].as_slice())
            .unwrap_or_default()
            .iter()
            .filter(move |(_, g)| keep(*g))
            .map(|(v, _)| v.as_str())
    }

    /// The (ordinal, group) of the grouped values of the segment `uuid` under the root
    /// of index `root` (in [`ROOTS`]).
    pub fn segment_ords(&self, uuid: &str, root: usize) -> &[(u64, u32)] {
        self.ords
            .get(uuid)
            .and_then(|r| r.get(root))
            .map_or(&[], Vec::as_slice)
    }

    /// The documents of segment `uuid` with two values of one group under one root.
    pub fn segment_overlaps(&self, uuid: &str) -> &[u32] {
        self.overlaps.get(uuid).map_or(&[], Vec::as_slice)
    }

    /// Groups given as (root, value, canonical name) with the ordinals looked up in
    /// `searcher`'s segments: for tests and the bench, which decide groups themselves.
    #[doc(hidden)]
    pub fn from_members(searcher: &Searcher, members: &[(&str, &str, &str)]) -> NameGroups {
        let mut g = NameGroups::from_table(members);
        g.look_up_ords(searcher);
        g
    }

    /// [`NameGroups::from_members`] without ordinals: enough for filters and hits.
    #[doc(hidden)]
    pub fn from_table(members: &[(&str, &str, &str)]) -> NameGroups {
        let mut canon: Vec<String> = members.iter().map(|m| m.2.to_string()).collect();
        canon.sort();
        canon.dedup();
        let mut g = NameGroups {
            canon,
            ..NameGroups::default()
        };
        for (root, value, c) in members {
            if let (Some(r), Some(id)) = (root_index(root), g.group_named(c)) {
                g.members[r].push((value.to_string(), id));
                g.all.push((value.to_string(), id));
            }
        }
        for list in g.members.iter_mut().chain([&mut g.all]) {
            list.sort();
            list.dedup_by(|a, b| a.0 == b.0);
        }
        g
    }

    /// Fills `ords` from the segments' facet dictionaries, and `overlaps` from their
    /// documents.
    fn look_up_ords(&mut self, searcher: &Searcher) {
        self.ords.clear();
        self.overlaps.clear();
        if self.is_empty() {
            return;
        }
        for seg in searcher.segment_readers() {
            let Ok(reader) = seg.facet_reader("entity") else {
                continue;
            };
            let mut per_root: [Vec<(u64, u32)>; 2] = Default::default();
            for (r, root) in ROOTS.iter().enumerate() {
                for (v, g) in &self.members[r] {
                    let facet = Facet::from_path([*root, v.as_str()]);
                    if let Ok(Some(o)) = reader.facet_dict().term_ord(facet.encoded_str()) {
                        per_root[r].push((o, *g));
                    }
                }
                per_root[r].sort_unstable();
            }
            if per_root.iter().all(Vec::is_empty) {
                continue;
            }
            let group: FxHashMap<u64, (usize, u32)> = per_root
                .iter()
                .enumerate()
                .flat_map(|(r, l)| l.iter().map(move |&(o, g)| (o, (r, g))))
                .collect();
            let mut overlaps = Vec::new();
            let mut seen: Vec<(usize, u32)> = Vec::new();
            for doc in 0..seg.max_doc() {
                seen.clear();
                let mut prev = u64::MAX;
                for o in reader.facet_ords(doc) {
                    if o == prev {
                        continue;
                    }
                    prev = o;
                    if let Some(g) = group.get(&o) {
                        if seen.contains(g) {
                            overlaps.push(doc);
                            break;
                        }
                        seen.push(*g);
                    }
                }
            }
            let uuid = seg.segment_id().uuid_string();
            if !overlaps.is_empty() {
                self.overlaps.insert(uuid.clone(), overlaps);
            }
            self.ords.insert(uuid, per_root);
        }
    }

    /// The file's body: `=<TAB>canonical` per group (in id order), `*<TAB>value<TAB>group`
    /// per value of the evidence in a group, `root<TAB>value<TAB>group` per member,
    /// `@<TAB>segment<TAB>root<TAB>ord:group ...` per segment and root, and
    /// `!<TAB>segment<TAB>doc ...` per segment with overlapping documents.
    fn to_body(&self) -> String {
        let mut body = String::new();
        for c in &self.canon {
            let _ = writeln!(body, "=\t{c}");
        }
        for (v, g) in &self.all {
            let _ = writeln!(body, "*\t{v}\t{g}");
        }
        for (r, root) in ROOTS.iter().enumerate() {
            for (v, g) in &self.members[r] {
                let _ = writeln!(body, "{root}\t{v}\t{g}");
            }
        }
        for (seg, per_root) in &self.ords {
            for (r, root) in ROOTS.iter().enumerate() {
                if per_root[r].is_empty() {
                    continue;
                }
                let _ = write!(body, "@\t{seg}\t{root}\t");
                for (i, (o, g)) in per_root[r].iter().enumerate() {
                    let sep = if i == 0 { "" } else { " " };
                    let _ = write!(body, "{sep}{o}:{g}");
                }
                body.push('\n');
            }
        }
        for (seg, docs) in &self.overlaps {
            let _ = write!(body, "!\t{seg}\t");
            for (i, d) in docs.iter().enumerate() {
                let sep = if i == 0 { "" } else { " " };
                let _ = write!(body, "{sep}{d}");
            }
            body.push('\n');
        }
        body
    }

    /// Reads a body written by [`NameGroups::to_body`]; `None` if it is not one.
    fn parse(body: &str) -> Option<NameGroups> {
        let mut g = NameGroups::default();
        for line in body.lines() {
            let mut cols = line.split('\t');
            match (cols.next()?, cols.next()?) {
                ("=", c) => g.canon.push(c.to_string()),
                ("!", seg) => {
                    let docs = cols.next()?.split(' ').map(|d| d.parse().ok());
                    g.overlaps
                        .insert(seg.to_string(), docs.collect::<Option<Vec<u32>>>()?);
                }
                ("@", seg) => {
                    let r = root_index(cols.next()?)?;
                    let list = &mut g.ords.entry(seg.to_string()).or_default()[r];
                    parse_pairs(cols.next()?, g.canon.len(), list)?;
                }
                (root, v) => {
                    let id: u32 = cols.next()?.parse().ok()?;
                    if id as usize >= g.canon.len() {
                        return None;
                    }
                    let list = match root {
                        "*" => &mut g.all,
                        _ => &mut g.members[root_index(root)?],
                    };
                    list.push((v.to_string(), id));
                }
            }
        }
        Some(g)
    }
}

/// Parses `ord:group ord:group ...` as [`NameGroups::to_body`] writes it into `out`, byte
/// by byte (a search reads every segment's pairs); `None` if it is not that, or names a
/// group past `groups`.
fn parse_pairs(s: &str, groups: usize, out: &mut Vec<(u64, u32)>) -> Option<()> {
    let (mut num, mut digits, mut ord) = (0u64, 0, None);
    let mut end = |ord: &mut Option<u64>, num: u64| -> Option<()> {
        let g = u32::try_from(num).ok().filter(|&g| (g as usize) < groups)?;
        out.push((ord.take()?, g));
        Some(())
    };
    for &b in s.as_bytes() {
        match b {
            b'0'..=b'9' => {
                num = num.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                digits += 1;
            }
            b':' if digits > 0 && ord.is_none() => ord = Some(num),
            b' ' if digits > 0 => end(&mut ord, num)?,
            _ => return None,
        }
        if !b.is_ascii_digit() {
            (num, digits) = (0, 0);
        }
    }
    if digits == 0 {
        return None;
    }
    end(&mut ord, num)
}

/// One folded name of the evidence: the raw values that fold to it, with their counts.
struct Class<'a> {
    folded: String,
    raw: Vec<(&'a str, u64)>,
    /// Articles with any of the raw values (a sum: an upper bound, used only to
    /// choose names).
    count: u64,
}

impl Class<'_> {
    fn words(&self) -> usize {
        self.folded.split(' ').count()
    }

    /// The spelling shown: the most frequent, then one not in capitals only, then the
    /// first in value order.
    fn spelling(&self) -> &str {
        self.raw
            .iter()
            .min_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| is_capitals(a.0).cmp(&is_capitals(b.0)))
                    .then_with(|| a.0.cmp(b.0))
            })
            .map_or("", |r| r.0)
    }
}

fn is_capitals(s: &str) -> bool {
    !s.chars().any(char::is_lowercase)
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// Decides the groups of the evidence `values` (raw value → articles that have it; see
/// the module documentation): each group's canonical name and its raw values, for the
/// groups of two values or more, sorted by canonical name.
pub fn decide(values: &BTreeMap<String, u64>) -> Vec<(String, Vec<String>)> {
    // 1. Values that fold alike.
    let mut by_folded: BTreeMap<String, usize> = BTreeMap::new();
    let mut classes: Vec<Class> = Vec::new();
    let mut buf = String::new();
    for (v, &n) in values {
        fold_into(v, &mut buf);
        if buf.is_empty() {
            continue;
        }
        let i = match by_folded.get(buf.as_str()) {
            Some(&i) => i,
            None => {
                by_folded.insert(buf.clone(), classes.len());
                classes.push(Class {
                    folded: buf.clone(),
                    raw: Vec::new(),
                    count: 0,
                });
                classes.len() - 1
            }
        };
        classes[i].raw.push((v.as_str(), n));
        classes[i].count += n;
    }
    let mut parent: Vec<usize> = (0..classes.len()).collect();

    // 2. "John F. Kerry" and "John Kerry", when only one long name shortens to it.
    let mut longs: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, c) in classes.iter().enumerate() {
        let words: Vec<&str> = c.folded.split(' ').collect();
        if let (true, Some(first), Some(last)) = (words.len() >= 3, words.first(), words.last()) {
            longs.entry(format!("{first} {last}")).or_default().push(i);
        }
    }
    for (short, long) in &longs {
        if let (Some(&s), [l]) = (by_folded.get(short), long.as_slice()) {
            let (a, b) = (find(&mut parent, s), find(&mut parent, *l));
            parent[a] = b;
        }
    }

    // 3. "Brandt" and the one group whose several-word names hold the word.
    let mut groups_with_word: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (i, c) in classes.iter().enumerate() {
        if c.words() < 2 {
            continue;
        }
        let root = find(&mut parent, i);
        for w in c.folded.split(' ') {
            let list = groups_with_word.entry(w).or_default();
            if !list.contains(&root) {
                list.push(root);
            }
        }
    }
    // Every several-word name of the group must end in the word.
    let mut ends: FxHashMap<usize, Option<&str>> = FxHashMap::default();
    for (i, c) in classes.iter().enumerate() {
        if c.words() < 2 {
            continue;
        }
        let root = find(&mut parent, i);
        let last = c.folded.rsplit(' ').next();
        ends.entry(root)
            .and_modify(|e| {
                if *e != last {
                    *e = None;
                }
            })
            .or_insert(last);
    }
    let mut joins = Vec::new();
    for (i, c) in classes.iter().enumerate() {
        // Two- and three-letter words would be ISO codes ("Ng", "Li"): surnames.
        if c.words() != 1
            || (c.folded.len() > 3
                && crate::extract::gazetteer::lookup_country(&c.folded).is_some())
        {
            continue;
        }
        if let Some([g]) = groups_with_word.get(c.folded.as_str()).map(Vec::as_slice) {
            if ends.get(g).copied().flatten() == Some(c.folded.as_str()) {
                joins.push((i, *g));
            }
        }
    }
    for (i, g) in joins {
        let a = find(&mut parent, i);
        parent[a] = find(&mut parent, g);
    }

    // The groups, each under its most frequent several-word name.
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..classes.len() {
        let root = find(&mut parent, i);
        members.entry(root).or_default().push(i);
    }
    let mut out = Vec::new();
    for list in members.values() {
        let raw: usize = list.iter().map(|&i| classes[i].raw.len()).sum();
        if raw < 2 {
            continue;
        }
        let Some(&best) = list.iter().min_by(|&&a, &&b| {
            let (a, b) = (&classes[a], &classes[b]);
            (b.words() >= 2)
                .cmp(&(a.words() >= 2))
                .then_with(|| b.count.cmp(&a.count))
                .then_with(|| b.words().cmp(&a.words()))
                .then_with(|| a.spelling().cmp(b.spelling()))
        }) else {
            continue;
        };
        let mut names: Vec<String> = list
            .iter()
            .flat_map(|&i| classes[i].raw.iter().map(|r| r.0.to_string()))
            .collect();
        names.sort();
        out.push((classes[best].spelling().to_string(), names));
    }
    out.sort();
    out
}

/// The key line of a groups file: the segments of `searcher` with their deletions
/// (deleting an article can end an ambiguity) and, for the quotation index, those of
/// the article index the evidence comes from.
fn key_line(searcher: &Searcher, evidence: Option<&Searcher>) -> String {
    let segs = |s: &Searcher| {
        let mut ids: Vec<String> = s
            .segment_readers()
            .iter()
            .map(|r| format!("{}:{}", r.segment_id().uuid_string(), r.num_deleted_docs()))
            .collect();
        ids.sort();
        ids.join(" ")
    };
    match evidence {
        Some(e) => format!("# segments {} / articles {}", segs(searcher), segs(e)),
        None => format!("# segments {}", segs(searcher)),
    }
}

/// The groups file of a part.
fn path(ni: &NewsIndex) -> std::path::PathBuf {
    ni.dir
        .join(super::VALUES_DIR)
        .join(format!("{}-groups.tsv", ni.part))
}

/// Works out the groups of `ni` as `searcher` sees it (`evidence`: the article index's
/// searcher, for the quotation index).
fn compute(searcher: &Searcher, evidence: Option<&Searcher>) -> Result<NameGroups> {
    let counted = searcher.search(&AllQuery, &FacetCounts)?;
    let other = match evidence {
        Some(e) => Some(e.search(&AllQuery, &FacetCounts)?),
        None => None,
    };
    let mut all: BTreeMap<String, u64> = BTreeMap::new();
    for root in ROOTS {
        for c in other.as_ref().unwrap_or(&counted).all(root)? {
            *all.entry(c.value).or_default() += c.count;
        }
    }
    let decided = decide(&all);
    let mut g = NameGroups {
        canon: decided.iter().map(|d| d.0.clone()).collect(),
        ..NameGroups::default()
    };
    let mut group_of: FxHashMap<&str, u32> = FxHashMap::default();
    for (id, (_, names)) in decided.iter().enumerate() {
        for n in names {
            group_of.insert(n.as_str(), id as u32);
            g.all.push((n.clone(), id as u32));
        }
    }
    g.all.sort();
    for (r, root) in ROOTS.iter().enumerate() {
        for c in counted.all(root)? {
            if let Some(&id) = group_of.get(c.value.as_str()) {
                g.members[r].push((c.value, id));
            }
        }
        g.members[r].sort();
    }
    g.look_up_ords(searcher);
    Ok(g)
}

/// The searchers a part's groups are decided with: its own, and the article index's for
/// the quotation index.
fn evidence_searcher(ni: &NewsIndex) -> Result<Option<Searcher>> {
    Ok(ni.article_searcher()?)
}

/// The groups of `ni` as `searcher` sees it: from the file written after the last
/// `index` run when it describes exactly these segments, else worked out again.
pub fn load(ni: &NewsIndex, searcher: &Searcher) -> Result<Arc<NameGroups>> {
    let evidence = evidence_searcher(ni)?;
    let key = key_line(searcher, evidence.as_ref());
    if let Ok(text) = std::fs::read_to_string(path(ni)) {
        if let Some((listed, body)) = super::whole_body(&text) {
            if listed == key {
                if let Some(g) = NameGroups::parse(body) {
                    return Ok(Arc::new(g));
                }
            }
        }
    }
    Ok(Arc::new(compute(searcher, evidence.as_ref())?))
}

/// Writes the groups file of `ni` for what `searcher` sees, unless it already describes
/// these segments.
pub fn save(ni: &NewsIndex, searcher: &Searcher) -> Result<()> {
    let evidence = evidence_searcher(ni)?;
    let key = key_line(searcher, evidence.as_ref());
    let file = path(ni);
    if std::fs::read_to_string(&file)
        .is_ok_and(|text| super::whole_body(&text).is_some_and(|(listed, _)| listed == key))
    {
        return Ok(());
    }
    let g = compute(searcher, evidence.as_ref())?;
    let body = g.to_body();
    if NameGroups::parse(&body).as_ref() != Some(&g) {
        // A value with a tab or a line break: not representable, searches work the
        // groups out themselves.
        let _ = std::fs::remove_file(&file);
        return Ok(());
    }
    let sum = xxhash_rust::xxh3::xxh3_64(body.as_bytes());
    let lines = body.bytes().filter(|&b| b == b'\n').count();
    let out = format!(
        "{}\n{key}\n# values {lines} xxh3 {sum:016x}\n{body}",
        super::HEADER
    );
    crate::directory::write_file_atomic(&file, out.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups(values: &[&str]) -> Vec<(String, Vec<String>)> {
        let map: BTreeMap<String, u64> = values.iter().map(|v| (v.to_string(), 1)).collect();
        decide(&map)
    }

    fn group(canon: &str, names: &[&str]) -> (String, Vec<String>) {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort();
        (canon.to_string(), names)
    }

    #[test]
    fn a_surname_joins_the_one_full_name_that_ends_in_it() {
        assert_eq!(
            groups(&["Brandt", "Hans Brandt", "Angela Merkel"]),
            vec![group("Hans Brandt", &["Brandt", "Hans Brandt"])]
        );
        // Two full names share it: nothing is grouped.
        assert!(groups(&["Brandt", "Hans Brandt", "Maria Brandt"]).is_empty());
        assert!(groups(&["Cruz", "Ted Cruz", "Heidi Cruz"]).is_empty());
        // A first name, or a word some other name holds elsewhere, joins nothing.
        assert!(groups(&["Hans", "Hans Brandt"]).is_empty());
        assert!(groups(&["Paul", "Ron Paul", "Paul Ryan"]).is_empty());
        assert!(groups(&["Brandt", "Hans Brandt", "Brandt Okafor"]).is_empty());
        // A country's name, taken for a person.
        assert!(groups(&["Jordan", "Michael Jordan"]).is_empty());
        assert_eq!(
            groups(&["Ng", "Irene Ng"]),
            vec![group("Irene Ng", &["Irene Ng", "Ng"])]
        );
        // Folded alike: case, accents, periods.
        assert_eq!(
            groups(&["MÜLLER", "Jörg Müller"]),
            vec![group("Jörg Müller", &["MÜLLER", "Jörg Müller"])]
        );
    }

    #[test]
    fn middle_names_join_when_unique() {
        assert_eq!(
            groups(&["John F. Kerry", "John Kerry", "Kerry"]),
            vec![group(
                "John F. Kerry",
                &["John F. Kerry", "John Kerry", "Kerry"]
            )]
        );
        // Two long names shorten alike: neither joins, and the surname is ambiguous.
        assert!(groups(&["John F. Kerry", "John W. Kerry", "John Kerry", "Kerry"]).is_empty());
    }

    #[test]
    fn the_canonical_name_is_the_most_frequent_full_name() {
        let map: BTreeMap<String, u64> = [
            ("HANS BRANDT", 1),
            ("Hans Brandt", 3),
            ("Brandt", 9),
            ("Hans P. Brandt", 2),
        ]
        .iter()
        .map(|(v, n)| (v.to_string(), *n))
        .collect();
        assert_eq!(
            decide(&map),
            vec![group(
                "Hans Brandt",
                &["Brandt", "HANS BRANDT", "Hans Brandt", "Hans P. Brandt"]
            )]
        );
    }

    #[test]
    fn the_file_body_reads_back() {
        let mut g = NameGroups {
            canon: vec!["Hans Brandt".into(), "John F. Kerry".into()],
            ..NameGroups::default()
        };
        g.members[0] = vec![("Brandt".into(), 0), ("Hans Brandt".into(), 0)];
        g.members[1] = vec![("John Kerry".into(), 1)];
        g.all = vec![
            ("Brandt".into(), 0),
            ("Hans Brandt".into(), 0),
            ("John Kerry".into(), 1),
        ];
        g.ords
            .insert("abc".into(), [vec![(3, 0), (7, 0)], vec![(2, 1)]]);
        g.overlaps.insert("abc".into(), vec![4, 9]);
        assert_eq!(NameGroups::parse(&g.to_body()), Some(g.clone()));
        assert_eq!(g.canonical("John Kerry"), "John F. Kerry");
        assert_eq!(g.canonical("Ute Lind"), "Ute Lind");
        assert_eq!(g.group_of("person", "John Kerry"), None);
        assert_eq!(g.group_of("speaker", "John Kerry"), Some(1));
        let mut shown = vec![
            "Brandt".to_string(),
            "Ute Lind".into(),
            "Hans Brandt".into(),
        ];
        g.canonicalize(&mut shown);
        assert_eq!(shown, vec!["Hans Brandt", "Ute Lind"]);
        assert_eq!(NameGroups::parse("=\tX\nperson\tY\t3\n"), None);
        let pairs = |s: &str| {
            let mut out = Vec::new();
            parse_pairs(s, 2, &mut out).map(|_| out)
        };
        assert_eq!(pairs("3:0 17:1"), Some(vec![(3, 0), (17, 1)]));
        for bad in [
            "",
            "3",
            "3:",
            ":0",
            "3:0 ",
            "3:0  4:1",
            "3:2",
            "3:0:1",
            "3:x",
            "99999999999999999999:0",
        ] {
            assert_eq!(pairs(bad), None, "{bad:?}");
        }
    }
}
