//! The runbook of a [`Report`]: every step in dependency order (the graph's order, which keeps
//! the author's order where the graph allows), steps that can run in parallel shown as such,
//! owners, durations, earliest starts and due dates in the destination's zone, and the downtime
//! window and billing hand-over called out where they happen. Numbers that read the same (see
//! [`super::group`]) share one section that lists them all.
//!
//! [`Runbook`] is the model; Markdown and HTML are two views of it, and the checklist
//! ([`super::checklist`]) reads the same model. User text in Markdown is escaped through
//! [`markdown_escape`]; HTML is filled into askama templates (`templates/runbook.html`), checked
//! at compile time, which HTML-escape every value they are given.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use askama::Template;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::catalog::{Owner, Phase};
use crate::eval::{NumberState, StepStatus};
use crate::graph::DoneMark;
use crate::report::group::{NumberGroup, group_title, number_groups, state_words, status_words};
use crate::report::{Report, local};

/// The longest downtime of a runbook's numbers, as the go/no-go tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LongestDowntime {
    /// Up to this long (`13m`).
    Up(String),
    /// Some step of the downtime has no known longest.
    Unbounded,
}

/// The runbook: the fleet's steps, then one section per group of numbers.
#[derive(Debug)]
pub struct Runbook {
    /// Plan name.
    pub plan: String,
    /// Destination region and org.
    pub destination: String,
    /// The destination's time zone.
    pub zone: Tz,
    /// The evaluation moment, local.
    pub evaluated_at: String,
    /// The cutover window, local, if planned.
    pub window: Option<String>,
    /// The downtime budget per number, if any.
    pub downtime_budget: Option<String>,
    /// The longest downtime any of its numbers may have (`None`: none has any).
    pub longest_downtime: Option<LongestDowntime>,
    /// Steps shared by the fleet.
    pub fleet: Vec<Stage>,
    /// One section per group of numbers.
    pub sections: Vec<Section>,
}

/// Numbers that read the same, and their steps.
#[derive(Debug)]
pub struct Section {
    /// "+49... (Name)" or "3 numbers: ...".
    pub title: String,
    /// Every number of the group, with its display name.
    pub numbers: Vec<String>,
    /// Source kind, with the partner when the whole group shares it.
    pub source: String,
    /// The group's state.
    pub state: NumberState,
    /// How the downtime goes on this route, and its expected length.
    pub downtime: String,
    /// Who is billed before and after the hand-over.
    pub billing: String,
    /// Earliest cutover (local), if not started.
    pub earliest_cutover: Option<String>,
    /// Whether the planned window holds ("cannot hold: the earliest safe cutover ..."), the worst
    /// of the group's numbers; `None` without a window or once the number is live, unless a
    /// cutover step was recorded outside the window ("not kept: ..."). Without it a
    /// printed runbook or checklist showed a due date days before the earliest start and never
    /// said that the window was lost, which `dry-run` says.
    pub window: Option<String>,
    /// Steps blocking the cutover, by title.
    pub blockers: Vec<String>,
    /// The steps, in stages.
    pub stages: Vec<Stage>,
}

/// Steps that can run together (one step, or several in parallel).
#[derive(Debug)]
pub struct Stage {
    /// The steps; more than one run in parallel.
    pub entries: Vec<Entry>,
}

/// One step as people read it.
#[derive(Debug)]
pub struct Entry {
    /// Step id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Owner.
    pub owner: Owner,
    /// Phase.
    pub phase: Phase,
    /// Status at the evaluation time.
    pub status: StepStatus,
    /// Duration (estimate text), when known.
    pub duration: Option<String>,
    /// Earliest start (the earliest of the group's numbers).
    pub earliest_start: Option<DateTime<Utc>>,
    /// Due date: the latest start that still holds the window (the earliest of the group's).
    pub due: Option<DateTime<Utc>>,
    /// How late it is against the window ([`crate::report::late_minutes`], the most of the
    /// group's): printed "late by ..." next to the due date, as dry-run prints it.
    pub late_minutes: Option<u32>,
    /// Ready, but held back by the window until this moment (local): "held until ..." is its
    /// status in print, as nobody is to act on it yet.
    pub held: Option<String>,
    /// "2026-11-24 09:10 CET by Dana", once done.
    pub done: Option<String>,
    /// "2026-11-24 09:10 CET by Dana", once started.
    pub started: Option<String>,
    /// What to do.
    pub action: String,
    /// On the critical path.
    pub critical: bool,
    /// Its completion takes the number offline: the point of no return.
    pub point_of_no_return: bool,
    /// Call-outs: downtime starts or ends, billing hands over.
    pub callouts: Vec<String>,
}

