//! The validated plan: every value checked, every reference that can be checked without the step
//! graph resolved, every position kept.
//!
//! The stage runs `load` (bytes, bounded) → `yaml` (located nodes, secrets) → `shape` (the
//! [`raw::RawPlan`], every shape problem reported) → `validate` (the [`Plan`]). A [`Plan`] holds
//! only entries that passed every check; when some did not, the pipeline still compiles the rest
//! to report every problem at once, but hands out no graph (see [`crate::pipeline`]).

pub mod diags;
pub mod load;
pub mod phone;
pub mod raw;
pub mod shape;
pub mod time;
pub mod validate;
pub mod yaml;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::catalog::{Estimate, NumberFacts, Owner, Phase, SourceKind};
use crate::source::Span;
pub use phone::E164;
pub use raw::{
    AppKind, ButtonKind, Dropped, HeaderKind, LineType, NameStatus, SourceAdmin, TemplateCategory,
    TemplateQuality, TemplateStatus, VerificationMethod, WabaStatus,
};

/// A checked migration plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Human name.
    pub name: String,
    /// Destination Genesys Cloud region, org and time zone.
    pub destination: Destination,
    /// Planned cutover window, if any.
    pub cutover_window: Option<Window>,
    /// The Genesys partner that drafts or runs the migration, if any.
    pub implementation_partner: Option<String>,
    /// Longest acceptable downtime per number, in minutes.
    pub downtime_budget_minutes: Option<u32>,
    /// Non-working dates in the destination (weekends are always non-working).
    pub holidays: Vec<chrono::NaiveDate>,
    /// When each party works.
    pub calendars: Calendars,
    /// Fleet steps already done.
    pub fleet_done: Vec<Done>,
    /// Fleet steps under way.
    pub fleet_started: Vec<Started>,
    /// Source WABAs with shared templates.
    pub wabas: Vec<Waba>,
    /// The numbers, in the order written.
    pub numbers: Vec<Number>,
    /// Custom steps, in the order written.
    pub custom_steps: Vec<CustomStep>,
    /// Overrides of catalogue defaults.
    pub overrides: Vec<Override>,
    /// Entries dropped by an earlier problem (already reported), so a reference to them is not
    /// reported again.
    pub dropped: Dropped,
}

impl Plan {
    /// The plan's number closest to `number` (a digit off, two swapped), for a "did you mean":
    /// what `--number` and `record` name when a number is not the plan's.
    #[must_use]
    pub fn nearest_number(&self, number: &E164) -> Option<&str> {
        crate::suggest::closest(
            number.as_str(),
            self.numbers.iter().map(|m| m.e164.as_str()),
        )
    }
}

/// Where the numbers go.
#[derive(Debug, Clone)]
pub struct Destination {
    /// Genesys Cloud region.
    pub region: String,
    /// Genesys Cloud org.
    pub org: String,
    /// The destination's time zone (business days and local times are read in it).
    pub time_zone: Tz,
    /// Whether the Meta business is verified.
    pub business_verified: bool,
    /// How many phone numbers the portfolio holds while unverified.
    pub unverified_number_limit: u32,
    /// The customer's business portfolio, if named.
    pub portfolio: Option<String>,
}

/// A planned cutover window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
}

/// When each party works: people by their calendar, Meta around the clock.
#[derive(Debug, Clone)]
pub struct Calendars {
    /// Customer, source partner, Genesys, carrier, implementation partner (in `Owner::ALL`
    /// order, Meta left out).
    pub parties: [crate::calendar::Calendar; 5],
    /// Around the clock, in the destination's zone (Meta's reviews and waits).
    pub around: crate::calendar::Calendar,
}

impl Calendars {
    /// Monday to Friday, 09:00-17:00 in `zone` for every party, minus `holidays`.
    #[must_use]
    pub fn office(zone: Tz, holidays: &[chrono::NaiveDate]) -> Calendars {
        let office = crate::calendar::Calendar::office(zone, holidays);
        Calendars {
            parties: [
                office.clone(),
                office.clone(),
                office.clone(),
                office.clone(),
                office,
            ],
            around: crate::calendar::Calendar::around_the_clock(zone, holidays),
        }
    }

