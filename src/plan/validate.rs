//! [`RawPlan`] → [`Plan`]: checks every value and every reference that does not need the step
//! graph, collecting all problems in one pass (sorted by position by the caller).

use std::collections::HashMap;

use chrono_tz::Tz;
use serde_saphyr::Spanned;

use crate::catalog::{self, Estimate, Phase};
use crate::diagnostic::{Diagnostic, DiagnosticKind, closest};
use crate::plan::phone::{E164, PhoneProblemKind};
use crate::plan::raw::{RawButtons, RawDone, RawNumber, RawPlan, RawScope, RawSource, RawTemplate};
use crate::plan::time::{parse_estimate, parse_minutes, parse_time};
use crate::plan::{
    Buttons, CustomStep, Destination, Done, LineType, NameStatus, Number, Override, Plan, Scope,
    Source, SourceAdmin, StepRef, Template, TemplateQuality, VerificationMethod, Waba, Window,
};
use crate::source::Span;

/// The result of validation: the plan when no error was found, and every diagnostic.
#[derive(Debug)]
pub struct Validated {
    /// The plan, if there was no error.
    pub plan: Option<Plan>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

struct Validator {
    diagnostics: Vec<Diagnostic>,
    zone: Tz,
}

impl Validator {
    fn error(&mut self, kind: DiagnosticKind, span: Span) {
        self.diagnostics.push(Diagnostic::error(kind, span));
    }

    fn time(&mut self, text: &Spanned<String>) -> Option<chrono::DateTime<chrono::Utc>> {
        match parse_time(&text.value, self.zone) {
            Ok(t) => Some(t),
            Err(kind) => {
                self.error(kind, Span::of(text));
                None
            }
        }
    }

    fn estimate(&mut self, text: &Spanned<String>) -> Option<Estimate> {
        match parse_estimate(&text.value) {
            Ok(e) => Some(e),
            Err(kind) => {
                self.error(kind, Span::of(text));
                None
            }
        }
    }

    fn done_list(&mut self, list: Vec<Spanned<RawDone>>) -> Vec<Done> {
        let mut seen: HashMap<String, Span> = HashMap::new();
        let mut out = Vec::with_capacity(list.len());
        for entry in list {
            let span = Span::of(&entry);
            let RawDone { step, at, by } = entry.value;
            if let Some(first) = seen.get(&step) {
                let first = *first;
                self.diagnostics.push(
                    Diagnostic::warning(DiagnosticKind::DoneTwice { id: step.clone() }, span)
                        .with_label(first, "first marked done here"),
                );
                continue;
            }
            seen.insert(step.clone(), span);
            let at = match at {
                Some(text) => match parse_time(&text, self.zone) {
                    Ok(t) => Some(t),
                    Err(kind) => {
                        self.error(kind, span);
                        None
                    }
                },
                None => None,
            };
            out.push(Done { step, span, at, by });
        }
        out
    }

    fn templates(raw: Vec<RawTemplate>) -> Vec<Template> {
        raw.into_iter()
            .map(|t| Template {
                span: Span::of(&t.name),
                name: t.name.value,
                language: t.language,
                category: t.category.value,
                status: t.status.value,
                quality: t.quality.unwrap_or(TemplateQuality::Unknown),
                buttons: t.buttons.map(|b| match b.value {
                    RawButtons::Count(n) => Buttons::Count(n),
                    RawButtons::Kinds(k) => Buttons::Kinds(k),
                }),
            })
            .collect()
    }

    fn phone(&mut self, written: &Spanned<String>) -> Option<E164> {
        match E164::parse(&written.value) {
            Ok(n) => Some(n),
            Err(problem) => {
                let kind = match problem {
                    PhoneProblemKind::ShortCode | PhoneProblemKind::SenderId => {
                        DiagnosticKind::UnregistrableNumber { problem }
                    }
                    other => DiagnosticKind::InvalidPhoneNumber { problem: other },
                };
                self.error(kind, Span::of(written));
                None
            }
        }
    }

