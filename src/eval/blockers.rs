//! Which unfinished steps block each number's cutover, found once for every group of numbers
//! that wait on the same steps of the fleet and of other numbers.
//!
//! A number's blockers are the unfinished prepare steps upstream of its cutover. Walking that
//! upstream set from every number is quadratic as soon as a fleet step depends on a step of every
//! number (a fleet-wide custom step `after: [disable-two-step-verification]`, say): each number
//! would walk every other number's steps, and list them one by one. So the walk runs in two parts:
//!
//! - from each number's cutover up to the first steps it meets that are the fleet's or another
//!   number's (the number's *frontier*), which finds its own steps;
//! - from each distinct frontier, once, for every number that shares it (most numbers of a fleet
//!   share a few; the numbers of a wave share the wave before), which finds the fleet steps and
//!   the steps of every number behind them.
//!
//! A step of other numbers is then one blocker standing for all its instances ([`Others`]): a
//! number waiting for a step of four thousand others sees that step once, with the count.
//!
//! The work is linear in the graph when numbers share a few frontiers, as fleets do; each distinct
//! frontier costs one walk of what lies behind it (docs/performance.md has a plan with 4,096).

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use rayon::prelude::*;

use super::schedule::Schedule;
use super::{Blocker, StepStatus, per_task, unfinished};
use crate::catalog::Phase;
use crate::graph::StepGraph;

/// The instances of one step on other numbers, behind one blocker entry.
#[derive(Debug, Clone)]
pub struct Others {
    /// The instances, in node order; shared by every number that sees this group, so it may
    /// hold the number's own instance (see `own`).
    members: Arc<[NodeIndex]>,
    /// The number's own instance, when `members` holds it: it is a blocker of its own.
    own: Option<NodeIndex>,
    /// The first instance that is not the number's own.
    pub first: NodeIndex,
    /// How many instances there are besides the number's own.
    pub count: usize,
    /// The latest finish on the longest figures of those instances, `None` when one is unbounded.
    pub longest_finish: Option<DateTime<Utc>>,
    /// Some instance has no known duration.
    pub unknown_estimate: bool,
}

impl Others {
    /// The instances this entry stands for, in node order.
    pub fn nodes(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.members
            .iter()
            .copied()
            .filter(|&x| Some(x) != self.own)
    }

    /// The shared list of instances (the number's own included when it is one).
    #[must_use]
    pub fn members(&self) -> &Arc<[NodeIndex]> {
        &self.members
    }
}

/// Where a number's own walk stopped, and what it found on the way.
struct Walk {
    /// The number's own unfinished prepare steps reached before any step of the fleet or of
    /// another number.
    found: Vec<NodeIndex>,
    /// The steps of the fleet and of other numbers where the walk stopped, sorted.
    frontier: Vec<NodeIndex>,
}

/// What lies behind one frontier.
struct Behind {
    /// Unfinished prepare fleet steps.
    fleet: Vec<NodeIndex>,
    /// Unfinished prepare steps of numbers, by step and owner ([`group_key`]), each list in node
    /// order; the groups in the order of their first instance. Frontiers behind which lie the
    /// same instances share the group (thousands of frontiers may all reach one fleet step that
    /// needs a step of every number).
    by_step: Vec<Arc<Group>>,
}

/// What one frontier's walk found, before its groups are shared.
struct Found {
    fleet: Vec<NodeIndex>,
    groups: Vec<Arc<[NodeIndex]>>,
}

