//! Time ranges from partition paths: `--since` and `--until` select the blobs (or files) of an
//! archive by the time their path names, without opening them.
//!
//! Azure writes three layouts, each with the time in the path:
//! - diagnostic settings: `insights-logs-<category>/resourceId=/…/y=2024/m=07/d=30/h=09/m=00/PT1H.json`;
//! - workspace data export: `am-<table>/WorkspaceResourceId=/…/y=2024/m=07/d=30/h=09/m=00/PT1H.json`;
//! - Event Hubs Capture: `<namespace>/<hub>/<partition>/2024/07/30/09/05/00.avro`.
//!
//! A path (or a prefix of one, while listing) names a [`Period`]: a year, a month, a day, or the
//! span one blob covers. A range admits a path when the two overlap, so a walk can skip a whole
//! `y=2023` folder without listing it. A path that names no time is always admitted: nothing
//! says it is out of range.
//!
//! The span of one blob: a `PT1H.json` blob holds an hour (its `m=00` is always zero, so the
//! hour is what counts); a Capture file named for minute `mm` holds the capture window opened
//! then, which Event Hubs Capture allows to last up to [`CAPTURE_WINDOW_MINUTES`].

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// A half-open span of time `[start, end)`, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Period {
    /// The first instant inside.
    pub start: DateTime<Utc>,
    /// The first instant after.
    pub end: DateTime<Utc>,
}

/// The range `--since`/`--until` select: `[since, until)`, either end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TimeRange {
    /// Nothing before this instant.
    pub since: Option<DateTime<Utc>>,
    /// Nothing at or after this instant.
    pub until: Option<DateTime<Utc>>,
}

/// Why a `--since`/`--until` value was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{value:?} is not a date (2024-07-30) or an RFC 3339 time (2024-07-30T09:00:00Z, 2024-07-30T11:00:00+02:00)"
)]
pub(crate) struct TimeError {
    /// The value as given.
    pub value: String,
}

/// Which end of a range a value gives: a bare date means the start of that day for `--since`,
/// and the end of that day for `--until`, so `--since 2024-07-30 --until 2024-07-30` is that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// `--since`.
    Since,
    /// `--until`.
    Until,
}

/// Parses a `--since`/`--until` value: an RFC 3339 time, or a date (`YYYY-MM-DD`, UTC).
pub(crate) fn parse_bound(value: &str, bound: Bound) -> Result<DateTime<Utc>, TimeError> {
    let error = || TimeError {
        value: value.to_owned(),
    };
    let trimmed = value.trim();
    if let Ok(instant) = DateTime::parse_from_rfc3339(trimmed) {
        return Ok(instant.with_timezone(&Utc));
    }
    let date = NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map_err(|_| error())?;
    let day = match bound {
        Bound::Since => date,
        Bound::Until => date.succ_opt().ok_or_else(error)?,
    };
    Ok(Utc.from_utc_datetime(&day.and_hms_opt(0, 0, 0).ok_or_else(error)?))
}

impl TimeRange {
    /// Whether either end is set.
    pub(crate) fn is_set(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether the period overlaps the range.
    pub(crate) fn overlaps(&self, period: Period) -> bool {
        self.since.is_none_or(|since| period.end > since)
            && self.until.is_none_or(|until| period.start < until)
    }

    /// Whether a path, or a prefix of one, names a period wholly inside the range: everything
    /// under it is in range, so it can be listed in one go.
    pub(crate) fn contains<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> bool {
        period(segments).is_some_and(|period| {
            self.since.is_none_or(|since| period.start >= since)
                && self.until.is_none_or(|until| period.end <= until)
        })
    }

    /// Whether a path, or a prefix of one, may hold data in range: true when the time its
    /// segments name overlaps the range, or when they name none.
    pub(crate) fn admits<'a>(&self, segments: impl IntoIterator<Item = &'a str>) -> bool {
        !self.is_set() || period(segments).is_none_or(|period| self.overlaps(period))
    }
}

/// The date and time components a path names, in order: year, month, day, hour, minute.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Components {
    values: [u32; 5],
    count: usize,
}

impl Components {
    fn push(&mut self, value: u32) {
        if self.count < self.values.len() {
            self.values[self.count] = value;
            self.count += 1;
        }
    }
}

