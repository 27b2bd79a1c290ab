//! [`RawPlan`] → [`Plan`]: checks every value and every reference that does not need the step
//! graph, collecting all problems in one pass (sorted by position by the caller).
//!
//! The plan returned holds the entries that passed; an entry with an error is reported and left
//! out, and the caller knows from the diagnostics that the plan is incomplete.

use hashbrown::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::calendar::Calendar;
use crate::catalog::{self, Estimate, Phase};
use crate::diagnostic::Diagnostic;
use crate::plan::diags::{CalendarProblem, Conflict, PlanKind, is_blank};
use crate::plan::phone::{self, E164, PhoneProblemKind};
use crate::plan::raw::{
    Choice as _, Located, RawApp, RawBsp, RawButtons, RawCalendar, RawCalendars, RawDone,
    RawEngage, RawGenesys, RawIvr, RawLine, RawNameChange, RawNumber, RawPlan, RawScope, RawSource,
    RawStarted, RawTemplate, Weekday,
};
use crate::plan::time::{parse_estimate, parse_minutes, parse_time};
use crate::plan::{
    Buttons, Calendars, CustomStep, Destination, Done, LineFacts, LineType, NameStatus, Number,
    Override, Plan, Registrations, Scope, Source, SourceAdmin, SourceWaba, Started, StepRef,
    Template, TemplateQuality, VerificationMethod, Waba, WabaStatus, Window,
};
use crate::source::Span;
use crate::suggest::closest;

/// The result of validation: the plan (the entries that passed) and every diagnostic.
#[derive(Debug)]
pub struct Validated {
    /// The plan.
    pub plan: Plan,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

struct Validator {
    diagnostics: Vec<Diagnostic>,
    zone: Tz,
    /// The `done:` and `started:` step ids of numbers dropped here (see
    /// [`crate::plan::raw::Dropped::number_steps`]).
    dropped_number_steps: Vec<(String, Span)>,
}

/// `init`'s fictional number ([`crate::init::EXAMPLE_NUMBER`]), parsed once rather than for each
/// of a fleet's numbers.
static EXAMPLE_NUMBER: std::sync::LazyLock<Option<E164>> =
    std::sync::LazyLock::new(|| E164::parse(crate::init::EXAMPLE_NUMBER).ok());

impl Validator {
    fn error(&mut self, kind: PlanKind, span: Span) {
        self.diagnostics.push(Diagnostic::error(kind, span));
    }

    fn time(&mut self, text: &Located<String>) -> Option<chrono::DateTime<chrono::Utc>> {
        match parse_time(&text.value, self.zone) {
            Ok(t) => Some(t),
            Err(kind) => {
                self.error(kind, text.span);
                None
            }
        }
    }

    fn estimate(&mut self, text: &Located<String>) -> Option<Estimate> {
        match parse_estimate(&text.value) {
            Ok(e) => Some(e),
            Err(kind) => {
                self.error(kind, text.span);
                None
            }
        }
    }

    /// The warning for a second entry of `step` in one list, with a label at the first.
    fn done_twice(&mut self, first: Span, step: &Located<String>, started: bool) {
        let label = if started {
            "first recorded here"
        } else {
            "first marked done here"
        };
        self.diagnostics.push(
            Diagnostic::warning(
                PlanKind::DoneTwice {
                    id: step.value.clone(),
                    started,
                },
                step.span,
            )
            .with_label(first, label),
        );
    }

    /// A `done:` list. A step listed twice is a warning and the first entry counts, unless the
    /// two give different times: then one of them is wrong, and which decides whether the step
    /// reads as done at a moment between them, so it is an error with both places.
    fn done_list(&mut self, list: Vec<Located<RawDone>>) -> Vec<Done> {
        let mut seen: HashMap<String, (Span, Option<DateTime<Utc>>)> = HashMap::new();
        let mut out = Vec::with_capacity(list.len());
        for entry in list {
            let RawDone { step, at, by } = entry.value;
            let at = at.and_then(|text| self.time(&text));
            if let Some(&(first, first_at)) = seen.get(&step.value) {
                match (first_at, at) {
                    (Some(a), Some(b)) if a != b => self.diagnostics.push(conflicting_times(
                        &step.value,
                        Record::Done { fleet: false },
                        step.span,
                        first,
                    )),
                    _ => self.done_twice(first, &step, false),
                }
                continue;
            }
            let span = step.span;
            seen.insert(step.value.clone(), (span, at));
            out.push(Done {
                step: step.value,
                span,
                at,
                by: by.map(|b| b.value),
            });
        }
        out
    }

