//! A first plan, written for the author to complete: `wamigrate init`.
//!
//! Two ways in, one way out. [`Draft::add_source_number`] drafts a plan with one number of one
//! source kind, every field at its default; [`csv::import`] drafts one from the spreadsheet a
//! partner gets from a customer. Either way the [`Draft`] holds values the plan format accepts (its sources are
//! the validated [`Source`]), and [`Draft::to_yaml`] writes it as a commented plan: what each
//! field means, which defaults still need the author's facts (marked `FILL IN`), and the Genesys
//! FAQ's words where a field decides the route (two-step verification, the PIN, downtime).
//!
//! A draft never holds a PIN: the plan format has no place for one, and the CSV import refuses a
//! column or a cell that looks like one before a draft exists.

pub mod csv;
pub mod diags;

use std::fmt::Write as _;

use crate::catalog::SourceKind;
use crate::plan::raw::Choice;
use crate::plan::{
    AppKind, LineFacts, LineType, NameStatus, Source, SourceAdmin, VerificationMethod,
};

/// Written where the author has given no value and the plan needs one; greppable.
pub const FILL_IN: &str = "FILL IN";

/// The texts written where the author has given no value and the plan needs one: `check` warns
/// about each left in a plan (`placeholder-value`), and so about [`EXAMPLE_NUMBER`].
pub const PLACEHOLDERS: [&str; 7] = [
    "TODO-region",
    "TODO-org",
    "TODO-partner",
    "TODO-old-region",
    "TODO-old-org",
    TIME_ZONE_PLACEHOLDER,
    LINE_PLACEHOLDER,
];

/// The line of a `new` number written when `--line` is not given. Not a guess such as
/// `genesys_voice`: the kind of line decides the steps and their lead times (an SMS-inventory
/// long code needs voice verification and call forwarding, a toll-free number behind an IVR days
/// of calling-number work), so a draft that guessed could read ready with too few steps. Until it
/// is filled in, the plan reads it as a Genesys Cloud Voice line and is never ready.
pub const LINE_PLACEHOLDER: &str = "TODO-line";

/// The time zone written when none is given. Not `UTC`: a zone is a guess init cannot make, and
/// a wrong one shifts every due date and window by hours, so it must be filled in like the org.
/// Until it is, times are read in UTC (the plan stays a valid draft for `check`).
pub const TIME_ZONE_PLACEHOLDER: &str = "TODO-time-zone";

/// How a value to fill in is marked at the end of its line, to count them.
pub const FILL_IN_MARK: &str = "   # FILL IN: ";

/// The number written when none is given: a fictional one (555-01xx is reserved for fiction), so
/// it is a placeholder (`placeholder-value`) however it is spaced, and no one's real number.
pub const EXAMPLE_NUMBER: &str = "+1 415 555 0100";

/// A plan to be completed by its author.
#[derive(Debug, Clone)]
pub struct Draft {
    /// How it was made, for the first comment (`wamigrate init --source bsp`).
    pub made_by: String,
    /// The plan's human name.
    pub name: Given<String>,
    /// Destination region.
    pub region: Given<String>,
    /// Destination org.
    pub org: Given<String>,
    /// Destination IANA time zone.
    pub time_zone: Given<String>,
    /// The numbers, in the order given.
    pub numbers: Vec<DraftNumber>,
}

/// A value with whether the author gave it (or a default stands in for it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Given<T> {
    /// The value written.
    pub value: T,
    /// The author gave it; otherwise the draft marks it `FILL IN`.
    pub given: bool,
}

impl<T> Given<T> {
    /// A value the author gave.
    pub fn stated(value: T) -> Given<T> {
        Given { value, given: true }
    }

    /// A default standing in for a fact the author must supply.
    pub fn default_for(value: T) -> Given<T> {
        Given {
            value,
            given: false,
        }
    }
}

