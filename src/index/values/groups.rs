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
//! and otherwise works the groups out again from the index. The file is a binary table
//! (see [`Builder::encode`]): a search reads it in one go, checks its checksum, and then
//! looks names and ordinals up where they lie, so that loading costs about the same
//! with five groups or five thousand (issue 11).

use crate::extract::fold::fold_into;
use crate::index::NewsIndex;
use crate::search::facets::FacetCounts;
use anyhow::{Context, Result};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
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
///
/// Held as the body of the groups file ([`Builder::encode`] describes it): a search
/// reads the file once and looks values up in it where they lie (binary searches over
/// little-endian arrays and names sliced from the file), so that loading costs a
/// checksum and a few lengths, not a parse of every name.
#[derive(Clone, Default)]
pub struct NameGroups {
    bytes: Vec<u8>,
    /// Where the body starts in `bytes`.
    start: usize,
    layout: Layout,
    /// The names, one after another (the end of the body).
    names: String,
}

/// Where the sections of a body lie (byte offsets from its start).
#[derive(Clone, Debug, Default, PartialEq)]
struct Layout {
    canons: usize,
    /// Offsets of the canonical names in the names, `canons + 1` of them.
    canon_offs: usize,
    all: usize,
    /// Offsets of the values of the evidence in a group, `all + 1` of them.
    all_offs: usize,
    /// Each such value's group.
    all_groups: usize,
    /// Per root: (offset, count) of the part's members, as positions in the values.
    members: [(usize, usize); 2],
    segments: Vec<SegmentLayout>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct SegmentLayout {
    uuid: usize,
    /// (ordinal, representative) pairs, sorted by ordinal.
    pairs: (usize, usize),
    /// (representative, root, group), sorted by representative; then (root, group,
    /// representative), sorted by root and group; as many of each.
    reps: (usize, usize),
    by_group: usize,
    /// Documents with two values of one group under one root, sorted.
    overlaps: (usize, usize),
}

/// The length of a segment id as the body holds it (its uuid string).
const UUID_LEN: usize = 32;

/// The little-endian `u32` at byte `pos` of `b` (0 past the end: the layout was checked
/// when the body was read, so this does not happen).
#[inline]
fn word(b: &[u8], pos: usize) -> u32 {
    b.get(pos..pos + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

/// The first `i` in `0..n` for which `cmp(i)` is not `Less`, and whether it is `Equal`.
#[inline]
fn search(n: usize, mut cmp: impl FnMut(usize) -> std::cmp::Ordering) -> Result<usize, usize> {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match cmp(mid) {
            std::cmp::Ordering::Less => lo = mid + 1,
            std::cmp::Ordering::Equal => return Ok(mid),
            std::cmp::Ordering::Greater => hi = mid,
        }
    }
    Err(lo)
}

impl std::fmt::Debug for NameGroups {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NameGroups")
            .field("groups", &self.layout.canons)
            .field("values", &self.layout.all)
            .field("segments", &self.layout.segments.len())
            .finish()
    }
}

impl PartialEq for NameGroups {
    fn eq(&self, other: &Self) -> bool {
        self.body() == other.body() && self.names == other.names
    }
}

impl NameGroups {
    fn body(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or_default()
    }

    /// Name `i` of the list whose offsets start at `offs`, as bytes.
    fn name(&self, offs: usize, i: usize) -> &[u8] {
        self.text(offs, i).as_bytes()
    }

    /// Name `i` of the list whose offsets start at `offs`.
    fn text(&self, offs: usize, i: usize) -> &str {
        let b = self.body();
        let (from, to) = (word(b, offs + 4 * i), word(b, offs + 4 * i + 4));
        self.names
            .get(from as usize..to as usize)
            .unwrap_or_default()
    }

    /// The group of value `i` of the evidence.
    fn group_at(&self, i: usize) -> u32 {
        word(self.body(), self.layout.all_groups + 4 * i)
    }

