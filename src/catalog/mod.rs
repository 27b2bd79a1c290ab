//! The domain knowledge: which steps each migration source needs, who owns them, how long they take,
//! what starts and ends downtime, and who is billed when. Every entry names its public source with a
//! tag from `docs/sources.md` (the same tags as `shared/reference/domain-facts.md`).
//!
//! Nothing outside this module knows a step id by name: the compiler walks the [`Route`] of a
//! number's source kind, the evaluator reads the roles recorded here. To answer "where is the
//! downtime rule for Engage?", look at [`steps::ENGAGE`].

pub mod errors;
pub mod numbering;
pub mod steps;

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Where a number comes from; each kind has its own [`Route`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Live in Genesys Engage's WhatsApp integration.
    Engage,
    /// Registered through another WhatsApp solution partner (BSP).
    Bsp,
    /// Integrated in another Genesys Cloud region or org.
    Genesys,
    /// Registered in the WhatsApp Messenger or WhatsApp Business phone app.
    App,
    /// Not on WhatsApp yet.
    New,
    /// Already integrated in the destination org; stays there and changes its display name.
    NameChange,
}

impl SourceKind {
    /// Every kind, in documentation order.
    pub const ALL: [SourceKind; 6] = [
        SourceKind::Engage,
        SourceKind::Bsp,
        SourceKind::Genesys,
        SourceKind::App,
        SourceKind::New,
        SourceKind::NameChange,
    ];

    /// "an" or "a", the article before the kind's name in a sentence ("an engage number").
    #[must_use]
    pub fn article(self) -> &'static str {
        match self {
            SourceKind::Engage | SourceKind::App => "an",
            _ => "a",
        }
    }

    /// The name used in plans and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Engage => "engage",
            SourceKind::Bsp => "bsp",
            SourceKind::Genesys => "genesys",
            SourceKind::App => "app",
            SourceKind::New => "new",
            SourceKind::NameChange => "name_change",
        }
    }

    /// The route (ordered step list) for this kind: every step a number of this kind can have.
    #[must_use]
    pub fn route(self) -> &'static Route {
        ROUTES[self.index()]
    }

    /// Its place in [`SourceKind::ALL`] (and in [`ROUTES`]).
    #[must_use]
    pub const fn index(self) -> usize {
        match self {
            SourceKind::Engage => 0,
            SourceKind::Bsp => 1,
            SourceKind::Genesys => 2,
            SourceKind::App => 3,
            SourceKind::New => 4,
            SourceKind::NameChange => 5,
        }
    }
}

/// Every route a number can take, by index (a graph node names its step by route and place):
/// each kind's full route in [`SourceKind::ALL`] order, then, for every kind but `new` (whose
/// line is always stated), the route without the line steps, taken by a number whose plan says
/// nothing of its line.
pub static ROUTES: [&Route; 11] = [
    &steps::ENGAGE,
    &steps::BSP,
    &steps::GENESYS,
    &steps::APP,
    &steps::NEW,
    &steps::NAME_CHANGE,
    &steps::ENGAGE_LINE_UNSTATED,
    &steps::BSP_LINE_UNSTATED,
    &steps::GENESYS_LINE_UNSTATED,
    &steps::APP_LINE_UNSTATED,
    &steps::NAME_CHANGE_LINE_UNSTATED,
];

/// The index in [`ROUTES`] of the route a number of `kind` takes; `line_stated`: whether its
/// plan states anything about its line (a `new` number always does; every other kind verifies
/// the number again, a display-name change included).
#[must_use]
pub const fn route_index(kind: SourceKind, line_stated: bool) -> usize {
    if line_stated {
        return kind.index();
    }
    match kind {
        SourceKind::Engage | SourceKind::Bsp | SourceKind::Genesys | SourceKind::App => {
            SourceKind::ALL.len() + kind.index()
        }
        // After the four above: `new` has no route without its line.
        SourceKind::NameChange => SourceKind::ALL.len() + 4,
        SourceKind::New => kind.index(),
    }
}

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who must act for a step to get done.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Owner {
    /// The business that owns the number and the Meta business portfolio.
    Customer,
    /// The solution partner (or Engage team) that administers the source WABA.
    SourcePartner,
    /// Genesys (support, the WhatsApp team).
    Genesys,
    /// Meta / WhatsApp (reviews, verification calls).
    Meta,
    /// The telephony carrier or whoever runs the line.
    Carrier,
    /// The partner running the migration for the customer (`plan.implementation_partner`):
    /// an owner for the plan's own steps and overrides; no catalogue step names it.
    ImplementationPartner,
}

impl Owner {
    /// Every owner, in report order.
    pub const ALL: [Owner; 6] = [
        Owner::Customer,
        Owner::SourcePartner,
        Owner::Genesys,
        Owner::Meta,
        Owner::Carrier,
        Owner::ImplementationPartner,
    ];

    /// The name used in plans and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Owner::Customer => "customer",
            Owner::SourcePartner => "source-partner",
            Owner::Genesys => "genesys",
            Owner::Meta => "meta",
            Owner::Carrier => "carrier",
            Owner::ImplementationPartner => "implementation-partner",
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// When a step happens relative to the cutover.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Must be done before the cutover can start; unfinished ones block it.
    Prepare,
    /// The cutover itself (downtime, if any, happens here).
    Cutover,
    /// Follow-ups once the number is live on Genesys Cloud.
    After,
}

impl Phase {
    /// The name used in plans and reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Prepare => "prepare",
            Phase::Cutover => "cutover",
            Phase::After => "after",
        }
    }
}

