//! Warnings about a number that do not block its cutover but that a careful engineer would want
//! to read: templates that will not be copied or cannot be used from Genesys Cloud, the template
//! cap, a downtime budget overrun, the OBA badge and two-step verification.

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use serde::ser::SerializeStruct;

use crate::catalog::{self, MAX_TEMPLATE_BUTTONS};
use crate::diagnostic::{Diagnostic, Kind as _};
use crate::eval::Downtime;
use crate::graph::StepGraph;
use crate::plan::raw::Choice as _;
use crate::plan::{ButtonKind, Buttons, LineType, Source, Template, TemplateCategory};
use crate::source::Span;

/// What the warning is about, with its facts; the wording lives in `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WarningKind {
    /// A template will not be duplicated into the destination WABA (not Approved + Green).
    TemplateNotDuplicated {
        /// Template name.
        name: String,
        /// Language.
        language: String,
        /// Its status and quality, as words.
        state: String,
        /// The number's path copies no template at all (disconnected ahead, or a phone-app
        /// number): every template must be re-created, whatever its status.
        path_copies_none: bool,
    },
    /// Authentication templates cannot be used from Genesys Cloud.
    TemplateCategoryUnsupported {
        /// Template name.
        name: String,
        /// Language.
        language: String,
    },
    /// More buttons than Genesys Cloud or Meta allow.
    TemplateTooManyButtons {
        /// Template name.
        name: String,
        /// What is over the limit.
        detail: String,
    },
    /// A component Genesys Cloud does not list among those it supports.
    TemplateComponentUnsupported {
        /// Template name.
        name: String,
        /// Language.
        language: String,
        /// The component, in words (`a video header`, `a copy-code button`).
        component: String,
    },
    /// More templates would be copied than the destination WABA can hold.
    TemplateCapExceeded {
        /// Templates eligible for copying (name + language pairs counted by name).
        eligible: usize,
        /// The cap.
        cap: usize,
    },
    /// The longest expected downtime exceeds the plan's budget.
    DowntimeOverBudget {
        /// Longest downtime.
        max_minutes: u32,
        /// The budget.
        budget_minutes: u32,
    },
    /// The number has the OBA badge, which needs two-step verification on.
    OfficialBusinessAccount,
    /// A display-name change on a number with the OBA badge: not self-serve.
    ObaDisplayNameChange,
    /// A number with the OBA badge that is registered anew (from a phone app, new, or removed from
    /// its partner ahead of the move): nothing
    /// carries over, the badge included.
    ObaNotCarriedOver,
    /// A display-name change planned inside the customer's working hours, not off-peak.
    NameChangeInWorkingHours {
        /// The window's start (destination local time).
        window_start: String,
    },
    /// A region/org move whose source is the destination itself.
    SameOrgMove,
    /// A consumer WhatsApp Messenger number: the account and history go for good.
    ConsumerAppNumber,
    /// The number is still on the On-Premises API after its last client expired: it delivers
    /// nothing until it moves to the Cloud API.
    OnPremisesNotDelivering,
    /// The plan brings more numbers into the unverified destination business than it may hold.
    UnverifiedBusinessNumberLimit {
        /// Numbers the plan brings in (arrivals, plus the credit line's first number).
        numbers: usize,
        /// The credit line's first new number is among them.
        credit_line_seed: bool,
        /// Numbers of the plan the business holds already (region/org moves, name changes).
        held: usize,
        /// Arriving numbers that wait for business verification.
        waiting: usize,
        /// How many an unverified portfolio may hold.
        limit: u32,
    },
    /// The number's country, or a region of it, is where the platform is not available.
    CountryRestricted {
        /// The calling code, without `+`.
        calling_code: String,
        /// The country, or the regions the number cannot tell apart.
        place: &'static str,
        /// Only some regions of the country are restricted.
        regions: bool,
    },
    /// libphonenumber's numbering plan for the number's country has no such number.
    NumberNotInNumberingPlan {
        /// The calling code, without `+`.
        calling_code: String,
        /// Region the number was checked against (ISO 3166), when one region's plan applies.
        region: Option<&'static str>,
        /// How its length compares with the region's numbers.
        length: catalog::numbering::Length,
        /// The national significant number (the digits after the country calling code).
        national: String,
        /// The region's shortest and longest national numbers.
        shortest: u16,
        /// See `shortest`.
        longest: u16,
        /// The prefix dialled inside the country (`0`, `1`, `8`, `06`), written after the
        /// country code; without it the number is in the plan.
        national_prefix: Option<&'static str>,
    },
    /// A Brazilian mobile already registered on WhatsApp, written with or without the ninth
    /// digit: it must be written as Meta registered it.
    BrazilNinthDigit {
        /// How the plan writes it.
        written: catalog::numbering::NinthDigit,
    },
    /// The plan's `line:` contradicts the line kind libphonenumber reads from the number.
    LineKindMismatch {
        /// The calling code, without `+`.
        calling_code: String,
        /// Region (ISO 3166), when the number is geographic.
        region: Option<&'static str>,
        /// The kind libphonenumber reads.
        kind: catalog::numbering::LineKind,
        /// The plan's `line:` value; `None` for a migrating number that states no line while
        /// libphonenumber reads it as toll-free (an IVR may keep Meta's call from it).
        line: Option<LineType>,
    },
    /// The source WABA is in another business portfolio than the destination.
    CrossPortfolioMigration {
        /// The source WABA's portfolio.
        source: String,
        /// The destination's portfolio.
        destination: String,
    },
    /// Meta rejected an Official Business Account request for the number.
    ObaRequestRejected {
        /// When (destination local time).
        rejected: String,
        /// From when a new request may be sent (destination local time).
        resubmit_from: String,
        /// That moment has passed at the evaluation time.
        resubmit_now: bool,
    },
    /// A new display name approved longer than 14 days before the number's planned registration:
    /// Meta reviews it again (MDN).
    NameApprovalLapses {
        /// When the approval was recorded, or is expected (destination local time).
        approved: String,
        /// The approval is not recorded yet: `approved` is when the schedule expects it.
        expected: bool,
        /// The last moment to register with it (destination local time).
        deadline: String,
        /// That moment has passed at the evaluation time.
        lapsed: bool,
        /// When the number is planned to register (destination local time).
        registers_at: String,
    },
    /// A display name Meta has not approved yet goes against its display-name guidelines.
    DisplayNameGuidelines {
        /// The name as written.
        name: String,
        /// What goes against them.
        problems: Vec<catalog::NameProblem>,
    },
    /// The planned registration would exceed Meta's registration quota (error 133016).
    RegistrationQuotaExceeded {
        /// When the registration is planned (destination local time, as text).
        registers_at: String,
        /// Registrations already made in the week before it.
        used: u32,
        /// Registrations planned then (the save, plus retries).
        planned: u32,
        /// The 72-hour reading is exceeded too, not only the weekly one.
        both: bool,
        /// When the planned registrations fit again (destination local time), if ever.
        frees_at: Option<String>,
    },
    /// The number is removed from its old partner's WABA ahead of the cutover, which Meta refuses
    /// while the number sent paid messages in the last 30 days (MISC/Woztell).
    RemovalBlockedByPaidMessages {
        /// Who removes it (the owner of `disconnect-from-source-partner`, after overrides).
        owner: catalog::Owner,
    },
    /// Two source WABAs copy a template of the same name and language into the one destination
    /// WABA, which keeps only the copy that arrives first.
    TemplateNameClash {
        /// Template name.
        name: String,
        /// Language.
        language: String,
        /// The WABA (plan id) listing it first.
        first_waba: String,
        /// The other WABA.
        second_waba: String,
    },
    /// A `done:` or `started:` entry of the plan dated after the moment evaluated: the step
    /// counts as neither done nor under way until then.
    RecordedInFuture {
        /// The step id.
        step: String,
        /// Recorded as done (else as started).
        done: bool,
        /// When, as recorded (destination local time).
        at: String,
    },
    /// A cutover step of the number is recorded done (at or before the moment evaluated)
    /// outside the planned cutover window: the number was cut over when the window did not plan.
    /// Boxed: its four texts would make every warning of a fleet 16 bytes larger.
    CutoverOutsideWindow(Box<OutsideWindow>),
    /// The planned cutover window opens before the blocking steps' lead times can elapse.
    CutoverWindowTooEarly {
        /// Earliest safe cutover (destination local time, as text).
        earliest: String,
        /// Window start (destination local time, as text).
        window_start: String,
    },
}

