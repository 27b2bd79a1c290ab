//! Working time: when a party works, and how long work takes in it.
//!
//! A [`Calendar`] is a time zone, a daily working interval (`09:00-17:00`), the working days of
//! the week and a list of holidays. People's steps advance only inside it: two hours of work
//! started at 16:00 on a Friday end at 10:00 on the Monday. Meta's reviews and waits run around the
//! clock ([`Calendar::around_the_clock`]). Lead times in business days count the calendar's working
//! days, keeping the time of day.
//!
//! Everything is calendar arithmetic in the calendar's zone (a day is a date, not 24 hours), so a
//! working day on which the clocks change is still 09:00 to 17:00 local time. Results never pass
//! [`end_of_time`]: a plan may ask for `4294967295bd`, and the arithmetic jumps whole weeks rather
//! than walk millions of days.

use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike,
    Utc,
};
use chrono_tz::Tz;
use std::fmt;
use std::sync::{OnceLock, RwLock};

/// The latest moment a schedule reaches: two days inside chrono's range, so it can still be
/// shown in any time zone.
#[must_use]
pub const fn end_of_time() -> DateTime<Utc> {
    END_OF_TIME
}

/// The earliest moment a schedule reaches (for backward passes).
#[must_use]
pub const fn start_of_time() -> DateTime<Utc> {
    START_OF_TIME
}

/// Two days inside chrono's range on either side, computed once: the schedule asks for them at
/// every step (they were a tenth of a fleet's evaluation when computed per call). Whole seconds,
/// as the schedule keeps them, so a moment that reached the end still equals it.
const END_OF_TIME: DateTime<Utc> =
    match DateTime::from_timestamp(DateTime::<Utc>::MAX_UTC.timestamp() - 2 * 86_400, 0) {
        Some(t) => t,
        None => panic!("two days before chrono's last moment is a moment"),
    };
const START_OF_TIME: DateTime<Utc> = match DateTime::from_timestamp(
    DateTime::<Utc>::MIN_UTC.timestamp() + 2 * 86_400,
    DateTime::<Utc>::MIN_UTC.timestamp_subsec_nanos(),
) {
    Some(t) => t,
    None => panic!("two days after chrono's first moment is a moment"),
};

/// A moment as people read it in `zone`: `2026-11-25 13:00 CET`.
#[must_use]
pub fn local_text(t: DateTime<Utc>, zone: Tz) -> String {
    moment_text(t, zone, false)
}

/// The same with the weekday, for dates people plan by: `Wed 2026-11-25 13:00 CET`.
#[must_use]
pub fn local_text_with_weekday(t: DateTime<Utc>, zone: Tz) -> String {
    moment_text(t, zone, true)
}

/// The time of day in `zone`: `13:00 CET`.
#[must_use]
pub fn local_clock_text(t: DateTime<Utc>, zone: Tz) -> String {
    let local = t.with_timezone(&zone);
    format!(
        "{:02}:{:02} {}",
        local.hour(),
        local.minute(),
        local.offset()
    )
}

/// `chrono`'s `%a %Y-%m-%d %H:%M %Z`, written directly: a fleet's report writes millions of
/// moments, and `format` parses its pattern again for each (a twentieth of a 100k-number text
/// `dry-run`, measured with `perf`). Years outside 0 to 9999 come only from a schedule that
/// saturated (see [`end_of_time`]) and read "out of reach" or "long past".
fn moment_text(t: DateTime<Utc>, zone: Tz, weekday: bool) -> String {
    use std::fmt::Write as _;
    let local = t.with_timezone(&zone);
    if t >= end_of_time() || local.year() > 9999 {
        // The schedule stopped at the last moment it can reach, or a moment derived from it (a
        // calendar with almost no working time; durations over ten years are refused): not a
        // date to act on.
        return "out of reach".to_string();
    }
    if t <= start_of_time() || local.year() < 0 {
        // The backward pass from such a moment (a latest start): long gone.
        return "long past".to_string();
    }
    let mut text = String::with_capacity(26);
    if weekday {
        let _ = write!(text, "{} ", local.weekday());
    }
    let _ = write!(
        text,
        "{:04}-{:02}-{:02} {:02}:{:02} {}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.offset()
    );
    text
}

/// When a party works.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// Its time zone.
    pub zone: Tz,
    /// Start of the working day (local time).
    pub start: NaiveTime,
    /// End of the working day (local time), after `start`; midnight (`00:00`) means the end of
    /// the day (`24:00`).
    pub end: NaiveTime,
    /// Working days, Monday first.
    pub days: [bool; 7],
    /// Days off (sorted, deduplicated).
    pub holidays: Vec<NaiveDate>,
    /// Works every minute of every day (Meta's reviews and waits).
    pub always: bool,
    /// Working intervals already computed.
    memo: Memo,
}

/// Working intervals already computed, direct-mapped by local date. A fleet's schedule asks for
/// the same few hundred dates millions of times, and each answer costs two local-to-UTC
/// conversions through the time zone's transitions (about a tenth of a 100k-number `check`,
/// measured with `perf`). An entry is tagged with everything the interval depends on, so a
/// calendar changed after use (its fields are public) never reads a stale one. Slots are set once
/// and shared by every thread of an evaluation; a date that finds its slot taken by another (512
/// days apart) or by another setting is computed every time.
#[derive(Default)]
struct Memo {
    intervals: OnceLock<Box<[OnceLock<MemoEntry>]>>,
    /// Working minutes of whole days, summed ([`Calendar::working_minutes_between`]).
    sums: RwLock<Option<DaySums>>,
}

