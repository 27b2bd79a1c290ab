//! Bytes in, a [`RawPlan`] and every diagnostic out: the one place a plan file is read.
//!
//! Reading is bounded: at most [`MAX_PLAN_BYTES`] plus one byte is ever read from a file, a pipe
//! or standard input, a regular file's size is checked before reading, and the bytes are checked
//! for UTF-8 (and for NUL, which no text file holds) as they arrive, so `/dev/zero`, an endless
//! FIFO or a 1 GiB file is refused at once with little memory.
//!
//! Parsing streams: the reader hands each entry of `numbers:` to the shaper as soon as it is read
//! and drops its nodes, so a 100,000-number fleet never exists as one YAML tree.

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};

use crate::diagnostic::Diagnostic;
use crate::plan::diags::{PinPlace, PlanKind, WideEncoding};
use crate::plan::raw::RawPlan;
use crate::plan::shape::Shaper;
use crate::plan::yaml::{self, Budget, Limit, Reader, Stop};
use crate::source::{Redaction, SourceFile, Span};

/// Largest plan file accepted, in bytes (a 100,000-number fleet with templates is about 45 MB).
pub const MAX_PLAN_BYTES: usize = 96 * 1024 * 1024;

/// The most entries of a folder looked at for a name a typo away from a missing file's.
const NEARBY_ENTRIES: usize = 1000;

/// A file beside `path`, which does not exist, whose name is a typo away from its name
/// (`plans/bsp.yml` for `plans/bsp.yaml`), as the path to type; `None` when there is none, or when
/// its name could hold a PIN (it was never typed, so nothing would mask it).
fn nearby_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    let entries = std::fs::read_dir(folder.unwrap_or(Path::new("."))).ok()?;
    let names: Vec<String> = entries
        .take(NEARBY_ENTRIES)
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file() || t.is_symlink()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| !crate::plan::diags::could_hold_pin(n))
        .collect();
    let found = crate::suggest::closest(name, names.iter().map(String::as_str))?;
    let shown = folder.map_or_else(
        || found.to_string(),
        |f| f.join(found).display().to_string(),
    );
    Some(crate::diagnostic::visible(&shown).into_owned())
}

/// How much is read at a time from a pipe.
const CHUNK: usize = 1 << 16;

/// A file that could not be taken as plan text, with what can be shown of it.
#[derive(Debug)]
pub struct Unusable {
    /// The file as far as it can be shown (non-UTF-8 bytes replaced; empty when unread).
    pub file: SourceFile,
    /// Why it cannot be used.
    pub diagnostic: Diagnostic,
}

/// Reads a plan from `path` (`-`: standard input) into a [`SourceFile`], within the size limit.
pub fn read(path: &Path) -> Result<SourceFile, Box<Unusable>> {
    // The name is shown in every message and report: a control character or a bidirectional
    // control in a file name would reach the terminal.
    let stdin = path == Path::new("-");
    let shown = path.to_string_lossy();
    let name = if stdin {
        "<stdin>".into()
    } else {
        crate::diagnostic::visible(&shown)
    };
    let name = name.as_ref();
    let unusable = |kind: PlanKind| {
        Box::new(Unusable {
            file: SourceFile::new(name, ""),
            diagnostic: Diagnostic::file_error(kind),
        })
    };
    let unreadable = |e: &io::Error| {
        let nearby = (e.kind() == io::ErrorKind::NotFound)
            .then(|| nearby_file(path))
            .flatten();
        unusable(PlanKind::Unreadable {
            reason: e.to_string(),
            nearby,
        })
    };
    let bytes = if stdin {
        read_bounded(io::stdin().lock())
    } else {
        let file = crate::source::open_input(path).map_err(|e| unreadable(&e))?;
        let meta = file.metadata().map_err(|e| unreadable(&e))?;
        if meta.is_dir() {
            return Err(unusable(PlanKind::Unreadable {
                reason: "it is a directory, not a plan file".into(),
                nearby: None,
            }));
        }
        if meta.is_file() && meta.len() > MAX_PLAN_BYTES as u64 {
            return Err(unusable(PlanKind::InputTooComplex {
                limit: Limit::Bytes(MAX_PLAN_BYTES),
            }));
        }
        read_bounded(file)
    };
    match bytes {
        // Bytes that are not text are decoded too, to locate the first bad byte.
        Ok(Bounded::Whole(bytes) | Bounded::NotText(bytes)) => decode(name, bytes),
        Ok(Bounded::TooLarge) => Err(unusable(PlanKind::InputTooComplex {
            limit: Limit::Bytes(MAX_PLAN_BYTES),
        })),
        Err(e) => Err(unreadable(&e)),
    }
}

