//! `wamigrate explain`: what a WhatsApp, Meta or Genesys Cloud error means around a migration,
//! and what one of wamigrate's own diagnostic codes means (like `rustc --explain`).

use std::fmt::Write as _;
use std::io;

use serde::Serialize;

use super::{EXIT_INVALID, Format, Out, usage_error};
use crate::catalog::errors::{self, ErrorDef};
use crate::pipeline;
use crate::suggest::closest;

/// The diagnostics reference, whose sections explain wamigrate's own codes.
const DIAGNOSTICS_MD: &str = include_str!("../../docs/diagnostics.md");

/// Arguments of `explain`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wamigrate explain 131026
  wamigrate explain \"unknown error saving integration\"
  wamigrate explain done-out-of-order
  wamigrate explain \"(#133005) Two step verification PIN Mismatch\"   (as Meta's API prints it)
  wamigrate explain \"error[journal-stale]\"                         (as wamigrate prints it)
  wamigrate explain 131026 133005                                  (several at once)
  wamigrate explain --list --format json

Exits 0 when something matched, 1 when nothing did (with the nearest known codes), 2 for a
usage error (no query).")]
pub struct Args {
    /// A Meta/WhatsApp error code (`133005`), words from an error message (`unknown error saving
    /// integration`), or one of wamigrate's diagnostic codes (`pin-in-plan`).
    #[arg(value_name = "CODE OR WORDS", required_unless_present = "list")]
    pub query: Vec<String>,
    /// List every known error and diagnostic code.
    #[arg(long, conflicts_with = "query")]
    pub list: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(Serialize)]
struct ErrorJson {
    kind: &'static str,
    code: &'static str,
    aliases: &'static [&'static str],
    title: &'static str,
    meaning: &'static str,
    during_migration: &'static str,
    action: &'static str,
    prevented_by: &'static [&'static str],
    sources: &'static [&'static str],
}

impl From<&'static ErrorDef> for ErrorJson {
    fn from(e: &'static ErrorDef) -> Self {
        ErrorJson {
            kind: "whatsapp",
            code: e.code,
            aliases: e.aliases,
            title: e.title,
            meaning: e.meaning,
            during_migration: e.during_migration,
            action: e.action,
            prevented_by: e.prevented_by,
            sources: e.sources,
        }
    }
}

#[derive(Serialize)]
struct DiagnosticJson {
    kind: &'static str,
    code: &'static str,
    /// The section of docs/diagnostics.md, in Markdown.
    text: &'static str,
}

#[derive(Serialize)]
struct Explained {
    format_version: u32,
    query: String,
    errors: Vec<ErrorJson>,
    diagnostics: Vec<DiagnosticJson>,
}

#[derive(Serialize)]
struct Listing {
    format_version: u32,
    errors: Vec<ErrorJson>,
    diagnostics: Vec<&'static str>,
}

/// The section of docs/diagnostics.md about `code`, without its heading.
fn diagnostic_section(code: &str) -> Option<&'static str> {
    let heading = format!("### `{code}`\n");
    let start = DIAGNOSTICS_MD.find(&heading)? + heading.len();
    let rest = &DIAGNOSTICS_MD[start..];
    let end = rest
        .find("\n## ")
        .into_iter()
        .chain(rest.find("\n### "))
        .min();
    Some(rest[..end.unwrap_or(rest.len())].trim())
}

