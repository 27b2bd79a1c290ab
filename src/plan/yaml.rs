//! The YAML reader: parser events in, a tree of located [`Node`]s out, with every secret range
//! recorded.
//!
//! It drives the event parser that serde-saphyr is built on (re-exported by serde-saphyr as
//! `granit_parser`) instead of serde-saphyr's deserializer, for three reasons recorded in
//! `docs/decisions.md`: a typed deserializer stops at the first shape error, while a plan's author
//! wants every mistake at once; a secret must be masked by the position the parser gave it, not
//! by looking at the line again; and the events alone cost about a third of the deserializer.
//!
//! What the reader settles, before any plan rule:
//! - the document is one YAML document, within the nesting and size budget;
//! - every node has its span (byte range, line, column); a collection's span runs to its end;
//! - anchors are shared, not copied (an alias is a pointer to the anchored node), and the nodes
//!   reachable through aliases are counted, so an alias bomb is refused in milliseconds;
//! - merge keys (`<<: *base`) are kept beside the mapping's own keys, which win over them;
//! - a key written twice, and a second merge key, are reported (the first one is kept);
//! - secrets: the value of any PIN- or password-like key, a `pin_known` that is not `true` or
//!   `false`, a key that could be a PIN (a run of four or more digits), and a key that is not
//!   text at all (a list or mapping used as a key: `[481516]: x`) with its value, are recorded as
//!   secret ranges, and their nodes are marked so that no later stage takes their value.
//!
//! Tags other than YAML's core ones (`!!str`, `!!int`, ...) are refused: a plan has no use for
//! them, and a tag a reader does not know silently changes what a value means.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use serde_saphyr::granit_parser::{self, Event, Parser, ScalarStyle, ScanError};

use crate::plan::diags::PlanKind;
use crate::source::Span;

/// A located YAML node.
#[derive(Debug)]
pub struct Node<'a> {
    /// Where it was written (for an alias: the `*name` token).
    pub span: Span,
    /// What it holds.
    pub value: Value<'a>,
    /// It sits where a secret may be (under a PIN-like key): its value must never be used.
    pub secret: bool,
    /// A scalar whose text holds a PIN by the plan's rules ([`crate::secret::pin_in_text`]), or a
    /// list or mapping whose scalars make one together (`[48, 29, 13]`), found once by the reader
    /// (which masks it) for every stage after.
    pub pin: bool,
    /// How many nodes it stands for, aliases counted at their full size.
    pub weight: u64,
}

/// What a node holds.
#[derive(Debug)]
pub enum Value<'a> {
    /// A scalar: its text after YAML's escapes, and how it was written.
    Scalar(Cow<'a, str>, Style),
    /// A sequence.
    Seq(Vec<Node<'a>>),
    /// A mapping.
    Map(Map<'a>),
    /// An anchored node (at its definition, or where an alias names it).
    Shared(Anchored<'a>),
}

/// A node shared by its anchor and every alias of it. Its `Debug` does not print what it holds:
/// an alias bomb would print for ever.
#[derive(Clone)]
pub struct Anchored<'a>(pub Rc<Node<'a>>);

impl std::fmt::Debug for Anchored<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Anchored {{ span: {:?}, weight: {} }}",
            self.0.span, self.0.weight
        )
    }
}

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted: may be null (`~`, `null`, nothing) or a number.
    Plain,
    /// Single or double quotes: always text.
    Quoted,
    /// A literal (`|`) or folded (`>`) block: always text.
    Block,
}

/// A mapping: its own entries in order, and the mappings merged into it with `<<`.
#[derive(Debug, Default)]
pub struct Map<'a> {
    /// The entries written in the mapping itself.
    pub entries: Vec<Entry<'a>>,
    /// Mappings merged in with `<<` (earlier ones win; the mapping's own keys win over all).
    pub merged: Vec<Anchored<'a>>,
    /// Written in flow style (`{a: 1}`).
    pub flow: bool,
    /// Where the merge key was written, once one was.
    merge_key: Option<Span>,
    /// An index of the keys, built once the mapping is large enough to need one.
    index: Option<HashMap<String, Span>>,
}

/// One `key: value` entry.
#[derive(Debug)]
pub struct Entry<'a> {
    /// The key.
    pub key: Node<'a>,
    /// The value.
    pub value: Node<'a>,
}

impl<'a> Node<'a> {
    /// The node itself, or the anchored node an alias names.
    #[must_use]
    pub fn resolved(&self) -> &Node<'a> {
        let mut node = self;
        while let Value::Shared(target) = &node.value {
            node = &target.0;
        }
        node
    }

    /// Whether this node (or the one it names) holds a PIN by the plan's rules.
    #[must_use]
    pub fn holds_pin(&self) -> bool {
        self.resolved().pin
    }

    /// Whether this node or the node it names is marked secret.
    #[must_use]
    pub fn is_secret(&self) -> bool {
        self.secret || self.resolved().secret
    }

    /// The scalar text and style, if it is a scalar.
    #[must_use]
    pub fn scalar(&self) -> Option<(&str, Style)> {
        match &self.resolved().value {
            Value::Scalar(text, style) => Some((text, *style)),
            _ => None,
        }
    }

    /// Whether it is YAML's null: nothing, `~` or `null` written plain.
    #[must_use]
    pub fn is_null(&self) -> bool {
        matches!(self.scalar(), Some((text, Style::Plain)) if is_null_text(text))
    }

    /// A short name of what the node is, for "expected ..., found ..." messages.
    #[must_use]
    pub fn describe(&self) -> &'static str {
        match &self.resolved().value {
            Value::Scalar(_, Style::Plain) if self.is_null() => "nothing (null)",
            Value::Scalar(text, Style::Plain) if is_bool_text(text) => "a true/false value",
            Value::Scalar(text, Style::Plain) if text.parse::<f64>().is_ok() => "a number",
            Value::Scalar(_, Style::Block) => "a block of text",
            Value::Scalar(..) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Shared(_) => "an alias",
        }
    }

    /// The mapping's entries, own ones first, then merged ones whose key the mapping does not
    /// have itself (nor an earlier merged mapping).
    #[must_use]
    pub fn entries(&self) -> Vec<&Entry<'a>> {
        let Value::Map(map) = &self.resolved().value else {
            return Vec::new();
        };
        let mut out: Vec<&Entry<'a>> = map.entries.iter().collect();
        for merged in &map.merged {
            for entry in merged.0.entries() {
                let key = entry.key.scalar().map(|(k, _)| k);
                if !out.iter().any(|e| e.key.scalar().map(|(k, _)| k) == key) {
                    out.push(entry);
                }
            }
        }
        out
    }

    /// Whether it is a mapping.
    #[must_use]
    pub fn is_map(&self) -> bool {
        matches!(self.resolved().value, Value::Map(_))
    }

    /// The items, if it is a sequence.
    #[must_use]
    pub fn items(&self) -> Option<&[Node<'a>]> {
        match &self.resolved().value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }
}

