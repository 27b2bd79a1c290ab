//! `wamigrate journal`: the journal's history, readable by people and by `jq`.

use std::fmt::Write as _;
use std::io;

use chrono_tz::Tz;

use super::evaluated::JournalArg;
use super::{EXIT_INVALID, Format, Out, print_diagnostics, read_plan, usage_error};
use crate::diagnostic::Diagnostic;
use crate::journal::fold::Fate;
use crate::journal::read::{self, Recorded};
use crate::journal::{Event, fold, masked};
use crate::pipeline;

/// Arguments of `journal`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Every event in the order it happened, with its line in the journal. Exact repeats (after a git
union merge) are left out; torn, bad and conflicting lines are reported. Free texts are shown
with runs of six or more digits masked. Exit codes: 0 read, 1 bad lines, invalid plan, or a
`--journal` path that does not exist, 2 usage error.")]
pub struct Args {
    /// The plan file (its journal sits beside it).
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub plan: std::path::PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The journal to read (default: beside the plan, `plan.yaml` → `plan.journal`). A journal
    /// named here must exist; the one beside the plan may not yet.
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub journal: Option<std::path::PathBuf>,
}

/// One event as shown, with its line.
#[derive(serde::Serialize)]
struct Shown {
    line: u32,
    #[serde(flatten)]
    event: Event,
    /// What became of it (absent when the plan is invalid and nothing was replayed).
    #[serde(flatten)]
    fate: Option<Fate>,
}

/// The JSON of `journal`.
#[derive(serde::Serialize)]
struct History<'a> {
    format_version: u32,
    journal: String,
    events: Vec<Shown>,
    duplicate_lines: &'a [u32],
    torn_lines: &'a [u32],
    bad_lines: &'a [u32],
    problems: &'a [Diagnostic],
}

/// Whether an event's step is one of the plan's: replayed, and not an unknown entry.
fn known(fate: Option<&Fate>) -> bool {
    fate.is_some_and(|f| !matches!(f, Fate::UnknownEntry))
}

/// `e` as shown: free texts masked, and the step too unless the plan has it (`known`): only
/// the plan's steps were vetted by its PIN checks.
fn shown(e: &Event, known: bool) -> Event {
    Event {
        step: if known {
            e.step.clone()
        } else {
            masked(&e.step).into()
        },
        by: e.by.as_deref().map(|b| masked(b).into()),
        more: crate::journal::More {
            reason: e.reason().map(masked),
            note: e.note().map(masked),
            forced: e.forced().map(masked),
            rebaseline: e.rebaseline().map(str::to_string),
        }
        .boxed(),
        ..e.clone()
    }
}

/// Runs `journal`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let arg = JournalArg {
        journal: args.journal.clone(),
        no_journal: false,
    };
    let Some(path) = arg.path(&args.plan) else {
        return usage_error(
            out,
            "a plan read from standard input has no journal beside it",
            Some("name one with `--journal PATH`"),
        );
    };
    let mut file = match read_plan(&args.plan, args.format, out)? {
        Ok(file) => file,
        Err(code) => return Ok(code),
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    let journal = JournalArg::read(&path, args.journal.is_some());
    let mut problems = journal.diagnostics.clone();
    let zone: Option<Tz> = loaded.graph.as_ref().map(|g| g.plan.destination.time_zone);
    problems.extend(journal.stale(file.text()));
    let mut fates: Vec<Fate> = Vec::new();
    let mut unlisted = journal.unlisted;
    if let Some(graph) = &loaded.graph {
        let folded = fold::fold(
            graph,
            &journal.events,
            chrono::DateTime::<chrono::Utc>::MAX_UTC,
        );
        problems.extend(folded.diagnostics);
        fates = folded.fates;
        unlisted = unlisted.and(folded.unlisted);
    } else {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    crate::diagnostic::sort(&mut problems);
    if !problems.is_empty() && args.format == Format::Text {
        super::print_journal_problems(
            out,
            &journal,
            &problems,
            unlisted,
            &super::shown_path(&args.plan),
        )?;
    }
    let name = super::shown_path(&path);
    match args.format {
        Format::Json => out.json(&History {
            format_version: crate::journal::JOURNAL_FORMAT_VERSION,
            journal: name,
            events: journal
                .events
                .iter()
                .enumerate()
                .map(|(i, r)| Shown {
                    line: r.line,
                    event: shown(&r.event, known(fates.get(i))),
                    fate: fates.get(i).copied(),
                })
                .collect(),
            duplicate_lines: journal.duplicates.listed(),
            torn_lines: journal.torn.listed(),
            bad_lines: journal.bad.listed(),
            problems: &problems,
        })?,
        Format::Text => out.data(&render(
            &crate::diagnostic::visible(&name),
            &journal,
            &fates,
            zone,
        ))?,
    }
    if journal.has_errors() || loaded.graph.is_none() {
        return Ok(EXIT_INVALID);
    }
    Ok(0)
}

fn render(name: &str, journal: &read::Journal, fates: &[Fate], zone: Option<Tz>) -> String {
    let mut text = String::new();
    if !journal.exists {
        // One that could not be read (a `--journal` naming no file) is not "not yet" started:
        // its error on standard error says why, and nothing here contradicts it.
        if journal.has_errors() {
            return text;
        }
        let _ = writeln!(
            text,
            "{name}: no journal yet (`wamigrate record` starts it)"
        );
        return text;
    }
    let _ = write!(
        text,
        "{name}: {}",
        super::plural(journal.events.len(), "event", "events")
    );
    if !journal.duplicates.is_empty() {
        let _ = write!(
            text,
            ", {} repeated line(s) left out",
            journal.duplicates.len()
        );
    }
    if !journal.torn.is_empty() {
        let _ = write!(text, ", {} torn line(s)", journal.torn.len());
    }
    text.push('\n');
    let when = |t| match zone {
        Some(z) => crate::calendar::local_text(t, z),
        None => crate::report::rfc3339(t),
    };
    for (i, Recorded { line, event: e, .. }) in journal.events.iter().enumerate() {
        // A step the plan does not have was not vetted by its PIN checks.
        let step = if known(fates.get(i)) {
            e.step.to_string()
        } else {
            masked(&e.step)
        };
        let _ = write!(
            text,
            "{line:>5}  {}  {:<16} {} {:<8}",
            when(e.at),
            e.number,
            crate::report::text::padded(&step, 34),
            e.event.as_str()
        );
        if let Some(by) = &e.by {
            let _ = write!(text, " by {}", masked(by));
        }
        match fates.get(i) {
            Some(Fate::Retracted { by_line }) => {
                let _ = write!(text, "  (retracted by the undo on line {by_line})");
            }
            Some(Fate::Conflict) => text.push_str("  (not counted: a conflict, see above)"),
            Some(Fate::UnknownEntry) => {
                text.push_str("  (not counted: the plan has no such number or step)");
            }
            _ => {}
        }
        text.push('\n');
        for (label, value) in [
            ("reason", e.reason()),
            ("note", e.note()),
            ("forced", e.forced()),
        ] {
            if let Some(v) = value {
                let _ = writeln!(text, "       {label}: {}", masked(v));
            }
        }
        if e.rebaseline().is_some() {
            let _ = writeln!(text, "       acknowledged a change of the plan");
        }
    }
    text
}
