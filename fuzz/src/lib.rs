//! The code both fuzz targets run: plan bytes through every stage the CLI runs, with the
//! invariants that must hold for any input. A panic anywhere (including an arithmetic overflow,
//! since fuzz builds keep debug assertions) is a finding, and so is a broken oracle:
//!
//! - **gate**: with a graph, the exit code `dry-run` returns follows from the report's own fields
//!   (3 when a blocking step awaits action, else 4 for a timing problem, else 3 while a number is
//!   blocked, else 0); `ready_for_cutover` is true exactly when no reported number has a blocking
//!   step; the summary's state counts are the counts over the reported numbers; a number is
//!   `blocked` exactly when it has a blocking step. Without a graph, some diagnostic is an error
//!   (and the exit code is 1);
//! - **PIN**: no output the CLI could print for the input (every rendered diagnostic, the check
//!   report's JSON, the dry-run text and JSON) holds a value the reader found in a secret place
//!   ([`SourceFile::secret_values`]). The CLI masks those values once more in everything it
//!   writes; the oracle checks the library's own output, before that second guard. A value found
//!   in an output is confirmed by running the plan again with every secret digit changed: it is a
//!   leak only if it is then gone (the same digits may be legitimately shown from elsewhere);
//! - **text**: every rendered diagnostic names its code; the coloured text report reads as the
//!   plain one; the check report and the dry-run report serialise to JSON that parses back;
//! - **time**: libFuzzer's `-timeout` (a hang) and `-rss_limit_mb` (memory).

use chrono::{DateTime, TimeZone, Utc};
use wamigrate::diagnostic::{self, Diagnostic};
use wamigrate::eval::{Evaluator, NumberState, WindowVerdict};
use wamigrate::pipeline;
use wamigrate::plan::load;
use wamigrate::report::{CheckReport, Report, text};
use wamigrate::source::SourceFile;

/// The file name the diagnostics and reports carry.
pub const NAME: &str = "fuzz.yaml";

/// The exit code of a refused plan (`EXIT_INVALID` in the CLI).
pub const EXIT_INVALID: u8 = 1;

/// The default evaluation moment (the one the snapshot tests use): fixed, so a finding replays.
#[must_use]
pub fn default_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .expect("a valid fixed time")
}

/// What a run of the pipeline produced: the exit code `dry-run` would return, every text the CLI
/// could print for the input (ANSI styles removed), and the diagnostic codes.
#[derive(Debug, Default)]
pub struct Outcome {
    /// 1 for a refused plan; otherwise the report's exit code (0 ready, 3 blocked, 4 a timing
    /// problem).
    pub exit_code: u8,
    /// What each output is, and its text.
    pub outputs: Vec<(&'static str, String)>,
    /// The code of every diagnostic of the plan, then of every warning of the evaluation.
    pub codes: Vec<&'static str>,
    /// The state of every reported number.
    pub states: Vec<&'static str>,
}

impl Outcome {
    fn push(&mut self, what: &'static str, text: &str) {
        self.outputs.push((what, strip_ansi(text)));
    }