/// YAML 1.2's null spellings for a plain scalar.
#[must_use]
pub fn is_null_text(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

/// YAML 1.2's booleans (and the YAML 1.1 ones people still write, so a message can say so).
#[must_use]
pub fn is_bool_text(text: &str) -> bool {
    matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
}

/// Whether a key name looks like it holds a PIN or a password: a word of it (split on `_`, `-`,
/// `.`, spaces and case changes) is `pin`, `pincode`, `pins`, `password`, `passcode`, `passwd` or
/// `secret`. `pin_known` is the plan's yes/no fact and is not secret itself.
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    if key == "pin_known" {
        return false;
    }
    // Every secret word holds one of these letter pairs; most keys hold none, and skip the work.
    let lower = key.as_bytes();
    let has = |pair: &[u8; 2]| {
        lower
            .windows(2)
            .any(|w| w[0].eq_ignore_ascii_case(&pair[0]) && w[1].eq_ignore_ascii_case(&pair[1]))
    };
    if key.is_ascii() && !(has(b"pi") || has(b"pa") || has(b"se") || has(b"fa")) {
        return false;
    }
    let secret_word = |word: &str| {
        matches!(
            word,
            "pin" | "pins" | "pincode" | "password" | "passcode" | "passwd" | "secret" | "2fa"
        )
    };
    // Words split on separators only (`pIN_code`: pin, code) ...
    let plain = key
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| secret_word(&w.to_lowercase()));
    // ... and on case changes too (`registrationPin`: registration, pin).
    let mut words: Vec<String> = vec![String::new()];
    let mut previous_lower = false;
    for c in key.chars() {
        let after_lower = std::mem::replace(&mut previous_lower, c.is_lowercase());
        if !c.is_alphanumeric() || (c.is_uppercase() && after_lower) {
            words.push(String::new());
        }
        if c.is_alphanumeric()
            && let Some(last) = words.last_mut()
        {
            last.extend(c.to_lowercase());
        }
    }
    plain || words.iter().any(|w| secret_word(w))
}

/// Whether text holds a run of four or more digits (a PIN written as a key, say).
#[must_use]
pub fn has_digit_run(text: &str) -> bool {
    let mut run = 0;
    for c in text.chars() {
        // Digits of any script: a PIN may be pasted in fullwidth or Arabic-Indic digits.
        if crate::secret::is_numeric(c) {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else if !crate::secret::is_invisible(c) {
            run = 0;
        }
    }
    false
}

/// `text` with every run of four or more digits masked one for one (for text a message quotes
/// that may come from a secret place).
#[must_use]
pub fn hide_digit_runs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        let digits = run.chars().count();
        if digits >= 4 {
            out.extend(std::iter::repeat_n(crate::source::MASK, digits));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if crate::secret::is_numeric(c) {
            run.push(c);
        } else if crate::secret::is_invisible(c) && !run.is_empty() {
            // Drawn as nothing between digits: the digits read as one run.
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Limits that keep a hostile file from costing more than a large plan does.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Deepest nesting of collections (a plan nests about 6 deep).
    pub max_depth: usize,
    /// Most nodes written in the file (a 100,000-number fleet has about 3 million).
    pub max_nodes: usize,
    /// Nodes reachable through aliases allowed whatever is written; aliases may add
    /// [`ALIAS_REPEATS`] times the nodes written beyond that (a fleet that merges one block of
    /// defaults into each number: `<<: *defaults`), and never more than
    /// [`MAX_ALIAS_EXPANSION`] in all.
    pub max_alias_nodes: usize,
}

/// How many times over aliases may repeat what a plan writes: a number that merges a block of
/// defaults writes about five nodes of its own (`- <<: *defaults` and its phone number) and
/// takes a dozen or two through the alias.
pub const ALIAS_REPEATS: u64 = 8;

/// The most nodes aliases may stand for in one plan: about what the largest file the loader
/// takes (96 MiB) holds written out, so aliases never cost more than a plan written in full.
pub const MAX_ALIAS_EXPANSION: u64 = 10_000_000;

impl Budget {
    /// How many nodes aliases may stand for, with `written` nodes written so far: a few repeats
    /// of what is written, not a multiplication of it (an alias bomb).
    fn alias_allowance(&self, written: usize) -> u64 {
        (self.max_alias_nodes as u64)
            .saturating_add((written as u64).saturating_mul(ALIAS_REPEATS))
            .min(MAX_ALIAS_EXPANSION)
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget {
            max_depth: 32,
            max_nodes: 20_000_000,
            max_alias_nodes: 1_000_000,
        }
    }
}

/// Why reading stopped: a diagnostic kind and where.
#[derive(Debug)]
pub struct Stop {
    /// What went wrong.
    pub kind: PlanKind,
    /// Where.
    pub span: Span,
}

/// A problem the reader reports and reads on past.
#[derive(Debug)]
pub struct Problem {
    /// What.
    pub kind: PlanKind,
    /// Where.
    pub span: Span,
    /// Where the first of a repeated key was written.
    pub first: Option<Span>,
}

/// One event from the parser, or the error it stopped at.
type Parsed<'a> = Result<(Event<'a>, granit_parser::Span), ScanError>;

/// Events handed from the parser's thread to the reader's in batches of this many: a channel
/// operation per event would cost more than parsing it.
const EVENT_BATCH: usize = 2048;

/// Batches the parser may run ahead of the reader (bounded, so a reader that stops early leaves
/// little parsed for nothing, and memory stays flat).
const BATCHES_AHEAD: usize = 8;

/// Texts at least this long are parsed on a thread of their own (`read_with_from`); below it a
/// thread costs more than it saves.
pub const PARSE_THREAD_FROM: usize = 128 * 1024;

/// Where a reader takes its events from.
enum Events<'a> {
    /// From the parser, on this thread.
    Direct(Box<Parser<'a, granit_parser::StrInput<'a>>>),
    /// From the parser running on another thread ([`read_with_from`]).
    Piped {
        batches: std::sync::mpsc::Receiver<Vec<Parsed<'a>>>,
        batch: std::vec::IntoIter<Parsed<'a>>,
    },
}

