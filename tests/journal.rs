//! The runner end to end: `record` a whole cutover of every example plan, read it back with
//! `status`, `billing`, `journal` and the checklist; refuse what cannot have happened; lose
//! nothing to concurrent writers, a crash mid-append or a git union merge.

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;
use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;

/// A scratch directory, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        // The process id in letters: the tests check that digits of a PIN appear nowhere in
        // the output, which quotes this path, and a pid holding `913` made them fail at random.
        let pid: String = std::process::id()
            .to_string()
            .bytes()
            .map(|d| char::from(b'a' + (d - b'0')))
            .collect();
        let dir = std::env::temp_dir().join(format!("wamigrate-journal-{name}-{pid}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }

    /// Copies an example plan in; returns its path.
    fn plan(&self, example: &str) -> String {
        let to = self.0.join(example);
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("plans")
                .join(example),
            &to,
        )
        .expect("copy plan");
        to.to_str().expect("UTF-8 path").to_string()
    }

    fn journal(&self, example: &str) -> PathBuf {
        self.0.join(example).with_extension("journal")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn wamigrate(args: &[&str]) -> Run {
    let out = Process::cargo_bin("wamigrate")
        .expect("binary")
        .args(args)
        .env_remove("WAMIGRATE_BY")
        .env("USER", "tester")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The event id of a journal line (another line gets another id of the same shape, as
/// `record` writes them: 20 of one letter).
fn id_of(line: &str) -> String {
    let start = line.find("\"id\":\"").expect("an id") + "\"id\":\"".len();
    line[start..start + 20].to_string()
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON ({e}):\n{}\n{}", run.stdout, run.stderr))
}

fn t(minutes: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
        .single()
        .expect("valid")
        + chrono::Duration::minutes(minutes)
}

fn stamp(minutes: i64) -> String {
    t(minutes).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// After every recorded event of a drive, no later than this.
fn end() -> String {
    stamp(10_000)
}

/// The first step ready now: a fleet step, else a number's.
fn next_ready(status: &Value) -> Option<(String, String)> {
    if let Some(step) = status["fleet_next"].as_array().and_then(|a| a.first()) {
        return Some(("fleet".into(), step["step"].as_str()?.into()));
    }
    status["numbers"].as_array()?.iter().find_map(|n| {
        let step = n["next"].as_array()?.first()?;
        Some((n["number"].as_str()?.into(), step["step"].as_str()?.into()))
    })
}

/// Records the ready steps of the plan (one a minute) until its first number's downtime has
/// started; returns the status at that minute and the minute.
fn drive_until_downtime(plan: &str) -> (Value, i64) {
    let mut minute = 0;
    loop {
        let status = json(&wamigrate(&[
            "status",
            plan,
            "--at",
            &stamp(minute),
            "--format",
            "json",
        ]));
        if status["numbers"][0]["downtime"]["started_at"].is_string() {
            return (status, minute);
        }
        let (scope, step) = next_ready(&status).expect("a ready step");
        let run = wamigrate(&[
            "record",
            plan,
            &scope,
            &step,
            "--done",
            "--at",
            &stamp(minute),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        minute += 1;
        assert!(minute < 100, "the downtime never starts");
    }
}

/// Each number's first ready step, in the plan's order.
fn ready_per_number(status: &Value) -> Vec<(String, String)> {
    status["numbers"]
        .as_array()
        .expect("numbers")
        .iter()
        .filter_map(|n| {
            let step = n["next"].as_array()?.first()?;
            Some((
                n["number"].as_str()?.to_string(),
                step["step"].as_str()?.to_string(),
            ))
        })
        .collect()
}

/// Records every ready step as done, one a minute, until nothing is left; returns how many.
fn drive(plan: &str) -> i64 {
    let mut minute = 0;
    loop {
        let status = wamigrate(&["status", plan, "--at", &end(), "--format", "json"]);
        assert!(
            [0, 3, 4].contains(&status.code),
            "status: {}",
            status.stderr
        );
        let Some((number, step)) = next_ready(&json(&status)) else {
            return minute;
        };
        let at = stamp(minute);
        let run = wamigrate(&["record", plan, &number, &step, "--done", "--at", &at]);
        assert_eq!(
            run.code, 0,
            "record {number} {step}: {}{}",
            run.stdout, run.stderr
        );
        minute += 1;
        assert!(minute < 500, "the drive does not end");
    }
}

#[test]
fn a_full_cutover_of_every_example_plan_is_recorded_and_read_back() {
    let examples: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("plans"))
            .expect("plans")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .filter(|n| Path::new(n).extension().is_some_and(|e| e == "yaml"))
            .collect();
    assert!(examples.len() >= 5);
    for example in &examples {
        let dir = Scratch::new(&format!("drive-{}", example.replace('.', "-")));
        let plan = dir.plan(example);
        let before = json(&wamigrate(&[
            "billing",
            &plan,
            "--at",
            &stamp(-1),
            "--format",
            "json",
        ]));
        let recorded = drive(&plan);
        assert!(recorded > 0, "{example}: nothing to record");

        // Every number is complete, and the journal holds each event once.
        let status = wamigrate(&["status", &plan, "--at", &end(), "--format", "json"]);
        let status_json = json(&status);
        for n in status_json["numbers"].as_array().expect("numbers") {
            assert_eq!(n["state"], "complete", "{example}: {n}");
        }
        assert_eq!(status_json["journal"]["events"], recorded, "{example}");
        assert_eq!(status_json["journal"]["counted"], recorded, "{example}");
        let history = wamigrate(&["journal", &plan, "--format", "json"]);
        assert_eq!(history.code, 0, "{example}: {}", history.stderr);
        let events = json(&history)["events"].as_array().expect("events").len();
        assert_eq!(i64::try_from(events).expect("small"), recorded, "{example}");

        // Billing: the earlier payer before the hand-over, the later one after it.
        let after = json(&wamigrate(&[
            "billing",
            &plan,
            "--at",
            &end(),
            "--format",
            "json",
        ]));
        for (b, a) in before["numbers"]
            .as_array()
            .expect("numbers")
            .iter()
            .zip(after["numbers"].as_array().expect("numbers"))
        {
            if b["handover_step"].is_string() && b["handed_over_at"].is_null() {
                assert_eq!(b["payer"], b["before"], "{example}: {b}");
            }
            assert_eq!(a["payer"], a["after"], "{example}: {a}");
            assert!(a["handover_step"].is_null() || a["handed_over_at"].is_string());
        }

        // The printed checklist says who did what when.
        let checklist = wamigrate(&["checklist", &plan, "--at", &end(), "--format", "markdown"]);
        assert_eq!(checklist.code, 0, "{example}: {}", checklist.stderr);
        assert!(checklist.stdout.contains("tester"), "{example}: no `by`");
    }
}

#[test]
fn billing_follows_the_handover_moment_to_the_minute() {
    let dir = Scratch::new("billing");
    let plan = dir.plan("bsp.yaml");
    for (step, minute) in [
        ("verify-number-in-embedded-signup", 0),
        ("save-integration", 10),
    ] {
        let run = wamigrate(&[
            "record",
            &plan,
            "+49 30 901820",
            step,
            "--done",
            "--at",
            &stamp(minute),
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    let payer = |minute: i64| {
        let b = json(&wamigrate(&[
            "billing",
            &plan,
            "--at",
            &stamp(minute),
            "--format",
            "json",
        ]));
        b["numbers"][0]["payer"]
            .as_str()
            .expect("payer")
            .to_string()
    };
    let confirmation = json(&wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "review-duplicated-templates",
        "--started",
        "--at",
        &stamp(11),
        "--format",
        "json",
    ]));
    assert_eq!(
        confirmation["format_version"],
        wamigrate::journal::RECORD_FORMAT_VERSION
    );
    assert_eq!(confirmation["event"]["event"], "started");
    assert_eq!(payer(9), "360dialog");
    assert_eq!(payer(10), "Genesys");
    let text = wamigrate(&["billing", &plan, "--at", &stamp(9)]);
    assert!(
        text.stdout.contains("even when delivered after"),
        "{}",
        text.stdout
    );
}

#[test]
fn status_shows_the_step_under_way_downtime_so_far_and_overrun() {
    let dir = Scratch::new("downtime");
    let plan = dir.plan("engage.yaml");
    // Take the Engage number through to the deletion that starts its downtime.
    let (_, minute) = drive_until_downtime(&plan);
    let started = minute - 1;
    // Someone starts the next step; status says who, since when, and how long it has been down.
    let status = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(started),
        "--format",
        "json",
    ]));
    let (scope, step) = next_ready(&status).expect("a ready step");
    let run = wamigrate(&[
        "record",
        &plan,
        &scope,
        &step,
        "--started",
        "--at",
        &stamp(started),
        "--by",
        "j.doe",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let later = wamigrate(&["status", &plan, "--at", &stamp(started + 30)]);
    assert!(
        later.stdout.contains(&format!("under way  {step}")),
        "{}",
        later.stdout
    );
    assert!(later.stdout.contains("by j.doe"), "{}", later.stdout);
    assert!(later.stdout.contains("30 min so far"), "{}", later.stdout);
    let long_after = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(started + 60 * 24 * 3),
        "--format",
        "json",
    ]));
    let d = &long_after["numbers"][0]["downtime"];
    assert_eq!(d["overrunning"], true, "{d}");
    assert_eq!(long_after["summary"]["exit_code"], 4);
    let text = wamigrate(&["status", &plan, "--at", &stamp(started + 60 * 24 * 3)]);
    assert_eq!(text.code, 4);
    assert!(text.stdout.contains("overrun"), "{}", text.stdout);
}

#[test]
fn impossible_transitions_are_refused_with_a_reason_and_an_exit_code() {
    let dir = Scratch::new("refusals");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    let record = |args: &[&str]| {
        let mut all = vec!["record", plan.as_str()];
        all.extend_from_slice(args);
        wamigrate(&all)
    };
    // Before its prerequisite.
    let r = record(&[n, "save-integration", "--done", "--at", &stamp(0)]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("error[transition-refused]"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("verify-number-in-embedded-signup"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(&format!(
            "wamigrate record {plan} {n} verify-number-in-embedded-signup --done"
        )),
        "{}",
        r.stderr
    );
    // An unknown step, a step of another source kind, an unknown number: usage errors.
    let r = record(&[n, "save-integraton", "--done"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `save-integration`?"),
        "{}",
        r.stderr
    );
    let r = record(&[n, "delete-engage-integration", "--done"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("comes from bsp"), "{}", r.stderr);
    let r = record(&["+4930901829", "save-integration", "--done"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("has no number"), "{}", r.stderr);
    let r = record(&[n, "meta-portfolio-access", "--done"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("fleet step"), "{}", r.stderr);
    // In the future.
    let future = (Utc::now() + chrono::Duration::hours(2))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &future,
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("in the future"), "{}", r.stderr);
    // Done, then done again; then a prerequisite undone under it; a time before the step started.
    assert_eq!(
        record(&[
            n,
            "verify-number-in-embedded-signup",
            "--started",
            "--at",
            &stamp(5)
        ])
        .code,
        0
    );
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(4),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("it started at"), "{}", r.stderr);
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(6),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("now ready:\n    save-integration (customer) for +4930901820"),
        "{}",
        r.stdout
    );
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(7),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("it is done"), "{}", r.stderr);
    let r = record(&[n, "save-integration", "--done", "--at", &stamp(5)]);
    assert_eq!(r.code, 1, "before its prerequisite was done");
    assert!(!r.stdout.contains("now ready"));
    assert!(r.stderr.contains("is in progress then"), "{}", r.stderr);
    assert_eq!(
        record(&[n, "save-integration", "--done", "--at", &stamp(8)]).code,
        0
    );
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--undone",
        "wrong number",
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("builds on it"), "{}", r.stderr);
    // A reason is required where the event needs one (clap: usage error).
    let r = record(&[n, "save-integration", "--failed"]);
    assert_eq!(r.code, 2);
    // Forced: recorded, and the reason shown.
    let r = record(&[
        n,
        "verify-number-in-embedded-signup",
        "--undone",
        "wrong number",
        "--force",
        "re-verified on the phone",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("forced past"), "{}", r.stdout);
    let history = wamigrate(&["journal", &plan]);
    assert!(
        history.stdout.contains("forced: re-verified on the phone"),
        "{}",
        history.stdout
    );
    assert!(
        history.stdout.contains("reason: wrong number"),
        "{}",
        history.stdout
    );
    // Nothing refused was written: 4 events.
    assert_eq!(
        json(&wamigrate(&["journal", &plan, "--format", "json"]))["events"]
            .as_array()
            .map(Vec::len),
        Some(4)
    );
}

/// `record` of number `n`'s `verify-number-in-embedded-signup` with a free text under `option`
/// (`--note`, `--by`, `--force` with `--started`; a reason for `--failed`, `--skipped`,
/// `--undone`).
fn record_with_text(plan: &str, n: &str, option: &str, text: &str) -> Run {
    let mut args = vec!["record", plan, n, "verify-number-in-embedded-signup"];
    if !["--failed", "--skipped", "--undone"].contains(&option) {
        args.push("--started");
    }
    args.extend([option, text]);
    wamigrate(&args)
}

#[test]
fn a_control_character_in_any_free_text_is_refused() {
    // `journal` and `status` print these texts again; a carriage return or an escape in one
    // would rewrite what the terminal shows.
    let dir = Scratch::new("control");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    for option in [
        "--note",
        "--by",
        "--force",
        "--failed",
        "--skipped",
        "--undone",
    ] {
        for text in [
            "ok\rdone",
            "a\u{1b}[31mred",
            "two\nlines",
            "bell\u{7}",
            "c1\u{85}x",
        ] {
            let r = record_with_text(&plan, n, option, text);
            assert_eq!(r.code, 2, "{option} {text:?}: {}", r.stderr);
            assert!(r.stderr.contains("control character"), "{}", r.stderr);
        }
    }
    assert!(!dir.journal("bsp.yaml").exists());
}

#[test]
fn every_step_a_plan_accepts_is_recorded_and_read_back() {
    // `record` wrote lines its own reader refused (a step id with six digits, a step id in
    // another script, a leap second): every later report exited 1 and every later `record` was
    // refused until the journal was mended by hand.
    let dir = Scratch::new("any-id");
    let plan = dir.0.join("ids.yaml");
    let long = "x".repeat(300);
    let ids = [
        "s-482913",
        "\u{6f22}\u{5b57}",
        "\u{e9}tape-2026-12-05",
        "wave.v2_final",
        long.as_str(),
    ];
    let steps = ids
        .map(|id| format!("  - {{id: \"{id}\", title: t, owner: customer}}\n"))
        .join("");
    std::fs::write(
        &plan,
        format!(
            "version: 1\nplan:\n  name: T\n  destination: {{region: eu-central-1, org: o, time_zone: Europe/Berlin}}\nfleet:\n  done: [meta-portfolio-access]\nnumbers:\n  - number: \"+49 30 901820\"\n    display_name_status: approved\n    source:\n      bsp: {{partner: p}}\nsteps:\n{steps}"
        ),
    )
    .expect("plan");
    let plan = plan.to_str().expect("UTF-8");
    for (i, id) in ids.iter().enumerate() {
        let at = format!("2026-12-0{}T09:00:00Z", i + 1);
        let r = wamigrate(&["record", "--done", plan, "fleet", id, "--at", &at]);
        assert_eq!(r.code, 0, "{id}: {}", r.stderr);
    }
    let r = wamigrate(&["journal", plan, "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let history = json(&r);
    let steps: Vec<&str> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["step"].as_str().expect("step"))
        .collect();
    assert_eq!(steps, ids);
    let status = wamigrate(&["status", plan, "--format", "json"]);
    assert_ne!(status.code, 1, "{}", status.stderr);
    // A leap second is refused before anything is written.
    let r = wamigrate(&[
        "record",
        "--done",
        plan,
        "fleet",
        ids[0],
        "--at",
        "2026-12-31T23:59:60Z",
    ]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(wamigrate(&["journal", plan]).code, 0);
    // A step the plan does not have is not counted, and its digits are not shown.
    let journal = dir.0.join("ids.journal");
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    let first = text.lines().next().expect("a line").to_string();
    text.push_str(
        &first
            .replace("\"s-482913\"", "\"pin-731946\"")
            .replace(&id_of(&first), &"x".repeat(20)),
    );
    text.push('\n');
    std::fs::write(&journal, text).expect("hand edit");
    for format in ["text", "json"] {
        let r = wamigrate(&["journal", plan, "--format", format]);
        assert!(!r.stdout.contains("731946"), "{}", r.stdout);
        assert!(!r.stderr.contains("731946"), "{}", r.stderr);
    }
}

#[test]
fn a_pin_in_any_free_text_is_refused_and_never_echoed() {
    let dir = Scratch::new("pin");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    for (option, text) in [
        ("--note", "pin 482913"),
        ("--note", "482913"),
        ("--by", "j.doe 482913"),
        ("--force", "two-step code is 482913"),
        ("--failed", "PIN: 482913 rejected"),
        ("--skipped", "passcode 482913"),
        ("--undone", "2FA 482913"),
        ("--failed", "(482) 913"),
        ("--note", "[482][913]"),
    ] {
        let r = record_with_text(&plan, n, option, text);
        assert_eq!(r.code, 1, "{option} {text}: {}", r.stderr);
        assert!(r.stderr.contains("pin-in-record"), "{}", r.stderr);
        assert!(!r.stderr.contains("482913") && !r.stdout.contains("482913"));
        assert!(
            !r.stderr.contains("913") && !r.stdout.contains("913"),
            "{}",
            r.stderr
        );
    }
    // Six digits that start like Meta's codes are exempt only as a code `explain` knows, right
    // after the word "error": not after a name with "err" in it, not an unknown code.
    for (option, text, digits) in [
        ("--note", "Terry: 134679", "134679"),
        ("--note", "error 135790", "135790"),
        ("--by", "Sherri 139713", "139713"),
        ("--failed", "Ferry Line 2FA 131313", "131313"),
    ] {
        let r = record_with_text(&plan, n, option, text);
        assert_eq!(r.code, 1, "{option} {text}: {}", r.stderr);
        assert!(r.stderr.contains("pin-in-record"), "{}", r.stderr);
        assert!(!r.stderr.contains(digits) && !r.stdout.contains(digits));
    }
    assert!(
        !dir.journal("bsp.yaml").exists()
            || std::fs::read_to_string(dir.journal("bsp.yaml"))
                .expect("read")
                .is_empty()
    );
    // A hand-edited line holding a PIN is never shown.
    let line = r#"{"id":"hhhhhhhhhhhhhhhhhhhh","recorded":"2026-12-01T08:00:00Z","at":"2026-12-01T08:00:00Z","number":"+4930901820","step":"verify-number-in-embedded-signup","event":"started","note":"the pin is 482913","plan":"sha256:aaaaaaaaaaaaaaaa"}"#;
    std::fs::write(dir.journal("bsp.yaml"), format!("{line}\n{line}x\n")).expect("write");
    for args in [
        vec!["journal", plan.as_str()],
        vec!["journal", plan.as_str(), "--format", "json"],
        vec!["status", plan.as_str()],
        vec!["status", plan.as_str(), "--format", "json"],
    ] {
        let r = wamigrate(&args);
        assert!(
            !r.stdout.contains("482913") && !r.stderr.contains("482913"),
            "{args:?}:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

#[test]
fn a_changed_plan_is_refused_until_acknowledged() {
    let dir = Scratch::new("stale");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    assert_eq!(
        wamigrate(&[
            "record",
            &plan,
            n,
            "verify-number-in-embedded-signup",
            "--started",
            "--at",
            &stamp(0)
        ])
        .code,
        0
    );
    // A comment is not a change.
    let text = std::fs::read_to_string(&plan).expect("read");
    std::fs::write(&plan, format!("# reviewed by Dana\n{text}")).expect("write");
    assert_eq!(
        wamigrate(&[
            "record",
            &plan,
            n,
            "verify-number-in-embedded-signup",
            "--done",
            "--at",
            &stamp(1)
        ])
        .code,
        0
    );
    // A new name is.
    let changed = text.replacen("name: ", "name: Renamed ", 1);
    assert_ne!(changed, text);
    std::fs::write(&plan, &changed).expect("write");
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "save-integration",
        "--done",
        "--at",
        &stamp(2),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("error[journal-stale]"), "{}", r.stderr);
    assert!(r.stderr.contains("--rebaseline"), "{}", r.stderr);
    let status = wamigrate(&["status", &plan, "--at", &stamp(3)]);
    assert!(
        status.stderr.contains("warning[journal-stale]"),
        "{}",
        status.stderr
    );
    assert!(
        status.stdout.contains("older version of the plan"),
        "{}",
        status.stdout
    );
    assert_eq!(
        json(&wamigrate(&[
            "status",
            &plan,
            "--at",
            &stamp(3),
            "--format",
            "json"
        ]))["journal"]["stale"],
        true
    );
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "save-integration",
        "--done",
        "--at",
        &stamp(2),
        "--rebaseline",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let status = wamigrate(&["status", &plan, "--at", &stamp(3)]);
    assert!(
        !status.stderr.contains("journal-stale"),
        "{}",
        status.stderr
    );
}

#[test]
fn a_bad_line_is_located_and_stops_the_gate_and_further_records() {
    let dir = Scratch::new("bad");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    assert_eq!(
        wamigrate(&[
            "record",
            &plan,
            n,
            "verify-number-in-embedded-signup",
            "--started",
            "--at",
            &stamp(0)
        ])
        .code,
        0
    );
    let journal = dir.journal("bsp.yaml");
    let mut text = std::fs::read_to_string(&journal).expect("read");
    text.push_str("{\"id\": 7}\n");
    std::fs::write(&journal, text).expect("write");
    let name = journal.display().to_string();
    for args in [
        vec!["status", plan.as_str()],
        vec!["dry-run", plan.as_str()],
        vec!["journal", plan.as_str()],
    ] {
        let r = wamigrate(&args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("error[journal-bad-line]"), "{}", r.stderr);
        assert!(r.stderr.contains(&format!("{name}:2:")), "{}", r.stderr);
    }
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(1),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("line 2"), "{}", r.stderr);
}

#[test]
fn twenty_concurrent_writers_all_land_exactly_once() {
    let dir = Scratch::new("concurrent");
    let plan = dir.0.join("fleet.yaml");
    let generated = wamigrate(&["generate", "--numbers", "40"]);
    assert_eq!(generated.code, 0);
    std::fs::write(&plan, generated.stdout).expect("write");
    let plan = plan.to_str().expect("UTF-8").to_string();
    let status = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(0),
        "--format",
        "json",
    ]));
    let picks: Vec<(String, String)> = ready_per_number(&status).into_iter().take(20).collect();
    assert_eq!(picks.len(), 20, "twenty numbers with a ready step");
    let at = stamp(0);
    let children: Vec<_> = picks
        .iter()
        .map(|(number, step)| {
            Process::cargo_bin("wamigrate")
                .expect("binary")
                .args(["record", &plan, number, step, "--started", "--at", &at])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let history = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    let mut seen: Vec<(String, String)> = history["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| {
            (
                e["number"].as_str().expect("n").to_string(),
                e["step"].as_str().expect("s").to_string(),
            )
        })
        .collect();
    assert_eq!(seen.len(), 20);
    seen.sort();
    let mut expected = picks.clone();
    expected.sort();
    assert_eq!(seen, expected);
    assert!(history["problems"].as_array().expect("problems").is_empty());
    let text = std::fs::read_to_string(Path::new(&plan).with_extension("journal")).expect("read");
    assert_eq!(text.lines().count(), 20, "one line each, none torn");
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the pause mid-append is a hook only debug builds of the binary read"
)]
fn a_writer_killed_mid_append_leaves_one_torn_line_that_is_reported() {
    let dir = Scratch::new("crash");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    assert_eq!(
        wamigrate(&[
            "record",
            &plan,
            n,
            "verify-number-in-embedded-signup",
            "--started",
            "--at",
            &stamp(0)
        ])
        .code,
        0
    );
    let journal = dir.journal("bsp.yaml");
    let size = std::fs::metadata(&journal).expect("journal").len();
    let mut child = Process::cargo_bin("wamigrate")
        .expect("binary")
        .args([
            "record",
            &plan,
            n,
            "verify-number-in-embedded-signup",
            "--done",
            "--at",
            &stamp(1),
        ])
        .env("WAMIGRATE_TEST_PAUSE_MID_APPEND", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let started = Instant::now();
    while std::fs::metadata(&journal).expect("journal").len() == size {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writer never wrote"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let history = wamigrate(&["journal", &plan, "--format", "json"]);
    assert_eq!(
        history.code, 0,
        "a torn line is a warning: {}",
        history.stderr
    );
    let h = json(&history);
    assert_eq!(h["torn_lines"], serde_json::json!([2]));
    assert_eq!(h["events"].as_array().map(Vec::len), Some(1));
    let text = wamigrate(&["journal", &plan]);
    assert!(
        text.stderr.contains("warning[journal-torn-line]"),
        "{}",
        text.stderr
    );
    assert!(text.stderr.contains(":2:"), "{}", text.stderr);
    // The step is still only started; recording it again lands on a fresh line.
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(1),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(":3"), "{}", r.stdout);
    let h = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    assert_eq!(h["torn_lines"], serde_json::json!([2]));
    assert_eq!(h["events"].as_array().map(Vec::len), Some(2));
    let status = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(2),
        "--format",
        "json",
    ]));
    assert_eq!(status["journal"]["torn_lines"], serde_json::json!([2]));
}

#[test]
fn two_clones_merged_with_git_union_lose_nothing_and_repeat_nothing() {
    let dir = Scratch::new("merge");
    let plan = dir.plan("fleet.yaml");
    let journal = dir.journal("fleet.yaml");
    let status = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(0),
        "--format",
        "json",
    ]));
    let picks = ready_per_number(&status);
    assert!(picks.len() >= 3, "{picks:?}");
    let started = |(number, step): &(String, String), minute: i64| {
        let r = wamigrate(&[
            "record",
            &plan,
            number,
            step,
            "--started",
            "--at",
            &stamp(minute),
        ]);
        assert_eq!(r.code, 0, "{}", r.stderr);
    };
    started(&picks[0], 0);
    let base = std::fs::read(&journal).expect("base");
    started(&picks[1], 1);
    let ours = std::fs::read(&journal).expect("ours");
    std::fs::write(&journal, &base).expect("reset");
    started(&picks[2], 2);
    let theirs = std::fs::read(&journal).expect("theirs");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.0.join(name);
        std::fs::write(&path, bytes).expect("write");
        path
    };
    let (o, b, t) = (
        write("ours", &ours),
        write("base", &base),
        write("theirs", &theirs),
    );
    let merged = Process::new("git")
        .args(["merge-file", "--union", "-p"])
        .args([&o, &b, &t])
        .output()
        .expect("git merge-file");
    assert!(merged.status.success(), "git merge-file --union");
    std::fs::write(&journal, &merged.stdout).expect("merged");
    let h = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    assert_eq!(h["events"].as_array().map(Vec::len), Some(3), "{h}");
    assert!(
        h["problems"].as_array().expect("problems").is_empty(),
        "{h}"
    );
    // A clumsier merge that repeats every line still counts each event once.
    let mut doubled = merged.stdout.clone();
    doubled.extend_from_slice(&merged.stdout);
    std::fs::write(&journal, &doubled).expect("doubled");
    let h = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    assert_eq!(h["events"].as_array().map(Vec::len), Some(3));
    assert_eq!(h["duplicate_lines"].as_array().map(Vec::len), Some(3));
    let s = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(3),
        "--format",
        "json",
    ]));
    assert_eq!(s["journal"]["counted"], 3);
    // The repository tells git to merge journals by union.
    let attributes =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitattributes"))
            .expect(".gitattributes");
    assert!(
        attributes
            .lines()
            .any(|l| l.trim() == "*.journal merge=union")
    );
}

