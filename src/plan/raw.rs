//! The plan file as written: serde types that mirror the YAML, with a span on every value a
//! diagnostic may need to point at. Nothing here is checked beyond its shape; [`super::validate`]
//! turns a [`RawPlan`] into a [`super::Plan`].
//!
//! Every struct denies unknown keys. Enums are externally tagged or plain strings, because
//! serde-saphyr loses spans inside internally tagged and untagged enums; the few places that accept
//! two shapes (`done` entries, `source`, `numbers` scopes, `buttons`) use hand-written visitors.
//!
//! The same types describe the plan's JSON Schema (`docs/plan.schema.json`, see [`crate::schema`]):
//! each `Spanned<T>` field is described as its `T`, the `///` comments on types and fields become
//! the descriptions an editor shows, so they are written for the person typing the plan. The four
//! visitor types have hand-written schemas next to their visitors, accepting exactly what the
//! visitors accept.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::catalog::{Owner, Phase};

/// A wamigrate migration plan: WhatsApp Business numbers moving onto Genesys Cloud.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Plan format version. Only `1` exists.
    #[schemars(with = "u64")]
    pub version: Spanned<u64>,
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
}

/// `plan:`: name, destination, cutover window, downtime budget, holidays.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// A human name for the plan, printed at the top of every report.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Where the numbers go: Genesys Cloud region, org and time zone.
    pub destination: RawDestination,
    /// The planned cutover window, from `start` to `end`.
    #[serde(default)]
    pub cutover_window: Option<RawWindow>,
    /// The longest downtime accepted per number: minutes, hours or days such as `15m`, `1h`
    /// (no business days, no range).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub downtime_budget: Option<Spanned<String>>,
    /// Non-working dates (`YYYY-MM-DD`) in the destination, skipped when counting business days.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub holidays: Vec<Spanned<String>>,
}

/// `plan.destination:`: the Genesys Cloud org the numbers move to.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDestination {
    /// Genesys Cloud region, e.g. `eu-central-1`.
    #[schemars(with = "String")]
    pub region: Spanned<String>,
    /// Genesys Cloud org, by name or id.
    #[schemars(with = "String")]
    pub org: Spanned<String>,
    /// IANA time zone of the destination, e.g. `Europe/Berlin`: local times in the plan are read
    /// in it and business days are counted in it.
    #[schemars(with = "String")]
    pub time_zone: Spanned<String>,
    /// Whether the customer's Meta business is verified (raises the template cap from 250 to
    /// 6,000). Default `false`.
    #[serde(default)]
    pub business_verified: Option<bool>,
}

/// `plan.cutover_window:`: when the cutover is planned.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// Start: RFC 3339 (`2026-12-01T22:00:00+01:00`) or local time in the destination's zone
    /// (`2026-12-01T22:00`).
    #[schemars(with = "String")]
    pub start: Spanned<String>,
    /// End, after the start: RFC 3339 (`2026-12-02T00:30:00+01:00`) or local time in the
    /// destination's zone (`2026-12-02T00:30`).
    #[schemars(with = "String")]
    pub end: Spanned<String>,
}

/// `fleet:`: facts about the steps shared by the whole fleet.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFleet {
    /// Fleet steps already done (`meta-portfolio-access`, `destination-waba-credit-line`, custom
    /// steps without `numbers:`): a step id, or `{step, at, by}`.
    #[serde(default)]
    #[schemars(with = "Vec<RawDone>")]
    pub done: Vec<Spanned<RawDone>>,
}

/// One source WABA and the templates its numbers share.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWaba {
    /// Your name for the WABA, unique in the plan; numbers refer to it with `waba:`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Its message templates.
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
}

/// One number to migrate.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNumber {
    /// The phone number in any common international spelling, quoted so YAML keeps it text:
    /// `"+49 30 901820"`, `"0049 30 901820"`, `"+1 (415) 555-0100"`.
    #[schemars(with = "String")]
    pub number: Spanned<String>,
    /// WhatsApp display name, shown in reports.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub display_name: Option<Spanned<String>>,
    /// Meta's review status of the display name. Default `unknown`.
    #[serde(default)]
    #[schemars(with = "Option<NameStatus>")]
    pub display_name_status: Option<Spanned<NameStatus>>,
    /// Where the number comes from: `engage` or `app` alone, or a mapping with exactly one kind
    /// (`engage`, `bsp`, `genesys`, `app`, `new`) and its fields.
    #[schemars(with = "RawSource")]
    pub source: Spanned<RawSource>,
    /// Whether the number has the Official Business Account badge.
    #[serde(default)]
    pub official_business_account: bool,
    /// How Meta's one-time verification code should reach the number.
    #[serde(default)]
    #[schemars(with = "Option<VerificationMethod>")]
    pub verification: Option<Spanned<VerificationMethod>>,
    /// Steps already done for this number: a step id, or `{step, at, by}`.
    #[serde(default)]
    #[schemars(with = "Vec<RawDone>")]
    pub done: Vec<Spanned<RawDone>>,
    /// Templates of this number's source WABA (in addition to those of its `waba:`).
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
    /// Free text for people; wamigrate ignores it.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Meta's display-name review status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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

