//! The gate never lies: regression tests named after what broke (the trust issue), run on the
//! binary as users run it.
//!
//! - no false green: a plan whose `done` facts contradict the graph is refused, never ready;
//! - no panic on any character: every kind of non-ASCII text in every field a snippet can show;
//! - the PIN never reaches any output, however the plan writes it;
//! - bounded reads and bounded work: endless input, huge files, and small files built to make
//!   work quadratic all finish within a bound (a watchdog here; the release figures are in
//!   docs/performance.md);
//! - exit codes survive closed pipes;
//! - nothing is silently dropped, and every shape error is reported at once.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;

const HEAD: &str = "version: 1\nplan:\n  name: x\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\n";
const FLEET_DONE: &str = "fleet:\n  done: [meta-portfolio-access, destination-waba-credit-line, configure-inbound-routing]\n";
const PIN: &str = "481516";

/// A bound for a debug build of work that takes well under a second in release; it catches the
/// quadratic cases (they took minutes) without timing anything finely, and leaves room for a
/// machine busy with other work (a loaded 2-core machine ran these in 10-20 s).
const BOUND: Duration = Duration::from_secs(40);

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("gate-{name}"));
    std::fs::write(&path, bytes).expect("the test can write its input");
    path
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

fn wamigrate(args: &[&str]) -> Run {
    let started = Instant::now();
    let output = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).to_string(),
        stderr: String::from_utf8_lossy(&output.stderr).to_string(),
        took: started.elapsed(),
    };
    assert!(
        !run.stderr.contains("panicked"),
        "{args:?} panicked:\n{}",
        run.stderr
    );
    run
}

fn on(path: &std::path::Path, args: &[&str]) -> Run {
    let path = path.to_str().expect("a UTF-8 path");
    let mut all: Vec<&str> = args.to_vec();
    all.push(path);
    wamigrate(&all)
}

/// Every command and format a plan can be given to.
const EVERY_OUTPUT: &[&[&str]] = &[
    &["check"],
    &["check", "--format", "json"],
    &["check", "--format", "github"],
    &["check", "--format", "sarif"],
    &["dry-run", "--at", "2026-11-25T12:00:00Z"],
    &[
        "dry-run",
        "--at",
        "2026-11-25T12:00:00Z",
        "--format",
        "json",
    ],
    &["check", "--color", "always"],
    &[
        "dry-run",
        "--at",
        "2026-11-25T12:00:00Z",
        "--owner",
        "customer",
    ],
    &["graph", "--at", "2026-11-25T12:00:00Z"],
    &[
        "graph",
        "--at",
        "2026-11-25T12:00:00Z",
        "--format",
        "mermaid",
    ],
    &["runbook", "--at", "2026-11-25T12:00:00Z"],
    &[
        "runbook",
        "--at",
        "2026-11-25T12:00:00Z",
        "--format",
        "html",
    ],
    &["checklist", "--at", "2026-11-25T12:00:00Z"],
    &[
        "checklist",
        "--at",
        "2026-11-25T12:00:00Z",
        "--format",
        "markdown",
    ],
    &["status", "--at", "2026-11-25T12:00:00Z"],
    &["status", "--at", "2026-11-25T12:00:00Z", "--format", "json"],
    &["billing", "--at", "2026-11-25T12:00:00Z"],
    &[
        "billing",
        "--at",
        "2026-11-25T12:00:00Z",
        "--format",
        "json",
    ],
    &["journal"],
    &["journal", "--format", "json"],
];

// --- no false green -------------------------------------------------------------------------

#[test]
fn a_fleet_step_done_at_two_times_is_refused_with_both_places() {
    // `meta-portfolio-access` is one step for the fleet: done on the 22nd in `fleet.done`, on the
    // 20th in a number's `done:`. One time is wrong, and which decides whether the step (and every
    // number) reads as done at a moment between them: whichever order they come in, the plan is
    // refused with both places, never read on a guess. (It was a warning, the later time counting,
    // so a later time after `--at` made the step read not done while the plan said done.)
    let fleet = "fleet:\n  done: [{step: meta-portfolio-access, at: 2026-11-22T10:00}, destination-waba-credit-line, configure-inbound-routing]\n";
    let number = "numbers:\n  - number: '+4930901820'\n    display_name_status: approved\n    source: {bsp: {partner: 360dialog}}\n    done: [disable-two-step-verification, {step: meta-portfolio-access, at: 2026-11-20T10:00}]\n";
    let swapped = |t: &str| {
        t.replace("2026-11-22T10:00", "@@")
            .replace("2026-11-20T10:00", "2026-11-22T10:00")
            .replace("@@", "2026-11-20T10:00")
    };
    for (name, text) in [
        ("fleet-first.yaml", format!("{HEAD}{fleet}{number}")),
        ("numbers-first.yaml", format!("{HEAD}{number}{fleet}")),
        (
            "later-in-number.yaml",
            swapped(&format!("{HEAD}{fleet}{number}")),
        ),
    ] {
        let path = write(name, text.as_bytes());
        let run = on(&path, &["check", "--color", "never"]);
        assert_eq!(run.code, Some(1), "{name}\n{}", run.stderr);
        assert!(
            run.stderr.contains("error[conflicting-done-times]"),
            "{name}\n{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains("first recorded done here, at another time"),
            "{name}\n{}",
            run.stderr
        );
        let run = on(&path, &["dry-run", "--at", "2026-11-21T12:00:00Z"]);
        assert_ne!(run.code, Some(0), "{name}: never ready on a guess");
        assert!(run.stdout.is_empty(), "{name}: no report\n{}", run.stdout);
    }
}

