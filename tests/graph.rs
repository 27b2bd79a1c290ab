//! `wamigrate graph`: snapshots of both formats for the fleet example, Graphviz accepting the DOT,
//! Mermaid ids and labels escaped, grouping that keeps a fleet of thousands drawable, an invalid
//! plan refused like `dry-run` does, and one whose only errors are cycles drawn with them marked.

use std::io::Write as _;
use std::process::{Command, Stdio};

#[path = "support/run.rs"]
mod runner;
use runner::run_stdin as run;

/// The evaluation moment of every graph here (local time in the plan's zone).
const AT: &str = "2026-11-25T12:00";

/// A plan whose custom step title holds every character Mermaid or DOT could misread.
const HOSTILE_TITLES: &str = r#"version: 1
plan:
  name: "Plan \"quoted\" <b>#1</b>"
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
fleet:
  done: [meta-portfolio-access, configure-inbound-routing]
numbers:
  - number: "+49 30 5557 1000"
    display_name: "Café [Zürich] \"end\""
    source: {new: {line: genesys_voice}}
steps:
  - id: end
    title: 'Say "hi" [end] <script>#1 & (x) {y} |z|; end'
    owner: customer
    phase: prepare
    numbers: ["+49 30 5557 1000"]
"#;

#[test]
fn fleet_graph_as_dot() {
    let (code, stdout, stderr) = run(&["graph", "plans/fleet.yaml", "--at", AT], "");
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("fleet-graph-dot", stdout);
}

#[test]
fn fleet_graph_as_mermaid() {
    let (code, stdout, stderr) = run(
        &[
            "graph",
            "plans/fleet.yaml",
            "--at",
            AT,
            "--format",
            "mermaid",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("fleet-graph-mermaid", stdout);
}

/// Whether `program` runs at all.
fn installed(program: &str) -> bool {
    Command::new(program)
        .arg("-V")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok()
}

/// Runs `dot -Tsvg` on `input` and returns the SVG.
fn graphviz_svg(input: &str) -> String {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("dot reads");
    let output = child.wait_with_output().expect("dot ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot refused the graph: {stderr}");
    assert!(
        !stderr.contains("Warning") && !stderr.contains("Error"),
        "dot complained: {stderr}"
    );
    String::from_utf8(output.stdout).expect("UTF-8 SVG")
}

#[test]
#[allow(
    clippy::print_stdout,
    reason = "a skipped test says why in the test output"
)]
fn graphviz_renders_the_dot_of_every_example_and_of_hostile_titles() {
    if !installed("dot") {
        println!("skipped: Graphviz `dot` is not installed (apt-get install graphviz)");
        return;
    }
    for plan in [
        "fleet",
        "bsp",
        "engage",
        "bsp-disconnect-ahead",
        "new-direct",
    ] {
        let path = format!("plans/{plan}.yaml");
        let (code, stdout, stderr) = run(&["graph", &path, "--at", AT], "");
        assert_eq!(code, 0, "{plan}: {stderr}");
        let svg = graphviz_svg(&stdout);
        assert!(svg.contains("<svg"), "{plan}: no SVG");
        assert!(svg.contains("cluster_fleet") || svg.contains("Fleet steps"));
    }
    let (code, stdout, stderr) = run(&["graph", "-", "--at", AT], HOSTILE_TITLES);
    assert_eq!(code, 0, "{stderr}");
    let svg = graphviz_svg(&stdout);
    // The title survives as text (escaped for SVG by Graphviz, not cut at a quote).
    assert!(
        svg.contains("Say &quot;hi&quot; [end] &lt;script&gt;#1 &amp; (x) {y} |z|; end"),
        "{svg}"
    );
    assert!(svg.contains("Café [Zürich]"), "non-ASCII kept");
}

