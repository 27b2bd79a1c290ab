//! Located, coded diagnostics: the ground floor every stage reports through.
//!
//! This module knows no stage. A stage owns its kinds (an enum that implements [`Kind`]: a stable
//! code, the wording in `Display`, a help line) in its own `diags.rs`, and hands them over as a
//! [`Diagnostic`] that adds the severity and the places. Rendering follows rustc and cargo, through
//! annotate-snippets (the renderer they use): `error[code]: message`, a `--> file:line:column`
//! line, the source line with a caret, and `= help:`. The source lines come from
//! [`SourceFile::snippet_text`], which masks every secret range the YAML reader recorded, so no
//! wording of any stage can print a PIN from a snippet.

use std::any::Any;
use std::fmt;
use std::fmt::Write as _;
use std::sync::Arc;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::source::{SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan cannot be used; exit code 1.
    Error,
    /// The plan is usable but probably not what was meant.
    Warning,
}

/// One kind of problem a stage reports: its stable code, its wording (`Display`) and a likely fix.
///
/// Implemented by each stage's own enum (`plan::diags::PlanKind`, `graph::diags::GraphKind`,
/// `eval::WarningKind`, ...). The wording never holds a secret: the YAML reader keeps PIN-like
/// values out of every value a stage can see.
pub trait Kind: Any + fmt::Display + fmt::Debug + Send + Sync {
    /// The stable kebab-case code, as printed in `error[code]` and listed in
    /// `docs/diagnostics.md`.
    fn code(&self) -> &'static str;

    /// A likely fix, when there is one worth saying.
    fn help(&self) -> Option<String> {
        None
    }
}

/// A secondary place worth showing ("first defined here").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Label {
    /// Where (serialized flat: `line`, `column`, `offset`, `len`, like the diagnostic itself).
    #[serde(flatten)]
    pub span: Span,
    /// What it is.
    pub message: String,
}

