//! The live status (`wamigrate status`) and billing at a moment (`wamigrate billing`): views of
//! the one report model, with what the journal adds (failed and skipped steps and their
//! reasons, the journal's own health).

use std::fmt::Write as _;
use std::io::{self, Write};

use anstyle::AnsiColor;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::catalog::Owner;
use crate::eval::{NumberState, StepStatus, WindowVerdict};
use crate::journal::fold::{Folded, Mark};
use crate::journal::masked;
use crate::journal::read::JournalSummary;
use crate::report::text::Styles;
use crate::report::{PlanInfo, Report, Summary, local, rfc3339};

/// The version of the JSON of `status` (docs/journal.md, "JSON versions"). Version 2: the window
/// verdict `not_kept` and the owner `implementation-partner` are new values in its value sets, and
/// `next[].held_until` is `null` rather than missing for a step nothing holds back. It carries
/// `dry-run`'s `plan` and `summary`, so a value `dry-run` adds to them raises this one too.
pub const STATUS_FORMAT_VERSION: u32 = 2;

/// The version of the JSON of `billing` (docs/journal.md, "JSON versions"), its own since `status`
/// changed without it.
pub const BILLING_FORMAT_VERSION: u32 = 1;

/// What the journal holds, and how it was read.
#[derive(Debug, Serialize)]
pub struct JournalInfo {
    /// The journal file; `null` when none is read.
    pub path: Option<String>,
    /// Whether it exists.
    pub exists: bool,
    /// Events read (exact repeats left out).
    pub events: usize,
    /// Events counted at the evaluation moment.
    pub counted: usize,
    /// Events dated after the evaluation moment (not counted yet).
    pub later: usize,
    /// Events a later `undone` retracted (the record was wrong): not counted at any moment.
    pub retracted: usize,
    /// Lines holding an exact repeat of an earlier event (a union merge), dropped.
    pub duplicate_lines: Vec<u32>,
    /// Lines cut short by a crash: their events are lost.
    pub torn_lines: Vec<u32>,
    /// Conflicting events and events for numbers or steps the plan lacks (not counted).
    pub problems: usize,
    /// The last event was recorded against another version of the plan.
    pub stale: bool,
    /// When the last event was recorded (RFC 3339, UTC).
    pub last_recorded: Option<String>,
}

impl JournalInfo {
    /// Describes `journal` as folded.
    #[must_use]
    pub fn new(
        path: Option<String>,
        journal: &JournalSummary,
        folded: &Folded,
        stale: bool,
    ) -> Self {
        JournalInfo {
            // A file name may hold control characters: written out, never sent to a terminal.
            path: path.map(|p| crate::diagnostic::visible(&p).into_owned()),
            exists: journal.exists,
            events: journal.events,
            counted: folded.counted,
            later: folded.later,
            retracted: folded.retracted,
            duplicate_lines: journal.duplicates.clone(),
            torn_lines: journal.torn.clone(),
            // Events not counted: conflicts and unknown entries of the replay, bad lines of the
            // reading (torn lines and twins are reported on their own, not as events).
            problems: folded.diagnostics.len() + folded.unlisted.count + journal.bad,
            stale,
            last_recorded: journal.last_recorded.map(rfc3339),
        }
    }
}

/// A step under way.
#[derive(Debug, Serialize)]
pub struct UnderWay<'e> {
    /// Step id.
    pub step: &'e str,
    /// Who must act.
    pub owner: Owner,
    /// Since (RFC 3339, UTC).
    pub since: String,
    /// Since, in the destination's time zone.
    pub since_local: String,
    /// Who started it.
    pub by: Option<String>,
}

/// A step whose last attempt failed, or that was skipped.
#[derive(Debug, Serialize)]
pub struct WithReason<'e> {
    /// Step id.
    pub step: &'e str,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub by: Option<String>,
    /// Why.
    pub reason: String,
}

/// A step that can be worked on now.
#[derive(Debug)]
pub struct Next<'e> {
    /// Step id.
    pub step: &'e str,
    /// Title.
    pub title: &'e str,
    /// Who must act.
    pub owner: Owner,
    /// Held back by the window (`held_until`, `held_until_local`): not to be done before then.
    /// `None` for a step that can be done now. Boxed: a fleet's status holds a few of these per
    /// number, and nearly none is held.
    pub held: Option<Box<Held>>,
}

