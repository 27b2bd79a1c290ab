//! The printable sign-off checklist: the [`Runbook`] model laid out for project managers who
//! print it, tick boxes and sign. A fleet overview first, then the steps by phase (prepare,
//! cutover, after) and by number, each with a checkbox, owner, earliest start, due date, lead
//! time, what to do, its status and a sign-off line; a go/no-go gate before the cutover, the
//! point of no return marked, downtime and billing hand-over called out; numbers that read the
//! same share one block, with every number listed in an appendix.
//!
//! HTML is self-contained (inline CSS, no script, no external asset) and print-ready: `@page`
//! rules for A4 or US Letter with the header (plan, destination) and footer (fingerprint,
//! evaluation time, page numbers) in the page margin boxes, and no step split across pages.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::catalog::Phase;
use crate::eval::StepStatus;
use crate::report::group::{state_words, status_words};
use crate::report::runbook::{Entry, Runbook, Section, html_escape, markdown_escape, moment};

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
    if let Some(b) = &rb.downtime_budget {
        items.push(format!(
            "Customers have been told about up to {b} of WhatsApp downtime per number."
        ));
    }
    items
}

fn status_text(e: &Entry) -> String {
    match (&e.done, &e.started) {
        (Some(done), _) => format!("done {done}"),
        (None, Some(started)) => format!("started {started}"),
        _ => status_words(e.status).to_string(),
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
thead { display: table-header-group; }
tr { break-inside: avoid; }
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
.gate { border: 2pt solid var(--ink); padding: 3mm 4mm; margin: 4mm 0; break-inside: avoid; }
.gate ul { list-style: none; padding-left: 0; }
.gate li::before { content: "\2610\00a0\00a0"; }
.decision { margin-top: 3mm; font-weight: bold; }
.numbers { font-size: 8.5pt; columns: 3; }
.section-meta { font-size: 9pt; color: var(--muted); break-after: avoid; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
"#;

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
        "@page {{ size: {size}; margin: 16mm 14mm 18mm 14mm;\n  @top-left {{ content: \"{}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n  @top-right {{ content: \"{}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n  @bottom-left {{ content: \"Plan {} sha256:{} \\00b7  evaluated {}\"; font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 7.5pt; color: #555; }}\n  @bottom-right {{ content: \"Page \" counter(page) \" of \" counter(pages); font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 8pt; color: #555; }}\n}}\n",
        css(&rb.plan),
        css(&format!("{} ({})", rb.destination, rb.zone.name())),
        css(&id.file),
        id.fingerprint,
        css(&rb.evaluated_at),
    )
}

/// Renders the checklist as a self-contained, print-ready HTML page.
pub fn render_html(rb: &Runbook, id: &Identity, paper: Paper, w: &mut dyn Write) -> io::Result<()> {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Checklist: {}</title>\n<style>{CSS}{}</style>\n</head>\n<body>\n",
        html_escape(&rb.plan),
        page_css(rb, id, paper)
    );
    let _ = writeln!(s, "<h1>Migration checklist: {}</h1>", html_escape(&rb.plan));
    let _ = writeln!(
        s,
        "<div class=\"meta\">Destination {} · times in {} · evaluated {}{}<br>Plan {} · fingerprint {}</div>",
        html_escape(&rb.destination),
        html_escape(rb.zone.name()),
        html_escape(&rb.evaluated_at),
        rb.window
            .as_ref()
            .map(|w| format!(" · cutover window {}", html_escape(w)))
            .unwrap_or_default(),
        html_escape(&id.file),
        id.fingerprint
    );
    overview_html(&mut s, rb);
    w.write_all(s.as_bytes())?;
    for (phase, name) in PHASES {
        let mut s = String::new();
        if phase == Phase::Cutover {
            gate_html(&mut s, rb);
        }
        let _ = writeln!(s, "<h2>{name}</h2>");
        let fleet: Vec<&Entry> = entries_of(&rb.fleet, phase).collect();
        if !fleet.is_empty() {
            let _ = writeln!(s, "<h3>Fleet steps, shared by every number</h3>");
            for e in fleet {
                step_html(&mut s, rb, e);
            }
        }
        for section in &rb.sections {
            let steps: Vec<&Entry> = entries_of(&section.stages, phase).collect();
            if steps.iter().all(|e| e.status == StepStatus::NotApplicable) {
                continue;
            }
            let _ = writeln!(s, "<h3>{}</h3>", html_escape(&section.title));
            section_meta_html(&mut s, section, phase);
            for e in steps {
                if e.status != StepStatus::NotApplicable {
                    step_html(&mut s, rb, e);
                }
            }
        }
        w.write_all(s.as_bytes())?;
    }
    let mut s = String::new();
    if rb.sections.iter().any(|x| x.numbers.len() > 1) {
        let _ = writeln!(s, "<h2>Appendix: the numbers of each group</h2>");
        for section in rb.sections.iter().filter(|x| x.numbers.len() > 1) {
            let _ = writeln!(
                s,
                "<h3>{}</h3>\n<div class=\"numbers\">{}</div>",
                html_escape(&section.title),
                section
                    .numbers
                    .iter()
                    .map(|n| html_escape(n))
                    .collect::<Vec<_>>()
                    .join("<br>")
            );
        }
    }
    s.push_str("</body>\n</html>\n");
    w.write_all(s.as_bytes())
}

