//! [`StepGraph`] at a moment → [`Evaluation`]: the state of every step and every number, derived
//! and never stored.
//!
//! A step is done (recorded done at or before the evaluation time), not applicable, ready (all
//! prerequisites done or not applicable) or waiting. A number is blocked while any prepare-phase
//! step on the way to its cutover is unfinished; cutting over once a cutover step is done; live once
//! every cutover step is done; complete when its follow-ups are done too. Downtime and billing come
//! from the roles the catalogue gives to the number's route steps.

pub mod blockers;
pub mod schedule;
pub mod warnings;

use chrono::{DateTime, Utc};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use rayon::prelude::*;
use serde::Serialize;

use crate::catalog::{Amount, DowntimeRole, Estimate, Fact, Payer, Phase};
use crate::graph::{DoneMark, Origin, StepGraph};
use crate::plan::{NameStatus, Number, Source};
pub use warnings::{Warning, WarningKind};

/// The state of one step at the evaluation time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    /// Done at or before the evaluation time.
    Done,
    /// Started (recorded under `started:` at or before the evaluation time), not done yet.
    InProgress,
    /// Every prerequisite is done: it can be worked on now.
    Ready,
    /// Some prerequisite is unfinished.
    Waiting,
    /// Does not apply to this number.
    NotApplicable,
}

/// The state of one number, derived from its steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberState {
    /// Some prepare step on the way to its cutover is unfinished.
    Blocked,
    /// Every prerequisite is done; the cutover can start.
    ReadyForCutover,
    /// The cutover has started (downtime may be running) but the integration is not saved yet.
    CuttingOver,
    /// Registered on Genesys Cloud; follow-up steps remain.
    Live,
    /// Live, and every follow-up step is done.
    Complete,
}

impl NumberState {
    /// Every state, in report order.
    pub const ALL: [NumberState; 5] = [
        NumberState::Blocked,
        NumberState::ReadyForCutover,
        NumberState::CuttingOver,
        NumberState::Live,
        NumberState::Complete,
    ];

    /// The name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            NumberState::Blocked => "blocked",
            NumberState::ReadyForCutover => "ready_for_cutover",
            NumberState::CuttingOver => "cutting_over",
            NumberState::Live => "live",
            NumberState::Complete => "complete",
        }
    }
}

/// Expected downtime of one number and the steps that start and end it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Downtime {
    /// Shortest, in minutes.
    pub min_minutes: u32,
    /// Expected.
    pub expected_minutes: u32,
    /// Longest.
    pub max_minutes: u32,
    /// The step whose completion takes the number off WhatsApp (for a number with no downtime,
    /// the switch-over step itself; `None` for a number with no switch-over).
    pub starts_with: Option<NodeIndex>,
    /// The step whose completion brings it back.
    pub ends_with: Option<NodeIndex>,
    /// When it started, if the starting step is recorded done with a time by the evaluation time.
    pub started_at: Option<DateTime<Utc>>,
    /// When it ended, likewise.
    pub ended_at: Option<DateTime<Utc>>,
    /// A conditional step (disconnecting from the old partner ahead) starts it early.
    pub early: bool,
}

/// Whether the planned cutover window holds for a number (or the fleet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowVerdict {
    /// The plan has no window.
    None,
    /// It holds, even on the longest figures.
    Holds,
    /// A cutover step is recorded done outside the window (before it opened or after it ended):
    /// the number was, or is being, cut over when the window did not plan.
    NotKept,
    /// It holds on the expected figures only.
    AtRisk,
    /// It cannot hold: the earliest cutover is after the window starts, the cutover cannot end
    /// inside it, or the expected downtime exceeds the budget.
    CannotHold,
    /// The window is over and the number is not live.
    Passed,
}

impl WindowVerdict {
    /// Whether reports say this verdict for a number in `state`: a live number's window is
    /// behind it, so it is said only when the window was not kept.
    #[must_use]
    pub fn said_for(self, state: NumberState) -> bool {
        self != WindowVerdict::None
            && (self == WindowVerdict::NotKept
                || !matches!(state, NumberState::Live | NumberState::Complete))
    }

