//! Dates as news files write them: ISO 8601 / RFC 3339, RFC 2822, "November 24, 2015",
//! "24 Nov 2015", "2015/11/24", Unix timestamps in JSON, and a date in the path as a
//! fallback. Everything becomes a UTC timestamp.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use std::path::Path;

/// The earliest year accepted; older dates are treated as typos.
pub const MIN_YEAR: i32 = 1800;

/// Why a date string was not accepted.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// None of the known date forms, or a timestamp out of chrono's range.
    #[error("not a date newsdex understands (try 2015-11-24 or November 24, 2015)")]
    Unparsed,
    /// A real date whose year (held here) is before [`MIN_YEAR`]: a typo like `0215`.
    #[error("year {0} is before {MIN_YEAR}")]
    TooOld(i32),
    /// A date more than a day after now (a day of slack for time zones); holds it as
    /// `2031-11-24`.
    #[error("date {0} is in the future")]
    Future(String),
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Month names, lower case, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Weekday names, lower case, Monday first.
pub const WEEKDAY_NAMES: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// True for a month or weekday name written in lower case ("march", "sunday").
pub fn is_month_or_weekday(word: &str) -> bool {
    MONTH_NAMES.contains(&word) || WEEKDAY_NAMES.contains(&word)
}

fn month_from_name(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .zip(MONTH_NAMES.iter())
        .position(|(short, long)| {
            long.starts_with(w.as_str()) && w.starts_with(short) || (w == "sept" && *short == "sep")
        })
        .map(|i| i as u32 + 1)
}

/// Parses a date string in any of the supported formats.
pub fn parse_date(input: &str) -> Result<DateTime<Utc>, DateError> {
    let s = input.trim();
    let dt = parse_any(s).ok_or(DateError::Unparsed)?;
    check_range(dt)
}

fn check_range(dt: DateTime<Utc>) -> Result<DateTime<Utc>, DateError> {
    if dt.year() < MIN_YEAR {
        return Err(DateError::TooOld(dt.year()));
    }
    // A day of slack for time zones and clocks.
    if dt > Utc::now() + chrono::Duration::days(1) {
        return Err(DateError::Future(dt.format("%Y-%m-%d").to_string()));
    }
    Ok(dt)
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN))
}

fn parse_any(s: &str) -> Option<DateTime<Utc>> {
    if s.is_empty() || s.len() > 64 {
        return None;
    }
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.with_timezone(&Utc));
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.with_timezone(&Utc));
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S %z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, fmt) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(Utc.from_utc_datetime(&d));
        }
    }
    for fmt in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(midnight(d));
        }
    }
    parse_words(s)
}

/// "November 24, 2015", "Nov. 24 2015", "Tuesday, 24 November 2015", "24 Nov 2015 10:00".
fn parse_words(s: &str) -> Option<DateTime<Utc>> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let mut month = None;
    let mut day = None;
    let mut year = None;
    for w in &words {
        if let Some(m) = month_from_name(w) {
            if month.is_none() {
                month = Some(m);
                continue;
            }
        }
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == '.');
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let n: u32 = digits.parse().ok()?;
        if digits.len() == 4 && year.is_none() {
            year = Some(n as i32);
        } else if digits.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
            day = Some(n);
        }
    }
    let d = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    Some(midnight(d))
}

/// Parses a unix timestamp (seconds or milliseconds), as found in JSON feeds.
pub fn from_timestamp(n: i64) -> Result<DateTime<Utc>, DateError> {
    let secs = if n.abs() > 100_000_000_000 {
        n / 1000
    } else {
        n
    };
    let dt = DateTime::from_timestamp(secs, 0).ok_or(DateError::Unparsed)?;
    check_range(dt)
}

/// A date spelled in the path: `.../2015/11/24/...`, `2015-11-24-slug.txt`, `20151124`.
pub fn date_from_path(path: &Path) -> Option<DateTime<Utc>> {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    // Folder triple YYYY/MM/DD.
    for w in parts.windows(3) {
        if let (Ok(y), Ok(m), Ok(d)) = (
            w[0].parse::<i32>(),
            w[1].parse::<u32>(),
            w[2].parse::<u32>(),
        ) {
            if w[0].len() == 4 && w[1].len() <= 2 && w[2].len() <= 2 {
                if let Some(date) = NaiveDate::from_ymd_opt(y, m, d) {
                    if let Ok(dt) = check_range(midnight(date)) {
                        return Some(dt);
                    }
                }
            }
        }
    }
    // YYYY-MM-DD or YYYYMMDD inside one component, the last component first.
    for part in parts.iter().rev() {
        let b = part.as_bytes();
        for i in 0..b.len() {
            // Not inside a character ("café-2015-11-24.txt").
            if i > 0 && (b[i - 1].is_ascii_digit() || !part.is_char_boundary(i)) {
                continue;
            }
            let rest = &part[i..];
            // Each format opens with `%Y`, which chrono reads after optional whitespace
            // as a sign or a digit: anything else here cannot parse (most places in a
            // file name are letters; a parse costs hundreds of instructions).
            if !matches!(
                rest.trim_start().as_bytes().first(),
                Some(b'0'..=b'9' | b'+' | b'-')
            ) {
                continue;
            }
            if let Some(dt) = date_opening(rest) {
                return Some(dt);
            }
        }
    }
    None
}

