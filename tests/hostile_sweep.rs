//! Hostile input found by a sweep over classes of input (encodings, sizes, PIN shapes in file
//! names and arguments, paths that are not UTF-8): each case is what broke, named after it.
//! Every run is under a watchdog; a run that must stay fast says so with its own bound.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use assert_cmd::Command;

/// Writes `bytes` to a file of the test's own under the target's temporary folder.
fn write(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-sweep");
    std::fs::create_dir_all(&dir).expect("the test can make its folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the test can write its input");
    path
}

/// Runs the binary with `args`, under a 60-second watchdog: exit code, stdout and stderr.
fn run<I, S>(args: I) -> (Option<i32>, String, String)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(args)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The example plan's text.
fn bsp_plan() -> String {
    std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plans/bsp.yaml"))
        .expect("the example plan")
}

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "a bound on time is for release builds; a debug build is ten times slower"
)]
fn many_six_digit_values_under_unknown_keys_are_read_in_linear_time() {
    // Each value is both a secret the reader found and a possible PIN on its line; each line's
    // range was checked against every secret: 60,000 took 8 s, 300,000 over a minute.
    let plan = bsp_plan();
    let keys = (0..150_000).fold(String::new(), |mut keys, i| {
        let _ = writeln!(keys, "  k{i}: {}", 300_000 + i);
        keys
    });
    let path = write(
        "unknown-six-digit-values.yaml",
        plan.replacen("version: 1\n", &format!("version: 1\nextra:\n{keys}"), 1)
            .as_bytes(),
    );
    let started = Instant::now();
    let (code, stdout, _) = run([
        "check".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    let took = started.elapsed();
    assert_eq!(code, Some(1));
    assert!(stdout.contains("\"pin-in-plan\""), "{}", &stdout[..500]);
    assert!(!stdout.contains("300000") && !stdout.contains("449999"));
    assert!(took < Duration::from_secs(20), "took {took:?}");
}

/// Writes the example plan under `name` (which may hold a folder) and gives its path.
/// Writes the example plan under `name`, which each test keeps to itself: tests run at the same
/// time, and one writing a shared file (truncated, then written) while another reads it gave the
/// reader half a plan.
fn bsp_plan_at(name: &str) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile-sweep")
        .join(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("the test can make it");
    std::fs::write(&path, bsp_plan()).expect("the test can write the plan");
    path
}

#[test]
fn a_plan_file_or_folder_named_six_digits_alone_is_never_shown() {
    // `pin-482915.yaml` was masked, `482915.yaml` was not: six ASCII digits with no PIN word
    // were taken for a count. A name that is six digits alone is a PIN's shape, as a value is.
    for name in ["482915.yaml", "482915/plan.yaml", "482 915.yaml"] {
        let path = bsp_plan_at(name);
        for args in [
            &["check", "--color", "never"][..],
            &["check", "--format", "sarif"],
            &["dry-run", "--format", "json"],
            &["status", "--color", "never"],
            &["journal", "--color", "never"],
            &["checklist", "--format", "markdown"],
        ] {
            let mut all: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
            all.push(path.as_os_str());
            let (code, stdout, stderr) = run(all);
            assert!(matches!(code, Some(0 | 3)), "{name} {args:?}: {stderr}");
            let out = stdout + &stderr;
            for digits in ["482915", "482 915", "482%20915"] {
                assert!(!out.contains(digits), "{name} {args:?}:\n{out}");
            }
            assert!(
                out.contains("******"),
                "{name} {args:?}: no name shown\n{out}"
            );
        }
    }
    // A journal named six digits alone, which does not exist yet, named in the error.
    let plan = bsp_plan_at("a_plan_file_or_folder_named_six_digits_a.yaml");
    let (code, stdout, stderr) = run([
        "status".as_ref(),
        plan.as_os_str(),
        "--journal".as_ref(),
        "482915".as_ref(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(!(stdout + &stderr).contains("482915"));
    // The same digits in the data stay: the number is +49 30 4829151 here.
    let data = bsp_plan().replace("+49 30 901820", "+49 30 4829151");
    let path = write("482915.yaml", data.as_bytes());
    let (_, stdout, _) = run([
        "dry-run".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
        path.as_os_str(),
    ]);
    assert!(stdout.contains("+49304829151"), "{stdout}");
}

#[test]
fn a_pin_typed_over_two_lines_in_an_argument_is_never_shown() {
    // Usage errors were masked line by line, and `explain` wrote the line break out: either
    // way each line held three digits, too few to hide.
    let plan = bsp_plan_at("a_pin_typed_over_two_lines_in_an_argumen.yaml");
    let split = "482\n915";
    for args in [
        vec![
            "dry-run".as_ref(),
            plan.as_os_str(),
            "--color".as_ref(),
            split.as_ref(),
        ],
        vec![
            "dry-run".as_ref(),
            plan.as_os_str(),
            "--owner".as_ref(),
            split.as_ref(),
        ],
        vec!["explain".as_ref(), split.as_ref()],
        vec![
            "dry-run".as_ref(),
            plan.as_os_str(),
            "--number".as_ref(),
            split.as_ref(),
        ],
    ] {
        let (code, stdout, stderr) = run(&args);
        assert_ne!(code, Some(0), "{args:?}");
        let out = stdout + &stderr;
        assert!(
            !out.contains("482") && !out.contains("915"),
            "{args:?}:\n{out}"
        );
        assert!(out.contains("***"), "{args:?}: nothing quoted?\n{out}");
    }
}

#[test]
fn a_number_typed_in_fullwidth_digits_gets_the_plans_number_as_a_suggestion() {
    // `--number` in fullwidth digits (an input method left on) was masked with no suggestion.
    let plan = bsp_plan_at("a_number_typed_in_fullwidth_digits_gets_.yaml");
    for typed in [
        "+49 ３０ ９０１８２０",
        "＋４９３０９０１８２０",
        "+٤٩٣٠٩٠١٨٢٠",
    ] {
        let (code, stdout, stderr) = run([
            "dry-run".as_ref(),
            plan.as_os_str(),
            "--number".as_ref(),
            typed.as_ref(),
        ]);
        assert_eq!(code, Some(2), "{typed}: {stderr}");
        assert!(
            stderr.contains("did you mean +4930901820?"),
            "{typed}:\n{stdout}{stderr}"
        );
    }
    // A PIN in fullwidth digits is no number of the plan, and nothing near one: not suggested.
    let (_, _, stderr) = run([
        "dry-run".as_ref(),
        plan.as_os_str(),
        "--number".as_ref(),
        "４８２９１５".as_ref(),
    ]);
    assert!(
        !stderr.contains("482915") && !stderr.contains("did you mean"),
        "{stderr}"
    );
}

#[test]
fn record_given_a_number_in_fullwidth_digits_gets_the_plans_number_as_a_suggestion() {
    // `record` in fullwidth digits said the number was no phone number, with the fictional
    // `+1 415 555 0100` (the placeholder `init` writes) as its example, while `--number` named
    // the plan's number.
    let plan = bsp_plan_at("record-fullwidth.yaml");
    for typed in ["＋４９３０９０１８２０", "+49 ３０ ９０１８２０"] {
        let (code, stdout, stderr) = run([
            "record".as_ref(),
            plan.as_os_str(),
            typed.as_ref(),
            "verify-number-in-embedded-signup".as_ref(),
            "--started".as_ref(),
        ]);
        assert_eq!(code, Some(2), "{typed}: {stderr}");
        assert!(
            stderr.contains("help: did you mean +4930901820?"),
            "{typed}:\n{stdout}{stderr}"
        );
    }
    // A PIN in fullwidth digits is nothing near the plan's number: not suggested, not shown,
    // and the example is the plan's own number.
    let (code, _, stderr) = run([
        "record".as_ref(),
        plan.as_os_str(),
        "４８２９１５".as_ref(),
        "verify-number-in-embedded-signup".as_ref(),
        "--started".as_ref(),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        !stderr.contains("482915")
            && !stderr.contains("４８２９１５")
            && !stderr.contains("did you mean"),
        "{stderr}"
    );
    assert!(
        stderr.contains("as the plan does (`+4930901820`)") && !stderr.contains("415 555 0100"),
        "{stderr}"
    );
    assert!(!plan.with_extension("journal").exists(), "nothing recorded");
}

#[test]
fn an_entry_of_numbers_that_is_a_number_is_not_called_a_number_expected() {
    // `numbers: [1, 2]` read "expected a number, found a number": an entry is a phone number's
    // mapping, and the message said so in the one word that also means 1.
    let text = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\nnumbers: [1, x]\n";
    let path = write("numbers-of-numbers.yaml", text.as_bytes());
    let (code, _, stderr) = run([
        "check".as_ref(),
        "--color".as_ref(),
        "never".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        !stderr.contains("expected a number, found a number"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("expected a mapping with the number's `number` and `source`, found a number"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_plan_path_that_is_not_utf8_is_read_and_shown_with_a_replacement_character() {
    // Every subcommand took the plan's path as a `String`: a Latin-1 file name (`caf\xe9.yaml`)
    // was a usage error, exit 2, "invalid UTF-8 was detected in one or more arguments".
    use std::os::unix::ffi::OsStrExt as _;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-sweep-latin1");
    std::fs::create_dir_all(&dir).expect("the test can make its folder");
    let path = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.yaml"));
    std::fs::write(&path, bsp_plan()).expect("the test can write the plan");
    let _ = std::fs::remove_file(path.with_extension("journal"));
    for args in [
        &["check", "--color", "never"][..],
        &["dry-run", "--color", "never"],
        &["status", "--color", "never"],
        &["journal", "--color", "never"],
        &["runbook"],
        &["graph"],
    ] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
        all.push(path.as_os_str());
        let (code, stdout, stderr) = run(all);
        assert!(matches!(code, Some(0 | 3)), "{args:?}: {stderr}");
        let out = stdout + &stderr;
        assert!(
            args[0] == "graph" || args[0] == "runbook" || out.contains("caf\u{fffd}"),
            "{args:?}:\n{out}"
        );
    }
    let (code, _, stderr) = run([
        "record".as_ref(),
        path.as_os_str(),
        "+49 30 901820".as_ref(),
        "verify-number-in-embedded-signup".as_ref(),
        "--done".as_ref(),
        "--at".as_ref(),
        "2026-11-24T12:00:00+01:00".as_ref(),
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        path.with_extension("journal").is_file(),
        "the journal beside the plan"
    );
}

#[cfg(unix)]
#[test]
fn a_deliverable_written_to_a_path_that_is_not_utf8_is_written() {
    // The plan's path became a `PathBuf`, `-o` stayed a `String`: `runbook PLAN -o rb\xe9.md`
    // was a usage error, exit 2, "invalid UTF-8 was detected in one or more arguments". And
    // the guard that keeps `-o` off the plan still holds for such a name.
    use std::os::unix::ffi::OsStrExt as _;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-sweep-latin1-output");
    std::fs::create_dir_all(&dir).expect("the test can make its folder");
    let plan = dir.join(std::ffi::OsStr::from_bytes(b"caf\xe9.yaml"));
    std::fs::write(&plan, bsp_plan()).expect("the test can write the plan");
    for (subcommand, name) in [
        ("runbook", &b"rb\xe9.md"[..]),
        ("graph", b"g\xe9.dot"),
        ("checklist", b"c\xe9.html"),
    ] {
        let output = dir.join(std::ffi::OsStr::from_bytes(name));
        let _ = std::fs::remove_file(&output);
        let (code, _, stderr) = run([
            subcommand.as_ref(),
            plan.as_os_str(),
            "-o".as_ref(),
            output.as_os_str(),
        ]);
        assert_eq!(code, Some(0), "{subcommand}: {stderr}");
        assert!(output.is_file(), "{subcommand} wrote its file");
    }
    let (code, _, stderr) = run([
        "graph".as_ref(),
        plan.as_os_str(),
        "-o".as_ref(),
        plan.as_os_str(),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("`-o ") && stderr.contains("caf\u{fffd}.yaml` is an input of this graph"),
        "{stderr}"
    );
}

#[test]
fn a_path_named_six_digits_attached_to_its_flag_is_never_shown() {
    // `--journal 482915` was masked, `--journal=482915` and `-o482915` were not: the value in
    // the same argument as its flag was read as one word, `--journal=482915`, not six digits.
    let plan = bsp_plan_at("a_path_named_six_digits_attached_to_its_.yaml");
    let missing = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hostile-sweep-no-such-folder");
    for args in [
        vec!["status".to_string(), "--journal=482915".to_string()],
        vec![
            "dry-run".to_string(),
            "--journal=482915.journal".to_string(),
        ],
        vec![
            "graph".to_string(),
            format!("-o{}/482915.dot", missing.display()),
        ],
        vec![
            "runbook".to_string(),
            format!("--output={}/482915/runbook.md", missing.display()),
        ],
    ] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(AsRef::as_ref).collect();
        all.push(plan.as_os_str());
        let (code, stdout, stderr) = run(all);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        let out = stdout + &stderr;
        assert!(!out.contains("482915"), "{args:?}:\n{out}");
        assert!(
            out.contains("******"),
            "{args:?}: the name is shown masked\n{out}"
        );
    }
}

/// Plan texts from this many bytes are read on two threads (`PARSE_THREAD_FROM`,
/// src/plan/yaml.rs), with their lines searched for PINs on a third.
const READ_ON_THREADS_FROM: usize = 128 * 1024;

/// Runs the binary with `args` on `input` given on standard input, under a 60-second watchdog.
fn run_on_stdin(args: &[&str], input: &[u8]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("wamigrate")
        .expect("the binary is built")
        .args(args)
        .arg("-")
        .write_stdin(input.to_vec())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` with comment lines after it (no digit in them), `size` bytes in all: the same lines
/// numbered the same, so everything shown of it is the same.
fn padded_to(text: &str, size: usize) -> String {
    let mut out = text.to_string();
    let line = "# padding, only words and no digits, to make the plan text long\n";
    while out.len() + line.len() + 2 < size {
        out.push_str(line);
    }
    out.push('#');
    out.push_str(&"x".repeat(size - out.len() - 1));
    out.push('\n');
    assert_eq!(out.len(), size);
    out
}

#[test]
fn hostile_plans_read_on_threads_say_what_they_say_when_small() {
    // Below 128 KiB the plan is read on one thread, from it on three: most hostile tests use
    // small plans, so each of these is read both ways, padded past the threshold with comments
    // that shift nothing, and everything printed must be the same, with no PIN in it.
    let head = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\n\
                numbers:\n  - number: \"+49 30 901820\"\n    source: app\n";
    let plans = [
        format!("{head}    display_name: \"PIN 482915\"\n"),
        format!("{head}extra: {{note: \"pin ４８２ ９１５\", k: [48-29-15]}}\n"),
        format!("{head}    display_name_status: approved  # 482915\n"),
        // Comments only the search of the lines finds, on a line a diagnostic shows.
        format!("{head}    display_name_status: approvedd  # PIN 482915\n"),
        format!("{head}    display_name_status: approvedd  # 482915\n"),
        format!("{head}extra: [oops\npin: 482915\n# PIN 482915\n"),
        format!("extra: [oops\n{head}pin: 482915\n"),
        format!("{head}---\npin: 482915\n"),
        format!("{head}x: &p \"PIN 482915\"\ny: *p\n"),
        format!("\u{feff}{head}    display_name: PIN 482 915\n").replace('\n', "\r\n"),
        format!("{head}    display_name: PIN 482\r      915\r"),
        format!("{head}extra: {{a: {{b: [482915]}}}}\n"),
        format!("{head}extra: {}482915{}\n", "[".repeat(40), "]".repeat(40)),
    ];
    for plan in &plans {
        assert!(plan.len() < READ_ON_THREADS_FROM);
        for args in [
            &["check", "--color", "never"][..],
            &["check", "--format", "json"],
            &["check", "--format", "sarif"],
            &["dry-run", "--format", "json", "--at", "2026-12-01T10:00Z"],
        ] {
            let small = run_on_stdin(args, plan.as_bytes());
            assert!(
                matches!(small.0, Some(0 | 1 | 3)),
                "{plan:?} {args:?}: {small:?}"
            );
            for size in [READ_ON_THREADS_FROM, 1 << 20] {
                let large = run_on_stdin(args, padded_to(plan, size).as_bytes());
                assert_eq!(small, large, "{plan:?} {args:?} padded to {size} bytes");
                let all = large.1 + &large.2;
                for shown in ["482915", "482 915", "48-29-15", "４８２ ９１５"] {
                    assert!(
                        !all.contains(shown),
                        "{plan:?} {args:?}: shows {shown}\n{all}"
                    );
                }
            }
        }
    }
}
