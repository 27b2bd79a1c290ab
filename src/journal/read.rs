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
    /// How many digits of its number are the country calling code; 0 for a fleet step (the
    /// number itself is the event's: half a million events need not hold it twice).
    country_code_len: u8,
}

impl Recorded {
    /// An event and where it was read; `number` is the event's number, read (`None` for a
    /// fleet step).
    #[must_use]
    pub fn new(line: u32, span: Span, event: Event, number: Option<&E164>) -> Recorded {
        Recorded {
            line,
            span,
            event,
            country_code_len: number.map_or(0, E164::country_code_len),
        }
    }

    /// The event's number, read; `None` for a fleet step.
    #[must_use]
    pub fn number(&self) -> Option<E164> {
        E164::from_kept(&self.event.number, self.country_code_len)
    }
}

/// A journal as read. Its events are kept, its text is not: a fleet's journal holds about
/// 100 MB, and only the few lines its problems point at are ever shown
/// ([`Journal::snippets`] reads them again).
#[derive(Debug)]
pub struct Journal {
    /// The journal's name: its path as given.
    pub name: String,
    /// Where its text can be read again.
    origin: Origin,
    /// Whether the file exists (a plan without a journal has none yet).
    pub exists: bool,
    /// The events, in the order they happened (then recorded, then written).
    pub events: Vec<Recorded>,
    /// Lines holding an exact repeat of an earlier event, dropped.
    pub duplicates: LineList,
    /// Lines cut short by a crash.
    pub torn: LineList,
    /// Bad lines.
    pub bad: LineList,
    /// Lines reusing an earlier event's id with other contents (not counted).
    pub twins: LineList,
    /// Problems, in line order: the first [`PROBLEMS_LISTED`].
    pub diagnostics: Vec<Diagnostic>,
    /// Problems past those, counted only.
    pub unlisted: Unlisted,
}

/// The most problems a journal's reading lists, and apart its replay: past them, problems are
/// counted only (the lines stay listed in [`Journal::bad`] and [`Journal::torn`]). A broken or
/// hostile file of millions of short lines would otherwise hold a few hundred bytes for each.
pub const PROBLEMS_LISTED: usize = 10_000;

/// The most lines a [`LineList`] lists (4 MB): past them, lines are counted only. A file of
/// millions of two-byte lines would otherwise hold twice its size in line numbers.
pub const LINES_LISTED: usize = 1_000_000;

/// Lines of one kind (repeats, torn or bad lines, twins), in order: the first [`LINES_LISTED`]
/// listed, all counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineList {
    listed: Vec<u32>,
    count: usize,
}

impl LineList {
    /// Adds a line.
    pub fn push(&mut self, line: u32) {
        if self.listed.len() < LINES_LISTED {
            self.listed.push(line);
        }
        self.count += 1;
    }

    /// How many lines, listed or not.
    #[must_use]
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The lines listed: every one, up to [`LINES_LISTED`].
    #[must_use]
    pub fn listed(&self) -> &[u32] {
        &self.listed
    }
}

/// Problems counted past [`PROBLEMS_LISTED`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unlisted {
    /// How many.
    pub count: usize,
    /// How many of them are errors.
    pub errors: usize,
}

impl Unlisted {
    /// Lists `problem` in `listed`, or counts it once [`PROBLEMS_LISTED`] are.
    pub fn list(&mut self, listed: &mut Vec<Diagnostic>, problem: Diagnostic) {
        if listed.len() < PROBLEMS_LISTED {
            listed.push(problem);
        } else {
            self.count += 1;
            self.errors += usize::from(problem.is_error());
        }
    }

    /// Both counts together.
    #[must_use]
    pub fn and(self, other: Unlisted) -> Unlisted {
        Unlisted {
            count: self.count + other.count,
            errors: self.errors + other.errors,
        }
    }

    /// The note a list of problems ends with when some are counted only.
    #[must_use]
    pub fn note(&self) -> Option<String> {
        (self.count > 0).then(|| {
            format!(
                "{} more problems ({} errors) are counted but not listed: only the first {PROBLEMS_LISTED} are",
                self.count, self.errors
            )
        })
    }
}

/// Where a journal's text can be read again, to show the lines its problems point at.
#[derive(Debug)]
enum Origin {
    /// No text: no file yet, or one that could not be read.
    Nothing,
    /// Bytes handed in ([`parse`]), kept.
    Bytes(Vec<u8>),
    /// A file, with how many bytes were read from it and their hash: read again, it must hold
    /// the same bytes first (`record` only appends), or its lines are not shown.
    File {
        path: std::path::PathBuf,
        read: u64,
        hash: u64,
        /// The hasher's seeds (chosen at random for each journal read).
        hasher: hashbrown::DefaultHashBuilder,
    },
}