#[test]
fn every_report_reads_the_journal_unless_told_not_to() {
    let dir = Scratch::new("readers");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    for (step, minute) in [
        ("verify-number-in-embedded-signup", 0),
        ("save-integration", 1),
    ] {
        assert_eq!(
            wamigrate(&[
                "record",
                &plan,
                n,
                step,
                "--done",
                "--at",
                &stamp(minute),
                "--by",
                "k.lee"
            ])
            .code,
            0
        );
    }
    let at = stamp(5);
    let dry = json(&wamigrate(&[
        "dry-run", &plan, "--at", &at, "--format", "json",
    ]));
    assert_eq!(dry["numbers"][0]["state"], "live");
    let without = json(&wamigrate(&[
        "dry-run",
        &plan,
        "--at",
        &at,
        "--format",
        "json",
        "--no-journal",
    ]));
    assert_eq!(without["numbers"][0]["state"], "ready_for_cutover");
    for args in [
        vec!["runbook", plan.as_str(), "--at", &at],
        vec![
            "checklist",
            plan.as_str(),
            "--at",
            &at,
            "--format",
            "markdown",
        ],
    ] {
        let r = wamigrate(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(r.stdout.contains("k.lee"), "{args:?}");
    }
    let graph = wamigrate(&["graph", &plan, "--at", &at]);
    assert_eq!(graph.code, 0);
    // Another journal by path.
    let elsewhere = dir.0.join("other.journal");
    std::fs::rename(dir.journal("bsp.yaml"), &elsewhere).expect("move");
    let moved = json(&wamigrate(&[
        "dry-run",
        &plan,
        "--at",
        &at,
        "--format",
        "json",
        "--journal",
        elsewhere.to_str().expect("UTF-8"),
    ]));
    assert_eq!(moved["numbers"][0]["state"], "live");
}

#[test]
fn a_skipped_step_counts_as_done_and_every_report_says_it_was_skipped() {
    let dir = Scratch::new("skipped");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    for args in [
        vec!["verify-number-in-embedded-signup", "--done", "--at"],
        vec!["save-integration", "--done", "--at"],
        vec![
            "review-duplicated-templates",
            "--skipped",
            "no templates in use",
            "--at",
        ],
    ] {
        let minute = stamp(0);
        let mut all = vec!["record", plan.as_str(), n];
        all.extend(args);
        all.push(&minute);
        let r = wamigrate(&all);
        assert_eq!(r.code, 0, "{}", r.stderr);
    }
    let at = stamp(5);
    let dry = wamigrate(&["dry-run", &plan, "--at", &at, "--format", "json"]);
    let steps = &json(&dry)["numbers"][0]["steps"];
    let skipped = steps
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == "review-duplicated-templates")
        .expect("the step");
    assert_eq!(skipped["status"], "done");
    assert_eq!(skipped["skipped_reason"], "no templates in use");
    let status = wamigrate(&["status", &plan, "--at", &at]);
    assert!(
        status
            .stdout
            .contains("skipped    review-duplicated-templates: no templates in use"),
        "{}",
        status.stdout
    );
    let runbook = wamigrate(&["runbook", &plan, "--at", &at]);
    assert!(
        runbook.stdout.contains("skipped") && runbook.stdout.contains("no templates in use"),
        "{}",
        runbook.stdout
    );
    // Undone, it is back to not started.
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "review-duplicated-templates",
        "--undone",
        "we do use one",
        "--at",
        &stamp(6),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let dry = json(&wamigrate(&[
        "dry-run",
        &plan,
        "--at",
        &stamp(7),
        "--format",
        "json",
    ]));
    let step = dry["numbers"][0]["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .find(|s| s["step"] == "review-duplicated-templates")
        .cloned()
        .expect("the step");
    assert_eq!(step["status"], "ready");
}

/// Records `events` (step, flag, value-or-empty, minute) for the bsp example's number; each must
/// succeed.
fn record_all(plan: &str, events: &[(&str, &str, &str, i64)]) {
    for (step, flag, value, minute) in events {
        let at = stamp(*minute);
        let mut args = vec!["record", plan, "+4930901820", step, flag];
        if !value.is_empty() {
            args.push(value);
        }
        args.extend(["--at", &at]);
        let r = wamigrate(&args);
        assert_eq!(r.code, 0, "{step} {flag}: {}", r.stderr);
    }
}

#[test]
fn the_switch_over_cannot_be_skipped_even_forced_and_a_hand_edited_skip_is_not_counted() {
    let dir = Scratch::new("skip-switch");
    let plan = dir.plan("bsp.yaml");
    record_all(
        &plan,
        &[("verify-number-in-embedded-signup", "--done", "", 0)],
    );
    for force in [false, true] {
        let mut args = vec![
            "record",
            plan.as_str(),
            "+4930901820",
            "save-integration",
            "--skipped",
            "do it later",
        ];
        if force {
            args.extend(["--force", "trust me"]);
        }
        let r = wamigrate(&args);
        assert_eq!(r.code, 1, "force {force}: {}", r.stderr);
        assert!(r.stderr.contains("cannot be skipped"), "{}", r.stderr);
    }
    // Written by hand (or merged in), it is a conflict, and the number is not live.
    let journal = dir.journal("bsp.yaml");
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    let first = text.lines().next().expect("a line").to_string();
    text.push_str(
        &first
            .replace("verify-number-in-embedded-signup", "save-integration")
            .replace(
                "\"done\"",
                "\"skipped\",\"reason\":\"later\",\"forced\":\"x\"",
            )
            .replace(&id_of(&first), &"z".repeat(20)),
    );
    text.push('\n');
    std::fs::write(&journal, text).expect("write");
    let status = wamigrate(&["status", &plan, "--at", &stamp(5), "--format", "json"]);
    assert!(
        status.stderr.contains("warning[journal-conflict]"),
        "{}",
        status.stderr
    );
    let s = json(&status);
    assert_eq!(s["numbers"][0]["state"], "cutting_over");
    assert_eq!(s["numbers"][0]["billed"], "360dialog");
}

#[test]
fn a_backdated_event_that_would_push_out_a_later_record_is_refused() {
    let dir = Scratch::new("backdated");
    let plan = dir.plan("bsp.yaml");
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--started", "", 10),
            (
                "verify-number-in-embedded-signup",
                "--failed",
                "code expired",
                15,
            ),
        ],
    );
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--at",
        &stamp(5),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("would no longer count"), "{}", r.stderr);
    // A new attempt after the failure is fine, and the journal has no conflict.
    record_all(
        &plan,
        &[("verify-number-in-embedded-signup", "--started", "", 20)],
    );
    let h = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    assert!(
        h["problems"].as_array().expect("problems").is_empty(),
        "{h}"
    );
}