/// An amount of time: wall-clock minutes, or business days in the destination's calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// Minutes of elapsed time.
    Minutes(u32),
    /// Business days (Monday to Friday in the destination's time zone).
    BusinessDays(u32),
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Amount::Minutes(m) if m >= 1440 && m % 1440 == 0 => write!(f, "{}d", m / 1440),
            Amount::Minutes(m) if m >= 60 && m % 60 == 0 => write!(f, "{}h", m / 60),
            Amount::Minutes(m) => write!(f, "{m}m"),
            Amount::BusinessDays(d) => write!(f, "{d}bd"),
        }
    }
}

/// How long a step takes: shortest, expected and longest (when a source gives a longest: "at least
/// 2-3 business days" has none, and wamigrate never makes one up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Estimate {
    /// Shortest.
    pub min: Amount,
    /// Expected (what plans are built on).
    pub expected: Amount,
    /// Longest; `None` when no source bounds it.
    pub max: Option<Amount>,
}

impl Estimate {
    /// An estimate in minutes.
    #[must_use]
    pub const fn minutes(min: u32, expected: u32, max: u32) -> Estimate {
        Estimate {
            min: Amount::Minutes(min),
            expected: Amount::Minutes(expected),
            max: Some(Amount::Minutes(max)),
        }
    }

    /// An estimate in business days.
    #[must_use]
    pub const fn business_days(min: u32, expected: u32, max: u32) -> Estimate {
        Estimate {
            min: Amount::BusinessDays(min),
            expected: Amount::BusinessDays(expected),
            max: Some(Amount::BusinessDays(max)),
        }
    }

    /// A lead time in business days with a floor and no known ceiling ("at least ...").
    #[must_use]
    pub const fn at_least_business_days(min: u32, expected: u32) -> Estimate {
        Estimate {
            min: Amount::BusinessDays(min),
            expected: Amount::BusinessDays(expected),
            max: None,
        }
    }

    /// The amount for a figure: shortest, expected or longest (`None`: no longest is known).
    #[must_use]
    pub fn figure(&self, figure: Figure) -> Option<Amount> {
        match figure {
            Figure::Min => Some(self.min),
            Figure::Expected => Some(self.expected),
            Figure::Max => self.max,
        }
    }
}

/// The lead time of a step done by someone else for the customer (a Genesys support ticket, a
/// request to the old partner): 1 to 3 business days, expected 2. No source gives a figure; this
/// is an inferred, cautious default that `overrides` can change (docs/sources.md).
pub const TICKET_LEAD_TIME: Estimate = Estimate::business_days(1, 2, 3);

/// Which of an estimate's figures a schedule is built on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// The shortest.
    Min,
    /// The expected.
    Expected,
    /// The longest.
    Max,
}

impl fmt::Display for Estimate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.max {
            Some(max) if self.min == max => write!(f, "{}", self.expected),
            Some(max) => write!(f, "{}..{max} (expected {})", self.min, self.expected),
            None => write!(f, "at least {} (expected {})", self.min, self.expected),
        }
    }
}

/// Whose hours a step's duration runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Clock {
    /// Work done by people: it advances only in the owner's working hours.
    Working,
    /// A review or a wait (Meta's, a release): it runs around the clock.
    Around,
}

/// One kind of step: what it is, who does it, and the public source that says it is needed.
#[derive(Debug)]
pub struct StepDef {
    /// Stable kebab-case id, used in plans (`done:`, `after:`) and reports.
    pub id: &'static str,
    /// Short imperative title.
    pub title: &'static str,
    /// Who must act (a route may hand it to the source WABA's administrator instead).
    pub owner: Owner,
    /// Before, during or after the cutover.
    pub phase: Phase,
    /// How long it takes: from a source where one says, else a cautious default marked
    /// `inferred` in `sources`.
    pub estimate: Option<Estimate>,
    /// Whose hours the duration runs in.
    pub clock: Clock,
    /// What "done" means for this step (and, for a request, what "started" means).
    pub done_when: &'static str,
    /// Why it matters: what goes wrong if it is skipped.
    pub reason: &'static str,
    /// What the owner should do.
    pub action: &'static str,
    /// Source tags (see `docs/sources.md`).
    pub sources: &'static [&'static str],
}

/// Facts about a number that decide whether a conditional step applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[allow(
    clippy::struct_excessive_bools,
    reason = "independent yes/no facts from the plan"
)]
pub struct NumberFacts {
    /// A `bsp` number is removed from the old partner before the cutover.
    pub disconnect_ahead: bool,
    /// A `new` number from Genesys's SMS inventory.
    pub sms_inventory: bool,
    /// A toll-free number that sits behind an IVR.
    pub behind_ivr: bool,
    /// The IVR can be bypassed for the verification call.
    pub ivr_bypass: bool,
    /// A number whose line must be checked for international SMS/calls (mobile, landline, direct).
    pub check_reachability: bool,
    /// The plan lists templates for the number (its own or its source WABA's).
    pub has_templates: bool,
    /// The source WABA is restricted or disabled by Meta.
    pub source_waba_restricted: bool,
    /// The number is still on the On-Premises API.
    pub on_premises: bool,
    /// The number is banned from WhatsApp (`banned: true` on an `app` or `new` source).
    pub number_banned: bool,
    /// The number arrives on WhatsApp from a country where the WhatsApp Business Platform is not
    /// available, in the list partners give ([`country_restriction`]).
    pub country_restricted: bool,
}

