//! Property tests of the journal reader and replay:
//! - every non-blank line of any text is accounted for exactly once (an event, an exact repeat,
//!   a torn, bad or twin line): nothing is skipped without a word;
//! - replaying any sequence of events onto a plan counts each event, defers it, or reports it:
//!   never two of these, never none; and the folded plan always evaluates.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;
use wamigrate::eval::Evaluator;
use wamigrate::journal::fold;
use wamigrate::journal::read::parse;
use wamigrate::pipeline;
use wamigrate::source::SourceFile;

const STEPS: &[&str] = &[
    "verify-number-in-embedded-signup",
    "save-integration",
    "review-duplicated-templates",
    "decommission-source-partner",
    "meta-portfolio-access",
    "no-such-step",
];
const EVENTS: &[&str] = &["started", "done", "failed", "skipped", "undone"];

fn event(id: u8, minute: u16, step: usize, kind: usize, number: bool, forced: bool) -> String {
    let at = (Utc
        .with_ymd_and_hms(2026, 12, 1, 8, 0, 0)
        .single()
        .expect("valid")
        + Duration::minutes(i64::from(minute)))
    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let number = if number { "+4930901820" } else { "fleet" };
    let reason = if ["failed", "skipped", "undone"].contains(&EVENTS[kind]) {
        r#","reason":"because""#
    } else {
        ""
    };
    let forced = if forced { r#","forced":"ok""# } else { "" };
    // An id as `record` writes it: 20 of its letters.
    let id = format!(
        "{:z<20}",
        char::from(wamigrate::journal::ID_LETTERS[usize::from(id)])
    );
    format!(
        r#"{{"id":"{id}","recorded":"{at}","at":"{at}","number":"{number}","step":"{}","event":"{}"{reason}{forced},"plan":"sha256:aaaaaaaaaaaaaaaa"}}"#,
        STEPS[step], EVENTS[kind]
    )
}

#[derive(Debug, Clone)]
enum Line {
    Event(u8, u16, usize, usize, bool, bool),
    Torn(u8, u16, usize, usize, usize),
    Garbage(String),
    Blank,
    NotUtf8,
}

fn line() -> impl Strategy<Value = Line> {
    prop_oneof![
        4 => (0_u8..6, 0_u16..50, 0..STEPS.len(), 0..EVENTS.len(), any::<bool>(), any::<bool>())
            .prop_map(|(a, b, c, d, e, f)| Line::Event(a, b, c, d, e, f)),
        1 => (0_u8..6, 0_u16..50, 0..STEPS.len(), 0..EVENTS.len(), 1_usize..150)
            .prop_map(|(a, b, c, d, e)| Line::Torn(a, b, c, d, e)),
        1 => "[ -~]{0,40}".prop_map(Line::Garbage),
        1 => Just(Line::Blank),
        1 => Just(Line::NotUtf8),
    ]
}

fn bytes(lines: &[Line], trailing_newline: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        match l {
            Line::Event(a, b, c, d, e, f) => out.extend(event(*a, *b, *c, *d, *e, *f).bytes()),
            Line::Torn(a, b, c, d, cut) => {
                let e = event(*a, *b, *c, *d, true, false);
                out.extend(e.bytes().take((*cut).min(e.len() - 1)));
            }
            Line::Garbage(g) => out.extend(g.bytes()),
            Line::Blank => {}
            Line::NotUtf8 => out.extend([b'{', 0xff, b'}']),
        }
    }
    if trailing_newline {
        out.push(b'\n');
    }
    out
}

const PLAN: &str = "version: 1\nplan:\n  name: p\n  destination: {region: eu-central-1, org: o, time_zone: Europe/Berlin}\nnumbers:\n  - number: '+4930901820'\n    display_name_status: approved\n    source: {bsp: {partner: Acme}}\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_line_is_accounted_for_once(lines in proptest::collection::vec(line(), 0..30), nl in any::<bool>()) {
        let text = bytes(&lines, nl);
        let journal = parse("p.journal", &text);
        let lossy = String::from_utf8_lossy(&text);
        let expected: Vec<u32> = lossy
            .split('\n')
            .enumerate()
            .filter(|(_, l)| !l.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r')))
            .map(|(i, _)| u32::try_from(i + 1).expect("small"))
            .collect();
        prop_assert_eq!(journal.accounted_lines(), expected);
        // Events come out in time order.
        prop_assert!(journal.events.windows(2).all(|w| w[0].event.at <= w[1].event.at));
    }

    #[test]
    fn every_event_is_counted_deferred_or_reported(lines in proptest::collection::vec(line(), 0..30), until in 0_u16..60) {
        let mut file = SourceFile::new("p.yaml", PLAN);
        let loaded = pipeline::compile(&mut file);
        let mut graph = loaded.graph.expect("the plan compiles");
        let journal = parse("p.journal", &bytes(&lines, true));
        let until = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).single().expect("valid")
            + Duration::minutes(i64::from(until));
        let folded = fold::fold(&graph, &journal.events, until);
        prop_assert_eq!(
            folded.counted + folded.later + folded.retracted + folded.diagnostics.len(),
            journal.events.len()
        );
        fold::apply(&mut graph, &folded);
        let evaluation = Evaluator::evaluate(graph, until);
        prop_assert_eq!(evaluation.numbers.len(), 1);
    }
}
