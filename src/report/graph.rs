//! The dependency graph of a [`Report`] as Graphviz DOT or Mermaid, for people who want to see
//! the plan: one cluster per number (or per group of numbers that read the same, see
//! [`super::group`]) plus the fleet steps they share; nodes coloured by status (a step the window
//! holds back in a colour of its own), the critical path drawn bold, the downtime window boxed,
//! the billing hand-over named.
//!
//! Node ids are generated (`n0`, `n1`, ...) so no step id or title can break the syntax; every
//! label goes through one quoting helper per format ([`dot_quote`], [`mermaid_label`]).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use petgraph::Direction;
use petgraph::graph::NodeIndex;

use crate::eval::{Evaluation, StepStatus};
use crate::graph::Sketch;
use crate::report::group::{NumberGroup, group_title, number_groups, state_words, status_words};
use crate::report::{Report, local};

/// A drawing format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    /// Graphviz DOT.
    Dot,
    /// Mermaid flowchart (renders on GitHub).
    Mermaid,
}

/// How a step is drawn: its status, or held back by the cutover window (a ready step not to be
/// done before a set moment, such as `edit-display-name`), which `dry-run` and `status` call
/// "held" and which must not look like a step to act on now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Look {
    Status(StepStatus),
    Held,
}

impl Look {
    /// Fill and border colour.
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            Look::Status(StepStatus::Done) => ("#c8e6c9", "#2e7d32"),
            Look::Status(StepStatus::InProgress) => ("#bbdefb", "#1565c0"),
            Look::Status(StepStatus::Ready) => ("#fff59d", "#f9a825"),
            Look::Held => ("#e1bee7", "#6a1b9a"),
            Look::Status(StepStatus::Waiting) => ("#ffcdd2", "#c62828"),
            Look::Status(StepStatus::NotApplicable) => ("#eeeeee", "#9e9e9e"),
        }
    }

    /// The class name (Mermaid `classDef`).
    fn class(self) -> &'static str {
        match self {
            Look::Status(StepStatus::Done) => "done",
            Look::Status(StepStatus::InProgress) => "in_progress",
            Look::Status(StepStatus::Ready) => "ready",
            Look::Held => "held",
            Look::Status(StepStatus::Waiting) => "waiting",
            Look::Status(StepStatus::NotApplicable) => "not_applicable",
        }
    }

    /// As the legend names it.
    fn words(self) -> &'static str {
        match self {
            Look::Status(status) => status_words(status),
            Look::Held => "held by the window",
        }
    }
}

/// Every look, in the legend's order.
const LOOKS: [Look; 6] = [
    Look::Status(StepStatus::Done),
    Look::Status(StepStatus::InProgress),
    Look::Status(StepStatus::Ready),
    Look::Held,
    Look::Status(StepStatus::Waiting),
    Look::Status(StepStatus::NotApplicable),
];

/// One step drawn.
struct DrawnNode {
    id: String,
    lines: Vec<String>,
    /// `None` in a sketch, which is not evaluated.
    look: Option<Look>,
    critical: bool,
    /// On a dependency cycle (sketches only).
    cycle: bool,
}

/// One cluster drawn: the fleet, or a group of numbers.
struct Cluster {
    id: String,
    label: Vec<String>,
    nodes: Vec<usize>,
    /// Nodes inside the downtime window (a nested cluster), and its label.
    downtime: Option<(String, Vec<usize>)>,
}

/// What is drawn, independent of the format.
struct Drawing {
    title: Vec<String>,
    nodes: Vec<DrawnNode>,
    clusters: Vec<Cluster>,
    /// (from, to, on the critical path).
    edges: Vec<(usize, usize, bool)>,
    /// Edges on a dependency cycle (sketches only).
    cycle_edges: HashSet<(usize, usize)>,
    /// A plan with dependency cycles, drawn without statuses.
    sketch: bool,
}