/// The keys of the diagnostic-settings and data-export layouts, in order. The `m=00` after `h=`
/// (the minute) is left out: the blob under it holds the whole hour.
const KEYS: [&str; 4] = ["y", "m", "d", "h"];

/// The longest capture window Event Hubs Capture allows, in minutes: a Capture file holds
/// events from the minute its path names until at most this much later.
pub(crate) const CAPTURE_WINDOW_MINUTES: i64 = 15;

/// The period a path's segments name, if any. `y=`/`m=`/`d=`/`h=`/`m=` segments are read in
/// order; failing those, the Capture layout's numeric run (a four-digit year in 2000..=2999,
/// then two-digit month, day, hour and minute, the last of which may be the file's stem).
pub(crate) fn period<'a>(segments: impl IntoIterator<Item = &'a str>) -> Option<Period> {
    let segments: Vec<&str> = segments.into_iter().collect();
    let keyed = keyed_components(&segments);
    let components = if keyed.count > 0 {
        keyed
    } else {
        capture_components(&segments)
    };
    to_period(components)
}

fn keyed_components(segments: &[&str]) -> Components {
    let mut components = Components::default();
    for segment in segments {
        let Some((key, value)) = segment.split_once('=') else {
            continue;
        };
        let expected = KEYS.get(components.count);
        let is_next = expected.is_some_and(|expected| key.eq_ignore_ascii_case(expected));
        if components.count == KEYS.len() {
            break;
        }
        match value.parse::<u32>() {
            Ok(number) if is_next && value.bytes().all(|byte| byte.is_ascii_digit()) => {
                components.push(number);
            }
            // Another `y=` starts again (a copied tree nested in another); anything else that
            // breaks the order ends what the path says.
            Ok(number) if key.eq_ignore_ascii_case("y") => {
                components = Components::default();
                components.push(number);
            }
            _ if components.count > 0 => break,
            _ => {}
        }
    }
    components
}

fn capture_components(segments: &[&str]) -> Components {
    let mut components = Components::default();
    for (index, segment) in segments.iter().enumerate() {
        let is_year = segment.len() == 4
            && segment.bytes().all(|byte| byte.is_ascii_digit())
            && segment.starts_with('2');
        if !is_year {
            continue;
        }
        let Ok(year) = segment.parse::<u32>() else {
            continue;
        };
        components.push(year);
        for later in &segments[index + 1..] {
            // The file name (`00.avro`) holds the seconds; its stem is not a component.
            if later.contains('.') {
                break;
            }
            match later.parse::<u32>() {
                Ok(value) if later.len() == 2 => components.push(value),
                _ => break,
            }
        }
        break;
    }
    components
}

fn to_period(components: Components) -> Option<Period> {
    if components.count == 0 {
        return None;
    }
    let [year, month, day, hour, minute] = components.values;
    let year = i32::try_from(year).ok()?;
    let month = if components.count > 1 { month } else { 1 };
    let day = if components.count > 2 { day } else { 1 };
    let hour = if components.count > 3 { hour } else { 0 };
    let minute = if components.count > 4 { minute } else { 0 };
    let start = NaiveDate::from_ymd_opt(year, month, day)?.and_hms_opt(hour, minute, 0)?;
    let end = match components.count {
        1 => NaiveDate::from_ymd_opt(year + 1, 1, 1)?.and_hms_opt(0, 0, 0)?,
        2 => next_month(start)?,
        3 => start + Duration::days(1),
        4 => start + Duration::hours(1),
        _ => start + Duration::minutes(CAPTURE_WINDOW_MINUTES),
    };
    Some(Period {
        start: Utc.from_utc_datetime(&start),
        end: Utc.from_utc_datetime(&end),
    })
}

