//! Synthetic fleet plans: a realistic plan of any size, for benchmarks and load tests.
//!
//! [`fleet_plan`] writes the YAML a large customer would: every source kind in the proportions seen
//! in real fleets (most numbers come from Engage or another solution partner), display names and
//! their review status, progress recorded under `done:` (always before 2026-11-01, so any
//! evaluation after that date sees the same state), per-number and shared templates, fleet-level
//! `done:` entries, a handful of custom steps and an override. The text depends only on the size
//! and the seed (a small xorshift generator, no external crates), so a benchmark or a bug report
//! can name a plan by its two numbers. Which steps a number has comes from the catalogue, so the
//! plans stay valid when a route changes.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, FixedOffset, TimeZone, Utc};

use crate::catalog::{Fact, NumberFacts, Phase};
use crate::plan::raw::Choice as _;
use crate::plan::{AppKind, LineFacts, LineType, NameStatus, Source, SourceAdmin};

/// Writes a valid plan (format version 1) of `numbers` numbers, the same text for the same seed.
///
/// The first sixteen numbers visit every source variant once (each line type of a new number,
/// toll-free behind an IVR with and without a bypass, both `pin_known` values, `disconnect_ahead`
/// on and off, each phone app), so even a small plan exercises every route; the rest are drawn in
/// fleet proportions. Numbers are unique E.164 numbers from seventeen real number ranges
/// (geographic, mobile and toll-free in five countries).
///
/// # Panics
///
/// Beyond about 600 million numbers, where those ranges run out (such a plan would be hundreds of
/// times larger than the loader accepts).
#[must_use]
pub fn fleet_plan(numbers: usize, seed: u64) -> String {
    Generator::new(numbers, seed).plan()
}

/// A xorshift64* generator seeded through splitmix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 spreads nearby seeds (0, 1, 2) over unrelated streams and never yields a
        // state xorshift cannot leave (zero) except for one seed, which is remapped.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (`n` > 0), by multiply-shift rather than a biased modulo.
    fn below(&mut self, n: usize) -> usize {
        let n = n as u64;
        let scaled = (u128::from(self.next_u64()) * u128::from(n)) >> 64;
        usize::try_from(scaled).unwrap_or(0)
    }

    /// A value in `low..=high`.
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// A count in `low..=high` as a chrono amount (hours, minutes, days).
    fn amount(&mut self, low: usize, high: usize) -> i64 {
        i64::try_from(self.between(low, high)).unwrap_or(0)
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `items`, each as likely as its weight.
    fn weighted<T: Copy>(&mut self, items: &[(usize, T)]) -> T {
        let total: usize = items.iter().map(|(w, _)| w).sum();
        let mut roll = self.below(total);
        for &(weight, item) in items {
            if roll < weight {
                return item;
            }
            roll -= weight;
        }
        items[items.len() - 1].1
    }
}

/// A block of numbers: country code, area code and how many subscriber digits follow.
struct Range {
    country: &'static str,
    area: &'static str,
    digits: u32,
    city: &'static str,
}

const fn range(
    country: &'static str,
    area: &'static str,
    digits: u32,
    city: &'static str,
) -> Range {
    Range {
        country,
        area,
        digits,
        city,
    }
}

/// Geographic numbers of the stores and service lines (no range is a prefix of another, so the
/// numbers of different ranges never collide).
const GEOGRAPHIC: [Range; 10] = [
    range("49", "30", 7, "Berlin"),
    range("49", "40", 7, "Hamburg"),
    range("49", "89", 7, "München"),
    range("44", "207", 7, "London"),
    range("44", "161", 7, "Manchester"),
    range("1", "415", 7, "San Francisco"),
    range("1", "212", 7, "New York"),
    range("31", "20", 7, "Amsterdam"),
    range("33", "1", 8, "Paris"),
    range("41", "44", 7, "Zürich"),
];

/// Mobile numbers (phone-app numbers and business-owned mobiles).
const MOBILE: [Range; 4] = [
    range("49", "151", 8, ""),
    range("44", "79", 8, ""),
    range("1", "628", 7, ""),
    range("31", "61", 7, ""),
];

/// Toll-free numbers.
const TOLL_FREE: [Range; 3] = [
    range("1", "800", 7, ""),
    range("49", "800", 7, ""),
    range("44", "800", 7, ""),
];

/// A stride coprime with 10 (and so with 8 × 10^k), so `k * STRIDE + offset (mod 10^d)` visits every subscriber number
/// of a range once, in an order that does not look sequential.
const STRIDE: u64 = 7_919;

/// Where a number comes from, with the facts that pick its conditional steps.
#[derive(Debug, Clone, Copy)]
enum Variant {
    Engage,
    Bsp {
        disconnect_ahead: bool,
    },
    Genesys {
        pin_known: bool,
    },
    App(Option<AppKind>),
    New {
        line: LineType,
        behind_ivr: bool,
        can_bypass_ivr: bool,
    },
    NameChange {
        pin_known: bool,
    },
}

