//! YAML nodes → [`RawPlan`]: every key and value checked for its shape, every problem reported.
//!
//! A typed deserializer stops at the first mistake; a plan's author wants all of them, located.
//! So each mapping is walked against the keys it allows, each value against the kind it takes,
//! and a broken entry is dropped *and reported*, never silently: the plan is then invalid, but
//! the other entries are still checked, and later stages still look at what did parse.
//!
//! Rules that hold for every key:
//! - absent and `null` (`~`, `null`, nothing) mean the same for every optional key;
//! - an unknown key is reported with the nearest allowed one, and its value is recorded as a
//!   secret range (whatever was written there is never shown);
//! - a key that names a PIN or password is refused (`pin-in-plan`), and so is free text that
//!   carries a six-digit number next to a PIN-like word;
//! - messages describe values in words people use ("a list", "text"), never in Rust's.

use crate::diagnostic::Diagnostic;
use crate::plan::diags::{
    IdProblem, IdShape, PinPlace, PlanKind, escaped, lookalike_problem, plan_id_problem, retyped,
};
use crate::plan::raw::{
    Choice, Dropped, Located, RawApp, RawBsp, RawButtons, RawCalendar, RawCalendars, RawCustomStep,
    RawDestination, RawDone, RawEngage, RawFleet, RawGenesys, RawIvr, RawLine, RawMeta,
    RawNameChange, RawNew, RawNumber, RawOverride, RawPlan, RawRegistrations, RawScope, RawSource,
    RawStarted, RawTemplate, RawWaba, RawWindow,
};
use crate::plan::yaml::{Node, Style, Value, has_digit_run, is_secret_key};
pub use crate::secret::pin_in_text;
use crate::source::Span;

/// The keys each mapping allows (the order the docs list them in).
mod keys {
    pub const PLAN: &[&str] = &[
        "version",
        "plan",
        "fleet",
        "source_wabas",
        "numbers",
        "steps",
        "overrides",
    ];
    pub const META: &[&str] = &[
        "name",
        "destination",
        "cutover_window",
        "downtime_budget",
        "holidays",
        "calendars",
        "implementation_partner",
    ];
    pub const CALENDARS: &[&str] = &[
        "default",
        "customer",
        "source-partner",
        "genesys",
        "carrier",
        "implementation-partner",
    ];
    pub const CALENDAR: &[&str] = &["time_zone", "hours", "days", "holidays"];
    pub const STARTED: &[&str] = &["step", "at", "by"];
    pub const DESTINATION: &[&str] = &[
        "region",
        "org",
        "time_zone",
        "business_verified",
        "unverified_number_limit",
        "portfolio",
    ];
    pub const WINDOW: &[&str] = &["start", "end"];
    pub const FLEET: &[&str] = &["done", "started"];
    pub const WABA: &[&str] = &["id", "templates"];
    pub const NUMBER: &[&str] = &[
        "number",
        "display_name",
        "display_name_status",
        "source",
        "official_business_account",
        "oba_request_rejected_at",
        "country_availability_confirmed",
        "numbering_confirmed",
        "verification",
        "done",
        "started",
        "templates",
        "registrations",
        "notes",
    ];
    pub const REGISTRATIONS: &[&str] = &["earlier", "retries"];
    pub const SOURCE_KINDS: &[&str] = &["engage", "bsp", "genesys", "app", "new", "name_change"];
    pub const ENGAGE: &[&str] = &[
        "partner",
        "source_waba_admin",
        "waba",
        "waba_status",
        "portfolio",
        "line",
        "behind_ivr",
        "can_bypass_ivr",
    ];
    pub const BSP: &[&str] = &[
        "partner",
        "source_waba_admin",
        "disconnect_ahead",
        "waba",
        "waba_status",
        "portfolio",
        "on_premises",
        "line",
        "behind_ivr",
        "can_bypass_ivr",
    ];
    pub const GENESYS: &[&str] = &[
        "region",
        "org",
        "pin_known",
        "waba_status",
        "line",
        "behind_ivr",
        "can_bypass_ivr",
    ];
    pub const APP: &[&str] = &["app", "banned", "line", "behind_ivr", "can_bypass_ivr"];
    pub const NEW: &[&str] = &["line", "banned", "behind_ivr", "can_bypass_ivr"];
    pub const NAME_CHANGE: &[&str] = &[
        "old_name",
        "pin_known",
        "waba_status",
        "line",
        "behind_ivr",
        "can_bypass_ivr",
    ];
    pub const DONE: &[&str] = &["step", "at", "by"];
    pub const TEMPLATE: &[&str] = &[
        "name", "language", "category", "status", "quality", "buttons", "header",
    ];
    pub const STEP: &[&str] = &[
        "id", "title", "owner", "phase", "duration", "after", "before", "numbers", "reason",
        "action",
    ];
    pub const OVERRIDE: &[&str] = &["step", "duration", "owner", "numbers"];
}

/// The values of one mapping, by allowed key.
struct Fields<'n, 'a> {
    what: &'static str,
    span: Span,
    keys: &'static [&'static str],
    values: Vec<Option<&'n Node<'a>>>,
    /// Allowed keys that an unknown key was reported as a likely typo of: not also missing.
    typos: Vec<&'static str>,
    /// Written in flow style (`{a: 1}`).
    flow: bool,
}

impl<'n, 'a> Fields<'n, 'a> {
    /// The value of `key`; `None` when absent or null.
    fn get(&self, key: &str) -> Option<&'n Node<'a>> {
        let i = self.keys.iter().position(|k| *k == key)?;
        self.values[i].filter(|n| !n.is_null())
    }
}

/// Fills raw plan types from nodes, collecting diagnostics and secret ranges.
#[derive(Default)]
pub struct Shaper {
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
    /// Byte ranges found to hold secrets (values under unknown keys).
    pub secrets: Vec<std::ops::Range<u32>>,
    /// Entries dropped (each reported).
    pub dropped: Dropped,
}

