//! Timelines: how many matching articles fall in each day, week, month or year — a date
//! collector over the `date` fast field, buckets with empty periods filled in, and the
//! terminal bar chart.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Serialize;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

/// The size of a histogram bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One calendar day (UTC), labelled `2015-11-24`.
    Day,
    /// An ISO week, Monday to Sunday, labelled `2015-W48`.
    Week,
    /// A calendar month, labelled `2015-11`.
    Month,
    /// A calendar year, labelled `2015`.
    Year,
}

impl Period {
    /// Every period, in the order the help lists them.
    pub const ALL: [Period; 4] = [Period::Day, Period::Week, Period::Month, Period::Year];

    /// The period's name on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

impl std::str::FromStr for Period {
    type Err = crate::error::Error;

    fn from_str(s: &str) -> Result<Period, crate::error::Error> {
        Period::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| crate::error::Error::InvalidPeriod(s.to_string()))
    }
}

/// Collects the publication dates (Unix seconds) of matching documents.
pub struct DateCollector;

/// [`DateCollector`]'s per-segment part: reads the `date` fast field, skipping documents
/// without a date (the whole segment when it has no such column).
pub struct DateSegmentCollector {
    column: Option<Column<tantivy::DateTime>>,
    dates: Vec<i64>,
    /// The dates of a block of documents, reused from block to block.
    block: Vec<Option<tantivy::DateTime>>,
}

impl Collector for DateCollector {
    type Fruit = Vec<i64>;
    type Child = DateSegmentCollector;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<DateSegmentCollector> {
        let column = segment.fast_fields().date("date").ok();
        Ok(DateSegmentCollector {
            column,
            dates: Vec::new(),
            block: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<i64>>) -> tantivy::Result<Vec<i64>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for DateSegmentCollector {
    type Fruit = Vec<i64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(col) = &self.column {
            if let Some(d) = col.first(doc) {
                self.dates.push(d.into_timestamp_secs());
            }
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        let Some(col) = &self.column else { return };
        // `first_vals` leaves the slot of a document without a date untouched.
        self.block.clear();
        self.block.resize(docs.len(), None);
        col.first_vals(docs, &mut self.block);
        self.dates
            .extend(self.block.iter().flatten().map(|d| d.into_timestamp_secs()));
    }

    fn harvest(self) -> Vec<i64> {
        self.dates
    }
}

/// The first day of the period containing `d`.
pub fn period_start(d: NaiveDate, p: Period) -> NaiveDate {
    match p {
        Period::Day => d,
        Period::Week => d - Duration::days(d.weekday().num_days_from_monday() as i64),
        Period::Month => d.with_day(1).unwrap_or(d),
        Period::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).unwrap_or(d),
    }
}

fn next_period(d: NaiveDate, p: Period) -> NaiveDate {
    match p {
        Period::Day => d + Duration::days(1),
        Period::Week => d + Duration::days(7),
        Period::Month => d
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(d + Duration::days(31)),
        Period::Year => {
            NaiveDate::from_ymd_opt(d.year() + 1, 1, 1).unwrap_or(d + Duration::days(366))
        }
    }
}

/// How a period is labelled: 2015-11-24, 2015-W48, 2015-11, 2015.
pub fn label(d: NaiveDate, p: Period) -> String {
    match p {
        Period::Day => d.format("%Y-%m-%d").to_string(),
        Period::Week => format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week()),
        Period::Month => d.format("%Y-%m").to_string(),
        Period::Year => d.format("%Y").to_string(),
    }
}

/// One bucket of a histogram.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Bucket {
    /// The period's label (see [`label`]): `2015-11-24`, `2015-W48`, `2015-11`, `2015`.
    pub period: String,
    /// Matching articles dated in the period; 0 for a period filled in.
    pub count: u64,
}

/// Most buckets a histogram may have (20 years of weeks); wider spans are refused.
pub const MAX_BUCKETS: usize = 1100;

/// Buckets for `dates` from `first` to `last` (inclusive), empty periods included.
pub fn buckets(dates: &[i64], p: Period, first: NaiveDate, last: NaiveDate) -> Vec<Bucket> {
    let mut counts = std::collections::BTreeMap::new();
    for &s in dates {
        if let Some(d) = DateTime::<Utc>::from_timestamp(s, 0) {
            *counts
                .entry(period_start(d.date_naive(), p))
                .or_insert(0u64) += 1;
        }
    }
    let mut out = Vec::new();
    let mut d = period_start(first, p);
    let end = period_start(last, p);
    while d <= end && out.len() < MAX_BUCKETS {
        out.push(Bucket {
            period: label(d, p),
            count: counts.get(&d).copied().unwrap_or(0),
        });
        d = next_period(d, p);
    }
    out
}

/// The date span of a set of timestamps.
pub fn span(dates: &[i64]) -> Option<(NaiveDate, NaiveDate)> {
    let min = dates.iter().min()?;
    let max = dates.iter().max()?;
    Some((
        DateTime::<Utc>::from_timestamp(*min, 0)?.date_naive(),
        DateTime::<Utc>::from_timestamp(*max, 0)?.date_naive(),
    ))
}