/// The facts of [`WarningKind::CutoverOutsideWindow`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutsideWindow {
    /// The step id (the first of the number's cutover steps recorded outside the window).
    pub step: String,
    /// When, as recorded.
    pub at: chrono::DateTime<chrono::Utc>,
    /// After the window's end (else before its start).
    pub after: bool,
    /// The window's start.
    pub window_start: chrono::DateTime<chrono::Utc>,
    /// The window's end.
    pub window_end: chrono::DateTime<chrono::Utc>,
    /// The destination's time zone, in which the times are shown (kept as moments, not texts:
    /// a fleet cut over in waves before its window has tens of thousands of these).
    pub zone: chrono_tz::Tz,
    /// The entry is in the journal (`record`), which has no place in the plan.
    pub journal: bool,
    /// How many more of the number's cutover steps are recorded outside the window.
    pub more: usize,
}

impl crate::diagnostic::Kind for WarningKind {
    fn code(&self) -> &'static str {
        match self {
            WarningKind::TemplateNotDuplicated { .. } => "template-not-duplicated",
            WarningKind::TemplateCategoryUnsupported { .. } => "template-category-unsupported",
            WarningKind::TemplateTooManyButtons { .. } => "template-too-many-buttons",
            WarningKind::TemplateComponentUnsupported { .. } => "template-component-unsupported",
            WarningKind::TemplateCapExceeded { .. } => "template-cap-exceeded",
            WarningKind::DowntimeOverBudget { .. } => "downtime-over-budget",
            WarningKind::OfficialBusinessAccount => "oba-needs-two-step-verification",
            WarningKind::ObaDisplayNameChange => "oba-display-name-change",
            WarningKind::ObaNotCarriedOver => "oba-not-carried-over",
            WarningKind::NameChangeInWorkingHours { .. } => "name-change-in-working-hours",
            WarningKind::SameOrgMove => "same-org-move",
            WarningKind::ConsumerAppNumber => "consumer-app-number",
            WarningKind::OnPremisesNotDelivering => "on-premises-not-delivering",
            WarningKind::CutoverWindowTooEarly { .. } => "cutover-window-too-early",
            WarningKind::CutoverOutsideWindow(_) => "cutover-outside-window",
            WarningKind::RegistrationQuotaExceeded { .. } => "registration-quota-exceeded",
            WarningKind::NameApprovalLapses { .. } => "name-approval-lapses",
            WarningKind::DisplayNameGuidelines { .. } => "display-name-guidelines",
            WarningKind::CountryRestricted { .. } => "country-restricted",
            WarningKind::CrossPortfolioMigration { .. } => "cross-portfolio-migration",
            WarningKind::NumberNotInNumberingPlan { .. } => "number-not-in-numbering-plan",
            WarningKind::LineKindMismatch { .. } => "line-kind-mismatch",
            WarningKind::BrazilNinthDigit { .. } => "brazil-ninth-digit",
            WarningKind::ObaRequestRejected { .. } => "oba-request-rejected",
            WarningKind::UnverifiedBusinessNumberLimit { .. } => "unverified-business-number-limit",
            WarningKind::RemovalBlockedByPaidMessages { .. } => "removal-blocked-by-paid-messages",
            WarningKind::TemplateNameClash { .. } => "template-name-clash",
            WarningKind::RecordedInFuture { .. } => "recorded-in-future",
        }
    }
}

impl WarningKind {
    /// Every warning code of this stage (documentation order).
    pub const CODES: &'static [&'static str] = &[
        "template-not-duplicated",
        "template-category-unsupported",
        "template-too-many-buttons",
        "template-component-unsupported",
        "template-cap-exceeded",
        "template-name-clash",
        "downtime-over-budget",
        "oba-needs-two-step-verification",
        "oba-display-name-change",
        "oba-not-carried-over",
        "name-change-in-working-hours",
        "same-org-move",
        "consumer-app-number",
        "cutover-window-too-early",
        "cutover-outside-window",
        "registration-quota-exceeded",
        "unverified-business-number-limit",
        "country-restricted",
        "number-not-in-numbering-plan",
        "line-kind-mismatch",
        "brazil-ninth-digit",
        "cross-portfolio-migration",
        "oba-request-rejected",
        "on-premises-not-delivering",
        "name-approval-lapses",
        "display-name-guidelines",
        "removal-blocked-by-paid-messages",
        "recorded-in-future",
    ];
}

/// What an arriving number beyond an unverified business's places waits for, and how long.
const UNVERIFIED_WAIT: &str =
    "for business verification (`verify-business`, 10 minutes to 14 working days)";