#[test]
fn look_alike_step_ids_are_one_id_or_refused() {
    // `café` composed (U+00E9) and decomposed (e + U+0301) look the same: one id.
    let composed = "caf\u{e9}-brief";
    let decomposed = "cafe\u{301}-brief";
    let step =
        |id: &str| format!("  - id: \"{id}\"\n    title: Brief the agents\n    owner: customer\n");
    let number = "numbers:\n  - number: '+4930901820'\n    source: app\n";
    let twice = format!(
        "{HEAD}{number}steps:\n{}{}",
        step(composed),
        step(decomposed)
    );
    let run = on(
        &write("nfc-twice.yaml", twice.as_bytes()),
        &["check", "--color", "never"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("error[duplicate-step-id]"),
        "{}",
        run.stderr
    );
    // Marked done in the other form: the same step.
    let done = format!(
        "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    done: [\"{decomposed}\"]\nsteps:\n{}",
        step(composed)
    );
    let run = on(
        &write("nfc-done.yaml", done.as_bytes()),
        &["check", "--color", "never"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // Letter case: `S1` and `s1`, or a custom `Save-Integration` beside the built-in step.
    for (first, second, says) in [
        (
            "s1",
            "S1",
            "differs from the custom step `s1` only in letter case",
        ),
        (
            "Save-Integration",
            "brief",
            "differs from the built-in step `save-integration` only in letter case",
        ),
    ] {
        let text = format!("{HEAD}{number}steps:\n{}{}", step(first), step(second));
        let run = on(
            &write("case-twice.yaml", text.as_bytes()),
            &["check", "--color", "never"],
        );
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        assert!(
            run.stderr.contains("error[duplicate-step-id]") && run.stderr.contains(says),
            "{}",
            run.stderr
        );
    }
    // A character drawn as nothing (U+1D173) is refused, not a second id.
    let hidden = format!("{HEAD}{number}steps:\n{}", step("brief\u{1d173}"));
    let run = on(
        &write("hidden-id.yaml", hidden.as_bytes()),
        &["check", "--color", "never"],
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("error[invalid-id]"), "{}", run.stderr);
}

#[test]
fn false_green_half_recorded_engage_cutover_is_refused() {
    // `save-integration` and `delete-engage-integration` recorded, but two-step verification and
    // canned responses not: the number used to read `cutting_over`, exit 0, "Nothing blocks".
    let text = format!(
        "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    display_name_status: approved\n    source: engage\n    templates: [{{name: order_update, language: de_DE, category: utility, status: approved, quality: green}}]\n    done:\n      - step: delete-engage-integration\n        at: 2026-11-21T10:00\n      - verify-number-in-embedded-signup\n      - step: save-integration\n        at: 2026-11-20T10:00\n"
    );
    let path = write("false-green.yaml", text.as_bytes());
    for args in [
        &["dry-run", "--at", "2026-11-25T12:00:00Z"][..],
        &["dry-run", "--format", "json"],
        &["check"],
    ] {
        let run = on(&path, args);
        assert_eq!(run.code, Some(1), "{args:?}\n{}{}", run.stderr, run.stdout);
        assert!(
            run.stderr.contains("error[done-out-of-order]")
                || run.stdout.contains("done-out-of-order"),
            "{args:?}\n{}{}",
            run.stderr,
            run.stdout
        );
        assert!(!run.stdout.contains("Nothing blocks"), "{args:?}");
    }
    let run = on(&path, &["check"]);
    // Each contradiction is located at the entry that contradicts, with a fix.
    assert!(
        run.stderr.contains(
            "`delete-engage-integration` is recorded as done, but `disable-two-step-verification`"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("record `create-canned-responses` as done"),
        "{}",
        run.stderr
    );
    // Recorded times in an order the graph forbids: saved before the deletion it needs.
    assert!(
        run.stderr
            .contains("`save-integration` is recorded as done at 2026-11-20 10:00 CET, before"),
        "{}",
        run.stderr
    );
}

// --- any character ---------------------------------------------------------------------------

/// Text in every script and every awkward Unicode class, for every field a snippet can show.
const AWKWARD: &[&str] = &[
    "promo\u{a0}: hiver",
    "promo\u{202f}: hiver",
    "東京\u{3000}サポート",
    "café 🎉 ☕️ 👩‍💻",
    "e\u{301}te\u{301}",
    "مركز الاتصال",
    "שירות\u{200f} לקוחות",
    "\u{feff}bom",
    "tab\there",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
];

#[test]
fn a_step_done_against_a_stated_fact_is_refused_on_every_route() {
    // `done:` said a step was done that the number's own stated facts leave open (a rejected
    // display name, `pin_known: false`, a disabled source WABA), and the gate read ready. Every
    // route step a fact satisfies, and the source WABA's reinstatement, against every contrary
    // fact the plan can state.
    use wamigrate::catalog::{Condition, Fact, SourceKind};
    let source = |kind: SourceKind, waba: &str| match kind {
        SourceKind::Engage => format!("{{engage: {{waba_status: {waba}}}}}"),
        SourceKind::Bsp => format!("{{bsp: {{partner: Acme, waba_status: {waba}}}}}"),
        SourceKind::Genesys => format!(
            "{{genesys: {{region: us-east-1, org: old, pin_known: false, waba_status: {waba}}}}}"
        ),
        SourceKind::NameChange => {
            format!("{{name_change: {{pin_known: false, waba_status: {waba}}}}}")
        }
        // `waba` is "banned" for the appeal of a banned number.
        SourceKind::App => format!("{{app: {{banned: {}}}}}", waba == "banned"),
        SourceKind::New => format!("{{new: {{line: mobile, banned: {}}}}}", waba == "banned"),
    };
    let mut cases = 0;
    for kind in SourceKind::ALL {
        for step in kind.route().steps {
            let contrary: Vec<(&str, &str)> = match step.satisfied_by {
                Some(Fact::DisplayNameApproved) => vec![
                    ("pending", "active"),
                    ("rejected", "active"),
                    ("deferred", "active"),
                ],
                Some(Fact::DisplayNameSubmitted) => vec![("rejected", "active")],
                Some(Fact::PinKnown) => vec![("approved", "active")],
                None if step.when == Condition::SourceWabaRestricted => {
                    vec![("approved", "restricted"), ("approved", "disabled")]
                }
                None if step.when == Condition::NumberBanned => vec![("approved", "banned")],
                // A flag that defaults to false states nothing contrary.
                Some(Fact::CountryAvailabilityConfirmed) | None => continue,
            };
            for (name_status, waba) in contrary {
                let text = format!(
                    "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    display_name_status: {name_status}\n    source: {}\n    done: [{}]\n",
                    source(kind, waba),
                    step.def.id
                );
                let path = write(
                    &format!("done-against-{}-{name_status}-{waba}.yaml", step.def.id),
                    text.as_bytes(),
                );
                for args in [
                    &["check"][..],
                    &["dry-run", "--at", "2026-11-25T12:00:00Z"],
                    &["status", "--at", "2026-11-25T12:00:00Z", "--no-journal"],
                ] {
                    let run = on(&path, args);
                    assert_eq!(
                        run.code,
                        Some(1),
                        "{kind:?} {} {args:?}:\n{text}\n{}",
                        step.def.id,
                        run.stderr
                    );
                    assert!(
                        run.stderr.contains("error[conflicting-facts]"),
                        "{}: {}",
                        step.def.id,
                        run.stderr
                    );
                }
                cases += 1;
            }
        }
    }
    assert!(cases >= 8, "only {cases} cases: the catalogue changed");
}

#[test]
fn a_merge_of_a_mapping_written_in_place_cannot_hide_a_value_from_the_checks() {
    // Merged, the keys the mapping then set itself were never read, so never checked: a PIN or a
    // control character there passed `check` (review).
    for hidden in [
        format!("notes: \"{PIN}\""),
        "notes: \"a\\u202Eb\"".to_string(),
        format!("display_name: \"({}) {}\"", &PIN[..3], &PIN[3..]),
    ] {
        let key = hidden.split(':').next().expect("a key");
        let text = format!(
            "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    <<: {{{hidden}}}\n    {key}: fine\n"
        );
        let run = on(&write("inline-merge.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(1), "{hidden}: {}", run.stderr);
        assert!(!run.stderr.contains(PIN) && !run.stdout.contains(PIN));
        assert!(!run.stderr.contains(&PIN[3..]), "{}", run.stderr);
    }
}

#[test]
fn a_number_listed_twice_in_a_scope_is_refused_not_dropped() {
    // The second entry changed nothing and was dropped without a word.
    let text = format!(
        "{HEAD}numbers:\n  - {{number: '+4930901820', source: {{bsp: {{partner: p}}}}}}\nsteps:\n  - {{id: s, title: t, owner: customer, numbers: ['+49 30 901820', '0049 30 901820']}}\noverrides:\n  - {{step: save-integration, owner: genesys, numbers: ['+4930901820', '+4930901820']}}\n"
    );
    let run = on(&write("scope-twice.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error[duplicate-number]").count(),
        2,
        "{}",
        run.stderr
    );
}

/// `+49 030 ...` (the 0 dialled inside Germany, written after the country code) is the line
/// `+49 30 ...`: the duplicate check said so, but a step's or override's `numbers:`, `--number`
/// and `record` compared the digits as written, so the very spelling the plan's entry used was
/// `unknown-number` (exit 1) and the right one a usage error.
#[test]
fn a_number_written_with_its_national_prefix_is_found_in_any_spelling() {
    let text = format!(
        "{HEAD}numbers:\n  - {{number: '+49 030 9000 0001', source: app}}\n  - {{number: '+44 20 7946 0000', source: app}}\nsteps:\n  - {{id: s, title: t, owner: customer, phase: after, after: [save-integration], numbers: ['+49 030 9000 0001', '+44 020 7946 0000']}}\noverrides:\n  - {{step: back-up-app-chats, duration: 1h, numbers: ['+49 30 9000 0001']}}\n"
    );
    let plan = write("national-prefix.yaml", text.as_bytes());
    let run = on(&plan, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("unknown-number"), "{}", run.stderr);
    for spelling in [
        "+49 30 9000 0001",
        "+49 030 9000 0001",
        "0049 (0)30 90000001",
    ] {
        let run = on(&plan, &["dry-run", "--number", spelling]);
        assert_eq!(run.code, Some(3), "{spelling}: {}", run.stderr);
        assert!(run.stdout.contains("+4903090000001"), "{}", run.stdout);
    }
    let path = plan.to_str().expect("a UTF-8 path");
    let _ = std::fs::remove_file(plan.with_extension("journal"));
    let run = wamigrate(&[
        "record",
        "--done",
        path,
        "+49 30 9000 0001",
        "back-up-app-chats",
        "--at",
        "2026-12-01T10:00",
    ]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    // The journal names the number as the plan does, and the status counts the event.
    let journal =
        std::fs::read_to_string(plan.with_extension("journal")).expect("record wrote a journal");
    assert!(
        journal.contains("\"number\":\"+4903090000001\""),
        "{journal}"
    );
    let run = on(
        &plan,
        &["status", "--at", "2026-12-02T10:00", "--format", "json"],
    );
    assert_eq!(run.code, Some(3), "{}", run.stderr);
    let status: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let first = &status["numbers"][0];
    assert_eq!(first["number"], "+4903090000001", "{first}");
    assert!(
        !first["next"].to_string().contains("back-up-app-chats"),
        "the recorded step is still next: {first}"
    );
}

#[test]
fn a_blank_required_text_is_as_good_as_missing() {
    // A blank plan name, region or org heads every report and checklist with nothing; a blank
    // custom step title gives a sign-off line with no name.
    for (what, text) in [
        (
            "plan name",
            "version: 1\nplan:\n  name: \" \"\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "region",
            "version: 1\nplan:\n  name: x\n  destination: {region: '', org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "org",
            "version: 1\nplan:\n  name: x\n  destination: {region: eu-central-1, org: '\t', time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "custom step title",
            format!("{HEAD}numbers: []\nsteps:\n  - {{id: s, title: '', owner: customer}}\n"),
        ),
        // Found by hostile testing: these passed `check` and `dry-run` exited 0, with a payer
        // of nothing ("before save-integration: ; after: Genesys") or a heading of nothing.
        (
            "plan name of a zero-width space",
            "version: 1\nplan:\n  name: \"\\u200B\\uFEFF\"\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "bsp partner",
            format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: {{bsp: {{partner: ' '}}}}}}\n"),
        ),
        (
            "genesys region and org",
            format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: {{genesys: {{region: '', org: \"\\u200B\", pin_known: true}}}}}}\n"),
        ),
        (
            "template name and language",
            format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: app, templates: [{{name: '', language: ' ', category: utility, status: approved}}]}}\n"),
        ),
        // Found by a later hostile tester: an accent with no letter under it, and the blank
        // Braille cell (the usual "empty" name, drawn as a space yet no space to Unicode).
        (
            "bsp partner of an accent",
            format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: {{bsp: {{partner: \"\\u0301\"}}}}}}\n"),
        ),
        (
            "plan name of blank Braille cells",
            "version: 1\nplan:\n  name: \"\\u2800\\u2800\"\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "custom step title of a zero-width space and an accent",
            format!("{HEAD}numbers: []\nsteps:\n  - {{id: s, title: \"\\u200B\\u0301\", owner: customer}}\n"),
        ),
    ] {
        let run = on(&write("blank.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        assert!(run.stderr.contains("error[missing-key]"), "{what}: {}", run.stderr);
    }
}

/// `source: bsp` written as a word lacks the partner; the help shows the mapping to write, since
/// there is no place to add a key to a word.
#[test]
fn a_source_written_as_a_word_that_needs_keys_says_how_to_write_it() {
    for (kind, key) in [
        ("bsp", "partner"),
        ("genesys", "region"),
        ("new", "line"),
        ("name_change", "pin_known"),
    ] {
        let text = format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: {kind}}}\n");
        let run = on(&write("source-word.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(1), "{kind}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[missing-key]"),
            "{kind}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!(
                "help: write the source as a mapping: `source: {{{kind}: {{{key}: ...}}}}`"
            )),
            "{kind}: {}",
            run.stderr
        );
    }
}

#[test]
fn a_time_in_a_year_no_migration_is_in_is_refused_everywhere() {
    // `0226` for `2026`, a sign chrono takes for an expanded year: a typo, never a plan.
    for (what, text) in [
        (
            "holiday",
            "version: 1\nplan:\n  name: x\n  holidays: ['0226-12-24']\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "signed holiday",
            "version: 1\nplan:\n  name: x\n  holidays: ['+2026-12-24']\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers: []\n".to_string(),
        ),
        (
            "window",
            "version: 1\nplan:\n  name: x\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\n  cutover_window: {start: '2200-12-07T22:00', end: '2200-12-07T23:30'}\nnumbers: []\n".to_string(),
        ),
        (
            "done",
            format!("{HEAD}numbers:\n  - number: '+49 30 901820'\n    source: engage\n    done: [{{step: save-integration, at: '1999-12-31T12:00:00Z'}}]\n"),
        ),
    ] {
        let run = on(&write("year.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[invalid-timestamp]") && run.stderr.contains("help:"),
            "{what}: {}",
            run.stderr
        );
    }
    let plan = std::fs::read("plans/engage.yaml").expect("the example plan");
    let plan = write("year-at.yaml", &plan);
    for at in [
        "0000-12-01T10:00Z",
        "2200-01-01T00:00Z",
        "+2026-12-01T10:00",
    ] {
        for command in [
            "dry-run",
            "status",
            "billing",
            "runbook",
            "checklist",
            "graph",
            "record",
        ] {
            let mut args = vec![command, "--at", at];
            if command == "record" {
                args.push("--done");
            }
            args.push(plan.to_str().expect("a UTF-8 path"));
            if command == "record" {
                args.extend(["+44 20 7946 0321", "save-integration"]);
            }
            let run = wamigrate(&args);
            assert_eq!(run.code, Some(2), "{command} --at {at}: {}", run.stderr);
            assert!(
                run.stderr.contains("--at:"),
                "{command} --at {at}: {}",
                run.stderr
            );
        }
    }
    assert!(
        !plan.with_extension("journal").exists(),
        "nothing was recorded"
    );
}

#[test]
fn a_working_day_listed_twice_is_refused_a_holiday_twice_is_one_day_off() {
    // `[mon, mon, tue]` is likely a typo for another day; overlapping holiday lists are not.
    let text = "version: 1\nplan:\n  name: x\n  holidays: [2026-12-24, 2026-12-25, 2026-12-24]\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\n  calendars:\n    customer: {days: [mon, mon, tue], holidays: [2026-12-31, 2026-12-31]}\nnumbers: []\n";
    let run = on(&write("twice-calendar.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(
        run.stderr.matches("error[invalid-calendar]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`mon` is listed twice"),
        "{}",
        run.stderr
    );
    let holidays_only = text.replace("days: [mon, mon, tue], ", "");
    let run = on(
        &write("twice-holiday.yaml", holidays_only.as_bytes()),
        &["check"],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn an_override_that_would_change_nothing_is_refused() {
    // Accepted silently before: the plan said something it did not do.
    let bsp = "  - {number: '+4930901820', source: {bsp: {partner: p}}}\n";
    for (what, overrides) in [
        (
            "scoped to a number whose route lacks the step",
            "  - {step: request-calling-numbers, duration: 5m, numbers: ['+49 30 901820']}\n",
        ),
        (
            "a step no number has",
            "  - {step: request-calling-numbers, duration: 5m}\n",
        ),
    ] {
        let plan = write(
            "override-nothing.yaml",
            format!("{HEAD}numbers:\n{bsp}overrides:\n{overrides}").as_bytes(),
        );
        let run = on(&plan, &["check"]);
        assert_eq!(run.code, Some(1), "{what}: {}", run.stderr);
        assert!(
            run.stderr.contains("error[step-not-in-source]"),
            "{what}: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("change nothing"),
            "{what}: {}",
            run.stderr
        );
    }
    let plan = write(
        "override-empty.yaml",
        format!("{HEAD}numbers:\n{bsp}overrides:\n  - {{step: save-integration}}\n").as_bytes(),
    );
    let run = on(&plan, &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("error[missing-key]"), "{}", run.stderr);
    // One that reaches its steps is fine.
    let plan = write(
        "override-fine.yaml",
        format!("{HEAD}numbers:\n{bsp}overrides:\n  - {{step: save-integration, owner: genesys, numbers: ['+4930901820']}}\n  - {{step: disable-two-step-verification, duration: 2h}}\n").as_bytes(),
    );
    let run = on(&plan, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn a_registration_meta_would_refuse_is_never_ready() {
    // Ten registrations in the last hour: the warning said Meta answers 133016, yet the number
    // read 'Nothing blocks the cutover' and exit 0.
    let earlier: Vec<String> = (0..10)
        .map(|i| format!("\"2026-12-05T09:{:02}\"", i * 5))
        .collect();
    let plan = write(
        "quota.yaml",
        format!(
            "{HEAD}{FLEET_DONE}numbers:\n  - number: \"+49 30 901820\"\n    display_name_status: approved\n    source:\n      bsp: {{partner: p}}\n    done: [disable-two-step-verification, create-canned-responses]\n    registrations:\n      earlier: [{}]\n      retries: 0\n",
            earlier.join(", ")
        )
        .as_bytes(),
    );
    let run = on(&plan, &["dry-run", "--at", "2026-12-05T10:00"]);
    assert_eq!(run.code, Some(4), "{}", run.stdout);
    assert!(
        run.stdout.contains("registration-quota-exceeded"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Nothing blocks"), "{}", run.stdout);
    let json = on(
        &plan,
        &["dry-run", "--at", "2026-12-05T10:00", "--format", "json"],
    );
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["summary"]["registration_refused"], 1);
    assert_eq!(report["summary"]["exit_code"], 4);
    assert_eq!(
        on(&plan, &["status", "--at", "2026-12-05T10:00"]).code,
        Some(4)
    );
    // Once the week has passed, the quota has freed up.
    assert_eq!(
        on(&plan, &["dry-run", "--at", "2026-12-13T10:00"]).code,
        Some(0)
    );
}

#[test]
fn a_plan_without_numbers_is_valid_but_never_ready() {
    // A draft with no numbers yet checks clean; as a gate it is not ready: nothing can cut over,
    // and a CI job fed an empty plan by mistake must not pass.
    let plan = write(
        "no-numbers.yaml",
        format!("{HEAD}{FLEET_DONE}numbers: []\n").as_bytes(),
    );
    assert_eq!(on(&plan, &["check"]).code, Some(0));
    let text = on(&plan, &["dry-run", "--at", "2026-11-25T12:00:00Z"]);
    assert_eq!(text.code, Some(3), "{}", text.stdout);
    assert!(
        text.stdout.contains("The plan lists no numbers"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("Nothing blocks"), "{}", text.stdout);
    let json = on(
        &plan,
        &[
            "dry-run",
            "--at",
            "2026-11-25T12:00:00Z",
            "--format",
            "json",
        ],
    );
    assert_eq!(json.code, Some(3));
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(report["summary"]["ready_for_cutover"], false);
    assert_eq!(report["summary"]["exit_code"], 3);
    let status = on(&plan, &["status", "--at", "2026-11-25T12:00:00Z"]);
    assert_eq!(status.code, Some(3), "{}", status.stdout);
    assert!(
        status.stdout.contains("the plan lists no numbers"),
        "{}",
        status.stdout
    );
}

#[test]
fn a_plan_still_holding_init_placeholders_is_valid_but_never_ready() {
    // `wamigrate init` writes `TODO-org` and the like where only the author knows the fact; such
    // a plan checks clean (a draft), but a gate passed it as ready (exit 0) with every report
    // naming `TODO-org` as the destination. The example plan is ready as written.
    let ready = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/plans/bsp.yaml"))
        .expect("the example plan");
    let at = ["--at", "2026-11-25T12:00:00Z"];
    let example = write("placeholder-ready.yaml", ready.as_bytes());
    assert_eq!(on(&example, &["dry-run", at[0], at[1]]).code, Some(0));
    for (name, from, to) in [
        ("org", "org: contoso-prod", "org: TODO-org"),
        ("region", "region: eu-central-1", "region: TODO-region"),
        ("partner", "partner: 360dialog", "partner: TODO-partner"),
        // Init's guesses, not only its `TODO-` texts: a zone it cannot know, and the fictional
        // number however it is spaced (a gate passed it as ready).
        (
            "time_zone",
            "time_zone: Europe/Berlin",
            "time_zone: TODO-time-zone",
        ),
        (
            "number",
            "number: \"+49 30 901820\"",
            "number: \"+14155550100\"",
        ),
    ] {
        assert!(ready.contains(from), "{from}");
        let plan = write(
            &format!("placeholder-{name}.yaml"),
            ready.replacen(from, to, 1).as_bytes(),
        );
        let check = on(&plan, &["check"]);
        assert_eq!(check.code, Some(0), "{name}: {}", check.stderr);
        assert!(
            check.stderr.contains("placeholder-value"),
            "{}",
            check.stderr
        );
        let text = on(&plan, &["dry-run", at[0], at[1]]);
        assert_eq!(text.code, Some(3), "{name}: {}", text.stdout);
        assert!(
            text.stdout.contains("The plan is not filled in"),
            "{}",
            text.stdout
        );
        assert!(!text.stdout.contains("Nothing blocks"), "{}", text.stdout);
        let json = on(&plan, &["dry-run", at[0], at[1], "--format", "json"]);
        assert_eq!(json.code, Some(3));
        let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
        assert_eq!(report["summary"]["ready_for_cutover"], false);
        assert_eq!(report["summary"]["placeholders"], 1);
        assert_eq!(report["summary"]["exit_code"], 3);
        let status = on(&plan, &["status", at[0], at[1]]);
        assert_eq!(status.code, Some(3), "{name}: {}", status.stdout);
        assert!(status.stdout.contains("placeholders"), "{}", status.stdout);
    }
}

fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn french_no_break_space_in_a_template_name_does_not_panic() {
    let text = format!(
        "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    source: engage\n    templates:\n      - {{name: \"promo\u{a0}: hiver\", language: fr_FR, category: marketing, status: approved, quality: yellow}}\n"
    );
    let path = write("nbsp.yaml", text.as_bytes());
    let run = on(&path, &["check"]);
    // The trust issue's panic report calls this plan valid: a template's name is people's
    // text, and French typography puts a no-break space before a colon.
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.contains("warning[template-not-duplicated]"));
}

#[test]
fn names_hold_any_script_space_and_emoji_but_not_hidden_characters() {
    // Partners and template names are compared with others, yet they are names: what people
    // write in them (any space, joiners and marks of their script, emoji, fullwidth forms,
    // combining accents) is valid; a tab or a byte-order mark in a name is refused.
    for (i, awkward) in AWKWARD.iter().enumerate() {
        let q = quoted(awkward);
        let text = format!(
            "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    source: {{bsp: {{partner: {q}}}}}\n    templates:\n      - {{name: {q}, language: fr_FR, category: marketing, status: approved, quality: red}}\n"
        );
        let run = on(
            &write(&format!("awkward-name-{i}.yaml"), text.as_bytes()),
            &["check"],
        );
        let hidden = awkward.contains('\u{feff}') || awkward.contains('\t');
        if hidden {
            assert_eq!(run.code, Some(1), "{awkward:?}: {}", run.stderr);
            assert_eq!(
                run.stderr.matches("error[invalid-id]").count(),
                2,
                "{awkward:?}: {}",
                run.stderr
            );
        } else {
            assert_eq!(run.code, Some(0), "{awkward:?}: {}", run.stderr);
        }
    }
}

#[test]
fn awkward_text_in_every_field_never_panics_valid_or_not() {
    for (i, awkward) in AWKWARD.iter().enumerate() {
        let q = quoted(awkward);
        // Valid plans: the text in names, notes, titles.
        let valid = format!(
            "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    display_name: {q}\n    notes: {q}\n    source: {{bsp: {{partner: p}}}}\n    templates:\n      - {{name: t, language: fr_FR, category: marketing, status: approved, quality: red, buttons: 12}}\nsteps:\n  - {{id: s-{i}, title: {q}, owner: customer, phase: after, reason: {q}, action: {q}, after: [save-integration]}}\n"
        );
        let path = write(&format!("awkward-valid-{i}.yaml"), valid.as_bytes());
        for args in EVERY_OUTPUT {
            let run = on(&path, args);
            assert!(
                matches!(run.code, Some(0 | 3)),
                "{awkward:?} {args:?}: {}",
                run.stderr
            );
        }
        // Values compared with others (partners, template names and languages): valid, or
        // refused with a code, never a crash.
        let compared = format!(
            "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    source: {{bsp: {{partner: {q}}}}}\n    templates:\n      - {{name: {q}, language: {q}, category: marketing, status: approved, quality: red, buttons: 12}}\n"
        );
        let path = write(&format!("awkward-compared-{i}.yaml"), compared.as_bytes());
        for args in EVERY_OUTPUT {
            let run = on(&path, args);
            assert!(
                matches!(run.code, Some(0 | 1 | 3)),
                "{awkward:?} {args:?}: {}",
                run.stderr
            );
        }
        // Invalid plans: the same text where a diagnostic quotes it or points next to it.
        let invalid = format!(
            "{HEAD}numbers:\n  - number: {q}\n    display_name_status: {q}\n    {q}: {q}\n    source: {{bsp: {{partner: {q}, waba: {q}}}}}\n    done: [{q}, {{step: {q}, at: {q}}}]\n  - {{number: '+4930901821', source: {q}}}\nsteps:\n  - {{id: {q}, title: {q}, owner: {q}, duration: {q}, after: [{q}]}}\noverrides:\n  - {{step: {q}, duration: {q}}}\n"
        );
        let path = write(&format!("awkward-invalid-{i}.yaml"), invalid.as_bytes());
        for args in EVERY_OUTPUT {
            let run = on(&path, args);
            assert_eq!(run.code, Some(1), "{awkward:?} {args:?}");
        }
    }
}

#[test]
fn control_characters_in_any_text_are_refused_before_they_reach_a_terminal() {
    // A carriage return in a display name printed a fake "Nothing blocks the cutover." into a
    // blocked report, and escapes in the plan's name recoloured the terminal. Every control
    // character but a tab, in every kind of text field; line breaks only in `notes`, and the
    // final one of a block scalar.
    // The explicit bidirectional controls too: an unterminated override showed the rest of a
    // billing line reversed.
    let controls = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain(0x202a..=0x202e)
        .chain(0x2066..=0x2069)
        .filter(|&c| c != 0x09)
        .map(|c| format!("\\u{c:04X}"));
    let fields: [fn(&str) -> String; 5] = [
        |v| {
            format!(
                "version: 1\nplan:\n  name: \"A{v}B\"\n  destination: {{region: eu-central-1, org: o, time_zone: Europe/Berlin}}\nnumbers: []\n"
            )
        },
        |v| {
            format!(
                "{HEAD}numbers:\n  - {{number: '+4930901820', source: app, display_name: \"A{v}B\"}}\n"
            )
        },
        |v| {
            format!("{HEAD}numbers: []\nsteps:\n  - {{id: s, title: \"A{v}B\", owner: customer}}\n")
        },
        |v| {
            format!(
                "{HEAD}numbers: []\nsteps:\n  - {{id: s, title: t, action: \"A{v}B\", owner: customer}}\n"
            )
        },
        |v| {
            format!(
                "{HEAD}{FLEET_DONE}numbers:\n  - number: '+4930901820'\n    source: app\n    done: [{{step: back-up-app-chats, by: \"A{v}B\"}}]\n"
            )
        },
    ];
    for c in controls {
        for (i, field) in fields.iter().enumerate() {
            let path = write(&format!("control-{i}.yaml"), field(&c).as_bytes());
            let run = on(&path, &["check"]);
            assert_eq!(run.code, Some(1), "{c} in field {i}: {}", run.stderr);
            assert!(
                run.stderr.contains("error[control-character]"),
                "{c} in field {i}: {}",
                run.stderr
            );
        }
    }
    // Allowed: a tab, line breaks in notes, a block scalar's final line break, right-to-left
    // text and the marks that reorder nothing around them.
    let fine = format!(
        "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    display_name: \"A\\tB \u{5e9}\u{5dc}\u{5d5}\u{5dd}\u{200f} \u{645}\u{62a}\u{62c}\u{631}\"\n    notes: \"one\\ntwo\"\nsteps:\n  - id: s\n    title: |\n      Brief the agents\n    owner: customer\n"
    );
    let path = write("control-fine.yaml", fine.as_bytes());
    let run = on(&path, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
}

#[test]
fn zero_width_and_bidi_characters_in_ids_are_refused() {
    for hidden in [
        "\u{200b}", "\u{200d}", "\u{202e}", "\u{2066}", "\u{feff}", "\u{ad}",
    ] {
        let id = format!("brief-agents{hidden}");
        let text = format!(
            "{HEAD}numbers:\n  - {{number: '+4930901820', source: app}}\nsteps:\n  - {{id: brief-agents, title: t, owner: customer}}\n  - {{id: \"{id}\", title: t, owner: customer}}\n"
        );
        let run = on(&write("zero-width.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(1), "{hidden:?}");
        // A bidirectional control is refused in any text, ids included.
        assert!(
            run.stderr.contains("error[invalid-id]")
                || run.stderr.contains("error[control-character]"),
            "{hidden:?}: {}",
            run.stderr
        );
    }
}

/// Every value compared with another for equality, with the shape it is read in: `true` for a
/// code or an id (one word, no space), `false` for a name (words and plain spaces).
const COMPARED: &[(&str, &str, bool)] = &[
    ("destination region", "eu-central-1", true),
    ("destination org", "contoso-emea", false),
    ("destination portfolio", "emea-portfolio", false),
    ("genesys region", "eu-west-1", true),
    ("genesys org", "contoso-legacy", false),
    ("engage partner", "engage-partner", false),
    ("engage waba", "waba-eu", true),
    ("engage portfolio", "emea-portfolio", false),
    ("bsp partner", "sinch-emea", false),
    ("bsp portfolio", "emea-portfolio", false),
    ("waba id", "waba-eu", true),
    ("waba template name", "order_update", false),
    ("waba template language", "en_US", true),
    ("number template name", "order_ready", false),
    ("number template language", "de_DE", true),
    ("step id", "brief-agents", true),
];

/// A plan with each of `values` (in [`COMPARED`]'s order) written where it belongs, each on a
/// line of its own, in double quotes (so `\u` escapes are read).
fn compared_plan(values: &[String]) -> String {
    let v = |i: usize| &values[i];
    format!(
        "version: 1\nplan:\n  name: x\n  destination:\n    region: \"{}\"\n    org: \"{}\"\n    portfolio: \"{}\"\n    time_zone: Europe/Berlin\nsource_wabas:\n  - id: \"{}\"\n    templates:\n      - name: \"{}\"\n        language: \"{}\"\n        category: utility\n        status: approved\nnumbers:\n  - number: '+4930901820'\n    source:\n      genesys:\n        region: \"{}\"\n        org: \"{}\"\n        pin_known: true\n  - number: '+4930901821'\n    source:\n      engage:\n        partner: \"{}\"\n        waba: \"{}\"\n        portfolio: \"{}\"\n  - number: '+4930901822'\n    source:\n      bsp:\n        partner: \"{}\"\n        portfolio: \"{}\"\n    templates:\n      - name: \"{}\"\n        language: \"{}\"\n        category: utility\n        status: approved\nsteps:\n  - id: \"{}\"\n    title: t\n    owner: customer\n",
        v(0),
        v(1),
        v(2),
        v(10),
        v(11),
        v(12),
        v(3),
        v(4),
        v(5),
        v(6),
        v(7),
        v(8),
        v(9),
        v(13),
        v(14),
        v(15)
    )
}

/// How a test changes a value.
type Change = Box<dyn Fn(&str) -> String>;

#[test]
fn every_compared_value_refuses_invisible_spaced_and_lookalike_characters() {
    let plain: Vec<String> = COMPARED.iter().map(|c| c.1.to_string()).collect();
    let run = on(
        &write("compared.yaml", compared_plan(&plain).as_bytes()),
        &["check"],
    );
    assert_ne!(run.code, Some(1), "the plain plan is valid: {}", run.stderr);
    // (name, how it changes a value, refused in names too: names take any space, joiners,
    // marks and fullwidth forms, see `names_hold_any_script_space_and_emoji_but_not_hidden_characters`)
    let insert = |hidden: &'static str| move |v: &str| format!("{}{hidden}{}", &v[..1], &v[1..]);
    let swap = |other: &'static str| move |v: &str| v.replacen('e', other, 1);
    let classes: Vec<(&str, Change, bool)> = vec![
        ("zero-width space", Box::new(insert("\\u200B")), true),
        ("zero-width joiner", Box::new(insert("\\u200D")), false),
        ("word joiner", Box::new(insert("\\u2060")), true),
        ("byte-order mark", Box::new(insert("\\uFEFF")), true),
        ("soft hyphen", Box::new(insert("\\u00AD")), true),
        ("left-to-right mark", Box::new(insert("\\u200E")), false),
        ("variation selector", Box::new(insert("\\uFE0F")), false),
        ("no-break space", Box::new(insert("\\u00A0")), false),
        ("narrow no-break space", Box::new(insert("\\u202F")), false),
        ("thin space", Box::new(insert("\\u2009")), false),
        ("en space", Box::new(insert("\\u2002")), false),
        ("ideographic space", Box::new(insert("\\u3000")), false),
        ("tab", Box::new(insert("\\t")), true),
        ("plain space", Box::new(insert(" ")), false),
        ("fullwidth letter", Box::new(swap("\u{ff45}")), false),
        ("Cyrillic lookalike", Box::new(swap("\u{435}")), true),
        ("Greek letter", Box::new(swap("\u{3b5}")), true),
        (
            "ligature",
            Box::new(|v: &str| format!("{v}\u{fb01}x")),
            false,
        ),
        (
            "non-breaking hyphen",
            Box::new(|v: &str| v.replacen('_', "\u{2011}", 1).replacen('-', "\u{2011}", 1)),
            false,
        ),
    ];
    for (class, change, in_names) in &classes {
        let values: Vec<String> = COMPARED.iter().map(|c| change(c.1)).collect();
        let run = on(
            &write("compared.yaml", compared_plan(&values).as_bytes()),
            &["check"],
        );
        assert_eq!(run.code, Some(1), "{class}: {}", run.stderr);
        let refused = run.stderr.matches("error[invalid-id]").count();
        // Ids refuse every class; codes (regions, languages) all but a plain space; names
        // what `in_names` says.
        let is_refused_in = |field: &str, word: bool| {
            let id = field.ends_with("id") || field.ends_with("waba");
            (word && (id || *class != "plain space")) || *in_names
        };
        let expected = COMPARED
            .iter()
            .zip(&values)
            .filter(|((field, plain, word), v)| v != plain && is_refused_in(field, *word))
            .count();
        assert_eq!(refused, expected, "{class}: {}", run.stderr);
        for ((field, _, word), value) in COMPARED.iter().zip(&values) {
            let shown_once = run.stderr.matches(&format!("\"{value}\"")).count() >= 1;
            assert!(
                !is_refused_in(field, *word) || shown_once,
                "{class} in {field} is not pointed at: {}",
                run.stderr
            );
        }
        if *in_names {
            assert!(run.stderr.contains("U+"), "{class}: {}", run.stderr);
        }
    }
    // Names and codes of one script, or with accents, are valid; only ids refuse nothing more.
    let accented: Vec<String> = COMPARED
        .iter()
        .map(|c| c.1.replacen('e', "\u{e9}", 1))
        .collect();
    let run = on(
        &write("compared.yaml", compared_plan(&accented).as_bytes()),
        &["check"],
    );
    assert_eq!(
        run.stderr.matches("error[invalid-id]").count(),
        0,
        "{}",
        run.stderr
    );
    let mut cyrillic = plain.clone();
    cyrillic[1] = "\u{41a}\u{43e}\u{43d}\u{442}\u{43e}\u{441}\u{43e} \u{420}\u{443}\u{441}".into();
    cyrillic[8] = "\u{41f}\u{430}\u{440}\u{442}\u{43d}\u{435}\u{440}".into();
    let run = on(
        &write("compared.yaml", compared_plan(&cyrillic).as_bytes()),
        &["check"],
    );
    assert_ne!(run.code, Some(1), "{}", run.stderr);
}

#[test]
fn a_region_move_into_the_same_region_with_a_hidden_character_is_refused_not_missed() {
    let text = concat!(
        "version: 1\nplan:\n  name: x\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\n",
        "numbers:\n  - number: '+4930901820'\n    source: {genesys: {region: \"eu-central-1\\u200b\", org: o, pin_known: true}}\n",
    );
    let run = on(&write("same-region.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("U+200B, character 13"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("retype it as `eu-central-1`"),
        "{}",
        run.stderr
    );
}

// --- the PIN ---------------------------------------------------------------------------------

/// Every way a PIN was seen to leak, and the other ways YAML lets one write it.
fn pin_shapes() -> Vec<(&'static str, String)> {
    let n =
        |tail: &str| format!("{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n{tail}");
    vec![
        ("pin-dash", n(&format!("    pin-code: {PIN}\n"))),
        ("pin-space-colon", n(&format!("    pin : {PIN}\n"))),
        ("pin-mixed-case", n(&format!("    pIN_code: {PIN}\n"))),
        ("pin-camel", n(&format!("    registrationPin: {PIN}\n"))),
        ("pin-next-line", n(&format!("    pin:\n      {PIN}\n"))),
        ("pin-literal", n(&format!("    pin: |\n      {PIN}\n"))),
        ("pin-folded", n(&format!("    pin: >-\n      {PIN}\n"))),
        ("pin-quoted", n(&format!("    pin: \"{PIN}\"\n"))),
        ("pin-single-quoted", n(&format!("    pin: '{PIN}'\n"))),
        ("pin-in-a-list", n(&format!("    pins: [{PIN}]\n"))),
        (
            "pin-bracketed-value",
            n(&format!("    notes: \"({}) {}\"\n", &PIN[..3], &PIN[3..])),
        ),
        (
            "pin-square-brackets-value",
            n(&format!("    notes: \"[{}][{}]\"\n", &PIN[..3], &PIN[3..])),
        ),
        (
            "pin-over-two-lines",
            n(&format!(
                "    notes: |\n      {}\n      {}\n",
                &PIN[..3],
                &PIN[3..]
            )),
        ),
        ("unknown-key", n(&format!("    pinn: {PIN}\n"))),
        (
            "unknown-key-nested",
            n(&format!("    extra: {{code: {PIN}}}\n")),
        ),
        ("pin-as-key", n(&format!("    {PIN}: x\n"))),
        ("pin-as-top-key", format!("{HEAD}{PIN}: x\nnumbers: []\n")),
        (
            "pin-known-next-line",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    source:\n      genesys:\n        region: a\n        org: b\n        pin_known:\n          {PIN}\n"
            ),
        ),
        (
            "pin-known-quoted",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    source: {{genesys: {{region: a, org: b, pin_known: \"{PIN}\"}}}}\n"
            ),
        ),
        (
            "pin-through-anchor",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    notes_pin: &p {PIN}\n    display_name: *p\n    source: app\n"
            ),
        ),
        (
            "pin-anchor-in-unknown-key",
            format!(
                "{HEAD}x-defaults: &d {{code: {PIN}}}\nnumbers:\n  - number: '+4930901820'\n    display_name: x\n    source: app\n"
            ),
        ),
        (
            "pin-through-merge",
            format!(
                "{HEAD}x-base: &b {{pin: {PIN}}}\nnumbers:\n  - number: '+4930901820'\n    <<: *b\n    source: app\n"
            ),
        ),
        (
            "pin-in-notes",
            n(&format!("    notes: \"PIN {PIN}, ask Ines\"\n")),
        ),
        (
            "pin-then-another-digit",
            n(&format!("    notes: \"PIN {PIN} 2 attempts left\"\n")),
        ),
        (
            "pin-after-a-digit",
            n(&format!("    notes: \"2FA 1 {PIN}\"\n")),
        ),
        (
            "pin-before-2sv",
            n(&format!("    notes: \"{PIN} (2SV)\"\n")),
        ),
        (
            "pin-two-factor",
            n(&format!("    notes: \"two-factor {PIN}\"\n")),
        ),
        (
            "pin-zwei-faktor",
            n(&format!("    notes: \"Zwei-Faktor-Code {PIN}\"\n")),
        ),
        (
            "pin-like-an-error-code-after-a-name-with-err",
            n("    notes: \"Herr Meier, PIN 135790\"\n"),
        ),
        (
            "pin-in-mixed-scripts",
            n(&format!(
                "    notes: \"{}\u{665}\u{661}\u{666} x\"\n",
                &PIN[..3]
            )),
        ),
        (
            "pin-in-a-title",
            format!(
                "{HEAD}numbers: []\nsteps:\n  - {{id: s, title: \"Use PIN {PIN}\", owner: customer}}\n"
            ),
        ),
        (
            "pin-after-a-syntax-error",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    pin: {PIN} : bad\n    source: [app\n"
            ),
        ),
        (
            "pin-in-a-non-utf8-file",
            format!("{HEAD}numbers:\n  - number: '+4930901820'\n    pin: {PIN} \u{fffd}\n"),
        ),
    ]
}

#[test]
fn a_pin_split_by_any_punctuation_next_to_a_pin_word_is_refused_and_hidden() {
    // The separators a PIN was recognised through were a fixed list: `PIN 481,516` and a dozen
    // other everyday spellings were accepted and printed by every command. Any one to three
    // characters that are neither letters nor digits now join, but a comma before a space (a
    // list: `Les Pins 3, 06160`) unless it splits six digits evenly (`PIN 481, 516`); other
    // scripts' digits join the same way without a PIN word.
    let (a, b) = PIN.split_at(3);
    let fullwidth = |d: &str| -> String {
        d.chars()
            .map(|c| char::from_u32(0xff10 + c.to_digit(10).expect("a digit")).expect("a char"))
            .collect()
    };
    let arabic = |d: &str| -> String {
        d.chars()
            .map(|c| char::from_u32(0x660 + c.to_digit(10).expect("a digit")).expect("a char"))
            .collect()
    };
    let mut spellings: Vec<String> = [
        ",", "_", "'", "\u{2019}", "\u{b7}", "\u{2212}", "+", "*", "|", "~", "][", "^", "#", "=",
        "\u{60c}", "\u{66c}", "\u{ff0c}", "\u{3001}", "--", ".,",
    ]
    .iter()
    .map(|sep| format!("PIN {a}{sep}{b}"))
    .collect();
    spellings.push(format!("PIN [{a}][{b}]"));
    // A list comma still joins a code split evenly next to a PIN word.
    spellings.push(format!("PIN {a}, {b}"));
    spellings.push(format!("pin: {}, {}, {}", &PIN[..2], &PIN[2..4], &PIN[4..]));
    spellings.push(format!(
        "PIN {}",
        PIN.chars().map(String::from).collect::<Vec<_>>().join(",")
    ));
    for sep in ["\u{66c}", "\u{3001}", "_", ","] {
        spellings.push(format!("Store {}{sep}{}", arabic(a), arabic(b)));
        spellings.push(format!("Store {}{sep}{}", fullwidth(a), fullwidth(b)));
    }
    for spelled in &spellings {
        let text = format!(
            "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    display_name: {}\n",
            quoted(spelled)
        );
        let path = write("pin-spelled.yaml", text.as_bytes());
        for args in [&["check"][..], &["dry-run", "--format", "json"]] {
            let run = on(&path, args);
            assert_eq!(run.code, Some(1), "{spelled} {args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("pin-in-plan") || run.stdout.contains("pin-in-plan"),
                "{spelled} {args:?}: {}{}",
                run.stderr,
                run.stdout
            );
            let digits_of = |s: &str| s.chars().filter(|c| c.is_numeric()).collect::<String>();
            for line in run.stdout.lines().chain(run.stderr.lines()) {
                assert!(
                    !digits_of(line).contains(&digits_of(spelled)),
                    "{spelled} {args:?} shows it: {line}"
                );
            }
        }
    }
    // A street number and a postcode are a list, not a PIN.
    let path = write(
        "pins-street.yaml",
        format!("{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    display_name: 'Les Pins 3, 06160'\n").as_bytes(),
    );
    assert_eq!(on(&path, &["check"]).code, Some(0));
}

/// A plan `check` finds valid (exit 0), to put one value or line into.
const VALID: &str = "version: 1\nplan:\n  name: T\n  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}\nfleet:\n  done: [configure-inbound-routing, meta-portfolio-access, destination-waba-credit-line]\nnumbers:\n  - number: \"+49 30 901820\"\n    display_name_status: approved\n    source:\n      bsp: {partner: 360dialog}\n    done: [disable-two-step-verification, create-canned-responses]\n";

/// `spelled` as a display name, and as a comment, of the [`VALID`] plan (written to a file named
/// after `name`: tests run in parallel): `check` and `dry-run` refuse it as `pin-in-plan` and
/// never show `pin`'s digits.
fn refused_and_hidden(name: &str, spelled: &str, pin: &str) {
    let digits_of = |s: &str| s.chars().filter(|c| c.is_numeric()).collect::<String>();
    for text in [
        VALID.replace(
            "    display_name_status",
            &format!(
                "    display_name: {}\n    display_name_status",
                quoted(spelled)
            ),
        ),
        format!("{VALID}# {spelled}\n"),
    ] {
        let path = write(&format!("{name}.yaml"), text.as_bytes());
        for args in [&["check"][..], &["dry-run", "--format", "json"]] {
            let run = on(&path, args);
            assert_eq!(run.code, Some(1), "{spelled:?} {args:?}: {}", run.stderr);
            assert!(
                run.stderr.contains("error[pin-in-plan]") || run.stdout.contains("pin-in-plan"),
                "{spelled:?} {args:?}: {}{}",
                run.stderr,
                run.stdout
            );
            for line in run.stdout.lines().chain(run.stderr.lines()) {
                assert!(
                    !digits_of(line).contains(pin),
                    "{spelled:?} {args:?} shows it: {line}"
                );
            }
        }
    }
}

#[test]
fn a_pin_beside_a_pin_word_of_any_script_or_spelling_is_refused_and_hidden() {
    // PIN words glued to letters of another script (`PIN码`), or spelled in more ways and
    // languages (`2 FA`, `pw:`, `كلمة المرور`, `code de vérification`), passed `check` and the
    // PIN was printed by every command.
    for spelled in [
        "PIN码 735291",
        "PIN번호 735291",
        "2-FA 735291",
        "2 FA 735291",
        "pwd 735291",
        "pw: 735291",
        "pass: 735291",
        "pw=735 291",
        "كلمة المرور 735291",
        "סיסמה 735291",
        "पासवर्ड 735291",
        "รหัสผ่าน 735291",
        "κωδικός πρόσβασης 735291",
        "code de vérification 735291",
        "código de verificación 735291",
        "código de verificação 735291",
        "codice di verifica 735291",
        "Sicherheitscode 735291",
        "verificatiecode 735291",
        "kod weryfikacyjny 735291",
        "doğrulama kodu 735291",
        "код подтверждения 735291",
        "kode verifikasi 735291",
    ] {
        refused_and_hidden("pin-word", spelled, "735291");
    }
    // Honest text beside the new words is no PIN: `pass` as a verb or a ticket, `código` and
    // `κωδικός` alone (a store's code).
    for honest in [
        "Store 482913 will pass the audit",
        "Boarding pass 482913",
        "Κωδικός καταστήματος 482913",
        "pass 3 items to store 482913",
        "Pedido 482913; código de tienda MAD-7",
        "Les Pins 3, 06160",
    ] {
        let text = VALID.replace(
            "    display_name_status",
            &format!(
                "    display_name: {}\n    display_name_status",
                quoted(honest)
            ),
        );
        let run = on(&write("pin-word-honest.yaml", text.as_bytes()), &["check"]);
        assert_eq!(run.code, Some(0), "{honest:?}: {}", run.stderr);
    }
}

#[test]
fn a_pin_split_by_a_wide_run_of_spaces_beside_a_pin_word_is_refused_and_hidden() {
    // Up to three characters joined the runs of a PIN: `PIN 735    291` passed `check` and was
    // printed by every command.
    for spelled in [
        "PIN 735    291",
        "PIN\t\t\t\t735\t\t\t\t291",
        "PIN 73    52    91",
        "2FA: 735 -- / -- 291",
    ] {
        refused_and_hidden("pin-split-wide", spelled, "735291");
    }
}

#[test]
fn long_lines_of_digits_of_another_script_are_read_without_a_stall() {
    // Each was one secret value as long as the line, and the finder that masks secrets in
    // everything written was built in time quadratic in such a value: a comment of 33,000 `١ `
    // took 24 s to check in a release build.
    let digits = |n: usize, unit: &str| unit.repeat(n);
    let comment = write(
        "stall-comment.yaml",
        format!("{VALID}# {}\n", digits(33_000, "\u{661} ")).as_bytes(),
    );
    let notes = write(
        "stall-notes.yaml",
        format!("{VALID}    notes: \"{}\"\n", digits(20_000, "\u{661}")).as_bytes(),
    );
    for path in [&comment, &notes] {
        for args in [&["check"][..], &["check", "--format", "json"]] {
            let run = on(path, args);
            assert_eq!(run.code, Some(1), "{path:?} {args:?}: {}", run.stderr);
            assert!(!run.stderr.contains('\u{661}') && !run.stdout.contains('\u{661}'));
            assert!(run.took < BOUND, "{path:?} {args:?} took {:?}", run.took);
        }
    }
    let plan = write("stall-record.yaml", VALID.as_bytes());
    let note = digits(15_000, "\u{661} ");
    let plan_path = plan.to_str().expect("a UTF-8 path");
    let run = wamigrate(&[
        "record",
        plan_path,
        "+4930901820",
        "verify-number-in-embedded-signup",
        "--started",
        "--note",
        &note,
        "--at",
        "2026-12-05T10:00",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("pin-in-record"), "{}", run.stderr);
    assert!(run.took < BOUND, "record took {:?}", run.took);
    assert!(!plan.with_extension("journal").exists());
    let csv = write(
        "stall.csv",
        format!(
            "number,source,display_name\n\"+49 30 901820\",app,\"{}\"\n",
            digits(16_000, "\u{661}")
        )
        .as_bytes(),
    );
    let run = wamigrate(&[
        "init",
        "--from-csv",
        csv.to_str().expect("a UTF-8 path"),
        "--region",
        "eu-central-1",
        "--org",
        "contoso",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("pin-in-plan"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{661}') && !run.stdout.contains('\u{661}'));
    assert!(run.took < BOUND, "init took {:?}", run.took);
}

#[test]
fn the_pin_never_reaches_any_output() {
    for (name, text) in pin_shapes() {
        let bytes = if name == "pin-in-a-non-utf8-file" {
            text.replace('\u{fffd}', "\u{1}")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect()
        } else {
            text.into_bytes()
        };
        let path = write(&format!("{name}.yaml"), &bytes);
        for args in EVERY_OUTPUT {
            let run = on(&path, args);
            assert_eq!(
                run.code,
                Some(1),
                "{name} {args:?}: a plan with a PIN is refused"
            );
            assert!(
                !run.stdout.contains(PIN) && !run.stderr.contains(PIN),
                "{name} {args:?} printed the PIN:\n{}{}",
                run.stderr,
                run.stdout
            );
            if args.contains(&"json") || args.contains(&"sarif") {
                let parsed: Result<serde_json::Value, _> = serde_json::from_str(&run.stdout);
                assert!(parsed.is_ok(), "{name} {args:?}: not JSON:\n{}", run.stdout);
            }
        }
    }
}

#[test]
fn what_a_message_hides_as_a_possible_pin_its_snippet_hides_too() {
    for (name, text) in [
        (
            "tag",
            format!(
                "{HEAD}numbers: [{{number: '+4930901820', source: engage, notes: !{PIN} x}}]\n"
            ),
        ),
        (
            "duration",
            format!(
                "{HEAD}numbers: []\nsteps: [{{id: s, title: t, owner: customer, duration: \"{PIN}d\"}}]\n"
            ),
        ),
    ] {
        let run = on(
            &write(&format!("snippet-{name}.yaml"), text.as_bytes()),
            &["check"],
        );
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains(PIN), "{name}: {}", run.stderr);
        assert!(run.stderr.contains("******"), "{name}: {}", run.stderr);
    }
}

#[test]
fn a_value_that_equals_the_pin_is_masked_and_json_stays_json() {
    // The PIN's digits are masked wherever they appear, even as a line number that merely
    // equals them (a plan over 481,516 lines long): in JSON that number becomes a string of `*`,
    // which used to be a bare `******` and broke the document.
    let line: usize = PIN.parse().expect("six digits");
    let mut text = format!("{HEAD}  pin: '{PIN}'\nnumbers: []\n");
    let filler = line - 1 - text.lines().count();
    text.push_str(&"#\n".repeat(filler));
    text.push_str("bogus_key: 1\n");
    let path = write("pin-equals-a-line.yaml", text.as_bytes());
    for args in [
        &["check", "--format", "json"][..],
        &["check", "--format", "sarif"],
        &["dry-run", "--format", "json"],
    ] {
        let run = on(&path, args);
        assert_eq!(run.code, Some(1), "{args:?}: {}", run.stderr);
        assert!(!run.stdout.contains(PIN), "{args:?}:\n{}", run.stdout);
        let json: serde_json::Value = serde_json::from_str(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}):\n{}", run.stdout));
        assert!(json.to_string().contains("\"******\""), "{args:?}: {json}");
    }
    let run = on(&path, &["check"]);
    assert!(run.stderr.contains("error[unknown-key]"), "{}", run.stderr);
    assert!(!run.stderr.contains(PIN), "{}", run.stderr);
}

// --- bounded reads ---------------------------------------------------------------------------

#[test]
fn dev_zero_is_refused_at_once() {
    let run = wamigrate(&["check", "/dev/zero"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("error[not-utf8]"), "{}", run.stderr);
    assert!(run.took < BOUND);
}

#[test]
fn a_one_gib_file_is_refused_before_reading() {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("gate-1gib.yaml");
    let file = std::fs::File::create(&path).expect("create");
    file.set_len(1 << 30).expect("a sparse file");
    let run = on(&path, &["check"]);
    std::fs::remove_file(&path).ok();
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error[input-too-complex]"),
        "{}",
        run.stderr
    );
    assert!(run.took < Duration::from_secs(2));
}

#[test]
fn an_endless_pipe_is_refused_with_bounded_memory() {
    let started = Instant::now();
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_wamigrate"))
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let line = b"# an endless stream of valid text\n".repeat(1000);
        // Stops when the reader gives up (broken pipe).
        while stdin.write_all(&line).is_ok() {}
    });
    let output = child.wait_with_output().expect("wait");
    writer.join().expect("the writer ends");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[input-too-complex]"), "{stderr}");
    assert!(started.elapsed() < BOUND);
}

#[test]
fn dev_stdin_as_a_path_is_bounded_too() {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_wamigrate"))
        .args(["check", "/dev/stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || {
        let zeros = vec![0_u8; 1 << 16];
        while stdin.write_all(&zeros).is_ok() {}
    });
    let output = child.wait_with_output().expect("wait");
    writer.join().expect("the writer ends");
    assert_eq!(output.status.code(), Some(1));
}

// --- bounded work on small files ---------------------------------------------------------------

/// Runs `check` and `dry-run` on a small file built to make work quadratic; both must finish
/// within the bound, with exit codes `(check, dry-run)`.
fn within_bound(name: &str, text: &str, codes: (i32, i32)) -> Run {
    assert!(text.len() < 8 << 20, "{name} is a small file");
    let path = write(name, text.as_bytes());
    let mut last = None;
    for (args, code) in [
        (&["check"][..], codes.0),
        (&["dry-run", "--at", "2026-11-25T12:00:00Z"], codes.1),
    ] {
        let run = on(&path, args);
        assert_eq!(run.code, Some(code), "{name} {args:?}: {}", run.stderr);
        assert!(
            run.took < BOUND,
            "{name} {args:?} took {:?} (bound {BOUND:?})",
            run.took
        );
        last = Some(run);
    }
    last.expect("ran")
}

#[test]
fn a_200_kb_step_id_one_character_off_is_quick() {
    let long = "a".repeat(200_000);
    let text = format!(
        "{HEAD}numbers:\n  - {{number: '+4930901820', source: app}}\nsteps:\n  - {{id: {long}, title: t, owner: customer, phase: after, after: [save-integration]}}\n  - {{id: b, title: t, owner: customer, phase: after, after: [{long}x]}}\n"
    );
    let run = within_bound("long-id.yaml", &text, (1, 1));
    assert!(run.stderr.contains("error[unknown-step]"));
    assert!(
        run.stderr.len() < 20_000,
        "the long id is cut in the output"
    );
}

#[test]
fn a_100_kb_waba_id_one_character_off_is_quick() {
    let long = "w".repeat(100_000);
    let text = format!(
        "{HEAD}source_wabas:\n  - id: {long}\nnumbers:\n  - {{number: '+4930901820', source: {{engage: {{waba: {long}x}}}}}}\n"
    );
    let run = within_bound("long-waba.yaml", &text, (1, 1));
    assert!(run.stderr.contains("error[unknown-waba]"));
}

#[test]
fn a_template_listed_forty_thousand_times_is_refused_quickly() {
    // Each repeat is reported; finding them must not compare every entry with every other.
    let mut text = format!("{HEAD}source_wabas:\n  - id: w\n    templates:\n");
    for _ in 0..40_000 {
        text.push_str("      - {name: t, language: de_DE, category: utility, status: approved}\n");
    }
    text.push_str("numbers:\n  - {number: '+4930901820', source: {engage: {waba: w}}}\n");
    let run = within_bound("repeated-template.yaml", &text, (1, 1));
    assert!(run.stderr.contains("error[duplicate-template]"));
}

#[test]
fn five_thousand_unknown_after_ids_are_quick() {
    let mut text = format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: app}}\nsteps:\n");
    for i in 0..5_000 {
        let _ = writeln!(
            text,
            "  - {{id: step-{i:05}, title: t, owner: customer, phase: after, after: [unknown-{i:05}]}}"
        );
    }
    let run = within_bound("unknown-afters.yaml", &text, (1, 1));
    assert_eq!(run.stderr.matches("error[unknown-step]").count(), 5_000);
}

#[test]
fn twelve_thousand_started_entries_are_quick() {
    // A started list was searched for each entry's twin (quadratic in a 1 MB plan); every
    // unknown id is still reported.
    let mut text =
        format!("{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    started:\n");
    for i in 0..12_000 {
        let _ = writeln!(
            text,
            "      - {{step: unknown-{i:05}, at: '2026-11-20T10:00'}}"
        );
    }
    let run = within_bound("many-started.yaml", &text, (1, 1));
    assert_eq!(run.stderr.matches("error[unknown-step]").count(), 12_000);
}

fn prepare_chain(n: usize) -> String {
    let mut text = format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: app}}\nsteps:\n");
    text.push_str("  - {id: c0, title: t, owner: customer}\n");
    for i in 1..n {
        let _ = writeln!(
            text,
            "  - {{id: c{i}, title: t, owner: customer, after: [c{}]}}",
            i - 1
        );
    }
    text
}

#[test]
fn a_ten_thousand_step_prepare_chain_is_linear() {
    within_bound("chain-10k.yaml", &prepare_chain(10_000), (0, 3));
}

#[test]
fn a_hundred_thousand_step_prepare_chain_is_linear() {
    within_bound("chain-100k.yaml", &prepare_chain(100_000), (0, 3));
}

#[test]
fn one_mapping_with_a_hundred_thousand_keys_is_quick() {
    let mut text = format!("{HEAD}numbers: []\nextra:\n");
    for i in 0..100_000 {
        let _ = writeln!(text, "  k{i}: v");
    }
    within_bound("many-keys.yaml", &text, (1, 1));
}

/// `n` Engage numbers, `+4930` and seven digits, with approved display names.
fn engage_numbers(n: usize) -> String {
    let mut text = String::from("numbers:\n");
    for i in 0..n {
        let _ = writeln!(
            text,
            "  - {{number: '+4930{:07}', display_name: N {i}, display_name_status: approved, source: engage}}",
            2_000_000 + i
        );
    }
    text
}

/// `n` Engage numbers and one fleet-wide step that needs every number's two-step verification
/// turned off (so every number's cutover waits on every other number's step).
fn fleet_step_after_every_number(n: usize) -> String {
    format!(
        "{HEAD}{FLEET_DONE}{}steps:\n  - {{id: all-2sv-off, title: Confirm two-step verification is off on every number, owner: customer, after: [disable-two-step-verification]}}\n",
        engage_numbers(n)
    )
}

#[test]
fn a_fleet_step_after_a_step_of_every_number_keeps_reports_linear() {
    // Each number listed every other number's unfinished step as a blocker of its own: 4,000
    // numbers printed 3.4 GB of JSON. A step of other numbers is now one entry with a count.
    let mut sizes = Vec::new();
    for n in [500, 2_000] {
        let name = format!("fleet-after-every-{n}.yaml");
        let path = write(&name, fleet_step_after_every_number(n).as_bytes());
        let mut size = 0;
        for args in [
            &["dry-run", "--at", "2026-11-25T12:00:00Z"][..],
            &[
                "dry-run",
                "--at",
                "2026-11-25T12:00:00Z",
                "--format",
                "json",
            ],
            &["runbook", "--at", "2026-11-25T12:00:00Z"],
        ] {
            let run = on(&path, args);
            // A runbook is written whatever the state; a dry-run gates.
            let code = if args[0] == "runbook" { 0 } else { 3 };
            assert_eq!(run.code, Some(code), "{name} {args:?}: {}", run.stderr);
            assert!(run.took < BOUND, "{name} {args:?} took {:?}", run.took);
            size += run.stdout.len();
            if args.contains(&"json") {
                let report: serde_json::Value =
                    serde_json::from_str(&run.stdout).expect("valid JSON");
                let blocking = report["numbers"][1]["blocking"]
                    .as_array()
                    .expect("blockers");
                let others: Vec<_> = blocking
                    .iter()
                    .filter(|b| !b["other_numbers"].is_null())
                    .collect();
                assert_eq!(others.len(), 1, "one entry for the other numbers");
                assert_eq!(others[0]["step"], "disable-two-step-verification");
                assert_eq!(others[0]["other_numbers"]["count"], n - 1);
                assert_eq!(
                    others[0]["other_numbers"]["first"],
                    serde_json::json!(["+49302000000", "+49302000002", "+49302000003"])
                );
            }
        }
        sizes.push(size);
    }
    // Four times the numbers, about four times the output (the names grow a little).
    assert!(
        sizes[1] < sizes[0] * 9 / 2,
        "output grows faster than the fleet: {sizes:?}"
    );
}

/// `numbers` Engage numbers and `steps` fleet-wide prepare steps, each `before:` the next when
/// `chained`, else each on its own (so each comes before every number's cutover).
fn fleet_prepare_steps(numbers: usize, steps: usize, chained: bool) -> String {
    let mut text = format!("{HEAD}{FLEET_DONE}{}steps:\n", engage_numbers(numbers));
    for i in 0..steps {
        let before = if chained && i + 1 < steps {
            format!(", before: [p{}]", i + 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "  - {{id: p{i}, title: Prepare {i}, owner: customer{before}}}"
        );
    }
    text
}

#[test]
fn too_many_dependencies_are_refused_before_they_fill_the_memory() {
    // 2,000 numbers and 10,100 fleet-wide prepare steps without `before:`: each step comes before
    // every cutover, 20.2 million dependencies, refused at the step that goes over the limit.
    let run = within_bound(
        "fleet-prepare-steps.yaml",
        &fleet_prepare_steps(2_000, 10_100, false),
        (1, 1),
    );
    assert!(
        run.stderr.contains("error[too-many-dependencies]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("chain the fleet-wide prepare steps with `before:`")
    );
    // The fix the help gives: the same steps chained with `before:` are fine (on fewer numbers:
    // each number still lists every fleet step that blocks it).
    let run = within_bound(
        "fleet-prepare-steps-chained.yaml",
        &fleet_prepare_steps(200, 10_100, true),
        (0, 3),
    );
    assert!(
        !run.stderr.contains("too-many-dependencies"),
        "{}",
        run.stderr
    );
}

#[test]
fn ten_waves_each_after_the_one_before_are_quick() {
    // Each wave's step is scoped to a tenth of the numbers and comes after the wave before: every
    // number of a wave waits on every step of the waves before it. Each number walked all of
    // them (5,000 numbers took 19 s); the numbers of a wave now share one walk.
    let numbers = 4_000;
    let mut text = format!("{HEAD}{FLEET_DONE}{}steps:\n", engage_numbers(numbers));
    for wave in 0..10 {
        let list: Vec<String> = (wave * numbers / 10..(wave + 1) * numbers / 10)
            .map(|i| format!("'+4930{:07}'", 2_000_000 + i))
            .collect();
        let after = if wave == 0 {
            String::new()
        } else {
            format!(", after: [wave-{}]", wave - 1)
        };
        let _ = writeln!(
            text,
            "  - {{id: wave-{wave}, title: Wave {wave} go, owner: customer{after}, numbers: [{}]}}",
            list.join(", ")
        );
    }
    let run = within_bound("waves.yaml", &text, (0, 3));
    // The last wave's numbers name each earlier wave once, with its 400 numbers.
    let last = format!("+4930{:07}", 2_000_000 + numbers - 1);
    let report = run
        .stdout
        .split(&last)
        .nth(1)
        .expect("the last number is reported");
    let report = report.split("\n+49").next().unwrap_or(report);
    for wave in 0..9 {
        assert_eq!(
            report.matches(&format!(" wave-{wave} ")).count(),
            1,
            "wave-{wave} once:\n{report}"
        );
    }
    assert_eq!(
        report.matches("for:  400 other numbers").count(),
        9,
        "{report}"
    );
}

#[test]
fn an_override_for_each_of_ten_thousand_numbers_is_linear() {
    // Each override searched the whole graph for its step's nodes (a million in a fleet).
    let mut text = format!("{HEAD}{FLEET_DONE}{}overrides:\n", engage_numbers(10_000));
    for i in 0..10_000 {
        for (step, duration) in [
            ("create-canned-responses", "2h"),
            ("delete-engage-integration", "3m"),
        ] {
            let _ = writeln!(
                text,
                "  - {{step: {step}, duration: {duration}, owner: customer, numbers: ['+49 30 {:07}']}}",
                2_000_000 + i
            );
        }
    }
    within_bound("overrides-per-number.yaml", &text, (0, 3));
}

#[test]
fn ten_thousand_overlapping_overrides_are_each_reported_quickly() {
    // Each override was compared with every earlier one, number list by number list.
    let mut text = format!("{HEAD}{FLEET_DONE}{}overrides:\n", engage_numbers(10_000));
    for i in 0..10_000 {
        for duration in ["2h", "3h"] {
            let _ = writeln!(
                text,
                "  - {{step: create-canned-responses, duration: {duration}, numbers: ['+4930{:07}']}}",
                2_000_000 + i
            );
        }
    }
    let run = within_bound("overlapping-overrides.yaml", &text, (1, 1));
    assert_eq!(
        run.stderr.matches("error[duplicate-override]").count(),
        10_000
    );
}

#[test]
fn overrides_listing_thirty_five_thousand_numbers_are_linear() {
    // Each listed number was looked for in the whole list, for every node of the step.
    let list: Vec<String> = (0..35_000)
        .map(|i| format!("'+4930{:07}'", 2_000_000 + i))
        .collect();
    let mut text = format!("{HEAD}{FLEET_DONE}{}overrides:\n", engage_numbers(35_000));
    for step in [
        "create-canned-responses",
        "delete-engage-integration",
        "disable-two-step-verification",
    ] {
        let _ = writeln!(
            text,
            "  - {{step: {step}, duration: 2h, numbers: [{}]}}",
            list.join(", ")
        );
    }
    within_bound("override-lists.yaml", &text, (0, 3));
}

#[test]
fn a_chain_of_fifteen_thousand_hour_long_steps_before_a_window_is_linear() {
    // Each step's slack counted the working time to its deadline (the window) day by day, and
    // a chain of thousands of hours spans years.
    let mut text = format!(
        "{HEAD}  cutover_window: {{start: 2026-11-25T20:00, end: 2026-11-26T02:00}}\n{FLEET_DONE}{}steps:\n",
        engage_numbers(3)
    );
    for i in 0..15_000 {
        let after = if i > 0 {
            format!(", after: [c{}]", i - 1)
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "  - {{id: c{i}, title: t, owner: customer, duration: 1h{after}}}"
        );
    }
    within_bound("hour-chain.yaml", &text, (0, 3));
}

#[test]
fn twenty_thousand_done_fleet_steps_make_a_runbook_and_checklist_quickly() {
    // The runbook's parallel stage of done fleet steps was checked member by member for each
    // step joining it.
    let mut text = format!("{HEAD}fleet:\n  done:\n");
    for i in 0..20_000 {
        let _ = writeln!(
            text,
            "    - {{step: f{i}, at: '2026-10-01T10:00:00Z', by: Ops}}"
        );
    }
    text.push_str(&engage_numbers(3));
    text.push_str("steps:\n");
    for i in 0..20_000 {
        let _ = writeln!(
            text,
            "  - {{id: f{i}, title: F {i}, owner: customer, duration: 1h}}"
        );
    }
    let path = write("fleet-done.yaml", text.as_bytes());
    for args in [
        &["runbook", "--at", "2026-11-25T12:00:00Z"][..],
        &["checklist", "--at", "2026-11-25T12:00:00Z"],
    ] {
        let run = on(&path, args);
        assert_eq!(run.code, Some(0), "{args:?}: {}", run.stderr);
        assert!(
            run.took < BOUND,
            "{args:?} took {:?} (bound {BOUND:?})",
            run.took
        );
    }
}

#[test]
fn a_one_line_plan_with_ten_thousand_mistakes_is_reported_quickly_for_programs() {
    // Each diagnostic's end column was counted from the start of its line: the whole file.
    // (Text snippets show a window of the line; they are linear too, but slow in a debug build.)
    let items: Vec<String> = (0..10_000)
        .map(|i| {
            format!(
                "{{number: '+4930{:07}', source: engage, dispaly_name: X}}",
                2_000_000 + i
            )
        })
        .collect();
    let text = format!(
        "{{version: 1, plan: {{name: x, destination: {{region: eu-central-1, org: o, time_zone: Europe/Berlin}}}}, numbers: [{}]}}\n",
        items.join(",")
    );
    let path = write("one-line.yaml", text.as_bytes());
    for format in ["json", "github", "sarif"] {
        let run = on(&path, &["check", "--format", format]);
        assert_eq!(run.code, Some(1), "{format}: {}", run.stderr);
        assert!(
            run.took < BOUND,
            "{format} took {:?} (bound {BOUND:?})",
            run.took
        );
    }
}

#[test]
fn twenty_thousand_source_wabas_each_with_its_own_number_are_linear() {
    // Each WABA's numbers were looked for among all numbers.
    let mut text = format!("{HEAD}{FLEET_DONE}source_wabas:\n");
    for i in 0..20_000 {
        let _ = writeln!(text, "  - {{id: w{i}}}");
    }
    text.push_str("numbers:\n");
    for i in 0..20_000 {
        let _ = writeln!(
            text,
            "  - {{number: '+4930{:07}', display_name_status: approved, source: {{engage: {{waba: w{i}}}}}}}",
            2_000_000 + i
        );
    }
    within_bound("many-wabas.yaml", &text, (0, 3));
}

#[test]
fn numbers_listing_thousands_of_their_custom_steps_as_done_are_linear() {
    // Each listed step was looked for among all the number's steps, and each downtime edge too.
    let steps = 3_000;
    let route = [
        "disable-two-step-verification",
        "delete-engage-integration",
        "verify-number-in-embedded-signup",
        "save-integration",
    ];
    let done: Vec<String> = (route.iter().map(ToString::to_string))
        .chain((0..steps).map(|i| format!("a{i}")))
        .collect();
    let verified = HEAD.replace("Europe/Berlin", "Europe/Berlin, business_verified: true");
    let mut text = format!("{verified}{FLEET_DONE}numbers:\n");
    for i in 0..20 {
        let _ = writeln!(
            text,
            "  - {{number: '+4930{:07}', display_name_status: approved, source: engage, done: [{}]}}",
            2_000_000 + i,
            done.join(", ")
        );
    }
    text.push_str("steps:\n");
    for i in 0..steps {
        let _ = writeln!(
            text,
            "  - {{id: a{i}, title: t, owner: customer, phase: after, after: [save-integration], numbers: all}}"
        );
    }
    within_bound("done-custom.yaml", &text, (0, 0));
}

#[test]
fn a_cycle_of_a_hundred_thousand_steps_is_reported_not_a_crash() {
    // The cycle search recursed once per step and overflowed the stack (exit 134), and the
    // message named every step on one line.
    let mut text = format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: app}}\nsteps:\n");
    let n = 100_000;
    for i in 0..n {
        let _ = writeln!(
            text,
            "  - {{id: c{i}, title: t, owner: customer, after: [c{}]}}",
            (i + n - 1) % n
        );
    }
    let run = within_bound("cycle-100k.yaml", &text, (1, 1));
    assert!(
        run.stderr
            .contains("dependency cycle of 100000 steps: c0 -> c1 ->"),
        "{}",
        &run.stderr[..run.stderr.len().min(2_000)]
    );
    assert!(
        run.stderr.len() < 5_000,
        "the path is cut: {}",
        run.stderr.len()
    );
}

#[test]
fn a_waba_of_five_thousand_templates_shared_by_five_thousand_numbers_is_linear() {
    // Each of the WABA's template warnings held its own copy of the list of the numbers it
    // concerns: numbers x templates strings (2.6 GB from a 2 MB plan).
    let mut text = format!("{HEAD}{FLEET_DONE}source_wabas:\n  - id: big\n    templates:\n");
    for i in 0..5_000 {
        let _ = writeln!(
            text,
            "      - {{name: t{i}, language: en_US, category: marketing, status: approved, quality: yellow}}"
        );
    }
    text.push_str("numbers:\n");
    for i in 0..5_000 {
        let _ = writeln!(
            text,
            "  - {{number: '+4930{:07}', display_name_status: approved, source: {{engage: {{waba: big}}}}}}",
            2_000_000 + i
        );
    }
    within_bound("shared-waba.yaml", &text, (0, 3));
}

/// A plan of 10 Engage numbers and custom steps, one per line of `steps`.
fn with_steps(steps: impl Iterator<Item = String>) -> String {
    let mut text = format!("{HEAD}{FLEET_DONE}{}steps:\n", engage_numbers(10));
    for step in steps {
        let _ = writeln!(text, "  - {step}");
    }
    text
}

#[test]
fn a_chain_of_fifteen_thousand_per_number_steps_is_linear() {
    // Each number's instance of the step before was searched among all the number's steps.
    let text = with_steps((0..15_000).map(|i| {
        let after = if i > 0 {
            format!(", after: [c{}]", i - 1)
        } else {
            String::new()
        };
        format!("{{id: c{i}, title: t, owner: customer, numbers: all{after}}}")
    }));
    within_bound("chain-all.yaml", &text, (0, 3));
}

#[test]
fn forty_thousand_fleet_steps_before_a_route_step_are_linear() {
    // Each reference to a catalogue step searched every fleet step, custom ones included.
    let text =
        with_steps((0..40_000).map(|i| {
            format!("{{id: b{i}, title: t, owner: customer, before: [save-integration]}}")
        }));
    within_bound("before-route.yaml", &text, (0, 3));
}

#[test]
fn ten_thousand_steps_after_unknown_ids_are_reported_quickly() {
    // Each unknown id listed every known id again to look for a suggestion, budget spent or not.
    let text = with_steps((0..10_000).map(|i| {
        format!("{{id: step-number-{i}, title: t, owner: customer, after: [step-numbr-{i}, save-intgration]}}")
    }));
    let run = within_bound("unknown-afters-many.yaml", &text, (1, 1));
    assert!(run.stderr.contains("error[unknown-step]"));
}

#[test]
fn ten_thousand_per_number_steps_blocking_each_number_render_quickly() {
    // Each blocking step's schedule line was searched for among all the number's steps.
    let mut steps =
        vec!["{id: hub, title: t, owner: customer, duration: 1h, numbers: all}".to_string()];
    steps.extend((0..10_000).map(|i| {
        format!("{{id: f{i}, title: t, owner: customer, duration: 1h, after: [hub], numbers: all}}")
    }));
    within_bound("fan-all.yaml", &with_steps(steps.into_iter()), (0, 3));
}

#[test]
fn a_custom_step_listing_forty_thousand_numbers_is_linear() {
    // Each listed number was looked for among those listed before it.
    let list: Vec<String> = (0..40_000)
        .map(|i| format!("'+4930{:07}'", 2_000_000 + i))
        .collect();
    let text = format!(
        "{HEAD}{FLEET_DONE}{}steps:\n  - {{id: notify, title: t, owner: customer, phase: after, after: [save-integration], numbers: [{}]}}\n",
        engage_numbers(40_000),
        list.join(", ")
    );
    within_bound("long-scope.yaml", &text, (0, 3));
}

// --- exit codes survive closed pipes ----------------------------------------------------------

/// Runs the binary with stdout and stderr pipes whose reading ends are closed at once, as
/// `2>&1 | head -1` does after its first line.
fn with_closed_pipes(args: &[&str]) -> Option<i32> {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_wamigrate"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().expect("wait").code()
}

#[test]
fn exit_codes_survive_closed_pipes() {
    let invalid = write(
        "closed-invalid.yaml",
        format!("{HEAD}numbers:\n  - {{number: '030 901820', source: app}}\n").as_bytes(),
    );
    let blocked = write(
        "closed-blocked.yaml",
        format!("{HEAD}numbers:\n  - {{number: '+4930901820', source: engage}}\n").as_bytes(),
    );
    let invalid = invalid.to_str().expect("UTF-8");
    let blocked = blocked.to_str().expect("UTF-8");
    assert_eq!(with_closed_pipes(&["check", invalid]), Some(1));
    assert_eq!(with_closed_pipes(&["dry-run", invalid]), Some(1));
    assert_eq!(with_closed_pipes(&["dry-run", blocked]), Some(3));
    assert_eq!(
        with_closed_pipes(&["dry-run", "--format", "json", blocked]),
        Some(3)
    );
    assert_eq!(with_closed_pipes(&["check", blocked]), Some(0));
    assert_eq!(
        with_closed_pipes(&["check", "--format", "github", invalid]),
        Some(1)
    );
    assert_eq!(
        with_closed_pipes(&["check", "--format", "sarif", invalid]),
        Some(1)
    );
    assert_eq!(with_closed_pipes(&["init", "--source", "bsp"]), Some(0));
}

// --- nothing dropped, everything at once -------------------------------------------------------

#[test]
fn a_repeated_override_or_merge_key_is_reported() {
    let text = format!(
        "{HEAD}x-a: &a {{source: app}}\nnumbers:\n  - number: '+4930901820'\n    <<: *a\n    <<: *a\noverrides:\n  - {{step: wait-for-release, duration: 5m}}\n  - {{step: wait-for-release, duration: 9m}}\n"
    );
    let run = on(&write("repeats.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1));
    assert!(
        run.stderr.contains("error[duplicate-override]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("a second merge key"), "{}", run.stderr);
}

#[test]
fn four_mistakes_in_four_entries_are_four_errors_in_one_run() {
    let text = format!(
        "{HEAD}numbers:\n  - {{number: '+4930901820', source: app, colour: red}}\n  - {{number: '+4930901821', source: {{bsp: {{partner: x, disconnect_ahead: maybe}}}}}}\nsteps:\n  - {{id: s, title: t, owner: customer, after: [no-such-step]}}\noverrides:\n  - {{step: wait-for-release, duration: 3bd..2bd}}\n"
    );
    let run = on(&write("four.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1));
    for code in [
        "unknown-key",
        "wrong-type",
        "unknown-step",
        "invalid-duration",
    ] {
        assert!(
            run.stderr.contains(&format!("error[{code}]")),
            "{code}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("is invalid: 4 errors"),
        "{}",
        run.stderr
    );
}

#[test]
fn yaml_syntax_errors_say_how_to_fix_them() {
    for (name, text, help) in [
        (
            "indent",
            format!("{HEAD}numbers:\n  - number: '+4930901820'\n      source: app\n"),
            "help:",
        ),
        (
            "tab",
            "version: 1\nplan:\n\tname: x\n".to_string(),
            "spaces",
        ),
        (
            "colon",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    notes: a: b\n"
            ),
            "quote",
        ),
        (
            "unclosed",
            format!("{HEAD}numbers: [{{number: '+4930901820', source: app}}\n"),
            "close",
        ),
        (
            "long-key",
            format!(
                "{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n    {}: x\n",
                "k".repeat(1_100)
            ),
            "shorten the key",
        ),
    ] {
        let run = on(
            &write(&format!("syntax-{name}.yaml"), text.as_bytes()),
            &["check"],
        );
        assert_eq!(run.code, Some(1), "{name}");
        assert!(
            run.stderr.contains("error[yaml-syntax]"),
            "{name}: {}",
            run.stderr
        );
        assert!(run.stderr.contains(help), "{name}: {}", run.stderr);
        assert!(
            !run.stderr.contains("ScanError"),
            "{name}: no parser internals"
        );
    }
}

#[test]
fn messages_never_speak_rust() {
    let text = format!(
        "{HEAD}numbers:\n  - number: 4930901820\n    official_business_account: maybe\n    display_name: [a]\n    source: {{genesys: {{region: a, org: b, pin_known: yes}}}}\n    templates: [{{name: t, language: en, category: utility, status: approved, buttons: -3}}]\n"
    );
    let run = on(&write("rust.yaml", text.as_bytes()), &["check"]);
    assert_eq!(run.code, Some(1));
    for internal in [
        "Option<",
        "invalid u64",
        "invalid type",
        "serde",
        "Spanned",
        "usize",
        "expected a borrowed",
    ] {
        assert!(!run.stderr.contains(internal), "{internal}: {}", run.stderr);
    }
}

/// Numbers that share an entry through a YAML alias (`<<: *base`) share its places too: a
/// warning each of them gets at such a place was said once, as if of one number (the others were
/// dropped as repeats), so `check` reported 82 warnings for a fleet that, written out, has 498.
/// It is said once and names every number it affects.
#[test]
fn a_warning_at_a_place_numbers_share_through_an_alias_names_every_number() {
    let text = format!(
        "{HEAD}numbers:\n  - &base\n    number: '+4930901820'\n    source:\n      bsp:\n        partner: p\n        disconnect_ahead: true\n  - <<: *base\n    number: '+4930901821'\n  - <<: *base\n    number: '+4930901822'\n  - number: '+4930901823'\n    source: {{bsp: {{partner: p, disconnect_ahead: true}}}}\n"
    );
    let path = write("alias-shared-warning.yaml", text.as_bytes());
    let run = on(&path, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let said = run
        .stderr
        .matches("warning[removal-blocked-by-paid-messages]")
        .count();
    // Once at the shared entry, once at the number written out.
    assert_eq!(said, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("note: affects +4930901820, +4930901821, +4930901822"),
        "{}",
        run.stderr
    );
    let json = on(&path, &["check", "--format", "json"]);
    assert!(
        json.stdout
            .contains("affects +4930901820, +4930901821, +4930901822"),
        "{}",
        json.stdout
    );
}
