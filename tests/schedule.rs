//! The schedule end to end: working hours, lead times that run from a recorded start, the
//! window verdict, `--owner`, and exit code 4 (the plan holds no action back, but does not hold
//! in time). Every run is at a fixed `--at`.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn dry_run(plan: &str, at: &str, args: &[&str]) -> (i32, Value) {
    let output = cargo_bin_cmd!("wamigrate")
        .args(["dry-run", "-", "--format", "json", "--at", at])
        .args(args)
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    (output.status.code().expect("an exit code"), json)
}

fn text(plan: &str, at: &str, args: &[&str]) -> (i32, String) {
    let output: std::process::Output = cargo_bin_cmd!("wamigrate")
        .args(["dry-run", "-", "--color", "never", "--at", at])
        .args(args)
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

fn step<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["numbers"][0]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == id)
        .unwrap_or_else(|| panic!("no step {id}"))
}

/// A toll-free number behind an IVR that cannot be bypassed: Genesys must ask WhatsApp for the
/// calling numbers ("at least 2-3 business days"), then the customer routes them past the IVR.
fn ivr_plan(started: &str, window: &str) -> String {
    format!(
        r#"version: 1
plan:
  name: Proseware
  destination: {{region: eu-central-1, org: proseware, time_zone: Europe/Berlin}}
{window}fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 800 555 0134"
    source: {{new: {{line: toll_free, behind_ivr: true, can_bypass_ivr: false}}}}
{started}"#
    )
}

#[test]
fn a_request_asked_for_on_friday_counts_from_friday_in_business_days() {
    // Asked for on Friday 4 Dec 11:00; evaluated on Saturday. 3 business days: Mon, Tue, Wed.
    let plan = ivr_plan(
        "    started:\n      - {step: request-calling-numbers, at: \"2026-12-04T11:00\", by: Dana}\n",
        "",
    );
    let (code, report) = dry_run(&plan, "2026-12-05T10:00", &[]);
    let request = step(&report, "request-calling-numbers");
    assert_eq!(request["status"], "in_progress");
    assert_eq!(request["started_at"], "2026-12-04T10:00:00Z");
    assert_eq!(request["started_by"], "Dana");
    assert_eq!(request["earliest_finish"], "2026-12-09T10:00:00Z");
    assert_eq!(request["duration"]["unit"], "business_days");
    assert_eq!(
        request["duration"]["max"],
        Value::Null,
        "no invented ceiling"
    );
    // The customer's routing work waits for the numbers, then runs in office hours.
    let route = step(&report, "route-calling-numbers");
    assert_eq!(route["status"], "waiting");
    assert_eq!(route["earliest_start"], "2026-12-09T10:00:00Z");
    let number = &report["numbers"][0];
    assert_eq!(
        number["critical_path"],
        serde_json::json!(["request-calling-numbers", "route-calling-numbers"])
    );
    assert_eq!(number["earliest_cutover"], route["earliest_finish"]);
    // Nothing is ready to act on, nothing is late without a window: blocked, exit 3.
    assert_eq!(report["summary"]["blocking_steps_awaiting_action"], 0);
    assert_eq!(code, 3);
}

