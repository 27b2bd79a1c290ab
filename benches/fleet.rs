//! Fleet-scale benchmark of the binary as users run it: whole processes (start-up, reading,
//! parsing, evaluating, writing to a pipe), paired against parsing the same bytes alone.
//!
//! For 1,000, 10,000 and 100,000 numbers it writes a generated plan (`wamigrate generate`), then
//! runs each command (`check`, `dry-run` as text and JSON, `graph`, `runbook`, `checklist`, and
//! `status` with a journal of five events per number) as a child process
//! whose output goes to a pipe that is drained and discarded, alternating with a probe that only
//! reads and parses the same file with the project's loader (`plan::load`, bytes to the raw plan).
//! Runs are paired A B A B so a noisy moment on a shared machine hurts both sides of a ratio;
//! the report gives, per size and command, the median wall time, the ratio of the medians to the
//! parse-alone probe, the spread of the per-pair ratios, and the peak resident memory of the
//! command's process (from `wait_for`). It also times the YAML event parser alone over the same bytes
//! (the floor any loader built on it stands on) and the growth from 10k to 100k numbers.
//!
//! `cargo bench --bench fleet` runs it; without `--bench` (as `cargo test --benches` does) it runs
//! one quick pass at 1,000 numbers so the harness stays tested. docs/performance.md quotes only
//! what this prints.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "times and sizes shown to people, far below the limits"
)]

use std::hint::black_box;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wamigrate::generate::fleet_plan;
use wamigrate::plan::load;

/// Set in a child process of this benchmark: `parse` or `events`, with the plan's path.
const CHILD_MODE: &str = "WAMIGRATE_BENCH_CHILD";
const CHILD_PLAN: &str = "WAMIGRATE_BENCH_PLAN";
/// The generator seed of every benchmarked plan.
const SEED: u64 = 1;
/// The evaluation moment (after every recorded time in generated plans).
const AT: &str = "2026-11-25T12:00:00Z";

/// Targets (issue "fleet-scale speed"): the whole `dry-run --format json` process within 1.3x of
/// parsing alone; every other command within 1.5x; under 400 MiB at 100,000 numbers.
const TARGET_JSON: f64 = 1.3;
const TARGET_OTHER: f64 = 1.5;
const TARGET_PEAK_MIB: f64 = 400.0;

/// The commands measured, with their arguments after the plan's path.
const COMMANDS: &[(&str, &[&str])] = &[
    ("check", &["check"]),
    ("dry-run (text)", &["dry-run", "--at", AT]),
    (
        "dry-run --format json",
        &["dry-run", "--at", AT, "--format", "json"],
    ),
    ("graph (dot)", &["graph", "--at", AT]),
    ("runbook (markdown)", &["runbook", "--at", AT]),
    ("checklist (html)", &["checklist", "--at", AT]),
    (
        "status + 5 events/num",
        &["status", "--at", AT, "--journal", JOURNAL_ARG],
    ),
];

/// Stands for the size's journal in [`COMMANDS`]' arguments.
const JOURNAL_ARG: &str = "{journal}";
/// Events per number in the benchmark's journal (500,000 at 100,000 numbers).
const EVENTS_PER_NUMBER: usize = 5;

/// Writes a journal of up to `EVENTS_PER_NUMBER` `done` events per number (steps the plan does
/// not record, each once the steps it needs are done, before [`AT`]), as `wamigrate record`
/// writes them.
fn write_journal(plan: &Path, to: &Path) {
    use std::io::Write as _;
    let mut file = load::read(plan).expect("the plan reads");
    let graph = wamigrate::pipeline::compile(&mut file)
        .graph
        .expect("the generated plan is valid");
    let fingerprint = wamigrate::journal::fingerprint(file.text());
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-24T08:00:00Z")
        .expect("valid")
        .with_timezone(&chrono::Utc);
    let mut out = std::io::BufWriter::new(std::fs::File::create(to).expect("writable"));
    for (n, nodes) in graph.numbers.iter().enumerate() {
        // Steps the plan does not already record, each once every step it needs is done (by the
        // plan or an earlier event here), as a real cutover records them: no conflicts.
        let mut chosen: Vec<petgraph::graph::NodeIndex> = Vec::new();
        while chosen.len() < EVENTS_PER_NUMBER {
            let next = nodes.nodes.iter().copied().find(|&x| {
                let n = &graph.graph[x];
                n.applicable
                    && n.done.is_none()
                    && graph.started(x).is_none()
                    && !chosen.contains(&x)
                    && graph
                        .graph
                        .neighbors_directed(x, petgraph::Direction::Incoming)
                        .all(|p| {
                            !graph.graph[p].applicable
                                || graph.graph[p].done.is_some()
                                || chosen.contains(&p)
                        })
            });
            match next {
                Some(x) => chosen.push(x),
                None => break,
            }
        }
        for (i, &node) in chosen.iter().enumerate() {
            let event = wamigrate::journal::Event {
                // As `record` writes them: twenty random letters.
                id: wamigrate::journal::new_id().expect("random").into(),
                recorded: at,
                at: at + chrono::Duration::minutes(i64::try_from(i).unwrap_or(0)),
                number: graph.plan.numbers[n].e164.as_str().into(),
                step: graph.id(node).into(),
                event: wamigrate::journal::EventKind::Done,
                by: Some("bench".into()),
                plan: fingerprint.as_str().into(),
                more: None,
            };
            serde_json::to_writer(&mut out, &event).expect("writes");
            out.write_all(b"\n").expect("writes");
        }
    }
    out.flush().expect("writes");
}