fn overview_html(s: &mut String, rb: &Runbook) {
    let _ = writeln!(
        s,
        "<h2>Fleet overview</h2>\n<table>\n<thead><tr><th>Numbers</th><th>Source</th><th>State</th><th>Earliest cutover</th><th>Downtime</th><th>Open steps</th></tr></thead>\n<tbody>"
    );
    for section in &rb.sections {
        let open = section
            .stages
            .iter()
            .flat_map(|x| &x.entries)
            .filter(|e| {
                matches!(
                    e.status,
                    StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress
                )
            })
            .count();
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{open}</td></tr>",
            html_escape(&section.title),
            html_escape(&section.source),
            state_words(section.state),
            section
                .earliest_cutover
                .as_deref()
                .map_or_else(|| "started".to_string(), html_escape),
            html_escape(section.downtime.split(". ").next().unwrap_or_default()),
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");
}

fn section_meta_html(s: &mut String, section: &Section, phase: Phase) {
    let mut parts = vec![format!(
        "{} · {}",
        html_escape(&section.source),
        state_words(section.state)
    )];
    if section.numbers.len() > 1 {
        parts.push(format!(
            "{} numbers that read the same; every number is listed in the appendix",
            section.numbers.len()
        ));
    }
    if phase == Phase::Cutover {
        parts.push(format!("Downtime: {}", html_escape(&section.downtime)));
        parts.push(format!("Billing: {}", html_escape(&section.billing)));
    }
    let _ = writeln!(s, "<p class=\"section-meta\">{}</p>", parts.join("<br>"));
}

fn step_html(s: &mut String, rb: &Runbook, e: &Entry) {
    let done = e.status == StepStatus::Done;
    let mut class = String::from("step");
    if done {
        class.push_str(" done");
    }
    if e.point_of_no_return {
        class.push_str(" pnr");
    }
    let _ = writeln!(s, "<div class=\"{class}\">");
    if e.point_of_no_return {
        let _ = writeln!(s, "<div class=\"pnr-mark\">POINT OF NO RETURN</div>");
    }
    let _ = writeln!(
        s,
        "<div class=\"head\"><span class=\"box\">{}</span><span class=\"title\">{}</span></div>",
        if done { "✓" } else { "" },
        html_escape(&e.title)
    );
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or_else(|| "—".to_string(), |t| html_escape(&moment(t, rb.zone)))
    };
    let _ = writeln!(
        s,
        "<div class=\"facts\"><div><b>Owner</b> {}</div><div><b>Earliest start</b> {}</div><div><b>Due</b> {}</div><div><b>Lead time</b> {}</div><div style=\"grid-column: span 2\"><b>Status</b> {}</div></div>",
        e.owner,
        when(e.earliest_start),
        when(e.due),
        html_escape(e.duration.as_deref().unwrap_or("—")),
        html_escape(&status_text(e))
    );
    let _ = writeln!(
        s,
        "<div class=\"todo\">What to do: {}</div>",
        html_escape(&e.action)
    );
    for c in &e.callouts {
        let _ = writeln!(s, "<div class=\"callout\">{}</div>", html_escape(c));
    }
    let _ = writeln!(
        s,
        "<div class=\"signoff\"><span>Name</span><span>Date and time</span><span>Initials</span></div>\n</div>"
    );
}

fn gate_html(s: &mut String, rb: &Runbook) {
    let _ = writeln!(
        s,
        "<div class=\"gate\">\n<h2>Go / no-go before the cutover</h2>\n<p>Confirm each point; the cutover starts only on a go.</p>\n<ul>"
    );
    for item in gate(rb) {
        let _ = writeln!(s, "<li>{}</li>", html_escape(&item));
    }
    let _ = writeln!(
        s,
        "</ul>\n<p class=\"decision\">Decision: ☐ GO  ☐ NO-GO</p>\n<div class=\"signoff\"><span>Name</span><span>Date and time</span><span>Initials</span></div>\n</div>"
    );
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
            state_words(section.state),
            section.earliest_cutover.as_deref().unwrap_or("started"),
            markdown_escape(section.downtime.split(". ").next().unwrap_or_default())
        );
    }
    s.push('\n');
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
        let fleet: Vec<&Entry> = entries_of(&rb.fleet, phase).collect();
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
        "  Owner: {} · Earliest start: {} · Due: {} · Lead time: {}  ",
        e.owner,
        when(e.earliest_start),
        when(e.due),
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
