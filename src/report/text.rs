//! The text view of a [`Report`], for people at a terminal or on paper.
//!
//! Styles are ANSI codes from `anstyle`, chosen by the caller: [`Styles::colored`] for a terminal,
//! [`Styles::plain`] otherwise, so plain output is written plain rather than written with colour
//! and stripped again (which cost a sixth of a large fleet's run).

use std::fmt::Write as _;
use std::io;

use anstyle::{AnsiColor, Style};

use crate::catalog::Phase;
use crate::diagnostic::Kind as _;
use crate::eval::WindowVerdict;
use crate::eval::{NumberState, StepStatus, Warning};
use crate::report::{BlockerReport, NumberReport, Report, StepReport, StepTimes};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;

/// The styles a rendering uses: ANSI colours, or nothing at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Styles {
    on: bool,
}

impl Styles {
    /// Colours and emphasis, for a terminal.
    #[must_use]
    pub const fn colored() -> Styles {
        Styles { on: true }
    }

    /// No escape codes at all.
    #[must_use]
    pub const fn plain() -> Styles {
        Styles { on: false }
    }

    fn style(self, style: Style) -> Style {
        if self.on { style } else { Style::new() }
    }

    pub(crate) fn bold(self) -> Style {
        self.style(Style::new().bold())
    }

    pub(crate) fn dim(self) -> Style {
        self.style(Style::new().dimmed())
    }

    pub(crate) fn color(self, c: AnsiColor) -> Style {
        self.style(Style::new().fg_color(Some(c.into())))
    }

    pub(crate) fn strong(self, c: AnsiColor) -> Style {
        self.style(Style::new().fg_color(Some(c.into())).bold())
    }
}

pub(crate) fn state_style(st: Styles, state: NumberState) -> Style {
    match state {
        NumberState::Blocked => st.strong(AnsiColor::Red),
        NumberState::ReadyForCutover => st.strong(AnsiColor::Green),
        NumberState::CuttingOver => st.strong(AnsiColor::Yellow),
        NumberState::Live | NumberState::Complete => st.strong(AnsiColor::Cyan),
    }
}

fn state_word(state: NumberState) -> &'static str {
    match state {
        NumberState::Blocked => "BLOCKED",
        NumberState::ReadyForCutover => "READY FOR CUTOVER",
        NumberState::CuttingOver => "CUTTING OVER",
        NumberState::Live => "LIVE",
        NumberState::Complete => "COMPLETE",
    }
}

fn status_word(st: Styles, status: StepStatus) -> (&'static str, Style) {
    match status {
        StepStatus::Done => ("done", st.color(AnsiColor::Green)),
        StepStatus::InProgress => ("started", st.color(AnsiColor::Blue)),
        StepStatus::Ready => ("ready", st.color(AnsiColor::Yellow)),
        StepStatus::Waiting => ("waiting", st.color(AnsiColor::Red)),
        StepStatus::NotApplicable => ("n/a", st.dim()),
    }
}

use crate::calendar::local_text_with_weekday as moment;

/// The moment in the destination's zone, and in the owner's when it differs.
fn moment_both(t: DateTime<Utc>, zone: Tz, owner: Option<Tz>) -> String {
    match owner {
        Some(o) if o != zone => format!(
            "{} ({} {})",
            moment(t, zone),
            crate::calendar::local_clock_text(t, o),
            o.name()
        ),
        _ => moment(t, zone),
    }
}

