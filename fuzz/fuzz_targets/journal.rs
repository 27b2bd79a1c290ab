//! Raw bytes as a journal beside a valid plan: read, replay, evaluate, render `status` and
//! `journal` as the CLI does. Oracles: no panic; every non-blank line accounted for exactly
//! once; every event counted, deferred or reported; every problem shows, from the lines read
//! again for it, what the whole text shows; no six-digit run of a free text reaches an output
//! unmasked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wamigrate::eval::Evaluator;
use wamigrate::journal::{fold, read};
use wamigrate::pipeline;
use wamigrate::report::Report;
use wamigrate::report::status::{JournalInfo, StatusReport};
use wamigrate::source::SourceFile;

const PLAN: &str = include_str!("../../plans/bsp.yaml");

fuzz_target!(|data: &[u8]| {
    if data.len() >= 1 << 20 {
        return;
    }
    let journal = read::parse("p.journal", data);
    // Every non-blank line is an event, a repeat, a torn, bad or twin line: exactly one.
    let text = String::from_utf8_lossy(data);
    let expected: Vec<u32> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| !l.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
        .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
        .collect();
    assert_eq!(
        journal.accounted_lines(),
        expected,
        "a line is unaccounted for"
    );
    let mut file = SourceFile::new("bsp.yaml", PLAN);
    let Some(mut graph) = pipeline::compile(&mut file).graph else {
        panic!("the example plan compiles");
    };
    let at = wamigrate_fuzz::default_at();
    let folded = fold::fold(&graph, &journal.events, at);
    assert_eq!(
        folded.counted
            + folded.later
            + folded.retracted
            + folded.diagnostics.len()
            + folded.unlisted.count,
        journal.events.len(),
        "an event is neither counted, deferred nor reported"
    );
    // The problems' lines, read again alone, show as the whole text shows them.
    let mut problems = journal.diagnostics.clone();
    problems.extend(folded.diagnostics.iter().cloned());
    let (lines, placed) = journal.snippets(&problems);
    let whole = journal.whole();
    for (d, p) in problems.iter().zip(&placed) {
        assert_eq!(p.render(&lines), d.render(&whole), "a snippet differs");
    }
    fold::apply(&mut graph, &folded);
    let evaluation = Evaluator::evaluate(graph, at);
    let report = Report::new(&evaluation, "bsp.yaml", None, Vec::new());
    let info = JournalInfo::new(Some("p.journal".into()), &journal.summary(), &folded, false);
    let status = StatusReport::new(&report, &folded, info);
    let json = serde_json::to_string(&status).expect("status serialises");
    // Free texts are shown masked: no run of six digits from a note, reason or name survives
    // (runs the plan itself holds, like its phone number, and line numbers past 99,999 aside).
    let many_lines = text.split('\n').count() >= 100_000;
    for r in journal.events.iter().filter(|_| !many_lines) {
        for t in r.event.free_texts() {
            let runs = t.split(|c: char| !c.is_ascii_digit());
            // (A known error code written after "error" is shown on purpose.)
            for run in runs.filter(|r| {
                r.len() >= 6 && !PLAN.contains(r) && wamigrate::catalog::errors::find(r).is_none()
            }) {
                assert!(
                    !json.contains(run),
                    "a free text's digit run reached the status"
                );
            }
        }
    }
});
