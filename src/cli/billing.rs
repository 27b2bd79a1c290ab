//! `wamigrate billing`: who is billed for a message sent at a moment.

use std::io;

use super::evaluated::{JournalArg, evaluate_as};
use super::{Format, Out};
use crate::report::status::{
    BILLING_FORMAT_VERSION, BillingAt, JournalInfo, billed_at, render_billing,
};

/// Arguments of `billing`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
The payer changes when the route's hand-over step is done (by the plan's `done:` or the
journal). A message sent before that moment stays with the earlier payer, even when it is
delivered after. Exit codes: 0 answered, 1 invalid plan or journal, 2 usage error.")]
pub struct Args {
    /// The plan file.
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub plan: std::path::PathBuf,
    #[arg(long, value_name = "TIME", help = concat!("When the message is sent (default: now): ", at_forms!(), "."))]
    pub at: Option<String>,
    /// Only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: JournalArg,
}

/// Runs `billing`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let mut evaluated = match evaluate_as(
        "billing",
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
    let at = report.evaluation().at;
    let billing = BillingAt {
        format_version: BILLING_FORMAT_VERSION,
        plan: &report.plan,
        journal: JournalInfo::new(
            args.journal
                .path(&args.plan)
                .map(|p| p.display().to_string()),
            &recorded.journal,
            &recorded.folded,
            recorded.stale,
        ),
        numbers: report
            .numbers_evaluated()
            .map(|e| billed_at(&report, e.index, at))
            .collect(),
    };
    match args.format {
        Format::Json => out.json(&billing)?,
        Format::Text => out.render(|styles, w| render_billing(&billing, styles, w))?,
    }
    // The process ends here: freeing a fleet piece by piece is time for nothing.
    std::mem::forget(billing);
    std::mem::forget(report);
    std::mem::forget(evaluated);
    Ok(0)
}
