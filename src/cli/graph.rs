//! `wamigrate graph`: the plan's dependency graph as Graphviz DOT or Mermaid.

use std::io;

use super::Out;
use super::evaluated::{NotEvaluated, evaluate_or_sketch};
use crate::report::graph::{self, GraphFormat};

/// Arguments of `graph`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: std::path::PathBuf,
    /// Output format: `dot` (pipe into `dot -Tsvg`) or `mermaid` (renders on GitHub).
    #[arg(long, value_enum, default_value_t = Format::Dot)]
    pub format: Format,
    // Where to write it.
    #[command(flatten)]
    pub output: super::OutputArg,
    /// Draw only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    #[arg(long, value_name = "TIME", help = concat!("Evaluate as of this moment (default: now): ", at_forms!(), "."))]
    pub at: Option<String>,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: super::evaluated::JournalArg,
    /// Draw every number on its own, even when several read the same.
    #[arg(long)]
    pub no_group: bool,
}

/// Format of `graph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart.
    Mermaid,
}

/// Runs `graph`: exit 0 once drawn, 1 for an invalid plan, 2 for a usage error. A plan whose
/// only errors are dependency cycles is drawn all the same, cycles marked, and exits 1.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    if let Some(code) =
        args.output
            .refuse_inputs("graph", "plan.dot", &args.plan, &args.journal, out)?
    {
        return Ok(code);
    }
    let format = match args.format {
        Format::Dot => GraphFormat::Dot,
        Format::Mermaid => GraphFormat::Mermaid,
    };
    let evaluated = evaluate_or_sketch(
        "graph",
        &args.plan,
        args.at.as_deref(),
        &args.number,
        &args.journal,
        super::Format::Text,
        super::evaluated::PlanText::Release,
        out,
    )?;
    let mut evaluated = match evaluated {
        Ok(e) => e,
        Err(NotEvaluated {
            code,
            sketch: Some((_, sketch)),
        }) => {
            let written = args
                .output
                .deliver(out, |w| graph::render_sketch(&sketch, format, w))?;
            return Ok(code.max(written));
        }
        Err(not) => return Ok(not.code),
    };
    let (report, _) = evaluated.report();
    args.output
        .deliver(out, |w| graph::render(&report, format, !args.no_group, w))
}
