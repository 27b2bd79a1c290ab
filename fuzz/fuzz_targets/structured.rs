//! Plans assembled from valid building blocks: source kinds with their fields, done steps (with
//! and without times) that agree with the step graph, templates, source WABAs, custom steps whose
//! `after`/`before`/`numbers` name ids and numbers that exist, overrides, cutover windows,
//! downtime budgets, holidays and time zones with daylight-saving changes. Most inputs therefore
//! get past the loader, the validator and the graph's `done` checks, so the fuzzer spends its time
//! in compile (joins, cycles), evaluate (statuses, schedule, downtime, billing, warnings) and the
//! report.
//!
//! `done` facts must agree with the graph: a step recorded done needs every step it depends on
//! done too, and no recorded time before a prerequisite's. The target keeps a model of the
//! dependencies (each route's `after` lists from the catalogue, the fleet steps, custom steps'
//! `after`/`before`, a prepare custom step before every cutover step of its numbers): every step
//! it picks is written done together with the steps it needs (skipping steps that do not apply),
//! and recorded times never decrease along the dependency order. The model over-approximates the
//! graph (more edges, never fewer), so a set closed under it is closed under the real graph.
//!
//! About one choice in thirty is deliberately odd (a duplicate or unknown id, a step done without
//! the steps it needs, an invalid or extreme time, a huge or reversed duration, a step of another
//! source kind, a reference that may close a cycle, an id with an invisible character), so the
//! error paths deep in the pipeline and the arithmetic at the edges of the value ranges are
//! reached too.
//!
//! Free text (display names, notes, the plan's name, template names and languages, custom step
//! titles, reasons and actions, partner names, `by`, WABA and custom step ids and the references
//! to them) is often awkward: no-break spaces before a colon, ideographic spaces, emoji with ZWJ
//! sequences and variation selectors, combining marks, right-to-left text with RLM marks,
//! zero-width spaces, a byte-order mark, strings of several hundred characters; written in
//! double quotes (raw or `\u` escaped), single quotes, literal or folded blocks.
//!
//! About one plan in four also carries a six-digit PIN in a secret place (a PIN-like key spelled
//! many ways, an unknown key, a mapping key, `pin_known`, a flow mapping, an anchor and alias, a
//! merge key, free text next to "PIN"), written in every YAML style. Such a plan must be refused
//! (exit 1) and no output may contain the PIN's digits. The PIN's digits are chosen to appear
//! nowhere else in the plan; when an output holds them anyway, the plan is run once more with
//! other digits in the same place, and it is a finding only if the first digits are then gone
//! (an output may write the same six digits by itself: a help line's example phone number).
//!
//! The plan is written as YAML text and run through [`wamigrate_fuzz::exercise`], the same path
//! as the `pipeline` target. To see the plan of a finding, replay it with the plan printed:
//! `WAMIGRATE_FUZZ_PRINT=1 cargo +nightly fuzz run structured <artifact>`; the printed YAML
//! then replays with `wamigrate dry-run --at <the printed time>`. `WAMIGRATE_FUZZ_CODES=1` prints
//! one line per input (exit code, whether a PIN was injected, the reported numbers' states, the
//! diagnostic and warning codes), for measuring what the target writes.
#![no_main]

use std::collections::HashMap;
use std::fmt::Write as _;

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use chrono_tz::Tz;
use libfuzzer_sys::fuzz_target;
use wamigrate::catalog::{
    Fact, FleetWhen, NumberFacts, Phase, RouteStep, SourceKind, steps::FLEET,
};

/// At most this many of each list, so one input stays fast.
const MAX_NUMBERS: usize = 6;
const MAX_STEPS: usize = 8;
const MAX_LIST: usize = 5;

/// A selector at or above this picks the odd alternative (about one in thirty).
const ODD: u8 = 248;
/// A custom step's `id_sel` that writes `numbers: []` (an error) for a step with a number list.
const EMPTY_SCOPE: u8 = 247;
/// `done` picks from here up to `ODD` are written without the steps they need (odd: may be out
/// of order).
const NO_CLOSURE: u8 = ODD - 8;

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

// ---------------------------------------------------------------------------------------------
// Awkward text.

/// Free text that a snippet, a message or a report may show.
const AWKWARD: &[&str] = &[
    "Contoso\u{a0}: Support",
    "Service\u{202f}: 24/7",
    "Hotline\u{a0}:\u{a0}Berlin\u{202f}!",
    "\u{3000}カスタマーサポート\u{3000}",
    "👩\u{200d}💻 Support",
    "🏳\u{fe0f}\u{200d}🌈 Pride ☎\u{fe0f}",
    "👨\u{200d}👩\u{200d}👧\u{200d}👦 Family 🇩🇪🇫🇷",
    "❤\u{fe0f} Care 1\u{fe0f}\u{20e3}",
    "Cafe\u{301} Zu\u{308}rich",
    "Z\u{335}\u{321}a\u{336}\u{322}l\u{337}g\u{338}o\u{334}\u{35c}\u{35d}",
    "\u{200f}خدمة العملاء\u{200f}: 24/7",
    "\u{200f}שירות לקוחות\u{200f}",
    "English עברית العربية mixed",
    "zero\u{200b}width\u{200b}space",
    "\u{feff}byte-order mark",
    "tab\there, \"quotes\", 'apostrophes', # not a comment, - dash",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝒃𝒐𝒍𝒅",
    "line\u{2028}separator\u{2029}paragraph",
];

/// Text an id may hold (no space, nothing invisible).
const AWKWARD_IDS: &[&str] = &[
    "cafe\u{301}-zu\u{308}rich",
    "خدمة-العملاء",
    "שירות",
    "カスタマー",
    "👩💻",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "e\u{301}\u{301}\u{301}",
    "ünïcödé",
];

/// Text an id may not hold: invisible or space characters (odd).
const BAD_IDS: &[&str] = &[
    "zero\u{200b}width",
    "\u{feff}bom",
    "no\u{a0}break",
    "rlm\u{200f}",
    "heart-❤\u{fe0f}",
    "ideographic\u{3000}space",
];

/// Awkward text: most of the time the plain text given, else awkward text alone, mixed with it,
/// or several hundred characters long; written in one of the YAML styles.
#[derive(Arbitrary, Debug, Clone, Copy)]
struct Text {
    sel: u8,
    a: u8,
    b: u8,
    style: u8,
}

/// `fragment` repeated (joined with `sep`) to 200–710 characters.
fn long(fragment: &str, b: u8, sep: &str) -> String {
    let target = 200 + usize::from(b) * 2;
    let mut out = String::new();
    while out.chars().count() < target {
        if !out.is_empty() {
            out.push_str(sep);
        }
        out.push_str(fragment);
    }
    out
}

impl Text {
    fn text(&self, plain: &str) -> String {
        match self.sel % 8 {
            0..=4 => plain.to_string(),
            5 => pick(AWKWARD, self.a).to_string(),
            6 => format!("{plain} {}", pick(AWKWARD, self.a)),
            _ => long(pick(AWKWARD, self.a), self.b, " "),
        }
    }

