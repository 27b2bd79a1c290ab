//! `wamigrate explain`: Meta/WhatsApp/Genesys errors and wamigrate's own diagnostic codes.

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use serde_json::Value;

fn explain(args: &[&str]) -> assert_cmd::assert::Assert {
    cargo_bin_cmd!("wamigrate")
        .arg("explain")
        .args(args)
        .env("NO_COLOR", "1")
        .assert()
}

#[test]
fn a_meta_code_says_what_to_do_and_which_step_prevents_it() {
    explain(&["133005"])
        .code(0)
        .stdout(predicate::str::contains("PIN mismatch"))
        .stdout(predicate::str::contains("have-registration-pin"))
        .stdout(predicate::str::contains("Sources: MERR"));
    // A locked account is the restricted or disabled source WABA the plan waits for (GFAQ).
    explain(&["131031"])
        .code(0)
        .stdout(predicate::str::contains(
            "Prevented by the steps: source-waba-reinstated",
        ));
}

#[test]
fn words_of_the_genesys_message_find_it() {
    explain(&["Unknown", "error", "saving", "integration"])
        .code(0)
        .stdout(predicate::str::contains("disable-two-step-verification"))
        .stdout(predicate::str::contains("GFAQ"));
}

#[test]
fn every_diagnostic_code_is_explained_from_the_docs() {
    for code in wamigrate::pipeline::all_codes() {
        explain(&[code])
            .code(0)
            .stdout(predicate::str::contains(format!(
                "wamigrate diagnostic `{code}`"
            )))
            // Drawn for a terminal: no Markdown markers left (a newcomer saw `**Severity:**`).
            .stdout(predicate::str::contains("Severity: "))
            .stdout(predicate::str::contains("**Severity:**").not())
            .stdout(predicate::str::contains("**Stage:**").not())
            .stdout(predicate::str::contains("```").not())
            .stdout(predicate::str::contains("](").not());
    }
}

#[test]
fn a_diagnostic_is_drawn_for_a_terminal_and_kept_as_markdown_in_json() {
    let text = explain(&["placeholder-value"]).code(0);
    let text = String::from_utf8_lossy(&text.get_output().stdout).into_owned();
    assert!(
        text.contains("Severity: warning. Stage: validation"),
        "{text}"
    );
    // Code spans keep their backticks (every diagnostic quotes values so); code blocks are
    // indented, their fences gone.
    assert!(
        text.contains("the placeholder `wamigrate init` wrote"),
        "{text}"
    );
    assert!(text.contains("\n    version: 1\n"), "{text}");
    assert!(text.contains("\n    $ wamigrate check plan.yaml"), "{text}");
    assert!(!text.contains('\u{1b}'), "NO_COLOR: {text}");
    // Colour asked for: the emphasis is bold.
    let colored = cargo_bin_cmd!("wamigrate")
        .args(["explain", "placeholder-value", "--color", "always"])
        .env_remove("NO_COLOR")
        .assert()
        .code(0);
    let colored = String::from_utf8_lossy(&colored.get_output().stdout).into_owned();
    assert!(colored.contains("\u{1b}[1mSeverity:"), "{colored}");
    assert!(!colored.contains("**"), "{colored}");
    // Links: their text, and where they lead when it is another page.
    let links = explain(&["invalid-duration"]).code(0);
    let links = String::from_utf8_lossy(&links.get_output().stdout).into_owned();
    assert!(!links.contains("]("), "{links}");
    assert!(
        links.contains("durations (docs/plan-format.md#durations)"),
        "{links}"
    );
    let same = explain(&["unknown-key"]).code(0);
    let same = String::from_utf8_lossy(&same.get_output().stdout).into_owned();
    assert!(same.contains("keys (docs/plan-format.md)"), "{same}");
    // JSON is the docs' Markdown, untouched.
    let json = explain(&["placeholder-value", "--format", "json"]).code(0);
    let json: Value = serde_json::from_slice(&json.get_output().stdout).expect("JSON");
    let markdown = json["diagnostics"][0]["text"].as_str().expect("text");
    assert!(markdown.contains("**Severity:** warning"), "{markdown}");
    assert!(markdown.contains("```yaml"), "{markdown}");
}

#[test]
fn an_unknown_six_digit_code_says_why_it_is_hidden() {
    // Most Meta codes have six digits: `******` alone read as a bug.
    explain(&["999999"])
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("`******`"))
        .stderr(predicate::str::contains("999999").not())
        .stderr(predicate::str::contains(
            "note: the digits are hidden (`*`): six of them could be a two-step verification PIN",
        ))
        .stderr(predicate::str::contains("`wamigrate explain --list`"));
    // Nothing hidden, nothing to explain.
    explain(&["nothinglikethis"])
        .code(1)
        .stderr(predicate::str::contains("note:").not());
}

