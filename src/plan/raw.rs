//! The plan file as written: serde types that mirror the YAML, with a span on every value a
//! diagnostic may need to point at. Nothing here is checked beyond its shape; [`super::validate`]
//! turns a [`RawPlan`] into a [`super::Plan`].
//!
//! Every struct denies unknown keys. Enums are externally tagged or plain strings, because
//! serde-saphyr loses spans inside internally tagged and untagged enums; the few places that accept
//! two shapes (`done` entries, `source`, `numbers` scopes, `buttons`) use hand-written visitors.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::catalog::{Owner, Phase};

/// The whole plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlan {
    /// Format version; only 1 exists.
    pub version: Spanned<u64>,
    /// Plan metadata.
    pub plan: RawMeta,
    /// Fleet-wide facts.
    #[serde(default)]
    pub fleet: RawFleet,
    /// Source WABAs whose templates several numbers share.
    #[serde(default)]
    pub source_wabas: Vec<RawWaba>,
    /// The numbers to migrate.
    pub numbers: Vec<RawNumber>,
    /// Custom steps that extend the runbook.
    #[serde(default)]
    pub steps: Vec<RawCustomStep>,
    /// Overrides of catalogue defaults where sources disagree.
    #[serde(default)]
    pub overrides: Vec<RawOverride>,
}

/// `plan:`: name, destination, window, budget.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Human name of the plan.
    pub name: Spanned<String>,
    /// Where the numbers go.
    pub destination: RawDestination,
    /// Planned cutover window.
    #[serde(default)]
    pub cutover_window: Option<RawWindow>,
    /// Longest acceptable downtime per number, e.g. `15m`.
    #[serde(default)]
    pub downtime_budget: Option<Spanned<String>>,
    /// Non-working dates (`YYYY-MM-DD`) in the destination, skipped when counting business days.
    #[serde(default)]
    pub holidays: Vec<Spanned<String>>,
}

/// `plan.destination:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDestination {
    /// Genesys Cloud region, e.g. `eu-central-1`.
    pub region: Spanned<String>,
    /// Genesys Cloud org name or id.
    pub org: Spanned<String>,
    /// IANA time zone of the destination.
    pub time_zone: Spanned<String>,
    /// Whether the customer's Meta business is verified (raises the template cap).
    #[serde(default)]
    pub business_verified: Option<bool>,
}

/// `plan.cutover_window:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWindow {
    /// Start (RFC 3339, or local time in the destination zone).
    pub start: Spanned<String>,
    /// End.
    pub end: Spanned<String>,
}

/// `fleet:`: facts about the fleet-wide steps.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFleet {
    /// Fleet steps already done.
    #[serde(default)]
    pub done: Vec<Spanned<RawDone>>,
}

/// One source WABA and its templates.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWaba {
    /// The id numbers refer to with `waba:`.
    pub id: Spanned<String>,
    /// Its templates.
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
}

/// One number to migrate.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNumber {
    /// The phone number, any common spelling.
    pub number: Spanned<String>,
    /// WhatsApp display name.
    #[serde(default)]
    pub display_name: Option<Spanned<String>>,
    /// Meta's review status of the display name.
    #[serde(default)]
    pub display_name_status: Option<Spanned<NameStatus>>,
    /// Where the number comes from.
    pub source: Spanned<RawSource>,
    /// Whether the number has the Official Business Account badge.
    #[serde(default)]
    pub official_business_account: bool,
    /// How the one-time code should reach the number.
    #[serde(default)]
    pub verification: Option<Spanned<VerificationMethod>>,
    /// Steps already done for this number.
    #[serde(default)]
    pub done: Vec<Spanned<RawDone>>,
    /// Templates of this number's source WABA (in addition to those of `source.*.waba`).
    #[serde(default)]
    pub templates: Vec<RawTemplate>,
    /// Free text for people.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Meta's display-name review status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMethod {
    /// Text message.
    Sms,
    /// Voice call.
    Voice,
}

/// Who administers a source WABA (and so can turn off two-step verification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

