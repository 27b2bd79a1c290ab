//! `wamigrate runbook`: every step in dependency order, with owners, durations, earliest starts
//! and due dates, the downtime window and the billing hand-over, as Markdown or HTML.

use std::io;

use super::Out;
use super::evaluated::evaluate;
use crate::report::runbook::{self, Runbook};

/// Arguments of `runbook`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    // Where to write it.
    #[command(flatten)]
    pub output: super::OutputArg,
    /// Only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    #[arg(long, value_name = "TIME", help = concat!("Evaluate as of this moment (default: now): ", at_forms!(), "."))]
    pub at: Option<String>,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: super::evaluated::JournalArg,
    /// One section per number, even when several read the same.
    #[arg(long)]
    pub no_group: bool,
}

/// Format of `runbook`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown, to paste into a customer's document.
    Markdown,
    /// A self-contained HTML page.
    Html,
}

/// Runs `runbook`: exit 0 once written, 1 for an invalid plan or an unwritable file, 2 for a
/// usage error.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    if let Some(code) =
        args.output
            .refuse_inputs("runbook", "runbook.md", &args.plan, &args.journal, out)?
    {
        return Ok(code);
    }
    let mut evaluated = match evaluate(
        "runbook",
        &args.plan,
        args.at.as_deref(),
        &args.number,
        &args.journal,
        super::evaluated::PlanText::Release,
        out,
    )? {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let (report, _) = evaluated.report();
    let book = Runbook::new(&report, !args.no_group);
    args.output.deliver(out, |w| match args.format {
        Format::Markdown => runbook::render_markdown(&book, w),
        Format::Html => runbook::render_html(&book, w),
    })
}
