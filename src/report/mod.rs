//! [`Evaluation`] → [`Report`]: the one serializable model every renderer reads.
//!
//! JSON is `serde_json` of this model (contract in `docs/json-output.md`, versioned by
//! `format_version`); the text view in [`text`] shows the same values for people. Nothing is
//! computed in a renderer that is not in the model.

pub mod text;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::catalog::{Estimate, Owner, Phase};
use crate::diagnostic::{Diagnostic, Severity};
use crate::eval::{Billing, Downtime, Evaluation, NumberState, StepStatus, Warning};
use crate::graph::{DoneMark, Origin, StepGraph};
use crate::plan::Source;
use petgraph::graph::NodeIndex;

/// Version of the JSON contract; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The dry-run report.
#[derive(Debug, Serialize)]
pub struct Report {
    /// JSON contract version.
    pub format_version: u32,
    /// The plan and the moment evaluated.
    pub plan: PlanInfo,
    /// Fleet totals and the verdict.
    pub summary: Summary,
    /// Steps shared by the fleet.
    pub fleet_steps: Vec<StepReport>,
    /// Warnings about the fleet as a whole (the destination WABA's template cap).
    pub fleet_warnings: Vec<Warning>,
    /// One entry per number (narrowed by `--number`).
    pub numbers: Vec<NumberReport>,
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
    /// Warnings across the numbers.
    pub warnings: usize,
    /// Earliest moment every number not yet cutting over could start its cutover (RFC 3339, UTC).
    pub earliest_fleet_cutover: Option<String>,
    /// The same moment in the destination's time zone.
    pub earliest_fleet_cutover_local: Option<String>,
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

/// One step's state.
#[derive(Debug, Serialize)]
pub struct StepReport {
    /// Step id.
    pub step: String,
    /// Title.
    pub title: String,
    /// Owner.
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
    pub done_by: Option<String>,
    /// Public sources of the rule (empty for custom steps).
    pub sources: &'static [&'static str],
}

/// One step blocking a number's cutover.
#[derive(Debug, Serialize)]
pub struct BlockerReport {
    /// Step id.
    pub step: String,
    /// Title.
    pub title: String,
    /// Who must act.
    pub owner: Owner,
    /// `ready` (can be done now) or `waiting` (on another unfinished step).
    pub status: StepStatus,
    /// Why it blocks.
    pub reason: String,
    /// What to do.
    pub action: String,
    /// A fleet step shared by all numbers.
    pub fleet: bool,
    /// How long it takes, as text (`2bd..3bd (expected 3bd)`), when known.
    pub estimate: Option<String>,
    /// Public sources.
    pub sources: &'static [&'static str],
}

/// One number's report.
#[derive(Debug, Serialize)]
pub struct NumberReport {
    /// E.164 number.
    pub number: String,
    /// Display name.
    pub display_name: Option<String>,
    /// Source kind.
    pub source: &'static str,
    /// The source partner, for `bsp` and `engage`.
    pub partner: Option<String>,
    /// How Meta's one-time code should reach the number (`sms` or `voice`), when the plan says.
    pub verification: Option<&'static str>,
    /// Derived state.
    pub state: NumberState,
    /// Steps blocking the cutover.
    pub blocking: Vec<BlockerReport>,
    /// Expected downtime.
    pub downtime: Downtime,
    /// Billing before and after the hand-over.
    pub billing: Billing,
    /// Earliest safe cutover start (RFC 3339, UTC), given the lead times of the blocking steps
    /// in business days of the destination; `null` once the cutover has started.
    pub earliest_cutover: Option<String>,
    /// The same moment in the destination's time zone.
    pub earliest_cutover_local: Option<String>,
    /// Some blocking step has no known duration: the cutover is possible at this moment at the
    /// earliest, likely later.
    pub earliest_cutover_is_lower_bound: bool,
    /// Every step of the number, in runbook order.
    pub steps: Vec<StepReport>,
    /// Warnings.
    pub warnings: Vec<Warning>,
}

