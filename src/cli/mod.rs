//! The command line: argument parsing, reading the plan, printing, and exit codes. This is the
//! only module that writes to stdout/stderr or decides how the process exits; each subcommand
//! has its own file.
//!
//! Exit codes: 0 ready for cutover (or a valid plan for `check`), 1 invalid plan or failure,
//! 2 command-line usage error, 3 valid plan but at least one number is blocked. A closed pipe on
//! stdout or stderr never changes the exit code.

/// The forms every `--at` reads, for its `--help` (one text, so the subcommands agree).
macro_rules! at_forms {
    () => {
        "RFC 3339 (`2026-12-01T22:00:00+01:00`), local time in the plan's time zone \
         (`2026-12-01T22:00`), local time in a named IANA zone (`2026-12-01T22:00 Europe/Berlin`, \
         or RFC 9557's `2026-12-01T22:00[Europe/Berlin]`), or `now`"
    };
}

mod billing;
mod check;
mod checklist;
mod completions;
mod dry_run;
mod evaluated;
mod explain;
mod generate;
mod graph;
mod history;
mod init;
mod man;
mod record;
mod runbook;
mod schema;
mod status;
mod steps;

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::{Diagnostic, visible};
use crate::plan::load;
use crate::report::CheckReport;
use crate::report::text::plural;
use crate::source::SourceFile;

/// Exit code: the plan is invalid, or the tool failed.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: wrong command-line usage.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the plan is valid but at least one number is blocked.
pub const EXIT_BLOCKED: u8 = 3;
/// Exit code: nothing waits for an action, but the plan does not hold in time.
pub const EXIT_LATE: u8 = 4;