/// How Meta's one-time code is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Text message.
    Sms,
    /// Voice call.
    Voice,
}

/// Who administers a source WABA (and so can turn off two-step verification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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
}

/// `source: {engage: ...}`: live in Genesys Engage.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEngage {
    /// The solution partner billed for the Engage WABA, if known.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub partner: Option<Spanned<String>>,
    /// Who administers the Engage WABA (and so turns off two-step verification). Default
    /// `customer`.
    #[serde(default)]
    #[schemars(with = "Option<SourceAdmin>")]
    pub source_waba_admin: Option<Spanned<SourceAdmin>>,
    /// The `id` of a source WABA (under `source_wabas`) whose templates apply.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub waba: Option<Spanned<String>>,
}

/// `source: {bsp: ...}`: at another WhatsApp solution partner.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBsp {
    /// The partner's name, e.g. `360dialog`; it is billed until the hand-over.
    #[schemars(with = "String")]
    pub partner: Spanned<String>,
    /// Who administers the source WABA (and so turns off two-step verification): `customer` or
    /// `partner` (default).
    #[serde(default)]
    #[schemars(with = "Option<SourceAdmin>")]
    pub source_waba_admin: Option<Spanned<SourceAdmin>>,
    /// `true` when the partner removes the number before the cutover (downtime starts there).
    #[serde(default)]
    pub disconnect_ahead: bool,
    /// The `id` of a source WABA (under `source_wabas`) whose templates apply.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub waba: Option<Spanned<String>>,
}

/// `source: {genesys: ...}`: in another Genesys Cloud region or org.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawGenesys {
    /// The old Genesys Cloud region.
    #[schemars(with = "String")]
    pub region: Spanned<String>,
    /// The old org.
    #[schemars(with = "String")]
    pub org: Spanned<String>,
    /// Whether someone knows the 6-digit PIN of the original integration. Never write the PIN
    /// itself.
    #[schemars(with = "bool")]
    pub pin_known: Spanned<bool>,
}

/// `source: {app: ...}`: registered in a WhatsApp phone app.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawApp {
    /// Which app.
    #[serde(default)]
    pub app: Option<AppKind>,
}

/// Which phone app a number is registered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    /// WhatsApp Messenger (consumer).
    Messenger,
    /// WhatsApp Business app.
    Business,
}

/// `source: {new: ...}`: not on WhatsApp yet.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNew {
    /// The kind of line.
    #[schemars(with = "LineType")]
    pub line: Spanned<LineType>,
    /// A toll-free number sits behind an IVR (only for `line: toll_free`). Default `false`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub behind_ivr: Option<Spanned<bool>>,
    /// The IVR can be bypassed for the verification call (needs `behind_ivr: true`). Default
    /// `false`.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub can_bypass_ivr: Option<Spanned<bool>>,
}

/// The kind of line a new number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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
    pub step: String,
    /// When it was done.
    pub at: Option<String>,
    /// Who did it.
    pub by: Option<String>,
}

/// One message template.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    /// Template name, e.g. `order_shipped`.
    #[schemars(with = "String")]
    pub name: Spanned<String>,
    /// Language/locale, e.g. `en_US`.
    pub language: String,
    /// Category.
    #[schemars(with = "TemplateCategory")]
    pub category: Spanned<TemplateCategory>,
    /// Review status.
    #[schemars(with = "TemplateStatus")]
    pub status: Spanned<TemplateStatus>,
    /// Quality rating.
    #[serde(default)]
    pub quality: Option<TemplateQuality>,
    /// Buttons: a count (`2`), or a list of button kinds (`[url, quick_reply]`).
    #[serde(default)]
    #[schemars(with = "Option<RawButtons>")]
    pub buttons: Option<Spanned<RawButtons>>,
}

/// Template category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCustomStep {
    /// Kebab-case id, unique among all steps, e.g. `brief-agents`.
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    /// Title, shown in reports.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Who must act for the step to get done.
    #[schemars(with = "Owner")]
    pub owner: Spanned<Owner>,
    /// When it happens relative to the cutover. Default `prepare`.
    #[serde(default)]
    #[schemars(with = "Option<Phase>")]
    pub phase: Option<Spanned<Phase>>,
    /// How long it takes: `30m`, `2h`, `1d`, business days `3bd`, or a range such as `2bd..3bd`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub duration: Option<Spanned<String>>,
    /// Ids of steps (custom or catalogue) that must be done first.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub after: Vec<Spanned<String>>,
    /// Ids of steps (custom or catalogue) that must wait for this one.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub before: Vec<Spanned<String>>,
    /// One copy per listed number (`all` for every number); absent: one fleet-wide step.
    #[serde(default)]
    #[schemars(with = "Option<RawScope>")]
    pub numbers: Option<Spanned<RawScope>>,
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
    List(Vec<Spanned<String>>),
}

