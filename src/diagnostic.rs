//! Located, coded diagnostics: one type for YAML parse errors and for semantic errors alike.
//!
//! A [`Diagnostic`] stores the facts (a [`DiagnosticKind`] with its data, where it happened, related
//! places) and never a pre-formatted sentence: the wording lives in one `Display` impl and one
//! [`DiagnosticKind::help`], so text and JSON say the same thing. Every kind has a stable kebab-case
//! code, listed with an example and a fix in `docs/diagnostics.md` (a test keeps the two in sync).

use std::fmt::{self, Write as _};

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::catalog::SourceKind;
use crate::eval::WarningKind;
use crate::plan::phone::PhoneProblemKind;
use crate::source::{SourceFile, Span};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan cannot be used; exit code 1.
    Error,
    /// The plan is usable but probably not what was meant.
    Warning,
}

/// What went wrong, with the facts needed to say it and to suggest a fix.
#[derive(Debug, Clone, PartialEq)]
pub enum DiagnosticKind {
    /// The file could not be read.
    Unreadable {
        /// The operating system's reason.
        reason: String,
    },
    /// The file is not UTF-8 text.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The file holds no YAML document.
    EmptyPlan,
    /// The YAML itself is malformed.
    YamlSyntax {
        /// The parser's description.
        message: String,
    },
    /// A key the plan format does not know.
    UnknownKey {
        /// The key as written.
        key: String,
        /// The keys allowed at that place.
        expected: Vec<String>,
    },
    /// A required key is missing.
    MissingKey {
        /// The missing key.
        key: String,
    },
    /// A value of the wrong type (a list where a string was expected, ...).
    WrongType {
        /// The parser's description.
        message: String,
    },
    /// A value outside the allowed set (an unknown source kind, owner, phase, ...).
    UnknownValue {
        /// The value as written.
        value: String,
        /// The allowed values.
        expected: Vec<String>,
    },
    /// The same key twice in one mapping.
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// The input exceeds the loader's limits (nesting, aliases, size).
    InputTooComplex {
        /// Which limit was hit.
        message: String,
    },
    /// A two-step verification PIN was written into the plan.
    PinInPlan,
    /// The plan's `version` is not one this tool reads.
    UnsupportedVersion {
        /// The version found.
        found: u64,
    },
    /// A phone number that is not a valid international number.
    InvalidPhoneNumber {
        /// The specific problem.
        problem: PhoneProblemKind,
    },
    /// A short code or alphanumeric sender ID, which WhatsApp cannot register.
    UnregistrableNumber {
        /// Short code or sender ID.
        problem: PhoneProblemKind,
    },
    /// The same phone number appears twice.
    DuplicateNumber {
        /// The number in E.164 form.
        number: String,
    },
    /// Two custom steps share an id, or a custom step reuses a catalogue id.
    DuplicateStepId {
        /// The id.
        id: String,
        /// Whether the clash is with a built-in catalogue step.
        with_catalog: bool,
    },
    /// A reference to a step id that exists nowhere.
    UnknownStep {
        /// The id as written.
        id: String,
        /// The nearest known id, if any is close.
        suggestion: Option<String>,
    },
    /// A reference to a catalogue step that the number's source kind does not have.
    StepNotInSource {
        /// The step id.
        id: String,
        /// The number it was resolved for (`None`: a fleet-wide step, and no number has it).
        number: Option<String>,
        /// That number's source kind.
        source: Option<SourceKind>,
        /// Source kinds that do have this step.
        found_in: Vec<SourceKind>,
    },
    /// Steps that depend on each other in a circle.
    DependencyCycle {
        /// The step ids along the cycle, first repeated at the end.
        path: Vec<String>,
    },
    /// A custom step or override names a number the plan does not contain.
    UnknownNumber {
        /// The number as written.
        number: String,
    },
    /// A number refers to a source WABA id that is not declared.
    UnknownWaba {
        /// The id as written.
        id: String,
        /// The nearest declared id.
        suggestion: Option<String>,
    },
    /// Two source WABAs share an id.
    DuplicateWaba {
        /// The id.
        id: String,
    },
    /// Not an IANA time zone name.
    InvalidTimeZone {
        /// The name as written.
        name: String,
        /// The nearest known zone.
        suggestion: Option<String>,
    },
    /// A timestamp that is not RFC 3339 or `YYYY-MM-DDTHH:MM` local time.
    InvalidTimestamp {
        /// The value as written.
        value: String,
    },
    /// A local time that does not exist (DST gap) or exists twice (DST fold) in the plan's zone.
    InvalidLocalTime {
        /// The value as written.
        value: String,
        /// The zone it was read in.
        zone: String,
        /// `true` for a fold (ambiguous), `false` for a gap (nonexistent).
        ambiguous: bool,
    },
    /// A cutover window whose end is not after its start.
    InvalidWindow,
    /// A duration that cannot be read.
    InvalidDuration {
        /// The value as written.
        value: String,
        /// Only wall-clock minutes, hours or days are allowed here (a downtime budget).
        minutes_only: bool,
    },
    /// SMS verification requested for a Genesys SMS-inventory number.
    SmsVerificationUnavailable,
    /// Facts that contradict each other.
    ConflictingFacts {
        /// What contradicts what.
        detail: String,
    },
    /// A prepare-phase custom step that comes after a cutover step.
    PrepareAfterCutover {
        /// The custom step.
        id: String,
        /// The step it comes after.
        after: String,
    },
    /// A per-number custom step marked done for a number it does not apply to.
    NotInScope {
        /// The custom step.
        id: String,
        /// The number.
        number: String,
    },
    /// A custom step whose `numbers:` list is empty.
    EmptyScope {
        /// The custom step.
        id: String,
    },
    /// A warning found by evaluating the plan (templates, downtime budget, ...), shown by `check`.
    Domain(WarningKind),
    /// A per-number step listed under `fleet.done`.
    NotAFleetStep {
        /// The step id.
        id: String,
    },
    /// The same step is marked done twice for one number.
    DoneTwice {
        /// The step id.
        id: String,
    },
}

