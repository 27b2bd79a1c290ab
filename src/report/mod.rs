//! [`Evaluation`] → [`Report`]: the one serializable model every renderer reads.
//!
//! JSON is `serde_json` of this model (contract in `docs/json-output.md`, versioned by
//! `format_version`); the text view in [`text`] shows the same values for people. Nothing is
//! computed in a renderer that is not in the model.
//!
//! At fleet scale the report is a header and a stream: [`Report::new`] computes everything that
//! needs the whole fleet (the summary, the step definitions, the fleet steps), and each number's
//! [`NumberReport`] is built only when a renderer asks for it ([`Report::numbers`]) and dropped
//! once written, so a 100,000-number report never exists in memory at once. Text and ids are
//! borrowed from the evaluation and the catalogue, not copied per number.

pub mod checklist;
pub mod github;
pub mod graph;
pub mod group;
pub mod pretty;
pub mod runbook;
pub mod sarif;
pub mod status;
pub mod text;

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::sync::Arc;

use chrono::{DateTime, SecondsFormat, Utc};
use petgraph::graph::NodeIndex;
use rayon::prelude::*;
use serde::Serialize;
use serde::ser::{SerializeSeq, SerializeStruct};

use crate::catalog::{self, Owner, Phase};
use crate::catalog::{Amount, Clock, Estimate};
use crate::diagnostic::Diagnostic;
use crate::eval::{
    Evaluation, NumberEvaluation, NumberState, StepStatus, Warning, WarningKind, WindowVerdict,
};
use crate::graph::{DoneMark, Origin};
use crate::plan::Source;
use crate::plan::raw::Choice;

/// Version of the JSON contract; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 6;

/// The dry-run report: a header computed for the whole fleet, and numbers built one at a time.
#[derive(Debug)]
pub struct Report<'e> {
    evaluation: &'e Evaluation,
    /// JSON contract version.
    pub format_version: u32,
    /// The plan and the moment evaluated.
    pub plan: PlanInfo,
    /// Fleet totals and the verdict.
    pub summary: Summary,
    /// What every step in the report is, once (numbers list their steps by id).
    pub step_definitions: BTreeMap<&'e str, StepDefinition<'e>>,
    /// What each source kind's downtime and billing rest on, once (numbers name their kind).
    pub routes: BTreeMap<&'static str, RouteInfo>,
    /// Steps shared by the fleet.
    pub fleet_steps: Vec<StepReport<'e>>,
    /// Warnings about what several numbers share (the template cap, source WABAs' templates);
    /// with `--number`, those about the numbers reported (or about none in particular).
    pub fleet_warnings: Vec<&'e Warning>,
    /// Indices of the numbers in the report (all, or those `--number` names).
    selected: Vec<usize>,
    /// Warnings about the plan itself (same shape as `check --format json`).
    pub diagnostics: Vec<Diagnostic>,
}

/// The plan's identity and the evaluation moment.
#[derive(Debug, Serialize)]
pub struct PlanInfo {
    /// Plan name.
    pub name: String,
    /// Plan file as given.
    pub file: String,
    /// Destination region.
    pub region: String,
    /// Destination org.
    pub org: String,
    /// Destination time zone.
    pub time_zone: String,
    /// Evaluation moment (UTC, RFC 3339).
    pub evaluated_at: String,
    /// Evaluation moment in the destination's time zone.
    pub evaluated_at_local: String,
    /// Planned cutover window, if any.
    pub cutover_window: Option<WindowReport>,
    /// Downtime budget per number, if any.
    pub downtime_budget_minutes: Option<u32>,
}

/// A cutover window.
#[derive(Debug, Serialize)]
pub struct WindowReport {
    /// Start (RFC 3339, UTC).
    pub start: String,
    /// End.
    pub end: String,
    /// Start in the destination's time zone.
    pub start_local: String,
    /// End in the destination's time zone.
    pub end_local: String,
}

/// Fleet totals.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// Numbers in the report.
    pub numbers: usize,
    /// How many numbers are in each state.
    pub states: StateCounts,
    /// No number is blocked.
    pub ready_for_cutover: bool,
    /// Distinct steps that block some number.
    pub blocking_steps: usize,
    /// Blocking steps per owner: who must act.
    pub owners: Vec<OwnerCount>,
    /// Longest expected downtime of any number, in minutes.
    pub max_expected_downtime_minutes: u32,
    /// Warnings across the numbers, the fleet and the plan.
    pub warnings: usize,
    /// Earliest moment every number not yet cutting over could start its cutover (RFC 3339, UTC).
    pub earliest_fleet_cutover: Option<String>,
    /// The same moment in the destination's time zone.
    pub earliest_fleet_cutover_local: Option<String>,
    /// The numbers whose earliest cutover is `earliest_fleet_cutover` (the first 20).
    pub deciding_numbers: Vec<String>,
    /// How many numbers decide it.
    pub deciding_numbers_count: usize,
    /// Whether the planned window holds for the whole fleet: the worst of the numbers' verdicts.
    pub window: WindowVerdict,
    /// Numbers per window verdict.
    pub window_verdicts: BTreeMap<&'static str, usize>,
    /// Numbers whose downtime runs longer than their longest estimate.
    pub overrunning: usize,
    /// Numbers whose registration at the cutover Meta's quota would refuse (the stricter of its
    /// two readings; `registration-quota-exceeded`): they cannot cut over as planned.
    pub registration_refused: usize,
    /// Numbers whose new display name's approval lapses before their registration (more than
    /// 14 days; `name-approval-lapses`): Meta reviews the name again.
    pub name_approval_lapsed: usize,
    /// Numbers not yet live whose expected downtime exceeds the plan's `downtime_budget`.
    pub over_budget: usize,
    /// Blocking steps that are ready and not started: someone can, and must, act on them now.
    pub blocking_steps_awaiting_action: usize,
    /// Values still the placeholder `wamigrate init` wrote (`placeholder-value` warnings): a
    /// region, org or partner only the author knows, so the plan is not ready until they are
    /// filled in.
    pub placeholders: usize,
    /// The exit code the CLI returns for this report.
    pub exit_code: u8,
}