/// When a route step applies to a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Condition {
    /// Always.
    Always,
    /// Only when the number is disconnected from the old partner ahead of cutover.
    DisconnectAhead,
    /// Only when the number stays connected to the old partner until it migrates, so its
    /// templates are copied (not `disconnect_ahead`).
    StaysConnected,
    /// Only for a Genesys SMS-inventory long code.
    SmsInventory,
    /// Only for a number behind an IVR that can be bypassed.
    IvrBypass,
    /// Only for a number behind an IVR that cannot be bypassed.
    IvrNoBypass,
    /// Only for lines Genesys does not provide: mobile, landline, direct, and toll-free not behind an
    /// IVR.
    CheckReachability,
    /// Only when the plan lists templates for the number.
    HasTemplates,
    /// Only when the plan lists templates for a number disconnected ahead, whose templates are
    /// then not copied.
    TemplatesNotCopied,
    /// Only when the source WABA is restricted or disabled.
    SourceWabaRestricted,
    /// Only for a number still on the On-Premises API.
    OnPremises,
    /// Only for a number banned from WhatsApp, which must be unbanned by appeal first.
    NumberBanned,
    /// Only for a number arriving from a country where the platform is not available.
    CountryRestricted,
}

impl Condition {
    /// When a step with this condition applies, as a phrase after "it applies only" (`None`
    /// for a step that always applies).
    #[must_use]
    pub fn describe(self) -> Option<&'static str> {
        Some(match self {
            Condition::Always => return None,
            Condition::DisconnectAhead => {
                "when the number is disconnected from the old partner ahead of the cutover (`disconnect_ahead: true`)"
            }
            Condition::StaysConnected => {
                "when the number stays connected to the old partner until it migrates, so its templates are copied (not `disconnect_ahead: true`)"
            }
            Condition::SmsInventory => "to a long code from Genesys's SMS inventory",
            Condition::IvrBypass => "to a number behind an IVR that can be bypassed",
            Condition::IvrNoBypass => "to a number behind an IVR that cannot be bypassed",
            Condition::CheckReachability => {
                "to a mobile, landline or direct line, or a toll-free one not behind an IVR"
            }
            Condition::HasTemplates => "when the plan lists templates for the number",
            Condition::TemplatesNotCopied => {
                "when the number is disconnected ahead (`disconnect_ahead: true`) and the plan lists templates for it, which are then not copied"
            }
            Condition::SourceWabaRestricted => {
                "when the source WABA is restricted or disabled (`waba_status`)"
            }
            Condition::OnPremises => "to a number still on the On-Premises API",
            Condition::NumberBanned => "when the number is banned from WhatsApp (`banned: true`)",
            Condition::CountryRestricted => {
                "to a number from a country where the WhatsApp Business Platform is not available (+53, +98, +850, +963)"
            }
        })
    }

    /// Whether the condition follows from a fact the plan states (`disconnect_ahead`, the
    /// line, the WABA's status), so that a step done against it is a contradiction; not from
    /// what the plan leaves out (`HasTemplates`: a plan need not list a number's templates).
    #[must_use]
    pub fn stated(self) -> bool {
        !matches!(
            self,
            Condition::Always | Condition::HasTemplates | Condition::TemplatesNotCopied
        )
    }

    /// Whether the condition is about the number's line (how Meta's one-time code reaches it),
    /// which a migrating number need not state.
    #[must_use]
    pub const fn is_line(self) -> bool {
        matches!(
            self,
            Condition::SmsInventory
                | Condition::IvrBypass
                | Condition::IvrNoBypass
                | Condition::CheckReachability
        )
    }

    /// Whether the step applies given the number's facts.
    #[must_use]
    pub fn holds(self, facts: &NumberFacts) -> bool {
        match self {
            Condition::Always => true,
            Condition::DisconnectAhead => facts.disconnect_ahead,
            Condition::StaysConnected => !facts.disconnect_ahead,
            Condition::SmsInventory => facts.sms_inventory,
            Condition::IvrBypass => facts.behind_ivr && facts.ivr_bypass,
            Condition::IvrNoBypass => facts.behind_ivr && !facts.ivr_bypass,
            Condition::CheckReachability => facts.check_reachability,
            Condition::HasTemplates => facts.has_templates,
            Condition::TemplatesNotCopied => facts.disconnect_ahead && facts.has_templates,
            Condition::SourceWabaRestricted => facts.source_waba_restricted,
            Condition::OnPremises => facts.on_premises,
            Condition::NumberBanned => facts.number_banned,
            Condition::CountryRestricted => facts.country_restricted,
        }
    }
}

/// A plan fact that, when true, counts as the step being done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fact {
    /// `display_name_status: approved`.
    DisplayNameApproved,
    /// `pin_known: true`.
    PinKnown,
    /// `display_name_status` is `pending`, `deferred` or `approved`: the (new) name was submitted
    /// to Meta and not rejected.
    DisplayNameSubmitted,
    /// `country_availability_confirmed: true`.
    CountryAvailabilityConfirmed,
}

/// What a step does to the number's availability on WhatsApp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DowntimeRole {
    /// No effect.
    None,
    /// When this step completes, the number stops sending and receiving.
    Starts,
    /// When this step completes, the number is back (on Genesys Cloud).
    Ends,
}

/// A step as it appears in one source kind's route.
#[derive(Debug, Clone, Copy)]
pub struct RouteStep {
    /// The step.
    pub def: &'static StepDef,
    /// Steps (of this route, or fleet steps) that must be done first.
    pub after: &'static [&'static str],
    /// When it applies; otherwise it is "not applicable" and counts as satisfied.
    pub when: Condition,
    /// Owned by whoever administers the source WABA (customer or partner), not by `def.owner`.
    pub owner_is_source_admin: bool,
    /// A plan fact that marks it done.
    pub satisfied_by: Option<Fact>,
    /// Its effect on downtime.
    pub downtime: DowntimeRole,
    /// Completing it hands billing over to the next payer.
    pub handover: bool,
    /// The phase in this route when it differs from `def.phase`.
    pub phase_override: Option<Phase>,
    /// With a cutover window, the step starts no earlier than this long before the window
    /// opens (what it sets going must still hold at the registration).
    pub held_before_window: Option<chrono::TimeDelta>,
}

