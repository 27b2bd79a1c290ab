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

/// The rows of a Markdown table that follows `heading` in `page` (the `n`th table after it),
/// each row's cells trimmed.
fn table_rows(page: &str, heading: &str, n: usize) -> Vec<Vec<String>> {
    let section = page.split(heading).nth(1).expect("the section");
    let mut tables = Vec::new();
    let mut lines = section.lines().peekable();
    while let Some(line) = lines.next() {
        if line.starts_with("|---") {
            let mut rows = Vec::new();
            while let Some(row) = lines.next_if(|l| l.starts_with('|')) {
                let cells = row.trim_matches('|').split(" | ");
                rows.push(cells.map(|c| c.trim().to_string()).collect());
            }
            tables.push(rows);
        }
    }
    tables.swap_remove(n)
}

/// The value sets of each document of journal.md's "JSON versions", as of its version: a value
/// added to a set raises that document's version (json-output.md, "Compatibility"). `status` 2
/// and `record` 2 came late: `not_kept` and `implementation-partner` had joined their sets under
/// version 1.
const RUNNER_VALUE_SETS: [(&str, u32, &str); 4] = [
    (
        "record",
        2,
        "\
owner (`now_ready[].owner`): `customer`, `source-partner`, `genesys`, `meta`, `carrier`, `implementation-partner`
event (`event.event`): `started`, `done`, `failed`, `skipped`, `undone`
severity (`problems[].severity`): `error`, `warning`
",
    ),
    (
        "status",
        2,
        "\
number state (`numbers[].state`): `blocked`, `ready_for_cutover`, `cutting_over`, `live`, `complete`
window verdict (`numbers[].window`, `summary.window`): `none`, `holds`, `not_kept`, `at_risk`, `cannot_hold`, `passed`
owner (`owner`): `customer`, `source-partner`, `genesys`, `meta`, `carrier`, `implementation-partner`
",
    ),
    (
        "billing",
        1,
        "\
payer role (`numbers[].role`): `source-partner`, `genesys`, `none`
",
    ),
    (
        "journal",
        1,
        "\
event (`events[].event`): `started`, `done`, `failed`, `skipped`, `undone`
fate (`events[].fate`): `counted`, `retracted`, `later`, `conflict`, `unknown_entry`
severity (`problems[].severity`): `error`, `warning`
",
    ),
];

#[test]
fn a_runner_value_set_changes_only_with_its_documents_format_version() {
    let page = doc("journal.md");
    let in_code = [
        ("record", wamigrate::journal::RECORD_FORMAT_VERSION),
        ("status", wamigrate::report::status::STATUS_FORMAT_VERSION),
        ("billing", wamigrate::report::status::BILLING_FORMAT_VERSION),
        ("journal", wamigrate::journal::JOURNAL_FORMAT_VERSION),
    ];
    let versions = table_rows(&page, "## JSON versions", 0);
    let sets = table_rows(&page, "## JSON versions", 1);
    let documented: Vec<(&str, u32, String)> = in_code
        .iter()
        .map(|&(name, version)| {
            let quoted = format!("`{name}`");
            let row = versions
                .iter()
                .find(|r| r[0].starts_with(&quoted))
                .unwrap_or_else(|| panic!("journal.md gives no version for {name}"));
            assert_eq!(
                row[1],
                version.to_string(),
                "journal.md gives {name} another version than the code"
            );
            let mut rows = String::new();
            for r in sets.iter().filter(|r| r[0] == quoted) {
                rows.push_str(&r[1]);
                rows.push_str(": ");
                rows.push_str(&r[2]);
                rows.push('\n');
            }
            (name, version, rows)
        })
        .collect();
    let pinned: Vec<(&str, u32, String)> = RUNNER_VALUE_SETS
        .iter()
        .map(|&(name, version, rows)| (name, version, rows.to_string()))
        .collect();
    assert_eq!(
        documented, pinned,
        "a value set changed: raise that document's version (src/report/status.rs or src/journal/mod.rs, journal.md) and pin its rows here with the new version"
    );
}

#[test]
fn a_value_set_status_shares_with_dry_run_has_dry_runs_values() {
    // `status` writes `dry-run`'s summary and the same enums: a verdict added to `dry-run`'s
    // table must reach `status`'s, whose pinned rows then ask for a new `status` version.
    let name = |cell: &str| cell.split(" (").next().unwrap_or(cell).to_string();
    let dry_run: Vec<(String, String)> = table_rows(&doc("json-output.md"), "## Value sets", 0)
        .into_iter()
        .map(|r| (name(&r[0]), r[1].clone()))
        .collect();
    let mut shared = 0;
    for row in table_rows(&doc("journal.md"), "## JSON versions", 1) {
        if let Some((_, values)) = dry_run.iter().find(|(n, _)| *n == name(&row[1])) {
            assert_eq!(&row[2], values, "journal.md's {} row of {}", row[1], row[0]);
            shared += 1;
        }
    }
    assert!(shared >= 5, "only {shared} shared value sets found");
}
