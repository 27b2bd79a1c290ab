//! The plan file as written: types that mirror the YAML, with a span on every value a diagnostic
//! may need to point at. [`super::shape`] fills them from the YAML reader's nodes, reporting every
//! key and value of the wrong shape at once; nothing here is checked beyond its shape, and
//! [`super::validate`] turns a [`RawPlan`] into a [`super::Plan`].
//!
//! The same types describe the plan's JSON Schema (`docs/plan.schema.json`, see [`crate::schema`]):
//! each `Located<T>` field is described as its `T`, the `///` comments on types and fields become
//! the descriptions an editor shows, so they are written for the person typing the plan. The four
//! values that accept two shapes (`source`, `done` entries, `numbers` scopes, `buttons`) have
//! hand-written schemas, accepting exactly what the shaper accepts. A test keeps the schema and the
//! shaper in agreement over every example plan and invalid snippet.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::catalog::{Owner, Phase};
use crate::source::Span;

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Where.
    pub span: Span,
}

impl<T> Located<T> {
    /// A value at a span.
    pub fn new(value: T, span: Span) -> Located<T> {
        Located { value, span }
    }
}

/// A wamigrate migration plan: WhatsApp Business numbers moving onto Genesys Cloud.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Plan format version. Only `1` exists.
    #[schemars(with = "u64")]
    pub version: Located<u64>,
    /// Name, destination, cutover window, downtime budget and holidays.
    pub plan: RawMeta,
    /// Facts about the steps shared by the whole fleet.
    #[serde(default)]
    pub fleet: RawFleet,
    /// Source WABAs whose templates several numbers share; a number points at one with `waba:`.
    #[serde(default)]
    pub source_wabas: Vec<RawWaba>,
    /// The numbers to migrate, one entry each, in report order (may be empty).
    pub numbers: Vec<RawNumber>,
    /// Custom steps that extend the generated runbook.
    #[serde(default)]
    pub steps: Vec<RawCustomStep>,
    /// Changes to catalogue defaults (duration, owner) where sources disagree.
    #[serde(default)]
    pub overrides: Vec<RawOverride>,
    /// Entries the shaper could not take (each reported): later stages must not report them
    /// again as missing.
    #[serde(skip)]
    #[schemars(skip)]
    pub dropped: Dropped,
}

/// What the shaper dropped, so that a reference to it is not reported a second time ("unknown
/// step") when the entry itself was already reported as malformed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    /// Some number entry was dropped.
    pub numbers: bool,
    /// Some custom step was dropped without a readable id.
    pub unnamed_steps: bool,
    /// Ids of custom steps dropped for another reason.
    pub step_ids: std::collections::BTreeSet<String>,
    /// Some source WABA was dropped.
    pub wabas: bool,
    /// The step ids, and where, that dropped number entries list under `done:` and
    /// `started:`: which route they belong to is unknown, but an id that no route and no custom
    /// step has is a typo to report now rather than once the entry is fixed.
    pub number_steps: Vec<(String, Span)>,
}

/// `plan:`: name, destination, cutover window, downtime budget, holidays.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// A human name for the plan, printed at the top of every report.
    #[schemars(with = "String")]
    pub name: Located<String>,
    /// Where the numbers go: Genesys Cloud region, org and time zone.
    pub destination: RawDestination,
    /// The planned cutover window, from `start` to `end`.
    #[serde(default)]
    pub cutover_window: Option<RawWindow>,
    /// The longest downtime accepted per number: minutes, hours or days such as `15m`, `1h`
    /// (no business days, no range).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub downtime_budget: Option<Located<String>>,
    /// Non-working dates (`YYYY-MM-DD`) in the destination: no one works on them (unless a
    /// party's calendar lists its own holidays).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub holidays: Vec<Located<String>>,
    /// The Genesys partner that drafts or runs the migration for the customer, if any: adds the
    /// fleet step that gives it access to the customer's WABA.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub implementation_partner: Option<Located<String>>,
    /// When each party works. People's steps advance only in their party's working hours
    /// (Monday to Friday, 09:00-17:00 in the destination's zone unless said here); Meta's reviews
    /// and waits run around the clock.
    #[serde(default)]
    pub calendars: Option<RawCalendars>,
}