impl DiagnosticKind {
    /// The stable code, as printed in `error[code]` and listed in `docs/diagnostics.md`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            DiagnosticKind::Unreadable { .. } => "unreadable-file",
            DiagnosticKind::NotUtf8 { .. } => "not-utf8",
            DiagnosticKind::EmptyPlan => "empty-plan",
            DiagnosticKind::YamlSyntax { .. } => "yaml-syntax",
            DiagnosticKind::UnknownKey { .. } => "unknown-key",
            DiagnosticKind::MissingKey { .. } => "missing-key",
            DiagnosticKind::WrongType { .. } => "wrong-type",
            DiagnosticKind::UnknownValue { .. } => "unknown-value",
            DiagnosticKind::DuplicateKey { .. } => "duplicate-key",
            DiagnosticKind::InputTooComplex { .. } => "input-too-complex",
            DiagnosticKind::PinInPlan => "pin-in-plan",
            DiagnosticKind::UnsupportedVersion { .. } => "unsupported-version",
            DiagnosticKind::InvalidPhoneNumber { .. } => "invalid-phone-number",
            DiagnosticKind::UnregistrableNumber { .. } => "unregistrable-number",
            DiagnosticKind::DuplicateNumber { .. } => "duplicate-number",
            DiagnosticKind::DuplicateStepId { .. } => "duplicate-step-id",
            DiagnosticKind::UnknownStep { .. } => "unknown-step",
            DiagnosticKind::StepNotInSource { .. } => "step-not-in-source",
            DiagnosticKind::DependencyCycle { .. } => "dependency-cycle",
            DiagnosticKind::UnknownNumber { .. } => "unknown-number",
            DiagnosticKind::UnknownWaba { .. } => "unknown-waba",
            DiagnosticKind::DuplicateWaba { .. } => "duplicate-waba",
            DiagnosticKind::InvalidTimeZone { .. } => "invalid-time-zone",
            DiagnosticKind::InvalidTimestamp { .. } => "invalid-timestamp",
            DiagnosticKind::InvalidLocalTime { .. } => "invalid-local-time",
            DiagnosticKind::InvalidWindow => "invalid-window",
            DiagnosticKind::InvalidDuration { .. } => "invalid-duration",
            DiagnosticKind::SmsVerificationUnavailable => "sms-verification-unavailable",
            DiagnosticKind::ConflictingFacts { .. } => "conflicting-facts",
            DiagnosticKind::NotAFleetStep { .. } => "not-a-fleet-step",
            DiagnosticKind::Domain(warning) => warning.code(),
            DiagnosticKind::PrepareAfterCutover { .. } => "prepare-after-cutover",
            DiagnosticKind::EmptyScope { .. } => "empty-scope",
            DiagnosticKind::NotInScope { .. } => "not-in-scope",
            DiagnosticKind::DoneTwice { .. } => "done-twice",
        }
    }

    /// Every code, in documentation order (used by the test that checks `docs/diagnostics.md`).
    pub const ALL_CODES: &'static [&'static str] = &[
        "unreadable-file",
        "not-utf8",
        "empty-plan",
        "yaml-syntax",
        "unknown-key",
        "missing-key",
        "wrong-type",
        "unknown-value",
        "duplicate-key",
        "input-too-complex",
        "pin-in-plan",
        "unsupported-version",
        "invalid-phone-number",
        "unregistrable-number",
        "duplicate-number",
        "duplicate-step-id",
        "unknown-step",
        "step-not-in-source",
        "dependency-cycle",
        "unknown-number",
        "unknown-waba",
        "duplicate-waba",
        "invalid-time-zone",
        "invalid-timestamp",
        "invalid-local-time",
        "invalid-window",
        "invalid-duration",
        "sms-verification-unavailable",
        "conflicting-facts",
        "prepare-after-cutover",
        "empty-scope",
        "not-in-scope",
        "not-a-fleet-step",
        "done-twice",
    ];

    /// A likely fix, when there is one worth saying.
    #[must_use]
    pub fn help(&self) -> Option<String> {
        match self {
            DiagnosticKind::NotUtf8 { .. } => Some("save the plan as UTF-8 text".into()),
            DiagnosticKind::EmptyPlan => Some(
                "start from an example: `wamigrate` ships plans/*.yaml; a plan needs `version`, `plan` and `numbers`"
                    .into(),
            ),
            DiagnosticKind::UnknownKey { key, expected } => {
                match closest(key, expected.iter().map(String::as_str)) {
                    Some(near) => Some(format!("did you mean `{near}`?")),
                    None if expected.is_empty() => None,
                    None => Some(format!("allowed keys here: {}", expected.join(", "))),
                }
            }
            DiagnosticKind::UnknownValue { value, expected } => {
                match closest(value, expected.iter().map(String::as_str)) {
                    Some(near) => Some(format!("did you mean `{near}`?")),
                    None if expected.is_empty() => None,
                    None => Some(format!("expected one of: {}", expected.join(", "))),
                }
            }
            DiagnosticKind::MissingKey { key } => Some(format!("add `{key}:` here")),
            DiagnosticKind::DuplicateKey { .. } => {
                Some("remove one of the two, or merge their contents".into())
            }
            DiagnosticKind::InputTooComplex { message } if message.starts_with("the file is") => Some(
                "split the fleet into several plans (one per region or wave), each under the limit".into(),
            ),
            DiagnosticKind::InputTooComplex { .. } => Some(
                "a migration plan is a flat list of numbers; remove deep nesting and YAML aliases".into(),
            ),
            DiagnosticKind::PinInPlan => Some(
                "delete this line: wamigrate never needs the PIN; for a region/org move write `pin_known: true` or `false`"
                    .into(),
            ),
            DiagnosticKind::UnsupportedVersion { .. } => Some("write `version: 1`".into()),
            DiagnosticKind::InvalidPhoneNumber { problem } => Some(match problem {
                PhoneProblemKind::MissingCountryCode => {
                    "write the number in international form, e.g. `+44 20 7946 0000`".into()
                }
                _ => "write an E.164 number: `+`, country code, then the national number".into(),
            }),
            DiagnosticKind::UnregistrableNumber { .. } => Some(
                "use a long number owned by the business that can receive an SMS or voice call from abroad"
                    .into(),
            ),
            DiagnosticKind::DuplicateNumber { .. } => {
                Some("each number is migrated once; merge the two entries".into())
            }
            DiagnosticKind::DuplicateStepId { with_catalog: true, .. } => {
                Some("choose another id; `wamigrate steps` lists the built-in ones".into())
            }
            DiagnosticKind::DuplicateStepId { .. } => Some("give each custom step its own id".into()),
            DiagnosticKind::UnknownStep { suggestion, .. } => match suggestion {
                Some(near) => Some(format!("did you mean `{near}`?")),
                None => Some("`wamigrate steps` lists the built-in step ids".into()),
            },
            DiagnosticKind::StepNotInSource { found_in, number, .. } => {
                let kinds = found_in.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                Some(if number.is_some() {
                    format!("this step exists only for {kinds} numbers; limit the custom step with `numbers:` or drop the reference")
                } else {
                    format!("this step exists only for {kinds} numbers, and the plan has none; drop the reference")
                })
            }
            DiagnosticKind::DependencyCycle { .. } => {
                Some("remove one `after:`/`before:` entry on the cycle".into())
            }
            DiagnosticKind::UnknownNumber { .. } => {
                Some("use a number listed under `numbers:` (any spelling of it)".into())
            }
            DiagnosticKind::UnknownWaba { suggestion, .. } => Some(match suggestion {
                Some(near) => format!("did you mean `{near}`?"),
                None => "declare it under `source_wabas:`".into(),
            }),
            DiagnosticKind::InvalidTimeZone { suggestion, .. } => Some(match suggestion {
                Some(near) => format!("did you mean `{near}`?"),
                None => "use an IANA name such as `Europe/Berlin` or `America/New_York`".into(),
            }),
            DiagnosticKind::InvalidTimestamp { .. } => Some(
                "write `2026-12-01T22:00:00+01:00`, or `2026-12-01T22:00` for the destination's local time"
                    .into(),
            ),
            DiagnosticKind::InvalidLocalTime { ambiguous, .. } => Some(if *ambiguous {
                "add the UTC offset to say which of the two instants you mean".into()
            } else {
                "the clocks skip this hour; pick a time outside the daylight-saving change".into()
            }),
            DiagnosticKind::InvalidWindow => Some("the window's `end` must be after its `start`".into()),
            DiagnosticKind::InvalidDuration { minutes_only: true, .. } => {
                Some("write minutes `15m`, hours `2h` or days `1d`".into())
            }
            DiagnosticKind::InvalidDuration { .. } => Some(
                "write minutes `5m`, hours `2h`, days `1d` or business days `3bd`; a range as `2bd..3bd`".into(),
            ),
            DiagnosticKind::SmsVerificationUnavailable => Some(
                "write `verification: voice` (or drop it) and request call forwarding from Genesys".into(),
            ),
            DiagnosticKind::DoneTwice { .. } => Some("keep one entry".into()),
            DiagnosticKind::PrepareAfterCutover { .. } => Some(
                "a step that follows the cutover is a follow-up: write `phase: after` (or `phase: cutover`)".into(),
            ),
            DiagnosticKind::NotInScope { .. } => Some(
                "add the number to the step's `numbers:` list, or remove this `done:` entry".into(),
            ),
            DiagnosticKind::EmptyScope { .. } => Some(
                "list the numbers it applies to, write `numbers: all`, or drop `numbers:` for one fleet-wide step".into(),
            ),
            DiagnosticKind::NotAFleetStep { .. } => {
                Some("list it under the `done:` of each number it is done for".into())
            }
            DiagnosticKind::Domain(_)
            | DiagnosticKind::Unreadable { .. }
            | DiagnosticKind::YamlSyntax { .. }
            | DiagnosticKind::WrongType { .. }
            | DiagnosticKind::DuplicateWaba { .. }
            | DiagnosticKind::ConflictingFacts { .. } => None,
        }
    }
}