const AFTER_HELP: &str = "\
Exit codes:
  0  ready for cutover (dry-run, status: no number is blocked and the plan holds in time); the
     plan is valid, warnings allowed (check); written or done, whether or not the plan is ready
     (graph, runbook, checklist, init, record, journal, explain, steps: only dry-run and status
     are gates)
  1  invalid plan or journal, or one that cannot be read (every problem printed as error[code],
     with file:line:column wherever there is a place to point at); record refused the event (it
     cannot have happened, or the plan changed since the journal's last event); init --from-csv
     found problems in the spreadsheet (no plan is written) or init -o would overwrite a file;
     explain matched nothing (a search that found nothing, with the nearest known code on
     stderr, not a usage error); or the tool failed (an output file that cannot be written)
  2  command-line usage error (unknown flag or subcommand, bad --format, --number not in the
     plan, bad --at, an -o naming the plan, its journal or a folder, explain without a query)
  3  valid plan, but at least one number is blocked (a step is ready for someone to act, or
     blocking steps are still under way), or it lists no numbers yet (numbers: [] is a valid
     draft for check, never ready), or a value is still a placeholder wamigrate init wrote
     (TODO-region, ...: valid for check, never ready) (dry-run, status)
  4  the plan does not hold in time (a window that cannot hold or has passed, a downtime running
     past its longest estimate, the expected downtime over budget, a registration Meta's quota
     would refuse, a new display name's approval that lapses before the registration; status
     also a downtime running past the budget), and no blocking step is ready for someone to act
     on (that would be 3; a cutover step under way may be) (dry-run, status)

Examples:
  wamigrate check plans/bsp.yaml
  wamigrate dry-run plans/fleet.yaml --at 2026-11-25T12:00
  wamigrate dry-run plans/fleet.yaml --format json --number '+49 40 3003 9900'
  wamigrate dry-run plans/fleet.yaml --owner genesys
  wamigrate steps --source engage
  wamigrate explain 133005
  wamigrate status plans/bsp.yaml
  wamigrate init --source bsp --number \"+49 30 901820\" --partner 360dialog

Docs: docs/plan-format.md (the plan), docs/steps.md (the step catalogue),
docs/json-output.md (the JSON contract), docs/diagnostics.md (every error code),
docs/journal.md (recording progress: record, status, billing, journal).";

/// Plan and dry-run WhatsApp Business number migrations onto Genesys Cloud.
///
/// wamigrate reads a YAML migration plan (one number or a fleet), compiles it into a dependency
/// graph of steps from each source's known prerequisites, and tells what still blocks the
/// cutover and who must act, how long each number will be down, and who is billed before and
/// after the hand-over.
#[derive(Debug, Parser)]
#[command(name = "wamigrate", version, after_help = AFTER_HELP, max_term_width = 100)]
pub struct Cli {
    /// When to use colour: auto (a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Colour choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour on a terminal, unless `NO_COLOR` or `CLICOLOR=0` is set (`CLICOLOR_FORCE=1` forces it; `NO_COLOR` wins).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// JSON for programs (contract: docs/json-output.md; record, status, billing and journal:
    /// docs/journal.md).
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a plan and report every problem, located (`file:line:column`) and coded: as
    /// text, JSON, GitHub workflow annotations (`--format github`) or SARIF (`--format sarif`).
    Check(check::Args),
    /// Evaluate a plan: what blocks cutover and who must act, by when, downtime, billing.
    #[command(name = "dry-run")]
    DryRun(dry_run::Args),
    /// Draw the plan's dependency graph as Graphviz DOT or Mermaid: one cluster per number
    /// (numbers that read the same share one), the fleet steps, status colours, the critical
    /// path and the downtime window. A plan whose only errors are dependency cycles is drawn
    /// too, cycles in red (and exits 1).
    ///
    /// Example: `wamigrate graph plan.yaml | dot -Tsvg > plan.svg`.
    ///
    /// Exits 0 once drawn, whether or not the plan is ready (`dry-run` is the gate), 1 for an
    /// invalid plan, 2 for a usage error.
    Graph(graph::Args),
    /// Write the runbook: every step in dependency order, parallel steps together, owners,
    /// durations, earliest starts and due dates, downtime and billing hand-over called out.
    ///
    /// Example: `wamigrate runbook plan.yaml --format markdown > runbook.md`. One party's steps,
    /// by due date: `wamigrate dry-run plan.yaml --owner PARTY`.
    ///
    /// Exits 0 once written, whether or not the plan is ready (`dry-run` is the gate), 1 for an
    /// invalid plan, 2 for a usage error.
    Runbook(runbook::Args),
    /// Write the printable sign-off checklist (HTML for A4 or Letter, or Markdown): overview,
    /// steps by phase and number with owners, dates and sign-off lines, a go/no-go gate.
    ///
    /// Example: `wamigrate checklist plan.yaml -o checklist.html`. One party's steps, by due
    /// date: `wamigrate dry-run plan.yaml --owner PARTY`.
    ///
    /// Exits 0 once written, whether or not the plan is ready (`dry-run` is the gate), 1 for an
    /// invalid plan or a file that cannot be written, 2 for a usage error.
    Checklist(checklist::Args),
    /// Record progress in the plan's journal: a step started, done, failed, skipped or undone,
    /// when and by whom. Refuses what cannot have happened (prerequisites not done, a time
    /// before them or in the future) unless `--force REASON`.
    ///
    /// Example: `wamigrate record plan.yaml +4930901820 save-integration --done --by j.doe`.
    Record(record::Args),
    /// Live status of every number from the plan and its journal: state, the step under way
    /// and since when, downtime so far against the expectation and the budget, what is next
    /// and who acts.
    ///
    /// Example: `wamigrate status plan.yaml` (also `--number`, `--at`, `--format json`).
    Status(status::Args),
    /// Who is billed for a message sent at a moment, per number (messages sent before the
    /// hand-over stay with the old payer, even when delivered after).
    ///
    /// Example: `wamigrate billing plan.yaml --at 2026-12-05T22:10`.
    Billing(billing::Args),
    /// The journal's history, readable: every event in the order it happened, with who, why
    /// and where it is written; torn, bad and conflicting lines reported.
    ///
    /// Example: `wamigrate journal plan.yaml --format json`.
    // `history` is what people reach for first (git log, shell history): it names the same view.
    #[command(visible_alias = "history")]
    Journal(history::Args),
    /// Write a commented first plan to complete: one number of one source kind (`--source`),
    /// or one number per row of a spreadsheet (`--from-csv`). Never holds a PIN.
    ///
    /// Example: `wamigrate init --source bsp --number "+49 30 901820" > plan.yaml`.
    Init(init::Args),
    /// List the step catalogue: every step of each source kind, with owner, phase and sources.
    ///
    /// Example: `wamigrate steps --source bsp` (or `--format json`).
    ///
    /// Exits 0, or 2 for a usage error (a source kind it does not know).
    Steps(steps::Args),
    /// Explain a WhatsApp, Meta or Genesys Cloud error (`131026`, "unknown error saving
    /// integration") or one of wamigrate's diagnostic codes: what it means during a migration,
    /// what to do, and which step prevents it.
    Explain(explain::Args),
    /// Write a realistic example fleet plan of any size (every source kind, templates, custom
    /// steps), to try wamigrate at scale.
    ///
    /// Example: `wamigrate generate --numbers 10000 > fleet-10k.yaml && wamigrate dry-run fleet-10k.yaml`.
    ///
    /// Exits 0 once written, 2 for a usage error (`--numbers` out of range).
    Generate(generate::Args),
    /// Print the JSON Schema (draft-07) of the plan format, for editors' YAML language servers.
    ///
    /// Example: `wamigrate schema > plan.schema.json`, then put
    /// `# yaml-language-server: $schema=plan.schema.json` at the top of a plan.
    ///
    /// Exits 0.
    Schema,
    /// Print a shell completion script.
    ///
    /// Example: `wamigrate completions bash > /etc/bash_completion.d/wamigrate`.
    ///
    /// Exits 0, or 2 for a shell it does not know.
    Completions(completions::Args),
    /// Print the man page (roff), every subcommand and option included.
    ///
    /// Example: `wamigrate man | man -l -`.
    ///
    /// Exits 0.
    Man,
}

/// Where output goes. A reader that went away (`| head`) is not an error: output to it stops,
/// quietly, and the exit code still reports the result. Values found to be secrets are masked
/// in everything written, as a second guard behind the snippets' masking.
pub struct Out {
    stdout: anstream::AutoStream<io::Stdout>,
    stderr: anstream::AutoStream<io::Stderr>,
    /// Whether stdout takes colour (resolved once from `--color` and the environment).
    stdout_colored: bool,
    stdout_closed: bool,
    stderr_closed: bool,
    secrets: Secrets,
}

/// Whether a byte may be part of a JSON number.
fn is_json_number_byte(b: u8) -> bool {
    b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
}

/// The most bytes of values to mask that [`Secrets`] searches with a DFA (the fastest search,
/// but built in time quadratic in a value's length when it repeats itself): a plan's PINs and
/// six-digit values take a few dozen bytes each.
const DFA_VALUES_MAX: usize = 4096;

/// The values to mask in everything written, and one automaton that finds them all in a single
/// pass: a hostile plan can hold tens of thousands (each value under an unknown key that looks
/// like a PIN), and a search per value over every line written was quadratic.
#[derive(Default)]
struct Secrets {
    values: Vec<String>,
    known: std::collections::HashSet<String>,
    finder: Option<aho_corasick::AhoCorasick>,
}

impl Secrets {
    fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Adds values (empty ones and repeats aside) and rebuilds the finder once.
    fn add(&mut self, values: Vec<String>) {
        let before = self.values.len();
        for v in values {
            if !v.is_empty() && self.known.insert(v.clone()) {
                self.values.push(v);
            }
        }
        if self.values.len() != before {
            // Built from a few short needles, it cannot fail; without it nothing is found,
            // and `contains` below says so (a value not masked is never silently passed).
            // A DFA (what the builder picks for up to 100 values) follows each state's chain of
            // failures for every byte: quadratic in a long value that repeats itself (a line of
            // 33,000 `١ ` in a comment took 24 s). Past a few kilobytes of values, an NFA,
            // built and searched in linear time.
            let kind = (self.values.iter().map(String::len).sum::<usize>() > DFA_VALUES_MAX)
                .then_some(aho_corasick::AhoCorasickKind::ContiguousNFA);
            self.finder = aho_corasick::AhoCorasick::builder()
                .kind(kind)
                .build(&self.values)
                .ok();
        }
    }

    /// Whether `text` holds any value.
    fn found_in(&self, text: &[u8]) -> bool {
        match &self.finder {
            Some(finder) => finder.is_match(text),
            None => self
                .values
                .iter()
                .any(|v| memchr::memmem::find(text, v.as_bytes()).is_some()),
        }
    }

    /// The longest value's length (what a secret split between two writes may span).
    fn longest(&self) -> usize {
        self.values.iter().map(String::len).max().unwrap_or(0)
    }

    /// Replaces every occurrence of every value in `bytes` with as many `*` (one per byte),
    /// overlapping ones included.
    fn mask(&self, bytes: &mut [u8]) {
        let ranges: Vec<std::ops::Range<usize>> = match &self.finder {
            Some(finder) => finder
                .find_overlapping_iter(&*bytes)
                .map(|m| m.range())
                .collect(),
            None => Vec::new(),
        };
        for r in ranges {
            bytes[r].fill(b'*');
        }
        if self.finder.is_none() {
            mask_secrets(bytes, &self.values);
        }
    }
}

impl Secrets {
    /// Whether no value could be (part of) a JSON number or break a string: each has a byte a
    /// number never holds, and none a quote or a backslash (what JSON writes escaped).
    fn never_in_a_json_number(&self) -> bool {
        self.values.iter().all(|v| {
            v.bytes().any(|b| !is_json_number_byte(b))
                && !v.bytes().any(|b| b == b'"' || b == b'\\')
        })
    }

    /// `json` with every secret masked, still JSON: inside a string each byte of a secret becomes
    /// `*` (escapes kept whole); a secret within a number turns the number into a string of as
    /// many `*` (a line number that happens to equal a PIN must not show it, nor break the
    /// document).
    fn mask_json(&self, json: &[u8]) -> Vec<u8> {
        let mut masked = json.to_vec();
        // Which bytes lie inside a string literal, and which are part of an escape.
        let mut in_string = vec![false; json.len()];
        let mut escaped = vec![false; json.len()];
        // Bytes of an escape still to come: the one after `\`, and the four hex digits of `\u`.
        let (mut inside, mut escape) = (false, 0usize);
        for (i, &b) in json.iter().enumerate() {
            if inside {
                if escape > 0 {
                    escaped[i] = true;
                    escape -= 1;
                    if b == b'u' && escape == 0 && i > 0 && json[i - 1] == b'\\' {
                        escape = 4;
                    }
                } else if b == b'\\' {
                    escaped[i] = true;
                    escape = 1;
                } else if b == b'"' {
                    inside = false;
                    continue;
                }
                in_string[i] = true;
            } else if b == b'"' {
                inside = true;
            }
        }
        self.mask(&mut masked);
        // Numbers to quote: each masked byte outside strings, widened to its number.
        let mut quote = vec![false; json.len()];
        for i in 0..json.len() {
            if masked[i] == json[i] {
                continue;
            }
            if in_string[i] {
                if escaped[i] {
                    // An escape stays whole.
                    masked[i] = json[i];
                }
                continue;
            }
            let (mut start, mut end) = (i, i + 1);
            while start > 0 && !in_string[start - 1] && is_json_number_byte(json[start - 1]) {
                start -= 1;
            }
            while end < json.len() && !in_string[end] && is_json_number_byte(json[end]) {
                end += 1;
            }
            quote[start..end].fill(true);
        }
        let mut out = Vec::with_capacity(masked.len() + 16);
        let mut i = 0;
        while i < masked.len() {
            if quote[i] {
                let start = i;
                while i < masked.len() && quote[i] {
                    i += 1;
                }
                out.push(b'"');
                out.resize(out.len() + (i - start), b'*');
                out.push(b'"');
            } else {
                out.push(masked[i]);
                i += 1;
            }
        }
        out
    }
}

fn swallow_broken_pipe(result: io::Result<()>, closed: &mut bool) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
            *closed = true;
            Ok(())
        }
        other => other,
    }
}

