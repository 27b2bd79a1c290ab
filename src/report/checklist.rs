//! The printable sign-off checklist: the [`Runbook`] model laid out for project managers who
//! print it, tick boxes and sign. A fleet overview first, then the steps by phase (prepare,
//! cutover, after) and by number, each with a checkbox, owner, earliest start, due date, lead
//! time, what to do, its status and a sign-off line; a go/no-go gate before the cutover, the
//! point of no return marked, downtime and billing hand-over called out; numbers that read the
//! same share one block, with every number listed in an appendix.
//!
//! HTML is filled into askama templates (`templates/checklist.html`), which HTML-escape every
//! value, and is self-contained (inline CSS, no script, no external asset) and print-ready: `@page`
//! rules for A4 or US Letter with the header (plan, destination) and footer (fingerprint,
//! evaluation time, page numbers) in the page margin boxes, and no step split across pages.

use std::fmt::Write as _;
use std::io::{self, Write};

use askama::Template;

use crate::catalog::Phase;
use crate::eval::{NumberState, StepStatus};
use crate::report::group::{state_words, status_words};
use crate::report::runbook::{Entry, LongestDowntime, Runbook, Section, markdown_escape, moment};
use crate::report::text::late_words;

/// Paper the HTML is laid out for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// What identifies the printed plan: its fingerprint and the file name.
#[derive(Debug, Clone)]
pub struct Identity {
    /// The plan file as given.
    pub file: String,
    /// The plan's fingerprint, as the journal records it ([`crate::journal::fingerprint`]).
    pub fingerprint: String,
}

/// The plan's fingerprint as its journal's events carry it (`sha256:` and 16 letters, so no
/// printed page holds a run of digits, and a page can be matched to the journal).
#[must_use]
pub fn fingerprint(plan_text: &str) -> String {
    crate::journal::fingerprint(plan_text)
}

const PHASES: [(Phase, &str); 3] = [
    (Phase::Prepare, "Prepare"),
    (Phase::Cutover, "Cutover"),
    (Phase::After, "After the cutover"),
];

fn entries_of(
    stages: &[crate::report::runbook::Stage],
    phase: Phase,
) -> impl Iterator<Item = &Entry> {
    stages
        .iter()
        .flat_map(|s| &s.entries)
        .filter(move |e| e.phase == phase)
}

/// The go/no-go conditions: what must be true before the first cutover step.
fn gate(rb: &Runbook) -> Vec<String> {
    let open_prepare = rb
        .entries()
        .filter(|e| {
            e.phase == Phase::Prepare
                && !matches!(e.status, StepStatus::Done | StepStatus::NotApplicable)
        })
        .count();
    let mut items = vec![
        format!(
            "Every prepare step above is done and signed off ({open_prepare} still open at evaluation time)."
        ),
        "The people for the cutover steps are present and reachable, someone is at each number's line for the one-time code.".to_string(),
        "The 6-digit PIN for each number is at hand (not written in the plan).".to_string(),
    ];
    if let Some(w) = &rb.window {
        items.push(format!("The cutover happens inside the window: {w}."));
    }
    // What customers are told is what the numbers may have: the longest estimated downtime, not
    // the plan's budget (a budget of 15 minutes says nothing of a number with none, or of one
    // that may take 13).
    let budget = rb
        .downtime_budget
        .as_deref()
        .map_or(String::new(), |b| format!(" (budget: {b})"));
    match &rb.longest_downtime {
        None => {}
        Some(LongestDowntime::Up(longest)) => items.push(format!(
            "Customers have been told about up to {longest} of WhatsApp downtime per number{budget}."
        )),
        Some(LongestDowntime::Unbounded) => items.push(format!(
            "Customers have been told about WhatsApp downtime per number that no estimate bounds{budget}."
        )),
    }
    items
}