impl fmt::Display for WarningKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WarningKind::TemplateNotDuplicated {
                name,
                language,
                path_copies_none: true,
                ..
            } => write!(
                f,
                "template `{name}` ({language}) is not copied on this path (the number is registered anew, not migrated between WABAs): re-create it and submit it for approval after the migration; its quality and messaging limits do not carry over"
            ),
            WarningKind::TemplateNotDuplicated { name, language, state, .. } => write!(
                f,
                "template `{name}` ({language}) is {state}: only Approved + Green templates are copied to the destination WABA; re-submit it after the migration"
            ),
            WarningKind::TemplateCategoryUnsupported { name, language } => write!(
                f,
                "template `{name}` ({language}) is an Authentication template; Genesys Cloud supports only Utility and Marketing templates"
            ),
            WarningKind::TemplateTooManyButtons { name, detail } => {
                write!(f, "template `{name}` {detail}; sending it will fail")
            }
            WarningKind::TemplateComponentUnsupported {
                name,
                language,
                component,
            } => write!(
                f,
                "template `{name}` ({language}) has {component}, which Genesys Cloud does not list among the components it supports (header: text or image; footer: text; buttons: quick reply, call phone number, visit website): agents, flows and notifications may not be able to send it"
            ),
            WarningKind::TemplateCapExceeded { eligible, cap } => write!(
                f,
                "{eligible} templates qualify for copying into the destination WABA, which holds at most {cap}; copying stops at the cap (verify the business and get a display name approved to raise it to 6,000)"
            ),
            WarningKind::TemplateNameClash {
                name,
                language,
                first_waba,
                second_waba,
            } => write!(
                f,
                "template `{name}` ({language}) is in source WABAs `{first_waba}` and `{second_waba}`, and both copy it into the one destination WABA, which holds one template per name and language and does not overwrite one: only the copy that arrives first is kept, and the numbers of the other WABA send that one; if the two differ, rename one and submit it after the migration"
            ),
            WarningKind::RemovalBlockedByPaidMessages { owner } => {
                let who = match owner {
                    catalog::Owner::Customer => "the customer",
                    catalog::Owner::SourcePartner => "the old partner",
                    catalog::Owner::Genesys => "Genesys",
                    catalog::Owner::Meta => "Meta",
                    catalog::Owner::Carrier => "the carrier",
                    catalog::Owner::ImplementationPartner => "the implementation partner",
                };
                let days = catalog::PAID_MESSAGE_REMOVAL_LOCK.num_days();
                write!(
                    f,
                    "the number is removed from the old partner's WABA ahead of the cutover (`disconnect_ahead: true`), and Meta refuses to delete a number that sent paid messages in the last {days} days (a partner's report citing Meta): send no paid (template) messages from it in the {days} days before {who} removes it (`disconnect-from-source-partner`), or migrate it without removing it first (`disconnect_ahead: false`), which deletes nothing and keeps its templates"
                )
            }
            WarningKind::DowntimeOverBudget { max_minutes, budget_minutes } => write!(
                f,
                "downtime may reach {max_minutes} min, over the plan's budget of {budget_minutes} min"
            ),
            WarningKind::NameChangeInWorkingHours { window_start } => write!(
                f,
                "the cutover window opens {window_start}, in the customer's working hours: the number is off WhatsApp from deleting the integration until it is saved again, and Genesys recommends an off-peak window for the re-integration"
            ),
            WarningKind::ObaDisplayNameChange => f.write_str(
                "the number has an Official Business Account badge: partners report that its display name cannot be changed self-serve in WhatsApp Manager but through Meta's Direct Support; open that request before planning the cycle",
            ),
            WarningKind::ObaNotCarriedOver => f.write_str(
                "the number has an Official Business Account badge, but it is registered on the platform as a new number, and nothing carries over to a new registration: request the badge again once the number qualifies (partners name a verified business, two-step verification on and 30 days on the platform)",
            ),
            WarningKind::OfficialBusinessAccount => f.write_str(
                "the number has an Official Business Account badge, which requires two-step verification: turn it back on right after the migration",
            ),
            WarningKind::SameOrgMove => f.write_str(
                "the source region and org are the destination's: nothing would move",
            ),
            WarningKind::CutoverWindowTooEarly { earliest, window_start } => write!(
                f,
                "the cutover window opens {window_start}, but the blocking steps' lead times end {earliest} at the earliest"
            ),
            WarningKind::CutoverOutsideWindow(outside) => {
                let OutsideWindow {
                    step,
                    at,
                    after,
                    window_start,
                    window_end,
                    zone,
                    journal,
                    more,
                } = &**outside;
                let local = |t| crate::calendar::local_text(t, *zone);
                let (at, window_start, window_end) =
                    (local(*at), local(*window_start), local(*window_end));
                let side = if *after {
                    "after the cutover window ended"
                } else {
                    "before the cutover window opened"
                };
                let source = if *journal { " in the journal" } else { "" };
                write!(
                    f,
                    "`{step}` is recorded{source} as done at {at}, {side} ({window_start} to {window_end})"
                )?;
                match more {
                    0 => {}
                    1 => f.write_str(", and one more of its cutover steps is too")?,
                    more => write!(f, ", and {more} more of its cutover steps are too")?,
                }
                f.write_str(
                    ": the number was cut over outside the planned window; tell those who were told of the window, or correct the recorded time if it is wrong",
                )
            }
            WarningKind::RegistrationQuotaExceeded {
                registers_at,
                used,
                planned,
                both,
                frees_at,
            } => {
                write!(
                    f,
                    "the registration planned {registers_at} would be number {} within a week ({used} already made, {planned} planned): Meta allows 10 registrations per number per week in the stricter reading",
                    used + planned
                )?;
                if *both {
                    f.write_str(" and per 72 hours in the other, so both readings refuse it")?;
                } else {
                    f.write_str(" (10 per 72 hours in the other, which it meets)")?;
                }
                f.write_str("; Meta answers 133016 and blocks registration")?;
                match frees_at {
                    Some(t) => write!(f, "; the quota frees up {t}"),
                    None => f.write_str("; plan fewer retries: they never fit"),
                }
            }
            WarningKind::UnverifiedBusinessNumberLimit {
                numbers,
                credit_line_seed,
                held,
                waiting,
                limit,
            } => {
                write!(f, "the plan brings {numbers} phone numbers into the destination business")?;
                if *credit_line_seed {
                    f.write_str(
                        " (counting the first new number that gives the destination WABA its credit line)",
                    )?;
                }
                match held {
                    0 => {}
                    1 => f.write_str(", which already holds 1 more of the plan's numbers (a region/org move or a display-name change keeps its WABA)")?,
                    held => write!(f, ", which already holds {held} more of the plan's numbers (region/org moves and display-name changes keep their WABA)")?,
                }
                write!(
                    f,
                    ", but an unverified business portfolio holds only {limit} (other partners' documentation; Meta states no figure) and cannot request an Official Business Account: "
                )?;
                match waiting {
                    1 => write!(f, "1 arriving number waits {UNVERIFIED_WAIT}, the one marked here")?,
                    waiting => write!(
                        f,
                        "{waiting} arriving numbers wait {UNVERIFIED_WAIT}, the first of them in plan order marked here (a number whose cutover is recorded keeps the place it took, wherever the plan lists it)"
                    )?,
                }
                f.write_str(
                    "; or set `destination.unverified_number_limit` if Meta shows a higher limit",
                )
            }
            WarningKind::CountryRestricted {
                calling_code,
                place,
                regions: false,
            } => write!(
                f,
                "+{calling_code} is {place}, where the WhatsApp Business Platform is not available (the list partners give): Meta is likely to refuse the number; check Meta's current availability list and set `country_availability_confirmed: true` if it is available"
            ),
            WarningKind::CountryRestricted {
                calling_code,
                place,
                regions: true,
            } => write!(
                f,
                "the WhatsApp Business Platform is not available in {place}, and a region inside +{calling_code} cannot be told from the number alone: confirm where the line is, then set `country_availability_confirmed: true`"
            ),
            WarningKind::NumberNotInNumberingPlan {
                calling_code,
                region,
                length,
                national,
                shortest,
                longest,
                national_prefix,
            } => {
                use catalog::numbering::Length;
                let place = place(calling_code, *region);
                let digits = national.len();
                let lengths = if shortest == longest {
                    format!("{shortest}")
                } else {
                    format!("{shortest} to {longest}")
                };
                let why = if let Some(prefix) = national_prefix {
                    format!("{place} numbers are written without the {prefix} that is dialled before them inside the country")
                } else {
                    match length {
                        Length::TooShort => format!("too short: {place} numbers have {lengths} digits after the country code, this one {digits}"),
                        Length::TooLong => format!("too long: {place} numbers have {lengths} digits after the country code, this one {digits}"),
                        Length::Unused => format!("no {place} number has {digits} digits after the country code"),
                        Length::Used => format!("no {place} range holds the {digits}-digit number {national}"),
                    }
                };
                let fix = match national_prefix {
                    Some(prefix) => format!("drop the {prefix} after the country code"),
                    None => "check for a missing, extra or swapped digit".to_string(),
                };
                write!(
                    f,
                    "the number is not in libphonenumber's numbering plan ({why}): {fix}, since Meta sends its verification code to this number; if the carrier confirms the number as written, set `numbering_confirmed: true`"
                )
            }
            WarningKind::BrazilNinthDigit { written } => {
                use catalog::numbering::NinthDigit;
                let (form, other) = match written {
                    NinthDigit::With => ("with the ninth digit 9 after the area code", "a number registered before Brazil added the 9 may be held without it"),
                    NinthDigit::Without => ("without the ninth digit 9 after the area code (the form from before Brazil added it, not in today's numbering plan)", "Meta may hold it with the 9 if it was registered since"),
                };
                write!(
                    f,
                    "this Brazilian mobile is written {form}: Meta keeps a number in the form it was registered with, and a migration or re-verification must name it exactly so; {other}: write the number as WhatsApp Manager shows it, then set `numbering_confirmed: true`"
                )
            }
            WarningKind::LineKindMismatch {
                calling_code,
                region,
                kind,
                line: None,
            } => write!(
                f,
                "the plan does not state the number's line, but libphonenumber reads it as {} ({}): toll-free numbers often answer through an IVR, which Meta's verification call cannot get past; state `line: toll_free` in its source and say whether it is `behind_ivr`, so that the steps to get past the IVR are planned",
                kind.describe(),
                place(calling_code, *region)
            ),
            WarningKind::LineKindMismatch {
                calling_code,
                region,
                kind,
                line: Some(line),
            } => {
                use catalog::numbering::LineKind;
                let consequence = match (kind, line) {
                    (LineKind::TollFree, _) => "toll-free numbers often answer through an IVR, which Meta's verification call cannot get past: set `line: toll_free` and say whether it is `behind_ivr`".to_string(),
                    (_, LineType::TollFree) => format!("`line: toll_free` is for a toll-free number, and {} is not one: write the line the carrier names (`landline`, `direct` or `mobile`), which decides whether the line is checked for calls from abroad (an IVR in front is `behind_ivr`, on any line but a mobile)", kind.describe()),
                    (LineKind::PremiumRate | LineKind::Pager | LineKind::Voicemail, _) => "Meta's verification code may not reach such a number: check with the carrier that it takes calls or SMS from abroad, or register another number".to_string(),
                    (LineKind::FixedLine, LineType::Mobile) => "Meta's verification code by SMS cannot reach a fixed line: correct `line:`, or ask for the code by voice (`verification: voice`)".to_string(),
                    (_, LineType::Mobile) => "Meta's verification code by SMS may not reach it: correct `line:`, or ask for the code by voice (`verification: voice`)".to_string(),
                    (LineKind::Mobile, _) => "write `line: mobile`, so that the code can come by SMS (the steps stay the same)".to_string(),
                    _ => "correct `line:` to what the carrier says the line is".to_string(),
                };
                write!(
                    f,
                    "the plan says `line: {}`, but libphonenumber reads the number as {} ({}): {consequence}; if the carrier confirms the plan, set `numbering_confirmed: true`",
                    line.word(),
                    kind.describe(),
                    place(calling_code, *region)
                )
            }
            WarningKind::CrossPortfolioMigration { source, destination } => write!(
                f,
                "the source WABA is in business portfolio `{source}`, the destination in `{destination}`: sources disagree on whether a number can migrate across portfolios (Bird requires the same one; Meta's Embedded Signup flow does not say so); confirm with Genesys, or move within one portfolio"
            ),
            WarningKind::ObaRequestRejected {
                rejected,
                resubmit_from,
                resubmit_now,
            } => {
                write!(
                    f,
                    "Meta rejected the Official Business Account request on {rejected}: a rejection cannot be appealed, and a new request may be sent 30 days later, from {resubmit_from}"
                )?;
                if *resubmit_now {
                    f.write_str(" (that is, now)")?;
                }
                Ok(())
            }
            WarningKind::ConsumerAppNumber => f.write_str(
                "a WhatsApp Messenger (consumer) account is deleted for good, with its chat history; consider whether a business number is meant",
            ),
            WarningKind::NameApprovalLapses {
                approved,
                deadline,
                lapsed: true,
                ..
            } => write!(
                f,
                "the new display name was approved {approved}, and the number was not registered again by {deadline}: after 14 days Meta reviews the name again, so the re-integration waits for a new approval"
            ),
            WarningKind::NameApprovalLapses {
                approved,
                deadline,
                registers_at,
                expected: true,
                ..
            } => write!(
                f,
                "the new display name is expected to be approved {approved}, and Meta expects the number to be registered again within 14 days, by {deadline}; it is planned to register {registers_at}, after that, when Meta reviews the name again: plan the window earlier, or allow for that second review"
            ),
            WarningKind::NameApprovalLapses {
                approved,
                deadline,
                registers_at,
                ..
            } => write!(
                f,
                "the new display name was approved {approved}, and Meta expects the number to be registered again within 14 days, by {deadline}; it is planned to register {registers_at}, after that, when Meta reviews the name again"
            ),
            WarningKind::DisplayNameGuidelines { name, problems } => {
                let said: Vec<&str> = problems
                    .iter()
                    .map(|p| match p {
                        catalog::NameProblem::TooShort => "it is shorter than 3 characters",
                        catalog::NameProblem::OfficialOrVerified => {
                            "it says \"official\" or \"verified\""
                        }
                        catalog::NameProblem::MetaApp => "it names a Meta app",
                        catalog::NameProblem::WebAddress => "it holds a web address",
                        catalog::NameProblem::Symbol => {
                            "it has an emoji or a symbol such as \u{2122}"
                        }
                        catalog::NameProblem::Capitals => "it has words in capitals",
                    })
                    .collect();
                write!(
                    f,
                    "the display name `{name}` goes against Meta's display-name guidelines ({}): Meta may reject it, which holds the number",
                    said.join("; ")
                )
            }
            WarningKind::RecordedInFuture {
                step,
                done,
                at,
            } => {
                let (what, counts) = if *done {
                    ("done", "done")
                } else {
                    ("started", "under way")
                };
                write!(
                    f,
                    "`{step}` is recorded as {what} at {at}, after the moment evaluated (`--at`, or now): it does not count as {counts} until then"
                )
            }
            WarningKind::OnPremisesNotDelivering => f.write_str(
                "the number is still on the On-Premises API, whose last client expired on 23 October 2025: it sends and receives nothing until it runs on the Cloud API, whatever the downtime figures of the migration say",
            ),
        }
    }
}