    /// A step recorded done that a fact the plan states says is open (a rejected display name,
    /// `pin_known: false`, a disabled WABA): one of the two is wrong, and the gate must not read
    /// the number as ready on the strength of either.
    fn done_against_facts(
        &mut self,
        done: &[Done],
        source: &Source,
        name_status: Option<NameStatus>,
        waba_status: Option<WabaStatus>,
        banned: bool,
    ) {
        use crate::catalog::Fact;
        let route = source.kind().route();
        for entry in done {
            let Some(step) = route.step(&entry.step) else {
                continue;
            };
            let against = match step.satisfied_by {
                // An unstated status (`unknown`) leaves the done entry to say it.
                Some(Fact::DisplayNameApproved) => name_status
                    .filter(|s| !matches!(s, NameStatus::Approved | NameStatus::Unknown))
                    .map(|s| {
                        (
                            format!("display_name_status: {}", s.word()),
                            "display_name_status: approved",
                        )
                    }),
                Some(Fact::DisplayNameSubmitted) => {
                    name_status.filter(|s| *s == NameStatus::Rejected).map(|_| {
                        (
                            "display_name_status: rejected".to_string(),
                            "display_name_status: pending",
                        )
                    })
                }
                Some(Fact::PinKnown) => (!source.pin_known())
                    .then(|| ("pin_known: false".to_string(), "pin_known: true")),
                None if step.when == crate::catalog::Condition::SourceWabaRestricted => waba_status
                    .filter(|s| *s != WabaStatus::Active)
                    .map(|s| (format!("waba_status: {}", s.word()), "waba_status: active")),
                None if step.when == crate::catalog::Condition::NumberBanned => {
                    banned.then(|| ("banned: true".to_string(), "banned: false"))
                }
                // `country_availability_confirmed` is a flag that defaults to false: unstated,
                // it contradicts nothing.
                Some(Fact::CountryAvailabilityConfirmed) | None => None,
            };
            if let Some((fact, done_fact)) = against {
                self.error(
                    PlanKind::ConflictingFacts {
                        conflict: Conflict::DoneAgainstFact {
                            step: entry.step.clone(),
                            fact,
                            done_fact,
                        },
                    },
                    entry.span,
                );
            }
        }
    }

    /// A `started:` list. As in [`Self::done_list`], a step listed twice at one time is a
    /// warning and the first entry counts; at two different times one of them is wrong, and
    /// which decides whether the step reads as under way at a moment between them: an error
    /// with both places.
    fn started_list(&mut self, list: Vec<RawStarted>) -> Vec<Started> {
        // A map, not a search of the list: a hostile plan may list thousands of entries.
        let mut seen: HashMap<String, (Span, DateTime<Utc>)> = HashMap::new();
        let mut out: Vec<Started> = Vec::with_capacity(list.len());
        for entry in list {
            let at = self.time(&entry.at);
            if let Some(&(first, first_at)) = seen.get(&entry.step.value) {
                match at {
                    Some(at) if at != first_at => self.diagnostics.push(conflicting_times(
                        &entry.step.value,
                        Record::Started,
                        entry.step.span,
                        first,
                    )),
                    // A time that cannot be read is its own error; the entry is a repeat.
                    _ => self.done_twice(first, &entry.step, true),
                }
                continue;
            }
            let Some(at) = at else {
                continue;
            };
            seen.insert(entry.step.value.clone(), (entry.step.span, at));
            out.push(Started {
                step: entry.step.value,
                span: entry.step.span,
                at,
                by: entry.by.map(|b| b.value),
            });
        }
        out
    }

    fn date(&mut self, text: &Located<String>) -> Option<chrono::NaiveDate> {
        match crate::plan::time::parse_date(&text.value) {
            Ok(d) => Some(d),
            Err(kind) => {
                self.error(kind, text.span);
                None
            }
        }
    }

    fn zone(&mut self, text: &Located<String>) -> Option<Tz> {
        match text.value.parse::<Tz>() {
            Ok(zone) => Some(zone),
            Err(_) => {
                let suggestion =
                    closest(&text.value, chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()))
                        .map(str::to_string);
                self.error(
                    PlanKind::InvalidTimeZone {
                        name: text.value.clone(),
                        suggestion,
                    },
                    text.span,
                );
                None
            }
        }
    }

    /// `base` with a calendar's fields applied over it.
    fn calendar(&mut self, base: &Calendar, raw: Option<&RawCalendar>) -> Calendar {
        let Some(raw) = raw else {
            return base.clone();
        };
        let mut cal = base.clone();
        if let Some(zone) = raw.time_zone.as_ref().and_then(|z| self.zone(z)) {
            cal.zone = zone;
        }
        if let Some(hours) = &raw.hours {
            match parse_hours(&hours.value) {
                Some((start, end)) => {
                    cal.start = start;
                    cal.end = end;
                }
                None => self.error(
                    PlanKind::InvalidCalendar {
                        problem: CalendarProblem::Hours(hours.value.clone()),
                    },
                    hours.span,
                ),
            }
        }
        if !raw.days.is_empty() {
            let mut days = [false; 7];
            for d in &raw.days {
                let day = &mut days[weekday_index(d.value)];
                if *day {
                    self.error(
                        PlanKind::InvalidCalendar {
                            problem: CalendarProblem::ListedTwice(
                                crate::plan::raw::Choice::word(d.value).to_string(),
                            ),
                        },
                        d.span,
                    );
                }
                *day = true;
            }
            cal.days = days;
        }
        if let Some(holidays) = &raw.holidays {
            cal.holidays = self.holidays(holidays);
        }
        cal
    }

    /// The dates of a `holidays` list, sorted, each once: national and regional lists pasted
    /// together overlap, and a day off twice is still one day off.
    fn holidays(&mut self, written: &[Located<String>]) -> Vec<chrono::NaiveDate> {
        let mut list: Vec<chrono::NaiveDate> =
            written.iter().filter_map(|h| self.date(h)).collect();
        list.sort_unstable();
        list.dedup();
        list
    }