fn status_text(e: &Entry) -> String {
    match (&e.done, &e.started) {
        (Some(done), _) => format!("done {done}"),
        (None, Some(started)) => format!("started {started}"),
        _ => match &e.held {
            Some(until) => format!("held until {until}"),
            None => status_words(e.status).to_string(),
        },
    }
}

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #555; --rule: #999; --alert: #b71c1c; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: var(--ink); line-height: 1.35; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1.5pt solid var(--ink); padding-bottom: 1mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 2mm; break-after: avoid; }
p, li { margin: 1mm 0; }
.meta { color: var(--muted); margin-bottom: 4mm; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
th, td { border: 0.5pt solid var(--rule); padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #eee; }
td.when { white-space: nowrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
.step { border: 0.75pt solid var(--rule); border-radius: 1.5mm; padding: 2mm 3mm; margin: 2.5mm 0; break-inside: avoid; page-break-inside: avoid; }
.step .head { display: flex; gap: 2.5mm; align-items: baseline; }
.box { display: inline-block; width: 4.5mm; height: 4.5mm; border: 1pt solid var(--ink); flex: none; text-align: center; line-height: 4mm; font-size: 9pt; }
.title { font-weight: bold; }
.facts { display: grid; grid-template-columns: 1fr 1.5fr 1.2fr; gap: 0.5mm 4mm; margin: 1.5mm 0; font-size: 9pt; }
.facts b { color: var(--muted); font-weight: normal; }
.todo { font-size: 9pt; }
.signoff { display: grid; grid-template-columns: 2fr 1.5fr 0.8fr; gap: 4mm; margin-top: 3mm; font-size: 8pt; color: var(--muted); }
.signoff span { border-top: 0.75pt solid var(--ink); padding-top: 0.5mm; }
.done { background: #f3f8f3; }
.callout { border-left: 3pt solid var(--alert); padding: 1mm 2mm; margin: 1.5mm 0; font-weight: bold; font-size: 9pt; }
.pnr { border: 1.5pt solid var(--alert); }
.pnr-mark { color: var(--alert); font-weight: bold; font-size: 9pt; letter-spacing: 0.3pt; }
.late { color: var(--alert); }
.gate { border: 2pt solid var(--ink); padding: 3mm 4mm; margin: 4mm 0; break-inside: avoid; }
.gate ul { list-style: none; padding-left: 0; }
.gate li::before { content: "\2610\00a0\00a0"; }
.decision { margin-top: 3mm; font-weight: bold; }
.numbers { font-size: 8.5pt; columns: 3; }
.section-meta { font-size: 9pt; color: var(--muted); break-after: avoid; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"#;

/// The `@page` rules: paper size, and the plan's facts in the page margins. The user text in them
/// is escaped for CSS strings here (`<` too, so it cannot close the `<style>` element), which is
/// why the template writes the style sheet unescaped: HTML entities mean nothing inside it.
fn page_css(rb: &Runbook, id: &Identity, paper: Paper) -> String {
    let size = match paper {
        Paper::A4 => "A4",
        Paper::Letter => "letter",
    };
    // CSS strings: escape backslashes and quotes, and drop newlines.
    let css = |s: &str| {
        s.replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(['\n', '\r'], " ")
            .replace('<', "\\3c ")
    };
    format!(
        "@page {{ size: {size}; margin: 16mm 14mm 18mm 14mm;\n  @top-left {{ content: \"{}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n  @top-right {{ content: \"{}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n  @bottom-left {{ content: \"Plan {} {} \\00b7  evaluated {}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 7.5pt; color: #555; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n}}\n",
        css(&rb.plan),
        css(&format!("{} ({})", rb.destination, rb.zone.name())),
        css(&id.file),
        id.fingerprint,
        css(&rb.evaluated_at),
    )
}

/// The head of the HTML page: title, style sheet, plan facts and the fleet overview.
#[derive(Template)]
#[template(path = "checklist.html", block = "head")]
struct HeadView<'a> {
    plan: &'a str,
    /// The whole style sheet; user text in it is escaped for CSS strings by [`page_css`].
    css: String,
    destination: &'a str,
    zone: &'a str,
    evaluated_at: &'a str,
    window: Option<&'a str>,
    file: &'a str,
    fingerprint: &'a str,
    overview: Vec<OverviewRow<'a>>,
    /// How to read the steps' figures ([`reading_notes`]), under the overview.
    notes: Vec<&'static str>,
}

/// One group's row of the fleet overview.
struct OverviewRow<'a> {
    title: &'a str,
    source: &'a str,
    state: String,
    earliest_cutover: &'a str,
    downtime: &'a str,
    open: usize,
}

/// One phase: the go/no-go gate before the cutover, the fleet's steps, then each group's.
#[derive(Template)]
#[template(path = "checklist.html", block = "phase")]
struct PhaseView<'a> {
    name: &'static str,
    gate: Option<Vec<String>>,
    fleet: Vec<StepView<'a>>,
    sections: Vec<SectionView<'a>>,
}

/// A group of numbers within a phase.
struct SectionView<'a> {
    title: &'a str,
    /// Lines of facts under the title (source and state, group size, downtime, billing).
    meta: Vec<String>,
    steps: Vec<StepView<'a>>,
}

/// One step as printed: checkbox, facts, what to do, call-outs.
struct StepView<'a> {
    class: String,
    done: bool,
    point_of_no_return: bool,
    title: &'a str,
    owner: String,
    earliest_start: String,
    due: String,
    /// "late by 15h30" (as dry-run says it), or empty: printed in bold beside the due date.
    late: String,
    lead_time: &'a str,
    status: String,
    action: &'a str,
    callouts: &'a [String],
}

