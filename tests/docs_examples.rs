//! The examples in the documentation are real runs, and stay real.
//!
//! - Every ```` ```console ```` block in `docs/*.md` and `README.md` starts with
//!   `$ wamigrate ...`; the rest of the block is what that command prints (standard error, then
//!   standard output). The test runs the command and compares. A command that names `plan.yaml`
//!   runs in a scratch directory where `plan.yaml` holds the nearest ```` ```yaml ```` block above
//!   it; other commands run from the repository root (so `plans/fleet.yaml` works). A block whose
//!   last line is `...` is compared as a prefix.
//! - Every `wamigrate` command in the README's ```` ```sh ```` blocks and in `--help`'s examples
//!   runs and exits with a code that means "it worked" (0, or 3 for a blocked plan).
//!
//! After changing wording on purpose, `WAMIGRATE_BLESS=1 cargo test --test docs_examples`
//! rewrites the outputs in the docs; review the diff like a snapshot.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pages() -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = std::fs::read_dir(repo().join("docs"))
        .expect("docs/ exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.push(repo().join("README.md"));
    pages
}

/// Splits a command line the way a POSIX shell does for the simple cases the docs use: words,
/// single and double quotes, and a trailing `# comment`.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// One fenced block of a page.
struct Block {
    lang: String,
    /// Line index of the opening fence.
    start: usize,
    /// Line index of the closing fence.
    end: usize,
    body: Vec<String>,
}

fn blocks(lines: &[String]) -> Vec<Block> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(lang) = lines[i].strip_prefix("```")
            && !lang.is_empty()
        {
            let start = i;
            let mut body = Vec::new();
            i += 1;
            while i < lines.len() && lines[i] != "```" {
                body.push(lines[i].clone());
                i += 1;
            }
            out.push(Block {
                lang: lang.to_string(),
                start,
                end: i,
                body,
            });
        }
        i += 1;
    }
    out
}

fn normalise(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end().to_string()).collect();
    while lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    lines
}

/// Runs `wamigrate <args>` (in `dir`) and returns stderr then stdout, and the exit code.
fn run(args: &[String], dir: &Path) -> (String, i32) {
    let output = cargo_bin_cmd!("wamigrate")
        .current_dir(dir)
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .args(args)
        .output()
        .expect("wamigrate runs");
    let text = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    (text, output.status.code().unwrap_or(-1))
}

#[test]
fn console_examples_are_real_runs() {
    let bless = std::env::var("WAMIGRATE_BLESS").is_ok_and(|v| v == "1");
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs-examples");
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let mut failures = Vec::new();
    let mut checked = 0;
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a readable page");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut plan: Option<String> = None;
        let mut rewrites: Vec<(usize, usize, Vec<String>)> = Vec::new();
        for block in blocks(&lines) {
            if block.lang == "yaml" {
                plan = Some(block.body.join("\n") + "\n");
                continue;
            }
            if block.lang != "console" {
                continue;
            }
            let name = format!("{}:{}", page.display(), block.start + 1);
            let Some(command) = block.body.first().and_then(|l| l.strip_prefix("$ ")) else {
                failures.push(format!("{name}: a console block starts with `$ wamigrate`"));
                continue;
            };
            let words = split(command);
            assert_eq!(
                words.first().map(String::as_str),
                Some("wamigrate"),
                "{name}"
            );
            let args = &words[1..];
            let dir = if args.iter().any(|a| a == "plan.yaml") {
                let Some(plan) = &plan else {
                    failures.push(format!("{name}: `plan.yaml` with no yaml block above"));
                    continue;
                };
                std::fs::write(scratch.join("plan.yaml"), plan).expect("write plan.yaml");
                scratch.clone()
            } else {
                repo()
            };
            let (actual, _) = run(args, &dir);
            let actual = normalise(&actual);
            let expected: Vec<String> = block.body[1..].to_vec();
            let prefix = expected.last().is_some_and(|l| l == "...");
            let matches = if prefix {
                let head = &expected[..expected.len() - 1];
                actual.len() >= head.len() && actual[..head.len()] == *head
            } else {
                normalise(&expected.join("\n")) == actual
            };
            checked += 1;
            if matches {
                continue;
            }
            if bless {
                let mut body = vec![block.body[0].clone()];
                if prefix {
                    let keep = expected.len() - 1;
                    body.extend(actual.iter().take(keep).cloned());
                    body.push("...".into());
                } else {
                    body.extend(actual);
                }
                rewrites.push((block.start + 1, block.end, body));
            } else {
                failures.push(format!(
                    "{name}: `{command}` prints something else:\n--- documented\n{}\n--- actual\n{}",
                    expected.join("\n"),
                    actual.join("\n")
                ));
            }
        }
        if !rewrites.is_empty() {
            for (from, to, body) in rewrites.into_iter().rev() {
                lines.splice(from..to, body);
            }
            std::fs::write(&page, lines.join("\n") + "\n").expect("rewrite the page");
        }
    }
    assert!(checked > 10, "only {checked} console examples found");
    assert!(
        failures.is_empty(),
        "{}\n\nIf the new output is right, run `WAMIGRATE_BLESS=1 cargo test --test docs_examples` and review the diff.",
        failures.join("\n\n")
    );
}

