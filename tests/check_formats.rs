//! `check --format github` and `--format sarif`: the same diagnostics as text and JSON, in the
//! shapes CI reads, each located where the JSON locates it, and never holding a PIN.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

/// `check PLAN --format FORMAT`: exit code, and standard error then standard output.
fn check(plan: &str, format: &str) -> (i32, String) {
    let output = cargo_bin_cmd!("wamigrate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["check", plan, "--format", format])
        .output()
        .expect("wamigrate runs");
    // Text writes its diagnostics to standard error; the CI formats keep it empty.
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(format == "text" || stderr.is_empty(), "{format}: {stderr}");
    (
        output.status.code().unwrap_or(-1),
        stderr + &String::from_utf8(output.stdout).expect("UTF-8"),
    )
}

fn fixtures() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/invalid");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .filter(|n| Path::new(n).extension().is_some_and(|e| e == "yaml"))
        .map(|n| format!("tests/fixtures/invalid/{n}"))
        .collect();
    names.sort();
    names
}

/// A plan with three errors, one of them pointing at a second place.
const PLAN: &str = "tests/fixtures/invalid/duplicate-number.yaml";

#[test]
fn github_annotations_of_an_invalid_plan() {
    let (code, out) = check(PLAN, "github");
    assert_eq!(code, 1);
    insta::assert_snapshot!("check-github-duplicate-number", out);
    let (_, out) = check("tests/fixtures/invalid/dependency-cycle.yaml", "github");
    insta::assert_snapshot!("check-github-dependency-cycle", out);
}

#[test]
fn sarif_of_an_invalid_plan() {
    let (code, out) = check(PLAN, "sarif");
    assert_eq!(code, 1);
    insta::assert_snapshot!("check-sarif-duplicate-number", out);
}

/// The parts of SARIF 2.1.0 a viewer needs, checked field by field.
fn assert_sarif_structure(log: &Value, name: &str) {
    assert_eq!(log["version"], "2.1.0", "{name}");
    assert!(
        log["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0")),
        "{name}"
    );
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1, "{name}");
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "wamigrate", "{name}");
    assert_eq!(run["columnKind"], "unicodeCodePoints", "{name}");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{name}: a rule listed twice");
    for rule in rules {
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap_or("")
                .is_empty(),
            "{name}"
        );
    }
    for result in run["results"].as_array().expect("results") {
        let id = result["ruleId"].as_str().expect("ruleId");
        let index =
            usize::try_from(result["ruleIndex"].as_u64().expect("ruleIndex")).expect("fits");
        assert_eq!(ids[index], id, "{name}");
        assert!(
            matches!(result["level"].as_str(), Some("error" | "warning")),
            "{name}"
        );
        assert!(
            !result["message"]["text"].as_str().unwrap_or("").is_empty(),
            "{name}"
        );
        let place = &result["locations"][0]["physicalLocation"];
        assert!(
            place["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| Path::new(u).extension().is_some_and(|e| e == "yaml")),
            "{name}"
        );
        if let Some(region) = place.get("region") {
            assert!(
                region["startLine"].as_u64().is_some_and(|l| l >= 1),
                "{name}"
            );
            assert!(
                region["startColumn"].as_u64().is_some_and(|c| c >= 1),
                "{name}"
            );
        }
    }
}

#[test]
fn every_format_locates_every_diagnostic_the_json_locates() {
    for plan in fixtures() {
        let (json_code, json) = check(&plan, "json");
        let json: Value = serde_json::from_str(&json).expect("JSON");
        let diagnostics = json["diagnostics"].as_array().expect("diagnostics");
        let places: Vec<(Value, Value, Value)> = diagnostics
            .iter()
            .map(|d| (d["code"].clone(), d["line"].clone(), d["column"].clone()))
            .collect();

        let (sarif_code, sarif) = check(&plan, "sarif");
        assert_eq!(sarif_code, json_code, "{plan}");
        let sarif: Value = serde_json::from_str(&sarif).expect("SARIF is JSON");
        assert_sarif_structure(&sarif, &plan);
        let results = sarif["runs"][0]["results"].as_array().expect("results");
        assert_eq!(results.len(), places.len(), "{plan}");
        for (result, (code, line, column)) in results.iter().zip(&places) {
            assert_eq!(&result["ruleId"], code, "{plan}");
            let region = &result["locations"][0]["physicalLocation"]["region"];
            assert_eq!(&region["startLine"], line, "{plan}");
            assert_eq!(&region["startColumn"], column, "{plan}");
        }

        let (github_code, github) = check(&plan, "github");
        assert_eq!(github_code, json_code, "{plan}");
        let lines: Vec<&str> = github.lines().collect();
        assert_eq!(lines.len(), places.len(), "{plan}:\n{github}");
        for (line_text, (code, line, column)) in lines.iter().zip(&places) {
            assert!(
                line_text.starts_with("::error ") || line_text.starts_with("::warning "),
                "{line_text}"
            );
            assert!(
                line_text.contains(&format!(",title={}::", code.as_str().expect("code"))),
                "{line_text}"
            );
            if line.is_null() {
                assert!(!line_text.contains(",line="), "{line_text}");
            } else {
                assert!(
                    line_text.contains(&format!(",line={line},col={column}")),
                    "{line_text}"
                );
            }
        }
    }
}

#[test]
fn no_format_repeats_the_pin() {
    let plan = "tests/fixtures/invalid/pin-in-plan.yaml";
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(plan)).expect("fixture");
    assert!(
        text.contains("482915"),
        "the fixture holds the PIN it tests for"
    );
    for format in ["text", "json", "github", "sarif"] {
        let (code, out) = check(plan, format);
        if format != "text" {
            assert!(out.contains("pin-in-plan"), "{format}: {out}");
        }
        assert_eq!(code, 1);
        assert!(!out.contains("482915"), "{format}: {out}");
    }
}

#[test]
fn a_file_that_cannot_be_read_is_still_reported() {
    let (code, github) = check("no/such/plan.yaml", "github");
    assert_eq!(code, 1);
    assert!(
        github.starts_with("::error file=no/such/plan.yaml,title=unreadable-file::"),
        "{github}"
    );
    let (_, sarif) = check("no/such/plan.yaml", "sarif");
    let sarif: Value = serde_json::from_str(&sarif).expect("JSON");
    assert_sarif_structure(&sarif, "missing file");
    assert!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
            .get("region")
            .is_none()
    );
}

#[test]
fn a_valid_plan_gives_its_warnings_and_exits_0() {
    let (code, github) = check("plans/bsp.yaml", "github");
    assert_eq!(code, 0);
    assert!(
        github.starts_with("::warning file=plans/bsp.yaml,line="),
        "{github}"
    );
    let (code, sarif) = check("plans/bsp.yaml", "sarif");
    assert_eq!(code, 0);
    let sarif: Value = serde_json::from_str(&sarif).expect("JSON");
    assert_eq!(sarif["runs"][0]["results"][0]["level"], "warning");
}
