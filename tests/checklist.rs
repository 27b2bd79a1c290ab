//! `wamigrate checklist`: snapshots of the Markdown, a self-contained HTML page, and the HTML
//! printed to PDF by headless Chromium, checked with poppler's `pdfinfo` and `pdftotext`.
//!
//! Without Chromium the print test prints a skip note, and fails only when
//! `WAMIGRATE_REQUIRE_BROWSER=1` (CI sets it, and installs Chromium).

use std::process::Command;

#[path = "support/print.rs"]
mod print;
use print::{can_print, print_to_pdf};

#[path = "support/run.rs"]
mod runner;
use runner::run;

/// The evaluation moment of every checklist here (local time in the plan's zone).
const AT: &str = "2026-11-25T12:00";

#[test]
fn checklist_markdown_snapshots() {
    for plan in ["bsp", "fleet"] {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["checklist", &path, "--at", AT, "--format", "markdown"]);
        assert_eq!(code, 0, "{stderr}");
        insta::assert_snapshot!(format!("{plan}-checklist-markdown"), stdout);
    }
}

#[test]
fn html_is_self_contained_with_print_rules_gate_and_point_of_no_return() {
    let (code, html, stderr) = run(&["checklist", "plans/fleet.yaml", "--at", AT]);
    assert_eq!(code, 0, "{stderr}");
    for forbidden in [
        "<script", "<link", "src=", "http://", "https://", "@import", "url(",
    ] {
        assert!(!html.contains(forbidden), "external or script: {forbidden}");
    }
    for wanted in [
        "@page { size: A4;",
        "break-inside: avoid",
        "counter(page)",
        "counter(pages)",
        "Go / no-go before the cutover",
        "POINT OF NO RETURN",
        "Billing hand-over",
        "Fleet overview",
        "Initials",
    ] {
        assert!(html.contains(wanted), "missing {wanted}");
    }
    // The fingerprint is the journal's: `sha256:` and 16 letters, matching the plan's text.
    let plan_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/fleet.yaml"),
    )
    .expect("the plan");
    let expected = wamigrate::journal::fingerprint(&plan_text);
    assert!(
        html.contains(&format!("fingerprint {expected}")),
        "the footer names {expected}"
    );
    // The page footer (a CSS margin box) names it once: the fingerprint carries its own
    // `sha256:` prefix, which the footer once printed twice on every page.
    assert!(
        html.contains(&format!(
            "content: \"Plan plans/fleet.yaml {expected} \\00b7"
        )),
        "the page footer names {expected}"
    );
    assert!(!html.contains("sha256:sha256:"), "the prefix printed twice");
    // The overview's earliest-cutover dates are kept on one line when printed.
    assert!(html.contains("<td class=\"when\">Fri 2026-11-27 12:00 CET</td>"));
    assert!(html.contains("td.when { white-space: nowrap; }"));
    let (_, letter, _) = run(&[
        "checklist",
        "plans/fleet.yaml",
        "--at",
        AT,
        "--paper",
        "letter",
    ]);
    assert!(letter.contains("@page { size: letter;"));
}

