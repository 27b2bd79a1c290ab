//! The problems the graph stage reports: references to steps that do not exist or do not apply,
//! dependency cycles, steps in an impossible phase order, and `done` facts that contradict the
//! graph (a step recorded done while a step it needs is not, or done before it).

use std::fmt;

use crate::catalog::{Fact, Phase, SourceKind};
use crate::diagnostic::Kind;

/// A problem the graph stage found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphKind {
    /// A reference to a step id that exists nowhere.
    UnknownStep {
        /// The id as written.
        id: String,
        /// The nearest known id, if any is close.
        suggestion: Option<String>,
    },
    /// A reference to a catalogue step that the number's source kind does not have.
    StepNotInSource {
        /// The step id.
        id: String,
        /// The number it was resolved for (`None`: a fleet-wide step, and no number has it).
        number: Option<String>,
        /// That number's source kind.
        source: Option<SourceKind>,
        /// Source kinds that do have this step.
        found_in: Vec<SourceKind>,
        /// The number's kind has the step, but only once the plan states the number's line
        /// (a line step on a migrating number that states none).
        line_unstated: bool,
        /// Where the reference is written.
        written_in: Reference,
    },
    /// Steps that depend on each other in a circle.
    DependencyCycle {
        /// The step ids along the cycle, first repeated at the end.
        path: Vec<String>,
    },
    /// A dependency that puts a step after a step of a later phase (a prepare step after the
    /// cutover, a cutover step after a follow-up).
    PhaseOrder {
        /// The step that must come first.
        earlier: String,
        /// Its phase.
        earlier_phase: Phase,
        /// The step that comes after it.
        later: String,
        /// Its phase (earlier than `earlier_phase`).
        later_phase: Phase,
    },
    /// A per-number custom step marked done for a number it does not apply to.
    NotInScope {
        /// The custom step.
        id: String,
        /// The number.
        number: String,
    },
    /// A per-number step listed under `fleet.done`.
    NotAFleetStep {
        /// The step id.
        id: String,
    },
    /// A step recorded done while a step it needs is not.
    DoneBeforePrerequisite {
        /// The step recorded done.
        step: String,
        /// The prerequisite that is not.
        prerequisite: String,
        /// The plan fact that would mark the prerequisite done, if one does.
        fact: Option<Fact>,
        /// The prerequisite is a fleet step (recorded under `fleet.done`).
        fleet: bool,
    },
    /// A step recorded done that the number's own facts say does not apply to it.
    DoneNotApplicable {
        /// The step recorded done.
        step: String,
        /// When the step applies, as the catalogue says.
        applies_when: &'static str,
    },
    /// A step recorded done at a time before one of its prerequisites was.
    DoneTimesOutOfOrder {
        /// The step recorded done.
        step: String,
        /// When (as written in the report's zone).
        at: String,
        /// The prerequisite done later.
        prerequisite: String,
        /// When that was.
        prerequisite_at: String,
    },
    /// An override limited to some numbers, of a step the whole fleet shares.
    ScopedFleetOverride {
        /// The fleet step.
        step: String,
    },
    /// A custom step whose dependencies would take the graph past the most one plan may hold.
    TooManyDependencies {
        /// The custom step.
        step: String,
        /// How they come about.
        cause: DependencyCause,
    },
    /// A `started:` entry that contradicts the graph or the `done:` facts.
    StartedOutOfOrder {
        /// The step recorded as started.
        step: String,
        /// What contradicts it.
        problem: StartProblem,
    },
}

/// Why a custom step makes so many dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DependencyCause {
    /// An `after:` or `before:` entry links every copy of the step with every copy of `other`
    /// (each is scoped to numbers the other does not cover).
    EveryCopy {
        /// The step the entry names.
        other: String,
        /// `after` or `before`.
        key: &'static str,
        /// Copies of the step.
        copies: usize,
        /// Copies of `other`.
        other_copies: usize,
    },
    /// The plan's custom steps together: this entry is where the count went over.
    Together {
        /// The step the entry names.
        other: String,
        /// `after` or `before`.
        key: &'static str,
    },
    /// A fleet-wide prepare step without `before:` comes before every number's cutover.
    EveryCutover {
        /// How many numbers.
        numbers: usize,
    },
}

/// The most dependencies (edges) one plan's graph may hold: 9 times what a generated fleet of
/// 100,000 numbers has (2.2 million), and a few hundred MiB.
pub const MAX_DEPENDENCIES: usize = 20_000_000;

