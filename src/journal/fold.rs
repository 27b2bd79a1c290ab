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

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::catalog::{self, SourceKind};
use crate::diagnostic::Diagnostic;
use crate::graph::{DoneMark, StartedMark, StepGraph};
use crate::journal::read::{Journal, Recorded};
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
        by: Option<String>,
    },
    /// Done at `at` (`None`: a plan fact with no time).
    Done {
        /// When.
        at: Option<DateTime<Utc>>,
        /// Who.
        by: Option<String>,
    },
    /// Will not be done; counts as done for what needs it.
    Skipped {
        /// When it was decided.
        at: DateTime<Utc>,
        /// Who decided.
        by: Option<String>,
        /// Why.
        reason: String,
    },
    /// The last attempt failed; to be tried again.
    Failed {
        /// When.
        at: DateTime<Utc>,
        /// Who.
        by: Option<String>,
        /// Why.
        reason: String,
    },
}

impl Mark {
    /// The plan's own fact about a node.
    fn of_plan(graph: &StepGraph, node: NodeIndex) -> Mark {
        let n = &graph.graph[node];
        match (&n.done, &n.started) {
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
                by: by.clone(),
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
                by: by.clone(),
                reason: reason.clone(),
            },
            (Some(DoneMark::Fact(_)), _) => Mark::Done { at: None, by: None },
            (None, Some(s)) => Mark::InProgress {
                at: s.at,
                by: s.by.clone(),
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

/// Where an event leads from a state, or why it cannot happen there.
fn next(mark: &Mark, r: &Recorded) -> Result<Mark, String> {
    let e = &r.event;
    let by = e.by.clone();
    let reason = || e.reason.clone().unwrap_or_default();
    let allowed = match e.event {
        EventKind::Started => matches!(mark, Mark::Pending | Mark::Failed { .. }),
        EventKind::Done | EventKind::Skipped => !mark.satisfied(),
        EventKind::Failed => matches!(mark, Mark::Pending | Mark::InProgress { .. }),
        EventKind::Undone => !matches!(mark, Mark::Pending),
    };
    if !allowed {
        return Err(format!(
            "`{}` is recorded as {} of a step that is {}",
            e.event.as_str(),
            e.step,
            mark.as_str()
        ));
    }
    Ok(match e.event {
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
    })
}

/// How the journal's events land on a plan.
#[derive(Debug, Default)]
pub struct Folded {
    /// The state of every step the journal touched.
    pub marks: HashMap<NodeIndex, Mark>,
    /// The last event counted for each step touched (its line in the journal).
    pub last_line: HashMap<NodeIndex, u32>,
    /// Events counted.
    pub counted: usize,
    /// Events after the evaluation moment, not counted yet.
    pub later: usize,
    /// Conflicts and events for numbers or steps the plan does not have.
    pub diagnostics: Vec<Diagnostic>,
}

impl Folded {
    /// The state of `node`: the journal's, else the plan's.
    #[must_use]
    pub fn mark(&self, graph: &StepGraph, node: NodeIndex) -> Mark {
        self.marks
            .get(&node)
            .cloned()
            .unwrap_or_else(|| Mark::of_plan(graph, node))
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
        match self {
            Unresolved::Number { near } => (
                format!("the plan has no number {number}"),
                near.as_ref().map_or_else(
                    || "`wamigrate status PLAN` lists the plan's numbers; `fleet` names the fleet's steps".into(),
                    |n| format!("did you mean {n}?"),
                ),
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
                .map(|(i, n)| (n.e164.clone(), i))
                .collect(),
        }
    }

    /// The plan's index of a number.
    #[must_use]
    pub fn number(&self, number: &E164) -> Option<usize> {
        self.numbers.get(number).copied()
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
        let Some(number) = number else {
            return fleet_has(step).ok_or_else(|| Unresolved::Step {
                near: crate::suggest::closest(step, graph.fleet.iter().map(|&f| graph.id(f)))
                    .map(str::to_string),
                other_kinds: Vec::new(),
                kind: None,
                fleet: catalog::all_step_ids().contains(&step)
                    && catalog::fleet_step(step).is_none(),
            });
        };
        let Some(n) = self.number(number) else {
            let near = crate::suggest::closest(
                number.as_str(),
                graph.plan.numbers.iter().map(|m| m.e164.as_str()),
            )
            .map(str::to_string);
            return Err(Unresolved::Number { near });
        };
        let nodes = &graph.numbers[n].nodes;
        if let Some(&node) = nodes.iter().find(|&&x| graph.id(x) == step) {
            return Ok(node);
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

/// Replays the journal's events that happened by `until` onto the plan's facts.
#[must_use]
pub fn fold(graph: &StepGraph, journal: &Journal, until: DateTime<Utc>) -> Folded {
    let resolver = Resolver::new(graph);
    let mut folded = Folded::default();
    for r in &journal.events {
        if r.event.at > until {
            folded.later += 1;
            continue;
        }
        let node = match resolver.node(graph, r.number.as_ref(), &r.event.step) {
            Ok(node) => node,
            Err(why) => {
                let (problem, _) = why.describe(&r.event.number, &r.event.step);
                folded.diagnostics.push(Diagnostic::warning(
                    JournalKind::UnknownEntry {
                        problem: format!("{problem}; this event is not counted"),
                    },
                    r.span,
                ));
                continue;
            }
        };
        let mark = folded.mark(graph, node);
        match next(&mark, r) {
            Ok(next) => {
                folded.marks.insert(node, next);
                folded.last_line.insert(node, r.line);
                folded.counted += 1;
            }
            Err(_) if r.event.forced.is_some() => {
                // Forced past a guard when recorded: it counts, whatever it meets.
                let forced_mark = match r.event.event {
                    EventKind::Started => Mark::InProgress {
                        at: r.event.at,
                        by: r.event.by.clone(),
                    },
                    EventKind::Done => Mark::Done {
                        at: Some(r.event.at),
                        by: r.event.by.clone(),
                    },
                    EventKind::Undone => Mark::Pending,
                    EventKind::Failed | EventKind::Skipped => mark,
                };
                folded.marks.insert(node, forced_mark);
                folded.last_line.insert(node, r.line);
                folded.counted += 1;
            }
            Err(problem) => {
                let mut d = Diagnostic::warning(
                    JournalKind::Conflict {
                        problem: format!("{problem}; this event is not counted"),
                    },
                    r.span,
                );
                if let Some(line) = folded.last_line.get(&node)
                    && let Some(earlier) = journal.events.iter().find(|e| e.line == *line)
                {
                    d = d.with_label(earlier.span, "recorded earlier here");
                }
                folded.diagnostics.push(d);
            }
        }
    }
    folded
}

/// Writes the journal's states into the graph, so evaluation and every renderer see them.
pub fn apply(graph: &mut StepGraph, folded: &Folded) {
    for (&node, mark) in &folded.marks {
        let n = &mut graph.graph[node];
        match mark {
            Mark::Done { at, by } => {
                n.done = Some(DoneMark::Listed {
                    at: *at,
                    by: by.clone(),
                    span: Span::default(),
                    skipped: None,
                });
                n.started = None;
            }
            Mark::Skipped { at, by, reason } => {
                n.done = Some(DoneMark::Listed {
                    at: Some(*at),
                    by: by.clone(),
                    span: Span::default(),
                    skipped: Some(crate::journal::masked(reason)),
                });
                n.started = None;
            }
            Mark::InProgress { at, by } => {
                n.done = None;
                n.started = Some(Box::new(StartedMark {
                    at: *at,
                    by: by.clone(),
                    span: Span::default(),
                }));
            }
            Mark::Pending | Mark::Failed { .. } => {
                n.done = None;
                n.started = None;
            }
        }
    }
}

/// Why `record` refuses an event, and how to go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What cannot have happened.
    pub problem: String,
    /// What to do instead.
    pub fix: String,
}

/// How far in the future an event may be dated (clocks differ a little).
const CLOCK_SLACK: Duration = Duration::minutes(5);

/// Checks that `kind` can happen to `node` at `at`, given the plan and the journal folded so far
/// (applied to `graph`), as `now` is.
///
/// # Errors
/// The first guard the event fails.
pub fn check(
    graph: &StepGraph,
    folded: &Folded,
    node: NodeIndex,
    kind: EventKind,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), Refusal> {
    let zone = graph.plan.destination.time_zone;
    let shown = |t: DateTime<Utc>| crate::calendar::local_text(t, zone);
    let step = graph.id(node);
    let force = "or, if it truly happened, add `--force REASON` (the reason is recorded)";
    if at > now + CLOCK_SLACK {
        return Err(Refusal {
            problem: format!("{} is in the future", shown(at)),
            fix: "record an event once it has happened; `--at` says when it did".into(),
        });
    }
    if !graph.graph[node].applicable {
        return Err(Refusal {
            problem: format!("`{step}` does not apply to this number, as the plan describes it"),
            fix: format!("`wamigrate dry-run PLAN --number N` shows its steps; {force}"),
        });
    }
    let mark = folded.mark(graph, node);
    let at_text = |t: &Option<DateTime<Utc>>| t.map(|t| format!(" at {}", shown(t)));
    let by_text = |b: &Option<String>| {
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
    let allowed = match kind {
        EventKind::Started => matches!(mark, Mark::Pending | Mark::Failed { .. }),
        EventKind::Done | EventKind::Skipped => !mark.satisfied(),
        EventKind::Failed => matches!(mark, Mark::Pending | Mark::InProgress { .. }),
        EventKind::Undone => !matches!(mark, Mark::Pending),
    };
    if !allowed {
        let fix = match kind {
            EventKind::Undone => "nothing to undo".to_string(),
            _ if mark.satisfied() => {
                format!("if that record is wrong, record `{step} --undone REASON` first; {force}")
            }
            _ => format!("`wamigrate journal PLAN` shows its history; {force}"),
        };
        return Err(Refusal {
            problem: format!(
                "`{step}` cannot be recorded {}: it is {state}",
                kind.as_str()
            ),
            fix,
        });
    }
    if let (EventKind::Done | EventKind::Failed, Mark::InProgress { at: since, .. }) = (kind, &mark)
        && at < *since
    {
        return Err(Refusal {
            problem: format!(
                "`{step}` cannot be {} at {}: it started at {}",
                kind.as_str(),
                shown(at),
                shown(*since)
            ),
            fix: format!("correct `--at`; {force}"),
        });
    }
    match kind {
        EventKind::Started | EventKind::Done | EventKind::Failed => {
            for pred in graph.graph.neighbors_directed(node, Direction::Incoming) {
                if !graph.graph[pred].applicable {
                    continue;
                }
                let p = graph.id(pred);
                let owner = graph.graph[pred].owner.as_str();
                match folded.mark(graph, pred) {
                    Mark::Done { at: Some(t), .. } | Mark::Skipped { at: t, .. } if t > at => {
                        return Err(Refusal {
                            problem: format!(
                                "`{step}` cannot have been {} at {}: `{p}`, which comes first, was only done at {}",
                                kind.as_str(),
                                shown(at),
                                shown(t)
                            ),
                            fix: format!("correct `--at`; {force}"),
                        });
                    }
                    m if m.satisfied() => {}
                    m => {
                        let scope = if graph.graph[pred].number.is_none() {
                            "fleet"
                        } else {
                            "NUMBER"
                        };
                        return Err(Refusal {
                            problem: format!(
                                "`{step}` cannot be {} yet: `{p}` ({owner}), which must come first, is {}",
                                kind.as_str(),
                                m.as_str()
                            ),
                            fix: format!(
                                "once it is, record it: wamigrate record PLAN {scope} {p} --done; {force}"
                            ),
                        });
                    }
                }
            }
        }
        EventKind::Undone => {
            for succ in graph.graph.neighbors_directed(node, Direction::Outgoing) {
                let m = folded.mark(graph, succ);
                if !matches!(m, Mark::Pending | Mark::Failed { .. }) && graph.graph[succ].applicable
                {
                    return Err(Refusal {
                        problem: format!(
                            "`{step}` cannot be undone: `{}`, which builds on it, is {}",
                            graph.id(succ),
                            m.as_str()
                        ),
                        fix: format!("undo `{}` first; {force}", graph.id(succ)),
                    });
                }
            }
        }
        EventKind::Skipped => {}
    }
    Ok(())
}

/// The steps that become ready once `node` is done: steps after it that apply, are not started,
/// and need nothing else unfinished; grouped by step id (a fleet step can free the same step of
/// thousands of numbers), with their owner and how many.
#[must_use]
pub fn unlocked(
    graph: &StepGraph,
    folded: &Folded,
    node: NodeIndex,
) -> Vec<(String, crate::catalog::Owner, usize)> {
    let mut out: Vec<(String, crate::catalog::Owner, usize)> = Vec::new();
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
        match out.iter_mut().find(|(x, ..)| x == id) {
            Some((_, _, n)) => *n += 1,
            None => out.push((id.to_string(), s.owner, 1)),
        }
    }
    out
}