impl fmt::Display for DiagnosticKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiagnosticKind::Unreadable { reason } => write!(f, "cannot read the plan: {reason}"),
            DiagnosticKind::NotUtf8 { offset } => {
                write!(
                    f,
                    "the plan is not UTF-8 text (invalid byte at offset {offset})"
                )
            }
            DiagnosticKind::EmptyPlan => f.write_str("the plan is empty"),
            DiagnosticKind::YamlSyntax { message } => write!(f, "malformed YAML: {message}"),
            DiagnosticKind::UnknownKey { key, .. } => write!(f, "unknown key `{key}`"),
            DiagnosticKind::MissingKey { key } => write!(f, "missing required key `{key}`"),
            DiagnosticKind::WrongType { message } => write!(f, "wrong type: {message}"),
            DiagnosticKind::UnknownValue { value, .. } => write!(f, "unknown value `{value}`"),
            DiagnosticKind::DuplicateKey { key } => write!(f, "key `{key}` appears twice"),
            DiagnosticKind::InputTooComplex { message } => {
                write!(f, "the plan exceeds the loader's safety limits: {message}")
            }
            DiagnosticKind::PinInPlan => f.write_str(
                "a two-step verification PIN does not belong in a plan (the value is not shown)",
            ),
            DiagnosticKind::UnsupportedVersion { found } => {
                write!(
                    f,
                    "plan format version {found} is not supported (this wamigrate reads version 1)"
                )
            }
            DiagnosticKind::InvalidPhoneNumber { problem } => match problem {
                PhoneProblemKind::MissingCountryCode => {
                    f.write_str("phone number has no country code (no leading `+` or `00`)")
                }
                PhoneProblemKind::UnknownCountryCode(code) => {
                    write!(
                        f,
                        "phone number starts with `+{code}`, which is not an assigned country code"
                    )
                }
                PhoneProblemKind::WrongLength(n) => {
                    write!(
                        f,
                        "phone number has {n} digits; an international number has 7 to 15"
                    )
                }
                PhoneProblemKind::BadCharacter(c) => {
                    write!(
                        f,
                        "phone number contains `{}`, which is not a digit or separator",
                        c.escape_debug()
                    )
                }
                PhoneProblemKind::Empty => f.write_str("phone number is empty"),
                PhoneProblemKind::ShortCode | PhoneProblemKind::SenderId => {
                    f.write_str("phone number is not valid")
                }
            },
            DiagnosticKind::UnregistrableNumber { problem } => match problem {
                PhoneProblemKind::SenderId => f.write_str(
                    "an alphanumeric sender ID cannot be registered on WhatsApp (Genesys FAQ)",
                ),
                _ => f.write_str("a short code cannot be registered on WhatsApp (Genesys FAQ)"),
            },
            DiagnosticKind::DuplicateNumber { number } => {
                write!(f, "number {number} is listed twice")
            }
            DiagnosticKind::DuplicateStepId { id, with_catalog } => {
                if *with_catalog {
                    write!(f, "custom step id `{id}` is already a built-in step")
                } else {
                    write!(f, "step id `{id}` is defined twice")
                }
            }
            DiagnosticKind::UnknownStep { id, .. } => write!(f, "unknown step `{id}`"),
            DiagnosticKind::StepNotInSource {
                id, number, source, ..
            } => match (number, source) {
                (Some(number), Some(source)) => write!(
                    f,
                    "step `{id}` does not exist for {number}, whose source is `{source}`"
                ),
                _ => write!(f, "no number in this plan has step `{id}`"),
            },
            DiagnosticKind::DependencyCycle { path } => {
                write!(f, "dependency cycle: {}", path.join(" -> "))
            }
            DiagnosticKind::UnknownNumber { number } => {
                write!(f, "number `{number}` is not in this plan")
            }
            DiagnosticKind::UnknownWaba { id, .. } => write!(f, "unknown source WABA `{id}`"),
            DiagnosticKind::DuplicateWaba { id } => {
                write!(f, "source WABA `{id}` is declared twice")
            }
            DiagnosticKind::InvalidTimeZone { name, .. } => {
                write!(f, "`{name}` is not an IANA time zone")
            }
            DiagnosticKind::InvalidTimestamp { value } => {
                write!(f, "cannot read `{value}` as a time")
            }
            DiagnosticKind::InvalidLocalTime {
                value,
                zone,
                ambiguous,
            } => {
                if *ambiguous {
                    write!(f, "`{value}` happens twice in {zone} (clocks go back)")
                } else {
                    write!(f, "`{value}` does not exist in {zone} (clocks go forward)")
                }
            }
            DiagnosticKind::InvalidWindow => {
                f.write_str("the cutover window does not end after it starts")
            }
            DiagnosticKind::InvalidDuration { value, .. } => {
                write!(f, "cannot read `{value}` as a duration")
            }
            DiagnosticKind::SmsVerificationUnavailable => f.write_str(
                "a Genesys SMS-inventory number can only be verified by voice call (Genesys FAQ)",
            ),
            DiagnosticKind::ConflictingFacts { detail } => write!(f, "conflicting facts: {detail}"),
            DiagnosticKind::DoneTwice { id } => write!(f, "step `{id}` is marked done twice"),
            DiagnosticKind::PrepareAfterCutover { id, after } => write!(
                f,
                "custom step `{id}` is a prepare step (the default phase) but comes after `{after}`, which is part of or after the cutover"
            ),
            DiagnosticKind::NotInScope { id, number } => write!(
                f,
                "custom step `{id}` does not apply to {number} (its `numbers:` list leaves it out)"
            ),
            DiagnosticKind::EmptyScope { id } => {
                write!(f, "custom step `{id}` applies to no number (`numbers: []`)")
            }
            DiagnosticKind::Domain(warning) => write!(f, "{warning}"),
            DiagnosticKind::NotAFleetStep { id } => {
                write!(f, "step `{id}` belongs to each number, not to the fleet")
            }
        }
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
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// What went wrong.
    pub kind: DiagnosticKind,
    /// Error or warning.
    pub severity: Severity,
    /// The primary place; `None` only for problems with the file as a whole.
    pub span: Option<Span>,
    /// Related places.
    pub labels: Vec<Label>,
}

