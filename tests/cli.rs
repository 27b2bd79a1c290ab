//! End-to-end tests of the binary: arguments, exit codes, stdout, stderr, colour, stdin.
//!
//! Plans are written inline (or read from `plans/`) and always evaluated with a fixed `--at`, so
//! the results do not depend on the day the tests run.

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;
use wamigrate::eval::NumberState;
use wamigrate::report::FORMAT_VERSION;

/// The evaluation moment of every dry-run here.
const AT: &str = "2026-11-25T12:00:00Z";

/// A plan with nothing left to prepare: a new Genesys Cloud Voice number.
const READY_PLAN: &str = r#"version: 1
plan:
  name: Ready plan
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 30 5557 1000"
    source: {new: {line: genesys_voice}}
"#;

/// The same number while the Meta portfolio access is still missing.
const BLOCKED_PLAN: &str = r#"version: 1
plan:
  name: Blocked plan
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
numbers:
  - number: "+49 30 5557 1000"
    source: {new: {line: genesys_voice}}
"#;

/// A plan with an unknown key.
const INVALID_PLAN: &str = r#"version: 1
plan:
  name: Invalid plan
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
numbers:
  - number: "+49 30 5557 1000"
    sorce: {new: {line: genesys_voice}}
"#;

/// The command, run from the crate root without colour-forcing variables from the caller.
fn wamigrate() -> Command {
    let mut cmd = cargo_bin_cmd!("wamigrate");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("NO_COLOR");
    cmd
}

/// `dry-run -` at [`AT`] with `plan` on stdin, plus `args`.
fn dry_run_stdin(plan: &str, args: &[&str]) -> Command {
    let mut cmd = wamigrate();
    cmd.args(["dry-run", "-", "--at", AT])
        .args(args)
        .write_stdin(plan);
    cmd
}

fn json_of(cmd: &mut Command) -> Value {
    let output = cmd.output().expect("wamigrate runs");
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// A number state as the JSON contract spells it.
fn state(state: NumberState) -> String {
    serde_json::to_value(state)
        .expect("serializes")
        .as_str()
        .expect("a string")
        .to_string()
}

fn has_ansi() -> predicates::str::ContainsPredicate {
    predicate::str::contains("\u{1b}[")
}

// --- exit codes ---------------------------------------------------------------------------------

#[test]
fn a_ready_plan_exits_0() {
    dry_run_stdin(READY_PLAN, &[])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Nothing blocks the cutover."))
        .stderr("");
}

#[test]
fn a_blocked_plan_exits_3() {
    dry_run_stdin(BLOCKED_PLAN, &[])
        .assert()
        .code(3)
        .stdout(predicate::str::contains("meta-portfolio-access"))
        .stderr("");
}

#[test]
fn an_invalid_plan_exits_1_for_dry_run_and_check() {
    dry_run_stdin(INVALID_PLAN, &[])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "error[unknown-key]: unknown key `sorce`",
        ))
        .stderr(predicate::str::contains("--> <stdin>:7:5"));
    wamigrate()
        .args(["check", "-"])
        .write_stdin(INVALID_PLAN)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("= help: did you mean `source`?"));
}

#[test]
fn check_exits_0_for_a_valid_plan_even_when_it_is_blocked() {
    wamigrate()
        .args(["check", "-"])
        .write_stdin(BLOCKED_PLAN)
        .assert()
        .code(0)
        .stdout("ok: <stdin> is valid: 1 number, 16 steps\n")
        .stderr("");
}

#[test]
fn a_missing_plan_file_exits_1() {
    wamigrate()
        .args(["check", "plans/no-such-plan.yaml"])
        .assert()
        .code(1)
        .stderr(
            predicate::str::starts_with("error[unreadable-file]: cannot read the plan").and(
                // Not "is invalid: 1 error": the file was never read.
                predicate::str::ends_with("error: plans/no-such-plan.yaml cannot be read\n"),
            ),
        );
    // A `--journal` that names no file likewise.
    wamigrate()
        .args([
            "dry-run",
            "plans/bsp.yaml",
            "--journal",
            "plans/no-such.journal",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::ends_with(
            "error: plans/no-such.journal cannot be read\n",
        ));
    // `journal` said "no journal yet (`wamigrate record` starts it)" on standard output too,
    // against its own error.
    wamigrate()
        .args([
            "journal",
            "plans/bsp.yaml",
            "--journal",
            "plans/no-such.journal",
        ])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("error[journal-unreadable]"));
}

