//! Journal text → events in time order, with every line that is not one reported, located.
//!
//! Every non-blank line is accounted for: an event, an exact repeat of an earlier one (a union
//! merge of two clones that both hold it), a line cut short by a crash (a warning: the event is
//! lost, and said so), or a bad line (an error, at `plan.journal:LINE:COLUMN`). Nothing is skipped
//! without a word.

use chrono::{DateTime, Utc};
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;
use rayon::prelude::*;
use std::hash::BuildHasher as _;
use std::ops::Range;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::journal::{Event, FLEET, JournalKind};
use crate::plan::E164;
use crate::source::{Redaction, SourceFile, Span};

/// One event and where it was read.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// 1-based line in the journal.
    pub line: u32,
    /// The line.
    pub span: Span,
    /// The event.
    pub event: Event,
    /// Its number, read; `None` for a fleet step.
    pub number: Option<E164>,
}

/// A journal as read.
#[derive(Debug)]
pub struct Journal {
    /// The journal file (for diagnostics; its free texts are masked in snippets).
    pub file: SourceFile,
    /// Whether the file exists (a plan without a journal has none yet).
    pub exists: bool,
    /// The events, in the order they happened (then recorded, then written).
    pub events: Vec<Recorded>,
    /// Lines holding an exact repeat of an earlier event, dropped.
    pub duplicates: Vec<u32>,
    /// Lines cut short by a crash.
    pub torn: Vec<u32>,
    /// Bad lines.
    pub bad: Vec<u32>,
    /// Lines reusing an earlier event's id with other contents (not counted).
    pub twins: Vec<u32>,
    /// Problems, in line order.
    pub diagnostics: Vec<Diagnostic>,
}

impl Journal {
    /// A journal with no events (no file yet).
    #[must_use]
    pub fn empty(name: &str) -> Journal {
        let mut file = SourceFile::new(name, "");
        file.set_redaction(Redaction::read(Vec::new(), None));
        Journal {
            file,
            exists: false,
            events: Vec::new(),
            duplicates: Vec::new(),
            torn: Vec::new(),
            bad: Vec::new(),
            twins: Vec::new(),
            diagnostics: Vec::new(),
        }
    }

    /// Every line the journal's reading accounted for, each once: an event, a repeat, a torn,
    /// bad or twin line (what the fuzz target and the property tests check against the text).
    #[must_use]
    pub fn accounted_lines(&self) -> Vec<u32> {
        let mut lines: Vec<u32> = self
            .events
            .iter()
            .map(|r| r.line)
            .chain(self.duplicates.iter().copied())
            .chain(self.torn.iter().copied())
            .chain(self.bad.iter().copied())
            .chain(self.twins.iter().copied())
            .collect();
        lines.sort_unstable();
        lines
    }

    /// The plan fingerprint of the event recorded last (by the time it was recorded).
    #[must_use]
    pub fn last_plan(&self) -> Option<&str> {
        self.events
            .iter()
            .max_by_key(|r| (r.event.recorded, r.line))
            .map(|r| r.event.plan.as_str())
    }

    /// The warning that the journal's last event was recorded against another version of the
    /// plan whose text is `plan_text`, if it was. The plan is hashed only when the journal has
    /// an event (a 30 MB plan takes a tenth of a second).
    #[must_use]
    pub fn stale(&self, plan_text: &str) -> Option<Diagnostic> {
        let recorded = self.last_plan()?;
        let current = crate::journal::fingerprint(plan_text);
        (recorded != current).then(|| {
            Diagnostic::file_error(JournalKind::Stale {
                recorded: recorded.to_string(),
                current,
            })
            .with_severity(crate::diagnostic::Severity::Warning)
        })
    }

    /// Whether some line is bad (torn lines and conflicts are warnings).
    #[must_use]
    pub fn has_errors(&self) -> bool {
        crate::diagnostic::has_errors(&self.diagnostics)
    }

    /// What a report says of the journal once its events are folded, taking the line lists; the
    /// events and the text can then go (a journal of half a million events holds a few hundred
    /// megabytes).
    #[must_use]
    pub fn into_summary(self) -> JournalSummary {
        self.summary()
    }