/// One problem found in a plan: what, how serious, and where.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// What went wrong (the stage's own kind).
    pub kind: Arc<dyn Kind>,
    /// Error or warning.
    pub severity: Severity,
    /// The primary place; `None` only for problems with the file as a whole.
    pub span: Option<Span>,
    /// Related places.
    pub labels: Vec<Label>,
    /// Further facts, shown as `= note:` lines.
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// An error at `span`.
    #[must_use]
    pub fn error(kind: impl Kind + 'static, span: Span) -> Diagnostic {
        Diagnostic {
            kind: Arc::new(kind),
            severity: Severity::Error,
            span: Some(span),
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A warning at `span`.
    #[must_use]
    pub fn warning(kind: impl Kind + 'static, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, span)
        }
    }

    /// An error about the file as a whole.
    #[must_use]
    pub fn file_error(kind: impl Kind + 'static) -> Diagnostic {
        Diagnostic {
            kind: Arc::new(kind),
            severity: Severity::Error,
            span: None,
            labels: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Adds a note.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(visible(&note.into()).into_owned());
        self
    }

    /// The same diagnostic with another severity.
    #[must_use]
    pub fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: visible(&message.into()).into_owned(),
        });
        self
    }

    /// The stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// The stage's own kind, when it is a `K`.
    #[must_use]
    pub fn kind_as<K: Kind>(&self) -> Option<&K> {
        let any: &dyn Any = &*self.kind;
        any.downcast_ref::<K>()
    }

    /// The message, as printed after `error[code]: ` (every quoted word clipped, see [`clip`]).
    #[must_use]
    pub fn message(&self) -> String {
        clip(&self.kind.to_string())
    }

    /// The help line, if any (every quoted word clipped).
    #[must_use]
    pub fn help(&self) -> Option<String> {
        self.kind.help().map(|h| clip(&h))
    }

    /// Whether it is an error.
    #[must_use]
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic the way rustc and cargo do, with ANSI styles (the caller's stream
    /// strips them when colour is off).
    #[must_use]
    pub fn render(&self, file: &SourceFile) -> String {
        self.render_styled(file, true)
    }

    /// Renders the diagnostic with ANSI styles, or plain: the same text without them (for a
    /// stream that takes no colour, so nothing has to strip them again).
    #[must_use]
    pub fn render_styled(&self, file: &SourceFile, styled: bool) -> String {
        let message = self.message();
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(message.as_str()).id(self.code());
        let help = self.help();
        let places = self.places(file);
        let mut group: Group<'_> = Group::with_title(title);
        match &places {
            Some(snippets) if !snippets.is_empty() => {
                for (text, line_start, annotations, _) in snippets {
                    let mut snippet = Snippet::source(text.as_str())
                        .line_start(file.display_line(*line_start) as usize)
                        .path(file.name.as_str())
                        .fold(true);
                    for (range, primary, label) in annotations {
                        let kind = if *primary {
                            AnnotationKind::Primary
                        } else {
                            AnnotationKind::Context
                        };
                        let mut annotation = kind.span(range.clone());
                        if let Some(label) = label {
                            annotation = annotation.label(label.as_str());
                        }
                        snippet = snippet.annotation(annotation);
                    }
                    group = group.element(snippet);
                }
            }
            _ => {
                let mut origin = Origin::path(file.name.as_str());
                if let Some(span) = self.span {
                    origin = origin
                        .line(file.display_line(span.line) as usize)
                        .char_column(span.column as usize);
                }
                group = group.element(origin);
            }
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let renderer = renderer.decor_style(DecorStyle::Ascii).term_width(140);
        let mut out = renderer.render(&[group]);
        // A snippet cut to a window: the renderer counts the column from the window's start, so
        // the `-->` line names the place itself.
        if let (Some(span), Some((.., true))) = (self.span, places.as_ref().and_then(|p| p.first()))
            && let Some(arrow) = out.find("--> ")
            && let Some(at) = out[arrow..].find(file.name.as_str())
        {
            let from = arrow + at + file.name.len();
            let to = out[from..].find('\n').map_or(out.len(), |k| from + k);
            out.replace_range(
                from..to,
                &format!(":{}:{}", file.display_line(span.line), span.column),
            );
        }
        out.push('\n');
        out
    }

    /// The snippets to show: runs of nearby lines with their annotations (byte ranges into the
    /// run's text). `None` when there is no place in the file to show.
    #[allow(
        clippy::type_complexity,
        reason = "a private list of (text, first line, annotations) tuples handed to the renderer"
    )]
    fn places(
        &self,
        file: &SourceFile,
    ) -> Option<
        Vec<(
            String,
            u32,
            Vec<(std::ops::Range<usize>, bool, Option<String>)>,
            bool,
        )>,
    > {
        let primary = self.span?;
        if !file.has_text() {
            return None;
        }
        let mut marks: Vec<(Span, bool, Option<String>)> = vec![(primary, true, None)];
        marks.extend(
            self.labels
                .iter()
                .map(|l| (l.span, false, Some(l.message.clone()))),
        );
        marks.retain(|(s, _, _)| s.line >= 1 && s.line <= file.line_count());
        marks.sort_by_key(|(s, _, _)| (s.line, s.column));
        // Lines close together share one snippet; far-apart ones get their own (as numbered
        // in the file shown, when the text holds only runs of its lines).
        let shown = |s: &Span| file.display_line(s.line);
        let mut runs: Vec<Vec<(Span, bool, Option<String>)>> = Vec::new();
        for mark in marks {
            match runs.last_mut() {
                Some(run) if shown(&mark.0) <= shown(&run[run.len() - 1].0) + 4 => run.push(mark),
                _ => runs.push(vec![mark]),
            }
        }
        // The run with the primary place comes first: the `-->` line names where the problem is.
        if let Some(i) = runs
            .iter()
            .position(|run| run.iter().any(|(_, primary, _)| *primary))
        {
            let run = runs.remove(i);
            runs.insert(0, run);
        }
        let mut out = Vec::new();
        for run in runs {
            let mut first = run[0].0.line;
            let last = run[run.len() - 1].0.line;
            let full = file.lines_range(first, last)?;
            // A long line (a minified plan, a 200 KB scalar) is shown as a window around the
            // places marked: rendering it whole for each of thousands of diagnostics would take
            // minutes.
            let cut = full.len() > SNIPPET_BYTES;
            let (text, start, run) = if cut {
                let anchor = run
                    .iter()
                    .find(|(_, primary, _)| *primary)
                    .unwrap_or(&run[0])
                    .0;
                let source = file.text();
                let at = (anchor.offset as usize).clamp(full.start, full.end);
                let mut lo = at.saturating_sub(SNIPPET_MARGIN).max(full.start);
                let mut hi =
                    (at + (anchor.len as usize).min(SNIPPET_MARGIN) + SNIPPET_MARGIN).min(full.end);
                while !source.is_char_boundary(lo) {
                    lo -= 1;
                }
                while !source.is_char_boundary(hi) {
                    hi += 1;
                }
                first = file.line_of(lo);
                let kept: Vec<_> = run
                    .into_iter()
                    .filter(|(s, _, _)| {
                        let o = s.offset as usize;
                        o >= lo && o <= hi
                    })
                    .collect();
                let cut_before = lo > file.line_range(first).map_or(lo, |r| r.start);
                let cut_after = hi < file.line_range(file.line_of(hi)).map_or(hi, |r| r.end);
                let mut text = String::new();
                if cut_before {
                    text.push_str(ELLIPSIS);
                }
                text.push_str(&file.masked_text(lo..hi)?);
                if cut_after {
                    text.push_str(ELLIPSIS);
                }
                // Offsets into `text` are file offsets minus `start`.
                let start = lo - if cut_before { ELLIPSIS.len() } else { 0 };
                (text, start, kept)
            } else {
                let (text, start) = file.snippet_text(first, last)?;
                (text, start, run)
            };
            let annotations = run
                .into_iter()
                .map(|(span, primary, label)| {
                    // Byte positions are kept on character boundaries of the text shown, whatever
                    // the span says: a span is data, and slicing inside a character panics.
                    let mut from = (span.offset as usize).saturating_sub(start).min(text.len());
                    while !text.is_char_boundary(from) {
                        from -= 1;
                    }
                    // Underline the span's first line only; at least one character.
                    let line_end = text[from..].find('\n').map_or(text.len(), |i| from + i);
                    let mut to = (from + span.len as usize).min(line_end);
                    while !text.is_char_boundary(to) {
                        to += 1;
                    }
                    if to == from && from < text.len() {
                        to = from + text[from..].chars().next().map_or(0, char::len_utf8);
                    }
                    (from..to.max(from), primary, label)
                })
                .collect();
            let (text, annotations) = c1_controls_replaced(text, annotations);
            out.push((text, first, annotations, cut));
        }
        Some(out)
    }
}

