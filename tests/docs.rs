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
    let missing: Vec<&String> = fields
        .iter()
        .filter(|f| !text.contains(&format!("`{f}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/json-output.md does not name: {missing:?}"
    );
}