/// Numbers per state.
#[derive(Debug, Serialize)]
pub struct StateCounts {
    /// Blocked.
    pub blocked: usize,
    /// Ready for cutover.
    pub ready_for_cutover: usize,
    /// Cutting over.
    pub cutting_over: usize,
    /// Live.
    pub live: usize,
    /// Complete.
    pub complete: usize,
}

/// How many blocking steps one owner has.
#[derive(Debug, Serialize)]
pub struct OwnerCount {
    /// Owner.
    pub owner: Owner,
    /// Distinct blocking steps.
    pub steps: usize,
}

/// What a step is, said once per report.
#[derive(Debug, Serialize)]
pub struct StepDefinition<'e> {
    /// Title.
    pub title: &'e str,
    /// Why it matters.
    pub reason: &'e str,
    /// What to do.
    pub action: &'e str,
    /// What "done" means (for a request: the answer received, or the request sent).
    pub done_when: &'static str,
    /// Public sources of the rule (empty for custom steps).
    pub sources: &'static [&'static str],
    /// A custom step of the plan (not from the catalogue).
    pub custom: bool,
}

/// What a source kind's downtime and billing rest on.
#[derive(Debug, Serialize)]
pub struct RouteInfo {
    /// The downtime rule, in words.
    pub downtime_note: &'static str,
    /// The downtime rule when a conditional step starts it early (disconnecting ahead).
    pub early_downtime_note: Option<&'static str>,
    /// The billing rule, in words.
    pub billing_note: &'static str,
    /// Sources of the billing rule.
    pub billing_sources: &'static [&'static str],
}

/// One step's state, for a number or the fleet.
#[derive(Debug, Serialize)]
pub struct StepReport<'e> {
    /// Step id (its definition is in `step_definitions`).
    pub step: &'e str,
    /// Owner (after the source's administrator and overrides are applied).
    pub owner: Owner,
    /// Phase.
    pub phase: Phase,
    /// Status at the evaluation time.
    pub status: StepStatus,
    /// Estimate, as text (`5m`, `2bd..3bd (expected 3bd)`).
    pub estimate: Option<String>,
    /// When it was done, if recorded (RFC 3339, UTC).
    pub done_at: Option<String>,
    /// The same moment in the destination's time zone.
    pub done_at_local: Option<String>,
    /// Who did it, if recorded.
    pub done_by: Option<&'e str>,
    /// Recorded as skipped (in the journal) rather than done: why. Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped_reason: Option<&'e str>,
    /// When it started, if recorded under `started:` by the evaluation time (RFC 3339, UTC).
    #[serde(serialize_with = "rfc3339_opt")]
    pub started_at: Option<DateTime<Utc>>,
    /// Who started it.
    pub started_by: Option<&'e str>,
    /// Whose hours its duration runs in: `working` (its owner's) or `around` (the clock).
    pub clock: Clock,
    /// The estimate as numbers.
    pub duration: Option<DurationReport>,
    /// Earliest start, on expected figures (RFC 3339, UTC); `null` once done or not applicable.
    #[serde(serialize_with = "rfc3339_opt")]
    pub earliest_start: Option<DateTime<Utc>>,
    /// Earliest finish likewise.
    #[serde(serialize_with = "rfc3339_opt")]
    pub earliest_finish: Option<DateTime<Utc>>,
    /// Latest start that still holds the cutover window; `null` without a window.
    #[serde(serialize_with = "rfc3339_opt")]
    pub latest_start: Option<DateTime<Utc>>,
    /// Latest finish that still holds the window; `null` without a window.
    #[serde(serialize_with = "rfc3339_opt")]
    pub latest_finish: Option<DateTime<Utc>>,
    /// Working minutes between the earliest and the latest finish (negative: late); against the
    /// window, or without one against the number's earliest cutover (0 on the critical path).
    pub slack_minutes: Option<i64>,
    /// A ready step the window holds back (`edit-display-name`: no earlier than 14 days before
    /// it): when it may start; `null` otherwise. Nobody is to act on it before then.
    #[serde(serialize_with = "rfc3339_opt")]
    pub held_until: Option<DateTime<Utc>>,
    /// The same moments, for renderers that show them in a time zone.
    #[serde(skip)]
    pub times: StepTimes,
}

/// A step's schedule as moments (all `None` once done or not applicable).
#[derive(Debug, Clone, Copy, Default)]
pub struct StepTimes {
    /// Earliest start.
    pub earliest_start: Option<DateTime<Utc>>,
    /// Earliest finish.
    pub earliest_finish: Option<DateTime<Utc>>,
    /// Latest start (with a window).
    pub latest_start: Option<DateTime<Utc>>,
    /// Latest finish (with a window).
    pub latest_finish: Option<DateTime<Utc>>,
    /// When it started, if under way.
    pub started_at: Option<DateTime<Utc>>,
    /// The time zone of its owner's calendar, when its duration runs in working hours.
    pub owner_zone: Option<chrono_tz::Tz>,
    /// Ready, but held back by the window until then (see `StepReport::held_until`).
    pub held_until: Option<DateTime<Utc>>,
}

/// An estimate as numbers.
#[derive(Debug, Serialize)]
pub struct DurationReport {
    /// `minutes` or `business_days`.
    pub unit: &'static str,
    /// Shortest, in `unit`.
    pub min: u32,
    /// Expected, in `unit`.
    pub expected: u32,
    /// Longest, in `unit`; `null` when no source gives one.
    pub max: Option<u32>,
    /// Shortest in minutes (a business day counts 1,440).
    pub min_minutes: u32,
    /// Expected in minutes.
    pub expected_minutes: u32,
    /// Longest in minutes; `null` when unknown.
    pub max_minutes: Option<u32>,
}

impl DurationReport {
    fn of(e: &Estimate) -> DurationReport {
        let value = |a: Amount| match a {
            Amount::Minutes(m) | Amount::BusinessDays(m) => m,
        };
        let minutes = |a: Amount| match a {
            Amount::Minutes(m) => m,
            Amount::BusinessDays(d) => d.saturating_mul(1440),
        };
        DurationReport {
            unit: match e.expected {
                Amount::Minutes(_) => "minutes",
                Amount::BusinessDays(_) => "business_days",
            },
            min: value(e.min),
            expected: value(e.expected),
            max: e.max.map(value),
            min_minutes: minutes(e.min),
            expected_minutes: minutes(e.expected),
            max_minutes: e.max.map(minutes),
        }
    }
}