    /// Reports a required text that shows nothing ([`is_blank`]) as missing its value.
    fn require_text(&mut self, text: &Located<String>, key: &'static str, what: &'static str) {
        // What `init` wrote for a value only the author knows: valid, but no one's region.
        if let Some(&value) = crate::init::PLACEHOLDERS.iter().find(|&&p| p == text.value) {
            self.diagnostics.push(Diagnostic::warning(
                PlanKind::Placeholder { key, what, value },
                text.span,
            ));
        }
        if is_blank(&text.value) {
            self.error(
                PlanKind::MissingKey {
                    key,
                    what,
                    empty: true,
                },
                text.span,
            );
        }
    }

    fn templates(&mut self, raw: Vec<RawTemplate>) -> Vec<Template> {
        let mut first: HashMap<(&str, &str), Span> = HashMap::new();
        let mut keep = vec![true; raw.len()];
        for (t, keep) in raw.iter().zip(&mut keep) {
            // A report names a template by both: `template `` ()` identifies none.
            self.require_text(&t.name, "name", "a template");
            self.require_text(&t.language, "language", "a template");
            // Listed twice, it would be counted twice against the template cap, and its two
            // entries may say different things of one template.
            let key = (t.name.value.as_str(), t.language.value.as_str());
            if let Some(&seen) = first.get(&key) {
                self.diagnostics.push(
                    Diagnostic::error(
                        PlanKind::DuplicateTemplate {
                            name: t.name.value.clone(),
                            language: t.language.value.clone(),
                        },
                        t.name.span,
                    )
                    .with_label(seen, "first listed here"),
                );
                *keep = false;
            } else {
                first.insert(key, t.name.span);
            }
        }
        drop(first);
        raw.into_iter()
            .zip(keep)
            .filter_map(|(t, keep)| keep.then_some(t))
            .map(|t| Template {
                span: t.name.span,
                name: t.name.value,
                language: t.language.value,
                category: t.category.value,
                status: t.status.value,
                quality: t.quality.map_or(TemplateQuality::Unknown, |q| q.value),
                buttons: t.buttons.map(|b| match b.value {
                    RawButtons::Count(n) => Buttons::Count(n),
                    RawButtons::Kinds(k) => Buttons::Kinds(k),
                }),
                header: t.header.map(|h| h.value),
            })
            .collect()
    }

    fn phone(&mut self, written: &Located<String>) -> Option<E164> {
        match E164::parse(&written.value) {
            Ok(n) => Some(n),
            Err(problem) => {
                let kind = match problem {
                    PhoneProblemKind::ShortCode | PhoneProblemKind::SenderId => {
                        PlanKind::UnregistrableNumber { problem }
                    }
                    other => PlanKind::InvalidPhoneNumber {
                        example: phone::example(&written.value, &other),
                        problem: other,
                    },
                };
                self.error(kind, written.span);
                None
            }
        }
    }

    /// The line keys of a migrating number.
    fn raw_line(&mut self, raw: &RawLine) -> LineFacts {
        self.line(raw.line.as_ref().map(|l| l.value), &raw.ivr)
    }

    /// A number's line facts, checked against each other: a mobile number has no IVR, and only
    /// an IVR can be bypassed.
    fn line(&mut self, kind: Option<LineType>, ivr: &RawIvr) -> LineFacts {
        let (behind_ivr, can_bypass_ivr) = (ivr.behind_ivr.as_ref(), ivr.can_bypass_ivr.as_ref());
        let behind = behind_ivr.is_some_and(|b| b.value);
        if let Some(b) = behind_ivr
            && b.value
            && kind == Some(LineType::Mobile)
        {
            self.error(
                PlanKind::ConflictingFacts {
                    conflict: Conflict::IvrOnMobile,
                },
                b.span,
            );
        }
        if let Some(b) = can_bypass_ivr
            && b.value
            && !behind
        {
            self.error(
                PlanKind::ConflictingFacts {
                    conflict: Conflict::BypassWithoutIvr {
                        mobile: kind == Some(LineType::Mobile),
                    },
                },
                b.span,
            );
        }
        LineFacts {
            kind,
            behind_ivr: behind,
            can_bypass_ivr: can_bypass_ivr.is_some_and(|b| b.value),
        }
    }