#[test]
fn mermaid_ids_are_generated_and_labels_escaped() {
    let (code, stdout, stderr) = run(
        &["graph", "-", "--at", AT, "--format", "mermaid"],
        HOSTILE_TITLES,
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(
            "\"Say #34;hi#34; #91;end#93; #60;script#62;#35;1 #38; #40;x#41; #123;y#125; #124;z#124;#59; end<br/>customer · ready\""
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Café #91;Zürich#93; #34;end#34;"),
        "{stdout}"
    );
    assert!(!stdout.contains("<script"), "raw HTML leaked: {stdout}");
    // Every node, subgraph and link names generated ids only: never a step id such as `end`.
    for line in stdout.lines().skip_while(|l| *l != "flowchart LR").skip(1) {
        let line = line.trim_start();
        let first = line.split(['[', ' ']).next().unwrap_or_default();
        let generated = first.starts_with('n') && first[1..].chars().all(|c| c.is_ascii_digit())
            || first.starts_with('g')
            || [
                "classDef",
                "subgraph",
                "direction",
                "end",
                "style",
                "linkStyle",
                "fleet",
            ]
            .contains(&first);
        assert!(generated, "unexpected id in `{line}`");
        if first == "end" {
            assert_eq!(line, "end", "`end` only closes a subgraph");
        }
    }
    // The title is YAML front matter: a JSON string is valid YAML.
    assert!(
        stdout.starts_with("---\ntitle: \"Plan \\\"quoted\\\" <b>#1</b>"),
        "{stdout}"
    );
}

#[test]
fn a_generated_fleet_of_2000_numbers_draws_in_under_200_clusters() {
    // One cluster per group of numbers that read the same: bounded by the kinds of number in the
    // fleet (source, state, statuses, owners, durations), not by its size.
    let (code, plan, stderr) = run(&["generate", "--numbers", "2000"], "");
    assert_eq!(code, 0, "{stderr}");
    let (code, dot, stderr) = run(&["graph", "-", "--at", AT], &plan);
    assert_eq!(code, 0, "{stderr}");
    let clusters = dot
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph \"cluster_g") && !l.contains("_downtime"))
        .count();
    assert!(clusters > 1, "the fleet is drawn: {clusters} clusters");
    assert!(clusters < 200, "{clusters} clusters for 2000 numbers");
    assert!(
        dot.contains("2000 numbers in"),
        "the title says how many are grouped"
    );
    // Every group names its size; the sizes add up to the fleet.
    let total: usize = dot
        .lines()
        .filter(|l| l.contains("label=\"") && l.contains(" numbers: +"))
        .filter_map(|l| {
            l.split("label=\"")
                .nth(1)?
                .split(' ')
                .next()?
                .parse::<usize>()
                .ok()
        })
        .sum::<usize>()
        + dot
            .lines()
            .filter(|l| l.trim_start().starts_with("label=\"+"))
            .count();
    assert_eq!(total, 2000);
    // docs/deliverables.md quotes this very run: how many clusters, and one group's label.
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/deliverables.md"),
    )
    .expect("docs/deliverables.md");
    let doc = doc.split_whitespace().collect::<Vec<_>>().join(" ");
    let claim = doc
        .split("draws as ")
        .nth(1)
        .expect("deliverables.md says what a 2,000-number fleet draws as");
    let stated: usize = claim
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a cluster count");
    assert_eq!(
        stated, clusters,
        "docs/deliverables.md states {stated} clusters"
    );
    let label = claim
        .split('`')
        .nth(1)
        .expect("a quoted label")
        .trim_end_matches(" ...");
    assert!(
        dot.contains(&format!("label=\"{label}")),
        "docs/deliverables.md quotes a label the graph does not have: {label}"
    );
}

#[test]
fn number_narrows_the_graph_to_one_cluster() {
    let (code, stdout, stderr) = run(
        &[
            "graph",
            "plans/fleet.yaml",
            "--at",
            AT,
            "--number",
            "+49 40 3003 9900",
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout.matches("subgraph \"cluster_g").count(),
        2,
        "the number and its downtime window"
    );
    assert!(stdout.contains("+494030039900 (4th Coffee HH)"));
    let (code, _, stderr) = run(
        &["graph", "plans/fleet.yaml", "--number", "+1 555 0100"],
        "",
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("is not a number of plans/fleet.yaml"),
        "{stderr}"
    );
}

#[test]
fn an_invalid_plan_prints_diagnostics_and_exits_1() {
    let (code, stdout, stderr) = run(&["graph", "tests/fixtures/invalid/unknown-step.yaml"], "");
    assert_eq!(code, 1);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("error[unknown-step]"), "{stderr}");
}

/// A cycle through a catalogue step of one of two numbers, and a step title to escape.
const CYCLE_PLAN: &str = r#"version: 1
plan:
  name: Cycle through one number
  destination: {region: eu-central-1, org: contoso-prod, time_zone: Europe/Berlin}
numbers:
  - number: "+49 30 901820"
    source: {bsp: {partner: 360dialog}}
  - number: "+49 30 901821"
    source: engage
steps:
  - id: test-call
    title: Place a "test" call [end]
    owner: customer
    phase: cutover
    after: [save-integration]
    before: [verify-number-in-embedded-signup]
    numbers: ["+49 30 901820"]
"#;

#[test]
fn labels_of_any_length_are_cut_so_graphviz_takes_them() {
    // Graphviz refuses a quoted string over 16 KiB; a plan may name itself, a number and a step
    // at any length, in any script.
    let long = |c: &str| c.repeat(20_000);
    let plan = format!(
        "version: 1\nplan:\n  name: {}\n  destination: {{region: eu-central-1, org: o, time_zone: Europe/Berlin}}\nnumbers:\n  - {{number: '+4930901820', source: app, display_name: {}}}\nsteps:\n  - {{id: {}, title: {}, owner: customer}}\n",
        long("N"),
        long("ü"),
        "c".repeat(3_000),
        long("日"),
    );
    for format in ["dot", "mermaid"] {
        let (code, stdout, stderr) = run(&["graph", "-", "--format", format, "--at", AT], &plan);
        assert_eq!(code, 0, "{format}: {stderr}");
        let longest = stdout.lines().map(str::len).max().unwrap_or(0);
        assert!(longest < 4_000, "{format}: a line of {longest} bytes");
        assert!(
            stdout.contains(&format!("{}…", "日".repeat(199))),
            "{format}"
        );
        if format == "dot" && installed("dot") {
            graphviz_svg(&stdout);
        }
    }
}