#[test]
fn a_forced_failure_takes_effect_and_an_undone_record_counts_at_no_moment() {
    let dir = Scratch::new("forced-undone");
    let plan = dir.plan("bsp.yaml");
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--done", "", 0),
            ("save-integration", "--done", "", 10),
        ],
    );
    let payer = |minute: i64| {
        json(&wamigrate(&[
            "billing",
            &plan,
            "--at",
            &stamp(minute),
            "--format",
            "json",
        ]))["numbers"][0]["payer"]
            .as_str()
            .expect("payer")
            .to_string()
    };
    assert_eq!(payer(20), "Genesys");
    record_all(
        &plan,
        &[(
            "save-integration",
            "--undone",
            "saved on the wrong number",
            30,
        )],
    );
    // The record was wrong: the hand-over never happened, at any moment.
    assert_eq!(payer(20), "360dialog");
    assert_eq!(payer(40), "360dialog");
    let s = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(40),
        "--format",
        "json",
    ]));
    assert_eq!(s["journal"]["retracted"], 1);
    // A forced failure of a done step takes effect.
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--failed",
        "Meta rejected the code after all",
        "--force",
        "Meta support says so",
        "--at",
        &stamp(41),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(42),
        "--format",
        "json",
    ]));
    let failed = &s["numbers"][0]["failed"];
    assert_eq!(failed[0]["step"], "verify-number-in-embedded-signup", "{s}");
    assert_eq!(failed[0]["reason"], "Meta rejected the code after all");
}

