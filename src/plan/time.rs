//! Reading times and durations as people write them in a plan.
//!
//! Times are RFC 3339 (`2026-12-01T22:00:00+01:00`) or a local time in the destination's zone
//! (`2026-12-01T22:00`). A local time inside a daylight-saving gap or fold is an error, never
//! silently shifted. Durations are `30m`, `2h`, `1d` or business days `3bd`, or a range `2bd..3bd`.

use chrono::offset::LocalResult;
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::catalog::{Amount, Estimate};
use crate::plan::diags::{DurationProblem, PlanKind};

/// The years a plan, `--at` or a journal may name. Nothing of a WhatsApp migration happened
/// before 2000 or is planned after 2199: a time outside them is a typo (`0226`, `20266`), and
/// chrono alone would read years from -262143 on, some of them only with a sign.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2199;

/// Whether `text` starts with a sign, which chrono reads as an expanded year
/// (`+2026-12-01T22:00`): no one writes one for a date of theirs.
fn signed(text: &str) -> bool {
    text.trim_start().starts_with(['+', '-'])
}

/// The error for a date or time in `year`, outside [`YEARS`], written `text`.
fn out_of_range(text: &str, year: i32) -> PlanKind {
    PlanKind::YearOutOfRange {
        value: text.trim().to_string(),
        year,
    }
}

/// Reads a date, `YYYY-MM-DD`, in [`YEARS`].
///
/// # Errors
/// The date is not `YYYY-MM-DD`, is written with a sign, or is outside [`YEARS`].
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, PlanKind> {
    let invalid = || PlanKind::InvalidDate {
        value: text.to_string(),
    };
    let date = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| invalid())?;
    if signed(text) {
        return Err(invalid());
    }
    let year = chrono::Datelike::year(&date);
    if !YEARS.contains(&year) {
        return Err(out_of_range(text, year));
    }
    Ok(date)
}

/// The year a time is written with: its digits before the first `-` (`2026-12-01T22:00`).
fn written_year(text: &str) -> Option<i32> {
    let text = text.trim();
    text[..text.find('-')?].parse().ok()
}

/// Reads a point in time; local times are read in `zone`.
pub fn parse_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, PlanKind> {
    if signed(text) {
        return Err(PlanKind::InvalidTimestamp {
            value: text.trim().to_string(),
        });
    }
    let t = parse_any_time(text, zone)?;
    // The year as written counts: `2000-01-01T00:30+01:00` is the year 2000 (1999 in UTC), and
    // `1999-12-31T23:59Z` is 1999 whatever the destination's zone makes of it.
    let year = written_year(text).unwrap_or_else(|| chrono::Datelike::year(&t));
    if !YEARS.contains(&year) {
        return Err(out_of_range(text, year));
    }
    // chrono reads `:60` as a leap second (a nanosecond count past a second). Such a moment
    // cannot be written to a journal, compares oddly and is never what a plan means.
    if chrono::Timelike::nanosecond(&t) >= 1_000_000_000 {
        return Err(PlanKind::InvalidTimestamp {
            value: text.trim().to_string(),
        });
    }
    Ok(t)
}

