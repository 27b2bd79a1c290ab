//! `wamigrate check`: is the plan valid? Every problem and warning, located and coded.

use std::io;

use chrono::Utc;

use super::{EXIT_INVALID, Format, Out, plural, print_diagnostics, read_plan};
use crate::diagnostic;
use crate::eval::{Evaluator, WarningKind};
use crate::pipeline;
use crate::report::CheckReport;

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// Runs `check`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let mut file = match read_plan(&args.plan, args.format, out)? {
        Ok(file) => file,
        Err(code) => return Ok(code),
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
        let evaluation = Evaluator::evaluate(graph, Utc::now());
        let timeless = evaluation
            .fleet_warnings
            .iter()
            .chain(evaluation.numbers.iter().flat_map(|n| n.warnings.iter()))
            .filter(|w| !matches!(w.kind, WarningKind::CutoverWindowTooEarly { .. }));
        diagnostics.extend(timeless.map(crate::eval::Warning::to_diagnostic));
        diagnostic::sort(&mut diagnostics);
        // The process ends soon: freeing a fleet's graph piece by piece is time for nothing.
        std::mem::forget(evaluation);
    }
    let report = CheckReport::new(&file.name, &diagnostics, counts);
    match args.format {
        Format::Json => out.json(&report)?,
        Format::Text => {
            print_diagnostics(out, &file, &diagnostics)?;
            if let Some((numbers, steps)) = counts {
                let warnings = match report.warnings {
                    0 => String::new(),
                    n => format!(", {}", plural(n, "warning", "warnings")),
                };
                out.data(&format!(
                    "ok: {} is valid: {}, {steps} steps{warnings}\n",
                    file.name,
                    plural(numbers, "number", "numbers")
                ))?;
            }
        }
    }
    Ok(if has_errors { EXIT_INVALID } else { 0 })
}