impl<'a> Events<'a> {
    fn next_event(&mut self) -> Option<Parsed<'a>> {
        match self {
            Events::Direct(parser) => parser.next_event(),
            Events::Piped { batches, batch } => loop {
                if let Some(parsed) = batch.next() {
                    return Some(parsed);
                }
                // The parser's thread hung up: it sent its last event (or its error) already.
                *batch = batches.recv().ok()?.into_iter();
            },
        }
    }
}

/// The event parser over `text`, with the reader's options.
fn parser(text: &str) -> Parser<'_, granit_parser::StrInput<'_>> {
    let mut options = granit_parser::Options::default();
    // The parser's own guard against stack exhaustion; the reader's depth budget is tighter.
    options.flow_nesting_limit = 128;
    options.block_nesting_limit = 128;
    options.disallow_directives = false;
    Parser::new_from_str_with_options(text, options)
}

/// Runs the parser over `text` and sends its events in batches until the text ends, the parser
/// fails (the error is the last item sent) or the reader hangs up.
fn parse_ahead<'a>(text: &'a str, sender: &std::sync::mpsc::SyncSender<Vec<Parsed<'a>>>) {
    let mut parser = parser(text);
    let mut batch = Vec::with_capacity(EVENT_BATCH);
    while let Some(parsed) = parser.next_event() {
        let failed = parsed.is_err();
        batch.push(parsed);
        if failed {
            break;
        }
        if batch.len() == EVENT_BATCH {
            let full = std::mem::replace(&mut batch, Vec::with_capacity(EVENT_BATCH));
            if sender.send(full).is_err() {
                return;
            }
        }
    }
    let _ = sender.send(batch);
}

/// Runs `read` with a reader of `text`. A text of `from` bytes or more ([`PARSE_THREAD_FROM`] for
/// plans) is parsed on a thread of its own while `read` builds nodes from the events on this one:
/// the two halves of reading YAML cost about the same, so a large plan is read in a little over
/// half the time. The reader sees the same events in the same order either way, so what it reads
/// does not depend on the thread.
pub(crate) fn read_with_from<'a, T>(
    text: &'a str,
    budget: Budget,
    from: usize,
    read: impl FnOnce(Reader<'a>) -> T,
) -> T {
    if text.len() < from {
        return read(Reader::new(text, budget));
    }
    std::thread::scope(|scope| {
        let (sender, batches) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
        let started = std::thread::Builder::new()
            .name("yaml-parser".into())
            .spawn_scoped(scope, move || parse_ahead(text, &sender));
        match started {
            Ok(parsing) => {
                let read = read(Reader::with_events(
                    text,
                    budget,
                    Events::Piped {
                        batches,
                        batch: Vec::new().into_iter(),
                    },
                ));
                // `read` owned the reader, so its end dropped the receiver, and a parser still
                // running ahead (a second document, say) stops at its next batch. Joined here,
                // not only at the scope's end, so the thread has ended entirely (its
                // thread-locals freed) when reading returns.
                parsing
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                read
            }
            // No thread to be had: read on this one.
            Err(_) => read(Reader::new(text, budget)),
        }
    })
}

/// Reads one YAML document from a text, node by node.
pub struct Reader<'a> {
    text: &'a str,
    parser: Events<'a>,
    /// Anchored nodes by the parser's anchor id.
    anchors: Vec<Option<Anchored<'a>>>,
    budget: Budget,
    /// Nodes written so far.
    nodes: usize,
    /// Nodes reached through aliases so far.
    alias_nodes: u64,
    /// Secret byte ranges found.
    pub secrets: Vec<Range<u32>>,
    /// Problems read past.
    pub problems: Vec<Problem>,
    /// Where the last event ended (for the span of a collection).
    last_end: u32,
}

/// The result of reading a whole document.
pub type Read<T> = Result<T, Stop>;

fn offset(marker: &granit_parser::Marker) -> u32 {
    u32::try_from(marker.byte_offset().unwrap_or(0)).unwrap_or(u32::MAX)
}

fn span_of(span: &granit_parser::Span) -> Span {
    let start = offset(&span.start);
    let end = offset(&span.end).max(start);
    Span {
        line: u32::try_from(span.start.line()).unwrap_or(u32::MAX).max(1),
        column: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
        offset: start,
        len: end - start,
    }
}

impl<'a> Reader<'a> {
    /// A reader over `text` with `budget`.
    #[must_use]
    pub fn new(text: &'a str, budget: Budget) -> Reader<'a> {
        Reader::with_events(text, budget, Events::Direct(Box::new(parser(text))))
    }

    fn with_events(text: &'a str, budget: Budget, parser: Events<'a>) -> Reader<'a> {
        Reader {
            text,
            parser,
            anchors: Vec::new(),
            budget,
            nodes: 0,
            alias_nodes: 0,
            secrets: Vec::new(),
            problems: Vec::new(),
            last_end: 0,
        }
    }

