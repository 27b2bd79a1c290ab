//! Property tests of the gate and the graph over generated plans:
//! - the gate never lies: whatever the `done` facts (consistent or not), a plan is either refused
//!   or its report's exit code is 0 exactly when no number has an unfinished blocking step, and
//!   the summary agrees with the numbers;
//! - no step is ready before its prerequisites; marking a step done (with the steps it needs)
//!   never adds a blocker; downtime bounds are ordered; every valid plan renders.

use std::fmt::Write as _;

use std::collections::BTreeSet;

use chrono::{Duration, TimeZone, Utc};
use petgraph::Direction;
use proptest::prelude::*;
use wamigrate::catalog::{Clock, Phase};
use wamigrate::catalog::{Fact, NumberFacts, SourceKind, fleet_step};
use wamigrate::eval::{Evaluation, Evaluator, NumberState, StepStatus, WindowVerdict, schedule};
use wamigrate::pipeline;
use wamigrate::report::{Report, text};
use wamigrate::source::SourceFile;

const SOURCES: &[&str] = &[
    "engage",
    "{bsp: {partner: Acme BSP}}",
    "{bsp: {partner: Acme BSP, disconnect_ahead: true, source_waba_admin: customer}}",
    "{genesys: {region: us-east-1, org: old, pin_known: true}}",
    "{genesys: {region: us-east-1, org: old, pin_known: false}}",
    "app",
    "{new: {line: sms_inventory}}",
    "{new: {line: toll_free, behind_ivr: true, can_bypass_ivr: false}}",
    "{new: {line: toll_free, behind_ivr: true, can_bypass_ivr: true}}",
    "{new: {line: mobile}}",
    "{new: {line: genesys_voice}}",
];

const FLEET: [&str; 3] = [
    "meta-portfolio-access",
    "destination-waba-credit-line",
    "configure-inbound-routing",
];

fn kind(source: usize) -> SourceKind {
    match source {
        0 => SourceKind::Engage,
        1 | 2 => SourceKind::Bsp,
        3 | 4 => SourceKind::Genesys,
        5 => SourceKind::App,
        _ => SourceKind::New,
    }
}

fn facts(source: usize) -> NumberFacts {
    NumberFacts {
        disconnect_ahead: source == 2,
        sms_inventory: source == 6,
        behind_ivr: source == 7 || source == 8,
        ivr_bypass: source == 8,
        check_reachability: source == 9,
        // Generated plans list no templates, and their source WABAs are active Cloud API ones.
        has_templates: false,
        source_waba_restricted: false,
        on_premises: false,
        // Generated plans ban no number.
        number_banned: false,
        // Their numbers are German, where the platform is available.
        country_restricted: false,
    }
}

/// A generated number: its source, which of its route's steps are marked done (by position in
/// the route), and whether its display name is approved.
#[derive(Debug, Clone)]
struct Number {
    source: usize,
    done: Vec<&'static str>,
    approved: bool,
}

fn number_strategy() -> impl Strategy<Value = Number> {
    (
        0..SOURCES.len(),
        proptest::collection::vec(any::<bool>(), 12),
        any::<bool>(),
    )
        .prop_map(|(source, pick, approved)| {
            let route = kind(source).route();
            let done = route
                .steps
                .iter()
                .zip(pick)
                .filter(|(s, p)| *p && s.when.holds(&facts(source)))
                .map(|(s, _)| s.def.id)
                .collect();
            Number {
                source,
                done,
                approved,
            }
        })
}