    /// The name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            WindowVerdict::None => "none",
            WindowVerdict::Holds => "holds",
            WindowVerdict::NotKept => "not_kept",
            WindowVerdict::AtRisk => "at_risk",
            WindowVerdict::CannotHold => "cannot_hold",
            WindowVerdict::Passed => "passed",
        }
    }
}

/// A moment on the longest figures, which may have no bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// At this moment.
    At(DateTime<Utc>),
    /// Some step on the way has no known longest duration.
    Unbounded,
}

/// One unfinished step that blocks a number's cutover.
#[derive(Debug, Clone)]
pub struct Blocker {
    /// The node (for a step of other numbers, the instance that finishes last).
    pub node: NodeIndex,
    /// Ready, in progress or waiting (for a step of other numbers, the most advanced of its
    /// instances).
    pub status: StepStatus,
    /// Shared by the fleet.
    pub fleet: bool,
    /// When the entry stands for a step of other numbers (one entry for all its instances).
    pub others: Option<Box<blockers::Others>>,
}

impl Blocker {
    /// The step's nodes this entry stands for.
    #[must_use]
    pub fn nodes(&self) -> Box<dyn Iterator<Item = NodeIndex> + '_> {
        match &self.others {
            Some(o) => Box::new(o.nodes()),
            None => Box::new(std::iter::once(self.node)),
        }
    }
}

/// The evaluation of one number.
#[derive(Debug, Clone)]
pub struct NumberEvaluation {
    /// Index into `Plan::numbers`.
    pub index: usize,
    /// Derived state.
    pub state: NumberState,
    /// Steps that block the cutover, in dependency order.
    pub blocking: Vec<Blocker>,
    /// Downtime.
    pub downtime: Downtime,
    /// The step whose completion hands billing over to the next payer.
    pub handover: Option<NodeIndex>,
    /// That step is done at the evaluation time.
    pub handed_over: bool,
    /// Earliest moment the cutover can start, given the lead times of unfinished blocking steps
    /// (`None` once the cutover has started).
    pub earliest_cutover: Option<DateTime<Utc>>,
    /// Some blocking step has no known duration, so `earliest_cutover` is only a lower bound.
    pub earliest_cutover_is_lower_bound: bool,
    /// Earliest cutover on the longest figures (`None` once the cutover has started).
    pub longest_cutover: Option<Bound>,
    /// The unfinished steps that decide `earliest_cutover`, in order.
    pub critical_path: Vec<NodeIndex>,
    /// Whether the planned window holds, and why not.
    pub window: WindowVerdict,
    /// Why the window verdict is what it is, for people.
    pub window_reason: Option<String>,
    /// Minutes the number has been down at the evaluation time (downtime started, not ended).
    pub downtime_running_minutes: Option<u32>,
    /// Down longer than its longest estimate.
    pub overrunning: bool,
    /// Warnings about this number.
    pub warnings: Vec<Warning>,
}

/// The state of a compiled plan at one moment.
#[derive(Debug)]
pub struct Evaluation {
    /// The graph evaluated.
    pub graph: StepGraph,
    /// The moment.
    pub at: DateTime<Utc>,
    /// Status of every node (indexed by node index).
    pub status: Vec<StepStatus>,
    /// When every step can happen.
    pub schedule: schedule::Schedule,
    /// Per number, parallel to `Plan::numbers`.
    pub numbers: Vec<NumberEvaluation>,
    /// Warnings about the fleet as a whole (the destination WABA's template cap).
    pub fleet_warnings: Vec<Warning>,
}

/// Evaluates a step graph at a moment.
pub struct Evaluator;

/// How many numbers a parallel task takes at least: a few tasks per core, so that a task's
/// set-up (a visited buffer the size of the graph) stays small beside its work while every core
/// still gets a share.
fn per_task(numbers: usize) -> usize {
    (numbers / (4 * rayon::current_num_threads())).max(256)
}