    /// A suffix for an id: nothing most of the time, else text an id may hold; rarely (one in
    /// 128, as a plan has many ids) text it may not.
    fn id_suffix(&self) -> String {
        if self.sel >= ODD && self.b.is_multiple_of(4) {
            return format!("-{}", pick(BAD_IDS, self.a));
        }
        match self.sel % 8 {
            0..=4 => String::new(),
            5 | 6 => format!("-{}", pick(AWKWARD_IDS, self.a)),
            _ => format!("-{}", long(pick(AWKWARD_IDS, self.a), self.b, "-")),
        }
    }

    /// The text as a scalar in a flow collection.
    fn flow(&self, plain: &str) -> String {
        flow_scalar(&self.text(plain), self.style)
    }

    /// The text as the value of a block mapping entry whose key is at `indent`.
    fn block(&self, plain: &str, indent: usize) -> String {
        block_scalar(&self.text(plain), self.style, indent)
    }
}

/// A JSON string is a valid YAML double-quoted scalar.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// A double-quoted scalar with every non-ASCII character written as a `\u` or `\U` escape.
fn q_escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) <= 0xffff => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => {
                let _ = write!(out, "\\U{:08x}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// A single-quoted scalar.
fn sq(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A scalar in a flow collection: double quotes (raw or escaped), single quotes; odd: plain.
fn flow_scalar(text: &str, style: u8) -> String {
    if style >= ODD {
        return text.to_string();
    }
    match style % 8 {
        0..=3 => q(text),
        4 | 6 => q_escaped(text),
        _ => sq(text),
    }
}

/// A scalar as the value of a block mapping entry whose key is at `indent`: double quotes (raw or
/// escaped), single quotes, a literal or folded block; odd: plain.
fn block_scalar(text: &str, style: u8, indent: usize) -> String {
    if style >= ODD {
        return text.to_string();
    }
    let pad = " ".repeat(indent + 2);
    match style % 8 {
        0..=2 => q(text),
        3 => q_escaped(text),
        4 => sq(text),
        5 => format!("|-\n{pad}{text}"),
        6 => format!(">-\n{pad}{text}"),
        _ => format!("|\n{pad}{text}"),
    }
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn pick_string(list: &[String], i: u8) -> Option<&str> {
    (!list.is_empty()).then(|| list[usize::from(i) % list.len()].as_str())
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(", "))
}

// ---------------------------------------------------------------------------------------------
// What the writer knows about the plan.

/// A custom step as written.
struct Custom {
    id: String,
    /// The numbers it is copied to (`None`: fleet-wide).
    numbers: Option<Vec<usize>>,
    phase: Phase,
    /// `after:` and `before:` references as written.
    after: Vec<String>,
    before: Vec<String>,
}

/// What the writer knows about the plan it is writing, so references name things that exist.
struct Context {
    /// Every catalogue step id.
    catalog: Vec<&'static str>,
    /// Fleet catalogue step ids.
    fleet: Vec<&'static str>,
    /// Per number written: its source kind.
    kinds: Vec<SourceKind>,
    /// Per number written: the facts that decide which conditional steps apply.
    facts: Vec<NumberFacts>,
    /// Custom steps, in plan order.
    custom: Vec<Custom>,
    /// The destination's business is verified (`business_verified`, false when not written).
    business_verified: bool,
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
        for c in &self.custom {
            let fits = match (&c.numbers, number) {
                (None, _) => true,
                (Some(list), Some(n)) => list.contains(&n),
                (Some(_), None) => false,
            };
            if fits {
                ids.push(c.id.clone());
            }
        }
        if let Some(n) = number {
            ids.extend(Self::route_ids(self.kinds[n], false));
            ids.extend(Self::route_ids(self.kinds[n], false));
        }
        ids
    }

    /// Whether any number migrates a WABA (the destination credit line step applies).
    fn any_waba_migration(&self) -> bool {
        self.kinds
            .iter()
            .any(|k| matches!(k, SourceKind::Engage | SourceKind::Bsp))
    }

    /// Whether any number arrives in the org for the first time (not a region or org move).
    fn any_arrival(&self) -> bool {
        self.kinds
            .iter()
            .any(|k| !matches!(k, SourceKind::Genesys | SourceKind::NameChange))
    }

    /// Whether the unverified business would hold more numbers than it may, so the fleet step
    /// `verify-business` applies (the default limit of 2; plans here never change it).
    fn verification_needed(&self) -> bool {
        let arrivals = self
            .kinds
            .iter()
            .filter(|k| !matches!(k, SourceKind::Genesys | SourceKind::NameChange))
            .count();
        !self.business_verified
            && wamigrate::catalog::numbers_brought_in(arrivals, self.any_waba_migration()) > 2
    }
}

// ---------------------------------------------------------------------------------------------
// The dependency model, for `done` sets that agree with the graph.

/// A step instance, as the graph has them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Step {
    /// A fleet catalogue step (index into `FLEET`).
    Fleet(usize),
    /// A fleet-wide custom step (index into `Context::custom`).
    FleetCustom(usize),
    /// A route step of a number (number, index into its route).
    Route(usize, usize),
    /// A per-number custom step (custom index, number).
    Custom(usize, usize),
}

struct Model {
    steps: Vec<Step>,
    index: HashMap<Step, usize>,
    preds: Vec<Vec<usize>>,
    /// Whether the step applies (a step that does not apply needs nothing done).
    applies: Vec<bool>,
    /// Position in a dependency order; `None` for a step on or after a cycle.
    rank: Vec<Option<usize>>,
}

fn route(kind: SourceKind) -> &'static [RouteStep] {
    kind.route().steps
}

