//! The problems `wamigrate init --from-csv` reports about a spreadsheet: the file, its header row,
//! and cells that do not fit the plan format. The wording lives here; the codes are listed in
//! `docs/diagnostics.md`. Problems with a value the plan format has a code for already (a phone
//! number, a word outside a closed set, a duplicate number, facts that contradict each other) are
//! reported with the plan stage's kinds, located in the CSV file.
//!
//! No message quotes a cell that could hold a PIN: cells are named by their column, and a header
//! is quoted only when it holds no run of four or more digits.

use std::fmt;

use crate::diagnostic::Kind;

/// Why a CSV file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// The operating system's reason.
    Io(String),
    /// Not UTF-8 text; the byte offset of the first invalid byte.
    NotUtf8(usize),
    /// Holds a NUL byte: not a text file; its offset.
    Binary(usize),
    /// Unicode text in UTF-16 or UTF-32 (Excel's "Unicode Text"), not UTF-8.
    WrongEncoding(crate::plan::diags::WideEncoding),
    /// Larger than the limit, in MiB.
    TooLarge(usize),
    /// More header cells than a list of numbers could need; how many.
    TooWide(usize),
}

/// A problem with a CSV file being turned into a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvKind {
    /// The file cannot be read as text.
    Unreadable {
        /// Why.
        problem: FileProblem,
    },
    /// No header row, or a header row and no numbers under it.
    Empty {
        /// The header row is there, the rows are not.
        header_only: bool,
    },
    /// A header names no column wamigrate knows.
    UnknownColumn {
        /// The header as written (`None`: empty, or not shown because it holds digits).
        header: Option<String>,
        /// The nearest known column.
        suggestion: Option<&'static str>,
    },
    /// Two headers name the same column.
    DuplicateColumn {
        /// The column (its plan name).
        column: &'static str,
    },
    /// A column every plan needs is not in the header row.
    MissingColumn {
        /// The column.
        column: &'static str,
    },
    /// A row with more or fewer cells than the header row.
    RaggedRow {
        /// Cells in the row.
        cells: usize,
        /// Cells in the header row.
        expected: usize,
    },
    /// A quoted cell whose quote never closes: the rest of the file would be read into it.
    UnclosedQuote,
    /// A cell the number needs is empty.
    MissingValue {
        /// The column.
        column: &'static str,
        /// The source kind that needs it (`None`: every number needs it).
        source: Option<&'static str>,
        /// The header row has no such column at all.
        no_column: bool,
    },
    /// A cell filled in a column the number's source kind does not use: its value would be lost.
    ValueNotUsed {
        /// The column.
        column: &'static str,
        /// The number's source kind.
        source: &'static str,
    },
    /// A column named like a PIN or password.
    PinColumn,
    /// A cell that holds what looks like a two-step verification PIN.
    PinCell {
        /// The column.
        column: &'static str,
    },
}

impl CsvKind {
    /// Every code of this stage, in documentation order.
    pub const CODES: &'static [&'static str] = &[
        "csv-unreadable",
        "csv-empty",
        "csv-unknown-column",
        "csv-duplicate-column",
        "csv-missing-column",
        "csv-ragged-row",
        "csv-unclosed-quote",
        "csv-missing-value",
        "csv-value-not-used",
    ];
}