/// A time with an IANA zone name after it, as the command line's `--at` takes it:
/// `2026-12-01T22:00 Europe/Berlin`, or RFC 9557's `2026-12-01T22:00[Europe/Berlin]` (an offset
/// before the bracket must be the zone's at that moment). `None` when `text` names no zone (its
/// last word has no letter), for [`parse_time`] to read.
#[must_use]
pub fn parse_zoned_time(text: &str) -> Option<Result<DateTime<Utc>, PlanKind>> {
    let text = text.trim();
    let (time, name) = if let Some(rest) = text.strip_suffix(']') {
        let open = rest.rfind('[')?;
        // `!` marks a critical annotation in RFC 9557; every zone is critical here.
        (&rest[..open], rest[open + 1..].trim_start_matches('!'))
    } else {
        text.rsplit_once(' ')?
    };
    let bracketed = text.ends_with(']');
    // After a space, only a word shaped like a zone name is one (`next tuesday` is no time).
    if !name.chars().any(|c| c.is_ascii_alphabetic())
        || (!bracketed && !name.contains('/') && name.parse::<Tz>().is_err())
    {
        return None;
    }
    let Ok(zone) = name.parse::<Tz>() else {
        let suggestion =
            crate::suggest::closest(name, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()))
                .map(str::to_string);
        return Some(Err(PlanKind::InvalidTimeZone {
            name: name.to_string(),
            suggestion,
        }));
    };
    let t = match parse_time(time, zone) {
        Ok(t) => t,
        Err(kind) => return Some(Err(kind)),
    };
    // `2026-12-01T22:00+05:00[Europe/Berlin]` names two different moments: neither is guessed.
    let time = time.trim();
    let written = DateTime::parse_from_rfc3339(time)
        .or_else(|_| DateTime::parse_from_str(time, "%Y-%m-%dT%H:%M%#z"));
    if let Ok(written) = written
        && chrono::Offset::fix(&zone.offset_from_utc_datetime(&t.naive_utc())) != *written.offset()
    {
        return Some(Err(PlanKind::InvalidTimestamp {
            value: text.to_string(),
        }));
    }
    Some(Ok(t))
}

fn parse_any_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, PlanKind> {
    let text = text.trim();
    // RFC 3339 lets the `T` be lower case (`2026-12-05t10:00z`), as the journal's times may be.
    let upper;
    let text = if text.as_bytes().get(10) == Some(&b't') && text.is_char_boundary(11) {
        upper = format!("{}T{}", &text[..10], &text[11..]);
        upper.as_str()
    } else {
        text
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    // An offset without seconds (`2026-12-01T22:00Z`, `2026-12-01T22:00+01:00`).
    let with_offset = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => format!("{rest}+00:00"),
        None => text.to_string(),
    };
    for format in ["%Y-%m-%dT%H:%M%:z", "%Y-%m-%d %H:%M%:z"] {
        if let Ok(t) = DateTime::parse_from_str(&with_offset, format) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .ok_or_else(|| PlanKind::InvalidTimestamp {
        value: text.to_string(),
    })?;
    match zone.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(first, second) => Err(PlanKind::InvalidLocalTime {
            value: text.to_string(),
            zone: zone.name().to_string(),
            readings: [first, second]
                .iter()
                .map(|t| t.format("%Y-%m-%dT%H:%M%:z").to_string())
                .collect(),
        }),
        LocalResult::None => {
            // The offset in force just before the gap, for the help's suggestion.
            let before = zone
                .from_local_datetime(&(naive - chrono::Duration::hours(6)))
                .earliest()
                .map(|t| t.format("%:z").to_string());
            Err(PlanKind::InvalidLocalTime {
                value: text.to_string(),
                zone: zone.name().to_string(),
                readings: before
                    .map(|offset| format!("{}{offset}", naive.format("%Y-%m-%dT%H:%M")))
                    .into_iter()
                    .collect(),
            })
        }
    }
}

/// The longest duration a step may have: ten years (a plan that says more has a typo).
pub const MAX_MINUTES: u32 = 3650 * 1440;
/// The longest lead time in business days: ten years of five-day weeks.
pub const MAX_BUSINESS_DAYS: u32 = 2600;

fn too_long(a: Amount) -> bool {
    match a {
        Amount::Minutes(m) => m > MAX_MINUTES,
        Amount::BusinessDays(d) => d > MAX_BUSINESS_DAYS,
    }
}

