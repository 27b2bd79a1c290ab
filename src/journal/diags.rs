//! The problems the journal stage reports: lines that are not events, lines cut short by a crash,
//! events that contradict each other or the plan, and the refusals of `record`.

use std::fmt;

use crate::diagnostic::Kind;

/// A journal problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalKind {
    /// The journal file cannot be read.
    Unreadable {
        /// Why.
        reason: String,
    },
    /// The journal named by `--journal` does not exist (a `journal-unreadable` error: a misspelt
    /// path must not read as a journal with nothing recorded).
    Missing {
        /// The path as given.
        path: String,
    },
    /// Another writer held the journal's lock for too long.
    Busy {
        /// What happened.
        reason: String,
    },
    /// A line that is not a journal event.
    BadLine {
        /// What is wrong with it.
        problem: String,
    },
    /// A line cut short, as a crash while writing leaves it.
    TornLine,
    /// An event that contradicts what the journal already says of the step.
    Conflict {
        /// What it contradicts.
        problem: String,
    },
    /// An event for a number or step the plan does not have (any more).
    UnknownEntry {
        /// The number or step and what is missing.
        problem: String,
        /// How to go on, when known (a step id in another case); else the plan changed.
        fix: Option<String>,
    },
    /// The journal was last written against a different plan.
    Stale {
        /// The fingerprint the last event was recorded against.
        recorded: String,
        /// The plan's fingerprint now.
        current: String,
    },
    /// `record` refused an event that cannot have happened.
    Refused {
        /// Why.
        problem: String,
        /// How to go on.
        fix: String,
    },
    /// A note, reason or name that may hold the PIN.
    PinInText {
        /// Which option.
        field: &'static str,
    },
}

impl JournalKind {
    /// Every code of this stage, in documentation order.
    pub const CODES: &'static [&'static str] = &[
        "journal-unreadable",
        "journal-busy",
        "journal-bad-line",
        "journal-torn-line",
        "journal-conflict",
        "journal-unknown-entry",
        "journal-stale",
        "transition-refused",
        "pin-in-record",
    ];
}

impl Kind for JournalKind {
    fn code(&self) -> &'static str {
        match self {
            JournalKind::Unreadable { .. } | JournalKind::Missing { .. } => "journal-unreadable",
            JournalKind::Busy { .. } => "journal-busy",
            JournalKind::BadLine { .. } => "journal-bad-line",
            JournalKind::TornLine => "journal-torn-line",
            JournalKind::Conflict { .. } => "journal-conflict",
            JournalKind::UnknownEntry { .. } => "journal-unknown-entry",
            JournalKind::Stale { .. } => "journal-stale",
            JournalKind::Refused { .. } => "transition-refused",
            JournalKind::PinInText { .. } => "pin-in-record",
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            JournalKind::Unreadable { .. } => {
                "check the path and permissions; `--journal PATH` names another journal".into()
            }
            JournalKind::Missing { .. } => "check the path's spelling, or leave `--journal` out to read the journal beside the plan (`dry-run` and the other reports also take `--no-journal`); `wamigrate record PLAN NUMBER STEP EVENT --journal PATH` starts this one with its first event".into(),
            JournalKind::Busy { .. } => "another `wamigrate record` (or a process holding the file) is still writing; try again, and look for a stuck process if it keeps happening".into(),
            JournalKind::BadLine { .. } => "the journal is written by `wamigrate record`; restore this line from version control, or record the event again and delete the line by hand".into(),
            JournalKind::TornLine => "a crash cut this event short, so it was not recorded; record it again (`wamigrate journal` shows what was kept)".into(),
            JournalKind::Conflict { .. } => "if both records are true, nothing is lost; otherwise record `--undone REASON` for the wrong one".into(),
            JournalKind::UnknownEntry { fix: None, .. } => {
                "the plan changed after this event was recorded; it is kept in the journal but not counted".into()
            }
            JournalKind::Stale { .. } => "review what changed in the plan, then record the next event with `--rebaseline` to acknowledge it".into(),
            JournalKind::Refused { fix, .. } | JournalKind::UnknownEntry { fix: Some(fix), .. } => {
                fix.clone()
            }
            JournalKind::PinInText { field } => format!(
                "the two-step verification PIN must never be written down; reword `{field}` without it"
            ),
        })
    }
}

impl fmt::Display for JournalKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalKind::Unreadable { reason } => write!(f, "the journal cannot be read: {reason}"),
            JournalKind::Missing { path } => {
                write!(
                    f,
                    "the journal cannot be read: `{path}` (named by `--journal`) does not exist"
                )
            }
            JournalKind::Busy { reason } => write!(f, "the journal is busy: {reason}"),
            JournalKind::BadLine { problem } => write!(f, "not a journal event: {problem}"),
            JournalKind::TornLine => f.write_str(
                "this event was cut short while it was written (a crash or a full disk)",
            ),
            JournalKind::Conflict { problem } | JournalKind::UnknownEntry { problem, .. } => {
                f.write_str(problem)
            }
            JournalKind::Stale { recorded, current } => write!(
                f,
                "the journal was written against another version of the plan (last event: {recorded}, plan now: {current})"
            ),
            JournalKind::Refused { problem, .. } => f.write_str(problem),
            JournalKind::PinInText { field } => {
                write!(f, "`{field}` holds six digits, which may be the PIN")
            }
        }
    }
}