#[test]
fn a_merge_that_undoes_a_prerequisite_under_a_later_record_is_reported() {
    let dir = Scratch::new("merge-conflict");
    let plan = dir.plan("bsp.yaml");
    let journal = dir.journal("bsp.yaml");
    record_all(
        &plan,
        &[("verify-number-in-embedded-signup", "--done", "", 0)],
    );
    let base = std::fs::read(&journal).expect("base");
    record_all(&plan, &[("save-integration", "--done", "", 10)]);
    let ours = std::fs::read(&journal).expect("ours");
    std::fs::write(&journal, &base).expect("reset");
    record_all(
        &plan,
        &[("verify-number-in-embedded-signup", "--undone", "wrong", 20)],
    );
    let theirs = std::fs::read(&journal).expect("theirs");
    let mut merged = ours.clone();
    merged.extend_from_slice(&theirs[base.len()..]);
    std::fs::write(&journal, merged).expect("merged");
    let status = wamigrate(&["status", &plan, "--at", &stamp(30), "--format", "json"]);
    assert!(
        status.stderr.contains("warning[journal-conflict]"),
        "{}",
        status.stderr
    );
    assert!(
        status.stderr.contains("save-integration"),
        "{}",
        status.stderr
    );
    let s = json(&status);
    assert_eq!(s["numbers"][0]["state"], "ready_for_cutover", "{s}");
    assert_eq!(s["numbers"][0]["billed"], "360dialog");
}