/// A route step that always applies, has no special role, and comes after `after`; refine it
/// with the builder methods below (all `const`, so routes stay static tables).
#[must_use]
pub const fn step(def: &'static StepDef, after: &'static [&'static str]) -> RouteStep {
    RouteStep {
        def,
        after,
        when: Condition::Always,
        owner_is_source_admin: false,
        satisfied_by: None,
        downtime: DowntimeRole::None,
        handover: false,
        phase_override: None,
        held_before_window: None,
    }
}

impl RouteStep {
    /// The step's phase in this route.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase_override.unwrap_or(self.def.phase)
    }

    /// Happens in `phase` in this route (the same task can be preparation on one path and a
    /// follow-up on another).
    #[must_use]
    pub const fn in_phase(mut self, phase: Phase) -> RouteStep {
        self.phase_override = Some(phase);
        self
    }

    /// Applies only when `condition` holds.
    #[must_use]
    pub const fn when(mut self, condition: Condition) -> RouteStep {
        self.when = condition;
        self
    }

    /// Owned by whoever administers the source WABA.
    #[must_use]
    pub const fn owned_by_source_admin(mut self) -> RouteStep {
        self.owner_is_source_admin = true;
        self
    }

    /// Counts as done when the plan states `fact`.
    #[must_use]
    pub const fn satisfied_by(mut self, fact: Fact) -> RouteStep {
        self.satisfied_by = Some(fact);
        self
    }

    /// Its completion takes the number off WhatsApp.
    #[must_use]
    pub const fn starts_downtime(mut self) -> RouteStep {
        self.downtime = DowntimeRole::Starts;
        self
    }

    /// Its completion brings the number back.
    #[must_use]
    pub const fn ends_downtime(mut self) -> RouteStep {
        self.downtime = DowntimeRole::Ends;
        self
    }

    /// Its completion hands billing over to the next payer.
    #[must_use]
    pub const fn hands_over_billing(mut self) -> RouteStep {
        self.handover = true;
        self
    }

    /// With a cutover window, starts no earlier than `lead` before the window opens.
    #[must_use]
    pub const fn held_before_window(mut self, lead: chrono::TimeDelta) -> RouteStep {
        self.held_before_window = Some(lead);
        self
    }
}

/// Who pays Meta for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Payer {
    /// The partner (BSP, or the Engage WABA's partner) whose credit line the source WABA uses.
    SourcePartner,
    /// Genesys, through its credit line on the Embedded Signup WABA (passed through on the invoice).
    Genesys,
    /// Nobody: the number is not on the WhatsApp Business Platform yet (phone app or new).
    Nobody,
}

impl Payer {
    /// The name used in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Payer::SourcePartner => "source-partner",
            Payer::Genesys => "genesys",
            Payer::Nobody => "none",
        }
    }
}

/// Who is billed before and after the hand-over step.
#[derive(Debug)]
pub struct BillingRule {
    /// Payer for messages sent before the hand-over completes, even if delivered after it.
    pub before: Payer,
    /// Payer for messages sent after it.
    pub after: Payer,
    /// What the rule rests on.
    pub note: &'static str,
    /// Source tags.
    pub sources: &'static [&'static str],
}

/// The ordered steps of one source kind, and its billing rule.
#[derive(Debug)]
pub struct Route {
    /// The source kind.
    pub kind: SourceKind,
    /// Its steps in runbook order.
    pub steps: &'static [RouteStep],
    /// Billing before and after the hand-over.
    pub billing: BillingRule,
    /// What the downtime figure rests on.
    pub downtime_note: &'static str,
    /// What to say instead when a conditional step (disconnecting ahead) starts downtime early.
    pub early_downtime_note: Option<&'static str>,
}

impl Route {
    /// The route step with this id, if the route has it.
    #[must_use]
    pub fn step(&self, id: &str) -> Option<&'static RouteStep> {
        self.steps.iter().find(|s| s.def.id == id)
    }
}

/// A step shared by the whole fleet (one node in the graph however many numbers there are).
#[derive(Debug)]
pub struct FleetStep {
    /// The step.
    pub def: &'static StepDef,
    /// Fleet steps that come first.
    pub after: &'static [&'static str],
    /// When the plan needs it.
    pub when: FleetWhen,
}

/// When a fleet step applies to a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FleetWhen {
    /// Always.
    Always,
    /// Some number migrates from a WABA (Engage or another partner).
    SomeWabaMigration,
    /// Some number arrives in this org for the first time (not only region or org moves, whose
    /// org configuration is rebuilt by their own step).
    SomeArrival,
    /// A Genesys partner drafts or runs the plan (`plan.implementation_partner`).
    PartnerRuns,
    /// The destination business is unverified and the plan brings it more numbers than it may
    /// hold unverified.
    VerificationNeeded,
}

impl FleetWhen {
    /// The condition in words.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            FleetWhen::Always => "always",
            FleetWhen::SomeWabaMigration => "some number is engage or bsp",
            FleetWhen::SomeArrival => "some number is engage, bsp, app or new",
            FleetWhen::PartnerRuns => "the plan names an implementation_partner",
            FleetWhen::VerificationNeeded => {
                "the unverified business would hold more numbers than it may"
            }
        }
    }
}

/// The fleet step with this id.
#[must_use]
pub fn fleet_step(id: &str) -> Option<&'static FleetStep> {
    steps::FLEET.iter().find(|s| s.def.id == id)
}