    /// Member `i` of root `r`, as its position in the values of the evidence.
    fn member(&self, r: usize, i: usize) -> usize {
        word(self.body(), self.layout.members[r].0 + 4 * i) as usize
    }

    /// Groups nothing.
    pub fn is_empty(&self) -> bool {
        self.layout.members.iter().all(|m| m.1 == 0)
    }

    /// The number of groups (group ids are `0..group_count()`).
    pub fn group_count(&self) -> usize {
        self.layout.canons
    }

    /// The canonical name of group `group`.
    pub fn canonical_name(&self, group: u32) -> &str {
        if group as usize >= self.layout.canons {
            return "";
        }
        self.text(self.layout.canon_offs, group as usize)
    }

    /// The group of `value` under `root`, if it belongs to one.
    pub fn group_of(&self, root: &str, value: &str) -> Option<u32> {
        let r = root_index(root)?;
        let offs = self.layout.all_offs;
        let i = search(self.layout.members[r].1, |i| {
            self.name(offs, self.member(r, i)).cmp(value.as_bytes())
        })
        .ok()?;
        Some(self.group_at(self.member(r, i)))
    }

    /// The name a person or speaker `value` is shown as: its group's canonical name, or
    /// itself.
    pub fn canonical<'a>(&'a self, value: &'a str) -> &'a str {
        let offs = self.layout.all_offs;
        match search(self.layout.all, |i| {
            self.name(offs, i).cmp(value.as_bytes())
        }) {
            Ok(i) => self.canonical_name(self.group_at(i)),
            Err(_) => value,
        }
    }

    /// Replaces each of the person or speaker `values` by its canonical name, keeping
    /// the first of any repeated names.
    pub fn canonicalize(&self, values: &mut Vec<String>) {
        if self.layout.all == 0 {
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
    pub fn canonical_names(&self) -> impl Iterator<Item = &str> + '_ {
        (0..self.layout.canons).map(|i| self.text(self.layout.canon_offs, i))
    }

    /// The group whose canonical name is `name`.
    pub fn group_named(&self, name: &str) -> Option<u32> {
        let offs = self.layout.canon_offs;
        search(self.layout.canons, |i| {
            self.name(offs, i).cmp(name.as_bytes())
        })
        .ok()
        .map(|i| i as u32)
    }

    /// The values under `root` (of this part) that belong to a group `keep` accepts.
    pub fn members<'a>(
        &'a self,
        root: &str,
        keep: impl Fn(u32) -> bool + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let r = root_index(root);
        let n = r.map_or(0, |r| self.layout.members[r].1);
        (0..n)
            .map(move |i| self.member(r.unwrap_or_default(), i))
            .filter(move |&v| keep(self.group_at(v)))
            .map(|v| self.text(self.layout.all_offs, v))
    }

    /// The position of segment `uuid` among the segments with grouped values.
    pub fn segment_position(&self, uuid: &str) -> Option<usize> {
        let b = self.body();
        self.layout
            .segments
            .iter()
            .position(|s| b.get(s.uuid..s.uuid + UUID_LEN) == Some(uuid.as_bytes()))
    }

    /// The grouped values of the segment at `pos` (see [`NameGroups::segment_position`]).
    pub fn segment(&self, pos: usize) -> Option<SegmentTable<'_>> {
        let seg = self.layout.segments.get(pos)?;
        let b = self.body();
        let part = |at: usize, n: usize, size: usize| b.get(at..at + n * size);
        Some(SegmentTable {
            pairs: part(seg.pairs.0, seg.pairs.1, 8)?.as_chunks().0,
            reps: part(seg.reps.0, seg.reps.1, 12)?.as_chunks().0,
            by_group: part(seg.by_group, seg.reps.1, 12)?.as_chunks().0,
            overlaps: part(seg.overlaps.0, seg.overlaps.1, 4)?.as_chunks().0,
        })
    }

