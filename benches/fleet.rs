//! Fleet-scale benchmark: how `dry-run --format json` scales from 1,000 to 100,000 numbers.
//!
//! For each size it times parsing the plan's bytes alone (`plan::load::parse`) and the whole
//! in-process `dry-run --format json` pipeline on the same bytes (parse, validate, compile the
//! graph, evaluate at a fixed moment, build the report, `serde_json::to_string`, free it all), and
//! prints medians and ratios: full/parse per size, and the growth of the full pipeline from 10k to
//! 100k. Ratios survive a slower machine; the milliseconds are there to read them by.
//!
//! Every run is timed twice: wall clock, and the time the thread actually spent on a CPU (from
//! `/proc/thread-self/schedstat`, page faults included). On a shared machine other processes
//! stretch the wall clock unevenly between runs and sizes; on-CPU time does not wait for them, so
//! the targets are judged on it when it is available.
//!
//! Then it runs itself as a child process on the 100k plan, read from a file as the CLI reads it:
//! once timing each stage with the resident memory after it, and once each for the peak resident
//! memory (`VmHWM`, Linux only) of parsing alone, of the full pipeline, and of the full pipeline
//! streaming its JSON instead of building a string. See `docs/performance.md`.
//!
//! `cargo bench` runs it with `--bench`; without that flag (as `cargo test --benches` does) it runs
//! one quick pass at 1,000 numbers so the harness itself stays tested.
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a benchmark reports on the terminal"
)]
#![allow(
    clippy::cast_precision_loss,
    reason = "sizes and times shown to people, far below 2^52"
)]

use std::hint::black_box;
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use wamigrate::eval::Evaluator;
use wamigrate::generate::fleet_plan;
use wamigrate::graph::Compiler;
use wamigrate::pipeline;
use wamigrate::plan::{load, validate};
use wamigrate::report::Report;
use wamigrate::source::SourceFile;

/// Set in the child process: `parse`, `full`, `stream` or `stages`.
const CHILD_MODE: &str = "WAMIGRATE_BENCH_CHILD";
/// Set in the child process: the plan file to read.
const CHILD_PLAN: &str = "WAMIGRATE_BENCH_PLAN";
/// The generator seed of every benchmarked plan.
const SEED: u64 = 1;
/// The size whose stages and peak memory are measured.
const MEMORY_SIZE: usize = 100_000;

/// Sizes and how many timed runs each gets (more where a run is short and noise is large).
const SIZES: [(usize, usize); 3] = [(1_000, 21), (10_000, 11), (100_000, 5)];

/// Targets from the issue "Speed at fleet scale".
const TARGET_FULL_OVER_PARSE: f64 = 1.3;
const TARGET_GROWTH: f64 = 11.0;
const TARGET_PEAK_MIB: f64 = 1024.0;

/// The moment every plan is evaluated at (after every recorded `done:` time).
fn evaluation_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .expect("a valid fixed time")
}

/// Load, compile, evaluate and build the report of one plan: every stage before the JSON.
fn report_of(file: &SourceFile) -> Report {
    let mut file = SourceFile::new(file.name.clone(), file.text());
    let loaded = pipeline::compile(&mut file);
    let graph = loaded
        .graph
        .expect("the generated plan compiles without errors");
    let evaluation = Evaluator::evaluate(graph, evaluation_time());
    Report::new(&evaluation, &file.name, None, loaded.diagnostics)
}

/// The whole `dry-run --format json` pipeline on one plan; returns the JSON's length.
fn full_pipeline(file: &SourceFile) -> usize {
    let json = serde_json::to_string(&report_of(file)).expect("the report serializes");
    json.len()
}

/// The same pipeline, but the JSON is streamed through a buffer into a sink instead of being built
/// as one string, as the CLI writes it to stdout.
fn streamed_pipeline(file: &SourceFile) {
    let report = report_of(file);
    let mut out = BufWriter::new(io::sink());
    serde_json::to_writer(&mut out, &report).expect("the report serializes");
    out.flush().expect("a sink never fails");
}