#[test]
fn an_unknown_flag_exits_2() {
    dry_run_stdin(READY_PLAN, &["--bogus"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--bogus"));
}

#[test]
fn a_bad_format_value_exits_2_and_lists_the_formats() {
    dry_run_stdin(READY_PLAN, &["--format", "xml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("xml").and(predicate::str::contains("json")));
}

#[test]
fn an_unknown_number_exits_2() {
    dry_run_stdin(READY_PLAN, &["--number", "+49 30 5557 9999"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--number: `+49 30 5557 9999` is not a number of <stdin>",
        ));
    dry_run_stdin(READY_PLAN, &["--number", "not a number"])
        .assert()
        .code(2)
        .stdout("");
}

#[test]
fn a_bad_at_exits_2() {
    let dry_run_at = |at: &str| {
        let mut cmd = wamigrate();
        cmd.args(["dry-run", "-", "--at", at])
            .write_stdin(READY_PLAN);
        cmd
    };
    dry_run_at("next tuesday")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--at: `next tuesday` is not a date and time",
        ));
    // 02:30 does not exist in Berlin on the spring-forward night.
    dry_run_at("2026-03-29T02:30")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist in Europe/Berlin"));
}

/// The exit codes `--help` lists, each meaning on one line.
fn exit_codes_in_help() -> Vec<(String, String)> {
    let help = wamigrate().arg("--help").output().expect("runs");
    let help = String::from_utf8(help.stdout).expect("UTF-8");
    let block = help
        .split("Exit codes:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("an Exit codes: block in --help");
    let mut codes: Vec<(String, String)> = Vec::new();
    for line in block.lines() {
        let trimmed = line.trim();
        match trimmed.split_once("  ") {
            Some((code, meaning)) if code.parse::<u8>().is_ok() && line.starts_with("  ") => {
                codes.push((code.to_string(), meaning.to_string()));
            }
            _ => {
                let last = codes.last_mut().expect("a code before its continuation");
                last.1.push(' ');
                last.1.push_str(trimmed);
            }
        }
    }
    codes
}

#[test]
fn help_lists_the_exit_codes() {
    let codes = exit_codes_in_help();
    let starts: Vec<(&str, &str)> = codes
        .iter()
        .map(|(c, m)| (c.as_str(), m.split(' ').next().unwrap_or("")))
        .collect();
    assert_eq!(
        starts,
        [
            ("0", "ready"),
            ("1", "invalid"),
            ("2", "command-line"),
            ("3", "valid"),
            ("4", "the")
        ]
    );
}

#[test]
fn help_and_readme_give_the_same_exit_codes() {
    // The help's list had fallen behind the README's (a refused `record`, `init --from-csv`
    // problems, a plan with no numbers yet): both now say the same, the README with backticks.
    let readme = std::fs::read_to_string("README.md").expect("README.md");
    let table = readme
        .split("## Exit codes\n")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("an Exit codes section in README.md");
    let rows: Vec<(String, String)> = table
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").collect();
            match cells.as_slice() {
                [code, meaning] if code.trim().parse::<u8>().is_ok() => {
                    Some((code.trim().to_string(), meaning.trim().replace('`', "")))
                }
                _ => None,
            }
        })
        .collect();
    assert_eq!(rows.len(), 5, "{table}");
    assert_eq!(exit_codes_in_help(), rows);
}

// --- JSON ---------------------------------------------------------------------------------------

#[test]
fn json_output_carries_the_documented_fields() {
    let report = json_of(wamigrate().args([
        "dry-run",
        "plans/fleet.yaml",
        "--format",
        "json",
        "--at",
        AT,
    ]));
    assert_eq!(report["format_version"], FORMAT_VERSION);
    assert!(report["summary"].is_object(), "summary");
    assert_eq!(report["summary"]["numbers"], 13);
    let numbers = report["numbers"].as_array().expect("numbers");
    assert_eq!(numbers.len(), 13);
    let mut blockers_seen = 0;
    for n in numbers {
        let number = n["number"].as_str().expect("number");
        assert!(number.starts_with('+'), "E.164: {number}");
        assert!(
            ["engage", "bsp", "genesys", "app", "new"]
                .contains(&n["source"].as_str().expect("source")),
            "{number}: source"
        );
        let states: Vec<String> = NumberState::ALL.into_iter().map(state).collect();
        assert!(
            states.iter().any(|s| n["state"] == s.as_str()),
            "{number}: state {} is one of {states:?}",
            n["state"]
        );
        for b in n["blocking"].as_array().expect("blocking") {
            blockers_seen += 1;
            for key in ["step", "title", "owner", "reason", "action"] {
                assert!(
                    b[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{number}: blocking[].{key} in {b}"
                );
            }
        }
        let d = &n["downtime"];
        let (min, expected, max) = (
            d["min_minutes"].as_u64().expect("min_minutes"),
            d["expected_minutes"].as_u64().expect("expected_minutes"),
            d["max_minutes"].as_u64().expect("max_minutes"),
        );
        assert!(min <= expected && expected <= max, "{number}: {d}");
        assert!(
            d["starts_with"].is_string() || d["starts_with"].is_null(),
            "{number}: starts_with"
        );
        assert!(
            d["ends_with"].is_string() || d["ends_with"].is_null(),
            "{number}: ends_with"
        );
        let billing = &n["billing"];
        for key in ["before", "after", "handover"] {
            assert!(billing[key].is_string(), "{number}: billing.{key}");
        }
        assert!(n["warnings"].is_array(), "{number}: warnings");
        // Every step a number lists is defined once for the whole report.
        for s in n["steps"].as_array().expect("steps") {
            let id = s["step"].as_str().expect("step");
            assert!(
                report["step_definitions"][id]["title"].is_string(),
                "{number}: {id} has a definition"
            );
        }
        assert!(
            report["routes"][n["source"].as_str().expect("source")]["downtime_note"].is_string(),
            "{number}: its route is described"
        );
    }
    assert!(blockers_seen > 0, "the fleet has blocked numbers");

    let catering = numbers
        .iter()
        .find(|n| n["number"] == "+493090182012")
        .expect("the Engage number that is cutting over");
    assert_eq!(catering["state"], state(NumberState::CuttingOver));
    assert_eq!(
        catering["downtime"]["starts_with"],
        "delete-engage-integration"
    );
    assert_eq!(catering["downtime"]["ends_with"], "save-integration");
    assert_eq!(catering["billing"]["handover"], "save-integration");
    assert_eq!(catering["billing"]["after"], "Genesys");
}

#[test]
fn json_of_an_invalid_plan_lists_the_diagnostics() {
    let report = json_of(&mut dry_run_stdin(INVALID_PLAN, &["--format", "json"]));
    assert_eq!(report["format_version"], FORMAT_VERSION);
    assert_eq!(report["valid"], false);
    assert_eq!(report["diagnostics"][0]["code"], "unknown-key");
    assert_eq!(report["diagnostics"][0]["line"], 7);
    assert_eq!(report["diagnostics"][0]["column"], 5);
}

// --- narrowing and time -------------------------------------------------------------------------

#[test]
fn number_narrows_the_report_to_one_number_in_any_spelling() {
    for spelling in [
        "+31 20 794 6200",
        "0031207946200",
        "+31 (0)20 794-6200",
        "tel:+31207946200",
    ] {
        let report = json_of(wamigrate().args([
            "dry-run",
            "plans/genesys-region-move.yaml",
            "--format",
            "json",
            "--at",
            AT,
            "--number",
            spelling,
        ]));
        let numbers = report["numbers"].as_array().expect("numbers");
        assert_eq!(numbers.len(), 1, "{spelling}");
        assert_eq!(numbers[0]["number"], "+31207946200", "{spelling}");
        assert_eq!(report["summary"]["numbers"], 1, "{spelling}");
    }
}

#[test]
fn number_decides_the_exit_code_of_the_narrowed_report() {
    // In plans/genesys-region-move.yaml the first number is ready and the second is blocked.
    let args = [
        "dry-run",
        "plans/genesys-region-move.yaml",
        "--at",
        AT,
        "--number",
    ];
    wamigrate()
        .args(args)
        .arg("+31 20 794 6100")
        .assert()
        .code(0);
    wamigrate()
        .args(args)
        .arg("+31 20 794 6200")
        .assert()
        .code(3);
}

/// The state of step `step` of the first number, and that number's state.
fn step_status(report: &Value, step: &str) -> (String, String) {
    let number = &report["numbers"][0];
    let status = number["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == step)
        .unwrap_or_else(|| panic!("no step {step}"))["status"]
        .as_str()
        .expect("status")
        .to_string();
    (status, number["state"].as_str().expect("state").to_string())
}

#[test]
fn at_before_a_done_timestamp_makes_that_step_not_done() {
    // plans/genesys-region-move.yaml: rebuild-destination-org-config done 2026-11-23T15:30:00Z.
    let run = |at: &str| {
        json_of(wamigrate().args([
            "dry-run",
            "plans/genesys-region-move.yaml",
            "--format",
            "json",
            "--number",
            "+31 20 794 6100",
            "--at",
            at,
        ]))
    };
    let before = run("2026-11-23T15:29:59Z");
    assert_eq!(
        step_status(&before, "rebuild-destination-org-config"),
        ("ready".into(), state(NumberState::Blocked))
    );
    assert_eq!(
        before["numbers"][0]["blocking"][0]["step"],
        "rebuild-destination-org-config"
    );
    let exactly = run("2026-11-23T15:30:00Z");
    assert_eq!(
        step_status(&exactly, "rebuild-destination-org-config"),
        ("done".into(), state(NumberState::ReadyForCutover))
    );
    // A local time is read in the plan's zone (Europe/Amsterdam, UTC+1 in November).
    let local_before = run("2026-11-23T16:29");
    assert_eq!(
        step_status(&local_before, "rebuild-destination-org-config").0,
        "ready"
    );
    let local_after = run("2026-11-23T16:30");
    assert_eq!(
        step_status(&local_after, "rebuild-destination-org-config").0,
        "done"
    );
}

// --- standard input -----------------------------------------------------------------------------

#[test]
fn a_plan_is_read_from_stdin_with_a_dash() {
    let report = json_of(&mut dry_run_stdin(BLOCKED_PLAN, &["--format", "json"]));
    assert_eq!(report["plan"]["file"], "<stdin>");
    assert_eq!(report["plan"]["name"], "Blocked plan");
    assert_eq!(report["numbers"][0]["number"], "+493055571000");
    assert_eq!(report["numbers"][0]["state"], state(NumberState::Blocked));

    let from_file = wamigrate()
        .args(["dry-run", "plans/bsp.yaml", "--color", "never", "--at", AT])
        .output()
        .expect("runs");
    let plan = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/plans/bsp.yaml"))
        .expect("plan");
    let from_stdin = dry_run_stdin(&plan, &["--color", "never"])
        .output()
        .expect("runs");
    assert_eq!(from_stdin.status.code(), from_file.status.code());
    assert_eq!(
        String::from_utf8_lossy(&from_stdin.stdout).replace("<stdin>", "plans/bsp.yaml"),
        String::from_utf8_lossy(&from_file.stdout),
        "same report whether the plan comes from a file or from stdin"
    );
}

// --- colour -------------------------------------------------------------------------------------

#[test]
fn piped_output_has_no_colour() {
    dry_run_stdin(BLOCKED_PLAN, &[])
        .assert()
        .code(3)
        .stdout(has_ansi().not());
    dry_run_stdin(INVALID_PLAN, &[])
        .assert()
        .code(1)
        .stderr(has_ansi().not());
}

#[test]
fn no_color_turns_colour_off() {
    dry_run_stdin(BLOCKED_PLAN, &[])
        .env("NO_COLOR", "1")
        .assert()
        .code(3)
        .stdout(has_ansi().not());
    dry_run_stdin(INVALID_PLAN, &[])
        .env("NO_COLOR", "1")
        .assert()
        .code(1)
        .stderr(has_ansi().not());
}

#[test]
fn color_always_colours_a_pipe() {
    dry_run_stdin(BLOCKED_PLAN, &["--color", "always"])
        .assert()
        .code(3)
        .stdout(has_ansi());
    dry_run_stdin(INVALID_PLAN, &["--color", "always"])
        .assert()
        .code(1)
        .stderr(has_ansi());
}

#[test]
fn color_never_wins_over_clicolor_force() {
    dry_run_stdin(BLOCKED_PLAN, &["--color", "never"])
        .env("CLICOLOR_FORCE", "1")
        .assert()
        .code(3)
        .stdout(has_ansi().not());
}

// --- the step catalogue -------------------------------------------------------------------------

#[test]
fn steps_json_lists_every_source_kind() {
    let catalog = json_of(wamigrate().args(["steps", "--format", "json"]));
    assert_eq!(catalog["format_version"], FORMAT_VERSION);
    let sources: Vec<&str> = catalog["routes"]
        .as_array()
        .expect("routes")
        .iter()
        .map(|r| r["source"].as_str().expect("source"))
        .collect();
    assert_eq!(
        sources,
        ["engage", "bsp", "genesys", "app", "new", "name_change"]
    );
    for route in catalog["routes"].as_array().expect("routes") {
        let steps = route["steps"].as_array().expect("steps");
        assert!(
            steps
                .iter()
                .any(|s| s["step"] == "save-integration" && s["billing_handover"] == true),
            "{}: registers with save-integration",
            route["source"]
        );
    }
    let fleet: Vec<&str> = catalog["fleet"]
        .as_array()
        .expect("fleet")
        .iter()
        .map(|s| s["step"].as_str().expect("step"))
        .collect();
    assert_eq!(
        fleet,
        [
            "partner-waba-access",
            "meta-portfolio-access",
            "destination-waba-credit-line",
            "configure-inbound-routing",
            "verify-business"
        ]
    );
}

#[test]
fn steps_source_narrows_to_one_kind() {
    let catalog = json_of(wamigrate().args(["steps", "--source", "app", "--format", "json"]));
    let routes = catalog["routes"].as_array().expect("routes");
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0]["source"], "app");
    wamigrate()
        .args(["steps", "--source", "sms"])
        .assert()
        .code(2);
}

#[test]
fn steps_says_a_migrating_number_gets_its_line_steps_only_when_its_source_states_the_line() {
    // `when line: sms_inventory` under `source: engage` read as if every Engage number had it.
    for kind in ["engage", "bsp", "genesys", "app"] {
        let out = wamigrate()
            .args(["steps", "--source", kind])
            .output()
            .expect("runs");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let head: Vec<&str> = text.lines().take(2).collect();
        assert_eq!(head[0], format!("source: {kind}"));
        assert!(
            head[1].contains(
                "7 line steps, request-call-forwarding to confirm-international-reachability"
            ) && head[1].contains("states `line:` or `behind_ivr: true`"),
            "{kind}: {}",
            head[1]
        );
    }
    // A new number always states its line: no such note.
    let out = wamigrate()
        .args(["steps", "--source", "new"])
        .output()
        .expect("runs");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!text.contains("line steps"), "{text}");
}