/// Whether the window holds for a number.
#[derive(Debug, Serialize)]
pub struct WindowCheck {
    /// `none`, `holds`, `at_risk`, `cannot_hold` or `passed`.
    pub verdict: WindowVerdict,
    /// Why, when it is not `holds` or `none`.
    pub reason: Option<String>,
}

/// One step blocking a number's cutover.
#[derive(Debug, Serialize)]
pub struct BlockerReport<'e> {
    /// Step id.
    pub step: &'e str,
    /// Title.
    pub title: &'e str,
    /// Who must act.
    pub owner: Owner,
    /// `ready` (can be done now) or `waiting` (on another unfinished step).
    pub status: StepStatus,
    /// Why it blocks (the rule, and what the plan's facts say for this number).
    pub reason: String,
    /// What to do (and whom to ask, when someone else administers the source WABA).
    pub action: String,
    /// A fleet step shared by all numbers.
    pub fleet: bool,
    /// How long it takes, as text, when known.
    pub estimate: Option<String>,
    /// When the entry stands for the step on other numbers: one entry for all of them.
    pub other_numbers: Option<OtherNumbers<'e>>,
}

/// The other numbers a blocking step belongs to.
#[derive(Debug, Serialize)]
pub struct OtherNumbers<'e> {
    /// How many.
    pub count: usize,
    /// The first few, in plan order (at most [`OtherNumbers::SHOWN`]).
    pub first: Vec<&'e str>,
}

impl OtherNumbers<'_> {
    /// How many numbers `first` names at most.
    pub const SHOWN: usize = 3;
}

/// Expected downtime of a number.
#[derive(Debug, Serialize)]
pub struct DowntimeReport<'e> {
    /// Shortest.
    pub min_minutes: u32,
    /// Expected.
    pub expected_minutes: u32,
    /// Longest.
    pub max_minutes: u32,
    /// Step whose completion takes the number off WhatsApp.
    pub starts_with: Option<&'e str>,
    /// Step whose completion brings it back.
    pub ends_with: Option<&'e str>,
    /// When it started, if recorded by the evaluation time.
    pub started_at: Option<String>,
    /// When it ended, if recorded by the evaluation time.
    pub ended_at: Option<String>,
    /// A conditional step starts it early (the route's `early_downtime_note` applies).
    pub early: bool,
    /// Minutes down so far, while the downtime has started and not ended.
    pub running_minutes: Option<u32>,
    /// Down longer than the longest estimate.
    pub overrunning: bool,
}

/// Who is billed before and after the hand-over.
#[derive(Debug, Serialize)]
pub struct BillingReport<'e> {
    /// Who pays for messages sent before the hand-over completes (even if delivered after).
    pub before: &'e str,
    /// Its role: `source-partner`, `genesys` or `none`.
    pub before_role: &'static str,
    /// Who pays for messages sent after.
    pub after: &'e str,
    /// Its role.
    pub after_role: &'static str,
    /// The step whose completion hands billing over.
    pub handover: Option<&'e str>,
    /// Who is billed at the evaluation time.
    pub current: &'e str,
}

/// One step a party must do (`dry-run --owner`).
#[derive(Debug, Serialize)]
pub struct OwnerStep<'e> {
    /// The number it is for; `null` for a fleet step.
    pub number: Option<&'e str>,
    /// Title.
    pub title: &'e str,
    /// The step and its schedule.
    #[serde(flatten)]
    pub step: StepReport<'e>,
    /// `started_at` in the destination's zone, for display (a party's list is read by people;
    /// the full report leaves these out, a fleet's report would grow by a fifth).
    pub started_at_local: Option<String>,
    /// `earliest_start` likewise.
    pub earliest_start_local: Option<String>,
    /// `earliest_finish` likewise.
    pub earliest_finish_local: Option<String>,
    /// `latest_start`, the due date, likewise.
    pub latest_start_local: Option<String>,
    /// `latest_finish` likewise.
    pub latest_finish_local: Option<String>,
}

/// One number's report, built when a renderer asks for it.
#[derive(Debug, Serialize)]
pub struct NumberReport<'e> {
    /// E.164 number.
    pub number: &'e str,
    /// Display name.
    pub display_name: Option<&'e str>,
    /// Source kind (its rules are in `routes`).
    pub source: &'static str,
    /// The source partner, for `bsp` and `engage`.
    pub partner: Option<&'e str>,
    /// How Meta's one-time code should reach the number, when the plan says.
    pub verification: Option<&'static str>,
    /// Derived state.
    pub state: NumberState,
    /// Steps blocking the cutover.
    pub blocking: Vec<BlockerReport<'e>>,
    /// Expected downtime.
    pub downtime: DowntimeReport<'e>,
    /// Billing before and after the hand-over.
    pub billing: BillingReport<'e>,
    /// Earliest safe cutover start (RFC 3339, UTC); `null` once the cutover has started.
    pub earliest_cutover: Option<String>,
    /// The same moment in the destination's time zone.
    pub earliest_cutover_local: Option<String>,
    /// Some blocking step has no known duration: the cutover is possible at this moment at the
    /// earliest, likely later.
    pub earliest_cutover_is_lower_bound: bool,
    /// Earliest cutover on the longest figures (RFC 3339, UTC); `null` once the cutover has
    /// started, or when some step on the way has no known longest duration (then
    /// `earliest_cutover_longest_unbounded` is true).
    pub earliest_cutover_longest: Option<String>,
    /// Some step on the way has no known longest duration.
    pub earliest_cutover_longest_unbounded: bool,
    /// The unfinished steps that decide `earliest_cutover`, in order.
    pub critical_path: Vec<&'e str>,
    /// Whether the planned window holds.
    pub window: WindowCheck,
    /// Every step of the number, in runbook order.
    pub steps: Vec<StepReport<'e>>,
    /// Warnings.
    pub warnings: &'e [Warning],
}

/// A moment in the destination's time zone, for people.
#[must_use]
pub fn local(t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    crate::calendar::local_text(t, zone)
}