    fn source(
        &mut self,
        raw: Spanned<RawSource>,
        waba_ids: &HashMap<String, usize>,
    ) -> (Option<Source>, Option<usize>) {
        let span = Span::of(&raw);
        let mut waba_ref = None;
        let source = match raw.value {
            RawSource::Engage(e) => {
                waba_ref = e.waba;
                let admin = e
                    .source_waba_admin
                    .map_or(SourceAdmin::Customer, |a| a.value);
                Some(Source::Engage {
                    partner: e.partner.map(|p| p.value),
                    admin,
                })
            }
            RawSource::Bsp(b) => {
                waba_ref = b.waba;
                let admin = match b.source_waba_admin {
                    Some(a) if a.value == SourceAdmin::Genesys => {
                        self.error(
                            DiagnosticKind::ConflictingFacts {
                                detail: "a number at another partner is not administered by Genesys; use `customer` or `partner`".into(),
                            },
                            Span::of(&a),
                        );
                        SourceAdmin::Partner
                    }
                    Some(a) => a.value,
                    None => SourceAdmin::Partner,
                };
                Some(Source::Bsp {
                    partner: b.partner.value,
                    admin,
                    disconnect_ahead: b.disconnect_ahead,
                })
            }
            RawSource::Genesys(g) => Some(Source::Genesys {
                region: g.region.value,
                org: g.org.value,
                pin_known: g.pin_known.value,
            }),
            RawSource::App(a) => Some(Source::App { app: a.app }),
            RawSource::New(n) => {
                let line = n.line.value;
                let behind_ivr = n.behind_ivr.as_ref().is_some_and(|b| b.value);
                let can_bypass = n.can_bypass_ivr.as_ref().is_some_and(|b| b.value);
                if let Some(b) = &n.behind_ivr
                    && b.value
                    && line != LineType::TollFree
                {
                    self.error(
                        DiagnosticKind::ConflictingFacts {
                            detail:
                                "`behind_ivr` applies to toll-free lines only (`line: toll_free`)"
                                    .into(),
                        },
                        Span::of(b),
                    );
                }
                if let Some(b) = &n.can_bypass_ivr
                    && b.value
                    && !behind_ivr
                {
                    self.error(
                        DiagnosticKind::ConflictingFacts {
                            detail: "`can_bypass_ivr` needs `behind_ivr: true`".into(),
                        },
                        Span::of(b),
                    );
                }
                Some(Source::New {
                    line,
                    behind_ivr,
                    can_bypass_ivr: can_bypass,
                })
            }
        };
        let _ = span;
        let waba = waba_ref.and_then(|w| match waba_ids.get(&w.value) {
            Some(i) => Some(*i),
            None => {
                let suggestion =
                    closest(&w.value, waba_ids.keys().map(String::as_str)).map(str::to_string);
                self.error(
                    DiagnosticKind::UnknownWaba {
                        id: w.value.clone(),
                        suggestion,
                    },
                    Span::of(&w),
                );
                None
            }
        });
        (source, waba)
    }