/// Bytes in a MiB.
const MIB: f64 = 1_048_576.0;

/// One measured run of a process.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: Duration,
    peak_kib: u64,
    out_bytes: u64,
}

/// Runs `program args`, its stdout drained and discarded through a pipe; wall time, peak RSS of
/// the process and bytes it wrote.
fn run_process(program: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let started = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the process starts");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let drain = std::thread::spawn(move || {
        let mut buffer = vec![0_u8; 1 << 16];
        let mut total = 0_u64;
        loop {
            match stdout.read(&mut buffer) {
                Ok(0) | Err(_) => return total,
                Ok(n) => total += n as u64,
            }
        }
    });
    // Peak memory is read from /proc while the process runs (VmHWM only grows, and wamigrate
    // frees nothing before it exits, so the last reading is its peak); the wall clock stops when
    // the process is found finished, within a millisecond.
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0_u64;
    let status = loop {
        if let Some(status) = child.try_wait().expect("the process can be waited for") {
            break status;
        }
        if let Ok(text) = std::fs::read_to_string(&status_path) {
            peak_kib = peak_kib.max(vm_hwm_kib(&text));
        }
        std::thread::sleep(Duration::from_millis(1));
    };
    let wall = started.elapsed();
    let out_bytes = drain.join().expect("the drain thread ends");
    let code = status.code().unwrap_or(-1);
    assert!(
        matches!(code, 0 | 3),
        "{} {args:?} exited {code}",
        program.display()
    );
    Run {
        wall,
        peak_kib,
        out_bytes,
    }
}

