//! Property tests of the graph and evaluation invariants over generated plans:
//! no step is ready before its prerequisites, marking a step done never adds a blocker,
//! downtime bounds are ordered, and every valid plan renders in every format.

use std::fmt::Write as _;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;
use wamigrate::eval::{Evaluator, StepStatus};
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

const STEPS: &[&str] = &[
    "confirm-display-name-approved",
    "disable-two-step-verification",
    "create-canned-responses",
    "delete-engage-integration",
    "verify-number-in-embedded-signup",
    "save-integration",
    "disconnect-from-source-partner",
    "wait-for-release",
    "have-registration-pin",
    "rebuild-destination-org-config",
    "delete-old-integration",
    "wait-until-offline",
    "back-up-app-chats",
    "delete-app-account",
    "request-call-forwarding",
    "call-forwarding-active",
    "request-calling-numbers",
    "route-calling-numbers",
    "bypass-ivr-for-verification",
    "confirm-international-reachability",
    "review-duplicated-templates",
    "re-enable-two-step-verification",
];

/// A number: its source and which catalogue steps (that its route has) are done.
fn number_strategy() -> impl Strategy<Value = (usize, Vec<bool>, bool)> {
    (
        0..SOURCES.len(),
        proptest::collection::vec(any::<bool>(), STEPS.len()),
        any::<bool>(),
    )
}

fn route_has(source: usize, step: &str) -> bool {
    let kind = match source {
        0 => wamigrate::catalog::SourceKind::Engage,
        1 | 2 => wamigrate::catalog::SourceKind::Bsp,
        3 | 4 => wamigrate::catalog::SourceKind::Genesys,
        5 => wamigrate::catalog::SourceKind::App,
        _ => wamigrate::catalog::SourceKind::New,
    };
    kind.route().step(step).is_some()
}

fn plan_yaml(
    numbers: &[(usize, Vec<bool>, bool)],
    fleet_done: [bool; 2],
    extra: Option<(usize, usize)>,
) -> String {
    let mut y = String::from(
        "version: 1\nplan:\n  name: generated\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nfleet:\n  done: [",
    );
    let fleet: Vec<&str> = ["meta-portfolio-access", "destination-waba-credit-line"]
        .iter()
        .zip(fleet_done)
        .filter(|(_, d)| *d)
        .map(|(s, _)| *s)
        .collect();
    y.push_str(&fleet.join(", "));
    y.push_str("]\nnumbers:\n");
    for (i, (source, done, approved)) in numbers.iter().enumerate() {
        let _ = write!(
            y,
            "  - number: '+4930{:06}'\n    source: {}\n",
            100_000 + i,
            SOURCES[*source]
        );
        if *approved {
            y.push_str("    display_name_status: approved\n");
        }
        let mut list: Vec<&str> = STEPS
            .iter()
            .zip(done)
            .filter(|(s, d)| **d && route_has(*source, s))
            .map(|(s, _)| *s)
            .collect();
        if let Some((n, step)) = extra
            && n == i
            && route_has(*source, STEPS[step])
            && !list.contains(&STEPS[step])
        {
            list.push(STEPS[step]);
        }
        let _ = writeln!(y, "    done: [{}]", list.join(", "));
    }
    y
}

fn blockers(yaml: &str) -> Vec<Vec<String>> {
    let file = SourceFile::new("gen.yaml", yaml);
    let loaded = pipeline::compile(&file);
    assert!(!loaded.has_errors(), "{:?}\n{yaml}", loaded.diagnostics);
    let at = Utc
        .with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .expect("a valid time");
    let evaluation = Evaluator::evaluate(loaded.graph.expect("a valid plan compiles"), at);
    evaluation
        .numbers
        .iter()
        .map(|n| {
            n.blocking
                .iter()
                .map(|b| evaluation.graph.id(b.node).to_string())
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_step_is_ready_before_its_prerequisites(numbers in proptest::collection::vec(number_strategy(), 1..6), fleet in any::<[bool; 2]>()) {
        let yaml = plan_yaml(&numbers, fleet, None);
        let file = SourceFile::new("gen.yaml", yaml.as_str());
        let loaded = pipeline::compile(&file);
        prop_assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        let at = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        let evaluation = Evaluator::evaluate(loaded.graph.unwrap(), at);
        let g = &evaluation.graph.graph;
        for node in g.node_indices() {
            if evaluation.status[node.index()] == StepStatus::Ready {
                for pred in g.neighbors_directed(node, petgraph::Direction::Incoming) {
                    prop_assert!(matches!(evaluation.status[pred.index()], StepStatus::Done | StepStatus::NotApplicable));
                }
            }
        }
        for n in &evaluation.numbers {
            prop_assert!(n.downtime.min_minutes <= n.downtime.expected_minutes);
            prop_assert!(n.downtime.expected_minutes <= n.downtime.max_minutes);
        }
        // Every valid plan renders in every format.
        let report = Report::new(&evaluation, "gen.yaml", None, Vec::new());
        prop_assert!(!text::render(&report).is_empty());
        prop_assert!(serde_json::to_string(&report).is_ok());
    }

    #[test]
    fn marking_a_step_done_never_adds_a_blocker(
        numbers in proptest::collection::vec(number_strategy(), 1..5),
        fleet in any::<[bool; 2]>(),
        pick in (0usize..5, 0..STEPS.len()),
    ) {
        let before = blockers(&plan_yaml(&numbers, fleet, None));
        let after = blockers(&plan_yaml(&numbers, fleet, Some((pick.0 % numbers.len(), pick.1))));
        for (b, a) in before.iter().zip(&after) {
            for step in a {
                prop_assert!(b.contains(step), "{step} became a blocker");
            }
        }
    }
}