    /// Groups given as (root, value, canonical name) with the ordinals looked up in
    /// `searcher`'s segments: for tests and the bench, which decide groups themselves.
    #[doc(hidden)]
    pub fn from_members(searcher: &Searcher, members: &[(&str, &str, &str)]) -> NameGroups {
        let mut b = Builder::from_table(members);
        b.look_up_ords(searcher);
        b.build().unwrap_or_default()
    }

    /// [`NameGroups::from_members`] without ordinals: enough for filters and hits.
    #[doc(hidden)]
    pub fn from_table(members: &[(&str, &str, &str)]) -> NameGroups {
        Builder::from_table(members).build().unwrap_or_default()
    }

    /// Reads a body [`Builder::encode`] wrote (from `start` in `bytes`); `None` if it
    /// is not one. Only lengths are read: the checksum of the file vouches for the rest,
    /// and every lookup stays within the body whatever it holds.
    fn read(bytes: Vec<u8>, start: usize) -> Option<NameGroups> {
        let b = bytes.get(start..)?;
        let count = |pos: usize| Some(word(b.get(pos..pos + 4)?, 0) as usize);
        let (canons, all, m0, m1, segs, names_len) = (
            count(0)?,
            count(4)?,
            count(8)?,
            count(12)?,
            count(16)?,
            count(20)?,
        );
        let mut pos = 24usize;
        let mut take = |n: usize, size: usize| -> Option<usize> {
            let at = pos;
            pos = pos.checked_add(n.checked_mul(size)?)?;
            (pos <= b.len()).then_some(at)
        };
        let canon_offs = take(canons + 1, 4)?;
        let all_offs = take(all + 1, 4)?;
        let all_groups = take(all, 4)?;
        let members = [(take(m0, 4)?, m0), (take(m1, 4)?, m1)];
        let mut segments = Vec::with_capacity(segs.min(1024));
        for _ in 0..segs {
            let uuid = take(1, UUID_LEN)?;
            let head = take(3, 4)?;
            let (pairs, reps, overlaps) = (count(head)?, count(head + 4)?, count(head + 8)?);
            segments.push(SegmentLayout {
                uuid,
                pairs: (take(pairs, 8)?, pairs),
                reps: (take(reps, 12)?, reps),
                by_group: take(reps, 12)?,
                overlaps: (take(overlaps, 4)?, overlaps),
            });
        }
        let names = take(names_len, 1)?;
        if pos != b.len() {
            return None;
        }
        // The names are checked to be UTF-8 once, and then sliced.
        let mut bytes = bytes;
        let names = String::from_utf8(bytes.split_off(start + names)).ok()?;
        let layout = Layout {
            canons,
            canon_offs,
            all,
            all_offs,
            all_groups,
            members,
            segments,
        };
        Some(NameGroups {
            bytes,
            start,
            layout,
            names,
        })
    }
}

/// The grouped values of one segment, as facet counting uses them: each value's
/// representative (the lowest ordinal of its group under its root in the segment),
/// the group a representative stands for and back, and the documents with two values of
/// one group.
#[derive(Clone, Copy)]
pub struct SegmentTable<'a> {
    /// (ordinal, representative), sorted by ordinal.
    pairs: &'a [[u8; 8]],
    /// (representative, root, group), sorted by representative.
    reps: &'a [[u8; 12]],
    /// (root, group, representative), sorted by root and group.
    by_group: &'a [[u8; 12]],
    overlaps: &'a [[u8; 4]],
}

/// The `i`-th little-endian `u32` of a record.
#[inline]
fn field<const N: usize>(rec: &[u8; N], i: usize) -> u32 {
    word(rec, 4 * i)
}

