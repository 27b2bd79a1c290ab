//! Replaying the journal onto a compiled plan, and checking a new event before it is recorded.
//!
//! The plan's `done:` and `started:` facts are the starting state of each step; the journal's
//! events, in the order they happened, move it on:
//!
//! ```text
//!            started            done
//!  pending ──────────► in progress ──────► done
//!     ▲  ╲                 │  failed           │
//!     │   ╲ skipped        ▼                   │
//!     │    ╲──────────► failed / skipped       │
//!     └──────── undone ◄───────────────────────┘
//! ```
//!
//! Replaying is lenient: an event that contradicts the state it meets (done twice, say, after
//! two clones were merged) is reported as a conflict and not counted, and every other event
//! still is. Recording is strict: [`check`] refuses an event that cannot have happened (a step
//! whose prerequisites are not done, a time before they were, a time in the future, undoing a
//! step something later already builds on) unless the user forces it with a reason.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::catalog::{self, DowntimeRole, Phase, SourceKind};
use crate::diagnostic::Diagnostic;
use crate::graph::{DoneMark, StartedMark, StepGraph};
use compact_str::CompactString;

use crate::journal::read::Recorded;
use crate::journal::{EventKind, JournalKind};
use crate::plan::E164;
use crate::source::Span;

/// The state of a step after the plan's facts and the journal's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Not started.
    Pending,
    /// Under way since `at`.
    InProgress {
        /// Since when.
        at: DateTime<Utc>,
        /// Who.
        by: Option<CompactString>,
    },
    /// Done at `at` (`None`: a plan fact with no time).
    Done {
        /// When.
        at: Option<DateTime<Utc>>,
        /// Who.
        by: Option<CompactString>,
    },
    /// Will not be done; counts as done for what needs it.
    Skipped {
        /// When it was decided.
        at: DateTime<Utc>,
        /// Who decided.
        by: Option<CompactString>,
        /// Why.
        reason: String,
    },
    /// The last attempt failed; to be tried again.
    Failed {
        /// When.
        at: DateTime<Utc>,
        /// Who.
        by: Option<CompactString>,
        /// Why.
        reason: String,
    },
}

impl Mark {
    /// The plan's own fact about a node.
    fn of_plan(graph: &StepGraph, node: NodeIndex) -> Mark {
        let n = &graph.graph[node];
        match (n.done.as_deref(), graph.started(node)) {
            (
                Some(DoneMark::Listed {
                    at,
                    by,
                    skipped: None,
                    ..
                }),
                _,
            ) => Mark::Done {
                at: *at,
                by: by.as_deref().map(CompactString::from),
            },
            (
                Some(DoneMark::Listed {
                    at,
                    by,
                    skipped: Some(reason),
                    ..
                }),
                _,
            ) => Mark::Skipped {
                at: at.unwrap_or_default(),
                by: by.as_deref().map(CompactString::from),
                reason: reason.to_string(),
            },
            (Some(DoneMark::Fact(_)), _) => Mark::Done { at: None, by: None },
            (None, Some(s)) => Mark::InProgress {
                at: s.at,
                by: s.by.as_deref().map(CompactString::from),
            },
            (None, None) => Mark::Pending,
        }
    }

    /// Whether what needs the step may go on.
    #[must_use]
    pub fn satisfied(&self) -> bool {
        matches!(self, Mark::Done { .. } | Mark::Skipped { .. })
    }

    /// The name shown.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Mark::Pending => "pending",
            Mark::InProgress { .. } => "in progress",
            Mark::Done { .. } => "done",
            Mark::Skipped { .. } => "skipped",
            Mark::Failed { .. } => "failed",
        }
    }
}

/// Whether a step in state `mark` can meet an event of `kind` (the state machine alone).
fn state_allows(kind: EventKind, mark: &Mark) -> bool {
    match kind {
        EventKind::Started => matches!(mark, Mark::Pending | Mark::Failed { .. }),
        // A failure may follow a failure (tried again and failed again).
        EventKind::Done | EventKind::Skipped | EventKind::Failed => !mark.satisfied(),
        EventKind::Undone => !matches!(mark, Mark::Pending),
    }
}