    /// The working calendar of an owner (Meta: around the clock).
    #[must_use]
    pub fn of(&self, owner: Owner) -> &crate::calendar::Calendar {
        match owner {
            Owner::Customer => &self.parties[0],
            Owner::SourcePartner => &self.parties[1],
            Owner::Genesys => &self.parties[2],
            Owner::Carrier => &self.parties[3],
            Owner::ImplementationPartner => &self.parties[4],
            Owner::Meta => &self.around,
        }
    }
}

/// A step under way since a known moment (for a request: when it was sent).
#[derive(Debug, Clone, PartialEq)]
pub struct Started {
    /// The step id as written.
    pub step: String,
    /// Where it was written.
    pub span: Span,
    /// When it started.
    pub at: DateTime<Utc>,
    /// Who started it, if recorded.
    pub by: Option<String>,
}

/// A step recorded as done.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// The step id as written.
    pub step: String,
    /// Where it was written.
    pub span: Span,
    /// When it was done, if recorded.
    pub at: Option<DateTime<Utc>>,
    /// Who did it, if recorded.
    pub by: Option<String>,
}

/// A source WABA with templates shared by its numbers.
#[derive(Debug, Clone)]
pub struct Waba {
    /// Its id in the plan.
    pub id: String,
    /// Its templates.
    pub templates: Vec<Template>,
}

/// One number to migrate.
#[derive(Debug, Clone)]
pub struct Number {
    /// The number in E.164 form.
    pub e164: E164,
    /// Where it was written.
    pub span: Span,
    /// WhatsApp display name.
    pub display_name: Option<String>,
    /// Meta's review status of the display name.
    pub display_name_status: NameStatus,
    /// Where it comes from.
    pub source: Source,
    /// Where the source was written.
    pub source_span: Span,
    /// Where a `new` number's `line:` value was written.
    pub line_span: Option<Span>,
    /// Has the Official Business Account badge.
    pub official_business_account: bool,
    /// Someone confirmed the platform is available where the line is.
    pub country_availability_confirmed: bool,
    /// Someone confirmed the number and its line with the carrier (silences numbering warnings).
    pub numbering_confirmed: bool,
    /// When Meta rejected an Official Business Account request, if it did.
    pub oba_request_rejected_at: Option<DateTime<Utc>>,
    /// The source WABA's standing, portfolio and hosting (Engage and BSP numbers).
    pub source_waba: SourceWaba,
    /// Requested verification method.
    pub verification: Option<VerificationMethod>,
    /// Steps done.
    pub done: Vec<Done>,
    /// Steps under way.
    pub started: Vec<Started>,
    /// Its own templates.
    pub templates: Vec<Template>,
    /// Index into [`Plan::wabas`] of its source WABA, if declared.
    pub waba: Option<usize>,
    /// Earlier registrations and budgeted retries (Meta's registration quota).
    pub registrations: Registrations,
}

impl Number {
    /// The display name as reports show it: `None` when absent or when it shows nothing (only
    /// spaces or invisible characters, [`diags::is_blank`]), so both read "(no display name)"
    /// rather than one of them as a blank.
    #[must_use]
    pub fn shown_name(&self) -> Option<&str> {
        self.display_name
            .as_deref()
            .filter(|name| !diags::is_blank(name))
    }
}

/// What the plan says about a number's source WABA beyond its kind's fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceWaba {
    /// Its standing with Meta.
    pub status: WabaStatus,
    /// The business portfolio that holds it, if named.
    pub portfolio: Option<String>,
    /// The number is still on the On-Premises API.
    pub on_premises: bool,
    /// The number is banned from WhatsApp (`banned: true` on an `app` or `new` source): it is
    /// unbanned by appeal before it can be registered (MPN).
    pub banned: bool,
}

impl Default for SourceWaba {
    fn default() -> SourceWaba {
        SourceWaba {
            status: WabaStatus::Active,
            portfolio: None,
            on_premises: false,
            banned: false,
        }
    }
}

/// What has used, or will use, a number's registration quota besides its own `save-integration`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Registrations {
    /// Registrations attempted before (any outcome), in the order written.
    pub earlier: Vec<DateTime<Utc>>,
    /// Extra attempts budgeted for at the cutover.
    pub retries: u32,
    /// Where `registrations:` was written.
    pub span: Option<Span>,
}

/// What the plan says about a number's line: what decides how Meta's one-time code reaches it.
/// A `new` number always states its kind of line; a migrating one may (GFAQ: the same limits
/// hold for every verification, and a migration verifies the number again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineFacts {
    /// The kind of line, when stated.
    pub kind: Option<LineType>,
    /// The number sits behind an IVR.
    pub behind_ivr: bool,
    /// The IVR can be taken out of the path for the verification call.
    pub can_bypass_ivr: bool,
}