impl Journal {
    /// A journal with no events (no file yet).
    #[must_use]
    pub fn empty(name: &str) -> Journal {
        Journal {
            name: name.to_string(),
            origin: Origin::Nothing,
            exists: false,
            events: Vec::new(),
            duplicates: LineList::default(),
            torn: LineList::default(),
            bad: LineList::default(),
            twins: LineList::default(),
            diagnostics: Vec::new(),
            unlisted: Unlisted::default(),
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
            .chain(self.duplicates.listed().iter().copied())
            .chain(self.torn.listed().iter().copied())
            .chain(self.bad.listed().iter().copied())
            .chain(self.twins.listed().iter().copied())
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
        crate::diagnostic::has_errors(&self.diagnostics) || self.unlisted.errors > 0
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
            duplicates: self.duplicates.listed().to_vec(),
            torn: self.torn.listed().to_vec(),
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

/// Reads the journal at `path`, a chunk at a time; a missing file is an empty journal.
#[must_use]
pub fn read_path(path: &Path) -> Journal {
    let name = path.display().to_string();
    let unreadable = |reason: String| {
        let mut journal = Journal::empty(&name);
        journal.exists = true;
        journal
            .diagnostics
            .push(Diagnostic::file_error(JournalKind::Unreadable { reason }));
        journal
    };
    let file = match open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Journal::empty(&name),
        Err(e) => return unreadable(e.to_string()),
    };
    // A pipe or a device cannot be read again for snippets: its bytes are kept.
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        use std::io::Read as _;
        let mut bytes = Vec::new();
        return match file.take(MAX_JOURNAL_BYTES + 1).read_to_end(&mut bytes) {
            Ok(_) if bytes.len() as u64 > MAX_JOURNAL_BYTES => unreadable(too_large()),
            Ok(_) => parse_owned(&name, bytes),
            Err(e) => unreadable(e.to_string()),
        };
    }
    match read_open(path, file) {
        Ok((journal, _)) => journal,
        Err(e) => unreadable(e.to_string()),
    }
}

/// Reads the journal a command was told to read (`--journal PATH`): one that does not exist is
/// an error, where the journal beside the plan may not exist yet. A misspelt path read as an
/// empty journal would drop every recorded event, and a gate would pass a number the real
/// journal blocks.
#[must_use]
pub fn read_named(path: &Path) -> Journal {
    let mut journal = read_path(path);
    if !journal.exists {
        journal
            .diagnostics
            .push(Diagnostic::file_error(JournalKind::Missing {
                path: journal.name.clone(),
            }));
    }
    journal
}

/// How a journal read by [`read_open`] ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tail {
    /// Its lines, as `split('\n')` counts them (an empty file has one, empty).
    pub lines: usize,
    /// Whether its last line is not ended by a line feed (a line cut short, or a hand edit).
    pub open: bool,
}

/// Reads the journal at `path` from `reader` (open on it, at its start), a chunk at a time: its
/// text is not kept, and the lines its problems point at are read again from `path` when shown.
///
/// # Errors
/// When it cannot be read, or holds more than [`MAX_JOURNAL_BYTES`].
pub fn read_open(path: &Path, reader: impl std::io::Read) -> std::io::Result<(Journal, Tail)> {
    let mut reading = Reading::new(&path.display().to_string());
    let read = each_piece(reader, MAX_JOURNAL_BYTES, |pieces| reading.take(pieces))?;
    let tail = Tail {
        lines: reading.line as usize,
        open: reading.last_open,
    };
    let (hash, hasher) = (reading.hash, reading.hasher.clone());
    let mut journal = reading.finish();
    journal.origin = Origin::File {
        path: path.to_path_buf(),
        read,
        hash,
        hasher,
    };
    Ok((journal, tail))
}

/// Opens the journal at `path`, a named pipe with a bounded wait ([`crate::source::open_input`]).
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    crate::source::open_input(path)
}

/// Reads journal bytes named `name`.
#[must_use]
pub fn parse(name: &str, bytes: &[u8]) -> Journal {
    parse_owned(name, bytes.to_vec())
}

/// Why `line` (one event as `record` would append it) would not read back as that event, if it
/// would not: what `record` checks before it writes.
#[must_use]
pub fn problem_of_line(line: &[u8]) -> Option<String> {
    let journal = parse("", line);
    match journal.diagnostics.first() {
        Some(d) => Some(d.message()),
        None if journal.events.len() == 1 => None,
        None => Some("it is not one event".into()),
    }
}

/// Reads journal bytes named `name`, keeping them for [`Journal::snippets`].
#[must_use]
pub fn parse_owned(name: &str, bytes: Vec<u8>) -> Journal {
    let mut reading = Reading::new(name);
    // Bytes in memory are not bounded here: whoever holds them has read them already.
    let read = each_piece(&bytes[..], u64::MAX, |pieces| reading.take(pieces));
    debug_assert!(read.is_ok(), "reading bytes in memory cannot fail");
    let mut journal = reading.finish();
    journal.origin = Origin::Bytes(bytes);
    journal
}

/// Why a journal over [`MAX_JOURNAL_BYTES`] is not read.
pub(crate) fn too_large() -> String {
    format!(
        "it holds more than {} MiB, the most a journal may (is the path a device or the wrong file?)",
        MAX_JOURNAL_BYTES / (1024 * 1024)
    )
}

/// Lines read on every core at a time.
const LINE_BATCH: usize = 8192;

/// Bytes read at a time: a journal is read in chunks of whole lines, and only its events are
/// kept.
const CHUNK: usize = 4 << 20;

/// Calls `each` with the pieces of the stream between line feeds (as `str::split('\n')` cuts a
/// text: a final piece after the last line feed, empty when the stream ends with one), in order,
/// a chunk of them at a time, and returns how many bytes were read. More than `limit` bytes are
/// an error: a path that names a device (`/dev/zero`) or a runaway file would otherwise be read
/// until memory runs out.
fn each_piece(
    reader: impl std::io::Read,
    limit: u64,
    each: impl FnMut(&[&[u8]]),
) -> std::io::Result<u64> {
    each_piece_in(reader, limit, CHUNK, each)
}

