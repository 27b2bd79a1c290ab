//! [`Plan`] → [`StepGraph`]: the catalogue routes of every number, the fleet steps they share,
//! and the plan's custom steps, joined into one petgraph dependency graph.
//!
//! Fleet steps are one node each, so a fleet of any size is one graph. Custom steps join by id:
//! per number (`numbers:`) or once for the fleet. Unknown ids, references to a step the number's
//! source kind does not have, and dependency cycles are reported with the position that caused
//! them. The graph is built once and never mutated; its topological order keeps the author's order
//! among independent steps (Kahn's algorithm with a heap keyed on creation order).

use hashbrown::{HashMap, HashSet};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use chrono::{DateTime, Utc};
use compact_str::CompactString;
use petgraph::Direction;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

pub mod diags;

use crate::catalog::{
    self, Clock, DowntimeRole, Estimate, Fact, FleetStep, Owner, Phase, RouteStep, SourceKind,
};
use crate::diagnostic::Diagnostic;
use crate::plan::{Done, NameStatus, Plan, Scope, Started, StepRef};
use crate::source::Span;
use crate::suggest::closest;
pub use diags::{DependencyCause, GraphKind, MAX_DEPENDENCIES, Reference, StartProblem};

/// Where a node comes from.
#[derive(Debug, Clone, Copy)]
pub enum Origin {
    /// A catalogue fleet step.
    Fleet(&'static FleetStep),
    /// A catalogue route step of one number.
    Route(&'static RouteStep),
    /// A custom step of the plan (index into `Plan::custom_steps`).
    Custom(usize),
}

/// One step in the graph, with everything resolved: owner after overrides, applicability, done.
///
/// A 100k-number fleet has 1.4 million of them, so a node is 24 bytes: where it comes from and
/// its number are packed in four bytes each, its estimate is an index into the graph's few
/// distinct estimates ([`StepGraph::estimate`]), and the rare start marks are kept beside the
/// graph ([`StepGraph::started`]).
#[derive(Debug, Clone)]
pub struct Node {
    /// Where it comes from, packed (see [`Node::origin`]).
    origin: PackedOrigin,
    /// The number it belongs to (index into `Plan::numbers`), or [`FLEET_STEP`].
    number: u32,
    /// Its estimate after overrides: an index into [`StepGraph::estimates`].
    estimate: u32,
    /// Whether it applies (a step that does not apply counts as satisfied).
    pub applicable: bool,
    /// Owner after the source's admin and overrides are applied.
    pub owner: Owner,
    /// Its phase (from its origin; kept here, in bytes the layout leaves free, as every pass
    /// over the graph asks for it).
    phase: Phase,
    /// The hours its definition says it runs in (likewise; see [`Node::defined_clock`]).
    clock: Clock,
    /// Recorded as done (by a `done:` entry or a plan fact); boxed, as a fleet has a million
    /// steps and most are not done.
    pub done: Option<Box<DoneMark>>,
}

/// The `number` of a fleet step's node.
const FLEET_STEP: u32 = u32::MAX;

impl Node {
    /// Where it comes from.
    #[must_use]
    #[inline]
    pub fn origin(&self) -> Origin {
        self.origin.unpack()
    }

    /// The hours its definition says its work runs in: the catalogue's for a catalogue step,
    /// working hours for a custom step (the schedule also puts cutover steps and Meta's work
    /// around the clock).
    #[must_use]
    pub fn defined_clock(&self) -> Clock {
        self.clock
    }

    /// Which step it is, as a number: two nodes of numbers with the same source kind have the
    /// same key exactly when they are the same step (the same id), in a validated plan (custom
    /// ids are distinct from each other and from the catalogue's). Cheaper to hash and compare
    /// than the id.
    #[must_use]
    pub fn step_key(&self) -> u32 {
        self.origin.0
    }

    /// The number it belongs to (index into `Plan::numbers`), or `None` for a fleet step.
    #[must_use]
    pub fn number(&self) -> Option<usize> {
        (self.number != FLEET_STEP).then_some(self.number as usize)
    }
}

/// An [`Origin`] in four bytes: the two high bits say which kind, the rest where to find it (a
/// fleet step's position in the catalogue; a route step's source kind and position; a custom
/// step's index in the plan).
#[derive(Clone, Copy)]
struct PackedOrigin(u32);

impl std::fmt::Debug for PackedOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.unpack().fmt(f)
    }
}

/// A number's index as a node holds it ([`FLEET_STEP`] for none).
///
/// # Panics
/// Past four billion numbers, which the loader's size limit keeps far out of reach: a wrong
/// owner would be worse than stopping.
fn pack_number(number: Option<usize>) -> u32 {
    number.map_or(FLEET_STEP, |n| {
        u32::try_from(n)
            .ok()
            .filter(|&n| n != FLEET_STEP)
            .unwrap_or_else(|| panic!("number index {n} does not fit a graph node"))
    })
}

impl PackedOrigin {
    const ROUTE: u32 = 1 << 30;
    const CUSTOM: u32 = 2 << 30;
    const TAG: u32 = 3 << 30;

    /// Packs an index that fits in 30 bits: a catalogue has a few dozen steps, and the loader's
    /// size limit keeps a plan's custom steps far below a billion.
    ///
    /// # Panics
    /// On an index past 30 bits: another step's origin would be worse than stopping.
    fn index(tag: u32, index: usize) -> PackedOrigin {
        let packed = u32::try_from(index).ok().filter(|i| i & Self::TAG == 0);
        let packed =
            packed.unwrap_or_else(|| panic!("step index {index} does not fit a graph node"));
        PackedOrigin(tag | packed)
    }

    fn fleet(position: usize) -> PackedOrigin {
        Self::index(0, position)
    }

    fn route(route: usize, position: usize) -> PackedOrigin {
        assert!(route < catalog::ROUTES.len() && position < 1 << 16);
        Self::index(Self::ROUTE, route << 16 | position)
    }

    fn custom(index: usize) -> PackedOrigin {
        Self::index(Self::CUSTOM, index)
    }

    #[inline]
    fn unpack(self) -> Origin {
        let rest = self.0 & !Self::TAG;
        match self.0 & Self::TAG {
            Self::ROUTE => Origin::Route(
                &catalog::ROUTES[(rest >> 16) as usize].steps[(rest & 0xffff) as usize],
            ),
            Self::CUSTOM => Origin::Custom(rest as usize),
            _ => Origin::Fleet(&catalog::steps::FLEET[rest as usize]),
        }
    }
}

/// A step recorded as under way.
#[derive(Debug, Clone, PartialEq)]
pub struct StartedMark {
    /// When it started (for a request: when it was sent).
    pub at: DateTime<Utc>,
    /// Who (a name fits inline: a fleet's plan and journal name someone for most steps).
    pub by: Option<CompactString>,
    /// Where the entry was written.
    pub span: Span,
}

/// How a step came to be done.
#[derive(Debug, Clone, PartialEq)]
pub enum DoneMark {
    /// Listed under `done:`, maybe with a time and a name.
    Listed {
        /// When.
        at: Option<DateTime<Utc>>,
        /// Who (a name fits inline: a fleet's plan and journal name someone for most steps).
        by: Option<CompactString>,
        /// Where the entry was written.
        span: Span,
        /// Skipped rather than done, for this reason (recorded in the journal).
        skipped: Option<Box<str>>,
    },
    /// Implied by a plan fact (`display_name_status: approved`, `pin_known: true`).
    Fact(Fact),
}

/// An edge: `a -> b`, `a` must be done before `b`. It carries nothing, as a fleet has millions
/// of edges; where a custom step's dependency was written is kept by the compiler, the only
/// reader (to point at the edge that closes a cycle).
#[derive(Debug, Clone, Copy)]
pub struct Edge;

/// The nodes of one number, in route order, then its custom steps.
#[derive(Debug, Clone)]
pub struct NumberNodes {
    /// Every node of the number.
    pub nodes: Vec<NodeIndex>,
    /// The route its first nodes follow (kept: looked up for every step a plan names).
    pub route: &'static catalog::Route,
}

