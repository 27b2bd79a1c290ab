//! The text view of a [`Report`], for people at a terminal or on paper.
//!
//! Styles are ANSI codes from `anstyle`; the CLI writes through `anstream`, which strips them when
//! the output is not a terminal, `NO_COLOR` is set, or `--color never` is given.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use crate::catalog::Phase;
use crate::diagnostic::Kind as _;
use crate::eval::{NumberState, StepStatus, Warning};
use crate::report::{BlockerReport, NumberReport, Report, StepReport};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn color(c: AnsiColor) -> Style {
    Style::new().fg_color(Some(c.into()))
}

fn state_style(state: NumberState) -> Style {
    match state {
        NumberState::Blocked => color(AnsiColor::Red).bold(),
        NumberState::ReadyForCutover => color(AnsiColor::Green).bold(),
        NumberState::CuttingOver => color(AnsiColor::Yellow).bold(),
        NumberState::Live | NumberState::Complete => color(AnsiColor::Cyan).bold(),
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

fn status_word(status: StepStatus) -> (&'static str, Style) {
    match status {
        StepStatus::Done => ("done", color(AnsiColor::Green)),
        StepStatus::Ready => ("ready", color(AnsiColor::Yellow)),
        StepStatus::Waiting => ("waiting", color(AnsiColor::Red)),
        StepStatus::NotApplicable => ("n/a", DIM),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn step_line(out: &mut String, step: &StepReport, width: usize, note: &str) {
    let (word, style) = status_word(step.status);
    let _ = writeln!(
        out,
        "  {style}{word:<8}{style:#} {:<width$}  {:<14} {DIM}{}{DIM:#}{note}",
        step.step,
        step.owner.as_str(),
        step.title,
    );
    if let Some(record) = done_record(step) {
        let _ = writeln!(out, "  {:<8} {:<width$}  {DIM}{record}{DIM:#}", "", "");
    }
}

/// "done 2026-11-18 21:06 CET by Ines", from what the plan recorded (`at`, `by`).
fn done_record(step: &StepReport) -> Option<String> {
    if step.done_at.is_none() && step.done_by.is_none() {
        return None;
    }
    let mut words = String::from("done");
    if let Some(at) = &step.done_at_local {
        let _ = write!(words, " {at}");
    }
    if let Some(by) = &step.done_by {
        let _ = write!(words, " by {by}");
    }
    Some(words)
}

fn blocker(out: &mut String, b: &BlockerReport, width: usize) {
    let (word, style) = status_word(b.status);
    let _ = writeln!(
        out,
        "    {style}{word:<8}{style:#} {BOLD}{:<width$}{BOLD:#}  {}",
        b.step,
        b.owner.as_str()
    );
    let _ = writeln!(out, "             {}", b.title);
    let _ = writeln!(out, "             {DIM}why:{DIM:#} {}", b.reason);
    let _ = writeln!(out, "             {DIM}do:{DIM:#}  {}", b.action);
    if !b.sources.is_empty() {
        let _ = writeln!(
            out,
            "             {DIM}source: {}{DIM:#}",
            b.sources.join(", ")
        );
    }
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

fn number_block(out: &mut String, n: &NumberReport) {
    let style = state_style(n.state);
    let origin = match &n.partner {
        Some(p) => format!("{} ({p})", n.source),
        None => n.source.to_string(),
    };
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#}  {}  from {origin}  {style}{}{style:#}",
        n.number,
        n.display_name.as_deref().unwrap_or("(no display name)"),
        state_word(n.state)
    );
    let own: Vec<&BlockerReport> = n.blocking.iter().filter(|b| !b.fleet).collect();
    let fleet = n.blocking.len() - own.len();
    if !n.blocking.is_empty() {
        let _ = writeln!(out, "  Blocking cutover:");
        let width = own.iter().map(|b| b.step.len()).max().unwrap_or(0);
        for b in &own {
            blocker(out, b, width);
        }
        if fleet > 0 {
            let _ = writeln!(
                out,
                "    {DIM}+ {} shared by the fleet (see Fleet steps){DIM:#}",
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
                if n.downtime.starts_with.as_deref() == Some(s.step.as_str())
                    && n.downtime.max_minutes > 0
                {
                    notes.push("starts downtime".into());
                }
                if n.downtime.ends_with.as_deref() == Some(s.step.as_str())
                    && n.downtime.max_minutes > 0
                {
                    notes.push("ends downtime".into());
                }
                if n.billing.handover == s.step && n.billing.before != n.billing.after {
                    notes.push("hands billing over".into());
                }
                let _ = writeln!(
                    out,
                    "    {}. {:<34} {DIM}{}{DIM:#}",
                    i + 1,
                    s.step,
                    notes.join(", ")
                );
            }
        }
        let after: Vec<&str> = open(Phase::After).map(|s| s.step.as_str()).collect();
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
    let _ = writeln!(out, "            {DIM}{}{DIM:#}", d.note);
    let b = &n.billing;
    let _ = writeln!(
        out,
        "  Billing: before {}: {}; after: {}  {DIM}(now: {}){DIM:#}",
        b.handover, b.before, b.after, b.current
    );
    warning_lines(out, &n.warnings);
    out.push('\n');
}

fn warning_lines(out: &mut String, warnings: &[Warning]) {
    let warn = color(AnsiColor::Yellow).bold();
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
                "    {DIM}affects {}{DIM:#}",
                crate::eval::warnings::list_numbers(&w.numbers)
            );
        }
    }
}

/// Renders a report as text.
#[must_use]
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let p = &report.plan;
    let _ = writeln!(
        out,
        "{BOLD}{}{BOLD:#}  {DIM}({}){DIM:#}\n  to Genesys Cloud {} / {}, evaluated at {}",
        p.name, p.file, p.region, p.org, p.evaluated_at_local
    );
    if let Some(w) = &p.cutover_window {
        let _ = writeln!(out, "  cutover window {} .. {}", w.start_local, w.end_local);
    }
    out.push('\n');

    let _ = writeln!(out, "{BOLD}Fleet steps{BOLD:#}");
    let width = report
        .fleet_steps
        .iter()
        .map(|s| s.step.len())
        .max()
        .unwrap_or(0);
    // How many numbers each fleet step blocks, counted in one pass (a per-step search of every
    // number's blockers is quadratic in a plan with many fleet steps).
    let mut blocks: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for n in &report.numbers {
        for b in n.blocking.iter().filter(|b| b.fleet) {
            *blocks.entry(b.step.as_str()).or_default() += 1;
        }
    }
    for step in &report.fleet_steps {
        let blocked = blocks.get(step.step.as_str()).copied().unwrap_or(0);
        let note = if blocked > 0 {
            format!("  <- blocks {}", plural(blocked, "number", "numbers"))
        } else {
            String::new()
        };
        step_line(&mut out, step, width, &note);
    }
    warning_lines(&mut out, &report.fleet_warnings);
    out.push('\n');
    for n in &report.numbers {
        number_block(&mut out, n);
    }

    let s = &report.summary;
    let _ = writeln!(
        out,
        "{BOLD}Summary{BOLD:#}: {} - {} blocked, {} ready for cutover, {} cutting over, {} live, {} complete",
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
        let _ = writeln!(out, "Who must act: {}", who.join(", "));
    }
    if let Some(earliest) = &s.earliest_fleet_cutover_local
        && !s.ready_for_cutover
    {
        let _ = writeln!(out, "Earliest safe cutover for the whole fleet: {earliest}");
    }
    if s.warnings > 0 {
        let _ = writeln!(out, "Warnings: {}", s.warnings);
    }
    if s.ready_for_cutover {
        let ok = color(AnsiColor::Green).bold();
        let _ = writeln!(out, "{ok}Nothing blocks the cutover.{ok:#}");
    } else {
        let bad = color(AnsiColor::Red).bold();
        let _ = writeln!(
            out,
            "{bad}{} cannot cut over yet{bad:#} ({} to finish).",
            plural(s.states.blocked, "number", "numbers"),
            plural(s.blocking_steps, "step", "steps")
        );
    }
    out
}