impl Evaluator {
    /// Evaluates `graph` at `at`.
    #[must_use]
    pub fn evaluate(graph: StepGraph, at: DateTime<Utc>) -> Evaluation {
        // Whole seconds, as the schedule keeps them (`--at now` has nanoseconds).
        let at = chrono::SubsecRound::trunc_subsecs(at, 0);
        let done_at = effective_done_times(&graph);
        let status = step_statuses(&graph, &done_at, at);
        let mut schedule = schedule::schedule(&graph, &status, &done_at, at);
        // Not needed past here; a fleet's is 15 MB, and the numbers' evaluations come next.
        drop(done_at);
        let fleet = warnings::FleetContext::of(&graph);
        // Numbers are evaluated independently of each other, on every core, in order. Each task
        // (a few per core, `per_task`) has its own visited buffer: stamps are number indices, so
        // it is never cleared.
        let count = graph.plan.numbers.len();
        let blocking = blockers::blockers(&graph, &status, &schedule);
        let mut numbers: Vec<NumberEvaluation> = blocking
            .into_par_iter()
            .enumerate()
            .with_min_len(per_task(count))
            .map(|(n, blocking)| evaluate_number(&graph, &status, &schedule, n, at, blocking))
            .collect();
        // Work back from each number's deadline: the window's start, or its own earliest
        // cutover (so the steps that decide it have no slack).
        let window = graph.plan.cutover_window;
        let deadline: Vec<Option<DateTime<Utc>>> = numbers
            .iter()
            .map(|e| window.map(|w| w.start).or(e.earliest_cutover))
            .collect();
        schedule.work_back(&graph, &status, &deadline);
        numbers
            .par_iter_mut()
            .with_min_len(per_task(count))
            .for_each(|e| e.critical_path = critical_path(&status, &schedule, e));
        let mut fleet_warnings = warnings::for_fleet(&graph, &fleet);
        warnings::recorded_in_future(&graph, &graph.fleet, at, &mut fleet_warnings);
        Evaluation {
            graph,
            at,
            status,
            schedule,
            numbers,
            fleet_warnings,
        }
    }
}

/// The unfinished steps that decide a number's earliest cutover: from the blocker that finishes
/// last, back through the prerequisite that set each one's start.
fn critical_path(
    status: &[StepStatus],
    schedule: &schedule::Schedule,
    e: &NumberEvaluation,
) -> Vec<NodeIndex> {
    let Some(cutover) = e.earliest_cutover else {
        return Vec::new();
    };
    // The first blocker in node order that finishes last (a step of other numbers stands for
    // its instance that does).
    let Some(last) = e
        .blocking
        .iter()
        .map(|b| b.node)
        .filter(|b| schedule.earliest_finish(b.index()) == cutover)
        .min()
    else {
        return Vec::new();
    };
    let mut path = Vec::new();
    let mut node = Some(last);
    while let Some(x) = node {
        if matches!(
            status[x.index()],
            StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
        ) {
            path.push(x);
        }
        node = schedule.driver(x.index());
    }
    path.reverse();
    path
}

/// When each done step counts as done: its recorded time, or, for a step recorded without a time,
/// the latest time of the steps it needs (it cannot have happened before them); `None` for a step
/// done since before anything was recorded, or not done at all. This keeps the set of done steps
/// closed under "needs" at every moment `--at` may ask about.
#[must_use]
pub fn effective_done_times(graph: &StepGraph) -> Vec<Option<DateTime<Utc>>> {
    let mut times: Vec<Option<DateTime<Utc>>> = vec![None; graph.graph.node_count()];
    for &node in &graph.order {
        times[node.index()] = match graph.graph[node].done.as_deref() {
            Some(DoneMark::Listed { at: Some(t), .. }) => Some(*t),
            Some(_) => graph
                .graph
                .neighbors_directed(node, Direction::Incoming)
                .filter_map(|p| times[p.index()])
                .max(),
            None => None,
        };
    }
    times
}