/// The compiled plan: the graph and the plan it came from.
#[derive(Debug)]
pub struct StepGraph {
    /// The validated plan.
    pub plan: Plan,
    /// The dependency graph: an edge `a -> b` means `a` must be done before `b`.
    pub graph: DiGraph<Node, Edge>,
    /// Fleet nodes (catalogue fleet steps, then fleet-wide custom steps).
    pub fleet: Vec<NodeIndex>,
    /// Nodes of each number, parallel to `Plan::numbers`.
    pub numbers: Vec<NumberNodes>,
    /// Every node in dependency order, author order among independent steps.
    pub order: Vec<NodeIndex>,
    /// Each node's position in `order` (indexed by node index).
    position: Vec<u32>,
    /// The steps recorded as under way (a `started:` entry or the journal), by node: few steps
    /// have one, so a node does not carry room for it.
    started: HashMap<NodeIndex, StartedMark>,
    /// The distinct estimates of the graph's nodes (a node holds an index into it).
    estimates: Vec<Option<Estimate>>,
}

impl StepGraph {
    /// The step's start, when it is recorded as under way.
    #[must_use]
    #[inline]
    pub fn started(&self, node: NodeIndex) -> Option<&StartedMark> {
        if self.started.is_empty() {
            return None;
        }
        self.started.get(&node)
    }

    /// Records the step under way, or (`None`) not under way.
    pub fn set_started(&mut self, node: NodeIndex, mark: Option<StartedMark>) {
        match mark {
            Some(mark) => self.started.insert(node, mark),
            None => self.started.remove(&node),
        };
    }

    /// The estimate of a node, after overrides.
    #[must_use]
    pub fn estimate(&self, node: NodeIndex) -> Option<Estimate> {
        self.estimates[self.graph[node].estimate as usize]
    }

    /// Each node's position in `order`.
    #[must_use]
    pub fn position(&self, node: NodeIndex) -> usize {
        self.position[node.index()] as usize
    }

    /// `nodes` in dependency order (author order among independent steps), as a new list.
    #[must_use]
    pub fn in_order(&self, nodes: &[NodeIndex]) -> Vec<NodeIndex> {
        let mut nodes = nodes.to_vec();
        nodes.sort_by_key(|x| self.position(*x));
        nodes
    }

    /// The step id of a node.
    #[must_use]
    pub fn id(&self, node: NodeIndex) -> &str {
        match self.graph[node].origin() {
            Origin::Fleet(f) => f.def.id,
            Origin::Route(r) => r.def.id,
            Origin::Custom(i) => &self.plan.custom_steps[i].id,
        }
    }

    /// The title of a node.
    #[must_use]
    pub fn title(&self, node: NodeIndex) -> &str {
        match self.graph[node].origin() {
            Origin::Fleet(f) => f.def.title,
            Origin::Route(r) => r.def.title,
            Origin::Custom(i) => &self.plan.custom_steps[i].title,
        }
    }

    /// The phase of a node.
    #[must_use]
    pub fn phase(&self, node: NodeIndex) -> Phase {
        self.graph[node].phase
    }

    /// What "done" means for the step (for a request: the answer received, or the request sent).
    #[must_use]
    pub fn done_when(&self, node: NodeIndex) -> &'static str {
        match self.graph[node].origin() {
            Origin::Fleet(f) => f.def.done_when,
            Origin::Route(r) => r.def.done_when,
            Origin::Custom(_) => "Done when the plan records it under `done:`.",
        }
    }

    /// Why the step matters, and what to do.
    #[must_use]
    pub fn reason_and_action(&self, node: NodeIndex) -> (&str, &str) {
        match self.graph[node].origin() {
            Origin::Fleet(f) => (f.def.reason, f.def.action),
            Origin::Route(r) => (r.def.reason, r.def.action),
            Origin::Custom(i) => {
                let s = &self.plan.custom_steps[i];
                (
                    s.reason
                        .as_deref()
                        .unwrap_or("A custom step of this plan that comes before the cutover."),
                    s.action.as_deref().unwrap_or(&s.title),
                )
            }
        }
    }

    /// The public sources of a step (empty for custom steps).
    #[must_use]
    pub fn sources(&self, node: NodeIndex) -> &'static [&'static str] {
        match self.graph[node].origin() {
            Origin::Fleet(f) => f.def.sources,
            Origin::Route(r) => r.def.sources,
            Origin::Custom(_) => &[],
        }
    }

    /// The downtime role of a node.
    #[must_use]
    pub fn downtime_role(&self, node: NodeIndex) -> DowntimeRole {
        match self.graph[node].origin() {
            Origin::Route(r) => r.downtime,
            _ => DowntimeRole::None,
        }
    }

    /// Whether completing the node hands billing over.
    #[must_use]
    pub fn is_handover(&self, node: NodeIndex) -> bool {
        matches!(self.graph[node].origin(), Origin::Route(r) if r.handover)
    }
}

/// Builds the step graph of a validated plan.
pub struct Compiler<'p> {
    plan: &'p Plan,
    graph: DiGraph<Node, Edge>,
    fleet: Vec<NodeIndex>,
    numbers: Vec<NumberNodes>,
    /// Custom step index → (number, node) instances.
    custom_nodes: Vec<Vec<(Option<usize>, NodeIndex)>>,
    custom_ids: HashMap<&'p str, usize>,
    /// Ids that more than one step has: two custom steps, or a custom step and a catalogue
    /// step (errors validation reports; the graph is still compiled for the rest).
    ambiguous_ids: HashSet<&'p str>,
    diagnostics: Vec<Diagnostic>,
    reported: HashSet<(usize, String)>,
    /// The distinct estimates so far, and where each is in the list.
    estimates: Vec<Option<Estimate>>,
    estimate_index: HashMap<Option<Estimate>, u32>,
    /// Per source kind, each route step's catalogue estimate (an index into `estimates`).
    route_estimates: [Vec<u32>; catalog::ROUTES.len()],
    /// The estimate of a step done by a ticket to someone else.
    ticket_estimate: u32,
    /// The index of "no estimate": a step no source gives a duration for on this number.
    no_estimate: u32,
    /// The edges of every cycle reported.
    cycle_edges: HashSet<(NodeIndex, NodeIndex)>,
    /// The steps recorded as under way (see [`StepGraph::started`]).
    started: HashMap<NodeIndex, StartedMark>,
    /// Where each written edge (`after:`/`before:` of a custom step) was written: the spans, and
    /// each written edge's index with its span's, in edge order.
    written: Vec<Span>,
    written_edges: Vec<(petgraph::graph::EdgeIndex, u32)>,
    /// Per source kind (in `SourceKind::ALL` order), each route step's prerequisites resolved
    /// once: a step of the same route (its position) or a fleet catalogue step (its position).
    route_deps: [Vec<Vec<Dep>>; catalog::ROUTES.len()],
    /// When business verification is needed, the arriving numbers that register within the
    /// unverified business's places (ascending), and so do not wait for it.
    unverified_within: Option<Vec<usize>>,
}

/// A route step's prerequisite, resolved.
#[derive(Debug, Clone, Copy)]
enum Dep {
    /// The route step at this position.
    Route(usize),
    /// The fleet catalogue step at this position.
    Fleet(usize),
}