/// Every step id the catalogue knows (fleet first, then each route), without repeats.
#[must_use]
pub fn all_step_ids() -> Vec<&'static str> {
    let mut ids: Vec<&'static str> = steps::FLEET.iter().map(|s| s.def.id).collect();
    for kind in SourceKind::ALL {
        for step in kind.route().steps {
            if !ids.contains(&step.def.id) {
                ids.push(step.def.id);
            }
        }
    }
    ids
}

/// The source kinds whose route has step `id`.
#[must_use]
pub fn kinds_with_step(id: &str) -> Vec<SourceKind> {
    SourceKind::ALL
        .into_iter()
        .filter(|k| k.route().step(id).is_some())
        .collect()
}

/// Meta's template cap for one WABA: 250 while the business is unverified; up to 6,000 once it is
/// verified and at least one of its numbers has an approved display name (MTPL).
#[must_use]
pub fn template_cap(business_verified: bool, some_display_name_approved: bool) -> usize {
    if business_verified && some_display_name_approved {
        6000
    } else {
        250
    }
}

/// How many phone numbers an unverified business portfolio may hold: 2 per other partners'
/// documentation (MISC/Wati; MISC/Landbot), a soft figure Meta does not state; a plan can change
/// it (`destination.unverified_number_limit`). Verification raises it.
pub const UNVERIFIED_NUMBER_LIMIT: u32 = 2;

/// The numbers a plan brings into the destination business: every arriving number, and the
/// first new number that gives the destination WABA its credit line when a migration needs it
/// (it holds a place until it is deleted).
#[must_use]
pub fn numbers_brought_in(arrivals: usize, credit_line_seed: bool) -> usize {
    arrivals + usize::from(credit_line_seed)
}

/// The plan's numbers that the destination business holds already, before anything moves: a
/// region/org move keeps its WABA and business profile (GFAQ: Embedded Signup in the new org
/// selects the existing ones), and a display-name change stays where it is. Neither waits for
/// business verification, but each fills one of an unverified portfolio's places (MISC/Wati;
/// MISC/Landbot) from the start, so fewer are left for the numbers that arrive.
#[must_use]
pub fn numbers_already_held(numbers: &[crate::plan::Number]) -> usize {
    numbers.iter().filter(|n| !n.source.is_arrival()).count()
}

/// How a plan's numbers fill an unverified destination business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnverifiedCount {
    /// Numbers the plan brings in ([`numbers_brought_in`]).
    pub brought_in: usize,
    /// The throw-away first number that brings the credit line is among them.
    pub credit_line_seed: bool,
    /// Numbers of the plan the business holds already ([`numbers_already_held`]).
    pub held: usize,
}

impl UnverifiedCount {
    /// The count for a plan's numbers.
    #[must_use]
    pub fn of(numbers: &[crate::plan::Number]) -> UnverifiedCount {
        let arrivals = numbers.iter().filter(|n| n.source.is_arrival()).count();
        let credit_line_seed = credit_line_seed(numbers.iter().map(|n| &n.source));
        UnverifiedCount {
            brought_in: numbers_brought_in(arrivals, credit_line_seed),
            credit_line_seed,
            held: numbers_already_held(numbers),
        }
    }

    /// Whether the business would hold more than `limit` numbers once the plan's arrive, so
    /// that some must wait for business verification. Numbers it holds already never wait:
    /// without an arriving number nothing is over.
    #[must_use]
    pub fn over(self, limit: u32) -> bool {
        self.brought_in > 0 && self.held + self.brought_in > limit as usize
    }
}

/// Whether the destination WABA's credit line brings a number of its own into the business: a
/// migration from a WABA needs the credit line, which Genesys attaches once a first brand-new
/// number is registered in the WABA (GMIG). A number of the plan that registers as brand new
/// (`new`, or a phone-app number once its account is deleted, GFAQ) can be that first number, and
/// then no throw-away number is needed.
#[must_use]
pub fn credit_line_seed<'a>(sources: impl IntoIterator<Item = &'a crate::plan::Source>) -> bool {
    let (mut migration, mut registered_new) = (false, false);
    for source in sources {
        migration |= source.is_waba_migration();
        registered_new |= matches!(
            source,
            crate::plan::Source::New { .. } | crate::plan::Source::App { .. }
        );
    }
    migration && !registered_new
}

/// The arriving numbers (indices into the plan's numbers, ascending) that take the places an
/// unverified business portfolio has, so that they register without waiting for business
/// verification; every other arriving number waits for it. The places are the limit
/// (MISC/Wati; MISC/Landbot: 2 by default), less those the plan's region/org moves and
/// display-name changes hold already ([`numbers_already_held`]), less one for a throw-away
/// first number when the credit line needs one. When a number of the plan brings the credit line (GMIG: the first new
/// number registered in the WABA), the first such number takes a place first, since the
/// migrations wait for it; then the numbers whose cutover the plan records as begun (they took
/// their places when they registered, whatever their order in the plan); the other places go
/// to arriving numbers in plan order, which is also the order `unverified-business-number-limit`
/// counts them in.
#[must_use]
pub fn within_unverified_limit(numbers: &[crate::plan::Number], limit: u32) -> Vec<usize> {
    let sources = || numbers.iter().map(|n| &n.source);
    let seed = credit_line_seed(sources());
    let any_migration = sources().any(crate::plan::Source::is_waba_migration);
    let mut places = (limit as usize)
        .saturating_sub(numbers_already_held(numbers))
        .saturating_sub(usize::from(seed));
    let mut within = Vec::new();
    // The plan's own first new number, when the credit line rests on it.
    let first_new = any_migration
        .then(|| {
            sources().position(|s| {
                matches!(
                    s,
                    crate::plan::Source::New { .. } | crate::plan::Source::App { .. }
                )
            })
        })
        .flatten();
    if let Some(first) = first_new.filter(|_| places > 0) {
        within.push(first);
        places -= 1;
    }
    let cut_over = |n: &crate::plan::Number| {
        let route = n.source.kind().route();
        n.done.iter().any(|d| {
            route
                .step(&d.step)
                .is_some_and(|s| s.phase() == Phase::Cutover)
        })
    };
    let arriving =
        |i: usize, n: &crate::plan::Number| n.source.is_arrival() && Some(i) != first_new;
    let begun = numbers
        .iter()
        .enumerate()
        .filter(|&(i, n)| arriving(i, n) && cut_over(n));
    let rest = numbers
        .iter()
        .enumerate()
        .filter(|&(i, n)| arriving(i, n) && !cut_over(n));
    for (i, _) in begun.chain(rest) {
        if places == 0 {
            break;
        }
        within.push(i);
        places -= 1;
    }
    within.sort_unstable();
    within
}