fn error_text(e: &ErrorDef, out: &mut String) {
    let _ = writeln!(out, "{}: {}\n", e.code, e.title);
    if !e.aliases.is_empty() {
        let _ = writeln!(out, "Also: {}\n", e.aliases.join(", "));
    }
    let _ = writeln!(out, "What it means: {}\n", e.meaning);
    let _ = writeln!(out, "During a migration: {}\n", e.during_migration);
    let _ = writeln!(out, "What to do: {}\n", e.action);
    if !e.prevented_by.is_empty() {
        let _ = writeln!(
            out,
            "Prevented by the steps: {} (see `wamigrate steps`)\n",
            e.prevented_by.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Sources: {} (see docs/sources.md)",
        e.sources.join(", ")
    );
}

/// Runs `explain`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let codes = pipeline::all_codes();
    if args.list {
        return list(args.format, &codes, out);
    }
    let query = args.query.join(" ");
    let query = query.trim();
    if query.is_empty() {
        return usage_error(
            out,
            "give a code or words to explain",
            Some("wamigrate explain --list lists them"),
        );
    }
    let mut found: Vec<&'static ErrorDef> = errors::find(query).into_iter().collect();
    let mut diagnostics: Vec<(&'static str, &'static str)> = codes
        .iter()
        .find(|c| c.eq_ignore_ascii_case(query))
        .and_then(|c| diagnostic_section(c).map(|t| (*c, t)))
        .into_iter()
        .collect();
    if found.is_empty() && diagnostics.is_empty() {
        // Codes quoted in what was pasted: Meta's `(#133005) Two step verification PIN
        // Mismatch`, `code 133005`, wamigrate's own `error[journal-stale]`, or several at once.
        // A number inside a sentence is a code only where it is written as one (`after 368
        // sends` is a count), unless the query is nothing but codes.
        let is_separator = |c: char| !(c.is_alphanumeric() || c == '-' || c == '/');
        let tokens: Vec<(usize, &str)> = query
            .split(is_separator)
            .scan(0, |at, token| {
                let start = query[*at..].find(token).map_or(*at, |i| *at + i);
                *at = start + token.len();
                Some((start, token))
            })
            .filter(|(_, token)| !token.is_empty())
            .collect();
        let known = |token: &str| {
            errors::find(token).is_some() || codes.iter().any(|c| c.eq_ignore_ascii_case(token))
        };
        let only_codes = tokens.iter().all(|(_, t)| known(t));
        let lower = query.to_lowercase();
        let written_as_code = |start: usize| {
            let before = lower[..start].trim_end();
            [
                "#", "error", "err", "code", "error[", "warning[", "errors", "codes",
            ]
            .iter()
            .any(|w| before.ends_with(w))
        };
        for &(start, token) in &tokens {
            if !only_codes && !written_as_code(start) {
                continue;
            }
            if let Some(e) = errors::find(token)
                && !found.iter().any(|f| std::ptr::eq(*f, e))
            {
                found.push(e);
            }
            if let Some(c) = codes.iter().find(|c| c.eq_ignore_ascii_case(token))
                && let Some(section) = diagnostic_section(c)
                && !diagnostics.iter().any(|(d, _)| d == c)
            {
                diagnostics.push((c, section));
            }
        }
    }
    // Words search the titles and meanings; a number is a code, matched whole or not at all.
    let is_code = query.chars().all(|c| c.is_ascii_digit() || c == '/');
    if found.is_empty() && diagnostics.is_empty() && !is_code {
        found = errors::search(query);
    }
    if found.is_empty() && diagnostics.is_empty() {
        let known = errors::ERRORS
            .iter()
            .flat_map(|e| std::iter::once(e.code).chain(e.aliases.iter().copied()))
            .chain(codes.iter().copied());
        let near = closest(query, known);
        let help = match near {
            Some(n) => {
                format!("did you mean `{n}`? `wamigrate explain --list` lists every known code")
            }
            None => "`wamigrate explain --list` lists every known code".to_string(),
        };
        // An unknown six-digit query may be a PIN typed in the wrong place: not repeated, and
        // said so, since most of Meta's codes have six digits too.
        let visible = crate::diagnostic::visible(query);
        let shown = crate::journal::masked(&visible);
        let hidden = if shown == visible {
            ""
        } else {
            "\nnote: the digits are hidden (`*`): six of them could be a two-step verification PIN \
             typed here by mistake, and wamigrate never repeats one; Meta's error codes have six \
             digits too, and every one wamigrate knows is listed in full"
        };
        out.diag(&format!(
            "error: no known error or diagnostic matches `{shown}`{hidden}\nhelp: {help}\n"
        ))?;
        if args.format == Format::Json {
            // A program reading stdout gets a document either way: nothing matched.
            out.json(&Explained {
                format_version: crate::report::FORMAT_VERSION,
                query: shown_query(query),
                errors: Vec::new(),
                diagnostics: Vec::new(),
            })?;
        }
        return Ok(EXIT_INVALID);
    }
    match args.format {
        Format::Json => out.json(&Explained {
            format_version: crate::report::FORMAT_VERSION,
            query: shown_query(query),
            errors: found.into_iter().map(ErrorJson::from).collect(),
            diagnostics: diagnostics
                .into_iter()
                .map(|(code, text)| DiagnosticJson {
                    kind: "diagnostic",
                    code,
                    text,
                })
                .collect(),
        })?,
        // The sections are Markdown (the docs are their one source): drawn for a terminal.
        Format::Text => out.render(|styles, w| {
            let mut text = String::new();
            for (i, e) in found.iter().enumerate() {
                if i > 0 {
                    text.push_str("\n---\n\n");
                }
                error_text(e, &mut text);
            }
            for (i, (code, section)) in diagnostics.into_iter().enumerate() {
                if i > 0 || !found.is_empty() {
                    text.push_str("\n---\n\n");
                }
                let _ = writeln!(text, "wamigrate diagnostic `{code}`\n");
                markdown_for_terminal(section, styles, &mut text);
                text.push('\n');
            }
            w.write_all(text.as_bytes())
        })?,
    }
    Ok(0)
}

