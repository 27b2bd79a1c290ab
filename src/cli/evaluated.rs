//! What `graph`, `runbook` and `checklist` share: read a plan, compile it, evaluate it at `--at`
//! and resolve `--number`, printing diagnostics and picking the exit code the way `dry-run` does.

use std::io;

use chrono::Utc;

use super::{EXIT_INVALID, Format, Out, print_diagnostics, read_plan, usage_error};
use crate::diagnostic::{Diagnostic, Kind as _};
use crate::eval::{Evaluation, Evaluator};
use crate::pipeline;
use crate::plan::{E164, time::parse_time};
use crate::source::SourceFile;

/// A plan read, compiled and evaluated, and the numbers asked for.
pub struct Evaluated {
    /// The plan file.
    pub file: SourceFile,
    /// The evaluation at `--at`.
    pub evaluation: Evaluation,
    /// Indices of the numbers named by `--number` (empty: all).
    pub selected: Vec<usize>,
    /// Warnings about the plan (already printed).
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and evaluates `plan`, or prints why not and gives the exit code.
pub fn evaluate(
    command: &str,
    plan: &str,
    at: Option<&str>,
    numbers: &[String],
    out: &mut Out,
) -> io::Result<Result<Evaluated, u8>> {
    let mut file = match read_plan(plan, Format::Text, out)? {
        Ok(file) => file,
        Err(code) => return Ok(Err(code)),
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    if !loaded.diagnostics.is_empty() {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    let Some(graph) = loaded.graph else {
        return Ok(Err(EXIT_INVALID));
    };
    let zone = graph.plan.destination.time_zone;
    let at = match at {
        None | Some("now") => Utc::now(),
        Some(text) => match parse_time(text, zone) {
            Ok(t) => t,
            Err(kind) => {
                let code = usage_error(out, &format!("--at: {kind}"), kind.help().as_deref())?;
                return Ok(Err(code));
            }
        },
    };
    let mut selected = Vec::new();
    for written in numbers {
        let found = E164::parse(written)
            .ok()
            .and_then(|n| graph.plan.numbers.iter().position(|m| m.e164 == n));
        match found {
            Some(i) if selected.contains(&i) => {}
            Some(i) => selected.push(i),
            None => {
                let code = usage_error(
                    out,
                    &format!("--number: `{written}` is not a number of {}", file.name),
                    Some(&format!(
                        "`wamigrate {command} {}` without --number shows them all",
                        file.name
                    )),
                )?;
                return Ok(Err(code));
            }
        }
    }
    Ok(Ok(Evaluated {
        file,
        evaluation: Evaluator::evaluate(graph, at),
        selected,
        diagnostics: loaded.diagnostics,
    }))
}
