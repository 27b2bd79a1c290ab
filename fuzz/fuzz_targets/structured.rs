//! Plans assembled from valid building blocks: source kinds with their fields, done steps (with
//! and without times) drawn from each number's own route, templates, source WABAs, custom steps
//! whose `after`/`before`/`numbers` name ids and numbers that exist, overrides, cutover windows,
//! downtime budgets, holidays and time zones with daylight-saving changes. Most inputs therefore
//! get past the loader and the validator, so the fuzzer spends its time in compile (joins,
//! cycles), evaluate (statuses, schedule, downtime, billing, warnings) and the report.
//!
//! About one choice in thirty is deliberately odd (a duplicate or unknown id, an invalid or
//! extreme time, a huge or reversed duration, a step of another source kind, a reference that may
//! close a cycle), so the error paths deep in the pipeline and the arithmetic at the edges of the
//! value ranges are reached too.
//!
//! The plan is written as YAML text and run through [`wamigrate_fuzz::exercise`], the same path
//! as the `pipeline` target. To see the plan of a finding, replay it with the plan printed:
//! `WAMIGRATE_FUZZ_PRINT=1 cargo +nightly fuzz run structured <artifact>`; the printed YAML
//! then replays with `wamigrate dry-run --at <the printed time>`.
#![no_main]

use std::fmt::Write as _;

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, TimeZone, Utc};
use libfuzzer_sys::fuzz_target;
use wamigrate::catalog::{Phase, SourceKind, steps::FLEET};

/// At most this many of each list, so one input stays fast.
const MAX_NUMBERS: usize = 6;
const MAX_STEPS: usize = 8;
const MAX_LIST: usize = 5;

/// A selector at or above this picks the odd alternative (about one in thirty).
const ODD: u8 = 248;
/// A custom step's `id_sel` that writes `numbers: []` (an error) for a step with a number list.
const EMPTY_SCOPE: u8 = 247;

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Pacific/Apia",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Kiritimati",
];

/// Times worth hitting on purpose: DST gaps and folds (Berlin, New York, Sydney), the default
/// evaluation moment and its neighbours, the ends of chrono's RFC 3339 range, invalid ones.
const ODD_TIMES: &[&str] = &[
    "2026-03-29T02:30",
    "2026-10-25T02:30",
    "2026-03-08T02:30",
    "2026-11-01T01:30",
    "2026-04-05T02:30",
    "2026-10-04T02:30",
    "2026-11-25T12:00:00Z",
    "2026-11-25T12:00:01Z",
    "2026-11-25T11:59:59Z",
    "2026-12-24 09:00",
    "1970-01-01T00:00:00Z",
    "0000-01-01T00:00:00Z",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-23:59",
    "2026-02-30T10:00",
    "yesterday",
];

/// Durations at the edges: zero, the largest accepted amounts, reversed or mixed ranges.
const ODD_DURATIONS: &[&str] = &[
    "0m",
    "0bd",
    "4294967295m",
    "71582788h",
    "2982616d",
    "4294967295bd",
    "1000000bd",
    "4294967295m..4294967295m",
    "0bd..4294967295bd",
    "3bd..2bd",
    "1h..1bd",
    "4294967296m",
    "forever",
];

/// Budgets are minutes only.
const ODD_BUDGETS: &[&str] = &["0m", "4294967295m", "71582788h", "2982616d", "3bd"];

const ODD_PHONES: &[&str] = &[
    "+49 30 901800",
    "0049 30 901800",
    "12345",
    "+1 800",
    "CONTOSO",
];