fn next_month(start: NaiveDateTime) -> Option<NaiveDateTime> {
    let (year, month) = if start.month() == 12 {
        (start.year() + 1, 1)
    } else {
        (start.year(), start.month() + 1)
    };
    NaiveDate::from_ymd_opt(year, month, 1)?.and_hms_opt(0, 0, 0)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    fn segments(path: &str) -> Vec<&str> {
        path.split('/').collect()
    }

    #[test]
    fn diagnostic_settings_path_names_its_hour() {
        let path = "insights-logs-smsoperational/resourceId=/SUBSCRIPTIONS/X/y=2024/m=07/d=30/h=09/m=00/PT1H.json";
        let period = period(segments(path)).unwrap();
        assert_eq!(period.start, at("2024-07-30T09:00:00Z"));
        // `m=00` after `h=` is no narrower than the hour: a PT1H blob holds the whole hour.
        assert_eq!(period.end, at("2024-07-30T10:00:00Z"));
    }

    #[test]
    fn prefixes_name_wider_periods() {
        let month = period(segments(
            "am-acsbillingusage/WorkspaceResourceId=/x/y=2024/m=12",
        ))
        .unwrap();
        assert_eq!(month.start, at("2024-12-01T00:00:00Z"));
        assert_eq!(month.end, at("2025-01-01T00:00:00Z"));
        let year = period(segments("insights-logs-usage/resourceId=/y=2023")).unwrap();
        assert_eq!(year.end, at("2024-01-01T00:00:00Z"));
        assert_eq!(period(segments("insights-logs-usage/resourceId=")), None);
    }

    #[test]
    fn capture_path_names_its_window() {
        let period = period(segments("ns/hub/0/2024/07/30/09/05/00.avro")).unwrap();
        assert_eq!(period.start, at("2024-07-30T09:05:00Z"));
        assert_eq!(period.end, at("2024-07-30T09:20:00Z"));
        let day = super::period(segments("ns/hub/12/2024/07/30")).unwrap();
        assert_eq!(day.end, at("2024-07-31T00:00:00Z"));
    }

    #[test]
    fn a_date_until_includes_its_day() {
        let range = TimeRange {
            since: Some(parse_bound("2024-07-30", Bound::Since).unwrap()),
            until: Some(parse_bound("2024-07-30", Bound::Until).unwrap()),
        };
        assert!(range.admits(segments("a/y=2024/m=07/d=30/h=23/m=00/PT1H.json")));
        assert!(range.admits(segments("a/y=2024/m=07/d=30/h=00/m=00/PT1H.json")));
        assert!(!range.admits(segments("a/y=2024/m=07/d=31/h=00/m=00/PT1H.json")));
        assert!(!range.admits(segments("a/y=2024/m=07/d=29/h=23/m=00/PT1H.json")));
        assert!(range.admits(segments("a/y=2024/m=07")));
        assert!(!range.contains(segments("a/y=2024/m=07")));
        assert!(range.contains(segments("a/y=2024/m=07/d=30")));
        assert!(range.contains(segments("a/y=2024/m=07/d=30/h=05")));
        assert!(!range.contains(segments("exports")));
        assert!(!range.admits(segments("a/y=2024/m=06")));
        assert!(!range.admits(segments("a/y=2023")));
        // A path naming no time is never excluded.
        assert!(range.admits(segments("exports/rooms.csv")));
    }

    #[test]
    fn rfc3339_bounds_are_instants_and_until_is_exclusive() {
        let range = TimeRange {
            since: Some(parse_bound("2024-07-30T11:00:00+02:00", Bound::Since).unwrap()),
            until: Some(parse_bound("2024-07-30T10:00:00Z", Bound::Until).unwrap()),
        };
        assert!(!range.admits(segments("y=2024/m=07/d=30/h=08/m=00/PT1H.json")));
        assert!(range.admits(segments("y=2024/m=07/d=30/h=09/m=00/PT1H.json")));
        assert!(!range.admits(segments("y=2024/m=07/d=30/h=10/m=00/PT1H.json")));
        // Half past nine is inside the 09:00 blob's hour.
        let half_past = TimeRange {
            since: Some(parse_bound("2024-07-30T09:30:00Z", Bound::Since).unwrap()),
            until: None,
        };
        assert!(half_past.admits(segments("y=2024/m=07/d=30/h=09/m=00/PT1H.json")));
        assert!(!half_past.admits(segments("ns/hub/0/2024/07/30/09/05/00.avro")));
        assert!(half_past.admits(segments("ns/hub/0/2024/07/30/09/20/00.avro")));
    }

    #[test]
    fn bad_bounds_are_refused_with_the_value() {
        let error = parse_bound("yesterday", Bound::Since).unwrap_err();
        assert!(error.to_string().contains("\"yesterday\""));
        assert!(parse_bound("2024-13-01", Bound::Until).is_err());
    }
}