/// The state an event leads to.
fn after(r: &Recorded) -> Mark {
    let e = &r.event;
    let by = e.by.clone();
    let reason = || e.reason().unwrap_or_default().to_string();
    match e.event {
        EventKind::Started => Mark::InProgress { at: e.at, by },
        EventKind::Done => Mark::Done { at: Some(e.at), by },
        EventKind::Failed => Mark::Failed {
            at: e.at,
            by,
            reason: reason(),
        },
        EventKind::Skipped => Mark::Skipped {
            at: e.at,
            by,
            reason: reason(),
        },
        EventKind::Undone => Mark::Pending,
    }
}

/// Whether a step may be skipped: a step of the plan's own (`steps:`), or a catalogue step that
/// comes after the cutover (reviewing templates, re-enabling two-step verification). A
/// catalogue step before or during the cutover is a prerequisite the sources name, and a
/// skipped one would read as a number ready when it is not (two-step verification left on
/// fails the registration): it is done, or the plan's facts say it does not apply.
#[must_use]
pub fn skippable(graph: &StepGraph, node: NodeIndex) -> bool {
    match graph.graph[node].origin() {
        crate::graph::Origin::Custom(_) => true,
        crate::graph::Origin::Route(_) | crate::graph::Origin::Fleet(_) => {
            // An Official Business Account requires two-step verification: turning it back on
            // is not optional for such a number.
            let oba_needs_it = graph.id(node) == "re-enable-two-step-verification"
                && graph.graph[node]
                    .number()
                    .is_some_and(|n| graph.plan.numbers[n].official_business_account);
            graph.phase(node) == Phase::After
                && !graph.is_handover(node)
                && graph.downtime_role(node) == DowntimeRole::None
                && !oba_needs_it
        }
    }
}

/// The first applicable prerequisite of `node` that is not done or skipped, with its state.
fn unfinished_prerequisite(
    graph: &StepGraph,
    folded: &Folded,
    node: NodeIndex,
) -> Option<(NodeIndex, Mark)> {
    graph
        .graph
        .neighbors_directed(node, Direction::Incoming)
        .filter(|&p| graph.graph[p].applicable)
        .map(|p| (p, folded.mark(graph, p)))
        .find(|(_, m)| !m.satisfied())
}

/// How the journal's events land on a plan.
#[derive(Debug, Default)]
pub struct Folded {
    /// The state of every step the journal touched.
    pub marks: HashMap<NodeIndex, Mark>,
    /// The last event counted for each step touched (index into the events folded).
    pub last_event: HashMap<NodeIndex, usize>,
    /// Steps whose plan fact (`done:`, `started:`) an `undone` event retracted.
    pub retracted_plan: HashSet<NodeIndex>,
    /// Events counted.
    pub counted: usize,
    /// Events retracted by a later `undone` (the record was wrong): not counted at any moment.
    pub retracted: usize,
    /// Events after the evaluation moment, not counted yet.
    pub later: usize,
    /// Conflicts and events for numbers or steps the plan does not have: the first
    /// [`PROBLEMS_LISTED`](crate::journal::read::PROBLEMS_LISTED).
    pub diagnostics: Vec<Diagnostic>,
    /// Problems past those, counted only.
    pub unlisted: crate::journal::read::Unlisted,
    /// What became of each event folded (parallel to the events).
    pub fates: Vec<Fate>,
    /// Registration attempts the journal recorded: every counted `done` or `failed` event of a
    /// number's `save-integration` (saving registers the number, MREG), as (number, time).
    /// They count against Meta's registration quota as the plan's `registrations.earlier` do.
    pub registrations: Vec<(usize, DateTime<Utc>)>,
}

/// What became of one event when the journal was replayed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "fate")]
pub enum Fate {
    /// It counts.
    Counted,
    /// A later `undone` (on that line) retracted it: it counts at no moment.
    Retracted {
        /// The line of the `undone` event.
        by_line: u32,
    },
    /// It happened after the moment shown.
    Later,
    /// It contradicts what the journal already says (reported).
    Conflict,
    /// It names a number or step the plan does not have (reported).
    UnknownEntry,
}

impl Folded {
    /// Lets go of what only the replay needed, once [`apply`] has written the states into the
    /// graph (a replay of half a million events holds some 50 MB): the marks are kept only for
    /// failed and skipped steps, whose reasons a status shows, and the last events, retracted
    /// plan facts and fates of single events go. [`Folded::mark`] still answers as before, as
    /// the graph now holds every other state.
    pub fn keep_for_report(&mut self) {
        self.marks
            .retain(|_, m| matches!(m, Mark::Failed { .. } | Mark::Skipped { .. }));
        self.marks.shrink_to_fit();
        self.last_event = HashMap::new();
        self.retracted_plan = HashSet::new();
        self.fates = Vec::new();
        self.registrations = Vec::new();
    }