impl Shaper {
    fn error(&mut self, kind: PlanKind, span: Span) {
        self.diagnostics.push(Diagnostic::error(kind, span));
    }

    fn secret(&mut self, span: Span) {
        self.secrets
            .push(span.offset..span.offset + span.len.max(1));
    }

    /// A mapping with the allowed `keys`, or a wrong-type error.
    fn fields<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        what: &'static str,
        keys: &'static [&'static str],
    ) -> Option<Fields<'n, 'a>> {
        if !self.no_pin_value(node) {
            return None;
        }
        if !node.is_map() {
            // "expected a template, found a list"; for a named key, "expected a mapping, ...".
            // An entry of `numbers:` is "a number" elsewhere, which beside a number found (`- 1`)
            // read "expected a number, found a number".
            let expected = match what {
                "the plan" => "a mapping with `version`, `plan` and `numbers`",
                "a number" => "a mapping with the number's `number` and `source`",
                w if w.starts_with('`') => "a mapping",
                w => w,
            };
            self.error(
                PlanKind::WrongType {
                    expected,
                    found: node.describe(),
                    hint: None,
                },
                node.span,
            );
            return None;
        }
        let mut fields = Fields {
            what,
            span: node.span,
            keys,
            values: vec![None; keys.len()],
            typos: Vec::new(),
            flow: matches!(&node.resolved().value, Value::Map(m) if m.flow),
        };
        for entry in node.entries() {
            let Some((key, _)) = entry.key.scalar() else {
                continue;
            };
            if let Some(i) = keys.iter().position(|k| *k == key) {
                fields.values[i] = Some(&entry.value);
            } else if is_secret_key(key) {
                self.secret(entry.value.span);
                self.error(
                    PlanKind::PinInPlan {
                        place: PinPlace::Key,
                    },
                    entry.key.span,
                );
            } else {
                // Whatever was written under a key nobody knows may be anything, a PIN included;
                // a PIN in it is said as such, so the advice to change it is given.
                self.secret(entry.value.span);
                if let Some(at) = pin_within(&entry.value) {
                    self.error(
                        PlanKind::PinInPlan {
                            place: PinPlace::Value,
                        },
                        at,
                    );
                }
                let hidden = has_digit_run(key);
                let suggestion = if hidden {
                    None
                } else {
                    crate::suggest::closest(key, keys.iter().copied())
                };
                fields.typos.extend(suggestion);
                self.error(
                    PlanKind::UnknownKey {
                        key: (!hidden).then(|| key.to_string()),
                        what,
                        expected: keys,
                        suggestion,
                    },
                    entry.key.span,
                );
            }
        }
        Some(fields)
    }

    /// The value of a required key, or a missing-key error.
    fn required<'n, 'a>(
        &mut self,
        fields: &Fields<'n, 'a>,
        key: &'static str,
    ) -> Option<&'n Node<'a>> {
        let i = fields.keys.iter().position(|k| *k == key)?;
        match fields.values[i] {
            Some(node) if node.is_null() => {
                self.error(
                    PlanKind::MissingKey {
                        key,
                        what: fields.what,
                        empty: true,
                    },
                    node.span,
                );
                None
            }
            Some(node) => Some(node),
            // `sorce:` was reported with "did you mean `source`?"; saying `source` is missing
            // too would say it twice.
            None if fields.typos.contains(&key) => None,
            None => {
                self.error(
                    PlanKind::MissingKey {
                        key,
                        what: fields.what,
                        empty: false,
                    },
                    // A flow mapping `{...}` is underlined whole (its first line); a block mapping
                    // at its first key.
                    Span {
                        len: if fields.flow {
                            fields.span.len
                        } else {
                            fields.span.len.min(1)
                        },
                        ..fields.span
                    },
                );
                None
            }
        }
    }

    /// Refuses a value that repeats (through an alias) something written under a PIN-like key,
    /// or that holds a PIN itself.
    fn not_secret(&mut self, node: &Node<'_>) -> bool {
        self.no_secret_node(node) && self.no_pin_value(node)
    }

    /// A value that is not text (a flag, a count, a source word, a list or mapping whose parts
    /// make six digits: `[48, 29, 13]`) is refused when it holds a PIN by the plan's rules, six
    /// digits alone among them, whatever the key wants: the reader has masked it already, and
    /// the parts are not read (each alone is no PIN, but the messages about them would spell
    /// it). Text values say where the PIN is in their own words.
    fn no_pin_value(&mut self, node: &Node<'_>) -> bool {
        if !node.is_secret() && node.holds_pin() {
            self.error(
                PlanKind::PinInPlan {
                    place: PinPlace::Value,
                },
                node.span,
            );
            return false;
        }
        true
    }

    /// A node marked secret by the reader (under a PIN-like key, or an alias of one) is refused
    /// unread.
    fn no_secret_node(&mut self, node: &Node<'_>) -> bool {
        if node.is_secret() {
            self.error(
                PlanKind::PinInPlan {
                    place: if node.secret {
                        PinPlace::Key
                    } else {
                        PinPlace::Alias
                    },
                },
                node.span,
            );
            return false;
        }
        true
    }

    /// Text: any scalar but null; refused when it seems to hold a PIN (a value, an id, a time,
    /// a phone number as much as a name: whatever is read is shown again somewhere; six digits
    /// of another script after a country code, `+49 ７３５２９１`, are a PIN's shape too).
    fn text(&mut self, node: &Node<'_>) -> Option<Located<String>> {
        let text = self.scalar_text(node, false)?;
        // The reader has looked (`pin_in_text`) once for every scalar.
        if node.holds_pin() {
            self.secret(node.span);
            self.error(
                PlanKind::PinInPlan {
                    place: PinPlace::Value,
                },
                node.span,
            );
            return None;
        }
        Some(text)
    }

    /// Text as written, not yet checked for a PIN (each caller says where a PIN is in its own
    /// words).
    /// Control characters are refused (a tab aside, and line breaks where `lines` allows them; a
    /// block scalar's final line break is not text).
    fn scalar_text(&mut self, node: &Node<'_>, lines: bool) -> Option<Located<String>> {
        if !self.no_secret_node(node) {
            return None;
        }
        match node.scalar() {
            Some((text, _)) if !node.is_null() => {
                if let Some(c) = super::diags::control_character(text.trim_end_matches('\n'), lines)
                {
                    self.error(
                        PlanKind::ControlCharacter {
                            code_point: u32::from(c),
                        },
                        node.span,
                    );
                    return None;
                }
                Some(Located::new(text.to_string(), node.span))
            }
            _ if !self.no_pin_value(node) => None,
            _ => {
                self.error(
                    PlanKind::WrongType {
                        expected: "text",
                        found: node.describe(),
                        hint: None,
                    },
                    node.span,
                );
                None
            }
        }
    }

    /// Free text shown to people: refused when it carries a PIN.
    fn free_text(&mut self, node: &Node<'_>, key: &'static str) -> Option<Located<String>> {
        let text = self.scalar_text(node, key == "notes")?;
        // The reader has looked (`pin_in_text`) once for every scalar.
        if node.holds_pin() {
            self.secret(node.span);
            self.error(
                PlanKind::PinInPlan {
                    place: PinPlace::Text { key },
                },
                node.span,
            );
            return None;
        }
        Some(text)
    }

    /// An id: text with nothing invisible, no space; in Unicode's composed form (NFC), so an id
    /// typed with a composed `é` and one with `e` and a combining accent are the same id.
    fn id(&mut self, node: &Node<'_>) -> Option<Located<String>> {
        let mut text = self.text(node)?;
        if let std::borrow::Cow::Owned(composed) = crate::plan::diags::composed_id(&text.value) {
            text.value = composed;
        }
        if let Some(problem) = plan_id_problem(&text.value) {
            self.lookalike(&text, problem, "id", IdShape::Id);
            return None;
        }
        Some(text)
    }

    /// A value compared with others for equality (a region, an org, a partner, a template's name
    /// and language): refused, yet kept so the rest of the plan is still checked, when it holds
    /// what makes two values look alike and compare different ([`lookalike_problem`]). Names
    /// are free text (a PIN in them is told as in a title); codes are read as values.
    fn compared(
        &mut self,
        node: &Node<'_>,
        key: &'static str,
        what: &'static str,
        shape: IdShape,
    ) -> Option<Located<String>> {
        let text = if shape == IdShape::Name {
            self.free_text(node, key)?
        } else {
            self.text(node)?
        };
        // A blank value is missing (`missing-key`), said once by validation.
        if !crate::plan::diags::is_blank(&text.value)
            && let Some(problem) = lookalike_problem(&text.value, shape)
        {
            self.lookalike(&text, problem, what, shape);
        }
        Some(text)
    }

    /// Reports `text` as an invalid `what`, at its character at fault.
    fn lookalike(
        &mut self,
        text: &Located<String>,
        problem: IdProblem,
        what: &'static str,
        shape: IdShape,
    ) {
        let position = problem
            .character()
            .and_then(|c| text.value.chars().position(|x| x == c))
            .map(|i| i + 1);
        self.error(
            PlanKind::InvalidId {
                what,
                shape,
                shown: escaped(&text.value),
                retyped: retyped(&text.value, shape),
                problem,
                position,
            },
            text.span,
        );
    }

    fn boolean(&mut self, node: &Node<'_>) -> Option<Located<bool>> {
        if !self.not_secret(node) {
            return None;
        }
        match node.scalar() {
            Some(("true" | "True" | "TRUE", Style::Plain)) => Some(Located::new(true, node.span)),
            Some(("false" | "False" | "FALSE", Style::Plain)) => {
                Some(Located::new(false, node.span))
            }
            Some((text, style)) => {
                let yes_no = matches!(
                    text.to_ascii_lowercase().as_str(),
                    "yes" | "no" | "on" | "off" | "y" | "n"
                );
                let hint = if style == Style::Quoted && matches!(text, "true" | "false") {
                    Some("remove the quotes: `true` or `false`")
                } else if yes_no {
                    Some("write `true` or `false` (`yes` and `no` are text in YAML 1.2)")
                } else {
                    Some("write `true` or `false`")
                };
                self.error(
                    PlanKind::WrongType {
                        expected: "true or false",
                        found: node.describe(),
                        hint,
                    },
                    node.span,
                );
                None
            }
            None => {
                self.error(
                    PlanKind::WrongType {
                        expected: "true or false",
                        found: node.describe(),
                        hint: None,
                    },
                    node.span,
                );
                None
            }
        }
    }

    fn flag(&mut self, fields: &Fields<'_, '_>, key: &str) -> Option<Located<bool>> {
        fields.get(key).and_then(|n| self.boolean(n))
    }

    fn choice<T: Choice>(&mut self, node: &Node<'_>) -> Option<Located<T>> {
        let text = self.text(node)?;
        if let Some(value) = T::from_word(&text.value) {
            return Some(Located::new(value, node.span));
        }
        let hidden = has_digit_run(&text.value);
        let suggestion = if hidden {
            None
        } else {
            crate::suggest::closest(&text.value, T::words())
        };
        self.error(
            PlanKind::UnknownValue {
                value: (!hidden).then_some(text.value),
                what: T::WHAT,
                expected: T::words(),
                suggestion,
            },
            node.span,
        );
        None
    }

    fn list<'n, 'a>(
        &mut self,
        node: &'n Node<'a>,
        expected: &'static str,
    ) -> Option<&'n [Node<'a>]> {
        if !self.no_pin_value(node) {
            return None;
        }
        if let Some(items) = node.items() {
            return Some(items);
        }
        let hint = node
            .scalar()
            .is_some()
            .then_some("write a list: `[a, b]`, or one `- item` per line");
        self.error(
            PlanKind::WrongType {
                expected,
                found: node.describe(),
                hint,
            },
            node.span,
        );
        None
    }

    /// Items of an optional list key (absent or null: empty).
    fn items<'n, 'a>(
        &mut self,
        fields: &Fields<'n, 'a>,
        key: &str,
        expected: &'static str,
    ) -> &'n [Node<'a>] {
        fields
            .get(key)
            .and_then(|n| self.list(n, expected))
            .unwrap_or(&[])
    }

    fn ids(&mut self, fields: &Fields<'_, '_>, key: &str) -> Vec<Located<String>> {
        let items = self.items(fields, key, "a list of step ids");
        items.iter().filter_map(|n| self.id(n)).collect()
    }

    // -----------------------------------------------------------------------------------------
    // The plan's parts.

    /// The whole plan from its root mapping; `numbers` already shaped when the reader streamed
    /// them (`None`: shape them from the root's own `numbers` entry).
    #[must_use]
    pub fn plan(&mut self, root: &Node<'_>, streamed: Option<Vec<RawNumber>>) -> Option<RawPlan> {
        let f = self.fields(root, "the plan", keys::PLAN)?;
        let version = self.required(&f, "version").and_then(|n| self.version(n));
        let plan = self.required(&f, "plan").and_then(|n| self.meta(n));
        let fleet = f
            .get("fleet")
            .and_then(|n| self.fleet(n))
            .unwrap_or_default();
        let source_wabas = self
            .items(&f, "source_wabas", "a list of source WABAs")
            .iter()
            .filter_map(|n| {
                let waba = self.waba(n);
                self.dropped.wabas |= waba.is_none();
                waba
            })
            .collect();
        let numbers = match streamed {
            Some(numbers) => {
                // Still insist on the key being there (and not empty).
                self.required(&f, "numbers");
                numbers
            }
            None => match self.required(&f, "numbers") {
                Some(n) => self
                    .list(n, "a list of numbers")
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|n| self.number(n))
                    .collect(),
                None => Vec::new(),
            },
        };
        let steps = self
            .items(&f, "steps", "a list of custom steps")
            .iter()
            .filter_map(|n| self.custom_step(n))
            .collect();
        let overrides = self
            .items(&f, "overrides", "a list of overrides")
            .iter()
            .filter_map(|n| self.override_(n))
            .collect();
        Some(RawPlan {
            version: version?,
            plan: plan?,
            fleet,
            source_wabas,
            numbers,
            steps,
            overrides,
            dropped: std::mem::take(&mut self.dropped),
        })
    }

    fn version(&mut self, node: &Node<'_>) -> Option<Located<u64>> {
        let text = self.text(node)?;
        match text.value.trim().parse::<u64>() {
            Ok(1) => Some(Located::new(1, node.span)),
            _ => {
                let shown = text.value.chars().take(20).collect::<String>();
                self.error(
                    PlanKind::UnsupportedVersion {
                        found: (!has_digit_run(&shown)).then_some(shown),
                    },
                    node.span,
                );
                None
            }
        }
    }

    fn meta(&mut self, node: &Node<'_>) -> Option<RawMeta> {
        let f = self.fields(node, "`plan`", keys::META)?;
        let name = self
            .required(&f, "name")
            .and_then(|n| self.free_text(n, "name"));
        let destination = self
            .required(&f, "destination")
            .and_then(|n| self.destination(n));
        let cutover_window = f.get("cutover_window").and_then(|n| self.window(n));
        let downtime_budget = f.get("downtime_budget").and_then(|n| self.text(n));
        let holidays = self
            .items(&f, "holidays", "a list of dates")
            .iter()
            .filter_map(|n| self.text(n))
            .collect();
        let calendars = f.get("calendars").and_then(|n| self.calendars(n));
        let implementation_partner = f
            .get("implementation_partner")
            .and_then(|n| self.free_text(n, "implementation_partner"));
        Some(RawMeta {
            name: name?,
            destination: destination?,
            cutover_window,
            downtime_budget,
            holidays,
            implementation_partner,
            calendars,
        })
    }

    fn calendars(&mut self, node: &Node<'_>) -> Option<RawCalendars> {
        let f = self.fields(node, "`calendars`", keys::CALENDARS)?;
        let mut one = |key: &str| f.get(key).and_then(|n| self.calendar(n));
        Some(RawCalendars {
            default: one("default"),
            customer: one("customer"),
            source_partner: one("source-partner"),
            genesys: one("genesys"),
            carrier: one("carrier"),
            implementation_partner: one("implementation-partner"),
        })
    }

    fn calendar(&mut self, node: &Node<'_>) -> Option<RawCalendar> {
        let f = self.fields(node, "a calendar", keys::CALENDAR)?;
        let time_zone = f.get("time_zone").and_then(|n| self.text(n));
        let hours = f.get("hours").and_then(|n| self.text(n));
        let days = self.items(&f, "days", "a list of days (mon, tue, ...)");
        if let Some(node) = f.get("days")
            && days.is_empty()
            && node.items().is_some()
        {
            self.error(
                PlanKind::InvalidCalendar {
                    problem: crate::plan::diags::CalendarProblem::NoWorkingDay,
                },
                node.span,
            );
        }
        let days = days.iter().filter_map(|n| self.choice(n)).collect();
        let holidays = f.get("holidays").map(|n| {
            self.list(n, "a list of dates")
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| self.text(n))
                .collect()
        });
        Some(RawCalendar {
            time_zone,
            hours,
            days,
            holidays,
        })
    }

    fn destination(&mut self, node: &Node<'_>) -> Option<RawDestination> {
        let f = self.fields(node, "`destination`", keys::DESTINATION)?;
        let region = self
            .required(&f, "region")
            .and_then(|n| self.compared(n, "region", "region", IdShape::Code));
        let org = self
            .required(&f, "org")
            .and_then(|n| self.compared(n, "org", "org", IdShape::Name));
        let time_zone = self.required(&f, "time_zone").and_then(|n| self.text(n));
        let business_verified = self.flag(&f, "business_verified").map(|b| b.value);
        let unverified_number_limit = f
            .get("unverified_number_limit")
            .and_then(|n| self.whole_number(n, u32::MAX, "a whole number of phone numbers", None));
        let portfolio = f
            .get("portfolio")
            .and_then(|n| self.compared(n, "portfolio", "portfolio", IdShape::Name));
        Some(RawDestination {
            region: region?,
            org: org?,
            time_zone: time_zone?,
            portfolio,
            business_verified,
            unverified_number_limit,
        })
    }

    fn window(&mut self, node: &Node<'_>) -> Option<RawWindow> {
        let f = self.fields(node, "`cutover_window`", keys::WINDOW)?;
        let start = self.required(&f, "start").and_then(|n| self.text(n));
        let end = self.required(&f, "end").and_then(|n| self.text(n));
        Some(RawWindow {
            start: start?,
            end: end?,
        })
    }

    fn fleet(&mut self, node: &Node<'_>) -> Option<RawFleet> {
        let f = self.fields(node, "`fleet`", keys::FLEET)?;
        let done = self.done_list(&f);
        let started = self.started_list(&f);
        Some(RawFleet { done, started })
    }

    fn done_list(&mut self, f: &Fields<'_, '_>) -> Vec<Located<RawDone>> {
        self.items(f, "done", "a list of steps done")
            .iter()
            .filter_map(|n| self.done(n))
            .collect()
    }

    fn started_list(&mut self, f: &Fields<'_, '_>) -> Vec<RawStarted> {
        self.items(f, "started", "a list of steps under way")
            .iter()
            .filter_map(|n| self.started(n))
            .collect()
    }

    fn started(&mut self, node: &Node<'_>) -> Option<RawStarted> {
        let f = self.fields(node, "a `started` entry", keys::STARTED)?;
        let step = self.required(&f, "step").and_then(|n| self.id(n));
        let at = self.required(&f, "at").and_then(|n| self.text(n));
        let by = f.get("by").and_then(|n| self.free_text(n, "by"));
        Some(RawStarted {
            step: step?,
            at: at?,
            by,
        })
    }

    fn done(&mut self, node: &Node<'_>) -> Option<Located<RawDone>> {
        if node.scalar().is_some() && !node.is_null() {
            let step = self.id(node)?;
            return Some(Located::new(
                RawDone {
                    step,
                    at: None,
                    by: None,
                },
                node.span,
            ));
        }
        if !node.is_map() {
            self.error(
                PlanKind::WrongType {
                    expected: "a step id, or a mapping with `step`, `at` and `by`",
                    found: node.describe(),
                    hint: None,
                },
                node.span,
            );
            return None;
        }
        let f = self.fields(node, "a `done` entry", keys::DONE)?;
        let step = self.required(&f, "step").and_then(|n| self.id(n));
        let at = f.get("at").and_then(|n| self.text(n));
        let by = f.get("by").and_then(|n| self.free_text(n, "by"));
        let step = step?;
        // The entry is located at its step id, where a reader's eye goes.
        let span = step.span;
        Some(Located::new(RawDone { step, at, by }, span))
    }

    fn waba(&mut self, node: &Node<'_>) -> Option<RawWaba> {
        let f = self.fields(node, "a source WABA", keys::WABA)?;
        let id = self.required(&f, "id").and_then(|n| self.id(n));
        let templates = self.templates(&f);
        Some(RawWaba { id: id?, templates })
    }

    fn templates(&mut self, f: &Fields<'_, '_>) -> Vec<RawTemplate> {
        self.items(f, "templates", "a list of templates")
            .iter()
            .filter_map(|n| self.template(n))
            .collect()
    }

    fn template(&mut self, node: &Node<'_>) -> Option<RawTemplate> {
        let f = self.fields(node, "a template", keys::TEMPLATE)?;
        let name = self
            .required(&f, "name")
            .and_then(|n| self.compared(n, "name", "template name", IdShape::Name));
        let language = self
            .required(&f, "language")
            .and_then(|n| self.compared(n, "language", "template language", IdShape::Code));
        let category = self.required(&f, "category").and_then(|n| self.choice(n));
        let status = self.required(&f, "status").and_then(|n| self.choice(n));
        let quality = f.get("quality").and_then(|n| self.choice(n));
        let buttons = f.get("buttons").and_then(|n| self.buttons(n));
        let header = f.get("header").and_then(|n| self.choice(n));
        Some(RawTemplate {
            name: name?,
            language: language?,
            category: category?,
            status: status?,
            quality,
            buttons,
            header,
        })
    }

    fn buttons(&mut self, node: &Node<'_>) -> Option<Located<RawButtons>> {
        if !self.not_secret(node) {
            return None;
        }
        if let Some((text, Style::Plain)) = node.scalar()
            && let Ok(count) = text.parse::<u64>()
        {
            return Some(Located::new(RawButtons::Count(count), node.span));
        }
        if let Some(items) = node.items() {
            let kinds: Vec<_> = items.iter().filter_map(|n| self.choice(n)).collect();
            if kinds.len() < items.len() {
                return None;
            }
            return Some(Located::new(
                RawButtons::Kinds(kinds.into_iter().map(|k| k.value).collect()),
                node.span,
            ));
        }
        self.error(
            PlanKind::WrongType {
                expected: "a number of buttons, or a list of button kinds",
                found: node.describe(),
                hint: Some("write `buttons: 2`, or `buttons: [url, quick_reply]`"),
            },
            node.span,
        );
        None
    }

    /// One number entry (`None`, recorded as dropped, when it cannot be shaped).
    #[must_use]
    pub fn number(&mut self, node: &Node<'_>) -> Option<RawNumber> {
        let number = self.number_entry(node);
        self.dropped.numbers |= number.is_none();
        number
    }

    fn number_entry(&mut self, node: &Node<'_>) -> Option<RawNumber> {
        let f = self.fields(node, "a number", keys::NUMBER)?;
        let number = self.required(&f, "number").and_then(|n| self.text(n));
        let display_name = f
            .get("display_name")
            .and_then(|n| self.free_text(n, "display_name"));
        let display_name_status = f.get("display_name_status").and_then(|n| self.choice(n));
        let source = self.required(&f, "source").and_then(|n| self.source(n));
        let official_business_account = self
            .flag(&f, "official_business_account")
            .is_some_and(|b| b.value);
        let oba_request_rejected_at = f.get("oba_request_rejected_at").and_then(|n| self.text(n));
        let country_availability_confirmed = self
            .flag(&f, "country_availability_confirmed")
            .is_some_and(|b| b.value);
        let numbering_confirmed = self
            .flag(&f, "numbering_confirmed")
            .is_some_and(|b| b.value);
        let verification = f.get("verification").and_then(|n| self.choice(n));
        let done = self.done_list(&f);
        let started = self.started_list(&f);
        let templates = self.templates(&f);
        let registrations = f.get("registrations").and_then(|n| self.registrations(n));
        let notes = f
            .get("notes")
            .and_then(|n| self.free_text(n, "notes"))
            .map(|n| n.value);
        if number.is_none() || source.is_none() {
            let done = done.iter().map(|d| &d.value.step);
            let started = started.iter().map(|s| &s.step);
            (self.dropped.number_steps)
                .extend(done.chain(started).map(|s| (s.value.clone(), s.span)));
            return None;
        }
        Some(RawNumber {
            number: number?,
            display_name,
            display_name_status,
            source: source?,
            official_business_account,
            oba_request_rejected_at,
            country_availability_confirmed,
            numbering_confirmed,
            verification,
            done,
            started,
            templates,
            registrations,
            notes,
        })
    }

    fn registrations(&mut self, node: &Node<'_>) -> Option<Located<RawRegistrations>> {
        let f = self.fields(node, "`registrations`", keys::REGISTRATIONS)?;
        let earlier = self
            .items(&f, "earlier", "a list of times")
            .iter()
            .filter_map(|n| self.text(n))
            .collect();
        let retries = f.get("retries").and_then(|n| self.retries(n));
        Some(Located::new(
            RawRegistrations { earlier, retries },
            node.span,
        ))
    }

    /// A count of retries, 0 to 10 (more could never fit in Meta's quota).
    fn retries(&mut self, node: &Node<'_>) -> Option<Located<u32>> {
        self.whole_number(
            node,
            crate::catalog::REGISTRATIONS_PER_WINDOW,
            "a whole number from 0 to 10",
            Some("Meta allows 10 registrations per number in 72 hours: write `retries: 1`"),
        )
    }

    /// A whole number from 0 to `max`, or a wrong-type error that does not echo the value.
    fn whole_number(
        &mut self,
        node: &Node<'_>,
        max: u32,
        expected: &'static str,
        hint: Option<&'static str>,
    ) -> Option<Located<u32>> {
        if !self.not_secret(node) {
            return None;
        }
        if let Some((text, Style::Plain)) = node.scalar()
            && let Ok(count) = text.parse::<u32>()
            && count <= max
        {
            return Some(Located::new(count, node.span));
        }
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let found = match node.scalar() {
            // A whole number all the same: say what is wrong with it, not "a number".
            Some((text, Style::Plain)) if digits(text) => "a whole number larger than it allows",
            Some((text, Style::Plain)) if text.strip_prefix('-').is_some_and(digits) => {
                "a negative number"
            }
            _ => node.describe(),
        };
        self.error(
            PlanKind::WrongType {
                expected,
                found,
                hint,
            },
            node.span,
        );
        None
    }

    fn source(&mut self, node: &Node<'_>) -> Option<Located<RawSource>> {
        let span = node.span;
        if let Some((word, _)) = node.scalar() {
            if !self.not_secret(node) {
                return None;
            }
            let source = match word {
                "engage" => RawSource::Engage(RawEngage::default()),
                "app" => RawSource::App(RawApp::default()),
                needs_keys
                    if let Some(&(_, key)) = (crate::plan::diags::WORD_SOURCE_KEYS.iter())
                        .find(|(kind, _)| *kind == needs_keys) =>
                {
                    self.error(
                        PlanKind::MissingKey {
                            key,
                            what: "this source",
                            empty: false,
                        },
                        span,
                    );
                    return None;
                }
                other => {
                    let hidden = has_digit_run(other);
                    self.error(
                        PlanKind::UnknownValue {
                            value: (!hidden).then(|| other.to_string()),
                            what: "source kind",
                            expected: keys::SOURCE_KINDS.to_vec(),
                            suggestion: if hidden {
                                None
                            } else {
                                crate::suggest::closest(other, keys::SOURCE_KINDS.iter().copied())
                            },
                        },
                        span,
                    );
                    return None;
                }
            };
            return Some(Located::new(source, span));
        }
        let f = self.fields(node, "`source`", keys::SOURCE_KINDS)?;
        let given: Vec<&str> = keys::SOURCE_KINDS
            .iter()
            .copied()
            .filter(|k| {
                f.values[keys::SOURCE_KINDS.iter().position(|x| x == k).unwrap_or(0)].is_some()
            })
            .collect();
        match given.as_slice() {
            [] => {
                if !node.entries().is_empty() {
                    // Only unknown keys: already reported.
                    return None;
                }
                self.error(
                    PlanKind::MissingKey {
                        key: "engage, bsp, genesys, app, new or name_change",
                        what: "`source`",
                        empty: false,
                    },
                    span,
                );
                None
            }
            [kind] => {
                let value = f.values[keys::SOURCE_KINDS
                    .iter()
                    .position(|x| x == kind)
                    .unwrap_or(0)]?;
                let empty = value.is_null();
                let source = match *kind {
                    "engage" if empty => RawSource::Engage(RawEngage::default()),
                    "app" if empty => RawSource::App(RawApp::default()),
                    "engage" => RawSource::Engage(self.engage(value)?),
                    "app" => RawSource::App(self.app(value)?),
                    "bsp" => RawSource::Bsp(self.bsp(value)?),
                    "genesys" => RawSource::Genesys(self.genesys(value)?),
                    "name_change" => RawSource::NameChange(self.name_change(value)?),
                    _ => RawSource::New(self.new_line(value)?),
                };
                Some(Located::new(source, span))
            }
            _ => {
                self.error(
                    PlanKind::WrongType {
                        expected: "one source kind",
                        found: "several",
                        hint: Some("a number comes from one place: keep one of them"),
                    },
                    span,
                );
                None
            }
        }
    }

    fn engage(&mut self, node: &Node<'_>) -> Option<RawEngage> {
        let f = self.fields(node, "an `engage` source", keys::ENGAGE)?;
        Some(RawEngage {
            partner: f
                .get("partner")
                .and_then(|n| self.compared(n, "partner", "partner", IdShape::Name)),
            source_waba_admin: f.get("source_waba_admin").and_then(|n| self.choice(n)),
            waba: f.get("waba").and_then(|n| self.id(n)),
            waba_status: f.get("waba_status").and_then(|n| self.choice(n)),
            portfolio: f
                .get("portfolio")
                .and_then(|n| self.compared(n, "portfolio", "portfolio", IdShape::Name)),
            line: self.line(&f),
        })
    }

    /// The optional line keys of a migrating number.
    fn line(&mut self, f: &Fields<'_, '_>) -> RawLine {
        RawLine {
            line: f.get("line").and_then(|n| self.choice(n)),
            ivr: self.ivr(f),
        }
    }

    /// The IVR keys of a line, new or migrating.
    fn ivr(&mut self, f: &Fields<'_, '_>) -> RawIvr {
        RawIvr {
            behind_ivr: self.flag(f, "behind_ivr"),
            can_bypass_ivr: self.flag(f, "can_bypass_ivr"),
        }
    }

    fn bsp(&mut self, node: &Node<'_>) -> Option<RawBsp> {
        let f = self.fields(node, "a `bsp` source", keys::BSP)?;
        let partner = self
            .required(&f, "partner")
            .and_then(|n| self.compared(n, "partner", "partner", IdShape::Name));
        let source_waba_admin = f.get("source_waba_admin").and_then(|n| self.choice(n));
        let disconnect_ahead = self.flag(&f, "disconnect_ahead").is_some_and(|b| b.value);
        let waba = f.get("waba").and_then(|n| self.id(n));
        let waba_status = f.get("waba_status").and_then(|n| self.choice(n));
        let portfolio = f
            .get("portfolio")
            .and_then(|n| self.compared(n, "portfolio", "portfolio", IdShape::Name));
        let on_premises = self.flag(&f, "on_premises").is_some_and(|b| b.value);
        let line = self.line(&f);
        Some(RawBsp {
            partner: partner?,
            source_waba_admin,
            disconnect_ahead,
            waba,
            waba_status,
            portfolio,
            on_premises,
            line,
        })
    }

    fn genesys(&mut self, node: &Node<'_>) -> Option<RawGenesys> {
        let f = self.fields(node, "a `genesys` source", keys::GENESYS)?;
        let region = self
            .required(&f, "region")
            .and_then(|n| self.compared(n, "region", "region", IdShape::Code));
        let org = self
            .required(&f, "org")
            .and_then(|n| self.compared(n, "org", "org", IdShape::Name));
        let pin_known = self.pin_known(&f);
        let waba_status = f.get("waba_status").and_then(|n| self.choice(n));
        let line = self.line(&f);
        Some(RawGenesys {
            region: region?,
            org: org?,
            pin_known: pin_known?,
            waba_status,
            line,
        })
    }

    fn name_change(&mut self, node: &Node<'_>) -> Option<RawNameChange> {
        let f = self.fields(node, "a `name_change` source", keys::NAME_CHANGE)?;
        let old_name = f
            .get("old_name")
            .and_then(|n| self.free_text(n, "old_name"));
        let pin_known = self.pin_known(&f);
        let waba_status = f.get("waba_status").and_then(|n| self.choice(n));
        let line = self.line(&f);
        Some(RawNameChange {
            old_name,
            pin_known: pin_known?,
            waba_status,
            line,
        })
    }

    /// The required `pin_known` flag; anything but `true` or `false` may be the PIN itself.
    fn pin_known(&mut self, f: &Fields<'_, '_>) -> Option<Located<bool>> {
        match self.required(f, "pin_known") {
            Some(n) if n.is_secret() => {
                self.error(
                    PlanKind::PinInPlan {
                        place: PinPlace::PinKnownValue,
                    },
                    n.span,
                );
                None
            }
            Some(n) => self.boolean(n),
            None => None,
        }
    }

    fn app(&mut self, node: &Node<'_>) -> Option<RawApp> {
        let f = self.fields(node, "an `app` source", keys::APP)?;
        Some(RawApp {
            app: f.get("app").and_then(|n| self.choice(n)),
            banned: self.flag(&f, "banned").is_some_and(|b| b.value),
            line: self.line(&f),
        })
    }

    fn new_line(&mut self, node: &Node<'_>) -> Option<RawNew> {
        let f = self.fields(node, "a `new` source", keys::NEW)?;
        let line = self.required(&f, "line").and_then(|n| {
            // What `init` writes for a line it was not told: read as a Genesys Cloud Voice line
            // so the draft checks, never ready (the kind of line sets the steps and lead times).
            if n.scalar()
                .is_some_and(|(text, _)| text == crate::init::LINE_PLACEHOLDER)
            {
                self.diagnostics.push(Diagnostic::warning(
                    PlanKind::Placeholder {
                        key: "line",
                        what: "a `new` source",
                        value: crate::init::LINE_PLACEHOLDER,
                    },
                    n.span,
                ));
                return Some(Located::new(crate::plan::LineType::GenesysVoice, n.span));
            }
            self.choice(n)
        });
        let banned = self.flag(&f, "banned").is_some_and(|b| b.value);
        Some(RawNew {
            line: line?,
            banned,
            ivr: self.ivr(&f),
        })
    }

    fn custom_step(&mut self, node: &Node<'_>) -> Option<RawCustomStep> {
        let Some(f) = self.fields(node, "a custom step", keys::STEP) else {
            self.dropped.unnamed_steps = true;
            return None;
        };
        let id = self.required(&f, "id").and_then(|n| self.id(n));
        let step = self.custom_step_fields(&f, id.clone());
        match (&step, id) {
            (None, Some(id)) => {
                self.dropped.step_ids.insert(id.value);
            }
            (None, None) => self.dropped.unnamed_steps = true,
            _ => {}
        }
        step
    }

    fn custom_step_fields(
        &mut self,
        f: &Fields<'_, '_>,
        id: Option<Located<String>>,
    ) -> Option<RawCustomStep> {
        let title = self
            .required(f, "title")
            .and_then(|n| self.free_text(n, "title"));
        let owner = self.required(f, "owner").and_then(|n| self.choice(n));
        let phase = f.get("phase").and_then(|n| self.choice(n));
        let duration = f.get("duration").and_then(|n| self.text(n));
        let after = self.ids(f, "after");
        let before = self.ids(f, "before");
        let numbers = f.get("numbers").and_then(|n| self.scope(n));
        let reason = f
            .get("reason")
            .and_then(|n| self.free_text(n, "reason"))
            .map(|t| t.value);
        let action = f
            .get("action")
            .and_then(|n| self.free_text(n, "action"))
            .map(|t| t.value);
        Some(RawCustomStep {
            id: id?,
            title: title?,
            owner: owner?,
            phase,
            duration,
            after,
            before,
            numbers,
            reason,
            action,
        })
    }

    fn scope(&mut self, node: &Node<'_>) -> Option<Located<RawScope>> {
        if !self.no_pin_value(node) {
            return None;
        }
        if let Some(("all", _)) = node.scalar() {
            return Some(Located::new(RawScope::All, node.span));
        }
        if let Some(items) = node.items() {
            // Phone numbers, read as `number:` is (validation says which could be a PIN).
            let list: Vec<_> = items.iter().filter_map(|n| self.text(n)).collect();
            if list.is_empty() && !items.is_empty() {
                // Every item was refused (and said why): not an empty list to report again.
                return None;
            }
            return Some(Located::new(RawScope::List(list), node.span));
        }
        self.error(
            PlanKind::WrongType {
                expected: "`all` or a list of phone numbers",
                found: node.describe(),
                hint: Some("write `numbers: all`, or `numbers: [\"+49 30 901820\"]`"),
            },
            node.span,
        );
        None
    }

    fn override_(&mut self, node: &Node<'_>) -> Option<RawOverride> {
        let f = self.fields(node, "an override", keys::OVERRIDE)?;
        let step = self.required(&f, "step").and_then(|n| self.id(n));
        let duration = f.get("duration").and_then(|n| self.text(n));
        let owner = f.get("owner").and_then(|n| self.choice(n));
        let numbers = f.get("numbers").and_then(|n| self.scope(n));
        Some(RawOverride {
            step: step?,
            duration,
            owner,
            numbers,
        })
    }
}

