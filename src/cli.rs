//! The command line: argument parsing, reading the plan, printing, and exit codes. This is the
//! only module that writes to stdout/stderr or decides how the process exits.
//!
//! Exit codes: 0 ready for cutover (or a valid plan for `check`), 1 invalid plan or failure,
//! 2 command-line usage error, 3 valid plan but at least one number is blocked. 4 is reserved for
//! timing violations.

use std::fmt::Write as _;
use std::io::{self, Read, Write};
use std::process::ExitCode;

use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;

use crate::catalog::{self, Condition, SourceKind};
use crate::diagnostic::{Diagnostic, Severity};
use crate::eval::{Evaluator, WarningKind};
use crate::pipeline;
use crate::plan::{E164, load, time::parse_time};
use crate::report::{self, CheckReport, Report};
use crate::source::SourceFile;

/// Exit code: the plan is invalid, or the tool failed.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: wrong command-line usage.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the plan is valid but at least one number is blocked.
pub const EXIT_BLOCKED: u8 = 3;

const AFTER_HELP: &str = "\
Exit codes:
  0  ready for cutover (dry-run) / plan is valid (check)
  1  invalid plan, or the tool failed
  2  command-line usage error
  3  valid plan, but at least one number is blocked
  4  reserved for timing violations

Examples:
  wamigrate check plans/bsp.yaml
  wamigrate dry-run plans/fleet.yaml
  wamigrate dry-run plans/fleet.yaml --format json --number '+44 20 7946 0000'
  wamigrate steps --source engage

Docs: docs/plan-format.md (the plan), docs/steps.md (the step catalogue),
docs/json-output.md (the JSON contract), docs/diagnostics.md (every error code).";

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
    /// Colour on a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` forces it).
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for people.
    Text,
    /// JSON for programs (contract: docs/json-output.md).
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a plan and report every problem, located (`file:line:column`) and coded.
    Check {
        /// The plan file (`-` reads standard input).
        plan: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Evaluate a plan: what blocks cutover and who must act, downtime, billing.
    ///
    /// Exits 0 when no number is blocked, 3 when at least one is, 1 when the plan is invalid.
    #[command(name = "dry-run")]
    DryRun {
        /// The plan file (`-` reads standard input).
        plan: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Report only this number (any spelling; compared in E.164 form). Repeatable.
        #[arg(long, value_name = "NUMBER")]
        number: Vec<String>,
        /// Evaluate as of this moment instead of now: RFC 3339, or local time in the plan's
        /// time zone (`2026-12-01T22:00`). Steps done later than this count as not done.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// List the step catalogue: every step of each source kind, with owner, phase and sources.
    Steps {
        /// Only this source kind.
        #[arg(long, value_enum)]
        source: Option<SourceArg>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write a realistic example fleet plan of any size (every source kind, templates, custom
    /// steps), to try wamigrate at scale.
    ///
    /// Example: `wamigrate generate --numbers 10000 > fleet-10k.yaml && wamigrate dry-run fleet-10k.yaml`.
    Generate {
        /// How many numbers.
        #[arg(long, default_value_t = 1000)]
        numbers: usize,
        /// Seed of the pseudo-random choices (the same seed gives the same plan).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Print the JSON Schema (draft-07) of the plan format, for editors' YAML language servers.
    ///
    /// Example: `wamigrate schema > plan.schema.json`, then put
    /// `# yaml-language-server: $schema=plan.schema.json` at the top of a plan.
    Schema,
    /// Print a shell completion script.
    ///
    /// Example: `wamigrate completions bash > /etc/bash_completion.d/wamigrate`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff).
    ///
    /// Example: `wamigrate man | man -l -`.
    Man,
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
}

impl From<SourceArg> for SourceKind {
    fn from(s: SourceArg) -> SourceKind {
        match s {
            SourceArg::Engage => SourceKind::Engage,
            SourceArg::Bsp => SourceKind::Bsp,
            SourceArg::Genesys => SourceKind::Genesys,
            SourceArg::App => SourceKind::App,
            SourceArg::New => SourceKind::New,
        }
    }
}

/// Where output goes; a closed pipe ends the program quietly.
struct Out {
    stdout: anstream::AutoStream<io::Stdout>,
    stderr: anstream::AutoStream<io::Stderr>,
    stdout_closed: bool,
}

impl Out {
    /// Writes data to stdout. Once the reader has gone (`| head`), further data is dropped
    /// quietly and the exit code still reports the result.
    fn data(&mut self, text: &str) -> io::Result<()> {
        if self.stdout_closed {
            return Ok(());
        }
        match self
            .stdout
            .write_all(text.as_bytes())
            .and_then(|()| self.stdout.flush())
        {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.stdout_closed = true;
                Ok(())
            }
            other => other,
        }
    }

    fn diag(&mut self, text: &str) -> io::Result<()> {
        self.stderr.write_all(text.as_bytes())?;
        self.stderr.flush()
    }
}

/// Runs the CLI and returns the process exit code.
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let choice = match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    };
    let mut out = Out {
        stdout: anstream::AutoStream::new(io::stdout(), choice),
        stderr: anstream::AutoStream::new(io::stderr(), choice),
        stdout_closed: false,
    };
    match run(&cli, &mut out) {
        Ok(code) => ExitCode::from(code),
        // Output closed early (`| head`): not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "error: cannot write output: {e}");
            ExitCode::from(EXIT_INVALID)
        }
    }
}