/// One number of a draft.
#[derive(Debug, Clone)]
pub struct DraftNumber {
    /// The number as the author spelled it (any spelling the plan accepts).
    pub number: Given<String>,
    /// WhatsApp display name.
    pub display_name: Option<String>,
    /// Meta's review status of the display name.
    pub display_name_status: NameStatus,
    /// Where it comes from.
    pub source: Source,
    /// Source fields that are defaults standing in for the author's facts (`partner`,
    /// `pin_known`, ...), by key.
    pub unstated: Vec<&'static str>,
    /// How the one-time code should reach the number.
    pub verification: Option<VerificationMethod>,
    /// Has the Official Business Account badge.
    pub official_business_account: bool,
    /// The carrier confirmed the number where libphonenumber's numbering plans disagree.
    pub numbering_confirmed: bool,
    /// Free text for people.
    pub notes: Option<String>,
}

/// What `wamigrate init --source` may be told about its one number.
#[derive(Debug, Clone, Default)]
pub struct SourceOptions {
    /// The number, already checked to be one the plan accepts.
    pub number: Option<String>,
    /// The partner (engage, bsp).
    pub partner: Option<String>,
    /// The line type (required for new; optional for the migrating kinds).
    pub line: Option<LineType>,
    /// The app (app).
    pub app: Option<AppKind>,
    /// Behind an IVR (any kind but a display-name change).
    pub behind_ivr: bool,
}

impl Draft {
    /// An empty draft with the destination's facts, defaults where they are not given.
    #[must_use]
    pub fn new(
        made_by: String,
        name: Option<String>,
        region: Option<String>,
        org: Option<String>,
        time_zone: Option<String>,
    ) -> Draft {
        let or = |value: Option<String>, default: &str| {
            value.map_or_else(|| Given::default_for(default.to_string()), Given::stated)
        };
        Draft {
            made_by,
            name: or(name, "WhatsApp numbers to Genesys Cloud"),
            region: or(region, PLACEHOLDERS[0]),
            org: or(org, PLACEHOLDERS[1]),
            time_zone: or(time_zone, TIME_ZONE_PLACEHOLDER),
            numbers: Vec::new(),
        }
    }

