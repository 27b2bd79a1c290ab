//! The journal: what happened during a migration, when and by whom, kept beside the plan.
//!
//! A plan says what must happen; its `done:` and `started:` lists say what was known when it was
//! written. During a cutover several people move the plan forward step by step, and each move is
//! an [`Event`] appended to `PLAN.journal` (one JSON object per line, never rewritten in place):
//!
//! ```text
//! plan.yaml + plan.journal ─► read (events, torn and bad lines) ─► fold onto the StepGraph
//!                                                                 ─► Evaluation as usual
//! ```
//!
//! - [`read`] turns the journal's text into events in time order, dropping exact duplicates (a
//!   git union merge of two clones repeats nothing twice), and reports torn, bad and conflicting
//!   lines, located.
//! - [`fold`] replays the events onto a compiled graph, so every renderer sees the journal's
//!   facts, and checks a new event against them before it is recorded (guarded transitions).
//! - [`write`](mod@write) appends one event durably, under a file lock, on a fresh line.

pub mod diags;
pub mod fold;
pub mod read;
pub mod write;

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub(crate) use crate::secret::{each_digit_group, is_iso_date};
pub use crate::secret::{holds_pin, masked};
pub use diags::JournalKind;

/// The journal's `number` for a fleet step.
pub const FLEET: &str = "fleet";

/// The version of the JSON of `record` (docs/journal.md, "JSON versions"). Version 2: the owner
/// `implementation-partner` is a new value of `now_ready[].owner`.
pub const RECORD_FORMAT_VERSION: u32 = 2;

/// The version of the JSON of `journal` (docs/journal.md, "JSON versions").
pub const JOURNAL_FORMAT_VERSION: u32 = 1;

/// What happened to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Work on it began (for a request: it was sent).
    Started,
    /// It is done (for a request: as its `done_when` says).
    Done,
    /// An attempt failed; the step is to be tried again.
    Failed,
    /// It will not be done, for a reason; what needs it may go on.
    Skipped,
    /// An earlier record of it was wrong; it is back to not started.
    Undone,
}

impl EventKind {
    /// Every kind, in the order a step usually meets them.
    pub const ALL: [EventKind; 5] = [
        EventKind::Started,
        EventKind::Done,
        EventKind::Failed,
        EventKind::Skipped,
        EventKind::Undone,
    ];

    /// The name written in the journal and shown.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Started => "started",
            EventKind::Done => "done",
            EventKind::Failed => "failed",
            EventKind::Skipped => "skipped",
            EventKind::Undone => "undone",
        }
    }

    /// Whether the event must say why.
    #[must_use]
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            EventKind::Failed | EventKind::Skipped | EventKind::Undone
        )
    }
}

/// One line of the journal, as it is kept once read. The free texts few events have (why, a
/// note, a forced override's reason, a rebaseline) sit behind one pointer in [`Event::more`]: a
/// fleet's journal holds half a million events, and four optional strings were more than a third
/// of an event's size. As written, it is a `Line`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Line", into = "Line")]
pub struct Event {
    /// Unique id (random letters), so a union merge of two clones can tell a repeat from a twin.
    pub id: CompactString,
    /// When it was recorded (UTC).
    pub recorded: DateTime<Utc>,
    /// When it happened (UTC); a step done at 22:14 may be recorded at 22:30.
    pub at: DateTime<Utc>,
    /// The number in E.164 form, or `fleet` for a fleet step.
    pub number: CompactString,
    /// The step id.
    pub step: CompactString,
    /// What happened.
    pub event: EventKind,
    /// Who did it.
    pub by: Option<CompactString>,
    /// Fingerprint of the plan the event was recorded against (see [`fingerprint`]).
    pub plan: CompactString,
    /// The rarer fields, when the event has any.
    pub more: Option<Box<More>>,
}

/// The fields of an event that few events have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct More {
    /// Why (required for `failed`, `skipped` and `undone`).
    pub reason: Option<String>,
    /// A free note.
    pub note: Option<String>,
    /// Recorded with `--force` despite a guard: the reason given.
    pub forced: Option<String>,
    /// Recorded with `--rebaseline`: the fingerprint of the earlier plan it acknowledges.
    pub rebaseline: Option<String>,
}