/// The date a file-name component's text opens with, "YYYY-MM-DD", "YYYY_MM_DD" or
/// "YYYYMMDD", not followed by another digit.
fn date_opening(rest: &str) -> Option<DateTime<Utc>> {
    for (fmt, len) in [("%Y-%m-%d", 10), ("%Y_%m_%d", 10), ("%Y%m%d", 8)] {
        if rest.len() >= len && rest.is_char_boundary(len) {
            let cand = &rest[..len];
            let next_is_digit = rest.as_bytes().get(len).is_some_and(u8::is_ascii_digit);
            if !next_is_digit {
                if let Ok(d) = NaiveDate::parse_from_str(cand, fmt) {
                    if let Ok(dt) = check_range(midnight(d)) {
                        return Some(dt);
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(s: &str) -> String {
        parse_date(s)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn iso_and_rfc_formats() {
        assert_eq!(ymd("2015-11-24"), "2015-11-24");
        assert_eq!(ymd("2015-11-24T09:30:00Z"), "2015-11-24");
        assert_eq!(ymd("2015-11-24T23:30:00-05:00"), "2015-11-25");
        assert_eq!(ymd("2015-11-24T09:30:00"), "2015-11-24");
        assert_eq!(ymd("2015-11-24 09:30"), "2015-11-24");
        assert_eq!(ymd("Tue, 24 Nov 2015 09:30:00 +0000"), "2015-11-24");
        assert_eq!(ymd("2015/11/24"), "2015-11-24");
        assert_eq!(ymd("2015.11.24"), "2015-11-24");
    }

    #[test]
    fn written_formats() {
        assert_eq!(ymd("November 24, 2015"), "2015-11-24");
        assert_eq!(ymd("Nov. 24, 2015"), "2015-11-24");
        assert_eq!(ymd("24 Nov 2015"), "2015-11-24");
        assert_eq!(ymd("24 November 2015"), "2015-11-24");
        assert_eq!(ymd("Tuesday, November 24, 2015"), "2015-11-24");
        assert_eq!(ymd("Sept. 3, 2016"), "2016-09-03");
        assert_eq!(ymd("3rd March 2016"), "2016-03-03");
    }

    #[test]
    fn rejects_nonsense_and_out_of_range() {
        assert_eq!(parse_date("yesterday"), Err(DateError::Unparsed));
        assert_eq!(parse_date(""), Err(DateError::Unparsed));
        assert_eq!(parse_date("February 30, 2015"), Err(DateError::Unparsed));
        assert_eq!(parse_date("1492-10-12"), Err(DateError::TooOld(1492)));
        assert!(matches!(
            parse_date("2999-01-01"),
            Err(DateError::Future(_))
        ));
    }

    #[test]
    fn timestamps_in_seconds_and_millis() {
        assert_eq!(
            from_timestamp(1448357400).unwrap().format("%F").to_string(),
            "2015-11-24"
        );
        assert_eq!(
            from_timestamp(1448357400000)
                .unwrap()
                .format("%F")
                .to_string(),
            "2015-11-24"
        );
    }

    #[test]
    fn dates_in_paths() {
        let f = |p: &str| date_from_path(Path::new(p)).map(|d| d.format("%F").to_string());
        assert_eq!(
            f("archive/2015/11/24/story.txt").as_deref(),
            Some("2015-11-24")
        );
        assert_eq!(
            f("archive/2015-11-24-story.txt").as_deref(),
            Some("2015-11-24")
        );
        assert_eq!(
            f("archive/story_20151124.html").as_deref(),
            Some("2015-11-24")
        );
        assert_eq!(f("archive/2015/story.txt"), None);
        assert_eq!(f("archive/123456789/story.txt"), None);
    }

    /// The date of one file-name component as found before positions that cannot open
    /// a date were skipped: every position (on a character boundary) tried with every
    /// format.
    fn date_in_name_trying_everywhere(part: &str) -> Option<DateTime<Utc>> {
        let b = part.as_bytes();
        for i in 0..b.len() {
            if i > 0 && (b[i - 1].is_ascii_digit() || !part.is_char_boundary(i)) {
                continue;
            }
            let rest = &part[i..];
            if let Some(dt) = date_opening(rest) {
                return Some(dt);
            }
        }
        None
    }

    proptest::proptest! {
        /// Skipping the places that cannot open a date finds the same date: signs,
        /// whitespace before the year, short years and months, digits around.
        #[test]
        fn dates_in_names_are_found_as_before(
            name in "([0-9]{1,8}|[a-z]{1,4}|[-_+. ]|\\u{3000}|\\u{a0}|é|2015|1999-|-0[1-9]|_1[0-2]|\\+2015){0,12}"
        ) {
            proptest::prop_assert_eq!(
                date_from_path(Path::new(&name)),
                date_in_name_trying_everywhere(&name)
            );
        }
    }

    /// Dates with a sign or spaces before the year, which chrono reads, are still found.
    #[test]
    fn dates_after_a_sign_or_space_in_names() {
        for name in [
            "x +2015-1-24",
            "x 2015-11-24",
            "a\u{3000}20151124",
            "note-2015_11_24",
        ] {
            assert_eq!(
                date_from_path(Path::new(name)),
                date_in_name_trying_everywhere(name),
                "{name}"
            );
        }
        assert!(date_from_path(Path::new("x +2015-1-24")).is_some());
    }
}