    /// The state of `node`: the journal's, else the plan's.
    #[must_use]
    pub fn mark(&self, graph: &StepGraph, node: NodeIndex) -> Mark {
        match self.marks.get(&node) {
            Some(mark) => mark.clone(),
            None if self.retracted_plan.contains(&node) => Mark::Pending,
            None => Mark::of_plan(graph, node),
        }
    }
}

/// Finds a journal's number and step in the plan.
pub struct Resolver {
    numbers: HashMap<E164, usize>,
}

/// Why a number and step name no step of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The plan has no such number.
    Number {
        /// The nearest numbers of the plan.
        near: Option<String>,
    },
    /// The step id is written in another case than the plan's (ids are case-sensitive).
    Case {
        /// The id as the plan has it.
        id: String,
    },
    /// The number has no such step.
    Step {
        /// A close step id of the number (or the fleet).
        near: Option<String>,
        /// The source kinds whose route has the step.
        other_kinds: Vec<SourceKind>,
        /// The number's own kind.
        kind: Option<SourceKind>,
        /// It is a fleet step, written for a number (or the other way round).
        fleet: bool,
    },
}

impl Unresolved {
    /// What is wrong, and how to go on.
    #[must_use]
    pub fn describe(&self, number: &str, step: &str) -> (String, String) {
        // A step id typed with a zero-width space reads as the one "did you mean" offers.
        let step = &*crate::plan::diags::with_invisibles_shown(step);
        match self {
            Unresolved::Number { near } => (
                format!("the plan has no number {number}"),
                near.as_ref().map_or_else(
                    || "`wamigrate status PLAN` lists the plan's numbers; `fleet` names the fleet's steps".into(),
                    |n| format!("did you mean {n}?"),
                ),
            ),
            Unresolved::Case { id } => (
                format!("{number} has no step `{step}`: step ids are case-sensitive"),
                format!("did you mean `{id}`?"),
            ),
            Unresolved::Step {
                fleet: true,
                ..
            } if number == crate::journal::FLEET => (
                format!("`{step}` is a step of each number, not of the fleet"),
                format!("name the number: `wamigrate record PLAN NUMBER {step} ...`"),
            ),
            Unresolved::Step { fleet: true, .. } => (
                format!("`{step}` is a fleet step, shared by every number"),
                format!("record it once for the fleet: `wamigrate record PLAN fleet {step} ...`"),
            ),
            Unresolved::Step {
                other_kinds,
                kind: Some(kind),
                ..
            } if other_kinds.contains(kind) => (
                format!(
                    "{number} has no step `{step}`: {} {kind} number has it only when the plan states its line",
                    kind.article()
                ),
                "state the line in the number's source (`line: sms_inventory`, `behind_ivr: true`, ...), or record another step".to_string(),
            ),
            Unresolved::Step {
                other_kinds,
                kind: Some(kind),
                ..
            } if !other_kinds.is_empty() => {
                let kinds = other_kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                (
                    format!(
                        "`{step}` is a step of numbers from {kinds}; {number} comes from {kind}"
                    ),
                    format!("`wamigrate steps --source {kind}` lists the steps of its route"),
                )
            }
            Unresolved::Step { near, .. } => (
                format!("{number} has no step `{step}`"),
                near.as_ref().map_or_else(
                    || "`wamigrate steps` lists the catalogue's step ids; custom ones are the plan's `steps:`".into(),
                    |n| format!("did you mean `{n}`?"),
                ),
            ),
        }
    }
}

impl Resolver {
    /// An index of the plan's numbers.
    #[must_use]
    pub fn new(graph: &StepGraph) -> Resolver {
        Resolver {
            numbers: graph
                .plan
                .numbers
                .iter()
                .enumerate()
                .map(|(i, n)| (n.e164.identity(), i))
                .collect(),
        }
    }

    /// The plan's index of a number.
    #[must_use]
    pub fn number(&self, number: &E164) -> Option<usize> {
        // Any spelling of the number: `+49 30 ...` finds a number the plan writes `+49 030 ...`.
        self.numbers.get(&number.identity()).copied()
    }