/// Steps of a number between its downtime's start and end steps (both included).
fn downtime_window(evaluation: &Evaluation, n: usize) -> Vec<NodeIndex> {
    let graph = &evaluation.graph;
    let d = &evaluation.numbers[n].downtime;
    let (Some(start), Some(end)) = (d.starts_with, d.ends_with) else {
        return Vec::new();
    };
    if d.max_minutes == 0 && start == end {
        return Vec::new();
    }
    let own: HashSet<NodeIndex> = graph.numbers[n].nodes.iter().copied().collect();
    let reach = |from: NodeIndex, direction: Direction| {
        let mut seen = HashSet::from([from]);
        let mut stack = vec![from];
        while let Some(x) = stack.pop() {
            for y in graph.graph.neighbors_directed(x, direction) {
                if own.contains(&y) && seen.insert(y) {
                    stack.push(y);
                }
            }
        }
        seen
    };
    let after_start = reach(start, Direction::Outgoing);
    let before_end = reach(end, Direction::Incoming);
    let mut window: Vec<NodeIndex> = after_start.intersection(&before_end).copied().collect();
    window.sort_by_key(|x| graph.position(*x));
    window
}

fn minutes(m: u32) -> String {
    if m >= 60 && m.is_multiple_of(60) {
        format!("{}h", m / 60)
    } else if m >= 60 {
        format!("{}h{:02}m", m / 60, m % 60)
    } else {
        format!("{m}m")
    }
}

fn build(report: &Report<'_>, groups: &[NumberGroup]) -> Drawing {
    let evaluation = report.evaluation();
    let graph = &evaluation.graph;
    let mut nodes: Vec<DrawnNode> = Vec::new();
    let mut clusters = Vec::new();
    let mut edges = Vec::new();
    let mut drawn: HashMap<NodeIndex, usize> = HashMap::new();
    let mut critical_edges: HashSet<(NodeIndex, NodeIndex)> = HashSet::new();
    let mut critical_nodes: HashSet<NodeIndex> = HashSet::new();
    for g in groups {
        let path = &evaluation.numbers[g.representative()].critical_path;
        critical_nodes.extend(path.iter().copied());
        critical_edges.extend(path.windows(2).map(|w| (w[0], w[1])));
    }
    let mut draw = |x: NodeIndex, extra: Vec<String>, nodes: &mut Vec<DrawnNode>| {
        let status = evaluation.status[x.index()];
        let w = &graph.graph[x];
        let held = crate::eval::schedule::held_until(graph, &evaluation.status, x, evaluation.at);
        let mut lines = vec![
            graph.title(x).to_string(),
            match held {
                Some(t) => format!("{} · held until {}", w.owner, local(t, report.zone())),
                None => format!("{} · {}", w.owner, status_words(status)),
            },
        ];
        lines.extend(extra);
        let k = nodes.len();
        nodes.push(DrawnNode {
            id: format!("n{k}"),
            lines,
            look: Some(if held.is_some() {
                Look::Held
            } else {
                Look::Status(status)
            }),
            critical: critical_nodes.contains(&x),
            cycle: false,
        });
        drawn.insert(x, k);
        k
    };

    let fleet = graph.in_order(&graph.fleet);
    let fleet_nodes = fleet
        .iter()
        .map(|&x| draw(x, Vec::new(), &mut nodes))
        .collect();
    clusters.push(Cluster {
        id: "fleet".to_string(),
        label: vec!["Fleet steps, shared by every number".to_string()],
        nodes: fleet_nodes,
        downtime: None,
    });
    let mut drawn_numbers = Vec::new();
    for (i, g) in groups.iter().enumerate() {
        let n = g.representative();
        drawn_numbers.push(n);
        let e = &evaluation.numbers[n];
        let number = &graph.plan.numbers[n];
        let window: HashSet<NodeIndex> = downtime_window(evaluation, n).into_iter().collect();
        let own = graph.in_order(&graph.numbers[n].nodes);
        let mut members = Vec::new();
        let mut down = Vec::new();
        for &x in &own {
            let mut extra = Vec::new();
            if e.downtime.starts_with == Some(x) && !window.is_empty() {
                extra.push("downtime starts when done".to_string());
            }
            if e.downtime.ends_with == Some(x) && !window.is_empty() {
                extra.push("downtime ends when done".to_string());
            }
            if e.handover == Some(x) {
                extra.push("billing hand-over".to_string());
            }
            let k = draw(x, extra, &mut nodes);
            if window.contains(&x) {
                down.push(k);
            } else {
                members.push(k);
            }
        }
        // The partner is named only when the whole group shares it.
        let partner = number.source.partner().filter(|p| {
            g.numbers
                .iter()
                .all(|&m| graph.plan.numbers[m].source.partner() == Some(p))
        });
        let source = match partner {
            Some(partner) => format!("{} ({partner})", g.source),
            None => g.source.to_string(),
        };
        let d = &e.downtime;
        clusters.push(Cluster {
            id: format!("g{i}"),
            label: vec![
                group_title(report, g),
                format!("{source} · {}", state_words(g.state)),
            ],
            nodes: members,
            downtime: (!down.is_empty()).then(|| {
                (
                    format!(
                        "downtime: expected {} ({}..{})",
                        minutes(d.expected_minutes),
                        minutes(d.min_minutes),
                        minutes(d.max_minutes)
                    ),
                    down,
                )
            }),
        });
    }
    // Edges in the order of their targets, then sources: deterministic.
    let mut targets: Vec<(&NodeIndex, &usize)> = drawn.iter().collect();
    targets.sort_by_key(|(_, k)| **k);
    for (&to, &k_to) in targets {
        let mut from: Vec<(usize, NodeIndex)> = graph
            .graph
            .neighbors_directed(to, Direction::Incoming)
            .filter_map(|x| drawn.get(&x).map(|&k| (k, x)))
            .collect();
        from.sort_unstable();
        for (k_from, x) in from {
            edges.push((k_from, k_to, critical_edges.contains(&(x, to))));
        }
    }
    let plan = &graph.plan;
    let mut title = vec![plan.name.clone()];
    title.push(format!(
        "{} / {} · evaluated {}",
        plan.destination.region,
        plan.destination.org,
        local(evaluation.at, plan.destination.time_zone)
    ));
    let shown: usize = groups.iter().map(|g| g.numbers.len()).sum();
    if groups.len() < shown {
        title.push(format!(
            "{shown} numbers in {} groups (same source, state and step statuses)",
            groups.len()
        ));
    }
    Drawing {
        title,
        nodes,
        clusters,
        edges,
        cycle_edges: HashSet::new(),
        sketch: false,
    }
}