/// A `wamigrate ...` command line worked: exit 0, or 3 (a valid plan with a blocked number).
fn works(words: &[String], context: &str) {
    let (output, code) = run(&words[1..], &repo());
    assert!(
        code == 0 || code == 3,
        "{context}: `{}` exits {code}:\n{output}",
        words.join(" ")
    );
}

#[test]
fn readme_commands_work() {
    let text = std::fs::read_to_string(repo().join("README.md")).expect("README");
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut ran = 0;
    for block in blocks(&lines).into_iter().filter(|b| b.lang == "sh") {
        for line in &block.body {
            let words = split(line);
            // Only wamigrate's own commands, and not ones that read stdin or write files.
            if words.first().map(String::as_str) != Some("wamigrate")
                || line.contains('|')
                || line.contains('>')
            {
                continue;
            }
            works(&words, "README");
            ran += 1;
        }
    }
    assert!(ran >= 3, "only {ran} README commands ran");
}

#[test]
fn help_examples_work() {
    let (help, code) = run(&["--help".to_string()], &repo());
    assert_eq!(code, 0);
    let examples: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Examples:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(examples.len() >= 3, "{help}");
    for example in examples {
        works(&split(example), "--help");
    }
}

#[test]
fn subcommand_help_examples_work() {
    // `check --help` and `dry-run --help`, the commands a newcomer and a CI gate start with, had
    // no example, and `-h` no exit code: each now ends with both, and its examples run.
    for command in ["check", "dry-run", "explain"] {
        for flag in ["-h", "--help"] {
            let (help, code) = run(&[command.to_string(), flag.to_string()], &repo());
            assert_eq!(code, 0, "{command} {flag}");
            assert!(
                help.contains("Exit"),
                "{command} {flag} gives no exit codes:\n{help}"
            );
            let examples: Vec<&str> = help
                .lines()
                .skip_while(|l| !l.starts_with("Examples:"))
                .skip(1)
                .take_while(|l| l.starts_with("  "))
                .collect();
            assert!(examples.len() >= 3, "{command} {flag}:\n{help}");
            for example in examples {
                // A remark in parentheses follows the command after a run of spaces.
                let example = example.split("   (").next().unwrap_or(example);
                if example.contains(['|', '<', '>']) {
                    continue;
                }
                works(&split(example), &format!("{command} {flag}"));
            }
        }
    }
}

#[test]
fn the_splitter_reads_quotes_and_comments() {
    assert_eq!(
        split("wamigrate dry-run plans/x.yaml --number '+44 20' --at \"a b\"  # note"),
        [
            "wamigrate",
            "dry-run",
            "plans/x.yaml",
            "--number",
            "+44 20",
            "--at",
            "a b"
        ]
    );
}