    /// The node of `step` for `number` (`None`: the fleet).
    ///
    /// # Errors
    /// When the plan has no such number or step, with what is near.
    pub fn node(
        &self,
        graph: &StepGraph,
        number: Option<&E164>,
        step: &str,
    ) -> Result<NodeIndex, Unresolved> {
        let fleet_has = |id: &str| graph.fleet.iter().copied().find(|&f| graph.id(f) == id);
        // `Save-Integration` for `save-integration`: the id in the plan's case, so the help names
        // it rather than guessing that the plan changed.
        let lower = step.to_lowercase();
        let other_case = |mut ids: Vec<&str>| {
            ids.retain(|id| id.to_lowercase() == lower);
            ids.first().map(|id| Unresolved::Case {
                id: (*id).to_string(),
            })
        };
        let Some(number) = number else {
            let fleet_ids = || graph.fleet.iter().map(|&f| graph.id(f));
            if let Some(node) = fleet_has(step) {
                return Ok(node);
            }
            if let Some(case) = other_case(fleet_ids().collect()) {
                return Err(case);
            }
            return Err(Unresolved::Step {
                near: crate::suggest::closest(step, fleet_ids()).map(str::to_string),
                other_kinds: Vec::new(),
                kind: None,
                fleet: catalog::all_step_ids().contains(&step)
                    && catalog::fleet_step(step).is_none(),
            });
        };
        let Some(n) = self.number(number) else {
            let near = graph.plan.nearest_number(number).map(str::to_string);
            return Err(Unresolved::Number { near });
        };
        let nodes = &graph.numbers[n].nodes;
        if let Some(&node) = nodes.iter().find(|&&x| graph.id(x) == step) {
            return Ok(node);
        }
        if let Some(case) = other_case(nodes.iter().map(|&x| graph.id(x)).collect()) {
            return Err(case);
        }
        let kind = graph.plan.numbers[n].source.kind();
        Err(Unresolved::Step {
            near: crate::suggest::closest(step, nodes.iter().map(|&x| graph.id(x)))
                .map(str::to_string),
            other_kinds: catalog::kinds_with_step(step),
            kind: Some(kind),
            fleet: fleet_has(step).is_some(),
        })
    }
}