    /// The text being read.
    #[must_use]
    pub fn text(&self) -> &'a str {
        self.text
    }

    fn next(&mut self) -> Read<(Event<'a>, Span)> {
        match self.parser.next_event() {
            Some(Ok((event, span))) => {
                let located = span_of(&span);
                self.last_end = located.offset + located.len;
                Ok((event, located))
            }
            Some(Err(err)) => Err(self.syntax(&err)),
            None => Err(Stop {
                kind: PlanKind::YamlSyntax {
                    problem: SyntaxProblem::UnexpectedEnd,
                },
                span: self.point(self.text.len()),
            }),
        }
    }

    fn point(&self, at: usize) -> Span {
        let before = &self.text[..at.min(self.text.len())];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let column = before
            .rfind('\n')
            .map_or(before, |i| &before[i + 1..])
            .chars()
            .count()
            + 1;
        Span {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset: u32::try_from(at).unwrap_or(u32::MAX),
            len: 0,
        }
    }

    fn syntax(&self, err: &ScanError) -> Stop {
        let marker = err.marker();
        if matches!(err.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
            return Stop {
                kind: PlanKind::InputTooComplex {
                    limit: Limit::Depth(self.budget.max_depth),
                },
                span: self.point(marker.byte_offset().unwrap_or(0).min(self.text.len())),
            };
        }
        let at = marker
            .byte_offset()
            .unwrap_or(self.last_end as usize)
            .min(self.text.len());
        let problem = SyntaxProblem::of(err.kind(), self.text, at);
        let mut span = self.point(at);
        // Underline the token at the error, so the caret marks something.
        let rest = &self.text[at..];
        let len = rest
            .char_indices()
            .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}'))
            .map_or(rest.len(), |(i, _)| i)
            .min(80);
        span.len = u32::try_from(len).unwrap_or(0);
        Stop {
            kind: PlanKind::YamlSyntax { problem },
            span,
        }
    }

    /// Where the parser stopped understanding the text (for masking the rest).
    #[must_use]
    pub fn failed_at(stop: &Stop) -> u32 {
        // The whole line of a syntax error is untrusted: the parser may have stopped inside it.
        stop.span.offset
    }

    /// Reads up to the start of the document's root node. Returns `None` for a file with no
    /// document (empty, or only comments).
    pub fn start(&mut self) -> Read<Option<(Event<'a>, Span)>> {
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentStart(..) | Event::DocumentEnd => {}
                Event::StreamEnd => return Ok(None),
                other => return Ok(Some((other, span))),
            }
        }
    }

    /// After the root node: the document must end here, with no second document.
    pub fn finish(&mut self) -> Read<()> {
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::DocumentEnd => {}
                Event::StreamEnd => return Ok(()),
                _ => {
                    return Err(Stop {
                        kind: PlanKind::YamlSyntax {
                            problem: SyntaxProblem::SecondDocument,
                        },
                        span,
                    });
                }
            }
        }
    }

    /// A block collection ends where its last entry does: the parser places its end at the
    /// next token, past any comments and blank lines after it (to the end of the file, for
    /// the last one), which would stretch the collection's span, and its underline, over them.
    fn end_collection(&mut self, before: u32, end: Span) {
        if end.len == 0 {
            self.last_end = before;
        }
    }

    /// Reads the next event (for a caller that walks a collection itself).
    pub fn event(&mut self) -> Read<(Event<'a>, Span)> {
        self.next()
    }

    fn count(&mut self, span: Span) -> Read<()> {
        self.nodes += 1;
        if self.nodes > self.budget.max_nodes {
            return Err(Stop {
                kind: PlanKind::InputTooComplex {
                    limit: Limit::Nodes(self.budget.max_nodes),
                },
                span,
            });
        }
        Ok(())
    }

    fn check_depth(&self, depth: usize, span: Span) -> Read<()> {
        if depth > self.budget.max_depth {
            return Err(Stop {
                kind: PlanKind::InputTooComplex {
                    limit: Limit::Depth(self.budget.max_depth),
                },
                span,
            });
        }
        Ok(())
    }

    fn check_tag(&mut self, tag: Option<&granit_parser::Tag>, span: Span) {
        if let Some(tag) = tag
            && !tag.is_yaml_core_schema()
        {
            self.problems.push(Problem {
                kind: PlanKind::UnsupportedTag {
                    // The message quotes the tag, and a tag is read before anything says whether
                    // its node is secret (a value under an unknown key, say): no PIN-like run.
                    tag: hide_digit_runs(&tag.original()),
                },
                span,
                first: None,
            });
        }
    }

    /// Reads the node that starts with `event` (already taken from the parser), at `depth`.
    pub fn node(&mut self, event: Event<'a>, span: Span, depth: usize) -> Read<Node<'a>> {
        self.count(span)?;
        let (node, anchor) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                self.check_tag(tag.as_deref(), span);
                // A value that is nothing but six digits, or holds a PIN by the plan's rules, is
                // masked in every snippet whatever it turns out to be (a count, a flag, a phone
                // number, a value of the wrong type); the shaper refuses it where it reads it.
                let pin = crate::secret::pin_in_text(&text);
                if pin {
                    self.secret_span(span);
                }
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                    _ => Style::Block,
                };
                (
                    Node {
                        span,
                        value: Value::Scalar(text, style),
                        secret: false,
                        pin,
                        weight: 1,
                    },
                    anchor,
                )
            }
            Event::SequenceStart(_, anchor, tag) => {
                self.check_depth(depth + 1, span)?;
                self.check_tag(tag.as_deref(), span);
                let mut items = Vec::new();
                loop {
                    let before = self.last_end;
                    let (event, item_span) = self.next()?;
                    if matches!(event, Event::SequenceEnd) {
                        self.end_collection(before, item_span);
                        break;
                    }
                    items.push(self.node(event, item_span, depth + 1)?);
                }
                let span = Span {
                    len: self.last_end.saturating_sub(span.offset),
                    ..span
                };
                let weight = 1 + items.iter().map(|n| n.weight).fold(0, u64::saturating_add);
                let pin = parts_make_pin(&items);
                if pin {
                    self.secret_span(span);
                }
                (
                    Node {
                        span,
                        value: Value::Seq(items),
                        secret: false,
                        pin,
                        weight,
                    },
                    anchor,
                )
            }
            Event::MappingStart(style, anchor, tag) => {
                self.check_depth(depth + 1, span)?;
                self.check_tag(tag.as_deref(), span);
                let mut map = Map {
                    flow: style == granit_parser::StructureStyle::Flow,
                    ..Map::default()
                };
                loop {
                    let before = self.last_end;
                    let (event, key_span) = self.next()?;
                    if matches!(event, Event::MappingEnd) {
                        self.end_collection(before, key_span);
                        break;
                    }
                    let key = self.node(event, key_span, depth + 1)?;
                    let (event, value_span) = self.next()?;
                    let value = self.node(event, value_span, depth + 1)?;
                    self.add_entry(&mut map, Entry { key, value });
                }
                let span = Span {
                    len: self.last_end.saturating_sub(span.offset),
                    ..span
                };
                let weight = 1 + map
                    .entries
                    .iter()
                    .map(|e| e.key.weight.saturating_add(e.value.weight))
                    .chain(map.merged.iter().map(|m| m.0.weight))
                    .fold(0, u64::saturating_add);
                // Keys and values together (`{482: 913}`), or the values under keys that are
                // words (`{a: 482, b: 913}`).
                let pin = parts_make_pin(map.entries.iter().flat_map(|e| [&e.key, &e.value]))
                    || parts_make_pin(map.entries.iter().map(|e| &e.value));
                if pin {
                    self.secret_span(span);
                }
                (
                    Node {
                        span,
                        value: Value::Map(map),
                        secret: false,
                        pin,
                        weight,
                    },
                    anchor,
                )
            }
            Event::Alias(id) => {
                let Some(Some(target)) = self.anchors.get(id).cloned() else {
                    return Err(Stop {
                        kind: PlanKind::YamlSyntax {
                            problem: SyntaxProblem::UnknownAnchor,
                        },
                        span,
                    });
                };
                let weight = target.0.weight;
                // An alias of a value written under a PIN-like key (or inside one) is as secret.
                let at = target.0.span.offset;
                let secret = self.secrets.iter().any(|r| r.start <= at && at < r.end);
                self.alias_nodes = self.alias_nodes.saturating_add(weight);
                if self.alias_nodes > self.budget.alias_allowance(self.nodes) {
                    return Err(Stop {
                        kind: PlanKind::InputTooComplex {
                            limit: Limit::Aliases {
                                nested: holds_alias(&target.0),
                            },
                        },
                        span,
                    });
                }
                return Ok(Node {
                    span,
                    value: Value::Shared(target),
                    secret,
                    pin: false,
                    weight,
                });
            }
            _ => {
                return Err(Stop {
                    kind: PlanKind::YamlSyntax {
                        problem: SyntaxProblem::UnexpectedEnd,
                    },
                    span,
                });
            }
        };
        if anchor == 0 {
            return Ok(node);
        }
        let span = node.span;
        let weight = node.weight;
        let shared = Anchored(Rc::new(node));
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(shared.clone());
        Ok(Node {
            span,
            value: Value::Shared(shared),
            secret: false,
            pin: false,
            weight,
        })
    }

    /// Adds one entry to `map`: its value is marked secret where the key says so, a repeated
    /// key or merge key is reported (the first is kept), and a merge key's mappings are merged.
    pub fn add_entry(&mut self, map: &mut Map<'a>, entry: Entry<'a>) {
        let Entry { key, mut value } = entry;
        match self.file_key(map, &key, &mut value) {
            KeyUse::Entry => map.entries.push(Entry { key, value }),
            KeyUse::Merge => self.merge(map, value),
            KeyUse::Drop => {}
        }
    }

    /// Checks one key of `map`: marks its value secret where the key says so, and reports a
    /// repeated key or merge key. Says what to do with the entry.
    fn file_key(&mut self, map: &mut Map<'a>, key: &Node<'a>, value: &mut Node<'a>) -> KeyUse {
        let Some((text, style)) = key.scalar() else {
            self.problems.push(Problem {
                kind: PlanKind::ComplexKey,
                span: key.span,
                first: None,
            });
            // A list or mapping used as a key is refused unread, so nothing says what it holds:
            // the key is as untrusted as its value (`[481516]: x` must not echo the PIN).
            self.secret_span(key.span);
            self.mark_secret(value);
            return KeyUse::Drop;
        };
        if is_secret_key(text) || (text == "pin_known" && !is_plain_bool(value)) {
            self.mark_secret(value);
        }
        if has_digit_run(text) {
            self.secret_span(key.span);
        }
        if text == "<<" && style == Style::Plain {
            if let Some(first) = map.merge_key {
                self.problems.push(Problem {
                    kind: PlanKind::DuplicateKey {
                        key: Some("<<".into()),
                    },
                    span: key.span,
                    first: Some(first),
                });
                return KeyUse::Drop;
            }
            map.merge_key = Some(key.span);
            return KeyUse::Merge;
        }
        // A linear search keeps small mappings cheap; a large one (a hostile file with a
        // hundred thousand keys in one mapping) gets an index so the check stays linear.
        if map.index.is_none() && map.entries.len() >= 16 {
            map.index = Some(
                map.entries
                    .iter()
                    .filter_map(|e| e.key.scalar().map(|(t, _)| (t.to_string(), e.key.span)))
                    .collect(),
            );
        }
        let first = match &map.index {
            Some(index) => index.get(text).copied(),
            None => map
                .entries
                .iter()
                .find(|e| e.key.scalar().map(|(t, _)| t) == Some(text))
                .map(|e| e.key.span),
        };
        if let Some(first) = first {
            let shown = (!has_digit_run(text)).then(|| text.to_string());
            self.problems.push(Problem {
                kind: PlanKind::DuplicateKey { key: shown },
                span: key.span,
                first: Some(first),
            });
            return KeyUse::Drop;
        }
        if let Some(index) = &mut map.index {
            index.insert(text.to_string(), key.span);
        }
        KeyUse::Entry
    }

    fn merge(&mut self, map: &mut Map<'a>, value: Node<'a>) {
        let mut add = |node: Node<'a>, problems: &mut Vec<Problem>| match node.value {
            Value::Shared(rc) if rc.0.is_map() => map.merged.push(rc),
            // A mapping written in place (`<<: {source: bsp}`) is refused: the keys the mapping
            // then sets itself would never be read, so never checked (for a PIN, a control
            // character); an anchored mapping is checked where it is defined.
            value => problems.push(Problem {
                kind: PlanKind::BadMerge {
                    in_place: matches!(value, Value::Map(_)),
                },
                span: node.span,
                first: None,
            }),
        };
        match value.value {
            Value::Seq(items) => {
                for item in items {
                    add(item, &mut self.problems);
                }
            }
            _ => add(value, &mut self.problems),
        }
    }

    /// Records a node (and all it holds) as secret.
    pub fn mark_secret(&mut self, node: &mut Node<'a>) {
        node.secret = true;
        let span = node.span;
        self.secrets
            .push(span.offset..span.offset + span.len.max(1));
    }

    /// Records a span as secret (a value the plan rules found under an unknown key, say).
    pub fn secret_span(&mut self, span: Span) {
        self.secrets
            .push(span.offset..span.offset + span.len.max(1));
    }
}