/// A moment for people in `zone` ("Wed 2026-11-25 12:30 CET").
pub use crate::calendar::local_text_with_weekday as moment;

fn minutes(m: u32) -> String {
    match m {
        0 => "none".to_string(),
        m if m < 60 => format!("{m}m"),
        m if m.is_multiple_of(60) => format!("{}h", m / 60),
        m => format!("{}h{:02}m", m / 60, m % 60),
    }
}

impl Runbook {
    /// Builds the runbook of `report`; numbers that read the same share a section when `group`.
    #[must_use]
    pub fn new(report: &Report<'_>, group: bool) -> Runbook {
        let evaluation = report.evaluation();
        let graph = &evaluation.graph;
        let plan = &graph.plan;
        let zone = plan.destination.time_zone;
        let groups = number_groups(report, group);
        let fleet = graph.in_order(&graph.fleet);
        let fleet = stages(report, &fleet, None);
        let sections = groups
            .iter()
            .map(|g| section(report, g))
            .collect::<Vec<_>>();
        Runbook {
            plan: plan.name.clone(),
            destination: format!("{} / {}", plan.destination.region, plan.destination.org),
            zone,
            evaluated_at: local(evaluation.at, zone),
            window: plan
                .cutover_window
                .map(|w| format!("{} to {}", moment(w.start, zone), moment(w.end, zone))),
            downtime_budget: plan.downtime_budget_minutes.map(minutes),
            longest_downtime: report
                .numbers_evaluated()
                .map(|n| n.downtime.max_minutes)
                .max()
                .filter(|&m| m > 0)
                .map(|m| {
                    if m == u32::MAX {
                        LongestDowntime::Unbounded
                    } else {
                        LongestDowntime::Up(minutes(m))
                    }
                }),
            fleet,
            sections,
        }
    }

    /// Every step of the runbook: the fleet's, then each section's.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.fleet
            .iter()
            .chain(self.sections.iter().flat_map(|s| &s.stages))
            .flat_map(|s| &s.entries)
    }
}

fn section(report: &Report<'_>, g: &NumberGroup) -> Section {
    let evaluation = report.evaluation();
    let graph = &evaluation.graph;
    let zone = graph.plan.destination.time_zone;
    let n = g.representative();
    let e = &evaluation.numbers[n];
    let number = &graph.plan.numbers[n];
    let partner = number.source.partner().filter(|p| {
        g.numbers
            .iter()
            .all(|&m| graph.plan.numbers[m].source.partner() == Some(p))
    });
    let d = &e.downtime;
    let length = if d.max_minutes == 0 {
        "none".to_string()
    } else {
        format!(
            "expected {} ({} to {})",
            minutes(d.expected_minutes),
            minutes(d.min_minutes),
            minutes(d.max_minutes)
        )
    };
    let downtime = format!(
        "{length}. {}",
        report.downtime_note(g.source, d.early, &e.warnings)
    );
    let rule = &number.source.kind().route().billing;
    let billing = format!(
        "{} until the hand-over, {} after. {}",
        crate::eval::payer_name(rule.before, &number.source),
        crate::eval::payer_name(rule.after, &number.source),
        rule.note
    );
    let nodes = graph.in_order(&graph.numbers[n].nodes);
    Section {
        title: group_title(report, g),
        numbers: g
            .numbers
            .iter()
            .map(|&m| {
                let number = &graph.plan.numbers[m];
                match number.shown_name() {
                    Some(name) => format!("{} ({name})", number.e164.as_str()),
                    None => number.e164.as_str().to_string(),
                }
            })
            .collect(),
        source: match partner {
            Some(p) => format!("{} ({p})", g.source),
            None => g.source.to_string(),
        },
        state: g.state,
        downtime,
        billing,
        earliest_cutover: g
            .numbers
            .iter()
            .filter_map(|&m| evaluation.numbers[m].earliest_cutover)
            .max()
            .map(|t| moment(t, zone)),
        window: window_line(evaluation, g),
        blockers: e
            .blocking
            .iter()
            .map(|b| match &b.others {
                // A step of other numbers: one line for all of them.
                // The section may stand for several numbers: how many have it open in all.
                Some(o) => format!(
                    "{} ({}: open on {} {})",
                    graph.title(b.node),
                    graph.graph[b.node].owner.as_str(),
                    o.members().len(),
                    if o.members().len() == 1 {
                        "number"
                    } else {
                        "numbers"
                    }
                ),
                None => graph.title(b.node).to_string(),
            })
            .collect(),
        stages: stages(report, &nodes, Some(g)),
    }
}