/// Replays `events` (in the order they happened) that happened by `until` onto the plan's
/// facts.
///
/// First, every `undone` retracts the records of its step since the step's previous `undone`
/// (or, when the journal holds none, the plan's own fact): the record was wrong, so it counts at
/// no moment. Then the rest is replayed in order; an event the state machine or the step's
/// prerequisites do not allow at that point (done twice, done while a step it needs is not,
/// as a merge of two clones can leave) is reported as a conflict and not counted, unless it was
/// forced when recorded.
#[must_use]
pub fn fold<R: std::borrow::Borrow<Recorded>>(
    graph: &StepGraph,
    events: &[R],
    until: DateTime<Utc>,
) -> Folded {
    let event = |i: usize| events[i].borrow();
    let resolver = Resolver::new(graph);
    let mut folded = Folded::default();
    let nodes: Vec<Option<NodeIndex>> = events
        .iter()
        .map(std::borrow::Borrow::borrow)
        .map(
            |r: &Recorded| match resolver.node(graph, r.number().as_ref(), &r.event.step) {
                Ok(node) => Some(node),
                Err(why) => {
                    // A step the plan does not have was not vetted by its PIN checks.
                    let step = crate::journal::masked(&r.event.step);
                    let (problem, fix) = why.describe(&r.event.number, &step);
                    // Only a case slip has a fix to give; anything else is taken for a plan
                    // that changed since the event was recorded.
                    let fix = matches!(why, Unresolved::Case { .. }).then(|| {
                        format!("{fix} The journal's lines are plain text: correct the id in this line, or record the event again; until then it is not counted")
                    });
                    folded.unlisted.list(
                        &mut folded.diagnostics,
                        Diagnostic::warning(
                            JournalKind::UnknownEntry {
                                problem: format!("{problem}; this event is not counted"),
                                fix,
                            },
                            Span { len: 0, ..r.span },
                        ),
                    );
                    None
                }
            },
        )
        .collect();
    // Retractions: which events an `undone` cancels, and which undone had nothing to cancel.
    // An undo cancels what was recorded before it (in the order of recording), whatever
    // moment those records name: an event recorded after the undo is news, never retracted.
    let mut retracted = vec![false; events.len()];
    let mut retracted_by = vec![0_u32; events.len()];
    let mut empty_undo = vec![false; events.len()];
    // Only the steps some `undone` names can have records cancelled: the others are left out of
    // this pass (a journal of half a million events has a few undos, if any).
    let undone: HashSet<NodeIndex> = events
        .iter()
        .map(std::borrow::Borrow::borrow)
        .zip(&nodes)
        .filter(|(r, _): &(&Recorded, _)| r.event.event == EventKind::Undone)
        .filter_map(|(_, node)| *node)
        .collect();
    let mut open: HashMap<NodeIndex, Vec<usize>> = HashMap::new();
    let mut by_recording: Vec<usize> = (0..events.len())
        .filter(|&i| nodes[i].is_some_and(|node| undone.contains(&node)))
        .collect();
    by_recording.sort_by_key(|&i| (event(i).event.recorded, event(i).line));
    for &i in &by_recording {
        let r = event(i);
        let Some(node) = nodes[i] else { continue };
        let records = open.entry(node).or_default();
        if r.event.event == EventKind::Undone {
            if !records.is_empty() {
                for j in records.drain(..) {
                    retracted[j] = true;
                    retracted_by[j] = r.line;
                }
            } else if !folded.retracted_plan.contains(&node)
                && Mark::of_plan(graph, node) != Mark::Pending
            {
                folded.retracted_plan.insert(node);
            } else {
                empty_undo[i] = true;
            }
        } else {
            records.push(i);
        }
    }
    folded.fates = vec![Fate::UnknownEntry; events.len()];
    for (i, r) in events.iter().map(std::borrow::Borrow::borrow).enumerate() {
        let Some(node) = nodes[i] else { continue };
        if retracted[i] {
            folded.retracted += 1;
            folded.fates[i] = Fate::Retracted {
                by_line: retracted_by[i],
            };
            continue;
        }
        if r.event.at > until {
            folded.later += 1;
            folded.fates[i] = Fate::Later;
            continue;
        }
        let forced = r.event.forced().is_some();
        let problem = if r.event.event == EventKind::Undone {
            empty_undo[i].then(|| format!("`{}` is undone, but nothing recorded it", r.event.step))
        } else {
            let mark = folded.mark(graph, node);
            if !state_allows(r.event.event, &mark) {
                Some(format!(
                    "`{}` cannot be {}: it is {} at that point",
                    r.event.step,
                    r.event.event.as_str(),
                    mark.as_str()
                ))
            } else if r.event.event == EventKind::Skipped && !skippable(graph, node) {
                Some(format!(
                    "`{}` is a prerequisite or a step of the switch-over and cannot be skipped",
                    r.event.step
                ))
            } else if matches!(
                r.event.event,
                EventKind::Started | EventKind::Done | EventKind::Failed
            ) {
                unfinished_prerequisite(graph, &folded, node).map(|(p, m)| {
                    format!(
                        "`{}` cannot be {}: `{}`, which comes first, is {} at that point",
                        r.event.step,
                        r.event.event.as_str(),
                        graph.id(p),
                        m.as_str()
                    )
                })
            } else {
                None
            }
        };
        // Skipping the switch-over cannot be forced: it would read as a number that moved.
        let hard = r.event.event == EventKind::Skipped && !skippable(graph, node);
        match problem {
            Some(problem) if !forced || hard => {
                let mut d = Diagnostic::warning(
                    JournalKind::Conflict {
                        problem: format!("{problem}; this event is not counted"),
                    },
                    Span { len: 0, ..r.span },
                );
                if let Some(&earlier) = folded.last_event.get(&node) {
                    d = d.with_label(event(earlier).span, "the step's last counted event");
                }
                folded.unlisted.list(&mut folded.diagnostics, d);
                folded.fates[i] = Fate::Conflict;
            }
            _ => {
                if r.event.event != EventKind::Undone {
                    folded.marks.insert(node, after(r));
                }
                if matches!(r.event.event, EventKind::Done | EventKind::Failed)
                    && graph.id(node) == crate::catalog::steps::SAVE_INTEGRATION.id
                    && let Some(n) = graph.graph[node].number()
                {
                    folded.registrations.push((n, r.event.at));
                }
                folded.last_event.insert(node, i);
                folded.counted += 1;
                folded.fates[i] = Fate::Counted;
            }
        }
    }
    if let (Some(note), Some(last)) = (folded.unlisted.note(), folded.diagnostics.last_mut()) {
        last.notes.push(note);
    }
    folded
}