impl Kind for CsvKind {
    fn code(&self) -> &'static str {
        match self {
            CsvKind::Unreadable { .. } => "csv-unreadable",
            CsvKind::Empty { .. } => "csv-empty",
            CsvKind::UnknownColumn { .. } => "csv-unknown-column",
            CsvKind::DuplicateColumn { .. } => "csv-duplicate-column",
            CsvKind::MissingColumn { .. } => "csv-missing-column",
            CsvKind::RaggedRow { .. } => "csv-ragged-row",
            CsvKind::UnclosedQuote => "csv-unclosed-quote",
            CsvKind::MissingValue { .. } => "csv-missing-value",
            CsvKind::ValueNotUsed { .. } => "csv-value-not-used",
            // The plan's own promise, kept for the spreadsheet it comes from.
            CsvKind::PinColumn | CsvKind::PinCell { .. } => "pin-in-plan",
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            CsvKind::Unreadable { problem } => match problem {
                FileProblem::Io(_) => return None,
                FileProblem::NotUtf8(_) => {
                    "save the spreadsheet as \"CSV UTF-8\" (Excel) or with UTF-8 encoding".into()
                }
                FileProblem::Binary(_) => {
                    "export the spreadsheet as CSV; a workbook (.xlsx, .ods) is not read".into()
                }
                FileProblem::WrongEncoding(encoding) => format!(
                    "save the spreadsheet as \"CSV UTF-8\" (Excel), not \"Unicode Text\", or \
                     convert it: `iconv -f {} -t UTF-8 FILE > numbers.csv`",
                    encoding.iconv_name()
                ),
                FileProblem::TooLarge(_) => "split the numbers over several files".into(),
                FileProblem::TooWide(_) => format!(
                    "keep only the columns wamigrate reads: {}",
                    super::csv::COLUMN_NAMES.join(", ")
                ),
            },
            CsvKind::Empty { header_only: false } => format!(
                "the first row names the columns, e.g. `number,source,partner`; known columns: {}",
                super::csv::COLUMN_NAMES.join(", ")
            ),
            CsvKind::Empty { header_only: true } => {
                "add one row per number under the header row".into()
            }
            CsvKind::UnknownColumn {
                suggestion: Some(s),
                ..
            } => format!("did you mean `{s}`?"),
            CsvKind::UnknownColumn { .. } => format!(
                "known columns: {}; remove the column or rename it",
                super::csv::COLUMN_NAMES.join(", ")
            ),
            CsvKind::DuplicateColumn { .. } => "keep one of the two columns".into(),
            CsvKind::MissingColumn { column } => {
                format!("add a `{column}` column to the header row and fill it in on every row")
            }
            CsvKind::RaggedRow { .. } => {
                "quote a cell that holds the delimiter (\"Contoso, Berlin\"), or add the missing cells; its cells are checked once it has as many as the header".into()
            }
            CsvKind::UnclosedQuote => {
                "close the quote at the end of the cell, or remove it (a quote inside a quoted cell is written twice: `\"\"`)".into()
            }
            CsvKind::MissingValue {
                column,
                no_column: true,
                ..
            } => format!("add a `{column}` column and fill it in on this row"),
            CsvKind::MissingValue { column, .. } => format!("fill in `{column}` on this row"),
            CsvKind::ValueNotUsed { column, source } => {
                format!("empty the cell, or correct `source`; `{column}` is not part of {} `{source}` source", article(source))
            }
            CsvKind::PinColumn => {
                "delete the column from the spreadsheet; wamigrate never needs the PIN, and a plan is shared".into()
            }
            CsvKind::PinCell { .. } => {
                "delete the PIN from the cell; enter it only in Genesys Cloud when you save the integration".into()
            }
        })
    }
}

impl fmt::Display for CsvKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvKind::Unreadable { problem } => match problem {
                FileProblem::Io(reason) => write!(f, "cannot read the CSV file: {reason}"),
                FileProblem::NotUtf8(offset) => write!(
                    f,
                    "the CSV file is not UTF-8 text (the first invalid byte is at offset {offset})"
                ),
                FileProblem::Binary(offset) => write!(
                    f,
                    "the CSV file is not a text file (it holds a NUL byte at offset {offset})"
                ),
                FileProblem::WrongEncoding(encoding) => {
                    write!(f, "the CSV file is {encoding} text, not UTF-8")
                }
                FileProblem::TooLarge(mib) => {
                    write!(f, "the CSV file is larger than {mib} MiB, the most read")
                }
                FileProblem::TooWide(cells) => write!(
                    f,
                    "the header row has {cells} columns, more than the {} read",
                    super::csv::MAX_COLUMNS
                ),
            },
            CsvKind::Empty { header_only: false } => {
                f.write_str("the CSV file is empty: it has no header row")
            }
            CsvKind::Empty { header_only: true } => {
                f.write_str("the CSV file has a header row and no numbers under it")
            }
            CsvKind::UnknownColumn { header, .. } => match header {
                Some(h) => write!(
                    f,
                    "unknown column `{}`",
                    crate::plan::diags::with_invisibles_shown(h)
                ),
                None => f.write_str("unknown column (its header is empty or not shown)"),
            },
            CsvKind::DuplicateColumn { column } => {
                write!(f, "two headers name the column `{column}`")
            }
            CsvKind::MissingColumn { column } => {
                write!(f, "the header row has no `{column}` column")
            }
            CsvKind::RaggedRow { cells, expected } => write!(
                f,
                "this row has {cells} cell{}; the header row has {expected}",
                if *cells == 1 { "" } else { "s" }
            ),
            CsvKind::UnclosedQuote => write!(
                f,
                "a quoted cell is never closed: every line after it would be read into this one cell"
            ),
            CsvKind::MissingValue {
                column,
                source,
                no_column,
            } => {
                let needs = match source {
                    Some(source) => format!("a `{source}` number needs it"),
                    None => "every number needs it".to_string(),
                };
                if *no_column {
                    write!(f, "the header row has no `{column}` column; {needs}")
                } else {
                    write!(f, "`{column}` is empty; {needs}")
                }
            }
            CsvKind::ValueNotUsed { column, source } => write!(
                f,
                "`{column}` is filled in, but {} `{source}` number does not use it (it would be lost)",
                article(source)
            ),
            CsvKind::PinColumn => f.write_str(
                "this column is named like a PIN or password; its values are hidden and never read",
            ),
            CsvKind::PinCell { column } => write!(
                f,
                "`{column}` seems to hold a two-step verification PIN (hidden)"
            ),
        }
    }
}

/// The article before a source kind's name, by the catalogue's [`SourceKind::article`].
fn article(kind: &str) -> &'static str {
    crate::catalog::SourceKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .map_or("a", crate::catalog::SourceKind::article)
}
