//! When each step can happen: one forward pass over the graph in dependency order for the
//! earliest start and finish of every step (on the expected figures, and again on the longest),
//! and one backward pass for the latest start and finish that still hold the cutover.
//!
//! Work done by people advances only in its owner's working hours ([`Calendars`]); Meta's
//! reviews and waits run around the clock; cutover-phase steps run inside the cutover window,
//! around the clock. A step under way counts from when it started; a step done counts as
//! finished when it was done. Business-day lead times count the owner's working days.
//!
//! The backward pass works back from each number's deadline: the start of the cutover window,
//! or, without one, the number's own earliest cutover (so the steps that decide it have no
//! slack and form its critical path).

use chrono::{DateTime, Utc};
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::calendar::{Calendar, end_of_time, start_of_time};
use crate::catalog::{Amount, Clock, Figure, Owner, Phase};
use crate::eval::StepStatus;
use crate::graph::StepGraph;
use crate::plan::Calendars;

/// The schedule of every node, indexed by node index. A fleet has a million steps, so moments are
/// kept as whole seconds since the epoch (8 bytes, not 12 or 16) and read through the accessors.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// Earliest start on expected figures (for a step under way: when it started; for a done
    /// step: when it was done).
    earliest_start: Vec<i64>,
    /// Earliest finish on expected figures.
    earliest_finish: Vec<i64>,
    /// Earliest finish on the longest figures; [`NEVER`] when some step on the way has no known
    /// longest figure ("at least 2 business days").
    longest_finish: Vec<i64>,
    /// The prerequisite whose finish set the earliest start ([`NO_NODE`]: the evaluation moment,
    /// a start already recorded, or the window did).
    driver: Vec<u32>,
    /// Latest finish that still holds the deadline ([`NEVER`]: nothing downstream has one).
    latest_finish: Vec<i64>,
    /// Latest start likewise ([`NEVER`] also for a step already under way).
    latest_start: Vec<i64>,
}

/// "No such moment" in the compact vectors.
const NEVER: i64 = i64::MIN;
/// "No such node" in the compact vectors.
const NO_NODE: u32 = u32::MAX;

