//! Filters: what the user typed (`--speaker`, `--country`, `--since`…) resolved to
//! facet values and date ranges, with suggestions when a value matches nothing.

use super::*;
use crate::index::values::groups::NameGroups;
use std::cell::OnceCell;
use std::sync::Arc;

/// An index, the searcher a search runs on, and the name groups of the index as that
/// searcher sees it (see [`crate::index::values::groups`]), loaded the first time a
/// filter, the facet counts or a hit needs them.
pub(crate) struct LazyGroups<'a> {
    pub(crate) ni: &'a NewsIndex,
    pub(crate) searcher: &'a Searcher,
    cell: OnceCell<Arc<NameGroups>>,
}

impl<'a> LazyGroups<'a> {
    pub(crate) fn new(ni: &'a NewsIndex, searcher: &'a Searcher) -> LazyGroups<'a> {
        LazyGroups {
            ni,
            searcher,
            cell: OnceCell::new(),
        }
    }

    pub(crate) fn get(&self) -> Result<Arc<NameGroups>> {
        if let Some(g) = self.cell.get() {
            return Ok(g.clone());
        }
        let g = crate::index::values::groups::load(self.ni, self.searcher)?;
        Ok(self.cell.get_or_init(|| g).clone())
    }
}

/// Adds to `matched` (the values under `root` a filter value `input` matched) every
/// value of the groups `input` names: a group whose canonical name it matches, or one of
/// the values matched belongs to. `--speaker "Hans Brandt"` also finds "Brandt".
pub(crate) fn add_group_members(
    groups: &NameGroups,
    root: &str,
    input: &str,
    matched: &mut Vec<String>,
) {
    let mut ids: BTreeSet<u32> = matched
        .iter()
        .filter_map(|v| groups.group_of(root, v))
        .collect();
    let mut m = ValueMatcher::new(input);
    for c in groups.canonical_names() {
        m.offer(c);
    }
    ids.extend(m.finish().0.iter().filter_map(|c| groups.group_named(c)));
    if ids.is_empty() {
        return;
    }
    let mut all: BTreeSet<String> = std::mem::take(matched).into_iter().collect();
    all.extend(
        groups
            .members(root, |g| ids.contains(&g))
            .map(str::to_owned),
    );
    *matched = all.into_iter().collect();
}

/// The query for the documents with `value` under `root`, or with any value of the
/// group `value` is the canonical name of.
pub(crate) fn value_query(
    ni: &NewsIndex,
    groups: &NameGroups,
    root: &str,
    value: &str,
) -> Box<dyn Query> {
    let Some(id) = groups.group_named(value) else {
        return facet_term(ni, root, value);
    };
    let should: Vec<(Occur, Box<dyn Query>)> = groups
        .members(root, |g| g == id)
        .map(|v| (Occur::Should, facet_term(ni, root, v)))
        .collect();
    if should.is_empty() {
        return facet_term(ni, root, value);
    }
    Box::new(BooleanQuery::new(should))
}

/// The filters shared by the commands that query the index, as the user typed them;
/// each value is resolved against the index when the search runs.
#[derive(Clone, Debug, Default)]
pub struct Filters {
    /// Articles quoting any of these speakers.
    pub speaker: Vec<String>,
    /// Articles mentioning any of these people.
    pub person: Vec<String>,
    /// Articles mentioning any of these organizations.
    pub org: Vec<String>,
    /// Articles mentioning any of these places.
    pub place: Vec<String>,
    /// Articles about any of these countries (name, alias, demonym or ISO code).
    pub country: Vec<String>,
    /// Articles from any of these sources.
    pub source: Vec<String>,
    /// Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub since: Option<String>,
    /// Published on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    pub until: Option<String>,
}

/// Parses YYYY, YYYY-MM or YYYY-MM-DD into the first day of that period and the first
/// day after it.
pub fn parse_period(s: &str) -> Result<(DateTime<Utc>, DateTime<Utc>), Error> {
    let bad = || Error::InvalidDate(s.to_string());
    let parts: Vec<&str> = s.trim().split(['-', '/']).collect();
    let num = |p: &str| p.parse::<u32>().map_err(|_| bad());
    let (start, end) = match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            (
                NaiveDate::from_ymd_opt(y, 1, 1),
                NaiveDate::from_ymd_opt(y + 1, 1, 1),
            )
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)
            };
            (NaiveDate::from_ymd_opt(y, m, 1), next)
        }
        [y, m, d] if y.len() == 4 => {
            let date = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?);
            (date, date.and_then(|d| d.succ_opt()))
        }
        _ => return Err(bad()),
    };
    let (Some(start), Some(end)) = (start, end) else {
        return Err(bad());
    };
    let utc = |d: NaiveDate| Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default());
    Ok((utc(start), utc(end)))
}

