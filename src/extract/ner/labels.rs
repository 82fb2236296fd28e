//! BILOU label set over PER/LOC/ORG/MISC.

/// Number of entity types ([`EntityKind`]); type index `t` is in `0..N_TYPES`.
pub const N_TYPES: usize = 4;
/// O + 4 types x {B, I, L, U}
pub const NL: usize = 1 + 4 * N_TYPES;

/// The type of a tagged span, the CoNLL-2003 classes. The type index (see
/// [`EntityKind::index`]) is the order here: PER 0, LOC 1, ORG 2, MISC 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// `PER`: a person's name (`"Barack Obama"`, `"Obama"`).
    Person,
    /// `LOC`: a place: country, city, region, river (`"Geneva"`, `"Bavaria"`).
    Location,
    /// `ORG`: a company, party, agency, team (`"Reuters"`, `"ANC"`).
    Organization,
    /// `MISC`: other names: nationalities, events, products (`"German"`, `"Olympics"`).
    Misc,
}

impl EntityKind {
    /// The kind of type index `t`; any index from 3 up is `Misc`.
    pub fn from_index(t: usize) -> EntityKind {
        match t {
            0 => EntityKind::Person,
            1 => EntityKind::Location,
            2 => EntityKind::Organization,
            _ => EntityKind::Misc,
        }
    }
    /// Type index: 0 `Person`, 1 `Location`, 2 `Organization`, 3 `Misc`; the inverse
    /// of [`EntityKind::from_index`].
    pub fn index(self) -> usize {
        match self {
            EntityKind::Person => 0,
            EntityKind::Location => 1,
            EntityKind::Organization => 2,
            EntityKind::Misc => 3,
        }
    }
    /// CoNLL short name.
    pub fn code(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Location => "LOC",
            EntityKind::Organization => "ORG",
            EntityKind::Misc => "MISC",
        }
    }
    /// Parse a CoNLL short name (`"PER"`, `"LOC"`, `"ORG"`, `"MISC"`, upper case);
    /// `None` for anything else.
    pub fn from_code(s: &str) -> Option<EntityKind> {
        match s {
            "PER" => Some(EntityKind::Person),
            "LOC" => Some(EntityKind::Location),
            "ORG" => Some(EntityKind::Organization),
            "MISC" => Some(EntityKind::Misc),
            _ => None,
        }
    }
}

/// BILOU position: first token of a multi-token span.
pub const B: usize = 0;
/// BILOU position: inside a span, neither first nor last.
pub const I: usize = 1;
/// BILOU position: last token of a multi-token span.
pub const L: usize = 2;
/// BILOU position: a one-token span (unit).
pub const U: usize = 3;

/// Label id of type index `t` at BILOU position `pos`: `1 + t * 4 + pos` (0 is O),
/// e.g. `label(0, U)` is U-PER; the inverse of [`split`].
#[inline]
pub fn label(t: usize, pos: usize) -> u8 {
    (1 + t * 4 + pos) as u8
}

/// (type, pos) of a non-O label.
#[inline]
pub fn split(l: u8) -> (usize, usize) {
    let x = l as usize - 1;
    (x / 4, x % 4)
}

/// Allowed labels given the previous label (`NL` = sentence start) and whether the
/// current token is the last of its sentence, as a bit mask.
pub fn allowed_mask(prev: usize, last: bool) -> u32 {
    let mut m = 0u32;
    let open = prev != NL && prev != 0 && {
        let (_, p) = split(prev as u8);
        p == B || p == I
    };
    if open {
        let (t, _) = split(prev as u8);
        if !last {
            m |= 1 << label(t, I);
        }
        m |= 1 << label(t, L);
    } else {
        m |= 1;
        for t in 0..N_TYPES {
            if !last {
                m |= 1 << label(t, B);
            }
            m |= 1 << label(t, U);
        }
    }
    m
}

/// Entity spans (token index start, end exclusive, type) from BILOU labels.
pub fn spans(labels: &[u8], out: &mut Vec<(usize, usize, usize)>) {
    let mut start: Option<(usize, usize)> = None;
    for (i, &l) in labels.iter().enumerate() {
        if l == 0 {
            start = None;
            continue;
        }
        let (t, p) = split(l);
        match p {
            B => start = Some((i, t)),
            I => {
                if start.is_none_or(|(_, st)| st != t) {
                    start = Some((i, t));
                }
            }
            L => {
                let s = match start {
                    Some((s, st)) if st == t => s,
                    _ => i,
                };
                out.push((s, i + 1, t));
                start = None;
            }
            _ => {
                out.push((i, i + 1, t));
                start = None;
            }
        }
    }
}

/// Convert IOB1/IOB2/BIOES tags (strings like "I-PER") to BILOU label ids.
pub fn from_iob(tags: &[&str]) -> Vec<u8> {
    let mut spans_: Vec<(usize, usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    let n = tags.len();
    for i in 0..=n {
        let tag = if i < n { tags[i] } else { "O" };
        let (prefix, ty) = match tag.split_once('-') {
            Some((p, t)) => (p, EntityKind::from_code(t).map(|k| k.index())),
            None => ("O", None),
        };
        let ty = if prefix == "O" { None } else { ty };
        let begins = match (prefix, ty, cur) {
            ("B", Some(_), _) | ("S", Some(_), _) => true,
            ("I", Some(t), Some((_, ct))) | ("E", Some(t), Some((_, ct))) => t != ct,
            ("I", Some(_), None) | ("E", Some(_), None) => true,
            _ => false,
        };
        if let Some((s, ct)) = cur {
            if ty.is_none() || begins {
                spans_.push((s, i, ct));
                cur = None;
            }
        }
        if let Some(t) = ty {
            if begins || cur.is_none() {
                cur = Some((i, t));
            }
            if prefix == "E" || prefix == "S" {
                if let Some((s, ct)) = cur {
                    spans_.push((s, i + 1, ct));
                }
                cur = None;
            }
        }
    }
    let mut out = vec![0u8; n];
    for (s, e, t) in spans_ {
        if e - s == 1 {
            out[s] = label(t, U);
        } else {
            out[s] = label(t, B);
            for o in out.iter_mut().take(e - 1).skip(s + 1) {
                *o = label(t, I);
            }
            out[e - 1] = label(t, L);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn iob1_roundtrip() {
        let l = from_iob(&["I-PER", "I-PER", "O", "I-LOC", "B-LOC", "I-ORG"]);
        let mut s = Vec::new();
        spans(&l, &mut s);
        assert_eq!(s, vec![(0, 2, 0), (3, 4, 1), (4, 5, 1), (5, 6, 2)]);
    }
}