/// Every number's blockers, in the order of `graph.plan.numbers`.
pub(super) fn blockers(
    graph: &StepGraph,
    status: &[StepStatus],
    schedule: &Schedule,
) -> Vec<Vec<Blocker>> {
    let count = graph.plan.numbers.len();
    let walks: Vec<Walk> = (0..count)
        .into_par_iter()
        .with_min_len(per_task(count))
        .map_init(
            || vec![u32::MAX; graph.graph.node_count()],
            |visited, n| walk(graph, status, n, visited),
        )
        .collect();
    // The distinct frontiers, each walked once.
    let mut index: HashMap<&[NodeIndex], usize> = HashMap::new();
    let mut frontiers: Vec<&[NodeIndex]> = Vec::new();
    let which: Vec<usize> = walks
        .iter()
        .map(|w| {
            *index.entry(w.frontier.as_slice()).or_insert_with(|| {
                frontiers.push(w.frontier.as_slice());
                frontiers.len() - 1
            })
        })
        .collect();
    // Each task has one visited buffer, stamped with the frontier's index: a plan may have
    // thousands of distinct frontiers, and a fresh buffer the size of the graph for each was
    // most of the time. They are walked a batch at a time, and each batch's groups shared with
    // equal ones found before, so that only one copy of each is kept.
    let mut shared: HashMap<Arc<[NodeIndex]>, Arc<Group>> = HashMap::new();
    let mut behind: Vec<Behind> = Vec::with_capacity(frontiers.len());
    let batch = 4 * rayon::current_num_threads();
    for (b, chunk) in frontiers.chunks(batch).enumerate() {
        let found: Vec<Found> = chunk
            .par_iter()
            .enumerate()
            .map_init(
                || vec![u32::MAX; graph.graph.node_count()],
                |visited, (i, f)| walk_behind(graph, status, f, b * batch + i, visited),
            )
            .collect();
        for f in found {
            let by_step =
                (f.groups.into_iter())
                    .map(|members| {
                        Arc::clone(shared.entry(Arc::clone(&members)).or_insert_with(|| {
                            Arc::new(Group::new(graph, status, schedule, members))
                        }))
                    })
                    .collect();
            behind.push(Behind {
                fleet: f.fleet,
                by_step,
            });
        }
    }
    drop(shared);
    walks
        .par_iter()
        .zip(which.par_iter())
        .enumerate()
        .with_min_len(per_task(count))
        .map(|(n, (w, &b))| combine(graph, status, schedule, n, w, &behind[b]))
        .collect()
}

/// Whether `x` blocks a cutover it is upstream of.
fn blocks(graph: &StepGraph, status: &[StepStatus], x: NodeIndex) -> bool {
    graph.phase(x) == Phase::Prepare && unfinished(status[x.index()])
}

/// Walks up from number `n`'s cutover to the first steps of the fleet or of other numbers (a DFS
/// stamped with the number's index, so the visited buffer is reused across numbers without
/// clearing).
fn walk(graph: &StepGraph, status: &[StepStatus], n: usize, visited: &mut [u32]) -> Walk {
    let stamp = u32::try_from(n).unwrap_or(u32::MAX - 1);
    let mut stack: Vec<NodeIndex> = graph.numbers[n]
        .nodes
        .iter()
        .copied()
        .filter(|&x| {
            graph.phase(x) == Phase::Cutover && status[x.index()] != StepStatus::NotApplicable
        })
        .collect();
    let mut found = Vec::new();
    let mut frontier = Vec::new();
    while let Some(x) = stack.pop() {
        for p in graph.graph.neighbors_directed(x, Direction::Incoming) {
            if visited[p.index()] == stamp {
                continue;
            }
            visited[p.index()] = stamp;
            // A step done leads only to steps done (the plan's facts are closed under "needs"),
            // so nothing behind it blocks: it stays out of the frontier, which numbers then share
            // more often.
            if status[p.index()] == StepStatus::Done {
                continue;
            }
            // A fleet step or another number's: what lies behind it is shared with other
            // numbers (a wave's numbers all wait on the wave before), and walked once for all.
            if graph.graph[p].number() != Some(n) {
                frontier.push(p);
                continue;
            }
            if blocks(graph, status, p) {
                found.push(p);
            }
            // Done steps still lead upstream only to done or irrelevant steps; stop there.
            if status[p.index()] != StepStatus::Done {
                stack.push(p);
            }
        }
    }
    frontier.sort_unstable();
    Walk { found, frontier }
}