/// The working minutes of a run of whole days, summed: `sums[i]` is the minutes of the days from
/// `first` up to `first + i` (excluded). A schedule asks for the working time between two moments
/// once per step, and a chain of thousands of steps spans years: counting each span day by day
/// made it quadratic (a 20,000-step chain took minutes).
struct DaySums {
    /// The settings the sums were taken with (a calendar changed after use starts afresh).
    key: SumsKey,
    /// Days since the common era of the first day.
    first: i32,
    sums: Vec<i64>,
}

/// Everything a day's working minutes depend on.
struct SumsKey {
    zone: Tz,
    start: NaiveTime,
    end: NaiveTime,
    always: bool,
    days: [bool; 7],
    holidays: Vec<NaiveDate>,
}

/// Days of sums kept at most (about 110 years); a span far from the ones before starts the sums
/// afresh around it.
const SUMS_DAYS: i32 = 40_000;

impl Clone for Memo {
    /// A copy starts empty: a cache is not part of a calendar.
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct MemoEntry {
    date: NaiveDate,
    zone: Tz,
    start: NaiveTime,
    end: NaiveTime,
    always: bool,
    interval: (DateTime<Utc>, DateTime<Utc>),
}

/// Slots of the memo: about eleven years of dates (slots are set once, so a schedule longer
/// than that computes some of its dates every time; slack over such spans uses the day sums).
const MEMO_SLOTS: i32 = 4096;

impl SumsKey {
    /// Whether the sums were taken with `calendar`'s present settings (compared in place, not
    /// copied: this is asked once per step and pass).
    fn is_of(&self, calendar: &Calendar) -> bool {
        self.zone == calendar.zone
            && self.start == calendar.start
            && self.end == calendar.end
            && self.always == calendar.always
            && self.days == calendar.days
            && self.holidays == calendar.holidays
    }
}

impl DaySums {
    /// The day after the last summed.
    fn last(&self) -> i32 {
        self.first
            .saturating_add(i32::try_from(self.sums.len()).unwrap_or(i32::MAX) - 1)
    }

    /// The working minutes of days `from` up to `to` (excluded), if summed.
    fn between(&self, from: i32, to: i32) -> Option<i64> {
        if from < self.first || to > self.last() {
            return None;
        }
        let at = |day: i32| usize::try_from(day - self.first).ok();
        Some(self.sums.get(at(to)?)? - self.sums.get(at(from)?)?)
    }

    /// Sums days until `from` up to `to` (excluded) are covered. Days are added at the end one
    /// by one; at the start, where every sum moves, by at least as many as are held (within
    /// [`SUMS_DAYS`]), so that each day is summed a bounded number of times.
    fn cover(&mut self, calendar: &Calendar, from: i32, to: i32) {
        if from < self.first {
            let held = i32::try_from(self.sums.len()).unwrap_or(i32::MAX);
            let room = SUMS_DAYS.saturating_sub(self.last().max(to).saturating_sub(from));
            let new_first = from.saturating_sub(held.min(room.max(0)));
            let mut before = vec![0];
            let mut total = 0;
            for day in new_first..self.first {
                total += calendar.day_working_minutes(day);
                before.push(total);
            }
            before.extend(self.sums.iter().skip(1).map(|s| s + total));
            self.sums = before;
            self.first = new_first;
        }
        if to > self.last() {
            let mut total = self.sums.last().copied().unwrap_or(0);
            for day in self.last()..to {
                total += calendar.day_working_minutes(day);
                self.sums.push(total);
            }
        }
    }
}

impl PartialEq for Memo {
    /// A cache is not part of a calendar's identity.
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl Eq for Memo {}

impl fmt::Debug for Memo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Memo")
    }
}

fn minutes_of(time: NaiveTime) -> i64 {
    i64::from(time.num_seconds_from_midnight() / 60)
}

/// Monday to Friday.
pub const WEEKDAYS: [bool; 7] = [true, true, true, true, true, false, false];

impl Calendar {
    /// Monday to Friday, 09:00 to 17:00 in `zone`, minus `holidays`: the default for people.
    #[must_use]
    pub fn office(zone: Tz, holidays: &[NaiveDate]) -> Calendar {
        let mut holidays = holidays.to_vec();
        holidays.sort_unstable();
        holidays.dedup();
        Calendar {
            zone,
            start: NaiveTime::from_hms_opt(9, 0, 0).unwrap_or(NaiveTime::MIN),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            days: WEEKDAYS,
            holidays,
            always: false,
            memo: Memo::default(),
        }
    }

    /// Every minute of every day (reviews, waits); days off are still counted for business-day
    /// lead times by the calendar's `days` and `holidays`.
    #[must_use]
    pub fn around_the_clock(zone: Tz, holidays: &[NaiveDate]) -> Calendar {
        Calendar {
            always: true,
            ..Calendar::office(zone, holidays)
        }
    }

    /// Minutes of work in one working day.
    #[must_use]
    pub fn day_minutes(&self) -> i64 {
        if self.always {
            1440
        } else {
            let end = if self.end == NaiveTime::MIN {
                1440
            } else {
                minutes_of(self.end)
            };
            (end - minutes_of(self.start)).max(1)
        }
    }

