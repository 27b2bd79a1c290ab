//! `wamigrate status`: the live state of every number, from the plan and its journal.

use std::io;

use super::evaluated::{JournalArg, evaluate_as};
use super::{Format, Out};
use crate::report::status::{JournalInfo, StatusReport, render_status};

/// Arguments of `status`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit codes, as dry-run: 0 ready (nothing blocks and the plan holds in time), 3 a number is
blocked, 4 late (window cannot hold, passed, or a downtime overruns), 1 invalid plan or journal,
2 usage error (a bad --at, a --number not in the plan).")]
pub struct Args {
    /// The plan file.
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub plan: std::path::PathBuf,
    /// Only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    #[arg(long, value_name = "TIME", help = concat!("The moment to show (default: now): ", at_forms!(), ". Events dated later do not count yet."))]
    pub at: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: JournalArg,
}

/// Runs `status`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let mut evaluated = match evaluate_as(
        "status",
        &args.plan,
        args.at.as_deref(),
        &args.number,
        &args.journal,
        args.format,
        out,
    )? {
        Ok(e) => e,
        Err(code) => return Ok(code),
    };
    let (report, recorded) = evaluated.report();
    let info = JournalInfo::new(
        args.journal
            .path(&args.plan)
            .map(|p| p.display().to_string()),
        &recorded.journal,
        &recorded.folded,
        recorded.stale,
    );
    let status = StatusReport::new(&report, &recorded.folded, info);
    match args.format {
        Format::Json => out.json(&status)?,
        Format::Text => out.render(|styles, w| render_status(&status, styles, w))?,
    }
    let code = report.summary.exit_code;
    // The process ends here: handing a fleet's graph and plan back to the allocator piece by
    // piece would take a tenth of the run for nothing (as dry-run does). The journal's events
    // were freed once folded, which costs some time but keeps them out of the peak.
    std::mem::forget(status);
    std::mem::forget(report);
    std::mem::forget(evaluated);
    Ok(code)
}