/// How far apart a registration the plan lists and one the journal records may be and still be
/// the same attempt.
const SAME_ATTEMPT: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// Writes the journal's states into the graph, so evaluation and every renderer see them.
pub fn apply(graph: &mut StepGraph, folded: &Folded) {
    // A save the plan lists under `registrations.earlier` as well is one attempt: within two
    // minutes of a listed one (a plan writes minutes, the journal seconds), it is not added.
    let mut by_number: HashMap<usize, Vec<DateTime<Utc>>> = HashMap::new();
    for &(n, at) in &folded.registrations {
        by_number.entry(n).or_default().push(at);
    }
    for (n, recorded) in by_number {
        let earlier = &mut graph.plan.numbers[n].registrations.earlier;
        // Each listed attempt stands for one recorded one at most: two quick retries near one
        // listed time are two attempts.
        let mut matched = vec![false; earlier.len()];
        for at in recorded {
            let same = (0..matched.len())
                .find(|&i| !matched[i] && (earlier[i] - at).abs() <= SAME_ATTEMPT);
            match same {
                Some(i) => matched[i] = true,
                None => earlier.push(at),
            }
        }
    }
    for &node in &folded.retracted_plan {
        graph.graph[node].done = None;
        graph.set_started(node, None);
    }
    for (&node, mark) in &folded.marks {
        let n = &mut graph.graph[node];
        let started = match mark {
            Mark::Done { at, by } => {
                n.done = Some(Box::new(DoneMark::Listed {
                    at: *at,
                    by: by.as_deref().map(|b| crate::journal::masked(b).into()),
                    span: Span::default(),
                    skipped: None,
                }));
                None
            }
            Mark::Skipped { at, by, reason } => {
                n.done = Some(Box::new(DoneMark::Listed {
                    at: Some(*at),
                    by: by.as_deref().map(|b| crate::journal::masked(b).into()),
                    span: Span::default(),
                    skipped: Some(crate::journal::masked(reason).into()),
                }));
                None
            }
            Mark::InProgress { at, by } => {
                n.done = None;
                Some(StartedMark {
                    at: *at,
                    by: by.as_deref().map(|b| crate::journal::masked(b).into()),
                    span: Span::default(),
                })
            }
            Mark::Pending | Mark::Failed { .. } => {
                n.done = None;
                None
            }
        };
        graph.set_started(node, started);
    }
}

/// Why `record` refuses an event, and how to go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What cannot have happened.
    pub problem: String,
    /// What to do instead.
    pub fix: String,
    /// Whether `--force` may override it.
    pub forceable: bool,
}

/// How far in the future an event may be dated (clocks differ a little).
const CLOCK_SLACK: Duration = Duration::minutes(5);

