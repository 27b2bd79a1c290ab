//! The code both fuzz targets run: plan bytes through every stage the CLI runs, with the cheap
//! invariants that must hold for any input. A panic anywhere (including an arithmetic overflow,
//! since fuzz builds keep debug assertions) is a finding.

use chrono::{DateTime, TimeZone, Utc};
use wamigrate::eval::Evaluator;
use wamigrate::pipeline;
use wamigrate::plan::load;
use wamigrate::report::{CheckReport, Report, text};

/// The file name the diagnostics and reports carry.
pub const NAME: &str = "fuzz.yaml";

/// The default evaluation moment (the one the snapshot tests use): fixed, so a finding replays.
#[must_use]
pub fn default_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .expect("a valid fixed time")
}

/// Decodes, parses, validates, compiles and evaluates `bytes` at `at`, rendering every
/// diagnostic, the check report and the dry-run report (text and JSON), as `wamigrate check` and
/// `wamigrate dry-run` do. `only` narrows the report to some numbers (indices are taken modulo
/// the plan's number count, as `--number` can only name numbers that exist).
pub fn exercise(bytes: &[u8], at: DateTime<Utc>, only: Option<&[usize]>) {
    let file = match load::decode(NAME, bytes.to_vec()) {
        Ok(file) => file,
        Err(unusable) => {
            let rendered = unusable.diagnostic.render(&unusable.file);
            assert!(rendered.contains(unusable.diagnostic.code()), "{rendered}");
            return;
        }
    };
    let loaded = pipeline::compile(&file);
    for d in &loaded.diagnostics {
        let rendered = d.render(&file);
        assert!(rendered.contains(d.code()), "{rendered}");
    }
    let counts = loaded
        .graph
        .as_ref()
        .map(|g| (g.plan.numbers.len(), g.graph.node_count()));
    let check = CheckReport::new(NAME, &loaded.diagnostics, counts);
    let json = serde_json::to_string(&check).expect("the check report serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the check report is JSON");

    let has_errors = loaded.has_errors();
    let Some(graph) = loaded.graph else {
        assert!(has_errors, "no graph, yet no error diagnostic");
        return;
    };
    assert!(!has_errors, "a graph despite an error diagnostic");
    let numbers = graph.plan.numbers.len();
    let evaluation = Evaluator::evaluate(graph, at);
    assert_eq!(evaluation.numbers.len(), numbers);
    let only: Option<Vec<usize>> = only.filter(|_| numbers > 0).map(|list| {
        let mut picked: Vec<usize> = Vec::new();
        for i in list.iter().map(|i| i % numbers) {
            if !picked.contains(&i) {
                picked.push(i);
            }
        }
        picked
    });
    let report = Report::new(&evaluation, NAME, only.as_deref(), loaded.diagnostics);
    let rendered = text::render(&report);
    assert!(!rendered.is_empty());
    let json = serde_json::to_string(&report).expect("the report serialises");
    serde_json::from_str::<serde_json::Value>(&json).expect("the report is JSON");
}
