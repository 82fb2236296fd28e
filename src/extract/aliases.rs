//! The user's own alias table: a file of `Canonical name<TAB>alias|alias|…` lines that
//! merges names across the archive (`Barack Obama<TAB>Obama|President Obama`,
//! `Islamic State<TAB>IS|Daesh`) on top of the built-in tables. Lines starting with `#`
//! are comments. Matching is case- and accent-insensitive.

use super::fold::fold;
use super::Entities;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::sync::OnceLock;

/// Folded alias → canonical name.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Aliases {
    map: HashMap<String, String>,
}

static USER: OnceLock<Aliases> = OnceLock::new();

impl Aliases {
    /// Parses an alias file's contents; `Err` names the first bad line.
    pub fn parse(text: &str) -> Result<Aliases, String> {
        let mut map = HashMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((canonical, aliases)) = line.split_once('\t') else {
                return Err(format!(
                    "line {}: expected `Canonical name<TAB>alias|alias`",
                    n + 1
                ));
            };
            let canonical = canonical.trim();
            if canonical.is_empty() {
                return Err(format!("line {}: empty canonical name", n + 1));
            }
            for a in aliases.split('|').map(str::trim).filter(|a| !a.is_empty()) {
                map.insert(fold(a), canonical.to_string());
            }
            map.insert(fold(canonical), canonical.to_string());
        }
        Ok(Aliases { map })
    }

    /// Reads an alias file.
    pub fn load(path: &Path) -> anyhow::Result<Aliases> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the aliases file {}: {e}", path.display()))?;
        Aliases::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
    }

    /// Makes `self` the table every extraction in this process uses.
    pub fn install(self) {
        let _ = USER.set(self);
    }

    /// The canonical name for `name`, or `name` itself.
    pub fn canonical(&self, name: &str) -> String {
        self.map
            .get(&fold(name))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }

    /// Rewrites the names of people, speakers, organizations and places.
    pub fn apply(&self, e: &mut Entities) {
        let map_set = |v: &mut Vec<String>| {
            let set: BTreeSet<String> = v.iter().map(|n| self.canonical(n)).collect();
            *v = set.into_iter().collect();
        };
        map_set(&mut e.people);
        map_set(&mut e.speakers);
        map_set(&mut e.orgs);
        map_set(&mut e.places);
        for m in &mut e.mentions {
            m.canonical = self.canonical(&m.canonical);
        }
        for q in &mut e.quotes {
            if let Some(s) = &q.speaker {
                q.speaker = Some(self.canonical(s));
            }
        }
    }
}

/// The installed user table, if any.
pub fn user() -> Option<&'static Aliases> {
    USER.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_applies() {
        let a =
            Aliases::parse("# people\nBarack Obama\tObama|President Obama\nIslamic State\tIS\n")
                .unwrap();
        assert_eq!(a.canonical("obama"), "Barack Obama");
        assert_eq!(a.canonical("President  Obama"), "Barack Obama");
        assert_eq!(a.canonical("Kerry"), "Kerry");
        let mut e = Entities {
            people: vec!["Obama".into(), "Barack Obama".into()],
            speakers: vec!["Obama".into()],
            ..Entities::default()
        };
        a.apply(&mut e);
        assert_eq!(e.people, vec!["Barack Obama"]);
        assert_eq!(e.speakers, vec!["Barack Obama"]);
    }

    #[test]
    fn bad_lines_are_named() {
        assert_eq!(
            Aliases::parse("ok\talias\nno tab here").unwrap_err(),
            "line 2: expected `Canonical name<TAB>alias|alias`"
        );
    }
}