#[test]
fn the_journal_walkthrough_runs_in_order() {
    // docs/journal.md opened with `record` lines on `+14155550100`, the fictional number
    // `init` writes as a placeholder (a plan holding it is never ready), in no order a plan
    // could take: `save-integration` done before its verification, then failed after it. The
    // walkthrough now records one cutover on a copy of `plans/bsp.yaml`, and every line of it
    // works, in order.
    let page = std::fs::read_to_string(repo().join("docs/journal.md")).expect("docs/journal.md");
    let lines: Vec<String> = page.lines().map(str::to_string).collect();
    let walkthrough = blocks(&lines)
        .into_iter()
        .find(|b| b.lang == "sh")
        .expect("docs/journal.md opens with a sh block");
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("docs-journal-walkthrough");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("a scratch directory");
    let mut ran = 0;
    for line in &walkthrough.body {
        let words = split(line);
        match words.first().map(String::as_str) {
            Some("cp") => {
                let [_, from, to] = &words[..] else {
                    panic!("`{line}`: cp FROM TO");
                };
                std::fs::copy(repo().join(from), scratch.join(to)).expect("the plan is copied");
            }
            Some("wamigrate") => {
                let (output, code) = run(&words[1..], &scratch);
                assert_eq!(code, 0, "docs/journal.md: `{line}` exits {code}:\n{output}");
                assert!(
                    !output.contains("warning[placeholder-value]"),
                    "`{line}`:\n{output}"
                );
                ran += 1;
            }
            _ => panic!("docs/journal.md: `{line}` is neither cp nor wamigrate"),
        }
    }
    assert!(ran >= 5, "only {ran} commands ran");
    let journal = std::fs::read_to_string(scratch.join("plan.journal")).expect("a journal");
    assert_eq!(journal.lines().count(), 4, "{journal}");
}

#[test]
fn no_example_command_uses_the_placeholder_number() {
    // The examples of `--help`, `record --help`, `init --help`, the README and docs/journal.md
    // used `+1 415 555 0100`, the fictional number `init` writes as a placeholder (a plan that
    // holds it is never ready): a reader who copied an example into a real plan, or recorded
    // on it, copied the placeholder. Only the pages that describe the placeholder name it.
    let placeholder = |line: &str| {
        let digits: String = line
            .split_whitespace()
            .flat_map(|w| w.chars())
            .filter(char::is_ascii_digit)
            .collect();
        digits.contains("14155550100") || line.contains("415 555 0100")
    };
    let mut commands: Vec<(String, String)> = Vec::new();
    let (top, _) = run(&["--help".to_string()], &repo());
    let subcommands: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  "))
        // A description's continuation is indented further.
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect();
    assert!(subcommands.len() > 10, "{top}");
    let mut helps = vec![("--help".to_string(), top.clone())];
    for subcommand in &subcommands {
        let (help, code) = run(&[subcommand.clone(), "--help".to_string()], &repo());
        assert_eq!(code, 0, "{subcommand} --help");
        helps.push((format!("{subcommand} --help"), help));
    }
    for (place, help) in helps {
        for line in help.lines().filter(|l| l.contains("wamigrate ")) {
            commands.push((place.clone(), line.to_string()));
        }
    }
    for page in pages() {
        let text = std::fs::read_to_string(&page).expect("a readable page");
        for line in text.lines() {
            let command = line.trim_start().trim_start_matches("$ ");
            if command.starts_with("wamigrate ") {
                commands.push((page.display().to_string(), command.to_string()));
            }
        }
    }
    let found: Vec<String> = commands
        .iter()
        .filter(|(_, line)| placeholder(line))
        .map(|(place, line)| format!("{place}: {line}"))
        .collect();
    assert!(
        found.is_empty(),
        "examples on the placeholder number:\n{}",
        found.join("\n")
    );
}

#[test]
fn every_subcommand_help_has_an_example_and_its_exit_codes() {
    // `steps --help` had neither, `status --help` no example, `journal --help` and
    // `status --help` left out exit 2, and `generate`, `schema`, `completions` and `man` said
    // nothing of their exit codes.
    let (top, _) = run(&["--help".to_string()], &repo());
    let subcommands: Vec<&str> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.strip_prefix("  "))
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(subcommands.len() > 10, "{top}");
    let mut lacking = Vec::new();
    for subcommand in subcommands {
        let (help, code) = run(&[subcommand.to_string(), "--help".to_string()], &repo());
        assert_eq!(code, 0, "{subcommand} --help");
        // Read as one line: the help wraps anywhere.
        let help = help.split_whitespace().collect::<Vec<_>>().join(" ");
        if !help.contains(&format!("wamigrate {subcommand} ")) {
            lacking.push(format!("{subcommand}: no example"));
        }
        if !help.contains("Exit") {
            lacking.push(format!("{subcommand}: no exit codes"));
        }
        // Every subcommand that reads a command line can be used wrongly.
        let usage_errors = !matches!(subcommand, "schema" | "man");
        if usage_errors && !help.contains("2 usage error") && !help.contains("2 for a") {
            lacking.push(format!("{subcommand}: exit 2 not named"));
        }
    }
    assert!(lacking.is_empty(), "{}", lacking.join("\n"));
}