/// `text` with every C1 control (U+0080 to U+009F) shown as U+FFFD, the byte ranges of
/// `annotations` moved to match. The renderer shows C0 controls as control pictures and the
/// bidirectional ones as U+FFFD, but passes C1 controls through as they are, and a terminal acts
/// on them (U+009B starts an escape sequence as `ESC [` does): a line quoted from a plan, a
/// journal or a spreadsheet may hold one, raw where the reader refused it.
fn c1_controls_replaced<T>(
    text: String,
    mut annotations: Vec<(std::ops::Range<usize>, bool, T)>,
) -> (String, Vec<(std::ops::Range<usize>, bool, T)>) {
    let is_c1 = |c: char| ('\u{80}'..='\u{9f}').contains(&c);
    if !text.chars().any(is_c1) {
        return (text, annotations);
    }
    // Each one grows from two bytes to three: an offset moves by the number before it.
    let c1_before: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| is_c1(c))
        .map(|(i, _)| i)
        .collect();
    let moved = |offset: usize| offset + c1_before.partition_point(|&i| i < offset);
    for (range, ..) in &mut annotations {
        *range = moved(range.start)..moved(range.end);
    }
    let shown = text
        .chars()
        .map(|c| if is_c1(c) { '\u{fffd}' } else { c })
        .collect();
    (shown, annotations)
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Diagnostic", 10)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("message", &self.message())?;
        s.serialize_field("help", &self.help())?;
        s.serialize_field("line", &self.span.map(|x| x.line))?;
        s.serialize_field("column", &self.span.map(|x| x.column))?;
        s.serialize_field("offset", &self.span.map(|x| x.offset))?;
        s.serialize_field("len", &self.span.map(|x| x.len))?;
        s.serialize_field("labels", &self.labels)?;
        s.serialize_field("notes", &self.notes)?;
        s.end()
    }
}