fn parse_amount(text: &str) -> Result<Amount, DurationProblem> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or(DurationProblem::Unreadable)?;
    let (digits, unit) = text.split_at(split);
    if digits.is_empty() {
        return Err(DurationProblem::Unreadable);
    }
    // More digits than any step needs: too long, whatever the unit (if it is one).
    let Ok(n) = digits.parse::<u32>() else {
        return Err(DurationProblem::TooLong);
    };
    let minutes = |factor: u32| {
        n.checked_mul(factor)
            .map(Amount::Minutes)
            .ok_or(DurationProblem::TooLong)
    };
    let amount = match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => minutes(1),
        "h" | "hour" | "hours" => minutes(60),
        "d" | "day" | "days" => minutes(1440),
        "bd" | "business_day" | "business_days" => Ok(Amount::BusinessDays(n)),
        _ => Err(DurationProblem::Unreadable),
    }?;
    if too_long(amount) {
        return Err(DurationProblem::TooLong);
    }
    Ok(amount)
}

/// Reads `5m`, `2h`, `1d`, `3bd`, a range `2bd..3bd` (expected = the upper end, so plans are
/// built on the cautious figure), or an open range `2bd..` ("at least", with no longest figure).
pub fn parse_estimate(text: &str) -> Result<Estimate, PlanKind> {
    let invalid = |problem| PlanKind::InvalidDuration {
        value: text.to_string(),
        problem,
    };
    if let Some(low) = text.trim().strip_suffix("..") {
        let low = parse_amount(low).map_err(invalid)?;
        return Ok(Estimate {
            min: low,
            expected: low,
            max: None,
        });
    }
    let (low, high) = match text.split_once("..") {
        Some((a, b)) => (
            parse_amount(a).map_err(invalid)?,
            parse_amount(b).map_err(invalid)?,
        ),
        None => {
            let a = parse_amount(text).map_err(invalid)?;
            (a, a)
        }
    };
    let same_unit = matches!(
        (low, high),
        (Amount::Minutes(_), Amount::Minutes(_))
            | (Amount::BusinessDays(_), Amount::BusinessDays(_))
    );
    if !same_unit {
        return Err(invalid(DurationProblem::MixedUnits));
    }
    if low > high {
        return Err(invalid(DurationProblem::Reversed));
    }
    Ok(Estimate {
        min: low,
        expected: high,
        max: Some(high),
    })
}