fn step_statuses(
    graph: &StepGraph,
    done_at: &[Option<DateTime<Utc>>],
    at: DateTime<Utc>,
) -> Vec<StepStatus> {
    let mut status = vec![StepStatus::Waiting; graph.graph.node_count()];
    for &node in &graph.order {
        let w = &graph.graph[node];
        let done = w.done.is_some() && done_at[node.index()].is_none_or(|t| t <= at);
        status[node.index()] = if !w.applicable {
            StepStatus::NotApplicable
        } else if done {
            StepStatus::Done
        } else if graph.started(node).is_some_and(|st| st.at <= at) {
            StepStatus::InProgress
        } else if graph
            .graph
            .neighbors_directed(node, Direction::Incoming)
            .all(|p| {
                matches!(
                    status[p.index()],
                    StepStatus::Done | StepStatus::NotApplicable
                )
            })
        {
            StepStatus::Ready
        } else {
            StepStatus::Waiting
        };
    }
    status
}

fn unfinished(s: StepStatus) -> bool {
    matches!(
        s,
        StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
    )
}

fn evaluate_number(
    graph: &StepGraph,
    status: &[StepStatus],
    schedule: &schedule::Schedule,
    n: usize,
    at: DateTime<Utc>,
    mut blocking: Vec<Blocker>,
) -> NumberEvaluation {
    let nodes = &graph.numbers[n].nodes;
    let cutover: Vec<NodeIndex> = nodes
        .iter()
        .copied()
        .filter(|&x| {
            graph.phase(x) == Phase::Cutover && status[x.index()] != StepStatus::NotApplicable
        })
        .collect();

    let cutover_done = cutover
        .iter()
        .filter(|x| status[x.index()] == StepStatus::Done)
        .count();
    let after_open = nodes
        .iter()
        .any(|&x| graph.phase(x) == Phase::After && unfinished(status[x.index()]));
    // An unfinished blocking step decides the state before anything else: a number is never
    // ready, cutting over or live while a step its cutover needs is open. (The graph stage
    // refuses done facts that contradict the graph, so this is the rule, not a repair.)
    let state = if !blocking.is_empty() {
        NumberState::Blocked
    } else if !cutover.is_empty() && cutover_done == cutover.len() {
        if after_open {
            NumberState::Live
        } else {
            NumberState::Complete
        }
    } else if cutover_done > 0 {
        NumberState::CuttingOver
    } else {
        NumberState::ReadyForCutover
    };

    let (earliest_cutover, earliest_cutover_is_lower_bound) = match state {
        NumberState::Blocked | NumberState::ReadyForCutover => (
            Some(
                blocking
                    .iter()
                    .map(|b| schedule.earliest_finish(b.node.index()))
                    .max()
                    .unwrap_or(at)
                    .max(at),
            ),
            blocking.iter().any(|b| match &b.others {
                Some(o) => o.unknown_estimate,
                None => graph.estimate(b.node).is_none(),
            }),
        ),
        _ => (None, false),
    };
    let downtime = downtime(graph, n, at);
    let handover = nodes.iter().copied().find(|&x| graph.is_handover(x));
    let handed_over = handover.is_some_and(|x| status[x.index()] == StepStatus::Done);
    let blocked_until = earliest_cutover.filter(|_| state == NumberState::Blocked);
    // The number registers when `save-integration` is over: the cutover starts at the earliest
    // cutover, not before the planned window, and its unfinished steps up to the save take their
    // expected time after that (a deadline a few minutes after the window opens is missed; on a
    // partner's disconnect-ahead path the save comes a day after the disconnection).
    // When the integration is saved, on the expected and on the longest figures of the cutover
    // steps before it.
    let registers = |longest: bool| {
        (!handed_over).then(|| {
            let window_start = graph.plan.cutover_window.map_or(at, |w| w.start);
            let start = earliest_cutover.unwrap_or(at).max(window_start).max(at);
            let save = cutover
                .iter()
                .position(|&x| graph.id(x) == crate::catalog::steps::SAVE_INTEGRATION.id);
            // A step with no longest leaves no latest moment: as late as it gets.
            let minutes: Option<i64> = save
                .map_or(&[][..], |i| &cutover[..=i])
                .iter()
                .filter(|x| unfinished(status[x.index()]))
                .filter_map(|&x| graph.estimate(x))
                .map(|e| {
                    if longest {
                        e.max.map(|m| i64::from(minutes(m)))
                    } else {
                        Some(i64::from(minutes(e.expected)))
                    }
                })
                .sum();
            let Some(minutes) = minutes else {
                return chrono::DateTime::<chrono::Utc>::MAX_UTC;
            };
            let before_save =
                chrono::TimeDelta::try_minutes(minutes).unwrap_or(chrono::TimeDelta::zero());
            start.checked_add_signed(before_save).unwrap_or(start)
        })
    };
    let registers_at = registers(false);
    // A new display name not approved yet is expected when its review ends (MDN: the approval
    // then holds 14 days).
    let name_approval = warnings::name_approval(graph, n, at, |step| {
        unfinished(status[step.index()]).then(|| schedule.earliest_finish(step.index()))
    });
    let mut warnings = warnings::for_number(
        graph,
        status,
        n,
        at,
        &downtime,
        blocked_until,
        warnings::Registration {
            at: registers_at,
            name_approval,
        },
    );
    let longest = earliest_cutover.map(|ec| {
        blocking.iter().try_fold(ec, |acc, b| {
            let longest = match &b.others {
                Some(o) => o.longest_finish,
                None => schedule.longest_finish(b.node.index()),
            };
            longest.map(|t| acc.max(t))
        })
    });
    let longest_cutover = longest.map(|l| l.map_or(Bound::Unbounded, Bound::At));
    let (downtime_running_minutes, overrunning) = match (downtime.started_at, downtime.ended_at) {
        (Some(from), None) => {
            let running = u32::try_from((at - from).num_minutes().max(0)).unwrap_or(u32::MAX);
            // Past its longest estimate, or past the plan's budget: late either way.
            let budget = graph.plan.downtime_budget_minutes;
            (
                Some(running),
                running > downtime.max_minutes || budget.is_some_and(|b| running > b),
            )
        }
        _ => (None, false),
    };
    // When the cutover's own steps are expected to be over: a number with no downtime (a BSP
    // number that stays connected) still needs them done inside the window.
    let cutover_finish = cutover
        .iter()
        .filter(|x| unfinished(status[x.index()]))
        .map(|x| schedule.earliest_finish(x.index()))
        .max();
    let (window, window_reason) = window_verdict(
        graph,
        state,
        at,
        Times {
            earliest: earliest_cutover,
            longest: longest_cutover,
            cutover_finish,
        },
        &downtime,
        overrunning,
    );
    // A registration Meta will refuse at the planned moment cannot happen in the window, however
    // well the rest fits.
    let refused = warnings.iter().find_map(|w| match w.kind {
        WarningKind::NameApprovalLapses { .. } => {
            Some("Meta reviews the display name again before the planned registration")
        }
        WarningKind::RegistrationQuotaExceeded { .. } => {
            Some("the planned registration is over Meta's registration quota")
        }
        _ => None,
    });
    let (window, window_reason) = match refused {
        Some(reason) if matches!(window, WindowVerdict::Holds | WindowVerdict::AtRisk) => {
            (WindowVerdict::CannotHold, Some(reason.to_string()))
        }
        // On the longest figures the registration may come after the name's approval lapses
        // (MDN: 14 days): the window holds only if the cutover goes as expected.
        _ if window == WindowVerdict::Holds
            && warnings::name_approval_lapses(graph, n, at, name_approval, || {
                registers(true)
            })
            .is_some() =>
        {
            (
                WindowVerdict::AtRisk,
                Some(
                    "on the longest figures the registration falls after the display name's approval lapses (14 days), and Meta would review the name again"
                        .to_string(),
                ),
            )
        }
        _ => (window, window_reason),
    };
    // A cutover recorded outside the window, live or not: the window did not hold it, whatever
    // the rest of the figures say (a worse verdict stays).
    let outside = warnings.iter().find_map(|w| match &w.kind {
        WarningKind::CutoverOutsideWindow(outside) => Some(outside),
        _ => None,
    });
    let (window, window_reason) = match outside {
        Some(outside) if window == WindowVerdict::Holds => (
            WindowVerdict::NotKept,
            Some(format!(
                "`{}` was recorded done at {}, {} (cutover-outside-window)",
                outside.step,
                crate::calendar::local_text(outside.at, outside.zone),
                if outside.after {
                    "after the window ended"
                } else {
                    "before the window opened"
                }
            )),
        ),
        _ => (window, window_reason),
    };
    // A fleet keeps every number's evaluation until the report is out: lists grown push by push
    // would hold room for twice their entries.
    blocking.shrink_to_fit();
    warnings.shrink_to_fit();
    NumberEvaluation {
        index: n,
        state,
        blocking,
        downtime,
        handover,
        handed_over,
        earliest_cutover,
        earliest_cutover_is_lower_bound,
        longest_cutover,
        critical_path: Vec::new(),
        window,
        window_reason,
        downtime_running_minutes,
        overrunning,
        warnings,
    }
}