/// `source: {engage: ...}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngage {
    /// The partner billed for the Engage WABA, if known.
    #[serde(default)]
    pub partner: Option<Spanned<String>>,
    /// Who administers the Engage WABA.
    #[serde(default)]
    pub source_waba_admin: Option<Spanned<SourceAdmin>>,
    /// A declared source WABA whose templates apply.
    #[serde(default)]
    pub waba: Option<Spanned<String>>,
}

/// `source: {bsp: ...}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBsp {
    /// The partner's name, e.g. `360dialog`.
    pub partner: Spanned<String>,
    /// Who administers the source WABA.
    #[serde(default)]
    pub source_waba_admin: Option<Spanned<SourceAdmin>>,
    /// The number is removed from the partner before the cutover.
    #[serde(default)]
    pub disconnect_ahead: bool,
    /// A declared source WABA whose templates apply.
    #[serde(default)]
    pub waba: Option<Spanned<String>>,
}

/// `source: {genesys: ...}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGenesys {
    /// The old Genesys Cloud region.
    pub region: Spanned<String>,
    /// The old org.
    pub org: Spanned<String>,
    /// Whether the 6-digit PIN of the original integration is known.
    pub pin_known: Spanned<bool>,
}

/// `source: {app: ...}`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawApp {
    /// Which app.
    #[serde(default)]
    pub app: Option<AppKind>,
}

/// Which phone app a number is registered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppKind {
    /// WhatsApp Messenger (consumer).
    Messenger,
    /// WhatsApp Business app.
    Business,
}

/// `source: {new: ...}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNew {
    /// The kind of line.
    pub line: Spanned<LineType>,
    /// A toll-free number is behind an IVR.
    #[serde(default)]
    pub behind_ivr: Option<Spanned<bool>>,
    /// The IVR can be bypassed for the verification call.
    #[serde(default)]
    pub can_bypass_ivr: Option<Spanned<bool>>,
}

/// The kind of line a new number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

/// One template.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTemplate {
    /// Template name.
    pub name: Spanned<String>,
    /// Language/locale, e.g. `en_US`.
    pub language: String,
    /// Category.
    pub category: Spanned<TemplateCategory>,
    /// Review status.
    pub status: Spanned<TemplateStatus>,
    /// Quality rating.
    #[serde(default)]
    pub quality: Option<TemplateQuality>,
    /// Buttons: a count, or a list of button types.
    #[serde(default)]
    pub buttons: Option<Spanned<RawButtons>>,
}

/// Template category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

/// A custom step.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCustomStep {
    /// Kebab-case id.
    pub id: Spanned<String>,
    /// Title.
    pub title: Spanned<String>,
    /// Who does it.
    pub owner: Spanned<Owner>,
    /// When it happens (default: prepare).
    #[serde(default)]
    pub phase: Option<Spanned<Phase>>,
    /// How long it takes, e.g. `30m` or `1bd..2bd`.
    #[serde(default)]
    pub duration: Option<Spanned<String>>,
    /// Steps that must be done first.
    #[serde(default)]
    pub after: Vec<Spanned<String>>,
    /// Steps that must wait for this one.
    #[serde(default)]
    pub before: Vec<Spanned<String>>,
    /// One copy per listed number (`all` for every number); absent: one fleet-wide step.
    #[serde(default)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOverride {
    /// The catalogue step id.
    pub step: Spanned<String>,
    /// New duration.
    #[serde(default)]
    pub duration: Option<Spanned<String>>,
    /// New owner.
    #[serde(default)]
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
                f.write_str("a source kind (engage, bsp, genesys, app, new), alone or as a one-key mapping")
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
                    "engage" => RawSource::Engage(map.next_value::<Option<RawEngage>>()?.unwrap_or_default()),
                    "bsp" => RawSource::Bsp(map.next_value()?),
                    "genesys" => RawSource::Genesys(map.next_value()?),
                    "app" => RawSource::App(map.next_value::<Option<RawApp>>()?.unwrap_or_default()),
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
                        other => return Err(de::Error::unknown_field(other, &["step", "at", "by"])),
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
