//! The plan file as read: its name, its text, and positions into it.
//!
//! Every value a user wrote keeps a [`Span`] (byte range plus 1-based line and column) so that any
//! diagnostic, however late in the pipeline, can point at the exact place in the file.

use serde::Serialize;

/// A plan file's name (as the user gave it, `-` for standard input) and its UTF-8 text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given on the command line, or `<stdin>`.
    pub name: String,
    /// The whole text of the file.
    pub text: String,
}

/// A located range of the plan text: byte offset and length, 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
pub struct Span {
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes (0 for a point).
    pub len: usize,
}

impl Span {
    /// The span serde-saphyr recorded for a value, when it recorded one.
    #[must_use]
    pub fn from_location(location: serde_saphyr::Location) -> Option<Span> {
        if location.line() == 0 {
            return None;
        }
        let span = location.span();
        Some(Span {
            line: u32::try_from(location.line()).unwrap_or(u32::MAX),
            column: u32::try_from(location.column()).unwrap_or(u32::MAX),
            offset: usize::try_from(span.byte_offset().unwrap_or(0)).unwrap_or(0),
            len: usize::try_from(span.byte_len().unwrap_or(0)).unwrap_or(0),
        })
    }

    /// The span of a `Spanned` value (where it is referenced, for aliases).
    #[must_use]
    pub fn of<T>(spanned: &serde_saphyr::Spanned<T>) -> Span {
        Span::from_location(spanned.referenced).unwrap_or_default()
    }
}

impl SourceFile {
    /// A source file from a name and its text.
    #[must_use]
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The text of the 1-based line `line`, without its line break; `None` past the end.
    #[must_use]
    pub fn line_text(&self, line: u32) -> Option<&str> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        self.text
            .split('\n')
            .nth(index)
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
    }

    /// The text of the line holding `span`: found from its byte offset (constant work per
    /// diagnostic, so thousands of warnings render in linear time), falling back to counting
    /// lines when the offset does not sit on the span's line.
    #[must_use]
    pub fn span_line(&self, span: Span) -> Option<&str> {
        if let Some(before) = self.text.get(..span.offset) {
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let on_line = span.line == 1 && start == 0 || start > 0;
            // The offset sits on the span's line when the column is consistent with it.
            let column = before[start..].chars().count() + 1;
            if on_line && u32::try_from(column).ok() == Some(span.column) {
                let rest = &self.text[start..];
                let end = rest.find('\n').unwrap_or(rest.len());
                let line = &rest[..end];
                return Some(line.strip_suffix('\r').unwrap_or(line));
            }
        }
        self.line_text(span.line)
    }
}