    /// What a report says of the journal (see [`Journal::into_summary`]).
    #[must_use]
    pub fn summary(&self) -> JournalSummary {
        JournalSummary {
            exists: self.exists,
            events: self.events.len(),
            last_recorded: self.events.iter().map(|r| r.event.recorded).max(),
            duplicates: self.duplicates.clone(),
            torn: self.torn.clone(),
            bad: self.bad.len(),
        }
    }
}

/// What a report says of a journal after its events are folded ([`Journal::into_summary`]).
#[derive(Debug, Clone, Default)]
pub struct JournalSummary {
    /// Whether the file exists.
    pub exists: bool,
    /// Events read (repeats, torn, bad and twin lines left out).
    pub events: usize,
    /// When the last event was recorded.
    pub last_recorded: Option<DateTime<Utc>>,
    /// Lines holding an exact repeat of an earlier event.
    pub duplicates: Vec<u32>,
    /// Lines cut short by a crash.
    pub torn: Vec<u32>,
    /// Bad lines.
    pub bad: usize,
}

/// The most a journal may hold: about two and a half million events (`record` writes about
/// 215 bytes an event; a fleet of 100,000 numbers with five events each is 95 MiB). Past it the
/// journal is refused rather than read: a path that names a device (`/dev/zero`) or a runaway
/// file would otherwise be read until memory runs out.
pub const MAX_JOURNAL_BYTES: u64 = 512 * 1024 * 1024;

