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

/// The latest moment a schedule reaches: two days inside chrono's range, so it can still be
/// shown in any time zone (offsets are under a day). A lead time that would end later
/// (`4294967295bd` is 16 million years) ends here instead of overflowing.
fn end_of_time() -> DateTime<Utc> {
    DateTime::<Utc>::MAX_UTC - chrono::Duration::days(2)
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
    let end = end_of_time();
    let start = start.min(end);
    let local = start.with_timezone(&zone).naive_local();
    let mut date = local.date();
    let mut left = days;
    while !is_business_day(date, holidays) {
        date = match date.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => return end,
        };
    }
    // Far from the target, jump whole weeks instead of walking day by day (a plan may say
    // `4294967295bd`): any 7 consecutive days hold 5 weekdays, less the holidays among them.
    while left > 10 {
        let weeks = left / 5 - 1;
        let Some(to) = date.checked_add_days(Days::new(u64::from(weeks) * 7)) else {
            return end;
        };
        left -= weeks * 5 - weekday_holidays(holidays, date, to);
        date = to;
    }
    while left > 0 {
        date = match date.checked_add_days(Days::new(1)) {
            Some(d) => d,
            None => return end,
        };
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    if date >= end.date_naive() {
        return end;
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

/// How many distinct listed holidays fall on a weekday after `from`, up to and including `to`
/// (`holidays` is sorted).
fn weekday_holidays(holidays: &[NaiveDate], from: NaiveDate, to: NaiveDate) -> u32 {
    let first = holidays.partition_point(|h| *h <= from);
    let last = holidays.partition_point(|h| *h <= to);
    let mut days: Vec<NaiveDate> = holidays[first..last]
        .iter()
        .copied()
        .filter(|h| !matches!(h.weekday(), Weekday::Sat | Weekday::Sun))
        .collect();
    days.dedup();
    u32::try_from(days.len()).unwrap_or(u32::MAX)
}

/// Adds an estimate amount to a moment; a result past `end_of_time` is `end_of_time`.
#[must_use]
pub fn add_amount(
    start: DateTime<Utc>,
    amount: Amount,
    zone: Tz,
    holidays: &[NaiveDate],
) -> DateTime<Utc> {
    match amount {
        Amount::Minutes(m) => start
            .checked_add_signed(chrono::Duration::minutes(i64::from(m)))
            .map_or(end_of_time(), |t| t.min(end_of_time())),
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
    use chrono::Duration;

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

    /// The definition: walk day by day (what `add_business_days` did before it jumped weeks).
    fn walked(start: DateTime<Utc>, days: u32, zone: Tz, holidays: &[NaiveDate]) -> NaiveDate {
        let mut date = start.with_timezone(&zone).date_naive();
        while !is_business_day(date, holidays) {
            date = date.succ_opt().unwrap();
        }
        for _ in 0..days {
            date = date.succ_opt().unwrap();
            while !is_business_day(date, holidays) {
                date = date.succ_opt().unwrap();
            }
        }
        date
    }

    #[test]
    fn week_jumps_agree_with_walking_day_by_day() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        // Weekday and weekend holidays, a duplicate, a run of consecutive ones.
        let holidays = [
            day(12, 24),
            day(12, 25),
            day(12, 25),
            day(12, 26),
            day(12, 31),
            day(1, 1),
            day(2, 2),
            day(2, 3),
            day(2, 4),
            day(2, 5),
            day(2, 6),
            day(4, 3),
        ];
        let mut sorted = holidays.to_vec();
        sorted.sort_unstable();
        for start in [
            "2025-12-20T09:00:00Z",
            "2026-01-01T09:00:00Z",
            "2026-01-30T23:30:00Z",
            "2026-02-07T09:00:00Z",
            "2026-12-23T09:00:00Z",
        ] {
            for days in (0..200).chain([365, 1000, 4321]) {
                let got = add_business_days(utc(start), days, berlin, &sorted);
                assert_eq!(
                    got.with_timezone(&berlin).date_naive(),
                    walked(utc(start), days, berlin, &sorted),
                    "{start} + {days}bd"
                );
            }
        }
    }

    #[test]
    fn billions_of_business_days_do_not_walk_day_by_day() {
        // Found by fuzzing: `duration: 4294967295bd` walked ~95 million days per step, seconds
        // each, so a plan with it on a per-number step hung for as many numbers as it had.
        let sydney: Tz = "Australia/Sydney".parse().unwrap();
        let holidays = [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()];
        let began = std::time::Instant::now();
        let t = add_business_days(utc("2026-11-25T12:00:00Z"), u32::MAX, sydney, &holidays);
        assert_eq!(t, end_of_time());
        assert!(began.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn time_past_the_last_representable_moment_saturates() {
        // Seen while minimising the fuzzer's slow `4294967295bd` input: a step after such a lead
        // time added its minutes to chrono's last date and panicked ("`DateTime + TimeDelta`
        // overflowed"); a finish at chrono's very last moment panicked when shown in a zone
        // east of UTC.
        let end = end_of_time();
        for zone in [
            "UTC",
            "Pacific/Kiritimati",
            "Pacific/Pago_Pago",
            "Europe/Berlin",
        ] {
            let zone: Tz = zone.parse().unwrap();
            for start in [end - Duration::days(3), end, DateTime::<Utc>::MAX_UTC] {
                for amount in [
                    Amount::Minutes(1),
                    Amount::Minutes(u32::MAX),
                    Amount::BusinessDays(1),
                    Amount::BusinessDays(3),
                    Amount::BusinessDays(u32::MAX),
                ] {
                    let t = add_amount(start, amount, zone, &[]);
                    assert!(t <= end, "{start} + {amount} in {zone}: {t}");
                    // Still shown in the zone without a panic.
                    let _ = t
                        .with_timezone(&zone)
                        .format("%Y-%m-%d %H:%M %Z")
                        .to_string();
                }
            }
        }
    }

    #[test]
    fn a_weekend_start_counts_from_monday() {
        let berlin: Tz = "Europe/Berlin".parse().unwrap();
        // Saturday 28 Nov + 2 business days = Wednesday 2 Dec (Monday is day 0).
        let t = add_business_days(utc("2026-11-28T09:00:00Z"), 2, berlin, &[]);
        assert_eq!(t, utc("2026-12-02T09:00:00Z"));
    }
}