/// Whether the scalars written in a list or mapping (and in the lists and mappings inside it)
/// make six digits together and nothing else (`[48, 29, 13]`, `[[48], [29, 13]]`, `{482: 913}`):
/// a PIN written in parts, which no part shows alone (M2SV). A part with a letter, an alias or
/// more than a few parts ends the look at once: nearly every list of a plan holds ids, names or
/// times.
fn parts_make_pin<'n, 'a: 'n>(parts: impl IntoIterator<Item = &'n Node<'a>>) -> bool {
    let mut joined = String::new();
    let mut budget = 64_usize;
    parts
        .into_iter()
        .all(|part| digits_only(part, &mut joined, &mut budget))
        && crate::secret::is_bare_pin(&joined)
}

/// Appends the scalars of `node` to `joined` while they hold no letter and stay few and short.
fn digits_only(node: &Node<'_>, joined: &mut String, budget: &mut usize) -> bool {
    let Some(left) = budget.checked_sub(1) else {
        return false;
    };
    *budget = left;
    match &node.value {
        Value::Scalar(text, _) => {
            if text.chars().any(char::is_alphabetic) || joined.len() + text.len() > 256 {
                return false;
            }
            joined.push_str(text);
            joined.push(' ');
            true
        }
        Value::Seq(items) => items.iter().all(|n| digits_only(n, joined, budget)),
        Value::Map(map) => {
            map.merged.is_empty()
                && map.entries.iter().all(|e| {
                    digits_only(&e.key, joined, budget) && digits_only(&e.value, joined, budget)
                })
        }
        Value::Shared(_) => false,
    }
}