impl Serialize for Next<'_> {
    /// Writes `held_until` and `held_until_local` as `null` for a step nothing holds back, as
    /// every absent value of the JSON is (json-output.md), rather than leaving the keys out.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let held = self.held.as_deref();
        let mut s = serializer.serialize_struct("Next", 5)?;
        s.serialize_field("step", self.step)?;
        s.serialize_field("title", self.title)?;
        s.serialize_field("owner", &self.owner)?;
        s.serialize_field("held_until", &held.map(|h| h.held_until.as_str()))?;
        s.serialize_field(
            "held_until_local",
            &held.map(|h| h.held_until_local.as_str()),
        )?;
        s.end()
    }
}

/// Until when a step that is ready is held back by the window.
#[derive(Debug)]
pub struct Held {
    /// The moment (RFC 3339, UTC).
    pub held_until: String,
    /// The same moment in the destination's time zone.
    pub held_until_local: String,
}

/// Downtime so far against what is expected.
#[derive(Debug, Serialize)]
pub struct DowntimeStatus {
    /// When it started, if it has (RFC 3339, UTC).
    pub started_at: Option<String>,
    /// When it ended, if it has.
    pub ended_at: Option<String>,
    /// Minutes down so far while it runs; the whole downtime once ended.
    pub minutes: Option<i64>,
    /// Expected minutes.
    pub expected_minutes: u32,
    /// Longest estimate, in minutes.
    pub max_minutes: u32,
    /// The plan's budget, if any.
    pub budget_minutes: Option<u32>,
    /// Longer than the longest estimate.
    pub overrunning: bool,
    /// Longer than the budget.
    pub over_budget: bool,
}

/// One number's live status.
#[derive(Debug, Serialize)]
pub struct NumberStatus<'e> {
    /// E.164 number.
    pub number: &'e str,
    /// Display name.
    pub display_name: Option<&'e str>,
    /// Derived state.
    pub state: NumberState,
    /// Steps under way.
    pub under_way: Vec<UnderWay<'e>>,
    /// Steps whose last attempt failed.
    pub failed: Vec<WithReason<'e>>,
    /// Steps skipped.
    pub skipped: Vec<WithReason<'e>>,
    /// Downtime.
    pub downtime: DowntimeStatus,
    /// Steps ready now, with who acts.
    pub next: Vec<Next<'e>>,
    /// Whether the planned window holds.
    pub window: WindowVerdict,
    /// Why the window verdict is what it is, when it is not `holds` or `none`.
    pub window_reason: Option<&'e str>,
    /// Who is billed at this moment.
    pub billed: &'e str,
}

/// The live status of a plan and its journal.
#[derive(Debug, Serialize)]
pub struct StatusReport<'r, 'e> {
    /// JSON contract version of `status`.
    pub format_version: u32,
    /// The plan and the moment.
    pub plan: &'r PlanInfo,
    /// The journal.
    pub journal: JournalInfo,
    /// Fleet totals and the exit code, as `dry-run` has them.
    pub summary: &'r Summary,
    /// Fleet steps under way.
    pub fleet_under_way: Vec<UnderWay<'e>>,
    /// Fleet steps ready now.
    pub fleet_next: Vec<Next<'e>>,
    /// Every number (made as it is written).
    pub numbers: Numbers<'r, 'e>,
}

fn with_reason<'e>(
    report: &Report<'e>,
    folded: &Folded,
    nodes: &[petgraph::graph::NodeIndex],
) -> (Vec<WithReason<'e>>, Vec<WithReason<'e>>) {
    let graph = &report.evaluation().graph;
    let mut failed = Vec::new();
    let mut skipped = Vec::new();
    for &node in nodes {
        match folded.marks.get(&node) {
            Some(Mark::Failed { at, by, reason }) => failed.push(WithReason {
                step: graph.id(node),
                at: rfc3339(*at),
                by: by.as_deref().map(masked),
                reason: masked(reason),
            }),
            Some(Mark::Skipped { at, by, reason }) => skipped.push(WithReason {
                step: graph.id(node),
                at: rfc3339(*at),
                by: by.as_deref().map(masked),
                reason: masked(reason),
            }),
            _ => {}
        }
    }
    (failed, skipped)
}

impl<'r, 'e> StatusReport<'r, 'e> {
    /// The status of `report`'s numbers, with what `folded` adds.
    #[must_use]
    pub fn new(report: &'r Report<'e>, folded: &'r Folded, journal: JournalInfo) -> Self {
        let graph = &report.evaluation().graph;
        let steps = Steps { report };
        StatusReport {
            format_version: STATUS_FORMAT_VERSION,
            plan: &report.plan,
            journal,
            summary: &report.summary,
            fleet_under_way: graph
                .fleet
                .iter()
                .filter_map(|&n| steps.under_way(n))
                .collect(),
            fleet_next: graph.fleet.iter().filter_map(|&n| steps.next(n)).collect(),
            numbers: Numbers { report, folded },
        }
    }
}