#[test]
fn a_final_line_torn_inside_a_character_is_torn_not_bad() {
    let dir = Scratch::new("torn-utf8");
    let plan = dir.plan("bsp.yaml");
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--note",
        "Zoë confirmed ✓✓✓",
        "--at",
        &stamp(0),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let journal = dir.journal("bsp.yaml");
    let mut bytes = std::fs::read(&journal).expect("journal");
    let one = bytes.clone();
    bytes.extend_from_slice(&one);
    let tick = bytes.len() - 1 - one.iter().rev().position(|b| *b == 0x9c).expect("✓");
    bytes.truncate(tick);
    std::fs::write(&journal, &bytes).expect("write");
    let h = wamigrate(&["journal", &plan, "--format", "json"]);
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert_eq!(json(&h)["torn_lines"], serde_json::json!([2]));
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(1),
    ]);
    assert_eq!(r.code, 0, "the next record goes on: {}", r.stderr);
    // And the torn line, no longer last, stays a torn line: nothing is blocked after it.
    let h = wamigrate(&["journal", &plan, "--format", "json"]);
    assert_eq!(h.code, 0, "{}", h.stderr);
    assert_eq!(json(&h)["torn_lines"], serde_json::json!([2]));
    let s = wamigrate(&["status", &plan, "--at", &stamp(2)]);
    assert_ne!(s.code, 1, "{}", s.stderr);
}

/// `record`s `note`: refused as `pin-in-record`, its digits never shown, nothing journalled.
fn note_refused(dir: &Scratch, plan: &str, note: &str) {
    let r = wamigrate(&[
        "record",
        plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--note",
        note,
        "--at",
        "2026-12-05T10:00",
    ]);
    assert_eq!(r.code, 1, "{note:?}: {}", r.stderr);
    assert!(r.stderr.contains("pin-in-record"), "{note:?}: {}", r.stderr);
    for shown in [&r.stderr, &r.stdout] {
        assert!(
            !shown.contains("735") && !shown.contains("291"),
            "{note:?}: {shown}"
        );
    }
    assert!(!dir.journal("bsp.yaml").exists(), "{note:?} was journalled");
}

#[test]
fn a_pin_split_by_four_spaces_or_tabs_or_more_is_refused_and_not_journalled() {
    // Up to three characters joined the runs of a PIN: `PIN 735    291` was recorded. Any PIN
    // word joins them so, however written (`PIN码`, `pw:`, `كلمة المرور`).
    let dir = Scratch::new("pin-wide");
    let plan = dir.plan("bsp.yaml");
    for note in [
        "PIN 735    291",
        "PIN\t\t\t\t735\t\t\t\t291",
        "pin: 735 -- / -- 291",
        "PIN码 735    291",
        "2 FA 735    291",
        "pw: 735    291",
        "كلمة المرور 735    291",
        "code de vérification 735    291",
    ] {
        note_refused(&dir, &plan, note);
    }
}

