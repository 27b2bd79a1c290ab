//! What `graph`, `runbook` and `checklist` share: read a plan, compile it, evaluate it at `--at`
//! and resolve `--number`, printing diagnostics and picking the exit code the way `dry-run` does.
//! `dry-run` (which also prints an invalid plan as JSON) shares the `--at`, `--number` and
//! journal parts. The journal beside the plan (`PLAN.journal`) is read and folded onto the
//! compiled plan before evaluation, so every report shows what was recorded.

use std::io;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::{EXIT_INVALID, Format, Out, print_diagnostics, read_plan, usage_error};
use crate::diagnostic::{Diagnostic, Kind as _};
use crate::eval::{Evaluation, Evaluator};
use crate::graph::{Sketch, StepGraph};
use crate::journal;
use crate::journal::fold::{self, Folded};
use crate::journal::read::{self as journal_read, Journal};
use crate::pipeline;
use crate::plan::diags::PlanKind;
use crate::plan::{
    E164, Plan,
    time::{parse_time, parse_zoned_time},
};
use crate::report::Report;
use crate::source::SourceFile;

/// A plan read, compiled and evaluated, and the numbers asked for.
pub struct Evaluated {
    /// The plan file; its text is gone unless it was asked to be kept ([`PlanText`]).
    pub file: SourceFile,
    /// The evaluation at `--at`.
    pub evaluation: Evaluation,
    /// Indices of the numbers named by `--number` (empty: all).
    pub selected: Vec<usize>,
    /// Warnings about the plan (already printed).
    pub diagnostics: Vec<Diagnostic>,
    /// The journal read with the plan, and what it changed.
    pub journal: Recorded,
}

impl Evaluated {
    /// The report of the numbers asked for (the plan's warnings move into it), and the journal
    /// read with the plan.
    pub fn report(&mut self) -> (Report<'_>, &Recorded) {
        let diagnostics = std::mem::take(&mut self.diagnostics);
        let selected = (!self.selected.is_empty()).then_some(self.selected.as_slice());
        (
            Report::new(&self.evaluation, &self.file.name, selected, diagnostics),
            &self.journal,
        )
    }
}

/// Where the journal is: beside the plan unless told otherwise.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct JournalArg {
    /// The journal to read (default: the plan's path with `.journal` for its extension,
    /// `plans/bsp.yaml` → `plans/bsp.journal`). A journal named here must exist; the one beside
    /// the plan may not yet.
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub journal: Option<PathBuf>,
    /// Ignore the journal: only the plan's own `done:` and `started:` facts count.
    #[arg(long, conflicts_with = "journal")]
    pub no_journal: bool,
}

impl JournalArg {
    /// The journal's path for `plan`, if one is read.
    #[must_use]
    pub fn path(&self, plan: &std::path::Path) -> Option<PathBuf> {
        if self.no_journal {
            return None;
        }
        self.journal.clone().or_else(|| journal::path_for(plan))
    }

    /// Reads the journal at `path`, which `--journal` named when `named`: then one that does not
    /// exist is an error ([`journal_read::read_named`]), not an empty journal.
    #[must_use]
    pub fn read(path: &std::path::Path, named: bool) -> Journal {
        if named {
            journal_read::read_named(path)
        } else {
            journal_read::read_path(path)
        }
    }

    /// Starts reading the journal for `plan` on a thread of its own: the journal and the plan
    /// are independent until the replay, and reading half a million events takes a sixth of a
    /// `status` run. A plan read from standard input is read first (a journal read at the same
    /// time might be standard input too, and take part of the plan's bytes).
    #[must_use]
    pub fn start_reading(&self, plan: &std::path::Path) -> PendingJournal {
        let Some(path) = self.path(plan) else {
            return PendingJournal::Nothing;
        };
        let named = self.journal.is_some();
        if same_stream(plan, &path) {
            return PendingJournal::Later { path, named };
        }
        let reading = path.clone();
        std::thread::Builder::new()
            .name("journal".into())
            .spawn(move || JournalArg::read(&reading, named))
            .map_or(
                PendingJournal::Later { path, named },
                PendingJournal::Reading,
            )
    }
}

