//! `wamigrate check`: is the plan valid? Every problem and warning, located and coded, for people
//! (text), programs (JSON) and CI (GitHub workflow annotations, SARIF for code scanning).

use std::io;

use chrono::Utc;

use super::{EXIT_INVALID, Out, plural, print_diagnostics};
use crate::diagnostic::{self, Diagnostic, Kind as _};
use crate::eval::{Evaluation, Evaluator, Warning, WarningKind};
use crate::pipeline;
use crate::plan::load;
use crate::report::CheckReport;
use crate::source::SourceFile;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wamigrate check plans/fleet.yaml
  wamigrate check plans/fleet.yaml --format github     (annotations on the plan's lines in a PR)
  wamigrate check plans/fleet.yaml --format sarif      (for code scanning)
  wamigrate check - < plan.yaml                        (the plan on standard input)

Exit codes: 0 valid (warnings allowed), 1 invalid or unreadable, 2 usage error. Every code, with
a fix: docs/diagnostics.md (or `wamigrate explain CODE`); every key: docs/plan-format.md.")]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
    pub format: CheckFormat,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Aligned text for people (diagnostics on standard error).
    Text,
    /// JSON for programs (contract: docs/json-output.md).
    Json,
    /// GitHub Actions workflow commands: an annotation on the plan's line per diagnostic.
    Github,
    /// SARIF 2.1.0, for code scanning (GitHub's upload-sarif and other viewers).
    Sarif,
}

/// Runs `check`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let mut file = match load::read(&args.plan) {
        Ok(file) => file,
        Err(unusable) => {
            let diagnostics = std::slice::from_ref(&unusable.diagnostic);
            emit(args.format, &unusable.file, diagnostics, None, out)?;
            return Ok(EXIT_INVALID);
        }
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    let has_errors = loaded.has_errors();
    let mut diagnostics = loaded.diagnostics;
    let counts = loaded
        .graph
        .as_ref()
        .map(|g| (g.plan.numbers.len(), g.graph.node_count()));
    // A valid plan is also evaluated, so `check` shows the same warnings `dry-run` does
    // (templates that will not be copied, a downtime budget overrun, ...), except those that
    // depend on the moment, which belong to `dry-run --at`.
    if let Some(graph) = loaded.graph {
        let Evaluation {
            graph,
            schedule,
            status,
            numbers,
            fleet_warnings,
            ..
        } = Evaluator::evaluate(graph, Utc::now());
        // Only the warnings are shown: the schedule (a few large vectors, freed at once) goes
        // before they become diagnostics, and each number's evaluation as it is read, so the
        // diagnostics do not add to the peak of a large fleet.
        drop((schedule, status));
        let timeless = |w: &Warning| !matches!(w.kind, WarningKind::CutoverWindowTooEarly { .. });
        let own = numbers.into_iter().flat_map(|e| {
            let n = e.index;
            e.warnings.into_iter().map(move |w| (w, n))
        });
        let fleet = fleet_warnings.into_iter().filter(timeless);
        diagnostics.extend(fleet.map(|w| w.to_diagnostic()));
        shared_places(
            own.filter(|(w, _)| timeless(w)),
            |n| graph.plan.numbers[n].e164.as_str(),
            |w| diagnostics.push(w.to_diagnostic()),
        );
        diagnostic::sort(&mut diagnostics);
        // The process ends soon: freeing a fleet's graph piece by piece is time for nothing.
        std::mem::forget(graph);
    }
    emit(args.format, &file, &diagnostics, counts, out)?;
    Ok(if has_errors { EXIT_INVALID } else { 0 })
}

/// Numbers' own warnings, each said once per place: warnings of several numbers said in the same
/// words at the same place (text that the numbers share through a YAML alias, `<<: *defaults`,
/// or a plan-wide value) become one, which names the numbers it affects. Without that, the
/// repeats would be dropped as duplicates and the warning would read as one number's. Each is
/// handed to `say` as it is made, not gathered first: at fleet scale the warnings, sorted here,
/// would be held twice at the peak.
fn shared_places<'g>(
    own: impl Iterator<Item = (Warning, usize)>,
    e164: impl Fn(usize) -> &'g str,
    mut say: impl FnMut(Warning),
) {
    let mut own: Vec<(Warning, usize)> = own.collect();
    // Most warnings have a place of their own: only runs at one place and of one code are
    // compared by their words.
    own.sort_by_key(|(w, n)| (w.span.map(|s| (s.offset, s.len)), w.kind.code(), *n));
    let mut own = own.into_iter().peekable();
    while let Some((first, n)) = own.next() {
        let (span, code) = (first.span, first.kind.code());
        let same_place = |(w, _): &(Warning, usize)| w.span == span && w.kind.code() == code;
        if span.is_none() || !own.peek().is_some_and(same_place) {
            say(first);
            continue;
        }
        let mut by_words: Vec<(String, Warning, Vec<String>)> =
            vec![(first.kind.to_string(), first, vec![e164(n).to_string()])];
        while let Some((w, n)) = own.next_if(same_place) {
            let words = w.kind.to_string();
            match by_words.iter_mut().find(|(text, ..)| *text == words) {
                Some((_, _, numbers)) => numbers.push(e164(n).to_string()),
                None => by_words.push((words, w, vec![e164(n).to_string()])),
            }
        }
        for (_, mut w, numbers) in by_words {
            if numbers.len() > 1 {
                w.numbers = numbers.into();
            }
            say(w);
        }
    }
}

/// Writes the diagnostics in `format`; `counts` (numbers, steps) when the plan compiled.
pub(super) fn emit(
    format: CheckFormat,
    file: &SourceFile,
    diagnostics: &[Diagnostic],
    counts: Option<(usize, usize)>,
    out: &mut Out,
) -> io::Result<()> {
    match format {
        CheckFormat::Json => out.json(&CheckReport::new(&file.name, diagnostics, counts)),
        CheckFormat::Github => out.data(&crate::report::github::render(file, diagnostics)),
        CheckFormat::Sarif => out.json(&crate::report::sarif::log(file, diagnostics)),
        CheckFormat::Text => {
            print_diagnostics(out, file, diagnostics)?;
            if let Some((numbers, steps)) = counts {
                let warnings = match diagnostics.len() {
                    0 => String::new(),
                    n => format!(", {}", plural(n, "warning", "warnings")),
                };
                out.data(&format!(
                    "ok: {} is valid: {}, {steps} steps{warnings}\n",
                    file.name,
                    plural(numbers, "number", "numbers")
                ))?;
            }
            Ok(())
        }
    }
}