/// Closes the plan's facts under "needs": every prerequisite of a done step is made done (a
/// route step listed, a fleet step recorded, the display name approved). A step that needs a
/// fact the plan cannot give (`pin_known: false`) is dropped instead.
fn close(numbers: &mut [Number], fleet: &mut [bool; 3]) {
    for n in numbers.iter_mut() {
        let route = kind(n.source).route();
        let facts = facts(n.source);
        // Steps that (through the steps they need) need a fact this plan cannot give: the PIN of
        // a `pin_known: false` number. They cannot be done, so they are dropped.
        let mut impossible: Vec<&str> = Vec::new();
        for step in route.steps {
            let needs_pin = step.satisfied_by == Some(Fact::PinKnown) && n.source == 4;
            if needs_pin || step.after.iter().any(|d| impossible.contains(d)) {
                impossible.push(step.def.id);
            }
        }
        n.done.retain(|s| !impossible.contains(s));
        // Route order is a dependency order, so one backwards pass adds every prerequisite.
        for step in route.steps.iter().rev() {
            if !n.done.contains(&step.def.id) {
                continue;
            }
            for dep in step.after {
                if let Some(f) = FLEET.iter().position(|x| x == dep) {
                    fleet[f] = true;
                    continue;
                }
                let Some(d) = route.step(dep) else {
                    continue;
                };
                if !d.when.holds(&facts) {
                    continue;
                }
                match d.satisfied_by {
                    Some(Fact::DisplayNameApproved) => n.approved = true,
                    _ if !n.done.contains(dep) => n.done.push(d.def.id),
                    _ => {}
                }
            }
        }
    }
    // The credit line needs portfolio access.
    let credit_line = fleet_step(FLEET[1]).expect("a fleet step");
    if fleet[1] && credit_line.after.contains(&FLEET[0]) {
        fleet[0] = true;
    }
}

fn plan_yaml(numbers: &[Number], fleet_done: [bool; 3]) -> String {
    plan_yaml_with(numbers, fleet_done, "")
}

/// A plan with `extra` lines added under `plan:` (a window, calendars, a budget).
fn plan_yaml_with(numbers: &[Number], fleet_done: [bool; 3], extra: &str) -> String {
    let mut y = format!(
        "version: 1\nplan:\n  name: generated\n  destination: {{region: eu-central-1, org: o, time_zone: Europe/Berlin, business_verified: true}}\n{extra}fleet:\n  done: ["
    );
    let fleet: Vec<&str> = FLEET
        .iter()
        .zip(fleet_done)
        .filter(|(_, d)| *d)
        .map(|(s, _)| *s)
        .collect();
    y.push_str(&fleet.join(", "));
    y.push_str("]\nnumbers:\n");
    for (i, n) in numbers.iter().enumerate() {
        let _ = write!(
            y,
            "  - number: '+4930{:06}'\n    source: {}\n",
            100_000 + i,
            SOURCES[n.source]
        );
        if n.approved {
            y.push_str("    display_name_status: approved\n");
        }
        let _ = writeln!(y, "    done: [{}]", n.done.join(", "));
    }
    y
}

/// The evaluation of a plan (`None` when the plan is refused) and the plan's diagnostics.
fn evaluate(yaml: &str, hours: i64) -> Option<(Evaluation, Vec<wamigrate::Diagnostic>)> {
    let mut file = SourceFile::new("gen.yaml", yaml);
    let loaded = pipeline::compile(&mut file);
    if loaded.has_errors() {
        assert!(loaded.graph.is_none(), "an invalid plan hands out no graph");
        return None;
    }
    let at = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap() + Duration::hours(hours);
    let evaluation = Evaluator::evaluate(loaded.graph.expect("a valid plan compiles"), at);
    Some((evaluation, loaded.diagnostics))
}