/// The drawing of a plan with dependency cycles: every step, no status, the cycles in red. Only
/// the fleet steps and the numbers with a step on a cycle are drawn (a cycle through a
/// fleet-wide custom step with `numbers: all` would otherwise repeat in every number).
fn build_sketch(sketch: &Sketch) -> Drawing {
    let graph = &sketch.graph;
    let on_cycle: HashSet<NodeIndex> = sketch
        .cycle_edges
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .collect();
    let mut nodes: Vec<DrawnNode> = Vec::new();
    let mut drawn: HashMap<NodeIndex, usize> = HashMap::new();
    let mut draw = |x: NodeIndex, nodes: &mut Vec<DrawnNode>| {
        let cycle = on_cycle.contains(&x);
        let mut lines = vec![
            graph.title(x).to_string(),
            format!("{} · {}", graph.graph[x].owner, graph.id(x)),
        ];
        if cycle {
            lines.push("on a dependency cycle".to_string());
        }
        // Whether a step applies is known from the plan alone; the rest needs an evaluation.
        let applicable = graph.graph[x].applicable;
        if !applicable {
            lines.push(status_words(StepStatus::NotApplicable).to_string());
        }
        let k = nodes.len();
        nodes.push(DrawnNode {
            id: format!("n{k}"),
            lines,
            look: (!applicable).then_some(Look::Status(StepStatus::NotApplicable)),
            critical: false,
            cycle,
        });
        drawn.insert(x, k);
        k
    };
    let mut clusters = vec![Cluster {
        id: "fleet".to_string(),
        label: vec!["Fleet steps, shared by every number".to_string()],
        nodes: graph
            .in_order(&graph.fleet)
            .into_iter()
            .map(|x| draw(x, &mut nodes))
            .collect(),
        downtime: None,
    }];
    let mut left_out = 0;
    for (n, own) in graph.numbers.iter().enumerate() {
        if !own.nodes.iter().any(|x| on_cycle.contains(x)) {
            left_out += 1;
            continue;
        }
        let number = &graph.plan.numbers[n];
        clusters.push(Cluster {
            id: format!("g{}", clusters.len() - 1),
            label: vec![
                number.e164.as_str().to_string(),
                number.source.kind().as_str().to_string(),
            ],
            nodes: graph
                .in_order(&own.nodes)
                .into_iter()
                .map(|x| draw(x, &mut nodes))
                .collect(),
            downtime: None,
        });
    }
    let mut edges = Vec::new();
    let mut cycle_edges = HashSet::new();
    let mut targets: Vec<(&NodeIndex, &usize)> = drawn.iter().collect();
    targets.sort_by_key(|(_, k)| **k);
    for (&to, &k_to) in targets {
        let mut from: Vec<(usize, NodeIndex)> = graph
            .graph
            .neighbors_directed(to, Direction::Incoming)
            .filter_map(|x| drawn.get(&x).map(|&k| (k, x)))
            .collect();
        from.sort_unstable();
        for (k_from, x) in from {
            edges.push((k_from, k_to, false));
            if sketch.cycle_edges.contains(&(x, to)) {
                cycle_edges.insert((k_from, k_to));
            }
        }
    }
    let plan = &graph.plan;
    let mut title = vec![
        plan.name.clone(),
        format!(
            "INVALID PLAN: dependency cycle (in red) · {} / {} · steps not evaluated; `wamigrate check` says where to break it",
            plan.destination.region, plan.destination.org
        ),
    ];
    if left_out > 0 {
        title.push(format!(
            "{left_out} of {} numbers have no step on a cycle and are left out",
            graph.numbers.len()
        ));
    }
    Drawing {
        title,
        nodes,
        clusters,
        edges,
        cycle_edges,
        sketch: true,
    }
}