/// What a step adds to a status while it is under way or can be worked on.
struct Steps<'r, 'e> {
    report: &'r Report<'e>,
}

impl<'e> Steps<'_, 'e> {
    fn under_way(&self, node: petgraph::graph::NodeIndex) -> Option<UnderWay<'e>> {
        let evaluation = self.report.evaluation();
        let graph = &evaluation.graph;
        let zone = self.report.zone();
        graph
            .started(node)
            .filter(|_| evaluation.status[node.index()] == StepStatus::InProgress)
            .map(|s| UnderWay {
                step: graph.id(node),
                owner: graph.graph[node].owner,
                since: rfc3339(s.at),
                since_local: local(s.at, zone),
                by: s.by.as_deref().map(masked),
            })
    }

    fn next(&self, node: petgraph::graph::NodeIndex) -> Option<Next<'e>> {
        let evaluation = self.report.evaluation();
        let graph = &evaluation.graph;
        let zone = self.report.zone();
        (evaluation.status[node.index()] == StepStatus::Ready).then(|| Next {
            step: graph.id(node),
            title: graph.title(node),
            owner: graph.graph[node].owner,
            held: crate::eval::schedule::held_until(graph, &evaluation.status, node, evaluation.at)
                .map(|t| {
                    Box::new(Held {
                        held_until: rfc3339(t),
                        held_until_local: local(t, zone),
                    })
                }),
        })
    }
}

/// Every number's status, made as it is written (JSON or text) and dropped after: a fleet's
/// status held whole was tens of MiB at the peak of `status`.
pub struct Numbers<'r, 'e> {
    report: &'r Report<'e>,
    folded: &'r Folded,
}

impl<'e> Numbers<'_, 'e> {
    /// Each number's status, in the report's order.
    pub fn iter(&self) -> impl Iterator<Item = NumberStatus<'e>> + '_ {
        let report = self.report;
        let evaluation = report.evaluation();
        let graph = &evaluation.graph;
        let steps = Steps { report };
        let budget = graph.plan.downtime_budget_minutes;
        report.numbers_evaluated().map(move |e| {
            let nodes = &graph.numbers[e.index].nodes;
            let number = &graph.plan.numbers[e.index];
            let (failed, skipped) = with_reason(report, self.folded, nodes);
            let d = &e.downtime;
            let minutes = match (d.started_at, d.ended_at) {
                (Some(s), Some(t)) => Some((t - s).num_minutes()),
                (Some(_), None) => e.downtime_running_minutes.map(i64::from),
                _ => None,
            };
            NumberStatus {
                number: number.e164.as_str(),
                display_name: number.shown_name(),
                state: e.state,
                under_way: nodes.iter().filter_map(|&n| steps.under_way(n)).collect(),
                failed,
                skipped,
                downtime: DowntimeStatus {
                    started_at: d.started_at.map(rfc3339),
                    ended_at: d.ended_at.map(rfc3339),
                    minutes,
                    expected_minutes: d.expected_minutes,
                    max_minutes: d.max_minutes,
                    budget_minutes: budget,
                    // Past its longest estimate, running or ended.
                    overrunning: minutes.is_some_and(|m| m > i64::from(d.max_minutes)),
                    over_budget: minutes.zip(budget).is_some_and(|(m, b)| m > i64::from(b)),
                },
                next: nodes.iter().filter_map(|&n| steps.next(n)).collect(),
                window: e.window,
                window_reason: e.window_reason.as_deref(),
                billed: billed_at(report, e.index, evaluation.at).payer,
            }
        })
    }
}

impl Serialize for Numbers<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl std::fmt::Debug for Numbers<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Who is billed for one number's message sent at a moment.
#[derive(Debug, Serialize)]
pub struct Billed<'e> {
    /// E.164 number.
    pub number: &'e str,
    /// Who is billed for a message sent at the moment.
    pub payer: &'e str,
    /// Its role: `source-partner`, `genesys` or `none`.
    pub role: &'static str,
    /// Who pays before the hand-over.
    pub before: &'e str,
    /// Who pays after it.
    pub after: &'e str,
    /// The step whose completion hands billing over.
    pub handover_step: Option<&'e str>,
    /// When it was done, if it was by the moment (RFC 3339, UTC).
    pub handed_over_at: Option<String>,
    /// Why this payer, for people.
    pub reason: String,
}