    fn source(
        &mut self,
        raw: Located<RawSource>,
        waba_ids: &HashMap<String, usize>,
        wabas_dropped: bool,
    ) -> (Option<Source>, Option<usize>) {
        let mut waba_ref = None;
        let source = match raw.value {
            RawSource::Engage(e) => {
                waba_ref = e.waba;
                // Unstated in the sources: default to the owner that surfaces the lead time
                // (a Genesys ticket), the stricter reading (docs/sources.md).
                let admin = e
                    .source_waba_admin
                    .map_or(SourceAdmin::Genesys, |a| a.value);
                Some(Source::Engage {
                    partner: e.partner.map(|p| p.value),
                    admin,
                    line: self.raw_line(&e.line),
                })
            }
            RawSource::Bsp(b) => {
                waba_ref = b.waba;
                let admin = match b.source_waba_admin {
                    Some(a) if a.value == SourceAdmin::Genesys => {
                        self.error(
                            PlanKind::ConflictingFacts {
                                conflict: Conflict::BspAdminGenesys,
                            },
                            a.span,
                        );
                        SourceAdmin::Partner
                    }
                    Some(a) => a.value,
                    None => SourceAdmin::Partner,
                };
                // The payer until the hand-over: a blank one bills nobody in every report.
                self.require_text(&b.partner, "partner", "a bsp source");
                Some(Source::Bsp {
                    partner: b.partner.value,
                    admin,
                    disconnect_ahead: b.disconnect_ahead,
                    line: self.raw_line(&b.line),
                })
            }
            RawSource::Genesys(g) => {
                self.require_text(&g.region, "region", "a genesys source");
                self.require_text(&g.org, "org", "a genesys source");
                Some(Source::Genesys {
                    line: self.raw_line(&g.line),
                    region: g.region.value,
                    org: g.org.value,
                    pin_known: g.pin_known.value,
                })
            }
            RawSource::NameChange(c) => Some(Source::NameChange {
                line: self.raw_line(&c.line),
                // Optional, but a name written blank names nothing: a value lost on the way
                // (a spreadsheet's empty cell, a template left unfilled), not "no old name".
                old_name: c.old_name.map(|n| {
                    self.require_text(&n, "old_name", "a name_change source");
                    n.value
                }),
                pin_known: c.pin_known.value,
            }),
            RawSource::App(a) => Some(Source::App {
                line: self.raw_line(&a.line),
                app: a.app.map(|a| a.value),
            }),
            RawSource::New(n) => {
                let line = self.line(Some(n.line.value), &n.ivr);
                Some(Source::New {
                    line: n.line.value,
                    behind_ivr: line.behind_ivr,
                    can_bypass_ivr: line.can_bypass_ivr,
                })
            }
        };
        let waba = waba_ref.and_then(|w| match waba_ids.get(&w.value) {
            Some(i) => Some(*i),
            // A dropped WABA was reported already; its absence is not news.
            None if wabas_dropped => None,
            None => {
                let suggestion =
                    closest(&w.value, waba_ids.keys().map(String::as_str)).map(str::to_string);
                self.error(
                    PlanKind::UnknownWaba {
                        id: w.value.clone(),
                        suggestion,
                    },
                    w.span,
                );
                None
            }
        });
        (source, waba)
    }

    fn number(
        &mut self,
        raw: RawNumber,
        waba_ids: &HashMap<String, usize>,
        wabas_dropped: bool,
    ) -> Option<Number> {
        let span = raw.number.span;
        let e164 = self.phone(&raw.number);
        // The fictional number `init` writes: a plan cannot be ready for a number no one owns.
        if e164.is_some() && e164.as_ref() == EXAMPLE_NUMBER.as_ref() {
            self.diagnostics.push(Diagnostic::warning(
                PlanKind::Placeholder {
                    key: "number",
                    what: "a `numbers` entry",
                    value: crate::init::EXAMPLE_NUMBER,
                },
                span,
            ));
        }
        let source_span = raw.source.span;
        let source_waba = match &raw.source.value {
            RawSource::Engage(e) => SourceWaba {
                status: e
                    .waba_status
                    .as_ref()
                    .map_or(WabaStatus::Active, |s| s.value),
                portfolio: e.portfolio.as_ref().map(|p| p.value.clone()),
                ..SourceWaba::default()
            },
            RawSource::Bsp(b) => SourceWaba {
                status: b
                    .waba_status
                    .as_ref()
                    .map_or(WabaStatus::Active, |s| s.value),
                portfolio: b.portfolio.as_ref().map(|p| p.value.clone()),
                on_premises: b.on_premises,
                ..SourceWaba::default()
            },
            RawSource::Genesys(RawGenesys { waba_status, .. })
            | RawSource::NameChange(RawNameChange { waba_status, .. }) => SourceWaba {
                status: waba_status.as_ref().map_or(WabaStatus::Active, |s| s.value),
                ..SourceWaba::default()
            },
            RawSource::App(a) => SourceWaba {
                banned: a.banned,
                ..SourceWaba::default()
            },
            RawSource::New(n) => SourceWaba {
                banned: n.banned,
                ..SourceWaba::default()
            },
        };
        let oba_request_rejected_at = raw
            .oba_request_rejected_at
            .as_ref()
            .and_then(|t| self.time(t));
        let line_span = match &raw.source.value {
            RawSource::New(n) => Some(n.line.span),
            RawSource::Engage(RawEngage { line, .. })
            | RawSource::Bsp(RawBsp { line, .. })
            | RawSource::Genesys(RawGenesys { line, .. })
            | RawSource::App(RawApp { line, .. })
            | RawSource::NameChange(RawNameChange { line, .. }) => {
                line.line.as_ref().map(|l| l.span)
            }
        };
        let waba_status = match &raw.source.value {
            RawSource::Engage(e) => e.waba_status.as_ref().map(|s| s.value),
            RawSource::Bsp(b) => b.waba_status.as_ref().map(|s| s.value),
            RawSource::Genesys(g) => g.waba_status.as_ref().map(|s| s.value),
            RawSource::NameChange(c) => c.waba_status.as_ref().map(|s| s.value),
            _ => None,
        };
        let banned = source_waba.banned;
        // A display-name change to the name the number already shows changes nothing, yet takes
        // the number off WhatsApp for its re-integration.
        if let (RawSource::NameChange(c), Some(new)) = (&raw.source.value, &raw.display_name)
            && let Some(old) = &c.old_name
            && !is_blank(&old.value)
            && as_drawn(&old.value) == as_drawn(&new.value)
        {
            self.error(
                PlanKind::ConflictingFacts {
                    conflict: Conflict::NameUnchanged,
                },
                old.span,
            );
        }
        let (source, waba) = self.source(raw.source, waba_ids, wabas_dropped);
        let sms_inventory = source
            .as_ref()
            .is_some_and(|s| s.line().kind == Some(LineType::SmsInventory));
        if let Some(v) = &raw.verification
            && sms_inventory
            && v.value == VerificationMethod::Sms
        {
            self.error(PlanKind::SmsVerificationUnavailable, v.span);
        }
        let done = self.done_list(raw.done);
        if let Some(source) = &source {
            let name_status = raw.display_name_status.as_ref().map(|s| s.value);
            self.done_against_facts(&done, source, name_status, waba_status, banned);
        }
        let started = self.started_list(raw.started);
        let templates = self.templates(raw.templates);
        let registrations = raw
            .registrations
            .map(|r| Registrations {
                earlier: r
                    .value
                    .earlier
                    .iter()
                    .filter_map(|t| self.time(t))
                    .collect(),
                retries: r.value.retries.map_or(0, |n| n.value),
                span: Some(r.span),
            })
            .unwrap_or_default();
        if e164.is_none() || source.is_none() {
            let done = done.iter().map(|d| (d.step.clone(), d.span));
            let started = started.iter().map(|s| (s.step.clone(), s.span));
            self.dropped_number_steps.extend(done.chain(started));
            return None;
        }
        Some(Number {
            e164: e164?,
            span,
            display_name: raw.display_name.map(|d| d.value),
            display_name_status: raw
                .display_name_status
                .map_or(NameStatus::Unknown, |s| s.value),
            source: source?,
            source_span,
            line_span,
            official_business_account: raw.official_business_account,
            country_availability_confirmed: raw.country_availability_confirmed,
            numbering_confirmed: raw.numbering_confirmed,
            oba_request_rejected_at,
            source_waba,
            // A Genesys SMS-inventory number takes Meta's code only by voice call (GFAQ): said
            // in every report, though the plan need not say it.
            verification: raw
                .verification
                .map(|v| v.value)
                .or(sms_inventory.then_some(VerificationMethod::Voice)),
            done,
            started,
            templates,
            waba,
            registrations,
        })
    }
}