/// A warning about one number or the fleet, optionally located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What.
    pub kind: WarningKind,
    /// Where in the plan, if one place is to blame.
    pub span: Option<Span>,
    /// The numbers it concerns (E.164), for a warning about something several numbers share
    /// (a source WABA's template); empty for a warning inside one number's report. Shared by
    /// every warning about the same numbers: a WABA of thousands of templates shared by
    /// thousands of numbers would otherwise hold millions of copies.
    pub numbers: Arc<[String]>,
}

impl Warning {
    /// A warning at a place.
    #[must_use]
    pub fn at(kind: WarningKind, span: Option<Span>) -> Warning {
        Warning {
            kind,
            span,
            numbers: Arc::default(),
        }
    }

    /// The same warning as a diagnostic (for `check`).
    #[must_use]
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut d = Diagnostic {
            kind: std::sync::Arc::new(self.kind.clone()),
            severity: crate::diagnostic::Severity::Warning,
            span: self.span,
            labels: Vec::new(),
            notes: Vec::new(),
        };
        if !self.numbers.is_empty() {
            d = d.with_note(format!("affects {}", list_numbers(&self.numbers)));
        }
        d
    }
}

/// "+49..., +49... and 3 more".
#[must_use]
pub fn list_numbers(numbers: &[String]) -> String {
    const SHOWN: usize = 3;
    if numbers.len() <= SHOWN {
        numbers.join(", ")
    } else {
        format!(
            "{} and {} more",
            numbers[..SHOWN].join(", "),
            numbers.len() - SHOWN
        )
    }
}

impl Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Warning", 5)?;
        s.serialize_field("code", self.kind.code())?;
        s.serialize_field(
            "message",
            &crate::diagnostic::visible(&self.kind.to_string()),
        )?;
        s.serialize_field("line", &self.span.map(|x| x.line))?;
        s.serialize_field("column", &self.span.map(|x| x.column))?;
        if !self.numbers.is_empty() {
            s.serialize_field("numbers", &*self.numbers)?;
        }
        s.end()
    }
}

/// "+49 (DE)", or "+882" for a code no single region owns.
fn place(calling_code: &str, region: Option<&str>) -> String {
    match region {
        Some(r) if r != "001" => format!("+{calling_code} ({r})"),
        _ => format!("+{calling_code}"),
    }
}