fn local(t: DateTime<Utc>, zone: chrono_tz::Tz) -> String {
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M %Z")
        .to_string()
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn step_report(graph: &StepGraph, status: &[StepStatus], node: NodeIndex) -> StepReport {
    let w = &graph.graph[node];
    let zone = graph.plan.destination.time_zone;
    // A completion recorded after the evaluation time has not happened yet at that time.
    let (done_at, done_by) = match &w.done {
        Some(DoneMark::Listed { at, by, .. }) if status[node.index()] == StepStatus::Done => {
            (*at, by.clone())
        }
        _ => (None, None),
    };
    let done_at_local = done_at.map(|t| local(t, zone));
    let done_at = done_at.map(rfc3339);
    StepReport {
        step: graph.id(node).to_string(),
        title: graph.title(node).to_string(),
        owner: w.owner,
        phase: graph.phase(node),
        status: status[node.index()],
        estimate: w.estimate.as_ref().map(Estimate::to_string),
        done_at,
        done_at_local,
        done_by,
        sources: graph.sources(node),
    }
}

/// Exit code for a dry-run: 0 when no number is blocked, 3 otherwise.
#[must_use]
pub fn exit_code(blocked: usize) -> u8 {
    if blocked == 0 { 0 } else { 3 }
}

impl Report {
    /// Builds the report of `evaluation` for `file`, narrowed to the numbers at `only` if given.
    #[must_use]
    pub fn new(
        evaluation: &Evaluation,
        file: &str,
        only: Option<&[usize]>,
        diagnostics: Vec<Diagnostic>,
    ) -> Report {
        let graph = &evaluation.graph;
        let plan = &graph.plan;
        let status = &evaluation.status;
        let zone = plan.destination.time_zone;
        let selected: Vec<usize> = match only {
            Some(list) => list.to_vec(),
            None => (0..plan.numbers.len()).collect(),
        };
        let mut numbers = Vec::with_capacity(selected.len());
        let mut blocking_nodes: Vec<NodeIndex> = Vec::new();
        for &n in &selected {
            let e = &evaluation.numbers[n];
            let number = &plan.numbers[n];
            let mut nodes = graph.numbers[n].nodes.clone();
            nodes.sort_by_key(|x| graph.position[x.index()]);
            let blocking = e
                .blocking
                .iter()
                .map(|b| {
                    blocking_nodes.push(b.node);
                    let (reason, action) = graph.reason_and_action(b.node);
                    let reason = match &b.detail {
                        Some(detail) => format!("{reason} {detail}"),
                        None => reason.to_string(),
                    };
                    let owner = graph.graph[b.node].owner;
                    let delegated = matches!(graph.graph[b.node].origin, Origin::Route(r) if r.owner_is_source_admin);
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
                        step: graph.id(b.node).to_string(),
                        title: graph.title(b.node).to_string(),
                        owner,
                        status: b.status,
                        reason,
                        action,
                        fleet: b.fleet,
                        estimate: graph.graph[b.node].estimate.as_ref().map(Estimate::to_string),
                        sources: graph.sources(b.node),
                    }
                })
                .collect();
            numbers.push(NumberReport {
                number: number.e164.to_string(),
                display_name: number.display_name.clone(),
                source: number.source.kind().as_str(),
                partner: match &number.source {
                    Source::Bsp { .. } | Source::Engage { .. } => {
                        number.source.partner().map(str::to_string)
                    }
                    _ => None,
                },
                verification: number.verification.map(|v| match v {
                    crate::plan::VerificationMethod::Sms => "sms",
                    crate::plan::VerificationMethod::Voice => "voice",
                }),
                state: e.state,
                blocking,
                downtime: e.downtime.clone(),
                billing: e.billing.clone(),
                earliest_cutover: e.earliest_cutover.map(rfc3339),
                earliest_cutover_local: e.earliest_cutover.map(|t| local(t, zone)),
                earliest_cutover_is_lower_bound: e.earliest_cutover_is_lower_bound,
                steps: nodes
                    .iter()
                    .map(|&x| step_report(graph, status, x))
                    .collect(),
                warnings: e.warnings.clone(),
            });
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
        let fleet_earliest = selected
            .iter()
            .filter_map(|&n| evaluation.numbers[n].earliest_cutover)
            .max();
        let count = |s: NumberState| numbers.iter().filter(|n| n.state == s).count();
        let blocked = count(NumberState::Blocked);
        let summary = Summary {
            numbers: numbers.len(),
            states: StateCounts {
                blocked,
                ready_for_cutover: count(NumberState::ReadyForCutover),
                cutting_over: count(NumberState::CuttingOver),
                live: count(NumberState::Live),
                complete: count(NumberState::Complete),
            },
            ready_for_cutover: blocked == 0,
            blocking_steps: blocking_nodes.len(),
            owners,
            max_expected_downtime_minutes: numbers
                .iter()
                .map(|n| n.downtime.expected_minutes)
                .max()
                .unwrap_or(0),
            warnings: numbers.iter().map(|n| n.warnings.len()).sum::<usize>()
                + diagnostics.len()
                + evaluation.fleet_warnings.len(),
            earliest_fleet_cutover: fleet_earliest.map(rfc3339),
            earliest_fleet_cutover_local: fleet_earliest.map(|t| local(t, zone)),
            exit_code: exit_code(blocked),
        };
        let mut fleet = graph.fleet.clone();
        fleet.sort_by_key(|x| graph.position[x.index()]);
        Report {
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
            fleet_steps: fleet
                .iter()
                .map(|&x| step_report(graph, status, x))
                .collect(),
            fleet_warnings: evaluation.fleet_warnings.clone(),
            numbers,
            diagnostics,
        }
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
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
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
}