/// A date as tantivy stores it (nanoseconds in an i64), saturating outside 1677–2262
/// instead of overflowing.
pub(crate) fn to_tantivy(d: DateTime<Utc>) -> tantivy::DateTime {
    let secs = d.timestamp();
    match secs.checked_mul(1_000_000_000) {
        Some(nanos) => tantivy::DateTime::from_timestamp_nanos(nanos),
        None if secs < 0 => tantivy::DateTime::MIN,
        None => tantivy::DateTime::MAX,
    }
}

/// Checks what can be checked without the index: the query's size and nesting and the
/// dates of `--since` and `--until`.
pub fn validate(query: Option<&str>, filters: &Filters) -> Result<(), Error> {
    if let Some(q) = query {
        check_query(q)?;
    }
    since_until(filters).map(|_| ())
}

pub(crate) type Period2 = Option<(DateTime<Utc>, DateTime<Utc>)>;

/// The periods of `--since` and `--until`, refused when the first is after the second.
pub(crate) fn since_until(filters: &Filters) -> Result<(Period2, Period2), Error> {
    let since = filters.since.as_deref().map(parse_period).transpose()?;
    let until = filters.until.as_deref().map(parse_period).transpose()?;
    if let (Some((s, _)), Some((_, u))) = (since, until) {
        if s >= u {
            return Err(Error::DateOrder {
                since: filters.since.clone().unwrap_or_default(),
                until: filters.until.clone().unwrap_or_default(),
            });
        }
    }
    Ok((since, until))
}

/// Every facet value under `/root` in the index, sorted.
pub fn facet_values(ni: &NewsIndex, searcher: &Searcher, root: &str) -> Result<Vec<String>> {
    let mut out = BTreeSet::new();
    crate::index::values::for_each(ni, searcher, root, |v, _| {
        if !out.contains(v) {
            out.insert(v.to_owned());
        }
    })?;
    Ok(out.into_iter().collect())
}

/// Decides which facet values a user's filter value stands for: the value itself (folded)
/// and every value containing it as whole words. Values are offered one at a
/// time and folded into one reused buffer, so a whole facet dictionary can stream through.
pub struct ValueMatcher {
    folded: String,
    buf: String,
    exact: BTreeSet<String>,
    words: BTreeSet<String>,
    /// The longest ASCII word of the folded input (lower case): a value without it,
    /// whatever its case, cannot match, and most values are ruled out without being
    /// folded.
    word: Option<String>,
}

/// Whether `hay` holds `word` (lower-case ASCII), in any case.
fn contains_ascii_nocase(hay: &str, word: &str) -> bool {
    let (hay, word) = (hay.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    hay.len() >= word.len()
        && hay[..=hay.len() - word.len()]
            .iter()
            .enumerate()
            .any(|(i, b)| {
                b.to_ascii_lowercase() == first
                    && hay[i + 1..i + word.len()].eq_ignore_ascii_case(rest)
            })
}

impl ValueMatcher {
    /// A matcher for the filter value the user typed (`"putin"`, `"new york"`); it is
    /// folded once here.
    pub fn new(input: &str) -> ValueMatcher {
        let folded = fold(input);
        let word = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .max_by_key(|w| w.len())
            .filter(|w| !w.is_empty())
            .map(str::to_ascii_lowercase);
        ValueMatcher {
            folded,
            buf: String::new(),
            exact: BTreeSet::new(),
            words: BTreeSet::new(),
            word,
        }
    }

    /// Offers one facet value (`"Vladimir Putin"`): kept if it folds to the input or
    /// contains it as whole words, else dropped.
    pub fn offer(&mut self, value: &str) {
        // Folding an ASCII value without periods only changes case, hyphens and spaces,
        // so a word of the input is in the folded value only if it is in the value.
        if let Some(w) = &self.word {
            if value.is_ascii() && !value.contains('.') && !contains_ascii_nocase(value, w) {
                return;
            }
        }
        let mut buf = std::mem::take(&mut self.buf);
        fold_into(value, &mut buf);
        self.offer_folded(value, &buf);
        self.buf = buf;
    }

    /// [`ValueMatcher::offer`] for a value already folded.
    pub fn offer_folded(&mut self, value: &str, folded: &str) {
        if folded == self.folded {
            self.exact.insert(value.to_owned());
        } else if contains_words(folded, &self.folded) {
            self.words.insert(value.to_owned());
        }
    }

    /// The matched values (sorted) and whether they are exactly the value typed. A
    /// value equal to the input does not hide the others that contain it: `--person
    /// putin` finds "Vladimir Putin" even where an article has a bare "Putin".
    pub fn finish(self) -> (Vec<String>, bool) {
        let exact = self.words.is_empty() && !self.exact.is_empty();
        let mut all = self.exact;
        all.extend(self.words);
        (all.into_iter().collect(), exact)
    }
}

/// The facet values a user's filter value stands for (see [`ValueMatcher`]).
pub fn match_values(values: &[String], input: &str) -> Vec<String> {
    let mut m = ValueMatcher::new(input);
    for v in values {
        m.offer(v);
    }
    m.finish().0
}

/// [`match_values`] over every value under `/root` in the index, in one pass over each
/// segment's dictionary that keeps only the matches.
pub fn match_facet(
    ni: &NewsIndex,
    searcher: &Searcher,
    root: &str,
    input: &str,
) -> Result<(Vec<String>, bool)> {
    let mut m = ValueMatcher::new(input);
    // Lines of the value list whose folded value lacks the input's longest word cannot
    // match.
    let word = m.word.clone();
    crate::index::values::for_each_containing(ni, searcher, root, word.as_deref(), |v, folded| {
        match folded {
            Some(f) => m.offer_folded(v, f),
            None => m.offer(v),
        }
    })?;
    Ok(m.finish())
}

/// The closest values to suggest when nothing matched.
pub fn suggest(values: &[String], input: &str) -> Vec<String> {
    let f = fold(input);
    let mut scored: Vec<(f64, &String)> = values
        .iter()
        .map(|v| {
            let fv = fold(v);
            let best_word = fv
                .split(' ')
                .map(|w| strsim::jaro_winkler(w, &f))
                .fold(0.0, f64::max);
            (strsim::jaro_winkler(&fv, &f).max(best_word), v)
        })
        .filter(|(s, _)| *s > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, v)| v.clone()).collect()
}