/// The appendix listing every number of each group, and the end of the page.
#[derive(Template)]
#[template(path = "checklist.html", block = "tail")]
struct TailView<'a> {
    appendix: Vec<AppendixGroup<'a>>,
}

/// A group of the appendix.
struct AppendixGroup<'a> {
    title: &'a str,
    numbers: &'a [String],
}

/// Renders the checklist as a self-contained, print-ready HTML page.
///
/// The page is written a part at a time (head, each phase, appendix), each part an askama
/// template that HTML-escapes every value.
pub fn render_html(rb: &Runbook, id: &Identity, paper: Paper, w: &mut dyn Write) -> io::Result<()> {
    HeadView {
        plan: &rb.plan,
        css: format!("{CSS}{}", page_css(rb, id, paper)),
        destination: &rb.destination,
        zone: rb.zone.name(),
        evaluated_at: &rb.evaluated_at,
        window: rb.window.as_deref(),
        file: &id.file,
        fingerprint: &id.fingerprint,
        overview: rb.sections.iter().map(overview_row).collect(),
        notes: reading_notes(rb),
    }
    .write_into(w)?;
    for (phase, name) in PHASES {
        PhaseView {
            name,
            gate: (phase == Phase::Cutover).then(|| gate(rb)),
            // A step that does not apply gets no checkbox or sign-off line, the fleet's no more
            // than a number's.
            fleet: entries_of(&rb.fleet, phase)
                .filter(|e| e.status != StepStatus::NotApplicable)
                .map(|e| step_view(rb, e))
                .collect(),
            sections: rb
                .sections
                .iter()
                .filter_map(|section| section_view(rb, section, phase))
                .collect(),
        }
        .write_into(w)?;
    }
    TailView {
        appendix: rb
            .sections
            .iter()
            .filter(|x| x.numbers.len() > 1)
            .map(|x| AppendixGroup {
                title: &x.title,
                numbers: &x.numbers,
            })
            .collect(),
    }
    .write_into(w)
}

/// The group's state for the overview, with the window's verdict when it does not hold
/// ("blocked; window cannot hold"): the table is what a reader of the printed page sees first.
fn overview_state(section: &Section) -> String {
    let verdict = section
        .window
        .as_deref()
        .and_then(|w| w.split(':').next())
        .filter(|v| *v != "holds");
    match verdict {
        Some(v) => format!("{}; window {v}", state_words(section.state)),
        None => state_words(section.state).to_string(),
    }
}

/// The overview's "Earliest cutover" for a group without one: what is true of its cutover.
fn cutover_words(section: &Section) -> &str {
    match (&section.earliest_cutover, section.state) {
        (Some(t), _) => t,
        (None, NumberState::Live | NumberState::Complete) => "done (live on Genesys Cloud)",
        (None, NumberState::CuttingOver) => "under way",
        // Not reached: a number before its cutover has an earliest one.
        (None, NumberState::Blocked | NumberState::ReadyForCutover) => "—",
    }
}

