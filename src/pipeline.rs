//! The pipeline in one place: plan text → raw plan → validated plan → step graph.
//!
//! Each stage reports every problem it can find; a later stage runs only when the earlier ones
//! found no error, so a reader sees all problems of one kind at once, sorted by position.

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::graph::{Compiler, StepGraph};
use crate::plan::{load, validate};
use crate::source::SourceFile;

/// A plan taken as far through the pipeline as it goes.
#[derive(Debug)]
pub struct Loaded {
    /// The compiled graph, when no stage found an error.
    pub graph: Option<StepGraph>,
    /// Every diagnostic, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether any diagnostic is an error.
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Parses, validates and compiles a plan.
#[must_use]
pub fn compile(file: &SourceFile) -> Loaded {
    let raw = match load::parse(file) {
        Ok(raw) => raw,
        Err(d) => {
            return Loaded {
                graph: None,
                diagnostics: vec![d],
            };
        }
    };
    let validated = validate::validate(raw);
    let mut diagnostics = validated.diagnostics;
    let graph = validated.plan.and_then(|plan| {
        let compiled = Compiler::compile(plan);
        diagnostics.extend(compiled.diagnostics);
        compiled.graph
    });
    diagnostic::sort(&mut diagnostics);
    Loaded { graph, diagnostics }
}