/// The result of compiling: the graph when there was no error, and every diagnostic.
#[derive(Debug)]
pub struct Compiled {
    /// The graph, if no error was found.
    pub graph: Option<StepGraph>,
    /// The graph of a plan whose only errors are dependency cycles: it cannot be evaluated,
    /// but it can be drawn with the cycles marked.
    pub sketch: Option<Sketch>,
    /// Errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// A step graph with dependency cycles: every step and edge, for drawing only. Its `order`
/// holds the steps a dependency order reaches, then the ones on or after a cycle, by creation.
#[derive(Debug)]
pub struct Sketch {
    /// The graph, not evaluable.
    pub graph: StepGraph,
    /// The edges on a reported cycle.
    pub cycle_edges: HashSet<(NodeIndex, NodeIndex)>,
}

impl<'p> Compiler<'p> {
    /// Compiles `plan` into a graph.
    #[must_use]
    pub fn compile(plan: Plan) -> Compiled {
        let compiled = {
            // Room for every route's nodes and edges up front: growing a graph of a million
            // nodes by doubling copies it over and over.
            // Custom steps scoped to numbers add one node a number each (a generated 100k fleet:
            // 1.22 million nodes, 2.21 million edges, of which routes alone are 0.92 million
            // nodes); fleet steps add a few dozen.
            let route_nodes = plan
                .numbers
                .iter()
                .map(|n| n.source.route().steps.len())
                .sum::<usize>();
            let custom_nodes = plan
                .custom_steps
                .iter()
                .map(|s| match &s.scope {
                    Scope::Fleet => 1,
                    Scope::Numbers(list) => list.len(),
                })
                .sum::<usize>();
            let nodes = route_nodes + custom_nodes + 64;
            let mut c = Compiler {
                plan: &plan,
                graph: DiGraph::with_capacity(nodes, nodes * 2),
                route_deps: catalog::ROUTES.map(resolve_route_deps),
                fleet: Vec::new(),
                numbers: Vec::with_capacity(plan.numbers.len()),
                custom_nodes: vec![Vec::new(); plan.custom_steps.len()],
                custom_ids: plan
                    .custom_steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (s.id.as_str(), i))
                    .collect(),
                ambiguous_ids: {
                    let catalog_ids = catalog::all_step_ids();
                    let mut seen = HashSet::new();
                    (plan.custom_steps.iter())
                        .map(|s| s.id.as_str())
                        .filter(|id| !seen.insert(*id) || catalog_ids.contains(id))
                        .collect()
                },
                diagnostics: Vec::new(),
                reported: HashSet::new(),
                cycle_edges: HashSet::new(),
                started: HashMap::new(),
                written: Vec::new(),
                written_edges: Vec::new(),
                estimates: Vec::new(),
                estimate_index: HashMap::new(),
                route_estimates: Default::default(),
                unverified_within: None,
                ticket_estimate: 0,
                no_estimate: 0,
            };
            c.ticket_estimate = c.intern(Some(catalog::TICKET_LEAD_TIME));
            c.no_estimate = c.intern(None);
            for (k, route) in catalog::ROUTES.iter().enumerate() {
                c.route_estimates[k] = (route.steps.iter())
                    .map(|step| c.intern(step.def.estimate))
                    .collect();
            }
            c.add_fleet();
            // Each number's list of nodes is sized for its custom steps too: growing a hundred
            // thousand small lists when the custom steps arrive doubled them all.
            let mut custom_per_number = vec![0usize; plan.numbers.len()];
            for step in &plan.custom_steps {
                if let Scope::Numbers(list) = &step.scope {
                    for &n in list {
                        custom_per_number[n] += 1;
                    }
                }
            }
            for (n, custom) in custom_per_number.into_iter().enumerate() {
                c.add_number(n, custom);
            }
            c.add_custom_steps();
            c.check_dropped_numbers_steps();
            c.mark_fleet_done();
            c.apply_overrides();
            // Kahn's order leaves out every node on or after a cycle, so when it covers the graph
            // there is none and the strongly-connected-component search (a third of the compile
            // time on a large fleet) is only needed to describe a cycle that exists.
            let order = author_order(&c.graph);
            c.check_done_order(&order);
            if order.len() < c.graph.node_count() {
                c.find_cycles();
            }
            (
                c.graph,
                c.fleet,
                c.numbers,
                c.diagnostics,
                order,
                c.cycle_edges,
                c.estimates,
                c.started,
            )
        };
        let (graph, fleet, numbers, diagnostics, mut order, cycle_edges, estimates, started) =
            compiled;
        let has_errors = crate::diagnostic::has_errors(&diagnostics);
        let only_cycles = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .all(|d| d.code() == "dependency-cycle");
        if has_errors && !only_cycles {
            return Compiled {
                graph: None,
                sketch: None,
                diagnostics,
            };
        }
        if order.len() < graph.node_count() {
            let mut placed = vec![false; graph.node_count()];
            for node in &order {
                placed[node.index()] = true;
            }
            order.extend(graph.node_indices().filter(|n| !placed[n.index()]));
        }
        // Node indices are `u32` (petgraph's default), so positions are too.
        let mut position = vec![0; order.len()];
        for (i, node) in order.iter().enumerate() {
            position[node.index()] = u32::try_from(i).unwrap_or(u32::MAX);
        }
        let step_graph = StepGraph {
            plan,
            graph,
            fleet,
            numbers,
            order,
            position,
            started,
            estimates,
        };
        if has_errors {
            return Compiled {
                graph: None,
                sketch: Some(Sketch {
                    graph: step_graph,
                    cycle_edges,
                }),
                diagnostics,
            };
        }
        Compiled {
            graph: Some(step_graph),
            sketch: None,
            diagnostics,
        }
    }

    /// The index of `estimate` in the graph's list of distinct estimates.
    fn intern(&mut self, estimate: Option<Estimate>) -> u32 {
        let next = u32::try_from(self.estimates.len()).unwrap_or(u32::MAX);
        *self.estimate_index.entry(estimate).or_insert_with(|| {
            self.estimates.push(estimate);
            next
        })
    }

    fn add_fleet(&mut self) {
        let any_waba_migration = self
            .plan
            .numbers
            .iter()
            .any(|n| n.source.is_waba_migration());
        let any_arrival = self.plan.numbers.iter().any(|n| n.source.is_arrival());
        let destination = &self.plan.destination;
        let verification_needed = !destination.business_verified
            && catalog::UnverifiedCount::of(&self.plan.numbers)
                .over(destination.unverified_number_limit);
        if verification_needed {
            self.unverified_within = Some(catalog::within_unverified_limit(
                &self.plan.numbers,
                destination.unverified_number_limit,
            ));
        }
        for (position, step) in catalog::steps::FLEET.iter().enumerate() {
            let estimate = self.intern(step.def.estimate);
            let node = self.graph.add_node(Node {
                origin: PackedOrigin::fleet(position),
                number: FLEET_STEP,
                phase: step.def.phase,
                clock: step.def.clock,
                applicable: match step.when {
                    catalog::FleetWhen::Always => true,
                    catalog::FleetWhen::SomeWabaMigration => any_waba_migration,
                    catalog::FleetWhen::SomeArrival => any_arrival,
                    catalog::FleetWhen::PartnerRuns => self.plan.implementation_partner.is_some(),
                    catalog::FleetWhen::VerificationNeeded => verification_needed,
                },
                owner: step.def.owner,
                estimate,
                done: None,
            });
            for dep in step.after {
                if let Some(&from) = self.fleet.iter().find(|&&f| self.fleet_id(f) == *dep) {
                    self.graph.add_edge(from, node, Edge);
                }
            }
            self.fleet.push(node);
        }
    }