impl Model {
    fn new(ctx: &Context) -> Model {
        let mut m = Model {
            steps: Vec::new(),
            index: HashMap::new(),
            preds: Vec::new(),
            applies: Vec::new(),
            rank: Vec::new(),
        };
        for (i, f) in FLEET.iter().enumerate() {
            let applies = match f.when {
                FleetWhen::Always => true,
                FleetWhen::SomeWabaMigration => ctx.any_waba_migration(),
                FleetWhen::SomeArrival => ctx.any_arrival(),
                // Plans written here never name an implementation partner.
                FleetWhen::PartnerRuns => false,
                FleetWhen::VerificationNeeded => ctx.verification_needed(),
            };
            m.add(Step::Fleet(i), applies);
        }
        for (i, f) in FLEET.iter().enumerate() {
            for dep in f.after {
                if let Some(j) = FLEET.iter().position(|g| g.def.id == *dep) {
                    m.edge(Step::Fleet(j), Step::Fleet(i));
                }
            }
        }
        for (n, kind) in ctx.kinds.iter().enumerate() {
            let steps = route(*kind);
            for (j, s) in steps.iter().enumerate() {
                m.add(Step::Route(n, j), s.when.holds(&ctx.facts[n]));
            }
            for (j, s) in steps.iter().enumerate() {
                for dep in s.after {
                    if let Some(k) = steps.iter().position(|t| t.def.id == *dep) {
                        m.edge(Step::Route(n, k), Step::Route(n, j));
                    } else if let Some(k) = FLEET.iter().position(|f| f.def.id == *dep) {
                        m.edge(Step::Fleet(k), Step::Route(n, j));
                    }
                }
            }
        }
        for (c, custom) in ctx.custom.iter().enumerate() {
            match &custom.numbers {
                None => m.add(Step::FleetCustom(c), true),
                Some(list) => {
                    for &n in list {
                        m.add(Step::Custom(c, n), true);
                    }
                }
            }
        }
        for (c, custom) in ctx.custom.iter().enumerate() {
            for inst in m.instances(c) {
                let number = match inst {
                    Step::Custom(_, n) => Some(n),
                    _ => None,
                };
                for r in &custom.after {
                    for from in m.resolve(ctx, r, number) {
                        m.edge(from, inst);
                    }
                }
                for r in &custom.before {
                    for to in m.resolve(ctx, r, number) {
                        m.edge(inst, to);
                    }
                }
                // A prepare step with no `before` comes before the cutover of its numbers (the
                // graph joins it to the first applicable cutover step; here, to every one).
                if custom.phase == Phase::Prepare && custom.before.is_empty() {
                    let scoped: Vec<usize> = match number {
                        Some(n) => vec![n],
                        None => (0..ctx.kinds.len()).collect(),
                    };
                    for n in scoped {
                        for (j, s) in route(ctx.kinds[n]).iter().enumerate() {
                            if s.phase() == Phase::Cutover {
                                m.edge(inst, Step::Route(n, j));
                            }
                        }
                    }
                }
            }
        }
        m.order();
        m
    }

    fn add(&mut self, step: Step, applies: bool) {
        if self.index.contains_key(&step) {
            return;
        }
        self.index.insert(step, self.steps.len());
        self.steps.push(step);
        self.preds.push(Vec::new());
        self.applies.push(applies);
    }

    fn edge(&mut self, from: Step, to: Step) {
        if let (Some(&a), Some(&b)) = (self.index.get(&from), self.index.get(&to)) {
            self.preds[b].push(a);
        }
    }

    fn instances(&self, c: usize) -> Vec<Step> {
        self.steps
            .iter()
            .copied()
            .filter(|s| matches!(s, Step::FleetCustom(x) | Step::Custom(x, _) if *x == c))
            .collect()
    }

    /// The instances a reference from a custom step's instance for `number` names, as the graph
    /// resolves it.
    fn resolve(&self, ctx: &Context, id: &str, number: Option<usize>) -> Vec<Step> {
        // Ids are looked up in a map built in plan order: the last step with an id wins.
        if let Some(c) = ctx.custom.iter().rposition(|x| x.id == id) {
            if let Some(n) = number
                && self.index.contains_key(&Step::Custom(c, n))
            {
                return vec![Step::Custom(c, n)];
            }
            return self.instances(c);
        }
        if let Some(k) = FLEET.iter().position(|f| f.def.id == id) {
            return vec![Step::Fleet(k)];
        }
        let numbers: Vec<usize> = match number {
            Some(n) => vec![n],
            None => (0..ctx.kinds.len()).collect(),
        };
        numbers
            .into_iter()
            .filter_map(|n| {
                route(ctx.kinds[n])
                    .iter()
                    .position(|s| s.def.id == id)
                    .map(|j| Step::Route(n, j))
            })
            .collect()
    }

    /// The step a `done:` entry naming `id` under `number` (or under `fleet`) marks.
    fn done_step(&self, ctx: &Context, id: &str, number: Option<usize>) -> Option<Step> {
        if let Some(n) = number {
            if let Some(j) = route(ctx.kinds[n]).iter().position(|s| s.def.id == id) {
                return Some(Step::Route(n, j));
            }
            if let Some(c) = ctx.custom.iter().position(|x| x.id == id)
                && self.index.contains_key(&Step::Custom(c, n))
            {
                return Some(Step::Custom(c, n));
            }
        }
        if let Some(k) = FLEET.iter().position(|f| f.def.id == id) {
            return Some(Step::Fleet(k));
        }
        let c = ctx.custom.iter().position(|x| x.id == id)?;
        self.index
            .contains_key(&Step::FleetCustom(c))
            .then_some(Step::FleetCustom(c))
    }

    /// Kahn's algorithm; steps on or after a cycle get no rank.
    fn order(&mut self) {
        let n = self.steps.len();
        let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut indegree = vec![0_usize; n];
        for (b, preds) in self.preds.iter().enumerate() {
            for &a in preds {
                succs[a].push(b);
                indegree[b] += 1;
            }
        }
        let mut ready: std::collections::VecDeque<usize> =
            (0..n).filter(|&i| indegree[i] == 0).collect();
        self.rank = vec![None; n];
        let mut next = 0;
        while let Some(i) = ready.pop_front() {
            self.rank[i] = Some(next);
            next += 1;
            for &s in &succs[i] {
                indegree[s] -= 1;
                if indegree[s] == 0 {
                    ready.push_back(s);
                }
            }
        }
    }

    /// `step` and every applicable step it needs, directly or not; `None` when one of them is on
    /// a cycle (no consistent order exists).
    fn closure(&self, step: Step) -> Option<Vec<usize>> {
        let start = *self.index.get(&step)?;
        let mut seen = vec![false; self.steps.len()];
        let mut stack = vec![start];
        let mut out = Vec::new();
        seen[start] = true;
        while let Some(i) = stack.pop() {
            self.rank[i]?;
            out.push(i);
            for &p in &self.preds[i] {
                if !seen[p] && self.applies[p] {
                    seen[p] = true;
                    stack.push(p);
                }
            }
        }
        Some(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Times and durations.

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
            _ => format!("{base}:00{}", self.offset_text()),
        }
    }

    fn offset_minutes(&self) -> i32 {
        i32::from(self.offset_quarters % 57) * 15
    }

    fn offset_text(&self) -> String {
        let minutes = self.offset_minutes();
        let sign = if minutes < 0 { '-' } else { '+' };
        let minutes = minutes.abs();
        format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }

    fn date(&self) -> String {
        let text = self.text();
        text.get(..10).unwrap_or(&text).to_string()
    }