/// `plan.calendars:`: working hours per party, each overriding `default`, which overrides the
/// built-in Monday to Friday, 09:00-17:00.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendars {
    /// What every party without its own calendar works by.
    #[serde(default)]
    pub default: Option<RawCalendar>,
    /// The customer's people.
    #[serde(default)]
    pub customer: Option<RawCalendar>,
    /// The source partner (or the Engage team) that administers the source WABA.
    #[serde(default, rename = "source-partner")]
    pub source_partner: Option<RawCalendar>,
    /// Genesys (support, the WhatsApp team).
    #[serde(default)]
    pub genesys: Option<RawCalendar>,
    /// The carrier or whoever runs the line.
    #[serde(default)]
    pub carrier: Option<RawCalendar>,
    /// The partner running the migration for the customer.
    #[serde(default, rename = "implementation-partner")]
    pub implementation_partner: Option<RawCalendar>,
}

/// One party's working time.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    /// IANA time zone the hours are in; default: the destination's.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub time_zone: Option<Located<String>>,
    /// The working day, `HH:MM-HH:MM` in that zone, e.g. `09:00-17:00` (the default).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub hours: Option<Located<String>>,
    /// Working days: `mon` to `sun`; default Monday to Friday.
    #[serde(default)]
    #[schemars(with = "Vec<Weekday>")]
    pub days: Vec<Located<Weekday>>,
    /// Days off (`YYYY-MM-DD`); when given, they replace `plan.holidays` for this party.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub holidays: Option<Vec<Located<String>>>,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Weekday {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

/// `plan.destination:`: the Genesys Cloud org the numbers move to.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDestination {
    /// Genesys Cloud region, e.g. `eu-central-1`.
    #[schemars(with = "String")]
    pub region: Located<String>,
    /// Genesys Cloud org, by name or id.
    #[schemars(with = "String")]
    pub org: Located<String>,
    /// IANA time zone of the destination, e.g. `Europe/Berlin`: local times in the plan are read
    /// in it and business days are counted in it.
    #[schemars(with = "String")]
    pub time_zone: Located<String>,
    /// The customer's Meta business portfolio (name or id) that the destination WABA belongs to,
    /// if known; compared with each source WABA's `portfolio`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub portfolio: Option<Located<String>>,
    /// Whether the customer's Meta business is verified (raises the template cap from 250 to
    /// 6,000, and the number of phone numbers the portfolio may hold). Default `false`.
    #[serde(default)]
    pub business_verified: Option<bool>,
    /// How many phone numbers the business portfolio may hold while it is unverified. Default
    /// `2` (other partners' documentation; Meta states no figure): raise it if Meta shows more.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub unverified_number_limit: Option<Located<u32>>,
}

/// `plan.cutover_window:`: when the cutover is planned.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// Start: RFC 3339 (`2026-12-01T22:00:00+01:00`) or local time in the destination's zone
    /// (`2026-12-01T22:00`).
    #[schemars(with = "String")]
    pub start: Located<String>,
    /// End, after the start: RFC 3339 (`2026-12-02T00:30:00+01:00`) or local time in the
    /// destination's zone (`2026-12-02T00:30`).
    #[schemars(with = "String")]
    pub end: Located<String>,
}

/// `fleet:`: facts about the steps shared by the whole fleet.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFleet {
    /// Fleet steps already done (`meta-portfolio-access`, `destination-waba-credit-line`, custom
    /// steps without `numbers:`): a step id, or `{step, at, by}`.
    #[serde(default)]
    #[schemars(with = "Vec<RawDone>")]
    pub done: Vec<Located<RawDone>>,
    /// Fleet steps under way: `{step, at, by}`, for a lead time that runs from when the work
    /// started.
    #[serde(default)]
    pub started: Vec<RawStarted>,
}

/// One `started:` entry: a step under way since `at`.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStarted {
    /// The step id.
    #[schemars(with = "String")]
    pub step: Located<String>,
    /// When it started (for a request: when it was sent), RFC 3339 or local time.
    #[schemars(with = "String")]
    pub at: Located<String>,
    /// Who started it.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub by: Option<Located<String>>,
}

/// One source WABA and the templates its numbers share.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWaba {
    /// Your name for the WABA, unique in the plan; numbers refer to it with `waba:`.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// Its message templates.
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
}

