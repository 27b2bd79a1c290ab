//! `wamigrate completions`: a shell completion script, generated from the argument model.

use std::io;

use super::{Cli, Out};

/// Arguments of `completions`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell.
    pub shell: clap_complete::Shell,
}

/// Runs `completions`.
pub fn run(args: &Args, out: &mut Out) -> io::Result<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut <Cli as clap::CommandFactory>::command(),
        "wamigrate",
        &mut buffer,
    );
    out.data(&String::from_utf8_lossy(&buffer))?;
    Ok(0)
}