    fn number(&mut self, raw: RawNumber, waba_ids: &HashMap<String, usize>) -> Option<Number> {
        let span = Span::of(&raw.number);
        let e164 = self.phone(&raw.number);
        let source_span = Span::of(&raw.source);
        let (source, waba) = self.source(raw.source, waba_ids);
        if let (
            Some(Source::New {
                line: LineType::SmsInventory,
                ..
            }),
            Some(v),
        ) = (&source, &raw.verification)
            && v.value == VerificationMethod::Sms
        {
            self.error(DiagnosticKind::SmsVerificationUnavailable, Span::of(v));
        }
        let done = self.done_list(raw.done);
        let templates = Self::templates(raw.templates);
        Some(Number {
            e164: e164?,
            span,
            display_name: raw.display_name.map(|d| d.value),
            display_name_status: raw
                .display_name_status
                .map_or(NameStatus::Unknown, |s| s.value),
            source: source?,
            source_span,
            official_business_account: raw.official_business_account,
            verification: raw.verification.map(|v| v.value),
            done,
            templates,
            waba,
        })
    }
}

/// Validates a raw plan.
#[must_use]
pub fn validate(raw: RawPlan) -> Validated {
    let mut v = Validator {
        diagnostics: Vec::new(),
        zone: Tz::UTC,
    };
    if raw.version.value != 1 {
        v.error(
            DiagnosticKind::UnsupportedVersion {
                found: raw.version.value,
            },
            Span::of(&raw.version),
        );
    }
    let meta = raw.plan;
    let zone_text = &meta.destination.time_zone;
    match zone_text.value.parse::<Tz>() {
        Ok(zone) => v.zone = zone,
        Err(_) => {
            let suggestion = closest(
                &zone_text.value,
                chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()),
            )
            .map(str::to_string);
            v.error(
                DiagnosticKind::InvalidTimeZone {
                    name: zone_text.value.clone(),
                    suggestion,
                },
                Span::of(zone_text),
            );
        }
    }
    let cutover_window = meta.cutover_window.as_ref().and_then(|w| {
        let start = v.time(&w.start);
        let end = v.time(&w.end);
        match (start, end) {
            (Some(start), Some(end)) if end > start => Some(Window { start, end }),
            (Some(_), Some(_)) => {
                v.error(DiagnosticKind::InvalidWindow, Span::of(&w.end));
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
                    v.error(kind, Span::of(b));
                    None
                }
            });

    let mut holidays = Vec::new();
    for h in &meta.holidays {
        match chrono::NaiveDate::parse_from_str(h.value.trim(), "%Y-%m-%d") {
            Ok(d) => holidays.push(d),
            Err(_) => v.error(
                DiagnosticKind::InvalidTimestamp {
                    value: h.value.clone(),
                },
                Span::of(h),
            ),
        }
    }
    holidays.sort_unstable();

    // Source WABAs.
    let mut waba_ids: HashMap<String, usize> = HashMap::new();
    let mut waba_spans: Vec<Span> = Vec::new();
    let mut wabas = Vec::new();
    for w in raw.source_wabas {
        let span = Span::of(&w.id);
        if let Some(&first) = waba_ids.get(&w.id.value) {
            let first_span = waba_spans[first];
            v.diagnostics.push(
                Diagnostic::error(
                    DiagnosticKind::DuplicateWaba {
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
        let templates = Validator::templates(w.templates);
        wabas.push(Waba {
            id: w.id.value,
            templates,
        });
    }

    // Numbers, with duplicates detected on the normalised form.
    let mut numbers = Vec::with_capacity(raw.numbers.len());
    let mut by_number: HashMap<E164, usize> = HashMap::with_capacity(raw.numbers.len());
    let mut failed_numbers = false;
    for raw_number in raw.numbers {
        match v.number(raw_number, &waba_ids) {
            Some(n) => {
                if let Some(&first) = by_number.get(&n.e164) {
                    let first_span: Span = numbers
                        .get(first)
                        .map_or(Span::default(), |f: &Number| f.span);
                    v.diagnostics.push(
                        Diagnostic::error(
                            DiagnosticKind::DuplicateNumber {
                                number: n.e164.to_string(),
                            },
                            n.span,
                        )
                        .with_label(first_span, "first listed here"),
                    );
                    continue;
                }
                by_number.insert(n.e164.clone(), numbers.len());
                numbers.push(n);
            }
            None => failed_numbers = true,
        }
    }

    let fleet_done = v.done_list(raw.fleet.done);

    // Custom steps: ids unique and distinct from the catalogue.
    let catalog_ids = catalog::all_step_ids();
    let mut custom_ids: HashMap<String, Span> = HashMap::new();
    let mut custom_steps = Vec::new();
    for s in raw.steps {
        let span = Span::of(&s.id);
        let id = s.id.value.clone();
        if catalog_ids.contains(&id.as_str()) {
            v.error(
                DiagnosticKind::DuplicateStepId {
                    id: id.clone(),
                    with_catalog: true,
                },
                span,
            );
        } else if let Some(&first) = custom_ids.get(&id) {
            v.diagnostics.push(
                Diagnostic::error(
                    DiagnosticKind::DuplicateStepId {
                        id: id.clone(),
                        with_catalog: false,
                    },
                    span,
                )
                .with_label(first, "first defined here"),
            );
        } else {
            custom_ids.insert(id.clone(), span);
        }
        let scope = match s.numbers {
            None => Scope::Fleet,
            Some(scope) => match (Span::of(&scope), scope.value) {
                (_, RawScope::All) => Scope::Numbers((0..numbers.len()).collect()),
                (scope_span, RawScope::List(list)) if list.is_empty() => {
                    v.error(DiagnosticKind::EmptyScope { id: id.clone() }, scope_span);
                    Scope::Numbers(Vec::new())
                }
                (_, RawScope::List(list)) => {
                    let mut indices = Vec::new();
                    for written in list {
                        let found = E164::parse(&written.value)
                            .ok()
                            .and_then(|n| by_number.get(&n).copied());
                        match found {
                            Some(i) => indices.push(i),
                            // A number that failed validation was already reported.
                            None if failed_numbers => {}
                            None => v.error(
                                DiagnosticKind::UnknownNumber {
                                    number: written.value.clone(),
                                },
                                Span::of(&written),
                            ),
                        }
                    }
                    Scope::Numbers(indices)
                }
            },
        };
        let estimate = s.duration.as_ref().and_then(|d| v.estimate(d));
        let refs = |list: Vec<Spanned<String>>| {
            list.into_iter()
                .map(|r| StepRef {
                    span: Span::of(&r),
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

    // Overrides name catalogue steps.
    let mut overrides = Vec::new();
    for o in raw.overrides {
        let span = Span::of(&o.step);
        if !catalog_ids.contains(&o.step.value.as_str()) {
            let suggestion =
                closest(&o.step.value, catalog_ids.iter().copied()).map(str::to_string);
            v.error(
                DiagnosticKind::UnknownStep {
                    id: o.step.value.clone(),
                    suggestion,
                },
                span,
            );
            continue;
        }
        let estimate = o.duration.as_ref().and_then(|d| v.estimate(d));
        overrides.push(Override {
            step: o.step.value,
            span,
            estimate,
            owner: o.owner.map(|x| x.value),
        });
    }

    let has_error = v
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let plan = (!has_error).then(|| Plan {
        name: meta.name.value,
        destination: Destination {
            region: meta.destination.region.value,
            org: meta.destination.org.value,
            time_zone: v.zone,
            business_verified: meta.destination.business_verified.unwrap_or(false),
        },
        cutover_window,
        downtime_budget_minutes,
        holidays,
        fleet_done,
        wabas,
        numbers,
        custom_steps,
        overrides,
    });
    Validated {
        plan,
        diagnostics: v.diagnostics,
    }
}