/// How a `started:` entry contradicts the other facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartProblem {
    /// A prerequisite is not done at all.
    PrerequisiteNotDone {
        /// The prerequisite.
        prerequisite: String,
    },
    /// It started before a prerequisite was done.
    BeforePrerequisite {
        /// When it started (shown in the destination's zone).
        at: String,
        /// The prerequisite.
        prerequisite: String,
        /// When that was done.
        prerequisite_at: String,
    },
    /// It started after it was recorded done.
    AfterDone {
        /// When it started.
        at: String,
        /// When it was done.
        done_at: String,
    },
}

impl GraphKind {
    /// Every code of this stage, in documentation order.
    pub const CODES: &'static [&'static str] = &[
        "unknown-step",
        "step-not-in-source",
        "dependency-cycle",
        "prepare-after-cutover",
        "phase-order",
        "not-in-scope",
        "not-a-fleet-step",
        "done-out-of-order",
        "done-not-applicable",
        "started-out-of-order",
        "scoped-fleet-override",
        "too-many-dependencies",
    ];
}

impl Kind for GraphKind {
    fn code(&self) -> &'static str {
        match self {
            GraphKind::UnknownStep { .. } => "unknown-step",
            GraphKind::StepNotInSource { .. } => "step-not-in-source",
            GraphKind::DependencyCycle { .. } => "dependency-cycle",
            GraphKind::PhaseOrder {
                later_phase: Phase::Prepare,
                ..
            } => "prepare-after-cutover",
            GraphKind::PhaseOrder { .. } => "phase-order",
            GraphKind::NotInScope { .. } => "not-in-scope",
            GraphKind::NotAFleetStep { .. } => "not-a-fleet-step",
            GraphKind::DoneBeforePrerequisite { .. } | GraphKind::DoneTimesOutOfOrder { .. } => {
                "done-out-of-order"
            }
            GraphKind::DoneNotApplicable { .. } => "done-not-applicable",
            GraphKind::StartedOutOfOrder { .. } => "started-out-of-order",
            GraphKind::ScopedFleetOverride { .. } => "scoped-fleet-override",
            GraphKind::TooManyDependencies { .. } => "too-many-dependencies",
        }
    }

    fn help(&self) -> Option<String> {
        Some(match self {
            GraphKind::UnknownStep {
                suggestion: Some(near),
                ..
            } => format!("did you mean `{near}`?"),
            GraphKind::UnknownStep { .. } => {
                "`wamigrate steps` lists the built-in step ids; custom ones are under `steps:`"
                    .into()
            }
            GraphKind::StepNotInSource {
                source: Some(source),
                written_in,
                line_unstated: true,
                ..
            } => {
                let (consequence, otherwise) = match written_in {
                    Reference::Done => ("", "remove the entry"),
                    Reference::Override => (
                        ", so the override would change nothing for it",
                        "take the number out of the override's `numbers:`",
                    ),
                    Reference::Dependency => ("", "limit the custom step with `numbers:`"),
                };
                format!(
                    "{} {source} number has this step only when its source states its line{consequence}: state the line in the number's source (`line: sms_inventory`, `behind_ivr: true`, ...; plan-format.md, \"The line of a migrating number\"), or {otherwise}",
                    source.article()
                )
            }
            GraphKind::StepNotInSource {
                found_in,
                source,
                written_in,
                number,
                ..
            } => {
                let kinds = found_in
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                match (written_in, source, number) {
                    (Reference::Done, Some(source), _) => format!(
                        "this step belongs to {kinds} numbers; this one is {source}: remove it from `done:` (`wamigrate steps --source {source}` lists its steps)"
                    ),
                    (Reference::Override, Some(source), Some(_)) => format!(
                        "this step belongs to {kinds} numbers; this one is {source}, so the override would change nothing for it: take it out of the override's `numbers:`"
                    ),
                    (Reference::Override, _, _) if kinds.is_empty() => {
                        "no number of this plan has this step, so the override would change nothing: drop it".to_string()
                    }
                    (Reference::Override, _, _) => format!(
                        "this step exists only for {kinds} numbers, and the plan has none, so the override would change nothing: drop it"
                    ),
                    (Reference::Dependency, _, Some(_)) => format!(
                        "this step exists only for {kinds} numbers; limit the custom step with `numbers:` or drop the reference"
                    ),
                    _ => format!(
                        "this step exists only for {kinds} numbers, and the plan has none; drop the reference"
                    ),
                }
            }
            GraphKind::DependencyCycle { .. } => {
                "remove one `after:`/`before:` entry on the cycle".into()
            }
            GraphKind::PhaseOrder {
                later,
                earlier_phase,
                ..
            } => format!(
                "give `{later}` `phase: {}`, or drop the dependency",
                earlier_phase.as_str()
            ),
            GraphKind::NotInScope { id, .. } => {
                format!("add the number to `{id}`'s `numbers:`, or remove the entry from `done:`")
            }
            GraphKind::NotAFleetStep { .. } => "record it under the number it was done for".into(),
            GraphKind::DoneBeforePrerequisite {
                step,
                prerequisite,
                fact,
                fleet,
            } => match fact {
                Some(Fact::DisplayNameApproved) => format!(
                    "set `display_name_status: approved` if Meta approved the name, or remove `{step}` from `done:`"
                ),
                Some(Fact::PinKnown) => format!(
                    "set `pin_known: true` if the PIN is known, or remove `{step}` from `done:`"
                ),
                Some(Fact::DisplayNameSubmitted) => format!(
                    "set `display_name_status: pending` once the new name is submitted, or remove `{step}` from `done:`"
                ),
                Some(Fact::CountryAvailabilityConfirmed) => format!(
                    "set `country_availability_confirmed: true` once Meta's list shows the country, or remove `{step}` from `done:`"
                ),
                None if *fleet => format!(
                    "record `{prerequisite}` as done under `fleet.done`, or remove `{step}` from `done:`"
                ),
                None => format!("record `{prerequisite}` as done, or remove `{step}` from `done:`"),
            },
            GraphKind::DoneNotApplicable { step, .. } => format!(
                "if `{step}` was done, correct the fact that rules it out; otherwise remove it from `done:` (`wamigrate steps` says when each step applies)"
            ),
            GraphKind::DoneTimesOutOfOrder {
                step, prerequisite, ..
            } => format!(
                "correct the time of `{step}` or of `{prerequisite}`: a step cannot finish before the steps it needs"
            ),
            GraphKind::ScopedFleetOverride { .. } => {
                "remove `numbers:` from this override: a fleet step is done once for every number"
                    .into()
            }
            GraphKind::TooManyDependencies { step, cause } => match cause {
                DependencyCause::EveryCopy { other, key, .. } => {
                    let (first, then) = if *key == "after" {
                        (other.as_str(), step.as_str())
                    } else {
                        (step.as_str(), other.as_str())
                    };
                    format!(
                        "put one fleet-wide step between them: a step `{first}-done` with `after: [{first}]` and no `numbers:`, then `after: [{first}-done]` on `{then}`; each copy then needs one dependency"
                    )
                }
                DependencyCause::Together { .. } => "a scoped step after (or before) a step scoped to other numbers links every copy of one with every copy of the other: put one fleet-wide step between such pairs; chain many fleet-wide prepare steps with `before:`".to_string(),
                DependencyCause::EveryCutover { .. } => format!(
                    "chain the fleet-wide prepare steps with `before:` (each one `before:` the next), so that only the last waits on every cutover; `{step}` then needs one dependency"
                ),
            },
            GraphKind::StartedOutOfOrder { step, problem } => match problem {
                StartProblem::PrerequisiteNotDone { prerequisite } => format!(
                    "record `{prerequisite}` as done, or remove `{step}` from `started:`: work starts once the steps it needs are done"
                ),
                StartProblem::BeforePrerequisite { prerequisite, .. } => format!(
                    "correct the time of `{step}` under `started:` or of `{prerequisite}` under `done:`"
                ),
                StartProblem::AfterDone { .. } => format!(
                    "correct one of the two times: `{step}` cannot have started after it was done"
                ),
            },
        })
    }
}