/// [`each_piece`], reading `chunk` bytes at a time.
fn each_piece_in(
    mut reader: impl std::io::Read,
    limit: u64,
    chunk: usize,
    mut each: impl FnMut(&[&[u8]]),
) -> std::io::Result<u64> {
    let mut buffer: Vec<u8> = Vec::new();
    let mut total = 0_u64;
    loop {
        // Fill what the buffer holds after the carried partial line, up to a chunk more.
        let kept = buffer.len();
        let want = kept + chunk.max(1);
        buffer.resize(want, 0);
        let mut filled = kept;
        let mut eof = false;
        while filled < want {
            match reader.read(&mut buffer[filled..]) {
                Ok(0) => {
                    eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        buffer.truncate(filled);
        total += (filled - kept) as u64;
        if total > limit {
            return Err(std::io::Error::other(too_large()));
        }
        // Whole lines go now; the partial one after the last line feed waits for more bytes,
        // unless the stream ended.
        let whole = if eof {
            buffer.len()
        } else {
            // The carried bytes hold no line feed: only the new ones are searched (a line
            // longer than a chunk is not searched again for each chunk it spans).
            match buffer[kept..].iter().rposition(|b| *b == b'\n') {
                Some(i) => kept + i + 1,
                None => continue,
            }
        };
        let mut pieces: Vec<&[u8]> = Vec::with_capacity(whole / 128);
        let mut rest = &buffer[..whole];
        while let Some(i) = rest.iter().position(|b| *b == b'\n') {
            pieces.push(&rest[..i]);
            rest = &rest[i + 1..];
        }
        if eof {
            pieces.push(rest);
        }
        each(&pieces);
        if eof {
            return Ok(total);
        }
        buffer.drain(..whole);
    }
}

/// A piece of the journal decoded: its text, and how it decoded. Each line is decoded on its
/// own: bytes that are not UTF-8 spoil their line only, and a line cut inside a character (a
/// crash mid-write) is torn, not bad.
fn decode(piece: &[u8]) -> (std::borrow::Cow<'_, str>, Decoded) {
    match std::str::from_utf8(piece) {
        Ok(text) => (std::borrow::Cow::Borrowed(text), Decoded::Text),
        Err(e) => {
            let text = String::from_utf8_lossy(piece);
            // Cut inside its last character (a crash mid-write): torn, wherever it sits, as the
            // next append starts a fresh line after it.
            let trailing = piece.strip_suffix(b"\r").unwrap_or(piece);
            let cut = e.error_len().is_none()
                || std::str::from_utf8(trailing)
                    .err()
                    .is_some_and(|t| t.error_len().is_none());
            (
                text,
                if cut {
                    Decoded::CutInACharacter
                } else {
                    Decoded::NotUtf8
                },
            )
        }
    }
}

/// A decoded piece as a line to read: without the carriage return of a Windows line ending and,
/// on the first line, without the byte-order mark an editor may put in front of the file (which
/// is not part of the first event). Returns the mark taken off, or `'\0'`.
fn line_text(text: std::borrow::Cow<'_, str>, first: bool) -> (std::borrow::Cow<'_, str>, char) {
    use std::borrow::Cow;
    let cut = |t: &str| -> (usize, usize, char) {
        let end = t.strip_suffix('\r').map_or(t.len(), str::len);
        match t[..end].strip_prefix('\u{feff}') {
            Some(_) if first => ('\u{feff}'.len_utf8(), end, '\u{feff}'),
            _ => (0, end, '\0'),
        }
    };
    match text {
        Cow::Borrowed(t) => {
            let (from, to, bom) = cut(t);
            (Cow::Borrowed(&t[from..to]), bom)
        }
        Cow::Owned(t) => {
            let (from, to, bom) = cut(&t);
            (Cow::Owned(t[from..to].to_string()), bom)
        }
    }
}

/// A journal being read, a chunk of lines at a time.
struct Reading {
    journal: Journal,
    /// Each event's index, found by its id: the table keeps indices only, and compares ids in
    /// the events themselves.
    ids: HashTable<usize>,
    hasher: hashbrown::DefaultHashBuilder,
    /// The pieces read so far, hashed (see [`Origin::File`]).
    hash: u64,
    /// Pieces seen so far (the next piece is line `line + 1`).
    line: u32,
    /// Byte offset of the next piece in the decoded text.
    offset: usize,
    /// Whether the last piece so far was not empty (a last line without its line feed).
    last_open: bool,
}

impl Reading {
    fn new(name: &str) -> Reading {
        let mut journal = Journal::empty(name);
        journal.exists = true;
        Reading {
            journal,
            ids: HashTable::new(),
            hasher: hashbrown::DefaultHashBuilder::default(),
            hash: 0,
            line: 0,
            offset: 0,
            last_open: false,
        }
    }

    /// Reads a chunk of pieces: each line on every core, then taken in order, as repeats and
    /// twins are told by the first line with an id.
    fn take(&mut self, pieces: &[&[u8]]) {
        // A batch of lines at a time: a chunk of short lines holds millions.
        for batch in pieces.chunks(LINE_BATCH) {
            self.take_batch(batch);
        }
    }

    fn take_batch(&mut self, pieces: &[&[u8]]) {
        let mut lines: Vec<Line<'_>> = Vec::with_capacity(pieces.len());
        for piece in pieces {
            self.hash = hash_piece(&self.hasher, self.hash, piece);
            self.line = self.line.saturating_add(1);
            self.last_open = !piece.is_empty();
            let (text, decoded) = decode(piece);
            let start = self.offset;
            self.offset += text.len() + 1;
            let (text, bom) = line_text(text, start == 0);
            if !is_blank(&text) {
                lines.push(Line {
                    number: self.line,
                    start: start + bom.len_utf8() * usize::from(bom != '\0'),
                    chars_before: u32::from(bom != '\0'),
                    text,
                    decoded,
                });
            }
        }
        let describe = self.journal.diagnostics.len() < PROBLEMS_LISTED;
        let read: Vec<LineRead> = lines
            .par_iter()
            .with_min_len(64)
            .map(|line| read_line(line, describe))
            .collect();
        for read in read {
            self.keep(read);
        }
    }

    /// Keeps what one line held.
    fn keep(&mut self, read: LineRead) {
        let journal = &mut self.journal;
        let recorded = match read {
            LineRead::Torn(line, diagnostic) => {
                journal.torn.push(line);
                match diagnostic {
                    Some(d) => journal.unlisted.list(&mut journal.diagnostics, d),
                    None => journal.unlisted.count += 1,
                }
                return;
            }
            LineRead::Bad(line, diagnostic) => {
                journal.bad.push(line);
                match diagnostic {
                    Some(d) => journal.unlisted.list(&mut journal.diagnostics, d),
                    None => {
                        journal.unlisted.count += 1;
                        journal.unlisted.errors += 1;
                    }
                }
                return;
            }
            LineRead::Event(recorded) => recorded,
        };
        let event = &recorded.event;
        let events = &journal.events;
        let id_of = |i: &usize| events[*i].event.id.as_str();
        let hasher = &self.hasher;
        match self.ids.entry(
            hasher.hash_one(event.id.as_str()),
            |i| id_of(i) == event.id,
            |i| hasher.hash_one(id_of(i)),
        ) {
            Entry::Occupied(earlier) => {
                let first: &Recorded = &journal.events[*earlier.get()];
                if first.event == *event {
                    journal.duplicates.push(recorded.line);
                } else {
                    journal.twins.push(recorded.line);
                    journal.unlisted.list(
                        &mut journal.diagnostics,
                        Diagnostic::warning(
                            JournalKind::Conflict {
                                problem: format!(
                                    "event `{}` is on line {} too, saying something else; this line is not counted",
                                    event.id, first.line
                                ),
                            },
                            recorded.span,
                        )
                        .with_label(first.span, "the event as first written"),
                    );
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(journal.events.len());
                journal.events.push(recorded);
            }
        }
    }

    fn finish(self) -> Journal {
        let mut journal = self.journal;
        if let (Some(note), Some(last)) = (journal.unlisted.note(), journal.diagnostics.last_mut())
        {
            last.notes.push(note);
        }
        journal.events = in_order(std::mem::take(&mut journal.events));
        journal
    }
}

/// `hash` with one more piece of the journal: the same pieces in the same order give the same
/// hash, and the pieces joined by line feeds are the bytes, so equal hashes mean equal bytes
/// (but for a collision).
fn hash_piece(hasher: &hashbrown::DefaultHashBuilder, hash: u64, piece: &[u8]) -> u64 {
    hasher.hash_one((hash, piece))
}

impl Journal {
    /// The journal's text to show `problems` with, and the problems placed in it: only the
    /// lines they point at (and those between places a snippet shows together) are read again,
    /// one run of lines after another, and the problems' places are moved to that text (it shows
    /// them with the journal's line numbers; columns stay as they are). When the file no longer starts with the bytes read first, no
    /// line is shown, and each problem says why.
    #[must_use]
    pub fn snippets(&self, problems: &[Diagnostic]) -> (SourceFile, Vec<Diagnostic>) {
        let mut shown = problems.to_vec();
        let read = self.reread(Some(&wanted_lines(problems)));
        let mut file;
        match read {
            Some(read) => {
                for d in &mut shown {
                    let spans = d
                        .span
                        .iter_mut()
                        .chain(d.labels.iter_mut().map(|l| &mut l.span));
                    for span in spans {
                        if let Some(&(old, line, new)) = read.starts.get(&span.line) {
                            span.line = line;
                            span.offset = span.offset.saturating_sub(old).saturating_add(new);
                        }
                    }
                }
                // The name is the path as given, shown with its controls written out.
                file = SourceFile::new(crate::diagnostic::visible(&self.name), read.text)
                    .with_line_map(read.runs);
            }
            None => {
                file = SourceFile::without_text(crate::diagnostic::visible(&self.name));
                for d in &mut shown {
                    // The other places are named, as they cannot be shown.
                    for label in std::mem::take(&mut d.labels) {
                        d.notes.push(format!(
                            "{}: line {}, column {}",
                            label.message, label.span.line, label.span.column
                        ));
                    }
                    d.notes.push(
                        "the journal changed after it was read, so its lines are not shown".into(),
                    );
                }
            }
        }
        file.set_redaction(Redaction::read(digit_runs(file.text()), None));
        (file, shown)
    }

    /// The journal's whole text, read again (empty when it changed since): what
    /// [`Journal::snippets`] must show the same lines of, for tests and fuzzing.
    #[must_use]
    pub fn whole(&self) -> SourceFile {
        let text = self.reread(None).map(|r| r.text).unwrap_or_default();
        let mut file = SourceFile::new(self.name.as_str(), text);
        file.set_redaction(Redaction::read(digit_runs(file.text()), None));
        file
    }

    /// The lines `wanted` (all when `None`) read again from where the journal came from.
    fn reread(&self, wanted: Option<&std::collections::BTreeSet<u32>>) -> Option<Reread> {
        match &self.origin {
            Origin::Nothing => Some(Reread::default()),
            Origin::Bytes(bytes) => Reread::read(&bytes[..], u64::MAX, wanted, None),
            Origin::File {
                path,
                read,
                hash,
                hasher,
            } => std::fs::metadata(path)
                .ok()
                // Read first from a regular file, it must be one still (a pipe put in its place
                // would be waited on, and holds other bytes anyway).
                .filter(std::fs::Metadata::is_file)
                .and_then(|_| open(path).ok())
                .filter(|f| f.metadata().is_ok_and(|m| m.is_file()))
                .and_then(|f| Reread::read(f, *read, wanted, Some((*hash, hasher)))),
        }
    }
}

/// The lines `problems` show: each place, and the lines between places of one problem that a
/// snippet shows together (within four lines, as [`Diagnostic::render`] groups them).
fn wanted_lines(problems: &[Diagnostic]) -> std::collections::BTreeSet<u32> {
    let mut wanted = std::collections::BTreeSet::new();
    for d in problems {
        let mut lines: Vec<u32> = d
            .span
            .iter()
            .chain(d.labels.iter().map(|l| &l.span))
            .map(|s| s.line)
            .collect();
        lines.sort_unstable();
        for pair in lines.windows(2) {
            if pair[1] <= pair[0].saturating_add(4) {
                wanted.extend(pair[0]..=pair[1]);
            }
        }
        wanted.extend(lines);
    }
    wanted
}

/// The lines of a journal read again for [`Journal::snippets`].
#[derive(Default)]
struct Reread {
    /// The wanted lines, one after another (runs of consecutive lines of the journal).
    text: String,
    /// For each wanted line: its byte offset in the journal's text, and its line and byte
    /// offset in `text`.
    starts: std::collections::HashMap<u32, (u32, u32, u32)>,
    /// Where each run starts: (its line in `text`, its line in the journal).
    runs: Vec<(u32, u32)>,
}

impl Reread {
    /// Reads at most `limit` bytes of `reader`, keeping the `wanted` lines (all when `None`);
    /// `None` when the pieces read do not hash to `hash`.
    fn read(
        reader: impl std::io::Read,
        limit: u64,
        wanted: Option<&std::collections::BTreeSet<u32>>,
        hash: Option<(u64, &hashbrown::DefaultHashBuilder)>,
    ) -> Option<Reread> {
        let to = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let mut got = 0_u64;
        let mut out = Reread::default();
        let (mut line, mut offset) = (0_u32, 0_usize);
        // Lines kept so far, and the journal line kept last.
        let (mut kept, mut last) = (0_u32, 0_u32);
        let reader = reader.take(limit);
        each_piece(reader, u64::MAX, |pieces| {
            for piece in pieces {
                if let Some((_, hasher)) = hash {
                    got = hash_piece(hasher, got, piece);
                }
                line = line.saturating_add(1);
                let (text, _) = decode(piece);
                if wanted.is_none_or(|w| w.contains(&line)) {
                    if kept > 0 {
                        out.text.push('\n');
                    }
                    kept += 1;
                    if kept == 1 || last + 1 != line {
                        out.runs.push((kept, line));
                    }
                    last = line;
                    out.starts
                        .insert(line, (to(offset), kept, to(out.text.len())));
                    out.text.push_str(&text);
                }
                offset += text.len() + 1;
            }
        })
        .ok()?;
        hash.is_none_or(|(h, _)| h == got).then_some(out)
    }
}

/// Whether a journal line holds nothing: JSON's whitespace only (space, tab, carriage return).
/// Other white space (a form feed, a no-break space, a line separator) is not blank: such a line
/// is read, and reported as a bad line, not passed over.
#[must_use]
pub fn is_blank(line: &str) -> bool {
    line.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether the start of a line, cut short, may be the start of an event that a crash cut: it
/// opens a JSON object and reads as one cut off (and not as something else with bytes missing).
fn cut_event(prefix: &str) -> bool {
    prefix.trim_start_matches([' ', '\t']).starts_with('{')
        && serde_json::from_str::<Event>(prefix)
            .is_err_and(|e| e.classify() == serde_json::error::Category::Eof)
}

/// A non-blank line of the journal, to read.
struct Line<'t> {
    /// 1-based.
    number: u32,
    /// Byte offset of its first byte.
    start: usize,
    /// Characters before its first byte on its line (a byte-order mark).
    chars_before: u32,
    /// The line, without its line break.
    text: std::borrow::Cow<'t, str>,
    decoded: Decoded,
}

impl Line<'_> {
    /// The span of bytes `range` of the line (on character boundaries).
    fn span(&self, range: Range<usize>) -> Span {
        let to = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
        let before = self
            .text
            .get(..range.start)
            .map_or(0, |t| t.chars().count());
        Span {
            line: self.number,
            column: self.chars_before + to(before) + 1,
            offset: to(self.start + range.start),
            len: to(range.len()),
        }
    }
}

/// What one line holds. An event is not boxed: a batch of lines is read at a time, and moving
/// it costs less than allocating it again.
#[allow(clippy::large_enum_variant)]
enum LineRead {
    /// Cut short by a crash (a warning), on this line; described while problems are listed.
    Torn(u32, Option<Diagnostic>),
    /// Not an event (an error), on this line; described while problems are listed.
    Bad(u32, Option<Diagnostic>),
    /// An event (still to be checked against the others for repeats).
    Event(Recorded),
}

/// Reads one line on its own.
fn read_line(line: &Line<'_>, describe: bool) -> LineRead {
    let text: &str = &line.text;
    let span = line.span(0..text.len());
    // A problem is described only while problems are listed (past them, it is counted).
    let torn = |d: &dyn Fn() -> Diagnostic| LineRead::Torn(line.number, describe.then(d));
    let bad = |d: &dyn Fn() -> Diagnostic| LineRead::Bad(line.number, describe.then(d));
    // Cut inside its last character: torn if what comes before is an event cut short (a crash
    // mid-write), else a bad line like any other with bytes that are not UTF-8.
    if line.decoded == Decoded::CutInACharacter
        && cut_event(
            text.strip_suffix(char::REPLACEMENT_CHARACTER)
                .unwrap_or(text),
        )
    {
        return torn(&|| {
            Diagnostic::warning(JournalKind::TornLine, line.span(text.len()..text.len()))
        });
    }
    if line.decoded != Decoded::Text {
        return bad(&|| {
            Diagnostic::error(
                JournalKind::BadLine {
                    problem: "it holds bytes that are not UTF-8".into(),
                },
                span,
            )
        });
    }
    let mut event = match serde_json::from_str::<Event>(text) {
        Ok(event) => event,
        Err(e) if e.classify() == serde_json::error::Category::Eof && cut_event(text) => {
            return torn(&|| {
                Diagnostic::warning(JournalKind::TornLine, line.span(text.len()..text.len()))
            });
        }
        Err(e) => {
            return bad(&|| {
                let message = e.to_string();
                let problem = in_plain_words(
                    message
                        .rfind(" at line ")
                        .map_or(message.as_str(), |i| &message[..i]),
                );
                let mut at = e.column().saturating_sub(1).min(text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                Diagnostic::error(
                    JournalKind::BadLine {
                        problem: crate::journal::masked(&problem),
                    },
                    line.span(at..at),
                )
            });
        }
    };
    let number = if event.number == FLEET {
        None
    } else {
        match E164::parse(&event.number) {
            // Kept in E.164 form (a hand edit may space it out): the event's text is the
            // number's, and only the country code's length is kept beside it.
            Ok(n) => {
                if n.as_str() != event.number {
                    event.number = n.as_str().into();
                }
                Some(n)
            }
            Err(_) => {
                return bad(&|| {
                    Diagnostic::error(
                        JournalKind::BadLine {
                            problem: "`number` is neither `fleet` nor a phone number in E.164 form"
                                .into(),
                        },
                        span,
                    )
                });
            }
        }
    };
    if let Some(problem) = shape_problem(&event) {
        return bad(&|| {
            Diagnostic::error(
                JournalKind::BadLine {
                    problem: problem.clone(),
                },
                span,
            )
        });
    }
    LineRead::Event(Recorded::new(line.number, span, event, number.as_ref()))
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
/// -262143; nothing recorded for a migration happened then): those a plan may name.
pub const YEARS: std::ops::RangeInclusive<i32> = crate::plan::time::YEARS;

/// What a well-formed event must also hold.
fn shape_problem(event: &Event) -> Option<String> {
    use chrono::Datelike as _;
    // Exactly what `record` writes: an id is never shown, and no other shape can carry a PIN.
    if !crate::journal::is_event_id(&event.id) {
        return Some(format!(
            "`id` is not an event id as `record` writes it ({} lower-case letters a-z but i, l and o)",
            crate::journal::ID_LEN
        ));
    }
    // Any id a plan accepts (`check` vetted it, PIN rules included; a line's length is bounded
    // by the reader), so `record` can write every step of the plan; what names no step of the
    // plan is not counted, and shown masked.
    if crate::plan::diags::id_problem(&event.step).is_some() {
        return Some("`step` is not a step id (no space, nothing invisible)".into());
    }
    if !crate::journal::is_fingerprint(&event.plan)
        || event
            .rebaseline()
            .is_some_and(|r| !crate::journal::is_fingerprint(r))
    {
        return Some(
            "`plan` (or `rebaseline`) is not a plan fingerprint (`sha256:` and 16 letters a-p)"
                .into(),
        );
    }
    for (field, t) in [("at", event.at), ("recorded", event.recorded)] {
        if chrono::Timelike::nanosecond(&t) >= 1_000_000_000 {
            return Some(format!(
                "`{field}` is a leap second (`:60`); `record` writes times from `:00` to `:59`"
            ));
        }
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
    // `record` refuses these; a hand edit can still put one in, and `journal` and `status` show
    // the texts again, where a terminal would act on it (a carriage return rewrites the line).
    let texts = [
        ("by", event.by.as_deref()),
        ("reason", event.reason()),
        ("note", event.note()),
        ("forced", event.forced()),
    ];
    // Only C0 and C1 controls: `record` accepted bidirectional controls before it refused
    // them, and a journal is append-only, so lines holding one stay readable.
    for (field, text) in texts {
        let control = |t: &str| t.chars().find(|&c| c.is_control() && c != '\t');
        if let Some(c) = text.and_then(control) {
            return Some(format!(
                "`{field}` holds the control character U+{:04X}, which a terminal would act on; `record` never writes one",
                u32::from(c)
            ));
        }
    }
    if event.event.needs_reason() && event.reason().is_none_or(|r| r.trim().is_empty()) {
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

/// The JSON reader's message without its type names: "invalid type: integer `5`, expected
/// struct Line" reads "integer `5` where an event (a JSON object) belongs".
fn in_plain_words(message: &str) -> String {
    let message = message.strip_prefix("invalid type: ").unwrap_or(message);
    match message.rfind(", expected struct ") {
        Some(i) => format!("{} where an event (a JSON object) belongs", &message[..i]),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An event line; `id` is padded with `z` to an id as `record` writes it (`a` →
    /// `azzzzzzzzzzzzzzzzzzz`).
    fn line(id: &str, at: &str, event: &str, extra: &str) -> String {
        let id = format!("{id:z<20}");
        format!(
            r#"{{"id":"{id}","recorded":"{at}","at":"{at}","number":"+14155550100","step":"save-integration","event":"{event}","plan":"sha256:aaaaaaaaaaaaaaaa"{extra}}}"#
        )
    }

    /// A distinct id as `record` writes it for each `n`.
    fn id_of(mut n: usize) -> String {
        let letters = crate::journal::ID_LETTERS;
        (0..crate::journal::ID_LEN)
            .map(|_| {
                let c = char::from(letters[n % letters.len()]);
                n /= letters.len();
                c
            })
            .collect()
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
        let ids: Vec<_> = j.events.iter().map(|r| &r.event.id[..1]).collect();
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
                    let id = id_of(i);
                    format!(
                        r#"{{"id":"{id}","recorded":"2026-12-05T2{recorded}:00:00Z","at":"2026-12-05T1{at}:00:00Z","number":"+14155550100","step":"save-integration","event":"done","plan":"sha256:aaaaaaaaaaaaaaaa"}}"#
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

    /// Pieces of a journal, good and bad, for the property below.
    fn piece() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let event = (0usize..4, 0u32..3).prop_map(|(id, at)| {
            line(
                ["a", "b", "c", "d"][id],
                &format!("2026-12-05T2{at}:00:00Z"),
                "done",
                "",
            )
            .into_bytes()
        });
        prop_oneof![
            event.clone(),
            event.clone().prop_map(|mut l| {
                l.push(b'\r');
                l
            }),
            event.clone().prop_map(|l| l[..l.len() / 2].to_vec()),
            event.prop_map(|l| [b"\xef\xbb\xbf".as_slice(), &l].concat()),
            Just(b"{\"id\":\"\xff\"}".to_vec()),
            Just(b"{\"note\":\"caf\xc3".to_vec()),
            Just(
                "{\"id\":\"\u{e9}t\u{e9} 482913\",\"x\":1}"
                    .as_bytes()
                    .to_vec()
            ),
            Just(Vec::new()),
            proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        ]
    }

    proptest::proptest! {
        /// Every problem's lines, read again alone, show as the whole text shows them, and each
        /// place's line and column agree with its byte offset in the whole text, which is the
        /// bytes decoded line by line.
        #[test]
        fn snippets_read_again_show_what_the_whole_text_shows(
            pieces in proptest::collection::vec(piece(), 0..40),
            newline_at_end in proptest::bool::ANY,
        ) {
            let mut bytes = pieces.join(&b'\n');
            if newline_at_end {
                bytes.push(b'\n');
            }
            let j = parse("p.journal", &bytes);
            let whole = j.whole();
            proptest::prop_assert_eq!(whole.text(), String::from_utf8_lossy(&bytes));
            let (lines, placed) = j.snippets(&j.diagnostics);
            for (d, p) in j.diagnostics.iter().zip(&placed) {
                proptest::prop_assert_eq!(p.render(&lines), d.render(&whole));
                for s in d.span.iter().chain(d.labels.iter().map(|l| &l.span)) {
                    proptest::prop_assert_eq!(*s, whole.span_of(s.range()));
                }
            }
        }
    }

    proptest::proptest! {
        /// Read a chunk at a time, any stream comes in the pieces `split` cuts it into, whatever
        /// the chunk's size; past the limit it is an error.
        #[test]
        fn pieces_are_the_lines_whatever_the_chunk(
            bytes in proptest::collection::vec(proptest::sample::select(b"ab\n\r\xff".to_vec()), 0..80),
            chunk in 1usize..12,
            limit in 0u64..100,
        ) {
            let mut got: Vec<Vec<u8>> = Vec::new();
            let read = each_piece_in(&bytes[..], limit, chunk, |pieces| {
                got.extend(pieces.iter().map(|p| p.to_vec()));
            });
            if bytes.len() as u64 > limit {
                proptest::prop_assert!(read.is_err());
            } else {
                proptest::prop_assert_eq!(read.ok(), Some(bytes.len() as u64));
                let want: Vec<Vec<u8>> = bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn a_journal_read_from_a_file_shows_its_lines_and_none_once_rewritten() {
        let dir = std::env::temp_dir().join(format!("wamigrate-reread-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("p.journal");
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        std::fs::write(&path, format!("{one}\n{{oops\n")).expect("write");
        let j = read_path(&path);
        assert_eq!(j.bad.listed(), [2]);
        let (file, shown) = j.snippets(&j.diagnostics);
        let rendered = shown[0].render(&file);
        assert!(rendered.contains("{oops"), "{rendered}");
        // An append (as `record` makes) leaves the bytes read first as they were.
        std::fs::write(&path, format!("{one}\n{{oops\n{one}\n")).expect("append");
        let (file, shown) = j.snippets(&j.diagnostics);
        assert_eq!(shown[0].render(&file), rendered);
        // A rewrite does not: the lines are not shown, and the problem says why.
        std::fs::write(&path, format!("{one}\n{{oopz\n")).expect("rewrite");
        let (file, shown) = j.snippets(&j.diagnostics);
        let rendered = shown[0].render(&file);
        assert!(!rendered.contains("oop"), "{rendered}");
        assert!(rendered.contains("changed after it was read"), "{rendered}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn a_number_spelt_out_by_hand_is_read_in_e164_form() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "")
            .replace("+14155550100", "+1 415 555 0100");
        let j = parse("p.journal", one.as_bytes());
        assert!(j.diagnostics.is_empty(), "{:?}", j.diagnostics);
        let number = j.events[0].number().expect("a number");
        assert_eq!(number.as_str(), "+14155550100");
        assert_eq!(number.country_code(), "1");
        assert_eq!(j.events[0].event.number, "+14155550100");
    }

    #[test]
    fn an_exact_repeat_is_dropped_and_a_twin_with_other_content_is_a_conflict() {
        let one = line("a", "2026-12-05T21:00:00Z", "started", "");
        let other = line("a", "2026-12-05T21:05:00Z", "started", "");
        let j = parse("p.journal", format!("{one}\n{one}\n{other}\n").as_bytes());
        assert_eq!(j.events.len(), 1);
        assert_eq!(j.duplicates.listed(), [2]);
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
        assert_eq!(j.torn.listed(), [2]);
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
        assert_eq!(j.bad.listed(), [2]);
    }

    #[test]
    fn an_id_or_a_time_not_shaped_as_record_writes_it_is_a_bad_line_at_its_line() {
        let good = line("a", "2026-12-05T21:00:00Z", "started", "");
        let id = |id: &str| good.replace("azzzzzzzzzzzzzzzzzzz", id);
        let at =
            |at: &str| good.replace(r#""at":"2026-12-05T21:00:00Z""#, &format!(r#""at":"{at}""#));
        let recorded = |t: &str| {
            good.replace(
                r#""recorded":"2026-12-05T21:00:00Z""#,
                &format!(r#""recorded":"{t}""#),
            )
        };
        for (bad, problem) in [
            (id("a"), "`id`"),
            (id("ABCDEFGHJKMNPQRSTUVW"), "`id`"),
            (id("abcdefghjkmnpqrstuv7"), "`id`"),
            (id("abcdefghijklmnopqrst"), "`id`"),
            (id("abcdefghjkmnpqrstuvwx"), "`id`"),
            (id("abcdefghjkmnpqrs-uvw"), "`id`"),
            (at("+02026-12-05T21:00:00Z"), "`at` is not an RFC 3339 time"),
            (at("-2026-12-05T21:00:00Z"), "`at` is not an RFC 3339 time"),
            (at("02026-12-05T21:00:00Z"), "`at` is not an RFC 3339 time"),
            (at("2026-12-05T21:00Z"), "`at` is not an RFC 3339 time"),
            (at("2026-12-05 T21:00:00Z"), "`at` is not an RFC 3339 time"),
            (at("2026-12-05T21:00:00"), "`at` is not an RFC 3339 time"),
            (at("1999-12-31T23:59:59Z"), "`at` is in the year"),
            (at("2200-01-01T00:00:00Z"), "`at` is in the year"),
            (at("2026-12-05T21:00:00.5Z"), "fraction"),
            (
                recorded("+02026-12-05T21:00:00Z"),
                "`recorded` is not an RFC 3339 time",
            ),
        ] {
            let other = line("b", "2026-12-05T22:00:00Z", "done", "");
            let j = parse("p.journal", format!("{other}\n{bad}\n").as_bytes());
            assert!(j.has_errors(), "{bad}");
            assert_eq!(j.bad.listed(), [2], "{bad}");
            assert_eq!(j.events.len(), 1, "{bad}");
            let d = &j.diagnostics[0];
            assert_eq!(d.code(), "journal-bad-line", "{bad}");
            assert_eq!(d.span.map(|s| s.line), Some(2), "{bad}");
            assert!(d.message().contains(problem), "{bad}: {}", d.message());
        }
        // RFC 3339 as the docs allow it: any offset, a space or a lower-case `t` for the `T`.
        for t in [
            "2026-12-05T22:00:00+01:00",
            "2026-12-05 21:00:00Z",
            "2026-12-05t21:00:00z",
            "2026-12-05T16:00:00-05:00",
        ] {
            let j = parse("p.journal", at(t).as_bytes());
            assert!(j.diagnostics.is_empty(), "{t}: {:?}", j.diagnostics);
            assert_eq!(
                j.events[0].event.at.to_rfc3339(),
                "2026-12-05T21:00:00+00:00"
            );
        }
    }

    #[test]
    fn a_control_character_put_in_by_hand_is_a_bad_line_in_every_free_text() {
        // As JSON escapes, the way a hand edit or another tool would write them.
        for c in ['\u{1b}', '\r', '\n', '\u{7}', '\u{85}', '\u{9b}'] {
            let escaped = format!("\\u{:04x}", u32::from(c));
            for extra in [
                format!(r#","by":"ana{escaped}""#),
                format!(r#","note":"ok{escaped}Nothing blocks""#),
                format!(r#","reason":"x{escaped}""#),
            ] {
                let event = if extra.contains("reason") {
                    "failed"
                } else {
                    "done"
                };
                let good = line("a", "2026-12-05T21:00:00Z", "started", "");
                let bad = line("b", "2026-12-05T22:00:00Z", event, &extra);
                let j = parse("p.journal", format!("{good}\n{bad}\n").as_bytes());
                assert!(j.has_errors(), "{extra}");
                assert_eq!(j.bad.listed(), [2], "{extra}");
                assert_eq!(j.events.len(), 1, "{extra}");
                assert!(
                    j.diagnostics[0].message().contains("control character"),
                    "{extra}: {}",
                    j.diagnostics[0].message()
                );
            }
        }
        // A tab is text, as in the plan; a bidirectional control, which `record` once wrote,
        // keeps its line readable.
        let tab = line("c", "2026-12-05T22:00:00Z", "done", r#","note":"a\tb""#);
        assert!(!parse("p.journal", tab.as_bytes()).has_errors());
        let bidi = line(
            "d",
            "2026-12-05T22:00:00Z",
            "done",
            r#","by":"Dana \u2067(IT)\u2069""#,
        );
        assert!(!parse("p.journal", bidi.as_bytes()).has_errors());
    }

    #[test]
    fn a_line_of_the_wrong_json_type_is_described_without_rust_words() {
        // Found in review: `482915` or `[1]` alone on a line read "invalid type: integer
        // `******`, expected struct Line", the deserialiser's words.
        for text in ["482915", "[1]", "\"x\"", "true", r#"{"by": 5}"#] {
            let j = parse("p.journal", format!("{text}\n").as_bytes());
            let message = j.diagnostics[0].message();
            for internal in ["struct", "invalid type", "Line"] {
                assert!(!message.contains(internal), "{text}: {message}");
            }
        }
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
        assert_eq!(j.bad.listed(), [2]);
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
        let (file, shown) = j.snippets(&j.diagnostics);
        let rendered = shown[0].render(&file);
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