impl More {
    /// `self` boxed, or nothing when it holds nothing.
    #[must_use]
    pub fn boxed(self) -> Option<Box<More>> {
        (self != More::default()).then(|| Box::new(self))
    }
}

/// One line of the journal as written: a JSON object of these fields.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    id: CompactString,
    #[serde(deserialize_with = "recorded_time")]
    recorded: DateTime<Utc>,
    #[serde(deserialize_with = "at_time")]
    at: DateTime<Utc>,
    number: CompactString,
    step: CompactString,
    event: EventKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<CompactString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    forced: Option<String>,
    plan: CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rebaseline: Option<String>,
}

/// Reads `recorded` ([`rfc3339`]).
fn recorded_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    rfc3339(d, "recorded")
}

/// Reads `at` ([`rfc3339`]).
fn at_time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
    rfc3339(d, "at")
}

/// Reads the time in `field` as RFC 3339 writes it (a four-digit year; `T`, `t` or a space
/// between date and time; any offset), in UTC. chrono's own reading also takes a signed,
/// expanded year (`+02026-12-05T09:05:00Z`) and spaces around the fields, which `record` never
/// writes: such a line is bad.
fn rfc3339<'de, D: serde::Deserializer<'de>>(
    d: D,
    field: &'static str,
) -> Result<DateTime<Utc>, D::Error> {
    struct Visitor(&'static str);

    impl serde::de::Visitor<'_> for Visitor {
        type Value = DateTime<Utc>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "`{}` as an RFC 3339 time", self.0)
        }

        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<DateTime<Utc>, E> {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| {
                    E::custom(format_args!(
                        "`{}` is not an RFC 3339 time (`2026-12-05T21:14:00Z`: a four-digit year, then month, day, hour, minute, second and offset)",
                        self.0
                    ))
                })
        }
    }

    d.deserialize_str(Visitor(field))
}

impl From<Line> for Event {
    fn from(l: Line) -> Event {
        Event {
            id: l.id,
            recorded: l.recorded,
            at: l.at,
            number: l.number,
            // The plan's ids are read in Unicode's composed form (NFC); so is a journal's.
            step: match crate::plan::diags::composed_id(&l.step) {
                std::borrow::Cow::Borrowed(_) => l.step,
                std::borrow::Cow::Owned(composed) => composed.into(),
            },
            event: l.event,
            by: l.by,
            plan: l.plan,
            more: More {
                reason: l.reason,
                note: l.note,
                forced: l.forced,
                rebaseline: l.rebaseline,
            }
            .boxed(),
        }
    }
}

impl From<Event> for Line {
    fn from(e: Event) -> Line {
        let more = e.more.map(|m| *m).unwrap_or_default();
        Line {
            id: e.id,
            recorded: e.recorded,
            at: e.at,
            number: e.number,
            step: e.step,
            event: e.event,
            by: e.by,
            reason: more.reason,
            note: more.note,
            forced: more.forced,
            plan: e.plan,
            rebaseline: more.rebaseline,
        }
    }
}

impl Event {
    /// Why (required for `failed`, `skipped` and `undone`).
    #[must_use]
    pub fn reason(&self) -> Option<&str> {
        self.more.as_ref()?.reason.as_deref()
    }

    /// A free note.
    #[must_use]
    pub fn note(&self) -> Option<&str> {
        self.more.as_ref()?.note.as_deref()
    }

    /// Recorded with `--force` despite a guard: the reason given.
    #[must_use]
    pub fn forced(&self) -> Option<&str> {
        self.more.as_ref()?.forced.as_deref()
    }

    /// Recorded with `--rebaseline`: the fingerprint of the earlier plan it acknowledges.
    #[must_use]
    pub fn rebaseline(&self) -> Option<&str> {
        self.more.as_ref()?.rebaseline.as_deref()
    }

    /// The free texts of the event (who, why, note, forced), which may hold anything a person
    /// typed or a hand edit put there.
    pub fn free_texts(&self) -> impl Iterator<Item = &str> {
        [self.reason(), self.note(), self.forced()]
            .into_iter()
            .flatten()
            .chain(self.by.as_deref())
    }
}