#[test]
fn an_implementation_partner_is_its_own_party_with_its_own_hours() {
    // The partner running the migration is not the source's solution partner: custom steps,
    // overrides and calendars name it `implementation-partner`, and `--owner` lists its work.
    let out = cargo_bin_cmd!("wamigrate")
        .args([
            "dry-run",
            "plans/partner-fleet.yaml",
            "--at",
            "2026-11-25T12:00:00Z",
            "--owner",
            "implementation-partner",
            "--format",
            "json",
        ])
        .output()
        .expect("runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["owner"], "implementation-partner");
    let steps = json["steps"].as_array().expect("steps");
    assert_eq!(steps.len(), 4, "one walk-through per number");
    assert!(steps.iter().all(|s| s["owner"] == "implementation-partner"));
    // Its calendar (08:00-20:00, Monday to Saturday) sets its due dates: 2 h before a 20:00 GMT
    // window on Thursday is 18:00, inside its day.
    assert_eq!(steps[0]["latest_start"], "2026-12-03T18:00:00Z");
    // A party's list is read by people: its moments come in the destination's zone too, as
    // `done_at_local` does (a newcomer's script had to convert every due date itself).
    assert_eq!(steps[0]["latest_start_local"], "2026-12-03 18:00 GMT");
    for step in steps {
        for field in [
            "started_at",
            "earliest_start",
            "earliest_finish",
            "latest_start",
            "latest_finish",
        ] {
            let local = &step[format!("{field}_local")];
            assert_eq!(step[field].is_null(), local.is_null(), "{field}: {step}");
        }
    }
    // A plan may not give the source partner's hours to it by mistake: unknown keys are errors.
    cargo_bin_cmd!("wamigrate")
        .arg("check")
        .arg("-")
        .write_stdin(
            "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\n  calendars:\n    implementation_partner: {hours: \"08:00-20:00\"}\nnumbers:\n  - {number: '+4930901820', source: app}\n",
        )
        .assert()
        .code(1)
        .stderr(predicate::str::contains("implementation-partner"));
}

#[test]
fn a_report_of_some_numbers_leaves_out_the_warnings_that_concern_only_others() {
    // `--number` listed every shared template's warning, about other numbers too, and counted
    // them among the report's warnings.
    let report = |number: Option<&str>| {
        let mut cmd = wamigrate();
        cmd.args([
            "dry-run",
            "plans/fleet.yaml",
            "--at",
            "2026-12-01T22:00",
            "--format",
            "json",
        ]);
        if let Some(n) = number {
            cmd.args(["--number", n]);
        }
        json_of(&mut cmd)
    };
    let all = report(None);
    let one = report(Some("+49 40 3003 9900"));
    let shared = |r: &Value| {
        r["fleet_warnings"]
            .as_array()
            .expect("fleet_warnings")
            .len()
    };
    assert!(shared(&one) < shared(&all), "nothing left out");
    assert!(
        shared(&one) > 0,
        "the number's own shared templates are still warned about"
    );
    for w in one["fleet_warnings"].as_array().expect("fleet_warnings") {
        let numbers = w["numbers"].as_array().expect("numbers");
        assert!(
            numbers.is_empty() || numbers.iter().any(|n| n == "+494030039900"),
            "{w}"
        );
    }
    let own: usize = (one["numbers"].as_array().expect("numbers").iter())
        .map(|n| n["warnings"].as_array().expect("warnings").len())
        .sum();
    assert_eq!(
        one["summary"]["warnings"].as_u64(),
        u64::try_from(own + shared(&one)).ok()
    );
}

#[test]
fn a_number_a_digit_off_gets_the_nearest_of_the_plan() {
    // `record` named the nearest number; the reports' --number listed the first three of the
    // plan, or only said that without --number every number is shown.
    for command in ["dry-run", "status", "runbook", "checklist", "graph"] {
        cargo_bin_cmd!("wamigrate")
            .args([command, "plans/fleet.yaml", "--number", "+49 40 3003 9901"])
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "help: did you mean +494030039900?",
            ));
    }
    // Far from every number: the list, as before.
    cargo_bin_cmd!("wamigrate")
        .args(["dry-run", "plans/fleet.yaml", "--number", "+1 212 555 0100"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("the plan's numbers include"));
}