/// One number to migrate.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNumber {
    /// The phone number in any common international spelling, quoted so YAML keeps it text:
    /// `"+49 30 901820"`, `"0049 30 901820"`, `"+1 (415) 555-0100"`.
    #[schemars(with = "String")]
    pub number: Located<String>,
    /// WhatsApp display name, shown in reports.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub display_name: Option<Located<String>>,
    /// Meta's review status of the display name. Default `unknown`.
    #[serde(default)]
    #[schemars(with = "Option<NameStatus>")]
    pub display_name_status: Option<Located<NameStatus>>,
    /// Where the number comes from: `engage` or `app` alone, or a mapping with exactly one kind
    /// (`engage`, `bsp`, `genesys`, `app`, `new`, `name_change`) and its fields.
    #[schemars(with = "RawSource")]
    pub source: Located<RawSource>,
    /// Whether the number has the Official Business Account badge.
    #[serde(default)]
    pub official_business_account: bool,
    /// When Meta rejected an Official Business Account request for this number, if it did (RFC
    /// 3339 or local time): a rejection cannot be appealed, and a new request waits 30 days.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub oba_request_rejected_at: Option<Located<String>>,
    /// `true` once someone confirmed with Meta that the WhatsApp Business Platform is available
    /// where this number's line is: silences the `country-restricted` warning.
    #[serde(default)]
    pub country_availability_confirmed: bool,
    /// `true` once someone confirmed the number and its line with the carrier, where
    /// libphonenumber's numbering plans disagree (a range newer than the metadata, say): silences
    /// the `number-not-in-numbering-plan` and `line-kind-mismatch` warnings, and, once a
    /// Brazilian mobile is written as WhatsApp Manager shows it, `brazil-ninth-digit`.
    #[serde(default)]
    pub numbering_confirmed: bool,
    /// How Meta's one-time verification code should reach the number.
    #[serde(default)]
    #[schemars(with = "Option<VerificationMethod>")]
    pub verification: Option<Located<VerificationMethod>>,
    /// Steps already done for this number: a step id, or `{step, at, by}`.
    #[serde(default)]
    #[schemars(with = "Vec<RawDone>")]
    pub done: Vec<Located<RawDone>>,
    /// Steps under way for this number: `{step, at, by}`. A lead time runs from `at` (for a
    /// request, when it was sent), not from the evaluation moment.
    #[serde(default)]
    pub started: Vec<RawStarted>,
    /// Templates of this number's source WABA (in addition to those of its `waba:`).
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
    /// Registrations of the number already attempted, and retries to budget for: they count
    /// toward Meta's limit of 10 registrations per number in 72 hours (or per week).
    #[serde(default)]
    #[schemars(with = "Option<RawRegistrations>")]
    pub registrations: Option<Located<RawRegistrations>>,
    /// Free text for people; wamigrate ignores it.
    #[serde(default)]
    pub notes: Option<String>,
}

/// `registrations:` of a number: what has already used Meta's registration quota, and what the
/// plan budgets for beyond its own `save-integration`.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRegistrations {
    /// When the number was registered or a registration was attempted (successful or not): each
    /// saved integration, region or org move, display-name cycle and retry. RFC 3339 or local
    /// time in the destination's zone.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub earlier: Vec<Located<String>>,
    /// Extra attempts to budget for at the cutover (a wrong PIN, a failed save), 0 to 10.
    /// Default `0`.
    #[serde(default)]
    #[schemars(with = "Option<u8>", range(max = 10))]
    pub retries: Option<Located<u32>>,
}

/// Meta's display-name review status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NameStatus {
    /// Approved.
    Approved,
    /// Waiting for review.
    Pending,
    /// Declined or rejected.
    Rejected,
    /// Deferred until a higher messaging limit.
    Deferred,
    /// Not known.
    Unknown,
}

impl NameStatus {
    /// Whether the name is with Meta or through its review: submitted and not rejected.
    #[must_use]
    pub fn is_submitted(self) -> bool {
        matches!(
            self,
            NameStatus::Approved | NameStatus::Pending | NameStatus::Deferred
        )
    }
}

/// How Meta's one-time code is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Text message.
    Sms,
    /// Voice call.
    Voice,
}

/// Who administers a source WABA (and so can turn off two-step verification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceAdmin {
    /// The customer has admin access.
    Customer,
    /// The source partner administers it.
    Partner,
    /// Genesys (the Engage team) administers it.
    Genesys,
}

