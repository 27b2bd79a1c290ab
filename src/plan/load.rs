//! The one place YAML is parsed: bytes in, a [`RawPlan`] or one located [`Diagnostic`] out.
//!
//! The loader sets serde-saphyr's safety budget explicitly: large enough for a 100,000-number
//! fleet, small enough that nesting bombs and alias bombs are refused in milliseconds (see
//! `docs/decisions.md`). Parse errors are mapped onto the same diagnostic kinds the validator
//! uses, so a typo in a key and an unknown step id read alike.

use crate::diagnostic::{Diagnostic, DiagnosticKind};
use crate::plan::raw::RawPlan;
use crate::source::{SourceFile, Span};

/// Largest plan file accepted, in bytes (a 100,000-number fleet with templates is about 45 MB).
pub const MAX_PLAN_BYTES: usize = 96 * 1024 * 1024;

/// A file that could not be taken as plan text, with what can be shown of it.
#[derive(Debug)]
pub struct Unusable {
    /// The file as far as it can be shown (non-UTF-8 bytes replaced; empty when unread).
    pub file: SourceFile,
    /// Why it cannot be used.
    pub diagnostic: Diagnostic,
}

/// Decodes raw bytes into a [`SourceFile`], refusing non-UTF-8 and oversized input.
pub fn decode(name: &str, bytes: Vec<u8>) -> Result<SourceFile, Box<Unusable>> {
    let unusable =
        |file: SourceFile, diagnostic: Diagnostic| Box::new(Unusable { file, diagnostic });
    if bytes.len() > MAX_PLAN_BYTES {
        return Err(unusable(
            SourceFile::new(name, ""),
            Diagnostic::file_error(DiagnosticKind::InputTooComplex {
                message: format!(
                    "the file is {} MiB; plans larger than {} MiB are refused",
                    bytes.len() / (1024 * 1024),
                    MAX_PLAN_BYTES / (1024 * 1024)
                ),
            }),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(name, text)),
        Err(err) => {
            let offset = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let line = bytes[..offset].split(|b| *b == b'\n').count();
            let line_start = bytes[..offset]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            let column = String::from_utf8_lossy(&bytes[line_start..offset])
                .chars()
                .count()
                + 1;
            let mut d = Diagnostic::file_error(DiagnosticKind::NotUtf8 { offset });
            d.span = Some(Span {
                line: u32::try_from(line).unwrap_or(u32::MAX),
                column: u32::try_from(column).unwrap_or(u32::MAX),
                offset,
                len: 1,
            });
            Err(unusable(
                SourceFile::new(name, String::from_utf8_lossy(&bytes)),
                d,
            ))
        }
    }
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    options.reject_unsupported_tags = true;
    let mut budget = serde_saphyr::Budget::default();
    // A 100k-number fleet is about 4M nodes and 9M events; keep a wide margin above that.
    budget.max_nodes = 20_000_000;
    budget.max_events = 40_000_000;
    budget.max_total_scalar_bytes = MAX_PLAN_BYTES;
    // A plan nests at most ~8 levels; 32 leaves room while refusing nesting bombs at once.
    budget.max_depth = 32;
    budget.max_aliases = 10_000;
    budget.max_anchors = 10_000;
    budget.max_documents = 1;
    options.budget = Some(budget);
    options
}

/// Parses a plan's text into its raw shape.
pub fn parse(file: &SourceFile) -> Result<RawPlan, Diagnostic> {
    if is_blank(&file.text) {
        // Point at the start, so every diagnostic names a file:line:column.
        return Err(Diagnostic::error(
            DiagnosticKind::EmptyPlan,
            Span {
                line: 1,
                column: 1,
                offset: 0,
                len: 0,
            },
        ));
    }
    serde_saphyr::from_str_with_options::<RawPlan>(&file.text, options())
        .map_err(|err| to_diagnostic(&err, file))
}

fn is_blank(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// Maps a serde-saphyr error onto a diagnostic kind, keeping its location.
fn to_diagnostic(err: &serde_saphyr::Error, file: &SourceFile) -> Diagnostic {
    let full = err.to_string();
    let message = strip_location(&full).to_string();
    let mut span = err
        .location()
        .and_then(Span::from_location)
        .unwrap_or(Span {
            line: 1,
            column: 1,
            offset: 0,
            len: 0,
        });
    // Syntax errors carry line and column but no byte range: derive it from the text.
    let derived = offset_of(file, span.line, span.column);
    if span.offset != derived {
        span.offset = derived;
        span.len = 0;
    }
    let kind = classify(&message);
    let mut d = Diagnostic::error(kind, span);
    if span.len == 0 {
        d.span = Some(widen_to_token(file, span));
    }
    d
}

/// Byte offset of a 1-based line and character column (clamped to the text).
fn offset_of(file: &SourceFile, line: u32, column: u32) -> usize {
    let mut offset = 0;
    for (i, text) in file.text.split_inclusive('\n').enumerate() {
        if i + 1 == usize::try_from(line).unwrap_or(usize::MAX) {
            let skip = usize::try_from(column).unwrap_or(1).saturating_sub(1);
            let end_of_line = text.trim_end_matches(['\n', '\r']).len();
            return offset
                + text
                    .char_indices()
                    .nth(skip)
                    .map_or(end_of_line, |(b, _)| b);
        }
        offset += text.len();
    }
    file.text.len()
}

/// The parser appends " at line N, column M"; our renderer shows the location itself.
fn strip_location(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(at) if message[at..].contains(", column ") => &message[..at],
        _ => message,
    }
}

fn backticked(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    Some(message[start..start + len].to_string())
}

fn expected_list(message: &str) -> Vec<String> {
    let Some(at) = message.find("expected ") else {
        return Vec::new();
    };
    let list = &message[at + "expected ".len()..];
    let list = list.strip_prefix("one of ").unwrap_or(list);
    if list.starts_with("there are no") {
        return Vec::new();
    }
    list.split(", ")
        .flat_map(|part| part.split(" or "))
        .map(|s| s.trim().trim_matches('`').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn classify(message: &str) -> DiagnosticKind {
    if message.starts_with("unknown field") {
        let key = backticked(message).unwrap_or_default();
        if crate::diagnostic::is_secret_key(&key) {
            return DiagnosticKind::PinInPlan;
        }
        return DiagnosticKind::UnknownKey {
            key,
            expected: expected_list(message),
        };
    }
    if message.starts_with("multiple YAML documents") || message.contains("Documents {") {
        return DiagnosticKind::YamlSyntax {
            message:
                "a plan is a single YAML document; remove the second `---` and what follows it"
                    .into(),
        };
    }
    if let Some(rest) = message.strip_prefix("budget breached: ") {
        let what = rest.split([' ', '{', '(']).next().unwrap_or(rest);
        return DiagnosticKind::InputTooComplex {
            message: format!(
                "too many YAML {} (limit reached)",
                what.to_ascii_lowercase()
            ),
        };
    }
    if message.starts_with("unknown variant") {
        return DiagnosticKind::UnknownValue {
            value: backticked(message).unwrap_or_default(),
            expected: expected_list(message),
        };
    }
    if message.starts_with("missing field") {
        return DiagnosticKind::MissingKey {
            key: backticked(message).unwrap_or_default(),
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(", set ").next().unwrap_or(rest).to_string();
        return DiagnosticKind::DuplicateKey { key };
    }
    if message.starts_with("duplicate field") {
        return DiagnosticKind::DuplicateKey {
            key: backticked(message).unwrap_or_default(),
        };
    }
    let lower = message.to_ascii_lowercase();
    if lower.contains("budget")
        || lower.contains("limit")
        || lower.contains("too deep")
        || lower.contains("depth")
        || lower.contains("too many")
    {
        return DiagnosticKind::InputTooComplex {
            message: message.to_string(),
        };
    }
    if lower.starts_with("invalid")
        || lower.starts_with("expected")
        || lower.contains("cannot deserialize")
        || lower.contains("null into")
        || lower.starts_with("a number has one source")
    {
        return DiagnosticKind::WrongType {
            message: message.to_string(),
        };
    }
    DiagnosticKind::YamlSyntax {
        message: message.to_string(),
    }
}

/// A zero-length span is widened to the word under it, so the caret underlines something.
fn widen_to_token(file: &SourceFile, span: Span) -> Span {
    let rest = file.text.get(span.offset..).unwrap_or("");
    let len = rest
        .find(|c: char| c.is_whitespace() || c == ':' || c == ',' || c == ']' || c == '}')
        .unwrap_or(rest.len())
        .min(80);
    Span { len, ..span }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code_of(text: &str) -> &'static str {
        let file = SourceFile::new("t.yaml", text);
        parse(&file).expect_err("expected an error").code()
    }

    #[test]
    fn empty_file_is_an_empty_plan() {
        assert_eq!(code_of(""), "empty-plan");
        assert_eq!(code_of("# only a comment\n\n"), "empty-plan");
    }

    #[test]
    fn unknown_key_names_the_key_and_alternatives() {
        let file = SourceFile::new("t.yaml", "version: 1\nplann: {}\n");
        let d = parse(&file).unwrap_err();
        assert_eq!(d.code(), "unknown-key");
        assert_eq!(d.span.unwrap().line, 2);
        assert_eq!(d.kind.help().as_deref(), Some("did you mean `plan`?"));
    }

    #[test]
    fn a_pin_key_is_refused_without_echoing_it() {
        let text = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC}\nnumbers:\n  - number: '+4930123456'\n    source:\n      genesys: {region: a, org: b, pin_known: true, pin: 123456}\n";
        let file = SourceFile::new("t.yaml", text);
        let d = parse(&file).unwrap_err();
        assert_eq!(d.code(), "pin-in-plan");
        let rendered = d.render(&file);
        assert!(!rendered.contains("123456"), "{rendered}");
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let text = "version: 1\nplan:\n  name: x\n  destination: {region: r, org: o, time_zone: UTC, business_verified: yes}\nnumbers: []\n";
        assert_eq!(code_of(text), "wrong-type");
    }

    #[test]
    fn duplicate_keys_are_refused() {
        assert_eq!(code_of("version: 1\nversion: 1\n"), "duplicate-key");
    }

    #[test]
    fn deep_nesting_is_refused_quickly() {
        let text = format!(
            "version: 1\nsteps: {}{}\n",
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let code = code_of(&text);
        assert!(
            code == "input-too-complex" || code == "wrong-type",
            "{code}"
        );
    }

    #[test]
    fn non_utf8_is_located() {
        let d = decode("t.yaml", b"version: 1\nplan: \xff\n".to_vec())
            .unwrap_err()
            .diagnostic;
        assert_eq!(d.code(), "not-utf8");
        assert_eq!(d.span.unwrap().line, 2);
    }
}