    /// Adds one number of `kind` with every source field at its default, or as `options` say.
    pub fn add_source_number(&mut self, kind: SourceKind, options: SourceOptions) {
        let mut unstated = Vec::new();
        let partner = |unstated: &mut Vec<&'static str>| {
            options.partner.clone().unwrap_or_else(|| {
                unstated.push("partner");
                PLACEHOLDERS[2].to_string()
            })
        };
        let line = LineFacts {
            kind: options.line,
            behind_ivr: options.behind_ivr && options.line != Some(LineType::Mobile),
            can_bypass_ivr: false,
        };
        let source = match kind {
            SourceKind::Engage => Source::Engage {
                partner: options.partner.clone(),
                admin: SourceAdmin::Genesys,
                line,
            },
            SourceKind::Bsp => Source::Bsp {
                partner: partner(&mut unstated),
                admin: SourceAdmin::Partner,
                disconnect_ahead: false,
                line,
            },
            SourceKind::Genesys => {
                unstated.extend(["region", "org", "pin_known"]);
                Source::Genesys {
                    region: PLACEHOLDERS[3].into(),
                    org: PLACEHOLDERS[4].into(),
                    pin_known: false,
                    line,
                }
            }
            SourceKind::App => Source::App {
                app: Some(options.app.unwrap_or(AppKind::Business)),
                line,
            },
            SourceKind::NameChange => {
                unstated.push("pin_known");
                Source::NameChange {
                    old_name: None,
                    pin_known: false,
                    line,
                }
            }
            SourceKind::New => {
                if options.line.is_none() {
                    unstated.push("line");
                }
                let line = options.line.unwrap_or(LineType::GenesysVoice);
                Source::New {
                    line,
                    behind_ivr: options.behind_ivr && line != LineType::Mobile,
                    can_bypass_ivr: false,
                }
            }
        };
        self.numbers.push(DraftNumber {
            number: options.number.map_or_else(
                || Given::default_for(EXAMPLE_NUMBER.to_string()),
                Given::stated,
            ),
            display_name: None,
            display_name_status: NameStatus::Unknown,
            // The only way an SMS-inventory number can be verified (Genesys FAQ).
            verification: (source.line().kind == Some(LineType::SmsInventory))
                .then_some(VerificationMethod::Voice),
            source,
            unstated,
            official_business_account: false,
            numbering_confirmed: false,
            notes: None,
        });
    }

    /// The plan as commented YAML (format version 1).
    #[must_use]
    pub fn to_yaml(&self) -> String {
        let mut out = String::with_capacity(4096 + self.numbers.len() * 256);
        self.write_head(&mut out);
        self.write_guidance(&mut out);
        out.push_str("numbers:\n");
        // One number gets a comment on every line; a fleet only where something is missing.
        let chatty = self.numbers.len() == 1;
        for number in &self.numbers {
            write_number(number, chatty, &mut out);
        }
        out
    }

    fn write_head(&self, out: &mut String) {
        let _ = write!(
            out,
            "\
# A wamigrate migration plan, written by `{made_by}`.
# Complete every line marked {FILL_IN}, then run `wamigrate check plan.yaml` (is it valid?) and
# `wamigrate dry-run plan.yaml` (what blocks the cutover, who must act, downtime, billing).
# Every key is explained in docs/plan-format.md; `wamigrate steps --source KIND` lists the steps.
# Editors: `wamigrate schema > plan.schema.json`, then make the first line of this file
# `# yaml-language-server: $schema=plan.schema.json`.
#
# Never write the two-step verification PIN into this file. wamigrate never needs it (a plan is
# shared, committed and attached to tickets); keep it in your password manager and enter it only
# in Genesys Cloud when you save the integration. A plan that holds one is refused.
version: 1
plan:
  name: {name}{name_note}
  # implementation_partner: \"Northwind Integrations\"   # the Genesys partner running the migration,
  #   if any: adds the step where the customer gives it access to the WABA (Genesys FAQ: \"How can
  #   a Genesys partner access their customer's WABA\")
  destination:
    region: {region}{region_note}
    org: {org}{org_note}
    time_zone: {zone}{zone_note}
    # true once Meta has verified the business: it then holds more phone numbers (\"An increase
    # in the phone number limit\", Genesys FAQ; wamigrate assumes 2 before, see
    # unverified_number_limit), and with an approved display name its WABA takes 6,000 templates
    # instead of 250.
    business_verified: false
  # Optional: the planned window (local times in time_zone), and the longest acceptable downtime.
  # cutover_window: {{start: 2026-12-01T22:00, end: 2026-12-02T00:30}}
  # downtime_budget: 15m
  # Days nobody works (people's steps and business-day lead times skip them; without them a
  # lead time runs through Christmas):
  # holidays: [2026-12-24, 2026-12-25, 2026-12-31]
fleet:
  # Steps shared by every number, once done: `meta-portfolio-access` (\"You cannot register
  # WhatsApp numbers in Genesys Cloud without access to a Meta Business Portfolio\", Genesys FAQ),
  # `destination-waba-credit-line`, `configure-inbound-routing`. Add `at:` and `by:` to record
  # when and by whom: `- {{step: meta-portfolio-access, at: 2026-11-20T10:00, by: Dana}}`.
  done: []
",
            made_by = self.made_by,
            name = quote(&self.name.value),
            name_note = note(self.name.given, "shown at the top of every report"),
            region = quote(&self.region.value),
            region_note = note(
                self.region.given,
                "the Genesys Cloud region the numbers move to, e.g. eu-central-1"
            ),
            org = quote(&self.org.value),
            org_note = note(self.org.given, "the Genesys Cloud org, by name or id"),
            zone = quote(&self.time_zone.value),
            zone_note = note(
                self.time_zone.given,
                "the destination's IANA time zone, e.g. Europe/Berlin: local times are read in it"
            ),
        );
    }

    /// What the author must know about each source kind the draft holds, once per kind.
    fn write_guidance(&self, out: &mut String) {
        for kind in SourceKind::ALL {
            if self.numbers.iter().any(|n| n.source.kind() == kind) {
                out.push('\n');
                out.push_str(guidance(kind));
            }
        }
        if self.numbers.is_empty() {
            out.push_str(
                "\n# No numbers yet: add one entry per number (`wamigrate init --source KIND` shows one).\n",
            );
        }
    }
}