/// `source:` with the fields of its kind. Written as `source: engage` / `source: app` or as a
/// one-key mapping `source: {bsp: {...}}`.
#[derive(Debug)]
pub enum RawSource {
    /// Genesys Engage.
    Engage(RawEngage),
    /// Another solution partner.
    Bsp(RawBsp),
    /// Another Genesys Cloud region/org.
    Genesys(RawGenesys),
    /// Phone app.
    App(RawApp),
    /// A new number.
    New(RawNew),
    /// A number already in the destination org that changes its display name.
    NameChange(RawNameChange),
}

/// `source: {engage: ...}`: live in Genesys Engage.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEngage {
    /// The solution partner billed for the Engage WABA, if known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub partner: Option<Located<String>>,
    /// Who administers the Engage WABA (and so turns off two-step verification). Default
    /// `genesys`.
    #[serde(default)]
    #[schemars(with = "Option<SourceAdmin>")]
    pub source_waba_admin: Option<Located<SourceAdmin>>,
    /// The `id` of a source WABA (under `source_wabas`) whose templates apply.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub waba: Option<Located<String>>,
    /// The source WABA's standing with Meta. Default `active`.
    #[serde(default)]
    #[schemars(with = "Option<WabaStatus>")]
    pub waba_status: Option<Located<WabaStatus>>,
    /// The Meta business portfolio that holds the source WABA (name or id), if known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub portfolio: Option<Located<String>>,
    /// The line, when it decides how Meta's one-time code reaches the number.
    #[serde(flatten)]
    pub line: RawLine,
}

/// A source WABA's standing with Meta (Meta Business Support Home shows it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WabaStatus {
    /// In good standing.
    Active,
    /// Restricted for a policy violation.
    Restricted,
    /// Disabled for a policy violation.
    Disabled,
}

/// `source: {bsp: ...}`: at another WhatsApp solution partner.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBsp {
    /// The partner's name, e.g. `360dialog`; it is billed until the hand-over.
    #[schemars(with = "String")]
    pub partner: Located<String>,
    /// Who administers the source WABA (and so turns off two-step verification): `customer` or
    /// `partner` (default).
    #[serde(default)]
    #[schemars(with = "Option<SourceAdmin>")]
    pub source_waba_admin: Option<Located<SourceAdmin>>,
    /// `true` when the partner removes the number before the cutover (downtime starts there).
    #[serde(default)]
    pub disconnect_ahead: bool,
    /// The `id` of a source WABA (under `source_wabas`) whose templates apply.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub waba: Option<Located<String>>,
    /// The source WABA's standing with Meta. Default `active`.
    #[serde(default)]
    #[schemars(with = "Option<WabaStatus>")]
    pub waba_status: Option<Located<WabaStatus>>,
    /// The Meta business portfolio that holds the source WABA (name or id), if known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub portfolio: Option<Located<String>>,
    /// `true` when the number is still hosted on the WhatsApp On-Premises API rather than the
    /// Cloud API. Default `false`.
    #[serde(default)]
    pub on_premises: bool,
    /// The line, when it decides how Meta's one-time code reaches the number.
    #[serde(flatten)]
    pub line: RawLine,
}

/// `source: {genesys: ...}`: in another Genesys Cloud region or org.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGenesys {
    /// The old Genesys Cloud region.
    #[schemars(with = "String")]
    pub region: Located<String>,
    /// The old org.
    #[schemars(with = "String")]
    pub org: Located<String>,
    /// Whether someone knows the 6-digit PIN of the original integration. Never write the PIN
    /// itself.
    #[schemars(with = "bool")]
    pub pin_known: Located<bool>,
    /// Meta's standing of the WABA the number stays in. Default: active.
    #[serde(default)]
    #[schemars(with = "Option<WabaStatus>")]
    pub waba_status: Option<Located<WabaStatus>>,
    /// The line, when it decides how Meta's one-time code reaches the number.
    #[serde(flatten)]
    pub line: RawLine,
}

/// `source: {app: ...}`: registered in a WhatsApp phone app.
#[derive(Debug, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApp {
    /// Which app.
    #[serde(default)]
    #[schemars(with = "Option<AppKind>")]
    pub app: Option<Located<AppKind>>,
    /// Whether the number is banned from WhatsApp: it must be unbanned by appeal before it can
    /// be registered (MPN). Default `false`.
    #[serde(default)]
    pub banned: bool,
    /// The line, when it decides how Meta's one-time code reaches the number.
    #[serde(flatten)]
    pub line: RawLine,
}

