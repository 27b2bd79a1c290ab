//! Hostile and broken input: each case ends with its expected diagnostic code and exit code 1,
//! never a panic, a hang or a value echoed that should stay secret. A watchdog (not a speed
//! target) kills any run that takes longer than 60 seconds.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;

fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{name}"));
    std::fs::write(&path, bytes).expect("the test can write its input");
    path
}

/// Runs `check --color never` on a file, under the watchdog.
fn check(path: &std::path::Path) -> std::process::Output {
    Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(["check", "--color", "never"])
        .arg(path)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs")
}

/// Runs `wamigrate` with `args` under the watchdog; returns the exit code and everything it
/// wrote (standard output, then standard error).
fn run(args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// [`run`] with string arguments and then a path.
fn run_on(args: &[&str], path: &std::path::Path) -> (Option<i32>, String) {
    let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    all.push(path.as_os_str());
    run(&all)
}

/// Runs `check` on the bytes; asserts exit 1 and the code; returns stdout + stderr.
fn refused(name: &str, bytes: &[u8], code: &str) -> String {
    let path = write(name, bytes);
    let output = check(&path);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
    assert!(
        stderr.contains(&format!("error[{code}]")),
        "{name}: expected {code}, got:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    stderr + &String::from_utf8_lossy(&output.stdout)
}

const HEAD: &str =
    "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\n";

#[test]
fn empty_file() {
    refused("empty.yaml", b"", "empty-plan");
    refused("comments.yaml", b"# nothing here\n\n", "empty-plan");
}

#[test]
fn binary_garbage() {
    let mut state = 0x2545_f491_u32;
    let bytes: Vec<u8> = (0..4096)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state.to_le_bytes()[0]
        })
        .collect();
    refused("garbage.yaml", &bytes, "not-utf8");
}

#[test]
fn invalid_utf8_is_located() {
    let out = refused(
        "latin1.yaml",
        b"version: 1\nplan:\n  name: caf\xe9\n",
        "not-utf8",
    );
    assert!(out.contains(":3:12"), "{out}");
}

#[test]
fn tab_indentation() {
    refused(
        "tabs.yaml",
        b"version: 1\nplan:\n\tname: x\n",
        "yaml-syntax",
    );
}

#[test]
fn alias_bomb() {
    let mut text = String::from(HEAD);
    text.push_str("numbers:\n  - number: '+4930123456'\n    source: app\n    notes: &a0 lol\n");
    // Nine levels of ten-fold aliases under `steps`: 10^9 nodes if expanded.
    text.push_str("steps:\n  - id: a\n    title: t\n    owner: customer\n    after: &l1 [*a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0, *a0]\n");
    for level in 2..=9 {
        let prev = level - 1;
        let _ = writeln!(
            text,
            "  - id: a{level}\n    title: t\n    owner: customer\n    after: &l{level} [*l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}, *l{prev}]"
        );
    }
    let path = write("bomb.yaml", text.as_bytes());
    let output = check(&path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[input-too-complex]") || stderr.contains("error[wrong-type]"),
        "{stderr}"
    );
}