/// The window verdict of the group's worst number, with its reason, as people read it.
fn window_line(evaluation: &crate::eval::Evaluation, g: &NumberGroup) -> Option<String> {
    let worst = g
        .numbers
        .iter()
        .map(|&m| &evaluation.numbers[m])
        .filter(|e| e.window.said_for(e.state))
        // Verdicts are ordered from best to worst, as the fleet's summary takes the worst.
        .max_by_key(|e| e.window)?;
    let words = crate::report::text::verdict_words(worst.window);
    Some(match &worst.window_reason {
        Some(reason) => format!("{words}: {reason}"),
        None => words.to_string(),
    })
}

/// The steps `nodes` (in graph order) as stages: a step joins the stage before it when it has
/// the same earliest start and depends on no step of that stage. For a group, `nodes` are its
/// first number's steps, all of them.
fn stages(report: &Report<'_>, nodes: &[NodeIndex], group: Option<&NumberGroup>) -> Vec<Stage> {
    let evaluation = report.evaluation();
    let graph = &evaluation.graph;
    // The same step of every other number of the group, to take the earliest times of all. A
    // group's numbers have the same steps in the same graph order (`number_groups` keys them on
    // that list), so the step at a place in `nodes` is the step at that place in every other
    // number's ordered steps; each is checked to be the same step all the same.
    let peers: Vec<Vec<NodeIndex>> = group
        .map(|g| {
            (g.numbers[1..].iter())
                .map(|&m| graph.in_order(&graph.numbers[m].nodes))
                .collect()
        })
        .unwrap_or_default();
    let same_step =
        |x: NodeIndex, y: &NodeIndex| graph.graph[*y].step_key() == graph.graph[x].step_key();
    let e = group.map(|g| &evaluation.numbers[g.representative()]);
    let mut out: Vec<Stage> = Vec::new();
    // The current stage's steps, kept as a set (a stage can hold thousands of fleet steps).
    let mut current: HashSet<NodeIndex> = HashSet::new();
    let mut floor = 0;
    let mut current_start = None;
    for (i, &x) in nodes.iter().enumerate() {
        let peers_of_x = (peers.iter())
            .filter_map(|p| p.get(i).copied())
            .filter(|y| same_step(x, y));
        let entry = entry(report, x, peers_of_x, e);
        let joins = !current.is_empty()
            && entry.earliest_start == current_start
            && !depends_on_any(graph, x, &current, floor);
        if !joins && !current.is_empty() {
            current.clear();
        }
        if current.is_empty() {
            // Steps come in graph order: a stage's first step has its lowest position.
            floor = graph.position(x);
        }
        if joins {
            if let Some(stage) = out.last_mut() {
                stage.entries.push(entry);
            }
        } else {
            current_start = entry.earliest_start;
            out.push(Stage {
                entries: vec![entry],
            });
        }
        current.insert(x);
    }
    out
}

/// Whether `x` depends, directly or not, on a step of `stage` (all earlier in graph order, none
/// before position `floor`).
fn depends_on_any(
    graph: &crate::graph::StepGraph,
    x: NodeIndex,
    targets: &HashSet<NodeIndex>,
    floor: usize,
) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![x];
    while let Some(y) = stack.pop() {
        for p in graph.graph.neighbors_directed(y, Direction::Incoming) {
            if targets.contains(&p) {
                return true;
            }
            // Nothing before the stage's first step can lie on a path from the stage.
            if graph.position(p) > floor && seen.insert(p) {
                stack.push(p);
            }
        }
    }
    false
}