#[test]
fn a_date_without_a_time_is_told_so_with_the_date_completed() {
    // `at: 2026-11-20` and `--at 2026-12-01` said only "is not a date and time", with an
    // example of another date.
    cargo_bin_cmd!("wamigrate")
        .args(["dry-run", "plans/bsp.yaml", "--at", "2026-12-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`2026-12-01` is a date without a time of day",
        ))
        .stderr(predicate::str::contains("`2026-12-01T09:00`"));
    let plan = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: Europe/Berlin}\nfleet:\n  done: [{step: meta-portfolio-access, at: 2026-11-20}]\nnumbers:\n  - number: \"+49 30 901820\"\n    source: engage\n";
    cargo_bin_cmd!("wamigrate")
        .args(["check", "-", "--color", "never"])
        .write_stdin(plan)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "error[invalid-timestamp]: `2026-11-20` is a date without a time of day",
        ))
        .stderr(predicate::str::contains(
            "help: add the time of day: `2026-11-20T09:00`",
        ));
    // Anything else keeps the general help.
    cargo_bin_cmd!("wamigrate")
        .args(["dry-run", "plans/bsp.yaml", "--at", "2026-13-01"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not a date and time"));
}

// --- aliases ------------------------------------------------------------------------------------

#[test]
fn wamigrate_alone_prints_the_help_with_its_examples_unmasked() {
    // With no subcommand, clap prints the help as a usage error, which went through the mask
    // for typed PINs: `explain 133005` read `explain ******`, `+49 40 3003 9900` `+** ** ...`.
    let output = wamigrate().output().expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(stderr.contains("wamigrate explain 133005"), "{stderr}");
    assert!(stderr.contains("'+49 40 3003 9900'"), "{stderr}");
    assert!(!stderr.contains("**"), "{stderr}");
    // A PIN typed as an argument is still masked in a usage error.
    wamigrate()
        .args(["dry-run", "plans/bsp.yaml", "--format", "482915"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value '******'"));
}

#[test]
fn history_is_another_name_for_journal_everywhere_the_commands_are_listed() {
    // A newcomer typed `wamigrate history plan.yaml` and got "unrecognized subcommand".
    let journal = wamigrate()
        .args(["journal", "plans/bsp.yaml"])
        .output()
        .expect("runs");
    let history = wamigrate()
        .args(["history", "plans/bsp.yaml"])
        .output()
        .expect("runs");
    assert_eq!(history.status.code(), journal.status.code());
    assert_eq!(history.stdout, journal.stdout);
    assert_eq!(history.stderr, journal.stderr);
    wamigrate()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("[alias: history]"));
    for (shell, offered) in [
        ("bash", " journal history "),
        ("zsh", "'history:The journal"),
        ("fish", "-a \"history\""),
    ] {
        wamigrate()
            .args(["completions", shell])
            .assert()
            .code(0)
            .stdout(predicate::str::contains(offered));
    }
    wamigrate()
        .arg("man")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Also: wamigrate history"));
}

/// `wamigrate ARGS` in the repository: exit code, stdout, stderr.
fn at_run(args: &[&str]) -> (Option<i32>, String, String) {
    let output = cargo_bin_cmd!("wamigrate")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .expect("wamigrate runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn at_reads_a_zone_name_and_now_and_says_which_forms_it_reads() {
    // A tester's report: `--at '2026-12-01T22:00 Europe/Berlin'` and RFC 9557's
    // `2026-12-01T22:00[Europe/Berlin]` got a generic "not a date and time", and `--at now`
    // worked but no help said so.
    let json = |at: &str| {
        let (code, stdout, stderr) = at_run(&[
            "dry-run",
            "plans/fleet.yaml",
            "--at",
            at,
            "--format",
            "json",
        ]);
        assert!(stderr.is_empty(), "{at}: {stderr}");
        (code, stdout)
    };
    let reference = json("2026-12-01T22:00:00+01:00");
    for at in [
        "2026-12-01T22:00 Europe/Berlin",
        "2026-12-01T22:00[Europe/Berlin]",
        "2026-12-01T22:00+01:00[Europe/Berlin]",
        "2026-12-01T16:00 America/New_York",
    ] {
        assert_eq!(json(at), reference, "{at}");
    }
    let (code, _, stderr) = at_run(&[
        "dry-run",
        "plans/fleet.yaml",
        "--at",
        "2026-12-01T22:00 Europe/Berln",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("`Europe/Berln` is not a time zone name"),
        "{stderr}"
    );
    assert!(stderr.contains("did you mean `Europe/Berlin`?"), "{stderr}");
    // An offset that is not the zone's names two moments: neither is guessed.
    let (code, _, stderr) = at_run(&[
        "status",
        "plans/fleet.yaml",
        "--at",
        "2026-12-01T22:00+05:00[Europe/Berlin]",
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    let (code, _, stderr) = at_run(&["dry-run", "plans/fleet.yaml", "--at", "tomorrow"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("--at also reads a local time in a named IANA zone (`2026-12-01T22:00 Europe/Berlin`, `2026-12-01T22:00[Europe/Berlin]`) and `now`"),
        "{stderr}"
    );
    // Every subcommand that takes --at documents the same forms, `now` among them.
    for command in [
        "dry-run",
        "status",
        "runbook",
        "checklist",
        "graph",
        "billing",
        "record",
    ] {
        let (code, help, _) = at_run(&[command, "--help"]);
        assert_eq!(code, Some(0), "{command}");
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            help.contains(
                "RFC 3339 (`2026-12-01T22:00:00+01:00`), local time in the plan's time zone (`2026-12-01T22:00`), local time in a named IANA zone (`2026-12-01T22:00 Europe/Berlin`, or RFC 9557's `2026-12-01T22:00[Europe/Berlin]`), or `now`"
            ),
            "{command}: {help}"
        );
    }
}

#[test]
fn a_plan_path_a_typo_away_from_a_file_names_the_file() {
    // `check plans/bsp.yml` said only "No such file or directory" and "check the path", while
    // `plans/bsp.yaml` sat beside it.
    wamigrate()
        .args(["check", "plans/bsp.yml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "help: did you mean `plans/bsp.yaml`?",
        ));
    // Nothing near: the help stays general.
    wamigrate()
        .args(["dry-run", "plans/no-such-plan-at-all.yaml"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("help: check the path"));
    // A file named like a PIN is never offered: it was not typed, so nothing would mask it.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-nearby-pin");
    std::fs::create_dir_all(&dir).expect("a scratch folder");
    std::fs::write(dir.join("482915.yaml"), "version: 1\n").expect("write");
    let output = wamigrate()
        .arg("check")
        .arg(dir.join("482915.yml"))
        .output()
        .expect("wamigrate runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        !stderr.contains("482915") && !stderr.contains("did you mean"),
        "{stderr}"
    );
}

#[test]
fn a_deliverable_written_to_a_folder_is_a_usage_error_that_names_a_file_in_it() {
    // `runbook PLAN -o /tmp` read and evaluated the plan, then said "cannot write /tmp: Is a
    // directory (os error 21)", exit 1, with no help.
    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli-output-folder");
    std::fs::create_dir_all(&folder).expect("a scratch folder");
    for (subcommand, file) in [
        ("runbook", "runbook.md"),
        ("graph", "plan.dot"),
        ("checklist", "checklist.html"),
    ] {
        let output = wamigrate()
            .args([subcommand, "plans/bsp.yaml", "-o"])
            .arg(&folder)
            .output()
            .expect("wamigrate runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{subcommand}: {stderr}");
        assert!(
            stderr.contains("is a folder, not a file")
                && stderr.contains(&format!("cli-output-folder/{file}`")),
            "{subcommand}: {stderr}"
        );
    }
}