/// The comment on a line whose value the author must still supply (or nothing more to say).
fn note(given: bool, what: &str) -> String {
    if given {
        String::new()
    } else {
        format!("{FILL_IN_MARK}{what}")
    }
}

/// Guidance per source kind, with the Genesys FAQ's words where they decide the route.
fn guidance(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::Engage => {
            "\
# Numbers live in Genesys Engage (`source: engage`):
# - Turn off two-step verification in the source WABA before the cutover: during a migration an
#   \"Unknown error saving integration\" means \"check if the two-factor authentication (2FA) has
#   been disabled for your number in the source WABA\" (Genesys FAQ). Once it is off, add
#   `disable-two-step-verification` under the number's `done:`.
# - source_waba_admin: who can turn it off: customer, partner, or genesys (a ticket to Genesys).
# - \"Customers must delete their existing WhatsApp integration in Genesys Engage before
#   migrating\"; downtime is \"under 10 minutes assuming all the migration pre-requisites are
#   successfully met in advance\" (Genesys FAQ).
# - Only templates with a status of Approved and a quality of Green are copied (Genesys FAQ):
#   list the number's templates under `templates:` to be warned about the others.
# - waba_status: restricted or disabled when Meta has restricted the source WABA (\"Navigate to
#   Meta Business Support Home to check the status\", Genesys FAQ): it blocks the cutover.
"
        }
        SourceKind::Bsp => {
            "\
# Numbers at another WhatsApp solution partner (`source: bsp`):
# - partner: the partner the number is registered with; it is billed for messages sent before
#   the migration is complete (Genesys FAQ).
# - Turn off two-step verification in the source WABA before the cutover (\"check if the
#   two-factor authentication (2FA) has been disabled\", Genesys FAQ); then add
#   `disable-two-step-verification` under the number's `done:`. source_waba_admin says who does
#   it: partner (the default) or customer.
# - disconnect_ahead: false keeps the number working at the old partner until the integration is
#   saved in Genesys Cloud, so there is no downtime; true when the partner removes it first
#   (downtime starts then) (Genesys FAQ).
# - Only templates with a status of Approved and a quality of Green are copied (Genesys FAQ).
# - waba_status: restricted or disabled when Meta has restricted the source WABA (Meta Business
#   Support Home shows it); on_premises: true for a number still on the On-Premises API.
"
        }
        SourceKind::Genesys => {
            "\
# Numbers moving from another Genesys Cloud region or org (`source: genesys`):
# - region and org: where the integration is now (not the destination above).
# - \"You do not need to disable 2FA for the number during this process. However, ensure that
#   you enter the same 6-digit PIN that you used when the integration was originally created\"
#   (Genesys FAQ). pin_known: true once someone has that PIN at hand (or has changed it in
#   WhatsApp Manager); false blocks the number until then. The PIN itself never goes here.
# - waba_status: restricted or disabled when Meta has restricted the WABA the number stays in
#   (Meta Business Support Home shows it): the move waits for Meta to reinstate it.
"
        }
        SourceKind::App => {
            "\
# Numbers registered in a WhatsApp phone app (`source: app`):
# - They cannot be migrated: \"the WhatsApp mobile account MUST be deleted first\" (uninstalling
#   the app is not enough), then \"wait 3-5 minutes for the number to be released\" (Genesys
#   FAQ). Back up the chats first.
# - app: business (the WhatsApp Business app) or messenger (the consumer app).
# - banned: true when Meta has banned the number: it must be unbanned by appeal before it can be
#   registered (Meta), so appeal before deleting the account.
"
        }
        SourceKind::New => {
            "\
# New numbers, not on WhatsApp yet (`source: new`):
# - Any number \"that can receive voice calls or SMS from international numbers\" (Genesys FAQ).
# - line: genesys_voice, sms_inventory (a long code from Genesys's SMS inventory: voice
#   verification only, and Genesys must set up call forwarding; send the request \"before
#   creating your WhatsApp integration\", Genesys FAQ), toll_free, mobile, landline or direct.
# - behind_ivr: true when an IVR answers the line. can_bypass_ivr: true if it can be taken out
#   of the path for the verification call; otherwise Genesys requests WhatsApp's calling
#   numbers: \"Allow at least 2-3 business days\" (Genesys FAQ).
"
        }
        SourceKind::NameChange => {
            "\
# Numbers already in Genesys Cloud that change their display name (`source: name_change`):
# - display_name is the NEW name; display_name_status its review: pending once submitted,
#   approved once Meta approves it. \"You can proceed further only if your display name is
#   approved\" (Genesys FAQ); old_name is the name shown today.
# - The integration is deleted and created again with Embedded Signup, \"using the same 6-digit
#   PIN that you had entered last time\"; a lost PIN can be changed in WhatsApp Manager (Genesys
#   FAQ). pin_known: true once someone has it at hand. The PIN itself never goes here.
# - The number is offline from deleting the integration until it is saved again: plan it
#   \"during off-peak hours\" (Genesys FAQ).
# - waba_status: restricted or disabled when Meta has restricted the number's WABA: the
#   integration is deleted only once Meta has reinstated it.
"
        }
    }
}

