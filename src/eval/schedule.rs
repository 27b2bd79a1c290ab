//! Earliest safe cutover: a forward pass over the graph in dependency order, where each unfinished
//! step starts when its last prerequisite finishes (or now) and takes its expected estimate.
//! Business days are counted in the destination's time zone, skipping weekends and the plan's
//! holidays; the time of day is kept.

use chrono::{DateTime, Datelike, Days, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use petgraph::Direction;

use crate::catalog::Amount;
use crate::eval::StepStatus;
use crate::graph::{DoneMark, StepGraph};

/// Whether `date` is a working day: Monday to Friday and not a listed holiday.
#[must_use]
pub fn is_business_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && holidays.binary_search(&date).is_err()
}

/// `start` plus `days` business days in `zone`: the same local time on the `days`-th following
/// working day. A start outside working days first moves to the next working day's same time.
#[must_use]
pub fn add_business_days(
    start: DateTime<Utc>,
    days: u32,
    zone: Tz,
    holidays: &[NaiveDate],
) -> DateTime<Utc> {
    let local = start.with_timezone(&zone).naive_local();
    let mut date = local.date();
    let mut left = days;
    while !is_business_day(date, holidays) {
        date = date.checked_add_days(Days::new(1)).unwrap_or(date);
    }
    while left > 0 {
        date = match date.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => break,
        };
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    let target = date.and_time(local.time());
    // In a DST gap the wall-clock time does not exist: take the later reading, an hour on.
    zone.from_local_datetime(&target)
        .latest()
        .or_else(|| {
            zone.from_local_datetime(&(target + chrono::Duration::hours(1)))
                .latest()
        })
        .map_or(start, |t| t.with_timezone(&Utc))
}

/// Adds an estimate amount to a moment.
#[must_use]
pub fn add_amount(
    start: DateTime<Utc>,
    amount: Amount,
    zone: Tz,
    holidays: &[NaiveDate],
) -> DateTime<Utc> {
    match amount {
        Amount::Minutes(m) => start + chrono::Duration::minutes(i64::from(m)),
        Amount::BusinessDays(d) => add_business_days(start, d, zone, holidays),
    }
}

/// Expected finish time of every node (indexed by node index), from `at` on.
#[must_use]
pub fn finish_times(
    graph: &StepGraph,
    status: &[StepStatus],
    at: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let zone = graph.plan.destination.time_zone;
    let holidays = &graph.plan.holidays;
    let mut finish = vec![at; graph.graph.node_count()];
    for &node in &graph.order {
        let i = node.index();
        finish[i] = match status[i] {
            StepStatus::Done => match &graph.graph[node].done {
                Some(DoneMark::Listed { at: Some(t), .. }) => *t,
                _ => at,
            },
            StepStatus::NotApplicable => graph
                .graph
                .neighbors_directed(node, Direction::Incoming)
                .map(|p| finish[p.index()])
                .max()
                .unwrap_or(at)
                .max(at),
            StepStatus::Ready | StepStatus::Waiting => {
                let start = graph
                    .graph
                    .neighbors_directed(node, Direction::Incoming)
                    .map(|p| finish[p.index()])
                    .max()
                    .unwrap_or(at)
                    .max(at);
                match graph.graph[node].estimate {
                    Some(e) => add_amount(start, e.expected, zone, holidays),
                    None => start,
                }
            }
        };
    }
    finish
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn business_days_skip_weekends() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Thursday 10:00 + 3 business days = Tuesday 10:00.
        let t = add_business_days(utc("2026-11-26T09:00:00Z"), 3, berlin, &[]);
        assert_eq!(t, utc("2026-12-01T09:00:00Z"));
    }

    #[test]
    fn business_days_skip_holidays() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let christmas = [
            NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(),
            NaiveDate::from_ymd_opt(2026, 12, 25).unwrap(),
        ];
        // Wednesday 23 Dec + 2 business days, with 24/25 Dec off: Tuesday 29 Dec.
        let t = add_business_days(utc("2026-12-23T09:00:00Z"), 2, berlin, &christmas);
        assert_eq!(t, utc("2026-12-29T09:00:00Z"));
    }

    #[test]
    fn business_days_keep_local_time_across_dst() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Friday 23 Oct 2026 10:00 CEST (08:00Z) + 1 business day = Monday 26 Oct 10:00 CET (09:00Z).
        let t = add_business_days(utc("2026-10-23T08:00:00Z"), 1, berlin, &[]);
        assert_eq!(t, utc("2026-10-26T09:00:00Z"));
    }

    #[test]
    fn a_weekend_start_counts_from_monday() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Saturday 28 Nov + 2 business days = Wednesday 2 Dec (Monday is day 0).
        let t = add_business_days(utc("2026-11-28T09:00:00Z"), 2, berlin, &[]);
        assert_eq!(t, utc("2026-12-02T09:00:00Z"));
    }
}