/// The line of a number that is verified again (`engage`, `bsp`, `genesys`, `app`, `name_change`): all optional, as the
/// route needs it only when Meta's one-time code cannot simply reach the number (an SMS-inventory
/// long code, a line behind an IVR, a line that may refuse calls from abroad).
#[derive(Debug, Default, JsonSchema)]
pub struct RawLine {
    /// The kind of line. Default: not stated, which adds no step.
    #[serde(default)]
    #[schemars(with = "Option<LineType>")]
    pub line: Option<Located<LineType>>,
    /// Whether an IVR answers the line.
    #[serde(flatten)]
    pub ivr: RawIvr,
}

/// The IVR in front of a line, for a new number and a migrating one alike.
#[derive(Debug, Default, JsonSchema)]
pub struct RawIvr {
    /// The number sits behind an IVR (any line but `mobile`). Default `false`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub behind_ivr: Option<Located<bool>>,
    /// The IVR can be bypassed for the verification call (needs `behind_ivr: true`). Default
    /// `false`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub can_bypass_ivr: Option<Located<bool>>,
}

/// Which phone app a number is registered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    /// WhatsApp Messenger (consumer).
    Messenger,
    /// WhatsApp Business app.
    Business,
}

/// `source: {new: ...}`: not on WhatsApp yet.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNew {
    /// The kind of line.
    #[schemars(with = "LineType")]
    pub line: Located<LineType>,
    /// Whether the number is banned from WhatsApp: it must be unbanned by appeal before it can
    /// be registered (MPN). Default `false`.
    #[serde(default)]
    pub banned: bool,
    /// Whether an IVR answers the line.
    #[serde(flatten)]
    pub ivr: RawIvr,
}

/// `source: {name_change: ...}`: the number is already integrated in the destination org and
/// stays there; only its display name changes (the new name is `display_name`, and
/// `display_name_status` is Meta's review of the new name).
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNameChange {
    /// The display name the number shows today, for people reading the reports.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub old_name: Option<Located<String>>,
    /// Whether someone knows the 6-digit PIN already on the number (the integration is
    /// re-created with it). Never write the PIN itself.
    #[schemars(with = "bool")]
    pub pin_known: Located<bool>,
    /// Meta's standing of the WABA the number stays in. Default: active.
    #[serde(default)]
    #[schemars(with = "Option<WabaStatus>")]
    pub waba_status: Option<Located<WabaStatus>>,
    /// The line, when it decides how Meta's one-time code reaches the number: the
    /// re-integration verifies the number again (GFAQ).
    #[serde(flatten)]
    pub line: RawLine,
}

/// The kind of line a new number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineType {
    /// A Genesys Cloud Voice number.
    GenesysVoice,
    /// A long code from Genesys's SMS inventory.
    SmsInventory,
    /// A toll-free / 1-800 number.
    TollFree,
    /// A mobile number owned by the business.
    Mobile,
    /// A fixed line owned by the business.
    Landline,
    /// Another direct-dial number (DID).
    Direct,
}

/// One `done:` entry: `step-id`, or `{step: step-id, at: time, by: name}`.
#[derive(Debug, Clone, PartialEq)]
pub struct RawDone {
    /// The step id.
    pub step: Located<String>,
    /// When it was done.
    pub at: Option<Located<String>>,
    /// Who did it.
    pub by: Option<Located<String>>,
}

/// One message template.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    /// Template name, e.g. `order_shipped`.
    #[schemars(with = "String")]
    pub name: Located<String>,
    /// Language/locale, e.g. `en_US`.
    #[schemars(with = "String")]
    pub language: Located<String>,
    /// Category.
    #[schemars(with = "TemplateCategory")]
    pub category: Located<TemplateCategory>,
    /// Review status.
    #[schemars(with = "TemplateStatus")]
    pub status: Located<TemplateStatus>,
    /// Quality rating.
    #[serde(default)]
    #[schemars(with = "Option<TemplateQuality>")]
    pub quality: Option<Located<TemplateQuality>>,
    /// Buttons: a count (`2`), or a list of button kinds (`[url, quick_reply]`).
    #[serde(default)]
    #[schemars(with = "Option<RawButtons>")]
    pub buttons: Option<Located<RawButtons>>,
    /// The header's kind, if the template has one. Genesys Cloud supports `text` (static or
    /// dynamic) and `image` headers.
    #[serde(default)]
    #[schemars(with = "Option<HeaderKind>")]
    pub header: Option<Located<HeaderKind>>,
}