impl Diagnostic {
    /// An error at `span`.
    #[must_use]
    pub fn error(kind: DiagnosticKind, span: Span) -> Diagnostic {
        Diagnostic {
            kind,
            severity: Severity::Error,
            span: Some(span),
            labels: Vec::new(),
        }
    }

    /// A warning at `span`.
    #[must_use]
    pub fn warning(kind: DiagnosticKind, span: Span) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(kind, span)
        }
    }

    /// An error about the file as a whole.
    #[must_use]
    pub fn file_error(kind: DiagnosticKind) -> Diagnostic {
        Diagnostic {
            kind,
            severity: Severity::Error,
            span: None,
            labels: Vec::new(),
        }
    }

    /// Adds a secondary label.
    #[must_use]
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// The stable code.
    #[must_use]
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// Renders the diagnostic the way rustc and cargo do, with ANSI styles (the caller's stream
    /// strips them when colour is off).
    #[must_use]
    pub fn render(&self, file: &SourceFile) -> String {
        use anstyle::{AnsiColor, Style};
        let head = match self.severity {
            Severity::Error => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Severity::Warning => Style::new().bold().fg_color(Some(AnsiColor::Yellow.into())),
        };
        let bold = Style::new().bold();
        let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
        let word = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{head}{word}[{}]{head:#}{bold}: {}{bold:#}",
            self.code(),
            self.kind
        );
        let mut places: Vec<(Span, Option<&str>, bool)> = Vec::new();
        if let Some(span) = self.span {
            places.push((span, None, true));
        }
        for label in &self.labels {
            places.push((label.span, Some(label.message.as_str()), false));
        }
        let width = places
            .iter()
            .map(|(s, _, _)| s.line.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(width);
        match self.span {
            Some(span) => {
                let _ = writeln!(
                    out,
                    "{pad}{blue}-->{blue:#} {}:{}:{}",
                    file.name, span.line, span.column
                );
            }
            None => {
                let _ = writeln!(out, "{pad}{blue}-->{blue:#} {}", file.name);
            }
        }
        places.sort_by_key(|(s, _, _)| (s.line, s.column));
        places.retain(|(s, _, _)| file.span_line(*s).is_some());
        if !places.is_empty() {
            let _ = writeln!(out, "{pad} {blue}|{blue:#}");
        }
        for (span, message, primary) in places {
            let Some(text) = file.span_line(span) else {
                continue;
            };
            let text = redact_secrets(text);
            let text = truncate_line(&text, span.column);
            let _ = writeln!(out, "{blue}{:>width$} |{blue:#} {}", span.line, text.0);
            let column = usize::try_from(span.column).unwrap_or(1).saturating_sub(1);
            let marker_column = column.saturating_sub(text.1);
            // Never draw carets past the visible (possibly cut) line.
            let visible = text.0.chars().count().saturating_sub(marker_column).max(1);
            let span_chars = marker_width(file, span).min(visible);
            let (mark, style) = if primary { ("^", head) } else { ("-", blue) };
            let _ = writeln!(
                out,
                "{pad} {blue}|{blue:#} {}{style}{}{}{style:#}",
                " ".repeat(marker_column),
                mark.repeat(span_chars),
                message.map(|m| format!(" {m}")).unwrap_or_default()
            );
        }
        if let Some(help) = self.kind.help() {
            let _ = writeln!(out, "{pad} {blue}={blue:#} {bold}help{bold:#}: {help}");
        }
        out
    }
}