/// A moment as RFC 3339 in UTC, to the second.
#[must_use]
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Serializes a moment as [`rfc3339`] without building a `String` per field (a fleet's report has
/// millions of them; the text view never needs them as text).
#[allow(
    clippy::ref_option,
    reason = "the signature serde's serialize_with calls"
)]
fn rfc3339_opt<S: serde::Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
    use chrono::{Datelike as _, Timelike as _};
    match t {
        Some(t) if (0..=9999).contains(&t.year()) => {
            // `YYYY-MM-DDTHH:MM:SSZ` by hand: chrono's formatter parses its pattern every time.
            let mut buf = *b"0000-00-00T00:00:00Z";
            let mut put = |at: usize, width: usize, mut value: u32| {
                for i in (at..at + width).rev() {
                    buf[i] = b'0' + (value % 10) as u8;
                    value /= 10;
                }
            };
            put(0, 4, t.year().unsigned_abs());
            put(5, 2, t.month());
            put(8, 2, t.day());
            put(11, 2, t.hour());
            put(14, 2, t.minute());
            put(17, 2, t.second());
            s.serialize_str(std::str::from_utf8(&buf).unwrap_or_default())
        }
        Some(t) => s.serialize_str(&rfc3339(*t)),
        None => s.serialize_none(),
    }
}

/// Exit code for a dry-run: 3 when a blocking step is ready for someone to act; else 4 when a
/// window cannot hold or has passed, a downtime overruns, or the expected downtime exceeds the
/// budget; else 3 while blocking steps are still under way; else 0 (ready).
#[must_use]
pub fn exit_code(needs_action: bool, timing: bool, blocked: bool) -> u8 {
    if needs_action {
        3
    } else if timing {
        4
    } else if blocked {
        3
    } else {
        0
    }
}

impl<'e> Report<'e> {
    /// Builds the header of the report of `evaluation` for `file`, narrowed to the numbers at
    /// `only` if given. Numbers are built on demand ([`Report::numbers`]).
    #[must_use]
    pub fn new(
        evaluation: &'e Evaluation,
        file: &str,
        only: Option<&[usize]>,
        diagnostics: Vec<Diagnostic>,
    ) -> Report<'e> {
        let graph = &evaluation.graph;
        let plan = &graph.plan;
        let zone = plan.destination.time_zone;
        let selected: Vec<usize> = match only {
            Some(list) => list.to_vec(),
            None => (0..plan.numbers.len()).collect(),
        };
        let numbers: Vec<&NumberEvaluation> =
            selected.iter().map(|&n| &evaluation.numbers[n]).collect();
        // A report of some numbers leaves out what concerns only others (a template another
        // number's WABA holds): it listed them, and counted them among its warnings.
        let fleet_warnings: Vec<&Warning> = match only {
            None => evaluation.fleet_warnings.iter().collect(),
            Some(_) => {
                let reported: HashSet<String> = (selected.iter())
                    .map(|&n| plan.numbers[n].e164.to_string())
                    .collect();
                (evaluation.fleet_warnings.iter())
                    .filter(|w| {
                        w.numbers.is_empty() || w.numbers.iter().any(|n| reported.contains(n))
                    })
                    .collect()
            }
        };

        // Every instance a blocker stands for counts; a list of instances many numbers share is
        // gone through once.
        let mut shared = HashSet::new();
        let mut blocking_nodes: Vec<NodeIndex> = Vec::new();
        for b in numbers.iter().flat_map(|e| &e.blocking) {
            match &b.others {
                Some(o) if shared.insert(Arc::as_ptr(o.members())) => {
                    blocking_nodes.extend(o.members().iter().copied());
                }
                Some(_) => {}
                None => blocking_nodes.push(b.node),
            }
        }
        blocking_nodes.sort_unstable();
        blocking_nodes.dedup();
        let owners = Owner::ALL
            .into_iter()
            .map(|owner| OwnerCount {
                owner,
                steps: blocking_nodes
                    .iter()
                    .filter(|x| graph.graph[**x].owner == owner)
                    .count(),
            })
            .filter(|c| c.steps > 0)
            .collect();
        let count = |s: NumberState| numbers.iter().filter(|n| n.state == s).count();
        // The gate's verdict comes from the blockers themselves, not from a state derived from
        // them: exit 0 means no number has an unfinished blocking step.
        let blocked = numbers.iter().filter(|n| !n.blocking.is_empty()).count();
        let fleet_earliest = numbers.iter().filter_map(|n| n.earliest_cutover).max();
        let deciding: Vec<&str> = numbers
            .iter()
            .filter(|n| n.earliest_cutover.is_some() && n.earliest_cutover == fleet_earliest)
            .filter(|n| n.state == NumberState::Blocked)
            .map(|n| plan.numbers[n.index].e164.as_str())
            .collect();
        let mut window_verdicts = BTreeMap::new();
        if plan.cutover_window.is_some() {
            for n in &numbers {
                *window_verdicts.entry(n.window.as_str()).or_insert(0) += 1;
            }
        }
        // A step someone can act on now: ready and not started. Waiting steps wait on another
        // step, in progress ones on the work itself.
        // Meta's reviews and waits are nobody's action: they do not hold exit 4 back.
        let not_started = blocking_nodes
            .iter()
            .filter(|x| {
                evaluation.status[x.index()] == StepStatus::Ready
                    && graph.graph[**x].owner != Owner::Meta
                    // Held back by the window: to be done later, not now.
                    && crate::eval::schedule::held_until(
                        graph,
                        &evaluation.status,
                        **x,
                        evaluation.at,
                    )
                    .is_none()
            })
            .count();
        let budget = plan.downtime_budget_minutes;
        let refused_registration = |n: &NumberEvaluation| {
            n.warnings.iter().any(|w| {
                matches!(
                    w.kind,
                    crate::eval::WarningKind::RegistrationQuotaExceeded { .. }
                )
            })
        };
        let registration_refused = numbers.iter().filter(|n| refused_registration(n)).count();
        // A new display name whose approval lapses before the registration: Meta reviews it
        // again, so the plan does not hold in time.
        let name_approval_lapsed = numbers
            .iter()
            .filter(|n| {
                (n.warnings.iter())
                    .any(|w| matches!(w.kind, WarningKind::NameApprovalLapses { .. }))
            })
            .count();
        let over_budget = numbers
            .iter()
            .filter(|n| {
                budget.is_some_and(|b| n.downtime.expected_minutes > b)
                    && !matches!(n.state, NumberState::Live | NumberState::Complete)
            })
            .count();
        let timing = registration_refused > 0
            || name_approval_lapsed > 0
            || over_budget > 0
            || numbers.iter().any(|n| {
                matches!(n.window, WindowVerdict::CannotHold | WindowVerdict::Passed)
                    || n.overrunning
            });
        // A plan without numbers has nothing to cut over: a gate fed an empty plan by mistake
        // must not pass it as ready.
        let no_numbers = plan.numbers.is_empty();
        // A value init left as `TODO-...` is valid for `check` (a draft), never ready: the
        // reports would name the placeholder as the region, org or partner billed.
        let placeholders = diagnostics
            .iter()
            .filter(|d| d.code() == "placeholder-value")
            .count();
        let summary = Summary {
            numbers: numbers.len(),
            states: StateCounts {
                blocked: count(NumberState::Blocked),
                ready_for_cutover: count(NumberState::ReadyForCutover),
                cutting_over: count(NumberState::CuttingOver),
                live: count(NumberState::Live),
                complete: count(NumberState::Complete),
            },
            ready_for_cutover: blocked == 0 && !no_numbers && placeholders == 0,
            blocking_steps: blocking_nodes.len(),
            owners,
            max_expected_downtime_minutes: numbers
                .iter()
                .map(|n| n.downtime.expected_minutes)
                .max()
                .unwrap_or(0),
            warnings: numbers.iter().map(|n| n.warnings.len()).sum::<usize>()
                + diagnostics.len()
                + fleet_warnings.len(),
            earliest_fleet_cutover: fleet_earliest.map(rfc3339),
            earliest_fleet_cutover_local: fleet_earliest.map(|t| local(t, zone)),
            deciding_numbers: deciding.iter().take(20).map(ToString::to_string).collect(),
            deciding_numbers_count: deciding.len(),
            window: numbers
                .iter()
                .map(|n| n.window)
                .max()
                .unwrap_or(WindowVerdict::None),
            window_verdicts,
            overrunning: numbers.iter().filter(|n| n.overrunning).count(),
            registration_refused,
            name_approval_lapsed,
            over_budget,
            blocking_steps_awaiting_action: not_started,
            placeholders,
            exit_code: exit_code(
                not_started > 0 || placeholders > 0,
                timing,
                blocked > 0 || no_numbers,
            ),
        };