    /// Whether `date` is a working day.
    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        let weekday = date.weekday().num_days_from_monday() as usize;
        self.days[weekday] && self.holidays.binary_search(&date).is_err()
    }

    /// The UTC moment of local `date` at `time`; a time in a daylight-saving gap moves to the
    /// first moment after it, a time in a fold takes its first reading.
    fn at(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let local = NaiveDateTime::new(date, time);
        self.zone
            .from_local_datetime(&local)
            .earliest()
            .or_else(|| {
                (1..=4).find_map(|h| {
                    self.zone
                        .from_local_datetime(&(local + Duration::minutes(30 * h)))
                        .earliest()
                })
            })
            .map_or(end_of_time(), |t| t.with_timezone(&Utc))
    }

    fn local(&self, t: DateTime<Utc>) -> NaiveDateTime {
        t.with_timezone(&self.zone).naive_local()
    }

    fn next_day(date: NaiveDate) -> Option<NaiveDate> {
        date.checked_add_days(Days::new(1))
    }

    fn previous_day(date: NaiveDate) -> Option<NaiveDate> {
        date.checked_sub_days(Days::new(1))
    }

    /// The working interval of `date` in UTC (the whole day for an always-on calendar), from the
    /// memo when it holds it.
    fn interval(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        let slot = usize::try_from(date.num_days_from_ce().rem_euclid(MEMO_SLOTS)).unwrap_or(0);
        let tag = |interval| MemoEntry {
            date,
            zone: self.zone,
            start: self.start,
            end: self.end,
            always: self.always,
            interval,
        };
        let slots = self
            .memo
            .intervals
            .get_or_init(|| (0..MEMO_SLOTS).map(|_| OnceLock::new()).collect());
        let Some(slot) = slots.get(slot) else {
            return self.compute_interval(date);
        };
        if let Some(entry) = slot.get() {
            if *entry == tag(entry.interval) {
                return entry.interval;
            }
            return self.compute_interval(date);
        }
        let interval = self.compute_interval(date);
        // Another thread may have set it meanwhile, to the same interval or another date's.
        let _ = slot.set(tag(interval));
        interval
    }

    /// The working interval of `date` in UTC, computed.
    fn compute_interval(&self, date: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
        if self.always {
            let start = self.at(date, NaiveTime::MIN);
            let end = Self::next_day(date).map_or(end_of_time(), |d| self.at(d, NaiveTime::MIN));
            (start, end)
        } else {
            let end = if self.end == NaiveTime::MIN {
                Self::next_day(date).map_or(end_of_time(), |d| self.at(d, NaiveTime::MIN))
            } else {
                self.at(date, self.end)
            };
            (self.at(date, self.start), end)
        }
    }

    /// The first working moment at or after `t`.
    #[must_use]
    pub fn next_working(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        if t >= end_of_time() {
            return end_of_time();
        }
        if self.always {
            return t;
        }
        let mut date = self.local(t).date();
        // A year without a working day means the calendar has none: give up at the end of time.
        for _ in 0..400 {
            if self.is_working_day(date) {
                let (start, end) = self.interval(date);
                if t < end {
                    return t.max(start);
                }
            }
            match Self::next_day(date) {
                Some(d) => date = d,
                None => return end_of_time(),
            }
        }
        end_of_time()
    }

    /// The last working moment at or before `t` (for deadlines).
    #[must_use]
    pub fn previous_working(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        if t <= start_of_time() {
            return start_of_time();
        }
        if self.always {
            return t;
        }
        let mut date = self.local(t).date();
        for _ in 0..400 {
            if self.is_working_day(date) {
                let (start, end) = self.interval(date);
                if t >= start {
                    return t.min(end);
                }
            }
            match Self::previous_day(date) {
                Some(d) => date = d,
                None => return start_of_time(),
            }
        }
        start_of_time()
    }

    /// `t` plus `minutes` of working time: the work starts at the first working moment and only
    /// advances inside working hours.
    #[must_use]
    pub fn add_minutes(&self, t: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
        if self.always {
            return t
                .checked_add_signed(Duration::minutes(i64::from(minutes)))
                .map_or(end_of_time(), |x| x.min(end_of_time()));
        }
        if minutes == 0 {
            return self.next_working(t);
        }
        let mut left = i64::from(minutes);
        let mut now = self.next_working(t);
        // Far from the end, jump whole weeks free of holidays: such a week, from one moment to
        // the same local time seven days on, holds exactly a week's working minutes.
        let week = self.week_minutes();
        while week > 0 && left > 2 * week {
            let date = self.local(now).date();
            // As many weeks as fit, when they hold no holiday; else one week; else walk.
            let many = u64::try_from(left / week - 1).unwrap_or(1).max(1);
            let Some(far) = date.checked_add_days(Days::new(7 * many)) else {
                // Past the last representable date.
                return end_of_time();
            };
            let weeks = if self.has_holiday(date, far) { 1 } else { many };
            let Some(to) = date.checked_add_days(Days::new(7 * weeks)) else {
                return end_of_time();
            };
            if self.has_holiday(date, to) {
                break;
            }
            left -= week * i64::try_from(weeks).unwrap_or(i64::MAX);
            now = self.at(to, self.local(now).time());
            if now >= end_of_time() {
                return end_of_time();
            }
        }
        loop {
            if now >= end_of_time() {
                return end_of_time();
            }
            let (_, end) = self.interval(self.local(now).date());
            let available = (end - now).num_minutes();
            if left <= available {
                return now + Duration::minutes(left);
            }
            left -= available.max(0);
            now = self.next_working(end);
        }
    }

    /// `t` minus `minutes` of working time: the latest start of work that must end by `t`.
    #[must_use]
    pub fn sub_minutes(&self, t: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
        if self.always {
            return t
                .checked_sub_signed(Duration::minutes(i64::from(minutes)))
                .map_or(start_of_time(), |x| x.max(start_of_time()));
        }
        let mut left = i64::from(minutes);
        let mut now = self.previous_working(t);
        let week = self.week_minutes();
        while week > 0 && left > 2 * week {
            let date = self.local(now).date();
            let many = u64::try_from(left / week - 1).unwrap_or(1).max(1);
            let Some(far) = date.checked_sub_days(Days::new(7 * many)) else {
                return start_of_time();
            };
            let weeks = if self.has_holiday(far, date) { 1 } else { many };
            let Some(from) = date.checked_sub_days(Days::new(7 * weeks)) else {
                return start_of_time();
            };
            if self.has_holiday(from, date) {
                break;
            }
            left -= week * i64::try_from(weeks).unwrap_or(i64::MAX);
            now = self.at(from, self.local(now).time());
            if now <= start_of_time() {
                return start_of_time();
            }
        }
        loop {
            if now <= start_of_time() {
                return start_of_time();
            }
            // The working day `now` ends: a day that ends at midnight ends at the next day's
            // 00:00, so look one second back. A day off (or a `now` at a day's very start)
            // holds no work: move to the end of the working time before it.
            let day = self.local(now - Duration::seconds(1)).date();
            let (start, _) = self.interval(day);
            if !self.is_working_day(day) || start >= now {
                let before = self.end_before(now);
                if before >= now {
                    // `now` is the start of a day that follows a day ending at midnight.
                    now = self.end_before(now - Duration::seconds(1));
                } else {
                    now = before;
                }
                continue;
            }
            let available = (now - start).num_minutes();
            if left <= available {
                return now - Duration::minutes(left);
            }
            left -= available.max(0);
            now = self.end_before(start);
        }
    }

    /// Working days in a week (0 to 7).
    fn working_days_a_week(&self) -> i64 {
        self.days.iter().map(|d| i64::from(*d)).sum()
    }

    /// The end of the last working interval that ends at or before `t` (for a day that ends at
    /// midnight and a next day that starts then, `t` itself: no second is lost between them).
    fn end_before(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        let mut date = self.local(t - Duration::seconds(1)).date();
        for _ in 0..400 {
            if self.is_working_day(date) {
                let (start, end) = self.interval(date);
                if end <= t {
                    return end;
                }
                if start < t {
                    return t;
                }
            }
            match Self::previous_day(date) {
                Some(d) => date = d,
                None => return start_of_time(),
            }
        }
        start_of_time()
    }

    /// Working minutes in a full week with no holiday.
    fn week_minutes(&self) -> i64 {
        self.working_days_a_week() * self.day_minutes()
    }

    /// Whether a holiday falls on `from`, `to` or a day between them.
    fn has_holiday(&self, from: NaiveDate, to: NaiveDate) -> bool {
        let i = self.holidays.partition_point(|h| *h < from);
        self.holidays.get(i).is_some_and(|h| *h <= to)
    }

    /// How many holidays fall on working weekdays after `from`, up to `to` inclusive (`from` before
    /// `to`).
    fn working_holidays(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let first = self.holidays.partition_point(|h| *h <= from);
        let last = self.holidays.partition_point(|h| *h <= to).max(first);
        let count = self.holidays[first..last]
            .iter()
            .filter(|h| self.days[h.weekday().num_days_from_monday() as usize])
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// `t` plus `days` business days: the same local time on the `days`-th following working day
    /// (a start on a day off counts from the next working day), then moved into working hours.
    #[must_use]
    pub fn add_business_days(&self, t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let end = end_of_time();
        // A request made outside working hours (a `started:` on a Saturday) is taken up at the
        // next working moment: it keeps that time of day, as one asked for then would.
        let t = if self.always { t } else { self.next_working(t) };
        let t = t.min(end);
        let local = self.local(t);
        let mut date = local.date();
        let mut left = days;
        let mut guard = 0;
        while !self.is_working_day(date) {
            date = match Self::next_day(date) {
                Some(d) => d,
                None => return end,
            };
            guard += 1;
            if guard > 400 {
                return end;
            }
        }
        let per_week = u32::try_from(self.working_days_a_week()).unwrap_or(7);
        while per_week > 0 && left > 2 * per_week + 10 {
            let weeks = left / per_week - 1;
            let Some(to) = date.checked_add_days(Days::new(u64::from(weeks) * 7)) else {
                return end;
            };
            let holidays = self.working_holidays(date, to);
            left = left.saturating_sub(weeks * per_week - holidays.min(weeks * per_week));
            date = to;
        }
        while left > 0 {
            date = match Self::next_day(date) {
                Some(d) => d,
                None => return end,
            };
            if self.is_working_day(date) {
                left -= 1;
            }
            guard += 1;
            if guard > 100_000 {
                return end;
            }
        }
        if date >= end.date_naive() {
            return end;
        }
        let moment = self.at(date, local.time());
        if self.always {
            moment
        } else {
            self.next_working(moment)
        }
    }

    /// `t` minus `days` business days (the latest start of a lead time that must end by `t`),
    /// moved back into working hours.
    #[must_use]
    pub fn sub_business_days(&self, t: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let t = t.max(start_of_time());
        // A deadline outside working time counts from the last working moment before it (a
        // window on a Sunday night is held by work that ends on Friday evening).
        let t = if self.always {
            t
        } else {
            self.previous_working(t)
        };
        // A day that ends at midnight: its end is the next date's 00:00, but it is that day's.
        let midnight_end =
            !self.always && t > start_of_time() && self.local(t).time() == NaiveTime::MIN;
        let local = if midnight_end {
            let before = self.local(t - Duration::seconds(1));
            NaiveDateTime::new(
                before.date(),
                NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
            )
        } else {
            self.local(t)
        };
        let mut date = local.date();
        let mut left = days;
        let mut guard = 0;
        while !self.is_working_day(date) {
            date = match Self::previous_day(date) {
                Some(d) => d,
                None => return start_of_time(),
            };
            guard += 1;
            if guard > 400 {
                return start_of_time();
            }
        }
        let per_week = u32::try_from(self.working_days_a_week()).unwrap_or(7);
        while per_week > 0 && left > 2 * per_week + 10 {
            let weeks = left / per_week - 1;
            let Some(to) = date.checked_sub_days(Days::new(u64::from(weeks) * 7)) else {
                return start_of_time();
            };
            // The jump covers `[to, date)`: count the holidays from `to` on, not after it.
            let from = to.pred_opt().unwrap_or(to);
            let until = date.pred_opt().unwrap_or(date);
            let holidays = self.working_holidays(from, until);
            left = left.saturating_sub(weeks * per_week - holidays.min(weeks * per_week));
            date = to;
        }
        while left > 0 {
            date = match Self::previous_day(date) {
                Some(d) => d,
                None => return start_of_time(),
            };
            if self.is_working_day(date) {
                left -= 1;
            }
            guard += 1;
            if guard > 100_000 {
                return start_of_time();
            }
        }
        let moment = self.at(date, local.time());
        // Back to the day's midnight end (the local time was read one second before it).
        let moment = if midnight_end {
            moment + Duration::seconds(1)
        } else {
            moment
        };
        if self.always {
            moment
        } else {
            self.previous_working(moment)
        }
    }

    /// Working minutes from `a` to `b` (negative when `b` is before `a`). Spans of more than
    /// ten years are counted by whole weeks.
    #[must_use]
    pub fn working_minutes_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return -self.working_minutes_between(b, a);
        }
        if self.always {
            return (b - a).num_minutes();
        }
        let elapsed_days = (b - a).num_days();
        if elapsed_days > 3660 {
            // Far apart: the share of a week that is worked, which is all such a figure needs.
            return elapsed_days / 7 * self.week_minutes();
        }
        let first = self.local(a).date();
        let last = self.local(b).date();
        // The first and last days in part, the days between whole (every moment of their
        // working interval lies between `a` and `b`).
        let part = |date: NaiveDate| {
            if !self.is_working_day(date) {
                return 0;
            }
            let (start, end) = self.interval(date);
            let (from, to) = (start.max(a), end.min(b));
            if to > from {
                (to - from).num_minutes()
            } else {
                0
            }
        };
        if first == last {
            return part(first);
        }
        part(first) + self.whole_days_minutes(first, last) + part(last)
    }

    /// Working minutes of the whole days after `after` and before `before`.
    fn whole_days_minutes(&self, after: NaiveDate, before: NaiveDate) -> i64 {
        let from = after.num_days_from_ce().saturating_add(1);
        let to = before.num_days_from_ce();
        if to <= from {
            return 0;
        }
        if let Ok(sums) = self.memo.sums.read()
            && let Some(sums) = sums.as_ref()
            && sums.key.is_of(self)
            && let Some(minutes) = sums.between(from, to)
        {
            return minutes;
        }
        let mut sums = match self.memo.sums.write() {
            Ok(sums) => sums,
            Err(poisoned) => poisoned.into_inner(),
        };
        let reusable = sums.as_ref().is_some_and(|s| {
            s.key.is_of(self) && to.max(s.last()).saturating_sub(from.min(s.first)) <= SUMS_DAYS
        });
        if !reusable {
            *sums = None;
        }
        let sums = sums.get_or_insert_with(|| DaySums {
            key: SumsKey {
                zone: self.zone,
                start: self.start,
                end: self.end,
                always: self.always,
                days: self.days,
                holidays: self.holidays.clone(),
            },
            first: from,
            sums: vec![0],
        });
        sums.cover(self, from, to);
        sums.between(from, to).unwrap_or(0)
    }

    /// Working minutes of the whole day `day` (days since the common era).
    fn day_working_minutes(&self, day: i32) -> i64 {
        let Some(date) = NaiveDate::from_num_days_from_ce_opt(day) else {
            return 0;
        };
        if !self.is_working_day(date) {
            return 0;
        }
        let (start, end) = self.interval(date);
        (end - start).num_minutes().max(0)
    }

    /// Whether `t` lies inside working hours (the interval's end counts as inside: work that
    /// ends at 17:00 ends in working hours).
    #[must_use]
    pub fn is_working(&self, t: DateTime<Utc>) -> bool {
        if self.always {
            return true;
        }
        // The day `t` falls on, and the one before: a day that ends at midnight ends at the
        // next day's 00:00.
        let today = self.local(t).date();
        let yesterday = self.local(t - Duration::seconds(1)).date();
        [today, yesterday].into_iter().any(|date| {
            if !self.is_working_day(date) {
                return false;
            }
            let (start, end) = self.interval(date);
            start <= t && t <= end
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_ends_of_time_are_two_days_inside_chronos_range_in_whole_seconds() {
        let end =
            chrono::SubsecRound::trunc_subsecs(DateTime::<Utc>::MAX_UTC - Duration::days(2), 0);
        assert_eq!(end_of_time(), end);
        assert_eq!(end_of_time().timestamp_subsec_nanos(), 0);
        assert_eq!(
            start_of_time(),
            DateTime::<Utc>::MIN_UTC + Duration::days(2)
        );
    }

    fn berlin() -> Calendar {
        Calendar::office("Europe/Berlin".parse().unwrap(), &[])
    }

    fn new_york() -> Calendar {
        Calendar::office("America/New_York".parse().unwrap(), &[])
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn two_hours_from_friday_afternoon_end_on_monday_morning() {
        // Friday 4 Dec 2026 16:00 CET + 2h of work = Monday 7 Dec 10:00 CET.
        let t = berlin().add_minutes(utc("2026-12-04T15:00:00Z"), 120);
        assert_eq!(t, utc("2026-12-07T09:00:00Z"));
    }

    #[test]
    fn a_calendar_changed_after_use_never_reads_a_stale_interval() {
        // The memo is tagged with the hours and zone: changing a public field after a lookup
        // gives the new answer, and a clone keeps giving its own.
        let mut cal = berlin();
        let friday = utc("2026-12-04T15:00:00Z");
        assert_eq!(cal.add_minutes(friday, 90), utc("2026-12-07T08:30:00Z"));
        cal.end = NaiveTime::from_hms_opt(18, 0, 0).unwrap();
        assert_eq!(cal.add_minutes(friday, 90), utc("2026-12-04T16:30:00Z"));
        let copy = cal.clone();
        cal.zone = chrono_tz::America::New_York;
        let evening = utc("2026-12-04T20:00:00Z");
        assert_eq!(cal.add_minutes(evening, 90), utc("2026-12-04T21:30:00Z"));
        assert_eq!(copy.add_minutes(evening, 90), utc("2026-12-07T09:30:00Z"));
        // The memo is not part of a calendar's identity.
        let mut again = copy.clone();
        again.zone = chrono_tz::America::New_York;
        assert_eq!(again, cal);
        // Dates 512 days apart share a slot: each still gets its own interval.
        let monday = utc("2026-12-07T07:00:00Z");
        let later = monday + Duration::days(512);
        assert_eq!(copy.next_working(monday), utc("2026-12-07T08:00:00Z"));
        assert_eq!(copy.next_working(later), later);
        assert_eq!(copy.next_working(monday), utc("2026-12-07T08:00:00Z"));
    }

    #[test]
    fn the_end_of_time_is_out_of_reach_not_a_date() {
        for zone in [
            chrono_tz::Europe::Berlin,
            chrono_tz::UTC,
            chrono_tz::Pacific::Kiritimati,
        ] {
            // The end itself, moments derived from it, and anything past year 9999 locally.
            for t in [
                end_of_time(),
                end_of_time() - Duration::days(20_000_000),
                utc("9999-12-31T23:59:00Z") + Duration::days(1),
            ] {
                assert_eq!(local_text(t, zone), "out of reach");
                assert_eq!(local_text_with_weekday(t, zone), "out of reach");
            }
            for t in [
                start_of_time(),
                start_of_time() + Duration::days(20_000_000),
                utc("0000-01-02T00:00:00Z") - Duration::days(3),
            ] {
                assert_eq!(local_text(t, zone), "long past");
            }
            // The last moments of year 9999 and the first of year 0 are still dates.
            let last = utc("9999-12-30T00:00:00Z");
            assert_eq!(
                local_text(last, zone),
                last.with_timezone(&zone)
                    .format("%Y-%m-%d %H:%M %Z")
                    .to_string()
            );
        }
    }

    #[test]
    fn moments_read_as_chronos_format_writes_them() {
        let zones = [
            chrono_tz::Europe::Berlin,
            chrono_tz::America::New_York,
            chrono_tz::Asia::Kolkata,
            chrono_tz::Australia::Lord_Howe,
            chrono_tz::America::St_Johns,
            chrono_tz::UTC,
        ];
        let mut moments = vec![
            utc("0001-01-03T00:00:00Z"),
            utc("9999-12-30T00:00:00Z"),
            utc("2026-03-29T00:59:00Z"),
        ];
        let mut t = utc("1999-12-31T20:00:00Z");
        // Every 7h 13m for three years: every hour of the day, both clock changes, year ends.
        while t < utc("2003-01-02T00:00:00Z") {
            moments.push(t);
            t += Duration::minutes(7 * 60 + 13);
        }
        for zone in zones {
            for &m in &moments {
                let local = m.with_timezone(&zone);
                assert_eq!(
                    local_text(m, zone),
                    local.format("%Y-%m-%d %H:%M %Z").to_string()
                );
                assert_eq!(
                    local_clock_text(m, zone),
                    local.format("%H:%M %Z").to_string()
                );
                assert_eq!(
                    local_text_with_weekday(m, zone),
                    local.format("%a %Y-%m-%d %H:%M %Z").to_string()
                );
            }
        }
    }

    #[test]
    fn a_working_day_may_end_at_midnight() {
        // 16:00-24:00 on weekdays: 10 hours from Friday 20:00 is 4h on Friday, 6h from Monday 16:00.
        let cal = Calendar {
            start: NaiveTime::from_hms_opt(16, 0, 0).unwrap(),
            end: NaiveTime::MIN,
            ..berlin()
        };
        assert_eq!(cal.day_minutes(), 480);
        let t = cal.add_minutes(utc("2026-12-04T19:00:00Z"), 600);
        assert_eq!(t, utc("2026-12-07T21:00:00Z"));
        assert_eq!(cal.sub_minutes(t, 600), utc("2026-12-04T19:00:00Z"));
    }

    #[test]
    fn working_back_across_midnight_on_a_whole_day_calendar_loses_nothing() {
        // Found by a newcomer: every midnight crossed cost a minute and a second.
        let cal = Calendar {
            start: NaiveTime::MIN,
            end: NaiveTime::MIN,
            days: [true; 7],
            ..berlin()
        };
        let end = utc("2026-11-29T23:30:00Z");
        for minutes in [60, 1440, 2 * 1440, 8 * 1440] {
            let start = cal.sub_minutes(end, minutes);
            assert_eq!(
                end - start,
                Duration::minutes(i64::from(minutes)),
                "{minutes}"
            );
            assert_eq!(cal.add_minutes(start, minutes), end, "{minutes}");
        }
    }

    #[test]
    fn working_back_from_a_deadline_on_a_day_off_ends_on_the_last_working_day() {
        // Found in review: a deadline at Monday 00:00 after a weekend counted Sunday as work.
        let weekdays_all_day = Calendar {
            start: NaiveTime::MIN,
            end: NaiveTime::MIN,
            ..berlin()
        };
        // Monday 7 Dec 2026 00:00 CET is 6 Dec 23:00Z; two hours before it is Friday 22:00 CET.
        assert_eq!(
            weekdays_all_day.sub_minutes(utc("2026-12-06T23:00:00Z"), 120),
            utc("2026-12-04T21:00:00Z")
        );
        let office = berlin();
        // A window on Sunday 02:00 is held by a 3bd step that starts by Tuesday 17:00.
        assert_eq!(
            office.sub_business_days(utc("2026-12-06T01:00:00Z"), 3),
            utc("2026-12-01T16:00:00Z")
        );
        // Saturday 10:00 minus one business day: Thursday 17:00.
        assert_eq!(
            office.sub_business_days(utc("2026-12-05T09:00:00Z"), 1),
            utc("2026-12-03T16:00:00Z")
        );
        // A holiday on the day a long jump lands on is counted.
        let with_holiday = Calendar::office("Europe/Berlin".parse().unwrap(), &[day(2026, 11, 2)]);
        let end = utc("2026-12-11T11:00:00Z");
        let start = with_holiday.sub_business_days(end, 30);
        assert_eq!(with_holiday.add_business_days(start, 30), end);
    }

    #[test]
    fn work_started_at_night_starts_at_nine() {
        let t = berlin().add_minutes(utc("2026-12-08T03:23:00Z"), 30);
        assert_eq!(t, utc("2026-12-08T08:30:00Z"));
    }

    #[test]
    fn business_days_asked_for_on_a_weekend_count_from_monday_morning() {
        // A request recorded as started on a Saturday is taken up on Monday at 09:00, and ends
        // when one asked for then does (it ended an hour later, keeping Saturday's time of day).
        let cal = Calendar::office(chrono_tz::Europe::Berlin, &[]);
        let saturday = utc("2026-11-28T09:00:00Z");
        let monday = utc("2026-11-30T08:00:00Z");
        assert_eq!(
            cal.add_business_days(saturday, 3),
            cal.add_business_days(monday, 3)
        );
        assert_eq!(
            cal.add_business_days(saturday, 3),
            utc("2026-12-03T08:00:00Z")
        );
        // Inside working hours the time of day is kept.
        let wednesday = utc("2026-11-25T12:00:00Z");
        assert_eq!(
            cal.add_business_days(wednesday, 3),
            utc("2026-11-30T12:00:00Z")
        );
    }

    #[test]
    fn holidays_are_skipped_across_the_year_end() {
        let cal = Calendar::office(
            "Europe/Berlin".parse().unwrap(),
            &[
                day(2026, 12, 24),
                day(2026, 12, 25),
                day(2026, 12, 31),
                day(2027, 1, 1),
            ],
        );
        // Wednesday 23 Dec 16:00 + 2h: 1h on the 23rd, then Monday 28 Dec (24, 25 off; 26, 27
        // weekend) 10:00.
        let t = cal.add_minutes(utc("2026-12-23T15:00:00Z"), 120);
        assert_eq!(t, utc("2026-12-28T09:00:00Z"));
        // Wednesday 30 Dec 09:00 + 2 business days: 31 Dec and 1 Jan off, so Monday 4 Jan
        // (day 1) and Tuesday 5 Jan (day 2), 09:00.
        let t = cal.add_business_days(utc("2026-12-30T08:00:00Z"), 2);
        assert_eq!(t, utc("2027-01-05T08:00:00Z"));
    }

    #[test]
    fn a_leap_day_is_a_working_day() {
        // Friday 27 Feb 2028 10:00 + 1 business day = Monday 28 Feb? No: 2028-02-27 is a
        // Sunday; Monday 28, Tuesday 29 Feb (the leap day), Wednesday 1 Mar.
        let cal = berlin();
        assert!(cal.is_working_day(day(2028, 2, 29)));
        let t = cal.add_business_days(utc("2028-02-28T09:00:00Z"), 1);
        assert_eq!(t, utc("2028-02-29T09:00:00Z"));
        let t = cal.add_business_days(utc("2028-02-29T09:00:00Z"), 1);
        assert_eq!(t, utc("2028-03-01T09:00:00Z"));
    }

    #[test]
    fn working_hours_keep_local_time_across_both_dst_changes() {
        // Berlin: clocks go forward Sunday 29 Mar 2026, back Sunday 25 Oct 2026.
        let cal = berlin();
        // Friday 27 Mar 16:00 CET (15:00Z) + 2h = Monday 30 Mar 10:00 CEST (08:00Z).
        assert_eq!(
            cal.add_minutes(utc("2026-03-27T15:00:00Z"), 120),
            utc("2026-03-30T08:00:00Z")
        );
        // Friday 23 Oct 16:00 CEST (14:00Z) + 2h = Monday 26 Oct 10:00 CET (09:00Z).
        assert_eq!(
            cal.add_minutes(utc("2026-10-23T14:00:00Z"), 120),
            utc("2026-10-26T09:00:00Z")
        );
        // New York: forward Sunday 8 Mar 2026, back Sunday 1 Nov 2026.
        let ny = new_york();
        // Friday 6 Mar 16:00 EST (21:00Z) + 2h = Monday 9 Mar 10:00 EDT (14:00Z).
        assert_eq!(
            ny.add_minutes(utc("2026-03-06T21:00:00Z"), 120),
            utc("2026-03-09T14:00:00Z")
        );
        // Friday 30 Oct 16:00 EDT (20:00Z) + 2h = Monday 2 Nov 10:00 EST (15:00Z).
        assert_eq!(
            ny.add_minutes(utc("2026-10-30T20:00:00Z"), 120),
            utc("2026-11-02T15:00:00Z")
        );
    }

    #[test]
    fn a_party_in_another_zone_works_its_own_hours() {
        // 16:00 in Berlin on a Monday is 10:00 in New York: a New York party has 7 hours left.
        let t = new_york().add_minutes(utc("2026-12-07T15:00:00Z"), 420);
        assert_eq!(t, utc("2026-12-07T22:00:00Z"));
        // Berlin's evening is New York's afternoon: Berlin work waits for the next morning.
        let t = berlin().add_minutes(utc("2026-12-07T19:00:00Z"), 60);
        assert_eq!(t, utc("2026-12-08T09:00:00Z"));
    }

    #[test]
    fn subtracting_undoes_adding_inside_working_hours() {
        let cal = berlin();
        for (start, minutes) in [
            ("2026-12-07T08:00:00Z", 30),
            ("2026-12-04T15:00:00Z", 120),
            ("2026-12-23T10:00:00Z", 2000),
            ("2026-10-23T14:00:00Z", 600),
        ] {
            let start = cal.next_working(utc(start));
            let end = cal.add_minutes(start, minutes);
            assert_eq!(cal.sub_minutes(end, minutes), start, "{start} + {minutes}m");
        }
        let start = utc("2026-12-04T08:00:00Z");
        let end = cal.add_business_days(start, 3);
        assert_eq!(cal.sub_business_days(end, 3), start);
    }

    #[test]
    fn week_jumps_agree_with_minute_by_minute_work() {
        let cal = Calendar::office(
            "Europe/Berlin".parse().unwrap(),
            &[
                day(2026, 12, 24),
                day(2026, 12, 25),
                day(2027, 1, 1),
                day(2027, 4, 2),
            ],
        );
        let start = utc("2026-12-01T08:00:00Z");
        // 480 minutes a day: n days of work end at 17:00 on the n-th working day.
        let mut by_day = start;
        for n in 1..=120_u32 {
            by_day = cal.add_minutes(cal.next_working(by_day), 480);
            let jumped = cal.add_minutes(start, 480 * n);
            assert_eq!(jumped, by_day, "{n} days");
            // The day's end: moving on starts the next working day.
            by_day = cal.next_working(by_day + Duration::seconds(1));
            by_day = cal.previous_working(by_day);
        }
    }

    #[test]
    fn billions_of_minutes_or_days_end_at_the_end_of_time_quickly() {
        let cal = berlin();
        let t = utc("2026-12-01T08:00:00Z");
        // 4294967295 minutes of office work are some 34,000 years: far, but representable.
        assert!(cal.add_minutes(t, u32::MAX).year() > 30_000);
        assert!(cal.add_business_days(t, u32::MAX).year() > 30_000);
        assert!(cal.sub_minutes(t, u32::MAX) <= t);
        assert!(cal.sub_business_days(t, u32::MAX) <= t);
        let always = Calendar::around_the_clock("UTC".parse().unwrap(), &[]);
        assert_eq!(always.add_minutes(end_of_time(), 10), end_of_time());
    }

    #[test]
    fn around_the_clock_never_waits() {
        let cal = Calendar::around_the_clock("Europe/Berlin".parse().unwrap(), &[]);
        let t = utc("2026-12-05T03:23:00Z");
        assert_eq!(cal.add_minutes(t, 5), utc("2026-12-05T03:28:00Z"));
        assert!(cal.is_working(t));
    }

    /// Working minutes counted day by day, as the calendar did before it kept sums.
    fn minutes_day_by_day(cal: &Calendar, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b < a {
            return -minutes_day_by_day(cal, b, a);
        }
        let mut total = 0;
        let mut date = cal.local(a).date();
        while date <= cal.local(b).date() {
            if cal.is_working_day(date) {
                let (start, end) = cal.compute_interval(date);
                let (from, to) = (start.max(a), end.min(b));
                if to > from {
                    total += (to - from).num_minutes();
                }
            }
            date = Calendar::next_day(date).unwrap();
        }
        total
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// The kept sums give what counting day by day gives, whatever order spans are asked
        /// in (forward, backward, far apart), on calendars with summer time, nights, holidays
        /// and odd weeks.
        #[test]
        fn working_minutes_are_those_counted_day_by_day(
            zone in proptest::sample::select(vec![
                "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "UTC",
            ]),
            hours in proptest::sample::select(vec![(9, 17), (0, 0), (22, 0), (1, 3), (7, 19)]),
            days in proptest::array::uniform7(proptest::bool::ANY),
            holidays in proptest::collection::vec(0_i64..3000, 0..20),
            spans in proptest::collection::vec((0_i64..3_000_000, -2_000_000_i64..2_000_000), 1..12),
        ) {
            let base = utc("2024-01-01T00:00:00Z");
            let first = day(2024, 1, 1);
            let holidays: Vec<NaiveDate> = holidays
                .iter()
                .map(|d| first + Duration::days(*d))
                .collect();
            let mut cal = Calendar::office(zone.parse().unwrap(), &holidays);
            cal.start = NaiveTime::from_hms_opt(hours.0, 0, 0).unwrap();
            cal.end = NaiveTime::from_hms_opt(hours.1, 0, 0).unwrap();
            cal.days = days;
            for (from, length) in spans {
                let a = base + Duration::minutes(from);
                let b = a + Duration::minutes(length);
                if (b - a).num_days().abs() > 3660 {
                    continue;
                }
                proptest::prop_assert_eq!(
                    cal.working_minutes_between(a, b),
                    minutes_day_by_day(&cal, a, b),
                    "{} .. {}", a, b
                );
            }
        }
    }

    #[test]
    fn a_calendar_changed_after_use_sums_afresh() {
        let mut cal = berlin();
        let (a, b) = (utc("2026-12-01T08:00:00Z"), utc("2027-03-01T08:00:00Z"));
        let before = cal.working_minutes_between(a, b);
        cal.holidays = vec![day(2027, 1, 4)];
        assert_eq!(cal.working_minutes_between(a, b), before - 480);
        assert_eq!(
            cal.working_minutes_between(a, b),
            minutes_day_by_day(&cal, a, b)
        );
    }
}
