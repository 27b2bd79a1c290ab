//! Diagnostics as GitHub Actions workflow commands (`check --format github`): one
//! `::error file=…,line=…,col=…,endColumn=…,title=code::message` line per diagnostic, which GitHub
//! shows as an annotation on the plan's line in the pull request.
//!
//! The escaping is GitHub's own (`@actions/core`, `command.ts`): in a property value `%`, `\r`,
//! `\n`, `:` and `,` are percent-encoded; in the message `%`, `\r` and `\n`. Without it a message
//! holding `::` or a new line could end the command early or start another one.
//! Messages come from the same [`Diagnostic`]s as the text and JSON outputs, so they hold no PIN.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;

/// Escapes a workflow command's message.
#[must_use]
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (`file=`, `title=`).
#[must_use]
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One workflow command per diagnostic, in order, each ending in a new line.
#[must_use]
pub fn render(file: &SourceFile, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = format!("file={}", escape_property(&file.name));
        if let Some(span) = d.span {
            let _ = write!(properties, ",line={},col={}", span.line, span.column);
            let (end_line, end_column) = file.line_column(span.range().end);
            if end_line == span.line && end_column > span.column {
                let _ = write!(properties, ",endColumn={end_column}");
            }
        }
        let _ = write!(properties, ",title={}", escape_property(d.code()));
        let mut message = d.message();
        for label in &d.labels {
            let _ = write!(
                message,
                "\n{}: line {}, column {}",
                label.message, label.span.line, label.span.column
            );
        }
        for note in &d.notes {
            let _ = write!(message, "\nnote: {note}");
        }
        if let Some(help) = d.help() {
            let _ = write!(message, "\nhelp: {help}");
        }
        let _ = writeln!(out, "::{command} {properties}::{}", escape_data(&message));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_escape_everything_github_splits_on() {
        assert_eq!(escape_property("a:b,c%d\r\ne"), "a%3Ab%2Cc%25d%0D%0Ae");
        assert_eq!(escape_data("a:b,c%d\r\ne"), "a:b,c%25d%0D%0Ae");
        // `%` first, so an escape is never escaped twice.
        assert_eq!(escape_data("%0A"), "%250A");
    }

    #[test]
    fn a_message_with_new_lines_stays_one_command() {
        let text = "version: 1\nplan: x\n";
        let mut file = SourceFile::new("dir, with: comma/plan.yaml", text);
        let parsed = crate::plan::load::parse(&mut file);
        let out = render(&file, &parsed.diagnostics);
        assert!(!out.is_empty());
        for line in out.lines() {
            assert!(
                line.starts_with("::error file=dir%2C with%3A comma/plan.yaml,"),
                "{line}"
            );
        }
        assert_eq!(out.lines().count(), parsed.diagnostics.len());
    }
}