/// An override of a catalogue default.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    /// The catalogue step id to change (see `wamigrate steps`).
    #[schemars(with = "String")]
    pub step: Spanned<String>,
    /// New duration: `30m`, `2h`, `1d`, business days `3bd`, or a range such as `2bd..3bd`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub duration: Option<Spanned<String>>,
    /// New owner; wins over the owner derived from `source_waba_admin`.
    #[serde(default)]
    #[schemars(with = "Option<Owner>")]
    pub owner: Option<Spanned<Owner>>,
}

// ---------------------------------------------------------------------------------------------
// Hand-written visitors for the two-shape values.

const SOURCE_KINDS: &[&str] = &["engage", "bsp", "genesys", "app", "new"];

impl<'de> Deserialize<'de> for RawSource {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SourceVisitor;
        impl<'de> Visitor<'de> for SourceVisitor {
            type Value = RawSource;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "a source kind (engage, bsp, genesys, app, new), alone or as a one-key mapping",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawSource, E> {
                match v {
                    "engage" => Ok(RawSource::Engage(RawEngage::default())),
                    "app" => Ok(RawSource::App(RawApp::default())),
                    "bsp" => Err(E::missing_field("partner")),
                    "genesys" => Err(E::missing_field("region")),
                    "new" => Err(E::missing_field("line")),
                    other => Err(E::unknown_variant(other, SOURCE_KINDS)),
                }
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawSource, A::Error> {
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::invalid_length(0, &self));
                };
                let source = match key.as_str() {
                    "engage" => RawSource::Engage(
                        map.next_value::<Option<RawEngage>>()?.unwrap_or_default(),
                    ),
                    "bsp" => RawSource::Bsp(map.next_value()?),
                    "genesys" => RawSource::Genesys(map.next_value()?),
                    "app" => {
                        RawSource::App(map.next_value::<Option<RawApp>>()?.unwrap_or_default())
                    }
                    "new" => RawSource::New(map.next_value()?),
                    other => return Err(de::Error::unknown_variant(other, SOURCE_KINDS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format_args!(
                        "a number has one source; `{extra}` is a second one"
                    )));
                }
                Ok(source)
            }
        }
        deserializer.deserialize_any(SourceVisitor)
    }
}

impl<'de> Deserialize<'de> for RawDone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DoneVisitor;
        impl<'de> Visitor<'de> for DoneVisitor {
            type Value = RawDone;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a step id, or a mapping with `step` and optional `at` and `by`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDone, E> {
                Ok(RawDone {
                    step: v.to_string(),
                    at: None,
                    by: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawDone, A::Error> {
                let mut step = None;
                let mut at = None;
                let mut by = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "step" if step.is_none() => step = Some(map.next_value::<String>()?),
                        "at" if at.is_none() => at = Some(map.next_value::<String>()?),
                        "by" if by.is_none() => by = Some(map.next_value::<String>()?),
                        "step" | "at" | "by" => return Err(de::Error::duplicate_field("step")),
                        other => {
                            return Err(de::Error::unknown_field(other, &["step", "at", "by"]));
                        }
                    }
                }
                let step = step.ok_or_else(|| de::Error::missing_field("step"))?;
                Ok(RawDone { step, at, by })
            }
        }
        deserializer.deserialize_any(DoneVisitor)
    }
}

impl<'de> Deserialize<'de> for RawScope {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScopeVisitor;
        impl<'de> Visitor<'de> for ScopeVisitor {
            type Value = RawScope;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`all` or a list of phone numbers")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScope, E> {
                if v == "all" {
                    Ok(RawScope::All)
                } else {
                    Err(E::unknown_variant(v, &["all"]))
                }
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawScope, A::Error> {
                let mut list = Vec::new();
                while let Some(number) = seq.next_element::<Spanned<String>>()? {
                    list.push(number);
                }
                Ok(RawScope::List(list))
            }
        }
        deserializer.deserialize_any(ScopeVisitor)
    }
}

impl<'de> Deserialize<'de> for RawButtons {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ButtonsVisitor;
        impl<'de> Visitor<'de> for ButtonsVisitor {
            type Value = RawButtons;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of buttons, or a list of button kinds (quick_reply, phone_number, url, copy_code)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawButtons, E> {
                Ok(RawButtons::Count(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawButtons, E> {
                u64::try_from(v)
                    .map(RawButtons::Count)
                    .map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawButtons, A::Error> {
                let mut kinds = Vec::new();
                while let Some(kind) = seq.next_element::<ButtonKind>()? {
                    kinds.push(kind);
                }
                Ok(RawButtons::Kinds(kinds))
            }
        }
        deserializer.deserialize_any(ButtonsVisitor)
    }
}

// ---------------------------------------------------------------------------------------------
// Hand-written schemas for the same four values, each accepting exactly what its visitor accepts.

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
        // The visitor reads `engage` and `app` as `Option<_>`, so `engage:` with no value is fine.
        let engage = generator.subschema_for::<Option<RawEngage>>();
        let bsp = generator.subschema_for::<RawBsp>();
        let genesys = generator.subschema_for::<RawGenesys>();
        let app = generator.subschema_for::<Option<RawApp>>();
        let new = generator.subschema_for::<RawNew>();
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
