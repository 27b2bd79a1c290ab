//! What `graph`, `runbook` and `checklist` share: read a plan, compile it, evaluate it at `--at`
//! and resolve `--number`, printing diagnostics and picking the exit code the way `dry-run` does.
//! `dry-run` (which also prints an invalid plan as JSON) shares the `--at` and `--number` parts.

use std::io;

use chrono::{DateTime, Utc};

use super::{EXIT_INVALID, Format, Out, print_diagnostics, read_plan, usage_error};
use crate::diagnostic::{Diagnostic, Kind as _};
use crate::eval::{Evaluation, Evaluator};
use crate::pipeline;
use crate::plan::{E164, Plan, time::parse_time};
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
    let at = match at_moment(at, &graph.plan, out)? {
        Ok(at) => at,
        Err(code) => return Ok(Err(code)),
    };
    let help = || {
        format!(
            "`wamigrate {command} {}` without --number shows them all",
            file.name
        )
    };
    let selected = match select_numbers(numbers, &graph.plan, &file.name, help, out)? {
        Ok(selected) => selected,
        Err(code) => return Ok(Err(code)),
    };
    Ok(Ok(Evaluated {
        file,
        evaluation: Evaluator::evaluate(graph, at),
        selected,
        diagnostics: loaded.diagnostics,
    }))
}

/// The moment `--at` names (now when absent or `now`), read in the plan's time zone, or the usage
/// error it is.
pub fn at_moment(
    at: Option<&str>,
    plan: &Plan,
    out: &mut Out,
) -> io::Result<Result<DateTime<Utc>, u8>> {
    match at {
        None | Some("now") => Ok(Ok(Utc::now())),
        Some(text) => match parse_time(text, plan.destination.time_zone) {
            Ok(t) => Ok(Ok(t)),
            Err(kind) => {
                let code = usage_error(out, &format!("--at: {kind}"), kind.help().as_deref())?;
                Ok(Err(code))
            }
        },
    }
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
        let found = E164::parse(w)
            .ok()
            .and_then(|n| plan.numbers.iter().position(|m| m.e164 == n));
        match found {
            Some(i) if selected.contains(&i) => {}
            Some(i) => selected.push(i),
            None => {
                let message = format!("--number: `{w}` is not a number of {file}");
                return Ok(Err(usage_error(out, &message, Some(&help()))?));
            }
        }
    }
    Ok(Ok(selected))
}