/// A fleet that names one long list of templates in every number (`templates: *shared`) is no
/// alias bomb: it was refused as one, with help to use "fewer aliases of aliases" that it does
/// not hold. The help now names the plan's way to share templates.
#[test]
fn templates_aliased_into_every_number_are_refused_with_the_way_to_share_them() {
    let mut text = String::from(HEAD);
    text.push_str("numbers:\n  - number: '+4930900000'\n    source: {bsp: {partner: p}}\n    templates: &shared\n");
    for t in 0..200 {
        let _ = writeln!(
            text,
            "      - {{name: t{t}, language: de, category: utility, status: approved}}"
        );
    }
    for n in 1..1000 {
        let _ = writeln!(
            text,
            "  - number: '+4930{:06}'\n    source: {{bsp: {{partner: p}}}}\n    templates: *shared",
            900_000 + n
        );
    }
    let path = write("templates-aliased.yaml", text.as_bytes());
    let output = check(&path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error[input-too-complex]"), "{stderr}");
    assert!(stderr.contains("source_wabas"), "{stderr}");
    assert!(!stderr.contains("aliases of aliases"), "{stderr}");
    assert!(!stderr.contains("alias bomb"), "{stderr}");
}

#[test]
fn deep_nesting_flow_style() {
    let text = format!(
        "{HEAD}numbers: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    refused("deep-flow.yaml", text.as_bytes(), "input-too-complex");
}

#[test]
fn deep_nesting_block_style() {
    let mut text = format!("{HEAD}steps:\n");
    for depth in 0..10_000 {
        text.push_str(&"  ".repeat(depth + 1));
        text.push_str("-\n");
    }
    let path = write("deep-block.yaml", text.as_bytes());
    let output = check(&path);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error["), "{stderr}");
}

#[test]
fn very_long_line_is_cut_in_the_snippet() {
    let text = format!("{HEAD}numbers: []\nnotes: {}\n", "x".repeat(5_000_000));
    let out = refused("long-line.yaml", text.as_bytes(), "unknown-key");
    assert!(
        out.len() < 10_000,
        "the snippet echoed the whole line ({} bytes)",
        out.len()
    );
}

#[test]
fn a_line_of_twenty_thousand_unknown_keys_is_reported_without_a_stall() {
    // Each unknown key's value is secret (it may be a PIN), and each is a diagnostic quoting the
    // same 200 KB line: masking used to scan every secret before each byte, and the snippet was
    // the whole line, so this took minutes.
    let keys: Vec<String> = (0..20_000).map(|i| format!("k{i}: 1")).collect();
    let text = format!(
        "version: 1\nplan:\n  name: x\n  destination: {{region: r, org: o, time_zone: UTC, {}}}\nnumbers:\n  - {{number: '+4930901820', source: app}}\n",
        keys.join(", ")
    );
    let out = refused("wide-line.yaml", text.as_bytes(), "unknown-key");
    assert!(
        out.contains("20000 errors"),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
    // Snippets of the long line are windows, not the whole line.
    let longest = out.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 1_000, "a snippet line of {longest} bytes");
}

#[test]
fn twenty_thousand_six_digit_values_under_unknown_keys_are_reported_without_a_stall() {
    // Each value is six digits alone, so each is a secret to mask in everything written:
    // masking searched for every secret in every line written, which took minutes. The values
    // must not show, the keys' diagnostics all must.
    let keys = (0..20_000).fold(String::new(), |mut keys, i| {
        let _ = writeln!(keys, "    k{i}: {}", 300_000 + i);
        keys
    });
    let text = format!("{HEAD}numbers:\n  - number: '+4930901820'\n    source: app\n{keys}");
    let out = refused("six-digit-values.yaml", text.as_bytes(), "unknown-key");
    // Each key is unknown, and each value is six digits alone: a PIN's shape, said as such.
    assert!(out.contains("40000 errors"), "{}", &out[out.len() - 300..]);
    assert_eq!(out.matches("error[pin-in-plan]").count(), 20_000);
    for value in ["300000", "300001", "319999"] {
        assert!(!out.contains(value), "{value} shown");
    }
}

#[test]
fn duplicate_keys() {
    refused("dup.yaml", b"version: 1\nversion: 1\n", "duplicate-key");
}

#[test]
fn unexpected_yaml_tags() {
    refused("tag.yaml", b"version: !custom 1\n", "unsupported-tag");
}

#[test]
fn huge_numbers() {
    refused(
        "huge.yaml",
        b"version: 99999999999999999999999999999\n",
        "unsupported-version",
    );
    let text = format!(
        "{HEAD}numbers:\n  - number: '+4930123456'\n    source: app\n    templates:\n      - {{name: t, language: en, category: utility, status: approved, buttons: 99999999999999999999999}}\n"
    );
    refused("huge-buttons.yaml", text.as_bytes(), "wrong-type");
}

#[test]
fn a_hundred_megabyte_file_is_refused_before_parsing() {
    let mut text = String::from(HEAD);
    text.push_str("numbers:\n");
    let padding = format!("  # {}\n", "padding ".repeat(16));
    while text.len() < 100 * 1024 * 1024 {
        text.push_str(&padding);
    }
    refused("huge-file.yaml", text.as_bytes(), "input-too-complex");
}

#[test]
fn a_pin_in_the_plan_is_refused_and_never_echoed() {
    for (name, text) in [
        (
            "pin-block.yaml",
            format!(
                "{HEAD}numbers:\n  - number: '+4930123456'\n    pin: 482913\n    source: app\n"
            ),
        ),
        (
            "pin-flow.yaml",
            format!(
                "{HEAD}numbers:\n  - {{number: '+4930123456', source: app, two_step_pin: '482913'}}\n"
            ),
        ),
        (
            "pin-genesys.yaml",
            format!(
                "{HEAD}numbers:\n  - number: '+4930123456'\n    source:\n      genesys: {{region: a, org: b, pin_known: true, pin: 482913}}\n"
            ),
        ),
    ] {
        let out = refused(name, text.as_bytes(), "pin-in-plan");
        assert!(!out.contains("482913"), "{name} echoed the PIN:\n{out}");
        let path = write(name, text.as_bytes());
        let json = Command::cargo_bin("wamigrate")
            .unwrap()
            .args(["dry-run", "--format", "json"])
            .arg(&path)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(json.status.code(), Some(1));
        assert!(!String::from_utf8_lossy(&json.stdout).contains("482913"));
        assert!(!String::from_utf8_lossy(&json.stderr).contains("482913"));
    }
}

/// A phone number typed with six digits only (`+49 30 12`) is taken for a PIN, as every value of
/// six digits alone is; the help says how to fix a value, which has no words to put around it,
/// not a text.
#[test]
fn a_six_digit_phone_number_is_refused_with_help_that_fits_a_value() {
    let text = format!("{HEAD}numbers:\n  - number: '+49 30 12'\n    source: app\n");
    let out = refused("pin-short-number.yaml", text.as_bytes(), "pin-in-plan");
    assert!(!out.contains("+49 30 12"), "{out}");
    assert!(
        out.contains("a phone number has more digits than six"),
        "{out}"
    );
    assert!(!out.contains("the word next to it"), "{out}");
}

/// Runs `dry-run` on the bytes at a fixed time; asserts no panic; returns exit code and stdout.
fn dry_run(name: &str, bytes: &[u8], format: &str) -> (Option<i32>, String) {
    let path = write(name, bytes);
    let output = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args([
            "dry-run",
            "--color",
            "never",
            "--at",
            "2026-11-25T12:00:00Z",
        ])
        .args(["--format", format])
        .arg(&path)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).to_string(),
    )
}

#[test]
fn absurd_lead_times_are_refused_quickly() {
    // Found by fuzzing (docs/fuzzing.md): `4294967295bd` walked ~95 million days for every step
    // that has it, seconds each, so 200 numbers took minutes; the steps after it overflowed
    // chrono's last date and panicked. Then a newcomer saw it accepted with dates in year
    // +262142. A step longer than ten years is now a located `invalid-duration`.
    let mut text = format!("{HEAD}numbers:\n");
    for i in 0..200 {
        writeln!(text, "  - {{number: '+49 30 9{i:06}', source: engage}}").expect("a String");
    }
    text.push_str("overrides:\n");
    text.push_str("  - {step: meta-portfolio-access, duration: 4294967295bd}\n");
    text.push_str("  - {step: disable-two-step-verification, duration: 18446744073709551615m}\n");
    for format in ["text", "json"] {
        let (code, out) = dry_run("lead-time.yaml", text.as_bytes(), format);
        assert_eq!(code, Some(1), "{format}");
        // Text goes to stderr; the JSON report lists the diagnostics on stdout.
        assert!(
            format == "text" || out.contains("invalid-duration"),
            "{format}: {out}"
        );
    }
}

#[test]
fn huge_step_durations_do_not_wrap_the_downtime() {
    // Found by fuzzing (docs/fuzzing.md): the downtime sums were plain `u32` additions, so a
    // huge step on the downtime path panicked in debug builds and in release wrapped to a few
    // minutes, inside the budget, without the downtime-over-budget warning. The longest step
    // allowed (ten years) on every step of the path still sums without wrapping.
    let text = format!(
        "{HEAD}  downtime_budget: 15m\nnumbers:\n  - {{number: '+4930123456', source: engage}}\noverrides:\n  - {{step: verify-number-in-embedded-signup, duration: 3650d}}\n  - {{step: save-integration, duration: 3650d}}\n  - {{step: review-duplicated-templates, duration: 2600bd}}\n"
    );
    let (code, stdout) = dry_run("wrapped-downtime.yaml", text.as_bytes(), "json");
    assert_eq!(code, Some(3), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    let number = &report["numbers"][0];
    assert_eq!(
        number["downtime"]["max_minutes"],
        2 * 3650 * 1440,
        "{number}"
    );
    let warnings = number["warnings"].as_array().expect("a warnings list");
    assert!(
        warnings.iter().any(|w| w["code"] == "downtime-over-budget"),
        "{number}"
    );
}

#[test]
fn a_pin_written_inside_a_list_or_mapping_key_is_never_echoed() {
    // Found by fuzzing (docs/fuzzing.md): a flow key `[482913]: x` was quoted in the snippet.
    for (name, text) in [
        (
            "pin-list-key.yaml",
            format!("{HEAD}numbers:\n  - {{number: '+4930123456', source: app, [482913]: x}}\n"),
        ),
        (
            "pin-map-key.yaml",
            format!(
                "{HEAD}numbers:\n  - {{number: '+4930123456', source: app, {{pin: 482913}}: x}}\n"
            ),
        ),
    ] {
        let out = refused(name, text.as_bytes(), "wrong-type");
        assert!(!out.contains("482913"), "{name} echoed the PIN:\n{out}");
        let path = write(name, text.as_bytes());
        let json = Command::cargo_bin("wamigrate")
            .unwrap()
            .args(["check", "--format", "json"])
            .arg(&path)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        assert_eq!(json.status.code(), Some(1));
        assert!(!String::from_utf8_lossy(&json.stdout).contains("482913"));
    }
}

#[test]
fn a_pin_written_as_a_list_of_its_parts_is_refused_and_never_echoed() {
    // Found in review: `notes: [48, 29, 13]` was a wrong-type error quoting the line, and
    // `after: [48, 29, 13]` three unknown steps; no part alone is six digits.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for (name, text) in [
        ("notes", format!("{HEAD}{number}    notes: [48, 29, 13]\n")),
        (
            "flag",
            format!("{HEAD}{number}    numbering_confirmed: [482, 913]\n"),
        ),
        (
            "map",
            format!("{HEAD}{number}    registrations: {{482: 913}}\n"),
        ),
        (
            "done",
            format!("{HEAD}{number}    done: [4, 8, 2, 9, 1, 3]\n"),
        ),
        (
            "after",
            format!(
                "{HEAD}{number}steps:\n  - id: s\n    title: t\n    owner: customer\n    after:\n      - 48\n      - 29\n      - 13\n"
            ),
        ),
        (
            "scope",
            format!(
                "{HEAD}{number}overrides:\n  - {{step: save-integration, duration: 5m, numbers: [48, 29, 13]}}\n"
            ),
        ),
    ] {
        let out = refused(
            &format!("pin-parts-{name}.yaml"),
            text.as_bytes(),
            "pin-in-plan",
        );
        let digits: String = out.chars().filter(char::is_ascii_digit).collect();
        for part in ["48", "29", "13", "482", "913"] {
            assert!(
                !out.lines()
                    .any(|l| l.contains(&format!(" {part},")) || l.ends_with(&format!("- {part}"))),
                "{name} shows `{part}`:\n{out}"
            );
        }
        assert!(!digits.contains("482913"), "{name}:\n{out}");
        assert!(!out.contains("unknown-step"), "{name}:\n{out}");
    }
}

#[test]
fn a_pin_written_where_a_number_belongs_is_never_echoed() {
    // Found in review: `unknown-number` quoted whatever was written under `numbers:`.
    let text = format!(
        "{HEAD}numbers:\n  - {{number: '+4930123456', source: app}}\noverrides:\n  - {{step: wait-for-release, duration: 5m, numbers: ['482913']}}\n"
    );
    // Six digits alone are a PIN's shape wherever they stand: refused as one, shown nowhere (not
    // in the snippet either), and not reported again as an empty list.
    let out = refused("pin-as-number.yaml", text.as_bytes(), "pin-in-plan");
    assert!(!out.contains("482913"), "{out}");
    assert!(!out.contains("empty-scope"), "{out}");
}

// --- hostile journals -----------------------------------------------------------------------

/// Runs `status` and `journal` on the bsp example plan with `bytes` as its journal, under the
/// watchdog; returns (status exit, journal exit, all output, status's output).
fn with_journal(name: &str, bytes: &[u8]) -> (Option<i32>, Option<i32>, String, String) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-journal-{name}"));
    std::fs::create_dir_all(&dir).expect("dir");
    let plan = dir.join("bsp.yaml");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"),
        &plan,
    )
    .expect("copy");
    std::fs::write(dir.join("bsp.journal"), bytes).expect("write");
    let run = |args: &[&str]| {
        Command::cargo_bin("wamigrate")
            .expect("the binary is built")
            .args(args)
            .arg(&plan)
            .args(["--color", "never"])
            .timeout(Duration::from_secs(60))
            .output()
            .expect("the binary runs")
    };
    let status = run(&["status", "--at", "2026-12-01T12:00:00Z"]);
    let journal = run(&["journal", "--format", "json"]);
    let mut all = String::new();
    for o in [&status, &journal] {
        all.push_str(&String::from_utf8_lossy(&o.stdout));
        all.push_str(&String::from_utf8_lossy(&o.stderr));
    }
    assert!(!all.contains("panicked"), "{name}: {all}");
    let status_text = String::from_utf8_lossy(&status.stderr).into_owned();
    (
        status.status.code(),
        journal.status.code(),
        all,
        status_text,
    )
}