const fn new(line: LineType) -> Variant {
    Variant::New {
        line,
        behind_ivr: false,
        can_bypass_ivr: false,
    }
}

/// Every variant once, at the head of every plan.
const TOUR: [Variant; 17] = [
    Variant::Engage,
    Variant::Bsp {
        disconnect_ahead: false,
    },
    Variant::Bsp {
        disconnect_ahead: true,
    },
    Variant::Genesys { pin_known: true },
    Variant::Genesys { pin_known: false },
    Variant::App(Some(AppKind::Business)),
    Variant::App(Some(AppKind::Messenger)),
    Variant::App(None),
    new(LineType::GenesysVoice),
    new(LineType::SmsInventory),
    Variant::New {
        line: LineType::TollFree,
        behind_ivr: true,
        can_bypass_ivr: false,
    },
    Variant::New {
        line: LineType::TollFree,
        behind_ivr: true,
        can_bypass_ivr: true,
    },
    new(LineType::TollFree),
    new(LineType::Mobile),
    new(LineType::Landline),
    new(LineType::Direct),
    Variant::NameChange { pin_known: true },
];

#[derive(Debug, Clone, Copy)]
enum KindChoice {
    Engage,
    Bsp,
    Genesys,
    App,
    New,
}

/// Fleet proportions: most numbers leave Engage or another partner; region moves, phone-app
/// numbers and new lines make up the rest. A display-name change is a rarer job than a migration:
/// the tour at the head of the plan shows it once.
const KIND_WEIGHTS: [(usize, KindChoice); 5] = [
    (32, KindChoice::Engage),
    (28, KindChoice::Bsp),
    (14, KindChoice::Genesys),
    (6, KindChoice::App),
    (20, KindChoice::New),
];

const LINE_WEIGHTS: [(usize, LineType); 6] = [
    (30, LineType::GenesysVoice),
    (15, LineType::SmsInventory),
    (20, LineType::TollFree),
    (15, LineType::Mobile),
    (10, LineType::Landline),
    (10, LineType::Direct),
];

const BRANDS: [&str; 6] = [
    "Contoso",
    "Fabrikam",
    "Northwind",
    "Woodgrove",
    "Tailspin",
    "Litware",
];
const SERVICES: [&str; 10] = [
    "Support",
    "Sales",
    "Orders",
    "Delivery",
    "Reservations",
    "Claims",
    "Billing",
    "Appointments",
    "Returns",
    "Concierge",
];
const PARTNERS: [&str; 7] = [
    "360dialog",
    "Twilio",
    "Infobip",
    "Sinch",
    "Vonage",
    "Gupshup",
    "MessageBird",
];
const OLD_REGIONS: [&str; 6] = [
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "ap-southeast-2",
    "ca-central-1",
];
const PEOPLE: [&str; 6] = [
    "Ines (IT)",
    "Ravi (contact centre)",
    "Priya (Meta admin)",
    "Tom (telephony)",
    "Alex (partner desk)",
    "Marta (CX)",
];
const TEMPLATE_NAMES: [&str; 14] = [
    "order_update",
    "order_shipped",
    "delivery_update",
    "appointment_reminder",
    "payment_due",
    "claim_received",
    "claim_status_update",
    "welcome_offer",
    "seasonal_sale",
    "back_in_stock",
    "feedback_request",
    "table_reservation",
    "login_code",
    "password_reset_code",
];
const LANGUAGES: [&str; 6] = ["en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES"];
const BUTTON_KINDS: [&str; 4] = ["quick_reply", "url", "phone_number", "copy_code"];

/// The custom steps every generated plan has; per-number ones are marked done with the number's
/// progress.
const BRIEF_AGENTS: &str = "brief-agents";
const ANNOUNCE_MAINTENANCE: &str = "announce-maintenance";
const UPDATE_IVR: &str = "update-ivr-routing";
const TEST_INBOUND: &str = "test-inbound-message";

const CUSTOM_STEPS: &str = r#"steps:
  - id: brief-agents
    title: Brief the contact-centre agents on WhatsApp in Genesys Cloud
    owner: customer
    phase: prepare
    duration: 1h
    reason: Agents answer WhatsApp from a new queue and new canned responses from the first minute after a cutover.
    action: Run the one-hour briefing for every shift lead; share the canned-response cheat sheet.

  - id: agree-migration-calendar
    title: Agree the migration calendar with every business unit
    owner: customer
    phase: prepare
    duration: 1bd..3bd
    after: [meta-portfolio-access]

  - id: announce-maintenance
    title: Announce the WhatsApp maintenance window to customers
    owner: customer
    phase: prepare
    duration: 15m
    after: [brief-agents]
    before: [save-integration]
    numbers: all
    reason: Numbers that leave another WABA go offline for a few minutes during the cutover.

  - id: update-ivr-routing
    title: Point the IVR's "message us on WhatsApp" option at the new number flow
    owner: customer
    phase: after
    duration: 30m
    after: [save-integration]
    numbers: all

  - id: test-inbound-message
    title: Send a test message and check it reaches an agent
    owner: customer
    phase: after
    duration: 10m
    after: [update-ivr-routing]
    numbers: all

  - id: close-migration-project
    title: Close the migration project and archive the plan
    owner: customer
    phase: after
    after: [test-inbound-message]