/// The kind of a template's header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeaderKind {
    /// Text, static or with a variable.
    Text,
    /// An image.
    Image,
    /// A video.
    Video,
    /// A document.
    Document,
    /// A location.
    Location,
}

/// Template category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateCategory {
    /// Marketing.
    Marketing,
    /// Utility.
    Utility,
    /// Authentication.
    Authentication,
}

/// Template review status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateStatus {
    /// Approved.
    Approved,
    /// In review.
    Pending,
    /// Rejected.
    Rejected,
    /// Paused for low quality.
    Paused,
    /// Disabled.
    Disabled,
}

/// Template quality rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TemplateQuality {
    /// High.
    Green,
    /// Medium.
    Yellow,
    /// Low.
    Red,
    /// Not yet rated.
    Unknown,
}

/// Button type on a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ButtonKind {
    /// Quick reply.
    QuickReply,
    /// Call a phone number.
    PhoneNumber,
    /// Visit a website.
    Url,
    /// Copy a code.
    CopyCode,
}

/// `buttons:` as a count or a list of kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum RawButtons {
    /// Just how many.
    Count(u64),
    /// Each button's kind.
    Kinds(Vec<ButtonKind>),
}

/// A custom step that extends the runbook.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCustomStep {
    /// Kebab-case id, unique among all steps, e.g. `brief-agents`.
    #[schemars(with = "String")]
    pub id: Located<String>,
    /// Title, shown in reports.
    #[schemars(with = "String")]
    pub title: Located<String>,
    /// Who must act for the step to get done.
    #[schemars(with = "Owner")]
    pub owner: Located<Owner>,
    /// When it happens relative to the cutover. Default `prepare`.
    #[serde(default)]
    #[schemars(with = "Option<Phase>")]
    pub phase: Option<Located<Phase>>,
    /// How long it takes: `30m`, `2h`, `1d`, business days `3bd`, or a range such as `2bd..3bd`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub duration: Option<Located<String>>,
    /// Ids of steps (custom or catalogue) that must be done first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub after: Vec<Located<String>>,
    /// Ids of steps (custom or catalogue) that must wait for this one.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub before: Vec<Located<String>>,
    /// One copy per listed number (`all` for every number); absent: one fleet-wide step.
    #[serde(default)]
    #[schemars(with = "Option<RawScope>")]
    pub numbers: Option<Located<RawScope>>,
    /// Why it matters.
    #[serde(default)]
    pub reason: Option<String>,
    /// What to do.
    #[serde(default)]
    pub action: Option<String>,
}

/// `numbers:` of a custom step.
#[derive(Debug, Clone, PartialEq)]
pub enum RawScope {
    /// Every number.
    All,
    /// These numbers, as written.
    List(Vec<Located<String>>),
}

/// An override of a catalogue default.
#[derive(Debug, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    /// The catalogue step id to change (see `wamigrate steps`).
    #[schemars(with = "String")]
    pub step: Located<String>,
    /// New duration: `30m`, `2h`, `1d`, business days `3bd`, or a range such as `2bd..3bd`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub duration: Option<Located<String>>,
    /// New owner; wins over the owner derived from `source_waba_admin`.
    #[serde(default)]
    #[schemars(with = "Option<Owner>")]
    pub owner: Option<Located<Owner>>,
    /// The numbers it applies to (any spelling); absent or `all`: every number with the step.
    /// An override for some numbers wins over one for all of them.
    #[serde(default)]
    #[schemars(with = "Option<RawScope>")]
    pub numbers: Option<Located<RawScope>>,
}

// ---------------------------------------------------------------------------------------------
// Hand-written schemas for the four values of two shapes, each accepting exactly what the shaper
// accepts.

/// The two ways to write a time, shared by the `done` entry's `at`.
const TIME_HELP: &str = "RFC 3339 with an offset (`2026-11-20T10:00:00+01:00`, `2026-11-20T09:00:00Z`) \
     or local time in the destination's time zone (`2026-11-20T10:00`, `2026-11-20 10:00:30`)";