/// Renders a bar chart: one aligned row per bucket, bars scaled to `width` columns.
pub fn render_bars(buckets: &[Bucket], width: usize) -> String {
    let label_w = buckets.iter().map(|b| b.period.len()).max().unwrap_or(0);
    let max = buckets.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let count_w = max.to_string().len();
    let bar_w = width.saturating_sub(label_w + count_w + 4).max(10);
    let mut out = String::new();
    for b in buckets {
        let n = ((b.count as f64 / max as f64) * bar_w as f64).round() as usize;
        let n = if b.count > 0 { n.max(1) } else { 0 };
        out.push_str(&format!(
            "{:<label_w$}  {:>count_w$} {}\n",
            b.period,
            b.count,
            "█".repeat(n)
        ));
    }
    out
}

/// Renders several series over the same periods as rows of small bars (▁▂▃▄▅▆▇█).
pub fn render_rows(series: &[(String, Vec<Bucket>)], width: usize) -> String {
    const LEVELS: [char; 9] = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let name_w = series
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0)
        .min(30);
    let Some((_, first)) = series.first() else {
        return String::new();
    };
    let cols = first.len();
    let room = width.saturating_sub(name_w + 10).max(10);
    // Several periods per column when there are more periods than columns.
    let per_col = cols.div_ceil(room).max(1);
    let mut out = String::new();
    let first_label = first.first().map(|b| b.period.as_str()).unwrap_or("");
    let last_label = first.last().map(|b| b.period.as_str()).unwrap_or("");
    let chart_w = cols.div_ceil(per_col);
    out.push_str(&format!(
        "{:name_w$}  {first_label}{:>w$}\n",
        "",
        last_label,
        w = chart_w.saturating_sub(first_label.len())
    ));
    for (name, buckets) in series {
        let sums: Vec<u64> = buckets
            .chunks(per_col)
            .map(|c| c.iter().map(|b| b.count).sum())
            .collect();
        let max = sums.iter().copied().max().unwrap_or(0).max(1);
        let bars: String = sums
            .iter()
            .map(|&s| {
                let lvl = if s == 0 {
                    0
                } else {
                    ((s as f64 / max as f64) * 8.0).ceil() as usize
                };
                LEVELS[lvl.min(8)]
            })
            .collect();
        let total: u64 = buckets.iter().map(|b| b.count).sum();
        let name: String = name.chars().take(name_w).collect();
        out.push_str(&format!("{name:<name_w$}  {bars}  {total}\n"));
    }
    if per_col > 1 {
        out.push_str(&format!("(one column = {per_col} periods)\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_from_their_names_and_serialize_as_them() {
        for p in Period::ALL {
            assert_eq!(p.as_str().parse::<Period>().ok(), Some(p));
            assert_eq!(
                serde_json::to_string(&p).ok(),
                Some(format!("\"{}\"", p.as_str()))
            );
        }
        let err = "fortnight".parse::<Period>().err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("invalid period \"fortnight\": use day, week, month or year")
        );
    }

    fn ts(y: i32, m: u32, d: u32) -> i64 {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn monthly_buckets_fill_gaps() {
        let dates = [ts(2015, 11, 24), ts(2015, 11, 2), ts(2016, 2, 1)];
        let (a, b) = span(&dates).unwrap();
        let got = buckets(&dates, Period::Month, a, b);
        let want: Vec<(String, u64)> = [
            ("2015-11", 2),
            ("2015-12", 0),
            ("2016-01", 0),
            ("2016-02", 1),
        ]
        .iter()
        .map(|(p, c)| (p.to_string(), *c))
        .collect();
        assert_eq!(
            got.iter()
                .map(|b| (b.period.clone(), b.count))
                .collect::<Vec<_>>(),
            want
        );
    }

    #[test]
    fn weeks_start_on_monday_and_years_on_january_first() {
        let d = NaiveDate::from_ymd_opt(2015, 11, 26).unwrap(); // a Thursday
        assert_eq!(
            period_start(d, Period::Week),
            NaiveDate::from_ymd_opt(2015, 11, 23).unwrap()
        );
        assert_eq!(label(d, Period::Week), "2015-W48");
        assert_eq!(label(d, Period::Year), "2015");
        assert_eq!(label(d, Period::Day), "2015-11-26");
    }

    #[test]
    fn bars_are_aligned_and_scaled() {
        let b = vec![
            Bucket {
                period: "2015".into(),
                count: 10,
            },
            Bucket {
                period: "2016".into(),
                count: 0,
            },
            Bucket {
                period: "2017".into(),
                count: 5,
            },
        ];
        let out = render_bars(&b, 40);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3);
        let full = lines[0].matches('█').count();
        assert_eq!(full, 40 - 4 - 2 - 4);
        assert_eq!(lines[1].matches('█').count(), 0);
        assert_eq!(lines[2].matches('█').count(), full / 2);
        assert!(lines.iter().all(|l| l.find(' ') == Some(4)));
    }
}