"#;

/// Where one number stands: how far along its route the recorded `done:` entries go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Progress {
    Untouched,
    Preparing,
    Prepared,
    CuttingOver,
    Live,
    Complete,
}

const PROGRESS_WEIGHTS: [(usize, Progress); 6] = [
    (30, Progress::Untouched),
    (30, Progress::Preparing),
    (20, Progress::Prepared),
    (4, Progress::CuttingOver),
    (10, Progress::Live),
    (6, Progress::Complete),
];

struct Generator {
    rng: Rng,
    out: String,
    numbers: usize,
    seed: u64,
    brand: &'static str,
    /// Next index and starting offset of each range (geographic, mobile, toll-free).
    counters: Vec<(u64, u64)>,
    wabas: usize,
    /// A few numbers (as E.164) that a list-scoped custom step names.
    vip: Vec<String>,
    /// The last source written names a source WABA (whose templates the number then has).
    last_has_waba: bool,
    /// Some number's route waits for the release: the plan's override of that step then
    /// reaches a step (one that reaches none is an error).
    release_wait: bool,
    /// When the last fleet step was done: every number's recorded work comes after it, since
    /// every cutover needs the fleet steps (the graph refuses done facts in another order).
    fleet_ready: DateTime<Utc>,
}

/// Progress is recorded from this moment on, and always before 2026-11-01.
fn recording_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 8, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn recording_end() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 31, 18, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// A YAML double-quoted scalar.
fn quoted(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            _ => s.push(c),
        }
    }
    s.push('"');
    s
}

impl Generator {
    fn new(numbers: usize, seed: u64) -> Generator {
        let mut rng = Rng::new(seed);
        let brand = *rng.pick(&BRANDS);
        let ranges = GEOGRAPHIC.len() + MOBILE.len() + TOLL_FREE.len();
        let counters = (0..ranges).map(|_| (0, rng.next_u64())).collect();
        Generator {
            rng,
            // About 360 bytes per number on generated plans; a little more avoids regrowing.
            out: String::with_capacity(4096 + numbers * 400),
            numbers,
            seed,
            brand,
            counters,
            wabas: (2 + numbers / 5000).min(40),
            vip: Vec::new(),
            last_has_waba: false,
            release_wait: false,
            fleet_ready: recording_start(),
        }
    }

    fn plan(mut self) -> String {
        self.header();
        self.source_wabas();
        self.out.push_str(if self.numbers == 0 {
            "numbers: []\n"
        } else {
            "numbers:\n"
        });
        for i in 0..self.numbers {
            self.number(i);
        }
        self.out.push('\n');
        self.out.push_str(CUSTOM_STEPS);
        self.vip_step();
        if self.release_wait {
            self.out
                .push_str("\noverrides:\n  - step: wait-for-release\n    duration: 3m..10m\n");
        }
        self.out
    }