/// What to do with a mapping entry once its key is checked.
enum KeyUse {
    /// Keep it.
    Entry,
    /// It is the merge key: merge its value in.
    Merge,
    /// Drop it (a repeated key, reported).
    Drop,
}

fn is_plain_bool(node: &Node<'_>) -> bool {
    matches!(node.scalar(), Some(("true" | "false", Style::Plain)))
}

/// Whether `node` holds an alias (or a merge) anywhere inside what is written of it; walks only
/// what is written, never through an alias, so it costs no more than reading the node did.
fn holds_alias(node: &Node<'_>) -> bool {
    match &node.value {
        Value::Scalar(..) => false,
        Value::Shared(_) => true,
        Value::Seq(items) => items.iter().any(holds_alias),
        Value::Map(map) => {
            !map.merged.is_empty()
                || map
                    .entries
                    .iter()
                    .any(|e| holds_alias(&e.key) || holds_alias(&e.value))
        }
    }
}

/// Which limit a file broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Nesting deeper than this.
    Depth(usize),
    /// More nodes than this.
    Nodes(usize),
    /// Aliases that would repeat more than the file itself holds. `nested`: the alias that went
    /// over names a value that holds aliases itself (aliases of aliases multiply, as an alias
    /// bomb does); otherwise one value written once is named in too many places (a list of
    /// templates aliased into every number of a large fleet), which has another fix.
    Aliases {
        /// The alias names a value that holds aliases.
        nested: bool,
    },
    /// A file larger than this many bytes.
    Bytes(usize),
}

/// What a YAML syntax error is, in words a plan author can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntaxProblem {
    /// A tab where YAML needs spaces for indentation.
    Tab,
    /// A key or value at an indentation that does not fit the lines above it.
    Indentation {
        /// The line above that sets the expected indentation, if one was found.
        expected_column: Option<usize>,
    },
    /// A colon where a value cannot start a mapping (`a: b: c`).
    ColonInValue,
    /// A quote opened and never closed.
    UnclosedQuote,
    /// A `[` or `{` never closed.
    UnclosedBracket,
    /// The text ends in the middle of something.
    UnexpectedEnd,
    /// A second document (`---`) after the first.
    SecondDocument,
    /// An alias names an anchor that is not defined before it.
    UnknownAnchor,
    /// A list item (`- x`) where a key was expected, or the reverse.
    MixedListAndMapping,
    /// A key longer than the 1,024 characters YAML allows a plain (unquoted) key.
    KeyTooLong,
    /// Anything else the parser refused, in its own words.
    Other(String),
}

impl SyntaxProblem {
    fn of(kind: &granit_parser::ErrorKind, text: &str, at: usize) -> SyntaxProblem {
        use granit_parser::ErrorKind as K;
        let name = format!("{kind:?}");
        match kind {
            K::TabNotAllowed | K::TabInBlockIndentation => SyntaxProblem::Tab,
            K::InvalidIndentation | K::ExpectedBlockMappingKey => SyntaxProblem::Indentation {
                expected_column: expected_indent(text, at),
            },
            K::UnexpectedEofFlowSequence
            | K::UnexpectedEofFlowMapping
            | K::UnexpectedEofImplicitFlowMapping
            | K::ExpectedFlowMappingSeparator
            | K::ExpectedFlowSequenceSeparator => SyntaxProblem::UnclosedBracket,
            K::UnexpectedEofBlockSequence | K::UnexpectedEofBlockMapping | K::UnexpectedEof => {
                SyntaxProblem::UnexpectedEnd
            }
            K::UnknownAnchor => SyntaxProblem::UnknownAnchor,
            K::ExpectedBlockSequenceEntry => SyntaxProblem::MixedListAndMapping,
            // YAML lets a plain key run 1,024 characters at most; past that the parser no longer
            // takes the text as a key and says only that it expected a `:`.
            K::SimpleKeyExpected
                if text[at..]
                    .lines()
                    .next()
                    .and_then(|line| line.find(':'))
                    .is_some_and(|colon| text[at..at + colon].chars().count() > 1024) =>
            {
                SyntaxProblem::KeyTooLong
            }
            _ if name.contains("Quote") => SyntaxProblem::UnclosedQuote,
            _ if name.contains("MappingValueNotAllowed") => {
                // `a: 1` then a deeper-indented `b: 2`: the usual cause is indentation.
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let same_line_colon = text[line_start..at].contains(": ");
                if same_line_colon {
                    SyntaxProblem::ColonInValue
                } else {
                    SyntaxProblem::Indentation {
                        expected_column: expected_indent(text, at),
                    }
                }
            }
            _ if name.contains("Colon") => SyntaxProblem::ColonInValue,
            _ if name.contains("Eof") => SyntaxProblem::UnexpectedEnd,
            _ => SyntaxProblem::Other(kind.to_string()),
        }
    }
}