fn entry(
    report: &Report<'_>,
    x: NodeIndex,
    peers: impl Iterator<Item = NodeIndex>,
    e: Option<&crate::eval::NumberEvaluation>,
) -> Entry {
    let evaluation = report.evaluation();
    let graph = &evaluation.graph;
    let zone = graph.plan.destination.time_zone;
    let w = &graph.graph[x];
    let status = evaluation.status[x.index()];
    let step = super::step_report(evaluation, x);
    let mut earliest_start = step.times.earliest_start;
    let mut due = step.times.latest_start;
    let mut late_minutes = step.late_minutes();
    for y in peers {
        let other = super::step_times(evaluation, y);
        earliest_start = min_some(earliest_start, other.earliest_start);
        due = min_some(due, other.latest_start);
        late_minutes = late_minutes.max(super::step_late_minutes(evaluation, y));
    }
    let done = match w.done.as_deref() {
        Some(DoneMark::Listed {
            at, by, skipped, ..
        }) if status == StepStatus::Done => {
            let at = at.map(|t| local(t, zone));
            let done = match (at, by) {
                (Some(at), Some(by)) => format!("{at} by {by}"),
                (Some(at), None) => at,
                (None, Some(by)) => format!("by {by}"),
                (None, None) => "(no time or name recorded)".to_string(),
            };
            Some(match skipped {
                Some(reason) => format!("skipped {done}: {reason}"),
                None => done,
            })
        }
        Some(DoneMark::Fact(_)) if status == StepStatus::Done => {
            // Parenthesised like "(no time or name recorded)": it follows "done" in every view.
            Some("(implied by the plan's facts)".to_string())
        }
        _ => None,
    };
    let started = match (step.times.started_at, step.started_by) {
        (Some(t), Some(by)) => Some(format!("{} by {by}", local(t, zone))),
        (Some(t), None) => Some(local(t, zone)),
        _ => None,
    };
    let mut callouts = Vec::new();
    let mut point_of_no_return = false;
    if let Some(e) = e {
        let d = &e.downtime;
        let has_downtime = d.max_minutes > 0;
        if has_downtime && d.starts_with == Some(x) {
            point_of_no_return = true;
            callouts.push(format!(
                "Point of no return: downtime starts when this step is done (expected {}, at most {}); the number is off WhatsApp until \"{}\" is done.",
                minutes(d.expected_minutes),
                minutes(d.max_minutes),
                d.ends_with.map_or("the integration is saved", |y| graph.title(y))
            ));
        }
        if has_downtime && d.ends_with == Some(x) {
            callouts.push(
                "Downtime ends when this step is done: the number is back on WhatsApp, on Genesys Cloud."
                    .to_string(),
            );
        }
        if e.handover == Some(x) {
            let number = &graph.plan.numbers[e.index];
            let rule = &number.source.kind().route().billing;
            callouts.push(format!(
                "Billing hand-over: messages sent before this step is done are billed to {}; after it, to {}.",
                crate::eval::payer_name(rule.before, &number.source),
                crate::eval::payer_name(rule.after, &number.source)
            ));
        }
    }
    let (_, action) = graph.reason_and_action(x);
    Entry {
        id: graph.id(x).to_string(),
        title: graph.title(x).to_string(),
        owner: w.owner,
        phase: graph.phase(x),
        status,
        duration: graph.estimate(x).as_ref().map(ToString::to_string),
        earliest_start,
        due,
        late_minutes,
        held: step.times.held_until.map(|t| moment(t, zone)),
        done,
        started,
        action: action.to_string(),
        critical: e.is_some_and(|e| e.critical_path.contains(&x)),
        point_of_no_return,
        callouts,
    }
}

