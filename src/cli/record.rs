//! `wamigrate record`: append one event (a step started, done, failed, skipped or undone) to the
//! plan's journal, after checking that it can have happened.

use std::fmt::Write as _;
use std::io;

use chrono::{DateTime, Utc};
use compact_str::CompactString;

use super::evaluated::JournalArg;
use super::{EXIT_INVALID, Format, Out, print_diagnostics, usage_error};
use crate::diagnostic::Diagnostic;
use crate::journal::fold::{self, Refusal};
use crate::journal::read::{Journal, Recorded};
use crate::journal::{self, Event, EventKind, FLEET, JournalKind};
use crate::pipeline;
use crate::plan::E164;

/// Arguments of `record`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wamigrate record plan.yaml +4930901820 verify-number-in-embedded-signup --started --by j.doe
  wamigrate record plan.yaml '+49 30 901820' save-integration --done --at 2026-12-05T22:14
  wamigrate record plan.yaml fleet meta-portfolio-access --done
  wamigrate record plan.yaml +4930901820 save-integration --failed 'error 133005, PIN mismatch'

Exit codes: 0 recorded, 1 refused (it cannot have happened, the plan changed since the last
event, or the journal has bad lines), 2 usage error (unknown number or step).")]
pub struct Args {
    /// The plan file.
    #[arg(value_hint = clap::ValueHint::FilePath)]
    pub plan: std::path::PathBuf,
    /// The number, in any spelling the plan accepts, or `fleet` for a step shared by the fleet.
    pub number: String,
    /// The step id (`wamigrate steps` lists the catalogue's; custom ones are the plan's).
    pub step: String,
    // What happened.
    #[command(flatten)]
    pub event: EventArg,
    #[arg(long, value_name = "TIME", help = concat!("When it happened (default: now): ", at_forms!(), "."))]
    pub at: Option<String>,
    /// Who did it (default: `$WAMIGRATE_BY`, else `$USER`).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// A note kept with the event (never a PIN: six digits are refused).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Record it although a guard refuses it; the reason is recorded and shown.
    #[arg(long, value_name = "REASON")]
    pub force: Option<String>,
    /// Acknowledge that the plan changed since the journal's last event.
    #[arg(long)]
    pub rebaseline: bool,
    /// The journal to write (default: beside the plan, `plan.yaml` → `plan.journal`); the first
    /// event recorded creates it.
    #[arg(long, value_name = "PATH", value_hint = clap::ValueHint::FilePath)]
    pub journal: Option<std::path::PathBuf>,
    /// Output format of the confirmation.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// What happened to the step: exactly one.
#[derive(Debug, clap::Args)]
#[group(required = true, multiple = false)]
pub struct EventArg {
    /// Work on it began (for a request: it was sent).
    #[arg(long)]
    pub started: bool,
    /// It is done.
    #[arg(long)]
    pub done: bool,
    /// An attempt failed, for this reason; it is to be tried again.
    #[arg(long, value_name = "REASON")]
    pub failed: Option<String>,
    /// It will not be done, for this reason; what needs it may go on.
    #[arg(long, value_name = "REASON")]
    pub skipped: Option<String>,
    /// An earlier record of it was wrong, for this reason; it is back to not started.
    #[arg(long, value_name = "REASON")]
    pub undone: Option<String>,
}

impl EventArg {
    fn kind_and_reason(&self) -> (EventKind, Option<&str>) {
        if self.started {
            (EventKind::Started, None)
        } else if let Some(r) = &self.failed {
            (EventKind::Failed, Some(r))
        } else if let Some(r) = &self.skipped {
            (EventKind::Skipped, Some(r))
        } else if let Some(r) = &self.undone {
            (EventKind::Undone, Some(r))
        } else {
            (EventKind::Done, None)
        }
    }
}

/// The JSON confirmation.
#[derive(serde::Serialize)]
struct Confirmation<'a> {
    format_version: u32,
    journal: String,
    line: u32,
    event: &'a Event,
    /// The guard `--force` overrode.
    overrode: Option<&'a str>,
    /// Steps ready now that this one is done or skipped, by step id: who acts, for how many
    /// numbers, and the first few.
    now_ready: &'a [fold::Unlocked],
}

/// The JSON of a refusal (`--format json`): nothing was recorded, and why.
#[derive(serde::Serialize)]
struct NotRecorded<'a> {
    format_version: u32,
    recorded: bool,
    journal: String,
    /// The file the problems are in: the journal, or the plan when the plan cannot be read or
    /// is invalid.
    file: String,
    problems: &'a [Diagnostic],
}