#[test]
fn a_running_lead_time_that_ends_after_the_window_starts_exits_4() {
    let plan = ivr_plan(
        "    started:\n      - {step: request-calling-numbers, at: \"2026-12-04T11:00\"}\n",
        "  cutover_window: {start: \"2026-12-07T20:00\", end: \"2026-12-07T23:00\"}\n",
    );
    let (code, report) = dry_run(&plan, "2026-12-05T10:00", &[]);
    assert_eq!(code, 4, "{report:#}");
    assert_eq!(report["summary"]["exit_code"], 4);
    assert_eq!(report["summary"]["window"], "cannot_hold");
    let window = &report["numbers"][0]["window"];
    assert_eq!(window["verdict"], "cannot_hold");
    assert!(
        window["reason"]
            .as_str()
            .unwrap()
            .contains("after the window starts")
    );
    // The routing step is late: negative slack, a due date before its earliest start.
    let route = step(&report, "route-calling-numbers");
    assert!(route["slack_minutes"].as_i64().unwrap() < 0);
    assert!(route["latest_start"].as_str().unwrap() < route["earliest_start"].as_str().unwrap());
    let (code, out) = text(&plan, "2026-12-05T10:00", &[]);
    assert_eq!(code, 4);
    assert!(out.contains("Window: cannot hold"), "{out}");
    assert!(
        out.contains("The plan does not hold in time: the cutover window cannot hold (1 number); no blocking step"),
        "{out}"
    );
    // Nobody can act now: the owners' steps are under way or waiting.
    assert!(!out.contains("Who must act"), "{out}");
    assert!(
        out.contains("Blocking steps under way or waiting, by owner"),
        "{out}"
    );
}

#[test]
fn a_ready_step_wins_over_a_window_that_cannot_hold() {
    // Not asked for yet: Genesys must act, so 3 even though the window cannot hold either.
    let plan = ivr_plan(
        "",
        "  cutover_window: {start: \"2026-12-07T20:00\", end: \"2026-12-07T23:00\"}\n",
    );
    let (code, report) = dry_run(&plan, "2026-12-05T10:00", &[]);
    assert_eq!(report["summary"]["window"], "cannot_hold");
    assert_eq!(report["summary"]["blocking_steps_awaiting_action"], 1);
    assert_eq!(code, 3);
}

#[test]
fn a_window_far_enough_ahead_holds_and_gives_due_dates() {
    let plan = ivr_plan(
        "",
        "  cutover_window: {start: \"2026-12-18T20:00\", end: \"2026-12-18T23:00\"}\n",
    );
    let (code, report) = dry_run(&plan, "2026-12-07T09:00", &[]);
    assert_eq!(code, 3, "Genesys must still ask");
    assert_eq!(
        report["numbers"][0]["window"]["verdict"], "at_risk",
        "no longest figure for the request"
    );
    let request = step(&report, "request-calling-numbers");
    // Due: the routing (expected 4 working hours) must end by Fri 18 Dec 20:00, so it starts by
    // Fri 13:00; the request (3 business days) must then start by Tue 15 Dec 13:00.
    assert_eq!(
        step(&report, "route-calling-numbers")["latest_start"],
        "2026-12-18T12:00:00Z"
    );
    assert_eq!(request["latest_start"], "2026-12-15T12:00:00Z");
    assert!(request["slack_minutes"].as_i64().unwrap() > 0);
}

#[test]
fn a_passed_window_exits_4_once_nothing_waits_for_an_action() {
    let plan = r#"version: 1
plan:
  name: Past
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
  cutover_window: {start: "2026-11-20T20:00", end: "2026-11-20T22:00"}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 30 5557 1000"
    source: {new: {line: genesys_voice}}
"#;
    let (code, report) = dry_run(plan, "2026-11-25T12:00", &[]);
    assert_eq!(report["numbers"][0]["window"]["verdict"], "passed");
    assert_eq!(code, 4);
}

#[test]
fn a_downtime_longer_than_its_longest_estimate_is_overrunning_and_exits_4() {
    let plan = r#"version: 1
plan:
  name: Overrun
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+49 30 901820"
    display_name_status: approved
    source: engage
    done:
      - disable-two-step-verification
      - create-canned-responses
      - step: delete-engage-integration
        at: "2026-11-25T12:00"
"#;
    let (code, report) = dry_run(plan, "2026-11-25T13:00", &[]);
    let downtime = &report["numbers"][0]["downtime"];
    assert_eq!(downtime["running_minutes"], 60);
    assert_eq!(downtime["overrunning"], true);
    assert_eq!(report["summary"]["overrunning"], 1);
    assert_eq!(code, 4);
    // Five minutes in, it is within its estimate: cutting over is not a failure.
    let (code, report) = dry_run(plan, "2026-11-25T12:05", &[]);
    assert_eq!(report["numbers"][0]["downtime"]["overrunning"], false);
    assert_eq!(code, 0);
}