/// A number's cutover times, as the window verdict reads them.
#[derive(Clone, Copy)]
struct Times {
    /// The earliest safe cutover.
    earliest: Option<DateTime<Utc>>,
    /// The same on the longest estimates.
    longest: Option<Bound>,
    /// When the cutover's unfinished steps are expected to be over.
    cutover_finish: Option<DateTime<Utc>>,
}

/// Whether the planned window holds for a number, with the reason when it does not quite.
fn window_verdict(
    graph: &StepGraph,
    state: NumberState,
    at: DateTime<Utc>,
    times: Times,
    downtime: &Downtime,
    overrunning: bool,
) -> (WindowVerdict, Option<String>) {
    let Times {
        earliest,
        longest,
        cutover_finish,
    } = times;
    let plan = &graph.plan;
    let Some(window) = plan.cutover_window else {
        return (WindowVerdict::None, None);
    };
    let zone = plan.destination.time_zone;
    let shown = |t| crate::calendar::local_text_with_weekday(t, zone);
    let budget = plan.downtime_budget_minutes;
    if matches!(state, NumberState::Live | NumberState::Complete) {
        return (WindowVerdict::Holds, None);
    }
    if at >= window.end {
        return (
            WindowVerdict::Passed,
            Some(format!(
                "the window ended at {} and the number is not live",
                shown(window.end)
            )),
        );
    }
    if overrunning {
        return (
            WindowVerdict::CannotHold,
            Some(format!(
                "the number has been down longer than its longest estimate ({} min)",
                downtime.max_minutes
            )),
        );
    }
    if let Some(b) = budget
        && downtime.expected_minutes > b
    {
        return (
            WindowVerdict::CannotHold,
            Some(format!(
                "the expected downtime ({} min) exceeds the budget ({b} min)",
                downtime.expected_minutes
            )),
        );
    }
    let minutes = |m: u32| chrono::Duration::minutes(i64::from(m));
    // What is left of the cutover must be over by the window's end, ready or cutting over alike.
    let late_finish = |finish: Option<DateTime<Utc>>| {
        finish.filter(|f| *f > window.end).map(|f| {
            format!(
                "the cutover's steps are expected to finish at {}, after the window ends ({})",
                shown(f),
                shown(window.end)
            )
        })
    };
    if earliest.is_none()
        && let Some(reason) = late_finish(cutover_finish)
    {
        // Cutting over (no earliest cutover any more).
        return (WindowVerdict::CannotHold, Some(reason));
    }
    if let Some(ec) = earliest {
        // Ready now, inside the window: it holds. Otherwise the cutover must be able to start
        // by the window's start and end by its end.
        let start = ec.max(window.start);
        // Ready now inside the window: it holds; blocked while the window is open: it does not.
        if ec > window.start && (ec > at || state == NumberState::Blocked) {
            return (
                WindowVerdict::CannotHold,
                Some(format!(
                    "the earliest safe cutover ({}) is after the window starts ({})",
                    shown(ec),
                    shown(window.start)
                )),
            );
        }
        if start
            .checked_add_signed(minutes(downtime.expected_minutes))
            .is_none_or(|end| end > window.end)
        {
            return (
                WindowVerdict::CannotHold,
                Some(format!(
                    "the expected downtime ({} min) does not fit before the window ends ({})",
                    downtime.expected_minutes,
                    shown(window.end)
                )),
            );
        }
        if let Some(reason) = late_finish(cutover_finish) {
            return (WindowVerdict::CannotHold, Some(reason));
        }
        // The expected downtime fits; on the longest estimates the number may still be down
        // when the window closes.
        if downtime.max_minutes > downtime.expected_minutes
            && start
                .checked_add_signed(minutes(downtime.max_minutes))
                .is_none_or(|end| end > window.end)
        {
            let longest = if downtime.max_minutes == u32::MAX {
                "has no known longest and may run".to_string()
            } else {
                format!("({} min) runs", downtime.max_minutes)
            };
            return (
                WindowVerdict::AtRisk,
                Some(format!(
                    "on the longest estimates the downtime {longest} past the window's end ({})",
                    shown(window.end)
                )),
            );
        }
        match longest {
            Some(Bound::Unbounded) => {
                return (
                    WindowVerdict::AtRisk,
                    Some("some step on the way has no known longest duration".to_string()),
                );
            }
            Some(Bound::At(lc)) if lc > window.start && lc > at => {
                return (
                    WindowVerdict::AtRisk,
                    Some(format!(
                        "on the longest estimates the cutover could start only at {}",
                        shown(lc)
                    )),
                );
            }
            _ => {}
        }
    }
    if let Some(b) = budget
        && downtime.max_minutes > b
    {
        return (
            WindowVerdict::AtRisk,
            Some(format!(
                "the longest downtime ({}) exceeds the budget ({b} min)",
                if downtime.max_minutes == u32::MAX {
                    "unbounded".to_string()
                } else {
                    format!("{} min", downtime.max_minutes)
                }
            )),
        );
    }
    (WindowVerdict::Holds, None)
}