        // Definitions of every step the report names: the fleet's, and those of the numbers in
        // it (a fleet of thousands shares a few dozen).
        let mut step_definitions = BTreeMap::new();
        let mut routes = BTreeMap::new();
        let mut define = |node: NodeIndex| {
            let id = graph.id(node);
            if !step_definitions.contains_key(id) {
                let (reason, action) = graph.reason_and_action(node);
                step_definitions.insert(
                    id,
                    StepDefinition {
                        title: graph.title(node),
                        reason,
                        action,
                        done_when: graph.done_when(node),
                        sources: graph.sources(node),
                        custom: matches!(graph.graph[node].origin(), Origin::Custom(_)),
                    },
                );
            }
        };
        for &node in &graph.fleet {
            define(node);
        }
        let mut routes_seen = [false; catalog::ROUTES.len()];
        for &n in &selected {
            let source = &plan.numbers[n].source;
            let kind = source.kind();
            if std::mem::replace(&mut routes_seen[source.route_index()], true) {
                // Numbers of one route share its steps; custom steps are per number.
                for &node in &graph.numbers[n].nodes {
                    if matches!(graph.graph[node].origin(), Origin::Custom(_)) {
                        define(node);
                    }
                }
                continue;
            }
            for &node in &graph.numbers[n].nodes {
                define(node);
            }
            let route = kind.route();
            routes.insert(
                kind.as_str(),
                RouteInfo {
                    downtime_note: route.downtime_note,
                    early_downtime_note: route.early_downtime_note,
                    billing_note: route.billing.note,
                    billing_sources: route.billing.sources,
                },
            );
        }
        let fleet = graph.in_order(&graph.fleet);
        let fleet_steps = fleet.iter().map(|&x| step_report(evaluation, x)).collect();
        Report {
            evaluation,
            format_version: FORMAT_VERSION,
            plan: PlanInfo {
                name: plan.name.clone(),
                file: file.to_string(),
                region: plan.destination.region.clone(),
                org: plan.destination.org.clone(),
                time_zone: zone.name().to_string(),
                evaluated_at: rfc3339(evaluation.at),
                evaluated_at_local: local(evaluation.at, zone),
                cutover_window: plan.cutover_window.map(|w| WindowReport {
                    start: rfc3339(w.start),
                    end: rfc3339(w.end),
                    start_local: local(w.start, zone),
                    end_local: local(w.end, zone),
                }),
                downtime_budget_minutes: plan.downtime_budget_minutes,
            },
            summary,
            step_definitions,
            routes,
            fleet_steps,
            fleet_warnings,
            selected,
            diagnostics,
        }
    }

    /// What to say of a number's downtime: its route's note (the early one when a conditional
    /// step starts it early), or, for a number still on the On-Premises API (one of its
    /// `warnings` says so), that it is down now.
    #[must_use]
    pub fn downtime_note(&self, source: &str, early: bool, warnings: &[Warning]) -> &'static str {
        let on_premises = |w: &Warning| matches!(w.kind, WarningKind::OnPremisesNotDelivering);
        if warnings.iter().any(on_premises) {
            return crate::catalog::steps::ON_PREMISES_DOWNTIME_NOTE;
        }
        self.routes.get(source).map_or("", |r| {
            if early {
                r.early_downtime_note.unwrap_or(r.downtime_note)
            } else {
                r.downtime_note
            }
        })
    }

    /// The destination's time zone.
    #[must_use]
    pub fn zone(&self) -> chrono_tz::Tz {
        self.evaluation.graph.plan.destination.time_zone
    }

    /// The evaluation the report is of.
    #[must_use]
    pub fn evaluation(&self) -> &'e Evaluation {
        self.evaluation
    }

    /// How many numbers the report holds.
    #[must_use]
    pub fn number_count(&self) -> usize {
        self.selected.len()
    }

    /// The evaluations of the numbers in the report.
    pub fn numbers_evaluated(&self) -> impl Iterator<Item = &'e NumberEvaluation> + '_ {
        self.selected.iter().map(|&n| &self.evaluation.numbers[n])
    }

    /// The numbers of the report, each built when reached.
    pub fn numbers(&self) -> impl Iterator<Item = NumberReport<'e>> + '_ {
        self.selected.iter().map(|&n| self.number(n))
    }

    /// Renders the report's numbers on every core, `render` writing one number's piece (given its
    /// place in the report), and hands the pieces to `write` in the report's order, a batch at a
    /// time: a fleet's output is never held whole, and its order never depends on which core
    /// finished first. The next batch is rendered while this one is written, so writing to a
    /// slow pipe and rendering overlap (at most two batches are held).
    ///
    /// # Errors
    /// The first error `render` or `write` returns; the rest is not rendered.
    pub fn render_numbers<B: Default + Send>(
        &self,
        render: impl Fn(usize, &NumberReport<'e>, &mut B) -> io::Result<()> + Sync,
        mut write: impl FnMut(&B) -> io::Result<()>,
    ) -> io::Result<()> {
        let render_batch = |first: usize, batch: &[usize]| -> Vec<io::Result<B>> {
            batch
                .par_chunks(RENDER_CHUNK)
                .enumerate()
                .map(|(c, chunk)| {
                    let mut piece = B::default();
                    for (i, &n) in chunk.iter().enumerate() {
                        render(first + c * RENDER_CHUNK + i, &self.number(n), &mut piece)?;
                    }
                    Ok(piece)
                })
                .collect()
        };
        let mut batches = self.selected.chunks(RENDER_BATCH).enumerate();
        let Some((_, first)) = batches.next() else {
            return Ok(());
        };
        let mut pieces = render_batch(0, first);
        loop {
            let next = batches.next();
            let mut rendered = None;
            // This thread writes the pieces in hand while the pool renders the next batch.
            let written = rayon::in_place_scope(|scope| {
                if let Some((b, batch)) = next {
                    let slot = &mut rendered;
                    let render_batch = &render_batch;
                    scope.spawn(move |_| *slot = Some(render_batch(b * RENDER_BATCH, batch)));
                }
                pieces.into_iter().try_for_each(|piece| write(&piece?))
            });
            written?;
            match rendered {
                Some(next) => pieces = next,
                None => return Ok(()),
            }
        }
    }

    /// The report of number `n` (an index into the plan's numbers).
    #[must_use]
    pub fn number(&self, n: usize) -> NumberReport<'e> {
        number_report(self.evaluation, n)
    }

    /// Every unfinished step `owner` must do, across the fleet, by due date (latest start), then
    /// earliest start; steps with no due date last.
    #[must_use]
    pub fn owner_steps(&self, owner: Owner) -> Vec<OwnerStep<'e>> {
        let evaluation = self.evaluation;
        let graph = &evaluation.graph;
        let mut out = Vec::new();
        let mut take = |number: Option<&'e str>, node: NodeIndex| {
            let w = &graph.graph[node];
            let status = evaluation.status[node.index()];
            if w.owner == owner
                && matches!(
                    status,
                    StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
                )
            {
                let step = step_report(evaluation, node);
                let zone = graph.plan.destination.time_zone;
                let shown = |t: Option<DateTime<Utc>>| t.map(|t| local(t, zone));
                out.push(OwnerStep {
                    number,
                    title: graph.title(node),
                    started_at_local: shown(step.started_at),
                    earliest_start_local: shown(step.earliest_start),
                    earliest_finish_local: shown(step.earliest_finish),
                    latest_start_local: shown(step.latest_start),
                    latest_finish_local: shown(step.latest_finish),
                    step,
                });
            }
        };
        for &node in &graph.fleet {
            take(None, node);
        }
        for &n in &self.selected {
            let nodes = graph.in_order(&graph.numbers[n].nodes);
            for node in nodes {
                take(Some(graph.plan.numbers[n].e164.as_str()), node);
            }
        }
        out.sort_by_key(|o| {
            (
                o.step.times.latest_start.is_none(),
                o.step.times.latest_start,
                o.step.times.earliest_start,
            )
        });
        out
    }

    /// The definition of a step the report names.
    #[must_use]
    pub fn definition(&self, step: &str) -> Option<&StepDefinition<'e>> {
        self.step_definitions.get(step)
    }
}