impl JsonSchema for RawSource {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RawSource")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::RawSource"))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // The shaper reads `engage:` and `app:` with no value as the kind with its defaults.
        let engage = generator.subschema_for::<Option<RawEngage>>();
        let bsp = generator.subschema_for::<RawBsp>();
        let genesys = generator.subschema_for::<RawGenesys>();
        let app = generator.subschema_for::<Option<RawApp>>();
        let new = generator.subschema_for::<RawNew>();
        let name_change = generator.subschema_for::<RawNameChange>();
        json_schema!({
            "description": "Where the number comes from: `engage` or `app` alone, or a mapping with \
                exactly one source kind whose value holds that kind's fields.",
            "oneOf": [
                {
                    "description": "The short form, for the kinds without a required field.",
                    "type": "string",
                    "enum": ["engage", "app"],
                },
                {
                    "description": "Exactly one source kind and its fields, e.g. \
                        `bsp: {partner: 360dialog}`.",
                    "type": "object",
                    "properties": {
                        "engage": engage,
                        "bsp": bsp,
                        "genesys": genesys,
                        "app": app,
                        "new": new,
                        "name_change": name_change,
                    },
                    "additionalProperties": false,
                    "minProperties": 1,
                    "maxProperties": 1,
                },
            ],
        })
    }
}

impl JsonSchema for RawDone {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RawDone")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::RawDone"))
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A step that is done: its id alone, or a mapping with `step` and \
                optional `at` and `by`.",
            "oneOf": [
                {
                    "description": "The step id, e.g. `disable-two-step-verification`.",
                    "type": "string",
                },
                {
                    "type": "object",
                    "properties": {
                        "step": {
                            "description": "The step id, e.g. `meta-portfolio-access`.",
                            "type": "string",
                        },
                        "at": {
                            "description": format!(
                                "When it was done: {TIME_HELP}. `wamigrate dry-run --at` an \
                                 earlier time counts the step as not done yet."
                            ),
                            "type": "string",
                        },
                        "by": {
                            "description": "Who did it; shown in reports.",
                            "type": "string",
                        },
                    },
                    "required": ["step"],
                    "additionalProperties": false,
                },
            ],
        })
    }
}

impl JsonSchema for RawScope {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RawScope")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::RawScope"))
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Which numbers get their own copy of the step: `all`, or a list of \
                phone numbers from `numbers` (any spelling).",
            "oneOf": [
                {
                    "description": "Every number in the plan.",
                    "type": "string",
                    "enum": ["all"],
                },
                {
                    "description": "These numbers, e.g. `[\"+49 30 901820\"]`.",
                    "type": "array",
                    "items": {"type": "string"},
                },
            ],
        })
    }
}

impl JsonSchema for RawButtons {
    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("RawButtons")
    }

    fn schema_id() -> Cow<'static, str> {
        Cow::Borrowed(concat!(module_path!(), "::RawButtons"))
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let kind = generator.subschema_for::<ButtonKind>();
        json_schema!({
            "description": "The template's buttons: how many, or each button's kind.",
            "oneOf": [
                {
                    "description": "How many buttons, e.g. `2`.",
                    "type": "integer",
                    "minimum": 0,
                },
                {
                    "description": "Each button's kind, e.g. `[url, quick_reply]`.",
                    "type": "array",
                    "items": kind,
                },
            ],
        })
    }
}

// ---------------------------------------------------------------------------------------------
// The words each closed set of values is written with.

/// A value chosen from a closed set of words (`approved`, `pending`, ...).
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// What the value is, for messages (`display name status`).
    const WHAT: &'static str;
    /// Every word and the value it means, in documentation order.
    const CHOICES: &'static [(&'static str, Self)];

    /// The value a word means.
    #[must_use]
    fn from_word(word: &str) -> Option<Self> {
        Self::CHOICES
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, v)| *v)
    }

    /// The word a plan writes for the value (`line: toll_free`).
    #[must_use]
    fn word(self) -> &'static str {
        Self::CHOICES
            .iter()
            .find(|(_, v)| *v == self)
            .map_or("", |(w, _)| *w)
    }

    /// Every word, in documentation order.
    #[must_use]
    fn words() -> Vec<&'static str> {
        Self::CHOICES.iter().map(|(w, _)| *w).collect()
    }
}

