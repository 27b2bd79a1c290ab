//! `wamigrate init --from-csv`: the spreadsheet a partner gets from a customer, turned into a
//! [`Draft`].
//!
//! The first row names the columns (any case; spaces, `-` and `.` count as `_`; a few common
//! other names are understood, such as `phone` for `number`). Every row under it is one number.
//! The file is read once, row by row: the `csv` crate splits the cells (quotes, doubled quotes,
//! CRLF), and a scan of the same row finds where each cell starts, so every problem points at its
//! cell (`numbers.csv:7:18`) and names its row and column as a spreadsheet shows them (row 7,
//! column C). Every problem is reported, in one pass; a file with any error gives no draft at all.
//!
//! Rows with no cell filled in are skipped (spreadsheets export them for formatted empty lines);
//! nothing else is. The delimiter is the one the header row uses most: `,`, `;` (spreadsheets in
//! many European locales) or a tab.
//!
//! PINs: a column named like a PIN or password is refused and its cells never read; a cell that
//! is exactly six digits, or free text with six digits next to a word like "PIN", is refused; and
//! every cell holding a run of six or more digits (but a valid phone number) is recorded as a
//! secret range of the [`SourceFile`], so no snippet shows it.

use std::collections::HashMap;
use std::ops::Range;

use super::diags::{CsvKind, FileProblem};
use super::{Draft, DraftNumber, Given};
use crate::diagnostic::{self, Diagnostic};
use crate::plan::diags::{Conflict, PlanKind};
use crate::plan::load::{self, Unusable};
use crate::plan::phone::{self, PhoneProblemKind};
use crate::plan::raw::Choice;
use crate::plan::shape::pin_in_text;
use crate::plan::yaml::{has_digit_run, is_secret_key};
use crate::plan::{
    AppKind, E164, LineFacts, LineType, NameStatus, Source, SourceAdmin, VerificationMethod,
};
use crate::source::{Redaction, SourceFile, Span};

/// A column of the spreadsheet, named as the plan format names its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Number,
    Source,
    Partner,
    DisplayName,
    DisplayNameStatus,
    Line,
    Region,
    Org,
    PinKnown,
    OldName,
    SourceWabaAdmin,
    DisconnectAhead,
    App,
    BehindIvr,
    CanBypassIvr,
    Verification,
    OfficialBusinessAccount,
    NumberingConfirmed,
    Notes,
}

impl Column {
    const ALL: [Column; 19] = [
        Column::Number,
        Column::Source,
        Column::Partner,
        Column::DisplayName,
        Column::DisplayNameStatus,
        Column::Line,
        Column::Region,
        Column::Org,
        Column::PinKnown,
        Column::OldName,
        Column::SourceWabaAdmin,
        Column::DisconnectAhead,
        Column::App,
        Column::BehindIvr,
        Column::CanBypassIvr,
        Column::Verification,
        Column::OfficialBusinessAccount,
        Column::NumberingConfirmed,
        Column::Notes,
    ];

    fn name(self) -> &'static str {
        COLUMN_NAMES[self as usize]
    }

    /// The column a normalised header names: its plan name or a usual other name.
    fn of(header: &str) -> Option<Column> {
        if let Some(i) = COLUMN_NAMES.iter().position(|n| *n == header) {
            return Some(Column::ALL[i]);
        }
        Some(match header {
            "phone" | "phone_number" | "telephone" | "msisdn" | "whatsapp_number" | "e164" => {
                Column::Number
            }
            "source_kind" | "kind" | "from" | "migration_source" => Column::Source,
            "bsp" | "solution_partner" | "provider" | "current_partner" => Column::Partner,
            "name" | "business_name" | "whatsapp_name" => Column::DisplayName,
            "name_status" | "display_status" => Column::DisplayNameStatus,
            "line_type" | "line_kind" => Column::Line,
            "source_region" | "old_region" => Column::Region,
            "organization" | "organisation" | "source_org" | "old_org" | "org_id" => Column::Org,
            "waba_admin" | "admin" => Column::SourceWabaAdmin,
            "old_display_name" | "current_name" | "current_display_name" => Column::OldName,
            "app_kind" => Column::App,
            "verification_method" => Column::Verification,
            "oba" => Column::OfficialBusinessAccount,
            "number_confirmed" | "carrier_confirmed" => Column::NumberingConfirmed,
            "note" | "comment" | "comments" => Column::Notes,
            _ => return None,
        })
    }

    /// The source kinds that use this column (`None`: every kind).
    fn sources(self) -> Option<&'static [&'static str]> {
        Some(match self {
            Column::Partner | Column::SourceWabaAdmin => &["engage", "bsp"],
            Column::DisconnectAhead => &["bsp"],
            Column::Region | Column::Org => &["genesys"],
            Column::PinKnown => &["genesys", "name_change"],
            Column::OldName => &["name_change"],
            Column::App => &["app"],
            Column::Line | Column::BehindIvr | Column::CanBypassIvr => {
                &["engage", "bsp", "genesys", "app", "new", "name_change"]
            }
            _ => return None,
        })
    }
}