/// Whether `line:` and the kind libphonenumber reads contradict each other. Genesys Cloud Voice
/// offers toll-free numbers; a business landline may be numbered as voice over IP, a universal access,
/// shared-cost or personal number; premium-rate, pager and voicemail numbers fit no line.
fn contradicts(kind: catalog::numbering::LineKind, line: LineType) -> bool {
    use catalog::numbering::LineKind as K;
    match line {
        LineType::TollFree => kind != K::TollFree,
        LineType::Mobile => !matches!(kind, K::Mobile | K::FixedLineOrMobile),
        LineType::Landline => matches!(
            kind,
            K::Mobile | K::TollFree | K::PremiumRate | K::Pager | K::Voicemail
        ),
        LineType::Direct | LineType::SmsInventory => {
            matches!(kind, K::TollFree | K::PremiumRate | K::Pager | K::Voicemail)
        }
        LineType::GenesysVoice => matches!(kind, K::PremiumRate | K::Pager | K::Voicemail),
    }
}

/// The number against libphonenumber's numbering plans: not in them at all, or of another line
/// kind than the plan's `line:` says (catalogue: `src/catalog/numbering.rs`, (LPN)).
fn numbering(number: &crate::plan::Number, out: &mut Vec<Warning>) {
    use catalog::numbering::{Verdict, classify};
    let e164 = &number.e164;
    let (code, national) = (e164.country_code(), e164.national());
    // A Brazilian mobile Meta already has on the platform (every source but `new` and `app`) is
    // written as Meta registered it, with or without the ninth digit (D360; GUP); the old form
    // is not in today's plan, and this warning says why instead of asking for a missing digit.
    // A phone app's account is deleted first and the number registered as a brand-new one
    // (GFAQ), in today's form, and WhatsApp Manager, which the warning points to, never had it.
    if !matches!(
        number.source.kind(),
        catalog::SourceKind::New | catalog::SourceKind::App
    ) && let Some(written) = catalog::numbering::brazil_ninth_digit(code, national)
    {
        out.push(Warning::at(
            WarningKind::BrazilNinthDigit { written },
            Some(number.span),
        ));
        if written == catalog::numbering::NinthDigit::Without {
            return;
        }
    }
    match classify(code, national) {
        Verdict::NotInPlan {
            region,
            length,
            shortest,
            longest,
        } => out.push(Warning::at(
            WarningKind::NumberNotInNumberingPlan {
                calling_code: code.to_string(),
                region,
                length,
                national: national.to_string(),
                shortest,
                longest,
                national_prefix: catalog::numbering::national_prefix_written(code, national),
            },
            Some(number.span),
        )),
        Verdict::Valid { region, kind } => {
            let line = number.source.line();
            // A number verified again (a migration, or the re-integration of a display-name
            // change) must take Meta's call (GFAQ): read as toll-free with nothing said of its
            // line, it may sit behind an IVR the plan has not seen.
            let unstated_toll_free =
                !line.is_stated() && kind == catalog::numbering::LineKind::TollFree;
            if unstated_toll_free || line.kind.is_some_and(|l| contradicts(kind, l)) {
                out.push(Warning::at(
                    WarningKind::LineKindMismatch {
                        calling_code: code.to_string(),
                        region: Some(region),
                        kind,
                        line: line.kind,
                    },
                    Some(number.line_span.unwrap_or(number.source_span)),
                ));
            }
        }
        Verdict::NoPlan => {}
    }
}

fn words<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn words_of(header: crate::plan::HeaderKind) -> &'static str {
    use crate::plan::HeaderKind;
    match header {
        HeaderKind::Text => "text",
        HeaderKind::Image => "image",
        HeaderKind::Video => "video",
        HeaderKind::Document => "document",
        HeaderKind::Location => "location",
    }
}

fn button_words(kind: ButtonKind) -> &'static str {
    match kind {
        ButtonKind::QuickReply => "quick-reply",
        ButtonKind::PhoneNumber => "call-phone-number",
        ButtonKind::Url => "visit-website",
        ButtonKind::CopyCode => "copy-code",
    }
}

/// What a number's path does with its source WABA's templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Carry {
    /// WABA to WABA migration (Engage, another partner): Approved + Green templates are copied
    /// (GFAQ, MMPS).
    ApprovedGreen,
    /// Registered anew: disconnected from the old partner ahead, or deleted from the phone app;
    /// nothing is copied (GFAQ; KAP; MISC/Venderflow).
    Nothing,
    /// No templates move at all (a region or org move keeps its WABA; a new number has none).
    NotApplicable,
}

fn carry(source: &crate::plan::Source) -> Carry {
    use crate::plan::Source;
    match source {
        Source::Bsp {
            disconnect_ahead: true,
            ..
        }
        | Source::App { .. } => Carry::Nothing,
        Source::Engage { .. } | Source::Bsp { .. } => Carry::ApprovedGreen,
        _ => Carry::NotApplicable,
    }
}

fn template_warnings(t: &Template, carry: Carry, out: &mut Vec<Warning>) {
    let not_copied = match carry {
        Carry::ApprovedGreen => !t.is_duplicated(),
        Carry::Nothing => true,
        Carry::NotApplicable => false,
    };
    if not_copied {
        out.push(Warning::at(
            WarningKind::TemplateNotDuplicated {
                name: t.name.clone(),
                language: t.language.clone(),
                state: format!("{} with quality {}", words(&t.status), words(&t.quality)),
                path_copies_none: carry == Carry::Nothing,
            },
            Some(t.span),
        ));
    }
    if t.category == TemplateCategory::Authentication {
        out.push(Warning::at(
            WarningKind::TemplateCategoryUnsupported {
                name: t.name.clone(),
                language: t.language.clone(),
            },
            Some(t.span),
        ));
    }
    let mut unsupported: Vec<String> = Vec::new();
    if let Some(header) = t.header.filter(|h| !catalog::genesys_supports_header(*h)) {
        unsupported.push(format!("a {} header", words_of(header)));
    }
    if let Some(Buttons::Kinds(kinds)) = &t.buttons {
        let mut seen: Vec<ButtonKind> = Vec::new();
        for kind in kinds
            .iter()
            .filter(|k| !catalog::genesys_supports_button(**k))
        {
            if !seen.contains(kind) {
                seen.push(*kind);
                unsupported.push(format!("a {} button", button_words(*kind)));
            }
        }
    }
    if !unsupported.is_empty() {
        out.push(Warning::at(
            WarningKind::TemplateComponentUnsupported {
                name: t.name.clone(),
                language: t.language.clone(),
                component: unsupported.join(" and "),
            },
            Some(t.span),
        ));
    }
    let Some(buttons) = &t.buttons else { return };
    let mut problems = Vec::new();
    if buttons.count() > u64::from(MAX_TEMPLATE_BUTTONS) {
        problems.push(format!(
            "has {} buttons (at most {MAX_TEMPLATE_BUTTONS})",
            buttons.count()
        ));
    }
    if let Buttons::Kinds(kinds) = buttons {
        let count = |k: ButtonKind| kinds.iter().filter(|x| **x == k).count();
        // Meta's per-type caps as listed by Gupshup (GUP): 1 phone, 2 URL, 1 copy-code.
        for (kind, cap, label) in [
            (ButtonKind::PhoneNumber, 1, "phone-number"),
            (ButtonKind::Url, 2, "URL"),
            (ButtonKind::CopyCode, 1, "copy-code"),
        ] {
            if count(kind) > cap {
                problems.push(format!(
                    "has {} {label} buttons (at most {cap})",
                    count(kind)
                ));
            }
        }
    }
    if !problems.is_empty() {
        out.push(Warning::at(
            WarningKind::TemplateTooManyButtons {
                name: t.name.clone(),
                detail: problems.join(" and "),
            },
            Some(t.span),
        ));
    }
}

/// Facts about the whole plan that per-number warnings need, computed once.
#[derive(Debug, Clone, Copy)]
pub struct FleetContext {
    /// The destination WABA's template cap.
    pub template_cap: usize,
}