/// A snippet longer than this (in bytes) is cut to a window around the place it marks.
const SNIPPET_BYTES: usize = 2048;
/// Bytes shown on each side of the marked place in a cut snippet.
const SNIPPET_MARGIN: usize = 240;
/// Marks where a cut snippet leaves text out.
const ELLIPSIS: &str = "...";

/// The longest quoted word a message shows whole, in characters.
pub const MAX_QUOTED: usize = 80;

/// Cuts every word quoted in backticks that is longer than [`MAX_QUOTED`] characters to its
/// start and an ellipsis: an id or value a user wrote may be 200 KB long, and a message that
/// repeats it whole is no longer a message.
///
/// Control characters a user wrote (a NUL, an escape) are shown as `\u{..}` (see [`visible`]).
#[must_use]
pub fn clip(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len().min(4096));
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push('`');
        // Odd pieces (the 1st, 3rd, ... after a backtick) are inside quotes.
        if i % 2 == 0 && part.chars().count() > MAX_QUOTED {
            out.extend(part.chars().take(MAX_QUOTED - 20));
            out.push('…');
        } else {
            out.push_str(part);
        }
    }
    out
}

/// `text` with every control character and bidirectional control written as `\u{hex}`. A
/// message quotes what a user wrote (a value, an argument, a file name), and a control character
/// in it would either reach a terminal (an escape sequence that clears the screen or retitles the
/// window, a reordered line) or, once JSON escapes it as `\u0000`, run into the digits after it: a
/// NUL before `00` in a YAML tag made `000000` in the report, which reads as a PIN (found by the
/// `pipeline` fuzz target; the CLI's masker caught it in the output). The braces break such runs.
#[must_use]
pub fn visible(text: &str) -> std::borrow::Cow<'_, str> {
    let shown_otherwise = |c: char| c.is_control() || reorders_text(c);
    if !text.chars().any(shown_otherwise) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown_otherwise(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The explicit bidirectional controls: embeddings, overrides and isolates (U+202A..U+202E,
/// U+2066..U+2069). Unterminated, one shows the rest of a line reversed (a payer on a billing
/// line reads otherwise), the trick of "Trojan Source" (rustc refuses them in source for it). Text
/// in Arabic or Hebrew needs none of them; the marks U+200E and U+200F, which reorder nothing
/// around them, stay allowed.
#[must_use]
pub fn reorders_text(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Sorts diagnostics by position (file-level ones first), errors before warnings at a tie, and
/// drops exact repeats (the same code, place and message).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by_cached_key(|d| {
        (
            d.span.map(|s| (s.line, s.column, s.offset)),
            d.severity,
            d.code(),
            d.message(),
        )
    });
    diagnostics.dedup_by(|a, b| {
        a.span == b.span && a.code() == b.code() && a.severity == b.severity && {
            a.message() == b.message()
        }
    });
}