const PARTNERS: &[&str] = &["360dialog", "Twilio", "Gupshup", ""];
const TEMPLATE_NAMES: &[&str] = &["order_update", "winter_sale", "otp", "order_update"];
const LANGUAGES: &[&str] = &["en_US", "de_DE", "en_US"];
const OWNERS: &[&str] = &["customer", "source-partner", "genesys", "meta", "carrier"];
const PHASES: &[&str] = &["prepare", "cutover", "after", "prepare"];
const NAME_STATUS: &[&str] = &["approved", "pending", "rejected", "deferred", "unknown"];
const ADMINS: &[&str] = &["customer", "partner"];
const LINES: &[&str] = &[
    "genesys_voice",
    "sms_inventory",
    "toll_free",
    "mobile",
    "landline",
    "direct",
];
const CATEGORIES: &[&str] = &["marketing", "utility", "authentication"];
const STATUSES: &[&str] = &["approved", "pending", "rejected", "paused", "disabled"];
const QUALITIES: &[&str] = &["green", "yellow", "red", "unknown"];
const BUTTONS: &[&str] = &["quick_reply", "phone_number", "url", "copy_code"];

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn pick_string(list: &[String], i: u8) -> Option<&str> {
    (!list.is_empty()).then(|| list[usize::from(i) % list.len()].as_str())
}

/// A JSON string is a valid YAML double-quoted scalar.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

/// What the writer knows about the plan it is writing, so references name things that exist.
struct Context {
    /// Every catalogue step id.
    catalog: Vec<&'static str>,
    /// Fleet catalogue step ids.
    fleet: Vec<&'static str>,
    /// Per number written: its source kind.
    kinds: Vec<SourceKind>,
    /// Custom step ids, in plan order, with the numbers they are copied to (`None`: fleet-wide)
    /// and their phase.
    custom: Vec<(String, Option<Vec<usize>>, Phase)>,
}

impl Context {
    fn route_ids(kind: SourceKind, prepare_only: bool) -> Vec<String> {
        kind.route()
            .steps
            .iter()
            .filter(|s| !prepare_only || s.phase() == Phase::Prepare)
            .map(|s| s.def.id.to_string())
            .collect()
    }

    /// Ids a `done:` entry can name: fleet steps and fleet-wide custom steps, and for a number
    /// also its route (weighted double) and the custom steps copied to it.
    fn done_ids(&self, number: Option<usize>) -> Vec<String> {
        let mut ids: Vec<String> = self.fleet.iter().map(|s| (*s).to_string()).collect();
        for (id, scope, _) in &self.custom {
            let fits = match (scope, number) {
                (None, _) => true,
                (Some(list), Some(n)) => list.contains(&n),
                (Some(_), None) => false,
            };
            if fits {
                ids.push(id.clone());
            }
        }
        if let Some(n) = number {
            ids.extend(Self::route_ids(self.kinds[n], false));
            ids.extend(Self::route_ids(self.kinds[n], false));
        }
        ids
    }
}

/// A time: mostly a valid date in 2024–2029 written locally, in UTC or with an offset.
#[derive(Arbitrary, Debug)]
struct Time {
    sel: u8,
    year: u8,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    offset_quarters: i8,
}

impl Time {
    fn text(&self) -> String {
        self.text_on_day(0, self.hour)
    }

