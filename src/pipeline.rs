//! The pipeline in one place: plan text → raw plan → validated plan → step graph.
//!
//! Every stage runs as far as it can, so a reader sees every problem at once: the shaper keeps
//! the entries it could read, validation the ones that passed, and the graph is compiled from what
//! is left to find unknown steps, cycles and contradicting facts too. A graph is handed out only
//! when no stage found an error; diagnostics come sorted by position.

use crate::diagnostic::{self, Diagnostic};
use crate::eval::WarningKind;
use crate::graph::{Compiler, GraphKind, Sketch, StepGraph};
use crate::plan::diags::PlanKind;
use crate::plan::{load, validate};
use crate::source::SourceFile;

/// A plan taken as far through the pipeline as it goes.
#[derive(Debug)]
pub struct Loaded {
    /// The compiled graph, when no stage found an error.
    pub graph: Option<StepGraph>,
    /// The graph of a plan whose only errors are dependency cycles, to draw them.
    pub sketch: Option<Sketch>,
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        diagnostic::has_errors(&self.diagnostics)
    }
}

/// Parses, validates and compiles a plan; records in `file` what of it must never be shown.
#[must_use]
pub fn compile(file: &mut SourceFile) -> Loaded {
    let parsed = load::parse(file);
    let mut diagnostics = parsed.diagnostics;
    let (graph, sketch) = parsed.raw.map_or((None, None), |raw| {
        let validated = validate::validate(raw);
        diagnostics.extend(validated.diagnostics);
        let compiled = Compiler::compile(validated.plan);
        diagnostics.extend(compiled.diagnostics);
        (compiled.graph, compiled.sketch)
    });
    diagnostic::sort(&mut diagnostics);
    let graph = graph.filter(|_| !diagnostic::has_errors(&diagnostics));
    // A sketch only when cycles are the only errors of every stage.
    let sketch = sketch.filter(|_| {
        diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.code() == "dependency-cycle")
    });
    Loaded {
        graph,
        sketch,
        diagnostics,
    }
}

/// Every diagnostic code of every stage, in documentation order (a test checks they are unique
/// and each is documented in `docs/diagnostics.md`).
#[must_use]
pub fn all_codes() -> Vec<&'static str> {
    PlanKind::CODES
        .iter()
        .chain(GraphKind::CODES)
        .chain(WarningKind::CODES)
        .chain(crate::journal::JournalKind::CODES)
        .chain(crate::init::diags::CsvKind::CODES)
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_across_stages() {
        let mut codes = all_codes();
        let n = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(n, codes.len(), "a diagnostic code is used by two stages");
    }
}