/// Validates a raw plan.
#[must_use]
pub fn validate(raw: RawPlan) -> Validated {
    let mut v = Validator {
        diagnostics: Vec::new(),
        zone: Tz::UTC,
        dropped_number_steps: Vec::new(),
    };
    let mut dropped = raw.dropped;
    let meta = raw.plan;
    let zone_text = &meta.destination.time_zone;
    match zone_text.value.parse::<Tz>() {
        Ok(zone) => v.zone = zone,
        // A draft from `init` without `--time-zone`: read in UTC, never ready.
        Err(_) if zone_text.value == crate::init::TIME_ZONE_PLACEHOLDER => {
            v.diagnostics.push(Diagnostic::warning(
                PlanKind::Placeholder {
                    key: "time_zone",
                    what: "the destination",
                    value: crate::init::TIME_ZONE_PLACEHOLDER,
                },
                zone_text.span,
            ));
        }
        Err(_) => {
            let suggestion = closest(
                &zone_text.value,
                chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()),
            )
            .map(str::to_string);
            v.error(
                PlanKind::InvalidTimeZone {
                    name: zone_text.value.clone(),
                    suggestion,
                },
                zone_text.span,
            );
        }
    }
    let cutover_window = meta.cutover_window.as_ref().and_then(|w| {
        let start = v.time(&w.start);
        let end = v.time(&w.end);
        match (start, end) {
            (Some(start), Some(end)) if end > start => Some(Window { start, end }),
            (Some(_), Some(_)) => {
                v.error(PlanKind::InvalidWindow, w.end.span);
                None
            }
            _ => None,
        }
    });
    let downtime_budget_minutes =
        meta.downtime_budget
            .as_ref()
            .and_then(|b| match parse_minutes(&b.value) {
                Ok(m) => Some(m),
                Err(kind) => {
                    v.error(kind, b.span);
                    None
                }
            });

    let holidays = v.holidays(&meta.holidays);

    // Calendars: the built-in office week, under `default`, under each party's own.
    let calendars = {
        let office = Calendar::office(v.zone, &holidays);
        let raw = meta.calendars.as_ref();
        let default = v.calendar(&office, raw.and_then(|c| c.default.as_ref()));
        let party = |v: &mut Validator, pick: fn(&RawCalendars) -> Option<&RawCalendar>| {
            v.calendar(&default, raw.and_then(pick))
        };
        let parties = [
            party(&mut v, |c| c.customer.as_ref()),
            party(&mut v, |c| c.source_partner.as_ref()),
            party(&mut v, |c| c.genesys.as_ref()),
            party(&mut v, |c| c.carrier.as_ref()),
            party(&mut v, |c| c.implementation_partner.as_ref()),
        ];
        Calendars {
            parties,
            around: Calendar::around_the_clock(v.zone, &holidays),
        }
    };

    // Source WABAs.
    let mut waba_ids: HashMap<String, usize> = HashMap::new();
    let mut waba_spans: Vec<Span> = Vec::new();
    let mut wabas = Vec::new();
    for w in raw.source_wabas {
        let span = w.id.span;
        if let Some(&first) = waba_ids.get(&w.id.value) {
            let first_span = waba_spans[first];
            v.diagnostics.push(
                Diagnostic::error(
                    PlanKind::DuplicateWaba {
                        id: w.id.value.clone(),
                    },
                    span,
                )
                .with_label(first_span, "first declared here"),
            );
            continue;
        }
        waba_ids.insert(w.id.value.clone(), wabas.len());
        waba_spans.push(span);
        let templates = v.templates(w.templates);
        wabas.push(Waba {
            id: w.id.value,
            templates,
        });
    }

    // Numbers, with duplicates detected on the normalised form.
    let mut numbers = Vec::with_capacity(raw.numbers.len());
    let mut by_number: HashMap<E164, usize> = HashMap::with_capacity(raw.numbers.len());
    for raw_number in raw.numbers {
        match v.number(raw_number, &waba_ids, dropped.wabas) {
            Some(n) => {
                let key = n.e164.identity();
                if let Some(&first) = by_number.get(&key) {
                    let first_span: Span = numbers
                        .get(first)
                        .map_or(Span::default(), |f: &Number| f.span);
                    v.diagnostics.push(
                        Diagnostic::error(
                            PlanKind::DuplicateNumber {
                                number: key.to_string(),
                                in_scope: false,
                            },
                            n.span,
                        )
                        .with_label(first_span, "first listed here"),
                    );
                    continue;
                }
                by_number.insert(key, numbers.len());
                numbers.push(n);
            }
            None => dropped.numbers = true,
        }
    }
    dropped.number_steps.append(&mut v.dropped_number_steps);

    let fleet_done = v.done_list(raw.fleet.done);
    let fleet_started = v.started_list(raw.fleet.started);

    // Custom steps: ids unique and distinct from the catalogue.
    let catalog_ids = catalog::all_step_ids();
    // Keyed by the id in lower case: `S1` and `s1` would be two steps that every reader of a
    // runbook, and every `done:` written by hand, takes for one.
    let mut custom_ids: HashMap<String, (Span, String)> = HashMap::new();
    let mut custom_steps = Vec::new();
    for s in raw.steps {
        let span = s.id.span;
        let id = s.id.value.clone();
        let folded = id.to_lowercase();
        if is_blank(&s.title.value) {
            // Every report and checklist names the step by it: a blank line to sign off.
            v.error(
                PlanKind::MissingKey {
                    key: "title",
                    what: "a custom step",
                    empty: true,
                },
                s.title.span,
            );
        }
        if let Some(built_in) = catalog_ids.iter().find(|c| **c == folded) {
            v.error(
                PlanKind::DuplicateStepId {
                    id: id.clone(),
                    with_catalog: true,
                    other_case: (*built_in != id).then(|| (*built_in).to_string()),
                },
                span,
            );
        } else if let Some((first, first_id)) = custom_ids.get(&folded) {
            v.diagnostics.push(
                Diagnostic::error(
                    PlanKind::DuplicateStepId {
                        id: id.clone(),
                        with_catalog: false,
                        other_case: (*first_id != id).then(|| first_id.clone()),
                    },
                    span,
                )
                .with_label(*first, "first defined here"),
            );
        } else {
            custom_ids.insert(folded, (span, id.clone()));
        }
        let scope = match s.numbers {
            None => Scope::Fleet,
            Some(scope) => match (scope.span, scope.value) {
                (_, RawScope::All) => Scope::Numbers((0..numbers.len()).collect()),
                (scope_span, RawScope::List(list)) if list.is_empty() => {
                    v.error(
                        PlanKind::EmptyScope {
                            id: id.clone(),
                            is_override: false,
                        },
                        scope_span,
                    );
                    Scope::Numbers(Vec::new())
                }
                (_, RawScope::List(list)) => {
                    let mut indices = Vec::new();
                    // Numbers listed already, and where (a list may name a whole fleet).
                    let mut listed: HashMap<usize, Span> = HashMap::new();
                    for written in list {
                        let found = E164::parse(&written.value)
                            .ok()
                            .and_then(|n| by_number.get(&n.identity()).copied());
                        match found {
                            Some(i) if listed.contains_key(&i) => {
                                listed_twice(&mut v, &numbers[i], written.span, listed[&i]);
                            }
                            Some(i) => {
                                listed.insert(i, written.span);
                                indices.push(i);
                            }
                            // A number that failed validation was already reported.
                            None if dropped.numbers => {}
                            None => v.error(
                                PlanKind::UnknownNumber {
                                    number: written.value.clone(),
                                },
                                written.span,
                            ),
                        }
                    }
                    Scope::Numbers(indices)
                }
            },
        };
        let estimate = s.duration.as_ref().and_then(|d| v.estimate(d));
        let refs = |list: Vec<Located<String>>| {
            list.into_iter()
                .map(|r| StepRef {
                    span: r.span,
                    id: r.value,
                })
                .collect::<Vec<_>>()
        };
        custom_steps.push(CustomStep {
            id,
            span,
            title: s.title.value,
            owner: s.owner.value,
            phase: s.phase.map_or(Phase::Prepare, |p| p.value),
            estimate,
            after: refs(s.after),
            before: refs(s.before),
            scope,
            reason: s.reason,
            action: s.action,
        });
    }

    // Overrides: one per step and number (the step ids themselves are checked against the
    // graph). One for some numbers wins over one for all of them.
    let mut overrides: Vec<Override> = Vec::new();
    // Where each step was first overridden, for all numbers or for one number: the place in
    // `overrides` and the span (a fleet may have an override per number).
    let mut overridden_for_all: HashMap<String, (usize, Span)> = HashMap::new();
    let mut overridden_for: HashMap<String, HashMap<usize, (usize, Span)>> = HashMap::new();
    for o in raw.overrides {
        let span = o.step.span;
        let scope: Option<Vec<usize>> = match o.numbers {
            None => None,
            Some(scope) => match scope.value {
                RawScope::All => None,
                RawScope::List(list) if list.is_empty() => {
                    v.error(
                        PlanKind::EmptyScope {
                            id: o.step.value.clone(),
                            is_override: true,
                        },
                        scope.span,
                    );
                    Some(Vec::new())
                }
                RawScope::List(list) => {
                    let mut listed: HashMap<usize, Span> = HashMap::new();
                    Some(
                        list.iter()
                            .filter_map(|written| {
                                let found = E164::parse(&written.value)
                                    .ok()
                                    .and_then(|n| by_number.get(&n.identity()).copied());
                                if found.is_none() && !dropped.numbers {
                                    v.error(
                                        PlanKind::UnknownNumber {
                                            number: written.value.clone(),
                                        },
                                        written.span,
                                    );
                                }
                                let i = found?;
                                if let Some(&first) = listed.get(&i) {
                                    listed_twice(&mut v, &numbers[i], written.span, first);
                                    return None;
                                }
                                listed.insert(i, written.span);
                                Some(i)
                            })
                            .collect(),
                    )
                }
            },
        };
        // The first earlier override of the step that this one overlaps: one for all numbers
        // overlaps another for all numbers, one for some numbers another sharing a number.
        let first = match &scope {
            None => overridden_for_all.get(o.step.value.as_str()).copied(),
            Some(list) => overridden_for
                .get(o.step.value.as_str())
                .and_then(|by_number| {
                    (list.iter())
                        .filter_map(|n| by_number.get(n).copied())
                        .min_by_key(|&(place, _)| place)
                }),
        };
        if let Some((_, first)) = first {
            v.diagnostics.push(
                Diagnostic::error(
                    PlanKind::DuplicateOverride {
                        step: o.step.value.clone(),
                    },
                    span,
                )
                .with_label(first, "first overridden here"),
            );
            continue;
        }
        if o.duration.is_none() && o.owner.is_none() {
            // It would change nothing, silently.
            v.error(
                PlanKind::MissingKey {
                    key: "duration` or `owner",
                    what: "an override",
                    empty: false,
                },
                span,
            );
        }
        let estimate = o.duration.as_ref().and_then(|d| v.estimate(d));
        let place = (overrides.len(), span);
        match &scope {
            None => {
                overridden_for_all.insert(o.step.value.clone(), place);
            }
            Some(list) => {
                let by_number = overridden_for.entry(o.step.value.clone()).or_default();
                for &n in list {
                    by_number.entry(n).or_insert(place);
                }
            }
        }
        overrides.push(Override {
            step: o.step.value,
            span,
            estimate,
            owner: o.owner.map(|x| x.value),
            numbers: scope,
        });
    }

    fleet_times_agree(&fleet_done, &fleet_started, &numbers, &custom_steps, &mut v);

    // Required texts that every report heads with: blank is as good as missing.
    for (key, what, text) in [
        ("name", "the plan", &meta.name),
        ("region", "the destination", &meta.destination.region),
        ("org", "the destination", &meta.destination.org),
    ] {
        v.require_text(text, key, what);
    }
    let plan = Plan {
        name: meta.name.value,
        destination: Destination {
            region: meta.destination.region.value,
            org: meta.destination.org.value,
            time_zone: v.zone,
            business_verified: meta.destination.business_verified.unwrap_or(false),
            portfolio: meta.destination.portfolio.map(|p| p.value),
            unverified_number_limit: meta
                .destination
                .unverified_number_limit
                .map_or(crate::catalog::UNVERIFIED_NUMBER_LIMIT, |n| n.value),
        },
        cutover_window,
        implementation_partner: meta.implementation_partner.map(|p| p.value),
        downtime_budget_minutes,
        holidays,
        calendars,
        fleet_done,
        fleet_started,
        wabas,
        numbers,
        custom_steps,
        overrides,
        dropped,
    };
    Validated {
        plan,
        diagnostics: v.diagnostics,
    }
}