/// Parsing alone: bytes to the raw plan.
fn parse_only(file: &SourceFile) {
    let mut file = SourceFile::new(file.name.clone(), file.text());
    let raw = load::parse(&mut file)
        .raw
        .expect("the generated plan parses");
    black_box(raw);
}

/// Nanoseconds this thread has spent on a CPU, when `/proc` says.
fn on_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// A wall-clock and an on-CPU duration of the same work.
#[derive(Debug, Clone, Copy, Default)]
struct Time {
    wall: Duration,
    cpu: Option<Duration>,
}

impl Time {
    /// Times `work`.
    fn of<T>(work: impl FnOnce() -> T) -> (Time, T) {
        let cpu = on_cpu();
        let start = Instant::now();
        let value = work();
        let wall = start.elapsed();
        let cpu = cpu.zip(on_cpu()).map(|(a, b)| b.saturating_sub(a));
        (Time { wall, cpu }, value)
    }

    /// The median of each clock.
    fn median(samples: &[Time]) -> Time {
        let mid = |mut v: Vec<Duration>| {
            v.sort_unstable();
            v[v.len() / 2]
        };
        let cpu: Option<Vec<Duration>> = samples.iter().map(|t| t.cpu).collect();
        Time {
            wall: mid(samples.iter().map(|t| t.wall).collect()),
            cpu: cpu.map(mid),
        }
    }

    /// The clock the targets are judged on: on-CPU time if known, else wall clock.
    fn judged(self) -> Duration {
        self.cpu.unwrap_or(self.wall)
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ms_or_na(d: Option<Duration>) -> String {
    d.map_or_else(|| "n/a".to_string(), |d| format!("{:.1}", ms(d)))
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}

fn ratio_or_na(a: Option<Duration>, b: Option<Duration>) -> String {
    a.zip(b).map_or_else(
        || "n/a".to_string(),
        |(a, b)| format!("{:.2}x", ratio(a, b)),
    )
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "MISSED" }
}

struct Row {
    numbers: usize,
    runs: usize,
    generate: Duration,
    plan_bytes: usize,
    json_bytes: usize,
    parse: Time,
    full: Time,
}

fn measure(numbers: usize, runs: usize) -> (Row, SourceFile) {
    let (generate, text) = Time::of(|| fleet_plan(numbers, SEED));
    let file = SourceFile::new(format!("fleet-{numbers}.yaml"), text);
    let loaded = pipeline::compile(&mut SourceFile::new(file.name.clone(), file.text()));
    assert!(
        !loaded.has_errors(),
        "generated plan of {numbers} numbers: {:?}",
        loaded.diagnostics.first().map(wamigrate::Diagnostic::code)
    );
    drop(loaded);
    // One untimed run of each warms the allocator and the caches.
    parse_only(&file);
    let json_bytes = full_pipeline(&file);
    let mut parse = Vec::with_capacity(runs);
    let mut full = Vec::with_capacity(runs);
    // Interleaved, so that a noisy moment hurts both figures of a ratio alike.
    for _ in 0..runs {
        parse.push(Time::of(|| parse_only(&file)).0);
        full.push(Time::of(|| black_box(full_pipeline(&file))).0);
    }
    let row = Row {
        numbers,
        runs,
        generate: generate.wall,
        plan_bytes: file.text().len(),
        json_bytes,
        parse: Time::median(&parse),
        full: Time::median(&full),
    };
    (row, file)
}

/// One pass through each stage: its time and the resident memory after it (`VmRSS`, KiB).
fn stages(file: &SourceFile) -> Vec<(&'static str, Time, Option<usize>)> {
    let mut out = Vec::new();
    let mut mark = |name: &'static str, time: Time| {
        out.push((name, time, proc_status_kib("VmRSS:")));
    };
    let mut copy = SourceFile::new(file.name.clone(), file.text());
    let (time, raw) = Time::of(|| load::parse(&mut copy).raw.expect("parses"));
    mark("parse (events + shape)", time);
    let (time, validated) = Time::of(|| validate::validate(raw));
    mark("validate", time);
    let mut diagnostics = validated.diagnostics;
    let plan = validated.plan;
    let (time, compiled) = Time::of(|| Compiler::compile(plan));
    mark("compile graph", time);
    diagnostics.extend(compiled.diagnostics);
    let graph = compiled.graph.expect("compiles");
    let (time, evaluation) = Time::of(|| Evaluator::evaluate(graph, evaluation_time()));
    mark("evaluate", time);
    let (time, report) = Time::of(|| Report::new(&evaluation, &file.name, None, diagnostics));
    mark("build report", time);
    let (time, json) = Time::of(|| serde_json::to_string(&report).expect("serializes"));
    mark("serde_json::to_string", time);
    let (time, ()) = Time::of(|| drop((json, report, evaluation)));
    mark("free everything", time);
    out
}