fn run(cli: &Cli, out: &mut Out) -> io::Result<u8> {
    match &cli.command {
        Command::Check { plan, format } => check(plan, *format, out),
        Command::DryRun {
            plan,
            format,
            number,
            at,
        } => dry_run(plan, *format, number, at.as_deref(), out),
        Command::Steps { source, format } => steps(source.map(SourceKind::from), *format, out),
        Command::Completions { shell } => {
            let mut buffer = Vec::new();
            clap_complete::generate(
                *shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "wamigrate",
                &mut buffer,
            );
            out.data(&String::from_utf8_lossy(&buffer))?;
            Ok(0)
        }
        Command::Generate { numbers, seed } => {
            out.data(&crate::generate::fleet_plan(*numbers, *seed))?;
            Ok(0)
        }
        Command::Schema => {
            out.data(&crate::schema::plan_schema())?;
            Ok(0)
        }
        Command::Man => {
            let mut buffer = Vec::new();
            clap_mangen::Man::new(<Cli as clap::CommandFactory>::command()).render(&mut buffer)?;
            out.data(&String::from_utf8_lossy(&buffer))?;
            Ok(0)
        }
    }
}

fn read_plan(path: &str) -> Result<SourceFile, Box<load::Unusable>> {
    let shown = if path == "-" { "<stdin>" } else { path };
    let unreadable = |e: io::Error| {
        Box::new(load::Unusable {
            file: SourceFile::new(shown, ""),
            diagnostic: Diagnostic::file_error(crate::DiagnosticKind::Unreadable {
                reason: e.to_string(),
            }),
        })
    };
    let (name, bytes) = if path == "-" {
        let mut bytes = Vec::new();
        let limit = u64::try_from(load::MAX_PLAN_BYTES + 1).unwrap_or(u64::MAX);
        io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        ("<stdin>".to_string(), bytes)
    } else {
        let bytes = std::fs::read(path).map_err(unreadable)?;
        (path.to_string(), bytes)
    };
    load::decode(&name, bytes)
}