    fn fleet_id(&self, node: NodeIndex) -> &'p str {
        match self.graph[node].origin() {
            Origin::Fleet(f) => f.def.id,
            Origin::Custom(i) => &self.plan.custom_steps[i].id,
            Origin::Route(r) => r.def.id,
        }
    }

    fn fleet_catalog_node(&self, id: &str) -> Option<NodeIndex> {
        // The catalogue's fleet steps are the fleet's first nodes (`add_fleet`); the fleet's
        // custom steps, which may be thousands, come after them.
        self.fleet
            .iter()
            .copied()
            .take_while(|&f| matches!(self.graph[f].origin(), Origin::Fleet(_)))
            .find(|&f| matches!(self.graph[f].origin(), Origin::Fleet(s) if s.def.id == id))
    }

    /// Adds number `n`'s route; `custom` of its custom steps come later.
    fn add_number(&mut self, n: usize, custom: usize) {
        let number = &self.plan.numbers[n];
        let k = number.source.route_index();
        let route = catalog::ROUTES[k];
        let facts = crate::catalog::NumberFacts {
            has_templates: !number.templates.is_empty()
                || number
                    .waba
                    .is_some_and(|w| !self.plan.wabas[w].templates.is_empty()),
            source_waba_restricted: number.source_waba.status != crate::plan::WabaStatus::Active,
            on_premises: number.source_waba.on_premises,
            number_banned: number.source_waba.banned,
            // A whole country, not regions the number alone cannot place (those stay a warning).
            country_restricted: number.source.is_arrival()
                && matches!(
                    catalog::country_restriction(number.e164.country_code()),
                    Some(catalog::CountryRestriction::Country(_))
                ),
            ..number.source.facts()
        };
        let deps = &self.route_deps[k];
        let within_unverified_limit = self
            .unverified_within
            .as_ref()
            .is_some_and(|within| within.binary_search(&n).is_ok());
        let number_index = pack_number(Some(n));
        let mut nodes = Vec::with_capacity(route.steps.len() + custom);
        for (i, step) in route.steps.iter().enumerate() {
            let owner = if step.owner_is_source_admin {
                number.source.admin_owner().unwrap_or(step.def.owner)
            } else {
                step.def.owner
            };
            // Done by someone else for the customer: a ticket, with a ticket's lead time. A step
            // with no estimate (Meta's review of a restricted WABA) keeps none: the ticket only
            // asks for what takes an unknown time, and a lead time would pass for its length.
            let own = self.route_estimates[k][i];
            // A name Meta deferred is decided when the number reaches a higher messaging limit
            // (MDN): no source says when, so the review has no estimate and the earliest cutover
            // is a lower bound.
            let deferred = matches!(step.satisfied_by, Some(Fact::DisplayNameApproved))
                && number.display_name_status == NameStatus::Deferred;
            let estimate = if deferred {
                self.no_estimate
            } else if step.owner_is_source_admin
                && owner != step.def.owner
                && owner != Owner::Customer
                && self.estimates[own as usize].is_some()
            {
                self.ticket_estimate
            } else {
                own
            };
            let done = step.satisfied_by.and_then(|fact| {
                let holds = match fact {
                    Fact::DisplayNameApproved => number.display_name_status == NameStatus::Approved,
                    Fact::PinKnown => number.source.pin_known(),
                    Fact::CountryAvailabilityConfirmed => number.country_availability_confirmed,
                    Fact::DisplayNameSubmitted => number.display_name_status.is_submitted(),
                };
                holds.then(|| Box::new(DoneMark::Fact(fact)))
            });
            let node = self.graph.add_node(Node {
                origin: PackedOrigin::route(k, i),
                number: number_index,
                phase: step.phase(),
                clock: step.def.clock,
                applicable: step.when.holds(&facts),
                owner,
                estimate,
                done,
            });
            for dep in &deps[i] {
                // The fleet catalogue steps are the fleet's first nodes, in catalogue order.
                let from = match *dep {
                    Dep::Route(j) => nodes.get(j).copied(),
                    // A number that fits in the unverified business's places registers without
                    // waiting for business verification; only those beyond them wait.
                    Dep::Fleet(j)
                        if catalog::steps::FLEET[j].when
                            == catalog::FleetWhen::VerificationNeeded
                            && within_unverified_limit =>
                    {
                        None
                    }
                    Dep::Fleet(j) => self.fleet.get(j).copied(),
                };
                if let Some(from) = from {
                    self.graph.add_edge(from, node, Edge);
                }
            }
            nodes.push(node);
        }
        self.numbers.push(NumberNodes { nodes, route });
    }

    /// The node of step `id` for number `n`, among its route and custom steps.
    fn number_node(&self, n: usize, id: &str) -> Option<NodeIndex> {
        // A number's nodes are its route's steps in route order (`add_number`), then its custom
        // steps in plan order (`add_custom_steps`): each is found without a search of them all,
        // as a number may have thousands of custom steps and list each one as done.
        let NumberNodes { nodes, route } = self.numbers.get(n)?;
        if self.ambiguous_ids.contains(id) {
            // An id two steps share (an invalid plan, reported by validation): the first node
            // that has it, route steps first, as the graph is still compiled for its errors.
            return nodes
                .iter()
                .copied()
                .find(|&node| self.fleet_id(node) == id);
        }
        if let Some(&custom) = self.custom_ids.get(id) {
            let customs = nodes.get(route.steps.len()..)?;
            let custom_index = |x: &NodeIndex| match self.graph[*x].origin() {
                Origin::Custom(c) => c,
                _ => usize::MAX,
            };
            let first = customs.partition_point(|x| custom_index(x) < custom);
            return customs
                .get(first)
                .copied()
                .filter(|x| custom_index(x) == custom);
        }
        let place = route.steps.iter().position(|step| step.def.id == id)?;
        nodes
            .get(place)
            .copied()
            .filter(|&node| self.fleet_id(node) == id)
    }

    fn add_custom_steps(&mut self) {
        let plan = self.plan;
        // Create every instance first so references between custom steps resolve in any order.
        for (i, step) in plan.custom_steps.iter().enumerate() {
            let estimate = self.intern(step.estimate);
            let node = |number: Option<usize>| Node {
                origin: PackedOrigin::custom(i),
                number: pack_number(number),
                phase: step.phase,
                clock: Clock::Working,
                applicable: true,
                owner: step.owner,
                estimate,
                done: None,
            };
            match &step.scope {
                Scope::Fleet => {
                    let idx = self.graph.add_node(node(None));
                    self.fleet.push(idx);
                    self.custom_nodes[i].push((None, idx));
                }
                Scope::Numbers(list) => {
                    for &n in list {
                        let idx = self.graph.add_node(node(Some(n)));
                        self.numbers[n].nodes.push(idx);
                        self.custom_nodes[i].push((Some(n), idx));
                    }
                }
            }
        }
        for (n, number) in plan.numbers.iter().enumerate() {
            self.mark_number_done(n, &number.done);
            self.mark_number_started(n, &number.started);
        }
        for (i, step) in plan.custom_steps.iter().enumerate() {
            let instances = self.custom_nodes[i].clone();
            for (number, node) in &instances {
                for r in &step.after {
                    let from = self.resolve(i, *number, r);
                    if !self.within_budget(i, from.len(), r, "after", instances.len()) {
                        return;
                    }
                    for from in from {
                        // An impossible order is reported, and its edge left out: it would only
                        // add a cycle through the cutover to the report.
                        if !self.check_phase_order(i, from, *node, r.span) {
                            continue;
                        }
                        self.add_written_edge(from, *node, r.span);
                    }
                }
                for r in &step.before {
                    let to = self.resolve(i, *number, r);
                    if !self.within_budget(i, to.len(), r, "before", instances.len()) {
                        return;
                    }
                    for to in to {
                        // `before: [x]` makes `x` come after this step: x's phase must allow it.
                        if !self.check_phase_order(i, *node, to, r.span) {
                            continue;
                        }
                        self.add_written_edge(*node, to, r.span);
                    }
                }
                // A prepare step with no explicit `before` still has to be done before the cutover
                // of the numbers it belongs to. Every edge into a prepare step comes from a
                // prepare step (the phase checks above refuse the rest), so this edge cannot close
                // a cycle through the cutover, and no search of the step's ancestors is needed:
                // that search made a long chain of prepare steps quadratic.
                if step.phase == Phase::Prepare && step.before.is_empty() {
                    match number {
                        Some(n) => {
                            if let Some(first) = self.first_cutover_node(*n) {
                                self.graph.add_edge(*node, first, Edge);
                            }
                        }
                        None => {
                            let numbers = plan.numbers.len();
                            if self.graph.edge_count() + numbers > MAX_DEPENDENCIES {
                                self.diagnostics.push(Diagnostic::error(
                                    GraphKind::TooManyDependencies {
                                        step: step.id.clone(),
                                        cause: DependencyCause::EveryCutover { numbers },
                                    },
                                    step.span,
                                ));
                                return;
                            }
                            for n in 0..numbers {
                                if let Some(first) = self.first_cutover_node(n) {
                                    self.graph.add_edge(*node, first, Edge);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether `count` more edges for custom step `custom`'s entry `r` (under `key`) keep the graph
    /// within [`MAX_DEPENDENCIES`]; if not, reports it (the graph stage then stops adding custom
    /// steps' edges: the plan is refused, and a fleet-sized product of copies would only fill
    /// the memory).
    fn within_budget(
        &mut self,
        custom: usize,
        count: usize,
        r: &StepRef,
        key: &'static str,
        copies: usize,
    ) -> bool {
        if self.graph.edge_count() + count <= MAX_DEPENDENCIES {
            return true;
        }
        let other_copies = match self.custom_ids.get(r.id.as_str()) {
            Some(&target) => self.custom_nodes[target].len(),
            None => count,
        };
        // This entry's own product, when it is most of the limit; else the steps together.
        let cause = if copies.saturating_mul(other_copies) > MAX_DEPENDENCIES / 2 {
            DependencyCause::EveryCopy {
                other: r.id.clone(),
                key,
                copies,
                other_copies,
            }
        } else {
            DependencyCause::Together {
                other: r.id.clone(),
                key,
            }
        };
        self.diagnostics.push(Diagnostic::error(
            GraphKind::TooManyDependencies {
                step: self.plan.custom_steps[custom].id.clone(),
                cause,
            },
            r.span,
        ));
        false
    }

    /// Reports a dependency `earlier -> later` where `later`'s phase comes before `earlier`'s (a
    /// prepare step after the cutover), once per custom step involved.
    fn check_phase_order(
        &mut self,
        custom: usize,
        earlier: NodeIndex,
        later: NodeIndex,
        at: Span,
    ) -> bool {
        let (earlier_phase, later_phase) = (self.node_phase(earlier), self.node_phase(later));
        if earlier_phase <= later_phase {
            return true;
        }
        if !self.reported.insert((custom, String::from("\0phase"))) {
            return false;
        }
        self.diagnostics.push(Diagnostic::error(
            GraphKind::PhaseOrder {
                earlier: self.fleet_id(earlier).to_string(),
                earlier_phase,
                later: self.fleet_id(later).to_string(),
                later_phase,
            },
            at,
        ));
        false
    }

    /// The phase of a node while the graph is being built.
    fn node_phase(&self, node: NodeIndex) -> Phase {
        self.graph[node].phase
    }

    /// Adds the edge for a dependency written at `span` (a span is stored once for the run of
    /// edges one entry makes for one instance).
    fn add_written_edge(&mut self, from: NodeIndex, to: NodeIndex, span: Span) {
        if self.written.last() != Some(&span) {
            self.written.push(span);
        }
        let edge = self.graph.add_edge(from, to, Edge);
        let span = u32::try_from(self.written.len() - 1).unwrap_or(u32::MAX);
        self.written_edges.push((edge, span));
    }

    /// Where edge `edge` was written, if a custom step's entry wrote it.
    fn written_at(&self, edge: petgraph::graph::EdgeIndex) -> Option<Span> {
        let i = (self.written_edges)
            .binary_search_by_key(&edge, |&(e, _)| e)
            .ok()?;
        self.written.get(self.written_edges[i].1 as usize).copied()
    }

    fn first_cutover_node(&self, n: usize) -> Option<NodeIndex> {
        self.numbers[n].nodes.iter().copied().find(|&node| {
            let w = &self.graph[node];
            matches!(w.origin(), Origin::Route(r) if r.phase() == Phase::Cutover) && w.applicable
        })
    }

    /// Resolves a reference written on custom step `custom` (instance for `number`).
    fn resolve(&mut self, custom: usize, number: Option<usize>, r: &StepRef) -> Vec<NodeIndex> {
        if let Some(&target) = self.custom_ids.get(r.id.as_str()) {
            // The number's own instance is among its few nodes; searching all instances instead
            // made `numbers: all` steps that follow one another quadratic in the fleet size.
            let own = number.and_then(|n| {
                if self.ambiguous_ids.contains(r.id.as_str()) {
                    // An id two steps share (an invalid plan): this custom step's instance.
                    (self.numbers[n].nodes.iter().copied()).find(
                        |&x| matches!(self.graph[x].origin(), Origin::Custom(t) if t == target),
                    )
                } else {
                    self.number_node(n, &r.id)
                }
            });
            if let Some(node) = own {
                return vec![node];
            }
            return self.custom_nodes[target]
                .iter()
                .map(|(_, node)| *node)
                .collect();
        }
        if let Some(node) = self.fleet_catalog_node(&r.id) {
            return vec![node];
        }
        // The number's own step, found by its route's position, before the catalogue is searched
        // for every kind that has it: that search, per instance of a `numbers: all` step, was
        // a third of a fleet's custom steps.
        if let Some(node) = number.and_then(|n| self.number_node(n, &r.id)) {
            return vec![node];
        }
        let having = catalog::kinds_with_step(&r.id);
        if having.is_empty() {
            self.unknown_step(custom, r);
            return Vec::new();
        }
        match number {
            Some(n) => match self.number_node(n, &r.id) {
                Some(node) => vec![node],
                None => {
                    if self.reported.insert((custom, r.id.clone())) {
                        self.diagnostics.push(Diagnostic::error(
                            self.not_in_source(&r.id, Some(n), having, Reference::Dependency),
                            r.span,
                        ));
                    }
                    Vec::new()
                }
            },
            None => {
                let nodes: Vec<NodeIndex> = (0..self.plan.numbers.len())
                    .filter_map(|n| self.number_node(n, &r.id))
                    .collect();
                if nodes.is_empty() && self.reported.insert((custom, r.id.clone())) {
                    self.diagnostics.push(Diagnostic::error(
                        self.not_in_source(&r.id, None, having, Reference::Dependency),
                        r.span,
                    ));
                }
                nodes
            }
        }
    }

    /// `step-not-in-source` for `id`, written in `written_in`, resolved for number `n` (`None`:
    /// for no number of the plan); `found_in`: the source kinds that have the step.
    fn not_in_source(
        &self,
        id: &str,
        n: Option<usize>,
        found_in: Vec<SourceKind>,
        written_in: Reference,
    ) -> GraphKind {
        let number = n.map(|n| &self.plan.numbers[n]);
        GraphKind::StepNotInSource {
            id: id.to_string(),
            number: number.map(|x| x.e164.to_string()),
            source: number.map(|x| x.source.kind()),
            line_unstated: number.is_some_and(|x| x.source.kind().route().step(id).is_some()),
            found_in,
            written_in,
        }
    }

    /// The known step id closest to `id`, if any. The list of ids is built only while
    /// suggestions are still made: after that, each of thousands of unknown ids would build it
    /// for nothing.
    fn suggest(&self, id: &str) -> Option<String> {
        if crate::suggest::exhausted() {
            return None;
        }
        closest(id, self.known_ids()).map(str::to_string)
    }

    fn known_ids(&self) -> Vec<&str> {
        let mut ids = catalog::all_step_ids();
        ids.extend(self.plan.custom_steps.iter().map(|s| s.id.as_str()));
        ids
    }

    /// Reports the `done:` and `started:` ids of number entries dropped for another problem
    /// that no route and no custom step has: they are typos whatever the entry's source.
    fn check_dropped_numbers_steps(&mut self) {
        let plan = self.plan;
        for (id, span) in &plan.dropped.number_steps {
            if catalog::kinds_with_step(id).is_empty()
                && catalog::fleet_step(id).is_none()
                && !self.custom_ids.contains_key(id.as_str())
                && !plan.dropped.step_ids.contains(id)
                && !plan.dropped.unnamed_steps
            {
                let suggestion = self.suggest(id);
                self.diagnostics.push(Diagnostic::error(
                    GraphKind::UnknownStep {
                        id: id.clone(),
                        suggestion,
                    },
                    *span,
                ));
            }
        }
    }

    fn unknown_step(&mut self, custom: usize, r: &StepRef) {
        // A custom step that was itself malformed is already reported; its id is not unknown.
        if self.plan.dropped.step_ids.contains(&r.id)
            || !self.reported.insert((custom, r.id.clone()))
        {
            return;
        }
        let suggestion = self.suggest(&r.id);
        self.diagnostics.push(Diagnostic::error(
            GraphKind::UnknownStep {
                id: r.id.clone(),
                suggestion,
            },
            r.span,
        ));
    }

    /// The node a `done:` or `started:` entry of number `n` names: one of its own steps, or a
    /// fleet step (one shared step, however it is recorded). Reports the entry when it names
    /// nothing this number has.
    fn locate_number_step(&mut self, n: usize, step: &str, span: Span) -> Option<NodeIndex> {
        if let Some(node) = self.number_node(n, step) {
            return Some(node);
        }
        // A fleet-wide custom step has one node; one scoped to numbers has none for the fleet
        // (and may have a node per number of a whole fleet, not to be searched per entry).
        let fleet_custom =
            self.custom_ids
                .get(step)
                .and_then(|&c| match self.plan.custom_steps[c].scope {
                    Scope::Fleet => self.custom_nodes[c].first().map(|(_, node)| *node),
                    Scope::Numbers(_) => None,
                });
        if let Some(node) = self.fleet_catalog_node(step).or(fleet_custom) {
            return Some(node);
        }
        let having = catalog::kinds_with_step(step);
        let number = &self.plan.numbers[n];
        let kind = if self.custom_ids.contains_key(step) {
            GraphKind::NotInScope {
                id: step.to_string(),
                number: number.e164.to_string(),
            }
        } else if having.is_empty() {
            GraphKind::UnknownStep {
                id: step.to_string(),
                suggestion: self.suggest(step),
            }
        } else {
            self.not_in_source(step, Some(n), having, Reference::Done)
        };
        self.diagnostics.push(Diagnostic::error(kind, span));
        None
    }

    /// The fleet node a `fleet.done` or `fleet.started` entry names, or a report of why not.
    fn locate_fleet_step(
        &mut self,
        by_id: &HashMap<&'p str, NodeIndex>,
        step: &str,
        span: Span,
    ) -> Option<NodeIndex> {
        if let Some(node) = by_id.get(step).copied() {
            return Some(node);
        }
        let kind =
            if catalog::kinds_with_step(step).is_empty() && !self.custom_ids.contains_key(step) {
                GraphKind::UnknownStep {
                    id: step.to_string(),
                    suggestion: self.suggest(step),
                }
            } else {
                GraphKind::NotAFleetStep {
                    id: step.to_string(),
                }
            };
        self.diagnostics.push(Diagnostic::error(kind, span));
        None
    }

    fn mark_number_done(&mut self, n: usize, done: &[Done]) {
        for d in done {
            if self.plan.dropped.step_ids.contains(&d.step) {
                continue;
            }
            if let Some(node) = self.locate_number_step(n, &d.step, d.span) {
                self.mark_done(node, d);
            }
        }
    }

    fn mark_number_started(&mut self, n: usize, started: &[Started]) {
        for s in started {
            if self.plan.dropped.step_ids.contains(&s.step) {
                continue;
            }
            if let Some(node) = self.locate_number_step(n, &s.step, s.span) {
                self.mark_started(node, s);
            }
        }
    }

    /// Records a step done. A fleet step may be recorded in several places (`fleet.done`, a
    /// number's `done:`): a time counts over none. Two different times are refused by validation
    /// (`conflicting-done-times`), so a graph never has to choose between them; of the same
    /// time the first entry stays.
    fn mark_done(&mut self, node: NodeIndex, d: &Done) {
        if let Some(old) = &self.graph[node].done
            && let DoneMark::Listed {
                at: Some(old_at), ..
            } = **old
            && d.at.is_none_or(|at| at <= old_at)
        {
            return;
        }
        self.graph[node].done = Some(Box::new(DoneMark::Listed {
            at: d.at,
            by: d.by.as_deref().map(CompactString::from),
            span: d.span,
            skipped: None,
        }));
    }

    /// Records a start; of two entries for one step the earlier start counts (work started once).
    fn mark_started(&mut self, node: NodeIndex, s: &Started) {
        let mark = StartedMark {
            at: s.at,
            by: s.by.as_deref().map(CompactString::from),
            span: s.span,
        };
        match self.started.get(&node) {
            Some(old) if old.at <= s.at => {}
            _ => {
                self.started.insert(node, mark);
            }
        }
    }

    fn fleet_ids(&self) -> HashMap<&'p str, NodeIndex> {
        self.fleet
            .iter()
            .rev()
            .map(|&f| (self.fleet_id(f), f))
            .collect()
    }

    fn mark_fleet_done(&mut self) {
        let by_id = self.fleet_ids();
        for d in &self.plan.fleet_done {
            if self.plan.dropped.step_ids.contains(&d.step) {
                continue;
            }
            if let Some(node) = self.locate_fleet_step(&by_id, &d.step, d.span) {
                self.mark_done(node, d);
            }
        }
        for s in &self.plan.fleet_started {
            if self.plan.dropped.step_ids.contains(&s.step) {
                continue;
            }
            if let Some(node) = self.locate_fleet_step(&by_id, &s.step, s.span) {
                self.mark_started(node, s);
            }
        }
    }

    fn apply_overrides(&mut self) {
        if self.plan.overrides.is_empty() {
            return;
        }
        let catalog_ids = catalog::all_step_ids();
        for o in &self.plan.overrides {
            if !catalog_ids.contains(&o.step.as_str()) {
                let suggestion = closest(&o.step, catalog_ids.iter().copied()).map(str::to_string);
                self.diagnostics.push(Diagnostic::error(
                    GraphKind::UnknownStep {
                        id: o.step.clone(),
                        suggestion,
                    },
                    o.span,
                ));
            }
        }
        for o in &self.plan.overrides {
            if o.numbers.is_some() && catalog::fleet_step(&o.step).is_some() {
                self.diagnostics.push(Diagnostic::error(
                    GraphKind::ScopedFleetOverride {
                        step: o.step.clone(),
                    },
                    o.span,
                ));
            }
        }
        // Overrides for all numbers first, then those for some numbers, which win; each reaches
        // its nodes directly (a fleet has a million nodes, and may have an override per number).
        // Validation lets through one override for all numbers per step at most.
        let mut unscoped: HashMap<&str, (Option<u32>, Option<Owner>)> = HashMap::new();
        for o in self.plan.overrides.iter().filter(|o| o.numbers.is_none()) {
            let estimate = o.estimate.map(|e| self.intern(Some(e)));
            unscoped.insert(o.step.as_str(), (estimate, o.owner));
        }
        let mut reached: HashSet<&str> = HashSet::new();
        if !unscoped.is_empty() {
            for node in self.graph.node_indices() {
                let id = self.fleet_id(node);
                if let Some(&(estimate, owner)) = unscoped.get(id) {
                    self.apply_override(node, estimate, owner);
                    reached.insert(id);
                }
            }
        }
        // An override that reaches no step would change nothing, silently: the plan says
        // something it does not do (an unknown id is reported above).
        // A draft without numbers yet (`numbers: []`) may set its overrides up front.
        let drafted = self.plan.numbers.is_empty();
        for o in self.plan.overrides.iter().filter(|o| o.numbers.is_none()) {
            if !drafted
                && catalog_ids.contains(&o.step.as_str())
                && !reached.contains(o.step.as_str())
            {
                let kind = self.not_in_source(
                    &o.step,
                    None,
                    catalog::kinds_with_step(&o.step),
                    Reference::Override,
                );
                self.diagnostics.push(Diagnostic::error(kind, o.span));
            }
        }
        for o in &self.plan.overrides {
            let Some(numbers) = &o.numbers else {
                continue;
            };
            let estimate = o.estimate.map(|e| self.intern(Some(e)));
            let mut missed = None;
            for &n in numbers {
                match self.number_node(n, &o.step) {
                    Some(node) => self.apply_override(node, estimate, o.owner),
                    None => missed = missed.or(Some(n)),
                }
            }
            // Reported once per override, at its first number without the step (a fleet step
            // scoped to numbers is reported above).
            if let Some(n) = missed
                && catalog_ids.contains(&o.step.as_str())
                && catalog::fleet_step(&o.step).is_none()
            {
                let kind = self.not_in_source(
                    &o.step,
                    Some(n),
                    catalog::kinds_with_step(&o.step),
                    Reference::Override,
                );
                self.diagnostics.push(Diagnostic::error(kind, o.span));
            }
        }
    }

    /// Sets a node's estimate (an index into the graph's estimates) and owner, where given.
    fn apply_override(&mut self, node: NodeIndex, estimate: Option<u32>, owner: Option<Owner>) {
        let node = &mut self.graph[node];
        if let Some(e) = estimate {
            node.estimate = e;
        }
        if let Some(owner) = owner {
            node.owner = owner;
        }
    }

    /// Every step recorded done must have every prerequisite done (or not applicable), and no
    /// recorded time may come before a prerequisite's: the plan's facts must agree with the graph
    /// before any state is derived from them, or a half-recorded cutover would read as ready.
    fn check_done_order(&mut self, order: &[NodeIndex]) {
        let zone = self.plan.destination.time_zone;
        let shown = |t: DateTime<Utc>| crate::calendar::local_text(t, zone);
        // When each done step happened at the latest known: its recorded time, or (recorded
        // without one) the latest of the steps it needs; with the node that set it.
        let mut latest: Vec<Option<(DateTime<Utc>, NodeIndex)>> =
            vec![None; self.graph.node_count()];
        let mut found = Vec::new();
        for &node in order {
            let Some(mark) = &self.graph[node].done else {
                continue;
            };
            let inherited = self
                .graph
                .neighbors_directed(node, Direction::Incoming)
                .filter_map(|p| latest[p.index()])
                .max_by_key(|(t, _)| *t);
            let (at, span) = match &**mark {
                DoneMark::Listed { at, span, .. } => (*at, Some(*span)),
                DoneMark::Fact(_) => (None, None),
            };
            latest[node.index()] = match at {
                Some(t) => Some((t, node)),
                None => inherited,
            };
            let Some(span) = span else { continue };
            // Done, says the plan, where its stated facts say the step does not apply: one of
            // the two is wrong, and which decides the downtime (a number disconnected ahead is
            // down from then on).
            if !self.graph[node].applicable
                && let Origin::Route(r) = self.graph[node].origin()
                && r.when.stated()
                && let Some(applies_when) = r.when.describe()
            {
                found.push(Diagnostic::error(
                    GraphKind::DoneNotApplicable {
                        step: self.fleet_id(node).to_string(),
                        applies_when,
                    },
                    span,
                ));
            }
            for pred in self.graph.neighbors_directed(node, Direction::Incoming) {
                let p = &self.graph[pred];
                if p.applicable && p.done.is_none() {
                    let fact = match p.origin() {
                        Origin::Route(r) => r.satisfied_by,
                        _ => None,
                    };
                    found.push(Diagnostic::error(
                        GraphKind::DoneBeforePrerequisite {
                            step: self.fleet_id(node).to_string(),
                            prerequisite: self.fleet_id(pred).to_string(),
                            fact,
                            fleet: p.number().is_none(),
                        },
                        span,
                    ));
                }
            }
            // A recorded time before the latest time of a step it needs (directly or through
            // steps recorded without a time).
            if let (Some(at), Some((before, source))) = (at, inherited)
                && at < before
            {
                let mut d = Diagnostic::error(
                    GraphKind::DoneTimesOutOfOrder {
                        step: self.fleet_id(node).to_string(),
                        at: shown(at),
                        prerequisite: self.fleet_id(source).to_string(),
                        prerequisite_at: shown(before),
                    },
                    span,
                );
                if let Some(DoneMark::Listed { span: later, .. }) =
                    self.graph[source].done.as_deref()
                {
                    d = d.with_label(*later, "recorded done later here");
                }
                found.push(d);
            }
        }
        self.check_started(order, &latest, &mut found);
        self.diagnostics.extend(found);
    }

    /// A step under way must have its prerequisites done, no earlier than they were, and cannot
    /// have started after it was done.
    fn check_started(
        &self,
        order: &[NodeIndex],
        latest: &[Option<(DateTime<Utc>, NodeIndex)>],
        found: &mut Vec<Diagnostic>,
    ) {
        let zone = self.plan.destination.time_zone;
        let shown = |t: DateTime<Utc>| crate::calendar::local_text(t, zone);
        for &node in order {
            let Some(started) = self.started.get(&node) else {
                continue;
            };
            let step = self.fleet_id(node).to_string();
            let mut problem = None;
            for pred in self.graph.neighbors_directed(node, Direction::Incoming) {
                let p = &self.graph[pred];
                if p.applicable && p.done.is_none() {
                    problem = Some(StartProblem::PrerequisiteNotDone {
                        prerequisite: self.fleet_id(pred).to_string(),
                    });
                    break;
                }
                if let Some((t, source)) = latest[pred.index()]
                    && started.at < t
                {
                    problem = Some(StartProblem::BeforePrerequisite {
                        at: shown(started.at),
                        prerequisite: self.fleet_id(source).to_string(),
                        prerequisite_at: shown(t),
                    });
                    break;
                }
            }
            if problem.is_none()
                && let Some(DoneMark::Listed { at: Some(done), .. }) =
                    self.graph[node].done.as_deref()
                && started.at > *done
            {
                problem = Some(StartProblem::AfterDone {
                    at: shown(started.at),
                    done_at: shown(*done),
                });
            }
            if let Some(problem) = problem {
                found.push(Diagnostic::error(
                    GraphKind::StartedOutOfOrder { step, problem },
                    started.span,
                ));
            }
        }
    }

    fn find_cycles(&mut self) {
        let mut seen_paths: HashSet<Vec<String>> = HashSet::new();
        // Kosaraju's search walks the graph without recursion (petgraph's Tarjan recurses once
        // per step on the cycle, and a cycle of 100,000 steps overflowed the stack). Components
        // and their steps are taken in creation order, so the report does not depend on it.
        let mut components = petgraph::algo::kosaraju_scc(&self.graph);
        for component in &mut components {
            component.sort_unstable();
        }
        components.sort_unstable_by_key(|c| c.first().copied());
        for component in components {
            let self_loop =
                component.len() == 1 && self.graph.contains_edge(component[0], component[0]);
            if component.len() < 2 && !self_loop {
                continue;
            }
            let members: HashSet<NodeIndex> = component.iter().copied().collect();
            // Start from the first custom step written, so the printed path begins where the
            // user wrote something.
            let start = component
                .iter()
                .copied()
                .find(|&n| matches!(self.graph[n].origin(), Origin::Custom(_)))
                .unwrap_or(component[0]);
            let path = cycle_path(&self.graph, start, &members);
            let mut names: Vec<String> =
                path.iter().map(|&n| self.fleet_id(n).to_string()).collect();
            names.push(self.fleet_id(start).to_string());
            // Point at the written edge that closes the cycle (the last user-written one on it).
            let mut span = None;
            for pair in path
                .iter()
                .copied()
                .chain(std::iter::once(start))
                .collect::<Vec<_>>()
                .windows(2)
            {
                if let Some(at) =
                    (self.graph.find_edge(pair[0], pair[1])).and_then(|e| self.written_at(e))
                {
                    span = Some(at);
                }
            }
            if !seen_paths.insert(names.clone()) {
                continue;
            }
            let closed: Vec<NodeIndex> = path.iter().copied().chain([start]).collect();
            self.cycle_edges
                .extend(closed.windows(2).map(|pair| (pair[0], pair[1])));
            let span = span.unwrap_or_else(|| match self.graph[start].origin() {
                Origin::Custom(i) => self.plan.custom_steps[i].span,
                _ => Span::default(),
            });
            self.diagnostics.push(Diagnostic::error(
                GraphKind::DependencyCycle { path: names },
                span,
            ));
        }
    }
}

/// Resolves the prerequisites of every step of `kind`'s route once.
fn resolve_route_deps(route: &catalog::Route) -> Vec<Vec<Dep>> {
    route
        .steps
        .iter()
        .map(|step| {
            step.after
                .iter()
                .filter_map(|dep| {
                    route
                        .steps
                        .iter()
                        .position(|s| s.def.id == *dep)
                        .map(Dep::Route)
                        .or_else(|| {
                            catalog::steps::FLEET
                                .iter()
                                .position(|f| f.def.id == *dep)
                                .map(Dep::Fleet)
                        })
                })
                .collect()
        })
        .collect()
}

/// A simple cycle through `start` inside one strongly connected component.
fn cycle_path(
    graph: &DiGraph<Node, Edge>,
    start: NodeIndex,
    members: &HashSet<NodeIndex>,
) -> Vec<NodeIndex> {
    // Iterative DFS for a path start -> ... -> start; the component guarantees one exists. Each
    // step reached keeps the step it was reached from, and the path is read back from those
    // (a path per stack entry was quadratic in the cycle's length).
    let mut stack: Vec<NodeIndex> = vec![start];
    let mut reached_from: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    while let Some(node) = stack.pop() {
        for edge in graph.edges_directed(node, Direction::Outgoing) {
            let next = edge.target();
            if next == start {
                let mut path = vec![node];
                let mut at = node;
                while let Some(&from) = reached_from.get(&at) {
                    path.push(from);
                    at = from;
                }
                path.reverse();
                return path;
            }
            if next != start && members.contains(&next) && !reached_from.contains_key(&next) {
                reached_from.insert(next, node);
                stack.push(next);
            }
        }
    }
    vec![start]
}

/// Topological order that keeps creation (author) order among independent steps: Kahn's
/// algorithm always taking the ready step created first. Steps on or after a cycle are left out.
fn author_order(graph: &DiGraph<Node, Edge>) -> Vec<NodeIndex> {
    author_order_of(
        graph.node_count(),
        |i| graph.neighbors_directed(NodeIndex::new(i), Direction::Outgoing),
        graph.raw_edges().iter().map(|e| e.target().index()),
    )
}

/// [`author_order`] over node indices: `next(i)` lists the steps that need step `i`, `targets`
/// every edge's target.
///
/// Almost every dependency points forward in creation order (a number's route follows the fleet
/// steps it needs), so a cursor walking the nodes in creation order finds almost every ready step
/// itself. Only a step that becomes ready after the cursor has passed it waits in a heap, and it
/// goes first, as it was created before anything the cursor has not reached. This is the order a
/// heap of every ready step gives (a test compares them), without a heap operation per step.
fn author_order_of<N: Iterator<Item = NodeIndex>>(
    count: usize,
    next: impl Fn(usize) -> N,
    targets: impl Iterator<Item = usize>,
) -> Vec<NodeIndex> {
    let mut indegree = vec![0u32; count];
    for target in targets {
        indegree[target] += 1;
    }
    let mut passed: BinaryHeap<Reverse<usize>> = BinaryHeap::new();
    let mut cursor = 0;
    let mut order = Vec::with_capacity(count);
    loop {
        let i = if let Some(Reverse(i)) = passed.pop() {
            i
        } else {
            while cursor < count && indegree[cursor] != 0 {
                cursor += 1;
            }
            if cursor == count {
                break;
            }
            cursor += 1;
            cursor - 1
        };
        order.push(NodeIndex::new(i));
        for step in next(i) {
            let d = &mut indegree[step.index()];
            *d -= 1;
            if *d == 0 && step.index() < cursor {
                passed.push(Reverse(step.index()));
            }
        }
    }
    order
}

/// The source kind of the number a node belongs to, if any.
#[must_use]
pub fn kind_of(graph: &StepGraph, node: NodeIndex) -> Option<SourceKind> {
    graph.graph[node]
        .number()
        .map(|n| graph.plan.numbers[n].source.kind())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline;
    use crate::source::SourceFile;

    fn compiled(steps: &str) -> pipeline::Loaded {
        let text = format!(
            "version: 1\nplan:\n  name: t\n  destination: {{region: r, org: o, time_zone: UTC}}\n\
             numbers:\n  - {{number: '+4930901820', source: engage}}\n  - {{number: '+4930901821', source: app}}\n\
             steps:\n{steps}"
        );
        pipeline::compile(&mut SourceFile::new("t.yaml", text))
    }

    #[test]
    fn chained_per_number_steps_join_each_numbers_own_instances() {
        let loaded = compiled(
            "  - {id: update-ivr, title: a, owner: customer, phase: after, numbers: all, after: [save-integration]}\n\
             \x20 - {id: test-inbound, title: b, owner: customer, phase: after, numbers: all, after: [update-ivr]}\n",
        );
        let graph = loaded.graph.expect("compiles");
        for nodes in &graph.numbers {
            let of = |id: &str| nodes.nodes.iter().copied().find(|&x| graph.id(x) == id);
            let (from, to) = (
                of("update-ivr").expect("instance"),
                of("test-inbound").expect("instance"),
            );
            let preds: Vec<NodeIndex> = graph
                .graph
                .neighbors_directed(to, Direction::Incoming)
                .collect();
            assert_eq!(preds, vec![from]);
        }
    }

    #[test]
    fn cycles_are_still_found_when_the_order_leaves_nodes_out() {
        let itself =
            compiled("  - {id: loop, title: l, owner: customer, phase: after, after: [loop]}\n");
        let two = compiled(
            "  - {id: a, title: a, owner: customer, phase: after, after: [b]}\n\
             \x20 - {id: b, title: b, owner: customer, phase: after, after: [a]}\n",
        );
        for loaded in [itself, two] {
            let codes: Vec<&str> = loaded.diagnostics.iter().map(Diagnostic::code).collect();
            assert_eq!(codes, ["dependency-cycle"]);
        }
    }

    #[test]
    fn a_fleet_wide_prepare_step_after_a_cutover_step_is_refused() {
        let loaded = compiled(
            "  - {id: close-project, title: c, owner: customer, after: [save-integration]}\n",
        );
        let codes: Vec<&str> = loaded.diagnostics.iter().map(Diagnostic::code).collect();
        assert_eq!(codes, ["prepare-after-cutover"]);
    }

    #[test]
    fn a_fleet_wide_prepare_step_with_an_after_still_comes_before_every_cutover() {
        let loaded = compiled(
            "  - {id: agree-calendar, title: c, owner: customer, after: [meta-portfolio-access]}\n",
        );
        let graph = loaded.graph.expect("compiles");
        let step = graph
            .fleet
            .iter()
            .copied()
            .find(|&x| graph.id(x) == "agree-calendar")
            .expect("a node");
        let cutovers = graph
            .graph
            .neighbors_directed(step, Direction::Outgoing)
            .count();
        assert_eq!(cutovers, graph.plan.numbers.len());
    }
}
#[cfg(test)]
mod order_and_size_tests {
    use super::*;

    /// A 100k-number fleet has 1.2 million nodes and 2.2 million edges: every byte here is a
    /// megabyte or two of peak memory (docs/performance.md).
    #[test]
    fn nodes_and_edges_stay_small() {
        assert_eq!(size_of::<super::Edge>(), 0);
        assert!(
            size_of::<super::Node>() <= 32,
            "{}",
            size_of::<super::Node>()
        );
    }

    /// Every catalogue step and custom index packs into four bytes and unpacks to itself.
    #[test]
    fn origins_pack_and_unpack_to_the_same_step() {
        for (i, step) in catalog::steps::FLEET.iter().enumerate() {
            assert!(
                matches!(PackedOrigin::fleet(i).unpack(), Origin::Fleet(f) if std::ptr::eq(f, step))
            );
        }
        for (k, route) in catalog::ROUTES.iter().enumerate() {
            for (i, step) in route.steps.iter().enumerate() {
                assert!(
                    matches!(PackedOrigin::route(k, i).unpack(), Origin::Route(r) if std::ptr::eq(r, step)),
                    "route {k} step {i}"
                );
            }
        }
        for i in [0, 1, 65_535, 65_536, (1 << 30) - 1] {
            assert!(matches!(PackedOrigin::custom(i).unpack(), Origin::Custom(c) if c == i));
        }
    }

    /// Kahn's algorithm with a heap of every ready step: the order `author_order` must give.
    fn heap_order(count: usize, edges: &[(usize, usize)]) -> Vec<NodeIndex> {
        let mut indegree = vec![0usize; count];
        for &(_, b) in edges {
            indegree[b] += 1;
        }
        let mut heap: BinaryHeap<Reverse<usize>> = (0..count)
            .filter(|&i| indegree[i] == 0)
            .map(Reverse)
            .collect();
        let mut order = Vec::new();
        while let Some(Reverse(i)) = heap.pop() {
            order.push(NodeIndex::new(i));
            for &(a, b) in edges {
                if a == i {
                    indegree[b] -= 1;
                    if indegree[b] == 0 {
                        heap.push(Reverse(b));
                    }
                }
            }
        }
        order
    }

    proptest::proptest! {
        /// The cursor-and-heap order equals the all-heap order on any graph: forward and backward
        /// edges, repeated edges, self-loops and cycles (whose steps both leave out).
        #[test]
        fn author_order_is_kahns_order_by_creation(
            count in 0usize..40,
            raw in proptest::collection::vec((0usize..40, 0usize..40, 0u8..4), 0..120),
        ) {
            // Mostly forward edges, as in a plan, with some backward ones and some cycles.
            let edges: Vec<(usize, usize)> = raw
                .into_iter()
                .filter(|_| count > 0)
                .map(|(a, b, kind)| {
                    let (a, b) = (a % count, b % count);
                    if kind == 0 { (a, b) } else { (a.min(b), a.max(b)) }
                })
                .collect();
            let next = |i: usize| {
                edges
                    .iter()
                    .filter(move |&&(a, _)| a == i)
                    .map(|&(_, b)| NodeIndex::new(b))
                    .collect::<Vec<_>>()
                    .into_iter()
            };
            let order = author_order_of(count, next, edges.iter().map(|&(_, b)| b));
            proptest::prop_assert_eq!(order, heap_order(count, &edges));
        }
    }
}
