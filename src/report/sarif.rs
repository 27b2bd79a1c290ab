//! Diagnostics as a SARIF 2.1.0 log (`check --format sarif`), the format code scanning reads
//! (GitHub's `upload-sarif`, Azure DevOps, IDE viewers).
//!
//! One run, whose driver lists a rule for every code used (its summary from
//! `docs/diagnostics.md`, the page `wamigrate explain` reads too), and one result per diagnostic
//! with its rule, level, message and place: the file as a relative URI, and the region by line and
//! column (columns count characters, which the run declares as `unicodeCodePoints`) and by byte
//! offset. Secondary places (the first of two duplicates) are `relatedLocations`. Everything is
//! `serde` of the structs below, built from the same [`Diagnostic`]s as every other format.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

/// The diagnostics reference, whose sections give each rule its summary.
const DIAGNOSTICS_MD: &str = include_str!("../../docs/diagnostics.md");

/// Where SARIF 2.1.0's JSON schema lives.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// A SARIF log.
#[derive(Debug, Serialize)]
pub struct SarifLog {
    /// The schema.
    #[serde(rename = "$schema")]
    pub schema: &'static str,
    /// `2.1.0`.
    pub version: &'static str,
    /// One run of wamigrate.
    pub runs: Vec<Run>,
}

/// One run of the tool.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// wamigrate and its rules.
    pub tool: Tool,
    /// How columns count: characters.
    pub column_kind: &'static str,
    /// One result per diagnostic.
    pub results: Vec<SarifResult>,
}

/// The tool.
#[derive(Debug, Serialize)]
pub struct Tool {
    /// wamigrate itself.
    pub driver: Driver,
}

/// The tool's identity and rules.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Driver {
    /// `wamigrate`.
    pub name: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// The codes used, each once.
    pub rules: Vec<Rule>,
}

/// A diagnostic code as a SARIF rule.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// The code.
    pub id: &'static str,
    /// The first paragraph of its section in `docs/diagnostics.md`.
    pub short_description: Message,
    /// Where the full text is.
    pub help: Message,
    /// Its level.
    pub default_configuration: Configuration,
}

/// A rule's default level.
#[derive(Debug, Serialize)]
pub struct Configuration {
    /// `error` or `warning`.
    pub level: &'static str,
}

/// Text.
#[derive(Debug, Serialize)]
pub struct Message {
    /// Plain text.
    pub text: String,
}

/// One diagnostic.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    /// The code.
    pub rule_id: &'static str,
    /// Index of the rule in the driver's rules.
    pub rule_index: usize,
    /// `error` or `warning`.
    pub level: &'static str,
    /// The message, with its notes and help line.
    pub message: Message,
    /// Where.
    pub locations: Vec<Location>,
    /// Secondary places.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_locations: Vec<Location>,
}

/// A place.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// The file and region.
    pub physical_location: PhysicalLocation,
    /// What the place is (secondary places only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<Message>,
}

/// A file and a region in it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhysicalLocation {
    /// The file.
    pub artifact_location: ArtifactLocation,
    /// The region (absent for a problem with the file as a whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<Region>,
}

/// A file.
#[derive(Debug, Serialize)]
pub struct ArtifactLocation {
    /// A relative URI reference.
    pub uri: String,
}

/// A region of a file.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Region {
    /// 1-based line.
    pub start_line: u32,
    /// 1-based column, in characters.
    pub start_column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column just after the end.
    pub end_column: u32,
    /// Byte offset of the start.
    pub byte_offset: u32,
    /// Length in bytes.
    pub byte_length: u32,
}

/// The first paragraph of a code's section in `docs/diagnostics.md`, after its severity line.
fn summary(code: &str) -> Option<String> {
    let heading = format!("### `{code}`\n");
    let start = DIAGNOSTICS_MD.find(&heading)? + heading.len();
    let rest = &DIAGNOSTICS_MD[start..];
    let end = rest.find("\n### ").unwrap_or(rest.len());
    rest[..end]
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with("**Severity:**"))
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// A path as a relative URI reference: `/` separators, everything but unreserved characters and
/// `/` percent-encoded.
#[must_use]
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn location(file: &SourceFile, span: Option<Span>, message: Option<String>) -> Location {
    let region = span.map(|s| {
        let (end_line, end_column) = file.line_column(s.range().end);
        Region {
            start_line: s.line,
            start_column: s.column,
            end_line,
            end_column,
            byte_offset: s.offset,
            byte_length: s.len,
        }
    });
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&file.name),
            },
            region,
        },
        message: message.map(|text| Message { text }),
    }
}

/// The SARIF log of `diagnostics` found in `file`.
#[must_use]
pub fn log(file: &SourceFile, diagnostics: &[Diagnostic]) -> SarifLog {
    let mut rules: Vec<Rule> = Vec::new();
    let mut results = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let code = d.code();
        let rule_index = rules.iter().position(|r| r.id == code).unwrap_or_else(|| {
            rules.push(Rule {
                id: code,
                short_description: Message {
                    text: summary(code).unwrap_or_else(|| format!("wamigrate diagnostic {code}")),
                },
                help: Message {
                    text: format!("`wamigrate explain {code}`, or docs/diagnostics.md#{code}"),
                },
                default_configuration: Configuration {
                    level: level(d.severity),
                },
            });
            rules.len() - 1
        });
        let mut text = d.message();
        for note in &d.notes {
            text.push_str("\nnote: ");
            text.push_str(note);
        }
        if let Some(help) = d.help() {
            text.push_str("\nhelp: ");
            text.push_str(&help);
        }
        results.push(SarifResult {
            rule_id: code,
            rule_index,
            level: level(d.severity),
            message: Message { text },
            locations: vec![location(file, d.span, None)],
            related_locations: d
                .labels
                .iter()
                .map(|l| location(file, Some(l.span), Some(l.message.clone())))
                .collect(),
        });
    }
    SarifLog {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "wamigrate",
                    version: env!("CARGO_PKG_VERSION"),
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_a_summary() {
        for code in crate::pipeline::all_codes() {
            let text = summary(code).unwrap_or_default();
            assert!(text.len() > 20 && !text.contains('\n'), "{code}: {text}");
        }
    }

    #[test]
    fn paths_become_relative_uris() {
        assert_eq!(uri("plans/my plan.yaml"), "plans/my%20plan.yaml");
        assert_eq!(uri("dir\\plan.yaml"), "dir/plan.yaml");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("é.yaml"), "%C3%A9.yaml");
    }
}