/// `HH:MM-HH:MM` with the start before the end.
/// Reports a number listed a second time in a step's or an override's `numbers:`.
fn listed_twice(v: &mut Validator, number: &Number, at: Span, first: Span) {
    v.diagnostics.push(
        Diagnostic::error(
            PlanKind::DuplicateNumber {
                number: number.e164.to_string(),
                in_scope: true,
            },
            at,
        )
        .with_label(first, "first listed here"),
    );
}

/// A fleet step is one step however many places record it done or started (`fleet.done` and
/// `fleet.started`, or a number's lists naming it): recorded at two different times, one of them
/// is wrong, and which one decides whether the step reads as done (or under way) at a moment
/// between them (the plan would be ready or not on a guess). An error at the second entry, with a
/// label at the first entry that has a time.
fn fleet_times_agree(
    fleet_done: &[Done],
    fleet_started: &[Started],
    numbers: &[Number],
    custom_steps: &[CustomStep],
    v: &mut Validator,
) {
    let fleet_custom: std::collections::HashSet<&str> = custom_steps
        .iter()
        .filter(|c| matches!(c.scope, Scope::Fleet))
        .map(|c| c.id.as_str())
        .collect();
    let is_fleet_step = |id: &str| catalog::fleet_step(id).is_some() || fleet_custom.contains(id);
    let done = fleet_done
        .iter()
        .chain(numbers.iter().flat_map(|n| n.done.iter()))
        .map(|d| (d.step.as_str(), d.at, d.span));
    for (id, span, first) in times_that_differ(done, &is_fleet_step) {
        (v.diagnostics).push(conflicting_times(
            id,
            Record::Done { fleet: true },
            span,
            first,
        ));
    }
    let started = fleet_started
        .iter()
        .chain(numbers.iter().flat_map(|n| n.started.iter()))
        .map(|s| (s.step.as_str(), Some(s.at), s.span));
    for (id, span, first) in times_that_differ(started, &is_fleet_step) {
        (v.diagnostics).push(conflicting_times(id, Record::Started, span, first));
    }
}

