//! `wamigrate check`: is the plan valid? Every problem and warning, located and coded, for people
//! (text), programs (JSON) and CI (GitHub workflow annotations, SARIF for code scanning).

use std::io;

use chrono::Utc;

use super::{EXIT_INVALID, Out, plural, print_diagnostics};
use crate::diagnostic::{self, Diagnostic};
use crate::eval::{Evaluation, Evaluator, WarningKind};
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
        let timeless = fleet_warnings
            .into_iter()
            .chain(numbers.into_iter().flat_map(|n| n.warnings))
            .filter(|w| !matches!(w.kind, WarningKind::CutoverWindowTooEarly { .. }));
        diagnostics.extend(timeless.map(|w| w.to_diagnostic()));
        diagnostic::sort(&mut diagnostics);
        // The process ends soon: freeing a fleet's graph piece by piece is time for nothing.
        std::mem::forget(graph);
    }
    emit(args.format, &file, &diagnostics, counts, out)?;
    Ok(if has_errors { EXIT_INVALID } else { 0 })
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
