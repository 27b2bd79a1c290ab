//! `wamigrate runbook`: snapshots of both formats, blocked numbers shown with every step, user
//! text escaped, and a fleet of thousands kept to a few sections.

use assert_cmd::cargo::cargo_bin_cmd;

#[path = "support/print.rs"]
mod print;

#[path = "support/run.rs"]
mod runner;
use runner::run_stdin as run;

/// The evaluation moment of every runbook here (local time in the plan's zone).
const AT: &str = "2026-11-25T12:00";

#[test]
fn runbook_snapshots_of_the_examples() {
    for (plan, format) in [
        ("fleet", "markdown"),
        ("fleet", "html"),
        ("bsp", "markdown"),
        ("engage", "markdown"),
    ] {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["runbook", &path, "--at", AT, "--format", format], "");
        assert_eq!(code, 0, "{plan}: {stderr}");
        insta::assert_snapshot!(format!("{plan}-runbook-{format}"), stdout);
    }
}

#[test]
fn a_blocked_number_shows_its_full_sequence_not_only_its_blockers() {
    let (code, stdout, stderr) = run(
        &[
            "runbook",
            "plans/fleet.yaml",
            "--at",
            AT,
            "--number",
            "+49 40 3003 9900",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("- State: **blocked**"), "{stdout}");
    for title in [
        "Confirm the display name is approved",
        "Delete the WhatsApp integration in Genesys Engage",
        "Run Embedded Signup and verify the number with its one-time code",
        "Save the WhatsApp integration in Genesys Cloud with the 6-digit PIN",
        "Turn two-step verification back on",
    ] {
        assert!(stdout.contains(title), "{title} missing:\n{stdout}");
    }
    // In dependency order: the downtime starts, then ends, then billing hands over.
    let start = stdout
        .find("Point of no return")
        .expect("downtime start called out");
    let end = stdout
        .find("Downtime ends")
        .expect("downtime end called out");
    let billing = stdout
        .find("Billing hand-over")
        .expect("hand-over called out");
    assert!(start < end && end <= billing, "{stdout}");
    assert!(
        stdout.contains("due: Wed 2026-11-25"),
        "due dates shown: {stdout}"
    );
}

#[test]
fn user_text_is_escaped_in_both_html_outputs_and_markdown() {
    let plan = r#"version: 1
plan:
  name: "<script>alert(1)</script> & \"q\" *bold*"
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 30 5557 1000"
    display_name: "Café <b>Zürich</b> & \"Söhne\" 'x'"
    source: {new: {line: genesys_voice}}
steps:
  - id: brief-agents
    title: "Brief <script>x</script> & \"agents\" 'now'"
    owner: customer
    action: "Do <i>this</i> & \"that\""
"#;
    // askama's HTML escaping: every one of & < > " ' as a numeric character reference.
    let escaped = [
        "&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;q&#34; *bold*",
        "Café &#60;b&#62;Zürich&#60;/b&#62; &#38; &#34;Söhne&#34; &#39;x&#39;",
        "Brief &#60;script&#62;x&#60;/script&#62; &#38; &#34;agents&#34; &#39;now&#39;",
        "Do &#60;i&#62;this&#60;/i&#62; &#38; &#34;that&#34;",
    ];
    for args in [
        &["runbook", "-", "--at", AT, "--format", "html"][..],
        &["checklist", "-", "--at", AT][..],
    ] {
        let (code, html, stderr) = run(args, plan);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        for raw in ["<script", "<b>Zürich", "<i>this", "\"agents\"", "'now'"] {
            assert!(
                !html.contains(raw),
                "{args:?} writes {raw} unescaped:\n{html}"
            );
        }
        for text in escaped {
            assert!(html.contains(text), "{args:?} lacks {text}:\n{html}");
        }
    }
    let (code, md, stderr) = run(&["runbook", "-", "--at", AT], plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.starts_with("# Runbook: \\<script\\>alert(1)\\</script\\> & \"q\" \\*bold\\*\n"),
        "{md}"
    );
}

#[test]
fn a_fleet_of_2000_numbers_is_under_200_sections_listing_every_number() {
    // Groups are bounded by the kinds of number a fleet has (source, state, statuses, owners,
    // durations), not by its size: a generated fleet of 2,000 or 10,000 has about 150.
    let (code, plan, stderr) = run(&["generate", "--numbers", "2000"], "");
    assert_eq!(code, 0, "{stderr}");
    let (code, md, stderr) = run(&["runbook", "-", "--at", AT], &plan);
    assert_eq!(code, 0, "{stderr}");
    let sections = md.lines().filter(|l| l.starts_with("## +")).count()
        + md.lines()
            .filter(|l| l.starts_with("## ") && l.contains(" numbers: "))
            .count();
    assert!(sections < 200, "{sections} sections");
    let listed: usize = md
        .lines()
        .filter_map(|l| l.strip_prefix("These "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum::<usize>()
        + md.lines().filter(|l| l.starts_with("## +")).count();
    assert_eq!(listed, 2000, "every number is in a section");
}

#[test]
fn an_invalid_plan_prints_diagnostics_and_exits_1() {
    let (code, stdout, stderr) = run(
        &["runbook", "tests/fixtures/invalid/dependency-cycle.yaml"],
        "",
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("error[dependency-cycle]"), "{stderr}");
}

#[test]
fn numbers_whose_steps_have_other_owners_or_durations_are_not_grouped() {
    // Three numbers from one partner: two whose source WABA the partner administers, one whose
    // WABA the customer administers (so the customer turns two-step verification off in
    // minutes, instead of a ticket to the partner that takes business days). Grouping the third
    // with the others would print the partner and its days for it.
    let plan = "version: 1
plan:
  name: Two kinds of admin
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
numbers:
  - number: '+49 30 901820'
    source: {bsp: {partner: 360dialog, source_waba_admin: partner}}
  - number: '+49 30 901821'
    source: {bsp: {partner: 360dialog, source_waba_admin: partner}}
  - number: '+49 30 901822'
    source: {bsp: {partner: 360dialog, source_waba_admin: customer}}
";
    let (code, md, stderr) = run(&["runbook", "-", "--at", AT], plan);
    assert_eq!(code, 0, "{stderr}");
    let sections: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("## +") || l.contains(" numbers: "))
        .collect();
    assert_eq!(
        sections,
        ["## 2 numbers: +4930901820, +4930901821", "## +4930901822"],
        "{md}"
    );
    // Each section names the owner and duration true of its numbers.
    let owners: Vec<&str> = md
        .split("(`disable-two-step-verification`)")
        .skip(1)
        .filter_map(|rest| rest.lines().nth(1))
        .map(|line| line.split(" · status").next().unwrap_or(""))
        .collect();
    assert_eq!(
        owners,
        ["  owner: source-partner", "  owner: customer"],
        "{md}"
    );
    let partner = md.split("## +4930901822").next().unwrap_or("");
    assert!(partner.contains("duration: 1bd..3bd"), "{partner}");
    let customer = md.split("## +4930901822").nth(1).unwrap_or("");
    assert!(customer.contains("duration: 5m..1h"), "{customer}");
}

#[test]
fn a_groups_earliest_start_is_the_earliest_of_its_numbers() {
    // Two numbers that read the same (the same step under way), the second started a day
    // earlier: the group is drawn from the first, and its earliest start is the second's.
    let plan = "version: 1
plan:
  name: Two partner numbers under way
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
numbers:
  - number: '+49 30 901820'
    source: {bsp: {partner: 360dialog, source_waba_admin: partner}}
    started:
      - {step: disable-two-step-verification, at: '2026-11-24T09:00:00+01:00'}
  - number: '+49 30 901821'
    source: {bsp: {partner: 360dialog, source_waba_admin: partner}}
    started:
      - {step: disable-two-step-verification, at: '2026-11-23T10:00:00+01:00'}
";
    let (code, md, stderr) = run(&["runbook", "-", "--at", AT], plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        md.contains("## 2 numbers: +4930901820, +4930901821"),
        "{md}"
    );
    let step = md
        .split("(`disable-two-step-verification`)")
        .nth(1)
        .and_then(|rest| rest.lines().nth(1))
        .unwrap_or_default();
    assert!(
        step.contains("earliest start: Mon 2026-11-23 10:00 CET"),
        "{step}"
    );
    assert!(step.contains("started 2026-11-24 09:00 CET"), "{step}");
}

#[test]
fn output_file_gets_what_standard_output_gets_and_never_the_plan() {
    // `runbook -o` was unknown ("to pass '-o' as a value, use '-- -o'"), though `checklist -o`
    // existed: the same option for the same job now.
    let dir = std::env::temp_dir().join(format!("wamigrate-runbook-o-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = dir.join("plan.yaml");
    let original = std::fs::read_to_string("plans/bsp.yaml").expect("example plan");
    std::fs::write(&plan, &original).expect("write plan");
    let plan = plan.to_str().expect("UTF-8 path");
    let file = dir.join("runbook.md");
    let file_arg = file.to_str().expect("UTF-8 path");
    let (_, expected, _) = run(&["runbook", plan, "--at", AT], "");
    for _ in 0..2 {
        // Written, then replaced.
        let (code, stdout, stderr) = run(&["runbook", plan, "--at", AT, "-o", file_arg], "");
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.is_empty() && stderr.is_empty(), "{stdout}{stderr}");
        assert_eq!(std::fs::read_to_string(&file).expect("written"), expected);
    }
    let journal = dir.join("plan.journal");
    for output in [plan, journal.to_str().expect("UTF-8 path")] {
        let (code, _, stderr) = run(&["runbook", plan, "--at", AT, "-o", output], "");
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.contains("help: write the runbook to another file"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read_to_string(plan).expect("plan"), original);
    assert!(!journal.exists());
    let _ = std::fs::remove_dir_all(dir);
}

#[cfg(unix)]
#[test]
fn output_through_a_link_to_the_journal_not_yet_recorded_is_refused() {
    // A symbolic link to `plan.journal` before the first `record` passed the guard (its target
    // did not exist, so its path did not resolve), and `-o` wrote the runbook through it: the
    // journal was then a runbook, and every later command failed on it.
    let dir = std::env::temp_dir().join(format!("wamigrate-runbook-link-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = dir.join("plan.yaml");
    std::fs::write(
        &plan,
        std::fs::read_to_string("plans/bsp.yaml").expect("example plan"),
    )
    .expect("write plan");
    let journal = dir.join("plan.journal");
    let link = dir.join("runbook.md");
    let chained = dir.join("notes.md");
    std::os::unix::fs::symlink("plan.journal", &link).expect("symlink");
    std::os::unix::fs::symlink(&link, &chained).expect("symlink");
    let plan = plan.to_str().expect("UTF-8 path");
    for output in [&link, &chained] {
        let output = output.to_str().expect("UTF-8 path");
        let (code, stdout, stderr) = run(&["runbook", plan, "--at", AT, "-o", output], "");
        assert_eq!(code, 2, "{output}: {stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert!(stderr.contains("journal is kept"), "{stderr}");
        assert!(!journal.exists(), "-o {output} wrote the journal");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn dash_as_output_is_standard_output_for_every_writer() {
    // `-o -` wrote a file named `-`, where `--from-csv -` reads standard input: a script that
    // passes `-o "$OUT"` with OUT=- got nothing on its pipe. Run in an empty folder, so a file
    // named `-` would show.
    let dir = std::env::temp_dir().join(format!("wamigrate-dash-o-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let plan = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let plan = plan.to_str().expect("UTF-8 path");
    let in_dir = |args: &[&str]| {
        let output = cargo_bin_cmd!("wamigrate")
            .current_dir(&dir)
            .env_remove("CLICOLOR_FORCE")
            .args(args)
            .output()
            .expect("wamigrate runs");
        (
            output.status.code().expect("an exit code"),
            String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        )
    };
    for command in ["runbook", "checklist", "graph"] {
        let (code, expected) = in_dir(&[command, plan, "--at", AT]);
        assert_eq!(code, 0, "{command}");
        let (code, dashed) = in_dir(&[command, plan, "--at", AT, "-o", "-"]);
        assert_eq!((code, dashed), (0, expected), "{command} -o -");
    }
    let init = [
        "init",
        "--source",
        "bsp",
        "--partner",
        "x",
        "--region",
        "r",
        "--org",
        "o",
    ];
    let (code, expected) = in_dir(&init);
    assert_eq!(code, 0);
    let (code, dashed) = in_dir(&[&init[..], &["-o", "-"]].concat());
    assert_eq!((code, dashed), (0, expected), "init -o -");
    assert!(!dir.join("-").exists(), "a file named `-` was written");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_window_that_cannot_hold_is_said_in_the_runbook_as_dry_run_says_it() {
    // +49 40 3003 9900 cannot be ready before Fri 2026-11-27, the window opens Wed 2026-11-25:
    // `dry-run` says "Window: cannot hold"; the runbook once printed due dates days before the
    // earliest starts and never said why.
    let args = [
        "plans/fleet.yaml",
        "--at",
        AT,
        "--number",
        "+49 40 3003 9900",
    ];
    let reason = "cannot hold: the earliest safe cutover (Fri 2026-11-27 12:00 CET) is after the window starts (Wed 2026-11-25 12:30 CET)";
    let (_, dry_run, _) = run(&[&["dry-run"][..], &args].concat(), "");
    assert!(dry_run.contains(&format!("Window: {reason}")), "{dry_run}");
    let (code, markdown, stderr) = run(&[&["runbook"][..], &args].concat(), "");
    assert_eq!(code, 0, "{stderr}");
    assert!(
        markdown.contains(&format!("- Window: {reason}\n")),
        "{markdown}"
    );
    let (code, html, stderr) = run(&[&["runbook", "--format", "html"][..], &args].concat(), "");
    assert_eq!(code, 0, "{stderr}");
    assert!(html.contains("<li>Window: cannot hold: "), "{html}");
    // No window planned: nothing to say.
    let (_, bsp, _) = run(&["runbook", "plans/bsp.yaml", "--at", AT], "");
    assert!(!bsp.contains("Window:"), "{bsp}");
}

#[test]
fn a_step_done_by_the_plans_facts_reads_done_with_the_reason_in_parentheses() {
    // "Status: done implied by the plan's facts" read as a sentence gone wrong.
    for (command, format, expected) in [
        (
            "runbook",
            "markdown",
            "· done (implied by the plan's facts)",
        ),
        (
            "checklist",
            "markdown",
            "Status: done (implied by the plan's facts)",
        ),
        (
            "checklist",
            "html",
            "done (implied by the plan&#39;s facts)",
        ),
    ] {
        let (code, stdout, stderr) = run(
            &[command, "plans/bsp.yaml", "--at", AT, "--format", format],
            "",
        );
        assert_eq!(code, 0, "{command} {format}: {stderr}");
        assert!(stdout.contains(expected), "{command} {format}: {stdout}");
        assert!(!stdout.contains("done implied"), "{command} {format}");
    }
}

#[test]
fn a_cutover_recorded_outside_the_window_does_not_read_as_a_window_that_holds() {
    // A number whose cutover began a week before its window read "Window: holds" while cutting
    // over, and nothing once live, in every view; dry-run exited 0 with "Cutover window: holds".
    let plan = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/invalid/cutover-outside-window.yaml"),
    )
    .expect("the fixture");
    let at = ["--at", "2026-12-05T10:00"];
    let reason = "Window: not kept: `verify-number-in-embedded-signup` was recorded done at 2026-11-24 09:10 CET, before the window opened";
    let (code, dry_run, stderr) = run(
        &[&["dry-run", "-", "--color", "never"][..], &at].concat(),
        &plan,
    );
    assert_eq!(code, 0, "live is ready: {stderr}");
    assert!(dry_run.contains(reason), "{dry_run}");
    assert!(
        dry_run.contains("warning[cutover-outside-window]"),
        "{dry_run}"
    );
    assert!(
        dry_run.contains("Cutover window: not kept (1 not kept)"),
        "{dry_run}"
    );
    assert!(!dry_run.contains("indow: holds"), "{dry_run}");
    let (code, markdown, stderr) = run(&[&["runbook", "-"][..], &at].concat(), &plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(markdown.contains(&format!("- {reason}")), "{markdown}");
    let (code, html, stderr) = run(&[&["checklist", "-"][..], &at].concat(), &plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(html.contains("live; window not kept"), "{html}");
    assert!(html.contains("Window: not kept: "), "{html}");
    // Cutting over (the save still to come): it said "Window: holds".
    let cutting = plan.replace(
        "      - {step: save-integration, at: \"2026-12-01T22:05\"}\n",
        "",
    );
    assert_ne!(cutting, plan);
    let (_, markdown, _) = run(&["runbook", "-", "--at", "2026-11-25T10:00"], &cutting);
    assert!(markdown.contains(&format!("- {reason}")), "{markdown}");
    assert!(!markdown.contains("Window: holds"), "{markdown}");
}

#[test]
fn a_step_the_window_holds_back_reads_held_not_ready() {
    // plans/display-name-change.yaml with its window six weeks on: the rejected name is edited no
    // earlier than 14 days before the window (an approval older than that is reviewed again), so
    // `edit-display-name` cannot start before 6 January. It read "ready", counted under "Who must
    // act" and as `status`'s next step with nothing to say it must wait, which invites doing it
    // now, the very thing its action forbids.
    let plan = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/display-name-change.yaml"),
    )
    .expect("the plan")
    .replace("start: 2026-12-06T07:00", "start: 2027-01-20T07:00")
    .replace("end: 2026-12-06T08:00", "end: 2027-01-20T08:00");
    assert!(plan.contains("2027-01-20T07:00"), "{plan}");
    let at = ["--at", "2026-12-05T10:00"];
    let (_, text, _) = run(
        &[&["dry-run", "-", "--color", "never"][..], &at].concat(),
        &plan,
    );
    assert!(text.contains("    held     edit-display-name"), "{text}");
    assert!(
        text.contains("when: held until Wed 2027-01-06 07:00 CET by the window; earliest start Wed 2027-01-06 09:00 CET"),
        "{text}"
    );
    assert!(!text.contains("Who must act"), "{text}");
    let (_, json, _) = run(
        &[&["dry-run", "-", "--format", "json"][..], &at].concat(),
        &plan,
    );
    let report: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(report["summary"]["blocking_steps_awaiting_action"], 0);
    let step = report["numbers"][1]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == "edit-display-name")
        .expect("edit-display-name");
    assert_eq!(step["status"], "ready");
    assert_eq!(step["held_until"], "2027-01-06T06:00:00Z");
    let (_, status, _) = run(
        &[&["status", "-", "--color", "never"][..], &at].concat(),
        &plan,
    );
    assert!(
        status.contains(
            "next       edit-display-name (customer, held by the window until 2027-01-06 07:00 CET)"
        ),
        "{status}"
    );
    let (_, markdown, _) = run(&[&["runbook", "-"][..], &at].concat(), &plan);
    assert!(
        markdown.contains("status: held until Wed 2027-01-06 07:00 CET"),
        "{markdown}"
    );
    // Once that moment has come, it is ready like any other step.
    let (_, later, _) = run(
        &[
            "dry-run",
            "-",
            "--color",
            "never",
            "--at",
            "2027-01-07T10:00",
        ],
        &plan,
    );
    assert!(later.contains("    ready    edit-display-name"), "{later}");
    assert!(!later.contains("held until"), "{later}");
}

#[test]
fn status_json_writes_held_until_null_for_a_step_nothing_holds_back() {
    // `status --format json` left `held_until` and `held_until_local` out of a ready step the
    // window does not hold back, where `dry-run` writes `null` and json-output.md says absent
    // values are `null`, never missing keys: a consumer reading the key found nothing to read.
    let plan = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/display-name-change.yaml"),
    )
    .expect("the plan")
    .replace("start: 2026-12-06T07:00", "start: 2027-01-20T07:00")
    .replace("end: 2026-12-06T08:00", "end: 2027-01-20T08:00");
    let next = |at: &str| {
        let (_, json, stderr) = run(
            &[
                "status",
                "-",
                "--no-journal",
                "--format",
                "json",
                "--at",
                at,
            ],
            &plan,
        );
        let status: serde_json::Value = serde_json::from_str(&json).expect(&stderr);
        assert_eq!(
            status["format_version"],
            wamigrate::report::status::STATUS_FORMAT_VERSION
        );
        status["numbers"]
            .as_array()
            .expect("numbers")
            .iter()
            .flat_map(|n| n["next"].as_array().expect("next").clone())
            .find(|s| s["step"] == "edit-display-name")
            .expect("edit-display-name is next")
    };
    let held = next("2026-12-05T10:00");
    assert_eq!(held["held_until"], "2027-01-06T06:00:00Z", "{held}");
    assert_eq!(held["held_until_local"], "2027-01-06 07:00 CET", "{held}");
    let free = next("2027-01-07T10:00");
    // `get`, not indexing: indexing reads a missing key as `null` too.
    assert_eq!(
        free.get("held_until"),
        Some(&serde_json::Value::Null),
        "{free}"
    );
    assert_eq!(
        free.get("held_until_local"),
        Some(&serde_json::Value::Null),
        "{free}"
    );
}

#[test]
fn chromium_never_leaves_a_runbook_heading_alone_at_the_foot_of_a_page() {
    // Printed from a browser, six numbers' headings and facts of plans/fleet.yaml ended a Letter
    // page with their steps on the next (the checklist had the same fault, fixed before).
    if !print::can_print() {
        return;
    }
    for plan in ["fleet", "fleet-sign-off"] {
        let dir = std::env::temp_dir().join(format!(
            "wamigrate-runbook-print-{plan}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let html = dir.join(format!("{plan}.html"));
        let pdf = dir.join(format!("{plan}.pdf"));
        let source = format!("plans/{plan}.yaml");
        let (code, _, stderr) = run(
            &[
                "runbook",
                &source,
                "--at",
                AT,
                "--format",
                "html",
                "-o",
                html.to_str().expect("UTF-8 path"),
            ],
            "",
        );
        assert_eq!(code, 0, "{stderr}");
        print::print_to_pdf(&dir, &html, &pdf);
        let page = std::fs::read_to_string(&html).expect("the HTML");
        // Every heading is followed by steps ("1. Title", "3a. Title").
        let headings: Vec<String> = page
            .split("<h2>")
            .skip(1)
            .filter_map(|h| h.split("</h2>").next())
            .map(|h| h.replace("&#39;", "'").replace("&amp;", "&"))
            .filter(|h| !h.contains('<') && !h.contains('&'))
            .collect();
        assert!(headings.len() > 2, "{headings:?}");
        let text = std::process::Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        let text = String::from_utf8_lossy(&text.stdout);
        let is_step = |l: &str| {
            l.split_once(". ").is_some_and(|(label, _)| {
                !label.is_empty()
                    && label.starts_with(|c: char| c.is_ascii_digit())
                    && label.chars().all(|c| c.is_ascii_alphanumeric())
            })
        };
        let mut checked = 0;
        for (number, page) in text.split('\u{c}').enumerate() {
            let lines: Vec<&str> = page
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let Some(last) = lines.iter().rposition(|l| headings.iter().any(|h| h == l)) else {
                continue;
            };
            checked += 1;
            assert!(
                lines[last..].iter().any(|l| is_step(l)),
                "{plan}, page {}: `{}` is printed without a step after it",
                number + 1,
                lines[last]
            );
        }
        assert!(checked >= 2, "{plan}: {checked} pages with headings");
        let _ = std::fs::remove_dir_all(dir);
    }
}