/// The columns `--from-csv` reads, by their plan names, in documentation order.
pub const COLUMN_NAMES: &[&str] = &[
    "number",
    "source",
    "partner",
    "display_name",
    "display_name_status",
    "line",
    "region",
    "org",
    "pin_known",
    "old_name",
    "source_waba_admin",
    "disconnect_ahead",
    "app",
    "behind_ivr",
    "can_bypass_ivr",
    "verification",
    "official_business_account",
    "numbering_confirmed",
    "notes",
];

const SOURCES: &[&str] = &["engage", "bsp", "genesys", "app", "new", "name_change"];

/// Reads a CSV file (`-`: standard input) within the plan loader's size limit, refusing bytes that
/// are not UTF-8 text.
pub fn read(path: &std::path::Path) -> Result<SourceFile, Box<Unusable>> {
    load::read(path).map_err(|mut unusable| {
        let problem = match unusable.diagnostic.kind_as::<PlanKind>() {
            Some(PlanKind::NotUtf8 { offset }) => FileProblem::NotUtf8(*offset),
            Some(PlanKind::BinaryFile { offset }) => FileProblem::Binary(*offset),
            Some(PlanKind::WrongEncoding { encoding, .. }) => FileProblem::WrongEncoding(*encoding),
            Some(PlanKind::InputTooComplex { .. }) => {
                FileProblem::TooLarge(load::MAX_PLAN_BYTES / (1024 * 1024))
            }
            Some(PlanKind::Unreadable { reason, .. }) => FileProblem::Io(reason.clone()),
            _ => FileProblem::Io(unusable.diagnostic.message()),
        };
        let kind = CsvKind::Unreadable { problem };
        unusable.diagnostic = match unusable.diagnostic.span {
            Some(span) => Diagnostic::error(kind, span),
            None => Diagnostic::file_error(kind),
        };
        unusable
    })
}

/// Turns the rows of `file` into numbers of `draft`, or reports every problem (sorted by
/// position). Records in `file` which cells must never be shown.
pub fn import(file: &mut SourceFile, draft: Draft) -> Result<Draft, Vec<Diagnostic>> {
    let mut importer = Importer {
        draft,
        diagnostics: Vec::new(),
        secrets: Vec::new(),
        seen: HashMap::new(),
    };
    importer.run(file);
    file.set_redaction(Redaction::read(std::mem::take(&mut importer.secrets), None));
    let mut diagnostics = importer.diagnostics;
    if diagnostic::has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        Err(diagnostics)
    } else {
        Ok(importer.draft)
    }
}

struct Importer {
    draft: Draft,
    diagnostics: Vec<Diagnostic>,
    secrets: Vec<Range<u32>>,
    /// Numbers seen, in E.164, with where they were first written.
    seen: HashMap<String, Span>,
}

/// One cell: its text (trimmed), where it is, its row and column as a spreadsheet shows them.
struct Cell<'r> {
    text: &'r str,
    span: Span,
    place: String,
}

fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + u8::try_from(index % 26).unwrap_or(0));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The most cells a header row may have: a list of numbers has a few dozen columns at most, and
/// each unknown one is reported with the whole row shown.
pub const MAX_COLUMNS: usize = 256;

/// The spans of a record's cells, found in one walk over the record (a cell's line and column
/// from the start of its line each time would cost the row's width for every cell).
fn spans(file: &SourceFile, ranges: &[Range<usize>]) -> Vec<Span> {
    let Some(first) = ranges.first() else {
        return Vec::new();
    };
    let text = file.text();
    let (mut line, mut column) = file.line_column(first.start);
    let mut at = first.start;
    ranges
        .iter()
        .map(|range| {
            // Cells start after an ASCII delimiter or line break: always a character boundary.
            for c in text.get(at..range.start).unwrap_or("").chars() {
                if c == '\n' {
                    line += 1;
                    column = 1;
                } else {
                    column += 1;
                }
            }
            at = range.start;
            Span {
                line,
                column,
                offset: u32::try_from(range.start).unwrap_or(u32::MAX),
                len: u32::try_from(range.len()).unwrap_or(0),
            }
        })
        .collect()
}

/// Whether text holds a run of six or more digits (what a PIN could hide in).
fn has_six_digits(text: &str) -> bool {
    let mut run = 0;
    text.chars().any(|c| {
        run = if c.is_numeric() { run + 1 } else { 0 };
        run >= 6
    })
}

