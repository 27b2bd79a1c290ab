//! `wamigrate checklist`: the printable sign-off checklist, as HTML (print-ready) or Markdown,
//! to stdout or to a file (`-o`).

use std::io;

use super::Out;
use super::evaluated::evaluate;
use crate::report::checklist::{self, Identity, Paper};
use crate::report::runbook::Runbook;

/// Arguments of `checklist`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Html)]
    pub format: Format,
    // Where to write it.
    #[command(flatten)]
    pub output: super::OutputArg,
    /// Paper size of the printed HTML.
    #[arg(long, value_enum, default_value_t = PaperArg::A4)]
    pub paper: PaperArg,
    /// Only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    #[arg(long, value_name = "TIME", help = concat!("Evaluate as of this moment (default: now): ", at_forms!(), "."))]
    pub at: Option<String>,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: super::evaluated::JournalArg,
}

/// Format of `checklist`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Self-contained, print-ready HTML.
    Html,
    /// Markdown, readable on GitHub.
    Markdown,
}

/// Paper size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// Runs `checklist`: exit 0 once written, 1 for an invalid plan or an unwritable file, 2 for
/// a usage error.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    if let Some(code) = args.output.refuse_inputs(
        "checklist",
        "checklist.html",
        &args.plan,
        &args.journal,
        out,
    )? {
        return Ok(code);
    }
    let mut evaluated = match evaluate(
        "checklist",
        &args.plan,
        args.at.as_deref(),
        &args.number,
        &args.journal,
        super::evaluated::PlanText::Keep,
        out,
    )? {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let identity = Identity {
        file: evaluated.file.name.clone(),
        fingerprint: checklist::fingerprint(evaluated.file.text()),
    };
    let (report, _) = evaluated.report();
    let book = Runbook::new(&report, true);
    let paper = match args.paper {
        PaperArg::A4 => Paper::A4,
        PaperArg::Letter => Paper::Letter,
    };
    let write = |w: &mut dyn io::Write| match args.format {
        Format::Html => checklist::render_html(&book, &identity, paper, w),
        Format::Markdown => checklist::render_markdown(&book, &identity, w),
    };
    args.output.deliver(out, write)
}