/// Implements [`Choice`] with the words of a `rename_all = "snake_case"` enum.
#[macro_export]
macro_rules! choices {
    ($ty:ty, $what:literal, { $($word:literal => $variant:ident),+ $(,)? }) => {
        impl $crate::plan::raw::Choice for $ty {
            const WHAT: &'static str = $what;
            const CHOICES: &'static [(&'static str, Self)] = &[$(($word, <$ty>::$variant)),+];
        }
    };
}

choices!(NameStatus, "display name status", {
    "approved" => Approved, "pending" => Pending, "rejected" => Rejected,
    "deferred" => Deferred, "unknown" => Unknown,
});
choices!(VerificationMethod, "verification method", { "sms" => Sms, "voice" => Voice });
choices!(WabaStatus, "WABA status", {
    "active" => Active, "restricted" => Restricted, "disabled" => Disabled,
});
choices!(SourceAdmin, "source WABA administrator", {
    "customer" => Customer, "partner" => Partner, "genesys" => Genesys,
});
choices!(AppKind, "app", { "messenger" => Messenger, "business" => Business });
choices!(LineType, "line type", {
    "genesys_voice" => GenesysVoice, "sms_inventory" => SmsInventory, "toll_free" => TollFree,
    "mobile" => Mobile, "landline" => Landline, "direct" => Direct,
});
choices!(TemplateCategory, "template category", {
    "marketing" => Marketing, "utility" => Utility, "authentication" => Authentication,
});
choices!(TemplateStatus, "template status", {
    "approved" => Approved, "pending" => Pending, "rejected" => Rejected,
    "paused" => Paused, "disabled" => Disabled,
});
choices!(TemplateQuality, "template quality", {
    "green" => Green, "yellow" => Yellow, "red" => Red, "unknown" => Unknown,
});
choices!(HeaderKind, "header kind", {
    "text" => Text, "image" => Image, "video" => Video, "document" => Document,
    "location" => Location,
});
choices!(ButtonKind, "button kind", {
    "quick_reply" => QuickReply, "phone_number" => PhoneNumber, "url" => Url,
    "copy_code" => CopyCode,
});
choices!(crate::catalog::Owner, "owner", {
    "customer" => Customer, "source-partner" => SourcePartner, "genesys" => Genesys,
    "meta" => Meta, "carrier" => Carrier, "implementation-partner" => ImplementationPartner,
});
choices!(Weekday, "day of the week", {
    "mon" => Mon, "tue" => Tue, "wed" => Wed, "thu" => Thu, "fri" => Fri, "sat" => Sat,
    "sun" => Sun,
});
choices!(crate::catalog::Phase, "phase", {
    "prepare" => Prepare, "cutover" => Cutover, "after" => After,
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The words the shaper accepts are the ones the schema lists (both come from here and from
    /// serde's `rename_all`, which could drift apart).
    fn schema_words<T: JsonSchema>() -> Vec<String> {
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        let value = schema.as_value();
        let mut words: Vec<String> = Vec::new();
        let mut collect = |v: &serde_json::Value| {
            if let Some(list) = v.get("enum").and_then(|e| e.as_array()) {
                words.extend(list.iter().filter_map(|x| x.as_str().map(str::to_string)));
            }
            if let Some(c) = v.get("const").and_then(|e| e.as_str()) {
                words.push(c.to_string());
            }
        };
        collect(value);
        if let Some(list) = value.get("oneOf").and_then(|e| e.as_array()) {
            list.iter().for_each(&mut collect);
        }
        words
    }

    fn same<T: JsonSchema + Choice>() {
        let mut schema = schema_words::<T>();
        let mut ours: Vec<String> = T::words().into_iter().map(str::to_string).collect();
        schema.sort();
        ours.sort();
        assert_eq!(schema, ours, "{}", T::WHAT);
    }

    #[test]
    fn choice_words_match_the_schema() {
        same::<NameStatus>();
        same::<VerificationMethod>();
        same::<WabaStatus>();
        same::<SourceAdmin>();
        same::<AppKind>();
        same::<LineType>();
        same::<TemplateCategory>();
        same::<TemplateStatus>();
        same::<TemplateQuality>();
        same::<ButtonKind>();
        same::<HeaderKind>();
        same::<Owner>();
        same::<Phase>();
        same::<Weekday>();
    }
}