/// What a bounded read got.
enum Bounded {
    /// The whole input, within the limit.
    Whole(Vec<u8>),
    /// More than the limit: refused without keeping it.
    TooLarge,
    /// Bytes that are not text, up to and including the first bad chunk (kept to locate it).
    NotText(Vec<u8>),
}

fn read_bounded(input: impl Read) -> io::Result<Bounded> {
    let mut input = input.take(MAX_PLAN_BYTES as u64 + 1);
    let mut bytes: Vec<u8> = Vec::new();
    let mut checked = 0;
    loop {
        let before = bytes.len();
        bytes.resize(before + CHUNK, 0);
        let n = loop {
            match input.read(&mut bytes[before..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        bytes.truncate(before + n);
        if n == 0 {
            return Ok(Bounded::Whole(bytes));
        }
        if bytes.len() > MAX_PLAN_BYTES {
            return Ok(Bounded::TooLarge);
        }
        // Stop at the first byte that cannot be text, instead of reading on for gigabytes.
        if bytes[before..].contains(&0) {
            return Ok(Bounded::NotText(bytes));
        }
        match std::str::from_utf8(&bytes[checked..]) {
            Ok(_) => checked = bytes.len(),
            Err(e) if e.error_len().is_none() => checked += e.valid_up_to(),
            Err(_) => return Ok(Bounded::NotText(bytes)),
        }
    }
}

/// `bytes` with every carriage return that is not followed by a line feed made a line feed.
/// YAML takes a lone CR for a line break (old Mac files, a bad merge); the file's lines, by
/// which snippets are cut, would otherwise disagree with the reader's, and a diagnostic would
/// show the wrong line. The same byte count, so every offset stays the same.
fn lone_cr_as_lf(mut bytes: Vec<u8>) -> Vec<u8> {
    if !bytes.contains(&b'\r') {
        return bytes;
    }
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    bytes
}

/// How many bytes [`sniff_wide_encoding`] decodes to be sure: enough for a plan's first lines.
const SNIFFED_BYTES: usize = 512;

/// The UTF-16 or UTF-32 encoding `bytes` are in, and whether they start with a byte-order mark;
/// `None` for anything else (UTF-8, other encodings, binary files). A byte-order mark says so;
/// without one, the NUL bytes around the first character do, as YAML 1.2 (section 5.2) deduces
/// an encoding, when the first bytes then decode to text (no controls but tabs and line ends).
fn sniff_wide_encoding(bytes: &[u8]) -> Option<(WideEncoding, bool)> {
    let (encoding, bom) = match bytes {
        [0, 0, 0xFE, 0xFF, ..] => (WideEncoding::Utf32Be, true),
        [0xFF, 0xFE, 0, 0, ..] => (WideEncoding::Utf32Le, true),
        [0xFE, 0xFF, ..] => (WideEncoding::Utf16Be, true),
        [0xFF, 0xFE, ..] => (WideEncoding::Utf16Le, true),
        [0, 0, 0, a, ..] if *a != 0 => (WideEncoding::Utf32Be, false),
        [a, 0, 0, 0, ..] if *a != 0 => (WideEncoding::Utf32Le, false),
        [0, a, ..] if *a != 0 => (WideEncoding::Utf16Be, false),
        [a, 0, ..] if *a != 0 => (WideEncoding::Utf16Le, false),
        _ => return None,
    };
    let mut head = &bytes[..bytes.len().min(SNIFFED_BYTES)];
    let unit = match encoding {
        WideEncoding::Utf16Le | WideEncoding::Utf16Be => 2,
        WideEncoding::Utf32Le | WideEncoding::Utf32Be => 4,
    };
    // A cut at the sniffed length may split a character: decode whole units, and a split
    // surrogate pair at the end is forgiven.
    head = &head[..head.len() - head.len() % unit];
    let text = decode_wide(head, encoding, bom);
    let text = text.trim_end_matches('\u{FFFD}');
    let is_text = !text.is_empty()
        && text
            .chars()
            .all(|c| (!c.is_control() || matches!(c, '\t' | '\n' | '\r')) && c != '\u{FFFD}');
    // Without a byte-order mark, one NUL next to the first byte is weak evidence: a UTF-8 file
    // with a stray NUL (`x\0: y`) decodes as UTF-16 to CJK letters, which pass as text. A plan's
    // keys are ASCII, so a plan really in UTF-16 or UTF-32 decodes mostly to ASCII.
    let ascii = text.chars().filter(char::is_ascii).count();
    let plausible = bom || ascii * 2 >= text.chars().count();
    (is_text && plausible).then_some((encoding, bom))
}

/// `bytes` in `encoding` decoded, the byte-order mark left out, every unit that is no character
/// replaced with U+FFFD.
fn decode_wide(bytes: &[u8], encoding: WideEncoding, bom: bool) -> String {
    let body = match (bom, encoding) {
        (false, _) => bytes,
        (true, WideEncoding::Utf16Le | WideEncoding::Utf16Be) => &bytes[2..],
        (true, WideEncoding::Utf32Le | WideEncoding::Utf32Be) => &bytes[4..],
    };
    match encoding {
        WideEncoding::Utf16Le | WideEncoding::Utf16Be => {
            let units = body.chunks(2).map(|c| match (encoding, c) {
                (WideEncoding::Utf16Le, [a, b]) => u16::from_le_bytes([*a, *b]),
                (_, [a, b]) => u16::from_be_bytes([*a, *b]),
                _ => 0xFFFD,
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        WideEncoding::Utf32Le | WideEncoding::Utf32Be => body
            .chunks(4)
            .map(|c| {
                let unit = match (encoding, c) {
                    (WideEncoding::Utf32Le, [a, b, c, d]) => u32::from_le_bytes([*a, *b, *c, *d]),
                    (_, [a, b, c, d]) => u32::from_be_bytes([*a, *b, *c, *d]),
                    _ => 0xFFFD,
                };
                char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    }
}

/// Decodes raw bytes into a [`SourceFile`], refusing non-UTF-8 text, NUL bytes and oversized
/// input.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Unusable>> {
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(Box::new(Unusable {
            file: SourceFile::new(name, ""),
            diagnostic: Diagnostic::file_error(PlanKind::InputTooComplex {
                limit: Limit::Bytes(MAX_PLAN_BYTES),
            }),
        }));
    }
    if let Some((encoding, bom)) = sniff_wide_encoding(&bytes) {
        // Shown decoded (untrusted: every digit masked), so the snippet is the user's first line
        // rather than letters strewn with NULs.
        let file = SourceFile::new(name, decode_wide(&bytes, encoding, bom));
        let span = file.span_of(0..1);
        return Err(Box::new(Unusable {
            diagnostic: Diagnostic::error(PlanKind::WrongEncoding { encoding, bom }, span),
            file,
        }));
    }
    let first_nul = bytes.iter().position(|b| *b == 0);
    let first_invalid = std::str::from_utf8(&bytes).err().map(|e| e.valid_up_to());
    // Whichever comes first names the problem: a NUL says "not a text file at all".
    let kind = match (first_nul, first_invalid) {
        (None, None) => {
            let text = String::from_utf8(lone_cr_as_lf(bytes)).unwrap_or_default();
            return Ok(SourceFile::new(name, text));
        }
        (Some(nul), invalid) if invalid.is_none_or(|i| nul <= i) => {
            PlanKind::BinaryFile { offset: nul }
        }
        (_, invalid) => PlanKind::NotUtf8 {
            offset: invalid.unwrap_or(0),
        },
    };
    let at = match kind {
        PlanKind::BinaryFile { offset } | PlanKind::NotUtf8 { offset } => offset,
        _ => 0,
    };
    // Show what can be shown (lossy), untrusted: every digit in it is masked.
    let file = SourceFile::new(name, String::from_utf8_lossy(&bytes).into_owned());
    let lossy_at = String::from_utf8_lossy(&bytes[..at]).len();
    let mut span = file.span_of(lossy_at..lossy_at + 1);
    span.len = 1;
    Err(Box::new(Unusable {
        diagnostic: Diagnostic::error(kind, span),
        file,
    }))
}

/// The result of parsing: the raw plan (whatever of it could be shaped) and every diagnostic.
#[derive(Debug)]
pub struct Parsed {
    /// The raw plan, unless the YAML itself could not be read or its top level is broken.
    pub raw: Option<RawPlan>,
    /// Every problem found, unsorted.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses a plan's text into its raw shape, recording in `file` what must never be shown.
pub fn parse(file: &mut SourceFile) -> Parsed {
    parse_on_threads_from(file, yaml::PARSE_THREAD_FROM)
}

/// [`parse`], reading on more than one thread from `from` bytes of text (public so that the fuzz
/// targets can check that both ways read the same).
#[doc(hidden)]
pub fn parse_on_threads_from(file: &mut SourceFile, from: usize) -> Parsed {
    crate::suggest::reset_budget();
    let text = file.text();
    // Where the lines stop being searched: the start of the line reading failed on, once known
    // (the lines from it on are masked whole), so that a search running beside the reader stops
    // there too instead of searching to the end of a long text the reader gave up on.
    let searched_until = AtomicU32::new(u32::MAX);
    // The text's lines are searched for PINs (below) on a thread of their own while the YAML is
    // read, when the text is large enough to be read on two threads already.
    let ((outcome, mut secrets, problems, mut shaper), untrusted_from, lines) =
        std::thread::scope(|scope| {
            let lines = (text.len() >= from)
                .then(|| {
                    std::thread::Builder::new()
                        .name("pin-lines".into())
                        .spawn_scoped(scope, || pins_on_lines(text, &searched_until))
                        .ok()
                })
                .flatten();
            let read = yaml::read_with_from(text, Budget::default(), from, |mut reader| {
                let mut shaper = Shaper::default();
                let outcome = read_root(&mut reader, &mut shaper);
                (outcome, reader.secrets, reader.problems, shaper)
            });
            let untrusted_from = read.0.as_ref().err().map(|stop| untrusted_line(text, stop));
            if let Some(until) = untrusted_from {
                searched_until.store(until, Ordering::Relaxed);
            }
            let lines = lines.map(|searching| {
                searching
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            });
            (read, untrusted_from, lines)
        });
    secrets.append(&mut shaper.secrets);
    let mut diagnostics = shaper.diagnostics;
    for problem in problems {
        let mut d = Diagnostic::error(problem.kind, problem.span);
        if let Some(first) = problem.first {
            d = d.with_label(first, "first written here");
        }
        diagnostics.push(d);
    }
    let raw = match outcome {
        Ok(raw) => raw,
        Err(stop) => {
            diagnostics.push(Diagnostic::error(stop.kind, stop.span));
            None
        }
    };
    // Last, the text itself, line by line: a PIN in a comment, or in a value the reader stopped
    // before or did not take as text, is as much a leak as one in a value.
    let mut snippets_only = Vec::new();
    // The reader's secrets merged and sorted, so each range found on a line is checked in one
    // search: a scan of every secret for each range was quadratic (60,000 six-digit values
    // under unknown keys, each both a secret and a range, took 8 s; 300,000 over a minute).
    let known = merged(&secrets);
    let lines = match (lines, untrusted_from) {
        // Searched beside the reader, perhaps past where reading failed (the search learns it
        // only then): the lines from there on are not trusted (a line start, so the lines
        // before it were searched whole either way).
        (Some(mut all), Some(until)) => {
            all.retain(|(range, _)| range.start < until);
            all
        }
        (Some(all), None) => all,
        (None, _) => pins_on_lines(file.text(), &searched_until),
    };
    for (range, certain) in lines {
        let i = known.partition_point(|r| r.end <= range.start);
        if known.get(i).is_some_and(|r| r.start < range.end) {
            continue;
        }
        if certain {
            let span = file.span_of(range.start as usize..range.end as usize);
            diagnostics.push(Diagnostic::error(
                PlanKind::PinInPlan {
                    place: PinPlace::Line,
                },
                span,
            ));
            secrets.push(range);
        } else {
            snippets_only.push(range);
        }
    }
    file.set_redaction(Redaction::read_with(
        secrets,
        &snippets_only,
        untrusted_from,
    ));
    Parsed { raw, diagnostics }
}

/// `ranges` sorted and merged where they overlap: disjoint, in order, so whether a range
/// overlaps any of them is one binary search.
fn merged(ranges: &[std::ops::Range<u32>]) -> Vec<std::ops::Range<u32>> {
    let mut sorted: Vec<std::ops::Range<u32>> =
        ranges.iter().filter(|r| r.start < r.end).cloned().collect();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<u32>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start < last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Where the text is no longer trusted after reading stopped at `stop`: the start of its line,
/// as the parser may have stopped anywhere on it.
fn untrusted_line(text: &str, stop: &Stop) -> u32 {
    let from = Reader::failed_at(stop);
    let line_start = text[..from as usize].rfind('\n').map_or(0, |i| i + 1);
    u32::try_from(line_start).unwrap_or(0)
}

/// Byte ranges of what seems to be a PIN on each line of `text`, up to the line start `until`
/// holds when a line is reached (past it, every digit is masked anyway; it may be set while
/// the lines are searched), each with whether it surely is one: what
/// [`crate::secret::pin_ranges`] finds is (an error); six digits elsewhere on the line may be one
/// (masked in snippets only: a comment, a tag or a duration is shown only there). A line with fewer than
/// six digits, nearly every line of a plan, is passed over without a second look.
fn pins_on_lines(text: &str, until: &AtomicU32) -> Vec<(std::ops::Range<u32>, bool)> {
    let mut found = Vec::new();
    let mut start = 0_usize;
    let mut add = |r: std::ops::Range<usize>, certain: bool| {
        if let (Ok(a), Ok(b)) = (u32::try_from(r.start), u32::try_from(r.end)) {
            found.push((a..b, certain));
        }
    };
    // Lone carriage returns were made line feeds when the file was decoded.
    for line in text.split_inclusive('\n') {
        if start >= until.load(Ordering::Relaxed) as usize {
            break;
        }
        if crate::secret::may_hold_six_digits(line) {
            let sure = crate::secret::pin_ranges(line);
            // Six digits anywhere else on the line are masked in snippets: in a comment (however
            // split), or six written together in a tag (`!482913`), a duration (`482913d`) or
            // any value a message hides as a possible PIN: the snippet under the message must
            // not show what it hides. Runs first, as few lines have one of exactly six digits;
            // such a run counts when it is a whole group (not the end of a phone number).
            let comment = comment_start(line);
            let mut six_run = false;
            crate::secret::each_run(&line[..comment.unwrap_or(line.len())], |g| {
                six_run |= g.digits == 6;
            });
            if six_run || comment.is_some() {
                crate::secret::each_digit_group(line, |g| {
                    let r = g.range;
                    let in_comment = comment.is_some_and(|c| r.start >= c);
                    if g.digits == 6
                        && (in_comment || six_run)
                        && !crate::secret::reads_as_other_than_a_pin(line, &r)
                        && !sure.iter().any(|s| s.start < r.end && r.start < s.end)
                    {
                        add(start + r.start..start + r.end, false);
                    }
                });
            }
            for r in sure {
                add(start + r.start..start + r.end, true);
            }
        }
        start += line.len();
    }
    found
}

/// Where a line's comment starts: a `#` at its start or after a space or tab, outside quotes
/// (a line's own quotes only: good enough for masking, which is all it is used for).
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let (mut single, mut double) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if double => i += 1,
            b'"' if !single => double = !double,
            b'\'' if !double => single = !single,
            b'#' if !single && !double && (i == 0 || matches!(b[i - 1], b' ' | b'\t')) => {
                return Some(i);
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Reads the document, streaming the items of a top-level `numbers:` list through the shaper.
fn read_root(reader: &mut Reader<'_>, shaper: &mut Shaper) -> Result<Option<RawPlan>, Stop> {
    use crate::plan::yaml::{Entry, Map, Node, Value};
    use serde_saphyr::granit_parser::Event;

    let Some((event, span)) = reader.start()? else {
        return Err(Stop {
            kind: PlanKind::EmptyPlan,
            span: Span {
                line: 1,
                column: 1,
                offset: 0,
                len: 0,
            },
        });
    };
    let Event::MappingStart(_, 0, None) = event else {
        // Anything but a plain top-level mapping is read whole.
        let root = reader.node(event, span, 0)?;
        reader.finish()?;
        if root.is_null() {
            // `---` alone, or `~`: a document with nothing in it.
            return Err(Stop {
                kind: PlanKind::EmptyPlan,
                span: root.span,
            });
        }
        return Ok(shaper.plan(&root, None));
    };
    let mut map = Map::default();
    let mut streamed: Option<Vec<crate::plan::raw::RawNumber>> = None;
    loop {
        let (event, key_span) = reader.event()?;
        if matches!(event, Event::MappingEnd) {
            break;
        }
        let key = reader.node(event, key_span, 1)?;
        let (event, value_span) = reader.event()?;
        let is_numbers = key.scalar().map(|(k, _)| k) == Some("numbers");
        let value = if is_numbers
            && streamed.is_none()
            && matches!(event, Event::SequenceStart(_, 0, None))
        {
            // About 300 bytes a number: room for them all, so the list is not copied as it grows.
            let mut numbers = Vec::with_capacity(reader.text().len() / 300);
            loop {
                let (event, item_span) = reader.event()?;
                if matches!(event, Event::SequenceEnd) {
                    break;
                }
                let item = reader.node(event, item_span, 2)?;
                if let Some(number) = shaper.number(&item) {
                    numbers.push(number);
                }
            }
            streamed = Some(numbers);
            Node {
                span: value_span,
                value: Value::Seq(Vec::new()),
                secret: false,
                pin: false,
                weight: 1,
            }
        } else {
            reader.node(event, value_span, 1)?
        };
        reader.add_entry(&mut map, Entry { key, value });
    }
    reader.finish()?;
    let root = Node {
        span,
        value: Value::Map(map),
        secret: false,
        pin: false,
        weight: 1,
    };
    Ok(shaper.plan(&root, streamed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        let mut file = SourceFile::new("t.yaml", text);
        let parsed = parse(&mut file);
        let mut codes: Vec<_> = parsed.diagnostics.iter().map(Diagnostic::code).collect();
        codes.sort_unstable();
        codes
    }

    const HEAD: &str =
        "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\n";

    /// Everything parsing `text` gives: the raw plan, the diagnostics, and the text as snippets
    /// show it (every secret masked), reading on more threads from `from` bytes.
    fn parsed_whole(text: &str, from: usize) -> String {
        let mut file = SourceFile::new("t.yaml", text);
        let parsed = parse_on_threads_from(&mut file, from);
        let shown = (1..=file.line_count())
            .filter_map(|line| file.shown_line(line))
            .collect::<Vec<_>>()
            .join("\n");
        format!("{:?}\n{:?}\n{shown}", parsed.raw, parsed.diagnostics)
    }

    #[test]
    fn reading_on_more_threads_gives_the_same_plan_and_masks() {
        let fleet = crate::generate::fleet_plan(40, 3);
        // PINs in comments and values before and after a syntax error, which makes the lines
        // from it on untrusted.
        let pins = "# PIN 482915\nversion: 1\nnumbers:\n  - number: \"+4930901820\" # 135790\n\
                    pin: 246801\n  - [oops\n# 975310\nx: 112358\n";
        let cases = [
            fleet.clone(),
            format!("{fleet}# two-step PIN 482915\n"),
            pins.to_string(),
            format!("{fleet}  - {{unclosed: 482915\n# 135790\n"),
            format!("{pins}{}", "# filler 000000\n".repeat(500)),
            "a: 1\n- b\n# two-step PIN 112358\n".to_string(),
            String::new(),
        ];
        for text in &cases {
            assert_eq!(
                parsed_whole(text, 0),
                parsed_whole(text, usize::MAX),
                "{text:.80}"
            );
        }
    }

    /// Reading that fails early in a long text stops the line search beside it too: the lines
    /// after the failure are masked whole, so searching them is time for nothing. A search that
    /// went on to the end took 14 s for 84 MB of lines with six digits each, that read on one
    /// thread failed in 70 ms.
    #[test]
    fn a_line_search_beside_the_reader_stops_where_reading_failed() {
        let text = format!("a: [1\nb: 2\n{}", "c: 3 # 48291\n".repeat(1_000_000));
        let timed = |from: usize| {
            let mut file = SourceFile::new("t.yaml", text.as_str());
            let started = std::time::Instant::now();
            let parsed = parse_on_threads_from(&mut file, from);
            (started.elapsed(), format!("{:?}", parsed.diagnostics))
        };
        let (one, on_one) = timed(usize::MAX);
        let (more, on_more) = timed(0);
        assert_eq!(on_one, on_more);
        assert!(
            more < one * 4 + std::time::Duration::from_secs(1),
            "{more:?} on threads, {one:?} on one"
        );
    }

    #[test]
    fn wide_encodings_without_a_byte_order_mark_are_sniffed() {
        let text = "version: 1\nplan:\n  name: Caf\u{e9}\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let le32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let be32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        assert_eq!(
            sniff_wide_encoding(&le),
            Some((WideEncoding::Utf16Le, false))
        );
        assert_eq!(
            sniff_wide_encoding(&be),
            Some((WideEncoding::Utf16Be, false))
        );
        assert_eq!(
            sniff_wide_encoding(&le32),
            Some((WideEncoding::Utf32Le, false))
        );
        assert_eq!(
            sniff_wide_encoding(&be32),
            Some((WideEncoding::Utf32Be, false))
        );
    }

    #[test]
    fn utf8_with_a_stray_nul_is_not_taken_for_utf16() {
        // Regression: `x\0: y` decoded as UTF-16LE to CJK letters and was refused as
        // wrong-encoding, its first line shown as `x›੹慮敭›੺`; it is a UTF-8 file holding a NUL.
        let bytes = b"x\0: y\nname: z\nplan: {}\n".to_vec();
        assert_eq!(sniff_wide_encoding(&bytes), None);
        let Err(unusable) = decode("t.yaml", bytes) else {
            panic!("a NUL byte is refused");
        };
        assert_eq!(unusable.diagnostic.code(), "not-utf8");
        assert!(
            matches!(
                unusable.diagnostic.kind_as::<PlanKind>(),
                Some(PlanKind::BinaryFile { offset: 1 })
            ),
            "{:?}",
            unusable.diagnostic
        );
    }

    #[test]
    fn empty_file_is_an_empty_plan() {
        assert_eq!(codes(""), ["empty-plan"]);
        assert_eq!(codes("# only a comment\n\n"), ["empty-plan"]);
    }

    #[test]
    fn unknown_key_names_the_key_and_alternatives() {
        let mut file = SourceFile::new("t.yaml", "version: 1\nplann: {}\nnumbers: []\n");
        let parsed = parse(&mut file);
        let d = parsed
            .diagnostics
            .iter()
            .find(|d| d.code() == "unknown-key")
            .expect("an unknown key");
        assert_eq!(d.span.unwrap().line, 2);
        assert_eq!(d.kind.help().as_deref(), Some("did you mean `plan`?"));
    }

    #[test]
    fn every_shape_error_is_reported_at_once() {
        let text = format!(
            "{HEAD}numbers:\n  - number: '+4930901820'\n    source: engage\n    colour: red\n\
             \x20 - number: '+4930901821'\n    source: {{bsp: {{partnr: x}}}}\n\
             steps:\n  - {{id: a, title: t, owner: someone}}\n\
             overrides:\n  - {{step: save-integration, duration: [1]}}\n"
        );
        assert_eq!(
            codes(&text),
            ["unknown-key", "unknown-key", "unknown-value", "wrong-type"]
        );
    }

    #[test]
    fn null_means_absent_for_every_optional_key() {
        let text = format!(
            "{HEAD}fleet:\nsource_wabas: ~\nsteps:\noverrides: null\nnumbers:\n  - number: '+4930901820'\n    source: {{engage: ~}}\n    display_name:\n    done:\n"
        );
        assert_eq!(codes(&text), Vec::<&str>::new());
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let text = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC, business_verified: yes}\nnumbers: []\n";
        assert_eq!(codes(text), ["wrong-type"]);
    }

    #[test]
    fn duplicate_keys_are_refused() {
        assert!(codes("version: 1\nversion: 1\n").contains(&"duplicate-key"));
    }

    #[test]
    fn a_second_document_is_refused() {
        let text = format!("{HEAD}numbers: []\n---\nversion: 1\n");
        assert_eq!(codes(&text), ["yaml-syntax"]);
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = format!(
            "version: 1\nsteps: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        assert_eq!(codes(&text), ["input-too-complex"]);
    }

    #[test]
    fn non_utf8_is_located() {
        let d = decode("t.yaml", b"version: 1\nplan: \xff\n".to_vec())
            .unwrap_err()
            .diagnostic;
        assert_eq!(d.code(), "not-utf8");
        assert_eq!(d.span.unwrap().line, 2);
    }

    #[test]
    fn a_nul_byte_is_not_text() {
        let d = decode("t.yaml", b"version: 1\n\0\n".to_vec())
            .unwrap_err()
            .diagnostic;
        assert_eq!(d.code(), "not-utf8");
    }

    #[test]
    fn bounded_reads_stop_at_the_first_bad_chunk() {
        let endless = io::repeat(0);
        assert!(matches!(read_bounded(endless), Ok(Bounded::NotText(b)) if b.len() <= CHUNK));
        let text = io::repeat(b'a').take(MAX_PLAN_BYTES as u64 + 10);
        assert!(matches!(read_bounded(text), Ok(Bounded::TooLarge)));
    }
}