#[test]
fn hostile_journals_are_located_errors_never_panics_or_stalls() {
    let event = r#"{"id":"aaaaaaaaaaaaaaaaaaaa","recorded":"2026-12-01T08:00:00Z","at":"2026-12-01T08:00:00Z","number":"+4930901820","step":"verify-number-in-embedded-signup","event":"started","plan":"sha256:aaaaaaaaaaaaaaaa"}"#;
    let deep = "[".repeat(100_000);
    let long = format!("{{\"id\":\"{}\"}}", "x".repeat(2_000_000));
    let cases: Vec<(&str, Vec<u8>, bool)> = vec![
        ("nul-bytes", b"\0\0\0{\0}\n".to_vec(), true),
        ("binary", (0..=255u8).cycle().take(10_000).collect(), true),
        ("deep-nesting", deep.into_bytes(), true),
        ("two-megabyte-line", long.into_bytes(), true),
        (
            "only-blank-lines",
            "\n \r\n\t\n".repeat(100_000).into_bytes(),
            false,
        ),
        (
            "json-but-not-an-event",
            b"[1,2,3]\n\"text\"\nnull\n{}\n".to_vec(),
            true,
        ),
        (
            "wrong-types",
            event.replace("\"aaaaaaaaaaaaaaaaaaaa\"", "7").into_bytes(),
            true,
        ),
        (
            "unknown-event",
            event.replace("started", "exploded").into_bytes(),
            true,
        ),
        (
            "unknown-field",
            event
                .replace("\"plan\"", "\"pin\":\"x\",\"plan\"")
                .into_bytes(),
            true,
        ),
        (
            "bad-number",
            event.replace("+4930901820", "+0").into_bytes(),
            true,
        ),
        (
            "bad-time",
            event.replace("2026-12-01T08", "2026-13-01T08").into_bytes(),
            true,
        ),
        (
            "bidi-and-zero-width",
            event
                .replace(
                    "\"aaaaaaaaaaaaaaaaaaaa\"",
                    "\"aaaaaaaaaa\u{202e}\u{200b}aaaaaaaaaa\"",
                )
                .into_bytes(),
            true,
        ),
        ("torn-only", event.as_bytes()[..40].to_vec(), false),
        (
            "many-unknown-steps",
            format!(
                "{}\n",
                event.replace("verify-number-in-embedded-signup", "nope")
            )
            .repeat(20_000)
            .lines()
            .enumerate()
            .map(|(i, l)| l.replacen("aaaaaaaaaaaaaaaaaaaa", &event_id(i), 1) + "\n")
            .collect::<String>()
            .into_bytes(),
            false,
        ),
    ];
    for (name, bytes, is_error) in cases {
        let (status, journal, all, status_text) = with_journal(name, &bytes);
        // However many problems, a few are shown and the rest counted.
        assert!(
            status_text.matches("[journal-").count() <= 20,
            "{name}: a flood of warnings"
        );
        let expected = if is_error { Some(1) } else { Some(0) };
        assert_eq!(
            journal,
            expected,
            "{name}: journal exit\n{}",
            &all[..all.len().min(2000)]
        );
        if is_error {
            assert_eq!(status, Some(1), "{name}: status exit");
            assert!(all.contains("error[journal-bad-line]"), "{name}");
            assert!(all.contains("bsp.journal:1:"), "{name}: located");
        } else {
            assert!(
                matches!(status, Some(0 | 3 | 4)),
                "{name}: status exit {status:?}"
            );
        }
    }
}

#[test]
fn control_characters_a_user_wrote_never_reach_the_output_raw() {
    // Found by the `pipeline` fuzz target: a YAML tag may percent-encode a NUL; JSON escapes it
    // as `\u0000`, whose zeros run into the digits after it and make a run that reads as the PIN
    // (the CLI's masker caught it; the report should not make it). Control characters are shown
    // as `\u{..}` in every format.
    let text = format!(
        "{HEAD}numbers:\n  - number: '+4930123456'\n    pin: 000123\n    source: !a%00123 app\n    display_name: !b%1B x\n"
    );
    let path = write("control-tag.yaml", text.as_bytes());
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--format", "json"],
        &["dry-run", "--format", "json"],
        &["check", "--format", "sarif"],
        &["check", "--format", "github"],
    ] {
        let (code, all) = run_on(args, &path);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(all.contains("unsupported-tag"), "{args:?}: {all}");
        assert!(all.contains("u{1b}"), "{args:?}: {all}");
        assert!(!all.contains("000123"), "{args:?} shows the PIN:\n{all}");
        assert!(
            !all.contains('\u{0}') && !all.contains('\u{1b}'),
            "{args:?} passes a control character through:\n{all}"
        );
    }
}

#[test]
fn c1_controls_in_a_quoted_line_never_reach_the_terminal_raw() {
    // Found by hostile testing: the snippet renderer shows C0 controls as pictures (`␛`) but
    // passed the C1 ones through, so a plan, a spreadsheet or a journal line holding U+009B (a
    // terminal's control sequence introducer, as `ESC [` is) or U+0085 sent it to the terminal
    // in the line quoted under `yaml-syntax`, `control-character` or `journal-bad-line`.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let yaml = write(
        "c1.yaml",
        format!(
            "{HEAD}numbers: []
# a\u{9b}2Jb\u{85}c\n"
        )
        .as_bytes(),
    );
    let csv = write(
        "c1.csv",
        "number,source,partner\n+49 30 901820,bsp,a\u{9b}2Jb\n".as_bytes(),
    );
    let journal = write("c1.journal", "{\"a\u{9b}2J\": 1}\n".as_bytes());
    let (yaml, csv, journal) = (yaml.as_os_str(), csv.as_os_str(), journal.as_os_str());
    let s = std::ffi::OsStr::new;
    for args in [
        vec![s("check"), yaml],
        vec![s("dry-run"), yaml],
        vec![s("init"), s("--from-csv"), csv],
        vec![s("journal"), plan.as_os_str(), s("--journal"), journal],
    ] {
        let (code, all) = run(&args);
        assert_eq!(code, Some(1), "{args:?}: {all}");
        assert!(all.contains('\u{fffd}'), "{args:?} quotes no line:\n{all}");
        assert!(
            !all.contains('\u{9b}') && !all.contains('\u{85}'),
            "{args:?} passes a C1 control through:\n{all}"
        );
    }
}

// --- a PIN in every shape, in every place, through every format ---------------------------------

/// The PIN of these tests in five scripts: ASCII, fullwidth, Arabic-Indic, Devanagari and
/// mathematical bold digits (each a decimal digit to Unicode, and to a person reading it).
const PIN_SCRIPTS: [&str; 5] = ["482915", "４８２９１５", "٤٨٢٩١٥", "४८२९१५", "𝟒𝟖𝟐𝟗𝟏𝟓"];

/// How a PIN is written in text: the word before it, and how its six digits are split.
fn pin_shapes(digits: &str) -> Vec<(String, String)> {
    let d: Vec<char> = digits.chars().collect();
    let joined = |sep: &str, at: &[usize]| {
        let mut s = String::new();
        for (i, c) in d.iter().enumerate() {
            if at.contains(&i) {
                s.push_str(sep);
            }
            s.push(*c);
        }
        s
    };
    let split = joined(" ", &[3]);
    let dashed = joined("-", &[2, 4]);
    let dotted = joined(".", &[2, 4]);
    let nbsp = joined("\u{a0}", &[3]);
    vec![
        (format!("PIN {digits}"), digits.to_string()),
        (format!("passwd {split}"), split.clone()),
        (format!("two\u{2011}step code {dashed}"), dashed.clone()),
        (format!("ＰＩＮ {dotted}"), dotted.clone()),
        (format!("P.I.N. {nbsp}"), nbsp.clone()),
        (
            format!(
                "the pin, which we wrote on the whiteboard in the office last week, is {digits}"
            ),
            digits.to_string(),
        ),
        (digits.to_string(), digits.to_string()),
        // Drawn as the same six digits: split by zero-width spaces, or each with an accent.
        (
            format!("PIN {}", joined("\u{200b}", &[1, 2, 3, 4, 5])),
            digits.to_string(),
        ),
        (
            format!(
                "pin {}",
                d.iter().flat_map(|&c| [c, '\u{301}']).collect::<String>()
            ),
            digits.to_string(),
        ),
        // A word in camel case.
        (format!("myPin{digits}"), digits.to_string()),
    ]
}