/// Warnings about the fleet as a whole: every number lands in the one destination WABA, so the
/// templates copied from all source WABAs share its cap (languages of one name count once).
#[must_use]
pub fn for_fleet(graph: &StepGraph, fleet: &FleetContext) -> Vec<Warning> {
    let plan = &graph.plan;
    let mut names: std::collections::HashSet<&str> = std::collections::HashSet::new();
    // Where copying stops: the first template (in plan order) beyond the cap.
    let mut over: Option<Span> = None;
    let mut waba_seen = vec![false; plan.wabas.len()];
    // Only numbers whose templates are copied at all (a partner number disconnected ahead is
    // registered anew: nothing of its WABA is copied, so nothing of it counts to the cap).
    let copies = |n: &&crate::plan::Number| matches!(carry(&n.source), Carry::ApprovedGreen);
    for number in plan.numbers.iter().filter(copies) {
        let mut shared: &[Template] = &[];
        if let Some(w) = number.waba
            && !std::mem::replace(&mut waba_seen[w], true)
        {
            shared = &plan.wabas[w].templates;
        }
        for t in number
            .templates
            .iter()
            .chain(shared)
            .filter(|t| t.is_duplicated())
        {
            if names.insert(t.name.as_str()) && names.len() == fleet.template_cap + 1 {
                over = Some(t.span);
            }
        }
    }
    let mut out = Vec::new();
    let destination = &plan.destination;
    if !destination.business_verified {
        let count = catalog::UnverifiedCount::of(&plan.numbers);
        let limit = destination.unverified_number_limit;
        if count.over(limit) {
            // Point at the first arriving number, in plan order, that no longer fits: one whose
            // cutover waits for verification (the graph draws the same line). Numbers whose
            // cutover is recorded took their places first, so later ones may fit: count them.
            let within = catalog::within_unverified_limit(&plan.numbers, limit);
            let mut waiting = plan
                .numbers
                .iter()
                .enumerate()
                .filter(|(i, n)| n.source.is_arrival() && within.binary_search(i).is_err());
            let first_over = waiting.next().map(|(_, n)| n.span);
            out.push(Warning::at(
                WarningKind::UnverifiedBusinessNumberLimit {
                    numbers: count.brought_in,
                    credit_line_seed: count.credit_line_seed,
                    held: count.held,
                    waiting: usize::from(first_over.is_some()) + waiting.count(),
                    limit,
                },
                first_over,
            ));
        }
    }
    if names.len() > fleet.template_cap {
        out.push(Warning::at(
            WarningKind::TemplateCapExceeded {
                eligible: names.len(),
                cap: fleet.template_cap,
            },
            over,
        ));
    }
    // A source WABA's templates are said once, with the numbers they concern, not once per number.
    // Each WABA's numbers, in plan order, gathered in one pass (a fleet may give every number
    // a WABA of its own); the lists of numbers are made once per WABA and shared by its warnings.
    let mut users_of: Vec<Vec<&crate::plan::Number>> = vec![Vec::new(); plan.wabas.len()];
    for number in &plan.numbers {
        if let Some(users) = number.waba.and_then(|w| users_of.get_mut(w)) {
            users.push(number);
        }
    }
    let on = |users: &[&crate::plan::Number], c: Carry| -> Arc<[String]> {
        users
            .iter()
            .filter(|n| carry(&n.source) == c)
            .map(|n| n.e164.to_string())
            .collect()
    };
    let copying: Vec<Arc<[String]>> = (users_of.iter())
        .map(|users| on(users, Carry::ApprovedGreen))
        .collect();
    template_name_clashes(plan, &users_of, &copying, &mut out);
    for ((waba, users), copying) in plan.wabas.iter().zip(&users_of).zip(&copying) {
        if users.is_empty() {
            continue;
        }
        let renewing = on(users, Carry::Nothing);
        let all: Arc<[String]> = users.iter().map(|n| n.e164.to_string()).collect();
        for t in &waba.templates {
            let mut found = Vec::new();
            // The other warnings once; "not copied" once per path that loses the template.
            template_warnings(t, Carry::NotApplicable, &mut found);
            for mut warning in found {
                warning.numbers = Arc::clone(&all);
                out.push(warning);
            }
            for (c, numbers) in [(Carry::ApprovedGreen, copying), (Carry::Nothing, &renewing)] {
                if numbers.is_empty() {
                    continue;
                }
                let mut found = Vec::new();
                template_warnings(t, c, &mut found);
                for mut warning in found {
                    if matches!(warning.kind, WarningKind::TemplateNotDuplicated { .. }) {
                        warning.numbers = Arc::clone(numbers);
                        out.push(warning);
                    }
                }
            }
        }
    }
    out
}

/// A template (name and language) copied from two declared source WABAs into the one destination
/// WABA: only the first copy to arrive is kept ([`catalog::template_identity`]). A WABA copies
/// when one of its numbers migrates between WABAs without being removed ahead; what it copies
/// is its Approved + Green templates, with those its numbers list as their own. Numbers without
/// a `waba:` are left out: the plan does not say whether their WABAs are one or several.
///
/// `users_of` holds each WABA's numbers, `copying` (shared) those of them that copy. A warning
/// concerns the numbers of the WABA it is said at, the second of the pair (the first is named):
/// a fleet's WABAs may clash on hundreds of templates, and a list of both WABAs' numbers per
/// warning held 150 MB of copies in a generated fleet of 100,000 numbers.
fn template_name_clashes(
    plan: &crate::plan::Plan,
    users_of: &[Vec<&crate::plan::Number>],
    copying: &[Arc<[String]>],
    out: &mut Vec<Warning>,
) {
    use std::collections::HashMap;
    // Each pair's first WABA, in plan order; each clash once per pair of WABAs.
    let mut first: HashMap<(&str, &str), usize> = HashMap::new();
    let mut said: std::collections::HashSet<((&str, &str), usize)> =
        std::collections::HashSet::new();
    for (w, waba) in plan.wabas.iter().enumerate() {
        if copying[w].is_empty() {
            continue;
        }
        let own = (users_of[w].iter())
            .filter(|n| carry(&n.source) == Carry::ApprovedGreen)
            .flat_map(|n| n.templates.iter());
        for t in waba
            .templates
            .iter()
            .chain(own)
            .filter(|t| t.is_duplicated())
        {
            let key = catalog::template_identity(t);
            let earlier = *first.entry(key).or_insert(w);
            if earlier == w || !said.insert((key, w)) {
                continue;
            }
            out.push(Warning {
                kind: WarningKind::TemplateNameClash {
                    name: t.name.clone(),
                    language: t.language.clone(),
                    first_waba: plan.wabas[earlier].id.clone(),
                    second_waba: waba.id.clone(),
                },
                span: Some(t.span),
                numbers: Arc::clone(&copying[w]),
            });
        }
    }
}

impl FleetContext {
    /// Computes the context of a compiled plan.
    #[must_use]
    pub fn of(graph: &StepGraph) -> FleetContext {
        let plan = &graph.plan;
        let approved = plan
            .numbers
            .iter()
            .any(|n| n.display_name_status == crate::plan::NameStatus::Approved);
        FleetContext {
            template_cap: catalog::template_cap(plan.destination.business_verified, approved),
        }
    }
}

/// When a number is planned to register again, and, for a display-name change, when its new
/// name was or is expected to be approved.
#[derive(Debug, Clone, Copy)]
pub struct Registration {
    /// When the integration is saved, on the expected figures (`None` once it is).
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    /// For a display-name change, when its new name was or is expected to be approved.
    pub name_approval: Option<NameApproval>,
}

