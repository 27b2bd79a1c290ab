//! `wamigrate init`: a commented first plan, for one source kind (`--source`) or from a
//! spreadsheet (`--from-csv`), to standard output or a new file (`-o`).

use std::io::{self, Write as _};

use super::check::{CheckFormat, emit};
use super::{EXIT_INVALID, Out, SourceArg, usage_error};
use crate::catalog::SourceKind;
use crate::init::{Draft, SourceOptions, csv};
use crate::plan::{AppKind, E164, LineType};

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wamigrate init --source bsp --number \"+49 30 901820\" --partner 360dialog > plan.yaml
  wamigrate init --source new --line toll_free --behind-ivr -o plan.yaml
  wamigrate init --from-csv numbers.csv --region eu-central-1 --org contoso -o plan.yaml

The CSV's first row names the columns: number and source (engage, bsp, genesys, app, new,
name_change) on every row, then any of partner, display_name, display_name_status, line, region,
org (the old region and org of a genesys number), pin_known, old_name, source_waba_admin,
disconnect_ahead, app, behind_ivr, can_bypass_ivr, verification, official_business_account,
numbering_confirmed, notes.

Exits 0 once the plan is written, 1 when the CSV has problems (every one is printed, and no plan
is written) or the file exists (without --force), 2 for a usage error.")]
// One of the two ways in is needed: without either, the usage error names both.
#[command(group(clap::ArgGroup::new("input").required(true).args(["source", "from_csv"])))]
pub struct Args {
    /// The source kind of the one number of the plan.
    #[arg(long, value_enum)]
    pub source: Option<SourceArg>,
    /// A CSV file with one row per number (`-` reads standard input).
    // `--csv` is what people guess first; clap suggests nothing that far from `--from-csv`.
    #[arg(long, value_name = "FILE", alias = "csv", value_hint = clap::ValueHint::FilePath)]
    pub from_csv: Option<std::path::PathBuf>,
    /// The number (any spelling a plan accepts, e.g. "+49 30 901820").
    #[arg(long, value_name = "NUMBER", conflicts_with = "from_csv")]
    pub number: Option<String>,
    /// The solution partner (engage, bsp).
    #[arg(long, value_name = "NAME", conflicts_with = "from_csv")]
    pub partner: Option<String>,
    /// The kind of line (for new, the plan needs one: without --line it gets the placeholder
    /// `TODO-line`, marked FILL IN and never ready; optional for engage, bsp, genesys, app and `name_change`, where it adds
    /// the steps that get Meta's one-time code to the number).
    #[arg(long, value_enum, conflicts_with = "from_csv")]
    pub line: Option<LineArg>,
    /// The line sits behind an IVR (not a mobile line).
    #[arg(long, conflicts_with = "from_csv")]
    pub behind_ivr: bool,
    /// The phone app (app).
    #[arg(long, value_enum, conflicts_with = "from_csv")]
    pub app: Option<AppArg>,
    /// The plan's name.
    #[arg(long)]
    pub name: Option<String>,
    /// The destination Genesys Cloud region, e.g. eu-central-1.
    #[arg(long)]
    pub region: Option<String>,
    /// The destination Genesys Cloud org.
    #[arg(long)]
    pub org: Option<String>,
    /// The destination's IANA time zone, e.g. Europe/Berlin.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Write to this new file instead of standard output (`-`: standard output); one that
    /// exists is refused (it may be a plan someone is completing) unless --force.
    #[arg(short = 'o', long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<std::path::PathBuf>,
    /// Overwrite the `-o` file if it exists.
    #[arg(long, requires = "output")]
    pub force: bool,
    /// How problems with the CSV file are reported: text on standard error (the default), or as
    /// `check` reports them on standard output (json, github annotations, sarif).
    // Checked in `run`: clap's `requires = "from_csv"` let `init --source bsp --format json`
    // through, and the YAML plan was printed with exit 0, the flag ignored.
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
}

/// A line type on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum LineArg {
    /// A Genesys Cloud Voice number.
    GenesysVoice,
    /// A long code from Genesys's SMS inventory.
    SmsInventory,
    /// A toll-free number.
    TollFree,
    /// A mobile number.
    Mobile,
    /// A fixed line.
    Landline,
    /// Another direct-dial number.
    Direct,
}