/// Reads a duration that must be in minutes (a downtime budget).
pub fn parse_minutes(text: &str) -> Result<u32, PlanKind> {
    let problem = match parse_amount(text) {
        Ok(Amount::Minutes(m)) => return Ok(m),
        Err(DurationProblem::TooLong) => DurationProblem::TooLong,
        _ => DurationProblem::MinutesOnly,
    };
    Err(PlanKind::InvalidDuration {
        value: text.to_string(),
        problem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_and_local_times_are_read() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let a = parse_time("2026-12-01T22:00:00+01:00", berlin).unwrap();
        let b = parse_time("2026-12-01T22:00", berlin).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn a_leap_second_is_refused_in_every_form() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        for text in [
            "2026-11-30T23:59:60Z",
            "2026-12-05T10:00:60+01:00",
            "2026-12-05T10:00:60",
            "2026-12-05 10:00:60",
        ] {
            assert!(parse_time(text, berlin).is_err(), "{text}");
        }
        assert!(parse_time("2026-11-30T23:59:59Z", berlin).is_ok());
    }

    #[test]
    fn years_outside_the_range_and_signed_years_are_refused_in_every_form() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        for text in [
            "0000-12-01T10:00Z",
            "1999-12-31T12:00:00Z",
            "2200-01-01T00:00:00Z",
            "0226-12-01T10:00",
            "20266-12-01T10:00",
            "+2026-12-01T10:00",
            " -2026-12-01T10:00",
            "+20266-12-01T10:00:00+00:00",
        ] {
            assert!(parse_time(text, berlin).is_err(), "{text}");
        }
        for text in ["2000-01-01T00:00:00Z", "2199-12-31T23:59:59Z"] {
            let t = parse_time(text, berlin).unwrap();
            assert!(YEARS.contains(&chrono::Datelike::year(&t)), "{text}");
        }
        // The year as written counts, whatever it is in UTC or in the destination's zone.
        assert!(parse_time("2000-01-01T00:30+01:00", berlin).is_ok());
        assert!(parse_time("2000-01-01T00:30", berlin).is_ok());
        assert!(parse_time("2199-12-31T23:30:00-01:00", berlin).is_ok());
        for (text, year) in [
            ("2200-01-01T00:00Z", 2200),
            ("1999-12-31T23:59:00Z", 1999),
            ("2200-01-01T00:30:00+01:00", 2200),
            ("1999-12-31T23:30", 1999),
        ] {
            assert!(
                matches!(
                    parse_time(text, berlin),
                    Err(PlanKind::YearOutOfRange { year: y, .. }) if y == year
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn offsets_without_seconds_are_read() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let a = parse_time("2026-12-01T21:00Z", berlin).unwrap();
        let b = parse_time("2026-12-01T22:00+01:00", berlin).unwrap();
        let c = parse_time("2026-12-01T21:00:00Z", berlin).unwrap();
        assert_eq!(a, c);
        assert_eq!(b, c);
        // RFC 3339 allows lower case `t` and `z`, and so does the journal.
        for lower in [
            "2026-12-01t21:00z",
            "2026-12-01t22:00+01:00",
            "2026-12-01t21:00:00z",
        ] {
            assert_eq!(parse_time(lower, berlin).unwrap(), c, "{lower}");
        }
        assert_eq!(
            parse_time("2026-12-01t22:00", berlin).unwrap(),
            c,
            "a local time"
        );
    }

    #[test]
    fn local_time_in_a_dst_gap_is_refused() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let err = parse_time("2026-03-29T02:30", berlin).unwrap_err();
        assert!(matches!(
            err,
            PlanKind::InvalidLocalTime { ref readings, .. } if readings == &["2026-03-29T02:30+01:00"]
        ));
        let new_york: Tz = "America/New_York".parse().unwrap();
        let err = parse_time("2026-03-08T02:30", new_york).unwrap_err();
        assert!(matches!(
            err,
            PlanKind::InvalidLocalTime { ref readings, .. } if readings == &["2026-03-08T02:30-05:00"]
        ));
        let err = parse_time("2026-10-25T02:30", berlin).unwrap_err();
        let PlanKind::InvalidLocalTime { readings, .. } = err else {
            panic!("a fold");
        };
        assert_eq!(
            readings,
            ["2026-10-25T02:30+02:00", "2026-10-25T02:30+01:00"]
        );
    }

    #[test]
    fn a_duration_longer_than_ten_years_is_refused_not_saturated() {
        for text in [
            "4294967295bd",
            "2601bd",
            "3651d",
            "9999999999999h",
            "18446744073709551615bd",
            "1bd..4294967295bd",
        ] {
            assert!(
                matches!(
                    parse_estimate(text),
                    Err(PlanKind::InvalidDuration {
                        problem: DurationProblem::TooLong,
                        ..
                    })
                ),
                "{text}"
            );
        }
        assert!(parse_estimate("2600bd").is_ok());
        assert!(parse_estimate("3650d").is_ok());
        assert!(parse_estimate("5256000m").is_ok());
    }

    #[test]
    fn durations_and_ranges() {
        assert_eq!(parse_estimate("5m").unwrap(), Estimate::minutes(5, 5, 5));
        assert_eq!(parse_estimate("1h").unwrap(), Estimate::minutes(60, 60, 60));
        assert_eq!(
            parse_estimate("2bd..3bd").unwrap(),
            Estimate::business_days(2, 3, 3)
        );
        assert!(matches!(
            parse_estimate("3bd..2bd"),
            Err(PlanKind::InvalidDuration {
                problem: DurationProblem::Reversed,
                ..
            })
        ));
        assert!(matches!(
            parse_estimate("5m..1bd"),
            Err(PlanKind::InvalidDuration {
                problem: DurationProblem::MixedUnits,
                ..
            })
        ));
        assert!(parse_estimate("soon").is_err());
        assert_eq!(
            parse_estimate("2bd..").unwrap().to_string(),
            "at least 2bd (expected 2bd)"
        );
        assert_eq!(parse_minutes("15m").unwrap(), 15);
        assert!(parse_minutes("2bd").is_err());
    }
}