fn blockers(yaml: &str) -> Vec<Vec<String>> {
    let (evaluation, diagnostics) =
        evaluate(yaml, 0).unwrap_or_else(|| panic!("the plan is invalid:\n{yaml}"));
    let report = Report::new(&evaluation, "gen.yaml", None, diagnostics);
    report
        .numbers()
        .map(|n| n.blocking.iter().map(|b| b.step.to_string()).collect())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Exit 0 means no number has an unfinished blocking step, and the summary never contradicts
    /// `numbers[]`; a plan whose facts contradict the graph is refused, never reported as ready.
    #[test]
    fn the_gate_never_lies(
        mut numbers in proptest::collection::vec(number_strategy(), 1..6),
        mut fleet in any::<[bool; 3]>(),
        consistent in any::<bool>(),
        hours in -2000i64..2000,
    ) {
        // Half the plans have facts closed under "needs"; the rest are as drawn, often
        // contradicting the graph, and must then be refused.
        if consistent {
            close(&mut numbers, &mut fleet);
        }
        let yaml = plan_yaml(&numbers, fleet);
        let Some((evaluation, diagnostics)) = evaluate(&yaml, hours) else {
            prop_assert!(!consistent, "a consistent plan was refused:\n{}", yaml);
            return Ok(());
        };
        let report = Report::new(&evaluation, "gen.yaml", None, diagnostics);
        let numbers: Vec<_> = report.numbers().collect();
        let s = &report.summary;
        let with_blockers = numbers.iter().filter(|n| !n.blocking.is_empty()).count();
        prop_assert_eq!(s.exit_code == 0, with_blockers == 0);
        prop_assert_eq!(s.ready_for_cutover, with_blockers == 0);
        prop_assert_eq!(s.states.blocked, with_blockers);
        for n in &numbers {
            prop_assert_eq!(n.state == NumberState::Blocked, !n.blocking.is_empty(), "{}", n.number);
            if let (Some(start), Some(end)) = (&n.downtime.started_at, &n.downtime.ended_at) {
                prop_assert!(start <= end, "{}: downtime ends before it starts", n.number);
            }
            if matches!(n.state, NumberState::Live | NumberState::Complete) {
                prop_assert_eq!(n.billing.current, n.billing.after);
            }
            if matches!(n.state, NumberState::Blocked | NumberState::ReadyForCutover) {
                prop_assert_eq!(n.billing.current, n.billing.before);
            }
        }
        let count = |state| numbers.iter().filter(|n| n.state == state).count();
        prop_assert_eq!(s.states.ready_for_cutover, count(NumberState::ReadyForCutover));
        prop_assert_eq!(s.states.cutting_over, count(NumberState::CuttingOver));
        prop_assert_eq!(s.states.live, count(NumberState::Live));
        prop_assert_eq!(s.states.complete, count(NumberState::Complete));
        prop_assert_eq!(s.numbers, numbers.len());
    }

    #[test]
    fn no_step_is_ready_before_its_prerequisites(
        mut numbers in proptest::collection::vec(number_strategy(), 1..6),
        mut fleet in any::<[bool; 3]>(),
    ) {
        close(&mut numbers, &mut fleet);
        let yaml = plan_yaml(&numbers, fleet);
        let mut file = SourceFile::new("gen.yaml", yaml.as_str());
        let loaded = pipeline::compile(&mut file);
        prop_assert!(!loaded.has_errors(), "{:?}\n{}", loaded.diagnostics, yaml);
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        let evaluation = Evaluator::evaluate(loaded.graph.unwrap(), at);
        let g = &evaluation.graph.graph;
        for node in g.node_indices() {
            if matches!(evaluation.status[node.index()], StepStatus::Ready | StepStatus::Done) {
                for pred in g.neighbors_directed(node, petgraph::Direction::Incoming) {
                    // A step that is ready or done has every prerequisite done (or not applicable).
                    let ok = matches!(evaluation.status[pred.index()], StepStatus::Done | StepStatus::NotApplicable);
                    prop_assert!(ok, "{} is {:?} before {}", evaluation.graph.id(node), evaluation.status[node.index()], evaluation.graph.id(pred));
                }
            }
        }
        for n in &evaluation.numbers {
            prop_assert!(n.downtime.min_minutes <= n.downtime.expected_minutes);
            prop_assert!(n.downtime.expected_minutes <= n.downtime.max_minutes);
        }
        // Every valid plan renders in every format.
        let report = Report::new(&evaluation, "gen.yaml", None, Vec::new());
        prop_assert!(!text::to_string(&report).is_empty());
        prop_assert!(serde_json::to_string(&report).is_ok());
    }

    #[test]
    fn marking_a_step_done_never_adds_a_blocker(
        mut numbers in proptest::collection::vec(number_strategy(), 1..5),
        mut fleet in any::<[bool; 3]>(),
        pick in (0usize..5, 0usize..12),
    ) {
        close(&mut numbers, &mut fleet);
        let before = blockers(&plan_yaml(&numbers, fleet));
        let mut more = numbers.clone();
        let mut more_fleet = fleet;
        let target = &mut more[pick.0 % numbers.len()];
        let route = kind(target.source).route();
        if let Some(step) = route.steps.get(pick.1 % route.steps.len())
            && step.when.holds(&facts(target.source))
            && step.satisfied_by.is_none()
            && !target.done.contains(&step.def.id)
        {
            target.done.push(step.def.id);
        }
        close(&mut more, &mut more_fleet);
        let after = blockers(&plan_yaml(&more, more_fleet));
        for (b, a) in before.iter().zip(&after) {
            for step in a {
                prop_assert!(b.contains(step), "{step} became a blocker");
            }
        }
    }
}