#[test]
fn a_plan_whose_only_errors_are_cycles_is_drawn_with_the_cycle_marked() {
    for (plan, stdin) in [
        ("tests/fixtures/invalid/dependency-cycle.yaml", ""),
        ("-", CYCLE_PLAN),
    ] {
        for format in ["dot", "mermaid"] {
            let (code, stdout, stderr) = run(&["graph", plan, "--format", format], stdin);
            assert_eq!(code, 1, "still invalid");
            assert!(stderr.contains("error[dependency-cycle]"), "{stderr}");
            assert!(
                stdout.contains("INVALID PLAN: dependency cycle"),
                "{stdout}"
            );
            let marked = if format == "dot" {
                stdout.matches("label=\"cycle\"").count()
            } else {
                stdout.matches("==>|cycle|").count()
            };
            // Every edge of the reported cycle, and no other.
            let cycle_len = stderr
                .lines()
                .find(|l| l.starts_with("error[dependency-cycle]"))
                .map_or(0, |l| l.matches(" -> ").count());
            assert_eq!(marked, cycle_len, "{format}:\n{stdout}\n{stderr}");
            if format == "dot" && installed("dot") {
                graphviz_svg(&stdout);
            }
        }
    }
    let (_, mermaid, _) = run(&["graph", "-", "--format", "mermaid"], CYCLE_PLAN);
    insta::assert_snapshot!("cycle-graph-mermaid", mermaid);
    // The number with no step on the cycle is left out, and the title says so.
    assert!(!mermaid.contains("+4930901821"), "{mermaid}");
    assert!(
        mermaid.contains("1 of 2 numbers have no step on a cycle"),
        "{mermaid}"
    );
}

#[test]
fn output_file_gets_the_drawing_also_of_a_plan_with_a_cycle() {
    // `graph -o` was unknown, though `checklist -o` existed.
    let dir = std::env::temp_dir().join(format!("wamigrate-graph-o-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("plan.dot");
    let file_arg = file.to_str().expect("UTF-8 path");
    for (plan, exit) in [
        ("plans/fleet.yaml", 0),
        ("tests/fixtures/invalid/dependency-cycle.yaml", 1),
    ] {
        let (_, expected, _) = run(&["graph", plan, "--at", AT], "");
        let (code, stdout, stderr) = run(&["graph", plan, "--at", AT, "-o", file_arg], "");
        assert_eq!(code, exit, "{plan}: {stderr}");
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(std::fs::read_to_string(&file).expect("written"), expected);
    }
    let (code, _, stderr) = run(&["graph", "plans/fleet.yaml", "-o", "plans/fleet.yaml"], "");
    assert_eq!(code, 2, "{stderr}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_step_the_window_holds_back_is_drawn_held_not_ready() {
    // plans/display-name-change.yaml with its window six weeks on: `edit-display-name` may not
    // start before 6 January (14 days before the window). `dry-run` and `status` say "held until";
    // the graph drew it yellow as "ready", like a step to act on now.
    let plan = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/display-name-change.yaml"),
    )
    .expect("the plan")
    .replace("start: 2026-12-06T07:00", "start: 2027-01-20T07:00")
    .replace("end: 2026-12-06T08:00", "end: 2027-01-20T08:00");
    let at = ["--at", "2026-12-05T10:00"];
    let label = "Edit the display name in WhatsApp Manager";
    let (code, mermaid, stderr) = run(
        &[&["graph", "-", "--format", "mermaid"][..], &at].concat(),
        &plan,
    );
    assert_eq!(code, 0, "{stderr}");
    // The first number renamed itself long ago: its step is done; the second's is held.
    assert!(
        mermaid.lines().any(|l| l.contains(label)
            && l.ends_with("<br/>customer · held until 2027-01-06 07:00 CET\"]:::held")),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  classDef held fill:#e1bee7,stroke:#6a1b9a,"),
        "{mermaid}"
    );
    let (code, dot, stderr) = run(&[&["graph", "-"][..], &at].concat(), &plan);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        dot.lines().any(|l| l.contains(label)
            && l.contains("held until 2027-01-06 07:00 CET")
            && l.contains("fillcolor=\"#e1bee7\"")),
        "{dot}"
    );
    assert!(
        dot.contains("[label=\"held by the window\", fillcolor=\"#e1bee7\", color=\"#6a1b9a\"];"),
        "the legend names it: {dot}"
    );
    // Once its moment has come it is ready like any other step.
    let (_, later, _) = run(
        &[
            "graph",
            "-",
            "--format",
            "mermaid",
            "--at",
            "2027-01-07T10:00",
        ],
        &plan,
    );
    assert!(
        later
            .lines()
            .any(|l| l.contains(label) && l.ends_with("customer · ready\"]:::ready")),
        "{later}"
    );
    assert!(!later.contains(":::held"), "{later}");
}