fn print_diagnostics(
    out: &mut Out,
    file: &SourceFile,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let mut text = String::new();
    for d in diagnostics {
        text.push_str(&d.render(file));
        text.push('\n');
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        let _ = writeln!(
            text,
            "error: {} is invalid: {} error{}{}",
            file.name,
            errors,
            if errors == 1 { "" } else { "s" },
            if warnings > 0 {
                format!(
                    ", {warnings} warning{}",
                    if warnings == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            }
        );
    }
    out.diag(&text)
}

impl Out {
    /// Streams a value as pretty JSON to stdout (no whole-document string in memory: a
    /// 100k-number report is hundreds of MiB).
    fn json<T: Serialize>(&mut self, value: &T) -> io::Result<()> {
        if self.stdout_closed {
            return Ok(());
        }
        let result = {
            let mut writer = io::BufWriter::with_capacity(1 << 16, &mut self.stdout);
            serde_json::to_writer_pretty(&mut writer, value)
                .map_err(io::Error::from)
                .and_then(|()| writer.write_all(b"\n"))
                .and_then(|()| writer.flush())
        };
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.stdout_closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

fn unreadable(unusable: &load::Unusable, format: Format, out: &mut Out) -> io::Result<u8> {
    let diagnostics = std::slice::from_ref(&unusable.diagnostic);
    match format {
        Format::Json => out.json(&CheckReport::new(&unusable.file.name, diagnostics, None))?,
        Format::Text => print_diagnostics(out, &unusable.file, diagnostics)?,
    }
    Ok(EXIT_INVALID)
}

fn check(path: &str, format: Format, out: &mut Out) -> io::Result<u8> {
    let file = match read_plan(path) {
        Ok(f) => f,
        Err(unusable) => return unreadable(&unusable, format, out),
    };
    let loaded = pipeline::compile(&file);
    let has_errors = loaded.has_errors();
    let mut diagnostics = loaded.diagnostics;
    let counts = loaded
        .graph
        .as_ref()
        .map(|g| (g.plan.numbers.len(), g.graph.node_count()));
    // A valid plan is also evaluated, so `check` shows the same warnings `dry-run` would
    // (templates that will not be copied, a downtime budget overrun, ...).
    if let Some(graph) = loaded.graph {
        let evaluation = Evaluator::evaluate(graph, Utc::now());
        let all_warnings = evaluation
            .fleet_warnings
            .iter()
            .chain(evaluation.numbers.iter().flat_map(|n| n.warnings.iter()));
        {
            // Warnings that depend on the moment belong to `dry-run --at`; `check` stays stable.
            let timeless = all_warnings
                .filter(|w| !matches!(w.kind, WarningKind::CutoverWindowTooEarly { .. }));
            for warning in timeless {
                diagnostics.push(Diagnostic {
                    kind: crate::DiagnosticKind::Domain(warning.kind.clone()),
                    severity: Severity::Warning,
                    span: warning.span,
                    labels: Vec::new(),
                });
            }
        }
        crate::diagnostic::sort(&mut diagnostics);
        // Numbers sharing a source WABA share its template warnings: say each once.
        let mut seen = std::collections::HashSet::new();
        diagnostics.retain(|d| seen.insert((d.code(), d.span, d.kind.to_string())));
    }
    let report = CheckReport::new(&file.name, &diagnostics, counts);
    match format {
        Format::Json => out.json(&report)?,
        Format::Text => {
            print_diagnostics(out, &file, &diagnostics)?;
            if let Some((numbers, steps)) = counts {
                let plural = if numbers == 1 { "" } else { "s" };
                let warnings = match report.warnings {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                };
                out.data(&format!(
                    "ok: {} is valid: {numbers} number{plural}, {steps} steps{warnings}\n",
                    file.name
                ))?;
            }
        }
    }
    Ok(if has_errors { EXIT_INVALID } else { 0 })
}

fn usage_error(out: &mut Out, message: &str) -> io::Result<u8> {
    out.diag(&format!(
        "error: {message}\n\nFor more information, try '--help'.\n"
    ))?;
    Ok(EXIT_USAGE)
}

fn dry_run(
    path: &str,
    format: Format,
    only: &[String],
    at: Option<&str>,
    out: &mut Out,
) -> io::Result<u8> {
    let file = match read_plan(path) {
        Ok(f) => f,
        Err(unusable) => return unreadable(&unusable, format, out),
    };
    let loaded = pipeline::compile(&file);
    let Some(graph) = loaded.graph else {
        match format {
            Format::Json => out.json(&CheckReport::new(&file.name, &loaded.diagnostics, None))?,
            Format::Text => print_diagnostics(out, &file, &loaded.diagnostics)?,
        }
        return Ok(EXIT_INVALID);
    };
    if !loaded.diagnostics.is_empty() && format == Format::Text {
        print_diagnostics(out, &file, &loaded.diagnostics)?;
    }
    let zone = graph.plan.destination.time_zone;
    let at = match at {
        None | Some("now") => Utc::now(),
        Some(text) => match parse_time(text, zone) {
            Ok(t) => t,
            Err(kind) => return usage_error(out, &format!("--at: {kind}")),
        },
    };
    let mut selected = Vec::new();
    for written in only {
        let found = E164::parse(written)
            .ok()
            .and_then(|n| graph.plan.numbers.iter().position(|m| m.e164 == n));
        match found {
            Some(i) if selected.contains(&i) => {}
            Some(i) => selected.push(i),
            None => {
                return usage_error(
                    out,
                    &format!("--number: `{written}` is not a number of {}", file.name),
                );
            }
        }
    }
    let evaluation = Evaluator::evaluate(graph, at);
    let report = Report::new(
        &evaluation,
        &file.name,
        (!selected.is_empty()).then_some(selected.as_slice()),
        loaded.diagnostics,
    );
    match format {
        Format::Json => out.json(&report)?,
        Format::Text => out.data(&report::text::render(&report))?,
    }
    Ok(report.summary.exit_code)
}

#[derive(Serialize)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "a flat JSON row of independent yes/no facts about one catalogue step"
)]
struct CatalogStep {
    step: &'static str,
    title: &'static str,
    owner: catalog::Owner,
    /// The owner is whoever administers the source WABA (`source_waba_admin`), `owner` by default.
    owner_is_source_admin: bool,
    phase: catalog::Phase,
    applies: &'static str,
    after: &'static [&'static str],
    estimate: Option<String>,
    starts_downtime: bool,
    ends_downtime: bool,
    billing_handover: bool,
    reason: &'static str,
    action: &'static str,
    sources: &'static [&'static str],
}

