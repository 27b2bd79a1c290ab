//! Numbers that read the same on paper, grouped: the deliverables for people (graph, runbook,
//! checklist) draw a fleet of thousands as a bounded number of groups (about 150 for a generated
//! fleet of 2,000 or 10,000) instead of one copy per number.
//!
//! Two numbers share a group when they share a source kind and a state and every one of their
//! steps has the same status, owner and estimate: then every step, every arrow and every call-out
//! drawn for one is true of the other. Groups keep the order of their first number in the plan.

use std::collections::HashMap;

use crate::catalog::{Estimate, Owner};
use crate::eval::{NumberState, StepStatus};
use crate::report::Report;

/// Numbers drawn as one.
#[derive(Debug, Clone)]
pub struct NumberGroup {
    /// Indices into the plan's numbers, in plan order; the first one is drawn.
    pub numbers: Vec<usize>,
    /// Source kind shared by the group.
    pub source: &'static str,
    /// State shared by the group.
    pub state: NumberState,
}

impl NumberGroup {
    /// The number drawn for the whole group.
    #[must_use]
    pub fn representative(&self) -> usize {
        self.numbers[0]
    }
}

/// What numbers in one group share: source kind, state, and every step (its
/// [`step_key`](crate::graph::Node::step_key), the same step exactly when the same id within a
/// source kind) with its status, owner and estimate (who must act and how long it takes differ
/// between numbers whose source WABA someone else administers, or that an override names).
type GroupKey = (
    &'static str,
    NumberState,
    Vec<(u32, StepStatus, Owner, Option<Estimate>)>,
);

/// The report's numbers, grouped (each number alone when `group` is false).
#[must_use]
pub fn number_groups(report: &Report<'_>, group: bool) -> Vec<NumberGroup> {
    let evaluation = report.evaluation();
    let graph = &evaluation.graph;
    let mut groups: Vec<NumberGroup> = Vec::new();
    let mut index: HashMap<GroupKey, usize> = HashMap::new();
    for e in report.numbers_evaluated() {
        let n = e.index;
        let source = graph.plan.numbers[n].source.kind().as_str();
        if !group {
            groups.push(NumberGroup {
                numbers: vec![n],
                source,
                state: e.state,
            });
            continue;
        }
        let nodes = graph.in_order(&graph.numbers[n].nodes);
        let steps = nodes
            .iter()
            .map(|&x| {
                let w = &graph.graph[x];
                (
                    w.step_key(),
                    evaluation.status[x.index()],
                    w.owner,
                    graph.estimate(x),
                )
            })
            .collect();
        match index.entry((source, e.state, steps)) {
            std::collections::hash_map::Entry::Occupied(slot) => {
                groups[*slot.get()].numbers.push(n);
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(groups.len());
                groups.push(NumberGroup {
                    numbers: vec![n],
                    source,
                    state: e.state,
                });
            }
        }
    }
    groups
}

/// "N numbers: +49..., +49..., +49..., ..." (at most three listed), or the one number.
#[must_use]
pub fn group_title(report: &Report<'_>, group: &NumberGroup) -> String {
    let plan = &report.evaluation().graph.plan;
    let number = |n: usize| plan.numbers[n].e164.as_str();
    if group.numbers.len() == 1 {
        let n = group.numbers[0];
        return match plan.numbers[n].shown_name() {
            Some(name) => format!("{} ({name})", number(n)),
            None => number(n).to_string(),
        };
    }
    let mut listed: Vec<&str> = group.numbers.iter().take(3).map(|&n| number(n)).collect();
    if group.numbers.len() > 3 {
        listed.push("...");
    }
    format!("{} numbers: {}", group.numbers.len(), listed.join(", "))
}

/// A state as people say it.
#[must_use]
pub fn state_words(state: NumberState) -> &'static str {
    match state {
        NumberState::Blocked => "blocked",
        NumberState::ReadyForCutover => "ready for cutover",
        NumberState::CuttingOver => "cutting over",
        NumberState::Live => "live",
        NumberState::Complete => "complete",
    }
}

/// A step status as people say it.
#[must_use]
pub fn status_words(status: StepStatus) -> &'static str {
    match status {
        StepStatus::Done => "done",
        StepStatus::InProgress => "in progress",
        StepStatus::Ready => "ready",
        StepStatus::Waiting => "waiting",
        StepStatus::NotApplicable => "not applicable",
    }
}