/// The delimiter an Excel `sep=X` first line names (also quoted, `"sep=;"`), and the bytes to
/// skip past that line; `(None, 0)` when the file does not start with one. `X` is one ASCII
/// character that is no letter, digit, quote or line break.
fn excel_separator(body: &str) -> (Option<u8>, usize) {
    let end = body.find('\n').map_or(body.len(), |i| i + 1);
    let line = body[..end].trim_end_matches(['\n', '\r']);
    let line = line
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or(line);
    match line.get(..4).zip(line.as_bytes().get(4..)) {
        Some((key, &[sep]))
            if key.eq_ignore_ascii_case("sep=")
                && sep.is_ascii()
                && !sep.is_ascii_alphanumeric()
                && !matches!(sep, b'"' | b'\n' | b'\r') =>
        {
            (Some(sep), end)
        }
        _ => (None, 0),
    }
}

/// The delimiter the header row uses most, outside quotes: `,`, `;` or a tab.
fn delimiter(first_line: &str) -> u8 {
    let mut counts = [0_usize; 3];
    let mut quoted = false;
    for b in first_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// The byte ranges of a record's cells, scanned from its first byte the way the `csv` crate
/// reads them (a quoted cell runs to its closing quote; `""` inside is one quote), and where a
/// quote opens that never closes (the `csv` crate reads it to the end of the file, every row
/// after it one cell).
fn cell_ranges(text: &[u8], start: usize, delimiter: u8) -> (Vec<Range<usize>>, Option<usize>) {
    let mut ranges = Vec::new();
    let mut unclosed = None;
    let mut i = start;
    // The reader's position of a record after a CRLF (or a blank line) is the line break before
    // it; a record never starts with one (blank lines are no records).
    while matches!(text.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
    loop {
        let cell_start = i;
        if text.get(i) == Some(&b'"') {
            i += 1;
            let mut closed = false;
            while i < text.len() {
                if text[i] == b'"' {
                    if text.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    closed = true;
                    break;
                }
                i += 1;
            }
            if !closed {
                unclosed = Some(cell_start);
            }
        }
        while i < text.len() && text[i] != delimiter && text[i] != b'\n' && text[i] != b'\r' {
            i += 1;
        }
        ranges.push(cell_start..i);
        if text.get(i) == Some(&delimiter) {
            i += 1;
        } else {
            return (ranges, unclosed);
        }
    }
}

/// Normalises a header: trimmed, lower case, spaces, `-` and `.` as `_`.
fn normalise(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' | '.' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// A closed-set word as a spreadsheet may write it: any case, spaces and `-` for `_`.
fn choice<T: Choice>(text: &str) -> Result<T, String> {
    let word: String = text
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    T::CHOICES
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
        .ok_or(word)
}

impl Importer {
    fn error(&mut self, kind: impl crate::diagnostic::Kind + 'static, cell: &Cell<'_>) {
        self.diagnostics
            .push(Diagnostic::error(kind, cell.span).with_note(cell.place.clone()));
    }

    fn run(&mut self, file: &SourceFile) {
        let text = file.text();
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        // Excel's `sep=;` first line names the delimiter and is no row (Excel hides it too).
        let (sep, skip) = excel_separator(&text[bom..]);
        let bom = bom + skip;
        let body = &text[bom..];
        if body.trim().is_empty() {
            self.diagnostics
                .push(Diagnostic::file_error(CsvKind::Empty {
                    header_only: false,
                }));
            return;
        }
        // Blank lines before the header row are no records; the header row names the delimiter.
        let first_line = body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let delimiter = sep.unwrap_or_else(|| delimiter(first_line));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(body.as_bytes());
        let mut header: Option<Header> = None;
        let mut record = csv::StringRecord::new();
        let mut rows = 0_usize;
        // Rows with a cell filled in: rows of empty cells are skipped, and a file of only those
        // has no number (the plan written from it would have none, and no valid `numbers:`).
        let mut filled = 0_usize;
        loop {
            let read = reader.read_record(&mut record);
            let start = bom
                + usize::try_from(record.position().map_or(0, csv::Position::byte)).unwrap_or(0);
            match read {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    // Text has been checked for UTF-8; anything else is the reader's own failure.
                    self.diagnostics
                        .push(Diagnostic::file_error(CsvKind::Unreadable {
                            problem: FileProblem::Io(e.to_string()),
                        }));
                    return;
                }
            }
            let (ranges, unclosed) = cell_ranges(text.as_bytes(), start, delimiter);
            if let Some(quote) = unclosed {
                // Every line after the quote would be one cell of this row: rows lost silently.
                let line_end = text[quote..]
                    .find(['\n', '\r'])
                    .map_or(text.len(), |e| quote + e);
                let span = file.span_of(quote..line_end);
                // The line is shown before any of its cells is checked: every digit on it is
                // masked (a PIN may be written in any shape, quoted or not, in any column).
                let line_start = text[..quote].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                for (i, c) in text[line_start..line_end].char_indices() {
                    if c.is_numeric() {
                        let at = line_start + i;
                        self.secret(file.span_of(at..at + c.len_utf8()));
                    }
                }
                self.diagnostics
                    .push(Diagnostic::error(CsvKind::UnclosedQuote, span));
                return;
            }
            let start = ranges.first().map_or(start, |r| r.start);
            let spans = spans(file, &ranges);
            let cells: Vec<Cell<'_>> = record
                .iter()
                .enumerate()
                .map(|(i, value)| Cell {
                    // A cell of nothing but characters drawn as nothing is as empty as `check`
                    // reads it; any other keeps them (the variation selector that ends `❤️`).
                    text: if crate::plan::diags::is_blank(value) {
                        ""
                    } else {
                        value.trim()
                    },
                    span: spans
                        .get(i)
                        .copied()
                        .unwrap_or_else(|| file.span_of(start..start)),
                    place: String::new(),
                })
                .collect();
            match &header {
                None if cells.len() > MAX_COLUMNS => {
                    self.diagnostics.push(Diagnostic::error(
                        CsvKind::Unreadable {
                            problem: FileProblem::TooWide(cells.len()),
                        },
                        file.span_of(start..start),
                    ));
                    return;
                }
                None => {
                    for cell in &cells {
                        if has_digit_run(cell.text) || pin_in_text(cell.text) {
                            self.secret(cell.span);
                        }
                    }
                    header = Some(self.header(file, &cells, start));
                }
                Some(h) => {
                    rows += 1;
                    let row = rows + 1;
                    filled += usize::from(cells.iter().any(|c| !c.text.is_empty()));
                    self.row(h, cells, row, file, start);
                }
            }
        }
        if filled == 0 {
            self.diagnostics
                .push(Diagnostic::file_error(CsvKind::Empty { header_only: true }));
        }
    }

    fn secret(&mut self, span: Span) {
        self.secrets
            .push(span.offset..span.offset.saturating_add(span.len));
    }

    fn header(&mut self, file: &SourceFile, cells: &[Cell<'_>], start: usize) -> Header {
        let mut header = Header {
            columns: vec![None; cells.len()],
            secret: vec![false; cells.len()],
            index: [None; Column::ALL.len()],
        };
        for (i, cell) in cells.iter().enumerate() {
            let cell = Cell {
                place: format!("row 1, column {}", column_letters(i)),
                ..*cell
            };
            let name = normalise(cell.text);
            if is_secret_key(cell.text.trim_start_matches('\u{feff}')) || is_secret_key(&name) {
                header.secret[i] = true;
                self.error(CsvKind::PinColumn, &cell);
                continue;
            }
            match Column::of(&name) {
                Some(column) if header.index[column as usize].is_some() => {
                    self.error(
                        CsvKind::DuplicateColumn {
                            column: column.name(),
                        },
                        &cell,
                    );
                }
                Some(column) => {
                    header.index[column as usize] = Some(i);
                    header.columns[i] = Some(column);
                }
                None => {
                    let shown = (!name.is_empty() && !has_digit_run(&name)).then(|| name.clone());
                    let suggestion = shown
                        .as_deref()
                        .and_then(|n| crate::suggest::closest(n, COLUMN_NAMES.iter().copied()));
                    self.error(
                        CsvKind::UnknownColumn {
                            header: shown,
                            suggestion,
                        },
                        &cell,
                    );
                }
            }
        }
        let line = file
            .line_range(file.span_of(start..start).line)
            .unwrap_or(start..start);
        for column in [Column::Number, Column::Source] {
            if header.index[column as usize].is_none() {
                self.diagnostics.push(Diagnostic::error(
                    CsvKind::MissingColumn {
                        column: column.name(),
                    },
                    file.span_of(line.clone()),
                ));
            }
        }
        header
    }

    fn row(
        &mut self,
        header: &Header,
        mut cells: Vec<Cell<'_>>,
        row: usize,
        file: &SourceFile,
        start: usize,
    ) {
        // Secrets first, whatever else is wrong with the row: a snippet may show any of it.
        for (i, cell) in cells.iter_mut().enumerate() {
            cell.place = format!("row {row}, column {}", column_letters(i));
            let column = header.columns.get(i).copied().flatten();
            let is_pin_column = header.secret.get(i).copied().unwrap_or(false);
            let valid_number = column == Some(Column::Number) && E164::parse(cell.text).is_ok();
            if is_pin_column
                || (!valid_number && (has_six_digits(cell.text) || pin_in_text(cell.text)))
            {
                self.secret(cell.span);
            }
        }
        if cells.iter().all(|c| c.text.is_empty()) {
            return;
        }
        if cells.len() != header.columns.len() {
            let line = file
                .line_range(file.span_of(start..start).line)
                .unwrap_or(start..start);
            self.diagnostics.push(
                Diagnostic::error(
                    CsvKind::RaggedRow {
                        cells: cells.len(),
                        expected: header.columns.len(),
                    },
                    file.span_of(line),
                )
                .with_note(format!("row {row}")),
            );
            return;
        }
        let errors_before = self.diagnostics.len();
        // PIN-like cells are refused before anything reads them.
        for (i, cell) in cells.iter().enumerate() {
            if header.secret[i] {
                continue;
            }
            let Some(column) = header.columns[i] else {
                continue;
            };
            // Any cell but a number's: six digits alone (of any script, split or not), or six
            // digits next to a word naming a PIN.
            if column != Column::Number && pin_in_text(cell.text) {
                self.error(
                    CsvKind::PinCell {
                        column: column.name(),
                    },
                    cell,
                );
            } else if let Some(c) = crate::plan::diags::control_character(
                &cell.text.replace("\r\n", "\n"),
                column == Column::Notes,
            ) {
                // The plan written would be refused for it (a line break in a quoted cell,
                // a carriage return, a bidirectional control).
                self.error(
                    crate::plan::diags::PlanKind::ControlCharacter {
                        code_point: u32::from(c),
                    },
                    cell,
                );
            }
        }
        if self.diagnostics.len() > errors_before {
            return;
        }
        let get = |column: Column| -> Option<&Cell<'_>> {
            header.index[column as usize]
                .map(|i| &cells[i])
                .filter(|c| !c.text.is_empty())
        };
        let number = self.number(header, &cells);
        let source = self.source(get(Column::Source), header, &cells);
        let display_name_status = get(Column::DisplayNameStatus)
            .and_then(|c| self.word::<NameStatus>(c))
            .unwrap_or(NameStatus::Unknown);
        let verification =
            get(Column::Verification).and_then(|c| self.word::<VerificationMethod>(c));
        let official_business_account = get(Column::OfficialBusinessAccount)
            .and_then(|c| self.boolean(c))
            .unwrap_or(false);
        let numbering_confirmed = get(Column::NumberingConfirmed)
            .and_then(|c| self.boolean(c))
            .unwrap_or(false);
        if let (Some((source, _)), Some(VerificationMethod::Sms)) = (&source, verification)
            && source.line().kind == Some(LineType::SmsInventory)
            && let Some(cell) = get(Column::Verification)
        {
            self.error(PlanKind::SmsVerificationUnavailable, cell);
        }
        if self.diagnostics.len() > errors_before {
            return;
        }
        let (Some(number), Some((source, unstated))) = (number, source) else {
            return;
        };
        self.draft.numbers.push(DraftNumber {
            number: Given::stated(number),
            display_name: get(Column::DisplayName).map(|c| c.text.to_string()),
            display_name_status,
            source,
            unstated,
            verification,
            official_business_account,
            numbering_confirmed,
            // A spreadsheet's line breaks may be CRLF; a plan's notes hold plain ones.
            notes: get(Column::Notes).map(|c| c.text.replace("\r\n", "\n")),
        });
    }

    /// The row's number, as written, once it is known to be a valid one seen for the first time.
    fn number(&mut self, header: &Header, cells: &[Cell<'_>]) -> Option<String> {
        let i = header.index[Column::Number as usize]?;
        let cell = &cells[i];
        if cell.text.is_empty() {
            self.error(
                CsvKind::MissingValue {
                    column: "number",
                    source: None,
                    no_column: false,
                },
                cell,
            );
            return None;
        }
        match E164::parse(cell.text) {
            Ok(e164) => {
                if let Some(first) = self.seen.get(e164.as_str()) {
                    let first = *first;
                    self.diagnostics.push(
                        Diagnostic::error(
                            PlanKind::DuplicateNumber {
                                number: e164.as_str().to_string(),
                                in_scope: false,
                            },
                            cell.span,
                        )
                        .with_label(first, "first listed here")
                        .with_note(cell.place.clone()),
                    );
                    return None;
                }
                self.seen.insert(e164.as_str().to_string(), cell.span);
                Some(cell.text.to_string())
            }
            Err(problem) => {
                let kind = match problem {
                    PhoneProblemKind::ShortCode | PhoneProblemKind::SenderId => {
                        PlanKind::UnregistrableNumber { problem }
                    }
                    other => PlanKind::InvalidPhoneNumber {
                        // The example repeats the cell's digits: not when they could be a PIN.
                        example: phone::example(cell.text, &other).filter(|e| !has_six_digits(e)),
                        problem: other,
                    },
                };
                self.error(kind, cell);
                None
            }
        }
    }

    /// The row's source, with the source fields left at a default, or `None` after reporting why.
    fn source(
        &mut self,
        cell: Option<&Cell<'_>>,
        header: &Header,
        cells: &[Cell<'_>],
    ) -> Option<(Source, Vec<&'static str>)> {
        let i = header.index[Column::Source as usize]?;
        let Some(cell) = cell else {
            self.error(
                CsvKind::MissingValue {
                    column: "source",
                    source: None,
                    no_column: false,
                },
                &cells[i],
            );
            return None;
        };
        let word: String = cell
            .text
            .chars()
            .map(|c| match c {
                ' ' | '-' => '_',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let Some(kind) = SOURCES.iter().copied().find(|s| *s == word) else {
            let shown = (!has_six_digits(cell.text)).then(|| cell.text.to_string());
            self.error(
                PlanKind::UnknownValue {
                    suggestion: crate::suggest::closest(&word, SOURCES.iter().copied()),
                    value: shown,
                    what: "source kind",
                    expected: SOURCES.to_vec(),
                },
                cell,
            );
            return None;
        };
        let get = |column: Column| -> Option<&Cell<'_>> {
            header.index[column as usize]
                .map(|i| &cells[i])
                .filter(|c| !c.text.is_empty())
        };
        // A filled cell in a column this kind does not use would be lost: refused.
        let mut unused = false;
        for column in Column::ALL {
            if let (Some(kinds), Some(c)) = (column.sources(), get(column))
                && !kinds.contains(&kind)
            {
                self.error(
                    CsvKind::ValueNotUsed {
                        column: column.name(),
                        source: kind,
                    },
                    c,
                );
                unused = true;
            }
        }
        let required = |this: &mut Importer, column: Column| -> Option<String> {
            match get(column) {
                Some(c) => Some(c.text.to_string()),
                None => {
                    let at = header.index[column as usize].map_or(cell, |i| &cells[i]);
                    this.error(
                        CsvKind::MissingValue {
                            column: column.name(),
                            source: Some(kind),
                            no_column: header.index[column as usize].is_none(),
                        },
                        at,
                    );
                    None
                }
            }
        };
        let admin = get(Column::SourceWabaAdmin).map(|c| (self.word::<SourceAdmin>(c), c));
        let mut unstated = Vec::new();
        // The line: required for a new number, optional for a migrating one.
        let line_kind = get(Column::Line).map(|c| self.word::<LineType>(c));
        if kind == "new" && line_kind.is_none() {
            required(self, Column::Line);
        }
        let behind = get(Column::BehindIvr);
        let bypass = get(Column::CanBypassIvr);
        let facts = self.line_facts(line_kind.flatten(), behind, bypass);
        // A line cell it could not read was reported; the row is not guessed at.
        let line = facts.filter(|_| !matches!(line_kind, Some(None)));
        let source = match kind {
            "engage" => Some(Source::Engage {
                partner: get(Column::Partner).map(|c| c.text.to_string()),
                admin: match admin {
                    Some((a, _)) => a?,
                    None => SourceAdmin::Genesys,
                },
                line: line?,
            }),
            "bsp" => {
                let partner = required(self, Column::Partner);
                let admin = match admin {
                    Some((Some(SourceAdmin::Genesys), c)) => {
                        self.error(
                            PlanKind::ConflictingFacts {
                                conflict: Conflict::BspAdminGenesys,
                            },
                            c,
                        );
                        None
                    }
                    Some((a, _)) => a,
                    None => Some(SourceAdmin::Partner),
                };
                let disconnect_ahead = match get(Column::DisconnectAhead) {
                    Some(c) => self.boolean(c),
                    None => Some(false),
                };
                Some(Source::Bsp {
                    partner: partner?,
                    admin: admin?,
                    disconnect_ahead: disconnect_ahead?,
                    line: line?,
                })
            }
            "genesys" => {
                let region = required(self, Column::Region);
                let org = required(self, Column::Org);
                let pin_known = match get(Column::PinKnown) {
                    Some(c) => self.boolean(c),
                    None => {
                        unstated.push("pin_known");
                        Some(false)
                    }
                };
                Some(Source::Genesys {
                    region: region?,
                    org: org?,
                    pin_known: pin_known?,
                    line: line?,
                })
            }
            "name_change" => {
                let pin_known = match get(Column::PinKnown) {
                    Some(c) => self.boolean(c),
                    None => {
                        unstated.push("pin_known");
                        Some(false)
                    }
                };
                Some(Source::NameChange {
                    old_name: get(Column::OldName).map(|c| c.text.to_string()),
                    pin_known: pin_known?,
                    line: line?,
                })
            }
            "app" => {
                let app = match get(Column::App) {
                    Some(c) => Some(self.word::<AppKind>(c)?),
                    None => None,
                };
                Some(Source::App { app, line: line? })
            }
            _ => {
                let line = line?;
                Some(Source::New {
                    line: line.kind?,
                    behind_ivr: line.behind_ivr,
                    can_bypass_ivr: line.can_bypass_ivr,
                })
            }
        };
        if unused {
            return None;
        }
        source.map(|s| (s, unstated))
    }

    /// A row's line facts, checked against each other as a plan's are: a mobile number has no
    /// IVR, and only an IVR can be bypassed.
    fn line_facts(
        &mut self,
        kind: Option<LineType>,
        behind: Option<&Cell<'_>>,
        bypass: Option<&Cell<'_>>,
    ) -> Option<LineFacts> {
        let behind_ivr = match behind.map(|c| (self.boolean(c), c)) {
            Some((Some(true), c)) if kind == Some(LineType::Mobile) => {
                self.error(
                    PlanKind::ConflictingFacts {
                        conflict: Conflict::IvrOnMobile,
                    },
                    c,
                );
                None
            }
            Some((b, _)) => b,
            None => Some(false),
        }?;
        let can_bypass_ivr = match bypass.map(|c| (self.boolean(c), c)) {
            Some((Some(true), c)) if !behind_ivr => {
                self.error(
                    PlanKind::ConflictingFacts {
                        conflict: Conflict::BypassWithoutIvr {
                            mobile: kind == Some(LineType::Mobile),
                        },
                    },
                    c,
                );
                None
            }
            Some((b, _)) => b,
            None => Some(false),
        }?;
        Some(LineFacts {
            kind,
            behind_ivr,
            can_bypass_ivr,
        })
    }

    /// A closed-set word, or `None` after reporting it.
    fn word<T: Choice>(&mut self, cell: &Cell<'_>) -> Option<T> {
        match choice::<T>(cell.text) {
            Ok(value) => Some(value),
            Err(word) => {
                let words: Vec<&'static str> = T::CHOICES.iter().map(|(w, _)| *w).collect();
                self.error(
                    PlanKind::UnknownValue {
                        suggestion: crate::suggest::closest(&word, words.iter().copied()),
                        value: (!has_six_digits(&word)).then_some(word),
                        what: T::WHAT,
                        expected: words,
                    },
                    cell,
                );
                None
            }
        }
    }

    /// A yes/no cell (`true`, `false`, `yes`, `no`, `y`, `n`, `1`, `0`, any case), or `None` after
    /// reporting it.
    fn boolean(&mut self, cell: &Cell<'_>) -> Option<bool> {
        match cell.text.to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" => Some(true),
            "false" | "no" | "n" | "0" => Some(false),
            other => {
                self.error(
                    PlanKind::UnknownValue {
                        value: (!has_six_digits(other)).then(|| other.to_string()),
                        what: "yes/no value",
                        expected: vec!["true", "false", "yes", "no"],
                        suggestion: None,
                    },
                    cell,
                );
                None
            }
        }
    }
}

/// The header row, read: which column each position is, and where each column is.
struct Header {
    /// The column at each position (`None`: unknown or refused).
    columns: Vec<Option<Column>>,
    /// Positions whose header names a PIN: their cells are never read.
    secret: Vec<bool>,
    /// The position of each column, by `Column as usize`.
    index: [Option<usize>; Column::ALL.len()],
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft::new("test".into(), None, None, None, None)
    }

    fn import_text(text: &str) -> (SourceFile, Result<Draft, Vec<Diagnostic>>) {
        let mut file = SourceFile::new("numbers.csv", text);
        let result = import(&mut file, draft());
        (file, result)
    }

    fn problems(text: &str) -> Vec<String> {
        match import_text(text).1 {
            Ok(_) => Vec::new(),
            Err(d) => d
                .iter()
                .map(|d| {
                    let s = d.span.map_or((0, 0), |s| (s.line, s.column));
                    format!("{}:{}:{}", s.0, s.1, d.code())
                })
                .collect(),
        }
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn a_good_file_gives_one_number_per_row() {
        let text = "\u{feff}Number;Source;Partner;Line\r\n+49 30 901820;bsp;360dialog;\r\n\"+49 30 901821\";New;;Toll free\r\n;;;\r\n";
        let (_, result) = import_text(text);
        let draft = result.expect("valid");
        assert_eq!(draft.numbers.len(), 2);
        assert_eq!(
            draft.numbers[1].source,
            Source::New {
                line: LineType::TollFree,
                behind_ivr: false,
                can_bypass_ivr: false
            }
        );
    }

    #[test]
    fn every_bad_row_is_reported_at_its_cell() {
        let text = "number,source,partner,colour\n+49 30 901820,bsp,,red\n030 1234,engage,x,\n+49 30 901820,genesys,,\n+49 30 901822,app\n";
        assert_eq!(
            problems(text),
            [
                "1:23:csv-unknown-column",
                "2:19:csv-missing-value",
                "3:1:invalid-phone-number",
                "4:1:duplicate-number",
                "4:15:csv-missing-value",
                "4:15:csv-missing-value",
                "5:1:csv-ragged-row",
            ]
        );
    }

    #[test]
    fn header_problems_are_all_reported() {
        assert_eq!(
            problems("Phone,Phone,sorce,two_step_pin\n"),
            [
                "0:0:csv-empty",
                "1:1:csv-missing-column",
                "1:7:csv-duplicate-column",
                "1:13:csv-unknown-column",
                "1:19:pin-in-plan",
            ]
        );
        assert_eq!(problems(""), ["0:0:csv-empty"]);
        assert_eq!(problems("\u{feff}\r\n"), ["0:0:csv-empty"]);
    }

    #[test]
    fn rows_of_empty_cells_alone_are_no_numbers() {
        // Found in review: the import wrote `numbers:` with nothing under it and exited 0, a
        // plan `check` refuses (missing-key).
        for text in [
            "number,source\n,\n",
            "number,source\n,\n  ,  \n\"\",\n",
            "number;source\n;\n;\n",
        ] {
            assert_eq!(problems(text), ["0:0:csv-empty"], "{text:?}");
        }
        assert_eq!(problems("number,source\n,\n+49 30 901820,app\n"), [""; 0]);
    }

    #[test]
    fn a_quoted_cell_over_two_lines_keeps_later_rows_at_their_lines() {
        let text = "number,source,notes\n+49 30 901820,app,\"one\ntwo\"\r\n+49 30 90182x,new,\n";
        assert_eq!(
            problems(text),
            ["4:1:invalid-phone-number", "4:15:csv-missing-value"]
        );
    }

    #[test]
    fn a_display_name_change_takes_its_old_name_and_pin_known() {
        let text = "number,source,display_name,old_name,pin_known\n+49 89 2019 4400,Name change,Fabrikam Care,Fabrikam Support,yes\n+49 89 2019 4401,name_change,,,\n";
        let draft = import_text(text).1.expect("valid");
        assert_eq!(
            draft.numbers[0].source,
            Source::NameChange {
                old_name: Some("Fabrikam Support".into()),
                pin_known: true,
                line: LineFacts::default(),
            }
        );
        assert_eq!(draft.numbers[1].unstated, ["pin_known"]);
        assert_eq!(
            problems("number,source,old_name\n+49 89 2019 4400,bsp,Fabrikam\n"),
            ["2:18:csv-missing-value", "2:22:csv-value-not-used"]
        );
    }

    #[test]
    fn an_excel_sep_line_names_the_delimiter_and_is_no_row() {
        // The header alone would pick `,` (two against one); `sep=;` says otherwise.
        for sep_line in ["sep=;\r\n", "SEP=;\n", "\"sep=;\"\n"] {
            let text = format!("{sep_line}number;source;display_name\n+49 30 901820;app;A, B, C\n");
            let (_, result) = import_text(&text);
            let draft = result.unwrap_or_else(|e| panic!("{sep_line:?}: {e:?}"));
            assert_eq!(draft.numbers.len(), 1, "{sep_line:?}");
        }
        // Problems keep their lines in the file (after the BOM and the sep line).
        let problems = problems("\u{feff}sep=|\nnumber|source\n+49 30 901820|nonsense\n");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].starts_with("3:15:"), "{problems:?}");
        // A file of only the sep line has no header.
        assert!(!problems_of_empty("sep=;\n").is_empty());
        assert_eq!(excel_separator("sep=\tx"), (None, 0));
        assert_eq!(excel_separator("sep=\t\n"), (Some(b'\t'), 6));
        assert_eq!(excel_separator("number,sep=;\n"), (None, 0));
    }

    fn problems_of_empty(text: &str) -> Vec<Diagnostic> {
        import_text(text).1.err().unwrap_or_default()
    }

    #[test]
    fn blank_lines_before_the_header_keep_its_delimiter() {
        let (_, result) = import_text("\r\n\nnumber;source\r\n+49 30 901820;app\r\n");
        assert_eq!(result.expect("valid").numbers.len(), 1);
    }

    #[test]
    fn a_cell_in_a_column_its_source_does_not_use_is_refused() {
        assert_eq!(
            problems("number,source,region\n+49 30 901820,name_change,eu-west-1\n"),
            ["2:27:csv-value-not-used"]
        );
    }
}