/// Warnings about number `n` evaluated at `now`; `blocked_until` is its earliest safe cutover
/// while it is blocked, `registration` when its integration is to be saved (if it is not yet).
#[must_use]
pub fn for_number(
    graph: &StepGraph,
    status: &[crate::eval::StepStatus],
    n: usize,
    now: chrono::DateTime<chrono::Utc>,
    downtime: &Downtime,
    blocked_until: Option<chrono::DateTime<chrono::Utc>>,
    registration: Registration,
) -> Vec<Warning> {
    let Registration {
        at: registers_at,
        name_approval,
    } = registration;
    let plan = &graph.plan;
    let number = &plan.numbers[n];
    let waba_migration = number.source.is_waba_migration();
    let mut out = Vec::new();
    recorded_in_future(graph, &graph.numbers[n].nodes, now, &mut out);
    // Templates of a shared source WABA are fleet warnings (see `for_fleet`).
    for t in &number.templates {
        template_warnings(t, carry(&number.source), &mut out);
    }
    // Genesys recommends off-peak hours for the re-integration (GFAQ); the customer's working
    // hours stand for its peak.
    if let (Source::NameChange { .. }, Some(window)) = (&number.source, plan.cutover_window)
        && plan
            .calendars
            .of(crate::catalog::Owner::Customer)
            .is_working(window.start)
    {
        out.push(Warning::at(
            WarningKind::NameChangeInWorkingHours {
                window_start: crate::calendar::local_text(window.start, plan.destination.time_zone),
            },
            Some(number.source_span),
        ));
    }
    if number.official_business_account && matches!(number.source, Source::NameChange { .. }) {
        out.push(Warning::at(
            WarningKind::ObaDisplayNameChange,
            Some(number.span),
        ));
    }
    // A migration keeps the badge (MESM); a phone-app number is deleted and registered anew,
    // with nothing carried over (GFAQ), as is a partner's number removed from its WABA ahead of
    // the move (KAP: registered anew, its templates re-created), and a new number has had no
    // badge on the platform.
    let registered_anew =
        matches!(number.source, Source::New { .. }) || carry(&number.source) == Carry::Nothing;
    if number.official_business_account && registered_anew {
        out.push(Warning::at(
            WarningKind::ObaNotCarriedOver,
            Some(number.span),
        ));
    }
    if waba_migration && !registered_anew && number.official_business_account {
        out.push(Warning::at(
            WarningKind::OfficialBusinessAccount,
            Some(number.span),
        ));
    }
    // A name in Meta's review, or to submit again, may be rejected; one approved stays, and one
    // the plan says nothing of (`unknown`) may have been approved long ago.
    if let Some(name) = &number.display_name
        && matches!(
            number.display_name_status,
            crate::plan::NameStatus::Pending
                | crate::plan::NameStatus::Rejected
                | crate::plan::NameStatus::Deferred
        )
    {
        let problems = catalog::display_name_problems(name);
        if !problems.is_empty() {
            out.push(Warning::at(
                WarningKind::DisplayNameGuidelines {
                    name: name.clone(),
                    problems,
                },
                Some(number.span),
            ));
        }
    }
    if let Some(owner) = removal_ahead_pending(graph, status, n) {
        out.push(Warning::at(
            WarningKind::RemovalBlockedByPaidMessages { owner },
            Some(number.source_span),
        ));
    }
    if on_premises_not_delivering(graph, status, n, now) {
        out.push(Warning::at(
            WarningKind::OnPremisesNotDelivering,
            Some(number.source_span),
        ));
    }
    if let Some(budget) = plan.downtime_budget_minutes
        && downtime.max_minutes > budget
    {
        out.push(Warning::at(
            WarningKind::DowntimeOverBudget {
                max_minutes: downtime.max_minutes,
                budget_minutes: budget,
            },
            Some(number.span),
        ));
    }
    if let (Some(window), Some(earliest)) = (plan.cutover_window, blocked_until)
        && earliest > window.start
    {
        let zone = plan.destination.time_zone;
        let local = |t| crate::calendar::local_text(t, zone);
        out.push(Warning::at(
            WarningKind::CutoverWindowTooEarly {
                earliest: local(earliest),
                window_start: local(window.start),
            },
            Some(number.span),
        ));
    }
    if let Some(warning) = cutover_outside_window(graph, status, n, now) {
        out.push(warning);
    }
    if let Some(warning) = name_approval_lapses(graph, n, now, name_approval, || registers_at) {
        out.push(warning);
    }
    // Every saved integration is a registration: the plan's own, plus the retries it budgets.
    // A registration recorded after the evaluation moment has not happened yet (`--at`).
    let earlier: Vec<_> = (number.registrations.earlier.iter())
        .copied()
        .filter(|&t| t <= now)
        .collect();
    if let Some(registers_at) = registers_at
        && let Some(overrun) =
            catalog::registration_quota(&earlier, registers_at, 1 + number.registrations.retries)
    {
        let zone = plan.destination.time_zone;
        let local = |t| crate::calendar::local_text(t, zone);
        out.push(Warning::at(
            WarningKind::RegistrationQuotaExceeded {
                registers_at: local(registers_at),
                used: overrun.used,
                planned: overrun.planned,
                both: overrun.both,
                frees_at: overrun.frees_at.map(local),
            },
            Some(number.registrations.span.unwrap_or(number.span)),
        ));
    }
    if let (Some(source), Some(destination)) = (
        number.source_waba.portfolio.as_deref(),
        plan.destination.portfolio.as_deref(),
    ) && catalog::portfolios_differ(source, destination)
    {
        out.push(Warning::at(
            WarningKind::CrossPortfolioMigration {
                source: source.to_string(),
                destination: destination.to_string(),
            },
            Some(number.source_span),
        ));
    }
    if let Some(rejected) = number.oba_request_rejected_at.filter(|&t| t <= now) {
        let zone = plan.destination.time_zone;
        let resubmit = rejected + catalog::OBA_RESUBMIT_WAIT;
        out.push(Warning::at(
            WarningKind::ObaRequestRejected {
                rejected: crate::calendar::local_text(rejected, zone),
                resubmit_from: crate::calendar::local_text(resubmit, zone),
                resubmit_now: resubmit <= now,
            },
            Some(number.span),
        ));
    }
    // A number already registered (a region move, a display-name change) works where it is.
    if number.source.is_arrival()
        && !number.country_availability_confirmed
        && let Some(restriction) = catalog::country_restriction(number.e164.country_code())
    {
        let (place, regions) = match restriction {
            catalog::CountryRestriction::Country(c) => (c, false),
            catalog::CountryRestriction::Regions(r) => (r, true),
        };
        out.push(Warning::at(
            WarningKind::CountryRestricted {
                calling_code: number.e164.country_code().to_string(),
                place,
                regions,
            },
            Some(number.span),
        ));
    }
    if !number.numbering_confirmed {
        numbering(number, &mut out);
    }
    match &number.source {
        Source::Genesys { region, org, .. }
            if region.eq_ignore_ascii_case(&plan.destination.region)
                && org.eq_ignore_ascii_case(&plan.destination.org) =>
        {
            out.push(Warning::at(
                WarningKind::SameOrgMove,
                Some(number.source_span),
            ));
        }
        Source::App {
            app: Some(crate::plan::AppKind::Messenger),
            ..
        } => out.push(Warning::at(
            WarningKind::ConsumerAppNumber,
            Some(number.source_span),
        )),
        _ => {}
    }
    out
}

/// Warnings for the `done:` and `started:` entries the plan writes for `nodes` with a time after
/// `now`: the evaluation counts such a step as neither done nor under way (nothing recorded can
/// have happened later than the moment looked at), and the warning says why, at the entry.
/// Entries of the journal have no place in the plan and are not looked at: `record` refuses a
/// time in the future, and a journal is read up to the moment evaluated.
pub fn recorded_in_future(
    graph: &StepGraph,
    nodes: &[petgraph::graph::NodeIndex],
    now: chrono::DateTime<chrono::Utc>,
    out: &mut Vec<Warning>,
) {
    let zone = graph.plan.destination.time_zone;
    for &node in nodes {
        let n = &graph.graph[node];
        let done = match n.done.as_deref() {
            Some(crate::graph::DoneMark::Listed {
                at: Some(at), span, ..
            }) => Some((*at, *span, true)),
            _ => None,
        };
        let started = graph.started(node).map(|s| (s.at, s.span, false));
        for (at, span, done) in done.into_iter().chain(started) {
            // A journal's entry has no line in the plan.
            if at > now && span.line > 0 {
                out.push(Warning::at(
                    WarningKind::RecordedInFuture {
                        step: graph.id(node).to_string(),
                        done,
                        at: crate::calendar::local_text(at, zone),
                    },
                    Some(span),
                ));
            }
        }
    }
}