    /// The first output holding `needle`, if any.
    #[must_use]
    pub fn find(&self, needle: &str) -> Option<&(&'static str, String)> {
        self.outputs.iter().find(|(_, text)| text.contains(needle))
    }
}

/// Removes ANSI escape sequences (`ESC [ ... letter`), as the CLI's stream does with colour off,
/// so that a style change between two digits cannot hide a digit run from the PIN oracle.
#[must_use]
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            if chars.peek() == Some(&'[') {
                chars.next();
                for c in chars.by_ref() {
                    if c.is_ascii_alphabetic() {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// The text of `file` with every digit the reader found in a secret place changed (`d` becomes
/// `d + 5 mod 10`): the same plan, with other secrets. Equal digits stay equal and no length
/// changes, so the plan reads the same way and every span stays where it was.
fn scramble_secrets(file: &SourceFile) -> Vec<u8> {
    // The masked text is the file's text with every secret byte replaced one for one (from its
    // first line, so byte offsets into both agree).
    let masked = file
        .snippet_text(1, file.line_count())
        .map(|(text, _)| text)
        .unwrap_or_default();
    let mut out = file.text().as_bytes().to_vec();
    for (i, m) in masked.bytes().enumerate() {
        if m == b'*'
            && let Some(b) = out.get_mut(i)
            && b.is_ascii_digit()
        {
            *b = b'0' + (*b - b'0' + 5) % 10;
        }
    }
    out
}

/// The PIN oracle: no output holds a value found in a secret place of `file`
/// ([`SourceFile::secret_values`]).
///
/// An output may hold the same digits for another reason: a phone number written under an
/// unknown key and, legitimately, as a number too; a help line's example number. So a value found
/// in an output is confirmed by running the same plan with every secret digit changed: it is a
/// leak only when it is then gone (false alarms 5 and 6 in docs/fuzzing.md).
fn assert_no_secret_shown(
    at: DateTime<Utc>,
    only: Option<&[usize]>,
    file: &SourceFile,
    outcome: &Outcome,
) {
    let secrets = file.secret_values();
    let found: Vec<(&String, &(&'static str, String))> = secrets
        .iter()
        .filter_map(|s| outcome.find(s).map(|o| (s, o)))
        .collect();
    if found.is_empty() {
        return;
    }
    let other = outcome_of(&scramble_secrets(file), at, only);
    for (secret, (what, text)) in found {
        if other.find(secret).is_none() {
            panic!("PIN oracle: the secret value {secret} is shown in the {what}:\n{text}");
        }
    }
}

/// Renders `d` and checks it names its code.
fn rendered(d: &Diagnostic, file: &SourceFile) -> String {
    let text = d.render(file);
    assert!(text.contains(d.code()), "{text}");
    text
}

/// Decodes, parses, validates, compiles and evaluates `bytes` at `at`, rendering every
/// diagnostic, the check report and the dry-run report (text and JSON), as `wamigrate check` and
/// `wamigrate dry-run` do, and checks the oracles (module docs). `only` narrows the report to some
/// numbers (indices are taken modulo the plan's number count, as `--number` can only name numbers
/// that exist).
pub fn exercise(bytes: &[u8], at: DateTime<Utc>, only: Option<&[usize]>) -> Outcome {
    let (outcome, file) = run(bytes, at, only);
    if let Some(file) = file {
        assert_no_secret_shown(at, only, &file, &outcome);
    }
    outcome
}

/// What [`exercise`] sees, with every oracle but the PIN oracle checked: for comparing the
/// outputs of two versions of a plan (the PIN oracle's differential confirmation).
pub fn outcome_of(bytes: &[u8], at: DateTime<Utc>, only: Option<&[usize]>) -> Outcome {
    run(bytes, at, only).0
}

/// Threads oracle: a plan read on several threads (as large plans are) reads as it does on
/// one: the same raw plan, diagnostics and masked lines.
fn threads_oracle(file: &SourceFile) {
    let whole = |from: usize| {
        let mut copy = SourceFile::new(NAME, file.text());
        let parsed = load::parse_on_threads_from(&mut copy, from);
        let shown: Vec<Option<String>> = (1..=copy.line_count())
            .map(|line| copy.shown_line(line))
            .collect();
        format!("{:?}\n{:?}\n{shown:?}", parsed.raw, parsed.diagnostics)
    };
    assert_eq!(whole(0), whole(usize::MAX), "read on threads differs");
}

/// Runs the pipeline; returns what it printed and the file as read (`None` when unusable: the
/// reader never ran, so nothing in it was found secret).
fn run(bytes: &[u8], at: DateTime<Utc>, only: Option<&[usize]>) -> (Outcome, Option<SourceFile>) {
    let mut outcome = Outcome {
        exit_code: EXIT_INVALID,
        ..Outcome::default()
    };
    let mut file = match load::decode(NAME, bytes.to_vec()) {
        Ok(file) => file,
        Err(unusable) => {
            let d = &unusable.diagnostic;
            assert!(
                d.is_error(),
                "an unusable file with a warning: {}",
                d.code()
            );
            outcome.codes.push(d.code());
            outcome.push("diagnostic", &rendered(d, &unusable.file));
            let check = CheckReport::new(NAME, std::slice::from_ref(d), None);
            let json = serde_json::to_string_pretty(&check).expect("the check report serialises");
            serde_json::from_str::<serde_json::Value>(&json).expect("the check report is JSON");
            outcome.push("check report", &json);
            assert!(unusable.file.secret_values().is_empty());
            return (outcome, None);
        }
    };
    threads_oracle(&file);
    let loaded = pipeline::compile(&mut file);
    outcome.codes = loaded.diagnostics.iter().map(Diagnostic::code).collect();
    for d in &loaded.diagnostics {
        outcome.push("diagnostic", &rendered(d, &file));
    }
    let counts = loaded
        .graph
        .as_ref()
        .map(|g| (g.plan.numbers.len(), g.graph.node_count()));
    let has_errors = diagnostic::has_errors(&loaded.diagnostics);

    let Some(graph) = loaded.graph else {
        // Gate oracle, refused side: no graph means some diagnostic is an error.
        assert!(has_errors, "no graph, yet no error diagnostic");
        let check = CheckReport::new(NAME, &loaded.diagnostics, None);
        let json = serde_json::to_string_pretty(&check).expect("the check report serialises");
        serde_json::from_str::<serde_json::Value>(&json).expect("the check report is JSON");
        outcome.push("check report", &json);
        return (outcome, Some(file));
    };
    assert!(!has_errors, "a graph despite an error diagnostic");
    let numbers = graph.plan.numbers.len();
    let budget = graph.plan.downtime_budget_minutes;
    let evaluation = Evaluator::evaluate(graph, at);
    assert_eq!(evaluation.numbers.len(), numbers);

    // `check` shows the plan's diagnostics and the evaluation's warnings, as diagnostics.
    let mut check_diagnostics = loaded.diagnostics.clone();
    for w in evaluation
        .fleet_warnings
        .iter()
        .chain(evaluation.numbers.iter().flat_map(|n| n.warnings.iter()))
    {
        let d = w.to_diagnostic();
        outcome.codes.push(d.code());
        outcome.push("warning", &rendered(&d, &file));
        check_diagnostics.push(d);
    }
    diagnostic::sort(&mut check_diagnostics);
    let check = CheckReport::new(NAME, &check_diagnostics, counts);
    let json = serde_json::to_string_pretty(&check).expect("the check report serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the check report is JSON");
    outcome.push("check report", &json);

    let only: Option<Vec<usize>> = only.filter(|_| numbers > 0).map(|list| {
        let mut picked: Vec<usize> = Vec::new();
        for i in list.iter().map(|i| i % numbers) {
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked
    });
    let report = Report::new(&evaluation, NAME, only.as_deref(), loaded.diagnostics);
    check_gate(&report, budget);
    outcome.states = report.numbers().map(|n| n.state.as_str()).collect();
    outcome.exit_code = report.summary.exit_code;
    // The text view, coloured as on a terminal and plain as in a pipe: the same words.
    let mut colored = Vec::new();
    text::render(&report, text::Styles::colored(), &mut colored).expect("rendering into a Vec");
    let colored = String::from_utf8(colored).expect("the text report is UTF-8");
    let plain = text::to_string(&report);
    assert!(!plain.is_empty());
    assert_eq!(
        strip_ansi(&colored),
        strip_ansi(&plain),
        "the coloured text report says something else than the plain one"
    );
    outcome.push("dry-run text", &plain);
    let json = serde_json::to_string_pretty(&report).expect("the report serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the report is JSON");
    outcome.push("dry-run JSON", &json);
    (outcome, Some(file))
}

/// The gate oracle on a report: exit code, state counts and blocking lists agree. The exit code
/// follows `report::exit_code` as read from the report itself: 3 when a blocking step awaits
/// action or a value is still a placeholder `init` wrote; else 4 for a timing problem (a window
/// that cannot hold or has passed, an overrunning downtime, an expected downtime over `budget`
/// for a number not yet live, a registration Meta's quota would refuse, a name approval that
/// lapses); else 3 while some number is blocked or the plan lists no numbers; else 0.
fn check_gate(report: &Report, budget: Option<u32>) {
    let s = &report.summary;
    let numbers: Vec<_> = report.numbers().collect();
    let any_blocking = numbers.iter().any(|n| !n.blocking.is_empty());
    let timing = matches!(s.window, WindowVerdict::CannotHold | WindowVerdict::Passed)
        || s.overrunning > 0
        || s.registration_refused > 0
        || s.name_approval_lapsed > 0
        || numbers.iter().any(|n| {
            budget.is_some_and(|b| n.downtime.expected_minutes > b)
                && !matches!(n.state, NumberState::Live | NumberState::Complete)
        });
    // A plan without numbers is never ready (a gate fed an empty plan by mistake).
    let no_numbers = report.evaluation().graph.plan.numbers.is_empty();
    let expected = if s.blocking_steps_awaiting_action > 0 || s.placeholders > 0 {
        3
    } else if timing {
        4
    } else if any_blocking || no_numbers {
        3
    } else {
        0
    };
    assert_eq!(
        s.exit_code,
        expected,
        "gate oracle: exit code {} while {} number has a blocking step, {} await action, \
         timing problem: {timing}",
        s.exit_code,
        if any_blocking { "some" } else { "no" },
        s.blocking_steps_awaiting_action
    );
    assert!(
        s.blocking_steps_awaiting_action == 0 || any_blocking,
        "gate oracle: blocking steps await action while no number has one"
    );
    assert_eq!(
        s.ready_for_cutover,
        !any_blocking && !no_numbers && s.placeholders == 0,
        "gate oracle: ready_for_cutover"
    );
    assert_eq!(s.numbers, numbers.len(), "gate oracle: number count");
    let count = |state: NumberState| numbers.iter().filter(|n| n.state == state).count();
    let counted = [
        (s.states.blocked, NumberState::Blocked),
        (s.states.ready_for_cutover, NumberState::ReadyForCutover),
        (s.states.cutting_over, NumberState::CuttingOver),
        (s.states.live, NumberState::Live),
        (s.states.complete, NumberState::Complete),
    ];
    for (summary, state) in counted {
        assert_eq!(
            summary,
            count(state),
            "gate oracle: the summary counts {summary} {} numbers",
            state.as_str()
        );
    }
    for n in &numbers {
        assert_eq!(
            n.state == NumberState::Blocked,
            !n.blocking.is_empty(),
            "gate oracle: {} is {} with {} blocking steps",
            n.number,
            n.state.as_str(),
            n.blocking.len()
        );
    }
}
