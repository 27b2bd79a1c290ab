//! The documentation matches the code: every diagnostic and warning code has a section in
//! docs/diagnostics.md, and every field the JSON outputs can contain is named in
//! docs/json-output.md.

use std::collections::BTreeSet;

use assert_cmd::Command;

fn doc(name: &str) -> String {
    std::fs::read_to_string(format!("{}/docs/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("the docs page exists")
}

#[test]
fn every_code_has_a_section_in_diagnostics_md() {
    let text = doc("diagnostics.md");
    let missing: Vec<&str> = wamigrate::pipeline::all_codes()
        .into_iter()
        .filter(|code| !text.contains(&format!("### `{code}`")))
        .collect();
    assert!(missing.is_empty(), "docs/diagnostics.md lacks: {missing:?}");
}

/// Objects whose keys are data (step ids, source kinds), not field names.
const MAPS: &[&str] = &["step_definitions", "routes"];

fn keys(value: &serde_json::Value, out: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                match v {
                    serde_json::Value::Object(entries) if MAPS.contains(&k.as_str()) => {
                        entries.values().for_each(|e| keys(e, out));
                    }
                    _ => keys(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

fn json_of(args: &[&str]) -> serde_json::Value {
    let output = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(args)
        .output()
        .expect("the binary runs");
    serde_json::from_slice(&output.stdout).expect("the output is JSON")
}

#[test]
fn every_json_field_is_documented() {
    let text = doc("json-output.md");
    let mut fields = BTreeSet::new();
    keys(
        &json_of(&[
            "dry-run",
            "plans/fleet.yaml",
            "--format",
            "json",
            "--at",
            "2026-11-25T12:00:00Z",
        ]),
        &mut fields,
    );
    keys(
        &json_of(&["check", "plans/fleet.yaml", "--format", "json"]),
        &mut fields,
    );
    keys(
        &json_of(&[
            "check",
            "tests/fixtures/invalid/duplicate-number.yaml",
            "--format",
            "json",
        ]),
        &mut fields,
    );
    keys(&json_of(&["steps", "--format", "json"]), &mut fields);
    keys(
        &json_of(&[
            "dry-run",
            "plans/fleet.yaml",
            "--owner",
            "genesys",
            "--format",
            "json",
            "--at",
            "2026-11-25T12:00:00Z",
        ]),
        &mut fields,
    );
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !text.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/json-output.md does not name: {missing:?}"
    );
}

/// The route tables of docs/steps.md: (section, step, phase, estimate, sources, comes after) per
/// row, as written.
fn steps_md_rows() -> Vec<(String, Vec<String>)> {
    let text = doc("steps.md");
    let mut section = String::new();
    let mut rows = Vec::new();
    for line in text.lines() {
        if line.starts_with("## Fleet steps") {
            section = "fleet".into();
        } else if let Some(rest) = line.strip_prefix("## `") {
            section = rest.split('`').next().unwrap_or_default().to_string();
        } else if line.starts_with("## ") {
            section.clear();
        } else if line.starts_with("| `") && !section.is_empty() {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            rows.push((section.clone(), cells));
        }
    }
    rows
}

#[test]
fn the_step_tables_in_steps_md_match_the_catalogue() {
    let catalog = json_of(&["steps", "--format", "json"]);
    let mut expected = Vec::new();
    let mut add = |section: &str, s: &serde_json::Value| {
        let list = |key: &str, quote: bool| {
            let items: Vec<String> = s[key]
                .as_array()
                .expect("a list")
                .iter()
                .map(|v| {
                    let v = v.as_str().expect("text");
                    if quote {
                        format!("`{v}`")
                    } else {
                        v.to_string()
                    }
                })
                .collect();
            if items.is_empty() {
                "—".to_string()
            } else {
                items.join(", ")
            }
        };
        expected.push((
            section.to_string(),
            format!("`{}`", s["step"].as_str().expect("an id")),
            s["phase"].as_str().expect("a phase").to_string(),
            s["estimate"].as_str().unwrap_or("—").to_string(),
            list("sources", false),
            list("after", true),
        ));
    };
    for s in catalog["fleet"].as_array().expect("fleet") {
        add("fleet", s);
    }
    for route in catalog["routes"].as_array().expect("routes") {
        let kind = route["source"].as_str().expect("a kind");
        for s in route["steps"].as_array().expect("steps") {
            add(kind, s);
        }
    }
    let written: Vec<_> = steps_md_rows()
        .into_iter()
        .map(|(section, c)| {
            (
                section,
                c[0].clone(),
                c[1].clone(),
                c[4].clone(),
                c[6].clone(),
                c[7].clone(),
            )
        })
        .collect();
    assert_eq!(
        written, expected,
        "docs/steps.md's tables drifted from `wamigrate steps --format json`"
    );
}

#[test]
fn the_annotated_example_in_plan_format_md_checks_as_the_page_says() {
    let page = doc("plan-format.md");
    let section = &page[page
        .find("## A complete, annotated example")
        .expect("the section")..];
    let start = section.find("```yaml\n").expect("a yaml block") + "```yaml\n".len();
    let end = start + section[start..].find("```\n").expect("the block's end");
    let dir = std::env::temp_dir().join(format!("wamigrate-docs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    let plan = dir.join("full.yaml");
    std::fs::write(&plan, &section[start..end]).expect("written");
    let output = Command::cargo_bin("wamigrate")
        .expect("the binary")
        .current_dir(&dir)
        .args(["check", "full.yaml"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let ok = stdout.lines().last().expect("an ok line").trim();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    assert!(
        section.contains(&format!("`{ok}`")),
        "plan-format.md quotes another result than `{ok}`"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// The rows of json-output.md's value-set table as of `format_version` 6. A consumer matches on
/// these values, so a value added to a set raises `format_version` (json-output.md,
/// "Compatibility"); version 6's window verdict `not_kept` first came without one.
const VALUE_SETS_OF_THIS_VERSION: (u32, &str) = (
    6,
    "\
| number state (`numbers[].state`) | `blocked`, `ready_for_cutover`, `cutting_over`, `live`, `complete` |
| step status (`status`) | `done`, `in_progress`, `ready`, `waiting`, `not_applicable` |
| window verdict (`window`, `window.verdict`) | `none`, `holds`, `not_kept`, `at_risk`, `cannot_hold`, `passed` |
| clock (`clock`) | `working`, `around` |
| owner (`owner`) | `customer`, `source-partner`, `genesys`, `meta`, `carrier`, `implementation-partner` |
| phase (`phase`) | `prepare`, `cutover`, `after` |
| payer role (`billing.before_role`, `billing.after_role`) | `source-partner`, `genesys`, `none` |
| source kind (`numbers[].source`, `routes[].source`) | `engage`, `bsp`, `genesys`, `app`, `new`, `name_change` |
| severity (`diagnostics[].severity`) | `error`, `warning` |
",
);

#[test]
fn a_value_set_changes_only_with_the_format_version() {
    let page = doc("json-output.md");
    let mut table = String::new();
    for row in page
        .split("## Value sets")
        .nth(1)
        .expect("the value sets section")
        .lines()
        .skip_while(|l| !l.starts_with("|---"))
        .skip(1)
        .take_while(|l| l.starts_with('|'))
    {
        table.push_str(row);
        table.push('\n');
    }
    assert_eq!(
        (wamigrate::report::FORMAT_VERSION, table.as_str()),
        VALUE_SETS_OF_THIS_VERSION,
        "a value set changed: raise `format_version` (src/report/mod.rs, json-output.md) and pin the table here with the new version"
    );
}