/// A phone app on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AppArg {
    /// WhatsApp Business app.
    Business,
    /// WhatsApp Messenger (the consumer app).
    Messenger,
}

impl From<LineArg> for LineType {
    fn from(line: LineArg) -> LineType {
        match line {
            LineArg::GenesysVoice => LineType::GenesysVoice,
            LineArg::SmsInventory => LineType::SmsInventory,
            LineArg::TollFree => LineType::TollFree,
            LineArg::Mobile => LineType::Mobile,
            LineArg::Landline => LineType::Landline,
            LineArg::Direct => LineType::Direct,
        }
    }
}

/// A flag whose value the plan would refuse, with what to say about it (and a help line).
fn bad_flag(args: &Args) -> Option<(String, Option<String>)> {
    use crate::diagnostic::Kind as _;
    let texts = [
        ("--name", &args.name),
        ("--region", &args.region),
        ("--org", &args.org),
        ("--partner", &args.partner),
    ];
    for (flag, value) in texts {
        if value
            .as_deref()
            .is_some_and(crate::plan::shape::pin_in_text)
        {
            return Some((
                format!("{flag} seems to hold a two-step verification PIN (not shown)"),
                Some("wamigrate never needs the PIN; leave it out of the plan".into()),
            ));
        }
        if value.as_deref().is_some_and(crate::plan::diags::is_blank) {
            // The plan written would be refused (`missing-key`).
            return Some((
                format!("{flag} is blank"),
                Some("give it a value, or leave the flag out for the placeholder".into()),
            ));
        }
        // The plan written would be refused (`control-character`).
        if let Some(c) = value
            .as_deref()
            .and_then(|v| crate::plan::diags::control_character(v, false))
        {
            let kind = crate::plan::diags::PlanKind::ControlCharacter {
                code_point: u32::from(c),
            };
            return Some((format!("{flag}: {kind}"), kind.help()));
        }
    }
    if let Some(zone) = &args.time_zone
        && zone.parse::<chrono_tz::Tz>().is_err()
    {
        let kind = crate::plan::diags::PlanKind::InvalidTimeZone {
            name: zone.clone(),
            suggestion: crate::suggest::closest(
                zone,
                chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()),
            )
            .map(str::to_string),
        };
        return Some((format!("--time-zone: {kind}"), kind.help()));
    }
    None
}