/// Whether a source WABA's portfolio and the destination's, as a plan names them, are different
/// ones (names compared ignoring case and surrounding space). Bird requires them to be the same
/// (BIRD); Meta's flow and Blip do not say so (MESM; MISC/Blip): sources disagree, so a warning.
#[must_use]
pub fn portfolios_differ(source: &str, destination: &str) -> bool {
    !source.trim().eq_ignore_ascii_case(destination.trim())
}

/// After Meta approves a new display name, the number must be registered again within 14 days,
/// or the name is reviewed again (MDN).
pub const NAME_APPROVAL_VALID: chrono::TimeDelta = chrono::TimeDelta::days(14);

/// A rejected Official Business Account request cannot be appealed; a new one may be sent after
/// 30 days (GFAQ; MISC/Sobot; Wanode says 3 months, an anecdote: the Genesys figure is used).
pub const OBA_RESUBMIT_WAIT: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// Meta refuses to delete a number from a WABA that sent paid messages from it in the last 30
/// days (MISC/Woztell, a partner citing Meta: another partner's word, so a warning, not a
/// blocker). The path that removes a number from its old partner ahead of the cutover
/// (`disconnect_ahead: true`) deletes it from the source WABA, so the number sends no paid
/// (template) messages for that long before the removal.
pub const PAID_MESSAGE_REMOVAL_LOCK: chrono::TimeDelta = chrono::TimeDelta::days(30);

/// What identifies a template inside one WABA: its name and language. A WABA holds one template
/// per pair (each language of a name is its own entry: D360), a copy does not overwrite a
/// template already there (BIRD), and creating one whose name and language exist fails (Meta
/// error 2388024, MISC/TPLMOCK, an anecdote). So when two source WABAs copy the same pair into
/// the one destination WABA, the second copy to arrive is not copied.
#[must_use]
pub fn template_identity(t: &crate::plan::Template) -> (&str, &str) {
    (t.name.as_str(), t.language.as_str())
}

/// Where the WhatsApp Business Platform may not be available for a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountryRestriction {
    /// The whole country behind this calling code.
    Country(&'static str),
    /// Regions inside the country of this calling code, which the number alone cannot tell.
    Regions(&'static str),
}

/// Countries and regions where the WhatsApp Business Platform is not available, by calling code.
/// Genesys says there are country restrictions and points to Meta's list (GFAQ); 360dialog says
/// WhatsApp refuses numbers of countries and regions where it does not operate (D360). The list
/// itself is the one usually given for comprehensively sanctioned jurisdictions: a soft source,
/// so a warning a plan can acknowledge.
pub const RESTRICTED_CALLING_CODES: [(&str, CountryRestriction); 5] = [
    ("53", CountryRestriction::Country("Cuba")),
    ("98", CountryRestriction::Country("Iran")),
    ("850", CountryRestriction::Country("North Korea")),
    ("963", CountryRestriction::Country("Syria")),
    (
        "380",
        CountryRestriction::Regions("the Crimea, Donetsk and Luhansk regions of Ukraine"),
    ),
];

/// One thing in a display name that goes against Meta's display-name guidelines (the warning
/// `display-name-guidelines` words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameProblem {
    /// Fewer than 3 characters.
    TooShort,
    /// "official" or "verified".
    OfficialOrVerified,
    /// The name of a Meta app.
    MetaApp,
    /// A web address.
    WebAddress,
    /// An emoji or a trademark-style symbol.
    Symbol,
    /// Words shouted in capitals.
    Capitals,
}