/// How many carets to draw under a span: its characters on its first line, at least one.
fn marker_width(file: &SourceFile, span: Span) -> usize {
    let end = span.offset.saturating_add(span.len).min(file.text.len());
    let text = file.text.get(span.offset..end).unwrap_or("");
    let first_line = text.split('\n').next().unwrap_or("");
    first_line.chars().count().clamp(1, 80)
}

/// Long lines (minified or hostile input) are cut around the column of interest; returns the
/// visible text and how many characters were dropped from its start.
fn truncate_line(text: &str, column: u32) -> (String, usize) {
    const WIDTH: usize = 120;
    let count = text.chars().count();
    if count <= WIDTH {
        return (text.to_string(), 0);
    }
    let column = usize::try_from(column).unwrap_or(0);
    let start = column.saturating_sub(WIDTH / 2).min(count - WIDTH);
    let visible: String = text.chars().skip(start).take(WIDTH).collect();
    if start == 0 {
        (format!("{visible}…"), 0)
    } else {
        // The leading ellipsis takes one column, so the caret shifts by start - 1.
        (format!("…{visible}…"), start.saturating_sub(1))
    }
}

/// Hides the value of any key that looks like a PIN (block or flow style), so a plan that
/// wrongly contains one never has it echoed back in a diagnostic.
#[must_use]
pub fn redact_secrets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(colon) = rest.find(':') {
        let (before, after) = rest.split_at(colon);
        out.push_str(before);
        out.push(':');
        let after = &after[1..];
        let key_start = before
            .rfind(|c: char| matches!(c, '{' | ',' | '-' | '[') || c.is_whitespace())
            .map_or(0, |i| i + 1);
        // Keep the key's case: `is_secret_key` splits camelCase words (`registrationPin`).
        let key = before[key_start..].trim_matches(['"', '\'']);
        let value = after.trim_start();
        // `pin_known` is a yes/no fact; anything else written there may be the PIN itself.
        let odd_pin_known = key.eq_ignore_ascii_case("pin_known")
            && !(value.starts_with("true") || value.starts_with("false"));
        if (is_secret_key(key) || odd_pin_known) && !after.trim().is_empty() {
            let in_flow = out.contains(['{', '[']);
            let value_end = if in_flow {
                after.find([',', '}']).unwrap_or(after.len())
            } else {
                after.len()
            };
            out.push_str(" <redacted>");
            rest = &after[value_end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether a key name looks like it holds a PIN or password: a word of it (split on `_`, `-`
/// and case changes) is `pin`, `pincode`, `password`, `passcode` or `passwd`. `pin_known` is the
/// plan's yes/no fact and is not secret.
#[must_use]
pub fn is_secret_key(key: &str) -> bool {
    let key = key.trim_matches(['"', '\'']);
    if key.eq_ignore_ascii_case("pin_known") {
        return false;
    }
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in key.chars() {
        let after_lower = std::mem::replace(&mut previous_lower, c.is_ascii_lowercase());
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            words.push(std::mem::take(&mut current));
        } else if c.is_ascii_uppercase() && after_lower {
            words.push(std::mem::take(&mut current));
            current.push(c.to_ascii_lowercase());
        } else {
            current.push(c.to_ascii_lowercase());
        }
    }
    words.push(current);
    words.iter().any(|w| {
        matches!(
            w.as_str(),
            "pin" | "pincode" | "password" | "passcode" | "passwd"
        )
    })
}

/// The candidate closest to `word` by edit distance, if close enough to be a plausible typo.
#[must_use]
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c)
}

impl Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Diagnostic", 9)?;
        s.serialize_field("code", self.code())?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("message", &self.kind.to_string())?;
        s.serialize_field("help", &self.kind.help())?;
        s.serialize_field("line", &self.span.map(|x| x.line))?;
        s.serialize_field("column", &self.span.map(|x| x.column))?;
        s.serialize_field("offset", &self.span.map(|x| x.offset))?;
        s.serialize_field("len", &self.span.map(|x| x.len))?;
        s.serialize_field("labels", &self.labels)?;
        s.end()
    }
}