/// Extra words for a blocker that a plan fact could have satisfied.
#[must_use]
pub fn fact_detail(graph: &StepGraph, node: NodeIndex, number: &Number) -> Option<&'static str> {
    let Origin::Route(step) = graph.graph[node].origin() else {
        return None;
    };
    match step.satisfied_by? {
        Fact::DisplayNameApproved => Some(match number.display_name_status {
            NameStatus::Pending => "Meta is still reviewing the display name.",
            NameStatus::Rejected => {
                "Meta rejected the display name; edit it to follow the display name guidelines and resubmit."
            }
            NameStatus::Deferred => {
                "Meta deferred the name decision until the number reaches a higher messaging limit."
            }
            NameStatus::Unknown => {
                "The plan does not say the name is approved (`display_name_status`)."
            }
            NameStatus::Approved => return None,
        }),
        Fact::PinKnown => Some("The plan says the original PIN is not known (`pin_known: false`)."),
        Fact::CountryAvailabilityConfirmed => Some(
            "The plan does not confirm the platform is available in the number's country (`country_availability_confirmed`).",
        ),
        Fact::DisplayNameSubmitted => Some(match number.display_name_status {
            NameStatus::Rejected => {
                "Meta rejected the new name; edit it to follow the display name guidelines and submit it again."
            }
            _ => {
                "The plan does not say the new name was submitted (`display_name_status: pending`)."
            }
        }),
    }
}