/// The query as echoed: every run of digits that is not a known code masked, since a number
/// beside a code (`482913 133005`, `(482) 913 133005`) may be a PIN typed in the wrong place.
fn shown_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if errors::find(run).is_some() {
            out.push_str(run);
        } else {
            out.extend(run.chars().map(|_| crate::source::MASK));
        }
        run.clear();
    };
    for c in query.chars() {
        if c.is_numeric() {
            run.push(c);
        } else {
            if !run.is_empty() {
                flush(&mut run, &mut out);
            }
            out.push(c);
        }
    }
    if !run.is_empty() {
        flush(&mut run, &mut out);
    }
    out
}

fn list(format: Format, codes: &[&'static str], out: &mut Out) -> io::Result<u8> {
    match format {
        Format::Json => out.json(&Listing {
            format_version: crate::report::FORMAT_VERSION,
            errors: errors::ERRORS.iter().map(ErrorJson::from).collect(),
            diagnostics: codes.to_vec(),
        })?,
        Format::Text => {
            let mut text = String::from("WhatsApp, Meta and Genesys Cloud errors:\n");
            let width = errors::ERRORS
                .iter()
                .map(|e| e.code.len())
                .max()
                .unwrap_or(0);
            for e in errors::ERRORS {
                let _ = writeln!(text, "  {:<width$}  {}", e.code, e.title);
            }
            text.push_str("\nwamigrate's own diagnostic codes (docs/diagnostics.md):\n");
            for c in codes {
                let _ = writeln!(text, "  {c}");
            }
            out.data(&text)?;
        }
    }
    Ok(0)
}

/// A docs section (Markdown) drawn for a terminal: `**emphasis**` bold (plain without
/// colour), links as their text (and where they lead, outside this page), code blocks indented
/// without their fences. Code spans keep their backticks: they quote values as every diagnostic
/// does.
fn markdown_for_terminal(markdown: &str, styles: crate::report::text::Styles, out: &mut String) {
    let mut prose = String::new();
    let mut in_code = false;
    for line in markdown.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            if !in_code {
                inline_for_terminal(&prose, styles, out);
                prose.clear();
            }
            in_code = !in_code;
            continue;
        }
        if in_code {
            if line.trim().is_empty() {
                out.push_str(line);
            } else {
                out.push_str("    ");
                out.push_str(line);
            }
        } else if let Some(heading) = line.trim_start_matches('#').strip_prefix(' ')
            && line.starts_with('#')
        {
            inline_for_terminal(&prose, styles, &mut *out);
            prose.clear();
            let bold = styles.bold();
            let _ = writeln!(out, "{bold}{}{bold:#}", heading.trim_end());
        } else {
            prose.push_str(line);
        }
    }
    inline_for_terminal(&prose, styles, out);
}

/// Emphasis and links of Markdown prose; code spans are copied as they are.
fn inline_for_terminal(prose: &str, styles: crate::report::text::Styles, out: &mut String) {
    let bold = styles.bold();
    let mut rest = prose;
    while let Some(i) = rest.find(['`', '*', '[']) {
        out.push_str(&rest[..i]);
        let from = &rest[i..];
        if let Some(code) = from.strip_prefix('`') {
            let len = code.find('`').map_or(from.len(), |e| e + 2);
            out.push_str(&from[..len]);
            rest = &from[len..];
        } else if let Some(inner) = from.strip_prefix("**")
            && let Some(e) = inner.find("**")
        {
            let _ = write!(out, "{bold}{}{bold:#}", &inner[..e]);
            rest = &inner[e + 2..];
        } else if let Some(inner) = from.strip_prefix('*')
            && !inner.starts_with([' ', '*'])
            && let Some(e) = inner.find('*')
            && !inner[..e].contains('\n')
        {
            out.push_str(&inner[..e]);
            rest = &inner[e + 1..];
        } else if let Some(link) = link_at(from) {
            let target = if link.target.starts_with('#') || link.target.contains("://") {
                link.target.to_string()
            } else {
                format!("docs/{}", link.target)
            };
            let file = link.target.split('#').next().unwrap_or_default();
            if link.text == file {
                // `[plan-format.md](plan-format.md#times)`: the path says it all.
                out.push_str(&target);
            } else {
                out.push_str(link.text);
                if !link.target.starts_with('#') {
                    let _ = write!(out, " ({target})");
                }
            }
            rest = &from[link.len..];
        } else {
            out.push_str(&from[..1]);
            rest = &from[1..];
        }
    }
    out.push_str(rest);
}

struct Link<'m> {
    text: &'m str,
    target: &'m str,
    len: usize,
}

/// The Markdown link `[text](target)` at the start of `from`.
fn link_at(from: &str) -> Option<Link<'_>> {
    let close = from.find("](")?;
    let text = &from[1..close];
    if text.contains(['[', ']']) {
        return None;
    }
    let after = &from[close + 2..];
    let end = after.find(')')?;
    let target = &after[..end];
    if target.contains(char::is_whitespace) {
        return None;
    }
    Some(Link {
        text,
        target,
        len: close + 2 + end + 1,
    })
}
