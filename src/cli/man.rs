//! `wamigrate man`: one man page holding every subcommand with its options, generated from the
//! argument model so it cannot drift from `--help`.

use std::io;

use super::{Cli, Out};

/// The man page as roff.
pub fn page() -> io::Result<String> {
    let mut command = <Cli as clap::CommandFactory>::command();
    command.build();
    let man = clap_mangen::Man::new(command.clone());
    let mut roff: Vec<u8> = Vec::new();
    man.render_title(&mut roff)?;
    man.render_name_section(&mut roff)?;
    man.render_synopsis_section(&mut roff)?;
    man.render_description_section(&mut roff)?;
    man.render_options_section(&mut roff)?;
    roff.extend_from_slice(b".SH COMMANDS\n");
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = format!("wamigrate {}", sub.get_name());
        let sub_man = clap_mangen::Man::new(sub.clone().bin_name(name.clone()));
        let mut part: Vec<u8> = Vec::new();
        sub_man.render_synopsis_section(&mut part)?;
        sub_man.render_description_section(&mut part)?;
        if sub.get_arguments().any(|a| !a.is_hide_set()) {
            sub_man.render_options_section(&mut part)?;
        }
        let part = String::from_utf8_lossy(&part);
        roff.extend_from_slice(format!(".SS \"{name}\"\n").as_bytes());
        // clap_mangen leaves a subcommand's other names out; `--help` shows them.
        let aliases: Vec<String> = sub
            .get_visible_aliases()
            .map(|a| format!("wamigrate {a}"))
            .collect();
        if !aliases.is_empty() {
            roff.extend_from_slice(format!(".PP\nAlso: {}\n", aliases.join(", ")).as_bytes());
        }
        for line in part.lines() {
            // The subcommand's own section headings become paragraph labels inside its
            // subsection: one page, with every command in it.
            match line.strip_prefix(".SH ") {
                Some("SYNOPSIS" | "DESCRIPTION") => roff.extend_from_slice(b".PP\n"),
                Some(heading) => {
                    let title = heading.trim_matches('"');
                    roff.extend_from_slice(
                        format!(".PP\n\\fB{}:\\fR\n", capitalise(title)).as_bytes(),
                    );
                }
                None => {
                    roff.extend_from_slice(line.as_bytes());
                    roff.push(b'\n');
                }
            }
        }
    }
    man.render_extra_section(&mut roff)?;
    man.render_version_section(&mut roff)?;
    Ok(String::from_utf8_lossy(&roff).into_owned())
}

fn capitalise(heading: &str) -> String {
    let lower = heading.to_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Runs `man`.
pub fn run(out: &mut Out) -> io::Result<u8> {
    out.data(&page()?)?;
    Ok(0)
}