fn min_some(a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Escapes user text for Markdown: the one helper every Markdown view writes user text through.
/// A pair of backticks stays a code span (`display_name_status: approved` is a key to type, and
/// reads as one, not as backslashes), unless what it holds could not sit in one on a line of a
/// table (a pipe, a line break, nothing); a lone backtick is escaped.
#[must_use]
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let parts: Vec<&str> = text.split('`').collect();
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1;
        let closed = i + 1 < parts.len();
        if quoted && closed && !part.is_empty() && !part.contains(['|', '\n', '\r']) {
            out.push('`');
            out.push_str(part);
            out.push('`');
            continue;
        }
        if quoted {
            out.push_str("\\`");
        }
        escape_outside_code(part, &mut out);
        if quoted && closed {
            out.push_str("\\`");
        }
    }
    out
}

/// Escapes what Markdown would read as markup in `text`, outside a code span.
fn escape_outside_code(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// The label of step `k` of stage `i` ("3", or "3a" in a parallel stage).
#[must_use]
pub fn step_label(i: usize, k: usize, parallel: bool) -> String {
    if parallel {
        let letter = char::from_u32(u32::from(b'a') + u32::try_from(k % 26).unwrap_or(0));
        format!("{}{}", i + 1, letter.unwrap_or('?'))
    } else {
        format!("{}", i + 1)
    }
}

/// An entry's due date, and how late it is as dry-run says it ("Mon 2026-11-23 12:30 CET, late
/// by 15h30"), or "—" without one: the words, not a colour, mark it, for print.
#[must_use]
pub fn due_text(entry: &Entry, zone: Tz) -> String {
    let Some(due) = entry.due else {
        return "—".to_string();
    };
    match entry.late_minutes {
        Some(late) => format!(
            "{}, {}",
            moment(due, zone),
            crate::report::text::late_words(late)
        ),
        None => moment(due, zone),
    }
}

/// One line of facts about an entry: owner, status, duration, earliest start, due.
fn facts(entry: &Entry, zone: Tz) -> Vec<String> {
    let mut facts = vec![
        format!("owner: {}", entry.owner),
        match &entry.held {
            Some(until) => format!("status: held until {until}"),
            None => format!("status: {}", status_words(entry.status)),
        },
    ];
    if let Some(d) = &entry.duration {
        facts.push(format!("duration: {d}"));
    }
    if let Some(t) = entry.earliest_start {
        facts.push(format!("earliest start: {}", moment(t, zone)));
    }
    if entry.due.is_some() {
        facts.push(format!("due: {}", due_text(entry, zone)));
    }
    if let Some(s) = &entry.started {
        facts.push(format!("started {s}"));
    }
    if let Some(d) = &entry.done {
        facts.push(format!("done {d}"));
    }
    if entry.critical {
        facts.push("on the critical path".to_string());
    }
    facts
}

fn header_lines(rb: &Runbook) -> Vec<String> {
    let mut lines = vec![
        format!("Destination: {}", rb.destination),
        format!("Times in {} (the destination's zone)", rb.zone.name()),
        format!("Evaluated at {}", rb.evaluated_at),
    ];
    if let Some(w) = &rb.window {
        lines.push(format!("Cutover window: {w}"));
    }
    if let Some(b) = &rb.downtime_budget {
        lines.push(format!("Downtime budget per number: {b}"));
    }
    lines
}

/// Renders the runbook as Markdown.
pub fn render_markdown(rb: &Runbook, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    let _ = writeln!(s, "# Runbook: {}\n", markdown_escape(&rb.plan));
    for line in header_lines(rb) {
        let _ = writeln!(s, "- {}", markdown_escape(&line));
    }
    let _ = writeln!(
        s,
        "\nSteps are in dependency order. Steps numbered alike (3a, 3b) can run in parallel.\n"
    );
    let _ = writeln!(s, "## Fleet steps, shared by every number\n");
    markdown_stages(&mut s, &rb.fleet, rb.zone);
    w.write_all(s.as_bytes())?;
    for section in &rb.sections {
        let mut s = String::new();
        let _ = writeln!(s, "## {}\n", markdown_escape(&section.title));
        if section.numbers.len() > 1 {
            let _ = writeln!(
                s,
                "These {} numbers read the same (source, state and every step's status); \
                 earliest starts and due dates are the earliest of them all.\n",
                section.numbers.len()
            );
            let list: Vec<String> = section.numbers.iter().map(|n| markdown_escape(n)).collect();
            let _ = writeln!(s, "Numbers: {}\n", list.join(", "));
        }
        let _ = writeln!(s, "- Source: {}", markdown_escape(&section.source));
        let _ = writeln!(s, "- State: **{}**", state_words(section.state));
        if let Some(t) = &section.earliest_cutover {
            let _ = writeln!(s, "- Earliest cutover: {t}");
        }
        if let Some(window) = &section.window {
            let _ = writeln!(s, "- Window: {}", markdown_escape(window));
        }
        if !section.blockers.is_empty() {
            let list: Vec<String> = section
                .blockers
                .iter()
                .map(|b| markdown_escape(b))
                .collect();
            let _ = writeln!(s, "- Blocked by: {}", list.join("; "));
        }
        let _ = writeln!(s, "- Downtime: {}", markdown_escape(&section.downtime));
        let _ = writeln!(s, "- Billing: {}\n", markdown_escape(&section.billing));
        markdown_stages(&mut s, &section.stages, rb.zone);
        w.write_all(s.as_bytes())?;
    }
    Ok(())
}

fn markdown_stages(s: &mut String, stages: &[Stage], zone: Tz) {
    for (i, stage) in stages.iter().enumerate() {
        let parallel = stage.entries.len() > 1;
        if parallel {
            let _ = writeln!(
                s,
                "**Steps {} to {} can run in parallel:**\n",
                step_label(i, 0, true),
                step_label(i, stage.entries.len() - 1, true)
            );
        }
        for (k, entry) in stage.entries.iter().enumerate() {
            let _ = writeln!(
                s,
                "- **{}. {}** (`{}`)  ",
                step_label(i, k, parallel),
                markdown_escape(&entry.title),
                entry.id.replace('`', "'")
            );
            let _ = writeln!(
                s,
                "  {}  ",
                markdown_escape(&facts(entry, zone).join(" · "))
            );
            let _ = writeln!(s, "  What to do: {}", markdown_escape(&entry.action));
            for callout in &entry.callouts {
                let _ = writeln!(s, "\n  > **{}**", markdown_escape(callout));
            }
        }
        s.push('\n');
    }
}

const RUNBOOK_CSS: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#212121;line-height:1.4}\
h2{border-bottom:1px solid #ccc;margin-top:2rem}.step{margin:.6rem 0;padding:.4rem .6rem;border-left:4px solid #90a4ae}\
.parallel{border:1px dashed #90a4ae;padding:.3rem .6rem;margin:.6rem 0}.facts{color:#455a64;font-size:.9em}\
.callout{background:#fff3f3;border-left:4px solid #c62828;padding:.3rem .6rem;font-weight:600}\
.done{border-left-color:#2e7d32}.critical{border-left-color:#b71c1c}\
.step,.keep{break-inside:avoid;page-break-inside:avoid}";

/// The head of the HTML page: title, style sheet, plan facts and the fleet's steps.
#[derive(Template)]
#[template(path = "runbook.html", block = "head")]
struct HeadView<'a> {
    plan: &'a str,
    css: &'static str,
    header: Vec<String>,
    stages: Vec<StageView<'a>>,
}

/// A group of numbers: its facts and its steps.
#[derive(Template)]
#[template(path = "runbook.html", block = "section")]
struct SectionView<'a> {
    title: &'a str,
    numbers: &'a [String],
    source: &'a str,
    state: &'static str,
    earliest_cutover: Option<&'a str>,
    window: Option<&'a str>,
    blockers: &'a [String],
    downtime: &'a str,
    billing: &'a str,
    stages: Vec<StageView<'a>>,
}

/// The end of the page.
#[derive(Template)]
#[template(path = "runbook.html", block = "tail")]
struct TailView;

/// A stage as shown: its steps, and the first and last labels when they run in parallel.
struct StageView<'a> {
    parallel: Option<(String, String)>,
    steps: Vec<StepView<'a>>,
}

/// One step as shown.
struct StepView<'a> {
    class: &'static str,
    label: String,
    title: &'a str,
    id: &'a str,
    facts: String,
    action: &'a str,
    callouts: &'a [String],
}

/// Renders the runbook as a self-contained HTML page.
///
/// The page is written a part at a time (head and fleet steps, each section, end), each part an
/// askama template that HTML-escapes every value.
pub fn render_html(rb: &Runbook, w: &mut dyn Write) -> io::Result<()> {
    HeadView {
        plan: &rb.plan,
        css: RUNBOOK_CSS,
        header: header_lines(rb),
        stages: stage_views(&rb.fleet, rb.zone),
    }
    .write_into(w)?;
    for section in &rb.sections {
        SectionView {
            title: &section.title,
            numbers: &section.numbers,
            source: &section.source,
            state: state_words(section.state),
            earliest_cutover: section.earliest_cutover.as_deref(),
            window: section.window.as_deref(),
            blockers: &section.blockers,
            downtime: &section.downtime,
            billing: &section.billing,
            stages: stage_views(&section.stages, rb.zone),
        }
        .write_into(w)?;
    }
    TailView.write_into(w)
}

fn stage_views(stages: &[Stage], zone: Tz) -> Vec<StageView<'_>> {
    stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let parallel = stage.entries.len() > 1;
            StageView {
                parallel: parallel.then(|| {
                    (
                        step_label(i, 0, true),
                        step_label(i, stage.entries.len() - 1, true),
                    )
                }),
                steps: stage
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(k, entry)| StepView {
                        class: if entry.critical {
                            "step critical"
                        } else if entry.status == StepStatus::Done {
                            "step done"
                        } else {
                            "step"
                        },
                        label: step_label(i, k, parallel),
                        title: &entry.title,
                        id: &entry.id,
                        facts: facts(entry, zone).join(" · "),
                        action: &entry.action,
                        callouts: &entry.callouts,
                    })
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escape_escapes_emphasis_links_and_html() {
        assert_eq!(
            markdown_escape("*a* _b_ [c](d) <e> #f |g| ~h~"),
            "\\*a\\* \\_b\\_ \\[c\\](d) \\<e\\> \\#f \\|g\\| \\~h\\~"
        );
    }

    proptest::proptest! {
        /// Whatever the text, the escaped form is one line in which every markup character is
        /// escaped, except inside a code span, which holds something and no table pipe.
        #[test]
        fn escaped_text_holds_no_markup_outside_code_spans(text in "[a-c`*_|<#~\\\\\n ]{0,40}") {
            let out = markdown_escape(&text);
            proptest::prop_assert!(!out.contains(['\n', '\r']));
            let mut chars = out.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '`' => {
                        let rest = chars.as_str();
                        let close = rest.find('`');
                        proptest::prop_assert!(close.is_some(), "a lone backtick in {out:?}");
                        let span = &rest[..close.unwrap_or(0)];
                        proptest::prop_assert!(!span.is_empty() && !span.contains('|'), "{out:?}");
                        chars = rest[close.unwrap_or(0) + 1..].chars();
                    }
                    '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' => {
                        proptest::prop_assert!(false, "{c} unescaped in {out:?}");
                    }
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn a_pair_of_backticks_stays_a_code_span_and_a_lone_one_is_escaped() {
        // A key to type reads as one: `display_name_status: approved`, not backslashes.
        assert_eq!(
            markdown_escape("set `display_name_status: approved` now"),
            "set `display_name_status: approved` now"
        );
        // Markup inside a code span is shown as written, so it is left as it is.
        assert_eq!(markdown_escape("`<b>*x*</b>`"), "`<b>*x*</b>`");
        // A lone backtick, an empty pair, or a pair holding a pipe (a table's cell ends there)
        // or a line break is escaped.
        assert_eq!(markdown_escape("a ` b"), "a \\` b");
        assert_eq!(markdown_escape("``"), "\\`\\`");
        assert_eq!(markdown_escape("`a|b`"), "\\`a\\|b\\`");
        assert_eq!(markdown_escape("`a\nb`"), "\\`a b\\`");
        assert_eq!(markdown_escape("`a` `b"), "`a` \\`b");
    }

    #[test]
    fn parallel_steps_are_lettered() {
        assert_eq!(step_label(2, 0, true), "3a");
        assert_eq!(step_label(2, 1, true), "3b");
        assert_eq!(step_label(2, 0, false), "3");
    }
}