fn phase_noun(phase: Phase) -> &'static str {
    match phase {
        Phase::Prepare => "a preparation step",
        Phase::Cutover => "a cutover step",
        Phase::After => "a follow-up step",
    }
}

/// Where a reference to a step is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// A number's `done:` or `started:` entry.
    Done,
    /// A custom step's `after:` or `before:`.
    Dependency,
    /// An entry of `overrides:`.
    Override,
}

impl fmt::Display for GraphKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GraphKind::UnknownStep { id, .. } => write!(f, "unknown step `{id}`"),
            GraphKind::StepNotInSource {
                id,
                number: Some(number),
                source: Some(source),
                line_unstated: true,
                ..
            } => write!(
                f,
                "step `{id}` does not apply to {number}, {} {source} number whose line the plan does not state",
                source.article()
            ),
            GraphKind::StepNotInSource {
                id, number, source, ..
            } => match (number, source) {
                (Some(number), Some(source)) => write!(
                    f,
                    "step `{id}` does not apply to {number}, {} {source} number",
                    source.article()
                ),
                _ => write!(f, "step `{id}` does not apply to any number of this plan"),
            },
            GraphKind::DependencyCycle { path } => {
                // A long cycle is named by its ends: the steps to change are where it was written.
                const ENDS: usize = 8;
                if path.len() > 3 * ENDS {
                    write!(
                        f,
                        "dependency cycle of {} steps: {} -> ... ({} more) ... -> {}",
                        path.len() - 1,
                        path[..ENDS].join(" -> "),
                        path.len() - 2 * ENDS,
                        path[path.len() - ENDS..].join(" -> ")
                    )
                } else {
                    write!(f, "dependency cycle: {}", path.join(" -> "))
                }
            }
            GraphKind::PhaseOrder {
                earlier,
                earlier_phase,
                later,
                later_phase,
            } => write!(
                f,
                "`{later}` is {} but comes after `{earlier}`, {}",
                phase_noun(*later_phase),
                phase_noun(*earlier_phase)
            ),
            GraphKind::NotInScope { id, number } => write!(
                f,
                "custom step `{id}` does not apply to {number} (its `numbers:` list leaves it out)"
            ),
            GraphKind::NotAFleetStep { id } => {
                write!(f, "step `{id}` belongs to each number, not to the fleet")
            }
            GraphKind::DoneBeforePrerequisite {
                step, prerequisite, ..
            } => write!(
                f,
                "`{step}` is recorded as done, but `{prerequisite}`, which must come first, is not"
            ),
            GraphKind::DoneNotApplicable { step, applies_when } => write!(
                f,
                "`{step}` is recorded as done, but the plan's facts say it does not apply to this number: it applies only {applies_when}"
            ),
            GraphKind::DoneTimesOutOfOrder {
                step,
                at,
                prerequisite,
                prerequisite_at,
            } => write!(
                f,
                "`{step}` is recorded as done at {at}, before `{prerequisite}` ({prerequisite_at}), which must come first"
            ),
            GraphKind::ScopedFleetOverride { step } => write!(
                f,
                "`{step}` is a fleet step, shared by every number: it cannot be overridden for some numbers only"
            ),
            GraphKind::TooManyDependencies { step, cause } => match cause {
                DependencyCause::EveryCopy {
                    other,
                    key,
                    copies,
                    other_copies,
                } => write!(
                    f,
                    "`{key}: [{other}]` links each of the {} of `{step}` with each of the {} of `{other}`: the plan would hold more than {} dependencies",
                    copies_text(*copies),
                    copies_text(*other_copies),
                    thousands(MAX_DEPENDENCIES)
                ),
                DependencyCause::Together { other, key } => write!(
                    f,
                    "with `{key}: [{other}]` of `{step}`, the plan's custom steps would hold more than {} dependencies",
                    thousands(MAX_DEPENDENCIES)
                ),
                DependencyCause::EveryCutover { numbers } => write!(
                    f,
                    "`{step}` is a fleet-wide prepare step without `before:`, so the cutover of each of the {} numbers waits for it: with the other such steps, the plan would hold more than {} dependencies",
                    thousands(*numbers),
                    thousands(MAX_DEPENDENCIES)
                ),
            },
            GraphKind::StartedOutOfOrder { step, problem } => match problem {
                StartProblem::PrerequisiteNotDone { prerequisite } => write!(
                    f,
                    "`{step}` is recorded as started, but `{prerequisite}`, which must come first, is not done"
                ),
                StartProblem::BeforePrerequisite {
                    at,
                    prerequisite,
                    prerequisite_at,
                } => write!(
                    f,
                    "`{step}` is recorded as started at {at}, before `{prerequisite}` was done ({prerequisite_at})"
                ),
                StartProblem::AfterDone { at, done_at } => write!(
                    f,
                    "`{step}` is recorded as started at {at}, after it was done ({done_at})"
                ),
            },
        }
    }
}

/// `n` with thousands separated by commas: `20,000,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "4,500 copies", "1 copy".
fn copies_text(n: usize) -> String {
    if n == 1 {
        "1 copy".to_string()
    } else {
        format!("{} copies", thousands(n))
    }
}