/// Everything unfinished upstream of a frontier, the frontier's own steps included.
fn walk_behind(
    graph: &StepGraph,
    status: &[StepStatus],
    frontier: &[NodeIndex],
    index: usize,
    visited: &mut [u32],
) -> Found {
    let stamp = u32::try_from(index).unwrap_or(u32::MAX - 1);
    let mut fleet = Vec::new();
    let mut of_numbers: Vec<NodeIndex> = Vec::new();
    let mut stack = Vec::new();
    let mut reach = |p: NodeIndex, stack: &mut Vec<NodeIndex>| {
        if std::mem::replace(&mut visited[p.index()], stamp) == stamp {
            return;
        }
        if blocks(graph, status, p) {
            if graph.graph[p].number().is_none() {
                fleet.push(p);
            } else {
                of_numbers.push(p);
            }
        }
        if status[p.index()] != StepStatus::Done {
            stack.push(p);
        }
    };
    for &f in frontier {
        reach(f, &mut stack);
    }
    while let Some(x) = stack.pop() {
        for p in graph.graph.neighbors_directed(x, Direction::Incoming) {
            reach(p, &mut stack);
        }
    }
    fleet.sort_unstable();
    of_numbers.sort_unstable();
    Found {
        fleet,
        groups: by_step(graph, &of_numbers),
    }
}

/// The key an entry for other numbers' instances groups them by: the step, and who must act (a
/// step some numbers' partner does and others' customer is two entries, each naming its owner).
fn group_key(graph: &StepGraph, x: NodeIndex) -> (&str, crate::catalog::Owner) {
    (graph.id(x), graph.graph[x].owner)
}

/// `nodes` (in node order) grouped by [`group_key`], in the order of their first instance.
fn by_step(graph: &StepGraph, nodes: &[NodeIndex]) -> Vec<Arc<[NodeIndex]>> {
    let mut place: HashMap<(&str, crate::catalog::Owner), usize> = HashMap::new();
    let mut groups: Vec<Vec<NodeIndex>> = Vec::new();
    for &x in nodes {
        let i = *place.entry(group_key(graph, x)).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[i].push(x);
    }
    groups.into_iter().map(Arc::from).collect()
}

/// Number `n`'s blockers from its walk and what lies behind its frontier: its own and the
/// fleet's in node order (the catalogue's fleet steps first), then one entry per step (and owner) of
/// other numbers, in the order of their first instances.
fn combine(
    graph: &StepGraph,
    status: &[StepStatus],
    schedule: &Schedule,
    n: usize,
    walk: &Walk,
    behind: &Behind,
) -> Vec<Blocker> {
    let single = |x: NodeIndex| Blocker {
        node: x,
        status: status[x.index()],
        fleet: graph.graph[x].number().is_none(),
        others: None,
    };
    // The number's own steps: those its walk found, and those only a step of the fleet or of
    // another number leads to.
    let mut own = walk.found.clone();
    own.extend(behind.by_step.iter().filter_map(|g| g.own(graph, n)));
    own.sort_unstable();
    own.dedup();
    let mut sorted: Vec<(NodeIndex, Blocker)> = own
        .into_iter()
        .chain(behind.fleet.iter().copied())
        .map(|x| (x, single(x)))
        .collect();
    // Other numbers' instances, one entry per step and owner (lists shared by every number with
    // the same frontier).
    sorted.extend(
        (behind.by_step.iter())
            .filter_map(|shared| shared.entry(graph, status, schedule, shared.own(graph, n))),
    );
    // The number's own and the fleet's steps first, then other numbers' (each at its first).
    sorted.sort_by_key(|(at, b)| (b.others.is_some(), at.index()));
    sorted.into_iter().map(|(_, b)| b).collect()
}

/// A step's instances on numbers, with what an entry needs of them, such that any one instance
/// can be left out without going over them again.
struct Group {
    /// The instances, in node order.
    members: Arc<[NodeIndex]>,
    /// The first two instances.
    first: [Option<NodeIndex>; 2],
    /// The two that finish last (earliest figures), latest first.
    latest: [Option<(DateTime<Utc>, NodeIndex)>; 2],
    /// The two that finish last on the longest figures, among those that have a bound.
    longest: [Option<(DateTime<Utc>, NodeIndex)>; 2],
    /// How many are ready, in progress, unbounded on the longest figures, without an estimate.
    ready: usize,
    in_progress: usize,
    unbounded: usize,
    unknown: usize,
}