/// Sorts diagnostics by position (file-level ones first), errors before warnings at a tie.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| (d.span.map(|s| (s.line, s.column)), d.severity));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_all_listed() {
        let mut codes = DiagnosticKind::ALL_CODES.to_vec();
        codes.sort_unstable();
        let before = codes.len();
        codes.dedup();
        assert_eq!(before, codes.len(), "a diagnostic code is listed twice");
        assert!(codes.contains(&DiagnosticKind::PinInPlan.code()));
    }

    #[test]
    fn pin_value_is_redacted() {
        assert_eq!(redact_secrets("    pin: 123456"), "    pin: <redacted>");
        assert_eq!(
            redact_secrets("  - two_step_pin: '123456'"),
            "  - two_step_pin: <redacted>"
        );
        assert_eq!(redact_secrets("    pin_known: true"), "    pin_known: true");
        assert_eq!(
            redact_secrets("    partner: 360dialog"),
            "    partner: 360dialog"
        );
        assert_eq!(
            redact_secrets("    pin_known: 481516"),
            "    pin_known: <redacted>"
        );
        assert_eq!(redact_secrets("    shipping: fast"), "    shipping: fast");
        assert_eq!(
            redact_secrets("    registrationPin: 1234"),
            "    registrationPin: <redacted>"
        );
        assert_eq!(
            redact_secrets("  genesys: {region: a, pin: 123456, org: b}"),
            "  genesys: {region: a, pin: <redacted>, org: b}"
        );
        assert_eq!(
            redact_secrets("  at: 2026-12-01T10:00"),
            "  at: 2026-12-01T10:00"
        );
        assert_eq!(
            redact_secrets("    pin: \"12,3456\""),
            "    pin: <redacted>"
        );
    }

    #[test]
    fn secret_keys_are_whole_words() {
        for key in [
            "pin",
            "PIN",
            "two_step_pin",
            "pinCode",
            "registration-pin",
            "password",
            "passcode",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in ["pin_known", "shipping", "mapping", "spinner", "pinned"] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    #[test]
    fn closest_suggests_typos_only() {
        let keys = ["disconnect_ahead", "partner", "waba"];
        assert_eq!(closest("disconect_ahead", keys), Some("disconnect_ahead"));
        assert_eq!(closest("zzz", keys), None);
    }

    #[test]
    fn render_points_at_line_and_column() {
        let file = SourceFile::new("plan.yaml", "version: 1\nplan:\n  nme: x\n");
        let d = Diagnostic::error(
            DiagnosticKind::UnknownKey {
                key: "nme".into(),
                expected: vec!["name".into()],
            },
            Span {
                line: 3,
                column: 3,
                offset: 19,
                len: 3,
            },
        );
        let text = d.render(&file);
        let plain = String::from_utf8(strip(text.as_bytes())).unwrap();
        assert_eq!(
            plain,
            "error[unknown-key]: unknown key `nme`\n --> plan.yaml:3:3\n  |\n3 |   nme: x\n  |   ^^^\n  = help: did you mean `name`?\n"
        );
    }

    fn strip(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut stream = anstream::StripStream::new(&mut out);
        std::io::Write::write_all(&mut stream, bytes).unwrap();
        out
    }
}