/// What in a display name goes against Meta's display-name guidelines, as partners copy them
/// (MISC/IMI, MISC/Botmaker, VON): a name of fewer than 3 characters; "official" or "verified";
/// the name of a Meta app (WhatsApp, Facebook, Instagram); a web address; an emoji or a
/// trademark-style symbol; two or more words of more than four letters all in capitals (one is a
/// brand, `DEKRA`). Only what can be told from the text
/// itself: whether a name is generic, or an individual's, is for Meta's reviewers. Empty when
/// nothing is found.
#[must_use]
pub fn display_name_problems(name: &str) -> Vec<NameProblem> {
    let mut problems = Vec::new();
    let name = name.trim();
    if name.chars().filter(|c| !c.is_whitespace()).count() < 3 {
        problems.push(NameProblem::TooShort);
    }
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |list: &[&str]| {
        words
            .iter()
            .any(|w| list.iter().any(|l| w.eq_ignore_ascii_case(l)))
    };
    if has_word(&["official", "verified", "offiziell", "oficial", "officiel"]) {
        problems.push(NameProblem::OfficialOrVerified);
    }
    // Only the names no business is likely to have (a courier is a messenger, a tailor sells
    // threads).
    if has_word(&["whatsapp", "facebook", "instagram"]) {
        problems.push(NameProblem::MetaApp);
    }
    let lower = name.to_lowercase();
    let web = lower.contains("://")
        || lower.contains("www.")
        || lower.split_whitespace().any(|w| {
            w.rsplit_once('.').is_some_and(|(host, tld)| {
                // `J.Co` is a name, `contoso.de` an address.
                host.chars().filter(|c| c.is_alphanumeric()).count() >= 3
                    && matches!(
                        tld.trim_end_matches(|c: char| !c.is_alphanumeric()),
                        "com"
                            | "net"
                            | "org"
                            | "io"
                            | "de"
                            | "eu"
                            | "app"
                            | "shop"
                            | "info"
                            | "biz"
                    )
            })
        });
    if web {
        problems.push(NameProblem::WebAddress);
    }
    let symbol = |c: char| {
        matches!(
            c,
            '\u{2122}' | '\u{00ae}' | '\u{00a9}' | '\u{2600}'..='\u{27bf}' | '\u{1f000}'..='\u{1faff}'
        )
    };
    if name.chars().any(symbol) {
        problems.push(NameProblem::Symbol);
    }
    // A brand in capitals is allowed (`DEKRA`, `NIVEA`); a name shouted in capitals is not.
    let shouted = words
        .iter()
        .filter(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() > 4
                && w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
        })
        .count();
    if shouted >= 2 {
        problems.push(NameProblem::Capitals);
    }
    problems
}

/// The restriction that may apply to a number with this calling code (without `+`).
#[must_use]
pub fn country_restriction(calling_code: &str) -> Option<CountryRestriction> {
    RESTRICTED_CALLING_CODES
        .iter()
        .find(|(code, _)| *code == calling_code)
        .map(|(_, r)| *r)
}

/// Whether Genesys Cloud lists a template header kind among those it supports: text (static or
/// dynamic) and image (GFAQ). Footers are text only, which is all Meta allows.
#[must_use]
pub fn genesys_supports_header(kind: crate::plan::HeaderKind) -> bool {
    matches!(
        kind,
        crate::plan::HeaderKind::Text | crate::plan::HeaderKind::Image
    )
}

/// Whether Genesys Cloud lists a template button kind among those it supports: quick reply, call
/// phone number, visit website with a static or dynamic URL (GFAQ).
#[must_use]
pub fn genesys_supports_button(kind: crate::plan::ButtonKind) -> bool {
    use crate::plan::ButtonKind;
    match kind {
        ButtonKind::QuickReply | ButtonKind::PhoneNumber | ButtonKind::Url => true,
        ButtonKind::CopyCode => false,
    }
}

/// Genesys Cloud refuses more than 10 buttons on one template (GFAQ).
pub const MAX_TEMPLATE_BUTTONS: u32 = 10;

/// Meta's registration quota per number: 10 in a 72-hour moving window (MREG), or, in a later copy
/// of the same text, 10 registrations and 10 deregistrations per week (MREG2; Vonage says 10
/// attempts per week, VON). Every saved integration uses one: a migration, a region or org move,
/// a display-name cycle, a retry.
pub const REGISTRATIONS_PER_WINDOW: u32 = 10;

/// One reading of Meta's registration quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuotaReading {
    /// 10 per 72-hour moving window (MREG).
    SeventyTwoHours,
    /// 10 per week (MREG2, VON): the stricter one, since a week holds every 72-hour window.
    Week,
}

impl QuotaReading {
    /// The window the registrations are counted in.
    #[must_use]
    pub fn window(self) -> chrono::TimeDelta {
        match self {
            QuotaReading::SeventyTwoHours => chrono::TimeDelta::hours(72),
            QuotaReading::Week => chrono::TimeDelta::days(7),
        }
    }

    /// The window in words.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            QuotaReading::SeventyTwoHours => "72 hours",
            QuotaReading::Week => "week",
        }
    }
}

/// A planned registration that Meta's quota would refuse (error 133016).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuotaOverrun {
    /// The binding reading: the stricter one that is exceeded.
    pub reading: QuotaReading,
    /// Registrations already made inside its window before the planned one.
    pub used: u32,
    /// Registrations the plan makes at that moment (its own save, plus retries).
    pub planned: u32,
    /// The 72-hour reading is exceeded too (not only the weekly one).
    pub both: bool,
    /// The first moment at which the planned registrations fit again; `None` when they never
    /// fit (more planned than the quota holds).
    pub frees_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Checks `planned` registrations at `at` against Meta's quota, given the times of `earlier`
/// ones (those after `at` are not counted). `None` when both readings allow them.
#[must_use]
pub fn registration_quota(
    earlier: &[chrono::DateTime<chrono::Utc>],
    at: chrono::DateTime<chrono::Utc>,
    planned: u32,
) -> Option<QuotaOverrun> {
    let within = |reading: QuotaReading| -> Vec<chrono::DateTime<chrono::Utc>> {
        let mut times: Vec<_> = earlier
            .iter()
            .copied()
            .filter(|&t| t <= at && t > at - reading.window())
            .collect();
        times.sort_unstable();
        times
    };
    let over = |times: &[chrono::DateTime<chrono::Utc>]| {
        u32::try_from(times.len())
            .unwrap_or(u32::MAX)
            .saturating_add(planned)
            > REGISTRATIONS_PER_WINDOW
    };
    // The weekly reading binds whenever either is exceeded: its window holds the 72-hour one.
    let reading = QuotaReading::Week;
    let times = within(reading);
    if !over(&times) {
        return None;
    }
    let used = u32::try_from(times.len()).unwrap_or(u32::MAX);
    // The oldest registrations must leave the window until the planned ones fit.
    let frees_at = if planned > REGISTRATIONS_PER_WINDOW {
        None
    } else {
        let leaving = (used + planned - REGISTRATIONS_PER_WINDOW) as usize;
        times.get(leaving - 1).map(|&t| t + reading.window())
    };
    Some(QuotaOverrun {
        reading,
        used,
        planned,
        both: over(&within(QuotaReading::SeventyTwoHours)),
        frees_at,
    })
}