/// What a reader of the printed steps needs once, not on every step: why no step has a due date
/// without a cutover window, and how lead times are written (`1bd..3bd`).
fn reading_notes(rb: &Runbook) -> Vec<&'static str> {
    let mut notes = Vec::new();
    if rb.window.is_none() {
        notes.push(
            "No due dates (Due: —): a due date is the latest start that still holds the cutover window, and the plan sets none. Add cutover_window (start and end, local times) to the plan to get them.",
        );
    }
    notes.push(
        "Lead times: m minutes, h hours, d days of 24 hours, bd business days (the owner's working days); 1bd..3bd reads 1 to 3 business days, \"at least 2bd\" has no known longest, and the expected figure is the likely one.",
    );
    notes
}

fn overview_row(section: &Section) -> OverviewRow<'_> {
    OverviewRow {
        title: &section.title,
        source: &section.source,
        state: overview_state(section),
        earliest_cutover: cutover_words(section),
        downtime: section.downtime.split(". ").next().unwrap_or_default(),
        open: section
            .stages
            .iter()
            .flat_map(|x| &x.entries)
            .filter(|e| {
                matches!(
                    e.status,
                    StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
                )
            })
            .count(),
    }
}

/// The group's steps of `phase`, or `None` when none of them applies.
fn section_view<'a>(rb: &Runbook, section: &'a Section, phase: Phase) -> Option<SectionView<'a>> {
    let steps: Vec<StepView<'a>> = entries_of(&section.stages, phase)
        .filter(|e| e.status != StepStatus::NotApplicable)
        .map(|e| step_view(rb, e))
        .collect();
    if steps.is_empty() {
        return None;
    }
    let mut meta = vec![format!(
        "{} · {}",
        section.source,
        state_words(section.state)
    )];
    if section.numbers.len() > 1 {
        meta.push(format!(
            "{} numbers that read the same; every number is listed in the appendix",
            section.numbers.len()
        ));
    }
    if let Some(window) = section.window.as_ref().filter(|_| phase != Phase::After) {
        meta.push(format!("Window: {window}"));
    }
    if phase == Phase::Cutover {
        meta.push(format!("Downtime: {}", section.downtime));
        meta.push(format!("Billing: {}", section.billing));
    }
    Some(SectionView {
        title: &section.title,
        meta,
        steps,
    })
}

fn step_view<'a>(rb: &Runbook, e: &'a Entry) -> StepView<'a> {
    let done = e.status == StepStatus::Done;
    let mut class = String::from("step");
    if done {
        class.push_str(" done");
    }
    if e.point_of_no_return {
        class.push_str(" pnr");
    }
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(|| "—".to_string(), |t| moment(t, rb.zone))
    };
    StepView {
        class,
        done,
        point_of_no_return: e.point_of_no_return,
        title: &e.title,
        owner: e.owner.to_string(),
        earliest_start: when(e.earliest_start),
        due: when(e.due),
        late: e.late_minutes.map(late_words).unwrap_or_default(),
        lead_time: e.duration.as_deref().unwrap_or("—"),
        status: status_text(e),
        action: &e.action,
        callouts: &e.callouts,
    }
}