/// Reads at most [`MAX_JOURNAL_BYTES`] (and one more byte, to tell a journal that is larger).
fn read_bounded(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(MAX_JOURNAL_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_JOURNAL_BYTES {
        return Err(std::io::Error::other(format!(
            "it holds more than {} MiB, the most a journal may (is the path a device or the wrong file?)",
            MAX_JOURNAL_BYTES / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// Reads the journal at `path`; a missing file is an empty journal.
#[must_use]
pub fn read_path(path: &Path) -> Journal {
    let name = path.display().to_string();
    match read_bounded(path) {
        Ok(bytes) => parse_owned(&name, bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Journal::empty(&name),
        Err(e) => {
            let mut journal = Journal::empty(&name);
            journal.exists = true;
            journal
                .diagnostics
                .push(Diagnostic::file_error(JournalKind::Unreadable {
                    reason: e.to_string(),
                }));
            journal
        }
    }
}

/// Reads journal bytes named `name`.
#[must_use]
pub fn parse(name: &str, bytes: &[u8]) -> Journal {
    parse_owned(name, bytes.to_vec())
}

/// Reads journal bytes named `name`, taking them (a journal that is all UTF-8, as every one
/// `record` writes, becomes its text without a copy).
#[must_use]
pub fn parse_owned(name: &str, bytes: Vec<u8>) -> Journal {
    let (text, decoding) = decode(bytes);
    build(name, text, &decoding)
}

/// The journal's text, and how each line decoded. Each line is decoded on its own: bytes that
/// are not UTF-8 spoil their line only, and a final line cut inside a character (a crash
/// mid-write) is torn, not bad.
fn decode(bytes: Vec<u8>) -> (String, Vec<Decoded>) {
    let bytes = match String::from_utf8(bytes) {
        Ok(text) => {
            let lines = text.bytes().filter(|b| *b == b'\n').count() + 1;
            return (text, vec![Decoded::Text; lines]);
        }
        Err(e) => e.into_bytes(),
    };
    let pieces: Vec<&[u8]> = bytes.split(|b| *b == b'\n').collect();
    let mut text = String::with_capacity(bytes.len());
    let mut decoding = Vec::with_capacity(pieces.len());
    for (i, piece) in pieces.iter().enumerate() {
        let last = i + 1 == pieces.len();
        decoding.push(match std::str::from_utf8(piece) {
            Ok(s) => {
                text.push_str(s);
                Decoded::Text
            }
            Err(e) => {
                text.push_str(&String::from_utf8_lossy(piece));
                // Cut inside its last character (a crash mid-write): torn, wherever it sits, as
                // the next append starts a fresh line after it.
                let trailing = piece.strip_suffix(b"\r").unwrap_or(piece);
                if e.error_len().is_none()
                    || std::str::from_utf8(trailing)
                        .err()
                        .is_some_and(|t| t.error_len().is_none())
                {
                    Decoded::CutInACharacter
                } else {
                    Decoded::NotUtf8
                }
            }
        });
        if !last {
            text.push('\n');
        }
    }
    (text, decoding)
}

/// Reads the decoded text into events.
fn build(name: &str, text: String, decoding: &[Decoded]) -> Journal {
    let mut file = SourceFile::new(name, text);
    file.set_redaction(Redaction::read(digit_runs(file.text()), None));
    let mut journal = Journal {
        exists: true,
        events: Vec::new(),
        duplicates: Vec::new(),
        torn: Vec::new(),
        bad: Vec::new(),
        twins: Vec::new(),
        diagnostics: Vec::new(),
        file: SourceFile::new(name, ""),
    };
    // Each event's index, found by its id: the table keeps indices only, and compares ids in
    // the events themselves.
    let hasher = hashbrown::DefaultHashBuilder::default();
    let mut ids: HashTable<usize> = HashTable::new();
    let text = file.text();
    // Lines are read on every core, a batch at a time (a batch of parsed events is small beside
    // the journal), and taken in order: repeats and twins are told by the first line with an id.
    let mut lines: Vec<Line<'_>> = Vec::with_capacity(LINE_BATCH);
    let mut offset = 0_usize;
    let mut line_no = 0_u32;
    let mut pieces = text.split('\n').zip(decoding);
    loop {
        lines.clear();
        for (raw, &decoded) in pieces.by_ref().take(LINE_BATCH) {
            line_no = line_no.saturating_add(1);
            let mut start = offset;
            offset += raw.len() + 1;
            let mut line = raw.strip_suffix('\r').unwrap_or(raw);
            // A byte-order mark an editor put in front of the file is not part of the first event.
            if start == 0
                && let Some(rest) = line.strip_prefix('\u{feff}')
            {
                start = '\u{feff}'.len_utf8();
                line = rest;
            }
            if !line.trim().is_empty() {
                lines.push(Line {
                    number: line_no,
                    start,
                    text: line,
                    decoded,
                });
            }
        }
        if lines.is_empty() && offset >= text.len() {
            break;
        }
        let read: Vec<LineRead> = lines
            .par_iter()
            .with_min_len(64)
            .map(|line| read_line(&file, line))
            .collect();
        for (line, read) in lines.iter().zip(read) {
            let line_no = line.number;
            match read {
                LineRead::Torn(diagnostic) => {
                    journal.torn.push(line_no);
                    journal.diagnostics.push(diagnostic);
                }
                LineRead::Bad(diagnostic) => {
                    journal.bad.push(line_no);
                    journal.diagnostics.push(diagnostic);
                }
                LineRead::Event(recorded) => {
                    let event = &recorded.event;
                    let span = recorded.span;
                    let events = &journal.events;
                    let id_of = |i: &usize| events[*i].event.id.as_str();
                    match ids.entry(
                        hasher.hash_one(event.id.as_str()),
                        |i| id_of(i) == event.id,
                        |i| hasher.hash_one(id_of(i)),
                    ) {
                        Entry::Occupied(earlier) => {
                            let first: &Recorded = &journal.events[*earlier.get()];
                            if first.event == *event {
                                journal.duplicates.push(line_no);
                            } else {
                                journal.twins.push(line_no);
                                journal.diagnostics.push(
                                    Diagnostic::warning(
                                        JournalKind::Conflict {
                                            problem: format!(
                                                "event `{}` is on line {} too, saying something else; this line is not counted",
                                                event.id, first.line
                                            ),
                                        },
                                        span,
                                    )
                                    .with_label(first.span, "the event as first written"),
                                );
                            }
                            continue;
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(journal.events.len());
                        }
                    }
                    journal.events.push(recorded);
                }
            }
        }
    }
    journal.events = in_order(std::mem::take(&mut journal.events));
    journal.file = file;
    journal
}

/// Lines read on every core at a time ([`build`]).
const LINE_BATCH: usize = 8192;

/// A non-blank line of the journal, to read.
struct Line<'t> {
    /// 1-based.
    number: u32,
    /// Byte offset of its first byte.
    start: usize,
    /// The line, without its line break.
    text: &'t str,
    decoded: Decoded,
}

/// What one line holds. An event is not boxed: a batch of lines is read at a time, and moving
/// it costs less than allocating it again.
#[allow(clippy::large_enum_variant)]
enum LineRead {
    /// Cut short by a crash (a warning).
    Torn(Diagnostic),
    /// Not an event (an error).
    Bad(Diagnostic),
    /// An event (still to be checked against the others for repeats).
    Event(Recorded),
}

/// Reads one line on its own.
fn read_line(file: &SourceFile, line: &Line<'_>) -> LineRead {
    let (start, text) = (line.start, line.text);
    let span = file.span_of(start..start + text.len());
    if line.decoded == Decoded::CutInACharacter {
        return LineRead::Torn(Diagnostic::warning(
            JournalKind::TornLine,
            cut_at(file, span),
        ));
    }
    if line.decoded == Decoded::NotUtf8 {
        return LineRead::Bad(Diagnostic::error(
            JournalKind::BadLine {
                problem: "it holds bytes that are not UTF-8".into(),
            },
            span,
        ));
    }
    let event = match serde_json::from_str::<Event>(text) {
        Ok(event) => event,
        Err(e) if e.classify() == serde_json::error::Category::Eof => {
            return LineRead::Torn(Diagnostic::warning(
                JournalKind::TornLine,
                cut_at(file, span),
            ));
        }
        Err(e) => {
            let message = e.to_string();
            let problem = message
                .rfind(" at line ")
                .map_or(message.as_str(), |i| &message[..i])
                .to_string();
            let column = e.column().saturating_sub(1).min(text.len());
            let mut at = start + column;
            while !file.text().is_char_boundary(at) {
                at -= 1;
            }
            return LineRead::Bad(Diagnostic::error(
                JournalKind::BadLine {
                    problem: crate::journal::masked(&problem),
                },
                file.span_of(at..at),
            ));
        }
    };
    let number = if event.number == FLEET {
        None
    } else {
        match E164::parse(&event.number) {
            Ok(n) => Some(n),
            Err(_) => {
                return LineRead::Bad(Diagnostic::error(
                    JournalKind::BadLine {
                        problem: "`number` is neither `fleet` nor a phone number in E.164 form"
                            .into(),
                    },
                    span,
                ));
            }
        }
    };
    if let Some(problem) = shape_problem(&event) {
        return LineRead::Bad(Diagnostic::error(JournalKind::BadLine { problem }, span));
    }
    LineRead::Event(Recorded {
        line: line.number,
        span,
        event,
        number,
    })
}

/// `events` in the order they happened, then were recorded, then were written. The keys are
/// computed once and the events moved into place once each (`sort_by_cached_key`): an event is
/// about 300 bytes, and sorting the events themselves moved each many times.
fn in_order(mut events: Vec<Recorded>) -> Vec<Recorded> {
    let key = |r: &Recorded| (r.event.at, r.event.recorded, r.line);
    if !events.is_sorted_by_key(key) {
        events.sort_by_cached_key(key);
    }
    events
}

/// A point at the end of a torn line: where it was cut.
fn cut_at(file: &SourceFile, line: Span) -> Span {
    let end = line.range().end;
    file.span_of(end..end)
}

/// How a line's bytes decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Decoded {
    /// UTF-8 text.
    Text,
    /// The last line, ending inside a multi-byte character: cut short.
    CutInACharacter,
    /// Bytes that are not UTF-8.
    NotUtf8,
}

/// The earliest and latest years a journal's times may name (a hand edit can write year
/// -262143; nothing recorded for a migration happened then).
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2199;

/// What a well-formed event must also hold.
fn shape_problem(event: &Event) -> Option<String> {
    use chrono::Datelike as _;
    let six_digits = |t: &str| {
        t.split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 6)
    };
    if event.id.is_empty()
        || event.id.len() > 64
        || !event
            .id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        || six_digits(&event.id)
    {
        return Some(
            "`id` is not an event id (letters, digits, `-` and `_`, at most 64, no run of six digits)"
                .into(),
        );
    }
    let step_chars = event
        .step
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let step_digits = crate::journal::digit_groups(&event.step)
        .iter()
        .any(|g| g.digits >= 6);
    if event.step.is_empty() || event.step.len() > 200 || !step_chars || step_digits {
        return Some(
            "`step` is not a step id (ASCII letters, digits, `-`, `_`, `.`; no six digits)".into(),
        );
    }
    if !crate::journal::is_fingerprint(&event.plan)
        || event
            .rebaseline
            .as_deref()
            .is_some_and(|r| !crate::journal::is_fingerprint(r))
    {
        return Some(
            "`plan` (or `rebaseline`) is not a plan fingerprint (`sha256:` and 16 letters a-p)"
                .into(),
        );
    }
    for (field, t) in [("at", event.at), ("recorded", event.recorded)] {
        if chrono::Timelike::nanosecond(&t) != 0 {
            return Some(format!(
                "`{field}` has a fraction of a second; `record` writes whole seconds"
            ));
        }
        if !YEARS.contains(&t.year()) {
            return Some(format!(
                "`{field}` is in the year {}, outside the years {} to {} a journal holds",
                crate::journal::masked(&t.year().to_string()),
                YEARS.start(),
                YEARS.end()
            ));
        }
    }
    if event.event.needs_reason() && event.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        return Some(format!(
            "a `{}` event needs a `reason`",
            event.event.as_str()
        ));
    }
    None
}

/// Byte ranges of every group of six or more digits (maybe split by single spaces, dots or
/// dashes) not written right after `+` (a phone number): what snippets of the journal mask.
fn digit_runs(text: &str) -> Vec<Range<u32>> {
    let to = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    let mut runs = Vec::new();
    crate::journal::each_digit_group(text, |g| {
        if g.digits >= 6
            && !text[..g.range.start].ends_with("\"number\":\"+")
            && !crate::journal::is_iso_date(&text[g.range.clone()])
        {
            runs.push(to(g.range.start)..to(g.range.end));
        }
    });
    runs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(id: &str, at: &str, event: &str, extra: &str) -> String {
        format!(
            r#"{{"id":"{id}","recorded":"{at}","at":"{at}","number":"+14155550100","step":"save-integration","event":"{event}","plan":"sha256:aaaaaaaaaaaaaaaa"{extra}}}"#
        )
    }

    #[test]
    fn events_come_out_in_time_order() {
        let text = format!(
            "{}\n{}\n",
            line("b", "2026-12-05T22:00:00Z", "done", ""),
            line("a", "2026-12-05T21:00:00Z", "started", "")
        );
        let j = parse("p.journal", text.as_bytes());
        assert!(j.diagnostics.is_empty(), "{:?}", j.diagnostics);
        let ids: Vec<_> = j.events.iter().map(|r| r.event.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"]);
        assert_eq!(j.events[0].line, 2);
    }

    proptest::proptest! {
        /// Events come out as a stable sort by (happened, recorded) of the lines gives, for any
        /// mix of order, ties and repeats of those times.
        #[test]
        fn events_are_ordered_by_when_they_happened_then_recorded_then_written(
            times in proptest::collection::vec((0u32..6, 0u32..4), 0..60),
        ) {
            let text: String = times
                .iter()
                .enumerate()
                .map(|(i, (at, recorded))| {
                    format!(
                        r#"{{"id":"e{i}","recorded":"2026-12-05T2{recorded}:00:00Z","at":"2026-12-05T1{at}:00:00Z","number":"+14155550100","step":"save-integration","event":"done","plan":"sha256:aaaaaaaaaaaaaaaa"}}"#
                    ) + "\n"
                })
                .collect();
            let j = parse("p.journal", text.as_bytes());
            let mut expected: Vec<(u32, u32, u32)> = times
                .iter()
                .zip(1u32..)
                .map(|(&(at, recorded), line)| (at, recorded, line))
                .collect();
            expected.sort_by_key(|&(at, recorded, _)| (at, recorded));
            let lines: Vec<u32> = j.events.iter().map(|r| r.line).collect();
            let wanted: Vec<u32> = expected.iter().map(|e| e.2).collect();
            proptest::prop_assert_eq!(lines, wanted);
        }
    }

    #[test]
    fn an_exact_repeat_is_dropped_and_a_twin_with_other_content_is_a_conflict() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let other = line("a", "2026-12-05T21:05:00Z", "started", "");
        let j = parse("p.journal", format!("{one}\n{one}\n{other}\n").as_bytes());
        assert_eq!(j.events.len(), 1);
        assert_eq!(j.duplicates, [2]);
        assert_eq!(j.diagnostics.len(), 1);
        assert_eq!(j.diagnostics[0].code(), "journal-conflict");
        assert_eq!(j.diagnostics[0].span.map(|s| s.line), Some(3));
    }

    #[test]
    fn a_torn_last_line_is_reported_and_earlier_events_are_kept() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let two = line("b", "2026-12-05T22:00:00Z", "done", "");
        let torn = &two[..two.len() / 2];
        let j = parse("p.journal", format!("{one}\n{torn}").as_bytes());
        assert_eq!(j.events.len(), 1);
        assert_eq!(j.torn, [2]);
        assert!(!j.has_errors());
        assert_eq!(j.diagnostics[0].code(), "journal-torn-line");
    }

    #[test]
    fn a_bad_line_is_an_error_located_at_its_column() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let bad = one.replace("\"started\"", "\"begun\"");
        let j = parse("p.journal", format!("{one}\n{bad}\n").as_bytes());
        assert!(j.has_errors());
        let span = j.diagnostics[0].span.expect("located");
        assert_eq!(span.line, 2);
        assert!(span.column > 1);
        assert_eq!(j.bad, [2]);
    }

    #[test]
    fn a_byte_order_mark_and_windows_line_endings_are_read() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let two = line("b", "2026-12-05T22:00:00Z", "done", "");
        let j = parse(
            "p.journal",
            format!("\u{feff}{one}\r\n{two}\r\n").as_bytes(),
        );
        assert!(j.diagnostics.is_empty(), "{:?}", j.diagnostics);
        assert_eq!(j.events.len(), 2);
    }

    #[test]
    fn a_failed_event_without_a_reason_is_bad() {
        let j = parse(
            "p.journal",
            line("a", "2026-12-05T21:00:00Z", "failed", "").as_bytes(),
        );
        assert!(j.has_errors());
        assert!(j.diagnostics[0].message().contains("reason"));
    }

    #[test]
    fn bytes_that_are_not_utf8_make_their_line_bad_not_the_file() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let mut bytes = one.clone().into_bytes();
        bytes.extend_from_slice(b"\n{\"id\":\"\xff\"}\n");
        let j = parse("p.journal", &bytes);
        assert_eq!(j.events.len(), 1);
        assert_eq!(j.bad, [2]);
    }

    #[test]
    fn six_digit_runs_are_masked_in_snippets_but_phone_numbers_are_not() {
        let one = line(
            "a",
            "2026-12-05T21:00:00Z",
            "started",
            r#","note":"pin 482913""#,
        );
        let bad = format!("{one}x");
        let j = parse("p.journal", bad.as_bytes());
        let rendered = j.diagnostics[0].render(&j.file);
        assert!(!rendered.contains("482913"), "{rendered}");
        let text = r#"{"number":"+14155550100","note":"482913"}"#;
        let runs = digit_runs(text);
        assert_eq!(runs.len(), 1);
        assert_eq!(
            &text[runs[0].start as usize..runs[0].end as usize],
            "482913"
        );
    }
}