#[derive(Serialize)]
struct CatalogRoute {
    source: SourceKind,
    steps: Vec<CatalogStep>,
}

fn condition_words(c: Condition) -> &'static str {
    match c {
        Condition::Always => "always",
        Condition::DisconnectAhead => "disconnect_ahead: true",
        Condition::SmsInventory => "line: sms_inventory",
        Condition::IvrBypass => "behind_ivr: true, can_bypass_ivr: true",
        Condition::IvrNoBypass => "behind_ivr: true, can_bypass_ivr: false",
        Condition::CheckReachability => "line: mobile, landline or direct",
    }
}

/// A catalogue row: a route step, or a fleet step (no route, so no special role).
fn catalog_step(
    def: &'static catalog::StepDef,
    route_step: Option<&'static catalog::RouteStep>,
    after: &'static [&'static str],
    applies: &'static str,
) -> CatalogStep {
    let downtime = route_step.map_or(catalog::DowntimeRole::None, |r| r.downtime);
    CatalogStep {
        step: def.id,
        title: def.title,
        owner: def.owner,
        owner_is_source_admin: route_step.is_some_and(|r| r.owner_is_source_admin),
        phase: route_step.map_or(def.phase, catalog::RouteStep::phase),
        applies,
        after,
        estimate: def.estimate.map(|e| e.to_string()),
        starts_downtime: downtime == catalog::DowntimeRole::Starts,
        ends_downtime: downtime == catalog::DowntimeRole::Ends,
        billing_handover: route_step.is_some_and(|r| r.handover),
        reason: def.reason,
        action: def.action,
        sources: def.sources,
    }
}

fn steps(only: Option<SourceKind>, format: Format, out: &mut Out) -> io::Result<u8> {
    let routes: Vec<CatalogRoute> = SourceKind::ALL
        .into_iter()
        .filter(|k| only.is_none_or(|o| o == *k))
        .map(|kind| CatalogRoute {
            source: kind,
            steps: kind
                .route()
                .steps
                .iter()
                .map(|s| catalog_step(s.def, Some(s), s.after, condition_words(s.when)))
                .collect(),
        })
        .collect();
    let fleet_steps: Vec<CatalogStep> = catalog::steps::FLEET
        .iter()
        .map(|s| {
            let applies = if s.only_for_waba_migrations {
                "some number is engage or bsp"
            } else {
                "always"
            };
            catalog_step(s.def, None, s.after, applies)
        })
        .collect();
    match format {
        Format::Json => {
            #[derive(Serialize)]
            struct Catalog {
                format_version: u32,
                fleet: Vec<CatalogStep>,
                routes: Vec<CatalogRoute>,
            }
            out.json(&Catalog {
                format_version: report::FORMAT_VERSION,
                fleet: fleet_steps,
                routes,
            })?;
        }
        Format::Text => {
            let mut text = String::new();
            let mut section = |title: &str, steps: &[CatalogStep]| {
                let _ = writeln!(text, "{title}");
                for s in steps {
                    let mut flags = Vec::new();
                    if s.starts_downtime {
                        flags.push("starts downtime");
                    }
                    if s.ends_downtime {
                        flags.push("ends downtime");
                    }
                    if s.billing_handover {
                        flags.push("billing hand-over");
                    }
                    let _ = writeln!(
                        text,
                        "  {:<36} {:<8} {:<15} {}",
                        s.step,
                        s.phase.as_str(),
                        s.owner.as_str(),
                        s.title
                    );
                    let mut meta = vec![format!("sources: {}", s.sources.join(", "))];
                    if s.applies != "always" {
                        meta.push(format!("when {}", s.applies));
                    }
                    if let Some(e) = &s.estimate {
                        meta.push(format!("takes {e}"));
                    }
                    if !flags.is_empty() {
                        meta.push(flags.join(", "));
                    }
                    let _ = writeln!(text, "  {:<36} {}", "", meta.join("; "));
                }
                text.push('\n');
            };
            if only.is_none() {
                section("fleet (one step for the whole plan)", &fleet_steps);
            }
            for r in &routes {
                section(&format!("source: {}", r.source.as_str()), &r.steps);
            }
            out.data(&text)?;
        }
    }
    Ok(0)
}