#[test]
fn output_file_is_written() {
    let dir = std::env::temp_dir().join(format!("wamigrate-checklist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("c.html");
    let (code, stdout, stderr) = run(&[
        "checklist",
        "plans/bsp.yaml",
        "--at",
        AT,
        "-o",
        file.to_str().expect("UTF-8 path"),
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let html = std::fs::read_to_string(&file).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_file_that_is_the_plan_or_its_journal_is_refused_and_left_alone() {
    let dir = std::env::temp_dir().join(format!("wamigrate-checklist-self-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = dir.join("plan.yaml");
    let journal = dir.join("plan.journal");
    let original = std::fs::read_to_string("plans/bsp.yaml").expect("example plan");
    std::fs::write(&plan, &original).expect("write plan");
    std::fs::write(&journal, "").expect("write journal");
    // The same files, spelled differently, or under another name (a hard link: found by a
    // hostile tester, `-o` on one overwrote the journal).
    let plan_again = dir.join(".").join("plan.yaml");
    let journal_linked = dir.join("journal-link.txt");
    let plan_linked = dir.join("plan-link.html");
    let _ = std::fs::remove_file(&journal_linked);
    let _ = std::fs::remove_file(&plan_linked);
    std::fs::hard_link(&journal, &journal_linked).expect("hard link");
    std::fs::hard_link(&plan, &plan_linked).expect("hard link");
    for output in [&plan, &plan_again, &journal, &journal_linked, &plan_linked] {
        let (code, stdout, stderr) = run(&[
            "checklist",
            plan.to_str().expect("UTF-8 path"),
            "--at",
            AT,
            "-o",
            output.to_str().expect("UTF-8 path"),
        ]);
        assert_eq!(code, 2, "{stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("would overwrite it"), "{stderr}");
    }
    assert_eq!(std::fs::read_to_string(&plan).expect("plan"), original);
    assert_eq!(std::fs::read_to_string(&journal).expect("journal"), "");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_file_masks_what_standard_output_masks() {
    // A PIN in the plan file's name is masked wherever the name is shown; `-o` wrote the
    // checklist around the mask, so the file named it in clear while standard output did not.
    let dir = std::env::temp_dir().join(format!("wamigrate-checklist-pin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = dir.join("pin-482913.yaml");
    std::fs::write(
        &plan,
        std::fs::read_to_string("plans/bsp.yaml").expect("example plan"),
    )
    .expect("write plan");
    let file = dir.join("c.md");
    let plan_arg = plan.to_str().expect("UTF-8 path");
    let args = ["checklist", plan_arg, "--at", AT, "--format", "markdown"];
    let (code, stdout, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("482913"), "{stdout}");
    let (code, _, stderr) = run(&[&args[..], &["-o", file.to_str().expect("UTF-8 path")]].concat());
    assert_eq!(code, 0, "{stderr}");
    let written = std::fs::read_to_string(&file).expect("written");
    assert!(!written.contains("482913"), "{written}");
    assert_eq!(written, stdout);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn output_file_where_the_journal_will_be_kept_is_refused_before_it_exists() {
    // `record` creates the journal beside the plan; a checklist written there first made every
    // later command fail on 150 "journal-bad-line" errors.
    let dir = std::env::temp_dir().join(format!(
        "wamigrate-checklist-journal-{}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = dir.join("plan.yaml");
    std::fs::write(
        &plan,
        std::fs::read_to_string("plans/bsp.yaml").expect("example plan"),
    )
    .expect("write plan");
    let journal = dir.join("plan.journal");
    let named = dir.join("other.journal");
    let plan_arg = plan.to_str().expect("UTF-8 path");
    let cases: [(&std::path::Path, &[&str]); 3] = [
        (&journal, &[]),
        (&journal, &["--no-journal"]),
        (&named, &["--journal", named.to_str().expect("UTF-8 path")]),
    ];
    for (output, extra) in cases {
        let mut args = vec![
            "checklist",
            plan_arg,
            "--at",
            AT,
            "-o",
            output.to_str().expect("UTF-8 path"),
        ];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = run(&args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(stderr.contains("journal is kept"), "{stderr}");
        assert!(!output.exists(), "{args:?} wrote {}", output.display());
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Writes the checklist of `plans/<plan>.yaml` (with `extra` arguments) and prints it to PDF
/// with Chromium: the HTML and the PDF.
fn print_checklist(plan: &str, extra: &[&str]) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("wamigrate-print-{plan}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let html = dir.join(format!("{plan}.html"));
    let pdf = dir.join(format!("{plan}.pdf"));
    let source = format!("plans/{plan}.yaml");
    let mut args = vec!["checklist", source.as_str(), "--at", AT];
    args.extend_from_slice(extra);
    args.extend(["-o", html.to_str().expect("UTF-8 path")]);
    let (code, _, stderr) = run(&args);
    assert_eq!(code, 0, "{stderr}");
    print_to_pdf(&dir, &html, &pdf);
    (html, pdf)
}

#[test]
fn chromium_prints_every_step_title_and_owner_of_the_bsp_plan() {
    if !can_print() {
        return;
    }
    let (_, pdf) = print_checklist("bsp", &[]);
    let dir = pdf.parent().expect("the print's folder").to_path_buf();
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|p| p.trim().parse().ok())
        .expect("a page count");
    assert!((2..=8).contains(&pages), "{pages} pages for one number");
    assert!(info.contains("(A4)"), "{info}");
    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    // Words as printed, whatever the line breaks.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let (_, json, _) = run(&["dry-run", "plans/bsp.yaml", "--at", AT, "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let mut steps: Vec<&serde_json::Value> = report["fleet_steps"]
        .as_array()
        .expect("fleet")
        .iter()
        .collect();
    steps.extend(report["numbers"][0]["steps"].as_array().expect("steps"));
    let mut checked = 0;
    for step in steps
        .into_iter()
        .filter(|s| s["status"] != "not_applicable")
    {
        let title = report["step_definitions"][step["step"].as_str().expect("id")]["title"]
            .as_str()
            .expect("title");
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&title), "title `{title}` not printed");
        let owner = step["owner"].as_str().expect("owner");
        assert!(
            flat.contains(&format!("Owner {owner}")),
            "owner {owner} not printed"
        );
        checked += 1;
    }
    assert!(checked >= 8, "{checked} steps checked");
    assert!(
        flat.contains(&format!("Page 1 of {pages}")),
        "page numbers printed"
    );
    assert!(
        flat.contains("Contoso support line from 360dialog"),
        "header printed"
    );
    let plan_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"),
    )
    .expect("the plan");
    let fingerprint = wamigrate::journal::fingerprint(&plan_text);
    assert!(
        flat.contains(&format!("Plan plans/bsp.yaml {fingerprint} · evaluated")),
        "the page footer names {fingerprint} once"
    );
    // The overview's earliest cutover is printed on one line, not cut at a date's hyphen.
    assert!(
        text.lines()
            .any(|l| l.contains("Wed 2026-11-25 12:00 CET") && l.contains("+4930901820")),
        "the overview's date is cut"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_fleet_step_that_does_not_apply_gets_no_sign_off_line() {
    // A number's steps that do not apply were left out, but the fleet's were printed with a
    // checkbox and a sign-off line: `plans/bsp.yaml` has no implementation partner, yet the
    // printed checklist asked someone to sign off giving one access to the WABA.
    for format in ["markdown", "html"] {
        let (code, stdout, stderr) = run(&[
            "checklist",
            "plans/bsp.yaml",
            "--at",
            AT,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        for title in [
            "Give the implementation partner access",
            "Verify the business in Meta",
        ] {
            assert!(!stdout.contains(title), "{format}: `{title}` printed");
        }
        assert!(stdout.contains("Get admin access to the Meta business portfolio"));
    }
}

#[test]
fn a_window_that_cannot_hold_is_printed_in_the_overview_and_before_the_steps() {
    let (code, md, stderr) = run(&[
        "checklist",
        "plans/fleet.yaml",
        "--at",
        AT,
        "--format",
        "markdown",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.contains("| +494030039900 (4th Coffee HH) | engage | blocked; window cannot hold |"),
        "{md}"
    );
    assert!(
        md.contains("| +41446681800 (Fourth Coffee Zürich) | genesys | ready for cutover |"),
        "a window that holds adds nothing to the state: {md}"
    );
    let reason = "Window: cannot hold: the earliest safe cutover (Fri 2026-11-27 12:00 CET) is after the window starts (Wed 2026-11-25 12:30 CET)";
    assert!(md.contains(reason), "{md}");
    let (code, html, stderr) = run(&["checklist", "plans/fleet.yaml", "--at", AT]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        html.contains("<td>blocked; window cannot hold</td>"),
        "{html}"
    );
    assert!(html.contains(reason), "{html}");
}

#[test]
fn chromium_never_leaves_a_heading_alone_at_the_foot_of_a_page() {
    // A fleet section's heading and its facts were printed at the foot of a Letter page, its
    // steps on the next one (the Cutover heading, at another moment).
    if !can_print() {
        return;
    }
    let (html, pdf) = print_checklist("fleet", &["--paper", "letter"]);
    let dir = pdf.parent().expect("the print's folder").to_path_buf();
    // The headings of the phases and their sections, as the page has them: each comes before
    // steps (the overview, the go/no-go gate and the appendix do not).
    let page = std::fs::read_to_string(&html).expect("the HTML");
    let phases = page.split_once("</table>").expect("the overview").1;
    let phases = phases.split("<h2>Appendix").next().unwrap_or(phases);
    let headings: Vec<String> = phases
        .split("<h")
        .skip(1)
        .filter(|h| h.starts_with("2>") || h.starts_with("3>"))
        .filter_map(|h| h.get(2..)?.split("</h").next())
        .map(|h| h.replace("&#39;", "'").replace("&amp;", "&"))
        .filter(|h| !h.contains('<') && !h.contains('&') && !h.starts_with("Go / no-go"))
        .collect();
    assert!(headings.iter().any(|h| h == "Cutover"), "{headings:?}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    let mut checked = 0;
    for (number, page) in text.split('\u{c}').enumerate() {
        let lines: Vec<&str> = page.lines().map(str::trim).collect();
        let Some(last) = lines.iter().rposition(|l| headings.iter().any(|h| h == l)) else {
            continue;
        };
        checked += 1;
        assert!(
            lines[last..].iter().any(|l| l.starts_with("Owner")),
            "page {}: `{}` is printed without a step after it",
            number + 1,
            lines[last]
        );
    }
    assert!(checked >= 5, "{checked} pages with headings");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn late_steps_are_marked_late_as_dry_run_says_it_in_every_rendering() {
    // A tester's report: dry-run said "late by 15h30" for a step whose checklist and runbook
    // lines showed only "earliest start: Wed ... 12:00 · due: Mon ... 12:30", unflagged. Every
    // lateness dry-run prints is printed, in its words, beside the due date of each rendering.
    let args = |command: &'static str, format: &'static str| {
        run(&[command, "plans/fleet.yaml", "--at", AT, "--format", format])
    };
    let (_, dry_run, _) = args("dry-run", "text");
    let mut lateness: Vec<&str> = dry_run
        .match_indices("late by ")
        .map(|(i, _)| {
            let rest = &dry_run[i..];
            &rest[..rest.find(['\n', ';']).unwrap_or(rest.len())]
        })
        .collect();
    lateness.sort_unstable();
    lateness.dedup();
    assert!(lateness.contains(&"late by 15h30"), "{dry_run}");
    let (_, markdown, _) = args("checklist", "markdown");
    let (_, html, _) = args("checklist", "html");
    let (_, runbook_md, _) = args("runbook", "markdown");
    let (_, runbook_html, _) = args("runbook", "html");
    for late in lateness {
        assert!(
            markdown.contains(&format!(" **{late}** · Lead time")),
            "{late}"
        );
        assert!(
            html.contains(&format!(" <strong class=\"late\">{late}</strong></div>")),
            "{late}"
        );
        for runbook in [&runbook_md, &runbook_html] {
            assert!(runbook.contains(&format!(" CET, {late}")), "{late}");
        }
    }
    assert!(
        markdown.contains("Due: Mon 2026-11-23 12:30 CET **late by 15h30** · Lead time: 1bd..3bd")
    );
}

#[test]
fn the_checklist_says_once_why_no_step_is_due_how_lead_times_read_and_what_a_cutover_did() {
    // A tester's report: without a cutover window every step read `Due: —` unexplained,
    // `1bd..3bd` was printed unexplained, and the overview's "Earliest cutover" said "started"
    // for numbers that are live or complete.
    let no_due = "No due dates (Due: —): a due date is the latest start";
    let legend = "1bd..3bd reads 1 to 3 business days";
    for format in ["markdown", "html"] {
        let (code, bsp, stderr) = run(&[
            "checklist",
            "plans/bsp.yaml",
            "--at",
            AT,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            bsp.contains("Due: —") || bsp.contains("<b>Due</b> —"),
            "{format}"
        );
        assert_eq!(bsp.matches(no_due).count(), 1, "{format}: {bsp}");
        assert_eq!(bsp.matches(legend).count(), 1, "{format}");
        let (code, fleet, stderr) = run(&[
            "checklist",
            "plans/fleet.yaml",
            "--at",
            AT,
            "--format",
            format,
        ]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            !fleet.contains(no_due),
            "{format}: the fleet plan has a window"
        );
        assert_eq!(fleet.matches(legend).count(), 1, "{format}");
        // The fleet plan's Berlin numbers are complete and live: their cutover is done.
        for state in ["complete", "live"] {
            let row = fleet
                .lines()
                .find(|l| {
                    l.contains("Fourth Coffee Berlin")
                        && (l.contains(&format!("| {state} |"))
                            || l.contains(&format!("<td>{state}</td>")))
                })
                .unwrap_or_else(|| panic!("{format}: a {state} row"));
            assert!(row.contains("done (live on Genesys Cloud)"), "{row}");
            assert!(!row.contains("started"), "{row}");
        }
    }
}
