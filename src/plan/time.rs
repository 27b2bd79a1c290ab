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

/// Reads a point in time; local times are read in `zone`.
pub fn parse_time(text: &str, zone: Tz) -> Result<DateTime<Utc>, PlanKind> {
    let text = text.trim();
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
        LocalResult::None => Err(PlanKind::InvalidLocalTime {
            value: text.to_string(),
            zone: zone.name().to_string(),
            readings: Vec::new(),
        }),
    }
}

fn parse_amount(text: &str) -> Option<Amount> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (digits, unit) = text.split_at(split);
    let n: u32 = digits.parse().ok()?;
    let minutes = |factor: u32| n.checked_mul(factor).map(Amount::Minutes);
    match unit.trim() {
        "m" | "min" | "mins" | "minute" | "minutes" => minutes(1),
        "h" | "hour" | "hours" => minutes(60),
        "d" | "day" | "days" => minutes(1440),
        "bd" | "business_day" | "business_days" => Some(Amount::BusinessDays(n)),
        _ => None,
    }
}

/// Reads `5m`, `2h`, `1d`, `3bd`, a range `2bd..3bd` (expected = the upper end, so plans are
/// built on the cautious figure), or an open range `2bd..` ("at least", with no longest figure).
pub fn parse_estimate(text: &str) -> Result<Estimate, PlanKind> {
    let invalid = |problem| PlanKind::InvalidDuration {
        value: text.to_string(),
        problem,
    };
    if let Some(low) = text.trim().strip_suffix("..") {
        let low = parse_amount(low).ok_or_else(|| invalid(DurationProblem::Unreadable))?;
        return Ok(Estimate {
            min: low,
            expected: low,
            max: None,
        });
    }
    let (low, high) = match text.split_once("..") {
        Some((a, b)) => (
            parse_amount(a).ok_or_else(|| invalid(DurationProblem::Unreadable))?,
            parse_amount(b).ok_or_else(|| invalid(DurationProblem::Unreadable))?,
        ),
        None => {
            let a = parse_amount(text).ok_or_else(|| invalid(DurationProblem::Unreadable))?;
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
    match parse_amount(text) {
        Some(Amount::Minutes(m)) => Ok(m),
        _ => Err(PlanKind::InvalidDuration {
            value: text.to_string(),
            problem: DurationProblem::MinutesOnly,
        }),
    }
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
    fn offsets_without_seconds_are_read() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let a = parse_time("2026-12-01T21:00Z", berlin).unwrap();
        let b = parse_time("2026-12-01T22:00+01:00", berlin).unwrap();
        let c = parse_time("2026-12-01T21:00:00Z", berlin).unwrap();
        assert_eq!(a, c);
        assert_eq!(b, c);
    }

    #[test]
    fn local_time_in_a_dst_gap_is_refused() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let err = parse_time("2026-03-29T02:30", berlin).unwrap_err();
        assert!(matches!(
            err,
            PlanKind::InvalidLocalTime { ref readings, .. } if readings.is_empty()
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