impl Out {
    /// Masks every secret value in `text`.
    fn scrub<'t>(&self, text: &'t str) -> std::borrow::Cow<'t, str> {
        if !self.secrets.found_in(text.as_bytes()) {
            return std::borrow::Cow::Borrowed(text);
        }
        let mut bytes = text.as_bytes().to_vec();
        self.secrets.mask(&mut bytes);
        // Whole secrets (whole characters) became `*`: still UTF-8.
        std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Writes data to stdout.
    pub fn data(&mut self, text: &str) -> io::Result<()> {
        if self.stdout_closed {
            return Ok(());
        }
        let text = self.scrub(text);
        let result = self
            .stdout
            .write_all(text.as_bytes())
            .and_then(|()| self.stdout.flush());
        swallow_broken_pipe(result, &mut self.stdout_closed)
    }

    /// Writes diagnostics or messages to stderr.
    pub fn diag(&mut self, text: &str) -> io::Result<()> {
        self.write_stderr(text, false)
    }

    /// Writes `text` to stderr, masked; `plain` text (nothing to strip) goes to it straight
    /// rather than through the colour-stripping stream.
    fn write_stderr(&mut self, text: &str, plain: bool) -> io::Result<()> {
        if self.stderr_closed {
            return Ok(());
        }
        let text = self.scrub(text);
        let result = if plain {
            let mut stderr = io::stderr().lock();
            stderr
                .write_all(text.as_bytes())
                .and_then(|()| stderr.flush())
        } else {
            (self.stderr.write_all(text.as_bytes())).and_then(|()| self.stderr.flush())
        };
        swallow_broken_pipe(result, &mut self.stderr_closed)
    }

    /// Whether stderr takes colour (resolved once from `--color` and the environment):
    /// diagnostics are rendered plain when it does not.
    fn stderr_colored(&self) -> bool {
        self.stderr.current_choice() != anstream::ColorChoice::Never
    }

    /// Writes diagnostics rendered for stderr's colour choice: styled ones through the stream,
    /// plain ones straight to it, as there is nothing to strip (a fleet's check prints tens of
    /// thousands of warnings).
    fn diag_rendered(&mut self, text: &str) -> io::Result<()> {
        self.write_stderr(text, !self.stderr_colored())
    }

    /// Streams a value as pretty JSON to stdout: JSON has no colour to strip, and a 100k-number
    /// report is hundreds of MiB.
    pub fn json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        self.json_written(|w| crate::report::pretty::to_writer(w, value))
    }

    /// Streams JSON that `write` writes to stdout, like [`Out::json`] (for a report written in
    /// pieces, [`crate::report::Report::write_json`]).
    pub fn json_written(
        &mut self,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if self.secrets.is_empty() || self.secrets.never_in_a_json_number() {
            // Masked as it streams when there are secrets: none can be part of a number, so
            // each is inside a string, where `*` in place of its bytes keeps the document JSON
            // (a PIN learnt from a file's name, `pin/fleet-100000.yaml`, would otherwise hold
            // a 100k fleet's report whole: 5.8 GB).
            return self.stream(|w| {
                write(&mut *w)?;
                w.write_all(b"\n")
            });
        }
        // A plan with secrets is invalid, so its JSON is diagnostics only: masked whole, so it
        // stays JSON (a secret's digits in a number become a string of `*`).
        let mut bytes = Vec::new();
        write(&mut bytes)?;
        bytes.push(b'\n');
        let masked = self.secrets.mask_json(&bytes);
        self.stream(|w| w.write_all(&masked))
    }

    /// Streams a rendering to stdout, styled for it (plain when colour is off, so nothing has to
    /// be stripped).
    pub fn render(
        &mut self,
        render: impl FnOnce(crate::report::text::Styles, &mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let styles = if self.stdout_colored {
            crate::report::text::Styles::colored()
        } else {
            crate::report::text::Styles::plain()
        };
        self.stream(|w| render(styles, w))
    }

    /// Streams what `write` writes to stdout through a buffer on the locked stream (nothing to
    /// strip: what it writes is already styled for stdout). A plan with secrets is invalid and
    /// its output small: that is written whole, masked, through [`Out::data`].
    fn stream(&mut self, write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
        if self.stdout_closed {
            return Ok(());
        }
        let result = {
            let mut writer = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
            if self.secrets.is_empty() {
                write(&mut writer).and_then(|()| writer.flush())
            } else {
                // Masked as it goes, a block at a time: a fleet's report is too large to hold.
                let mut scrubbed = Scrubbed::new(&mut writer, &self.secrets);
                write(&mut scrubbed)
                    .and_then(|()| scrubbed.finish())
                    .and_then(|()| writer.flush())
            }
        };
        swallow_broken_pipe(result, &mut self.stdout_closed)
    }

    /// Writes what `write` writes to the file at `path`, created or replaced, masked as standard
    /// output is: a file written with `-o` shows nothing that standard output would hide (a
    /// PIN in the plan file's name, which every deliverable names).
    fn to_file(
        &self,
        path: &std::path::Path,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut writer = io::BufWriter::with_capacity(1 << 16, std::fs::File::create(path)?);
        if self.secrets.is_empty() {
            write(&mut writer)?;
        } else {
            let mut scrubbed = Scrubbed::new(&mut writer, &self.secrets);
            write(&mut scrubbed)?;
            scrubbed.finish()?;
        }
        writer.flush()
    }

    /// Learns the secrets of a plan file, to mask them in everything written from now on.
    pub fn learn_secrets(&mut self, file: &SourceFile) {
        self.add_secrets(file.secret_values());
    }

    /// Learns what in the command line surely is a PIN pasted in the wrong place (six digits
    /// next to a word naming a PIN, or in another script than ASCII), so no message that quotes
    /// an argument shows it (`explain "my pin is 482915"`, `--at ４８２９１５`), nor a file's name
    /// (`pin-482915.yaml`, `４８２９１５.yaml`), which every report and journal view shows. Six
    /// ASCII digits alone are not learnt: they are a count or a seed as often (`generate
    /// --numbers 100000`, `fleet-100000.yaml`), and masking them everywhere would change the data
    /// written; the messages that quote a value (`--at`, `--number`, `explain`) mask them
    /// themselves.
    fn learn_argument_secrets(&mut self, args: impl Iterator<Item = std::ffi::OsString>) {
        let mut found = Vec::new();
        let mut after_path_flag = false;
        for arg in args {
            let is_file = std::path::Path::new(&arg).is_file();
            let names_path = is_file || after_path_flag;
            after_path_flag = PATH_FLAGS.contains(&&*arg.to_string_lossy());
            let arg = arg.to_string_lossy();
            // A PIN typed over two lines (`--note $'482\n915'`): its pieces, however short.
            found.extend(crate::secret::pin_pieces_across_lines(&arg));
            found.extend(bare_pin_path_parts(&arg, names_path));
            // A path flag's value in the same argument (`--journal=482915`, `-o482915`).
            if let Some(value) = PATH_FLAGS
                .iter()
                .find_map(|flag| attached_value(&arg, flag))
            {
                found.extend(bare_pin_path_parts(value, true));
            }
            for r in crate::secret::pin_ranges(&arg) {
                // In a file's name, the PIN is masked with the letters, digits and dashes around
                // it (`pin-482915`, up to a `.`, `/` or `_`): the name is shown whole, while the
                // digits alone may be part of the data written (`+49 30 4829151`).
                let r = if is_file { name_part(&arg, r) } else { r };
                // SARIF writes a file's name as a URI, where digits other than ASCII ones are
                // percent-encoded: that spelling is the PIN too.
                let encoded = crate::report::sarif::uri(&arg[r.clone()]);
                if encoded != arg[r.clone()] {
                    found.push(encoded);
                }
                found.push(arg[r].to_string());
            }
        }
        self.add_secrets(found);
    }

    /// Adds values to mask.
    fn add_secrets(&mut self, values: Vec<String>) {
        self.secrets.add(values);
    }
}