/// Whether reading the plan and the journal at the same time could mix their bytes: the plan is
/// standard input (which the journal may be too), or both name one stream that is not a
/// regular file (`/dev/stdin` under two names, say).
fn same_stream(plan: &std::path::Path, journal: &std::path::Path) -> bool {
    if plan == std::path::Path::new("-") {
        return true;
    }
    let (Ok(a), Ok(b)) = (std::fs::metadata(plan), std::fs::metadata(journal)) else {
        return false;
    };
    if a.is_file() {
        return false;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        a.dev() == b.dev() && a.ino() == b.ino()
    }
    #[cfg(not(unix))]
    {
        let _ = b;
        true
    }
}

/// A journal on its way ([`JournalArg::start_reading`]).
pub enum PendingJournal {
    /// None is read (`--no-journal`, or a plan from standard input without `--journal`).
    Nothing,
    /// Being read.
    Reading(std::thread::JoinHandle<Journal>),
    /// To be read when it is needed.
    Later {
        /// Where.
        path: PathBuf,
        /// Whether `--journal` named it (it must then exist).
        named: bool,
    },
}

impl PendingJournal {
    /// The journal, once read.
    #[must_use]
    pub fn wait(self) -> Journal {
        match self {
            PendingJournal::Nothing => Journal::empty("(no journal)"),
            PendingJournal::Reading(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            PendingJournal::Later { path, named } => JournalArg::read(&path, named),
        }
    }
}

/// A journal folded onto a plan at a moment.
#[derive(Debug)]
pub struct Recorded {
    /// What the journal held (its events and text are let go once folded and their problems
    /// printed).
    pub journal: journal_read::JournalSummary,
    /// Its events replayed up to the evaluation moment.
    pub folded: Folded,
    /// The journal's last event was recorded against another plan.
    pub stale: bool,
}

/// Takes the journal `pending` reads for `plan`, folds it onto `graph` up to `at`, and prints its
/// problems; a journal with bad lines gives exit 1 (its state cannot be trusted). The plan's
/// text goes before the replay unless it is to be kept (see [`PlanText`]).
pub fn fold_journal(
    pending: PendingJournal,
    plan: &mut SourceFile,
    text: PlanText,
    graph: &mut StepGraph,
    at: DateTime<Utc>,
    format: Format,
    out: &mut Out,
) -> io::Result<Result<Recorded, u8>> {
    let mut journal = pending.wait();
    let stale_warning = journal.stale(plan.text());
    if text == PlanText::Release {
        plan.release_text();
    }
    let mut folded = fold::fold(graph, &journal.events, at);
    let summary = journal.summary();
    // What the events say is folded now: they go before the graph takes the states, and what
    // only the replay needed goes after (half a million events and their replay are some
    // 150 MB, which would otherwise stay alive through the evaluation).
    journal.events = Vec::new();
    fold::apply(graph, &folded);
    folded.keep_for_report();
    let stale = stale_warning.is_some();
    let mut problems = journal.diagnostics.clone();
    problems.extend(folded.diagnostics.iter().cloned());
    problems.extend(stale_warning);
    let unlisted = journal.unlisted.and(folded.unlisted);
    if !problems.is_empty() {
        super::print_journal_problems(out, &journal, &problems, unlisted, &plan.name)?;
    }
    if journal.has_errors() {
        if format == Format::Json {
            out.json(
                &crate::report::CheckReport::new(&journal.name, &problems, None)
                    .with_unlisted(unlisted),
            )?;
        }
        return Ok(Err(EXIT_INVALID));
    }
    Ok(Ok(Recorded {
        journal: summary,
        folded,
        stale,
    }))
}

/// Why a plan was not evaluated: the exit code, and for a plan whose only errors are dependency
/// cycles, its file and sketch (the diagnostics are printed already).
pub struct NotEvaluated {
    /// The exit code.
    pub code: u8,
    /// The plan file and its graph with the cycles, when cycles are its only errors.
    pub sketch: Option<(SourceFile, Sketch)>,
}

/// Whether an [`Evaluated`] keeps its plan's text once the plan's and the journal's problems
/// are printed. Nothing else is shown from it after, and at fleet scale it is tens of megabytes
/// through the evaluation: only a command that hashes the plan keeps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanText {
    /// Keep it.
    Keep,
    /// Let it go.
    Release,
}