    /// The same moment `days` later at `hour` (keeps the form, so it reads as later).
    fn text_on_day(&self, days: u8, hour: u8) -> String {
        if self.sel >= ODD {
            return pick(ODD_TIMES, self.day).to_string();
        }
        let base = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}",
            2024 + u16::from(self.year % 6),
            self.month % 12 + 1,
            self.day % 27 + 1 + days,
            hour % 24,
            self.minute % 60
        );
        match self.sel % 3 {
            0 => base,
            1 => format!("{base}:00Z"),
            _ => {
                let minutes = i32::from(self.offset_quarters % 57) * 15;
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.abs();
                format!("{base}:00{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }

    fn date(&self) -> String {
        let text = self.text();
        text.get(..10).unwrap_or(&text).to_string()
    }
}

/// A duration: mostly a plain amount or a range of one unit.
#[derive(Arbitrary, Debug)]
struct Duration {
    sel: u8,
    a: u16,
    b: u16,
    unit: u8,
}

impl Duration {
    fn text(&self) -> String {
        const UNITS: &[&str] = &["m", "h", "d", "bd"];
        let unit = pick(UNITS, self.unit);
        let (a, b) = (self.a % 300, self.b % 300);
        if self.sel >= ODD {
            pick(ODD_DURATIONS, self.unit).to_string()
        } else if self.sel < 160 {
            format!("{a}{unit}")
        } else {
            format!("{}{unit}..{}{unit}", a.min(b), a.max(b))
        }
    }

    fn budget(&self) -> String {
        const UNITS: &[&str] = &["m", "h", "d"];
        if self.sel >= ODD {
            pick(ODD_BUDGETS, self.unit).to_string()
        } else {
            format!("{}{}", self.a % 600, pick(UNITS, self.unit))
        }
    }
}

/// A `done:` entry.
#[derive(Arbitrary, Debug)]
struct Done {
    sel: u8,
    step: u8,
    at: Option<Time>,
    by: bool,
}

impl Done {
    fn text(&self, ids: &[String], ctx: &Context) -> String {
        // Odd: one nobody defined, any custom step (maybe not copied to this number), or a step
        // of any source kind (maybe not this number's).
        let custom: Vec<String> = ctx.custom.iter().map(|(id, _, _)| id.clone()).collect();
        let step = if self.sel >= ODD || ids.is_empty() {
            match self.step % 4 {
                0 => "no-such-step",
                1 => pick_string(&custom, self.step / 4).unwrap_or("no-such-step"),
                _ => pick(&ctx.catalog, self.step),
            }
        } else {
            pick_string(ids, self.step).unwrap_or("meta-portfolio-access")
        };
        let step = q(step);
        if self.at.is_none() && !self.by && self.sel % 2 == 0 {
            return step;
        }
        let mut out = format!("{{step: {step}");
        if let Some(at) = &self.at {
            let _ = write!(out, ", at: {}", q(&at.text()));
        }
        if self.by {
            out.push_str(", by: \"Dana (IT)\"");
        }
        out.push('}');
        out
    }
}

fn done_list(done: &[Done], number: Option<usize>, ctx: &Context) -> String {
    let ids = ctx.done_ids(number);
    list(done.iter().take(MAX_LIST).map(|d| d.text(&ids, ctx)))
}

#[derive(Arbitrary, Debug)]
struct Template {
    name: u8,
    language: u8,
    category: u8,
    status: u8,
    quality: Option<u8>,
    buttons: Option<(u8, Vec<u8>)>,
}

impl Template {
    fn text(&self) -> String {
        let mut out = format!(
            "{{name: {}, language: {}, category: {}, status: {}",
            q(pick(TEMPLATE_NAMES, self.name)),
            pick(LANGUAGES, self.language),
            pick(CATEGORIES, self.category),
            pick(STATUSES, self.status)
        );
        if let Some(quality) = self.quality {
            let _ = write!(out, ", quality: {}", pick(QUALITIES, quality));
        }
        match &self.buttons {
            None => {}
            Some((sel, _)) if *sel >= ODD => out.push_str(", buttons: 18446744073709551615"),
            Some((sel, _)) if *sel % 2 == 0 => {
                let _ = write!(out, ", buttons: {}", sel % 12);
            }
            Some((_, kinds)) => {
                let kinds = kinds.iter().take(8).map(|k| pick(BUTTONS, *k).to_string());
                let _ = write!(out, ", buttons: {}", list(kinds));
            }
        }
        out.push('}');
        out
    }
}

fn template_list(templates: &[Template]) -> String {
    list(templates.iter().take(MAX_LIST).map(Template::text))
}

#[derive(Arbitrary, Debug)]
enum Source {
    EngageShort,
    Engage {
        partner: Option<u8>,
        admin: Option<u8>,
        waba: Option<u8>,
    },
    Bsp {
        partner: u8,
        admin: Option<u8>,
        disconnect_ahead: bool,
        waba: Option<u8>,
    },
    Genesys {
        same_org: bool,
        pin_known: bool,
    },
    AppShort,
    App {
        business: Option<bool>,
    },
    New {
        line: u8,
        ivr: u8,
    },
}

impl Source {
    fn kind(&self) -> SourceKind {
        match self {
            Source::EngageShort | Source::Engage { .. } => SourceKind::Engage,
            Source::Bsp { .. } => SourceKind::Bsp,
            Source::Genesys { .. } => SourceKind::Genesys,
            Source::AppShort | Source::App { .. } => SourceKind::App,
            Source::New { .. } => SourceKind::New,
        }
    }

    fn admin(sel: u8) -> &'static str {
        // Odd: `genesys` does not administer another partner's WABA.
        if sel >= ODD {
            "genesys"
        } else {
            pick(ADMINS, sel)
        }
    }

    /// `waba:` naming a declared source WABA; odd: one nobody declared.
    fn waba(sel: u8, wabas: usize) -> Option<String> {
        if sel >= ODD {
            Some("missing".to_string())
        } else if wabas == 0 {
            None
        } else {
            Some(format!("shared-{}", usize::from(sel) % wabas))
        }
    }

    fn text(&self, wabas: usize) -> String {
        match self {
            Source::EngageShort => "engage".to_string(),
            Source::Engage {
                partner,
                admin,
                waba,
            } => {
                let mut fields = Vec::new();
                if let Some(p) = partner {
                    fields.push(format!("partner: {}", q(pick(PARTNERS, *p))));
                }
                if let Some(a) = admin {
                    // `genesys` is a valid admin of an Engage WABA.
                    fields.push(format!(
                        "source_waba_admin: {}",
                        pick(&["customer", "partner", "genesys"], *a)
                    ));
                }
                if let Some(w) = waba.and_then(|w| Self::waba(w, wabas)) {
                    fields.push(format!("waba: {w}"));
                }
                format!("{{engage: {{{}}}}}", fields.join(", "))
            }
            Source::Bsp {
                partner,
                admin,
                disconnect_ahead,
                waba,
            } => {
                let mut out = format!(
                    "{{bsp: {{partner: {}, disconnect_ahead: {disconnect_ahead}",
                    q(pick(PARTNERS, *partner))
                );
                if let Some(a) = admin {
                    let _ = write!(out, ", source_waba_admin: {}", Self::admin(*a));
                }
                if let Some(w) = waba.and_then(|w| Self::waba(w, wabas)) {
                    let _ = write!(out, ", waba: {w}");
                }
                out.push_str("}}");
                out
            }
            Source::Genesys {
                same_org,
                pin_known,
            } => {
                let (region, org) = if *same_org {
                    ("eu-central-1", "contoso")
                } else {
                    ("us-east-1", "contoso-old")
                };
                format!("{{genesys: {{region: {region}, org: {org}, pin_known: {pin_known}}}}}")
            }
            Source::AppShort => "app".to_string(),
            Source::App { business } => match business {
                None => "{app: }".to_string(),
                Some(true) => "{app: {app: business}}".to_string(),
                Some(false) => "{app: {app: messenger}}".to_string(),
            },
            Source::New { line, ivr } => {
                let line_name = pick(LINES, *line);
                let ivr_fields = [
                    "",
                    ", behind_ivr: false",
                    ", behind_ivr: true",
                    ", behind_ivr: true, can_bypass_ivr: true",
                    ", behind_ivr: true, can_bypass_ivr: false",
                    ", can_bypass_ivr: false",
                ];
                // IVR facts apply to toll-free lines; on another line they conflict (odd).
                let fields = if line_name == "toll_free" || *ivr >= ODD {
                    ivr_fields[usize::from(*ivr) % ivr_fields.len()]
                } else {
                    ""
                };
                format!("{{new: {{line: {line_name}{fields}}}}}")
            }
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Number {
    phone: u8,
    display_name: bool,
    display_name_status: Option<u8>,
    source: Source,
    official_business_account: bool,
    verification: Option<bool>,
    /// The first steps of the number's runbook marked done (how many, and when), so numbers
    /// reach `cutting_over`, `live` and `complete` and not only `blocked`.
    done_prefix: Option<(u8, Option<Time>)>,
    done: Vec<Done>,
    templates: Vec<Template>,
}

impl Number {
    fn write(&self, out: &mut String, index: usize, ctx: &Context, wabas: usize) {
        // Distinct valid numbers; odd: a duplicate in another spelling, or an invalid one.
        let phone = if self.phone >= ODD {
            pick(ODD_PHONES, self.phone).to_string()
        } else {
            format!("+49 30 9018{index:02}")
        };
        let _ = writeln!(
            out,
            "  - number: {}\n    source: {}",
            q(&phone),
            self.source.text(wabas)
        );
        if self.display_name {
            out.push_str("    display_name: Contoso Support\n");
        }
        if let Some(s) = self.display_name_status {
            let _ = writeln!(out, "    display_name_status: {}", pick(NAME_STATUS, s));
        }
        if self.official_business_account {
            out.push_str("    official_business_account: true\n");
        }
        if let Some(sms) = self.verification {
            let _ = writeln!(
                out,
                "    verification: {}",
                if sms { "sms" } else { "voice" }
            );
        }
        let mut done: Vec<String> = Vec::new();
        if let Some((count, at)) = &self.done_prefix {
            let route = Context::route_ids(self.source.kind(), false);
            let count = usize::from(*count) % (route.len() + 1);
            done.extend(route.iter().take(count).map(|id| match at {
                Some(at) => format!("{{step: {}, at: {}}}", q(id), q(&at.text())),
                None => q(id),
            }));
        }
        if !self.done.is_empty() {
            let ids = ctx.done_ids(Some(index));
            done.extend(self.done.iter().take(MAX_LIST).map(|d| d.text(&ids, ctx)));
        }
        if !done.is_empty() {
            let _ = writeln!(out, "    done: {}", list(done));
        }
        if !self.templates.is_empty() {
            let _ = writeln!(out, "    templates: {}", template_list(&self.templates));
        }
    }
}

#[derive(Arbitrary, Debug)]
enum Scope {
    Fleet,
    All,
    Numbers(Vec<u8>),
}

/// A reference in `after:` / `before:`.
#[derive(Arbitrary, Debug)]
struct StepRef {
    sel: u8,
    i: u8,
}

#[derive(Arbitrary, Debug)]
struct CustomStep {
    id_sel: u8,
    owner: u8,
    phase: Option<u8>,
    duration: Option<Duration>,
    after: Vec<StepRef>,
    before: Vec<StepRef>,
    scope: Scope,
    text: bool,
}

impl CustomStep {
    fn phase(&self) -> Phase {
        match self.phase.map(|p| pick(PHASES, p)) {
            Some("cutover") => Phase::Cutover,
            Some("after") => Phase::After,
            _ => Phase::Prepare,
        }
    }

    /// The numbers the step is copied to (`None`: fleet-wide).
    fn numbers(&self, numbers: usize) -> Option<Vec<usize>> {
        match &self.scope {
            Scope::Fleet => None,
            Scope::All => Some((0..numbers).collect()),
            Scope::Numbers(_) if numbers == 0 => Some(Vec::new()),
            Scope::Numbers(list) => {
                let mut picked: Vec<usize> = list
                    .iter()
                    .take(MAX_LIST)
                    .map(|i| usize::from(*i) % numbers)
                    .collect();
                if picked.is_empty() {
                    picked.push(0);
                }
                Some(picked)
            }
        }
    }

    /// A reference from step `me`: mostly one that exists for every copy of the step and keeps
    /// custom steps in plan order (`after` earlier ones, `before` later ones), so no cycle; odd:
    /// any custom step (cycles), any catalogue step (maybe not in the number's source), unknown.
    fn reference(&self, r: &StepRef, me: usize, after: bool, ctx: &Context) -> String {
        let numbers = self.numbers(ctx.kinds.len());
        if r.sel >= ODD {
            return match r.i % 3 {
                0 => "no-such-step".to_string(),
                1 => pick(&ctx.catalog, r.i / 3).to_string(),
                _ => format!("custom-{}", usize::from(r.i / 3) % MAX_STEPS),
            };
        }
        if r.sel < 90 {
            let candidates: Vec<String> = ctx
                .custom
                .iter()
                .enumerate()
                .filter(|(j, _)| if after { *j < me } else { *j > me })
                .map(|(_, (id, _, _))| id.clone())
                .collect();
            if let Some(id) = pick_string(&candidates, r.i) {
                return id.to_string();
            }
        }
        if r.sel < 170 {
            // Route steps every copy has (a fleet-wide step may name any number's step). A
            // prepare step only follows prepare steps, or it would contradict itself.
            let prepare_only = after && self.phase() == Phase::Prepare;
            let mut candidates: Option<Vec<String>> = None;
            let scoped = numbers
                .clone()
                .unwrap_or_else(|| (0..ctx.kinds.len()).collect());
            for n in scoped {
                let ids = Context::route_ids(ctx.kinds[n], prepare_only);
                candidates = Some(match candidates {
                    None => ids,
                    Some(c) if numbers.is_some() => {
                        c.into_iter().filter(|x| ids.contains(x)).collect()
                    }
                    Some(mut c) => {
                        c.extend(ids);
                        c
                    }
                });
            }
            if let Some(id) = candidates.as_deref().and_then(|c| pick_string(c, r.i)) {
                return id.to_string();
            }
        }
        pick(&ctx.fleet, r.i).to_string()
    }

    fn write(&self, out: &mut String, me: usize, ctx: &Context) {
        let (id, _, phase) = &ctx.custom[me];
        let _ = write!(
            out,
            "  - id: {}\n    title: Brief the agents\n    owner: {}\n",
            q(id),
            pick(OWNERS, self.owner)
        );
        if self.phase.is_some() {
            let _ = writeln!(out, "    phase: {}", phase.as_str());
        }
        if let Some(d) = &self.duration {
            let _ = writeln!(out, "    duration: {}", q(&d.text()));
        }
        for (key, refs, after) in [
            ("after", &self.after, true),
            ("before", &self.before, false),
        ] {
            if !refs.is_empty() {
                let ids = refs
                    .iter()
                    .take(MAX_LIST)
                    .map(|r| q(&self.reference(r, me, after, ctx)));
                let _ = writeln!(out, "    {key}: {}", list(ids));
            }
        }
        match (&self.scope, self.numbers(ctx.kinds.len())) {
            (_, None) => {}
            (Scope::All, _) => out.push_str("    numbers: all\n"),
            (_, Some(_)) if self.id_sel == EMPTY_SCOPE => out.push_str("    numbers: []\n"),
            (_, Some(picked)) if picked.is_empty() => out.push_str("    numbers: all\n"),
            (_, Some(picked)) => {
                // Written in another spelling than the number entry, as people do; odd: a
                // number not in the plan.
                let mut written: Vec<String> = picked
                    .iter()
                    .map(|i| q(&format!("0049309018{i:02}")))
                    .collect();
                if self.id_sel == ODD {
                    written.push(q("+1 415 555 0100"));
                }
                let _ = writeln!(out, "    numbers: {}", list(written));
            }
        }
        if self.text {
            out.push_str(
                "    reason: Agents must know the new inbox.\n    action: Send the memo.\n",
            );
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Override {
    step: u8,
    duration: Option<Duration>,
    owner: Option<u8>,
}

#[derive(Arbitrary, Debug)]
struct Waba {
    duplicate: u8,
    templates: Vec<Template>,
}

#[derive(Arbitrary, Debug)]
struct Window {
    start: Time,
    end_hour: u8,
    /// Odd: an end that is any time at all (maybe before the start).
    end: Option<Time>,
}

#[derive(Arbitrary, Debug)]
struct Plan {
    version: u8,
    zone: u8,
    business_verified: Option<bool>,
    window: Option<Window>,
    budget: Option<Duration>,
    holidays: Vec<Time>,
    fleet_done: Vec<Done>,
    wabas: Vec<Waba>,
    numbers: Vec<Number>,
    steps: Vec<CustomStep>,
    overrides: Vec<Override>,
    at: Time,
    only: Option<Vec<u8>>,
}

impl Plan {
    fn context(&self) -> Context {
        let numbers = &self.numbers[..self.numbers.len().min(MAX_NUMBERS)];
        let steps = &self.steps[..self.steps.len().min(MAX_STEPS)];
        let catalog = wamigrate::catalog::all_step_ids();
        let custom = steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                // Odd: a catalogue id or an earlier custom id (duplicate step ids).
                let id = if s.id_sel > ODD {
                    if s.id_sel % 2 == 0 {
                        pick(&catalog, s.owner).to_string()
                    } else {
                        format!("custom-{}", i.saturating_sub(1))
                    }
                } else {
                    format!("custom-{i}")
                };
                (id, s.numbers(numbers.len()), s.phase())
            })
            .collect();
        Context {
            catalog,
            fleet: FLEET.iter().map(|s| s.def.id).collect(),
            kinds: numbers.iter().map(|n| n.source.kind()).collect(),
            custom,
        }
    }

    fn yaml(&self) -> String {
        let ctx = self.context();
        let mut out = String::new();
        let _ = write!(
            out,
            "version: {}\nplan:\n  name: Fuzzed plan\n  destination:\n    region: eu-central-1\n    org: contoso\n    time_zone: {}\n",
            if self.version == 255 { 2 } else { 1 },
            if self.zone >= ODD {
                "Mars/Olympus_Mons"
            } else {
                pick(ZONES, self.zone)
            }
        );
        if let Some(v) = self.business_verified {
            let _ = writeln!(out, "    business_verified: {v}");
        }
        if let Some(w) = &self.window {
            let end = match &w.end {
                Some(end) if w.end_hour >= ODD => end.text(),
                _ => w.start.text_on_day(1, w.end_hour),
            };
            let _ = write!(
                out,
                "  cutover_window:\n    start: {}\n    end: {}\n",
                q(&w.start.text()),
                q(&end)
            );
        }
        if let Some(b) = &self.budget {
            let _ = writeln!(out, "  downtime_budget: {}", q(&b.budget()));
        }
        if !self.holidays.is_empty() {
            let days = self.holidays.iter().take(MAX_LIST).map(|t| q(&t.date()));
            let _ = writeln!(out, "  holidays: {}", list(days));
        }
        if !self.fleet_done.is_empty() {
            let _ = writeln!(
                out,
                "fleet:\n  done: {}",
                done_list(&self.fleet_done, None, &ctx)
            );
        }
        let mut wabas = 0;
        if !self.wabas.is_empty() {
            out.push_str("source_wabas:\n");
            for w in self.wabas.iter().take(3) {
                let id = if w.duplicate >= ODD && wabas > 0 {
                    wabas - 1
                } else {
                    wabas += 1;
                    wabas - 1
                };
                let _ = writeln!(
                    out,
                    "  - id: shared-{id}\n    templates: {}",
                    template_list(&w.templates)
                );
            }
        }
        if ctx.kinds.is_empty() {
            out.push_str("numbers: []\n");
        } else {
            out.push_str("numbers:\n");
            for (i, n) in self.numbers.iter().take(MAX_NUMBERS).enumerate() {
                n.write(&mut out, i, &ctx, wabas);
            }
        }
        if !ctx.custom.is_empty() {
            out.push_str("steps:\n");
            for (i, s) in self.steps.iter().take(MAX_STEPS).enumerate() {
                s.write(&mut out, i, &ctx);
            }
        }
        if !self.overrides.is_empty() {
            out.push_str("overrides:\n");
            for o in self.overrides.iter().take(MAX_LIST) {
                let _ = writeln!(out, "  - step: {}", pick(&ctx.catalog, o.step));
                if let Some(d) = &o.duration {
                    let _ = writeln!(out, "    duration: {}", q(&d.text()));
                }
                if let Some(owner) = o.owner {
                    let _ = writeln!(out, "    owner: {}", pick(OWNERS, owner));
                }
            }
        }
        out
    }

    /// The evaluation moment, read as UTC; an unreadable time falls back to the default one.
    fn at(&self) -> DateTime<Utc> {
        let text = self.at.text();
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M")
                    .map(|t| Utc.from_utc_datetime(&t))
            })
            .unwrap_or_else(|_| wamigrate_fuzz::default_at())
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = Plan::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let yaml = plan.yaml();
    let at = plan.at();
    let only: Option<Vec<usize>> = plan
        .only
        .as_ref()
        .map(|l| l.iter().map(|&i| usize::from(i)).collect());
    if std::env::var_os("WAMIGRATE_FUZZ_PRINT").is_some() {
        eprintln!("--- plan (at {}) ---\n{yaml}---", at.to_rfc3339());
    }
    wamigrate_fuzz::exercise(yaml.as_bytes(), at, only.as_deref());
});