/// Where a PIN may be written in a plan: a free text, a value with rules of its own, a comment
/// on a valid line and on a line with an error.
fn pin_places(text: &str) -> Vec<(&'static str, String)> {
    let quoted = format!("\"{text}\"");
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    vec![
        (
            "display_name",
            format!("{HEAD}{number}    display_name: {quoted}\n"),
        ),
        (
            "plan name",
            format!(
                "{}{number}",
                HEAD.replace("name: x", &format!("name: {quoted}"))
            ),
        ),
        (
            "time_zone",
            format!(
                "{}{number}",
                HEAD.replace("time_zone: UTC", &format!("time_zone: {quoted}"))
            ),
        ),
        (
            "template language",
            format!(
                "{HEAD}{number}    templates:\n      - {{name: a, language: {quoted}, category: utility, status: approved, quality: green}}\n"
            ),
        ),
        // Values that are not text: a flag, a count, a phone number, a list of numbers.
        (
            "a flag",
            format!("{HEAD}{number}    numbering_confirmed: {quoted}\n"),
        ),
        (
            "a count",
            format!("{HEAD}{number}    registrations: {{retries: {quoted}}}\n"),
        ),
        (
            "a phone number",
            format!("{HEAD}numbers:\n  - number: {quoted}\n    source: app\n"),
        ),
        (
            "a scope",
            format!(
                "{HEAD}{number}overrides:\n  - {{step: save-integration, duration: 5m, numbers: [{quoted}]}}\n"
            ),
        ),
        (
            "comment",
            format!("{HEAD}{number}    display_name_status: approved  # {text}\n"),
        ),
        (
            "comment on a bad line",
            format!("{HEAD}{number}    display_name_status: approvedd  # {text}\n"),
        ),
    ]
}

#[test]
fn a_pin_in_any_script_shape_or_place_is_refused_and_never_shown() {
    let mut tried = 0;
    for digits in PIN_SCRIPTS {
        for (text, shown) in pin_shapes(digits) {
            for (place, plan) in pin_places(&text) {
                let path = write("pin-shape.yaml", plan.as_bytes());
                for args in [
                    &["check", "--color", "never"][..],
                    &["check", "--format", "sarif"],
                    &["dry-run", "--format", "json"],
                ] {
                    let (code, all) = run_on(args, &path);
                    // Six ASCII digits alone in a comment may be anything (a ticket, an order):
                    // masked, not refused. Everything else is refused.
                    let maybe = place.starts_with("comment") && text == "482915";
                    if !maybe {
                        assert_eq!(code, Some(1), "{place} `{text}` {args:?}:\n{all}");
                        assert!(
                            all.contains("pin-in-plan"),
                            "{place} `{text}` {args:?}:\n{all}"
                        );
                    }
                    for secret in [shown.as_str(), digits, "482915"] {
                        assert!(
                            !all.contains(secret),
                            "{place} `{text}` {args:?} shows `{secret}`:\n{all}"
                        );
                    }
                    tried += 1;
                }
            }
        }
    }
    assert_eq!(tried, 5 * 10 * 10 * 3);
}

#[test]
fn a_pin_in_a_command_line_argument_is_never_repeated() {
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let run = |args: &[&str]| run(&args.iter().map(std::ffi::OsStr::new).collect::<Vec<_>>());
    let plan = plan.to_str().unwrap();
    for digits in PIN_SCRIPTS {
        for (text, shown) in pin_shapes(digits) {
            for args in [
                vec!["explain", text.as_str()],
                vec!["dry-run", plan, "--at", text.as_str()],
                vec!["status", plan, "--number", text.as_str()],
            ] {
                let (code, all) = run(&args);
                assert_ne!(code, Some(0), "{args:?}: {all}");
                assert!(!all.contains(&shown), "{args:?} shows `{shown}`:\n{all}");
                assert!(!all.contains("482915"), "{args:?}:\n{all}");
            }
        }
    }
    // An error code is six digits too, and is what `explain` is for.
    let (code, all) = run(&["explain", "133005"]);
    assert_eq!(code, Some(0), "{all}");
    assert!(all.starts_with("133005"), "{all}");
}

#[test]
fn a_pin_in_a_csv_cell_is_refused_and_masked_in_any_script_or_shape() {
    for digits in PIN_SCRIPTS {
        for (text, shown) in pin_shapes(digits) {
            for column in ["partner", "display_name", "notes", "source"] {
                let mut row = ["+49 30 901820", "bsp", "360dialog", "Contoso", "none"];
                let i = ["number", "source", "partner", "display_name", "notes"]
                    .iter()
                    .position(|c| *c == column)
                    .unwrap();
                row[i] = &text;
                let csv = format!(
                    "number,source,partner,display_name,notes\n{}\n",
                    row.iter()
                        .map(|c| format!("\"{c}\""))
                        .collect::<Vec<_>>()
                        .join(",")
                );
                let path = write("pin-cell.csv", csv.as_bytes());
                let (code, all) = run_on(&["init", "--from-csv"], &path);
                assert_eq!(code, Some(1), "{column} `{text}`:\n{all}");
                assert!(!all.contains(&shown), "{column} `{text}` shows it:\n{all}");
                assert!(!all.contains("482915"), "{column} `{text}`:\n{all}");
            }
        }
    }
}

#[test]
fn controls_typed_on_the_command_line_never_reach_the_terminal_raw() {
    // Found in review: `--number`, `--at`, `explain`, a clap error and a file name echoed an
    // escape sequence (`\e[2J` clears the screen, `\e]0;` retitles the window) or a
    // right-to-left override raw; with CLICOLOR_FORCE, on a terminal too.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let plan = plan.to_str().unwrap();
    for hostile in [
        "a\u{1b}[2Jb",
        "a\u{1b}]0;title\u{7}b",
        "a\u{202e}b",
        "a\u{2066}b",
    ] {
        let named = write(&format!("{hostile}.yaml"), b"x");
        let named = named.to_str().unwrap();
        let journal = write(&format!("{hostile}.journal"), b"x\n");
        let journal = journal.to_str().unwrap();
        for args in [
            vec!["explain", hostile],
            vec!["dry-run", plan, "--number", hostile],
            vec!["dry-run", plan, "--at", hostile],
            vec!["steps", "--source", hostile],
            vec!["record", plan, hostile, "save-integration", "--done"],
            vec!["record", plan, "+49 30 901820", hostile, "--done"],
            vec!["check", named],
            vec!["dry-run", named],
            vec!["journal", plan, "--journal", journal],
            vec!["status", plan, "--journal", journal],
        ] {
            let out = Command::cargo_bin("wamigrate")
                .unwrap()
                .args(&args)
                .env("CLICOLOR_FORCE", "1")
                .timeout(Duration::from_secs(60))
                .output()
                .unwrap();
            assert!(!out.status.success(), "{args:?}");
            let all = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            for raw in ["\u{1b}[2J", "\u{1b}]", "\u{7}", "\u{202e}", "\u{2066}"] {
                assert!(!all.contains(raw), "{args:?} wrote {raw:?} raw:\n{all}");
            }
        }
    }
}

/// A new named pipe in the test's scratch folder (any old one of that name removed first).
#[cfg(unix)]
fn named_pipe(name: &str) -> PathBuf {
    let fifo = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_file(&fifo);
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    fifo
}

#[cfg(unix)]
#[test]
fn a_named_pipe_nobody_writes_to_is_refused_not_waited_on_for_ever() {
    let fifo = named_pipe("hostile-plan-fifo");
    for args in [&["check"][..], &["init", "--from-csv"]] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        all.push(fifo.as_os_str());
        let (code, out) = run(&all);
        assert_eq!(code, Some(1), "{args:?}: {out}");
        assert!(out.contains("named pipe"), "{args:?}: {out}");
    }
    let _ = std::fs::remove_file(&fifo);
}

#[cfg(unix)]
#[test]
fn a_journal_that_never_ends_is_refused_not_read_for_ever() {
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    for command in ["status", "journal"] {
        let (code, stderr) = run(&[
            command.as_ref(),
            plan.as_os_str(),
            "--journal".as_ref(),
            "/dev/zero".as_ref(),
        ]);
        assert_eq!(code, Some(1), "{command}: {stderr}");
        assert!(stderr.contains("journal-unreadable"), "{command}: {stderr}");
        assert!(stderr.contains("512 MiB"), "{command}: {stderr}");
    }
}

#[cfg(unix)]
#[test]
fn record_refuses_a_device_in_the_journals_place_rather_than_read_or_lose() {
    // `/dev/zero` never ends when read; `/dev/null` would take the event and keep nothing.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    for device in ["/dev/zero", "/dev/null"] {
        let (code, all) = run(&[
            "record".as_ref(),
            plan.as_os_str(),
            "+49 30 901820".as_ref(),
            "disable-two-step-verification".as_ref(),
            "--done".as_ref(),
            "--journal".as_ref(),
            device.as_ref(),
        ]);
        assert_eq!(code, Some(1), "{device}: {all}");
        assert!(all.contains("journal-unreadable"), "{device}: {all}");
        assert!(all.contains("not a regular file"), "{device}: {all}");
    }
}