/// The options whose value is a path (the plan's is a positional argument, or an existing file).
const PATH_FLAGS: &[&str] = &["--journal", "-o", "--output", "--from-csv"];

/// The value of `flag` written in the same argument, as clap reads it: `--journal=VALUE`, and
/// for a short flag `-oVALUE` or `-o=VALUE`. `None` when `arg` is not `flag` with a value.
fn attached_value<'a>(arg: &'a str, flag: &str) -> Option<&'a str> {
    let rest = arg.strip_prefix(flag)?;
    let value = if flag.starts_with("--") {
        rest.strip_prefix('=')?
    } else {
        rest.strip_prefix('=').unwrap_or(rest)
    };
    (!value.is_empty()).then_some(value)
}

/// The parts of a path that are six digits and nothing else (`482915.yaml`, `482 915/plan.yaml`),
/// each with the `.` or `/` after it, which every view of the path shows with it: masked as
/// such, the same digits in the data written (`+49 30 4829151`) stay shown. A last part with
/// nothing after it (`--journal 482915`) is masked bare, when `names_path` says the argument
/// is a path (not a count or a seed: `generate --numbers 100000`).
fn bare_pin_path_parts(arg: &str, names_path: bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut parts = arg.split('/').peekable();
    while let Some(part) = parts.next() {
        let last = parts.peek().is_none();
        let stem = part.split('.').next().unwrap_or(part);
        if !crate::secret::is_bare_pin(stem) {
            continue;
        }
        if stem.len() < part.len() {
            found.push(format!("{stem}."));
        } else if !last {
            found.push(format!("{stem}/"));
        } else if names_path {
            found.push(stem.to_string());
        }
    }
    // SARIF writes a name as a URI, where a space is `%20`: that spelling is the part too.
    let encoded: Vec<String> = found
        .iter()
        .map(|f| crate::report::sarif::uri(f))
        .filter(|e| !found.contains(e))
        .collect();
    found.extend(encoded);
    found
}