/// Renders the graph of a plan whose only errors are dependency cycles, cycles marked.
pub fn render_sketch(sketch: &Sketch, format: GraphFormat, w: &mut dyn Write) -> io::Result<()> {
    let drawing = build_sketch(sketch);
    match format {
        GraphFormat::Dot => render_dot(&drawing, w),
        GraphFormat::Mermaid => render_mermaid(&drawing, w),
    }
}

/// Red of a dependency cycle.
const CYCLE_RED: &str = "#d50000";

/// The most characters a line of a label shows; a longer one is cut with `…`. Graphviz refuses
/// a quoted string over 16 KiB, and a plan may give a step a title of any length; a drawing
/// needs no more than a line's worth of it.
pub const LABEL_LINE_CHARS: usize = 200;

/// `line` cut to [`LABEL_LINE_CHARS`] characters, the last of them `…`, if it is longer.
fn clip(line: &str) -> std::borrow::Cow<'_, str> {
    match line.char_indices().nth(LABEL_LINE_CHARS) {
        None => std::borrow::Cow::Borrowed(line),
        Some(_) => {
            let keep = line
                .char_indices()
                .nth(LABEL_LINE_CHARS - 1)
                .map_or(line.len(), |(at, _)| at);
            std::borrow::Cow::Owned(format!("{}…", &line[..keep]))
        }
    }
}

/// Quotes a DOT string: the one helper every DOT label and name goes through. Each line is cut
/// to [`LABEL_LINE_CHARS`].
#[must_use]
pub fn dot_quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(4 * LABEL_LINE_CHARS) + 2);
    out.push('"');
    let clipped: Vec<std::borrow::Cow<'_, str>> = text.split('\n').map(clip).collect();
    for c in clipped.join("\n").chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Quotes a Mermaid label: the one helper every Mermaid label goes through. Characters that