impl LineFacts {
    /// Whether the plan says anything about the line.
    #[must_use]
    pub fn is_stated(&self) -> bool {
        self.kind.is_some() || self.behind_ivr || self.can_bypass_ivr
    }
}

/// Where a number comes from, with what matters for that kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// Genesys Engage.
    Engage {
        /// The partner billed for the Engage WABA, if known.
        partner: Option<String>,
        /// Who administers the Engage WABA.
        admin: SourceAdmin,
        /// Its line, as far as the plan says.
        line: LineFacts,
    },
    /// Another solution partner.
    Bsp {
        /// Its name.
        partner: String,
        /// Who administers the source WABA.
        admin: SourceAdmin,
        /// Removed from the partner before the cutover.
        disconnect_ahead: bool,
        /// Its line, as far as the plan says.
        line: LineFacts,
    },
    /// Another Genesys Cloud region/org.
    Genesys {
        /// Old region.
        region: String,
        /// Old org.
        org: String,
        /// The original PIN is known.
        pin_known: bool,
        /// Its line, as far as the plan says.
        line: LineFacts,
    },
    /// The phone app.
    App {
        /// Which app.
        app: Option<AppKind>,
        /// Its line, as far as the plan says.
        line: LineFacts,
    },
    /// A new number.
    New {
        /// Line type.
        line: LineType,
        /// Behind an IVR (toll-free).
        behind_ivr: bool,
        /// The IVR can be bypassed.
        can_bypass_ivr: bool,
    },
    /// Already integrated in the destination org: it stays and changes its display name.
    NameChange {
        /// The name it shows today, if written.
        old_name: Option<String>,
        /// The PIN on the number is known.
        pin_known: bool,
        /// Its line, as far as the plan says: the re-integration verifies the number again.
        line: LineFacts,
    },
}

impl Source {
    /// The kind.
    #[must_use]
    pub fn kind(&self) -> SourceKind {
        match self {
            Source::Engage { .. } => SourceKind::Engage,
            Source::Bsp { .. } => SourceKind::Bsp,
            Source::Genesys { .. } => SourceKind::Genesys,
            Source::App { .. } => SourceKind::App,
            Source::New { .. } => SourceKind::New,
            Source::NameChange { .. } => SourceKind::NameChange,
        }
    }

    /// Whether the plan says the number's current PIN is known (`pin_known: true`), for the
    /// routes that re-register with it.
    #[must_use]
    pub fn pin_known(&self) -> bool {
        matches!(
            self,
            Source::Genesys {
                pin_known: true,
                ..
            } | Source::NameChange {
                pin_known: true,
                ..
            }
        )
    }

    /// Whether the number arrives in the destination org (it is not there already, and it is
    /// not a move between Genesys Cloud orgs, whose configuration is rebuilt by its own step).
    #[must_use]
    pub fn is_arrival(&self) -> bool {
        !matches!(self, Source::Genesys { .. } | Source::NameChange { .. })
    }

    /// The route this number takes, as an index into [`crate::catalog::ROUTES`]: its kind's,
    /// without the line steps when the plan says nothing of its line.
    #[must_use]
    pub fn route_index(&self) -> usize {
        crate::catalog::route_index(self.kind(), self.line().is_stated())
    }