/// Renders the checklist as Markdown with the same content.
pub fn render_markdown(rb: &Runbook, id: &Identity, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    let _ = writeln!(s, "# Migration checklist: {}\n", markdown_escape(&rb.plan));
    let _ = writeln!(
        s,
        "Destination {} · times in {} · evaluated {}{}  \nPlan {} · fingerprint {}\n",
        markdown_escape(&rb.destination),
        rb.zone.name(),
        rb.evaluated_at,
        rb.window
            .as_ref()
            .map(|w| format!(" · cutover window {w}"))
            .unwrap_or_default(),
        markdown_escape(&id.file),
        id.fingerprint
    );
    let _ = writeln!(
        s,
        "## Fleet overview\n\n| Numbers | Source | State | Earliest cutover | Downtime |\n|---|---|---|---|---|"
    );
    for section in &rb.sections {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            markdown_escape(&section.title),
            markdown_escape(&section.source),
            overview_state(section),
            cutover_words(section),
            markdown_escape(section.downtime.split(". ").next().unwrap_or_default())
        );
    }
    s.push('\n');
    for note in reading_notes(rb) {
        let _ = writeln!(s, "{}\n", markdown_escape(note));
    }
    w.write_all(s.as_bytes())?;
    for (phase, name) in PHASES {
        let mut s = String::new();
        if phase == Phase::Cutover {
            let _ = writeln!(s, "## Go / no-go before the cutover\n");
            for item in gate(rb) {
                let _ = writeln!(s, "- [ ] {}", markdown_escape(&item));
            }
            let _ = writeln!(
                s,
                "\nDecision: ☐ GO ☐ NO-GO — Name: ________ Date and time: ________ Initials: ____\n"
            );
        }
        let _ = writeln!(s, "## {name}\n");
        let fleet: Vec<&Entry> = entries_of(&rb.fleet, phase)
            .filter(|e| e.status != StepStatus::NotApplicable)
            .collect();
        if !fleet.is_empty() {
            let _ = writeln!(s, "### Fleet steps, shared by every number\n");
            for e in fleet {
                step_markdown(&mut s, rb, e);
            }
        }
        for section in &rb.sections {
            let steps: Vec<&Entry> = entries_of(&section.stages, phase)
                .filter(|e| e.status != StepStatus::NotApplicable)
                .collect();
            if steps.is_empty() {
                continue;
            }
            let _ = writeln!(s, "### {}\n", markdown_escape(&section.title));
            let _ = writeln!(
                s,
                "{} · {}{}\n",
                markdown_escape(&section.source),
                state_words(section.state),
                if section.numbers.len() > 1 {
                    format!(
                        " · {} numbers that read the same (listed in the appendix)",
                        section.numbers.len()
                    )
                } else {
                    String::new()
                }
            );
            if let Some(window) = section.window.as_ref().filter(|_| phase != Phase::After) {
                let _ = writeln!(s, "Window: {}\n", markdown_escape(window));
            }
            if phase == Phase::Cutover {
                let _ = writeln!(
                    s,
                    "Downtime: {}  \nBilling: {}\n",
                    markdown_escape(&section.downtime),
                    markdown_escape(&section.billing)
                );
            }
            for e in steps {
                step_markdown(&mut s, rb, e);
            }
        }
        w.write_all(s.as_bytes())?;
    }
    let mut s = String::new();
    if rb.sections.iter().any(|x| x.numbers.len() > 1) {
        let _ = writeln!(s, "## Appendix: the numbers of each group\n");
        for section in rb.sections.iter().filter(|x| x.numbers.len() > 1) {
            let _ = writeln!(s, "### {}\n", markdown_escape(&section.title));
            for n in &section.numbers {
                let _ = writeln!(s, "- {}", markdown_escape(n));
            }
            s.push('\n');
        }
    }
    w.write_all(s.as_bytes())
}

fn step_markdown(s: &mut String, rb: &Runbook, e: &Entry) {
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(|| "—".to_string(), |t| moment(t, rb.zone))
    };
    let _ = writeln!(
        s,
        "- [{}] **{}{}**  ",
        if e.status == StepStatus::Done {
            "x"
        } else {
            " "
        },
        if e.point_of_no_return {
            "POINT OF NO RETURN: "
        } else {
            ""
        },
        markdown_escape(&e.title)
    );
    let _ = writeln!(
        s,
        "  Owner: {} · Earliest start: {} · Due: {}{} · Lead time: {}  ",
        e.owner,
        when(e.earliest_start),
        when(e.due),
        e.late_minutes
            .map(|m| format!(" **{}**", late_words(m)))
            .unwrap_or_default(),
        markdown_escape(e.duration.as_deref().unwrap_or("—"))
    );
    let _ = writeln!(s, "  Status: {}  ", markdown_escape(&status_text(e)));
    let _ = writeln!(s, "  What to do: {}  ", markdown_escape(&e.action));
    for c in &e.callouts {
        let _ = writeln!(s, "  **{}**  ", markdown_escape(c));
    }
    let _ = writeln!(
        s,
        "  Sign-off: Name ________________ Date and time ____________ Initials ______\n"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_fingerprint_is_the_journals_and_holds_no_digits_after_its_prefix() {
        let f = fingerprint("version: 1\n");
        assert_eq!(f, crate::journal::fingerprint("version: 1\n"));
        assert!(f["sha256:".len()..].bytes().all(|b| b.is_ascii_lowercase()));
    }
}