/// Mermaid or the HTML it renders would read as syntax become entity codes (`#34;`); everything
/// else, non-ASCII included, is kept. Each line is cut to [`LABEL_LINE_CHARS`].
#[must_use]
pub fn mermaid_label(lines: &[String]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br/>");
        }
        for c in clip(line).chars() {
            match c {
                '"' | '#' | '<' | '>' | '&' | '[' | ']' | '(' | ')' | '{' | '}' | '|' | '`'
                | ';' => {
                    out.push('#');
                    out.push_str(&u32::from(c).to_string());
                    out.push(';');
                }
                '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

/// Renders the graph of `report` in `format`; numbers that read the same are drawn once when
/// `group` is set.
pub fn render(
    report: &Report<'_>,
    format: GraphFormat,
    group: bool,
    w: &mut dyn Write,
) -> io::Result<()> {
    let groups = number_groups(report, group);
    let drawing = build(report, &groups);
    match format {
        GraphFormat::Dot => render_dot(&drawing, w),
        GraphFormat::Mermaid => render_mermaid(&drawing, w),
    }
}

fn dot_node(w: &mut dyn Write, node: &DrawnNode, indent: &str) -> io::Result<()> {
    let (fill, border) = node.look.map_or(("#ffffff", "#9e9e9e"), Look::colours);
    let style = if node.look == Some(Look::Status(StepStatus::NotApplicable)) {
        "rounded,filled,dashed"
    } else {
        "rounded,filled"
    };
    let (fill, border, width) = if node.cycle {
        ("#ffebee", CYCLE_RED, "3")
    } else if node.critical {
        (fill, "#b71c1c", "3")
    } else {
        (fill, border, "1")
    };
    writeln!(
        w,
        "{indent}{} [label={}, style={}, fillcolor={}, color={}, penwidth={width}];",
        node.id,
        dot_quote(&node.lines.join("\n")),
        dot_quote(style),
        dot_quote(fill),
        dot_quote(border),
    )
}

fn render_dot(d: &Drawing, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "digraph wamigrate {{")?;
    writeln!(
        w,
        "  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", fontsize=14, label={}];",
        dot_quote(&d.title.join("\n"))
    )?;
    writeln!(
        w,
        "  node [shape=box, fontname=\"Helvetica\", fontsize=10, style=\"rounded,filled\"];"
    )?;
    writeln!(w, "  edge [color=\"#757575\"];")?;
    for c in &d.clusters {
        writeln!(
            w,
            "  subgraph {} {{",
            dot_quote(&format!("cluster_{}", c.id))
        )?;
        writeln!(
            w,
            "    label={}; style=\"rounded\"; color=\"#607d8b\"; fontsize=12;",
            dot_quote(&c.label.join("\n"))
        )?;
        for &k in &c.nodes {
            dot_node(w, &d.nodes[k], "    ")?;
        }
        if let Some((label, down)) = &c.downtime {
            writeln!(
                w,
                "    subgraph {} {{",
                dot_quote(&format!("cluster_{}_downtime", c.id))
            )?;
            writeln!(
                w,
                "      label={}; style=\"dashed,filled\"; fillcolor=\"#fff3f3\"; color=\"#c62828\"; fontcolor=\"#c62828\";",
                dot_quote(label)
            )?;
            for &k in down {
                dot_node(w, &d.nodes[k], "      ")?;
            }
            writeln!(w, "    }}")?;
        }
        writeln!(w, "  }}")?;
    }
    for &(a, b, critical) in &d.edges {
        if d.cycle_edges.contains(&(a, b)) {
            writeln!(
                w,
                "  {} -> {} [color={}, penwidth=3, label=\"cycle\", fontcolor={}];",
                d.nodes[a].id,
                d.nodes[b].id,
                dot_quote(CYCLE_RED),
                dot_quote(CYCLE_RED)
            )?;
        } else if critical {
            writeln!(
                w,
                "  {} -> {} [color=\"#b71c1c\", penwidth=3];",
                d.nodes[a].id, d.nodes[b].id
            )?;
        } else {
            writeln!(w, "  {} -> {};", d.nodes[a].id, d.nodes[b].id)?;
        }
    }
    if d.sketch {
        return writeln!(w, "}}");
    }
    // A legend, so a printed graph explains its colours.
    writeln!(w, "  subgraph \"cluster_legend\" {{")?;
    writeln!(
        w,
        "    label=\"Legend (bold red border and arrows: critical path)\"; style=\"rounded\"; color=\"#9e9e9e\"; fontsize=10;"
    )?;
    for (i, look) in LOOKS.into_iter().enumerate() {
        let (fill, border) = look.colours();
        writeln!(
            w,
            "    legend{i} [label={}, fillcolor={}, color={}];",
            dot_quote(look.words()),
            dot_quote(fill),
            dot_quote(border)
        )?;
    }
    writeln!(w, "  }}")?;
    writeln!(w, "}}")
}