/// Which record of a step two entries give at different times.
#[derive(Clone, Copy)]
enum Record {
    /// `done:` (`fleet`: entries of a fleet step across the fleet's and the numbers' lists).
    Done { fleet: bool },
    /// `started:`.
    Started,
}

/// The error for step `id` recorded at two different times: at the second entry (`span`), with
/// a label at the first (`first`). One shape for the `done:` and `started:` lists and for a fleet
/// step across lists.
fn conflicting_times(id: &str, record: Record, span: Span, first: Span) -> Diagnostic {
    let (kind, label) = match record {
        Record::Done { fleet } => (
            PlanKind::ConflictingDoneTimes {
                id: id.to_string(),
                fleet,
            },
            "first recorded done here, at another time",
        ),
        Record::Started => (
            PlanKind::ConflictingStartedTimes { id: id.to_string() },
            "first recorded as started here, at another time",
        ),
    };
    Diagnostic::error(kind, span).with_label(first, label)
}

/// The entries of fleet steps (`(step, time, place)`) whose time differs from the first time
/// recorded for that step, each with the place of that first time. An entry without a time
/// agrees with any: it neither conflicts nor stands as the first time.
fn times_that_differ<'a>(
    entries: impl Iterator<Item = (&'a str, Option<DateTime<Utc>>, Span)>,
    is_fleet_step: &dyn Fn(&str) -> bool,
) -> Vec<(&'a str, Span, Span)> {
    let mut first: HashMap<&str, (DateTime<Utc>, Span)> = HashMap::new();
    let mut differ = Vec::new();
    for (id, at, span) in entries {
        let Some(at) = at else { continue };
        match first.get(id) {
            Some(&(t, first_span)) if t != at => differ.push((id, span, first_span)),
            None if is_fleet_step(id) => {
                first.insert(id, (at, span));
            }
            // The same time again, or a step that is not a fleet step.
            _ => {}
        }
    }
    differ
}