/// `range` of `name` grown over the letters, digits and dashes around it: characters that no
/// view escapes (Markdown escapes `_`, HTML `&`), so the view of a name holds the part whole.
fn name_part(name: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let plain = |c: char| c.is_alphanumeric() || c == '-';
    let start = name[..range.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| plain(c))
        .last()
        .map_or(range.start, |(i, _)| i);
    let end = name[range.end..]
        .char_indices()
        .find(|&(_, c)| !plain(c))
        .map_or(name.len(), |(i, _)| range.end + i);
    start..end
}

/// Replaces every occurrence of each secret in `bytes` with as many `*`, in the order given
/// (longest first, as [`Out`] keeps them): what [`Out::scrub`] and [`Scrubbed`] both do.
fn mask_secrets(bytes: &mut [u8], secrets: &[String]) {
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let finder = memchr::memmem::Finder::new(secret.as_bytes());
        let mut from = 0;
        while let Some(at) = finder.find(&bytes[from..]) {
            let start = from + at;
            bytes[start..start + secret.len()].fill(b'*');
            from = start + secret.len();
        }
    }
}

/// A writer that masks every secret value in what passes through it, one for one (each byte
/// of a secret becomes `*`), holding back only as many bytes as a secret is long, so a secret
/// split between two writes is masked too.
struct Scrubbed<'w> {
    inner: &'w mut dyn Write,
    secrets: &'w Secrets,
    pending: Vec<u8>,
    /// The longest secret's length less one: what may be the start of a secret still to come.
    keep: usize,
}

impl<'w> Scrubbed<'w> {
    fn new(inner: &'w mut dyn Write, secrets: &'w Secrets) -> Self {
        let keep = secrets.longest().max(1) - 1;
        Scrubbed {
            inner,
            secrets,
            pending: Vec::with_capacity(1 << 16),
            keep,
        }
    }

    /// Masks every secret held, then writes all but what could begin a secret (all, at the end).
    fn pass(&mut self, end: bool) -> io::Result<()> {
        self.secrets.mask(&mut self.pending);
        let cut = if end {
            self.pending.len()
        } else {
            self.pending.len().saturating_sub(self.keep)
        };
        self.inner.write_all(&self.pending[..cut])?;
        self.pending.drain(..cut);
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.pass(true)
    }
}

impl Write for Scrubbed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        if self.pending.len() >= 1 << 16 {
            self.pass(false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Resolves `--color` and the environment into one choice per stream: `--color` wins, then
/// `NO_COLOR` (any non-empty value), then `CLICOLOR_FORCE` (any value but `0`), then
/// `CLICOLOR=0`, then whether the stream is a terminal.
fn color_choice(when: ColorWhen, is_terminal: bool) -> anstream::ColorChoice {
    color_choice_in(when, is_terminal, |name| std::env::var_os(name))
}

/// [`color_choice`] with the environment read through `env` (a test's own environment).
fn color_choice_in(
    when: ColorWhen,
    is_terminal: bool,
    env: impl Fn(&str) -> Option<std::ffi::OsString>,
) -> anstream::ColorChoice {
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    let on = match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if let Some(force) = set("CLICOLOR_FORCE") {
                force != "0"
            } else if set("CLICOLOR").is_some_and(|v| v == "0") {
                // `CLICOLOR=0`: no colour even on a terminal (as clap's help already honours).
                false
            } else {
                is_terminal && env("TERM").is_none_or(|t| t != "dumb")
            }
        }
    };
    if on {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    }
}

/// Runs the CLI and returns the process exit code.
#[must_use]
pub fn main() -> ExitCode {
    // The thread that runs the command is one of the workers that share a fleet's per-number
    // work, rather than waiting on them: what it computes (its share) stays in the allocator's
    // main arena, which the memory freed by earlier stages is in. If this fails (a pool exists
    // already, or no thread can be started), rayon uses, or tries to build, its default pool.
    let _ = rayon::ThreadPoolBuilder::new()
        .use_current_thread()
        .build_global();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // `wamigrate` alone prints the help as a usage error: it is wamigrate's own text,
            // nothing typed is quoted in it, so its examples (`explain 133005`) stay readable.
            if err.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                let _ = write!(io::stderr(), "{}", err.render());
                return ExitCode::from(EXIT_USAGE);
            }
            if err.use_stderr() {
                // A usage error quotes what was typed: a PIN pasted in the wrong place must not
                // come back (digit groups of six or more are masked, as journal texts are).
                // Its controls are written out too (`--owner $'\u202e'`), line by line: the
                // line breaks between clap's own lines stay line breaks.
                let mut text = err.render().to_string();
                // Masked line by line, a PIN typed over two lines (`$'482\n915'`) would show
                // as two short runs: those runs are masked first.
                for arg in std::env::args_os().skip(1) {
                    for piece in crate::secret::pin_pieces_across_lines(&arg.to_string_lossy()) {
                        text = text.replace(&piece, &"*".repeat(piece.chars().count()));
                    }
                }
                let text: Vec<_> = text.split('\n').map(crate::journal::masked).collect();
                let _ = write!(io::stderr(), "{}", text.join("\n"));
                return ExitCode::from(EXIT_USAGE);
            }
            let _ = err.print();
            return ExitCode::from(0);
        }
    };
    let stdout_choice = color_choice(cli.color, io::stdout().is_terminal());
    let mut out = Out {
        stdout_colored: stdout_choice == anstream::ColorChoice::Always,
        stdout: anstream::AutoStream::new(io::stdout(), stdout_choice),
        stderr: anstream::AutoStream::new(
            io::stderr(),
            color_choice(cli.color, io::stderr().is_terminal()),
        ),
        stdout_closed: false,
        stderr_closed: false,
        secrets: Secrets::default(),
    };
    out.learn_argument_secrets(std::env::args_os().skip(1));
    match run(&cli, &mut out) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn run(cli: &Cli, out: &mut Out) -> io::Result<u8> {
    match &cli.command {
        Command::Check(args) => check::run(args, out),
        Command::DryRun(args) => dry_run::run(args, out),
        Command::Graph(args) => graph::run(args, out),
        Command::Runbook(args) => runbook::run(args, out),
        Command::Checklist(args) => checklist::run(args, out),
        Command::Record(args) => record::run(args, out),
        Command::Status(args) => status::run(args, out),
        Command::Billing(args) => billing::run(args, out),
        Command::Journal(args) => history::run(args, out),
        Command::Init(args) => init::run(args, out),
        Command::Steps(args) => steps::run(args, out),
        Command::Explain(args) => explain::run(args, out),
        Command::Generate(args) => generate::run(args, out),
        Command::Schema => schema::run(out),
        Command::Completions(args) => completions::run(args, out),
        Command::Man => man::run(out),
    }
}