impl<'a> SegmentTable<'a> {
    /// (ordinal, representative) of each grouped value, sorted by ordinal.
    pub fn pairs(self) -> impl Iterator<Item = (u64, u64)> + 'a {
        self.pairs
            .iter()
            .map(|p| (u64::from(field(p, 0)), u64::from(field(p, 1))))
    }

    /// Whether the segment has grouped values.
    pub fn is_empty(self) -> bool {
        self.pairs.is_empty()
    }

    /// The representative of the grouped value with ordinal `ord`.
    pub fn representative(self, ord: u64) -> Option<u64> {
        let ord = u32::try_from(ord).ok()?;
        let i = self
            .pairs
            .binary_search_by_key(&ord, |p| field(p, 0))
            .ok()?;
        Some(u64::from(field(self.pairs.get(i)?, 1)))
    }

    /// The root (its index in [`ROOTS`]) and group the representative `rep` stands for.
    pub fn group_of(self, rep: u64) -> Option<(usize, u32)> {
        let rep = u32::try_from(rep).ok()?;
        let i = self.reps.binary_search_by_key(&rep, |r| field(r, 0)).ok()?;
        let r = self.reps.get(i)?;
        Some((field(r, 1) as usize, field(r, 2)))
    }

    /// The representative of group `g` under root `r` (its index in [`ROOTS`]).
    pub fn rep_of(self, r: usize, g: u32) -> Option<u64> {
        let key = (u32::try_from(r).ok()?, g);
        let i = self
            .by_group
            .binary_search_by_key(&key, |b| (field(b, 0), field(b, 1)))
            .ok()?;
        Some(u64::from(field(self.by_group.get(i)?, 2)))
    }

    /// (representative, root, group) of each group with values in the segment, the root
    /// as its index in [`ROOTS`].
    pub fn reps(self) -> impl Iterator<Item = (u64, usize, u32)> + 'a {
        self.reps
            .iter()
            .map(|r| (u64::from(field(r, 0)), field(r, 1) as usize, field(r, 2)))
    }

    /// The documents with two values of one group under one root, sorted.
    pub fn overlaps(self) -> impl Iterator<Item = u32> + 'a {
        self.overlaps.iter().map(|d| field(d, 0))
    }

    /// Whether any document has two values of one group under one root.
    pub fn has_overlaps(self) -> bool {
        !self.overlaps.is_empty()
    }
}