fn pack(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

fn unpack(t: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(t, 0).unwrap_or_else(end_of_time)
}

fn unpack_some(t: i64) -> Option<DateTime<Utc>> {
    (t != NEVER).then(|| unpack(t))
}

fn pack_some(t: Option<DateTime<Utc>>) -> i64 {
    t.map_or(NEVER, pack)
}

impl Schedule {
    /// Earliest start of node `i` on expected figures.
    #[must_use]
    pub fn earliest_start(&self, i: usize) -> DateTime<Utc> {
        unpack(self.earliest_start[i])
    }

    /// Earliest finish of node `i` on expected figures.
    #[must_use]
    pub fn earliest_finish(&self, i: usize) -> DateTime<Utc> {
        unpack(self.earliest_finish[i])
    }

    /// Earliest finish of node `i` on the longest figures (`None`: unbounded).
    #[must_use]
    pub fn longest_finish(&self, i: usize) -> Option<DateTime<Utc>> {
        unpack_some(self.longest_finish[i])
    }

    /// The prerequisite whose finish set node `i`'s earliest start.
    #[must_use]
    pub fn driver(&self, i: usize) -> Option<NodeIndex> {
        (self.driver[i] != NO_NODE).then(|| NodeIndex::new(self.driver[i] as usize))
    }

    /// Latest finish of node `i` that still holds its deadline.
    #[must_use]
    pub fn latest_finish(&self, i: usize) -> Option<DateTime<Utc>> {
        unpack_some(self.latest_finish[i])
    }

    /// Latest start of node `i` that still holds its deadline.
    #[must_use]
    pub fn latest_start(&self, i: usize) -> Option<DateTime<Utc>> {
        unpack_some(self.latest_start[i])
    }
}

/// Whose hours a node's duration runs in.
#[must_use]
pub fn clock(graph: &StepGraph, node: NodeIndex) -> Clock {
    if graph.phase(node) == Phase::Cutover {
        // Cutover night runs in the window, not in office hours.
        return Clock::Around;
    }
    // Meta works around the clock, whoever the catalogue or an override names.
    if graph.graph[node].owner == Owner::Meta {
        return Clock::Around;
    }
    graph.graph[node].defined_clock()
}

/// The calendar a node's work advances in.
#[must_use]
pub fn calendar(calendars: &Calendars, owner: Owner, clock: Clock) -> &Calendar {
    match clock {
        Clock::Around => &calendars.around,
        Clock::Working => calendars.of(owner),
    }
}

/// How long before the cutover window a step may start at the earliest, if it is held.
fn held_before_window(graph: &StepGraph, node: NodeIndex) -> Option<chrono::TimeDelta> {
    if graph.phase(node) != Phase::Prepare {
        return None;
    }
    match graph.graph[node].origin() {
        crate::graph::Origin::Route(step) => step.held_before_window,
        _ => None,
    }
}

/// Until when a ready step is held back by the cutover window (a new display name submitted more
/// than 14 days before the window is reviewed again before the registration, MDN): the moment
/// it may start, when that is after `at`. `None` for a step that is not ready, already started,
/// not held, or held until a moment already past.
#[must_use]
pub fn held_until(
    graph: &StepGraph,
    status: &[StepStatus],
    node: NodeIndex,
    at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if status[node.index()] != StepStatus::Ready {
        return None;
    }
    let window = graph.plan.cutover_window?;
    let from = window
        .start
        .checked_sub_signed(held_before_window(graph, node)?)?;
    (from > at).then_some(from)
}

/// The calendar in which a step's owner sets it going, when that is not the one its work runs
/// in: a party's request that Meta then handles around the clock (a name review, a PIN reset,
/// a reinstatement) is made in the party's own working hours, so it starts no earlier and is
/// due no later than a working moment of that party. `None` for every other step.
#[must_use]
pub fn initiating_calendar(graph: &StepGraph, node: NodeIndex) -> Option<&Calendar> {
    let owner = graph.graph[node].owner;
    (owner != Owner::Meta
        && graph.phase(node) != Phase::Cutover
        && clock(graph, node) == Clock::Around)
        .then(|| graph.plan.calendars.of(owner))
}

/// `start` plus an amount of work in `cal`: minutes of working time, or business days that keep
/// the time of day (then moved into working hours).
#[must_use]
pub fn add(cal: &Calendar, start: DateTime<Utc>, amount: Amount) -> DateTime<Utc> {
    match amount {
        Amount::Minutes(m) => cal.add_minutes(start, m),
        Amount::BusinessDays(d) => cal.add_business_days(start, d),
    }
}

/// The latest start of work of `amount` that must end by `end` in `cal`.
#[must_use]
pub fn sub(cal: &Calendar, end: DateTime<Utc>, amount: Amount) -> DateTime<Utc> {
    match amount {
        Amount::Minutes(m) => cal.sub_minutes(end, m),
        Amount::BusinessDays(d) => cal.sub_business_days(end, d),
    }
}

/// Calendar arithmetic remembered for the moments a pass asks about again: in a fleet most
/// numbers' steps start at the same moments (now, the end of the same fleet step) and chain the
/// same estimates, so their working-time sums repeat. A fixed table of the last answer per slot
/// (no growth, no eviction policy): a miss only costs the sum itself. Calendars are told apart by
/// address, which holds for one pass over one plan; only whole seconds are remembered.
struct Memo {
    slots: Vec<Option<MemoEntry>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct MemoKey {
    calendar: usize,
    secs: i64,
    /// What is asked: the next working moment, or a sum forward or back.
    op: MemoOp,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum MemoOp {
    NextWorking,
    PreviousWorking,
    Add(Amount),
    Sub(Amount),
}

#[derive(Clone, Copy)]
struct MemoEntry {
    key: MemoKey,
    answer: DateTime<Utc>,
}

impl Memo {
    const BITS: u32 = 12;

    fn new() -> Memo {
        Memo {
            slots: vec![None; 1 << Self::BITS],
        }
    }

    /// The answer to `op` at `t` in `cal`, computed by `compute` unless remembered.
    fn ask(
        &mut self,
        cal: &Calendar,
        t: DateTime<Utc>,
        op: MemoOp,
        compute: impl FnOnce() -> DateTime<Utc>,
    ) -> DateTime<Utc> {
        if t.timestamp_subsec_nanos() != 0 {
            return compute();
        }
        let key = MemoKey {
            calendar: std::ptr::from_ref(cal) as usize,
            secs: t.timestamp(),
            op,
        };
        let bits = match op {
            MemoOp::NextWorking => 0,
            MemoOp::PreviousWorking => 5,
            MemoOp::Add(Amount::Minutes(m)) => u64::from(m) << 3 | 1,
            MemoOp::Add(Amount::BusinessDays(d)) => u64::from(d) << 3 | 2,
            MemoOp::Sub(Amount::Minutes(m)) => u64::from(m) << 3 | 3,
            MemoOp::Sub(Amount::BusinessDays(d)) => u64::from(d) << 3 | 4,
        };
        let mixed =
            (key.calendar as u64) ^ key.secs.cast_unsigned().rotate_left(17) ^ bits.rotate_left(41);
        // The top bits of a Fibonacci hash: the table has 2^BITS slots.
        let slot = (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - Self::BITS)) as usize;
        if let Some(entry) = self.slots[slot]
            && entry.key == key
        {
            return entry.answer;
        }
        let answer = compute();
        self.slots[slot] = Some(MemoEntry { key, answer });
        answer
    }

    /// [`Calendar::next_working`], remembered.
    fn next_working(&mut self, cal: &Calendar, t: DateTime<Utc>) -> DateTime<Utc> {
        self.ask(cal, t, MemoOp::NextWorking, || cal.next_working(t))
    }

    /// [`Calendar::previous_working`], remembered.
    fn previous_working(&mut self, cal: &Calendar, t: DateTime<Utc>) -> DateTime<Utc> {
        self.ask(cal, t, MemoOp::PreviousWorking, || cal.previous_working(t))
    }

    /// [`add`], remembered.
    fn add(&mut self, cal: &Calendar, t: DateTime<Utc>, amount: Amount) -> DateTime<Utc> {
        self.ask(cal, t, MemoOp::Add(amount), || add(cal, t, amount))
    }

    /// [`sub`], remembered.
    fn sub(&mut self, cal: &Calendar, t: DateTime<Utc>, amount: Amount) -> DateTime<Utc> {
        self.ask(cal, t, MemoOp::Sub(amount), || sub(cal, t, amount))
    }
}

/// Where a forward pass writes: every step's finish, and optionally what drove its start and
/// when it starts.
struct Pass<'a> {
    finish: &'a mut [Option<DateTime<Utc>>],
    driver: Option<&'a mut [Option<NodeIndex>]>,
    starts: Option<&'a mut [DateTime<Utc>]>,
}

fn forward(
    graph: &StepGraph,
    status: &[StepStatus],
    done_at: &[Option<DateTime<Utc>>],
    at: DateTime<Utc>,
    figure: Figure,
    pass: Pass<'_>,
) {
    let Pass {
        finish,
        mut driver,
        mut starts,
    } = pass;
    let plan = &graph.plan;
    let window_start = plan.cutover_window.map(|w| w.start);
    let mut memo = Memo::new();
    for &node in &graph.order {
        let i = node.index();
        let w = &graph.graph[node];
        // The prerequisite that finishes last (`None` finish: never, on the longest figures).
        let mut ready = Some(at);
        let mut by = None;
        for p in graph.graph.neighbors_directed(node, Direction::Incoming) {
            match (finish[p.index()], ready) {
                (None, _) => {
                    ready = None;
                    by = Some(p);
                }
                (Some(f), Some(r)) if f > r => {
                    ready = Some(f);
                    by = Some(p);
                }
                _ => {}
            }
        }
        let (start, end) = match status[i] {
            StepStatus::Done => {
                let t = done_at[i].unwrap_or(at).min(at);
                by = None;
                (Some(t), Some(t))
            }
            StepStatus::NotApplicable => (ready, ready),
            StepStatus::InProgress | StepStatus::Ready | StepStatus::Waiting => {
                let clock = clock(graph, node);
                let cal = calendar(&plan.calendars, w.owner, clock);
                let start = match (graph.started(node), status[i]) {
                    (Some(s), StepStatus::InProgress) => {
                        by = None;
                        Some(s.at)
                    }
                    _ => ready.map(|r| {
                        let mut r = r;
                        if graph.phase(node) == Phase::Cutover
                            && let Some(ws) = window_start
                            && ws > r
                        {
                            r = ws;
                            by = None;
                        }
                        // Held until a set time before the window (a display name submitted
                        // too early would be reviewed again before the registration).
                        if let Some(ws) = window_start
                            && let Some(lead) = held_before_window(graph, node)
                            && let Some(from) = ws.checked_sub_signed(lead)
                            && from > r
                        {
                            r = from;
                            by = None;
                        }
                        if clock == Clock::Working {
                            memo.next_working(cal, r)
                        } else if let Some(own) = initiating_calendar(graph, node) {
                            memo.next_working(own, r)
                        } else {
                            r
                        }
                    }),
                };
                // A step no source gives a duration for takes none on the expected figures (the
                // earliest cutover is then a lower bound) and has no longest.
                let amount = match graph.estimate(node) {
                    Some(e) => e.figure(figure),
                    None if figure == Figure::Max => None,
                    None => Some(Amount::Minutes(0)),
                };
                let end = match (start, amount) {
                    (Some(s), Some(a)) => Some(memo.add(cal, s, a)),
                    _ => None,
                };
                // Work under way past its estimate may still end any moment: not before now.
                let end = if status[i] == StepStatus::InProgress {
                    end.map(|e| e.max(at))
                } else {
                    end
                };
                (start, end)
            }
        };
        finish[i] = end.map(|e| e.min(end_of_time()));
        if let Some(d) = driver.as_deref_mut() {
            d[i] = by;
        }
        if let Some(s) = starts.as_deref_mut() {
            s[i] = start.unwrap_or(at);
        }
    }
}

/// The schedule of `graph` at `at`, with `deadline(n)` the moment number `n`'s cutover must be
/// able to start by (the window's start, or its own earliest cutover); `None` for numbers that
/// have no deadline.
#[must_use]
pub fn schedule(
    graph: &StepGraph,
    status: &[StepStatus],
    done_at: &[Option<DateTime<Utc>>],
    at: DateTime<Utc>,
) -> Schedule {
    let count = graph.graph.node_count();
    let mut driver = vec![None; count];
    let mut earliest_start = vec![at; count];
    // The expected and the longest figures are two independent passes: one per core. Their
    // results are allocated here, on the calling thread, so that a worker thread's allocator
    // arena does not keep a fleet-sized block of its own.
    let mut expected = vec![Some(at); count];
    let mut longest_finish = vec![Some(at); count];
    rayon::join(
        || {
            let pass = Pass {
                finish: &mut expected,
                driver: Some(&mut driver),
                starts: Some(&mut earliest_start),
            };
            forward(graph, status, done_at, at, Figure::Expected, pass);
        },
        || {
            let pass = Pass {
                finish: &mut longest_finish,
                driver: None,
                starts: None,
            };
            forward(graph, status, done_at, at, Figure::Max, pass);
        },
    );
    Schedule {
        earliest_start: earliest_start.into_iter().map(pack).collect(),
        earliest_finish: expected
            .into_iter()
            .map(|t| pack(t.unwrap_or(at)))
            .collect(),
        longest_finish: longest_finish.into_iter().map(pack_some).collect(),
        driver: driver
            .into_iter()
            .map(|d| d.map_or(NO_NODE, |n| u32::try_from(n.index()).unwrap_or(NO_NODE)))
            .collect(),
        latest_finish: vec![NEVER; count],
        latest_start: vec![NEVER; count],
    }
}

impl Schedule {
    /// The backward pass: latest finish and start of every unfinished step that still meet
    /// `deadline[n]`, the moment number `n`'s cutover must be able to start by. Cutover-phase
    /// steps must also end by the window's end.
    pub fn work_back(
        &mut self,
        graph: &StepGraph,
        status: &[StepStatus],
        deadline: &[Option<DateTime<Utc>>],
    ) {
        let plan = &graph.plan;
        let window_end = plan.cutover_window.map(|w| w.end);
        let mut memo = Memo::new();
        for &node in graph.order.iter().rev() {
            let i = node.index();
            let phase = graph.phase(node);
            if phase == Phase::After || status[i] == StepStatus::Done {
                continue;
            }
            let mut latest: Option<DateTime<Utc>> = if phase == Phase::Cutover {
                window_end
            } else {
                None
            };
            let mut tighten = |t: Option<DateTime<Utc>>| {
                if let Some(t) = t {
                    latest = Some(latest.map_or(t, |l| l.min(t)));
                }
            };
            for s in graph.graph.neighbors_directed(node, Direction::Outgoing) {
                match graph.phase(s) {
                    Phase::After => {}
                    Phase::Cutover if phase == Phase::Prepare => {
                        tighten(graph.graph[s].number().and_then(|n| deadline[n]));
                        tighten(self.latest_start(s.index()));
                    }
                    _ => tighten(self.latest_start(s.index())),
                }
            }
            self.latest_finish[i] = pack_some(latest);
            self.latest_start[i] = pack_some(match status[i] {
                StepStatus::Ready | StepStatus::Waiting => latest.map(|l| {
                    let w = &graph.graph[node];
                    let clock = clock(graph, node);
                    let cal = calendar(&plan.calendars, w.owner, clock);
                    let amount = graph
                        .estimate(node)
                        .map_or(Amount::Minutes(0), |e| e.expected);
                    let start = memo.sub(cal, l, amount);
                    match initiating_calendar(graph, node) {
                        Some(own) => memo.previous_working(own, start),
                        None => start,
                    }
                    .max(start_of_time())
                }),
                // Not applicable: passes the deadline through unchanged.
                StepStatus::NotApplicable => latest,
                _ => None,
            });
        }
    }

    /// Slack of an unfinished step, in minutes of its owner's working time between its
    /// earliest and latest finish (negative: late by that much); `None` without a deadline.
    #[must_use]
    pub fn slack_minutes(&self, graph: &StepGraph, node: NodeIndex) -> Option<i64> {
        let i = node.index();
        let latest = self.latest_finish(i)?;
        let w = &graph.graph[node];
        let cal = calendar(&graph.plan.calendars, w.owner, clock(graph, node));
        // A step its owner sets going must start in the owner's hours: its due start, pulled back
        // into them, leaves less room than its finish would. That room is the owner's working
        // time, as for any other step of theirs: counted around the clock, a name check due on
        // the same day as a 2SV request read four times as late.
        if let Some(own) = initiating_calendar(graph, node)
            && let Some(latest_start) = self.latest_start(i)
        {
            return Some(own.working_minutes_between(self.earliest_start(i), latest_start));
        }
        Some(cal.working_minutes_between(self.earliest_finish(i), latest))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn evaluated(yaml: &str, at: &str) -> crate::eval::Evaluation {
        let loaded = pipeline::compile(&mut crate::source::SourceFile::new("plan.yaml", yaml));
        let graph = loaded.graph.expect("the plan compiles");
        crate::eval::Evaluator::evaluate(graph, utc(at))
    }

    #[test]
    fn remembered_calendar_sums_equal_the_sums() {
        // Few distinct moments and amounts, so answers are asked for again, and more keys than
        // slots, so slots are taken over: every answer must still be the calendar's own.
        let holidays = [chrono::NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()];
        let calendars = [
            Calendar::office("Europe/Berlin".parse().unwrap(), &holidays),
            Calendar::office("America/New_York".parse().unwrap(), &[]),
            Calendar::around_the_clock("Asia/Kolkata".parse().unwrap(), &holidays),
        ];
        let base = utc("2026-12-18T16:30:00Z");
        let mut memo = Memo::new();
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..40_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let cal = &calendars[(x % 3) as usize];
            let t = base + chrono::Duration::minutes(((x >> 8) % 5_000).cast_signed() * 7);
            let amount = if (x >> 30).is_multiple_of(4) {
                Amount::BusinessDays(((x >> 33) % 6) as u32)
            } else {
                Amount::Minutes(((x >> 33) % 40) as u32 * 15)
            };
            assert_eq!(memo.next_working(cal, t), cal.next_working(t), "{t}");
            assert_eq!(
                memo.add(cal, t, amount),
                add(cal, t, amount),
                "{t} {amount:?}"
            );
            assert_eq!(
                memo.sub(cal, t, amount),
                sub(cal, t, amount),
                "{t} {amount:?}"
            );
        }
        // A moment with nanoseconds is never answered from a whole second's entry.
        let cal = &calendars[0];
        let t = utc("2026-12-21T08:00:00Z");
        let _ = memo.add(cal, t, Amount::Minutes(30));
        let late = t + chrono::Duration::nanoseconds(5);
        assert_eq!(
            memo.add(cal, late, Amount::Minutes(30)),
            add(cal, late, Amount::Minutes(30))
        );
    }

    const HEAD: &str = "version: 1\nplan:\n  name: T\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\n";

    #[test]
    fn a_persons_step_asked_for_on_friday_evening_starts_on_monday_morning() {
        let yaml = format!(
            "{HEAD}fleet:\n  done: [meta-portfolio-access]\nnumbers:\n  - number: \"+49 30 901820\"\n    source: {{new: {{line: landline}}}}\n"
        );
        // Friday 4 Dec 2026, 18:00 in Berlin: nobody works until Monday 09:00.
        let e = evaluated(&yaml, "2026-12-04T17:00:00Z");
        let g = &e.graph;
        for &node in &g.numbers[0].nodes {
            let i = node.index();
            if e.status[i] == StepStatus::Ready && clock(g, node) == Clock::Working {
                assert!(e.schedule.earliest_start(i) >= utc("2026-12-07T08:00:00Z"));
            }
        }
    }
}