    /// A valid instant in 2024–2029 (whole minutes).
    fn instant(&self) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(
            2024 + i32::from(self.year % 6),
            u32::from(self.month % 12) + 1,
            u32::from(self.day % 28) + 1,
            u32::from(self.hour % 24),
            u32::from(self.minute % 60),
            0,
        )
        .single()
        .unwrap_or_else(wamigrate_fuzz::default_at)
    }

    /// `t` written in this time's form: local in `zone` (when that reading is unambiguous), UTC,
    /// or with this time's offset; odd: one of the odd times instead.
    fn write(&self, t: DateTime<Utc>, zone: Tz) -> String {
        if self.sel >= ODD {
            return pick(ODD_TIMES, self.day).to_string();
        }
        let utc = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        match self.sel % 3 {
            0 => {
                let local = t.with_timezone(&zone).naive_local();
                match zone.from_local_datetime(&local) {
                    chrono::offset::LocalResult::Single(_) => {
                        local.format("%Y-%m-%dT%H:%M").to_string()
                    }
                    _ => utc,
                }
            }
            1 => utc,
            _ => match FixedOffset::east_opt(self.offset_minutes() * 60) {
                Some(offset) => t.with_timezone(&offset).to_rfc3339(),
                None => utc,
            },
        }
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

// ---------------------------------------------------------------------------------------------
// `done` entries.

/// A `done:` pick: a step (with the steps it needs), when and by whom.
#[derive(Arbitrary, Debug)]
struct Done {
    sel: u8,
    step: u8,
    at: Option<Time>,
    by: Option<Text>,
}

impl Done {
    /// An odd entry: one nobody defined, any custom step (maybe not copied to this number), or a
    /// step of any source kind (maybe not this number's, maybe out of order).
    fn odd_text(&self, ctx: &Context) -> String {
        let custom: Vec<String> = ctx.custom.iter().map(|c| c.id.clone()).collect();
        let step = match self.step % 4 {
            0 => "no-such-step",
            1 => pick_string(&custom, self.step / 4).unwrap_or("no-such-step"),
            _ => pick(&ctx.catalog, self.step),
        };
        let mut out = format!("{{step: {}", q(step));
        if let Some(at) = &self.at {
            let _ = write!(out, ", at: {}", q(&at.text()));
        }
        out.push('}');
        out
    }
}

/// How a step is recorded done.
#[derive(Clone, Copy)]
struct Mark<'p> {
    /// The time's form, when recorded with a time.
    at: Option<&'p Time>,
    by: Option<&'p Text>,
    /// Written as a bare id when it has neither time nor name.
    bare: bool,
    /// The number whose pick marked it (a fleet step is then written under it when asked).
    from: Option<usize>,
}

/// The `done` entries of a plan: per number, and under `fleet`.
#[derive(Default)]
struct DoneLists {
    fleet: Vec<String>,
    numbers: Vec<Vec<String>>,
    /// Numbers whose `display_name_status: approved` stands for the step it satisfies.
    name_approved: Vec<bool>,
}

/// Marks `step` done, with every step it needs unless `closed` is false (odd).
fn mark_step<'p>(
    model: &Model,
    marks: &mut [Option<Mark<'p>>],
    step: Step,
    closed: bool,
    m: Mark<'p>,
) {
    let members = if closed {
        model.closure(step)
    } else {
        model.index.get(&step).map(|&i| vec![i])
    };
    for i in members.unwrap_or_default() {
        if marks[i].is_none() {
            marks[i] = Some(m);
        }
    }
}

/// Marks the steps `done` picks under `number` (or under `fleet`); odd picks are written as they
/// are.
fn mark_picks<'p>(
    ctx: &Context,
    model: &Model,
    number: Option<usize>,
    done: &'p [Done],
    marks: &mut [Option<Mark<'p>>],
    lists: &mut DoneLists,
) {
    let ids = ctx.done_ids(number);
    for d in done.iter().take(MAX_LIST) {
        if d.sel >= ODD || ids.is_empty() {
            let entry = d.odd_text(ctx);
            match number {
                Some(n) => lists.numbers[n].push(entry),
                None => lists.fleet.push(entry),
            }
            continue;
        }
        let Some(id) = pick_string(&ids, d.step) else {
            continue;
        };
        let Some(step) = model.done_step(ctx, id, number) else {
            continue;
        };
        let m = Mark {
            at: d.at.as_ref(),
            by: d.by.as_ref(),
            bare: d.sel % 2 == 0,
            from: number,
        };
        mark_step(model, marks, step, !(NO_CLOSURE..ODD).contains(&d.sel), m);
    }
}

fn done_entry(id: &str, mark: &Mark<'_>, time: Option<String>) -> String {
    if time.is_none() && mark.by.is_none() && mark.bare {
        return q(id);
    }
    let mut out = format!("{{step: {}", q(id));
    if let Some(t) = time {
        let _ = write!(out, ", at: {}", q(&t));
    }
    if let Some(by) = mark.by {
        let _ = write!(out, ", by: {}", by.flow("Dana (IT)"));
    }
    out.push('}');
    out
}

// ---------------------------------------------------------------------------------------------
// Templates and sources.

#[derive(Arbitrary, Debug)]
struct Template {
    name: u8,
    name_text: Text,
    language: u8,
    language_text: Text,
    category: u8,
    status: u8,
    quality: Option<u8>,
    buttons: Option<(u8, Vec<u8>)>,
}