/// The warning for number `n` when one of its cutover steps is recorded done, at or before `now`,
/// outside the plan's cutover window: the schedule puts every cutover step inside the window, so
/// a cutover begun before it, or done after it ended, is news to whoever was told of the window,
/// even when the number is live. Located at the first such entry of the plan (a journal's entry
/// has no place in it); entries dated after `now` get [`recorded_in_future`] instead, skipped
/// steps nothing (the work was not done then).
///
/// A number whose whole cutover is done (`status`, at `now`), every step of it before the window
/// opened, gets nothing: the plan has one window, and a fleet cut over in waves moves it on to
/// the numbers still to come, so the numbers of the waves before were cut over in a window the
/// plan no longer names. Warning them would repeat for every earlier number (thousands in a
/// large fleet) and no fix would silence it.
#[must_use]
pub fn cutover_outside_window(
    graph: &StepGraph,
    status: &[crate::eval::StepStatus],
    n: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> Option<Warning> {
    use crate::graph::DoneMark;
    let window = graph.plan.cutover_window?;
    let cutover = || {
        graph.numbers[n].nodes.iter().copied().filter(|&node| {
            graph.graph[node].applicable && graph.phase(node) == catalog::Phase::Cutover
        })
    };
    let done_at = |node: petgraph::graph::NodeIndex| match graph.graph[node].done.as_deref() {
        Some(DoneMark::Listed {
            at, skipped: None, ..
        }) => *at,
        _ => None,
    };
    let earlier_wave = cutover().all(|node| {
        status[node.index()] == crate::eval::StepStatus::Done
            && done_at(node).is_none_or(|at| at < window.start)
    });
    if earlier_wave {
        return None;
    }
    let mut outside = cutover().filter_map(|node| {
        let w = &graph.graph[node];
        match w.done.as_deref() {
            Some(DoneMark::Listed {
                at: Some(at),
                span,
                skipped: None,
                ..
            }) if *at <= now && (*at < window.start || *at > window.end) => {
                Some((node, *at, *span))
            }
            _ => None,
        }
    });
    let (node, at, span) = outside.next()?;
    let zone = graph.plan.destination.time_zone;
    let journal = span.line == 0;
    Some(Warning::at(
        WarningKind::CutoverOutsideWindow(Box::new(OutsideWindow {
            step: graph.id(node).to_string(),
            at,
            after: at > window.end,
            window_start: window.start,
            window_end: window.end,
            zone,
            journal,
            more: outside.count(),
        })),
        (!journal).then_some(span),
    ))
}

/// Whether number `n` is still on the On-Premises API at `now`, after the last client expired:
/// its step `move-on-premises-number-to-cloud-api` applies and is not done (`status`, at `now`).
#[must_use]
pub fn on_premises_not_delivering(
    graph: &StepGraph,
    status: &[crate::eval::StepStatus],
    n: usize,
    now: chrono::DateTime<chrono::Utc>,
) -> bool {
    use crate::eval::StepStatus;
    let sunset =
        chrono::DateTime::from_timestamp(crate::catalog::steps::ON_PREMISES_SUNSET_UNIX, 0);
    if sunset.is_none_or(|sunset| now < sunset) {
        return false;
    }
    graph.numbers[n].nodes.iter().any(|&x| {
        graph.id(x) == crate::catalog::steps::ON_PREMISES_TO_CLOUD.id
            && !matches!(
                status[x.index()],
                StepStatus::Done | StepStatus::NotApplicable
            )
    })
}

/// The owner of number `n`'s `disconnect-from-source-partner` while it applies and is not done
/// (`status`): the removal from the old partner's WABA that Meta refuses after paid messages in
/// the last 30 days ([`catalog::PAID_MESSAGE_REMOVAL_LOCK`]). Once it is done, the deletion went
/// through and nothing is left to warn about.
fn removal_ahead_pending(
    graph: &StepGraph,
    status: &[crate::eval::StepStatus],
    n: usize,
) -> Option<catalog::Owner> {
    use crate::eval::StepStatus;
    graph.numbers[n]
        .nodes
        .iter()
        .find(|&&x| graph.id(x) == crate::catalog::steps::DISCONNECT_FROM_PARTNER.id)
        .filter(|&&x| {
            !matches!(
                status[x.index()],
                StepStatus::Done | StepStatus::NotApplicable
            )
        })
        .map(|&x| graph.graph[x].owner)
}

/// When a display-name change's new name was approved (recorded with its time, at or before
/// `now`), or, with none recorded, when it is expected (`expected`, given the approval step).
#[derive(Debug, Clone, Copy)]
pub struct NameApproval {
    /// The moment.
    pub at: chrono::DateTime<chrono::Utc>,
    /// Not recorded: the schedule expects it then.
    pub expected: bool,
}

/// The new name's approval of number `n`, if it is a display-name change: the recorded one, or
/// what `expected` says of its approval step (`None`: not to be expected, as it is done).
pub(crate) fn name_approval(
    graph: &StepGraph,
    n: usize,
    now: chrono::DateTime<chrono::Utc>,
    expected: impl FnOnce(petgraph::graph::NodeIndex) -> Option<chrono::DateTime<chrono::Utc>>,
) -> Option<NameApproval> {
    use crate::graph::DoneMark;
    if !matches!(graph.plan.numbers[n].source, Source::NameChange { .. }) {
        return None;
    }
    let step = (graph.numbers[n].nodes.iter().copied())
        .find(|&x| graph.id(x) == crate::catalog::steps::NEW_DISPLAY_NAME_APPROVED.id)?;
    match graph.graph[step].done.as_deref() {
        Some(DoneMark::Listed { at: Some(t), .. }) if *t <= now => Some(NameApproval {
            at: *t,
            expected: false,
        }),
        _ => expected(step).map(|at| NameApproval { at, expected: true }),
    }
}

/// The warning for a display-name change whose approval (recorded or expected: see
/// [`name_approval`]) is older than 14 days at the number's planned registration (MDN), if it
/// is.
pub(crate) fn name_approval_lapses(
    graph: &StepGraph,
    n: usize,
    now: chrono::DateTime<chrono::Utc>,
    approval: Option<NameApproval>,
    registers_at: impl FnOnce() -> Option<chrono::DateTime<chrono::Utc>>,
) -> Option<Warning> {
    let NameApproval {
        at: approved,
        expected,
    } = approval?;
    // Worked out only for a display-name change: every other number would pay for nothing.
    let registers_at = registers_at()?;
    let deadline = approved + catalog::NAME_APPROVAL_VALID;
    if registers_at <= deadline {
        return None;
    }
    let zone = graph.plan.destination.time_zone;
    let local = |t| crate::calendar::local_text(t, zone);
    Some(Warning::at(
        WarningKind::NameApprovalLapses {
            approved: local(approved),
            expected,
            deadline: local(deadline),
            lapsed: now > deadline,
            registers_at: local(registers_at),
        },
        Some(graph.plan.numbers[n].source_span),
    ))
}

#[cfg(test)]
mod tests {
    /// A fleet keeps every number's warnings until its report is out (tens of thousands at
    /// 100,000 numbers): one variant with many texts of its own is boxed rather than making
    /// every warning larger.
    #[test]
    fn a_warning_stays_small() {
        let size = size_of::<super::Warning>();
        assert!(size <= 136, "a warning is {size} bytes");
    }
}
