//! Snapshots of every output of every example plan in `plans/`: the dry-run as text and as JSON,
//! and `check`, all evaluated at one fixed moment so the snapshots do not age.
//!
//! Snapshot names are `<plan>-dry-run-text`, `<plan>-dry-run-json` and `<plan>-check`. Review
//! changes with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and `git diff`); read
//! every changed snapshot against the domain rules before accepting it.

use std::fs;
use std::path::PathBuf;

use serde_json::Value;

#[path = "support/run.rs"]
mod runner;
use runner::run;

/// The evaluation moment of every snapshot; every `done` timestamp in `plans/` lies before it.
const AT: &str = "2026-11-25T12:00:00Z";

/// Plans every example set must keep (each demonstrates one source kind or situation).
const REQUIRED: &[&str] = &[
    "app",
    "bsp",
    "bsp-disconnect-ahead",
    "display-name-change",
    "engage",
    "fleet",
    "genesys-region-move",
    "new-direct",
    "new-sms-inventory",
    "new-toll-free-ivr",
    "partner-fleet",
];

/// The stem of every `plans/*.yaml`, sorted.
fn plans() -> Vec<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans");
    let mut stems: Vec<String> = fs::read_dir(dir)
        .expect("plans/ exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            p.file_stem()
                .and_then(|s| s.to_str())
                .expect("UTF-8 name")
                .to_string()
        })
        .collect();
    stems.sort();
    stems
}

#[test]
fn every_required_example_plan_exists() {
    let plans = plans();
    for required in REQUIRED {
        assert!(
            plans.iter().any(|p| p == required),
            "plans/{required}.yaml is missing"
        );
    }
}

#[test]
fn every_example_plan_starts_with_the_schema_line_and_says_what_it_shows() {
    for plan in plans() {
        let text = fs::read_to_string(format!("{}/plans/{plan}.yaml", env!("CARGO_MANIFEST_DIR")))
            .expect("plan");
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("# yaml-language-server: $schema=../docs/plan.schema.json"),
            "plans/{plan}.yaml: first line"
        );
        assert!(
            lines
                .next()
                .is_some_and(|l| l.starts_with("# ") && l.len() > 10),
            "plans/{plan}.yaml: a comment saying what the plan shows"
        );
    }
}

#[test]
fn check_of_every_example_plan() {
    for plan in plans() {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["check", "--color", "never", &path]);
        assert_eq!(code, 0, "{path} is valid:\n{stderr}");
        assert!(!stderr.contains("error["), "{path}: no errors:\n{stderr}");
        // Warnings (templates that will not be copied, ...) go to stderr, the verdict to stdout.
        insta::assert_snapshot!(format!("{plan}-check"), format!("{stderr}{stdout}"));
    }
}

#[test]
fn dry_run_text_of_every_example_plan() {
    for plan in plans() {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["dry-run", &path, "--color", "never", "--at", AT]);
        assert!(code == 0 || code == 3, "{path}: exit {code}\n{stderr}");
        assert_eq!(stderr, "", "{path}: nothing on stderr");
        assert!(
            !stdout.contains('\u{1b}'),
            "{path}: colour with --color never"
        );
        insta::assert_snapshot!(
            format!("{plan}-dry-run-text"),
            format!("exit code: {code}\n\n{stdout}")
        );
    }
}

#[test]
fn dry_run_json_of_every_example_plan() {
    for plan in plans() {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["dry-run", &path, "--format", "json", "--at", AT]);
        assert_eq!(stderr, "", "{path}: nothing on stderr");
        let report: Value = serde_json::from_str(&stdout).expect("JSON");
        assert_eq!(
            report["summary"]["exit_code"], code,
            "{path}: exit code in the report"
        );
        assert_eq!(report["plan"]["evaluated_at"], AT, "{path}");
        insta::assert_snapshot!(format!("{plan}-dry-run-json"), stdout);
    }
}

/// The deliverables of every example plan, in every format, at the same moment: runbook
/// (Markdown, HTML), graph (DOT, Mermaid), checklist (Markdown, HTML), and the runner's `status`
/// and `billing` (text, JSON) of the plan as written (no journal).
#[test]
fn deliverables_and_runner_views_of_every_example_plan() {
    const FORMATS: &[(&str, &[&str])] = &[
        ("runbook-markdown", &["runbook", "--format", "markdown"]),
        ("runbook-html", &["runbook", "--format", "html"]),
        ("graph-dot", &["graph", "--format", "dot"]),
        ("graph-mermaid", &["graph", "--format", "mermaid"]),
        ("checklist-markdown", &["checklist", "--format", "markdown"]),
        ("checklist-html", &["checklist", "--format", "html"]),
        ("status-text", &["status", "--color", "never"]),
        ("status-json", &["status", "--format", "json"]),
        ("billing-text", &["billing", "--color", "never"]),
        ("billing-json", &["billing", "--format", "json"]),
    ];
    for plan in plans() {
        let path = format!("plans/{plan}.yaml");
        for (name, args) in FORMATS {
            let mut all: Vec<&str> = args.to_vec();
            all.extend([path.as_str(), "--at", AT, "--no-journal"]);
            let (code, stdout, stderr) = run(&all);
            assert!(
                [0, 3, 4].contains(&code),
                "{path} {name}: exit {code}\n{stderr}"
            );
            assert!(!stderr.contains("error["), "{path} {name}:\n{stderr}");
            insta::assert_snapshot!(format!("{plan}-{name}"), stdout);
        }
    }
}