fn minutes(amount: Amount) -> u32 {
    match amount {
        Amount::Minutes(m) => m,
        // A business day inside a downtime window is at least a calendar day of outage.
        Amount::BusinessDays(d) => d.saturating_mul(1440),
    }
}

fn done_time(graph: &StepGraph, node: NodeIndex) -> Option<DateTime<Utc>> {
    match graph.graph[node].done.as_deref() {
        Some(DoneMark::Listed { at, .. }) => *at,
        _ => None,
    }
}

/// Downtime along the longest path from the step that starts it (exclusive) to the one that ends
/// it (inclusive), over the number's own applicable steps.
fn downtime(graph: &StepGraph, n: usize, at: DateTime<Utc>) -> Downtime {
    let nodes = &graph.numbers[n].nodes;
    let applicable = |x: &NodeIndex| graph.graph[*x].applicable;
    let start = nodes
        .iter()
        .copied()
        .filter(applicable)
        .find(|&x| graph.downtime_role(x) == DowntimeRole::Starts);
    let end = nodes
        .iter()
        .copied()
        .filter(applicable)
        .find(|&x| graph.downtime_role(x) == DowntimeRole::Ends);
    let Some(end) = end else {
        // Nothing to interrupt (a new number): no downtime at all.
        return Downtime {
            min_minutes: 0,
            expected_minutes: 0,
            max_minutes: 0,
            starts_with: None,
            ends_with: None,
            started_at: None,
            ended_at: None,
            early: false,
        };
    };
    let early = start.is_some_and(|s| {
        matches!(graph.graph[s].origin(), Origin::Route(r) if r.when != crate::catalog::Condition::Always)
    });
    let start = start.unwrap_or(end);
    // Longest path start -> end through the number's nodes, in dependency order. A number has a
    // dozen nodes, where a linear search for a node's slot is cheaper than a map; one with many
    // custom steps gets a map (a search per edge was quadratic in them).
    let slots: Option<std::collections::HashMap<NodeIndex, usize>> =
        (nodes.len() > 64).then(|| nodes.iter().enumerate().map(|(i, x)| (*x, i)).collect());
    let slot = |x: NodeIndex| match &slots {
        Some(slots) => slots.get(&x).copied(),
        None => nodes.iter().position(|y| *y == x),
    };
    let ordered = graph.in_order(nodes);
    let mut best: Vec<Option<(u32, u32, u32)>> = vec![None; nodes.len()];
    if let Some(i) = slot(start) {
        best[i] = Some((0, 0, 0));
    }
    for &x in &ordered {
        let Some(here) = slot(x).and_then(|i| best[i]) else {
            continue;
        };
        for next in graph.graph.neighbors_directed(x, Direction::Outgoing) {
            let Some(i) = slot(next) else {
                continue;
            };
            let w = &graph.graph[next];
            let (a, b, c) = if w.applicable {
                // No known longest figure: the downtime has no upper bound (`u32::MAX`).
                graph.estimate(next).map_or((0, 0, 0), |e: Estimate| {
                    (
                        minutes(e.min),
                        minutes(e.expected),
                        e.max.map_or(u32::MAX, minutes),
                    )
                })
            } else {
                (0, 0, 0)
            };
            // Saturating: a plan may give a step `4294967295m` (or business days, counted as
            // whole days of outage), and a wrapped sum would report a tiny downtime.
            let cand = (
                here.0.saturating_add(a),
                here.1.saturating_add(b),
                here.2.saturating_add(c),
            );
            best[i] = Some(match best[i] {
                Some(old) => (old.0.max(cand.0), old.1.max(cand.1), old.2.max(cand.2)),
                None => cand,
            });
        }
    }
    let (min, expected, max) = slot(end).and_then(|i| best[i]).unwrap_or((0, 0, 0));
    Downtime {
        min_minutes: min,
        expected_minutes: expected,
        max_minutes: max,
        starts_with: Some(start),
        ends_with: Some(end),
        started_at: done_time(graph, start).filter(|t| start != end && *t <= at),
        ended_at: done_time(graph, end).filter(|t| *t <= at),
        early,
    }
}

/// The name of a payer for a number: Genesys, nobody, or the source partner the plan names.
#[must_use]
pub fn payer_name(payer: Payer, source: &Source) -> &str {
    match payer {
        Payer::Genesys => "Genesys",
        Payer::Nobody => "nobody",
        Payer::SourcePartner => match source {
            Source::Engage { partner: None, .. } => "the Engage WABA's solution partner",
            other => other.partner().unwrap_or("the old solution partner"),
        },
    }
}