/// Who is billed for a message `n` sends at the evaluation moment: the payer after the
/// hand-over only once the hand-over step is done by then; a message sent before stays with
/// the earlier payer even when delivered after.
#[must_use]
pub fn billed_at<'e>(report: &Report<'e>, n: usize, _at: DateTime<Utc>) -> Billed<'e> {
    let evaluation = report.evaluation();
    let e = &evaluation.numbers[n];
    let number = crate::report::billing_report(evaluation, n);
    let zone = report.zone();
    let handed_at = e.handover.and_then(|h| {
        match evaluation.graph.graph[h].done.as_deref() {
            Some(crate::graph::DoneMark::Listed { at, .. }) => *at,
            _ => None,
        }
        .filter(|_| e.handed_over)
    });
    let reason = match (e.handover, e.handed_over) {
        (None, _) => "nothing changes hands on this route".to_string(),
        (Some(h), true) => format!(
            "`{}` was done{}, before the message was sent",
            evaluation.graph.id(h),
            handed_at.map_or(String::new(), |t| format!(" at {}", local(t, zone)))
        ),
        (Some(h), false) => format!(
            "`{}` is not done by then: a message sent before the hand-over stays with the earlier payer, even when delivered after",
            evaluation.graph.id(h)
        ),
    };
    Billed {
        number: evaluation.graph.plan.numbers[n].e164.as_str(),
        payer: number.current,
        role: if e.handed_over || e.handover.is_none() {
            number.after_role
        } else {
            number.before_role
        },
        before: number.before,
        after: number.after,
        handover_step: number.handover,
        handed_over_at: handed_at.map(rfc3339),
        reason,
    }
}

/// Who is billed at a moment, for every number of a report.
#[derive(Debug, Serialize)]
pub struct BillingAt<'r, 'e> {
    /// JSON contract version.
    pub format_version: u32,
    /// The plan, and the moment (`evaluated_at`) the messages are sent.
    pub plan: &'r PlanInfo,
    /// The journal.
    pub journal: JournalInfo,
    /// Per number.
    pub numbers: Vec<Billed<'e>>,
}

fn minutes(m: i64) -> String {
    if m >= 120 {
        format!("{} h {} min", m / 60, m % 60)
    } else {
        format!("{m} min")
    }
}