/// Reads and evaluates `plan`, or prints why not and gives the exit code.
pub fn evaluate(
    command: &str,
    plan: &std::path::Path,
    at: Option<&str>,
    numbers: &[String],
    journal: &JournalArg,
    text: PlanText,
    out: &mut Out,
) -> io::Result<Result<Evaluated, u8>> {
    Ok(
        evaluate_or_sketch(command, plan, at, numbers, journal, Format::Text, text, out)?
            .map_err(|e| e.code),
    )
}

/// [`evaluate`] for a command whose output a program may read: with `Format::Json`, a plan or
/// journal that cannot be evaluated is reported on stdout as `check --format json` reports it.
pub fn evaluate_as(
    command: &str,
    plan: &std::path::Path,
    at: Option<&str>,
    numbers: &[String],
    journal: &JournalArg,
    format: Format,
    out: &mut Out,
) -> io::Result<Result<Evaluated, u8>> {
    Ok(evaluate_or_sketch(
        command,
        plan,
        at,
        numbers,
        journal,
        format,
        PlanText::Release,
        out,
    )?
    .map_err(|e| e.code))
}

/// [`evaluate`], handing back the sketch of a plan whose only errors are dependency cycles.
#[allow(
    clippy::too_many_arguments,
    reason = "the command's own arguments, passed through as they are"
)]
pub fn evaluate_or_sketch(
    command: &str,
    plan: &std::path::Path,
    at: Option<&str>,
    numbers: &[String],
    journal: &JournalArg,
    format: Format,
    text: PlanText,
    out: &mut Out,
) -> io::Result<Result<Evaluated, NotEvaluated>> {
    let code = |code: u8| NotEvaluated { code, sketch: None };
    let pending = journal.start_reading(plan);
    let mut file = match read_plan(plan, format, out)? {
        Ok(file) => file,
        Err(c) => return Ok(Err(code(c))),
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    if !loaded.diagnostics.is_empty() {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    if loaded.graph.is_none() && format == Format::Json {
        out.json(&crate::report::CheckReport::new(
            &file.name,
            &loaded.diagnostics,
            None,
        ))?;
    }
    let Some(mut graph) = loaded.graph else {
        return Ok(Err(NotEvaluated {
            code: EXIT_INVALID,
            sketch: loaded.sketch.map(|s| (file, s)),
        }));
    };
    let at = match at_moment(at, &graph.plan, out)? {
        Ok(at) => at,
        Err(c) => return Ok(Err(code(c))),
    };
    let help = || {
        format!(
            "`wamigrate {command} {}` without --number shows them all",
            file.name
        )
    };
    let selected = match select_numbers(numbers, &graph.plan, &file.name, help, out)? {
        Ok(selected) => selected,
        Err(c) => return Ok(Err(code(c))),
    };
    let recorded = match fold_journal(pending, &mut file, text, &mut graph, at, format, out)? {
        Ok(recorded) => recorded,
        Err(c) => return Ok(Err(code(c))),
    };
    Ok(Ok(Evaluated {
        file,
        evaluation: Evaluator::evaluate(graph, at),
        selected,
        diagnostics: loaded.diagnostics,
        journal: recorded,
    }))
}

/// The moment `--at` names (now when absent or `now`), read in the plan's time zone, or the usage
/// error it is.
pub fn at_moment(
    at: Option<&str>,
    plan: &Plan,
    out: &mut Out,
) -> io::Result<Result<DateTime<Utc>, u8>> {
    match at.map_or(Ok(Utc::now()), |text| at_value(text, plan)) {
        Ok(t) => Ok(Ok(t)),
        Err(kind) => {
            let code = usage_error(out, &format!("--at: {kind}"), Some(&at_help(&kind)))?;
            Ok(Err(code))
        }
    }
}

/// What `--at TEXT` names: `now`, a time with a zone name ([`parse_zoned_time`]), or a plan time
/// ([`parse_time`]: RFC 3339 or local in the plan's zone).
pub fn at_value(text: &str, plan: &Plan) -> Result<DateTime<Utc>, PlanKind> {
    if text.trim() == "now" {
        return Ok(Utc::now());
    }
    parse_zoned_time(text).unwrap_or_else(|| parse_time(text, plan.destination.time_zone))
}

/// The `help:` line under an `--at` error: the kind's own (a plan's time forms, a zone name's
/// suggestion, the year) and, for text that is no time, the forms only `--at` reads.
pub fn at_help(kind: &PlanKind) -> String {
    let help = kind.help().unwrap_or_default();
    match kind {
        PlanKind::InvalidTimestamp { .. } => format!(
            "{help}; --at also reads a local time in a named IANA zone \
             (`2026-12-01T22:00 Europe/Berlin`, `2026-12-01T22:00[Europe/Berlin]`) and `now`"
        ),
        _ => help,
    }
}

/// `text` with its digits of other scripts (fullwidth, Arabic-Indic, Persian, Devanagari,
/// Bengali, Thai) and a fullwidth `＋` written in ASCII; `None` when it has none.
fn in_ascii_digits(text: &str) -> Option<String> {
    const ZEROS: &[char] = &[
        '\u{ff10}', '\u{660}', '\u{6f0}', '\u{966}', '\u{9e6}', '\u{e50}',
    ];
    let mut changed = false;
    let folded = text
        .chars()
        .map(|c| {
            let digit = ZEROS.iter().find_map(|&zero| {
                let value = u32::from(c).checked_sub(u32::from(zero))?;
                char::from_digit(value, 10)
            });
            let ascii = match (digit, c) {
                (Some(d), _) => d,
                (None, '\u{ff0b}') => '+',
                (None, c) => c,
            };
            changed |= ascii != c;
            ascii
        })
        .collect();
    changed.then_some(folded)
}

/// "did you mean N?", N the plan's number nearest to the number `written` (`--number`, `record`).
/// Digits of another script (`+49 ３０ 901820`, an input method left in fullwidth) are read as
/// ASCII for the suggestion only; a plan's number is named, never what was typed.
pub(super) fn nearest_suggestion(plan: &Plan, written: &str) -> Option<String> {
    E164::parse(written)
        .ok()
        .or_else(|| in_ascii_digits(written).and_then(|a| E164::parse(&a).ok()))
        .and_then(|n| plan.nearest_number(&n))
        .map(|m| format!("did you mean {m}?"))
}

/// The plan's indices of the numbers `--number` names (any spelling, each once), or the usage
/// error for the first it does not hold, with the line `help` writes below it.
pub fn select_numbers(
    written: &[String],
    plan: &Plan,
    file: &str,
    help: impl FnOnce() -> String,
    out: &mut Out,
) -> io::Result<Result<Vec<usize>, u8>> {
    let mut selected = Vec::new();
    for w in written {
        // Any spelling of a plan's number, a national prefix after the country code included.
        let found = E164::parse(w).ok().and_then(|n| {
            let n = n.identity();
            plan.numbers.iter().position(|m| m.e164.identity() == n)
        });
        match found {
            Some(i) if selected.contains(&i) => {}
            Some(i) => selected.push(i),
            None => {
                // A phone number is shown as written; anything else is masked, as it may be a PIN
                // pasted in the wrong place.
                let shown = if E164::parse(w).is_ok() {
                    w.clone()
                } else {
                    crate::journal::masked(w)
                };
                let message = format!("--number: `{shown}` is not a number of {file}");
                // A digit off: name the plan's nearest number, as `record` does.
                let help = nearest_suggestion(plan, w).unwrap_or_else(help);
                return Ok(Err(usage_error(out, &message, Some(&help))?));
            }
        }
    }
    Ok(Ok(selected))
}