#[test]
fn an_expected_downtime_over_the_budget_is_counted_and_named_as_the_reason_for_4() {
    // The closing line listed every reason exit 4 can have, whichever applied, and the JSON
    // counted every one but this: a gate could not tell it from the others.
    let plan = r#"version: 1
plan:
  name: Over budget
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
  downtime_budget: 2m
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+49 30 901820"
    display_name_status: approved
    source: engage
    done: [disable-two-step-verification, create-canned-responses]
"#;
    let (code, report) = dry_run(plan, "2026-11-25T12:00", &[]);
    assert_eq!(code, 4, "{report:#}");
    assert_eq!(report["summary"]["over_budget"], 1);
    assert_eq!(report["summary"]["overrunning"], 0);
    let (code, out) = text(plan, "2026-11-25T12:00", &[]);
    assert_eq!(code, 4);
    assert!(
        out.contains("The plan does not hold in time: the expected downtime is over the budget (1 number); no blocking step"),
        "{out}"
    );
    assert!(!out.contains("window"), "{out}");
}

#[test]
fn owner_lists_one_partys_steps_by_due_date() {
    let plan = ivr_plan(
        "",
        "  cutover_window: {start: \"2026-12-18T20:00\", end: \"2026-12-18T23:00\"}\n",
    );
    let (code, report) = dry_run(&plan, "2026-12-07T09:00", &["--owner", "customer"]);
    assert_eq!(code, 3, "the exit code of the whole dry-run");
    assert_eq!(report["owner"], "customer");
    let steps = report["steps"].as_array().unwrap();
    assert!(!steps.is_empty());
    for s in steps {
        assert_eq!(s["owner"], "customer");
        assert_ne!(s["status"], "done");
    }
    let due: Vec<&str> = steps
        .iter()
        .filter_map(|s| s["latest_start"].as_str())
        .collect();
    let mut sorted = due.clone();
    sorted.sort_unstable();
    assert_eq!(due, sorted, "sorted by due date");
    let (_, out) = text(&plan, "2026-12-07T09:00", &["--owner", "genesys"]);
    assert!(out.contains("request-calling-numbers"), "{out}");
    assert!(out.contains("start by Tue 2026-12-15 13:00 CET"), "{out}");
    assert!(!out.contains("route-calling-numbers"), "{out}");
}

#[test]
fn a_party_in_another_zone_works_its_own_hours() {
    // Genesys works New York hours: asked at 16:00 in Berlin (10:00 in New York), a 2-hour task
    // ends at 18:00 Berlin time the same day, not the next morning.
    let plan = r#"version: 1
plan:
  name: Zones
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
  calendars:
    genesys: {time_zone: America/New_York}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 30 901820"
    source: {genesys: {region: us-east-1, org: old, pin_known: true}}
overrides:
  - step: rebuild-destination-org-config
    owner: genesys
    duration: 2h
"#;
    let (_, report) = dry_run(plan, "2026-12-07T16:00", &[]);
    let s = step(&report, "rebuild-destination-org-config");
    assert_eq!(s["clock"], "working");
    assert_eq!(s["earliest_start"], "2026-12-07T15:00:00Z");
    assert_eq!(s["earliest_finish"], "2026-12-07T17:00:00Z");
}