/// Checks that `new` (an event for `node`, not yet in `events`) can have happened, given the
/// plan and the journal's `events`, as `now` is: against the state at the event's own moment,
/// and so that every event already recorded still holds once it is in.
///
/// # Errors
/// The first guard the event fails.
pub fn check(
    graph: &StepGraph,
    events: &[Recorded],
    new: &Recorded,
    node: NodeIndex,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let zone = graph.plan.destination.time_zone;
    let shown = |t: DateTime<Utc>| crate::calendar::local_text(t, zone);
    let step = graph.id(node);
    let (kind, at) = (new.event.event, new.event.at);
    let force = "or, if it truly happened, add `--force REASON` (the reason is recorded)";
    let refuse = |problem: String, fix: String| Refusal {
        problem,
        fix,
        forceable: true,
    };
    if at > now + CLOCK_SLACK {
        // Not even with --force: an event in the future has not happened.
        return Err(Refusal {
            problem: format!("{} is in the future", shown(at)),
            fix: "record an event once it has happened; `--at` says when it did".into(),
            forceable: false,
        });
    }
    if !graph.graph[node].applicable {
        return Err(refuse(
            format!("`{step}` does not apply to this number, as the plan describes it"),
            format!("`wamigrate dry-run PLAN --number N` shows its steps; {force}"),
        ));
    }
    if kind == EventKind::Skipped && !skippable(graph, node) {
        return Err(Refusal {
            problem: format!(
                "`{step}` cannot be skipped: it is a prerequisite the sources name or part of the switch-over, and the number is ready only once it is done"
            ),
            fix: "record it `--done` once it is, or `--failed REASON` for an attempt that failed; if the plan's facts make it unnecessary, say so in the plan (`display_name_status: approved`, `pin_known: true`, ...)".into(),
            forceable: false,
        });
    }
    // The replays up to the event's moment and up to now, one at a time (a fleet's is some
    // 50 MB), keeping the states the checks below read.
    let (mark_then, preds_then) = {
        let then = fold(graph, events, at);
        let preds: Vec<(NodeIndex, Mark)> = graph
            .graph
            .neighbors_directed(node, Direction::Incoming)
            .filter(|&p| graph.graph[p].applicable)
            .map(|p| (p, then.mark(graph, p)))
            .collect();
        (then.mark(graph, node), preds)
    };
    let (mark_now, succs_now, fates_now) = {
        let now_state = fold(graph, events, DateTime::<Utc>::MAX_UTC);
        let succs: Vec<(NodeIndex, Mark)> = graph
            .graph
            .neighbors_directed(node, Direction::Outgoing)
            .map(|s| (s, now_state.mark(graph, s)))
            .collect();
        (now_state.mark(graph, node), succs, now_state.fates)
    };
    let mark = if kind == EventKind::Undone {
        mark_now.clone()
    } else {
        mark_then
    };
    let at_text = |t: &Option<DateTime<Utc>>| t.map(|t| format!(" at {}", shown(t)));
    let by_text = |b: &Option<CompactString>| {
        b.as_ref()
            .map(|b| format!(" by {}", crate::journal::masked(b)))
    };
    let state = match &mark {
        Mark::Done { at, by } => format!(
            "done{}{}",
            at_text(at).unwrap_or_default(),
            by_text(by).unwrap_or_default()
        ),
        Mark::InProgress { at, by } => format!(
            "in progress since {}{}",
            shown(*at),
            by_text(by).unwrap_or_default()
        ),
        other => other.as_str().to_string(),
    };
    if !state_allows(kind, &mark) {
        let fix = match kind {
            EventKind::Undone => "nothing to undo".to_string(),
            _ if mark.satisfied() => {
                format!("if that record is wrong, record `{step} --undone REASON` first; {force}")
            }
            _ => format!("`wamigrate journal PLAN` shows its history; {force}"),
        };
        return Err(refuse(
            format!(
                "`{step}` cannot be recorded {} at {}: it is {state}",
                kind.as_str(),
                shown(at)
            ),
            fix,
        ));
    }
    if let (EventKind::Done | EventKind::Failed, Mark::InProgress { at: since, .. }) =
        (kind, mark_now)
        && at < since
    {
        return Err(refuse(
            format!(
                "`{step}` cannot be {} at {}: it started at {}",
                kind.as_str(),
                shown(at),
                shown(since)
            ),
            format!("correct `--at`; {force}"),
        ));
    }
    match kind {
        EventKind::Started | EventKind::Done | EventKind::Failed => {
            for (pred, mark) in preds_then {
                let p = graph.id(pred);
                let owner = graph.graph[pred].owner.as_str();
                match mark {
                    Mark::Done { at: Some(t), .. } | Mark::Skipped { at: t, .. } if t > at => {
                        return Err(refuse(
                            format!(
                                "`{step}` cannot have been {} at {}: `{p}`, which comes first, was only done at {}",
                                kind.as_str(),
                                shown(at),
                                shown(t)
                            ),
                            format!("correct `--at`; {force}"),
                        ));
                    }
                    m if m.satisfied() => {}
                    m => {
                        let scope = if graph.graph[pred].number().is_none() {
                            "fleet"
                        } else {
                            "NUMBER"
                        };
                        return Err(refuse(
                            format!(
                                "`{step}` cannot be {} at {}: `{p}` ({owner}), which must come first, is {} then",
                                kind.as_str(),
                                shown(at),
                                m.as_str()
                            ),
                            format!(
                                "once it is, record it: wamigrate record PLAN {scope} {p} --done; {force}"
                            ),
                        ));
                    }
                }
            }
        }
        EventKind::Undone => {
            for (succ, m) in succs_now {
                if !matches!(m, Mark::Pending | Mark::Failed { .. }) && graph.graph[succ].applicable
                {
                    return Err(refuse(
                        format!(
                            "`{step}` cannot be undone: `{}`, which builds on it, is {}",
                            graph.id(succ),
                            m.as_str()
                        ),
                        format!("undo `{}` first; {force}", graph.id(succ)),
                    ));
                }
            }
        }
        EventKind::Skipped => {}
    }
    // Every event already recorded must still hold with this one in (a backdated event must
    // not push a later, true record out of the count). The events are not copied for it.
    let mut with: Vec<&Recorded> = events.iter().chain(std::iter::once(new)).collect();
    with.sort_by_key(|r| (r.event.at, r.event.recorded, r.line));
    let after_insert = fold(graph, &with, DateTime::<Utc>::MAX_UTC);
    // Compared event by event (by line): every event that counted (or was retracted) still
    // does, and the new one counts. Totals alone could hide a true record pushed out while a
    // conflict elsewhere cleared.
    let fate_before: HashMap<u32, Fate> = events
        .iter()
        .zip(&fates_now)
        .map(|(r, f)| (r.line, *f))
        .collect();
    let mut changed = None;
    let mut new_fate = None;
    for (r, f) in with.iter().zip(&after_insert.fates) {
        if r.line == new.line {
            new_fate = Some(*f);
        } else if let Some(before) = fate_before.get(&r.line)
            && matches!(before, Fate::Counted | Fate::Retracted { .. })
            && before != f
            // What an undo is for: retracting the records it cancels.
            && *f != (Fate::Retracted { by_line: new.line })
            && changed.is_none()
        {
            changed = Some((r.line, *f));
        }
    }
    let problem = match (changed, new_fate) {
        (Some((line, fate)), _) => Some(format!(
            "with this event, the event on journal line {line} would no longer count ({})",
            match fate {
                Fate::Retracted { .. } => "it would be retracted",
                Fate::Conflict => "it would conflict",
                _ => "its place in the history changes",
            }
        )),
        (None, Some(Fate::Counted | Fate::Later)) => None,
        (None, Some(Fate::Retracted { by_line })) => Some(format!(
            "the undo recorded on journal line {by_line} would retract this event at once (its clock is ahead)"
        )),
        (None, _) => Some(
            after_insert
                .diagnostics
                .iter()
                .find(|d| d.span == Some(Span { len: 0, ..new.span }))
                .map_or_else(
                    || "it contradicts what the journal already records".to_string(),
                    Diagnostic::message,
                ),
        ),
    };
    if let Some(problem) = problem {
        return Err(refuse(
            problem,
            format!("`wamigrate journal PLAN` shows the history; correct `--at`; {force}"),
        ));
    }
    Ok(())
}