fn write_number(number: &DraftNumber, chatty: bool, out: &mut String) {
    let unstated = |key: &str| number.unstated.contains(&key);
    let _ = writeln!(
        out,
        "  - number: {}{}",
        quote(&number.number.value),
        note(
            number.number.given,
            "the number, with + and country code (any spelling: +49 30 901820, 0049 30 901820)"
        )
    );
    let renamed = matches!(number.source, Source::NameChange { .. });
    match &number.display_name {
        Some(name) => {
            let _ = writeln!(out, "    display_name: {}", quote(name));
        }
        None if chatty && renamed => out.push_str(
            "    # display_name: \"Contoso Care\"   # the NEW display name, as submitted to Meta\n",
        ),
        None if chatty => out.push_str(
            "    # display_name: \"Contoso Support\"   # the WhatsApp display name, shown in reports\n",
        ),
        None => {}
    }
    let status = number.display_name_status.word();
    let _ = writeln!(
        out,
        "    display_name_status: {status}{}",
        if number.display_name_status == NameStatus::Approved || !chatty {
            ""
        } else {
            "   # approved, pending, rejected, deferred or unknown: Meta's review of the name"
        }
    );
    if let Some(method) = number.verification {
        let why = if chatty
            && matches!(
                number.source,
                Source::New {
                    line: LineType::SmsInventory,
                    ..
                }
            ) {
            "   # an SMS-inventory number is verified by voice call only (Genesys FAQ)"
        } else {
            ""
        };
        let _ = writeln!(out, "    verification: {}{why}", method.word());
    }
    if number.official_business_account {
        out.push_str("    official_business_account: true\n");
    }
    if number.numbering_confirmed {
        out.push_str("    numbering_confirmed: true\n");
    }
    out.push_str("    source:\n");
    match &number.source {
        Source::Engage {
            partner,
            admin,
            line,
        } => {
            out.push_str("      engage:\n");
            match partner {
                Some(p) => {
                    let _ = writeln!(out, "        partner: {}", quote(p));
                }
                None => out.push_str(
                    "        # partner: the solution partner billed for the Engage WABA, if known\n",
                ),
            }
            let _ = writeln!(out, "        source_waba_admin: {}", admin.word());
            write_line(out, *line);
        }
        Source::Bsp {
            partner,
            admin,
            disconnect_ahead,
            line,
        } => {
            out.push_str("      bsp:\n");
            let _ = writeln!(
                out,
                "        partner: {}{}",
                quote(partner),
                note(!unstated("partner"), "the partner's name, e.g. 360dialog")
            );
            let _ = writeln!(out, "        source_waba_admin: {}", admin.word());
            let _ = writeln!(out, "        disconnect_ahead: {disconnect_ahead}");
            write_line(out, *line);
        }
        Source::Genesys {
            region,
            org,
            pin_known,
            line,
        } => {
            out.push_str("      genesys:\n");
            let _ = writeln!(
                out,
                "        region: {}{}",
                quote(region),
                note(!unstated("region"), "the region the integration is in now")
            );
            let _ = writeln!(
                out,
                "        org: {}{}",
                quote(org),
                note(!unstated("org"), "the org the integration is in now")
            );
            let _ = writeln!(
                out,
                "        pin_known: {pin_known}{}",
                note(
                    !unstated("pin_known"),
                    "true once someone has the 6-digit PIN at hand (never the PIN itself)"
                )
            );
            write_line(out, *line);
        }
        Source::App { app, line } => {
            if app.is_none() && *line == LineFacts::default() {
                out.push_str("      app: {}\n");
            } else {
                out.push_str("      app:\n");
            }
            if let Some(app) = app {
                let _ = writeln!(out, "        app: {}", app.word());
            }
            write_line(out, *line);
        }
        Source::NameChange {
            old_name,
            pin_known,
            line,
        } => {
            out.push_str("      name_change:\n");
            match old_name {
                Some(name) => {
                    let _ = writeln!(out, "        old_name: {}", quote(name));
                }
                None if chatty => out.push_str(
                    "        # old_name: \"Contoso Support\"   # the name it shows today\n",
                ),
                None => {}
            }
            let _ = writeln!(
                out,
                "        pin_known: {pin_known}{}",
                note(
                    !unstated("pin_known"),
                    "true once someone has the number's 6-digit PIN at hand (never the PIN itself)"
                )
            );
            write_line(out, *line);
        }
        Source::New {
            line,
            behind_ivr,
            can_bypass_ivr,
        } => {
            out.push_str("      new:\n");
            let _ = writeln!(
                out,
                "        line: {}{}",
                if unstated("line") {
                    quote(LINE_PLACEHOLDER)
                } else {
                    line.word().to_string()
                },
                note(
                    !unstated("line"),
                    "genesys_voice, sms_inventory, toll_free, mobile, landline or direct"
                )
            );
            if *line != LineType::Mobile {
                let _ = writeln!(out, "        behind_ivr: {behind_ivr}");
                let _ = writeln!(out, "        can_bypass_ivr: {can_bypass_ivr}");
            }
        }
    }
    if let Some(notes) = &number.notes {
        let _ = writeln!(out, "    notes: {}", quote(notes));
    }
    if chatty {
        let _ = writeln!(
            out,
            "    done: []   # steps finished for this number: `wamigrate steps --source {}` lists them",
            number.source.kind().as_str()
        );
    } else {
        out.push_str("    done: []\n");
    }
}