    fn time(&mut self, at: DateTime<Utc>) -> String {
        // Most tools write UTC; some people copy a local time with its offset.
        if self.rng.chance(25)
            && let Some(offset) = FixedOffset::east_opt(2 * 3600)
        {
            return at
                .with_timezone(&offset)
                .format("%Y-%m-%dT%H:%M:%S%:z")
                .to_string();
        }
        at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    fn header(&mut self) {
        let brand = self.brand;
        let org = brand.to_ascii_lowercase();
        let _ = write!(
            self.out,
            "# Generated by `wamigrate generate --numbers {n} --seed {seed}`: a synthetic fleet for\n\
             # benchmarks and load tests (see docs/performance.md).\n\
             version: 1\n\
             plan:\n  \
               name: {name}\n  \
               destination:\n    \
                 region: eu-central-1\n    \
                 org: {org}-global\n    \
                 time_zone: Europe/Berlin\n    \
                 business_verified: true\n  \
               cutover_window:\n    \
                 start: 2026-11-25T20:00\n    \
                 end: 2026-11-26T02:00\n  \
               downtime_budget: 15m\n\n",
            n = self.numbers,
            seed = self.seed,
            name = quoted(&format!(
                "{brand} global WhatsApp consolidation ({} numbers)",
                self.numbers
            )),
        );
        self.out.push_str("fleet:\n  done:\n");
        let start = recording_start();
        let portfolio = start + Duration::hours(self.rng.amount(0, 48));
        let credit_line = portfolio + Duration::hours(self.rng.amount(2, 72));
        // The fleet-wide work is done early (the per-number steps are what a fleet waits on), so
        // the numbers spread over every state rather than all waiting on one shared step.
        let fleet_done = [
            ("meta-portfolio-access", portfolio),
            ("destination-waba-credit-line", credit_line),
            (
                "configure-inbound-routing",
                credit_line + Duration::hours(6),
            ),
            ("agree-migration-calendar", credit_line + Duration::days(1)),
            (
                BRIEF_AGENTS,
                credit_line + Duration::days(self.rng.amount(3, 20)),
            ),
        ];
        self.fleet_ready = fleet_done.iter().map(|(_, at)| *at).max().unwrap_or(start);
        for (step, at) in fleet_done {
            let at = self.time(at);
            let by = self.rng.pick(&PEOPLE);
            let _ = write!(
                self.out,
                "    - step: {step}\n      at: {at}\n      by: {by}\n"
            );
        }
        self.out.push('\n');
    }

    fn template(&mut self, indent: &str, name: &str, language: &str) {
        let category = if name.ends_with("_code") {
            "authentication"
        } else if name.contains("offer")
            || name.contains("sale")
            || name.contains("stock")
            || name.contains("feedback")
        {
            "marketing"
        } else {
            "utility"
        };
        let status = self.rng.weighted(&[
            (80, "approved"),
            (8, "pending"),
            (5, "rejected"),
            (4, "paused"),
            (3, "disabled"),
        ]);
        let _ = write!(
            self.out,
            "{indent}- name: {name}\n{indent}  language: {language}\n{indent}  category: {category}\n{indent}  status: {status}\n"
        );
        let quality = self.rng.weighted(&[
            (70, Some("green")),
            (12, Some("yellow")),
            (5, Some("red")),
            (5, Some("unknown")),
            (8, None),
        ]);
        if let Some(quality) = quality {
            let _ = writeln!(self.out, "{indent}  quality: {quality}");
        }
        match self.rng.below(20) {
            0..=9 => {}
            10..=16 => {
                let count = self.rng.between(1, 3);
                let kinds: Vec<&str> = (0..count).map(|_| *self.rng.pick(&BUTTON_KINDS)).collect();
                let _ = writeln!(self.out, "{indent}  buttons: [{}]", kinds.join(", "));
            }
            17 | 18 => {
                let count = self.rng.between(1, 3);
                let _ = writeln!(self.out, "{indent}  buttons: {count}");
            }
            // Now and then a template with more buttons than Genesys Cloud allows.
            _ => {
                let _ = writeln!(self.out, "{indent}  buttons: 12");
            }
        }
    }

    /// `count` distinct (name, language) pairs.
    fn template_set(&mut self, count: usize, indent: &str) {
        let pairs = TEMPLATE_NAMES.len() * LANGUAGES.len();
        let first = self.rng.below(pairs);
        // 5 is coprime with the 84 pairs, so the walk never repeats a pair.
        for i in 0..count.min(pairs) {
            let k = (first + i * 5) % pairs;
            let (name, language) = (
                TEMPLATE_NAMES[k % TEMPLATE_NAMES.len()],
                LANGUAGES[k / TEMPLATE_NAMES.len()],
            );
            self.template(indent, name, language);
        }
    }

    fn source_wabas(&mut self) {
        self.out.push_str("source_wabas:\n");
        for w in 0..self.wabas {
            let _ = write!(self.out, "  - id: waba-{w:02}\n    templates:\n");
            let count = self.rng.between(5, 25);
            self.template_set(count, "      ");
        }
        self.out.push('\n');
    }

    fn variant(&mut self, i: usize) -> Variant {
        if let Some(v) = TOUR.get(i) {
            return *v;
        }
        match self.rng.weighted(&KIND_WEIGHTS) {
            KindChoice::Engage => Variant::Engage,
            KindChoice::Bsp => Variant::Bsp {
                disconnect_ahead: self.rng.chance(30),
            },
            KindChoice::Genesys => Variant::Genesys {
                pin_known: self.rng.chance(75),
            },

            KindChoice::App => Variant::App(self.rng.weighted(&[
                (70, Some(AppKind::Business)),
                (10, Some(AppKind::Messenger)),
                (20, None),
            ])),
            KindChoice::New => {
                let line = self.rng.weighted(&LINE_WEIGHTS);
                let behind_ivr = line == LineType::TollFree && self.rng.chance(70);
                Variant::New {
                    line,
                    behind_ivr,
                    can_bypass_ivr: behind_ivr && self.rng.chance(50),
                }
            }
        }
    }

    /// A fresh number from one of `ranges` (an index into the counters starting at `base`); the
    /// E.164 form and the form a person wrote.
    fn phone(&mut self, base: usize, ranges: &[Range]) -> (String, String, &'static str) {
        let first = self.rng.below(ranges.len());
        let all = || {
            GEOGRAPHIC
                .iter()
                .chain(MOBILE.iter())
                .chain(TOLL_FREE.iter())
        };
        // Try the drawn range, then the others of its kind, then any range.
        let order = (0..ranges.len())
            .map(|k| base + (first + k) % ranges.len())
            .chain(0..all().count());
        for index in order {
            let Some(range) = all().nth(index) else {
                continue;
            };
            // Subscriber numbers start with 2 to 9: numbering plans keep 0 and 1 for prefixes.
            let rest = 10u64.pow(range.digits - 1);
            let capacity = 8 * rest;
            let (next, offset) = self.counters[index];
            if next >= capacity {
                continue;
            }
            self.counters[index].0 += 1;
            let subscriber = (next * STRIDE + offset % capacity) % capacity;
            let digits = format!(
                "{}{:0width$}",
                2 + subscriber / rest,
                subscriber % rest,
                width = range.digits as usize - 1
            );
            let e164 = format!("+{}{}{}", range.country, range.area, digits);
            let (head, tail) = digits.split_at(digits.len() / 2);
            let written = match self.rng.below(20) {
                0..=15 => e164.clone(),
                16..=18 => format!("+{} {} {head} {tail}", range.country, range.area),
                _ => format!("00{} {} {digits}", range.country, range.area),
            };
            return (e164, written, range.city);
        }
        panic!("the generator's number ranges are exhausted");
    }

    fn number(&mut self, i: usize) {
        let variant = self.variant(i);
        let (base, ranges): (usize, &[Range]) = match variant {
            Variant::App(_)
            | Variant::New {
                line: LineType::Mobile,
                ..
            } => (GEOGRAPHIC.len(), &MOBILE),
            Variant::New {
                line: LineType::TollFree,
                ..
            } => (GEOGRAPHIC.len() + MOBILE.len(), &TOLL_FREE),
            _ => (0, &GEOGRAPHIC),
        };
        let (e164, written, city) = self.phone(base, ranges);
        let vip = self.vip.len() < 4 && i >= TOUR.len() && self.rng.chance(5);
        if vip {
            self.vip.push(e164);
        }
        let _ = writeln!(self.out, "  - number: {}", quoted(&written));

        let kind = match variant {
            Variant::Engage => crate::catalog::SourceKind::Engage,
            Variant::Bsp { .. } => crate::catalog::SourceKind::Bsp,
            Variant::Genesys { .. } => crate::catalog::SourceKind::Genesys,
            Variant::App(_) => crate::catalog::SourceKind::App,
            Variant::New { .. } => crate::catalog::SourceKind::New,
            Variant::NameChange { .. } => crate::catalog::SourceKind::NameChange,
        };
        self.release_wait |= kind.route().step("wait-for-release").is_some();
        let migrates_waba = matches!(variant, Variant::Engage | Variant::Bsp { .. });
        let service = *self.rng.pick(&SERVICES);
        if !self.rng.chance(4) {
            let name = if city.is_empty() {
                format!("{} {service}", self.brand)
            } else {
                format!("{} {city} {service}", self.brand)
            };
            let _ = writeln!(self.out, "    display_name: {}", quoted(&name));
        }
        let name_status = if migrates_waba
            || matches!(
                variant,
                Variant::Genesys { .. } | Variant::NameChange { .. }
            ) {
            self.rng.weighted(&[
                (75, Some(NameStatus::Approved)),
                (10, Some(NameStatus::Pending)),
                (4, Some(NameStatus::Rejected)),
                (3, Some(NameStatus::Deferred)),
                (3, Some(NameStatus::Unknown)),
                (5, None),
            ])
        } else {
            self.rng.weighted(&[
                (40, Some(NameStatus::Approved)),
                (10, Some(NameStatus::Pending)),
                (50, None),
            ])
        };
        if let Some(status) = name_status {
            let _ = writeln!(self.out, "    display_name_status: {}", status.word());
        }
        if migrates_waba && self.rng.chance(3) {
            self.out.push_str("    official_business_account: true\n");
        }
        let verification = match variant {
            // An SMS-inventory long code can only take the verification call; a toll-free line
            // cannot receive SMS.
            Variant::New {
                line: LineType::SmsInventory | LineType::TollFree,
                ..
            } => self.rng.weighted(&[(70, Some("voice")), (30, None)]),
            _ => self
                .rng
                .weighted(&[(20, Some("sms")), (15, Some("voice")), (65, None)]),
        };
        if let Some(method) = verification {
            let _ = writeln!(self.out, "    verification: {method}");
        }
        let source = self.source(variant);
        let own_templates = migrates_waba && self.rng.chance(15);
        // Only Engage and BSP sources can name a WABA; canned responses follow the templates.
        let has_templates = own_templates || (migrates_waba && self.last_has_waba);
        self.done(
            &source,
            name_status.unwrap_or(NameStatus::Unknown),
            vip,
            has_templates,
        );
        if own_templates {
            self.out.push_str("    templates:\n");
            let count = self.rng.between(1, 4);
            self.template_set(count, "      ");
        }
        if self.rng.chance(5) {
            let _ = write!(
                self.out,
                "    notes: >-\n      Owned by the {service} team; cut over only inside the agreed window and tell the\n      shift lead before starting.\n"
            );
        }
    }

    /// Writes `source:` and returns the plan's view of it (for the catalogue's conditions).
    fn source(&mut self, variant: Variant) -> Source {
        let flow = self.rng.chance(10);
        let waba = if self.rng.chance(40) {
            Some(format!("waba-{:02}", self.rng.below(self.wabas)))
        } else {
            None
        };
        self.last_has_waba = waba.is_some();
        match variant {
            Variant::Engage => {
                let admin = self.rng.weighted(&[
                    (50, None),
                    (30, Some(SourceAdmin::Genesys)),
                    (15, Some(SourceAdmin::Customer)),
                    (5, Some(SourceAdmin::Partner)),
                ]);
                let partner = self.rng.chance(30).then(|| *self.rng.pick(&PARTNERS));
                if admin.is_none() && partner.is_none() && waba.is_none() {
                    self.out.push_str("    source: engage\n");
                } else {
                    let mut fields = Vec::new();
                    if let Some(p) = partner {
                        fields.push(format!("partner: {p}"));
                    }
                    if let Some(a) = admin {
                        fields.push(format!("source_waba_admin: {}", a.word()));
                    }
                    if let Some(w) = &waba {
                        fields.push(format!("waba: {w}"));
                    }
                    self.source_fields("engage", &fields, flow);
                }
                Source::Engage {
                    partner: partner.map(str::to_string),
                    admin: admin.unwrap_or(SourceAdmin::Genesys),
                    line: LineFacts::default(),
                }
            }
            Variant::Bsp { disconnect_ahead } => {
                let partner = *self.rng.pick(&PARTNERS);
                let mut fields = vec![format!("partner: {partner}")];
                let admin = self.rng.weighted(&[
                    (40, None),
                    (35, Some(SourceAdmin::Partner)),
                    (25, Some(SourceAdmin::Customer)),
                ]);
                if let Some(a) = admin {
                    fields.push(format!("source_waba_admin: {}", a.word()));
                }
                if disconnect_ahead || self.rng.chance(40) {
                    fields.push(format!("disconnect_ahead: {disconnect_ahead}"));
                }
                if let Some(w) = &waba {
                    fields.push(format!("waba: {w}"));
                }
                self.source_fields("bsp", &fields, flow);
                Source::Bsp {
                    partner: partner.to_string(),
                    admin: admin.unwrap_or(SourceAdmin::Partner),
                    disconnect_ahead,
                    line: LineFacts::default(),
                }
            }
            Variant::Genesys { pin_known } => {
                let region = *self.rng.pick(&OLD_REGIONS);
                let org = format!("{}-{}", self.brand.to_ascii_lowercase(), &region[..2]);
                let fields = vec![
                    format!("region: {region}"),
                    format!("org: {org}"),
                    format!("pin_known: {pin_known}"),
                ];
                self.source_fields("genesys", &fields, flow);
                Source::Genesys {
                    region: region.to_string(),
                    org,
                    pin_known,
                    line: LineFacts::default(),
                }
            }
            Variant::NameChange { pin_known } => {
                self.source_fields("name_change", &[format!("pin_known: {pin_known}")], flow);
                Source::NameChange {
                    old_name: None,
                    pin_known,
                    line: LineFacts::default(),
                }
            }
            Variant::App(app) => {
                match app {
                    None => self.out.push_str("    source: app\n"),
                    Some(kind) => {
                        let word = if kind == AppKind::Business {
                            "business"
                        } else {
                            "messenger"
                        };
                        self.source_fields("app", &[format!("app: {word}")], flow);
                    }
                }
                Source::App {
                    app,
                    line: LineFacts::default(),
                }
            }
            Variant::New {
                line,
                behind_ivr,
                can_bypass_ivr,
            } => {
                let mut fields = vec![format!("line: {}", line.word())];
                if line == LineType::TollFree && (behind_ivr || self.rng.chance(50)) {
                    fields.push(format!("behind_ivr: {behind_ivr}"));
                    if behind_ivr && (can_bypass_ivr || self.rng.chance(60)) {
                        fields.push(format!("can_bypass_ivr: {can_bypass_ivr}"));
                    }
                }
                self.source_fields("new", &fields, flow);
                Source::New {
                    line,
                    behind_ivr,
                    can_bypass_ivr,
                }
            }
        }
    }

    fn source_fields(&mut self, kind: &str, fields: &[String], flow: bool) {
        if flow {
            let _ = writeln!(
                self.out,
                "    source: {{{kind}: {{{}}}}}",
                fields.join(", ")
            );
        } else {
            let _ = writeln!(self.out, "    source:\n      {kind}:");
            for f in fields {
                let _ = writeln!(self.out, "        {f}");
            }
        }
    }

    /// Writes the number's `done:` entries: a prefix of its applicable route steps as long as its
    /// progress, plus its share of the per-number custom steps.
    fn done(&mut self, source: &Source, name: NameStatus, vip: bool, has_templates: bool) {
        let (name_approved, name_submitted) = (name == NameStatus::Approved, name.is_submitted());
        let progress = self.rng.weighted(&PROGRESS_WEIGHTS);
        if progress == Progress::Untouched {
            return;
        }
        let facts = NumberFacts {
            has_templates,
            ..source.facts()
        };
        let mut steps: Vec<(&'static str, Phase)> = Vec::new();
        let mut fact_missing = false;
        for step in source.route().steps {
            if !step.when.holds(&facts) {
                continue;
            }
            let fact_holds = match step.satisfied_by {
                None => {
                    steps.push((step.def.id, step.phase()));
                    continue;
                }
                Some(Fact::DisplayNameSubmitted) => name_submitted,
                Some(Fact::DisplayNameApproved) => name_approved,
                Some(Fact::PinKnown) => source.pin_known(),
                // Generated numbers come from countries where the platform is available.
                Some(Fact::CountryAvailabilityConfirmed) => true,
            };
            // A fact that holds already counts as done, so nobody lists it; one that does not
            // (a pending name, a lost PIN) keeps the number from cutting over.
            fact_missing |= !fact_holds;
        }
        let first_cutover = steps
            .iter()
            .position(|s| s.1 == Phase::Cutover)
            .unwrap_or(steps.len());
        let after_cutover = steps
            .iter()
            .rposition(|s| s.1 == Phase::Cutover)
            .map_or(steps.len(), |i| i + 1);
        let progress = if fact_missing {
            progress.min(Progress::Prepared)
        } else {
            progress
        };
        let count = match progress {
            Progress::Untouched => 0,
            Progress::Preparing => self.rng.below(first_cutover.max(1)),
            Progress::Prepared => first_cutover,
            Progress::CuttingOver => (first_cutover + 1).min(steps.len()),
            Progress::Live => after_cutover,
            Progress::Complete => steps.len(),
        };
        // In the order they happened: preparation, the maintenance notice, the cutover, follow-ups.
        let mut listed: Vec<&'static str> = steps[..count.min(first_cutover)]
            .iter()
            .map(|s| s.0)
            .collect();
        if progress >= Progress::Prepared {
            listed.push(ANNOUNCE_MAINTENANCE);
            if vip {
                listed.push("notify-key-accounts");
            }
        }
        listed.extend(steps[first_cutover.min(count)..count].iter().map(|s| s.0));
        if progress == Progress::Complete {
            listed.extend([UPDATE_IVR, TEST_INBOUND]);
        }
        if listed.is_empty() {
            return;
        }
        self.out.push_str("    done:\n");
        // Numbers start their preparation once the fleet steps are done, somewhere in the first
        // two thirds of what is left of the period.
        let span = (recording_end() - self.fleet_ready).num_hours();
        let latest_start = usize::try_from(span * 2 / 3).unwrap_or(0);
        let mut at = self.fleet_ready + Duration::hours(self.rng.amount(0, latest_start));
        for step in listed {
            at = (at + Duration::minutes(self.rng.amount(5, 36 * 60))).min(recording_end());
            match self.rng.below(10) {
                0 | 1 => {
                    let _ = writeln!(self.out, "      - {step}");
                }
                2..=6 => {
                    let time = self.time(at);
                    let _ = write!(self.out, "      - step: {step}\n        at: {time}\n");
                }
                _ => {
                    let time = self.time(at);
                    let by = self.rng.pick(&PEOPLE);
                    let _ = write!(
                        self.out,
                        "      - step: {step}\n        at: {time}\n        by: {by}\n"
                    );
                }
            }
        }
    }

    /// A custom step for a few named numbers (written as a list), when the plan has any beyond
    /// the tour.
    fn vip_step(&mut self) {
        if self.vip.is_empty() {
            return;
        }
        let list: Vec<String> = self.vip.iter().map(|n| quoted(n)).collect();
        let _ = write!(
            self.out,
            "\n  - id: notify-key-accounts\n    title: Tell the key accounts served by these numbers about the move\n    \
             owner: customer\n    phase: prepare\n    duration: 2h\n    before: [save-integration]\n    \
             numbers: [{}]\n",
            list.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::catalog::SourceKind;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::eval::{Evaluator, NumberState};
    use crate::pipeline;
    use crate::source::SourceFile;

    fn compiled(numbers: usize, seed: u64) -> pipeline::Loaded {
        let mut file = SourceFile::new("generated.yaml", fleet_plan(numbers, seed));
        pipeline::compile(&mut file)
    }

    #[test]
    fn a_generated_fleet_of_100_passes_the_pipeline_without_errors() {
        let loaded = compiled(100, 1);
        let errors: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(Diagnostic::code)
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        let graph = loaded.graph.expect("a graph");
        assert_eq!(graph.plan.numbers.len(), 100);
        assert!(!graph.plan.wabas.is_empty());
        assert!(!graph.plan.fleet_done.is_empty());
        assert!(graph.plan.custom_steps.len() >= 6);
    }

    #[test]
    fn a_generated_fleet_has_every_source_variant() {
        let graph = compiled(100, 7).graph.expect("a graph");
        let numbers = &graph.plan.numbers;
        let kinds: HashSet<SourceKind> = numbers.iter().map(|n| n.source.kind()).collect();
        assert_eq!(kinds.len(), SourceKind::ALL.len(), "{kinds:?}");
        let has = |f: &dyn Fn(&Source) -> bool| numbers.iter().any(|n| f(&n.source));
        assert!(has(&|s| matches!(
            s,
            Source::Bsp {
                disconnect_ahead: true,
                ..
            }
        )));
        assert!(has(&|s| matches!(
            s,
            Source::Bsp {
                disconnect_ahead: false,
                ..
            }
        )));
        assert!(has(&|s| matches!(
            s,
            Source::Genesys {
                pin_known: true,
                ..
            }
        )));
        assert!(has(&|s| matches!(
            s,
            Source::Genesys {
                pin_known: false,
                ..
            }
        )));
        for line in [
            LineType::GenesysVoice,
            LineType::SmsInventory,
            LineType::TollFree,
            LineType::Mobile,
            LineType::Landline,
            LineType::Direct,
        ] {
            assert!(
                has(&|s| matches!(s, Source::New { line: l, .. } if *l == line)),
                "{line:?}"
            );
        }
        assert!(has(&|s| matches!(
            s,
            Source::New {
                line: LineType::TollFree,
                behind_ivr: true,
                can_bypass_ivr: false
            }
        )));
        assert!(has(&|s| matches!(
            s,
            Source::New {
                line: LineType::TollFree,
                behind_ivr: true,
                can_bypass_ivr: true
            }
        )));
        assert!(numbers.iter().any(|n| !n.templates.is_empty()));
        assert!(numbers.iter().any(|n| n.waba.is_some()));
        assert!(
            numbers
                .iter()
                .any(|n| n.done.iter().any(|d| d.at.is_some()))
        );
    }

    #[test]
    fn recorded_times_are_before_november() {
        let graph = compiled(300, 3).graph.expect("a graph");
        let november = Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .expect("a time");
        let plan = &graph.plan;
        let times = plan
            .numbers
            .iter()
            .flat_map(|n| n.done.iter())
            .chain(plan.fleet_done.iter())
            .filter_map(|d| d.at);
        let mut seen = 0;
        for at in times {
            assert!(at < november, "{at}");
            seen += 1;
        }
        assert!(seen > 100, "{seen}");
    }

    #[test]
    fn a_generated_fleet_has_numbers_in_every_state() {
        let graph = compiled(300, 5).graph.expect("a graph");
        let at = Utc
            .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .expect("a time");
        let evaluation = Evaluator::evaluate(graph, at);
        let states: HashSet<NumberState> = evaluation.numbers.iter().map(|n| n.state).collect();
        assert_eq!(states.len(), NumberState::ALL.len(), "{states:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_text_and_another_seed_another() {
        assert_eq!(fleet_plan(200, 42), fleet_plan(200, 42));
        assert_ne!(fleet_plan(200, 42), fleet_plan(200, 43));
    }

    #[test]
    fn every_range_is_in_its_countrys_numbering_plan_with_its_kind() {
        use crate::catalog::numbering::{LineKind, Verdict, classify};
        let kinds: [(&[Range], &[LineKind]); 3] = [
            (
                &GEOGRAPHIC,
                &[LineKind::FixedLine, LineKind::FixedLineOrMobile],
            ),
            (&MOBILE, &[LineKind::Mobile, LineKind::FixedLineOrMobile]),
            (&TOLL_FREE, &[LineKind::TollFree]),
        ];
        for (ranges, expected) in kinds {
            for range in ranges {
                let rest = 10u64.pow(range.digits - 1);
                // Every leading digit, with the lowest, highest and a middle subscriber number.
                for first in 2..=9 {
                    for tail in [0, rest / 2 + 7, rest - 1] {
                        let national = format!(
                            "{}{first}{tail:0width$}",
                            range.area,
                            width = range.digits as usize - 1
                        );
                        let verdict = classify(range.country, &national);
                        assert!(
                            matches!(verdict, Verdict::Valid { kind, .. } if expected.contains(&kind)),
                            "+{} {national}: {verdict:?}",
                            range.country
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn numbers_are_unique_at_scale_and_any_size_is_valid() {
        for (numbers, seed) in [(0, 1), (1, 2), (15, 3), (5_000, 4)] {
            let loaded = compiled(numbers, seed);
            assert!(
                !loaded.has_errors(),
                "{numbers}: {:?}",
                loaded.diagnostics.first().map(Diagnostic::code)
            );
            let graph = loaded.graph.expect("a graph");
            let unique: HashSet<_> = graph.plan.numbers.iter().map(|n| n.e164.clone()).collect();
            assert_eq!(unique.len(), numbers);
        }
    }
}