/// A step made ready by an event, for every number (or the fleet) it was freed for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Unlocked {
    /// Step id.
    pub step: String,
    /// Who acts.
    pub owner: crate::catalog::Owner,
    /// How many numbers (1 for a step of one number or the fleet).
    pub numbers: usize,
    /// The first few of them (E.164, or `fleet`).
    pub first: Vec<String>,
}

/// How many numbers [`Unlocked::first`] lists.
const UNLOCKED_SHOWN: usize = 5;

/// The steps that become ready once `node` is done: steps after it that apply, are not started,
/// and need nothing else unfinished; grouped by step id (a fleet step can free the same step of
/// thousands of numbers), with their owner, how many numbers and the first few.
#[must_use]
pub fn unlocked(graph: &StepGraph, folded: &Folded, node: NodeIndex) -> Vec<Unlocked> {
    let mut out: Vec<Unlocked> = Vec::new();
    for succ in graph.graph.neighbors_directed(node, Direction::Outgoing) {
        let s = &graph.graph[succ];
        if !s.applicable
            || !matches!(
                folded.mark(graph, succ),
                Mark::Pending | Mark::Failed { .. }
            )
        {
            continue;
        }
        let free = graph
            .graph
            .neighbors_directed(succ, Direction::Incoming)
            .all(|p| p == node || !graph.graph[p].applicable || folded.mark(graph, p).satisfied());
        if !free {
            continue;
        }
        let id = graph.id(succ);
        let who = s.number().map_or_else(
            || crate::journal::FLEET.to_string(),
            |n| graph.plan.numbers[n].e164.as_str().to_string(),
        );
        match out.iter_mut().find(|u| u.step == id) {
            Some(u) => {
                u.numbers += 1;
                if u.first.len() < UNLOCKED_SHOWN {
                    u.first.push(who);
                }
            }
            None => out.push(Unlocked {
                step: id.to_string(),
                owner: s.owner,
                numbers: 1,
                first: vec![who],
            }),
        }
    }
    // petgraph lists the newest edge first: the catalogue's order reads better.
    out.reverse();
    out
}