/// Why an append did not happen.
enum Refused {
    Journal(Diagnostic),
}

/// Prints why nothing was recorded (on stderr, and as JSON on stdout with `--format json`) and
/// gives the exit code.
fn not_recorded(
    out: &mut Out,
    journal: &std::path::Path,
    format: Format,
    problem: &Diagnostic,
) -> io::Result<u8> {
    let name = super::shown_path(journal);
    let (file, shown) = Journal::empty(&name).snippets(std::slice::from_ref(problem));
    for d in &shown {
        out.diag(&format!("{}\n", d.render(&file)))?;
    }
    refused(out, journal, &name, format, std::slice::from_ref(problem))
}

/// Prints the refusal JSON with `--format json` (the diagnostics are on stderr already), the
/// problems being in `file` (the journal, or the plan when it cannot be read or is invalid),
/// and gives the exit code.
fn refused(
    out: &mut Out,
    journal: &std::path::Path,
    file: &str,
    format: Format,
    problems: &[Diagnostic],
) -> io::Result<u8> {
    if format == Format::Json {
        out.json(&NotRecorded {
            format_version: crate::journal::RECORD_FORMAT_VERSION,
            recorded: false,
            journal: super::shown_path(journal),
            file: file.to_string(),
            problems,
        })?;
    }
    Ok(EXIT_INVALID)
}