/// Keeps the two largest keys in `top`, largest first; among equal keys the lower node index
/// first (the instance a walk in node order meets first, as the critical path picks).
fn keep_top<K: Ord + Copy>(top: &mut [Option<(K, NodeIndex)>; 2], key: K, x: NodeIndex) {
    let rank = |k: K, y: NodeIndex| (k, std::cmp::Reverse(y.index()));
    let item = Some((key, x));
    if top[0].is_none_or(|(k, y)| rank(key, x) > rank(k, y)) {
        top[1] = top[0];
        top[0] = item;
    } else if top[1].is_none_or(|(k, y)| rank(key, x) > rank(k, y)) {
        top[1] = item;
    }
}

impl Group {
    fn new(
        graph: &StepGraph,
        status: &[StepStatus],
        schedule: &Schedule,
        members: Arc<[NodeIndex]>,
    ) -> Group {
        let mut g = Group {
            first: [members.first().copied(), members.get(1).copied()],
            latest: [None; 2],
            longest: [None; 2],
            ready: 0,
            in_progress: 0,
            unbounded: 0,
            unknown: 0,
            members,
        };
        for &x in Arc::clone(&g.members).iter() {
            keep_top(&mut g.latest, schedule.earliest_finish(x.index()), x);
            match schedule.longest_finish(x.index()) {
                Some(t) => keep_top(&mut g.longest, t, x),
                None => g.unbounded += 1,
            }
            match status[x.index()] {
                StepStatus::Ready => g.ready += 1,
                StepStatus::InProgress => g.in_progress += 1,
                _ => {}
            }
            g.unknown += usize::from(graph.estimate(x).is_none());
        }
        g
    }

    /// The entry for the instances other than `own` (number `n`'s), keyed by its first instance;
    /// `None` when `own` is the only one.
    fn entry(
        &self,
        graph: &StepGraph,
        status: &[StepStatus],
        schedule: &Schedule,
        own: Option<NodeIndex>,
    ) -> Option<(NodeIndex, Blocker)> {
        let count = self.members.len() - usize::from(own.is_some());
        if count == 0 {
            return None;
        }
        let pick = |two: &[Option<(DateTime<Utc>, NodeIndex)>; 2]| {
            two.iter().flatten().find(|(_, x)| Some(*x) != own).copied()
        };
        let first = self
            .first
            .iter()
            .flatten()
            .copied()
            .find(|&x| Some(x) != own)?;
        // The entry's node is the instance that finishes last, so the earliest cutover and the
        // critical path come out as if every instance were listed.
        let (_, latest) = pick(&self.latest)?;
        let own_is = |s: StepStatus| own.is_some_and(|x| status[x.index()] == s);
        let best = if self.ready > usize::from(own_is(StepStatus::Ready)) {
            StepStatus::Ready
        } else if self.in_progress > usize::from(own_is(StepStatus::InProgress)) {
            StepStatus::InProgress
        } else {
            StepStatus::Waiting
        };
        let own_unbounded = own.is_some_and(|x| schedule.longest_finish(x.index()).is_none());
        let longest_finish = if self.unbounded > usize::from(own_unbounded) {
            None
        } else {
            pick(&self.longest).map(|(t, _)| t)
        };
        let own_unknown = own.is_some_and(|x| graph.estimate(x).is_none());
        Some((
            first,
            Blocker {
                node: latest,
                status: best,
                fleet: false,
                others: Some(Box::new(Others {
                    members: Arc::clone(&self.members),
                    own,
                    first,
                    count,
                    longest_finish,
                    unknown_estimate: self.unknown > usize::from(own_unknown),
                })),
            },
        ))
    }

    /// Number `n`'s own instance among the members.
    fn own(&self, graph: &StepGraph, n: usize) -> Option<NodeIndex> {
        graph.numbers[n]
            .nodes
            .iter()
            .copied()
            .find(|x| self.members.binary_search(x).is_ok())
    }
}