#[test]
fn an_override_for_some_numbers_wins_over_one_for_all_and_touches_only_them() {
    let plan = r#"version: 1
plan:
  name: Scoped
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 800 555 0134"
    source: {new: {line: toll_free, behind_ivr: true, can_bypass_ivr: false}}
  - number: "+49 800 555 0135"
    source: {new: {line: toll_free, behind_ivr: true, can_bypass_ivr: false}}
overrides:
  - step: request-calling-numbers
    duration: 5bd
    numbers: ["+49 800 5550135"]
  - step: request-calling-numbers
    duration: 4bd
"#;
    let (_, report) = dry_run(plan, "2026-12-07T09:00", &[]);
    let estimate = |n: usize| {
        report["numbers"][n]["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["step"] == "request-calling-numbers")
            .unwrap()["duration"]["expected"]
            .clone()
    };
    assert_eq!(estimate(0), 4);
    assert_eq!(estimate(1), 5);
}

fn check(plan: &str) -> (i32, String) {
    let output = cargo_bin_cmd!("wamigrate")
        .args(["check", "-", "--color", "never"])
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn an_override_for_no_number_is_refused_and_a_second_start_is_named_as_such() {
    let plan = ivr_plan(
        "    started:\n      - {step: request-calling-numbers, at: \"2026-12-04T11:00\"}\n      - {step: request-calling-numbers, at: \"2026-12-04T11:00\"}\n",
        "",
    ) + "overrides:\n  - {step: request-calling-numbers, duration: 10bd, numbers: []}\n";
    let (code, stderr) = check(&plan);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(
            "error[empty-scope]: the override of `request-calling-numbers` applies to no number"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "warning[done-twice]: step `request-calling-numbers` is recorded as started twice"
        ),
        "{stderr}"
    );
}

#[test]
fn a_step_given_to_meta_runs_around_the_clock() {
    let plan = ivr_plan("", "") + "overrides:\n  - {step: route-calling-numbers, owner: meta}\n";
    let (_, report) = dry_run(&plan, "2026-12-07T09:00", &[]);
    let route = step(&report, "route-calling-numbers");
    assert_eq!(route["clock"], "around");
    // Four hours after the numbers arrive (Thu 10 Dec 09:00 CET), at any hour.
    assert_eq!(route["earliest_start"], "2026-12-10T08:00:00Z");
    assert_eq!(route["earliest_finish"], "2026-12-10T12:00:00Z");
}

#[test]
fn a_number_without_downtime_still_needs_its_cutover_steps_inside_the_window() {
    // A BSP number that stays connected is never down, but verifying it and saving the
    // integration take minutes: one minute before the window ends they no longer fit.
    let plan = r#"version: 1
plan:
  name: Last minute
  destination: {region: eu-central-1, org: contoso, time_zone: Europe/Berlin}
  cutover_window: {start: "2026-12-01T22:00", end: "2026-12-01T23:00"}
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+49 30 901820"
    display_name_status: approved
    source: {bsp: {partner: 360dialog}}
    done: [disable-two-step-verification]
"#;
    let (code, report) = dry_run(plan, "2026-12-01T22:59", &[]);
    assert_eq!(report["numbers"][0]["downtime"]["max_minutes"], 0);
    assert_eq!(report["numbers"][0]["window"]["verdict"], "cannot_hold");
    assert!(
        report["numbers"][0]["window"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("expected to finish")),
        "{}",
        report["numbers"][0]["window"]
    );
    assert_eq!(code, 4);
    // With the window's first half hour left, the same number is ready: exit 0.
    let (code, report) = dry_run(plan, "2026-12-01T22:30", &[]);
    assert_eq!(report["numbers"][0]["window"]["verdict"], "holds");
    assert_eq!(code, 0);
    // Cutting over (verified, not saved yet) half a minute before the end: the save no longer
    // fits either.
    let cutting = plan.replace(
        "done: [disable-two-step-verification]",
        "done: [disable-two-step-verification, {step: verify-number-in-embedded-signup, at: \"2026-12-01T22:58\"}]",
    );
    let (code, report) = dry_run(&cutting, "2026-12-01T22:59:30", &[]);
    assert_eq!(report["numbers"][0]["state"], "cutting_over");
    assert_eq!(report["numbers"][0]["window"]["verdict"], "cannot_hold");
    assert_eq!(code, 4);
    let (code, report) = dry_run(&cutting, "2026-12-01T22:58:30", &[]);
    assert_eq!(report["numbers"][0]["window"]["verdict"], "holds");
    assert_eq!(code, 0);
}

#[test]
fn a_display_name_approval_older_than_fourteen_days_at_the_registration_exits_4() {
    // Meta expects the number to be registered again within 14 days of the approval (MDN).
    let plan = |window: &str| {
        format!(
            r#"version: 1
plan:
  name: Rename
  destination: {{region: eu-central-1, org: contoso, time_zone: Europe/Berlin}}
  {window}
fleet:
  done: [meta-portfolio-access]
numbers:
  - number: "+49 30 901820"
    display_name: Contoso Care
    display_name_status: approved
    source: {{name_change: {{pin_known: true}}}}
    done:
      - {{step: edit-display-name, at: "2026-11-01T10:00"}}
      - {{step: new-display-name-approved, at: "2026-11-02T10:00"}}
"#
        )
    };
    let codes = |report: &Value| -> Vec<String> {
        report["numbers"][0]["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .map(|w| w["code"].as_str().expect("a code").to_string())
            .collect()
    };
    // Registering now, within the 14 days: ready.
    let (code, report) = dry_run(&plan(""), "2026-11-10T12:00", &[]);
    assert!(!codes(&report).contains(&"name-approval-lapses".to_string()));
    assert_eq!(code, 0);
    // A window after the 14 days: the approval lapses before the planned registration.
    let late = "cutover_window: {start: \"2026-11-20T22:00\", end: \"2026-11-20T23:00\"}";
    let (code, report) = dry_run(&plan(late), "2026-11-10T12:00", &[]);
    assert!(codes(&report).contains(&"name-approval-lapses".to_string()));
    assert_eq!(code, 4);
    // The window cannot hold either: the registration it is for would be refused.
    assert_eq!(report["numbers"][0]["window"]["verdict"], "cannot_hold");
    let reason = report["numbers"][0]["window"]["reason"]
        .as_str()
        .unwrap_or_default();
    assert!(reason.contains("display name"), "{reason}");
    // A window that opens when the 14 days end: the steps before the save take their minutes
    // after that, so the registration comes too late.
    let edge = "cutover_window: {start: \"2026-11-16T10:00\", end: \"2026-11-16T12:00\"}";
    let (code, report) = dry_run(&plan(edge), "2026-11-10T12:00", &[]);
    assert!(codes(&report).contains(&"name-approval-lapses".to_string()));
    assert_eq!(code, 4);
    // A day earlier it holds.
    let day_before = "cutover_window: {start: \"2026-11-15T10:00\", end: \"2026-11-15T12:00\"}";
    let (code, report) = dry_run(&plan(day_before), "2026-11-10T12:00", &[]);
    assert!(!codes(&report).contains(&"name-approval-lapses".to_string()));
    assert_eq!(code, 0);
    // Past the 14 days with nothing registered: lapsed.
    let (code, report) = dry_run(&plan(""), "2026-11-17T12:00", &[]);
    assert!(codes(&report).contains(&"name-approval-lapses".to_string()));
    assert_eq!(code, 4);
}

#[test]
fn a_window_shorter_than_the_longest_downtime_is_at_risk() {
    // Engage: 5 minutes of downtime expected, 8 at the longest (GFAQ: "under 10 minutes").
    let plan = |end: &str| {
        format!(
            r#"version: 1
plan:
  name: Short window
  destination: {{region: eu-central-1, org: c, time_zone: Europe/Berlin, business_verified: true}}
  cutover_window: {{start: 2026-11-26T22:00, end: "{end}"}}
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+44 20 7946 0321"
    display_name_status: approved
    source: {{engage: {{source_waba_admin: customer}}}}
    done: [disable-two-step-verification]
"#
        )
    };
    let window = |report: &Value| report["numbers"][0]["window"].clone();
    // Six minutes: the expected downtime fits, the longest does not.
    let (code, report) = dry_run(&plan("2026-11-26T22:06"), "2026-11-25T12:00", &[]);
    assert_eq!(window(&report)["verdict"], "at_risk", "{report}");
    let reason = window(&report)["reason"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(reason.contains("longest"), "{reason}");
    assert_eq!(code, 0);
    // Eight minutes: the longest downtime fits exactly, so it holds.
    let (_, report) = dry_run(&plan("2026-11-26T22:08"), "2026-11-25T12:00", &[]);
    assert_eq!(window(&report)["verdict"], "holds", "{report}");
    // Four minutes: not even the expected downtime fits.
    let (code, report) = dry_run(&plan("2026-11-26T22:04"), "2026-11-25T12:00", &[]);
    assert_eq!(window(&report)["verdict"], "cannot_hold");
    assert_eq!(code, 4);
}

#[test]
fn a_deferred_display_name_has_no_estimate_so_the_cutover_is_a_lower_bound() {
    // Meta decides a deferred name when the number reaches a higher messaging limit (MDN): no
    // source says when.
    let plan = |status: &str| {
        format!(
            r#"version: 1
plan:
  name: Deferred
  destination: {{region: eu-central-1, org: c, time_zone: Europe/Berlin, business_verified: true}}
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+44 20 7946 0321"
    display_name_status: {status}
    source: engage
    done: [disable-two-step-verification]
"#
        )
    };
    let (code, report) = dry_run(&plan("deferred"), "2026-11-25T12:00", &[]);
    let n = &report["numbers"][0];
    assert_eq!(code, 3);
    assert_eq!(n["earliest_cutover_is_lower_bound"], true, "{n}");
    assert_eq!(n["earliest_cutover_longest_unbounded"], true, "{n}");
    assert_eq!(
        step(&report, "confirm-display-name-approved")["estimate"],
        Value::Null
    );
    // A name in review keeps Meta's review time, bounded.
    let (_, report) = dry_run(&plan("pending"), "2026-11-25T12:00", &[]);
    let n = &report["numbers"][0];
    assert_eq!(n["earliest_cutover_is_lower_bound"], false, "{n}");
    assert_eq!(n["earliest_cutover_longest_unbounded"], false, "{n}");
}

#[test]
fn a_downtime_with_no_known_longest_says_so_in_the_window_and_the_go_no_go() {
    // The save of one number is overridden to "3 minutes or more": its downtime has no longest.
    let plan = r#"version: 1
plan:
  name: Unbounded
  destination: {region: eu-west-1, org: fabrikam-cx, time_zone: Europe/London, business_verified: true}
  cutover_window: {start: 2026-12-02T21:00, end: 2026-12-02T23:00}
  downtime_budget: 10m
fleet:
  done: [configure-inbound-routing, meta-portfolio-access, destination-waba-credit-line]
numbers:
  - number: "+44 20 7946 0321"
    display_name_status: approved
    source: {engage: {source_waba_admin: genesys}}
    done: [disable-two-step-verification]
overrides:
  - {step: save-integration, duration: "3m.."}
"#;
    let (_, report) = dry_run(plan, "2026-12-01T10:00", &[]);
    let window = &report["numbers"][0]["window"];
    assert_eq!(window["verdict"], "at_risk", "{window}");
    let reason = window["reason"].as_str().unwrap_or_default();
    assert!(reason.contains("no known longest"), "{reason}");
    assert!(!reason.contains(&u32::MAX.to_string()), "{reason}");
    let output = cargo_bin_cmd!("wamigrate")
        .args([
            "checklist",
            "-",
            "--format",
            "markdown",
            "--at",
            "2026-12-01T10:00",
        ])
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    let page = String::from_utf8_lossy(&output.stdout);
    assert!(
        page.contains("WhatsApp downtime per number that no estimate bounds (budget: 10m)"),
        "{page}"
    );
}

/// A step a party sets going and Meta then handles around the clock (a PIN reset, MISC/PINRESET)
/// is filed in the party's working hours: it starts no earlier than the next working moment and
/// is due at the last one before its latest start, never on a weekend night.
#[test]
fn a_request_meta_handles_is_made_and_due_in_its_owners_working_hours() {
    let plan = r#"version: 1
plan:
  name: Fabrikam
  destination: {region: eu-central-1, org: fabrikam, time_zone: Europe/Berlin}
  cutover_window: {start: "2026-12-07T08:00", end: "2026-12-07T10:00"}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 89 5550100"
    source: {genesys: {region: us-east-1, org: contoso-us, pin_known: false}}
    done: [rebuild-destination-org-config]
"#;
    // Evaluated on Saturday 28 November at 10:00 in Berlin.
    let (_, report) = dry_run(plan, "2026-11-28T10:00", &[]);
    let pin = step(&report, "have-registration-pin");
    // Not before Monday 09:00 in Berlin.
    assert_eq!(pin["earliest_start"], "2026-11-30T08:00:00Z");
    // The window opens on Monday at 08:00, so the 30 minutes of the reset must start by Monday
    // 07:30: the customer files it on Friday by 17:00.
    assert_eq!(pin["latest_start"], "2026-12-04T16:00:00Z");
    // Slack is the room to start it: Monday 09:00 to Friday 17:00, in the customer's working
    // minutes (five days of eight hours), as for every other step the customer owns; in calendar
    // minutes it read as 104 hours, and a request due the same day as a 2SV ticket as four times
    // as late.
    assert_eq!(pin["slack_minutes"], 5 * 8 * 60);
    let (_, text) = text(plan, "2026-11-28T10:00", &[]);
    assert!(text.contains("start by Fri 2026-12-04 17:00 CET"), "{text}");
}

/// Slack is counted in the owner's working time, also for a step the owner sets going and Meta
/// then handles: two steps with the same earliest start and the same due date are late by the
/// same amount, whatever clock their work runs on.
#[test]
fn a_request_meta_handles_is_late_in_its_owners_working_time() {
    let plan = r#"version: 1
plan:
  name: Fabrikam
  destination: {region: eu-central-1, org: fabrikam, time_zone: Europe/Berlin}
  cutover_window: {start: "2026-12-09T12:30", end: "2026-12-09T16:00"}
fleet:
  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]
numbers:
  - number: "+49 89 5550100"
    display_name_status: pending
    source: engage
"#;
    // Tuesday 8 December at 10:00: both the name check (2 days around the clock) and the 2SV
    // ticket (2 business days) were due on Monday at 12:30.
    let (_, report) = dry_run(plan, "2026-12-08T10:00", &[]);
    let name = step(&report, "confirm-display-name-approved");
    let two_step = step(&report, "disable-two-step-verification");
    assert_eq!(name["clock"], "around");
    assert_eq!(two_step["clock"], "working");
    assert_eq!(name["earliest_start"], two_step["earliest_start"]);
    assert_eq!(name["latest_start"], "2026-12-07T11:30:00Z");
    assert_eq!(two_step["latest_start"], "2026-12-07T11:30:00Z");
    // Monday 12:30 to 17:00 and Tuesday 09:00 to 10:00: five and a half working hours late.
    assert_eq!(name["slack_minutes"], -330);
    assert_eq!(two_step["slack_minutes"], -330);
    let (_, out) = text(plan, "2026-12-08T10:00", &[]);
    assert_eq!(out.matches("late by 5h30").count(), 2, "{out}");
}

/// A display name not submitted yet waits until 14 days before the window (MDN: the approval
/// holds 14 days), so the plan holds; one submitted long before the window is expected to be
/// approved too early, and the window cannot hold.
#[test]
fn a_display_name_is_submitted_no_earlier_than_fourteen_days_before_the_window() {
    let plan = |status: &str| {
        format!(
            r#"version: 1
plan:
  name: Rename
  destination: {{region: eu-central-1, org: fabrikam, time_zone: Europe/Berlin}}
  cutover_window: {{start: "2027-01-09T20:00", end: "2027-01-09T23:00"}}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 89 5550100"
    display_name: Fabrikam Shop
{status}    source: {{name_change: {{pin_known: true}}}}
"#
        )
    };
    let warned = |report: &Value| {
        report["numbers"][0]["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["code"] == "name-approval-lapses")
    };
    // Not submitted: the edit starts on the first working moment after Sat 26 Dec 20:00 (14
    // days before the window), Monday 28 December at 09:00 in Berlin.
    let (code, report) = dry_run(&plan(""), "2026-12-01T10:00", &[]);
    assert_eq!(code, 3, "the customer must still submit the name");
    assert_eq!(
        step(&report, "edit-display-name")["earliest_start"],
        "2026-12-28T08:00:00Z"
    );
    assert_eq!(report["numbers"][0]["window"]["verdict"], "holds");
    assert!(!warned(&report));
    // Submitted on 1 December: approved around 3 December on the expected figures, more than
    // 14 days before the registration on 9 January.
    let (_, report) = dry_run(
        &plan("    display_name_status: pending\n"),
        "2026-12-01T10:00",
        &[],
    );
    assert!(warned(&report), "{}", report["numbers"][0]["warnings"]);
    assert_eq!(report["numbers"][0]["window"]["verdict"], "cannot_hold");
    // Submitted a week before the window: it holds.
    let (code, report) = dry_run(
        &plan("    display_name_status: pending\n"),
        "2027-01-02T10:00",
        &[],
    );
    assert!(!warned(&report));
    assert_eq!(report["numbers"][0]["window"]["verdict"], "holds");
    assert_eq!(code, 3, "Meta's review is still under way");
}

#[test]
fn a_banned_number_has_no_estimate_for_its_appeal_so_the_cutover_is_a_lower_bound() {
    // MPN: a banned number is unbanned by appeal first; no source says how long Meta takes.
    let plan = |banned: bool| {
        format!(
            r#"version: 1
plan:
  name: Banned
  destination: {{region: eu-central-1, org: c, time_zone: Europe/Berlin}}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 151 23456789"
    source: {{app: {{app: business, banned: {banned}}}}}
    done: [back-up-app-chats]
"#
        )
    };
    let (code, report) = dry_run(&plan(true), "2026-11-25T12:00", &[]);
    let n = &report["numbers"][0];
    assert_eq!(code, 3);
    assert_eq!(n["earliest_cutover_is_lower_bound"], true, "{n}");
    assert_eq!(n["earliest_cutover_longest_unbounded"], true, "{n}");
    assert_eq!(step(&report, "appeal-number-ban")["estimate"], Value::Null);
    assert_eq!(step(&report, "appeal-number-ban")["owner"], "customer");
    // The text gives its finish as the lower bound it is: "expected done" at its very start
    // read as a promise that Meta decides the appeal at once.
    let (_, shown) = text(&plan(true), "2026-11-25T12:00", &[]);
    let appeal = shown
        .lines()
        .skip_while(|l| !l.contains("appeal-number-ban"))
        .find(|l| l.contains("when:"))
        .expect("the appeal's times");
    assert!(appeal.contains("done no earlier than"), "{appeal}");
    assert!(!appeal.contains("expected done"), "{appeal}");
    let (code, report) = dry_run(&plan(false), "2026-11-25T12:00", &[]);
    let n = &report["numbers"][0];
    assert_eq!(code, 0, "{n}");
    assert_eq!(n["earliest_cutover_is_lower_bound"], false, "{n}");
}