/// The journal beside a plan: `plans/bsp.yaml` → `plans/bsp.journal`. Standard input has none.
#[must_use]
pub fn path_for(plan: &Path) -> Option<PathBuf> {
    if plan == Path::new("-") {
        return None;
    }
    Some(plan.with_extension("journal"))
}

/// A fingerprint of what a plan says: sha256 of its text with line endings, trailing spaces,
/// blank lines and whole-line comments left out (so re-wording a comment does not count as a
/// change), as `sha256:` and its first 64 bits in 16 letters `a`-`p` (one per hex digit, so
/// no fingerprint holds a run of digits that could pass for a PIN).
#[must_use]
pub fn fingerprint(plan_text: &str) -> String {
    let mut hasher = Sha256::new();
    for line in plan_text.lines() {
        let line = line.trim_end();
        let bare = line.trim_start();
        if bare.is_empty() || bare.starts_with('#') {
            continue;
        }
        hasher.update(line.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    let mut out = String::with_capacity(7 + 16);
    out.push_str("sha256:");
    for byte in &digest[..8] {
        for nibble in [byte >> 4, byte & 0xf] {
            out.push(char::from(b'a' + nibble));
        }
    }
    out
}

/// Whether `text` is a fingerprint as [`fingerprint`] writes it.
#[must_use]
pub fn is_fingerprint(text: &str) -> bool {
    text.strip_prefix("sha256:")
        .is_some_and(|rest| rest.len() == 16 && rest.bytes().all(|b| (b'a'..=b'p').contains(&b)))
}

/// The letters of an event id: lower case, without `i`, `l` and `o` (no digits, so no id can
/// look like a PIN).
pub const ID_LETTERS: &[u8; 23] = b"abcdefghjkmnpqrstuvwxyz";

/// How many letters an event id has.
pub const ID_LEN: usize = 20;

/// A new event id: [`ID_LEN`] random [`ID_LETTERS`].
///
/// # Errors
/// When the system has no randomness to give.
pub fn new_id() -> Result<String, getrandom::Error> {
    let mut bytes = [0_u8; ID_LEN];
    getrandom::fill(&mut bytes)?;
    // A slight modulo bias is harmless: ids need to be unique, not uniform.
    Ok(bytes
        .iter()
        .map(|b| char::from(ID_LETTERS[usize::from(*b) % ID_LETTERS.len()]))
        .collect())
}

/// Whether `text` is an event id as [`new_id`] writes it: [`ID_LEN`] of [`ID_LETTERS`], which
/// is what the journal's readers accept.
#[must_use]
pub fn is_event_id(text: &str) -> bool {
    text.len() == ID_LEN && text.bytes().all(|b| ID_LETTERS.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_sits_beside_the_plan() {
        assert_eq!(
            path_for(Path::new("plans/bsp.yaml")),
            Some(PathBuf::from("plans/bsp.journal"))
        );
        assert_eq!(
            path_for(Path::new("plan")),
            Some(PathBuf::from("plan.journal"))
        );
        assert_eq!(path_for(Path::new("-")), None);
    }

    #[test]
    fn the_fingerprint_ignores_comments_blank_lines_and_line_endings_only() {
        let plan = "version: 1\nname: x\n";
        let same = "# a comment\r\nversion: 1   \r\n\r\n  # another\r\nname: x\r\n";
        let changed = "version: 1\nname: y\n";
        assert_eq!(fingerprint(plan), fingerprint(same));
        assert_ne!(fingerprint(plan), fingerprint(changed));
        assert!(is_fingerprint(&fingerprint(plan)));
        assert!(
            fingerprint(plan)[7..]
                .bytes()
                .all(|b| b.is_ascii_lowercase())
        );
        assert!(!is_fingerprint("sha256:0123456789abcdef"));
    }

    #[test]
    fn ids_are_letters_and_unique() {
        let a = new_id().expect("randomness");
        let b = new_id().expect("randomness");
        assert_eq!(a.len(), 20);
        assert!(a.chars().all(|c| c.is_ascii_lowercase()));
        assert_ne!(a, b);
    }

    #[test]
    fn the_ids_and_times_record_writes_read_back_and_no_others() {
        // What `record` writes is what the readers accept: every id it makes, and its times
        // (whole seconds, UTC) at both ends of the years a journal holds.
        let times = [
            "2000-01-01T00:00:00Z",
            "2026-12-05T21:14:00Z",
            "2199-12-31T23:59:59Z",
        ];
        for (i, at) in (0..30).zip(times.iter().cycle()) {
            let at: DateTime<Utc> = at.parse().expect("a time");
            let event = Event {
                id: new_id().expect("randomness").into(),
                recorded: at,
                at,
                number: "+14155550100".into(),
                step: "save-integration".into(),
                event: EventKind::Started,
                by: None,
                plan: "sha256:aaaaaaaaaaaaaaaa".into(),
                more: None,
            };
            assert!(is_event_id(&event.id), "{i}: {}", event.id);
            let mut line = serde_json::to_vec(&event).expect("JSON");
            line.push(b'\n');
            assert_eq!(read::problem_of_line(&line), None, "{i}: {}", event.id);
            let back = read::parse("p.journal", &line);
            assert_eq!(back.events[0].event, event);
        }
        for id in [
            "",
            "a",
            "abcdefghjkmnpqrstuv",
            "abcdefghjkmnpqrstuvwx",
            "ABCDEFGHJKMNPQRSTUVW",
            "abcdefghjkmnpqrstuv7",
            "abcdefghijklmnopqrst",
            "abcdefghjkmnpqrstu-w",
            "abcdefghjkmnpqrstuv\u{e9}",
        ] {
            assert!(!is_event_id(id), "{id}");
        }
    }

    #[test]
    fn a_pin_split_or_in_other_digits_is_still_a_pin() {
        assert!(holds_pin("PIN 48 29 13"));
        assert!(holds_pin("pin 48.29.13"));
        assert!(holds_pin("PIN is 48  29  13"));
        assert!(holds_pin("pin 48_29_13"));
        assert!(holds_pin("pin 48/29/13"));
        assert!(holds_pin("pin 482,913"));
        for split in [
            "pin 48:29:13",
            "pin 48|29|13",
            "pin (482)913",
            "pin 48+29+13",
            "pin=48'29'13",
        ] {
            assert!(holds_pin(split), "{split}");
            assert!(!masked(split).contains("48"), "{split}");
        }
        assert!(holds_pin(
            "pin \u{ff14}\u{ff18}\u{ff12}\u{ff19}\u{ff11}\u{ff13} rejected"
        ));
        assert!(!holds_pin("called +49 30 901820"));
        assert!(!holds_pin("on 2026-12-04 at 22:14"));
        assert_eq!(masked("PIN 48 29 13!"), "PIN ** ** **!");
        assert_eq!(
            masked("\u{ff14}\u{ff18}\u{ff12}\u{ff19}\u{ff11}\u{ff13}"),
            "******"
        );
        assert_eq!(masked("+49 30 901820"), "+** ** ******");
        assert_eq!(masked("ticket 12345"), "ticket 12345");
        assert_eq!(masked("on 2026-12-04 at 22:14"), "on 2026-12-04 at 22:14");
    }

    #[test]
    fn a_known_error_code_after_error_is_not_a_pin() {
        assert!(!holds_pin("error 133005"));
        assert!(!holds_pin("PIN mismatch, Meta error #133005"));
        assert!(!holds_pin("failed with err 131026 again"));
        assert_eq!(masked("error 133005"), "error 133005");
        // Not after "error", or not a known code: still a possible PIN.
        assert!(holds_pin("pin 133005"));
        assert!(holds_pin("error 482913"));
        assert_eq!(masked("pin 133005"), "pin ******");
    }

    #[test]
    fn a_six_digit_run_is_a_possible_pin() {
        assert!(holds_pin("pin is 482913"));
        assert!(holds_pin("code 482913 given"));
        assert!(holds_pin("482913"));
        assert!(!holds_pin("ticket 12345 opened"));
        assert!(!holds_pin("called +1 415 555 0100 at 22:14"));
    }

    #[test]
    fn long_digit_runs_are_masked_when_shown() {
        assert_eq!(masked("pin 482913 ok"), "pin ****** ok");
        assert_eq!(masked("ticket 12345"), "ticket 12345");
        assert_eq!(masked("7-digit 1234567"), "7-digit *******");
    }
}