/// Reads a plan file, or prints why it cannot be read (in `format`) and gives the exit code.
/// A file name as reports show it: control characters written out, never sent to a terminal
/// ([`crate::diagnostic::visible`]).
fn shown_path(path: &std::path::Path) -> String {
    crate::diagnostic::visible(&path.display().to_string()).into_owned()
}

fn read_plan(
    path: &std::path::Path,
    format: Format,
    out: &mut Out,
) -> io::Result<Result<SourceFile, u8>> {
    match load::read(path) {
        Ok(file) => Ok(Ok(file)),
        Err(unusable) => {
            let diagnostics = std::slice::from_ref(&unusable.diagnostic);
            match format {
                Format::Json => {
                    out.json(&CheckReport::new(&unusable.file.name, diagnostics, None))?;
                }
                Format::Text => print_diagnostics(out, &unusable.file, diagnostics)?,
            }
            Ok(Err(EXIT_INVALID))
        }
    }
}

/// Prints diagnostics to stderr, then a closing line when there are errors.
fn print_diagnostics(
    out: &mut Out,
    file: &SourceFile,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    print_some_diagnostics(out, file, diagnostics, errors, diagnostics.len() - errors)
}

/// How many diagnostics are rendered before they are written (about 1.5 MB of text).
const DIAGNOSTICS_WRITTEN_AT_ONCE: usize = 4096;

/// Prints `diagnostics` (some of a file's) to stderr, then a closing line counting all of them
/// (`errors` and `warnings`) when there are errors.
fn print_some_diagnostics(
    out: &mut Out,
    file: &SourceFile,
    diagnostics: &[Diagnostic],
    errors: usize,
    warnings: usize,
) -> io::Result<()> {
    // Rendered on every core, in order, and written a batch at a time: a fleet's check has tens
    // of thousands of warnings, whose text all at once would be tens of MB more at the peak.
    let colored = out.stderr_colored();
    for batch in diagnostics.chunks(DIAGNOSTICS_WRITTEN_AT_ONCE) {
        let text: String = batch
            .par_chunks(256)
            .map(|chunk| {
                let mut text = String::new();
                for d in chunk {
                    text.push_str(&d.render_styled(file, colored));
                    text.push('\n');
                }
                text
            })
            .collect();
        out.diag_rendered(&text)?;
    }
    if errors > 0 {
        let warnings = if warnings > 0 {
            format!(", {}", plural(warnings, "warning", "warnings"))
        } else {
            String::new()
        };
        // A file that is not there, or not readable, was never read: "invalid" sends the
        // reader looking for a mistake in it.
        let unread = diagnostics.iter().filter(|d| d.is_error()).all(|d| {
            matches!(
                d.code(),
                "unreadable-file" | "journal-unreadable" | "csv-unreadable"
            )
        });
        let closing = if unread {
            format!("error: {} cannot be read\n", file.name)
        } else {
            format!(
                "error: {} is invalid: {}{warnings}\n",
                file.name,
                plural(errors, "error", "errors")
            )
        };
        out.diag_rendered(&closing)?;
    }
    Ok(())
}

/// How many journal problems are printed before the rest are counted instead: a merge gone wrong
/// can leave thousands, and the first few say what happened.
const JOURNAL_PROBLEMS_SHOWN: usize = 20;

/// Prints a journal's problems like [`print_diagnostics`], the first
/// [`JOURNAL_PROBLEMS_SHOWN`] in full and the rest as a count.
fn print_journal_problems(
    out: &mut Out,
    journal: &crate::journal::read::Journal,
    problems: &[Diagnostic],
    unlisted: crate::journal::read::Unlisted,
    plan: &str,
) -> io::Result<()> {
    let shown = problems.len().min(JOURNAL_PROBLEMS_SHOWN);
    // The journal's text is not kept: the lines these problems show are read again.
    let (file, placed) = journal.snippets(&problems[..shown]);
    let errors = problems.iter().filter(|d| d.is_error()).count() + unlisted.errors;
    let warnings = problems.len() + unlisted.count - errors;
    print_some_diagnostics(out, &file, &placed, errors, warnings)?;
    let rest = problems.len() - shown + unlisted.count;
    if rest > 0 {
        let errors = problems[shown..].iter().filter(|d| d.is_error()).count() + unlisted.errors;
        // The same journal, when it is not the one beside the plan.
        let named = if crate::journal::path_for(std::path::Path::new(plan))
            .is_some_and(|p| p.display().to_string() == journal.name)
        {
            String::new()
        } else {
            format!(" --journal {}", journal.name)
        };
        out.diag(&format!(
            "... and {rest} more journal problems ({errors} errors); `wamigrate journal {plan}{named} --format json` lists them\n"
        ))?;
    }
    Ok(())
}

/// Whether writing to `output` would overwrite one of `inputs` (the same file, however each
/// path is spelled, and under any of its names: a hard link is the file itself): the plan or
/// journal a checklist was made from, the CSV a plan is drafted from.
pub(super) fn overwrites_an_input(output: &std::path::Path, inputs: &[&std::path::Path]) -> bool {
    let Ok(output) = std::fs::canonicalize(output) else {
        // No such file yet: nothing to overwrite.
        return false;
    };
    let output_file = std::fs::metadata(&output).ok();
    inputs
        .iter()
        .filter_map(|input| std::fs::canonicalize(input).ok())
        .any(|input| {
            input == output
                || output_file.as_ref().is_some_and(|out| {
                    std::fs::metadata(&input).is_ok_and(|input| same_file(out, &input))
                })
        })
}

/// Whether two files' metadata are of one file: the same device and inode, whatever the names.
#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

/// Elsewhere only the canonical paths tell files apart.
#[cfg(not(unix))]
fn same_file(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    false
}

/// Whether `a` and `b` name the same place, even when neither file exists yet: each is resolved
/// through its directory (which must exist) and compared with its file name; a symbolic link to
/// a file not there yet is followed to where writing through it would create the file.
pub(super) fn same_place(a: &std::path::Path, b: &std::path::Path) -> bool {
    fn resolved(path: &std::path::Path) -> Option<std::path::PathBuf> {
        let mut path = path.to_path_buf();
        // As many links as the system itself follows before it gives up (Linux's 40).
        for _ in 0..40 {
            if let Ok(full) = std::fs::canonicalize(&path) {
                return Some(full);
            }
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            // `canonicalize` fails on a dangling link, yet `File::create` writes through it.
            let Ok(target) = std::fs::read_link(&path) else {
                let name = path.file_name()?;
                return Some(std::fs::canonicalize(dir).ok()?.join(name));
            };
            path = dir.join(target);
        }
        None
    }
    matches!((resolved(a), resolved(b)), (Some(a), Some(b)) if a == b)
}