/// The line keys of a migrating number, as far as they are stated.
fn write_line(out: &mut String, line: LineFacts) {
    if let Some(kind) = line.kind {
        let _ = writeln!(out, "        line: {}", kind.word());
    }
    if line.behind_ivr {
        out.push_str("        behind_ivr: true\n");
        if line.can_bypass_ivr {
            out.push_str("        can_bypass_ivr: true\n");
        } else {
            out.push_str("        can_bypass_ivr: false   # true if the IVR can be taken out of the path for the verification call; otherwise Genesys requests WhatsApp's calling numbers (at least 2-3 business days)\n");
        }
    }
}

/// A YAML double-quoted scalar: `"` and `\` escaped, and every character a reader could stumble
/// on or not see (controls, line and paragraph separators, the byte-order mark) as `\u` escapes.
#[must_use]
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{85}') => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// Every diagnostic of `text` as a plan, but the warnings about init's own placeholders.
    fn check(text: &str) -> Vec<String> {
        diagnostics(text)
            .into_iter()
            .filter(|d| !d.starts_with("placeholder-value: "))
            .collect()
    }

    fn diagnostics(text: &str) -> Vec<String> {
        let mut file = SourceFile::new("init.yaml", text);
        let loaded = crate::pipeline::compile(&mut file);
        loaded
            .diagnostics
            .iter()
            .map(|d| format!("{}: {}", d.code(), d.message()))
            .collect()
    }

    #[test]
    fn every_placeholder_written_is_warned_about_once() {
        for kind in SourceKind::ALL {
            let mut draft = Draft::new("init".into(), None, None, None, None);
            draft.add_source_number(kind, SourceOptions::default());
            let yaml = draft.to_yaml();
            let written = PLACEHOLDERS
                .iter()
                .chain([&EXAMPLE_NUMBER])
                .filter(|p| yaml.contains(&format!("\"{p}\"")))
                .count();
            let warned = diagnostics(&yaml)
                .iter()
                .filter(|d| d.starts_with("placeholder-value: "))
                .count();
            assert!(written >= 2, "{kind:?}: {yaml}");
            assert_eq!(warned, written, "{kind:?}: {yaml}");
        }
    }

    #[test]
    fn every_source_kind_with_defaults_is_a_valid_plan() {
        for kind in SourceKind::ALL {
            let mut draft = Draft::new(format!("init {kind:?}"), None, None, None, None);
            draft.add_source_number(kind, SourceOptions::default());
            let yaml = draft.to_yaml();
            assert_eq!(check(&yaml), Vec::<String>::new(), "{kind:?}:\n{yaml}");
        }
    }

    #[test]
    fn every_line_type_is_a_valid_plan_behind_an_ivr_or_not() {
        for (_, line) in LineType::CHOICES {
            for behind_ivr in [false, true] {
                let mut draft = Draft::new("init".into(), None, None, None, None);
                draft.add_source_number(
                    SourceKind::New,
                    SourceOptions {
                        line: Some(*line),
                        behind_ivr,
                        ..SourceOptions::default()
                    },
                );
                let yaml = draft.to_yaml();
                assert_eq!(check(&yaml), Vec::<String>::new(), "{line:?}:\n{yaml}");
            }
        }
    }

    #[test]
    fn quoting_survives_quotes_backslashes_and_invisible_characters() {
        let hostile = "a\"b\\cd\te\u{feff}";
        let mut draft = Draft::new("init".into(), Some(hostile.into()), None, None, None);
        draft.add_source_number(SourceKind::App, SourceOptions::default());
        assert_eq!(check(&draft.to_yaml()), Vec::<String>::new());
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        // A line separator is refused in a name (`control-character`), and quoted escaped:
        // YAML 1.1 readers break the line there.
        assert_eq!(quote("c\u{2028}d"), "\"c\\u2028d\"");
    }

    #[test]
    fn defaults_are_marked_for_the_author_and_given_values_are_not() {
        let mut draft = Draft::new("init".into(), None, Some("eu-central-1".into()), None, None);
        draft.add_source_number(SourceKind::Bsp, SourceOptions::default());
        let yaml = draft.to_yaml();
        assert!(yaml.contains("region: \"eu-central-1\"\n"), "{yaml}");
        assert!(yaml.contains("org: \"TODO-org\"   # FILL IN"), "{yaml}");
        assert!(
            yaml.contains("partner: \"TODO-partner\"   # FILL IN"),
            "{yaml}"
        );
    }
}