    /// The route this number takes (see [`Source::route_index`]).
    #[must_use]
    pub fn route(&self) -> &'static crate::catalog::Route {
        crate::catalog::ROUTES[self.route_index()]
    }

    /// What the plan says about the number's line.
    #[must_use]
    pub fn line(&self) -> LineFacts {
        match *self {
            Source::Engage { line, .. }
            | Source::Bsp { line, .. }
            | Source::Genesys { line, .. }
            | Source::App { line, .. }
            | Source::NameChange { line, .. } => line,
            Source::New {
                line,
                behind_ivr,
                can_bypass_ivr,
            } => LineFacts {
                kind: Some(line),
                behind_ivr,
                can_bypass_ivr,
            },
        }
    }

    /// The facts that decide which conditional steps apply.
    #[must_use]
    pub fn facts(&self) -> NumberFacts {
        let line = self.line();
        NumberFacts {
            disconnect_ahead: matches!(
                self,
                Source::Bsp {
                    disconnect_ahead: true,
                    ..
                }
            ),
            sms_inventory: line.kind == Some(LineType::SmsInventory),
            behind_ivr: line.behind_ivr,
            ivr_bypass: line.can_bypass_ivr,
            // Every line Genesys does not provide must take Meta's international SMS or call;
            // a toll-free line behind an IVR has its own path (the IVR steps).
            check_reachability: matches!(
                line.kind,
                Some(LineType::Mobile | LineType::Landline | LineType::Direct)
            ) || (line.kind == Some(LineType::TollFree) && !line.behind_ivr),
            ..NumberFacts::default()
        }
    }

    /// Who administers the source WABA, as a step owner.
    #[must_use]
    pub fn admin_owner(&self) -> Option<Owner> {
        match self {
            Source::Engage { admin, .. } | Source::Bsp { admin, .. } => Some(match admin {
                SourceAdmin::Customer => Owner::Customer,
                SourceAdmin::Partner => Owner::SourcePartner,
                SourceAdmin::Genesys => Owner::Genesys,
            }),
            _ => None,
        }
    }

    /// The name of the partner billed before the hand-over, if any.
    #[must_use]
    pub fn partner(&self) -> Option<&str> {
        match self {
            Source::Bsp { partner, .. } => Some(partner),
            Source::Engage { partner, .. } => partner.as_deref(),
            _ => None,
        }
    }

    /// Whether the number moves from one WABA to another (templates are duplicated, the old
    /// partner stops billing).
    #[must_use]
    pub fn is_waba_migration(&self) -> bool {
        matches!(self, Source::Engage { .. } | Source::Bsp { .. })
    }
}

/// Button layout of a template.
#[derive(Debug, Clone, PartialEq)]
pub enum Buttons {
    /// Only the count is known.
    Count(u64),
    /// Each button's kind.
    Kinds(Vec<ButtonKind>),
}

impl Buttons {
    /// How many buttons.
    #[must_use]
    pub fn count(&self) -> u64 {
        match self {
            Buttons::Count(n) => *n,
            Buttons::Kinds(kinds) => kinds.len() as u64,
        }
    }
}

/// One message template.
#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// Name.
    pub name: String,
    /// Language.
    pub language: String,
    /// Category.
    pub category: TemplateCategory,
    /// Review status.
    pub status: TemplateStatus,
    /// Quality rating.
    pub quality: TemplateQuality,
    /// Buttons, if given.
    pub buttons: Option<Buttons>,
    /// The header's kind, if given.
    pub header: Option<HeaderKind>,
    /// Where it was written.
    pub span: Span,
}

impl Template {
    /// Only Approved templates with a Green quality rating are copied to the destination WABA
    /// (GFAQ; MMPS).
    #[must_use]
    pub fn is_duplicated(&self) -> bool {
        self.status == TemplateStatus::Approved && self.quality == TemplateQuality::Green
    }
}

/// A reference to a step id, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRef {
    /// The id.
    pub id: String,
    /// Where.
    pub span: Span,
}

/// Which numbers a custom step is repeated for.
#[derive(Debug, Clone, PartialEq)]
pub enum Scope {
    /// One fleet-wide step.
    Fleet,
    /// One copy per number (indices into [`Plan::numbers`]).
    Numbers(Vec<usize>),
}

/// A custom step that extends the generated runbook.
#[derive(Debug, Clone)]
pub struct CustomStep {
    /// Id.
    pub id: String,
    /// Where the id was written.
    pub span: Span,
    /// Title.
    pub title: String,
    /// Who does it.
    pub owner: Owner,
    /// When.
    pub phase: Phase,
    /// How long.
    pub estimate: Option<Estimate>,
    /// Steps first.
    pub after: Vec<StepRef>,
    /// Steps that wait for it.
    pub before: Vec<StepRef>,
    /// Fleet-wide or per number.
    pub scope: Scope,
    /// Why it matters.
    pub reason: Option<String>,
    /// What to do.
    pub action: Option<String>,
}

/// A plan-level change to a catalogue default.
#[derive(Debug, Clone)]
pub struct Override {
    /// The catalogue step.
    pub step: String,
    /// Where.
    pub span: Span,
    /// New estimate.
    pub estimate: Option<Estimate>,
    /// New owner.
    pub owner: Option<Owner>,
    /// The numbers it applies to (indices into [`Plan::numbers`]); `None`: all of them.
    pub numbers: Option<Vec<usize>>,
}