/// The indentation (1-based column) of the nearest non-blank line above `at`.
fn expected_indent(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at.min(text.len())].rfind('\n')?;
    text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| l.chars().take_while(|c| *c == ' ').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Result<Node<'_>, Stop>, Vec<Range<u32>>, Vec<Problem>) {
        let mut reader = Reader::new(text, Budget::default());
        let node = reader.start().and_then(|first| match first {
            Some((event, span)) => reader.node(event, span, 0),
            None => Err(Stop {
                kind: PlanKind::EmptyPlan,
                span: Span::default(),
            }),
        });
        (node, reader.secrets, reader.problems)
    }

    /// What a reader reads from `text` (its root node or where it stopped, with every secret
    /// and problem, and whether the document ended there), as text, parsing on a thread of its
    /// own from `from` bytes.
    fn read_all(text: &str, from: usize) -> String {
        read_with_from(text, Budget::default(), from, |mut reader| {
            let node = reader.start().and_then(|first| match first {
                Some((event, span)) => reader.node(event, span, 0),
                None => Err(Stop {
                    kind: PlanKind::EmptyPlan,
                    span: Span::default(),
                }),
            });
            let end = node.as_ref().ok().map(|_| reader.finish());
            format!(
                "{node:?}\n{end:?}\n{:?}\n{:?}",
                reader.secrets, reader.problems
            )
        })
    }

    #[test]
    fn a_block_collection_ends_at_its_last_entry_not_at_the_comments_after_it() {
        // It ended at the next token: a mapping under an unknown key, refused whole as a
        // PIN, was underlined (and its JSON `len` counted) to the end of the file.
        let text = "extra:\n  v: 482915\n  w: [1]\n# a comment\n\n# another\n";
        let (node, ..) = read(text);
        let Value::Map(root) = node.expect("a mapping").value else {
            panic!("not a mapping")
        };
        let inner = &root.entries[0].value;
        let at = inner.span.offset as usize;
        assert_eq!(
            &text[at..at + inner.span.len as usize],
            "v: 482915\n  w: [1]"
        );
        let list = "- a\n- b\n\n# end\n";
        let (node, ..) = read(list);
        assert_eq!(node.expect("a list").span.len as usize, "- a\n- b".len());
    }

    #[test]
    fn a_parser_on_its_own_thread_gives_the_reader_the_same_events() {
        let fleet = crate::generate::fleet_plan(300, 1);
        let texts = [
            fleet.as_str(),
            "",
            "version: 1\nnumbers: [a, b",
            "a: 1\n---\nb: 2\n",
            "base: &b {x: 1, pin: 482915}\nuse: {<<: *b, y: *b}\n",
            "a: [1, 2]\na: 3\n[481516]: x\n",
            "k: \"unterminated\n",
            &"[".repeat(200),
        ];
        for text in texts {
            assert_eq!(read_all(text, 0), read_all(text, usize::MAX), "{text:.60}");
        }
        // Stopped early by a syntax error with a long text behind it: the parser's thread is
        // told to stop, and reading returns.
        let long = format!("a: [1\nb: 2\n{}", "c: 3\n".repeat(200_000));
        assert_eq!(read_all(&long, 0), read_all(&long, usize::MAX));
        // A second document, long, after the first.
        let second = format!("a: 1\n---\n{}", "- x\n".repeat(200_000));
        assert_eq!(read_all(&second, 0), read_all(&second, usize::MAX));
    }

    fn shown(text: &str, secrets: &[Range<u32>]) -> String {
        text.char_indices()
            .map(|(i, c)| {
                let i = u32::try_from(i).unwrap();
                if secrets.iter().any(|r| r.contains(&i)) && c != '\n' {
                    '*'
                } else {
                    c
                }
            })
            .collect()
    }

    #[test]
    fn secret_keys_are_words_of_the_key() {
        for key in [
            "pin",
            "PIN",
            "pIN_code",
            "two_step_pin",
            "pinCode",
            "pin-code",
            "pin code",
            "registration.pin",
            "password",
            "passcode",
            "secret",
            "Pin_Known",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "pin_known",
            "shipping",
            "mapping",
            "spinner",
            "pinned",
            "pinn",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn a_pin_is_masked_however_it_is_written() {
        for text in [
            "pin: 481516\n",
            "pin-code: 481516\n",
            "pin : 481516\n",
            "pIN_code: 481516\n",
            "pin:\n  481516\n",
            "pin: |\n  481516\n",
            "pin: >-\n  481516\n",
            "pin: '481516'\n",
            "a: {pin: \"481516\", b: 1}\n",
            "pin_known:\n  481516\n",
            "pin_known: [481516]\n",
            "481516: x\n",
            "k: {481516: x}\n",
        ] {
            let (node, secrets, _) = read(text);
            assert!(node.is_ok(), "{text}");
            let masked = shown(text, &secrets);
            assert!(!masked.contains("481516"), "{text:?} -> {masked:?}");
        }
    }

    #[test]
    fn a_pin_written_as_a_list_or_mapping_of_its_parts_is_masked_and_marked() {
        for text in [
            "notes: [48, 29, 13]\n",
            "notes: [4, 8, 2, 9, 1, 3]\n",
            "notes: [482, 913]\n",
            "notes: ['48', \"29\", 13]\n",
            "notes: {482: 913}\n",
            "notes: {a: 482, b: 913}\n",
            "notes: {first: 48, second: 29, third: 13}\n",
            "notes:\n  - 48\n  - 29\n  - 13\n",
            "notes: [４８, ２９, １３]\n",
            "notes: [[48], [29], [13]]\n",
            "notes: [[48, 29], {13: ~}]\n",
            "notes:\n  - - 48\n    - 29\n  - 13\n",
        ] {
            let (node, secrets, _) = read(text);
            let node = node.unwrap();
            let masked = shown(text, &secrets);
            assert!(
                !masked.chars().any(char::is_numeric),
                "{text:?} -> {masked:?}"
            );
            assert!(node.entries()[0].value.holds_pin(), "{text:?}");
        }
        // Lists of ids, times, phone numbers or a few digits are what plans hold: not a PIN.
        for text in [
            "after: [a1, b2, c3, d4, e5, f6]\n",
            "earlier: [2026-11-24T09:10, 2026-11-24T09:25]\n",
            "numbers: [\"+49 30 901820\"]\n",
            "buttons: [1, 2]\n",
            "x: [10:00, 12:00]\n",
            "x: [1, 2, 3, 4, 5, 6, 7]\n",
            "registrations: {retries: 2}\n",
            "x: {a: 10, b: 12}\n",
        ] {
            let (node, secrets, _) = read(text);
            assert!(secrets.is_empty(), "{text:?}");
            assert!(!node.unwrap().entries()[0].value.holds_pin(), "{text:?}");
        }
    }

    #[test]
    fn a_list_or_mapping_used_as_a_key_is_masked_with_its_value() {
        for text in [
            "[481516]: x\n",
            "k: {a: b, [481516]: x}\n",
            "k: {[4815, 16]: x}\n",
            "k: {{a: 481516}: x}\n",
            "k: {{[481516]: 1}: x}\n",
            "? [481516]\n: x\n",
            "?\n  - 481516\n: x\n",
            "? {a: 481516}\n: x\n",
        ] {
            let (node, secrets, problems) = read(text);
            assert!(node.is_ok(), "{text}");
            assert!(
                problems.iter().any(|p| p.kind == PlanKind::ComplexKey),
                "{text:?}: {problems:?}"
            );
            let masked = shown(text, &secrets);
            assert!(
                !masked.chars().any(|c| c.is_ascii_digit()) && !masked.contains('x'),
                "{text:?} -> {masked:?}"
            );
        }
        // An alias of something inside such a key is as secret as the key.
        let (node, _, _) = read("k: {[&p 481516]: x}\nname: *p\n");
        let node = node.unwrap();
        let name = node
            .entries()
            .into_iter()
            .find(|e| e.key.scalar().map(|s| s.0) == Some("name"))
            .unwrap();
        assert!(name.value.is_secret());
    }

    #[test]
    fn a_refused_tag_is_quoted_without_its_digit_runs() {
        assert_eq!(hide_digit_runs("!res481516ind"), "!res******ind");
        assert_eq!(hide_digit_runs("!v2-123-4815"), "!v2-123-****");
        assert_eq!(hide_digit_runs("!!str"), "!!str");
        // Found by fuzzing: a tag on the value of an unknown key was quoted whole.
        let (_, _, problems) = read("tel: !res481516ind x\n");
        let quoted: Vec<String> = problems
            .iter()
            .filter_map(|p| match &p.kind {
                PlanKind::UnsupportedTag { tag } => Some(tag.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(quoted, ["!res******ind"]);
    }

    #[test]
    fn only_the_refused_key_and_its_value_are_masked() {
        let text = "k: {region: eu, [481516]: x}\n";
        let (_, secrets, _) = read(text);
        assert_eq!(shown(text, &secrets), "k: {region: eu, ********: *}\n");
    }

    #[test]
    fn an_alias_of_a_secret_is_secret() {
        let text = "pin: &p 481516\nname: *p\n";
        let (node, _, _) = read(text);
        let node = node.unwrap();
        let name = node
            .entries()
            .into_iter()
            .find(|e| e.key.scalar().map(|s| s.0) == Some("name"))
            .unwrap();
        assert!(name.value.is_secret());
    }

    #[test]
    fn merge_keys_fill_in_missing_keys_only() {
        let text = "base: &b {a: 1, b: 2}\nm:\n  <<: *b\n  b: 3\n";
        let (node, _, problems) = read(text);
        assert!(problems.is_empty());
        let node = node.unwrap();
        let m = node
            .entries()
            .into_iter()
            .find(|e| e.key.scalar().map(|s| s.0) == Some("m"))
            .unwrap();
        let pairs: Vec<(String, String)> = m
            .value
            .entries()
            .iter()
            .map(|e| {
                (
                    e.key.scalar().unwrap().0.to_string(),
                    e.value.scalar().unwrap().0.to_string(),
                )
            })
            .collect();
        assert_eq!(pairs, [("b".into(), "3".into()), ("a".into(), "1".into())]);
    }

    #[test]
    fn a_mapping_written_in_place_is_refused_as_a_merge() {
        // Merged, the keys the mapping sets itself would hide the written-in-place ones from
        // every check (a PIN in one passed `check`); an anchored mapping is checked where it is.
        for text in [
            "m:\n  <<: {a: 1, b: 2}\n  b: 3\n",
            "base: &b {a: 1}\nm:\n  <<: [*b, {c: 2}]\n",
        ] {
            let (_, _, problems) = read(text);
            assert_eq!(problems.len(), 1, "{text}");
            assert!(
                matches!(problems[0].kind, PlanKind::BadMerge { in_place: true }),
                "{text}"
            );
        }
        let (_, _, problems) = read("m:\n  <<: [1, 2]\n");
        assert_eq!(problems.len(), 2);
        assert!(matches!(
            problems[0].kind,
            PlanKind::BadMerge { in_place: false }
        ));
    }

    #[test]
    fn a_repeated_key_or_merge_key_is_reported() {
        let (_, _, problems) = read("a: 1\na: 2\n");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].first.unwrap().line, 1);
        let (_, _, problems) = read("b: &b {x: 1}\nm:\n  <<: *b\n  <<: *b\n");
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn an_alias_bomb_is_refused_quickly() {
        use std::fmt::Write as _;
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=9 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            let _ = writeln!(text, "a{level}: &a{level} [{refs}]");
        }
        let started = std::time::Instant::now();
        let (node, _, _) = read(&text);
        let stop = node.expect_err("refused");
        assert!(matches!(
            stop.kind,
            PlanKind::InputTooComplex {
                limit: Limit::Aliases { nested: true }
            }
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn a_fleet_that_merges_defaults_into_every_number_is_read() {
        use std::fmt::Write as _;
        // A block of defaults of about fifty nodes, merged into 30,000 numbers: 1.5 million
        // nodes through aliases for about 150,000 written, as a fleet written by a script is.
        let mut text = String::from("defaults: &d\n");
        for i in 0..24 {
            let _ = writeln!(text, "  k{i}: v{i}");
        }
        text.push_str("numbers:\n");
        for i in 0..30_000 {
            let _ = writeln!(text, "  - <<: *d\n    number: '+4930{i:07}'");
        }
        let (node, _, problems) = read(&text);
        assert!(node.is_ok(), "{:?}", node.err());
        assert!(problems.is_empty());
        // The same defaults merged ten times into each number is no longer a repeat.
        let text = text.replace(
            "  - <<: *d\n",
            "  - <<: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
        );
        let (node, _, _) = read(&text);
        let stop = node.expect_err("refused");
        assert!(matches!(
            stop.kind,
            PlanKind::InputTooComplex {
                limit: Limit::Aliases { nested: false }
            }
        ));
    }

    #[test]
    fn collections_span_to_their_end() {
        let text = "a:\n  b: 1\n  c: [2, 3]\nd: 4\n";
        let (node, _, _) = read(text);
        let node = node.unwrap();
        let a = &node.entries()[0].value;
        let covered = &text[a.span.range()];
        assert!(covered.contains("c: [2, 3]"), "{covered:?}");
        assert!(!covered.contains("d: 4"), "{covered:?}");
    }
}