#[cfg(unix)]
#[test]
fn a_journal_read_from_a_pipe_shows_its_bad_lines() {
    // A pipe is read once: its lines cannot be read again for the snippets, so they are kept.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let fifo = named_pipe("hostile-pipe.journal");
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(&fifo, b"{oops\n").expect("the pipe takes it"))
    };
    let (code, all) = run(&[
        "journal".as_ref(),
        plan.as_os_str(),
        "--journal".as_ref(),
        fifo.as_os_str(),
    ]);
    writer.join().expect("the writer ends");
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("journal-bad-line"), "{all}");
    assert!(all.contains("{oops"), "the line is shown: {all}");
    std::fs::remove_file(&fifo).ok();
}

/// A distinct event id for each `n`, of the shape `record` writes (20 of its letters).
fn event_id(mut n: usize) -> String {
    let letters = wamigrate::journal::ID_LETTERS;
    (0..wamigrate::journal::ID_LEN)
        .map(|_| {
            let c = char::from(letters[n % letters.len()]);
            n /= letters.len();
            c
        })
        .collect()
}

/// A valid event for `plans/bsp.yaml`'s first number (its id from `id`).
fn journal_event(id: &str) -> String {
    format!(
        r#"{{"id":"{id}","recorded":"2026-12-05T02:00:00Z","at":"2026-12-05T02:00:00Z","number":"+4930901820","step":"verify-number-in-embedded-signup","event":"started","plan":"sha256:jeoondhajpapedpj"}}"#
    )
}

#[test]
fn a_journal_line_cut_in_a_character_is_torn_only_when_it_starts_an_event() {
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let event = journal_event("aaaaaaaaaaaaaaaaaaaa");
    let cut = &event.as_bytes()[..event.len() / 2];
    for (name, bytes, code, kind) in [
        // Text that is no event, ending in a lead byte: a bad line, not a crash's leftover.
        (
            "cut-garbage",
            [b"hello wor\xc3\n".as_slice()].concat(),
            Some(1),
            "journal-bad-line",
        ),
        // A whole event and a stray byte after it: bad, not silently dropped.
        (
            "cut-after-event",
            [event.as_bytes(), b"\xe2\x82\n"].concat(),
            Some(1),
            "journal-bad-line",
        ),
        // An event cut inside a character by a crash: torn (a warning).
        (
            "cut-event",
            [cut, "é".as_bytes().get(..1).unwrap_or_default()].concat(),
            Some(0),
            "journal-torn-line",
        ),
        // White space that JSON does not allow is not a blank line.
        ("form-feed", b"\x0c\n".to_vec(), Some(1), "journal-bad-line"),
        (
            "no-break-space",
            "\u{a0}\n".as_bytes().to_vec(),
            Some(1),
            "journal-bad-line",
        ),
    ] {
        let journal = write(&format!("{name}.journal"), &bytes);
        let (got, all) = run(&[
            "journal".as_ref(),
            plan.as_os_str(),
            "--journal".as_ref(),
            journal.as_os_str(),
        ]);
        assert_eq!(got, code, "{name}: {all}");
        assert!(all.contains(kind), "{name}: {all}");
    }
}

#[test]
fn millions_of_bad_journal_lines_are_counted_not_all_described() {
    // Two bytes a line: described one by one, they once took over a gigabyte.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let lines = 300_000;
    let journal = write("many-bad.journal", &b"x\n".repeat(lines));
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(["journal", "--format", "json", "--journal"])
        .arg(&journal)
        .arg(&plan)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), 10_000, "only the first are listed");
    let last_note = problems[problems.len() - 1]["notes"].to_string();
    assert!(last_note.contains("290000 more problems"), "{last_note}");
    assert_eq!(json["bad_lines"].as_array().map(Vec::len), Some(lines));
    let (code, all) = run(&[
        "status".as_ref(),
        plan.as_os_str(),
        "--journal".as_ref(),
        journal.as_os_str(),
    ]);
    assert_eq!(code, Some(1));
    assert!(
        all.contains("is invalid: 300000 errors"),
        "the count is all of them: {all}"
    );
    assert!(all.contains("and 299980 more journal problems"), "{all}");
    assert!(
        all.contains(&format!("--journal {}", journal.display())),
        "the way to list them names this journal: {all}"
    );
}