/// `numbers` serialised as a sequence built one number at a time.
struct Numbers<'r, 'e>(&'r Report<'e>);

impl Serialize for Numbers<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.number_count()))?;
        for number in self.0.numbers() {
            seq.serialize_element(&number)?;
        }
        seq.end()
    }
}

/// One field of the report's JSON object (the report is written by [`Serialize`], and in
/// pieces by [`Report::write_json`]: both walk the `report_fields!` list).
trait Field {
    fn serialize_to<S: SerializeStruct>(
        &self,
        key: &'static str,
        s: &mut S,
    ) -> Result<(), S::Error>;
    fn write_piece(&self, w: &mut dyn io::Write, first: bool, key: &str) -> io::Result<()>;
}

impl<T: Serialize> Field for T {
    fn serialize_to<S: SerializeStruct>(
        &self,
        key: &'static str,
        s: &mut S,
    ) -> Result<(), S::Error> {
        s.serialize_field(key, self)
    }

    fn write_piece(&self, w: &mut dyn io::Write, first: bool, key: &str) -> io::Result<()> {
        pretty::line(w, 1, first)?;
        write!(w, "\"{key}\": ")?;
        pretty::to_writer_at(w, self, 1)
    }
}

/// The fields of a report's JSON object, in order, around its numbers.
macro_rules! report_fields {
    ($report:expr, $field:ident, $numbers:expr) => {{
        $field!("format_version", &$report.format_version);
        $field!("plan", &$report.plan);
        $field!("summary", &$report.summary);
        $field!("step_definitions", &$report.step_definitions);
        $field!("routes", &$report.routes);
        $field!("fleet_steps", &$report.fleet_steps);
        $field!("fleet_warnings", &$report.fleet_warnings);
        $numbers;
        $field!("diagnostics", &$report.diagnostics);
    }};
}

impl Serialize for Report<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Report", 9)?;
        macro_rules! field {
            ($key:literal, $value:expr) => {
                $value.serialize_to($key, &mut s)?
            };
        }
        report_fields!(self, field, s.serialize_field("numbers", &Numbers(self))?);
        s.end()
    }
}