/// `VmHWM:` (peak resident set) of a `/proc/<pid>/status` text, in KiB.
fn vm_hwm_kib(status: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        values[n / 2]
    } else {
        f64::midpoint(values[n / 2 - 1], values[n / 2])
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The child side: parse the plan alone, or walk the YAML events alone, and exit.
fn child(mode: &str, plan: &str) {
    match mode {
        "parse" => {
            let mut file = load::read(std::path::Path::new(plan)).expect("the plan reads");
            let parsed = load::parse(&mut file);
            assert!(parsed.raw.is_some(), "the plan parses");
            // Exit without freeing, as the CLI does.
            std::mem::forget(black_box(parsed));
            std::mem::forget(file);
        }
        "events" => {
            let text = std::fs::read_to_string(plan).expect("the plan reads");
            let mut events = 0_u64;
            for event in serde_saphyr::granit_parser::Parser::new_from_str(&text) {
                event.expect("valid YAML");
                events += 1;
            }
            black_box(events);
        }
        other => panic!("unknown child mode {other}"),
    }
}

/// What one size measured.
struct Size {
    numbers: usize,
    plan_mib: f64,
    parse_ms: f64,
    parse_peak_mib: f64,
    events_ms: f64,
    /// Per command.
    commands: Vec<Measured>,
}

/// One command at one size: median ms, ratio of medians to parse alone, (min, max) of the
/// per-pair ratios, peak MiB, output MiB.
type Measured = (&'static str, f64, f64, (f64, f64), f64, f64);

fn measure(numbers: usize, pairs: usize, dir: &Path) -> Size {
    let plan = dir.join(format!("fleet-{numbers}-seed{SEED}.yaml"));
    // Always written afresh: a plan left by an older build may no longer be valid.
    std::fs::write(&plan, fleet_plan(numbers, SEED)).expect("the target dir is writable");
    let plan_text = plan.to_str().expect("a UTF-8 path");
    let plan_mib = std::fs::metadata(&plan).map_or(0.0, |m| m.len() as f64 / MIB);
    let journal = dir.join(format!("fleet-{numbers}-seed{SEED}.bench-journal"));
    write_journal(&plan, &journal);
    let journal_text = journal.to_str().expect("a UTF-8 path");
    let me = std::env::current_exe().expect("the benchmark's own path");
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_wamigrate"));
    let probe = |mode: &str| run_process(&me, &[], &[(CHILD_MODE, mode), (CHILD_PLAN, plan_text)]);
    // One untimed run of each warms the page cache.
    let _ = probe("parse");
    let mut events = Vec::new();
    for _ in 0..pairs {
        events.push(ms(probe("events").wall));
    }
    let mut parse_all = Vec::new();
    let mut parse_peak = 0_u64;
    let mut commands = Vec::new();
    for (name, args) in COMMANDS {
        let mut args: Vec<&str> = args
            .iter()
            .map(|a| if *a == JOURNAL_ARG { journal_text } else { a })
            .collect();
        args.push(plan_text);
        let _ = run_process(&binary, &args, &[]);
        let mut parse = Vec::new();
        let mut full = Vec::new();
        let mut ratios = Vec::new();
        let mut peak = 0_u64;
        let mut out = 0_u64;
        // A B A B: each pair is a parse-alone run and a command run back to back.
        for _ in 0..pairs {
            let p = probe("parse");
            let c = run_process(&binary, &args, &[]);
            parse_peak = parse_peak.max(p.peak_kib);
            peak = peak.max(c.peak_kib);
            out = c.out_bytes;
            parse.push(ms(p.wall));
            full.push(ms(c.wall));
            ratios.push(ms(c.wall) / ms(p.wall));
        }
        parse_all.extend(parse.iter().copied());
        let (mp, mc) = (median(parse), median(full));
        let spread = ratios
            .iter()
            .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
        commands.push((
            *name,
            mc,
            mc / mp,
            spread,
            peak as f64 / 1024.0,
            out as f64 / MIB,
        ));
    }
    Size {
        numbers,
        plan_mib,
        parse_ms: median(parse_all),
        parse_peak_mib: parse_peak as f64 / 1024.0,
        events_ms: median(events),
        commands,
    }
}

fn main() {
    if let Ok(mode) = std::env::var(CHILD_MODE) {
        let plan = std::env::var(CHILD_PLAN).expect("the plan's path");
        child(&mode, &plan);
        return;
    }
    let full = std::env::args().any(|a| a == "--bench");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let sizes: &[(usize, usize)] = if full {
        &[(1_000, 7), (10_000, 5), (100_000, 3)]
    } else {
        &[(1_000, 1)]
    };
    let results: Vec<Size> = sizes
        .iter()
        .map(|&(numbers, pairs)| {
            eprintln!("measuring {numbers} numbers ({pairs} pairs per command)...");
            measure(numbers, pairs, &dir)
        })
        .collect();

    println!(
        "\nwamigrate fleet benchmark: whole processes, output to a pipe, paired with parse-alone runs"
    );
    println!(
        "{:>8} {:>8} | {:<22} {:>9} {:>7} {:>15} {:>9} {:>9}",
        "numbers",
        "plan MiB",
        "command",
        "median ms",
        "x parse",
        "pair spread",
        "peak MiB",
        "out MiB"
    );
    for size in &results {
        println!(
            "{:>8} {:>8.1} | {:<22} {:>9.0} {:>7} {:>15} {:>9.0} {:>9}",
            size.numbers,
            size.plan_mib,
            "parse alone (loader)",
            size.parse_ms,
            "1.00",
            "",
            size.parse_peak_mib,
            "",
        );
        println!(
            "{:>8} {:>8} | {:<22} {:>9.0} {:>7.2} {:>15} {:>9} {:>9}",
            "",
            "",
            "YAML events alone",
            size.events_ms,
            size.events_ms / size.parse_ms,
            "",
            "",
            "",
        );
        for (name, median_ms, ratio, (lo, hi), peak, out) in &size.commands {
            println!(
                "{:>8} {:>8} | {:<22} {:>9.0} {:>7.2} {:>15} {:>9.0} {:>9.1}",
                "",
                "",
                name,
                median_ms,
                ratio,
                format!("{lo:.2}..{hi:.2}"),
                peak,
                out
            );
        }
    }
    let (Some(ten), Some(hundred)) = (
        results.iter().find(|s| s.numbers == 10_000),
        results.iter().find(|s| s.numbers == 100_000),
    ) else {
        return;
    };
    println!(
        "\ngrowth from 10,000 to 100,000 numbers (10x the plan): parse alone {:.1}x",
        hundred.parse_ms / ten.parse_ms
    );
    for ((name, a, ..), (_, b, ..)) in ten.commands.iter().zip(&hundred.commands) {
        println!("  {name}: {:.1}x", b / a);
    }
    println!("\ntargets:");
    for size in [ten, hundred] {
        for (name, _, ratio, _, peak, _) in &size.commands {
            let target = if name.contains("json") {
                TARGET_JSON
            } else {
                TARGET_OTHER
            };
            println!(
                "  {:>7} numbers, {name}: {ratio:.2}x parse (target {target}x): {}",
                size.numbers,
                if *ratio <= target { "met" } else { "missed" }
            );
            if size.numbers == 100_000 {
                println!(
                    "  {:>7} numbers, {name}: peak {peak:.0} MiB (target {TARGET_PEAK_MIB:.0} MiB): {}",
                    size.numbers,
                    if *peak <= TARGET_PEAK_MIB {
                        "met"
                    } else {
                        "missed"
                    }
                );
            }
        }
    }
}