/// Runs `init`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    if let Some((message, help)) = bad_flag(args) {
        return usage_error(out, &message, help.as_deref());
    }
    if args.format.is_some() && args.from_csv.is_none() {
        return usage_error(
            out,
            "--format applies to --from-csv: it says how problems with the CSV file are reported",
            Some("leave it out: the plan `init` writes is always YAML"),
        );
    }
    let format = args.format.unwrap_or(CheckFormat::Text);
    let draft = if let Some(path) = &args.from_csv {
        // The plan's first comment names the file: a name that is not UTF-8 is shown with
        // U+FFFD, and a line break in it, written as is, would end the comment and break the plan.
        let shown = path.to_string_lossy();
        let draft = Draft::new(
            format!(
                "wamigrate init --from-csv {}",
                crate::diagnostic::visible(&shown)
            ),
            args.name.clone(),
            args.region.clone(),
            args.org.clone(),
            args.time_zone.clone(),
        );
        let mut file = match csv::read(path) {
            Ok(file) => file,
            Err(unusable) => {
                let diagnostics = std::slice::from_ref(&unusable.diagnostic);
                emit(format, &unusable.file, diagnostics, None, out)?;
                return Ok(EXIT_INVALID);
            }
        };
        match csv::import(&mut file, draft) {
            Ok(draft) => draft,
            Err(diagnostics) => {
                out.learn_secrets(&file);
                emit(format, &file, &diagnostics, None, out)?;
                if format == CheckFormat::Text {
                    out.diag(&format!(
                        "error: no plan written: fix {} and run again\n",
                        file.name
                    ))?;
                }
                return Ok(EXIT_INVALID);
            }
        }
    } else {
        let Some(source) = args.source else {
            return usage_error(out, "give --source KIND or --from-csv FILE", None);
        };
        let kind = SourceKind::from(source);
        let misplaced = [
            (
                "--partner",
                args.partner.is_some(),
                matches!(kind, SourceKind::Engage | SourceKind::Bsp),
            ),
            ("--app", args.app.is_some(), kind == SourceKind::App),
        ];
        if let Some((flag, _, _)) = misplaced.iter().find(|(_, given, fits)| *given && !fits) {
            return usage_error(
                out,
                &format!("{flag} does not apply to --source {}", kind.as_str()),
                None,
            );
        }
        if args.behind_ivr && args.line == Some(LineArg::Mobile) {
            return usage_error(out, "a mobile line does not sit behind an IVR", None);
        }
        if let Some(number) = &args.number
            && let Err(problem) = E164::parse(number)
        {
            let kind = crate::plan::diags::PlanKind::InvalidPhoneNumber {
                problem,
                example: None,
            };
            return usage_error(
                out,
                &format!("--number: {kind}"),
                Some("write it with + and the country code, e.g. \"+49 30 901820\""),
            );
        }
        let mut draft = Draft::new(
            format!("wamigrate init --source {}", kind.as_str()),
            args.name.clone(),
            args.region.clone(),
            args.org.clone(),
            args.time_zone.clone(),
        );
        draft.add_source_number(
            kind,
            SourceOptions {
                number: args.number.clone(),
                partner: args.partner.clone(),
                line: args.line.map(LineType::from),
                app: args.app.map(|a| match a {
                    AppArg::Business => AppKind::Business,
                    AppArg::Messenger => AppKind::Messenger,
                }),
                behind_ivr: args.behind_ivr,
            },
        );
        draft
    };
    let yaml = draft.to_yaml();
    // `-o -` names standard output, as `--from-csv -` names standard input.
    let output = args.output.as_deref().filter(|o| o.as_os_str() != "-");
    // A name that is not UTF-8 is shown with U+FFFD and its controls written out, as the
    // plan's is.
    let shown = output.map(|o| crate::diagnostic::visible(&o.to_string_lossy()).into_owned());
    match output.zip(shown) {
        None => out.data(&yaml)?,
        Some((output, path))
            if args
                .from_csv
                .as_deref()
                .is_some_and(|csv| super::overwrites_an_input(output, &[csv])) =>
        {
            return super::usage_error(
                out,
                &format!(
                    "`-o {path}` is the CSV file the plan is drafted from: writing it would overwrite it"
                ),
                Some("write the plan to another file, say `-o plan.yaml`"),
            );
        }
        Some((output, path)) => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true);
            if args.force {
                options.create(true).truncate(true);
            } else {
                // Never overwrite a plan someone has been completing.
                options.create_new(true);
            }
            let written = options
                .open(output)
                .and_then(|mut f| f.write_all(yaml.as_bytes()).and_then(|()| f.flush()));
            if let Err(e) = written {
                // A folder "exists" too: --force would not help, a file name in it would.
                if output.is_dir() {
                    return super::output_is_a_folder(out, output, "plan.yaml");
                }
                let help = if e.kind() == io::ErrorKind::AlreadyExists {
                    "\nhelp: choose another file, or add --force to overwrite it"
                } else {
                    ""
                };
                out.diag(&format!("error: cannot write {path}: {e}{help}\n"))?;
                return Ok(EXIT_INVALID);
            }
            // Say how much is left to fill in: a plan drafted from every fact has nothing marked.
            let marked = yaml.matches(crate::init::FILL_IN_MARK).count();
            let todo = match marked {
                0 => "nothing is marked FILL IN".to_string(),
                1 => "1 value marked FILL IN to complete".to_string(),
                n => format!("{n} values marked FILL IN to complete"),
            };
            out.diag(&format!(
                "wrote {path}: {}, {todo}; then `wamigrate check {path}`\n",
                plural_numbers(draft.numbers.len())
            ))?;
        }
    }
    Ok(0)
}

fn plural_numbers(n: usize) -> String {
    super::plural(n, "number", "numbers")
}