/// "started Fri ... by Dana; expected done Tue ...; due (latest start) ... , slack 3h". A step
/// with no known duration (a ban's appeal, a WABA's reinstatement) is "done no earlier than":
/// its finish is a lower bound, not an expectation.
fn schedule_line(
    times: &StepTimes,
    slack: Option<i64>,
    by: Option<&str>,
    known_duration: bool,
    zone: Tz,
) -> Option<String> {
    let finish = times.earliest_finish?;
    let mut parts = Vec::new();
    match times.started_at {
        Some(s) => parts.push(format!(
            "started {}{}",
            moment(s, zone),
            by.map(|b| format!(" by {b}")).unwrap_or_default()
        )),
        None => {
            if let Some(start) = times.earliest_start {
                parts.push(format!(
                    "earliest start {}",
                    moment_both(start, zone, times.owner_zone)
                ));
            }
        }
    }
    parts.push(format!(
        "{} {}",
        if known_duration {
            "expected done"
        } else {
            "done no earlier than"
        },
        moment_both(finish, zone, times.owner_zone)
    ));
    if let Some(due) = times.latest_start.filter(|_| times.started_at.is_none()) {
        parts.push(format!(
            "start by {}",
            moment_both(due, zone, times.owner_zone)
        ));
    } else if let Some(due) = times.latest_finish {
        parts.push(format!(
            "finish by {}",
            moment_both(due, zone, times.owner_zone)
        ));
    }
    if let Some(late) = super::late_minutes(slack, times) {
        parts.push(late_words(late));
    } else if let Some(m) = slack.filter(|_| times.latest_finish.is_some()) {
        parts.push(format!(
            "slack {}",
            minutes(u32::try_from(m).unwrap_or(u32::MAX))
        ));
    }
    Some(parts.join("; "))
}

/// "late by 15h30": a step's [`super::late_minutes`], in every view that prints it.
pub(crate) fn late_words(late_minutes: u32) -> String {
    format!("late by {}", minutes(late_minutes))
}

pub(crate) fn verdict_words(v: WindowVerdict) -> &'static str {
    match v {
        WindowVerdict::None => "no window planned",
        WindowVerdict::Holds => "holds",
        WindowVerdict::NotKept => "not kept",
        WindowVerdict::AtRisk => "at risk",
        WindowVerdict::CannotHold => "cannot hold",
        WindowVerdict::Passed => "passed",
    }
}

pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` followed by spaces up to `width` terminal columns (wide characters take two, combining
/// marks none), so a table of ids in any script lines up.
pub(crate) fn padded(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// The terminal columns `text` takes.
pub(crate) fn columns(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

fn step_line(
    st: Styles,
    out: &mut String,
    step: &StepReport,
    title: &str,
    width: usize,
    note: &str,
) {
    let dim = st.dim();
    let (word, style) = status_word(st, step.status);
    let _ = writeln!(
        out,
        "  {style}{word:<8}{style:#} {}  {:<14} {dim}{title}{dim:#}{note}",
        padded(step.step, width),
        step.owner.as_str(),
    );
    if let Some(record) = done_record(step) {
        let _ = writeln!(out, "  {:<8} {:<width$}  {dim}{record}{dim:#}", "", "");
    }
}

/// "done 2026-11-18 21:06 CET by Ines", from what the plan recorded (`at`, `by`).
fn done_record(step: &StepReport) -> Option<String> {
    if step.done_at.is_none() && step.done_by.is_none() {
        return None;
    }
    let mut words = String::from(if step.skipped_reason.is_some() {
        "skipped"
    } else {
        "done"
    });
    if let Some(at) = &step.done_at_local {
        let _ = write!(words, " {at}");
    }
    if let Some(by) = step.done_by {
        let _ = write!(words, " by {by}");
    }
    if let Some(reason) = step.skipped_reason {
        let _ = write!(words, ": {reason}");
    }
    Some(words)
}

/// What a blocker's `done:` and `when:` lines say: when the step is done, its schedule, and,
/// for a ready step the window holds back, until when (local).
struct Timing<'a> {
    when: Option<String>,
    done_when: Option<&'a str>,
    held: Option<String>,
}

fn blocker(
    st: Styles,
    out: &mut String,
    b: &BlockerReport,
    sources: &[&str],
    width: usize,
    timing: Timing<'_>,
) {
    let Timing {
        when,
        done_when,
        held,
    } = timing;
    let (bold, dim) = (st.bold(), st.dim());
    // Ready, but held back by the window: "held", as nobody is to act on it yet.
    let (word, style) = match held {
        Some(_) => ("held", st.dim()),
        None => status_word(st, b.status),
    };
    let _ = writeln!(
        out,
        "    {style}{word:<8}{style:#} {bold}{}{bold:#}  {}",
        padded(b.step, width),
        b.owner.as_str()
    );
    let _ = writeln!(out, "             {}", b.title);
    if let Some(o) = &b.other_numbers {
        let _ = writeln!(
            out,
            "             {dim}for:{dim:#}  {}",
            numbers_named(o.count, &o.first)
        );
    }
    let _ = writeln!(out, "             {dim}why:{dim:#} {}", b.reason);
    let _ = writeln!(out, "             {dim}do:{dim:#}  {}", b.action);
    if let Some(done_when) = done_when {
        let _ = writeln!(out, "             {dim}done:{dim:#} {done_when}");
    }
    if let Some(when) = when {
        let held = held
            .map(|h| format!("held until {h} by the window; "))
            .unwrap_or_default();
        let _ = writeln!(out, "             {dim}when:{dim:#} {held}{when}");
    }
    if !sources.is_empty() {
        let _ = writeln!(
            out,
            "             {dim}source: {}{dim:#}",
            sources.join(", ")
        );
    }
}

/// "3 other numbers: +49.., +49.. and +49.." (the first few by name, then how many more).
fn numbers_named(count: usize, first: &[&str]) -> String {
    let named = match first {
        [] => String::new(),
        [one] if count == 1 => (*one).to_string(),
        _ if count <= first.len() => {
            let (last, rest) = first.split_last().unwrap_or((&"", &[]));
            format!("{} and {last}", rest.join(", "))
        }
        _ => format!("{} and {} more", first.join(", "), count - first.len()),
    };
    format!(
        "{}: {named}",
        plural(count, "other number", "other numbers")
    )
}

fn minutes(m: u32) -> String {
    if m == 0 {
        "0 min".to_string()
    } else if m < 120 {
        format!("{m} min")
    } else {
        format!("{}h{:02}", m / 60, m % 60)
    }
}

fn number_block(st: Styles, out: &mut String, report: &Report, n: &NumberReport) {
    let (bold, dim) = (st.bold(), st.dim());
    let style = state_style(st, n.state);
    let origin = match &n.partner {
        Some(p) => format!("{} ({p})", n.source),
        None => n.source.to_string(),
    };
    let _ = writeln!(
        out,
        "{bold}{}{bold:#}  {}  from {origin}  {style}{}{style:#}",
        n.number,
        n.display_name.unwrap_or("(no display name)"),
        state_word(n.state)
    );
    let own: Vec<&BlockerReport> = n.blocking.iter().filter(|b| !b.fleet).collect();
    let fleet = n.blocking.len() - own.len();
    if !n.blocking.is_empty() {
        let _ = writeln!(out, "  Blocking cutover:");
        let width = own.iter().map(|b| columns(b.step)).max().unwrap_or(0);
        let zone = report.zone();
        // Each blocker's step report, found by id: a number may have thousands of steps, and
        // thousands of them blocking (its first report for an id, as a search would find).
        let mut by_step: std::collections::HashMap<&str, &StepReport> =
            std::collections::HashMap::with_capacity(n.steps.len());
        for s in &n.steps {
            by_step.entry(s.step).or_insert(s);
        }
        for b in &own {
            let sources = report.definition(b.step).map_or(&[][..], |d| d.sources);
            // Other numbers' instances have times of their own, not this number's.
            let when = (b.other_numbers.is_none())
                .then(|| by_step.get(b.step))
                .flatten()
                .and_then(|s| {
                    let known = s.estimate.is_some();
                    schedule_line(&s.times, s.slack_minutes, s.started_by, known, zone)
                });
            let done_when = report.definition(b.step).map(|d| d.done_when);
            let held = (b.other_numbers.is_none())
                .then(|| by_step.get(b.step))
                .flatten()
                .and_then(|s| s.held_until)
                .map(|t| moment(t, zone));
            blocker(
                st,
                out,
                b,
                sources,
                width,
                Timing {
                    when,
                    done_when,
                    held,
                },
            );
        }
        if fleet > 0 {
            let _ = writeln!(
                out,
                "    {dim}+ {} shared by the fleet (see Fleet steps){dim:#}",
                plural(fleet, "step", "steps")
            );
        }
    }
    if let Some(earliest) = &n.earliest_cutover_local
        && n.state == NumberState::Blocked
    {
        let floor = if n.earliest_cutover_is_lower_bound {
            " at the earliest (some blocking steps have no known duration)"
        } else {
            ""
        };
        let _ = writeln!(out, "  Earliest safe cutover: {earliest}{floor}");
        if !n.critical_path.is_empty() {
            let _ = writeln!(out, "  Critical path: {}", n.critical_path.join(" -> "));
        }
    }
    if n.window.verdict.said_for(n.state) {
        let style = match n.window.verdict {
            WindowVerdict::Holds => st.color(AnsiColor::Green),
            WindowVerdict::AtRisk | WindowVerdict::NotKept => st.strong(AnsiColor::Yellow),
            _ => st.strong(AnsiColor::Red),
        };
        let reason = n
            .window
            .reason
            .as_deref()
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  Window: {style}{}{style:#}{reason}",
            verdict_words(n.window.verdict)
        );
    }
    // Once nothing blocks, say what the cutover itself consists of, and what follows it.
    if matches!(
        n.state,
        NumberState::ReadyForCutover | NumberState::CuttingOver | NumberState::Live
    ) {
        let open = |phase: Phase| {
            n.steps.iter().filter(move |s| {
                s.phase == phase && matches!(s.status, StepStatus::Ready | StepStatus::Waiting)
            })
        };
        let cutover: Vec<&StepReport> = open(Phase::Cutover).collect();
        if !cutover.is_empty() {
            let _ = writeln!(out, "  Cutover steps:");
            for (i, s) in cutover.iter().enumerate() {
                let mut notes = vec![s.owner.as_str().to_string()];
                if let Some(e) = &s.estimate {
                    notes.push(e.clone());
                }
                if s.step == "verify-number-in-embedded-signup"
                    && let Some(method) = n.verification
                {
                    notes.push(match method {
                        "sms" => "code by SMS".into(),
                        _ => "code by voice call".into(),
                    });
                }
                if n.downtime.starts_with == Some(s.step) && n.downtime.max_minutes > 0 {
                    notes.push("starts downtime".into());
                }
                if n.downtime.ends_with == Some(s.step) && n.downtime.max_minutes > 0 {
                    notes.push("ends downtime".into());
                }
                if n.billing.handover == Some(s.step) && n.billing.before != n.billing.after {
                    notes.push("hands billing over".into());
                }
                let _ = writeln!(
                    out,
                    "    {}. {} {dim}{}{dim:#}",
                    i + 1,
                    padded(s.step, 34),
                    notes.join(", ")
                );
            }
        }
        let after: Vec<&str> = open(Phase::After).map(|s| s.step).collect();
        if !after.is_empty() {
            let _ = writeln!(out, "  Then: {}", after.join(", "));
        }
    }
    // The last step recorded done, with when and by whom: who did what, at a glance.
    if let Some(last) = n
        .steps
        .iter()
        .filter(|s| s.status == StepStatus::Done)
        .filter(|s| s.done_at.is_some() || s.done_by.is_some())
        .max_by(|a, b| a.done_at.cmp(&b.done_at))
        && let Some(record) = done_record(last)
    {
        let _ = writeln!(out, "  Last recorded: {} {record}", last.step);
    }
    let d = &n.downtime;
    let note = report.downtime_note(n.source, d.early, n.warnings);
    match (&d.starts_with, &d.ends_with) {
        (Some(start), Some(end)) if d.max_minutes > 0 => {
            let _ = writeln!(
                out,
                "  Downtime: {} expected ({}..{}), from {start} until {end}",
                minutes(d.expected_minutes),
                minutes(d.min_minutes),
                minutes(d.max_minutes),
            );
        }
        (Some(_), Some(end)) => {
            let _ = writeln!(out, "  Downtime: none; the switch happens at {end}");
        }
        _ => {
            let _ = writeln!(out, "  Downtime: none");
        }
    }
    let _ = writeln!(out, "            {dim}{note}{dim:#}");
    if let Some(running) = d.running_minutes {
        let over = st.strong(AnsiColor::Red);
        let _ = writeln!(
            out,
            "  Down for {} so far{}",
            minutes(running),
            if d.overrunning {
                format!(" {over}- overrunning its longest estimate{over:#}")
            } else {
                String::new()
            }
        );
    }
    let b = &n.billing;
    let _ = writeln!(
        out,
        "  Billing: before {}: {}; after: {}  {dim}(now: {}){dim:#}",
        b.handover.unwrap_or("the hand-over"),
        b.before,
        b.after,
        b.current
    );
    warning_lines(st, out, n.warnings);
    out.push('\n');
}

fn warning_lines<'w>(
    st: Styles,
    out: &mut String,
    warnings: impl IntoIterator<Item = &'w Warning>,
) {
    let dim = st.dim();
    let warn = st.strong(AnsiColor::Yellow);
    for w in warnings {
        let _ = writeln!(
            out,
            "  {warn}warning[{}]{warn:#}: {}",
            w.kind.code(),
            w.kind
        );
        if !w.numbers.is_empty() {
            let _ = writeln!(
                out,
                "    {dim}affects {}{dim:#}",
                crate::eval::warnings::list_numbers(&w.numbers)
            );
        }
    }
}

/// Renders a report as text into `out`, one number at a time (a fleet's report is never held
/// whole in memory).
pub fn render(report: &Report, st: Styles, out: &mut dyn io::Write) -> io::Result<()> {
    let (bold, dim) = (st.bold(), st.dim());
    let mut text = String::new();
    let p = &report.plan;
    let _ = writeln!(
        text,
        "{bold}{}{bold:#}  {dim}({}){dim:#}\n  to Genesys Cloud {} / {}, evaluated at {}",
        p.name, p.file, p.region, p.org, p.evaluated_at_local
    );
    if let Some(w) = &p.cutover_window {
        let _ = writeln!(
            text,
            "  cutover window {} .. {}",
            w.start_local, w.end_local
        );
    }
    text.push('\n');

    let _ = writeln!(text, "{bold}Fleet steps{bold:#}");
    let width = report
        .fleet_steps
        .iter()
        .map(|s| columns(s.step))
        .max()
        .unwrap_or(0);
    // How many numbers each fleet step blocks, counted in one pass over the numbers' evaluations
    // (a per-step search of every number's blockers is quadratic in a plan with many fleet steps).
    let evaluation = report.evaluation();
    let mut blocks: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in report.numbers_evaluated() {
        for b in n.blocking.iter().filter(|b| b.fleet) {
            *blocks.entry(evaluation.graph.id(b.node)).or_default() += 1;
        }
    }
    for step in &report.fleet_steps {
        let blocked = blocks.get(step.step).copied().unwrap_or(0);
        let note = if blocked > 0 {
            format!("  <- blocks {}", plural(blocked, "number", "numbers"))
        } else {
            String::new()
        };
        let title = report.definition(step.step).map_or("", |d| d.title);
        step_line(st, &mut text, step, title, width, &note);
    }
    warning_lines(st, &mut text, report.fleet_warnings.iter().copied());
    text.push('\n');
    out.write_all(text.as_bytes())?;
    report.render_numbers(
        |_, n, text: &mut String| {
            number_block(st, text, report, n);
            Ok(())
        },
        |piece| out.write_all(piece.as_bytes()),
    )?;

    text.clear();
    let s = &report.summary;
    let _ = writeln!(
        text,
        "{bold}Summary{bold:#}: {} - {} blocked, {} ready for cutover, {} cutting over, {} live, {} complete",
        plural(s.numbers, "number", "numbers"),
        s.states.blocked,
        s.states.ready_for_cutover,
        s.states.cutting_over,
        s.states.live,
        s.states.complete
    );
    if !s.owners.is_empty() {
        let who: Vec<String> = s
            .owners
            .iter()
            .map(|o| format!("{} {}", o.owner.as_str(), plural(o.steps, "step", "steps")))
            .collect();
        // With nothing ready to act on, the owners' steps are under way or waiting on them.
        let label = if s.blocking_steps_awaiting_action > 0 {
            "Who must act"
        } else {
            "Blocking steps under way or waiting, by owner"
        };
        let _ = writeln!(text, "{label}: {}", who.join(", "));
    }
    if let Some(earliest) = &s.earliest_fleet_cutover_local
        && !s.ready_for_cutover
    {
        let _ = writeln!(
            text,
            "Earliest safe cutover for the whole fleet: {earliest}"
        );
    }
    if s.window != WindowVerdict::None {
        let counts: Vec<String> = s
            .window_verdicts
            .iter()
            .map(|(k, v)| format!("{v} {}", k.replace('_', " ")))
            .collect();
        let _ = writeln!(
            text,
            "Cutover window: {} ({})",
            verdict_words(s.window),
            counts.join(", ")
        );
    }
    if s.overrunning > 0 {
        let _ = writeln!(
            text,
            "Downtime overrunning: {}",
            plural(s.overrunning, "number", "numbers")
        );
    }
    if s.warnings > 0 {
        let _ = writeln!(text, "Warnings: {}", s.warnings);
    }
    if s.registration_refused > 0 {
        let _ = writeln!(
            text,
            "Registration refused by Meta's quota: {} (registration-quota-exceeded)",
            plural(s.registration_refused, "number", "numbers")
        );
    }
    if s.name_approval_lapsed > 0 {
        let _ = writeln!(
            text,
            "Display name approval lapsing before the registration: {} (name-approval-lapses)",
            plural(s.name_approval_lapsed, "number", "numbers")
        );
    }
    if s.placeholders > 0 {
        let _ = writeln!(
            text,
            "Placeholders left from `wamigrate init`: {} (placeholder-value)",
            plural(s.placeholders, "value", "values")
        );
    }
    if s.exit_code == 4 {
        let bad = st.strong(AnsiColor::Red);
        // Say which of the reasons for exit 4 apply, not all of them: the gate's reader acts on
        // the one that does.
        let numbers = |n: usize| plural(n, "number", "numbers");
        let verdict = |v: WindowVerdict| s.window_verdicts.get(v.as_str()).copied().unwrap_or(0);
        let mut reasons: Vec<String> = [
            (
                verdict(WindowVerdict::CannotHold),
                "the cutover window cannot hold",
            ),
            (
                verdict(WindowVerdict::Passed),
                "the cutover window has passed",
            ),
            (
                s.overrunning,
                "a downtime under way runs past its longest estimate or the budget",
            ),
            (s.over_budget, "the expected downtime is over the budget"),
            (
                s.registration_refused,
                "Meta's registration quota refuses a registration",
            ),
            (
                s.name_approval_lapsed,
                "a new display name's approval lapses before its registration",
            ),
        ]
        .into_iter()
        .filter(|&(count, _)| count > 0)
        .map(|(count, reason)| format!("{reason} ({})", numbers(count)))
        .collect();
        if reasons.is_empty() {
            reasons.push("it cannot cut over as planned".to_string());
        }
        let _ = writeln!(
            text,
            "{bad}The plan does not hold in time{bad:#}: {}; no blocking step is ready for anyone to act on.",
            reasons.join("; ")
        );
    } else if s.numbers == 0 {
        let bad = st.strong(AnsiColor::Red);
        let _ = writeln!(
            text,
            "{bad}The plan lists no numbers{bad:#}: nothing can cut over until they are added under `numbers:`."
        );
    } else if s.states.blocked == 0 && s.placeholders > 0 {
        let bad = st.strong(AnsiColor::Red);
        let _ = writeln!(
            text,
            "{bad}The plan is not filled in{bad:#}: {} still the placeholder `wamigrate init` wrote; write the real ones (see the placeholder-value warnings above).",
            plural(s.placeholders, "value is", "values are")
        );
    } else if s.ready_for_cutover {
        let ok = st.strong(AnsiColor::Green);
        let _ = writeln!(text, "{ok}Nothing blocks the cutover.{ok:#}");
    } else {
        let bad = st.strong(AnsiColor::Red);
        let _ = writeln!(
            text,
            "{bad}{} cannot cut over yet{bad:#} ({} to finish).",
            plural(s.states.blocked, "number", "numbers"),
            plural(s.blocking_steps, "step", "steps")
        );
    }
    out.write_all(text.as_bytes())
}

/// Renders one party's steps across the fleet, by due date (`dry-run --owner`).
pub fn render_owner(
    report: &Report,
    owner: crate::catalog::Owner,
    st: Styles,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let (bold, dim) = (st.bold(), st.dim());
    let zone = report.zone();
    let steps = report.owner_steps(owner);
    let mut text = String::new();
    let p = &report.plan;
    let _ = writeln!(
        text,
        "{bold}{}{bold:#}  {dim}({}){dim:#}\n  what {} must do, evaluated at {}\n",
        p.name,
        p.file,
        owner.as_str(),
        p.evaluated_at_local
    );
    if steps.is_empty() {
        let _ = writeln!(text, "Nothing left for {}.", owner.as_str());
    }
    for o in &steps {
        let (word, style) = status_word(st, o.step.status);
        let _ = writeln!(
            text,
            "  {style}{word:<8}{style:#} {bold}{}{bold:#}  {dim}{}{dim:#}",
            o.step.step,
            o.number.unwrap_or("fleet")
        );
        let _ = writeln!(text, "           {}", o.title);
        let known = o.step.estimate.is_some();
        if let Some(when) = schedule_line(
            &o.step.times,
            o.step.slack_minutes,
            o.step.started_by,
            known,
            zone,
        ) {
            let _ = writeln!(text, "           {dim}{when}{dim:#}");
        }
    }
    let _ = writeln!(
        text,
        "\n{} for {}.",
        plural(steps.len(), "step", "steps"),
        owner.as_str()
    );
    out.write_all(text.as_bytes())
}

/// The plain text of a report as one string (for tests and small reports).
#[must_use]
pub fn to_string(report: &Report) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = render(report, Styles::plain(), &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_in_any_script_are_padded_to_the_same_column() {
        // A CJK character takes two columns, a combining mark none, an ASCII letter one.
        for id in [
            "save-integration",
            "\u{6f22}\u{5b57}\u{6f22}\u{5b57}",
            "e\u{301}tape",
            "x",
        ] {
            let shown = padded(id, 20);
            assert_eq!(columns(&shown), 20, "{id:?}");
            assert!(shown.starts_with(id));
        }
        // Longer than the width: left as it is.
        assert_eq!(padded("abcdef", 3), "abcdef");
    }
}