#[test]
fn an_unknown_code_fails_with_the_nearest_known_one() {
    explain(&["13300"])
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("did you mean `133000`?"));
    explain(&["dnoe-out-of-order"])
        .code(1)
        .stderr(predicate::str::contains("done-out-of-order"));
    // A program reading stdout gets a document with nothing in it, not an empty stream.
    let out = explain(&["nothinglikethis", "--format", "json"]).code(1);
    let json: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    assert_eq!(json["errors"], Value::Array(Vec::new()));
    assert_eq!(json["diagnostics"], Value::Array(Vec::new()));
    assert_eq!(json["query"], "nothinglikethis");
}

#[test]
fn the_rest_of_metas_error_table_is_known() {
    for code in [
        "33", "100", "130429", "131048", "131056", "132005", "132007", "132012",
    ] {
        explain(&[code])
            .code(0)
            .stdout(predicate::str::contains("Sources: MERR"));
    }
    explain(&["2SV must be disabled"])
        .code(0)
        .stdout(predicate::str::contains("disable-two-step-verification"));
}

#[test]
fn the_list_in_json_has_every_error_with_a_source_and_a_resolution() {
    let output = cargo_bin_cmd!("wamigrate")
        .args(["explain", "--list", "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    for code in [
        "131049", "130472", "132000", "132001", "131026", "133016", "2388001",
    ] {
        assert!(errors.iter().any(|e| e["code"] == code), "{code}");
    }
    for e in errors {
        assert!(!e["sources"].as_array().unwrap().is_empty(), "{e}");
        assert!(!e["action"].as_str().unwrap().is_empty(), "{e}");
    }
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c == "pin-in-plan")
    );
}

#[test]
fn without_a_query_it_is_a_usage_error() {
    explain(&[]).code(2);
    // A query of nothing but spaces is no query either: the command line is wrong (2), unlike a
    // query that names nothing known (1, a search that found nothing; README "Exit codes").
    explain(&["  "]).code(2).stdout("");
    explain(&["", "--format", "json"]).code(2).stdout("");
}

#[test]
fn codes_inside_pasted_messages_and_wamigrates_own_headers_are_found() {
    // Pasting an error as it was met is the obvious thing to do; each of these exited 1.
    for pasted in [
        "(#133005) Two step verification PIN Mismatch",
        "code 133005",
        "error 133005 (PIN mismatch)",
    ] {
        explain(&[pasted])
            .code(0)
            .stdout(predicate::str::starts_with(
                "133005: Two-step verification PIN mismatch",
            ));
    }
    for (pasted, code) in [
        ("error[journal-stale]", "journal-stale"),
        (
            "warning[done-twice]: step `x` is recorded twice",
            "done-twice",
        ),
    ] {
        explain(&[pasted])
            .code(0)
            .stdout(predicate::str::contains(format!(
                "wamigrate diagnostic `{code}`"
            )));
    }
    // Several at once: each is explained, in the order given.
    let output = explain(&["131026", "133005", "pin-in-plan", "--format", "json"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: Value = serde_json::from_slice(&output).expect("JSON");
    let codes: Vec<&str> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["code"].as_str().expect("code"))
        .collect();
    assert_eq!(codes, ["131026", "133005"]);
    assert_eq!(json["diagnostics"][0]["code"], "pin-in-plan");
    // A six-digit number that is no known code is still not repeated, on failure or success.
    explain(&["(#482913) PIN"])
        .code(1)
        .stderr(predicate::str::contains("482913").not());
    for query in ["482913 error 133005", "(482) 913 (#133005)"] {
        let output = explain(&[query, "--format", "json"])
            .code(0)
            .get_output()
            .stdout
            .clone();
        let json: Value = serde_json::from_slice(&output).expect("JSON");
        let shown = json["query"].as_str().expect("query");
        assert!(!shown.contains("482") && !shown.contains("913"), "{shown}");
        assert!(shown.contains("133005"), "{shown}");
    }
    // A number inside a sentence is a count, not a code.
    explain(&["template paused after 368 sends"]).code(1);
}

#[test]
fn wrong_pins_that_lead_to_a_new_verification_point_at_the_pin_step() {
    // One partner sees 133006 after about three wrong PINs on a registration (MISC/Wapisnap): a
    // re-integration that guesses the PIN can cost a new verification, which knowing the PIN
    // prevents. The entry spoke only of a code that never reached the line.
    explain(&["133006"])
        .code(0)
        .stdout(predicate::str::contains("wrong PINs"))
        .stdout(predicate::str::contains(
            "Prevented by the steps: have-registration-pin",
        ))
        .stdout(predicate::str::contains("MISC/Wapisnap"));
}

#[test]
fn a_payment_problem_after_a_migration_points_at_genesyss_credit_line() {
    // A Genesys Cloud WABA is paid through Genesys's credit line, attached once a first new
    // number is registered in it (GMIG, GFAQ); the entry told the customer to attach a payment
    // method in WhatsApp Manager, which no Genesys source asks for.
    let out = explain(&["131042"]).code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(text.contains("first new number"), "{text}");
    assert!(text.contains("Genesys's credit line"), "{text}");
    assert!(!text.contains("in WhatsApp Manager"), "{text}");
    assert!(text.contains("GMIG"), "{text}");
}