#[test]
fn a_pin_split_by_spaces_or_in_other_digits_or_from_the_environment_is_refused() {
    let dir = Scratch::new("pin-shapes");
    let plan = dir.plan("bsp.yaml");
    for note in ["PIN 48 29 13", "pin ４８２９１３ rejected", "code 48-29-13"] {
        let r = wamigrate(&[
            "record",
            &plan,
            "+4930901820",
            "verify-number-in-embedded-signup",
            "--started",
            "--note",
            note,
        ]);
        assert_eq!(r.code, 1, "{note}: {}", r.stderr);
        assert!(!r.stderr.contains(note), "{}", r.stderr);
        assert!(r.stderr.contains("pin-in-record"), "{}", r.stderr);
    }
    let r = Process::cargo_bin("wamigrate")
        .expect("binary")
        .args([
            "record",
            &plan,
            "+4930901820",
            "verify-number-in-embedded-signup",
            "--started",
        ])
        .env_remove("WAMIGRATE_BY")
        .env("USER", "e482913")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert_eq!(r.status.code(), Some(1));
    assert!(stderr.contains("`$USER`"), "{stderr}");
    assert!(!stderr.contains("482913"), "{stderr}");
    // A positional that is not a number or a step is not echoed with its digits.
    let r = wamigrate(&["record", &plan, "pin 482913", "save-integration", "--done"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("482913"), "{}", r.stderr);
    let r = wamigrate(&["record", &plan, "+4930901820", "482913", "--done"]);
    assert_eq!(r.code, 2);
    assert!(!r.stderr.contains("482913"), "{}", r.stderr);
    // A note naming the plan's own phone number is fine.
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--note",
        "called +49 30 901820",
        "--at",
        &stamp(0),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn a_downtime_running_past_the_budget_exits_late() {
    let dir = Scratch::new("budget");
    let plan = dir.plan("engage.yaml");
    // A budget between the expected downtime (5 min) and the longest (8 min): only a downtime
    // that really runs long passes it.
    let text = std::fs::read_to_string(&plan).expect("plan");
    let tight = text.replacen("downtime_budget: 10m", "downtime_budget: 6m", 1);
    assert_ne!(tight, text, "the example sets a 10-minute budget");
    std::fs::write(&plan, tight).expect("write");
    let (status, minute) = drive_until_downtime(&plan);
    let d = &status["numbers"][0]["downtime"];
    assert_eq!(d["budget_minutes"], 6);
    assert!(d["expected_minutes"].as_i64() <= Some(6), "{d}");
    assert!(d["max_minutes"].as_i64() > Some(7), "{d}");
    let started = minute - 1;
    let within = wamigrate(&["status", &plan, "--at", &stamp(started + 3)]);
    assert!(
        !within.stdout.contains("over the plan's budget"),
        "{}",
        within.stdout
    );
    let past = wamigrate(&["status", &plan, "--at", &stamp(started + 7)]);
    assert_eq!(past.code, 4, "{}", past.stdout);
    assert!(
        past.stdout.contains("over the plan's budget"),
        "{}",
        past.stdout
    );
    // dry-run agrees, and so does the JSON's exit code.
    let dry = wamigrate(&["dry-run", &plan, "--at", &stamp(started + 7)]);
    assert_eq!(dry.code, 4, "{}", dry.stdout);
    let s = json(&wamigrate(&[
        "status",
        &plan,
        "--at",
        &stamp(started + 7),
        "--format",
        "json",
    ]));
    assert_eq!(s["summary"]["exit_code"], 4);
}

fn keys(value: &Value, out: &mut std::collections::BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                out.insert(k.clone());
                keys(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_field_of_the_runners_json_is_documented() {
    let dir = Scratch::new("json-docs");
    let plan = dir.plan("engage.yaml");
    drive(&plan);
    let at = end();
    let mut found = std::collections::BTreeSet::new();
    for args in [
        vec!["status", plan.as_str(), "--at", &at, "--format", "json"],
        vec!["billing", plan.as_str(), "--at", &at, "--format", "json"],
        vec!["journal", plan.as_str(), "--format", "json"],
    ] {
        keys(&json(&wamigrate(&args)), &mut found);
    }
    // A record confirmation, a failure and a skip, so their fields appear too.
    let other = Scratch::new("json-docs-2");
    let plan = other.plan("bsp.yaml");
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--done", "", 0),
            ("review-duplicated-templates", "--skipped", "none in use", 0),
        ],
    );
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "save-integration",
        "--failed",
        "error 133005",
        "--at",
        &stamp(1),
        "--format",
        "json",
    ]);
    keys(&json(&r), &mut found);
    keys(
        &json(&wamigrate(&[
            "status",
            &plan,
            "--at",
            &stamp(2),
            "--format",
            "json",
        ])),
        &mut found,
    );
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let docs = std::fs::read_to_string(root.join("journal.md")).expect("journal.md")
        + &std::fs::read_to_string(root.join("json-output.md")).expect("json-output.md");
    let missing: Vec<&String> = found
        .iter()
        .filter(|k| !docs.contains(&format!("`{k}`")))
        .collect();
    assert!(missing.is_empty(), "undocumented fields: {missing:?}");
}

#[test]
fn programs_get_json_when_nothing_can_be_reported_or_recorded() {
    let dir = Scratch::new("json-failures");
    let bad = dir.0.join("bad.yaml");
    std::fs::write(&bad, "version: 1\nplan: {name: x}\n").expect("write");
    let bad = bad.to_str().expect("UTF-8");
    for command in ["status", "billing"] {
        let r = wamigrate(&[command, bad, "--format", "json"]);
        assert_eq!(r.code, 1);
        let j = json(&r);
        assert_eq!(j["valid"], false, "{command}");
        assert!(j["errors"].as_u64().expect("errors") > 0);
    }
    let plan = dir.plan("bsp.yaml");
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "save-integration",
        "--done",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 1);
    let j = json(&r);
    assert_eq!(j["recorded"], false);
    assert_eq!(j["problems"][0]["code"], "transition-refused");
}

#[test]
fn second_review_a_record_cannot_overturn_a_counted_one_or_be_retracted_at_once() {
    let dir = Scratch::new("review2");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--started", "", 10),
            (
                "verify-number-in-embedded-signup",
                "--failed",
                "otp timeout",
                20,
            ),
        ],
    );
    let journal = dir.journal("bsp.yaml");
    let first = std::fs::read_to_string(&journal)
        .expect("journal")
        .lines()
        .next()
        .expect("a line")
        .to_string();
    // A merged line that is a conflict already (save-integration started before its time).
    let conflict = first
        .replace("verify-number-in-embedded-signup", "save-integration")
        .replace(&id_of(&first), &"q".repeat(20));
    // An undo from a clone whose clock runs ahead.
    let ahead = (Utc::now() + chrono::Duration::minutes(4))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let undo = first
        .replace(
            "\"event\":\"started\"",
            "\"event\":\"undone\",\"reason\":\"wrong\"",
        )
        .replace(&id_of(&first), &"u".repeat(20))
        .replacen("\"recorded\":\"", "\"recorded\":\"X", 1);
    let undo = {
        let i = undo.find("\"recorded\":\"X").expect("recorded") + "\"recorded\":\"".len();
        format!("{}{}{}", &undo[..i], ahead, &undo[i + 1 + 20..])
    };
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    text.push_str(&conflict);
    text.push('\n');
    std::fs::write(&journal, &text).expect("write");
    // Done at 15 would push the true 20:00 failure out of the count: refused.
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(15),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("would no longer count"), "{}", r.stderr);
    // With the clock-ahead undo in, a new record is ordered after it, never retracted at once.
    text.push_str(&undo);
    text.push('\n');
    std::fs::write(&journal, &text).expect("write");
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--started",
        "--at",
        &stamp(30),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let h = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    let last = h["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["at"] == stamp(30))
        .cloned()
        .expect("the new event");
    assert_eq!(last["fate"], "counted", "{h}");
}

#[test]
fn second_review_the_future_cannot_be_forced_and_an_oba_number_keeps_two_step_verification() {
    let dir = Scratch::new("review2b");
    let plan = dir.plan("bsp.yaml");
    let tomorrow =
        (Utc::now() + chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &tomorrow,
        "--force",
        "it will happen",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("in the future"), "{}", r.stderr);
    // An Official Business Account needs two-step verification back on: not skippable.
    let text = std::fs::read_to_string(&plan).expect("plan");
    let oba = text.replacen(
        "display_name_status: approved",
        "display_name_status: approved\n    official_business_account: true",
        1,
    );
    assert_ne!(oba, text);
    std::fs::write(&plan, oba).expect("write");
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--done", "", 0),
            ("save-integration", "--done", "", 1),
        ],
    );
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "re-enable-two-step-verification",
        "--skipped",
        "later maybe",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("cannot be skipped"), "{}", r.stderr);
}