impl Template {
    fn text(&self) -> String {
        let mut out = format!(
            "{{name: {}, language: {}, category: {}, status: {}",
            self.name_text.flow(pick(TEMPLATE_NAMES, self.name)),
            self.language_text.flow(pick(LANGUAGES, self.language)),
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
        partner: Option<(u8, Text)>,
        admin: Option<u8>,
        waba: Option<u8>,
    },
    Bsp {
        partner: u8,
        partner_text: Text,
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
    /// A number already in Genesys Cloud that changes its display name.
    NameChange {
        pin_known: bool,
        old_name: bool,
    },
}

const IVR_FIELDS: [(&str, Option<bool>, Option<bool>); 6] = [
    ("", None, None),
    (", behind_ivr: false", Some(false), None),
    (", behind_ivr: true", Some(true), None),
    (
        ", behind_ivr: true, can_bypass_ivr: true",
        Some(true),
        Some(true),
    ),
    (
        ", behind_ivr: true, can_bypass_ivr: false",
        Some(true),
        Some(false),
    ),
    (", can_bypass_ivr: false", None, Some(false)),
];

impl Source {
    fn kind(&self) -> SourceKind {
        match self {
            Source::EngageShort | Source::Engage { .. } => SourceKind::Engage,
            Source::Bsp { .. } => SourceKind::Bsp,
            Source::Genesys { .. } => SourceKind::Genesys,
            Source::AppShort | Source::App { .. } => SourceKind::App,
            Source::New { .. } => SourceKind::New,
            Source::NameChange { .. } => SourceKind::NameChange,
        }
    }

    /// A new number's line and IVR fields as written.
    fn new_line(line: u8, ivr: u8) -> (&'static str, usize) {
        let line_name = pick(LINES, line);
        // IVR facts apply to toll-free lines; on another line they conflict (odd).
        let fields = if line_name == "toll_free" || ivr >= ODD {
            usize::from(ivr) % IVR_FIELDS.len()
        } else {
            0
        };
        (line_name, fields)
    }

    /// The facts that decide which conditional steps apply, as the plan states them.
    fn facts(&self) -> NumberFacts {
        match self {
            Source::Bsp {
                disconnect_ahead, ..
            } => NumberFacts {
                disconnect_ahead: *disconnect_ahead,
                ..NumberFacts::default()
            },
            Source::New { line, ivr } => {
                let (line_name, fields) = Self::new_line(*line, *ivr);
                let (_, behind, bypass) = IVR_FIELDS[fields];
                NumberFacts {
                    sms_inventory: line_name == "sms_inventory",
                    behind_ivr: behind == Some(true),
                    ivr_bypass: bypass == Some(true),
                    check_reachability: matches!(line_name, "mobile" | "landline" | "direct"),
                    ..NumberFacts::default()
                }
            }
            _ => NumberFacts::default(),
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
    fn waba(sel: u8, wabas: &[String]) -> Option<String> {
        if sel >= ODD {
            Some("missing".to_string())
        } else {
            pick_string(wabas, sel).map(q)
        }
    }

    /// The source as a flow mapping; `pin_known` replaces a Genesys or name-change source's
    /// `pin_known` value.
    fn text(&self, wabas: &[String], pin_known: Option<&str>) -> String {
        match self {
            Source::EngageShort => "engage".to_string(),
            Source::Engage {
                partner,
                admin,
                waba,
            } => {
                let mut fields = Vec::new();
                if let Some((p, text)) = partner {
                    fields.push(format!("partner: {}", text.flow(pick(PARTNERS, *p))));
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
                partner_text,
                admin,
                disconnect_ahead,
                waba,
            } => {
                let mut out = format!(
                    "{{bsp: {{partner: {}, disconnect_ahead: {disconnect_ahead}",
                    partner_text.flow(pick(PARTNERS, *partner))
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
                pin_known: known,
            } => {
                let (region, org) = if *same_org {
                    ("eu-central-1", "contoso")
                } else {
                    ("us-east-1", "contoso-old")
                };
                let known = pin_known.map_or_else(|| known.to_string(), str::to_string);
                format!("{{genesys: {{region: {region}, org: {org}, pin_known: {known}}}}}")
            }
            Source::AppShort => "app".to_string(),
            Source::App { business } => match business {
                None => "{app: }".to_string(),
                Some(true) => "{app: {app: business}}".to_string(),
                Some(false) => "{app: {app: messenger}}".to_string(),
            },
            Source::New { line, ivr } => {
                let (line_name, fields) = Self::new_line(*line, *ivr);
                format!("{{new: {{line: {line_name}{}}}}}", IVR_FIELDS[fields].0)
            }
            Source::NameChange {
                pin_known: known,
                old_name,
            } => {
                let known = pin_known.map_or_else(|| known.to_string(), str::to_string);
                let old = if *old_name {
                    ", old_name: Contoso Support"
                } else {
                    ""
                };
                format!("{{name_change: {{pin_known: {known}{old}}}}}")
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A PIN in a secret place.

/// The marker written where the PIN goes; replaced by the PIN's digits once they are chosen.
const PIN_MARK: &str = "@PIN@";

/// PIN-like keys, spelled as people do.
const SECRET_KEYS: &[&str] = &[
    "pin",
    "PIN",
    "pIN_code",
    "pin-code",
    "pin code",
    "registrationPin",
    "passcode",
    "password",
    "two_step_pin",
];
/// Keys no mapping allows: whatever is under them is secret.
const UNKNOWN_KEYS: &[&str] = &["pinn", "extra", "x-notes"];
/// Free text that discloses a PIN (the reader's rule: six digits within a few words of "PIN").
const PIN_PHRASES: &[&str] = &[
    "PIN @PIN@",
    "the pin is @PIN@",
    "PIN: @PIN@",
    "pin@PIN@",
    "Two-step verification code @PIN@",
    "2FA @PIN@",
    "Passcode=@PIN@ (do not share)",
    "Contoso\u{a0}: PIN\u{a0}: @PIN@",
    "PIN\u{3000}@PIN@ 👩\u{200d}💻",
    "\u{200f}PIN @PIN@\u{200f} שירות",
];

/// Where in the plan a PIN may be injected, and how.
#[derive(Arbitrary, Debug)]
struct Pin {
    sel: u8,
    digits: u32,
    place: u8,
    location: u8,
    key: u8,
    style: u8,
}

/// A block mapping of the plan that can take an extra entry.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Location {
    Top,
    Meta,
    Destination,
    Number(usize),
}

impl Location {
    fn indent(self) -> usize {
        match self {
            Location::Top => 0,
            Location::Meta => 2,
            Location::Destination | Location::Number(_) => 4,
        }
    }
}

/// What the writer puts where, for one injected PIN.
#[derive(Default, Debug)]
struct Injection {
    /// How it was injected (for the message of a finding).
    how: String,
    /// Extra block entries, per location.
    entries: Vec<(Location, String)>,
    /// Entries at the top, before `version:` (anchors that later entries alias).
    head: String,
    /// Extra entries of a destination written as a flow mapping.
    destination_flow: Option<String>,
    /// A Genesys or name-change number's `pin_known` value.
    pin_known: Option<(usize, String)>,
    /// A number's `display_name` or `notes`, or the plan's `name` (`None`), written as this.
    replace: Option<(Option<usize>, &'static str, String)>,
}

impl Injection {
    fn entries_at(&self, at: Location) -> String {
        self.entries
            .iter()
            .filter(|(l, _)| *l == at)
            .map(|(_, e)| e.as_str())
            .collect()
    }

    fn replaced(&self, number: Option<usize>, key: &str) -> Option<&str> {
        match &self.replace {
            Some((n, k, v)) if *n == number && *k == key => Some(v),
            _ => None,
        }
    }
}

/// The PIN marker as a block mapping value at `indent`: plain, quoted, on the next line, a
/// literal or folded block, a flow mapping or sequence, or escaped digits.
fn pin_block(style: u8, indent: usize) -> (String, &'static str) {
    let pad = " ".repeat(indent + 2);
    match style % 9 {
        0 => (PIN_MARK.to_string(), "plain"),
        1 => (format!("'{PIN_MARK}'"), "single-quoted"),
        2 => (format!("\"{PIN_MARK}\""), "double-quoted"),
        3 => (format!("\n{pad}{PIN_MARK}"), "on the next line"),
        4 => (format!("|\n{pad}{PIN_MARK}"), "literal block"),
        5 => (format!(">-\n{pad}{PIN_MARK}"), "folded block"),
        6 => (format!("{{value: {PIN_MARK}}}"), "in a flow mapping"),
        7 => (format!("[{PIN_MARK}]"), "in a flow sequence"),
        _ => (pin_flow(3).0, "double-quoted with escapes"),
    }
}

/// The PIN marker in a flow collection.
fn pin_flow(style: u8) -> (String, &'static str) {
    match style % 5 {
        0 => (PIN_MARK.to_string(), "plain"),
        1 => (format!("'{PIN_MARK}'"), "single-quoted"),
        2 => (format!("\"{PIN_MARK}\""), "double-quoted"),
        // Replaced by `\u00XX` escapes of the digits once they are chosen.
        3 => ("\"@PINESC@\"".to_string(), "double-quoted with escapes"),
        _ => (format!("[{PIN_MARK}]"), "in a flow sequence"),
    }
}

impl Pin {
    /// About one plan in four carries a PIN.
    fn injected(&self) -> bool {
        self.sel.is_multiple_of(4)
    }

    /// Six digits (leading zeros kept).
    fn digits(&self) -> String {
        format!("{:06}", self.digits % 1_000_000)
    }

    /// Six other digits, to tell what the PIN causes from what is there anyway.
    fn other_digits(&self) -> String {
        format!("{:06}", (self.digits % 1_000_000 + 500_000) % 1_000_000)
    }

    fn location(&self, numbers: usize) -> Location {
        if numbers > 0 && !self.location.is_multiple_of(4) {
            return Location::Number(usize::from(self.location / 4) % numbers);
        }
        match (self.location / 4) % 3 {
            0 => Location::Top,
            1 => Location::Meta,
            _ => Location::Destination,
        }
    }

    fn secret_key(&self) -> &'static str {
        pick(SECRET_KEYS, self.key)
    }

    fn any_key(&self) -> &'static str {
        if self.key % 4 == 3 {
            pick(UNKNOWN_KEYS, self.key / 4)
        } else {
            self.secret_key()
        }
    }

    fn plan(&self, numbers: &[Number]) -> Injection {
        let at = self.location(numbers.len());
        let indent = at.indent();
        let pad = " ".repeat(indent);
        let mut inj = Injection::default();
        match self.place % 8 {
            0 | 1 => {
                let key = if self.place.is_multiple_of(8) {
                    self.secret_key()
                } else {
                    pick(UNKNOWN_KEYS, self.key)
                };
                let (value, style) = pin_block(self.style, indent);
                inj.how = format!("under `{key}:` ({style}) at {at:?}");
                inj.entries.push((at, format!("{pad}{key}: {value}\n")));
            }
            2 => {
                let (key, style) = match self.style % 4 {
                    0 => (PIN_MARK.to_string(), "plain"),
                    1 => (format!("'{PIN_MARK}'"), "single-quoted"),
                    2 => (format!("\"{PIN_MARK}\""), "double-quoted"),
                    _ => ("\"@PINESC@\"".to_string(), "double-quoted with escapes"),
                };
                inj.how = format!("as a mapping key ({style}) at {at:?}");
                inj.entries.push((at, format!("{pad}{key}: x\n")));
            }
            3 => {
                let genesys = match at {
                    Location::Number(n) => matches!(
                        numbers[n].source,
                        Source::Genesys { .. } | Source::NameChange { .. }
                    ),
                    _ => false,
                };
                if let (true, Location::Number(n)) = (genesys, at) {
                    let (value, style) = pin_flow(self.style);
                    inj.how = format!("as a source's `pin_known` ({style}) of number {n}");
                    inj.pin_known = Some((n, value));
                } else {
                    let (value, style) = pin_block(self.style, indent);
                    inj.how = format!("under `pin_known:` ({style}) at {at:?}");
                    inj.entries.push((at, format!("{pad}pin_known: {value}\n")));
                }
            }
            4 => {
                let (value, style) = pin_flow(self.style);
                let entry = if self.key % 5 == 4 {
                    // The PIN as a key: plain, quoted, or in a list used as a key (finding 4).
                    format!("{value}: x")
                } else {
                    format!("{}: {value}", self.any_key())
                };
                inj.how = format!("in the destination's flow mapping: `{entry}` ({style})");
                inj.destination_flow = Some(entry);
            }
            5 => {
                // An anchor under a PIN-like (or unknown) key, aliased by free text.
                let key = self.any_key();
                let (value, style) = pin_block(self.style % 6, indent);
                let anchored = if value.starts_with('\n') {
                    format!("{key}: &p{value}\n")
                } else {
                    format!("{key}: &p {value}\n")
                };
                match at {
                    Location::Number(n) => {
                        let field = if self.key.is_multiple_of(2) {
                            "display_name"
                        } else {
                            "notes"
                        };
                        inj.how = format!(
                            "anchored under `{key}:` ({style}), aliased as number {n}'s `{field}`"
                        );
                        inj.entries.push((at, format!("{pad}{anchored}")));
                        inj.replace = Some((Some(n), field, "*p".to_string()));
                    }
                    _ => {
                        let anchored = format!("{key}: &p {}\n", pin_flow(self.style).0);
                        inj.how = format!(
                            "anchored under top-level `{key}:`, aliased as the plan's name"
                        );
                        inj.head = anchored;
                        inj.replace = Some((None, "name", "*p".to_string()));
                    }
                }
            }
            6 => {
                let (value, style) = pin_flow(self.style);
                let key = self.secret_key();
                inj.how = format!("merged from `x-base: &b {{{key}: …}}` ({style}) into {at:?}");
                inj.head = format!("x-base: &b {{{key}: {value}}}\n");
                inj.entries.push((at, format!("{pad}<<: *b\n")));
            }
            _ => {
                let phrase = pick(PIN_PHRASES, self.key);
                let style = self.style % 8; // never plain
                match at {
                    Location::Number(n) => {
                        inj.how = format!("in number {n}'s notes: {phrase:?}");
                        inj.replace = Some((Some(n), "notes", block_scalar(phrase, style, 4)));
                    }
                    _ => {
                        inj.how = format!("in the plan's name: {phrase:?}");
                        inj.replace = Some((None, "name", block_scalar(phrase, style, 2)));
                    }
                }
            }
        }
        inj
    }
}

// ---------------------------------------------------------------------------------------------
// Numbers, custom steps, the plan.

#[derive(Arbitrary, Debug)]
struct Number {
    phone: u8,
    display_name: Option<Text>,
    display_name_status: Option<u8>,
    source: Source,
    official_business_account: bool,
    verification: Option<bool>,
    /// The first steps of the number's runbook marked done (how many, and when), so numbers
    /// reach `cutting_over`, `live` and `complete` and not only `blocked`.
    done_prefix: Option<(u8, Option<Time>)>,
    done: Vec<Done>,
    templates: Vec<Template>,
    notes: Option<Text>,
    /// Let `display_name_status: approved` / `pin_known: true` stand for the steps they satisfy
    /// instead of listing them; write fleet steps this number needs under it.
    facts: bool,
}

impl Number {
    fn write(
        &self,
        out: &mut String,
        index: usize,
        wabas: &[String],
        done: &DoneLists,
        inj: &Injection,
    ) {
        // Distinct valid numbers; odd: a duplicate in another spelling, or an invalid one.
        let phone = if self.phone >= ODD {
            pick(ODD_PHONES, self.phone).to_string()
        } else {
            format!("+49 30 9018{index:02}")
        };
        let pin_known = inj
            .pin_known
            .as_ref()
            .filter(|(n, _)| *n == index)
            .map(|(_, v)| v.as_str());
        let _ = writeln!(
            out,
            "  - number: {}\n    source: {}",
            q(&phone),
            self.source.text(wabas, pin_known)
        );
        out.push_str(&inj.entries_at(Location::Number(index)));
        if let Some(v) = inj.replaced(Some(index), "display_name") {
            let _ = writeln!(out, "    display_name: {v}");
        } else if let Some(t) = &self.display_name {
            let _ = writeln!(out, "    display_name: {}", t.block("Contoso Support", 4));
        }
        let status = if done.name_approved[index] {
            Some("approved")
        } else {
            self.display_name_status.map(|s| pick(NAME_STATUS, s))
        };
        if let Some(s) = status {
            let _ = writeln!(out, "    display_name_status: {s}");
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
        if !done.numbers[index].is_empty() {
            let _ = writeln!(out, "    done: {}", list(done.numbers[index].clone()));
        }
        if !self.templates.is_empty() {
            let _ = writeln!(out, "    templates: {}", template_list(&self.templates));
        }
        if let Some(v) = inj.replaced(Some(index), "notes") {
            let _ = writeln!(out, "    notes: {v}");
        } else if let Some(t) = &self.notes {
            let _ = writeln!(
                out,
                "    notes: {}",
                t.block("Cut over after the evening shift.", 4)
            );
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
    id_text: Text,
    owner: u8,
    phase: Option<u8>,
    duration: Option<Duration>,
    after: Vec<StepRef>,
    before: Vec<StepRef>,
    scope: Scope,
    title: Text,
    text: Option<(Text, Text)>,
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
    /// any custom step (cycles), any catalogue step (maybe not in the number's source), unknown,
    /// or a known id with awkward text added (unknown, with a suggestion).
    fn reference(&self, r: &StepRef, me: usize, after: bool, ctx: &Context) -> String {
        let numbers = self.numbers(ctx.kinds.len());
        if r.sel >= ODD {
            return match r.i % 4 {
                0 => "no-such-step".to_string(),
                1 => pick(&ctx.catalog, r.i / 4).to_string(),
                2 => format!("custom-{}", usize::from(r.i / 4) % MAX_STEPS),
                _ => format!(
                    "{}{}",
                    pick(&ctx.catalog, r.i / 4),
                    pick(AWKWARD_IDS, r.sel)
                ),
            };
        }
        if r.sel < 90 {
            let candidates: Vec<String> = ctx
                .custom
                .iter()
                .enumerate()
                .filter(|(j, _)| if after { *j < me } else { *j > me })
                .map(|(_, c)| c.id.clone())
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
        let c = &ctx.custom[me];
        let _ = write!(
            out,
            "  - id: {}\n    title: {}\n    owner: {}\n",
            q(&c.id),
            self.title.block("Brief the agents", 4),
            pick(OWNERS, self.owner)
        );
        if self.phase.is_some() {
            let _ = writeln!(out, "    phase: {}", c.phase.as_str());
        }
        if let Some(d) = &self.duration {
            let _ = writeln!(out, "    duration: {}", q(&d.text()));
        }
        for (key, refs) in [("after", &c.after), ("before", &c.before)] {
            if !refs.is_empty() {
                let _ = writeln!(out, "    {key}: {}", list(refs.iter().map(|r| q(r))));
            }
        }
        match (&self.scope, &c.numbers) {
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
        if let Some((reason, action)) = &self.text {
            let _ = writeln!(
                out,
                "    reason: {}\n    action: {}",
                reason.block("Agents must know the new inbox.", 4),
                action.block("Send the memo.", 4)
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
    name: Text,
    zone: u8,
    business_verified: Option<bool>,
    window: Option<Window>,
    budget: Option<Duration>,
    holidays: Vec<Time>,
    /// When recorded `done` times start, and how many minutes apart they are.
    clock: (Time, u8),
    fleet_done: Vec<Done>,
    wabas: Vec<Waba>,
    waba_text: Text,
    numbers: Vec<Number>,
    steps: Vec<CustomStep>,
    overrides: Vec<Override>,
    at: Time,
    only: Option<Vec<u8>>,
    pin: Pin,
}

impl Plan {
    fn numbers(&self) -> &[Number] {
        &self.numbers[..self.numbers.len().min(MAX_NUMBERS)]
    }

    fn zone(&self) -> Option<&'static str> {
        (self.zone < ODD).then(|| pick(ZONES, self.zone))
    }

    fn context(&self) -> Context {
        let numbers = self.numbers();
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
                    format!("custom-{i}{}", s.id_text.id_suffix())
                };
                Custom {
                    id,
                    numbers: s.numbers(numbers.len()),
                    phase: s.phase(),
                    after: Vec::new(),
                    before: Vec::new(),
                }
            })
            .collect();
        let mut ctx = Context {
            catalog,
            fleet: FLEET.iter().map(|s| s.def.id).collect(),
            kinds: numbers.iter().map(|n| n.source.kind()).collect(),
            facts: numbers.iter().map(|n| n.source.facts()).collect(),
            custom,
            business_verified: self.business_verified.unwrap_or(false),
        };
        for (me, s) in steps.iter().enumerate() {
            let refs = |list: &[StepRef], after: bool| -> Vec<String> {
                list.iter()
                    .take(MAX_LIST)
                    .map(|r| s.reference(r, me, after, &ctx))
                    .collect()
            };
            let (after, before) = (refs(&s.after, true), refs(&s.before, false));
            ctx.custom[me].after = after;
            ctx.custom[me].before = before;
        }
        ctx
    }

    /// Every `done` entry: the steps picked, each with the steps it needs, times never
    /// decreasing along the dependency order; plus the odd entries.
    fn done_lists(&self, ctx: &Context) -> DoneLists {
        let numbers = self.numbers();
        let model = Model::new(ctx);
        let mut marks: Vec<Option<Mark<'_>>> = (0..model.steps.len()).map(|_| None).collect();
        let mut lists = DoneLists {
            numbers: vec![Vec::new(); numbers.len()],
            name_approved: vec![false; numbers.len()],
            ..DoneLists::default()
        };
        mark_picks(ctx, &model, None, &self.fleet_done, &mut marks, &mut lists);
        for (n, number) in numbers.iter().enumerate() {
            if let Some((count, at)) = &number.done_prefix {
                let len = route(ctx.kinds[n]).len();
                for j in 0..usize::from(*count) % (len + 1) {
                    let m = Mark {
                        at: at.as_ref(),
                        by: None,
                        bare: true,
                        from: Some(n),
                    };
                    mark_step(&model, &mut marks, Step::Route(n, j), true, m);
                }
            }
            mark_picks(ctx, &model, Some(n), &number.done, &mut marks, &mut lists);
        }

        // Times in dependency order, never decreasing.
        let zone: Tz = self
            .zone()
            .and_then(|z| z.parse().ok())
            .unwrap_or(chrono_tz::UTC);
        let (start, gap) = &self.clock;
        let mut t = start.instant();
        let gap = chrono::Duration::minutes(i64::from(*gap) * 7);
        let mut by_rank: Vec<usize> = (0..model.steps.len())
            .filter(|&i| marks[i].is_some())
            .collect();
        by_rank.sort_by_key(|&i| (model.rank[i].unwrap_or(usize::MAX), i));
        for i in by_rank {
            let Some(m) = &marks[i] else { continue };
            let time = m.at.map(|form| form.write(t, zone));
            t += gap;
            let (id, home) = match model.steps[i] {
                Step::Fleet(k) => {
                    let home = m.from.filter(|&n| numbers[n].facts);
                    (FLEET[k].def.id.to_string(), home)
                }
                Step::FleetCustom(c) => {
                    let home = m.from.filter(|&n| numbers[n].facts);
                    (ctx.custom[c].id.clone(), home)
                }
                Step::Route(n, j) => {
                    let step = &route(ctx.kinds[n])[j];
                    // A plan fact may stand for the step instead of a `done` entry.
                    if numbers[n].facts {
                        match (step.satisfied_by, &numbers[n].source) {
                            (Some(Fact::DisplayNameApproved), _) => {
                                lists.name_approved[n] = true;
                                continue;
                            }
                            (
                                Some(Fact::PinKnown),
                                Source::Genesys {
                                    pin_known: true, ..
                                }
                                | Source::NameChange {
                                    pin_known: true, ..
                                },
                            ) => continue,
                            _ => {}
                        }
                    }
                    (step.def.id.to_string(), Some(n))
                }
                Step::Custom(c, n) => (ctx.custom[c].id.clone(), Some(n)),
            };
            let entry = done_entry(&id, m, time);
            match home {
                Some(n) => lists.numbers[n].push(entry),
                None => lists.fleet.push(entry),
            }
        }
        lists
    }

    /// The plan as YAML, with [`PIN_MARK`] where the injected PIN goes.
    fn yaml(&self, inj: &Injection) -> String {
        let ctx = self.context();
        let done = self.done_lists(&ctx);
        let mut out = String::new();
        out.push_str(&inj.head);
        out.push_str(&inj.entries_at(Location::Top));
        let name = match inj.replaced(None, "name") {
            Some(v) => v.to_string(),
            None => self.name.block("Fuzzed plan", 2),
        };
        let zone = self.zone().unwrap_or("Mars/Olympus_Mons");
        let _ = write!(
            out,
            "version: {}\nplan:\n  name: {name}\n",
            if self.version == 255 { 2 } else { 1 },
        );
        out.push_str(&inj.entries_at(Location::Meta));
        if let Some(extra) = &inj.destination_flow {
            let mut fields = format!("region: eu-central-1, org: contoso, time_zone: {zone}");
            if let Some(v) = self.business_verified {
                let _ = write!(fields, ", business_verified: {v}");
            }
            let _ = writeln!(out, "  destination: {{{fields}, {extra}}}");
        } else {
            let _ = writeln!(
                out,
                "  destination:\n    region: eu-central-1\n    org: contoso\n    time_zone: {zone}"
            );
            if let Some(v) = self.business_verified {
                let _ = writeln!(out, "    business_verified: {v}");
            }
            out.push_str(&inj.entries_at(Location::Destination));
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
        if !done.fleet.is_empty() {
            let _ = writeln!(out, "fleet:\n  done: {}", list(done.fleet.clone()));
        }
        let mut wabas: Vec<String> = Vec::new();
        if !self.wabas.is_empty() {
            out.push_str("source_wabas:\n");
            for w in self.wabas.iter().take(3) {
                let id = match wabas.last() {
                    Some(last) if w.duplicate >= ODD => last.clone(),
                    _ => {
                        let id = format!("shared-{}{}", wabas.len(), self.waba_text.id_suffix());
                        wabas.push(id.clone());
                        id
                    }
                };
                let _ = writeln!(
                    out,
                    "  - id: {}\n    templates: {}",
                    q(&id),
                    template_list(&w.templates)
                );
            }
        }
        if ctx.kinds.is_empty() {
            out.push_str("numbers: []\n");
        } else {
            out.push_str("numbers:\n");
            for (i, n) in self.numbers().iter().enumerate() {
                n.write(&mut out, i, &wabas, &done, inj);
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

/// The digits of `pin` as `\u00XX` escapes.
fn escaped_digits(pin: &str) -> String {
    pin.chars()
        .map(|c| format!("\\u{:04x}", u32::from(c)))
        .collect()
}

/// Chooses the PIN's digits so that they appear nowhere else in the plan, and writes them in.
fn place_pin(yaml: &str, first: &str) -> (String, String) {
    let mut value: u32 = first.parse().unwrap_or(0);
    for _ in 0..1000 {
        let pin = format!("{value:06}");
        if !yaml.contains(&pin) {
            let text = yaml
                .replace(PIN_MARK, &pin)
                .replace("@PINESC@", &escaped_digits(&pin));
            return (text, pin);
        }
        value = (value + 104_729) % 1_000_000;
    }
    unreachable!("a plan of a few kilobytes cannot hold a thousand six-digit runs");
}

fuzz_target!(|data: &[u8]| {
    let Ok(plan) = Plan::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let injection = plan.pin.injected().then(|| plan.pin.plan(plan.numbers()));
    let empty = Injection::default();
    let yaml = plan.yaml(injection.as_ref().unwrap_or(&empty));
    let (yaml, pin) = match &injection {
        Some(_) => {
            let (yaml, pin) = place_pin(&yaml, &plan.pin.digits());
            (yaml, Some(pin))
        }
        None => (yaml, None),
    };
    let at = plan.at();
    let only: Option<Vec<usize>> = plan
        .only
        .as_ref()
        .map(|l| l.iter().map(|&i| usize::from(i)).collect());
    if std::env::var_os("WAMIGRATE_FUZZ_PRINT").is_some() {
        let how = injection.as_ref().map(|i| i.how.as_str()).unwrap_or("none");
        eprintln!(
            "--- plan (at {}; PIN {} {how}) ---\n{yaml}---",
            at.to_rfc3339(),
            pin.as_deref().unwrap_or("-")
        );
    }
    let outcome = wamigrate_fuzz::exercise(yaml.as_bytes(), at, only.as_deref());
    if std::env::var_os("WAMIGRATE_FUZZ_CODES").is_some() {
        eprintln!(
            "codes: exit={} pin={} states={} {}",
            outcome.exit_code,
            pin.is_some(),
            outcome.states.join(","),
            outcome.codes.join(",")
        );
    }
    if let (Some(pin), Some(inj)) = (&pin, &injection) {
        assert_eq!(
            outcome.exit_code,
            wamigrate_fuzz::EXIT_INVALID,
            "PIN oracle: a plan with the PIN {pin} {} was not refused",
            inj.how
        );
        if let Some((what, text)) = outcome.find(pin) {
            // Differential confirmation: the same plan with other digits in the PIN's place. The
            // digits are a leak only if they are then gone; if they stay, an output writes them
            // by itself (a help line's example number, say), not from the plan.
            let (other_yaml, other_pin) = place_pin(&plan.yaml(inj), &plan.pin.other_digits());
            let other = wamigrate_fuzz::outcome_of(other_yaml.as_bytes(), at, only.as_deref());
            if other_pin == *pin || other.find(pin).is_none() {
                panic!(
                    "PIN oracle: the PIN {pin} injected {} is shown in the {what}:\n{text}",
                    inj.how
                );
            }
        }
    }
});