pub(crate) fn facet_term(ni: &NewsIndex, root: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(ni.fields.entity, &Facet::from_path([root, value])),
        IndexRecordOption::Basic,
    ))
}

/// Builds the filter clauses, resolving each value against the index.
pub(crate) fn filter_clauses(
    ni: &NewsIndex,
    searcher: &Searcher,
    filters: &Filters,
    names: &LazyGroups,
    resolved: &mut Vec<ResolvedFilter>,
) -> Result<Vec<Box<dyn Query>>> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    let groups: [(&str, &str, &Vec<String>); 5] = [
        ("speaker", "speaker", &filters.speaker),
        ("person", "person", &filters.person),
        ("org", "org", &filters.org),
        ("place", "place", &filters.place),
        ("country", "country", &filters.country),
    ];
    for (flag, root, inputs) in groups {
        if inputs.is_empty() {
            continue;
        }
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for input in inputs {
            let mut matched = Vec::new();
            if root == "country" {
                if let Some(c) = crate::extract::gazetteer::lookup_country(input) {
                    should.push((
                        Occur::Should,
                        Box::new(TermQuery::new(
                            Term::from_field_text(ni.fields.country_code, &c.code),
                            IndexRecordOption::Basic,
                        )),
                    ));
                    resolved.push(ResolvedFilter {
                        filter: flag.into(),
                        value: input.clone(),
                        matched: vec![format!("{} ({})", c.name, c.code)],
                    });
                    continue;
                }
            }
            if root == "org" {
                // "ISIL", "Daesh" → "Islamic State".
                if let Some(canonical) = crate::extract::gazetteer::lookup_org(input) {
                    matched.extend(match_facet(ni, searcher, root, &canonical)?.0);
                }
            }
            if matched.is_empty() {
                matched.extend(match_facet(ni, searcher, root, input)?.0);
            }
            if root == "person" || root == "speaker" {
                add_group_members(&*names.get()?, root, input, &mut matched);
            }
            if matched.is_empty() {
                return Err(Error::UnknownValue {
                    what: flag.to_string(),
                    input: input.clone(),
                    suggestions: suggest(&facet_values(ni, searcher, root)?, input),
                }
                .into());
            }
            for v in &matched {
                should.push((Occur::Should, facet_term(ni, root, v)));
            }
            resolved.push(ResolvedFilter {
                filter: flag.into(),
                value: input.clone(),
                matched,
            });
        }
        clauses.push(Box::new(BooleanQuery::new(should)));
    }
    if !filters.source.is_empty() {
        let parser = QueryParser::for_index(&ni.index, vec![ni.fields.source]);
        let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for s in &filters.source {
            let phrase = format!("\"{}\"", s.replace(['"', '\\'], " "));
            let q = parser.parse_query(&phrase).map_err(|e| Error::Query {
                query: s.clone(),
                reason: e.to_string(),
            })?;
            should.push((Occur::Should, q));
        }
        clauses.push(Box::new(BooleanQuery::new(should)));
    }
    let (since, until) = since_until(filters)?;
    if since.is_some() || until.is_some() {
        let lo = since.map_or(Bound::Unbounded, |(s, _)| Bound::Included(to_tantivy(s)));
        // Past the last date tantivy can store, --until keeps every dated article.
        let hi = until.map_or(Bound::Unbounded, |(_, u)| {
            if to_tantivy(u) == tantivy::DateTime::MAX {
                Bound::Included(to_tantivy(u))
            } else {
                Bound::Excluded(to_tantivy(u))
            }
        });
        clauses.push(Box::new(super::dates::DateRange::new(
            ni.fields.date,
            lo,
            hi,
        )));
    }
    Ok(clauses)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let f = |s: &str| {
            parse_period(s).map(|(a, b)| (a.format("%F").to_string(), b.format("%F").to_string()))
        };
        assert_eq!(
            f("2015").unwrap(),
            ("2015-01-01".into(), "2016-01-01".into())
        );
        assert_eq!(
            f("2015-12").unwrap(),
            ("2015-12-01".into(), "2016-01-01".into())
        );
        assert_eq!(
            f("2015-11-24").unwrap(),
            ("2015-11-24".into(), "2015-11-25".into())
        );
        assert!(f("2015-13").is_err());
        assert!(f("15").is_err());
        assert!(f("2015-02-30").is_err());
        assert!(f("soon").is_err());
    }

    #[test]
    fn dates_saturate_at_what_tantivy_stores() {
        let d = |s: &str| to_tantivy(parse_period(s).unwrap().0);
        assert_eq!(d("2300"), tantivy::DateTime::MAX);
        assert_eq!(d("1600"), tantivy::DateTime::MIN);
        assert_eq!(d("2015").into_timestamp_secs(), 1_420_070_400);
    }

    #[test]
    fn a_name_finds_the_values_of_its_group() {
        let groups = NameGroups::from_table(&[
            ("person", "Brandt", "Hans Brandt"),
            ("person", "Hans Brandt", "Hans Brandt"),
            // An article only quotes "Mr Brandt": no speaker value "Hans Brandt".
            ("speaker", "Brandt", "Hans Brandt"),
        ]);
        let add = |root: &str, input: &str, matched: &[&str]| {
            let mut m: Vec<String> = matched.iter().map(|s| s.to_string()).collect();
            add_group_members(&groups, root, input, &mut m);
            m
        };
        assert_eq!(add("speaker", "Hans Brandt", &[]), vec!["Brandt"]);
        assert_eq!(add("speaker", "hans brandt", &[]), vec!["Brandt"]);
        assert_eq!(
            add("person", "Hans Brandt", &["Hans Brandt"]),
            vec!["Brandt", "Hans Brandt"]
        );
        // A matched member brings its group.
        assert_eq!(
            add("person", "Brandt", &["Brandt"]),
            vec!["Brandt", "Hans Brandt"]
        );
        // Other names, and the other roots, are left alone.
        assert_eq!(
            add("speaker", "Maria Brandt", &["Maria Brandt"]),
            vec!["Maria Brandt"]
        );
        assert!(add("org", "Hans Brandt", &[]).is_empty());
    }

    #[test]
    fn matching_values() {
        let values: Vec<String> = [
            "Barack Obama",
            "Michelle Obama",
            "Obamacare Group",
            "Paris, France",
            "Paris, Texas, United States",
            "Putin",
            "Vladimir Putin",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            match_values(&values, "obama"),
            vec!["Barack Obama", "Michelle Obama"]
        );
        assert_eq!(match_values(&values, "BARACK OBAMA"), vec!["Barack Obama"]);
        assert_eq!(match_values(&values, "paris").len(), 2);
        assert_eq!(
            match_values(&values, "paris, texas"),
            vec!["Paris, Texas, United States"]
        );
        assert!(match_values(&values, "obam").is_empty());
        // A bare surname value does not hide the full names (issue 10).
        assert_eq!(
            match_values(&values, "putin"),
            vec!["Putin", "Vladimir Putin"]
        );
        assert_eq!(
            match_values(&values, "Vladimir Putin"),
            vec!["Vladimir Putin"]
        );
        let hints = suggest(&values, "obamma");
        assert!(hints.contains(&"Barack Obama".to_string()), "{hints:?}");
        assert!(!hints.iter().any(|h| h.starts_with("Paris")), "{hints:?}");
        assert!(suggest(&values, "zzzz").is_empty());
    }
}