#[test]
fn second_review_hand_edited_steps_and_times_cannot_carry_a_pin() {
    let dir = Scratch::new("review2c");
    let plan = dir.plan("bsp.yaml");
    let line = |step: &str, at: &str, note: &str| {
        format!(
            r#"{{"id":"abcdefghjkmnpqrstuvw","recorded":"2026-12-01T08:00:00Z","at":"{at}","number":"+4930901820","step":"{step}","event":"started","note":"{note}","plan":"sha256:aaaaaaaaaaaaaaaa"}}"#
        )
    };
    for (body, what) in [
        (
            line("pin-48-29-13", "2026-12-01T08:00:00Z", "x"),
            "step split",
        ),
        (
            line("pin４８２９１３", "2026-12-01T08:00:00Z", "x"),
            "step wide digits",
        ),
        (
            line(
                "verify-number-in-embedded-signup",
                "2026-12-01T08:00:00.482913Z",
                "x",
            ),
            "fraction",
        ),
        (
            format!(
                "{}x",
                line(
                    "verify-number-in-embedded-signup",
                    "2026-12-01T08:00:00Z",
                    "2FA pin +482913"
                )
            ),
            "snippet",
        ),
    ] {
        std::fs::write(dir.journal("bsp.yaml"), format!("{body}\n")).expect("write");
        for args in [
            vec!["journal", plan.as_str()],
            vec!["journal", plan.as_str(), "--format", "json"],
            vec!["status", plan.as_str()],
        ] {
            let r = wamigrate(&args);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(
                !all.contains("4829") && !all.contains("４８２９"),
                "{what} {args:?}:\n{all}"
            );
            if what.starts_with("step") {
                // A step is any id a plan accepts; one the plan does not have is not counted.
                assert_ne!(r.code, 1, "{what} {args:?}\n{all}");
                assert!(
                    all.contains("journal-unknown-entry"),
                    "{what} {args:?}\n{all}"
                );
            } else {
                assert_eq!(r.code, 1, "{what} {args:?}: a bad line\n{all}");
            }
        }
    }
}