fn render_mermaid(d: &Drawing, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, "---")?;
    // The title goes in the front matter, where YAML quoting applies: a JSON string is valid YAML.
    writeln!(
        w,
        "title: {}",
        serde_json::to_string(
            &d.title
                .iter()
                .map(|t| clip(t))
                .collect::<Vec<_>>()
                .join(" · ")
        )
        .map_err(io::Error::from)?
    )?;
    writeln!(w, "---")?;
    writeln!(w, "flowchart LR")?;
    for look in LOOKS {
        let (class, (fill, border)) = (look.class(), look.colours());
        let dash = if look == Look::Status(StepStatus::NotApplicable) {
            ",stroke-dasharray:4 3"
        } else {
            ""
        };
        writeln!(
            w,
            "  classDef {class} fill:{fill},stroke:{border},color:#212121{dash}"
        )?;
    }
    if d.sketch {
        writeln!(
            w,
            "  classDef unevaluated fill:#ffffff,stroke:#9e9e9e,color:#212121"
        )?;
        writeln!(
            w,
            "  classDef cycle fill:#ffebee,stroke:{CYCLE_RED},stroke-width:3px,color:#212121"
        )?;
    }
    let node = |w: &mut dyn Write, n: &DrawnNode, indent: &str| {
        let class = match n.look {
            _ if n.cycle => "cycle",
            Some(look) => look.class(),
            None => "unevaluated",
        };
        writeln!(w, "{indent}{}[{}]:::{class}", n.id, mermaid_label(&n.lines))
    };
    for c in &d.clusters {
        writeln!(w, "  subgraph {}[{}]", c.id, mermaid_label(&c.label))?;
        writeln!(w, "    direction LR")?;
        for &k in &c.nodes {
            node(w, &d.nodes[k], "    ")?;
        }
        if let Some((label, down)) = &c.downtime {
            writeln!(
                w,
                "    subgraph {}_downtime[{}]",
                c.id,
                mermaid_label(std::slice::from_ref(label))
            )?;
            writeln!(w, "      direction LR")?;
            for &k in down {
                node(w, &d.nodes[k], "      ")?;
            }
            writeln!(w, "    end")?;
            writeln!(
                w,
                "    style {}_downtime fill:#fff3f3,stroke:#c62828,stroke-dasharray:5 5",
                c.id
            )?;
        }
        writeln!(w, "  end")?;
    }
    let mut critical_links = Vec::new();
    let mut cycle_links = Vec::new();
    for (i, &(a, b, critical)) in d.edges.iter().enumerate() {
        let arrow = if d.cycle_edges.contains(&(a, b)) {
            cycle_links.push(i.to_string());
            "==>|cycle|"
        } else if critical {
            critical_links.push(i.to_string());
            "==>"
        } else {
            "-->"
        };
        writeln!(w, "  {} {arrow} {}", d.nodes[a].id, d.nodes[b].id)?;
    }
    if !cycle_links.is_empty() {
        writeln!(
            w,
            "  linkStyle {} stroke:{CYCLE_RED},stroke-width:3px",
            cycle_links.join(",")
        )?;
    }
    if !critical_links.is_empty() {
        writeln!(
            w,
            "  linkStyle {} stroke:#b71c1c,stroke-width:3px",
            critical_links.join(",")
        )?;
    }
    for n in d.nodes.iter().filter(|n| n.critical) {
        writeln!(w, "  style {} stroke:#b71c1c,stroke-width:3px", n.id)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_quote_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(dot_quote("a \"b\" \\ c\nd"), r#""a \"b\" \\ c\nd""#);
        assert_eq!(dot_quote("Zürich ☕"), "\"Zürich ☕\"");
    }

    #[test]
    fn mermaid_label_escapes_syntax_and_keeps_non_ascii() {
        let label = mermaid_label(&["Say \"hi\" [end] <b>#1 & (x) {y} |z| ;".to_string()]);
        assert_eq!(
            label,
            "\"Say #34;hi#34; #91;end#93; #60;b#62;#35;1 #38; #40;x#41; #123;y#125; #124;z#124; #59;\""
        );
        assert_eq!(
            mermaid_label(&["Müller".to_string(), "Köln".to_string()]),
            "\"Müller<br/>Köln\""
        );
    }
}