#[cfg(test)]
mod quota_tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    #[test]
    fn display_names_are_checked_against_what_the_guidelines_say_of_the_text() {
        for ok in [
            "Contoso Support",
            "IBM Support",
            "ACME",
            "Bäckerei Müller",
            "Dr. Smith Praxis",
            "DEKRA Kundenservice",
            "NIVEA",
            "Golden Threads Tailoring",
            "Messenger Kurierdienst",
            "J.Co Donuts",
            "St. Mary's Hospital",
        ] {
            assert!(display_name_problems(ok).is_empty(), "{ok}");
        }
        assert_eq!(
            display_name_problems("OFFICIAL WHATSAPP \u{1f355} www.x.com"),
            [
                NameProblem::OfficialOrVerified,
                NameProblem::MetaApp,
                NameProblem::WebAddress,
                NameProblem::Symbol,
                NameProblem::Capitals,
            ]
        );
        assert_eq!(display_name_problems("Jo"), [NameProblem::TooShort]);
        assert_eq!(
            display_name_problems("Contoso\u{2122}"),
            [NameProblem::Symbol]
        );
        assert_eq!(
            display_name_problems("contoso.de Hilfe"),
            [NameProblem::WebAddress]
        );
        assert_eq!(
            display_name_problems("Contoso Verified"),
            [NameProblem::OfficialOrVerified]
        );
    }

    #[test]
    fn source_and_destination_in_different_business_portfolios_is_a_warning() {
        assert!(portfolios_differ("Contoso Retail GmbH", "Contoso Group"));
        assert!(!portfolios_differ("contoso group ", "Contoso Group"));
    }

    #[test]
    fn a_rejected_oba_request_cannot_be_appealed_and_is_resubmitted_after_30_days() {
        assert_eq!(OBA_RESUBMIT_WAIT, chrono::TimeDelta::days(30));
    }

    #[test]
    fn template_components_as_genesys_cloud_supports_them() {
        use crate::plan::{ButtonKind, HeaderKind};
        assert!(genesys_supports_header(HeaderKind::Text));
        assert!(genesys_supports_header(HeaderKind::Image));
        for kind in [
            HeaderKind::Video,
            HeaderKind::Document,
            HeaderKind::Location,
        ] {
            assert!(!genesys_supports_header(kind), "{kind:?}");
        }
        for kind in [
            ButtonKind::QuickReply,
            ButtonKind::PhoneNumber,
            ButtonKind::Url,
        ] {
            assert!(genesys_supports_button(kind), "{kind:?}");
        }
        assert!(!genesys_supports_button(ButtonKind::CopyCode));
    }

    #[test]
    fn country_restrictions() {
        for (code, country) in [
            ("53", "Cuba"),
            ("98", "Iran"),
            ("850", "North Korea"),
            ("963", "Syria"),
        ] {
            assert_eq!(
                country_restriction(code),
                Some(CountryRestriction::Country(country))
            );
        }
        // Ukraine's regions cannot be told from the calling code: said as such.
        assert!(matches!(
            country_restriction("380"),
            Some(CountryRestriction::Regions(r)) if r.contains("Crimea") && r.contains("Donetsk") && r.contains("Luhansk")
        ));
        for code in ["49", "1", "7", "44", "5"] {
            assert_eq!(country_restriction(code), None, "{code}");
        }
    }

    #[test]
    fn registration_quota_is_ten_per_72_hours_or_per_week_and_the_stricter_binds() {
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 7, 0, 0).unwrap();
        let hours_before = |h: i64| at - chrono::TimeDelta::hours(h);
        // Nine earlier registrations in the last day and one planned: exactly 10, allowed.
        let nine: Vec<_> = (1..=9).map(hours_before).collect();
        assert_eq!(registration_quota(&nine, at, 1), None);
        // One retry more is the 11th: both readings refuse it; it fits again once the oldest
        // of the nine (9 hours before) leaves the weekly window.
        let over = registration_quota(&nine, at, 2).unwrap();
        assert_eq!(over.reading, QuotaReading::Week);
        assert_eq!((over.used, over.planned, over.both), (9, 2, true));
        assert_eq!(
            over.frees_at,
            Some(hours_before(9) + chrono::TimeDelta::days(7))
        );
        // Ten registrations four days ago: the 72-hour reading allows the next one, the weekly
        // reading (the stricter) does not, until the oldest is a week old.
        let ten: Vec<_> = (0..10).map(|i| hours_before(96 + i)).collect();
        let over = registration_quota(&ten, at, 1).unwrap();
        assert!(!over.both);
        assert_eq!(
            over.frees_at,
            Some(hours_before(105) + chrono::TimeDelta::days(7))
        );
        // Registrations older than a week, or later than the planned one, do not count.
        let old_or_later = [hours_before(24 * 8), at + chrono::TimeDelta::hours(1)];
        assert_eq!(registration_quota(&old_or_later, at, 10), None);
        // More planned than the quota holds never fits.
        assert_eq!(registration_quota(&[], at, 11).unwrap().frees_at, None);
    }
}