/// The `-o FILE` of a deliverable (`graph`, `runbook`, `checklist`).
#[derive(Debug, clap::Args)]
pub struct OutputArg {
    /// Write to this file instead of standard output (`-`: standard output); a file that exists
    /// is replaced (unlike `init -o`), but never the plan or its journal.
    #[arg(short = 'o', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<std::path::PathBuf>,
}

impl OutputArg {
    /// The file to write, if any: `-o -` names standard output, as `-` names standard input
    /// wherever a file is read.
    fn file(&self) -> Option<&std::path::Path> {
        self.output.as_deref().filter(|o| o.as_os_str() != "-")
    }

    /// Refuses (exit 2) an `-o` that names the plan, its journal, or where its journal will be
    /// kept, before anything is read: a `what` written there would destroy the plan or its
    /// history. `None` when the output may be written.
    pub(super) fn refuse_inputs(
        &self,
        what: &str,
        example: &str,
        plan: &std::path::Path,
        journal: &evaluated::JournalArg,
        out: &mut Out,
    ) -> io::Result<Option<u8>> {
        let Some(output) = self.file() else {
            return Ok(None);
        };
        let help = format!("write the {what} to another file, say `-o {example}`");
        // A name that is not UTF-8 is shown with U+FFFD, as the plan's is.
        let shown = output.to_string_lossy();
        // Said before the plan is read, rather than "Is a directory (os error 21)" after.
        if output.is_dir() {
            return output_is_a_folder(out, output, example).map(Some);
        }
        let mut inputs = vec![std::path::Path::new(plan)];
        let journal_path = journal.path(plan);
        inputs.extend(journal_path.as_deref());
        if overwrites_an_input(output, &inputs) {
            let message =
                format!("`-o {shown}` is an input of this {what}: writing it would overwrite it");
            return usage_error(out, &message, Some(&help)).map(Some);
        }
        // The journal beside the plan may not exist yet: `record` creates it there, and every
        // report reads it, so a deliverable written there would be read as a broken journal.
        let journals = [crate::journal::path_for(plan), journal.journal.clone()];
        if journals.iter().flatten().any(|j| same_place(output, j)) {
            let message = format!(
                "`-o {shown}` is where this plan's journal is kept (`record` writes it, every report reads it): a {what} there would be read as a broken journal"
            );
            return usage_error(out, &message, Some(&help)).map(Some);
        }
        Ok(None)
    }

    /// Writes what `write` writes to the `-o` file, or to standard output without one: exit 0,
    /// or 1 when the file cannot be written.
    pub(super) fn deliver(
        &self,
        out: &mut Out,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<u8> {
        match self.file() {
            None => out.render(|_, w| write(w))?,
            Some(path) => {
                if let Err(e) = out.to_file(path, write) {
                    out.diag(&format!("error: cannot write {}: {e}\n", path.display()))?;
                    return Ok(EXIT_INVALID);
                }
            }
        }
        Ok(0)
    }
}

/// The usage error (exit 2) for an `-o` that names a folder, with a file `example` in it to name
/// instead: "Is a directory" says what went wrong, not what to type.
pub(super) fn output_is_a_folder(
    out: &mut Out,
    output: &std::path::Path,
    example: &str,
) -> io::Result<u8> {
    // A name that is not UTF-8 is shown with U+FFFD, as the plan's is.
    let message = format!(
        "`-o {}` is a folder, not a file",
        visible(&output.to_string_lossy())
    );
    let help = format!(
        "name a file in it, say `-o {}`",
        visible(&output.join(example).to_string_lossy())
    );
    usage_error(out, &message, Some(&help))
}

/// Prints a usage error (exit 2), with a help line when there is one.
pub(super) fn usage_error(out: &mut Out, message: &str, help: Option<&str>) -> io::Result<u8> {
    // Both quote what was typed (an argument, a file name): its controls are written out.
    let help = help
        .map(|h| format!("\nhelp: {}\n", visible(h)))
        .unwrap_or_default();
    out.diag(&format!(
        "error: {}{help}\nFor more information, try '--help'.\n",
        visible(message)
    ))?;
    Ok(EXIT_USAGE)
}

/// A source kind on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceArg {
    /// Genesys Engage.
    Engage,
    /// Another solution partner.
    Bsp,
    /// Another Genesys Cloud region or org.
    Genesys,
    /// WhatsApp phone app.
    App,
    /// A new number.
    New,
    /// A number already in the destination org that changes its display name.
    #[value(name = "name_change")]
    NameChange,
}