impl Report<'_> {
    /// Writes the report as pretty JSON, byte for byte what [`pretty::to_writer`] writes for it,
    /// with its numbers serialized on every core ([`Report::render_numbers`]).
    ///
    /// # Errors
    /// What writing fails with.
    pub fn write_json(&self, w: &mut dyn io::Write) -> io::Result<()> {
        w.write_all(b"{")?;
        let mut first = true;
        macro_rules! field {
            ($key:literal, $value:expr) => {{
                Field::write_piece($value, w, first, $key)?;
                first = false;
            }};
        }
        report_fields!(self, field, {
            pretty::line(w, 1, first)?;
            w.write_all(b"\"numbers\": [")?;
            self.render_numbers(
                |i, number, piece: &mut Vec<u8>| {
                    pretty::line(piece, 2, i == 0)?;
                    pretty::to_writer_at(&mut *piece, number, 2)
                },
                |piece| w.write_all(piece),
            )?;
            if self.number_count() > 0 {
                pretty::line(w, 1, true)?;
            }
            w.write_all(b"]")?;
        });
        let _ = first;
        pretty::line(w, 0, true)?;
        w.write_all(b"}")
    }
}

/// Numbers rendered before their output is written ([`Report::render_numbers`]): a few
/// megabytes of text or JSON at most (two batches are held while one is written).
const RENDER_BATCH: usize = 1024;

/// Numbers one parallel task renders: enough to outweigh handing the task over.
const RENDER_CHUNK: usize = 32;

/// Whether a step with `status` is still to be done (it has a schedule).
fn is_open(status: StepStatus) -> bool {
    matches!(
        status,
        StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
    )
}

/// When a step still to be done can start and finish (nothing for the rest): the times of its
/// [`StepReport`], without the rest of it (the runbook takes them from every number of a group).
fn step_times(evaluation: &Evaluation, node: NodeIndex) -> StepTimes {
    let graph = &evaluation.graph;
    let i = node.index();
    if !is_open(evaluation.status[i]) {
        return StepTimes::default();
    }
    let w = &graph.graph[node];
    let sched = &evaluation.schedule;
    let windowed = graph.plan.cutover_window.is_some();
    let clock = crate::eval::schedule::clock(graph, node);
    StepTimes {
        earliest_start: Some(sched.earliest_start(i)),
        earliest_finish: Some(sched.earliest_finish(i)),
        latest_start: sched.latest_start(i).filter(|_| windowed),
        latest_finish: sched.latest_finish(i).filter(|_| windowed),
        started_at: graph
            .started(node)
            .map(|s| s.at)
            .filter(|t| *t <= evaluation.at),
        owner_zone: (clock == Clock::Working).then(|| graph.plan.calendars.of(w.owner).zone),
        held_until: crate::eval::schedule::held_until(
            graph,
            &evaluation.status,
            node,
            evaluation.at,
        ),
    }
}

fn step_report(evaluation: &Evaluation, node: NodeIndex) -> StepReport<'_> {
    let graph = &evaluation.graph;
    let w = &graph.graph[node];
    let zone = graph.plan.destination.time_zone;
    let status = evaluation.status[node.index()];
    // A completion recorded after the evaluation time has not happened yet at that time.
    let (done_at, done_by, skipped_reason) = match w.done.as_deref() {
        Some(DoneMark::Listed {
            at, by, skipped, ..
        }) if status == StepStatus::Done => (*at, by.as_deref(), skipped.as_deref()),
        _ => (None, None, None),
    };
    let (started_at, started_by) = match graph.started(node) {
        Some(s) if s.at <= evaluation.at => (Some(s.at), s.by.as_deref()),
        _ => (None, None),
    };
    let clock = crate::eval::schedule::clock(graph, node);
    let times = step_times(evaluation, node);
    StepReport {
        step: graph.id(node),
        owner: w.owner,
        phase: graph.phase(node),
        status,
        estimate: graph.estimate(node).as_ref().map(ToString::to_string),
        done_at: done_at.map(rfc3339),
        done_at_local: done_at.map(|t| local(t, zone)),
        done_by,
        skipped_reason,
        started_at,
        started_by,
        clock,
        duration: graph.estimate(node).as_ref().map(DurationReport::of),
        earliest_start: times.earliest_start,
        earliest_finish: times.earliest_finish,
        latest_start: times.latest_start,
        latest_finish: times.latest_finish,
        slack_minutes: step_slack(evaluation, node),
        held_until: times.held_until,
        times,
    }
}

/// A step's `slack_minutes`: against the window, or its number's earliest cutover; `None` once
/// the step is done or not applicable.
fn step_slack(evaluation: &Evaluation, node: NodeIndex) -> Option<i64> {
    is_open(evaluation.status[node.index()])
        .then(|| evaluation.schedule.slack_minutes(&evaluation.graph, node))
        .flatten()
}

/// How late a step is, in working minutes: how far its earliest finish lies past the latest
/// finish that still holds the cutover window. `None` when on time or without a window. The one
/// reading every view prints as "late by ..." (dry-run, status, runbook, checklist).
#[must_use]
pub fn late_minutes(slack_minutes: Option<i64>, times: &StepTimes) -> Option<u32> {
    slack_minutes
        .filter(|m| *m < 0 && times.latest_finish.is_some())
        .map(|m| u32::try_from(-m).unwrap_or(u32::MAX))
}

impl StepReport<'_> {
    /// [`late_minutes`] of this step.
    #[must_use]
    pub fn late_minutes(&self) -> Option<u32> {
        late_minutes(self.slack_minutes, &self.times)
    }
}

/// [`late_minutes`] of step `node`, as its [`StepReport`] would give it.
pub(crate) fn step_late_minutes(evaluation: &Evaluation, node: NodeIndex) -> Option<u32> {
    late_minutes(step_slack(evaluation, node), &step_times(evaluation, node))
}