#[test]
fn a_bad_line_past_the_listed_problems_still_makes_the_journal_invalid_in_json() {
    // 10,005 torn lines fill the listed problems with warnings; the bad line after them is
    // counted only, and must still say `valid: false`.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let mut text = journal_event("aaaaaaaaaaaaaaaaaaaa") + "\n";
    for i in 0..10_005 {
        text.push_str("{\"id\":\"t");
        text.push_str(&i.to_string());
        text.push_str("\"\n");
    }
    text.push_str("garbage\n");
    let journal = write("unlisted-error.journal", text.as_bytes());
    for command in ["status", "dry-run"] {
        let out = Command::cargo_bin("wamigrate")
            .expect("the binary is built")
            .args([command, "--format", "json", "--journal"])
            .arg(&journal)
            .arg(&plan)
            .timeout(Duration::from_secs(60))
            .output()
            .expect("the binary runs");
        assert_eq!(out.status.code(), Some(1), "{command}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(json["valid"], false, "{command}: {}", json["errors"]);
        assert_eq!(json["errors"], 1, "{command}");
        assert_eq!(json["warnings"], 10_005, "{command}");
    }
}

#[cfg(unix)]
#[test]
fn a_plan_and_a_journal_both_on_standard_input_do_not_share_its_bytes() {
    // Read at the same time, the journal's reader took part of the plan's bytes.
    let plan = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
        .expect("the example plan");
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args([
            "dry-run",
            "/dev/stdin",
            "--journal",
            "/dev/stdin",
            "--at",
            "2026-11-25T12:00:00Z",
        ])
        .write_stdin(plan)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error["), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_no_one_writes_to_is_refused_not_waited_on_for_ever() {
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let fifo = named_pipe("hostile-unwritten.journal");
    let (code, all) = run(&[
        "status".as_ref(),
        plan.as_os_str(),
        "--journal".as_ref(),
        fifo.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{all}");
    assert!(all.contains("journal-unreadable"), "{all}");
    assert!(all.contains("no process opened it to write"), "{all}");
    std::fs::remove_file(&fifo).ok();
}

#[test]
fn a_pin_in_the_name_of_a_plan_file_is_never_shown() {
    // Found by hostile testing: arguments naming an existing file were not screened, so a plan
    // saved as `pin-482915.yaml` showed the PIN in every report, snippet and journal name.
    let plan = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
        .expect("the example plan");
    for name in ["pin-482915.yaml", "２ＦＡ ４８２９１５.yaml"] {
        let path = write(name, &plan);
        for args in [
            &["check", "--color", "never"][..],
            &["check", "--format", "json"],
            &["check", "--format", "sarif"],
            &["dry-run", "--color", "never"],
            &["dry-run", "--format", "json"],
            &["checklist", "--format", "markdown"],
            &["status", "--color", "never"],
            &["journal", "--color", "never"],
        ] {
            let (code, all) = run_on(args, &path);
            assert!(matches!(code, Some(0 | 3)), "{name} {args:?}: {all}");
            assert!(
                all.contains("******"),
                "{name} {args:?} shows no name:\n{all}"
            );
            // SARIF percent-encodes the name: `４` is `%EF%BC%94` there.
            for digits in ["482915", "４８２９１５", "%EF%BC%94%EF%BC%98"] {
                assert!(
                    !all.contains(digits),
                    "{name} {args:?} shows the PIN:\n{all}"
                );
            }
        }
    }
    // Six ASCII digits with no PIN word are a count or a date: the name stays as it is.
    let path = write("fleet-100000.yaml", &plan);
    let (_, all) = run_on(&["check", "--color", "never"], &path);
    assert!(all.contains("fleet-100000.yaml"), "{all}");
}

#[test]
fn a_pin_in_a_file_name_is_masked_in_the_name_not_in_the_data() {
    // Learning the bare digits of `pin-901820.yaml` masked them in every report line: the JSON
    // report of a number `+49 30 9018201` read `+4930******1`.
    let plan = std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
        .expect("the example plan");
    let plan = String::from_utf8(plan)
        .expect("UTF-8")
        .replace("+49 30 901820", "+49 30 9018201");
    let path = write("pin-901820.yaml", plan.as_bytes());
    for args in [
        &["dry-run", "--format", "json"][..],
        &["dry-run", "--color", "never"],
    ] {
        let (code, all) = run_on(args, &path);
        assert!(matches!(code, Some(0 | 3)), "{args:?}: {all}");
        assert!(all.contains("+49309018201"), "{args:?}:\n{all}");
        assert!(
            !all.contains("pin-901820"),
            "{args:?} shows the PIN:\n{all}"
        );
    }
}

#[test]
fn a_fleet_too_large_to_read_is_a_usage_error_not_an_abort() {
    for n in ["99999999999", "250001", "0", "1e6"] {
        let (code, stderr) = run(&["generate".as_ref(), "--numbers".as_ref(), n.as_ref()]);
        assert_eq!(code, Some(2), "{n}: {stderr}");
        assert!(stderr.contains("250 thousand"), "{n}: {stderr}");
    }
}

#[test]
fn lone_carriage_returns_break_lines_in_text_as_in_json() {
    // YAML takes a lone CR for a line break; the text snippet showed another line than the one
    // JSON named.
    for (name, text) in [
        (
            "mixed-cr.yaml",
            "version: 1\rplan:\r  name: x\r  destination: {region: r, org: o, time_zone: UTC}\nnumbers:\n  - number: '+4930123456'\n    display_name_status: approvedd\n    source: app\n"
                .to_string(),
        ),
        (
            "cr-only.yaml",
            "version: 1\rplan:\r  name: x\r  destination: {region: r, org: o, time_zone: UTC}\rnumbers:\r  - number: '+4930123456'\r    display_name_status: approvedd\r    source: app\r"
                .to_string(),
        ),
    ] {
        let out = refused(name, text.as_bytes(), "unknown-value");
        assert!(out.contains(&format!("{name}:7:26")), "{out}");
        assert!(out.contains("7 |     display_name_status: approvedd"), "{out}");
    }
}

#[test]
fn six_digit_counts_and_seeds_on_the_command_line_leave_the_output_alone() {
    // Arguments are screened for a PIN; a count or a seed of six digits is not one, and masking
    // it in what is written would corrupt the plan (`+49301234567` holds `123456`).
    let args = ["generate", "--numbers", "20", "--seed", "123456"];
    let (code, out) = run(&args.map(std::ffi::OsStr::new));
    assert_eq!(code, Some(0));
    assert_eq!(out, wamigrate::generate::fleet_plan(20, 123_456));
}

#[test]
fn six_digits_in_a_comment_are_masked_in_snippets_only() {
    // They may be a ticket as well as a PIN: hidden where the comment is shown, but not
    // wherever the same digits appear (here inside the plan's own phone number).
    let plan = format!(
        "{HEAD}numbers:\n  - number: '+49 30 4829157'\n    source: app\n    display_name_status: approved  # ticket 482915\n"
    );
    let path = write("comment-digits.yaml", plan.as_bytes());
    let (code, out) = run_on(&["dry-run", "--format", "json"], &path);
    assert_ne!(code, Some(1), "{out}");
    assert!(out.contains("\"+49304829157\""), "{out}");
    let bad = plan.replace("approved  #", "approvedd  #");
    let out = refused("comment-digits-bad.yaml", bad.as_bytes(), "unknown-value");
    assert!(out.contains("# ticket ******"), "{out}");
    assert!(!out.contains("482915"), "{out}");
}

#[test]
fn a_schedule_past_year_9999_reads_out_of_reach_in_every_text_view() {
    // One working minute a week and fifty years of custom work: the schedule saturates at the
    // last moment it can compute, and moments derived from it (a latest start, the owner's
    // clock) land in years like +203493. People must never be handed such a date to act on.
    let mut plan = String::from(
        "version: 1\nplan:\n  name: slow\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin, business_verified: true}\n  cutover_window: {start: 2026-12-01T22:00, end: 2026-12-02T02:00}\n  calendars:\n    default: {hours: \"09:00-09:01\", days: [mon]}\nnumbers:\n  - {number: '+4930901820', display_name_status: approved, source: engage}\nsteps:\n",
    );
    for i in 0..5 {
        let after = if i == 0 {
            String::new()
        } else {
            format!(", after: [c{}]", i - 1)
        };
        let _ = writeln!(
            plan,
            "  - {{id: c{i}, title: C, owner: customer, duration: 3650d{after}}}"
        );
    }
    let path = write("slow-calendar.yaml", plan.as_bytes());
    for args in [
        &[
            "dry-run",
            "--color",
            "never",
            "--at",
            "2026-11-25T12:00:00Z",
        ][..],
        &[
            "dry-run",
            "--color",
            "never",
            "--at",
            "2026-11-25T12:00:00Z",
            "--owner",
            "customer",
        ],
        &["runbook", "--at", "2026-11-25T12:00:00Z"],
        &[
            "checklist",
            "--format",
            "markdown",
            "--at",
            "2026-11-25T12:00:00Z",
        ],
    ] {
        let (code, out) = run_on(args, &path);
        assert!(code.is_some(), "{args:?} ended by a signal");
        assert!(out.contains("out of reach"), "{args:?}:\n{out}");
        let far = regex_lite_year(&out);
        assert!(far.is_none(), "{args:?} shows {far:?}:\n{out}");
    }
}

/// The first year of five or more digits written with a sign (`+262142-12-30`), if any.
fn regex_lite_year(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find_map(|i| {
        let sign = bytes[i] == b'+' || bytes[i] == b'-';
        let digits = bytes[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (sign && digits >= 5 && bytes.get(i + 1 + digits) == Some(&b'-'))
            .then(|| text[i..i + 1 + digits].to_string())
    })
}

#[test]
fn a_value_of_six_digit_groups_alone_is_refused_and_never_echoed() {
    // Found by a hostile check: two six-digit groups passed `check` and reached every report.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for value in ["482913 482913", "482913 / 735291", "'482913-735291'"] {
        let text = format!("{HEAD}{number}    display_name: {value}\n");
        let out = refused("six-groups.yaml", text.as_bytes(), "pin-in-plan");
        for group in ["482913", "735291"] {
            assert!(!out.contains(group), "{value}: {out}");
        }
    }
    // A phone number or a longer group is no PIN.
    let text = format!("{HEAD}{number}    display_name: '+44 20 7946 0958'\n");
    let output = check(&write("phone-name.yaml", text.as_bytes()));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_plan_named_with_controls_never_sends_them_to_the_terminal_from_the_journal_views() {
    // Found in review: `status` printed its journal's name raw (a window-title escape), and
    // `record`, `journal --format json` and `status --format json` kept a right-to-left override.
    let bsp =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml")).unwrap();
    let plan = write("ctl-a\u{1b}]0;x\u{7}b\u{202e}.yaml", &bsp);
    let plan = plan.to_str().unwrap();
    for args in [
        vec!["status", plan],
        vec!["status", plan, "--format", "json"],
        vec!["journal", plan, "--format", "json"],
        vec![
            "record",
            plan,
            "+49 30 901820",
            "disable-two-step-verification",
            "--started",
        ],
        vec![
            "record",
            plan,
            "+49 30 901820",
            "disable-two-step-verification",
            "--started",
            "--format",
            "json",
        ],
    ] {
        let out = Command::cargo_bin("wamigrate")
            .unwrap()
            .args(&args)
            .env("CLICOLOR_FORCE", "1")
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("ctl-a"), "{args:?}: {all}");
        for raw in ["\u{1b}]", "\u{7}", "\u{202e}"] {
            assert!(!all.contains(raw), "{args:?} wrote {raw:?} raw:\n{all}");
        }
    }
}

#[test]
fn six_digits_split_by_a_letter_drawn_as_nothing_are_a_pin() {
    // Found by a hostile tester: the Hangul fillers are letters to Unicode yet drawn as blank
    // (they are the usual trick for an "empty" WhatsApp name), so `482\u{3164}915` reads as six
    // digits; the bare-value rule saw a letter and let it through `check`, into `dry-run`'s
    // header and from `init --from-csv` into a plan.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for filler in ['\u{115f}', '\u{1160}', '\u{3164}', '\u{ffa0}'] {
        for value in [
            format!("482{filler}915"),
            format!("{filler}482915{filler}"),
            format!("48{filler}29{filler}15"),
        ] {
            for key in ["display_name", "notes"] {
                let plan = format!("{HEAD}{number}    {key}: \"{value}\"\n");
                let all = refused("filler-pin.yaml", plan.as_bytes(), "pin-in-plan");
                assert!(!all.contains(&value), "{key} `{value:?}`:\n{all}");
            }
            let csv = format!("number,source,display_name\n+49 30 901820,app,\"{value}\"\n");
            let (code, all) = run_on(
                &["init", "--from-csv"],
                &write("filler-pin.csv", csv.as_bytes()),
            );
            assert_eq!(code, Some(1), "`{value:?}`:\n{all}");
            assert!(all.contains("pin-in-plan"), "`{value:?}`:\n{all}");
            assert!(!all.contains(&value), "`{value:?}`:\n{all}");
        }
    }
    // A word drawn in visible letters next to six digits is still read as one (`x` glued to
    // the digits by a filler is no bare value).
    let plan = format!("{HEAD}{number}    display_name: \"x\u{3164}482915\"\n");
    let output = check(&write("filler-word.yaml", plan.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_value_refused_for_a_character_drawn_as_nothing_shows_it() {
    // Found by a hostile tester: `time_zone: "Europe/Ber\u{200b}lin"` read "`Europe/Berlin` is
    // not a time zone name; did you mean `Europe/Berlin`?", the two alike on screen; so did an
    // enumerated value, a key, a CSV column and `record`'s step.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for (plan, shown) in [
        (
            HEAD.replace("time_zone: UTC", "time_zone: \"Europe/Ber\u{200b}lin\""),
            "Europe/Ber\\u{200b}lin",
        ),
        (
            format!("{HEAD}{number}    display_name_status: appro\u{ad}ved\n"),
            "appro\\u{ad}ved",
        ),
        (
            format!("{HEAD}{number}    display\u{2060}_name: x\n"),
            "display\\u{2060}_name",
        ),
    ] {
        let output = check(&write("invisible-value.yaml", plan.as_bytes()));
        let all = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{all}");
        assert!(all.contains(&format!("`{shown}`")), "{shown}:\n{all}");
    }
    let csv = "number,source,display\u{200b}_name,display_name_status\n+49 30 901820,app,x,appro\u{200b}ved\n";
    let (code, all) = run_on(
        &["init", "--color", "never", "--from-csv"],
        &write("invisible.csv", csv.as_bytes()),
    );
    assert_eq!(code, Some(1), "{all}");
    for shown in ["`display\\u{200b}_name`", "`appro\\u{200b}ved`"] {
        assert!(all.contains(shown), "{shown}:\n{all}");
    }
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let journal = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-invisible.journal");
    let (code, all) = run(&[
        "record".as_ref(),
        plan.as_os_str(),
        "+49 30 901820".as_ref(),
        "save\u{200b}-integration".as_ref(),
        "--done".as_ref(),
        "--journal".as_ref(),
        journal.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("`save\\u{200b}-integration`"), "{all}");
}

#[test]
fn six_digits_written_as_a_decimal_are_a_pin() {
    // Found by a hostile tester: `retries: 482915.0` (a float, as a spreadsheet or a YAML
    // writer gives a whole number) was a wrong type with the digits shown in the snippet, and
    // `display_name: "482915.0"` passed; the whole part is the six digits of a PIN.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for (key, value) in [
        ("registrations", "{retries: 482915.0}"),
        ("registrations", "{retries: 482915.00}"),
        ("display_name", "\"482915.0\""),
        ("notes", "'482915.0'"),
    ] {
        let plan = format!("{HEAD}{number}    {key}: {value}\n");
        let all = refused("decimal-pin.yaml", plan.as_bytes(), "pin-in-plan");
        assert!(!all.contains("482915"), "{key}: {value}:\n{all}");
    }
    // A decimal with another whole part, or a fraction, is not six digits alone.
    for value in ["48291.0", "1.5"] {
        let plan = format!("{HEAD}{number}    display_name: \"{value}\"\n");
        let output = check(&write("decimal-not-pin.yaml", plan.as_bytes()));
        assert_eq!(output.status.code(), Some(0), "{value}: {output:?}");
    }
}

#[test]
fn a_pin_written_as_a_signed_split_or_scientific_number_is_refused_and_never_shown() {
    // Found by a hostile tester: `retries: +482915.0` was a wrong type with the six digits in
    // its snippet, and `display_name: "482 915.0"` or `4.82915e5` passed; each is a whole
    // number of six digits, however signed, split, bracketed or written.
    let number = "numbers:\n  - number: '+4930123456'\n    source: app\n";
    for value in [
        "+482915.0",
        "-482915.0",
        "\"482 915.0\"",
        "\"+482 915,00\"",
        "\"(482915.0)\"",
        "\"482915\u{ff0e}0\"",
        "4.82915e5",
        "\"4.82915E+05\"",
        "482915e0",
    ] {
        for key in ["display_name", "notes"] {
            let plan = format!("{HEAD}{number}    {key}: {value}\n");
            let all = refused("signed-decimal-pin.yaml", plan.as_bytes(), "pin-in-plan");
            assert!(!all.contains("482915"), "{key}: {value}:\n{all}");
        }
        let plan = format!("{HEAD}{number}    registrations: {{retries: {value}}}\n");
        let all = refused("signed-decimal-pin.yaml", plan.as_bytes(), "pin-in-plan");
        assert!(!all.contains("482915"), "retries: {value}:\n{all}");
    }
}

/// A copy of `plans/bsp.yaml` alone in a fresh directory `name` (no journal beside it yet):
/// the directory and the plan.
fn bsp_plan_alone(name: &str) -> (PathBuf, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::remove_dir_all(&dir).ok();
    std::fs::create_dir_all(&dir).expect("a directory");
    let plan = dir.join("plan.yaml");
    std::fs::copy(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"),
        &plan,
    )
    .expect("a copy");
    (dir, plan)
}

#[test]
fn record_refuses_a_fraction_of_a_second_rather_than_drop_it() {
    // The journal holds whole seconds; `10:00:00.5` cut to `10:00:00` could tie or reorder
    // events the user ordered, so it is refused and nothing is written.
    let (dir, plan) = bsp_plan_alone("hostile-fraction");
    let (code, all) = run(&[
        "record".as_ref(),
        plan.as_os_str(),
        "+49 30 901820".as_ref(),
        "verify-number-in-embedded-signup".as_ref(),
        "--done".as_ref(),
        "--at".as_ref(),
        "2026-11-25T10:00:00.5Z".as_ref(),
    ]);
    assert_eq!(code, Some(2), "{all}");
    assert!(all.contains("fraction of a second"), "{all}");
    assert!(!dir.join("plan.journal").exists(), "{all}");
}

#[test]
fn a_step_id_in_another_case_is_named_in_the_plans_case() {
    let (dir, plan) = bsp_plan_alone("hostile-case");
    let journal = dir.join("plan.journal");
    // On the command line, for a number and for the fleet.
    for (number, step, id) in [
        (
            "+49 30 901820",
            "Verify-Number-In-Embedded-Signup",
            "verify-number-in-embedded-signup",
        ),
        (
            "fleet",
            "CONFIGURE-INBOUND-ROUTING",
            "configure-inbound-routing",
        ),
    ] {
        let (code, all) = run(&[
            "record".as_ref(),
            plan.as_os_str(),
            number.as_ref(),
            step.as_ref(),
            "--done".as_ref(),
        ]);
        assert_eq!(code, Some(2), "{all}");
        assert!(all.contains("case-sensitive"), "{all}");
        assert!(all.contains(&format!("did you mean `{id}`?")), "{all}");
    }
    // In a journal edited by hand: the help names the id, not a plan that changed.
    let (code, all) = run(&[
        "record".as_ref(),
        plan.as_os_str(),
        "+49 30 901820".as_ref(),
        "verify-number-in-embedded-signup".as_ref(),
        "--done".as_ref(),
    ]);
    assert_eq!(code, Some(0), "{all}");
    let text = std::fs::read_to_string(&journal).expect("the journal");
    std::fs::write(
        &journal,
        text.replace(
            "\"verify-number-in-embedded-signup\"",
            "\"Verify-Number-In-Embedded-Signup\"",
        ),
    )
    .expect("the edit");
    let (_, all) = run(&["status".as_ref(), plan.as_os_str()]);
    assert!(all.contains("journal-unknown-entry"), "{all}");
    assert!(
        all.contains("did you mean `verify-number-in-embedded-signup`?"),
        "{all}"
    );
    assert!(!all.contains("the plan changed"), "{all}");
}

#[test]
fn a_display_name_of_invisible_characters_reads_as_no_display_name() {
    // Shown as a blank, `"​​"` looked like a report that lost the name; an absent one says so.
    let plan =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
            .expect("the example plan")
            .replace(
                "display_name: Contoso Support",
                "display_name: \"\\u200b\\u2800 \\u200b\"",
            );
    assert!(plan.contains("\\u200b"), "the example plan changed");
    let path = write("invisible-name.yaml", plan.as_bytes());
    let (_, all) = run_on(&["dry-run", "--color", "never", "--no-journal"], &path);
    assert!(
        all.contains("+4930901820  (no display name)  from bsp"),
        "{all}"
    );
    let (_, all) = run_on(&["status", "--color", "never", "--no-journal"], &path);
    assert!(all.contains("+4930901820: ready"), "{all}");
    assert!(!all.contains('\u{200b}'), "{all}");
}

#[cfg(unix)]
#[test]
fn an_output_linked_to_the_journal_not_yet_written_is_refused() {
    // `out.md -> plan.journal` dangles until `record` writes the journal: the runbook written
    // through it became the journal, and every report then read it as broken lines.
    let (dir, plan) = bsp_plan_alone("hostile-dangling");
    std::os::unix::fs::symlink("plan.journal", dir.join("out.md")).expect("a link");
    std::os::unix::fs::symlink(dir.join("out.md"), dir.join("chain.md")).expect("a link");
    for (command, link) in [
        ("runbook", "out.md"),
        ("checklist", "chain.md"),
        ("graph", "out.md"),
    ] {
        let (code, all) = run(&[
            command.as_ref(),
            plan.as_os_str(),
            "-o".as_ref(),
            dir.join(link).as_os_str(),
        ]);
        assert_eq!(code, Some(2), "{command}: {all}");
        assert!(all.contains("journal is kept"), "{command}: {all}");
        assert!(!dir.join("plan.journal").exists(), "{command}: {all}");
    }
}

#[test]
fn a_blank_old_name_of_a_name_change_is_refused() {
    // Found by a hostile tester: `old_name: ""` (or spaces, or characters drawn as nothing)
    // passed as if the plan named the number's current name.
    for value in ["\"\"", "\" \"", "\"\\u200b\\u2800\"", "'\u{3000}'"] {
        let plan = format!(
            "{HEAD}numbers:\n  - number: '+4930123456'\n    display_name: Fabrikam Care\n    source: {{name_change: {{old_name: {value}, pin_known: true}}}}\n"
        );
        let all = refused("blank-old-name.yaml", plan.as_bytes(), "missing-key");
        assert!(all.contains("`old_name`"), "{value}:\n{all}");
        assert!(
            all.contains(".yaml:8:"),
            "{value}: located on its line:\n{all}"
        );
    }
    // Written, or left out, it is fine.
    for source in [
        "{name_change: {old_name: Fabrikam Support, pin_known: true}}",
        "{name_change: {pin_known: true}}",
    ] {
        let plan = format!(
            "{HEAD}numbers:\n  - number: '+4930123456'\n    display_name: Fabrikam Care\n    source: {source}\n"
        );
        let output = check(&write("old-name.yaml", plan.as_bytes()));
        assert_eq!(output.status.code(), Some(0), "{source}: {output:?}");
    }
}

#[test]
fn a_display_name_change_to_the_same_name_is_refused() {
    // Found by a hostile tester: `old_name` equal to `display_name` was valid and ready (exit
    // 0), a re-integration with its downtime for a name that does not change.
    let plan = format!(
        "{HEAD}fleet:\n  done: [meta-portfolio-access]\nnumbers:\n  - number: '+4930123456'\n    display_name: Fabrikam\n    display_name_status: approved\n    source: {{name_change: {{old_name: ' Fabrikam ', pin_known: true}}}}\n"
    );
    let all = refused("same-name.yaml", plan.as_bytes(), "conflicting-facts");
    assert!(all.contains("`old_name`"), "{all}");
    let path = write("same-name.yaml", plan.as_bytes());
    let (code, _) = run_on(&["dry-run", "--no-journal"], &path);
    assert_eq!(code, Some(1));
    // The same name as drawn: a character drawn as nothing at either end or inside, or an
    // accent written as a separate mark (NFD) where the other has it composed (NFC).
    for (i, old) in [
        r#""\u200BFabrikam""#,
        r#""Fab\u00ADrikam""#,
        r#""Fabrikam\uFEFF""#,
    ]
    .into_iter()
    .enumerate()
    {
        let shown = plan.replace("' Fabrikam '", old);
        let name = format!("same-name-{i}.yaml");
        let all = refused(&name, shown.as_bytes(), "conflicting-facts");
        assert!(all.contains("`old_name`"), "{old}: {all}");
    }
    let composed = plan
        .replace("display_name: Fabrikam", "display_name: \"Caf\\u00E9\"")
        .replace("' Fabrikam '", r#""Cafe\u0301""#);
    refused(
        "same-name-nfd.yaml",
        composed.as_bytes(),
        "conflicting-facts",
    );
    // Another name, even in another case only, is a change.
    let plan = plan.replace("' Fabrikam '", "FABRIKAM");
    let output = check(&write("case-name.yaml", plan.as_bytes()));
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn a_bidirectional_control_put_in_a_journal_by_hand_never_reaches_the_output_raw() {
    // Found in review: the journal's reader keeps a line holding a bidirectional control
    // readable (`record` once wrote them), and `journal` and `status` then printed it raw, so a
    // right-to-left override in `by` reordered the rest of the report line on a terminal.
    let bsp =
        std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml")).unwrap();
    let plan = write("bidi-journal.yaml", &bsp);
    let journal = plan.with_extension("journal");
    let _ = std::fs::remove_file(&journal);
    let out = Command::cargo_bin("wamigrate")
        .unwrap()
        .arg("record")
        .arg(&plan)
        .args([
            "+49 30 901820",
            "disable-two-step-verification",
            "--at",
            "2026-11-20T10:00:00Z",
            "--by",
            "ZZBY",
            "--note",
            "ZZNOTE",
            "--failed",
            "ZZREASON",
            "--force",
            "ZZFORCED",
        ])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let line = std::fs::read_to_string(&journal).unwrap();
    let edited = line
        .replace("ZZBY", r"Dana \u2067(IT)\u2069 \u202edone")
        .replace("ZZNOTE", r"n\u202ez")
        .replace("ZZREASON", r"r\u202dx")
        .replace("ZZFORCED", r"f\u2066y");
    std::fs::write(&journal, edited).unwrap();
    let p = plan.to_str().unwrap();
    for args in [
        vec!["journal", p],
        vec!["journal", p, "--format", "json"],
        vec!["status", p],
        vec!["status", p, "--format", "json"],
        vec!["dry-run", p],
        vec!["dry-run", p, "--format", "json"],
        vec!["billing", p, "--at", "2026-11-21T10:00:00Z"],
        vec!["runbook", p, "-o", "-"],
        vec!["checklist", p, "-o", "-"],
        vec!["graph", p],
    ] {
        let all: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
        let (code, all) = run(&all);
        assert!(code.is_some(), "{args:?}");
        assert!(!all.contains("panicked"), "{args:?}: {all}");
        for raw in ['\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2069}'] {
            assert!(!all.contains(raw), "{args:?} wrote {raw:?} raw:\n{all}");
        }
    }
    let (_, shown) = run(&[std::ffi::OsStr::new("journal"), plan.as_os_str()]);
    assert!(shown.contains(r"Dana \u{2067}(IT)\u{2069}"), "{shown}");
}

#[test]
fn a_usage_error_is_written_on_lines_not_as_escaped_newlines() {
    // Written out as `\u{a}` since journal texts were shown with controls written out: the
    // masking of clap's errors (against a PIN pasted in the wrong place) shared that helper,
    // so every usage error came out on one line, `error: ...\u{a}\u{a}Usage: ...`.
    let plan = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml");
    let plan = plan.to_str().unwrap();
    for args in [
        vec!["dry-run", plan, "--bogus"],
        vec!["dry-run"],
        vec!["record", plan, "x", "y", "--started", "--done"],
        vec!["check", plan, "--format", "482915"],
    ] {
        let out = Command::cargo_bin("wamigrate")
            .unwrap()
            .args(&args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(!stderr.contains("\\u{a}"), "{args:?}: {stderr}");
        assert!(
            stderr.contains("\nFor more information, try '--help'."),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("482915"), "{args:?}: {stderr}");
    }
}

#[test]
fn status_names_the_plan_as_written_not_escaped() {
    // The header quoted the plan's name with Rust's debug escapes: an accent written as a
    // combining mark read `Cafe\u{301}`, a family emoji `👩\u{200d}👧`, a quote `\"EU\"`.
    let (_dir, plan) = bsp_plan_alone("status-plan-name");
    let text = std::fs::read_to_string(&plan).unwrap().replace(
        "name: Contoso support line from 360dialog",
        "name: \"Cafe\\u0301 \\\"EU\\\" 👩\\u200d👧\"",
    );
    std::fs::write(&plan, text).unwrap();
    let (code, all) = run_on(&["status", "--color", "never"], &plan);
    assert_eq!(code, Some(0), "{all}");
    let first = all.lines().next().unwrap();
    assert!(
        first.starts_with("Status of \"Cafe\u{301} \"EU\" 👩\u{200d}👧\" ("),
        "{first}"
    );
}

#[test]
fn a_unicode_line_or_paragraph_separator_is_a_line_break_in_a_one_line_value() {
    // U+2028 and U+2029 passed as ordinary text: a Markdown or HTML viewer, an editor or a
    // terminal may break the report's line there, as at a line feed, which is refused.
    for separator in ["\\u2028", "\\u2029"] {
        let plan = format!(
            "{HEAD}numbers:\n  - number: '+4930123456'\n    source: app\n    display_name: \"Contoso{separator}Support\"\n"
        );
        let out = refused("line-separator.yaml", plan.as_bytes(), "control-character");
        assert!(out.contains(&separator[2..].to_uppercase()), "{out}");
        // Notes may hold line breaks.
        let notes = format!(
            "{HEAD}numbers:\n  - number: '+4930123456'\n    source: app\n    notes: \"a{separator}b\"\n"
        );
        let path = write("line-separator-notes.yaml", notes.as_bytes());
        let output = check(&path);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let (dir, plan) = bsp_plan_alone("line-separator-record");
    for separator in ['\u{2028}', '\u{2029}'] {
        let note = format!("first{separator}second");
        let out = Command::cargo_bin("wamigrate")
            .unwrap()
            .arg("record")
            .arg(&plan)
            .args([
                "+49 30 901820",
                "verify-number-in-embedded-signup",
                "--done",
                "--at",
                "2026-11-25T10:00",
                "--by",
                "Dana",
                "--note",
                &note,
            ])
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("U+2028") || stderr.contains("U+2029"),
            "{stderr}"
        );
    }
    assert!(!dir.join("plan.journal").exists());
}