/// Plan lines that shape the schedule: a cutover window some hours from the evaluation moment,
/// party calendars in other zones and hours, a downtime budget.
fn timing_strategy() -> impl Strategy<Value = String> {
    (
        proptest::option::of(-48i64..400),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(1u32..30),
    )
        .prop_map(|(window, genesys_ny, customer_late, budget)| {
            let mut extra = String::new();
            if let Some(h) = window {
                let start = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap() + Duration::hours(h);
                let end = start + Duration::hours(3);
                let _ = writeln!(
                    extra,
                    "  cutover_window: {{start: \"{}\", end: \"{}\"}}",
                    start.format("%Y-%m-%dT%H:%M:%SZ"),
                    end.format("%Y-%m-%dT%H:%M:%SZ")
                );
            }
            extra.push_str("  holidays: [2026-11-26, 2026-12-24, 2026-12-25]\n  calendars:\n");
            if genesys_ny {
                extra.push_str("    genesys: {time_zone: America/New_York, hours: \"08:00-18:00\"}\n");
            }
            if customer_late {
                extra.push_str("    customer: {hours: \"12:00-24:00\", days: [mon, tue, wed, thu, fri, sat]}\n");
            }
            extra.push_str("    carrier: {time_zone: Asia/Tokyo}\n");
            if let Some(b) = budget {
                let _ = writeln!(extra, "  downtime_budget: {b}m");
            }
            extra
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The schedule respects the graph and the calendars: no step starts before its
    /// prerequisites finish or before now; a person's step starts and ends inside its party's
    /// working hours; the critical path ends at the earliest cutover and is a chain of the
    /// prerequisites that set each start; slack is never negative when the window holds; the
    /// exit code is 0 exactly when nothing blocks and the plan holds in time.
    #[test]
    fn the_schedule_keeps_order_hours_and_the_critical_path(
        mut numbers in proptest::collection::vec(number_strategy(), 1..5),
        mut fleet in any::<[bool; 3]>(),
        extra in timing_strategy(),
        hours in -100i64..300,
    ) {
        close(&mut numbers, &mut fleet);
        let yaml = plan_yaml_with(&numbers, fleet, &extra);
        let (evaluation, diagnostics) = evaluate(&yaml, hours)
            .unwrap_or_else(|| panic!("the plan is invalid:\n{yaml}"));
        let at = evaluation.at;
        let g = &evaluation.graph;
        let sched = &evaluation.schedule;
        for node in g.graph.node_indices() {
            let i = node.index();
            let status = evaluation.status[i];
            if !matches!(status, StepStatus::Ready | StepStatus::Waiting) {
                continue;
            }
            prop_assert!(sched.earliest_start(i) >= at, "{} starts before now", g.id(node));
            prop_assert!(sched.earliest_finish(i) >= sched.earliest_start(i));
            for pred in g.graph.neighbors_directed(node, petgraph::Direction::Incoming) {
                prop_assert!(
                    sched.earliest_start(i) >= sched.earliest_finish(pred.index()),
                    "{} starts before {} finishes\n{}", g.id(node), g.id(pred), yaml
                );
            }
            if schedule::clock(g, node) == Clock::Working {
                let cal = g.plan.calendars.of(g.graph[node].owner);
                prop_assert!(cal.is_working(sched.earliest_start(i)), "{} starts outside hours: {}\n{}", g.id(node), sched.earliest_start(i), yaml);
                prop_assert!(cal.is_working(sched.earliest_finish(i)), "{} ends outside hours: {}\n{}", g.id(node), sched.earliest_finish(i), yaml);
            }
        }
        for n in &evaluation.numbers {
            if let Some(ec) = n.earliest_cutover {
                match n.critical_path.last() {
                    Some(last) => prop_assert_eq!(sched.earliest_finish(last.index()), ec),
                    None => prop_assert!(n.blocking.is_empty() || ec == at),
                }
                for pair in n.critical_path.windows(2) {
                    prop_assert_eq!(sched.driver(pair[1].index()), Some(pair[0]));
                }
            }
            if n.window == WindowVerdict::Holds {
                for b in &n.blocking {
                    if let Some(slack) = sched.slack_minutes(g, b.node) {
                        prop_assert!(slack >= 0, "{} has slack {} though the window holds\n{}", g.id(b.node), slack, yaml);
                    }
                }
            }
        }
        let report = Report::new(&evaluation, "gen.yaml", None, diagnostics);
        let s = &report.summary;
        let blocked = evaluation.numbers.iter().any(|n| !n.blocking.is_empty());
        let late = evaluation.numbers.iter().any(|n| {
            matches!(n.window, WindowVerdict::CannotHold | WindowVerdict::Passed)
                || n.overrunning
                || g.plan.downtime_budget_minutes.is_some_and(|b| n.downtime.expected_minutes > b
                    && !matches!(n.state, NumberState::Live | NumberState::Complete))
        });
        prop_assert_eq!(s.exit_code == 0, !blocked && !late);
        if s.exit_code == 4 {
            prop_assert!(late);
            prop_assert_eq!(s.blocking_steps_awaiting_action, 0);
        }
    }

    /// Marking a step done never makes a number's earliest cutover later.
    #[test]
    fn marking_a_step_done_never_makes_cutover_later(
        mut numbers in proptest::collection::vec(number_strategy(), 1..5),
        mut fleet in any::<[bool; 3]>(),
        extra in timing_strategy(),
        pick in (0usize..5, 0usize..12),
    ) {
        close(&mut numbers, &mut fleet);
        let cutovers = |yaml: &str| -> Vec<Option<chrono::DateTime<Utc>>> {
            let (e, _) = evaluate(yaml, 0).unwrap_or_else(|| panic!("invalid:\n{yaml}"));
            e.numbers.iter().map(|n| n.earliest_cutover).collect()
        };
        let before = cutovers(&plan_yaml_with(&numbers, fleet, &extra));
        let mut more = numbers.clone();
        let mut more_fleet = fleet;
        let target = &mut more[pick.0 % numbers.len()];
        let route = kind(target.source).route();
        if let Some(step) = route.steps.get(pick.1 % route.steps.len())
            && step.when.holds(&facts(target.source))
            && step.satisfied_by.is_none()
            && !target.done.contains(&step.def.id)
        {
            target.done.push(step.def.id);
        }
        close(&mut more, &mut more_fleet);
        let after = cutovers(&plan_yaml_with(&more, more_fleet, &extra));
        for (b, a) in before.iter().zip(&after) {
            if let (Some(b), Some(a)) = (b, a) {
                prop_assert!(a <= b, "cutover moved from {b} to {a}");
            }
        }
    }
}

/// Custom steps over a generated fleet: each has a scope (fleet-wide, every number, or some of
/// them), may come after an earlier custom step or a route or fleet step, and may be done.
fn custom_steps_strategy() -> impl Strategy<Value = Vec<(usize, Vec<bool>, usize, bool)>> {
    proptest::collection::vec(
        (
            0..3usize,
            proptest::collection::vec(any::<bool>(), 8),
            0..6usize,
            proptest::bool::weighted(0.2),
        ),
        0..5,
    )
}

fn custom_steps_yaml(steps: &[(usize, Vec<bool>, usize, bool)], count: usize) -> (String, String) {
    let mut y = String::from("steps:\n");
    let mut done = Vec::new();
    for (i, (scope, pick, after, is_done)) in steps.iter().enumerate() {
        let owner = ["customer", "genesys", "source-partner"]
            [(usize::from(pick[3]) + 2 * usize::from(pick[4])) % 3];
        let duration = match (pick[1], pick[2]) {
            (true, true) => ", duration: 0m",
            (true, false) => ", duration: 2h",
            (false, true) => ", duration: 1bd..3bd",
            (false, false) => "",
        };
        let _ = write!(
            y,
            "  - {{id: c{i}, title: Custom {i}, owner: {owner}{duration}"
        );
        let target = match after {
            0 | 1 if i > 0 => Some(format!("c{}", (i - 1) / (*after + 1))),
            2 => Some("meta-portfolio-access".to_string()),
            3 => Some("confirm-display-name-approved".to_string()),
            4 if i > 0 => Some("c0".to_string()),
            _ => None,
        };
        match scope {
            0 => {
                if *is_done && target.is_none() {
                    done.push(format!("c{i}"));
                }
            }
            1 => y.push_str(", numbers: all"),
            _ => {
                let list: Vec<String> = (0..count)
                    .filter(|&n| pick.get(n).copied().unwrap_or(false))
                    .map(|n| format!("'+4930{:06}'", 100_000 + n))
                    .collect();
                let list = if list.is_empty() {
                    vec![format!("'+4930{:06}'", 100_000)]
                } else {
                    list
                };
                let _ = write!(y, ", numbers: [{}]", list.join(", "));
            }
        }
        if let Some(t) = target {
            let _ = write!(y, ", after: [{t}]");
        }
        y.push_str("}\n");
    }
    (y, done.join(", "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A number's blockers, with a step of other numbers as one entry, stand for exactly the
    /// unfinished prepare steps upstream of its cutover (found here by walking from every number,
    /// as the evaluation did before it grouped them), and give the same earliest cutover.
    #[test]
    fn grouped_blockers_stand_for_every_upstream_step(
        mut numbers in proptest::collection::vec(number_strategy(), 1..7),
        mut fleet in any::<[bool; 3]>(),
        steps in custom_steps_strategy(),
    ) {
        close(&mut numbers, &mut fleet);
        // Only preparation is recorded done: the custom steps come before every cutover.
        for n in &mut numbers {
            let route = kind(n.source).route();
            n.done.retain(|id| route.step(id).is_some_and(|s| s.phase() == Phase::Prepare));
        }
        let (custom, custom_done) = custom_steps_yaml(&steps, numbers.len());
        let mut yaml = plan_yaml(&numbers, fleet);
        if !custom_done.is_empty() {
            yaml = yaml.replace("fleet:\n  done: [", &format!("fleet:\n  done: [{custom_done}, "));
            yaml = yaml.replace(", ]", "]");
        }
        yaml.push_str(&custom);
        let Some((evaluation, _)) = evaluate(&yaml, 0) else {
            return Ok(());
        };
        let graph = &evaluation.graph;
        let status = &evaluation.status;
        let unfinished = |x: petgraph::graph::NodeIndex| {
            matches!(status[x.index()], StepStatus::Ready | StepStatus::Waiting | StepStatus::InProgress)
        };
        for (n, e) in evaluation.numbers.iter().enumerate() {
            // The oracle: every node upstream of the number's cutover, walked in full.
            let mut expected = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let mut stack: Vec<_> = graph.numbers[n].nodes.iter().copied()
                .filter(|&x| graph.phase(x) == Phase::Cutover && status[x.index()] != StepStatus::NotApplicable)
                .collect();
            while let Some(x) = stack.pop() {
                for p in graph.graph.neighbors_directed(x, Direction::Incoming) {
                    if !seen.insert(p) {
                        continue;
                    }
                    if graph.phase(p) == Phase::Prepare && unfinished(p) {
                        expected.insert(p);
                    }
                    if status[p.index()] != StepStatus::Done {
                        stack.push(p);
                    }
                }
            }
            let mut listed = BTreeSet::new();
            for b in &e.blocking {
                for x in b.nodes() {
                    prop_assert!(listed.insert(x), "{x:?} stands behind two entries of number {n}");
                    let own = graph.graph[x].number().is_none_or(|m| m == n);
                    prop_assert_eq!(b.others.is_some(), !own, "an entry mixes numbers:\n{}", yaml);
                }
                if let Some(o) = &b.others {
                    prop_assert_eq!(o.count, b.nodes().count());
                    let best = b.nodes().map(|x| status[x.index()]).min_by_key(|s| match s {
                        StepStatus::Ready => 0,
                        StepStatus::InProgress => 1,
                        _ => 2,
                    });
                    prop_assert_eq!(Some(b.status), best);
                }
            }
            prop_assert_eq!(&listed, &expected, "number {}:\n{}", n, yaml);
            if matches!(e.state, NumberState::Blocked | NumberState::ReadyForCutover) {
                let at = evaluation.at;
                let earliest = expected.iter()
                    .map(|x| evaluation.schedule.earliest_finish(x.index()))
                    .max()
                    .unwrap_or(at)
                    .max(at);
                prop_assert_eq!(e.earliest_cutover, Some(earliest));
                let unknown = expected.iter().any(|&x| graph.estimate(x).is_none());
                prop_assert_eq!(e.earliest_cutover_is_lower_bound, unknown);
                // The longest figures and the critical path, as from the full list.
                let longest = expected.iter().try_fold(earliest, |acc, x| {
                    evaluation.schedule.longest_finish(x.index()).map(|t| acc.max(t))
                });
                let longest = longest.map_or(wamigrate::eval::Bound::Unbounded, wamigrate::eval::Bound::At);
                prop_assert_eq!(e.longest_cutover, Some(longest));
                let mut path = Vec::new();
                let mut node = expected
                    .iter()
                    .copied()
                    .find(|x| evaluation.schedule.earliest_finish(x.index()) == earliest);
                while let Some(x) = node {
                    if unfinished(x) {
                        path.push(x);
                    }
                    node = evaluation.schedule.driver(x.index());
                }
                path.reverse();
                prop_assert_eq!(&e.critical_path, &path, "number {}:\n{}", n, yaml);
            }
        }
        // Every report renders, and names each step (and owner) of other numbers once per number.
        let report = Report::new(&evaluation, "gen.yaml", None, Vec::new());
        for n in report.numbers() {
            let mut grouped = BTreeSet::new();
            for b in n.blocking.iter().filter(|b| b.other_numbers.is_some()) {
                prop_assert!(grouped.insert((b.step, b.owner.as_str())), "{} is grouped twice", b.step);
            }
        }
        let mut out = Vec::new();
        text::render(&report, text::Styles::plain(), &mut out).expect("renders");
        prop_assert!(!out.is_empty());
    }
}
