//! `wamigrate dry-run`: evaluate a plan at a moment: what blocks the cutover and who must act,
//! how long each number will be down, who is billed.

use std::io;

use super::evaluated::{at_moment, fold_journal, select_numbers};
use super::{EXIT_INVALID, Format, Out, print_diagnostics, read_plan};
use crate::eval::Evaluator;
use crate::pipeline;
use crate::report::{self, CheckReport, Report};

/// Arguments of `dry-run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wamigrate dry-run plans/fleet.yaml
  wamigrate dry-run plans/fleet.yaml --number '+49 40 3003 9900' --at 2026-12-01T22:00
  wamigrate dry-run plans/fleet.yaml --at 2026-12-01T21:00Z        (a time with an offset)
  wamigrate dry-run plans/fleet.yaml --owner genesys               (one party's to-do list)
  wamigrate dry-run plans/fleet.yaml --format json | jq .summary   (in CI)

Exit codes: 0 ready (nothing blocks and the plan holds in time), 1 invalid plan or journal, 2
usage error, 3 a number is blocked, 4 nothing is ready to act on but the window cannot hold or
has passed, a downtime overruns or exceeds the budget, or Meta would refuse a planned
registration (quota, lapsed display-name approval). `summary.exit_code` in the JSON is the same.
JSON contract: docs/json-output.md; every warning and error code: docs/diagnostics.md.")]
pub struct Args {
    /// The plan file (`-` reads standard input).
    pub plan: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Report only this number (any spelling; compared in E.164 form). Repeatable.
    #[arg(long, value_name = "NUMBER")]
    pub number: Vec<String>,
    #[arg(long, value_name = "TIME", help = concat!("Evaluate as of this moment (default: now): ", at_forms!(), ". Steps done later than this count as not done."))]
    pub at: Option<String>,
    /// List what one party must do across the fleet, sorted by due date (the latest start that
    /// still holds the cutover window), instead of the per-number report.
    #[arg(long, value_enum, value_name = "PARTY")]
    pub owner: Option<Party>,
    // Which journal of recorded progress to read.
    #[command(flatten)]
    pub journal: super::evaluated::JournalArg,
}

/// A party that owns steps (`--owner`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Party {
    /// The business that owns the number.
    Customer,
    /// The partner (or Engage team) administering the source WABA.
    SourcePartner,
    /// Genesys.
    Genesys,
    /// Meta / WhatsApp.
    Meta,
    /// The carrier or whoever runs the line.
    Carrier,
    /// The partner running the migration for the customer.
    ImplementationPartner,
}

impl From<Party> for crate::catalog::Owner {
    fn from(p: Party) -> Self {
        use crate::catalog::Owner;
        match p {
            Party::Customer => Owner::Customer,
            Party::SourcePartner => Owner::SourcePartner,
            Party::Genesys => Owner::Genesys,
            Party::Meta => Owner::Meta,
            Party::Carrier => Owner::Carrier,
            Party::ImplementationPartner => Owner::ImplementationPartner,
        }
    }
}

/// The JSON of `dry-run --owner`.
#[derive(serde::Serialize)]
struct OwnerJson<'r, 'e> {
    format_version: u32,
    plan: &'r report::PlanInfo,
    summary: &'r report::Summary,
    owner: crate::catalog::Owner,
    steps: Vec<report::OwnerStep<'e>>,
}

/// Runs `dry-run`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let pending = args.journal.start_reading(&args.plan);
    let mut file = match read_plan(&args.plan, args.format, out)? {
        Ok(file) => file,
        Err(code) => return Ok(code),
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    let Some(mut graph) = loaded.graph else {
        match args.format {
            Format::Json => out.json(&CheckReport::new(&file.name, &loaded.diagnostics, None))?,
            Format::Text => print_diagnostics(out, &file, &loaded.diagnostics)?,
        }
        return Ok(EXIT_INVALID);
    };
    if !loaded.diagnostics.is_empty() && args.format == Format::Text {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    let at = match at_moment(args.at.as_deref(), &graph.plan, out)? {
        Ok(at) => at,
        Err(code) => return Ok(code),
    };
    let help = || {
        let listed = graph
            .plan
            .numbers
            .iter()
            .take(3)
            .map(|n| n.e164.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "the plan's numbers include {listed}; `wamigrate dry-run {}` lists them all",
            file.name
        )
    };
    let selected = match select_numbers(&args.number, &graph.plan, &file.name, help, out)? {
        Ok(selected) => selected,
        Err(code) => return Ok(code),
    };
    if let Err(code) = fold_journal(
        pending,
        &mut file,
        super::evaluated::PlanText::Release,
        &mut graph,
        at,
        args.format,
        out,
    )? {
        return Ok(code);
    }
    let evaluation = Evaluator::evaluate(graph, at);
    let report = Report::new(
        &evaluation,
        &file.name,
        (!selected.is_empty()).then_some(selected.as_slice()),
        loaded.diagnostics,
    );
    match (args.format, args.owner.map(crate::catalog::Owner::from)) {
        (Format::Json, None) => out.json_written(|w| report.write_json(w))?,
        (Format::Text, None) => {
            out.render(|styles, w| report::text::render(&report, styles, w))?;
        }
        (Format::Json, Some(owner)) => out.json(&OwnerJson {
            format_version: report.format_version,
            plan: &report.plan,
            summary: &report.summary,
            owner,
            steps: report.owner_steps(owner),
        })?,
        (Format::Text, Some(owner)) => {
            out.render(|styles, w| report::text::render_owner(&report, owner, styles, w))?;
        }
    }
    let code = report.summary.exit_code;
    // The process ends here: handing a fleet's graph and plan back to the allocator piece by
    // piece would take a sixth of the run for nothing.
    std::mem::forget(report);
    std::mem::forget(evaluation);
    std::mem::forget(file);
    Ok(code)
}