/// Name groups as they are worked out, before they are encoded.
#[derive(Debug, Default, Clone, PartialEq)]
struct Builder {
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

impl Builder {
    fn from_table(members: &[(&str, &str, &str)]) -> Builder {
        let mut canon: Vec<String> = members.iter().map(|m| m.2.to_string()).collect();
        canon.sort();
        canon.dedup();
        let mut g = Builder {
            canon,
            ..Builder::default()
        };
        for (root, value, c) in members {
            if let (Some(r), Ok(id)) = (
                root_index(root),
                g.canon.binary_search_by(|n| n.as_str().cmp(c)),
            ) {
                g.members[r].push((value.to_string(), id as u32));
                g.all.push((value.to_string(), id as u32));
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
        if self.members.iter().all(Vec::is_empty) {
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

    /// The body of a groups file, all numbers little-endian `u32`:
    ///
    /// - counts: groups, values of the evidence in a group, members under each root,
    ///   segments, bytes of names;
    /// - the offsets of the canonical names in the names (one more than groups: a name
    ///   ends where the next starts), sorted by name: a group's id is its position;
    /// - the offsets of the values of the evidence in a group, sorted by value, then
    ///   each one's group;
    /// - per root, the part's members, as positions in those values;
    /// - per segment: its uuid (32 bytes), the numbers of pairs, representatives and
    ///   overlapping documents, then (ordinal, representative) sorted by ordinal,
    ///   (representative, root, group) sorted by representative, (root, group,
    ///   representative) sorted by root and group, and the overlapping documents;
    /// - the names.
    ///
    /// `None` when an ordinal or a length does not fit in 32 bits, or a member is not a
    /// value of the evidence.
    fn encode(&self) -> Option<Vec<u8>> {
        let n32 = |n: usize| u32::try_from(n).ok();
        let mut out: Vec<u8> = Vec::new();
        let put = |out: &mut Vec<u8>, n: u32| out.extend_from_slice(&n.to_le_bytes());
        let mut names: Vec<u8> = Vec::new();
        let name_offs = |names: &mut Vec<u8>, list: &mut dyn Iterator<Item = &str>| {
            let mut offs = vec![n32(names.len())?];
            for n in list {
                names.extend_from_slice(n.as_bytes());
                offs.push(n32(names.len())?);
            }
            Some(offs)
        };
        let canon_offs = name_offs(&mut names, &mut self.canon.iter().map(String::as_str))?;
        let all_offs = name_offs(&mut names, &mut self.all.iter().map(|a| a.0.as_str()))?;
        let members: Vec<Vec<u32>> = self
            .members
            .iter()
            .map(|list| {
                list.iter()
                    .map(|(v, _)| {
                        let i = self.all.binary_search_by(|a| a.0.as_str().cmp(v)).ok()?;
                        n32(i)
                    })
                    .collect::<Option<Vec<u32>>>()
            })
            .collect::<Option<_>>()?;
        for n in [
            self.canon.len(),
            self.all.len(),
            self.members[0].len(),
            self.members[1].len(),
            self.ords.len(),
            names.len(),
        ] {
            put(&mut out, n32(n)?);
        }
        for &o in canon_offs.iter().chain(&all_offs) {
            put(&mut out, o);
        }
        for (_, g) in &self.all {
            put(&mut out, *g);
        }
        for &m in members.iter().flatten() {
            put(&mut out, m);
        }
        for (uuid, per_root) in &self.ords {
            if uuid.len() != UUID_LEN {
                return None;
            }
            let mut pairs: Vec<(u32, u32)> = Vec::new();
            let mut by_group: BTreeMap<(u32, u32), u32> = BTreeMap::new();
            for (r, list) in per_root.iter().enumerate() {
                // Sorted by ordinal: a group's first is its lowest.
                for &(o, g) in list {
                    let o = u32::try_from(o).ok()?;
                    let rep = *by_group.entry((n32(r)?, g)).or_insert(o);
                    pairs.push((o, rep));
                }
            }
            pairs.sort_unstable();
            let mut reps: Vec<(u32, u32, u32)> =
                by_group.iter().map(|(&(r, g), &rep)| (rep, r, g)).collect();
            reps.sort_unstable();
            let overlaps = self.overlaps.get(uuid).map_or(&[][..], Vec::as_slice);
            out.extend_from_slice(uuid.as_bytes());
            for n in [pairs.len(), reps.len(), overlaps.len()] {
                put(&mut out, n32(n)?);
            }
            for (o, rep) in pairs {
                put(&mut out, o);
                put(&mut out, rep);
            }
            for (rep, r, g) in reps {
                for n in [rep, r, g] {
                    put(&mut out, n);
                }
            }
            for (&(r, g), &rep) in &by_group {
                for n in [r, g, rep] {
                    put(&mut out, n);
                }
            }
            for &d in overlaps {
                put(&mut out, d);
            }
        }
        out.extend_from_slice(&names);
        Some(out)
    }

    /// The groups as searches use them.
    fn build(&self) -> Option<NameGroups> {
        NameGroups::read(self.encode()?, 0)
    }
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

/// The first line of a groups file: the version that wrote it (another version's file
/// is stale).
pub(crate) const GROUPS_HEADER: &str =
    concat!("# newsdex name groups 1 ", env!("CARGO_PKG_VERSION"));

/// The groups file of a part.
fn path(ni: &NewsIndex) -> std::path::PathBuf {
    ni.dir
        .join(super::VALUES_DIR)
        .join(format!("{}-groups.bin", ni.part))
}

/// The key line and where the body starts, if `bytes` is a whole file this version
/// wrote (see [`super::whole_file`]).
fn whole_file<'a>(bytes: &'a [u8], key: Option<&str>) -> Option<(&'a [u8], usize)> {
    super::whole_file(bytes, GROUPS_HEADER, key, super::Verify::Sum)
}

/// What `newsdex check` says of a groups file: fine when this version wrote it whole
/// (or another version wrote it: it is only stale).
pub(crate) fn check_file(file: &std::path::Path) -> Result<(), String> {
    let Some((bytes, start)) =
        super::check_whole_file(file, "# newsdex name groups", GROUPS_HEADER)?
    else {
        return Ok(());
    };
    NameGroups::read(bytes, start)
        .map(|_| ())
        .ok_or_else(|| "is damaged: its sections do not add up".into())
}

/// Works out the groups of `ni` as `searcher` sees it (`evidence`: the article index's
/// searcher, for the quotation index).
fn compute(searcher: &Searcher, evidence: Option<&Searcher>) -> Result<Builder> {
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
    let mut g = Builder {
        canon: decided.iter().map(|d| d.0.clone()).collect(),
        ..Builder::default()
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

/// Encodes groups worked out by [`compute`].
fn encoded(g: &Builder) -> Result<Vec<u8>> {
    g.encode().context(
        "the name groups do not fit their table (a segment with more than 4 \
         billion values): split the archive into several indexes",
    )
}

/// The groups of `ni` as `searcher` sees it: from the file written after the last
/// `index` run when it describes exactly these segments, else worked out again.
pub fn load(ni: &NewsIndex, searcher: &Searcher) -> Result<Arc<NameGroups>> {
    let evidence = evidence_searcher(ni)?;
    let key = key_line(searcher, evidence.as_ref());
    if let Ok(bytes) = std::fs::read(path(ni)) {
        if let Some((_, start)) = whole_file(&bytes, Some(&key)) {
            if let Some(g) = NameGroups::read(bytes, start) {
                return Ok(Arc::new(g));
            }
        }
    }
    let body = encoded(&compute(searcher, evidence.as_ref())?)?;
    let g = NameGroups::read(body, 0)
        .context("cannot read the name groups just worked out: please report this")?;
    Ok(Arc::new(g))
}

/// Writes the groups file of `ni` for what `searcher` sees, unless it already describes
/// these segments.
pub fn save(ni: &NewsIndex, searcher: &Searcher) -> Result<()> {
    // The text file of earlier versions, which searches no longer read.
    let _ = std::fs::remove_file(path(ni).with_extension("tsv"));
    let evidence = evidence_searcher(ni)?;
    let key = key_line(searcher, evidence.as_ref());
    let file = path(ni);
    if std::fs::read(&file).is_ok_and(|bytes| whole_file(&bytes, Some(&key)).is_some()) {
        return Ok(());
    }
    let body = encoded(&compute(searcher, evidence.as_ref())?)?;
    let sum = xxhash_rust::xxh3::xxh3_64(&body);
    let mut out = format!(
        "{GROUPS_HEADER}\n{key}\n# bytes {} xxh3 {sum:016x}\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(&body);
    crate::directory::write_file_atomic(&file, &out)
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

    fn sample() -> Builder {
        let mut g = Builder {
            canon: vec!["Hans Brandt".into(), "John F. Kerry".into()],
            ..Builder::default()
        };
        g.members[0] = vec![("Brandt".into(), 0), ("Hans Brandt".into(), 0)];
        g.members[1] = vec![("John Kerry".into(), 1)];
        g.all = vec![
            ("Brandt".into(), 0),
            ("Hans Brandt".into(), 0),
            ("John Kerry".into(), 1),
        ];
        let uuid = "0123456789abcdef0123456789abcdef".to_string();
        g.ords
            .insert(uuid.clone(), [vec![(3, 0), (7, 0)], vec![(2, 1)]]);
        g.overlaps.insert(uuid, vec![4, 9]);
        g
    }

    #[test]
    fn the_table_answers_from_the_encoded_body() {
        let g = sample().build().expect("encodes");
        assert!(!g.is_empty());
        assert_eq!(g.canonical("John Kerry"), "John F. Kerry");
        assert_eq!(g.canonical("Brandt"), "Hans Brandt");
        assert_eq!(g.canonical("Ute Lind"), "Ute Lind");
        assert_eq!(g.group_of("person", "John Kerry"), None);
        assert_eq!(g.group_of("speaker", "John Kerry"), Some(1));
        assert_eq!(g.group_of("person", "Brandt"), Some(0));
        assert_eq!(g.group_named("John F. Kerry"), Some(1));
        assert_eq!(g.group_named("John Kerry"), None);
        assert_eq!(
            g.canonical_names().collect::<Vec<_>>(),
            vec!["Hans Brandt", "John F. Kerry"]
        );
        assert_eq!(
            g.members("person", |id| id == 0).collect::<Vec<_>>(),
            vec!["Brandt", "Hans Brandt"]
        );
        assert_eq!(g.members("org", |_| true).count(), 0);
        let mut shown = vec![
            "Brandt".to_string(),
            "Ute Lind".into(),
            "Hans Brandt".into(),
        ];
        g.canonicalize(&mut shown);
        assert_eq!(shown, vec!["Hans Brandt", "Ute Lind"]);

        assert_eq!(g.segment_position("ffffffffffffffffffffffffffffffff"), None);
        let s = g
            .segment(
                g.segment_position("0123456789abcdef0123456789abcdef")
                    .expect("segment"),
            )
            .expect("segment");
        // Ordinal 2 is the speaker "John Kerry"; 3 and 7 the person values of group 0,
        // whose representative is the lower.
        assert_eq!(s.pairs().collect::<Vec<_>>(), vec![(2, 2), (3, 3), (7, 3)]);
        assert_eq!(s.representative(7), Some(3));
        assert_eq!(s.representative(5), None);
        assert_eq!(s.group_of(3), Some((0, 0)));
        assert_eq!(s.group_of(2), Some((1, 1)));
        assert_eq!(s.group_of(7), None);
        assert_eq!(s.rep_of(0, 0), Some(3));
        assert_eq!(s.rep_of(1, 1), Some(2));
        assert_eq!(s.rep_of(1, 0), None);
        assert_eq!(s.overlaps().collect::<Vec<_>>(), vec![4, 9]);
        assert!(NameGroups::default().is_empty());
        assert_eq!(NameGroups::default().canonical("Brandt"), "Brandt");
    }

    #[test]
    fn only_a_whole_file_for_the_same_segments_is_read() {
        let body = sample().encode().expect("encodes");
        let file = |key: &str, body: &[u8]| {
            let mut out = format!(
                "{GROUPS_HEADER}\n{key}\n# bytes {} xxh3 {:016x}\n",
                body.len(),
                xxhash_rust::xxh3::xxh3_64(body)
            )
            .into_bytes();
            out.extend_from_slice(body);
            out
        };
        let good = file("# segments a:0", &body);
        let (_, start) = whole_file(&good, Some("# segments a:0")).expect("whole");
        assert_eq!(NameGroups::read(good.clone(), start), sample().build());
        // Other segments or deletions: stale.
        assert!(whole_file(&good, Some("# segments a:1")).is_none());
        // Cut short, or a byte changed: damaged.
        assert!(whole_file(&good[..good.len() - 1], Some("# segments a:0")).is_none());
        let mut flipped = good.clone();
        if let Some(b) = flipped.last_mut() {
            *b ^= 1;
        }
        assert!(whole_file(&flipped, Some("# segments a:0")).is_none());
        // Another version's file.
        let old = [
            b"# newsdex name groups 0 0.0.1".as_slice(),
            &good[GROUPS_HEADER.len()..],
        ]
        .concat();
        assert!(whole_file(&old, Some("# segments a:0")).is_none());
        // A body whose sections do not add up is not read, whatever its checksum says;
        // neither is one cut anywhere.
        for cut in 0..body.len() {
            assert!(NameGroups::read(body[..cut].to_vec(), 0).is_none(), "{cut}");
        }
        let mut longer = body.clone();
        longer.push(0);
        assert!(NameGroups::read(longer, 0).is_none());
    }
}