fn number_report(evaluation: &Evaluation, n: usize) -> NumberReport<'_> {
    let graph = &evaluation.graph;
    let plan = &graph.plan;
    let zone = plan.destination.time_zone;
    let e = &evaluation.numbers[n];
    let number = &plan.numbers[n];
    let nodes = graph.in_order(&graph.numbers[n].nodes);
    let blocking = e
        .blocking
        .iter()
        .map(|b| {
            let (reason, action) = graph.reason_and_action(b.node);
            if let Some(o) = &b.others {
                // Other numbers' instances: the rule as it is, as this number's facts and its
                // source's administrator are not theirs.
                return BlockerReport {
                    step: graph.id(b.node),
                    title: graph.title(b.node),
                    owner: graph.graph[b.node].owner,
                    status: b.status,
                    reason: reason.to_string(),
                    action: action.to_string(),
                    fleet: false,
                    estimate: graph.estimate(b.node).as_ref().map(ToString::to_string),
                    other_numbers: Some(OtherNumbers {
                        count: o.count,
                        first: (o.nodes().take(OtherNumbers::SHOWN))
                            .filter_map(|x| graph.graph[x].number())
                            .map(|m| plan.numbers[m].e164.as_str())
                            .collect(),
                    }),
                };
            }
            let reason = match crate::eval::fact_detail(graph, b.node, number) {
                Some(detail) => format!("{reason} {detail}"),
                None => reason.to_string(),
            };
            let owner = graph.graph[b.node].owner;
            let delegated =
                matches!(graph.graph[b.node].origin(), Origin::Route(r) if r.owner_is_source_admin);
            let action = match (delegated, owner) {
                (true, Owner::SourcePartner) => format!(
                    "{} administers the source WABA: ask them to do this. {action}",
                    number.source.partner().unwrap_or("The source partner")
                ),
                (true, Owner::Genesys) => format!(
                    "Genesys administers the source WABA: open a ticket asking them to do this. {action}"
                ),
                _ => action.to_string(),
            };
            BlockerReport {
                step: graph.id(b.node),
                title: graph.title(b.node),
                owner,
                status: b.status,
                reason,
                action,
                fleet: b.fleet,
                estimate: graph
                    .estimate(b.node)
                    .as_ref()
                    .map(ToString::to_string),
                other_numbers: None,
            }
        })
        .collect();
    let d = &e.downtime;
    NumberReport {
        number: number.e164.as_str(),
        display_name: number.shown_name(),
        source: number.source.kind().as_str(),
        partner: match &number.source {
            Source::Bsp { .. } | Source::Engage { .. } => number.source.partner(),
            _ => None,
        },
        verification: number.verification.map(Choice::word),
        state: e.state,
        blocking,
        downtime: DowntimeReport {
            min_minutes: d.min_minutes,
            expected_minutes: d.expected_minutes,
            max_minutes: d.max_minutes,
            starts_with: d.starts_with.map(|x| graph.id(x)),
            ends_with: d.ends_with.map(|x| graph.id(x)),
            started_at: d.started_at.map(rfc3339),
            ended_at: d.ended_at.map(rfc3339),
            early: d.early,
            running_minutes: e.downtime_running_minutes,
            overrunning: e.overrunning,
        },
        billing: billing_report(evaluation, n),
        earliest_cutover: e.earliest_cutover.map(rfc3339),
        earliest_cutover_local: e.earliest_cutover.map(|t| local(t, zone)),
        earliest_cutover_is_lower_bound: e.earliest_cutover_is_lower_bound,
        earliest_cutover_longest: match e.longest_cutover {
            Some(crate::eval::Bound::At(t)) => Some(rfc3339(t)),
            _ => None,
        },
        earliest_cutover_longest_unbounded: e.longest_cutover
            == Some(crate::eval::Bound::Unbounded),
        critical_path: e.critical_path.iter().map(|&x| graph.id(x)).collect(),
        window: WindowCheck {
            verdict: e.window,
            reason: e.window_reason.clone(),
        },
        steps: nodes.iter().map(|&x| step_report(evaluation, x)).collect(),
        warnings: &e.warnings,
    }
}

/// Who number `n` bills before and after its hand-over, and at the evaluation moment.
#[must_use]
pub fn billing_report(evaluation: &Evaluation, n: usize) -> BillingReport<'_> {
    let number = &evaluation.graph.plan.numbers[n];
    let e = &evaluation.numbers[n];
    let rule = &number.source.kind().route().billing;
    let before = crate::eval::payer_name(rule.before, &number.source);
    let after = crate::eval::payer_name(rule.after, &number.source);
    BillingReport {
        before,
        before_role: rule.before.as_str(),
        after,
        after_role: rule.after.as_str(),
        handover: e.handover.map(|x| evaluation.graph.id(x)),
        current: if e.handed_over { after } else { before },
    }
}

/// The result of `wamigrate check`.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    /// JSON contract version.
    pub format_version: u32,
    /// Plan file as given.
    pub file: &'a str,
    /// No error was found.
    pub valid: bool,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Every diagnostic, sorted by position.
    pub diagnostics: &'a [Diagnostic],
    /// Numbers in the plan (when valid).
    pub numbers: Option<usize>,
    /// Steps in the compiled graph (when valid).
    pub steps: Option<usize>,
}

impl<'a> CheckReport<'a> {
    /// Builds a check report.
    #[must_use]
    pub fn new(
        file: &'a str,
        diagnostics: &'a [Diagnostic],
        counts: Option<(usize, usize)>,
    ) -> CheckReport<'a> {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        CheckReport {
            format_version: FORMAT_VERSION,
            file,
            valid: errors == 0,
            errors,
            warnings: diagnostics.len() - errors,
            diagnostics,
            numbers: counts.map(|c| c.0),
            steps: counts.map(|c| c.1),
        }
    }

    /// The same, counting too the problems past those listed (a journal lists the first
    /// [`PROBLEMS_LISTED`](crate::journal::read::PROBLEMS_LISTED)).
    #[must_use]
    pub fn with_unlisted(mut self, unlisted: crate::journal::read::Unlisted) -> CheckReport<'a> {
        self.errors += unlisted.errors;
        self.warnings += unlisted.count - unlisted.errors;
        self.valid = self.errors == 0;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_serialize_as_rfc3339_to_the_second() {
        #[derive(Serialize)]
        struct T(#[serde(serialize_with = "rfc3339_opt")] Option<DateTime<Utc>>);
        for text in [
            "2026-11-25T12:00:00Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "2028-02-29T07:05:09Z",
        ] {
            let t = DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(
                serde_json::to_string(&T(Some(t))).unwrap(),
                format!("\"{}\"", rfc3339(t))
            );
        }
        assert_eq!(serde_json::to_string(&T(None)).unwrap(), "null");
    }
}