/// Whether any diagnostic is an error.
#[must_use]
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Redaction;

    #[test]
    fn controls_and_bidirectional_controls_are_written_out() {
        assert_eq!(visible("plan.yaml"), "plan.yaml");
        assert_eq!(visible("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(visible("a\u{202e}b\u{2069}"), "a\\u{202e}b\\u{2069}");
        // Marks that reorder nothing, and text in any script, stay as written.
        assert_eq!(visible("\u{200f}שלום مرحبا"), "\u{200f}שלום مرحبا");
    }

    #[derive(Debug)]
    struct Unknown(&'static str);

    impl fmt::Display for Unknown {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "unknown key `{}`", self.0)
        }
    }

    impl Kind for Unknown {
        fn code(&self) -> &'static str {
            "unknown-key"
        }
        fn help(&self) -> Option<String> {
            Some("did you mean `name`?".into())
        }
    }

    fn plain(text: &str) -> String {
        let mut out = Vec::new();
        let mut stream = anstream::StripStream::new(&mut out);
        std::io::Write::write_all(&mut stream, text.as_bytes()).unwrap();
        String::from_utf8(out).unwrap()
    }

    fn file(text: &str, secrets: Vec<std::ops::Range<u32>>) -> SourceFile {
        let mut f = SourceFile::new("plan.yaml", text);
        f.set_redaction(Redaction::read(secrets, None));
        f
    }

    #[test]
    fn render_points_at_line_and_column() {
        let f = file("version: 1\nplan:\n  nme: x\n", Vec::new());
        let span = f.span_of(19..22);
        let d = Diagnostic::error(Unknown("nme"), span);
        assert_eq!(
            plain(&d.render(&f)),
            "error[unknown-key]: unknown key `nme`\n --> plan.yaml:3:3\n  |\n3 |   nme: x\n  |   ^^^\n  |\n  = help: did you mean `name`?\n"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_place_with_secrets_masked_at_its_edges() {
        // 6 KB of multi-byte text on one line, a secret straddling the window's left edge and
        // one inside it; the place marked in the middle.
        let build = |ascii_before: bool| {
            let mut text = String::from("k: \"");
            for i in 0..600 {
                text.push_str(if i % 3 == 0 { "é日本x" } else { "abcdefgh" });
            }
            if ascii_before {
                text.push_str(&"a".repeat(400));
            }
            let place = text.len();
            text.push_str("pinn: 481516, ");
            for _ in 0..600 {
                text.push_str("日本é");
            }
            text.push_str("\"\n");
            (text, place)
        };
        // The window's left edge inside multi-byte text, then inside ASCII where a run of
        // digits starts before the window and ends inside it.
        let (text, place) = build(false);
        let secret_in = u32::try_from(place + 6).unwrap()..u32::try_from(place + 12).unwrap();
        let (mut with_edge, place_edge) = build(true);
        let edge = place_edge - SNIPPET_MARGIN;
        with_edge.replace_range(edge - 3..edge + 3, "482913");
        let secret_edge = u32::try_from(edge - 3).unwrap()..u32::try_from(edge + 3).unwrap();
        let secret_in_edge =
            u32::try_from(place_edge + 6).unwrap()..u32::try_from(place_edge + 12).unwrap();
        for (body, place, secrets) in [
            (&text, place, vec![secret_in]),
            (&with_edge, place_edge, vec![secret_in_edge, secret_edge]),
        ] {
            let f = file(body, secrets);
            let span = f.span_of(place..place + 4);
            let d = Diagnostic::error(Unknown("pinn"), span);
            let out = plain(&d.render(&f));
            // The location names the place in the file, not in the window.
            assert!(
                out.contains(&format!("--> plan.yaml:{}:{}\n", span.line, span.column)),
                "{out}"
            );
            assert!(out.contains("pinn: ******"), "{out}");
            assert!(!out.contains("481516") && !out.contains("482913"), "{out}");
            assert!(out.contains("..."), "the line is cut: {out}");
            assert!(out.lines().all(|l| l.len() < 1_200), "{out}");
            assert!(out.contains("^^^^"), "the place is marked: {out}");
        }
    }

    #[test]
    fn a_secret_on_the_shown_line_is_masked() {
        let text = "plan:\n  pinn: 481516\n";
        let f = file(text, std::iter::once(14..20).collect());
        let d = Diagnostic::error(Unknown("pinn"), f.span_of(8..12));
        let out = plain(&d.render(&f));
        assert!(!out.contains("481516"), "{out}");
        assert!(out.contains("pinn: ******"), "{out}");
    }

    #[test]
    fn a_multi_byte_character_before_the_span_does_not_panic() {
        let text = "templates:\n  - name: \"promo\u{a0}: hiver\"\n    language: fr\u{a0}FR\n";
        let f = file(text, Vec::new());
        for offset in 0..text.len() {
            if !text.is_char_boundary(offset) {
                continue;
            }
            let d = Diagnostic::error(Unknown("x"), f.span_of(offset..text.len().min(offset + 3)));
            let _ = d.render(&f);
        }
    }

    #[test]
    fn c1_controls_on_the_shown_line_are_replaced_and_the_caret_stays_on_its_place() {
        // U+009B is a terminal's control sequence introducer, like `ESC [`; U+0085 moves to the
        // next line. The renderer shows C0 controls as pictures but passed these through raw.
        let text = "name: a\u{9b}2Jb\u{85}c\nnext: 1\n";
        let f = file(text, Vec::new());
        let at = text.find('c').unwrap();
        let d = Diagnostic::error(Unknown("c"), f.span_of(at..at + 1));
        let out = plain(&d.render(&f));
        assert!(
            !out.contains('\u{9b}') && !out.contains('\u{85}'),
            "{out:?}"
        );
        assert!(out.contains("name: a\u{fffd}2Jb\u{fffd}c"), "{out}");
        let line = out.lines().find(|l| l.contains("name:")).unwrap();
        let caret = out.lines().find(|l| l.contains('^')).unwrap();
        assert_eq!(
            caret.find('^').unwrap(),
            line.char_indices().position(|(_, ch)| ch == 'c').unwrap(),
            "{out}"
        );
    }

    #[test]
    fn far_apart_labels_get_their_own_snippet() {
        let mut text = String::from("a: 1\n");
        for _ in 0..30 {
            text.push_str("b: 2\n");
        }
        text.push_str("a: 3\n");
        let f = file(&text, Vec::new());
        let first = f.span_of(0..1);
        let second = f.span_of(text.len() - 5..text.len() - 4);
        let d = Diagnostic::error(Unknown("a"), second).with_label(first, "first written here");
        let out = plain(&d.render(&f));
        assert!(out.contains("first written here"), "{out}");
        assert!(out.contains("32 | a: 3"), "{out}");
    }

    #[test]
    fn long_quoted_words_are_clipped() {
        let long = "a".repeat(200_000);
        let text = format!("unknown step `{long}x`; did you mean `b`?");
        let clipped = clip(&text);
        assert!(clipped.len() < 200, "{clipped}");
        assert!(clipped.ends_with("; did you mean `b`?"), "{clipped}");
        assert_eq!(clip("plain `short` text"), "plain `short` text");
        let multibyte = format!("`{}`", "é".repeat(100));
        assert!(clip(&multibyte).chars().count() < 70);
    }

    #[test]
    fn sort_drops_exact_repeats() {
        let f = file("a: 1\n", Vec::new());
        let d = Diagnostic::error(Unknown("a"), f.span_of(0..1));
        let mut list = vec![d.clone(), d];
        sort(&mut list);
        assert_eq!(list.len(), 1);
    }
}