/// Runs this binary as a child in `mode` on `plan`; its standard output, line by line.
fn child_lines(mode: &str, plan: &Path) -> Vec<String> {
    let Ok(exe) = std::env::current_exe() else {
        return Vec::new();
    };
    let output = match Command::new(exe)
        .env(CHILD_MODE, mode)
        .env(CHILD_PLAN, plan)
        .output()
    {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            eprintln!(
                "child ({mode}) failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return Vec::new();
        }
        Err(err) => {
            eprintln!("child ({mode}) did not start: {err}");
            return Vec::new();
        }
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

/// The peak resident memory, in bytes, of a child run in `mode` on `plan`.
fn child_peak(mode: &str, plan: &Path) -> Option<usize> {
    child_lines(mode, plan)
        .iter()
        .find_map(|l| l.strip_prefix("vmhwm_kib "))
        .and_then(|kib| kib.trim().parse::<usize>().ok())
        .map(|kib| kib * 1024)
}

/// A `kB` field of this process's `/proc/self/status` (`VmHWM:`, `VmRSS:`).
fn proc_status_kib(field: &str) -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The child: read the plan as the CLI would, run once, report the peak.
fn child(mode: &str, plan: &str) {
    let bytes = std::fs::read(plan).expect("the plan file is readable");
    let file = load::decode(plan, bytes).expect("the plan is UTF-8 and not too large");
    match mode {
        "parse" => parse_only(&file),
        "stream" => streamed_pipeline(&file),
        "stages" => {
            for (name, time, rss) in stages(&file) {
                let rss = rss.map_or_else(|| "n/a".to_string(), |kib| (kib / 1024).to_string());
                println!(
                    "stage\t{name}\t{:.1}\t{}\t{rss}",
                    ms(time.wall),
                    ms_or_na(time.cpu)
                );
            }
        }
        _ => {
            black_box(full_pipeline(&file));
        }
    }
    match proc_status_kib("VmHWM:") {
        Some(kib) => println!("vmhwm_kib {kib}"),
        None => println!("vmhwm unavailable"),
    }
}

fn main() {
    if let (Ok(mode), Ok(plan)) = (std::env::var(CHILD_MODE), std::env::var(CHILD_PLAN)) {
        child(&mode, &plan);
        return;
    }
    if !std::env::args().any(|a| a == "--bench") {
        // `cargo test --benches`: prove the harness works, quickly.
        let (row, _) = measure(1_000, 1);
        println!(
            "fleet bench smoke run: 1,000 numbers, full/parse {:.2}x",
            ratio(row.full.wall, row.parse.wall)
        );
        return;
    }

    println!(
        "wamigrate fleet benchmark: plans from generate::fleet_plan(n, seed {SEED}), evaluated at {}",
        evaluation_time().to_rfc3339()
    );
    println!(
        "full = parse + validate + compile + evaluate + report + serde_json::to_string + free;\n\
         medians of interleaved runs, by wall clock and by time on a CPU\n"
    );
    println!(
        "{:>8} {:>4} {:>8} {:>8} | {:>9} {:>9} {:>7} | {:>9} {:>9} {:>7} | {:>8}",
        "numbers",
        "runs",
        "plan MiB",
        "JSON MiB",
        "parse ms",
        "full ms",
        "ratio",
        "cpu parse",
        "cpu full",
        "ratio",
        "gen ms"
    );
    let mut rows = Vec::new();
    let mut big = None;
    for (numbers, runs) in SIZES {
        let (row, file) = measure(numbers, runs);
        println!(
            "{:>8} {:>4} {:>8.1} {:>8.1} | {:>9.1} {:>9.1} {:>6.2}x | {:>9} {:>9} {:>7} | {:>8.1}",
            row.numbers,
            row.runs,
            mib(row.plan_bytes),
            mib(row.json_bytes),
            ms(row.parse.wall),
            ms(row.full.wall),
            ratio(row.full.wall, row.parse.wall),
            ms_or_na(row.parse.cpu),
            ms_or_na(row.full.cpu),
            ratio_or_na(row.full.cpu, row.parse.cpu),
            ms(row.generate),
        );
        if numbers == MEMORY_SIZE {
            big = Some(file);
        }
        rows.push(row);
    }
    let (ten_thousand, hundred_thousand) = (&rows[1], &rows[2]);
    println!(
        "\ngrowth 100k/10k, wall clock: parse {:.2}x, full {:.2}x",
        ratio(hundred_thousand.parse.wall, ten_thousand.parse.wall),
        ratio(hundred_thousand.full.wall, ten_thousand.full.wall),
    );
    println!(
        "growth 100k/10k, on a CPU:   parse {}, full {}",
        ratio_or_na(hundred_thousand.parse.cpu, ten_thousand.parse.cpu),
        ratio_or_na(hundred_thousand.full.cpu, ten_thousand.full.cpu),
    );
    let clock = if hundred_thousand.full.cpu.is_some() {
        "on-CPU time"
    } else {
        "wall clock"
    };
    let full_over_parse = ratio(
        hundred_thousand.full.judged(),
        hundred_thousand.parse.judged(),
    );
    let growth = ratio(hundred_thousand.full.judged(), ten_thousand.full.judged());

    let Some(big) = big else { return };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let plan = dir.join(format!("fleet-{MEMORY_SIZE}-seed{SEED}.yaml"));
    std::fs::write(&plan, big.text().as_bytes()).expect("the target dir is writable");
    drop(big);
    println!(
        "\nstages at {MEMORY_SIZE} numbers (one pass in a fresh child process reading {}):",
        plan.display()
    );
    println!(
        "  {:<24} {:>9} {:>9} {:>12}",
        "stage", "wall ms", "cpu ms", "RSS after"
    );
    for line in child_lines("stages", &plan) {
        let fields: Vec<&str> = line.split('\t').collect();
        if let ["stage", name, wall, cpu, rss] = fields[..] {
            println!("  {name:<24} {wall:>9} {cpu:>9} {rss:>8} MiB");
        }
    }
    let peak_parse = child_peak("parse", &plan);
    let peak_full = child_peak("full", &plan);
    let peak_stream = child_peak("stream", &plan);
    let show =
        |p: Option<usize>| p.map_or_else(|| "n/a".to_string(), |b| format!("{:.0} MiB", mib(b)));
    println!("\npeak memory at {MEMORY_SIZE} numbers (VmHWM of a child process):");
    println!(
        "  parse only                                   {}",
        show(peak_parse)
    );
    println!(
        "  full pipeline                                {}",
        show(peak_full)
    );
    println!(
        "  full, JSON streamed instead of a String      {}",
        show(peak_stream)
    );

    println!("\ntargets (times by {clock}):");
    println!(
        "  full <= {TARGET_FULL_OVER_PARSE} x parse at 100k   {full_over_parse:>6.2}x    {}",
        verdict(full_over_parse <= TARGET_FULL_OVER_PARSE)
    );
    println!(
        "  100k <= {TARGET_GROWTH} x 10k (full)      {growth:>6.2}x    {}",
        verdict(growth <= TARGET_GROWTH)
    );
    match peak_full {
        Some(bytes) => println!(
            "  peak < {TARGET_PEAK_MIB:.0} MiB at 100k        {:>5.0} MiB  {}",
            mib(bytes),
            verdict(mib(bytes) < TARGET_PEAK_MIB)
        ),
        None => {
            println!("  peak < {TARGET_PEAK_MIB:.0} MiB at 100k        not measured (no /proc)");
        }
    }
}