impl From<SourceArg> for crate::catalog::SourceKind {
    fn from(s: SourceArg) -> crate::catalog::SourceKind {
        use crate::catalog::SourceKind;
        match s {
            SourceArg::Engage => SourceKind::Engage,
            SourceArg::Bsp => SourceKind::Bsp,
            SourceArg::Genesys => SourceKind::Genesys,
            SourceArg::App => SourceKind::App,
            SourceArg::New => SourceKind::New,
            SourceArg::NameChange => SourceKind::NameChange,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_streams_masked_only_when_no_secret_can_be_part_of_a_number() {
        // A secret that could sit in a number must be masked by `mask_json`, which quotes the
        // number it is in; one with a letter or a non-ASCII digit is always inside a string.
        let streams = |values: &[&str]| {
            let mut secrets = Secrets::default();
            secrets.add(values.iter().map(ToString::to_string).collect());
            secrets.never_in_a_json_number()
        };
        assert!(streams(&[
            "fleet-100000",
            "pin-482915",
            "\u{ff14}\u{ff18}\u{ff12}"
        ]));
        for held in ["482915", "-482915", "4.8e2915", "pin\"482915", "a\\482915"] {
            assert!(!streams(&["pin-482915", held]), "{held}");
        }
        // Streamed, a secret in a string is masked byte for byte, and the document stays JSON.
        let mut secrets = Secrets::default();
        secrets.add(vec!["fleet-100000".to_string()]);
        let mut out = Vec::new();
        {
            let mut scrubbed = Scrubbed::new(&mut out, &secrets);
            scrubbed
                .write_all(br#"{"file": "pin/fleet-100000.yaml", "numbers": 100000}"#)
                .unwrap();
            scrubbed.finish().unwrap();
        }
        let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
        assert_eq!(json["file"], "pin/************.yaml");
        assert_eq!(json["numbers"], 100_000);
    }

    proptest::proptest! {
        /// However the output is cut into writes, every secret is masked exactly as masking
        /// the whole text at once does, and nothing else changes.
        #[test]
        fn output_is_masked_the_same_whatever_the_writes(
            text in "[0-9a-c ]{0,300}",
            cuts in proptest::collection::vec(0_usize..300, 0..12),
        ) {
            let values = vec!["482915".to_string(), "4 8 2".to_string(), "1a".to_string()];
            let mut secrets = Secrets::default();
            secrets.add(values.clone());
            let mut whole = text.clone();
            for s in &values {
                whole = whole.replace(s.as_str(), &"*".repeat(s.len()));
            }
            let mut out = Vec::new();
            {
                let mut scrubbed = Scrubbed::new(&mut out, &secrets);
                let mut cuts: Vec<usize> = cuts.into_iter().filter(|c| *c <= text.len()).collect();
                cuts.sort_unstable();
                let mut from = 0;
                for c in cuts.into_iter().chain([text.len()]) {
                    scrubbed.write_all(&text.as_bytes()[from..c]).unwrap();
                    // Force a pass at every cut, as a full block would.
                    scrubbed.pass(false).unwrap();
                    from = c;
                }
                scrubbed.finish().unwrap();
            }
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), whole);
        }
    }

    use proptest::strategy::Strategy as _;

    #[test]
    fn a_long_value_that_repeats_itself_is_learnt_and_masked_in_linear_time() {
        // A line of digits of another script is one secret value as long as the line: the
        // finder built for it was a DFA, built in time quadratic in such a value (a comment of
        // 33,000 `١ ` took 24 s to check). Sixteen times the value must take about sixteen
        // times as long, not 256 (the best of three runs each, to be fair to a busy machine).
        let took = |value: &str| {
            (0..3)
                .map(|_| {
                    let started = std::time::Instant::now();
                    let mut secrets = Secrets::default();
                    secrets.add(vec![value.to_string(), "482915".to_string()]);
                    let mut text = format!("x {value} y 482915").into_bytes();
                    secrets.mask(&mut text);
                    assert!(secrets.found_in(value.as_bytes()));
                    assert!(!text.iter().any(|b| *b >= 0x80 || b.is_ascii_digit()));
                    started.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        for unit in ["\u{661} ", "\u{661}", "\u{ff11}\u{ff12} ", "1 "] {
            let small = took(&unit.repeat(1_500));
            let large = took(&unit.repeat(24_000));
            assert!(
                large < small.max(std::time::Duration::from_millis(2)) * 64,
                "{unit:?}: {small:?} for 1,500, {large:?} for 24,000"
            );
        }
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment_then_the_terminal() {
        use anstream::ColorChoice::{Always, Never};
        let choice = |when, terminal, vars: &[(&str, &str)]| {
            let vars: Vec<(String, String)> = (vars.iter())
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect();
            color_choice_in(when, terminal, move |name| {
                vars.iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| std::ffi::OsString::from(v))
            })
        };
        assert_eq!(choice(ColorWhen::Auto, true, &[]), Always);
        assert_eq!(choice(ColorWhen::Auto, false, &[]), Never);
        assert_eq!(choice(ColorWhen::Auto, true, &[("TERM", "dumb")]), Never);
        assert_eq!(choice(ColorWhen::Auto, true, &[("NO_COLOR", "1")]), Never);
        assert_eq!(choice(ColorWhen::Auto, true, &[("NO_COLOR", "")]), Always);
        assert_eq!(choice(ColorWhen::Auto, true, &[("CLICOLOR", "0")]), Never);
        assert_eq!(choice(ColorWhen::Auto, true, &[("CLICOLOR", "1")]), Always);
        assert_eq!(
            choice(
                ColorWhen::Auto,
                false,
                &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]
            ),
            Always
        );
        assert_eq!(
            choice(ColorWhen::Auto, false, &[("CLICOLOR_FORCE", "0")]),
            Never
        );
        assert_eq!(
            choice(
                ColorWhen::Auto,
                true,
                &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
            ),
            Never
        );
        assert_eq!(
            choice(ColorWhen::Always, false, &[("NO_COLOR", "1")]),
            Always
        );
        assert_eq!(
            choice(ColorWhen::Never, true, &[("CLICOLOR_FORCE", "1")]),
            Never
        );
    }

    proptest::proptest! {
        /// Masked JSON is still JSON, holds no secret, and keeps every value that holds none:
        /// secrets in strings, in numbers (a line number equal to a PIN), in keys and in escapes.
        #[test]
        fn masked_json_stays_json_without_the_secret(
            values in proptest::collection::vec(
                proptest::prop_oneof![
                    "[a-z 0-9]{0,12}".prop_map(serde_json::Value::from),
                    (0_u64..10_000_000).prop_map(serde_json::Value::from),
                    proptest::num::f64::NORMAL.prop_map(serde_json::Value::from),
                    proptest::prop_oneof![
                        proptest::strategy::Just("482915"),
                        proptest::strategy::Just("x482915\n\"y"),
                        proptest::strategy::Just("-482915"),
                        proptest::strategy::Just("\u{4}82915"),
                        proptest::strategy::Just("\u{1}482915\\482915"),
                    ].prop_map(serde_json::Value::from),
                    (0_u64..100).prop_map(|n| serde_json::Value::from(n * 1_000_000 + 482_915)),
                    proptest::strategy::Just(serde_json::Value::from(-482_915)),
                    proptest::strategy::Just(serde_json::Value::from(482_915.5)),
                ],
                0..12,
            ),
        ) {
            let mut secrets = Secrets::default();
            secrets.add(vec!["482915".to_string()]);
            let mut object = serde_json::Map::new();
            for (i, v) in values.iter().enumerate() {
                object.insert(format!("k{i}"), v.clone());
            }
            object.insert("key482915".to_string(), serde_json::Value::Null);
            let json = serde_json::to_vec_pretty(&serde_json::Value::Object(object)).unwrap();
            let masked = secrets.mask_json(&json);
            let text = String::from_utf8(masked).unwrap();
            proptest::prop_assert!(!text.contains("482915"), "{}", text);
            let parsed: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{e}: {text}")))?;
            for (i, v) in values.iter().enumerate() {
                let shown = v.to_string();
                if !shown.contains("482915") {
                    proptest::prop_assert_eq!(&parsed[format!("k{i}")], v);
                }
            }
        }
    }
}