/// Writes the status as text.
///
/// # Errors
/// When the writer fails.
pub fn render_status(s: &StatusReport<'_, '_>, st: Styles, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "{}Status of \"{}\"{} ({}) at {}",
        st.bold().render(),
        crate::diagnostic::visible(&s.plan.name),
        st.bold().render_reset(),
        s.plan.file,
        s.plan.evaluated_at_local
    )?;
    let j = &s.journal;
    match &j.path {
        Some(path) if j.exists => {
            let events = super::text::plural(j.events, "event", "events");
            write!(w, "journal {path}: {events}")?;
            if j.later > 0 {
                write!(w, " ({} dated after this moment, not counted)", j.later)?;
            }
            if !j.torn_lines.is_empty() {
                write!(w, ", {} torn line(s) lost", j.torn_lines.len())?;
            }
            if j.problems > 0 {
                write!(w, ", {} not counted (see above)", j.problems)?;
            }
            writeln!(w)?;
            if j.stale {
                writeln!(
                    w,
                    "{}the journal was written against an older version of the plan{}",
                    st.strong(AnsiColor::Yellow).render(),
                    st.strong(AnsiColor::Yellow).render_reset()
                )?;
            }
        }
        Some(path) => writeln!(w, "journal {path}: none yet (`wamigrate record` starts it)")?,
        None => writeln!(w, "journal: not read")?,
    }
    for u in &s.fleet_under_way {
        writeln!(
            w,
            "fleet: {} ({}) under way since {}{}",
            u.step,
            u.owner.as_str(),
            u.since_local,
            u.by.as_ref()
                .map(|b| format!(" by {b}"))
                .unwrap_or_default()
        )?;
    }
    if !s.fleet_next.is_empty() {
        let next = s
            .fleet_next
            .iter()
            .map(|n| format!("{} ({})", n.step, n.owner.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(w, "fleet: next {next}")?;
    }
    for n in s.numbers.iter() {
        writeln!(w)?;
        let name = n
            .display_name
            .map(|d| format!(" \"{d}\""))
            .unwrap_or_default();
        let state = n.state.as_str().replace('_', " ");
        let style = crate::report::text::state_style(st, n.state);
        writeln!(
            w,
            "{}{}{name}{}: {}{state}{}",
            st.bold().render(),
            n.number,
            st.bold().render_reset(),
            style.render(),
            style.render_reset()
        )?;
        for u in &n.under_way {
            writeln!(
                w,
                "  under way  {} ({}) since {}{}",
                u.step,
                u.owner.as_str(),
                u.since_local,
                u.by.as_ref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default()
            )?;
        }
        for f in &n.failed {
            writeln!(w, "  failed     {}: {}", f.step, f.reason)?;
        }
        for f in &n.skipped {
            writeln!(w, "  skipped    {}: {}", f.step, f.reason)?;
        }
        let d = &n.downtime;
        let mut line = match (d.minutes, &d.ended_at) {
            (Some(m), Some(_)) => format!("{} in all", minutes(m)),
            (Some(m), None) => format!("{} so far", minutes(m)),
            _ if d.max_minutes == 0 => "none expected".to_string(),
            _ => "not started".to_string(),
        };
        if d.max_minutes > 0 {
            let _ = write!(
                line,
                "; expected {}, longest {}",
                minutes(i64::from(d.expected_minutes)),
                minutes(i64::from(d.max_minutes))
            );
        }
        if let Some(b) = d.budget_minutes.filter(|_| d.max_minutes > 0) {
            let _ = write!(line, ", budget {}", minutes(i64::from(b)));
        }
        writeln!(w, "  downtime   {line}")?;
        if d.overrunning || d.over_budget {
            let what = match (d.overrunning, d.over_budget) {
                (true, true) => "longer than its longest estimate, and over the plan's budget",
                (true, false) => "longer than its longest estimate",
                _ => "over the plan's budget",
            };
            writeln!(
                w,
                "  {}overrun    down {what}{}",
                st.strong(AnsiColor::Red).render(),
                st.strong(AnsiColor::Red).render_reset()
            )?;
        }
        if let Some(reason) = n
            .window_reason
            .as_ref()
            .filter(|_| !matches!(n.window, WindowVerdict::Holds | WindowVerdict::None))
        {
            writeln!(
                w,
                "  window     {}: {reason}",
                n.window.as_str().replace('_', " ")
            )?;
        }
        if !n.next.is_empty() {
            let next = n
                .next
                .iter()
                .map(|x| match x.held.as_ref().map(|h| &h.held_until_local) {
                    Some(until) => format!(
                        "{} ({}, held by the window until {until})",
                        x.step,
                        x.owner.as_str()
                    ),
                    None => format!("{} ({})", x.step, x.owner.as_str()),
                })
                .collect::<Vec<_>>()
                .join(", ");
            writeln!(w, "  next       {next}")?;
        }
        writeln!(w, "  billed     {}", n.billed)?;
    }
    let c = &s.summary.states;
    let exit = s.summary.exit_code;
    let why = match exit {
        0 => "ready",
        3 if s.summary.numbers == 0 => "the plan lists no numbers",
        3 if s.summary.states.blocked == 0 && s.summary.placeholders > 0 => {
            "values are still the placeholders `wamigrate init` wrote"
        }
        3 if s.summary.blocking_steps_awaiting_action == 0 && s.summary.states.blocked > 0 => {
            "blocking steps are under way, waiting, or held back by the window"
        }
        3 => "a blocking step waits for someone to act",
        4 => {
            "late: a window cannot hold or has passed, a downtime runs long, Meta's registration quota refuses a registration, or a display name's approval lapses"
        }
        _ => "",
    };
    writeln!(
        w,
        "\n{}: {} blocked, {} ready for cutover, {} cutting over, {} live, {} complete; exit {exit} ({why})",
        if s.summary.numbers == 1 {
            "1 number".to_string()
        } else {
            format!("{} numbers", s.summary.numbers)
        },
        c.blocked,
        c.ready_for_cutover,
        c.cutting_over,
        c.live,
        c.complete,
    )?;
    Ok(())
}

/// Writes who is billed at the moment, as text.
///
/// # Errors
/// When the writer fails.
pub fn render_billing(b: &BillingAt<'_, '_>, st: Styles, w: &mut dyn Write) -> io::Result<()> {
    writeln!(
        w,
        "{}Billing for a message sent at {}{} ({})",
        st.bold().render(),
        b.plan.evaluated_at_local,
        st.bold().render_reset(),
        b.plan.file
    )?;
    for n in &b.numbers {
        writeln!(w, "{}  {} ({})", n.number, n.payer, n.role)?;
        writeln!(w, "  {}", n.reason)?;
    }
    Ok(())
}
