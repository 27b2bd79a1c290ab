//! `wamigrate init`: every source kind drafts a plan that `check` accepts; `--from-csv` turns a
//! good spreadsheet into a valid plan and reports every problem of a bad one, located, without
//! writing a plan; no PIN in a spreadsheet ever reaches the output.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use proptest::prelude::*;
use wamigrate::init::{Draft, csv};
use wamigrate::source::SourceFile;

/// The command, run from the crate root, without colour.
fn wamigrate() -> Command {
    let mut cmd = cargo_bin_cmd!("wamigrate");
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1");
    cmd
}

fn run(args: &[&str]) -> Output {
    wamigrate().args(args).output().expect("wamigrate runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// `check -` of `plan`: its exit code and everything it printed.
fn check(plan: &str) -> (i32, String) {
    let output = wamigrate()
        .args(["check", "-"])
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).to_string()
            + &String::from_utf8_lossy(&output.stdout),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("init");
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    path
}

#[test]
fn every_source_kind_with_defaults_passes_check() {
    for kind in ["engage", "bsp", "genesys", "app", "new", "name_change"] {
        let output = run(&["init", "--source", kind]);
        assert_eq!(output.status.code(), Some(0), "init --source {kind}");
        let plan = stdout(&output);
        assert!(plan.contains(&format!("      {kind}:\n")), "{plan}");
        let (code, printed) = check(&plan);
        assert_eq!(
            code, 0,
            "init --source {kind} does not pass check:\n{printed}"
        );
        // Valid, with a warning for each placeholder left (the destination's region, org and
        // time zone, the example number, and the source's partner, region or org, or a new
        // number's line) and no other.
        let placeholders = printed.matches("warning[placeholder-value]").count();
        let expected = match kind {
            "bsp" | "new" => 5,
            "genesys" => 6,
            _ => 4,
        };
        assert_eq!(placeholders, expected, "{kind}:\n{printed}");
        assert_eq!(printed.matches("warning[").count(), expected, "{printed}");
        assert!(
            printed.contains("ok: <stdin> is valid: 1 number, ")
                && printed.contains(&format!(" steps, {expected} warnings")),
            "{printed}"
        );
    }
}

#[test]
fn a_plan_with_every_fact_given_has_no_placeholder_warning() {
    let output = run(&[
        "init",
        "--source",
        "bsp",
        "--partner",
        "Twilio",
        "--region",
        "eu-west-2",
        "--org",
        "fjordline",
        "--time-zone",
        "Europe/London",
        "--number",
        "+44 20 7946 0000",
    ]);
    let (code, printed) = check(&stdout(&output));
    assert_eq!(code, 0, "{printed}");
    assert!(!printed.contains("placeholder-value"), "{printed}");
}

#[test]
fn the_example_number_and_zone_init_writes_are_placeholders_a_gate_never_passes() {
    // A tester's report: without `--number`, init wrote the fictional `+1 415 555 0100` (marked
    // FILL IN only in a comment) and `UTC`, and `dry-run` passed the plan as ready (exit 0).
    let output = run(&[
        "init",
        "--source",
        "bsp",
        "--partner",
        "360dialog",
        "--region",
        "eu-central-1",
        "--org",
        "contoso",
    ]);
    let plan = stdout(&output);
    assert!(
        plan.contains("time_zone: \"TODO-time-zone\"   # FILL IN"),
        "{plan}"
    );
    let (code, printed) = check(&plan);
    assert_eq!(code, 0, "{printed}");
    for value in ["+1 415 555 0100", "TODO-time-zone"] {
        assert!(
            printed.contains(&format!("is still `{value}`, the placeholder")),
            "{value}:\n{printed}"
        );
    }
    let dry_run = wamigrate()
        .args(["dry-run", "-", "--at", "2026-11-25T12:00:00Z"])
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    assert_eq!(dry_run.status.code(), Some(3), "{}", stdout(&dry_run));
    assert!(stdout(&dry_run).contains("Placeholders left from `wamigrate init`: 2 values"));
}

#[test]
fn every_line_kind_and_app_passes_check() {
    let mut cases: Vec<Vec<&str>> = Vec::new();
    for line in [
        "genesys_voice",
        "sms_inventory",
        "toll_free",
        "mobile",
        "landline",
        "direct",
    ] {
        cases.push(vec!["--source", "new", "--line", line]);
        if line != "mobile" {
            cases.push(vec!["--source", "new", "--line", line, "--behind-ivr"]);
        }
    }
    // A migrating number may state its line too.
    for source in ["engage", "bsp", "genesys", "app"] {
        cases.push(vec!["--source", source, "--line", "sms_inventory"]);
        cases.push(vec![
            "--source",
            source,
            "--line",
            "toll_free",
            "--behind-ivr",
        ]);
        cases.push(vec!["--source", source, "--behind-ivr"]);
    }
    cases.push(vec!["--source", "app", "--app", "messenger"]);
    cases.push(vec![
        "--source",
        "engage",
        "--partner",
        "Genesys Engage (Meta direct)",
    ]);
    for case in cases {
        let output = run(&[&["init"], case.as_slice()].concat());
        assert_eq!(output.status.code(), Some(0), "{case:?}");
        let (code, printed) = check(&stdout(&output));
        assert_eq!(code, 0, "{case:?}:\n{printed}");
    }
}

#[test]
fn the_number_is_taken_in_any_spelling_a_plan_accepts() {
    for number in [
        "+1 415 555 0100",
        "0049 30 901820",
        "tel:+1-201-555-0123",
        "+44 (0)20 7946 0000",
        "+33\u{a0}1 23 45 67 89",
    ] {
        let output = run(&["init", "--source", "bsp", "--number", number]);
        assert_eq!(output.status.code(), Some(0), "{number}");
        let plan = stdout(&output);
        let (code, printed) = check(&plan);
        assert_eq!(code, 0, "{number}:\n{printed}");
        assert!(
            !plan.contains("the number, with + and country code"),
            "{plan}"
        );
    }
    wamigrate()
        .args(["init", "--source", "bsp", "--number", "481516"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("481516").not());
}

#[test]
fn flags_of_another_source_kind_are_usage_errors() {
    wamigrate()
        .args(["init", "--source", "name_change", "--app", "business"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--app does not apply to --source name_change",
        ));
    // A display-name change verifies the number again: its line applies (GFAQ).
    let output = run(&["init", "--source", "name_change", "--line", "sms_inventory"]);
    assert_eq!(output.status.code(), Some(0));
    let plan = stdout(&output);
    assert!(plan.contains("        line: sms_inventory\n"), "{plan}");
    assert_eq!(check(&plan).0, 0, "{plan}");
    wamigrate()
        .args(["init", "--source", "app", "--time-zone", "Europe/Berln"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `Europe/Berlin`?"));
    wamigrate()
        .args([
            "init",
            "--source",
            "bsp",
            "--partner",
            "360dialog PIN 481516",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("PIN").and(predicate::str::contains("481516").not()));
    wamigrate()
        .args(["init"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--source"));
}

#[test]
fn the_plan_never_holds_a_pin_and_says_so() {
    for kind in ["engage", "bsp", "genesys", "app", "new", "name_change"] {
        let plan = stdout(&run(&["init", "--source", kind]));
        assert!(
            plan.contains("Never write the two-step verification PIN"),
            "{plan}"
        );
        assert!(
            !plan.contains("\npin:") && !plan.contains(" pin:"),
            "{plan}"
        );
    }
    let plan = stdout(&run(&["init", "--source", "genesys"]));
    assert!(plan.contains("You do not need to disable 2FA"), "{plan}");
    assert!(plan.contains("pin_known: false   # FILL IN"), "{plan}");
}

#[test]
fn output_file_is_never_overwritten_without_force() {
    let path = scratch("plan.yaml");
    let path_text = path.to_str().expect("a UTF-8 path");
    wamigrate()
        .args(["init", "--source", "app", "-o", path_text])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains("wrote"));
    std::fs::write(&path, "# someone's work\n").expect("write");
    wamigrate()
        .args(["init", "--source", "app", "-o", path_text])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "# someone's work\n"
    );
    wamigrate()
        .args(["init", "--source", "app", "-o", path_text, "--force"])
        .assert()
        .code(0);
    assert!(
        std::fs::read_to_string(&path)
            .expect("read")
            .contains("version: 1")
    );
}

#[test]
fn snapshot_of_a_bsp_plan() {
    let output = run(&[
        "init",
        "--source",
        "bsp",
        "--number",
        "+1 415 555 0100",
        "--partner",
        "360dialog",
        "--region",
        "us-east-1",
    ]);
    insta::assert_snapshot!("init-bsp", stdout(&output));
}

#[test]
fn snapshot_of_a_toll_free_plan() {
    let output = run(&[
        "init",
        "--source",
        "new",
        "--line",
        "toll_free",
        "--behind-ivr",
    ]);
    insta::assert_snapshot!("init-new-toll-free", stdout(&output));
}

// --- --from-csv ---------------------------------------------------------------------------------

#[test]
fn init_never_writes_a_plan_that_check_refuses_for_a_control_character() {
    // `--partner` and spreadsheet cells with a bidirectional override or a line break gave a plan
    // that `check` then refused (`control-character`).
    for (flag, value) in [
        ("--partner", "a\u{202e}b"),
        ("--name", "a\rb"),
        ("--partner", "a\u{2066}b"),
    ] {
        let output = run(&["init", "--source", "bsp", flag, value]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value:?}");
        assert!(output.stdout.is_empty());
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("control"), "{stderr}");
    }
    let csv = scratch("bidi.csv");
    std::fs::write(
        &csv,
        "number,source,partner,display_name\n+49 30 901820,bsp,p\u{202e}x,Contoso\n+49 40 5550199,engage,,\"two\nlines\"\n",
    )
    .expect("csv");
    let output = run(&["init", "--from-csv", csv.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("error[control-character]").count(),
        2,
        "{stderr}"
    );
}

#[test]
fn init_never_writes_a_plan_that_check_refuses_for_a_blank_text() {
    // `check` reads a text of characters drawn as nothing as blank (`missing-key`); `--partner`
    // or a `partner` cell of a zero-width space gave a plan that it then refused.
    for (flag, value) in [("--partner", "\u{200b}"), ("--name", "\u{feff}")] {
        let output = run(&["init", "--source", "bsp", flag, value]);
        assert_eq!(output.status.code(), Some(2), "{flag} {value:?}");
        assert!(output.stdout.is_empty());
        assert!(String::from_utf8_lossy(&output.stderr).contains("is blank"));
    }
    let csv = scratch("blank.csv");
    std::fs::write(&csv, "number,source,partner\n+49 30 901820,bsp,\u{200b}\n").expect("csv");
    let output = run(&["init", "--from-csv", csv.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[csv-missing-value]"), "{stderr}");
}

#[test]
fn a_cell_keeps_the_characters_drawn_as_nothing_inside_its_text() {
    // Only a cell of nothing but them is blank: trimming them off every cell turned the display
    // name `Fabrikam ❤️` into `Fabrikam ❤` (its variation selector lost), which `check` and
    // `--name` keep as written.
    let csv = scratch("emoji.csv");
    std::fs::write(
        &csv,
        "number,source,partner,display_name\n+49 30 901820,bsp,Acme,Fabrikam \u{2764}\u{fe0f}\n",
    )
    .expect("csv");
    let output = run(&["init", "--from-csv", csv.to_str().expect("UTF-8")]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let plan = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        plan.contains("display_name: \"Fabrikam \u{2764}\u{fe0f}\""),
        "{plan}"
    );
}

#[test]
fn a_migrating_number_keeps_the_line_its_flags_or_cells_state() {
    let output = run(&[
        "init",
        "--source",
        "bsp",
        "--line",
        "toll_free",
        "--behind-ivr",
    ]);
    let plan = stdout(&output);
    assert!(
        plan.contains(
            "        line: toll_free\n        behind_ivr: true\n        can_bypass_ivr: false   # true if"
        ),
        "{plan}"
    );
    let dry = wamigrate()
        .args(["dry-run", "-", "--format", "json"])
        .write_stdin(plan)
        .output()
        .expect("wamigrate runs");
    assert!(stdout(&dry).contains("\"request-calling-numbers\""));

    let csv = "number,source,partner,line,behind_ivr,can_bypass_ivr,verification\n\
               +1 800 555 0134,bsp,360dialog,toll_free,yes,yes,\n\
               +1 617 555 0182,engage,,sms_inventory,,,\n\
               +1 617 555 0183,app,,sms_inventory,,,sms\n\
               +49 151 23456789,genesys,,mobile,yes,,\n";
    let output = from_csv_stdin(csv.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error[sms-verification-unavailable]"),
        "{stderr}"
    );
    assert!(stderr.contains("error[conflicting-facts]"), "{stderr}");
    let good = csv.lines().take(3).collect::<Vec<_>>().join("\n") + "\n";
    let output = from_csv_stdin(good.as_bytes());
    let plan = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        plan.contains("      bsp:\n        partner: \"360dialog\"\n        source_waba_admin: partner\n        disconnect_ahead: false\n        line: toll_free\n        behind_ivr: true\n        can_bypass_ivr: true\n"),
        "{plan}"
    );
    assert!(plan.contains("        line: sms_inventory\n"), "{plan}");
}

#[test]
fn a_good_csv_gives_a_plan_that_passes_check() {
    let output = run(&[
        "init",
        "--from-csv",
        "tests/fixtures/csv/numbers.csv",
        "--region",
        "eu-central-1",
        "--org",
        "contoso-prod",
        "--time-zone",
        "Europe/Berlin",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty());
    let plan = stdout(&output);
    let (code, printed) = check(&plan);
    assert_eq!(code, 0, "{printed}");
    assert!(printed.contains("6 numbers"), "{printed}");
    insta::assert_snapshot!("init-from-csv", plan);
}

#[test]
fn a_plan_is_never_written_over_the_csv_it_is_drafted_from() {
    let csv = scratch("numbers.csv");
    let original = std::fs::read_to_string("tests/fixtures/csv/numbers.csv").expect("fixture");
    std::fs::write(&csv, &original).expect("write");
    let csv_text = csv.to_str().expect("a UTF-8 path");
    wamigrate()
        .args([
            "init",
            "--from-csv",
            csv_text,
            "--region",
            "eu-central-1",
            "--org",
            "contoso-prod",
            "-o",
            csv_text,
            "--force",
        ])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("would overwrite it"));
    assert_eq!(std::fs::read_to_string(&csv).expect("read"), original);
    // Nor over another name of it (a hard link), which `--force` once overwrote.
    let linked = scratch("numbers-link.yaml");
    std::fs::hard_link(&csv, &linked).expect("hard link");
    wamigrate()
        .args(["init", "--from-csv", csv_text, "-o"])
        .arg(&linked)
        .arg("--force")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("would overwrite it"));
    assert_eq!(std::fs::read_to_string(&csv).expect("read"), original);
}

#[cfg(unix)]
#[test]
fn a_csv_and_an_output_whose_names_are_not_utf8_are_read_and_written() {
    // `--from-csv` and `-o` took a `String` while every other subcommand's paths became
    // `PathBuf`: `init --from-csv caf\xe9.csv -o pl\xe9.yaml` was a usage error, exit 2,
    // "invalid UTF-8 was detected in one or more arguments".
    use std::os::unix::ffi::OsStrExt as _;
    let csv = scratch("caf\u{e9}.csv").with_file_name(std::ffi::OsStr::from_bytes(b"caf\xe9.csv"));
    std::fs::copy("tests/fixtures/csv/numbers.csv", &csv).expect("the test can copy the CSV");
    let plan = csv.with_file_name(std::ffi::OsStr::from_bytes(b"pl\xe9.yaml"));
    let _ = std::fs::remove_file(&plan);
    let output = wamigrate()
        .args(["init", "--region", "eu-central-1", "--from-csv"])
        .arg(&csv)
        .arg("-o")
        .arg(&plan)
        .output()
        .expect("wamigrate runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("wrote ") && stderr.contains("pl\u{fffd}.yaml"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(&plan).expect("the plan was written");
    assert!(
        written.contains("--from-csv ") && written.contains("caf\u{fffd}.csv`"),
        "{written}"
    );
    // The guard that keeps `-o` off the CSV still holds for such a name.
    wamigrate()
        .args(["init", "--from-csv"])
        .arg(&csv)
        .arg("-o")
        .arg(&csv)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("caf\u{fffd}.csv` is the CSV file"));
}

#[cfg(unix)]
#[test]
fn a_line_break_in_the_csv_name_never_breaks_the_plan_written() {
    // The plan's first comment quoted the CSV's name as given: a name with a line break in it
    // ended the comment, and the rest of the name became YAML (`check` refused the plan).
    let csv = scratch("a\nversion: 9\n.csv");
    std::fs::copy("tests/fixtures/csv/numbers.csv", &csv).expect("the test can copy the CSV");
    let output = wamigrate()
        .args(["init", "--from-csv"])
        .arg(&csv)
        .output()
        .expect("wamigrate runs");
    assert_eq!(output.status.code(), Some(0));
    let plan = stdout(&output);
    assert!(plan.contains("a\\u{a}version: 9\\u{a}.csv`"), "{plan}");
    let (code, printed) = check(&plan);
    assert_eq!(code, 0, "{printed}");
}

#[test]
fn an_unclosed_quote_is_refused_not_read_as_one_cell_to_the_end() {
    // The csv crate reads an unclosed quote to the end of the file: the rows below would have
    // become the first row's note. Refused, pointing at the quote, at any row.
    for rows in [1, 2, 50] {
        let mut csv = String::from("number,source,notes\n");
        for i in 0..rows {
            let _ = writeln!(csv, "+49 30 9018{i:02},app,fine");
        }
        csv.push_str("+49 30 901899,app,\"never closed\n+49 30 901898,app,lost\n");
        let output = from_csv_stdin(csv.as_bytes());
        assert_eq!(output.status.code(), Some(1), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("error[csv-unclosed-quote]"), "{stderr}");
        assert!(stderr.contains(&format!(":{}:", rows + 2)), "{stderr}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_csv_records_the_carriers_confirmation_of_a_number() {
    // Ofcom's drama mobile is not in libphonenumber's plan: the row's `numbering_confirmed`
    // (here under another usual header) reaches the plan and silences the warning; without it,
    // `check` warns.
    let csv = "number,source,line,Carrier Confirmed\n+44 7700 900461,new,mobile,yes\n+44 7700 900462,new,mobile,\n";
    let output = from_csv_stdin(csv.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let plan = stdout(&output);
    assert_eq!(
        plan.matches("numbering_confirmed: true").count(),
        1,
        "{plan}"
    );
    let (code, printed) = check(&plan);
    assert_eq!(code, 0, "{printed}");
    assert_eq!(
        printed.matches("number-not-in-numbering-plan").count(),
        1,
        "{printed}"
    );
    assert!(printed.contains("+44 7700 900462"), "{printed}");
}

#[test]
fn every_bad_row_is_reported_with_its_place_and_no_plan_is_written() {
    let output = run(&["init", "--from-csv", "tests/fixtures/csv/bad-rows.csv"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no partial plan");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    for expected in [
        "error[csv-unknown-column]: unknown column `colour`",
        "--> tests/fixtures/csv/bad-rows.csv:1:36",
        "error[csv-missing-value]: `partner` is empty; a `bsp` number needs it",
        "--> tests/fixtures/csv/bad-rows.csv:2:19",
        "error[duplicate-number]: number +4930901820 is listed twice",
        "--> tests/fixtures/csv/bad-rows.csv:3:1",
        "error[pin-in-plan]",
        "--> tests/fixtures/csv/bad-rows.csv:4:32",
        "error[unknown-value]: unknown source kind `region-move`",
        "--> tests/fixtures/csv/bad-rows.csv:5:17",
        "error[unregistrable-number]",
        "--> tests/fixtures/csv/bad-rows.csv:6:1",
        "error[csv-missing-value]: the header row has no `line` column",
        "error[csv-ragged-row]: this row has 4 cells; the header row has 5",
        "--> tests/fixtures/csv/bad-rows.csv:7:1",
        "error: tests/fixtures/csv/bad-rows.csv is invalid: 8 errors",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    assert!(!stderr.contains("481516"), "{stderr}");
    insta::assert_snapshot!("init-from-csv-bad-rows", stderr);
}

#[test]
fn csv_problems_come_in_the_formats_check_writes() {
    let output = run(&[
        "init",
        "--from-csv",
        "tests/fixtures/csv/bad-rows.csv",
        "--format",
        "github",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stderr.is_empty());
    let github = stdout(&output);
    assert_eq!(github.lines().count(), 8, "{github}");
    assert!(
        github.contains("::error file=tests/fixtures/csv/bad-rows.csv,line=3,col=1,"),
        "{github}"
    );
    assert!(!github.contains("481516"), "{github}");
    for format in ["json", "sarif"] {
        let output = run(&[
            "init",
            "--from-csv",
            "tests/fixtures/csv/bad-rows.csv",
            "--format",
            format,
        ]);
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output);
        let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
        assert!(value.is_object());
        assert!(!text.contains("481516"), "{text}");
    }
}

/// Runs `init --from-csv -` with `bytes` on standard input.
fn from_csv_stdin(bytes: &[u8]) -> Output {
    wamigrate()
        .args(["init", "--from-csv", "-"])
        .write_stdin(bytes.to_vec())
        .output()
        .expect("wamigrate runs")
}

#[test]
fn hostile_files_fail_cleanly_and_never_echo_a_pin() {
    let cases: &[(&[u8], &str)] = &[
        (b"", "csv-empty"),
        (b"\xef\xbb\xbf", "csv-empty"),
        (b"number,source\r\n", "csv-empty"),
        (
            b"number,source\n+49 30 901820,bsp\xff,481516\n",
            "csv-unreadable",
        ),
        (b"number,source\n\x00481516\n", "csv-unreadable"),
        (
            b"number,source,notes\n+49 30 901820,app,\"PIN is \"\"481516\"\"\"\n",
            "pin-in-plan",
        ),
        (
            b"number,source,2fa_pin\n+49 30 901820,app,481516\n",
            "pin-in-plan",
        ),
        (
            b"number,source,481516\n+49 30 901820,app,x\n",
            "csv-unknown-column",
        ),
        (
            b"number,source\n\"+49 30 901820,app\n",
            "csv-unclosed-quote",
        ),
        (
            b"number,source,notes\n481516,app,\"PIN 481516\n+49 30 901820,app,x\n",
            "csv-unclosed-quote",
        ),
        (
            b"number,source,display_name,notes\n+49 30 901820,app,\"48_15_16\",\"call first\n",
            "csv-unclosed-quote",
        ),
    ];
    for (bytes, code) in cases {
        let output = from_csv_stdin(bytes);
        let printed = String::from_utf8_lossy(&output.stderr).to_string()
            + &String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{bytes:?}: {printed}");
        assert!(output.stdout.is_empty(), "{bytes:?}: {printed}");
        assert!(
            printed.contains(&format!("[{code}]")),
            "{bytes:?}: {printed}"
        );
        assert!(!printed.contains("481516"), "{bytes:?}: {printed}");
        assert!(!printed.contains("48_15_16"), "{bytes:?}: {printed}");
    }
}

#[test]
fn bom_crlf_quotes_and_semicolons_are_read() {
    let text = "\u{feff}Phone Number;Source;Partner;Display Name\r\n\"+49 30 901820\";BSP;\"360dialog\";\"Contoso; \"\"Support\"\"\"\r\n\r\n;;;\r\n";
    let output = from_csv_stdin(text.as_bytes());
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let plan = stdout(&output);
    assert!(
        plan.contains("display_name: \"Contoso; \\\"Support\\\"\""),
        "{plan}"
    );
    assert_eq!(check(&plan).0, 0);
}

/// Imports `text` through the library and renders every diagnostic, or writes the plan.
fn import_and_show(text: &str) -> String {
    let mut file = SourceFile::new("numbers.csv", text);
    let draft = Draft::new("test".into(), None, None, None, None);
    match csv::import(&mut file, draft) {
        Ok(draft) => draft.to_yaml(),
        Err(diagnostics) => diagnostics
            .iter()
            .map(|d| d.render(&file) + &serde_json::to_string(d).expect("JSON"))
            .collect(),
    }
}

/// A cell that hides the PIN 481516 the way people write one.
fn pin_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("481516".to_string()),
        Just("\"481516\"".to_string()),
        Just("PIN 481516".to_string()),
        Just("\"PIN: 481516, do not share\"".to_string()),
        Just("2FA=481516".to_string()),
        Just("+481516".to_string()),
        Just("x481516".to_string()),
    ]
}

/// Any other cell: words, numbers, quotes, delimiters, unusual characters.
fn other_cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("+49 30 901820".to_string()),
        Just("bsp".to_string()),
        Just("new".to_string()),
        Just("\"a,b\"".to_string()),
        Just("\"".to_string()),
        Just("é\u{200b}".to_string()),
        "[a-z_ ]{0,8}",
        "[0-9+ ]{0,5}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_pin_in_any_cell_is_never_echoed(
        header in prop::collection::vec(prop_oneof![
            Just("number".to_string()), Just("source".to_string()), Just("partner".to_string()),
            Just("display_name".to_string()), Just("line".to_string()), Just("notes".to_string()),
            Just("pin_known".to_string()), Just("org".to_string()), "[a-z]{1,6}",
        ], 1..6),
        rows in prop::collection::vec(prop::collection::vec(other_cell(), 0..7), 0..5),
        pin in pin_cell(),
        at_row in 0_usize..6,
        at_column in 0_usize..7,
        crlf in any::<bool>(),
    ) {
        let newline = if crlf { "\r\n" } else { "\n" };
        let mut lines: Vec<Vec<String>> = vec![header];
        lines.extend(rows);
        let row = at_row.min(lines.len() - 1);
        let cells = &mut lines[row];
        let column = at_column.min(cells.len());
        cells.insert(column, pin);
        let text: String = lines.iter().map(|l| l.join(",") + newline).collect();
        let shown = import_and_show(&text);
        prop_assert!(!shown.contains("481516"), "{}\n---\n{}", text, shown);
    }
}

#[test]
fn a_large_file_is_read_in_one_pass() {
    let mut text = String::from("number,source,partner\n");
    for i in 0..40_000 {
        let _ = writeln!(text, "+49 30 5{i:06},bsp,360dialog");
    }
    // Every row a problem, too: the reporting path stays linear as well.
    let mut bad = String::from("number,source,partner\n");
    for i in 0..40_000 {
        let _ = writeln!(bad, "+49 30 5{i:06},bsp,");
    }
    let started = std::time::Instant::now();
    let good = import_and_show(&text);
    assert!(good.contains("+49 30 5039999"));
    let mut file = SourceFile::new("numbers.csv", bad.as_str());
    let errors = csv::import(&mut file, Draft::new("t".into(), None, None, None, None))
        .expect_err("every row lacks its partner");
    assert_eq!(errors.len(), 40_000);
    // Wide rows: a header of many columns is refused at once; a row of many cells is one
    // problem; a cell of megabytes is read like any other.
    let wide_header = format!("number,source{}\n", ",x".repeat(100_000));
    assert!(import_and_show(&wide_header).contains("csv-unreadable"));
    let wide_row = format!("number,source\n+49 30 901820,app{}\n", ",x".repeat(200_000));
    assert!(import_and_show(&wide_row).contains("csv-ragged-row"));
    let long_cell = format!(
        "number,source,colour\n+49 30 901820,app,{}\n",
        "é".repeat(1 << 20)
    );
    assert!(import_and_show(&long_cell).contains("csv-unknown-column"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn init_without_a_way_in_names_both() {
    // `init` alone said only that --source was missing, as if a spreadsheet were not a way in.
    wamigrate()
        .arg("init")
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--source <SOURCE>|--from-csv <FILE>",
        ));
    wamigrate()
        .args(["init", "--source", "bsp", "--from-csv", "x.csv"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

#[test]
fn csv_is_accepted_for_from_csv() {
    // `--csv` is the first guess, and clap suggested nothing for it.
    let short = run(&["init", "--csv", "tests/fixtures/csv/numbers.csv"]);
    let long = run(&["init", "--from-csv", "tests/fixtures/csv/numbers.csv"]);
    assert_eq!(short.status.code(), Some(0));
    assert_eq!(stdout(&short), stdout(&long));
}

#[test]
fn writing_a_file_says_how_many_values_are_left_to_fill_in() {
    // The message said "fill in what is marked FILL IN" also when nothing was marked.
    let path = scratch("counted.yaml");
    let file = path.to_str().expect("a UTF-8 path");
    let cases: [(&[&str], &str); 3] = [
        (
            &["--source", "bsp"],
            "wrote PATH: 1 number, 6 values marked FILL IN to complete; then `wamigrate check PATH`",
        ),
        (
            &[
                "--source",
                "bsp",
                "--number",
                "+44 20 7946 0123",
                "--partner",
                "Twilio",
                "--region",
                "eu-west-2",
                "--org",
                "fjordline",
                "--time-zone",
                "Europe/London",
            ],
            "1 value marked FILL IN to complete",
        ),
        (
            &[
                "--source",
                "app",
                "--number",
                "+44 20 7946 0123",
                "--name",
                "Fjordline",
                "--region",
                "eu-west-2",
                "--org",
                "fjordline",
                "--time-zone",
                "Europe/London",
            ],
            "nothing is marked FILL IN",
        ),
    ];
    for (args, expected) in cases {
        let output = run(&[&["init"], args, &["-o", file, "--force"]].concat());
        assert_eq!(output.status.code(), Some(0));
        let stderr = String::from_utf8_lossy(&output.stderr).replace(file, "PATH");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        let written = std::fs::read_to_string(&path).expect("written");
        let marked = written.matches("# FILL IN:").count();
        assert!(
            stderr.contains(&format!("{marked} value"))
                || (marked == 0 && stderr.contains("nothing")),
            "{marked} marks, but: {stderr}"
        );
    }
}

#[test]
fn format_without_a_csv_is_a_usage_error_not_ignored() {
    // `init --source bsp --format json` printed the YAML plan with exit 0: `--format` (how
    // problems with a CSV are reported) was silently ignored.
    wamigrate()
        .args(["init", "--source", "bsp", "--format", "json"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("--format applies to --from-csv"));
    // With a CSV it still chooses the report's form.
    wamigrate()
        .args([
            "init",
            "--from-csv",
            "tests/fixtures/csv/bad-rows.csv",
            "--format",
            "json",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"valid\": false"));
}

#[test]
fn an_output_that_is_a_folder_says_so_and_not_to_force_it() {
    // `init -o SOME_FOLDER` said "File exists (os error 17)" and "add --force to overwrite it";
    // with --force it then failed again ("Is a directory").
    let folder = scratch("a-folder");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a folder");
    for force in [false, true] {
        let mut command = wamigrate();
        command.args(["init", "--source", "new", "-o"]).arg(&folder);
        if force {
            command.arg("--force");
        }
        let output = command.output().expect("wamigrate runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("is a folder, not a file")
                && stderr.contains("help: name a file in it, say `-o ")
                && !stderr.contains("--force"),
            "{stderr}"
        );
    }
}