/// Where a PIN is within `node` (its scalars, and keys that name one, however deep), if
/// anywhere: the first found. The walk stops after a bounded number of nodes (aliases may repeat
/// a large part of a file).
fn pin_within(node: &Node<'_>) -> Option<crate::source::Span> {
    let mut stack = vec![node];
    let mut budget = 100_000_usize;
    while let Some(n) = stack.pop() {
        budget = budget.checked_sub(1)?;
        if n.holds_pin() {
            return Some(n.span);
        }
        if let Some(items) = n.items() {
            stack.extend(items.iter().rev());
        }
        for entry in n.entries().into_iter().rev() {
            if entry.key.holds_pin()
                || entry
                    .key
                    .scalar()
                    .is_some_and(|(k, _)| super::yaml::is_secret_key(k))
            {
                return Some(entry.value.span);
            }
            stack.push(&entry.value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_in_free_text_is_spotted() {
        for text in [
            "PIN 481516",
            "the pin is 481516",
            "PIN: 481516",
            "pin481516",
            "Two-step verification code 481516",
            "2FA 481516",
            "Passcode=481516 (do not share)",
        ] {
            assert!(pin_in_text(text), "{text}");
        }
        for text in [
            "Fourth Coffee Berlin",
            "call 030 481516",
            "order 4815162 with pin",
            "PIN known to Ines",
        ] {
            assert!(!pin_in_text(text), "{text}");
        }
    }
}