fn parse_hours(text: &str) -> Option<(chrono::NaiveTime, chrono::NaiveTime)> {
    let (a, b) = text.trim().split_once('-')?;
    let read = |t: &str| chrono::NaiveTime::parse_from_str(t.trim(), "%H:%M").ok();
    let start = read(a)?;
    // `24:00` ends the working day at midnight; the calendar stores it as `00:00`.
    if b.trim() == "24:00" {
        return Some((start, chrono::NaiveTime::MIN));
    }
    let end = read(b)?;
    (start < end).then_some((start, end))
}

fn weekday_index(day: Weekday) -> usize {
    match day {
        Weekday::Mon => 0,
        Weekday::Tue => 1,
        Weekday::Wed => 2,
        Weekday::Thu => 3,
        Weekday::Fri => 4,
        Weekday::Sat => 5,
        Weekday::Sun => 6,
    }
}

/// A name as a reader sees it: composed (NFC), without the characters drawn as nothing, and
/// without spaces at either end. Two names equal here look the same on a phone.
fn as_drawn(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization as _;
    let shown: String = text
        .nfc()
        .filter(|&c| !crate::plan::diags::is_invisible(c))
        .collect();
    shown.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn working_hours_are_a_day_shift() {
        assert!(parse_hours("09:00-17:00").is_some());
        assert!(parse_hours(" 8:30 - 18:00 ").is_some());
        assert!(parse_hours("17:00-09:00").is_none());
        assert!(parse_hours("9-5").is_none());
        assert!(parse_hours("09:00").is_none());
        assert_eq!(
            parse_hours("00:00-24:00"),
            Some((chrono::NaiveTime::MIN, chrono::NaiveTime::MIN))
        );
        assert!(parse_hours("00:00-00:00").is_none());
    }

    #[test]
    fn a_national_prefix_after_the_country_code_is_the_same_number() {
        let key = |w: &str| E164::parse(w).expect("a number").identity().to_string();
        // Germany, the UK, France: the 0 dialled inside the country, written after the code.
        assert_eq!(key("+49 030 901820"), key("+49 30 901820"));
        assert_eq!(key("+44 020 7946 0000"), key("+44 20 7946 0000"));
        assert_eq!(key("+33 01 42 68 53 00"), key("+33 1 42 68 53 00"));
        // Italy keeps its 0: another number than without it.
        assert_ne!(key("+39 02 3661 8300"), key("+39 2 3661 8300"));
        // Right as written: unchanged.
        assert_eq!(key("+49 30 901820"), "+4930901820");
    }
}