/// Runs `record`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let Some(path) = (JournalArg {
        journal: args.journal.clone(),
        no_journal: false,
    })
    .path(&args.plan) else {
        return usage_error(
            out,
            "a plan read from standard input has no journal beside it",
            Some("name one with `--journal PATH`"),
        );
    };
    let (kind, reason) = args.event.kind_and_reason();
    let (by, by_from) = match &args.by {
        Some(by) => (Some(by.clone()), "--by"),
        None => ["WAMIGRATE_BY", "USER"]
            .iter()
            .find_map(|v| {
                let value = std::env::var(v).ok().filter(|s| !s.trim().is_empty())?;
                Some((
                    Some(value),
                    if *v == "USER" {
                        "$USER"
                    } else {
                        "$WAMIGRATE_BY"
                    },
                ))
            })
            .unwrap_or((None, "--by")),
    };
    for (field, text) in [
        (by_from, by.as_deref()),
        ("--note", args.note.as_deref()),
        ("--force", args.force.as_deref()),
        (
            match kind {
                EventKind::Failed => "--failed",
                EventKind::Skipped => "--skipped",
                _ => "--undone",
            },
            reason,
        ),
    ] {
        if text.is_some_and(journal::holds_pin) {
            let d = Diagnostic::file_error(JournalKind::PinInText { field });
            return not_recorded(out, &path, args.format, &d);
        }
        // Shown again by `journal` and `status`: a terminal would act on a control character.
        if let Some(c) = text.and_then(|t| crate::plan::diags::control_character(t, false)) {
            return usage_error(
                out,
                &format!(
                    "`{field}` holds the control character U+{:04X}, which a terminal would act on when the journal is shown",
                    u32::from(c)
                ),
                Some("write the text on one line, without it"),
            );
        }
    }
    if reason.is_some_and(|r| r.trim().is_empty()) {
        return usage_error(out, "the reason is empty", Some("say why, in a few words"));
    }
    let mut file = match crate::plan::load::read(&args.plan) {
        Ok(file) => file,
        Err(unusable) => {
            let problems = std::slice::from_ref(&unusable.diagnostic);
            print_diagnostics(out, &unusable.file, problems)?;
            return refused(out, &path, &unusable.file.name, args.format, problems);
        }
    };
    let loaded = pipeline::compile(&mut file);
    out.learn_secrets(&file);
    if !loaded.diagnostics.is_empty() {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    let Some(graph) = loaded.graph else {
        return refused(out, &path, &file.name, args.format, &loaded.diagnostics);
    };
    let number = if args.number.eq_ignore_ascii_case(FLEET) {
        None
    } else {
        match E164::parse(&args.number) {
            Ok(n) => Some(n),
            Err(_) => {
                // Digits of another script (an input method left in fullwidth) suggest the
                // plan's nearest number, as `--number` does.
                let near = crate::cli::evaluated::nearest_suggestion(&graph.plan, &args.number);
                // The example is one of the plan's own numbers: the fictional one `init` writes
                // is a placeholder no plan should keep.
                let example = graph
                    .plan
                    .numbers
                    .first()
                    .map_or("+49 30 901820", |n| n.e164.as_str());
                let help = near.unwrap_or_else(|| {
                    format!(
                        "write the number as the plan does (`{example}`), or `fleet` for a fleet step"
                    )
                });
                return usage_error(
                    out,
                    &format!(
                        "`{}` is neither a phone number nor `fleet`",
                        journal::masked(&args.number)
                    ),
                    Some(&help),
                );
            }
        }
    };
    let resolver = fold::Resolver::new(&graph);
    // Ids are compared in Unicode's composed form (NFC), as the plan's are read.
    let step = crate::plan::diags::composed_id(&args.step);
    let node = match resolver.node(&graph, number.as_ref(), &step) {
        Ok(node) => node,
        Err(why) => {
            let shown = number.as_ref().map_or(FLEET, E164::as_str);
            let (problem, fix) = why.describe(shown, &journal::masked(&args.step));
            return usage_error(out, &problem, Some(&fix));
        }
    };
    // The event names the number as the plan does (another spelling found it), so the journal and
    // every report show one form of it.
    let number = number.map(|n| {
        resolver
            .number(&n)
            .map_or(n, |i| graph.plan.numbers[i].e164.clone())
    });
    let now = Utc::now();
    let at: DateTime<Utc> = match &args.at {
        None => now,
        Some(text) => match crate::cli::evaluated::at_value(text, &graph.plan) {
            Ok(t) => t,
            Err(kind) => {
                let help = crate::cli::evaluated::at_help(&kind);
                return usage_error(out, &format!("--at: {kind}"), Some(&help));
            }
        },
    };
    // The journal holds whole seconds and its reader refuses a fraction. Dropping `.5` would put
    // two events the user ordered within one second on the same second, so it is refused.
    if args.at.is_some() && chrono::Timelike::nanosecond(&at) != 0 {
        return usage_error(
            out,
            &format!(
                "--at: `{}` has a fraction of a second; the journal records whole seconds",
                journal::masked(args.at.as_deref().unwrap_or_default().trim())
            ),
            Some(
                "give the time without the fraction (e.g. `10:00:00Z`, or `10:00:01Z` to keep it after an event at `10:00:00Z`)",
            ),
        );
    }
    let at = chrono::SubsecRound::trunc_subsecs(at, 0);
    if !journal::read::YEARS.contains(&chrono::Datelike::year(&at)) {
        // Not even with --force: the journal's readers refuse such a line.
        return usage_error(
            out,
            &format!(
                "--at: {} is outside the years {} to {} a journal holds",
                crate::calendar::local_text(at, graph.plan.destination.time_zone),
                journal::read::YEARS.start(),
                journal::read::YEARS.end()
            ),
            Some("give the moment the step happened"),
        );
    }
    let fingerprint = journal::fingerprint(file.text());
    // Nothing more is shown from the plan's text (a fleet's is tens of megabytes).
    file.release_text();
    let mut overrode: Option<String> = None;
    let mut now_ready = Vec::new();
    // Called once, or twice for a journal that does not exist yet (first against no events, to
    // leave no empty file behind when refused; then under the lock). It reads the graph only.
    let waiting = |out: &mut Out| {
        let _ =
            out.diag("waiting for the journal's lock: another `wamigrate record` is writing...\n");
    };
    let appended = journal::write::append(
        &path,
        || waiting(out),
        |journal| {
            overrode = None;
            now_ready.clear();
            if journal.has_errors() {
                // The first few lines; `journal` shows them all.
                let first = journal.bad.listed().iter().take(10);
                let mut bad = first.map(u32::to_string).collect::<Vec<_>>().join(", ");
                if journal.bad.len() > 10 {
                    let _ = write!(bad, " and {} more", journal.bad.len() - 10);
                }
                return Err(Refused::Journal(Diagnostic::file_error(
                    JournalKind::Refused {
                        problem: format!(
                            "{} has lines that are not events (line {bad}); nothing is recorded until they are mended",
                            journal.name
                        ),
                        fix: format!(
                            "`wamigrate journal {}{}` shows where",
                            super::shown_path(&args.plan),
                            args.journal
                                .as_ref()
                                .map(|j| format!(" --journal {}", j.display()))
                                .unwrap_or_default()
                        ),
                    },
                )));
            }
            let last = journal.last_plan().map(str::to_string);
            let stale_from = last.filter(|l| *l != fingerprint);
            if let Some(recorded) = &stale_from
                && !args.rebaseline
            {
                return Err(Refused::Journal(Diagnostic::file_error(
                    JournalKind::Stale {
                        recorded: recorded.clone(),
                        current: fingerprint.clone(),
                    },
                )));
            }
            let id = journal::new_id().map_err(|e| {
                Refused::Journal(Diagnostic::file_error(JournalKind::Unreadable {
                    reason: format!("no randomness for an event id: {e}"),
                }))
            })?;
            let event = Event {
                id: id.into(),
                // After everything already recorded, even by a clone whose clock runs ahead: the
                // order of recording is what an undo cancels by.
                recorded: journal
                    .events
                    .iter()
                    .map(|r| r.event.recorded + chrono::Duration::seconds(1))
                    .fold(
                        chrono::SubsecRound::trunc_subsecs(Utc::now(), 0),
                        DateTime::max,
                    ),
                at,
                number: number
                    .as_ref()
                    .map_or_else(|| FLEET.into(), |n| n.as_str().into()),
                step: graph.id(node).into(),
                event: kind,
                by: by.as_deref().map(CompactString::from),
                plan: fingerprint.as_str().into(),
                more: journal::More {
                    reason: reason.map(str::to_string),
                    note: args.note.clone(),
                    forced: args.force.clone(),
                    rebaseline: stale_from.filter(|_| args.rebaseline),
                }
                .boxed(),
            };
            // Last among events of the same moment, as it is appended last.
            let new = Recorded::new(
                u32::MAX,
                crate::source::Span::default(),
                event,
                number.as_ref(),
            );
            if let Err(Refusal {
                problem,
                fix,
                forceable,
            }) = fold::check(&graph, &journal.events, &new, node, now)
            {
                let fix = fix
                    .replace("PLAN", &super::shown_path(&args.plan))
                    .replace("NUMBER", number.as_ref().map_or(FLEET, E164::as_str));
                if args.force.is_none() || !forceable {
                    return Err(Refused::Journal(Diagnostic::file_error(
                        JournalKind::Refused { problem, fix },
                    )));
                }
                overrode = Some(problem);
            }
            if matches!(kind, EventKind::Done | EventKind::Skipped) {
                let folded = fold::fold(&graph, &journal.events, DateTime::<Utc>::MAX_UTC);
                now_ready = fold::unlocked(&graph, &folded, node);
            }
            Ok(new.event)
        },
    );
    let refused = match appended {
        Ok(Ok(appended)) => Ok(appended),
        Ok(Err(Refused::Journal(d))) => Err(d),
        Err(e) if e.kind() == io::ErrorKind::TimedOut => {
            Err(Diagnostic::file_error(JournalKind::Busy {
                reason: e.to_string(),
            }))
        }
        Err(e) => Err(Diagnostic::file_error(JournalKind::Unreadable {
            reason: e.to_string(),
        })),
    };
    let appended = match refused {
        Ok(appended) => appended,
        Err(d) => return not_recorded(out, &path, args.format, &d),
    };
    let journal_name = super::shown_path(&path);
    match args.format {
        Format::Json => out.json(&Confirmation {
            format_version: crate::journal::RECORD_FORMAT_VERSION,
            journal: journal_name,
            line: appended.line,
            event: &appended.event,
            overrode: overrode.as_deref(),
            now_ready: &now_ready,
        })?,
        Format::Text => {
            let e = &appended.event;
            let zone = graph.plan.destination.time_zone;
            let mut text = format!(
                "recorded: {} {} {} at {}",
                number.as_ref().map_or(FLEET, E164::as_str),
                e.step,
                e.event.as_str(),
                crate::calendar::local_text(e.at, zone)
            );
            if let Some(by) = &e.by {
                let _ = write!(text, " by {}", journal::masked(by));
            }
            let _ = write!(text, "\n  {journal_name}:{}\n", appended.line);
            if let Some(problem) = &overrode {
                let _ = write!(
                    text,
                    "  forced past: {problem}\n  reason: {}\n",
                    journal::masked(e.forced().unwrap_or(""))
                );
            }
            if e.rebaseline().is_some() {
                text.push_str("  the plan's change since the last event is acknowledged\n");
            }
            if !now_ready.is_empty() {
                text.push_str("  now ready:\n");
                for u in &now_ready {
                    let whom = if u.numbers > u.first.len() {
                        format!("{} numbers ({}, ...)", u.numbers, u.first.join(", "))
                    } else {
                        u.first.join(", ")
                    };
                    let _ = writeln!(text, "    {} ({}) for {whom}", u.step, u.owner.as_str());
                }
            }
            out.data(&text)?;
        }
    }
    Ok(0)
}