#[test]
fn a_journal_locked_by_another_process_is_waited_for_then_reported_busy() {
    let dir = Scratch::new("busy");
    let plan = dir.plan("bsp.yaml");
    let journal = dir.journal("bsp.yaml");
    std::fs::write(&journal, b"").expect("create");
    // This test process holds the lock, as a stuck writer would.
    let held = std::fs::File::open(&journal).expect("open");
    held.lock().expect("lock");
    let out = Process::cargo_bin("wamigrate")
        .expect("binary")
        .args([
            "record",
            &plan,
            "+4930901820",
            "verify-number-in-embedded-signup",
            "--started",
            "--at",
            &stamp(0),
            "--format",
            "json",
        ])
        .env("WAMIGRATE_TEST_LOCK_TIMEOUT_MS", "300")
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("waiting for the journal's lock"),
        "{stderr}"
    );
    assert!(stderr.contains("error[journal-busy]"), "{stderr}");
    let j: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(j["recorded"], false);
    assert_eq!(j["problems"][0]["code"], "journal-busy");
    assert_eq!(
        std::fs::read(&journal).expect("read").len(),
        0,
        "nothing written"
    );
    // Released, the same record goes through.
    held.unlock().expect("unlock");
    let r = wamigrate(&[
        "record",
        &plan,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--at",
        &stamp(0),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn saves_recorded_in_the_journal_count_against_meta_registration_quota() {
    // Every save is a registration attempt, failed or not (MREG): twelve failed saves in a day
    // leave no room for another in the week, whatever the plan's `registrations` say.
    let dir = Scratch::new("quota");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    let ok = |args: &[&str]| {
        let r = wamigrate(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    ok(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        "2026-12-05T10:00",
    ]);
    let at = "2026-12-05T11:30";
    for i in 0..12 {
        let when = format!("2026-12-05T11:{:02}", 10 + i);
        if i == 9 {
            // Nine failed saves and the planned one fit the quota: still ready.
            let r = wamigrate(&["dry-run", &plan, "--at", &when]);
            assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        }
        ok(&[
            "record",
            &plan,
            n,
            "save-integration",
            "--failed",
            "Meta error 133005",
            "--at",
            &when,
        ]);
    }
    for command in ["dry-run", "status"] {
        let r = wamigrate(&[command, &plan, "--at", at]);
        assert_eq!(r.code, 4, "{command}: {}{}", r.stdout, r.stderr);
    }
    let r = wamigrate(&["dry-run", &plan, "--at", at, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["summary"]["registration_refused"], 1, "{}", r.stdout);
}

#[test]
fn record_in_json_answers_on_stdout_when_the_plan_is_unusable() {
    let dir = Scratch::new("json-plan");
    let invalid = dir.0.join("invalid.yaml");
    std::fs::write(&invalid, "version: 2\n").expect("write");
    let invalid = invalid.to_str().expect("a UTF-8 path").to_string();
    let missing = dir
        .0
        .join("missing.yaml")
        .to_str()
        .expect("path")
        .to_string();
    for plan in [&invalid, &missing] {
        let r = wamigrate(&[
            "record",
            plan,
            "+4930901820",
            "save-integration",
            "--done",
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON on stdout");
        assert_eq!(json["recorded"], false);
        assert_eq!(json["file"], plan.as_str());
        assert!(
            json["problems"].as_array().is_some_and(|p| !p.is_empty()),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn a_save_listed_in_the_plan_and_recorded_in_the_journal_counts_once() {
    // Five failed saves, listed under `registrations.earlier` (minutes, local time) and recorded
    // with `record` (seconds, UTC): five attempts, not ten, so the planned save still fits.
    let dir = Scratch::new("quota-once");
    let plan = dir.plan("bsp.yaml");
    let text = std::fs::read_to_string(&plan).expect("read");
    let listed = "    registrations:\n      earlier: [\"2026-12-05T11:10\", \"2026-12-05T11:11\", \"2026-12-05T11:12\", \"2026-12-05T11:13\", \"2026-12-05T11:14\"]\n    display_name: Contoso Support\n";
    std::fs::write(
        &plan,
        text.replacen("    display_name: Contoso Support\n", listed, 1),
    )
    .expect("write");
    let ok = |args: &[&str]| {
        let r = wamigrate(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    let n = "+4930901820";
    ok(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        "2026-12-05T10:00",
    ]);
    for minute in 10..15 {
        let at = format!("2026-12-05T11:{minute}:20");
        ok(&[
            "record",
            &plan,
            n,
            "save-integration",
            "--failed",
            "Meta error 133005",
            "--at",
            &at,
        ]);
    }
    let r = wamigrate(&[
        "dry-run",
        &plan,
        "--at",
        "2026-12-05T11:30",
        "--format",
        "json",
    ]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    assert_eq!(json["summary"]["registration_refused"], 0);
    // A listed attempt stands for one recorded one only: a quick retry next to the last listed
    // time (11:14) is a sixth attempt. Three more make ten with the planned save: still fits.
    let fail_at = |at: &str| {
        ok(&[
            "record",
            &plan,
            n,
            "save-integration",
            "--failed",
            "Meta error 133005",
            "--at",
            at,
        ]);
    };
    fail_at("2026-12-05T11:14:50");
    for minute in 16..19 {
        fail_at(&format!("2026-12-05T11:{minute}:20"));
    }
    let r = wamigrate(&["dry-run", &plan, "--at", "2026-12-05T11:30"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // One more is 11, over the quota (the retry would have hidden it when it counted as one).
    for minute in 20..21 {
        let at = format!("2026-12-05T11:{minute}:20");
        ok(&[
            "record",
            &plan,
            n,
            "save-integration",
            "--failed",
            "Meta error 133005",
            "--at",
            &at,
        ]);
    }
    let r = wamigrate(&["dry-run", &plan, "--at", "2026-12-05T11:30"]);
    assert_eq!(r.code, 4, "{}{}", r.stdout, r.stderr);
}

/// A plan whose 2SV step is done in the plan: a journal that undoes it blocks the number.
const UNDONE_PLAN: &str = r#"version: 1
plan:
  name: T
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
fleet:
  done: [configure-inbound-routing, meta-portfolio-access, destination-waba-credit-line]
numbers:
  - number: "+49 30 901820"
    display_name_status: approved
    source:
      bsp: {partner: 360dialog}
    done: [disable-two-step-verification, create-canned-responses]
"#;

#[test]
fn a_journal_named_by_path_must_exist_where_the_one_beside_the_plan_need_not() {
    let dir = Scratch::new("named-missing");
    let plan = dir.0.join("u.yaml");
    std::fs::write(&plan, UNDONE_PLAN).expect("write");
    let plan = plan.to_str().expect("UTF-8");
    let undone = wamigrate(&[
        "record",
        plan,
        "+4930901820",
        "disable-two-step-verification",
        "--undone",
        "2SV turned back on",
        "--at",
        "2026-12-01T10:00",
    ]);
    assert_eq!(undone.code, 0, "{}", undone.stderr);
    let at = "2026-12-01T10:30";
    assert_eq!(wamigrate(&["dry-run", plan, "--at", at]).code, 3);
    // A misspelt path is an error, not a journal with nothing recorded (which let the gate
    // pass: exit 0, nothing on stderr).
    let typo = dir.0.join("u.jurnal");
    let typo = typo.to_str().expect("UTF-8");
    for command in [
        "dry-run",
        "status",
        "billing",
        "graph",
        "runbook",
        "checklist",
        "journal",
    ] {
        let mut args = vec![command, plan, "--journal", typo];
        if command != "journal" {
            args.extend(["--at", at]);
        }
        let r = wamigrate(&args);
        assert_eq!(r.code, 1, "{command}: {}\n{}", r.stdout, r.stderr);
        assert!(
            r.stderr.contains("error[journal-unreadable]")
                && r.stderr.contains(&format!("`{typo}`"))
                && r.stderr.contains("does not exist")
                && r.stderr.contains(&format!("--> {typo}"))
                && r.stderr.contains("--no-journal")
                && r.stderr.contains("wamigrate record"),
            "{command}: {}",
            r.stderr
        );
    }
    // Programs get JSON on stdout, as for any journal that cannot be read.
    for command in ["dry-run", "status", "billing"] {
        let r = wamigrate(&[
            command,
            plan,
            "--journal",
            typo,
            "--at",
            at,
            "--format",
            "json",
        ]);
        assert_eq!(r.code, 1, "{command}");
        let j = json(&r);
        assert_eq!(j["valid"], false, "{command}");
        assert_eq!(j["file"], typo, "{command}");
        assert_eq!(
            j["diagnostics"][0]["code"], "journal-unreadable",
            "{command}"
        );
    }
    let r = wamigrate(&["journal", plan, "--journal", typo, "--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r)["problems"][0]["code"], "journal-unreadable");
    // `--no-journal` reads none, on purpose.
    assert_eq!(
        wamigrate(&["dry-run", plan, "--at", at, "--no-journal"]).code,
        0
    );
    // The journal beside a plan may not exist yet: that is silent.
    let alone = dir.0.join("alone.yaml");
    std::fs::write(&alone, UNDONE_PLAN).expect("write");
    let alone = alone.to_str().expect("UTF-8");
    for args in [
        vec!["dry-run", alone, "--at", at],
        vec!["status", alone, "--at", at],
        vec!["journal", alone],
    ] {
        let r = wamigrate(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stderr.contains("error"), "{args:?}: {}", r.stderr);
    }
    // `record` starts a journal at a path it is told, and the readers then read it.
    let elsewhere = dir.0.join("elsewhere.journal");
    let elsewhere = elsewhere.to_str().expect("UTF-8");
    let r = wamigrate(&[
        "record",
        alone,
        "+4930901820",
        "disable-two-step-verification",
        "--undone",
        "2SV turned back on",
        "--at",
        "2026-12-01T10:00",
        "--journal",
        elsewhere,
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        wamigrate(&["dry-run", alone, "--at", at, "--journal", elsewhere]).code,
        3
    );
}

#[test]
fn a_hand_edited_id_or_time_that_record_never_writes_is_a_bad_line() {
    let dir = Scratch::new("hand-shapes");
    let plan = dir.plan("bsp.yaml");
    let n = "+4930901820";
    let r = wamigrate(&[
        "record",
        &plan,
        n,
        "verify-number-in-embedded-signup",
        "--done",
        "--at",
        &stamp(0),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let journal = dir.journal("bsp.yaml");
    let mut text = std::fs::read_to_string(&journal).expect("journal");
    let first = text.lines().next().expect("a line").to_string();
    let id = id_of(&first);
    // `record` reads back what it wrote.
    assert_eq!(wamigrate(&["journal", &plan]).code, 0);
    let started = first
        .replace("verify-number-in-embedded-signup", "save-integration")
        .replace("\"done\"", "\"started\"");
    let at = |t: &str| {
        let i = started.find("\"at\":\"").expect("at") + "\"at\":\"".len();
        let j = i + started[i..].find('"').expect("end");
        format!("{}{t}{}", &started[..i], &started[j..])
    };
    for line in [
        started.replace(&id, "a"),
        started.replace(&id, "ABCDEFGHJKMNPQRSTUVW"),
        started.replace(&id, "abcdefghjkmnpqrstuv7"),
        at("+02026-12-01T09:05:00Z").replace(&id, &"b".repeat(20)),
    ] {
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(&journal, text).expect("hand edit");
    let r = wamigrate(&["journal", &plan]);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    for line in 2..=5 {
        assert!(
            r.stderr.contains(&format!("bsp.journal:{line}:")),
            "line {line}: {}",
            r.stderr
        );
    }
    assert_eq!(r.stderr.matches("error[journal-bad-line]").count(), 4);
    assert!(!r.stdout.contains("save-integration"), "{}", r.stdout);
    let j = json(&wamigrate(&["journal", &plan, "--format", "json"]));
    assert_eq!(j["bad_lines"], serde_json::json!([2, 3, 4, 5]));
    assert_eq!(j["events"].as_array().expect("events").len(), 1);
    // The gate stops on them too.
    assert_eq!(wamigrate(&["dry-run", &plan, "--at", &stamp(10)]).code, 1);
}

#[test]
fn a_cutover_recorded_outside_the_window_in_the_journal_is_warned_without_a_place() {
    // The journal has no place in the plan: the warning says where the entry is, in words. The
    // window opens between the verification and the save: the cutover began before it.
    let dir = Scratch::new("outside-window");
    let plan = dir.plan("bsp.yaml");
    let text = std::fs::read_to_string(&plan).expect("plan");
    let windowed = text.replacen(
        "  downtime_budget: 15m\n",
        "  downtime_budget: 15m\n  cutover_window: {start: \"2026-12-01T09:03\", end: \"2026-12-01T10:00\"}\n",
        1,
    );
    assert_ne!(windowed, text, "the window is in");
    std::fs::write(&plan, windowed).expect("write plan");
    record_all(
        &plan,
        &[
            ("verify-number-in-embedded-signup", "--done", "", 0),
            ("save-integration", "--done", "", 5),
        ],
    );
    let end = end();
    let run = wamigrate(&["dry-run", &plan, "--at", &end, "--format", "json"]);
    assert_eq!(run.code, 0, "live: {}", run.stderr);
    let report = json(&run);
    let warnings = report["numbers"][0]["warnings"]
        .as_array()
        .expect("warnings");
    let outside: Vec<&Value> = warnings
        .iter()
        .filter(|w| w["code"] == "cutover-outside-window")
        .collect();
    assert_eq!(outside.len(), 1, "{warnings:#?}");
    assert!(outside[0]["line"].is_null(), "{:#?}", outside[0]);
    let message = outside[0]["message"].as_str().expect("message");
    assert!(
        message.starts_with(
            "`verify-number-in-embedded-signup` is recorded in the journal as done at 2026-12-01 09:00 CET, before the cutover window opened"
        ),
        "{message}"
    );
    assert_eq!(report["numbers"][0]["window"]["verdict"], "not_kept");
}
